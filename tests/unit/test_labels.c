/* test_labels.c — label catalogues (labels/LANG.yaml, load_labels.c) and the
 * lookup (labels.c): every shipped catalogue complete and clean, the
 * layout's labels: overriding, errors with suggestions, CLDR plural forms. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intl.h"
#include "labels.h"
#include "load.h"
#include "fixture.h"

typedef msgfx fx;

static const char *const shipped[] = {"en", "fr", "es", "ru", "zh", "ar", "vi", NULL};

/* A document in lang with the catalogues of the source tree and the
 * layout's labels: map given as YAML text (or NULL). */
static doc *load(fx *f, const char *lang, const char *over)
{
	setenv("DOSSIER_LABELS", "labels", 1);
	doc *d = doc_new();
	d->meta.language = lang;
	const ynode *m = over ? yaml_parse(d->a, &f->dg, "layout.yaml", over, strlen(over), 0) : NULL;
	load_labels(d, &f->dg, m);
	return d;
}

static void test_catalogues_complete(void **state)
{
	fx *f = *state;
	for (int i = 0; shipped[i]; i++) {
		/* read the catalogue alone, onto an empty set, so a key it
		 * leaves out shows */
		doc *d = doc_new();
		labelset *ls = arena_alloc(d->a, sizeof *ls);
		ls->lang = shipped[i];
		char path[64];
		snprintf(path, sizeof path, "labels/%s.yaml", shipped[i]);
		srcpos none = {NULL, 0, 0};
		ynode *y = yaml_load_file(d->a, &f->dg, path, none);
		assert_non_null(y);
		load_labels_map(d, &f->dg, ls, y, path);
		if (f->dg.errors || f->dg.warnings)
			fail_msg("%s: %s", path, msgfx_log(f));
		for (int k = 0; k < L_COUNT; k++)
			if (!ls->forms[k][PLURAL_OTHER])
				fail_msg("%s: no text for '%s'", path, label_defs[k].name);
		doc_free(d);
	}
}

/* labels/en.yaml says what the built-in English says */
static void test_english_matches_builtin(void **state)
{
	fx *f = *state;
	doc *d = load(f, "en", NULL);
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
	for (int k = 0; k < L_COUNT; k++) {
		assert_string_equal(d->labels->forms[k][PLURAL_OTHER], label_defs[k].en);
		const char *one = d->labels->forms[k][PLURAL_ONE];
		if (label_defs[k].en_one)
			assert_string_equal(one, label_defs[k].en_one);
		else
			assert_null(one);
	}
	doc_free(d);
}

/* a non-English catalogue replaces the English */
static void test_language(void **state)
{
	fx *f = *state;
	doc *d = load(f, "vi", NULL);
	assert_string_equal(label_text(d->labels, L_CONTENTS), "Mục lục");
	assert_string_equal(label_fmt(d->a, d->labels, L_PAGE_OF, 1, "page", "3", "pages", "19", NULL), "Trang 3/19");
	doc_free(d);
	/* a regional variant falls back to its language */
	d = load(f, "fr-CA", NULL);
	assert_string_equal(label_text(d->labels, L_CONTENTS), "Table des matières");
	assert_int_equal(f->dg.warnings, 0);
	doc_free(d);
	/* a language without a catalogue: English, and a warning saying so */
	d = load(f, "de", NULL);
	assert_string_equal(label_text(d->labels, L_CONTENTS), "Contents");
	assert_int_equal(f->dg.warnings, 1);
	assert_non_null(strstr(msgfx_log(f), "no label catalogue"));
	doc_free(d);
}

