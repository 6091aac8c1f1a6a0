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

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include "options.h"
#include "datadir.h"
#include "font.h"
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

/* Is glyph g a composite with a composite component? */
static bool nested_composite(FT_Face f, FT_UInt g)
{
	if (FT_Load_Glyph(f, g, FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) ||
	    f->glyph->format != FT_GLYPH_FORMAT_COMPOSITE)
		return false;
	FT_UInt n = f->glyph->num_subglyphs;
	FT_Int *idx = xmalloc(((size_t)n + 1) * sizeof *idx); /* loading a component replaces the glyph */
	for (FT_UInt i = 0; i < n; i++) {
		FT_Int index, x, y;
		FT_UInt flags;
		FT_Matrix m;
		idx[i] = -1;
		if (!FT_Get_SubGlyph_Info(f->glyph, i, &index, &flags, &x, &y, &m))
			idx[i] = index;
	}
	bool nested = false;
	for (FT_UInt i = 0; i < n && !nested; i++)
		nested = idx[i] >= 0 && !FT_Load_Glyph(f, (FT_UInt)idx[i], FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE) &&
			 f->glyph->format == FT_GLYPH_FORMAT_COMPOSITE;
	free(idx);
	return nested;
}

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

/* Check the characters of one set: count the missing ones and the nested
 * composites, listing the first few of each. */
static void check_set(FT_Face f, const char *chars, int *missing, buf *miss, int *nested, buf *nest)
{
	size_t len = strlen(chars);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = utf8_decode(chars + i, len - i, &cp);
		if (k <= 0)
			break;
		i += (size_t)k;
		FT_UInt g = FT_Get_Char_Index(f, cp);
		if (!g) {
			if (++*missing <= 5) {
				buf_puts(miss, *missing > 1 ? " " : "");
				put_cp(miss, cp);
			}
		} else if (nested_composite(f, g)) {
			if (++*nested <= 5) {
				buf_puts(nest, *nested > 1 ? " " : "");
				put_cp(nest, cp);
			}
		}
	}
}

/* One line with the languages fully covered, then one line for each of the
 * others, in the order of lang_sets. */
