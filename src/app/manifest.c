/* manifest.c — read and expand a batch manifest (manifest.h, docs/batch.md). */
#include "manifest.h"
#include "output.h"
#include "vars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contenthash.h"
#include "load.h"

/* Dossiers in one manifest after expansion. A matrix multiplies quickly;
 * past this a typo (a list pasted twice) is likelier than a real need. */
#define LIMIT_BATCH_DOSSIERS 100000
/* Variables per dossier: what the {{ vars.NAME }} table holds (vars.c). */
#define LIMIT_BATCH_VARS 64

typedef struct {
	const char *k, *v;
	srcpos vpos;              /* where the value is written */
} kv;

typedef struct {
	const char *name, *title, *delegation;
} rcpt;

typedef struct {
	bool set, bad;
	rcpt *r;
	size_t n;
	int match;                /* -1, or 0 name, 1 title, 2 delegation */
	srcpos pos, match_pos;
} rcpts;

typedef struct {
	const char *path;
	rcpt *r;
	size_t n;
	bool ok;
} rfile;

typedef struct {
	manifest *m;
	diag *dg;
	const char *dir;
	rfile *files;
	size_t nfiles, files_cap;
	srcpos *reported;         /* positions already reported (matrix repeats) */
	size_t nreported, reported_cap;
	size_t cap;
	bool too_many;
	int numbering;            /* copies: 0 manifest, 1 per-entry, 2 per-group */
	struct pending {          /* a copy whose output waits for its number */
		size_t at;            /* index in m->d */
		size_t entry;
		const ynode *op;
		kv *kvs;              /* n + 2: copy and copies last */
		size_t n;
	} *pend;
	size_t npend, pend_cap;
} mctx;

typedef struct {
	const ynode *layout, *output;
	kv *vars;
	size_t nvars;
	rcpts rc;
} defaults;

static const char *const rcpt_fields[] = {"name", "title", "delegation", NULL};

/* A message repeated by every matrix combination is printed once. */
static bool first_time(mctx *c, srcpos p)
{
	for (size_t i = 0; i < c->nreported; i++)
		if (c->reported[i].line == p.line && c->reported[i].col == p.col &&
		    c->reported[i].file == p.file)
			return false;
	GROW(c->reported, c->reported_cap, c->nreported + 1);
	c->reported[c->nreported++] = p;
	return true;
}

/* Position of byte off of a scalar's text (single-line scalars). */
static srcpos text_at(const ynode *n, const char *s, size_t off)
{
	srcpos p = n->pos;
	if (p.line > 0)
		p.col += (n->plain ? 0 : 1) + (int)utf8_count(s, off);
	return p;
}

/* ---- vars: {NAME: value, …} ---- */
static void parse_vars(mctx *c, const ynode *n, const char *what, kv **out, size_t *nout)
{
	if (!yis_map(c->dg, n, what))
		return;
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->kids[2 * i], *v = n->kids[2 * i + 1];
		if (!vars_name_ok(k->str)) {
			diag_error(c->dg, k->pos,
				   "%s: '%s' is not a variable name (a letter, then letters, digits, '-' or '_')",
				   what, k->str);
			continue;
		}
		if (!strcmp(k->str, "name") || !strcmp(k->str, "copy") || !strcmp(k->str, "copies")) {
			diag_error(c->dg, k->pos, "%s: '%s' is reserved (it is set for every dossier)", what,
				   k->str);
			continue;
		}
		const char *s = ystr(c->dg, v, k->str);
		if (!s)
			continue;
		size_t j;
		for (j = 0; j < *nout; j++)
			if (!strcmp((*out)[j].k, k->str))
				break;
		if (j == *nout) {
			kv *grown = arena_array(c->m->a, *nout + 1, sizeof *grown);
			if (*nout)
				memcpy(grown, *out, *nout * sizeof *grown);
			*out = grown;
			(*nout)++;
		}
		(*out)[j] = (kv){k->str, s, v->pos};
	}
}

