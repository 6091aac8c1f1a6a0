/* test_text.c — the characters text may hold (textcheck.c) as every loader
 * applies them, and the font chosen for each character (font.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "layout.h"
#include "load.h"
#include "textcheck.h"
#include "fixture.h"

typedef msgfx fx;

/* Each class of refused character, at its boundaries, and its neighbours
 * that are fine. */
static void test_char_classes(void **state)
{
	(void)state;
	char b[96];
	static const uint32_t bad[] = {0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85,
				       0x9F, 0xD800, 0xDFFF, 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE,
				       0x1FFFF, 0x10FFFE, 0x10FFFF};
	static const uint32_t good[] = {0x09, 0x0A, 0x20, 0x7E, 0xA0, 0xD7FF, 0xE000, 0xFDCF, 0xFDF0,
					0xFEFF, 0xFFFD, 0x1FFFD, 0x20000, 0x10FFFD, 0x202E};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_non_null(text_char_problem(bad[i], 0, b, sizeof b));
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_null(text_char_problem(good[i], 0, b, sizeof b));
	/* a carriage return ends a line in a file, but is no text */
	assert_null(text_char_problem('\r', TEXT_RAW, b, sizeof b));
	assert_string_equal(text_char_problem(0x1B, 0, b, sizeof b), "the control character U+001B (escape)");
}

static void test_bad_at(void **state)
{
	(void)state;
	uint32_t cp = 0;
	const char *s = "Vi\xe1\xbb\x87t \xef\xbf\xbf x";
	assert_int_equal(text_bad_at(s, strlen(s), 0, &cp), 7);
	assert_int_equal(cp, 0xFFFF);
	assert_int_equal(text_bad_at("a\tb\nc", 5, 0, &cp), -1);
	assert_int_equal(text_bad_at("a\r\nb", 4, TEXT_RAW, &cp), -1);
	assert_int_equal(text_bad_at("a\r\nb", 4, 0, &cp), 1);
	assert_int_equal(text_bad_at("ab\xc2\x9b", 4, 0, &cp), 2);
	assert_int_equal(cp, 0x9B);
	/* a NUL inside the length counts */
	assert_int_equal(text_bad_at("ab\0c", 4, 0, &cp), 2);
}

/* A file: every bad character at its line and column (in characters). */
static void test_check_file(void **state)
{
	fx *f = *state;
	const char *s = "ok\nVi\xe1\xbb\x87t \x01 and \xef\xb7\x90\n\x7f";
	assert_false(text_check_file(&f->dg, "t.md", s, strlen(s), 0));
	const char *log = msgfx_log(f);
	assert_non_null(strstr(log, "t.md:2:6: error: the text holds the control character U+0001"));
	assert_non_null(strstr(log, "t.md:2:12: error: the text holds U+FDD0, a Unicode noncharacter"));
	assert_non_null(strstr(log, "t.md:3:1: error: the text holds the control character U+007F"));
	assert_int_equal(f->dg.errors, 3);
}

/* YAML: every bad escape is found where it was written; the file is then
 * refused like one with a syntax error (no follow-on errors from its keys). */
static void test_yaml_escapes(void **state)
{
	fx *f = *state;
	const char *y = "a: \"x \\uFFFF\"\nb: [\"\\e[1m\", ok]\nc: 'tab\tok'\n";
	ynode *r = yaml_parse(f->a, &f->dg, "t.yaml", y, strlen(y), 0);
	assert_null(r);
	const char *log = msgfx_log(f);
	assert_non_null(strstr(log, "t.yaml:1:7: error: the text holds U+FFFF"));
	assert_non_null(strstr(log, "t.yaml:2:6: error: the text holds the control character U+001B"));
	assert_int_equal(f->dg.errors, 2);
}

static void test_markdown_entities(void **state)
{
	fx *f = *state;
	doc *d = doc_new();
	assert_false(load_markdown_text(d, &f->dg, "One &#xFFFF; two &#27; three &#x263A; &#9;.", (srcpos){"t.yaml", 3, 5}));
	const char *log = msgfx_log(f);
	assert_non_null(strstr(log, "error: the text holds U+FFFF"));
	assert_non_null(strstr(log, "error: the text holds the control character U+001B"));
	assert_int_equal(f->dg.errors, 2);
	doc_free(d);
}

