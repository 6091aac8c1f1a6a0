/* test_options.c — the command-line parser (app/options.c): every spelling
 * of an option, a missing value, an unknown option, repeated options, "--",
 * the positional arguments, --help, and the shared --allow-path, --var and
 * --limit handlers with their messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "pipeline.h"

typedef struct {
	const char *out, *mode, *pos[2];
	bool quiet, flag;
	opt_list allow;
	cli_vars vars;
	int nmode;
} topts;

static int on_mode(const opt_use *u, char *val)
{
	topts *o = u->ctx;
	o->mode = val ? val : "(bare)";
	o->nmode++;
	return OPT_CONTINUE;
}

static int on_pos(const opt_use *u, char *arg)
{
	topts *o = u->ctx;
	for (int i = 0; i < 2; i++)
		if (!o->pos[i]) {
			o->pos[i] = arg;
			return OPT_CONTINUE;
		}
	return OPT_UNEXPECTED;
}

static const opt_spec specs[] = {
	OPT_SPEC_OUTPUT(topts, out),
	OPT_SPEC_QUIET(topts, quiet),
	{"flag", 0, OPT_FLAG, opt_set_flag, offsetof(topts, flag), NULL},
	{"mode", 0, OPT_OPTIONAL, on_mode, 0, NULL},
	OPT_SPEC_ALLOW_PATH(topts, allow),
	OPT_SPEC_VAR(topts, vars),
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd named = {"test", "usage: dossier test\n", "HELP\n", "MORE\n", specs, on_pos, 0};
static const opt_cmd unnamed = {NULL, "usage: dossier x\n", "HELP\n", NULL, specs, on_pos, 0};

static const opt_cmd one = {"one", "usage: dossier one\n", "HELP\n", NULL, specs, opt_one_arg,
			    offsetof(topts, mode)};

static char err[4096], out[4096];

static void slurp(FILE *f, char *to, size_t n)
{
	fflush(f);
	rewind(f);
	size_t k = fread(to, 1, n - 1, f);
	to[k] = 0;
	fclose(f);
}

/* opt_parse on the NULL-ended words, stderr and stdout captured in err, out */
static int parse(const opt_cmd *c, topts *o, ...)
{
	static char words[32][256];
	char *argv[33] = {"cmd"};
	int argc = 1;
	va_list ap;
	va_start(ap, o);
	for (const char *w; (w = va_arg(ap, const char *)) && argc < 32; argc++) {
		snprintf(words[argc], sizeof words[argc], "%s", w); /* --var writes into its word */
		argv[argc] = words[argc];
	}
	va_end(ap);
	memset(o, 0, sizeof *o);
	fflush(stderr);
	fflush(stdout);
	int se = dup(2), so = dup(1);
	FILE *fe = tmpfile(), *fo = tmpfile();
	dup2(fileno(fe), 2);
	dup2(fileno(fo), 1);
	int r = opt_parse(c, argc, argv, o);
	fflush(stderr);
	fflush(stdout);
	dup2(se, 2);
	dup2(so, 1);
	close(se);
	close(so);
	slurp(fe, err, sizeof err);
	slurp(fo, out, sizeof out);
	return r;
}

static void value_spellings(void **state)
{
	(void)state;
	topts o;
	const char *const forms[][2] = {{"-o", "a.pdf"}, {"--output", "a.pdf"}, {"--output=a.pdf", NULL},
					{"-oa.pdf", NULL}};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		assert_int_equal(parse(&named, &o, forms[i][0], forms[i][1], NULL), OPT_CONTINUE);
		assert_non_null(o.out);
		assert_string_equal(o.out, "a.pdf");
		assert_string_equal(err, "");
	}
	/* an empty value after '=' is a value */
	assert_int_equal(parse(&named, &o, "--output=", NULL), OPT_CONTINUE);
	assert_string_equal(o.out, "");
	/* the value may start with '-' */
	assert_int_equal(parse(&named, &o, "-o", "-x", NULL), OPT_CONTINUE);
	assert_string_equal(o.out, "-x");
}

