/* test_locale.c — numbers, key figures, month names, dates and the
 * calendar by language (doc/locale.c, through ICU), for the seven languages
 * of the label catalogues and German. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "locale.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define THIN "\xe2\x80\x89"
#define DASH THIN "\xe2\x80\x93" THIN

/* The results are CLDR's (ICU 72, CLDR 42, as Debian 12 ships them). */
static void test_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *whole, *dec;
	} t[] = {
		{"en", "1,234,567", "1,234.6"},
		{"fr", "1" NNBSP "234" NNBSP "567", "1" NNBSP "234,6"},
		{"fr-CA", "1" NBSP "234" NBSP "567", "1" NBSP "234,6"}, /* Canada: a full no-break space */
		{"es", "1.234.567", "1234,6"},                          /* es groups from five digits */
		{"ru", "1" NBSP "234" NBSP "567", "1" NBSP "234,6"},
		{"vi", "1.234.567", "1.234,6"},
		{"zh", "1,234,567", "1,234.6"},
		/* Arabic-Indic digits, Arabic separators */
		{"ar", "\xd9\xa1\xd9\xac\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xac\xd9\xa5\xd9\xa6\xd9\xa7",
		 "\xd9\xa1\xd9\xac\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xab\xd9\xa6"},
		{NULL, "1,234,567", "1,234.6"},
	};
	char b[64];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		format_integer(b, sizeof b, 1234567, t[i].lang);
		assert_string_equal(b, t[i].whole);
		format_decimal(b, sizeof b, 1234.56, 1, t[i].lang);
		assert_string_equal(b, t[i].dec);
	}
	format_decimal(b, sizeof b, -2.5, 2, "en");
	assert_string_equal(b, "-2.50");
	format_decimal(b, sizeof b, -0.004, 2, "en"); /* rounds to zero: no sign */
	assert_string_equal(b, "0.00");
	format_decimal(b, sizeof b, -0.006, 2, "en");
	assert_string_equal(b, "-0.01");
	assert_string_equal(locale_percent_space("en"), "");
	assert_string_equal(locale_percent_space("fr"), NBSP);
	assert_string_equal(locale_percent_space("ru"), NBSP);
	assert_string_equal(locale_percent_space("es"), NBSP);
	assert_string_equal(locale_percent_space("vi"), "");
	format_integer_d(b, sizeof b, 5599.5, "en");
	assert_string_equal(b, "5,600");
}

