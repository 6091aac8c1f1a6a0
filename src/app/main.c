/* main.c — the command line: parse arguments, run the stages in order, map
 * the outcome to an exit status.
 *
 *   0  success
 *   1  errors in the input (all of them reported)
 *   2  usage error
 *   3  failure to write the output, or another system error
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "pipeline.h"
#include "options.h"
#include "output.h"
#include "util.h"

static const char usage[] =
	"usage: dossier build LAYOUT.yaml [-o OUT.pdf]\n"
	"       dossier check LAYOUT.yaml [--dump | --quality[=json]]\n"
	"       dossier deps LAYOUT.yaml [-o OUT.pdf]\n"
	"       dossier watch LAYOUT.yaml [-o OUT.pdf]\n"
	"       dossier new DIR [--copy-fonts]\n"
	"       dossier fonts [--dir DIR | LAYOUT.yaml]\n"
	"       dossier batch MANIFEST.yaml [-j N] [--force] [--report FILE.json] …\n"
	"       dossier report merge REPORT.json… -o MERGED.json\n"
	"       dossier limits\n"
	"       dossier --help | --version\n";

static const char help[] =
	"dossier — print-ready PDF briefing dossiers from a YAML layout, Markdown\n"
	"articles, event facts and statistics.\n"
	"\n"
	"Commands:\n"
	"  build LAYOUT.yaml [-o OUT.pdf]   lay out and write the PDF (default: the\n"
	"                                   layout's name with .pdf, in the current\n"
	"                                   directory). The output is replaced only\n"
	"                                   when the new PDF is complete.\n"
	"  check LAYOUT.yaml [--dump | --quality[=json]]\n"
	"                                   load and lay out, write nothing, report\n"
	"                                   every error; --dump prints the pages,\n"
	"                                   --quality the line-breaking counts\n"
	"                                   (loose, hyphenated and overfull lines,\n"
	"                                   widows, orphans), as a table or JSON.\n"
	"  deps LAYOUT.yaml [-o OUT.pdf]    print the files the dossier is built from,\n"
	"                                   as a Makefile rule.\n"
	"  watch LAYOUT.yaml [-o OUT.pdf]   build, then build again whenever one of\n"
	"                                   its files changes; errors keep the last\n"
	"                                   good PDF. Ctrl-C stops.\n"
	"  new DIR [--copy-fonts]           write a starter project that builds as\n"
	"                                   it stands.\n"
	"  fonts [--dir DIR | LAYOUT.yaml]  list the fonts found, their styles and\n"
	"                                   the languages each covers.\n"
	"  batch MANIFEST.yaml [-j N] …     build every dossier of a manifest whose\n"
	"                                   inputs changed, N at a time; --report,\n"
	"                                   --shard K/N, --dry-run, --force.\n"
	"  report merge REPORT.json… -o MERGED.json\n"
	"                                   join the reports of batch shards.\n"
	"  limits                           list the limits on every input, with\n"
	"                                   their values and defaults.\n"
	"  COMMAND --help                   help on new, watch, fonts, batch or\n"
	"                                   report.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   where build writes the PDF\n"
	"  -q, --quiet         print nothing but errors\n"
	"  --linebreak=optimal|greedy\n"
	"                      build and check: break lines by total fit (the\n"
	"                      default) or first fit, whatever the layout says\n"
	"  --allow-path DIR    let the layout read files under DIR, outside its\n"
	"                      project (the layout's directory, or its parent when\n"
	"                      that is called layouts); may be repeated\n"
	"  --var NAME=VALUE    build, check, deps, watch: set {{ vars.NAME }} as a\n"
	"                      batch manifest would (recipient.name, .title and\n"
	"                      .delegation set {{ recipient.… }}); may be repeated\n"
	"  --limit NAME=VALUE  change a limit, e.g. time=60s, pages=500,\n"
	"                      file-size=256M (dossier limits lists them); may be\n"
	"                      repeated\n"
	"  -h, --help          this text\n"
	"  -V, --version       version and library versions\n"
	"\n"
	"Exit status: 0 success; 1 errors in the input; 2 usage error;\n"
	"3 the output could not be written (or another system error).\n"
	"\n"
	"Errors read FILE:LINE:COL: error: MESSAGE. Colour is used on a terminal\n"
	"unless NO_COLOR is set. SOURCE_DATE_EPOCH, when set, fixes the PDF's dates.\n"
	"DOSSIER_FONTS names a directory to look for fonts in when a layout gives no\n"
	"fonts: dir and none is found beside it.\n"
	"The layout format is described in dossier-layout(5) and docs/layout.md;\n"
	"batch manifests in docs/batch.md.\n";


/* The commands: build, check and deps here; the others in their own files. */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv); /* argv[0] is the command */
} commands[] = {
	{"new", cmd_new},
	{"watch", cmd_watch},
	{"fonts", cmd_fonts},
	{"batch", cmd_batch},
	{"report", cmd_report},
	{"limits", cmd_limits},
	{NULL, NULL}, /* end; build, check and deps: cmd_layout */
};