static void report_languages(FT_Face f)
{
	buf done = {0}, rest = {0};
	for (size_t l = 0; l < NLANG; l++) {
		int missing = 0, nested = 0;
		buf miss = {0}, nest = {0};
		if (lang_sets[l].with_en)
			check_set(f, lang_sets[0].chars, &missing, &miss, &nested, &nest);
		check_set(f, lang_sets[l].chars, &missing, &miss, &nested, &nest);
		if (missing)
			buf_printf(&rest, "  %s: missing %d (%s%s)\n", lang_sets[l].code, missing, buf_cstr(&miss),
				   missing > 5 ? " …" : "");
		else if (nested)
			buf_printf(&rest,
				   "  %s: complete, but %d letter%s built from composite glyphs (%s%s),\n"
				   "      which libharu 2.3.0 prints without some marks\n",
				   lang_sets[l].code, nested, nested == 1 ? " is" : "s are", buf_cstr(&nest),
				   nested > 5 ? " …" : "");
		else
			buf_printf(&done, "%s%s: complete", done.len ? ", " : "", lang_sets[l].code);
		buf_free(&miss);
		buf_free(&nest);
	}
	if (done.len)
		printf("  %s\n", buf_cstr(&done));
	fputs(buf_cstr(&rest), stdout);
	buf_free(&done);
	buf_free(&rest);
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

static int on_fonts_arg(const opt_use *u, char *arg)
{
	fonts_opts *o = u->ctx;
	if (o->layout)
		return OPT_UNEXPECTED;
	o->layout = arg;
	return OPT_CONTINUE;
}

static const opt_spec fonts_specs[] = {
	{"dir", 0, OPT_VALUE, opt_set_string, offsetof(fonts_opts, dir), "a directory"},
	OPT_SPEC_LIMIT,
	{NULL, 0, 0, NULL, 0, NULL},
};
static const opt_cmd fonts_cmd = {"fonts", fonts_usage, fonts_help, NULL, fonts_specs, on_fonts_arg};

int cmd_fonts(int argc, char **argv)
{
	fonts_opts o = {0};
	int r = opt_parse(&fonts_cmd, argc, argv, &o);
	if (r != OPT_CONTINUE)
		return r;
	const char *dir_opt = o.dir, *layout = o.layout;
	if (dir_opt && layout)
		return usage_error(&fonts_cmd, "fonts: give --dir or a layout, not both");
	limits_arm_backstop("fonts", NULL);

	char *dir = NULL;
	const char *why = "";
	if (dir_opt) {
		dir = xstrdup(dir_opt);
	} else if (layout) {
		if (!file_exists(layout)) {
			fprintf(stderr, "dossier: %s: cannot open the layout: %s\n", layout, strerror(ENOENT));
			return EXIT_INPUT;
		}
		dir = layout_font_dir(layout);
		if (!dir) {
			fprintf(stderr, "dossier: cannot find the fonts of %s; 'dossier check %s' says why\n",
				layout, layout);
			return EXIT_INPUT;
		}
		why = " (the fonts of the layout)";
	} else {
		bool found;
		const char *from;
		dir = datadir_layout_fonts(".", &found, &from);
		why = !strcmp(from, DATADIR_FROM_ENV) ? " (DOSSIER_FONTS)" : "";
		if (!found) {
			char *own = datadir_find("fonts", "NotoSerif-Regular.ttf");
			if (own) {
				free(dir);
				dir = own;
				why = " (dossier's own fonts)";
			}
		}
	}

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
	FT_Library lib;
	if (FT_Init_FreeType(&lib)) {
		fprintf(stderr, "dossier: cannot start FreeType\n");
		for (int i = 0; i < n; i++)
			free(ents[i]);
		free(ents);
		free(dir);
		return EXIT_SYSTEM;
	}
	printf("%d font file%s in %s%s\n", n, n == 1 ? "" : "s", dir, why);
	family *fams = xcalloc(256, sizeof *fams);
	size_t nfam = 0;
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		size_t plen = strlen(dir) + strlen(name) + 2;
		char *path = xmalloc(plen);
		snprintf(path, plen, "%s/%s", dir, name);
		FT_Face f;
		printf("\n%s\n", name);
		if (!file_check_regular(path)) {
			printf("  cannot be read: %s\n", file_strerror(errno));
			note_family(fams, &nfam, name, false);
			free(path);
			continue;
		}
		if (FT_New_Face(lib, path, 0, &f)) {
			printf("  cannot be read as a font\n");
			note_family(fams, &nfam, name, false);
			free(path);
			continue;
		}
		FT_ULong glyf = 0;
		bool tt = FT_IS_SFNT(f) && !FT_Load_Sfnt_Table(f, TTAG_glyf, 0, NULL, &glyf) && glyf > 0;
		bool cff = FT_IS_SFNT(f) && !tt;
		bool unicode = !FT_Select_Charmap(f, FT_ENCODING_UNICODE);
		char why[256];
		const char *problem = tt ? font_file_problem(path, why, sizeof why) : NULL;
		bool ok = tt && unicode && f->num_glyphs <= 32767 && !problem;
		printf("  family \"%s\", style \"%s\", %ld glyphs\n", f->family_name ? f->family_name : "?",
		       f->style_name ? f->style_name : "?", (long)f->num_glyphs);
		if (ok)
			printf("  TrueType (glyf outlines): can be embedded\n");
		else if (cff)
			printf("  CFF (PostScript) outlines: cannot be embedded by libharu 2.3.0\n");
		else if (!tt)
			printf("  not a TrueType font: cannot be embedded\n");
		else if (!unicode)
			printf("  no Unicode character map: cannot be used\n");
		else if (problem)
			printf("  cannot be embedded: %s\n", problem);
		else
			printf("  more than 32,767 glyphs: cannot be embedded by libharu 2.3.0\n");
		if (unicode)
			report_languages(f);
		note_family(fams, &nfam, name, ok);
		FT_Done_Face(f);
		free(path);
	}
	report_families(fams, nfam);
	free(fams);
	FT_Done_FreeType(lib);
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	free(dir);
	limits_disarm_backstop();
	return EXIT_OK;
}
