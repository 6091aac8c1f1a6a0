/* lines.c — a broken paragraph's lines → items: justification, bidi
 * reordering, note references, and the quality counts of each line.
 */
#include "layout_imp.h"

double line_natural(const para *p, size_t a, size_t b)
{
	double x = -line_trim_start(p, a, b);
	for (size_t k = a; k < b; k++)
		x += p->w[k].w + (k + 1 < b ? p->w[k].space : 0);
	if (b < p->nw && b > a) /* a break ends the line */
		x -= p->w[b - 1].trim_end;
	return x;
}

/* How far a line of words [a, b) starts left of its frame: the blank half
 * of an opening bracket it starts with, after a break (para_words). */
double line_trim_start(const para *p, size_t a, size_t b)
{
	return a > 0 && a < b ? p->w[a].trim_start : 0;
}

/* The adjustment ratio of line l as set, in para_break_kp's model: the
 * spare width over the stretch (over the shrink when negative); 0 for a
 * last line, or one ending at a hard break, that fits; +inf for a line
 * with spare width and nothing to stretch (one word, justified). */
double line_ratio(const para *p, size_t l, const style *st, bool ragged, double lw)
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
bool line_hyphen(const para *p, size_t l, bool *added)
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
void para_quality(lctx *c, const para *p, const style *st, bool ragged, double width,
		  double first_indent)
{
	layout *L = c->L;
	bool prev_hy = false;
	if (p->emergency) {
		L->emergency_paras++;
		GROW(c->emerg, c->emergcap, c->nemerg + 1);
		c->emerg[c->nemerg++] = c->nparas + 1; /* the serial its lines will get */
	}
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
	return sp && sp->link ? st->link_color : st->color;
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
	t->lang = item_lang(c, pc->sp);
	if (t->lang) /* else its block's (add_item) */
		t->shape_lang = t->lang;
	t->liga = st->ligatures;
	t->text = NULL;
	if (pc->sp && (pc->sp->flags & SPAN_NOTE)) { /* a footnote reference */
		t->tag = TAG_NOTEREF;
		t->sub = (uint32_t)pc->sp->note;
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
	if (c->nit >= 2 && t == &c->it[c->nit - 2]) { /* the text and its area: one link */
		if (pc->sp != c->link_span)
			c->nlinks++;
		c->link_span = pc->sp;
		t->tag = c->it[c->nit - 1].tag = TAG_LINK;
		t->sub = c->it[c->nit - 1].sub = c->nlinks;
	}
	return t;
}

/* A right-to-left piece: one item holding its text in logical order, which
 * font_shape shapes right to left (joining, marks positioned on their
 * letters, brackets mirrored) into glyphs in display order; text extraction
 * gets the logical text back (render: ActualText). */
static void emit_rtl_piece(lctx *c, const para *p, const piece *pc, const style *st, double x,
			   double y)
{
	item *it = piece_item(c, pc, st, x, y);
	it->text = arena_strndup(c->L->a, p->text.s + pc->off, pc->len);
	it->rtl = true;
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

/* A run of a line spread between its clusters (emit_tracked): pieces
 * [q0, q1) that follow one another in the text, in one face, colour and
 * language, without a link, drawn as one item. */
typedef struct {
	size_t q0, q1;
	double w;               /* as shaped whole, unspread */
	size_t places;          /* where it may be spread (font_track_after) */
	int edges;              /* 1: its first glyph advances; 2: its last */
} trun;

/* Shape run r of p as its item is drawn (the style's ligatures, its
 * language) and measure it. */
static void trun_measure(lctx *c, const para *p, trun *r, const style *st)
{
	const piece *pc = &p->p[r->q0];
	const char *s = p->text.s + pc->off;
	size_t n = p->p[r->q1 - 1].off + p->p[r->q1 - 1].len - pc->off;
	const char *l = span_lang(c, pc->sp);
	const char *lwas = l ? font_language(c->fs, l) : NULL;
	bool was = font_ligatures(c->fs, st->ligatures);
	const font_glyph *g;
	size_t ng = font_shape(c->fs, pc->font, s, n, false, &g);
	long sum = 0;
	r->places = 0;
	for (size_t i = 0; i < ng; i++) {
		sum += g[i].advance;
		r->places += font_track_after(s, n, g, ng, i);
	}
	r->edges = ng ? (g[0].advance != 0) | (g[ng - 1].advance != 0) << 1 : 0;
	r->w = (double)sum * font_scale(c->fs, pc->font) * st->size / 1000.0;
	font_ligatures(c->fs, was);
	if (l)
		font_language(c->fs, lwas);
}

/* Spread line [a, b) without spaces (Thai) to width nat + slack from x:
 * the slack shared by every place between two grapheme clusters
 * (font_track_after) and between two runs, never after a mark (a reader
 * would take the gap from it for a space) and never more than TRACK_MAX
 * of the size a place (or a reader would take it for a space); the pieces
 * of a run are one item, so that the renderer sees a letter's marks with
 * the letter after them (pdf_font_show). false, with nothing emitted, when
 * the line holds a space, a right-to-left piece or a footnote reference,
 * or would be spread wider. */
#define TRACK_MAX 0.06
static bool emit_tracked(lctx *c, const para *p, size_t a, size_t b, const style *st, double x, double y,
			 double slack)
{
	size_t q0 = p->w[a].p0, q1 = p->w[b - 1].p0 + p->w[b - 1].np;
	for (size_t k = a; k + 1 < b; k++)
		if (p->w[k].space > 0 || p->w[k].glue)
			return false;
	trun *r = xmalloc((q1 - q0 + 1) * sizeof *r);
	size_t nr = 0, gaps = 0;
	double pieces = 0, runs = 0;
	for (size_t q = q0; q < q1; q++) {
		const piece *pc = &p->p[q];
		if ((pc->lev & 1) || (pc->sp && (pc->sp->flags & SPAN_NOTE))) {
			free(r);
			return false;
		}
		pieces += pc->w;
		const piece *pv = q > q0 ? &p->p[q - 1] : NULL;
		if (pv && pv->font == pc->font && pv->off + pv->len == pc->off && pv->sp && pc->sp &&
		    !pv->sp->link && !pc->sp->link && span_color(st, pv->sp) == span_color(st, pc->sp) &&
		    item_lang(c, pv->sp) == item_lang(c, pc->sp))
			r[nr - 1].q1 = q + 1;
		else
			r[nr++] = (trun){q, q + 1, 0, 0, 0};
	}
	for (size_t i = 0; i < nr; i++) {
		trun_measure(c, p, &r[i], st);
		runs += r[i].w;
		gaps += r[i].places + (i > 0 && (r[i - 1].edges & 2) && (r[i].edges & 1));
	}
	slack -= runs - pieces; /* shaped whole, a run may kern where its pieces meet */
	if (!gaps || slack <= 0 || slack / (double)gaps > TRACK_MAX * st->size) {
		free(r);
		return false;
	}
	double track = slack / (double)gaps;
	for (size_t i = 0; i < nr; i++) {
		if (i > 0 && (r[i - 1].edges & 2) && (r[i].edges & 1))
			x += track;
		const piece *pc = &p->p[r[i].q0];
		item *it = piece_item(c, pc, st, x, y);
		it->text = piece_text(c, p, pc->off, p->p[r[i].q1 - 1].off + p->p[r[i].q1 - 1].len - pc->off);
		it->track = (float)track;
		it->w = (float)(r[i].w + track * (double)r[i].places);
		x += it->w;
	}
	free(r);
	return true;
}

/* Emit the items of line l at (x0, y) — y is the baseline, in the vbox's
 * downward coordinates — for a measure of width lw. */
void emit_line(lctx *c, const para *p, size_t l, const style *st, int align, double x0,
	       double y, double lw)
{
	size_t a = p->lines[l], b = p->lines[l + 1];
	if (a >= b)
		return;
	double nat = line_natural(p, a, b);
	bool last = l + 1 == p->nl || p->w[b - 1].forced;
	double extra = 0, x = x0 - line_trim_start(p, a, b);
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
	} else if (align == ALIGN_JUSTIFY && !last && !p->bidi && gaps == 0 && lw > nat + 0.01 &&
		   !line_hyphen(p, l, &(bool){0}) && !(l > 0 && line_hyphen(p, l - 1, &(bool){0})) &&
		   emit_tracked(c, p, a, b, st, x, y, lw - nat)) {
		return; /* spread between its clusters (Thai) */
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
	/* a word broken by a hyphen added at a hyphenation point: text
	 * extraction gives the whole word on the first line (the hyphen's
	 * ActualText is the word's rest) and nothing for the rest on the
	 * next, so that the word is found whole (render: ActualText) */
	bool added, cont = l > 0 && line_hyphen(p, l - 1, &added) && added;
	const piece *rest = l + 1 < p->nl && line_hyphen(p, l, &added) && added && p->w[b].np
			    ? &p->p[p->w[b].p0] : NULL;
	for (size_t k = a; k < b; k++) {
		const word *w = &p->w[k];
		for (size_t q = w->p0; q < w->p0 + w->np; q++) {
			const piece *pc = &p->p[q];
			uint32_t col = span_color(st, pc->sp);
			if ((cont && k == a && q == w->p0) || (rest && k + 1 == b && q + 1 == w->p0 + w->np)) {
				/* the rest of a broken word, or the added hyphen: a
				 * run of its own */
				if (open && !open->text)
					open->text = piece_text(c, p, open_off, open_end - open_off);
				open = NULL;
				item *t = piece_item(c, pc, st, x, y);
				t->text = piece_text(c, p, pc->off, pc->len);
				t->actual = k == a && cont ? "" : piece_text(c, p, rest->off, rest->len);
				x += pc->w;
				continue;
			}
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
			    open->lang == item_lang(c, pc->sp) &&
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

/* Set spans as a paragraph, breaking lines as how says (BRK_*); returns
 * the number of lines in p. */
size_t set_para(lctx *c, para *p, const span *sp, size_t nsp, const style *st,
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
	/* measured with the style's ligatures, as its items are drawn */
	bool liga = font_ligatures(c->fs, st->ligatures);
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
	font_ligatures(c->fs, liga);
	return p->nl;
}
