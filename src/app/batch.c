/* batch.c — `dossier batch MANIFEST.yaml`: the nightly build of many
 * dossiers (docs/batch.md, docs/nightly.md).
 *
 * The parent process reads the manifest (manifest.c), keeps its part of it
 * (--shard), decides which dossiers are out of date, and forks up to -j
 * worker processes, which live across dossiers: the parent sends each the
 * number of a dossier over a pipe, the worker runs pipeline_run with its
 * messages in a temporary file and writes a result record and the messages
 * to another pipe, and waits for the next. Processes rather than threads:
 * the layout stage keeps process-wide scratch state, and libharu is not
 * known to be thread-safe. A worker that dies fails the dossier it was
 * building and is replaced; one that has built WORKER_DOSSIERS is ended
 * and replaced. The parent prints progress and writes the report.
 *
 * Incremental builds. In the state directory (.dossier-state beside the
 * manifest, or state-dir: / --state-dir), one record per output records what
 * the PDF was built from: the inputs hash (every file the dossier read,
 * by content, plus its variables, copy number, the dossier version and the
 * environment that changes the output), each file with its own hash, and
 * the PDF's size and hash. A dossier is up to date when the record exists,
 * the PDF is the one recorded, and the inputs hash computed now from the
 * recorded files is the recorded one. The files are hashed once per run
 * however many dossiers share them.
 *
 * A worker hashes the dossier's inputs twice: before the build, the files
 * its record lists (what its last build read) or, without a record, those
 * a load-only pass lists; and after the build, the list the build itself
 * read. The record is written only when the lists and the hashes agree, so
 * a file edited while its dossier was being built never gets recorded with
 * the wrong content: the next run builds the dossier again. When the build
 * read other files than its record listed, a load-only pass lists and
 * hashes them and the dossier is built again.
 *
 * Atomicity. The PDF is renamed into place complete and flushed
 * (render_pdf). The old record is removed before the build and the new one
 * written (temporary file, rename) after the PDF's rename, so a kill at any
 * moment leaves a PDF that is either the previous or the new complete file,
 * and at worst a missing record, which makes the next run build it again.
 * Durability (docs/batch.md): the record is a cache, not flushed; a torn
 * one reads as none. The directories' renames are flushed by the parent
 * every DIRSYNC_EVERY dossiers and at the end, not by every worker.
 * Workers die with the parent (PR_SET_PDEATHSIG) and remove their
 * temporary files on SIGTERM. Temporary files left by SIGKILL are removed
 * by the next run, when no other batch holds the output directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "options.h"
#include "contenthash.h"
#include "hyph.h"
#include "bounds.h"
#include "manifest.h"
#include "output.h"
#include "pipeline.h"
#include "render.h"
#include "report.h"
#include "util.h"

static const char batch_usage[] =
	"usage: dossier batch MANIFEST.yaml [-j N] [--force] [--report FILE.json]\n"
	"                     [--shard K/N | --shard auto/N] [--state-dir DIR] [--dry-run] [-q | -v]\n";

static const char batch_help[] =
	"\n"
	"Builds every dossier of the manifest (docs/batch.md): one layout with\n"
	"variables, matrices of variables and numbered copies for recipients.\n"
	"Only the dossiers whose inputs changed since their last build are built.\n"
	"\n"
	"Options:\n"
	"  -j N, --jobs N      build N dossiers at a time (default: the number of CPUs)\n"
	"  --force             build every dossier, changed or not\n"
	"  --report FILE.json  write a report: per dossier status, pages, bytes, time,\n"
	"                      inputs hash and first error\n"
	"  --shard K/N         build only the K-th of N parts of the manifest (1 <= K <= N)\n"
	"  --shard auto/N      K from JOB_COMPLETION_INDEX (Kubernetes) or\n"
	"                      SLURM_ARRAY_TASK_ID (Slurm)\n"
	"  --state-dir DIR     keep the build records (content hashes) in DIR\n"
	"                      (default: the manifest's state-dir, else .dossier-state\n"
	"                      beside the manifest)\n"
	"  -n, --dry-run       say what would be built, and why; build nothing\n"
	"  -q, --quiet         print only errors and the summary\n"
	"  --allow-path DIR    let the layouts read files under DIR, outside their\n"
	"                      project (docs/errors.md); may be repeated\n"
	"  --limit NAME=VALUE  change a limit for every dossier, e.g. time=120s\n"
	"                      (dossier limits lists them)\n"
	"  -v, --verbose       also list the dossiers that are up to date\n"
	"\n"
	"Exit status: 0 every dossier built or up to date; 1 errors in the manifest\n"
	"or in a dossier's input; 2 usage error; 3 an output could not be written.\n"
	"Merge shard reports with: dossier report merge A.json B.json … -o ALL.json\n";

/* ---- hash of every input file, once per run ---- */
typedef struct {
	char *path;
	chash h;
	bool ok;
} hslot;

typedef struct {
	hslot *s;
	size_t cap, n;
} hcache;

static const chash *hcache_get(hcache *c, const char *path)
{
	if (c->n * 2 >= c->cap) {
		hcache old = *c;
		c->cap = c->cap ? c->cap * 2 : 256;
		c->s = xcalloc(c->cap, sizeof *c->s);
		c->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.s[i].path) {
				size_t j = chash_str64(old.s[i].path) & (c->cap - 1);
				while (c->s[j].path)
					j = (j + 1) & (c->cap - 1);
				c->s[j] = old.s[i];
				c->n++;
			}
		free(old.s);
	}
	size_t j = chash_str64(path) & (c->cap - 1);
	while (c->s[j].path) {
		if (!strcmp(c->s[j].path, path))
			return c->s[j].ok ? &c->s[j].h : NULL;
		j = (j + 1) & (c->cap - 1);
	}
	hslot *s = &c->s[j];
	s->path = xstrdup(path);
	s->ok = chash_file(path, &s->h);
	c->n++;
	return s->ok ? &s->h : NULL;
}

static void hcache_free(hcache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->s[i].path);
	free(c->s);
}

/* ---- the inputs hash ---- */
chash batch_inputs_hash(const bdossier *d, size_t n, const chash *fh)
{
	hasher *h = hasher_new();
	hasher_str(h, "dossier-inputs/1");
	hasher_str(h, DOSSIER_VERSION);
	/* the environment that changes the PDF: its dates, and where fonts
	 * are looked for when a layout names no font directory */
	hasher_str(h, getenv("SOURCE_DATE_EPOCH"));
	hasher_str(h, getenv("DOSSIER_FONTS"));
	bdossier_identity(h, d);
	/* the files by content only: the same files reached by other paths
	 * (another working directory) give the same PDF */
	hasher_u64(h, n);
	for (size_t i = 0; i < n; i++)
		hasher_bytes(h, fh[i].b, sizeof fh[i].b);
	chash r = hasher_digest(h);
	hasher_free(h);
	return r;
}

/* ---- STATE/HASH.record: the record of one output ----
 * Paths are relative to the manifest's directory (when they are inside it),
 * so that a run started from another directory finds the same files.
 *   dossier-record 1
 *   inputs xxh3-128:…
 *   output BYTES xxh3-128:…
 *   pages N
 *   files N
 *   xxh3-128:… PATH          (N lines, in the order the dossier read them)
 */
