/* test_layout.c — invariants of the layout stage (layout.c, font.c):
 * measured widths equal libharu's, justified lines end flush, nothing is
 * wider than its measure, headings keep with what follows, no widows or
 * orphans, table headers repeat, the contents' numbers are final pages.
 * Run from the repository root (fonts/ is read). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "layout.h"
#include "layout_imp.h"
#include "fixture.h"
#include "load.h"

typedef layfx fx;


static doc *setup_doc(void)
{
	doc *d = layfx_doc((page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false, SEC_START_AUTO, false});
	d->header = (running){"{title}", NULL, "{section}"};
	d->footer = (running){NULL, NULL, "Page {page} of {pages}"};
	return d;
}

static int setup(void **state)
{
	*state = layfx_new(setup_doc());
	return 0;
}

static void run(fx *f)
{
	assert_int_equal(layfx_layout(f), 0);
}

static srcpos P0 = {"t", 1, 1};

/* deterministic filler text: words of varied length tagged with an id */
static char *words(doc *d, int id, int n, unsigned seed)
{
	static const char *const w[] = {"briefing", "delegation", "Congress", "of", "the", "criminal",
					"justice", "prevention", "and", "Kyoto", "Declaration", "rule",
					"law", "Việt", "Nguyễn", "international", "cooperation", "a"};
	buf b = {0};
	for (int i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf_printf(&b, "%sp%d%s", i ? " " : "", id, w[(seed >> 16) % 18]);
	}
	char *s = arena_strdup(d->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static double right_edge(const fx *f, size_t page)
{
	const page_setup *ps = &f->d->page;
	(void)page;
	return ps->width - ps->outside;
}

static void test_width_matches_libharu(void **state)
{
	fx *f = *state;
	f->d->kerning = false;
	f->fs = fontset_load(f->d, &f->dg);
	/* libharu 2.3.0 and HarfBuzz (kerning off) both give 85.356 pt */
	double w = font_width(f->fs, FONT_ID(FAM_HEADING, FACE_REGULAR), "Nguyễn Văn Kỳ",
			      strlen("Nguyễn Văn Kỳ"), 12);
	assert_float_equal(w, 85.356, 0.0005);
	assert_int_equal(font_kern(f->fs, FONT_ID(FAM_HEADING, FACE_REGULAR), 'A', 'V'), 0);
}

/* Kerned widths equal HarfBuzz's shaped widths (measured independently with
 * hb-shape, shared/LIBHARU.md Q3): 85.116 and 106.380 pt at 12 pt. */
static void test_width_kerned_like_harfbuzz(void **state)
{
	fx *f = *state;
	f->fs = fontset_load(f->d, &f->dg);
	int id = FONT_ID(FAM_HEADING, FACE_REGULAR);
	const char *vn = "Nguyễn Văn Kỳ", *av = "AVATAR Type WAVE";
	assert_float_equal(font_width(f->fs, id, vn, strlen(vn), 12), 85.116, 0.0005);
	assert_float_equal(font_width(f->fs, id, av, strlen(av), 12), 106.380, 0.0005);
	/* a pair that tightens, and none across a space */
	assert_true(font_kern(f->fs, id, 'A', 'V') < 0);
	assert_int_equal(font_kern(f->fs, id, 'A', ' '), 0);
	assert_int_equal(font_kern(f->fs, id, 'n', 'o'), 0);
}

/* The page a text item containing needle is on (1-based), or 0. */
static int page_with(const layout *L, const char *needle)
{
	for (size_t p = 0; p < L->npages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++) {
			const item *it = &L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->text && strstr(it->text, needle))
				return (int)p + 1;
		}
	return 0;
}

/* "[](#id)" is written out with the target's number and final page, also
 * when the target comes later; the reference is a link to it. */
static void test_cross_references(void **state)
{
	fx *f = *state;
	block *r = build_para(f->d, P0, ST_BODY, "See ", 0);
	span *sp = arena_array(f->d->a, 3, sizeof *sp);
	sp[0] = r->spans[0];
	sp[1] = (span){.text = "#fig:b", .len = 6, .link = "#fig:b", .autoref = true};
	sp[2] = (span){.text = " and ", .len = 5};
	r->spans = sp;
	r->nspans = 3;
	static image im = {.path = "x.png", .width = 144, .height = 144, .dpi = 72};
	block *a = doc_add(f->d, BLK_IMAGE, P0);
	a->image = &im;
	a->caption = "First";
	for (int i = 0; i < 3; i++) /* text enough to push the next figure on */
		build_para(f->d, P0, ST_BODY, words(f->d, 10 + i, 300, (unsigned)i + 3), 0);
	block *b = doc_add(f->d, BLK_IMAGE, P0);
	b->image = &im;
	b->caption = "Second";
	b->label = "fig:b";
	run(f);
	assert_non_null(f->L);
	int fig = page_with(f->L, "Figure 2. Second");
	assert_true(fig > 1);
	int where = page_with(f->L, "page\xc2\xa0");
	assert_int_equal(where, 1);
	/* the reference's words are set as separate pieces: join page 1's text */
	buf all = {0};
	for (size_t i = 0; i < f->L->pages[0].n; i++)
		if (f->L->pages[0].items[i].kind == IT_TEXT)
			buf_printf(&all, "%s ", f->L->pages[0].items[i].text);
	char flat[64];
	snprintf(flat, sizeof flat, "page\xc2\xa0%d", fig);
	assert_non_null(strstr(buf_cstr(&all), flat));
	assert_null(strstr(buf_cstr(&all), "page\xc2\xa0?"));
	buf_free(&all);
	/* a link from page 1 to the figure's page */
	bool linked = false;
	for (size_t i = 0; i < f->L->pages[0].n; i++)
		if (f->L->pages[0].items[i].kind == IT_LINK && f->L->pages[0].items[i].dest == fig - 1)
			linked = true;
	assert_true(linked);
}

/* The first text item on page 1 that reads t, or fail. */
static const item *text_item(const fx *f, const char *t)
{
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind == IT_TEXT && !strcmp(it->text, t))
			return it;
	}
	fail_msg("no text '%s' on page 1", t);
	return NULL;
}

/* Quote bars (2 pt rects) left of x that span baseline y. */
static int bars_at(const fx *f, double x, double y)
{
	int n = 0;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind == IT_RECT && fabs(it->w - 2) < 0.01 && it->x < x && it->y <= y && y <= it->y + it->h)
			n++;
	}
	return n;
}

/* Any block in any container: indented by 18 pt a level, a bar per block
 * quote beside every line, the marker of every item it opens on its first
 * baseline, ending 5 pt before the item's text. */
static void test_containers_drawn(void **state)
{
	fx *f = *state;
	const char *md = "> - - foo\n\n"
			 "> >     code\n\n"
			 "- > ## Heading\n\n"
			 "> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n"
			 "3. x\n4.\n";
	assert_true(load_markdown_text(f->d, &f->dg, md, P0));
	run(f);
	assert_non_null(f->L);
	double x0 = f->d->page.inside;
	const item *foo = text_item(f, "foo");
	assert_true(fabs(foo->x - (x0 + 54)) < 0.01);
	assert_int_equal(bars_at(f, foo->x, foo->y), 1);
	const item *b1 = text_item(f, "\xE2\x80\xA2"), *b2 = text_item(f, "\xE2\x80\x93");
	assert_true(fabs(b1->y - foo->y) < 0.01 && fabs(b2->y - foo->y) < 0.01);
	assert_true(fabs(b1->x + b1->w + 5 - (x0 + 36)) < 0.01);
	assert_true(fabs(b2->x + b2->w + 5 - (x0 + 54)) < 0.01);
	const item *code = text_item(f, "code");
	assert_true(fabs(code->x - (x0 + 36 + 6)) < 0.01);
	assert_int_equal(bars_at(f, code->x, code->y), 2);
	const item *h = text_item(f, "Heading");
	assert_true(fabs(h->x - (x0 + 36)) < 0.01);
	assert_int_equal(bars_at(f, h->x, h->y), 1);
	const item *cell = text_item(f, "1");
	assert_true(cell->x > x0 + 18);
	assert_int_equal(bars_at(f, cell->x, cell->y), 1);
	/* the empty item keeps its number, on a line below the previous */
	const item *m3 = text_item(f, "3."), *m4 = text_item(f, "4.");
	assert_true(m4->y < m3->y);
	assert_true(fabs(m4->x + m4->w + 5 - (x0 + 18)) < 0.01);
}

