/* bidi.h — right-to-left text for a PDF writer that has no shaping engine.
 *
 * libharu 2.3.0 draws each character by its code point, in the order given,
 * from left to right. Arabic therefore needs three things done before it:
 *   1. the bidi embedding level of every character (UAX #9, FriBidi), so
 *      right-to-left runs and the numbers and Latin words inside them can be
 *      put in display order;
 *   2. shaping: each Arabic letter replaced by its isolated, initial, medial
 *      or final form from the Presentation Forms-B block (U+FE70–FEFF), and
 *      lam + alef by their ligature, so joined letters are reached by code
 *      point (FriBidi's Arabic shaping, done in logical order);
 *   3. after line breaking, each line reordered to display order (UAX #9
 *      rule L2) and the right-to-left runs written reversed, with mirrored
 *      brackets.
 * Layout measures the shaped text, so what it measures is what is drawn.
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

/* Resolve the levels of a paragraph of n code points and, when forms, shape
 * its Arabic into presentation forms (else its letters are left for
 * HarfBuzz, font_shape).
 * dir: BIDI_AUTO (the first strong character decides; left to right when
 * there is none), BIDI_LTR or BIDI_RTL. On return cp holds the shaped text,
 * lev[i] the level of cp[i] (odd = right to left) and, when map is not
 * NULL, map[i] the index in the input that cp[i] came from. A lam-alef
 * ligature replaces two code points and the bidi controls (U+202A–202E,
 * U+2066–2069, LRM, RLM, ALM) are dropped once applied, so the result can be
 * shorter; the new length is returned. *rtl is set when the paragraph's base direction is
 * right to left. */
size_t bidi_shape(uint32_t *cp, uint8_t *lev, size_t *map, size_t n, int dir, bool forms, bool *rtl);

/* Display order of n runs with levels lev (UAX #9 L2): order[j] is the
 * logical index of the run shown j-th from the left. */
void bidi_order(const uint8_t *lev, size_t n, size_t *order);

/* Append the run s[0..n) to out as drawn from left to right: reversed when
 * rtl (a base letter keeps its combining marks after it, so they still
 * follow the letter they belong to), with mirrored brackets. */
void bidi_run(buf *out, const char *s, size_t n, bool rtl);

/* A non-spacing mark (Arabic harakat, combining accents). */
bool bidi_is_mark(uint32_t cp);
/* The mirrored bracket of cp in right-to-left text ("(" → ")"), else cp. */
uint32_t bidi_mirror(uint32_t cp);

/* Append the UTF-8 encoding of cp to out. */
void bidi_put_cp(buf *out, uint32_t cp);

/* A whole single line (a running header, a bookmark-free label): shaped and
 * in display order, appended to out. */
void bidi_line(buf *out, const char *s, size_t n);

#endif
