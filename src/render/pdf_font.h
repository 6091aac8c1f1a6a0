/* pdf_font.h — fonts written by dossier itself into a libharu document.
 *
 * libharu 2.3.0 writes the document (pages, outlines, links, compression,
 * encryption, cross-references); the fonts are ours, made through its
 * object layer (hpdf_objects.h): a Type0 font with Identity-H encoding over
 * a CIDFontType2 whose FontFile2 is a real subset made by hb-subset, glyph
 * IDs retained, so a CID is the glyph ID (CIDToGIDMap /Identity) unless one
 * glyph stands for several texts (below). The W array holds the advances of
 * the glyphs used, each truncated to a whole 1/1000 em as font.c measures
 * them, so the viewer draws what layout measured. The ToUnicode CMap maps
 * every CID drawn to the text it stands for, in bfchar entries.
 *
 * Text is drawn as glyphs: a run is an array of pdf_glyph (what a shaper
 * gives: glyph ID, advance, offset, and the cluster of the text it draws).
 * Today render_pdf.c makes one glyph per code point from the font's
 * character map (pdf_font_glyph); a shaper can hand its output to the same
 * pdf_font_show. When one glyph draws different texts (a space and a
 * no-break space, or a shaped glyph reached from two clusters), each text
 * beyond the first gets its own CID after the font's last glyph, mapped to
 * the glyph by a CIDToGIDMap stream, so extraction stays exact.
 *
 * Parsed font files (HarfBuzz faces) are kept for the life of the process
 * and shared by every document it builds (a batch worker builds many); the
 * per-document state grows with the glyphs used, never with the font.
 */
#ifndef DOSSIER_PDF_FONT_H
#define DOSSIER_PDF_FONT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct pdf_font pdf_font;

/* One glyph of a run, in 1/1000 of the size the run is drawn at. */
typedef struct {
	uint32_t gid;     /* glyph ID in the font */
	double advance;   /* how far the pen moves after it */
	double dx, dy;    /* where it is drawn, from the pen */
	uint32_t cluster; /* byte offset in the run's text of the cluster it draws */
} pdf_glyph;

/* The font at path (face index in a collection) for document pdf; NULL
 * with a reason in why when the file cannot be read as a font or is of a
 * kind not written yet (CFF outlines). */
pdf_font *pdf_font_open(HPDF_Doc pdf, const char *path, unsigned index, char *why, size_t wn);
/* Parse face index of path for the process and prepare it for hb-subset
 * (hb_subset_preprocess: its tables' accelerators made once). Preparing
 * costs about twenty subsets of the face and makes each later one cost
 * half: for a batch's parent before it forks many workers. The subsets
 * are the same bytes. A face that cannot be read is left alone. */
void pdf_font_prepare(const char *path, unsigned index);
/* Free the document's state of f (the PDF objects belong to the document).
 * Accepts NULL. */
void pdf_font_free(pdf_font *f);

/* The glyph the font's character map gives cp; 0 (.notdef) when none. */
uint32_t pdf_font_glyph(pdf_font *f, uint32_t cp);
/* The advance of glyph gid as written in the W array, 1/1000 em. */
double pdf_font_advance(pdf_font *f, uint32_t gid);

/* The text the ToUnicode map will give CID cid (as pdf_font_show chose
 * it), up to max characters into out; its length (0: none). For tests. */
size_t pdf_font_cid_text(const pdf_font *f, uint32_t cid, uint32_t *out, size_t max);

/* Select f at size on page pg (its resource name and Tf); only inside a
 * text object. */
void pdf_font_select(pdf_font *f, HPDF_Page pg, double size);

/* Append to b, inside an open TJ array ("[" written by the caller), the
 * glyphs g[0..n) (in display order, left to right) drawing text[0..len):
 * each glyph drawn at pen + (dx, dy), the pen moved by its advance; at the
 * end the pen is where the last advance leaves it. Left to right, a
 * cluster's glyphs stand for its characters in drawing order (one each,
 * the rest to the last), a glyph whose text holds a non-spacing mark after
 * a letter gives the mark to an extra blank glyph, and marks drawn far left
 * of the next letter are drawn after the run's letters (docs/scripts.md,
 * "Shaped left-to-right scripts"). size is the run's size
 * (for vertical offsets, as text rise). rtl (right-to-left text, one
 * cluster per character): still in display order, but a glyph maps to its
 * characters in display order, a letter to itself and its raised or lowered
 * marks, which are drawn after the run's other glyphs, each in an empty
 * ActualText and mapped to U+2060 (docs/scripts.md, "Text for search and
 * copy"). */
void pdf_font_show(pdf_font *f, buf *b, const pdf_glyph *g, size_t n, const char *text, size_t len,
		   double size, bool rtl);
/* Marked content giving what it holds the text utf8[0..n) as its
 * ActualText (/Span <</ActualText …>> BDC), and its end (EMC); inside or
 * outside a text object, never inside a TJ array. */
void pdf_actual_begin(buf *b, const char *utf8, size_t n);
void pdf_actual_end(buf *b);
/* A move of the pen inside a TJ array, in 1/1000 of the size (positive:
 * to the right). */
void pdf_tj_move(buf *b, double thousandths);
/* pdf_font_show of one glyph gid mapped to " " with its own advance (a
 * tagged file's word space), its bytes kept from the first time: ~800
 * instructions less each, 21,000 times in W1. */
void pdf_font_space(pdf_font *f, buf *b, uint32_t gid, double size);

/* Write the font's objects (subset, widths, ToUnicode) into the document;
 * after the last page is drawn, before saving. false with a reason in why
 * when the subset cannot be made. */
bool pdf_font_finish(pdf_font *f, char *why, size_t wn);

/* The finished subsets this process keeps (each face's font file for one
 * set of glyphs, deflated: made once, written again by every document
 * that draws the same glyphs of the same face) and, in *hits when not
 * NULL, how many times one was written again. For tests. */
size_t pdf_font_subsets_kept(size_t *hits);
/* Forget them (tests). */
void pdf_font_subsets_clear(void);

#endif
