/* typo.c — typography by language (typo.h).
 *
 * Two passes over a run. The first goes character by character: quotation
 * marks (which need what came before, possibly in an earlier run), French
 * spacing and dashes. The second looks at each space between two words and
 * makes it a no-break space when the words belong together: a number and
 * its unit, the parts of a date, a telephone number, a listed phrase. */
#include "typo.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "intl.h"

#define NBSP 0xA0
#define NNBSP 0x202F

typo_opts typo_defaults(const char *lang)
{
	typo_opts o = {lang, true, false, true, false, NULL, NULL};
	o.french_spacing = lang && strncmp(lang, "fr", 2) == 0 && (!lang[2] || lang[2] == '-' || lang[2] == '_');
	return o;
}

typo_opts typo_for(const doc_typography *t, const char *lang)
{
	typo_opts o = {lang, t->quotes, t->french_spacing, t->nobreak, t->dashes,
		       (const char *const *)t->phrases, (const char *const *)t->units};
	return o;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == NBSP || c == NNBSP || c == 0x2009;
}

static bool is_alnum(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c != 0xD7 && c != 0xF7 && !is_space(c) && !(c >= 0x2000 && c <= 0x206F) &&
		c != 0xAB && c != 0xBB);
}

/* Where a quotation mark opens: at the start, after a space, an opening
 * bracket or a dash (after another opening mark: typo_state.after_open;
 * the glyph alone cannot tell, “ opens in English and closes in German). */
static bool opens_after(uint32_t prev)
{
	return prev == 0 || is_space(prev) || prev == '(' || prev == '[' || prev == '{' || prev == '/' ||
	       prev == 0x2013 || prev == 0x2014 || prev == 0xAB;
}

static void put_cp(buf *b, uint32_t c)
{
	utf8proc_uint8_t t[4];
	buf_put(b, (const char *)t, (size_t)utf8proc_encode_char((utf8proc_int32_t)c, t));
}

/* The last character of b, or 0. */
static uint32_t last_cp(const buf *b)
{
	if (!b->len)
		return 0;
	size_t i = b->len - 1;
	while (i > 0 && ((unsigned char)b->s[i] & 0xC0) == 0x80)
		i--;
	uint32_t c;
	return utf8_decode(b->s + i, b->len - i, &c) ? c : 0;
}

/* Drop the spaces at the end of b. */
static void trim_spaces(buf *b)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->len--;
}

static uint32_t peek(const char *s, size_t n, size_t i)
{
	uint32_t c = 0;
	if (i < n && !utf8_decode(s + i, n - i, &c))
		c = (unsigned char)s[i];
	return c;
}

/* ---- pass 1: quotes, French spacing, dashes ---- */

static void quote_mark(buf *b, const typo_opts *o, char q[4][8], int k)
{
	buf_puts(b, q[k]);
	(void)o;
}

static bool is_guillemet_open(const char *m)
{
	return strcmp(m, "\xc2\xab") == 0;
}

static bool is_guillemet_close(const char *m)
{
	return strcmp(m, "\xc2\xbb") == 0;
}

/* An ASCII byte that pass1 copies as it is, whatever is around it. */
static bool plain(char ch, bool fr)
{
	unsigned char u = (unsigned char)ch;
	if (u >= 0x80 || u == '-' || u == '"' || u == '\'')
		return false;
	return !fr || (u != ';' && u != '!' && u != '?' && u != ':');
}

