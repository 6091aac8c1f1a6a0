/* pdf_tags.c — the structure tree of a tagged PDF (pdf_tags.h).
 *
 * Elements live in an array until the end: every block's element (and its
 * containers: Sect, BlockQuote, L/LI/LBody) is made first, in document
 * order; the parts within a block (rows, cells, links, captions) as their
 * first marked content comes, which within a block is its order. A kid of
 * an element is an element, a marked-content id on a page, or a link
 * annotation. pdf_tags_finish drops the elements that hold no content and
 * writes the others as indirect StructElem dictionaries.
 */
#include "pdf_tags.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_catalog.h>
#include <hpdf_version.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langmark.h"
#include "locale.h"
#include "pdf_pack.h"

#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "pdf_tags.c writes through libharu 2.3.0's object layer; check it against this version"
#endif

enum { KID_ELEM, KID_MCID, KID_OBJR };
typedef struct {
	int type;
	int page;
	long val;           /* element index, MCID */
	HPDF_Annotation annot;
} kid;

typedef struct {
	const char *role;
	int parent;
	const char *lang, *alt;
	bool th;            /* a column's header cell: /Scope /Column */
	const char *id;     /* /ID: a grouped table's header cells, notes */
	int colspan;        /* /ColSpan: a group's header across the table */
	int hdr[2], nhdr;   /* /Headers: its column's and its group's header cells */
	bool used;
	int page;           /* of its first content */
	kid *k;
	size_t nk, kcap;
	HPDF_Dict dict;
	uint32_t num;       /* its object number (pdf_tags_finish_raw) */
} elem;

/* key of an element: tag, node, sub */
typedef struct {
	uint64_t key;
	uint32_t sub;
	int el;
} slot;

typedef struct {
	int el;             /* element of MCID i */
} mcref;

typedef struct {
	mcref *m;
	size_t n, cap;
	uint32_t num;       /* its parent tree array's object (pdf_tags_finish_raw) */
} pagemc;

struct pdf_tags {
	HPDF_Doc pdf;
	const doc *d;
	const layout *L;
	arena *a;
	elem *e;
	size_t ne, ecap;
	slot *h;            /* open addressing, cap a power of 2 */
	size_t nh, hcap;
	int *block_el;      /* block → its element */
	int *block_parent;  /* block → the element its parts go in */
	int *cap_el;        /* block → its caption or credit sibling, -1 */
	int *last_el;       /* block → the element its last content went in */
	pagemc *pages;
	size_t npages;
	HPDF_Page *pgs;
	size_t cur;         /* the page being painted */
	bool open;          /* a marked-content sequence is open */
	int open_el;        /* its element (-1: an artifact) */
	int open_page;
	struct {
		HPDF_Annotation a;
		int el;
	} *annots;          /* the links, in order: StructParent npages + i */
	size_t nannots, acap;
	bool title_role;    /* the own role Title is used */
	int *ids;           /* the elements with an /ID, for the IDTree */
	size_t nids, idcap;
	int group_th;       /* the last group's header cell, of table group_node */
	uint32_t group_node;
	/* the tree written by pdf_tags_finish_raw: its objects' bodies */
	buf raw;
	uint32_t *rnum;     /* object numbers, increasing */
	size_t *roff;       /* body i: raw.s[roff[i] .. roff[i + 1]) */
	size_t nr, rcap, rocap;
	pdf_pack_bodies bodies;
	size_t pt_next;     /* the first page whose parent tree array is not placed yet */
};

/* An /ID for element el (unique: made from its kind and number). */
static void set_id(pdf_tags *t, int el, const char *id)
{
	t->e[el].id = id;
	GROW(t->ids, t->idcap, t->nids + 1);
	t->ids[t->nids++] = el;
}

/* A table with group rows: its cells name their headers (/Headers). */
static bool grouped(const table *tb)
{
	for (size_t r = 0; r < tb->nrows; r++)
		if (tb->rowkind[r] == ROW_GROUP)
			return true;
	return false;
}

/* ---- elements ---- */

static int new_elem(pdf_tags *t, const char *role, int parent)
{
	GROW(t->e, t->ecap, t->ne + 1);
	elem *e = &t->e[t->ne];
	memset(e, 0, sizeof *e);
	e->role = role;
	e->parent = parent;
	e->page = -1;
	int id = (int)t->ne++;
	if (parent >= 0) {
		elem *p = &t->e[parent];
		GROW(p->k, p->kcap, p->nk + 1);
		p->k[p->nk++] = (kid){KID_ELEM, -1, id, NULL};
	}
	return id;
}

static uint64_t keyof(int tag, uint32_t node)
{
	return ((uint64_t)(unsigned)tag << 32) | node;
}

static size_t hash(uint64_t k, uint32_t sub)
{
	uint64_t x = k * 0x9E3779B97F4A7C15ull ^ ((uint64_t)sub * 0xC2B2AE3D27D4EB4Full);
	return (size_t)(x ^ (x >> 29));
}

static int find(const pdf_tags *t, int tag, uint32_t node, uint32_t sub)
{
	if (!t->hcap)
		return -1;
	uint64_t k = keyof(tag, node);
	for (size_t i = hash(k, sub) & (t->hcap - 1);; i = (i + 1) & (t->hcap - 1)) {
		if (t->h[i].el < 0)
			return -1;
		if (t->h[i].key == k && t->h[i].sub == sub)
			return t->h[i].el;
	}
}

static void put(pdf_tags *t, int tag, uint32_t node, uint32_t sub, int el)
{
	if ((t->nh + 1) * 2 > t->hcap) {
		size_t oc = t->hcap;
		slot *old = t->h;
		t->hcap = oc ? oc * 2 : 1024;
		t->h = xmalloc(t->hcap * sizeof *t->h);
		for (size_t i = 0; i < t->hcap; i++)
			t->h[i].el = -1;
		t->nh = 0;
		for (size_t i = 0; i < oc; i++)
			if (old[i].el >= 0) {
				size_t j = hash(old[i].key, old[i].sub) & (t->hcap - 1);
				while (t->h[j].el >= 0)
					j = (j + 1) & (t->hcap - 1);
				t->h[j] = old[i];
				t->nh++;
			}
		free(old);
	}
	uint64_t k = keyof(tag, node);
	size_t j = hash(k, sub) & (t->hcap - 1);
	while (t->h[j].el >= 0)
		j = (j + 1) & (t->hcap - 1);
	t->h[j] = (slot){k, sub, el};
	t->nh++;
}

/* ---- numbers in PDF syntax ---- */

static bool regular(char c)
{
	return c && !strchr(" \n()<>[]{}/%", c);
}

/* A number, after a space only where the syntax needs one. */
static void put_num(buf *b, long v)
{
	char d[24], *e = d + sizeof d, *q = e;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	if (b->len && regular(b->s[b->len - 1]))
		buf_putc(b, ' ');
	buf_put(b, q, (size_t)(e - q));
}

/* ---- text alternatives ---- */

