/* cli.c — command-line options several commands share. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int cli_source_date_epoch(long long *t, bool say)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	long long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && v <= CLI_SDE_MAX; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p || v > CLI_SDE_MAX) {
		if (!say)
			return -1;
		char shown[64];
		snprintf(shown, sizeof shown, "%.40s%s", s, strlen(s) > 40 ? "…" : "");
		for (char *c = shown; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		fprintf(stderr,
			"dossier: error: SOURCE_DATE_EPOCH is '%s'; it must be a whole number of seconds from 0 to %lld "
			"(9999-12-31 23:59:59 UTC), or unset\n",
			shown, (long long)CLI_SDE_MAX);
		return -1;
	}
	*t = v;
	return 1;
}

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
