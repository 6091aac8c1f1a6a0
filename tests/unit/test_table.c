/* test_table.c — load_rawtable: CSV (RFC 4180) and the YAML table form;
 * the table builder every loader uses (model.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "load.h"

/* Each test gets a fresh doc, a diag writing to a temporary file, and a
 * scratch directory for its input files. */
typedef struct {
	doc *d;
	diag dg;
	FILE *out;
	char dir[64];
	char path[128];
	char text[16384];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->out = tmpfile();
	diag_init(&f->dg, f->out);
	strcpy(f->dir, "/tmp/dossier-table-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	diag_free(&f->dg);
	fclose(f->out);
	doc_free(f->d);
	free(f);
	return 0;
}

/* Write bytes to DIR/name; the path stays valid in f->path. */
static const char *put(fx *f, const char *name, const char *bytes, size_t n)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	FILE *o = fopen(f->path, "wb");
	assert_non_null(o);
	assert_int_equal(fwrite(bytes, 1, n, o), n);
	fclose(o);
	return f->path;
}
#define PUT(f, name, lit) put(f, name, lit, sizeof(lit) - 1)

/* Everything the diag printed so far. */
static const char *said(fx *f)
{
	fflush(f->out);
	rewind(f->out);
	size_t n = fread(f->text, 1, sizeof f->text - 1, f->out);
	f->text[n] = 0;
	return f->text;
}

/* "DIR/name:line:col: error: msg" must appear in the diag output. */
static void expect_error(fx *f, const char *name, int line, int col, const char *msg)
{
	char want[512];
	snprintf(want, sizeof want, "%s/%s:%d:%d: error: %s", f->dir, name, line, col, msg);
	const char *got = said(f);
	if (!strstr(got, want))
		fail_msg("expected\n  %s\nin diagnostics:\n%s", want, got);
}

static const srcpos FROM = {"layout.yaml", 7, 9};

static const char *cell(const rawtable *t, size_t r, size_t c)
{
	assert_true(r < t->nrows && c < t->ncols);
	return t->cells[r * t->ncols + c];
}

static void pos_is(const rawtable *t, size_t r, size_t c, int line, int col)
{
	srcpos p = t->cellpos[r * t->ncols + c];
	assert_non_null(p.file);
	if (p.line != line || p.col != col)
		fail_msg("cell [%zu][%zu] at %d:%d, expected %d:%d", r, c, p.line, p.col, line, col);
}

static void test_quoted_fields(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv",
			    "name,note,count\n"
			    "\"Smith, J.\",\"He said \"\"hi\"\"\",3\n"
			    "\"multi\nline\",plain,  4  \n"
			    " spaced , \"  kept  \" ,\"\"\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(t);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->keys[0], "name");
	assert_string_equal(t->keys[2], "count");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(cell(t, 0, 0), "Smith, J.");
	assert_string_equal(cell(t, 0, 1), "He said \"hi\"");
	assert_string_equal(cell(t, 0, 2), "3");
	assert_string_equal(cell(t, 1, 0), "multi\nline");
	assert_string_equal(cell(t, 1, 1), "plain");
	assert_string_equal(cell(t, 1, 2), "4"); /* unquoted: trimmed */
	assert_string_equal(cell(t, 2, 0), "spaced");
	assert_string_equal(cell(t, 2, 1), "  kept  "); /* quoted: kept */
	assert_string_equal(cell(t, 2, 2), "");
	pos_is(t, 0, 0, 2, 1);
	pos_is(t, 0, 1, 2, 13);
	pos_is(t, 1, 0, 3, 1);
	pos_is(t, 1, 1, 4, 7);  /* after the field that spans lines */
	pos_is(t, 1, 2, 4, 15); /* first non-blank character */
	pos_is(t, 2, 1, 5, 11);
	assert_string_equal(t->cellpos[0].file, p);
	assert_null(t->title);
	assert_int_equal(f->d->ninputs, 1);
	assert_string_equal(f->d->inputs[0], p);
}

