/* load_labels.c — the label catalogues and the layout's labels: map (load.h).
 *
 * A catalogue is a YAML mapping from label keys to texts, one file per
 * language: labels/fr.yaml. A text is a string, or a mapping from CLDR plural
 * categories to strings ({one: Organisateur, other: Organisateurs}). The
 * layout's labels: map has the same form and is read last, so it overrides
 * any entry. docs/labels.md lists the keys. */
#include <stdlib.h>
#include <string.h>

#include "datadir.h"
#include "load.h"

/* A label catalogue is a few kilobytes; one past this is no catalogue. */
#define LABELS_MAX_BYTES (1 << 20)

/* One key's text: a string or plural forms. */
static void load_entry(doc *d, diag *dg, labelset *ls, label_key k, const ynode *v, const char *what)
{
	const char *forms[PLURAL_N] = {0};
	const char *name = label_defs[k].name;
	if (v->kind == Y_SCALAR) {
		forms[PLURAL_OTHER] = v->str;
	} else if (v->kind == Y_MAP) {
		for (size_t i = 0; i < v->n; i++) {
			const ynode *c = v->kids[2 * i], *t = v->kids[2 * i + 1];
			int cat = -1;
			for (int j = 0; j < PLURAL_N; j++)
				if (strcmp(plural_names[j], c->str) == 0)
					cat = j;
			if (cat < 0) {
				const char *near = diag_nearest(c->str, plural_names);
				diag_error(dg, c->pos,
					   "%s: %s: '%s' is not a CLDR plural category%s%s%s (zero, one, two, few, many, other)",
					   what, name, c->str, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
				continue;
			}
			forms[cat] = ystr(dg, t, name);
		}
		if (!forms[PLURAL_OTHER]) {
			diag_error(dg, v->pos, "%s: %s: plural forms need 'other', the form for any count not named", what,
				   name);
			return;
		}
	} else {
		diag_error(dg, v->pos, "%s: %s: expected a text or plural forms such as {one: …, other: …}, got a %s",
			   what, name, ykind_name(v->kind));
		return;
	}
	for (int c = 0; c < PLURAL_N; c++) {
		char bad[64];
		if (forms[c] && label_check_params(k, forms[c], bad, sizeof bad)) {
			const char *p = label_defs[k].params;
			diag_error(dg, v->pos, "%s: %s: unknown placeholder {%s}%s%s%s", what, name, bad,
				   *p ? " (it may use {" : "; it takes none (write '{{' for a literal '{')", p,
				   *p ? "})" : "");
			return;
		}
	}
	(void)d;
	labels_set(ls, k, forms, v->pos);
}

void load_labels_map(doc *d, diag *dg, labelset *ls, const ynode *m, const char *what)
{
	if (!yis_map(dg, m, what))
		return;
	for (size_t i = 0; i < m->n; i++) {
		const ynode *key = m->kids[2 * i];
		int k = label_find(key->str);
		if (k < 0) {
			const char *near = diag_nearest(key->str, label_names());
			if (near)
				diag_error(dg, key->pos, "%s: unknown label '%s'; did you mean '%s'?", what, key->str, near);
			else
				diag_error(dg, key->pos, "%s: unknown label '%s' (docs/labels.md lists the labels)", what,
					   key->str);
			continue;
		}
		load_entry(d, dg, ls, (label_key)k, m->kids[2 * i + 1], what);
	}
}

/* Read DIR/NAME.yaml into ls when it exists; true when it did. */
static bool load_catalogue(doc *d, diag *dg, labelset *ls, const char *dir, const char *name)
{
	char *path = arena_printf(d->a, "%s/%s.yaml", dir, name);
	if (!file_exists(path))
		return false;
	/* dossier's own data, like its fonts: not held to the limits on
	 * the inputs (--limit file-size), only to a size no catalogue nears */
	size_t len;
	char *text = file_read(path, LABELS_MAX_BYTES, &len);
	if (!text) {
		diag_error(dg, (srcpos){path, 0, 0}, "cannot read the label catalogue (or it is over %d bytes)",
			   LABELS_MAX_BYTES);
		return true;
	}
	diag_source(dg, path, text, len);
	ynode *y = yaml_parse(d->a, dg, path, text, len, 0);
	free(text);
	if (y)
		load_labels_map(d, dg, ls, y, path);
	return true;
}

/* A catalogue that leaves keys out (a translation under way): say which
 * stay English. */
static void untranslated(diag *dg, const labelset *ls, const char *en_file, const char *lang, srcpos at)
{
	buf b = {0};
	int n = 0;
	for (int k = 0; k < L_COUNT; k++)
		if (ls->pos[k].file == en_file && en_file && n++ < 5)
			buf_printf(&b, "%s%s", n > 1 ? ", " : "", label_defs[k].name);
	if (n)
		diag_warning(dg, at, "language '%s': the label catalogue lacks %d label%s (%s%s); %s English", lang, n,
			     n == 1 ? "" : "s", buf_cstr(&b), n > 5 ? ", …" : "", n == 1 ? "it stays" : "they stay");
	buf_free(&b);
}

/* The label directory: DOSSIER_LABELS, else dossier's own. Caller frees. */
static char *labels_dir(void)
{
	const char *env = getenv("DOSSIER_LABELS");
	if (env && *env)
		return xstrdup(env);
	return datadir_find("labels", "en.yaml");
}

void load_labels(doc *d, diag *dg, const ynode *over)
{
	const char *lang = doc_lang(d);
	labelset *ls = labels_new(d->a, lang);
	d->labels = ls;
	char *dir = labels_dir();
	srcpos at = d->meta.pos;
	if (!dir) {
		if (!lang_is(lang, "en"))
			diag_warning(dg, at,
				     "language '%s': dossier's label catalogues (labels/ in its data directory) cannot be "
				     "found; the words dossier writes itself stay English",
				     lang);
	} else {
		load_catalogue(d, dg, ls, dir, "en");
		/* "fr-CA": fr-CA.yaml, then fr.yaml */
		char base[16];
		snprintf(base, sizeof base, "%.*s", (int)strcspn(lang, "-_"), lang);
		const char *en_file = ls->pos[0].file;
		bool found = lang_is(lang, "en") || load_catalogue(d, dg, ls, dir, lang) ||
			     (strcmp(base, lang) != 0 && load_catalogue(d, dg, ls, dir, base));
		if (found && !lang_is(lang, "en"))
			untranslated(dg, ls, en_file, lang, at);
		if (!found)
			diag_warning(dg, at,
				     "language '%s': no label catalogue %s/%s.yaml; the words dossier writes itself "
				     "(\"Contents\", \"Page 3 of 19\") stay English unless the layout's labels: gives them",
				     lang, dir, base);
		free(dir);
	}
	if (over)
		load_labels_map(d, dg, ls, over, "labels");
}
