/* textline.c — one-line texts outside paragraphs (running lines, chart
 * labels, generated characters): measured and set with font fallback.
 */
#include "layout_imp.h"

/* ---- one-line texts (running header and footer, markings) ----
 * Not set as paragraphs, but like them: right-to-left text shaped and in
 * display order, and each character from the face that has it. */
const char *visual(lctx *c, const char *s)
{
	if (!s || !bidi_has_rtl(s, strlen(s)))
		return s;
	buf b = {0};
	bidi_line(&b, s, strlen(s));
	const char *r = arena_strndup(c->L->a, b.s, b.len);
	buf_free(&b);
	return r;
}

/* Measuring text as drawn: each character from the first face that has it
 * (font fallback), kerned within a run of one face. */
typedef struct {
	uint32_t prev; /* the character before, and */
	int face;      /* its face; -1 at the start */
} wrun;

/* The advance of the character at s[*i..n) in 1/1000 em (after a kern with
 * the one before), *i moved past it. */
static double wrun_step(lctx *c, wrun *r, int f, const char *s, size_t n, size_t *i)
{
	uint32_t cp;
	int l = utf8_decode(s + *i, n - *i, &cp);
	if (!l)
		l = 1, cp = 0xFFFD;
	int g = font_pick(c->fs, f, cp);
	if (g < 0)
		g = f;
	double w = font_advance(c->fs, g, cp);
	if (g == r->face)
		w += font_kern(c->fs, g, r->prev, cp) * font_scale(c->fs, g);
	r->prev = cp;
	r->face = g;
	*i += (size_t)l;
	return w;
}

/* The character at s[i..n) (*cp, *l bytes) and the face that draws it for
 * a text in face f (font_pick: -1 when none); -3 at the end (i == n). */
static int face_at(lctx *c, int f, const char *s, size_t n, size_t i, uint32_t *cp, int *l)
{
	*cp = 0;
	*l = 1;
	if (i >= n)
		return -3;
	if (!(*l = utf8_decode(s + i, n - i, cp)))
		*l = 1, *cp = 0xFFFD;
	return font_pick(c->fs, f, *cp);
}

/* The face one-line text in face f starts from: in a Chinese, Japanese or
 * Korean block or dossier the CJK face, when it has the script, so that
 * digits, Latin and punctuation match the ideographs around them (as
 * para_words does for paragraphs); else f. */
int lang_face(lctx *c, int f)
{
	uint32_t probe = cjk_probe(lang(c));
	return probe ? font_prefer(c->fs, f, probe) : f;
}

/* Width of s[0..n) in face f with font fallback, in points: each run of
 * one face shaped whole (font_width), as line_add makes it an item. */
double line_width(lctx *c, int f, const char *s, size_t n, double size)
{
	f = lang_face(c, f);
	double sum = 0;
	int cur = -2;
	size_t start = 0;
	for (size_t i = 0; i <= n;) {
		uint32_t cp;
		int l, g = face_at(c, f, s, n, i, &cp, &l);
		if (g == -1)
			g = f;
		if (g != cur) {
			if (cur != -2)
				sum += font_width(c->fs, cur, s + start, i - start, size);
			start = i;
			cur = g;
		}
		i += (size_t)l;
	}
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

/* Append text item t (its font the face wanted) to pg, or to the vbox
 * being made when pg is NULL: one item per run of characters drawn by the
 * same face, each character from the first face of the chain that has it
 * (font_pick). A character no face has is an error at c->text_pos when
 * c->text_what names the text (in decorate, once per character). */
void line_add(lctx *c, lpage *pg, item t)
{
	const char *s = t.text;
	size_t n = strlen(s), start = 0;
	int want = lang_face(c, t.font), cur = -2;
	double x = t.x;
	for (size_t i = 0; i <= n;) {
		uint32_t cp;
		int l, g = face_at(c, want, s, n, i, &cp, &l);
		if (g == -1) {
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
			g = want;
		}
		if (g != cur && cur != -2) {
			item r = t;
			r.font = (int16_t)cur;
			r.size = (float)(t.size * font_scale(c->fs, cur));
			r.x = (float)x;
			r.text = start == 0 && i == n ? s : arena_strndup(c->L->a, s + start, i - start);
			r.w = (float)line_width(c, cur, s + start, i - start, t.size);
			x += r.w;
			if (pg) {
				GROW(pg->items, pg->cap, pg->n + 1);
				pg->items[pg->n++] = r;
			} else { /* into the box being set: what it is set as */
				if (!r.tag)
					stamp(c, &r);
				*add_item(c, IT_TEXT) = r;
			}
			start = i;
		}
		cur = g;
		i += (size_t)l;
	}
}

/* Shorten text with an ellipsis to fit width: the longest prefix that
 * leaves room for the ellipsis, measured in one pass (kerned as line_width
 * measures it). */
const char *fit(lctx *c, const char *s, int f, double size, double width)
{
	size_t n = strlen(s);
	f = lang_face(c, f);
	if (line_width(c, f, s, n, size) <= width)
		return s;
	const char *ellipsis = gen_text(c, f, "\xe2\x80\xa6"); /* a stand-in the font has */
	double room = (width - line_width(c, f, ellipsis, strlen(ellipsis), size)) * 1000.0 / size;
	double sum = 0;
	wrun r = {0, -1};
	size_t best = 0;
	bool any = false;
	for (size_t i = 0; i < n;) {
		if (sum <= room) {
			best = i;
			any = true;
		}
		sum += wrun_step(c, &r, f, s, n, &i);
	}
	if (!any)
		return "";
	/* at a word's end when the text that fits has one: no word cut */
	n = best;
	if (n < strlen(s) && s[n] != ' ') {
		size_t sp = n;
		while (sp > 0 && s[sp] != ' ')
			sp--;
		if (sp > 0)
			n = sp;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return arena_printf(c->L->a, "%.*s%s", (int)n, s, ellipsis);
}
