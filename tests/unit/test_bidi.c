/* test_bidi.c — right-to-left and CJK text (bidi.c, layout.c): bidi
 * levels, Arabic shaped by HarfBuzz in paragraphs and in one-line texts
 * (running heads, list markers, chart labels), runs in display order, right-to-left
 * paragraphs set flush right, Arabic and Chinese taken from the fallback
 * fonts inside a Latin paragraph, justified Chinese flush without spaces.
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

#include "bidi.h"
#include "build.h"
#include "hyph.h"
#include "layout.h"
#include "fixture.h"

/* ---- bidi.c on its own ---- */

/* UTF-8 → code points */
static size_t cps(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		int l = utf8_decode(s + i, len - i, &out[n]);
		assert_true(l > 0);
		i += (size_t)l;
		n++;
	}
	return n;
}

static void test_base_direction(void **state)
{
	(void)state;
	uint32_t cp[32];
	uint8_t lev[32];
	bool rtl;
	/* the first strong character decides */
	bidi_levels(cp, lev, NULL, cps("UNODC سلام", cp, 32), BIDI_AUTO, &rtl);
	assert_false(rtl);
	bidi_levels(cp, lev, NULL, cps("2021 سلام", cp, 32), BIDI_AUTO, &rtl);
	assert_true(rtl);
	/* an Arabic article's paragraph is right to left whatever it starts with */
	size_t n = bidi_levels(cp, lev, NULL, cps("UNODC سلام", cp, 32), BIDI_RTL, &rtl);
	assert_true(rtl);
	assert_int_equal(lev[0], 2); /* Latin inside right-to-left: level 2 */
	assert_int_equal(lev[n - 1], 1);
	/* the controls act on the levels, then go: "a" RLE "b" PDF → "ab" with b at level 1 */
	n = bidi_levels(cp, lev, NULL, cps("a\u202Bb\u202C", cp, 32), BIDI_AUTO, &rtl);
	assert_int_equal(n, 2);
	assert_int_equal(cp[1], 'b');
	assert_int_equal(lev[0], 0);
	assert_int_equal(lev[1], 2); /* L inside a right-to-left embedding */
	/* no right-to-left character: nothing to do */
	assert_false(bidi_has_rtl("Kyoto 京都 2021", strlen("Kyoto 京都 2021")));
	assert_true(bidi_has_rtl("Kyoto سلام", strlen("Kyoto سلام")));
}

static void test_order_runs(void **state)
{
	(void)state;
	/* L2: reverse from the highest level down to the lowest odd one */
	const uint8_t lev[] = {0, 1, 1, 2, 1, 0};
	size_t ord[6];
	bidi_order(lev, 6, ord);
	const size_t want[] = {0, 4, 3, 2, 1, 5};
	for (int i = 0; i < 6; i++)
		assert_int_equal(ord[i], want[i]);
	const uint8_t lev2[] = {1, 1, 2, 2, 1};
	bidi_order(lev2, 5, ord);
	const size_t want2[] = {4, 2, 3, 1, 0}; /* the level-2 run keeps its order */
	for (int i = 0; i < 5; i++)
		assert_int_equal(ord[i], want2[i]);
}

static void test_hyphenation_of_accented_words(void **state)
{
	(void)state;
	/* libhyphen numbers the points of a UTF-8 dictionary by character:
	 * délégués is dé-lé-gués (byte offsets 3 and 6), not dél-égués */
	if (!hyph_available("fr"))
		skip(); /* hyphen-fr (tools/install-deps.sh) */
	size_t pts[8];
	const char *w = "délégués";
	int n = hyph_points("fr", w, strlen(w), pts, 8);
	assert_int_equal(n, 2);
	assert_int_equal(pts[0], 3);
	assert_int_equal(pts[1], 6);
	/* Debian's Russian dictionary is KOI8-R: the word is converted */
	if (hyph_available("ru")) {
		w = "декларацию"; /* де-кла-ра-цию: Cyrillic letters take 2 bytes */
		n = hyph_points("ru", w, strlen(w), pts, 8);
		assert_true(n >= 2);
		assert_int_equal(pts[0], 4);
		assert_int_equal(pts[1], 10);
	}
	/* English (ASCII) words as before */
	n = hyph_points("en", "prevention", 10, pts, 8);
	assert_true(n >= 1);
	assert_int_equal(pts[0], 3); /* pre-ven-tion */
}

