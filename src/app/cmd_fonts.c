/* cmd_fonts.c — `dossier fonts [--dir DIR | LAYOUT.yaml]`: the fonts dossier
 * can find, their families and styles, whether libharu 2.3.0 can embed them,
 * and which of the dossier's languages each one covers.
 *
 * The directory is, in order: --dir DIR; the font directory of LAYOUT (as the
 * loader resolves it); the directory the loader would use for a layout in the
 * current directory with no fonts: dir (fonts/, ../fonts/, DOSSIER_FONTS, the
 * installed fonts); the fonts beside this program (datadir.h).
 *
 * Coverage is measured on a sample of the characters each language needs
 * (lang_sets below): all of them for alphabets, the most frequent ones for
 * Chinese. For each language the report is "complete" or "missing N (…)",
 * plus a warning when letters are composite glyphs built from composites,
 * which libharu 2.3.0 prints without some of their marks (docs/layout.md).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "options.h"
#include "datadir.h"
#include "font.h"
#include "fontinfo.h"
#include "bounds.h"
#include "load.h"
#include "pipeline.h"
#include "util.h"

static const char fonts_usage[] = "usage: dossier fonts [--dir DIR | LAYOUT.yaml] [--limit NAME=VALUE]\n";

static const char fonts_help[] =
	"usage: dossier fonts [--dir DIR | LAYOUT.yaml] [--limit NAME=VALUE]\n"
	"\n"
	"List the font files (.ttf, .otf) in a font directory: family and style,\n"
	"glyph count, whether dossier can embed them (TrueType glyf outlines; CFF\n"
	"fonts cannot be embedded), and which languages each covers (en fr es ru vi\n"
	"zh ar). Then the families a layout can name in fonts: (a Regular face, and\n"
	"Bold, Italic and BoldItalic when it has them).\n"
	"\n"
	"The directory is DIR, or the one LAYOUT's fonts come from, or the one a\n"
	"layout in the current directory without fonts: dir would use (fonts/,\n"
	"../fonts/, $DOSSIER_FONTS, the installed fonts).\n"
	"\n"
	"Options:\n"
	"  --dir DIR     the directory to list\n"
	"  -h, --help    this text\n"
	"\n"
	"Exit status: 0 listed; 1 no font files, or a layout whose fonts cannot be\n"
	"found; 2 usage error.\n";

/* The characters each language needs. en: printable ASCII and typographic
 * punctuation; fr/es/ru: their letters, guillemets and the no-break space
 * dossier puts in French and Russian numbers; vi: the 134 precomposed letters
 * (NFC, which is how dossier stores text); zh: the most frequent simplified
 * characters and CJK punctuation; ar: the basic letters, digits and
 * punctuation. */
static const struct {
	const char *code;
	const char *chars;
	bool with_en;   /* also needs the en set */
} lang_sets[] = {
	{"en",
	 " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
	 "abcdefghijklmnopqrstuvwxyz{|}~\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x93\xe2\x80\x94\xe2\x80\xa6",
	 false},
	{"fr", "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ«»\xc2\xa0", true},
	{"es", "áéíóúüñÁÉÍÓÚÜÑ¿¡ºª«»", true},
	{"ru",
	 "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя«»№\xc2\xa0",
	 true},
	{"vi",
	 "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
	 "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
	 true},
	{"zh",
	 "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去"
	 "行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从"
	 "，。、：；？！“”《》（）",
	 false},
	{"ar",
	 "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي٠١٢٣٤٥٦٧٨٩،؛؟",
	 false},
};
#define NLANG (sizeof lang_sets / sizeof lang_sets[0])

static const char *const face_names[4] = {"Regular", "Bold", "Italic", "BoldItalic"};

typedef struct {
	char name[128];         /* the part of the file name before -Regular.ttf etc. */
	bool face[4], ok[4];    /* file present; and embeddable */
} family;

/* Append code point cp to b for a message: the character, or U+XXXX for a
 * space or an invisible one. */
static void put_cp(buf *b, uint32_t cp)
{
	if (cp <= 0x20 || cp == 0xA0 || cp == 0x202F || (cp >= 0x7F && cp < 0xA0)) {
		buf_printf(b, "U+%04X", (unsigned)cp);
		return;
	}
	buf_put_utf8(b, cp);
}

/* The first code points of a list, with " …" when there are more. */
static void put_cps(buf *b, const uint32_t *cps, int n)
{
	const int max = 5;
	for (int i = 0; i < n && i < max; i++) {
		buf_puts(b, i ? " " : "");
		put_cp(b, cps[i]);
	}
	buf_puts(b, n > max ? " …" : "");
}

/* One line with the languages fully covered, then one line for each of the
 * others, in the order of lang_sets. */
