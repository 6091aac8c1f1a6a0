/* langmark.h — passages in another language inside a plain text: the
 * document's title, a cover text, a table cell, a caption, a facts value.
 *
 * The loader reads "[Bộ Công an]{lang=vi}" in such a text (load.h,
 * text_lang) and keeps the passage in the string itself, between control
 * characters no input holds (the loaders refuse them):
 *
 *     LM_OPEN "vi" LM_TEXT "Bộ Công an" LM_CLOSE
 *
 * Passages may nest. Layout sets a marked text as spans, each passage with
 * its span.lang (lm_spans); whatever else reads the text (metadata, the
 * running heads, widths, charts) takes it without the marks (lm_plain).
 * A text without passages is the string as written: lm_any is false.
 */
#ifndef DOSSIER_LANGMARK_H
#define DOSSIER_LANGMARK_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define LM_OPEN '\x01'
#define LM_TEXT '\x02'
#define LM_CLOSE '\x03'

/* Nesting deeper than this is read as the deepest. */
#define LM_DEPTH 8

/* Does s hold a passage? (s may be NULL) */
bool lm_any(const char *s);
/* s without its marks (s itself when it has none; NULL for NULL). */
const char *lm_plain(arena *a, const char *s);
/* The language of s when the whole of s is one passage ("[Texte]{lang=fr}"
 * written alone), else NULL: a text that cannot hold spans (an /Alt, an
 * XMP entry) then takes its language as a whole. */
const char *lm_whole(arena *a, const char *s);
/* s whole in language lang: LM_OPEN lang LM_TEXT s LM_CLOSE ("" and NULL
 * as they are). */
const char *lm_wrap(arena *a, const char *lang, const char *s);
/* s[0..n) as spans, copies of *base with their text, each passage's
 * with its language (the innermost), the rest with base->lang; empty
 * pieces left out. Returns the count (at least 1: one empty span when
 * s is empty); *out in the arena. */
size_t lm_spans(arena *a, const char *s, size_t n, const span *base, span **out);

#endif
