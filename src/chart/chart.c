/* chart.c — charts as vector paths and real text (chart.h).
 *
 * Every shape is built on a scratch cairo context (a recording surface with
 * an identity CTM, so user space is the chart box: origin at its top-left
 * corner, y down), read back with cairo_copy_path and handed to out->path as
 * PATH_* operations: one call per shape or per group of shapes drawn alike
 * (all gridlines are one path, all markers of a series are one path). Labels
 * are never drawn by cairo: they go to out->text and are measured with
 * out->measure, so they are real, selectable text in the document's font.
 *
 * Layout of the box, top to bottom: title (bold 10.5 pt), subtitle, legend,
 * the plot (axis titles, tick labels and the marks), then the "Source: …"
 * and note lines (italic 8 pt grey). chart_height and chart_draw share one
 * frame computation, so the height asked for is the height drawn.
 *
 * No global state: everything lives in a per-call context; safe to call from
 * several threads with distinct outputs.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "bounds.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define ELLIPSIS "\xe2\x80\xa6"
#define NBSP "\xc2\xa0"

/* ---- type sizes (points) and colours ---- */
#define SZ_TITLE 10.5
#define SZ_SUBTITLE 8.5
#define SZ_LABEL 8.0    /* category labels, legend, axis titles, pie labels */
#define SZ_TICK 7.5     /* tick labels */
#define SZ_VALUE 7.5    /* value labels */
#define SZ_SOURCE 8.0   /* source and note, italic */
#define LEAD 1.22       /* line height / size */
#define ASC 0.72        /* cap height / size (Noto: 0.714) for placing baselines */

#define C_TITLE 0x1A1A1Au
#define C_TEXT 0x333333u
#define C_MUTED 0x595959u
#define C_SOURCE 0x666666u
#define C_GRID 0xDCDCDCu
#define C_AXIS 0x808080u
#define C_WHITE 0xFFFFFFu
#define C_HIGHLIGHT 0xD55E00u /* Okabe–Ito vermillion */

#define MAX_LINES 8

/* ---- palette ----
 * Okabe & Ito (2008), "Color Universal Design": distinguishable under the
 * common colour-vision deficiencies. Ordered so that neighbours also differ
 * in lightness (CIE L*): blue 46, orange 71, bluish green 57, sky blue 70,
 * vermillion 54, reddish purple 61, yellow 90, dark grey 28. */
static const uint32_t palette[8] = {0x0072B2, 0xE69F00, 0x009E73, 0x56B4E9,
				    0xD55E00, 0xCC79A7, 0xF0E442, 0x404040};

uint32_t chart_color(int i, int n, bool greyscale)
{
	if (i < 0)
		i = 0;
	if (!greyscale)
		return palette[i % 8];
	/* Greys from dark (0x3A) to light (0xD0), evenly spaced; with more than
	 * six series the steps get small, and hatching (see hatch_pattern)
	 * carries the distinction. */
	if (n <= 1)
		return 0x5A5A5A;
	i %= n;
	int g = 0x3A + (int)lround((0xD0 - 0x3A) * (double)i / (n - 1));
	return (uint32_t)(g << 16 | g << 8 | g);
}

/* The colour of series s in this chart: lines in greyscale use a darker
 * ramp, since a light grey line on white disappears. */
static uint32_t series_color(const chart *ch, size_t s, size_t n)
{
	if (ch->greyscale && ch->type == CHART_LINE && n > 1) {
		int g = 0x1A + (int)lround((0x8C - 0x1A) * (double)(s % n) / (double)(n - 1));
		return (uint32_t)(g << 16 | g << 8 | g);
	}
	return chart_color((int)s, (int)n, ch->greyscale);
}

/* Relative lightness of a colour, 0..1 (Rec. 709 weights on sRGB values;
 * good enough to choose black or white text on it). */
static double lightness(uint32_t c)
{
	return (0.2126 * ((c >> 16) & 255) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255)) / 255.0;
}

/* ---- nice scales ----
 * Rule: among the steps s = m × 10^k with m in {1, 2, 2.5, 5}, take the
 * smallest for which the axis floor(min/s)·s … ceil(max/s)·s has at most
 * max_ticks ticks (at least 3 when the range spans zero, which needs a
 * tick below, at and above it). That gives the tightest axis the tick budget allows:
 * 0..152 with 6 ticks → step 25 needs 0..175 = 8 ticks (too many), step 50
 * gives 0..200 = 5 ticks. Bounds are computed as integer multiples of the
 * mantissa divided by a power of ten, so 0.1-steps come out exact. */
static double mul_pow10(double x, int e)
{
	return e >= 0 ? x * pow(10, e) : x / pow(10, -e);
}

chart_scale chart_nice_scale(double min, double max, int max_ticks)
{
	static const double mant[4] = {1, 2, 2.5, 5};
	chart_scale s = {0, 1, 0.5, 3};
	if (max_ticks < 2)
		max_ticks = 2;
	if (!isfinite(min) || !isfinite(max))
		return (chart_scale){0, 1, max_ticks >= 3 ? 0.5 : 1, max_ticks >= 3 ? 3 : 2};
	if (min > max) {
		double t = min;
		min = max;
		max = t;
	}
	if (max - min < 1e-12 * fmax(1, fabs(max))) { /* a single value */
		if (min == 0)
			max = 1;
		else if (min > 0)
			min = 0;
		else
			max = 0;
	}
	if (min < 0 && max > 0 && max_ticks < 3)
		max_ticks = 3; /* an axis across zero has at least three ticks */
	double range = max - min;
	int e = (int)floor(log10(range / (max_ticks - 1))) - 1;
	for (int guard = 0; guard < 40; guard++, e++) {
		for (int m = 0; m < 4; m++) {
			double step = mul_pow10(mant[m], e);
			double klo = floor(min / step + 1e-9), khi = ceil(max / step - 1e-9);
			int n = (int)(khi - klo) + 1;
			if (n > max_ticks)
				continue;
			s.lo = mul_pow10(klo * mant[m], e);
			s.hi = mul_pow10(khi * mant[m], e);
			s.step = step;
			s.nticks = n;
			s.lo += 0.0; /* no -0 */
			s.hi += 0.0;
			return s;
		}
	}
	return (chart_scale){min, max, max - min, 2}; /* not reached for finite input */
}

