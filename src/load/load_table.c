/* load_table.c — statistics tables: a CSV or YAML file → rawtable.
 *
 * CSV follows RFC 4180 (comma separator, double quotes, "" as an escaped
 * quote, quoted fields may span lines, CRLF or LF) with three kindnesses for
 * files edited by hand: spaces around an unquoted field are trimmed, spaces
 * before an opening or after a closing quote are allowed, and blank lines are
 * skipped (a trailing blank line is what most editors leave).
 *
 * Tables can be large (the benchmark reads 100,000 rows), so the scanner is a
 * single linear pass: the line and column of every cell are tracked while
 * scanning instead of being recomputed from the start of the file, cell text
 * is packed into big shared arena chunks instead of one allocation per cell,
 * and only cells that contain non-ASCII bytes go through NFC.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bounds.h"
#include "load.h"
#include "textcheck.h"

/* ---- string pool ----
 * arena_alloc rounds every request up to 16 bytes, which for a table of short
 * numbers ("12", "3.5") nearly doubles the memory; cells are packed back to
 * back into 64 KiB chunks instead. A chunk gets its own arena block (it is
 * above the arena's shared-block threshold), so the only waste is the tail of
 * each chunk, which is shorter than the longest pooled cell. */
#define POOL_CHUNK (64 * 1024)
#define POOL_MAX_CELL (POOL_CHUNK / 16) /* longer cells get their own allocation */

typedef struct {
	arena *a;
	char *p;
	size_t left;
} pool;

static const char *pool_put(pool *pl, const char *s, size_t n)
{
	if (n == 0)
		return "";
	if (n >= POOL_MAX_CELL)
		return arena_strndup(pl->a, s, n);
	if (n + 1 > pl->left) {
		pl->p = arena_alloc(pl->a, POOL_CHUNK);
		pl->left = POOL_CHUNK;
	}
	char *r = pl->p;
	memcpy(r, s, n);
	r[n] = 0;
	pl->p += n + 1;
	pl->left -= n + 1;
	return r;
}

/* ---- CSV scanner ---- */

/* One field as scanned: either a slice of the file or (after "" escapes or a
 * CRLF inside quotes) a slice of the scratch buffer. */
typedef struct {
	const char *s;
	size_t n;
	bool nonascii;
	int line, col;
} field;

enum { END_COMMA, END_LINE, END_FILE, END_FATAL };

typedef struct {
	doc *d;
	diag *dg;
	const char *path;       /* arena copy; every srcpos points at it */
	const char *s;          /* text after the BOM */
	size_t n, i;
	int line, col;          /* position of s[i]; col in code points */
	char sep;               /* the field delimiter: ',' ';' or a tab, or as declared */
	buf scratch;
	pool pl;
	char *text;             /* the file as read; freed as soon as it is scanned */
} csv;

static srcpos here(const csv *c)
{
	return (srcpos){c->path, c->line, c->col};
}

/* Step over s[i], keeping line/col current. A continuation byte does not
 * start a new code point, so it does not move the column. */
static inline void step(csv *c)
{
	unsigned char b = (unsigned char)c->s[c->i++];
	if (b == '\n') {
		c->line++;
		c->col = 1;
	} else if ((b & 0xC0) != 0x80) {
		c->col++;
	}
}

/* Is s[j] a line end? A lone CR is not one (it stays in the cell): the
 * diagnostics printer counts lines by LF, and positions must agree with it.
 * A CR as the very last byte is treated as a line end. Files with only CR
 * line ends (classic Mac) are refused before scanning. */
static inline size_t eol_len(const csv *c, size_t j)
{
	if (j >= c->n)
		return 0;
	if (c->s[j] == '\n')
		return 1;
	if (c->s[j] == '\r' && (j + 1 == c->n || c->s[j + 1] == '\n'))
		return j + 1 == c->n ? 1 : 2;
	return 0;
}