static void alt_num(buf *b, double v, signed char bound, const char *unit)
{
	if (isnan(v)) {
		buf_puts(b, "no value");
		return;
	}
	if (bound == CHART_MORE)
		buf_puts(b, "more than ");
	else if (bound == CHART_LESS)
		buf_puts(b, "less than ");
	char s[64];
	snprintf(s, sizeof s, "%.10g", v);
	buf_puts(b, s);
	if (unit && unit[0])
		buf_puts(b, unit);
}

const char *pdf_tags_chart_alt(arena *a, const chart *ch)
{
	if (ch->description && ch->description[0])
		return lm_plain(a, ch->description); /* its language: pdf_tags_new */
	static const char *const kinds[] = {"Bar chart", "Horizontal bar chart", "Stacked bar chart",
					    "Horizontal stacked bar chart", "Line chart", "Pie chart",
					    "Donut chart", "Timeline"};
	buf b = {0};
	buf_puts(&b, ch->type >= 0 && ch->type <= CHART_TIMELINE ? kinds[ch->type] : "Chart");
	if (ch->title && ch->title[0])
		buf_printf(&b, ": %s", ch->title);
	buf_puts(&b, ".");
	if (ch->subtitle && ch->subtitle[0])
		buf_printf(&b, " %s.", ch->subtitle);
	if (ch->type == CHART_TIMELINE) {
		for (size_t i = 0; i < ch->nevents; i++) {
			const chart_event *ev = &ch->events[i];
			buf_printf(&b, " %s: %s", ev->start ? ev->start : "", ev->label ? ev->label : "");
			if (ev->end)
				buf_printf(&b, " (until %s)", ev->end);
			if (ev->note && ev->note[0])
				buf_printf(&b, ", %s", ev->note);
			buf_puts(&b, ".");
		}
	} else {
		if (ch->x_label && ch->x_label[0])
			buf_printf(&b, " Horizontal axis: %s.", ch->x_label);
		if (ch->y_label && ch->y_label[0])
			buf_printf(&b, " Vertical axis: %s.", ch->y_label);
		for (size_t s = 0; s < ch->nseries; s++) {
			const chart_series *se = &ch->series[s];
			if (ch->nseries > 1 || (se->name && se->name[0]))
				buf_printf(&b, " %s:", se->name && se->name[0] ? se->name : "Series");
			for (size_t c = 0; c < ch->ncat; c++) {
				buf_printf(&b, "%s%s ", c ? "; " : " ", ch->categories && ch->categories[c] ? ch->categories[c] : "");
				alt_num(&b, se->values[c], se->bounds ? se->bounds[c] : CHART_EXACT, ch->unit);
			}
			buf_puts(&b, ".");
		}
	}
	if (ch->source && ch->source[0])
		buf_printf(&b, " Source: %s.", ch->source);
	if (ch->note && ch->note[0])
		buf_printf(&b, " %s", ch->note);
	/* the words of its texts' passages in another language (an /Alt holds
	 * no spans; the drawn texts are Spans with /Lang in the Figure) */
	const char *r = lm_plain(a, arena_strdup(a, buf_cstr(&b)));
	buf_free(&b);
	return r;
}

/* ---- the elements of the blocks, in document order ---- */

static const char *heading_role(int level)
{
	static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	return h[level < 1 ? 0 : level > 6 ? 5 : level - 1];
}

typedef struct {
	int kind;           /* CONT_*, or -1 for a list of marker blocks */
	unsigned id;
	int el;             /* BlockQuote, or L */
	int li, body;       /* CONT_ITEM: the item and its body */
} copen;

