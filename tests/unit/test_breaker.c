/* test_breaker.c — the total-fit line breaker (src/layout/breaker.c) on
 * synthetic paragraphs: boxes, glue and penalties with widths in points,
 * no fonts and no document. Each expectation was derived by hand from the
 * rules in breaker.h (ratio r = spare width over the line's stretch, or
 * over its shrink when negative; lines with r < -1 or, in the first pass,
 * r > 2.5 are not accepted; demerits (10 + 100|r|^3)^2 + pen^2, plus 5000
 * when the last line follows a hyphen and 3000 between lines whose
 * tightness classes differ by more than one). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "breaker.h"

/* A paragraph of words (widths) with glue of width 10 that stretches by
 * 10 and shrinks by 5 between them; forced[k]: a line must end after word
 * k. Returns the words the chosen lines end after, in ends[]; -1 when no
 * set of lines fits. */
static int set(const double *words, size_t n, const bool *forced, double width, bool emergency,
	       size_t *ends)
{
	brk_list l;
	brk_init(&l);
	for (size_t k = 0; k < n; k++) {
		brk_box(&l, words[k]);
		brk_glue(&l, k, 10, 10, 5, k + 1 == n || (forced && forced[k]), false, 0);
	}
	brk_params pr = {width, width, 0, emergency};
	size_t *ord, nb;
	int r = -1;
	if (brk_solve(&l, &pr, &ord, &nb)) {
		for (size_t i = 0; i < nb; i++) {
			assert_int_equal(l.b[ord[i]].cut, 0);
			ends[i] = l.b[ord[i]].word;
		}
		r = (int)nb;
		free(ord);
	} else {
		assert_null(ord);
	}
	brk_free(&l);
	return r;
}

/* Measure 100. Filling the first line (four words of 20: natural 110,
 * r = -10/15 = -0.67) leaves 60 and 40 for the next lines: together 110,
 * r = -2 (overfull), and 60 alone has no glue to stretch (r = +inf). Three
 * words on the first line (80, r = 20/20 = 1.0) let the second take 20 and
 * 60 (90, r = 1.0) and the last 40: the only set that fits. */
static void test_looser_first_line(void **state)
{
	(void)state;
	const double w[] = {20, 20, 20, 20, 60, 40};
	size_t ends[8];
	assert_int_equal(set(w, 6, NULL, 100, false, ends), 3);
	assert_int_equal(ends[0], 2);
	assert_int_equal(ends[1], 4);
	assert_int_equal(ends[2], 5);
}

/* A hard break after the second word: its line is set at its natural
 * width however short (r = 0). Without it, the first line takes three
 * words (110, r = -1), since two (50, r = 4) are too loose. */
static void test_forced_break(void **state)
{
	(void)state;
	const double w[] = {30, 30, 30, 30};
	const bool forced[] = {false, true, false, false};
	size_t ends[8];
	assert_int_equal(set(w, 4, forced, 100, false, ends), 2);
	assert_int_equal(ends[0], 1);
	assert_int_equal(ends[1], 3);
	assert_int_equal(set(w, 4, NULL, 100, false, ends), 2);
	assert_int_equal(ends[0], 2);
	assert_int_equal(ends[1], 3);
}

/* A box wider than the measure fits on no line, in neither pass: the
 * breaker says so (the caller then cuts the word or fills greedily). */
static void test_overlong_box(void **state)
{
	(void)state;
	const double w[] = {30, 150, 30};
	size_t ends[8];
	assert_int_equal(set(w, 3, NULL, 100, false, ends), -1);
	assert_int_equal(set(w, 3, NULL, 100, true, ends), -1);
	const double one[] = {150};
	assert_int_equal(set(one, 1, NULL, 100, true, ends), -1);
}

