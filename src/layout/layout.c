/* layout.c — line breaking and pagination.
 *
 * Design. Every block becomes a run of "vboxes": slices of the flow that go
 * on a page as a whole (a line of a paragraph, a table row, an image with
 * its caption). A vbox carries its height, the space before it (dropped at
 * the top of a page), whether it must stay on the same page as the next one
 * (keep), and its items with coordinates relative to its own top-left corner.
 * Pagination then only has to walk the vboxes: it never re-measures text.
 *
 * Keeps express the typographic rules: a heading keeps with the first lines
 * of what follows; the first two and last two lines of a paragraph keep
 * together (no orphans or widows); a table caption keeps with the header
 * row, the header with the first body row. A chain of keeps taller than a
 * page is not honoured, so pagination always makes progress.
 *
 * Footnotes are set once, as lines of their own (c->fv), outside the flow.
 * A body line that holds a note's first reference anchors that note. The
 * notes' lines form one queue, in order of anchoring, which pagination
 * drains at the foot of each page: a page's body plus the queue lines it
 * holds (and the separating rule) never exceed the frame. Adding a body
 * line requires the queue up to the first two lines of each note it
 * anchors (all of a note of up to three lines) to fit on the same page;
 * when they do not, the body line goes to the next page instead. At a page break as much
 * of the queue as fits is set; the rest continues at the foot of the next
 * page (TeX's split insertions), before that page's own notes, and is
 * required there up to half the frame. A note is not split so that one of
 * its lines is alone on a page.
 *
 * The table of contents needs the pages of headings that come after it, so
 * the whole layout runs again with the page numbers of the previous pass
 * until they stop changing (MuPDF's stabilised story does the same).
 */
#include "layout.h"

#include <linebreak.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bidi.h"
#include "chart.h"
#include "hyph.h"
#include "bounds.h"
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
	const char *blang;      /* the current block's language, NULL: the document's */
	const block *prev_block; /* the block laid out last */
	double place_gap;       /* the gap above the box being placed */
} lctx;

/* Text drawn outside paragraphs, with font fallback (defined below). */
static double line_width(lctx *c, int f, const char *s, size_t n, double size);
static void line_add(lctx *c, lpage *pg, item t);
static const char *gen_text(lctx *c, int f, const char *s);

/* A footnote reference: this much of the text's size, raised by this much. */
#define NOTE_SCALE 0.62
#define NOTE_RAISE 0.36

static const style *tst(const lctx *c, bool head)
{
	return &c->tstyle[head ? 1 : 0];
}

/* The block an id names, or -1. */
static long find_label(const lctx *c, const char *id)
{
	for (size_t i = 0; i < c->d->nblocks; i++)
		if (c->d->blocks[i].label && !strcmp(c->d->blocks[i].label, id))
			return (long)i;
	return -1;
}

static const char *lang(const lctx *c)
{
	return c->blang ? c->blang : doc_lang(c->d);
}

/* Languages written right to left: their paragraphs are right to left even
 * when they start with a number or a Latin name. */
static bool lang_rtl(const char *l)
{
	return l && (lang_is(l, "ar") || lang_is(l, "fa") || lang_is(l, "he") || lang_is(l, "ur"));
}

static item *add_item(lctx *c, item_kind k)
{
	GROW(c->it, c->itcap, c->nit + 1);
	item *t = &c->it[c->nit++];
	memset(t, 0, sizeof *t);
	t->kind = k;
	t->dest = -1;
	return t;
}

static vbox *add_vbox(lctx *c, double h)
{
	GROW(c->v, c->vcap, c->nv + 1);
	vbox *b = &c->v[c->nv++];
	memset(b, 0, sizeof *b);
	b->h = h;
	b->repeat = -1;
	b->mark = -1;
	b->it0 = c->nit;
	b->gap = c->pending_gap;
	c->pending_gap = 0;
	if (c->force_break) {
		b->new_page = true;
		c->force_break = false;
	}
	return b;
}

/* Close a vbox: its items are those added since it was opened. */
static void end_vbox(lctx *c, vbox *b)
{
	b->nit = c->nit - b->it0;
}

static int style_font(const style *s, unsigned flags)
{
	int fam = (flags & SPAN_CODE) ? FAM_MONO : s->family;
	int face = s->face;
	if (flags & SPAN_BOLD)
		face |= FACE_BOLD;
	if (flags & SPAN_ITALIC)
		face ^= FACE_ITALIC;
	return FONT_ID(fam, face);
}

static double baseline(const style *s)
{
	return (s->leading - s->size) / 2 + s->size * 0.8;
}

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

static void para_reset(para *p)
{
	p->text.len = 0;
	p->np = p->nw = p->nl = 0;
	p->emergency = false;
}

static void para_free(para *p)
{
	buf_free(&p->text);
	free(p->owner);
	free(p->p);
	free(p->w);
	free(p->brk);
	free(p->lines);
	free(p->lev);
}

/* Concatenate spans, collapsing runs of white space (but not '\n') to one
 * space, so that the measured text is exactly the drawn text. */
static void para_text(para *p, const span *sp, size_t n)
{
	bool space = true; /* drop leading white space */
	for (size_t i = 0; i < n; i++) {
		const span *s = &sp[i];
		for (size_t j = 0; j < s->len; j++) {
			char ch = s->text[j];
			if (ch == '\t' || ch == '\r')
				ch = ' ';
			if (ch == ' ' && space)
				continue;
			if (ch == '\n' && p->text.len && p->text.s[p->text.len - 1] == ' ')
				p->text.len--; /* no space before a hard break */
			space = ch == ' ' || ch == '\n';
			buf_putc(&p->text, ch);
			GROW(p->owner, p->ocap, p->text.len);
			p->owner[p->text.len - 1] = s;
		}
	}
	while (p->text.len && (p->text.s[p->text.len - 1] == ' ' || p->text.s[p->text.len - 1] == '\n'))
		p->text.len--;
	buf_put(&p->text, "", 0);
}

/* Right-to-left text (bidi.h): resolve the levels, shape the Arabic to
 * presentation forms and rewrite the paragraph text with the shaped code
 * points, so that everything after this measures what will be drawn. A
 * paragraph without right-to-left characters is left as it is. */
static void para_bidi(para *p, int dir)
{
	p->bidi = p->rtl = false;
	if (!p->text.len || (dir != BIDI_RTL && !bidi_has_rtl(p->text.s, p->text.len)))
		return;
	size_t n = p->text.len, k = 0;
	uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
	size_t *at = xmalloc((n + 1) * sizeof *at), *map = xmalloc((n + 1) * sizeof *map);
	uint8_t *lv = xmalloc(n + 1);
	for (size_t i = 0; i < n;) {
		int l = utf8_decode(p->text.s + i, n - i, &cp[k]);
		if (!l)
			l = 1, cp[k] = 0xFFFD;
		at[k++] = i;
		i += (size_t)l;
	}
	size_t m = bidi_shape(cp, lv, map, k, dir, &p->rtl);
	buf t = {0};
	const span **own = NULL;
	size_t ocap = 0;
	for (size_t i = 0; i < m; i++) {
		size_t before = t.len;
		bidi_put_cp(&t, cp[i]);
		GROW(own, ocap, t.len);
		GROW(p->lev, p->levcap, t.len);
		for (size_t b = before; b < t.len; b++) {
			own[b] = p->owner[at[map[i]]];
			p->lev[b] = lv[i];
		}
	}
	buf_put(&t, "", 0);
	buf_free(&p->text);
	free(p->owner);
	p->text = t;
	p->owner = own;
	p->ocap = ocap;
	p->bidi = true;
	free(cp);
	free(at);
	free(map);
	free(lv);
}

static void add_piece(para *p, int font, size_t off, size_t len, double w, const span *sp, uint8_t lev)
{
	GROW(p->p, p->pcap, p->np + 1);
	p->p[p->np++] = (piece){font, off, len, w, sp, lev};
}

/* Ideographs, kana and the CJK punctuation and full-width forms: scripts
 * written without spaces, where a line may break between any two. */
static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

static uint32_t first_cp(const para *p, const word *w)
{
	uint32_t cp = 0;
	if (w->np && !utf8_decode(p->text.s + p->p[w->p0].off, p->p[w->p0].len, &cp))
		cp = 0;
	return cp;
}

static uint32_t last_cp(const para *p, const word *w)
{
	if (!w->np)
		return 0;
	const piece *pc = &p->p[w->p0 + w->np - 1];
	size_t i = pc->len;
	while (i > 0 && ((unsigned char)p->text.s[pc->off + i - 1] & 0xC0) == 0x80)
		i--;
	uint32_t cp = 0;
	if (i == 0 || !utf8_decode(p->text.s + pc->off + i - 1, pc->len - i + 1, &cp))
		cp = 0;
	return cp;
}

/* Split the paragraph into words at UAX #14 break opportunities and each
 * word into pieces of one font (a fallback font takes the characters the
 * style's font lacks). */
static void para_words(lctx *c, para *p, const style *st, srcpos pos)
{
	size_t n = p->text.len;
	const char *s = p->text.s;
	GROW(p->brk, p->brkcap, n + 1);
	if (n)
		set_linebreaks_utf8((const utf8_t *)s, n, lang(c), p->brk);
	/* a footnote reference stays with the text before it */
	for (size_t i = 1; i < n; i++)
		if ((p->owner[i]->flags & SPAN_NOTE) && !(p->owner[i - 1]->flags & SPAN_NOTE) && s[i - 1] != ' ' &&
		    s[i - 1] != '\n')
			p->brk[i - 1] = LINEBREAK_NOBREAK;
	size_t i = 0;
	while (i < n) {
		GROW(p->w, p->wcap, p->nw + 1);
		word *w = &p->w[p->nw];
		memset(w, 0, sizeof *w);
		w->p0 = p->np;
		int cur_font = -2;
		uint8_t cur_lev = 0;
		const span *cur_span = NULL;
		size_t pstart = i;
		double pw = 0;
		uint32_t prev_cp = 0;
		/* the word runs to the next break opportunity */
		for (;;) {
			uint32_t cp = (unsigned char)s[i];
			int l = 1;
			if (cp >= 0x80 && !(l = utf8_decode(s + i, n - i, &cp))) {
				l = 1;
				cp = 0xFFFD;
			}
			size_t last = i + (size_t)l - 1;
			bool is_space = cp == ' ', is_nl = cp == '\n';
			/* a space after which no line may end (before ")", ".",
			 * "!", "/" …, after "(") is part of the word, as written:
			 * only a breakable space becomes the word's space */
			if (is_space && i + 1 < n && p->brk[last] == LINEBREAK_NOBREAK)
				is_space = false;
			if (is_space || is_nl) {
				if (cur_font >= 0 && i > pstart)
					add_piece(p, cur_font, pstart, i - pstart, pw, cur_span, cur_lev);
				cur_font = -2;
				if (is_space) {
					int f = p->np > w->p0 ? p->p[p->np - 1].font
							      : style_font(st, p->owner[i]->flags);
					if (!font_has(c->fs, f, ' ')) /* a CJK font may have none */
						f = style_font(st, p->owner[i]->flags);
					w->space = font_advance(c->fs, f, ' ') * st->size / 1000.0;
					w->slev = p->bidi ? p->lev[i] : 0;
				}
				if (is_nl)
					w->forced = true;
				i += (size_t)l;
				if (p->brk[last] != LINEBREAK_NOBREAK || i >= n)
					break;
				pstart = i;
				pw = 0;
				prev_cp = 0;
				continue;
			}
			const span *sp = p->owner[i];
			int want = style_font(st, sp->flags);
			int f = font_pick(c->fs, want, cp);
			if (f < 0) {
				if (c->report) {
					c->nmissing++;
					diag_error(c->dg, pos,
						   "character U+%04X '%.*s' is in no font (%s or the fallback fonts); add a fallback font that has it",
						   cp, l, s + i, font_family_name(c->fs, want));
				}
				f = want;
			}
			uint8_t lv = p->bidi ? p->lev[i] : 0;
			if (f != cur_font || sp != cur_span || lv != cur_lev) {
				if (cur_font >= 0 && i > pstart)
					add_piece(p, cur_font, pstart, i - pstart, pw, cur_span, cur_lev);
				cur_font = f;
				cur_lev = lv;
				cur_span = sp;
				pstart = i;
				pw = 0;
				prev_cp = 0;
			}
			/* kerned with the character before it in the same piece,
			 * as the render stage draws the piece; a note reference
			 * is set small */
			pw += (font_advance(c->fs, f, cp) + font_kern(c->fs, f, prev_cp, cp)) * st->size / 1000.0 *
			      (sp->flags & SPAN_NOTE ? NOTE_SCALE : 1);
			prev_cp = cp;
			i += (size_t)l;
			if (i >= n || p->brk[last] != LINEBREAK_NOBREAK) {
				/* a break opportunity follows; absorb following spaces */
				if (i < n && (s[i] == ' ' || s[i] == '\n'))
					continue;
				break;
			}
		}
		if (cur_font >= 0 && i > pstart)
			add_piece(p, cur_font, pstart, i - pstart, pw, cur_span, cur_lev);
		w->np = p->np - w->p0;
		for (size_t k = w->p0; k < p->np; k++)
			w->w += p->p[k].w;
		if (w->np || w->forced)
			p->nw++;
	}
	/* breaks without a space next to an ideograph may stretch */
	for (size_t k = 0; k + 1 < p->nw; k++) {
		word *w = &p->w[k];
		w->glue = !w->forced && w->space == 0 && w->np && p->w[k + 1].np &&
			  (is_cjk(last_cp(p, w)) || is_cjk(first_cp(p, &p->w[k + 1])));
	}
}

/* A word wider than the measure is cut between characters (last resort). */
static void split_long_words(lctx *c, para *p, double width, double size)
{
	/* The rest of a word cut is measured only as far as it is walked
	 * (w < 0: not yet), so that a word many lines long costs its length,
	 * not its length times its lines. */
	for (size_t k = 0; k < p->nw; k++) {
		word *w = &p->w[k];
		if ((w->w >= 0 && w->w <= width) || w->np == 0)
			continue;
		/* find the cut: the most characters that fit */
		double acc = 0, cut_w = 0;
		size_t cut_piece = w->p0, cut_off = 0;
		bool found = false;
		for (size_t q = w->p0; q < w->p0 + w->np && !found; q++) {
			piece *pc = &p->p[q];
			size_t i = 0;
			double sum = 0; /* as font_width adds up the piece, kerned */
			uint32_t prev = 0;
			while (i < pc->len) {
				uint32_t cp;
				int l = utf8_decode(p->text.s + pc->off + i, pc->len - i, &cp);
				if (!l)
					l = 1, cp = 0xFFFD;
				double next = sum + (font_advance(c->fs, pc->font, cp) +
						     font_kern(c->fs, pc->font, prev, cp) * font_scale(c->fs, pc->font));
				/* the piece up to and with this character */
				double pw = next * size / 1000.0;
				if (acc + pw > width && (q > w->p0 || i > 0)) {
					cut_piece = q;
					cut_off = i;
					cut_w = sum * size / 1000.0;
					found = true;
					break;
				}
				sum = next;
				prev = cp;
				i += (size_t)l;
			}
			if (!found && pc->w < 0)
				pc->w = sum * size / 1000.0;
			acc += pc->w;
		}
		if (!found) {
			if (w->w < 0) {
				w->w = 0;
				for (size_t q = w->p0; q < w->p0 + w->np; q++)
					w->w += p->p[q].w;
			}
			continue;
		}
		c->L->emergency_breaks++;
		/* split piece cut_piece at cut_off (0 = before the piece) */
		size_t first_np = cut_piece - w->p0;
		if (cut_off > 0) {
			piece *pc = &p->p[cut_piece];
			GROW(p->p, p->pcap, p->np + 1);
			memmove(&p->p[cut_piece + 1], &p->p[cut_piece], (p->np - cut_piece) * sizeof(piece));
			p->np++;
			pc = &p->p[cut_piece];
			piece *rest = &p->p[cut_piece + 1];
			rest->off = pc->off + cut_off;
			rest->len = pc->len - cut_off;
			pc->len = cut_off;
			pc->w = cut_w;
			rest->w = -1; /* measured when walked */
			first_np++;
			for (size_t j = k + 1; j < p->nw; j++)
				p->w[j].p0++;
		}
		/* insert a new word after k holding the rest */
		GROW(p->w, p->wcap, p->nw + 1);
		memmove(&p->w[k + 1], &p->w[k], (p->nw - k) * sizeof(word));
		p->nw++;
		w = &p->w[k];
		word *r = &p->w[k + 1];
		r->p0 = w->p0 + first_np;
		r->np = w->np + (cut_off > 0 ? 1 : 0) - first_np;
		w->np = first_np;
		w->space = 0;
		w->forced = false;
		w->glue = false;
		w->w = 0;
		for (size_t q = w->p0; q < w->p0 + w->np; q++)
			w->w += p->p[q].w;
		r->w = 0;
		for (size_t q = r->p0; q < r->p0 + r->np; q++)
			r->w = r->w < 0 || p->p[q].w < 0 ? -1 : r->w + p->p[q].w;
	}
}

static bool is_punct(char ch)
{
	return ch && strchr("\"'([{.,;:!?)]}", ch) != NULL;
}

/* Break word j with a hyphen so that its first part (and the hyphen) fits
 * in room; the rest becomes word j+1. Only one-font words of letters are
 * hyphenated, never a name marked as such or the paragraph's last word. */
/* Where word j may take a hyphen: byte offsets into its (single) piece,
 * ascending. Only one-font words of letters that stand between spaces are
 * hyphenated, never a name marked as such or the paragraph's last word. */
