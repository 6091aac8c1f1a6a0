/* load_typo.c — the layout's typography: map (load.h, docs/typography.md). */
#include <string.h>

#include "load.h"

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
