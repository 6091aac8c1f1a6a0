/* cmd_limits.c — `dossier limits`: the limits on every input, with the
 * values in force and their defaults (bounds.h). */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "cli.h"

int cmd_limits(int argc, char **argv)
{
	int r;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs("usage: dossier limits [--limit NAME=VALUE]...\n"
			      "\n"
			      "Lists the limits put on every dossier's input, with the value in force\n"
			      "and the default. build, check, deps, watch and batch take\n"
			      "--limit NAME=VALUE to change one (docs/errors.md#limits).\n",
			      stdout);
			return 0;
		} else if ((r = limits_option(argc, argv, &i)) != 0) {
			if (r < 0)
				return 2;
		} else {
			fprintf(stderr, "dossier: limits: unexpected argument '%s'\nusage: dossier limits [--limit NAME=VALUE]...\n", a);
			return 2;
		}
	}
	limits_print(stdout);
	return 0;
}
