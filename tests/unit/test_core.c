/* test_core.c — YAML tree and typed access (load_yaml.c), diagnostics
 * (diag.c), number and date formatting (locale.c), UTF-8 helpers (util.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "load.h"
#include "vars.h"
#include "fixture.h"

typedef msgfx fx;

static ynode *parse(fx *f, const char *text)
{
	return yaml_parse(f->a, &f->dg, "t.yaml", text, strlen(text), 0);
}

static void test_tree_and_positions(void **state)
{
	fx *f = *state;
	ynode *r = parse(f, "a: 1\nb:\n  - x\n  - 'y z'\nc: {d: e}\n");
	assert_non_null(r);
	assert_int_equal(r->kind, Y_MAP);
	assert_int_equal(r->n, 3);
	const ynode *b = ymap_get(r, "b");
	assert_int_equal(b->kind, Y_SEQ);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->kids[1]->str, "y z");
	assert_false(b->kids[1]->plain);
	assert_int_equal(b->kids[1]->pos.line, 4);
	assert_int_equal(b->kids[1]->pos.col, 5);
	assert_string_equal(ymap_get(ymap_get(r, "c"), "d")->str, "e");
	assert_int_equal(f->dg.errors, 0);
}

static void test_syntax_error_position(void **state)
{
	fx *f = *state;
	assert_null(parse(f, "a: [1, 2\nb: 3\n"));
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:"));
	assert_non_null(strstr(f->log, "error: YAML syntax"));
}

static void test_invalid_utf8(void **state)
{
	fx *f = *state;
	assert_null(parse(f, "a: ok\nb: x\xff\n"));
	assert_non_null(strstr(msgfx_log(f), "t.yaml:2:5: error: invalid UTF-8 (byte 0xFF)"));
}

static void test_alias_cycle_is_an_error(void **state)
{
	fx *f = *state;
	assert_null(parse(f, "a: &x [*x]\n"));
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:1:4: error: YAML alias cycle: this node contains an alias to itself"));
}

static void test_alias_bomb_is_an_error(void **state)
{
	fx *f = *state;
	/* 10 levels of 10 aliases: 10^10 nodes if expanded */
	char text[2048] = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
	for (int i = 1; i < 10; i++) {
		char line[200];
		snprintf(line, sizeof line, "a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n", i, i,
			 i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
		strcat(text, line);
	}
	assert_null(parse(f, text));
	assert_non_null(strstr(msgfx_log(f), "alias"));
}

static void test_duplicate_key(void **state)
{
	fx *f = *state;
	parse(f, "title: a\ntitle: b\n");
	assert_non_null(strstr(msgfx_log(f), "t.yaml:2:1: error: duplicate key 'title'"));
	assert_non_null(strstr(f->log, "t.yaml:1:1: note: 'title' first given here"));
}

static void test_alias_shared_and_counted(void **state)
{
	fx *f = *state;
	/* map 1 + key a 1 + [1,2,3] 4 + key b 1 + seq 1 + two aliases of 4 = 16 */
	const char *text = "a: &x [1, 2, 3]\nb: [*x, *x]\n";
	long saved = dossier_limits.yaml_nodes;
	dossier_limits.yaml_nodes = 16;
	ynode *r = parse(f, text);
	dossier_limits.yaml_nodes = 15;
	ynode *r15 = parse(f, text);
	dossier_limits.yaml_nodes = saved; /* before any assertion can end the test */
	assert_non_null(r);
	assert_ptr_equal(ymap_get(r, "b")->kids[0], ymap_get(r, "a")); /* one node, not a copy */
	assert_null(r15);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:2:9: error: YAML expands to more than 15 nodes"));
}

static void test_alias_depth_counted_at_the_alias(void **state)
{
	fx *f = *state;
	long saved = dossier_limits.yaml_depth;
	dossier_limits.yaml_depth = 5;
	/* the alias at depth 3 stands for 4 more levels */
	ynode *r = parse(f, "a: &x [[[1]]]\nb: [[*x]]\n");
	dossier_limits.yaml_depth = saved;
	assert_null(r);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:2:6: error: YAML nested more than 5 levels deep"));
}