/* Decimals needed to print multiples of step exactly (0..6). */
static int step_decimals(double step)
{
	for (int d = 0; d < 6; d++) {
		double x = step * pow(10, d);
		if (fabs(x - round(x)) < 1e-6 * fmax(1, x))
			return d;
	}
	return 6;
}

/* ---- context ---- */
typedef struct {
	char *s[MAX_LINES];
	int n;
	double w; /* widest line */
} lines;

typedef struct {
	const chart *ch;
	const chart_out *out;
	cairo_surface_t *surf;
	cairo_t *cr;
	const char *lang;
	bool grey;
	int decimals; /* for value labels */
} cx;

static double measure(const cx *c, int role, double size, const char *s)
{
	if (!s || !*s)
		return 0;
	return c->out->measure(c->out->user, role, size, s);
}

static void text_at(const cx *c, double x, double y, int role, double size, uint32_t color,
		    int align, const char *s)
{
	if (!s || !*s)
		return;
	if (align != CHART_ALIGN_LEFT) {
		double w = measure(c, role, size, s);
		x -= align == CHART_ALIGN_CENTER ? w / 2 : w;
	}
	c->out->text(c->out->user, x, y, role, size, color, s);
}

/* The current cairo path → one out->path call; the path is then cleared.
 * The ops array is only valid during the call: out->path copies it. */
static void emit(cx *c, bool fill, uint32_t fc, double alpha, double lw, uint32_t sc, int dash)
{
	cairo_path_t *p = cairo_copy_path(c->cr);
	cairo_new_path(c->cr);
	if (!p)
		return;
	if (p->status != CAIRO_STATUS_SUCCESS || p->num_data <= 0) {
		cairo_path_destroy(p);
		return;
	}
	double *ops = malloc(sizeof(double) * (size_t)p->num_data * 4 + sizeof(double));
	if (!ops) {
		cairo_path_destroy(p);
		return;
	}
	size_t n = 0, last_move = (size_t)-1;
	for (int i = 0; i < p->num_data; i += p->data[i].header.length) {
		const cairo_path_data_t *d = &p->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			if (last_move != (size_t)-1 && last_move + 3 == n)
				n = last_move; /* a move right after a move: keep the later one */
			last_move = n;
			ops[n++] = PATH_MOVE, ops[n++] = d[1].point.x, ops[n++] = d[1].point.y;
			break;
		case CAIRO_PATH_LINE_TO:
			ops[n++] = PATH_LINE, ops[n++] = d[1].point.x, ops[n++] = d[1].point.y;
			break;
		case CAIRO_PATH_CURVE_TO:
			ops[n++] = PATH_CURVE;
			for (int k = 1; k <= 3; k++)
				ops[n++] = d[k].point.x, ops[n++] = d[k].point.y;
			break;
		case CAIRO_PATH_CLOSE_PATH:
			ops[n++] = PATH_CLOSE;
			break;
		}
	}
	if (last_move != (size_t)-1 && last_move + 3 == n)
		n = last_move; /* cairo's trailing move after a close */
	cairo_path_destroy(p);
	if (n)
		c->out->path(c->out->user, ops, n, fill, fc, alpha, lw, sc, dash);
	free(ops);
}

static void fill_path(cx *c, uint32_t color)
{
	emit(c, true, color, 0, 0, 0, 0);
}

static void stroke_path(cx *c, double lw, uint32_t color, int dash)
{
	emit(c, false, 0, 0, lw, color, dash);
}

/* ---- text helpers: wrapping and shortening ---- */
static void lines_free(lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->s[i]);
	l->n = 0;
	l->w = 0;
}

static char *dupn(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r)
		abort();
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

/* Shorten s in place with a trailing ellipsis until it fits maxw. */
static char *shorten(const cx *c, int role, double size, char *s, double maxw)
{
	if (measure(c, role, size, s) <= maxw)
		return s;
	size_t len = strlen(s);
	/* binary search for the longest prefix (at a code point boundary) that fits with "…" */
	size_t lo = 0, hi = len;
	char *tmp = malloc(len + sizeof ELLIPSIS);
	if (!tmp)
		abort();
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid > 0 && ((unsigned char)s[mid] & 0xC0) == 0x80)
			mid--;
		if (mid <= lo) { /* no boundary between lo and hi: try the next one up */
			mid = lo + 1;
			while (mid < hi && ((unsigned char)s[mid] & 0xC0) == 0x80)
				mid++;
			if (mid > hi)
				break;
		}
		size_t k = mid;
		while (k > 0 && s[k - 1] == ' ')
			k--;
		memcpy(tmp, s, k);
		memcpy(tmp + k, ELLIPSIS, sizeof ELLIPSIS);
		if (measure(c, role, size, tmp) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	while (lo > 0 && ((unsigned char)s[lo] & 0xC0) == 0x80)
		lo--;
	while (lo > 0 && s[lo - 1] == ' ')
		lo--;
	memcpy(tmp, s, lo);
	memcpy(tmp + lo, ELLIPSIS, sizeof ELLIPSIS);
	free(s);
	return tmp;
}

/* Break text into at most maxlines lines no wider than maxw, at spaces and
 * after hyphens inside words; a word wider than maxw, or text left over after
 * the last line, is shortened with an ellipsis. */
