/* vertical.c — the frame of vertical charts (bar, stacked, line): plot
 * rectangle, gridlines, tick and category labels; the marks are drawn by
 * bar.c and line.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

static double vertical_bottom(const cx *c, int catlines)
{
	double h = 4 + catlines * SZ_LABEL * LEAD;
	if (c->ch->x_label && *c->ch->x_label)
		h += SZ_LABEL * LEAD + 3;
	return h;
}

static void vertical_layout(cx *c, vplot *p, double X, double Y, double W, double H)
{
	const chart *ch = c->ch;
	p->top = 4 + (ch->y_label && *ch->y_label ? SZ_LABEL * LEAD + 4 : 0) +
		 (ch->value_labels ? SZ_VALUE * LEAD : 0);
	/* first guess of the plot height, to pick the ticks and so the left margin */
	double ph = H - p->top - vertical_bottom(c, 2);
	int mt = (int)fmin(9, fmax(3, floor(ph / 32) + 1));
	vaxis_make(c, &p->a, mt);
	p->left = widest_tick(c, &p->a) + 6;
	double pw = W - p->left - 4;
	if (pw < 20)
		pw = 20;
	p->band = ch->ncat ? pw / (double)ch->ncat : pw;
	catlabels_make(c, &p->cl, p->band, 3);
	p->bottom = vertical_bottom(c, p->cl.maxlines ? p->cl.maxlines : 1);
	ph = H - p->top - p->bottom;
	if (ph < 20)
		ph = 20;
	int mt2 = (int)fmin(9, fmax(3, floor(ph / 32) + 1));
	if (mt2 != mt) {
		vaxis_make(c, &p->a, mt2);
		double l2 = widest_tick(c, &p->a) + 6;
		if (l2 > p->left) { /* wider ticks: narrower bands, same labels */
			p->left = l2;
			pw = fmax(W - p->left - 4, 20);
			p->band = ch->ncat ? pw / (double)ch->ncat : pw;
		}
	}
	p->x = X + p->left;
	p->y = Y + p->top;
	p->w = pw;
	p->h = ph;
	p->a.p0 = p->y + p->h;
	p->a.p1 = p->y;
}

static void grid_and_ticks_v(cx *c, const vplot *p)
{
	long k0, k1;
	vaxis_ticks(&p->a, &k0, &k1);
	char b[96];
	for (long k = k0; k <= k1; k++) {
		double v = tick_value(&p->a, k);
		if (v == 0)
			continue; /* the zero line is drawn over the bars */
		double y = vmap(&p->a, v);
		grid_seg(c, p->x, y, p->x + p->w, y);
	}
	geom_stroke(c, 0.4, C_GRID, 0);
	for (long k = k0; k <= k1; k++) {
		double y = vmap(&p->a, tick_value(&p->a, k));
		tick_label(c, &p->a, k, b, sizeof b);
		text_at(c, p->x - 5, y + ASC * SZ_TICK / 2, CHART_FONT_REGULAR, SZ_TICK, C_MUTED,
			CHART_ALIGN_RIGHT, b);
	}
}

void zero_line_h(cx *c, double x, double w, double y)
{
	geom_move(c, x, y);
	geom_line(c, x + w, y);
	geom_stroke(c, 0.6, C_AXIS, 0);
}

static void category_labels_v(cx *c, const vplot *p)
{
	const chart *ch = c->ch;
	double y0 = p->y + p->h + 4 + ASC * SZ_LABEL;
	for (size_t i = 0; i < ch->ncat; i++) {
		const lines *l = &p->cl.l[i];
		double cxp = p->x + (i + 0.5) * p->band;
		for (int k = 0; k < l->n; k++)
			text_at(c, cxp, y0 + k * SZ_LABEL * LEAD, CHART_FONT_REGULAR, SZ_LABEL, C_TEXT,
				CHART_ALIGN_CENTER, l->s[k]);
	}
	if (ch->x_label && *ch->x_label) {
		double y = p->y + p->h + 4 + p->cl.maxlines * SZ_LABEL * LEAD + 3 + ASC * SZ_LABEL + 1;
		text_at(c, p->x + p->w / 2, y, CHART_FONT_ITALIC, SZ_LABEL, C_MUTED, CHART_ALIGN_CENTER,
			ch->x_label);
	}
}

void value_label_fits(cx *c, double x, double y, double maxw, const char *s, uint32_t col)
{
	double size = SZ_VALUE;
	double w = measure(c, CHART_FONT_REGULAR, size, s);
	if (w > maxw) {
		size = 6.5;
		w = measure(c, CHART_FONT_REGULAR, size, s);
		if (w > maxw)
			return; /* would run into its neighbours */
	}
	text_at(c, x, y, CHART_FONT_REGULAR, size, col, CHART_ALIGN_CENTER, s);
}

void draw_vertical(cx *c, double X, double Y, double W, double H)
{
	const chart *ch = c->ch;
	vplot p;
	memset(&p, 0, sizeof p);
	vertical_layout(c, &p, X, Y, W, H);
	if (ch->y_label && *ch->y_label)
		text_at(c, X, Y + ASC * SZ_LABEL + 1, CHART_FONT_ITALIC, SZ_LABEL, C_MUTED,
			CHART_ALIGN_LEFT, ch->y_label);
	grid_and_ticks_v(c, &p);
	if (ch->type == CHART_STACKED)
		draw_stacked_v(c, &p);
	else if (ch->type == CHART_LINE)
		draw_lines_v(c, &p);
	else
		draw_bars_v(c, &p);
	category_labels_v(c, &p);
	catlabels_free(ch, &p.cl);
}

