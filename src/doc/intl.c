/* intl.c — CLDR formats through ICU's C API (intl.h).
 *
 * Each formatter ICU opens (a number format, a date format, an interval
 * format, plural rules, a collator) loads locale data; opening one per call
 * would cost more than the formatting. So they are kept in a small per-thread
 * cache keyed by kind, locale and digits, and closed by intl_free(). */
#include "intl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/udatpg.h>
#include <unicode/ulocdata.h>
#include <unicode/unum.h>
#include <unicode/upluralrules.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "util.h"

/* ---- locales ---- */

void intl_locale(char *out, size_t n, const char *lang)
{
	if (!lang || !*lang || strcmp(lang, "en") == 0)
		lang = "en_GB"; /* UN usage: day month year (intl.h) */
	size_t i = 0;
	for (; lang[i] && i + 1 < n; i++)
		out[i] = lang[i] == '-' ? '_' : lang[i];
	if (n)
		out[i < n ? i : n - 1] = 0;
}

/* ---- line breaks inside words written without spaces ---- */

/* Thai, Lao, Myanmar, Khmer: the scripts UAX #14 gives class SA, whose
 * words only a dictionary finds. */
static bool sa_script(uint32_t cp)
{
	return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x17FF) ||
	       (cp >= 0x19E0 && cp <= 0x19FF) || (cp >= 0xAA60 && cp <= 0xAA7F) || (cp >= 0xA9E0 && cp <= 0xA9FF);
}

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t cp = 0;
	int l = utf8_decode(s + i, n - i, &cp);
	*len = l > 0 ? (size_t)l : 1;
	return l > 0 ? cp : 0xFFFD;
}

size_t intl_dictionary_breaks(const char *s, size_t n, const char *lang, size_t *at, size_t max)
{
	bool any = false; /* a quick look first: their lead bytes are E0 and E1 */
	for (size_t i = 0; i + 2 < n && !any; i++)
		if ((unsigned char)s[i] == 0xE0 || (unsigned char)s[i] == 0xE1 || (unsigned char)s[i] == 0xEA) {
			size_t l;
			any = sa_script(cp_at(s, n, i, &l));
		}
	if (!any || max == 0)
		return 0;
	char loc[48];
	intl_locale(loc, sizeof loc, lang);
	UErrorCode e = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &e);
	UBreakIterator *bi = ubrk_open(UBRK_LINE, loc, NULL, 0, &e);
	if (U_SUCCESS(e))
		ubrk_setUText(bi, ut, &e);
	size_t k = 0;
	if (U_SUCCESS(e)) {
		for (int32_t b = ubrk_first(bi); b != UBRK_DONE && k < max; b = ubrk_next(bi)) {
			size_t i = (size_t)b, l, pl = 0;
			if (i == 0 || i >= n)
				continue;
			size_t p = i - 1; /* the character before */
			while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
				p--;
			if (sa_script(cp_at(s, n, i, &l)) && sa_script(cp_at(s, n, p, &pl)))
				at[k++] = i;
		}
	}
	ubrk_close(bi);
	utext_close(ut);
	return k;
}

/* ---- the cache ---- */

enum { K_NUMBER, K_PERCENT, K_COUNT, K_ORDINAL, K_DATE, K_RANGE, K_PLURAL, K_COLLATE, K_MONTHS };

typedef struct {
	int kind, digits;
	char loc[48];
	void *obj;
} cached;

#define CACHE_SIZE 24
static _Thread_local cached cache[CACHE_SIZE];
static _Thread_local int ncache, next_evict;

static void close_obj(int kind, void *o)
{
	switch (kind) {
	case K_NUMBER: case K_PERCENT: case K_COUNT: case K_ORDINAL:
		unum_close(o);
		break;
	case K_DATE: case K_MONTHS:
		udat_close(o);
		break;
	case K_RANGE:
		udtitvfmt_close(o);
		break;
	case K_PLURAL:
		uplrules_close(o);
		break;
	case K_COLLATE:
		ucol_close(o);
		break;
	}
}