static int hyph_cuts(lctx *c, const para *p, size_t j, size_t *cuts, int max)
{
	const word *w = &p->w[j];
	if (w->np != 1 || j + 1 >= p->nw)
		return 0;
	/* a word glued to the one before or after it without a space is part
	 * of a URL, a path or a hyphenated compound: never hyphenated */
	if ((j > 0 && p->w[j - 1].space == 0 && !p->w[j - 1].forced) || (w->space == 0 && !w->forced))
		return 0;
	const piece *pc = &p->p[w->p0];
	if (pc->sp && (pc->sp->nobreak_hyphen || (pc->sp->flags & (SPAN_CODE | SPAN_NOTE))))
		return 0;
	const char *t = p->text.s + pc->off;
	size_t lead = 0, len = pc->len;
	while (lead < len && is_punct(t[lead]))
		lead++;
	/* the run of letters that starts the word: a citation or closing
	 * punctuation glued to it ("development\u00a0[2],") stays with the tail */
	size_t end = lead;
	while (end < len) {
		unsigned char ch = (unsigned char)t[end];
		if (ch < 0x80 ? !((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
			      : (ch == 0xC2 && end + 1 < len && (unsigned char)t[end + 1] == 0xA0))
			break;
		end++;
	}
	int n = hyph_points(lang(c), t + lead, end - lead, cuts, max);
	for (int k = 0; k < n; k++)
		cuts[k] += lead;
	return n;
}

/* Split word j at byte cut of its piece into [prefix-] and [rest]; the
 * hyphen is drawn from a "-" appended to the paragraph text. */
static void split_word_at(lctx *c, para *p, size_t j, const style *st, size_t cut)
{
	word *w = &p->w[j];
	double hw = font_width(c->fs, p->p[w->p0].font, "-", 1, st->size);
	size_t hoff = p->text.len;
	buf_put(&p->text, "-", 1);
	GROW(p->p, p->pcap, p->np + 2);
	size_t at = w->p0;
	memmove(&p->p[at + 3], &p->p[at + 1], (p->np - at - 1) * sizeof(piece));
	p->np += 2;
	piece orig = p->p[at];
	double wa = font_width(c->fs, orig.font, p->text.s + orig.off, cut, st->size);
	p->p[at] = (piece){orig.font, orig.off, cut, wa, orig.sp, orig.lev};
	p->p[at + 1] = (piece){orig.font, hoff, 1, hw, orig.sp, orig.lev};
	double wr = font_width(c->fs, orig.font, p->text.s + orig.off + cut, orig.len - cut, st->size);
	p->p[at + 2] = (piece){orig.font, orig.off + cut, orig.len - cut, wr, orig.sp, orig.lev};
	GROW(p->w, p->wcap, p->nw + 1);
	memmove(&p->w[j + 1], &p->w[j], (p->nw - j) * sizeof(word));
	p->nw++;
	for (size_t k = j + 2; k < p->nw; k++)
		p->w[k].p0 += 2;
	word *a = &p->w[j], *b = &p->w[j + 1];
	a->np = 2;
	a->w = wa + hw;
	a->space = 0;
	a->forced = false;
	a->glue = false;
	b->p0 = at + 2;
	b->np = 1;
	b->w = wr;
}

typedef struct {
	size_t word, cut;
} wsplit;

/* split_word_at for many words at once (ascending, each word once), in one
 * pass over the pieces and words: splitting them one by one moves the rest
 * of the paragraph each time. */
static void split_words(lctx *c, para *p, const style *st, const wsplit *sp, size_t ns)
{
	if (!ns)
		return;
	for (size_t s = 1; s < ns; s++)
		if (sp[s].word <= sp[s - 1].word) { /* two breaks in one word: one by one */
			for (size_t t = ns; t-- > 0;)
				split_word_at(c, p, sp[t].word, st, sp[t].cut);
			return;
		}
	size_t np = p->np + 2 * ns, nw = p->nw + ns;
	piece *P = xmalloc(np * sizeof *P);
	word *W = xmalloc(nw * sizeof *W);
	size_t pi = 0, s = 0;
	for (size_t i = 0; i < p->np; i++) {
		if (s < ns && p->w[sp[s].word].p0 == i) {
			piece orig = p->p[i];
			size_t cut = sp[s].cut;
			double hw = font_width(c->fs, orig.font, "-", 1, st->size);
			size_t hoff = p->text.len;
			buf_put(&p->text, "-", 1);
			double wa = font_width(c->fs, orig.font, p->text.s + orig.off, cut, st->size);
			double wr = font_width(c->fs, orig.font, p->text.s + orig.off + cut, orig.len - cut, st->size);
			P[pi++] = (piece){orig.font, orig.off, cut, wa, orig.sp, orig.lev};
			P[pi++] = (piece){orig.font, hoff, 1, hw, orig.sp, orig.lev};
			P[pi++] = (piece){orig.font, orig.off + cut, orig.len - cut, wr, orig.sp, orig.lev};
			s++;
		} else {
			P[pi++] = p->p[i];
		}
	}
	size_t wi = 0;
	s = 0;
	for (size_t k = 0; k < p->nw; k++) {
		word w = p->w[k];
		while (s < ns && p->w[sp[s].word].p0 < w.p0)
			s++;
		/* s splits lie in the pieces before this word */
		size_t p0 = w.p0 + 2 * s;
		if (s < ns && sp[s].word == k) {
			const piece *a = &P[p0];
			W[wi++] = (word){.p0 = p0, .np = 2, .w = a[0].w + a[1].w, .space = 0, .slev = w.slev};
			w.p0 = p0 + 2;
			w.np = 1;
			w.w = a[2].w;
			W[wi++] = w;
		} else {
			w.p0 = p0;
			W[wi++] = w;
		}
	}
	free(p->p);
	free(p->w);
	p->p = P;
	p->np = p->pcap = np;
	p->w = W;
	p->nw = p->wcap = nw;
}

/* The hyphenation point of word j whose first part and hyphen fit in room
 * (the last such), in *cut; false when there is none. */
static bool hyphen_cut(lctx *c, para *p, size_t j, const style *st, double room, size_t *cut)
{
	size_t cuts[HYPH_MAX_POINTS];
	int n = room > 0 ? hyph_cuts(c, p, j, cuts, HYPH_MAX_POINTS) : 0;
	if (n == 0)
		return false;
	const piece *pc = &p->p[p->w[j].p0];
	double hw = font_width(c->fs, pc->font, "-", 1, st->size);
	int best = -1;
	for (int k = 0; k < n; k++)
		if (font_width(c->fs, pc->font, p->text.s + pc->off, cuts[k], st->size) + hw <= room)
			best = k;
	if (best < 0)
		return false;
	*cut = cuts[best];
	return true;
}

/* ---- total-fit line breaking (Knuth and Plass) ----
 *
 * Every place a line may end is a breakpoint: after a word (its space is
 * then dropped) or inside a word at a hyphenation point (a hyphen is then
 * added). For each breakpoint we keep the cheapest way to reach it: the sum
 * of the demerits of the lines before it. A line's demerits grow with the
 * cube of its adjustment ratio r, plus penalties for hyphens, two lines in
 * a row ending in a hyphen and a very loose line next to a tight one. The
 * best path to the end of the paragraph gives the breaks.
 *
 * Justified text: spaces stretch by half and shrink by a third of their
 * width, and r is the spare width over the stretch of the line's spaces
 * (over their shrink when negative). Ragged text is TeX's \raggedright:
 * spaces keep their width and every line ends with glue that stretches by
 * RAGGED_STRETCH em, so r is the spare width over 3 em. Total fit then
 * evens the right edge instead of filling each line to the brim, and a
 * hyphen costs more there (it must buy a much better line). A paragraph's
 * last line, and a line ending at a hard break, is set at its natural
 * width (r = 0): it only has to fit.
 *
 * The first pass accepts lines with r <= KP_TOLERANCE. When no set of
 * breaks does (a long unbreakable word after a short line, a narrow
 * measure), the emergency pass accepts any r >= -1. Its badness is no
 * longer capped at 10000, so the loosest lines are still avoided where
 * they can be. A justified line with spare room but no space to stretch
 * has r = +inf: when it is a piece of a URL or path (glued to the text
 * before or after it without a space; it is set flush left) its badness
 * is NOSTRETCH_BAD, that of r = 2.15, since nothing better can be done
 * with it; a single word that could have shared its line gets the highest
 * badness instead. (TeX's \emergencystretch, stretch added to every line,
 * was tried instead: it made most lines of such paragraphs loose.)
 * Neither pass makes a line wider than its measure: r < -1 is never
 * accepted, and split_long_words has already cut any word wider than the
 * measure. Breaks inside a URL are the UAX #14 opportunities (after '/',
 * before '?' …), penalised like explicit hyphens. */
#define RAGGED_STRETCH 3.0      /* em of line-end stretch in ragged text */
#define KP_TOLERANCE 2.5        /* largest ratio of the first pass */
#define NOSTRETCH_BAD 1000      /* emergency pass: a URL piece alone on a short line */
#define PEN_HYPHEN 50           /* a break at a hyphenation point, justified */
#define PEN_HYPHEN_RAGGED 100   /* the same, ragged */
#define PEN_EXPLICIT 50         /* a break after a hyphen or slash of the text */
#define DEM_FLAGGED 10000       /* two lines in a row ending inside a word (TeX's) */
#define DEM_FINAL_HYPHEN 5000   /* the last line but one ends inside a word (TeX's) */
#define DEM_FITNESS 3000        /* adjacent lines of very different tightness */

/* how set_para breaks lines */
enum { BRK_GREEDY, BRK_JUSTIFY, BRK_RAGGED };

typedef struct {
	size_t word, cut;       /* after word (cut 0), or inside it at byte cut */
	double w, y, z;         /* width, stretch, shrink before the break */
	double wa, ya, za;      /* the same where the next line starts */
	double hyw;             /* hyphen width added at this break */
	double pen;
	bool flagged, forced;
	/* best path */
	double total;
	int prev, line, fit;
	bool active;
} kbreak;

static int fitness(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

static bool para_break_kp(lctx *c, para *p, const style *st, double first_width, double width,
			  bool ragged, bool emergency)
{
	size_t cap = p->nw * 4 + 4, nb = 0;
	kbreak *b = xcalloc(cap, sizeof *b);
	double W = 0, Y = 0, Z = 0;
	const double rag = RAGGED_STRETCH * st->size;
	const double hpen = ragged ? PEN_HYPHEN_RAGGED : PEN_HYPHEN;
	b[nb++] = (kbreak){.prev = -1, .active = true};
	size_t cuts[HYPH_MAX_POINTS];
	for (size_t k = 0; k < p->nw; k++) {
		const word *w = &p->w[k];
		int n = st->hyphenate ? hyph_cuts(c, p, k, cuts, HYPH_MAX_POINTS) : 0;
		if (nb + (size_t)n + 2 > cap) {
			cap = (nb + (size_t)n + 2) * 2;
			b = xrealloc(b, cap * sizeof *b);
		}
		const piece *pc = n ? &p->p[w->p0] : NULL;
		for (int h = 0; h < n; h++) {
			double pw = font_width(c->fs, pc->font, p->text.s + pc->off, cuts[h], st->size);
			b[nb++] = (kbreak){.word = k, .cut = cuts[h], .w = W + pw, .y = Y, .z = Z, .wa = W + pw,
					   .ya = Y, .za = Z, .hyw = font_width(c->fs, pc->font, "-", 1, st->size),
					   .pen = hpen, .flagged = true};
		}
		W += w->w;
		bool last = k + 1 == p->nw;
		double stretch = ragged ? 0 : w->glue ? st->size * GLUE_STRETCH : w->space / 2;
		double shrink = ragged ? 0 : w->space / 3;
		bool hard = w->space == 0 && !w->glue && !last; /* like a hyphen */
		b[nb++] = (kbreak){.word = k, .w = W, .y = Y, .z = Z, .wa = W + w->space, .ya = Y + stretch,
				   .za = Z + shrink, .forced = w->forced || last,
				   .flagged = hard, .pen = hard ? PEN_EXPLICIT : 0};
		W += w->space;
		Y += stretch;
		Z += shrink;
	}
	const double tolerance = emergency ? INFINITY : KP_TOLERANCE;
	const double maxbad = emergency ? 1e8 : 10000;
	/* the active breakpoints, in order: those a line may still start
	 * from (a line from the others is too long already), so the work is
	 * the breakpoints times the few that fit on one line */
	size_t *act = xmalloc(nb * sizeof *act), nact = 1;
	act[0] = 0;
	for (size_t i = 1; i < nb; i++) {
		kbreak *e = &b[i];
		e->total = INFINITY;
		e->prev = -1;
		size_t keep = 0;
		for (size_t ai = 0; ai < nact; ai++) {
			size_t a = act[ai];
			kbreak *s0 = &b[a];
			if (!s0->active || s0->total == INFINITY)
				continue;
			act[keep++] = a;
			double L = s0->line == 0 ? first_width : width;
			double nat = e->w - s0->wa + e->hyw;
			double r;
			if (nat > L) {
				double sh = e->z - s0->za;
				r = sh > 0 ? (L - nat) / sh : -INFINITY;
				if (r < -1) { /* too long: and longer from here on */
					s0->active = false;
					keep--;
					continue;
				}
			} else if (e->forced) {
				r = 0; /* a last line is set at its natural width */
			} else {
				double str = ragged ? rag : e->y - s0->ya;
				r = str > 0 ? (L - nat) / str : L - nat > 0.01 ? INFINITY : 0;
			}
			if (r > tolerance)
				continue;
			double bad = 100 * fabs(r) * fabs(r) * fabs(r);
			if (r == INFINITY && ((e->flagged && !e->cut) || (s0->flagged && !s0->cut)))
				bad = NOSTRETCH_BAD; /* a piece of a URL (glued to its neighbours) */
			else if (bad > maxbad)
				bad = maxbad;
			double dem = (10 + bad) * (10 + bad) + e->pen * e->pen;
			if (e->flagged && s0->flagged)
				dem += DEM_FLAGGED;
			if (i + 1 == nb && s0->flagged)
				dem += DEM_FINAL_HYPHEN;
			int fit = fitness(r);
			if (a > 0 && abs(fit - s0->fit) > 1)
				dem += DEM_FITNESS;
			if (s0->total + dem < e->total) {
				e->total = s0->total + dem;
				e->prev = (int)a;
				e->line = s0->line + 1;
				e->fit = fit;
			}
		}
		nact = keep;
		e->active = e->prev >= 0;
		if (e->forced && e->prev >= 0) { /* nothing may span a forced break */
			for (size_t ai = 0; ai < nact; ai++)
				b[act[ai]].active = false;
			nact = 0;
		}
		if (e->forced && e->prev < 0) {
			free(act);
			free(b);
			return false;
		}
		if (e->active)
			act[nact++] = i;
	}
	free(act);
	if (b[nb - 1].prev < 0) {
		free(b);
		return false;
	}
	/* the chosen breaks, first to last */
	size_t nbr = 0;
	for (int i = (int)nb - 1; i > 0; i = b[i].prev)
		nbr++;
	size_t *ord = xmalloc(nbr * sizeof *ord);
	size_t q = nbr;
	for (int i = (int)nb - 1; i > 0; i = b[i].prev)
		ord[--q] = (size_t)i;
	/* split the hyphenated words */
	wsplit *sp = xmalloc((nbr + 1) * sizeof *sp);
	size_t ns = 0;
	for (size_t i = 0; i < nbr; i++)
		if (b[ord[i]].cut)
			sp[ns++] = (wsplit){b[ord[i]].word, b[ord[i]].cut};
	split_words(c, p, st, sp, ns);
	free(sp);
	p->nl = 0;
	size_t shift = 0, start = 0;
	for (size_t i = 0; i < nbr; i++) {
		const kbreak *e = &b[ord[i]];
		GROW(p->lines, p->lcap, p->nl + 2);
		p->lines[p->nl++] = start;
		start = e->word + shift + 1;
		if (e->cut)
			shift++;
	}
	GROW(p->lines, p->lcap, p->nl + 1);
	p->lines[p->nl] = p->nw;
	free(ord);
	free(b);
	return true;
}

/* Greedy line filling (first fit): the most words that fit on each line,
 * hyphenating the word that does not fit when the style allows it. This is
 * how ReportLab and WeasyPrint break lines; `linebreak: greedy` selects it
 * for comparison, and total fit falls back on it should both passes fail. */
static void para_break(lctx *c, para *p, const style *st, double first_width, double width)
{
	/* the words are split at the end (split_words): meanwhile a line may
	 * start with the rest of a word hyphenated at the end of the line
	 * before, of width carry */
	wsplit *sp = NULL;
	size_t ns = 0, scap = 0;
	p->nl = 0;
	size_t k = 0;
	double carry = -1;
	while (k < p->nw) {
		GROW(p->lines, p->lcap, p->nl + 2);
		p->lines[p->nl++] = k + ns; /* where word k will be once split */
		double lw = p->nl == 1 ? first_width : width;
		double x = carry >= 0 ? carry : p->w[k].w;
		carry = -1;
		size_t j = k + 1;
		if (!p->w[k].forced) {
			while (j < p->nw) {
				double nx = x + p->w[j - 1].space + p->w[j].w;
				if (nx > lw + 0.001) {
					double room = lw - x - p->w[j - 1].space;
					size_t cut;
					if (st->hyphenate && p->w[j - 1].space > 0 && hyphen_cut(c, p, j, st, room, &cut)) {
						GROW(sp, scap, ns + 1);
						sp[ns++] = (wsplit){j, cut};
						const piece *pc = &p->p[p->w[j].p0];
						carry = font_width(c->fs, pc->font, p->text.s + pc->off + cut, pc->len - cut,
								   st->size);
					}
					break;
				}
				x = nx;
				if (p->w[j].forced) {
					j++;
					break;
				}
				j++;
			}
		}
		k = j;
	}
	split_words(c, p, st, sp, ns);
	free(sp);
	GROW(p->lines, p->lcap, p->nl + 1);
	p->lines[p->nl] = p->nw;
}

/* Break p with method how (BRK_*): total fit, its emergency pass, and
 * greedy filling last; greedy only when the document asks for it. */
static void para_lines(lctx *c, para *p, const style *st, double first_width, double width, int how)
{
	if (how != BRK_GREEDY && c->d->linebreak != DOC_BREAK_GREEDY && p->nw >= 2) {
		bool ragged = how == BRK_RAGGED;
		if (para_break_kp(c, p, st, first_width, width, ragged, false))
			return;
		p->emergency = true;
		if (para_break_kp(c, p, st, first_width, width, ragged, true))
			return;
	}
	para_break(c, p, st, first_width, width);
}

static double line_natural(const para *p, size_t a, size_t b)
{
	double x = 0;
	for (size_t k = a; k < b; k++)
		x += p->w[k].w + (k + 1 < b ? p->w[k].space : 0);
	return x;
}

/* The adjustment ratio of line l as set, in para_break_kp's model: the
 * spare width over the stretch (over the shrink when negative); 0 for a
 * last line, or one ending at a hard break, that fits; +inf for a line
 * with spare width and nothing to stretch (one word, justified). */
static double line_ratio(const para *p, size_t l, const style *st, bool ragged, double lw)
{
	size_t a = p->lines[l], b = p->lines[l + 1];
	double nat = line_natural(p, a, b);
	bool last = l + 1 == p->nl || p->w[b - 1].forced;
	if (last && nat <= lw)
		return 0;
	double str = 0, shr = 0;
	for (size_t k = a; k + 1 < b; k++) {
		str += p->w[k].space / 2;
		shr += p->w[k].space / 3;
	}
	if (ragged) {
		str = RAGGED_STRETCH * st->size;
		shr = 0;
	}
	if (nat > lw)
		return shr > 0 ? (lw - nat) / shr : -INFINITY;
	return str > 0 ? (lw - nat) / str : lw - nat > 0.01 ? INFINITY : 0;
}

/* Does line l end at a hyphen: one added at a hyphenation point (*added),
 * or a hyphen of the text the line breaks after? */
static bool line_hyphen(const para *p, size_t l, bool *added)
{
	size_t b = p->lines[l + 1];
	const word *w = &p->w[b - 1];
	*added = false;
	if (l + 1 == p->nl || w->forced || w->space > 0 || w->np == 0)
		return false;
	const piece *pc = &p->p[w->p0 + w->np - 1];
	const char *t = p->text.s + pc->off;
	*added = pc->off >= p->len0;
	return (pc->len >= 1 && t[pc->len - 1] == '-') ||
	       (pc->len >= 3 && !memcmp(t + pc->len - 3, "â", 3)); /* U+2010 */
}

/* Add a flow paragraph's lines to the quality counts (layout.h). */
static void para_quality(lctx *c, const para *p, const style *st, bool ragged, double width,
			 double first_indent)
{
	layout *L = c->L;
	bool prev_hy = false;
	if (p->emergency)
		L->emergency_paras++;
	for (size_t l = 0; l < p->nl; l++) {
		size_t a = p->lines[l], b = p->lines[l + 1];
		if (a >= b)
			continue;
		double lw = width - (l == 0 ? first_indent : 0);
		bool last = l + 1 == p->nl || p->w[b - 1].forced;
		L->lines++;
		if (ragged)
			L->ragged_lines++;
		if (!last) {
			double r = line_ratio(p, l, st, ragged, lw);
			if (r > 1)
				L->loose_lines++;
			L->ratio_sum += fabs(r) < 10 ? fabs(r) : 10;
			L->ratio_lines++;
		}
		bool added, hy = line_hyphen(p, l, &added);
		if (added)
			L->hyphens++;
		if (hy && prev_hy)
			L->hyphen_runs++;
		prev_hy = hy;
	}
}

static const char *piece_text(lctx *c, const para *p, size_t off, size_t len)
{
	return arena_strndup(c->L->a, p->text.s + off, len);
}

static uint32_t span_color(const style *st, const span *sp)
{
	return sp && sp->link ? 0x1F4E9Au : st->color;
}

/* One text item for piece pc at (x, y), with its link area. */
static item *piece_item(lctx *c, const piece *pc, const style *st, double x, double y)
{
	item *t = add_item(c, IT_TEXT);
	t->x = x;
	t->y = y;
	t->w = pc->w;
	t->font = pc->font;
	t->size = st->size * font_scale(c->fs, pc->font);
	t->color = span_color(st, pc->sp);
	t->text = NULL;
	if (pc->sp && (pc->sp->flags & SPAN_NOTE)) { /* a footnote reference */
		t->y = y - st->size * NOTE_RAISE;
		t->size *= NOTE_SCALE;
	}
	const char *link = pc->sp ? pc->sp->link : NULL;
	long target = link && link[0] == '#' ? find_label(c, link + 1) : -1;
	if (target >= 0 && c->block_mark[target] >= 0) {
		/* a cross-reference: a link to its target's mark */
		item *u = add_item(c, IT_LINK);
		t = &c->it[c->nit - 2]; /* add_item may move the array */
		u->x = x;
		u->y = y + st->size * 0.25;
		u->w = pc->w;
		u->h = st->size * 1.05;
		u->dest = c->block_mark[target];
	} else if (link && link[0] != '#') {
		item *u = add_item(c, IT_URI);
		t = &c->it[c->nit - 2];
		u->x = x;
		u->y = y + st->size * 0.25;
		u->w = pc->w;
		u->h = st->size * 1.05;
		u->uri = link;
	}
	return t;
}

/* A right-to-left piece, drawn from the left: its letters reversed, each
 * keeping its combining marks, brackets mirrored. No mark positioning (GPOS)
 * reaches the PDF and a mark glyph has no advance, so each mark (Arabic
 * harakat) becomes an item of its own, centred over its letter, right after
 * the item that ends with that letter (text extractors then attach it to
 * the letter). */
static void emit_rtl_piece(lctx *c, const para *p, const piece *pc, const style *st, double x,
			   double y)
{
	const char *s = p->text.s + pc->off;
	uint32_t *cp = xmalloc((pc->len + 1) * sizeof *cp);
	size_t n = 0;
	for (size_t i = 0; i < pc->len;) {
		int l = utf8_decode(s + i, pc->len - i, &cp[n]);
		if (!l)
			l = 1, cp[n] = 0xFFFD;
		i += (size_t)l;
		n++;
	}
	buf t = {0};
	double w = 0, seg = 0;  /* advance so far; where the current item starts */
	bool first = true;
	for (size_t end = n; end > 0;) {
		size_t start = end - 1;
		while (start > 0 && bidi_is_mark(cp[start]))
			start--;
		uint32_t base = bidi_mirror(cp[start]);
		bidi_put_cp(&t, base);
		double adv = font_advance(c->fs, pc->font, base) * st->size / 1000.0;
		w += adv;
		if (start + 1 < end || start == 0) {
			item *it = first ? piece_item(c, pc, st, x + seg, y) : add_item(c, IT_TEXT);
			it->x = x + seg;
			it->y = y;
			it->w = w - seg;
			it->font = pc->font;
			it->size = st->size * font_scale(c->fs, pc->font);
			it->color = span_color(st, pc->sp);
			it->text = arena_strndup(c->L->a, t.s, t.len);
			first = false;
			t.len = 0;
			seg = w;
		}
		for (size_t k = start + 1; k < end; k++) {
			item *m = add_item(c, IT_TEXT);
			buf ub = {0};
			bidi_put_cp(&ub, cp[k]);
			m->x = x + w - adv / 2 - font_ink_center(c->fs, pc->font, cp[k]) * st->size / 1000.0;
			m->y = y;
			m->w = 0;
			m->font = pc->font;
			m->size = st->size * font_scale(c->fs, pc->font);
			m->color = span_color(st, pc->sp);
			m->text = arena_strndup(c->L->a, ub.s, ub.len);
			buf_free(&ub);
		}
		end = start;
	}
	buf_free(&t);
	free(cp);
}

/* A line holding right-to-left text: its pieces and the spaces between
 * them are put in display order (UAX #9 L2) and placed from the left; the
 * text of a right-to-left piece is written reversed (bidi_run). gapx[k] is
 * the width of the gap after word k (its space plus any justification). */
static void emit_bidi(lctx *c, const para *p, size_t a, size_t b, const style *st, double x,
		      double y, const double *gapx)
{
	typedef struct {
		size_t q;       /* piece, or SIZE_MAX for a gap */
		double w;
	} seg;
	size_t n = 0, cap = 0;
	seg *sg = NULL;
	uint8_t *lv = NULL;
	size_t lcap = 0;
	for (size_t k = a; k < b; k++) {
		const word *w = &p->w[k];
		for (size_t q = w->p0; q < w->p0 + w->np; q++) {
			GROW(sg, cap, n + 1);
			GROW(lv, lcap, n + 1);
			sg[n] = (seg){q, p->p[q].w};
			lv[n++] = p->p[q].lev;
		}
		if (k + 1 < b && gapx[k - a] != 0) {
			GROW(sg, cap, n + 1);
			GROW(lv, lcap, n + 1);
			sg[n] = (seg){SIZE_MAX, gapx[k - a]};
			/* a space takes its own level; a CJK gap that of its word */
			lv[n] = w->space > 0 ? w->slev : n ? lv[n - 1] : 0;
			n++;
		}
	}
	size_t *ord = xmalloc((n + 1) * sizeof *ord);
	bidi_order(lv, n, ord);
	for (size_t j = 0; j < n; j++) {
		const seg *s = &sg[ord[j]];
		if (s->q != SIZE_MAX) {
			const piece *pc = &p->p[s->q];
			if (pc->lev & 1) {
				emit_rtl_piece(c, p, pc, st, x, y);
			} else {
				item *it = piece_item(c, pc, st, x, y);
				it->text = arena_strndup(c->L->a, p->text.s + pc->off, pc->len);
			}
		}
		x += s->w;
	}
	free(ord);
	free(sg);
	free(lv);
}

/* Emit the items of line l at (x0, y) — y is the baseline, in the vbox's
 * downward coordinates — for a measure of width lw. */
static void emit_line(lctx *c, const para *p, size_t l, const style *st, int align, double x0,
		      double y, double lw)
{
	size_t a = p->lines[l], b = p->lines[l + 1];
	if (a >= b)
		return;
	double nat = line_natural(p, a, b);
	bool last = l + 1 == p->nl || p->w[b - 1].forced;
	double extra = 0, x = x0;
	double unit = 0;        /* CJK lines: justification per unit of stretch */
	size_t gaps = 0, glues = 0; /* only gaps that hold a space stretch */
	for (size_t k = a; k + 1 < b; k++) {
		if (p->w[k].space > 0)
			gaps++;
		else if (p->w[k].glue)
			glues++;
	}
	if (align == ALIGN_JUSTIFY && !last && glues > 0 && lw > nat) {
		/* ideographs: the slack is shared by every gap in proportion to
		 * the stretch the line breaker gave it */
		double str = 0;
		for (size_t k = a; k + 1 < b; k++)
			str += p->w[k].space > 0 ? p->w[k].space / 2 : p->w[k].glue ? st->size * GLUE_STRETCH : 0;
		unit = (lw - nat) / str;
	} else if (align == ALIGN_JUSTIFY && (!last || nat > lw + 0.005) && gaps > 0) {
		/* a last line keeps its natural width, unless the line breaker
		 * counted on its spaces shrinking (it lets every line shrink) */
		extra = (lw - nat) / (double)gaps;
		/* spaces may shrink by a third (the line breaker counts on it) */
		double min_space = INFINITY;
		for (size_t k = a; k + 1 < b; k++)
			if (p->w[k].space > 0 && p->w[k].space < min_space)
				min_space = p->w[k].space;
		if (extra < -min_space / 3)
			extra = -min_space / 3;
	} else if (align == ALIGN_RIGHT || (align == ALIGN_JUSTIFY && p->rtl)) {
		/* a right-to-left paragraph's last line goes to the right */
		x += lw - nat;
	} else if (align == ALIGN_CENTER) {
		x += (lw - nat) / 2;
	}
	if (nat + (extra < 0 ? extra * (double)gaps : 0) > lw + 0.01)
		c->L->overfull_lines++;
	if (p->bidi) {
		double *gapx = xmalloc((b - a) * sizeof *gapx);
		for (size_t k = a; k < b; k++) {
			const word *w = &p->w[k];
			gapx[k - a] = k + 1 == b ? 0
				    : w->space > 0 ? w->space + (unit > 0 ? unit * w->space / 2 : extra)
				    : w->glue ? unit * st->size * GLUE_STRETCH : 0;
		}
		emit_bidi(c, p, a, b, st, x, y, gapx);
		free(gapx);
		return;
	}
	bool merge = extra == 0 && unit == 0;
	item *open = NULL;      /* the text run being extended (ragged lines) */
	size_t open_off = 0, open_end = 0;
	for (size_t k = a; k < b; k++) {
		const word *w = &p->w[k];
		for (size_t q = w->p0; q < w->p0 + w->np; q++) {
			const piece *pc = &p->p[q];
			uint32_t col = span_color(st, pc->sp);
			if (pc->sp && (pc->sp->flags & SPAN_NOTE)) {
				/* a footnote reference: smaller, raised (piece_item), a
				 * run of its own */
				if (open && !open->text)
					open->text = piece_text(c, p, open_off, open_end - open_off);
				open = NULL;
				item *t = piece_item(c, pc, st, x, y);
				t->text = piece_text(c, p, pc->off, pc->len);
				x += pc->w;
				continue;
			}
			const piece *prev = k > a && p->w[k - 1].np ? &p->p[p->w[k - 1].p0 + p->w[k - 1].np - 1] : NULL;
			/* the previous word ends one space (or, between ideographs,
			 * nothing) before this piece */
			size_t gap = p->w[k - (k > a)].space > 0 ? 1 : 0;
			if (merge && open && open->font == pc->font && open->color == col && q == w->p0 &&
			    prev && pc->sp && prev->sp->link == pc->sp->link &&
			    (gap || p->w[k - 1].glue) && prev->off + prev->len + gap == pc->off) {
				/* extend the open run over the space and this piece */
				open->text = NULL;
				open->w += p->w[k - 1].space + pc->w;
				open_end = pc->off + pc->len;
			} else {
				if (open && !open->text)
					open->text = piece_text(c, p, open_off, open_end - open_off);
				open = piece_item(c, pc, st, x, y);
				open_off = pc->off;
				open_end = pc->off + pc->len;
			}
			x += pc->w;
		}
		x += w->space + (w->space > 0 ? extra : w->glue ? unit * st->size * GLUE_STRETCH : 0) +
		     (w->space > 0 && unit > 0 ? unit * w->space / 2 : 0);
		if (open && !merge) {
			if (!open->text)
				open->text = piece_text(c, p, open_off, open_end - open_off);
			open = NULL;
		}
	}
	if (open && !open->text)
		open->text = piece_text(c, p, open_off, open_end - open_off);
}

/* The text of "[](#id)": "Figure 3 on page 12", "the table “Key figures” on
 * page 4", "“Kyoto Declaration” on page 9". The page is the previous
 * round's ("?" in the first); layout_run repeats until they settle. */
static const char *ref_text(lctx *c, const char *id)
{
	long bi = find_label(c, id);
	if (bi < 0)
		return id; /* reported by the loader */
	const block *b = &c->d->blocks[bi];
	int m = c->block_mark[bi];
	char page[16] = "?";
	if (c->ref_pages && m >= 0 && c->ref_pages[m] >= 0)
		snprintf(page, sizeof page, "%d", c->ref_pages[m] + 1);
	arena *a = c->L->a;
	/* the quotation marks and no-break spaces are written here: drawn
	 * from a font that has them, or stand-ins */
	int f = FONT_ID(FAM_BODY, FACE_REGULAR);
	const char *lq = gen_text(c, f, "\xe2\x80\x9c"), *rq = gen_text(c, f, "\xe2\x80\x9d");
	const char *nb = gen_text(c, f, "\xc2\xa0");
	switch (b->kind) {
	case BLK_IMAGE:
		return arena_printf(a, "Figure%s%d on page%s%s", nb, c->fig_of_block[bi], nb, page);
	case BLK_TABLE:
		return b->table && b->table->caption
			       ? arena_printf(a, "the table %s%s%s on page%s%s", lq, b->table->caption, rq, nb, page)
			       : arena_printf(a, "the table on page%s%s", nb, page);
	case BLK_CHART:
		return b->chart && b->chart->title
			       ? arena_printf(a, "the chart %s%s%s on page%s%s", lq, b->chart->title, rq, nb, page)
			       : arena_printf(a, "the chart on page%s%s", nb, page);
	default:
		return arena_printf(a, "%s%s%s on page%s%s", lq, b->plain ? b->plain : id, rq, nb, page);
	}
}

/* Set spans as a paragraph, breaking lines as how says (BRK_*); returns
 * the number of lines in p. */
static size_t set_para(lctx *c, para *p, const span *sp, size_t nsp, const style *st,
		       double width, double first_indent, int how, srcpos pos)
{
	for (size_t i = 0; i < nsp; i++)
		if (sp[i].autoref) { /* the spans with their references written out */
			span *r = arena_array(c->L->a, nsp, sizeof *r);
			memcpy(r, sp, nsp * sizeof *r);
			for (size_t k = i; k < nsp; k++)
				if (r[k].autoref && r[k].link) {
					r[k].text = ref_text(c, r[k].link + 1);
					r[k].len = strlen(r[k].text);
				}
			sp = r;
			break;
		}
	para_reset(p);
	para_text(p, sp, nsp);
	para_bidi(p, lang_rtl(lang(c)) ? BIDI_RTL : BIDI_AUTO);
	p->len0 = p->text.len;
	para_words(c, p, st, pos);
	split_long_words(c, p, width - (first_indent > 0 ? first_indent : 0), st->size);
	if (p->nw > LIMIT_TOTAL_FIT_WORDS && how != BRK_GREEDY && c->d->linebreak != DOC_BREAK_GREEDY) {
		if (c->report && (c->fit_warned.file != pos.file || c->fit_warned.line != pos.line ||
				  c->fit_warned.col != pos.col)) {
			diag_warning(c->dg, pos,
				     "a paragraph of %zu words is broken line by line (first fit), not as a whole: "
				     "total fit is used up to %d words",
				     p->nw, LIMIT_TOTAL_FIT_WORDS);
			c->fit_warned = pos;
		}
		how = BRK_GREEDY;
	}
	para_lines(c, p, st, width - first_indent, width, how);
	return p->nl;
}

/* ================================================================
 * Blocks → vboxes
 * ================================================================ */
static para P; /* scratch paragraph reused by every block (single-threaded) */

static int new_mark(lctx *c, const char *title, int level, bool in_toc)
{
	layout *L = c->L;
	L->marks = xrealloc(L->marks, (L->nmarks + 1) * sizeof(lmark));
	L->marks[L->nmarks] = (lmark){title, level, -1, 0, in_toc};
	return (int)L->nmarks++;
}

/* The notes whose first reference is on line l of p anchor to vbox v. */
static void anchor_notes(lctx *c, vbox *v, const para *p, size_t l)
{
	v->fn0 = c->nfnl;
	for (size_t k = p->lines[l]; k < p->lines[l + 1]; k++)
		for (size_t q = p->w[k].p0; q < p->w[k].p0 + p->w[k].np; q++) {
			const span *sp = p->p[q].sp;
			if (!sp || !(sp->flags & SPAN_NOTE) || sp->note < 1 || (size_t)sp->note > c->d->nnotes ||
			    c->fn_anchored[sp->note - 1])
				continue;
			c->fn_anchored[sp->note - 1] = true;
			GROW(c->fnl, c->fnlcap, c->nfnl + 1);
			c->fnl[c->nfnl++] = sp->note;
			v->nfn++;
		}
}

/* Lines of a paragraph as vboxes, with orphan/widow keeps. */
static void para_vboxes(lctx *c, const block *b, const style *st, double indent, double first_indent,
			int align, bool keep_all, int mark, const char *section, bool new_page)
{
	double width = c->W - indent;
	bool ragged = align != ALIGN_JUSTIFY;
	size_t nl = set_para(c, &P, b->spans, b->nspans, st, width, first_indent,
			     ragged ? BRK_RAGGED : BRK_JUSTIFY, b->pos);
	if (nl == 0)
		return;
	/* in a right-to-left paragraph, left and right mean the start and the
	 * end of the line, and the first-line indent is on the right */
	if (P.rtl && align == ALIGN_LEFT)
		align = ALIGN_RIGHT;
	else if (P.rtl && align == ALIGN_RIGHT)
		align = ALIGN_LEFT;
	if (c->count) /* the first pass: later ones only redo the contents */
		para_quality(c, &P, st, ragged, width, first_indent);
	uint32_t serial = ++c->nparas;
	double gap = st->space_before;
	for (size_t l = 0; l < nl; l++) {
		/* a line with text of a fallback family drawn larger (scale:
		 * Arabic next to Latin) is as much taller, its baseline lower */
		double ms = 1;
		for (size_t k = P.lines[l]; k < P.lines[l + 1]; k++)
			for (size_t q = P.w[k].p0; q < P.w[k].p0 + P.w[k].np; q++)
				if (font_scale(c->fs, P.p[q].font) > ms)
					ms = font_scale(c->fs, P.p[q].font);
		double extra = st->leading * (ms - 1);
		vbox *v = add_vbox(c, st->leading + extra);
		v->para = serial;
		if (l == 0) {
			v->gap += gap;
			v->mark = mark;
			v->section = section;
			if (new_page)
				v->new_page = true;
		}
		/* keep: first two lines together, last two together */
		v->keep = keep_all || (l == 0 && nl > 1) || (nl >= 3 && l == nl - 2) ||
			  (l + 1 == nl && (b->keep_with_next || st->keep_with_next));
		if (nl <= 3 && l + 1 < nl)
			v->keep = true;
		double fi = l == 0 ? first_indent : 0;
		emit_line(c, &P, l, st, align, indent + (P.rtl ? 0 : fi), baseline(st) + extra, width - fi);
		if (c->d->nnotes)
			anchor_notes(c, v, &P, l);
		if (l == 0 && b->marker) {
			/* a bullet the font lacks: from a fallback, or a stand-in */
			int f = style_font(st, 0);
			const char *mk = gen_text(c, f, b->marker);
			double mw = line_width(c, f, mk, strlen(mk), st->size);
			item t = {.kind = IT_TEXT, .x = (float)(P.rtl ? indent + width + 5 : indent - 5 - mw),
				  .y = (float)(baseline(st) + extra), .font = (int16_t)f, .size = (float)st->size,
				  .color = b->style == ST_LIST && b->marker[0] != '[' ? 0x1F3A5Fu : st->color,
				  .text = mk};
			c->text_pos = b->pos;
			c->text_what = "a list marker";
			line_add(c, NULL, t);
			c->text_what = NULL;
		}
		if (b->style == ST_QUOTE && !b->ncont) { /* containers: see cont_decorate() */
			item *r = add_item(c, IT_RECT);
			r->x = indent - 10;
			r->y = st->leading + extra; /* the bar spans the line */
			r->w = 2;
			r->h = st->leading + extra;
			r->color = 0xB8C4D6;
		}
		end_vbox(c, v);
	}
	c->pending_gap = st->space_after;
}

static void do_heading(lctx *c, size_t bi, const block *b)
{
	const style *st = &c->d->styles[b->style];
	int mark = c->block_mark[bi];
	const char *section = b->level == 1 ? b->plain : NULL;
	bool np = b->new_page || st->page_break_before;
	para_vboxes(c, b, st, st->left_indent, 0, st->align == ALIGN_JUSTIFY ? ALIGN_LEFT : st->align, true,
		    mark, section, np);
	if (b->level == 1 && c->nv) {
		/* a rule under a top-level heading */
		vbox *v = &c->v[c->nv - 1];
		item *r = add_item(c, IT_RECT);
		r->x = 0;
		r->y = v->h + 3;
		r->w = c->W;
		r->h = 0.8;
		r->color = 0xC9A227;
		v->nit = c->nit - v->it0;
		c->pending_gap += 4;
	}
}

static void do_para(lctx *c, const block *b)
{
	const style *st = &c->d->styles[b->style];
	if (c->prev_style == ST_LIST && b->style != ST_LIST)
		c->pending_gap += 4; /* a list ends: set it off from what follows */
	double indent = st->left_indent + b->indent;
	bool marked = b->marker != NULL; /* no first-line indent beside a marker */
	for (size_t i = 0; i < b->ncont; i++)
		marked = marked || b->cont[i].marker;
	double fi = marked ? 0 : st->first_indent;
	if (!b->nspans && b->ncont) {
		/* an empty list item: a line for its marker */
		vbox *v = add_vbox(c, st->leading);
		v->gap += st->space_before;
		end_vbox(c, v);
		c->pending_gap = st->space_after;
		return;
	}
	para_vboxes(c, b, st, indent, fi, st->align, false, -1, NULL, false);
}

static void do_code(lctx *c, const block *b)
{
	const style *st = &c->d->styles[ST_CODE];
	int f = FONT_ID(FAM_MONO, FACE_REGULAR);
	const char *s = b->nspans ? b->spans[0].text : "";
	double gap = st->space_before + c->pending_gap;
	c->pending_gap = 0;
	bool first = true;
	int line = 0;
	while (*s || first) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		vbox *v = add_vbox(c, st->leading);
		if (first)
			v->gap = gap;
		v->keep = true;
		item *r = add_item(c, IT_RECT);
		r->x = 0;
		r->y = st->leading;
		r->w = c->W;
		r->h = st->leading;
		r->color = 0xF2F4F7;
		/* each character from the mono face or a fallback that has it */
		item t = {.kind = IT_TEXT, .x = 6, .y = (float)baseline(st), .font = (int16_t)f,
			  .size = (float)st->size, .color = st->color, .text = arena_strndup(c->L->a, s, n)};
		c->text_pos = (srcpos){b->pos.file, b->pos.line + line, b->pos.col};
		c->text_what = "a code block";
		c->text_cols = true;
		line_add(c, NULL, t);
		c->text_what = NULL;
		c->text_cols = false;
		end_vbox(c, v);
		line++;
		first = false;
		s += n;
		if (*s == '\n')
			s++;
		else
			break;
	}
	if (c->nv)
		c->v[c->nv - 1].keep = false;
	c->pending_gap = st->space_after;
}

/* Text of one line-set paragraph in a box: used by table cells. Returns
 * the number of lines; items are added with y downward from y0. */
static size_t cell_text(lctx *c, const char *text, const style *st, unsigned flags, int align,
			double x0, double y0, double width, uint32_t color, srcpos pos)
{
	span sp = {text, strlen(text), flags, NULL, false, false, 0};
	/* greedy when ragged: balance_widths counts a cell's lines greedily */
	size_t nl = set_para(c, &P, &sp, 1, st, width, 0, align == ALIGN_JUSTIFY ? BRK_JUSTIFY : BRK_GREEDY, pos);
	for (size_t l = 0; l < nl; l++) {
		size_t first = c->nit;
		emit_line(c, &P, l, st, align == ALIGN_JUSTIFY ? ALIGN_LEFT : align, x0,
			  y0 + l * st->leading + baseline(st), width);
		for (size_t i = first; i < c->nit; i++)
			if (c->it[i].kind == IT_TEXT)
				c->it[i].color = color;
	}
	return nl;
}

/* ---- column balancing: minimise the height of wrapped rows ---- */
typedef struct {
	float *w;               /* word widths of one cell */
	int n;
	float space;
} cellwords;

/* Lines a cell needs at width avail (greedy, as the paragraph setter). */
static int cell_lines(const cellwords *cw, double avail)
{
	if (cw->n == 0)
		return 1;
	int lines = 1;
	double x = 0;
	for (int k = 0; k < cw->n; k++) {
		double nx = x == 0 ? cw->w[k] : x + cw->space + cw->w[k];
		if (nx > avail && x > 0) {
			lines++;
			x = cw->w[k];
		} else {
			x = nx;
		}
	}
	return lines;
}

static double rows_height(const cellwords *cells, size_t nrows, size_t ncols, const double *w, double pad)
{
	double h = 0;
	for (size_t r = 0; r < nrows; r++) {
		int mx = 1;
		for (size_t i = 0; i < ncols; i++) {
			int l = cell_lines(&cells[r * ncols + i], w[i] - pad);
			if (l > mx)
				mx = l;
		}
		h += mx;
	}
	return h;
}

/* Move width from one column to another in small steps while that lowers
 * the total number of lines of the first rows; never below a column's
 * minimum (its longest word). */
static void balance_widths(lctx *c, const table *t, double *w, const double *mn, double pad, size_t nrows)
{
	const style *st = tst(c, false);
	size_t nc = t->ncols, n = (nrows + 1) * nc;
	cellwords *cells = xcalloc(n, sizeof *cells);
	for (size_t r = 0; r <= nrows; r++) {
		for (size_t i = 0; i < nc; i++) {
			const char *text = r == 0 ? (t->cols[i].label ? t->cols[i].label : "") : t->cells[(r - 1) * nc + i];
			const style *ss = r == 0 ? tst(c, true) : st;
			int f = style_font(ss, (r == 0 || (t->keyvalue && i == 0)) ? SPAN_BOLD : 0);
			cellwords *cw = &cells[r * nc + i];
			cw->space = (float)font_width(c->fs, f, " ", 1, ss->size);
			size_t len = strlen(text);
			cw->w = xmalloc((len / 2 + 2) * sizeof(float));
			for (const char *s = text; *s;) {
				while (*s == ' ')
					s++;
				size_t k = strcspn(s, " ");
				if (k)
					cw->w[cw->n++] = (float)font_width(c->fs, f, s, k, ss->size);
				s += k;
			}
		}
	}
	const double step = 3;
	double best = rows_height(cells, nrows + 1, nc, w, pad);
	for (int iter = 0; iter < 200; iter++) {
		double gain_best = 0;
		size_t from = 0, to = 0;
		for (size_t a = 0; a < nc; a++) {
			if (w[a] - step < mn[a])
				continue;
			for (size_t b = 0; b < nc; b++) {
				if (a == b)
					continue;
				w[a] -= step;
				w[b] += step;
				double h = rows_height(cells, nrows + 1, nc, w, pad);
				w[a] += step;
				w[b] -= step;
				if (best - h > gain_best) {
					gain_best = best - h;
					from = a;
					to = b;
				}
			}
		}
		if (gain_best <= 0)
			break;
		w[from] -= step;
		w[to] += step;
		best -= gain_best;
	}
	for (size_t i = 0; i < n; i++)
		free(cells[i].w);
	free(cells);
}

/* Width of a text set as a table cell of kind TM_* (as cell_text sets
 * it): its widest line and its widest word, from one break opportunity to
 * the next, measured by the paragraph setter itself. */
static void measure_cell(void *ctx, const char *s, size_t n, int kind, double *whole, double *unit)
{
	lctx *c = ctx;
	const style *st = tst(c, kind == TM_HEAD);
	span sp = {s, n, kind == TM_BOLD ? SPAN_BOLD : 0, NULL, false, false, 0};
	bool report = c->report; /* a character in no font is reported where the cell is set */
	c->report = false;
	para_reset(&P);
	para_text(&P, &sp, 1);
	para_bidi(&P, lang_rtl(lang(c)) ? BIDI_RTL : BIDI_AUTO);
	para_words(c, &P, st, (srcpos){0});
	c->report = report;
	double line = 0;
	*whole = *unit = 0;
	for (size_t k = 0; k < P.nw; k++) {
		const word *w = &P.w[k];
		if (w->w > *unit)
			*unit = w->w;
		line += w->w;
		if (line > *whole)
			*whole = line;
		line = w->forced ? 0 : line + w->space;
	}
}

static void measure_table(lctx *c, const table *t, tm_column *m, tm_result *r)
{
	tm_setup s = {measure_cell, c, c->fs,
		      {style_font(tst(c, false), 0), style_font(tst(c, false), SPAN_BOLD), style_font(tst(c, true), 0)}};
	table_measure(t, &s, m, r);
}

/* Room around a cell's text, left and right together (the most). */
#define TABLE_PAD 12

/* Room for a word measured one way and set another (sums in another
 * order): never the reason a word does not fit. */
#define CELL_SLACK 1e-6

/* With a width for every column: the text width shared by weight, but no
 * column below its minimum; those that would be get it, the others share
 * what is left. */
static void weighted_widths(double W, const table *t, const double *mn, double *w)
{
	bool *fixed = xcalloc(t->ncols, sizeof(bool));
	for (bool changed = true; changed;) {
		changed = false;
		double rest = W, wsum = 0;
		for (size_t i = 0; i < t->ncols; i++) {
			if (fixed[i])
				rest -= mn[i];
			else
				wsum += t->cols[i].weight;
		}
		for (size_t i = 0; i < t->ncols; i++) {
			if (fixed[i])
				continue;
			w[i] = wsum > 0 ? rest * t->cols[i].weight / wsum : 0;
			if (w[i] < mn[i]) {
				fixed[i] = changed = true;
				w[i] = mn[i];
			}
		}
	}
	free(fixed);
}

/* Column widths from what the columns need (m: measured at the table's
 * styles, here set f times that size): weights when all are given, else
 * from content (the automatic table algorithm: minimum = longest word,
 * natural = longest cell, the rest shared in proportion). Returns the
 * width the table needs at the least. */
static double table_widths(lctx *c, const table *t, double *w, const tm_column *m, const tm_result *mr, double f)
{
	bool all_weights = true;
	double wsum = 0, tnat = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].weight <= 0)
			all_weights = false;
		wsum += t->cols[i].weight;
		tnat += (m[i].want > m[i].need ? m[i].want : m[i].need) * f + CELL_SLACK;
	}
	/* When every cell would fit on one line with less room around it,
	 * the room is narrowed (down to half) rather than cells wrapped. */
	double pad = c->tpad = TABLE_PAD;
	if (wsum == 0 && tnat + t->ncols * TABLE_PAD > c->W && tnat + t->ncols * TABLE_PAD / 2 <= c->W)
		pad = c->tpad = (c->W - tnat) / t->ncols;
	double *mn = xcalloc(t->ncols, sizeof(double)), *nat = xcalloc(t->ncols, sizeof(double));
	double smin = 0, snat = 0, sdem = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		mn[i] = m[i].need * f + pad + CELL_SLACK;
		nat[i] = (m[i].want > m[i].need ? m[i].want : m[i].need) * f + pad + CELL_SLACK;
		if (t->cols[i].weight > 0 && !all_weights) /* a given weight sets the natural share */
			nat[i] = mn[i] > c->W * t->cols[i].weight / (wsum + 1) ? mn[i] : c->W * t->cols[i].weight / (wsum + 1);
		smin += mn[i], snat += nat[i];
		sdem += sqrt(nat[i] - mn[i]);
	}
	double span = mr->span_need * f + pad + CELL_SLACK; /* a group heading's longest word */
	if (all_weights) {
		weighted_widths(c->W, t, mn, w);
		free(mn);
		free(nat);
		return smin > span ? smin : span;
	}
	for (size_t i = 0; i < t->ncols; i++) {
		if (snat <= c->W)
			w[i] = nat[i] + (c->W - snat) * nat[i] / snat;
		else if (smin <= c->W)
			/* Share the room above the minimums by the square root of
			 * each column's demand: a column of long prose gets more,
			 * but not so much that short columns wrap into tall rows. */
			w[i] = mn[i] + (c->W - smin) * (sdem > 0 ? sqrt(nat[i] - mn[i]) / sdem : 1.0 / t->ncols);
		else
			w[i] = c->W * mn[i] / smin;
		if (w[i] > nat[i] && snat > c->W) { /* never wider than needed */
			w[i] = nat[i];
		}
	}
	if (snat > c->W && smin <= c->W)
		balance_widths(c, t, w, mn, pad, t->nrows < 60 ? t->nrows : 60);
	/* hand what capping freed to the columns still below their natural width */
	double used = 0, want = 0;
	for (size_t i = 0; i < t->ncols; i++)
		used += w[i], want += w[i] < nat[i] ? nat[i] - w[i] : 0;
	if (used < c->W && want > 0)
		for (size_t i = 0; i < t->ncols; i++)
			if (w[i] < nat[i])
				w[i] += (c->W - used) * (nat[i] - w[i]) / want;
	free(mn);
	free(nat);
	return smin > span ? smin : span;
}