pdf_tags *pdf_tags_new(HPDF_Doc pdf, const doc *d, const layout *L)
{
	pdf_tags *t = xcalloc(1, sizeof *t);
	t->pdf = pdf;
	t->d = d;
	t->L = L;
	t->a = L->a;
	t->npages = L->npages;
	t->pages = xcalloc(L->npages ? L->npages : 1, sizeof *t->pages);
	t->pgs = xcalloc(L->npages ? L->npages : 1, sizeof *t->pgs);
	size_t nb = d->nblocks ? d->nblocks : 1;
	t->block_el = xmalloc(nb * sizeof(int));
	t->block_parent = xmalloc(nb * sizeof(int));
	t->cap_el = xmalloc(nb * sizeof(int));
	t->last_el = xmalloc(nb * sizeof(int));
	int root = new_elem(t, "Document", -1);
	const char *dl = doc_lang(d);
	/* the block whose text first refers to each note: the note follows it */
	int *note_after = xmalloc((d->nnotes ? d->nnotes : 1) * sizeof(int));
	for (size_t n = 0; n < d->nnotes; n++)
		note_after[n] = -1;
	for (size_t i = 0; i < d->nblocks; i++)
		for (size_t s = 0; s < d->blocks[i].nspans; s++) {
			const span *sp = &d->blocks[i].spans[s];
			if ((sp->flags & SPAN_NOTE) && sp->note >= 1 && (size_t)sp->note <= d->nnotes &&
			    note_after[sp->note - 1] < 0)
				note_after[sp->note - 1] = (int)i;
		}
	int sect = -1, list_el = -1, list_parent = -2;
	copen st[16];
	size_t nst = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		t->block_el[i] = t->block_parent[i] = t->cap_el[i] = t->last_el[i] = -1;
		if (b->kind == BLK_HEADING && b->level == 1) {
			sect = new_elem(t, "Sect", root);
			nst = 0;
		} else if (b->kind == BLK_TOC || b->kind == BLK_COVER) {
			sect = -1;
			nst = 0;
		}
		int parent = sect >= 0 ? sect : root;
		/* the containers: keep the open ones it is still in */
		size_t nc = b->ncont < 15 ? b->ncont : 15;
		size_t keep = 0;
		while (keep < nst && keep < nc && st[keep].kind == b->cont[keep].kind &&
		       st[keep].id == b->cont[keep].id && !b->cont[keep].marker)
			keep++;
		/* a marker starts the next item: of the same list when the list
		 * (its container id) is the one open at that depth */
		bool same_list = keep < nst && keep < nc && st[keep].kind == CONT_ITEM && b->cont[keep].kind == CONT_ITEM &&
				 st[keep].id == b->cont[keep].id;
		nst = keep;
		for (size_t k = 0; k < nst; k++)
			parent = st[k].kind == CONT_ITEM ? st[k].body : st[k].el;
		for (size_t k = keep; k < nc; k++) {
			copen o = {b->cont[k].kind, b->cont[k].id, -1, -1, -1};
			if (o.kind == CONT_QUOTE) {
				o.el = new_elem(t, "BlockQuote", parent);
				parent = o.el;
			} else {
				o.el = k == keep && same_list ? st[k].el : new_elem(t, "L", parent);
				o.li = new_elem(t, "LI", o.el);
				if (b->cont[k].marker)
					put(t, TAG_LABEL, (uint32_t)i + 1, 0, new_elem(t, "Lbl", o.li));
				o.body = new_elem(t, "LBody", o.li);
				parent = o.body;
			}
			st[k] = o;
		}
		nst = nc;
		/* a list of marker blocks (not from Markdown): L/LI per block */
		if (b->marker) {
			if (!(i > 0 && d->blocks[i - 1].marker && list_parent == parent))
				list_el = new_elem(t, "L", parent);
			list_parent = parent;
			int li = new_elem(t, "LI", list_el);
			put(t, TAG_LABEL, (uint32_t)i + 1, 0, new_elem(t, "Lbl", li));
			parent = new_elem(t, "LBody", li);
		}
		const char *role = NULL;
		switch (b->kind) {
		case BLK_HEADING:
			role = heading_role(b->level);
			break;
		case BLK_PARA:
			role = b->style == ST_QUOTE && !b->ncont ? "BlockQuote" : "P";
			break;
		case BLK_CODE:
			role = "Code";
			break;
		case BLK_TABLE:
			role = "Table";
			break;
		case BLK_IMAGE:
		case BLK_CHART:
			role = "Figure";
			break;
		case BLK_TOC:
			role = "H1"; /* its title */
			break;
		case BLK_COVER:
			role = "Div";
			break;
		default:
			break;
		}
		if (!role)
			continue;
		int el = new_elem(t, role, parent);
		t->block_el[i] = el;
		t->block_parent[i] = parent;
		if (b->lang && !lang_is(b->lang, dl))
			t->e[el].lang = b->lang;
		put(t, TAG_BLOCK, (uint32_t)i + 1, 0, el);
		if (b->kind == BLK_IMAGE) {
			/* its words; its language the figure's when the caption is
			 * wholly in one (an /Alt holds no spans) */
			t->e[el].alt = b->caption && b->caption[0] ? lm_plain(t->a, b->caption) : NULL;
			const char *fl = lm_whole(t->a, b->caption);
			if (fl && !lang_is(fl, dl))
				t->e[el].lang = fl;
			put(t, TAG_FIGURE, (uint32_t)i + 1, 0, el);
			t->cap_el[i] = new_elem(t, "Caption", parent);
			put(t, TAG_CAPTION, (uint32_t)i + 1, 0, t->cap_el[i]);
		} else if (b->kind == BLK_CHART && b->chart) {
			t->e[el].alt = pdf_tags_chart_alt(t->a, b->chart);
			/* a description wholly in another language: the figure's (an
			 * /Alt holds no spans; the chart's own texts are drawn) */
			const char *fl = b->chart->description ? lm_whole(t->a, b->chart->description) : NULL;
			if (fl && !lang_is(fl, dl))
				t->e[el].lang = fl;
			put(t, TAG_FIGURE, (uint32_t)i + 1, 0, el);
		} else if (b->kind == BLK_TABLE) {
			put(t, TAG_CAPTION, (uint32_t)i + 1, 0, new_elem(t, "Caption", el));
			t->cap_el[i] = new_elem(t, "P", parent);
			put(t, TAG_CREDIT, (uint32_t)i + 1, 0, t->cap_el[i]);
		} else if (b->kind == BLK_TOC) {
			t->cap_el[i] = new_elem(t, "TOC", parent);
		} else if (b->kind == BLK_COVER && b->image && b->caption && b->caption[0]) {
			int f = new_elem(t, "Figure", el);
			t->e[f].alt = b->caption && b->caption[0] ? lm_plain(t->a, b->caption) : NULL;
			put(t, TAG_FIGURE, (uint32_t)i + 1, 0, f);
		}
		/* the notes it refers to first follow it */
		for (size_t n = 0; n < d->nnotes; n++)
			if (note_after[n] == (int)i)
				put(t, TAG_NOTE, (uint32_t)n + 1, 0, new_elem(t, "Note", parent));
		/* a grouped table: remembered (TAG_HEAD_CELL + 300) for its cells */
		if (b->kind == BLK_TABLE && b->table && b->table->ncols && grouped(b->table))
			put(t, TAG_HEAD_CELL + 300, (uint32_t)i + 1, 0, el);
	}
	for (size_t n = 0; n < d->nnotes; n++)
		if (note_after[n] < 0)
			put(t, TAG_NOTE, (uint32_t)n + 1, 0, new_elem(t, "Note", root));
	/* every note has an /ID (PDF/UA: Matterhorn 19-003) */
	for (size_t n = 0; n < d->nnotes; n++)
		set_id(t, find(t, TAG_NOTE, (uint32_t)n + 1, 0), arena_printf(t->a, "note%zu", n + 1));
	t->group_th = -1;
	free(note_after);
	return t;
}

void pdf_tags_free(pdf_tags *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ne; i++)
		free(t->e[i].k);
	free(t->e);
	free(t->h);
	free(t->block_el);
	free(t->block_parent);
	free(t->cap_el);
	free(t->last_el);
	for (size_t p = 0; p < t->npages; p++)
		free(t->pages[p].m);
	free(t->pages);
	free(t->pgs);
	free(t->annots);
	free(t->ids);
	buf_free(&t->raw);
	free(t->rnum);
	free(t->roff);
	free(t);
}

/* The element an item's content goes in, made when first met; -1: an
 * artifact. */
static int elem_of(pdf_tags *t, const item *it)
{
	if (it->tag == TAG_NONE)
		return -1;
	uint32_t node = it->node;
	int el = find(t, it->tag, node, it->tag == TAG_BLOCK ? 0 : it->sub);
	if (el >= 0)
		return el;
	if (it->tag == TAG_NOTE)
		return -1; /* not reached: every note has its element */
	if (!node || node > t->d->nblocks)
		return -1;
	size_t bi = node - 1;
	const block *b = &t->d->blocks[bi];
	int bel = t->block_el[bi];
	if (bel < 0)
		return -1;
	int last = t->last_el[bi] >= 0 ? t->last_el[bi] : bel;
	if (it->tag == TAG_FIGURE && b->kind == BLK_COVER)
		return -1; /* a cover image with no note: decoration */
	switch (it->tag) {
	case TAG_BLOCK:
	case TAG_FIGURE:
	case TAG_CAPTION:
	case TAG_CREDIT:
		el = bel; /* of a block that has no such part: its own */
		break;
	case TAG_LABEL:
		el = bel;
		break;
	case TAG_LINK:
		el = new_elem(t, "Link", last);
		break;
	case TAG_NOTEREF:
		el = new_elem(t, "Reference", last);
		break;
	case TAG_HEAD_CELL:
	case TAG_CELL: {
		if (!b->table || !b->table->ncols)
			return bel;
		size_t nc = b->table->ncols;
		bool head = it->tag == TAG_HEAD_CELL;
		uint32_t row = head ? 0 : it->sub / (uint32_t)nc;
		/* THead/TBody, then the row */
		int sec = find(t, TAG_HEAD_CELL + 100, node, head ? 0 : 1);
		if (sec < 0) {
			sec = new_elem(t, head ? "THead" : "TBody", bel);
			put(t, TAG_HEAD_CELL + 100, node, head ? 0 : 1, sec);
		}
		int tr = find(t, TAG_HEAD_CELL + 200, node, head ? 0 : row + 1);
		if (tr < 0) {
			tr = new_elem(t, "TR", sec);
			put(t, TAG_HEAD_CELL + 200, node, head ? 0 : row + 1, tr);
		}
		/* a table with group rows: the group's row is a header cell across
		 * the table, and every cell names its column's and its group's
		 * header cells by their /ID */
		bool grp = find(t, TAG_HEAD_CELL + 300, node, 0) >= 0;
		int kind = head ? ROW_BODY : b->table->rowkind[row];
		el = new_elem(t, head || (grp && kind == ROW_GROUP) ? "TH" : "TD", tr);
		t->e[el].th = head;
		if (grp && head) {
			set_id(t, el, arena_printf(t->a, "t%uc%u", node, it->sub + 1));
		} else if (grp && kind == ROW_GROUP) {
			set_id(t, el, arena_printf(t->a, "t%ug%u", node, row + 1));
			t->e[el].colspan = (int)nc;
			t->group_th = el;
			t->group_node = node;
		} else if (grp) {
			int ch = find(t, TAG_HEAD_CELL, node, it->sub % (uint32_t)nc);
			if (ch >= 0 && t->e[ch].id)
				t->e[el].hdr[t->e[el].nhdr++] = ch;
			if (kind != ROW_TOTAL && t->group_th >= 0 && t->group_node == node)
				t->e[el].hdr[t->e[el].nhdr++] = t->group_th;
		}
		break;
	}
	case TAG_TOCI: {
		int toc = t->cap_el[bi];
		if (toc < 0)
			return bel;
		int ti = new_elem(t, "TOCI", toc);
		el = new_elem(t, "Link", ti);
		break;
	}
	case TAG_COVER: {
		int stid = (int)(it->sub % 32);
		const char *role = stid == ST_TITLE ? "Title" : "P";
		if (stid == ST_TITLE)
			t->title_role = true;
		el = new_elem(t, role, bel);
		break;
	}
	default:
		return bel;
	}
	put(t, it->tag, node, it->sub, el);
	return el;
}