static void report_languages(fontinfo *fi)
{
	buf done = {0}, rest = {0};
	for (size_t l = 0; l < NLANG; l++) {
		fontinfo_coverage c = {0};
		if (lang_sets[l].with_en)
			fontinfo_cover(fi, lang_sets[0].chars, &c);
		fontinfo_cover(fi, lang_sets[l].chars, &c);
		buf list = {0};
		if (c.missing) {
			put_cps(&list, c.miss, c.missing);
			buf_printf(&rest, "  %s: missing %d (%s)\n", lang_sets[l].code, c.missing, buf_cstr(&list));
		} else if (c.nested) {
			put_cps(&list, c.nest, c.nested);
			buf_printf(&rest,
				   "  %s: complete, but %d letter%s built from composite glyphs (%s),\n"
				   "      which libharu 2.3.0 prints without some marks\n",
				   lang_sets[l].code, c.nested, c.nested == 1 ? " is" : "s are", buf_cstr(&list));
		} else {
			buf_printf(&done, "%s%s: complete", done.len ? ", " : "", lang_sets[l].code);
		}
		buf_free(&list);
	}
	if (done.len)
		printf("  %s\n", buf_cstr(&done));
	fputs(buf_cstr(&rest), stdout);
	buf_free(&done);
	buf_free(&rest);
}

/* What one font file is; true when it can be embedded. */
static bool describe_font(const char *path)
{
	if (!file_check_regular(path)) {
		printf("  cannot be read: %s\n", file_strerror(errno));
		return false;
	}
	fontinfo *fi = fontinfo_open(path);
	if (!fi) {
		printf("  cannot be read as a font\n");
		return false;
	}
	char why[256];
	fontinfo_verdict v = fontinfo_embeddable(fi, why, sizeof why);
	printf("  family \"%s\", style \"%s\", %ld glyphs\n", fontinfo_family(fi), fontinfo_style(fi),
	       fontinfo_glyphs(fi));
	switch (v) {
	case FONTINFO_EMBEDDABLE: printf("  TrueType (glyf outlines): can be embedded\n"); break;
	case FONTINFO_CFF: printf("  CFF (PostScript) outlines: cannot be embedded by libharu 2.3.0\n"); break;
	case FONTINFO_NOT_TRUETYPE: printf("  not a TrueType font: cannot be embedded\n"); break;
	case FONTINFO_NO_UNICODE: printf("  no Unicode character map: cannot be used\n"); break;
	case FONTINFO_PROBLEM: printf("  cannot be embedded: %s\n", why); break;
	case FONTINFO_TOO_MANY_GLYPHS:
		printf("  more than 32,767 glyphs: cannot be embedded by libharu 2.3.0\n");
		break;
	}
	if (fontinfo_unicode(fi))
		report_languages(fi);
	fontinfo_close(fi);
	return v == FONTINFO_EMBEDDABLE;
}

static bool has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && strcasecmp(name + n - e, ext) == 0;
}

static int font_file(const struct dirent *e)
{
	return e->d_name[0] != '.' && (has_ext(e->d_name, ".ttf") || has_ext(e->d_name, ".otf"));
}

/* FAMILY-Face.ttf → families[] */
static void note_family(family *fams, size_t *nfam, const char *file, bool ok)
{
	if (!has_ext(file, ".ttf"))
		return;
	const char *dash = strrchr(file, '-');
	if (!dash || dash == file || (size_t)(dash - file) >= sizeof fams[0].name)
		return;
	int face = -1;
	for (int i = 0; i < 4; i++) {
		size_t n = strlen(face_names[i]);
		if (!strncmp(dash + 1, face_names[i], n) && !strcasecmp(dash + 1 + n, ".ttf"))
			face = i;
	}
	if (face < 0)
		return;
	size_t n = (size_t)(dash - file);
	size_t i;
	for (i = 0; i < *nfam; i++)
		if (strlen(fams[i].name) == n && !strncmp(fams[i].name, file, n))
			break;
	if (i == *nfam) {
		if (*nfam == 256)
			return;
		memset(&fams[i], 0, sizeof fams[i]);
		memcpy(fams[i].name, file, n);
		(*nfam)++;
	}
	fams[i].face[face] = true;
	fams[i].ok[face] = ok;
}

static void report_families(const family *fams, size_t nfam)
{
	if (!nfam)
		return;
	size_t w = 0;
	for (size_t i = 0; i < nfam; i++)
		if (strlen(fams[i].name) > w)
			w = strlen(fams[i].name);
	bool any = false;
	for (size_t i = 0; i < nfam; i++) {
		bool all = fams[i].face[0];
		for (int k = 0; k < 4; k++)
			all &= !fams[i].face[k] || fams[i].ok[k];
		if (!all)
			continue;
		if (!any)
			printf("\nfamilies a layout can name (fonts: {body: FAMILY, heading: FAMILY}):\n");
		any = true;
		buf faces = {0}, sub = {0};
		for (int k = 0; k < 4; k++)
			buf_printf(fams[i].face[k] ? &faces : &sub, "%s%s", (fams[i].face[k] ? faces.len : sub.len) ? ", " : "",
				   face_names[k]);
		printf("  %-*s  %s", (int)w, fams[i].name, buf_cstr(&faces));
		if (sub.len)
			printf(" (%s: the nearest face it has)", buf_cstr(&sub));
		printf("\n");
		buf_free(&faces);
		buf_free(&sub);
	}
	bool header = false;
	for (size_t i = 0; i < nfam; i++) {
		buf miss = {0}, bad = {0};
		if (fams[i].face[0] && fams[i].ok[0])
			continue; /* usable: the missing faces take the nearest one */
		for (int k = 0; k < 4; k++) {
			if (!fams[i].face[k])
				buf_printf(&miss, "%s%s-%s.ttf", miss.len ? ", " : "", fams[i].name, face_names[k]);
			else if (!fams[i].ok[k])
				buf_printf(&bad, "%s%s", bad.len ? ", " : "", face_names[k]);
		}
		if (miss.len || bad.len) {
			if (!header)
				printf("\nnot usable as a family (a family needs at least a TrueType Regular face):\n");
			header = true;
			printf("  %-*s  ", (int)w, fams[i].name);
			if (miss.len)
				printf("missing %s", buf_cstr(&miss));
			if (bad.len)
				printf("%scannot embed %s", miss.len ? "; " : "", buf_cstr(&bad));
			printf("\n");
		}
		buf_free(&miss);
		buf_free(&bad);
	}
}