static void wrap(const cx *c, int role, double size, const char *text, double maxw, int maxlines,
		 lines *out)
{
	out->n = 0;
	out->w = 0;
	if (!text || !*text)
		return;
	if (maxlines > MAX_LINES)
		maxlines = MAX_LINES;
	if (maxlines < 1)
		maxlines = 1;
	const char *p = text;
	while (*p && out->n < maxlines) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (out->n == maxlines - 1) { /* the rest goes on the last line */
			size_t len = strlen(p);
			while (len && p[len - 1] == ' ')
				len--;
			out->s[out->n++] = shorten(c, role, size, dupn(p, len), maxw);
			break;
		}
		/* extend the line break opportunity by break opportunity */
		size_t fit = 0; /* bytes of p that fit */
		size_t i = 0;
		while (1) {
			size_t j = i;
			while (p[j] == ' ')
				j++;
			while (p[j] && p[j] != ' ') {
				/* a hyphen between letters is a break opportunity after it */
				if (p[j] == '-' && j > i && p[j + 1] && p[j + 1] != ' ' && p[j - 1] != ' ') {
					j++;
					break;
				}
				j++;
			}
			if (j == i)
				break;
			char *cand = dupn(p, j);
			bool ok = measure(c, role, size, cand) <= maxw;
			free(cand);
			if (!ok)
				break;
			fit = j;
			i = j;
			if (!p[j])
				break;
		}
		if (fit == 0) { /* a single word too wide: shorten it */
			size_t j = 0;
			while (p[j] && p[j] != ' ')
				j++;
			out->s[out->n++] = shorten(c, role, size, dupn(p, j), maxw);
			p += j;
			continue;
		}
		size_t len = fit;
		while (len && p[len - 1] == ' ')
			len--;
		out->s[out->n++] = dupn(p, len);
		p += fit;
	}
	for (int k = 0; k < out->n; k++) {
		double w = measure(c, role, size, out->s[k]);
		if (w > out->w)
			out->w = w;
	}
}

/* ---- numbers ---- */
static bool percent_unit(const char *u)
{
	return u && (strcmp(u, "%") == 0 || strcmp(u, "\xe2\x80\xb0") == 0);
}

static void fmt_num(const cx *c, char *out, size_t n, double v, int decimals, bool unit)
{
	char sign[64]; /* a hyphen-minus, as in tables: the bundled Noto fonts have no U+2212 */
	format_decimal(sign, sizeof sign, v, decimals, c->lang);
	const char *u = c->ch->unit;
	if (!unit || !u || !*u)
		snprintf(out, n, "%s", sign);
	else if (percent_unit(u))
		snprintf(out, n, "%s%s%s", sign,
			 lang_is(c->lang, "fr") || lang_is(c->lang, "de") || lang_is(c->lang, "ru") ? NBSP : "", u);
	else
		snprintf(out, n, "%s" NBSP "%s", sign, u);
}

static void fmt_pct(const cx *c, char *out, size_t n, double pct)
{
	char num[48];
	format_decimal(num, sizeof num, pct, 1, c->lang);
	snprintf(out, n, "%s%s%%", num,
		 lang_is(c->lang, "fr") || lang_is(c->lang, "de") || lang_is(c->lang, "ru") ? NBSP : "");
}

/* Value i of series s; NaN (skipped) when missing, and also when beyond
 * ±LIMIT_NUMBER, where sums and scales would lose all precision (the
 * loader refuses such values). */
static double val(const chart *ch, size_t s, size_t i)
{
	double v = ch->series[s].values ? ch->series[s].values[i] : NAN;
	return fabs(v) < LIMIT_NUMBER ? v : NAN;
}

/* Decimals for value labels: enough for every value, at most 2. */
static int data_decimals(const chart *ch)
{
	int d = 0;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			while (d < 2 && fabs(v * pow(10, d) - round(v * pow(10, d))) > 1e-6)
				d++;
		}
	return d;
}


/* ---- geometry helpers ---- */
enum { ROUND_NONE, ROUND_TOP, ROUND_BOTTOM, ROUND_RIGHT, ROUND_LEFT };

/* A rectangle x..x+w, y..y+h (y down) whose two corners on one side are
 * rounded with radius r (arcs → Bézier curves). */
static void bar_shape(cairo_t *cr, double x, double y, double w, double h, int side, double r)
{
	if (w <= 0 || h <= 0)
		return;
	double rmax = side == ROUND_TOP || side == ROUND_BOTTOM ? fmin(w / 2, h) : fmin(h / 2, w);
	if (r > rmax)
		r = rmax;
	if (side == ROUND_NONE || r < 0.05) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	double x1 = x + w, y1 = y + h;
	switch (side) {
	case ROUND_TOP:
		cairo_move_to(cr, x, y1);
		cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
		cairo_arc(cr, x1 - r, y + r, r, 1.5 * M_PI, 2 * M_PI);
		cairo_line_to(cr, x1, y1);
		break;
	case ROUND_BOTTOM:
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x1, y);
		cairo_arc(cr, x1 - r, y1 - r, r, 0, 0.5 * M_PI);
		cairo_arc(cr, x + r, y1 - r, r, 0.5 * M_PI, M_PI);
		break;
	case ROUND_RIGHT:
		cairo_move_to(cr, x, y);
		cairo_arc(cr, x1 - r, y + r, r, 1.5 * M_PI, 2 * M_PI);
		cairo_arc(cr, x1 - r, y1 - r, r, 0, 0.5 * M_PI);
		cairo_line_to(cr, x, y1);
		break;
	case ROUND_LEFT:
		cairo_move_to(cr, x1, y1);
		cairo_arc(cr, x + r, y1 - r, r, 0.5 * M_PI, M_PI);
		cairo_arc(cr, x + r, y + r, r, M_PI, 1.5 * M_PI);
		cairo_line_to(cr, x1, y);
		break;
	}
	cairo_close_path(cr);
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

/* Greyscale hatching: series i gets pattern i % 6 (0 = plain fill). */
enum { H_NONE, H_DIAG, H_HORIZ, H_BACKDIAG, H_VERT, H_CROSS };

