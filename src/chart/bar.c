/* bar.c — bars: vertical grouped and stacked bars in a vertical plot
 * (vertical.c), and horizontal grouped and stacked bars with their own
 * plot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

void draw_bars_v(cx *c, const vplot *p)
{
	const chart *ch = c->ch;
	size_t ns = ch->nseries ? ch->nseries : 1;
	double group = p->band * (ns == 1 ? 0.62 : 0.8);
	double gap = ns > 1 ? fmin(1.5, group / ns * 0.12) : 0;
	double bw = (group - gap * (ns - 1)) / ns;
	if (bw > 60) {
		bw = 60;
		group = bw * ns + gap * (ns - 1);
	}
	double zero = vmap(&p->a, 0);
	char b[96];
	for (size_t s = 0; s < ch->nseries; s++) {
		uint32_t col = series_color(ch, s, ch->nseries);
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			double x = p->x + (i + 0.5) * p->band - group / 2 + s * (bw + gap);
			double y = vmap(&p->a, v);
			double top = fmin(y, zero), h = fabs(y - zero);
			if (h < 0.01)
				continue;
			int bd = bound_of(ch, s, i), side = v >= 0 ? ROUND_TOP : ROUND_BOTTOM;
			bar_shape(c, x, top, bw, h, bd ? ROUND_NONE : side, fmin(2.0, bw / 4));
			geom_fill(c, col);
			hatch_rect(c, x, top, bw, h, hatch_pattern(c, s), col);
			if (bd)
				open_end(c, x, top, bw, h, side, bd, col);
		}
	}
	zero_line_h(c, p->x, p->w, zero);
	if (!ch->value_labels)
		return;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			double x = p->x + (i + 0.5) * p->band - group / 2 + s * (bw + gap) + bw / 2;
			double y = vmap(&p->a, v);
			fmt_val(c, b, sizeof b, s, i);
			double beyond = bound_of(ch, s, i) ? 6.5 : 0; /* the open end's chevron */
			double by = v >= 0 ? fmin(y, zero) - 3 - beyond : fmax(y, zero) + 3 + beyond + ASC * SZ_VALUE;
			value_label_fits(c, x, by, ns > 1 ? bw + gap + 2 : p->band - 2, b, C_TEXT);
		}
}

/* The total of the positive values of category i: a lower bound (">") when
 * one of them is, and no upper bound is among them. */
static void stack_total(const cx *c, char *out, size_t n, size_t i, double tot)
{
	int more = 0, less = 0;
	for (size_t s = 0; s < c->ch->nseries; s++)
		if (val(c->ch, s, i) > 0) {
			more |= bound_of(c->ch, s, i) == CHART_MORE;
			less |= bound_of(c->ch, s, i) == CHART_LESS;
		}
	char num[88];
	fmt_num(c, num, sizeof num, tot, c->decimals, true);
	snprintf(out, n, "%s%s", more && !less ? ">" : less && !more ? "<" : "", num);
}

void draw_stacked_v(cx *c, const vplot *p)
{
	const chart *ch = c->ch;
	double bw = fmin(p->band * 0.62, 60);
	double zero = vmap(&p->a, 0);
	char b[96];
	for (size_t i = 0; i < ch->ncat; i++) {
		double pos = 0, neg = 0;
		double x = p->x + (i + 0.5) * p->band - bw / 2;
		for (size_t s = 0; s < ch->nseries; s++) {
			double v = val(ch, s, i);
			if (!isfinite(v) || v == 0)
				continue;
			double a0 = v > 0 ? pos : neg, a1 = a0 + v;
			if (v > 0)
				pos = a1;
			else
				neg = a1;
			double y0 = vmap(&p->a, a0), y1 = vmap(&p->a, a1);
			double top = fmin(y0, y1), h = fabs(y1 - y0);
			uint32_t col = series_color(ch, s, ch->nseries);
			bar_shape(c, x, top, bw, h, ROUND_NONE, 0);
			geom_emit(c, true, col, 0, 0.5, C_WHITE, 0); /* thin white separators */
			hatch_rect(c, x, top, bw, h, hatch_pattern(c, s), col);
			if (ch->value_labels && h >= SZ_VALUE + 3) {
				fmt_val(c, b, sizeof b, s, i);
				if (measure(c, CHART_FONT_REGULAR, SZ_VALUE, b) <= bw - 2 && hatch_pattern(c, s) == H_NONE)
					text_at(c, x + bw / 2, top + h / 2 + ASC * SZ_VALUE / 2, CHART_FONT_REGULAR,
						SZ_VALUE, lightness(col) < 0.55 ? C_WHITE : C_TITLE, CHART_ALIGN_CENTER, b);
			}
		}
		if (ch->value_labels && pos > 0) { /* the total above the stack */
			stack_total(c, b, sizeof b, i, pos);
			value_label_fits(c, x + bw / 2, vmap(&p->a, pos) - 3, p->band - 2, b, C_TITLE);
		}
	}
	zero_line_h(c, p->x, p->w, zero);
}

