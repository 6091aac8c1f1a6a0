/* pipeline.c — run the stages for one dossier and record the outcome. */
#include "pipeline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "font.h"
#include "hyph.h"
#include "layout.h"
#include "bounds.h"
#include "load.h"
#include "output.h"
#include "render.h"
#include "util.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void job_error_set(job_error *e, const char *file, int line, int col, const char *fmt, ...)
{
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

void job_error_print(FILE *f, const job_error *e)
{
	if (!e->file[0])
		fputs("dossier", f);
	else if (e->line > 0)
		fprintf(f, "%s:%d:%d", e->file, e->line, e->col);
	else
		fputs(e->file, f);
	fprintf(f, ": error: %s\n", e->message);
}

/* The first error the diag recorded, for reports. */
static void first_error(const diag *dg, job_error *e)
{
	const diag_record *r = diag_first_error(dg);
	memset(e, 0, sizeof *e);
	if (r)
		job_error_set(e, r->file, r->line, r->col, "%s", r->message);
}

/* The exit status of a render: the one place a stage's status becomes one. */
static int exit_status(render_status s)
{
	switch (s) {
	case RENDER_OK: return EXIT_OK;
	case RENDER_INPUT_ERROR: return EXIT_INPUT;
	case RENDER_WRITE_ERROR: break;
	}
	return EXIT_SYSTEM;
}

/* The output is not a device, FIFO or directory, nor one of the files the
 * dossier is built from (reported at the output path). */
static bool output_safe(const job *j, const doc *d, diag *dg)
{
	size_t n = d->ninputs + j->nextra_inputs + 2;
	const char **in = xcalloc(n, sizeof *in);
	size_t k = 0;
	for (size_t i = 0; i < d->ninputs; i++)
		in[k++] = d->inputs[i];
	for (size_t i = 0; i < j->nextra_inputs; i++)
		in[k++] = j->extra_inputs[i];
	for (int i = 0; i < 2; i++)
		if (d->security.pw_file[i])
			in[k++] = d->security.pw_file[i];
	char msg[1024];
	bool ok = output_check(j->out, in, k, msg, sizeof msg);
	if (!ok)
		diag_error(dg, (srcpos){j->out, 0, 0}, "%s", msg);
	free(in);
	return ok;
}

doc *pipeline_load(diag *dg, const char *layout, const load_opts *lo)
{
	doc *d = load_layout_opts(dg, layout, lo);
	/* the hyphenation dictionary is an input too: a new one moves breaks */
	for (int i = 0; i < ST_COUNT; i++) {
		if (d->styles[i].hyphenate) {
			const char *hp = hyph_dict_path(d->meta.language);
			if (hp)
				doc_add_input(d, hp);
			break;
		}
	}
	return d;
}

int pipeline_run(const job *j, job_result *r)
{
	memset(r, 0, sizeof *r);
	double t0 = now();
	limits_start_clock();
	diag dg;
	diag_init(&dg, j->diag_out);
	load_opts lo = {j->var_names, j->var_values, j->nvars, j->copy_no, j->copy_total,
			j->recipient_name, j->recipient_title, j->recipient_delegation,
			j->allow_paths, j->nallow_paths};
	doc *d = pipeline_load(&dg, j->layout, &lo);
	fontset *fs = NULL;
	layout *L = NULL;
	int status = EXIT_OK;
	if (j->want_inputs && d->ninputs) {
		r->inputs = xcalloc(d->ninputs, sizeof *r->inputs);
		for (size_t i = 0; i < d->ninputs; i++)
			r->inputs[i] = xstrdup(d->inputs[i]);
		r->ninputs = d->ninputs;
	}
	if (j->kind == JOB_DEPS) {
		if (dg.errors == 0 && j->info_out) {
			fprintf(j->info_out, "%s:", j->out);
			for (size_t i = 0; i < d->ninputs; i++)
				fprintf(j->info_out, " \\\n  %s", d->inputs[i]);
			fprintf(j->info_out, "\n");
		}
		goto done;
	}
	if (j->linebreak > 0)
		d->linebreak = j->linebreak - 1;
	if (j->kind == JOB_BUILD && dg.errors == 0 && !output_safe(j, d, &dg)) {
		status = EXIT_SYSTEM;
		goto done;
	}
	if (dg.errors == 0)
		fs = fontset_load(d, &dg);
	if (dg.errors == 0)
		L = layout_run(d, fs, &dg);
	if (dg.errors)
		goto done;
	r->pages = L->npages;
	if (j->kind == JOB_DUMP) {
		if (j->info_out)
			layout_dump(L, fs, j->info_out);
		goto done;
	}
	if (j->kind == JOB_CHECK) {
		if (j->quality && j->info_out)
			layout_quality_print(L, j->layout, d->linebreak == DOC_BREAK_GREEDY ? "greedy" : "optimal",
					     j->quality == 2, j->info_out);
		goto done;
	}
	status = exit_status(render_pdf(d, L, fs, j->out, &dg));
	if (status == EXIT_OK) {
		struct stat st;
		if (stat(j->out, &st) == 0)
			r->bytes = (long)st.st_size;
	}
done:
	if (dg.errors && status == EXIT_OK)
		status = EXIT_INPUT;
	r->status = status;
	r->errors = diag_total(&dg);
	first_error(&dg, &r->first_error);
	layout_free(L);
	fontset_free(fs);
	doc_free(d);
	diag_free(&dg);
	r->seconds = now() - t0;
	return status;
}

void job_result_free(job_result *r)
{
	for (size_t i = 0; i < r->ninputs; i++)
		free(r->inputs[i]);
	free(r->inputs);
	r->inputs = NULL;
	r->ninputs = 0;
}
