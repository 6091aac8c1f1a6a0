/* font.c — FreeType-backed font metrics with a per-face advance cache. */
#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include FT_ADVANCES_H
#include <stdlib.h>
#include <string.h>

/* Advances of the Basic Multilingual Plane are cached in pages of 256 code
 * points, filled on first use: -1 = not looked up, -2 = absent. */
typedef struct {
	FT_Face ft;
	const char *path, *family;
	int upem;
	double scale;           /* drawn at this times the text size */
	double ascent, descent;
	int16_t *page[256];
} face;

struct fontset {
	FT_Library lib;
	face f[FONT_SLOTS * 4];
};

static bool load_face(fontset *fs, face *fc, const char *path, const char *family, srcpos pos,
		      diag *dg)
{
	/* Two families may share files (mono defaults to the heading family). */
	for (int i = 0; i < FONT_SLOTS * 4; i++) {
		face *o = &fs->f[i];
		if (o != fc && o->ft && strcmp(o->path, path) == 0) {
			FT_Reference_Face(o->ft);
			*fc = *o;
			memset(fc->page, 0, sizeof fc->page);
			fc->family = family;
			return true;
		}
	}
	FT_Face ft;
	if (FT_New_Face(fs->lib, path, 0, &ft)) {
		diag_error(dg, pos, "font '%s' is not a font file FreeType can read", path);
		return false;
	}
	FT_ULong glyf = 0;
	if (!FT_IS_SFNT(ft) || FT_Load_Sfnt_Table(ft, TTAG_glyf, 0, NULL, &glyf) || glyf == 0) {
		diag_error(dg, pos,
			   "font '%s' is not a TrueType (glyf) font; CFF/OpenType-PS fonts cannot be embedded",
			   path);
		FT_Done_Face(ft);
		return false;
	}
	if (ft->num_glyphs > 32767) {
		diag_error(dg, pos, "font '%s' has %ld glyphs; at most 32,767 can be embedded", path,
			   ft->num_glyphs);
		FT_Done_Face(ft);
		return false;
	}
	if (FT_Select_Charmap(ft, FT_ENCODING_UNICODE)) {
		diag_error(dg, pos, "font '%s' has no Unicode character map", path);
		FT_Done_Face(ft);
		return false;
	}
	fc->ft = ft;
	fc->path = path;
	fc->family = family;
	fc->upem = ft->units_per_EM ? ft->units_per_EM : 1000;
	fc->ascent = ft->ascender * 1000.0 / fc->upem;
	fc->descent = -ft->descender * 1000.0 / fc->upem;
	TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
	if (os2 && os2->version != 0xFFFF && os2->sTypoAscender > 0) {
		fc->ascent = os2->sTypoAscender * 1000.0 / fc->upem;
		fc->descent = -os2->sTypoDescender * 1000.0 / fc->upem;
	}
	return true;
}

fontset *fontset_load(const doc *d, diag *dg)
{
	fontset *fs = xcalloc(1, sizeof *fs);
	if (FT_Init_FreeType(&fs->lib)) {
		diag_error(dg, (srcpos){0}, "cannot initialise FreeType");
		free(fs);
		return NULL;
	}
	for (int slot = 0; slot < FONT_SLOTS; slot++) {
		const font_family *fam = slot < FAM_MAX ? &d->fam[slot] : &d->fallback[slot - FAM_MAX];
		if (slot >= FAM_MAX && slot - FAM_MAX >= d->nfallback)
			break;
		for (int i = 0; i < 4; i++) {
			if (!fam->path[i])
				continue;
			/* a file that failed for an earlier family (body and
			 * heading naming the same one) is reported once */
			bool failed = false;
			for (int s2 = 0; s2 < slot && !failed; s2++) {
				const font_family *f2 = s2 < FAM_MAX ? &d->fam[s2] : &d->fallback[s2 - FAM_MAX];
				for (int i2 = 0; i2 < 4; i2++)
					if (f2->path[i2] && !strcmp(f2->path[i2], fam->path[i]) &&
					    !fs->f[FONT_ID(s2, i2)].ft)
						failed = true;
			}
			if (!failed && load_face(fs, &fs->f[FONT_ID(slot, i)], fam->path[i], fam->name, fam->pos, dg))
				fs->f[FONT_ID(slot, i)].scale = fam->scale > 0 ? fam->scale : 1;
		}
	}
	return fs;
}

