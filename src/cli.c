/* cli.c — command-line options several commands share. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

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
	if (!*dirs)
		*dirs = xcalloc((size_t)argc, sizeof **dirs);
	(*dirs)[(*n)++] = dir;
	return 1;
}
