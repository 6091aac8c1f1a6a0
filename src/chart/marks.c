/* marks.c — what marks share: the palette, bar outlines with rounded
 * corners, greyscale hatching, line dashes and point markers. Shapes are
 * built with the geom_* calls (geom.c) and emitted by the caller. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* ---- palette ----
 * Every chart is drawn to survive a black-and-white printer or copier: the
 * colours are stops of viridis (van der Walt & Smith, matplotlib), whose
 * lightness rises monotonically from dark purple to yellow-green and which
 * stays distinguishable under the common colour-vision deficiencies. Series
 * take stops spread over the ramp (two series: the ends), so each is a
 * distinct grey in print, in the order of the legend. The stops are taken
 * at even steps of grey level (0.30 R + 0.59 G + 0.11 B, as a printer or
 * pdftoppm -gray has it): 30, 53, 76, 99, 122, 145, 168, 191; the yellow end
 * of viridis is left out, too light on white paper. */
static const uint32_t palette[8] = {0x440154, 0x482072, 0x404788, 0x2A788E,
				    0x22A585, 0x43BF70, 0x78D052, 0xB9DE29};

/* Stop i of n spread over the stops lo..hi of a ramp of 8 (its order kept). */
static int spread(int i, int n, int lo, int hi)
{
	if (n <= 1)
		return lo + (hi - lo) / 3;
	if (n > 8)
		return lo + i % 8 * (hi - lo) / 7;
	return lo + (int)lround((double)(hi - lo) * i / (n - 1));
}

uint32_t chart_color(int i, int n, bool greyscale)
{
	if (i < 0)
		i = 0;
	if (n < 1)
		n = 1;
	if (!greyscale)
		return palette[spread(i % (n > 8 ? 8 : n), n, 0, 7)];
	/* Greys from dark (0x3A) to light (0xD0), evenly spaced; with more than
	 * six series the steps get small, and hatching (see hatch_pattern)
	 * carries the distinction. */
	if (n <= 1)
		return 0x5A5A5A;
	i %= n;
	int g = 0x3A + (int)lround((0xD0 - 0x3A) * (double)i / (n - 1));
	return (uint32_t)(g << 16 | g << 8 | g);
}

/* The colour of series s in this chart: lines use the darker part of the
 * ramp, since a light line on white disappears. */
uint32_t series_color(const chart *ch, size_t s, size_t n)
{
	if (ch->type == CHART_LINE && n > 1) {
		if (!ch->greyscale)
			return palette[spread((int)(s % (n > 8 ? 8 : n)), (int)n, 0, 5)];
		int g = 0x1A + (int)lround((0x8C - 0x1A) * (double)(s % n) / (double)(n - 1));
		return (uint32_t)(g << 16 | g << 8 | g);
	}
	return chart_color((int)s, (int)n, ch->greyscale);
}

/* Relative lightness of a colour, 0..1 (Rec. 709 weights on sRGB values;
 * good enough to choose black or white text on it). */
double lightness(uint32_t c)
{
	return (0.2126 * ((c >> 16) & 255) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255)) / 255.0;
}

/* ---- geometry helpers ---- */
/* A rectangle x..x+w, y..y+h (y down) whose two corners on one side are
 * rounded with radius r (arcs → Bézier curves). */
