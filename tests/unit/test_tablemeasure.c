/* test_tablemeasure.c — the width pass over a table's rows (tablemeasure.c):
 * every row counts, the widest values are found wherever they are, the
 * cache gives what measuring each cell would, and a table of numbers is
 * measured a handful of times however long it is. Run from the
 * repository root (fonts/ is read). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "model.h"
#include "tablemeasure.h"
#include "fixture.h"

typedef struct {
	doc *d;
	diag dg;
	fontset *fs;
	tm_setup s;
	size_t calls;
} fx;

static const double SIZE = 9;

/* The measure the layout gives, simplified: words end at spaces. */
static void measure(void *ctx, const char *s, size_t n, int kind, double *whole, double *unit)
{
	fx *f = ctx;
	f->calls++;
	int font = f->s.font[kind];
	*whole = font_width(f->fs, font, s, n, SIZE);
	*unit = 0;
	for (size_t i = 0; i < n;) {
		size_t k = i;
		while (k < n && s[k] != ' ')
			k++;
		double w = font_width(f->fs, font, s + i, k - i, SIZE);
		if (w > *unit)
			*unit = w;
		i = k + 1;
	}
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->d->meta.language = "en";
	use_repo_fonts(f->d);
	diag_init(&f->dg, tmpfile());
	f->fs = fontset_load(f->d, &f->dg);
	assert_non_null(f->fs);
	f->s = (tm_setup){measure, f, f->fs,
			  {FONT_ID(FAM_BODY, FACE_REGULAR), FONT_ID(FAM_BODY, FACE_BOLD), FONT_ID(FAM_HEADING, FACE_BOLD)}};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fontset_free(f->fs);
	diag_free(&f->dg);
	fclose(f->dg.out);
	doc_free(f->d);
	free(f);
	return 0;
}

/* A table of nrows rows and the given columns, cells from cell(). */
static table *make_table(fx *f, size_t ncols, const int *types, size_t nrows,
			 const char *(*cell)(fx *, size_t, size_t))
{
	table *t = arena_alloc(f->d->a, sizeof *t);
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->nrows = nrows;
	t->header = true;
	t->cols = arena_array(f->d->a, ncols, sizeof(column));
	for (size_t i = 0; i < ncols; i++) {
		t->cols[i].label = arena_printf(f->d->a, "C%zu", i);
		t->cols[i].type = types[i];
	}
	t->cells = arena_array(f->d->a, nrows * ncols, sizeof(char *));
	t->rowkind = arena_alloc(f->d->a, nrows);
	memset(t->rowkind, ROW_BODY, nrows);
	for (size_t r = 0; r < nrows; r++)
		for (size_t i = 0; i < ncols; i++)
			t->cells[r * ncols + i] = cell(f, r, i);
	return t;
}

/* The widest of every cell, each measured on its own: what the pass
 * must find. */
static void brute_force(fx *f, const table *t, tm_column *want)
{
	memset(want, 0, t->ncols * sizeof *want);
	for (size_t i = 0; i < t->ncols && t->header; i++) {
		double wh, u;
		measure(f, t->cols[i].label, strlen(t->cols[i].label), TM_HEAD, &wh, &u);
		want[i].want = wh, want[i].need = u;
	}
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t i = 0; i < t->ncols; i++) {
			const char *s = t->cells[r * t->ncols + i];
			if (!*s || t->rowkind[r] == ROW_GROUP)
				continue;
			double wh, u;
			measure(f, s, strlen(s), t->rowkind[r] == ROW_BODY ? TM_BODY : TM_BOLD, &wh, &u);
			if (t->rowkind[r] == ROW_BODY && t->cols[i].type != COL_TEXT)
				u = wh;
			if (wh > want[i].want)
				want[i].want = wh;
			if (u > want[i].need)
				want[i].need = u;
		}
}

static void assert_same(fx *f, const table *t, const tm_column *got)
{
	tm_column *want = calloc(t->ncols, sizeof *want);
	brute_force(f, t, want);
	for (size_t i = 0; i < t->ncols; i++) {
		assert_true(got[i].want == want[i].want);
		assert_true(got[i].need == want[i].need);
	}
	free(want);
}

/* numbers that grow row after row: the widest are the last */
static const char *growing(fx *f, size_t r, size_t i)
{
	char n[32];
	format_integer_d(n, sizeof n, (double)(r + 1), "en");
	if (i == 0)
		return arena_strdup(f->d->a, n);
	if (i == 1)
		return arena_printf(f->d->a, "%s.%02zu", n, r % 100);
	return r % 3 ? "Hà Nội" : "Thành phố Hồ Chí Minh";
}

