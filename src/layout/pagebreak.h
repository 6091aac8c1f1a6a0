#ifndef DOSSIER_PAGEBREAK_H
#define DOSSIER_PAGEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* pagebreak.h — page breaking by cost (in the spirit of Knuth and Plass's
 * line breaking), pure: it takes the flow's boxes in page order with their
 * heights, gaps, keeps and forced breaks, and chooses where pages start.
 * No fonts, no document: paginate.c builds the list from its vboxes, and
 * tests/unit/test_pagebreak.c feeds it synthetic ones.
 *
 * Every place between two boxes is a possible page break. For each we keep
 * the cheapest way to reach it: the sum of the costs of the pages before
 * it. A page's cost is
 *   - its emptiness: PB_FILL × s², s the share of the frame left empty,
 *     when it ends at a break of our choosing (a page before a forced
 *     break, the end of a section or of the dossier, costs nothing);
 *   - PB_NEAR_EMPTY more when such a page is less than PB_MIN_FILL full;
 *   - PB_KEEP when it ends after a box that keeps with the next one (a
 *     heading, a paragraph's first line or its last but one, a table's
 *     header and first rows …): a keep breaks only when nothing else fits;
 *   - PB_SPLIT_SHORT when it ends inside a paragraph of PB_SHORT lines or
 *     fewer.
 * The cheapest path to the end gives the breaks. So a page runs a line or
 * two short when that keeps a short paragraph whole, and a chain of kept
 * boxes too tall for the room left is balanced against the pages around
 * it instead of leaving a near-empty page.
 *
 * Floats (a figure, a chart: boxes with the same flt) are weighed with the
 * text. A float may stay where it is in the flow (here, or heading the next
 * page when the page ends before it), or go to the top of the next page
 * while the text after it moves up to fill the page it leaves (deferred).
 * A deferred float costs PB_FLOAT_NEXT (one page from the text before it)
 * besides the page it leaves; the text moved up is at most what fits on
 * that page, holds no float (floats keep their order), no forced break and
 * no heading (barrier: a float stays in its section),
 * and does not end inside a paragraph of PB_SHORT lines or fewer (a float
 * never splits one). A float that keeps with what follows it, or that what
 * precedes it keeps with (a heading, a lead-in), is not deferred. The
 * program's states are then a page starting with box j, or with the float
 * deferred from before box j and box j after it: twice the boxes.
 * The caller (paginate.c) reorders the flow as chosen; it moves floats
 * itself only when its pages part from the plan (notes carried over).
 *
 * A section start (forced) may instead run on, when its box says so
 * (may_join), the page before it is less than PB_MIN_FILL full and holds
 * no no_join box (the cover, the contents, a turned page): as the layout's
 * section-start: auto. A box taller than the frame gets a page of its own.
 * Work: the boxes times the boxes that fit on one page, and for each
 * float, the boxes of a page squared. */
#define PB_FILL 10000.0        /* × (empty share)² of a page ended by choice */
#define PB_NEAR_EMPTY 1.0e6    /* such a page under PB_MIN_FILL full */
#define PB_KEEP 1.0e8          /* a break after a box that keeps with the next */
#define PB_SPLIT_SHORT 1.0e5   /* a break inside a paragraph of PB_SHORT lines or fewer */
#define PB_FLOAT_NEXT 150.0    /* a float deferred to the top of the next page */
#define PB_MIN_FILL 0.4
#define PB_SHORT 4

typedef struct {
	double h;               /* height (with what must go on its page: its notes) */
	double gap;             /* space above it, dropped at the top of a page */
	double top;             /* more height when a page starts with it (a repeated header) */
	double H;               /* the frame's height on the page it goes on */
	bool keep;              /* keeps with the next box */
	bool forced;            /* a page starts with it */
	bool may_join;          /* forced, but may run on under a near-empty page */
	bool no_join;           /* the page holding it takes no running-on start */
	bool nobreak;           /* no page may start with it (already placed) */
	uint32_t para;          /* its paragraph (any id, 0: none) */
	uint32_t nlines;        /* the lines of that paragraph */
	uint32_t flt;           /* its float (any id, 0: none; consecutive boxes) */
	bool nomove;            /* not moved up past a float (a table's continued rows) */
	bool barrier;           /* no float moves past it (a heading: floats stay in their section) */
} pb_box;

/* The best page starts: start[i] is set when a page starts with box i
 * (start[0] always); defer[i] (n + 1 of them) when a page starts with the
 * float last before box i, moved there, and box i follows it on that page
 * (defer[n]: the float goes after the last box, on a page of its own;
 * defer[i] and start[i] both: the float has a page of its own before the
 * forced break at box i).
 * Returns the total cost. */
double pb_solve(const pb_box *b, size_t n, bool *start, bool *defer);

#endif