/* ---- recipients ---- */
static bool recipients_from_table(mctx *c, rfile *f, srcpos from)
{
	doc *d = doc_new();
	int before = c->dg->errors;
	rawtable *t = load_rawtable(d, c->dg, f->path, from);
	bool ok = t && c->dg->errors == before;
	int col[3] = {-1, -1, -1};
	if (ok) {
		for (size_t j = 0; j < t->ncols; j++) {
			int k;
			for (k = 0; rcpt_fields[k]; k++)
				if (!strcmp(t->keys[j], rcpt_fields[k]))
					break;
			if (rcpt_fields[k]) {
				col[k] = (int)j;
				continue;
			}
			const char *near = diag_nearest(t->keys[j], rcpt_fields);
			if (near)
				diag_error(c->dg, (srcpos){f->path, 1, 1},
					   "recipients: unknown column '%s'; did you mean '%s'?", t->keys[j], near);
			else
				diag_error(c->dg, (srcpos){f->path, 1, 1},
					   "recipients: unknown column '%s' (expected name, title, delegation)",
					   t->keys[j]);
			ok = false;
		}
		if (ok && col[0] < 0) {
			diag_error(c->dg, (srcpos){f->path, 1, 1}, "recipients: the table needs a 'name' column");
			ok = false;
		}
	}
	if (ok) {
		f->n = t->nrows;
		f->r = arena_array(c->m->a, t->nrows ? t->nrows : 1, sizeof *f->r);
		for (size_t i = 0; i < t->nrows; i++) {
			const char **cell = t->cells + i * t->ncols;
			const char *v[3] = {NULL, NULL, NULL};
			for (int k = 0; k < 3; k++)
				if (col[k] >= 0 && cell[col[k]][0])
					v[k] = arena_strdup(c->m->a, cell[col[k]]);
			if (!v[0]) {
				diag_error(c->dg, t->cellpos[i * t->ncols + (size_t)col[0]],
					   "recipients: row %zu has no name", i + 1);
				ok = false;
			}
			f->r[i] = (rcpt){v[0], v[1], v[2]};
		}
	}
	doc_free(d);
	return ok;
}

static void parse_inline_recipients(mctx *c, const ynode *n, rcpts *rc)
{
	if (!yis_seq(c->dg, n, "recipients"))
		return;
	rc->r = arena_array(c->m->a, n->n ? n->n : 1, sizeof *rc->r);
	for (size_t i = 0; i < n->n; i++) {
		const ynode *e = n->kids[i];
		rcpt r = {0};
		if (e->kind == Y_SCALAR) {
			r.name = e->str;
		} else if (yis_map(c->dg, e, "recipients[]")) {
			ymap_check(c->dg, e, "recipient", rcpt_fields);
			r.name = yneed_str(c->dg, e, "name", "recipient");
			r.title = yget_str(c->dg, e, "title");
			r.delegation = yget_str(c->dg, e, "delegation");
		}
		if (r.name && *r.name)
			rc->r[rc->n++] = r;
		else
			rc->bad = true;
	}
}

static rcpts parse_recipients(mctx *c, const ynode *n)
{
	static const char *const keys[] = {"file", "list", "match", NULL};
	rcpts rc = {.set = true, .match = -1, .pos = n->pos};
	const ynode *file = NULL, *list = NULL;
	int before = c->dg->errors;
	if (n->kind == Y_SCALAR) {
		file = n;
	} else if (n->kind == Y_SEQ) {
		list = n;
	} else {
		ymap_check(c->dg, n, "recipients", keys);
		file = ymap_get(n, "file");
		list = ymap_get(n, "list");
		if (file && list) {
			diag_error(c->dg, n->pos, "recipients: give either file or list, not both");
			file = list = NULL;
			rc.bad = true;
		}
		else if (!file && !list)
			diag_error(c->dg, n->pos, "recipients: missing required key 'file' (or 'list')");
		const ynode *m = ymap_get(n, "match");
		if (m) {
			rc.match = yenum(c->dg, m, "match", rcpt_fields);
			rc.match_pos = m->pos;
		}
	}
	if (file && ystr(c->dg, file, "file")) {
		const char *path = path_join(c->m->a, c->dir, file->str);
		rfile *f = NULL;
		for (size_t i = 0; i < c->nfiles; i++)
			if (!strcmp(c->files[i].path, path))
				f = &c->files[i];
		if (!f) {
			GROW(c->files, c->files_cap, c->nfiles + 1);
			f = &c->files[c->nfiles++];
			*f = (rfile){.path = path};
			f->ok = recipients_from_table(c, f, file->pos);
		}
		rc.r = f->r;
		rc.n = f->n;
		if (!f->ok)
			rc.bad = true;
	} else if (list) {
		parse_inline_recipients(c, list, &rc);
	}
	if (c->dg->errors > before)
		rc.bad = true;
	if (!rc.bad && rc.n == 0) {
		diag_error(c->dg, n->pos, "recipients: the list is empty");
		rc.bad = true;
	}
	return rc;
}