static void test_depth_checked_while_parsing(void **state)
{
	fx *f = *state;
	/* an unclosed flow sequence 200,000 deep: refused at the 66th bracket (depth 65), before
	 * the syntax error at the end of the text is ever reached */
	size_t n = 200000;
	char *text = malloc(n + 1);
	memset(text, '[', n);
	text[n] = 0;
	assert_null(parse(f, text));
	free(text);
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:1:66: error: YAML nested more than 64 levels deep"));
}

static void test_duplicate_keys_in_a_large_mapping(void **state)
{
	fx *f = *state;
	char text[1024] = "";
	for (int i = 0; i < 40; i++) {
		char line[32];
		snprintf(line, sizeof line, "k%d: %d\n", i % 30, i); /* k0..k9 twice */
		strcat(text, line);
	}
	strcat(text, "k5: again\n"); /* k5 a third time: said once, naming the first */
	assert_non_null(parse(f, text));
	assert_int_equal(f->dg.errors, 11);
	assert_non_null(strstr(msgfx_log(f), "t.yaml:31:1: error: duplicate key 'k0'"));
	assert_non_null(strstr(f->log, "t.yaml:41:1: error: duplicate key 'k5'\nt.yaml:6:1: note: 'k5' first given here"));
}

static void test_unknown_key_suggestion(void **state)
{
	fx *f = *state;
	static const char *const keys[] = {"size", "margins", "duplex", NULL};
	ynode *r = parse(f, "margin: 2mm\nfrobnicate: 1\n");
	ymap_check(&f->dg, r, "page", keys);
	msgfx_log(f);
	assert_non_null(strstr(f->log, "t.yaml:1:1: error: page: unknown key 'margin'; did you mean 'margins'?"));
	assert_non_null(strstr(f->log, "t.yaml:2:1: error: page: unknown key 'frobnicate' (expected one of: size, margins, duplex)"));
}

static void test_lengths(void **state)
{
	fx *f = *state;
	ynode *r = parse(f, "a: 25.4mm\nb: 1in\nc: 12\nd: 2cm\ne: 3 furlongs\nf: -2mm\n");
	double v;
	assert_true(ylength(&f->dg, ymap_get(r, "a"), "a", &v));
	assert_float_equal(v, 72, 1e-9);
	assert_true(ylength(&f->dg, ymap_get(r, "b"), "b", &v));
	assert_float_equal(v, 72, 1e-9);
	assert_true(ylength(&f->dg, ymap_get(r, "c"), "c", &v));
	assert_float_equal(v, 12, 1e-9);
	assert_true(ylength(&f->dg, ymap_get(r, "d"), "d", &v));
	assert_float_equal(v, 72 / 2.54 * 2, 1e-9);
	assert_false(ylength(&f->dg, ymap_get(r, "e"), "e", &v));
	assert_false(ylength(&f->dg, ymap_get(r, "f"), "f", &v));
	assert_non_null(strstr(msgfx_log(f), "t.yaml:5:4: error: e: expected a length such as 20mm"));
}

static void test_enum_dates_colors(void **state)
{
	fx *f = *state;
	static const char *const sizes[] = {"A4", "Letter", NULL};
	ynode *r = parse(f, "s: A44\nd: 2021-02-29\ne: 2020-02-29\nc: '#12345'\n");
	assert_int_equal(yenum(&f->dg, ymap_get(r, "s"), "size", sizes), -1);
	const char *iso = NULL;
	assert_false(ydate(&f->dg, ymap_get(r, "d"), "date", &iso));
	assert_true(ydate(&f->dg, ymap_get(r, "e"), "date", &iso));
	assert_string_equal(iso, "2020-02-29");
	uint32_t rgb;
	assert_false(ycolor(&f->dg, ymap_get(r, "c"), "color", &rgb));
	msgfx_log(f);
	assert_non_null(strstr(f->log, "size: unknown value 'A44'; did you mean 'A4'?"));
	assert_non_null(strstr(f->log, "date: '2021-02-29' is not a real date (February 2021 has 28 days)"));
	assert_non_null(strstr(f->log, "color: expected a colour \"#RRGGBB\""));
}

static void test_nfc_on_load(void **state)
{
	fx *f = *state;
	ynode *r = parse(f, "n: \"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Ky\xcc\x80\"\n");
	assert_string_equal(ymap_get(r, "n")->str, "Nguyễn Văn Kỳ");
}