static void pass1(buf *b, const typo_opts *o, typo_state *st, const char *s, size_t n)
{
	char q[4][8];
	intl_quotes(q, o->lang);
	bool fr = o->french_spacing;
	for (size_t i = 0; i < n;) {
		/* a run of ASCII that no rule below changes, copied at once
		 * (the rules look at the neighbours only of the characters
		 * they change) */
		size_t j = i;
		while (j < n && plain(s[j], fr))
			j++;
		if (j > i) {
			buf_put(b, s + i, j - i);
			i = j;
			st->after_open = false;
			continue;
		}
		uint32_t c;
		int l = utf8_decode(s + i, n - i, &c);
		if (!l) { /* not UTF-8 (checked before): as it is */
			buf_putc(b, s[i++]);
			continue;
		}
		uint32_t prev = b->len ? last_cp(b) : st->prev, next = peek(s, n, i + (size_t)l);
		bool space_next = next == 0 || is_space(next);
		if (o->dashes && c == '-' && next == '-') {
			bool em = peek(s, n, i + 2) == '-';
			put_cp(b, em ? 0x2014 : 0x2013);
			i += em ? 3 : 2;
			continue;
		}
		if (o->quotes && (c == '"' || c == '\'')) {
			bool open = (opens_after(prev) || st->after_open) && !(next && is_space(next)); /* a run may end here */
			st->after_open = false;
			if (c == '\'' && is_alnum(prev) && is_alnum(next)) {
				put_cp(b, 0x2019); /* don't, l'homme */
			} else if (c == '\'' && open && next >= '0' && next <= '9') {
				put_cp(b, 0x2019); /* '90s */
			} else if (open && st->depth < 8) {
				/* a quotation inside another takes the other pair */
				int lv = c == '"' ? 0 : 1;
				if (st->depth && st->level[st->depth - 1] == lv)
					lv = 1 - lv;
				st->kind[st->depth] = (char)c;
				st->level[st->depth++] = (char)lv;
				quote_mark(b, o, q, 2 * lv);
				st->after_open = true;
				if (fr && is_guillemet_open(q[2 * lv])) {
					put_cp(b, NNBSP);
					while (i + (size_t)l < n && s[i + (size_t)l] == ' ')
						l++;
				}
			} else if (st->depth && st->kind[st->depth - 1] == (char)c) {
				int lv = st->level[--st->depth];
				if (fr && is_guillemet_close(q[2 * lv + 1])) {
					trim_spaces(b);
					put_cp(b, NNBSP);
				}
				quote_mark(b, o, q, 2 * lv + 1);
			} else if (c == '\'') {
				put_cp(b, 0x2019); /* the students' */
			} else {
				quote_mark(b, o, q, 1);
			}
			i += (size_t)l;
			continue;
		}
		if (fr && (c == ';' || c == '!' || c == '?' || c == ':' || c == 0xBB)) {
			uint32_t sp = c == ':' ? NBSP : NNBSP;
			bool after_space = b->len && b->s[b->len - 1] == ' ';
			bool fits = c == ':' ? space_next : (space_next || next == ')' || next == 0xBB || next == '!' ||
							 next == '?' || next == '.' || next == ',');
			if (after_space) {
				trim_spaces(b);
				put_cp(b, sp);
			} else if ((is_alnum(prev) || prev == ')' || prev == 0x2019 || prev == 0x201D) && (fits || c == 0xBB)) {
				put_cp(b, sp);
			}
			put_cp(b, c);
			i += (size_t)l;
			st->after_open = false;
			continue;
		}
		if (fr && c == 0xAB) { /* « typed as such */
			put_cp(b, c);
			put_cp(b, NNBSP);
			st->after_open = true;
			i += (size_t)l;
			while (i < n && s[i] == ' ')
				i++;
			continue;
		}
		buf_put(b, s + i, (size_t)l);
		i += (size_t)l;
		st->after_open = false;
	}
	if (b->len)
		st->prev = last_cp(b);
}

/* ---- pass 2: no-break spaces ---- */

