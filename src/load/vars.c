/* vars.c — resolving and expanding {{ name }} (see vars.h). */
#include "vars.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "langmark.h"

typedef struct {
	const char *name;
	const facts *f;
	const rawtable *t;
	srcpos pos;
} source;

struct vars_state {
	source *src;
	size_t nsrc, srccap;
	const char **var_name, **var_value;
	size_t nvars, varcap;
};

static struct vars_state *state(doc *d)
{
	if (!d->vars)
		d->vars = arena_alloc(d->a, sizeof(struct vars_state));
	return d->vars;
}

/* Room for n + 1 elements of size bytes in an array of the arena (which
 * frees nothing on its own: the old array stays until the document goes). */
static void *arena_grow(arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return old;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = arena_array(a, ncap, size);
	if (*cap)
		memcpy(p, old, *cap * size);
	*cap = ncap;
	return p;
}

static void add_source(doc *d, const char *name, const facts *f, const rawtable *t, srcpos pos)
{
	struct vars_state *v = state(d);
	v->src = arena_grow(d->a, v->src, v->nsrc, &v->srccap, sizeof *v->src);
	v->src[v->nsrc++] = (source){name, f, t, pos};
}

void vars_add_facts(doc *d, const char *name, const facts *f, srcpos pos)
{
	add_source(d, name, f, NULL, pos);
}

void vars_add_table(doc *d, const char *name, const rawtable *t, srcpos pos)
{
	add_source(d, name, NULL, t, pos);
}

void vars_add_failed(doc *d, const char *name, srcpos pos)
{
	add_source(d, name, NULL, NULL, pos);
}

void vars_set(doc *d, const char *name, const char *value)
{
	struct vars_state *v = state(d);
	for (size_t i = 0; i < v->nvars; i++)
		if (!strcmp(v->var_name[i], name)) {
			v->var_value[i] = arena_strdup(d->a, value);
			return;
		}
	size_t cap = v->varcap;
	v->var_name = arena_grow(d->a, v->var_name, v->nvars, &cap, sizeof *v->var_name);
	v->var_value = arena_grow(d->a, v->var_value, v->nvars, &v->varcap, sizeof *v->var_value);
	v->var_name[v->nvars] = arena_strdup(d->a, name);
	v->var_value[v->nvars++] = arena_strdup(d->a, value);
}

const char *vars_get(doc *d, const char *name)
{
	struct vars_state *v = state(d);
	for (size_t i = 0; i < v->nvars; i++)
		if (!strcmp(v->var_name[i], name))
			return v->var_value[i];
	return NULL;
}

/* "Member States" → "member-states" */
static char *slug(arena *a, const char *s)
{
	char *o = arena_alloc(a, strlen(s) + 1), *p = o;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '_')
			*p++ = '-';
		else if (ch >= 'A' && ch <= 'Z')
			*p++ = (char)(ch - 'A' + 'a');
		else
			*p++ = (char)ch;
	}
	*p = 0;
	return o;
}

/* A number as the document writes it; other text unchanged. */
static const char *as_number(doc *d, const char *raw)
{
	char *end;
	double v = strtod(raw, &end);
	if (end == raw || *end || !isfinite(v) || strspn(raw, "0123456789+-.") != strlen(raw))
		return raw;
	if (!(fabs(v) < LIMIT_NUMBER))
		return raw; /* beyond exact numbers: the digits as written */
	char out[64];
	const char *dot = strchr(raw, '.');
	if (!dot)
		format_integer(out, sizeof out, (long long)v, doc_lang(d));
	else
		format_decimal(out, sizeof out, v, dot ? (int)strlen(dot + 1) : 0, doc_lang(d));
	return arena_strdup(d->a, out);
}

static const char *cite(doc *d, const facts *f, const char *id)
{
	return facts_cite(d->a, f, id, doc_lang(d));
}

/* Candidate names, for "did you mean": every one, NULL-terminated. */
typedef struct {
	const char **v;
	size_t n, cap;
} names;

static void cand(names *c, const char *s)
{
	GROW(c->v, c->cap, c->n + 2);
	c->v[c->n++] = s;
	c->v[c->n] = NULL;
}

