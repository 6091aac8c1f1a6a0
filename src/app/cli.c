/* cli.c — command-line options several commands share. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"
#include "vars.h"

bool cli_allow_path_ok(const char *dir)
{
	if (*dir)
		return true;
	/* an empty name would be taken as every path on the machine */
	fprintf(stderr, "dossier: --allow-path: the directory name is empty; give a directory, e.g. --allow-path ../shared\n");
	return false;
}

int cli_allow_path(int argc, char **argv, int *i, const char *usage, const char ***dirs, size_t *n)
{
	const char *a = argv[*i], *dir;
	if (!strncmp(a, "--allow-path=", 13))
		dir = a + 13;
	else if (!strcmp(a, "--allow-path"))
		dir = ++*i < argc ? argv[*i] : NULL;
	else
		return 0;
	if (!dir) {
		fprintf(stderr, "dossier: %s needs a directory\n%s", a, usage);
		return -1;
	}
	if (!cli_allow_path_ok(dir))
		return -1;
	if (!*dirs)
		*dirs = xcalloc((size_t)argc, sizeof **dirs);
	(*dirs)[(*n)++] = dir;
	return 1;
}

int cli_var(int argc, char **argv, int *i, const char *usage, cli_vars *v)
{
	static const char *const rfields[] = {"recipient.name", "recipient.title", "recipient.delegation", NULL};
	char *a = argv[*i], *arg;
	if (!strncmp(a, "--var=", 6))
		arg = a + 6;
	else if (!strcmp(a, "--var"))
		arg = ++*i < argc ? argv[*i] : NULL;
	else
		return 0;
	if (!arg) {
		fprintf(stderr, "dossier: --var needs NAME=VALUE, e.g. --var delegation=mps\n%s", usage);
		return -1;
	}
	char *eq = strchr(arg, '=');
	if (!eq) {
		fprintf(stderr, "dossier: --var '%s': no '='; write NAME=VALUE, e.g. --var %s=VALUE\n%s", arg,
			*arg ? arg : "delegation", usage);
		return -1;
	}
	if (eq == arg) {
		fprintf(stderr, "dossier: --var '%s': the name is empty; write NAME=VALUE\n%s", arg, usage);
		return -1;
	}
	*eq = 0; /* arg is the name now, eq + 1 the value */
	const char *value = eq + 1;
	if (!strncmp(arg, "recipient.", 10) || !strncmp(arg, "vars.", 5)) {
		const char *bare = !strncmp(arg, "vars.", 5) ? arg + 5 : NULL;
		int k;
		for (k = 0; rfields[k] && strcmp(rfields[k], arg); k++)
			;
		if (bare && vars_name_ok(bare)) {
			fprintf(stderr, "dossier: --var '%s=%s': give the name without 'vars.': --var %s=%s\n", arg, value,
				bare, value);
		} else if (!rfields[k]) {
			const char *near = diag_nearest(arg, rfields);
			fprintf(stderr, "dossier: --var: unknown name '%s'%s%s%s\n", arg,
				near ? "; did you mean '" : " (recipient.name, recipient.title or recipient.delegation)",
				near ? near : "", near ? "'?" : "");
		} else if (v->recipient[k]) {
			fprintf(stderr, "dossier: --var: '%s' is given twice\n", arg);
		} else {
			v->recipient[k] = value;
			return 1;
		}
		return -1;
	}
	if (!vars_name_ok(arg)) {
		fprintf(stderr, "dossier: --var: '%s' is not a variable name (a letter, then letters, digits, '-' or "
				"'_'; or recipient.name, recipient.title, recipient.delegation)\n", arg);
		return -1;
	}
	if (!strcmp(arg, "name") || !strcmp(arg, "copy") || !strcmp(arg, "copies")) {
		fprintf(stderr, "dossier: --var: '%s' is reserved (a batch sets it for every dossier)\n", arg);
		return -1;
	}
	for (size_t j = 0; j < v->n; j++)
		if (!strcmp(v->names[j], arg)) {
			fprintf(stderr, "dossier: --var: '%s' is given twice\n", arg);
			return -1;
		}
	if (v->n == CLI_MAX_VARS) {
		fprintf(stderr, "dossier: --var: at most %d variables\n", CLI_MAX_VARS);
		return -1;
	}
	v->names[v->n] = arg;
	v->values[v->n++] = value;
	return 1;
}
