/* load_facts.c — event facts YAML → facts (load.h).
 *
 * Every figure and fact may name its source by id; an id that no entry of
 * sources: defines is an error, so a dossier can always say where a number
 * came from.
 */
#include <stdlib.h>
#include <string.h>

#include "langmark.h"
#include "load.h"

typedef struct {
	doc *d;
	diag *dg;
	facts *f;
	const char *path;
} fctx;

static const char *str_or_num(fctx *c, const ynode *n, const char *key)
{
	(void)c;
	return ystr(c->dg, n, key);
}

/* A text field: its passages in another language read (text_lang). */
static const char *ftext(fctx *c, const ynode *map, const char *key)
{
	return yget_text(c->d, c->dg, map, key);
}

static const char *fneed(fctx *c, const ynode *map, const char *key, const char *what)
{
	const char *s = yneed_str(c->dg, map, key, what);
	const ynode *n = ymap_get(map, key);
	return s && n ? text_lang(c->d, c->dg, s, n->pos, yskip(n), key) : s;
}

/* A list of plain strings (or a single string). */
static const char **str_list(fctx *c, const ynode *n, const char *key, size_t *count)
{
	*count = 0;
	if (n->kind == Y_SCALAR) {
		const char **v = arena_alloc(c->d->a, sizeof *v);
		v[0] = text_lang(c->d, c->dg, n->str, n->pos, yskip(n), key);
		*count = 1;
		return v;
	}
	if (!yis_seq(c->dg, n, key))
		return NULL;
	const char **v = arena_array(c->d->a, n->n ? n->n : 1, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		const char *s = ytext(c->d, c->dg, n->kids[i], key);
		if (s)
			v[(*count)++] = s;
	}
	return v;
}

static void check_source_ref(fctx *c, const ynode *map)
{
	const ynode *s = ymap_get(map, "source");
	if (!s || s->kind != Y_SCALAR)
		return;
	if (!facts_source(c->f, s->str)) {
		const char **cands = xmalloc((c->f->nsources + 1) * sizeof *cands);
		size_t n = 0;
		for (size_t i = 0; i < c->f->nsources; i++)
			if (c->f->sources[i].id)
				cands[n++] = c->f->sources[i].id;
		cands[n] = NULL;
		const char *near = diag_nearest(s->str, cands);
		free(cands);
		if (near)
			diag_error(c->dg, s->pos, "source: no source with id '%s' in sources:; did you mean '%s'?",
				   s->str, near);
		else
			diag_error(c->dg, s->pos, "source: no source with id '%s' in sources:", s->str);
	}
}

static void load_sources(fctx *c, const ynode *n)
{
	static const char *const keys[] = {"id", "title", "publisher", "date", "author", "url", "cite", NULL};
	if (!yis_seq(c->dg, n, "sources"))
		return;
	c->f->sources = arena_array(c->d->a, n->n ? n->n : 1, sizeof(fact_source));
	for (size_t i = 0; i < n->n; i++) {
		const ynode *m = n->kids[i];
		if (!yis_map(c->dg, m, "sources[]"))
			continue;
		ymap_check(c->dg, m, "source", keys);
		fact_source *s = &c->f->sources[c->f->nsources];
		s->pos = m->pos;
		s->id = yneed_str(c->dg, m, "id", "source");
		s->title = yneed_str(c->dg, m, "title", "source");
		s->publisher = yget_str(c->dg, m, "publisher");
		s->author = yget_str(c->dg, m, "author");
		s->url = yget_str(c->dg, m, "url");
		s->cite = yget_str(c->dg, m, "cite");
		const ynode *dt = ymap_get(m, "date");
		if (dt)
			ydate(c->dg, dt, "date", &s->date);
		if (!s->id)
			continue;
		for (size_t j = 0; j < c->f->nsources; j++)
			if (strcmp(c->f->sources[j].id, s->id) == 0)
				diag_error(c->dg, ymap_get(m, "id")->pos, "source: duplicate id '%s'", s->id);
		c->f->nsources++;
	}
}

