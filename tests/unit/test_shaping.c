/* test_shaping.c — left-to-right text shaped by HarfBuzz (font.c) and drawn
 * as shaped (pdf_font.c): a Devanagari conjunct and a reordered vowel, Thai
 * marks stacked on their letters, Latin ligatures where the style asks for
 * them; the glyphs' ToUnicode texts, joined in drawing order, give the
 * source text back, and a justified paragraph with ligatures stays flush.
 * Run from the repository root (fonts/ is read). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "fixture.h"
#include "intl.h"
#include "langmark.h"
#include "pdf_font.h"

typedef layfx fx;

#define DEVA "fonts/NotoSansDevanagari-Regular.ttf"
#define THAI "fonts/NotoSansThai-Regular.ttf"
#define DEVA_ID FONT_ID(FAM_MAX, FACE_REGULAR)
#define THAI_ID FONT_ID(FAM_MAX + 1, FACE_REGULAR)

static int setup(void **state)
{
	doc *d = layfx_doc((page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false, SEC_START_AUTO, false});
	d->fallback[0].name = "NotoSansDevanagari";
	d->fallback[1].name = "NotoSansThai";
	for (int k = 0; k < 4; k++) {
		d->fallback[0].path[k] = k == FACE_REGULAR || k == FACE_ITALIC ? DEVA : "fonts/NotoSansDevanagari-Bold.ttf";
		d->fallback[1].path[k] = k == FACE_REGULAR || k == FACE_ITALIC ? THAI : "fonts/NotoSansThai-Bold.ttf";
	}
	d->nfallback = 2;
	*state = layfx_new(d);
	return 0;
}

static size_t ncodepoints(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The glyph of one character shaped alone. */
static uint32_t glyph_alone(fontset *fs, int id, const char *ch)
{
	const font_glyph *g;
	assert_int_equal(font_shape(fs, id, ch, strlen(ch), false, &g), 1);
	return g[0].gid;
}

static char last_stream[8192]; /* what drawn_text's pdf_font_show wrote */

/* s shaped in face id of fs, drawn by pdf_font_show in the font file path;
 * the texts of the CIDs written, in the order they are drawn, as UTF-8. */
static char *drawn_text(fontset *fs, int id, const char *path, const char *s)
{
	const font_glyph *fg;
	size_t n = font_shape(fs, id, s, strlen(s), false, &fg);
	assert_true(n > 0);
	pdf_glyph *g = calloc(n, sizeof *g);
	for (size_t i = 0; i < n; i++)
		g[i] = (pdf_glyph){fg[i].gid, fg[i].advance, fg[i].dx, fg[i].dy, fg[i].cluster};
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	char why[256] = "";
	pdf_font *f = pdf_font_open(pdf, path, 0, why, sizeof why);
	assert_non_null(f);
	buf b = {0}, out = {0};
	pdf_font_show(f, &b, g, n, s, strlen(s), 10, false);
	snprintf(last_stream, sizeof last_stream, "%s", buf_cstr(&b));
	/* the CIDs: four hex digits each, inside <…> */
	const char *p = buf_cstr(&b);
	bool in = false;
	for (; *p; p++) {
		if (!strncmp(p, "/Span", 5)) { /* marked content, not glyphs: to the line's end */
			p = strchr(p, '\n');
			continue;
		}
		if (*p == '<' || *p == '>') {
			in = *p == '<';
			continue;
		}
		if (!in)
			continue;
		unsigned cid = 0;
		assert_int_equal(sscanf(p, "%4x", &cid), 1);
		p += 3;
		uint32_t t[64];
		size_t k = pdf_font_cid_text(f, cid, t, 64);
		/* a glyph with no text: readers print U+FFFD or its code */
		assert_true(k > 0);
		/* a mark drawn after the run's letters (pdf_font_show) maps to
		 * WORD JOINER, its text being with its letter's */
		for (size_t j = 0; j < k; j++)
			if (t[j] != 0x2060)
				buf_put_utf8(&out, t[j]);
	}
	char *r = strdup(buf_cstr(&out));
	buf_free(&b);
	buf_free(&out);
	free(g);
	pdf_font_free(f);
	HPDF_Free(pdf);
	return r;
}