static const char *rcpt_field(const rcpt *r, int k)
{
	return k == 0 ? r->name : k == 1 ? r->title : r->delegation;
}

/* ---- {NAME} patterns ---- */
static const char *lookup(const kv *kvs, size_t n, const char *k, size_t klen, const kv **hit)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(kvs[i].k) == klen && !strncmp(kvs[i].k, k, klen)) {
			*hit = &kvs[i];
			return kvs[i].v;
		}
	return NULL;
}

/* Expand the pattern in scalar node pn. file: the result names a file, so a
 * value must not contain '/' or be "." or "..". NULL on error (reported). */
static const char *expand(mctx *c, const ynode *pn, const char *what, const kv *kvs, size_t n, bool file)
{
	const char *s = pn->str;
	buf b = {0};
	bool ok = true;
	for (size_t i = 0; s[i];) {
		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
			buf_putc(&b, s[i]);
			i += 2;
			continue;
		}
		if (s[i] != '{') {
			buf_putc(&b, s[i++]);
			continue;
		}
		const char *close = strchr(s + i, '}');
		srcpos at = text_at(pn, s, i);
		if (!close) {
			if (first_time(c, at))
				diag_error(c->dg, at, "%s: '{' is not closed (write '{{' for a literal '{')", what);
			ok = false;
			break;
		}
		const char *k = s + i + 1;
		size_t klen = (size_t)(close - k);
		const kv *hit = NULL;
		const char *v = lookup(kvs, n, k, klen, &hit);
		if (!v) {
			if (first_time(c, at)) {
				char *name = arena_strndup(c->m->a, k, klen);
				const char **cands = arena_array(c->m->a, n + 1, sizeof *cands);
				for (size_t j = 0; j < n; j++)
					cands[j] = kvs[j].k;
				const char *near = diag_nearest(name, cands);
				if (!strcmp(name, "copy") || !strcmp(name, "copies") ||
				    (!strncmp(name, "recipient.", 10) && !near))
					diag_error(c->dg, at, "%s: {%s} is only known for dossiers with recipients", what, name);
				else if (near)
					diag_error(c->dg, at, "%s: unknown name {%s}; did you mean {%s}?", what, name, near);
				else {
					buf l = {0};
					for (size_t j = 0; j < n; j++)
						buf_printf(&l, "%s{%s}", j ? ", " : "", kvs[j].k);
					diag_error(c->dg, at, "%s: unknown name {%s} (known here: %s)", what, name,
						   n ? buf_cstr(&l) : "none");
					buf_free(&l);
				}
			}
			ok = false;
		} else if (file && (strchr(v, '/') || !strcmp(v, ".") || !strcmp(v, "..") || !*v)) {
			srcpos vp = hit->vpos.file ? hit->vpos : at;
			if (first_time(c, vp))
				diag_error(c->dg, vp, "%s: the value '%s' of {%s} cannot be part of a file name%s", what,
					   v, hit->k, *v ? " (no '/', '.' or '..')" : " (it is empty)");
			ok = false;
		} else {
			buf_puts(&b, v);
		}
		i = (size_t)(close - s) + 1;
	}
	const char *r = ok ? arena_strdup(c->m->a, buf_cstr(&b)) : NULL;
	buf_free(&b);
	return r;
}