void fontset_free(fontset *fs)
{
	if (!fs)
		return;
	for (int i = 0; i < FONT_SLOTS * 4; i++) {
		if (fs->f[i].ft)
			FT_Done_Face(fs->f[i].ft);
		for (int p = 0; p < 256; p++)
			free(fs->f[i].page[p]);
	}
	FT_Done_FreeType(fs->lib);
	free(fs);
}

bool font_valid(const fontset *fs, int id)
{
	return id >= 0 && id < FONT_SLOTS * 4 && fs->f[id].ft;
}

const char *font_path(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].path : NULL;
}

const char *font_family_name(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].family : NULL;
}

/* libharu 2.3.0 stores each advance as (int)(advance * 1000 / upem). */
static int lookup(face *fc, uint32_t cp)
{
	FT_UInt g = FT_Get_Char_Index(fc->ft, cp);
	if (!g)
		return -2;
	FT_Fixed adv = 0;
	if (FT_Get_Advance(fc->ft, g, FT_LOAD_NO_SCALE, &adv))
		return -2;
	return (int)((long)adv * 1000 / fc->upem);
}

double font_scale(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].scale : 1;
}

double font_advance(fontset *fs, int id, uint32_t cp)
{
	if (!font_valid(fs, id))
		return 0;
	face *fc = &fs->f[id];
	if (cp > 0xFFFF) /* libharu writes these as spaces; treat as absent */
		return 0;
	int16_t **pg = &fc->page[cp >> 8];
	if (!*pg) {
		*pg = xmalloc(256 * sizeof(int16_t));
		for (int i = 0; i < 256; i++)
			(*pg)[i] = -1;
	}
	int16_t *v = &(*pg)[cp & 255];
	if (*v == -1)
		*v = (int16_t)lookup(fc, cp);
	return *v < 0 ? 0 : *v * fc->scale;
}

bool font_has(fontset *fs, int id, uint32_t cp)
{
	if (!font_valid(fs, id) || cp > 0xFFFF)
		return false;
	font_advance(fs, id, cp);
	return fs->f[id].page[cp >> 8][cp & 255] != -2;
}

double font_width(fontset *fs, int id, const char *s, size_t n, double size)
{
	double sum = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp = (unsigned char)s[i];
		int l = 1;
		if (cp >= 0x80 && !(l = utf8_decode(s + i, n - i, &cp))) {
			l = 1;
			cp = 0xFFFD;
		}
		sum += font_advance(fs, id, cp);
		i += (size_t)l;
	}
	return sum * size / 1000.0;
}

double font_ink_center(fontset *fs, int id, uint32_t cp)
{
	if (!font_valid(fs, id))
		return 0;
	face *fc = &fs->f[id];
	FT_UInt g = FT_Get_Char_Index(fc->ft, cp);
	if (!g || FT_Load_Glyph(fc->ft, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING))
		return 0;
	const FT_Glyph_Metrics *m = &fc->ft->glyph->metrics;
	return (m->horiBearingX + m->width / 2.0) * 1000.0 / fc->upem * fc->scale;
}

double font_ascent(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].ascent : 800;
}

double font_descent(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].descent : 200;
}

int font_pick(fontset *fs, int id, uint32_t cp)
{
	if (cp < 0x20 || font_has(fs, id, cp))
		return id;
	int style = id % 4;
	for (int slot = FAM_MAX; slot < FONT_SLOTS; slot++)
		if (font_has(fs, FONT_ID(slot, style), cp))
			return FONT_ID(slot, style);
	for (int slot = 0; slot < FAM_MAX; slot++)
		if (font_has(fs, FONT_ID(slot, style), cp))
			return FONT_ID(slot, style);
	return -1;
}