void pdf_tags_page(pdf_tags *t, HPDF_Page pg, size_t p)
{
	t->cur = p;
	if (p < t->npages)
		t->pgs[p] = pg;
}

static const char *role_name(const pdf_tags *t, int el)
{
	return t->e[el].role;
}

/* A passage in another language than its element's (item.lang): a Span
 * with /Lang in that element — the one its text went in just before when
 * it is still the element's last kid, so that a passage over a line or
 * page break is one Span. */
static int span_el(pdf_tags *t, int parent, const item *it)
{
	if (it->lang > t->L->nlangs)
		return parent;
	const char *l = t->L->langs[it->lang - 1];
	const elem *p = &t->e[parent];
	if (p->nk && p->k[p->nk - 1].type == KID_ELEM) {
		int s = (int)p->k[p->nk - 1].val;
		if (t->e[s].lang == l && !strcmp(t->e[s].role, "Span"))
			return s;
	}
	int s = new_elem(t, "Span", parent);
	t->e[s].lang = l;
	return s;
}

void pdf_tags_begin(pdf_tags *t, buf *b, const item *it)
{
	/* shapes are decorations but in a figure */
	bool shape = it->kind != IT_TEXT && it->kind != IT_IMAGE && it->tag != TAG_FIGURE;
	int el = shape ? -1 : elem_of(t, it), own = el;
	if (el >= 0 && it->kind == IT_TEXT && it->lang)
		el = span_el(t, el, it);
	if (t->open && el == t->open_el && (el < 0 || t->open_page == (int)t->cur))
		return;
	pdf_tags_end(t, b);
	t->open = true;
	t->open_el = el;
	t->open_page = (int)t->cur;
	if (el < 0) {
		buf_puts(b, it->kind == IT_TEXT ? "/Artifact<</Type/Pagination>>BDC\n" : "/Artifact BMC\n");
		return;
	}
	if (it->tag != TAG_LINK && it->tag != TAG_NOTEREF && it->tag != TAG_LABEL && it->node &&
	    it->tag != TAG_NOTE && it->node <= t->d->nblocks)
		t->last_el[it->node - 1] = own; /* not its Span: a link after it is not in it */
	pagemc *pm = &t->pages[t->cur];
	long mcid = (long)pm->n;
	GROW(pm->m, pm->cap, pm->n + 1);
	pm->m[pm->n++] = (mcref){el};
	elem *e = &t->e[el];
	GROW(e->k, e->kcap, e->nk + 1);
	e->k[e->nk++] = (kid){KID_MCID, (int)t->cur, mcid, NULL};
	/* "/P<</MCID 5>>BDC": no space the syntax does not need */
	buf_putc(b, '/');
	buf_puts(b, role_name(t, el));
	buf_puts(b, "<</MCID");
	put_num(b, mcid);
	buf_puts(b, ">>BDC\n");
}

void pdf_tags_end(pdf_tags *t, buf *b)
{
	if (!t->open)
		return;
	buf_puts(b, "EMC\n");
	t->open = false;
}

void pdf_tags_annot(pdf_tags *t, HPDF_Annotation a, const item *it)
{
	int el = elem_of(t, it);
	if (el < 0)
		return;
	GROW(t->annots, t->acap, t->nannots + 1);
	t->annots[t->nannots].a = a;
	t->annots[t->nannots].el = el;
	HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)(t->npages + t->nannots));
	t->nannots++;
	elem *e = &t->e[el];
	GROW(e->k, e->kcap, e->nk + 1);
	e->k[e->nk++] = (kid){KID_OBJR, (int)t->cur, 0, a};
}

/* ---- writing ---- */

/* How much of text s a string holds, *n bytes (at most 32,767 bytes in
 * the file, readers' limit), and whether they are printable ASCII. */
static bool text_span(const char *s, size_t *n)
{
	*n = strlen(s);
	if (*n > 16000) {
		*n = 16000;
		while (*n && ((unsigned char)s[*n] & 0xC0) == 0x80)
			(*n)--;
	}
	bool ascii = true;
	for (size_t i = 0; i < *n && ascii; i++)
		ascii = (unsigned char)s[i] >= 32 && (unsigned char)s[i] < 127;
	return ascii;
}

/* A text string: ASCII as it is, anything else UTF-16BE with its mark. */
static void *text_obj(pdf_tags *t, const char *s)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	size_t n;
	bool ascii = text_span(s, &n);
	if (ascii) {
		char *c = arena_strndup(t->a, s, n);
		return HPDF_String_New(mm, c, NULL);
	}
	unsigned char *o = arena_alloc(t->a, 2 * n + 4);
	size_t k = 0;
	o[k++] = 0xFE;
	o[k++] = 0xFF;
	k += utf8_to_utf16be(s, n, o + k);
	return HPDF_Binary_New(mm, o, (HPDF_UINT)k);
}

static bool mark_used(pdf_tags *t, int el)
{
	elem *e = &t->e[el];
	bool used = false;
	for (size_t i = 0; i < e->nk; i++) {
		if (e->k[i].type == KID_ELEM) {
			if (mark_used(t, (int)e->k[i].val))
				used = true;
		} else {
			used = true;
			if (e->page < 0)
				e->page = e->k[i].page;
		}
	}
	/* a figure with no content but its alternative is still read */
	e->used = used;
	return used;
}

