/* layout.c — the layout stage's driver: the passes over the blocks, their
 * fixed point, and the helpers every part of the stage uses.
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
 * The table of contents and cross-references need the pages of headings
 * that come after them, so the layout runs again with the page numbers of
 * the previous pass until they stop changing, in one loop of at most
 * LAYOUT_MAX_PASSES (layout_run_bounded; MuPDF's stabilised story does the
 * same).
 */
#include "layout_imp.h"

#include <linebreak.h>

const style *tst(const lctx *c, bool head)
{
	return &c->tstyle[head ? 1 : 0];
}

/* The block an id names, or -1. */
long find_label(const lctx *c, const char *id)
{
	for (size_t i = 0; i < c->d->nblocks; i++)
		if (c->d->blocks[i].label && !strcmp(c->d->blocks[i].label, id))
			return (long)i;
	return -1;
}

const char *lang(const lctx *c)
{
	return c->blang ? c->blang : doc_lang(c->d);
}

/* Two language tags name the same language: case and '-' or '_' aside. */
static bool lang_same(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (((*a | 0x20) != (*b | 0x20)) && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return !*a && !*b;
}

/* The language of a span's text where the block's is not: what the
 * hyphenation and the tagged PDF's Span /Lang use; NULL: the block's. */
const char *span_lang(const lctx *c, const span *sp)
{
	return sp && sp->lang && !lang_same(sp->lang, lang(c)) ? sp->lang : NULL;
}

/* item.lang for a span's text (layout.h). */
uint16_t item_lang(lctx *c, const span *sp)
{
	const char *l = span_lang(c, sp);
	return l ? lang_item(c, l) : 0;
}

/* Language l as 1 + its index in layout.langs (item.lang, shape_lang). */
uint16_t lang_item(lctx *c, const char *l)
{
	layout *L = c->L;
	for (size_t i = 0; i < L->nlangs; i++)
		if (!strcmp(L->langs[i], l))
			return (uint16_t)(i + 1);
	if (L->nlangs >= UINT16_MAX)
		return 0;
	GROW(L->langs, L->langcap, L->nlangs + 1);
	L->langs[L->nlangs++] = l;
	return (uint16_t)L->nlangs;
}

/* Make l (NULL: the document's) the current block's language: the one
 * the text measured from now on is shaped in (font_language) and its
 * items are drawn in (item.shape_lang). */
void set_block_lang(lctx *c, const char *l)
{
	c->blang = l;
	font_language(c->fs, lang(c));
	c->blang_item = lang_item(c, lang(c));
}

/* Languages written right to left: their paragraphs are right to left even
 * when they start with a number or a Latin name. */
bool lang_rtl(const char *l)
{
	return l && (lang_is(l, "ar") || lang_is(l, "fa") || lang_is(l, "he") || lang_is(l, "ur"));
}

item *add_item(lctx *c, item_kind k)
{
	GROW(c->it, c->itcap, c->nit + 1);
	item *t = &c->it[c->nit++];
	memset(t, 0, sizeof *t);
	t->kind = k;
	t->dest = -1;
	t->shape_lang = c->blang_item;
	stamp(c, t);
	return t;
}

/* Give t the structure of what is being set (c->tag, node, sub). */
void stamp(const lctx *c, item *t)
{
	t->tag = c->tag;
	t->node = c->node;
	t->sub = c->sub;
}

vbox *add_vbox(lctx *c, double h)
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
void end_vbox(lctx *c, vbox *b)
{
	b->nit = c->nit - b->it0;
}

int style_font(const style *s, unsigned flags)
{
	int fam = (flags & SPAN_CODE) ? FAM_MONO : s->family;
	int face = s->face;
	if (flags & SPAN_BOLD)
		face |= FACE_BOLD;
	if (flags & SPAN_ITALIC)
		face ^= FACE_ITALIC;
	return FONT_ID(fam, face);
}

double baseline(const style *s)
{
	return (s->leading - s->size) / 2 + s->size * 0.8;
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
		else if (b->label || b->number) /* a cross-reference target or a numbered
						 * exhibit: level 0, no bookmark */
			c->block_mark[i] = new_mark(c, b->label ? b->label : b->number, 0, false);
	}
	c->prev_style = -1;
	c->prev_block = NULL;
	set_notes(c);
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		set_block_lang(c, b->lang);
		c->tag = TAG_BLOCK;
		c->node = (uint32_t)i + 1;
		c->sub = 0;
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
			if (b->figures_list) { /* laid out again in every pass */
				do_toc(c, i, b);
				break;
			}
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
		for (size_t k = nv0; k < c->nv; k++)
			c->v[k].block = (uint32_t)i + 1;
		if (b->kind == BLK_IMAGE || b->kind == BLK_CHART)
			for (size_t k = nv0; k < c->nv; k++)
				c->v[k].flt = (int)i + 1;
		if ((b->label || b->number) && b->kind != BLK_HEADING && c->block_mark[i] >= 0) {
			/* the target's page is where its first box lands */
			for (size_t k = nv0; k < c->nv; k++)
				if (c->v[k].h >= 0) {
					c->v[k].mark = c->block_mark[i];
					break;
				}
		}
		c->prev_style = b->kind == BLK_PARA ? b->style : -1;
	}
	c->tag = TAG_NONE;
	c->node = c->sub = 0;
	queue_notes(c);
	set_block_lang(c, NULL);
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
	c->tag = TAG_BLOCK;
	c->node = (uint32_t)c->toc_block + 1;
	do_toc(c, c->toc_block, &c->d->blocks[c->toc_block]);
	c->tag = TAG_NONE;
	c->node = c->sub = 0;
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
static void add_spot(lctx *c, int kind, int page, const vbox *v, double value)
{
	layout *L = c->L;
	GROW(L->spots, L->spotcap, L->nspots + 1);
	lspot *q = &L->spots[L->nspots++];
	*q = (lspot){kind, page, {0}, value, false, NULL};
	if (page >= 0 && (size_t)page < L->npages)
		q->part = L->pages[page].section;
	if (v && v->block)
		q->pos = c->d->blocks[v->block - 1].pos;
	else if (page >= 0 && (size_t)page < L->npages)
		q->pos = L->pages[page].where;
}

