/* diag.c — printing diagnostics with an optional source snippet. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "util.h"

static long max_errors = DIAG_MAX_ERRORS;

void diag_set_max_errors(long n)
{
	max_errors = n;
}

void diag_init(diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
	d->max_errors = max_errors > INT32_MAX ? INT32_MAX : (int)max_errors;
	const char *nc = getenv("NO_COLOR");
	d->color = out && isatty(fileno(out)) && !(nc && nc[0]);
	d->snippets = 1;
}

/* ---- the texts of the files read, for source lines ----
 * A source line is taken from the bytes the loader read (diag_source), never
 * read again from the file: the file may have changed, may be a FIFO or a
 * file such as /proc/self/environ whose content depends on who reads it, or
 * may be one the run was not allowed to read at all. */
struct diag_src {
	struct diag_src *next;
	char *file;
	char *text;
	size_t len;
};

void diag_source(diag *d, const char *file, const char *text, size_t len)
{
	if (!d->out || !d->snippets || !file || !text)
		return;
	struct diag_src *s = d->srcs;
	while (s && strcmp(s->file, file))
		s = s->next;
	if (!s) {
		s = xcalloc(1, sizeof *s);
		s->file = xstrdup(file);
		s->next = d->srcs;
		d->srcs = s;
	} else {
		free(s->text);
	}
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = 0;
	s->len = len;
}

/* One error per cause: an error with the place and text of an earlier one
 * (a file read by two parts) is not printed again, nor is a
 * value error (diag_error_value) at the place of an earlier one (a cell
 * checked by a table and by a chart, each in its own words). */
struct diag_seen {
	struct diag_seen *next;
	char *file, *msg; /* msg NULL: a value error */
	int line, col;
};

static bool seen_before(diag *d, srcpos p, const char *msg)
{
	if (!d->out || !p.file || p.line <= 0)
		return false;
	for (const struct diag_seen *s = d->seen; s; s = s->next)
		if (s->line == p.line && s->col == p.col && !strcmp(s->file, p.file) &&
		    (msg ? s->msg && !strcmp(s->msg, msg) : !s->msg))
			return true;
	struct diag_seen *s = xcalloc(1, sizeof *s);
	s->file = xstrdup(p.file);
	s->msg = msg ? xstrdup(msg) : NULL;
	s->line = p.line;
	s->col = p.col;
	s->next = d->seen;
	d->seen = s;
	return false;
}

void diag_free(diag *d)
{
	for (size_t i = 0; i < d->nrecords; i++) {
		free(d->records[i].file);
		free(d->records[i].message);
	}
	free(d->records);
	d->records = NULL;
	d->nrecords = d->records_cap = 0;
	while (d->seen) {
		struct diag_seen *n = d->seen->next;
		free(d->seen->file);
		free(d->seen->msg);
		free(d->seen);
		d->seen = n;
	}
	while (d->srcs) {
		struct diag_src *n = d->srcs->next;
		free(d->srcs->file);
		free(d->srcs->text);
		free(d->srcs);
		d->srcs = n;
	}
}

/* ---- escaping ----
 * One piece of a line as shown: the bytes [at, at+n) of the source, drawn as
 * `show` (the bytes themselves, spaces for a tab, or an escape) `width`
 * terminal columns wide. */
typedef struct {
	size_t at, n;
	char show[12];
	int width;
	bool col;  /* starts a new column (as utf8_linecol counts them) */
} piece;

/* The piece at s[0..n) (n >= 1); x is the display column it starts at (for tabs). */
static piece piece_at(const char *s, size_t n, int x)
{
	piece p = {0};
	unsigned char b = (unsigned char)s[0];
	p.col = (b & 0xC0) != 0x80;
	uint32_t cp;
	int k = utf8_decode(s, n, &cp);
	if (k <= 0) { /* an invalid byte */
		p.n = 1;
		snprintf(p.show, sizeof p.show, "\\x%02X", b);
		p.width = 4;
		return p;
	}
	p.n = (size_t)k;
	if (cp == '\t') {
		p.width = 8 - x % 8;
		memset(p.show, ' ', (size_t)p.width);
		return p;
	}
	/* control characters, and the bidirectional controls that reorder what a
	 * terminal shows */
	if (cp < 0x20 || cp == 0x7F) {
		snprintf(p.show, sizeof p.show, "\\x%02X", (unsigned)cp);
		p.width = 4;
		return p;
	}
	if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C) {
		snprintf(p.show, sizeof p.show, "\\u%04X", (unsigned)cp);
		p.width = 6;
		return p;
	}
	memcpy(p.show, s, (size_t)k);
	int w = utf8proc_charwidth((utf8proc_int32_t)cp);
	p.width = w < 0 ? 1 : w;
	return p;
}

