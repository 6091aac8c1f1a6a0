/* font.c — FreeType-backed font metrics with a per-face advance cache, and
 * pair kerning from HarfBuzz with a per-face pair cache. */
#include "font.h"
#include "facecache.h"

#include <errno.h>
#include <fcntl.h>
#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include FT_ADVANCES_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* One cached kerning pair: key = first << 16 | second (both in the BMP). */
typedef struct {
	uint32_t key;    /* 0 = empty (U+0000 never kerns) */
	int16_t kern;    /* 1/1000 em, added to the first character's advance */
} kpair;

/* Advances of the Basic Multilingual Plane are cached in pages of 256 code
 * points, filled on first use: -1 = not looked up, -2 = absent. */
typedef struct {
	FT_Face ft;
	const char *path, *family;
	unsigned index;         /* the face in a collection (.ttc) */
	int upem;
	double scale;           /* drawn at this times the text size */
	double ascent, descent;
	int16_t *page[256];
	/* kerning: the HarfBuzz font, made on first use (one per face slot,
	 * even when slots share a file), and a cache of pairs */
	hb_font_t *hb;
	int kern_state;  /* 0 not looked at, 1 the font kerns, -1 it has no positioning */
	kpair *pairs;    /* open addressing, power-of-two capacity */
	size_t npairs, pcap;
	int16_t *ascii;  /* pairs of printable ASCII, [a - 32][b - 32]; INT16_MIN: not looked up */
	int cid;         /* the face in the process's cache (facecache.h); -1: none */
} face;

/* A text shaped in one face (font_shape), kept for the fontset's life. */
typedef struct {
	char *text;      /* NULL: empty slot */
	size_t n;
	int id;          /* (face * 2 + ligatures) * 2 + right to left */
	unsigned lang;   /* the language's key (lang_key) */
	uint64_t hash;
	font_glyph *g;
	size_t ng;
} shaped;

struct fontset {
	FT_Library lib;
	bool kerning;    /* the document's kerning: setting */
	bool liga;       /* standard ligatures in left-to-right text (font_ligatures) */
	const char *lang_tag; /* the language as font_language was given it */
	hb_language_t lang;   /* that language; HB_LANGUAGE_INVALID: the default */
	unsigned lang_key;    /* its key in the shaping caches (lang_key) */
	hb_buffer_t *buf;
	shaped *sh;      /* open addressing, power-of-two capacity */
	size_t nsh, shcap;
	font_glyph *tmp; /* the glyphs of the text being shaped */
	size_t tmpcap;
	face f[FONT_SLOTS * 4];
};

/* ---- checking a font file before use ----
 *
 * libharu 2.3.0 reads the TrueType tables itself when it embeds a font,
 * and a table it cannot read gives a PDF with the font left out, or a
 * "PDF writer error" with no position. So the tables it reads are checked
 * here, when the font is loaded, and each problem is an error at the font's
 * reference in the layout: every table inside the file, the tables it needs
 * present, the glyph locations inside 'glyf', a (3,1) format 4 character
 * map (the only Unicode map libharu reads), and licence bits that allow
 * embedding a subset. */

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct {
	uint32_t off, len;
	bool found;
} sfnt_table;

/* Why the face index of the font file d[0..n) cannot be embedded, or NULL.
 * A collection (.ttc) holds several faces, each with its table directory;
 * a face has TrueType (glyf) or CFF outlines ('OTTO'). */