/* Consume a separator at s[i] (comma, line end or end of file) and say which. */
static int take_end(csv *c)
{
	if (c->i >= c->n)
		return END_FILE;
	if (c->s[c->i] == c->sep) {
		step(c);
		return END_COMMA;
	}
	size_t e = eol_len(c, c->i);
	c->i += e;
	c->line++;
	c->col = 1;
	return END_LINE;
}

/* Scan an unquoted field (or the junk after a closing quote) from s[i] to the
 * next comma or line end; returns the end of its text with trailing blanks
 * trimmed. */
static size_t scan_plain(csv *c, bool *nonascii)
{
	const char *s = c->s;
	size_t j = c->i, n = c->n;
	int col = c->col;
	while (j < n) {
		unsigned char b = (unsigned char)s[j];
		if (b == (unsigned char)c->sep || b == '\n' || (b == '\r' && eol_len(c, j)))
			break;
		if (b >= 0x80) {
			*nonascii = true;
			if ((b & 0xC0) != 0x80)
				col++;
		} else {
			col++;
		}
		j++;
	}
	size_t end = j;
	while (end > c->i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	c->i = j;
	c->col = col;
	return end;
}

static int next_field(csv *c, field *f)
{
	const char *s = c->s;
	while (c->i < c->n && (s[c->i] == ' ' || s[c->i] == '\t') && s[c->i] != c->sep)
		step(c);
	f->line = c->line;
	f->col = c->col;
	f->nonascii = false;
	if (c->i >= c->n || s[c->i] != '"') {
		size_t st = c->i;
		size_t end = scan_plain(c, &f->nonascii);
		f->s = s + st;
		f->n = end - st;
		return take_end(c);
	}

	/* Quoted: copy to the scratch buffer only when the text differs from
	 * the file (an escaped quote, or a CRLF that becomes LF). */
	step(c);
	size_t seg = c->i;
	bool copied = false;
	c->scratch.len = 0;
	for (;;) {
		if (c->i >= c->n) {
			diag_error(c->dg, (srcpos){c->path, f->line, f->col}, "unterminated quoted field");
			return END_FATAL;
		}
		unsigned char b = (unsigned char)s[c->i];
		if (b == '"') {
			if (c->i + 1 < c->n && s[c->i + 1] == '"') {
				buf_put(&c->scratch, s + seg, c->i - seg);
				buf_putc(&c->scratch, '"');
				copied = true;
				c->i += 2;
				c->col += 2;
				seg = c->i;
				continue;
			}
			break;
		}
		if (b == '\r' && c->i + 1 < c->n && s[c->i + 1] == '\n') {
			buf_put(&c->scratch, s + seg, c->i - seg);
			buf_putc(&c->scratch, '\n');
			copied = true;
			c->i += 2;
			c->line++;
			c->col = 1;
			seg = c->i;
			continue;
		}
		if (b >= 0x80)
			f->nonascii = true;
		step(c);
	}
	if (copied) {
		buf_put(&c->scratch, s + seg, c->i - seg);
		f->s = c->scratch.s;
		f->n = c->scratch.len;
	} else {
		f->s = s + seg;
		f->n = c->i - seg;
	}
	step(c); /* the closing quote */
	while (c->i < c->n && (s[c->i] == ' ' || s[c->i] == '\t') && s[c->i] != c->sep)
		step(c);
	if (c->i < c->n && s[c->i] != c->sep && !eol_len(c, c->i)) {
		/* 'a,"b"c,d': most often a quote inside a quoted field that was
		 * not doubled. Report it and skip to the next separator. */
		diag_error(c->dg, here(c),
			   "text after the closing quote of a field; write a quote inside a quoted "
			   "field as two quotes (\"\")");
		bool junk;
		scan_plain(c, &junk);
	}
	return take_end(c);
}

/* Skip blank lines (empty or only spaces/tabs) at s[i]; false at end of file. */
static bool skip_blank_lines(csv *c)
{
	for (;;) {
		size_t j = c->i;
		while (j < c->n && (c->s[j] == ' ' || c->s[j] == '\t'))
			j++;
		if (j >= c->n) {
			c->i = c->n;
			return false;
		}
		size_t e = eol_len(c, j);
		if (!e)
			return true;
		c->i = j + e;
		c->line++;
		c->col = 1;
	}
}

/* Is this (valid UTF-8) text certainly NFC already? NFC costs more than the
 * whole scan, and table text is nearly always typed precomposed. These ranges
 * hold only starters that NFC leaves alone and that never compose with a
 * neighbour; that was checked against utf8proc itself for every code point
 * alone and for every pair (Latin incl. Vietnamese, Cyrillic, punctuation,
 * currency, kana, CJK, Hangul syllables). Combining marks and everything
 * else go through utf8_nfc. */
/* The text of a field as an arena string, packed into the pool; only text
 * that may not be NFC yet goes through utf8_nfc. */
static const char *field_text(csv *c, const field *f)
{
	if (f->nonascii && !utf8_surely_nfc(f->s, f->n))
		return utf8_nfc(c->d->a, f->s, f->n);
	return pool_put(&c->pl, f->s, f->n);
}

/* A cell while rows are being read: the file name is the same for every
 * cell, so it is added only when the final srcpos array is built. */
typedef struct {
	const char *s;
	int line, col;
} cell;

static bool check_keys(diag *dg, const char **keys, const srcpos *pos, size_t n)
{
	bool ok = true;
	for (size_t k = 0; k < n; k++) {
		if (!keys[k][0]) {
			diag_error(dg, pos[k], "column %zu has an empty name", k + 1);
			ok = false;
			continue;
		}
		for (size_t j = 0; j < k; j++) {
			if (strcmp(keys[j], keys[k]) == 0) {
				diag_error(dg, pos[k], "duplicate column '%s'", keys[k]);
				diag_note(dg, pos[j], "'%s' first given here", keys[k]);
				ok = false;
				break;
			}
		}
	}
	return ok;
}

/* Parse the header record; NULL (reported) when the table cannot go on. */
static rawtable *csv_header(csv *c, int *fatal)
{
	rawtable *t = arena_alloc(c->d->a, sizeof *t);
	t->pos = (srcpos){c->path, 1, 1};
	if (!skip_blank_lines(c))
		return t; /* empty file: "no data rows" below */
	int hline = c->line;
	const char *keys[LIMIT_TABLE_COLUMNS_MAX];
	srcpos kpos[LIMIT_TABLE_COLUMNS_MAX];
	size_t nk = 0;
	int end;
	do {
		field f;
		end = next_field(c, &f);
		if (end == END_FATAL) {
			*fatal = 1;
			return NULL;
		}
		if (nk == (size_t)LIMIT_TABLE_COLUMNS) {
			diag_error(c->dg, (srcpos){c->path, hline, 1},
				   "table has more than %ld columns (limit table-columns)", LIMIT_TABLE_COLUMNS);
			*fatal = 1;
			return NULL;
		}
		/* header keys are trimmed even when quoted: ' Year' is a typo */
		while (f.n && (f.s[f.n - 1] == ' ' || f.s[f.n - 1] == '\t'))
			f.n--;
		while (f.n && (f.s[0] == ' ' || f.s[0] == '\t'))
			f.s++, f.n--;
		keys[nk] = field_text(c, &f);
		kpos[nk] = (srcpos){c->path, f.line, f.col};
		nk++;
	} while (end == END_COMMA);
	check_keys(c->dg, keys, kpos, nk);
	t->ncols = nk;
	t->keys = arena_array(c->d->a, nk, sizeof *t->keys);
	memcpy(t->keys, keys, nk * sizeof *keys);
	return t;
}

static rawtable *parse_csv(csv *c)
{
	int fatal = 0;
	rawtable *t = csv_header(c, &fatal);
	if (!t)
		return NULL;
	size_t nc = t->ncols;
	cell *rows = NULL, *row = nc ? xmalloc(nc * sizeof *row) : NULL;
	size_t nrows = 0, cap = 0, records = 0;
	while (nc && skip_blank_lines(c)) {
		int rline = c->line;
		if (records == (size_t)LIMIT_TABLE_ROWS) {
			diag_error(c->dg, (srcpos){c->path, rline, 1},
				   "table '%s' has more than %ld rows (limit table-rows)", c->path, LIMIT_TABLE_ROWS);
			fatal = 1;
			break;
		}
		records++;
		if (records % 4096 == 0 && limits_time_check(c->dg, (srcpos){c->path, rline, 1})) {
			fatal = 1;
			break;
		}
		size_t k = 0;
		int end;
		do {
			field f;
			end = next_field(c, &f);
			if (end == END_FATAL)
				break;
			/* fields beyond the header are only counted: the row is
			 * reported and dropped, so their text is never needed */
			if (k < nc)
				row[k] = (cell){field_text(c, &f), f.line, f.col};
			k++;
		} while (end == END_COMMA);
		if (end == END_FATAL) {
			fatal = 1;
			break;
		}
		if (k != nc) {
			diag_error(c->dg, (srcpos){c->path, rline, 1}, "row has %zu fields, the header has %zu",
				   k, nc);
			continue;
		}
		GROW(rows, cap, (nrows + 1) * nc);
		memcpy(rows + nrows * nc, row, nc * sizeof *row);
		nrows++;
	}
	free(row);
	/* Every cell has been copied out: give the file's memory back before
	 * the final arrays are allocated, to keep the peak down. */
	free(c->text);
	c->text = NULL;
	buf_free(&c->scratch);
	if (!fatal && records == 0)
		diag_error(c->dg, (srcpos){c->path, 1, 1}, "table '%s' has no data rows", c->path);
	if (fatal || nrows == 0) {
		free(rows);
		return NULL;
	}
	/* Move the rows into the arena at their exact size. */
	size_t ncells = nrows * nc;
	t->nrows = nrows;
	t->cells = arena_array(c->d->a, ncells, sizeof *t->cells);
	t->cellpos = arena_array(c->d->a, ncells, sizeof *t->cellpos);
	for (size_t i = 0; i < ncells; i++) {
		t->cells[i] = rows[i].s;
		t->cellpos[i] = (srcpos){c->path, rows[i].line, rows[i].col};
	}
	free(rows);
	return t;
}

/* Count the candidate delimiters on the first non-blank line, outside
 * quotes. */
static void count_seps(const char *s, size_t n, size_t *comma, size_t *semi, size_t *tab, size_t other[256])
{
	size_t i = 0;
	while (i < n && (s[i] == '\n' || s[i] == '\r' || s[i] == ' '))
		i++;
	bool q = false;
	for (; i < n && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
		unsigned char b = (unsigned char)s[i];
		if (b == '"')
			q = !q;
		else if (q)
			continue;
		else if (b == ',')
			(*comma)++;
		else if (b == ';')
			(*semi)++;
		else if (b == '\t')
			(*tab)++;
		else if (other && b < 0x80)
			other[b]++;
	}
}

/* The delimiter of a CSV file: the one of comma, semicolon and tab that the
 * header line uses most (Excel writes semicolons where the decimal mark is a
 * comma: French, German, Vietnamese…). When the header has none of them but
 * both the header and the next line hold the same number of one of | : ^ ~,
 * the file uses that one: one error saying how to declare it. 0 then. */
static char detect_sep(diag *dg, const char *path, const char *s, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0, other[256] = {0};
	count_seps(s, n, &comma, &semi, &tab, other);
	if (comma || semi || tab)
		return comma >= semi && comma >= tab ? ',' : semi >= tab ? ';' : '\t';
	const char *nl = memchr(s, '\n', n);
	if (!nl)
		return ',';
	size_t c2 = 0, s2 = 0, t2 = 0, other2[256] = {0};
	count_seps(nl + 1, n - (size_t)(nl + 1 - s), &c2, &s2, &t2, other2);
	static const char cands[] = "|:^~";
	for (const char *p = cands; *p; p++) {
		unsigned char b = (unsigned char)*p;
		if (other[b] && other[b] == other2[b]) {
			diag_error(dg, (srcpos){path, 1, 1},
				   "the fields of this file seem separated by '%c', not by a comma, semicolon "
				   "or tab; declare it with 'delimiter: \"%c\"' in the table, chart or data source "
				   "that reads the file",
				   *p, *p);
			return 0;
		}
	}
	return ',';
}

/* A spreadsheet saved as it is (a ZIP archive) rather than exported. */
static bool spreadsheet_file(diag *dg, const char *path, srcpos from)
{
	static const char *const exts[] = {".xlsx", ".xls", ".ods", ".numbers", NULL};
	bool ext = false;
	for (int i = 0; exts[i]; i++)
		ext = ext || (strlen(path) > strlen(exts[i]) &&
			      !strcasecmp(path + strlen(path) - strlen(exts[i]), exts[i]));
	bool zip = false;
	FILE *f = fopen(path, "rb");
	if (f) {
		unsigned char sig[4];
		zip = fread(sig, 1, 4, f) == 4 && !memcmp(sig, "PK\x03\x04", 4);
		fclose(f);
	}
	if (!ext && !zip)
		return false;
	diag_error(dg, from,
		   "'%s' is a spreadsheet (%s), not a CSV file; export it from the spreadsheet program: "
		   "File > Save As (Excel) or Save a Copy (LibreOffice), type 'CSV UTF-8' (comma or "
		   "semicolon delimited), then name the .csv file here",
		   path, zip ? "a ZIP archive such as .xlsx or .ods" : "by its extension");
	return true;
}

static rawtable *load_csv(doc *d, diag *dg, const char *path, srcpos from, int sep)
{
	if (spreadsheet_file(dg, path, from))
		return NULL;
	size_t len;
	char *text = load_read(dg, path, from, &len);
	doc_add_input(d, path);
	if (!text)
		return NULL;
	const char *apath = arena_strdup(d->a, path);
	const char *s = text;
	rawtable *t = NULL;
	long bad = utf8_invalid_at(s, len);
	const char *nul = memchr(s, 0, len);
	const char *cr = memchr(s, '\r', len);
	const char *enc = nul ? load_guess_encoding(s, len) : NULL;
	if (bad >= 0 || (nul && enc && !strncmp(enc, "UTF-16", 6))) {
		/* one O(n) position lookup, only on this error path */
		load_bad_utf8(dg, apath, s, len, bad >= 0 ? bad : (long)(nul - s), 0);
	} else if (cr && cr + 1 < s + len && !memchr(s, '\n', len)) {
		diag_error(dg, (srcpos){apath, 1, 1},
			   "the file ends its lines with CR only (old Mac style); save it with LF or "
			   "CRLF line ends");
	} else if (nul) {
		/* A NUL would silently cut a cell short; it means a binary file
		 * or one saved as UTF-16. */
		srcpos p = {apath, 0, 0};
		utf8_linecol(s, (size_t)(nul - s), &p.line, &p.col);
		diag_error(dg, p, "NUL byte in a text file; save the file as UTF-8");
	} else if (!text_check_file(dg, apath, s, len, 0)) {
		/* reported at the character */
	} else {
		csv c = {.d = d, .dg = dg, .path = apath, .s = s, .n = len, .line = 1, .col = 1,
			 .text = text};
		c.pl.a = d->a;
		if (len >= 6 && !strncmp(s, "sep=", 4) && (s[5] == '\n' || (s[5] == '\r' && len >= 7 && s[6] == '\n'))) {
			/* "sep=;": the line Excel reads (and may write) to know
			 * the delimiter; not a header */
			if (!sep)
				sep = (unsigned char)s[4];
			c.i = s[5] == '\n' ? 6 : 7;
			c.line = 2;
		}
		c.sep = sep ? (char)sep : detect_sep(dg, apath, s + c.i, len - c.i);
		t = c.sep ? parse_csv(&c) : NULL;
		text = c.text; /* NULL when parse_csv freed it */
		buf_free(&c.scratch);
	}
	free(text);
	return t;
}

/* ---- YAML form ----
 *   title: …            (optional)
 *   source: …           (optional)
 *   columns: [year, visitors]
 *   rows:
 *     - [2019, 5600]
 */

/* A YAML null written as a cell means "no value": show it as empty. */
static const char *yaml_cell(const ynode *n)
{
	if (n->plain && (!strcmp(n->str, "~") || !strcmp(n->str, "null") || !strcmp(n->str, "Null") ||
			 !strcmp(n->str, "NULL")))
		return "";
	return n->str;
}

static rawtable *load_yaml_table(doc *d, diag *dg, const char *path, srcpos from)
{
	static const char *const keys[] = {"title", "source", "columns", "rows", NULL};
	ynode *root = yaml_load_file(d->a, dg, path, from);
	doc_add_input(d, path);
	if (!root || !yis_map(dg, root, "table"))
		return NULL;
	ymap_check(dg, root, "table", keys);
	rawtable *t = arena_alloc(d->a, sizeof *t);
	t->pos = root->pos;
	t->title = yget_str(dg, root, "title");
	t->source = yget_str(dg, root, "source");

	const ynode *cols = ymap_get(root, "columns");
	const ynode *rows = ymap_get(root, "rows");
	if (!cols)
		diag_error(dg, root->pos, "table: missing required key 'columns'");
	if (!rows)
		diag_error(dg, root->pos, "table: missing required key 'rows'");
	if (!cols || !rows || !yis_seq(dg, cols, "columns") || !yis_seq(dg, rows, "rows"))
		return NULL;

	if (cols->n == 0) {
		diag_error(dg, cols->pos, "columns: the list is empty");
		return NULL;
	}
	if (cols->n > (size_t)LIMIT_TABLE_COLUMNS) {
		diag_error(dg, cols->pos, "table has more than %ld columns (limit table-columns)", LIMIT_TABLE_COLUMNS);
		return NULL;
	}
	size_t nc = cols->n;
	t->ncols = nc;
	t->keys = arena_array(d->a, nc, sizeof *t->keys);
	srcpos kpos[LIMIT_TABLE_COLUMNS_MAX];
	for (size_t k = 0; k < nc; k++) {
		const char *s = ystr(dg, cols->kids[k], "columns");
		t->keys[k] = s ? s : "";
		kpos[k] = cols->kids[k]->pos;
		if (!s)
			return NULL;
	}
	check_keys(dg, t->keys, kpos, nc);

	if (rows->n == 0) {
		diag_error(dg, rows->pos, "table '%s' has no data rows", path);
		return NULL;
	}
	if (rows->n > (size_t)LIMIT_TABLE_ROWS) {
		diag_error(dg, rows->pos, "table '%s' has more than %ld rows (limit table-rows)", path,
			   LIMIT_TABLE_ROWS);
		return NULL;
	}
	t->cells = arena_array(d->a, rows->n * nc, sizeof *t->cells);
	t->cellpos = arena_array(d->a, rows->n * nc, sizeof *t->cellpos);
	size_t nr = 0;
	for (size_t r = 0; r < rows->n; r++) {
		const ynode *row = rows->kids[r];
		if (row->kind != Y_SEQ) {
			diag_error(dg, row->pos, "row %zu: expected a list of cells ([a, b, …]), got a %s",
				   r + 1, ykind_name(row->kind));
			continue;
		}
		if (row->n != nc) {
			diag_error(dg, row->pos, "row has %zu cell%s, 'columns' has %zu", row->n, row->n == 1 ? "" : "s", nc);
			continue;
		}
		bool ok = true;
		for (size_t k = 0; k < nc; k++) {
			const ynode *v = row->kids[k];
			if (v->kind != Y_SCALAR) {
				diag_error(dg, v->pos, "row %zu, cell %zu: expected a string or number, got a %s",
					   r + 1, k + 1, ykind_name(v->kind));
				ok = false;
				continue;
			}
			t->cells[nr * nc + k] = yaml_cell(v);
			t->cellpos[nr * nc + k] = v->pos;
		}
		if (ok)
			nr++;
	}
	t->nrows = nr;
	/* Bad rows were reported and dropped; with no good row left there is
	 * nothing for the caller to check further. */
	return nr ? t : NULL;
}

/* ---- entry point ---- */

static bool has_ext(const char *path, const char *ext)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	return dot && (!slash || dot > slash) && strcasecmp(dot, ext) == 0;
}

