/* layout_imp.h — what the files of the layout stage share (not a public
 * interface: layout.h is). The working state of a pass (lctx), the flow's
 * slices (vbox), a paragraph being set (para) and the functions one file
 * of the stage calls in another.
 */
#ifndef DOSSIER_LAYOUT_IMP_H
#define DOSSIER_LAYOUT_IMP_H

#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "bounds.h"
#include "breaker.h"
#include "chart.h"
#include "hyph.h"
#include "labels.h"
#include "langmark.h"
#include "tablemeasure.h"

/* ---- working state of one pass ---- */
typedef struct {
	double h, gap;
	bool keep, new_page, cover;
	bool landscape;         /* belongs on a page turned sideways */
	int repeat;             /* vbox to repeat at the top of a continuation page */
	size_t it0, nit;        /* items in c->it; y downward from the box top */
	int mark;               /* heading: index into marks, else -1 */
	const char *section;    /* an H1 (or the contents) starts here */
	int flt;                /* a figure or chart (block index + 1): may float */
	uint32_t para;          /* a paragraph's line: 1 + the paragraph's serial, else 0 */
	uint32_t block;         /* the block it comes from: index + 1, 0: none */
	int page;               /* set by paginate: the page it went on */
	size_t fn0, nfn;        /* notes anchored here: c->fnl[fn0 .. fn0+nfn) */
	double shift;           /* the items are this much to the right (containers) */
	size_t dx0, ndx;        /* the containers' bars and markers: c->it[dx0 ..), not shifted */
	size_t njoin;           /* the first njoin bars reach up over the gap above */
} vbox;

typedef struct {
	const doc *d;
	fontset *fs;
	diag *dg;
	layout *L;
	double W, H;            /* frame */
	vbox *v;
	size_t nv, vcap;
	item *it;
	size_t nit, itcap;
	double pending_gap;     /* space-after of the previous block */
	bool force_break;
	const int *prev_pages;  /* mark pages of the previous pass, or NULL */
	int *block_mark;        /* block index → mark index */
	bool report;            /* report font problems (first pass only) */
	bool count;             /* count the quality of the setting (each round's first pass) */
	int figure_no;
	int prev_style;         /* style of the previous block */
	srcpos cur_pos;         /* block being laid out (for chart errors) */
	srcpos text_pos;        /* where line_add's text came from, for errors */
	const char *text_what;  /* and what it is ("a code block"); NULL: no report */
	bool text_cols;         /* text_pos is the text's first character (else the block's) */
	bool text_ltr;          /* line_add's text is left to right in any language (code) */
	uint32_t once[16];      /* characters reported by text repeated on every page */
	int nonce;              /* -1: report every time */
	int nmissing;           /* characters reported in no font so far */
	srcpos fit_warned;      /* the paragraph last said to be set first fit */
	size_t *ord;            /* vboxes in page order (paginate) */
	size_t nord;
	size_t toc_block, toc_v0, toc_v1; /* the contents' block and vboxes */
	bool has_toc;
	/* cross-references: the figure number of each image block, and the
	 * pages of the marks in the previous round (NULL in the first) */
	int *fig_of_block;
	const int *ref_pages;
	style tstyle[2];        /* the current table's body and header styles
				 * (shrunk when the table is wider than the frame) */
	double tpad;            /* the current table's room around a cell's
				 * text, left and right together */
	uint32_t nparas;        /* flow paragraphs set so far (vbox.para) */
	/* footnotes (see the design note above) */
	vbox *fv;               /* every note's lines, note after note */
	size_t nfv, fvcap;
	size_t *fn_line0;       /* note n's first line in fv: fn_line0[n - 1] */
	size_t *fn_nlines;
	int *fnl;               /* notes in order of anchoring */
	size_t nfnl, fnlcap;
	bool *fn_anchored;
	size_t *fq;             /* the queue: fv indices, in order of anchoring */
	double *fq_cum;         /* fq_cum[i]: height of fq[0 .. i) */
	size_t *fq_need;        /* note n: queue index past its required lines */
	size_t *fq_end;         /* note n: queue index past its last line */
	size_t *fq_note;        /* queue index → note index (0-based) */
	size_t nfq;
	vbox fn_rule;           /* the short rule above a page's notes */
	const char *blang;      /* the current block's language, NULL: the document's
				   (set_block_lang) */
	uint16_t blang_item;    /* lang(c) as item.shape_lang */
	const block *prev_block; /* the block laid out last */
	double place_gap;       /* the gap above the box being placed */
	uint8_t tag;            /* what add_item's items are in the structure (TAG_*) */
	uint32_t node, sub;     /* and of what (layout.h, item) */
	uint32_t nlinks;        /* links set so far (TAG_LINK's serial) */
	const span *link_span;  /* the span of the last link set */
	uint32_t *emerg;        /* serials (vbox.para) of paragraphs set by the emergency pass */
	size_t nemerg, emergcap;
} lctx;

