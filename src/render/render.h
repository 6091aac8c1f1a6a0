/* render.h — the render stage: laid-out pages → PDF file (libharu).
 *
 * Takes: the doc (metadata), the layout (pages of positioned items, marks)
 * and the fontset (font files to embed). Gives: a PDF at out_path, written
 * atomically: libharu saves to a temporary file in the same directory which
 * is fsync'ed and renamed over out_path only when complete, so out_path
 * never holds a partial PDF. Fonts are embedded as real subsets, written by
 * pdf_font.c (Type0 over CIDFontType2, Identity-H, glyph IDs drawn); PNG
 * pixels arrive already decoded.
 *
 * Returns 0 on success, or 3 when the PDF could not be written (reported
 * through diag): a file-system error or a failure inside the PDF writer.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include "font.h"
#include "layout.h"
#include "model.h"

/* How a render ended; the command maps it to an exit status. */
typedef enum {
	RENDER_OK,
	RENDER_INPUT_ERROR, /* the input's fault (the time limit): said in dg */
	RENDER_WRITE_ERROR, /* the PDF could not be made or written: said in dg */
} render_status;

render_status render_pdf(const doc *d, const layout *l, const fontset *fs, const char *out_path, diag *dg);
/* The print profiles' colours (docs/print.md): c (0xRRGGBB) as CMYK in
 * 0..1 with full grey replacement (a neutral grey is black ink alone);
 * whether text in c is written as pure black under office and press. */
void render_cmyk(uint32_t c, double cmyk[4]);
bool render_is_ink(uint32_t c);

/* Prepare for hb-subset every face layout has measured text in so far
 * (pdf_font_prepare): for a batch's parent with a long queue, before it
 * forks; the PDFs are the same bytes. */
void render_prepare_faces(void);

#endif