static const char *figure_part(doc *d, const facts *f, const fact_figure *g, const char *what)
{
	if (!what)
		return format_figure(d->a, g->value, NULL, NULL, doc_lang(d));
	if (!strcmp(what, "text"))
		return format_figure(d->a, g->value, g->qualifier, g->unit, doc_lang(d));
	if (!strcmp(what, "source"))
		return cite(d, f, g->source);
	return NULL;
}

static const char *resolve_figure(doc *d, const source *s, const char *key, const char *rest,
				  names *c, const char **why)
{
	const facts *f = s->f;
	const fact_figure **match = arena_array(d->a, f->nfigures ? f->nfigures : 1, sizeof *match);
	int n = 0;
	bool differ = false;
	for (size_t i = 0; i < f->nfigures; i++)
		if (!strcmp(f->figures[i].key, key)) {
			if (n && f->figures[i].value != match[0]->value)
				differ = true;
			match[n++] = &f->figures[i];
		}
	for (size_t i = 0; i < f->nfigures; i++)
		cand(c, arena_printf(d->a, "%s.figures.%s", s->name, f->figures[i].key));
	if (!n)
		return NULL;
	/* optional index, then optional part */
	int idx = 0;
	const char *what = NULL;
	if (rest && rest[0] >= '1' && rest[0] <= '9') {
		char *e;
		idx = (int)strtol(rest, &e, 10);
		if (idx < 1 || idx > n) {
			*why = arena_printf(d->a, "figure '%s' has %d value%s", key, n, n == 1 ? "" : "s");
			return NULL;
		}
		what = *e == '.' ? e + 1 : NULL;
		if (*e && *e != '.')
			return NULL;
	} else {
		what = rest;
	}
	if (!idx) {
		if (differ) {
			*why = arena_printf(d->a,
					    "the sources give %d different values for figure '%s'; name one: %s.figures.%s.1 … .%d",
					    n, key, s->name, key, n);
			return NULL;
		}
		idx = 1;
	}
	return figure_part(d, f, match[idx - 1], what);
}

static const char *resolve_facts(doc *d, const source *s, const char *field, names *c, const char **why)
{
	const facts *f = s->f;
	char tmp[160];
	static const char *const fields[] = {"name", "short-name", "venue", "format", "theme", "organisers",
					     "dates", "original-dates", "start", "end", NULL};
	for (int i = 0; fields[i]; i++)
		cand(c, arena_printf(d->a, "%s.%s", s->name, fields[i]));
	if (!strncmp(field, "figures.", 8)) {
		char *key = arena_strdup(d->a, field + 8);
		char *dot = strchr(key, '.');
		if (dot)
			*dot = 0;
		return resolve_figure(d, s, key, dot ? dot + 1 : NULL, c, why);
	}
	if (!strcmp(field, "name"))
		return f->name;
	if (!strcmp(field, "short-name"))
		return f->short_name;
	if (!strcmp(field, "venue"))
		return f->venue;
	if (!strcmp(field, "format"))
		return f->format;
	if (!strcmp(field, "theme"))
		return f->theme;
	if (!strcmp(field, "organisers")) {
		buf b = {0};
		for (size_t i = 0; i < f->norganisers; i++)
			buf_printf(&b, "%s%s", i ? (i + 1 == f->norganisers ? " and " : ", ") : "", f->organisers[i]);
		const char *r = arena_strdup(d->a, buf_cstr(&b));
		buf_free(&b);
		return f->norganisers ? r : NULL;
	}
	if (!strcmp(field, "dates") && f->start) {
		format_date_range(tmp, sizeof tmp, f->start, f->end, doc_lang(d));
		return arena_strdup(d->a, tmp);
	}
	if (!strcmp(field, "original-dates") && f->orig_start) {
		format_date_range(tmp, sizeof tmp, f->orig_start, f->orig_end, doc_lang(d));
		return arena_strdup(d->a, tmp);
	}
	if ((!strcmp(field, "start") && f->start) || (!strcmp(field, "end") && f->end)) {
		format_date(tmp, sizeof tmp, field[0] == 's' ? f->start : f->end, doc_lang(d));
		return arena_strdup(d->a, tmp);
	}
	return NULL;
}

