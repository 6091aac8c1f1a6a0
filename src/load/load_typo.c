/* load_typo.c — the layout's typography: map (load.h, docs/typography.md). */
#include <string.h>

#include "langmark.h"
#include "load.h"
#include "typo.h"

/* A list of strings, NULL-terminated, in the document's arena. */
static const char **str_list(doc *d, diag *dg, const ynode *v, const char *key)
{
	if (!yis_seq(dg, v, key))
		return NULL;
	const char **r = arena_array(d->a, v->n + 1, sizeof *r);
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++) {
		const char *s = ystr(dg, v->kids[i], key);
		if (s && *s)
			r[k++] = s;
	}
	return r;
}

void load_typography(doc *d, diag *dg, const ynode *n)
{
	static const char *const keys[] = {"quotes", "french-spacing", "no-break", "dashes",
					   "hyphenate-capitalised", "keep-together", "units", NULL};
	doc_typography *t = &d->typo;
	*t = (doc_typography){.quotes = true, .nobreak = true, .keep_capitals = true,
			      .french_spacing = lang_is(doc_lang(d), "fr")};
	if (!n || !yis_map(dg, n, "typography"))
		return;
	ymap_check(dg, n, "typography", keys);
	bool *flags[] = {&t->quotes, &t->french_spacing, &t->nobreak, &t->dashes};
	for (int i = 0; i < 4; i++) {
		const ynode *v = ymap_get(n, keys[i]);
		if (v)
			ybool(dg, v, keys[i], flags[i]);
	}
	bool hyphenate;
	const ynode *h = ymap_get(n, "hyphenate-capitalised");
	if (h && ybool(dg, h, "hyphenate-capitalised", &hyphenate))
		t->keep_capitals = !hyphenate;
	const ynode *v;
	if ((v = ymap_get(n, "keep-together")))
		t->phrases = str_list(d, dg, v, "keep-together");
	if ((v = ymap_get(n, "units")))
		t->units = str_list(d, dg, v, "units");
}

/* ---- typography of the text the YAML files give ---- */

/* s with the typography of o; a passage in another language in it
 * ("[«Bonjour»]{lang=fr}", langmark.h) with its language's, quotations
 * paired across the passages' edges as in a paragraph, the marks kept. */
static const char *ty(doc *d, const typo_opts *o, const char *s)
{
	if (!s || !*s)
		return s;
	if (!lm_any(s))
		return typo_apply(d->a, o, NULL, s, strlen(s));
	const char *stack[LM_DEPTH];
	typo_opts so[LM_DEPTH];
	int depth = 0; /* passages open, the deeper ones counted only */
	typo_state st = {0};
	buf b = {0};
	size_t n = strlen(s), from = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != LM_OPEN && s[i] != LM_CLOSE)
			continue;
		if (i > from) {
			int k = depth > LM_DEPTH ? LM_DEPTH : depth;
			buf_puts(&b, typo_apply(d->a, k ? &so[k - 1] : o, &st, s + from, i - from));
		}
		if (i == n)
			break;
		if (s[i] == LM_OPEN) {
			const char *t = strchr(s + i, LM_TEXT);
			size_t k = t ? (size_t)(t - s) : n - 1;
			if (depth < LM_DEPTH) {
				stack[depth] = arena_strndup(d->a, s + i + 1, k - i - 1);
				so[depth] = typo_for(&d->typo, stack[depth]);
			}
			depth++;
			buf_put(&b, s + i, k + 1 - i);
			i = k;
		} else {
			depth -= depth > 0;
			buf_putc(&b, s[i]);
		}
		from = i + 1;
	}
	const char *r = arena_strndup(d->a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

static void ty_list(doc *d, const typo_opts *o, const char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		v[i] = ty(d, o, v[i]);
}

const char *typo_text(doc *d, const char *lang, const char *s)
{
	typo_opts o = typo_for(&d->typo, lang ? lang : doc_lang(d));
	return ty(d, &o, s);
}

void typo_meta(doc *d)
{
	typo_opts o = typo_for(&d->typo, doc_lang(d));
	doc_meta *m = &d->meta;
	const char **f[] = {&m->title, &m->short_title, &m->subtitle, &m->author, &m->organisation,
			    &m->prepared_for};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = ty(d, &o, *f[i]);
}

void typo_block(doc *d, block *b, bool data)
{
	typo_opts o = typo_for(&d->typo, b->lang ? b->lang : doc_lang(d));
	if (b->nspans) {
		typo_state st = {0};
		span *sp = arena_array(d->a, b->nspans, sizeof(span));
		memcpy(sp, b->spans, b->nspans * sizeof(span));
		for (size_t k = 0; k < b->nspans; k++) {
			span *s = &sp[k];
			/* code, note numbers, links (a URL shown as written) and
			 * references are left as they are */
			if ((s->flags & (SPAN_CODE | SPAN_NOTE)) || s->link || s->autoref || !s->len)
				continue;
			/* a passage in another language (a facts value's
			 * [Congrès]{lang=fr}): its language's typography */
			typo_opts so = s->lang ? typo_for(&d->typo, s->lang) : o;
			s->text = s->nobreak_hyphen ? typo_bind(d->a, s->text, s->len)
						    : typo_apply(d->a, &so, &st, s->text, s->len);
			s->len = strlen(s->text);
		}
		b->spans = sp;
	}
	b->plain = ty(d, &o, b->plain);
	b->caption = ty(d, &o, b->caption);
	b->credit = ty(d, &o, b->credit);
	if (b->table) {
		table *t = b->table;
		t->caption = ty(d, &o, t->caption);
		t->note = ty(d, &o, t->note);
		t->source = ty(d, &o, t->source);
		for (size_t j = 0; j < t->ncols; j++)
			t->cols[j].label = ty(d, &o, t->cols[j].label);
		if (data)
			ty_list(d, &o, t->cells, t->nrows * t->ncols);
	}
	if (b->chart) {
		chart *ch = b->chart;
		const char **f[] = {&ch->title, &ch->subtitle, &ch->x_label, &ch->y_label, &ch->note, &ch->source};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
			*f[i] = ty(d, &o, *f[i]);
		if (data)
			ty_list(d, &o, ch->categories, ch->ncat);
		for (size_t i = 0; i < ch->nseries; i++)
			ch->series[i].name = ty(d, &o, ch->series[i].name);
		for (size_t i = 0; i < ch->nevents; i++) {
			ch->events[i].label = ty(d, &o, ch->events[i].label);
			ch->events[i].note = ty(d, &o, ch->events[i].note);
		}
	}
}