size_t diag_escape(char *out, size_t size, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		piece p = piece_at(s + i, n - i, 0);
		const char *show = p.show;
		if (s[i] == '\t' || s[i] == '\n')
			show = s[i] == '\t' ? "\\t" : "\\n";
		size_t l = strlen(show);
		if (o + l < size)
			memcpy(out + o, show, l);
		else if (o < size)
			out[o] = 0;
		o += l;
		i += p.n;
	}
	if (size)
		out[o < size ? o : size - 1] = 0;
	return o;
}

static void put_escaped(FILE *f, const char *s)
{
	size_t n = strlen(s);
	size_t need = diag_escape(NULL, 0, s, n);
	char *e = xmalloc(need + 1);
	diag_escape(e, need + 1, s, n);
	fputs(e, f);
	free(e);
}

/* ---- the source line and its caret ---- */

/* Show line[0..n) around column col (1-based, in code points as the
 * loaders count them) in at most DIAG_LINE_WIDTH terminal columns, with
 * "…" where it is cut, and the caret under the character at col. */
static void snippet_window(FILE *out, const char *line, size_t n, int lineno, int col, bool color,
			   bool more_before, bool more_after)
{
	size_t cap = n + 1, np = 0;
	piece *ps = xmalloc(cap * sizeof *ps);
	int x = 0;
	for (size_t i = 0; i < n;) {
		ps[np] = piece_at(line + i, n - i, x);
		ps[np].at = i;
		x += ps[np].width;
		i += ps[np].n;
		np++;
	}
	/* the piece the column points at (np: just after the end) */
	size_t k = 0;
	int c = 0;
	for (k = 0; k < np; k++) {
		if (ps[k].col)
			c++;
		if (c >= col)
			break;
	}
	int total = x, caret = 0;
	for (size_t i = 0; i < k; i++)
		caret += ps[i].width;
	/* the window [a, b) of pieces */
	size_t a = 0, b = np;
	if (total > DIAG_LINE_WIDTH) {
		int left = DIAG_LINE_WIDTH / 3; /* context before the caret */
		int from = caret - left > 0 ? caret - left : 0;
		if (total - from < DIAG_LINE_WIDTH)
			from = total - DIAG_LINE_WIDTH;
		int w = 0;
		for (a = 0; a < np && w + ps[a].width <= from; a++)
			w += ps[a].width;
		if (a > k)
			a = k;
		int used = 0;
		for (b = a; b < np && used + ps[b].width <= DIAG_LINE_WIDTH; b++)
			used += ps[b].width;
		if (b <= k && k < np)
			b = k + 1;
	}
	bool cut_before = a > 0 || more_before, cut_after = b < np || more_after;
	fprintf(out, "%5d | %s", lineno, cut_before ? "…" : "");
	for (size_t i = a; i < b; i++)
		fputs(ps[i].show, out);
	fprintf(out, "%s\n      | %s", cut_after ? "…" : "", cut_before ? " " : "");
	for (size_t i = a; i < k; i++)
		for (int j = 0; j < ps[i].width; j++)
			fputc(' ', out);
	fputs(color ? "\033[1;32m^\033[0m\n" : "^\n", out);
	free(ps);
}

/* Lines longer than this are cut to the bytes around the column before
 * they are measured, so that many messages on one huge line (a minified
 * file, 100,000 duplicate keys) cost little each. */
#define SNIPPET_SCAN_BYTES (16 * DIAG_LINE_WIDTH)

void diag_snippet_line(FILE *out, const char *line, size_t n, int lineno, int col, bool color)
{
	if (n <= 2 * SNIPPET_SCAN_BYTES) {
		snippet_window(out, line, n, lineno, col, color, false, false);
		return;
	}
	/* the byte where column col starts (columns count code points) */
	size_t at = 0;
	for (int c = 1; c < col && at < n; c++)
		do
			at++;
		while (at < n && ((unsigned char)line[at] & 0xC0) == 0x80);
	size_t lo = at > SNIPPET_SCAN_BYTES ? at - SNIPPET_SCAN_BYTES : 0;
	while (lo > 0 && ((unsigned char)line[lo] & 0xC0) == 0x80)
		lo--;
	size_t hi = n - at > SNIPPET_SCAN_BYTES ? at + SNIPPET_SCAN_BYTES : n;
	while (hi < n && ((unsigned char)line[hi] & 0xC0) == 0x80)
		hi++;
	int before = 0; /* code points in line[lo..at) */
	for (size_t i = lo; i < at; i++)
		before += ((unsigned char)line[i] & 0xC0) != 0x80;
	snippet_window(out, line + lo, hi - lo, lineno, before + 1, color, lo > 0, hi < n);
}

/* Print the source line p.line of p.file with a caret under p.col, from the
 * text the loader read. */