static const char *sfnt_problem(const unsigned char *d, size_t n, unsigned index, char *why, size_t wn)
{
	static const char *const need[] = {"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "OS/2", "CFF "};
	enum { CMAP, GLYF, HEAD, HHEA, HMTX, LOCA, MAXP, NAME, OS2, CFF, NNEED };
	sfnt_table t[NNEED] = {{0, 0, false}};
	if (n < 12)
		return "the file is cut short (no table directory)";
	size_t dir = 0;
	uint32_t tag = be32(d);
	if (tag == 0x74746366) { /* "ttcf": the face's table directory */
		uint32_t nf = be32(d + 8);
		if ((uint64_t)12 + 4 * (uint64_t)nf > n)
			return "the file is cut short (in its collection header)";
		if (index >= nf) {
			snprintf(why, wn, "the collection has %u faces, no face %u", nf, index);
			return why;
		}
		dir = be32(d + 12 + 4 * index);
		if ((uint64_t)dir + 12 > n)
			return "the file is cut short (no table directory)";
		tag = be32(d + dir);
	}
	bool cff = tag == 0x4F54544F; /* "OTTO" */
	if (tag != 0x00010000 && tag != 0x74727565 && !cff) /* "true" */
		return "not a TrueType or OpenType font (unknown sfnt version)";
	size_t ntab = be16(d + dir + 4);
	if (dir + 12 + 16 * ntab > n)
		return "the file is cut short (in its table directory)";
	for (size_t i = 0; i < ntab; i++) {
		const unsigned char *e = d + dir + 12 + 16 * i;
		uint32_t off = be32(e + 8), len = be32(e + 12);
		if ((uint64_t)off + len > n) {
			snprintf(why, wn, "the file is cut short or damaged: table '%.4s' ends at byte %llu, the file has %zu bytes",
				 (const char *)e, (unsigned long long)off + len, n);
			return why;
		}
		for (int k = 0; k < NNEED; k++)
			if (!memcmp(e, need[k], 4))
				t[k] = (sfnt_table){off, len, true};
	}
	for (int k = 0; k < NNEED; k++)
		if (!t[k].found && (cff ? k != GLYF && k != LOCA : k != CFF)) {
			snprintf(why, wn, "it has no '%s' table, which embedding needs", need[k]);
			return why;
		}
	if (t[HEAD].len < 54 || t[MAXP].len < 6 || t[HHEA].len < 36 || t[OS2].len < 10)
		return "a damaged table: 'head', 'maxp', 'hhea' or 'OS/2' is too short";
	const unsigned char *head = d + t[HEAD].off;
	unsigned upem = be16(head + 18);
	int16_t locfmt = (int16_t)be16(head + 50);
	if (upem < 16 || upem > 16384 || (locfmt != 0 && locfmt != 1))
		return "a damaged 'head' table (units per em or glyph location format out of range)";
	size_t nglyphs = be16(d + t[MAXP].off + 4);
	size_t nhm = be16(d + t[HHEA].off + 34);
	if (nglyphs == 0 || nhm == 0 || nhm > nglyphs || t[HMTX].len < 4 * nhm + 2 * (nglyphs - nhm))
		return "a damaged 'hmtx' table (fewer metrics than glyphs)";
	size_t lw = locfmt ? 4 : 2;
	if (cff) /* CFF outlines: no glyph locations to check */
		;
	else if (t[LOCA].len < (nglyphs + 1) * lw)
		return "a damaged 'loca' table (fewer glyph locations than glyphs)";
	for (size_t g = 0; g <= nglyphs && !cff; g++) {
		const unsigned char *q = d + t[LOCA].off + g * lw;
		uint64_t at = locfmt ? be32(q) : (uint64_t)be16(q) * 2;
		if (at > t[GLYF].len)
			return "a damaged 'loca' table (a glyph lies outside 'glyf')";
	}
	/* the character map: version 0 and a (3,1) subtable of format 4 */
	const unsigned char *cmap = d + t[CMAP].off;
	if (t[CMAP].len < 4 || be16(cmap) != 0)
		return "a damaged 'cmap' table";
	size_t nsub = be16(cmap + 2);
	if (4 + 8 * nsub > t[CMAP].len)
		return "a damaged 'cmap' table (cut short)";
	bool unicode = false;
	for (size_t i = 0; i < nsub && !unicode; i++) {
		const unsigned char *e = cmap + 4 + 8 * i;
		uint32_t off = be32(e + 4);
		if (be16(e) != 3 || be16(e + 2) != 1)
			continue;
		if ((uint64_t)off + 14 > t[CMAP].len || be16(cmap + off) != 4 ||
		    (uint64_t)off + be16(cmap + off + 2) > t[CMAP].len)
			return "a damaged 'cmap' table (its Unicode map is cut short)";
		unicode = true;
	}
	if (!unicode)
		return "no Windows Unicode character map (cmap platform 3, encoding 1, format 4), the only one "
		       "the PDF writer reads";
	unsigned fstype = be16(d + t[OS2].off + 8);
	if (fstype & 0x0002) {
		snprintf(why, wn, "its licence forbids embedding it (OS/2 fsType 0x%04X: restricted licence)", fstype);
		return why;
	}
	if (fstype & 0x0100) {
		snprintf(why, wn, "its licence forbids embedding a subset of it (OS/2 fsType 0x%04X: no subsetting)", fstype);
		return why;
	}
	if (fstype & 0x0200) {
		snprintf(why, wn, "its licence allows embedding bitmaps only (OS/2 fsType 0x%04X)", fstype);
		return why;
	}
	return NULL;
}

const char *font_face_problem(const char *path, unsigned index, char *why, size_t wn)
{
	/* mapped, not read: a CJK collection is 20 MB */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(why, wn, "cannot read it: %s", file_strerror(errno));
		if (fd >= 0)
			close(fd);
		return why;
	}
	size_t n = (size_t)st.st_size;
	if (n == 0) {
		close(fd);
		return "the file is cut short (no table directory)";
	}
	void *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(why, wn, "cannot read it: %s", file_strerror(errno));
		return why;
	}
	const char *p = sfnt_problem(m, n, index, why, wn);
	munmap(m, n);
	return p;
}