/* 35 35 50 20 at measure 100, the 50 hyphenable after a prefix of 5 (a
 * hyphen of 5). Breaking after the second word: 80 with one glue, r = 2,
 * demerits 810^2 = 656100, plus 3000 for the tight last line after it.
 * Breaking at the hyphen: 35 10 35 10 5 and the hyphen = 100, r = 0,
 * demerits 100 + pen^2, and the last line after a hyphen 100 + 5000. With
 * a penalty of 50 the hyphen wins (7700); with 1000 (1,005,200) it loses. */
static void hyphen_case(double pen, size_t *word, size_t *cut)
{
	brk_list l;
	brk_init(&l);
	const double w[] = {35, 35, 50, 20};
	for (size_t k = 0; k < 4; k++) {
		if (k == 2)
			brk_hyphen(&l, k, 1, 5, 5, pen);
		brk_box(&l, w[k]);
		brk_glue(&l, k, 10, 10, 5, k == 3, false, 0);
	}
	brk_params pr = {100, 100, 0, false};
	size_t *ord, nb;
	assert_true(brk_solve(&l, &pr, &ord, &nb));
	assert_int_equal(nb, 2);
	*word = l.b[ord[0]].word;
	*cut = l.b[ord[0]].cut;
	assert_true(l.b[ord[1]].forced);
	free(ord);
	brk_free(&l);
}

static void test_hyphen_penalty(void **state)
{
	(void)state;
	size_t word, cut;
	hyphen_case(50, &word, &cut);
	assert_int_equal(word, 2);
	assert_int_equal(cut, 1);
	hyphen_case(1000, &word, &cut);
	assert_int_equal(word, 1);
	assert_int_equal(cut, 0);
}

/* Ragged: spaces keep their width, every line may stretch by the ragged
 * stretch (30). 40 40 40 40 at 100: two words a line (90, r = 10/30)
 * rather than a line of one (40, r = 2 is accepted but costs 810^2). */
static void test_ragged(void **state)
{
	(void)state;
	brk_list l;
	brk_init(&l);
	for (size_t k = 0; k < 4; k++) {
		brk_box(&l, 40);
		brk_glue(&l, k, 10, 0, 0, k == 3, false, 0);
	}
	brk_params pr = {100, 100, 30, false};
	size_t *ord, nb;
	assert_true(brk_solve(&l, &pr, &ord, &nb));
	assert_int_equal(nb, 2);
	assert_int_equal(l.b[ord[0]].word, 1);
	assert_int_equal(l.b[ord[1]].word, 3);
	free(ord);
	brk_free(&l);
}

/* The emergency pass (no first line within tolerance): a short word
 * ending in a hyphen ("Co-" of "Co-chaired", 15.8 wide) alone on a line
 * that cannot stretch is far worse than a loose line. 12 words of 30
 * follow, spaces 3 (stretch 1, shrink 0.5), at 368: ten words after "Co-"
 * are loose (2.8), eleven too tight, so only the emergency pass sets it. */
static void test_short_hyphenated_line(void **state)
{
	(void)state;
	brk_list l;
	brk_init(&l);
	brk_box(&l, 15.8);
	brk_glue(&l, 0, 0, 0, 0, false, true, 50); /* the hyphen of "Co-" */
	for (size_t k = 1; k <= 12; k++) {
		brk_box(&l, 30);
		brk_glue(&l, k, 3, 1, 0.5, k == 12, false, 0);
	}
	brk_params pr = {368, 368, 0, false};
	size_t *ord, nb;
	assert_false(brk_solve(&l, &pr, &ord, &nb)); /* nothing within tolerance */
	pr.emergency = true;
	assert_true(brk_solve(&l, &pr, &ord, &nb));
	assert_true(l.b[ord[0]].word > 0); /* "Co-" is not a line of its own */
	free(ord);
	brk_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_looser_first_line),
		cmocka_unit_test(test_forced_break),
		cmocka_unit_test(test_overlong_box),
		cmocka_unit_test(test_hyphen_penalty),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_short_hyphenated_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