/* The columns do not fit across the page even at the smallest size: an
 * error that names the column that needs the most and what it holds. */
static void table_too_wide(lctx *c, const table *t, const tm_column *m, const tm_result *mr, double f, double need)
{
	size_t wi = 0;
	for (size_t i = 1; i < t->ncols; i++)
		if (m[i].need > m[wi].need)
			wi = i;
	const column *col = &t->cols[wi];
	const char *what = m[wi].need_text, *name = col->label && *col->label ? col->label : col->key;
	double alone = m[wi].need * f;
	if (mr->span_need > m[wi].need && mr->span_need * f + c->tpad > c->W) {
		what = mr->span_text;
		name = NULL;
		alone = mr->span_need * f;
	}
	char q[48];
	size_t n = what ? strlen(what) : 0;
	if (n > 40) { /* cut on a character boundary */
		n = 40;
		while (n > 0 && ((unsigned char)what[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(q, sizeof q, "%.*s%s", (int)n, what ? what : "", what && what[n] ? "\xe2\x80\xa6" : "");
	srcpos pos = col->pos.line > 0 && name ? col->pos : t->pos;
	const char *fix = t->landscape ? "fewer or narrower columns" : "fewer or narrower columns, or fit: landscape";
	if (!what) /* empty columns: the room around the cells alone is too wide */
		diag_error(c->dg, t->pos,
			   "table: its %zu columns do not fit across the page, even set at %.3g pt: with the room around "
			   "each cell they need %.0f pt and the page has %.0f; give %s",
			   t->ncols, c->tstyle[0].size, need, c->W, fix);
	else if (name)
		diag_error(c->dg, pos,
			   "table: the columns do not fit across the page, even set at %.3g pt: they need %.0f pt and "
			   "the page has %.0f; column '%s' needs %.0f pt for '%s', and a number, date or word is never "
			   "cut; give %s",
			   c->tstyle[0].size, need, c->W, name, alone + c->tpad, q, fix);
	else
		diag_error(c->dg, pos,
			   "table: a group heading does not fit across the page, even set at %.3g pt: '%s' needs %.0f pt "
			   "and the page has %.0f, and a word is never cut; give %s",
			   c->tstyle[0].size, q, alone + c->tpad, c->W, fix);
}

/* A row taller than a page is cut between lines into slices, each with the
 * row's background and rules, so it continues on the next page. */
static size_t split_tall_row(lctx *c, double limit, double leading, double pady)
{
	vbox row = c->v[c->nv - 1];
	size_t n = row.nit;
	item *its = xmalloc(n * sizeof(item));
	memcpy(its, &c->it[row.it0], n * sizeof(item));
	c->nv--;
	c->nit = row.it0;
	int per = (int)((limit - 2 * pady) / leading);
	if (per < 1)
		per = 1;
	double slice = per * leading;
	size_t made = 0;
	for (double top = 0; top < row.h - 2 * pady - 0.01; top += slice) {
		double bottom = top + slice;
		double hk = (bottom < row.h - 2 * pady ? slice : row.h - 2 * pady - top) + 2 * pady;
		vbox *v = add_vbox(c, hk);
		if (made == 0)
			v->gap = row.gap, v->new_page = row.new_page;
		for (size_t i = 0; i < n; i++) {
			item it = its[i];
			if (it.kind == IT_TEXT) {
				double line_top = it.y - pady; /* rough: baseline within its line */
				if (line_top < top || line_top >= bottom)
					continue;
				it.y -= top;
			} else if (it.kind == IT_RECT && it.h == row.h) {
				it.y = hk;
				it.h = hk;
			} else if (it.kind == IT_LINE && it.y == row.h) {
				it.y = hk;
			} else if (it.kind == IT_LINE && made > 0) {
				continue; /* the rule over a total: first slice only */
			}
			*add_item(c, it.kind) = it;
		}
		end_vbox(c, &c->v[c->nv - 1]);
		made++;
	}
	free(its);
	return made;
}

/* One table row as a vbox (or several, when it is taller than a page);
 * returns how many vboxes it made. */
static size_t table_row(lctx *c, const table *t, const double *w, size_t r, bool head, bool zebra_on)
{
	const style *st = tst(c, head);
	const double padx = c->tpad / 2, pady = 3.5;
	int kind = head ? ROW_BODY : t->rowkind[r];
	vbox *v = add_vbox(c, 0);
	/* background first (drawn under the text) */
	item *bg = add_item(c, IT_RECT);
	size_t bgi = c->nit - 1;
	(void)bg;
	size_t maxl = 1;
	double x = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		const char *text = head ? (t->cols[i].label ? t->cols[i].label : "") : t->cells[r * t->ncols + i];
		unsigned flags = 0;
		uint32_t color = st->color;
		int align = t->cols[i].align;
		if (!head && (kind == ROW_TOTAL || kind == ROW_GROUP || kind == ROW_SUBTOTAL))
			flags |= SPAN_BOLD;
		if (!head && kind == ROW_GROUP) { /* one cell across the table */
			if (i == 0)
				maxl = cell_text(c, text, st, flags, ALIGN_LEFT, padx, pady, c->W - 2 * padx, 0x1F3A5F, t->pos);
			continue;
		}
		if (!head && t->keyvalue && i == 0) {
			flags |= SPAN_BOLD;
			color = 0x1F3A5F;
		}
		if (head && align == ALIGN_JUSTIFY)
			align = ALIGN_LEFT;
		size_t nl = 0;
		if (text[0])
			nl = cell_text(c, text, st, flags, align, x + padx, pady, w[i] - 2 * padx, color, t->pos);
		if (nl > maxl)
			maxl = nl;
		x += w[i];
	}
	double h = maxl * st->leading + 2 * pady;
	v->h = h;
	bg = &c->it[bgi];
	bg->x = 0;
	bg->y = h;
	bg->w = c->W;
	bg->h = h;
	if (head)
		bg->color = 0x1F3A5F;
	else if (t->keyvalue)
		bg->color = r % 2 ? 0xFFFFFF : 0xF3F6FA;
	else if (kind == ROW_TOTAL)
		bg->color = 0xE4EAF2;
	else if (kind == ROW_GROUP)
		bg->color = 0xDDE5EF;
	else if (kind == ROW_SUBTOTAL)
		bg->color = 0xEEF2F7;
	else if (zebra_on && t->zebra && r % 2 == 1)
		bg->color = 0xF3F6FA;
	else
		bg->kind = IT_LINE, bg->w = 0, bg->h = 0, bg->color = 0xFFFFFF, bg->lw = 0;
	if (t->keyvalue) { /* label column shading */
		item *lab = add_item(c, IT_RECT);
		lab->x = 0;
		lab->y = h;
		lab->w = w[0];
		lab->h = h;
		lab->color = 0xE8EEF5;
		/* move it just after the background so text stays on top */
		item tmp = c->it[c->nit - 1];
		memmove(&c->it[bgi + 2], &c->it[bgi + 1], (c->nit - 1 - bgi - 1) * sizeof(item));
		c->it[bgi + 1] = tmp;
	}
	/* rules: a hairline under each row; heavier over a total */
	item *ln = add_item(c, IT_LINE);
	ln->x = 0;
	ln->y = h;
	ln->w = c->W;
	ln->h = 0;
	ln->lw = 0.4;
	ln->color = 0xC5CED9;
	if (kind == ROW_TOTAL && !head) {
		item *tl = add_item(c, IT_LINE);
		tl->x = 0;
		tl->y = 0;
		tl->w = c->W;
		tl->lw = 1;
		tl->color = 0x1F3A5F;
	}
	end_vbox(c, v);
	double limit = c->H - 60; /* room for the repeated header */
	if (!head && h > limit)
		return split_tall_row(c, limit, st->leading, pady);
	return 1;
}

static void small_line(lctx *c, const char *text, int stid, bool keep, srcpos pos)
{
	block b = {0};
	span sp = {text, strlen(text), 0, NULL, false, false, 0};
	b.kind = BLK_PARA;
	b.spans = &sp;
	b.nspans = 1;
	b.pos = pos;
	b.style = stid;
	const style *st = &c->d->styles[stid];
	para_vboxes(c, &b, st, st->left_indent, 0, ALIGN_LEFT, keep, -1, NULL, false);
	if (keep && c->nv)
		c->v[c->nv - 1].keep = true;
}

static void do_table_in_frame(lctx *c, const block *b);

/* A table with fit: landscape is laid out for a page turned sideways:
 * the frame takes the page's height as its width. */
static void do_table(lctx *c, const block *b)
{
	const table *t = b->table;
	if (!t || t->ncols == 0)
		return;
	if (!t->landscape) {
		do_table_in_frame(c, b);
		return;
	}
	const page_setup *ps = &c->d->page;
	double W = c->W, H = c->H;
	c->W = ps->height - ps->inside - ps->outside;
	c->H = ps->width - ps->top - ps->bottom;
	size_t first = c->nv;
	do_table_in_frame(c, b);
	for (size_t i = first; i < c->nv; i++)
		c->v[i].landscape = true;
	c->W = W;
	c->H = H;
}

static void do_table_in_frame(lctx *c, const block *b)
{
	const table *t = b->table;
	double *w = xcalloc(t->ncols, sizeof(double));
	c->tstyle[0] = c->d->styles[ST_TABLE];
	c->tstyle[1] = c->d->styles[ST_TABLE_HEAD];
	tm_column *m = xcalloc(t->ncols, sizeof *m);
	tm_result mr;
	measure_table(c, t, m, &mr);
	double smin = table_widths(c, t, w, m, &mr, 1);
	if (smin > c->W) {
		/* too wide even with every column at its longest word: set the
		 * table smaller, down to 6 pt, rather than let it overflow; the
		 * padding stays, the text shrinks */
		double text = 0, room = c->W;
		for (size_t i = 0; i < t->ncols; i++)
			text += m[i].need, room -= TABLE_PAD + CELL_SLACK;
		double f = text > 0 && room > 0 ? room / text * 0.9999 : 0;
		if (mr.span_need > 0 && (c->W - TABLE_PAD - CELL_SLACK) / mr.span_need * 0.9999 < f)
			f = (c->W - TABLE_PAD - CELL_SLACK) / mr.span_need * 0.9999;
		double floor = c->tstyle[0].size > 6 ? 6 / c->tstyle[0].size : 1;
		if (f < floor)
			f = floor;
		for (int k = 0; k < 2; k++) {
			c->tstyle[k].size *= f;
			c->tstyle[k].leading *= f;
		}
		smin = table_widths(c, t, w, m, &mr, f);
		if (smin > c->W + 0.01 && c->report)
			table_too_wide(c, t, m, &mr, f, smin);
	}
	free(m);
	c->pending_gap += 4;
	if (t->caption)
		small_line(c, t->caption, ST_CAPTION, true, b->pos);
	int head = -1;
	if (t->header) {
		/* the repeat box: "(continued)" caption + header, placed only at
		 * the top of continuation pages */
		size_t save_gap = 0;
		(void)save_gap;
		table_row(c, t, w, 0, true, false);
		head = (int)c->nv - 1;
		c->v[head].keep = true;
	}
	int repeat = -1;
	if (t->header) {
		/* a copy of the header with a "(continued)" line above it */
		const style *cs = &c->d->styles[ST_CAPTION];
		vbox *rv = add_vbox(c, 0);
		rv->gap = 0;
		double y = 0;
		if (t->caption) { /* on as many lines as it needs */
			const char *s = arena_printf(c->L->a, "%s (continued)", t->caption);
			size_t nl = cell_text(c, s, cs, 0, ALIGN_LEFT, 0, 0, c->W, cs->color, b->pos);
			y = nl * cs->leading + cs->space_after; /* as far below it as on the first page */
		}
		vbox *hv = &c->v[head];
		for (size_t i = 0; i < hv->nit; i++) {
			item it = c->it[hv->it0 + i];
			it.y += y;
			*add_item(c, IT_TEXT) = it;
		}
		rv = &c->v[c->nv - 1];
		rv->h = y + hv->h;
		end_vbox(c, rv);
		repeat = (int)c->nv - 1;
		rv->keep = true;
		/* the repeat box is not part of the flow: mark it with h<0 */
		rv->h = -rv->h;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (r % 256 == 255 && limits_time_check(c->dg, c->d->meta.pos))
			break;
		size_t made = table_row(c, t, w, r, false, true);
		for (size_t k = 1; k < made; k++)
			c->v[c->nv - 1 - k].repeat = repeat;
		vbox *v = &c->v[c->nv - 1];
		v->repeat = repeat;
		if (r == 0 && t->nrows > 1)
			v->keep = true; /* header + first two rows stay together */
		/* and the last two body rows with what closes the table: no
		 * single row (or a total alone) on a continuation page */
		size_t last_body = t->nrows;
		while (last_body > 0 && t->rowkind[last_body - 1] != ROW_BODY)
			last_body--;
		if (last_body >= 3 && r + 2 == last_body)
			v->keep = true;
		if (r + 1 < t->nrows && (t->rowkind[r + 1] == ROW_TOTAL || t->rowkind[r + 1] == ROW_SUBTOTAL))
			v->keep = true; /* a total stays with its last row */
		if (t->rowkind[r] == ROW_GROUP)
			v->keep = true; /* a group heading stays with its first row */
	}
	if (t->keyvalue && c->nv) { /* a frame line on top of a facts panel */
	}
	if (t->source || t->note) {
		if (c->nv)
			c->v[c->nv - 1].keep = true;
		if (t->note)
			small_line(c, t->note, ST_SOURCE, t->source != NULL, b->pos);
		if (t->source)
			small_line(c, arena_printf(c->L->a, "Source: %s", t->source), ST_SOURCE, false, b->pos);
	}
	c->pending_gap = c->d->styles[ST_SOURCE].space_after;
	free(w);
}

/* SVG path ops placed in the box: each point (px, py) → (x + px sx, top + py sy). */
static double *svg_place(lctx *c, const double *ops, size_t n, double x, double top, double sx, double sy)
{
	double *p = arena_array(c->L->a, n ? n : 1, sizeof(double));
	for (size_t k = 0; k < n;) {
		int op = (int)ops[k];
		int npts = op == PATH_CURVE ? 3 : op == PATH_CLOSE ? 0 : 1;
		p[k] = ops[k];
		for (int j = 0; j < npts && k + 2 + 2 * j < n; j++) {
			p[k + 1 + 2 * j] = x + ops[k + 1 + 2 * j] * sx;
			p[k + 2 + 2 * j] = top + ops[k + 2 + 2 * j] * sy;
		}
		k += 1 + 2 * (size_t)npts;
	}
	return p;
}

/* The items of an image in the box (x, top, w, h), y down from top when
 * flip is false, else page coordinates (top is the box's upper edge, y up):
 * a PNG or JPEG as one image item, an SVG as its paths scaled to the box.
 * put adds each item (to the current vbox, or to a page). */
static void image_items(lctx *c, const image *im, double x, double top, double w, double h, bool flip,
			void (*put)(lctx *, void *, const item *), void *where)
{
	if (!im->is_svg) {
		item t = {.kind = IT_IMAGE, .dest = -1, .x = (float)x, .y = (float)(flip ? top - h : top + h),
			  .w = (float)w, .h = (float)h, .img = im};
		put(c, where, &t);
		return;
	}
	double sx = w / (im->svg_w > 0 ? im->svg_w : 1), sy = h / (im->svg_h > 0 ? im->svg_h : 1);
	if (flip)
		sy = -sy;
	const double *clip = NULL; /* the clips in force, nclip numbers, nopen items */
	uint32_t nclip = 0;
	int nopen = 0;
	item u = {.kind = IT_UNCLIP, .dest = -1, .x = (float)x, .y = (float)(flip ? top - h : top + h)};
	for (size_t i = 0; i < im->nsvg; i++) {
		const svg_shape *s = &im->svg[i];
		if (!s->n || (!s->fill && s->lw <= 0) || s->alpha <= 0)
			continue;
		if (s->nclip != nclip || (nclip && memcmp(s->clip, clip, nclip * sizeof *clip))) {
			for (; nopen > 0; nopen--)
				put(c, where, &u);
			clip = s->clip;
			nclip = s->nclip;
			/* one clip item per clip path (PDF intersects them), at
			 * most 8 deep: the PDF's graphics states nest 28 deep */
			for (size_t k0 = 0, k = 0; k < nclip && nopen < 8; k++) {
				if ((int)clip[k] != SVG_CLIP_NEXT)
					continue;
				item t = u;
				t.kind = IT_CLIP;
				t.w = (float)w;
				t.h = (float)h;
				t.path = svg_place(c, clip + k0, k - k0, x, top, sx, sy);
				t.npath = (uint32_t)(k - k0);
				put(c, where, &t);
				nopen++;
				k0 = k + 1;
			}
		}
		double *p = svg_place(c, s->ops, s->n, x, top, sx, sy);
		/* the box is kept on each path, for check --dump */
		item t = {.kind = IT_PATH, .dest = -1, .x = (float)x, .y = (float)(flip ? top - h : top + h),
			  .w = (float)w, .h = (float)h, .path = p, .npath = s->n, .fill = s->fill,
			  .alpha = s->alpha >= 1 ? 0 : s->alpha};
		if (s->fill) {
			t.color = s->color;
		} else {
			t.stroke = s->color;
			t.lw = (float)(s->lw * (fabs(sx) + fabs(sy)) / 2);
		}
		put(c, where, &t);
	}
	for (; nopen > 0; nopen--)
		put(c, where, &u);
}

static void put_vbox(lctx *c, void *where, const item *t)
{
	(void)where;
	*add_item(c, (item_kind)t->kind) = *t;
}

static void put_page(lctx *c, void *where, const item *t)
{
	(void)c;
	lpage *pg = where;
	GROW(pg->items, pg->cap, pg->n + 1);
	pg->items[pg->n++] = *t;
}

/* An image in the box (x, top, w, h) of the current vbox (y down). */
static void add_image(lctx *c, const image *im, double x, double top, double w, double h)
{
	image_items(c, im, x, top, w, h, false, put_vbox, NULL);
}

static void do_image(lctx *c, const block *b)
{
	const image *im = b->image;
	if (!im)
		return;
	double pw, ph;
	/* as asked, within the frame; else its own size, within the text width
	 * and 60% of the text height */
	image_size(im, b->img_w, b->img_h, c->W, b->img_w > 0 || b->img_h > 0 ? c->H * 0.9 : c->H * 0.6,
		   &pw, &ph);
	const style *cs = &c->d->styles[ST_CAPTION];
	const style *ss = &c->d->styles[ST_SOURCE];
	vbox *v = add_vbox(c, 0);
	v->gap += 6;
	double ix = b->img_align == IMG_LEFT ? 0 : b->img_align == IMG_RIGHT ? c->W - pw : (c->W - pw) / 2;
	add_image(c, im, ix, 0, pw, ph);
	double y = ph + 4;
	c->figure_no = c->fig_of_block[b - c->d->blocks];
	const char *cap = b->caption && b->caption[0]
				  ? arena_printf(c->L->a, "Figure %d. %s", c->figure_no, b->caption)
				  : arena_printf(c->L->a, "Figure %d", c->figure_no);
	size_t nl = cell_text(c, cap, cs, 0, ALIGN_CENTER, 0, y, c->W, cs->color, b->pos);
	y += nl * cs->leading;
	if (b->credit) {
		nl = cell_text(c, b->credit, ss, 0, ALIGN_CENTER, 0, y, c->W, ss->color, b->pos);
		y += nl * ss->leading;
	}
	v = &c->v[c->nv - 1];
	v->h = y;
	end_vbox(c, v);
	c->pending_gap = 10;
}

/* ---- charts: chart.c draws through these callbacks into a vbox ---- */
static int chart_font(int role)
{
	return FONT_ID(FAM_HEADING, role == CHART_FONT_BOLD ? FACE_BOLD
				     : role == CHART_FONT_ITALIC ? FACE_ITALIC : FACE_REGULAR);
}

static const char *visual(lctx *c, const char *s);
static double line_width(lctx *c, int f, const char *s, size_t n, double size);
static void line_add(lctx *c, lpage *pg, item t);

/* Chart labels are set like running lines: in display order (Arabic
 * shaped), each character from the first font that has it. */
static double chart_measure(void *user, int role, double size, const char *text)
{
	lctx *c = user;
	const char *v = visual(c, text);
	return line_width(c, chart_font(role), v, strlen(v), size);
}

static void chart_text(void *user, double x, double y, int role, double size, uint32_t color,
		       const char *text)
{
	lctx *c = user;
	item t = {.kind = IT_TEXT, .x = (float)x, .y = (float)y, .font = (int16_t)chart_font(role),
		  .size = (float)size, .color = color, .text = arena_strdup(c->L->a, visual(c, text))};
	c->text_pos = c->cur_pos;
	c->text_what = "a chart label";
	line_add(c, NULL, t); /* characters the chart font lacks: from a fallback font */
	c->text_what = NULL;
}

static void chart_path(void *user, const double *ops, size_t n, bool fill, uint32_t fill_color,
		       double alpha, double lw, uint32_t stroke_color, int dash)
{
	lctx *c = user;
	if (!n)
		return;
	item *t = add_item(c, IT_PATH);
	double *p = arena_array(c->L->a, n, sizeof(double));
	memcpy(p, ops, n * sizeof(double));
	t->path = p;
	t->npath = n;
	t->fill = fill;
	t->color = fill_color;
	t->alpha = alpha;
	t->lw = lw;
	t->stroke = stroke_color;
	t->dash = (uint8_t)dash;
}

static void do_chart(lctx *c, const block *b)
{
	const chart *ch = b->chart;
	if (!ch)
		return;
	chart_out out = {c, chart_measure, chart_text, chart_path};
	c->cur_pos = b->pos;
	double h = chart_height(ch, &out, c->W);
	if (h > c->H)
		h = c->H;
	vbox *v = add_vbox(c, h);
	v->gap += 8;
	chart_draw(ch, &out, c->W, h);
	v = &c->v[c->nv - 1];
	end_vbox(c, v);
	c->pending_gap = 12;
}

static void do_rule(lctx *c)
{
	vbox *v = add_vbox(c, 14);
	item *l = add_item(c, IT_LINE);
	l->x = c->W * 0.35;
	l->y = 7;
	l->w = c->W * 0.3;
	l->lw = 0.6;
	l->color = 0x8A97A8;
	end_vbox(c, v);
}

/* ---- containers: block quotes and list items ---- */

#define CONT_STEP 18.0 /* points of indent per container */

/* The indent of one container level: CONT_STEP, less when the containers
 * would leave the text less than half the frame. */
static double cont_step(const lctx *c, const block *b)
{
	double step = CONT_STEP;
	if (b->ncont && step * (double)b->ncont > c->W / 2)
		step = c->W / 2 / (double)b->ncont;
	return step;
}

/* After a block in containers was set in the narrowed frame: its boxes
 * move right by the containers' indent, each gets a bar per block quote,
 * and its first box the markers of the items that start with it, on the
 * baseline of its first text. */
static void cont_decorate(lctx *c, const block *b, size_t nv0, double step)
{
	const style *ls = &c->d->styles[ST_LIST];
	/* the bars of quotes the previous block is in too join it */
	const block *pb = c->prev_block;
	size_t join = 0;
	while (pb && join < b->ncont && join < pb->ncont && pb->cont[join].id == b->cont[join].id)
		join++;
	bool first = true;
	for (size_t k = nv0; k < c->nv; k++) {
		vbox *v = &c->v[k];
		v->shift = step * (double)b->ncont;
		v->dx0 = c->nit;
		v->njoin = 0;
		double h = fabs(v->h);
		for (size_t i = 0; i < b->ncont; i++) {
			const container *ct = &b->cont[i];
			double x = step * (double)(i + 1);
			if (ct->kind == CONT_QUOTE && h > 0) {
				item *r = add_item(c, IT_RECT);
				r->x = x - 10 * step / CONT_STEP; /* 10 pt before the text, less when crowded */
				if (!first || i < join)
					v->njoin++;
				r->y = h; /* the bar spans the box */
				r->w = 2;
				r->h = h;
				r->color = 0xB8C4D6;
			} else if (ct->kind == CONT_ITEM && ct->marker && first && v->h >= 0) {
				int f = style_font(ls, 0);
				double y = baseline(ls);
				/* beside the first line of text; an image's or a chart's
				 * top (its caption is below it) */
				bool text = b->kind != BLK_IMAGE && b->kind != BLK_CHART;
				for (size_t q = v->it0; text && q < v->it0 + v->nit; q++)
					if (c->it[q].kind == IT_TEXT) {
						y = c->it[q].y;
						break;
					}
				const char *mk = gen_text(c, f, ct->marker); /* a stand-in the font has */
				double mw = font_width(c->fs, f, mk, strlen(mk), ls->size);
				item *t = add_item(c, IT_TEXT);
				t->x = x - 5 - mw;
				t->y = y;
				t->font = f;
				t->size = ls->size;
				t->color = 0x1F3A5Fu;
				t->text = mk;
				t->w = mw;
			}
		}
		v->ndx = c->nit - v->dx0;
		if (v->h >= 0)
			first = false;
	}
}

/* ---- cover ---- */
static double cover_text(lctx *c, const char *text, int stid, unsigned flags, double x, double y,
			 double width, uint32_t color)
{
	const style *st = &c->d->styles[stid];
	size_t nl = cell_text(c, text, st, flags, st->align, x, y, width, color, c->d->meta.pos);
	return nl * st->leading;
}

static void do_cover(lctx *c, const block *b)
{
	const doc_meta *m = &c->d->meta;
	vbox *v = add_vbox(c, c->H);
	v->cover = true;
	v->gap = 0;
	const double top = c->d->page.top;
	/* a band across the top of the page, bleeding past the margins */
	item *band = add_item(c, IT_RECT);
	double inside = c->d->page.inside;
	band->x = -inside;
	band->y = -top + 78;
	band->w = c->d->page.width;
	band->h = 78;
	band->color = 0x1F3A5F;
	const style *meta = &c->d->styles[ST_COVER_META];
	if (m->organisation || m->author)
		cover_text(c, m->organisation ? m->organisation : m->author, ST_COVER_META, SPAN_BOLD, 0,
			   -top + 30, c->W, 0xFFFFFF);
	double y = c->H * 0.22;
	item *acc = add_item(c, IT_RECT);
	acc->x = 0;
	acc->y = y;
	acc->w = 64;
	acc->h = 4;
	acc->color = 0xC9A227;
	y += 22;
	y += cover_text(c, m->title ? m->title : "", ST_TITLE, 0, 0, y, c->W * 0.92, c->d->styles[ST_TITLE].color);
	y += 10;
	if (m->subtitle)
		y += cover_text(c, m->subtitle, ST_SUBTITLE, 0, 0, y, c->W * 0.88, c->d->styles[ST_SUBTITLE].color);
	if (b->image) {
		/* the cover image: below the title (60% of the text width wide
		 * unless sized), above the accent bar, or in the band */
		const image *im = b->image;
		bool sized = b->img_w > 0 || b->img_h > 0;
		double iw, ih, y0, maxh;
		int align = b->img_align;
		if (b->img_place == COVER_IMG_BAND) {
			y0 = -top + 10;
			maxh = 58;
			if (align < 0)
				align = IMG_RIGHT;
		} else if (b->img_place == COVER_IMG_TOP) {
			y0 = -top + 78 + 14 > 0 ? -top + 78 + 14 : 0;
			maxh = c->H * 0.22 - 14 - y0;
		} else {
			y += 16;
			y0 = y;
			maxh = c->H * 0.25;
			/* above the rule of the details block (at H - 162) */
			if (maxh > c->H - 178 - y0)
				maxh = c->H - 178 - y0;
		}
		if (maxh < 8)
			maxh = 8;
		if (sized)
			image_size(im, b->img_w, b->img_h, c->W, maxh, &iw, &ih);
		else if (b->img_place == COVER_IMG_TITLE)
			image_size(im, c->W * 0.6, 0, c->W, maxh, &iw, &ih);
		else
			image_size(im, 0, maxh, c->W, maxh, &iw, &ih);
		if (b->img_place == COVER_IMG_BAND)
			y0 = -top + (78 - ih) / 2;
		double ix = align == IMG_RIGHT ? c->W - iw : align == IMG_CENTER ? (c->W - iw) / 2 : 0;
		add_image(c, im, ix, y0, iw, ih);
		if (b->img_place == COVER_IMG_TITLE)
			y += ih;
	}
	/* details block at the foot of the page */
	struct {
		const char *label, *value;
	} rows[] = {
		{"Prepared for", m->prepared_for},
		{"Prepared by", m->author},
		{"Date", NULL},
		{"Copy", m->copy},
	};
	char date[64] = "";
	if (m->date) {
		format_date(date, sizeof date, m->date, lang(c));
		rows[2].value = date;
	}
	double by = c->H - 150;
	item *rule = add_item(c, IT_LINE);
	rule->x = 0;
	rule->y = by - 12;
	rule->w = c->W;
	rule->lw = 0.6;
	rule->color = 0x1F3A5F;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i].value || !rows[i].value[0])
			continue;
		cover_text(c, rows[i].label, ST_COVER_META, 0, 0, by, 100, meta->color);
		by += cover_text(c, rows[i].value, ST_COVER_META, SPAN_BOLD, 110, by, c->W - 110, 0x1A1A1A) + 4;
	}
	if (b->caption)
		by += cover_text(c, b->caption, ST_COVER_META, SPAN_ITALIC, 0, by + 6, c->W, meta->color);
	/* the classification is marked at the top and bottom of every page,
	 * the cover's too (decorate) */
	end_vbox(c, &c->v[c->nv - 1]);
	c->force_break = true;
}