typedef struct {
	chash inputs, out;
	long long bytes;
	size_t pages;
	char **files;
	chash *fh;
	size_t n;
} record;

static void record_free(record *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->files[i]);
	free(r->files);
	free(r->fh);
	memset(r, 0, sizeof *r);
}

/* The manifest's directory, "." for none: what record paths are relative to. */
static const char *mdir = ".";
/* Where the records are (made before the first is written). */
static const char *state_dir = ".dossier-state";

/* A path as recorded: without the manifest's directory in front. */
static const char *rec_rel(const char *p)
{
	size_t n = strlen(mdir);
	if (strcmp(mdir, ".") && !strncmp(p, mdir, n) && p[n] == '/' && p[n + 1])
		return p + n + 1;
	return p;
}

/* The record of out: named by the hash of the output's path as the
 * manifest gives it, so that a run from another directory finds it. */
static char *record_path(const char *out)
{
	hasher *h = hasher_new();
	hasher_str(h, rec_rel(out));
	chash x = hasher_digest(h);
	hasher_free(h);
	char hx[CHASH_HEX];
	chash_hex(&x, hx);
	const char *name = strchr(hx, ':') ? strchr(hx, ':') + 1 : hx;
	char *p = xmalloc(strlen(state_dir) + strlen(name) + 10);
	sprintf(p, "%s/%s.record", state_dir, name);
	return p;
}

/* Where earlier versions kept the record: OUT.dossier-hash, beside the PDF.
 * Still read when the state directory has none; removed once the dossier
 * is found up to date (its record moves) or is built again. */
static char *legacy_record_path(const char *out)
{
	char *p = xmalloc(strlen(out) + 14);
	sprintf(p, "%s.dossier-hash", out);
	return p;
}

static bool record_read_at(char *path, record *r)
{
	memset(r, 0, sizeof *r);
	size_t len;
	char *text = file_read(path, 64u << 20, &len);
	free(path);
	if (!text)
		return false;
	/* a record is written without fsync (a cache: record_write), so a
	 * crash can leave it empty, cut short or with zeros where its data
	 * was: such a record is none. Whole lines only, no NUL, and the
	 * number of file lines it announces. */
	if (!len || text[len - 1] != '\n' || memchr(text, 0, len)) {
		free(text);
		return false;
	}
	bool ok = false;
	char *save = NULL;
	char *line = strtok_r(text, "\n", &save);
	char hx[64];
	size_t nfiles = 0;
	if (!line || strcmp(line, "dossier-record 1"))
		goto out;
	if (!(line = strtok_r(NULL, "\n", &save)) || sscanf(line, "inputs %63s", hx) != 1 ||
	    !chash_parse(hx, &r->inputs))
		goto out;
	if (!(line = strtok_r(NULL, "\n", &save)) || sscanf(line, "output %lld %63s", &r->bytes, hx) != 2 ||
	    !chash_parse(hx, &r->out))
		goto out;
	if (!(line = strtok_r(NULL, "\n", &save)) || sscanf(line, "pages %zu", &r->pages) != 1)
		goto out;
	if (!(line = strtok_r(NULL, "\n", &save)) || sscanf(line, "files %zu", &nfiles) != 1 || nfiles > len)
		goto out;
	r->files = xcalloc(nfiles ? nfiles : 1, sizeof *r->files);
	r->fh = xcalloc(nfiles ? nfiles : 1, sizeof *r->fh);
	for (size_t i = 0; i < nfiles; i++) {
		if (!(line = strtok_r(NULL, "\n", &save)) || strlen(line) < 43 || line[41] != ' ')
			goto out;
		line[41] = 0;
		if (!chash_parse(line, &r->fh[i]))
			goto out;
		const char *p = line + 42;
		if (p[0] == '/' || !strcmp(mdir, ".")) {
			r->files[r->n++] = xstrdup(p);
		} else {
			char *full = xmalloc(strlen(mdir) + strlen(p) + 2);
			sprintf(full, "%s/%s", mdir, p);
			r->files[r->n++] = full;
		}
	}
	ok = !strtok_r(NULL, "\n", &save);
out:
	free(text);
	if (!ok)
		record_free(r);
	return ok;
}

/* legacy: set when the record read is the one beside the PDF */
static bool record_read(const char *out, record *r, bool *legacy)
{
	*legacy = false;
	if (record_read_at(record_path(out), r))
		return true;
	return (*legacy = record_read_at(legacy_record_path(out), r));
}

static bool record_write(const char *out, const record *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (strchr(r->files[i], '\n'))
			return false; /* cannot be recorded: always rebuilt */
	char *path = record_path(out);
	buf b = {0};
	char h1[CHASH_HEX], h2[CHASH_HEX];
	chash_hex(&r->inputs, h1);
	chash_hex(&r->out, h2);
	buf_printf(&b, "dossier-record 1\ninputs %s\noutput %lld %s\npages %zu\nfiles %zu\n", h1, r->bytes, h2, r->pages,
		   r->n);
	for (size_t i = 0; i < r->n; i++) {
		chash_hex(&r->fh[i], h1);
		buf_printf(&b, "%s %s\n", h1, rec_rel(r->files[i]));
	}
	char msg[512];
	/* a cache of what the PDF was built from: not flushed to disk (a
	 * crash costs at worst a rebuild; record_read_at refuses a torn one) */
	bool ok = output_cache_file(path, "the record", b.s, b.len, msg, sizeof msg);
	buf_free(&b);
	free(path);
	return ok;
}

/* ---- one dossier's state in the parent ---- */
typedef struct {
	const bdossier *d;
	rentry *e;
	const char *reason;       /* why it is built; NULL = up to date */
	const job_error *dir_error; /* its directory could not be made */
} bstate;

/* An old record beside the PDF moves into the state directory (not with
 * --dry-run). */
static bool migrate = true;

/* Why the dossier must be built, or NULL when it is up to date. */
static const char *stale_reason(bstate *b, hcache *hc, arena *a)
{
	record r;
	bool legacy;
	if (!record_read(b->d->output, &r, &legacy))
		return "not built before (no record)";
	const char *why = NULL;
	struct stat st;
	chash oh;
	if (stat(b->d->output, &st) != 0)
		why = "the output is missing";
	else if ((long long)st.st_size != r.bytes || !chash_file(b->d->output, &oh) || !chash_eq(&oh, &r.out))
		why = "the output is not the recorded one";
	chash *fh = xcalloc(r.n ? r.n : 1, sizeof *fh);
	for (size_t i = 0; !why && i < r.n; i++) {
		const chash *h = hcache_get(hc, r.files[i]);
		if (!h)
			why = arena_printf(a, "cannot read %s", r.files[i]);
		else if (!chash_eq(h, &r.fh[i]))
			why = arena_printf(a, "%s changed", r.files[i]);
		else
			fh[i] = *h;
	}
	chash ih = batch_inputs_hash(b->d, r.n, fh);
	if (!why && !chash_eq(&ih, &r.inputs))
		why = "its variables, the environment or the dossier version changed";
	if (!why) {
		chash_hex(&ih, b->e->inputs_hash);
		b->e->pages = r.pages;
		b->e->bytes = (long)r.bytes;
		if (legacy && migrate && record_write(b->d->output, &r)) {
			char *lp = legacy_record_path(b->d->output);
			unlink(lp);
			free(lp);
		}
	}
	free(fh);
	record_free(&r);
	return why;
}

