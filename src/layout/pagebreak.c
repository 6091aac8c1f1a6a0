/* pagebreak.c — page breaking by cost over the flow's boxes (pagebreak.h). */
#include "pagebreak.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

/* The cost of a page ended by choice, h high in a frame H high, whose last
 * box is last and whose next page starts with next (NULL: none). */
static double page_cost(double H, double h, const pb_box *last, const pb_box *next)
{
	if (H <= 0)
		H = 1;
	double s = (H - h) / H;
	if (s < 0)
		s = 0;
	double c = PB_FILL * s * s;
	if (h < PB_MIN_FILL * H)
		c += PB_NEAR_EMPTY;
	if (last->keep)
		c += PB_KEEP;
	if (next && next->para && next->para == last->para && next->nlines <= PB_SHORT)
		c += PB_SPLIT_SHORT;
	return c;
}

/* The states of the program: a page that starts with box j (plain), or one
 * that starts with the float deferred from before j, then box j (deferred;
 * the float is the last one before j: the text moved up past it holds no
 * float). State 2j + d; 2n (+ 1) is the end. */
#define PLAIN(j) (2 * (j))
#define DEFER(j) (2 * (j) + 1)

typedef struct {
	const pb_box *b;
	size_t n;
	const size_t *gend;    /* for a float's first box: past its last */
	const double *gh;      /* for a float's first box: its height (no gap above) */
	double *cost;
	size_t *from;
} solver;

static void relax(solver *S, size_t to, double c, size_t fromstate)
{
	if (c < S->cost[to]) {
		S->cost[to] = c;
		S->from[to] = fromstate;
	}
}

/* May the float starting at box j, reached on a page h high, move to the
 * top of the next page with the text after it moved up? Then try each run
 * of that text that fits: the page ends after it, and the next starts with
 * the float (state DEFER(t)). */
static void try_defer(solver *S, size_t state, size_t j, double h, double H)
{
	const pb_box *b = S->b;
	size_t ge = S->gend[j];
	if (ge >= S->n || b[ge - 1].keep || b[j - 1].keep || S->gh[j] > H + 0.01)
		return; /* it keeps with what follows, or what precedes keeps with it */
	double c0 = S->cost[state] + PB_FLOAT_NEXT;
	for (size_t m = ge; m < S->n; m++) {
		const pb_box *e = &b[m];
		if (e->forced || e->nobreak || e->flt || e->nomove || e->barrier || e->H != H)
			break;
		h += e->gap + e->h;
		if (h > H + 0.01)
			break;
		size_t t = m + 1;
		const pb_box *next = t < S->n ? &b[t] : NULL;
		if (next && next->nobreak)
			continue;
		/* the float and the box after it share the next page */
		if (next && !next->forced && S->gh[j] + next->gap + next->top + next->h > H + 0.01)
			continue;
		/* a float never splits a paragraph of PB_SHORT lines or fewer */
		if (next && next->para && next->para == e->para && next->nlines <= PB_SHORT)
			continue;
		relax(S, DEFER(t), c0 + page_cost(H, h, e, next), state);
	}
}

/* The pages from a state: the page holds h so far (its boxes before box
 * first), and each place it may end is a way to the next state. */
static void scan(solver *S, size_t state, size_t first, double h, double H, bool nojoin)
{
	const pb_box *b = S->b;
	for (size_t j = first;; j++) {
		if (j == S->n) { /* the end: the last page costs nothing */
			relax(S, PLAIN(S->n), S->cost[state], state);
			return;
		}
		const pb_box *e = &b[j];
		bool forced = e->forced && !(e->may_join && !nojoin && h < PB_MIN_FILL * H);
		if (!e->nobreak)
			relax(S, PLAIN(j), S->cost[state] + (forced ? 0 : page_cost(H, h, &b[j - 1], e)), state);
		if (forced)
			return;
		if (e->flt && e->flt != b[j - 1].flt && !e->nobreak)
			try_defer(S, state, j, h, H);
		h += e->gap + e->h;
		nojoin |= e->no_join;
		if (h > H + 0.01)
			return;
	}
}

double pb_solve(const pb_box *b, size_t n, bool *start, bool *defer)
{
	if (n == 0)
		return 0;
	size_t ns = 2 * (n + 1);
	solver S = {.b = b, .n = n};
	S.cost = xmalloc(ns * sizeof *S.cost);
	S.from = xmalloc(ns * sizeof *S.from);
	size_t *gend = xmalloc(n * sizeof *gend);
	double *gh = xmalloc(n * sizeof *gh);
	S.gend = gend;
	S.gh = gh;
	for (size_t s = 0; s < ns; s++) {
		S.cost[s] = INFINITY;
		S.from[s] = 0;
	}
	defer[n] = false;
	for (size_t j = 0; j < n; j++) {
		start[j] = defer[j] = false;
		gend[j] = j + 1;
		gh[j] = 0;
	}
	/* the floats: where each ends, how high it is */
	for (size_t j = 0; j < n; j++) {
		if (!b[j].flt || (j > 0 && b[j - 1].flt == b[j].flt))
			continue;
		size_t e = j;
		double h = b[j].h;
		while (e + 1 < n && b[e + 1].flt == b[j].flt) {
			e++;
			h += b[e].gap + b[e].h;
		}
		gend[j] = e + 1;
		gh[j] = h;
	}
	S.cost[PLAIN(0)] = 0;
	for (size_t i = 0; i < n; i++) {
		if (S.cost[PLAIN(i)] < INFINITY)
			scan(&S, PLAIN(i), i + 1, b[i].top + b[i].h, b[i].H, b[i].no_join);
		if (S.cost[DEFER(i)] < INFINITY && b[i].forced) {
			/* the float alone, then the page box i starts */
			relax(&S, PLAIN(i), S.cost[DEFER(i)], DEFER(i));
		} else if (S.cost[DEFER(i)] < INFINITY) {
			/* the float (the last before box i) heads the page; a
			 * paragraph continued under it keeps the float's space */
			size_t f = i - 1;
			while (!b[f].flt)
				f--;
			while (f > 0 && b[f - 1].flt == b[f].flt)
				f--;
			double gap = b[i].gap;
			if (b[i].para && i > 0 && b[i].para == b[i - 1].para && b[f].gap > gap)
				gap = b[f].gap;
			double h = gh[f] + gap + b[i].top + b[i].h;
			scan(&S, DEFER(i), i + 1, h, b[i].H, b[f].no_join || b[i].no_join);
		}
	}
	/* a float deferred past the last box: a page of its own at the end */
	relax(&S, PLAIN(n), S.cost[DEFER(n)], DEFER(n));
	double total = S.cost[PLAIN(n)];
	for (size_t s = PLAIN(n); s != PLAIN(0);) {
		size_t p = S.from[s];
		if (p == PLAIN(0))
			break;
		size_t j = p / 2;
		if (p % 2)
			defer[j] = true;
		else
			start[j] = true;
		s = p;
	}
	start[0] = true;
	free(S.cost);
	free(S.from);
	free(gend);
	free(gh);
	return total;
}