static const char *resolve_table(doc *d, const source *s, const char *field, names *c, const char **why)
{
	const rawtable *t = s->t;
	cand(c, arena_printf(d->a, "%s.rows", s->name));
	if (!strcmp(field, "rows"))
		return arena_printf(d->a, "%zu", t->nrows);
	const char *dot = strrchr(field, '.');
	if (!dot)
		return NULL;
	char *row = arena_strndup(d->a, field, (size_t)(dot - field));
	const char *col = dot + 1;
	size_t ci = t->ncols;
	for (size_t k = 0; k < t->ncols; k++)
		if (!strcmp(t->keys[k], col))
			ci = k;
	size_t limit = t->nrows < 64 ? t->nrows : 64;
	for (size_t r = 0; r < limit; r++)
		for (size_t k = 1; k < t->ncols && k < 4; k++)
			cand(c, arena_printf(d->a, "%s.%s.%s", s->name, slug(d->a, t->cells[r * t->ncols]), t->keys[k]));
	if (ci == t->ncols)
		return NULL;
	if (!strcmp(row, "total")) {
		double sum = 0;
		bool dec = false;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *v = t->cells[r * t->ncols + ci];
			char *e;
			double x = strtod(v, &e);
			/* numbers as tables write them: no hex, inf or nan */
			if (!*v || *e || strspn(v, "0123456789+-.eE") != strlen(v) || !isfinite(x))
				continue;
			sum += x;
			dec |= strchr(v, '.') != NULL;
		}
		if (!(fabs(sum) < LIMIT_NUMBER)) {
			*why = arena_printf(d->a, "the total of column '%s' is 10^15 or more, too large to write "
						  "exactly (the limit is 10^15)", col);
			return NULL;
		}
		char out[64];
		if (dec)
			format_decimal(out, sizeof out, sum, 1, doc_lang(d));
		else
			format_integer_d(out, sizeof out, sum, doc_lang(d));
		return arena_strdup(d->a, out);
	}
	for (size_t r = 0; r < t->nrows; r++)
		if (!strcmp(slug(d->a, t->cells[r * t->ncols]), row))
			return as_number(d, t->cells[r * t->ncols + ci]);
	return NULL;
}

static const char *resolve(doc *d, const char *name, names *c, const char **why)
{
	const doc_meta *m = &d->meta;
	static const char *const docf[] = {"title", "subtitle", "author", "date", "language", "prepared-for",
					   "classification", NULL};
	for (int i = 0; docf[i]; i++)
		cand(c, arena_printf(d->a, "document.%s", docf[i]));
	struct vars_state *v = state(d);
	static const char *const rcptf[] = {"recipient.name", "recipient.title", "recipient.delegation", NULL};
	for (int i = 0; rcptf[i]; i++)
		cand(c, rcptf[i]);
	for (size_t i = 0; i < v->nvars; i++)
		if (!strchr(v->var_name[i], '.')) /* recipient.* are named as they are */
			cand(c, arena_printf(d->a, "vars.%s", v->var_name[i]));
	if (!strncmp(name, "document.", 9)) {
		const char *f = name + 9;
		if (!strcmp(f, "date") && m->date) {
			char tmp[64];
			format_date(tmp, sizeof tmp, m->date, doc_lang(d));
			return arena_strdup(d->a, tmp);
		}
		return !strcmp(f, "title") ? m->title : !strcmp(f, "subtitle") ? m->subtitle
			: !strcmp(f, "author") ? m->author : !strcmp(f, "language") ? m->language
			: !strcmp(f, "prepared-for") ? m->prepared_for
			: !strcmp(f, "classification") ? m->classification : NULL;
	}
	if (!strncmp(name, "vars.", 5)) {
		for (size_t i = 0; i < v->nvars; i++)
			if (!strchr(v->var_name[i], '.') && !strcmp(v->var_name[i], name + 5))
				return v->var_value[i];
		for (int i = 0; i < 2; i++) /* name, title; delegation is often a variable */
			if (!strcmp(name + 5, rcptf[i] + 10)) {
				*why = arena_printf(d->a, "'%s' is not a variable; did you mean '%s' (the recipient of a "
							  "numbered copy)?", name + 5, rcptf[i]);
				return NULL;
			}
		if (!strchr(name + 5, '.') && !diag_nearest(name, c->v))
			*why = arena_printf(d->a, "the variable '%s' is not set (give it with --var %s=VALUE, or in "
						  "a batch manifest's vars)", name + 5, name + 5);
		return NULL;
	}
	if (!strncmp(name, "recipient.", 10)) {
		const char *r = vars_get(d, name);
		for (int i = 0; !r && rcptf[i]; i++)
			if (!strcmp(name, rcptf[i]))
				*why = "only a numbered copy has a recipient (build it from a batch manifest with "
				       "recipients, or give --var recipient.name=VALUE)";
		return r;
	}
	for (size_t i = 0; i < v->nsrc; i++) {
		const source *s = &v->src[i];
		size_t n = strlen(s->name);
		if (strncmp(name, s->name, n) || name[n] != '.') {
			cand(c, arena_printf(d->a, "%s.…", s->name));
			continue;
		}
		if (!s->f && !s->t)
			return ""; /* the source failed to load, which was reported */
		return s->f ? resolve_facts(d, s, name + n + 1, c, why) : resolve_table(d, s, name + n + 1, c, why);
	}
	return NULL;
}

