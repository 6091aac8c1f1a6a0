/* limits.c — the run-time table of limits, `--limit NAME=VALUE`, and the
 * run-time clock of one dossier. */
#include "bounds.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>


/* The defaults: docs/errors.md lists them. */
#define DEFAULTS \
	{ \
		.file_bytes = 64L * 1024 * 1024, \
		.yaml_depth = 64, \
		.yaml_nodes = 2000000, \
		.md_nesting = 32, \
		.table_columns = 64, \
		.table_rows = 2000000, \
		.image_pixels = 50L * 1000 * 1000, \
		.image_side = 20000, \
		.pages = 100000, \
		.errors = DIAG_MAX_ERRORS, \
		.title_bytes = 1000, \
		.image_total = 100L * 1000 * 1000, \
		.seconds = 300, \
	}

limit_set dossier_limits = DEFAULTS;
static const limit_set defaults = DEFAULTS;

enum { U_COUNT, U_BYTES, U_SECONDS };

static const struct {
	const char *name;
	int unit;
	size_t off;
	double min, max;
	const char *what;
} table[] = {
#define F(m) offsetof(limit_set, m)
	{"file-size", U_BYTES, F(file_bytes), 1, 1024.0 * 1024 * 1024,
	 "largest layout, facts, statistics, article or image file read"},
	{"yaml-depth", U_COUNT, F(yaml_depth), 1, LIMIT_YAML_DEPTH_MAX, "YAML nesting depth"},
	{"yaml-nodes", U_COUNT, F(yaml_nodes), 1, 1e9,
	 "YAML nodes visited in one document, aliases expanded (alias bombs)"},
	{"md-nesting", U_COUNT, F(md_nesting), 1, LIMIT_MD_NESTING_MAX,
	 "Markdown list and block-quote nesting laid out"},
	{"table-columns", U_COUNT, F(table_columns), 1, LIMIT_TABLE_COLUMNS_MAX, "columns of one table"},
	{"table-rows", U_COUNT, F(table_rows), 1, 1e9, "rows of one table"},
	{"image-pixels", U_COUNT, F(image_pixels), 1, 1e10, "pixels of one image (decompression bombs)"},
	{"image-side", U_COUNT, F(image_side), 1, 1e6, "width or height of one image, in pixels"},
	{"pages", U_COUNT, F(pages), 1, 1e7, "pages of one dossier"},
	{"errors", U_COUNT, F(errors), 1, 1e6, "errors printed before the list is cut (all are counted)"},
	{"title-length", U_COUNT, F(title_bytes), 1, 1e6,
	 "bytes of one title or heading (document, section, article, Markdown heading)"},
	{"image-memory", U_COUNT, F(image_total), 1, 1e11,
	 "decoded pixels of all the images of one dossier, each file counted once"},
	{"time", U_SECONDS, F(seconds), 0, 7 * 24 * 3600.0, "run time of one dossier; 0 for none"},
#undef F
};
#define NLIMITS (sizeof table / sizeof table[0])

static double get(const limit_set *l, size_t i)
{
	const char *p = (const char *)l + table[i].off;
	if (table[i].unit == U_SECONDS)
		return *(const double *)p;
	return (double)*(const long *)p;
}

static void format_value(size_t i, double v, char *out, size_t n)
{
	if (table[i].unit == U_SECONDS) {
		snprintf(out, n, "%gs", v);
	} else if (table[i].unit == U_BYTES && v >= 1024.0 * 1024 * 1024 && fmod(v, 1024.0 * 1024 * 1024) == 0) {
		snprintf(out, n, "%.0fG", v / (1024.0 * 1024 * 1024));
	} else if (table[i].unit == U_BYTES && v >= 1024 * 1024 && fmod(v, 1024 * 1024) == 0) {
		snprintf(out, n, "%.0fM", v / (1024 * 1024));
	} else if (table[i].unit == U_BYTES && v >= 1024 && fmod(v, 1024) == 0) {
		snprintf(out, n, "%.0fK", v / 1024);
	} else {
		snprintf(out, n, "%.0f", v);
	}
}

/* A value in one of the documented forms only: decimal digits (for times,
 * with a fraction too), then the unit's letter. No sign, blank, exponent,
 * hexadecimal, "inf" or "nan", as strtod would take. Too many digits give
 * a value beyond every range. */
static bool parse_value(int unit, const char *s, double *out)
{
	double v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	if (p == s)
		return false;
	if (unit == U_SECONDS && *p == '.') {
		const char *f = ++p;
		double scale = 0.1;
		for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
			v += (*p - '0') * scale;
		if (p == f)
			return false;
	}
	if (unit == U_BYTES && *p) {
		double mul = *p == 'K' || *p == 'k' ? 1024.0 : *p == 'M' ? 1024.0 * 1024 : *p == 'G' ? 1024.0 * 1024 * 1024 : 0;
		if (!mul)
			return false;
		v *= mul;
		p++;
	} else if (unit == U_SECONDS && *p) {
		double mul = *p == 's' ? 1 : *p == 'm' ? 60 : *p == 'h' ? 3600 : 0;
		if (!mul)
			return false;
		v *= mul;
		p++;
	}
	if (*p)
		return false;
	*out = v;
	return true;
}