/* ---- horizontal charts: hbar, hstacked ---- */
#define HBAND_MIN 22.0

static double hband(const chart *ch)
{
	if (ch->type == CHART_HBAR && ch->nseries > 1)
		return fmax(HBAND_MIN, ch->nseries * 9.0 + 8);
	return HBAND_MIN;
}

static double hbottom(const chart *ch)
{
	return 4 + SZ_TICK * LEAD + (ch->y_label && *ch->y_label ? SZ_LABEL * LEAD + 3 : 0);
}

static double htop(const chart *ch)
{
	return 2 + (ch->x_label && *ch->x_label ? SZ_LABEL * LEAD + 3 : 0);
}

/* The natural height of a horizontal chart: a band per category. */
double hbar_default_h(const chart *ch)
{
	double h = (ch->ncat ? (double)ch->ncat : 1) * hband(ch);
	return h + htop(ch) + hbottom(ch);
}

void draw_horizontal(cx *c, double X, double Y, double W, double H)
{
	const chart *ch = c->ch;
	char b[96];
	/* label column: as wide as the longest label, up to 35% of the width */
	double lw = 0;
	for (size_t i = 0; i < ch->ncat; i++)
		lw = fmax(lw, measure(c, CHART_FONT_REGULAR, SZ_LABEL, ch->categories[i]));
	lw = fmin(lw, W * 0.35);
	double top = htop(ch), bottom = hbottom(ch);
	double ph = fmax(H - top - bottom, 10);
	double band = ch->ncat ? ph / (double)ch->ncat : ph;
	int maxlines = band >= 2 * SZ_LABEL * LEAD + 2 ? 2 : 1;
	lines *ll = xcalloc(ch->ncat, sizeof(lines));
	double lwmax = 0;
	for (size_t i = 0; i < ch->ncat; i++) {
		wrap(c, CHART_FONT_REGULAR, SZ_LABEL, ch->categories[i], lw, maxlines, &ll[i]);
		lwmax = fmax(lwmax, ll[i].w);
	}
	double px = X + lwmax + 8;
	/* right margin: room for value labels (or half a tick label) */
	double vlw = 0;
	c->decimals = data_decimals(ch);
	if (ch->value_labels) {
		for (size_t i = 0; i < ch->ncat; i++) {
			double tot = 0;
			for (size_t s = 0; s < ch->nseries; s++) {
				double v = val(ch, s, i);
				if (!isfinite(v))
					continue;
				if (ch->type == CHART_HSTACKED) {
					if (v > 0)
						tot += v;
				} else {
					fmt_val(c, b, sizeof b, s, i);
					vlw = fmax(vlw, measure(c, CHART_FONT_REGULAR, SZ_VALUE, b) +
								(bound_of(ch, s, i) ? 6.5 : 0));
				}
			}
			if (ch->type == CHART_HSTACKED) {
				stack_total(c, b, sizeof b, i, tot);
				vlw = fmax(vlw, measure(c, CHART_FONT_REGULAR, SZ_VALUE, b));
			}
		}
	}
	vaxis a;
	double pw = 0;
	int mt = 8;
	for (int iter = 0; iter < 6; iter++) {
		vaxis_make(c, &a, mt);
		double tw = widest_tick(c, &a);
		pw = W - (px - X) - fmax(vlw + 5, tw / 2 + 2);
		if (pw < 20)
			pw = 20;
		long k0, k1;
		vaxis_ticks(&a, &k0, &k1);
		double spacing = k1 > k0 ? pw * a.s.step / (a.hi - a.lo) : pw;
		if (spacing >= tw + 10 || mt <= 2)
			break;
		mt--;
	}
	double py = Y + top;
	a.p0 = px;
	a.p1 = px + pw;
	/* gridlines and ticks */
	long k0, k1;
	vaxis_ticks(&a, &k0, &k1);
	for (long k = k0; k <= k1; k++) {
		double v = tick_value(&a, k);
		if (v == 0)
			continue;
		double x = vmap(&a, v);
		grid_seg(c, x, py, x, py + ph);
	}
	geom_stroke(c, 0.4, C_GRID, 0);
	for (long k = k0; k <= k1; k++) {
		tick_label(c, &a, k, b, sizeof b);
		text_at(c, vmap(&a, tick_value(&a, k)), py + ph + 4 + ASC * SZ_TICK, CHART_FONT_REGULAR,
			SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
	}
	if (ch->y_label && *ch->y_label)
		text_at(c, px + pw / 2, py + ph + 4 + SZ_TICK * LEAD + 3 + ASC * SZ_LABEL, CHART_FONT_ITALIC,
			SZ_LABEL, C_MUTED, CHART_ALIGN_CENTER, ch->y_label);
	if (ch->x_label && *ch->x_label)
		text_at(c, X, Y + ASC * SZ_LABEL + 1, CHART_FONT_ITALIC, SZ_LABEL, C_MUTED, CHART_ALIGN_LEFT,
			ch->x_label);
	/* bars */
	double zero = vmap(&a, 0);
	size_t ns = ch->nseries ? ch->nseries : 1;
	bool stacked = ch->type == CHART_HSTACKED;
	double group = fmin(band * (ns == 1 || stacked ? 0.62 : 0.8), stacked ? 40 : 16.0 * ns);
	double gap = !stacked && ns > 1 ? fmin(1.2, group / ns * 0.12) : 0;
	double bh = stacked ? group : (group - gap * (ns - 1)) / ns;
	for (size_t i = 0; i < ch->ncat; i++) {
		double cy = py + (i + 0.5) * band;
		double pos = 0, neg = 0;
		for (size_t s = 0; s < ch->nseries; s++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			uint32_t col = series_color(ch, s, ch->nseries);
			double a0 = 0, a1 = v;
			if (stacked) {
				a0 = v >= 0 ? pos : neg;
				a1 = a0 + v;
				if (v >= 0)
					pos = a1;
				else
					neg = a1;
			}
			double x0 = vmap(&a, a0), x1 = vmap(&a, a1);
			double left = fmin(x0, x1), w = fabs(x1 - x0);
			double y = stacked ? cy - bh / 2 : cy - group / 2 + s * (bh + gap);
			if (w < 0.01)
				continue;
			int bd = bound_of(ch, s, i);
			double beyond = 0; /* the open end's chevron */
			if (stacked) {
				bar_shape(c, left, y, w, bh, ROUND_NONE, 0);
				geom_emit(c, true, col, 0, 0.5, C_WHITE, 0);
			} else {
				bar_shape(c, left, y, w, bh, bd ? ROUND_NONE : v >= 0 ? ROUND_RIGHT : ROUND_LEFT,
					  fmin(2.0, bh / 4));
				geom_fill(c, col);
			}
			hatch_rect(c, left, y, w, bh, hatch_pattern(c, s), col);
			if (bd && !stacked)
				beyond = open_end(c, left, y, w, bh, v >= 0 ? ROUND_RIGHT : ROUND_LEFT, bd, col);
			if (!ch->value_labels)
				continue;
			fmt_val(c, b, sizeof b, s, i);
			double tw = measure(c, CHART_FONT_REGULAR, SZ_VALUE, b);
			double size = bh >= SZ_VALUE ? SZ_VALUE : fmax(6, bh);
			if (stacked) {
				if (tw <= w - 4 && bh >= SZ_VALUE + 2 && hatch_pattern(c, s) == H_NONE)
					text_at(c, left + w / 2, y + bh / 2 + ASC * SZ_VALUE / 2, CHART_FONT_REGULAR,
						SZ_VALUE, lightness(col) < 0.55 ? C_WHITE : C_TITLE, CHART_ALIGN_CENTER, b);
			} else if (v >= 0) {
				text_at(c, left + w + 3 + beyond, y + bh / 2 + ASC * size / 2, CHART_FONT_REGULAR, size,
					C_TEXT, CHART_ALIGN_LEFT, b);
			} else {
				text_at(c, left - 3 - beyond, y + bh / 2 + ASC * size / 2, CHART_FONT_REGULAR, size, C_TEXT,
					CHART_ALIGN_RIGHT, b);
			}
		}
		if (stacked && ch->value_labels && pos > 0) {
			stack_total(c, b, sizeof b, i, pos);
			text_at(c, vmap(&a, pos) + 3, cy + ASC * SZ_VALUE / 2, CHART_FONT_BOLD, SZ_VALUE, C_TITLE,
				CHART_ALIGN_LEFT, b);
		}
	}
	geom_move(c, zero, py);
	geom_line(c, zero, py + ph);
	geom_stroke(c, 0.6, C_AXIS, 0);
	/* category labels, right-aligned, centred on their band */
	for (size_t i = 0; i < ch->ncat; i++) {
		double cy = py + (i + 0.5) * band;
		double lh = SZ_LABEL * LEAD;
		double y0 = cy - (ll[i].n - 1) * lh / 2 + ASC * SZ_LABEL / 2;
		for (int k = 0; k < ll[i].n; k++)
			text_at(c, px - 6, y0 + k * lh, CHART_FONT_REGULAR, SZ_LABEL, C_TEXT, CHART_ALIGN_RIGHT,
				ll[i].s[k]);
		lines_free(&ll[i]);
	}
	free(ll);
}