/* ---- one entry of dossiers: ---- */
static void push(mctx *c, bdossier *d)
{
	if (c->m->n >= LIMIT_BATCH_DOSSIERS) {
		c->too_many = true;
		return;
	}
	GROW(c->m->d, c->cap, c->m->n + 1);
	d->index = c->m->n;
	c->m->d[c->m->n++] = *d;
}

/* One entry of dossiers: being expanded into its dossiers. */
typedef struct {
	const ynode *e, *name, *layout, *output;
	size_t ei;
	kv *vars;                   /* the defaults', then the entry's */
	size_t nvars;
	const ynode **mk, **ml;     /* matrix keys and their lists of values */
	size_t nkeys, combos;
	rcpts rc;
} entryx;

/* matrix: each key a list of values (into x->mk, x->ml); false when the
 * combinations are past the limit. */
static bool entry_matrix(mctx *c, entryx *x, const ynode *mx)
{
	x->mk = arena_array(c->m->a, mx->n ? mx->n : 1, sizeof *x->mk);
	x->ml = arena_array(c->m->a, mx->n ? mx->n : 1, sizeof *x->ml);
	if (mx->n == 0)
		diag_error(c->dg, mx->pos, "matrix: give at least one variable with its list of values");
	for (size_t i = 0; i < mx->n; i++) {
		const ynode *k = mx->kids[2 * i], *l = mx->kids[2 * i + 1];
		if (!vars_name_ok(k->str)) {
			diag_error(c->dg, k->pos,
				   "matrix: '%s' is not a variable name (a letter, then letters, digits, '-' or '_')",
				   k->str);
			continue;
		}
		if (!strcmp(k->str, "name") || !strcmp(k->str, "copy") || !strcmp(k->str, "copies")) {
			diag_error(c->dg, k->pos, "matrix: '%s' is reserved (it is set for every dossier)", k->str);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < x->nvars; j++)
			if (!strcmp(x->vars[j].k, k->str))
				dup = true;
		if (dup && !(ymap_get(x->e, "vars") && ymap_get(ymap_get(x->e, "vars"), k->str))) {
			/* a default variable: the matrix value wins */
			size_t w = 0;
			for (size_t j = 0; j < x->nvars; j++)
				if (strcmp(x->vars[j].k, k->str))
					x->vars[w++] = x->vars[j];
			x->nvars = w;
		} else if (dup) {
			diag_error(c->dg, k->pos, "matrix: '%s' is also given in vars", k->str);
			continue;
		}
		if (!yis_seq(c->dg, l, k->str))
			continue;
		if (l->n == 0) {
			diag_error(c->dg, l->pos, "matrix: '%s' has no values", k->str);
			continue;
		}
		bool scalars = true;
		for (size_t j = 0; j < l->n; j++)
			if (!ystr(c->dg, l->kids[j], k->str))
				scalars = false;
		if (!scalars)
			continue;
		x->mk[x->nkeys] = k;
		x->ml[x->nkeys++] = l;
		if (x->combos > LIMIT_BATCH_DOSSIERS / l->n) {
			diag_error(c->dg, mx->pos, "matrix: more than %d combinations (limit)", LIMIT_BATCH_DOSSIERS);
			return false;
		}
		x->combos *= l->n;
	}
	return true;
}

/* Does recipient rp get a copy (want: the value of the match field; NULL all)? */
static bool rcpt_wanted(const rcpts *rc, const rcpt *rp, const char *want)
{
	return !want || (rcpt_field(rp, rc->match) && !strcmp(rcpt_field(rp, rc->match), want));
}

/* The copies of dossier d, one per matching recipient, numbered from 1;
 * kvs[0..n) its variables (nuser of them the user's), op its output. */
