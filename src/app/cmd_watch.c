/* cmd_watch.c — `dossier watch LAYOUT [-o OUT.pdf]`: build, then build again
 * whenever one of the dossier's files changes.
 *
 * The files are the ones the build reads (doc->inputs: the layout, fonts,
 * facts, tables, articles, images), listed again after every build so that a
 * file the layout starts to name is watched from then on. Their directories
 * are watched with inotify, so editors that save by writing a new file and
 * renaming it are seen too; a file whose directory does not exist yet is
 * watched through the nearest directory that does. A file deleted to be
 * written again (as some editors save) makes the build fail; while the
 * dossier does not load, every file watched before stays watched, so its
 * return is seen. Changes are gathered until
 * the files have been quiet for 100 ms, then one build runs.
 *
 * Each build goes through pipeline_run, which writes the PDF to a temporary
 * file and renames it only when complete: on errors they are printed and the
 * last good PDF stays in place. One status line per build goes to stdout.
 * SIGINT, SIGTERM and SIGHUP stop the watch with status 0 (during a build,
 * the temporary file is removed and the signal ends the process, as for
 * `dossier build`).
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "options.h"
#include "bounds.h"
#include "load.h"
#include "pipeline.h"
#include "output.h"
#include "util.h"

#define DEBOUNCE_MS 100
#define DEBOUNCE_MAX_MS 2000 /* build anyway when files never stop changing */

static const char watch_usage[] = "usage: dossier watch LAYOUT.yaml [-o OUT.pdf] [-q] [--var NAME=VALUE]…\n";

static const char watch_help[] =
	"usage: dossier watch LAYOUT.yaml [-o OUT.pdf] [-q] [--var NAME=VALUE]…\n"
	"\n"
	"Build the PDF, then build it again whenever one of its files changes (the\n"
	"layout, articles, facts, tables, images, fonts). Errors are printed and the\n"
	"last good PDF is kept. One status line per build. Ctrl-C stops.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   the PDF (default: the layout's name with .pdf, in the\n"
	"                      current directory)\n"
	"  -q, --quiet         print nothing but errors\n"
	"  --allow-path DIR    let the layouts read files under DIR, outside their\n"
	"                      project (docs/errors.md); may be repeated\n"
	"  --var NAME=VALUE    set {{ vars.NAME }} (or recipient.name, .title,\n"
	"                      .delegation) as a batch manifest would; may be repeated\n"
	"  --limit NAME=VALUE  change a limit (dossier limits lists them)\n"
	"  -h, --help          this text\n";

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t building;