static int hatch_pattern(const cx *c, size_t series)
{
	if (!c->grey) /* colours repeat after 8: the repeats are hatched */
		return series < 8 ? H_NONE : (int)(H_DIAG + (series / 8 - 1) % 5);
	if (c->ch->nseries < 2)
		return H_NONE;
	return (int)(series % 6);
}

/* The dash of a line series: in greyscale one of three by turns; in colour
 * solid for the first 8 and dashed, then dotted, when the colours repeat. */
static int series_dash(const cx *c, size_t series)
{
	return c->grey ? (int)(series % 3) : (int)(series / 8 % 3);
}

/* Hatch lines over the rectangle, one stroked path; drawn in white on dark
 * greys and in black on light ones. */
static void hatch_rect(cx *c, double x, double y, double w, double h, int pat, uint32_t fill)
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
				cairo_move_to(c->cr, x0, y0);
				cairo_line_to(c->cr, x1, y1);
				any = true;
			}
		}
	}
	if (any)
		stroke_path(c, 0.5, lightness(fill) < 0.55 ? C_WHITE : 0x1A1A1A, 0);
}

/* ---- the frame: title, subtitle, legend, source, note ---- */
typedef struct {
	double x, w;  /* swatch x (relative to legend origin) and item width */
	int row;
	const char *name;
	size_t series;
} legend_item;

typedef struct {
	lines title, subtitle, source, note;
	legend_item *items;
	size_t nitems;
	int legend_rows;
	double head_h, foot_h;
	double plot_h;  /* plot region height (axes, marks and their labels) */
} frame;

#define LEGEND_ROW 12.0
#define SWATCH 8.0

static const char *source_word(const char *lang)
{
	if (lang_is(lang, "vi"))
		return "Ngu\xe1\xbb\x93n";
	if (lang_is(lang, "fr"))
		return "Source" NBSP;
	if (lang_is(lang, "es"))
		return "Fuente";
	if (lang_is(lang, "de"))
		return "Quelle";
	if (lang_is(lang, "ru"))
		return "\xd0\x98\xd1\x81\xd1\x82\xd0\xbe\xd1\x87\xd0\xbd\xd0\xb8\xd0\xba";
	return "Source";
}

static bool has_legend(const chart *ch)
{
	if (ch->type == CHART_TIMELINE)
		return false;
	if (ch->type == CHART_PIE || ch->type == CHART_DONUT)
		return ch->legend && ch->ncat > 0;
	return ch->nseries > 1 || (ch->legend && ch->nseries > 0);
}

static void frame_free(frame *f)
{
	lines_free(&f->title);
	lines_free(&f->subtitle);
	lines_free(&f->source);
	lines_free(&f->note);
	free(f->items);
}

static void frame_measure(cx *c, frame *f, double width)
{
	const chart *ch = c->ch;
	memset(f, 0, sizeof *f);
	wrap(c, CHART_FONT_BOLD, SZ_TITLE, ch->title, width, 3, &f->title);
	wrap(c, CHART_FONT_REGULAR, SZ_SUBTITLE, ch->subtitle, width, 3, &f->subtitle);
	double h = f->title.n * SZ_TITLE * LEAD + f->subtitle.n * SZ_SUBTITLE * LEAD;
	if (h > 0)
		h += 5;
	if (has_legend(ch)) {
		bool pie = ch->type == CHART_PIE || ch->type == CHART_DONUT;
		size_t n = pie ? ch->ncat : ch->nseries;
		f->items = calloc(n ? n : 1, sizeof *f->items);
		if (!f->items)
			abort();
		double x = 0;
		int row = 0;
		for (size_t i = 0; i < n; i++) {
			const char *name = pie ? ch->categories[i] : ch->series[i].name;
			if (!name)
				name = "";
			double tw = measure(c, CHART_FONT_REGULAR, SZ_LABEL, name);
			double sw = ch->type == CHART_LINE ? 16 : SWATCH;
			double iw = sw + 4 + tw;
			if (x > 0 && x + iw > width) {
				row++;
				x = 0;
			}
			f->items[f->nitems++] = (legend_item){x, iw, row, name, i};
			x += iw + 12;
		}
		f->legend_rows = n ? row + 1 : 0;
		h += f->legend_rows * LEGEND_ROW + 4;
	}
	f->head_h = h;
	char *src = NULL;
	if (ch->source && *ch->source) {
		const char *w = source_word(c->lang);
		size_t wl = strlen(w);
		/* don't say "Source: Source: …" */
		if (strncmp(ch->source, w, wl) == 0 || strncmp(ch->source, "Source", 6) == 0)
			src = dupn(ch->source, strlen(ch->source));
		else {
			size_t n = wl + strlen(ch->source) + 8;
			src = malloc(n);
			if (!src)
				abort();
			snprintf(src, n, "%s: %s", w, ch->source);
		}
	}
	wrap(c, CHART_FONT_ITALIC, SZ_SOURCE, src, width, 4, &f->source);
	free(src);
	wrap(c, CHART_FONT_ITALIC, SZ_SOURCE, ch->note, width, 4, &f->note);
	double fh = (f->source.n + f->note.n) * SZ_SOURCE * LEAD;
	f->foot_h = fh > 0 ? fh + 6 : 0;
}

static void swatch(cx *c, double x, double y, size_t series, uint32_t color)
{
	const chart *ch = c->ch;
	if (ch->type == CHART_LINE) {
		int dash = series_dash(c, series);
		cairo_move_to(c->cr, x, y + SWATCH / 2);
		cairo_line_to(c->cr, x + 16, y + SWATCH / 2);
		stroke_path(c, 1.5, color, dash);
		return;
	}
	bar_shape(c->cr, x, y, SWATCH, SWATCH, ROUND_NONE, 0);
	fill_path(c, color);
	hatch_rect(c, x, y, SWATCH, SWATCH, hatch_pattern(c, series), color);
}