const char *vars_expand(doc *d, diag *dg, const char *text, size_t len, srcpos base)
{
	if (!memmem(text, len, "{{", 2))
		return text;
	buf b = {0};
	int line = base.line, col = base.col;
	size_t i = 0;
	while (i < len) {
		if (text[i] == '\\' && i + 2 < len && text[i + 1] == '{' && text[i + 2] == '{') {
			buf_put(&b, "{{", 2);
			i += 3;
			col += 3;
			continue;
		}
		if (text[i] == '{' && i + 1 < len && text[i + 1] == '{') {
			const char *close = memmem(text + i + 2, len - i - 2, "}}", 2);
			const char *nl = memchr(text + i + 2, '\n', len - i - 2);
			srcpos at = {base.file, line, col};
			if (!close || (nl && nl < close)) {
				diag_error(dg, at, "'{{' is not closed by '}}' on the same line (write \\{{ for a literal '{{')");
				buf_put(&b, text + i, 2);
				i += 2;
				col += 2;
				continue;
			}
			size_t a = i + 2, e = (size_t)(close - text);
			while (a < e && text[a] == ' ')
				a++;
			while (e > a && text[e - 1] == ' ')
				e--;
			char *name = arena_strndup(d->a, text + a, e - a);
			names c = {0};
			const char *why = NULL;
			const char *val = lm_plain(d->a, resolve(d, name, &c, &why)); /* its words; a passage keeps no language here */
			if (!val) {
				const char *near = why || !c.v ? NULL : diag_nearest(name, c.v);
				if (near && !strcmp(near, name)) /* a real name with no value here */
					diag_error(dg, at, "{{ %s }} has no value in this dossier (the layout or data does not set it)", name);
				else if (why)
					diag_error(dg, at, "{{ %s }}: %s", name, why);
				else if (near)
					diag_error(dg, at, "unknown name '%s' in {{ }}; did you mean '%s'?", name, near);
				else
					diag_error(dg, at, "unknown name '%s' in {{ }} (names start with document., vars. or a data: source)", name);
				val = "";
			}
			free(c.v);
			for (const char *p = val; *p; p++) /* keep line numbers: no newlines */
				buf_putc(&b, *p == '\n' ? ' ' : *p);
			size_t used = (size_t)(close - text) + 2 - i;
			col += (int)utf8_count(text + i, used);
			i += used;
			continue;
		}
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			col++;
		}
		buf_putc(&b, text[i]);
		i++;
	}
	const char *r = arena_strdup(d->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

bool vars_name_ok(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}