/* Units after a number; the layout may add more (typography: units:). */
static const char *const builtin_units[] = {
	"%", "\xe2\x80\xb0", "km", "m", "cm", "mm", "kg", "g", "t", "ha", "km\xc2\xb2", "m\xc2\xb2", "h", "min", "s",
	"\xc2\xb0" "C", "\xc2\xb0", "kWh", "MW", "GW", "USD", "EUR", "VND", "JPY", "CHF", "GBP", "\xe2\x82\xac", "$",
	"\xc2\xa3", "\xc2\xa5", "\xc4\x91", "\xc4\x91\xe1\xbb\x93ng", "million", "billion", "millions", "milliards",
	"millones", "\xd0\xbc\xd0\xbb\xd0\xbd", "\xd0\xbc\xd0\xbb\xd1\x80\xd0\xb4", "tri\xe1\xbb\x87u", "t\xe1\xbb\xb7",
	NULL};

/* Vietnamese dates: "ngày 12 tháng 3 năm 2021" */
static const char *const vi_date_words[] = {"ng\xc3\xa0y", "th\xc3\xa1ng", "n\xc4\x83m", "Ng\xc3\xa0y", "Th\xc3\xa1ng",
					    "N\xc4\x83m", NULL};

static bool in_list(const char *w, size_t n, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return true;
	return false;
}

/* The month names of the language and of English (full, as in a date, and
 * short), for finding dates; kept for the last language asked. */
static char month_lang[16];
static char months[48][40];
static const char *month_list[49];

static const char *const *month_names(const char *lang)
{
	if (strcmp(month_lang, lang ? lang : "") != 0 || !month_list[0]) {
		int k = 0;
		for (int m = 1; m <= 12; m++) {
			intl_month(months[k++], sizeof months[0], m, false, lang);
			intl_month(months[k++], sizeof months[0], m, true, lang);
			intl_month(months[k++], sizeof months[0], m, false, "en");
			intl_month(months[k++], sizeof months[0], m, true, "en");
		}
		for (int i = 0; i < k; i++)
			month_list[i] = months[i];
		month_list[k] = NULL;
		snprintf(month_lang, sizeof month_lang, "%s", lang ? lang : "");
	}
	return month_list;
}