static void make_dicts(pdf_tags *t, int el, HPDF_Dict parent)
{
	elem *e = &t->e[el];
	HPDF_MMgr mm = t->pdf->mmgr;
	HPDF_Dict d = HPDF_Dict_New(mm);
	HPDF_Xref_Add(t->pdf->xref, d);
	e->dict = d;
	/* compact: /Type is optional; /Pg only where it holds marked content
	 * (its MCIDs are on that page) */
	HPDF_Dict_AddName(d, "S", e->role);
	if (parent)
		HPDF_Dict_Add(d, "P", parent);
	int pg = e->page;
	if (pg >= 0)
		HPDF_Dict_Add(d, "Pg", t->pgs[pg]);
	if (e->lang)
		HPDF_Dict_Add(d, "Lang", text_obj(t, e->lang));
	if (e->alt)
		HPDF_Dict_Add(d, "Alt", text_obj(t, e->alt));
	if (e->id)
		HPDF_Dict_Add(d, "ID", text_obj(t, e->id));
	if (e->th || e->colspan || e->nhdr) {
		HPDF_Dict a = HPDF_Dict_New(mm);
		HPDF_Dict_AddName(a, "O", "Table");
		if (e->th)
			HPDF_Dict_AddName(a, "Scope", "Column");
		if (e->colspan > 1)
			HPDF_Dict_AddNumber(a, "ColSpan", e->colspan);
		if (e->nhdr) {
			HPDF_Array h = HPDF_Array_New(mm);
			for (int i = 0; i < e->nhdr; i++)
				HPDF_Array_Add(h, text_obj(t, t->e[e->hdr[i]].id));
			HPDF_Dict_Add(a, "Headers", h);
		}
		HPDF_Dict_Add(d, "A", a);
	}
	/* one kid: itself, else an array */
	size_t nk = 0;
	for (size_t i = 0; i < e->nk; i++)
		nk += e->k[i].type != KID_ELEM || t->e[e->k[i].val].used;
	HPDF_Array k = NULL;
	if (nk != 1) {
		k = HPDF_Array_New(mm);
		HPDF_Dict_Add(d, "K", k);
	}
	for (size_t i = 0; i < e->nk; i++) {
		const kid *c = &e->k[i];
		void *o;
		if (c->type == KID_ELEM) {
			if (!t->e[c->val].used)
				continue;
			make_dicts(t, (int)c->val, d);
			o = t->e[c->val].dict;
		} else if (c->type == KID_MCID && c->page == pg) {
			o = HPDF_Number_New(mm, (HPDF_INT32)c->val);
		} else if (c->type == KID_MCID) {
			HPDF_Dict r = HPDF_Dict_New(mm);
			HPDF_Dict_AddName(r, "Type", "MCR");
			HPDF_Dict_Add(r, "Pg", t->pgs[c->page]);
			HPDF_Dict_AddNumber(r, "MCID", (HPDF_INT32)c->val);
			o = r;
		} else {
			HPDF_Dict r = HPDF_Dict_New(mm);
			HPDF_Dict_AddName(r, "Type", "OBJR");
			HPDF_Dict_Add(r, "Pg", t->pgs[c->page]);
			HPDF_Dict_Add(r, "Obj", c->annot);
			o = r;
		}
		if (k)
			HPDF_Array_Add(k, o);
		else
			HPDF_Dict_Add(d, "K", o);
	}
}

static void xml_text(buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			buf_puts(b, "&lt;");
		else if (*s == '>')
			buf_puts(b, "&gt;");
		else if (*s == '&')
			buf_puts(b, "&amp;");
		else if (*s == '"')
			buf_puts(b, "&quot;");
		else if ((unsigned char)*s >= 32 || *s == '\n' || *s == '\t')
			buf_putc(b, *s);
	}
}

