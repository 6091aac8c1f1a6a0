/* pdf_tags.h — the tagged PDF: the structure tree and its marked content.
 *
 * Layout gives every item its part in the document's structure (layout.h:
 * tag, node, sub); pdf_tags.c turns the blocks of the doc into structure
 * elements in document order (Document, Sect, H1–H6, P, L/LI/Lbl/LBody,
 * BlockQuote, Code, Table/THead/TBody/TR/TH/TD, Figure with /Alt, Caption,
 * Note, Reference, Link, TOC/TOCI), and render_pdf.c wraps what it paints
 * in marked content: pdf_tags_begin writes "/P<</MCID n>>BDC" (or
 * "/Artifact BMC" for an item of no part) when the element changes, and
 * pdf_tags_end closes it. The tree is written at the end (pdf_tags_finish),
 * as compact object bodies that pdf_pack_with puts in the object streams,
 * or through libharu's object layer in an encrypted file: elements,
 * ParentTree (a number tree
 * of one array per page, and one entry per link annotation), StructParents
 * and /Tabs /S on pages, RoleMap, MarkInfo, /Lang, DisplayDocTitle and the
 * XMP metadata.
 *
 * Reading order is the tree's order: the blocks' order in the document,
 * whatever page a float or a footnote went to.
 */
#ifndef DOSSIER_PDF_TAGS_H
#define DOSSIER_PDF_TAGS_H

#include <hpdf.h>
#include <stdbool.h>

#include "layout.h"
#include "model.h"
#include "pdf_pack.h"

typedef struct pdf_tags pdf_tags;

pdf_tags *pdf_tags_new(HPDF_Doc pdf, const doc *d, const layout *L);
void pdf_tags_free(pdf_tags *t); /* accepts NULL */
/* Page p (0-based) starts: what follows is marked on it. */
void pdf_tags_page(pdf_tags *t, HPDF_Page pg, size_t p);
/* Marked content for item it into b, closing the one open when it is of
 * another element; text: inside a text object (the sequence must close
 * before ET). */
void pdf_tags_begin(pdf_tags *t, buf *b, const item *it);
/* Close the marked content open, if any. */
void pdf_tags_end(pdf_tags *t, buf *b);
/* A link annotation made for item it: its object reference in the tree. */
void pdf_tags_annot(pdf_tags *t, HPDF_Annotation a, const item *it);
/* Write the tree and the catalog's entries: through libharu's objects, or
 * when raw (the file is packed, not encrypted) as bodies that
 * pdf_pack_with puts in place of the "null" objects libharu writes for
 * them (pdf_tags_bodies). */
void pdf_tags_finish(pdf_tags *t, bool raw);
/* The bodies of the tree written raw, for pdf_pack_with; NULL: none. */
const pdf_pack_bodies *pdf_tags_bodies(const pdf_tags *t);
/* The text alternative of a chart: its type, title, axes and every
 * series' values, or its description: when the layout gives one. In a. */
const char *pdf_tags_chart_alt(arena *a, const chart *ch);

#endif
