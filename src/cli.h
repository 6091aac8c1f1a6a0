/* cli.h — commands beyond build/check/deps, each in its own file.
 *
 * Each takes argv from the command name on (argv[0] is the command) and
 * returns an exit status (pipeline.h: EXIT_*). main.c dispatches on the
 * name through its subcommands table.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#endif
