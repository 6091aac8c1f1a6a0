/* chart_imp.h — what the chart files share (internal; chart.h is the
 * public contract).
 *
 * A chart is drawn through one context (cx) per call: the chart, the
 * output callbacks, and the scratch geometry (geom.c, the only file that
 * knows cairo). Shapes are built with geom_move/geom_line/geom_arc… and
 * handed to out->path by geom_emit (or geom_fill / geom_stroke); text goes
 * to out->text through ch_text. Memory: every allocation is xmalloc and
 * friends (util.h), which run the clean-up hook before giving up.
 *
 * Files: geom.c (cairo → PATH_* ops), scale.c (nice scales), label.c
 * (measuring, wrapping, numbers), marks.c (palette, bar outlines, hatching,
 * markers), frame.c (title, legend, source), axes.c (value axis, category
 * labels), vertical.c (the vertical plot), bar.c, line.c, pie.c,
 * timeline.c (the families), chart.c (chart_height and chart_draw).
 */
#ifndef DOSSIER_CHART_IMP_H
#define DOSSIER_CHART_IMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chart.h"
#include "bounds.h"
#include "util.h"

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
#define C_HIGHLIGHT 0x6B2202u /* dark vermillion: grey level 52 in print */
#define C_EVENT 0x2A788Eu     /* a timeline's other events: viridis blue, grey 99 */

#define MAX_LINES 8

/* ---- context ---- */
typedef struct {
	char *s[MAX_LINES];
	int n;
	double w; /* widest line */
} lines;

struct geom; /* geom.c: the scratch cairo context */

/* The boxes of the texts of a chart, taken in a first pass that draws
 * nothing (cx.dry), so that gridlines can leave a gap behind each label. */
typedef struct {
	double x0, y0, x1, y1;
} tbox;

typedef struct {
	tbox *b;
	size_t n, cap;
} tboxes;

typedef struct {
	const chart *ch;
	const chart_out *out;
	struct geom *g;
	const char *lang;
	bool grey;
	int decimals; /* for value labels */
	double width, height; /* the chart box (0: not known yet); no text leaves it */
	bool dry;     /* the first pass: texts are only recorded, nothing is drawn */
	tboxes *texts;
} cx;

/* ---- geom.c: the only cairo user ---- */
/* Set up c for ch and out (false when the scratch context cannot be made);
 * geom_close releases it. */
bool geom_open(cx *c, const chart *ch, const chart_out *out);
void geom_close(cx *c);
/* Path building, in chart-box coordinates (origin top-left, y down); arcs
 * run clockwise from angle a0 to a1 (radians), geom_arc_negative the other
 * way; arcs become Bézier curves. */
void geom_move(cx *c, double x, double y);
void geom_line(cx *c, double x, double y);
void geom_arc(cx *c, double xc, double yc, double r, double a0, double a1);
void geom_arc_negative(cx *c, double xc, double yc, double r, double a0, double a1);
void geom_rect(cx *c, double x, double y, double w, double h);
void geom_new_sub_path(cx *c);
void geom_close_path(cx *c);
void geom_round_joins(cx *c);
/* The current path → one out->path call (as in chart_out.path); the path
 * is then cleared. Nothing is drawn once the scratch context has failed. */
void geom_emit(cx *c, bool fill, uint32_t fc, double alpha, double lw, uint32_t sc, int dash);
void geom_fill(cx *c, uint32_t color);
void geom_stroke(cx *c, double lw, uint32_t color, int dash);

/* ---- scale.c ---- */
int step_decimals(double step);

/* ---- label.c: text and numbers ---- */
double measure(const cx *c, int role, double size, const char *s);
/* Text whose baseline starts at (x, y) after aligning; moved inside the chart
 * box if it would leave it. */
void text_at(const cx *c, double x, double y, int role, double size, uint32_t color, int align,
	     const char *s);
/* A text's box from its baseline start (ascent and descent of the chart font). */
tbox text_box(double x, double y, double size, double w);
/* A gridline from (x0, y0) to (x1, y1), horizontal or vertical, added to the
 * current path with a gap wherever it would cross a text recorded in the
 * first pass. */
