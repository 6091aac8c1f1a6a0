/* line.c — line charts: a line and markers per series in a vertical plot
 * (vertical.c), with value labels clear of the line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

void draw_lines_v(cx *c, const vplot *p)
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
				geom_line(c, x, y);
			else
				geom_move(c, x, y);
			pen = any = true;
		}
		if (any) {
			geom_round_joins(c);
			geom_stroke(c, 1.6, col, series_dash(c, s));
		}
		double r = p->band < 8 ? 1.4 : 2.4;
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (isfinite(v))
				marker(c, p->x + (i + 0.5) * p->band, vmap(&p->a, v), s, r);
		}
		marker_emit(c, col);
		for (size_t i = 0; i < ch->ncat; i++) /* a bound: a chevron by its point */
			if (isfinite(val(ch, s, i)) && bound_of(ch, s, i))
				open_end(c, p->x + (i + 0.5) * p->band - r, vmap(&p->a, val(ch, s, i)) - r, 2 * r, 0,
					 ROUND_TOP, bound_of(ch, s, i), col);
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
			fmt_val(c, b, sizeof b, s, i);
			if (bound_of(ch, s, i) && !below)
				y -= 6.5; /* over the chevron */
			value_label_fits(c, p->x + (i + 0.5) * p->band, below ? y + 5 + ASC * SZ_VALUE : y - 5,
					 p->band - 1, b, C_TEXT);
		}
}

