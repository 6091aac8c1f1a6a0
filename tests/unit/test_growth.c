/* test_growth.c — tables that grow with their input: no entry beyond a
 * fixed count is dropped or left out of a search (vars.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vars.h"
#include "fixture.h"

typedef struct {
	doc *d;
	diag dg;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->d->meta.language = "en";
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	diag_free(&f->dg);
	fclose(f->dg.out);
	doc_free(f->d);
	free(f);
	return 0;
}

/* What the diag reported, from its records (fixture.h); the caller frees it. */
static char *log_of(fx *f)
{
	char *s = calloc(1, 64 * 1024);
	return (char *)diag_records_text(&f->dg, s, 64 * 1024);
}

static const char *expand(fx *f, const char *text)
{
	return vars_expand(f->d, &f->dg, text, strlen(text), (srcpos){"t.md", 1, 1});
}

/* Batch variables: every one is kept, the 300th like the first. */
static void test_many_batch_variables(void **state)
{
	fx *f = *state;
	char name[32], value[32];
	for (int i = 1; i <= 300; i++) {
		snprintf(name, sizeof name, "v%d", i);
		snprintf(value, sizeof value, "value %d", i);
		vars_set(f->d, name, value);
	}
	vars_set(f->d, "v300", "value 300, set again");
	assert_string_equal(expand(f, "{{ vars.v1 }}; {{ vars.v65 }}; {{ vars.v300 }}"),
			    "value 1; value 65; value 300, set again");
	assert_int_equal(f->dg.errors, 0);
}

/* "Did you mean" looks at every name: the variable set last, after
 * hundreds of others, is the one suggested. */
static void test_suggestion_among_many(void **state)
{
	fx *f = *state;
	char name[32];
	for (int i = 1; i <= 300; i++) {
		snprintf(name, sizeof name, "item-%03d", i);
		vars_set(f->d, name, "x");
	}
	vars_set(f->d, "delegation-head", "Nguyen");
	expand(f, "{{ vars.delegation-haed }}");
	assert_int_equal(f->dg.errors, 1);
	char *log = log_of(f);
	if (!strstr(log, "did you mean 'vars.delegation-head'?"))
		fail_msg("%s", log);
	free(log);
}

/* Data sources: forty tables, each quoted by name. */
static void test_many_data_sources(void **state)
{
	fx *f = *state;
	static const char *keys[] = {"name", "n"};
	rawtable *t = calloc(40, sizeof *t);
	char name[16];
	for (size_t i = 0; i < 40; i++) {
		t[i].keys = keys;
		t[i].ncols = 2;
		t[i].nrows = i + 1;
		t[i].cells = calloc(2 * (i + 1), sizeof(char *));
		for (size_t r = 0; r <= i; r++) {
			t[i].cells[2 * r] = "row";
			t[i].cells[2 * r + 1] = "1";
		}
		snprintf(name, sizeof name, "t%zu", i + 1);
		vars_add_table(f->d, arena_strdup(f->d->a, name), &t[i], (srcpos){"layout.yaml", (int)i + 1, 1});
	}
	assert_string_equal(expand(f, "{{ t1.rows }} {{ t33.rows }} {{ t40.rows }}"), "1 33 40");
	assert_int_equal(f->dg.errors, 0);
	for (size_t i = 0; i < 40; i++)
		free((void *)t[i].cells);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_many_batch_variables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggestion_among_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_data_sources, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