static void test_number_formats(void **state)
{
	(void)state;
	char b[64];
	format_integer(b, sizeof b, 5600, "en");
	assert_string_equal(b, "5,600");
	format_integer(b, sizeof b, 5600, "vi");
	assert_string_equal(b, "5.600");
	format_integer(b, sizeof b, 1234567, "fr"); /* CLDR: a narrow no-break space */
	assert_string_equal(b, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567");
	format_integer(b, sizeof b, -1000, "en");
	assert_string_equal(b, "-1,000");
	format_integer(b, sizeof b, 152, "en");
	assert_string_equal(b, "152");
	format_decimal(b, sizeof b, 1234.567, 2, "en");
	assert_string_equal(b, "1,234.57");
	format_decimal(b, sizeof b, 1234.5, 1, "vi");
	assert_string_equal(b, "1.234,5");
	format_decimal(b, sizeof b, -0.04, 1, "en"); /* no negative zero */
	assert_string_equal(b, "0.0");
	format_decimal(b, sizeof b, -0.06, 1, "en");
	assert_string_equal(b, "-0.1");
	/* beyond the limit (which the loaders refuse): never exponent notation */
	format_decimal(b, sizeof b, 1e16, 1, "en");
	assert_string_equal(b, "10,000,000,000,000,000");
	format_integer_d(b, sizeof b, -2.5e15, "en");
	assert_string_equal(b, "-2,500,000,000,000,000");
	format_decimal(b, sizeof b, 1e300, 0, "en");
	assert_null(strchr(b, 'e'));
}

/* Every part of a message is escaped: the file name, keys and values. */
static void test_diag_escape(void **state)
{
	fx *f = *state;
	diag_error(&f->dg, (srcpos){"a\x1b.yaml", 1, 2}, "key '%s', value '%s'", "k\x1b[31m\x7f", "\xff\xe2\x80\xae\xc2\x85\tz");
	const char *log = msgfx_printed(f);
	assert_string_equal(log, "a\\x1B.yaml:1:2: error: key 'k\\x1B[31m\\x7F', value '\\xFF\\u202E\\u0085\\tz'\n");
	char b[16];
	size_t n = diag_escape(b, sizeof b, "ab\x01" "cdefghijklmnop", 17);
	assert_int_equal(n, 20); /* the length it needs */
	assert_int_equal(strlen(b), sizeof b - 1);
	assert_memory_equal(b, "ab\\x01cdefghij", 14);
	n = diag_escape(b, sizeof b, "Việt – ok", strlen("Việt – ok"));
	assert_string_equal(b, "Việt – ok"); /* valid UTF-8 unchanged */
}

/* Terminal columns of a UTF-8 string: CJK characters are 2 wide, others 1. */
static int cols(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		w += c == 0xE6 || c == 0xE5 ? 2 : 1; /* the test's CJK characters start so */
	}
	return w;
}

/* Print a snippet; return the caret's column and set *at to the display
 * column in the source line of the byte `target` (both after the margin). */
static void snip(const char *line, int col, char target, int *caret, int *at, int *width)
{
	FILE *out = tmpfile();
	diag_snippet_line(out, line, strlen(line), 7, col, false);
	rewind(out);
	char a[4096], b[4096];
	assert_non_null(fgets(a, sizeof a, out));
	assert_non_null(fgets(b, sizeof b, out));
	fclose(out);
	assert_memory_equal(a, "    7 | ", 8);
	assert_memory_equal(b, "      | ", 8);
	const char *t = strchr(a + 8, target);
	assert_non_null(t);
	*at = cols(a + 8, (size_t)(t - (a + 8)));
	*caret = (int)strcspn(b + 8, "^");
	*width = cols(a + 8, strcspn(a + 8, "\n"));
}

