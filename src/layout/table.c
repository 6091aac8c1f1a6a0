/* table.c — tables → vboxes: column widths (with tablemeasure.c), rows
 * split over pages, repeated header rows, tables too wide for the frame.
 */
#include "layout_imp.h"

/* Tables of this many rows or fewer stay on one page (when they fit). */
#define TABLE_KEEP_ROWS 6

/* Text of one line-set paragraph in a box: used by table cells. Returns
 * the number of lines; items are added with y downward from y0. */
size_t cell_text(lctx *c, const char *text, const style *st, unsigned flags, int align,
		 double x0, double y0, double width, uint32_t color, srcpos pos)
{
	span base = {.text = text, .len = strlen(text), .flags = flags}, *sp = &base;
	size_t nsp = 1;
	if (lm_any(text)) /* passages in another language (langmark.h) */
		nsp = lm_spans(c->L->a, text, base.len, &base, &sp);
	/* greedy when ragged: balance_widths counts a cell's lines greedily */
	size_t nl = set_para(c, &scratch, sp, nsp, st, width, 0, align == ALIGN_JUSTIFY ? BRK_JUSTIFY : BRK_GREEDY, pos);
	for (size_t l = 0; l < nl; l++) {
		size_t first = c->nit;
		emit_line(c, &scratch, l, st, align == ALIGN_JUSTIFY ? ALIGN_LEFT : align, x0,
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
			text = lm_plain(c->L->a, text); /* its words (langmark.h) */
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
	span sp = {.text = s, .len = n, .flags = kind == TM_BOLD ? SPAN_BOLD : 0}, *v = &sp;
	size_t nv = 1;
	if (memchr(s, LM_OPEN, n)) /* passages in another language, as cell_text sets them */
		nv = lm_spans(c->L->a, s, n, &sp, &v);
	bool report = c->report; /* a character in no font is reported where the cell is set */
	c->report = false;
	para_reset(&scratch);
	para_text(&scratch, v, nv);
	para_bidi(&scratch, lang_rtl(lang(c)) ? BIDI_RTL : BIDI_AUTO);
	bool liga = font_ligatures(c->fs, st->ligatures);
	para_words(c, &scratch, st, (srcpos){0});
	font_ligatures(c->fs, liga);
	c->report = report;
	double line = 0;
	*whole = *unit = 0;
	for (size_t k = 0; k < scratch.nw; k++) {
		const word *w = &scratch.w[k];
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
	const style *body = tst(c, false); /* the rules, zebra and accents */
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
		c->tag = head ? TAG_HEAD_CELL : TAG_CELL;
		c->sub = (uint32_t)(head ? i : r * t->ncols + i);
		if (!head && (kind == ROW_TOTAL || kind == ROW_GROUP || kind == ROW_SUBTOTAL))
			flags |= SPAN_BOLD;
		if (!head && kind == ROW_GROUP) { /* one cell across the table */
			if (i == 0)
				maxl = cell_text(c, text, st, flags, ALIGN_LEFT, padx, pady, c->W - 2 * padx, body->accent, t->pos);
			continue;
		}
		if (!head && t->keyvalue && i == 0) {
			flags |= SPAN_BOLD;
			color = body->accent;
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
	c->tag = TAG_BLOCK; /* the background and rules: artifacts */
	c->sub = 0;
	double h = maxl * st->leading + 2 * pady;
	v->h = h;
	bg = &c->it[bgi];
	bg->x = 0;
	bg->y = h;
	bg->w = c->W;
	bg->h = h;
	if (head)
		bg->color = st->background;
	else if (t->keyvalue)
		bg->color = r % 2 ? body->background : body->zebra;
	else if (kind == ROW_TOTAL)
		bg->color = body->total_bg;
	else if (kind == ROW_GROUP)
		bg->color = body->group_bg;
	else if (kind == ROW_SUBTOTAL)
		bg->color = body->subtotal_bg;
	else if (zebra_on && t->zebra && r % 2 == 1)
		bg->color = body->zebra;
	else
		bg->kind = IT_LINE, bg->w = 0, bg->h = 0, bg->color = body->background, bg->lw = 0;
	if (t->keyvalue) { /* label column shading */
		item *lab = add_item(c, IT_RECT);
		lab->x = 0;
		lab->y = h;
		lab->w = w[0];
		lab->h = h;
		lab->color = c->d->styles[ST_FACT_LABEL].background;
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
	ln->lw = (float)body->rule_width;
	ln->color = body->rule_color;
	if (kind == ROW_TOTAL && !head) {
		item *tl = add_item(c, IT_LINE);
		tl->x = 0;
		tl->y = 0;
		tl->w = c->W;
		tl->lw = 1;
		tl->color = body->accent;
	}
	end_vbox(c, v);
	double limit = c->H - 60; /* room for the repeated header */
	if (!head && h > limit)
		return split_tall_row(c, limit, st->leading, pady);
	return 1;
}

static void do_table_in_frame(lctx *c, const block *b, const table *t);

/* A cell that is a figure: a number (signs, currency, separators, a
 * percent), alone or followed by one short word ("6 days"); "—" and "n/a"
 * stand for a missing one. */
static bool is_figure(const char *s)
{
	if (!s || !*s)
		return false;
	if (!strcmp(s, "\u2014") || !strcmp(s, "\u2013") || !strcmp(s, "-") || !strcmp(s, "n/a"))
		return true;
	const unsigned char *p = (const unsigned char *)s;
	while (*p == '+' || *p == '-' || *p == '<' || *p == '>' || *p == '~' || *p == '$' || *p == '(')
		p++;
	if (!strncmp((const char *)p, "\u2212", 3) || !strncmp((const char *)p, "\u20ac", 3) ||
	    !strncmp((const char *)p, "\u00a3", 2))
		p += p[0] == 0xC2 ? 2 : 3;
	if (*p < '0' || *p > '9')
		return false;
	while ((*p >= '0' && *p <= '9') || *p == ',' || *p == '.' || *p == '\'' ||
	       (*p == ' ' && p[1] >= '0' && p[1] <= '9') || (p[0] == 0xC2 && p[1] == 0xA0 && (p += 1)))
		p++;
	if (*p == '%' || *p == ')')
		p++;
	if (*p == ' ') { /* one short word of unit */
		size_t n = 0;
		for (p++; *p && *p != ' ' && n < 12; p++)
			n++;
		if (*p || n == 0 || n >= 12)
			return false;
	}
	return *p == 0;
}

/* Exhibits alike across the dossier: a text column whose cells are mostly
 * figures is set right-aligned, as the numeric columns of every table are;
 * a source column that gives one citation on every row is folded into the
 * one source line under the table (not repeated, wrapping, on each row).
 * Returns t, or a copy in the arena with those changes. */
static const table *tidy_table(lctx *c, const table *t)
{
	size_t nc = t->ncols, body = 0;
	for (size_t r = 0; r < t->nrows; r++)
		body += t->rowkind[r] == ROW_BODY;
	if (body < 2)
		return t;
	table *n = NULL;
	long fold = -1;
	const char *src_label = label_text(c->d->labels, L_SOURCE);
	for (size_t i = 0; i < nc; i++) {
		const column *col = &t->cols[i];
		size_t fig = 0, filled = 0;
		const char *same = NULL;
		bool constant = true;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *x = t->cells[r * nc + i];
			if (t->rowkind[r] != ROW_BODY || !x || !*x)
				continue;
			filled++;
			fig += is_figure(x);
			if (!same)
				same = x;
			else if (strcmp(same, x))
				constant = false;
		}
		if (col->type == COL_TEXT && col->align == ALIGN_LEFT && !(t->keyvalue && i == 0) && filled >= 2 &&
		    fig * 3 >= filled * 2) {
			if (!n) {
				n = arena_array(c->L->a, 1, sizeof *n);
				*n = *t;
				column *cols = arena_array(c->L->a, nc, sizeof *cols);
				memcpy(cols, t->cols, nc * sizeof *cols);
				n->cols = cols;
			}
			n->cols[i].align = ALIGN_RIGHT;
		}
		if (fold < 0 && constant && filled == body && nc >= 3 && col->label &&
		    ((src_label && !strcasecmp(col->label, src_label)) || !strcasecmp(col->label, "source") ||
		     (col->key && !strcasecmp(col->key, "source"))) &&
		    (!t->source || !strcmp(t->source, same)))
			fold = (long)i;
	}
	if (fold < 0)
		return n ? n : t;
	if (!n) {
		n = arena_array(c->L->a, 1, sizeof *n);
		*n = *t;
	}
	const column *cols0 = n->cols;
	column *cols = arena_array(c->L->a, nc - 1, sizeof *cols);
	const char **cells = arena_array(c->L->a, t->nrows * (nc - 1) + 1, sizeof *cells);
	for (size_t i = 0, j = 0; i < nc; i++)
		if ((long)i != fold)
			cols[j++] = cols0[i];
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0, j = 0; i < nc; i++)
			if ((long)i != fold)
				cells[r * (nc - 1) + j++] = t->cells[r * nc + i];
	for (size_t r = 0; r < t->nrows && !n->source; r++)
		if (t->rowkind[r] == ROW_BODY && t->cells[r * nc + fold] && *t->cells[r * nc + fold])
			n->source = t->cells[r * nc + fold];
	n->cols = cols;
	n->cells = cells;
	n->ncols = nc - 1;
	return n;
}

/* A table with fit: landscape is laid out for a page turned sideways:
 * the frame takes the page's height as its width. */
void do_table(lctx *c, const block *b)
{
	const table *t = b->table;
	if (!t || t->ncols == 0)
		return;
	t = tidy_table(c, t);
	if (!t->landscape) {
		do_table_in_frame(c, b, t);
		return;
	}
	const page_setup *ps = &c->d->page;
	double W = c->W, H = c->H;
	c->W = ps->height - ps->inside - ps->outside;
	c->H = ps->width - ps->top - ps->bottom;
	size_t first = c->nv;
	do_table_in_frame(c, b, t);
	for (size_t i = first; i < c->nv; i++)
		c->v[i].landscape = true;
	c->W = W;
	c->H = H;
}

static void do_table_in_frame(lctx *c, const block *b, const table *t)
{
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
	if (t->caption) {
		c->tag = TAG_CAPTION;
		small_line(c, t->caption, ST_CAPTION, true, b->pos);
		c->tag = TAG_BLOCK;
	}
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
		c->tag = TAG_NONE; /* a repeated head is pagination: an artifact */
		double y = 0;
		if (t->caption) { /* on as many lines as it needs */
			const char *s = label_fmt(c->L->a, c->d->labels, L_CONTINUED, 1, "caption", t->caption, NULL);
			size_t nl = cell_text(c, s, cs, 0, ALIGN_LEFT, 0, 0, c->W, cs->color, b->pos);
			y = nl * cs->leading + cs->space_after; /* as far below it as on the first page */
		}
		vbox *hv = &c->v[head];
		for (size_t i = 0; i < hv->nit; i++) {
			item it = c->it[hv->it0 + i];
			it.y += y;
			it.tag = TAG_NONE;
			*add_item(c, IT_TEXT) = it;
		}
		c->tag = TAG_BLOCK;
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
		/* a short table is not split, as a short paragraph is not */
		if (t->nrows <= TABLE_KEEP_ROWS && r + 1 < t->nrows)
			v->keep = true;
	}
	if (t->keyvalue && c->nv) { /* a frame line on top of a facts panel */
	}
	if (t->source || t->note) {
		c->tag = TAG_CREDIT;
		if (c->nv)
			c->v[c->nv - 1].keep = true;
		if (t->note)
			small_line(c, t->note, ST_SOURCE, t->source != NULL, b->pos);
		if (t->source)
			small_line(c, label_fmt(c->L->a, c->d->labels, L_SOURCE_LINE, 1, "source", t->source, NULL),
				   ST_SOURCE, false, b->pos);
		c->tag = TAG_BLOCK;
	}
	c->pending_gap = c->d->styles[ST_SOURCE].space_after;
	free(w);
}