const char *font_file_problem(const char *path, char *why, size_t wn)
{
	return font_face_problem(path, 0, why, wn);
}

/* Check face index of path (font_face_problem); false after reporting. */
static bool font_file_ok(const char *path, unsigned index, srcpos pos, diag *dg)
{
	char why[256];
	int cid = facecache_id(path, index);
	if (facecache_checked(cid)) /* checked for an earlier document */
		return true;
	const char *p = font_face_problem(path, index, why, sizeof why);
	if (p)
		diag_error(dg, pos, "font '%s': %s", path, p);
	else
		facecache_set_checked(cid);
	return !p;
}

/* The face of the collection at path that key names: its number, or the
 * last word of its family name ("SC" of "Noto Sans CJK SC"); -1 after
 * reporting when none. A single font has face 0 only. */
static long face_index(fontset *fs, const char *path, const char *key, const char *family, srcpos pos,
		       diag *dg)
{
	if (!key)
		return 0;
	FT_Face ft;
	if (FT_New_Face(fs->lib, path, -1, &ft)) {
		diag_error(dg, pos, "font '%s' is not a font file FreeType can read", path);
		return -1;
	}
	long n = ft->num_faces;
	FT_Done_Face(ft);
	char *end;
	long k = strtol(key, &end, 10);
	if (end != key && !*end) {
		if (k >= 0 && k < n)
			return k;
		diag_error(dg, pos, "font family '%s#%s': '%s' has faces 0 to %ld", family, key, path, n - 1);
		return -1;
	}
	size_t kl = strlen(key);
	for (long i = 0; i < n; i++) {
		if (FT_New_Face(fs->lib, path, i, &ft))
			continue;
		const char *fam = ft->family_name ? ft->family_name : "";
		size_t fl = strlen(fam);
		bool match = fl >= kl && !strcasecmp(fam + fl - kl, key) && (fl == kl || fam[fl - kl - 1] == ' ');
		FT_Done_Face(ft);
		if (match)
			return i;
	}
	diag_error(dg, pos, "font family '%s#%s': no face of '%s' has a family name ending in '%s'", family, key,
		   path, key);
	return -1;
}

static bool load_face(fontset *fs, face *fc, const char *path, const char *key, const char *family, srcpos pos,
		      diag *dg)
{
	long index = face_index(fs, path, key, family, pos, dg);
	if (index < 0)
		return false;
	/* Two families may share files (mono defaults to the heading family). */
	for (int i = 0; i < FONT_SLOTS * 4; i++) {
		face *o = &fs->f[i];
		if (o != fc && o->ft && strcmp(o->path, path) == 0 && o->index == (unsigned)index) {
			FT_Reference_Face(o->ft);
			*fc = *o;
			memset(fc->page, 0, sizeof fc->page);
			fc->hb = NULL;
			fc->kern_state = 0;
			fc->pairs = NULL;
			fc->npairs = fc->pcap = 0;
			fc->ascii = NULL;
			fc->family = family;
			return true;
		}
	}
	FT_Face ft;
	if (!file_check_regular(path)) {
		diag_error(dg, pos, "cannot read font '%s': %s", path, file_strerror(errno));
		return false;
	}
	if (FT_New_Face(fs->lib, path, index, &ft)) {
		diag_error(dg, pos, "font '%s' is not a font file FreeType can read", path);
		return false;
	}
	FT_ULong glyf = 0, cff = 0;
	if (!FT_IS_SFNT(ft) || ((FT_Load_Sfnt_Table(ft, TTAG_glyf, 0, NULL, &glyf) || glyf == 0) &&
				(FT_Load_Sfnt_Table(ft, TTAG_CFF, 0, NULL, &cff) || cff == 0))) {
		diag_error(dg, pos,
			   "font '%s' has neither TrueType (glyf) nor CFF outlines; it cannot be embedded",
			   path);
		FT_Done_Face(ft);
		return false;
	}
	if (!font_file_ok(path, (unsigned)index, pos, dg)) {
		FT_Done_Face(ft);
		return false;
	}
	if (FT_Select_Charmap(ft, FT_ENCODING_UNICODE)) {
		diag_error(dg, pos, "font '%s' has no Unicode character map", path);
		FT_Done_Face(ft);
		return false;
	}
	fc->index = (unsigned)index;
	fc->ft = ft;
	fc->cid = facecache_id(path, (unsigned)index);
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
	fs->kerning = d->kerning;
	for (int slot = 0; slot < FONT_SLOTS; slot++) {
		const font_family *fam = slot < FAM_MAX ? &d->fam[slot] : &d->fallback[slot - FAM_MAX];
		if (slot >= FAM_MAX && slot - FAM_MAX >= d->nfallback)
			break;
		for (int i = 0; i < 4; i++) {
			if (!fam->path[i])
				continue;
			/* a file that failed for an earlier family (body and
			 * heading naming the same one) or an earlier face (a
			 * family with only a Regular) is reported once */
			bool failed = false;
			for (int s2 = 0; s2 <= slot && !failed; s2++) {
				const font_family *f2 = s2 < FAM_MAX ? &d->fam[s2] : &d->fallback[s2 - FAM_MAX];
				for (int i2 = 0; i2 < (s2 < slot ? 4 : i); i2++)
					if (f2->path[i2] && !strcmp(f2->path[i2], fam->path[i]) &&
					    !fs->f[FONT_ID(s2, i2)].ft)
						failed = true;
			}
			if (!failed && load_face(fs, &fs->f[FONT_ID(slot, i)], fam->path[i], fam->face, fam->name, fam->pos, dg))
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
		if (fs->f[i].hb)
			hb_font_destroy(fs->f[i].hb);
		free(fs->f[i].pairs);
		if (fs->f[i].cid < 0) /* else the process's (facecache_ascii_kerns) */
			free(fs->f[i].ascii);
	}
	if (fs->buf)
		hb_buffer_destroy(fs->buf);
	for (size_t i = 0; i < fs->shcap; i++) {
		free(fs->sh[i].text);
		free(fs->sh[i].g);
	}
	free(fs->sh);
	free(fs->tmp);
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

unsigned font_face_index(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].index : 0;
}

const char *font_family_name(const fontset *fs, int id)
{
	return font_valid(fs, id) ? fs->f[id].family : NULL;
}

/* The W array of the PDF (render/pdf_font.c) holds each advance as
 * (int)(advance * 1000 / upem), as libharu 2.3.0 wrote it. */
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
	if (cp > 0xFFFF) { /* rare: not cached */
		int v = cp <= 0x10FFFF ? lookup(fc, cp) : -2;
		return v < 0 ? 0 : v * fc->scale;
	}
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
	if (!font_valid(fs, id) || cp > 0x10FFFF)
		return false;
	if (cp > 0xFFFF)
		return FT_Get_Char_Index(fs->f[id].ft, cp) != 0;
	font_advance(fs, id, cp);
	return fs->f[id].page[cp >> 8][cp & 255] != -2;
}

