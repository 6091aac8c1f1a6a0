/* test_pagebreak.c — page breaking by cost (src/layout/pagebreak.c) on
 * synthetic flows: boxes with heights in points, no fonts and no document.
 * Each expectation was derived by hand from the costs in pagebreak.h (a
 * page ended by choice costs 10000 × (empty share)², one million more
 * under 40% full; 1e8 for a break after a kept box, 1e5 for one inside a
 * paragraph of four lines or fewer; a page before a forced break or the
 * end costs nothing). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pagebreak.h"

#define MAXB 64

/* A flow being built: boxes in a frame H high. */
typedef struct {
	pb_box b[MAXB];
	size_t n;
	double H;
	uint32_t paras;
} flow;

/* A paragraph of n lines of height lh, kept as the layout keeps one: its
 * first two lines together and its last two together. */
static void para(flow *f, size_t n, double lh)
{
	uint32_t id = ++f->paras;
	for (size_t l = 0; l < n; l++) {
		pb_box *e = &f->b[f->n++];
		*e = (pb_box){.h = lh, .H = f->H, .para = id, .nlines = (uint32_t)n};
		e->keep = (l == 0 && n > 1) || (n >= 3 && l == n - 2);
	}
}

static pb_box *box(flow *f, double h, bool keep)
{
	pb_box *e = &f->b[f->n++];
	*e = (pb_box){.h = h, .H = f->H, .keep = keep};
	return e;
}

/* The page starts, as box indices; returns how many. */
static size_t starts(const flow *f, size_t *out)
{
	bool st[MAXB], df[MAXB + 1];
	pb_solve(f->b, f->n, st, df);
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		if (st[i])
			out[k++] = i;
	return k;
}

/* Ten lines of 10 in a frame of 45: four lines a page, as filling each
 * page would do (nothing to weigh against a full page). */
static void test_full_pages(void **state)
{
	(void)state;
	flow f = {.H = 45};
	for (int i = 0; i < 10; i++)
		box(&f, 10, false);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 3);
	assert_int_equal(s[0], 0);
	assert_int_equal(s[1], 4);
	assert_int_equal(s[2], 8);
}

/* A paragraph of three lines, then one of four, in a frame of five lines:
 * filling the page splits the second two and two (1e5); ending the page
 * after the first (60% full: 10000 × 0.4² = 1600) keeps it whole. */
static void test_short_paragraph_whole(void **state)
{
	(void)state;
	flow f = {.H = 50};
	para(&f, 3, 10);
	para(&f, 4, 10);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 2);
	assert_int_equal(s[1], 3);
}

/* A longer paragraph may be split where its keeps allow: six lines after
 * three, frame of five: the page takes two of its lines (the first two
 * stay together, the last two too). */
static void test_long_paragraph_split(void **state)
{
	(void)state;
	flow f = {.H = 50};
	para(&f, 3, 10);
	para(&f, 6, 10);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 2);
	assert_int_equal(s[1], 5);
}

/* Thirteen lines of a paragraph, then a block of 75 that keeps with
 * nothing but cannot be split (one box), in a frame of 100. Filling the
 * first page leaves three lines (30%) before the block: a near-empty page
 * (1e6). Ending the first page earlier spreads the lines over two pages
 * each at least 40% full; the block starts the third. */
static void test_no_near_empty_page(void **state)
{
	(void)state;
	flow f = {.H = 100};
	para(&f, 13, 10);
	box(&f, 75, false);
	para(&f, 2, 10);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 3);
	assert_true(s[1] >= 4 && s[1] <= 9);
	assert_int_equal(s[2], 13);
	/* fills: s[1] lines, then 13 - s[1]: both at least 40% */
	assert_true(s[1] * 10 >= 40 && (13 - s[1]) * 10 >= 40);
	/* and balanced (the costs are convex): 6 or 7 lines on the first */
	assert_true(s[1] == 6 || s[1] == 7);
}

/* A heading keeps with what follows: it never ends a page while a page
 * can end elsewhere. Frame of 50: four lines, a heading, two lines. */
static void test_heading_not_last(void **state)
{
	(void)state;
	flow f = {.H = 50};
	for (int i = 0; i < 4; i++)
		box(&f, 10, false);
	box(&f, 10, true);
	box(&f, 10, false);
	box(&f, 10, false);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 2);
	assert_int_equal(s[1], 4);
}

