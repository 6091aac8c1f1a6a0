/* report.h — the JSON report of a batch run, and merging shard reports.
 *
 * Takes: one entry per dossier of a run (batch.c) or the reports of several
 * shards (`dossier report merge`). Gives: a JSON file (docs/batch.md#report)
 * written atomically (temporary file, fsync, rename), with the dossiers in
 * manifest order, so that the merged reports of shards 1/N … N/N equal the
 * report of a run over the whole manifest except for the times.
 *
 * Reports are read back with the YAML loader (JSON is YAML), so a damaged
 * report is reported with file:line:col like every other input.
 */
#ifndef DOSSIER_REPORT_H
#define DOSSIER_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "contenthash.h"
#include "diag.h"
#include "pipeline.h"
#include "util.h"

typedef enum { RS_BUILT, RS_UP_TO_DATE, RS_FAILED, RS_SKIPPED } rstatus;

typedef struct {
	size_t index;             /* position in the expanded manifest */
	const char *name, *layout, *output;
	int copy_no, copy_total;
	rstatus status;
	int exit_status;          /* EXIT_*: 0 for built and up to date */
	int errors;
	size_t pages;
	long bytes;
	double seconds;
	char inputs_hash[CHASH_HEX]; /* "" when unknown (failed, skipped) */
	/* the first error: "FILE:LINE:COL: error: MESSAGE" split up; file is
	 * NULL for an error without a file (line and col are then 0) */
	const char *err_file, *err_message;
	int err_line, err_col;
} rentry;

typedef struct {
	arena *a;                 /* strings of a report read from a file */
	const char *manifest;
	char manifest_id[CHASH_HEX];
	size_t total;             /* dossiers in the whole manifest */
	int shard_k, shard_n;     /* 0, 0: the whole manifest */
	double seconds;           /* wall time of the run */
	rentry *e;
	size_t n;
} report;

const char *rstatus_name(rstatus s);
/* Split "file:line:col: error: message" into the entry's err_ fields
 * (strings copied into a). */
void rentry_set_error(rentry *e, arena *a, const job_error *first_error);
/* Write the report to path atomically; false (reported) on failure. */
bool report_write(const report *r, const char *path, diag *dg);
/* Read a report written by report_write; NULL on error (reported). */
report *report_read(diag *dg, const char *path);
void report_free(report *r);  /* accepts NULL; only for report_read's */

#endif
