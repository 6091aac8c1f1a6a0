/* test_numbering.c — numbering: (numbering.c, contents.c, running.c):
 * headings 1, 1.1, 1.1.1, annexes (Annex A, A.1) and the back matter after
 * them, tables and figures numbered with one caption in the document's
 * language, roman page labels for the front matter, cross-references
 * "Table 1 on page 2". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "labels.h"
#include "layout_imp.h"
#include "load.h"
#include "fixture.h"

typedef layfx fx;

#define ENSP "\xe2\x80\x82"
#define NBSP "\xc2\xa0"

static srcpos P0 = {"t.yaml", 1, 1};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

/* A document in lang with the source tree's catalogues. */
static doc *new_doc(fx *f, const char *lang)
{
	setenv("DOSSIER_LABELS", "labels", 1);
	doc *d = doc_new();
	d->meta.title = "T";
	d->meta.language = lang;
	d->page = (page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false, SEC_START_AUTO, false};
	d->header = (running){"{title}", NULL, "{section}"};
	use_repo_fonts(d);
	load_labels(d, &f->dg, NULL);
	d->footer = (running){NULL, NULL, label_text(d->labels, L_PAGE_OF)};
	f->d = d;
	return d;
}

/* Blocks move as more are added: tests keep indices (B(d, i)). */
static size_t heading(doc *d, const char *t, int level, bool annex)
{
	block *b = build_heading(d, P0, t, level, true, level == 1);
	b->annex = annex;
	return d->nblocks - 1;
}
#define B(d, i) (&(d)->blocks[i])

static size_t table_block(doc *d, const char *caption, const char *id)
{
	table_builder tb;
	table *t = table_begin(&tb, d->a, P0, 2);
	table_column(&tb, 0, "Name", COL_TEXT, 1);
	table_column(&tb, 1, "Count", COL_INTEGER, 1);
	const char *row[] = {"Alpha", "12"};
	table_add_row(&tb, row, ROW_BODY);
	t = table_end(&tb);
	t->caption = caption;
	t->header = true;
	block *b = doc_add(d, BLK_TABLE, P0);
	b->table = t;
	b->label = id;
	return d->nblocks - 1;
}

static size_t chart_block(doc *d, const char *title)
{
	chart *ch = arena_alloc(d->a, sizeof *ch);
	memset(ch, 0, sizeof *ch);
	ch->title = title;
	block *b = doc_add(d, BLK_CHART, P0);
	b->chart = ch;
	return d->nblocks - 1;
}

static void test_headings(void **state)
{
	fx *f = *state;
	for (int on = 0; on < 2; on++) {
		doc *d = new_doc(f, "en");
		d->numbering.headings = on;
		size_t h[8];
		h[0] = heading(d, "Alpha", 1, false);
		h[1] = heading(d, "Alpha two", 2, false);
		h[2] = heading(d, "Alpha three", 3, false);
		h[3] = heading(d, "Beta two", 2, false);
		h[4] = heading(d, "Beta", 1, false);
		h[5] = heading(d, "Gamma", 1, true);
		h[6] = heading(d, "Gamma two", 2, false);
		h[7] = heading(d, "Sources", 1, false);
		size_t deep = heading(d, "Deep", 4, false); /* not numbered */
		number_doc(d);
		const char *want_on[] = {"1" ENSP "Alpha", "1.1" ENSP "Alpha two", "1.1.1" ENSP "Alpha three",
					 "1.2" ENSP "Beta two", "2" ENSP "Beta", "Annex" NBSP "A. Gamma",
					 "A.1" ENSP "Gamma two", "Sources"};
		const char *want_off[] = {"Alpha", "Alpha two", "Alpha three", "Beta two", "Beta",
					  "Annex" NBSP "A. Gamma", "Gamma two", "Sources"};
		for (int i = 0; i < 8; i++) {
			assert_string_equal(B(d, h[i])->plain, on ? want_on[i] : want_off[i]);
			/* the spans say the same as the plain text */
			buf b = {0};
			for (size_t k = 0; k < B(d, h[i])->nspans; k++)
				buf_put(&b, B(d, h[i])->spans[k].text, B(d, h[i])->spans[k].len);
			assert_string_equal(buf_cstr(&b), B(d, h[i])->plain);
			buf_free(&b);
		}
		assert_string_equal(B(d, deep)->plain, "Deep");
		assert_string_equal(B(d, h[5])->number, "A");
		if (on)
			assert_string_equal(B(d, h[2])->number, "1.1.1");
		doc_free(d);
		f->d = NULL;
	}
}

