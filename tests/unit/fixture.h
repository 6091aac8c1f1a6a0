/* fixture.h — what several unit tests set up the same way. */
#ifndef DOSSIER_TEST_FIXTURE_H
#define DOSSIER_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "font.h"
#include "layout.h"
#include "model.h"
#include "util.h"

/* The repository's fonts for the body (Noto Serif), heading and mono
 * (Noto Sans) families; tests run from the repository root. */
static inline void use_repo_fonts(doc *d)
{
	static const char *const names[FAM_MAX] = {"NotoSerif", "NotoSans", "NotoSans"};
	static const char *const faces[4] = {"Regular", "Bold", "Italic", "BoldItalic"};
	for (int i = 0; i < FAM_MAX; i++) {
		d->fam[i].name = names[i];
		for (int k = 0; k < 4; k++)
			d->fam[i].path[k] = arena_printf(d->a, "fonts/%s-%s.ttf", names[i], faces[k]);
	}
}

/* An arena and a diagnostics sink whose messages the test reads back with
 * msgfx_log: the fixture of the loader-level tests. */
typedef struct {
	arena *a;
	diag dg;
	char log[4096];
} msgfx;

static inline int msgfx_setup(void **state)
{
	msgfx *f = calloc(1, sizeof *f);
	f->a = arena_new();
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static inline int msgfx_teardown(void **state)
{
	msgfx *f = *state;
	diag_free(&f->dg);
	fclose(f->dg.out);
	arena_free(f->a);
	free(f);
	return 0;
}

/* What was reported so far, read from the diag's records (not from the
 * printed text): one line per message, "FILE:LINE:COL: KIND: MESSAGE" as
 * diag prints it without escapes and source lines (the first 4 KB). */
static inline const char *diag_records_text(const diag *dg, char *out, size_t size)
{
	static const char *const kinds[] = {"error", "warning", "note"};
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < dg->nrecords && n < size; i++) {
		const diag_record *r = &dg->records[i];
		int k;
		if (!r->file)
			k = snprintf(out + n, size - n, "dossier: %s: %s\n", kinds[r->severity], r->message);
		else if (r->line > 0)
			k = snprintf(out + n, size - n, "%s:%d:%d: %s: %s\n", r->file, r->line, r->col, kinds[r->severity],
				     r->message);
		else
			k = snprintf(out + n, size - n, "%s: %s: %s\n", r->file, kinds[r->severity], r->message);
		n += k > 0 ? (size_t)k : 0;
	}
	return out;
}

static inline const char *msgfx_log(msgfx *f)
{
	return diag_records_text(&f->dg, f->log, sizeof f->log);
}

/* What was printed (the first 4 KB): for the tests of the printing itself. */
static inline const char *msgfx_printed(msgfx *f)
{
	fflush(f->dg.out);
	rewind(f->dg.out);
	size_t n = fread(f->log, 1, sizeof f->log - 1, f->dg.out);
	f->log[n] = 0;
	return f->log;
}

/* A document laid out with its font set, and the messages of both: the
 * fixture of the layout-level tests, which each set the page and fonts up
 * their own way and free everything with layfx_teardown. */
typedef struct {
	doc *d;
	diag dg;
	fontset *fs;
	layout *L;
	char log[4096];
} layfx;

/* An English document titled "Test" on page pg, in the repository's fonts. */
static inline doc *layfx_doc(page_setup pg)
{
	doc *d = doc_new();
	d->meta.title = "Test";
	d->meta.language = "en";
	d->page = pg;
	use_repo_fonts(d);
	return d;
}

/* A fixture for document d, its messages kept silently for the test. */
static inline layfx *layfx_new(doc *d)
{
	layfx *f = calloc(1, sizeof *f);
	f->d = d;
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	return f;
}

/* Load the fonts and, when they load without an error, lay the document
 * out; the errors of loading the fonts (the test asserts there are none). */
static inline int layfx_layout(layfx *f)
{
	f->fs = fontset_load(f->d, &f->dg);
	if (f->dg.errors)
		return f->dg.errors;
	f->L = layout_run(f->d, f->fs, &f->dg);
	return 0;
}

static inline int layfx_teardown(void **state)
{
	layfx *f = *state;
	layout_free(f->L);
	fontset_free(f->fs);
	diag_free(&f->dg);
	fclose(f->dg.out);
	doc_free(f->d);
	free(f);
	return 0;
}

#endif