static void on_signal(int sig)
{
	output_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void print_version(void)
{
	printf("dossier %s\n", DOSSIER_VERSION);
	printf("built with libharu %s, cairo %s, libyaml %s, md4c %s, FreeType, libunibreak, utf8proc\n",
	       DOSSIER_HPDF_VERSION, DOSSIER_CAIRO_VERSION, DOSSIER_YAML_VERSION, DOSSIER_MD4C_VERSION);
}

/* Default output: the layout's base name with .pdf, in the current directory. */
static char *default_output(const char *layout)
{
	const char *base = strrchr(layout, '/');
	base = base ? base + 1 : layout;
	size_t n = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
		n = (size_t)(dot - base);
	char *out = xmalloc(n + 5);
	memcpy(out, base, n);
	memcpy(out + n, ".pdf", 5);
	return out;
}


/* build, check, deps: the options, which may come before the command. */
typedef struct {
	const char *cmd, *layout, *out;
	bool dump, quiet;
	int quality, linebreak; /* job.quality, job.linebreak */
	opt_list allow;         /* --allow-path */
	cli_vars vars;
} layout_opts;

static int on_version(const opt_use *u, char *val)
{
	(void)u, (void)val;
	print_version();
	return EXIT_OK;
}

static int on_quality(const opt_use *u, char *val)
{
	layout_opts *o = u->ctx;
	if (!val || !strcmp(val, "table"))
		o->quality = 1;
	else if (!strcmp(val, "json"))
		o->quality = 2;
	else
		return usage_error(u->cmd, "--quality takes table or json, not '%s'", val);
	return OPT_CONTINUE;
}

static int on_linebreak(const opt_use *u, char *val)
{
	layout_opts *o = u->ctx;
	if (!strcmp(val, "optimal"))
		o->linebreak = 1 + DOC_BREAK_OPTIMAL;
	else if (!strcmp(val, "greedy"))
		o->linebreak = 1 + DOC_BREAK_GREEDY;
	else
		return usage_error(u->cmd, "--linebreak takes optimal or greedy, not '%s'", val);
	return OPT_CONTINUE;
}

static int on_layout_arg(const opt_use *u, char *arg)
{
	layout_opts *o = u->ctx;
	if (!o->cmd)
		o->cmd = arg;
	else if (!o->layout)
		o->layout = arg;
	else
		return OPT_UNEXPECTED;
	return OPT_CONTINUE;
}

static const opt_spec layout_specs[] = {
	{"version", 'V', OPT_FLAG, on_version, 0, NULL},
	OPT_SPEC_OUTPUT(layout_opts, out),
	OPT_SPEC_QUIET(layout_opts, quiet),
	{"dump", 0, OPT_FLAG, opt_set_flag, offsetof(layout_opts, dump), NULL},
	{"quality", 0, OPT_OPTIONAL, on_quality, 0, NULL},
	{"linebreak", 0, OPT_VALUE, on_linebreak, 0, "optimal or greedy"},
	OPT_SPEC_ALLOW_PATH(layout_opts, allow),
	OPT_SPEC_VAR(layout_opts, vars),
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};

static const opt_cmd layout_cmd = {NULL, usage, help, NULL, layout_specs, on_layout_arg, 0};

/* What goes together: a usage error, or OPT_CONTINUE. */
static int layout_opts_check(const layout_opts *o)
{
	const opt_cmd *c = &layout_cmd;
	if (!o->cmd) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(o->cmd, "build") && strcmp(o->cmd, "check") && strcmp(o->cmd, "deps"))
		return usage_error(c, "unknown command '%s'", o->cmd);
	if (!o->layout)
		return usage_error(c, "%s needs a layout file", o->cmd);
	if ((o->dump || o->quality) && strcmp(o->cmd, "check"))
		return usage_error(c, "%s goes with check", o->dump ? "--dump" : "--quality");
	if (o->dump && o->quality)
		return usage_error(c, "--dump and --quality do not go together");
	if (o->linebreak && !strcmp(o->cmd, "deps"))
		return usage_error(c, "--linebreak goes with build or check");
	long long sde;
	if (!strcmp(o->cmd, "build") && source_date_epoch(&sde, true) < 0)
		return EXIT_USAGE;
	return OPT_CONTINUE;
}