static void snippet(diag *d, srcpos p)
{
	if (!d->snippets || !p.file || p.line <= 0 || p.col <= 0)
		return;
	const struct diag_src *s = d->srcs;
	while (s && strcmp(s->file, p.file))
		s = s->next;
	if (!s)
		return;
	const char *t = s->text, *end = s->text + s->len;
	for (int ln = 1; ln < p.line; ln++) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		if (!nl)
			return;
		t = nl + 1;
	}
	const char *e = memchr(t, '\n', (size_t)(end - t));
	size_t n = e ? (size_t)(e - t) : (size_t)(end - t);
	if (n && t[n - 1] == '\r')
		n--;
	if (memchr(t, 0, n))
		return; /* NUL bytes: not a text file, nothing to show */
	diag_snippet_line(d->out, t, n, p.line, p.col, d->color);
}

static void record(diag *d, srcpos p, diag_severity sev, const char *fmt, va_list ap)
{
	if (d->nrecords == d->records_cap) {
		d->records_cap = d->records_cap ? 2 * d->records_cap : 8;
		d->records = xrealloc(d->records, d->records_cap * sizeof *d->records);
	}
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = 0;
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	d->records[d->nrecords++] = (diag_record){sev, p.file ? xstrdup(p.file) : NULL, msg,
						  p.file && p.line > 0 ? p.line : 0,
						  p.file && p.line > 0 ? (p.col > 0 ? p.col : 1) : 0};
}

const diag_record *diag_first_error(const diag *d)
{
	for (size_t i = 0; i < d->nrecords; i++)
		if (d->records[i].severity == DIAG_ERROR)
			return &d->records[i];
	return NULL;
}

static void emit(diag *d, srcpos p, diag_severity sev, const char *colour, const char *fmt, va_list ap)
{
	static const char *const kinds[] = {"error", "warning", "note"};
	const char *kind = kinds[sev];
	va_list rq;
	va_copy(rq, ap);
	record(d, p, sev, fmt, rq);
	va_end(rq);
	if (!d->out)
		return;
	if (d->color)
		fputs("\033[1m", d->out);
	if (p.file) /* every part of the message is escaped: names come from the input */
		put_escaped(d->out, p.file);
	if (p.file && p.line > 0)
		fprintf(d->out, ":%d:%d: ", p.line, p.col > 0 ? p.col : 1);
	else if (p.file)
		fputs(": ", d->out);
	else
		fputs("dossier: ", d->out);
	if (d->color)
		fprintf(d->out, "%s%s:\033[0m\033[1m ", colour, kind);
	else
		fprintf(d->out, "%s: ", kind);
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		char *msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		put_escaped(d->out, msg);
		free(msg);
	}
	if (d->color)
		fputs("\033[0m", d->out);
	fputc('\n', d->out);
	snippet(d, p);
}

static void error_v(diag *d, srcpos p, bool value, const char *fmt, va_list ap)
{
	if (d->errors < d->max_errors && d->out && p.file && p.line > 0) {
		va_list aq;
		va_copy(aq, ap);
		int n = vsnprintf(NULL, 0, fmt, aq);
		va_end(aq);
		char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
		va_copy(aq, ap);
		vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, aq);
		va_end(aq);
		bool again = seen_before(d, p, value ? NULL : msg);
		free(msg);
		if (again) {
			/* counted, so that a loader sees that its step failed,
			 * but not printed, nor in the total (diag_total) */
			d->errors++;
			d->repeats++;
			return;
		}
	}
	d->errors++;
	if (d->errors > d->max_errors)
		return;
	emit(d, p, DIAG_ERROR, "\033[31m", fmt, ap);
	if (d->errors == d->max_errors && d->out)
		fprintf(d->out, "dossier: too many errors; stopping the list here\n");
}

void diag_error(diag *d, srcpos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(d, p, false, fmt, ap);
	va_end(ap);
}

void diag_error_value(diag *d, srcpos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_v(d, p, true, fmt, ap);
	va_end(ap);
}

void diag_warning(diag *d, srcpos p, const char *fmt, ...)
{
	d->warnings++;
	va_list ap;
	va_start(ap, fmt);
	emit(d, p, DIAG_WARNING, "\033[35m", fmt, ap);
	va_end(ap);
}

void diag_note(diag *d, srcpos p, const char *fmt, ...)
{
	if (d->errors > d->max_errors)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, p, DIAG_NOTE, "\033[36m", fmt, ap);
	va_end(ap);
}

const char *diag_nearest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	int bestd = 1000;
	size_t wl = strlen(word);
	int cap = wl <= 3 ? 2 : wl <= 6 ? 3 : 4;
	for (int i = 0; cands[i]; i++) {
		int dd = edit_distance(word, cands[i], cap);
		if (dd < bestd) {
			bestd = dd;
			best = cands[i];
		}
	}
	return bestd < cap ? best : NULL;
}

int diag_total(const diag *d)
{
	return d->errors - d->repeats;
}

void diag_repeat(diag *d)
{
	d->errors++;
	d->repeats++;
}
