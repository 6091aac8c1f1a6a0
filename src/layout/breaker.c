/* breaker.c — total-fit line breaking over breakpoints (breaker.h). */
#include "breaker.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

void brk_init(brk_list *l)
{
	*l = (brk_list){0};
	l->cap = 16;
	l->b = xcalloc(l->cap, sizeof *l->b);
	l->b[l->n++] = (brk_point){.prev = -1, .active = true};
}

void brk_free(brk_list *l)
{
	free(l->b);
	*l = (brk_list){0};
}

static brk_point *brk_add(brk_list *l)
{
	if (l->n == l->cap) {
		l->cap *= 2;
		l->b = xrealloc(l->b, l->cap * sizeof *l->b);
	}
	return &l->b[l->n++];
}

void brk_hyphen(brk_list *l, size_t word, size_t cut, double prefix, double hyw, double pen)
{
	*brk_add(l) = (brk_point){.word = word, .cut = cut, .w = l->W + prefix, .y = l->Y, .z = l->Z,
				  .wa = l->W + prefix, .ya = l->Y, .za = l->Z, .hyw = hyw, .pen = pen,
				  .flagged = true, .hyphen = true};
}

void brk_box(brk_list *l, double w)
{
	l->W += w;
}

void brk_glue(brk_list *l, size_t word, double w, double stretch, double shrink, bool forced, bool flagged,
	      double pen)
{
	*brk_add(l) = (brk_point){.word = word, .w = l->W, .y = l->Y, .z = l->Z, .wa = l->W + w,
				  .ya = l->Y + stretch, .za = l->Z + shrink, .forced = forced,
				  .flagged = flagged, .pen = pen};
	l->W += w;
	l->Y += stretch;
	l->Z += shrink;
}

void brk_trim(brk_list *l, double end, double start)
{
	brk_point *e = &l->b[l->n - 1];
	e->hyw -= end;
	e->wa += start;
}

static int fitness(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

bool brk_solve(brk_list *l, const brk_params *pr, size_t **out, size_t *nout)
{
	brk_point *b = l->b;
	size_t nb = l->n;
	*out = NULL;
	*nout = 0;
	b[0] = (brk_point){.prev = -1, .active = true};
	const double tolerance = pr->emergency ? INFINITY : KP_TOLERANCE;
	const double maxbad = pr->emergency ? 1e8 : 10000;
	/* the active breakpoints, in order: those a line may still start
	 * from (a line from the others is too long already), so the work is
	 * the breakpoints times the few that fit on one line */
	size_t *act = xmalloc(nb * sizeof *act), nact = 1;
	act[0] = 0;
	for (size_t i = 1; i < nb; i++) {
		brk_point *e = &b[i];
		e->total = INFINITY;
		e->prev = -1;
		size_t keep = 0;
		for (size_t ai = 0; ai < nact; ai++) {
			size_t a = act[ai];
			brk_point *s0 = &b[a];
			if (!s0->active || s0->total == INFINITY)
				continue;
			act[keep++] = a;
			double L = s0->line == 0 ? pr->first_width : pr->width;
			double nat = e->w - s0->wa + e->hyw;
			double r;
			if (nat > L) {
				double sh = e->z - s0->za;
				r = sh > 0 ? (L - nat) / sh : -INFINITY;
				if (r < -1) { /* too long: and longer from here on */
					s0->active = false;
					keep--;
					continue;
				}
			} else if (e->forced) {
				r = 0; /* a last line is set at its natural width */
			} else {
				double str = pr->ragged > 0 ? pr->ragged : e->y - s0->ya;
				r = str > 0 ? (L - nat) / str : L - nat > 0.01 ? INFINITY : 0;
			}
			if (r > tolerance)
				continue;
			double bad = 100 * fabs(r) * fabs(r) * fabs(r);
			if (r == INFINITY && ((e->flagged && !e->hyphen) || (s0->flagged && !s0->hyphen))) {
				/* a piece of a URL (glued to its neighbours), or a word
				 * ending in a hyphen, alone on a line that cannot
				 * stretch: the emptier the line, the worse, so that
				 * "Co-" alone is never cheaper than a loose line */
				double empty = (L - nat) / L;
				bad = NOSTRETCH_BAD * (1 + 100 * empty * empty * empty);
			}
			else if (bad > maxbad)
				bad = maxbad;
			double dem = (10 + bad) * (10 + bad) + e->pen * e->pen;
			if (e->flagged && s0->flagged)
				dem += DEM_FLAGGED;
			if (i + 1 == nb && s0->flagged)
				dem += DEM_FINAL_HYPHEN;
			int fit = fitness(r);
			if (a > 0 && abs(fit - s0->fit) > 1)
				dem += DEM_FITNESS;
			if (s0->total + dem < e->total) {
				e->total = s0->total + dem;
				e->prev = (int)a;
				e->line = s0->line + 1;
				e->fit = fit;
			}
		}
		nact = keep;
		e->active = e->prev >= 0;
		if (e->forced && e->prev >= 0) { /* nothing may span a forced break */
			for (size_t ai = 0; ai < nact; ai++)
				b[act[ai]].active = false;
			nact = 0;
		}
		if (e->forced && e->prev < 0) {
			free(act);
			return false;
		}
		if (e->active)
			act[nact++] = i;
	}
	free(act);
	if (nb < 2 || b[nb - 1].prev < 0)
		return false;
	/* the chosen breaks, first to last */
	size_t nbr = 0;
	for (int i = (int)nb - 1; i > 0; i = b[i].prev)
		nbr++;
	size_t *ord = xmalloc(nbr * sizeof *ord);
	size_t q = nbr;
	for (int i = (int)nb - 1; i > 0; i = b[i].prev)
		ord[--q] = (size_t)i;
	*out = ord;
	*nout = nbr;
	return true;
}