/* Articles before any section: 1, 2 (no "0."). The 27th annex is AA. */
static void test_heading_edges(void **state)
{
	fx *f = *state;
	doc *d = new_doc(f, "en");
	d->numbering.headings = true;
	size_t a = heading(d, "Lead", 2, false);
	size_t b = heading(d, "Second", 2, false);
	size_t ax[27];
	for (int i = 0; i < 27; i++)
		ax[i] = heading(d, "X", 1, true);
	number_doc(d);
	assert_string_equal(B(d, a)->plain, "1" ENSP "Lead");
	assert_string_equal(B(d, b)->plain, "2" ENSP "Second");
	assert_string_equal(B(d, ax[25])->number, "Z");
	assert_string_equal(B(d, ax[26])->number, "AA");
	doc_free(d);
	f->d = NULL;
}

/* Tables count apart from figures (charts and images); the caption is
 * "Table 1. …" in the language's words; an untitled panel is no exhibit. */
static void test_exhibits(void **state)
{
	fx *f = *state;
	static const struct {
		const char *lang, *t1, *f1, *t2, *annex;
	} want[] = {
		{"en", "Table" NBSP "1. Rows", "Figure 1. Bars", "Table" NBSP "2", "Annex" NBSP "A. Z"},
		{"vi", "Bảng" NBSP "1. Rows", "Hình" NBSP "1. Bars", "Bảng" NBSP "2", "Phụ lục" NBSP "A. Z"},
		{"fr", "Tableau" NBSP "1. Rows", "Figure" NBSP "1. Bars", "Tableau" NBSP "2", "Annexe" NBSP "A. Z"},
		{"zh", "表1 Rows", "图1 Bars", "表2", "附件A Z"},
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		doc *d = new_doc(f, want[k].lang);
		d->numbering.exhibits = true;
		size_t i1 = table_block(d, "Rows", NULL);
		size_t ip = table_block(d, NULL, NULL);
		size_t ic = chart_block(d, "Bars");
		size_t i2 = table_block(d, NULL, "tab:x"); /* untitled, but referred to */
		size_t ia = heading(d, "Z", 1, true);
		number_doc(d);
		block *t1 = B(d, i1), *panel = B(d, ip), *c1 = B(d, ic), *t2 = B(d, i2), *an = B(d, ia);
		assert_string_equal(t1->table->caption, want[k].t1);
		assert_null(panel->number);
		assert_null(panel->table->caption);
		assert_string_equal(c1->caption, want[k].f1);
		assert_null(c1->chart->title); /* the caption replaces the chart's title */
		assert_string_equal(c1->number, "1");
		assert_string_equal(t2->table->caption, want[k].t2);
		assert_string_equal(t2->number, "2");
		assert_string_equal(an->plain, want[k].annex);
		doc_free(d);
		f->d = NULL;
	}
}

static void test_roman(void **state)
{
	(void)state;
	static const struct {
		long v;
		const char *s;
	} cases[] = {{1, "i"}, {2, "ii"}, {4, "iv"}, {9, "ix"}, {14, "xiv"}, {40, "xl"}, {1999, "mcmxcix"}, {0, "0"}};
	char out[32];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		roman_numeral(out, sizeof out, cases[i].v);
		assert_string_equal(out, cases[i].s);
	}
}

