/* text_lang.c — passages in another language in the text the YAML and CSV
 * files give: "[Bộ Công an]{lang=vi}" in a title, a cover text, a caption,
 * a table cell or a facts value (load.h, langmark.h).
 *
 * The form is the Markdown's bracketed span (md_lang.c), read in a plain
 * string: brackets pair innermost first, and "]" followed at once by an
 * attribute block holding lang= closes a passage. Nothing else in the text
 * changes: "[1]", "[sic]", "{x}" and a "]{" without lang are printed as
 * written; only in a text holding "]{" do "\[" and "\]" stand for a bracket
 * (so that "\[x]{lang=fr}" can be written). A text without "]{" is
 * returned as it is, byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "lang_attr.h"
#include "langmark.h"
#include "load.h"

/* Warnings about passage markup shown per file (a CSV file of thousands
 * of stray "]{lang=…}" prints these, not thousands), as md_lang.c does. */
#define LANG_WARN_MAX 5

typedef struct {
	doc *d;
	diag *dg;
	const char *s;
	srcpos pos;
	int skip;               /* columns from pos to s[0]; < 0: unknown */
	const char *key;
} tctx;

/* The position of s[off]: on the text's own line when it is known. */
static srcpos at(const tctx *c, size_t off)
{
	srcpos p = c->pos;
	if (c->skip >= 0 && p.line > 0 && !memchr(c->s, '\n', off))
		p.col += c->skip + (int)utf8_count(c->s, off);
	return p;
}

/* May one more warning be shown? Its tail in *tail. */
static bool warn_more(tctx *c, const char **tail)
{
	doc *d = c->d;
	if (!c->dg)
		return false;
	if (!d->lang_warn_file || !c->pos.file || strcmp(d->lang_warn_file, c->pos.file)) {
		d->lang_warn_file = c->pos.file;
		d->lang_warned = 0;
	}
	*tail = ++d->lang_warned == LANG_WARN_MAX ? " (further warnings about passage markup in this file are not shown)" : "";
	return d->lang_warned <= LANG_WARN_MAX;
}

/* The attribute block at s[b] ('{'): true when it mentions lang. Then *end
 * is just past its '}' (0 when it does not parse: reported) and *lang its
 * checked value (NULL when bad: reported). The block is read by la_read. */
static bool attrs(tctx *c, size_t b, size_t n, size_t *end, const char **lang)
{
	const char *s = c->s + b;
	lang_attrs r;
	if (!la_read(s, n - b, 0, &r))
		return false;
	*end = 0;
	*lang = NULL;
	bool bad = false;
	for (size_t j = 0; j < r.nlang; j++) {
		size_t v0 = r.lang[j][0], v1 = r.lang[j][1];
		if (lang_tag_ok(s + v0, v1 - v0)) {
			*lang = arena_strndup(c->d->a, s + v0, v1 - v0);
		} else {
			bad = true;
			if (c->dg)
				diag_error_value(c->dg, at(c, b + v0),
						 "%s: a passage's lang: expected a language code such as fr, ru or "
						 "zh-Hant, as in [Bộ Công an]{lang=vi}, got '%.*s'",
						 c->key, (int)(v1 - v0 > 64 ? 64 : v1 - v0), s + v0);
		}
	}
	const char *tail;
	if (!r.ok && warn_more(c, &tail))
		diag_warning(c->dg, at(c, b),
			     "%s: '%.*s' is not a passage's attributes: expected {lang=xx} right after the closing "
			     "']' of [text], as [Bộ Công an]{lang=vi}; printed as written%s",
			     c->key, (int)r.shown, s, tail);
	if (!r.ok)
		return true;
	if (bad)
		*lang = NULL;
	*end = b + r.end;
	return true;
}

const char *text_lang(doc *d, diag *dg, const char *s, srcpos pos, int skip, const char *key)
{
	if (!s || !strstr(s, "]{"))
		return s;
	tctx c = {d, dg, s, pos, skip, key};
	size_t n = strlen(s);
	/* per byte: a passage opens here (its language), or closes here (the
	 * end of its markup); a backslash dropped */
	const char **open = xcalloc(n + 1, sizeof *open);
	size_t *shut = xcalloc(n + 1, sizeof *shut);
	bool *drop = xcalloc(n + 1, sizeof *drop);
	size_t *st = xmalloc((n + 1) * sizeof *st), nst = 0;
	bool any = false, literal = false; /* a "\[" went before: its "]" closes none */
	for (size_t i = 0; i < n; i++) {
		size_t end;
		const char *lang, *tail;
		if (s[i] == '\\' && (s[i + 1] == '[' || s[i + 1] == ']')) {
			drop[i] = true;
			literal |= s[i + 1] == '[';
			i++;
		} else if (s[i] == '[') {
			st[nst++] = i;
		} else if (s[i] == ']' && s[i + 1] == '{' && attrs(&c, i + 1, n, &end, &lang)) {
			if (!end) { /* reported */
				if (nst)
					nst--;
				continue;
			}
			if (!nst && literal)
				; /* "\[x]{lang=fr}": text, as its bracket */
			else if (!nst && warn_more(&c, &tail))
				diag_warning(dg, at(&c, i),
					     "%s: '%.*s' closes no '[': expected [text]{lang=xx}; printed as written "
					     "(write \\] for a bracket)%s", key, (int)(end - i), s + i, tail);
			else if (lang && nst) {
				open[st[nst - 1]] = lang;
				shut[i] = end;
				any = true;
			}
			if (nst)
				nst--;
			i = end - 1;
		} else if (s[i] == ']' && nst) {
			nst--;
		}
	}
	const char *r = s;
	bool dropped = false;
	for (size_t i = 0; i < n && !dropped; i++)
		dropped = drop[i];
	if (any || dropped) {
		buf b = {0};
		for (size_t i = 0; i < n; i++) {
			if (drop[i])
				continue;
			if (open[i]) {
				buf_putc(&b, LM_OPEN);
				buf_puts(&b, open[i]);
				buf_putc(&b, LM_TEXT);
			} else if (shut[i]) {
				buf_putc(&b, LM_CLOSE);
				i = shut[i] - 1;
			} else {
				buf_putc(&b, s[i]);
			}
		}
		r = arena_strndup(d->a, b.s ? b.s : "", b.len);
		buf_free(&b);
	}
	free(open);
	free(shut);
	free(drop);
	free(st);
	return r;
}

int yskip(const ynode *n)
{
	return n->block ? -1 : n->plain ? 0 : 1;
}

const char *ytext(doc *d, diag *dg, const ynode *n, const char *key)
{
	const char *s = ystr(dg, n, key);
	return s ? text_lang(d, dg, s, n->pos, yskip(n), key) : NULL;
}

const char *yget_text(doc *d, diag *dg, const ynode *map, const char *key)
{
	const ynode *n = ymap_get(map, key);
	return n ? ytext(d, dg, n, key) : NULL;
}