/* ---- font selection ---- */

typedef layfx lfx;

static int lsetup(void **state)
{
	lfx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->d->meta.title = "Test";
	f->d->meta.language = "en";
	f->d->page = (page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false, SEC_START_AUTO, false};
	use_repo_fonts(f->d);
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static void with_fallback(lfx *f)
{
	f->d->fallback[0] = (font_family){"DroidSansFallback", {"fonts/DroidSansFallback-Regular.ttf"}, 0, {"t", 1, 1}, NULL};
	f->d->nfallback = 1;
}

static void lay(lfx *f, const char *md)
{
	assert_true(load_markdown_text(f->d, &f->dg, md, (srcpos){"t.md", 1, 1}));
	f->fs = fontset_load(f->d, &f->dg);
	assert_int_equal(f->dg.errors, 0);
	f->L = layout_run(f->d, f->fs, &f->dg);
}

/* The text item whose text is s, or NULL. */
static const item *item_with(const lfx *f, const char *s)
{
	for (size_t p = 0; f->L && p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->text && !strcmp(it->text, s))
				return it;
		}
	return NULL;
}

static void test_pick_chain(void **state)
{
	lfx *f = *state;
	with_fallback(f);
	f->fs = fontset_load(f->d, &f->dg);
	int mono = FONT_ID(FAM_MONO, FACE_REGULAR), fb = FONT_ID(FAM_MAX, FACE_REGULAR);
	assert_int_equal(font_pick(f->fs, mono, 'a'), mono);
	assert_int_equal(font_pick(f->fs, mono, 0x4E2D), fb);   /* 中: the fallback */
	assert_int_equal(font_pick(f->fs, mono, 0x25E6), -1);   /* ◦: no font */
	assert_int_equal(font_pick(f->fs, mono, 0x10400), -1);  /* beyond the BMP */
}

#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

/* Noto Sans CJK SC (fonts-noto-cjk, a build package) as the fallback. */
static void with_cjk(lfx *f)
{
	f->d->fallback[0] = (font_family){"NotoSansCJK", {CJK}, 0, {"t", 1, 1}, "SC"};
	f->d->nfallback = 1;
}

/* The text item holding s, or NULL. */
static const item *item_holding(const lfx *f, const char *s)
{
	for (size_t p = 0; f->L && p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			if (it->kind == IT_TEXT && it->text && strstr(it->text, s))
				return it;
		}
	return NULL;
}

/* In a Chinese block, digits and Latin letters come from the CJK face
 * that sets the ideographs, not from the body face; in an English block
 * from the body face. */
static void test_cjk_digits(void **state)
{
	lfx *f = *state;
	with_cjk(f);
	f->d->meta.language = "zh";
	lay(f, "\xe5\xa4\xa7\xe4\xbc\x9a\xe4\xba\x8e" "2021\xe5\xb9\xb4\xe5\x9c\xa8 Kyoto \xe4\xb8\xbe\xe8\xa1\x8c\xe3\x80\x82\n");
	int cjk = FONT_ID(FAM_MAX, FACE_REGULAR);
	const item *d = item_holding(f, "2021"), *l = item_holding(f, "Kyoto");
	assert_non_null(d);
	assert_non_null(l);
	assert_int_equal(d->font, cjk);
	assert_int_equal(l->font, cjk);
}

/* One-line texts (running lines, chart labels, markers) in a Chinese
 * dossier: digits from the CJK face too, not from the body face. */
static void test_cjk_digits_running(void **state)
{
	lfx *f = *state;
	with_cjk(f);
	f->d->meta.language = "zh";
	f->d->footer = (running){NULL, "\xe7\xac\xac {page} \xe9\xa1\xb5", NULL}; /* 第 {page} 页 */
	lay(f, "\xe5\xa4\xa7\xe4\xbc\x9a\xe3\x80\x82\n");
	const item *d = item_holding(f, "1"); /* the page number */
	assert_non_null(d);
	assert_int_equal(d->font, FONT_ID(FAM_MAX, FACE_REGULAR));
}