/* The longest move back in the TJ arrays of s, 1/1000 em: a number
 * between a TJ array's strings moves the pen back by its value. */
static double max_back(const char *s)
{
	double most = 0;
	bool in = false, arr = false;
	for (const char *p = s; *p; p++) {
		if (*p == '[')
			arr = true;
		else if (*p == ']')
			arr = false;
		else if (*p == '<' || *p == '>')
			in = *p == '<';
		else if (arr && !in && (*p == '-' || (*p >= '0' && *p <= '9') || *p == '.')) {
			char *e;
			double v = strtod(p, &e);
			most = v > most ? v : most;
			p = e - 1;
		}
	}
	return most;
}

static void test_devanagari(void **state)
{
	fx *f = *state;
	assert_int_equal(layfx_layout(f), 0);
	assert_int_equal(font_pick(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), 0x0915), DEVA_ID);
	const font_glyph *g;
	/* क्ष: three code points, one conjunct glyph, none of the letters' own */
	size_t n = font_shape(f->fs, DEVA_ID, "क्ष", strlen("क्ष"), false, &g);
	assert_true(n < 3);
	uint32_t ka = glyph_alone(f->fs, DEVA_ID, "क"), ssa = glyph_alone(f->fs, DEVA_ID, "ष");
	assert_true(g[0].gid != ka && g[0].gid != ssa);
	/* कि: the vowel sign i is drawn before its consonant, one cluster */
	n = font_shape(f->fs, DEVA_ID, "कि", strlen("कि"), false, &g);
	assert_int_equal(n, 2);
	assert_true(g[0].gid != ka);
	assert_int_equal(g[1].gid, ka);
	assert_int_equal(g[0].cluster, 0);
	assert_int_equal(g[1].cluster, 0);
	/* a sentence: fewer glyphs than code points, and its text back */
	const char *hi = "अपराध निवारण के लक्ष्य कि सुरक्षा राष्ट्र मार्च";
	n = font_shape(f->fs, DEVA_ID, hi, strlen(hi), false, &g);
	assert_true(n < ncodepoints(hi));
	char *t = drawn_text(f->fs, DEVA_ID, DEVA, hi);
	assert_string_equal(t, hi);
	free(t);
	/* देश: the e-sign is drawn 0.055 em before the next letter's origin,
	 * which poppler takes for a duplicate: the letter and its mark are one
	 * ActualText */
	t = drawn_text(f->fs, DEVA_ID, DEVA, "देश");
	assert_string_equal(t, "देश");
	free(t);
	assert_non_null(strstr(last_stream, "/Span <</ActualText <FEFF09260947>>> BDC\n"));
	/* केवल: the e-sign, drawn 0.22 em before the next letter, is drawn
	 * right after क in an empty ActualText (which poppler skips), with a
	 * blank glyph mapped to WORD JOINER whose advance in the font reaches
	 * व (MuPDF ends a glyph there); क and the blank glyph that carries the
	 * sign's text are one ActualText. The pen goes back by the sign's
	 * offset only, not from the word's end (MuPDF made a line of it) */
	t = drawn_text(f->fs, DEVA_ID, DEVA, "केवल");
	assert_string_equal(t, "केवल");
	free(t);
	const char *ke = strstr(last_stream, "/Span <</ActualText <FEFF09150947>>> BDC\n");
	const char *late = strstr(last_stream, "/Span <</ActualText ()>> BDC\n");
	assert_non_null(ke);
	assert_non_null(late);
	assert_true(ke < late);
	assert_true(max_back(last_stream) < 300);
	/* कुछ: the u-sign, drawn under its letter 0.22 em before the next */
	t = drawn_text(f->fs, DEVA_ID, DEVA, "कुछ");
	assert_string_equal(t, "कुछ");
	free(t);
	assert_non_null(strstr(last_stream, "/Span <</ActualText ()>> BDC\n"));
	assert_true(max_back(last_stream) < 300);
	/* के at a run's end (a space follows): so too, the blank glyph
	 * reaching the run's end */
	t = drawn_text(f->fs, DEVA_ID, DEVA, "के");
	assert_string_equal(t, "के");
	free(t);
	assert_non_null(strstr(last_stream, "/Span <</ActualText ()>> BDC\n"));
}