static void marker(cx *c, double x, double y, size_t series, double r); /* below */
static void marker_emit(cx *c, uint32_t col);

/* Wrapped lines of a title, subtitle, source or note, one under the other
 * from *y down; *y ends below the last. */
static void text_lines(cx *c, const lines *l, double *y, int role, double size, uint32_t color)
{
	for (int i = 0; i < l->n; i++) {
		*y += size * LEAD;
		text_at(c, 0, *y - (LEAD - 1) * size - 0.5, role, size, color, CHART_ALIGN_LEFT, l->s[i]);
	}
}

static void frame_draw(cx *c, const frame *f, double height)
{
	const chart *ch = c->ch;
	double y = 0;
	text_lines(c, &f->title, &y, CHART_FONT_BOLD, SZ_TITLE, C_TITLE);
	text_lines(c, &f->subtitle, &y, CHART_FONT_REGULAR, SZ_SUBTITLE, C_MUTED);
	if (y > 0)
		y += 5;
	bool pie = ch->type == CHART_PIE || ch->type == CHART_DONUT;
	for (size_t i = 0; i < f->nitems; i++) {
		const legend_item *it = &f->items[i];
		double ry = y + it->row * LEGEND_ROW;
		size_t s = it->series;
		uint32_t col = pie ? chart_color((int)s, (int)ch->ncat, c->grey)
				   : series_color(ch, s, ch->nseries);
		swatch(c, it->x, ry + 1.5, s, col);
		if (ch->type == CHART_LINE && c->grey) {
			marker(c, it->x + 8, ry + 1.5 + SWATCH / 2, s, 2.2);
			marker_emit(c, col);
		}
		double sw = ch->type == CHART_LINE ? 16 : SWATCH;
		text_at(c, it->x + sw + 4, ry + 1.5 + SWATCH / 2 + ASC * SZ_LABEL / 2, CHART_FONT_REGULAR,
			SZ_LABEL, C_TEXT, CHART_ALIGN_LEFT, it->name);
	}
	double fy = height - f->foot_h + 6;
	text_lines(c, &f->source, &fy, CHART_FONT_ITALIC, SZ_SOURCE, C_SOURCE);
	text_lines(c, &f->note, &fy, CHART_FONT_ITALIC, SZ_SOURCE, C_SOURCE);
}

/* ---- value axis ---- */
typedef struct {
	chart_scale s;
	double lo, hi;       /* drawn range (may be the user's y-min / y-max) */
	double p0, p1;       /* positions of lo and hi */
	int decimals;
} vaxis;

static double vmap(const vaxis *a, double v)
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

static void vaxis_make(const cx *c, vaxis *a, int max_ticks)
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
static void vaxis_ticks(const vaxis *a, long *kmin, long *kmax)
{
	*kmin = (long)ceil(a->lo / a->s.step - 1e-9);
	*kmax = (long)floor(a->hi / a->s.step + 1e-9);
	if (*kmax - *kmin > 100)
		*kmax = *kmin + 100;
}

static double tick_value(const vaxis *a, long k)
{
	double v = (double)k * a->s.step;
	return fabs(v) < 1e-12 * a->s.step ? 0 : v;
}

static void tick_label(const cx *c, const vaxis *a, long k, char *out, size_t n)
{
	fmt_num(c, out, n, tick_value(a, k), a->decimals, percent_unit(c->ch->unit));
}

static double widest_tick(const cx *c, const vaxis *a)
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

/* ---- category labels ---- */
typedef struct {
	lines *l;       /* per category */
	int maxlines;
	int every;      /* draw every k-th label (1 = all) */
} catlabels;

static void catlabels_make(const cx *c, catlabels *cl, double band, int maxlines)
{
	const chart *ch = c->ch;
	cl->l = calloc(ch->ncat ? ch->ncat : 1, sizeof(lines));
	if (!cl->l)
		abort();
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

static void catlabels_free(const chart *ch, catlabels *cl)
{
	if (!cl->l)
		return;
	for (size_t i = 0; i < ch->ncat; i++)
		lines_free(&cl->l[i]);
	free(cl->l);
	cl->l = NULL;
}

/* ---- markers (line charts) ---- */
static void marker(cx *c, double x, double y, size_t series, double r)
{
	int shape = c->grey ? (int)(series % 4) : (int)(series / 8 % 4); /* repeated colours: squares */
	cairo_t *cr = c->cr;
	switch (shape) {
	case 0:
		cairo_new_sub_path(cr);
		cairo_arc(cr, x, y, r, 0, 2 * M_PI);
		cairo_close_path(cr);
		break;
	case 1:
		cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
		break;
	case 2:
		cairo_move_to(cr, x, y - r * 1.15);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		break;
	default:
		cairo_move_to(cr, x, y - r * 1.25);
		cairo_line_to(cr, x + r * 1.1, y);
		cairo_line_to(cr, x, y + r * 1.25);
		cairo_line_to(cr, x - r * 1.1, y);
		cairo_close_path(cr);
		break;
	}
}

static void marker_emit(cx *c, uint32_t col)
{
	emit(c, true, col, 0, 0.8, C_WHITE, 0);
}

/* ---- vertical charts: bar, stacked, line ---- */
typedef struct {
	double x, y, w, h;  /* plot rectangle */
	double left, top, bottom;
	vaxis a;
	catlabels cl;
	double band;
} vplot;

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
		cairo_move_to(c->cr, p->x, y);
		cairo_line_to(c->cr, p->x + p->w, y);
	}
	stroke_path(c, 0.4, C_GRID, 0);
	for (long k = k0; k <= k1; k++) {
		double y = vmap(&p->a, tick_value(&p->a, k));
		tick_label(c, &p->a, k, b, sizeof b);
		text_at(c, p->x - 5, y + ASC * SZ_TICK / 2, CHART_FONT_REGULAR, SZ_TICK, C_MUTED,
			CHART_ALIGN_RIGHT, b);
	}
}

