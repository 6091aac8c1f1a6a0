/* bidi.c — FriBidi levels and Arabic shaping; line reordering (UAX #9 L2).
 *
 * Why presentation forms and not a shaping engine: libharu's UTF-8 path maps
 * a character code to a glyph through the font's Unicode cmap (the CID is
 * the code point), so only glyphs that have a code point can be drawn. The
 * Arabic fonts dossier ships map the whole Presentation Forms-B block, and
 * FriBidi's shaper produces exactly those code points. What this cannot do
 * (no GPOS mark placement, no contextual forms beyond the four basic ones,
 * no optional ligatures) is written up in docs/scripts.md.
 */
#include "bidi.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

bool bidi_has_rtl(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		FriBidiCharType t = fribidi_get_bidi_type(cp);
		if (FRIBIDI_IS_RTL(t) || FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t))
			return true;
		i += (size_t)l;
	}
	return false;
}

static bool is_control(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

size_t bidi_shape(uint32_t *cp, uint8_t *lev, size_t *map, size_t n, int dir, bool forms, bool *rtl)
{
	*rtl = dir == BIDI_RTL;
	if (n == 0)
		return 0;
	FriBidiCharType *types = xmalloc(n * sizeof *types);
	FriBidiBracketType *br = xmalloc(n * sizeof *br);
	FriBidiLevel *lv = xmalloc(n * sizeof *lv);
	FriBidiArabicProp *ar = xmalloc(n * sizeof *ar);
	fribidi_get_bidi_types(cp, (FriBidiStrIndex)n, types);
	fribidi_get_bracket_types(cp, (FriBidiStrIndex)n, types, br);
	FriBidiParType base = dir == BIDI_RTL ? FRIBIDI_PAR_RTL : dir == BIDI_LTR ? FRIBIDI_PAR_LTR
										 : FRIBIDI_PAR_ON;
	if (!fribidi_get_par_embedding_levels_ex(types, br, (FriBidiStrIndex)n, &base, lv)) {
		/* FriBidi failed (only on allocation failure): left to right */
		memset(lv, 0, n * sizeof *lv);
		base = FRIBIDI_PAR_LTR;
	}
	*rtl = FRIBIDI_IS_RTL(base);
	if (forms) {
		fribidi_get_joining_types(cp, (FriBidiStrIndex)n, ar);
		fribidi_join_arabic(types, (FriBidiStrIndex)n, lv, ar);
	}
	/* a ligature leaves FRIBIDI_CHAR_FILL in place of its second letter;
	 * a U+FEFF already in the text is dropped too (it draws nothing), and
	 * so are the bidi controls, whose work is done once the levels are
	 * known (embeddings, overrides, isolates, the directional marks) */
	if (forms)
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, lv, (FriBidiStrIndex)n, ar, cp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (cp[i] == FRIBIDI_CHAR_FILL || is_control(cp[i]))
			continue;
		cp[m] = cp[i];
		lev[m] = (uint8_t)lv[i];
		if (map)
			map[m] = i;
		m++;
	}
	free(types);
	free(br);
	free(lv);
	free(ar);
	return m;
}

void bidi_order(const uint8_t *lev, size_t n, size_t *order)
{
	uint8_t hi = 0, lo_odd = 255;
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		if (lev[i] > hi)
			hi = lev[i];
		if ((lev[i] & 1) && lev[i] < lo_odd)
			lo_odd = lev[i];
	}
	/* L2: from the highest level down to the lowest odd one, reverse every
	 * maximal sequence of runs at that level or higher */
	for (int L = hi; L >= lo_odd && L > 0; L--) {
		size_t i = 0;
		while (i < n) {
			if (lev[order[i]] < L) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < n && lev[order[j]] >= L)
				j++;
			for (size_t a = i, b = j - 1; a < b; a++, b--) {
				size_t t = order[a];
				order[a] = order[b];
				order[b] = t;
			}
			i = j;
		}
	}
}

bool bidi_is_mark(uint32_t cp)
{
	return fribidi_get_bidi_type(cp) == FRIBIDI_TYPE_NSM;
}

uint32_t bidi_mirror(uint32_t cp)
{
	FriBidiChar m;
	return fribidi_get_mirror_char(cp, &m) ? m : cp;
}

void bidi_put_cp(buf *out, uint32_t cp)
{
	buf_put_utf8(out, cp);
}

/* Decode s[0..n) to code points (invalid bytes as U+FFFD); caller frees. */
static uint32_t *decode(const char *s, size_t n, size_t *count)
{
	uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
	size_t k = 0, i = 0;
	while (i < n) {
		int l = utf8_decode(s + i, n - i, &cp[k]);
		if (!l) {
			l = 1;
			cp[k] = 0xFFFD;
		}
		i += (size_t)l;
		k++;
	}
	*count = k;
	return cp;
}

/* Write clusters of cp[0..n) (a base and the marks after it) in reverse. */
static void put_reversed(buf *out, const uint32_t *cp, size_t n)
{
	size_t end = n;
	while (end > 0) {
		size_t start = end - 1;
		while (start > 0 && bidi_is_mark(cp[start]))
			start--;
		for (size_t k = start; k < end; k++)
			bidi_put_cp(out, bidi_mirror(cp[k]));
		end = start;
	}
}

void bidi_run(buf *out, const char *s, size_t n, bool rtl)
{
	if (!rtl) {
		buf_put(out, s, n);
		return;
	}
	size_t k;
	uint32_t *cp = decode(s, n, &k);
	put_reversed(out, cp, k);
	free(cp);
}

void bidi_line(buf *out, const char *s, size_t n)
{
	if (!bidi_has_rtl(s, n)) {
		buf_put(out, s, n);
		return;
	}
	size_t k;
	uint32_t *cp = decode(s, n, &k);
	uint8_t *lev = xmalloc(k + 1);
	bool rtl;
	k = bidi_shape(cp, lev, NULL, k, BIDI_AUTO, true, &rtl);
	/* runs of one level, in display order */
	size_t *start = xmalloc((k + 1) * sizeof *start), nr = 0;
	uint8_t *rl = xmalloc(k + 1);
	for (size_t i = 0; i < k; i++)
		if (i == 0 || lev[i] != lev[i - 1]) {
			start[nr] = i;
			rl[nr++] = lev[i];
		}
	start[nr] = k;
	size_t *ord = xmalloc((nr + 1) * sizeof *ord);
	bidi_order(rl, nr, ord);
	for (size_t j = 0; j < nr; j++) {
		size_t r = ord[j];
		if (rl[r] & 1)
			put_reversed(out, cp + start[r], start[r + 1] - start[r]);
		else
			for (size_t i = start[r]; i < start[r + 1]; i++)
				bidi_put_cp(out, cp[i]);
	}
	free(ord);
	free(rl);
	free(start);
	free(lev);
	free(cp);
}