bool limits_set(const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	if (!eq || eq == spec) {
		snprintf(err, errlen, "--limit expects NAME=VALUE, got '%s'", spec);
		return false;
	}
	size_t nlen = (size_t)(eq - spec);
	size_t i;
	for (i = 0; i < NLIMITS; i++)
		if (strlen(table[i].name) == nlen && !strncmp(table[i].name, spec, nlen))
			break;
	if (i == NLIMITS) {
		const char *names[NLIMITS + 1];
		for (size_t k = 0; k < NLIMITS; k++)
			names[k] = table[k].name;
		names[NLIMITS] = NULL;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(nlen < 63 ? nlen : 63), spec);
		const char *near = diag_nearest(name, names);
		if (near)
			snprintf(err, errlen, "--limit: no limit is called '%s'; did you mean '%s'? (dossier limits lists them)",
				 name, near);
		else
			snprintf(err, errlen, "--limit: no limit is called '%s' (dossier limits lists them)", name);
		return false;
	}
	const char *val = eq + 1;
	double v;
	char lo[32], hi[32];
	format_value(i, table[i].min, lo, sizeof lo);
	format_value(i, table[i].max, hi, sizeof hi);
	if (!parse_value(table[i].unit, val, &v)) {
		const char *expect = table[i].unit == U_SECONDS ? "a number of seconds (or with m or h)"
				     : table[i].unit == U_BYTES   ? "a whole number of bytes (or with K, M or G)"
								  : "a whole number";
		snprintf(err, errlen, "--limit %s: expected %s from %s to %s, got '%s'", table[i].name, expect, lo, hi, val);
		return false;
	}
	if (v < table[i].min || v > table[i].max) {
		snprintf(err, errlen, "--limit %s: %s is out of range; it may be from %s to %s", table[i].name, val, lo,
			 hi);
		return false;
	}
	char *p = (char *)&dossier_limits + table[i].off;
	if (table[i].unit == U_SECONDS)
		*(double *)p = v;
	else
		*(long *)p = (long)v;
	diag_set_max_errors(dossier_limits.errors); /* the diags made from now on */
	return true;
}

bool limits_title_check(diag *dg, srcpos pos, const char *what, const char *text)
{
	size_t n = strlen(text);
	if (n <= (size_t)LIMIT_TITLE_BYTES)
		return true;
	diag_error(dg, pos, "%s of %zu bytes is longer than %ld bytes (limit title-length); shorten it", what, n,
		   LIMIT_TITLE_BYTES);
	return false;
}

void limits_print(void *file)
{
	FILE *f = file;
	fprintf(f, "%-14s %-10s %-10s %s\n", "NAME", "VALUE", "DEFAULT", "WHAT");
	for (size_t i = 0; i < NLIMITS; i++) {
		char now[32], def[32];
		format_value(i, get(&dossier_limits, i), now, sizeof now);
		format_value(i, get(&defaults, i), def, sizeof def);
		fprintf(f, "%-14s %-10s %-10s %s\n", table[i].name, now, def, table[i].what);
	}
}

/* ---- the run-time clock ---- */

static double deadline; /* monotonic seconds; 0 = no clock running */
static bool reported;

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void limits_start_clock(void)
{
	deadline = dossier_limits.seconds > 0 ? mono() + dossier_limits.seconds : 0;
	reported = false;
}

bool limits_time_up(void)
{
	return deadline > 0 && mono() > deadline;
}

/* Seconds as a message writes them: up to 9 decimals, never exponent notation. */
static const char *secs(char *out, size_t n, double v)
{
	snprintf(out, n, "%.9f", v);
	char *dot = strchr(out, '.');
	if (dot) {
		char *e = out + strlen(out);
		while (e > dot + 1 && e[-1] == '0')
			*--e = 0;
		if (e == dot + 1)
			*dot = 0;
	}
	return out;
}

bool limits_time_check(diag *dg, srcpos pos)
{
	if (!limits_time_up())
		return false;
	if (!reported) {
		reported = true;
		char t[64];
		diag_error(dg, pos, "the build ran longer than the time limit of %s s (--limit time=SECONDS)",
			   secs(t, sizeof t, dossier_limits.seconds));
	}
	return true;
}

static char backstop_msg[256];
static size_t backstop_len;
static void (*backstop_cleanup)(void);

static void on_alarm(int sig)
{
	(void)sig;
	if (backstop_cleanup)
		backstop_cleanup();
	ssize_t w = write(2, backstop_msg, backstop_len);
	(void)w;
	_exit(1);
}

void limits_arm_backstop(const char *what, void (*cleanup)(void))
{
	if (dossier_limits.seconds <= 0)
		return;
	/* the grace lets the checks between units of work report first,
	 * with the layout's position */
	double grace = dossier_limits.seconds * 0.5 > 10 ? dossier_limits.seconds * 0.5 : 10;
	double t = dossier_limits.seconds + grace;
	char t1[64], t2[64];
	int n = snprintf(backstop_msg, sizeof backstop_msg,
			 "dossier: error: %s: stopped after %s s, past the time limit of %s s "
			 "(--limit time=SECONDS); nothing written\n",
			 what, secs(t1, sizeof t1, t), secs(t2, sizeof t2, dossier_limits.seconds));
	backstop_len = n < 0 ? 0 : (size_t)n < sizeof backstop_msg ? (size_t)n : sizeof backstop_msg - 1;
	backstop_cleanup = cleanup;
	signal(SIGALRM, on_alarm);
	struct itimerval it = {{0, 0}, {(time_t)t, (suseconds_t)((t - floor(t)) * 1e6)}};
	setitimer(ITIMER_REAL, &it, NULL);
}

void limits_disarm_backstop(void)
{
	struct itimerval it = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
	signal(SIGALRM, SIG_DFL);
}