/* ---- layout with the Arabic and CJK fallback fonts ---- */
typedef layfx fx;


static int setup(void **state)
{
	doc *d = layfx_doc((page_setup){595.276, 841.89, 62.36, 62.36, 56.7, 56.7, false, SEC_START_AUTO, false});
	/* as load_layout.c resolves them: missing faces take the nearest one */
	d->fallback[0].name = "NotoNaskhArabic";
	d->fallback[1].name = "DroidSansFallback";
	for (int k = 0; k < 4; k++) {
		d->fallback[0].path[k] = k == FACE_REGULAR || k == FACE_ITALIC ? "fonts/NotoNaskhArabic-Regular.ttf"
									      : "fonts/NotoNaskhArabic-Bold.ttf";
		d->fallback[1].path[k] = "fonts/DroidSansFallback-Regular.ttf";
	}
	d->nfallback = 2;
	*state = layfx_new(d);
	return 0;
}

static void run(fx *f)
{
	assert_int_equal(layfx_layout(f), 0);
	assert_non_null(f->L);
}

static srcpos P0 = {"t", 1, 1};

static double left_edge(const fx *f)
{
	return f->d->page.inside;
}

static double right_edge(const fx *f)
{
	return f->d->page.width - f->d->page.outside;
}

/* Body lines (10.5 pt text) of page 0: extent of each baseline. */
typedef struct {
	double y, x0, x1;
} line_ext;

static int body_lines(const fx *f, line_ext *ln, int max)
{
	int n = 0;
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || it->size != 10.5 || !it->text[0])
			continue;
		int k = 0;
		while (k < n && fabs(ln[k].y - it->y) > 0.001)
			k++;
		if (k == n) {
			if (n == max)
				continue;
			ln[n++] = (line_ext){it->y, it->x, it->x + it->w};
		}
		if (it->x < ln[k].x0)
			ln[k].x0 = it->x;
		if (it->x + it->w > ln[k].x1)
			ln[k].x1 = it->x + it->w;
	}
	return n;
}

static const char *const arabic =
	"أهلًا بكم في هذه الإحاطة عن مؤتمر الأمم المتحدة الرابع عشر لمنع الجريمة والعدالة الجنائية، "
	"الذي عُقد في كيوتو باليابان من 7 إلى 12 آذار/مارس 2021. وبسبب الجائحة انعقد المؤتمر بصيغة "
	"مختلطة، إذ حضر عدد قليل من المندوبين شخصيًا بينما شارك معظمهم عبر الإنترنت. وقد دعم مكتب "
	"الأمم المتحدة المعني بالمخدرات والجريمة (UNODC) تنظيم المؤتمر بالتعاون مع حكومة اليابان.";

static void test_arabic_paragraph_flush_right(void **state)
{
	fx *f = *state;
	build_para(f->d, P0, ST_BODY, arabic, 0);
	run(f);
	line_ext ln[32];
	int n = body_lines(f, ln, 32);
	assert_true(n >= 3);
	/* justified: every line ends at the right margin, every line but the
	 * last starts at the left one; the last line is flush right */
	for (int k = 0; k < n; k++) {
		assert_float_equal(ln[k].x1, right_edge(f), 0.1);
		if (k + 1 < n)
			assert_float_equal(ln[k].x0, left_edge(f), 0.1);
		else
			assert_true(ln[k].x0 > left_edge(f) + 10);
	}
	assert_int_equal(f->L->overfull_lines, 0);
	assert_int_equal(f->L->hyphens, 0);
	/* shaped by HarfBuzz: the items hold the letters in logical order (no
	 * presentation forms), marked right to left */
	const lpage *pg = &f->L->pages[0];
	int letters = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT)
			continue;
		bool arabic = false;
		for (const char *s = it->text; *s;) {
			uint32_t cp;
			int l = utf8_decode(s, strlen(s), &cp);
			assert_true(l > 0);
			assert_false(cp >= 0xFE70 && cp <= 0xFEFF);
			arabic |= cp >= 0x0621 && cp <= 0x064A;
			letters += cp >= 0x0621 && cp <= 0x064A;
			s += l;
		}
		if (arabic)
			assert_true(it->rtl);
	}
	assert_true(letters > 200);
	/* joined: the glyphs of "بكم" are not those of its letters alone, and
	 * come in display order (the first letter last) */
	int font = pg->items[0].font;
	for (size_t i = 0; i < pg->n; i++)
		if (pg->items[i].kind == IT_TEXT && pg->items[i].rtl)
			font = pg->items[i].font;
	const font_glyph *g, *one;
	size_t n3 = font_shape(f->fs, font, "بكم", strlen("بكم"), true, &g);
	assert_int_equal(n3, 3);
	assert_int_equal(g[2].cluster, 0);
	assert_int_equal(g[0].cluster, 4);
	int differ = 0;
	const char *alone[3] = {"م", "ك", "ب"};
	for (int k = 0; k < 3; k++) {
		uint32_t gid = g[k].gid;
		assert_int_equal(font_shape(f->fs, font, alone[k], strlen(alone[k]), true, &one), 1);
		differ += one[0].gid != gid;
	}
	assert_true(differ >= 2);
}