static void test_diag_window(void **state)
{
	(void)state;
	int caret, at, width;
	/* a short line is shown whole */
	snip("key: value X", 12, 'X', &caret, &at, &width);
	assert_int_equal(caret, at);
	assert_int_equal(width, 12);
	/* column 900 of a 1,200-byte line: a window around it, the caret right */
	char *line = malloc(1300);
	memset(line, 'a', 1200);
	line[899] = 'X';
	line[1200] = 0;
	snip(line, 900, 'X', &caret, &at, &width);
	assert_int_equal(caret, at);
	assert_true(width <= DIAG_LINE_WIDTH + 2); /* with "…" at both ends */
	assert_true(width > DIAG_LINE_WIDTH / 2);
	/* near the end and at the start */
	snip(line, 1200, 'a', &caret, &at, &width);
	assert_true(width <= DIAG_LINE_WIDTH + 2);
	line[1199] = 'Y';
	snip(line, 1200, 'Y', &caret, &at, &width);
	assert_int_equal(caret, at);
	line[0] = 'Z';
	snip(line, 1, 'Z', &caret, &at, &width);
	assert_int_equal(caret, 0);
	assert_int_equal(at, 0);
	/* wide characters count two columns; a tab up to the next multiple of 8 */
	strcpy(line, "\t");
	for (int i = 0; i < 80; i++)
		strcat(line, "\xe6\xbc\xa2"); /* 漢 */
	strcat(line, " X\t\xe5\xad\x97 W");
	snip(line, 83, 'X', &caret, &at, &width);
	assert_int_equal(caret, at);
	assert_true(width <= DIAG_LINE_WIDTH + 2);
	snip(line, 87, 'W', &caret, &at, &width);
	assert_int_equal(caret, at);
	/* a control character in the line is escaped, the caret after it right */
	snip("a\x1b[2Jb", 6, 'b', &caret, &at, &width);
	assert_int_equal(caret, at);
	assert_int_equal(width, 9);
	free(line);
	/* a line of 300,000 bytes (one huge YAML flow mapping): only the bytes
	 * around the column are measured; the caret is right, with "…" at
	 * both ends, and a multi-byte character before the column counts one */
	size_t big = 300000;
	line = malloc(big + 1);
	memset(line, 'a', big);
	memcpy(line + 10, "\xe1\xbb\x87", 3); /* ệ: one column, three bytes */
	line[200002] = 'X'; /* column 200,001 */
	line[big] = 0;
	snip(line, 200001, 'X', &caret, &at, &width);
	assert_int_equal(caret, at);
	assert_true(width <= DIAG_LINE_WIDTH + 2);
	assert_true(width > DIAG_LINE_WIDTH / 2);
	free(line);
}

/* Source lines come from the text given to diag_source, not from the disk. */
static void test_diag_source(void **state)
{
	fx *f = *state;
	f->dg.snippets = 1;
	diag_source(&f->dg, "no-such-file.yaml", "one\ntwo: 2\r\nthree\n", 19);
	diag_error(&f->dg, (srcpos){"no-such-file.yaml", 2, 3}, "here");
	diag_error(&f->dg, (srcpos){"not-given.yaml", 1, 1}, "there");
	diag_source(&f->dg, "bin.md", "A=b\0C=d\n", 8);
	diag_error(&f->dg, (srcpos){"bin.md", 1, 1}, "binary");
	assert_string_equal(msgfx_printed(f), "no-such-file.yaml:2:3: error: here\n"
				       "    2 | two: 2\n"
				       "      |   ^\n"
				       "not-given.yaml:1:1: error: there\n"
				       "bin.md:1:1: error: binary\n");
	diag_free(&f->dg);
}

static void test_date_formats(void **state)
{
	(void)state;
	char b[64];
	format_date_range(b, sizeof b, "2021-03-07", "2021-03-12", "en");
	assert_string_equal(b, "7\xe2\x80\x93" "12 March 2021");
	format_date_range(b, sizeof b, "2021-03-07", "2021-03-12", "vi"); /* CLDR's interval format */
	assert_string_equal(b, "7\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89" "12 th\xc3\xa1ng 3, 2021");
	/* CLDR puts thin spaces around the dash between two dates */
	format_date_range(b, sizeof b, "2020-04-20", "2020-05-02", "en");
	assert_string_equal(b, "20 April\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89" "2 May 2020");
	format_date_range(b, sizeof b, "2020-12-30", "2021-01-02", "en");
	assert_string_equal(b, "30 December 2020\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89" "2 January 2021");
	format_date(b, sizeof b, "2021-05-17", "fr");
	assert_string_equal(b, "17 mai 2021");
	format_date(b, sizeof b, "2021-05-17", "es");
	assert_string_equal(b, "17 de mayo de 2021");
}

static void test_utf8(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_decode("\xe1\xbb\xb3", 3, &cp), 3);
	assert_int_equal(cp, 0x1EF3);
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), 0);       /* overlong */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);   /* surrogate */
	assert_int_equal(utf8_decode("\xe1\xbb", 2, &cp), 0);       /* truncated */
	assert_int_equal(utf8_invalid_at("ab\xff", 3), 2);
	assert_int_equal(utf8_invalid_at("Việt", strlen("Việt")), -1);
	int l, c;
	utf8_linecol("ab\nViệt x", 10, &l, &c);
	assert_int_equal(l, 2);
	assert_int_equal(c, 6);
}