static void test_latin_digits(void **state)
{
	lfx *f = *state;
	with_cjk(f);
	lay(f, "Held in 2021 in \xe4\xba\xac\xe9\x83\xbd Kyoto.\n");
	const item *d = item_holding(f, "2021"), *z = item_holding(f, "\xe4\xba\xac");
	assert_non_null(d);
	assert_non_null(z);
	assert_int_equal(d->font, FONT_ID(FAM_BODY, FACE_REGULAR));
	assert_int_equal(z->font, FONT_ID(FAM_MAX, FACE_REGULAR));
}

/* Adjacent full-width punctuation is set solid: "》，" and "。」" an em and a
 * half, not two ems; a mark between ideographs keeps its em; the glyphs
 * shaped carry the same advances the width sums. */
static void test_cjk_punct_pairs(void **state)
{
	lfx *f = *state;
	with_cjk(f);
	f->fs = fontset_load(f->d, &f->dg);
	assert_int_equal(f->dg.errors, 0);
	int cjk = FONT_ID(FAM_MAX, FACE_REGULAR);
	const char *close_comma = "\xe3\x80\x8b\xef\xbc\x8c";   /* 》， */
	const char *stop_quote = "\xe3\x80\x82\xe3\x80\x8d";    /* 。」 */
	const char *open_open = "\xef\xbc\x88\xe3\x80\x8c";     /* （「 */
	const char *zh_comma = "\xe4\xb8\xad\xef\xbc\x8c\xe6\x96\x87"; /* 中，文 */
	double w = font_width(f->fs, cjk, close_comma, strlen(close_comma), 1000);
	assert_true(w < 2000);
	assert_true(fabs(w - 1500) < 0.5);
	assert_true(fabs(font_width(f->fs, cjk, stop_quote, strlen(stop_quote), 1000) - 1500) < 0.5);
	assert_true(fabs(font_width(f->fs, cjk, open_open, strlen(open_open), 1000) - 1500) < 0.5);
	assert_true(fabs(font_width(f->fs, cjk, zh_comma, strlen(zh_comma), 1000) - 3000) < 0.5);
	/* an opening bracket after another: its blank half before it is
	 * taken away, so the glyph moves left by half an em */
	const font_glyph *g;
	assert_int_equal(font_shape(f->fs, cjk, open_open, strlen(open_open), false, &g), 2);
	assert_int_equal(g[0].advance, 1000);
	assert_int_equal(g[1].advance, 500);
	assert_int_equal(g[1].dx, -500);
	assert_int_equal(font_shape(f->fs, cjk, close_comma, strlen(close_comma), false, &g), 2);
	assert_int_equal(g[0].advance, 500);
	assert_int_equal(g[0].dx, 0);
	assert_int_equal(g[1].advance, 1000);
}

/* Full-width punctuation at a line's edges (font_cjk_blank, para_words):
 * a line ending with a closing mark and one starting with an opening
 * bracket (after a break) put the mark's blank half outside the measure,
 * so that the ink meets the margin; the first line of a paragraph keeps
 * its bracket's blank. */