static void test_plural_forms(void **state)
{
	fx *f = *state;
	doc *d = load(f, "en", NULL);
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 1, NULL), "Organiser");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 2, NULL), "Organisers");
	doc_free(d);
	d = load(f, "ar", NULL);
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 1, NULL), "الجهة المنظمة");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 2, NULL), "الجهتان المنظمتان");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 5, NULL), "الجهات المنظمة"); /* few → other */
	doc_free(d);
	/* Russian: few and many chosen by CLDR's rules */
	d = load(f, "ru", "organiser: {one: 'один', few: 'несколько', many: 'много', other: 'прочие'}\n");
	assert_int_equal(f->dg.errors, 0);
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 21, NULL), "один");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 3, NULL), "несколько");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 11, NULL), "много");
	assert_string_equal(label_fmt(d->a, d->labels, L_ORGANISER, 1.5, NULL), "прочие");
	doc_free(d);
}

static void test_override(void **state)
{
	fx *f = *state;
	doc *d = load(f, "fr", "contents: Sommaire\npage-of: 'p. {page}/{pages} {{x}'\n");
	assert_int_equal(f->dg.errors, 0);
	assert_string_equal(label_text(d->labels, L_CONTENTS), "Sommaire");
	assert_string_equal(label_fmt(d->a, d->labels, L_PAGE_OF, 1, "page", "2", "pages", "9", NULL), "p. 2/9 {x}");
	/* the rest stays French */
	assert_string_equal(label_text(d->labels, L_TOTAL), "Total");
	assert_string_equal(label_text(d->labels, L_SUBTOTAL), "Sous-total");
	doc_free(d);
}

static void test_errors(void **state)
{
	fx *f = *state;
	doc *d = load(f, "en",
		      "contens: Inhalt\n"
		      "organiser: {one: A, several: B, other: C}\n"
		      "figure: {one: 'Abb. {n}'}\n"
		      "page-of: 'Seite {pgae} von {pages}'\n"
		      "total: [Summe]\n"
		      "zzzzzzzzzz: x\n");
	const char *log = msgfx_log(f);
	assert_int_equal(f->dg.errors, 6);
	assert_non_null(strstr(log, "layout.yaml:1:1: error: labels: unknown label 'contens'; did you mean 'contents'?"));
	assert_non_null(strstr(log, "'several' is not a CLDR plural category"));
	assert_non_null(strstr(log, "figure: plural forms need 'other'"));
	assert_non_null(strstr(log, "page-of: unknown placeholder {pgae} (it may use {page pages})"));
	assert_non_null(strstr(log, "total: expected a text or plural forms"));
	assert_non_null(strstr(log, "unknown label 'zzzzzzzzzz' (docs/labels.md lists the labels)"));
	/* a wrong entry leaves the text it would have replaced */
	assert_string_equal(label_text(d->labels, L_PAGE_OF), "Page {page} of {pages}");
	doc_free(d);
}

static void test_fmt(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* no set: the built-in English */
	assert_string_equal(label_fmt(a, NULL, L_REF_FIGURE, 1, "n", "3", "page", "12", NULL),
			    "Figure\xc2\xa0" "3 on page\xc2\xa0" "12");
	assert_string_equal(label_fmt(a, NULL, L_ORGANISER, 1, NULL), "Organiser");
	/* a placeholder not given is left as written */
	assert_string_equal(label_fmt(a, NULL, L_COPY_LINE, 1, "n", "3", NULL), "Copy 3 of {total}");
	char bad[32];
	assert_false(label_check_params(L_COPY_LINE, "Copy {n} of {total} {{literal}", bad, sizeof bad));
	assert_true(label_check_params(L_COPY_LINE, "Copy {n", bad, sizeof bad));
	assert_string_equal(bad, "n");
	assert_true(label_check_params(L_CONTENTS, "{page}", bad, sizeof bad));
	assert_int_equal(label_find("page-of"), L_PAGE_OF);
	assert_int_equal(label_find("nope"), -1);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_catalogues_complete, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_english_matches_builtin, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_language, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_plural_forms, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_override, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_errors, msgfx_setup, msgfx_teardown),
		cmocka_unit_test(test_fmt),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	intl_free();
	return r;
}
