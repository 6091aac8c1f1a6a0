/* textline.c — one-line texts outside paragraphs (running lines, list
 * markers, contents page numbers, chart labels, generated characters):
 * shaped, measured and set in display order with font fallback.
 */
#include "layout_imp.h"

/* The face one-line text in face f starts from: in a Chinese, Japanese or
 * Korean block or dossier the CJK face, when it has the script, so that
 * digits, Latin and punctuation match the ideographs around them (as
 * para_words does for paragraphs); else f. */
int lang_face(lctx *c, int f)
{
	uint32_t probe = cjk_probe(lang(c));
	return probe ? font_prefer(c->fs, f, probe) : f;
}

/* ---- one-line texts as runs ----
 * A one-line text (a running head, a contents entry's page number, a list
 * marker, a chart label) is set as a line of a paragraph is: its bidi
 * levels resolved (UAX #9, FriBidi; right to left in a right-to-left
 * language, else from its first strong letter), cut into runs of one face
 * and one level, each run shaped whole by HarfBuzz in its direction
 * (font_shape: joining, lam-alef, marks on their letters) and the runs put
 * in display order (UAX #9 L2). A right-to-left run is one item holding
 * its text in logical order, drawn and encoded as a right-to-left piece of
 * a paragraph is (item.rtl; render: pdf_font_show). */
typedef struct {
	size_t off, len;        /* into the text as set */
	int face;               /* the face that draws it (font_pick) */
	uint8_t lev;            /* bidi level: odd, right to left */
} lrun;

/* The base direction of one-line text in the current block or document:
 * left to right for code (c->text_ltr), right to left in a right-to-left
 * language (as set_para sets a paragraph), else from the text's first
 * strong letter. */
static int line_dir(lctx *c)
{
	return c->text_ltr ? BIDI_LTR : lang_rtl(lang(c)) ? BIDI_RTL : BIDI_AUTO;
}

/* The character at s[i..n) (*cp, *l bytes). */
static void cp_at(const char *s, size_t n, size_t i, uint32_t *cp, int *l)
{
	if (!(*l = utf8_decode(s + i, n - i, cp)))
		*l = 1, *cp = 0xFFFD;
}

/* Cut s[0..n) in face f into runs of one face and one level, in logical
 * order: *t is the text as set (s, or s without its bidi controls, in the
 * arena), *tn its length; the runs in *out (the caller frees). A space or
 * a mark the run's face has stays in the run (a mark is shaped with its
 * letter). miss, when not NULL, is called for each character no face has
 * (its byte offset in *t). Returns the number of runs. */
static size_t line_runs(lctx *c, int f, const char *s, size_t n, const char **t, size_t *tn, lrun **out,
			void (*miss)(lctx *, int, const char *, size_t, size_t))
{
	uint8_t *lev = NULL; /* per byte of the text as set; NULL: all 0 */
	int dir = line_dir(c);
	if (n && (dir == BIDI_RTL || bidi_has_rtl(s, n))) {
		uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
		uint8_t *lv = xmalloc(n + 1);
		size_t k = 0;
		for (size_t i = 0; i < n; k++) {
			int l;
			cp_at(s, n, i, &cp[k], &l);
			i += (size_t)l;
		}
		bool rtl;
		k = bidi_levels(cp, lv, NULL, k, dir, &rtl);
		buf b = {0};
		for (size_t i = 0; i < k; i++)
			bidi_put_cp(&b, cp[i]);
		lev = xmalloc(b.len + 1);
		for (size_t i = 0, at = 0; i < k; i++) {
			size_t l = cp[i] < 0x80 ? 1 : cp[i] < 0x800 ? 2 : cp[i] < 0x10000 ? 3 : 4;
			memset(lev + at, lv[i], l);
			at += l;
		}
		if (b.len != n || memcmp(b.s, s, n)) /* controls dropped */
			s = arena_strndup(c->L->a, b.s ? b.s : "", b.len);
		n = b.len;
		buf_free(&b);
		free(cp);
		free(lv);
	}
	*t = s;
	*tn = n;
	lrun *r = NULL;
	size_t nr = 0, cap = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l;
		cp_at(s, n, i, &cp, &l);
		uint8_t lv = lev ? lev[i] : 0;
		lrun *cur = nr ? &r[nr - 1] : NULL;
		int g;
		if (cur && cur->lev == lv && (cp == ' ' || cp == 0xA0 || bidi_is_mark(cp)) &&
		    font_has(c->fs, cur->face, cp)) {
			g = cur->face;
		} else if ((g = font_pick(c->fs, f, cp)) < 0) {
			if (miss)
				miss(c, f, s, n, i);
			g = f;
		}
		if (cur && cur->face == g && cur->lev == lv) {
			cur->len += (size_t)l;
		} else {
			GROW(r, cap, nr + 1);
			r[nr++] = (lrun){i, (size_t)l, g, lv};
		}
		i += (size_t)l;
	}
	free(lev);
	*out = r;
	return nr;
}

