/* report.c — batch reports as JSON; `dossier report merge` (report.h). */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "bounds.h"
#include "json.h"
#include "load.h"
#include "output.h"
#include "pipeline.h"

static const char *const status_names[] = {"built", "up-to-date", "failed", "skipped", NULL};

const char *rstatus_name(rstatus s)
{
	return status_names[s];
}

void rentry_set_error(rentry *e, arena *a, const job_error *fe)
{
	e->err_file = e->err_message = NULL;
	e->err_line = e->err_col = 0;
	if (!fe || !fe->message[0])
		return;
	e->err_message = arena_strdup(a, fe->message);
	if (fe->file[0])
		e->err_file = arena_strdup(a, fe->file);
	e->err_line = fe->line;
	e->err_col = fe->col;
}

/* ---- writing ---- */

static void write_entry(FILE *f, const rentry *e)
{
	fprintf(f, "{\"index\": %zu, \"name\": ", e->index);
	json_put_str(f, e->name);
	if (e->copy_total > 0)
		fprintf(f, ", \"copy\": %d, \"copies\": %d", e->copy_no, e->copy_total);
	else
		fputs(", \"copy\": null, \"copies\": null", f);
	fputs(", \"layout\": ", f);
	json_put_str(f, e->layout);
	fputs(", \"output\": ", f);
	json_put_str(f, e->output);
	fprintf(f, ", \"status\": \"%s\", \"exit\": %d, \"errors\": %d, \"pages\": %zu, \"bytes\": %ld, \"seconds\": %.3f",
		rstatus_name(e->status), e->exit_status, e->errors, e->pages, e->bytes, e->seconds);
	fputs(", \"inputs_hash\": ", f);
	json_put_str(f, e->inputs_hash[0] ? e->inputs_hash : NULL);
	fputs(", \"error\": ", f);
	if (!e->err_message) {
		fputs("null", f);
	} else {
		fputs("{\"file\": ", f);
		json_put_str(f, e->err_file);
		if (e->err_line > 0)
			fprintf(f, ", \"line\": %d, \"col\": %d", e->err_line, e->err_col);
		else
			fputs(", \"line\": null, \"col\": null", f);
		fputs(", \"message\": ", f);
		json_put_str(f, e->err_message);
		fputc('}', f);
	}
	fputc('}', f);
}

static void write_report(FILE *f, const report *r)
{
	size_t count[4] = {0};
	for (size_t i = 0; i < r->n; i++)
		count[r->e[i].status]++;
	fprintf(f, "{\n  \"dossier_report\": 1,\n  \"dossier_version\": \"%s\",\n  \"manifest\": ", DOSSIER_VERSION);
	json_put_str(f, r->manifest);
	fprintf(f, ",\n  \"manifest_id\": \"%s\",\n  \"shard\": ", r->manifest_id);
	if (r->shard_n)
		fprintf(f, "\"%d/%d\"", r->shard_k, r->shard_n);
	else
		fputs("null", f);
	fprintf(f, ",\n  \"total\": %zu,\n", r->total);
	fprintf(f, "  \"summary\": {\"dossiers\": %zu, \"built\": %zu, \"up_to_date\": %zu, \"failed\": %zu, \"skipped\": %zu, \"missing\": ",
		r->n, count[RS_BUILT], count[RS_UP_TO_DATE], count[RS_FAILED], count[RS_SKIPPED]);
	if (r->shard_n)
		fputs("null", f);
	else
		fprintf(f, "%zu", r->total > r->n ? r->total - r->n : 0);
	fprintf(f, ", \"seconds\": %.3f},\n  \"dossiers\": [", r->seconds);
	for (size_t i = 0; i < r->n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		write_entry(f, &r->e[i]);
	}
	fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", f);
}

bool report_write(const report *r, const char *path, diag *dg)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	if (!f) {
		diag_error(dg, (srcpos){path, 0, 0}, "cannot write the report: %s", strerror(errno));
		return false;
	}
	write_report(f, r);
	bool ok = fflush(f) == 0 && !ferror(f);
	int e = errno;
	if (fclose(f) != 0 && ok) {
		ok = false;
		e = errno;
	}
	char msg[512];
	if (!ok)
		diag_error(dg, (srcpos){path, 0, 0}, "cannot write the report: %s", strerror(e));
	else if (!(ok = output_file(path, "the report", data, len, msg, sizeof msg)))
		diag_error(dg, (srcpos){path, 0, 0}, "%s", msg);
	free(data);
	return ok;
}