/* The bar of one block quote runs on through the space between its
 * paragraphs; two quotes have two bars. */
static void test_quote_bar_joins(void **state)
{
	fx *f = *state;
	assert_true(load_markdown_text(f->d, &f->dg, "> one\n>\n> two\n\n> three\n", P0));
	run(f);
	assert_non_null(f->L);
	const item *one = text_item(f, "one"), *two = text_item(f, "two"), *three = text_item(f, "three");
	const item *bone = NULL, *btwo = NULL, *bthree = NULL;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind != IT_RECT || fabs(it->w - 2) > 0.01)
			continue;
		if (it->y <= one->y && one->y <= it->y + it->h)
			bone = it;
		if (it->y <= two->y && two->y <= it->y + it->h)
			btwo = it;
		if (it->y <= three->y && three->y <= it->y + it->h)
			bthree = it;
	}
	assert_non_null(bone);
	assert_non_null(btwo);
	assert_non_null(bthree);
	assert_true(btwo->y + btwo->h >= bone->y - 0.01);       /* joined */
	assert_true(bthree->y + bthree->h < btwo->y - 1);      /* a new quote */
}

/* Lowest baseline of body text on a page (PDF y), or -1. */
static double lowest_text(const layout *L, size_t p)
{
	double low = -1;
	for (size_t i = 0; i < L->pages[p].n; i++) {
		const item *it = &L->pages[p].items[i];
		if (it->kind == IT_TEXT && it->size == 10.5 && (low < 0 || it->y < low))
			low = it->y;
	}
	return low;
}

/* A figure that does not fit in the room left goes to the top of the next
 * page, and the text after it moves up to fill the page: no gap larger
 * than the figure, figures in their order. */
static void test_figures_float(void **state)
{
	fx *f = *state;
	/* scaled to 60% of the text height: about 420 pt */
	static image big = {.path = "big.png", .width = 400, .height = 600, .dpi = 72};
	build_para(f->d, P0, ST_BODY, words(f->d, 1, 300, 11), 0); /* half of page 1 */
	block *a = doc_add(f->d, BLK_IMAGE, P0);
	a->image = &big;
	a->caption = "Tall";
	build_para(f->d, P0, ST_BODY, words(f->d, 2, 300, 12), 0);
	block *b = doc_add(f->d, BLK_IMAGE, P0);
	b->image = &big;
	b->caption = "Second";
	run(f);
	assert_non_null(f->L);
	int p1 = page_with(f->L, "Figure 1. Tall"), p2 = page_with(f->L, "Figure 2. Second");
	assert_int_equal(p1, 2);
	assert_true(p2 > p1); /* order kept */
	/* the page before the figure is filled with the text that follows it */
	assert_int_equal(page_with(f->L, "p2"), 1);
	double low = lowest_text(f->L, 0);
	const page_setup *ps = &f->d->page;
	assert_true(low > 0);
	assert_true(low - ps->bottom < 40); /* less than three lines left empty */
	/* the figure is the first thing on its page */
	const lpage *pg = &f->L->pages[p1 - 1];
	double top_img = -1, top_text = -1;
	for (size_t i = 0; i < pg->n; i++) {
		if (pg->items[i].kind == IT_IMAGE && top_img < 0)
			top_img = pg->items[i].y + pg->items[i].h;
		if (pg->items[i].kind == IT_TEXT && pg->items[i].size == 10.5 && pg->items[i].y > top_text)
			top_text = pg->items[i].y;
	}
	assert_true(top_img > top_text);
	assert_int_equal(f->L->underfull_pages, 0);
}

/* With nothing after it to fill the room, the figure still moves on and
 * leaves page 1 half empty: counted as an underfull page. */
static void test_underfull_counted(void **state)
{
	fx *f = *state;
	static image big = {.path = "big.png", .width = 400, .height = 600, .dpi = 72};
	build_para(f->d, P0, ST_BODY, words(f->d, 1, 300, 11), 0);
	block *a = doc_add(f->d, BLK_IMAGE, P0);
	a->image = &big;
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->L->npages, 2);
	assert_int_equal(f->L->underfull_pages, 1);
}

static void test_justified_lines_end_flush(void **state)
{
	fx *f = *state;
	build_para(f->d, P0, ST_BODY, words(f->d, 1, 400, 7), 0);
	run(f);
	assert_non_null(f->L);
	int lines = 0;
	for (size_t p = 0; p < f->L->npages; p++) {
		const lpage *pg = &f->L->pages[p];
		/* group body text by baseline */
		for (size_t i = 0; i < pg->n; i++) {
			const item *it = &pg->items[i];
			if (it->kind != IT_TEXT || it->size != 10.5)
				continue;
			double y = it->y, maxx = 0;
			bool first = true;
			for (size_t j = 0; j < pg->n; j++) {
				const item *o = &pg->items[j];
				if (o->kind == IT_TEXT && o->size == 10.5 && fabs(o->y - y) < 0.001) {
					if (j < i)
						first = false;
					if (o->x + o->w > maxx)
						maxx = o->x + o->w;
				}
			}
			if (!first)
				continue;
			lines++;
			assert_true(maxx <= right_edge(f, p) + 0.01);
			bool last_line = p + 1 == f->L->npages && y < 300 && maxx < right_edge(f, p) - 0.1;
			if (!last_line)
				assert_float_equal(maxx, right_edge(f, p), 0.1);
		}
	}
	assert_true(lines > 30);
	assert_int_equal(f->L->overfull_lines, 0);
}

/* The line breaker lets every line, the last one too, shrink its spaces
 * by up to a third; a last line that needs it must get it rather than run
 * into the margin. Paragraphs of about one line, some a little too long,
 * are where the line breaker prefers one shrunk line to two. */
static void test_last_lines_never_overfull(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 150; i++)
		build_para(f->d, P0, ST_BODY, words(f->d, i, 10 + i % 8, 1000u + (unsigned)i), 0);
	run(f);
	assert_non_null(f->L);
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->size == 10.5)
				assert_true(it->x + it->w <= right_edge(f, p) + 0.01);
		}
	assert_int_equal(f->L->overfull_lines, 0);
}

static void test_long_word_never_overfull(void **state)
{
	fx *f = *state;
	char *s = arena_alloc(f->d->a, 1200);
	strcpy(s, "See https://www.unodc.org/unodc/en/crimecongress/a/very/long/path/that/goes/on/and/on/for/ever.html and ");
	for (int i = 0; i < 300; i++)
		strcat(s, "x");
	strcat(s, " end.");
	build_para(f->d, P0, ST_BODY, s, 0);
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->L->overfull_lines, 0);
	assert_true(f->L->emergency_breaks >= 1);
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->size == 10.5)
				assert_true(it->x + it->w <= right_edge(f, p) + 0.01);
		}
}

/* many headings among paragraphs of varied length: each heading must have
 * body text below it on its own page */
static void test_headings_keep_with_next(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 60; i++) {
		build_heading(f->d, P0, arena_printf(f->d->a, "Heading %d", i), 2, true, false);
		build_para(f->d, P0, ST_BODY, words(f->d, i, 20 + (i * 37) % 90, (unsigned)i), 0);
	}
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->npages >= 5);
	int checked = 0;
	for (size_t m = 0; m < f->L->nmarks; m++) {
		const lmark *mk = &f->L->marks[m];
		const lpage *pg = &f->L->pages[mk->page];
		int below = 0;
		for (size_t i = 0; i < pg->n; i++)
			if (pg->items[i].kind == IT_TEXT && pg->items[i].size == 10.5 && pg->items[i].y < mk->y - 30 &&
			    pg->items[i].y > f->d->page.bottom)
				below++;
		assert_true(below > 0);
		checked++;
	}
	assert_int_equal(checked, 60);
}