/* Returns the table, or NULL when none could be produced (reported). A table
 * with rows of the wrong width is still returned without those rows (the
 * errors are reported), so that the caller can go on checking the columns it
 * asks for and report those problems in the same run. */
/* A table is read once per file and delimiter, however many parts use it
 * and however its path is written (keyed by device and inode): its errors
 * are reported once. Tables are not changed once loaded. */
struct table_loaded {
	dev_t dev;
	ino_t ino;
	off_t size;             /* with the time, a file rewritten in place is read again */
	struct timespec mtime;
	int sep;
	rawtable *t;
	bool failed;            /* errors were reported when it was read */
};

static rawtable *load_uncached(doc *d, diag *dg, const char *path, srcpos from, int sep);

rawtable *load_rawtable_sep(doc *d, diag *dg, const char *path, srcpos from, int sep)
{
	if (sep < 0)
		return NULL; /* a wrong delimiter: key, reported */
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return load_uncached(d, dg, path, from, sep);
	for (size_t i = 0; i < d->ntables; i++) {
		const struct table_loaded *e = &d->tables[i];
		if (e->dev == st.st_dev && e->ino == st.st_ino && e->sep == sep && e->size == st.st_size &&
		    e->mtime.tv_sec == st.st_mtim.tv_sec && e->mtime.tv_nsec == st.st_mtim.tv_nsec) {
			if (e->failed)
				diag_repeat(dg);
			return e->t;
		}
	}
	int before = dg->errors;
	rawtable *t = load_uncached(d, dg, path, from, sep);
	GROW(d->tables, d->tables_cap, d->ntables + 1);
	d->tables[d->ntables++] = (struct table_loaded){st.st_dev, st.st_ino, st.st_size, st.st_mtim, sep, t,
							 dg->errors > before};
	return t;
}

