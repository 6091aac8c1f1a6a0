/* blocks.c — the kinds of block → vboxes: headings, paragraphs, code,
 * images, charts, rules, containers (lists, quotes, boxes) and the cover.
 */
#include "layout_imp.h"

/* ================================================================
 * Blocks → vboxes
 * ================================================================ */
para scratch; /* the paragraph every block is set in, reused (single-threaded) */

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

/* A lead-in: a paragraph of the document that ends with a colon and is
 * followed by a list item (a marker of its own or of a container that starts
 * there). Its last line keeps with the item's first lines. */
static bool lead_in(const lctx *c, const block *b, const para *p)
{
	const doc *d = c->d;
	if (!d->nblocks || b < d->blocks || b + 1 >= d->blocks + d->nblocks)
		return false;
	(void)p;
	/* the text's last span, footnote references aside ("view:²") */
	size_t k = b->nspans;
	while (k && (b->spans[k - 1].flags & SPAN_NOTE))
		k--;
	if (!k)
		return false;
	const span *sp = &b->spans[k - 1];
	size_t n = sp->len;
	while (n && (sp->text[n - 1] == ' ' || sp->text[n - 1] == '\n'))
		n--;
	if (!n || sp->text[n - 1] != ':')
		return false;
	const block *nx = b + 1;
	if (nx->marker || nx->style == ST_LIST)
		return true;
	for (size_t i = 0; i < nx->ncont; i++)
		if (nx->cont[i].marker)
			return true;
	return false;
}

/* Lines of a paragraph as vboxes, with orphan/widow keeps. */
void para_vboxes(lctx *c, const block *b, const style *st, double indent, double first_indent,
		 int align, bool keep_all, int mark, const char *section, bool new_page)
{
	double width = c->W - indent;
	bool ragged = align != ALIGN_JUSTIFY;
	size_t nl = set_para(c, &scratch, b->spans, b->nspans, st, width, first_indent,
			     ragged ? BRK_RAGGED : BRK_JUSTIFY, b->pos);
	if (nl == 0)
		return;
	/* in a right-to-left paragraph, left and right mean the start and the
	 * end of the line, and the first-line indent is on the right */
	if (scratch.rtl && align == ALIGN_LEFT)
		align = ALIGN_RIGHT;
	else if (scratch.rtl && align == ALIGN_RIGHT)
		align = ALIGN_LEFT;
	if (c->count) /* the first pass: later ones only redo the contents */
		para_quality(c, &scratch, st, ragged, width, first_indent);
	uint32_t serial = ++c->nparas;
	bool lead = lead_in(c, b, &scratch);
	double gap = st->space_before;
	for (size_t l = 0; l < nl; l++) {
		/* a line with text of a fallback family drawn larger (scale:
		 * Arabic next to Latin) is as much taller, its baseline lower */
		double ms = 1;
		for (size_t k = scratch.lines[l]; k < scratch.lines[l + 1]; k++)
			for (size_t q = scratch.w[k].p0; q < scratch.w[k].p0 + scratch.w[k].np; q++)
				if (font_scale(c->fs, scratch.p[q].font) > ms)
					ms = font_scale(c->fs, scratch.p[q].font);
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
			  (l + 1 == nl && (b->keep_with_next || st->keep_with_next || lead));
		if (nl <= 3 && l + 1 < nl)
			v->keep = true;
		/* right to left, the indent is on the right: the text from the
		 * frame's left edge, its marker and bar beyond its right end */
		double fi = l == 0 ? first_indent : 0;
		emit_line(c, &scratch, l, st, align, scratch.rtl ? 0 : indent + fi, baseline(st) + extra, width - fi);
		if (c->d->nnotes)
			anchor_notes(c, v, &scratch, l);
		if (l == 0 && b->marker) {
			/* a bullet the font lacks: from a fallback, or a stand-in */
			int f = style_font(st, 0);
			const char *mk = gen_text(c, f, b->marker);
			double mw = line_width(c, f, mk, strlen(mk), st->size, st->ligatures);
			item t = {.kind = IT_TEXT, .x = (float)(scratch.rtl ? width + 5 : indent - 5 - mw),
				  .y = (float)(baseline(st) + extra), .font = (int16_t)f, .size = (float)st->size,
				  .liga = st->ligatures,
				  .color = b->style == ST_LIST && b->marker[0] != '[' ? st->accent : st->color,
				  .text = mk, .tag = TAG_LABEL, .node = c->node};
			c->text_pos = b->pos;
			c->text_what = "a list marker";
			line_add(c, NULL, t);
			c->text_what = NULL;
		}
		if (b->style == ST_QUOTE && !b->ncont) { /* containers: see cont_decorate() */
			item *r = add_item(c, IT_RECT);
			r->w = (float)st->rule_width;
			r->x = scratch.rtl ? width + 10 - r->w : indent - 10;
			r->y = st->leading + extra; /* the bar spans the line */
			r->h = st->leading + extra;
			r->color = st->rule_color;
		}
		end_vbox(c, v);
	}
	c->pending_gap = st->space_after;
}

