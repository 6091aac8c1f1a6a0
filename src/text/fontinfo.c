/* fontinfo.c — font files inspected with FreeType for `dossier fonts`
 * (fontinfo.h). */
#include "fontinfo.h"

#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include "font.h"
#include "util.h"

struct fontinfo {
	FT_Library lib;
	FT_Face f;
	char *path;
	bool tt, cff, unicode;
};

fontinfo *fontinfo_open(const char *path)
{
	fontinfo *fi = xcalloc(1, sizeof *fi);
	if (FT_Init_FreeType(&fi->lib)) {
		free(fi);
		return NULL;
	}
	if (FT_New_Face(fi->lib, path, 0, &fi->f)) {
		FT_Done_FreeType(fi->lib);
		free(fi);
		return NULL;
	}
	FT_ULong glyf = 0;
	fi->path = xstrdup(path);
	fi->tt = FT_IS_SFNT(fi->f) && !FT_Load_Sfnt_Table(fi->f, TTAG_glyf, 0, NULL, &glyf) && glyf > 0;
	FT_ULong cff = 0;
	fi->cff = FT_IS_SFNT(fi->f) && !fi->tt && !FT_Load_Sfnt_Table(fi->f, TTAG_CFF, 0, NULL, &cff) && cff > 0;
	fi->unicode = !FT_Select_Charmap(fi->f, FT_ENCODING_UNICODE);
	return fi;
}

void fontinfo_close(fontinfo *fi)
{
	if (!fi)
		return;
	FT_Done_Face(fi->f);
	FT_Done_FreeType(fi->lib);
	free(fi->path);
	free(fi);
}

const char *fontinfo_family(const fontinfo *fi)
{
	return fi->f->family_name ? fi->f->family_name : "?";
}

const char *fontinfo_style(const fontinfo *fi)
{
	return fi->f->style_name ? fi->f->style_name : "?";
}

long fontinfo_glyphs(const fontinfo *fi)
{
	return (long)fi->f->num_glyphs;
}

bool fontinfo_unicode(const fontinfo *fi)
{
	return fi->unicode;
}

fontinfo_verdict fontinfo_embeddable(const fontinfo *fi, char *why, size_t wn)
{
	/* TrueType (glyf) and CFF outlines are both embedded (render/pdf_font.c) */
	bool outlines = fi->tt || fi->cff;
	const char *problem = outlines ? font_file_problem(fi->path, why, wn) : NULL;
	if (problem && problem != why)
		snprintf(why, wn, "%s", problem);
	if (outlines && fi->unicode && fi->f->num_glyphs <= 65535 && !problem)
		return FONTINFO_EMBEDDABLE;
	if (!fi->tt)
		return FONTINFO_NOT_TRUETYPE;
	if (!fi->unicode)
		return FONTINFO_NO_UNICODE;
	if (problem)
		return FONTINFO_PROBLEM;
	return FONTINFO_TOO_MANY_GLYPHS;
}

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

void fontinfo_cover(fontinfo *fi, const char *chars, fontinfo_coverage *c)
{
	const int max = (int)(sizeof c->miss / sizeof c->miss[0]);
	size_t len = strlen(chars);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = utf8_decode(chars + i, len - i, &cp);
		if (k <= 0)
			break;
		i += (size_t)k;
		FT_UInt g = FT_Get_Char_Index(fi->f, cp);
		if (!g) {
			if (c->missing < max)
				c->miss[c->missing] = cp;
			c->missing++;
		} else if (nested_composite(fi->f, g)) {
			if (c->nested < max)
				c->nest[c->nested] = cp;
			c->nested++;
		}
	}
}