/* ---- reading (JSON through the YAML loader) ---- */
static bool is_null(const ynode *n)
{
	return n && n->kind == Y_SCALAR && n->plain && (!strcmp(n->str, "null") || !strcmp(n->str, "~"));
}

static bool get_num(diag *dg, const ynode *m, const char *key, double *out, bool null_ok)
{
	const ynode *v = ymap_get(m, key);
	if (!v) {
		diag_error(dg, m->pos, "report: missing key '%s'", key);
		return false;
	}
	if (null_ok && is_null(v)) {
		*out = 0;
		return true;
	}
	return ynum(dg, v, key, out);
}

static const char *get_str(diag *dg, const ynode *m, const char *key, bool null_ok)
{
	const ynode *v = ymap_get(m, key);
	if (!v) {
		diag_error(dg, m->pos, "report: missing key '%s'", key);
		return NULL;
	}
	if (null_ok && is_null(v))
		return NULL;
	return ystr(dg, v, key);
}

static void read_entry(report *r, diag *dg, const ynode *m, rentry *e)
{
	static const char *const keys[] = {"index", "name", "copy", "copies", "layout", "output", "status",
					   "exit", "errors", "pages", "bytes", "seconds", "inputs_hash", "error", NULL};
	static const char *const ekeys[] = {"file", "line", "col", "message", NULL};
	if (!yis_map(dg, m, "dossiers[]"))
		return;
	ymap_check(dg, m, "dossier", keys);
	double x;
	if (get_num(dg, m, "index", &x, false))
		e->index = (size_t)x;
	e->name = get_str(dg, m, "name", false);
	if (get_num(dg, m, "copy", &x, true))
		e->copy_no = (int)x;
	if (get_num(dg, m, "copies", &x, true))
		e->copy_total = (int)x;
	e->layout = get_str(dg, m, "layout", false);
	e->output = get_str(dg, m, "output", false);
	const ynode *v = ymap_get(m, "status");
	int s = v ? yenum(dg, v, "status", status_names) : -1;
	if (!v)
		diag_error(dg, m->pos, "report: missing key 'status'");
	e->status = s < 0 ? RS_FAILED : (rstatus)s;
	if (get_num(dg, m, "exit", &x, false))
		e->exit_status = (int)x;
	if (get_num(dg, m, "errors", &x, false))
		e->errors = (int)x;
	if (get_num(dg, m, "pages", &x, false))
		e->pages = (size_t)x;
	if (get_num(dg, m, "bytes", &x, false))
		e->bytes = (long)x;
	if (get_num(dg, m, "seconds", &x, false))
		e->seconds = x;
	const char *h = get_str(dg, m, "inputs_hash", true);
	chash hh;
	if (h && !chash_parse(h, &hh))
		diag_error(dg, ymap_get(m, "inputs_hash")->pos, "inputs_hash: expected xxh3-128:… (32 hex digits)");
	else if (h)
		snprintf(e->inputs_hash, sizeof e->inputs_hash, "%s", h);
	v = ymap_get(m, "error");
	if (!v) {
		diag_error(dg, m->pos, "report: missing key 'error'");
	} else if (!is_null(v) && yis_map(dg, v, "error")) {
		ymap_check(dg, v, "error", ekeys);
		e->err_file = get_str(dg, v, "file", true);
		if (get_num(dg, v, "line", &x, true))
			e->err_line = (int)x;
		if (get_num(dg, v, "col", &x, true))
			e->err_col = (int)x;
		e->err_message = get_str(dg, v, "message", false);
	}
	(void)r;
}