static void test_arabic_article_left_align_means_start(void **state)
{
	fx *f = *state;
	/* a heading (aligned left) of an Arabic article that starts with a
	 * Latin name: the article's language makes it right to left */
	block *b = build_para(f->d, P0, ST_H2, "UNODC والمؤتمر", 0);
	b->lang = "ar";
	run(f);
	const lpage *pg = &f->L->pages[0];
	double x1 = 0, x0 = 1e9, latin_x = -1, arabic_x = -1;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || it->size == 10.5 || it->y < 700)
			continue;
		if (it->x < x0)
			x0 = it->x;
		if (it->x + it->w > x1)
			x1 = it->x + it->w;
		if (!strcmp(it->text, "UNODC"))
			latin_x = it->x;
		else
			arabic_x = it->x;
	}
	assert_float_equal(x1, right_edge(f), 0.1);
	/* the first word (UNODC) is at the right, the start of the line */
	assert_true(latin_x > arabic_x);
	assert_true(arabic_x >= 0);
}

static void test_fallback_in_latin_paragraph(void **state)
{
	fx *f = *state;
	build_para(f->d, P0, ST_BODY, "The host city is written 京都, and the Congress is مؤتمر الأمم المتحدة in Arabic.", 0);
	run(f);
	const lpage *pg = &f->L->pages[0];
	bool cjk = false, ar = false;
	double ar_first = -1, ar_last = -1;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || it->size != 10.5)
			continue;
		const char *fam = font_family_name(f->fs, it->font);
		if (strstr(it->text, "京") || strstr(it->text, "都")) {
			cjk = true;
			assert_string_equal(fam, "DroidSansFallback");
		}
		/* مؤتمر and المتحدة: their letters, shaped right to left */
		if (!strcmp(it->text, "مؤتمر")) {
			ar = true;
			ar_first = it->x;
			assert_string_equal(fam, "NotoNaskhArabic");
			assert_true(it->rtl);
		}
		if (!strcmp(it->text, "المتحدة"))
			ar_last = it->x;
	}
	assert_true(cjk);
	assert_true(ar);
	/* in a left-to-right paragraph the Arabic phrase reads right to left:
	 * its first word is the rightmost */
	assert_true(ar_last >= 0 && ar_first > ar_last);
}

/* Chart labels take characters from the fallback fonts too, and an Arabic
 * label is one right-to-left item of its letters, shaped by HarfBuzz. */
static void test_chart_labels_fallback(void **state)
{
	fx *f = *state;
	static const char *cats[] = {"中文", "مؤتمر", "English"};
	static double vals[] = {3, 2, 1};
	static chart_series ser = {"n", vals, NULL};
	chart *ch = arena_alloc(f->d->a, sizeof *ch);
	memset(ch, 0, sizeof *ch);
	ch->type = CHART_HBAR;
	ch->categories = cats;
	ch->ncat = 3;
	ch->series = &ser;
	ch->nseries = 1;
	ch->y_min = ch->y_max = NAN;
	ch->language = "en";
	block *b = doc_add(f->d, BLK_CHART, P0);
	b->chart = ch;
	run(f);
	const lpage *pg = &f->L->pages[0];
	bool cjk = false, ar = false, en = false;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT)
			continue;
		const char *fam = font_family_name(f->fs, it->font);
		if (!strcmp(it->text, "中文")) {
			cjk = true;
			assert_string_equal(fam, "DroidSansFallback");
			assert_true(it->w > 0);
		} else if (!strcmp(it->text, "مؤتمر")) { /* its letters, shaped right to left */
			ar = true;
			assert_string_equal(fam, "NotoNaskhArabic");
			assert_true(it->rtl);
		} else if (!strcmp(it->text, "English")) {
			en = true;
			assert_string_not_equal(fam, "DroidSansFallback");
		}
	}
	assert_true(cjk);
	assert_true(ar);
	assert_true(en);
}