static void on_signal(int sig)
{
	if (building) { /* as dossier build does: no temporary file left behind */
		output_cleanup_all();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stop_signal = sig;
}

/* ---- what is watched ---- */
typedef struct {
	int wd;
	char *dir;   /* the watched directory */
	char *name;  /* the entry in it that matters */
} target;

typedef struct {
	int fd;
	target *t;
	size_t n, cap;
	size_t nfiles;
} watchset;

static char *dup_n(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Split path into its directory and last component, climbing to the nearest
 * existing directory: a/b/c.md with no a/b gives (a, b). */
static void locate(const char *path, char **dir, char **name)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	for (;;) {
		char *slash = strrchr(p, '/');
		char *d, *base;
		if (!slash) {
			d = xstrdup(".");
			base = xstrdup(p);
		} else {
			d = slash == p ? xstrdup("/") : dup_n(p, (size_t)(slash - p));
			base = xstrdup(slash + 1);
		}
		if (is_dir(d) || !slash) {
			*dir = d;
			*name = base;
			free(p);
			return;
		}
		free(base);
		free(p);
		p = d;
	}
}

static void add_target(watchset *w, const char *path, size_t *nnew, target **fresh, size_t *cap)
{
	char *dir, *name;
	locate(path, &dir, &name);
	for (size_t i = 0; i < *nnew; i++)
		if (!strcmp((*fresh)[i].dir, dir) && !strcmp((*fresh)[i].name, name)) {
			free(dir);
			free(name);
			return;
		}
	int wd = inotify_add_watch(w->fd, dir,
				   IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
					   IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
	if (wd < 0) {
		char shown[PATH_MAX];
		diag_escape(shown, sizeof shown, dir, strlen(dir)); /* names come from the layout */
		fprintf(stderr, "dossier: watch: cannot watch '%s': %s\n", shown, strerror(errno));
		free(dir);
		free(name);
		return;
	}
	GROW(*fresh, *cap, *nnew + 1);
	(*fresh)[(*nnew)++] = (target){wd, dir, name};
}

/* the options */
typedef struct {
	const char *layout, *out;
	bool quiet;
	opt_list allow; /* --allow-path */
	cli_vars vars;  /* --var */
} watch_opts;
static watch_opts wo;

/* Watch the files of the dossier at layout (read again now). */
static void refresh(watchset *w, const char *layout)
{
	diag dg;
	diag_init(&dg, NULL); /* the build has printed the errors */
	load_opts lo = {.allow_paths = wo.allow.v, .nallow_paths = wo.allow.n,
			.var_names = wo.vars.names, .var_values = wo.vars.values, .nvars = wo.vars.n,
			.recipient_name = wo.vars.recipient[0], .recipient_title = wo.vars.recipient[1],
			.recipient_delegation = wo.vars.recipient[2]};
	doc *d = pipeline_load(&dg, layout, &lo);
	target *fresh = NULL;
	size_t nnew = 0, cap = 0;
	add_target(w, layout, &nnew, &fresh, &cap);
	for (size_t i = 0; i < d->ninputs; i++)
		add_target(w, d->inputs[i], &nnew, &fresh, &cap);
	w->nfiles = d->ninputs ? d->ninputs : 1;
	doc_free(d);
	/* A dossier that does not load lists only the files read before the
	 * error: one that an editor has just deleted (to write it again) is not
	 * among them. Keep watching every file watched so far until the dossier
	 * loads again, so that its return is seen. */
	if (dg.errors)
		for (size_t i = 0; i < w->n; i++) {
			const target *t = &w->t[i];
			size_t n = strlen(t->dir) + strlen(t->name) + 2;
			char *path = xmalloc(n);
			snprintf(path, n, "%s/%s", t->dir, t->name);
			add_target(w, path, &nnew, &fresh, &cap);
			free(path);
		}
	/* stop watching directories no longer needed */
	for (size_t i = 0; i < w->n; i++) {
		bool kept = false;
		for (size_t j = 0; j < nnew && !kept; j++)
			kept = fresh[j].wd == w->t[i].wd;
		if (!kept) {
			for (size_t k = 0; k < i; k++) /* once per wd */
				if (w->t[k].wd == w->t[i].wd)
					kept = true;
			if (!kept)
				inotify_rm_watch(w->fd, w->t[i].wd);
		}
		free(w->t[i].dir);
		free(w->t[i].name);
	}
	free(w->t);
	w->t = fresh;
	w->n = nnew;
	w->cap = cap;
}

static void watchset_free(watchset *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->t[i].dir);
		free(w->t[i].name);
	}
	free(w->t);
	if (w->fd >= 0)
		close(w->fd);
}

/* Read the pending events; return the number that concern the dossier and
 * note the first such file in changed (dir/name). */
static int drain(watchset *w, char *changed, size_t n)
{
	char ev[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int hits = 0;
	for (;;) {
		ssize_t len = read(w->fd, ev, sizeof ev);
		if (len <= 0)
			break;
		for (char *p = ev; p < ev + len;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			p += sizeof *e + e->len;
			for (size_t i = 0; i < w->n; i++) {
				const target *t = &w->t[i];
				if (t->wd != e->wd)
					continue;
				/* the directory itself went away or moved: rebuild and look again */
				bool self = e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED);
				if (self || (e->len && !strcmp(e->name, t->name))) {
					if (!hits && changed)
						snprintf(changed, n, "%s%s%s", strcmp(t->dir, ".") ? t->dir : "",
							 strcmp(t->dir, ".") ? "/" : "", self ? "" : t->name);
					hits++;
					break;
				}
			}
		}
	}
	return hits;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wait for a change to the dossier's files, then for 100 ms of quiet.
 * false when a signal asks to stop. */
static bool wait_change(watchset *w, const sigset_t *open_mask, char *changed, size_t n)
{
	struct pollfd pfd = {.fd = w->fd, .events = POLLIN};
	changed[0] = 0;
	int hits = 0;
	while (!hits) {
		int r = ppoll(&pfd, 1, NULL, open_mask);
		if (stop_signal)
			return false;
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "dossier: watch: %s\n", strerror(errno));
			return false;
		}
		if (r > 0)
			hits = drain(w, changed, n);
	}
	double start = now_ms();
	for (;;) {
		struct timespec ts = {0, DEBOUNCE_MS * 1000000L};
		int r = ppoll(&pfd, 1, &ts, open_mask);
		if (stop_signal)
			return false;
		if (r == 0 || now_ms() - start > DEBOUNCE_MAX_MS)
			break;
		if (r > 0)
			hits += drain(w, NULL, 0);
	}
	if (hits > 1) {
		size_t l = strlen(changed);
		snprintf(changed + l, n - l, " and more");
	}
	return true;
}

/* ---- the builds ---- */

static char *default_out(const char *layout)
{
	const char *base = strrchr(layout, '/');
	base = base ? base + 1 : layout;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
		n = (size_t)(dot - base);
	char *out = xmalloc(n + 5);
	memcpy(out, base, n);
	memcpy(out + n, ".pdf", 5);
	return out;
}

static void stamp(char *s, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(s, n, "%H:%M:%S", &tm);
	else
		snprintf(s, n, "--:--:--");
}