static void test_crlf_and_bom(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv",
			    "\xEF\xBB\xBF"
			    "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n\r\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(t);
	assert_string_equal(t->keys[0], "a"); /* no BOM in the first key */
	assert_string_equal(t->keys[1], "b");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(cell(t, 0, 1), "2"); /* no CR left on the last cell */
	assert_string_equal(cell(t, 1, 0), "x\ny"); /* CRLF inside quotes → LF */
	assert_string_equal(cell(t, 1, 1), "3");
	pos_is(t, 0, 0, 2, 1);
	pos_is(t, 1, 1, 4, 4);
}

static void test_blank_lines_and_no_final_newline(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "a,b\n\n1,2\n   \n3,4");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(cell(t, 1, 1), "4");
	pos_is(t, 1, 1, 5, 3);
}

static void test_ragged_rows(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "a,b\n1,2\n3\n4,5,6\n\"7\n\",8\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 2);
	expect_error(f, "t.csv", 3, 1, "row has 1 fields, the header has 2");
	expect_error(f, "t.csv", 4, 1, "row has 3 fields, the header has 2");
	/* the table is still returned, without the bad rows */
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(cell(t, 1, 0), "7\n");
	pos_is(t, 1, 1, 6, 3);
}

static void test_unterminated_quote(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "a,b\n1,2\n3, \"abc\n4,5\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_null(t);
	assert_int_equal(f->dg.errors, 1);
	expect_error(f, "t.csv", 3, 4, "unterminated quoted field");
}

static void test_text_after_quote(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "a,b\n\"say \"hi\"\",2\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 1);
	expect_error(f, "t.csv", 2, 7, "text after the closing quote of a field");
	assert_non_null(t);
	assert_int_equal(t->nrows, 1);
}

static void test_header_errors(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "a, b ,a,\n1,2,3,4\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_non_null(t);
	assert_string_equal(t->keys[1], "b");
	assert_int_equal(f->dg.errors, 2);
	expect_error(f, "t.csv", 1, 7, "duplicate column 'a'");
	expect_error(f, "t.csv", 1, 9, "column 4 has an empty name");
	assert_non_null(strstr(said(f), ":1:1: note: 'a' first given here"));
}

static void test_nfc(void **state)
{
	fx *f = *state;
	/* "Nguyễn" written decomposed: e + U+0302 + U+0303 */
	const char *p = PUT(f, "t.csv",
			    "Te\xCC\x82n,x\n"
			    "Nguye\xCC\x82\xCC\x83n,Z\n"
			    /* precomposed Ê + a combining grave: must still compose */
			    "\xC3\x8A\xCC\x80,\xE1\xBB\x87\xE4\xB8\xAD\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(t);
	assert_string_equal(t->keys[0], "T\xC3\xAAn");
	assert_string_equal(cell(t, 0, 0), "Nguy\xE1\xBB\x85n");
	/* columns count code points of the file as written (8 before the comma) */
	pos_is(t, 0, 1, 2, 10);
	assert_string_equal(cell(t, 1, 0), "\xE1\xBB\x80");
	assert_string_equal(cell(t, 1, 1), "\xE1\xBB\x87\xE4\xB8\xAD"); /* already NFC: as is */
	pos_is(t, 1, 1, 3, 4);
}

static void test_empty_and_header_only(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "empty.csv", "");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	char msg[256];
	snprintf(msg, sizeof msg, "table '%s' has no data rows", p);
	expect_error(f, "empty.csv", 1, 1, msg);

	p = PUT(f, "head.csv", "\xEF\xBB\xBF" "a,b\n\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "table '%s' has no data rows", p);
	expect_error(f, "head.csv", 1, 1, msg);
	assert_int_equal(f->dg.errors, 2);
}

static void test_invalid_utf8(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.csv", "\xEF\xBB\xBF" "a,b\n\xC3\xA9,x\xFF\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "t.csv", 2, 4, "invalid UTF-8 (byte 0xFF); save the file as UTF-8");
	p = PUT(f, "n.csv", "a,b\n1,\0\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "n.csv", 2, 3, "NUL byte");
	p = PUT(f, "mac.csv", "a,b\r1,2\r");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "mac.csv", 1, 1, "the file ends its lines with CR only");
	assert_int_equal(f->dg.errors, 3);
}