report *report_read(diag *dg, const char *path)
{
	static const char *const keys[] = {"dossier_report", "dossier_version", "manifest", "manifest_id",
					   "shard", "total", "summary", "dossiers", NULL};
	int before = dg->errors;
	report *r = xcalloc(1, sizeof *r);
	r->a = arena_new();
	ynode *root = yaml_load_file(r->a, dg, arena_strdup(r->a, path), (srcpos){NULL, 0, 0});
	if (!root || !yis_map(dg, root, "report"))
		goto fail;
	ymap_check(dg, root, "report", keys);
	double x;
	if (get_num(dg, root, "dossier_report", &x, false) && x != 1)
		diag_error(dg, ymap_get(root, "dossier_report")->pos, "dossier_report: this is report format 1; got %s",
			   ymap_get(root, "dossier_report")->str);
	const char *ver = get_str(dg, root, "dossier_version", false);
	if (ver && strcmp(ver, DOSSIER_VERSION))
		diag_error(dg, ymap_get(root, "dossier_version")->pos,
			   "dossier_version: the report is from dossier %s; this is %s", ver, DOSSIER_VERSION);
	r->manifest = get_str(dg, root, "manifest", false);
	const char *id = get_str(dg, root, "manifest_id", false);
	chash hh;
	if (id && !chash_parse(id, &hh))
		diag_error(dg, ymap_get(root, "manifest_id")->pos, "manifest_id: expected xxh3-128:… (32 hex digits)");
	else if (id)
		snprintf(r->manifest_id, sizeof r->manifest_id, "%s", id);
	const char *sh = get_str(dg, root, "shard", true);
	if (sh && sscanf(sh, "%d/%d", &r->shard_k, &r->shard_n) != 2)
		diag_error(dg, ymap_get(root, "shard")->pos, "shard: expected K/N, got '%s'", sh);
	if (get_num(dg, root, "total", &x, false))
		r->total = (size_t)x;
	const ynode *sum = ymap_get(root, "summary");
	if (sum && yis_map(dg, sum, "summary") && get_num(dg, sum, "seconds", &x, false))
		r->seconds = x;
	const ynode *list = ymap_get(root, "dossiers");
	if (!list)
		diag_error(dg, root->pos, "report: missing key 'dossiers'");
	else if (yis_seq(dg, list, "dossiers")) {
		r->e = xcalloc(list->n ? list->n : 1, sizeof *r->e);
		for (size_t i = 0; i < list->n; i++)
			read_entry(r, dg, list->kids[i], &r->e[r->n++]);
	}
	if (dg->errors == before)
		return r;
fail:
	report_free(r);
	return NULL;
}

void report_free(report *r)
{
	if (!r)
		return;
	free(r->e);
	arena_free(r->a);
	free(r);
}

/* ---- dossier report merge A.json B.json … -o ALL.json ---- */
static const char report_usage[] = "usage: dossier report merge REPORT.json… -o MERGED.json [--limit NAME=VALUE]\n";

static const rentry *sort_e;

static int by_index(const void *a, const void *b)
{
	const rentry *x = &sort_e[*(const size_t *)a], *y = &sort_e[*(const size_t *)b];
	return (x->index > y->index) - (x->index < y->index);
}

static const char report_help[] =
	"\nMerges the JSON reports of the shards of one manifest (dossier batch\n"
	"--shard K/N --report …) into one report, as a run over the whole\n"
	"manifest would have written it. Exit status: 0 when every dossier of the\n"
	"manifest is in the reports and none failed; 1 when some failed or are\n"
	"missing (the merged report is still written), or a report is unusable;\n"
	"2 usage error; 3 the merged report could not be written.\n";

typedef struct {
	const char *out;
	bool merge;
	opt_list in; /* the reports */
} report_opts;

static int on_report_arg(const opt_use *u, char *arg)
{
	report_opts *o = u->ctx;
	if (o->merge) {
		opt_list_add(&o->in, arg);
	} else if (strcmp(arg, "merge")) {
		return usage_error(u->cmd, "unknown report command '%s' (expected merge)", arg);
	}
	o->merge = true;
	return OPT_CONTINUE;
}

