/* pie.c — pie and donut charts: slices from 12 o'clock clockwise, labels
 * outside on each side, spread so they don't overlap. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* ---- pie and donut ---- */
typedef struct {
	double a0, a1, v;
	lines name;
	char value[192];
	double valw;        /* width of value */
	bool compact;       /* name and value on one line */
	double w, h;        /* label block */
	double lx, ly;      /* label anchor: x of the text edge, y of the block centre */
	int side;           /* +1 right, -1 left */
	size_t cat;
} slice;

#define PIE_LABEL_GAP 16.0

double pie_total(const chart *ch)
{
	double t = 0;
	if (!ch->nseries)
		return 0;
	for (size_t i = 0; i < ch->ncat; i++) {
		double v = val(ch, 0, i);
		if (isfinite(v) && v > 0)
			t += v;
	}
	return t;
}

/* Slices and their labels: the category name (wrapped to two lines) over
 * "value (percentage)", or, compact, both on one line. side_h gets the
 * height the labels of each side need stacked. */
static size_t pie_prepare(cx *c, slice *sl, double W, bool compact, double *labw, double side_h[2])
{
	const chart *ch = c->ch;
	double total = pie_total(ch);
	size_t n = 0;
	double acc = 0, maxw = 0;
	side_h[0] = side_h[1] = 0;
	c->decimals = data_decimals(ch);
	for (size_t i = 0; i < ch->ncat; i++) {
		double v = val(ch, 0, i);
		if (!isfinite(v) || v <= 0)
			continue;
		slice *s = &sl[n++];
		memset(s, 0, sizeof *s);
		s->cat = i;
		s->v = v;
		s->a0 = -M_PI / 2 + 2 * M_PI * acc / total;
		acc += v;
		s->a1 = -M_PI / 2 + 2 * M_PI * acc / total;
		s->side = cos((s->a0 + s->a1) / 2) >= 0 ? 1 : -1;
		s->compact = compact;
		wrap(c, CHART_FONT_REGULAR, SZ_LABEL, ch->categories[i], W * (compact ? 0.2 : 0.28),
		     compact ? 1 : 2, &s->name);
		char num[96], pct[64];
		fmt_num(c, num, sizeof num, v, c->decimals, true);
		fmt_pct(c, pct, sizeof pct, 100 * v / total);
		if (percent_unit(ch->unit))
			snprintf(s->value, sizeof s->value, "%s", num);
		else
			snprintf(s->value, sizeof s->value, "%s (%s)", num, pct);
		s->valw = measure(c, CHART_FONT_REGULAR, SZ_VALUE, s->value);
		if (compact) {
			s->w = s->name.w + 4 + s->valw;
			s->h = SZ_LABEL * LEAD;
		} else {
			s->w = fmax(s->name.w, s->valw);
			s->h = s->name.n * SZ_LABEL * LEAD + SZ_VALUE * LEAD;
		}
		maxw = fmax(maxw, s->w);
		side_h[s->side > 0] += s->h + 2;
	}
	*labw = maxw;
	return n;
}

static void pie_free(slice *sl, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lines_free(&sl[i].name);
}

static double pie_radius(double W, double labw)
{
	double r = (W - 2 * labw - 2 * (PIE_LABEL_GAP + 10)) / 2;
	return fmax(fmin(r, fmin(W * 0.2, 110)), 30);
}

/* The natural height: the circle with a margin, or taller when one side's
 * labels need it even on one line each. */
double pie_default_h(cx *c, double W)
{
	const chart *ch = c->ch;
	slice *sl = xcalloc(ch->ncat, sizeof *sl);
	double labw, sh[2];
	size_t n = pie_prepare(c, sl, W, false, &labw, sh);
	pie_free(sl, n);
	double h = 2 * pie_radius(W, labw) + 24;
	if (fmax(sh[0], sh[1]) > h) {
		n = pie_prepare(c, sl, W, true, &labw, sh);
		pie_free(sl, n);
		h = fmax(2 * pie_radius(W, labw) + 24, fmax(sh[0], sh[1]) + 4);
	}
	free(sl);
	return h;
}

/* Spread the labels of one side so they don't overlap, keeping them close
 * to their slices: push down from the top, then up from the bottom. */
static void spread(slice **v, size_t n, double top, double bottom)
{
	for (size_t i = 1; i < n; i++) /* insertion sort by y */
		for (size_t j = i; j > 0 && v[j]->ly < v[j - 1]->ly; j--) {
			slice *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		double min = i ? v[i - 1]->ly + (v[i - 1]->h + v[i]->h) / 2 + 2 : top + v[i]->h / 2;
		if (v[i]->ly < min)
			v[i]->ly = min;
	}
	for (size_t i = n; i-- > 0;) {
		double max = i + 1 < n ? v[i + 1]->ly - (v[i + 1]->h + v[i]->h) / 2 - 2 : bottom - v[i]->h / 2;
		if (v[i]->ly > max)
			v[i]->ly = max;
	}
	/* too many to fit: never above the top (the title is there); run over the bottom */
	for (size_t i = 0; i < n; i++) {
		double min = i ? v[i - 1]->ly + (v[i - 1]->h + v[i]->h) / 2 + 2 : top + v[i]->h / 2;
		if (v[i]->ly < min)
			v[i]->ly = min;
	}
}