/* paragraphs split across pages leave at least two lines on each side */
static void test_no_widows_or_orphans(void **state)
{
	fx *f = *state;
	for (int i = 0; i < 40; i++)
		build_para(f->d, P0, ST_BODY, words(f->d, i, 25 + (i * 53) % 120, (unsigned)i * 3), 0);
	run(f);
	assert_non_null(f->L);
	int split = 0;
	for (int id = 0; id < 40; id++) {
		char tag[16];
		snprintf(tag, sizeof tag, "p%d", id);
		size_t tl = strlen(tag);
		int pages_seen = 0;
		for (size_t p = 0; p < f->L->npages; p++) {
			double ys[200];
			int ny = 0;
			const lpage *pg = &f->L->pages[p];
			for (size_t i = 0; i < pg->n; i++) {
				const item *it = &pg->items[i];
				if (it->kind != IT_TEXT || strncmp(it->text, tag, tl) || (it->text[tl] >= '0' && it->text[tl] <= '9'))
					continue;
				bool seen = false;
				for (int k = 0; k < ny; k++)
					if (fabs(ys[k] - it->y) < 0.01)
						seen = true;
				if (!seen && ny < 200)
					ys[ny++] = it->y;
			}
			if (ny == 0)
				continue;
			pages_seen++;
			assert_true(ny >= 2 || ny == 0);
		}
		if (pages_seen > 1)
			split++;
	}
	assert_true(split >= 3); /* the test did exercise page breaks */
	/* and layout's own counts agree */
	assert_int_equal(f->L->widows, 0);
	assert_int_equal(f->L->orphans, 0);
	assert_int_equal(f->L->ragged_lines, 0);
	assert_true(f->L->lines > 200);
}

/* A cover, contents of two pages and 45 sections after them. */
static void toc_doc(fx *f)
{
	doc_add(f->d, BLK_COVER, P0);
	block *t = doc_add(f->d, BLK_TOC, (srcpos){"t", 3, 5});
	t->toc_title = "Contents";
	t->toc_depth = 2;
	for (int i = 0; i < 45; i++) {
		build_heading(f->d, P0, arena_printf(f->d->a, "Section %d", i), 1, true, true);
		build_para(f->d, P0, ST_BODY, words(f->d, i, 30 + (i % 7) * 120, (unsigned)i), 0);
	}
}

static void test_toc_numbers_are_final_pages(void **state)
{
	fx *f = *state;
	toc_doc(f);
	run(f);
	assert_non_null(f->L);
	/* the first pass knows no pages, the second prints them and finds
	 * the same pages: the fixed point */
	assert_int_equal(f->L->passes, 2);
	assert_int_equal(f->dg.warnings, 0);
	/* the contents spans more than one page: numbers shift by that */
	int tocpages = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		if (f->L->pages[p].section && !strcmp(f->L->pages[p].section, "Contents"))
			tocpages++;
	assert_true(tocpages >= 2);
	size_t m = 0;
	int nlinks = 0;
	for (size_t p = 1; p < f->L->npages && p <= (size_t)tocpages; p++) {
		const lpage *pg = &f->L->pages[p];
		for (size_t i = 0; i < pg->n; i++) {
			const item *it = &pg->items[i];
			if (it->kind != IT_LINK)
				continue;
			while (m < f->L->nmarks && !f->L->marks[m].in_toc)
				m++;
			assert_true(m < f->L->nmarks);
			assert_int_equal(it->dest, f->L->marks[m].page);
			/* the number printed on the entry's line */
			char want[16];
			snprintf(want, sizeof want, "%d", f->L->marks[m].page + 1);
			bool found = false;
			for (size_t j = 0; j < pg->n; j++)
				if (pg->items[j].kind == IT_TEXT && pg->items[j].y > it->y && pg->items[j].y < it->y + it->h &&
				    !strcmp(pg->items[j].text, want))
					found = true;
			assert_true(found);
			m++;
			nlinks++;
		}
	}
	assert_int_equal(nlinks, 45);
}

static void test_table_header_repeats(void **state)
{
	fx *f = *state;
	rawtable rt = {0};
	const char *keys[] = {"name", "n"};
	rt.keys = keys;
	rt.ncols = 2;
	rt.nrows = 150;
	rt.cells = arena_array(f->d->a, 300, sizeof(char *));
	for (int r = 0; r < 150; r++) {
		rt.cells[2 * r] = arena_printf(f->d->a, "Row %d", r);
		rt.cells[2 * r + 1] = arena_printf(f->d->a, "%d", r * 1000);
	}
	rt.pos = P0;
	column cols[2] = {{.key = "name", .label = "Name", .align = -1, .decimals = -1},
			  {.key = "n", .label = "Amount", .type = COL_INTEGER, .align = -1, .decimals = -1}};
	table_spec ts = {.cols = cols, .ncols = 2, .caption = "Long table", .pos = P0, .total = true,
			 .total_cols = (const char *[]){"n"}, .ntotal = 1};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	assert_string_equal(t->cells[2 * 149 + 1], "149,000");
	assert_string_equal(t->cells[2 * 150 + 1], "11,175,000");
	block *b = doc_add(f->d, BLK_TABLE, P0);
	b->table = t;
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->npages >= 3);
	for (size_t p = 0; p < f->L->npages; p++) {
		int head = 0, cont = 0;
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && !strcmp(it->text, "Amount"))
				head++;
			if (it->kind == IT_TEXT && strstr(it->text, "(continued)"))
				cont++;
		}
		assert_int_equal(head, 1);
		assert_int_equal(cont, p > 0 ? 1 : 0);
	}
}

/* a caption longer than a line: on every page, "(continued)" too, it
 * wraps inside the frame, and every page holds as many rows */
static void test_long_caption_continued(void **state)
{
	fx *f = *state;
	rawtable rt = {0};
	const char *keys[] = {"name"};
	rt.keys = keys;
	rt.ncols = 1;
	rt.nrows = 200;
	rt.cells = arena_array(f->d->a, 200, sizeof(char *));
	for (int r = 0; r < 200; r++)
		rt.cells[r] = arena_printf(f->d->a, "Row %d", r);
	rt.pos = P0;
	table_spec ts = {.pos = P0,
			 .caption = "Delegations, venues, amounts, shares and dates of the first meeting of every "
				    "delegation registered for the congress, in the order of their registration"};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	block *b = doc_add(f->d, BLK_TABLE, P0);
	b->table = t;
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->npages >= 4);
	int per_page = -1;
	for (size_t p = 0; p < f->L->npages; p++) {
		int rows = 0, cont = 0;
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT)
				continue;
			assert_true(it->x + it->w <= right_edge(f, p) + 0.01);
			rows += !strncmp(it->text, "Row ", 4);
			cont += strstr(it->text, "(continued)") != NULL;
		}
		assert_int_equal(cont, p > 0);
		if (p == 0)
			per_page = rows;
		else if (p + 1 < f->L->npages)
			assert_int_equal(rows, per_page);
	}
}

static void test_grouped_table_subtotals(void **state)
{
	fx *f = *state;
	rawtable rt = {0};
	const char *keys[] = {"region", "country", "n"};
	const char *cells[] = {"Asia", "Japan", "433", "Asia", "Việt Nam", "37", "Europe", "Norway", "43",
			       "Europe", "Germany", "1436"};
	rt.keys = keys;
	rt.ncols = 3;
	rt.nrows = 4;
	rt.cells = cells;
	rt.pos = P0;
	column cols[2] = {{.key = "country", .align = -1, .decimals = -1},
			  {.key = "n", .type = COL_INTEGER, .align = -1, .decimals = -1}};
	table_spec ts = {.cols = cols, .ncols = 2, .pos = P0, .total = true, .group = "region", .subtotals = true,
			 .total_cols = (const char *[]){"n"}, .ntotal = 1};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	/* Asia, Japan, Việt Nam, Subtotal, Europe, Norway, Germany, Subtotal, Total */
	static const int kinds[] = {ROW_GROUP, ROW_BODY, ROW_BODY, ROW_SUBTOTAL, ROW_GROUP, ROW_BODY, ROW_BODY,
				    ROW_SUBTOTAL, ROW_TOTAL};
	assert_int_equal(t->nrows, 9);
	for (size_t r = 0; r < 9; r++)
		assert_int_equal(t->rowkind[r], kinds[r]);
	assert_string_equal(t->cells[0], "Asia");
	assert_string_equal(t->cells[3 * 2 + 1], "470");
	assert_string_equal(t->cells[7 * 2 + 1], "1,479");
	assert_string_equal(t->cells[8 * 2 + 1], "1,949");
	assert_string_equal(t->cells[8 * 2], "Total");
}

