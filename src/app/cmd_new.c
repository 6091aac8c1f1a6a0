/* cmd_new.c — `dossier new DIR`: a small starter project that builds as it
 * stands.
 *
 *   DIR/briefing.yaml           the layout: data quoted with {{ }}, cover with
 *                               an image, contents, text with a footnote and a
 *                               cross-reference, facts, a table, a chart, an
 *                               article and the Sources part
 *   DIR/input/facts.yaml        the workshop's facts, every figure with its source
 *   DIR/input/sessions.csv      a statistics table (the table and the chart)
 *   DIR/input/background.md     an article: footnote, cross-reference, image
 *   DIR/input/emblem.png        the image
 *   DIR/manifest.yaml           a batch manifest: two numbered copies
 *   DIR/README.md               what each file is and how to build
 *
 * Fonts. By default the project refers to dossier's own fonts and copies
 * nothing: when the loader's default lookup finds them (fonts/ or ../fonts/
 * beside the layout, DOSSIER_FONTS, the installed share/dossier/fonts), the
 * layout gives no fonts: dir; otherwise (a binary run from the source tree or
 * from a DESTDIR staging tree) it names the directory where this binary found
 * its fonts, as an absolute path. --copy-fonts copies the Noto fonts into
 * DIR/fonts instead, for a project that can be moved to any machine.
 *
 * The files are embedded here rather than installed, so the command works the
 * same from the build tree and from an installation. DIR must not exist or be
 * empty: nothing is ever overwritten.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "datadir.h"
#include "pipeline.h"
#include "util.h"

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

static const char new_usage[] = "usage: dossier new DIR [--copy-fonts] [-q]\n";

static const char new_help[] =
	"usage: dossier new DIR [--copy-fonts] [-q]\n"
	"\n"
	"Write a small starter project to DIR (created if needed; it must not\n"
	"exist or be empty): a layout (briefing.yaml) that quotes data with {{ }}\n"
	"and has a chart, an image, a footnote, cross-references and the Sources\n"
	"part; an article, a facts file, a statistics table, a PNG image, a batch\n"
	"manifest (manifest.yaml: two numbered copies) and a README. It builds as\n"
	"it stands:\n"
	"\n"
	"  dossier new my-briefing && cd my-briefing && dossier build briefing.yaml\n"
	"  dossier batch manifest.yaml\n"
	"\n"
	"Options:\n"
	"  --copy-fonts   copy the Noto fonts into DIR/fonts, so that the project\n"
	"                 builds on any machine (by default it uses dossier's own fonts)\n"
	"  -q, --quiet    print nothing but errors\n"
	"  -h, --help     this text\n";

/* ---- the files ---- */

static const char layout_head[] =
	"# A starter dossier made by `dossier new`. Build it with\n"
	"#   dossier build briefing.yaml        (writes briefing.pdf)\n"
	"#   dossier watch briefing.yaml        (rebuilds whenever a file changes)\n"
	"#   dossier batch manifest.yaml        (two numbered copies in copies/)\n"
	"# Every key is described in dossier-layout(5): man dossier-layout.\n"
	"# Paths are relative to this file.\n"
	"dossier: 1\n"
	"\n"
	"document:\n"
	"  title: \"Workshop briefing: Open Data for Local Services (example)\"\n"
	"  subtitle: \"Programme, figures and background for the participants\"\n"
	"  author: \"Workshop team\"\n"
	"  organisation: \"Example Agency – Workshop team\"\n"
	"  date: 2025-03-03\n"
	"  language: en\n"
	"  prepared-for: \"Participants in the workshop\"\n"
	"  classification: \"For information only – example content\"\n"
	"\n"
	"page:\n"
	"  size: A4\n"
	"  margins: {top: 22mm, bottom: 22mm, inside: 22mm, outside: 18mm}\n"
	"\n";

