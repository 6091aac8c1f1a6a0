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
	pdf_font_show(x->f, &x->b, g, 2, "AV", 2, 10, false);
	pdf_tj_move(&x->b, 250);
	pdf_glyph v0 = {v, pdf_font_advance(x->f, v), 0, 0, 0};
	pdf_font_show(x->f, &x->b, &v0, 1, "V", 1, 10, false);
	char want[64];
	snprintf(want, sizeof want, "<%04X>80<%04X>-250<%04X>", a, v, v);
	assert_string_equal(buf_cstr(&x->b), want);
}

/* an offset glyph (a mark moved left and up) and the pen put back after it
 * (0.1 em left: a mark moved further is drawn late, test_shaping) */
static void test_offsets(void **state)
{
	fx *x = *state;
	uint32_t e = pdf_font_glyph(x->f, 'e'), m = pdf_font_glyph(x->f, 0x0301);
	assert_true(e > 0 && m > 0);
	double we = pdf_font_advance(x->f, e), wm = pdf_font_advance(x->f, m);
	pdf_glyph g[2] = {{e, we, 0, 0, 0}, {m, 0, -100, 50, 1}};
	pdf_font_show(x->f, &x->b, g, 2, "e\xcc\x81", 3, 10, false);
	char want[128];
	snprintf(want, sizeof want, "<%04X>100] TJ\n0.5 Ts\n[<%04X>%g] TJ\n0 Ts\n[", e, m, wm - 100);
	assert_string_equal(buf_cstr(&x->b), want);
}

/* one glyph for two texts: the second gets its own CID; the same text
 * again its first; a second glyph of a cluster, standing for no text, a
 * third CID (WORD JOINER's), inside an ActualText of the cluster's text */
static void test_alias(void **state)
{
	fx *x = *state;
	uint32_t s = pdf_font_glyph(x->f, ' ');
	pdf_glyph g = {s, pdf_font_advance(x->f, s), 0, 0, 0};
	pdf_font_show(x->f, &x->b, &g, 1, " ", 1, 10, false);
	pdf_font_show(x->f, &x->b, &g, 1, "\xe2\x80\x8a", 3, 10, false); /* as if U+200A drew it */
	pdf_font_show(x->f, &x->b, &g, 1, " ", 1, 10, false);
	pdf_glyph two[2] = {g, g}; /* both of cluster 0 */
	pdf_font_show(x->f, &x->b, two, 2, "\xe2\x80\x8a", 3, 10, false);
	char first[8], second[8];
	snprintf(first, sizeof first, "<%04X>", s);
	const char *out = buf_cstr(&x->b);
	assert_memory_equal(out, first, 6);
	memcpy(second, out + 6, 6);
	second[6] = 0;
	assert_string_not_equal(first, second);
	char want[64];
	snprintf(want, sizeof want, "%s%s%s", first, second, first);
	assert_memory_equal(out, want, strlen(want));
	/* the cluster: its text as ActualText, its first glyph the second
	 * CID, its second glyph a third */
	const char *at = strstr(out, "/Span <</ActualText <FEFF200A>>> BDC\n[");
	assert_non_null(at);
	at += strlen("/Span <</ActualText <FEFF200A>>> BDC\n[");
	assert_memory_equal(at, second, 5);
	assert_memory_not_equal(at + 5, first + 1, 4);
	assert_memory_not_equal(at + 5, second + 1, 4);
	assert_memory_equal(at + 9, ">] TJ\nEMC\n", 10);
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

/* A glyph drawn first for no text of its own (the second glyph of a
 * cluster: Thai's SARA AA drawing the end of SARA AM) and then for its
 * own text (า) gets two CIDs: the first place's text does not change. */
static void test_text_fixed(void **state)
{
	fx *x = *state;
	uint32_t a = pdf_font_glyph(x->f, 'a'), b = pdf_font_glyph(x->f, 'b');
	pdf_glyph two[2] = {{a, pdf_font_advance(x->f, a), 0, 0, 0}, {b, pdf_font_advance(x->f, b), 0, 0, 0}};
	pdf_font_show(x->f, &x->b, two, 2, "a", 1, 10, false); /* b: no text */
	size_t cut = x->b.len;
	pdf_font_show(x->f, &x->b, &two[1], 1, "b", 1, 10, false);
	const char *out = buf_cstr(&x->b);
	/* the pair, a's CID and b's for no text, in a's ActualText */
	const char *first = strstr(out, "<FEFF0061>>> BDC\n[");
	assert_non_null(first);
	first += strlen("<FEFF0061>>> BDC\n[");
	char pair[16];
	snprintf(pair, sizeof pair, "<%04X", a);
	assert_memory_equal(first, pair, 5);
	/* then b for "b": one CID, not the one drawn for no text */
	assert_true(out[cut] == '<' && out[cut + 5] == '>');
	assert_memory_not_equal(out + cut + 1, first + 5, 4);
}

/* The PDF document saved into memory, NUL-terminated (dictionaries are
 * not compressed in these documents). */
static char *saved(HPDF_Doc pdf, HPDF_UINT32 *n)
{
	assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
	*n = HPDF_GetStreamSize(pdf);
	char *s = calloc(1, *n + 1);
	HPDF_ResetStream(pdf);
	HPDF_ReadFromStream(pdf, (HPDF_BYTE *)s, n);
	return s;
}

static const char *find(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, what, k))
			return s + i;
	return NULL;
}