static void entry_copies(mctx *c, const entryx *x, const bdossier *d, const kv *kvs, size_t n, size_t nuser,
			 const ynode *op)
{
	const rcpts *rc = &x->rc;
	const char *want = NULL;
	if (rc->match >= 0) {
		const kv *hit = NULL;
		const char *mn = rcpt_fields[rc->match];
		want = lookup(kvs, nuser, mn, strlen(mn), &hit);
		if (!want) {
			if (first_time(c, rc->match_pos))
				diag_error(c->dg, rc->match_pos, "recipients: match: '%s' needs a variable '%s' in the dossier",
					   mn, mn);
			return;
		}
	}
	size_t total = 0;
	for (size_t i = 0; i < rc->n; i++)
		total += rcpt_wanted(rc, &rc->r[i], want);
	if (total == 0) {
		diag_error(c->dg, rc->match_pos.file ? rc->match_pos : rc->pos,
			   "recipients: no recipient has %s '%s' (dossier '%s')", rcpt_fields[rc->match], want, d->name);
		return;
	}
	/* the recipient's fields; the output is expanded once every copy of
	 * the manifest is known (number_copies) */
	size_t no = 0;
	for (size_t i = 0; i < rc->n; i++) {
		const rcpt *rp = &rc->r[i];
		if (!rcpt_wanted(rc, rp, want))
			continue;
		no++;
		kv *own = arena_array(c->m->a, n + 5, sizeof *own);
		memcpy(own, kvs, n * sizeof *own);
		for (int k = 0; k < 3; k++) {
			const char *fv = rcpt_field(rp, k);
			own[n + (size_t)k] = (kv){arena_printf(c->m->a, "recipient.%s", rcpt_fields[k]), fv ? fv : "",
						  rc->pos};
		}
		bdossier cd = *d;
		cd.copy_no = (int)no;
		cd.copy_total = (int)total;
		cd.rcpt_name = rp->name;
		cd.rcpt_title = rp->title;
		cd.rcpt_delegation = rp->delegation;
		size_t before_push = c->m->n;
		push(c, &cd);
		if (c->m->n == before_push)
			break;
		GROW(c->pend, c->pend_cap, c->npend + 1);
		c->pend[c->npend++] = (struct pending){before_push, x->ei, op, own, n + 3};
	}
}

/* The dossier (or its copies) of combination combo, first key slowest;
 * kvs and idx: room for its variables and the key indexes. */
static void entry_combo(mctx *c, const entryx *x, size_t combo, kv *kvs, size_t *idx)
{
	size_t r = combo;
	for (size_t k = x->nkeys; k-- > 0;) {
		idx[k] = r % x->ml[k]->n;
		r /= x->ml[k]->n;
	}
	size_t n = 0;
	for (size_t i = 0; i < x->nvars; i++)
		kvs[n++] = x->vars[i];
	for (size_t k = 0; k < x->nkeys; k++)
		kvs[n++] = (kv){x->mk[k]->str, x->ml[k]->kids[idx[k]]->str, x->ml[k]->kids[idx[k]]->pos};
	size_t nuser = n;
	const char *nm = expand(c, x->name, "name", kvs, n, false);
	if (!nm)
		return;
	kvs[n++] = (kv){"name", nm, x->name->pos};
	const char *lay = expand(c, x->layout, "layout", kvs, n, true);
	bdossier d = {.pos = x->e->pos, .name = nm, .nvars = nuser};
	d.var_names = arena_array(c->m->a, nuser ? nuser : 1, sizeof(char *));
	d.var_values = arena_array(c->m->a, nuser ? nuser : 1, sizeof(char *));
	for (size_t i = 0; i < nuser; i++) {
		d.var_names[i] = kvs[i].k;
		d.var_values[i] = kvs[i].v;
	}
	if (!lay)
		return;
	d.layout = path_join(c->m->a, c->dir, lay);
	d.layout_spec = lay;
	const ynode def_out = {.kind = Y_SCALAR, .str = "{name}.pdf", .pos = x->e->pos, .plain = true};
	const ynode *op = x->output ? x->output : &def_out;
	if (x->rc.set) {
		entry_copies(c, x, &d, kvs, n, nuser, op);
		return;
	}
	const char *out = expand(c, op, "output", kvs, n, true);
	if (out) {
		d.output = path_join(c->m->a, c->dir, out);
		d.output_spec = out;
		push(c, &d);
	}
}

/* name, layout and output of the entry, the defaults' standing in; false
 * when the entry cannot be expanded (reported). */