/* ---- table of contents ---- */
static void do_toc(lctx *c, size_t bi, const block *b)
{
	const style *ts = &c->d->styles[ST_TOC_TITLE];
	block tb = {0};
	span sp = {b->toc_title, strlen(b->toc_title), 0, NULL, false, false, 0};
	tb.spans = &sp;
	tb.nspans = 1;
	tb.pos = b->pos;
	tb.style = ST_TOC_TITLE;
	para_vboxes(c, &tb, ts, 0, 0, ALIGN_LEFT, true, c->block_mark[bi], b->toc_title, true);
	c->v[c->nv - 1].keep = false;
	c->pending_gap = ts->space_after;
	const double numw = 30;
	for (size_t m = 0; m < c->L->nmarks; m++) {
		const lmark *mk = &c->L->marks[m];
		if (!mk->in_toc || mk->level > b->toc_depth)
			continue;
		int stid = mk->level == 1 ? ST_TOC1 : mk->level == 2 ? ST_TOC2 : ST_TOC3;
		const style *st = &c->d->styles[stid];
		span esp = {mk->title, strlen(mk->title), 0, NULL, false, false, 0};
		double indent = st->left_indent;
		double width = c->W - indent - numw - 16;
		size_t nl = set_para(c, &P, &esp, 1, st, width, 0, BRK_GREEDY, b->pos);
		int page = c->prev_pages ? c->prev_pages[m] : 0;
		char num[16];
		snprintf(num, sizeof num, "%d", page + 1);
		for (size_t l = 0; l < nl; l++) {
			vbox *v = add_vbox(c, st->leading);
			if (l == 0)
				v->gap += st->space_before;
			v->keep = l + 1 < nl || (mk->level == 1);
			emit_line(c, &P, l, st, ALIGN_LEFT, indent, baseline(st), width);
			if (l + 1 == nl) {
				int f = style_font(st, 0);
				double end = indent + line_natural(&P, P.lines[l], P.lines[l + 1]);
				double nw = font_width(c->fs, f, num, strlen(num), st->size);
				/* dot leaders: one run of ". " starting on a grid, so
				 * that the dots of every entry line up */
				double pitch = font_width(c->fs, f, ". ", 2, st->size);
				double x = ceil((end + 6) / pitch) * pitch;
				int ndots = pitch > 0 ? (int)floor((c->W - nw - 6 - x) / pitch) : 0;
				if (ndots > 0) {
					char *lead = arena_alloc(c->L->a, (size_t)ndots * 2);
					for (int k = 0; k < ndots; k++)
						lead[2 * k] = '.', lead[2 * k + 1] = ' ';
					lead[2 * ndots - 1] = 0; /* no trailing space */
					item *dl = add_item(c, IT_TEXT);
					dl->x = x;
					dl->y = baseline(st);
					dl->font = f;
					dl->size = st->size;
					dl->color = 0x8A97A8;
					dl->text = lead;
					dl->w = pitch * ndots;
				}
				item *t = add_item(c, IT_TEXT);
				t->x = c->W - nw;
				t->y = baseline(st);
				t->font = f;
				t->size = st->size;
				t->color = st->color;
				t->text = arena_strdup(c->L->a, num);
				t->w = nw;
			}
			item *lk = add_item(c, IT_LINK);
			lk->x = indent;
			lk->y = st->leading;
			lk->w = c->W - indent;
			lk->h = st->leading;
			lk->dest = (int)m; /* resolved to a page after pagination */
			end_vbox(c, v);
		}
		c->pending_gap = st->space_after;
	}
	c->force_break = true;
}

