/* axes.c — the value axis (range, ticks, tick labels) and the category
 * labels under or beside the plot. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

double vmap(const vaxis *a, double v)
{
	if (v < a->lo)
		v = a->lo;
	if (v > a->hi)
		v = a->hi;
	return a->p0 + (v - a->lo) / (a->hi - a->lo) * (a->p1 - a->p0);
}

/* Data range of the plot (stacked: sums of positive and of negative parts). */
static void data_range(const chart *ch, double *mn, double *mx)
{
	double lo = INFINITY, hi = -INFINITY;
	bool stacked = ch->type == CHART_STACKED || ch->type == CHART_HSTACKED;
	for (size_t i = 0; i < ch->ncat; i++) {
		double pos = 0, neg = 0;
		for (size_t s = 0; s < ch->nseries; s++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			if (stacked) {
				if (v >= 0)
					pos += v;
				else
					neg += v;
			} else {
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
		}
		if (stacked) {
			lo = fmin(lo, neg);
			hi = fmax(hi, pos);
		}
	}
	if (lo > hi)
		lo = 0, hi = 1;
	/* bars and stacks grow from zero; lines start there too, so the eye
	 * reads sizes, not differences */
	lo = fmin(lo, 0);
	hi = fmax(hi, 0);
	*mn = lo;
	*mx = hi;
}

void vaxis_make(const cx *c, vaxis *a, int max_ticks)
{
	const chart *ch = c->ch;
	double lo, hi;
	data_range(ch, &lo, &hi);
	bool ulo = fabs(ch->y_min) < LIMIT_NUMBER, uhi = fabs(ch->y_max) < LIMIT_NUMBER; /* NaN: automatic */
	if (ulo)
		lo = ch->y_min;
	if (uhi)
		hi = ch->y_max;
	if (hi <= lo)
		hi = lo + 1;
	a->s = chart_nice_scale(lo, hi, max_ticks);
	a->lo = ulo ? ch->y_min : a->s.lo;
	a->hi = uhi ? ch->y_max : a->s.hi;
	if (a->hi <= a->lo)
		a->hi = a->lo + 1;
	a->decimals = step_decimals(a->s.step);
}

/* Tick values within [lo, hi]: k from kmin to kmax, value k × step. */
void vaxis_ticks(const vaxis *a, long *kmin, long *kmax)
{
	*kmin = (long)ceil(a->lo / a->s.step - 1e-9);
	*kmax = (long)floor(a->hi / a->s.step + 1e-9);
	if (*kmax - *kmin > 100)
		*kmax = *kmin + 100;
}

double tick_value(const vaxis *a, long k)
{
	double v = (double)k * a->s.step;
	return fabs(v) < 1e-12 * a->s.step ? 0 : v;
}

void tick_label(const cx *c, const vaxis *a, long k, char *out, size_t n)
{
	fmt_num(c, out, n, tick_value(a, k), a->decimals, percent_unit(c->ch->unit));
}

double widest_tick(const cx *c, const vaxis *a)
{
	long k0, k1;
	vaxis_ticks(a, &k0, &k1);
	double w = 0;
	char b[96];
	for (long k = k0; k <= k1; k++) {
		tick_label(c, a, k, b, sizeof b);
		w = fmax(w, measure(c, CHART_FONT_REGULAR, SZ_TICK, b));
	}
	return w;
}

void catlabels_make(const cx *c, catlabels *cl, double band, int maxlines)
{
	const chart *ch = c->ch;
	cl->l = xcalloc(ch->ncat, sizeof(lines));
	cl->every = 1;
	cl->maxlines = 0;
	double widest = 0;
	for (size_t i = 0; i < ch->ncat; i++)
		widest = fmax(widest, measure(c, CHART_FONT_REGULAR, SZ_LABEL, ch->categories[i]));
	/* Too narrow for wrapping to help (short labels such as years in many
	 * bands): label every k-th category on one line instead. */
	if (band < 28 && widest + 4 > band) {
		cl->every = (int)ceil((widest + 6) / band);
		if (cl->every < 1)
			cl->every = 1;
		maxlines = 1;
	}
	double maxw = fmax(band * cl->every - 4, 12);
	for (size_t i = 0; i < ch->ncat; i++) {
		if (i % (size_t)cl->every)
			continue;
		wrap(c, CHART_FONT_REGULAR, SZ_LABEL, ch->categories[i], maxw, maxlines, &cl->l[i]);
		if (cl->l[i].n > cl->maxlines)
			cl->maxlines = cl->l[i].n;
	}
}

void catlabels_free(const chart *ch, catlabels *cl)
{
	if (!cl->l)
		return;
	for (size_t i = 0; i < ch->ncat; i++)
		lines_free(&cl->l[i]);
	free(cl->l);
	cl->l = NULL;
}