static char *layout_font_dir(const char *layout)
{
	diag dg;
	diag_init(&dg, NULL); /* the layout's own errors are check's business */
	doc *d = load_layout(&dg, layout);
	char *dir = NULL;
	for (int i = 0; i < FAM_MAX && !dir; i++)
		for (int k = 0; k < 4 && !dir; k++)
			if (d->fam[i].path[k]) {
				const char *p = d->fam[i].path[k];
				const char *slash = strrchr(p, '/');
				dir = !slash ? xstrdup(".") : slash == p ? xstrdup("/") : xstrdup(arena_strndup(d->a, p, (size_t)(slash - p)));
			}
	doc_free(d);
	return dir;
}

typedef struct {
	const char *dir, *layout;
} fonts_opts;

static const opt_spec fonts_specs[] = {
	{"dir", 0, OPT_VALUE, opt_set_string, offsetof(fonts_opts, dir), "a directory"},
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd fonts_cmd = {"fonts", fonts_usage, fonts_help, NULL, fonts_specs, opt_one_arg,
				   offsetof(fonts_opts, layout)};

/* The directory to list: --dir, the layout's, or the one a layout with no
 * fonts: dir would use (why: how it was found, for the heading). NULL,
 * said on stderr, when the layout's fonts cannot be found. */
static char *fonts_dir(const fonts_opts *o, const char **why)
{
	*why = "";
	if (o->dir)
		return xstrdup(o->dir);
	if (o->layout) {
		if (!file_exists(o->layout)) {
			fprintf(stderr, "dossier: %s: cannot open the layout: %s\n", o->layout, strerror(ENOENT));
			return NULL;
		}
		char *dir = layout_font_dir(o->layout);
		if (!dir)
			fprintf(stderr, "dossier: cannot find the fonts of %s; 'dossier check %s' says why\n", o->layout,
				o->layout);
		*why = " (the fonts of the layout)";
		return dir;
	}
	bool found;
	const char *from;
	char *dir = datadir_layout_fonts(".", &found, &from);
	*why = !strcmp(from, DATADIR_FROM_ENV) ? " (DOSSIER_FONTS)" : "";
	if (!found) {
		char *own = datadir_find("fonts", "NotoSerif-Regular.ttf");
		if (own) {
			free(dir);
			dir = own;
			*why = " (dossier's own fonts)";
		}
	}
	return dir;
}

int cmd_fonts(int argc, char **argv)
{
	fonts_opts o = {0};
	int r = opt_parse(&fonts_cmd, argc, argv, &o);
	if (r != OPT_CONTINUE)
		return r;
	if (o.dir && o.layout)
		return usage_error(&fonts_cmd, "fonts: give --dir or a layout, not both");
	limits_arm_backstop("fonts", NULL);
	const char *why;
	char *dir = fonts_dir(&o, &why);
	if (!dir)
		return EXIT_INPUT;
	char real[PATH_MAX];
	if (realpath(dir, real)) { /* show layouts/../fonts as the directory it is */
		free(dir);
		dir = xstrdup(real);
	}
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, font_file, alphasort);
	if (n < 0) {
		fprintf(stderr, "dossier: cannot read the font directory '%s': %s\n", dir, strerror(errno));
		free(dir);
		return EXIT_INPUT;
	}
	if (n == 0) {
		fprintf(stderr, "dossier: no font files (.ttf, .otf) in '%s'\n", dir);
		free(ents);
		free(dir);
		return EXIT_INPUT;
	}
	printf("%d font file%s in %s%s\n", n, n == 1 ? "" : "s", dir, why);
	family *fams = xcalloc(256, sizeof *fams);
	size_t nfam = 0;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path = xmalloc(strlen(dir) + strlen(name) + 2);
		sprintf(path, "%s/%s", dir, name);
		printf("\n%s\n", name);
		note_family(fams, &nfam, name, describe_font(path));
		free(path);
	}
	report_families(fams, nfam);
	free(fams);
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	free(dir);
	limits_disarm_backstop();
	return EXIT_OK;
}
