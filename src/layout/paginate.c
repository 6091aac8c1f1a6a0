/* paginate.c — footnotes' lines and queue, and pagination: vboxes →
 * pages, with keeps, floats and the notes at the foot of each page.
 */
#include "layout_imp.h"
#include "pagebreak.h"

/* ================================================================
 * Footnotes: their lines, set once, and the queue pagination drains
 * ================================================================ */
void set_notes(lctx *c)
{
	const doc *d = c->d;
	const style *st = &d->styles[ST_FOOTNOTE];
	double indent = st->left_indent, width = c->W - indent;
	c->fn_line0 = xcalloc(d->nnotes, sizeof(size_t));
	c->fn_nlines = xcalloc(d->nnotes, sizeof(size_t));
	c->fn_anchored = xcalloc(d->nnotes, sizeof(bool));
	for (size_t n = 0; n < d->nnotes; n++) {
		const footnote *fn = &d->notes[n];
		c->tag = TAG_NOTE;
		c->node = (uint32_t)n + 1;
		c->sub = 0;
		size_t nl = set_para(c, &scratch, fn->spans, fn->nspans, st, width, 0, st->align == ALIGN_JUSTIFY, fn->pos);
		c->fn_line0[n] = c->nfv;
		c->fn_nlines[n] = nl;
		for (size_t l = 0; l < nl; l++) {
			GROW(c->fv, c->fvcap, c->nfv + 1);
			vbox *v = &c->fv[c->nfv++];
			memset(v, 0, sizeof *v);
			v->h = st->leading;
			v->mark = v->repeat = -1;
			v->it0 = c->nit;
			if (l == 0) {
				/* the number, raised like the reference, ends at the indent;
				 * drawn before the line, as it is read */
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
			emit_line(c, &scratch, l, st, st->align, indent, baseline(st), width);
			v->nit = c->nit - v->it0;
			if (l + 1 == nl)
				v->h += st->space_after; /* between one note and the next */
		}
	}
	c->tag = TAG_NONE;
	c->node = 0;
	/* the rule: a fifth of the measure, at the middle of the space above */
	memset(&c->fn_rule, 0, sizeof c->fn_rule);
	c->fn_rule.mark = c->fn_rule.repeat = -1;
	c->fn_rule.it0 = c->nit;
	item *r = add_item(c, IT_RECT);
	r->x = 0;
	r->y = st->space_before / 2;
	r->w = c->W / 5 < 90 ? c->W / 5 : 90;
	r->h = (float)st->rule_width;
	r->color = st->rule_color;
	c->fn_rule.nit = 1;
}

/* The queue: the notes' lines in order of anchoring (a note whose reference
 * was set nowhere goes last, rather than being lost). */
void queue_notes(lctx *c)
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
lpage *new_page(lctx *c)
{
	layout *L = c->L;
	GROW(L->pages, L->pcap, L->npages + 1);
	lpage *p = &L->pages[L->npages++];
	memset(p, 0, sizeof *p);
	return p;
}

/* The text frame's left edge on page (from 0). In a duplex dossier the
 * inside margin is on the binding side: the left of a recto (odd page)
 * and the right of a verso when the dossier reads left to right; a
 * dossier written right to left is bound on the right, so its rectos are
 * left-hand pages and the sides swap (as the running lines do). */
double frame_x(const lctx *c, size_t page)
{
	const page_setup *ps = &c->d->page;
	bool verso_side = (page % 2 == 1) != lang_rtl(doc_lang(c->d));
	return (ps->duplex && verso_side) ? ps->outside : ps->inside;
}

void place(lctx *c, lpage *pg, const vbox *v, double top)
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
	bool turned = c->v[c->ord[k]].landscape && !landscape;
	/* the group: the figure's boxes, or the run of boxes of a turned page */
	while (g + 1 < c->nord && (turned ? c->v[c->ord[g + 1]].landscape : c->v[c->ord[g + 1]].flt == id))
		g++;
	if (c->v[c->ord[g]].keep && !turned)
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
	/* a short paragraph (four lines or fewer) is not split around the
	 * figure: it moves whole or stays whole after it */
	if (take < c->nord && c->v[c->ord[take]].para && c->v[c->ord[take]].para == c->v[c->ord[take - 1]].para) {
		uint32_t id2 = c->v[c->ord[take]].para;
		size_t a = take, b = take;
		while (a > g + 1 && c->v[c->ord[a - 1]].para == id2)
			a--;
		while (b < c->nord && c->v[c->ord[b]].para == id2)
			b++;
		if (b - a <= 4)
			take = a;
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

/* A page left blank: the cover's back, a verso before a recto start. */
static lpage *blank_page(lctx *c, const char ***first_sec, size_t *fs_cap)
{
	lpage *pg = new_page(c);
	pg->blank = pg->forced = true;
	GROW(*first_sec, *fs_cap, c->L->npages);
	(*first_sec)[c->L->npages - 1] = NULL;
	return pg;
}

/* ================================================================
 * The page plan: where pages start, chosen by cost (pagebreak.h)
 * ================================================================ */

/* Boxes planned at once: past this many, the plan stops at its last page
 * start and is made again from there (a table of 100,000 rows is planned
 * a few pages at a time). */
#define PLAN_HORIZON 1500

/* The room the notes referenced in v need on its page: their required
 * lines, and the rule above them. */
static double notes_room(const lctx *c, const vbox *v)
{
	double h = 0;
	for (size_t i = 0; i < v->nfn; i++) {
		size_t n = (size_t)c->fnl[v->fn0 + i] - 1;
		size_t q0 = c->fq_end[n] - c->fn_nlines[n];
		h += c->fq_cum[c->fq_need[n]] - c->fq_cum[q0];
	}
	return h > 0 ? h + c->d->styles[ST_FOOTNOTE].space_before : 0;
}

/* Move the float at ord[f .. g) after the text at ord[g .. t): it heads
 * the page that text leaves (its vboxes are marked moved, in fmoved). */
static void defer_float(lctx *c, size_t f, size_t g, size_t t, bool *fmoved)
{
	size_t nf = g - f, nt = t - g;
	size_t *tmp = xmalloc(nf * sizeof *tmp);
	memcpy(tmp, c->ord + f, nf * sizeof *tmp);
	memmove(c->ord + f, c->ord + g, nt * sizeof *tmp);
	memcpy(c->ord + f + nt, tmp, nf * sizeof *tmp);
	for (size_t i = 0; i < nf; i++)
		fmoved[tmp[i]] = true;
	free(tmp);
}

/* Plan the pages from ord[s] (a page starts there), no page starting
 * before ord[kmin] (boxes already placed): sets plan[vbox] for each box a
 * page starts with, clears it for the others planned, moves the floats the
 * plan defers (a float moved once stays), and returns the ord index where
 * the plan must be made again (c->nord: it runs to the end). */
static size_t plan_pages(lctx *c, size_t s, size_t kmin, bool *plan, bool *fmoved)
{
	size_t cap = c->nord - s;
	pb_box *b = xmalloc((cap ? cap : 1) * sizeof *b);
	size_t *at = xmalloc((cap + 1) * sizeof *at);
	bool *start = xmalloc((cap ? cap : 1) * sizeof *start);
	bool *defer = xmalloc((cap + 1) * sizeof *defer);
	size_t n = 0, end = c->nord;
	bool prev_land = false;
	const double HL = c->d->page.width - c->d->page.top - c->d->page.bottom;
	for (size_t k = s; k < c->nord; k++) {
		const vbox *v = &c->v[c->ord[k]];
		if (v->h < 0)
			continue;
		bool forced = v->new_page || (n > 0 && v->landscape != prev_land);
		if (n >= PLAN_HORIZON && forced) {
			end = k;
			break;
		}
		if (n >= 2 * PLAN_HORIZON) {
			end = k;
			break;
		}
		pb_box *e = &b[n];
		*e = (pb_box){0};
		e->h = v->h + (v->landscape ? 0 : notes_room(c, v));
		e->gap = v->gap;
		e->top = v->repeat >= 0 ? -c->v[v->repeat].h : 0;
		e->H = v->landscape ? HL : c->H;
		e->keep = v->keep;
		e->forced = forced;
		if (v->new_page && v->section && !v->cover && n > 0 && v->landscape == prev_land) {
			int mode = c->d->page.section_start;
			if (mode == SEC_START_CONTINUE)
				e->forced = false;
			else if (mode == SEC_START_AUTO)
				e->may_join = true;
		}
		e->no_join = v->cover || v->landscape ||
			     (c->has_toc && c->ord[k] >= c->toc_v0 && c->ord[k] < c->toc_v1);
		e->nobreak = k < kmin && n > 0;
		e->para = v->para;
		e->flt = v->flt > 0 && !v->landscape && !fmoved[c->ord[k]] ? (uint32_t)v->flt : 0;
		e->nomove = v->repeat >= 0;
		e->barrier = v->block && c->d->blocks[v->block - 1].kind == BLK_HEADING;
		if (v->para) {
			size_t a = k, z = k + 1;
			while (a > 0 && c->v[c->ord[a - 1]].para == v->para)
				a--;
			while (z < c->nord && c->v[c->ord[z]].para == v->para)
				z++;
			e->nlines = (uint32_t)(z - a);
		}
		prev_land = v->landscape;
		at[n++] = k;
	}
	pb_solve(b, n, start, defer);
	at[n] = end;
	if (end < c->nord)
		defer[n] = false; /* not the end: the next plan sees to it */
	for (size_t i = 0; i < n; i++)
		plan[c->ord[at[i]]] = start[i];
	/* the last page start before the cut: plain, or a deferred float */
	size_t again = c->nord, last = 0;
	for (size_t i = 1; i < n; i++)
		if (start[i] || defer[i])
			last = i;
	if (end < c->nord)
		again = last ? at[last] : end;
	/* the floats deferred, each to the top of the page after the text
	 * moved up past it (the runs moved are apart: no float in one) */
	for (size_t t = 1; t <= n; t++) {
		if (!defer[t])
			continue;
		size_t l = t - 1; /* the float's last box, then its first */
		while (!b[l].flt)
			l--;
		size_t f = l;
		while (f > 0 && b[f - 1].flt == b[l].flt)
			f--;
		size_t of = at[f], og = at[l] + 1, ot = at[t];
		if (t < n && !start[t])
			plan[c->ord[ot]] = false; /* it follows the float */
		plan[c->ord[of]] = true;
		defer_float(c, of, og, ot, fmoved);
		if (t == last && end < c->nord)
			again = ot - (og - of); /* the float heads the last page */
	}
	free(b);
	free(at);
	free(start);
	free(defer);
	return again;
}

/* Text moved up before the float (or turned page) whose first box is
 * vbox fv, now at ord[k ..]: it fills the page being made, and the float
 * starts the next one (and moves no further: fmoved). */
static void moved_up(lctx *c, size_t k, ptrdiff_t fv, bool *plan, bool *fmoved)
{
	size_t j = k;
	for (; j < c->nord && c->ord[j] != (size_t)fv; j++)
		plan[c->ord[j]] = false;
	plan[fv] = true;
	for (int id = c->v[fv].flt; id && j < c->nord && c->v[c->ord[j]].flt == id; j++)
		fmoved[c->ord[j]] = true;
}

/* Does a section heading v break the page? By the layout's section-start;
 * in auto, not when the page so far (cur high, in a frame H high) is less
 * than 40% full and holds neither the cover nor the contents: a section
 * then runs on rather than leave a near-empty page. */
static bool section_breaks(const lctx *c, const vbox *v, const lpage *pg, double cur, double H, bool toc)
{
	if (!v->section || v->cover)
		return true;
	switch (c->d->page.section_start) {
	case SEC_START_CONTINUE:
		return false;
	case SEC_START_AUTO:
		return pg->cover || pg->landscape || toc || cur >= 0.4 * H;
	default:
		return true;
	}
}

void paginate(lctx *c)
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
	bool toc = false; /* the page holds (some of) the contents */
	L->underfull_pages = 0; /* of the last pass */
	for (size_t n = 0; n < L->nnotes; n++)
		L->notes[n] = (lnote){-1, -1, -1};
	/* a turned page takes along the heading (the keep chain) before it */
	for (size_t k = 1; k < c->nord; k++) {
		if (!c->v[c->ord[k]].landscape || c->v[c->ord[k - 1]].landscape)
			continue;
		size_t j = k;
		double h = 0;
		while (j > 0 && c->v[c->ord[j - 1]].keep && !c->v[c->ord[j - 1]].landscape &&
		       c->v[c->ord[j - 1]].h >= 0 && !c->v[c->ord[j - 1]].flt) {
			j--;
			h += c->v[c->ord[j]].gap + c->v[c->ord[j]].h;
			if (c->v[c->ord[j]].new_page)
				break;
		}
		if (h < (c->d->page.width - c->d->page.top - c->d->page.bottom) / 3)
			for (; j < k; j++)
				c->v[c->ord[j]].landscape = true;
	}
	/* the page plan (pagebreak.h): made for the whole flow, and again
	 * from the page being filled whenever the pages part from it (notes
	 * carried over, a float moved, a box that did not fit as planned) */
	bool *plan = xcalloc(c->nv ? c->nv : 1, sizeof *plan);
	bool *fmoved = xcalloc(c->nv ? c->nv : 1, sizeof *fmoved);
	size_t again = plan_pages(c, 0, 0, plan, fmoved);
	bool replan = false; /* plan again at the next page */
	for (size_t k = 0; k < c->nord; k++) {
		const vbox *v = &c->v[c->ord[k]];
		if (v->h < 0)
			continue; /* a repeat box, placed only on demand */
		const double H = v->landscape ? c->d->page.width - c->d->page.top - c->d->page.bottom : c->H;
		bool np = v->new_page && !empty && section_breaks(c, v, pg, cur, H, toc);
		bool brk = pg == NULL || np || pg->landscape != v->landscape;
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
		bool planned = !empty && plan[c->ord[k]];
		if (planned && !brk)
			brk = true;
		/* a figure or chart the plan did not see coming here (the pages
		 * parted from it): text moves up past it, as much as fits */
		if (brk && !planned && !empty && v->flt && !np && pg && pg->landscape == v->landscape &&
		    c->v[c->ord[k - 1]].flt != v->flt &&
		    float_ahead(c, k, H - cur - (v->landscape ? 0 : notes_height(c, qpos, need)), v->landscape)) {
			moved_up(c, k, v - c->v, plan, fmoved);
			replan = true;
			k--; /* the text moved up comes first */
			continue;
		}
		/* a turned page floats too: the text after it fills the page
		 * before the turn */
		if (brk && !empty && v->landscape && !np && pg && !pg->landscape &&
		    float_ahead(c, k, c->H - cur - notes_height(c, qpos, need), false)) {
			moved_up(c, k, v - c->v, plan, fmoved);
			replan = true;
			k--;
			continue;
		}
		if (brk) {
			size_t q0 = qpos;
			place_notes(c, pg, cur, &qpos, need, avail);
			/* a page closed by its content, not by a forced break, that
			 * is less than two-thirds full (keeps made it so) */
			if (pg) {
				double ph = pg->landscape ? c->d->page.width - c->d->page.top - c->d->page.bottom : c->H;
				pg->fill = (float)((cur + (qpos > q0 ? notes_height(c, q0, qpos) : 0)) / ph);
				pg->forced = np || pg->landscape != v->landscape;
			}
			if (pg && !empty && !pg->cover && !pg->forced && pg->fill < 2.0 / 3) {
				L->underfull_pages++;
				pg->underfull = true;
			}
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
			/* duplex: the cover's back is blank; a recto start
			 * skips a verso */
			if (pg && c->d->page.duplex &&
			    (pg->cover || (np && v->section && c->d->page.section_start == SEC_START_RECTO)) &&
			    L->npages % 2 == 1)
				blank_page(c, &first_sec, &fs_cap);
			pg = new_page(c);
			pg->landscape = v->landscape;
			if (k > 0 && (!planned || replan || k >= again))
				again = plan_pages(c, k, k, plan, fmoved);
			replan = false;
			toc = false;
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
		/* a paragraph continued under a figure moved up keeps the
		 * figure's space from it */
		if (!empty && k > 0 && v->para && c->v[c->ord[k - 1]].flt && !v->flt) {
			size_t f = k - 1;
			while (f > 0 && c->v[c->ord[f - 1]].flt == c->v[c->ord[k - 1]].flt)
				f--;
			if (f > 0 && c->v[c->ord[f - 1]].para == v->para && c->v[c->ord[f]].gap > gap)
				gap = c->v[c->ord[f]].gap;
		}
		c->place_gap = gap;
		place(c, pg, v, cur + gap);
		c->place_gap = 0;
		c->v[c->ord[k]].page = (int)L->npages - 1; /* for count_quality */
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
		if ((c->has_toc && c->ord[k] >= c->toc_v0 && c->ord[k] < c->toc_v1) ||
		    (v->block && c->d->blocks[v->block - 1].kind == BLK_TOC)) /* or the list of figures */
			toc = true;
		if (!pg->where.line && v->block)
			pg->where = c->d->blocks[v->block - 1].pos;
		if (v->section && !first_sec[L->npages - 1])
			first_sec[L->npages - 1] = v->section;
		if (v->section)
			pg->section = v->section; /* the last one, for carrying over */
		cur += gap + v->h;
		empty = false;
	}
	/* the notes left over continue on pages of their own */
	size_t q0 = qpos;
	place_notes(c, pg, cur, &qpos, need, c->nfq);
	if (pg) {
		pg->fill = (float)((cur + (qpos > q0 ? notes_height(c, q0, qpos) : 0)) / c->H);
		pg->forced = true; /* the end */
	}
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
	free(plan);
	free(fmoved);
}