/* ---- kerning ----
 *
 * Kerning is taken pair by pair: the two characters are shaped alone by
 * HarfBuzz with only kerning on (no ligatures or contextual forms: the
 * renderer draws one glyph per code point), and the difference between the first
 * glyph's shaped and nominal advances is the pair's kern. That is exactly
 * what pair-positioning (GPOS PairPos, or the old kern table) gives, which
 * is how Latin, Cyrillic and Greek fonts kern. Values are rounded to whole
 * 1/1000 em, the unit of both the widths in the PDF and the numbers in
 * a TJ array, so the measured and the drawn line agree to the unit. */

/* The face's HarfBuzz font at a scale of its units per em, made on first
 * use. */
static hb_font_t *face_hb(fontset *fs, face *fc)
{
	if (!fc->hb)
		fc->hb = facecache_hb_font(fc->cid, (unsigned)fc->upem);
	if (!fc->hb) {
		hb_blob_t *blob = hb_blob_create_from_file(fc->path);
		hb_face_t *hf = hb_face_create(blob, fc->index);
		hb_blob_destroy(blob);
		fc->hb = hb_font_create(hf);
		hb_font_set_scale(fc->hb, fc->upem, fc->upem);
		hb_face_destroy(hf);
	}
	if (!fs->buf)
		fs->buf = hb_buffer_create();
	return fc->hb;
}

static bool kern_ready(fontset *fs, face *fc)
{
	if (fc->kern_state)
		return fc->kern_state > 0;
	hb_face_t *hf = hb_font_get_face(face_hb(fs, fc));
	bool kerns = hb_ot_layout_has_positioning(hf) || hb_ot_var_has_data(hf) ||
		     hb_face_reference_table(hf, HB_TAG('k', 'e', 'r', 'n')) != hb_blob_get_empty();
	fc->kern_state = kerns ? 1 : -1;
	return kerns;
}

/* What the shaper applies: kerning (first, so font_shape can turn it off)
 * and mark positioning, no ligatures or contextual forms. */
