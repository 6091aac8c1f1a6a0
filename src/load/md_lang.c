/* md_lang.c — passages in another language inside a paragraph: the
 * bracketed span of Pandoc, "[Добро пожаловать]{lang=ru}", and the HTML
 * element '<span lang="ru">Добро пожаловать</span>'. (article_imp.h)
 *
 * md4c knows neither (dossier runs it without HTML, and it has no
 * attributes): both arrive as text, so they are found in the text gathered
 * for one paragraph (heading, list item, note), after md4c has read the
 * emphasis, code and links in it. A span may hold emphasis, code, links and
 * footnote references, and emphasis may cross its edges: each byte simply
 * gets a language. Its markup counts only when it was written as such in the
 * Markdown: not in code, not escaped ("\[", "\<"), not made by an entity
 * ("&lt;span"). Spans nest: the innermost language holds.
 *
 * The brackets pair as CommonMark's do, innermost first; "]" followed by
 * an attribute block holding lang= closes a span. '<span …>' pairs with the
 * next '</span>' at its level; a <span> without lang (a class, a style) is
 * printed as written with its </span>, as other HTML is.
 */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "article_imp.h"
#include "lang_attr.h"

enum { OPEN_BRACKET, OPEN_HTML };
typedef struct {
	int kind;
	size_t off, end;        /* the opening markup, gathered text [off, end) */
	const char *lang;       /* OPEN_HTML: its lang, or NULL (printed as written) */
	bool name;
} opener;

typedef struct {
	size_t off, end;        /* the text in the language */
	size_t cut[2][2];       /* the markup around it, dropped */
	const char *lang;
	bool name;
} found;

/* Were s[0..n) of the gathered text written so in the Markdown, unescaped? */
static bool verbatim(mdctx *c, size_t off, size_t n)
{
	const inl *in = &c->in;
	const char *a = source_of(in, off), *b = source_of(in, off + n - 1);
	return a && b && b == a + n - 1 && !memcmp(a, in->text.s + off, n) && !escaped(c, a);
}

/* Warnings about span markup: the first LANG_WARN_MAX of a file are
 * reported, the others not (a file of thousands would otherwise print
 * thousands, each with its line). */
#define LANG_WARN_MAX 5

static bool warn_more(mdctx *c)
{
	return ++c->lang_warned <= LANG_WARN_MAX;
}

static const char *warn_tail(const mdctx *c)
{
	return c->lang_warned == LANG_WARN_MAX ? " (further warnings about span markup in this file are not shown)" : "";
}

static srcpos pos_at(mdctx *c, size_t off)
{
	const char *src = source_of(&c->in, off);
	return src ? source_pos(c, src) : c->last;
}

static bool space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* A language tag read from markup: checked, copied to the arena; NULL (with
 * an error) when it is not one. */
static const char *take_lang(mdctx *c, size_t at, const char *v, size_t n)
{
	if (!lang_tag_ok(v, n)) {
		diag_error(c->dg, pos_at(c, at),
			   "a span's lang: expected a language code such as fr, ru or zh-Hant, got '%.*s'",
			   (int)(n > 64 ? 64 : n), v);
		return NULL;
	}
	return arena_strndup(c->d->a, v, n);
}

/* "{lang=ru}", "{.name lang=vi}", '{lang="fr-CA" dir=ltr}' at t[at]: its
 * length in *len, true when it holds lang= (the value in *lang, NULL when
 * bad: reported). An attribute block without lang= is not read here
 * ({.name} and {#id} are the callers'), and one that does not parse is
 * reported when it mentions lang. The block is read by la_read; here only
 * that it was written so in the Markdown, and the positions. */