void intl_free(void)
{
	for (int i = 0; i < ncache; i++)
		close_obj(cache[i].kind, cache[i].obj);
	ncache = next_evict = 0;
}

static const UChar utc[] = {'U', 'T', 'C', 0};

/* A date format for the locale's skeleton (yMMMMd: the long date). */
static UDateFormat *open_date(const char *loc, const char *skel, UErrorCode *st)
{
	UChar uskel[16], pat[64];
	u_uastrcpy(uskel, skel);
	UDateTimePatternGenerator *g = udatpg_open(loc, st);
	if (U_FAILURE(*st))
		return NULL;
	int32_t len = udatpg_getBestPattern(g, uskel, -1, pat, 64, st);
	udatpg_close(g);
	if (U_FAILURE(*st) || len >= 64)
		return NULL;
	return udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, utc, -1, pat, len, st);
}

static void *open_obj(int kind, int digits, const char *loc)
{
	UErrorCode st = U_ZERO_ERROR;
	void *o = NULL;
	switch (kind) {
	case K_NUMBER:
	case K_PERCENT:
	case K_COUNT:
		o = unum_open(kind == K_PERCENT ? UNUM_PERCENT : UNUM_DECIMAL, NULL, 0, loc, NULL, &st);
		if (U_SUCCESS(st) && kind == K_COUNT) /* page numbers: the digits, no grouping */
			unum_setAttribute(o, UNUM_GROUPING_USED, 0);
		if (U_SUCCESS(st)) {
			unum_setAttribute(o, UNUM_MIN_FRACTION_DIGITS, digits);
			unum_setAttribute(o, UNUM_MAX_FRACTION_DIGITS, digits);
			unum_setAttribute(o, UNUM_ROUNDING_MODE, UNUM_ROUND_HALFUP);
			/* the locale's own minimum grouping (es: "1234", "12.345") */
			unum_setAttribute(o, UNUM_MINIMUM_GROUPING_DIGITS, UNUM_MINIMUM_GROUPING_DIGITS_AUTO);
		}
		break;
	case K_ORDINAL:
		o = unum_open(UNUM_ORDINAL, NULL, 0, loc, NULL, &st);
		break;
	case K_DATE:
		o = open_date(loc, "yMMMMd", &st);
		break;
	case K_MONTHS:
		o = udat_open(UDAT_NONE, UDAT_LONG, loc, utc, -1, NULL, 0, &st);
		break;
	case K_RANGE: {
		UChar uskel[16];
		u_uastrcpy(uskel, "yMMMMd");
		o = udtitvfmt_open(loc, uskel, -1, utc, -1, &st);
		break;
	}
	case K_PLURAL:
		o = uplrules_open(loc, &st);
		break;
	case K_COLLATE:
		o = ucol_open(loc, &st);
		break;
	}
	if (U_FAILURE(st)) {
		if (o)
			close_obj(kind, o);
		return NULL;
	}
	return o;
}

/* The formatter of that kind for lang, or NULL when ICU has none. */
static void *get(int kind, int digits, const char *lang)
{
	char loc[48];
	intl_locale(loc, sizeof loc, lang);
	for (int i = 0; i < ncache; i++)
		if (cache[i].kind == kind && cache[i].digits == digits && strcmp(cache[i].loc, loc) == 0)
			return cache[i].obj;
	void *o = open_obj(kind, digits, loc);
	if (!o)
		return NULL;
	int slot;
	if (ncache < CACHE_SIZE) {
		slot = ncache++;
	} else {
		slot = next_evict;
		next_evict = (next_evict + 1) % CACHE_SIZE;
		close_obj(cache[slot].kind, cache[slot].obj);
	}
	cache[slot] = (cached){kind, digits, "", o};
	snprintf(cache[slot].loc, sizeof cache[slot].loc, "%s", loc);
	return o;
}

