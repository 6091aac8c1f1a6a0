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

#include <stdio.h>

typedef struct {
	const char *file; /* borrowed; lives as long as the document */
	int line, col;    /* 1-based; 0 = unknown */
} srcpos;

typedef struct diag {
	FILE *out;
	int errors, warnings;
	int max_errors;   /* stop printing after this many (still counted) */
	int color;        /* 1 = ANSI colour */
	int snippets;     /* 1 = print source line + caret */
} diag;

void diag_init(diag *d, FILE *out);
void diag_error(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_warning(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(diag *d, srcpos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The nearest of the NULL-terminated candidates to word, or NULL when none is
 * close enough to be worth suggesting. */
const char *diag_nearest(const char *word, const char *const *candidates);

#endif
