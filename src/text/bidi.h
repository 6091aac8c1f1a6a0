/* bidi.h — the bidirectional algorithm for layout (UAX #9, GNU FriBidi).
 *
 * Right-to-left text needs two things besides shaping (HarfBuzz,
 * font_shape in font.h):
 *   1. the bidi embedding level of every character, so right-to-left runs
 *      and the numbers and Latin words inside them can be put in display
 *      order;
 *   2. after line breaking, each line's runs put in display order (UAX #9
 *      rule L2); a right-to-left run stays in logical order and is shaped
 *      right to left, which gives its glyphs in display order and mirrors
 *      its brackets.
 */
#ifndef DOSSIER_BIDI_H
#define DOSSIER_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum { BIDI_AUTO = 0, BIDI_LTR = 1, BIDI_RTL = 2 };

/* True when s[0..n) holds a right-to-left character (Hebrew, Arabic, …) or
 * an explicit bidi control: only then is the bidi machinery needed. */
bool bidi_has_rtl(const char *s, size_t n);

/* Resolve the levels of a paragraph of n code points.
 * dir: BIDI_AUTO (the first strong character decides; left to right when
 * there is none), BIDI_LTR or BIDI_RTL. On return cp holds the text
 * without its bidi controls (U+202A–202E, U+2066–2069, LRM, RLM, ALM, all
 * applied) and without U+FEFF, lev[i] the level of cp[i] (odd = right to
 * left) and, when map is not NULL, map[i] the index in the input that cp[i]
 * came from; the new length is returned. *rtl is set when the paragraph's
 * base direction is right to left. */
size_t bidi_levels(uint32_t *cp, uint8_t *lev, size_t *map, size_t n, int dir, bool *rtl);

/* Display order of n runs with levels lev (UAX #9 L2): order[j] is the
 * logical index of the run shown j-th from the left. */
void bidi_order(const uint8_t *lev, size_t n, size_t *order);

/* A non-spacing mark (Arabic harakat, combining accents). */
bool bidi_is_mark(uint32_t cp);
/* The mirrored bracket of cp in right-to-left text ("(" → ")"), else cp. */
uint32_t bidi_mirror(uint32_t cp);

/* Append the UTF-8 encoding of cp to out. */
void bidi_put_cp(buf *out, uint32_t cp);

#endif