/* A chain of kept boxes taller than the frame must break somewhere: it
 * does, at the place that fills the page. */
static void test_overlong_keep_chain(void **state)
{
	(void)state;
	flow f = {.H = 30};
	for (int i = 0; i < 7; i++)
		box(&f, 10, i < 6);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 3);
	assert_int_equal(s[1], 3);
	assert_int_equal(s[2], 6);
}

/* A forced break always starts a page and the page before it costs
 * nothing, however empty. A section start that may run on does so under
 * a page less than 40% full, but not on a page holding a no-join box (the
 * contents), and not when the page is fuller. */
static void test_forced_and_running_on(void **state)
{
	(void)state;
	size_t s[MAXB];
	flow f = {.H = 100};
	box(&f, 10, false);
	box(&f, 10, false)->forced = true;
	box(&f, 10, false);
	assert_int_equal(starts(&f, s), 2);
	assert_int_equal(s[1], 1);

	flow g = {.H = 100};
	box(&g, 30, false);
	pb_box *sec = box(&g, 10, true);
	sec->forced = sec->may_join = true;
	box(&g, 20, false);
	assert_int_equal(starts(&g, s), 1); /* 30% full: the section runs on */

	g.b[0].no_join = true;
	assert_int_equal(starts(&g, s), 2); /* the contents: it does not */
	assert_int_equal(s[1], 1);

	g.b[0].no_join = false;
	g.b[0].h = 50;
	assert_int_equal(starts(&g, s), 2); /* half full: a new page */
	assert_int_equal(s[1], 1);
}

/* Gaps are dropped at the top of a page, and a repeated header (top)
 * counts on the page that starts with its box. Frame of 40, rows of 10
 * with a header of 10 repeated on continuation pages: the first page takes
 * four rows, the others three. */
static void test_gap_and_repeat(void **state)
{
	(void)state;
	flow f = {.H = 40};
	for (int i = 0; i < 10; i++) {
		pb_box *e = box(&f, 10, false);
		e->top = i ? 10 : 0;
	}
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 3);
	assert_int_equal(s[1], 4);
	assert_int_equal(s[2], 7);

	flow g = {.H = 40};
	for (int i = 0; i < 5; i++)
		box(&g, 10, false)->gap = 5;
	/* 10, 15, 15 = 40; then 10, 15 */
	assert_int_equal(starts(&g, s), 2);
	assert_int_equal(s[1], 3);
}

/* Boxes already placed on the page (nobreak) stay on it: the plan starts
 * no page before them even when that would be cheaper. */
static void test_nobreak(void **state)
{
	(void)state;
	flow f = {.H = 50};
	para(&f, 3, 10);
	para(&f, 4, 10);
	f.b[3].nobreak = f.b[4].nobreak = true; /* two lines of the second placed */
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 2);
	assert_int_equal(s[1], 5);
}

/* A box taller than the frame gets a page of its own. */
static void test_tall_box(void **state)
{
	(void)state;
	flow f = {.H = 50};
	box(&f, 10, false);
	box(&f, 80, false);
	box(&f, 10, false);
	size_t s[MAXB];
	assert_int_equal(starts(&f, s), 3);
	assert_int_equal(s[1], 1);
	assert_int_equal(s[2], 2);
}

/* ---- Floats (figures, charts) weighed with the text ---------------- */

static pb_box *fig(flow *f, double h, uint32_t id)
{
	pb_box *e = box(f, h, false);
	e->flt = id;
	return e;
}

/* The pages as the plan makes them: the boxes in page order (a deferred
 * float moved to the top of the page after the text moved up past it),
 * each page's height, how many pages. */
typedef struct {
	size_t order[MAXB + 1];
	size_t norder;
	double fill[MAXB];
	size_t pages;
	size_t ndefer;
} pages;

