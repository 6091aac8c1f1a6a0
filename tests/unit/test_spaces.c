/* test_spaces.c — the paragraph model keeps every space as it was written
 * (layout.c): a line may end only where UAX #14 allows, and a space after
 * which no line may end (before ")", ".", "!", "/" …, after "(") stays in
 * the text at its place instead of vanishing or moving. The text of the
 * laid-out lines, read back from the items (a gap between two items is a
 * space, a line end is a space), must equal the source.
 * Run from the repository root (fonts/ is read). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "layout.h"
#include "load.h"
#include "fixture.h"

typedef layfx fx;

static int setup(void **state)
{
	/* a narrow measure (about 150 pt): many lines, many breaks */
	*state = layfx_new(layfx_doc((page_setup){595.276, 841.89, 220, 220, 56.7, 56.7, false, SEC_START_AUTO,
						  false}));
	return 0;
}

static void run(fx *f)
{
	assert_int_equal(layfx_layout(f), 0);
	assert_non_null(f->L);
	assert_int_equal(f->dg.errors, 0);
}

static int by_pos(const void *a, const void *b)
{
	const item *x = *(const item *const *)a, *y = *(const item *const *)b;
	if (fabs(x->y - y->y) > 0.01)
		return x->y > y->y ? -1 : 1;
	return x->x < y->x ? -1 : x->x > y->x;
}

/* The body text of the layout (10.5 pt items), line by line from the top
 * of each page; lines joined by "\n". */
static char *read_back(const fx *f)
{
	buf out = {0};
	for (size_t p = 0; p < f->L->npages; p++) {
		const lpage *pg = &f->L->pages[p];
		const item **v = calloc(pg->n + 1, sizeof *v);
		size_t n = 0;
		for (size_t i = 0; i < pg->n; i++)
			if (pg->items[i].kind == IT_TEXT && fabs(pg->items[i].size - 10.5) < 0.01)
				v[n++] = &pg->items[i];
		qsort(v, n, sizeof *v, by_pos);
		for (size_t i = 0; i < n; i++) {
			if (i > 0) {
				if (fabs(v[i]->y - v[i - 1]->y) > 0.01)
					buf_putc(&out, '\n');
				else if (v[i]->x - (v[i - 1]->x + v[i - 1]->w) > 0.3)
					buf_putc(&out, ' ');
			} else if (out.len) {
				buf_putc(&out, '\n');
			}
			buf_puts(&out, v[i]->text);
		}
		free(v);
	}
	char *s = strdup(buf_cstr(&out));
	buf_free(&out);
	return s;
}

/* The marks after which, or before which, UAX #14 forbids a break next to
 * a space. */
static const char closing[] = ")]}.,;:!?/";
static const char opening[] = "([{";

/* Every ASCII punctuation mark after a space, before a space, at the start
 * and end of a word and doubled, in short words no dictionary hyphenates. */
static char *marks_text(void)
{
	static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
	buf b = {0};
	for (const char *m = punct; *m; m++) {
		char c = *m;
		buf_printf(&b, "%sab %c cd ef %cgh ij%c kl mn %c%c op qr%c%c st \"uv\" %cwx%c yz.", b.len ? " " : "", c,
			   c, c, c, c, c, c, c, c);
	}
	char *s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The read-back text equals the source, where each line end stands for a
 * space of the source or for a break inside a word ("/", "-"); no line
 * ends with a space or starts with one (a space is never moved to a line
 * end). */
static void assert_same_text(const char *src, const char *got)
{
	size_t i = 0, j = 0;
	for (; got[i] && src[j]; i++, j++) {
		if (got[i] == '\n') {
			assert_true(i > 0 && got[i - 1] != ' ' && got[i + 1] != ' ');
			if (src[j] != ' ')
				j--; /* a break inside a word */
			continue;
		}
		if (got[i] != src[j])
			fail_msg("at %zu: got '%.24s', want '%.24s'", j, got + i, src + j);
	}
	if (got[i] || src[j])
		fail_msg("got ends '%.24s', want '%.24s'", got + i, src + j);
}

/* No line may end after a space that stands before a closing mark or after
 * an opening one: the line would start with the mark (or end with it). */
static void assert_no_break_at_kept_space(const char *got)
{
	for (const char *l = got; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		/* "ab ) cd": ")" never starts a line when a space precedes it */
		if (len >= 2 && strchr(closing, l[0]) && l[1] == ' ')
			fail_msg("line starts with '%c ': %.*s", l[0], (int)len, l);
		/* "( cd": "(" never ends a line when a space follows it */
		if (len >= 1 && strchr(opening, l[len - 1]) && e)
			fail_msg("line ends with '%c': %.*s", l[len - 1], (int)len, l);
	}
}

static void check_marks(fx *f)
{
	char *src = marks_text();
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, src, 0);
	run(f);
	char *got = read_back(f);
	assert_true(strchr(got, '\n') != NULL);
	assert_same_text(src, got);
	assert_no_break_at_kept_space(got);
	free(got);
	free(src);
}