/* ---- UTF-16 → UTF-8 ---- */

/* Copy ICU's result into out, cut at a character boundary when it does
 * not fit; "" when ICU failed. */
static char *put(char *out, size_t n, const UChar *u, int32_t len, UErrorCode st)
{
	if (!n)
		return out;
	out[0] = 0;
	if (U_FAILURE(st) || len < 0)
		return out;
	int32_t need = 0;
	UErrorCode s2 = U_ZERO_ERROR;
	char *tmp = xmalloc((size_t)len * 3 + 1);
	u_strToUTF8(tmp, len * 3 + 1, &need, u, len, &s2);
	if (U_SUCCESS(s2)) {
		size_t k = (size_t)need;
		if (k >= n) {
			k = n - 1;
			while (k > 0 && ((unsigned char)tmp[k] & 0xC0) == 0x80)
				k--;
		}
		memcpy(out, tmp, k);
		out[k] = 0;
	}
	free(tmp);
	return out;
}

#define UBUF 256

/* ---- numbers ---- */

static char *number(char *out, size_t n, int kind, double v, int decimals, const char *lang)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	double scale = pow(10, decimals + (kind == K_PERCENT ? 2 : 0));
	if (isfinite(v) && round(fabs(v) * scale) == 0)
		v = 0; /* no "-0.0": a value that rounds to nothing has no sign */
	UNumberFormat *f = get(kind, decimals, lang);
	if (!f || !isfinite(v)) {
		snprintf(out, n, kind == K_PERCENT ? "%.*f%%" : "%.*f", decimals, kind == K_PERCENT ? v * 100 : v);
		return out;
	}
	UChar u[UBUF];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = unum_formatDouble(f, v, u, UBUF, NULL, &st);
	return put(out, n, u, len, st);
}

char *intl_number(char *out, size_t n, double v, int decimals, const char *lang)
{
	return number(out, n, K_NUMBER, v, decimals, lang);
}

char *intl_count(char *out, size_t n, long v, const char *lang)
{
	return number(out, n, K_COUNT, (double)v, 0, lang);
}

char *intl_percent(char *out, size_t n, double v, int decimals, const char *lang)
{
	return number(out, n, K_PERCENT, v, decimals, lang);
}

char *intl_ordinal(char *out, size_t n, long v, const char *lang)
{
	UNumberFormat *f = get(K_ORDINAL, 0, lang);
	if (!f) {
		snprintf(out, n, "%ld", v);
		return out;
	}
	UChar u[UBUF];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = unum_formatInt64(f, v, u, UBUF, NULL, &st);
	return put(out, n, u, len, st);
}

/* ---- dates ---- */

static bool parse_iso(const char *iso, int *y, int *m, int *d)
{
	char rest;
	return iso && sscanf(iso, "%d-%d-%d%c", y, m, d, &rest) == 3 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= 31;
}

static UDate to_udate(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	return (UDate)timegm(&tm) * 1000.0;
}

char *intl_date(char *out, size_t n, const char *iso, const char *lang)
{
	int y, m, d;
	UDateFormat *f = parse_iso(iso, &y, &m, &d) ? get(K_DATE, 0, lang) : NULL;
	if (!f) {
		snprintf(out, n, "%s", iso ? iso : "");
		return out;
	}
	UChar u[UBUF];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = udat_format(f, to_udate(y, m, d), u, UBUF, NULL, &st);
	return put(out, n, u, len, st);
}