/* A footnote reference: this much of the text's size, raised by this much. */
#define NOTE_SCALE 0.62
#define NOTE_RAISE 0.36

/* ================================================================
 * Paragraph setting: spans → words → lines → items.
 * ================================================================ */
typedef struct {
	int font;
	size_t off, len;        /* into the paragraph text */
	double w;
	const span *sp;
	uint8_t lev;            /* bidi embedding level (odd: right to left) */
} piece;

typedef struct {
	size_t p0, np;          /* pieces */
	double w;               /* width of the word */
	double space;           /* width of the space after it (0 = none) */
	bool forced;            /* a line must end after this word */
	bool glue;              /* no space after it, but a break between two
				 * ideographs: may stretch when justified */
	uint8_t slev;           /* bidi level of the space after it */
	float trim_start;       /* the blank half of a full-width opening
				 * bracket it starts with, taken out of the
				 * line when a line starts with it */
	float trim_end;         /* of a full-width closing mark or stop it
				 * ends with, taken out when a line ends with it */
} word;

/* Justified CJK: each break between ideographs may stretch by this much of
 * the font size (times the line breaker's tolerance, 2.5: 0.1 em at most). */
#define GLUE_STRETCH 0.04

typedef struct {
	buf text;               /* the paragraph with white space collapsed */
	const span **owner;     /* span of each byte */
	size_t ocap;
	piece *p;
	size_t np, pcap;
	word *w;
	size_t nw, wcap;
	char *brk;
	size_t brkcap;
	size_t *lines;          /* index of the first word of each line, + nw */
	size_t nl, lcap;
	size_t len0;            /* text length before the hyphens added at breaks */
	bool emergency;         /* set by the emergency pass */
	bool bidi;              /* holds right-to-left text: levels in lev */
	bool rtl;               /* base direction right to left */
	uint8_t *lev;           /* bidi level of each byte of text */
	size_t levcap;
} para;

/* Passes of the layout's fixed point (layout_run_bounded, layout.c): a
 * document with contents or cross-references settles in 2 or 3 (the
 * first knows no page numbers; the second prints them; a third when
 * printing them moved a break, as a contents growing to a second page
 * does). A further pass is needed only when a change of a number's width
 * moves a heading again, which can chain only a few times before the
 * numbers stop growing; a layout still changing after 10 passes is
 * oscillating between two settings and will not settle, so it is kept,
 * with a warning. */
#define LAYOUT_MAX_PASSES 10

/* layout_run with at most max_passes passes (tests use a small bound). */
layout *layout_run_bounded(const doc *d, fontset *fs, diag *dg, int max_passes);

/* The words the layout writes itself come from the document's labels
 * (labels.h), in its language: */
#define LAYOUT_LABEL(c, k) label_text((c)->d->labels, (k))

/* how set_para breaks lines */
enum { BRK_GREEDY, BRK_JUSTIFY, BRK_RAGGED };

/* the paragraph every block is set in (blocks.c), reused */
extern para scratch;

