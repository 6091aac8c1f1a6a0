/* cmd_new.c — `dossier new DIR`: a small starter project that builds as it
 * stands.
 *
 *   DIR/briefing.yaml           the layout: cover, contents, facts, a table, an article
 *   DIR/input/facts.yaml        event facts, every figure with its source
 *   DIR/input/participation.csv a statistics table
 *   DIR/input/background.md     an article with its front matter
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "datadir.h"
#include "pipeline.h"
#include "util.h"

static const char new_usage[] = "usage: dossier new DIR [--copy-fonts] [-q]\n";

static const char new_help[] =
	"usage: dossier new DIR [--copy-fonts] [-q]\n"
	"\n"
	"Write a small starter project to DIR (created if needed; it must not\n"
	"exist or be empty): a layout (briefing.yaml), an article, a facts file,\n"
	"a statistics table and a README. It builds as it stands:\n"
	"\n"
	"  dossier new my-briefing && cd my-briefing && dossier build briefing.yaml\n"
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
	"# Every key is described in dossier-layout(5): man dossier-layout.\n"
	"# Paths are relative to this file.\n"
	"dossier: 1\n"
	"\n"
	"document:\n"
	"  title: \"Pre-meeting briefing: Regional Forum on Water Security (example)\"\n"
	"  subtitle: \"Key facts, figures and background for the delegation\"\n"
	"  author: \"Briefing unit\"\n"
	"  organisation: \"Example Ministry – Briefing unit\"\n"
	"  date: 2025-01-15\n"
	"  language: en\n"
	"  prepared-for: \"The delegation to the forum\"\n"
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
	"parts:\n"
	"  - cover: {note: \"Every name and figure in this starter project is an example.\"}\n"
	"  - toc: {title: \"Contents\", depth: 2}\n"
	"\n"
	"  - section: \"Key facts\"\n"
	"  - facts: {file: input/facts.yaml, show: [event, figures], title: \"The forum at a glance\"}\n"
	"  - table:\n"
	"      file: input/participation.csv\n"
	"      caption: \"Expected participation by group\"\n"
	"      columns:\n"
	"        - {key: group, label: \"Group\", width: 3}\n"
	"        - {key: delegations, label: \"Delegations\", type: integer, width: 1}\n"
	"        - {key: share, label: \"Share\", type: percent, decimals: 0, width: 1}\n"
	"      total: {label: \"Total\", columns: [delegations]}\n"
	"      source: \"Forum secretariat, programme of 1 December 2024 (example)\"\n"
	"\n"
	"  - section: \"Background\"\n"
	"  - article: input/background.md\n"
	"  - facts: {file: input/facts.yaml, show: [agenda, contacts, sources], title: \"Agenda and contacts\"}\n";

static const char facts_yaml[] =
	"# Event facts. Every figure names its source: an id from sources:.\n"
	"# The format is described in dossier-layout(5) (FACTS FILES).\n"
	"sources:\n"
	"  - id: programme\n"
	"    title: \"Forum programme and practical information\"\n"
	"    publisher: \"Forum secretariat\"\n"
	"    date: 2024-12-01\n"
	"  - id: press\n"
	"    title: \"Registration for the forum opens\"\n"
	"    publisher: \"Forum press office\"\n"
	"    date: 2024-11-15\n"
	"    url: \"https://example.org/forum/press\"\n"
	"\n"
	"event:\n"
	"  name: \"Regional Forum on Water Security\"\n"
	"  short-name: \"Water Forum 2025\"\n"
	"  dates: {start: 2025-02-10, end: 2025-02-12}\n"
	"  venue: \"Example City\"\n"
	"  format: \"In person, with online participation\"\n"
	"  organisers: [\"Forum secretariat\", \"Host government\"]\n"
	"  theme: \"Shared rivers, shared responsibilities\"\n"
	"  source: programme\n"
	"  notes:\n"
	"    - \"This is example content: replace it with the facts of your event.\"\n"
	"\n"
	"agenda:\n"
	"  - {number: 1, title: \"Opening and adoption of the agenda\", source: programme}\n"
	"  - {number: 2, title: \"Sharing hydrological data across borders\", source: programme}\n"
	"  - {number: 3, title: \"Financing drought resilience\", source: programme}\n"
	"\n"
	"figures:\n"
	"  - {key: delegations, label: \"Delegations expected\", value: 48, source: programme}\n"
	"  - {key: participants, label: \"Participants registered\", value: 1250, qualifier: \"over\", unit: \"people\", source: press}\n"
	"\n"
	"contacts:\n"
	"  - {name: \"A. Example\", role: \"Liaison officer\", organisation: \"Forum secretariat\", email: \"liaison@example.org\", source: programme}\n";

static const char participation_csv[] =
	"group,delegations,share\n"
	"Member states,36,75\n"
	"Observer states,7,15\n"
	"International organisations,5,10\n";

static const char background_md[] =
	"---\n"
	"title: \"Why the forum matters\"\n"
	"byline: \"Briefing unit\"\n"
	"date: 2025-01-15\n"
	"source: \"Forum secretariat (example)\"\n"
	"---\n"
	"This article is an example. Replace it with your own text: an article is\n"
	"Markdown with a short front matter between the two `---` lines above.\n"
	"\n"
	"## The issue\n"
	"\n"
	"Rivers cross borders, and so do droughts and floods. The forum brings together\n"
	"the authorities that manage **shared river basins** to agree on how they\n"
	"exchange data and plan for dry years.\n"
	"\n"
	"## What the delegation should know\n"
	"\n"
	"- **Data sharing.** Most basin authorities already publish water levels; few\n"
	"  publish forecasts.\n"
	"- **Financing.** Several delegations will ask for a regional drought fund.\n"
	"- **Follow-up.** The forum's conclusions go to the ministerial meeting in June.\n"
	"\n"
	"> *Tip:* keep each article short and factual. Put figures in the facts file,\n"
	"> where each one names its source.\n";

static const char readme_md[] =
	"# A dossier project\n"
	"\n"
	"Made by `dossier new`. Build the PDF with\n"
	"\n"
	"    dossier build briefing.yaml          # writes briefing.pdf\n"
	"    dossier check briefing.yaml          # checks everything, writes nothing\n"
	"    dossier watch briefing.yaml          # rebuilds whenever a file changes\n"
	"\n"
	"| file | what it is |\n"
	"|---|---|\n"
	"| `briefing.yaml` | the layout: the document's title and date, the page, and the parts in order |\n"
	"| `input/facts.yaml` | event facts: dates, venue, agenda, figures and contacts, each with its source |\n"
	"| `input/participation.csv` | a statistics table (the first row names the columns) |\n"
	"| `input/background.md` | an article: Markdown with a short front matter |\n"
	"\n"
	"The formats are described in the manual pages dossier(1) and dossier-layout(5)\n"
	"(`man dossier-layout`).\n"
	"\n"
	"%s"
	"\n"
	"Editors with a YAML language server (VS Code's YAML extension, Neovim, Helix,\n"
	"Emacs with lsp-mode) check the layout and the facts file as you type when the\n"
	"file's first line names dossier's schema:\n"
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

int cmd_new(int argc, char **argv)
{
	const char *dir = NULL;
	bool copy_fonts = false, quiet = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(new_help, stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--copy-fonts")) {
			copy_fonts = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "dossier: new: unknown option '%s'\n%s", a, new_usage);
			return EXIT_USAGE;
		} else if (!dir) {
			dir = a;
		} else {
			fprintf(stderr, "dossier: new: unexpected argument '%s'\n%s", a, new_usage);
			return EXIT_USAGE;
		}
	}
	if (!dir || !*dir) {
		fprintf(stderr, "dossier: new needs a directory name\n%s", new_usage);
		return EXIT_USAGE;
	}

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

	bool existed = stat(dir, &st) == 0;
	if (!make_dirs(dir))
		return EXIT_SYSTEM;

	/* Where the fonts are: as the loader will look for them from DIR (which
	 * exists now, so that DIR/../fonts resolves). */
	char *fontdir = NULL;    /* what the layout names; NULL = the default lookup */
	char *copy_from = NULL;  /* --copy-fonts: the directory to copy from */
	const char *note = NULL; /* how the project finds its fonts, for the summary */
	bool found = false;
	const char *from = "";
	char *deflt = datadir_layout_fonts(dir, &found, &from);
	char *own = datadir_find("fonts", "NotoSerif-Regular.ttf");
	if (copy_fonts) {
		copy_from = found ? xstrdup(deflt) : own ? xstrdup(own) : NULL;
		if (!copy_from) {
			fprintf(stderr, "dossier: cannot find dossier's fonts to copy (NotoSerif-Regular.ttf);\n"
					"set DOSSIER_FONTS to the directory that holds them\n");
			if (!existed)
				rmdir(dir);
			free(deflt);
			free(own);
			return EXIT_INPUT;
		}
	} else if (found && !strcmp(from, "DOSSIER_FONTS")) {
		note = "the fonts in DOSSIER_FONTS; the project builds while DOSSIER_FONTS is set";
	} else if (found && !strcmp(from, "the installed fonts")) {
		note = "dossier's installed fonts";
	} else if (found) {
		note = "the Noto fonts in ../fonts/ beside the project (the default lookup finds them)";
	} else if (own) {
		fontdir = own;
		own = NULL;
		note = "the fonts beside this dossier program, named in briefing.yaml";
	}

	int status = EXIT_OK;
	nctx c = {.dir = dir, .status = EXIT_OK};
	char *sub = in_dir(&c, "input");
	if (mkdir(sub, 0777) != 0) {
		fprintf(stderr, "dossier: cannot create the directory '%s': %s\n", sub, strerror(errno));
		c.status = EXIT_SYSTEM;
	}
	free(sub);

	char *schema = datadir_find("schema", "layout.schema.json");
	buf b = {0};
	if (schema)
		buf_printf(&b, "# yaml-language-server: $schema=%s/layout.schema.json\n", schema);
	buf_puts(&b, layout_head);
	if (copy_from) {
		buf_puts(&b, "# Fonts: the Noto fonts copied into fonts/ (SIL Open Font License, fonts/OFL.txt).\n"
			     "# For other fonts, put FAMILY-Regular.ttf, -Bold, -Italic and -BoldItalic there\n"
			     "# and name the family: body: MyFamily.\n"
			     "fonts: {dir: fonts, body: NotoSerif, heading: NotoSans}\n");
	} else if (fontdir) {
		buf_puts(&b, fonts_default);
		buf_puts(&b, "fonts:\n  dir: ");
		yaml_quoted(&b, fontdir);
		buf_puts(&b, "\n  body: NotoSerif\n  heading: NotoSans\n");
	} else {
		buf_puts(&b, fonts_default);
		buf_puts(&b, "fonts: {body: NotoSerif, heading: NotoSans}\n");
	}
	buf_puts(&b, layout_tail);
	put_str(&c, "briefing.yaml", buf_cstr(&b));
	b.len = 0;
	if (schema)
		buf_printf(&b, "# yaml-language-server: $schema=%s/facts.schema.json\n", schema);
	buf_puts(&b, facts_yaml);
	put_str(&c, "input/facts.yaml", buf_cstr(&b));
	put_str(&c, "input/participation.csv", participation_csv);
	put_str(&c, "input/background.md", background_md);
	b.len = 0;
	buf_printf(&b, readme_md,
		   copy_from ? "The fonts in `fonts/` are Noto Serif and Noto Sans, under the SIL Open Font\n"
			       "License (`fonts/OFL.txt`).\n"
			     : "The fonts are dossier's own (Noto Serif and Noto Sans). `dossier fonts` lists\n"
			       "the fonts it can find and the languages each one covers.\n",
		   schema ? schema : "/usr/local/share/dossier/schema");
	put_str(&c, "README.md", buf_cstr(&b));
	buf_free(&b);
	free(schema);

	if (copy_from && c.status == EXIT_OK) {
		char *fd = in_dir(&c, "fonts");
		if (mkdir(fd, 0777) != 0) {
			fprintf(stderr, "dossier: cannot create the directory '%s': %s\n", fd, strerror(errno));
			c.status = EXIT_SYSTEM;
		}
		free(fd);
		static const char *const fams[] = {"NotoSerif", "NotoSans"};
		static const char *const faces[] = {"Regular", "Bold", "Italic", "BoldItalic"};
		char src[4096], rel[256];
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 4; j++) {
				snprintf(src, sizeof src, "%s/%s-%s.ttf", copy_from, fams[i], faces[j]);
				snprintf(rel, sizeof rel, "fonts/%s-%s.ttf", fams[i], faces[j]);
				copy_file(&c, src, rel);
			}
		snprintf(src, sizeof src, "%s/OFL.txt", copy_from);
		if (file_exists(src))
			copy_file(&c, src, "fonts/OFL.txt");
		note = "the Noto fonts copied into fonts/";
	}

	status = c.status;
	if (status == EXIT_OK && !quiet) {
		size_t dl = strlen(dir);
		printf("created %s%s with:\n%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", buf_cstr(&c.made));
		if (note)
			printf("fonts: %s\n", note);
		printf("next:  cd %s && dossier build briefing.yaml\n", dir);
	}
	if (status == EXIT_OK && !copy_from && !fontdir && !found)
		fprintf(stderr,
			"dossier: warning: no fonts found (looked for NotoSerif-Regular.ttf in %s);\n"
			"the project will not build until you install dossier's fonts, set DOSSIER_FONTS,\n"
			"or run dossier new again with --copy-fonts from an installed dossier\n",
			deflt);
	buf_free(&c.made);
	free(deflt);
	free(own);
	free(fontdir);
	free(copy_from);
	return status;
}
