/* hyph.c — libhyphen wrapper: dictionary lookup by language, word
 * normalisation (lower case, letters only) and minimum fragment lengths. */
#include "hyph.h"

#include <hyphen.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "util.h"

#define HYPH_DIR "/usr/share/hyphen"
#define LEFT_MIN 2
#define RIGHT_MIN 3
#define MAX_WORD HYPH_MAX_WORD /* longer "words" are URLs or codes: never hyphenated */

static struct dict_entry {
	char lang[8];
	HyphenDict *dict; /* NULL: looked up, none */
} *cache;
static size_t ncache, cache_cap;

/* The Debian file names: hyph_en_US.dic, hyph_fr.dic, hyph_ru_RU.dic … */
static const char *const names[][2] = {
	{"en", "hyph_en_US.dic"}, {"fr", "hyph_fr.dic"}, {"es", "hyph_es_ES.dic"},
	{"ru", "hyph_ru_RU.dic"}, {"de", "hyph_de_DE.dic"}, {"it", "hyph_it_IT.dic"},
	{"pt", "hyph_pt_PT.dic"}, {"nl", "hyph_nl_NL.dic"},
};

const char *hyph_lang(size_t i)
{
	return i < sizeof names / sizeof names[0] ? names[i][0] : NULL;
}

const char *hyph_dict_path(const char *lang)
{
	static char path[256];
	if (!lang)
		return NULL;
	size_t n = strcspn(lang, "-_");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i][0]) != n || strncmp(names[i][0], lang, n))
			continue;
		snprintf(path, sizeof path, "%s/%s", HYPH_DIR, names[i][1]);
		return file_exists(path) ? path : NULL;
	}
	return NULL;
}

static HyphenDict *dict_for(const char *lang)
{
	if (!lang || !lang[0])
		return NULL;
	char base[8];
	size_t n = strcspn(lang, "-_");
	if (n >= sizeof base)
		return NULL;
	memcpy(base, lang, n);
	base[n] = 0;
	for (size_t i = 0; i < ncache; i++)
		if (!strcmp(cache[i].lang, base))
			return cache[i].dict;
	const char *path = hyph_dict_path(base);
	HyphenDict *d = path && file_check_regular(path) ? hnj_hyphen_load(path) : NULL;
	GROW(cache, cache_cap, ncache + 1);
	snprintf(cache[ncache].lang, sizeof cache[ncache].lang, "%s", base);
	cache[ncache++].dict = d;
	return d;
}

bool hyph_available(const char *lang)
{
	return dict_for(lang) != NULL;
}

/* ---- a cache of results by word: a dossier repeats its words many times
 * (W1: 44,000 look-ups of 242 distinct words) and the line breaker asks
 * again on every pass. Open addressing; entries never removed. */
typedef struct {
	char *word;             /* NULL = empty slot; its n points follow its len bytes */
	uint8_t len, n;
	const HyphenDict *dict;
} centry;

static centry *ctab;
static size_t ccap, cused;

static uint64_t hash(const char *s, size_t n, const void *dict)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)dict;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static centry *cache_slot(const char *w, size_t n, const HyphenDict *d)
{
	if (cused * 2 >= ccap) { /* grow and rehash */
		size_t old = ccap;
		centry *o = ctab;
		ccap = ccap ? ccap * 2 : 1024;
		ctab = xcalloc(ccap, sizeof *ctab);
		cused = 0;
		for (size_t i = 0; i < old; i++)
			if (o[i].word) {
				centry *e = cache_slot(o[i].word, o[i].len, o[i].dict);
				*e = o[i];
				cused++;
			}
		free(o);
	}
	size_t i = (size_t)(hash(w, n, d) & (ccap - 1));
	while (ctab[i].word && !(ctab[i].dict == d && ctab[i].len == n && !memcmp(ctab[i].word, w, n)))
		i = (i + 1) & (ccap - 1);
	return &ctab[i];
}

static int points_uncached(HyphenDict *d, const char *word, size_t len, size_t *pts, int max);

/* s[0..n) (UTF-8) in the dictionary's charset cset, NUL-terminated in out;
 * false when iconv does not know cset or the word does not fit in it. */
static bool to_charset(const char *cset, const char *s, size_t n, char *out, size_t cap, size_t *outn)
{
	iconv_t cd = iconv_open(cset, "UTF-8");
	if (cd == (iconv_t)-1)
		return false;
	char *in = (char *)s, *o = out;
	size_t il = n, ol = cap - 1;
	size_t r = iconv(cd, &in, &il, &o, &ol);
	iconv_close(cd);
	if (r == (size_t)-1 || il)
		return false;
	*outn = (size_t)(o - out);
	out[*outn] = 0;
	return true;
}