static const char layout_tail[] =
	"\n"
	"header: {left: \"{title}\", right: \"{section}\"}\n"
	"footer: {center: \"{date}\", right: \"Page {page} of {pages}\"}\n"
	"\n"
	"# Named data: text quotes it with {{ name }}, so a figure in the prose is the\n"
	"# figure in the tables (see \"Quoting data in text\" in dossier-layout(5)).\n"
	"data:\n"
	"  workshop: input/facts.yaml\n"
	"  sessions: input/sessions.csv\n"
	"\n"
	"parts:\n"
	"  - cover: {image: input/emblem.png, note: \"Every name and figure in this starter project is an example.\"}\n"
	"  - toc: {title: \"Contents\", depth: 2}\n"
	"\n"
	"  - section: \"Key facts\"\n"
	"  # {{ }} quotes the data above; [](#id) is a cross-reference, written out as\n"
	"  # \"the chart ... on page N\"; [^label] is a footnote.\n"
	"  - text: |\n"
	"      The workshop meets on {{ workshop.dates }} in {{ workshop.venue }}, with\n"
	"      {{ workshop.figures.participants.text }} over {{ sessions.rows }} sessions;\n"
	"      {{ sessions.total.participants }} seats are booked in all, and\n"
	"      [](#chart:seats) shows how they are shared.[^seats]\n"
	"\n"
	"      [^seats]: A participant may book several sessions, so the seats booked\n"
	"          are more than the people registered.\n"
	"  - facts: {file: input/facts.yaml, show: [event, figures], title: \"The workshop at a glance\"}\n"
	"  - table:\n"
	"      id: tab:sessions\n"
	"      file: input/sessions.csv\n"
	"      caption: \"Seats booked by session\"\n"
	"      columns:\n"
	"        - {key: session, label: \"Session\", width: 3}\n"
	"        - {key: day, label: \"Day\", type: integer, width: 1}\n"
	"        - {key: participants, label: \"Seats\", type: integer, width: 1}\n"
	"      total: {label: \"Total\", columns: [participants]}\n"
	"      source: registration     # an id from the sources: of input/facts.yaml\n"
	"  - chart:\n"
	"      id: chart:seats\n"
	"      type: hbar\n"
	"      file: input/sessions.csv\n"
	"      category: session\n"
	"      series: [{key: participants, label: \"Seats booked\"}]\n"
	"      title: \"Seats booked by session\"\n"
	"      value-labels: true\n"
	"      source: registration\n"
	"\n"
	"  - section: \"Background\"\n"
	"  - article: input/background.md\n"
	"  - facts: {file: input/facts.yaml, show: [agenda, contacts], title: \"Programme and contacts\"}\n"
	"\n"
	"  # Every source cited above, numbered in the order of first citation.\n"
	"  - sources: {title: \"Sources\"}\n";

static const char facts_yaml[] =
	"# The workshop's facts. Every figure names its source: an id from sources:.\n"
	"# The format is described in dossier-layout(5) (FACTS FILES).\n"
	"sources:\n"
	"  - id: programme\n"
	"    title: \"Workshop programme and practical information\"\n"
	"    publisher: \"Workshop team\"\n"
	"    date: 2025-02-10\n"
	"  - id: registration\n"
	"    title: \"Registration summary\"\n"
	"    publisher: \"Workshop team\"\n"
	"    date: 2025-02-24\n"
	"    url: \"https://example.org/workshop/registration\"\n"
	"    cite: \"Registration summary, 24 February 2025\"   # how citations name it\n"
	"\n"
	"event:\n"
	"  name: \"Workshop on Open Data for Local Services\"\n"
	"  short-name: \"Open Data Workshop 2025\"\n"
	"  dates: {start: 2025-03-10, end: 2025-03-11}\n"
	"  venue: \"Example Town\"\n"
	"  format: \"In person\"\n"
	"  organisers: [\"Example Agency\", \"Example Town Council\"]\n"
	"  theme: \"Publishing the data that residents ask for\"\n"
	"  source: programme\n"
	"  notes:\n"
	"    - \"This is example content: replace it with the facts of your event.\"\n"
	"\n"
	"agenda:\n"
	"  - {number: 1, title: \"Why open data: what residents ask for\", source: programme}\n"
	"  - {number: 2, title: \"Cleaning and describing a data set\", source: programme}\n"
	"  - {number: 3, title: \"Hands-on: publishing a first data set\", source: programme}\n"
	"\n"
	"figures:\n"
	"  - {key: participants, label: \"Participants registered\", value: 64, unit: \"participants\", source: registration}\n"
	"  - {key: councils, label: \"Councils taking part\", value: 12, source: registration}\n"
	"\n"
	"contacts:\n"
	"  - {name: \"A. Example\", role: \"Workshop coordinator\", organisation: \"Example Agency\", email: \"workshop@example.org\", source: programme}\n";