static void test_marks_justified(void **state)
{
	check_marks(*state);
}

static void test_marks_ragged(void **state)
{
	fx *f = *state;
	f->d->styles[ST_BODY].align = ALIGN_LEFT;
	check_marks(f);
}

static void test_marks_greedy(void **state)
{
	fx *f = *state;
	f->d->linebreak = DOC_BREAK_GREEDY;
	check_marks(f);
}

static void test_marks_french(void **state)
{
	fx *f = *state;
	f->d->meta.language = "fr";
	check_marks(f);
}

/* The examples that lost or moved a space, one per paragraph. */
static void test_examples(void **state)
{
	fx *f = *state;
	static const char *const ex[] = {
		"The \"Kyoto Declaration\" (2021) was adopted.",
		"Quoi ? Oui ! Il dit : non ; bien.",
		"Run .NET or see /usr/bin today.",
		"See ( this ) and [ that ] , then { more } .",
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
		build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, ex[i], 0);
	f->d->page.inside = f->d->page.outside = 62.36; /* each on one line */
	run(f);
	char *got = read_back(f);
	buf want = {0};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++)
		buf_printf(&want, "%s%s", i ? "\n" : "", ex[i]);
	assert_string_equal(got, buf_cstr(&want));
	buf_free(&want);
	free(got);
}

/* A kept space is text of the line: where it stands inside a word the
 * word is wider by one space, and the line is no wider than its measure. */
static void test_kept_space_measured(void **state)
{
	fx *f = *state;
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, "Oui ! Oui !", 0);
	run(f);
	const lpage *pg = &f->L->pages[0];
	const item *it = NULL;
	for (size_t i = 0; i < pg->n; i++)
		if (pg->items[i].kind == IT_TEXT && pg->items[i].text && !strcmp(pg->items[i].text, "Oui ! Oui !"))
			it = &pg->items[i];
	assert_non_null(it);
	int fid = it->font;
	double w = font_width(f->fs, fid, "Oui ! Oui !", strlen("Oui ! Oui !"), 10.5);
	assert_float_equal(it->w, w, 0.01);
	assert_int_equal(f->L->overfull_lines, 0);
}

/* A line feed, carriage return or tab written as a character reference is
 * white space, as in HTML: a space, never a line break (only a hard break,
 * two spaces or a backslash at the end of a line, ends a line). */
static void test_char_ref_newline_is_space(void **state)
{
	fx *f = *state;
	static const char md[] = "---\ntitle: T\n---\n\none&#10;two&#xA;three&#13;four&#9;five &#10; six\\\nseven\n";
	char path[] = "/tmp/dossier-spaces-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, md, sizeof md - 1), (ssize_t)(sizeof md - 1));
	close(fd);
	bool ok = load_article(f->d, &f->dg, path, (srcpos){"layout.yaml", 1, 1}, 0);
	unlink(path);
	assert_true(ok);
	f->d->page.inside = f->d->page.outside = 62.36;
	run(f);
	char *got = read_back(f);
	assert_string_equal(got, "one two three four five six\nseven");
	free(got);
}

/* Running lines are text as written too: "{{" and "}}" print a brace, and
 * "{{copy}}" is not the {copy} placeholder, so a numbered copy still gets
 * its copy line under the footer. */
static void test_running_line_braces(void **state)
{
	fx *f = *state;
	f->d->header = (running){"{{draft}} {title}", NULL, NULL};
	f->d->footer = (running){NULL, NULL, "{{copy}} {page}"};
	f->d->meta.copy = "Copy 1 of 2";
	build_para(f->d, (srcpos){"t", 1, 1}, ST_BODY, "Text.", 0);
	run(f);
	bool header = false, footer = false, copy = false;
	const lpage *pg = &f->L->pages[0];
	for (size_t i = 0; i < pg->n; i++) {
		const char *t = pg->items[i].kind == IT_TEXT ? pg->items[i].text : NULL;
		header |= t && !strcmp(t, "{draft} Test");
		footer |= t && !strcmp(t, "{copy} 1");
		copy |= t && !strcmp(t, "Copy 1 of 2");
	}
	assert_true(header);
	assert_true(footer);
	assert_true(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_marks_justified, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_marks_ragged, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_marks_greedy, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_marks_french, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_examples, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_kept_space_measured, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_char_ref_newline_is_space, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_running_line_braces, setup, layfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
