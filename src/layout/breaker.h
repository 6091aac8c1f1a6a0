#ifndef DOSSIER_BREAKER_H
#define DOSSIER_BREAKER_H

#include <stdbool.h>
#include <stddef.h>

/* breaker.h — total-fit line breaking (Knuth and Plass), pure: it takes
 * breakpoints with widths, stretch, shrink and penalties in points and
 * gives the chosen ones. No fonts, no document: paragraph.c measures the
 * words and builds the list (brk_box, brk_glue, brk_hyphen), and
 * tests/unit/test_breaker.c feeds it synthetic ones.
 *
 * Every place a line may end is a breakpoint: after a word (its space is
 * then dropped) or inside a word at a hyphenation point (a hyphen is then
 * added). For each breakpoint we keep the cheapest way to reach it: the sum
 * of the demerits of the lines before it. A line's demerits grow with the
 * cube of its adjustment ratio r, plus penalties for hyphens, two lines in
 * a row ending in a hyphen and a very loose line next to a tight one. The
 * best path to the end of the paragraph gives the breaks.
 *
 * Justified text: spaces stretch by half and shrink by a third of their
 * width, and r is the spare width over the stretch of the line's spaces
 * (over their shrink when negative). Ragged text is TeX's \raggedright:
 * spaces keep their width and every line ends with glue that stretches by
 * RAGGED_STRETCH em, so r is the spare width over 3 em. Total fit then
 * evens the right edge instead of filling each line to the brim, and a
 * hyphen costs more there (it must buy a much better line). A paragraph's
 * last line, and a line ending at a hard break, is set at its natural
 * width (r = 0): it only has to fit.
 *
 * The first pass accepts lines with r <= KP_TOLERANCE. When no set of
 * breaks does (a long unbreakable word after a short line, a narrow
 * measure), the emergency pass accepts any r >= -1. Its badness is no
 * longer capped at 10000, so the loosest lines are still avoided where
 * they can be. A justified line with spare room but no space to stretch
 * has r = +inf: when it is a piece of a URL or path (glued to the text
 * before or after it without a space; it is set flush left) its badness
 * is NOSTRETCH_BAD, that of r = 2.15, since nothing better can be done
 * with it; a single word that could have shared its line gets the highest
 * badness instead. (TeX's \emergencystretch, stretch added to every line,
 * was tried instead: it made most lines of such paragraphs loose.)
 * Neither pass makes a line wider than its measure: r < -1 is never
 * accepted, and split_long_words has already cut any word wider than the
 * measure. Breaks inside a URL are the UAX #14 opportunities (after '/',
 * before '?' …), penalised like explicit hyphens. */
#define RAGGED_STRETCH 3.0      /* em of line-end stretch in ragged text */
#define KP_TOLERANCE 2.5        /* largest ratio of the first pass */
#define NOSTRETCH_BAD 1000      /* emergency pass: a URL piece alone on a short line */
#define PEN_HYPHEN 50           /* a break at a hyphenation point, justified */
#define PEN_HYPHEN_RAGGED 100   /* the same, ragged */
#define PEN_EXPLICIT 50         /* a break after a hyphen or slash of the text */
#define DEM_FLAGGED 10000       /* two lines in a row ending inside a word (TeX's) */
#define DEM_FINAL_HYPHEN 5000   /* the last line but one ends inside a word (TeX's) */
#define DEM_FITNESS 3000        /* adjacent lines of very different tightness */

/* One breakpoint. word and cut are the caller's: which word the break is
 * after (cut 0) or inside (at byte cut). Sums run from the paragraph's
 * start. */
typedef struct {
	size_t word, cut;
	double w, y, z;         /* width, stretch, shrink before the break */
	double wa, ya, za;      /* the same where the next line starts */
	double hyw;             /* width added at this break (a hyphen) */
	double pen;             /* penalty */
	bool flagged;           /* a hyphen ends the line here */
	bool forced;            /* a line must end here (and the last one does) */
	bool hyphen;            /* inside a word (flagged by a hyphenation point) */
	/* best path (brk_solve) */
	double total;
	int prev, line, fit;
	bool active;
} brk_point;

/* The breakpoints of a paragraph, built in order: a word's hyphenation
 * points (brk_hyphen), its width (brk_box), then the space after it with
 * its break (brk_glue; the last word's is the paragraph's end, forced). */
typedef struct {
	brk_point *b;
	size_t n, cap;
	double W, Y, Z;         /* sums so far */
} brk_list;

typedef struct {
	double first_width, width; /* measure of the first line, of the others */
	double ragged;          /* ragged text: the line-end stretch (points); 0: justified */
	bool emergency;         /* the emergency pass (any ratio >= -1) */
} brk_params;

void brk_init(brk_list *l);
void brk_free(brk_list *l);
/* A hyphenation point prefix points into the next word (not yet added),
 * adding a hyphen of width hyw, with penalty pen. */
void brk_hyphen(brk_list *l, size_t word, size_t cut, double prefix, double hyw, double pen);
/* A word (box) of width w. */
void brk_box(brk_list *l, double w);
/* The break after word, then glue of width w that stretches and shrinks
 * by stretch and shrink (0 in ragged text). flagged/pen: an explicit
 * hyphen or slash ends the word (a hard break). */
void brk_glue(brk_list *l, size_t word, double w, double stretch, double shrink, bool forced, bool flagged,
	      double pen);
/* The break just added by brk_glue narrows a line that ends at it by end
 * and one that starts after it by start (the blank halves of full-width
 * punctuation at a line's edges). */
void brk_trim(brk_list *l, double end, double start);
/* The best breaks: fills *out (malloc'd, indices into l->b, first to last,
 * the last being the paragraph's end) and *n; false when no set of lines
 * fits (then *out is NULL). */
bool brk_solve(brk_list *l, const brk_params *pr, size_t **out, size_t *n);

#endif