static const char sessions_csv[] =
	"session,day,participants\n"
	"Opening and introductions,1,60\n"
	"Cleaning a data set,1,48\n"
	"Describing a data set,1,41\n"
	"Publishing a first data set,2,52\n";

static const char background_md[] =
	"---\n"
	"title: \"Why the workshop matters\"\n"
	"byline: \"Workshop team\"\n"
	"date: 2025-03-03\n"
	"source: \"Workshop team (example)\"\n"
	"---\n"
	"This article is an example. Replace it with your own text: an article is\n"
	"Markdown with a short front matter between the two `---` lines above.\n"
	"\n"
	"## The issue\n"
	"\n"
	"Residents ask their council the same questions again and again: when the bins\n"
	"are collected, where the nearest library is, how long a permit takes. Much of\n"
	"the answer is already **data the council holds**; little of it is published in\n"
	"a form that others can reuse.[^reuse]\n"
	"\n"
	"[^reuse]: A footnote: its number is printed in the text, its note at the foot\n"
	"    of the page.\n"
	"\n"
	"## What participants will do\n"
	"\n"
	"- **Choose** one data set their council already keeps.\n"
	"- **Clean and describe** it, so that someone else can read it.\n"
	"- **Publish** it, and plan who keeps it up to date.\n"
	"\n"
	"The table of sessions, [](#tab:sessions), gives the seats booked for each one;\n"
	"{{ workshop.figures.councils }} councils take part.\n"
	"\n"
	"![The workshop's emblem](emblem.png \"Drawn for this starter project\"){#fig:emblem}\n"
	"\n"
	"[](#fig:emblem) is an image: a PNG or JPEG file beside the article.\n"
	"\n"
	"> *Tip:* keep each article short and factual. Put figures in the facts file,\n"
	"> where each one names its source.\n";

static const char manifest_yaml[] =
	"# A batch manifest: `dossier batch manifest.yaml` builds briefing.yaml once per\n"
	"# recipient, as numbered copies (\"Copy 1 of 2\") in copies/. See BATCH in\n"
	"# dossier(1).\n"
	"dossier-manifest: 1\n"
	"dossiers:\n"
	"  - name: briefing\n"
	"    layout: briefing.yaml\n"
	"    output: \"copies/briefing-{copy}-of-{copies}.pdf\"\n"
	"    recipients:\n"
	"      list:\n"
	"        - {name: \"A. Participant\", title: \"Data officer\"}\n"
	"        - {name: \"B. Participant\", title: \"Librarian\"}\n";

