/* contents.c — the table of contents, the marks (headings, labels) it and
 * the bookmarks list, cross-references and the links to them.
 */
#include "layout_imp.h"

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
		format_count(page, sizeof page, c->ref_pages[m] + 1, dl);
	arena *a = c->L->a;
	const labelset *ls = c->d->labels;
	const char *t;
	switch (b->kind) {
	case BLK_IMAGE:
		format_count(num, sizeof num, c->fig_of_block[bi], dl);
		t = label_fmt(a, ls, L_REF_FIGURE, 1, "n", num, "page", page, NULL);
		break;
	case BLK_TABLE:
		t = b->table && b->table->caption
			    ? label_fmt(a, ls, L_REF_TABLE_TITLED, 1, "title", b->table->caption, "page", page, NULL)
			    : label_fmt(a, ls, L_REF_TABLE, 1, "page", page, NULL);
		break;
	case BLK_CHART:
		t = b->chart && b->chart->title
			    ? label_fmt(a, ls, L_REF_CHART_TITLED, 1, "title", b->chart->title, "page", page, NULL)
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
void do_toc(lctx *c, size_t bi, const block *b)
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
		c->tag = TAG_TOCI;
		c->sub = (uint32_t)m;
		size_t nl = set_para(c, &scratch, &esp, 1, st, width, 0, BRK_GREEDY, b->pos);
		int page = c->prev_pages ? c->prev_pages[m] : 0;
		char num[32];
		format_count(num, sizeof num, page + 1, doc_lang(c->d));
		/* right to left: the title from the right, the number at the left */
		bool rtl = lang_rtl(doc_lang(c->d));
		for (size_t l = 0; l < nl; l++) {
			vbox *v = add_vbox(c, st->leading);
			if (l == 0)
				v->gap += st->space_before;
			v->keep = l + 1 < nl || (mk->level == 1);
			if (rtl)
				emit_line(c, &scratch, l, st, ALIGN_RIGHT, c->W - indent - width, baseline(st), width);
			else
				emit_line(c, &scratch, l, st, ALIGN_LEFT, indent, baseline(st), width);
			if (l + 1 == nl) {
				int f = style_font(st, 0);
				double end = indent + line_natural(&scratch, scratch.lines[l], scratch.lines[l + 1]);
				/* the language's digits may come from a fallback face (ar) */
				double nw = line_width(c, f, num, strlen(num), st->size);
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
						.text = arena_strdup(c->L->a, num)});
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
	c->tag = TAG_BLOCK;
	c->sub = 0;
	c->force_break = true;
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
