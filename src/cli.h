/* cli.h — commands beyond build/check/deps, each in its own file.
 *
 * Each takes argv from the command name on (argv[0] is the command) and
 * returns an exit status (pipeline.h: EXIT_*). main.c dispatches on the
 * name through its subcommands table.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

int cmd_new(int argc, char **argv);   /* cmd_new.c: starter project */
int cmd_watch(int argc, char **argv); /* cmd_watch.c: rebuild on change */
int cmd_fonts(int argc, char **argv); /* cmd_fonts.c: fonts and coverage */
int cmd_batch(int argc, char **argv);  /* batch.c: many dossiers per run */
int cmd_report(int argc, char **argv); /* report.c: report merge */

#endif