void draw_pie(cx *c, double X, double Y, double W, double H)
{
	const chart *ch = c->ch;
	slice *sl = xcalloc(ch->ncat, sizeof *sl);
	slice **side[2];
	side[0] = xcalloc(ch->ncat, sizeof(slice *));
	side[1] = xcalloc(ch->ncat, sizeof(slice *));
	double labw, sh[2];
	size_t n = pie_prepare(c, sl, W, false, &labw, sh);
	if (fmax(sh[0], sh[1]) > H) { /* labels on one line each */
		pie_free(sl, n);
		n = pie_prepare(c, sl, W, true, &labw, sh);
	}
	double r = fmin(pie_radius(W, labw), H / 2 - 6);
	if (r < 10)
		r = 10;
	double cxp = X + W / 2, cyp = Y + H / 2;
	bool donut = ch->type == CHART_DONUT;
	double ri = donut ? r * 0.56 : 0;
	/* slices: from 12 o'clock clockwise (y down: increasing angle is clockwise) */
	for (size_t i = 0; i < n; i++) {
		slice *s = &sl[i];
		uint32_t col = chart_color((int)s->cat, (int)ch->ncat, c->grey);
		if (donut) {
			geom_arc(c, cxp, cyp, r, s->a0, s->a1);
			geom_arc_negative(c, cxp, cyp, ri, s->a1, s->a0);
		} else {
			geom_move(c, cxp, cyp);
			geom_arc(c, cxp, cyp, r, s->a0, s->a1);
		}
		geom_close_path(c);
		geom_emit(c, true, col, 0, n > 1 ? 0.75 : 0, C_WHITE, 0);
	}
	/* labels outside, on the side of their slice's middle */
	size_t ns[2] = {0, 0};
	for (size_t i = 0; i < n; i++) {
		slice *s = &sl[i];
		double m = (s->a0 + s->a1) / 2;
		s->ly = cyp + (r + 10) * sin(m);
		s->lx = cxp + s->side * (r + PIE_LABEL_GAP);
		side[s->side > 0][ns[s->side > 0]++] = s;
	}
	for (int k = 0; k < 2; k++)
		spread(side[k], ns[k], Y, Y + H);
	/* leader lines: one path */
	for (size_t i = 0; i < n; i++) {
		slice *s = &sl[i];
		double m = (s->a0 + s->a1) / 2;
		double ex = cxp + (r + 6) * cos(m), ey = cyp + (r + 6) * sin(m);
		double ax = s->lx - s->side * 3;
		geom_move(c, cxp + (r + 1.5) * cos(m), cyp + (r + 1.5) * sin(m));
		geom_line(c, ex, ey);
		/* a short elbow to the label's centre line; stays outside the circle */
		geom_line(c, ax, s->ly);
	}
	geom_stroke(c, 0.5, C_AXIS, 0);
	for (size_t i = 0; i < n; i++) {
		slice *s = &sl[i];
		int align = s->side > 0 ? CHART_ALIGN_LEFT : CHART_ALIGN_RIGHT;
		double y = s->ly - s->h / 2 + ASC * SZ_LABEL + 0.5;
		if (s->compact) {
			double xn = s->side > 0 ? s->lx : s->lx - s->valw - 4;
			double xv = s->side > 0 ? s->lx + s->name.w + 4 : s->lx;
			if (s->name.n)
				text_at(c, xn, y, CHART_FONT_REGULAR, SZ_LABEL, C_TEXT, align, s->name.s[0]);
			text_at(c, xv, y, CHART_FONT_REGULAR, SZ_VALUE, C_MUTED, align, s->value);
			lines_free(&s->name);
			continue;
		}
		for (int k = 0; k < s->name.n; k++) {
			text_at(c, s->lx, y, CHART_FONT_REGULAR, SZ_LABEL, C_TEXT, align, s->name.s[k]);
			y += SZ_LABEL * LEAD;
		}
		text_at(c, s->lx, y, CHART_FONT_REGULAR, SZ_VALUE, C_MUTED, align, s->value);
		lines_free(&s->name);
	}
	if (donut && n) { /* the total in the hole */
		char b[96];
		fmt_num(c, b, sizeof b, pie_total(ch), c->decimals, true);
		bool sub = ch->y_label && *ch->y_label;
		double y = cyp + ASC * 10.5 / 2 - (sub ? 5 : 0);
		text_at(c, cxp, y, CHART_FONT_BOLD, 10.5, C_TITLE, CHART_ALIGN_CENTER, b);
		if (sub) {
			lines l;
			wrap(c, CHART_FONT_REGULAR, SZ_TICK, ch->y_label, ri * 1.6, 2, &l);
			for (int k = 0; k < l.n; k++)
				text_at(c, cxp, y + 10 + k * SZ_TICK * LEAD, CHART_FONT_REGULAR, SZ_TICK, C_MUTED,
					CHART_ALIGN_CENTER, l.s[k]);
			lines_free(&l);
		}
	}
	free(side[0]);
	free(side[1]);
	free(sl);
}