static void test_missing_and_unknown(void **state)
{
	fx *f = *state;
	snprintf(f->path, sizeof f->path, "%s/none.csv", f->dir);
	assert_null(load_rawtable(f->d, &f->dg, f->path, FROM));
	char want[256];
	snprintf(want, sizeof want, "layout.yaml:7:9: error: cannot read '%s': No such file", f->path);
	assert_non_null(strstr(said(f), want));

	assert_null(load_rawtable(f->d, &f->dg, "data/t.xlsx", FROM));
	assert_non_null(strstr(said(f), "layout.yaml:7:9: error: 'data/t.xlsx' is a spreadsheet (by its "
					"extension), not a CSV file; export it"));
	assert_int_equal(f->dg.errors, 2);

	/* the extension is matched without regard to case */
	const char *p = PUT(f, "UP.CSV", "a\n1\n");
	assert_non_null(load_rawtable(f->d, &f->dg, p, FROM));
	assert_int_equal(f->dg.errors, 2);
}

/* The delimiter is the one of comma, semicolon and tab the header uses
 * most; positions stay those of the file. */
static void test_delimiters(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "semi.csv", "pays;note\n\"Viet Nam; Ha Noi\";1,5\nFrance;  2  \n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_non_null(t);
	assert_int_equal(t->ncols, 2);
	assert_string_equal(cell(t, 0, 0), "Viet Nam; Ha Noi");
	assert_string_equal(cell(t, 0, 1), "1,5");
	assert_string_equal(cell(t, 1, 1), "2");
	pos_is(t, 1, 1, 3, 10);
	p = PUT(f, "tab.tsv", "a\tb\tc\n1\t\t3\n");
	t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_non_null(t);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(cell(t, 0, 1), "");
	assert_string_equal(cell(t, 0, 2), "3");
	pos_is(t, 0, 2, 2, 4);
	/* a declared delimiter wins */
	p = PUT(f, "pipe.csv", "a|b,c\n1|2,3\n");
	t = load_rawtable_sep(f->d, &f->dg, p, FROM, '|');
	assert_non_null(t);
	assert_string_equal(cell(t, 0, 1), "2,3");
	assert_int_equal(f->dg.errors, 0);
}

/* UTF-16 with its byte-order mark is read; positions are those of the
 * characters. */
static void test_utf16(void **state)
{
	fx *f = *state;
	/* "k,v\n" "Été,x" U+1F600 "y\n" in UTF-16LE and BE, each with its mark */
	static const char le[] = "\xFF\xFEk\0,\0v\0\n\0\xC9\0t\0\xE9\0,\0x\0\x3D\xD8\x00\xDEy\0\n\0";
	static const char be[] = "\xFE\xFF\0k\0,\0v\0\n\0\xC9\0t\0\xE9\0,\0x\xD8\x3D\xDE\x00\0y\0\n";
	const char *texts[] = {le, be};
	for (int i = 0; i < 2; i++) {
		const char *p = put(f, i ? "be.csv" : "le.csv", texts[i], sizeof le - 1);
		rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
		assert_non_null(t);
		assert_string_equal(t->keys[0], "k");
		assert_string_equal(cell(t, 0, 0), "\xC3\x89t\xC3\xA9");
		assert_string_equal(cell(t, 0, 1), "x\xF0\x9F\x98\x80y");
		pos_is(t, 0, 1, 2, 5);
	}
	assert_int_equal(f->dg.errors, 0);
	/* a lone surrogate is refused */
	const char *p = PUT(f, "bad16.csv", "\xFF\xFEk\0\n\0\x3D\xD8\n\0");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "bad16.csv", 1, 1, "invalid UTF-16 at byte 6");
	/* so is one whose last character was cut in half */
	p = PUT(f, "odd16.csv", "\xFF\xFEk\0\n\0v");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "odd16.csv", 1, 1, "invalid UTF-16 at byte 6");
}