/* A 120 x 80 pixel PNG (palette, 96 dpi): a bar chart on a rounded panel. */
static const unsigned char emblem_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x78, 0x00, 0x00, 0x00, 0x50, 0x08, 0x03, 0x00, 0x00, 0x00, 0xe5, 0x45, 0x41,
	0xbb, 0x00, 0x00, 0x00, 0x0c, 0x50, 0x4c, 0x54, 0x45, 0xff, 0xff, 0xff, 0x16, 0x5e, 0x83, 0xff,
	0xff, 0xff, 0xe6, 0xa0, 0x28, 0x18, 0x7c, 0xfa, 0x9d, 0x00, 0x00, 0x00, 0x09, 0x70, 0x48, 0x59,
	0x73, 0x00, 0x00, 0x0e, 0xc4, 0x00, 0x00, 0x0e, 0xc4, 0x01, 0x95, 0x2b, 0x0e, 0x1b, 0x00, 0x00,
	0x00, 0x74, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xda, 0xc1, 0x0d, 0x80, 0x30, 0x0c, 0x04,
	0xc1, 0x5c, 0xe8, 0xbf, 0x67, 0xde, 0x41, 0x08, 0xf1, 0x00, 0x6f, 0x94, 0xec, 0x16, 0xe0, 0x29,
	0xe0, 0xdc, 0x9a, 0x6d, 0x56, 0x7e, 0x0c, 0x41, 0x1f, 0xf0, 0x14, 0x45, 0xb9, 0x57, 0x39, 0x81,
	0x64, 0x0a, 0x4e, 0x20, 0x59, 0xb8, 0x0a, 0x4e, 0x20, 0x59, 0x58, 0x58, 0x58, 0xb8, 0x0c, 0x3e,
	0x86, 0x84, 0x85, 0x85, 0xd7, 0x81, 0xfb, 0x90, 0xb0, 0xb0, 0xf0, 0x2c, 0xf0, 0xfd, 0x31, 0x61,
	0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xe1, 0x77, 0x70, 0xff, 0xa8, 0x39, 0xe1,
	0x56, 0x0b, 0xbb, 0x3b, 0x11, 0xf0, 0x7e, 0x6b, 0x2a, 0x37, 0x5c, 0x73, 0x53, 0x3d, 0xf7, 0x9c,
	0x00, 0xbe, 0x63, 0xd8, 0xa2, 0x9d, 0xc1, 0x76, 0x27, 0x4d, 0x79, 0x7d, 0x6c, 0xf1, 0x00, 0x00,
	0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static const char readme_md[] =
	"# A dossier project\n"
	"\n"
	"Made by `dossier new`. Build the PDF with\n"
	"\n"
	"    dossier build briefing.yaml          # writes briefing.pdf\n"
	"    dossier check briefing.yaml          # checks everything, writes nothing\n"
	"    dossier watch briefing.yaml          # rebuilds whenever a file changes\n"
	"    dossier batch manifest.yaml          # two numbered copies in copies/\n"
	"\n"
	"| file | what it is |\n"
	"|---|---|\n"
	"| `briefing.yaml` | the layout: the document's title and date, the page, the data that text quotes with `{{ }}`, and the parts in order (cover, contents, text, facts, table, chart, article, sources) |\n"
	"| `input/facts.yaml` | the workshop's facts: dates, venue, agenda, figures and contacts, each with its source |\n"
	"| `input/sessions.csv` | a statistics table (the first row names the columns), shown as a table and a chart |\n"
	"| `input/background.md` | an article: Markdown with a short front matter, a footnote, a cross-reference and an image |\n"
	"| `input/emblem.png` | the image, on the cover and in the article |\n"
	"| `manifest.yaml` | a batch manifest: one numbered copy for each of two recipients |\n"
	"\n"
	"The formats are described in the manual pages dossier(1) and dossier-layout(5)\n"
	"(`man dossier-layout`).\n"
	"\n"
	"%s"
	"\n"
	"Editors with a YAML language server (VS Code's YAML extension, Neovim, Helix,\n"
	"Emacs with lsp-mode) check the layout, the facts file and the manifest as you\n"
	"type: the first line of each names dossier's schema, as in\n"
	"\n"
	"    # yaml-language-server: $schema=%s/layout.schema.json\n";