static void make_pages(const flow *f, pages *p)
{
	bool st[MAXB], df[MAXB + 1];
	pb_solve(f->b, f->n, st, df);
	memset(p, 0, sizeof *p);
	/* the order: at each deferred start t, the float before t moves */
	size_t ord[MAXB + 1];
	bool head[MAXB + 1] = {false};
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		ord[n++] = i;
	for (size_t t = 1; t <= f->n; t++) {
		if (!df[t])
			continue;
		p->ndefer++;
		size_t l = t - 1;
		while (!f->b[l].flt)
			l--;
		size_t a = l;
		while (a > 0 && f->b[a - 1].flt == f->b[l].flt)
			a--;
		/* rotate ord[a .. l] past ord[l + 1 .. t) */
		size_t tmp[MAXB], nf = l + 1 - a, nt = t - (l + 1);
		memcpy(tmp, ord + a, nf * sizeof *tmp);
		memmove(ord + a, ord + l + 1, nt * sizeof *tmp);
		memcpy(ord + a + nt, tmp, nf * sizeof *tmp);
		head[a + nt] = true; /* box t follows it, unless t starts a page */
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = ord[k];
		bool brk = k == 0 || head[k] || st[i];
		if (brk)
			p->pages++;
		p->fill[p->pages - 1] += (brk ? 0 : f->b[i].gap) + f->b[i].h;
		p->order[p->norder++] = i;
	}
}

/* A float too tall for the room left, the text after it moved up (as a
 * greedy rule does) fills the page but leaves the float alone on the next,
 * 35% full, before a box that cannot join it: a near-empty page. The plan
 * keeps the float in place instead: 70%, then the float and the text
 * after it, 65%, then the box. */
static void test_float_no_near_empty(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 7; i++)
		box(&f, 10, false);
	fig(&f, 35, 1);
	for (int i = 0; i < 3; i++)
		box(&f, 10, false);
	box(&f, 80, false);
	pages p;
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 0);
	assert_int_equal(p.pages, 3);
	for (size_t i = 0; i + 1 < p.pages; i++)
		assert_true(p.fill[i] >= 40);
	assert_true(p.fill[0] > 69 && p.fill[0] < 71);
	assert_true(p.fill[1] > 64 && p.fill[1] < 66);
}

/* A float that does not fit before a section start: the text after it
 * moves up to fill the page (100%), and the float has the top of the
 * next page (before the forced break) — rather than a page 60% full. */
static void test_float_deferred(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 6; i++)
		box(&f, 10, false);
	fig(&f, 50, 1);
	for (int i = 0; i < 4; i++)
		box(&f, 10, false);
	box(&f, 10, false)->forced = true;
	pages p;
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 1);
	assert_int_equal(p.pages, 3);
	assert_true(p.fill[0] > 99);
	assert_int_equal(p.order[10], 6); /* the float heads page two */
	assert_true(p.fill[1] > 49 && p.fill[1] < 51);

	/* the same float with text after it that can join it: it stays
	 * put when the text would not fill the page it leaves much more */
	flow g = {.H = 100};
	for (int i = 0; i < 9; i++)
		box(&g, 10, false);
	fig(&g, 50, 1);
	box(&g, 30, false);
	box(&g, 10, false)->forced = true;
	make_pages(&g, &p);
	assert_int_equal(p.ndefer, 0);
}

/* A paragraph of four lines is never split by a float: 70 of text, a
 * float of 35, then four lines: two or three would fill the page before
 * the float, but the float would stand between a short paragraph's lines.
 * It stays in place. A paragraph of five lines may be split so (three
 * lines fill the page). */
static void test_float_short_paragraph(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 7; i++)
		box(&f, 10, false);
	fig(&f, 35, 1);
	para(&f, 4, 10);
	box(&f, 10, false)->forced = true;
	pages p;
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 0);
	assert_int_equal(p.order[7], 7); /* the float where it was */

	flow g = {.H = 100};
	for (int i = 0; i < 7; i++)
		box(&g, 10, false);
	fig(&g, 35, 1);
	para(&g, 5, 10);
	box(&g, 10, false)->forced = true;
	make_pages(&g, &p);
	assert_int_equal(p.ndefer, 1);
	assert_true(p.fill[0] > 99);
	assert_int_equal(p.order[10], 7); /* after three of its lines */

	/* even when the only other way leaves a near-empty page (and were
	 * its lines free to part, without the keeps a paragraph has): 30 of
	 * text, a float of 71, four lines of 20; two of them would fill the
	 * page to 70%, at the cost of the split alone */
	flow h = {.H = 100};
	for (int i = 0; i < 3; i++)
		box(&h, 10, false);
	fig(&h, 71, 1);
	para(&h, 4, 20);
	for (size_t i = 4; i < 8; i++)
		h.b[i].keep = false;
	box(&h, 10, false)->forced = true;
	make_pages(&h, &p);
	assert_int_equal(p.ndefer, 0);
	assert_int_equal(p.order[3], 3);
}