static bool entry_keys(mctx *c, entryx *x, const char *what, const defaults *df)
{
	static const char *const keys[] = {"name", "layout", "output", "vars", "matrix", "recipients", NULL};
	const ynode *e = x->e;
	ymap_check(c->dg, e, what, keys);
	x->name = ymap_get(e, "name");
	x->layout = ymap_get(e, "layout");
	x->output = ymap_get(e, "output");
	/* the entry's own; the defaults' were checked with the defaults */
	if (x->layout)
		ystr(c->dg, x->layout, "layout");
	else
		x->layout = df->layout;
	if (x->output)
		ystr(c->dg, x->output, "output");
	else
		x->output = df->output;
	if (!x->name)
		diag_error(c->dg, e->pos, "%s: missing required key 'name'", what);
	else if (ystr(c->dg, x->name, "name") && !*x->name->str)
		diag_error(c->dg, x->name->pos, "%s: 'name' must not be empty", what);
	if (!x->layout)
		diag_error(c->dg, e->pos, "%s: missing required key 'layout' (and no defaults: layout)", what);
	return !((x->layout && x->layout->kind != Y_SCALAR) || (x->output && x->output->kind != Y_SCALAR));
}

static void entry(mctx *c, const ynode *e, size_t ei, const defaults *df)
{
	char what[48];
	snprintf(what, sizeof what, "dossiers[%zu]", ei);
	if (!yis_map(c->dg, e, what))
		return;
	int before = c->dg->errors;
	entryx x = {.e = e, .ei = ei, .combos = 1};
	if (!entry_keys(c, &x, what, df))
		return; /* reported */
	if (df->nvars) {
		x.vars = arena_array(c->m->a, df->nvars, sizeof *x.vars);
		memcpy(x.vars, df->vars, df->nvars * sizeof *x.vars);
		x.nvars = df->nvars;
	}
	const ynode *v;
	if ((v = ymap_get(e, "vars")))
		parse_vars(c, v, "vars", &x.vars, &x.nvars);
	const ynode *mx = ymap_get(e, "matrix");
	if (mx && yis_map(c->dg, mx, "matrix") && !entry_matrix(c, &x, mx))
		return;
	if (x.nvars + x.nkeys > LIMIT_BATCH_VARS)
		diag_error(c->dg, e->pos, "%s: %zu variables; the limit is %d", what, x.nvars + x.nkeys, LIMIT_BATCH_VARS);
	x.rc = df->rc;
	if ((v = ymap_get(e, "recipients")))
		x.rc = parse_recipients(c, v);
	if (x.rc.set && (!x.output || (x.output->kind == Y_SCALAR && !strstr(x.output->str, "{copy}"))))
		diag_error(c->dg, x.output ? x.output->pos : e->pos,
			   "output: every copy needs a file of its own; put {copy} in it, e.g. 'out/{name}-{copy}.pdf'");
	if (c->dg->errors > before || x.rc.bad)
		return;
	kv *kvs = arena_array(c->m->a, x.nvars + x.nkeys + 3, sizeof *kvs);
	size_t *idx = arena_array(c->m->a, x.nkeys ? x.nkeys : 1, sizeof *idx);
	for (size_t combo = 0; combo < x.combos; combo++)
		entry_combo(c, &x, combo, kvs, idx);
}

/* Number the copies (copies: numbering) and expand their outputs. */
static void number_copies(mctx *c)
{
	manifest *m = c->m;
	for (size_t i = 0; i < c->npend;) {
		/* a run of copies sharing one register */
		size_t j = i + 1;
		if (c->numbering == 0)
			j = c->npend;
		else if (c->numbering == 1)
			while (j < c->npend && c->pend[j].entry == c->pend[i].entry)
				j++;
		else
			j = i + (size_t)m->d[c->pend[i].at].copy_total;
		if (j > c->npend || j <= i)
			j = c->npend;
		size_t total = j - i;
		int width = snprintf(NULL, 0, "%zu", total);
		for (size_t k = i; k < j; k++) {
			struct pending *p = &c->pend[k];
			bdossier *d = &m->d[p->at];
			d->copy_no = (int)(k - i + 1);
			d->copy_total = (int)total;
			p->kvs[p->n] = (kv){"copy", arena_printf(m->a, "%0*zu", width, k - i + 1), {0}};
			p->kvs[p->n + 1] = (kv){"copies", arena_printf(m->a, "%zu", total), {0}};
			const char *out = expand(c, p->op, "output", p->kvs, p->n + 2, true);
			if (!out)
				continue;
			d->output = path_join(m->a, c->dir, out);
			d->output_spec = out;
		}
		i = j;
	}
}

