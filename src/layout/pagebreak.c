/* pagebreak.c — page breaking by cost over the flow's boxes (pagebreak.h). */
#include "pagebreak.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

/* The cost of a page holding boxes i .. j-1, h high, that ends where we
 * choose (before box j). */
static double page_cost(const pb_box *b, size_t i, size_t j, double h)
{
	double H = b[i].H > 0 ? b[i].H : 1;
	double s = (H - h) / H;
	if (s < 0)
		s = 0;
	double c = PB_FILL * s * s;
	if (h < PB_MIN_FILL * H)
		c += PB_NEAR_EMPTY;
	if (b[j - 1].keep)
		c += PB_KEEP;
	if (b[j].para && b[j].para == b[j - 1].para && b[j].nlines <= PB_SHORT)
		c += PB_SPLIT_SHORT;
	return c;
}

double pb_solve(const pb_box *b, size_t n, bool *start)
{
	if (n == 0)
		return 0;
	/* cost[j]: the cheapest pages before a page that starts with box j
	 * (j = n: the end); from[j]: where the page before it starts */
	double *cost = xmalloc((n + 1) * sizeof *cost);
	size_t *from = xmalloc((n + 1) * sizeof *from);
	for (size_t j = 0; j <= n; j++) {
		cost[j] = INFINITY;
		from[j] = 0;
		if (j < n)
			start[j] = false;
	}
	cost[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (cost[i] == INFINITY)
			continue;
		double H = b[i].H;
		double h = b[i].top + b[i].h;
		bool nojoin = b[i].no_join;
		for (size_t j = i + 1;; j++) {
			if (j == n) { /* the end: the last page costs nothing */
				if (cost[i] < cost[n]) {
					cost[n] = cost[i];
					from[n] = i;
				}
				break;
			}
			const pb_box *e = &b[j];
			bool forced = e->forced && !(e->may_join && !nojoin && h < PB_MIN_FILL * H);
			if (!e->nobreak) {
				double c = cost[i] + (forced ? 0 : page_cost(b, i, j, h));
				if (c < cost[j]) {
					cost[j] = c;
					from[j] = i;
				}
			}
			if (forced)
				break;
			h += e->gap + e->h;
			nojoin |= e->no_join;
			if (h > H + 0.01)
				break;
		}
	}
	double total = cost[n];
	for (size_t j = n; j > 0;) {
		j = from[j];
		start[j] = true;
	}
	start[0] = true;
	free(cost);
	free(from);
	return total;
}
