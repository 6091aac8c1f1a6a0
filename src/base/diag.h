/* diag.h — diagnostics: "file:line:col: error: message".
 *
 * Every stage reports problems through one diag object and keeps going, so a
 * single run lists every error it can find. A stage fails at its end when
 * diag.errors > 0. Positions are 1-based; a line of 0 means "the whole file".
 *
 * Takes: positions (srcpos) copied from the loaders into the model, so that a
 * layout-stage problem still points at the YAML line that asked for it.
 * Gives: text on the stream given to diag_init (stderr for the CLI), with the
 * offending source line and a caret when the file can be read and colour when
 * the stream is a terminal and NO_COLOR is unset.
 */
#ifndef DOSSIER_DIAG_H
#define DOSSIER_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
	const char *file; /* borrowed; lives as long as the document */
	int line, col;    /* 1-based; 0 = unknown */
} srcpos;

struct diag_src;

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

/* One message as reported, kept besides being printed: what reports and
 * tests read instead of the text. file is NULL when the message is about
 * no file ("dossier: error: …"); line and col are 0 when unknown. */
typedef struct {
	diag_severity severity;
	char *file, *message; /* owned by the diag; message unescaped */
	int line, col;
} diag_record;

typedef struct diag {
	FILE *out;
	int errors, warnings;
	int max_errors;   /* stop printing after this many (still counted) */
	int color;        /* 1 = ANSI colour */
	int snippets;     /* 1 = print source line + caret */
	struct diag_src *srcs; /* the texts read, for source lines (diag_source) */
	struct diag_seen *seen; /* positions of the errors printed */
	int repeats;      /* errors not printed again: said before (in errors too) */
	diag_record *records; /* every message reported (not the repeats, nor
			       * errors past max_errors), in order */
	size_t nrecords, records_cap;
} diag;

/* Errors printed before the list is cut, by default (limit errors). */
#define DIAG_MAX_ERRORS 100
/* The max_errors of the diags initialised from now on (bounds.c sets it
 * from --limit errors=N). */
void diag_set_max_errors(long n);

/* A source line is shown in at most this many terminal columns: a longer one
 * is cut around the column, with "…" where it is cut. */
#define DIAG_LINE_WIDTH 100

void diag_init(diag *d, FILE *out);
/* Keep a copy of the text of file as it was read, to show its lines in
 * messages (only files given here have their lines shown). Nothing is kept
 * when the diag prints nothing. */
void diag_source(diag *d, const char *file, const char *text, size_t len);
/* Free the texts kept by diag_source, and the records. */
void diag_free(diag *d);
/* The first error recorded, or NULL. */
const diag_record *diag_first_error(const diag *d);
/* Write s[0..n) into out (at most size bytes with the NUL) with control
 * characters, bidirectional controls and invalid UTF-8 bytes escaped (\x1B,
 * \u202E, \xFF; tab and newline as \t and \n); returns the length the
 * whole escaped text needs, without the NUL. */
size_t diag_escape(char *out, size_t size, const char *s, size_t n);
/* Print a source line as the messages do: "   12 | text" cut around the
 * 1-based column col to DIAG_LINE_WIDTH columns, and the caret line. */
void diag_snippet_line(FILE *out, const char *line, size_t n, int lineno, int col, bool color);
void diag_error(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error about a value at p (a table cell): printed once however many
 * parts check the value, whatever their words. */
void diag_error_value(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The errors to tell the user: those printed or past the limit, not the
 * repeats. */
/* An error met again and already reported (a file that failed, read by a
 * second part): counted for the caller, not printed. */
void diag_repeat(diag *d);
int diag_total(const diag *d);
void diag_warning(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The nearest of the NULL-terminated candidates to word, or NULL when none is
 * close enough to be worth suggesting. */
const char *diag_nearest(const char *word, const char *const *candidates);

#endif