/* Floats keep their order: text never moves up past a second float, so a
 * small figure after a tall one does not overtake it to fill the page. */
static void test_float_order(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 6; i++)
		box(&f, 10, false);
	fig(&f, 50, 1);
	fig(&f, 30, 2);
	for (int i = 0; i < 3; i++)
		box(&f, 10, false);
	box(&f, 10, false)->forced = true;
	pages p;
	make_pages(&f, &p);
	size_t at1 = 99, at2 = 99;
	for (size_t k = 0; k < p.norder; k++) {
		if (p.order[k] == 6)
			at1 = k;
		if (p.order[k] == 7)
			at2 = k;
	}
	assert_true(at1 < at2);
	assert_int_equal(at1, 6); /* no text moved past the first */
	/* the page before stays 60% full: the second float does not come up
	 * ahead of the first to fill it */
	assert_true(p.fill[0] > 59 && p.fill[0] < 61);
}

/* What keeps with a float (a heading, a lead-in) goes with it: the float
 * is not deferred away from it. */
static void test_float_lead_in(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 5; i++)
		box(&f, 10, false);
	box(&f, 10, true); /* the heading */
	fig(&f, 50, 1);
	for (int i = 0; i < 4; i++)
		box(&f, 10, false);
	box(&f, 10, false)->forced = true;
	pages p;
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 0);
	assert_int_equal(p.order[5], 5);
	assert_int_equal(p.order[6], 6);
	assert_int_equal(p.pages, 3);
	assert_true(p.fill[1] > 99); /* heading, float, four lines */
}

/* A float stays in its section: no text moves up past it from beyond a
 * heading (barrier). The same flow as test_float_deferred, the lines
 * after the float under a heading: the float stays in place. */
static void test_float_section(void **state)
{
	(void)state;
	flow f = {.H = 100};
	for (int i = 0; i < 6; i++)
		box(&f, 10, false);
	fig(&f, 50, 1);
	pb_box *h = box(&f, 10, true);
	h->barrier = true;
	for (int i = 0; i < 3; i++)
		box(&f, 10, false);
	box(&f, 10, false)->forced = true;
	pages p;
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 0);
	assert_int_equal(p.order[6], 6);

	f.b[7].barrier = false; /* without the barrier, the text moves up */
	make_pages(&f, &p);
	assert_int_equal(p.ndefer, 1);
}

/* Many floats, each with a page of text after it: the work stays linear
 * in the boxes, and the same flow gives the same plan twice. */
static void test_float_many(void **state)
{
	(void)state;
	enum { N = 20000 };
	pb_box *b = calloc(N, sizeof *b);
	bool *st = calloc(N, sizeof *st), *df = calloc(N + 1, sizeof *df);
	bool *st2 = calloc(N, sizeof *st2), *df2 = calloc(N + 1, sizeof *df2);
	for (size_t i = 0; i < N; i++) {
		b[i] = (pb_box){.h = 10, .H = 700};
		if (i % 97 == 50) {
			b[i].h = 230;
			b[i].flt = (uint32_t)i;
		}
	}
	pb_solve(b, N, st, df);
	pb_solve(b, N, st2, df2);
	assert_memory_equal(st, st2, N);
	assert_memory_equal(df, df2, N + 1);
	free(b);
	free(st);
	free(df);
	free(st2);
	free(df2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_pages),
		cmocka_unit_test(test_short_paragraph_whole),
		cmocka_unit_test(test_long_paragraph_split),
		cmocka_unit_test(test_no_near_empty_page),
		cmocka_unit_test(test_heading_not_last),
		cmocka_unit_test(test_overlong_keep_chain),
		cmocka_unit_test(test_forced_and_running_on),
		cmocka_unit_test(test_gap_and_repeat),
		cmocka_unit_test(test_nobreak),
		cmocka_unit_test(test_tall_box),
		cmocka_unit_test(test_float_no_near_empty),
		cmocka_unit_test(test_float_deferred),
		cmocka_unit_test(test_float_short_paragraph),
		cmocka_unit_test(test_float_order),
		cmocka_unit_test(test_float_lead_in),
		cmocka_unit_test(test_float_section),
		cmocka_unit_test(test_float_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