static void test_nearest(void **state)
{
	(void)state;
	static const char *const k[] = {"cover", "toc", "section", "facts", "table", "article", NULL};
	assert_string_equal(diag_nearest("artcle", k), "article");
	assert_string_equal(diag_nearest("tabel", k), "table");
	assert_null(diag_nearest("zzzzzzzz", k));
}

/* data-bound text: values come from the sources, formatted by language */
static void test_vars_expand(void **state)
{
	fx *f = *state;
	doc *d = doc_new();
	d->meta.language = "vi";
	d->meta.title = "Báo cáo";
	facts fa = {0};
	fact_source src = {.id = "s1", .title = "T", .publisher = "UNODC", .date = "2021-03-12"};
	fact_figure figs[3] = {{.key = "participants", .value = 5600, .qualifier = "over", .unit = "delegates", .source = "s1"},
			       {.key = "participants", .value = 5000, .source = "s1"},
			       {.key = "ngos", .value = 114, .source = "s1"}};
	fa.sources = &src;
	fa.nsources = 1;
	fa.figures = figs;
	fa.nfigures = 3;
	fa.start = "2021-03-07";
	fa.end = "2021-03-12";
	vars_add_facts(d, "ev", &fa, (srcpos){"l.yaml", 1, 1});
	rawtable t = {0};
	const char *keys[] = {"category", "count"};
	const char *cells[] = {"Member States", "152", "Experts", "600"};
	t.keys = keys;
	t.ncols = 2;
	t.cells = cells;
	t.nrows = 2;
	vars_add_table(d, "p", &t, (srcpos){"l.yaml", 2, 1});
	vars_set(d, "delegation", "Bộ Công an");
	const char *in = "{{ ev.figures.ngos }} NGOs; {{ ev.figures.participants.1.text }} ({{ ev.figures.participants.2 }}); "
			 "{{p.member-states.count}} + {{ p.experts.count }} = {{ p.total.count }}; {{ ev.dates }}; "
			 "{{ vars.delegation }}; {{ document.title }}; \\{{ literal }}";
	const char *out = vars_expand(d, &f->dg, in, strlen(in), (srcpos){"a.md", 3, 1});
	assert_string_equal(out, "114 NGOs; over 5.600 delegates (5.000); 152 + 600 = 752; 7\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89" "12 th\xc3\xa1ng 3, 2021; "
				 "Bộ Công an; Báo cáo; {{ literal }}");
	assert_int_equal(f->dg.errors, 0);
	/* unknown and ambiguous names: errors at their line and column */
	const char *bad = "line one\nx {{ ev.figures.ngo }} y {{ ev.figures.participants }}";
	vars_expand(d, &f->dg, bad, strlen(bad), (srcpos){"a.md", 3, 1});
	msgfx_log(f);
	assert_non_null(strstr(f->log, "a.md:4:3: error: unknown name 'ev.figures.ngo' in {{ }}; did you mean 'ev.figures.ngos'?"));
	assert_non_null(strstr(f->log, "a.md:4:26: error: {{ ev.figures.participants }}: the sources give 2 different values"));
	/* text without braces comes back unchanged, same pointer */
	const char *plain = "no names here";
	assert_ptr_equal(vars_expand(d, &f->dg, plain, strlen(plain), (srcpos){"a.md", 1, 1}), plain);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_and_positions, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error_position, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_alias_cycle_is_an_error, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_alias_bomb_is_an_error, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_alias_shared_and_counted, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_alias_depth_counted_at_the_alias, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_depth_checked_while_parsing, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys_in_a_large_mapping, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key_suggestion, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_lengths, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_enum_dates_colors, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_nfc_on_load, msgfx_setup, msgfx_teardown),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test_setup_teardown(test_diag_escape, msgfx_setup, msgfx_teardown),
		cmocka_unit_test(test_diag_window),
		cmocka_unit_test_setup_teardown(test_diag_source, msgfx_setup, msgfx_teardown),
		cmocka_unit_test_setup_teardown(test_vars_expand, msgfx_setup, msgfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