static const opt_spec report_specs[] = {
	OPT_SPEC_OUTPUT(report_opts, out),
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd report_cmd = {NULL, report_usage, report_usage, report_help, report_specs, on_report_arg, 0};

static int report_merge(const char *out, const char **in, size_t nin);

int cmd_report(int argc, char **argv)
{
	report_opts o = {0};
	int status = opt_parse(&report_cmd, argc, argv, &o);
	if (status == OPT_CONTINUE && (!o.merge || o.in.n == 0 || !o.out))
		status = usage_error(&report_cmd, "report merge needs %s",
				     !o.merge ? "a command" : o.in.n == 0 ? "at least one report" : "-o MERGED.json");
	if (status == OPT_CONTINUE)
		status = report_merge(o.out, o.in.v, o.in.n);
	opt_list_free(&o.in);
	return status;
}

/* The entries of every readable report into m (from[k]: which report the
 * k-th came from); reports of another manifest and bad indexes are errors. */
static void gather(report *m, const char **from, report **rs, const char **in, size_t nin, diag *dg)
{
	const report *first = NULL;
	size_t first_i = 0;
	for (size_t i = 0; i < nin; i++) {
		report *r = rs[i];
		if (!r)
			continue;
		if (!first) {
			first = r;
			first_i = i;
			m->manifest = r->manifest;
			memcpy(m->manifest_id, r->manifest_id, sizeof m->manifest_id);
			m->total = r->total;
		} else if (strcmp(r->manifest_id, first->manifest_id) || r->total != first->total) {
			diag_error(dg, (srcpos){in[i], 0, 0},
				   "comes from another manifest than %s (manifest_id %s, not %s); reports of different manifests cannot be merged",
				   in[first_i], r->manifest_id, first->manifest_id);
			continue;
		}
		if (r->seconds > m->seconds)
			m->seconds = r->seconds;
		for (size_t j = 0; j < r->n; j++) {
			if (r->e[j].index >= r->total) {
				diag_error(dg, (srcpos){in[i], 0, 0}, "dossier '%s' has index %zu; the manifest has %zu dossiers",
					   r->e[j].name, r->e[j].index, r->total);
				continue;
			}
			from[m->n] = in[i];
			m->e[m->n++] = r->e[j];
		}
	}
}

/* m's entries in manifest order into sorted (returns how many); a dossier
 * in two reports is an error. */
static size_t sort_unique(const report *m, const char **from, rentry *sorted, diag *dg)
{
	size_t *ix = xcalloc(m->n ? m->n : 1, sizeof *ix);
	for (size_t i = 0; i < m->n; i++)
		ix[i] = i;
	sort_e = m->e;
	qsort(ix, m->n, sizeof *ix, by_index);
	size_t ns = 0;
	for (size_t i = 0; i < m->n; i++) {
		const rentry *e = &m->e[ix[i]];
		if (ns && sorted[ns - 1].index == e->index) {
			diag_error(dg, (srcpos){from[ix[i]], 0, 0}, "dossier %zu ('%s') is also in %s; were two shards given the same K?",
				   e->index, e->name, from[ix[i - 1]]);
			continue;
		}
		sorted[ns++] = *e;
	}
	free(ix);
	return ns;
}

/* Write the merged report and say what it holds. */
static int write_merged(const report *m, rentry *sorted, size_t ns, const char *out, size_t nin, diag *dg)
{
	report w = *m;
	w.e = sorted;
	w.n = ns;
	size_t failed = 0;
	for (size_t i = 0; i < ns; i++)
		failed += sorted[i].status == RS_FAILED || sorted[i].status == RS_SKIPPED;
	if (!report_write(&w, out, dg))
		return EXIT_SYSTEM;
	size_t missing = m->total - ns;
	printf("%s: %zu of %zu dossiers from %zu report%s; %zu failed or skipped, %zu missing\n", out, ns, m->total,
	       nin, nin == 1 ? "" : "s", failed, missing);
	return failed || missing ? EXIT_INPUT : EXIT_OK;
}

static int report_merge(const char *out, const char **in, size_t nin)
{
	diag dg;
	diag_init(&dg, stderr);
	char msg[1024];
	if (!output_check(out, in, nin, msg, sizeof msg)) {
		diag_error(&dg, (srcpos){out, 0, 0}, "%s", msg);
		fprintf(stderr, "dossier: 1 error; nothing written\n");
		diag_free(&dg);
		return EXIT_SYSTEM;
	}
	limits_arm_backstop("report merge", output_cleanup_all);
	report **rs = xcalloc(nin, sizeof *rs);
	size_t all = 0;
	for (size_t i = 0; i < nin; i++)
		if ((rs[i] = report_read(&dg, in[i])))
			all += rs[i]->n;
	report m = {0};
	m.e = xcalloc(all ? all : 1, sizeof *m.e);
	const char **from = xcalloc(all ? all : 1, sizeof *from);
	gather(&m, from, rs, in, nin, &dg);
	rentry *sorted = xcalloc(m.n ? m.n : 1, sizeof *sorted);
	size_t ns = sort_unique(&m, from, sorted, &dg);
	int status;
	if (dg.errors) {
		fprintf(stderr, "dossier: %d error%s; nothing written\n", diag_total(&dg), diag_total(&dg) == 1 ? "" : "s");
		status = EXIT_INPUT;
	} else {
		status = write_merged(&m, sorted, ns, out, nin, &dg);
	}
	free(sorted);
	free(from);
	free(m.e);
	for (size_t i = 0; i < nin; i++)
		report_free(rs[i]);
	free(rs);
	diag_free(&dg);
	limits_disarm_backstop();
	return status;
}