void do_heading(lctx *c, size_t bi, const block *b)
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
		r->h = (float)c->d->styles[ST_H1].rule_width;
		r->color = c->d->styles[ST_H1].rule_color;
		v->nit = c->nit - v->it0;
		c->pending_gap += 4;
	}
}

void do_para(lctx *c, const block *b)
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

/* A code line with its tabs expanded to spaces up to the next tab stop,
 * every 4 characters (as CommonMark counts columns): a font draws no tab. */
static char *code_line(lctx *c, const char *s, size_t n)
{
	if (!memchr(s, '\t', n))
		return arena_strndup(c->L->a, s, n);
	buf b = {0};
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t') {
			do
				buf_putc(&b, ' ');
			while (++col % 4);
			continue;
		}
		buf_putc(&b, s[i]);
		col += ((unsigned char)s[i] & 0xC0) != 0x80; /* a character, not a continuation byte */
	}
	char *t = arena_strndup(c->L->a, b.s, b.len);
	buf_free(&b);
	return t;
}

void do_code(lctx *c, const block *b)
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
		r->color = st->background;
		/* each character from the mono face or a fallback that has it */
		item t = {.kind = IT_TEXT, .x = 6, .y = (float)baseline(st), .font = (int16_t)f,
			  .size = (float)st->size, .color = st->color, .text = code_line(c, s, n),
			  .liga = st->ligatures};
		c->text_pos = (srcpos){b->pos.file, b->pos.line + line, b->pos.col};
		c->text_what = "a code block";
		c->text_cols = c->text_ltr = true;
		line_add(c, NULL, t);
		c->text_what = NULL;
		c->text_cols = c->text_ltr = false;
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
void image_items(lctx *c, const image *im, double x, double top, double w, double h, bool flip,
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
	item *n = add_item(c, (item_kind)t->kind);
	*n = *t;
	stamp(c, n);
}

void put_page(lctx *c, void *where, const item *t)
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

/* A paragraph of one span in style stid at the block's indent, left
 * aligned; keep: kept with what follows. Captions (one style for tables,
 * charts and images: above the exhibit, kept with it), notes and source
 * lines. */
void small_line(lctx *c, const char *text, int stid, bool keep, srcpos pos)
{
	block b = {0};
	span sp = {.text = text, .len = strlen(text)};
	b.kind = BLK_PARA;
	b.spans = &sp;
	b.nspans = 1;
	if (lm_any(text)) /* passages in another language (langmark.h) */
		b.nspans = lm_spans(c->L->a, text, sp.len, &sp, &b.spans);
	b.pos = pos;
	b.style = stid;
	const style *st = &c->d->styles[stid];
	para_vboxes(c, &b, st, st->left_indent, 0, ALIGN_LEFT, keep, -1, NULL, false);
	if (keep && c->nv)
		c->v[c->nv - 1].keep = true;
}

