/* options.h — the one command-line parser every command uses.
 *
 * A command describes its options in a table of opt_spec (long name, short
 * letter, whether it takes a value, what to do with it) and its positional
 * arguments with a function; opt_parse walks argv once for all of them.
 * Spellings accepted for an option "name" with short letter 'x':
 *
 *   OPT_FLAG      --name  -x                     (--name=V is an error)
 *   OPT_VALUE     --name V  --name=V  -x V  -xV
 *   OPT_OPTIONAL  --name  --name=V               (V only after '=')
 *
 * -h and --help print the command's help; "--" ends the options (what
 * follows is positional, even when it starts with '-'); "-" alone is a
 * positional argument. Every usage error goes through usage_error: the
 * message, then the command's usage, on stderr, and EXIT_USAGE.
 */
#ifndef DOSSIER_OPTIONS_H
#define DOSSIER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* opt_parse and the handlers: carry on parsing. Anything else is the exit
 * status the command returns at once (EXIT_OK after --help, EXIT_USAGE). */
#define OPT_CONTINUE (-1)

typedef enum { OPT_FLAG, OPT_VALUE, OPT_OPTIONAL } opt_kind;

typedef struct opt_cmd opt_cmd;
typedef struct opt_spec opt_spec;

/* One use of an option or one positional argument, for its handler. */
typedef struct {
	const opt_cmd *cmd;
	const opt_spec *spec; /* NULL for a positional argument */
	const char *opt;      /* as typed, without "=V": "-o", "--output" */
	void *ctx;            /* the command's own options (opt_parse's ctx) */
} opt_use;

/* val: the value (NULL for a flag, or an OPTIONAL option given bare).
 * Returns OPT_CONTINUE or an exit status. */
typedef int (*opt_fn)(const opt_use *u, char *val);

struct opt_spec {
	const char *name; /* long name without "--"; NULL ends the table */
	char shrt;        /* short letter, 0 for none */
	opt_kind kind;
	opt_fn fn;        /* what to do with it: opt_set_flag, opt_set_string… */
	size_t off;       /* the field of ctx the opt_set_* handlers fill */
	const char *need; /* said when the value is missing: "--x needs NEED" */
};

struct opt_cmd {
	const char *name;           /* "batch"; NULL for build, check and deps */
	const char *usage;          /* printed after every usage error */
	const char *help, *help_more; /* printed by -h, --help (help_more may be NULL) */
	const opt_spec *specs;
	/* a positional argument: OPT_CONTINUE, an exit status, or
	 * OPT_UNEXPECTED for "unexpected argument" */
	int (*positional)(const opt_use *u, char *arg);
	size_t arg_off; /* opt_one_arg: the const char * field of ctx it fills */
};
#define OPT_UNEXPECTED (-2)

int opt_parse(const opt_cmd *c, int argc, char **argv, void *ctx);

/* "dossier: MESSAGE\n" and the command's usage on stderr; EXIT_USAGE. */
int usage_error(const opt_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Handlers that fill the field at spec->off of ctx. */
int opt_set_flag(const opt_use *u, char *val);   /* bool = true */
int opt_set_string(const opt_use *u, char *val); /* const char * = val */
int opt_add_path(const opt_use *u, char *val);   /* opt_list: --allow-path DIR */
int opt_add_var(const opt_use *u, char *val);    /* cli_vars: --var NAME=VALUE */
int opt_limit(const opt_use *u, char *val);      /* --limit NAME=VALUE (bounds.h) */
/* positional: the one argument a command takes, into the field at
 * cmd->arg_off of ctx; a second one is unexpected */
int opt_one_arg(const opt_use *u, char *arg);

/* A list that options add to (--allow-path), as long as argv. */
typedef struct {
	const char **v;
	size_t n, cap;
} opt_list;
void opt_list_add(opt_list *l, const char *s);
void opt_list_free(opt_list *l);

#define OPT_SPEC_LIMIT {"limit", 0, OPT_VALUE, opt_limit, 0, "NAME=VALUE (dossier limits lists the names)"}
#define OPT_SPEC_ALLOW_PATH(type, field) \
	{"allow-path", 0, OPT_VALUE, opt_add_path, offsetof(type, field), "a directory"}
#define OPT_SPEC_VAR(type, field) \
	{"var", 0, OPT_VALUE, opt_add_var, offsetof(type, field), "NAME=VALUE, e.g. --var delegation=mps"}
#define OPT_SPEC_QUIET(type, field) {"quiet", 'q', OPT_FLAG, opt_set_flag, offsetof(type, field), NULL}
#define OPT_SPEC_OUTPUT(type, field) {"output", 'o', OPT_VALUE, opt_set_string, offsetof(type, field), "a file name"}

#endif