/* ---- uniqueness of outputs and names ---- */
static const bdossier *sort_base;
static char **sort_keys; /* output_key of each dossier's output */

static int by_output(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const bdossier *x = &sort_base[i], *y = &sort_base[j];
	int r = strcmp(sort_keys[i], sort_keys[j]);
	return r ? r : (x->index > y->index) - (x->index < y->index);
}

static int by_name(const void *a, const void *b)
{
	const bdossier *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
	int r = strcmp(x->name, y->name);
	if (!r)
		r = (x->copy_no > y->copy_no) - (x->copy_no < y->copy_no);
	return r ? r : (x->index > y->index) - (x->index < y->index);
}

static void check_unique(mctx *c)
{
	manifest *m = c->m;
	if (m->n < 2)
		return;
	size_t *ix = xcalloc(m->n, sizeof *ix);
	for (size_t i = 0; i < m->n; i++)
		ix[i] = i;
	sort_base = m->d;
	/* one file however it is written: o.pdf, ./o.pdf, sub/../o.pdf */
	sort_keys = xcalloc(m->n, sizeof *sort_keys);
	for (size_t i = 0; i < m->n; i++)
		sort_keys[i] = output_key(m->a, m->d[i].output);
	qsort(ix, m->n, sizeof *ix, by_output);
	size_t first = 0; /* the first dossier writing this file */
	for (size_t i = 1; i < m->n; i++) {
		if (strcmp(sort_keys[ix[first]], sort_keys[ix[i]])) {
			first = i;
			continue;
		}
		const bdossier *a = &m->d[ix[first]], *b = &m->d[ix[i]];
		if (!first_time(c, b->pos))
			continue;
		if (!strcmp(a->output, b->output))
			diag_error(c->dg, b->pos, "dossier '%s' writes '%s', as dossier '%s' (line %d) does; give each its own output",
				   b->name, b->output, a->name, a->pos.line);
		else
			diag_error(c->dg, b->pos,
				   "dossier '%s' writes '%s', the same file as '%s' of dossier '%s' (line %d); give each its own output",
				   b->name, b->output, a->output, a->name, a->pos.line);
	}
	free(sort_keys);
	sort_keys = NULL;
	qsort(ix, m->n, sizeof *ix, by_name);
	for (size_t i = 1; i < m->n; i++) {
		const bdossier *a = &m->d[ix[i - 1]], *b = &m->d[ix[i]];
		if (!strcmp(a->name, b->name) && a->copy_no == b->copy_no && first_time(c, b->pos))
			diag_error(c->dg, b->pos,
				   "name '%s' is used by more than one dossier (also line %d)%s", b->name, a->pos.line,
				   b->pos.line == a->pos.line ? "; put the matrix variables in it, e.g. 'name-{language}'" : "");
	}
	free(ix);
}

void bdossier_identity(hasher *h, const bdossier *d)
{
	hasher_u64(h, d->nvars);
	for (size_t j = 0; j < d->nvars; j++) {
		hasher_str(h, d->var_names[j]);
		hasher_str(h, d->var_values[j]);
	}
	hasher_u64(h, (uint64_t)d->copy_no);
	hasher_u64(h, (uint64_t)d->copy_total);
	hasher_str(h, d->rcpt_name);
	hasher_str(h, d->rcpt_title);
	hasher_str(h, d->rcpt_delegation);
}

void manifest_id(const bdossier *dossiers, size_t n, char id[48])
{
	hasher *h = hasher_new();
	hasher_str(h, "dossier-manifest/1");
	hasher_u64(h, n);
	for (size_t i = 0; i < n; i++) {
		const bdossier *d = &dossiers[i];
		hasher_str(h, d->name);
		/* as written, so that shards run from other directories match */
		hasher_str(h, d->layout_spec);
		hasher_str(h, d->output_spec);
		bdossier_identity(h, d);
	}
	chash x = hasher_digest(h);
	hasher_free(h);
	chash_hex(&x, id);
}

