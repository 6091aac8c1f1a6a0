/* contents.c — the table of contents, the marks (headings, labels) it and
 * the bookmarks list, cross-references and the links to them.
 */
#include "layout_imp.h"

/* ---- page labels (numbering: pages: roman-front) ---- */

/* The page numbered 1: that of the first section when the front matter is
 * numbered in roman, else the cover (0). pages: the mark pages to use (the
 * previous round's; NULL: unknown, 0). */
int body_page(const lctx *c, const int *pages)
{
	if (!c->d->numbering.roman_front || !pages)
		return 0;
	for (size_t m = 0; m < c->L->nmarks; m++) {
		const lmark *mk = &c->L->marks[m];
		if (mk->level == 1 && mk->in_toc)
			return pages[m] > 0 ? pages[m] : 0;
	}
	return 0;
}

/* The same from this round's pages, once paginated (the running lines). */
int body_page_now(const lctx *c)
{
	if (!c->d->numbering.roman_front)
		return 0;
	for (size_t m = 0; m < c->L->nmarks; m++) {
		const lmark *mk = &c->L->marks[m];
		if (mk->level == 1 && mk->in_toc)
			return mk->page > 0 ? mk->page : 0;
	}
	return 0;
}

void roman_numeral(char *out, size_t n, long v)
{
	static const struct { int v; const char *s; } R[] = {
		{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
		{50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
	size_t o = 0;
	out[0] = 0;
	if (v <= 0 || v >= 4000) {
		snprintf(out, n, "%ld", v);
		return;
	}
	for (size_t k = 0; k < sizeof R / sizeof R[0]; k++)
		while (v >= R[k].v && o + strlen(R[k].s) < n) {
			memcpy(out + o, R[k].s, strlen(R[k].s) + 1);
			o += strlen(R[k].s);
			v -= R[k].v;
		}
}

/* The label of page index page (0-based) when page body is numbered 1:
 * "ii" before it, "3" (in the language's digits) from it. */
void page_label(const lctx *c, int page, int body, char *out, size_t n)
{
	if (page < body)
		roman_numeral(out, n, (long)page + 1);
	else
		format_count(out, n, (long)(page - body) + 1, doc_lang(c->d));
}

/* The text of "[](#id)": "Figure 3 on page 12", "the table “Key figures” on
 * page 4", "“Kyoto Declaration” on page 9". The page is the previous
 * round's ("?" in the first); layout_run repeats until they settle. */
const char *ref_text(lctx *c, const char *id)
{
	long bi = find_label(c, id);
	if (bi < 0)
		return id; /* reported by the loader */
	const block *b = &c->d->blocks[bi];
	int m = c->block_mark[bi];
	const char *dl = doc_lang(c->d);
	char page[32] = "?", num[32];
	if (c->ref_pages && m >= 0 && c->ref_pages[m] >= 0)
		page_label(c, c->ref_pages[m], body_page(c, c->ref_pages), page, sizeof page);
	arena *a = c->L->a;
	const labelset *ls = c->d->labels;
	const char *t;
	switch (b->number ? (int)b->kind : -1) { /* numbered: "Table 2 on page 4" */
	case BLK_TABLE:
		t = label_fmt(a, ls, L_REF_TABLE_NUMBERED, 1, "n", b->number, "page", page, NULL);
		return gen_text(c, FONT_ID(FAM_BODY, FACE_REGULAR), t);
	case BLK_CHART:
	case BLK_IMAGE:
		t = label_fmt(a, ls, L_REF_FIGURE, 1, "n", b->number, "page", page, NULL);
		return gen_text(c, FONT_ID(FAM_BODY, FACE_REGULAR), t);
	default:
		break;
	}
	switch (b->kind) {
	case BLK_IMAGE:
		format_count(num, sizeof num, c->fig_of_block[bi], dl);
		t = label_fmt(a, ls, L_REF_FIGURE, 1, "n", num, "page", page, NULL);
		break;
	case BLK_TABLE:
		t = b->table && b->table->caption
			    ? label_fmt(a, ls, L_REF_TABLE_TITLED, 1, "title", lm_plain(a, b->table->caption), "page", page, NULL)
			    : label_fmt(a, ls, L_REF_TABLE, 1, "page", page, NULL);
		break;
	case BLK_CHART:
		t = b->chart && b->chart->title
			    ? label_fmt(a, ls, L_REF_CHART_TITLED, 1, "title", lm_plain(a, b->chart->title), "page", page, NULL)
			    : label_fmt(a, ls, L_REF_CHART, 1, "page", page, NULL);
		break;
	default:
		t = label_fmt(a, ls, L_REF_PART, 1, "title", b->plain ? b->plain : id, "page", page, NULL);
		break;
	}
	/* the quotation marks and no-break spaces of the label: drawn from a
	 * font that has them, or stand-ins */
	return gen_text(c, FONT_ID(FAM_BODY, FACE_REGULAR), t);
}

int new_mark(lctx *c, const char *title, int level, bool in_toc)
{
	layout *L = c->L;
	L->marks = xrealloc(L->marks, (L->nmarks + 1) * sizeof(lmark));
	L->marks[L->nmarks] = (lmark){title, level, -1, 0, in_toc};
	return (int)L->nmarks++;
}

/* ---- table of contents ---- */
static void toc_entry(lctx *c, const block *b, const char *title, int level, int m, int page, int body);

void do_toc(lctx *c, size_t bi, const block *b)
{
	const style *ts = &c->d->styles[ST_TOC_TITLE];
	block tb = {0};
	span sp = {.text = b->toc_title, .len = strlen(b->toc_title)};
	tb.spans = &sp;
	tb.nspans = 1;
	tb.pos = b->pos;
	tb.style = ST_TOC_TITLE;
	para_vboxes(c, &tb, ts, 0, 0, ALIGN_LEFT, true, c->block_mark[bi], b->toc_title, true);
	c->v[c->nv - 1].keep = false;
	c->pending_gap = ts->space_after;
	int body = body_page(c, c->prev_pages);
	if (b->figures_list) { /* the numbered tables and figures */
		for (size_t k = 0; k < c->d->nblocks; k++) {
			const block *e = &c->d->blocks[k];
			if (!e->number || e->kind == BLK_HEADING || c->block_mark[k] < 0)
				continue;
			const char *t = e->kind == BLK_TABLE ? e->table->caption : e->caption;
			int m = c->block_mark[k];
			toc_entry(c, b, t ? t : e->number, 2, m, c->prev_pages ? c->prev_pages[m] : 0, body);
		}
		c->force_break = true;
		return;
	}
	for (size_t m = 0; m < c->L->nmarks; m++) {
		const lmark *mk = &c->L->marks[m];
		if (!mk->in_toc || mk->level > b->toc_depth)
			continue;
		toc_entry(c, b, mk->title, mk->level, (int)m, c->prev_pages ? c->prev_pages[m] : 0, body);
	}
	c->force_break = true;
}

/* One entry of the contents: its title, dot leaders and page, a link to
 * mark m. */
static void toc_entry(lctx *c, const block *b, const char *title, int level, int m, int page, int body)
{
	const double numw = 30;
	{
		int stid = level == 1 ? ST_TOC1 : level == 2 ? ST_TOC2 : ST_TOC3;
		const style *st = &c->d->styles[stid];
		span esp = {.text = title, .len = strlen(title)}, *sp = &esp;
		size_t nsp = 1;
		if (lm_any(title)) /* a caption's passages in another language (langmark.h) */
			nsp = lm_spans(c->L->a, title, esp.len, &esp, &sp);
		double indent = st->left_indent;
		double width = c->W - indent - numw - 16;
		c->tag = TAG_TOCI;
		c->sub = (uint32_t)m;
		size_t nl = set_para(c, &scratch, sp, nsp, st, width, 0, BRK_GREEDY, b->pos);
		char num[32];
		page_label(c, page, body, num, sizeof num);
		/* right to left: the title from the right, the number at the left */
		bool rtl = lang_rtl(doc_lang(c->d));
		for (size_t l = 0; l < nl; l++) {
			vbox *v = add_vbox(c, st->leading);
			if (l == 0)
				v->gap += st->space_before;
			v->keep = l + 1 < nl || (level == 1);
			if (rtl)
				emit_line(c, &scratch, l, st, ALIGN_RIGHT, c->W - indent - width, baseline(st), width);
			else
				emit_line(c, &scratch, l, st, ALIGN_LEFT, indent, baseline(st), width);
			if (l + 1 == nl) {
				int f = style_font(st, 0);
				double end = indent + line_natural(&scratch, scratch.lines[l], scratch.lines[l + 1]);
				/* the language's digits may come from a fallback face (ar) */
				double nw = line_width(c, f, num, strlen(num), st->size, st->ligatures);
				/* dot leaders: one run of ". " starting on a grid, so
				 * that the dots of every entry line up */
				double pitch = font_width(c->fs, f, ". ", 2, st->size);
				double x = ceil((end + 6) / pitch) * pitch;
				int ndots = pitch > 0 ? (int)floor((c->W - nw - 6 - x) / pitch) : 0;
				if (rtl) { /* from after the number to before the title */
					x = ceil((nw + 6) / pitch) * pitch;
					ndots = pitch > 0 ? (int)floor((c->W - end - 6 - x) / pitch) : 0;
				}
				if (ndots > 0) {
					char *lead = arena_alloc(c->L->a, (size_t)ndots * 2);
					for (int k = 0; k < ndots; k++)
						lead[2 * k] = '.', lead[2 * k + 1] = ' ';
					lead[2 * ndots - 1] = 0; /* no trailing space */
					item *dl = add_item(c, IT_TEXT);
					dl->tag = TAG_NONE; /* leaders: an artifact */
					dl->x = x;
					dl->y = baseline(st);
					dl->font = f;
					dl->size = st->size;
					dl->color = st->rule_color;
					dl->text = lead;
					dl->w = pitch * ndots;
				}
				line_add(c, NULL,
					 (item){.kind = IT_TEXT, .x = (float)(rtl ? 0 : c->W - nw), .y = (float)baseline(st),
						.font = (int16_t)f, .size = (float)st->size, .color = st->color,
						.text = arena_strdup(c->L->a, num), .liga = st->ligatures});
			}
			item *lk = add_item(c, IT_LINK);
			lk->x = indent;
			lk->y = st->leading;
			lk->w = c->W - indent;
			lk->h = st->leading;
			lk->dest = m; /* resolved to a page after pagination */
			end_vbox(c, v);
		}
		c->pending_gap = st->space_after;
	}
	c->tag = TAG_BLOCK;
	c->sub = 0;
}

/* Resolve internal links (mark index → page) now that pages are known. */
void resolve_links(lctx *c)
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
