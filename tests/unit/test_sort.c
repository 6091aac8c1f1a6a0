/* test_sort.c — a table's sort: (rawtable_sorted, build.c): names in the
 * language's collation (Vietnamese order: D before Đ, O before Ô, U before
 * Ư, tones after letters), numbers by value, descending, equal rows kept in
 * order, an unknown column reported with a suggestion. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "intl.h"
#include "load.h"
#include "fixture.h"

typedef msgfx fx;

/* A two-column table (name, n) of rows given as pairs. */
static rawtable *raw(doc *d, const char *const *cells, size_t nrows)
{
	rawtable *rt = arena_alloc(d->a, sizeof *rt);
	memset(rt, 0, sizeof *rt);
	static const char *keys[] = {"name", "n"};
	rt->keys = keys;
	rt->ncols = 2;
	rt->nrows = nrows;
	rt->cells = arena_array(d->a, nrows * 2, sizeof(char *));
	memcpy(rt->cells, cells, nrows * 2 * sizeof(char *));
	rt->pos = (srcpos){"t.csv", 1, 1};
	return rt;
}

static const srcpos P = {"l.yaml", 3, 5};

/* The Vietnamese names as ICU's vi collation orders them (the Vietnamese
 * alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y). */
static const char *const vi_order[] = {"An Văn Bình", "Âu Thị Lan", "Bùi Thị Mai", "Dương Văn Nam",
				       "Đặng Minh Khoa", "Đỗ Thị Hà", "Lê Văn Tám", "Nguyễn Văn An",
				       "Ông Văn Trung", "Phạm Thu Hằng", "Trần Quốc Tuấn", "Uông Thị Hoa",
				       "Ứng Văn Hải", "Vũ Đức Long"};
#define NVI (sizeof vi_order / sizeof vi_order[0])

static void test_vietnamese(void **state)
{
	fx *f = *state;
	doc *d = doc_new();
	/* shuffled, deterministically */
	const char *cells[NVI * 2];
	for (size_t i = 0; i < NVI; i++) {
		cells[2 * i] = vi_order[(i * 5 + 3) % NVI];
		cells[2 * i + 1] = "1";
	}
	rawtable *rt = raw(d, cells, NVI);
	rawtable *s = rawtable_sorted(d, &f->dg, rt, "name", false, "vi", P);
	assert_non_null(s);
	for (size_t i = 0; i < NVI; i++)
		assert_string_equal(s->cells[2 * i], vi_order[i]);
	/* the input is untouched (a table file may be shown twice) */
	assert_string_equal(rt->cells[0], vi_order[3]);
	/* descending: the reverse */
	s = rawtable_sorted(d, &f->dg, rt, "name", true, "vi", P);
	for (size_t i = 0; i < NVI; i++)
		assert_string_equal(s->cells[2 * i], vi_order[NVI - 1 - i]);
	/* the languages differ: in Vietnamese D < Đ, so Dương before Đặng;
	 * byte order puts every accented capital after Z */
	assert_true(intl_collate("Dương", "Đặng", "vi") < 0);
	assert_true(strcmp("Ông", "Vũ") > 0);
	assert_int_equal(f->dg.errors, 0);
	doc_free(d);
}

static void test_numbers_and_ties(void **state)
{
	fx *f = *state;
	doc *d = doc_new();
	const char *cells[] = {"a", "152", "b", "37", "c", "1200", "d", "37", "e", "-4.5"};
	rawtable *rt = raw(d, cells, 5);
	rawtable *s = rawtable_sorted(d, &f->dg, rt, "n", false, "en", P);
	const char *want[] = {"e", "b", "d", "a", "c"}; /* by value, not as text ("1200" < "152"); b before d */
	for (int i = 0; i < 5; i++)
		assert_string_equal(s->cells[2 * i], want[i]);
	s = rawtable_sorted(d, &f->dg, rt, "n", true, "en", P);
	const char *down[] = {"c", "a", "b", "d", "e"}; /* ties keep their order going down too */
	for (int i = 0; i < 5; i++)
		assert_string_equal(s->cells[2 * i], down[i]);
	/* a column with one non-number sorts as text */
	const char *mixed[] = {"a", "9", "b", "10", "c", "n/a"};
	s = rawtable_sorted(d, &f->dg, raw(d, mixed, 3), "n", false, "en", P);
	assert_string_equal(s->cells[0], "b");
	assert_string_equal(s->cells[2], "a");
	assert_int_equal(f->dg.errors, 0);
	assert_null(rawtable_sorted(d, &f->dg, rt, "nme", false, "en", P));
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(msgfx_log(f), "l.yaml:3:5: error: sort: no column 'nme' in 't.csv'; did you mean 'name'?"));
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_vietnamese, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_numbers_and_ties, msgfx_setup, msgfx_teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	intl_free();
	return r;
}
