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

#include "cli.h"
#include "bounds.h"
#include "pipeline.h"
#include "render.h"
#include "util.h"

/* Commands that parse their own arguments: name → function in its own file. */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} subcommands[] = {
	{"new", cmd_new},
	{"watch", cmd_watch},
	{"fonts", cmd_fonts},
	{"batch", cmd_batch},
	{"report", cmd_report},
	{"limits", cmd_limits},
	{NULL, NULL}, /* end */
};

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

static void on_signal(int sig)
{
	render_cleanup_tmp();
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

int main(int argc, char **argv)
{
	const char *cmd = NULL, *layout_path = NULL, *out = NULL;
	bool dump = false, quiet = false;
	int quality = 0, linebreak = 0; /* job.quality, job.linebreak */
	const char *allow[64]; /* --allow-path directories */
	size_t nallow = 0;
	cli_vars vars = {0};
	/* commands with their own argument parsing (cli.h) */
	if (argc >= 2)
		for (size_t i = 0; subcommands[i].name; i++)
			if (!strcmp(argv[1], subcommands[i].name)) {
				util_on_fatal(render_cleanup_tmp);
				return subcommands[i].fn(argc - 1, argv + 1);
			}
	int lr; /* limits_option: 0 not --limit, -1 a usage error */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(help, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			print_version();
			return EXIT_OK;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc) {
				fprintf(stderr, "dossier: %s needs a file name\n%s", a, usage);
				return EXIT_USAGE;
			}
			out = argv[i];
		} else if (!strncmp(a, "--output=", 9)) {
			out = a + 9;
		} else if (!strcmp(a, "--allow-path")) {
			if (++i >= argc) {
				fprintf(stderr, "dossier: %s needs a directory\n%s", a, usage);
				return EXIT_USAGE;
			}
			if (nallow == sizeof allow / sizeof allow[0]) {
				fprintf(stderr, "dossier: at most 64 --allow-path options\n");
				return EXIT_USAGE;
			}
			if (!cli_allow_path_ok(argv[i]))
				return EXIT_USAGE;
			allow[nallow++] = argv[i];
		} else if (!strncmp(a, "--allow-path=", 13)) {
			if (nallow == sizeof allow / sizeof allow[0]) {
				fprintf(stderr, "dossier: at most 64 --allow-path options\n");
				return EXIT_USAGE;
			}
			if (!cli_allow_path_ok(a + 13))
				return EXIT_USAGE;
			allow[nallow++] = a + 13;
		} else if ((lr = limits_option(argc, argv, &i)) != 0) {
			if (lr < 0)
				return EXIT_USAGE;
		} else if ((lr = cli_var(argc, argv, &i, usage, &vars)) != 0) {
			if (lr < 0)
				return EXIT_USAGE;
		} else if (!strcmp(a, "--dump")) {
			dump = true;
		} else if (!strcmp(a, "--quality") || !strcmp(a, "--quality=table")) {
			quality = 1;
		} else if (!strcmp(a, "--quality=json")) {
			quality = 2;
		} else if (!strcmp(a, "--linebreak") || !strncmp(a, "--linebreak=", 12)) {
			const char *v = a[11] == '=' ? a + 12 : ++i < argc ? argv[i] : "";
			if (!strcmp(v, "optimal"))
				linebreak = 1 + DOC_BREAK_OPTIMAL;
			else if (!strcmp(v, "greedy"))
				linebreak = 1 + DOC_BREAK_GREEDY;
			else {
				fprintf(stderr, "dossier: --linebreak takes optimal or greedy, not '%s'\n%s", v, usage);
				return EXIT_USAGE;
			}
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "dossier: unknown option '%s'\n%s", a, usage);
			return EXIT_USAGE;
		} else if (!cmd) {
			cmd = a;
		} else if (!layout_path) {
			layout_path = a;
		} else {
			fprintf(stderr, "dossier: unexpected argument '%s'\n%s", a, usage);
			return EXIT_USAGE;
		}
	}
	if (!cmd) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "build") && strcmp(cmd, "check") && strcmp(cmd, "deps")) {
		fprintf(stderr, "dossier: unknown command '%s'\n%s", cmd, usage);
		return EXIT_USAGE;
	}
	if (!layout_path) {
		fprintf(stderr, "dossier: %s needs a layout file\n%s", cmd, usage);
		return EXIT_USAGE;
	}
	if ((dump || quality) && strcmp(cmd, "check")) {
		fprintf(stderr, "dossier: %s goes with check\n%s", dump ? "--dump" : "--quality", usage);
		return EXIT_USAGE;
	}
	if (dump && quality) {
		fprintf(stderr, "dossier: --dump and --quality do not go together\n%s", usage);
		return EXIT_USAGE;
	}
	if (linebreak && !strcmp(cmd, "deps")) {
		fprintf(stderr, "dossier: --linebreak goes with build or check\n%s", usage);
		return EXIT_USAGE;
	}
	long long sde;
	if (!strcmp(cmd, "build") && source_date_epoch(&sde, true) < 0)
		return EXIT_USAGE;
	util_on_fatal(render_cleanup_tmp);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	char *defout = NULL;
	if (!out) {
		defout = default_output(layout_path);
		out = defout;
	}
	job j = {.layout = layout_path, .out = out, .diag_out = stderr, .info_out = stdout, .quiet = quiet,
		 .allow_paths = allow, .nallow_paths = nallow, .linebreak = linebreak, .quality = quality,
		 .var_names = vars.names, .var_values = vars.values, .nvars = vars.n,
		 .recipient_name = vars.recipient[0], .recipient_title = vars.recipient[1],
		 .recipient_delegation = vars.recipient[2]};
	j.kind = !strcmp(cmd, "deps") ? JOB_DEPS : !strcmp(cmd, "check") ? (dump ? JOB_DUMP : JOB_CHECK) : JOB_BUILD;
	job_result r;
	limits_arm_backstop(layout_path, render_cleanup_tmp);
	int status = pipeline_run(&j, &r);
	limits_disarm_backstop();
	if (status == EXIT_OK && !quiet && !quality && (j.kind == JOB_BUILD || j.kind == JOB_CHECK))
		printf("%s: %s%zu page%s\n", j.kind == JOB_BUILD ? out : layout_path,
		       j.kind == JOB_CHECK ? "ok, " : "", r.pages, r.pages == 1 ? "" : "s");
	if (r.errors > 0 && !quiet)
		fprintf(stderr, "dossier: %d error%s; %s\n", r.errors, r.errors == 1 ? "" : "s",
			j.kind == JOB_BUILD ? "no PDF written" : "nothing written");
	free(defout);
	return status;
}