static void test_figures(void **state)
{
	(void)state;
	arena *a = arena_new();
	static const struct {
		const char *lang, *whole, *frac;
	} t[] = {
		{"en", "about 5,600 people", "12.5 %"},
		{"fr", "about 5" NNBSP "600 people", "12,5 %"},
		{"es", "about 5600 people", "12,5 %"},
		{"ru", "about 5" NBSP "600 people", "12,5 %"},
		{"vi", "about 5.600 people", "12,5 %"},
		{"zh", "about 5,600 people", "12.5 %"},
		{"ar", "about \xd9\xa5\xd9\xac\xd9\xa6\xd9\xa0\xd9\xa0 people", "\xd9\xa1\xd9\xa2\xd9\xab\xd9\xa5 %"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_string_equal(format_figure(a, 5600, "about", "people", t[i].lang), t[i].whole);
		assert_string_equal(format_figure(a, 12.46, NULL, "%", t[i].lang), t[i].frac);
	}
	/* bare: no qualifier, no unit, no spaces */
	assert_string_equal(format_figure(a, 5600, NULL, NULL, "en"), "5,600");
	assert_string_equal(format_figure(a, -3.25, NULL, NULL, "en"), "-3.3");
	assert_string_equal(format_figure(a, 0.0000000001, NULL, NULL, "en"), "0");
	arena_free(a);
}

static void test_month_names(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *date, *abbr;
	} t[] = {
		{"en", "March", "Mar"},
		{"fr", "mars", "mars"},
		{"es", "marzo", "mar"},
		{"ru", "\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", "\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82"}, /* марта: genitive; март */
		{"vi", "th\xc3\xa1ng 3", "Thg 3"},
		{"de", "M\xc3\xa4rz", "M\xc3\xa4r"},
		{"zh", "\xe4\xb8\x89\xe6\x9c\x88", "3\xe6\x9c\x88"},   /* 三月, 3月 */
		{"ar", "\xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3", "\xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3"}, /* مارس */
		{"fr_CA", "mars", "mars"},
		{NULL, "March", "Mar"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_string_equal(locale_month_name(t[i].lang, 3, LOCALE_MONTH_DATE), t[i].date);
		assert_string_equal(locale_month_name(t[i].lang, 3, LOCALE_MONTH_ABBR), t[i].abbr);
	}
	assert_string_equal(locale_month_name("fr", 2, LOCALE_MONTH_ABBR), "f\xc3\xa9vr.");
	assert_string_equal(locale_month_name("vi", 12, LOCALE_MONTH_ABBR), "Thg 12");
	assert_string_equal(locale_month_name("en", 1, LOCALE_MONTH_DATE), "January");
	assert_string_equal(locale_month_name("en", 12, LOCALE_MONTH_DATE), "December");
	assert_null(locale_month_name("en", 0, LOCALE_MONTH_DATE));
	assert_null(locale_month_name("en", 13, LOCALE_MONTH_ABBR));
}

static void test_dates(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *day, *range;
	} t[] = {
		{"en", "17 May 2021", "30 April" DASH "2 May 2021"},
		{"fr", "17 mai 2021", "30 avril" DASH "2 mai 2021"},
		{"es", "17 de mayo de 2021", "30 de abril" DASH "2 de mayo de 2021"},
		{"ru", "17 \xd0\xbc\xd0\xb0\xd1\x8f 2021" NNBSP "\xd0\xb3.",
		 "30 \xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f \xe2\x80\x93 2 \xd0\xbc\xd0\xb0\xd1\x8f 2021" NNBSP
		 "\xd0\xb3."},
		{"vi", "17 th\xc3\xa1ng 5, 2021", "30 th\xc3\xa1ng 4" DASH "2 th\xc3\xa1ng 5, 2021"},
		/* 2021年5月17日, 2021年4月30日至5月2日 */
		{"zh", "2021\xe5\xb9\xb4" "5\xe6\x9c\x88" "17\xe6\x97\xa5",
		 "2021\xe5\xb9\xb4" "4\xe6\x9c\x88" "30\xe6\x97\xa5\xe8\x87\xb3" "5\xe6\x9c\x88" "2\xe6\x97\xa5"},
		/* ١٧ مايو ٢٠٢١ */
		{"ar", "\xd9\xa1\xd9\xa7 \xd9\x85\xd8\xa7\xd9\x8a\xd9\x88 \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa1",
		 "\xd9\xa3\xd9\xa0 \xd8\xa3\xd8\xa8\xd8\xb1\xd9\x8a\xd9\x84 \xe2\x80\x93 \xd9\xa2 \xd9\x85\xd8\xa7\xd9\x8a\xd9\x88"
		 "\xd8\x8c \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa1"},
	};
	char b[96];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		format_date(b, sizeof b, "2021-05-17", t[i].lang);
		assert_string_equal(b, t[i].day);
		format_date_range(b, sizeof b, "2021-04-30", "2021-05-02", t[i].lang);
		assert_string_equal(b, t[i].range);
	}
	format_date(b, sizeof b, "soon", "en"); /* no date: as it is */
	assert_string_equal(b, "soon");
	format_date_range(b, sizeof b, "2021-05-17", NULL, "en");
	assert_string_equal(b, "17 May 2021");
	format_date_range(b, sizeof b, "2021-05-17", "2021-05-17", "en");
	assert_string_equal(b, "17 May 2021");
	format_date(b, 8, "2021-05-17", "en"); /* cut, still terminated */
	assert_string_equal(b, "17 May ");
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(date_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(date_days_from_civil(2000, 1, 1), 10957);
	assert_int_equal(date_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(date_days_from_civil(2020, 3, 1) - date_days_from_civil(2020, 2, 28), 2);
	assert_int_equal(date_days_from_civil(2021, 3, 1) - date_days_from_civil(2021, 2, 28), 1);
	for (long z = -800000; z <= 800000; z += 997) {
		int y, m, d;
		date_civil_from_days(z, &y, &m, &d);
		assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
		assert_int_equal(date_days_from_civil(y, m, d), z);
	}
	int y, m, d;
	assert_true(date_parse("2021-03-11", &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 20210311);
	assert_false(date_parse("2021-03-11x", &y, &m, &d));
	assert_false(date_parse("2021-03-32", &y, &m, &d));
	assert_false(date_parse("2021-13-01", &y, &m, &d));
	assert_false(date_parse(NULL, &y, &m, &d));
	assert_true(date_scan("2021-03-11T10:00", &y, &m, &d));
	assert_false(date_scan("2021-00-11", &y, &m, &d));

	assert_true(iso_date_valid("2020-02-29"));
	assert_true(iso_date_valid("2000-02-29"));
	assert_false(iso_date_valid("1900-02-29"));
	assert_false(iso_date_valid("2021-02-29"));
	assert_false(iso_date_valid("2021-04-31"));
	assert_false(iso_date_valid("2021-4-30"));
	assert_false(iso_date_valid("0000-01-01"));
	assert_false(iso_date_valid(NULL));
	char why[64];
	assert_true(iso_date_why("2021-02-29", why, sizeof why));
	assert_string_equal(why, "February 2021 has 28 days");
	assert_true(iso_date_why("2021-13-01", why, sizeof why));
	assert_string_equal(why, "there is no month 13");
	assert_true(iso_date_why("0000-01-01", why, sizeof why));
	assert_string_equal(why, "there is no year 0");
	assert_false(iso_date_why("2020-02-29", why, sizeof why)); /* a real date */
	assert_false(iso_date_why("tomorrow", why, sizeof why));   /* not shaped like one */
}

/* Language codes as a layout, a front matter and a span's lang= write them. */
static void test_lang_tags(void **state)
{
	(void)state;
	const char *good[] = {"en", "vi", "fr-CA", "fr_CA", "zh-Hant", "sr-Latn-RS", "es-419", "yue", "ja-Latn",
			      "EN-gb", "de-CH-1996"};
	const char *bad[] = {"", "e", "english", "fr-", "-fr", "fr--CA", "fr CA", "ru\xD0\xA0", "1a",
			     "fr-toolongsubtag", "français", "x-abcdefghi-abcdefghi-abcdefghi-abcdefghi"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!lang_tag_ok(good[i], strlen(good[i])))
			fail_msg("'%s' refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (lang_tag_ok(bad[i], strlen(bad[i])))
			fail_msg("'%s' accepted", bad[i]);
	assert_true(lang_tag_ok("fr-CA and more", 5)); /* only the n bytes given */
	assert_false(lang_tag_ok(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_lang_tags),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_calendar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