/* Windows-1252 and Windows-1258 are named, with the command that converts
 * them; a UTF-8 file with one damaged byte is not taken for either. */
static void test_encodings_named(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "w.csv", "a,b\nR\xE9union \x96 Paris,1\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "w.csv", 2, 2, "invalid UTF-8 (byte 0xE9): the file looks like Windows-1252 (Western European); convert it to UTF-8: "
				       "iconv -f WINDOWS-1252 -t UTF-8");
	p = PUT(f, "v.csv", "a,b\nHa\xCC N\xF4\xF2" "i,1\n\xD0" "a\xCC N\xE3\xDE" "ng,2\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "v.csv", 2, 3, "invalid UTF-8 (byte 0xCC): the file looks like Windows-1258 (Vietnamese)");
	p = PUT(f, "u.csv", "a,b\n\xC3\xA9t\xC3\xA9,\xFF\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "u.csv", 2, 5, "invalid UTF-8 (byte 0xFF); save the file as UTF-8");
}

/* A table is read once however its path is written. */
static void test_read_once(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "once.csv", "a,b\n1,x\n");
	char other[160];
	snprintf(other, sizeof other, "%s/./once.csv", f->dir);
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_non_null(t);
	assert_ptr_equal(load_rawtable(f->d, &f->dg, other, FROM), t);
	/* one that failed is not read, nor reported, again; the caller still
	 * sees the failure */
	p = PUT(f, "bad.csv", "a,b\n1,\"x\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	assert_int_equal(f->dg.errors, 1);
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	assert_int_equal(f->dg.errors, 2);
	assert_int_equal(diag_total(&f->dg), 1);
}

static void test_column_limit(void **state)
{
	fx *f = *state;
	char text[1024];
	size_t n = 0;
	for (int i = 0; i <= LIMIT_TABLE_COLUMNS; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%sc%d", i ? "," : "", i);
	n += (size_t)snprintf(text + n, sizeof text - n, "\n1\n");
	const char *p = put(f, "wide.csv", text, n);
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	assert_int_equal(f->dg.errors, 1);
	expect_error(f, "wide.csv", 1, 1, "table has more than 64 columns (limit table-columns)");
}

/* A larger file: checks that positions stay right far into the file. */
static void test_many_rows(void **state)
{
	fx *f = *state;
	enum { N = 20000 };
	buf b = {0};
	buf_puts(&b, "id,name,value\n");
	for (int i = 0; i < N; i++)
		buf_printf(&b, "%d,\"row %d\",%d.5\n", i, i, i * 3);
	const char *p = put(f, "big.csv", b.s, b.len);
	buf_free(&b);
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(t);
	assert_int_equal(t->nrows, N);
	assert_string_equal(cell(t, N - 1, 1), "row 19999");
	assert_string_equal(cell(t, N - 1, 2), "59997.5");
	pos_is(t, N - 1, 2, N + 1, 19);
}

static void test_yaml_table(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "t.yaml",
			    "title: Visitors\n"
			    "source: Ministry of Tourism\n"
			    "columns: [year, \"visitors\", note]\n"
			    "rows:\n"
			    "  - [2019, 5600, ~]\n"
			    "  - [2020, 120]\n"
			    "  - [2021, 4100, \"Nguye\xCC\x82\xCC\x83n\"]\n"
			    "colour: red\n");
	rawtable *t = load_rawtable(f->d, &f->dg, p, FROM);
	assert_non_null(t);
	assert_int_equal(f->dg.errors, 2);
	expect_error(f, "t.yaml", 6, 5, "row has 2 cells, 'columns' has 3");
	expect_error(f, "t.yaml", 8, 1, "table: unknown key 'colour'");
	assert_string_equal(t->title, "Visitors");
	assert_string_equal(t->source, "Ministry of Tourism");
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->keys[1], "visitors");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(cell(t, 0, 1), "5600");
	assert_string_equal(cell(t, 0, 2), ""); /* a YAML null is an empty cell */
	assert_string_equal(cell(t, 1, 0), "2021");
	assert_string_equal(cell(t, 1, 2), "Nguy\xE1\xBB\x85n");
	pos_is(t, 1, 1, 7, 12);
	assert_int_equal(f->d->ninputs, 1);
}