static const char fonts_default[] =
	"# Fonts: NotoSerif for the body and NotoSans for headings, from dossier's own\n"
	"# fonts (see FONTS in dossier-layout(5)). For other fonts, put\n"
	"# FAMILY-Regular.ttf, -Bold, -Italic and -BoldItalic in a folder and name both:\n"
	"#   fonts: {dir: fonts, body: MyFamily, heading: MyFamily}\n";

/* ---- helpers ---- */

typedef struct {
	const char *dir;   /* DIR as given */
	int status;        /* EXIT_OK or the first failure */
	buf made;          /* the files written, for the summary */
} nctx;

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* mkdir -p */
static bool make_dirs(const char *path)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == 0) {
			char c = *s;
			*s = 0;
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				ok = false;
				fprintf(stderr, "dossier: cannot create the directory '%s': %s\n", p, strerror(errno));
			}
			*s = c;
			if (!c || !ok)
				break;
		}
	}
	free(p);
	return ok;
}

static char *in_dir(const nctx *c, const char *rel)
{
	size_t n = strlen(c->dir) + strlen(rel) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", c->dir, rel);
	return p;
}

/* Write data to DIR/rel; never replaces a file. */
static void put(nctx *c, const char *rel, const char *data, size_t len)
{
	if (c->status != EXIT_OK)
		return;
	char *path = in_dir(c, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	else if (!f && fd >= 0)
		close(fd);
	if (!ok) {
		fprintf(stderr, "dossier: cannot write '%s': %s\n", path, strerror(errno));
		c->status = EXIT_SYSTEM;
	} else {
		buf_printf(&c->made, "  %s\n", rel);
	}
	free(path);
}

static void put_str(nctx *c, const char *rel, const char *s)
{
	put(c, rel, s, strlen(s));
}

static void copy_file(nctx *c, const char *from, const char *rel)
{
	size_t len;
	char *data = file_read(from, (size_t)64 << 20, &len);
	if (!data) {
		fprintf(stderr, "dossier: cannot read '%s': %s\n", from, strerror(errno));
		c->status = EXIT_SYSTEM;
		return;
	}
	put(c, rel, data, len);
	free(data);
}

/* Quote a path for a YAML flow scalar. */
static void yaml_quoted(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

typedef struct {
	const char *dir;
	bool copy_fonts, quiet;
} new_opts;

static const opt_spec new_specs[] = {
	{"copy-fonts", 0, OPT_FLAG, opt_set_flag, offsetof(new_opts, copy_fonts), NULL},
	OPT_SPEC_QUIET(new_opts, quiet),
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd new_cmd = {"new", new_usage, new_help, NULL, new_specs, opt_one_arg, offsetof(new_opts, dir)};

/* Refuse DIR when it is a file or a directory with something in it:
 * dossier new never overwrites. EXIT_OK when it may be used. */
static int new_check_dir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "dossier: '%s' exists and is not a directory; choose a new name\n", dir);
			return EXIT_INPUT;
		}
		if (!dir_is_empty(dir)) {
			fprintf(stderr,
				"dossier: '%s' exists and is not empty; dossier new never overwrites files.\n"
				"Choose a new directory, or empty this one first.\n",
				dir);
			return EXIT_INPUT;
		}
	} else if (errno != ENOENT) {
		fprintf(stderr, "dossier: cannot use '%s': %s\n", dir, strerror(errno));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* How the new project finds its fonts. */
typedef struct {
	char *fontdir;    /* what the layout names; NULL = the default lookup */
	char *copy_from;  /* --copy-fonts: the directory to copy from */
	const char *note; /* how the project finds its fonts, for the summary */
	char *notebuf;
	bool found;       /* the default lookup finds fonts from DIR */
	char *deflt;      /* where the default lookup looks */
	char *own;        /* the fonts beside this program, if any */
} newfonts;

static void newfonts_free(newfonts *f)
{
	free(f->fontdir);
	free(f->copy_from);
	free(f->notebuf);
	free(f->deflt);
	free(f->own);
}

/* Where the fonts are: as the loader will look for them from DIR (which
 * exists now, so that DIR/../fonts resolves). False when --copy-fonts has
 * nothing to copy (said on stderr). */
static bool new_find_fonts(const char *dir, bool copy_fonts, newfonts *f)
{
	const char *from = "";
	f->deflt = datadir_layout_fonts(dir, &f->found, &from);
	f->own = datadir_find("fonts", "NotoSerif-Regular.ttf");
	if (copy_fonts) {
		f->copy_from = f->found ? xstrdup(f->deflt) : f->own ? xstrdup(f->own) : NULL;
		if (!f->copy_from) {
			fprintf(stderr, "dossier: cannot find dossier's fonts to copy (NotoSerif-Regular.ttf);\n"
					"set DOSSIER_FONTS to the directory that holds them\n");
			return false;
		}
	} else if (f->found && !strcmp(from, DATADIR_FROM_ENV)) {
		f->note = "the fonts in DOSSIER_FONTS; the project builds while DOSSIER_FONTS is set";
	} else if (f->found) {
		/* the default lookup finds them: say where, whichever rule did */
		char real[PATH_MAX];
		const char *where = realpath(f->deflt, real) ? real : f->deflt;
		size_t n = strlen(where) + strlen(from) + 32;
		f->notebuf = xmalloc(n);
		snprintf(f->notebuf, n, "the Noto fonts in %s (%s)", where, from);
		f->note = f->notebuf;
	} else if (f->own) {
		f->fontdir = f->own;
		f->own = NULL;
		f->note = "the fonts beside this dossier program, named in briefing.yaml";
	}
	return true;
}

/* "# yaml-language-server: $schema=…" for a file of the project, when the
 * schemas are installed. */
static void schema_line(buf *b, const char *schema, const char *name)
{
	if (schema)
		buf_printf(b, "# yaml-language-server: $schema=%s/%s\n", schema, name);
}

/* briefing.yaml, input/ and its files, manifest.yaml and README.md. */
static void new_write_files(nctx *c, const newfonts *f)
{
	char *sub = in_dir(c, "input");
	if (mkdir(sub, 0777) != 0) {
		fprintf(stderr, "dossier: cannot create the directory '%s': %s\n", sub, strerror(errno));
		c->status = EXIT_SYSTEM;
	}
	free(sub);

	char *schema = datadir_find("schema", "layout.schema.json");
	buf b = {0};
	schema_line(&b, schema, "layout.schema.json");
	buf_puts(&b, layout_head);
	if (f->copy_from) {
		buf_puts(&b, "# Fonts: the Noto fonts copied into fonts/ (SIL Open Font License, fonts/OFL.txt).\n"
			     "# For other fonts, put FAMILY-Regular.ttf, -Bold, -Italic and -BoldItalic there\n"
			     "# and name the family: body: MyFamily.\n"
			     "fonts: {dir: fonts, body: NotoSerif, heading: NotoSans}\n");
	} else if (f->fontdir) {
		buf_puts(&b, fonts_default);
		buf_puts(&b, "fonts:\n  dir: ");
		yaml_quoted(&b, f->fontdir);
		buf_puts(&b, "\n  body: NotoSerif\n  heading: NotoSans\n");
	} else {
		buf_puts(&b, fonts_default);
		buf_puts(&b, "fonts: {body: NotoSerif, heading: NotoSans}\n");
	}
	buf_puts(&b, layout_tail);
	put_str(c, "briefing.yaml", buf_cstr(&b));
	b.len = 0;
	schema_line(&b, schema, "facts.schema.json");
	buf_puts(&b, facts_yaml);
	put_str(c, "input/facts.yaml", buf_cstr(&b));
	put_str(c, "input/sessions.csv", sessions_csv);
	put_str(c, "input/background.md", background_md);
	put(c, "input/emblem.png", (const char *)emblem_png, sizeof emblem_png);
	b.len = 0;
	schema_line(&b, schema, "manifest.schema.json");
	buf_puts(&b, manifest_yaml);
	put_str(c, "manifest.yaml", buf_cstr(&b));
	b.len = 0;
	buf_printf(&b, readme_md,
		   f->copy_from ? "The fonts in `fonts/` are Noto Serif and Noto Sans, under the SIL Open Font\n"
				  "License (`fonts/OFL.txt`).\n"
				: "The fonts are dossier's own (Noto Serif and Noto Sans). `dossier fonts` lists\n"
				  "the fonts it can find and the languages each one covers.\n",
		   schema ? schema : DOSSIER_DATADIR "/schema");
	put_str(c, "README.md", buf_cstr(&b));
	buf_free(&b);
	free(schema);
}

/* --copy-fonts: the four faces of both families, and their licence. */
static void new_copy_fonts(nctx *c, newfonts *f)
{
	char *fd = in_dir(c, "fonts");
	if (mkdir(fd, 0777) != 0) {
		fprintf(stderr, "dossier: cannot create the directory '%s': %s\n", fd, strerror(errno));
		c->status = EXIT_SYSTEM;
	}
	free(fd);
	static const char *const fams[] = {"NotoSerif", "NotoSans"};
	static const char *const faces[] = {"Regular", "Bold", "Italic", "BoldItalic"};
	char src[4096], rel[256];
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 4; j++) {
			snprintf(src, sizeof src, "%s/%s-%s.ttf", f->copy_from, fams[i], faces[j]);
			snprintf(rel, sizeof rel, "fonts/%s-%s.ttf", fams[i], faces[j]);
			copy_file(c, src, rel);
		}
	snprintf(src, sizeof src, "%s/OFL.txt", f->copy_from);
	if (file_exists(src))
		copy_file(c, src, "fonts/OFL.txt");
	f->note = "the Noto fonts copied into fonts/";
}