int hyph_points(const char *lang, const char *word, size_t len, size_t *pts, int max)
{
	HyphenDict *d = dict_for(lang);
	if (!d || len < LEFT_MIN + RIGHT_MIN || len > MAX_WORD)
		return 0;
	centry *e = cache_slot(word, len, d);
	if (!e->word) {
		size_t tmp[HYPH_MAX_POINTS];
		int n = points_uncached(d, word, len, tmp, HYPH_MAX_POINTS);
		e->word = xmalloc(len + (size_t)n);
		memcpy(e->word, word, len);
		e->len = (uint8_t)len;
		e->dict = d;
		e->n = (uint8_t)n;
		for (int k = 0; k < n; k++)
			e->word[len + (size_t)k] = (char)(uint8_t)tmp[k];
		cused++;
	}
	int n = e->n < max ? e->n : max;
	for (int k = 0; k < n; k++)
		pts[k] = (uint8_t)e->word[e->len + (size_t)k];
	return n;
}

static int points_uncached(HyphenDict *d, const char *word, size_t len, size_t *pts, int max)
{
	/* lower-case copy, letters only (ALL-CAPS words get no patterns
	 * otherwise); any non-letter means "not a plain word" */
	char low[MAX_WORD * 4 + 8];
	size_t o = 0, nchars = 0;
	size_t cstart[MAX_WORD + 1]; /* byte offset of each character */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int l = utf8_decode(word + i, len - i, &cp);
		if (!l)
			return 0;
		utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
		if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
			return 0;
		cstart[nchars++] = i;
		utf8proc_int32_t lc = utf8proc_tolower((utf8proc_int32_t)cp);
		/* letters the pattern dictionaries do not list are looked up
		 * as the letter they list: Russian ё as е (Debian's KOI8-R
		 * patterns have no ё, so "её", "всё" lost every point);
		 * both are two bytes in UTF-8, so the offsets hold */
		if (lc == 0x451)
			lc = 0x435;
		o += (size_t)utf8proc_encode_char(lc, (utf8proc_uint8_t *)low + o);
		i += (size_t)l;
	}
	if (o != len || nchars < LEFT_MIN + RIGHT_MIN)
		return 0; /* lower-casing changed lengths: offsets would not map */
	low[o] = 0;
	/* A dictionary in a single-byte charset (Debian's Russian one is
	 * KOI8-R) gets the word in that charset: one byte per character. */
	char conv[MAX_WORD * 4 + 8];
	const char *w = low;
	size_t wl = o;
	if (!d->utf8 && nchars != o) {
		if (!to_charset(d->cset, low, o, conv, sizeof conv, &wl) || wl != nchars)
			return 0;
		w = conv;
	}
	char hy[MAX_WORD * 4 + 8];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int n = 0;
	if (hnj_hyphen_hyphenate2(d, w, (int)wl, hy, NULL, &rep, &pos, &cut) == 0) {
		/* one hy[] (and rep[]) entry per character: with a UTF-8
		 * dictionary libhyphen itself turns byte positions into
		 * character positions (hnj_hyphen_norm), "délégués" → 01010000,
		 * dé-lé-gués; in a single-byte charset a byte is a character */
		for (size_t k = LEFT_MIN; k + RIGHT_MIN <= nchars && n < max; k++)
			if ((hy[k - 1] & 1) && !(rep && rep[k - 1]))
				pts[n++] = cstart[k];
	}
	if (rep) {
		for (size_t i = 0; i < wl; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
	}
	return n;
}

bool hyph_capitalised(const char *word, size_t len)
{
	uint32_t a, b;
	int la = utf8_decode(word, len, &a);
	if (!la || (size_t)la >= len || !utf8_decode(word + la, len - (size_t)la, &b))
		return false;
	utf8proc_category_t ca = utf8proc_category((utf8proc_int32_t)a), cb = utf8proc_category((utf8proc_int32_t)b);
	return (ca == UTF8PROC_CATEGORY_LU || ca == UTF8PROC_CATEGORY_LT) && cb == UTF8PROC_CATEGORY_LL;
}

static bool held;

void hyph_hold(bool hold)
{
	held = hold;
}

void hyph_release(void)
{
	if (held)
		return;
	for (size_t i = 0; i < ccap; i++)
		free(ctab[i].word);
	free(ctab);
	ctab = NULL;
	ccap = cused = 0;
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].dict)
			hnj_hyphen_free(cache[i].dict);
	free(cache);
	cache = NULL;
	ncache = cache_cap = 0;
}