/* The pipeline on the layout, and the summary line. */
static int run_layout(const layout_opts *o)
{
	util_on_fatal(output_cleanup_all);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	char *defout = o->out ? NULL : default_output(o->layout);
	const char *out = o->out ? o->out : defout;
	job j = {.layout = o->layout, .out = out, .diag_out = stderr, .info_out = stdout, .quiet = o->quiet,
		 .allow_paths = o->allow.v, .nallow_paths = o->allow.n, .linebreak = o->linebreak,
		 .quality = o->quality, .var_names = o->vars.names, .var_values = o->vars.values,
		 .nvars = o->vars.n, .recipient_name = o->vars.recipient[0],
		 .recipient_title = o->vars.recipient[1], .recipient_delegation = o->vars.recipient[2]};
	j.kind = !strcmp(o->cmd, "deps")    ? JOB_DEPS
		 : !strcmp(o->cmd, "check") ? (o->dump ? JOB_DUMP : JOB_CHECK)
					    : JOB_BUILD;
	job_result r;
	limits_arm_backstop(o->layout, output_cleanup_all);
	int status = pipeline_run(&j, &r);
	limits_disarm_backstop();
	if (status == EXIT_OK && !o->quiet && !o->quality && (j.kind == JOB_BUILD || j.kind == JOB_CHECK))
		printf("%s: %s%zu page%s\n", j.kind == JOB_BUILD ? out : o->layout, j.kind == JOB_CHECK ? "ok, " : "",
		       r.pages, r.pages == 1 ? "" : "s");
	if (r.errors > 0 && !o->quiet)
		fprintf(stderr, "dossier: %d error%s; %s\n", r.errors, r.errors == 1 ? "" : "s",
			j.kind == JOB_BUILD ? "no PDF written" : "nothing written");
	free(defout);
	return status;
}

/* build, check, deps: argv from the program name on, the command among the
 * options. */
static int cmd_layout(int argc, char **argv)
{
	layout_opts o = {0};
	int status = opt_parse(&layout_cmd, argc, argv, &o);
	if (status == OPT_CONTINUE)
		status = layout_opts_check(&o);
	if (status == OPT_CONTINUE)
		status = run_layout(&o);
	opt_list_free(&o.allow);
	return status;
}

int main(int argc, char **argv)
{
	if (argc >= 2)
		for (size_t i = 0; commands[i].name; i++)
			if (!strcmp(argv[1], commands[i].name)) {
				util_on_fatal(output_cleanup_all);
				return commands[i].fn(argc - 1, argv + 1);
			}
	return cmd_layout(argc, argv);
}