/* XMP metadata: title, language, creator, and the PDF/UA identification. */
static void add_xmp(pdf_tags *t)
{
	const doc *d = t->d;
	buf b = {0};
	buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		     "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
		     " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
		     " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
	if (d->meta.title) {
		const char *words = lm_plain(t->L->a, d->meta.title); /* its words (langmark.h) */
		buf_puts(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(&b, words);
		buf_puts(&b, "</rdf:li>");
		/* a title wholly in another language ("[Tuyên bố Kyoto]{lang=vi}"):
		 * the Alt's entry in that language too, the default naming it */
		const char *tl = lm_whole(t->L->a, d->meta.title);
		if (tl && !lang_is(tl, doc_lang(d))) {
			buf_puts(&b, "<rdf:li xml:lang=\"");
			xml_text(&b, tl);
			buf_puts(&b, "\">");
			xml_text(&b, words);
			buf_puts(&b, "</rdf:li>");
		}
		buf_puts(&b, "</rdf:Alt></dc:title>\n");
	}
	if (d->meta.author) {
		buf_puts(&b, "<dc:creator><rdf:Seq><rdf:li>");
		xml_text(&b, lm_plain(t->L->a, d->meta.author));
		buf_puts(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	buf_puts(&b, "<dc:language><rdf:Bag><rdf:li>");
	xml_text(&b, doc_lang(d));
	buf_puts(&b, "</rdf:li></rdf:Bag></dc:language>\n");
	buf_puts(&b, "<xmp:CreatorTool>dossier " DOSSIER_VERSION "</xmp:CreatorTool>\n"
		     "<pdf:Producer>Haru Free PDF Library " HPDF_VERSION_TEXT "</pdf:Producer>\n");
	/* PDF/UA-1 asks for a title (ISO 14289-1, 7.1) and a text alternative
	 * for every figure: no claim when one was missing (warned about) */
	if (d->meta.title && !d->access_warned)
		buf_puts(&b, "<pdfuaid:part>1</pdfuaid:part>\n");
	buf_puts(&b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	HPDF_Dict m = HPDF_DictStream_New(t->pdf->mmgr, t->pdf->xref);
	m->filter = HPDF_STREAM_FILTER_NONE; /* readable by tools that find it by scanning */
	HPDF_Dict_AddName(m, "Type", "Metadata");
	HPDF_Dict_AddName(m, "Subtype", "XML");
	HPDF_Stream_Write(m->stream, (const HPDF_BYTE *)b.s, (HPDF_UINT)b.len);
	HPDF_Dict_Add(t->pdf->catalog, "Metadata", m);
	buf_free(&b);
}

/* libharu's arrays hold at most 32,767 items: an element with more kids
 * (a table body of 100,000 rows) is cut into several — a body into
 * several bodies of the table, anything else into divisions of it. */
#define KIDS_MAX 8192

static void split_big(pdf_tags *t)
{
	for (size_t el = 0; el < t->ne; el++) {
		if (t->e[el].nk <= KIDS_MAX)
			continue;
		kid *k = t->e[el].k;
		size_t nk = t->e[el].nk;
		t->e[el].k = NULL;
		t->e[el].nk = t->e[el].kcap = 0;
		bool body = !strcmp(t->e[el].role, "TBody") && t->e[el].parent >= 0;
		int parent = t->e[el].parent, prev = (int)el;
		for (size_t c0 = 0; c0 < nk; c0 += KIDS_MAX) {
			int g;
			if (body && c0 > 0) { /* the next body, right after the one before */
				g = new_elem(t, "TBody", -1);
				t->e[g].parent = parent;
				elem *p = &t->e[parent];
				GROW(p->k, p->kcap, p->nk + 1);
				size_t at = 0;
				while (at < p->nk && !(p->k[at].type == KID_ELEM && p->k[at].val == prev))
					at++;
				at = at < p->nk ? at + 1 : p->nk;
				memmove(&p->k[at + 1], &p->k[at], (p->nk - at) * sizeof(kid));
				p->k[at] = (kid){KID_ELEM, -1, g, NULL};
				p->nk++;
				prev = g;
			} else if (body) {
				g = (int)el;
			} else {
				g = new_elem(t, "Div", (int)el);
			}
			size_t c1 = c0 + KIDS_MAX < nk ? c0 + KIDS_MAX : nk;
			for (size_t i = c0; i < c1; i++) {
				elem *e = &t->e[g];
				GROW(e->k, e->kcap, e->nk + 1);
				e->k[e->nk++] = k[i];
				if (k[i].type == KID_ELEM)
					t->e[k[i].val].parent = g;
				else if (k[i].type == KID_MCID) /* its parent in the parent tree */
					t->pages[k[i].page].m[k[i].val].el = g;
				else
					for (size_t a = 0; a < t->nannots; a++)
						if (t->annots[a].a == k[i].annot)
							t->annots[a].el = g;
			}
		}
		free(k);
	}
}

#define LEAF_MAX 4096

static const pdf_tags *id_sort_t;

static int id_cmp(const void *a, const void *b)
{
	return strcmp(id_sort_t->e[*(const int *)a].id, id_sort_t->e[*(const int *)b].id);
}

/* The IDTree: a name tree from each /ID to its element, keys in order;
 * leaves of at most LEAF_MAX names under /Kids when there are more. */
static void add_id_tree(pdf_tags *t, HPDF_Dict root)
{
	HPDF_MMgr mm = t->pdf->mmgr;
	size_t n = 0;
	for (size_t i = 0; i < t->nids; i++)
		if (t->e[t->ids[i]].used)
			t->ids[n++] = t->ids[i];
	if (!n)
		return;
	id_sort_t = t;
	qsort(t->ids, n, sizeof *t->ids, id_cmp);
	HPDF_Dict tree = HPDF_Dict_New(mm);
	HPDF_Xref_Add(t->pdf->xref, tree);
	HPDF_Array kids = n > LEAF_MAX ? HPDF_Array_New(mm) : NULL;
	if (kids)
		HPDF_Dict_Add(tree, "Kids", kids);
	for (size_t i0 = 0; i0 < n; i0 += LEAF_MAX) {
		size_t i1 = i0 + LEAF_MAX < n ? i0 + LEAF_MAX : n;
		HPDF_Dict leaf = tree;
		if (kids) {
			leaf = HPDF_Dict_New(mm);
			HPDF_Xref_Add(t->pdf->xref, leaf);
			HPDF_Array_Add(kids, leaf);
			HPDF_Array l = HPDF_Array_New(mm);
			HPDF_Array_Add(l, text_obj(t, t->e[t->ids[i0]].id));
			HPDF_Array_Add(l, text_obj(t, t->e[t->ids[i1 - 1]].id));
			HPDF_Dict_Add(leaf, "Limits", l);
		}
		HPDF_Array names = HPDF_Array_New(mm);
		HPDF_Dict_Add(leaf, "Names", names);
		for (size_t i = i0; i < i1; i++) {
			HPDF_Array_Add(names, text_obj(t, t->e[t->ids[i]].id));
			HPDF_Array_Add(names, t->e[t->ids[i]].dict);
		}
	}
	HPDF_Dict_Add(root, "IDTree", tree);
}

static void set_limits(HPDF_MMgr mm, HPDF_Dict leaf, long first, long last)
{
	HPDF_Array l = HPDF_Array_New(mm);
	HPDF_Array_AddNumber(l, (HPDF_INT32)first);
	HPDF_Array_AddNumber(l, (HPDF_INT32)last);
	HPDF_Dict_Add(leaf, "Limits", l);
}

/* The tree through libharu's objects (an encrypted file: its strings are
 * encrypted with their object's number as libharu writes them). */
static void tree_objects(pdf_tags *t, HPDF_Dict root)
{
	HPDF_Doc pdf = t->pdf;
	HPDF_MMgr mm = pdf->mmgr;
	HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	if (t->e[0].used) {
		make_dicts(t, 0, root);
		HPDF_Dict_Add(root, "K", t->e[0].dict);
	}
	/* the parent tree: page p's array of the elements of its MCIDs, then
	 * each link annotation's element */
	HPDF_Dict pt = HPDF_Dict_New(mm);
	HPDF_Xref_Add(pdf->xref, pt);
	/* leaves of at most LEAF_MAX keys (libharu's array limit), under
	 * /Kids when there is more than one */
	size_t nkeys = 0;
	for (size_t p = 0; p < t->npages; p++)
		nkeys += t->pages[p].n > 0;
	nkeys += t->nannots;
	HPDF_Array kids = NULL, nums = NULL;
	if (nkeys > LEAF_MAX) {
		kids = HPDF_Array_New(mm);
		HPDF_Dict_Add(pt, "Kids", kids);
	} else {
		nums = HPDF_Array_New(mm);
		HPDF_Dict_Add(pt, "Nums", nums);
	}
	size_t inleaf = 0;
	long first = 0, last = 0;
	HPDF_Dict leaf = NULL;
	for (size_t key = 0; key < t->npages + t->nannots; key++) {
		void *val;
		if (key < t->npages) {
			const pagemc *pm = &t->pages[key];
			if (!pm->n)
				continue;
			HPDF_Array a = HPDF_Array_New(mm);
			for (size_t i = 0; i < pm->n; i++)
				HPDF_Array_Add(a, t->e[pm->m[i].el].dict);
			val = a;
		} else {
			val = t->e[t->annots[key - t->npages].el].dict;
		}
		if (kids && (!leaf || inleaf == LEAF_MAX)) {
			if (leaf)
				set_limits(mm, leaf, first, last);
			leaf = HPDF_Dict_New(mm);
			HPDF_Xref_Add(pdf->xref, leaf);
			HPDF_Array_Add(kids, leaf);
			nums = HPDF_Array_New(mm);
			HPDF_Dict_Add(leaf, "Nums", nums);
			inleaf = 0;
			first = (long)key;
		}
		HPDF_Array_AddNumber(nums, (HPDF_INT32)key);
		HPDF_Array_Add(nums, val);
		inleaf++;
		last = (long)key;
	}
	if (leaf)
		set_limits(mm, leaf, first, last);
	HPDF_Dict_Add(root, "ParentTree", pt);
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(t->npages + t->nannots));
	add_id_tree(t, root);
	if (t->title_role) { /* an own role, mapped to a standard one */
		HPDF_Dict rm = HPDF_Dict_New(mm);
		HPDF_Dict_AddName(rm, "Title", "H1");
		HPDF_Dict_Add(root, "RoleMap", rm);
	}
}

/* ---- the tree written directly (pdf_pack_with puts it in the file) ----
 *
 * ~3,500 small dictionaries for W1: built as libharu objects, written by
 * libharu and parsed again by the packer, they cost about a third of what
 * tagging costs in time. Here each is written once, as compact as the
 * syntax allows; libharu only numbers them (a "null" in their place). */

static uint32_t objnum(const void *o)
{
	return ((const HPDF_Obj_Header *)o)->obj_id & 0x00FFFFFF;
}

/* A new object number (libharu writes "null" under it); its placeholder. */
static HPDF_Null reserve(pdf_tags *t, uint32_t *num)
{
	HPDF_Null n = HPDF_Null_New(t->pdf->mmgr);
	HPDF_Xref_Add(t->pdf->xref, n);
	*num = objnum(n);
	return n;
}

/* Object num's body starts (bodies come in increasing numbers). */
static void body(pdf_tags *t, uint32_t num)
{
	GROW(t->rnum, t->rcap, t->nr + 1);
	GROW(t->roff, t->rocap, t->nr + 2);
	t->rnum[t->nr] = num;
	t->roff[t->nr++] = t->raw.len;
}

static void put_ref(buf *b, uint32_t num)
{
	put_num(b, (long)num);
	buf_put(b, " 0 R", 4);
}

/* A text string: ASCII as it is, anything else UTF-16BE with its mark, as
 * a literal string (two bytes a character, where hex would take four). */
static void put_text(pdf_tags *t, const char *s)
{
	buf *b = &t->raw;
	size_t n;
	bool ascii = text_span(s, &n);
	const unsigned char *o = (const unsigned char *)s;
	size_t k = n;
	unsigned char *u = NULL;
	if (!ascii) {
		u = xmalloc(2 * n + 4);
		u[0] = 0xFE;
		u[1] = 0xFF;
		k = 2 + utf8_to_utf16be(s, n, u + 2);
		o = u;
	}
	buf_putc(b, '(');
	for (size_t i = 0; i < k; i++) {
		unsigned char c = o[i];
		if (c == '(' || c == ')' || c == '\\')
			buf_putc(b, '\\');
		else if (c == '\r' || c == '\n') { /* a line end in a literal string is read as \n */
			buf_puts(b, c == '\r' ? "\\r" : "\\n");
			continue;
		}
		buf_putc(b, (char)c);
	}
	buf_putc(b, ')');
	free(u);
}

static uint32_t page_num(const pdf_tags *t, int pg)
{
	return objnum(t->pgs[pg]);
}

/* The parent tree's arrays of the pages before page pg (those not placed
 * yet) are placed here: numbered (!write) or written. Each follows its
 * page's elements, so that deflate finds its references in the rows'
 * /K arrays just before it (W1: 3.3 KB less than one array at the end). */
static void page_arrays(pdf_tags *t, size_t pg, bool write)
{
	buf *b = &t->raw;
	for (; t->pt_next < pg && t->pt_next < t->npages; t->pt_next++) {
		pagemc *pm = &t->pages[t->pt_next];
		if (!pm->n)
			continue;
		if (!write) {
			reserve(t, &pm->num);
			continue;
		}
		body(t, pm->num);
		buf_putc(b, '[');
		for (size_t i = 0; i < pm->n; i++)
			put_ref(b, t->e[pm->m[i].el].num);
		buf_putc(b, ']');
	}
}

/* Element el and its used descendants get numbers, in the tree's order,
 * with the pages' arrays among them. */
static void number_elems(pdf_tags *t, int el)
{
	if (t->e[el].page >= 0)
		page_arrays(t, (size_t)t->e[el].page, false);
	reserve(t, &t->e[el].num);
	elem *e = &t->e[el];
	for (size_t i = 0; i < e->nk; i++)
		if (e->k[i].type == KID_ELEM && t->e[e->k[i].val].used)
			number_elems(t, (int)e->k[i].val);
}

static void write_elems(pdf_tags *t, int el, uint32_t parent)
{
	elem *e = &t->e[el];
	buf *b = &t->raw;
	if (e->page >= 0)
		page_arrays(t, (size_t)e->page, true);
	body(t, e->num);
	buf_puts(b, "<</S/");
	buf_puts(b, e->role);
	buf_puts(b, "/P");
	put_ref(b, parent);
	int pg = e->page;
	if (pg >= 0) {
		buf_puts(b, "/Pg");
		put_ref(b, page_num(t, pg));
	}
	if (e->lang) {
		buf_puts(b, "/Lang");
		put_text(t, e->lang);
	}
	if (e->alt) {
		buf_puts(b, "/Alt");
		put_text(t, e->alt);
	}
	if (e->id) {
		buf_puts(b, "/ID");
		put_text(t, e->id);
	}
	if (e->th || e->colspan || e->nhdr) {
		buf_puts(b, "/A<</O/Table");
		if (e->th)
			buf_puts(b, "/Scope/Column");
		if (e->colspan > 1) {
			buf_puts(b, "/ColSpan");
			put_num(b, e->colspan);
		}
		if (e->nhdr) {
			buf_puts(b, "/Headers[");
			for (int i = 0; i < e->nhdr; i++)
				put_text(t, t->e[e->hdr[i]].id);
			buf_putc(b, ']');
		}
		buf_puts(b, ">>");
	}
	/* one kid: itself, else an array */
	size_t nk = 0;
	for (size_t i = 0; i < e->nk; i++)
		nk += e->k[i].type != KID_ELEM || t->e[e->k[i].val].used;
	buf_puts(b, nk == 1 ? "/K" : "/K[");
	for (size_t i = 0; i < e->nk; i++) {
		const kid *c = &e->k[i];
		if (c->type == KID_ELEM) {
			if (t->e[c->val].used)
				put_ref(b, t->e[c->val].num);
		} else if (c->type == KID_MCID && c->page == pg) {
			put_num(b, c->val);
		} else if (c->type == KID_MCID) {
			buf_puts(b, "<</Type/MCR/Pg");
			put_ref(b, page_num(t, c->page));
			buf_puts(b, "/MCID");
			put_num(b, c->val);
			buf_puts(b, ">>");
		} else {
			buf_puts(b, "<</Type/OBJR/Pg");
			put_ref(b, page_num(t, c->page));
			buf_puts(b, "/Obj");
			put_ref(b, objnum(c->annot));
			buf_puts(b, ">>");
		}
	}
	buf_puts(b, nk == 1 ? ">>" : "]>>");
	for (size_t i = 0; i < e->nk; i++)
		if (e->k[i].type == KID_ELEM && t->e[e->k[i].val].used)
			write_elems(t, (int)e->k[i].val, e->num);
}

/* The tree's objects as bodies for pdf_pack_with; root is the
 * StructTreeRoot's placeholder (the catalog refers to it). */
static void tree_raw(pdf_tags *t, HPDF_Null root)
{
	buf *b = &t->raw;
	uint32_t rootnum = objnum(root);
	t->pt_next = 0;
	if (t->e[0].used)
		number_elems(t, 0);
	page_arrays(t, t->npages, false);
	/* the parent tree: page p's array of the elements of its MCIDs, then
	 * each link annotation's element; leaves of at most LEAF_MAX keys
	 * under /Kids when there is more than one */
	size_t nkeys = 0;
	for (size_t p = 0; p < t->npages; p++)
		nkeys += t->pages[p].n > 0;
	nkeys += t->nannots;
	size_t nleaves = nkeys > LEAF_MAX ? (nkeys + LEAF_MAX - 1) / LEAF_MAX : 0;
	uint32_t ptnum, leaf0 = 0;
	reserve(t, &ptnum);
	for (size_t i = 0; i < nleaves; i++)
		reserve(t, i ? &(uint32_t){0} : &leaf0);
	/* the IDTree: each /ID to its element, keys in order */
	size_t nid = 0;
	for (size_t i = 0; i < t->nids; i++)
		if (t->e[t->ids[i]].used)
			t->ids[nid++] = t->ids[i];
	size_t nidleaves = nid > LEAF_MAX ? (nid + LEAF_MAX - 1) / LEAF_MAX : 0;
	uint32_t idnum = 0, idleaf0 = 0;
	if (nid) {
		id_sort_t = t;
		qsort(t->ids, nid, sizeof *t->ids, id_cmp);
		reserve(t, &idnum);
		for (size_t i = 0; i < nidleaves; i++)
			reserve(t, i ? &(uint32_t){0} : &idleaf0);
	}
	/* the bodies, in the numbers' order */
	body(t, rootnum);
	buf_puts(b, "<</Type/StructTreeRoot");
	if (t->e[0].used) {
		buf_puts(b, "/K");
		put_ref(b, t->e[0].num);
	}
	buf_puts(b, "/ParentTree");
	put_ref(b, ptnum);
	buf_puts(b, "/ParentTreeNextKey");
	put_num(b, (long)(t->npages + t->nannots));
	if (nid) {
		buf_puts(b, "/IDTree");
		put_ref(b, idnum);
	}
	if (t->title_role) /* an own role, mapped to a standard one */
		buf_puts(b, "/RoleMap<</Title/H1>>");
	buf_puts(b, ">>");
	t->pt_next = 0;
	if (t->e[0].used)
		write_elems(t, 0, rootnum);
	page_arrays(t, t->npages, true);
	body(t, ptnum);
	if (nleaves) {
		buf_puts(b, "<</Kids[");
		for (size_t i = 0; i < nleaves; i++)
			put_ref(b, leaf0 + (uint32_t)i);
		buf_puts(b, "]>>");
	}
	size_t key = 0;
	for (size_t leaf = 0; leaf < (nleaves ? nleaves : 1); leaf++) {
		if (nleaves) {
			body(t, leaf0 + (uint32_t)leaf);
			/* the leaf's first and last keys */
			size_t k = key, cnt = 0, first = 0, last = 0;
			for (; k < t->npages + t->nannots && cnt < LEAF_MAX; k++)
				if (k >= t->npages || t->pages[k].n) {
					if (!cnt++)
						first = k;
					last = k;
				}
			buf_puts(b, "<</Limits[");
			put_num(b, (long)first);
			put_num(b, (long)last);
			buf_putc(b, ']');
		} else {
			buf_puts(b, "<<");
		}
		buf_puts(b, "/Nums[");
		for (size_t cnt = 0; key < t->npages + t->nannots && cnt < LEAF_MAX; key++) {
			if (key < t->npages) {
				const pagemc *pm = &t->pages[key];
				if (!pm->n)
					continue;
				put_num(b, (long)key);
				put_ref(b, pm->num);
			} else {
				put_num(b, (long)key);
				put_ref(b, t->e[t->annots[key - t->npages].el].num);
			}
			cnt++;
		}
		buf_puts(b, "]>>");
	}
	if (nid) {
		body(t, idnum);
		if (nidleaves) {
			buf_puts(b, "<</Kids[");
			for (size_t i = 0; i < nidleaves; i++)
				put_ref(b, idleaf0 + (uint32_t)i);
			buf_puts(b, "]>>");
		}
		for (size_t i0 = 0; i0 < nid; i0 += LEAF_MAX) {
			size_t i1 = i0 + LEAF_MAX < nid ? i0 + LEAF_MAX : nid;
			if (nidleaves) {
				body(t, idleaf0 + (uint32_t)(i0 / LEAF_MAX));
				buf_puts(b, "<</Limits[");
				put_text(t, t->e[t->ids[i0]].id);
				put_text(t, t->e[t->ids[i1 - 1]].id);
				buf_puts(b, "]/Names[");
			} else {
				buf_puts(b, "<</Names[");
			}
			for (size_t i = i0; i < i1; i++) {
				put_text(t, t->e[t->ids[i]].id);
				put_ref(b, t->e[t->ids[i]].num);
			}
			buf_puts(b, "]>>");
		}
	}
	GROW(t->roff, t->rocap, t->nr + 1);
	t->roff[t->nr] = t->raw.len;
	t->bodies = (pdf_pack_bodies){t->nr, t->rnum, t->roff, (const unsigned char *)t->raw.s};
}

void pdf_tags_finish(pdf_tags *t, bool raw)
{
	HPDF_Doc pdf = t->pdf;
	HPDF_MMgr mm = pdf->mmgr;
	split_big(t);
	mark_used(t, 0);
	for (size_t p = 0; p < t->npages; p++) {
		HPDF_Dict_AddNumber(t->pgs[p], "StructParents", (HPDF_INT32)p);
		HPDF_Dict_AddName(t->pgs[p], "Tabs", "S");
	}
	void *root;
	if (raw) {
		root = reserve(t, &(uint32_t){0});
		tree_raw(t, root);
	} else {
		root = HPDF_Dict_New(mm);
		HPDF_Xref_Add(pdf->xref, root);
		tree_objects(t, root);
	}
	HPDF_Dict cat = pdf->catalog;
	HPDF_Dict_Add(cat, "StructTreeRoot", root);
	HPDF_Dict mi = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(mi, "Marked", HPDF_TRUE);
	HPDF_Dict_Add(cat, "MarkInfo", mi);
	HPDF_Dict_Add(cat, "Lang", text_obj(t, doc_lang(t->d)));
	HPDF_Dict vp = HPDF_Dict_New(mm);
	HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
	HPDF_Dict_Add(cat, "ViewerPreferences", vp);
	add_xmp(t);
}

const pdf_pack_bodies *pdf_tags_bodies(const pdf_tags *t)
{
	return t && t->nr ? &t->bodies : NULL;
}