static void test_thai_marks(void **state)
{
	fx *f = *state;
	assert_int_equal(layfx_layout(f), 0);
	assert_int_equal(font_pick(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), 0x0E01), THAI_ID);
	/* ญี่ปุ่น: a tone mark over an upper vowel (mark to mark), a lower vowel
	 * under its letter: marks of no advance, moved by the font */
	const char *th = "ประเทศญี่ปุ่น";
	const font_glyph *g;
	size_t n = font_shape(f->fs, THAI_ID, th, strlen(th), false, &g);
	int marks = 0, moved = 0;
	for (size_t i = 0; i < n; i++) {
		marks += g[i].advance == 0;
		moved += g[i].advance == 0 && (g[i].dx != 0 || g[i].dy != 0);
	}
	assert_true(marks >= 4);
	assert_true(moved >= 1);
	char *t = drawn_text(f->fs, THAI_ID, THAI, th);
	assert_string_equal(t, th);
	free(t);
}

/* Thai is written without spaces between words: ICU's dictionary says
 * where a line may break (ประเทศ|ญี่ปุ่น), and nothing in Latin text */
static void test_thai_breaks(void **state)
{
	(void)state;
	const char *th = "ประเทศญี่ปุ่น";
	size_t at[8];
	size_t n = intl_dictionary_breaks(th, strlen(th), "th", at, 8);
	assert_int_equal(n, 1);
	assert_int_equal(at[0], strlen("ประเทศ"));
	assert_int_equal(intl_dictionary_breaks("office staff", 12, "en", at, 8), 0);
	/* a break next to a space or a Latin word is not its to give */
	const char *mixed = "Kyoto ญี่ปุ่น";
	assert_int_equal(intl_dictionary_breaks(mixed, strlen(mixed), "th", at, 8), 0);
}

static const char *const latin =
	"The office staff filed five official briefs for the conference; fifty fluent officers reflect on "
	"efficient workflows and affluent offices, and the first floor of the office finally fits the "
	"fifteen staff who file the final figures of the fiscal year for the congress of the officials.";

/* Glyphs and code points of the page's body text items, shaped as drawn. */
static void count_body(fx *f, size_t *glyphs, size_t *cps)
{
	*glyphs = *cps = 0;
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || it->size != 10.5 || !it->text)
			continue;
		const font_glyph *g;
		bool was = font_ligatures(f->fs, it->liga);
		*glyphs += font_shape(f->fs, it->font, it->text, strlen(it->text), false, &g);
		font_ligatures(f->fs, was);
		*cps += ncodepoints(it->text);
		/* measured as drawn */
		was = font_ligatures(f->fs, it->liga);
		assert_float_equal(font_width(f->fs, it->font, it->text, strlen(it->text), it->size), it->w, 0.001);
		font_ligatures(f->fs, was);
	}
}

