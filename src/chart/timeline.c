/* timeline.c — timelines: events and spans on a date axis, labels placed
 * in the first row where they fit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* ---- timeline ---- */
static long iso_days(const char *s, bool *ok)
{
	int y, m, d;
	*ok = date_parse(s, &y, &m, &d);
	return *ok ? date_days_from_civil(y, m, d) : 0;
}

static const char *month_short(const char *lang, int m)
{
	return locale_month_name(lang, m, LOCALE_MONTH_ABBR);
}

typedef struct {
	long d0, d1;          /* first and last day (inclusive) */
	int row;
	double x0, x1;        /* mark extent */
	double lx, lw;        /* label start and width */
	const char *label;
	char *when;           /* date (and note) after the label; owned */
	double wlabel;        /* width of the label part */
	bool highlight, span;
	size_t idx;
} tl_ev;

typedef struct {
	tl_ev *ev;
	size_t n;
	int rows;
	long a0, a1;          /* axis range, days */
	double x, w;          /* axis position */
} tl_lay;

#define TL_ROW 22.0
#define TL_AXIS (6 + 2 * SZ_TICK * LEAD + 2)

static double tl_x(const tl_lay *t, double day)
{
	return t->x + (day - (double)t->a0) / (double)(t->a1 - t->a0) * t->w;
}

static void tl_free(tl_lay *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->ev[i].when);
	free(t->ev);
}

static void tl_layout(cx *c, tl_lay *t, double X, double W)
{
	const chart *ch = c->ch;
	memset(t, 0, sizeof *t);
	t->ev = xcalloc(ch->nevents, sizeof *t->ev);
	long lo = 0, hi = 0;
	for (size_t i = 0; i < ch->nevents; i++) {
		const chart_event *e = &ch->events[i];
		bool ok1, ok2 = true;
		long d0 = iso_days(e->start, &ok1), d1 = d0;
		if (e->end)
			d1 = iso_days(e->end, &ok2);
		if (!ok1)
			continue;
		if (!ok2 || d1 < d0)
			d1 = d0;
		tl_ev *v = &t->ev[t->n++];
		v->d0 = d0;
		v->d1 = d1;
		v->label = e->label ? e->label : "";
		v->highlight = e->highlight;
		v->span = d1 > d0;
		v->idx = i;
		char date[96];
		format_date_range(date, sizeof date, e->start, e->end, c->lang);
		size_t wn = strlen(date) + (e->note ? strlen(e->note) : 0) + 4; /* the whole note */
		v->when = xmalloc(wn);
		if (e->note && *e->note)
			snprintf(v->when, wn, "%s (%s)", date, e->note);
		else
			snprintf(v->when, wn, "%s", date);
		if (t->n == 1 || d0 < lo)
			lo = d0;
		if (t->n == 1 || d1 > hi)
			hi = d1;
	}
	/* date order (stable: equal dates keep their input order) */
	for (size_t i = 1; i < t->n; i++)
		for (size_t j = i; j > 0 && (t->ev[j].d0 < t->ev[j - 1].d0 ||
					     (t->ev[j].d0 == t->ev[j - 1].d0 && t->ev[j].idx < t->ev[j - 1].idx)); j--) {
			tl_ev tmp = t->ev[j];
			t->ev[j] = t->ev[j - 1];
			t->ev[j - 1] = tmp;
		}
	long range = hi - lo + 1;
	long pad = range / 25 + 5;
	t->a0 = lo - pad;
	t->a1 = hi + 1 + pad;
	t->x = X;
	t->w = W;
	/* place each label in the first row where it fits, in date order */
	double *row_end = xcalloc(t->n, sizeof(double));
	for (size_t i = 0; i < t->n; i++) {
		tl_ev *v = &t->ev[i];
		if (v->span) {
			v->x0 = tl_x(t, (double)v->d0);
			v->x1 = tl_x(t, (double)v->d1 + 1);
			if (v->x1 - v->x0 < 5) {
				double m = (v->x0 + v->x1) / 2;
				v->x0 = m - 2.5;
				v->x1 = m + 2.5;
			}
		} else {
			double m = tl_x(t, (double)v->d0 + 0.5);
			v->x0 = m - 3.5;
			v->x1 = m + 3.5;
		}
		v->wlabel = measure(c, v->highlight ? CHART_FONT_BOLD : CHART_FONT_REGULAR, SZ_LABEL, v->label);
		double ww = measure(c, CHART_FONT_ITALIC, SZ_VALUE, v->when);
		v->lw = v->wlabel + (v->wlabel > 0 ? 4 : 0) + ww;
		if (v->lw > W) /* too long for one line: drop the date part */
			v->lw = fmin(v->wlabel, W);
		/* the label starts at its mark; near the right edge it ends there instead */
		v->lx = v->x0;
		if (v->lx + v->lw > X + W)
			v->lx = v->x1 - v->lw;
		if (v->lx + v->lw > X + W)
			v->lx = X + W - v->lw;
		if (v->lx < X)
			v->lx = X;
		double l = fmin(v->lx, v->x0), r = fmax(v->lx + v->lw, v->x1);
		int row = 0;
		while (row < t->rows && row_end[row] + 10 > l)
			row++;
		if (row == t->rows)
			t->rows++;
		row_end[row] = r;
		v->row = row;
	}
	free(row_end);
}