static void zero_line_h(cx *c, double x, double w, double y)
{
	cairo_move_to(c->cr, x, y);
	cairo_line_to(c->cr, x + w, y);
	stroke_path(c, 0.6, C_AXIS, 0);
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

static void value_label_fits(cx *c, double x, double y, double maxw, const char *s, uint32_t col)
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

static void draw_bars_v(cx *c, const vplot *p)
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
			bar_shape(c->cr, x, top, bw, h, v >= 0 ? ROUND_TOP : ROUND_BOTTOM, fmin(2.0, bw / 4));
			fill_path(c, col);
			hatch_rect(c, x, top, bw, h, hatch_pattern(c, s), col);
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
			fmt_num(c, b, sizeof b, v, c->decimals, true);
			double by = v >= 0 ? fmin(y, zero) - 3 : fmax(y, zero) + 3 + ASC * SZ_VALUE;
			value_label_fits(c, x, by, ns > 1 ? bw + gap + 2 : p->band - 2, b, C_TEXT);
		}
}

static void draw_stacked_v(cx *c, const vplot *p)
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
			bar_shape(c->cr, x, top, bw, h, ROUND_NONE, 0);
			emit(c, true, col, 0, 0.5, C_WHITE, 0); /* thin white separators */
			hatch_rect(c, x, top, bw, h, hatch_pattern(c, s), col);
			if (ch->value_labels && h >= SZ_VALUE + 3) {
				fmt_num(c, b, sizeof b, v, c->decimals, true);
				if (measure(c, CHART_FONT_REGULAR, SZ_VALUE, b) <= bw - 2 && hatch_pattern(c, s) == H_NONE)
					text_at(c, x + bw / 2, top + h / 2 + ASC * SZ_VALUE / 2, CHART_FONT_REGULAR,
						SZ_VALUE, lightness(col) < 0.55 ? C_WHITE : C_TITLE, CHART_ALIGN_CENTER, b);
			}
		}
		if (ch->value_labels && pos > 0) { /* the total above the stack */
			fmt_num(c, b, sizeof b, pos, c->decimals, true);
			value_label_fits(c, x + bw / 2, vmap(&p->a, pos) - 3, p->band - 2, b, C_TITLE);
		}
	}
	zero_line_h(c, p->x, p->w, zero);
}

static void draw_lines_v(cx *c, const vplot *p)
{
	const chart *ch = c->ch;
	double zero = vmap(&p->a, 0);
	if (p->a.lo < 0 && p->a.hi > 0)
		zero_line_h(c, p->x, p->w, zero);
	else
		zero_line_h(c, p->x, p->w, p->a.p0);
	char b[96];
	for (size_t s = 0; s < ch->nseries; s++) {
		uint32_t col = series_color(ch, s, ch->nseries);
		bool pen = false, any = false;
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v)) {
				pen = false; /* a gap in the line */
				continue;
			}
			double x = p->x + (i + 0.5) * p->band, y = vmap(&p->a, v);
			if (pen)
				cairo_line_to(c->cr, x, y);
			else
				cairo_move_to(c->cr, x, y);
			pen = any = true;
		}
		if (any) {
			cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
			stroke_path(c, 1.6, col, series_dash(c, s));
		}
		double r = p->band < 8 ? 1.4 : 2.4;
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (isfinite(v))
				marker(c, p->x + (i + 0.5) * p->band, vmap(&p->a, v), s, r);
		}
		marker_emit(c, col);
	}
	if (!ch->value_labels)
		return;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			/* above the point, unless the line comes down to it from both
			 * sides (a valley): then below, clear of the line */
			double sum = 0;
			int nn = 0;
			if (i > 0 && isfinite(val(ch, s, i - 1)))
				sum += val(ch, s, i - 1), nn++;
			if (i + 1 < ch->ncat && isfinite(val(ch, s, i + 1)))
				sum += val(ch, s, i + 1), nn++;
			bool below = nn > 0 && v < sum / nn;
			double y = vmap(&p->a, v);
			fmt_num(c, b, sizeof b, v, c->decimals, true);
			value_label_fits(c, p->x + (i + 0.5) * p->band, below ? y + 5 + ASC * SZ_VALUE : y - 5,
					 p->band - 1, b, C_TEXT);
		}
}

static void draw_vertical(cx *c, double X, double Y, double W, double H)
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

static void draw_horizontal(cx *c, double X, double Y, double W, double H)
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
	lines *ll = calloc(ch->ncat ? ch->ncat : 1, sizeof(lines));
	if (!ll)
		abort();
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
					fmt_num(c, b, sizeof b, v, c->decimals, true);
					vlw = fmax(vlw, measure(c, CHART_FONT_REGULAR, SZ_VALUE, b));
				}
			}
			if (ch->type == CHART_HSTACKED) {
				fmt_num(c, b, sizeof b, tot, c->decimals, true);
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
		cairo_move_to(c->cr, x, py);
		cairo_line_to(c->cr, x, py + ph);
	}
	stroke_path(c, 0.4, C_GRID, 0);
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
			if (stacked) {
				bar_shape(c->cr, left, y, w, bh, ROUND_NONE, 0);
				emit(c, true, col, 0, 0.5, C_WHITE, 0);
			} else {
				bar_shape(c->cr, left, y, w, bh, v >= 0 ? ROUND_RIGHT : ROUND_LEFT, fmin(2.0, bh / 4));
				fill_path(c, col);
			}
			hatch_rect(c, left, y, w, bh, hatch_pattern(c, s), col);
			if (!ch->value_labels)
				continue;
			fmt_num(c, b, sizeof b, v, c->decimals, true);
			double tw = measure(c, CHART_FONT_REGULAR, SZ_VALUE, b);
			double size = bh >= SZ_VALUE ? SZ_VALUE : fmax(6, bh);
			if (stacked) {
				if (tw <= w - 4 && bh >= SZ_VALUE + 2 && hatch_pattern(c, s) == H_NONE)
					text_at(c, left + w / 2, y + bh / 2 + ASC * SZ_VALUE / 2, CHART_FONT_REGULAR,
						SZ_VALUE, lightness(col) < 0.55 ? C_WHITE : C_TITLE, CHART_ALIGN_CENTER, b);
			} else if (v >= 0) {
				text_at(c, left + w + 3, y + bh / 2 + ASC * size / 2, CHART_FONT_REGULAR, size, C_TEXT,
					CHART_ALIGN_LEFT, b);
			} else {
				text_at(c, left - 3, y + bh / 2 + ASC * size / 2, CHART_FONT_REGULAR, size, C_TEXT,
					CHART_ALIGN_RIGHT, b);
			}
		}
		if (stacked && ch->value_labels && pos > 0) {
			fmt_num(c, b, sizeof b, pos, c->decimals, true);
			text_at(c, vmap(&a, pos) + 3, cy + ASC * SZ_VALUE / 2, CHART_FONT_BOLD, SZ_VALUE, C_TITLE,
				CHART_ALIGN_LEFT, b);
		}
	}
	cairo_move_to(c->cr, zero, py);
	cairo_line_to(c->cr, zero, py + ph);
	stroke_path(c, 0.6, C_AXIS, 0);
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

