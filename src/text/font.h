/* font.h — font faces and their metrics, shared by layout and render.
 *
 * Takes: the doc's font families (model.h). Gives: a fontset whose faces are
 * numbered FONT_ID(family_slot, FACE_*); widths in 1/1000 em exactly as
 * the PDF's W arrays hold them (each advance truncated to a whole 1/1000
 * em, render/pdf_font.c), so what layout measures is what the PDF viewer
 * draws. FreeType reads the
 * fonts; a face is checked to be a glyf-based TrueType font that libharu
 * 2.3.0 can embed (no CFF, at most 32,767 glyphs).
 */
#ifndef DOSSIER_FONT_H
#define DOSSIER_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Slot 0..FAM_MAX-1: the doc's families; FAM_MAX + i: fallback i. */
#define FONT_ID(slot, face) ((slot) * 4 + (face))
#define FONT_SLOTS (FAM_MAX + MAX_FALLBACKS)

typedef struct fontset fontset;

/* Why face index of the font file at path (a TrueType or OpenType/CFF
 * font, or a collection of them) cannot be embedded (cut short, a damaged
 * or missing table, no (3,1) Unicode map, licence bits forbidding
 * embedding), as a phrase (in why, or a constant), or NULL. */
const char *font_face_problem(const char *path, unsigned index, char *why, size_t wn);
/* The same for face 0. */
const char *font_file_problem(const char *path, char *why, size_t wn);

/* Load every face the doc names; errors at each family's srcpos. */
fontset *fontset_load(const doc *d, diag *dg);
void fontset_free(fontset *fs);         /* accepts NULL */

bool font_valid(const fontset *fs, int id);
const char *font_path(const fontset *fs, int id);
/* The face in the collection font_path names (0 for a single font). */
unsigned font_face_index(const fontset *fs, int id);
const char *font_family_name(const fontset *fs, int id);
/* Advance of one code point in 1/1000 of the text size, that is 1/1000 em
 * times the face's scale (a fallback family's scale:, else 1); 0 when
 * absent. Text in face id is drawn at the size times font_scale. */
double font_advance(fontset *fs, int id, uint32_t cp);
double font_scale(const fontset *fs, int id);
bool font_has(fontset *fs, int id, uint32_t cp);
/* Kerning between two adjacent characters of one text in face id, in
 * 1/1000 em of the size it is drawn at (times font_scale for the text's
 * size; negative: closer), added to a's advance. 0 when the document
 * sets kerning off, the font does not kern, or either is a space or a
 * control character. */
int font_kern(fontset *fs, int id, uint32_t a, uint32_t b);
/* One glyph of a text shaped by HarfBuzz, in 1/1000 em of the size the
 * text is drawn at (font_scale not included): the advance is the glyph's
 * advance as the PDF's W array holds it (truncated to a whole 1/1000 em)
 * plus the shaper's adjustment (kerning) rounded to a whole 1/1000 em, so
 * layout's measure and the drawn line agree to the unit. */
typedef struct {
	uint32_t gid;     /* glyph ID in the font file; 0: the font lacks it */
	int32_t advance;
	int32_t dx, dy;   /* offset from the pen (mark positioning) */
	uint32_t cluster; /* byte offset in the text of the cluster it draws */
} font_glyph;

/* The glyphs of UTF-8 text s[0..n) in face id, shaped by HarfBuzz in the
 * order they are drawn (left to right), with the script the text's
 * characters give and the language font_language set; *out points into a cache owned by fs (valid until
 * fs is freed). rtl: s is in logical order and shaped right to left
 * (Arabic joining, marks on their letters; the glyphs come out in display
 * order); else s is drawn left to right as given. Kerning as the document
 * sets it; in left-to-right text standard ligatures as font_ligatures
 * sets them and contextual alternates off (one glyph per character where
 * the font allows), except in a text holding a letter or mark of a script
 * the font's rules form (Devanagari, Thai …: all of the font's features). A character the face
 * lacks is glyph 0 of advance 0. Returns the number of
 * glyphs. */
size_t font_shape(fontset *fs, int id, const char *s, size_t n, bool rtl, const font_glyph **out);
/* Standard ligatures (the fonts' liga and clig: fi, fl, ffi) in the
 * left-to-right text font_shape shapes from now on, as a style sets them
 * (off when the fontset is made); returns the setting before. Each text is
 * cached per setting, so layout measures and render draws the same
 * glyphs when both set it alike (item.liga). */
bool font_ligatures(fontset *fs, bool on);
/* The language of the texts font_shape shapes from now on, a BCP 47 tag
 * ("sr", "mr", "zh-Hant") as the passage, block or document says (NULL:
 * HarfBuzz's default, as when the fontset is made): the font's forms for
 * that language (OpenType language systems: Serbian б, Marathi's ल).
 * Returns the language before. Each text is cached per language, so layout
 * measures and render draws the same glyphs when both set it alike. */
const char *font_language(fontset *fs, const char *lang);
/* Whether a justified line without spaces may be spread after glyph i of
 * g[0..ng), text s[0..n) as font_shape shaped it: glyphs i and i + 1
 * have an advance (a letter with marks is not followed by a gap: a reader
 * would take the gap from its last mark for a space) and glyph i + 1
 * starts a grapheme cluster (UAX #29) that does not follow a virama (no
 * space inside a cluster or a conjunct). */
bool font_track_after(const char *s, size_t n, const font_glyph *g, size_t ng, size_t i);
/* Width of s shaped as font_shape does, in points at size (scale included). */
double font_width_dir(fontset *fs, int id, const char *s, size_t n, bool rtl, double size);
/* Width of UTF-8 text in points at size, shaped (scale included). */
double font_width(fontset *fs, int id, const char *s, size_t n, double size);
/* Horizontal centre of the outline of cp, in 1/1000 of the text size from
 * the glyph's origin (to centre a combining mark over its letter); 0 when
 * absent. */
double font_ink_center(fontset *fs, int id, uint32_t cp);
/* Ascender/descender (positive) and cap height, in 1/1000 em. */
double font_ascent(const fontset *fs, int id);
double font_descent(const fontset *fs, int id);
/* The face that draws cp for a text in face id: id itself, else the same
 * style in each fallback family, else the other families. -1 if none. */
int font_pick(fontset *fs, int id, uint32_t cp);
/* The face that sets a text written mostly in a script face id lacks: id
 * when it has probe (a letter of that script: U+4E00 for Chinese), else
 * the same style of the first fallback family that has probe, else id.
 * Text in a Chinese, Japanese or Korean block takes its digits, Latin
 * letters and punctuation from this face too, so they match the ideographs. */
int font_prefer(fontset *fs, int id, uint32_t probe);
/* The blank part of the full-width punctuation mark cp in font id, in
 * thousandths of the size, as the face's 'halt' feature sets it in half
 * width: after a closing mark or stop, before an opening bracket
 * (*opening); 0 for any other character or a face without 'halt'. */
double font_cjk_blank(fontset *fs, int id, uint32_t cp, bool *opening);

#endif