static table *simple_table(fx *f, size_t ncols, size_t nrows, const char *(*cell)(fx *, size_t, size_t))
{
	rawtable rt = {0};
	const char **keys = arena_array(f->d->a, ncols, sizeof(char *));
	for (size_t i = 0; i < ncols; i++)
		keys[i] = arena_printf(f->d->a, "c%zu", i);
	rt.keys = keys;
	rt.ncols = ncols;
	rt.nrows = nrows;
	rt.cells = arena_array(f->d->a, ncols * nrows, sizeof(char *));
	for (size_t r = 0; r < nrows; r++)
		for (size_t i = 0; i < ncols; i++)
			rt.cells[r * ncols + i] = cell(f, r, i);
	rt.pos = P0;
	table_spec ts = {.pos = P0};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	block *b = doc_add(f->d, BLK_TABLE, P0);
	b->table = t;
	return t;
}

static const char *tall_cell(fx *f, size_t r, size_t i)
{
	return i == 1 && r == 1 ? words(f->d, 77, 1500, 5) : arena_printf(f->d->a, "r%zu", r);
}

/* a cell taller than a page continues on the next pages, inside the frame */
static void test_tall_cell_splits(void **state)
{
	fx *f = *state;
	simple_table(f, 2, 3, tall_cell);
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->npages >= 3);
	int words_seen = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || it->size != 9)
				continue;
			assert_true(it->y >= f->d->page.bottom - 0.01);
			assert_true(it->y <= f->d->page.height - f->d->page.top + 0.01);
			if (!strncmp(it->text, "p77", 3))
				for (const char *q = it->text; (q = strstr(q, "p77")); q += 3)
					words_seen++;
		}
	assert_int_equal(words_seen, 1500);
}

static const char *wide_cell(fx *f, size_t r, size_t i)
{
	(void)r;
	return arena_printf(f->d->a, "Intergovernmental%zu", i);
}

/* a table wider than the frame is set smaller instead of overflowing,
 * and no word is cut: each is one piece of text */
static void test_wide_table_shrinks(void **state)
{
	fx *f = *state;
	simple_table(f, 6, 4, wide_cell);
	run(f);
	assert_non_null(f->L);
	bool smaller = false;
	int words = 0;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind == IT_TEXT && (!strncmp(it->text, "Inter", 5) || it->text[0] == 'c')) {
			assert_true(it->x + it->w <= right_edge(f, 0) + 0.01);
			smaller |= it->size < 9 && it->size >= 6;
			if (it->text[0] == 'I') {
				assert_int_equal(strlen(it->text), strlen("Intergovernmental0"));
				words++;
			}
		}
	}
	assert_true(smaller);
	assert_int_equal(words, 6 * 4);
	assert_int_equal(f->L->emergency_breaks, 0);
}

/* What the diag reported, from its records (fixture.h). */
static const char *log_of(fx *f, char *log, size_t n)
{
	return diag_records_text(&f->dg, log, n);
}

/* columns that do not fit even at 6 pt: an error at the table that names
 * the column and its widest value, not words cut in two */
static void test_too_wide_table_is_an_error(void **state)
{
	fx *f = *state;
	table *t = simple_table(f, 9, 4, wide_cell);
	t->cols[3].label = "Organisation";
	t->cells[2 * 9 + 3] = "Intergovernmentalorganisations";
	run(f);
	assert_null(f->L);
	char log[2048];
	const char *s = log_of(f, log, sizeof log);
	assert_non_null(strstr(s, "t:1:1: error: table: the columns do not fit across the page, even set at 6 pt"));
	assert_non_null(strstr(s, "column 'Organisation' needs"));
	assert_non_null(strstr(s, "'Intergovernmentalorganisations'"));
	assert_non_null(strstr(s, "fit: landscape"));
}

static const char *delegations_cell(fx *f, size_t r, size_t i)
{
	(void)f, (void)r, (void)i;
	return "Delegations";
}

/* columns that fit on one line only with less room around each cell get
 * less room (not below half) rather than wrapped cells */
static void test_tight_table_keeps_cells_on_one_line(void **state)
{
	fx *f = *state;
	const style *st = &f->d->styles[ST_TABLE];
	double W = f->d->page.width - f->d->page.inside - f->d->page.outside;
	fontset *fs = fontset_load(f->d, &f->dg);
	double cw = font_width(fs, FONT_ID(st->family, st->face), "Delegations", 11, st->size);
	fontset_free(fs);
	size_t n = 1;
	while ((cw + 12) * (double)n <= W)
		n++;
	assert_true((cw + 6) * (double)n <= W); /* the case this test is about */
	simple_table(f, n, 5, delegations_cell);
	run(f);
	assert_non_null(f->L);
	size_t cells = 0;
	double y = -1;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind != IT_TEXT || strcmp(it->text, "Delegations"))
			continue;
		if (cells % n == 0)
			y = it->y;
		assert_true(it->y == y); /* one line per row */
		assert_true(it->x + it->w <= right_edge(f, 0) + 0.01);
		cells++;
	}
	assert_int_equal(cells, 5 * n);
	assert_int_equal(f->L->emergency_breaks, 0);
}

/* numbers whose widest values come last (after thousands of narrower
 * ones), and a total wider still: every one set whole, on one line, and
 * the same number of rows on every page but the last */
static const char *growing_cell(fx *f, size_t r, size_t i)
{
	if (i == 0)
		return arena_printf(f->d->a, "%zu", r + 1);
	if (i == 1)
		return arena_printf(f->d->a, "%zu.%02zu", r < 2900 ? r % 1000 : r * 3331, r % 100);
	return r % 2 ? "Geneva" : "Kyoto";
}

/* Exhibits alike: a text column of figures is right-aligned as numeric
 * columns are, and a source column with one citation on every row is
 * folded into the source line under the table. */
static void test_exhibits_alike(void **state)
{
	fx *f = *state;
	rawtable rt = {0};
	const char *keys[] = {"figure", "value", "source"};
	const char *cells[] = {"Member States", "152", "Same press release",
			       "Duration", "6 days", "Same press release",
			       "Organisations", "37", "Same press release"};
	rt.keys = keys;
	rt.ncols = 3;
	rt.nrows = 3;
	rt.cells = cells;
	rt.pos = P0;
	column cols[3] = {{.key = "figure", .label = "Figure", .align = -1, .decimals = -1},
			  {.key = "value", .label = "Value", .align = -1, .decimals = -1},
			  {.key = "source", .label = "Source", .align = -1, .decimals = -1}};
	table_spec ts = {.cols = cols, .ncols = 3, .pos = P0};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	assert_int_equal(t->cols[1].align, ALIGN_LEFT); /* as loaded: a text column */
	block *b = doc_add(f->d, BLK_TABLE, P0);
	b->table = t;
	run(f);
	assert_non_null(f->L);
	double r152 = -1, r37 = -1, rdays = -1;
	int same = 0, source_line = 0;
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || !it->text)
			continue;
		if (!strcmp(it->text, "152"))
			r152 = it->x + it->w;
		if (!strcmp(it->text, "37"))
			r37 = it->x + it->w;
		if (strstr(it->text, "days"))
			rdays = it->x + it->w;
		if (strstr(it->text, "Same"))
			same++;
		if (strstr(it->text, "Source"))
			source_line++;
	}
	assert_true(r152 > 0 && r37 > 0 && rdays > 0);
	assert_true(fabs(r152 - r37) < 0.01 && fabs(r152 - rdays) < 0.01); /* right edges aligned */
	assert_int_equal(same, 1);        /* the citation once, not on each row */
	assert_int_equal(source_line, 1); /* in the source line, not as a column */
	assert_int_equal(t->ncols, 3);    /* the document's table is unchanged */
}

