/* locale.c — numbers, month names, dates and the calendar by language
 * (locale.h). The tables are written here by hand for the languages the
 * samples use; a language without a table gets English. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "locale.h"

bool lang_is(const char *lang, const char *code)
{
	size_t n = strlen(code);
	return lang && strncmp(lang, code, n) == 0 && (lang[n] == 0 || lang[n] == '-' || lang[n] == '_');
}

/* Group separator: English uses a comma; Vietnamese, Spanish, German and
 * Italian a full stop; French and Russian a no-break space. */
static const char *group_sep(const char *lang)
{
	if (lang_is(lang, "vi") || lang_is(lang, "es") || lang_is(lang, "de") || lang_is(lang, "it") ||
	    lang_is(lang, "pt") || lang_is(lang, "id"))
		return ".";
	if (lang_is(lang, "fr") || lang_is(lang, "ru"))
		return "\xc2\xa0";
	return ",";
}

static char decimal_sep(const char *lang)
{
	return strcmp(group_sep(lang), ",") == 0 ? '.' : ',';
}

void format_integer(char *out, size_t n, long long v, const char *lang)
{
	fmt_thousands(out, n, v, group_sep(lang));
}

void format_integer_d(char *out, size_t n, double v, const char *lang)
{
	if (fabs(v) < LIMIT_NUMBER)
		format_integer(out, n, llround(v), lang);
	else
		format_decimal(out, n, v, 0, lang);
}

void format_decimal(char *out, size_t n, double v, int decimals, const char *lang)
{
	if (!(fabs(v) < LIMIT_NUMBER)) { /* the loaders refuse these (an axis may reach it): */
		if (fabs(v) < 9e18)       /* whole, grouped, never exponent notation */
			fmt_thousands(out, n, llround(v), group_sep(lang));
		else
			snprintf(out, n, "%.0f", v);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	double scale = pow(10, decimals);
	double r = round(fabs(v) * scale);
	long long ip = (long long)(r / scale);
	long long fp = (long long)(r - (double)ip * scale);
	char head[64];
	fmt_thousands(head, sizeof head, v < 0 && r > 0 ? -ip : ip, group_sep(lang));
	if (v < 0 && r > 0 && ip == 0)
		snprintf(head, sizeof head, "-0");
	if (decimals == 0)
		snprintf(out, n, "%s", head);
	else
		snprintf(out, n, "%s%c%0*lld", head, decimal_sep(lang), decimals, fp);
}

const char *locale_percent_space(const char *lang)
{
	return lang_is(lang, "fr") || lang_is(lang, "de") || lang_is(lang, "ru") ? "\xc2\xa0" : "";
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

/* ---- month names ----
 * Per language, the wide names as used inside a date (Russian: genitive)
 * and the abbreviations for axis ticks; NULL where the language has none
 * yet (English is used). */
static const struct {
	const char *lang;
	const char *date[12], *abbr[12];
} months[] = {
	{"en",
	 {"January", "February", "March", "April", "May", "June", "July", "August", "September",
	  "October", "November", "December"},
	 {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	{"fr",
	 {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	  "octobre", "novembre", "décembre"},
	 {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
	  "déc."}},
	{"es",
	 {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	  "octubre", "noviembre", "diciembre"},
	 {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}},
	{"ru",
	 {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
	  "октября", "ноября", "декабря"},
	 {NULL}},
	{"de",
	 {NULL},
	 {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
	  "Dez."}},
	{"vi",
	 {NULL},
	 {"T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12"}},
};

const char *locale_month_name(const char *lang, int month, int form)
{
	if (month < 1 || month > 12)
		return NULL;
	for (size_t i = sizeof months / sizeof months[0]; i-- > 0;) {
		if (i && !lang_is(lang, months[i].lang))
			continue;
		const char *s = form == LOCALE_MONTH_ABBR ? months[i].abbr[month - 1] : months[i].date[month - 1];
		if (s)
			return s;
	}
	return NULL; /* not reached: English has every name */
}

/* ---- dates ---- */

/* "11 March 2021" / "11/3/2021" (vi) / "11 de marzo de 2021" (es) */
void format_date(char *out, size_t n, const char *iso, const char *lang)
{
	int y, m, d;
	if (!date_scan(iso, &y, &m, &d)) {
		snprintf(out, n, "%s", iso ? iso : "");
		return;
	}
	if (lang_is(lang, "vi"))
		snprintf(out, n, "%d/%d/%d", d, m, y);
	else if (lang_is(lang, "es"))
		snprintf(out, n, "%d de %s de %d", d, locale_month_name(lang, m, LOCALE_MONTH_DATE), y);
	else
		snprintf(out, n, "%d %s %d", d, locale_month_name(lang, m, LOCALE_MONTH_DATE), y);
}

#define EN_DASH "\xe2\x80\x93"

void format_date_range(char *out, size_t n, const char *start, const char *end, const char *lang)
{
	int y1, m1, d1, y2, m2, d2;
	if (!end || !date_scan(start, &y1, &m1, &d1) || !date_scan(end, &y2, &m2, &d2) ||
	    strcmp(start, end) == 0) {
		format_date(out, n, start, lang);
		return;
	}
	bool vi = lang_is(lang, "vi");
	if (y1 == y2 && m1 == m2) {
		if (vi)
			snprintf(out, n, "%d" EN_DASH "%d/%d/%d", d1, d2, m1, y1);
		else if (lang_is(lang, "es"))
			snprintf(out, n, "%d" EN_DASH "%d de %s de %d", d1, d2, locale_month_name(lang, m1, LOCALE_MONTH_DATE), y1);
		else
			snprintf(out, n, "%d" EN_DASH "%d %s %d", d1, d2, locale_month_name(lang, m1, LOCALE_MONTH_DATE), y1);
	} else if (y1 == y2) {
		if (vi)
			snprintf(out, n, "%d/%d" EN_DASH "%d/%d/%d", d1, m1, d2, m2, y1);
		else if (lang_is(lang, "es"))
			snprintf(out, n, "%d de %s " EN_DASH " %d de %s de %d", d1, locale_month_name(lang, m1, LOCALE_MONTH_DATE), d2,
				 locale_month_name(lang, m2, LOCALE_MONTH_DATE), y1);
		else
			snprintf(out, n, "%d %s " EN_DASH " %d %s %d", d1, locale_month_name(lang, m1, LOCALE_MONTH_DATE), d2,
				 locale_month_name(lang, m2, LOCALE_MONTH_DATE), y1);
	} else {
		char a[64], b[64];
		format_date(a, sizeof a, start, lang);
		format_date(b, sizeof b, end, lang);
		snprintf(out, n, "%s " EN_DASH " %s", a, b);
	}
}