/* ================================================================
 * Footnotes: their lines, set once, and the queue pagination drains
 * ================================================================ */
static void set_notes(lctx *c)
{
	const doc *d = c->d;
	const style *st = &d->styles[ST_FOOTNOTE];
	double indent = st->left_indent, width = c->W - indent;
	c->fn_line0 = xcalloc(d->nnotes, sizeof(size_t));
	c->fn_nlines = xcalloc(d->nnotes, sizeof(size_t));
	c->fn_anchored = xcalloc(d->nnotes, sizeof(bool));
	for (size_t n = 0; n < d->nnotes; n++) {
		const footnote *fn = &d->notes[n];
		size_t nl = set_para(c, &P, fn->spans, fn->nspans, st, width, 0, st->align == ALIGN_JUSTIFY, fn->pos);
		c->fn_line0[n] = c->nfv;
		c->fn_nlines[n] = nl;
		for (size_t l = 0; l < nl; l++) {
			GROW(c->fv, c->fvcap, c->nfv + 1);
			vbox *v = &c->fv[c->nfv++];
			memset(v, 0, sizeof *v);
			v->h = st->leading;
			v->mark = v->repeat = -1;
			v->it0 = c->nit;
			emit_line(c, &P, l, st, st->align, indent, baseline(st), width);
			if (l == 0) {
				/* the number, raised like the reference, ends at the indent */
				char num[16];
				snprintf(num, sizeof num, "%d", fn->number);
				int f = style_font(st, 0);
				double sz = st->size * 0.8;
				double mw = font_width(c->fs, f, num, strlen(num), sz);
				item *t = add_item(c, IT_TEXT);
				t->x = indent - 3 - mw;
				t->y = baseline(st) - st->size * 0.3;
				t->font = f;
				t->size = sz;
				t->color = st->color;
				t->text = arena_strdup(c->L->a, num);
				t->w = mw;
			}
			v->nit = c->nit - v->it0;
			if (l + 1 == nl)
				v->h += st->space_after; /* between one note and the next */
		}
	}
	/* the rule: a fifth of the measure, at the middle of the space above */
	memset(&c->fn_rule, 0, sizeof c->fn_rule);
	c->fn_rule.mark = c->fn_rule.repeat = -1;
	c->fn_rule.it0 = c->nit;
	item *r = add_item(c, IT_RECT);
	r->x = 0;
	r->y = st->space_before / 2;
	r->w = c->W / 5 < 90 ? c->W / 5 : 90;
	r->h = 0.5;
	r->color = 0x8A8A8A;
	c->fn_rule.nit = 1;
}

