/* test_diag.c — the records diag keeps of what it reports (diag.h): the
 * fields of each, the first error, what is not recorded (repeats, errors
 * past the limit), a diag that prints nothing, and the error limit that
 * bounds.c hands to new diags. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "diag.h"

static void fields(void **state)
{
	(void)state;
	diag dg;
	diag_init(&dg, NULL);
	diag_warning(&dg, (srcpos){"a.yaml", 3, 0}, "careful: %d", 7);
	diag_error(&dg, (srcpos){"a.yaml", 2, 5}, "bad '%s'", "k\x1b");
	diag_note(&dg, (srcpos){"b.md", 0, 0}, "whole file");
	diag_error(&dg, (srcpos){NULL, 0, 0}, "no file");
	assert_int_equal(dg.nrecords, 4);
	const diag_record *r = dg.records;
	assert_int_equal(r[0].severity, DIAG_WARNING);
	assert_int_equal(r[0].line, 3);
	assert_int_equal(r[0].col, 1); /* printed as column 1 */
	assert_string_equal(r[0].message, "careful: 7");
	assert_int_equal(r[1].severity, DIAG_ERROR);
	assert_string_equal(r[1].file, "a.yaml");
	assert_int_equal(r[1].line, 2);
	assert_int_equal(r[1].col, 5);
	assert_string_equal(r[1].message, "bad 'k\x1b'"); /* unescaped: escaping is for printing */
	assert_int_equal(r[2].severity, DIAG_NOTE);
	assert_int_equal(r[2].line, 0);
	assert_int_equal(r[2].col, 0);
	assert_null(r[3].file);
	assert_ptr_equal(diag_first_error(&dg), &r[1]);
	diag_free(&dg);
	assert_int_equal(dg.nrecords, 0);
	assert_null(diag_first_error(&dg));
}

static void no_error(void **state)
{
	(void)state;
	diag dg;
	diag_init(&dg, NULL);
	assert_null(diag_first_error(&dg));
	diag_warning(&dg, (srcpos){"a", 1, 1}, "w");
	assert_null(diag_first_error(&dg));
	diag_free(&dg);
}

static void repeats_and_limit(void **state)
{
	(void)state;
	FILE *out = tmpfile();
	diag dg;
	diag_init(&dg, out);
	dg.max_errors = 4; /* repeats count towards it */
	diag_error(&dg, (srcpos){"a", 1, 1}, "same");
	diag_error(&dg, (srcpos){"a", 1, 1}, "same"); /* said before: not again */
	assert_int_equal(dg.nrecords, 1);
	assert_int_equal(dg.errors, 2);
	for (int i = 0; i < 5; i++)
		diag_error(&dg, (srcpos){"a", 2 + i, 1}, "e%d", i);
	/* printed up to the limit, and recorded as printed */
	assert_int_equal(dg.nrecords, 3);
	assert_string_equal(dg.records[2].message, "e1");
	diag_free(&dg);
	fclose(out);
}

static void limit_from_bounds(void **state)
{
	(void)state;
	char err[256];
	diag dg;
	diag_init(&dg, NULL);
	assert_int_equal(dg.max_errors, DIAG_MAX_ERRORS);
	assert_true(limits_set("errors=7", err, sizeof err));
	diag_init(&dg, NULL);
	assert_int_equal(dg.max_errors, 7);
	assert_true(limits_set("errors=100", err, sizeof err));
	diag_init(&dg, NULL);
	assert_int_equal(dg.max_errors, DIAG_MAX_ERRORS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields),
		cmocka_unit_test(no_error),
		cmocka_unit_test(repeats_and_limit),
		cmocka_unit_test(limit_from_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