/* The text items of page 0 whose baseline is above y (the running head). */
static size_t head_items(const fx *f, double y, const item **out, size_t max)
{
	const lpage *pg = &f->L->pages[0];
	size_t n = 0;
	for (size_t i = 0; i < pg->n && n < max; i++)
		if (pg->items[i].kind == IT_TEXT && pg->items[i].y > y && pg->items[i].text[0])
			out[n++] = &pg->items[i];
	return n;
}

static const item *find_text(const item **it, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(it[i]->text, prefix, strlen(prefix)))
			return it[i];
	return NULL;
}

/* A glyph run of item it, shaped as render draws it. */
static size_t item_glyphs(const fx *f, const item *it, const font_glyph **g)
{
	return font_shape(f->fs, it->font, it->text, strlen(it->text), it->rtl, g);
}

/* A running head is set as a line of a paragraph is: its letters in
 * logical order (no presentation forms), each run of one level and one
 * face an item, right-to-left runs marked so and shaped by HarfBuzz
 * (joined, marks placed by the font's GPOS), the runs in display order. */
static void test_running_head_shaped(void **state)
{
	fx *f = *state;
	/* a left-to-right line: "a", then the Arabic phrase from right to
	 * left (ب leftmost, then 12, then مُثِّل سلام), then the stop */
	f->d->header.left = "a مُثِّل سلام 12 ب.";
	build_para(f->d, P0, ST_BODY, "Text.", 0);
	run(f);
	const item *it[16];
	size_t n = head_items(f, f->d->page.height - f->d->page.top, it, 16);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		bool ar = false;
		for (const char *s = it[i]->text; *s;) {
			uint32_t cp;
			int l = utf8_decode(s, strlen(s), &cp);
			assert_true(l > 0);
			assert_false(cp >= 0xFB50 && cp <= 0xFEFF); /* no presentation form */
			ar |= cp >= 0x0621 && cp <= 0x064A;
			s += l;
		}
		assert_true(!ar || it[i]->rtl);
	}
	const item *a = find_text(it, n, "a"), *phrase = find_text(it, n, "مُثِّل سلام"),
		   *num = find_text(it, n, "12"), *ba = find_text(it, n, "ب"), *stop = find_text(it, n, ".");
	assert_non_null(a);
	assert_non_null(phrase);
	assert_non_null(num);
	assert_non_null(ba);
	assert_non_null(stop);
	assert_false(a->rtl);
	assert_true(phrase->rtl);
	assert_string_equal(font_family_name(f->fs, phrase->font), "NotoNaskhArabic");
	/* display order */
	assert_true(a->x < ba->x);
	assert_true(ba->x < num->x);
	assert_true(num->x < phrase->x);
	assert_true(phrase->x < stop->x);
	/* what it is measured as is what is drawn: the shaped advances */
	const font_glyph *g;
	size_t ng = item_glyphs(f, phrase, &g);
	long sum = 0;
	int marks = 0;
	for (size_t k = 0; k < ng; k++) {
		sum += g[k].advance;
		marks += g[k].advance == 0 && (g[k].dx != 0 || g[k].dy != 0);
	}
	assert_float_equal(phrase->w, sum * phrase->size / 1000.0, 0.01);
	/* the damma, shadda and kasra placed on their letters by the font */
	assert_true(marks >= 2);
	/* joined: glyphs of the font's joining forms, not of the letters
	 * alone; the word's first letter (م of مُثِّل) drawn last */
	assert_int_equal(g[ng - 1].cluster, 0);
	const font_glyph *one;
	assert_int_equal(font_shape(f->fs, phrase->font, "م", strlen("م"), true, &one), 1);
	assert_int_not_equal(g[ng - 1].gid, one[0].gid);
}