/* The queue: the notes' lines in order of anchoring (a note whose reference
 * was set nowhere goes last, rather than being lost). */
static void queue_notes(lctx *c)
{
	const doc *d = c->d;
	c->fq = xmalloc((c->nfv + 1) * sizeof *c->fq);
	c->fq_cum = xmalloc((c->nfv + 1) * sizeof *c->fq_cum);
	c->fq_need = xcalloc(d->nnotes + 1, sizeof *c->fq_need);
	c->fq_end = xcalloc(d->nnotes + 1, sizeof *c->fq_end);
	c->fq_note = xmalloc((c->nfv + 1) * sizeof *c->fq_note);
	c->nfq = 0;
	c->fq_cum[0] = 0;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < (pass ? d->nnotes : c->nfnl); i++) {
			size_t n = pass ? i : (size_t)c->fnl[i] - 1;
			if (pass && c->fn_anchored[n])
				continue;
			size_t nl = c->fn_nlines[n];
			for (size_t l = 0; l < nl; l++) {
				c->fq[c->nfq] = c->fn_line0[n] + l;
				c->fq_note[c->nfq] = n;
				c->fq_cum[c->nfq + 1] = c->fq_cum[c->nfq] + c->fv[c->fn_line0[n] + l].h;
				c->nfq++;
			}
			/* its first two lines stay with the reference; a note of up
			 * to three lines is not split at all (no line of it alone) */
			c->fq_need[n] = c->nfq - nl + (nl <= 3 ? nl : 2);
			c->fq_end[n] = c->nfq;
		}
}

/* ================================================================
 * Pagination: vboxes → pages
 * ================================================================ */
static lpage *new_page(lctx *c)
{
	layout *L = c->L;
	GROW(L->pages, L->pcap, L->npages + 1);
	lpage *p = &L->pages[L->npages++];
	memset(p, 0, sizeof *p);
	return p;
}

static double frame_x(const lctx *c, size_t page)
{
	const page_setup *ps = &c->d->page;
	return (ps->duplex && page % 2 == 1) ? ps->outside : ps->inside;
}

static void place(lctx *c, lpage *pg, const vbox *v, double top)
{
	double fx = frame_x(c, c->L->npages - 1);
	double ph = pg->landscape ? c->d->page.width : c->d->page.height;
	double ytop = ph - c->d->page.top - top;
	size_t nbar = 0;
	/* the containers' bars and markers (a marker reads before its text),
	 * then the box's own items, moved by its containers' indent */
	for (size_t i = 0; i < v->ndx + v->nit; i++) {
		bool own = i >= v->ndx;
		item it = own ? c->it[v->it0 + i - v->ndx] : c->it[v->dx0 + i];
		double x0 = own ? fx + v->shift : fx;
		if (!own && it.kind == IT_RECT && nbar++ < v->njoin)
			it.h += c->place_gap; /* a quote's bar joins the one above */
		if (it.kind == IT_LINE && it.lw <= 0)
			continue; /* a no-op background */
		it.x += x0;
		it.y = ytop - it.y;
		if (it.kind == IT_LINE)
			it.h = -it.h;
		if (it.kind == IT_PATH || it.kind == IT_CLIP) {
			double *q = arena_array(c->L->a, it.npath, sizeof(double));
			memcpy(q, it.path, it.npath * sizeof(double));
			for (size_t k = 0; k < it.npath;) {
				int op = (int)q[k];
				int npts = op == PATH_CURVE ? 3 : op == PATH_CLOSE ? 0 : 1;
				for (int j = 0; j < npts && k + 2 + 2 * j < it.npath; j++) {
					q[k + 1 + 2 * j] += x0;
					q[k + 2 + 2 * j] = ytop - q[k + 2 + 2 * j];
				}
				k += 1 + 2 * (size_t)npts;
			}
			it.path = q;
		}
		GROW(pg->items, pg->cap, pg->n + 1);
		pg->items[pg->n++] = it;
	}
	if (v->mark >= 0) {
		c->L->marks[v->mark].page = (int)c->L->npages - 1;
		c->L->marks[v->mark].y = ytop + 6;
	}
}

/* A figure or chart (the float group starting at ord[k]) does not fit in
 * the room left on the page. Rather than leave that room empty, the text
 * that follows it moves up, as much as fits (whole keep-chains only: no
 * orphan, no heading alone), and the figure goes to the top of the next
 * page. Floats keep their order: text never moves past a second float.
 * Returns false when nothing that follows fits. */
static bool float_ahead(lctx *c, size_t k, double room, bool landscape)
{
	size_t g = k;
	int id = c->v[c->ord[k]].flt;
	while (g + 1 < c->nord && c->v[c->ord[g + 1]].flt == id)
		g++;
	if (c->v[c->ord[g]].keep)
		return false; /* the figure keeps with what follows it */
	size_t j = g + 1, take = j;
	double used = 0;
	while (j < c->nord) {
		size_t e = j;
		double h = 0;
		bool ok = true;
		for (;;) {
			const vbox *n = &c->v[c->ord[e]];
			if (n->h < 0 || n->new_page || n->flt || n->landscape != landscape || n->repeat >= 0 ||
			    n->nfn) { /* a line with a note reference stays where its note was planned */
				ok = false;
				break;
			}
			h += n->gap + n->h;
			if (!n->keep)
				break;
			if (++e >= c->nord) {
				ok = false;
				break;
			}
		}
		if (!ok || used + h > room + 0.01)
			break;
		used += h;
		j = e + 1;
		take = j;
	}
	if (take == g + 1)
		return false;
	/* ord[k..g] ++ ord[g+1..take) → ord[g+1..take) ++ ord[k..g] */
	size_t nf = g + 1 - k, nt = take - (g + 1);
	size_t *tmp = xmalloc(nf * sizeof *tmp);
	memcpy(tmp, c->ord + k, nf * sizeof *tmp);
	memmove(c->ord + k, c->ord + g + 1, nt * sizeof *tmp);
	memcpy(c->ord + k + nt, tmp, nf * sizeof *tmp);
	free(tmp);
	return true;
}

/* The queue index past the lines vbox v requires on its page, given that
 * need lines are required already. */
static size_t notes_need(const lctx *c, const vbox *v, size_t need)
{
	for (size_t i = 0; i < v->nfn; i++) {
		size_t q = c->fq_need[c->fnl[v->fn0 + i] - 1];
		if (q > need)
			need = q;
	}
	return need;
}

