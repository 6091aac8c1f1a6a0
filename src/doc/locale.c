/* locale.c — numbers, month names, dates and the calendar by language
 * (locale.h). Numbers, month names and dates are CLDR's, through ICU
 * (intl.c); the calendar arithmetic is here. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "intl.h"
#include "locale.h"

bool lang_is(const char *lang, const char *code)
{
	size_t n = strlen(code);
	return lang && strncmp(lang, code, n) == 0 && (lang[n] == 0 || lang[n] == '-' || lang[n] == '_');
}

bool lang_tag_ok(const char *s, size_t n)
{
	if (!s || n < 2 || n > 35)
		return false;
	size_t i = 0, sub = 0;
	while (i <= n) {
		size_t k = i;
		while (k < n && s[k] != '-' && s[k] != '_') {
			char ch = s[k];
			bool letter = (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z';
			if (!letter && (sub == 0 || !(ch >= '0' && ch <= '9')))
				return false;
			k++;
		}
		size_t len = k - i;
		if (sub == 0 ? len < 2 || len > 3 : len < 1 || len > 8)
			return false;
		sub++;
		i = k + 1;
	}
	return true;
}

/* Numbers are CLDR's through ICU (intl.h): the group and decimal
 * separators, the digits (Arabic-Indic for ar) and the minimum grouping of
 * each locale ("1234" but "12.345" in es). */
void format_integer(char *out, size_t n, long long v, const char *lang)
{
	intl_number(out, n, (double)v, 0, lang);
}

void format_count(char *out, size_t n, long v, const char *lang)
{
	intl_count(out, n, v, lang);
}

void format_integer_d(char *out, size_t n, double v, const char *lang)
{
	intl_number(out, n, fabs(v) < LIMIT_NUMBER ? round(v) : v, 0, lang);
}

void format_decimal(char *out, size_t n, double v, int decimals, const char *lang)
{
	/* beyond the limit (the loaders refuse it; an axis may reach it):
	 * whole, grouped, never in exponent notation */
	intl_number(out, n, v, fabs(v) < LIMIT_NUMBER ? decimals : 0, lang);
}

/* What CLDR puts between the digits and the per-cent sign of the
 * language's percent format ("12 %" fr, "12%" en); for a percent sign of
 * its own (ar "٪") nothing is taken. */
const char *locale_percent_space(const char *lang)
{
	char p[64];
	intl_percent(p, sizeof p, 0.12, 0, lang);
	const char *pc = strchr(p, '%');
	if (!pc)
		return "";
	if (pc - p >= 3 && !memcmp(pc - 3, "\xe2\x80\xaf", 3))
		return "\xe2\x80\xaf";
	if (pc - p >= 2 && !memcmp(pc - 2, "\xc2\xa0", 2))
		return "\xc2\xa0";
	return "";
}

const char *format_figure(arena *a, double v, const char *qualifier, const char *unit,
			  const char *lang)
{
	char num[64];
	if (fabs(v - round(v)) < 1e-9 && fabs(v) < LIMIT_NUMBER)
		format_integer_d(num, sizeof num, v, lang);
	else
		format_decimal(num, sizeof num, v, 1, lang);
	return arena_printf(a, "%s%s%s%s%s", qualifier ? qualifier : "", qualifier ? " " : "", num,
			    unit ? " " : "", unit ? unit : "");
}

/* ---- calendar ---- */

bool date_scan(const char *s, int *y, int *m, int *d)
{
	return s && sscanf(s, "%d-%d-%d", y, m, d) == 3 && *m >= 1 && *m <= 12;
}

bool date_parse(const char *s, int *y, int *m, int *d)
{
	char extra;
	return s && sscanf(s, "%d-%d-%d%c", y, m, d, &extra) == 3 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= 31;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return mdays[m - 1] + (m == 2 && leap_year(y));
}

/* YYYY-MM-DD exactly: four, two and two digits. */
static bool iso_shape(const char *s, int *y, int *m, int *d)
{
	char extra;
	return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
	       sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) == 3;
}

bool iso_date_valid(const char *s)
{
	int y, m, d;
	return iso_shape(s, &y, &m, &d) && m >= 1 && m <= 12 && y >= 1 && d >= 1 &&
	       d <= days_in_month(y, m);
}

bool iso_date_why(const char *s, char *why, size_t n)
{
	int y, m, d;
	if (!iso_shape(s, &y, &m, &d) || iso_date_valid(s))
		return false;
	if (m < 1 || m > 12)
		snprintf(why, n, "there is no month %d", m);
	else if (y < 1)
		snprintf(why, n, "there is no year %d", y);
	else
		snprintf(why, n, "%s %d has %d days", locale_month_name("en", m, LOCALE_MONTH_DATE), y,
			 days_in_month(y, m));
	return true;
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm). */
long date_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ---- month names and dates: CLDR's through ICU (intl.h) ---- */

/* The names of the last language asked, per form and thread: the
 * callers keep the pointer while they lay out one chart. */
static _Thread_local char month_names[2][12][48];
static _Thread_local char month_lang[2][24];

const char *locale_month_name(const char *lang, int month, int form)
{
	if (month < 1 || month > 12)
		return NULL;
	int f = form == LOCALE_MONTH_ABBR;
	const char *l = lang ? lang : "en";
	if (strcmp(month_lang[f], l) != 0 || !month_names[f][0][0]) {
		for (int m = 0; m < 12; m++)
			intl_month(month_names[f][m], sizeof month_names[f][m], m + 1, f, l);
		snprintf(month_lang[f], sizeof month_lang[f], "%s", l);
	}
	return month_names[f][month - 1];
}

/* "11 March 2021" (en), "11 tháng 3, 2021" (vi), "11 de marzo de 2021"
 * (es); a string that is no date is copied as it is. */
void format_date(char *out, size_t n, const char *iso, const char *lang)
{
	intl_date(out, n, iso, lang);
}

void format_date_range(char *out, size_t n, const char *start, const char *end, const char *lang)
{
	intl_date_range(out, n, start, end, lang);
}