void do_image(lctx *c, const block *b)
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
	if (b->number) { /* numbered: the caption above, as a table's */
		c->pending_gap += 4;
		small_line(c, b->caption, ST_CAPTION, true, b->pos);
	}
	vbox *v = add_vbox(c, 0);
	v->gap += b->number ? 0 : 6;
	double ix = b->img_align == IMG_LEFT ? 0 : b->img_align == IMG_RIGHT ? c->W - pw : (c->W - pw) / 2;
	c->tag = TAG_FIGURE;
	add_image(c, im, ix, 0, pw, ph);
	c->tag = TAG_CAPTION;
	double y = ph + 4;
	c->figure_no = c->fig_of_block[b - c->d->blocks];
	if (!b->number) { /* unnumbered exhibits: "Figure 3." under the image */
		char no[32];
		format_count(no, sizeof no, c->figure_no, doc_lang(c->d));
		const char *cap = label_fmt(c->L->a, c->d->labels, L_FIGURE, 1, "n", no, NULL);
		if (b->caption && b->caption[0])
			cap = label_fmt(c->L->a, c->d->labels, L_CAPTION, 1, "label", cap, "caption", b->caption, NULL);
		size_t nl = cell_text(c, cap, cs, 0, ALIGN_CENTER, 0, y, c->W, cs->color, b->pos);
		y += nl * cs->leading;
	}
	if (b->credit) {
		size_t nl = cell_text(c, b->credit, ss, 0, ALIGN_CENTER, 0, y, c->W, ss->color, b->pos);
		y += nl * ss->leading;
	}
	c->tag = TAG_BLOCK;
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

/* Chart labels are set like running lines (line_add): shaped, their runs
 * in display order, each character from the first font that has it. */
static double chart_measure(void *user, int role, double size, const char *text)
{
	lctx *c = user;
	text = lm_plain(c->L->a, text); /* its words (langmark.h) */
	return line_width(c, chart_font(role), text, strlen(text), size, false); /* no style: as drawn */
}