static double pie_total(const chart *ch)
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
static double pie_default_h(cx *c, double W)
{
	const chart *ch = c->ch;
	slice *sl = calloc(ch->ncat ? ch->ncat : 1, sizeof *sl);
	if (!sl)
		abort();
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

static void draw_pie(cx *c, double X, double Y, double W, double H)
{
	const chart *ch = c->ch;
	slice *sl = calloc(ch->ncat ? ch->ncat : 1, sizeof *sl);
	slice **side[2];
	side[0] = calloc(ch->ncat ? ch->ncat : 1, sizeof(slice *));
	side[1] = calloc(ch->ncat ? ch->ncat : 1, sizeof(slice *));
	if (!sl || !side[0] || !side[1])
		abort();
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
			cairo_arc(c->cr, cxp, cyp, r, s->a0, s->a1);
			cairo_arc_negative(c->cr, cxp, cyp, ri, s->a1, s->a0);
		} else {
			cairo_move_to(c->cr, cxp, cyp);
			cairo_arc(c->cr, cxp, cyp, r, s->a0, s->a1);
		}
		cairo_close_path(c->cr);
		emit(c, true, col, 0, n > 1 ? 0.75 : 0, C_WHITE, 0);
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
		cairo_move_to(c->cr, cxp + (r + 1.5) * cos(m), cyp + (r + 1.5) * sin(m));
		cairo_line_to(c->cr, ex, ey);
		/* a short elbow to the label's centre line; stays outside the circle */
		cairo_line_to(c->cr, ax, s->ly);
	}
	stroke_path(c, 0.5, C_AXIS, 0);
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

/* ---- timeline ---- */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
	char extra;
	return s && sscanf(s, "%d-%d-%d%c", y, m, d, &extra) == 3 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= 31;
}

/* Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static long iso_days(const char *s, bool *ok)
{
	int y, m, d;
	*ok = parse_date(s, &y, &m, &d);
	return *ok ? days_from_civil(y, m, d) : 0;
}

static const char *const mon_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const mon_fr[12] = {"janv.", "f\xc3\xa9vr.", "mars", "avr.", "mai", "juin",
				       "juil.", "ao\xc3\xbbt", "sept.", "oct.", "nov.", ("d\xc3\xa9" "c.")};
static const char *const mon_es[12] = {"ene", "feb", "mar", "abr", "may", "jun",
				       "jul", "ago", "sept", "oct", "nov", "dic"};
static const char *const mon_de[12] = {"Jan.", "Feb.", "M\xc3\xa4rz", "Apr.", "Mai", "Juni",
				       "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."};
static const char *const mon_vi[12] = {"T1", "T2", "T3", "T4", "T5", "T6",
				       "T7", "T8", "T9", "T10", "T11", "T12"};

static const char *month_short(const char *lang, int m)
{
	const char *const *t = lang_is(lang, "fr") ? mon_fr : lang_is(lang, "es") ? mon_es
			     : lang_is(lang, "de") ? mon_de : lang_is(lang, "vi") ? mon_vi : mon_en;
	return t[(m - 1) % 12];
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
	t->ev = calloc(ch->nevents ? ch->nevents : 1, sizeof *t->ev);
	if (!t->ev)
		abort();
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
		v->when = malloc(wn);
		if (!v->when)
			abort();
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
	double *row_end = calloc(t->n ? t->n : 1, sizeof(double));
	if (!row_end)
		abort();
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
			civil_from_days(day, &yy, &mm, &dd);
			civil_from_days(day + (long)floor(dayst * 0.7), &y2, &m2, &d2);
			if (dd != 1 && ((dd - 1) % dayst != 0 || m2 != mm))
				continue; /* off-step, or too close to the next 1st */
			double x = tl_x(t, (double)day);
			cairo_move_to(c->cr, x, axis_y);
			cairo_line_to(c->cr, x, axis_y + 3);
			snprintf(b, sizeof b, "%d", dd);
			text_at(c, x, ly, CHART_FONT_REGULAR, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
			if (dd == 1 || first) {
				snprintf(b, sizeof b, "%s %d", month_short(c->lang, mm), yy);
				text_at(c, x, ly + SZ_TICK * LEAD, CHART_FONT_BOLD, SZ_TICK, C_MUTED, CHART_ALIGN_CENTER, b);
				first = false;
			}
		}
		stroke_path(c, 0.6, C_AXIS, 0);
		return;
	}
	/* the first month start after a0, aligned to the step */
	int y0, m0, d0;
	civil_from_days(t->a0, &y0, &m0, &d0);
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
		double x = tl_x(t, (double)days_from_civil(yy, mm, 1));
		if (x > t->x + t->w + 0.01)
			break;
		cairo_move_to(c->cr, x, axis_y);
		cairo_line_to(c->cr, x, axis_y + 3);
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
	stroke_path(c, 0.6, C_AXIS, 0);
}