void bar_shape(cx *c, double x, double y, double w, double h, int side, double r)
{
	if (w <= 0 || h <= 0)
		return;
	double rmax = side == ROUND_TOP || side == ROUND_BOTTOM ? fmin(w / 2, h) : fmin(h / 2, w);
	if (r > rmax)
		r = rmax;
	if (side == ROUND_NONE || r < 0.05) {
		geom_rect(c, x, y, w, h);
		return;
	}
	double x1 = x + w, y1 = y + h;
	switch (side) {
	case ROUND_TOP:
		geom_move(c, x, y1);
		geom_arc(c, x + r, y + r, r, M_PI, 1.5 * M_PI);
		geom_arc(c, x1 - r, y + r, r, 1.5 * M_PI, 2 * M_PI);
		geom_line(c, x1, y1);
		break;
	case ROUND_BOTTOM:
		geom_move(c, x, y);
		geom_line(c, x1, y);
		geom_arc(c, x1 - r, y1 - r, r, 0, 0.5 * M_PI);
		geom_arc(c, x + r, y1 - r, r, 0.5 * M_PI, M_PI);
		break;
	case ROUND_RIGHT:
		geom_move(c, x, y);
		geom_arc(c, x1 - r, y + r, r, 1.5 * M_PI, 2 * M_PI);
		geom_arc(c, x1 - r, y1 - r, r, 0, 0.5 * M_PI);
		geom_line(c, x, y1);
		break;
	case ROUND_LEFT:
		geom_move(c, x1, y1);
		geom_arc(c, x + r, y1 - r, r, 0.5 * M_PI, M_PI);
		geom_arc(c, x + r, y + r, r, M_PI, 1.5 * M_PI);
		geom_line(c, x1, y);
		break;
	}
	geom_close_path(c);
}

/* The end of a bar whose value is a bound: its last stretch faded (white at
 * 55% over the fill and hatching) and a chevron beyond it pointing the way
 * the true value lies: outwards for "more than", back for "less than". side
 * is the end (ROUND_TOP …); the bar is x, y, w, h. Returns the room the
 * chevron takes beyond the end. */
double open_end(cx *c, double x, double y, double w, double h, int side, int bound, uint32_t col)
{
	bool vert = side == ROUND_TOP || side == ROUND_BOTTOM;
	double len = vert ? h : w, f = fmin(8, len / 3);
	if (f > 0.5) {
		switch (side) {
		case ROUND_TOP: geom_rect(c, x, y, w, f); break;
		case ROUND_BOTTOM: geom_rect(c, x, y + h - f, w, f); break;
		case ROUND_RIGHT: geom_rect(c, x + w - f, y, f, h); break;
		default: geom_rect(c, x, y, f, h); break;
		}
		geom_emit(c, true, C_WHITE, 0.55, 0, 0, 0);
	}
	/* the chevron: a point 3.5 pt from its base, 2 pt beyond the end */
	double span = fmin(vert ? w : h, 8) / 2, d = 3.5, gap = 2;
	int out = bound == CHART_MORE ? 1 : -1;
	double s0 = gap + (out > 0 ? 0 : d), s1 = gap + (out > 0 ? d : 0); /* base, point */
	double mid = vert ? x + w / 2 : y + h / 2;
	switch (side) {
	case ROUND_TOP:
		geom_move(c, mid - span, y - s0), geom_line(c, mid, y - s1), geom_line(c, mid + span, y - s0);
		break;
	case ROUND_BOTTOM:
		geom_move(c, mid - span, y + h + s0), geom_line(c, mid, y + h + s1), geom_line(c, mid + span, y + h + s0);
		break;
	case ROUND_RIGHT:
		geom_move(c, x + w + s0, mid - span), geom_line(c, x + w + s1, mid), geom_line(c, x + w + s0, mid + span);
		break;
	default:
		geom_move(c, x - s0, mid - span), geom_line(c, x - s1, mid), geom_line(c, x - s0, mid + span);
		break;
	}
	geom_stroke(c, 1.1, col, 0);
	return gap + d + 1;
}

/* Clip the segment p0–p1 to the rectangle (Liang–Barsky); false if outside. */
static bool clip_seg(double rx, double ry, double rw, double rh, double *x0, double *y0, double *x1,
		     double *y1)
{
	double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {*x0 - rx, rx + rw - *x0, *y0 - ry, ry + rh - *y0};
	for (int i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return false;
			continue;
		}
		double t = q[i] / p[i];
		if (p[i] < 0) {
			if (t > t1)
				return false;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return false;
			if (t < t1)
				t1 = t;
		}
	}
	double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
	*x1 = *x0 + t1 * dx;
	*y1 = *y0 + t1 * dy;
	*x0 = ax;
	*y0 = ay;
	return t1 - t0 > 1e-9;
}