manifest *manifest_load(diag *dg, const char *path)
{
	static const char *const keys[] = {"dossier-manifest", "defaults", "dossiers", "copies", "state-dir", NULL};
	static const char *const ckeys[] = {"numbering", NULL};
	static const char *const numberings[] = {"manifest", "per-entry", "per-group", NULL};
	static const char *const dkeys[] = {"layout", "output", "vars", "recipients", NULL};
	manifest *m = xcalloc(1, sizeof *m);
	m->a = arena_new();
	m->path = arena_strdup(m->a, path);
	mctx c = {.m = m, .dg = dg, .dir = path_dir(m->a, path)};
	int before = dg->errors;
	ynode *root = yaml_load_file(m->a, dg, m->path, (srcpos){NULL, 0, 0});
	if (!root) {
		manifest_free(m);
		return NULL;
	}
	if (!yis_map(dg, root, "manifest"))
		goto out;
	ymap_check(dg, root, "manifest", keys);
	const ynode *v = ymap_get(root, "dossier-manifest");
	double ver;
	if (!v)
		diag_error(dg, root->pos, "manifest: missing required key 'dossier-manifest' (write 'dossier-manifest: 1' first)");
	else if (ynum(dg, v, "dossier-manifest", &ver) && ver != 1)
		diag_error(dg, v->pos, "dossier-manifest: this is manifest format version 1; got version %s", v->str);
	const ynode *cn = ymap_get(root, "copies");
	if (cn && yis_map(dg, cn, "copies")) {
		ymap_check(dg, cn, "copies", ckeys);
		if ((v = ymap_get(cn, "numbering"))) {
			int k = yenum(dg, v, "numbering", numberings);
			if (k >= 0)
				c.numbering = k;
		}
	}
	if ((v = ymap_get(root, "state-dir")) && ystr(dg, v, "state-dir")) {
		if (!*v->str)
			diag_error(dg, v->pos, "state-dir: the directory name is empty; give a directory, e.g. .dossier-state");
		else
			m->state_dir = path_join(m->a, c.dir, v->str);
	}
	defaults df = {0};
	df.rc.match = -1;
	const ynode *dn = ymap_get(root, "defaults");
	if (dn && yis_map(dg, dn, "defaults")) {
		ymap_check(dg, dn, "defaults", dkeys);
		df.layout = ymap_get(dn, "layout");
		df.output = ymap_get(dn, "output");
		if (df.layout)
			ystr(dg, df.layout, "layout");
		if (df.output)
			ystr(dg, df.output, "output");
		if ((v = ymap_get(dn, "vars")))
			parse_vars(&c, v, "defaults.vars", &df.vars, &df.nvars);
		if ((v = ymap_get(dn, "recipients")))
			df.rc = parse_recipients(&c, v);
	}
	const ynode *list = ymap_get(root, "dossiers");
	if (!list)
		diag_error(dg, root->pos, "manifest: missing required key 'dossiers' (the list of dossiers to build)");
	else if (yis_seq(dg, list, "dossiers")) {
		if (list->n == 0)
			diag_error(dg, list->pos, "dossiers: the list is empty");
		for (size_t i = 0; i < list->n && !c.too_many; i++)
				entry(&c, list->kids[i], i, &df);
	}
	if (c.too_many)
		diag_error(dg, list->pos, "dossiers: more than %d dossiers after expansion (limit)", LIMIT_BATCH_DOSSIERS);
	if (dg->errors == before)
		number_copies(&c);
	if (dg->errors == before)
		check_unique(&c);
	if (dg->errors == before)
		manifest_id(m->d, m->n, m->id);
out:
	free(c.files);
	free(c.reported);
	free(c.pend);
	return m;
}

void manifest_free(manifest *m)
{
	if (!m)
		return;
	free(m->d);
	arena_free(m->a);
	free(m);
}