#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

/* A CID-keyed CFF face of a collection (Noto Sans CJK SC, face 2):
 * CIDFontType0 with a FontFile3 of subtype CIDFontType0C, no CIDToGIDMap,
 * the CIDs those of the font's charset; a glyph drawn for a second text
 * keeps its one CID (a CIDFontType0 cannot map a second CID to it). */
static void test_cff_collection(void **state)
{
	(void)state;
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	char why[256] = "";
	pdf_font *f = pdf_font_open(pdf, CJK, 2, why, sizeof why);
	if (!f)
		fprintf(stderr, "%s: %s (fonts-noto-cjk is a build package)\n", CJK, why);
	assert_non_null(f);
	assert_null(pdf_font_open(pdf, CJK, 99, why, sizeof why));
	uint32_t zh = pdf_font_glyph(f, 0x4E2D), one = pdf_font_glyph(f, '1');
	assert_true(zh > 0 && one > 0 && zh != one);
	pdf_glyph g[2] = {{zh, pdf_font_advance(f, zh), 0, 0, 0}, {one, pdf_font_advance(f, one), 0, 0, 3}};
	buf b = {0};
	pdf_font_show(f, &b, g, 2, "\xe4\xb8\xad" "1", 4, 10, false);
	pdf_font_show(f, &b, g, 1, "\xe2\x80\x8a", 3, 10, false); /* the same glyph, another text */
	char want[64];
	snprintf(want, sizeof want, "<%04X%04X><%04X>", zh, one, zh); /* Noto CJK: CID = glyph ID */
	assert_string_equal(buf_cstr(&b), want);
	assert_true(pdf_font_finish(f, why, sizeof why));
	HPDF_UINT32 n;
	char *s = saved(pdf, &n);
	assert_non_null(find(s, n, "/Subtype /CIDFontType0\n"));
	assert_non_null(find(s, n, "/Subtype /CIDFontType0C"));
	assert_non_null(find(s, n, "/FontFile3 "));
	assert_null(find(s, n, "/CIDToGIDMap"));
	assert_null(find(s, n, "/FontFile2"));
	assert_non_null(find(s, n, "NotoSansCJKsc-Regular"));
	free(s);
	buf_free(&b);
	pdf_font_free(f);
	HPDF_Free(pdf);
}

/* Right to left, a raised mark is drawn after the letters of its run, at
 * its offset, inside an empty ActualText; a mark on the baseline is not */
static void test_rtl_marks(void **state)
{
	(void)state;
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	char why[256] = "";
	pdf_font *f = pdf_font_open(pdf, "fonts/NotoNaskhArabic-Regular.ttf", 0, why, sizeof why);
	assert_non_null(f);
	uint32_t alef = pdf_font_glyph(f, 0x0627), damma = pdf_font_glyph(f, 0x064F), beh = pdf_font_glyph(f, 0x0628);
	assert_true(alef > 0 && damma > 0 && beh > 0);
	double wa = pdf_font_advance(f, alef), wb = pdf_font_advance(f, beh);
	/* display order: beh, damma (over the alef), alef; text "اُب" */
	pdf_glyph g[3] = {{beh, wb, 0, 0, 4}, {damma, 0, 100, 400, 2}, {alef, wa, 0, 0, 0}};
	buf b = {0};
	pdf_font_show(f, &b, g, 3, "\xd8\xa7\xd9\x8f\xd8\xa8", 6, 10, true);
	const char *out = buf_cstr(&b);
	char letters[32], mark[32];
	snprintf(letters, sizeof letters, "<%04X%04X>", beh, alef);
	snprintf(mark, sizeof mark, "<%04X>", damma);
	const char *l = strstr(out, letters), *span = strstr(out, "/Span <</ActualText ()>> BDC\n"),
		   *m = strstr(out, mark), *rise = strstr(out, "4 Ts\n"), *emc = strstr(out, "EMC\n");
	assert_non_null(l);
	assert_non_null(span);
	assert_non_null(m);
	assert_non_null(rise);
	assert_non_null(emc);
	assert_true(l < span && span < rise && rise < m && m < emc);
	/* the mark's text is still in the font's ToUnicode (readers without
	 * ActualText read it) and the text rise is put back */
	assert_non_null(strstr(emc, "0 Ts\n"));
	b.len = 0;
	pdf_glyph flat[2] = {{damma, 0, 100, 0, 2}, {alef, wa, 0, 0, 0}};
	pdf_font_show(f, &b, flat, 2, "\xd8\xa7\xd9\x8f", 4, 10, true);
	assert_null(strstr(buf_cstr(&b), "ActualText"));
	buf_free(&b);
	pdf_font_free(f);
	HPDF_Free(pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kern_and_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_fixed, setup, teardown),
		cmocka_unit_test(test_cff_collection),
		cmocka_unit_test(test_rtl_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