/* The number of an ordered list item in a right-to-left block reads from
 * the right: the number, then its stop to the left of it (".1"). */
static void test_rtl_list_number(void **state)
{
	fx *f = *state;
	block *b = build_para(f->d, P0, ST_LIST, "بند أول", 0);
	b->lang = "ar";
	b->marker = "1.";
	run(f);
	const lpage *pg = &f->L->pages[0];
	const item *one = NULL, *stop = NULL;
	double text_x = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT)
			continue;
		if (it->tag == TAG_LABEL && !strcmp(it->text, "1"))
			one = it;
		else if (it->tag == TAG_LABEL && !strcmp(it->text, "."))
			stop = it;
		else if (it->tag != TAG_LABEL && it->x + it->w > text_x)
			text_x = it->x + it->w;
	}
	assert_non_null(one);
	assert_non_null(stop);
	assert_true(stop->x < one->x);
	assert_true(stop->x > text_x); /* right of the item's text */
}

static void test_fallback_scale(void **state)
{
	fx *f = *state;
	/* the Arabic family drawn at 1.2 times the text size: its items say
	 * so, and their width is measured at that size */
	f->d->fallback[0].scale = 1.2;
	build_para(f->d, P0, ST_BODY, "The word سلام means peace.", 0);
	run(f);
	const lpage *pg = &f->L->pages[0];
	bool seen = false;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || strcmp(it->text, "سلام"))
			continue;
		seen = true;
		assert_float_equal(it->size, 10.5 * 1.2, 0.001);
		int id = it->font;
		/* shaped right to left: the glyphs' advances, at 1.2 times the size */
		const font_glyph *g;
		size_t ng = font_shape(f->fs, id, "سلام", strlen("سلام"), true, &g);
		long sum = 0;
		for (size_t k = 0; k < ng; k++)
			sum += g[k].advance;
		double w = sum * 1.2 * 10.5 / 1000;
		assert_float_equal(it->w, w, 0.001);
		assert_float_equal(font_scale(f->fs, id), 1.2, 1e-9);
		assert_float_equal(w, font_width_dir(f->fs, id, "سلام", strlen("سلام"), true, 10.5), 0.001);
		/* in display order: the first letter's glyph is the last */
		assert_true(ng >= 3);
		assert_int_equal(g[ng - 1].cluster, 0);
	}
	assert_true(seen);
}

static void test_chinese_justified_without_spaces(void **state)
{
	fx *f = *state;
	block *b = build_para(f->d, P0, ST_BODY,
			      "欢迎阅读本简报。第十四届联合国预防犯罪和刑事司法大会于2021年3月7日至12日在日本京都举行。"
			      "受疫情影响，大会采用线上与线下相结合的混合形式：少数代表亲临现场，大多数代表通过网络参会。"
			      "大会在开幕当天通过了《京都宣言》，阐明各国将如何推进预防犯罪、刑事司法和法治工作，助力实现"
			      "《2030年可持续发展议程》。",
			      0);
	b->lang = "zh";
	run(f);
	line_ext ln[32];
	int n = body_lines(f, ln, 32);
	assert_true(n >= 3);
	for (int k = 0; k + 1 < n; k++) {
		assert_float_equal(ln[k].x0, left_edge(f), 0.1);
		assert_float_equal(ln[k].x1, right_edge(f), 0.1);
	}
	assert_true(ln[n - 1].x1 < right_edge(f) - 10); /* the last line is ragged */
	assert_int_equal(f->L->overfull_lines, 0);
	assert_int_equal(f->L->hyphens, 0);
	/* no line starts with a closing mark or ends with an opening one (UAX #14) */
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind == IT_TEXT && it->size == 10.5 && fabs(it->x - left_edge(f)) < 0.01) {
			assert_true(strncmp(it->text, "。", 3) && strncmp(it->text, "，", 3));
			assert_true(strncmp(it->text, "》", 3));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_direction),
		cmocka_unit_test(test_order_runs),
		cmocka_unit_test(test_hyphenation_of_accented_words),
		cmocka_unit_test_setup_teardown(test_arabic_paragraph_flush_right, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_arabic_article_left_align_means_start, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_fallback_in_latin_paragraph, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_chart_labels_fallback, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_running_head_shaped, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_rtl_list_number, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_fallback_scale, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_chinese_justified_without_spaces, setup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
