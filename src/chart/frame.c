/* frame.c — the frame around the plot: title, subtitle, legend, and the
 * source and note lines under it. frame_measure and frame_draw share one
 * computation, so the height asked for is the height drawn. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

/* The source line: the document's label ("Source: {source}", in its
 * language) with the chart's source in it, or the source alone when it
 * already begins with the label's word (no "Source: Source: …"). */
static char *source_line(const chart *ch)
{
	const char *t = ch->source_label ? ch->source_label : "Source: {source}";
	const char *at = strstr(t, "{source}");
	if (!at)
		return dupn(t, strlen(t));
	size_t wl = (size_t)(at - t);
	while (wl && strchr(": \t", t[wl - 1]))
		wl--;
	while (wl >= 2 && (unsigned char)t[wl - 2] == 0xC2 && (unsigned char)t[wl - 1] == 0xA0)
		wl -= 2; /* a no-break space before the colon (fr) */
	if (wl && strncmp(ch->source, t, wl) == 0)
		return dupn(ch->source, strlen(ch->source));
	size_t n = strlen(t) + strlen(ch->source) + 1;
	char *src = xmalloc(n);
	snprintf(src, n, "%.*s%s%s", (int)(at - t), t, ch->source, at + 8);
	return src;
}

static bool has_legend(const chart *ch)
{
	if (ch->type == CHART_TIMELINE)
		return false;
	if (ch->type == CHART_PIE || ch->type == CHART_DONUT)
		return ch->legend && ch->ncat > 0;
	return ch->nseries > 1 || (ch->legend && ch->nseries > 0);
}

void frame_free(frame *f)
{
	lines_free(&f->title);
	lines_free(&f->subtitle);
	lines_free(&f->source);
	lines_free(&f->note);
	free(f->items);
}

void frame_measure(cx *c, frame *f, double width)
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
		f->items = xcalloc(n, sizeof *f->items);
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
	char *src = ch->source && *ch->source ? source_line(ch) : NULL;
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
		geom_move(c, x, y + SWATCH / 2);
		geom_line(c, x + 16, y + SWATCH / 2);
		geom_stroke(c, 1.5, color, dash);
		return;
	}
	bar_shape(c, x, y, SWATCH, SWATCH, ROUND_NONE, 0);
	geom_fill(c, color);
	hatch_rect(c, x, y, SWATCH, SWATCH, hatch_pattern(c, series), color);
}

/* Wrapped lines of a title, subtitle, source or note, one under the other
 * from *y down; *y ends below the last. */
static void text_lines(cx *c, const lines *l, double *y, int role, double size, uint32_t color)
{
	for (int i = 0; i < l->n; i++) {
		*y += size * LEAD;
		text_at(c, 0, *y - (LEAD - 1) * size - 0.5, role, size, color, CHART_ALIGN_LEFT, l->s[i]);
	}
}

void frame_draw(cx *c, const frame *f, double height)
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
		if (ch->type == CHART_LINE) {
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