static const hb_feature_t feats[] = {
	{HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1}, {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
	{HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1}, {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
	{HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1}, {HB_TAG('r', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
};
#define NFEATS (sizeof feats / sizeof feats[0])

static int shape_pair(fontset *fs, face *fc, uint32_t a, uint32_t b)
{
	hb_buffer_t *hb = fs->buf;
	hb_buffer_clear_contents(hb);
	hb_codepoint_t cps[2] = {a, b};
	hb_buffer_add_codepoints(hb, cps, 2, 0, 2);
	hb_buffer_guess_segment_properties(hb);
	hb_buffer_set_direction(hb, HB_DIRECTION_LTR); /* text reaches us in drawing order */
	hb_shape(fc->hb, hb, feats, NFEATS);
	unsigned n = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &n);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
	if (n != 2 || gi[0].cluster != 0 || gi[1].cluster != 1)
		return 0;
	hb_position_t nominal = hb_font_get_glyph_h_advance(fc->hb, gi[0].codepoint);
	long d = (long)gp[0].x_advance - (long)nominal;
	if (d == 0)
		return 0;
	long k = lround((double)d * 1000.0 / fc->upem);
	return k < -1000 ? -1000 : k > 1000 ? 1000 : (int)k;
}

/* Arabic and Hebrew letters and presentation forms: their fonts' kerning
 * belongs to shaped right-to-left runs (font_shape), so no pair of
 * characters is kerned here. */
static bool is_rtl_form(uint32_t c)
{
	return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

int font_kern(fontset *fs, int id, uint32_t a, uint32_t b)
{
	if (!fs->kerning || !font_valid(fs, id) || a <= 0x20 || b <= 0x20 || a > 0xFFFF || b > 0xFFFF ||
	    a == 0xA0 || b == 0xA0 || is_rtl_form(a) || is_rtl_form(b))
		return 0;
	face *fc = &fs->f[id];
	if (!kern_ready(fs, fc))
		return 0;
	if (a < 127 && b < 127) { /* the common case: a direct table, no hashing */
		if (!fc->ascii && !(fc->ascii = facecache_ascii_kerns(fc->cid))) {
			fc->ascii = xmalloc(95 * 95 * sizeof *fc->ascii);
			for (int i = 0; i < 95 * 95; i++)
				fc->ascii[i] = INT16_MIN;
		}
		int16_t *v = &fc->ascii[(a - 32) * 95 + (b - 32)];
		if (*v == INT16_MIN)
			*v = (int16_t)shape_pair(fs, fc, a, b);
		return *v;
	}
	uint32_t key = a << 16 | b;
	if (fc->npairs * 2 >= fc->pcap) {
		size_t cap = fc->pcap ? fc->pcap * 2 : 1024;
		kpair *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < fc->pcap; i++)
			if (fc->pairs[i].key) {
				size_t h = (fc->pairs[i].key * 2654435761u) & (cap - 1);
				while (t[h].key)
					h = (h + 1) & (cap - 1);
				t[h] = fc->pairs[i];
			}
		free(fc->pairs);
		fc->pairs = t;
		fc->pcap = cap;
	}
	size_t h = (key * 2654435761u) & (fc->pcap - 1);
	while (fc->pairs[h].key) {
		if (fc->pairs[h].key == key)
			return fc->pairs[h].kern;
		h = (h + 1) & (fc->pcap - 1);
	}
	int k = shape_pair(fs, fc, a, b);
	fc->pairs[h] = (kpair){key, (int16_t)k};
	fc->npairs++;
	return k;
}

/* ---- shaping ----
 *
 * A text is shaped whole by HarfBuzz (its script guessed from its
 * characters, its language the one font_language set). HarfBuzz positions
 * are in font units, independent of the size, so a shaped text is cached
 * per face, text, language and options, and every size and every document
 * of the process shares it. Each glyph's advance is the
 * truncated nominal advance of the W array plus the shaper's change,
 * rounded, as font_kern rounds a pair: a font that kerns by pairs gives
 * the same numbers as font_advance and font_kern character by character.
 * As there, no kern is taken next to a space or a control character. */

static uint32_t cp_at(const char *s, size_t n, size_t i)
{
	uint32_t cp = (unsigned char)s[i];
	if (cp >= 0x80 && !utf8_decode(s + i, n - i, &cp))
		cp = 0xFFFD;
	return cp;
}

static bool no_kern_next_to(uint32_t cp)
{
	return cp <= 0x20 || cp == 0xA0;
}

/* Full-width punctuation of Chinese, Japanese and Korean text: ideographic
 * commas, stops, brackets and quotation marks, fullwidth forms. */
static bool cjk_punct(uint32_t cp)
{
	return (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301F) ||
	       (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE4F) || cp == 0xFF01 ||
	       (cp >= 0xFF08 && cp <= 0xFF09) || cp == 0xFF0C || cp == 0xFF0E || (cp >= 0xFF1A && cp <= 0xFF1B) ||
	       cp == 0xFF1F || cp == 0xFF3B || cp == 0xFF3D || cp == 0xFF5B || cp == 0xFF5D ||
	       (cp >= 0xFF5F && cp <= 0xFF63);
}

/* Two full-width punctuation marks side by side in s[0..n). */
static bool punct_pair(const char *s, size_t n)
{
	bool prev = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		int l = utf8_decode(s + i, n - i, &cp);
		bool p = l && cjk_punct(cp);
		if (p && prev)
			return true;
		prev = p;
		i += l ? (size_t)l : 1;
	}
	return false;
}

/* Adjacent full-width punctuation set solid: "》，" or "。」" would show a
 * blank half em inside each mark, an em and more of white between the
 * words. The font's 'halt' feature (alternate half widths) says how each
 * mark is set in half an em, and whether its blank half is before it (an
 * opening bracket: 'halt' moves it left) or after it; 'chws', which
 * applies it in context, is not in every version of Noto CJK. So the
 * text is shaped again with 'halt' and, of each pair of marks, one takes
 * its half width: a closing mark (or stop) before another mark, an
 * opening bracket after another opening bracket. "》，" is then an em and a
 * half wide, as in Chinese and Japanese typesetting (clreq, JLREQ). The
 * glyphs are the same in both shapings ('halt' only positions), so the
 * result is a pure function of the face and the text, as the caches
 * need. */
static void compress_punct(fontset *fs, face *fc, hb_font_t *hf, const char *s, size_t n, const hb_feature_t *f0,
			   size_t k)
{
	hb_feature_t f[NFEATS + 1];
	memcpy(f, f0, NFEATS * sizeof *f);
	f[NFEATS] = (hb_feature_t){HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1};
	hb_buffer_t *hb = fs->buf;
	hb_buffer_clear_contents(hb);
	hb_buffer_add_utf8(hb, s, (int)n, 0, (int)n);
	hb_buffer_set_language(hb, fs->lang); /* before guessing: kept */
	hb_buffer_guess_segment_properties(hb);
	hb_buffer_set_direction(hb, HB_DIRECTION_LTR);
	hb_buffer_set_cluster_level(hb, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);
	hb_shape(hf, hb, f, NFEATS + 1);
	unsigned ng = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &ng);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
	if (ng != k)
		return;
	for (unsigned i = 0; i < ng; i++)
		if (gi[i].codepoint != fs->tmp[i].gid || gi[i].cluster != fs->tmp[i].cluster)
			return;
	/* per glyph: 1 a mark 'halt' halves with its blank after it, 2 with
	 * its blank before it (opening), 0 neither */
	int kind_prev = 0;
	for (unsigned i = 0; i < ng; i++) {
		font_glyph *g = &fs->tmp[i];
		int kind = 0;
		long d = 0;
		if (g->gid && cjk_punct(cp_at(s, n, gi[i].cluster))) {
			d = (long)gp[i].x_advance - (long)hb_font_get_glyph_h_advance(hf, g->gid);
			if (d < 0)
				kind = gp[i].x_offset < 0 ? 2 : 1;
		}
		int kind_next = 0;
		if (i + 1 < ng && fs->tmp[i + 1].gid && cjk_punct(cp_at(s, n, gi[i + 1].cluster)) &&
		    gp[i + 1].x_advance < hb_font_get_glyph_h_advance(hf, fs->tmp[i + 1].gid))
			kind_next = 1;
		if ((kind == 1 && kind_next) || (kind == 2 && kind_prev == 2)) {
			g->advance += (int32_t)lround((double)d * 1000.0 / fc->upem);
			g->dx += (int32_t)lround(gp[i].x_offset * 1000.0 / fc->upem);
		}
		kind_prev = kind;
	}
}

double font_cjk_blank(fontset *fs, int id, uint32_t cp, bool *opening)
{
	*opening = false;
	if (!cjk_punct(cp) || !font_valid(fs, id))
		return 0;
	face *fc = &fs->f[id];
	FT_UInt gid = FT_Get_Char_Index(fc->ft, cp);
	if (!gid)
		return 0;
	hb_font_t *hf = face_hb(fs, fc);
	hb_buffer_t *hb = fs->buf;
	hb_buffer_clear_contents(hb);
	hb_buffer_add_codepoints(hb, &cp, 1, 0, 1);
	hb_buffer_set_language(hb, fs->lang);
	hb_buffer_guess_segment_properties(hb);
	hb_buffer_set_direction(hb, HB_DIRECTION_LTR);
	hb_feature_t f = {HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1};
	hb_shape(hf, hb, &f, 1);
	unsigned ng = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &ng);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
	if (ng != 1 || gi[0].codepoint != gid)
		return 0;
	long d = (long)hb_font_get_glyph_h_advance(hf, gid) - (long)gp[0].x_advance;
	if (d <= 0)
		return 0;
	*opening = gp[0].x_offset < 0;
	return (double)d * 1000.0 / fc->upem * font_scale(fs, id);
}

