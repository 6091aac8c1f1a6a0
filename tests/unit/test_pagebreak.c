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
	bool st[MAXB];
	pb_solve(f->b, f->n, st);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