/* Height of the notes from queue index from to to, with the rule above. */
static double notes_height(const lctx *c, size_t from, size_t to)
{
	return to > from ? c->fq_cum[to] - c->fq_cum[from] + c->d->styles[ST_FOOTNOTE].space_before : 0;
}

/* Close a portrait page whose body is cur high: set the queue from *qpos
 * (at most to avail: the notes referenced so far) at the foot of the frame,
 * as much as fits; need is where the lines this page requires end. */
static void place_notes(lctx *c, lpage *pg, double cur, size_t *qpos, size_t need, size_t avail)
{
	if (!pg || pg->landscape || pg->cover || *qpos >= avail)
		return;
	/* the required lines fit (paginate saw to it), unless a page's first
	 * line came with more than a page could hold: then the frame wins and
	 * the rest waits for the next page */
	size_t to = *qpos;
	while (to < avail && cur + notes_height(c, *qpos, to + 1) <= c->H + 0.01)
		to++;
	if (to == *qpos && cur == 0)
		to++; /* a line taller than the frame: progress all the same */
	/* no note split with its last line alone on the next page, when a line
	 * can go with it and two stay here */
	if (to < avail && to > need && to - *qpos >= 3 && c->fq_note[to] == c->fq_note[to - 1] &&
	    c->fq_note[to - 3] == c->fq_note[to] && c->fq_end[c->fq_note[to]] == to + 1)
		to--;
	if (to == *qpos)
		return;
	double top = c->H - (c->fq_cum[to] - c->fq_cum[*qpos]);
	place(c, pg, &c->fn_rule, top - c->d->styles[ST_FOOTNOTE].space_before);
	int page = (int)c->L->npages - 1;
	for (size_t q = *qpos; q < to; q++) {
		const vbox *v = &c->fv[c->fq[q]];
		place(c, pg, v, top);
		top += v->h;
		lnote *ln = &c->L->notes[c->fq_note[q]];
		if (ln->first_page < 0)
			ln->first_page = page;
		ln->last_page = page;
	}
	*qpos = to;
}

static void paginate(lctx *c)
{
	layout *L = c->L;
	lpage *pg = NULL;
	double cur = 0;
	bool empty = true;
	const char **first_sec = NULL;
	size_t fs_cap = 0;
	/* footnote queue: the next line to set, the end of the lines this page
	 * must hold, the end of the lines of the notes referenced so far */
	size_t qpos = 0, need = 0, avail = 0;
	L->underfull_pages = 0; /* of the last pass */
	for (size_t n = 0; n < L->nnotes; n++)
		L->notes[n] = (lnote){-1, -1, -1};
	for (size_t k = 0; k < c->nord; k++) {
		const vbox *v = &c->v[c->ord[k]];
		if (v->h < 0)
			continue; /* a repeat box, placed only on demand */
		bool brk = pg == NULL || (v->new_page && !empty) || pg->landscape != v->landscape;
		const double H = v->landscape ? c->d->page.width - c->d->page.top - c->d->page.bottom : c->H;
		size_t vneed = notes_need(c, v, need);
		if (!brk && !empty) {
			double gap = v->gap;
			double chain = gap + v->h;
			size_t cneed = vneed;
			size_t j = k;
			while (c->v[c->ord[j]].keep && j + 1 < c->nord && chain <= H) {
				j++;
				const vbox *n = &c->v[c->ord[j]];
				if (n->h < 0)
					continue;
				if (n->new_page)
					break;
				chain += n->gap + n->h;
				cneed = notes_need(c, n, cneed);
			}
			/* a landscape page holds no notes: they wait for the next */
			double fh = v->landscape ? 0 : notes_height(c, qpos, vneed);
			double ch = v->landscape ? 0 : notes_height(c, qpos, cneed);
			if (cur + gap + v->h + fh > H + 0.01)
				brk = true;
			else if (chain <= H && cur + chain + ch > H + 0.01)
				brk = true;
		}
		if (brk && !empty && v->flt && !v->new_page && pg && pg->landscape == v->landscape &&
		    c->v[c->ord[k - 1]].flt != v->flt &&
		    float_ahead(c, k, H - cur - (v->landscape ? 0 : notes_height(c, qpos, need)), v->landscape)) {
			k--; /* the text moved up comes first */
			continue;
		}
		if (brk) {
			size_t q0 = qpos;
			place_notes(c, pg, cur, &qpos, need, avail);
			/* a page closed by its content, not by a forced break, that
			 * is less than two-thirds full (keeps made it so) */
			if (pg && !empty && !pg->cover && !v->new_page && pg->landscape == v->landscape &&
			    cur + (qpos > q0 ? notes_height(c, q0, qpos) : 0) < H * 2 / 3)
				L->underfull_pages++;
			/* notes carried over come first on the new page, up to half of
			 * it; the text makes room for them */
			need = qpos;
			while (need < avail && notes_height(c, qpos, need + 1) <= c->H / 2)
				need++;
			need = notes_need(c, v, need);
			if (limits_time_check(c->dg, c->d->meta.pos))
				break;
			if (L->npages >= (size_t)LIMIT_PAGES) {
				diag_error(c->dg, c->d->meta.pos, "the dossier would have more than %ld pages (limit pages)", LIMIT_PAGES);
				break;
			}
			pg = new_page(c);
			pg->landscape = v->landscape;
			cur = 0;
			empty = true;
			GROW(first_sec, fs_cap, L->npages);
			first_sec[L->npages - 1] = NULL;
			if (v->repeat >= 0) {
				const vbox *r = &c->v[v->repeat];
				vbox copy = *r;
				copy.h = -r->h;
				copy.mark = -1;
				place(c, pg, &copy, 0);
				cur = copy.h;
				empty = false;
			}
		}
		double gap = empty ? 0 : v->gap;
		c->place_gap = gap;
		place(c, pg, v, cur + gap);
		c->place_gap = 0;
		c->v[c->ord[k]].page = (int)L->npages - 1; /* for count_widows */
		pg = &L->pages[L->npages - 1];
		need = notes_need(c, v, need);
		for (size_t i = 0; i < v->nfn; i++) {
			size_t n = (size_t)c->fnl[v->fn0 + i] - 1;
			L->notes[n].ref_page = (int)L->npages - 1;
			if (c->fq_end[n] > avail)
				avail = c->fq_end[n];
		}
		if (v->cover)
			pg->cover = true;
		if (v->section && !first_sec[L->npages - 1])
			first_sec[L->npages - 1] = v->section;
		if (v->section)
			pg->section = v->section; /* the last one, for carrying over */
		cur += gap + v->h;
		empty = false;
	}
	/* the notes left over continue on pages of their own */
	place_notes(c, pg, cur, &qpos, need, c->nfq);
	while (pg && qpos < c->nfq && L->npages < (size_t)LIMIT_PAGES) {
		const char *sec = pg->section;
		pg = new_page(c);
		pg->section = sec;
		GROW(first_sec, fs_cap, L->npages);
		first_sec[L->npages - 1] = NULL;
		place_notes(c, pg, 0, &qpos, qpos + 1, c->nfq);
	}
	/* running section: an H1 that starts on the page, else the one in force */
	const char *running = NULL;
	for (size_t p = 0; p < L->npages; p++) {
		const char *last = L->pages[p].section;
		L->pages[p].section = first_sec[p] ? first_sec[p] : running;
		if (last)
			running = last;
	}
	free(first_sec);
}

/* ---- header and footer ---- */
static const char *expand(lctx *c, const char *tpl, size_t page, const lpage *pg)
{
	if (!tpl)
		return NULL;
	buf b = {0};
	const doc_meta *m = &c->d->meta;
	for (const char *s = tpl; *s;) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) { /* a brace */
			buf_putc(&b, *s);
			s += 2;
			continue;
		}
		if (*s == '{') {
			const char *e = strchr(s, '}');
			if (e) {
				size_t n = (size_t)(e - s - 1);
				const char *k = s + 1;
				const char *val = NULL;
				char num[32];
				char date[64];
				if (n == 4 && !strncmp(k, "page", 4)) {
					snprintf(num, sizeof num, "%zu", page + 1);
					val = num;
				} else if (n == 5 && !strncmp(k, "pages", 5)) {
					snprintf(num, sizeof num, "%zu", c->L->npages);
					val = num;
				} else if (n == 5 && !strncmp(k, "title", 5)) {
					val = m->title;
				} else if (n == 8 && !strncmp(k, "subtitle", 8)) {
					val = m->subtitle;
				} else if (n == 7 && !strncmp(k, "section", 7)) {
					val = pg->section;
				} else if (n == 6 && !strncmp(k, "author", 6)) {
					val = m->author;
				} else if (n == 14 && !strncmp(k, "classification", 14)) {
					val = m->classification;
				} else if (n == 4 && !strncmp(k, "copy", 4)) {
					val = m->copy;
				} else if (n == 4 && !strncmp(k, "date", 4)) {
					if (m->date)
						format_date(date, sizeof date, m->date, lang(c));
					val = m->date ? date : NULL;
				} else {
					buf_put(&b, s, n + 2);
					s = e + 1;
					continue;
				}
				if (val)
					buf_puts(&b, val);
				s = e + 1;
				continue;
			}
		}
		buf_putc(&b, *s++);
	}
	const char *r = arena_strdup(c->L->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* ---- one-line texts (running header and footer, markings) ----
 * Not set as paragraphs, but like them: right-to-left text shaped and in
 * display order, and each character from the face that has it. */
static const char *visual(lctx *c, const char *s)
{
	if (!s || !bidi_has_rtl(s, strlen(s)))
		return s;
	buf b = {0};
	bidi_line(&b, s, strlen(s));
	const char *r = arena_strndup(c->L->a, b.s, b.len);
	buf_free(&b);
	return r;
}

/* Measuring text as drawn: each character from the first face that has it
 * (font fallback), kerned within a run of one face. */
typedef struct {
	uint32_t prev; /* the character before, and */
	int face;      /* its face; -1 at the start */
} wrun;

/* The advance of the character at s[*i..n) in 1/1000 em (after a kern with
 * the one before), *i moved past it. */
static double wrun_step(lctx *c, wrun *r, int f, const char *s, size_t n, size_t *i)
{
	uint32_t cp;
	int l = utf8_decode(s + *i, n - *i, &cp);
	if (!l)
		l = 1, cp = 0xFFFD;
	int g = font_pick(c->fs, f, cp);
	if (g < 0)
		g = f;
	double w = font_advance(c->fs, g, cp);
	if (g == r->face)
		w += font_kern(c->fs, g, r->prev, cp) * font_scale(c->fs, g);
	r->prev = cp;
	r->face = g;
	*i += (size_t)l;
	return w;
}

/* Width of s[0..n) in face f with font fallback, in points. */
static double line_width(lctx *c, int f, const char *s, size_t n, double size)
{
	double sum = 0;
	wrun r = {0, -1};
	for (size_t i = 0; i < n;)
		sum += wrun_step(c, &r, f, s, n, &i);
	return sum * size / 1000.0;
}

/* Generated characters (list bullets, dashes, the ellipsis of shortened
 * text, quotation marks and spaces of generated phrases) and what stands
 * in for each when no font of the document has it: the first candidate a
 * font has, else plain ASCII. */
static const struct {
	uint32_t cp;
	const char *alt[3];
} gen_subst[] = {
	{0x2022, {"\xE2\x80\xA7", "\xC2\xB7", "*"}},  /* • → ‧ · * */
	{0x2013, {"\xE2\x80\x90", "-", NULL}},           /* – → ‐ - */
	{0x2014, {"\xE2\x80\x93", "--", NULL}},          /* — → – -- */
	{0x25E6, {"\xE2\x80\xA3", "\xC2\xB7", "-"}},   /* ◦ → ‣ · - */
	{0x2026, {"...", NULL, NULL}},                      /* … */
	{0x201C, {"\"", NULL, NULL}},                      /* “ */
	{0x201D, {"\"", NULL, NULL}},                      /* ” */
	{0x00A0, {" ", NULL, NULL}},                        /* no-break space */
	{0x00B7, {"\xE2\x80\xA2", "-", NULL}},           /* · → • - */
};

/* The stand-in for generated character cp when no face has it: the first
 * candidate some face has, else the last (ASCII); NULL when cp has none. */
static const char *stand_in(lctx *c, int f, uint32_t cp)
{
	for (size_t k = 0; k < sizeof gen_subst / sizeof gen_subst[0]; k++) {
		if (gen_subst[k].cp != cp)
			continue;
		const char *last = NULL;
		for (int a = 0; a < 3 && gen_subst[k].alt[a]; a++) {
			uint32_t ac;
			last = gen_subst[k].alt[a];
			if (utf8_decode(last, strlen(last), &ac) && font_pick(c->fs, f, ac) >= 0)
				return last;
		}
		return last;
	}
	return NULL;
}

/* Generated text s as drawn from face f and its fallbacks: each character
 * no face has replaced by its stand-in. */
static const char *gen_text(lctx *c, int f, const char *s)
{
	size_t n = strlen(s);
	buf b = {0};
	bool changed = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			l = 1, cp = 0xFFFD;
		const char *put = font_pick(c->fs, f, cp) < 0 ? stand_in(c, f, cp) : NULL;
		if (put) {
			buf_puts(&b, put);
			changed = true;
		} else {
			buf_put(&b, s + i, (size_t)l);
		}
		i += (size_t)l;
	}
	const char *r = changed ? arena_strndup(c->L->a, b.s, b.len) : s;
	buf_free(&b);
	return r;
}

/* Append text item t (its font the face wanted) to pg, or to the vbox
 * being made when pg is NULL: one item per run of characters drawn by the
 * same face, each character from the first face of the chain that has it
 * (font_pick). A character no face has is an error at c->text_pos when
 * c->text_what names the text (in decorate, once per character). */
static void line_add(lctx *c, lpage *pg, item t)
{
	const char *s = t.text;
	size_t n = strlen(s), start = 0;
	int want = t.font, cur = -2;
	double x = t.x;
	for (size_t i = 0; i <= n;) {
		uint32_t cp = 0;
		int l = 1, g = -3;
		if (i < n) {
			if (!(l = utf8_decode(s + i, n - i, &cp)))
				l = 1, cp = 0xFFFD;
			g = font_pick(c->fs, want, cp);
			if (g < 0) {
				srcpos at = c->text_pos;
				if (c->text_cols)
					at.col += (int)utf8_count(s, i);
				bool seen = false;
				for (int k = 0; c->nonce >= 0 && k < c->nonce && !seen; k++)
					seen = c->once[k] == cp;
				if (c->nonce >= 0 && !seen && c->nonce < (int)(sizeof c->once / sizeof c->once[0]))
					c->once[c->nonce++] = cp;
				if (c->report && c->text_what && !seen) {
					c->nmissing++;
					diag_error(c->dg, at,
						   "character U+%04X '%.*s' in %s is in no font (%s or the fallback fonts); add a fallback font that has it",
						   cp, l, s + i, c->text_what, font_family_name(c->fs, want));
				}
				g = want;
			}
		}
		if (g != cur && cur != -2) {
			item r = t;
			r.font = (int16_t)cur;
			r.size = (float)(t.size * font_scale(c->fs, cur));
			r.x = (float)x;
			r.text = start == 0 && i == n ? s : arena_strndup(c->L->a, s + start, i - start);
			r.w = (float)line_width(c, cur, s + start, i - start, t.size);
			x += r.w;
			if (pg) {
				GROW(pg->items, pg->cap, pg->n + 1);
				pg->items[pg->n++] = r;
			} else {
				*add_item(c, IT_TEXT) = r;
			}
			start = i;
		}
		cur = g;
		i += (size_t)l;
	}
}

/* Shorten text with an ellipsis to fit width: the longest prefix that
 * leaves room for the ellipsis, measured in one pass (kerned as line_width
 * measures it). */
static const char *fit(lctx *c, const char *s, int f, double size, double width)
{
	size_t n = strlen(s);
	if (line_width(c, f, s, n, size) <= width)
		return s;
	const char *ellipsis = gen_text(c, f, "\xe2\x80\xa6"); /* a stand-in the font has */
	double room = (width - line_width(c, f, ellipsis, strlen(ellipsis), size)) * 1000.0 / size;
	double sum = 0;
	wrun r = {0, -1};
	size_t best = 0;
	bool any = false;
	for (size_t i = 0; i < n;) {
		if (sum <= room) {
			best = i;
			any = true;
		}
		sum += wrun_step(c, &r, f, s, n, &i);
	}
	if (!any)
		return "";
	n = best;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return arena_printf(c->L->a, "%.*s%s", (int)n, s, ellipsis);
}

static void running_line(lctx *c, lpage *pg, size_t page, const running *r, int stid, double y,
			 bool rule_below)
{
	const style *st = &c->d->styles[stid];
	int f = style_font(st, 0);
	double x0 = frame_x(c, page);
	const char *l = visual(c, expand(c, r->left, page, pg)), *m = visual(c, expand(c, r->center, page, pg)),
		   *rt = visual(c, expand(c, r->right, page, pg));
	/* on even pages of a duplex dossier, mirror left and right */
	if (c->d->page.duplex && page % 2 == 1) {
		const char *t = l;
		l = rt;
		rt = t;
	}
	double rw = rt ? line_width(c, f, rt, strlen(rt), st->size) : 0;
	double mw = m ? line_width(c, f, m, strlen(m), st->size) : 0;
	if (rt && rw > c->W * 0.45) {
		rt = fit(c, rt, f, st->size, c->W * 0.45);
		rw = line_width(c, f, rt, strlen(rt), st->size);
	}
	double lx = 0; /* the left text follows the logo */
	const image *logo = r == &c->d->header ? c->d->header_logo : NULL;
	if (logo) {
		double lw, lh;
		image_size(logo, 0, c->d->header_logo_h, c->W * 0.3, c->d->header_logo_h, &lw, &lh);
		image_items(c, logo, x0, y - 1 + lh, lw, lh, true, put_page, pg);
		lx = lw + 6;
	}
	double room_l = c->W - rw - (m ? mw + 24 : 0) - 18 - lx;
	if (l && l[0]) {
		l = fit(c, l, f, st->size, m ? (c->W - mw) / 2 - 12 - lx : room_l);
		item t = {.kind = IT_TEXT, .x = x0 + lx, .y = y, .font = f, .size = st->size, .color = st->color, .text = l};
		line_add(c, pg, t);
	}
	if (m && m[0]) {
		item t = {.kind = IT_TEXT, .x = x0 + (c->W - mw) / 2, .y = y, .font = f, .size = st->size, .color = st->color, .text = m};
		line_add(c, pg, t);
	}
	if (rt && rt[0]) {
		item t = {.kind = IT_TEXT, .x = x0 + c->W - rw, .y = y, .font = f, .size = st->size, .color = st->color, .text = rt};
		line_add(c, pg, t);
	}
	if ((l && l[0]) || (m && m[0]) || (rt && rt[0]) || logo) {
		item ln = {.kind = IT_LINE, .x = x0, .y = rule_below ? y - 4 : y + st->size + 2, .w = c->W, .lw = 0.5, .color = 0xB8C4D6};
		GROW(pg->items, pg->cap, pg->n + 1);
		pg->items[pg->n++] = ln;
	}
}

