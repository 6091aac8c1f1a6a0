/* intl.h — CLDR formats through ICU: numbers, percentages, dates, date
 * ranges, month names, ordinals, plural categories and collation.
 *
 * Takes: a language code as a layout writes it (BCP 47: "en", "vi", "fr-CA",
 * "zh_Hans") and a value. Gives: UTF-8 text as CLDR writes it for that
 * locale, through Debian's libicu, so any locale ICU knows formats correctly
 * without a table in dossier. Only intl.c includes ICU's headers.
 *
 * One choice is dossier's own: a bare "en" formats as British English
 * (en-GB: "11 March 2021", "7–12 March 2021"), the usage of UN documents;
 * "en-US" gives American dates. Every other code is passed to ICU as given.
 *
 * Results go into out[n] (always NUL-terminated, cut at a character
 * boundary when too long); each function returns out. The formatters ICU
 * builds are kept per thread and language, so repeated calls are cheap.
 * intl_free() drops the calling thread's cache (tests, tools under valgrind).
 */
#ifndef DOSSIER_INTL_H
#define DOSSIER_INTL_H

#include <stdbool.h>
#include <stddef.h>

/* Where a line may break inside the words of s[0..n) written without
 * spaces between them (Thai, Lao, Khmer, Myanmar), as ICU's dictionaries
 * find them: the byte offsets of the characters a line may start with,
 * between two letters of those scripts, in increasing order, at most max
 * into at; their number. 0 when s holds none of those scripts. */
size_t intl_dictionary_breaks(const char *s, size_t n, const char *lang, size_t *at, size_t max);

/* The ICU locale for a language code: "en" → "en_GB", "fr-CA" → "fr_CA". */
void intl_locale(char *out, size_t n, const char *lang);

/* "5,600" (en), "5.600" (vi), "5 600" with a no-break space (fr, ru):
 * v with exactly 'decimals' digits after the separator (0 to 6), grouped. */
char *intl_number(char *out, size_t n, double v, int decimals, const char *lang);
/* v as a percentage of 1 (0.453 → "45.3%", "45,3 %" fr), 'decimals' digits. */
/* A page or copy number in the language's digits, never grouped ("2778"). */
char *intl_count(char *out, size_t n, long v, const char *lang);
char *intl_percent(char *out, size_t n, double v, int decimals, const char *lang);
/* An ordinal in digits as ICU's rule-based ordinal format writes it:
 * "1st", "22nd" (en), "1er", "2e" (fr), "1-й" (ru). */
char *intl_ordinal(char *out, size_t n, long v, const char *lang);

/* A date given as YYYY-MM-DD, in CLDR's long form for the language:
 * "11 March 2021" (en), "11 mars 2021" (fr), "11 tháng 3, 2021" (vi).
 * Text that is not such a date is copied as it is. */
char *intl_date(char *out, size_t n, const char *iso, const char *lang);
/* Two dates as one range, as CLDR's interval formats write it: "7–12 March
 * 2021", "7 March – 12 April 2021". end may be NULL or equal start: one date. */
char *intl_date_range(char *out, size_t n, const char *start, const char *end, const char *lang);
/* Month m (1–12): its full name as used in a date ("March", "марта") when
 * abbrev is false; the short stand-alone name ("Mar", "мар.") when true. */
char *intl_month(char *out, size_t n, int m, bool abbrev, const char *lang);
/* Day of the week d (0 = Sunday … 6), full name, stand-alone. */
char *intl_weekday(char *out, size_t n, int d, const char *lang);

/* The CLDR plural category of the count v in the language: "zero", "one",
 * "two", "few", "many" or "other" (a static string). */
const char *intl_plural(double v, const char *lang);

/* Compare two UTF-8 strings by the language's collation (Vietnamese order
 * for vi, and so on): <0, 0, >0. */
int intl_collate(const char *a, const char *b, const char *lang);

/* The language's quotation marks from CLDR: q[0] opening and q[1] closing,
 * q[2] and q[3] the inner (alternate) pair: “ ” ‘ ’ (en), « » « » (fr),
 * „ “ ‚ ‘ (de). Each is one UTF-8 character. */
void intl_quotes(char q[4][8], const char *lang);

/* Drop the calling thread's cached formatters. */
void intl_free(void);

#endif
