/* test_textlang.c — passages in another language in YAML and CSV text
 * (text_lang.c) and the marks that carry them to layout (langmark.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "build.h"
#include "langmark.h"
#include "load.h"

typedef struct {
	doc *d;
	diag dg;
	char log[8192];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->d = doc_new();
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	diag_free(&f->dg);
	fclose(f->dg.out);
	doc_free(f->d);
	free(f);
	return 0;
}

static const srcpos at = {"t.yaml", 3, 10};

/* text_lang of s as a quoted scalar at t.yaml:3:10 */
static const char *read_text(fixture *f, const char *s)
{
	const char *r = text_lang(f->d, &f->dg, s, at, 1, "title");
	diag_records_text(&f->dg, f->log, sizeof f->log);
	return r;
}

/* the spans of marked text r as "lang:text|lang:text" ("-" for none) */
static const char *spans_of(fixture *f, const char *r)
{
	static char out[512];
	span base = {.text = r, .len = strlen(r)}, *v;
	size_t n = lm_spans(f->d->a, r, base.len, &base, &v);
	out[0] = 0;
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s:%.*s", i ? "|" : "",
			 v[i].lang ? v[i].lang : "-", (int)v[i].len, v[i].text);
	return out;
}

static void test_plain_text_unchanged(void **state)
{
	fixture *f = *state;
	/* no "]{": the very string, brackets and braces as written */
	const char *texts[] = {"Delegation of Viet Nam", "Notes [1] and [sic]", "a {b} c", "x\\[y]",
			       "[Bộ Công an] {lang=vi}", ""};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		assert_ptr_equal(read_text(f, texts[i]), texts[i]);
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
	assert_false(lm_any("Notes [1]"));
}

static void test_passage(void **state)
{
	fixture *f = *state;
	const char *r = read_text(f, "The [Bộ Công an]{lang=vi} delegation [1]");
	assert_true(lm_any(r));
	assert_string_equal(lm_plain(f->d->a, r), "The Bộ Công an delegation [1]");
	assert_string_equal(spans_of(f, r), "-:The |vi:Bộ Công an|-: delegation [1]");
	/* quoted values, other attributes beside lang */
	r = read_text(f, "[Congrès]{lang=\"fr-CA\"} and [Нет]{.name lang='ru' dir=ltr}");
	assert_string_equal(spans_of(f, r), "fr-CA:Congrès|-: and |ru:Нет");
	/* a "]{" without lang is text: "[2]{.ref}" stays as written */
	r = read_text(f, "see [2]{.ref} and [Kyoto]{lang=ja}");
	assert_string_equal(spans_of(f, r), "-:see [2]{.ref} and |ja:Kyoto");
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
}

static void test_nested(void **state)
{
	fixture *f = *state;
	const char *r = read_text(f, "[le [Конгресс]{lang=ru} de Kyoto]{lang=fr}!");
	assert_string_equal(spans_of(f, r), "fr:le |ru:Конгресс|fr: de Kyoto|-:!");
	assert_string_equal(lm_plain(f->d->a, r), "le Конгресс de Kyoto!");
	/* a whole text in a language (a column's lang:) around its own passage */
	const char *w = lm_wrap(f->d->a, "vi", r);
	assert_string_equal(spans_of(f, w), "fr:le |ru:Конгресс|fr: de Kyoto|vi:!");
	assert_string_equal(lm_wrap(f->d->a, "vi", ""), "");
}

static void test_escapes(void **state)
{
	fixture *f = *state;
	/* in a text holding "]{", \[ and \] are brackets, and no passage */
	const char *r = read_text(f, "a \\[literal]{lang=vi} and [x\\]y]{lang=fr}");
	assert_string_equal(spans_of(f, r), "-:a [literal]{lang=vi} and |fr:x]y");
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
}

static void test_bad_language(void **state)
{
	fixture *f = *state;
	const char *s = "The [Bộ Công an]{lang=vietnamese} delegation";
	const char *r = read_text(f, s);
	assert_int_equal(f->dg.errors, 1);
	/* printed as written; the error at the value: col 10 + quote + 22 */
	assert_string_equal(r, s);
	assert_non_null(strstr(f->log, "t.yaml:3:33: error: title: a passage's lang: expected a language code"));
	assert_non_null(strstr(f->log, "got 'vietnamese'"));
}

static void test_markup_warnings(void **state)
{
	fixture *f = *state;
	const char *s = "Bộ Công an]{lang=vi}";
	assert_string_equal(read_text(f, s), s);
	assert_int_equal(f->dg.warnings, 1);
	assert_non_null(strstr(f->log, "t.yaml:3:21: warning: title: ']{lang=vi}' closes no '['"));
	s = "[Bộ]{lang=vi and more";
	assert_string_equal(read_text(f, s), s);
	assert_int_equal(f->dg.warnings, 2);
	assert_non_null(strstr(f->log, "is not a passage's attributes"));
	assert_int_equal(f->dg.errors, 0);
}

static void test_spans_keep_base(void **state)
{
	fixture *f = *state;
	const char *r = read_text(f, "[Hà Nội]{lang=vi}");
	span base = {.text = r, .len = strlen(r), .flags = SPAN_BOLD, .lang = "en"}, *v;
	size_t n = lm_spans(f->d->a, r, base.len, &base, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].flags, SPAN_BOLD);
	assert_string_equal(v[0].lang, "vi");
	assert_string_equal(v[0].text, "Hà Nội");
	/* an empty text is one empty span */
	n = lm_spans(f->d->a, "", 0, &base, &v);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].len, 0);
}

/* A table's text cells: their passages, and a column's lang around each */
static void test_table_cells(void **state)
{
	fixture *f = *state;
	const char *keys[] = {"agency", "vietnamese", "count"};
	const char *cells[] = {"Ministry [1]", "Bộ Công an", "3", "Court ([Tòa án]{lang=vi})", "[Tòa án]{lang=fr}", "4"};
	srcpos pos[6] = {{"d.csv", 2, 1}, {"d.csv", 2, 14}, {"d.csv", 2, 25}, {"d.csv", 3, 1}, {"d.csv", 3, 27}, {"d.csv", 3, 45}};
	rawtable rt = {keys, 3, cells, pos, 2, NULL, NULL, {"d.csv", 1, 1}};
	column cols[3] = {{.key = "agency", .align = -1, .decimals = -1},
			  {.key = "vietnamese", .align = -1, .decimals = -1, .lang = "vi"},
			  {.key = "count", .type = COL_INTEGER, .align = -1, .decimals = -1}};
	table_spec ts = {.cols = cols, .ncols = 3, .pos = {"l.yaml", 5, 3}};
	table *t = build_table(f->d, &f->dg, &rt, &ts);
	assert_non_null(t);
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
	assert_ptr_equal(t->cells[0], cells[0]); /* "[1]": as written, the very string */
	assert_string_equal(spans_of(f, t->cells[1]), "vi:Bộ Công an");
	assert_string_equal(spans_of(f, t->cells[3]), "-:Court (|vi:Tòa án|-:)");
	/* a passage of its own inside the column's language holds */
	assert_string_equal(spans_of(f, t->cells[4]), "fr:Tòa án");
	assert_false(lm_any(t->cells[5]));
	/* nothing reported when dg is NULL (the words of a text read elsewhere) */
	assert_string_equal(lm_plain(f->d->a, text_lang(f->d, NULL, "[x]{lang=!!} [y]{lang=vi}", at, 0, "k")),
			    "[x]{lang=!!} y");
	assert_int_equal(f->dg.errors + f->dg.warnings, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_text_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markup_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spans_keep_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_cells, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