/* layout.c */
const style *tst(const lctx *c, bool head);
long find_label(const lctx *c, const char *id);
const char *lang(const lctx *c);
const char *span_lang(const lctx *c, const span *sp);
uint16_t item_lang(lctx *c, const span *sp);
uint16_t lang_item(lctx *c, const char *l);
void set_block_lang(lctx *c, const char *l);
bool lang_rtl(const char *l);
item *add_item(lctx *c, item_kind k);
void stamp(const lctx *c, item *t);
vbox *add_vbox(lctx *c, double h);
void end_vbox(lctx *c, vbox *b);
int style_font(const style *s, unsigned flags);
double baseline(const style *s);
void count_quality(lctx *c);
void lb_init(void);

/* paragraph.c */
void para_reset(para *p);
void para_free(para *p);
void para_text(para *p, const span *sp, size_t n);
void para_bidi(para *p, int dir);
void para_words(lctx *c, para *p, const style *st, srcpos pos);
void split_long_words(lctx *c, para *p, double width, double size);
bool para_break_kp(lctx *c, para *p, const style *st, double first_width, double width,
		   bool ragged, bool emergency);
void para_lines(lctx *c, para *p, const style *st, double first_width, double width, int how);

/* lines.c */
double line_natural(const para *p, size_t a, size_t b);
double line_trim_start(const para *p, size_t a, size_t b);
uint32_t cjk_probe(const char *l);
int lang_face(lctx *c, int f);
double line_ratio(const para *p, size_t l, const style *st, bool ragged, double lw);
bool line_hyphen(const para *p, size_t l, bool *added);
void para_quality(lctx *c, const para *p, const style *st, bool ragged, double width,
		  double first_indent);
void emit_line(lctx *c, const para *p, size_t l, const style *st, int align, double x0,
	       double y, double lw);
size_t set_para(lctx *c, para *p, const span *sp, size_t nsp, const style *st,
		double width, double first_indent, int how, srcpos pos);

/* blocks.c */
void para_vboxes(lctx *c, const block *b, const style *st, double indent, double first_indent,
		 int align, bool keep_all, int mark, const char *section, bool new_page);
void do_heading(lctx *c, size_t bi, const block *b);
void do_para(lctx *c, const block *b);
void do_code(lctx *c, const block *b);
void image_items(lctx *c, const image *im, double x, double top, double w, double h, bool flip,
		 void (*put)(lctx *, void *, const item *), void *where);
void put_page(lctx *c, void *where, const item *t);
void do_image(lctx *c, const block *b);
void small_line(lctx *c, const char *text, int stid, bool keep, srcpos pos); /* a one-span paragraph (blocks.c) */
void do_chart(lctx *c, const block *b);
void do_rule(lctx *c);
double cont_step(const lctx *c, const block *b);
void cont_decorate(lctx *c, const block *b, size_t nv0, double step);
void do_cover(lctx *c, const block *b);

/* table.c */
size_t cell_text(lctx *c, const char *text, const style *st, unsigned flags, int align,
		 double x0, double y0, double width, uint32_t color, srcpos pos);
void do_table(lctx *c, const block *b);

/* contents.c */
const char *ref_text(lctx *c, const char *id);
int body_page(const lctx *c, const int *pages);
int body_page_now(const lctx *c);
void roman_numeral(char *out, size_t n, long v);
void page_label(const lctx *c, int page, int body, char *out, size_t n);
int new_mark(lctx *c, const char *title, int level, bool in_toc);
void do_toc(lctx *c, size_t bi, const block *b);
void resolve_links(lctx *c);

/* paginate.c */
void set_notes(lctx *c);
void queue_notes(lctx *c);
lpage *new_page(lctx *c);
double frame_x(const lctx *c, size_t page);
void place(lctx *c, lpage *pg, const vbox *v, double top);
void paginate(lctx *c);

/* running.c */
void decorate(lctx *c);

/* textline.c */
double line_width(lctx *c, int f, const char *s, size_t n, double size, bool liga);
const char *gen_text(lctx *c, int f, const char *s);
void line_add(lctx *c, lpage *pg, item t);
const char *fit(lctx *c, const char *s, int f, double size, bool liga, double width);

#endif