/* Run r of text t, shaped with standard ligatures when liga (its style's
 * ligatures, as render draws it: item.liga). */
static double run_width(lctx *c, const char *t, const lrun *r, double size, bool liga)
{
	bool was = font_ligatures(c->fs, liga);
	double w = font_width_dir(c->fs, r->face, t + r->off, r->len, r->lev & 1, size);
	font_ligatures(c->fs, was);
	return w;
}

/* Width of s[0..n) in face f set as one line (line_runs), in points, with
 * standard ligatures when liga (its style's ligatures). */
double line_width(lctx *c, int f, const char *s, size_t n, double size, bool liga)
{
	const char *t;
	size_t tn;
	lrun *r;
	size_t nr = line_runs(c, lang_face(c, f), s, n, &t, &tn, &r, NULL);
	double sum = 0;
	for (size_t k = 0; k < nr; k++)
		sum += run_width(c, t, &r[k], size, liga);
	free(r);
	return sum;
}

/* Generated characters (list bullets, dashes, the ellipsis of shortened
 * text, quotation marks and spaces of generated phrases) and what stands
 * in for each when no font of the document has it: the first candidate a
 * font has, else plain ASCII. */
static const struct {
	uint32_t cp;
	const char *alt[3];
} gen_subst[] = {
	{0x2022, {"\xE2\x80\xA7", "\xC2\xB7", "*"}},  /* • → ‧ · * */
	{0x2013, {"\xE2\x80\x90", "-", NULL}},           /* – → ‐ - */
	{0x2014, {"\xE2\x80\x93", "--", NULL}},          /* — → – -- */
	{0x25E6, {"\xE2\x80\xA3", "\xC2\xB7", "-"}},   /* ◦ → ‣ · - */
	{0x2026, {"...", NULL, NULL}},                      /* … */
	{0x201C, {"\"", NULL, NULL}},                      /* “ */
	{0x201D, {"\"", NULL, NULL}},                      /* ” */
	{0x00A0, {" ", NULL, NULL}},                        /* no-break space */
	{0x00B7, {"\xE2\x80\xA2", "-", NULL}},           /* · → • - */
};

/* The stand-in for generated character cp when no face has it: the first
 * candidate some face has, else the last (ASCII); NULL when cp has none. */
static const char *stand_in(lctx *c, int f, uint32_t cp)
{
	for (size_t k = 0; k < sizeof gen_subst / sizeof gen_subst[0]; k++) {
		if (gen_subst[k].cp != cp)
			continue;
		const char *last = NULL;
		for (int a = 0; a < 3 && gen_subst[k].alt[a]; a++) {
			uint32_t ac;
			last = gen_subst[k].alt[a];
			if (utf8_decode(last, strlen(last), &ac) && font_pick(c->fs, f, ac) >= 0)
				return last;
		}
		return last;
	}
	return NULL;
}

/* Generated text s as drawn from face f and its fallbacks: each character
 * no face has replaced by its stand-in. */
const char *gen_text(lctx *c, int f, const char *s)
{
	size_t n = strlen(s);
	buf b = {0};
	bool changed = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			l = 1, cp = 0xFFFD;
		const char *put = font_pick(c->fs, f, cp) < 0 ? stand_in(c, f, cp) : NULL;
		if (put) {
			buf_puts(&b, put);
			changed = true;
		} else {
			buf_put(&b, s + i, (size_t)l);
		}
		i += (size_t)l;
	}
	const char *r = changed ? arena_strndup(c->L->a, b.s, b.len) : s;
	buf_free(&b);
	return r;
}