static void flag_spellings(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "-q", NULL), OPT_CONTINUE);
	assert_true(o.quiet);
	assert_int_equal(parse(&named, &o, "--quiet", NULL), OPT_CONTINUE);
	assert_true(o.quiet);
	assert_int_equal(parse(&named, &o, "--flag", NULL), OPT_CONTINUE);
	assert_true(o.flag);
	assert_false(o.quiet);
	assert_int_equal(parse(&named, &o, "--flag=yes", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: --flag takes no value\nusage: dossier test\n");
	assert_int_equal(parse(&named, &o, "-qx", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: test: unknown option '-qx'\nusage: dossier test\n");
}

static void optional_value(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "--mode", "pos", NULL), OPT_CONTINUE);
	assert_string_equal(o.mode, "(bare)");
	assert_string_equal(o.pos[0], "pos"); /* never takes the next word */
	assert_int_equal(parse(&named, &o, "--mode=json", NULL), OPT_CONTINUE);
	assert_string_equal(o.mode, "json");
}

static void missing_value(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "-o", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: -o needs a file name\nusage: dossier test\n");
	assert_int_equal(parse(&unnamed, &o, "--output", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: --output needs a file name\nusage: dossier x\n");
	assert_int_equal(parse(&named, &o, "--allow-path", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: --allow-path needs a directory\nusage: dossier test\n");
}

static void unknown_and_unexpected(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&unnamed, &o, "--frobnicate", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: unknown option '--frobnicate'\nusage: dossier x\n");
	assert_int_equal(parse(&named, &o, "-z", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: test: unknown option '-z'\nusage: dossier test\n");
	/* a prefix of a long name is not that name */
	assert_int_equal(parse(&named, &o, "--out=a", NULL), EXIT_USAGE);
	assert_int_equal(parse(&named, &o, "a", "b", "c", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: test: unexpected argument 'c'\nusage: dossier test\n");
	assert_string_equal(o.pos[0], "a");
	assert_string_equal(o.pos[1], "b");
	/* the first error stops the parse */
	assert_int_equal(parse(&named, &o, "--nope", "-q", NULL), EXIT_USAGE);
	assert_false(o.quiet);
}

static void one_argument(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&one, &o, "-q", "a", NULL), OPT_CONTINUE);
	assert_string_equal(o.mode, "a");
	assert_int_equal(parse(&one, &o, "a", "b", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: one: unexpected argument 'b'\nusage: dossier one\n");
}

static void repeated(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "-o", "a", "--output=b", NULL), OPT_CONTINUE);
	assert_string_equal(o.out, "b"); /* the last one */
	assert_int_equal(parse(&named, &o, "--mode", "--mode=x", NULL), OPT_CONTINUE);
	assert_int_equal(o.nmode, 2);
	/* --allow-path: as many as given, no cap */
	char *argv[202] = {"cmd"};
	for (int i = 1; i < 201; i += 2) {
		argv[i] = "--allow-path";
		argv[i + 1] = "d";
	}
	memset(&o, 0, sizeof o);
	assert_int_equal(opt_parse(&named, 201, argv, &o), OPT_CONTINUE);
	assert_int_equal(o.allow.n, 100);
	opt_list_free(&o.allow);
	assert_int_equal(parse(&named, &o, "--allow-path=", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "--allow-path: the directory name is empty"));
}

static void double_dash_and_dash(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "--", "-q", "--x", NULL), OPT_CONTINUE);
	assert_false(o.quiet);
	assert_string_equal(o.pos[0], "-q");
	assert_string_equal(o.pos[1], "--x");
	assert_int_equal(parse(&named, &o, "-", NULL), OPT_CONTINUE);
	assert_string_equal(o.pos[0], "-");
	/* "--" as the value of an option is that value */
	assert_int_equal(parse(&named, &o, "-o", "--", "-q", NULL), OPT_CONTINUE);
	assert_string_equal(o.out, "--");
	assert_true(o.quiet);
}

static void help(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "-q", "--help", "--bad", NULL), EXIT_OK);
	assert_string_equal(out, "HELP\nMORE\n");
	assert_int_equal(parse(&unnamed, &o, "-h", NULL), EXIT_OK);
	assert_string_equal(out, "HELP\n");
	assert_string_equal(err, "");
}

static void vars(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "--var", "a=1", "--var=b=2=3", "--var", "recipient.name=Ann", NULL),
			 OPT_CONTINUE);
	assert_int_equal(o.vars.n, 2);
	assert_string_equal(o.vars.names[1], "b");
	assert_string_equal(o.vars.values[1], "2=3");
	assert_string_equal(o.vars.recipient[0], "Ann");
	assert_int_equal(parse(&named, &o, "--var", "a=1", "--var", "a=2", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "dossier: --var: 'a' is given twice\n"));
	assert_int_equal(parse(&named, &o, "--var", "delegation", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "dossier: --var 'delegation': no '='"));
	assert_int_equal(parse(&named, &o, "--var", "recipient.nmae=x", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "did you mean 'recipient.name'?"));
	assert_int_equal(parse(&named, &o, "--var", "copy=1", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "is reserved"));
}

static void limit(void **state)
{
	(void)state;
	topts o;
	assert_int_equal(parse(&named, &o, "--limit", "nosuch=1", NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "dossier: --limit: no limit is called 'nosuch'"));
	assert_non_null(strstr(err, "usage: dossier test\n"));
	assert_int_equal(parse(&named, &o, "--limit", NULL), EXIT_USAGE);
	assert_string_equal(err, "dossier: --limit needs NAME=VALUE (dossier limits lists the names)\n"
				 "usage: dossier test\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_spellings), cmocka_unit_test(flag_spellings),
		cmocka_unit_test(optional_value), cmocka_unit_test(missing_value),
		cmocka_unit_test(unknown_and_unexpected), cmocka_unit_test(one_argument), cmocka_unit_test(repeated),
		cmocka_unit_test(double_dash_and_dash), cmocka_unit_test(help),
		cmocka_unit_test(vars), cmocka_unit_test(limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
