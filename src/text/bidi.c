/* bidi.c — FriBidi levels; line reordering (UAX #9 L2). The shaping
 * (joining forms, ligatures, marks) is HarfBuzz's, in font.c.
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

size_t bidi_levels(uint32_t *cp, uint8_t *lev, size_t *map, size_t n, int dir, bool *rtl)
{
	*rtl = dir == BIDI_RTL;
	if (n == 0)
		return 0;
	FriBidiCharType *types = xmalloc(n * sizeof *types);
	FriBidiBracketType *br = xmalloc(n * sizeof *br);
	FriBidiLevel *lv = xmalloc(n * sizeof *lv);
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
	/* a U+FEFF in the text is dropped (it draws nothing), and so are the
	 * bidi controls, whose work is done once the levels are known
	 * (embeddings, overrides, isolates, the directional marks) */
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