static void build_once(const char *layout, const char *out, bool quiet, const sigset_t *open_mask,
		       const sigset_t *closed_mask)
{
	struct stat st;
	bool had_pdf = stat(out, &st) == 0;
	job j = {.kind = JOB_BUILD, .layout = layout, .out = out, .diag_out = stderr, .info_out = NULL,
		 .quiet = quiet, .allow_paths = wo.allow.v, .nallow_paths = wo.allow.n,
		 .var_names = wo.vars.names, .var_values = wo.vars.values, .nvars = wo.vars.n,
		 .recipient_name = wo.vars.recipient[0], .recipient_title = wo.vars.recipient[1],
		 .recipient_delegation = wo.vars.recipient[2]};
	job_result r;
	building = 1;
	sigprocmask(SIG_SETMASK, open_mask, NULL);
	pipeline_run(&j, &r);
	sigprocmask(SIG_SETMASK, closed_mask, NULL);
	building = 0;
	fflush(stderr);
	if (quiet)
		return;
	char ts[16];
	stamp(ts, sizeof ts);
	if (r.status == EXIT_OK)
		printf("[%s] %s: %zu page%s (%.2f s)\n", ts, out, r.pages, r.pages == 1 ? "" : "s", r.seconds);
	else if (r.errors)
		printf("[%s] %d error%s; %s\n", ts, r.errors, r.errors == 1 ? "" : "s",
		       had_pdf ? "the last good PDF is kept" : "no PDF written");
	else
		printf("[%s] build failed; %s\n", ts, had_pdf ? "the last good PDF is kept" : "no PDF written");
	fflush(stdout);
}

static const opt_spec watch_specs[] = {
	OPT_SPEC_OUTPUT(watch_opts, out),
	OPT_SPEC_QUIET(watch_opts, quiet),
	OPT_SPEC_ALLOW_PATH(watch_opts, allow),
	OPT_SPEC_VAR(watch_opts, vars),
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd watch_cmd = {"watch", watch_usage, watch_help, NULL, watch_specs, opt_one_arg,
				   offsetof(watch_opts, layout)};

/* Signals are blocked except while waiting (ppoll) and while building, so
 * that none is lost between a check of stop_signal and the wait. */
static void block_signals(sigset_t *open_mask, sigset_t *closed_mask)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(closed_mask);
	for (size_t i = 0; i < 3; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(closed_mask, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, closed_mask, open_mask);
	for (size_t i = 0; i < 3; i++)
		sigdelset(open_mask, sigs[i]);
	sigprocmask(SIG_BLOCK, NULL, closed_mask); /* the full mask while not waiting */
}

/* Build, then build again on every change until a signal. */
static int watch_loop(const char *layout, const char *out, bool quiet)
{
	sigset_t closed_mask, open_mask;
	block_signals(&open_mask, &closed_mask);
	watchset w = {.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
	if (w.fd < 0) {
		fprintf(stderr, "dossier: watch: cannot start inotify: %s\n", strerror(errno));
		return EXIT_SYSTEM;
	}
	/* Watch first, then build: a change made during the build is not lost. */
	refresh(&w, layout);
	if (!quiet) {
		printf("watching %s and %zu more file%s; Ctrl-C to stop\n", layout, w.nfiles - 1,
		       w.nfiles == 2 ? "" : "s");
		fflush(stdout);
	}
	build_once(layout, out, quiet, &open_mask, &closed_mask);
	refresh(&w, layout);
	char changed[PATH_MAX + 16];
	while (wait_change(&w, &open_mask, changed, sizeof changed)) {
		if (!quiet) {
			char ts[16];
			stamp(ts, sizeof ts);
			char shown[PATH_MAX + 16];
			diag_escape(shown, sizeof shown, changed, strlen(changed)); /* names come from the layout */
			printf("[%s] changed: %s\n", ts, shown);
			fflush(stdout);
		}
		build_once(layout, out, quiet, &open_mask, &closed_mask);
		refresh(&w, layout);
	}
	if (!quiet && stop_signal) {
		printf("stopped\n");
		fflush(stdout);
	}
	watchset_free(&w);
	return stop_signal ? EXIT_OK : EXIT_SYSTEM;
}

int cmd_watch(int argc, char **argv)
{
	int status = opt_parse(&watch_cmd, argc, argv, &wo);
	if (status != OPT_CONTINUE)
		return status;
	if (!wo.layout)
		return usage_error(&watch_cmd, "watch needs a layout file");
	long long sde;
	if (source_date_epoch(&sde, true) < 0)
		return EXIT_USAGE;
	char *defout = wo.out ? NULL : default_out(wo.layout);
	status = watch_loop(wo.layout, wo.out ? wo.out : defout, wo.quiet);
	free(defout);
	opt_list_free(&wo.allow);
	return status;
}
