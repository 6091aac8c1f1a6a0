/* chart.c — charts as vector paths and real text (chart.h): the entry
 * points, dispatching to the families (the files are listed in chart_imp.h).
 *
 * Every shape is built on a scratch cairo context (geom.c: a recording
 * surface with an identity CTM, so user space is the chart box: origin at
 * its top-left corner, y down), read back and handed to out->path as
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
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* Height of the plot region when the chart doesn't say. */
static double default_plot_h(cx *c, double width)
{
	const chart *ch = c->ch;
	switch (ch->type) {
	case CHART_HBAR:
	case CHART_HSTACKED:
		return hbar_default_h(ch);
	case CHART_PIE:
	case CHART_DONUT:
		return pie_default_h(c, width);
	case CHART_TIMELINE:
		return timeline_default_h(c, width);
	default:
		return fmax(0.5 * width, 100);
	}
}

double chart_height(const chart *ch, const chart_out *out, double width)
{
	cx c;
	if (!geom_open(&c, ch, out))
		return ch->height > 0 ? ch->height : 0.5 * width;
	frame f;
	frame_measure(&c, &f, width);
	double plot = ch->height > 0 ? ch->height : default_plot_h(&c, width);
	if (plot < 40) /* as chart_draw has it */
		plot = 40;
	double h = f.head_h + plot + f.foot_h;
	frame_free(&f);
	geom_close(&c);
	return h;
}

/* The plot (everything under the head and above the foot) at y. */
static void draw_plot(cx *c, double y, double width, double ph)
{
	const chart *ch = c->ch;
	switch (ch->type) {
	case CHART_BAR:
	case CHART_STACKED:
	case CHART_LINE:
		if (ch->ncat && ch->nseries)
			draw_vertical(c, 0, y, width, ph);
		break;
	case CHART_HBAR:
	case CHART_HSTACKED:
		if (ch->ncat && ch->nseries)
			draw_horizontal(c, 0, y, width, ph);
		break;
	case CHART_PIE:
	case CHART_DONUT:
		if (pie_total(ch) > 0)
			draw_pie(c, 0, y, width, ph);
		break;
	case CHART_TIMELINE:
		if (ch->nevents)
			draw_timeline(c, 0, y, width, ph);
		break;
	}
}

/* ---- right to left: the chart drawn as its mirror image ----
 * For a document in a right-to-left language, bar and line charts read
 * from the right: the categories run right to left, the value axis and
 * its numbers stand on the right, horizontal bars grow leftwards from
 * labels on the right, and the title, legend and source line start at the
 * right edge. Every shape's x becomes width - x, and every text keeps its
 * letters but moves so that its box is mirrored (its right edge where its
 * left edge was). Pies and timelines are drawn as they are. */
typedef struct {
	const chart_out *o;
	double w;
} mirror;

static double m_measure(void *user, int role, double size, const char *text)
{
	const mirror *m = user;
	return m->o->measure(m->o->user, role, size, text);
}

static void m_text(void *user, double x, double y, int role, double size, uint32_t color, const char *text)
{
	const mirror *m = user;
	double tw = m->o->measure(m->o->user, role, size, text);
	m->o->text(m->o->user, m->w - x - tw, y, role, size, color, text);
}

/* ops with every x mirrored, into a copy */
void chart_mirror_path(double *ops, size_t n, double width)
{
	for (size_t i = 0; i < n;) {
		int op = (int)ops[i];
		int npts = op == PATH_MOVE || op == PATH_LINE ? 1 : op == PATH_CURVE ? 3 : 0;
		if (i + 1 + 2 * (size_t)npts > n)
			break;
		for (int k = 0; k < npts; k++)
			ops[i + 1 + 2 * k] = width - ops[i + 1 + 2 * k];
		i += 1 + 2 * (size_t)npts;
	}
}

static void m_path(void *user, const double *ops, size_t n, bool fill, uint32_t fill_color, double alpha,
		   double lw, uint32_t stroke_color, int dash)
{
	const mirror *m = user;
	double *p = xmalloc((n ? n : 1) * sizeof *p);
	memcpy(p, ops, n * sizeof *p);
	chart_mirror_path(p, n, m->w);
	m->o->path(m->o->user, p, n, fill, fill_color, alpha, lw, stroke_color, dash);
	free(p);
}

bool chart_mirrored(const chart *ch)
{
	const char *l = ch->language;
	bool rtl = l && (lang_is(l, "ar") || lang_is(l, "fa") || lang_is(l, "he") || lang_is(l, "ur"));
	return rtl && ch->type != CHART_PIE && ch->type != CHART_DONUT && ch->type != CHART_TIMELINE;
}

void chart_draw(const chart *ch, const chart_out *out, double width, double height)
{
	mirror m = {out, width};
	chart_out mo = {&m, m_measure, m_text, m_path};
	if (chart_mirrored(ch))
		out = &mo;
	cx c;
	if (!geom_open(&c, ch, out))
		return;
	frame f;
	frame_measure(&c, &f, width);
	double ph = height - f.head_h - f.foot_h;
	if (ph < 40)
		ph = 40;
	c.width = width;
	c.height = height;
	/* two passes: the first only records where the texts go, so that the
	 * second draws the gridlines with a gap behind each label */
	tboxes texts = {0};
	c.texts = &texts;
	c.dry = true;
	draw_plot(&c, f.head_h, width, ph);
	c.dry = false;
	frame_draw(&c, &f, f.head_h + ph + f.foot_h);
	draw_plot(&c, f.head_h, width, ph);
	free(texts.b);
	frame_free(&f);
	geom_close(&c);
}
