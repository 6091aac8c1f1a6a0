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

void chart_draw(const chart *ch, const chart_out *out, double width, double height)
{
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