static bool uses_copy(const doc *d)
{
	const char *t[] = {d->header.left, d->header.center, d->header.right, d->footer.left,
			   d->footer.center, d->footer.right};
	for (int i = 0; i < 6; i++)
		for (const char *s = t[i]; s && *s; s++) {
			if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}'))
				s++; /* a brace, as expand writes it */
			else if (!strncmp(s, "{copy}", 6))
				return true;
		}
	return false;
}

static void copy_footer(lctx *c, lpage *pg, size_t page, double y)
{
	const style *st = &c->d->styles[ST_FOOTER];
	int f = style_font(st, SPAN_BOLD);
	const char *s = fit(c, visual(c, c->d->meta.copy), f, st->size, c->W);
	double w = line_width(c, f, s, strlen(s), st->size);
	item t = {.kind = IT_TEXT, .x = frame_x(c, page) + (c->W - w) / 2, .y = y, .font = f,
		  .size = st->size, .color = st->color, .text = s};
	line_add(c, pg, t);
}

/* The classification marking ("RESTRICTED"), centred on the page at
 * baseline y, in the classification style; the copy line joins it when
 * given. */
static void marking(lctx *c, lpage *pg, double pw, double y, const char *copy)
{
	const style *st = &c->d->styles[ST_CLASSIFICATION];
	int f = style_font(st, 0);
	const char *s = c->d->meta.classification;
	if (copy)
		s = arena_printf(c->L->a, "%s %s %s", s, gen_text(c, f, "\xc2\xb7"), copy);
	s = fit(c, visual(c, s), f, st->size, pw - 72);
	double w = line_width(c, f, s, strlen(s), st->size);
	/* on white, so it reads on a coloured band (the cover's) too */
	item bg = {.kind = IT_RECT, .x = (pw - w) / 2 - 6, .y = y - st->size * 0.3 - 2, .w = w + 12,
		   .h = st->size * 1.3 + 4, .color = 0xFFFFFF};
	item t = {.kind = IT_TEXT, .x = (pw - w) / 2, .y = y, .font = f, .size = st->size, .color = st->color,
		  .text = s};
	GROW(pg->items, pg->cap, pg->n + 1);
	pg->items[pg->n++] = bg;
	line_add(c, pg, t);
}

static void decorate(lctx *c)
{
	const page_setup *ps = &c->d->page;
	const char *cls = c->d->meta.classification;
	bool copy_line = c->d->meta.copy && !uses_copy(c->d);
	/* this text is the same on many pages: each missing character once,
	 * at the document: key (the templates are the layout's) */
	c->text_pos = c->d->meta.pos;
	c->text_what = c->nmissing ? NULL : "a running header, footer or marking";
	/* (after other such errors, none: {title} and {section} repeat the
	 * headings, reported where they were set) */
	c->nonce = 0;
	for (size_t p = 0; p < c->L->npages; p++) {
		lpage *pg = &c->L->pages[p];
		if (cls && cls[0]) {
			/* in the page's edge margin, about 8 mm from the top edge
			 * and 6 mm from the bottom one: above the header, below
			 * the footer (and the copy line, which joins the bottom
			 * marking) */
			double pw = pg->landscape ? ps->height : ps->width;
			double ph = pg->landscape ? ps->width : ps->height;
			marking(c, pg, pw, ph - 22, NULL);
			marking(c, pg, pw, 16, copy_line && !pg->cover ? c->d->meta.copy : NULL);
		}
		if (pg->cover)
			continue;
		double W = c->W; /* a page turned sideways has a wider frame */
		if (pg->landscape)
			c->W = ps->height - ps->inside - ps->outside;
		double ph = pg->landscape ? ps->width : ps->height;
		running_line(c, pg, p, &c->d->header, ST_HEADER, ph - ps->top + 16, true);
		running_line(c, pg, p, &c->d->footer, ST_FOOTER, ps->bottom - 24, false);
		if (copy_line && !(cls && cls[0])) /* numbered copies: on every page */
			copy_footer(c, pg, p, ps->bottom - 34);
		c->W = W;
	}
	c->text_what = NULL;
	c->nonce = -1;
}

/* Resolve internal links (mark index → page) now that pages are known. */
static void resolve_links(lctx *c)
{
	for (size_t p = 0; p < c->L->npages; p++) {
		lpage *pg = &c->L->pages[p];
		for (size_t i = 0; i < pg->n; i++) {
			item *it = &pg->items[i];
			if (it->kind != IT_LINK)
				continue;
			const lmark *m = &c->L->marks[it->dest];
			it->dest_y = m->y;
			it->dest = m->page;
		}
	}
}

/* ================================================================
 * Driver
 * ================================================================ */
static void layout_pass(lctx *c)
{
	const doc *d = c->d;
	/* marks first, in document order, so the contents can list headings
	 * that come after it */
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		c->block_mark[i] = -1;
		if (b->kind == BLK_HEADING) /* every heading is a bookmark */
			c->block_mark[i] = new_mark(c, b->plain ? b->plain : "", b->level, b->toc);
		else if (b->kind == BLK_TOC)
			c->block_mark[i] = new_mark(c, b->toc_title, 1, false);
		else if (b->label) /* a cross-reference target: level 0, no bookmark */
			c->block_mark[i] = new_mark(c, b->label, 0, false);
	}
	c->prev_style = -1;
	c->prev_block = NULL;
	set_notes(c);
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		c->blang = b->lang;
		if (limits_time_check(c->dg, d->meta.pos))
			return;
		size_t nv0 = c->nv;
		double frame_w = c->W, step = cont_step(c, b);
		c->W -= step * (double)b->ncont;
		switch (b->kind) {
		case BLK_HEADING:
			do_heading(c, i, b);
			break;
		case BLK_PARA:
			do_para(c, b);
			break;
		case BLK_CODE:
			do_code(c, b);
			break;
		case BLK_TABLE:
			do_table(c, b);
			break;
		case BLK_IMAGE:
			do_image(c, b);
			break;
		case BLK_RULE:
			do_rule(c);
			break;
		case BLK_PAGEBREAK:
			c->force_break = true;
			break;
		case BLK_COVER:
			do_cover(c, b);
			break;
		case BLK_TOC:
			c->toc_block = i;
			c->toc_v0 = c->nv;
			do_toc(c, i, b);
			c->toc_v1 = c->nv;
			c->has_toc = true;
			break;
		case BLK_SPACE:
			c->pending_gap += b->space;
			break;
		case BLK_CHART:
			do_chart(c, b);
			break;
		}
		c->W = frame_w;
		if (b->ncont)
			cont_decorate(c, b, nv0, step);
		if (c->nv > nv0)
			c->prev_block = b;
		if (b->kind == BLK_IMAGE || b->kind == BLK_CHART)
			for (size_t k = nv0; k < c->nv; k++)
				c->v[k].flt = (int)i + 1;
		if (b->label && b->kind != BLK_HEADING && c->block_mark[i] >= 0) {
			/* the target's page is where its first box lands */
			for (size_t k = nv0; k < c->nv; k++)
				if (c->v[k].h >= 0) {
					c->v[k].mark = c->block_mark[i];
					break;
				}
		}
		c->prev_style = b->kind == BLK_PARA ? b->style : -1;
	}
	queue_notes(c);
	c->blang = NULL;
	GROW(c->ord, c->nord, c->nv);
	c->nord = c->nv;
	for (size_t i = 0; i < c->nv; i++)
		c->ord[i] = i;
	paginate(c);
	resolve_links(c);
	decorate(c);
}

/* Later passes of the contents' fix point: only the contents change (its
 * page numbers), so its vboxes are made again at the end of the list and
 * put in the place of the old ones; every other block keeps its lines. */
static void contents_pass(lctx *c)
{
	size_t old_nv = c->nv;
	c->pending_gap = 0;
	c->force_break = false;
	do_toc(c, c->toc_block, &c->d->blocks[c->toc_block]);
	c->force_break = false;
	size_t n = 0, cap = c->nord;
	size_t *ord = xmalloc((old_nv + (c->nv - old_nv)) * sizeof(size_t));
	(void)cap;
	for (size_t i = 0; i < c->toc_v0; i++)
		ord[n++] = i;
	for (size_t i = old_nv; i < c->nv; i++)
		ord[n++] = i;
	for (size_t i = c->toc_v1; i < old_nv; i++)
		ord[n++] = i;
	free(c->ord);
	c->ord = ord;
	c->nord = n;
	c->toc_v0 = old_nv; /* the new contents, for the next pass */
	c->toc_v1 = c->nv;
	/* the vboxes after the new contents in storage are not in ord twice:
	 * ord lists storage ranges [0,v0) new [v1_old, old_nv) */
	paginate(c);
	resolve_links(c);
	decorate(c);
}

/* Widows and orphans of the final pages (layout.h): a paragraph's last
 * line alone at the top of a page, its first line alone at the foot. The
 * keeps of para_vboxes prevent both unless a chain of keeps taller than a
 * page had to be broken. A two-line paragraph split across pages counts
 * as both. */
static void count_widows(lctx *c)
{
	layout *L = c->L;
	size_t k = 0;
	while (k < c->nord) {
		uint32_t id = c->v[c->ord[k]].para;
		size_t j = k + 1;
		if (id)
			while (j < c->nord && c->v[c->ord[j]].para == id)
				j++;
		if (id && j - k >= 2) {
			if (c->v[c->ord[k]].page != c->v[c->ord[k + 1]].page)
				L->orphans++;
			if (c->v[c->ord[j - 1]].page != c->v[c->ord[j - 2]].page)
				L->widows++;
		}
		k = j;
	}
}

static void lb_init(void)
{
	static bool ready;
	if (!ready) {
		init_linebreak();
		ready = true;
	}
}

/* Drop the pages of a pass; the vboxes, marks and text stay. */
static void layout_reset_pages(layout *L)
{
	for (size_t p = 0; p < L->npages; p++)
		free(L->pages[p].items);
	free(L->pages);
	L->pages = NULL;
	L->npages = L->pcap = 0;
}

/* One layout of the whole document: the first pass, then the contents'
 * fix point. ref_pages are the mark pages a cross-reference prints. */
static layout *layout_round(const doc *d, fontset *fs, diag *dg, const int *ref_pages, int *fig_of_block,
			    bool report)
{
	layout *L = xcalloc(1, sizeof *L);
	L->a = arena_new();
	const page_setup *ps = &d->page;
	lctx c = {0};
	c.d = d;
	c.fs = fs;
	c.dg = dg;
	c.L = L;
	c.W = ps->width - ps->inside - ps->outside;
	c.H = ps->height - ps->top - ps->bottom;
	c.block_mark = xcalloc(d->nblocks ? d->nblocks : 1, sizeof(int));
	c.fig_of_block = fig_of_block;
	c.ref_pages = ref_pages;
	L->nnotes = d->nnotes;
	L->notes = xcalloc(d->nnotes ? d->nnotes : 1, sizeof *L->notes);
	int *prev = NULL;
	size_t prev_n = 0;
	int before = dg->errors;
	for (int pass = 1; pass <= LIMIT_TOC_PASSES; pass++) {
		c.report = report && pass == 1;
		c.nonce = -1;
		c.count = pass == 1;
		c.prev_pages = prev;
		if (pass == 1) {
			layout_pass(&c);
		} else {
			layout_reset_pages(L);
			contents_pass(&c);
		}
		L->passes = pass;
		if (dg->errors > before)
			break;
		bool stable = prev && prev_n == L->nmarks;
		for (size_t m = 0; stable && m < L->nmarks; m++)
			if (prev[m] != L->marks[m].page)
				stable = false;
		if (stable)
			break;
		free(prev);
		prev_n = L->nmarks;
		prev = xmalloc((prev_n ? prev_n : 1) * sizeof(int));
		for (size_t m = 0; m < L->nmarks; m++)
			prev[m] = L->marks[m].page;
		if (!c.has_toc)
			break;
	}
	free(prev);
	if (dg->errors == before)
		count_widows(&c);
	free(c.block_mark);
	free(c.v);
	free(c.it);
	free(c.ord);
	free(c.fv);
	free(c.fn_line0);
	free(c.fn_nlines);
	free(c.fnl);
	free(c.fn_anchored);
	free(c.fq);
	free(c.fq_cum);
	free(c.fq_need);
	free(c.fq_end);
	free(c.fq_note);
	if (dg->errors > before) {
		layout_free(L);
		return NULL;
	}
	return L;
}

layout *layout_run(const doc *d, fontset *fs, diag *dg)
{
	lb_init();
	/* figures are numbered in document order, so a reference can name
	 * one that comes later */
	int *fig = xcalloc(d->nblocks ? d->nblocks : 1, sizeof(int));
	int nfig = 0;
	bool refs = false;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		if (b->kind == BLK_IMAGE && b->image)
			fig[i] = ++nfig;
		for (size_t k = 0; k < b->nspans && !refs; k++)
			refs = b->spans[k].autoref;
	}
	layout *L = layout_round(d, fs, dg, NULL, fig, true);
	/* cross-references print page numbers: lay out again with the pages
	 * of the round before until they stay the same */
	int passes = L ? L->passes : 0;
	for (int round = 2; L && refs && round <= LIMIT_TOC_PASSES; round++) {
		int *pages = xmalloc((L->nmarks ? L->nmarks : 1) * sizeof(int));
		for (size_t m = 0; m < L->nmarks; m++)
			pages[m] = L->marks[m].page;
		layout *next = layout_round(d, fs, dg, pages, fig, false);
		bool stable = next && next->nmarks == L->nmarks;
		for (size_t m = 0; stable && m < L->nmarks; m++)
			stable = next->marks[m].page == pages[m];
		free(pages);
		layout_free(L);
		L = next;
		if (L)
			passes += L->passes;
		if (stable)
			break;
	}
	if (L)
		L->passes = passes;
	free(fig);
	para_free(&P);
	hyph_release();
	memset(&P, 0, sizeof P);
	return L;
}

void layout_free(layout *L)
{
	if (!L)
		return;
	for (size_t p = 0; p < L->npages; p++)
		free(L->pages[p].items);
	free(L->pages);
	free(L->marks);
	free(L->notes);
	arena_free(L->a);
	free(L);
}

void layout_dump(const layout *L, const fontset *fs, FILE *out)
{
	static const char *const kinds[] = {"text", "rect", "line", "image", "link", "uri", "path", "clip", "unclip"};
	for (size_t p = 0; p < L->npages; p++) {
		const lpage *pg = &L->pages[p];
		fprintf(out, "page %zu%s section=%s\n", p + 1, pg->cover ? " cover" : "",
			pg->section ? pg->section : "-");
		for (size_t i = 0; i < pg->n; i++) {
			const item *it = &pg->items[i];
			fprintf(out, "  %s %.2f %.2f", kinds[it->kind], it->x, it->y);
			if (it->kind == IT_TEXT)
				fprintf(out, " w=%.2f %s %.1f \"%s\"\n", it->w, font_family_name(fs, it->font),
					it->size, it->text);
			else if (it->kind == IT_LINK)
				fprintf(out, " %.2fx%.2f -> page %d\n", it->w, it->h, it->dest + 1);
			else
				fprintf(out, " %.2fx%.2f\n", it->w, it->h);
		}
	}
	for (size_t m = 0; m < L->nmarks; m++)
		fprintf(out, "mark %d page %d \"%s\"\n", L->marks[m].level, L->marks[m].page + 1,
			L->marks[m].title);
}

size_t layout_break_text(const doc *d, fontset *fs, const char *text, int stid, double width,
			 layout_line *out, size_t max)
{
	lb_init();
	layout *L = xcalloc(1, sizeof *L);
	L->a = arena_new();
	lctx c = {0};
	c.d = d;
	c.fs = fs;
	c.L = L; /* c.report stays false: nothing is reported, c.dg is unused */
	const style *st = &d->styles[stid];
	bool ragged = st->align != ALIGN_JUSTIFY;
	para p = {0};
	span sp = {text, strlen(text), 0, NULL, false, false, 0};
	srcpos pos = {0};
	size_t nl = set_para(&c, &p, &sp, 1, st, width, 0, ragged ? BRK_RAGGED : BRK_JUSTIFY, pos);
	for (size_t l = 0; l < nl && l < max; l++) {
		layout_line *o = &out[l];
		memset(o, 0, sizeof *o);
		const word *w = &p.w[p.lines[l + 1] - 1];
		size_t n = 0;
		for (size_t q = w->p0; q < w->p0 + w->np; q++)
			for (size_t i = 0; i < p.p[q].len && n + 1 < sizeof o->last; i++)
				o->last[n++] = p.text.s[p.p[q].off + i];
		o->ratio = line_ratio(&p, l, st, ragged, width);
		o->natural = line_natural(&p, p.lines[l], p.lines[l + 1]);
		o->width = width;
		line_hyphen(&p, l, &o->hyphen);
		o->emergency = p.emergency;
	}
	para_free(&p);
	hyph_release();
	layout_free(L);
	return nl;
}

static void json_name(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

void layout_quality_print(const layout *L, const char *name, const char *linebreak, bool json, FILE *out)
{
	double mean = L->ratio_lines ? L->ratio_sum / (double)L->ratio_lines : 0;
	if (json) {
		fputs("{\"layout\": ", out);
		json_name(out, name);
		fprintf(out, ", \"linebreak\": \"%s\", \"pages\": %zu, \"lines\": %ld, \"ragged_lines\": %ld, "
			"\"loose\": %ld, \"hyphenated\": %ld, \"consecutive_hyphens\": %ld, \"overfull\": %ld, "
			"\"widows\": %ld, \"orphans\": %ld, \"emergency_breaks\": %ld, "
			"\"emergency_paragraphs\": %ld, \"underfull_pages\": %ld, \"mean_abs_ratio\": %.3f}\n",
			linebreak, L->npages, L->lines, L->ragged_lines, L->loose_lines, L->hyphens, L->hyphen_runs,
			L->overfull_lines, L->widows, L->orphans, L->emergency_breaks, L->emergency_paras,
			L->underfull_pages, mean);
		return;
	}
	fprintf(out, "%s: line breaking %s, %zu page%s\n", name, linebreak, L->npages, L->npages == 1 ? "" : "s");
	const struct {
		const char *label;
		long v;
	} rows[] = {
		{"lines", L->lines},
		{"  ragged", L->ragged_lines},
		{"loose (ratio > 1)", L->loose_lines},
		{"hyphenated", L->hyphens},
		{"consecutive hyphens", L->hyphen_runs},
		{"overfull", L->overfull_lines},
		{"widows", L->widows},
		{"orphans", L->orphans},
		{"emergency breaks", L->emergency_breaks},
		{"emergency paragraphs", L->emergency_paras},
		{"underfull pages", L->underfull_pages},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		fprintf(out, "  %-22s %8ld\n", rows[i].label, rows[i].v);
	fprintf(out, "  %-22s %8.3f\n", "mean |ratio|", mean);
}