static void test_cjk_line_edges(void **state)
{
	lfx *f = *state;
	with_cjk(f);
	f->d->meta.language = "zh";
	f->d->styles[ST_BODY].align = ALIGN_JUSTIFY;
	char md[4096] = "";
	for (int i = 0; i < 60; i++) /* （中文）（中文）… : breaks before （ and after ） only */
		strcat(md, "\xef\xbc\x88\xe4\xb8\xad\xe6\x96\x87\xef\xbc\x89");
	strcat(md, "\n");
	lay(f, md);
	int cjk = FONT_ID(FAM_MAX, FACE_REGULAR);
	bool open;
	double bo = font_cjk_blank(f->fs, cjk, 0xFF08, &open); /* （ */
	assert_true(open);
	assert_true(fabs(bo - 500) < 1);
	double bc = font_cjk_blank(f->fs, cjk, 0xFF09, &open); /* ） */
	assert_false(open);
	assert_true(fabs(bc - 500) < 1);
	assert_true(font_cjk_blank(f->fs, cjk, 0xFF0C, &open) > 0 && !open); /* ， */
	assert_true(font_cjk_blank(f->fs, cjk, 0x4E2D, &open) == 0);         /* 中 */
	assert_true(font_cjk_blank(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), 0xFF09, &open) == 0);
	double size = f->d->styles[ST_BODY].size, left = f->d->page.inside;
	double right = f->d->page.width - f->d->page.outside;
	/* each line: its first and last text item */
	const item *first[64] = {0}, *lastit[64] = {0};
	int nl = 0;
	for (size_t i = 0; i < f->L->pages[0].n; i++) {
		const item *it = &f->L->pages[0].items[i];
		if (it->kind != IT_TEXT || !it->text || it->font != cjk || it->size != size)
			continue;
		if (nl == 0 || fabs(it->y - first[nl - 1]->y) > 0.01) {
			assert_true(nl < 64);
			first[nl++] = it;
		}
		lastit[nl - 1] = it;
	}
	assert_true(nl >= 3);
	int starts = 0, ends = 0;
	for (int l = 0; l < nl; l++) {
		const char *t = first[l]->text, *e = lastit[l]->text + strlen(lastit[l]->text);
		bool opens = !strncmp(t, "\xef\xbc\x88", 3) && l > 0; /* （ after a break */
		bool closes = strlen(lastit[l]->text) >= 3 && !strcmp(e - 3, "\xef\xbc\x89") && l + 1 < nl;
		starts += opens;
		ends += closes;
		assert_true(fabs(first[l]->x - (left - (opens ? bo * size / 1000 : 0))) < 0.01);
		if (l + 1 < nl) /* justified lines; the last is not */
			assert_true(fabs(lastit[l]->x + lastit[l]->w - (right + (closes ? bc * size / 1000 : 0))) < 0.01);
	}
	assert_true(starts > 0 && ends > 0);
}

/* A code block: each character from the first face that has it. */
static void test_code_fallback(void **state)
{
	lfx *f = *state;
	with_fallback(f);
	lay(f, "Text.\n\n```\ncode \xe4\xb8\xad ok\n```\n");
	assert_int_equal(f->dg.errors, 0);
	const item *cjk = item_with(f, "\xe4\xb8\xad"), *pre = item_with(f, "code ");
	assert_non_null(cjk);
	assert_non_null(pre);
	assert_int_equal(cjk->font, FONT_ID(FAM_MAX, FACE_REGULAR));
	assert_int_equal(pre->font, FONT_ID(FAM_MONO, FACE_REGULAR));
	assert_true(cjk->x > pre->x);
}

static void test_code_missing(void **state)
{
	lfx *f = *state;
	lay(f, "Text.\n\n```\nok \xe2\x9c\x93\n```\n");
	diag_records_text(&f->dg, f->log, sizeof f->log);
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(f->log, "character U+2713 '\xe2\x9c\x93' in a code block is in no font"));
}

/* Generated bullets: one a font has, never an empty box. */
static void test_bullets(void **state)
{
	lfx *f = *state;
	lay(f, "- one\n  - two\n    - three\n");
	assert_int_equal(f->dg.errors, 0);
	const item *b1 = item_with(f, "\xe2\x80\xa2"), *b2 = item_with(f, "\xe2\x80\x93");
	const item *b3 = item_with(f, "\xe2\x80\xa3"); /* ‣ for ◦ */
	assert_non_null(b1);
	assert_non_null(b2);
	assert_non_null(b3);
	assert_null(item_with(f, "\xe2\x97\xa6"));
	assert_true(font_has(f->fs, b3->font, 0x2023));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_char_classes),
		cmocka_unit_test(test_bad_at),
		cmocka_unit_test_setup_teardown(test_check_file, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_yaml_escapes, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_markdown_entities, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_pick_chain, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_code_fallback, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_cjk_digits, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_cjk_digits_running, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_latin_digits, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_cjk_punct_pairs, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_cjk_line_edges, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_code_missing, lsetup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_bullets, lsetup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
