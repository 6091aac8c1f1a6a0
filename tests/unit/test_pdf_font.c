/* test_pdf_font.c — the renderer's fonts (pdf_font.c): glyph runs written
 * into TJ arrays (advances and offsets as numbers), a glyph drawn for two
 * texts given a second CID and a CIDToGIDMap, the font objects written. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_font.h"

#define FONT "fonts/NotoSerif-Regular.ttf"

typedef struct {
	HPDF_Doc pdf;
	pdf_font *f;
	buf b;
} fx;

static int setup(void **state)
{
	fx *x = calloc(1, sizeof *x);
	x->pdf = HPDF_New(NULL, NULL);
	char why[256] = "";
	x->f = pdf_font_open(x->pdf, FONT, 0, why, sizeof why);
	if (!x->f)
		fprintf(stderr, "%s: %s\n", FONT, why);
	*state = x;
	return x->f ? 0 : -1;
}

static int teardown(void **state)
{
	fx *x = *state;
	pdf_font_free(x->f);
	HPDF_Free(x->pdf);
	buf_free(&x->b);
	free(x);
	return 0;
}

static void test_missing_file(void **state)
{
	fx *x = *state;
	char why[256] = "";
	assert_null(pdf_font_open(x->pdf, "fonts/no-such-font.ttf", 0, why, sizeof why));
	assert_non_null(strstr(why, "cannot read"));
	assert_null(pdf_font_open(x->pdf, FONT, 5, why, sizeof why)); /* not a collection */
	assert_non_null(strstr(why, "no face 5"));
}

/* "AV" kerned by -80/1000 em then a word 250/1000 further on: the kern and
 * the gap are numbers in the array, the glyphs their IDs */
static void test_kern_and_gap(void **state)
{
	fx *x = *state;
	uint32_t a = pdf_font_glyph(x->f, 'A'), v = pdf_font_glyph(x->f, 'V');
	assert_true(a > 0 && v > 0 && a != v);
	assert_int_equal(pdf_font_glyph(x->f, 0x10FFFD), 0);
	pdf_glyph g[2] = {{a, pdf_font_advance(x->f, a) - 80, 0, 0, 0}, {v, pdf_font_advance(x->f, v), 0, 0, 1}};
	pdf_font_show(x->f, &x->b, g, 2, "AV", 2, 10);
	pdf_tj_move(&x->b, 250);
	pdf_glyph v0 = {v, pdf_font_advance(x->f, v), 0, 0, 0};
	pdf_font_show(x->f, &x->b, &v0, 1, "V", 1, 10);
	char want[64];
	snprintf(want, sizeof want, "<%04X>80<%04X>-250<%04X>", a, v, v);
	assert_string_equal(buf_cstr(&x->b), want);
}

/* an offset glyph (a mark moved left and up) and the pen put back after it */
static void test_offsets(void **state)
{
	fx *x = *state;
	uint32_t e = pdf_font_glyph(x->f, 'e'), m = pdf_font_glyph(x->f, 0x0301);
	assert_true(e > 0 && m > 0);
	double we = pdf_font_advance(x->f, e), wm = pdf_font_advance(x->f, m);
	pdf_glyph g[2] = {{e, we, 0, 0, 0}, {m, 0, -300, 50, 1}};
	pdf_font_show(x->f, &x->b, g, 2, "e\xcc\x81", 3, 10);
	char want[128];
	snprintf(want, sizeof want, "<%04X>] TJ\n0.5 Ts\n[300<%04X>%g] TJ\n0 Ts\n[", e, m, wm - 300);
	assert_string_equal(buf_cstr(&x->b), want);
}

/* one glyph for two texts: the second gets its own CID; the same text
 * again its first; a second glyph of a cluster a CID with no text */
static void test_alias(void **state)
{
	fx *x = *state;
	uint32_t s = pdf_font_glyph(x->f, ' ');
	pdf_glyph g = {s, pdf_font_advance(x->f, s), 0, 0, 0};
	pdf_font_show(x->f, &x->b, &g, 1, " ", 1, 10);
	pdf_font_show(x->f, &x->b, &g, 1, "\xe2\x80\x8a", 3, 10); /* as if U+200A drew it */
	pdf_font_show(x->f, &x->b, &g, 1, " ", 1, 10);
	pdf_glyph two[2] = {g, g}; /* both of cluster 0 */
	pdf_font_show(x->f, &x->b, two, 2, "\xe2\x80\x8a", 3, 10);
	char first[8], second[8];
	snprintf(first, sizeof first, "<%04X>", s);
	const char *out = buf_cstr(&x->b);
	assert_memory_equal(out, first, 6);
	memcpy(second, out + 6, 6);
	second[6] = 0;
	assert_string_not_equal(first, second);
	char want[64];
	snprintf(want, sizeof want, "%s%s%s<%.4s", first, second, first, second + 1);
	assert_memory_equal(out, want, strlen(want));
	/* the cluster's second glyph: a third CID, with no text */
	assert_int_equal(strlen(out), strlen(want) + 5);
	assert_memory_not_equal(out + strlen(want), first + 1, 4);
	assert_memory_not_equal(out + strlen(want), second + 1, 4);
	char why[256] = "";
	assert_true(pdf_font_finish(x->f, why, sizeof why));
	assert_int_equal(HPDF_SaveToStream(x->pdf), HPDF_OK);
	HPDF_UINT32 n = HPDF_GetStreamSize(x->pdf);
	char *pdf = calloc(1, n + 1);
	HPDF_ResetStream(x->pdf);
	HPDF_ReadFromStream(x->pdf, (HPDF_BYTE *)pdf, &n);
	/* dictionaries are not compressed: the map is a stream, not /Identity */
	const char *map = NULL;
	for (const char *p = pdf; p < pdf + n - 20; p++)
		if (!memcmp(p, "/CIDToGIDMap ", 13)) {
			map = p + 13;
			break;
		}
	assert_non_null(map);
	assert_true(map[0] >= '1' && map[0] <= '9');
	int found = 0;
	for (const char *p = pdf; p < pdf + n - 20; p++)
		found |= !memcmp(p, "/Subtype /CIDFontType2", 22) ? 1 : !memcmp(p, "/Encoding /Identity-H", 21) ? 2 : 0;
	assert_int_equal(found, 3);
	free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kern_and_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