static int spot_cmp(const void *a, const void *b)
{
	const lspot *x = a, *y = b;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->kind < y->kind ? -1 : x->kind > y->kind;
}

/* Each exhibit (figure, chart, table) a cross-reference names: the pages
 * from the line that first names it (the first line of its paragraph; in
 * the document's order) to the exhibit's first page. */
static void count_ref_distance(lctx *c)
{
	layout *L = c->L;
	const doc *d = c->d;
	size_t nb = d->nblocks;
	if (!nb)
		return;
	int *first = xmalloc(nb * sizeof *first); /* block → page of its first box */
	const vbox **box = xcalloc(nb, sizeof *box);
	for (size_t i = 0; i < nb; i++)
		first[i] = -1;
	for (size_t k = 0; k < c->nord; k++) {
		const vbox *v = &c->v[c->ord[k]];
		if (!v->block || v->h < 0 || v->page < 0)
			continue;
		size_t bi = v->block - 1;
		if (first[bi] < 0 || v->page < first[bi]) {
			first[bi] = v->page;
			if (!box[bi])
				box[bi] = v;
		}
	}
	bool *seen = xcalloc(nb, sizeof *seen);
	for (size_t i = 0; i < nb; i++) {
		const block *b = &d->blocks[i];
		for (size_t k = 0; k < b->nspans; k++) {
			const char *ln = b->spans[k].link;
			if (!ln || ln[0] != '#' || first[i] < 0)
				continue;
			long t = find_label(c, ln + 1);
			if (t < 0 || seen[t] || first[t] < 0)
				continue;
			int kind = d->blocks[t].kind;
			if (kind != BLK_IMAGE && kind != BLK_CHART && kind != BLK_TABLE)
				continue;
			seen[t] = true;
			int dist = first[t] - first[i];
			if (dist == 0)
				continue;
			L->refs_away++;
			if (labs(dist) > L->ref_distance_max)
				L->ref_distance_max = labs(dist);
			add_spot(c, Q_REF_DISTANCE, first[t], box[t], dist);
		}
	}
	free(seen);
	free(box);
	free(first);
}

