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

#include "../../src/build.h"
#include "../../src/layout.h"

typedef struct {
	doc *d;
	diag dg;
	fontset *fs;
	layout *L;
} fx;

static const char *const fam_names[FAM_MAX] = {"NotoSerif", "NotoSans", "NotoSans"};
static const char *const faces[4] = {"Regular", "Bold", "Italic", "BoldItalic"};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	doc *d = f->d;
	d->meta.title = "Test";
	d->meta.language = "en";
	d->page = (page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false};
	d->header = (running){"{title}", NULL, "{section}"};
	d->footer = (running){NULL, NULL, "Page {page} of {pages}"};
	for (int i = 0; i < FAM_MAX; i++) {
		d->fam[i].name = fam_names[i];
		for (int k = 0; k < 4; k++)
			d->fam[i].path[k] = arena_printf(d->a, "fonts/%s-%s.ttf", fam_names[i], faces[k]);
	}
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	layout_free(f->L);
	fontset_free(f->fs);
	fclose(f->dg.out);
	doc_free(f->d);
	free(f);
	return 0;
}

static void run(fx *f)
{
	f->fs = fontset_load(f->d, &f->dg);
	assert_int_equal(f->dg.errors, 0);
	f->L = layout_run(f->d, f->fs, &f->dg);
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
	f->fs = fontset_load(f->d, &f->dg);
	/* libharu 2.3.0 and HarfBuzz (kerning off) both give 85.356 pt */
	double w = font_width(f->fs, FONT_ID(FAM_HEADING, FACE_REGULAR), "Nguyễn Văn Kỳ",
			      strlen("Nguyễn Văn Kỳ"), 12);
	assert_float_equal(w, 85.356, 0.0005);
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
}

static void test_toc_numbers_are_final_pages(void **state)
{
	fx *f = *state;
	doc_add(f->d, BLK_COVER, P0);
	block *t = doc_add(f->d, BLK_TOC, P0);
	t->toc_title = "Contents";
	t->toc_depth = 2;
	for (int i = 0; i < 45; i++) {
		build_heading(f->d, P0, arena_printf(f->d->a, "Section %d", i), 1, true, true);
		build_para(f->d, P0, ST_BODY, words(f->d, i, 30 + (i % 7) * 120, (unsigned)i), 0);
	}
	run(f);
	assert_non_null(f->L);
	assert_true(f->L->passes >= 2);
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

/* a table wider than the frame is set smaller instead of overflowing */
static void test_wide_table_shrinks(void **state)
{
	fx *f = *state;
	simple_table(f, 9, 4, wide_cell);
	run(f);
	assert_non_null(f->L);
	bool smaller = false;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind == IT_TEXT && (!strncmp(it->text, "Inter", 5) || it->text[0] == 'c')) {
			assert_true(it->x + it->w <= right_edge(f, 0) + 0.01);
			smaller |= it->size < 9 && it->size >= 6;
		}
	}
	assert_true(smaller);
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
	assert_false(f->L->pages[f->L->npages - 1].landscape);
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

static void test_missing_glyph_is_an_error(void **state)
{
	fx *f = *state;
	build_para(f->d, (srcpos){"a.md", 7, 3}, ST_BODY, "Kyoto 京都 Congress", 0);
	run(f);
	assert_null(f->L);
	char log[1024] = "";
	fflush(f->dg.out);
	rewind(f->dg.out);
	log[fread(log, 1, sizeof log - 1, f->dg.out)] = 0;
	assert_non_null(strstr(log, "a.md:7:3: error: character U+4EAC"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_width_matches_libharu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_justified_lines_end_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_lines_never_overfull, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_word_never_overfull, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headings_keep_with_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_widows_or_orphans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toc_numbers_are_final_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_header_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grouped_table_subtotals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tall_cell_splits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_table_shrinks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_landscape_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_glyph_is_an_error, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