static void load_dates(fctx *c, const ynode *n, const char *key, const char **start, const char **end)
{
	static const char *const keys[] = {"start", "end", NULL};
	if (n->kind == Y_SCALAR) {
		ydate(c->dg, n, key, start);
		return;
	}
	if (!yis_map(c->dg, n, key))
		return;
	ymap_check(c->dg, n, key, keys);
	const ynode *s = ymap_get(n, "start"), *e = ymap_get(n, "end");
	if (!s) {
		diag_error(c->dg, n->pos, "%s: missing required key 'start'", key);
		return;
	}
	ydate(c->dg, s, "start", start);
	if (e && ydate(c->dg, e, "end", end) && *start && strcmp(*end, *start) < 0)
		diag_error(c->dg, e->pos, "%s: end %s is before start %s", key, *end, *start);
}

static void load_event(fctx *c, const ynode *n)
{
	static const char *const keys[] = {"name", "short-name", "dates", "original-dates", "venue",
					   "format", "organisers", "theme", "source", "notes", NULL};
	if (!yis_map(c->dg, n, "event"))
		return;
	ymap_check(c->dg, n, "event", keys);
	facts *f = c->f;
	f->name = fneed(c, n, "name", "event");
	f->short_name = ftext(c, n, "short-name");
	f->venue = ftext(c, n, "venue");
	f->format = ftext(c, n, "format");
	f->theme = ftext(c, n, "theme");
	f->source = yget_str(c->dg, n, "source");
	const ynode *v;
	if ((v = ymap_get(n, "dates")))
		load_dates(c, v, "dates", &f->start, &f->end);
	if ((v = ymap_get(n, "original-dates")))
		load_dates(c, v, "original-dates", &f->orig_start, &f->orig_end);
	if ((v = ymap_get(n, "organisers")))
		f->organisers = str_list(c, v, "organisers", &f->norganisers);
	if ((v = ymap_get(n, "notes")))
		f->notes = str_list(c, v, "notes", &f->nnotes);
	check_source_ref(c, n);
}

static fact_item *load_items(fctx *c, const ynode *n, const char *key, size_t *count)
{
	static const char *const keys[] = {"number", "title", "text", "date", "source", NULL};
	*count = 0;
	if (!yis_seq(c->dg, n, key))
		return NULL;
	fact_item *v = arena_array(c->d->a, n->n ? n->n : 1, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *m = n->kids[i];
		fact_item *it = &v[*count];
		if (m->kind == Y_SCALAR) { /* a plain string is a title */
			it->title = text_lang(c->d, c->dg, m->str, m->pos, yskip(m), key);
			(*count)++;
			continue;
		}
		if (!yis_map(c->dg, m, key))
			continue;
		ymap_check(c->dg, m, key, keys);
		const ynode *num = ymap_get(m, "number");
		if (num)
			it->number = str_or_num(c, num, "number");
		it->title = fneed(c, m, "title", key);
		it->text = ftext(c, m, "text");
		it->source = yget_str(c->dg, m, "source");
		const ynode *dt = ymap_get(m, "date");
		if (dt)
			ydate(c->dg, dt, "date", &it->date);
		check_source_ref(c, m);
		(*count)++;
	}
	return v;
}

/* A person's lang: the language of their name ("Nguyễn Văn Kỳ": vi), or
 * NULL (absent, or bad: reported). */
static const char *name_lang(fctx *c, const ynode *m)
{
	const ynode *n = ymap_get(m, "lang");
	const char *l = n ? ystr(c->dg, n, "lang") : NULL;
	if (l && !lang_tag_ok(l, strlen(l))) {
		diag_error(c->dg, n->pos,
			   "lang: expected the language of the name, a code such as vi, fr or zh-Hant, got '%s'", l);
		return NULL;
	}
	return l;
}

static fact_person *load_people(fctx *c, const ynode *n, const char *key, size_t *count)
{
	static const char *const keys[] = {"name", "role", "organisation", "email", "phone", "source",
					   "lang", NULL};
	*count = 0;
	if (!yis_seq(c->dg, n, key))
		return NULL;
	fact_person *v = arena_array(c->d->a, n->n ? n->n : 1, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *m = n->kids[i];
		if (!yis_map(c->dg, m, key))
			continue;
		ymap_check(c->dg, m, key, keys);
		fact_person *p = &v[*count];
		p->name = fneed(c, m, "name", key);
		p->role = ftext(c, m, "role");
		p->organisation = ftext(c, m, "organisation");
		p->email = yget_str(c->dg, m, "email");
		p->phone = yget_str(c->dg, m, "phone");
		p->source = yget_str(c->dg, m, "source");
		const char *l = name_lang(c, m);
		if (l && p->name && !lm_any(p->name))
			p->name = lm_wrap(c->d->a, l, p->name);
		check_source_ref(c, m);
		(*count)++;
	}
	return v;
}

