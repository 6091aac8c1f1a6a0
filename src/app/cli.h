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

/* "--allow-path DIR" or "--allow-path=DIR" at argv[*i] (cli.c), for the
 * commands that keep their directories in a list: DIR is added to *dirs
 * (made on first use, with room for argc entries) and *i moves past it.
 * Returns 0 when argv[*i] is another option, 1 when DIR was added, -1 when
 * it is missing (said on stderr, with usage). */
int cli_allow_path(int argc, char **argv, int *i, const char *usage, const char ***dirs, size_t *n);

/* false, said on stderr, when an --allow-path value cannot be used (it is
 * empty: the empty prefix would allow every path). */
bool cli_allow_path_ok(const char *dir);

/* --var NAME=VALUE (build, check, deps, watch): what a batch manifest's
 * vars and recipients give one dossier, so that a layout using
 * {{ vars.NAME }} or {{ recipient.name }} can be built on its own. */
#define CLI_MAX_VARS 64 /* as many as a manifest's dossier may have */
typedef struct {
	const char *names[CLI_MAX_VARS], *values[CLI_MAX_VARS]; /* vars.NAME */
	size_t n;
	const char *recipient[3];     /* recipient.name, .title, .delegation */
} cli_vars;

/* "--var NAME=VALUE" or "--var=NAME=VALUE" at argv[*i]: 0 when argv[*i] is
 * another option, 1 when the variable was added (NAME is cut off in argv
 * itself: nothing is allocated), -1 (said on stderr, with
 * usage) when it is missing, has no '=', an empty or invalid name (with the
 * nearest valid one), a reserved name, or is given twice. */
int cli_var(int argc, char **argv, int *i, const char *usage, cli_vars *v);


#endif