static bool attr_block(mdctx *c, size_t at, size_t lim, size_t *len, const char **lang, bool *name)
{
	const char *s = c->in.text.s + at;
	lang_attrs r;
	if (!la_read(s, lim - at, LA_CR_SPACE | LA_EMPTY_OK, &r))
		return false;
	*lang = NULL;
	*name = r.flags & LA_NAME;
	bool as_written = r.closed && verbatim(c, at, r.shown);
	for (size_t j = 0; as_written && j < r.nlang; j++)
		*lang = take_lang(c, at + r.lang[j][0], s + r.lang[j][0], r.lang[j][1] - r.lang[j][0]);
	if (!as_written || !r.ok) {
		if (warn_more(c))
			diag_warning(c->dg, pos_at(c, at),
				     "'%.*s' is not a span's attributes: expected {lang=xx} right after the closing ']' "
				     "of [text], as [Bonjour]{lang=fr}; printed as written%s",
				     (int)r.shown, s, warn_tail(c));
		return false;
	}
	*len = r.end;
	return true;
}

/* '<span lang="ru">' at t[at]: its length in *len and its lang (NULL: a
 * <span> without lang, or with a bad one: reported). False when it is not
 * a <span> start tag. */
static bool html_open(mdctx *c, size_t at, size_t lim, size_t *len, const char **lang)
{
	const char *s = c->in.text.s + at;
	size_t n = lim - at < ATTR_MAX ? lim - at : ATTR_MAX;
	if (n < 6 || !la_lower_is(s, 5, "<span") || !(space(s[5]) || s[5] == '>'))
		return false;
	*lang = NULL;
	size_t i = 5;
	for (;;) {
		while (i < n && space(s[i]))
			i++;
		if (i >= n)
			return false;
		if (s[i] == '>')
			break;
		size_t k0 = i;
		while (i < n && !space(s[i]) && !strchr("\"'=<>/", s[i]))
			i++;
		if (i == k0)
			return false; /* "/>" or stray punctuation: not a start tag */
		size_t key = i - k0, v0 = 0, v1 = 0;
		while (i < n && space(s[i]))
			i++;
		if (i < n && s[i] == '=') {
			i++;
			while (i < n && space(s[i]))
				i++;
			if (!la_value(s, n, &i, &v0, &v1))
				return false;
		}
		if (la_lower_is(s + k0, key, "lang") || la_lower_is(s + k0, key, "xml:lang")) {
			if (!verbatim(c, at, i))
				return false;
			*lang = take_lang(c, at + v0, s + v0, v1 - v0);
		}
	}
	*len = i + 1;
	return verbatim(c, at, *len);
}

/* '</span>' at t[at]. */
static bool html_close(mdctx *c, size_t at, size_t lim, size_t *len)
{
	const char *s = c->in.text.s + at;
	size_t n = lim - at;
	if (n < 7 || !la_lower_is(s, 6, "</span"))
		return false;
	size_t i = 6;
	while (i < n && i < ATTR_MAX && space(s[i]))
		i++;
	if (i >= n || s[i] != '>')
		return false;
	*len = i + 1;
	return verbatim(c, at, *len);
}

/* Find the passages in another language in pieces lo..hi of the gathered
 * text and label its bytes (mdctx.lab). False when there is none. */
