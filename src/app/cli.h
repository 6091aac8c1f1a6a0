/* cli.h — commands beyond build/check/deps, each in its own file.
 *
 * Each takes argv from the command name on (argv[0] is the command) and
 * returns an exit status (pipeline.h: EXIT_*). main.c dispatches on the
 * name through its subcommands table.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <stdbool.h>
#include <stddef.h>

int cmd_new(int argc, char **argv);   /* cmd_new.c: starter project */
int cmd_watch(int argc, char **argv); /* cmd_watch.c: rebuild on change */
int cmd_fonts(int argc, char **argv); /* cmd_fonts.c: fonts and coverage */
int cmd_batch(int argc, char **argv);  /* batch.c: many dossiers per run */
int cmd_report(int argc, char **argv); /* report.c: report merge */
int cmd_limits(int argc, char **argv); /* cmd_limits.c: the limits and their values */

/* --var NAME=VALUE (build, check, deps, watch): what a batch manifest's
 * vars and recipients give one dossier, so that a layout using
 * {{ vars.NAME }} or {{ recipient.name }} can be built on its own. */
#define CLI_MAX_VARS 64 /* as many as a manifest's dossier may have */
typedef struct {
	const char *names[CLI_MAX_VARS], *values[CLI_MAX_VARS]; /* vars.NAME */
	size_t n;
	const char *recipient[3];     /* recipient.name, .title, .delegation */
} cli_vars;

#endif