static void test_widest_values_last(void **state)
{
	fx *f = *state;
	enum { N = 3000 };
	rawtable rt = {0};
	const char *keys[] = {"id", "amount", "city"};
	rt.keys = keys;
	rt.ncols = 3;
	rt.nrows = N;
	rt.cells = arena_array(f->d->a, 3 * N, sizeof(char *));
	for (size_t r = 0; r < N; r++)
		for (size_t i = 0; i < 3; i++)
			rt.cells[r * 3 + i] = growing_cell(f, r, i);
	rt.pos = P0;
	column cols[3] = {{.key = "id", .label = "No.", .type = COL_INTEGER, .align = -1, .decimals = -1},
			  {.key = "amount", .label = "Amount", .type = COL_DECIMAL, .align = -1, .decimals = 2},
			  {.key = "city", .label = "City", .align = -1, .decimals = -1}};
	table_spec ts = {.cols = cols, .ncols = 3, .pos = P0, .total = true, .total_label = "Total",
			 .total_cols = (const char *[]){"amount"}, .ntotal = 1};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	/* narrow columns: squeeze the frame so that only whole numbers fit */
	f->d->page.inside = f->d->page.outside = 200;
	block *b = doc_add(f->d, BLK_TABLE, P0);
	b->table = t;
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->L->emergency_breaks, 0);
	size_t next = 0, per_page = 0;
	for (size_t p = 0; p < f->L->npages; p++) {
		size_t rows = 0;
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || it->size != 9 || it->x > f->d->page.inside + 60 ||
			    !strcmp(it->text, "No."))
				continue;
			if (next < N) { /* the first column, in order: each number whole */
				assert_string_equal(it->text, t->cells[next * 3]);
				next++, rows++;
			} else if (!strcmp(it->text, "Total")) {
				next++;
			}
		}
		if (p == 0)
			per_page = rows;
		else if (p + 1 < f->L->npages)
			assert_int_equal(rows, per_page);
	}
	assert_int_equal(next, N + 1);
	/* the amounts too, and the total, each one piece of text */
	size_t amounts = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && strchr(it->text, '.') && it->text[0] >= '0' && it->text[0] <= '9') {
				const char *want = t->cells[amounts * 3 + 1];
				assert_string_equal(it->text, want);
				amounts++;
			}
		}
	assert_int_equal(amounts, N + 1);
}

/* fit: landscape puts the table on pages turned sideways, text around it
 * stays on upright pages */
static void test_landscape_table(void **state)
{
	fx *f = *state;
	build_para(f->d, P0, ST_BODY, "Before.", 0);
	table *t = simple_table(f, 9, 40, wide_cell);
	t->landscape = true;
	build_para(f->d, P0, ST_BODY, "After.", 0);
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->npages >= 3);
	assert_false(f->L->pages[0].landscape);
	assert_false(f->L->pages[page_with(f->L, "After.") - 1].landscape);
	int land = 0;
	for (size_t p = 0; p < f->L->npages; p++) {
		if (!f->L->pages[p].landscape)
			continue;
		land++;
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT) {
				assert_true(it->x + it->w <= f->d->page.height - f->d->page.outside + 0.01);
				assert_true(it->y <= f->d->page.width);
			}
		}
	}
	assert_true(land >= 1);
}

static void md(fx *f, const char *fmt, ...);

/* The pages (1-based, lowest and highest) holding text items that contain
 * needle; 0 when none. */
static void pages_with(const layout *L, const char *needle, int *lo, int *hi)
{
	*lo = *hi = 0;
	for (size_t p = 0; p < L->npages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++) {
			const item *it = &L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->text && strstr(it->text, needle)) {
				if (!*lo)
					*lo = (int)p + 1;
				*hi = (int)p + 1;
			}
		}
}

/* A figure that floats to the next page never splits a paragraph of four
 * lines or fewer that follows it: over many lengths of the text before,
 * the short paragraph is on one page, and a paragraph continued under a
 * figure keeps the figure's space from it. */
static void test_float_keeps_short_paragraph(void **state)
{
	(void)state;
	int moved = 0;
	for (int n = 200; n < 480; n += 6) {
		void *st;
		setup(&st);
		fx *f = st;
		static image big = {.path = "big.png", .width = 400, .height = 600, .dpi = 72};
		build_para(f->d, P0, ST_BODY, words(f->d, 1, n, 11), 0);
		block *a = doc_add(f->d, BLK_IMAGE, P0);
		a->image = &big;
		a->caption = "Tall";
		build_para(f->d, P0, ST_BODY, words(f->d, 2, 30, 12), 0); /* 3 or 4 lines */
		build_para(f->d, P0, ST_BODY, words(f->d, 3, 400, 13), 0);
		run(f);
		assert_non_null(f->L);
		int lo, hi;
		pages_with(f->L, "p2", &lo, &hi);
		if (lo != hi) {
			fail_msg("%d words before: the short paragraph is on pages %d and %d", n, lo, hi);
		}
		if (lo < page_with(f->L, "Figure 1. Tall"))
			moved++;
		layfx_teardown(&st);
	}
	assert_true(moved >= 3); /* the paragraph did move up past the figure */
}

/* A lead-in (a paragraph ending with a colon before a list) is never the
 * last thing on a page: its last line goes with the list's first item. */
static void test_lead_in_stays_with_list(void **state)
{
	(void)state;
	int tested = 0;
	for (int n = 300; n < 700; n += 7) {
		void *st;
		setup(&st);
		fx *f = st;
		md(f, "%s\n\nqLEAD words of the lead in:\n\n- qITEM first item words\n- second item\n\n%s",
		   words(f->d, 1, n, 5), words(f->d, 2, 300, 6));
		run(f);
		assert_non_null(f->L);
		int l0, l1, i0, i1;
		pages_with(f->L, "qLEAD", &l0, &l1);
		pages_with(f->L, "qITEM", &i0, &i1);
		assert_true(l0 > 0 && i0 > 0);
		if (l1 != i0)
			fail_msg("%d words before: the lead-in is on page %d, its first item on %d", n, l1, i0);
		tested += l0 > 1;
		layfx_teardown(&st);
	}
	assert_true(tested > 3);
}

/* A table set on turned pages takes its heading along: the heading is on
 * the first turned page, not alone at the foot of an upright one; and the
 * text after the table fills the upright page before the turn. */
static void test_turned_page_takes_heading(void **state)
{
	fx *f = *state;
	build_para(f->d, P0, ST_BODY, words(f->d, 1, 120, 3), 0);
	build_heading(f->d, P0, "Turned heading", 2, true, false);
	table *t = simple_table(f, 9, 12, wide_cell);
	t->landscape = true;
	build_para(f->d, P0, ST_BODY, words(f->d, 2, 200, 4), 0);
	run(f);
	assert_non_null(f->L);
	int h = page_with(f->L, "Turned heading");
	assert_true(h > 0);
	assert_true(f->L->pages[h - 1].landscape);
	int after = page_with(f->L, "p2");
	assert_int_equal(after, 1); /* moved up before the turn */
	assert_false(f->L->pages[0].landscape);
}

/* Sections: in auto, a section after a page less than 40% full runs on
 * (no near-empty page), after a fuller page it starts a new one; with
 * new-page it always does. The quality counts say where a near-empty page
 * is: its page and the source line of its first block. */
static void test_section_start(void **state)
{
	(void)state;
	for (int mode = 0; mode < 2; mode++) {
		void *st;
		setup(&st);
		fx *f = st;
		f->d->page.section_start = mode ? SEC_START_NEW_PAGE : SEC_START_AUTO;
		build_heading(f->d, P0, "One", 1, true, true);
		build_para(f->d, P0, ST_BODY, words(f->d, 1, 560, 3), 0); /* a page and a few lines */
		build_heading(f->d, P0, "Two", 1, true, true);
		build_para(f->d, (srcpos){"t", 7, 1}, ST_BODY, words(f->d, 2, 60, 4), 0);
		run(f);
		assert_non_null(f->L);
		int lo, hi;
		pages_with(f->L, "p1", &lo, &hi);
		int two = page_with(f->L, "Two");
		assert_int_equal(hi, 2);
		assert_int_equal(two, mode ? 3 : 2);
		/* page 2 is near-empty only when the section starts a new page */
		assert_int_equal(f->L->near_empty_pages, mode ? 2 : 0);
		bool page2 = false;
		for (size_t i = 0; i < f->L->nspots; i++)
			if (f->L->spots[i].kind == Q_NEAR_EMPTY && f->L->spots[i].page == 1) {
				page2 = true;
				assert_true(f->L->spots[i].forced);
				assert_int_equal(f->L->spots[i].pos.line, 1);
			}
		assert_true(page2 == (mode == 1));
		layfx_teardown(&st);
	}
}