/* The counts that depend on the pages (layout.h), with where each was met:
 * widows and orphans, paragraphs of four lines or fewer split across
 * pages, paragraphs set by the emergency pass, pages under 40% full,
 * pages under two-thirds full before an unforced break, and figures set
 * on a later page than the text before them. */
void count_quality(lctx *c)
{
	layout *L = c->L;
	size_t k = 0;
	while (k < c->nord) {
		const vbox *v0 = &c->v[c->ord[k]];
		uint32_t id = v0->para;
		size_t j = k + 1;
		if (id)
			while (j < c->nord && c->v[c->ord[j]].para == id)
				j++;
		if (id && j - k >= 2) {
			if (v0->page != c->v[c->ord[k + 1]].page) {
				L->orphans++;
				add_spot(c, Q_ORPHAN, v0->page, v0, 0);
			}
			if (c->v[c->ord[j - 1]].page != c->v[c->ord[j - 2]].page) {
				L->widows++;
				add_spot(c, Q_WIDOW, c->v[c->ord[j - 1]].page, v0, 0);
			}
			if (j - k <= 4 && v0->page != c->v[c->ord[j - 1]].page) {
				L->split_short_paras++;
				add_spot(c, Q_SPLIT_SHORT, v0->page, v0, (double)(j - k));
			}
		}
		for (size_t e = 0; id && e < c->nemerg; e++)
			if (c->emerg[e] == id)
				add_spot(c, Q_EMERGENCY, v0->page, v0, 0);
		/* a figure: how many pages after the text before it (in the
		 * document's order) it went */
		if (v0->flt && (k == 0 || c->v[c->ord[k - 1]].flt != v0->flt)) {
			size_t vi = c->ord[k];
			int fid = v0->flt;
			while (vi > 0 && c->v[vi - 1].flt == fid)
				vi--;
			while (vi > 0 && (c->v[vi - 1].h < 0 || c->v[vi - 1].page < 0))
				vi--;
			if (vi > 0 && v0->page > c->v[vi - 1].page) {
				L->floats_moved++;
				add_spot(c, Q_FLOAT_MOVED, v0->page, v0, v0->page - c->v[vi - 1].page);
			}
		}
		k = j;
	}
	count_ref_distance(c);
	for (size_t p = 0; p < L->npages; p++) {
		const lpage *pg = &L->pages[p];
		if (pg->cover || pg->fill >= 0.4)
			continue;
		L->near_empty_pages++;
		if (pg->forced)
			L->near_empty_forced++;
		add_spot(c, Q_NEAR_EMPTY, (int)p, NULL, pg->fill);
		L->spots[L->nspots - 1].forced = pg->forced;
	}
	for (size_t p = 0; p < L->npages; p++)
		if (L->pages[p].underfull)
			add_spot(c, Q_UNDERFULL, (int)p, NULL, L->pages[p].fill);
	if (L->nspots)
		qsort(L->spots, L->nspots, sizeof *L->spots, spot_cmp);
}

void lb_init(void)
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

/* A fresh layout and working state for a full pass over the blocks;
 * ref_pages are the mark pages a cross-reference prints (NULL: unknown). */
static layout *pass_open(lctx *c, const doc *d, fontset *fs, diag *dg, const int *ref_pages, int *fig_of_block)
{
	layout *L = xcalloc(1, sizeof *L);
	L->a = arena_new();
	const page_setup *ps = &d->page;
	*c = (lctx){0};
	c->d = d;
	c->fs = fs;
	c->dg = dg;
	c->L = L;
	c->W = ps->width - ps->inside - ps->outside;
	c->H = ps->height - ps->top - ps->bottom;
	c->block_mark = xcalloc(d->nblocks ? d->nblocks : 1, sizeof(int));
	c->fig_of_block = fig_of_block;
	c->ref_pages = ref_pages;
	set_block_lang(c, NULL);
	L->nnotes = d->nnotes;
	L->notes = xcalloc(d->nnotes ? d->nnotes : 1, sizeof *L->notes);
	return L;
}

