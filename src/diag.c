/* diag.c — printing diagnostics with an optional source snippet. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limits.h"
#include "util.h"

void diag_init(diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
	d->max_errors = LIMIT_MAX_ERRORS;
	const char *nc = getenv("NO_COLOR");
	d->color = out && isatty(fileno(out)) && !(nc && nc[0]);
	d->snippets = 1;
}

/* Print the source line p.line of p.file with a caret under p.col. */
static void snippet(diag *d, srcpos p)
{
	if (!d->snippets || !p.file || p.line <= 0 || p.col <= 0)
		return;
	FILE *f = file_open_regular(p.file);
	if (!f)
		return;
	char line[512];
	int ln = 1;
	int found = 0;
	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(line);
		int whole = n > 0 && line[n - 1] == '\n';
		if (ln == p.line) {
			found = 1;
			break;
		}
		if (whole)
			ln++;
	}
	fclose(f);
	if (!found)
		return;
	size_t n = strcspn(line, "\r\n");
	line[n] = 0;
	if (utf8_invalid_at(line, n) >= 0)
		return; /* do not echo broken bytes to a terminal */
	fprintf(d->out, "%5d | %s\n      | ", p.line, line);
	/* caret: count code points up to the column, keep tabs as tabs */
	int col = 1;
	for (size_t i = 0; i < n && col < p.col; i++) {
		if (((unsigned char)line[i] & 0xC0) == 0x80)
			continue;
		fputc(line[i] == '\t' ? '\t' : ' ', d->out);
		col++;
	}
	fputs(d->color ? "\033[1;32m^\033[0m\n" : "^\n", d->out);
}

static void emit(diag *d, srcpos p, const char *kind, const char *colour, const char *fmt, va_list ap)
{
	if (!d->out)
		return;
	if (d->color)
		fputs("\033[1m", d->out);
	if (p.file && p.line > 0)
		fprintf(d->out, "%s:%d:%d: ", p.file, p.line, p.col > 0 ? p.col : 1);
	else if (p.file)
		fprintf(d->out, "%s: ", p.file);
	else
		fputs("dossier: ", d->out);
	if (d->color)
		fprintf(d->out, "%s%s:\033[0m\033[1m ", colour, kind);
	else
		fprintf(d->out, "%s: ", kind);
	vfprintf(d->out, fmt, ap);
	if (d->color)
		fputs("\033[0m", d->out);
	fputc('\n', d->out);
	snippet(d, p);
}

void diag_error(diag *d, srcpos p, const char *fmt, ...)
{
	d->errors++;
	if (d->errors > d->max_errors)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, p, "error", "\033[31m", fmt, ap);
	va_end(ap);
	if (d->errors == d->max_errors && d->out)
		fprintf(d->out, "dossier: too many errors; stopping the list here\n");
}

void diag_warning(diag *d, srcpos p, const char *fmt, ...)
{
	d->warnings++;
	va_list ap;
	va_start(ap, fmt);
	emit(d, p, "warning", "\033[35m", fmt, ap);
	va_end(ap);
}

void diag_note(diag *d, srcpos p, const char *fmt, ...)
{
	if (d->errors > d->max_errors)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, p, "note", "\033[36m", fmt, ap);
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