/* Duplex: the cover's back is blank, and with section-start: recto every
 * section starts on an odd page, a blank verso before it when needed,
 * marked when asked, with no running head. */
static void test_duplex_recto(void **state)
{
	fx *f = *state;
	f->d->page.duplex = true;
	f->d->page.section_start = SEC_START_RECTO;
	f->d->page.mark_blank = true;
	block *cv = doc_add(f->d, BLK_COVER, P0);
	(void)cv;
	build_heading(f->d, P0, "One", 1, true, true);
	build_para(f->d, P0, ST_BODY, words(f->d, 1, 100, 3), 0);
	build_heading(f->d, P0, "Two", 1, true, true);
	build_para(f->d, P0, ST_BODY, words(f->d, 2, 100, 4), 0);
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->pages[0].cover);
	assert_true(f->L->pages[1].blank);
	assert_int_equal(page_with(f->L, "One"), 3);
	assert_true(f->L->pages[3].blank);
	assert_int_equal(page_with(f->L, "Two"), 5);
	assert_int_equal(page_with(f->L, "intentionally left blank"), 2);
	assert_int_equal(f->L->npages, 5);
	/* a blank page carries nothing else: no running head or foot */
	for (size_t i = 0; i < f->L->pages[3].n; i++)
		if (f->L->pages[3].items[i].kind == IT_TEXT)
			assert_non_null(strstr(f->L->pages[3].items[i].text, "blank"));
}

/* A running title too long for the head is cut at a word's end, with an
 * ellipsis; a short-title is used as it is. */
static void test_running_title(void **state)
{
	(void)state;
	static const char *title = "Pre-meeting briefing on the delegation of the Ministry to the fourteenth "
				   "Congress on Crime Prevention and Criminal Justice held in Kyoto in March";
	for (int sh = 0; sh < 2; sh++) {
		void *st;
		setup(&st);
		fx *f = st;
		f->d->meta.title = title;
		f->d->meta.short_title = sh ? "Short running title" : NULL;
		build_heading(f->d, P0, "A rather long section title for the right side", 1, true, false);
		build_para(f->d, P0, ST_BODY, words(f->d, 1, 40, 3), 0);
		run(f);
		assert_non_null(f->L);
		const char *head = NULL;
		for (size_t i = 0; i < f->L->pages[0].n; i++) {
			const item *it = &f->L->pages[0].items[i];
			if (it->kind == IT_TEXT && (strstr(it->text, "Pre-meeting") || strstr(it->text, "Short")))
				head = it->text;
		}
		assert_non_null(head);
		if (sh) {
			assert_string_equal(head, "Short running title");
		} else {
			const char *e = strstr(head, "\xe2\x80\xa6");
			assert_non_null(e);
			size_t n = (size_t)(e - head);
			assert_true(n > 0 && !strncmp(head, title, n));
			assert_true(title[n] == ' '); /* a whole word before the ellipsis */
		}
		layfx_teardown(&st);
	}
}

static void test_missing_glyph_is_an_error(void **state)
{
	fx *f = *state;
	build_para(f->d, (srcpos){"a.md", 7, 3}, ST_BODY, "Kyoto 京都 Congress", 0);
	run(f);
	assert_null(f->L);
	char log[1024] = "";
	assert_non_null(strstr(log_of(f, log, sizeof log), "a.md:7:3: error: character U+4EAC"));
}

/* ---- footnotes ---- */

/* Markdown text with footnotes, as a layout's text part would give it. */
static void md(fx *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *t = NULL;
	assert_true(vasprintf(&t, fmt, ap) >= 0);
	va_end(ap);
	assert_true(load_markdown_text(f->d, &f->dg, t, P0));
	free(t);
}

/* Words broken at a hyphen in the laid-out pages that begin with stem. */
static int hyphenated(const fx *f, const char *stem)
{
	int n = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i + 1 < f->L->pages[p].n; i++) {
			const item *a = &f->L->pages[p].items[i], *b = &f->L->pages[p].items[i + 1];
			if (a->kind == IT_TEXT && b->kind == IT_TEXT && a->text && b->text &&
			    !strncmp(a->text, stem, strlen(stem)) && !strcmp(b->text, "-"))
				n++;
		}
	return n;
}

/* "[…]{.name}" keeps a name whole: the same long word, repeated, is
 * hyphenated somewhere when plain and nowhere when marked as a name. */
static void test_names_not_hyphenated(void **state)
{
	fx *f = *state;
	buf plain = {0}, named = {0};
	for (int i = 0; i < 160; i++) {
		buf_printf(&plain, "%s%s Representatives", i ? " " : "", i % 3 ? "of" : "and");
		buf_printf(&named, "%s%s [Representatives]{.name}", i ? " " : "", i % 3 ? "of" : "and");
	}
	md(f, "%s", buf_cstr(&plain));
	run(f);
	assert_non_null(f->L);
	int before = hyphenated(f, "Rep");
	layout_free(f->L);
	f->L = NULL;
	doc_free(f->d);
	fontset_free(f->fs);
	f->fs = NULL;
	f->d = setup_doc();
	md(f, "%s", buf_cstr(&named));
	run(f);
	assert_non_null(f->L);
	assert_true(before > 0);
	assert_int_equal(hyphenated(f, "Rep"), 0);
	buf_free(&plain);
	buf_free(&named);
}

/* Where the words starting with stem were broken at a hyphen: each
 * prefix once, "|"-separated, in *out; returns how many breaks. */
static int hyphen_prefixes(const fx *f, const char *stem, char *out, size_t n)
{
	int k = 0;
	out[0] = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i + 1 < f->L->pages[p].n; i++) {
			const item *a = &f->L->pages[p].items[i], *b = &f->L->pages[p].items[i + 1];
			if (a->kind == IT_TEXT && b->kind == IT_TEXT && a->text && b->text &&
			    !strncmp(a->text, stem, strlen(stem)) && !strcmp(b->text, "-")) {
				k++;
				char one[64];
				snprintf(one, sizeof one, "|%s|", a->text);
				if (!strstr(out, one))
					snprintf(out + strlen(out), n - strlen(out), "%s", one + (out[0] ? 1 : 0));
			}
		}
	return k;
}

/* A passage in another language ("[…]{lang=fr}"): its items carry the
 * language (none for a passage in the block's own), and its words are
 * hyphenated with that language's patterns — "éta-blis-se-ment" in French,
 * "étab-lisse-ment" in English. */
static void test_passage_language(void **state)
{
	fx *f = *state;
	buf fr = {0}, en = {0};
	for (int i = 0; i < 200; i++) {
		const char *lead = i % 3 ? "of the" : i % 2 ? "and" : "for an";
		buf_printf(&fr, "%s%s [établissement]{lang=fr} [in English]{lang=en-GB}", i ? " " : "", lead);
		buf_printf(&en, "%s%s établissement in English", i ? " " : "", lead);
	}
	md(f, "%s", buf_cstr(&fr));
	run(f);
	assert_non_null(f->L);
	/* fr; en-GB, which is not the block's "en"; and "en", the language
	 * the block's items are shaped in (item.shape_lang) */
	assert_int_equal(f->L->nlangs, 3);
	assert_string_equal(f->L->langs[0], "en");
	size_t marked = 0, plain = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || it->y > 780 || it->y < 60)
				continue; /* the running header and footer */
			const char *l = it->lang ? f->L->langs[it->lang - 1] : NULL;
			if (!strncmp(it->text, "éta", 4)) {
				assert_non_null(l);
				assert_string_equal(l, "fr");
				marked++;
			} else if (!strcmp(it->text, "of") || !strcmp(it->text, "and")) {
				assert_null(l);
				plain++;
			}
		}
	assert_true(marked >= 200 && plain > 100);
	char pf[256], pe[256];
	int nf = hyphen_prefixes(f, "éta", pf, sizeof pf);
	layout_free(f->L);
	f->L = NULL;
	doc_free(f->d);
	fontset_free(f->fs);
	f->fs = NULL;
	f->d = setup_doc();
	md(f, "%s", buf_cstr(&en));
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->L->nlangs, 1); /* the block's "en" only */
	int ne = hyphen_prefixes(f, "éta", pe, sizeof pe);
	/* French patterns: éta-, établis-, établisse-; English: étab-, établisse- */
	assert_true(nf > 0 && ne > 0);
	assert_null(strstr(pf, "étab|"));
	assert_true(strstr(pf, "éta|") || strstr(pf, "établis|"));
	assert_null(strstr(pe, "éta|"));
	assert_null(strstr(pe, "établis|"));
	buf_free(&fr);
	buf_free(&en);
}

