/* options.c — the one command-line parser (options.h) and the options
 * several commands share: --limit, --allow-path, --var. */
#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "diag.h"
#include "pipeline.h"
#include "util.h"
#include "vars.h"

int usage_error(const opt_cmd *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("dossier: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", c->usage);
	return EXIT_USAGE;
}

/* "CMD: " before the parser's own messages for the commands that have a name */
static const char *prefix(const opt_cmd *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", c->name ? c->name : "", c->name ? ": " : "");
	return buf;
}

static const opt_spec *find_long(const opt_cmd *c, const char *name, size_t len)
{
	for (const opt_spec *s = c->specs; s && s->name; s++)
		if (strlen(s->name) == len && !strncmp(s->name, name, len))
			return s;
	return NULL;
}

static const opt_spec *find_short(const opt_cmd *c, char letter)
{
	for (const opt_spec *s = c->specs; s && s->name; s++)
		if (s->shrt && s->shrt == letter)
			return s;
	return NULL;
}

static int unknown(const opt_cmd *c, const char *a)
{
	char p[64];
	return usage_error(c, "%sunknown option '%s'", prefix(c, p, sizeof p), a);
}

/* --name, --name=V, --name V */
static int long_option(const opt_cmd *c, int argc, char **argv, int *i, void *ctx)
{
	char *a = argv[*i], *eq = strchr(a, '=');
	size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	const opt_spec *s = find_long(c, a + 2, len);
	if (!s)
		return unknown(c, a);
	char opt[128];
	snprintf(opt, sizeof opt, "%.*s", (int)(len + 2), a);
	opt_use u = {c, s, opt, ctx};
	char *val = eq ? eq + 1 : NULL;
	if (s->kind == OPT_FLAG && val)
		return usage_error(c, "%s takes no value", opt);
	if (s->kind == OPT_VALUE && !val) {
		if (++*i >= argc)
			return usage_error(c, "%s needs %s", opt, s->need);
		val = argv[*i];
	}
	return s->fn(&u, val);
}

/* -x, -x V, -xV */
static int short_option(const opt_cmd *c, int argc, char **argv, int *i, void *ctx)
{
	char *a = argv[*i];
	const opt_spec *s = find_short(c, a[1]);
	if (!s || (a[2] && s->kind != OPT_VALUE))
		return unknown(c, a);
	char opt[3] = {'-', a[1], 0};
	opt_use u = {c, s, opt, ctx};
	char *val = NULL;
	if (s->kind == OPT_VALUE) {
		if (a[2])
			val = a + 2;
		else if (++*i < argc)
			val = argv[*i];
		else
			return usage_error(c, "%s needs %s", opt, s->need);
	}
	return s->fn(&u, val);
}

static int positional(const opt_cmd *c, char *a, void *ctx)
{
	opt_use u = {c, NULL, a, ctx};
	int r = c->positional ? c->positional(&u, a) : OPT_UNEXPECTED;
	if (r != OPT_UNEXPECTED)
		return r;
	char p[64];
	return usage_error(c, "%sunexpected argument '%s'", prefix(c, p, sizeof p), a);
}

int opt_parse(const opt_cmd *c, int argc, char **argv, void *ctx)
{
	bool options = true;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		int r;
		if (!options || a[0] != '-' || !a[1]) {
			r = positional(c, a, ctx);
		} else if (!strcmp(a, "--")) {
			options = false;
			continue;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(c->help, stdout);
			if (c->help_more)
				fputs(c->help_more, stdout);
			return EXIT_OK;
		} else if (a[1] == '-') {
			r = long_option(c, argc, argv, &i, ctx);
		} else {
			r = short_option(c, argc, argv, &i, ctx);
		}
		if (r != OPT_CONTINUE)
			return r;
	}
	return OPT_CONTINUE;
}

static void *field(const opt_use *u)
{
	return (char *)u->ctx + u->spec->off;
}