bool font_ligatures(fontset *fs, bool on)
{
	bool was = fs->liga;
	fs->liga = on;
	return was;
}

/* The languages texts were shaped in, for the process: a language's key
 * is 1 + its index here, the same in every fontset, so that the process's
 * cache (facecache.h) keeps a text's glyphs per language. HarfBuzz's
 * languages are interned: one pointer per language for the process. */
#define LANG_KEYS 1024
static hb_language_t lang_seen[LANG_KEYS];
static unsigned nlang_seen;

/* The key of language l; 0 for the default (HB_LANGUAGE_INVALID) or when
 * the table is full (the language is then not set: shaped as default). */
static unsigned lang_key(hb_language_t l)
{
	if (l == HB_LANGUAGE_INVALID)
		return 0;
	for (unsigned i = 0; i < nlang_seen; i++)
		if (lang_seen[i] == l)
			return i + 1;
	if (nlang_seen == LANG_KEYS)
		return 0;
	lang_seen[nlang_seen++] = l;
	return nlang_seen;
}

const char *font_language(fontset *fs, const char *lang)
{
	const char *was = fs->lang_tag;
	if (lang == was) /* the same string: nothing to look up */
		return was;
	fs->lang_tag = lang;
	hb_language_t l = lang && *lang ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID;
	if (l == fs->lang)
		return was;
	fs->lang_key = lang_key(l);
	fs->lang = fs->lang_key ? l : HB_LANGUAGE_INVALID;
	return was;
}