static double tl_plot_h(const tl_lay *t)
{
	return (t->rows ? t->rows : 1) * TL_ROW + 4 + TL_AXIS;
}

/* The date axis: ticks and labels under it, in one of three schemes chosen
 * so that labels don't collide: days (1, 2, 5 or 10 apart, month and year
 * under the first tick and every 1st), months (1, 2, 3 or 6 apart, year
 * under the first tick and every January), or years (1, 2, 5, 10… apart). */
static void tl_ticks(cx *c, const tl_lay *t, double axis_y)
{
	static const int dstep[] = {1, 2, 5, 10};
	static const int mstep[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
	double px_per_day = t->w / (double)(t->a1 - t->a0);
	double yw = measure(c, CHART_FONT_REGULAR, SZ_TICK, "0000") + 10;
	double mw = yw;
	for (int m = 0; m < 12; m++)
		mw = fmax(mw, measure(c, CHART_FONT_REGULAR, SZ_TICK, month_short(c->lang, m + 1)) + 8);
	double dw = measure(c, CHART_FONT_REGULAR, SZ_TICK, "00") + 8;
	int dayst = 0, step = 1200;
	for (size_t k = 0; k < sizeof dstep / sizeof dstep[0] && t->a1 - t->a0 <= 120; k++)
		if (dstep[k] * px_per_day >= dw) {
			dayst = dstep[k];
			break;
		}
	for (size_t k = 0; k < sizeof mstep / sizeof mstep[0] && !dayst; k++)
		if (mstep[k] * 30.44 * px_per_day >= (mstep[k] >= 12 ? yw : mw)) {
			step = mstep[k];
			break;
		}
	double ly = axis_y + 4 + ASC * SZ_TICK + 1;
	char b[64];
	bool first = true;
	if (dayst) {
		for (long day = t->a0 + 1; day < t->a1; day++) {
			int yy, mm, dd, y2, m2, d2;
			date_civil_from_days(day, &yy, &mm, &dd);
			date_civil_from_days(day + (long)floor(dayst * 0.7), &y2, &m2, &d2);
			if (dd != 1 && ((dd - 1) % dayst != 0 || m2 != mm))
				continue; /* off-step, or too close to the next 1st */
			double x = tl_x(t, (double)day);
			geom_move(c, x, axis_y);
			geom_line(c, x, axis_y + 3);
			snprintf(b, sizeof b, "%d", dd);
			text_at(c, x, ly, CHART_FONT_REGULAR, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
			if (dd == 1 || first) {
				snprintf(b, sizeof b, "%s %d", month_short(c->lang, mm), yy);
				text_at(c, x, ly + SZ_TICK * LEAD, CHART_FONT_BOLD, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
				first = false;
			}
		}
		geom_stroke(c, 0.6, C_AXIS, 0);
		return;
	}
	/* the first month start after a0, aligned to the step */
	int y0, m0, d0;
	date_civil_from_days(t->a0, &y0, &m0, &d0);
	long ym = (long)y0 * 12 + (m0 - 1) + 1;
	if (step >= 12) {
		ym = ((ym + 11) / 12) * 12; /* a January */
		while ((ym / 12) % (step / 12) != 0)
			ym += 12;
	} else {
		while (ym % step != 0)
			ym++;
	}
	for (int guard = 0; guard < 400; guard++, ym += step) {
		int yy = (int)(ym / 12), mm = (int)(ym % 12) + 1;
		double x = tl_x(t, (double)date_days_from_civil(yy, mm, 1));
		if (x > t->x + t->w + 0.01)
			break;
		geom_move(c, x, axis_y);
		geom_line(c, x, axis_y + 3);
		if (step >= 12) {
			snprintf(b, sizeof b, "%d", yy);
			text_at(c, x, ly, CHART_FONT_REGULAR, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
			continue;
		}
		text_at(c, x, ly, CHART_FONT_REGULAR, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, month_short(c->lang, mm));
		if (mm <= step || first) { /* the year under its first tick */
			snprintf(b, sizeof b, "%d", yy);
			text_at(c, x, ly + SZ_TICK * LEAD, CHART_FONT_BOLD, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
			first = false;
		}
	}
	geom_stroke(c, 0.6, C_AXIS, 0);
}

void draw_timeline(cx *c, double X, double Y, double W, double H)
{
	tl_lay t;
	tl_layout(c, &t, X + 4, W - 8);
	double axis_y = Y + H - TL_AXIS;
	double rows_h = t.rows * TL_ROW;
	double top = fmax(Y, axis_y - 4 - rows_h);
	double rh = t.rows ? (axis_y - 4 - top) / t.rows : TL_ROW;
	if (rh > TL_ROW * 1.6)
		rh = TL_ROW * 1.6;
	top = axis_y - 4 - rh * t.rows;
	/* guides: a dotted hairline from under each label down to the axis,
	 * interrupted where a later row's mark or label lies across it */
	for (size_t i = 0; i < t.n; i++) {
		const tl_ev *v = &t.ev[i];
		double mx = v->span ? v->x0 + 1 : (v->x0 + v->x1) / 2;
		double y = top + v->row * rh + TL_ROW - 1;
		for (int r = v->row + 1; r < t.rows; r++) {
			bool blocked = false;
			for (size_t j = 0; j < t.n && !blocked; j++) {
				const tl_ev *u = &t.ev[j];
				if (u->row == r && mx >= fmin(u->lx, u->x0) - 2 && mx <= fmax(u->lx + u->lw, u->x1) + 2)
					blocked = true;
			}
			if (!blocked)
				continue;
			double ry = top + r * rh;
			if (ry - 1 > y)
				grid_seg(c, mx, y, mx, ry - 1);
			y = ry + TL_ROW - 1;
		}
		if (axis_y > y)
			grid_seg(c, mx, y, mx, axis_y);
	}
	geom_stroke(c, 0.4, 0xB4B4B4, 2);
	/* axis with ticks */
	geom_move(c, t.x, axis_y);
	geom_line(c, t.x + t.w, axis_y);
	geom_stroke(c, 0.6, C_AXIS, 0);
	tl_ticks(c, &t, axis_y);
	/* marks: spans as rounded bars, single days as dots; labels under them */
	for (int pass = 0; pass < 2; pass++) { /* normal first, highlighted on top */
		for (size_t i = 0; i < t.n; i++) {
			const tl_ev *v = &t.ev[i];
			if (v->highlight != (pass == 1))
				continue;
			/* a highlight is darker and bolder than the others, in
			 * colour as in print: never by hue alone */
			uint32_t col = v->highlight ? (c->grey ? 0x1A1A1A : C_HIGHLIGHT)
						    : (c->grey ? 0x8C8C8C : C_EVENT);
			double my = top + v->row * rh + 5;
			if (v->span) { /* a bar with slightly rounded corners */
				double x0 = v->x0, x1 = v->x1, h = 3, r = 1.5;
				geom_new_sub_path(c);
				geom_arc(c, x0 + r, my - h + r, r, M_PI, 1.5 * M_PI);
				geom_arc(c, x1 - r, my - h + r, r, 1.5 * M_PI, 2 * M_PI);
				geom_arc(c, x1 - r, my + h - r, r, 0, 0.5 * M_PI);
				geom_arc(c, x0 + r, my + h - r, r, 0.5 * M_PI, M_PI);
				geom_close_path(c);
			} else {
				geom_new_sub_path(c);
				geom_arc(c, (v->x0 + v->x1) / 2, my, 3.5, 0, 2 * M_PI);
				geom_close_path(c);
			}
			geom_emit(c, true, col, 0, 0.75, C_WHITE, 0);
			double by = my + 5 + ASC * SZ_LABEL + 1.5;
			int role = v->highlight ? CHART_FONT_BOLD : CHART_FONT_REGULAR;
			if (v->lw <= v->wlabel + 0.01) { /* no room for the date */
				char *s = shorten(c, role, SZ_LABEL, dupn(v->label, strlen(v->label)), v->lw);
				text_at(c, v->lx, by, role, SZ_LABEL, C_TEXT, CHART_ALIGN_LEFT, s);
				free(s);
			} else {
				text_at(c, v->lx, by, role, SZ_LABEL, v->highlight && !c->grey ? C_HIGHLIGHT : C_TEXT,
					CHART_ALIGN_LEFT, v->label);
				text_at(c, v->lx + v->wlabel + (v->wlabel > 0 ? 4 : 0), by, CHART_FONT_ITALIC, SZ_VALUE,
					C_MUTED, CHART_ALIGN_LEFT, v->when);
			}
		}
	}
	tl_free(&t);
}

/* The natural height: the rows the labels need and the date axis. */
double timeline_default_h(cx *c, double width)
{
	tl_lay t;
	tl_layout(c, &t, 4, width - 8);
	double h = tl_plot_h(&t);
	tl_free(&t);
	return h;
}