/* The text of page p's items, concatenated with spaces. */
static char *page_text(const layout *L, size_t p)
{
	buf b = {0};
	for (size_t i = 0; i < L->pages[p].n; i++)
		if (L->pages[p].items[i].kind == IT_TEXT)
			buf_printf(&b, "%s ", L->pages[p].items[i].text);
	char *r = strdup(buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* pages: roman-front: the contents page is i, the first section's page 1;
 * the contents, the footers, the cross-reference and the layout's
 * body_page (the PDF's page labels) say so. */
static void test_page_labels(void **state)
{
	fx *f = *state;
	for (int roman = 0; roman < 2; roman++) {
		doc *d = new_doc(f, "en");
		d->numbering = (doc_numbering){.headings = true, .exhibits = true, .roman_front = roman};
		d->page.section_start = SEC_START_NEW_PAGE;
		block *toc = doc_add(d, BLK_TOC, P0);
		toc->toc_title = "Contents";
		toc->toc_depth = 2;
		heading(d, "First", 1, false);
		block *p = doc_add(d, BLK_PARA, P0);
		p->style = ST_BODY;
		span *sp = arena_array(d->a, 2, sizeof(span));
		sp[0] = (span){.text = "See ", .len = 4};
		sp[1] = (span){.text = "", .len = 0, .link = "#tab:x", .autoref = true};
		p->spans = sp;
		p->nspans = 2;
		heading(d, "Second", 1, false);
		table_block(d, "Rows", "tab:x");
		number_doc(d);
		f->fs = fontset_load(d, &f->dg);
		f->L = layout_run(d, f->fs, &f->dg);
		assert_non_null(f->L);
		assert_int_equal(f->dg.errors, 0);
		assert_int_equal(f->L->npages, 3);
		assert_int_equal(f->L->body_page, roman ? 1 : 0);
		char *t0 = page_text(f->L, 0), *t1 = page_text(f->L, 1), *t2 = page_text(f->L, 2);
		if (roman) {
			assert_non_null(strstr(t0, "Page i of 2"));
			assert_non_null(strstr(t1, "Page 1 of 2"));
			assert_non_null(strstr(t2, "Page 2 of 2"));
		} else {
			assert_non_null(strstr(t0, "Page 1 of 3"));
			assert_non_null(strstr(t2, "Page 3 of 3"));
		}
		/* the contents: "1 First … 1" (roman) or "… 2" */
		assert_non_null(strstr(t0, roman ? "First" : "First"));
		assert_non_null(strstr(t1, roman ? "Table" NBSP "1 on page" NBSP "2" : "Table" NBSP "1 on page" NBSP "3"));
		assert_non_null(strstr(t2, "Table" NBSP "1. Rows"));
		free(t0);
		free(t1);
		free(t2);
		layout_free(f->L);
		f->L = NULL;
		fontset_free(f->fs);
		f->fs = NULL;
		doc_free(d);
		f->d = NULL;
	}
}

/* The layout keys: numbering: {headings, exhibits, pages}; wrong values
 * are errors. */
static void test_keys(void **state)
{
	fx *f = *state;
	doc *d = doc_new();
	const char *y = "numbering: {headings: true, exhibits: false, pages: roman-front}\n";
	const ynode *m = yaml_parse(d->a, &f->dg, "l.yaml", y, strlen(y), 0);
	load_numbering(d, &f->dg, ymap_get(m, "numbering"));
	assert_int_equal(f->dg.errors, 0);
	assert_true(d->numbering.headings);
	assert_false(d->numbering.exhibits);
	assert_true(d->numbering.roman_front);
	y = "numbering: {heading: true, pages: roman}\n";
	m = yaml_parse(d->a, &f->dg, "l.yaml", y, strlen(y), 0);
	load_numbering(d, &f->dg, ymap_get(m, "numbering"));
	assert_int_equal(f->dg.errors, 2);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_headings, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_heading_edges, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_exhibits, setup, layfx_teardown),
		cmocka_unit_test(test_roman),
		cmocka_unit_test_setup_teardown(test_page_labels, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
