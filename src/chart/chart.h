/* chart.h — charts: a chart (model.h) → vector paths and text in a box.
 *
 * Takes: a chart and an output context. Gives: calls to out->path and
 * out->text with coordinates relative to the chart box's top-left corner,
 * y pointing down (the layout stage turns them into page coordinates).
 * Geometry (rounded bars, arcs, curves) is built with cairo on a scratch
 * recording surface and replayed as path operations (PATH_* in layout.h), so
 * the PDF gets crisp vectors; every label is real text in the document's
 * fonts, measured through out->measure, so it is selectable and searchable.
 * Nothing here knows about pages or libharu.
 */
#ifndef DOSSIER_CHART_H
#define DOSSIER_CHART_H

#include "model.h"

enum { CHART_FONT_REGULAR = 0, CHART_FONT_BOLD = 1, CHART_FONT_ITALIC = 2 };
enum { CHART_ALIGN_LEFT = 0, CHART_ALIGN_CENTER = 1, CHART_ALIGN_RIGHT = 2 };

typedef struct chart_out {
	void *user;
	/* width in points of text in the chart font (role CHART_FONT_*) */
	double (*measure)(void *user, int role, double size, const char *text);
	/* text whose baseline starts at (x, y) — x already adjusted for align */
	void (*text)(void *user, double x, double y, int role, double size, uint32_t color,
		     const char *text);
	/* a path: ops as in layout.h (PATH_MOVE x y, PATH_LINE x y, PATH_CURVE
	 * x1 y1 x2 y2 x3 y3, PATH_CLOSE), n doubles; filled with fill_color
	 * (opacity alpha, 0 = opaque) when fill, stroked when lw > 0 with
	 * dash 0 solid, 1 dashed, 2 dotted */
	void (*path)(void *user, const double *ops, size_t n, bool fill, uint32_t fill_color,
		     double alpha, double lw, uint32_t stroke_color, int dash);
} chart_out;

/* The chart's natural height for a given width (title, plot, legend, source). */
double chart_height(const chart *ch, const chart_out *out, double width);
/* Draw the chart into a width x height box. */
void chart_draw(const chart *ch, const chart_out *out, double width, double height);

/* ---- pure helpers, exposed for tests ---- */
typedef struct {
	double lo, hi, step;    /* axis from lo to hi in steps of step */
	int nticks;             /* ticks including both ends */
} chart_scale;
/* "Nice" axis bounds and ticks (1, 2, 2.5, 5 × 10^k) covering [min, max]
 * with at most max_ticks ticks; zero is included for bar charts by the caller. */
chart_scale chart_nice_scale(double min, double max, int max_ticks);
/* Is ch drawn mirrored (a bar or line chart in a right-to-left language:
 * ar, fa, he, ur)? */
bool chart_mirrored(const chart *ch);
/* PATH_* ops with every x coordinate x made width - x, in place. */
void chart_mirror_path(double *ops, size_t n, double width);
/* Colour of series i of n: colour-blind-safe palette, or greys when greyscale. */
uint32_t chart_color(int i, int n, bool greyscale);

#endif