char *intl_date_range(char *out, size_t n, const char *start, const char *end, const char *lang)
{
	int y1, m1, d1, y2, m2, d2;
	if (!end || strcmp(start ? start : "", end) == 0 || !parse_iso(start, &y1, &m1, &d1) ||
	    !parse_iso(end, &y2, &m2, &d2))
		return intl_date(out, n, start, lang);
	UDateIntervalFormat *f = get(K_RANGE, 0, lang);
	if (!f) {
		snprintf(out, n, "%s \xe2\x80\x93 %s", start, end);
		return out;
	}
	UChar u[UBUF];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = udtitvfmt_format(f, to_udate(y1, m1, d1), to_udate(y2, m2, d2), u, UBUF, NULL, &st);
	return put(out, n, u, len, st);
}

static char *symbol(char *out, size_t n, UDateFormatSymbolType type, int i, const char *lang)
{
	UDateFormat *f = get(K_MONTHS, 0, lang);
	if (!f) {
		snprintf(out, n, "%d", i + 1);
		return out;
	}
	UChar u[UBUF];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = udat_getSymbols(f, type, i, u, UBUF, &st);
	return put(out, n, u, len, st);
}

char *intl_month(char *out, size_t n, int m, bool abbrev, const char *lang)
{
	if (m < 1 || m > 12) {
		snprintf(out, n, "%d", m);
		return out;
	}
	return symbol(out, n, abbrev ? UDAT_STANDALONE_SHORT_MONTHS : UDAT_MONTHS, m - 1, lang);
}

char *intl_weekday(char *out, size_t n, int d, const char *lang)
{
	if (d < 0 || d > 6) {
		snprintf(out, n, "%d", d);
		return out;
	}
	/* ICU numbers the days from 1 (UCAL_SUNDAY) */
	return symbol(out, n, UDAT_STANDALONE_WEEKDAYS, d + 1, lang);
}

/* ---- plural categories ---- */

const char *intl_plural(double v, const char *lang)
{
	static const char *const plural_keys[] = {"zero", "one", "two", "few", "many", "other"};
	UPluralRules *r = get(K_PLURAL, 0, lang);
	if (!r)
		return "other";
	UChar kw[16];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = uplrules_select(r, v, kw, 16, &st);
	if (U_FAILURE(st) || len >= 16)
		return "other";
	char a[16];
	u_austrcpy(a, kw);
	for (size_t i = 0; i < sizeof plural_keys / sizeof plural_keys[0]; i++)
		if (strcmp(a, plural_keys[i]) == 0)
			return plural_keys[i];
	return "other";
}

/* ---- collation ---- */

int intl_collate(const char *a, const char *b, const char *lang)
{
	UCollator *c = get(K_COLLATE, 0, lang);
	if (!c)
		return strcmp(a, b);
	UErrorCode st = U_ZERO_ERROR;
	UCollationResult r = ucol_strcollUTF8(c, a, -1, b, -1, &st);
	if (U_FAILURE(st))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* ---- quotation marks ---- */

/* The marks of the last locale asked: typography asks for every text of a
 * document, and opening ICU's locale data each time was most of its cost. */
static char quotes_loc[48];
static char quotes_q[4][8];

void intl_quotes(char q[4][8], const char *lang)
{
	static const char *const en[4] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99"};
	char loc[48];
	intl_locale(loc, sizeof loc, lang);
	if (quotes_loc[0] && !strcmp(loc, quotes_loc)) {
		memcpy(q, quotes_q, sizeof quotes_q);
		return;
	}
	UErrorCode st = U_ZERO_ERROR;
	ULocaleData *ld = ulocdata_open(loc, &st);
	for (int k = 0; k < 4; k++) {
		UChar u[8];
		int32_t len = U_SUCCESS(st) ? ulocdata_getDelimiter(ld, (ULocaleDataDelimiterType)k, u, 8, &st) : 0;
		put(q[k], 8, u, len, st);
		if (!q[k][0])
			snprintf(q[k], 8, "%s", en[k]);
	}
	if (ld)
		ulocdata_close(ld);
	if (loc[0]) {
		memcpy(quotes_q, q, sizeof quotes_q);
		snprintf(quotes_loc, sizeof quotes_loc, "%s", loc);
	}
}