static void test_widest_values_in_the_last_rows(void **state)
{
	fx *f = *state;
	static const int types[] = {COL_INTEGER, COL_DECIMAL, COL_TEXT};
	size_t sizes[] = {10, 10000, 100000};
	for (size_t k = 0; k < 3; k++) {
		table *t = make_table(f, 3, types, sizes[k], growing);
		t->header = false; /* the values alone */
		tm_column cols[3];
		tm_result r;
		f->calls = 0;
		table_measure(t, &f->s, cols, &r);
		assert_int_equal(r.cells, 3 * sizes[k]);
		assert_int_equal(r.measured, f->calls);
		/* the last row holds the widest number of both number columns */
		assert_int_equal(cols[0].need_row, sizes[k] - 1);
		assert_string_equal(cols[0].need_text, t->cells[(sizes[k] - 1) * 3]);
		assert_true(cols[0].need == font_width(f->fs, f->s.font[TM_BODY], cols[0].need_text,
						       strlen(cols[0].need_text), SIZE));
		assert_true(cols[1].need > 0 && cols[1].need == cols[1].want);
		/* a text column needs its longest word and wants its longest cell */
		assert_true(cols[2].need < cols[2].want);
		assert_same(f, t, cols);
		/* figures are measured once per pattern, not once per row */
		assert_true(r.measured < 40);
	}
}

static void test_figures_are_tabular(void **state)
{
	fx *f = *state;
	assert_true(tm_tabular_figures(f->fs, FONT_ID(FAM_BODY, FACE_REGULAR)));
	assert_true(tm_tabular_figures(f->fs, FONT_ID(FAM_BODY, FACE_BOLD)));
	assert_false(tm_tabular_figures(f->fs, 99));
	assert_false(tm_tabular_figures(NULL, 0));
	/* the check is what it says: every figure as wide as 0 */
	for (uint32_t d = '1'; d <= '9'; d++)
		assert_true(font_advance(f->fs, 0, d) == font_advance(f->fs, 0, '0'));
}

/* numbers of every pattern, signs and no-break spaces included */
static const char *mixed(fx *f, size_t r, size_t i)
{
	unsigned v = (unsigned)(r * 2654435761u);
	switch ((r + i) % 5) {
	case 0:
		return arena_printf(f->d->a, "%u", v % 100000);
	case 1:
		return arena_printf(f->d->a, "-%u.%u%%", v % 1000, v % 10);
	case 2:
		return arena_printf(f->d->a, "%u\xc2\xa0%03u,%u", v % 1000, v % 997, v % 7);
	case 3:
		return arena_printf(f->d->a, "(%u)", v % 90000);
	default:
		return r % 7 ? "" : "n/a";
	}
}

/* the cache of patterns gives exactly what measuring every cell gives */
static void test_cache_matches_measuring_each_cell(void **state)
{
	fx *f = *state;
	static const int types[] = {COL_TEXT, COL_DECIMAL, COL_TEXT, COL_PERCENT};
	table *t = make_table(f, 4, types, 5000, mixed);
	tm_column cols[4];
	tm_result r;
	table_measure(t, &f->s, cols, &r);
	assert_same(f, t, cols);
	assert_true(r.measured < 200);
}

/* more distinct texts than the cache holds: still every one measured right */
static const char *distinct(fx *f, size_t r, size_t i)
{
	(void)i;
	return arena_printf(f->d->a, "w%zu x%s", r, r == 40000 ? "WWWWWW" : "");
}

static void test_cache_full(void **state)
{
	fx *f = *state;
	static const int types[] = {COL_TEXT};
	size_t n = TM_CACHE_MAX + 5000;
	table *t = make_table(f, 1, types, n, distinct);
	tm_column cols[1];
	tm_result r;
	table_measure(t, &f->s, cols, &r);
	assert_int_equal(r.measured, n + 1); /* and the header */
	assert_int_equal(cols[0].need_row, 40000);
	assert_same(f, t, cols);
}

/* totals and subtotals are bold, group headings span the table, header
 * labels count, a date is one piece */
static const char *kinds_cell(fx *f, size_t r, size_t i)
{
	(void)f;
	static const char *const rows[][2] = {
		{"Asia", ""}, {"Japan", "11 March 2021"}, {"Subtotal", ""},
		{"Intergovernmental organisations", ""}, {"Norway", "1 May 2020"}, {"Total", ""},
	};
	return rows[r][i];
}

static void test_row_kinds(void **state)
{
	fx *f = *state;
	static const int types[] = {COL_TEXT, COL_DATE};
	table *t = make_table(f, 2, types, 6, kinds_cell);
	t->rowkind[0] = t->rowkind[3] = ROW_GROUP;
	t->rowkind[2] = ROW_SUBTOTAL;
	t->rowkind[5] = ROW_TOTAL;
	t->cols[1].label = "Date of the first meeting";
	tm_column cols[2];
	tm_result r;
	table_measure(t, &f->s, cols, &r);
	int reg = f->s.font[TM_BODY], bold = f->s.font[TM_BOLD], head = f->s.font[TM_HEAD];
	/* "Subtotal" in bold is the widest of the first column, not the
	 * group heading, which spans the table */
	assert_true(cols[0].need == font_width(f->fs, bold, "Subtotal", 8, SIZE));
	assert_true(r.span_need == font_width(f->fs, bold, "Intergovernmental", 17, SIZE));
	assert_string_equal(r.span_text, "Intergovernmental organisations");
	/* the date is one piece; the header label wraps at its spaces */
	assert_true(cols[1].need == font_width(f->fs, reg, "11 March 2021", 13, SIZE));
	assert_true(cols[1].want == font_width(f->fs, head, "Date of the first meeting", 25, SIZE));
	assert_same(f, t, cols);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_widest_values_in_the_last_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_figures_are_tabular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_matches_measuring_each_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_kinds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