void grid_seg(cx *c, double x0, double y0, double x1, double y1);
void lines_free(lines *l);
char *dupn(const char *s, size_t n);
char *shorten(const cx *c, int role, double size, char *s, double maxw);
void wrap(const cx *c, int role, double size, const char *text, double maxw, int maxlines,
	  lines *out);
bool percent_unit(const char *u);
void fmt_num(const cx *c, char *out, size_t n, double v, int decimals, bool unit);
void fmt_pct(const cx *c, char *out, size_t n, double pct);
double val(const chart *ch, size_t s, size_t i);
/* Whether value i of series s is a bound (CHART_MORE, CHART_LESS) or exact. */
int bound_of(const chart *ch, size_t s, size_t i);
/* Value label of value i of series s: ">80" for a lower bound, "<5" for an
 * upper one. */
void fmt_val(const cx *c, char *out, size_t n, size_t s, size_t i);
int data_decimals(const chart *ch);

/* ---- marks.c: palette, shapes, hatching, markers ---- */
enum { ROUND_NONE, ROUND_TOP, ROUND_BOTTOM, ROUND_RIGHT, ROUND_LEFT };
/* Greyscale hatching: series i gets pattern i % 6 (0 = plain fill). */
enum { H_NONE, H_DIAG, H_HORIZ, H_BACKDIAG, H_VERT, H_CROSS };
uint32_t series_color(const chart *ch, size_t s, size_t n);
double lightness(uint32_t c);
void bar_shape(cx *c, double x, double y, double w, double h, int side, double r);
int hatch_pattern(const cx *c, size_t series);
int series_dash(const cx *c, size_t series);
void hatch_rect(cx *c, double x, double y, double w, double h, int pat, uint32_t fill);
double open_end(cx *c, double x, double y, double w, double h, int side, int bound, uint32_t col);
void marker(cx *c, double x, double y, size_t series, double r);
void marker_emit(cx *c, uint32_t col);

/* ---- frame.c: title, subtitle, legend, source, note ---- */
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

void frame_measure(cx *c, frame *f, double width);
void frame_draw(cx *c, const frame *f, double height);
void frame_free(frame *f);

/* ---- axes.c: value axis and category labels ---- */
typedef struct {
	chart_scale s;
	double lo, hi;       /* drawn range (may be the user's y-min / y-max) */
	double p0, p1;       /* positions of lo and hi */
	int decimals;
} vaxis;

typedef struct {
	lines *l;       /* per category */
	int maxlines;
	int every;      /* draw every k-th label (1 = all) */
} catlabels;

double vmap(const vaxis *a, double v);
void vaxis_make(const cx *c, vaxis *a, int max_ticks);
void vaxis_ticks(const vaxis *a, long *kmin, long *kmax);
double tick_value(const vaxis *a, long k);
void tick_label(const cx *c, const vaxis *a, long k, char *out, size_t n);
double widest_tick(const cx *c, const vaxis *a);
void catlabels_make(const cx *c, catlabels *cl, double band, int maxlines);
void catlabels_free(const chart *ch, catlabels *cl);

/* ---- vertical.c: the plot of bar, stacked and line charts ---- */
typedef struct {
	double x, y, w, h;  /* plot rectangle */
	double left, top, bottom;
	vaxis a;
	catlabels cl;
	double band;
} vplot;

void zero_line_h(cx *c, double x, double w, double y);
void value_label_fits(cx *c, double x, double y, double maxw, const char *s, uint32_t col);
void draw_vertical(cx *c, double X, double Y, double W, double H);

/* ---- the families: natural plot height and drawing into X, Y, W, H ---- */
void draw_bars_v(cx *c, const vplot *p);     /* bar.c */
void draw_stacked_v(cx *c, const vplot *p);
double hbar_default_h(const chart *ch);
void draw_horizontal(cx *c, double X, double Y, double W, double H);
void draw_lines_v(cx *c, const vplot *p);    /* line.c */
double pie_total(const chart *ch);           /* pie.c */
double pie_default_h(cx *c, double W);
void draw_pie(cx *c, double X, double Y, double W, double H);
double timeline_default_h(cx *c, double width); /* timeline.c */
void draw_timeline(cx *c, double X, double Y, double W, double H);

#endif