/* A character no face has, in a text line_add sets: an error at
 * c->text_pos when c->text_what names the text (in decorate, once per
 * character). */
static void report_missing(lctx *c, int want, const char *s, size_t n, size_t i)
{
	uint32_t cp;
	int l;
	cp_at(s, n, i, &cp, &l);
	srcpos at = c->text_pos;
	if (c->text_cols)
		at.col += (int)utf8_count(s, i);
	bool seen = false;
	for (int k = 0; c->nonce >= 0 && k < c->nonce && !seen; k++)
		seen = c->once[k] == cp;
	if (c->nonce >= 0 && !seen && c->nonce < (int)(sizeof c->once / sizeof c->once[0]))
		c->once[c->nonce++] = cp;
	if (c->report && c->text_what && !seen) {
		c->nmissing++;
		diag_error(c->dg, at,
			   "character U+%04X '%.*s' in %s is in no font (%s or the fallback fonts); add a fallback font that has it",
			   cp, l, s + i, c->text_what, font_family_name(c->fs, want));
	}
}

/* Append text item t (its font the face wanted, its text in logical order)
 * to pg, or to the vbox being made when pg is NULL, set as one line from
 * t.x: one item per run of one face and one bidi level (line_runs), in
 * display order, a right-to-left run's item marked rtl; with standard
 * ligatures when t.liga (its style's ligatures). */
void line_add(lctx *c, lpage *pg, item t)
{
	const char *s;
	size_t n;
	lrun *r;
	size_t nr = line_runs(c, lang_face(c, t.font), t.text, strlen(t.text), &s, &n, &r, report_missing);
	uint8_t *lv = xmalloc(nr + 1);
	size_t *ord = xmalloc((nr + 1) * sizeof *ord);
	for (size_t k = 0; k < nr; k++)
		lv[k] = r[k].lev;
	bidi_order(lv, nr, ord);
	double x = t.x;
	for (size_t j = 0; j < nr; j++) {
		const lrun *u = &r[ord[j]];
		item it = t;
		it.font = (int16_t)u->face;
		it.size = (float)(t.size * font_scale(c->fs, u->face));
		it.x = (float)x;
		it.rtl = u->lev & 1;
		it.text = nr == 1 && u->len == n ? s : arena_strndup(c->L->a, s + u->off, u->len);
		it.w = (float)run_width(c, s, u, t.size, t.liga);
		it.shape_lang = c->blang_item; /* measured in it (set_block_lang) */
		x += it.w;
		if (pg) {
			GROW(pg->items, pg->cap, pg->n + 1);
			pg->items[pg->n++] = it;
		} else { /* into the box being set: what it is set as */
			if (!it.tag)
				stamp(c, &it);
			*add_item(c, IT_TEXT) = it;
		}
	}
	free(ord);
	free(lv);
	free(r);
}

/* Shorten text with an ellipsis to fit width: the longest prefix (in
 * logical order) ending at a word's end, else the longest prefix of whole
 * characters, that fits with the ellipsis after it, each measured set as
 * one line (line_width: shaped, in its direction). */
const char *fit(lctx *c, const char *s, int f, double size, bool liga, double width)
{
	size_t n = strlen(s);
	f = lang_face(c, f);
	if (line_width(c, f, s, n, size, liga) <= width)
		return s;
	const char *ellipsis = gen_text(c, f, "\xe2\x80\xa6"); /* a stand-in the font has */
	buf b = {0};
	const char *r = NULL;
	for (int words = 1; words >= 0 && !r; words--) {
		/* from the longest prefix down: the first that fits */
		for (size_t end = n; end > 0 && !r; end--) {
			if ((s[end] & 0xC0) == 0x80 || (words && s[end] != ' '))
				continue; /* inside a character, or not a word's end */
			size_t m = end;
			while (m > 0 && s[m - 1] == ' ')
				m--;
			if (!m)
				continue;
			b.len = 0;
			buf_put(&b, s, m);
			buf_puts(&b, ellipsis);
			if (line_width(c, f, b.s, b.len, size, liga) <= width)
				r = arena_strndup(c->L->a, b.s, b.len);
		}
	}
	buf_free(&b);
	return r ? r : "";
}
