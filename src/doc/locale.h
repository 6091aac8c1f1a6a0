/* locale.h — what depends on the language of the document: numbers, month
 * names, dates, and the calendar under them. One place for each: every
 * stage formats through these functions, which take numbers, month names
 * and dates from CLDR through ICU (intl.h).
 *
 * lang is a BCP 47 tag or a POSIX-style one ("fr", "fr-FR", "fr_CA");
 * a language CLDR does not know, and NULL, get English. Output goes to out (n bytes,
 * always NUL-terminated, cut when too small) unless said otherwise.
 * Dates are ISO 8601 calendar dates, YYYY-MM-DD, in the proleptic
 * Gregorian calendar. The only state is per thread (ICU's formatters and
 * the month names last asked for); all of it is thread-safe.
 */
#ifndef DOSSIER_LOCALE_H
#define DOSSIER_LOCALE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* lang is code or a regional variant of it ("fr", "fr-FR", "fr_CA"). */
bool lang_is(const char *lang, const char *code);
/* s[0..n) is a language tag as the layout, an article's front matter and
 * a span's lang= may write it: BCP 47's shape — a language of 2 or 3
 * letters, then subtags of 1 to 8 letters or digits ("zh-Hant", "fr-CA",
 * "sr-Latn-RS", "es-419"), joined by '-' (or '_', POSIX style: "fr_CA"),
 * 35 characters at most. The subtags are not looked up in a registry. */
bool lang_tag_ok(const char *s, size_t n);

/* ---- numbers ---- */
/* Number formatting by language: "5,600" (en), "5.600" (vi, es, de…),
 * "5 600" with a no-break space (fr, ru). */
void format_integer(char *out, size_t n, long long v, const char *lang);
/* A page, figure or copy number in the language's digits, without grouping
 * ("Page 4 of 2778", as typesetters write page numbers). */
void format_count(char *out, size_t n, long v, const char *lang);
/* v rounded to an integer. A value beyond LIMIT_NUMBER (which the loaders
 * refuse; an axis may reach it) is written whole, without decimals, never in
 * exponent notation. */
void format_integer_d(char *out, size_t n, double v, const char *lang);
/* v with exactly `decimals` decimals (0..6), grouped: "1,234.5" (en),
 * "1.234,5" (es), "1 234,5" (fr). A hyphen-minus for negatives. */
void format_decimal(char *out, size_t n, double v, int decimals, const char *lang);
/* What goes between a number and a per-cent or per-mille sign: a no-break
 * space (fr, de, ru: "12,5 %") or nothing (en: "12.5%"). */
const char *locale_percent_space(const char *lang);
/* A key figure as printed: a whole number grouped, any other with one
 * decimal, after its qualifier and before its unit, each joined by a space
 * when given (NULL: none): "about 5,600 people". An arena string. */
const char *format_figure(arena *a, double v, const char *qualifier, const char *unit,
			  const char *lang);

/* ---- calendar ---- */
/* Y-M-D at the start of s with a month 1..12 (anything may follow). */
bool date_scan(const char *s, int *y, int *m, int *d);
/* s is exactly Y-M-D with a month 1..12 and a day 1..31. */
bool date_parse(const char *s, int *y, int *m, int *d);
/* A real calendar date written YYYY-MM-DD (year 1 and later). */
bool iso_date_valid(const char *s);
/* For a string shaped YYYY-MM-DD that is no real date, say why in English
 * ("there is no month 13", "February 2021 has 28 days") and return true. */
bool iso_date_why(const char *s, char *why, size_t n);
/* Days since 1970-01-01 and back (H. Hinnant's algorithms). */
long date_days_from_civil(int y, int m, int d);
void date_civil_from_days(long z, int *y, int *m, int *d);

/* ---- month names and dates ---- */
enum {
	LOCALE_MONTH_DATE, /* wide, as inside a full date: "March", "mars", "марта" (genitive) */
	LOCALE_MONTH_ABBR, /* abbreviated, standing alone (axis ticks): "Mar", "mars", "T3" */
};
/* The name of month 1..12 (NULL outside) in the given form; English when
 * the language has none. Static strings. */
const char *locale_month_name(const char *lang, int month, int form);
/* "11 March 2021" / "11/3/2021" (vi) / "11 de marzo de 2021" (es); a string
 * that is no date is copied as it is. */
void format_date(char *out, size_t n, const char *iso, const char *lang);
/* "7–12 March 2021" (en) / "7–12/3/2021" (vi); end may be NULL. */
void format_date_range(char *out, size_t n, const char *start, const char *end, const char *lang);

#endif