static void test_yaml_table_errors(void **state)
{
	fx *f = *state;
	const char *p = PUT(f, "a.yml", "columns: [a, a, \"\"]\nrows:\n  - [1, [2], 3]\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "a.yml", 1, 14, "duplicate column 'a'");
	expect_error(f, "a.yml", 1, 17, "column 3 has an empty name");
	expect_error(f, "a.yml", 3, 9, "row 1, cell 2: expected a string or number, got a list");
	assert_int_equal(f->dg.errors, 3);

	p = PUT(f, "list.yaml", "- [a, b]\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "list.yaml", 1, 1, "table: expected a mapping");

	p = PUT(f, "b.yml", "rows: []\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	expect_error(f, "b.yml", 1, 1, "table: missing required key 'columns'");

	p = PUT(f, "c.yml", "columns: [a]\nrows: []\n");
	assert_null(load_rawtable(f->d, &f->dg, p, FROM));
	char msg[256];
	snprintf(msg, sizeof msg, "table '%s' has no data rows", p);
	expect_error(f, "c.yml", 2, 7, msg);
}

/* table_begin / table_add_row / table_end: rows copied (NULL → ""), kinds
 * kept, growth past the first allocation, the result in the arena. */
static void test_table_builder(void **state)
{
	fx *f = *state;
	table_builder tb;
	srcpos pos = {"t.md", 3, 1};
	table *t = table_begin(&tb, f->d->a, pos, 3);
	table_column(&tb, 0, "Name", COL_TEXT, 1.5);
	table_column(&tb, 2, "Count", COL_INTEGER, 1);
	assert_int_equal(t->cols[0].align, ALIGN_LEFT);
	assert_int_equal(t->cols[2].align, ALIGN_RIGHT);
	assert_true(t->cols[0].weight == 1.5);
	char names[40][16];
	for (int r = 0; r < 40; r++) {
		snprintf(names[r], sizeof names[r], "r%d", r);
		const char *row[3] = {names[r], NULL, r % 2 ? "odd" : "even"};
		table_add_row(&tb, row, r == 39 ? ROW_TOTAL : ROW_BODY);
		row[0] = "changed"; /* the builder copied the row */
	}
	assert_ptr_equal(table_end(&tb), t);
	assert_int_equal(t->nrows, 40);
	assert_int_equal(t->ncols, 3);
	assert_int_equal(t->pos.line, 3);
	for (int r = 0; r < 40; r++) {
		assert_string_equal(t->cells[r * 3], names[r]);
		assert_string_equal(t->cells[r * 3 + 1], "");
		assert_string_equal(t->cells[r * 3 + 2], r % 2 ? "odd" : "even");
		assert_int_equal(t->rowkind[r], r == 39 ? ROW_TOTAL : ROW_BODY);
	}
	/* an empty table still has its arrays */
	table *e = table_begin(&tb, f->d->a, pos, 2);
	assert_ptr_equal(table_end(&tb), e);
	assert_int_equal(e->nrows, 0);
	assert_non_null(e->cells);
	assert_non_null(e->rowkind);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_quoted_fields),
		T(test_crlf_and_bom),
		T(test_blank_lines_and_no_final_newline),
		T(test_ragged_rows),
		T(test_unterminated_quote),
		T(test_text_after_quote),
		T(test_header_errors),
		T(test_nfc),
		T(test_empty_and_header_only),
		T(test_invalid_utf8),
		T(test_missing_and_unknown),
		T(test_delimiters),
		T(test_utf16),
		T(test_encodings_named),
		T(test_read_once),
		T(test_column_limit),
		T(test_many_rows),
		T(test_yaml_table),
		T(test_yaml_table_errors),
		T(test_table_builder),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