/* The page holding a text item that starts with tag (-1: none); with more
 * than one, the first. */
static int page_of(const fx *f, const char *tag, double size)
{
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && strncmp(it->text, tag, strlen(tag)) == 0 &&
			    (size <= 0 || fabs(it->size - size) < 0.01))
				return (int)p;
		}
	return -1;
}

/* The page of footnote reference n: a raised, smaller number in the body. */
static int ref_page(const fx *f, int n)
{
	char num[16];
	snprintf(num, sizeof num, "%d", n);
	double size = f->d->styles[ST_BODY].size * 0.62;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && fabs(it->size - size) < 0.01 &&
			    (strcmp(it->text, num) == 0 || (it->text[0] == ',' && strcmp(it->text + 1, num) == 0)))
				return (int)p;
		}
	return -1;
}

/* Body lines end above the footnotes' rule, and the footnotes above the
 * bottom margin: nothing overlaps or leaves the frame. */
static void assert_notes_in_frame(const fx *f)
{
	const doc *d = f->d;
	const style *b = &d->styles[ST_BODY], *n = &d->styles[ST_FOOTNOTE];
	double b_below = b->leading - ((b->leading - b->size) / 2 + b->size * 0.8);
	double n_above = (n->leading - n->size) / 2 + n->size * 0.8, n_below = n->leading - n_above;
	double top = d->page.height - d->page.top, bottom = d->page.bottom;
	for (size_t p = 0; p < f->L->npages; p++) {
		double body_low = INFINITY, note_high = -INFINITY, note_low = INFINITY;
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || it->y > top || it->y < bottom - 20)
				continue; /* the running header and footer */
			if (fabs(it->size - b->size) < 0.01 && it->y < body_low)
				body_low = it->y;
			if (fabs(it->size - n->size) < 0.01) {
				if (it->y > note_high)
					note_high = it->y;
				if (it->y < note_low)
					note_low = it->y;
			}
		}
		if (note_high == -INFINITY)
			continue;
		assert_true(note_low - n_below >= bottom - 0.01);
		if (body_low < INFINITY)
			assert_true(body_low - b_below >= note_high + n_above + n->space_before - 0.01);
	}
}

static void test_footnote_on_reference_page(void **state)
{
	fx *f = *state;
	/* a short first page (as a contents page is): its foot is free, but
	 * no note is referenced there yet */
	build_para(f->d, P0, ST_BODY, words(f->d, 99, 20, 99), 0);
	doc_add(f->d, BLK_PAGEBREAK, P0);
	/* references at every height of the page, notes of one to four lines */
	for (int i = 0; i < 30; i++) {
		if (i % 3 == 1)
			md(f, "%s[^n%d] %s\n\n[^n%d]: fn%d %s", words(f->d, i, 20 + i * 7 % 50, (unsigned)i),
			   i, words(f->d, 100 + i, 30, 7), i, i, words(f->d, 200 + i, 5 + i * 13 % 60, (unsigned)i));
		else
			build_para(f->d, P0, ST_BODY, words(f->d, i, 30 + (i * 37) % 90, (unsigned)i * 5), 0);
	}
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->d->nnotes, 10);
	assert_int_equal(f->L->nnotes, 10);
	assert_true(f->L->npages >= 3);
	assert_notes_in_frame(f);
	for (int n = 1; n <= 10; n++) {
		char tag[16];
		snprintf(tag, sizeof tag, "fn%d ", 3 * (n - 1) + 1);
		int rp = ref_page(f, n);
		assert_true(rp >= 0);
		/* the note's first line is on the page of its reference */
		assert_int_equal(page_of(f, tag, f->d->styles[ST_FOOTNOTE].size), rp);
		assert_int_equal(f->L->notes[n - 1].ref_page, rp);
		assert_int_equal(f->L->notes[n - 1].first_page, rp);
	}
}

/* "w0 w1 … w(n-1)": a text whose every word can be found again. */
static void numbered_words(buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%sw%d", i ? " " : "", i);
}

static void test_long_footnote_splits(void **state)
{
	fx *f = *state;
	/* a note of some 40 lines, referenced low on the first page */
	buf note = {0};
	numbered_words(&note, 500);
	for (int i = 0; i < 5; i++)
		build_para(f->d, P0, ST_BODY, words(f->d, i, 90, (unsigned)i), 0);
	md(f, "%s[^long]\n\n[^long]: %s", words(f->d, 5, 60, 5), buf_cstr(&note));
	for (int i = 6; i < 12; i++)
		build_para(f->d, P0, ST_BODY, words(f->d, i, 90, (unsigned)i), 0);
	buf_free(&note);
	run(f);
	assert_non_null(f->L);
	const lnote *ln = &f->L->notes[0];
	assert_int_equal(ln->first_page, ln->ref_page);
	assert_true(ln->last_page > ln->first_page); /* it was split */
	/* every word of it is set once, in order, across the pages */
	int next = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || fabs(it->size - f->d->styles[ST_FOOTNOTE].size) > 0.01)
				continue;
			for (const char *s = it->text; (s = strchr(s, 'w')) != NULL; s++) {
				int k = atoi(s + 1);
				assert_int_equal(k, next);
				next++;
			}
		}
	assert_int_equal(next, 500);
	assert_notes_in_frame(f);
}

/* Wherever the reference falls, a split note leaves at least two of its
 * lines on each page (its first two by rule, its last two by choice). */
static void test_split_footnote_no_lone_line(void **state)
{
	(void)state;
	int splits = 0;
	for (int filler = 20; filler < 300; filler += 3) {
		int nwords = filler % 2 ? 110 : 300; /* a note of 3 lines, or of 8 */
		void *st;
		setup(&st);
		fx *f = st;
		buf note = {0};
		for (int i = 0; i < nwords; i++)
			buf_printf(&note, "%sw%d", i ? " " : "", i);
		for (int i = 0; i < 4; i++)
			build_para(f->d, P0, ST_BODY, words(f->d, i, 95, (unsigned)i), 0);
		md(f, "%s[^n]\n\n[^n]: %s", words(f->d, 9, filler, 9), buf_cstr(&note));
		for (int i = 10; i < 14; i++)
			build_para(f->d, P0, ST_BODY, words(f->d, i, 95, (unsigned)i), 0);
		buf_free(&note);
		run(f);
		assert_non_null(f->L);
		const lnote *ln = &f->L->notes[0];
		assert_int_equal(ln->first_page, ln->ref_page);
		if (ln->last_page > ln->first_page) {
			splits++;
			for (int p = ln->first_page; p <= ln->last_page; p++) {
				double ys[64];
				int ny = 0;
				const lpage *pg = &f->L->pages[p];
				for (size_t i = 0; i < pg->n; i++) {
					const item *it = &pg->items[i];
					if (it->kind != IT_TEXT || fabs(it->size - f->d->styles[ST_FOOTNOTE].size) > 0.01 ||
					    !strchr(it->text, 'w'))
						continue;
					bool seen = false;
					for (int k = 0; k < ny; k++)
						seen |= fabs(ys[k] - it->y) < 0.01;
					if (!seen && ny < 64)
						ys[ny++] = it->y;
				}
				if (ny < 2)
					fail_msg("filler %d: page %d holds %d line(s) of the note", filler, p + 1, ny);
			}
		}
		layfx_teardown(&st);
	}
	assert_true(splits >= 10); /* the test did split notes */
}