/* ---- workers ---- */
#define WMSG_MAGIC 0x646f7373u
#define DIAG_MAX (64 * 1024)

typedef struct {
	uint32_t magic;
	int status, errors;
	size_t pages;
	long bytes;
	double seconds;
	bool recorded, unstable;
	char inputs_hash[CHASH_HEX];
	job_error first_error;
	size_t diag_len;
} wmsg;

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void worker_signal(int sig)
{
	output_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* the time-limit backstop's cleanup: async-signal-safe */
static void worker_cleanup(void)
{
	output_cleanup_all();
}

static bool write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* Content hashes of files, read now (never from the run's cache). */
static bool hash_list(char **files, size_t n, chash *out)
{
	for (size_t i = 0; i < n; i++)
		if (!chash_file(files[i], &out[i]))
			return false;
	return true;
}

/* --allow-path directories and the manifest's, for every dossier of the run */
static opt_list allow;
/* the manifest: an input of every dossier, which no output may be */
static const char *manifest_path;

static job make_job(const bdossier *d, job_kind kind, FILE *diag_out)
{
	job j = {.kind = kind, .layout = d->layout, .out = d->output, .diag_out = diag_out, .quiet = true,
		 .var_names = (const char *const *)d->var_names, .var_values = (const char *const *)d->var_values,
		 .nvars = d->nvars, .copy_no = d->copy_no, .copy_total = d->copy_total,
		 .recipient_name = d->rcpt_name, .recipient_title = d->rcpt_title,
		 .recipient_delegation = d->rcpt_delegation, .want_inputs = true,
		 .allow_paths = allow.v, .nallow_paths = allow.n,
		 .extra_inputs = &manifest_path, .nextra_inputs = manifest_path ? 1 : 0};
	return j;
}

/* The files the dossier reads, listed by a load-only pass, into r. */
static void deps_pass(const bdossier *d, job_result *r)
{
	FILE *devnull = fopen("/dev/null", "w");
	job dj = make_job(d, JOB_DEPS, devnull);
	pipeline_run(&dj, r);
	if (devnull)
		fclose(devnull);
}

/* The build of d with its messages in a new temporary file (*dg). */
static void build_pass(const bdossier *d, FILE **dg, job_result *r)
{
	if (*dg)
		fclose(*dg);
	*dg = tmpfile();
	job bj = make_job(d, JOB_BUILD, *dg);
	pipeline_run(&bj, r);
}

static bool same_list(const job_result *a, const job_result *b)
{
	if (a->ninputs != b->ninputs)
		return false;
	for (size_t i = 0; i < a->ninputs; i++)
		if (strcmp(a->inputs[i], b->inputs[i]))
			return false;
	return true;
}

static void worker(const bdossier *d, int fd)
{
	double t0 = now_mono();
	wmsg m = {.magic = WMSG_MAGIC};
	/* 1. the inputs before the build, hashed: the files the dossier's
	 * record lists (what its last build read), or, without a record, those
	 * a load-only pass lists */
	job_result r1 = {0};
	record old;
	bool legacy;
	bool predicted = record_read(d->output, &old, &legacy);
	if (predicted) {
		r1.inputs = old.files;
		r1.ninputs = old.n;
		old.files = NULL;
		old.n = 0;
		record_free(&old);
	} else {
		deps_pass(d, &r1);
	}
	chash *h1 = xcalloc(r1.ninputs ? r1.ninputs : 1, sizeof *h1);
	bool h1ok = hash_list(r1.inputs, r1.ninputs, h1);
	/* 2. the build; the old record goes first */
	char *rp = record_path(d->output);
	unlink(rp);
	free(rp);
	rp = legacy_record_path(d->output);
	unlink(rp);
	free(rp);
	FILE *dg = NULL;
	job_result r2;
	build_pass(d, &dg, &r2);
	if (predicted && r2.status == EXIT_OK && (!h1ok || !same_list(&r1, &r2))) {
		/* it read other files than the record listed: what they held
		 * before the build is not known. Listed and hashed by a
		 * load-only pass, and built again (rare: an edit that changes
		 * what a dossier reads). */
		job_result_free(&r1);
		job_result_free(&r2);
		free(h1);
		deps_pass(d, &r1);
		h1 = xcalloc(r1.ninputs ? r1.ninputs : 1, sizeof *h1);
		h1ok = hash_list(r1.inputs, r1.ninputs, h1);
		build_pass(d, &dg, &r2);
	}
	m.status = r2.status;
	m.errors = r2.errors;
	m.pages = r2.pages;
	m.bytes = r2.bytes;
	m.first_error = r2.first_error;
	/* 3. the inputs after the build, and the record */
	if (r2.status == EXIT_OK) {
		record rec = {.files = r2.inputs, .n = r2.ninputs, .pages = r2.pages};
		rec.fh = xcalloc(r2.ninputs ? r2.ninputs : 1, sizeof *rec.fh);
		bool same = h1ok && hash_list(r2.inputs, r2.ninputs, rec.fh) && r1.ninputs == r2.ninputs;
		for (size_t i = 0; same && i < r2.ninputs; i++)
			same = !strcmp(r1.inputs[i], r2.inputs[i]) && chash_eq(&h1[i], &rec.fh[i]);
		rec.inputs = batch_inputs_hash(d, r2.ninputs, rec.fh);
		chash_hex(&rec.inputs, m.inputs_hash);
		struct stat st;
		if (same && stat(d->output, &st) == 0 && chash_file(d->output, &rec.out)) {
			rec.bytes = (long long)st.st_size;
			m.recorded = record_write(d->output, &rec);
		}
		m.unstable = !same;
		free(rec.fh);
	}
	free(h1);
	/* 4. the result and the messages to the parent */
	char *text = NULL;
	if (dg && fflush(dg) == 0) {
		long n = ftell(dg);
		if (n > DIAG_MAX)
			n = DIAG_MAX;
		if (n > 0 && fseek(dg, 0, SEEK_SET) == 0) {
			text = xmalloc((size_t)n);
			m.diag_len = fread(text, 1, (size_t)n, dg);
		}
	}
	m.seconds = now_mono() - t0;
	write_all(fd, &m, sizeof m);
	if (m.diag_len)
		write_all(fd, text, m.diag_len);
	free(text);
	job_result_free(&r1);
	job_result_free(&r2);
	if (dg)
		fclose(dg);
}

/* ---- the parent ---- */

/* A worker builds dossiers one after another, so that what it caches
 * (faces, shaped texts, hyphenated words, prepared subsets) serves the
 * next; after WORKER_DOSSIERS it is ended and a fresh one forked from the
 * parent, which bounds whatever one build might leave behind in it. */
#define WORKER_DOSSIERS 64
/* The output and state directories are flushed (fsync) once every
 * DIRSYNC_EVERY dossiers built and at the end of the run, instead of
 * after every rename (docs/batch.md, "Atomic outputs"). */
#define DIRSYNC_EVERY 64

typedef enum { W_NONE, W_IDLE, W_BUSY, W_RETIRING } wstate;

typedef struct {
	wstate state;
	pid_t pid;
	int rfd, wfd;             /* results from it, dossier numbers to it */
	size_t idx;               /* into the states, when busy */
	size_t built;             /* dossiers this worker was given */
	buf in;
} slot;

typedef struct {
	bstate *st;
	size_t n;                 /* dossiers of this shard */
	size_t *queue, nqueue, next;
	slot *slots;
	int jobs, running, live;  /* busy workers; worker processes */
	size_t done, built, failed, uptodate, tobuild;
	double t0;
	bool tty, quiet, verbose;
	arena *a;
	int worst;
	const char **syncdirs;    /* flushed every DIRSYNC_EVERY and at the end */
	size_t nsync, unsynced;
	struct pollfd *pf;        /* run_workers' poll list */
	int *which;               /* the slot of each entry of it */
} bctx;

static volatile sig_atomic_t stop_sig;

static void parent_signal(int sig)
{
	stop_sig = sig;
}

static void progress_clear(bctx *b)
{
	if (b->tty)
		fputs("\r\033[K", stderr);
}

static void progress_show(bctx *b)
{
	if (!b->tty)
		return;
	size_t finished = b->built + b->failed;
	char eta[32] = "…";
	if (finished > 0 && b->tobuild > finished) {
		double el = now_mono() - b->t0;
		long s = (long)(el / (double)finished * (double)(b->tobuild - finished) + 0.5);
		snprintf(eta, sizeof eta, "%ld:%02ld", s / 60, s % 60);
	}
	fprintf(stderr, "\r\033[Kdossier batch: %zu/%zu done, %zu failed, %d running, ETA %s", b->done, b->n, b->failed,
		b->running, b->tobuild > finished ? eta : "0:00");
	fflush(stderr);
}

/* The renames of the PDFs and records written so far made durable. A
 * directory that cannot be flushed is an error of the run (exit status 3),
 * as it is of a single build. */
static void sync_dirs(bctx *b)
{
	for (size_t i = 0; i < b->nsync; i++)
		if (!output_sync_dir(b->syncdirs[i])) {
			progress_clear(b);
			fflush(stdout);
			fprintf(stderr, "%s: error: cannot flush the directory to disk: %s; what was written there may not "
					"survive a crash\n", b->syncdirs[i], strerror(errno));
			b->worst = EXIT_SYSTEM;
		}
	b->unsynced = 0;
}

/* The dossier of slot s is over: with its result (complete), or its worker
 * ended without one (wstatus: how). */
static void finish(bctx *b, slot *s, bool complete, int wstatus)
{
	bstate *st = &b->st[s->idx];
	rentry *e = st->e;
	wmsg m;
	if (complete)
		memcpy(&m, s->in.s, sizeof m);
	s->state = W_IDLE;
	b->running--;
	if (!complete && stop_sig) {
		/* stopped by us: not a failure of the dossier */
		e->status = RS_SKIPPED;
		buf_free(&s->in);
		return;
	}
	if (!complete) {
		memset(&m, 0, sizeof m);
		if (WIFSIGNALED(wstatus))
			job_error_set(&m.first_error, NULL, 0, 0, "the build was stopped by signal %d (%s)",
				      WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
		else
			job_error_set(&m.first_error, NULL, 0, 0, "the build ended without a result (exit status %d)",
				      WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
		m.status = EXIT_SYSTEM;
		m.errors = 1;
		m.diag_len = 0;
	}
	e->exit_status = m.status;
	e->errors = m.errors;
	e->pages = m.pages;
	e->bytes = m.bytes;
	e->seconds = m.seconds;
	b->done++;
	if (m.status == EXIT_OK) {
		e->status = RS_BUILT;
		memcpy(e->inputs_hash, m.inputs_hash, sizeof e->inputs_hash);
		b->built++;
		if (++b->unsynced >= DIRSYNC_EVERY)
			sync_dirs(b);
		if ((!b->tty || b->verbose) && !b->quiet) {
			progress_clear(b);
			printf("built %s (%zu page%s, %.2f s)%s\n", st->d->output, m.pages, m.pages == 1 ? "" : "s",
			       m.seconds, m.unstable ? "; an input changed during the build: it is built again next run" : "");
			fflush(stdout);
		}
	} else {
		e->status = RS_FAILED;
		e->inputs_hash[0] = 0;
		rentry_set_error(e, b->a, &m.first_error);
		b->failed++;
		if (m.status > b->worst)
			b->worst = m.status;
		progress_clear(b);
		fflush(stdout);
		if (m.diag_len)
			fwrite(s->in.s + sizeof m, 1, m.diag_len, stderr);
		else if (m.first_error.message[0])
			job_error_print(stderr, &m.first_error);
		fprintf(stderr, "dossier: %s: failed (%d error%s); %s\n", st->d->output, m.errors, m.errors == 1 ? "" : "s",
			m.status == EXIT_SYSTEM ? "the output was not written" : "the previous PDF, if any, is left as it was");
		fflush(stderr);
	}
	buf_free(&s->in);
}

static bool read_all(int fd, void *p, size_t n)
{
	char *s = p;
	while (n) {
		ssize_t r = read(fd, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		s += r;
		n -= (size_t)r;
	}
	return true;
}

/* A worker's life: the number of a dossier from the parent, its build, its
 * result to the parent; until the parent closes the pipe. Each build has
 * its own time-limit backstop, which ends the worker (the parent reports
 * the dossier and starts another worker). */
static void worker_loop(bctx *b, int cmd, int res)
{
	size_t idx;
	while (read_all(cmd, &idx, sizeof idx) && idx < b->n) {
		limits_arm_backstop(b->st[idx].d->output, worker_cleanup);
		worker(b->st[idx].d, res);
		limits_disarm_backstop();
	}
}

/* Fork a worker into the empty slot s. */
static void spawn(bctx *b, slot *s)
{
	int res[2], cmd[2];
	if (pipe(res) != 0 || pipe(cmd) != 0) {
		perror("dossier: pipe");
		exit(EXIT_SYSTEM);
	}
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		perror("dossier: fork");
		exit(EXIT_SYSTEM);
	}
	if (pid == 0) {
		output_skip_cleaning(true);  /* the parent cleaned the directories */
		output_defer_dir_sync(true); /* and flushes them (sync_dirs) */
		signal(SIGINT, worker_signal);
		signal(SIGTERM, worker_signal);
		signal(SIGHUP, worker_signal);
		signal(SIGPIPE, SIG_DFL);
#ifdef __linux__
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		if (getppid() != parent)
			_exit(EXIT_SYSTEM);
		close(res[0]);
		close(cmd[1]);
		/* the other workers' pipes: held here, they would keep a
		 * retired worker from seeing the end of its own */
		for (int i = 0; i < b->jobs; i++)
			if (b->slots[i].state != W_NONE) {
				close(b->slots[i].rfd);
				if (b->slots[i].wfd >= 0)
					close(b->slots[i].wfd);
			}
		free(b->pf); /* the parent's */
		free(b->which);
		worker_loop(b, cmd[0], res[1]);
		_exit(0);
	}
	close(res[1]);
	close(cmd[0]);
	fcntl(res[0], F_SETFD, FD_CLOEXEC);
	fcntl(cmd[1], F_SETFD, FD_CLOEXEC);
	*s = (slot){.state = W_IDLE, .pid = pid, .rfd = res[0], .wfd = cmd[1]};
	b->live++;
}

/* No more dossiers for this worker: it ends when it reads the pipe's end. */
static void retire(slot *s)
{
	close(s->wfd);
	s->wfd = -1;
	s->state = W_RETIRING;
}

/* The worker's end of the result pipe closed: it has ended. */
static void reap(bctx *b, slot *s)
{
	close(s->rfd);
	if (s->wfd >= 0)
		close(s->wfd);
	int ws = 0;
	while (waitpid(s->pid, &ws, 0) < 0 && errno == EINTR)
		;
	b->live--;
	if (s->state == W_BUSY) {
		finish(b, s, false, ws);
		/* what it was writing when it died */
		output_clean_dir(path_dir(b->a, b->st[s->idx].d->output));
		output_clean_dir(state_dir);
	}
	buf_free(&s->in);
	*s = (slot){.state = W_NONE, .rfd = -1, .wfd = -1};
}

/* Give idle workers the next dossiers; start, retire or replace workers. */
static void dispatch(bctx *b)
{
	for (int i = 0; i < b->jobs; i++) {
		slot *s = &b->slots[i];
		bool more = b->next < b->nqueue && !stop_sig;
		if (s->state == W_NONE && more)
			spawn(b, s);
		if (s->state != W_IDLE)
			continue;
		if (!more || s->built >= WORKER_DOSSIERS) {
			retire(s);
			continue;
		}
		size_t idx = b->queue[b->next];
		if (!write_all(s->wfd, &idx, sizeof idx)) {
			retire(s); /* it died idle: reaped, then replaced */
			continue;
		}
		b->next++;
		s->idx = idx;
		s->built++;
		s->state = W_BUSY;
		b->running++;
	}
}

/* What came from slot s's pipe; a complete result ends its dossier. */
static void take(bctx *b, slot *s, const char *data, size_t n)
{
	if (s->state != W_BUSY)
		return; /* nothing is expected from it */
	if (s->in.len < sizeof(wmsg) + DIAG_MAX)
		buf_put(&s->in, data, n);
	wmsg m;
	if (s->in.len < sizeof m)
		return;
	memcpy(&m, s->in.s, sizeof m);
	if (m.magic != WMSG_MAGIC || m.diag_len > DIAG_MAX) {
		kill(s->pid, SIGKILL); /* cannot be: its dossier fails when it is reaped */
		return;
	}
	if (s->in.len >= sizeof m + m.diag_len)
		finish(b, s, true, 0);
}

static void run_workers(bctx *b)
{
	struct pollfd *pf = b->pf = xcalloc((size_t)b->jobs, sizeof *pf);
	int *which = b->which = xcalloc((size_t)b->jobs, sizeof *which);
	for (int i = 0; i < b->jobs; i++)
		b->slots[i] = (slot){.state = W_NONE, .rfd = -1, .wfd = -1};
	/* a worker that has died must not end the parent when it is sent
	 * a dossier: write_all fails with EPIPE instead */
	struct sigaction ign = {0}, oldpipe;
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &oldpipe);
	b->t0 = now_mono();
	bool stopping = false;
	progress_show(b);
	for (;;) {
		if (stop_sig && !stopping) {
			stopping = true;
			for (int i = 0; i < b->jobs; i++)
				if (b->slots[i].state != W_NONE)
					kill(b->slots[i].pid, SIGTERM);
			b->next = b->nqueue; /* start nothing more */
		}
		dispatch(b);
		if (b->live == 0)
			break;
		progress_show(b);
		int np = 0;
		for (int i = 0; i < b->jobs; i++)
			if (b->slots[i].state != W_NONE) {
				pf[np] = (struct pollfd){.fd = b->slots[i].rfd, .events = POLLIN};
				which[np++] = i;
			}
		/* a timeout: the progress line, and a stop signal that comes
		 * between the check above and poll() is still seen soon */
		int r = poll(pf, (nfds_t)np, 500);
		if (r < 0 && errno != EINTR) {
			perror("dossier: poll");
			exit(EXIT_SYSTEM);
		}
		if (r <= 0)
			continue;
		for (int k = 0; k < np; k++) {
			if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			slot *s = &b->slots[which[k]];
			char chunk[8192];
			ssize_t n = read(s->rfd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0)
				take(b, s, chunk, (size_t)n);
			else
				reap(b, s); /* end of the pipe: the worker has ended */
		}
	}
	sigaction(SIGPIPE, &oldpipe, NULL);
	sync_dirs(b);
	free(pf);
	free(which);
	b->pf = NULL;
	b->which = NULL;
}
/* ---- output directories: made, locked, cleaned ---- */
static bool mkdir_p(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) || (errno = ENOTDIR, false);
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return false;
		}
		*s = '/';
	}
	bool ok = mkdir(p, 0777) == 0 || errno == EEXIST;
	free(p);
	return ok;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Temporary files of the manifest's outputs in dir as earlier versions
 * named them: OUT.tmp.XXXXXX (PDFs) and OUT.dossier-hash.tmp.XXXXXX
 * (records); today's are output.c's and removed by output_clean_dir. Only
 * called while no other batch holds the directory. */
static void clean_tmp(const char *dir, const char **outs, size_t nouts)
{
	DIR *dh = opendir(dir);
	if (!dh)
		return;
	struct dirent *de;
	buf b = {0};
	while ((de = readdir(dh))) {
		const char *nm = de->d_name;
		size_t len = strlen(nm);
		if (len < 12 || strncmp(nm + len - 11, ".tmp.", 5))
			continue;
		size_t base = len - 11;
		if (base > 13 && !strncmp(nm + base - 13, ".dossier-hash", 13))
			base -= 13;
		b.len = 0;
		if (!strcmp(dir, "/"))
			buf_putc(&b, '/');
		else if (strcmp(dir, "."))
			buf_printf(&b, "%s/", dir);
		buf_put(&b, nm, base);
		const char *key = buf_cstr(&b);
		if (!bsearch(&key, outs, nouts, sizeof *outs, cmp_str))
			continue;
		b.len = 0;
		buf_printf(&b, "%s/%s", dir, nm);
		unlink(buf_cstr(&b));
	}
	buf_free(&b);
	closedir(dh);
}

/* ---- command line ---- */
static int cpu_count(void)
{
#ifdef __linux__
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
#endif
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static bool parse_uint(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

/* --shard K/N or auto/N; false with a message on error. */
static bool parse_shard(const char *s, int *k, int *n)
{
	const char *slash = strchr(s, '/');
	long kk = -1, nn;
	if (!slash || !parse_uint(slash + 1, &nn) || nn < 1 || nn > 1000000) {
		fprintf(stderr, "dossier: --shard expects K/N or auto/N with N >= 1, got '%s'\n", s);
		return false;
	}
	char *ks = xstrdup(s);
	ks[slash - s] = 0;
	if (!strcmp(ks, "auto")) {
		const char *ix = getenv("JOB_COMPLETION_INDEX"), *sl = getenv("SLURM_ARRAY_TASK_ID");
		long v, min = 0, step = 1;
		if (ix && *ix) {
			if (!parse_uint(ix, &v)) {
				fprintf(stderr, "dossier: --shard auto: JOB_COMPLETION_INDEX is '%s', not a number\n", ix);
				free(ks);
				return false;
			}
			kk = v + 1;
		} else if (sl && *sl) {
			const char *mn = getenv("SLURM_ARRAY_TASK_MIN"), *st = getenv("SLURM_ARRAY_TASK_STEP");
			if (!parse_uint(sl, &v) || (mn && *mn && !parse_uint(mn, &min)) ||
			    (st && *st && (!parse_uint(st, &step) || step < 1)) || v < min) {
				fprintf(stderr, "dossier: --shard auto: SLURM_ARRAY_TASK_ID/_MIN/_STEP are not usable numbers\n");
				free(ks);
				return false;
			}
			kk = (v - min) / step + 1;
		} else {
			fprintf(stderr, "dossier: --shard auto/%ld: neither JOB_COMPLETION_INDEX (Kubernetes) nor "
					"SLURM_ARRAY_TASK_ID (Slurm) is set; give K/%ld\n", nn, nn);
			free(ks);
			return false;
		}
	} else if (!parse_uint(ks, &kk)) {
		kk = -1;
	}
	free(ks);
	if (kk < 1 || kk > nn) {
		fprintf(stderr, "dossier: --shard %s: K must be from 1 to %ld%s\n", s, nn,
			kk > nn ? " (more array tasks than shards?)" : "");
		return false;
	}
	*k = (int)kk;
	*n = (int)nn;
	return true;
}

/* ---- outputs that are another dossier's layout, or the manifest ---- */
typedef struct {
	dev_t dev;
	ino_t ino;
} fileid;

static int cmp_fileid(const void *a, const void *b)
{
	const fileid *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* No output may be the manifest or any dossier's layout (each worker checks
 * its own dossier's other inputs): errors at the entries. One stat per
 * file and a binary search, however many dossiers. */
static bool outputs_not_inputs(const manifest *m, diag *dg)
{
	fileid *ids = xcalloc(m->n + 1, sizeof *ids);
	size_t n = 0;
	struct stat st;
	if (stat(m->path, &st) == 0)
		ids[n++] = (fileid){st.st_dev, st.st_ino};
	for (size_t i = 0; i < m->n; i++)
		if ((i == 0 || strcmp(m->d[i].layout, m->d[i - 1].layout)) && stat(m->d[i].layout, &st) == 0)
			ids[n++] = (fileid){st.st_dev, st.st_ino};
	qsort(ids, n, sizeof *ids, cmp_fileid);
	int before = dg->errors;
	for (size_t i = 0; i < m->n; i++) {
		const bdossier *d = &m->d[i];
		if (stat(d->output, &st) != 0)
			continue;
		fileid k = {st.st_dev, st.st_ino};
		if (!S_ISREG(st.st_mode) || bsearch(&k, ids, n, sizeof *ids, cmp_fileid)) {
			char msg[1024];
			const char *in[2] = {m->path, NULL};
			for (size_t j = 0; j < m->n && !in[1]; j++) {
				struct stat sj;
				if (stat(m->d[j].layout, &sj) == 0 && sj.st_dev == k.dev && sj.st_ino == k.ino)
					in[1] = m->d[j].layout;
			}
			if (!output_check(d->output, in, in[1] ? 2 : 1, msg, sizeof msg))
				diag_error(dg, d->pos, "dossier '%s': output '%s': %s", d->name, d->output, msg);
		}
	}
	free(ids);
	return dg->errors == before;
}

/* ---- the command ---- */
typedef struct {
	const char *mpath, *report_path, *state_dir;
	long jobs;
	int shard_k, shard_n;
	bool force, dry, quiet, verbose;
	opt_list allow; /* --allow-path: the run's allow once parsed */
} batch_opts;

static int on_jobs(const opt_use *u, char *val)
{
	batch_opts *o = u->ctx;
	if (!parse_uint(val, &o->jobs) || o->jobs < 1 || o->jobs > 4096)
		return usage_error(u->cmd, "-j expects a number of jobs from 1 to 4096, got '%s'", val);
	return OPT_CONTINUE;
}

static int on_shard(const opt_use *u, char *val)
{
	batch_opts *o = u->ctx;
	return parse_shard(val, &o->shard_k, &o->shard_n) ? OPT_CONTINUE : EXIT_USAGE;
}

static int on_state_dir(const opt_use *u, char *val)
{
	if (!*val)
		return usage_error(u->cmd, "--state-dir needs %s", u->spec->need);
	((batch_opts *)u->ctx)->state_dir = val;
	return OPT_CONTINUE;
}

static const opt_spec batch_specs[] = {
	{"jobs", 'j', OPT_VALUE, on_jobs, 0, "a value"},
	{"force", 0, OPT_FLAG, opt_set_flag, offsetof(batch_opts, force), NULL},
	{"report", 0, OPT_VALUE, opt_set_string, offsetof(batch_opts, report_path), "a value"},
	{"shard", 0, OPT_VALUE, on_shard, 0, "a value"},
	{"state-dir", 0, OPT_VALUE, on_state_dir, 0, "a directory, e.g. --state-dir .dossier-state"},
	{"dry-run", 'n', OPT_FLAG, opt_set_flag, offsetof(batch_opts, dry), NULL},
	{"verbose", 'v', OPT_FLAG, opt_set_flag, offsetof(batch_opts, verbose), NULL},
	OPT_SPEC_QUIET(batch_opts, quiet),
	OPT_SPEC_ALLOW_PATH(batch_opts, allow),
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd batch_cmd = {"batch", batch_usage, batch_usage, batch_help, batch_specs, opt_one_arg,
				   offsetof(batch_opts, mpath)};

/* "N errors in the manifest; nothing built", and the status */
static int manifest_failed(diag *dg, int status)
{
	fprintf(stderr, "dossier: %d error%s in the manifest; nothing built\n", diag_total(dg),
		diag_total(dg) == 1 ? "" : "s");
	return status;
}

/* The report is not a device or FIFO, nor the manifest, a layout or a
 * dossier's PDF. */
static bool report_path_ok(const manifest *m, const char *report_path, diag *dg)
{
	const char **in = xcalloc(2 * m->n + 1, sizeof *in);
	size_t k = 0;
	in[k++] = m->path;
	for (size_t i = 0; i < m->n; i++) {
		in[k++] = m->d[i].layout;
		in[k++] = m->d[i].output;
	}
	char msg[1024];
	bool ok = output_check(report_path, in, k, msg, sizeof msg);
	free(in);
	if (!ok) {
		diag_error(dg, (srcpos){report_path, 0, 0}, "%s", msg);
		fprintf(stderr, "dossier: the report cannot be written; nothing built\n");
	}
	return ok;
}

/* The records: --state-dir, state-dir:, or .dossier-state beside the
 * manifest; made, and cleaned of killed runs' records, unless dry. */
static bool open_state_dir(const manifest *m, const batch_opts *o)
{
	mdir = path_dir(m->a, m->path);
	state_dir = o->state_dir ? o->state_dir : m->state_dir ? m->state_dir : path_join(m->a, mdir, ".dossier-state");
	migrate = !o->dry;
	if (o->dry)
		return true;
	struct stat sst;
	errno = 0;
	if (!mkdir_p(state_dir) || stat(state_dir, &sst) != 0 || !S_ISDIR(sst.st_mode)) {
		fprintf(stderr, "%s: error: cannot create the state directory: %s; nothing built\n", state_dir,
			strerror(errno ? errno : ENOTDIR));
		return false;
	}
	output_clean_dir(state_dir); /* records of killed runs, by their process numbers */
	return true;
}

/* The manifest, read and checked with its outputs and the report's path;
 * NULL (the exit status in *status) when nothing can be built. */
static manifest *batch_manifest(const batch_opts *o, diag *dg, int *status)
{
	limits_arm_backstop(o->mpath, NULL); /* each dossier's build has its own */
	manifest *m = manifest_load(dg, o->mpath);
	limits_disarm_backstop();
	if (!m || dg->errors)
		*status = manifest_failed(dg, EXIT_INPUT);
	else if (!o->dry && !outputs_not_inputs(m, dg))
		*status = manifest_failed(dg, EXIT_SYSTEM);
	else if (o->report_path && !o->dry && !report_path_ok(m, o->report_path, dg))
		*status = EXIT_SYSTEM;
	else if (!open_state_dir(m, o))
		*status = EXIT_SYSTEM;
	else
		return m;
	manifest_free(m);
	return NULL;
}

/* This shard's dossiers: every N-th, from the K-th. */
static void select_shard(bctx *b, const manifest *m, rentry *entries, const batch_opts *o)
{
	for (size_t i = 0; i < m->n; i++) {
		if (o->shard_n && (int)(i % (size_t)o->shard_n) != o->shard_k - 1)
			continue;
		const bdossier *d = &m->d[i];
		rentry *e = &entries[b->n];
		*e = (rentry){.index = d->index, .name = d->name, .layout = d->layout_spec, .output = d->output_spec,
			      .copy_no = d->copy_no, .copy_total = d->copy_total, .status = RS_SKIPPED};
		b->st[b->n++] = (bstate){.d = d, .e = e};
	}
}

/* The output directories of this shard's dossiers, each held with a shared
 * lock while we write into it. */
typedef struct {
	const char **dirs;   /* sorted, once each */
	size_t ndirs;
	const char **outs;   /* every dossier's output, sorted */
	size_t nouts;
	int *lockfd;         /* per directory, -1 none */
	job_error **direrr;  /* per directory: why it cannot be made */
} outdirs;

/* Make the directories; clean up after killed runs when we are alone. */
static void outdirs_open(outdirs *od, bctx *b, const manifest *m, bool dry)
{
	od->dirs = xcalloc(b->n ? b->n : 1, sizeof *od->dirs);
	for (size_t i = 0; i < b->n; i++)
		od->dirs[od->ndirs++] = path_dir(b->a, b->st[i].d->output);
	qsort(od->dirs, od->ndirs, sizeof *od->dirs, cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < od->ndirs; i++)
		if (!w || strcmp(od->dirs[w - 1], od->dirs[i]))
			od->dirs[w++] = od->dirs[i];
	od->ndirs = w;
	od->nouts = m->n;
	od->outs = xcalloc(m->n ? m->n : 1, sizeof *od->outs);
	for (size_t i = 0; i < m->n; i++)
		od->outs[i] = m->d[i].output;
	qsort(od->outs, m->n, sizeof *od->outs, cmp_str);
	od->lockfd = xcalloc(od->ndirs ? od->ndirs : 1, sizeof *od->lockfd);
	od->direrr = xcalloc(od->ndirs ? od->ndirs : 1, sizeof *od->direrr);
	for (size_t i = 0; i < od->ndirs; i++) {
		od->lockfd[i] = -1;
		if (!dry && !mkdir_p(od->dirs[i])) {
			od->direrr[i] = arena_alloc(b->a, sizeof *od->direrr[i]);
			job_error_set(od->direrr[i], od->dirs[i], 0, 0, "cannot create the output directory: %s",
				      strerror(errno));
			continue;
		}
		if (dry)
			continue;
		output_clean_dir(od->dirs[i]); /* leftovers of killed runs, by their process numbers */
		od->lockfd[i] = open(od->dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (od->lockfd[i] >= 0) {
			if (flock(od->lockfd[i], LOCK_EX | LOCK_NB) == 0)
				clean_tmp(od->dirs[i], od->outs, od->nouts);
			flock(od->lockfd[i], LOCK_SH);
		}
	}
	for (size_t i = 0; i < b->n; i++) {
		const char *dn = path_dir(b->a, b->st[i].d->output);
		const char **hit = bsearch(&dn, od->dirs, od->ndirs, sizeof *od->dirs, cmp_str);
		if (hit && od->direrr[hit - od->dirs])
			b->st[i].dir_error = od->direrr[hit - od->dirs];
	}
}

/* A second chance to remove what killed runs left, now that our workers
 * are gone: only when no other batch holds the directory. */
static void outdirs_close(outdirs *od)
{
	for (size_t i = 0; i < od->ndirs; i++)
		if (od->lockfd[i] >= 0) {
			output_clean_dir(od->dirs[i]);
			if (flock(od->lockfd[i], LOCK_EX | LOCK_NB) == 0)
				clean_tmp(od->dirs[i], od->outs, od->nouts);
			close(od->lockfd[i]);
		}
	free(od->lockfd);
	free(od->direrr);
	free(od->outs);
	free(od->dirs);
}

/* A dossier whose output directory cannot be made: failed. */
static void fail_dir(bctx *b, bstate *s)
{
	s->e->status = RS_FAILED;
	s->e->exit_status = EXIT_SYSTEM;
	s->e->errors = 1;
	rentry_set_error(s->e, b->a, s->dir_error);
	job_error_print(stderr, s->dir_error);
	b->failed++;
	b->done++;
	b->worst = EXIT_SYSTEM;
}

/* What is out of date: into the queue, with the reason. */
static void find_stale(bctx *b, const batch_opts *o)
{
	hcache hc = {0};
	b->queue = xcalloc(b->n ? b->n : 1, sizeof *b->queue);
	for (size_t i = 0; i < b->n; i++) {
		bstate *s = &b->st[i];
		if (s->dir_error) {
			fail_dir(b, s);
			continue;
		}
		s->reason = o->force ? "--force" : stale_reason(s, &hc, b->a);
		if (s->reason) {
			b->queue[b->nqueue++] = i;
			if (o->dry)
				printf("build %s: %s\n", s->d->output, s->reason);
		} else {
			s->e->status = RS_UP_TO_DATE;
			b->uptodate++;
			b->done++;
			if (o->dry || (o->verbose && !o->quiet))
				printf("up to date %s\n", s->d->output);
		}
	}
	hcache_free(&hc);
	b->tobuild = b->nqueue;
}

/* Lay out (check) the first dossier of the queue in the parent, before any
 * worker is forked: the faces it parses, the embedding checks, the texts it
 * shapes and the words it hyphenates stay in the process's caches
 * (facecache.h, hyph.c), which every worker then shares copy-on-write
 * instead of doing the same work again. Dossiers of one batch mostly share
 * their fonts and much of their vocabulary. Nothing is written and nothing
 * reported: the dossier's own worker builds it and reports on it as
 * before. The caches hold only what the font files and the words give, so
 * every PDF is the same byte for byte with or without this. */
#define PREPARE_MIN 32

static void warm_caches(const bdossier *d, size_t nqueue)
{
	FILE *devnull = fopen("/dev/null", "w");
	if (!devnull)
		return;
	job j = make_job(d, JOB_CHECK, devnull);
	j.want_inputs = false;
	job_result r;
	pipeline_run(&j, &r);
	job_result_free(&r);
	fclose(devnull);
	/* the faces it measured text in, prepared for hb-subset: each worker's
	 * subsets then cost half; preparing a face costs about twenty
	 * subsets, so only for a long queue */
	if (nqueue >= PREPARE_MIN)
		render_prepare_faces();
}

/* Build the queue with the workers, the signals caught meanwhile. */
static void build_queue(bctx *b, long jobs)
{
	struct sigaction sa = {0};
	sa.sa_handler = parent_signal;
	sigemptyset(&sa.sa_mask);
	struct sigaction old[3];
	const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	/* shared read-only by the workers (copy-on-write): the hyphenation
	 * dictionaries, which each layout would otherwise load again (about
	 * 6% of a small dossier's time) */
	if (b->nqueue > 1) {
		hyph_hold(true);
		for (size_t i = 0; hyph_lang(i); i++)
			hyph_available(hyph_lang(i));
		warm_caches(b->st[b->queue[0]].d, b->nqueue);
	}
	if (jobs > (long)b->nqueue)
		jobs = b->nqueue ? (long)b->nqueue : 1;
	b->jobs = (int)jobs;
	b->slots = xcalloc((size_t)b->jobs, sizeof *b->slots);
	run_workers(b);
	progress_clear(b);
	free(b->slots);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
}

/* The report, the summary line, and the run's exit status. */
static int batch_summary(bctx *b, const manifest *m, rentry *entries, const batch_opts *o, double secs, diag *dg)
{
	size_t skipped = b->n - b->built - b->failed - b->uptodate;
	if (o->report_path) {
		report r = {.manifest = m->path, .total = m->n, .shard_k = o->shard_k, .shard_n = o->shard_n,
			    .seconds = secs, .e = entries, .n = b->n};
		memcpy(r.manifest_id, m->id, sizeof r.manifest_id);
		if (!report_write(&r, o->report_path, dg) && b->worst < EXIT_SYSTEM)
			b->worst = EXIT_SYSTEM;
	}
	char sh[48] = "";
	if (o->shard_n)
		snprintf(sh, sizeof sh, " (shard %d/%d of %zu)", o->shard_k, o->shard_n, m->n);
	printf("dossier batch: %zu dossier%s%s: %zu built, %zu up to date, %zu failed%s%s in %.1f s\n", b->n,
	       b->n == 1 ? "" : "s", sh, b->built, b->uptodate, b->failed, skipped ? ", not built: " : "",
	       skipped ? arena_printf(b->a, "%zu (interrupted)", skipped) : "", secs);
	fflush(stdout);
	int status = b->worst;
	if (status == EXIT_OK && (b->failed || skipped))
		status = EXIT_INPUT;
	return status;
}

/* Everything after the manifest is read: select, lock, check, build. */
static int batch_run(const manifest *m, const batch_opts *o, double t_start, diag *dg)
{
	bctx b = {.tty = isatty(STDERR_FILENO) && !o->quiet, .quiet = o->quiet, .verbose = o->verbose,
		  .a = arena_new()};
	b.st = xcalloc(m->n ? m->n : 1, sizeof *b.st);
	rentry *entries = xcalloc(m->n ? m->n : 1, sizeof *entries);
	select_shard(&b, m, entries, o);
	outdirs od = {0};
	outdirs_open(&od, &b, m, o->dry);
	find_stale(&b, o);
	int status = EXIT_OK;
	if (o->dry) {
		printf("dossier batch: %zu dossier%s: %zu to build, %zu up to date\n", b.n, b.n == 1 ? "" : "s",
		       b.nqueue, b.uptodate);
	} else {
		/* flushed by the parent for its workers (sync_dirs) */
		b.syncdirs = arena_alloc(b.a, (od.ndirs + 1) * sizeof *b.syncdirs);
		for (size_t i = 0; i < od.ndirs; i++)
			if (!od.direrr[i])
				b.syncdirs[b.nsync++] = od.dirs[i];
		b.syncdirs[b.nsync++] = state_dir;
		build_queue(&b, o->jobs ? o->jobs : cpu_count());
		status = batch_summary(&b, m, entries, o, now_mono() - t_start, dg);
	}
	outdirs_close(&od);
	hyph_hold(false);
	hyph_release();
	free(b.queue);
	free(entries);
	free(b.st);
	arena_free(b.a);
	return status;
}

int cmd_batch(int argc, char **argv)
{
	batch_opts o = {0};
	int status = opt_parse(&batch_cmd, argc, argv, &o);
	if (status == OPT_CONTINUE && !o.mpath)
		status = usage_error(&batch_cmd, "batch needs a manifest file");
	long long sde;
	if (status == OPT_CONTINUE && source_date_epoch(&sde, true) < 0)
		status = EXIT_USAGE;
	if (status != OPT_CONTINUE) {
		opt_list_free(&o.allow);
		return status;
	}
	allow = o.allow;
	/* the manifest's directory is part of every dossier's project: its
	 * layouts may read what lies beside the manifest (docs/errors.md) */
	static char manifest_dir[4096];
	const char *slash = strrchr(o.mpath, '/');
	snprintf(manifest_dir, sizeof manifest_dir, "%.*s", slash ? (int)(slash - o.mpath) + (slash == o.mpath) : 1,
		 slash ? o.mpath : ".");
	opt_list_add(&allow, manifest_dir);
	double t_start = now_mono();
	diag dg;
	diag_init(&dg, stderr);
	manifest *m = batch_manifest(&o, &dg, &status);
	if (m) {
		manifest_path = m->path;
		status = batch_run(m, &o, t_start, &dg);
		mdir = ".";
		manifest_free(m);
	}
	diag_free(&dg);
	opt_list_free(&allow);
	if (stop_sig) {
		signal(stop_sig, SIG_DFL);
		raise(stop_sig);
	}
	return status;
}