static void load_figures(fctx *c, const ynode *n)
{
	static const char *const keys[] = {"key", "label", "value", "qualifier", "unit", "source", "note",
					   NULL};
	if (!yis_seq(c->dg, n, "figures"))
		return;
	facts *f = c->f;
	f->figures = arena_array(c->d->a, n->n ? n->n : 1, sizeof(fact_figure));
	for (size_t i = 0; i < n->n; i++) {
		const ynode *m = n->kids[i];
		if (!yis_map(c->dg, m, "figures[]"))
			continue;
		ymap_check(c->dg, m, "figure", keys);
		fact_figure *g = &f->figures[f->nfigures];
		g->pos = m->pos;
		g->key = yneed_str(c->dg, m, "key", "figure");
		g->label = ftext(c, m, "label");
		g->qualifier = yget_str(c->dg, m, "qualifier");
		g->unit = yget_str(c->dg, m, "unit");
		g->note = ftext(c, m, "note");
		g->source = yget_str(c->dg, m, "source");
		const ynode *v = ymap_get(m, "value");
		if (!v) {
			diag_error(c->dg, m->pos, "figure: missing required key 'value'");
			continue;
		}
		if (!ynum(c->dg, v, "value", &g->value))
			continue;
		if (!g->source)
			diag_error(c->dg, m->pos,
				   "figure '%s': missing required key 'source' (every figure names its source)",
				   g->key ? g->key : "?");
		check_source_ref(c, m);
		if (g->key)
			f->nfigures++;
	}
}

facts *load_facts(doc *d, diag *dg, const char *path, srcpos from)
{
	static const char *const keys[] = {"sources", "event", "agenda", "workshops", "outcomes",
					   "figures", "people", "contacts", NULL};
	int before = dg->errors;
	ynode *root = yaml_load_file(d->a, dg, path, from);
	doc_add_input(d, path);
	if (!root)
		return NULL;
	if (!yis_map(dg, root, "facts file"))
		return NULL;
	facts *f = arena_alloc(d->a, sizeof *f);
	f->path = path;
	f->pos = root->pos;
	fctx c = {d, dg, f, path};
	ymap_check(dg, root, "facts", keys);
	const ynode *v;
	/* sources first: everything else refers to them */
	if ((v = ymap_get(root, "sources")))
		load_sources(&c, v);
	for (size_t i = 0; i < f->nsources; i++) {
		const fact_source *s = &f->sources[i];
		if (!s->id || !s->title)
			continue; /* reported: a source needs both */
		GROW(d->known, d->known_cap, d->nknown + 1);
		d->known[d->nknown++] = (doc_source){.key = s->id, .cite = facts_cite(d->a, f, s->id, doc_lang(d)),
						     .title = s->title, .author = s->author,
						     .publisher = s->publisher, .date = s->date, .url = s->url,
						     .pos = s->pos};
	}
	if ((v = ymap_get(root, "event")))
		load_event(&c, v);
	if ((v = ymap_get(root, "agenda")))
		f->agenda = load_items(&c, v, "agenda", &f->nagenda);
	if ((v = ymap_get(root, "workshops")))
		f->workshops = load_items(&c, v, "workshops", &f->nworkshops);
	if ((v = ymap_get(root, "outcomes")))
		f->outcomes = load_items(&c, v, "outcomes", &f->noutcomes);
	if ((v = ymap_get(root, "figures")))
		load_figures(&c, v);
	if ((v = ymap_get(root, "people")))
		f->people = load_people(&c, v, "people", &f->npeople);
	if ((v = ymap_get(root, "contacts")))
		f->contacts = load_people(&c, v, "contacts", &f->ncontacts);
	return dg->errors > before ? NULL : f;
}

const char *facts_cite(arena *a, const facts *f, const char *id, const char *lang)
{
	const fact_source *s = facts_source(f, id);
	if (!s)
		return id ? id : "";
	if (s->cite)
		return s->cite;
	char date[64] = "";
	if (s->date)
		format_date(date, sizeof date, s->date, lang);
	const char *who = s->publisher ? s->publisher : s->title ? s->title : s->id;
	return date[0] ? arena_printf(a, "%s, %s", who, date) : who;
}

const fact_source *facts_source(const facts *f, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < f->nsources; i++)
		if (strcmp(f->sources[i].id, id) == 0)
			return &f->sources[i];
	return NULL;
}
