/* layout.h — the layout stage: document model → pages of positioned items.
 *
 * Takes: a doc (model.h) and its fontset (font.h). Gives: pages whose items
 * carry absolute PDF coordinates in points (origin at the page's lower-left
 * corner), the font, size and colour of every piece of text, and the
 * bookmarks with their pages. Layout measures every glyph with font.c; the
 * render stage only paints what it is given and never measures.
 *
 * Paragraphs are broken into lines with break opportunities from libunibreak
 * (UAX #14); pagination keeps headings with what follows, avoids single
 * lines at the foot or head of a page, repeats table header rows on
 * continuation pages, sets footnotes at the foot of the page that holds
 * their reference (splitting a long one onto the next page), and runs the
 * table of contents and cross-references to a fixed point so their page
 * numbers are those of the final pages.
 */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

#include <stdio.h>

#include "font.h"
#include "model.h"

/* Coordinates are PDF points, origin at the page's lower-left corner. Text
 * sits on its baseline at (x, y); rectangles, images and link areas have
 * their lower-left corner at (x, y) and extend w right and h up. */
typedef enum {
	IT_TEXT,   /* text at baseline (x, y) */
	IT_RECT,   /* filled (and/or stroked) rectangle */
	IT_LINE,   /* stroked line from (x, y) to (x + w, y + h) */
	IT_IMAGE,  /* image filling the rectangle */
	IT_LINK,   /* internal link area → page dest, at dest_y */
	IT_URI,    /* external link area → uri */
	IT_PATH,   /* vector path (path/npath), filled and/or stroked */
	IT_CLIP,   /* what follows is clipped to path/npath, until IT_UNCLIP */
	IT_UNCLIP, /* ends the innermost IT_CLIP */
} item_kind;

/* IT_PATH holds PATH_* operations (model.h). */

/* What an item is in the document's logical structure, for the tagged PDF
 * (render's pdf_tags.c builds the structure tree from it): its part, the
 * block (or footnote) it belongs to and, within that, which entry. An
 * item of no part (TAG_NONE) is an artifact: running heads and feet, page
 * numbers, the classification, rules, backgrounds, repeated table heads. */
enum {
	TAG_NONE = 0,   /* artifact */
	TAG_BLOCK,      /* the block's own text: node = block index + 1 */
	TAG_LABEL,      /* a list item's marker */
	TAG_LINK,       /* a link's text and area; sub: the link's serial */
	TAG_NOTEREF,    /* a footnote reference; sub: the note's number */
	TAG_NOTE,       /* a footnote's text; node: the note's number */
	TAG_CAPTION,    /* a figure's or table's caption */
	TAG_CREDIT,     /* a figure's credit, a table's note and source */
	TAG_FIGURE,     /* an image or a chart (shapes and labels) */
	TAG_HEAD_CELL,  /* a table's header cell; sub: its column */
	TAG_CELL,       /* a body cell; sub: row * columns + column */
	TAG_TOCI,       /* an entry of the contents; sub: its number */
	TAG_COVER,      /* a text of the cover; sub: its style (ST_*) */
};

/* Kept small (88 bytes): a 100,000-row table is millions of items. Sizes
 * are floats because libharu takes floats (HPDF_REAL) anyway. */
typedef struct item {
	uint8_t kind;           /* item_kind */
	uint8_t dash;           /* IT_PATH/IT_LINE: 0 solid, 1 dashed, 2 dotted */
	bool fill;              /* IT_PATH: fill with color */
	bool rtl;               /* IT_TEXT: text in logical order, shaped right
	                           to left (font_shape), drawn from the left */
	int16_t font;           /* IT_TEXT: FONT_ID */
	uint16_t lang;          /* IT_TEXT: a passage in another language than its
	                           block's: 1 + its index in layout.langs; 0: none */
	int32_t dest;           /* IT_LINK: 0-based page index */
	float x, y, w, h;
	float size;
	float lw;               /* line width */
	float dest_y;
	float alpha;            /* IT_PATH opacity of the fill (of the stroke when
	                           not filled); 0 = opaque */
	uint32_t color;         /* text/fill/stroke colour 0xRRGGBB */
	uint32_t stroke;        /* IT_RECT/IT_PATH: stroke colour when lw > 0 */
	float track;            /* IT_TEXT: points added after each place its
	                           glyphs may be spread (font_track_after): a
	                           justified line without spaces; w includes it */
	const char *text;       /* IT_TEXT: NUL-terminated UTF-8 */
	union {
		const image *img;   /* IT_IMAGE */
		const char *uri;    /* IT_URI */
		const double *path; /* IT_PATH: ops and coordinates, see PATH_* */
		const char *actual; /* IT_TEXT: what text extraction gives for it
				       when not its text (a word broken by a
				       hyphen), or NULL */
	};
	uint32_t npath;         /* number of doubles in path */
	uint8_t tag;            /* TAG_*: its part in the structure */
	bool liga;              /* IT_TEXT: shaped with standard ligatures
	                           (font_ligatures; its style's ligatures) */
	uint16_t shape_lang;    /* IT_TEXT: the language it is shaped in
	                           (font_language): 1 + its index in
	                           layout.langs; 0: the document's */
	uint32_t node;          /* TAG_NOTE: the note's number; else its block's index + 1 */
	uint32_t sub;           /* the entry within the block (see TAG_*) */
} item;