/* Patterns go with the colours in every chart, so that series stay apart
 * even where two greys come out alike (many series, a poor copier). */
int hatch_pattern(const cx *c, size_t series)
{
	if (c->ch->nseries < 2)
		return H_NONE;
	return (int)(series % 6);
}

/* The dash of a line series: solid, dashed, dotted by turns. */
int series_dash(const cx *c, size_t series)
{
	(void)c;
	return (int)(series % 3);
}

/* Hatch lines over the rectangle, one stroked path; drawn in white on dark
 * greys and in black on light ones. */
void hatch_rect(cx *c, double x, double y, double w, double h, int pat, uint32_t fill)
{
	if (pat == H_NONE || w < 1.5 || h < 1.5)
		return;
	const double gap = 3.2;
	bool any = false;
	int dirs[2] = {pat, -1};
	if (pat == H_CROSS)
		dirs[0] = H_DIAG, dirs[1] = H_BACKDIAG;
	for (int k = 0; k < 2 && dirs[k] >= 0; k++) {
		double dx, dy; /* direction */
		switch (dirs[k]) {
		case H_DIAG: dx = 1, dy = -1; break;
		case H_BACKDIAG: dx = 1, dy = 1; break;
		case H_HORIZ: dx = 1, dy = 0; break;
		default: dx = 0, dy = 1; break;
		}
		/* lines through points spaced along the normal, anchored at the origin so
		 * neighbouring bars line up */
		double nx = -dy, ny = dx, nl = hypot(nx, ny);
		nx /= nl, ny /= nl;
		double cs[4] = {x * nx + y * ny, (x + w) * nx + y * ny, x * nx + (y + h) * ny,
				(x + w) * nx + (y + h) * ny};
		double cmin = cs[0], cmax = cs[0];
		for (int i = 1; i < 4; i++)
			cmin = fmin(cmin, cs[i]), cmax = fmax(cmax, cs[i]);
		double L = w + h + 10;
		for (double t = ceil(cmin / gap) * gap; t <= cmax; t += gap) {
			double px = t * nx, py = t * ny;
			/* move the anchor near the rectangle's centre along the line */
			double along = ((x + w / 2 - px) * dx + (y + h / 2 - py) * dy) / (dx * dx + dy * dy);
			px += along * dx, py += along * dy;
			double x0 = px - L * dx, y0 = py - L * dy, x1 = px + L * dx, y1 = py + L * dy;
			if (clip_seg(x + 0.3, y + 0.3, w - 0.6, h - 0.6, &x0, &y0, &x1, &y1)) {
				geom_move(c, x0, y0);
				geom_line(c, x1, y1);
				any = true;
			}
		}
	}
	if (any)
		geom_stroke(c, 0.5, lightness(fill) < 0.55 ? C_WHITE : 0x1A1A1A, 0);
}

/* ---- markers (line charts) ---- */
void marker(cx *c, double x, double y, size_t series, double r)
{
	switch ((int)(series % 4)) { /* circle, square, triangle, diamond */
	case 0:
		geom_new_sub_path(c);
		geom_arc(c, x, y, r, 0, 2 * M_PI);
		geom_close_path(c);
		break;
	case 1:
		geom_rect(c, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
		break;
	case 2:
		geom_move(c, x, y - r * 1.15);
		geom_line(c, x + r * 1.1, y + r * 0.8);
		geom_line(c, x - r * 1.1, y + r * 0.8);
		geom_close_path(c);
		break;
	default:
		geom_move(c, x, y - r * 1.25);
		geom_line(c, x + r * 1.1, y);
		geom_line(c, x, y + r * 1.25);
		geom_line(c, x - r * 1.1, y);
		geom_close_path(c);
		break;
	}
}

void marker_emit(cx *c, uint32_t col)
{
	geom_emit(c, true, col, 0, 0.8, C_WHITE, 0);
}