/* Free the working state (not the layout). */
static void pass_close(lctx *c)
{
	free(c->block_mark);
	free(c->v);
	free(c->it);
	free(c->ord);
	free(c->fv);
	free(c->fn_line0);
	free(c->fn_nlines);
	free(c->fnl);
	free(c->fn_anchored);
	free(c->fq);
	free(c->fq_cum);
	free(c->fq_need);
	free(c->fq_end);
	free(c->fq_note);
	free(c->emerg);
	*c = (lctx){0};
}

/* The layout's fixed point. The contents and cross-references print the
 * pages of headings and labels, which are only known once laid out, and
 * printing them can move what follows. So every pass is laid out with the
 * mark pages of the pass before, until a pass gives the same pages: then
 * every number printed is that of the final pages. Without
 * cross-references a later pass sets only the contents again
 * (contents_pass: the other blocks keep their lines); with them, the whole
 * document (a reference in any paragraph may change its lines). The first
 * pass knows no pages; a document without either needs one pass. */
layout *layout_run_bounded(const doc *d, fontset *fs, diag *dg, int max_passes)
{
	lb_init();
	/* figures are numbered in document order, so a reference can name
	 * one that comes later */
	int *fig = xcalloc(d->nblocks ? d->nblocks : 1, sizeof(int));
	int nfig = 0;
	bool refs = false;
	srcpos refpos = d->meta.pos;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		if (b->kind == BLK_IMAGE && b->image)
			fig[i] = ++nfig;
		if (b->kind == BLK_TOC && b->figures_list) /* prints the pages of figures */
			refs = true;
		for (size_t k = 0; k < b->nspans && !refs; k++)
			if (b->spans[k].autoref) {
				refs = true;
				refpos = b->pos;
			}
	}
	lctx c = {0};
	layout *L = NULL;
	int *prev = NULL;
	size_t prev_n = 0;
	int before = dg->errors, pass;
	bool stable = false;
	for (pass = 1; pass <= max_passes; pass++) {
		if (pass == 1 || refs) {
			if (L) {
				pass_close(&c);
				layout_free(L);
			}
			L = pass_open(&c, d, fs, dg, prev, fig);
			c.report = pass == 1;
			c.count = true;
			c.nonce = -1;
			c.prev_pages = prev;
			layout_pass(&c);
		} else {
			c.report = c.count = false;
			c.nonce = -1;
			c.prev_pages = prev;
			layout_reset_pages(L);
			contents_pass(&c);
		}
		L->passes = pass;
		if (dg->errors > before)
			break;
		stable = prev && prev_n == L->nmarks;
		for (size_t m = 0; stable && m < L->nmarks; m++)
			stable = prev[m] == L->marks[m].page;
		if (stable || (!c.has_toc && !refs)) {
			stable = true;
			break;
		}
		free(prev);
		prev_n = L->nmarks;
		prev = xmalloc((prev_n ? prev_n : 1) * sizeof(int));
		for (size_t m = 0; m < L->nmarks; m++)
			prev[m] = L->marks[m].page;
	}
	if (!stable && dg->errors == before)
		diag_warning(dg, c.has_toc ? d->blocks[c.toc_block].pos : refpos,
			     "the page numbers of the %s did not settle in %d layout passes; some may be wrong",
			     c.has_toc ? "contents" : "cross-references", max_passes);
	if (dg->errors == before)
		count_quality(&c);
	pass_close(&c);
	free(prev);
	free(fig);
	para_free(&scratch);
	hyph_release();
	memset(&scratch, 0, sizeof scratch);
	if (dg->errors > before) {
		layout_free(L);
		return NULL;
	}
	return L;
}

layout *layout_run(const doc *d, fontset *fs, diag *dg)
{
	return layout_run_bounded(d, fs, dg, LAYOUT_MAX_PASSES);
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
	free(L->spots);
	free(L->langs);
	arena_free(L->a);
	free(L);
}