static bool all_digits(const char *w, size_t n, size_t lo, size_t hi)
{
	if (n < lo || n > hi)
		return false;
	for (size_t i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* A word without the punctuation that may follow it. */
static size_t strip_trailing(const char *w, size_t n)
{
	while (n && strchr(".,;:!?)", w[n - 1]))
		n--;
	/* closing quotes and guillemets (multi-byte) */
	while (n >= 2 && ((unsigned char)w[n - 2] == 0xC2 && (unsigned char)w[n - 1] == 0xBB))
		n -= 2;
	while (n >= 3 && (unsigned char)w[n - 3] == 0xE2 && (unsigned char)w[n - 2] == 0x80 &&
	       ((unsigned char)w[n - 1] == 0x9D || (unsigned char)w[n - 1] == 0x99))
		n -= 3;
	return n;
}

/* Should the space between word a[0..an) and word b[0..bn) not break? */
static bool bind_words(const typo_opts *o, const char *a, size_t an, const char *b, size_t bn)
{
	size_t bs = strip_trailing(b, bn);
	/* strip a leading opening bracket of the left word */
	while (an && (*a == '(' || *a == '[')) {
		a++;
		an--;
	}
	size_t as = strip_trailing(a, an);
	/* every rule binds a number to a word: the cheap tests of digits go
	 * before the look-ups in the lists (most pairs of words have none) */
	bool a_num = an && a[an - 1] >= '0' && a[an - 1] <= '9';
	if (a_num && (in_list(b, bs, builtin_units) || in_list(b, bs, o->units)))
		return true;
	bool a_day = all_digits(a, an, 1, 2);
	bool b_year = all_digits(b, bs, 4, 4) || all_digits(b, bs, 1, 2);
	if (!a_day && !b_year && !all_digits(b, bs, 1, 4))
		return false;
	const char *const *mn = month_names(o->lang);
	if (a_day && in_list(b, bs, mn))
		return true; /* 12 March */
	if (b_year && in_list(a, an, mn))
		return true; /* March 2021, March 12 */
	if (all_digits(b, bs, 1, 4) && in_list(a, as, vi_date_words))
		return true; /* ngày 12, tháng 3, năm 2021 */
	if (a_day && in_list(b, bs, vi_date_words))
		return true; /* 12 tháng */
	return false;
}

static bool phone_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == '+';
}

/* Mark the spaces inside telephone numbers: a word that starts with + or
 * (+, followed by words of digits and - ( ) . /, with at least 6 digits. */
static void mark_phones(const char *s, size_t n, bool *bind)
{
	for (size_t i = 0; i < n; i++) {
		bool start = (i == 0 || s[i - 1] == ' ') && (s[i] == '+' || (s[i] == '(' && i + 1 < n && s[i + 1] == '+'));
		if (!start)
			continue;
		size_t j = i, digits = 0, last_space = (size_t)-1;
		while (j < n && (phone_char(s[j]) || (s[j] == ' ' && j + 1 < n && (phone_char(s[j + 1]) && s[j + 1] != '+')))) {
			if (s[j] >= '0' && s[j] <= '9')
				digits++;
			if (s[j] == ' ')
				last_space = j;
			j++;
		}
		if (digits < 6 || last_space == (size_t)-1)
			continue;
		for (size_t k = i; k < j; k++)
			if (s[k] == ' ')
				bind[k] = true;
		i = j;
	}
}

/* Mark the spaces inside the listed phrases, where they stand as words. */
static void mark_phrases(const char *s, size_t n, const char *const *phrases, bool *bind)
{
	for (size_t p = 0; phrases && phrases[p]; p++) {
		size_t pl = strlen(phrases[p]);
		if (!pl)
			continue;
		for (const char *h = s; (h = memmem(h, n - (size_t)(h - s), phrases[p], pl)); h++) {
			size_t at = (size_t)(h - s);
			uint32_t before = 0, after = peek(s, n, at + pl);
			if (at) {
				size_t k = at - 1;
				while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
					k--;
				before = peek(s, n, k);
			}
			if (is_alnum(before) || is_alnum(after))
				continue;
			for (size_t k = at; k < at + pl; k++)
				if (s[k] == ' ')
					bind[k] = true;
		}
	}
}

static void pass2(buf *out, const typo_opts *o, const char *s, size_t n)
{
	bool *bind = xcalloc(n + 1, sizeof *bind);
	mark_phones(s, n, bind);
	mark_phrases(s, n, o->phrases, bind);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' || bind[i] || i == 0)
			continue;
		size_t a0 = i;
		while (a0 > 0 && s[a0 - 1] != ' ' && s[a0 - 1] != '\n')
			a0--;
		size_t b1 = i + 1;
		while (b1 < n && s[b1] != ' ' && s[b1] != '\n')
			b1++;
		if (a0 < i && b1 > i + 1 && bind_words(o, s + a0, i - a0, s + i + 1, b1 - i - 1))
			bind[i] = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (bind[i])
			put_cp(out, NBSP);
		else
			buf_putc(out, s[i]);
	}
	free(bind);
}

char *typo_apply(arena *a, const typo_opts *o, typo_state *st, const char *s, size_t n)
{
	typo_state own = {0};
	if (!st)
		st = &own;
	buf b1 = {0}, b2 = {0};
	pass1(&b1, o, st, s, n);
	if (o->nobreak)
		pass2(&b2, o, b1.s ? b1.s : "", b1.len);
	else
		buf_put(&b2, b1.s ? b1.s : "", b1.len);
	char *r = arena_strndup(a, b2.s ? b2.s : "", b2.len);
	buf_free(&b1);
	buf_free(&b2);
	return r;
}

char *typo_bind(arena *a, const char *s, size_t n)
{
	buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			put_cp(&b, NBSP);
		else
			buf_putc(&b, s[i]);
	}
	char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}