/* Notes longer than a page, one after another: every line of every note is
 * set once, in order, and no page overflows its frame. */
static void test_footnotes_longer_than_a_page(void **state)
{
	fx *f = *state;
	for (int n = 0; n < 3; n++) {
		buf note = {0};
		for (int i = 0; i < 900; i++)
			buf_printf(&note, "%sw%d", i ? " " : "", n * 1000 + i);
		md(f, "%s[^n%d] %s[^m%d]\n\n[^n%d]: %s\n\n[^m%d]: short note %d", words(f->d, n, 40, (unsigned)n), n,
		   words(f->d, 10 + n, 30, 3), n, n, buf_cstr(&note), n, n);
		buf_free(&note);
	}
	run(f);
	assert_non_null(f->L);
	assert_notes_in_frame(f);
	int next = 0;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind != IT_TEXT || fabs(it->size - f->d->styles[ST_FOOTNOTE].size) > 0.01)
				continue;
			for (const char *s = it->text; (s = strchr(s, 'w')) != NULL; s++) {
				int k = atoi(s + 1);
				assert_int_equal(k, (next / 900) * 1000 + next % 900);
				next++;
			}
		}
	assert_int_equal(next, 2700);
	for (size_t n = 0; n < f->L->nnotes; n++) {
		assert_true(f->L->notes[n].first_page >= f->L->notes[n].ref_page);
		assert_true(f->L->notes[n].last_page >= 0);
	}
}

/* A landscape table after a long note: the note's rest waits for the next
 * upright page, and the table's pages keep their full height. */
static void test_footnote_around_landscape_table(void **state)
{
	fx *f = *state;
	buf note = {0};
	numbered_words(&note, 700);
	for (int i = 0; i < 4; i++)
		build_para(f->d, P0, ST_BODY, words(f->d, i, 90, (unsigned)i), 0);
	md(f, "%s[^n]\n\n[^n]: %s", words(f->d, 9, 40, 9), buf_cstr(&note));
	buf_free(&note);
	table *t = simple_table(f, 9, 40, wide_cell);
	t->landscape = true;
	build_para(f->d, P0, ST_BODY, "After.", 0);
	run(f);
	assert_non_null(f->L);
	int next = 0, land = 0;
	for (size_t p = 0; p < f->L->npages; p++) {
		const lpage *pg = &f->L->pages[p];
		land += pg->landscape;
		for (size_t i = 0; i < pg->n; i++) {
			const item *it = &pg->items[i];
			if (it->kind != IT_TEXT || fabs(it->size - f->d->styles[ST_FOOTNOTE].size) > 0.01)
				continue;
			assert_false(pg->landscape);
			for (const char *s = it->text; (s = strchr(s, 'w')) != NULL; s++) {
				assert_int_equal(atoi(s + 1), next);
				next++;
			}
		}
	}
	assert_int_equal(next, 700);
	assert_true(f->L->notes[0].last_page > f->L->notes[0].first_page);
	assert_notes_in_frame(f);
	/* as many landscape pages as the table takes without any note */
	void *st;
	setup(&st);
	fx *g = st;
	table *t2 = simple_table(g, 9, 40, wide_cell);
	t2->landscape = true;
	run(g);
	assert_non_null(g->L);
	int land0 = 0;
	for (size_t p = 0; p < g->L->npages; p++)
		land0 += g->L->pages[p].landscape;
	assert_true(land0 >= 1);
	assert_int_equal(land, land0);
	layfx_teardown(&st);
}

static void write_md(char *path, const char *text)
{
	strcpy(path, "/tmp/dossier-layout-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
}

static void test_footnotes_numbered_across_articles(void **state)
{
	fx *f = *state;
	char a[64], b[64];
	write_md(a, "---\ntitle: First\n---\nAlpha[^x] and beta[^y].\n\n[^y]: notebeta\n[^x]: notealpha\n");
	write_md(b, "---\ntitle: Second\n---\nGamma[^x], alpha again.\n\n[^x]: notegamma\n");
	assert_true(load_article(f->d, &f->dg, a, P0, 0));
	assert_true(load_article(f->d, &f->dg, b, P0, 0));
	unlink(a);
	unlink(b);
	run(f);
	assert_non_null(f->L);
	assert_int_equal(f->d->nnotes, 3);
	const char *want[] = {"notealpha", "notebeta", "notegamma"};
	/* the notes' numbers, as set at the foot of the page, are 1, 2, 3 in
	 * document order */
	const lpage *pg = &f->L->pages[0];
	int found = 0;
	for (size_t i = 1; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || fabs(it->size - f->d->styles[ST_FOOTNOTE].size) > 0.01)
			continue;
		for (int k = 0; k < 3; k++)
			if (strcmp(it->text, want[k]) == 0) {
				assert_int_equal(k, found);
				/* its number comes right before the line's text: it
				 * is read first (the tagged PDF's Note) */
				const item *num = &pg->items[i - 1];
				char n[16];
				snprintf(n, sizeof n, "%d", k + 1);
				assert_string_equal(num->text, n);
				assert_true(num->size < it->size);
				found++;
			}
	}
	assert_int_equal(found, 3);
	for (int n = 1; n <= 3; n++)
		assert_int_equal(ref_page(f, n), 0);
	/* a reference is smaller than its text and raised above the baseline */
	int checked = 0;
	for (size_t i = 1; i < pg->n; i++)
		if (pg->items[i].kind == IT_TEXT && strcmp(pg->items[i].text, "1") == 0 &&
		    fabs(pg->items[i - 1].size - f->d->styles[ST_BODY].size) < 0.01) {
			checked++;
			assert_true(pg->items[i].y > pg->items[i - 1].y + 2);
			assert_float_equal(pg->items[i].size, f->d->styles[ST_BODY].size * 0.62, 0.01);
		}
	assert_int_equal(checked, 1);
}

/* A layout whose page numbers have not settled when the bound on passes
 * is reached is kept, with a warning at the contents' position, instead
 * of looping on. */
static void test_pass_bound_is_reported(void **state)
{
	fx *f = *state;
	toc_doc(f);
	f->fs = fontset_load(f->d, &f->dg);
	f->L = layout_run_bounded(f->d, f->fs, &f->dg, 1);
	assert_non_null(f->L);
	assert_int_equal(f->L->passes, 1);
	assert_int_equal(f->dg.errors, 0);
	assert_int_equal(f->dg.warnings, 1);
	char msg[512] = {0};
	log_of(f, msg, sizeof msg);
	assert_non_null(strstr(msg, "t:3:5: warning: "));
	assert_non_null(strstr(msg, "did not settle in 1 layout pass"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_width_matches_libharu, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_width_kerned_like_harfbuzz, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_cross_references, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_containers_drawn, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_quote_bar_joins, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_figures_float, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_exhibits_alike, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_underfull_counted, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_float_keeps_short_paragraph, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_lead_in_stays_with_list, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_turned_page_takes_heading, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_section_start, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_duplex_recto, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_running_title, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_names_not_hyphenated, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_passage_language, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_justified_lines_end_flush, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_last_lines_never_overfull, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_long_word_never_overfull, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_headings_keep_with_next, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_no_widows_or_orphans, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_pass_bound_is_reported, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_toc_numbers_are_final_pages, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_table_header_repeats, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_grouped_table_subtotals, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_long_caption_continued, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_tall_cell_splits, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_wide_table_shrinks, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_too_wide_table_is_an_error, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_widest_values_last, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_tight_table_keeps_cells_on_one_line, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_landscape_table, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_missing_glyph_is_an_error, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_footnote_on_reference_page, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_long_footnote_splits, setup, layfx_teardown),
		cmocka_unit_test(test_split_footnote_no_lone_line),
		cmocka_unit_test_setup_teardown(test_footnotes_longer_than_a_page, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_footnote_around_landscape_table, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_footnotes_numbered_across_articles, setup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