bool lang_spans(mdctx *c, size_t lo, size_t hi)
{
	inl *in = &c->in;
	const char *t = in->text.s;
	c->nlr = 0;
	/* the quick look: no "{" after "]" and no "<span" */
	bool any = false;
	for (size_t i = lo; i < hi && !any; i++) {
		const piece *p = &in->v[i];
		if (p->flags & SPAN_CODE || p->autoref)
			continue;
		for (size_t k = 0; k + 1 < p->len && !any; k++)
			any = (t[p->start + k] == ']' && t[p->start + k + 1] == '{') ||
			      (t[p->start + k] == '<' && k + 5 <= p->len && la_lower_is(t + p->start + k + 1, 4, "span"));
	}
	if (!any)
		return false;
	opener *st = NULL;
	size_t nst = 0, stcap = 0;
	found *f = NULL;
	size_t nf = 0, fcap = 0;
	bool literal = false;   /* a "[" written as text went before */
	for (size_t i = lo; i < hi; i++) {
		const piece *p = &in->v[i];
		if (p->flags & SPAN_CODE || p->autoref)
			continue;
		size_t end = p->start + p->len;
		for (size_t k = p->start; k < end; k++) {
			char ch = t[k];
			size_t len;
			const char *lang;
			bool name;
			if (ch == '[' && !verbatim(c, k, 1)) {
				literal = true; /* "\[", "&#91;": its "]" closes none */
			} else if (ch == '[') {
				GROW(st, stcap, nst + 1);
				st[nst++] = (opener){OPEN_BRACKET, k, k + 1, NULL, false};
			} else if (ch == ']' && verbatim(c, k, 1)) {
				bool have = nst && st[nst - 1].kind == OPEN_BRACKET;
				if (k + 1 < end && t[k + 1] == '{' && attr_block(c, k + 1, end, &len, &lang, &name)) {
					if (!have && literal)
						; /* "\[x]{lang=fr}": text, as the bracket */
					else if (!have && warn_more(c))
						diag_warning(c->dg, pos_at(c, k),
							     "'%.*s' closes no '[' in its paragraph: expected [text]{lang=xx}; "
							     "printed as written%s", (int)(len + 1), t + k, warn_tail(c));
					else if (!have)
						; /* not shown */
					else if (lang) {
						GROW(f, fcap, nf + 1);
						const opener *o = &st[nst - 1];
						f[nf++] = (found){o->end, k, {{o->off, o->end}, {k, k + 1 + len}}, lang, name};
					}
					if (have)
						nst--;
					k += len;
					continue;
				}
				if (have)
					nst--;
			} else if (ch == '<' && html_open(c, k, end, &len, &lang)) {
				GROW(st, stcap, nst + 1);
				st[nst++] = (opener){OPEN_HTML, k, k + len, lang, false};
				k += len - 1;
			} else if (ch == '<' && html_close(c, k, end, &len)) {
				/* brackets left open inside the element are plain text */
				size_t j = nst;
				while (j > 0 && st[j - 1].kind == OPEN_BRACKET)
					j--;
				if (j == 0)
					continue; /* a </span> of no <span>: as written */
				const opener *o = &st[j - 1];
				nst = j - 1;
				if (o->lang) {
					GROW(f, fcap, nf + 1);
					f[nf++] = (found){o->end, k, {{o->off, o->end}, {k, k + len}}, o->lang, false};
				}
				k += len - 1;
			}
		}
	}
	for (size_t j = 0; j < nst; j++)
		if (st[j].kind == OPEN_HTML && st[j].lang && warn_more(c))
			diag_warning(c->dg, pos_at(c, st[j].off),
				     "'%.*s' has no </span> in its paragraph: expected </span> after the passage; "
				     "printed as written, in the paragraph's language%s",
				     (int)(st[j].end - st[j].off), t + st[j].off, warn_tail(c));
	free(st);
	if (!nf) {
		free(f);
		return false;
	}
	/* label the bytes. The spans are in the order they close, an inner one
	 * before the one around it: each takes the bytes no span before it took,
	 * so the innermost language holds; the spans already labelled inside
	 * it are skipped whole (a stack of them), so nesting costs nothing */
	GROW(c->lab, c->labcap, in->text.len + 1);
	memset(c->lab, 0, (in->text.len + 1) * sizeof *c->lab);
	size_t (*done)[2] = xmalloc(nf * sizeof *done), nd = 0;
	for (size_t j = 0; j < nf; j++) {
		GROW(c->lr, c->lrcap, c->nlr + 1);
		c->lr[c->nlr++] = (struct lang_range){f[j].lang, f[j].name};
		size_t a = f[j].cut[0][0], b = f[j].cut[1][1], m = nd;
		while (m > 0 && done[m - 1][0] >= a)
			m--;
		size_t from = f[j].off;
		for (size_t q = m; q <= nd; q++) {
			size_t to = q < nd ? done[q][0] : f[j].end;
			for (size_t k = from; k < to; k++)
				c->lab[k] = (uint32_t)c->nlr;
			if (q < nd)
				from = done[q][1];
		}
		nd = m;
		done[nd][0] = a;
		done[nd][1] = b;
		nd++;
	}
	free(done);
	for (size_t j = 0; j < nf; j++)
		for (int e = 0; e < 2; e++)
			for (size_t k = f[j].cut[e][0]; k < f[j].cut[e][1]; k++)
				c->lab[k] = LANG_CUT;
	free(f);
	return true;
}