static void draw_timeline(cx *c, double X, double Y, double W, double H)
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
			if (ry - 1 > y) {
				cairo_move_to(c->cr, mx, y);
				cairo_line_to(c->cr, mx, ry - 1);
			}
			y = ry + TL_ROW - 1;
		}
		if (axis_y > y) {
			cairo_move_to(c->cr, mx, y);
			cairo_line_to(c->cr, mx, axis_y);
		}
	}
	stroke_path(c, 0.4, 0xB4B4B4, 2);
	/* axis with ticks */
	cairo_move_to(c->cr, t.x, axis_y);
	cairo_line_to(c->cr, t.x + t.w, axis_y);
	stroke_path(c, 0.6, C_AXIS, 0);
	tl_ticks(c, &t, axis_y);
	/* marks: spans as rounded bars, single days as dots; labels under them */
	for (int pass = 0; pass < 2; pass++) { /* normal first, highlighted on top */
		for (size_t i = 0; i < t.n; i++) {
			const tl_ev *v = &t.ev[i];
			if (v->highlight != (pass == 1))
				continue;
			uint32_t col = v->highlight ? (c->grey ? 0x1A1A1A : C_HIGHLIGHT)
						    : (c->grey ? 0x8C8C8C : chart_color(0, 1, false));
			double my = top + v->row * rh + 5;
			if (v->span) { /* a bar with slightly rounded corners */
				double x0 = v->x0, x1 = v->x1, h = 3, r = 1.5;
				cairo_new_sub_path(c->cr);
				cairo_arc(c->cr, x0 + r, my - h + r, r, M_PI, 1.5 * M_PI);
				cairo_arc(c->cr, x1 - r, my - h + r, r, 1.5 * M_PI, 2 * M_PI);
				cairo_arc(c->cr, x1 - r, my + h - r, r, 0, 0.5 * M_PI);
				cairo_arc(c->cr, x0 + r, my + h - r, r, 0.5 * M_PI, M_PI);
				cairo_close_path(c->cr);
			} else {
				cairo_new_sub_path(c->cr);
				cairo_arc(c->cr, (v->x0 + v->x1) / 2, my, 3.5, 0, 2 * M_PI);
				cairo_close_path(c->cr);
			}
			emit(c, true, col, 0, 0.75, C_WHITE, 0);
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

/* ---- the whole chart ---- */
static bool cx_open(cx *c, const chart *ch, const chart_out *out)
{
	memset(c, 0, sizeof *c);
	c->ch = ch;
	c->out = out;
	c->lang = ch->language ? ch->language : "en";
	c->grey = ch->greyscale;
	c->decimals = data_decimals(ch);
	c->surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	c->cr = cairo_create(c->surf);
	if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
		cairo_destroy(c->cr);
		cairo_surface_destroy(c->surf);
		return false;
	}
	cairo_identity_matrix(c->cr);
	cairo_set_tolerance(c->cr, 0.05);
	return true;
}

/* cairo errors are sticky: once the scratch context has failed (out of
 * memory in practice; every coordinate given to it is finite), each
 * cairo_copy_path reports the error and emit() draws nothing more. The
 * status is checked when the context is made and in every copied path. */
static void cx_close(cx *c)
{
	cairo_destroy(c->cr);
	cairo_surface_destroy(c->surf);
}

/* Height of the plot region when the chart doesn't say. */
static double default_plot_h(cx *c, double width)
{
	const chart *ch = c->ch;
	switch (ch->type) {
	case CHART_HBAR:
	case CHART_HSTACKED: {
		double h = (ch->ncat ? (double)ch->ncat : 1) * hband(ch);
		return h + htop(ch) + hbottom(ch);
	}
	case CHART_PIE:
	case CHART_DONUT:
		return pie_default_h(c, width);
	case CHART_TIMELINE: {
		tl_lay t;
		tl_layout(c, &t, 4, width - 8);
		double h = tl_plot_h(&t);
		tl_free(&t);
		return h;
	}
	default:
		return fmax(0.5 * width, 100);
	}
}

double chart_height(const chart *ch, const chart_out *out, double width)
{
	cx c;
	if (!cx_open(&c, ch, out))
		return ch->height > 0 ? ch->height : 0.5 * width;
	frame f;
	frame_measure(&c, &f, width);
	double plot = ch->height > 0 ? ch->height : default_plot_h(&c, width);
	double h = f.head_h + plot + f.foot_h;
	frame_free(&f);
	cx_close(&c);
	return h;
}

void chart_draw(const chart *ch, const chart_out *out, double width, double height)
{
	cx c;
	if (!cx_open(&c, ch, out))
		return;
	frame f;
	frame_measure(&c, &f, width);
	double ph = height - f.head_h - f.foot_h;
	if (ph < 40)
		ph = 40;
	frame_draw(&c, &f, f.head_h + ph + f.foot_h);
	double y = f.head_h;
	switch (ch->type) {
	case CHART_BAR:
	case CHART_STACKED:
	case CHART_LINE:
		if (ch->ncat && ch->nseries)
			draw_vertical(&c, 0, y, width, ph);
		break;
	case CHART_HBAR:
	case CHART_HSTACKED:
		if (ch->ncat && ch->nseries)
			draw_horizontal(&c, 0, y, width, ph);
		break;
	case CHART_PIE:
	case CHART_DONUT:
		if (pie_total(ch) > 0)
			draw_pie(&c, 0, y, width, ph);
		break;
	case CHART_TIMELINE:
		if (ch->nevents)
			draw_timeline(&c, 0, y, width, ph);
		break;
	}
	frame_free(&f);
	cx_close(&c);
}