static void chart_text(void *user, double x, double y, int role, double size, uint32_t color,
		       const char *text)
{
	lctx *c = user;
	item t = {.kind = IT_TEXT, .x = (float)x, .y = (float)y, .font = (int16_t)chart_font(role),
		  .size = (float)size, .color = color, .text = arena_strdup(c->L->a, text)};
	c->text_pos = c->cur_pos;
	c->text_what = "a chart label";
	if (lm_any(text)) { /* passages in another language: each with its own (langmark.h) */
		span base = {.text = text, .len = strlen(text)}, *sp;
		size_t n = lm_spans(c->L->a, text, base.len, &base, &sp);
		/* in a right-to-left document the pieces go from the right, a
		 * passage set as one unit among them */
		bool rtl = lang_rtl(lang(c));
		if (rtl)
			t.x += (float)chart_measure(c, role, size, text);
		const char *was = c->blang;
		for (size_t i = 0; i < n; i++) {
			item p = t;
			p.text = sp[i].text;
			p.lang = item_lang(c, &sp[i]);
			if (p.lang) /* measured and shaped in the passage's language */
				set_block_lang(c, c->L->langs[p.lang - 1]);
			float w = (float)line_width(c, t.font, sp[i].text, sp[i].len, size, false);
			if (rtl)
				p.x = t.x -= w;
			line_add(c, NULL, p);
			if (p.lang)
				set_block_lang(c, was);
			if (!rtl)
				t.x += w;
		}
	} else {
		line_add(c, NULL, t); /* characters the chart font lacks: from a fallback font */
	}
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

void do_chart(lctx *c, const block *b)
{
	const chart *ch = b->chart;
	if (!ch)
		return;
	chart_out out = {c, chart_measure, chart_text, chart_path};
	c->cur_pos = b->pos;
	if (b->number && b->caption) { /* numbered: the caption above, as a table's */
		c->pending_gap += 4;
		small_line(c, b->caption, ST_CAPTION, true, b->pos);
	}
	double h = chart_height(ch, &out, c->W);
	if (h > c->H)
		h = c->H;
	vbox *v = add_vbox(c, h);
	v->gap += b->number ? 2 : 8;
	c->tag = TAG_FIGURE;
	chart_draw(ch, &out, c->W, h);
	c->tag = TAG_BLOCK;
	v = &c->v[c->nv - 1];
	end_vbox(c, v);
	c->pending_gap = 12;
}

void do_rule(lctx *c)
{
	vbox *v = add_vbox(c, 14);
	item *l = add_item(c, IT_LINE);
	l->x = c->W * 0.35;
	l->y = 7;
	l->w = c->W * 0.3;
	l->lw = (float)c->d->styles[ST_BODY].rule_width;
	l->color = c->d->styles[ST_BODY].rule_color;
	end_vbox(c, v);
}

/* ---- containers: block quotes and list items ---- */

#define CONT_STEP 18.0 /* points of indent per container */

/* The indent of one container level: CONT_STEP, less when the containers
 * would leave the text less than half the frame. */
double cont_step(const lctx *c, const block *b)
{
	double step = CONT_STEP;
	if (b->ncont && step * (double)b->ncont > c->W / 2)
		step = c->W / 2 / (double)b->ncont;
	return step;
}

/* After a block in containers was set in the narrowed frame: its boxes
 * move right by the containers' indent, each gets a bar per block quote,
 * and its first box the markers of the items that start with it, on the
 * baseline of its first text. In a block written right to left the
 * containers indent from the right: the boxes stay, the bars and markers
 * are on their right. */
void cont_decorate(lctx *c, const block *b, size_t nv0, double step)
{
	const style *ls = &c->d->styles[ST_LIST];
	const bool rtl = lang_rtl(lang(c));
	/* the bars of quotes the previous block is in too join it */
	const block *pb = c->prev_block;
	size_t join = 0;
	while (pb && join < b->ncont && join < pb->ncont && pb->cont[join].id == b->cont[join].id)
		join++;
	bool first = true;
	for (size_t k = nv0; k < c->nv; k++) {
		vbox *v = &c->v[k];
		v->shift = rtl ? 0 : step * (double)b->ncont;
		v->dx0 = c->nit;
		v->njoin = 0;
		double h = fabs(v->h);
		for (size_t i = 0; i < b->ncont; i++) {
			const container *ct = &b->cont[i];
			/* where the text of this level starts */
			double x = rtl ? c->W - step * (double)(i + 1) : step * (double)(i + 1);
			if (ct->kind == CONT_QUOTE && h > 0) {
				item *r = add_item(c, IT_RECT);
				double gap = 10 * step / CONT_STEP; /* 10 pt before the text, less when crowded */
				r->x = rtl ? x + gap - (float)c->d->styles[ST_QUOTE].rule_width : x - gap;
				if (!first || i < join)
					v->njoin++;
				r->y = h; /* the bar spans the box */
				r->w = (float)c->d->styles[ST_QUOTE].rule_width;
				r->h = h;
				r->color = c->d->styles[ST_QUOTE].rule_color;
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
				/* a stand-in the font has; set as a one-line text, so
				 * that right to left "1." reads number then stop from
				 * the right (".1" from the left) */
				const char *mk = gen_text(c, f, ct->marker);
				double mw = line_width(c, f, mk, strlen(mk), ls->size, ls->ligatures);
				line_add(c, NULL,
					 (item){.kind = IT_TEXT, .tag = TAG_LABEL, .node = c->node, .sub = c->sub,
						.x = (float)(rtl ? x + 5 : x - 5 - mw), .y = (float)y, .font = (int16_t)f,
						.size = (float)ls->size, .color = ls->accent, .text = mk,
						.liga = ls->ligatures});
			}
		}
		v->ndx = c->nit - v->dx0;
		if (v->h >= 0)
			first = false;
	}
}

/* ---- cover ---- */
/* A text of the cover set in st, tagged as one element of the cover's
 * style stid (TAG_COVER: a paragraph, the title its Title); its height. */
static double cover_styled(lctx *c, const char *text, const style *st, int stid, unsigned flags, double x,
			   double y, double width, uint32_t color)
{
	c->tag = TAG_COVER;
	c->sub = ++c->nlinks * 32 + (uint32_t)stid; /* one paragraph each, set in its style */
	size_t nl = cell_text(c, text, st, flags, st->align, x, y, width, color, c->d->meta.pos);
	c->tag = TAG_BLOCK;
	c->sub = 0;
	return nl * st->leading;
}

static double cover_text(lctx *c, const char *text, int stid, unsigned flags, double x, double y,
			 double width, uint32_t color)
{
	return cover_styled(c, text, &c->d->styles[stid], stid, flags, x, y, width, color);
}

/* The title's style on the cover: its size, and leading in proportion,
 * made smaller in half-points until the title fits in four lines at width
 * (no smaller than 60% of the style's size, nor than 14 pt). */
#define COVER_TITLE_LINES 4
static style cover_title_style(lctx *c, const char *title, double width)
{
	style st = c->d->styles[ST_TITLE];
	const double size = st.size, leading = st.leading;
	double min = fmax(size * 0.6, fmin(size, 14));
	span base = {.text = title, .len = strlen(title)}, *sp = &base;
	size_t nsp = 1;
	if (lm_any(title))
		nsp = lm_spans(c->L->a, title, base.len, &base, &sp);
	for (double sz = size; sz >= min - 0.01; sz -= 0.5) {
		st.size = sz;
		st.leading = leading * sz / size;
		if (set_para(c, &scratch, sp, nsp, &st, width, 0, BRK_GREEDY, c->d->meta.pos) <= COVER_TITLE_LINES)
			break;
	}
	return st;
}

/* The cover's band across the top: to the trim edges, past them into the
 * bleed of the press profile, inside the safe area of the office one
 * (docs/print.md). In frame coordinates; returns the band's top. */
static double cover_band(lctx *c, uint32_t color)
{
	const doc_print *pr = &c->d->print;
	const double top = c->d->page.top;
	item *band = add_item(c, IT_RECT);
	double inset = pr->profile == PRINT_OFFICE ? pr->safe : -pr->bleed;
	band->x = -frame_x(c, 0) + inset; /* the cover is the first page */
	band->y = -top + 78;
	band->w = c->d->page.width - 2 * inset;
	band->h = 78 - inset;
	band->color = color;
	return -top + inset;
}

void do_cover(lctx *c, const block *b)
{
	const doc_meta *m = &c->d->meta;
	vbox *v = add_vbox(c, c->H);
	v->cover = true;
	v->gap = 0;
	const double top = c->d->page.top;
	const style *meta = &c->d->styles[ST_COVER_META];
	/* a band across the top of the page, bleeding past the margins; the
	 * organisation in it, else the author (then not again below) */
	double band_top = cover_band(c, meta->background);
	if (m->organisation || m->author)
		cover_text(c, m->organisation ? m->organisation : m->author, ST_COVER_META, SPAN_BOLD, 0,
			   fmax(-top + 46, band_top + 24), c->W, meta->accent);
	bool author_shown = !m->organisation && m->author;
	double y = c->H * 0.22;
	item *acc = add_item(c, IT_RECT);
	acc->x = 0;
	acc->y = y;
	acc->w = 64;
	acc->h = 4;
	acc->color = c->d->styles[ST_TITLE].accent;
	y += 22;
	const char *title = m->title ? m->title : "";
	style tst = cover_title_style(c, title, c->W * 0.92);
	y += cover_styled(c, title, &tst, ST_TITLE, 0, 0, y, c->W * 0.92, tst.color);
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
		c->tag = TAG_FIGURE;
		add_image(c, im, ix, y0, iw, ih);
		c->tag = TAG_BLOCK;
		if (b->img_place == COVER_IMG_TITLE)
			y += ih;
	}
	/* details block at the foot of the page */
	struct {
		const char *label, *value;
	} rows[] = {
		{LAYOUT_LABEL(c, L_PREPARED_FOR), m->prepared_for},
		{LAYOUT_LABEL(c, L_PREPARED_BY), author_shown ? NULL : m->author},
		{LAYOUT_LABEL(c, L_DATE), NULL},
		{LAYOUT_LABEL(c, L_COPY), m->copy},
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
	rule->lw = (float)meta->rule_width;
	rule->color = meta->rule_color;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i].value || !rows[i].value[0])
			continue;
		cover_text(c, rows[i].label, ST_COVER_META, 0, 0, by, 100, meta->color);
		by += cover_text(c, rows[i].value, ST_COVER_META, SPAN_BOLD, 110, by, c->W - 110,
				 c->d->styles[ST_BODY].color) + 4;
	}
	if (b->caption)
		by += cover_text(c, b->caption, ST_COVER_META, SPAN_ITALIC, 0, by + 6, c->W, meta->color);
	/* the classification is marked at the top and bottom of every page,
	 * the cover's too (decorate) */
	end_vbox(c, &c->v[c->nv - 1]);
	c->force_break = true;
}