/* What was made, and what to do next; or why the project will not build. */
static void new_summary(nctx *c, const newfonts *f, const char *dir, bool quiet)
{
	if (c->status != EXIT_OK)
		return;
	if (!quiet) {
		size_t dl = strlen(dir);
		printf("created %s%s with:\n%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", buf_cstr(&c->made));
		if (f->note)
			printf("fonts: %s\n", f->note);
		printf("next:  cd %s && dossier build briefing.yaml\n", dir);
	}
	if (!f->copy_from && !f->fontdir && !f->found)
		fprintf(stderr,
			"dossier: warning: no fonts found (looked for NotoSerif-Regular.ttf in %s);\n"
			"the project will not build until you install dossier's fonts, set DOSSIER_FONTS,\n"
			"or run dossier new again with --copy-fonts from an installed dossier\n",
			f->deflt);
}

int cmd_new(int argc, char **argv)
{
	new_opts o = {0};
	int r = opt_parse(&new_cmd, argc, argv, &o);
	if (r != OPT_CONTINUE)
		return r;
	const char *dir = o.dir;
	if (!dir || !*dir)
		return usage_error(&new_cmd, "new needs a directory name");
	if ((r = new_check_dir(dir)) != EXIT_OK)
		return r;
	struct stat st;
	bool existed = stat(dir, &st) == 0;
	if (!make_dirs(dir))
		return EXIT_SYSTEM;
	newfonts f = {0};
	if (!new_find_fonts(dir, o.copy_fonts, &f)) {
		if (!existed)
			rmdir(dir);
		newfonts_free(&f);
		return EXIT_INPUT;
	}
	nctx c = {.dir = dir, .status = EXIT_OK};
	new_write_files(&c, &f);
	if (f.copy_from && c.status == EXIT_OK)
		new_copy_fonts(&c, &f);
	new_summary(&c, &f, dir, o.quiet);
	buf_free(&c.made);
	newfonts_free(&f);
	return c.status;
}