typedef struct {
	item *items;
	size_t n, cap;
	const char *section;    /* running-header section title */
	bool cover;
	bool landscape;         /* width and height swapped */
	float fill;             /* body and notes over the frame's height (0..1) */
	bool forced;            /* closed by a forced break (new page, section,
	                           turned page, end of the dossier), not content */
	srcpos where;           /* the block of the page's first flow box (line 0: none) */
	bool underfull;         /* closed by its content under two-thirds full */
	bool blank;             /* left blank (a cover's back, a verso before a recto) */
} lpage;

typedef struct {
	const char *title;
	int level;
	int page;               /* 0-based */
	double y;               /* top of the heading, PDF coordinates */
	bool in_toc;
} lmark;

/* Where footnote n (notes[n - 1]) went: the page of the line holding its
 * first reference, and the pages of its first and last lines (0-based; -1
 * when not placed). */
typedef struct {
	int ref_page, first_page, last_page;
} lnote;

/* Where a quality count was met: the page (0-based), the part (the
 * section in force there, or NULL), the source of the block on it (a
 * paragraph's start; line 0 when unknown) and, for a page, its fill; for
 * a float, the pages it moved; for a referenced exhibit, the pages from
 * its first reference to it (negative: it comes before). */
enum { Q_WIDOW, Q_ORPHAN, Q_UNDERFULL, Q_NEAR_EMPTY, Q_SPLIT_SHORT, Q_EMERGENCY, Q_FLOAT_MOVED, Q_REF_DISTANCE, Q_KINDS };
typedef struct {
	int kind;               /* Q_* */
	int page;
	srcpos pos;
	double value;
	bool forced;            /* Q_NEAR_EMPTY: a forced break closed the page */
	const char *part;       /* the section of the page, or NULL */
} lspot;

typedef struct layout {
	arena *a;
	lpage *pages;
	size_t npages, pcap;
	lmark *marks;
	size_t nmarks;
	int passes;             /* passes of the fixed point (contents, cross-references) */
	int body_page;          /* the page numbered 1 (0-based): numbering: pages:
				 * roman-front numbers the pages before it i, ii…
				 * (the PDF's page labels); else 0 */
	lnote *notes;           /* one per doc->notes */
	size_t nnotes;
	/* Quality of the setting (`dossier check --quality`, tests, the bench;
	 * docs/layout.md#line-breaking defines each count). Lines are those of
	 * the text flow: paragraphs, list items, quotes and headings, not table
	 * cells, contents entries or the cover. */
	long lines, ragged_lines;   /* every flow line; those set ragged */
	long loose_lines;           /* adjustment ratio > 1 (last lines excluded) */
	long hyphens;               /* lines ending at a hyphenation point */
	long hyphen_runs;           /* lines ending in a hyphen after a line that did */
	long overfull_lines;        /* wider than the measure, anywhere; must be 0 */
	long widows, orphans;       /* last line alone atop a page / first alone at the foot */
	long emergency_breaks;      /* words cut between two characters */
	long emergency_paras;       /* paragraphs set by the emergency pass */
	long underfull_pages;       /* closed by their content under 2/3 full (keeps) */
	long near_empty_pages;      /* under 40% full (the cover aside) */
	long near_empty_forced;     /* of which before a forced break (section, turn, end) */
	long split_short_paras;     /* paragraphs of four lines or fewer across two pages */
	long floats_moved;          /* figures set on a later page than the text before them */
	long refs_away;             /* exhibits (figure, chart, table) not on the page of their
				       first cross-reference */
	long ref_distance_max;      /* the most pages between such a reference and its exhibit */
	lspot *spots;               /* where each of the counts above was met, page order */
	size_t nspots, spotcap;
	double ratio_sum;           /* sum of |ratio| (capped at 10) over ratio_lines */
	long ratio_lines;           /* lines that are not a paragraph's last */
	const char **langs;         /* the languages items name (item.lang,
				       item.shape_lang) */
	size_t nlangs, langcap;
} layout;

/* One line of a paragraph broken by layout_break_text. */
typedef struct {
	char last[48];          /* the line's last word (with its hyphen), truncated */
	double ratio;           /* adjustment ratio (see docs/layout.md); 0 for a last line */
	double natural, width;  /* natural width and measure, points */
	bool hyphen;            /* ends at a hyphenation point */
	bool emergency;         /* the paragraph needed the emergency pass */
} layout_line;

/* NULL when errors were reported (e.g. a character no font has). */
layout *layout_run(const doc *d, fontset *fs, diag *dg);
void layout_free(layout *l);  /* accepts NULL */
/* A stable text dump of every page and item (rounded to 0.01 pt). */
void layout_dump(const layout *l, const fontset *fs, FILE *out);
/* Break text (UTF-8, one paragraph) as layout would in style stid at a
 * measure of width points, with d's language and linebreak setting; fill
 * out with up to max lines and return the number of lines. For tests and
 * for looking at one paragraph's breaks. */
size_t layout_break_text(const doc *d, fontset *fs, const char *text, int stid, double width,
			 layout_line *out, size_t max);
/* Print the quality counts as a small table, or as one JSON object. */
void layout_quality_print(const layout *l, const char *name, const char *linebreak, bool json,
			  FILE *out);

#endif