static rawtable *load_uncached(doc *d, diag *dg, const char *path, srcpos from, int sep)
{
	if (has_ext(path, ".csv") || has_ext(path, ".tsv") || has_ext(path, ".txt"))
		return load_csv(d, dg, path, from, sep);
	if (spreadsheet_file(dg, path, from))
		return NULL;
	if (has_ext(path, ".yaml") || has_ext(path, ".yml"))
		return load_yaml_table(d, dg, path, from);
	diag_error(dg, from, "'%s': unknown table format (expected .csv, .tsv, .txt, .yaml or .yml)", path);
	return NULL;
}

rawtable *load_rawtable(doc *d, diag *dg, const char *path, srcpos from)
{
	return load_rawtable_sep(d, dg, path, from, 0);
}

int load_delimiter(diag *dg, const ynode *m)
{
	const ynode *v = ymap_get(m, "delimiter");
	if (!v)
		return 0;
	const char *s = ystr(dg, v, "delimiter");
	if (!s)
		return -1;
	if (!strcasecmp(s, "tab") || !strcmp(s, "\\t"))
		return '\t';
	if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r' && s[0] != ' ' &&
	    (unsigned char)s[0] < 0x80)
		return s[0];
	diag_error(dg, v->pos,
		   "delimiter: expected one character such as \",\", \";\", \"|\" or the word tab, got '%s'", s);
	return -1;
}
