/* cmd_limits.c — `dossier limits`: the limits on every input, with the
 * values in force and their defaults (bounds.h). */
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "options.h"
#include "pipeline.h"

static const char limits_usage[] = "usage: dossier limits [--limit NAME=VALUE]...\n";
static const char limits_help[] =
	"\n"
	"Lists the limits put on every dossier's input, with the value in force\n"
	"and the default. build, check, deps, watch and batch take\n"
	"--limit NAME=VALUE to change one (docs/errors.md#limits).\n";
static const opt_spec limits_specs[] = {
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd limits_cmd = {"limits", limits_usage, limits_usage, limits_help, limits_specs, NULL, 0};

int cmd_limits(int argc, char **argv)
{
	int r = opt_parse(&limits_cmd, argc, argv, NULL);
	if (r != OPT_CONTINUE)
		return r;
	limits_print(stdout);
	return EXIT_OK;
}
