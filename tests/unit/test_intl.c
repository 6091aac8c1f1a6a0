/* test_intl.c — CLDR formats through ICU (intl.c), checked against results
 * CLDR publishes for each locale (the ICU 72 / CLDR 42 data in Debian 12). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "intl.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define THIN "\xe2\x80\x89"

static char out[256];

static void test_numbers(void **state)
{
	(void)state;
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "en"), "5,600");
	assert_string_equal(intl_number(out, sizeof out, 1234567.456, 2, "en"), "1,234,567.46");
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "vi"), "5.600");
	assert_string_equal(intl_number(out, sizeof out, 1234.5, 1, "es"), "1234,5"); /* es: no group below 10 000 */
	assert_string_equal(intl_number(out, sizeof out, 12345.5, 1, "es"), "12.345,5");
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "fr"), "5" NNBSP "600");
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "ru"), "5" NBSP "600");
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "de"), "5.600");
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "zh"), "5,600");
	/* Arabic: Arabic-Indic digits and the Arabic thousands separator */
	assert_string_equal(intl_number(out, sizeof out, 5600, 0, "ar"), "\xd9\xa5\xd9\xac\xd9\xa6\xd9\xa0\xd9\xa0");
	/* rounding: half away from zero; nothing left has no sign */
	assert_string_equal(intl_number(out, sizeof out, 2.5, 0, "en"), "3");
	assert_string_equal(intl_number(out, sizeof out, -0.004, 2, "en"), "0.00");
	assert_string_equal(intl_number(out, sizeof out, -1.5, 1, "en"), "-1.5");
	/* cut at a character boundary */
	char small[4];
	intl_number(small, sizeof small, 5600, 0, "fr"); /* "5" + 3-byte space + … */
	assert_string_equal(small, "5");
}

static void test_percent_ordinal(void **state)
{
	(void)state;
	assert_string_equal(intl_percent(out, sizeof out, 0.453, 1, "en"), "45.3%");
	assert_string_equal(intl_percent(out, sizeof out, 0.453, 1, "fr"), "45,3" NBSP "%");
	assert_string_equal(intl_percent(out, sizeof out, 0.453, 1, "de"), "45,3" NBSP "%");
	assert_string_equal(intl_percent(out, sizeof out, 0.5, 0, "vi"), "50%");
	assert_string_equal(intl_ordinal(out, sizeof out, 1, "en"), "1st");
	assert_string_equal(intl_ordinal(out, sizeof out, 22, "en"), "22nd");
	assert_string_equal(intl_ordinal(out, sizeof out, 13, "en"), "13th");
	assert_string_equal(intl_ordinal(out, sizeof out, 1, "fr"), "1er");
	assert_string_equal(intl_ordinal(out, sizeof out, 2, "fr"), "2e");
}

static void test_dates(void **state)
{
	(void)state;
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "en"), "11 March 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "en-US"), "March 11, 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "fr"), "11 mars 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "es"), "11 de marzo de 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "ru"), "11 марта 2021" NNBSP "г.");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "zh"), "2021年3月11日");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "vi"), "11 tháng 3, 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-03-11", "de"), "11. März 2021");
	/* not a date: as it is */
	assert_string_equal(intl_date(out, sizeof out, "spring 2021", "en"), "spring 2021");
	assert_string_equal(intl_date(out, sizeof out, "2021-13-01", "en"), "2021-13-01");
}

static void test_ranges(void **state)
{
	(void)state;
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-12", "en"), "7–12 March 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-04-12", "en"),
			    "7 March" THIN "–" THIN "12 April 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2020-12-30", "2021-01-02", "en"),
			    "30 December 2020" THIN "–" THIN "2 January 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-12", "fr"), "7–12 mars 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-12", "es"),
			    "7–12 de marzo de 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-12", "ru"), "7–12 марта 2021" NNBSP "г.");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-12", "zh"), "2021年3月7日至12日");
	/* one day, or no end: one date */
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", "2021-03-07", "en"), "7 March 2021");
	assert_string_equal(intl_date_range(out, sizeof out, "2021-03-07", NULL, "en"), "7 March 2021");
}

static void test_months_days(void **state)
{
	(void)state;
	assert_string_equal(intl_month(out, sizeof out, 3, false, "en"), "March");
	assert_string_equal(intl_month(out, sizeof out, 3, true, "en"), "Mar");
	assert_string_equal(intl_month(out, sizeof out, 3, false, "ru"), "марта"); /* as in a date */
	assert_string_equal(intl_month(out, sizeof out, 3, true, "ru"), "март");   /* stand-alone */
	assert_string_equal(intl_month(out, sizeof out, 8, false, "fr"), "août");
	assert_string_equal(intl_month(out, sizeof out, 3, true, "de"), "Mär");
	assert_string_equal(intl_month(out, sizeof out, 13, false, "en"), "13");
	assert_string_equal(intl_weekday(out, sizeof out, 0, "en"), "Sunday");
	assert_string_equal(intl_weekday(out, sizeof out, 1, "fr"), "lundi");
}

static void test_plural(void **state)
{
	(void)state;
	assert_string_equal(intl_plural(1, "en"), "one");
	assert_string_equal(intl_plural(2, "en"), "other");
	assert_string_equal(intl_plural(0, "fr"), "one"); /* French: 0 and 1 are "one" */
	assert_string_equal(intl_plural(1, "ru"), "one");
	assert_string_equal(intl_plural(3, "ru"), "few");
	assert_string_equal(intl_plural(5, "ru"), "many");
	assert_string_equal(intl_plural(21, "ru"), "one");
	assert_string_equal(intl_plural(0, "ar"), "zero");
	assert_string_equal(intl_plural(2, "ar"), "two");
	assert_string_equal(intl_plural(3, "ar"), "few");
	assert_string_equal(intl_plural(11, "ar"), "many");
	assert_string_equal(intl_plural(100, "ar"), "other");
	assert_string_equal(intl_plural(1, "vi"), "other"); /* no plural forms */
	assert_string_equal(intl_plural(1, "zh"), "other");
}

static void test_collation(void **state)
{
	(void)state;
	/* Vietnamese: đ sorts after d as a letter of its own; in English, as d */
	assert_true(intl_collate("đa", "dz", "vi") > 0);
	assert_true(intl_collate("đa", "dz", "en") < 0);
	/* Spanish: ñ after n */
	assert_true(intl_collate("ñu", "nz", "es") > 0);
	/* case and accents are secondary */
	assert_true(intl_collate("apple", "Banana", "en") < 0);
	assert_int_equal(intl_collate("abc", "abc", "fr"), 0);
	intl_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),    cmocka_unit_test(test_percent_ordinal),
		cmocka_unit_test(test_dates),      cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_months_days), cmocka_unit_test(test_plural),
		cmocka_unit_test(test_collation),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	intl_free();
	return r;
}
