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

#include "font.h"
#include "layout.h"
#include "load.h"
#include "render.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

static const char usage[] =
	"usage: dossier build LAYOUT.yaml [-o OUT.pdf]\n"
	"       dossier check LAYOUT.yaml [--dump]\n"
	"       dossier deps LAYOUT.yaml [-o OUT.pdf]\n"
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
	"  check LAYOUT.yaml [--dump]       load and lay out, write nothing, report\n"
	"                                   every error; --dump prints the pages.\n"
	"  deps LAYOUT.yaml [-o OUT.pdf]    print the files the dossier is built from,\n"
	"                                   as a Makefile rule.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   where build writes the PDF\n"
	"  -q, --quiet         print nothing but errors\n"
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
	"The layout format is described in docs/layout.md.\n";

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
		} else if (!strcmp(a, "--dump")) {
			dump = true;
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
	if (dump && strcmp(cmd, "check")) {
		fprintf(stderr, "dossier: --dump goes with check\n%s", usage);
		return EXIT_USAGE;
	}
	util_on_fatal(render_cleanup_tmp);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	diag dg;
	diag_init(&dg, stderr);
	char *defout = NULL;
	if (!out) {
		defout = default_output(layout_path);
		out = defout;
	}
	int status = EXIT_OK;
	doc *d = load_layout(&dg, layout_path);
	fontset *fs = NULL;
	layout *L = NULL;
	if (!strcmp(cmd, "deps")) {
		if (dg.errors == 0) {
			printf("%s:", out);
			for (size_t i = 0; i < d->ninputs; i++)
				printf(" \\\n  %s", d->inputs[i]);
			printf("\n");
		}
		status = dg.errors ? EXIT_INPUT : EXIT_OK;
		goto done;
	}
	if (dg.errors == 0)
		fs = fontset_load(d, &dg);
	if (dg.errors == 0)
		L = layout_run(d, fs, &dg);
	if (dg.errors) {
		status = EXIT_INPUT;
		goto done;
	}
	if (!strcmp(cmd, "check")) {
		if (dump)
			layout_dump(L, fs, stdout);
		else if (!quiet)
			printf("%s: ok, %zu page%s\n", layout_path, L->npages, L->npages == 1 ? "" : "s");
		goto done;
	}
	status = render_pdf(d, L, fs, out, &dg);
	if (status == 0 && !quiet)
		printf("%s: %zu page%s\n", out, L->npages, L->npages == 1 ? "" : "s");
done:
	if (dg.errors && status == EXIT_OK)
		status = EXIT_INPUT;
	if (dg.errors > 0 && !quiet)
		fprintf(stderr, "dossier: %d error%s; %s\n", dg.errors, dg.errors == 1 ? "" : "s",
			strcmp(cmd, "build") == 0 ? "no PDF written" : "nothing written");
	layout_free(L);
	fontset_free(fs);
	doc_free(d);
	free(defout);
	return status;
}
