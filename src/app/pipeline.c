/* pipeline.c — run the stages for one dossier and record the outcome. */
#include "pipeline.h"

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

/* The first "error:" line the diag printed, for reports. A memory stream
 * or regular file can be re-read; a terminal cannot (then it stays ""). */
static void first_error(FILE *f, long start, char *out, size_t n)
{
	out[0] = 0;
	if (!f || start < 0 || fflush(f) != 0)
		return;
	long end = ftell(f);
	if (end <= start || fseek(f, start, SEEK_SET) != 0)
		return;
	char line[1024];
	while (ftell(f) < end && fgets(line, sizeof line, f)) {
		if (strstr(line, ": error: ")) {
			size_t len = strcspn(line, "\n");
			if (len >= n)
				len = n - 1;
			memcpy(out, line, len);
			out[len] = 0;
			break;
		}
	}
	fseek(f, end, SEEK_SET);
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
	long start = j->diag_out ? ftell(j->diag_out) : -1;
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
	status = render_pdf(d, L, fs, j->out, &dg);
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
	first_error(j->diag_out, start, r->first_error, sizeof r->first_error);
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