static void test_latin_ligatures(void **state)
{
	fx *f = *state;
	f->d->styles[ST_BODY].ligatures = true;
	f->d->page.outside = 330; /* a narrow column: words are hyphenated */
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, latin, 0);
	assert_int_equal(layfx_layout(f), 0);
	size_t glyphs, cps;
	count_body(f, &glyphs, &cps);
	assert_true(cps > 100);
	assert_true(glyphs + 15 <= cps); /* fi, fl, ffi … drawn as one glyph each */
	/* justified: every line but the last ends at the right margin */
	const lpage *pg = &f->L->pages[0];
	double right = f->d->page.width - f->d->page.outside, y = -1, end = 0;
	int flush = 0, lines = 0;
	for (size_t i = 0; i <= pg->n; i++) {
		const item *it = i < pg->n ? &pg->items[i] : NULL;
		if (it && (it->kind != IT_TEXT || it->size != 10.5))
			continue;
		if (!it || it->y != y) {
			if (y >= 0) {
				lines++;
				flush += fabs(end - right) < 0.01;
			}
			if (!it)
				break;
			y = it->y;
			end = 0;
		}
		if (it->x + it->w > end)
			end = it->x + it->w;
	}
	assert_true(lines >= 3);
	assert_int_equal(flush, lines - 1);
	assert_int_equal(f->L->overfull_lines, 0);
	assert_true(f->L->hyphens >= 1); /* hyphenated with its ligatures */
	/* the ligature glyph of "fi" maps to both letters */
	char *t = drawn_text(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), "fonts/NotoSerif-Regular.ttf", "office filed");
	assert_string_equal(t, "office filed");
	free(t);
	font_ligatures(f->fs, true);
	const font_glyph *g;
	assert_true(font_shape(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), "office", 6, false, &g) < 6);
	font_ligatures(f->fs, false);
}

/* Ligatures off (the default): one glyph per character, as before */
static void test_latin_default(void **state)
{
	fx *f = *state;
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, latin, 0);
	assert_int_equal(layfx_layout(f), 0);
	size_t glyphs, cps;
	count_body(f, &glyphs, &cps);
	assert_int_equal(glyphs, cps);
}

/* The language reaches HarfBuzz (font_language): a font's forms for it,
 * through its OpenType language system (locl), each language cached apart
 * in the fontset and in the process's cache. */
static void test_language_forms(void **state)
{
	fx *f = *state;
	assert_int_equal(layfx_layout(f), 0);
	int serif = FONT_ID(FAM_BODY, FACE_REGULAR);
	/* Noto Serif's Serbian and Macedonian б */
	font_language(f->fs, "ru");
	uint32_t be_ru = glyph_alone(f->fs, serif, "б");
	font_language(f->fs, "sr");
	uint32_t be_sr = glyph_alone(f->fs, serif, "б");
	assert_true(be_sr != be_ru);
	font_language(f->fs, "mk");
	assert_int_equal(glyph_alone(f->fs, serif, "б"), be_sr);
	font_language(f->fs, "bg"); /* no form of its own in Noto Serif */
	assert_int_equal(glyph_alone(f->fs, serif, "б"), be_ru);
	/* a letter without a Serbian form is the same glyph */
	uint32_t ge = glyph_alone(f->fs, serif, "г");
	font_language(f->fs, "sr");
	assert_int_equal(glyph_alone(f->fs, serif, "г"), ge);
	/* a text shaped in one language and then another, each from its
	 * cache: the second language's glyphs, not the first's */
	const font_glyph *g;
	const char *w = "бег";
	size_t n = font_shape(f->fs, serif, w, strlen(w), false, &g);
	assert_int_equal(n, 3);
	assert_int_equal(g[0].gid, be_sr);
	font_language(f->fs, "ru");
	n = font_shape(f->fs, serif, w, strlen(w), false, &g);
	assert_int_equal(g[0].gid, be_ru);
	font_language(f->fs, "sr");
	n = font_shape(f->fs, serif, w, strlen(w), false, &g);
	assert_int_equal(g[0].gid, be_sr);
	/* Marathi's ल and श in Noto Sans Devanagari, not Hindi's */
	font_language(f->fs, "hi");
	uint32_t la_hi = glyph_alone(f->fs, DEVA_ID, "ल"), sha_hi = glyph_alone(f->fs, DEVA_ID, "श");
	font_language(f->fs, "mr");
	assert_true(glyph_alone(f->fs, DEVA_ID, "ल") != la_hi);
	assert_true(glyph_alone(f->fs, DEVA_ID, "श") != sha_hi);
	font_language(f->fs, NULL); /* the default: as without a language */
	assert_int_equal(glyph_alone(f->fs, DEVA_ID, "ल"), la_hi);
	assert_int_equal(glyph_alone(f->fs, serif, "б"), be_ru);
}