/* A character of a script written left to right whose letters take their
 * forms, order and marks' places from the font's rules: Indic scripts
 * (Devanagari to Malayalam, Sinhala), Thai, Lao, Tibetan, Myanmar,
 * Khmer, Mongolian and the other Brahmi-derived scripts of South-East
 * Asia, Hangul jamo, and combining marks that have no precomposed form. */
static bool complex_cp(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0900 && cp <= 0x0DFF) || (cp >= 0x0E00 && cp <= 0x0FFF) ||
	       (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x1700 && cp <= 0x18AF) ||
	       (cp >= 0x1900 && cp <= 0x1AFF) || (cp >= 0x1B00 && cp <= 0x1CFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xA8E0 && cp <= 0xA8FF) || (cp >= 0xA900 && cp <= 0xAAFF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x11000 && cp <= 0x11FFF);
}

static bool has_complex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xCC && complex_cp(cp_at(s, n, i))) /* U+0300 and up start with 0xCC */
			return true;
	return false;
}

/* Shapes s[0..n) into fs->tmp; the number of glyphs. */
static size_t shape_text(fontset *fs, face *fc, const char *s, size_t n, bool rtl)
{
	size_t k = 0;
	hb_font_t *hf = face_hb(fs, fc);
	hb_buffer_t *hb = fs->buf;
	hb_buffer_clear_contents(hb);
	hb_buffer_add_utf8(hb, s, (int)n, 0, (int)n);
	hb_buffer_set_language(hb, fs->lang); /* before guessing: kept */
	hb_buffer_guess_segment_properties(hb);
	hb_buffer_set_direction(hb, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	/* right to left, each character its own cluster, merged only where
	 * one glyph draws several (a ligature): a mark's glyph maps to the
	 * mark alone, even after a letter it composes with (أُ: the damma
	 * after U+0623 is not folded into the letter's cluster, as it is
	 * with monotone clusters), and lies left of its letter's, so that an
	 * extractor putting the glyphs back in reading order puts the mark
	 * after its letter. The glyphs and positions are the same at every
	 * cluster level; only the clusters differ. */
	hb_buffer_set_cluster_level(hb, rtl ? HB_BUFFER_CLUSTER_LEVEL_CHARACTERS
					   : HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_feature_t f[NFEATS];
	memcpy(f, feats, sizeof f);
	f[0].value = fs->kerning; /* kern */
	f[1].value = f[2].value = fs->liga && !rtl; /* liga, clig */
	/* right to left, and a script whose letters the font's rules form
	 * (Devanagari's conjuncts, Thai's marks): all the font's features;
	 * else ligatures as the style sets them, no contextual forms */
	bool all = rtl || has_complex(s, n);
	hb_shape(hf, hb, f, all ? 1 : NFEATS);
	unsigned ng = 0;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(hb, &ng);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(hb, NULL);
	GROW(fs->tmp, fs->tmpcap, ng + 1);
	for (unsigned i = 0; i < ng; i++) {
		font_glyph *g = &fs->tmp[k++];
		*g = (font_glyph){gi[i].codepoint, 0, 0, 0, gi[i].cluster};
		if (!g->gid)
			continue;
		/* every glyph where the shaper puts it: marks on their letters
		 * (GPOS mark-to-base and mark-to-mark), right to left too: the
		 * renderer gives right-to-left text its logical text as an
		 * ActualText, so how the marks are moved does not reach the
		 * extracted text */
		g->dx = (int32_t)lround(gp[i].x_offset * 1000.0 / fc->upem);
		g->dy = (int32_t)lround(gp[i].y_offset * 1000.0 / fc->upem);
		if (gp[i].x_advance == 0) /* a mark: no advance, whatever its width */
			continue;
		hb_position_t nominal = hb_font_get_glyph_h_advance(hf, g->gid);
		g->advance = (int32_t)((long)nominal * 1000 / fc->upem);
		long d = (long)gp[i].x_advance - (long)nominal;
		if (d && !no_kern_next_to(cp_at(s, n, gi[i].cluster)) &&
		    (i + 1 >= ng || !no_kern_next_to(cp_at(s, n, gi[i + 1].cluster)))) {
			long kk = lround((double)d * 1000.0 / fc->upem);
			g->advance += (int32_t)(kk < -1000 ? -1000 : kk > 1000 ? 1000 : kk);
		}
	}
	if (!rtl && punct_pair(s, n))
		compress_punct(fs, fc, hf, s, n, f, k);
	return k;
}

static uint64_t text_hash(int id, unsigned lang, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ ((uint64_t)lang << 32 | (uint64_t)(unsigned)id); /* id * 2 + rtl */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

size_t font_shape(fontset *fs, int id, const char *s, size_t n, bool rtl, const font_glyph **out)
{
	*out = NULL;
	if (!font_valid(fs, id) || n == 0)
		return 0;
	if (fs->nsh * 2 >= fs->shcap) {
		size_t cap = fs->shcap ? fs->shcap * 2 : 1024;
		shaped *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < fs->shcap; i++)
			if (fs->sh[i].text) {
				size_t h = fs->sh[i].hash & (cap - 1);
				while (t[h].text)
					h = (h + 1) & (cap - 1);
				t[h] = fs->sh[i];
			}
		free(fs->sh);
		fs->sh = t;
		fs->shcap = cap;
	}
	/* shaped for an earlier text or document of the process */
	unsigned ckey = (fs->lang_key * 2 + (unsigned)fs->liga) * 4 + (unsigned)fs->kerning * 2 + rtl;
	size_t cng = 0;
	const font_glyph *cg = facecache_shaped(fs->f[id].cid, ckey, s, n, &cng);
	if (cg) {
		*out = cg;
		return cng;
	}
	int key = (id * 2 + fs->liga) * 2 + rtl;
	uint64_t hash = text_hash(key, fs->lang_key, s, n);
	size_t h = hash & (fs->shcap - 1);
	for (; fs->sh[h].text; h = (h + 1) & (fs->shcap - 1)) {
		shaped *e = &fs->sh[h];
		if (e->hash == hash && e->id == key && e->lang == fs->lang_key && e->n == n &&
		    !memcmp(e->text, s, n)) {
			*out = e->g;
			return e->ng;
		}
	}
	size_t ng = shape_text(fs, &fs->f[id], s, n, rtl);
	if ((*out = facecache_keep(fs->f[id].cid, ckey, s, n, fs->tmp, ng)))
		return ng;
	shaped *e = &fs->sh[h];
	e->text = xmalloc(n + 1);
	memcpy(e->text, s, n);
	e->text[n] = 0;
	e->n = n;
	e->id = key;
	e->lang = fs->lang_key;
	e->hash = hash;
	e->g = xmalloc((ng ? ng : 1) * sizeof *e->g);
	memcpy(e->g, fs->tmp, ng * sizeof *e->g);
	e->ng = ng;
	fs->nsh++;
	*out = e->g;
	return ng;
}

bool font_track_after(const char *s, size_t n, const font_glyph *g, size_t ng, size_t i)
{
	if (i + 1 >= ng || g[i].advance == 0 || g[i + 1].advance == 0 || g[i + 1].cluster == g[i].cluster ||
	    g[i + 1].cluster == 0 || g[i + 1].cluster >= n)
		return false;
	size_t at = g[i + 1].cluster, p = at - 1;
	while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
		p--;
	uint32_t prev = cp_at(s, n, p), next = cp_at(s, n, at);
	return utf8proc_grapheme_break((utf8proc_int32_t)prev, (utf8proc_int32_t)next) &&
	       utf8proc_get_property((utf8proc_int32_t)prev)->combining_class != 9;
}

double font_width(fontset *fs, int id, const char *s, size_t n, double size)
{
	return font_width_dir(fs, id, s, n, false, size);
}

double font_width_dir(fontset *fs, int id, const char *s, size_t n, bool rtl, double size)
{
	const font_glyph *g;
	size_t ng = font_shape(fs, id, s, n, rtl, &g);
	long sum = 0;
	for (size_t i = 0; i < ng; i++)
		sum += g[i].advance;
	return (double)sum * font_scale(fs, id) * size / 1000.0;
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

int font_prefer(fontset *fs, int id, uint32_t probe)
{
	if (font_has(fs, id, probe))
		return id;
	for (int slot = FAM_MAX; slot < FONT_SLOTS; slot++)
		if (font_has(fs, FONT_ID(slot, id % 4), probe))
			return FONT_ID(slot, id % 4);
	return id;
}