int opt_set_flag(const opt_use *u, char *val)
{
	(void)val;
	*(bool *)field(u) = true;
	return OPT_CONTINUE;
}

int opt_set_string(const opt_use *u, char *val)
{
	*(const char **)field(u) = val;
	return OPT_CONTINUE;
}

int opt_one_arg(const opt_use *u, char *arg)
{
	const char **f = (const char **)((char *)u->ctx + u->cmd->arg_off);
	if (*f)
		return OPT_UNEXPECTED;
	*f = arg;
	return OPT_CONTINUE;
}

void opt_list_add(opt_list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
}

void opt_list_free(opt_list *l)
{
	free(l->v);
	*l = (opt_list){0};
}

int opt_add_path(const opt_use *u, char *dir)
{
	/* an empty name would be taken as every path on the machine */
	if (!*dir)
		return usage_error(u->cmd, "--allow-path: the directory name is empty; give a directory, e.g. "
					   "--allow-path ../shared");
	opt_list_add(field(u), dir);
	return OPT_CONTINUE;
}

int opt_limit(const opt_use *u, char *val)
{
	char err[256];
	if (!limits_set(val, err, sizeof err))
		return usage_error(u->cmd, "%s", err);
	return OPT_CONTINUE;
}

/* recipient.NAME: what a manifest's recipients give one dossier */
static int add_recipient(const opt_use *u, cli_vars *v, const char *name, const char *value)
{
	static const char *const rfields[] = {"recipient.name", "recipient.title", "recipient.delegation", NULL};
	const char *bare = !strncmp(name, "vars.", 5) ? name + 5 : NULL;
	int k;
	for (k = 0; rfields[k] && strcmp(rfields[k], name); k++)
		;
	if (bare && vars_name_ok(bare))
		return usage_error(u->cmd, "--var '%s=%s': give the name without 'vars.': --var %s=%s", name, value, bare,
				   value);
	if (!rfields[k]) {
		const char *near = diag_nearest(name, rfields);
		return usage_error(u->cmd, "--var: unknown name '%s'%s%s%s", name,
				   near ? "; did you mean '" : " (recipient.name, recipient.title or recipient.delegation)",
				   near ? near : "", near ? "'?" : "");
	}
	if (v->recipient[k])
		return usage_error(u->cmd, "--var: '%s' is given twice", name);
	v->recipient[k] = value;
	return OPT_CONTINUE;
}

int opt_add_var(const opt_use *u, char *arg)
{
	cli_vars *v = field(u);
	char *eq = strchr(arg, '=');
	if (!eq)
		return usage_error(u->cmd, "--var '%s': no '='; write NAME=VALUE, e.g. --var %s=VALUE", arg,
				   *arg ? arg : "delegation");
	if (eq == arg)
		return usage_error(u->cmd, "--var '%s': the name is empty; write NAME=VALUE", arg);
	*eq = 0; /* arg is the name now, eq + 1 the value: nothing is allocated */
	const char *value = eq + 1;
	if (!strncmp(arg, "recipient.", 10) || !strncmp(arg, "vars.", 5))
		return add_recipient(u, v, arg, value);
	if (!vars_name_ok(arg))
		return usage_error(u->cmd, "--var: '%s' is not a variable name (a letter, then letters, digits, '-' or "
					   "'_'; or recipient.name, recipient.title, recipient.delegation)", arg);
	if (!strcmp(arg, "name") || !strcmp(arg, "copy") || !strcmp(arg, "copies"))
		return usage_error(u->cmd, "--var: '%s' is reserved (a batch sets it for every dossier)", arg);
	for (size_t j = 0; j < v->n; j++)
		if (!strcmp(v->names[j], arg))
			return usage_error(u->cmd, "--var: '%s' is given twice", arg);
	if (v->n == CLI_MAX_VARS)
		return usage_error(u->cmd, "--var: at most %d variables", CLI_MAX_VARS);
	v->names[v->n] = arg;
	v->values[v->n++] = value;
	return OPT_CONTINUE;
}