/* The drawn glyphs of text item it in the language it was measured in
 * (item.shape_lang), as render_pdf's text_glyphs shapes it. */
static size_t item_glyphs(fx *f, const item *it, const font_glyph **g)
{
	assert_true(it->shape_lang >= 1 && it->shape_lang <= f->L->nlangs);
	font_language(f->fs, f->L->langs[it->shape_lang - 1]);
	return font_shape(f->fs, it->font, it->text, strlen(it->text), it->rtl, g);
}

/* Layout measures each text in its language, the passage's, else the
 * block's, else the document's, and its item says which: a Serbian
 * document with a Russian article and a Russian passage. */
static void test_language_items(void **state)
{
	fx *f = *state;
	f->d->meta.language = "sr";
	char *mixed = arena_printf(f->d->a, "Серб: бег, %s", lm_wrap(f->d->a, "ru", "руск: бег"));
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, mixed, 0);
	block *b = build_para(f->d, (srcpos){"t", 2, 1}, ST_BODY, "Руск: бег", 0);
	b->lang = "ru";
	assert_int_equal(layfx_layout(f), 0);
	const lpage *pg = &f->L->pages[0];
	font_language(f->fs, "ru");
	uint32_t be_ru = glyph_alone(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR), "б");
	int sr = 0, ru = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || !it->text || !strstr(it->text, "бег"))
			continue;
		const font_glyph *g;
		size_t n = item_glyphs(f, it, &g);
		const char *l = f->L->langs[it->shape_lang - 1];
		bool serbian = !strcmp(l, "sr");
		/* the б of бег, Serbian in the Serbian text only */
		const char *at = strstr(it->text, "бег");
		for (size_t k = 0; k < n; k++)
			if (g[k].cluster == (uint32_t)(at - it->text))
				assert_true((g[k].gid == be_ru) != serbian);
		/* measured as drawn */
		long sum = 0;
		for (size_t k = 0; k < n; k++)
			sum += g[k].advance;
		assert_float_equal(sum * it->size / 1000.0, it->w, 0.001);
		sr += serbian;
		ru += !serbian && !strcmp(l, "ru");
	}
	assert_int_equal(sr, 1);
	assert_int_equal(ru, 2);
}

/* The items of the page's running head (above the body), their code
 * points and glyphs as drawn (item.liga) and each measured as drawn. */
static void count_head(fx *f, size_t *glyphs, size_t *cps, size_t *items)
{
	*glyphs = *cps = *items = 0;
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || !it->text || it->y < f->d->page.height - f->d->page.top)
			continue;
		const font_glyph *g;
		bool was = font_ligatures(f->fs, it->liga);
		*glyphs += font_shape(f->fs, it->font, it->text, strlen(it->text), it->rtl, &g);
		assert_float_equal(font_width_dir(f->fs, it->font, it->text, strlen(it->text), it->rtl, it->size), it->w,
				   0.001);
		font_ligatures(f->fs, was);
		*cps += ncodepoints(it->text);
		(*items)++;
	}
}

/* One-line texts (the running head here; feet, list markers, contents'
 * page numbers and code lines alike) follow their style's ligatures:
 * measured and drawn with them, and set flush right as measured. */
static void test_oneline_ligatures(void **state)
{
	fx *f = *state;
	f->d->header.left = "Office affairs";
	f->d->header.right = "Final figures";
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, "Text.", 0);
	assert_int_equal(layfx_layout(f), 0);
	size_t glyphs, cps, items;
	count_head(f, &glyphs, &cps, &items);
	assert_true(items >= 2);
	assert_int_equal(glyphs, cps); /* the header's style: no ligatures */
	layout_free(f->L);
	fontset_free(f->fs);
	f->d->styles[ST_HEADER].ligatures = true;
	assert_int_equal(layfx_layout(f), 0);
	count_head(f, &glyphs, &cps, &items);
	assert_true(glyphs + 3 <= cps); /* ffi, ff, fi, fi */
	/* the right text ends at the frame's right edge, as measured */
	const lpage *pg = &f->L->pages[0];
	double right = f->d->page.width - f->d->page.outside, end = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind == IT_TEXT && it->text && it->y >= f->d->page.height - f->d->page.top && it->liga)
			end = fmax(end, it->x + it->w);
	}
	assert_float_equal(end, right, 0.01);
}

