/* pipeline.h — one dossier through every stage: load → layout → render.
 *
 * Takes: a layout path and an output path. Gives: the PDF (written
 * atomically by render_pdf) and a result record for reports: exit status,
 * pages, bytes, wall time, error count and the first error message. All
 * diagnostics go to job.diag_out (stderr for the CLI, a memory stream for
 * batch builds). Each call owns all of its memory, so separate processes
 * can run jobs side by side.
 */
#ifndef DOSSIER_PIPELINE_H
#define DOSSIER_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "load.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

typedef enum { JOB_BUILD, JOB_CHECK, JOB_DUMP, JOB_DEPS } job_kind;

typedef struct {
	job_kind kind;
	const char *layout;
	const char *out;        /* PDF path (build), rule target (deps) */
	FILE *diag_out;         /* where messages go */
	FILE *info_out;         /* dump / deps / summary lines; NULL = none */
	bool quiet;
	/* Batch builds (batch.c, docs/batch.md). The variables and the copy
	 * fields describe this dossier of a manifest; they reach the loader as
	 * load_opts. want_inputs: fill job_result.inputs with doc->inputs. */
	const char *const *var_names, *const *var_values;
	size_t nvars;
	int copy_no, copy_total;        /* "Copy 3 of 12"; 0 = not a numbered copy */
	const char *recipient_name, *recipient_title, *recipient_delegation;
	bool want_inputs;
	const char *const *allow_paths; /* --allow-path: directories outside the */
	size_t nallow_paths;            /* project the layout may read from */
	int linebreak;          /* --linebreak: 1 + DOC_BREAK_*, over the layout's; 0 = the layout's */
	int quality;            /* JOB_CHECK: print the quality counts; 1 table, 2 JSON */
	/* files besides the dossier's own that the output must not be (a
	 * batch's manifest) */
	const char *const *extra_inputs;
	size_t nextra_inputs;
} job;

/* The first error of a run, for reports (from the diag's records); fixed
 * size, so that a batch worker can send it through a pipe. */
typedef struct {
	char file[256];         /* "" when about no file */
	int line, col;          /* 0 when unknown */
	char message[512];      /* "" when there was no error */
} job_error;

/* Set e (message from fmt). */
void job_error_set(job_error *e, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* e as diag prints an error, without colour or source line, and a newline:
 * FILE:LINE:COL: error: MESSAGE, FILE: error: …, or dossier: error: … */
void job_error_print(FILE *f, const job_error *e);

typedef struct {
	int status;             /* EXIT_* */
	int errors;
	size_t pages;
	long bytes;             /* size of the written PDF */
	double seconds;
	job_error first_error;  /* message "" when none */
	char **inputs;          /* with job.want_inputs: every file read, in */
	size_t ninputs;         /* order (malloc'ed; job_result_free) */
} job_result;

int pipeline_run(const job *j, job_result *r);
/* Free what pipeline_run allocated in r (the inputs list). */
void job_result_free(job_result *r);

/* The layout at path loaded as the pipeline loads it (load_layout_opts),
 * with the stage inputs the loader cannot know added to doc->inputs (the
 * hyphenation dictionary of the document's language). */
doc *pipeline_load(diag *dg, const char *layout, const load_opts *lo);

#endif