/* A justified line without spaces (Thai broken between words) is spread
 * between its grapheme clusters, never after a mark or inside a cluster,
 * by no more than 0.06 em a place, and ends flush right; each item is as
 * wide as its glyphs drawn with the spread (render_pdf's text_glyphs). */
static void test_thai_justified(void **state)
{
	fx *f = *state;
	f->d->meta.language = "th";
	f->d->page.outside = 250; /* a narrow column: lines without a space */
	const char *th = "การประชุมสหประชาชาติว่าด้วยการป้องกันอาชญากรรมและความยุติธรรมทางอาญาจัดขึ้นที่เมืองเกียวโต"
			 "ประเทศญี่ปุ่นผู้แทนส่วนใหญ่เข้าร่วมทางอินเทอร์เน็ตเนื่องจากการระบาดของโรคการประชุมได้รับรอง"
			 "ปฏิญญาเกียวโตซึ่งรัฐสมาชิกได้ให้คำมั่นว่าจะส่งเสริมการป้องกันอาชญากรรมและหลักนิติธรรม";
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, th, 0);
	assert_int_equal(layfx_layout(f), 0);
	const lpage *pg = &f->L->pages[0];
	double right = f->d->page.width - f->d->page.outside, size = f->d->styles[ST_BODY].size;
	int tracked_lines = 0;
	double y = -1, end = 0;
	bool tracked = false;
	for (size_t i = 0; i <= pg->n; i++) {
		const item *it = i < pg->n ? &pg->items[i] : NULL;
		if (it && (it->kind != IT_TEXT || it->size != size))
			continue;
		if (!it || it->y != y) {
			if (tracked) {
				tracked_lines++;
				assert_float_equal(end, right, 0.01); /* flush */
			}
			if (!it)
				break;
			y = it->y;
			end = 0;
			tracked = false;
		}
		end = fmax(end, it->x + it->w);
		if (it->track <= 0)
			continue;
		tracked = true;
		assert_true(it->track <= 0.06 * size + 1e-6);
		const font_glyph *g;
		size_t n = strlen(it->text), ng = font_shape(f->fs, it->font, it->text, n, false, &g);
		double sum = 0;
		for (size_t k = 0; k < ng; k++) {
			sum += g[k].advance;
			if (!font_track_after(it->text, n, g, ng, k))
				continue;
			sum += it->track * 1000.0 / it->size;
			assert_true(g[k].advance != 0 && g[k + 1].advance != 0); /* not after or before a mark */
			assert_true(g[k + 1].cluster != g[k].cluster);
		}
		assert_float_equal(sum * it->size / 1000.0, it->w, 0.001);
	}
	assert_true(tracked_lines >= 1);
	/* no place inside a cluster: ก and its vowel sign ำ, a letter and its marks */
	const font_glyph *g;
	size_t ng = font_shape(f->fs, THAI_ID, "คำ", strlen("คำ"), false, &g);
	for (size_t k = 0; k < ng; k++)
		assert_false(font_track_after("คำ", strlen("คำ"), g, ng, k));
	ng = font_shape(f->fs, THAI_ID, "ที่มา", strlen("ที่มา"), false, &g);
	size_t places = 0;
	for (size_t k = 0; k < ng; k++)
		places += font_track_after("ที่มา", strlen("ที่มา"), g, ng, k);
	assert_int_equal(places, 1); /* มา only: ที่ ends with marks */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_devanagari, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_thai_marks, setup, layfx_teardown),
		cmocka_unit_test(test_thai_breaks),
		cmocka_unit_test_setup_teardown(test_latin_ligatures, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_latin_default, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_language_forms, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_language_items, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_oneline_ligatures, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_thai_justified, setup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
