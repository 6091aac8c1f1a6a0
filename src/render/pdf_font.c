/* pdf_font.c — Type0/CIDFontType2 fonts with hb-subset subsets, written
 * through libharu's object layer (pdf_font.h says what and why). */
#include "pdf_font.h"

#include <ctype.h>
#include <errno.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "facecache.h"
#include "pdf_zip.h"

/* The document's memory manager and cross-reference table (pdf->mmgr,
 * pdf->xref) and a page's content stream are reached through libharu's
 * internal headers, whose layout is that of 2.3.0. */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "pdf_font.c reaches into libharu 2.3.0's internal structures; check them against this version"
#endif

/* ---- parsed font files, kept for the process ---- */

typedef struct {
	char *path;
	unsigned index;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	hb_face_t *face;
	hb_face_t *subface;     /* the face prepared for hb-subset (pdf_font_prepare), or NULL */
	hb_font_t *font;        /* scale = units per em: advances in font units */
	unsigned upem, nglyphs;
	char psname[64];        /* PostScript name, PDF-name safe */
	int bbox[4];            /* 1/1000 em */
	double italic;          /* degrees */
	int ascent, descent, cap_height, stemv;
	unsigned flags;         /* FontDescriptor /Flags */
	bool cff;               /* CFF outlines: CIDFontType0, FontFile3 */
	uint16_t *cids;         /* a CID-keyed CFF's CID of each glyph (its charset); NULL: CID = glyph ID */
} face_rec;

static face_rec **faces;
static size_t nfaces, capfaces;

static void faces_free(void)
{
	for (size_t i = 0; i < nfaces; i++) {
		hb_font_destroy(faces[i]->font);
		hb_face_destroy(faces[i]->face);
		hb_face_destroy(faces[i]->subface);
		free(faces[i]->cids);
		free(faces[i]->path);
		free(faces[i]);
	}
	free(faces);
	faces = NULL;
	nfaces = capfaces = 0;
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* The table tag of face as bytes and their number (0 when absent). */
static const unsigned char *sfnt_table(hb_face_t *face, hb_tag_t tag, hb_blob_t **blob, unsigned *len)
{
	*blob = hb_face_reference_table(face, tag);
	const char *d = hb_blob_get_data(*blob, len);
	return (const unsigned char *)d;
}

static int to1000(const face_rec *r, long v)
{
	return (int)lround((double)v * 1000.0 / r->upem);
}

/* The FontDescriptor's numbers, read once per face. */
static void describe(face_rec *r)
{
	hb_blob_t *b;
	unsigned n;
	const unsigned char *head = sfnt_table(r->face, HB_TAG('h', 'e', 'a', 'd'), &b, &n);
	unsigned mac_style = 0;
	if (n >= 54) {
		r->bbox[0] = to1000(r, (int16_t)be16(head + 36));
		r->bbox[1] = to1000(r, (int16_t)be16(head + 38));
		r->bbox[2] = to1000(r, (int16_t)be16(head + 40));
		r->bbox[3] = to1000(r, (int16_t)be16(head + 42));
		mac_style = be16(head + 44);
	}
	hb_blob_destroy(b);
	bool fixed = false;
	const unsigned char *post = sfnt_table(r->face, HB_TAG('p', 'o', 's', 't'), &b, &n);
	if (n >= 16) {
		int32_t a = (int32_t)((uint32_t)be16(post + 4) << 16 | be16(post + 6));
		r->italic = a / 65536.0;
		fixed = be16(post + 12) || be16(post + 14);
	}
	hb_blob_destroy(b);
	unsigned weight = 400;
	int family_class = 0;
	const unsigned char *os2 = sfnt_table(r->face, HB_TAG('O', 'S', '/', '2'), &b, &n);
	if (n >= 32) {
		weight = be16(os2 + 4);
		family_class = (int16_t)be16(os2 + 30) >> 8;
	}
	hb_blob_destroy(b);
	hb_position_t v;
	hb_ot_metrics_get_position_with_fallback(r->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v);
	r->ascent = to1000(r, v);
	hb_ot_metrics_get_position_with_fallback(r->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v);
	r->descent = to1000(r, v);
	hb_ot_metrics_get_position_with_fallback(r->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
	r->cap_height = to1000(r, v);
	/* no font table holds it: the usual estimate from the weight class */
	r->stemv = weight >= 50 && weight <= 1000 ? 10 + (int)(220 * (weight - 50) / 900) : 80;
	/* symbolic (a CID font's glyphs are not the standard Latin set) */
	r->flags = 4;
	if (fixed)
		r->flags |= 1;
	if ((family_class >= 1 && family_class <= 5) || family_class == 7)
		r->flags |= 2; /* serif */
	if (r->italic != 0 || (mac_style & 2))
		r->flags |= 64;
	char name[64];
	unsigned len = sizeof name;
	if (!hb_ot_name_get_utf8(r->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, name))
		name[0] = 0;
	size_t k = 0;
	for (const char *p = name; *p && k + 1 < sizeof r->psname; p++)
		if (*p > 32 && *p < 127 && !strchr("()<>[]{}/%#", *p))
			r->psname[k++] = *p;
	if (k == 0)
		strcpy(r->psname, "Font");
	else
		r->psname[k] = 0;
}

/* ---- CFF: is it CID-keyed, and the CID of each glyph ---- */

/* The end of the INDEX at d[at..n), 0 when damaged. */
static size_t cff_index_end(const unsigned char *d, size_t n, size_t at, size_t *count, size_t *data0)
{
	if (at + 2 > n)
		return 0;
	size_t c = be16(d + at);
	*count = c;
	if (c == 0)
		return at + 2;
	if (at + 3 > n)
		return 0;
	unsigned os = d[at + 2];
	if (os < 1 || os > 4 || at + 3 + (c + 1) * os > n)
		return 0;
	const unsigned char *o = d + at + 3;
	size_t last = 0, first = 0;
	for (unsigned k = 0; k < os; k++) {
		first = first << 8 | o[k];
		last = last << 8 | o[c * os + k];
	}
	*data0 = at + 3 + (c + 1) * os - 1 + first;
	size_t end = at + 3 + (c + 1) * os - 1 + last;
	return end <= n && first >= 1 && last >= first ? end : 0;
}

/* The Top DICT's charset offset, CharStrings offset and whether it has
 * ROS (CID-keyed); false when damaged. */
static bool cff_top(const unsigned char *d, size_t n, bool *cid, long *charset, long *charstrings)
{
	if (n < 4 || d[2] < 4)
		return false;
	size_t cnt, d0;
	size_t at = cff_index_end(d, n, d[2], &cnt, &d0); /* Name INDEX */
	if (!at)
		return false;
	size_t end = cff_index_end(d, n, at, &cnt, &d0); /* Top DICT INDEX */
	if (!end || cnt < 1)
		return false;
	/* the first Top DICT: from its data start to the second offset */
	unsigned os = d[at + 2];
	size_t second = 0;
	for (unsigned k = 0; k < os; k++)
		second = second << 8 | d[at + 3 + os + k];
	size_t p = d0, e = at + 3 + (cnt + 1) * os - 1 + second;
	if (e > n)
		return false;
	long ops[48];
	int nops = 0;
	*cid = false;
	*charset = 0;
	*charstrings = -1;
	while (p < e) {
		unsigned b = d[p];
		if (b <= 21) { /* an operator */
			unsigned op = b;
			if (b == 12) {
				if (p + 1 >= e)
					return false;
				op = 1200 + d[++p];
			}
			p++;
			if (op == 1230)
				*cid = true;
			else if (op == 15 && nops >= 1)
				*charset = ops[nops - 1];
			else if (op == 17 && nops >= 1)
				*charstrings = ops[nops - 1];
			nops = 0;
			continue;
		}
		long v;
		if (b >= 32 && b <= 246) {
			v = (long)b - 139, p += 1;
		} else if (b >= 247 && b <= 250 && p + 1 < e) {
			v = ((long)b - 247) * 256 + d[p + 1] + 108, p += 2;
		} else if (b >= 251 && b <= 254 && p + 1 < e) {
			v = -((long)b - 251) * 256 - d[p + 1] - 108, p += 2;
		} else if (b == 28 && p + 2 < e) {
			v = (int16_t)be16(d + p + 1), p += 3;
		} else if (b == 29 && p + 4 < e) {
			v = (int32_t)((uint32_t)be16(d + p + 1) << 16 | be16(d + p + 3)), p += 5;
		} else if (b == 30) { /* a real: nibbles up to 0xF */
			v = 0;
			for (p++; p < e && (d[p] & 15) != 15 && (d[p] >> 4) != 15; p++)
				;
			p++;
		} else {
			return false;
		}
		if (nops < 48)
			ops[nops++] = v;
	}
	return *charstrings > 0;
}

/* A CID-keyed CFF's charset: the CID of each of the nglyphs glyphs, or
 * NULL (name-keyed, or damaged: then the CID is the glyph ID). */
static uint16_t *cff_cids(hb_face_t *face, unsigned nglyphs)
{
	hb_blob_t *b;
	unsigned n;
	const unsigned char *d = sfnt_table(face, HB_TAG('C', 'F', 'F', ' '), &b, &n);
	bool cid;
	long cs, chs;
	uint16_t *m = NULL;
	if (d && cff_top(d, n, &cid, &cs, &chs) && cid && cs > 2 && (size_t)cs < n) {
		m = xcalloc(nglyphs ? nglyphs : 1, sizeof *m);
		size_t p = (size_t)cs + 1;
		unsigned fmt = d[cs];
		unsigned g = 1;
		bool ok = fmt <= 2;
		while (ok && g < nglyphs) {
			if (fmt == 0) {
				if (p + 2 > n) {
					ok = false;
					break;
				}
				m[g++] = be16(d + p), p += 2;
			} else {
				size_t w = fmt == 1 ? 3 : 4;
				if (p + w > n) {
					ok = false;
					break;
				}
				unsigned first = be16(d + p), left = fmt == 1 ? d[p + 2] : be16(d + p + 2);
				p += w;
				for (unsigned k = 0; k <= left && g < nglyphs; k++)
					m[g++] = (uint16_t)(first + k);
			}
		}
		if (!ok) {
			free(m);
			m = NULL;
		}
	}
	hb_blob_destroy(b);
	return m;
}

static face_rec *face_get(const char *path, unsigned index, char *why, size_t wn)
{
	struct stat st;
	if (stat(path, &st)) {
		snprintf(why, wn, "cannot read it: %s", strerror(errno));
		return NULL;
	}
	for (size_t i = 0; i < nfaces; i++) {
		face_rec *r = faces[i];
		if (r->index == index && r->dev == st.st_dev && r->ino == st.st_ino && r->size == st.st_size &&
		    r->mtime.tv_sec == st.st_mtim.tv_sec && r->mtime.tv_nsec == st.st_mtim.tv_nsec &&
		    !strcmp(r->path, path))
			return r;
	}
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
	if (!blob) {
		snprintf(why, wn, "cannot read it");
		return NULL;
	}
	if (index >= hb_face_count(blob)) {
		hb_blob_destroy(blob);
		snprintf(why, wn, "it has no face %u", index);
		return NULL;
	}
	hb_face_t *face = hb_face_create(blob, index);
	hb_blob_destroy(blob);
	hb_blob_t *glyf = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	bool tt = hb_blob_get_length(glyf) > 0;
	hb_blob_destroy(glyf);
	hb_blob_t *cffb = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
	bool cff = !tt && hb_blob_get_length(cffb) > 0;
	hb_blob_destroy(cffb);
	if ((!tt && !cff) || hb_face_get_glyph_count(face) == 0) {
		hb_face_destroy(face);
		snprintf(why, wn, "it has neither TrueType (glyf) nor CFF outlines");
		return NULL;
	}
	face_rec *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->index = index;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->size = st.st_size;
	r->mtime = st.st_mtim;
	r->face = face;
	r->upem = hb_face_get_upem(face);
	r->nglyphs = hb_face_get_glyph_count(face);
	r->cff = cff;
	if (cff)
		r->cids = cff_cids(face, r->nglyphs);
	/* the HarfBuzz font that layout measured with (facecache.h), whose
	 * advances are then already read, in a batch by the parent; its own
	 * when the cache has none at this scale */
	r->font = facecache_hb_font(facecache_id(path, index), r->upem);
	int sx = 0, sy = 0;
	if (r->font)
		hb_font_get_scale(r->font, &sx, &sy);
	if (r->font && (sx != (int)r->upem || sy != (int)r->upem ||
			hb_face_get_glyph_count(hb_font_get_face(r->font)) != r->nglyphs)) {
		hb_font_destroy(r->font);
		r->font = NULL;
	}
	if (!r->font) {
		r->font = hb_font_create(face);
		hb_font_set_scale(r->font, (int)r->upem, (int)r->upem);
	}
	describe(r);
	if (!faces)
		atexit(faces_free);
	GROW(faces, capfaces, nfaces + 1);
	faces[nfaces++] = r;
	return r;
}

void pdf_font_prepare(const char *path, unsigned index)
{
	char why[256];
	face_rec *r = face_get(path, index, why, sizeof why);
	/* TrueType only: the subsets of a prepared CFF face were not compared */
	if (r && !r->cff && !r->subface)
		r->subface = hb_subset_preprocess(r->face);
}

/* ---- one font in one document ---- */

/* A CID's width taken from the font (cidrec.w). */
#define W_FONT INT32_MIN

/* A CID drawn: the glyph it shows and the text it stands for. */
typedef struct {
	uint32_t cid, gid;
	uint32_t toff, tlen; /* in the font's text pool */
	uint32_t next;       /* index + 1 of the next CID of the same glyph; 0: none */
	int32_t w;           /* its width in the W array, 1/1000 em: ZERO_W for a glyph the
				shaper gave no advance; W_FONT: the font's */
} cidrec;

struct pdf_font {
	HPDF_Doc pdf;
	face_rec *fr;
	HPDF_Dict type0;
	cidrec *cids;
	size_t ncids, capcids;
	uint32_t *slots;      /* glyph → index + 1 of its first CID; open addressing */
	size_t nslots;        /* a power of two */
	uint32_t *text;       /* UTF-32 text of the CIDs */
	size_t ntext, captext;
	uint32_t next_alias;  /* the next CID for a glyph's second text */
	uint32_t *tmp;        /* a cluster's text */
	size_t captmp;
	double *xs;           /* a run's pen positions (pdf_font_show) */
	size_t capxs;
	size_t *order;        /* the order a run's glyphs are written in */
	size_t caporder;
	bool *late;           /* glyphs drawn after the run's others (pdf_font_show) */
	size_t caplate;
	bool *near;           /* left to right, of those: drawn in place (late_marks) */
	size_t capnear;
	uint32_t blank;       /* the space's glyph + 1 (0: not looked up) */
	double rise;          /* the text rise written, 1/1000 of the size */
	uint32_t space_gid;   /* pdf_font_space's glyph + 1 (0: none yet) */
	char space_tj[16];    /* and what pdf_font_show wrote for it */
	size_t space_len;
};

pdf_font *pdf_font_open(HPDF_Doc pdf, const char *path, unsigned index, char *why, size_t wn)
{
	face_rec *fr = face_get(path, index, why, wn);
	if (!fr)
		return NULL;
	pdf_font *f = xcalloc(1, sizeof *f);
	f->pdf = pdf;
	f->fr = fr;
	f->next_alias = fr->nglyphs;
	f->nslots = 256;
	f->slots = xcalloc(f->nslots, sizeof *f->slots);
	/* the font dictionary exists from the start (pages name it); its
	 * entries are written by pdf_font_finish */
	f->type0 = HPDF_Dict_New(pdf->mmgr);
	HPDF_Xref_Add(pdf->xref, f->type0);
	return f;
}

void pdf_font_free(pdf_font *f)
{
	if (!f)
		return;
	free(f->cids);
	free(f->slots);
	free(f->text);
	free(f->tmp);
	free(f->xs);
	free(f->order);
	free(f->late);
	free(f->near);
	free(f);
}

uint32_t pdf_font_glyph(pdf_font *f, uint32_t cp)
{
	hb_codepoint_t g = 0;
	if (!hb_font_get_nominal_glyph(f->fr->font, cp, &g))
		return 0;
	return g;
}

/* The advance as font.c measures it: truncated to a whole 1/1000 em. */
double pdf_font_advance(pdf_font *f, uint32_t gid)
{
	long adv = hb_font_get_glyph_h_advance(f->fr->font, gid);
	return (double)(int)(adv * 1000 / (long)f->fr->upem);
}

size_t pdf_font_cid_text(const pdf_font *f, uint32_t cid, uint32_t *out, size_t max)
{
	for (size_t i = 0; i < f->ncids; i++)
		if (f->cids[i].cid == cid) {
			size_t n = f->cids[i].tlen < max ? f->cids[i].tlen : max;
			memcpy(out, f->text + f->cids[i].toff, n * sizeof *out);
			return n;
		}
	return 0;
}

static void slots_grow(pdf_font *f)
{
	size_t n = f->nslots * 2;
	uint32_t *s = xcalloc(n, sizeof *s);
	for (size_t i = 0; i < f->nslots; i++) {
		if (!f->slots[i])
			continue;
		size_t h = (f->cids[f->slots[i] - 1].gid * 2654435761u) & (n - 1);
		while (s[h])
			h = (h + 1) & (n - 1);
		s[h] = f->slots[i];
	}
	free(f->slots);
	f->slots = s;
	f->nslots = n;
}

static uint32_t add_cid(pdf_font *f, uint32_t cid, uint32_t gid, const uint32_t *t, size_t tn, int32_t w)
{
	if (tn) {
		GROW(f->text, f->captext, f->ntext + tn);
		memcpy(f->text + f->ntext, t, tn * sizeof *t);
	}
	GROW(f->cids, f->capcids, f->ncids + 1);
	f->cids[f->ncids++] = (cidrec){cid, gid, (uint32_t)f->ntext, (uint32_t)tn, 0, w};
	f->ntext += tn;
	return (uint32_t)f->ncids; /* index + 1 */
}

/* The CID that draws glyph gid standing for text t[0..tn) (tn 0: no text of
 * its own, as a second glyph of a cluster: a CID with no ToUnicode entry),
 * of width *w in the W array (W_FONT: the font's; *w says which it is: not
 * always the one asked for in a CFF font, whose glyphs have one CID each). */
static uint32_t cid_for(pdf_font *f, uint32_t gid, const uint32_t *t, size_t tn, int32_t *w)
{
	size_t h = (gid * 2654435761u) & (f->nslots - 1);
	while (f->slots[h] && f->cids[f->slots[h] - 1].gid != gid)
		h = (h + 1) & (f->nslots - 1);
	if (!f->slots[h]) {
		uint32_t cid = f->fr->cids ? f->fr->cids[gid] : gid;
		f->slots[h] = add_cid(f, cid, gid, t, tn, *w);
		if (f->ncids * 2 > f->nslots)
			slots_grow(f);
		return cid;
	}
	/* a CID's text never changes once it is drawn: a glyph drawn first for
	 * no text and then for its own (Thai's SARA AA, drawn alone and as the
	 * second glyph of SARA AM) would give the first place a letter too */
	uint32_t i = f->slots[h], last = i;
	for (; i; last = i, i = f->cids[i - 1].next) {
		cidrec *c = &f->cids[i - 1];
		if (c->w == *w && c->tlen == tn && (tn == 0 || !memcmp(f->text + c->toff, t, tn * sizeof *t)))
			return c->cid;
	}
	/* no CID left, or a CFF font (a CIDFontType0 has no CIDToGIDMap):
	 * the glyph's first text stands */
	if (f->next_alias > 0xFFFF || f->fr->cff) {
		*w = f->cids[f->slots[h] - 1].w;
		return f->cids[f->slots[h] - 1].cid;
	}
	uint32_t cid = f->next_alias++;
	uint32_t k = add_cid(f, cid, gid, t, tn, *w);
	f->cids[last - 1].next = k;
	return cid;
}

static void put_num(buf *b, double v)
{
	long adj = lround(v * 1000.0); /* to 0.001 */
	char num[32], *q = num + sizeof num;
	*--q = 0;
	unsigned long u = (unsigned long)(adj < 0 ? -adj : adj);
	int d = 0;
	for (; d < 3 && u % 10 == 0; d++) /* no trailing zeros */
		u /= 10;
	bool frac = d < 3;
	for (; d < 3; d++, u /= 10)
		*--q = (char)('0' + u % 10);
	if (frac)
		*--q = '.';
	do
		*--q = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (adj < 0)
		*--q = '-';
	buf_puts(b, q);
}

void pdf_tj_move(buf *b, double thousandths)
{
	if (lround(thousandths * 1000.0) == 0)
		return;
	if (b->len && (isdigit((unsigned char)b->s[b->len - 1]) || b->s[b->len - 1] == '.'))
		buf_putc(b, ' '); /* after another number */
	put_num(b, -thousandths);
}

void pdf_font_select(pdf_font *f, HPDF_Page pg, double size)
{
	const char *name = HPDF_Page_GetLocalFontName(pg, (HPDF_Font)f->type0);
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	buf b = {0};
	buf_printf(&b, "/%s ", name ? name : "F0");
	put_num(&b, size);
	buf_puts(&b, " Tf\n");
	HPDF_Stream_WriteStr(attr->stream, buf_cstr(&b));
	buf_free(&b);
}

/* The end of the cluster glyph i draws: the nearest cluster start after
 * its own among its neighbours (either side, for right-to-left runs), or
 * the end of the text. */
static size_t cluster_end(const pdf_glyph *g, size_t n, size_t i, size_t len)
{
	uint32_t c = g[i].cluster;
	size_t end = len;
	size_t j = i + 1;
	while (j < n && g[j].cluster == c)
		j++;
	if (j < n && g[j].cluster > c && g[j].cluster < end)
		end = g[j].cluster;
	if (i > 0 && g[i - 1].cluster > c && g[i - 1].cluster < end)
		end = g[i - 1].cluster;
	return end;
}

/* Right to left (clusters of single characters, HarfBuzz's
 * HB_BUFFER_CLUSTER_LEVEL_CHARACTERS, not monotone): the end of glyph i's
 * cluster, the nearest cluster start after its own in the run. */
static size_t rtl_cluster_end(const pdf_glyph *g, size_t n, size_t i, size_t len)
{
	size_t end = len;
	for (size_t j = 0; j < n; j++)
		if (g[j].cluster > g[i].cluster && g[j].cluster < end)
			end = g[j].cluster;
	return end;
}

/* A mark drawn above or below its letter: no advance, a vertical offset. */
static bool raised_mark(const pdf_glyph *g)
{
	return g->advance == 0 && g->dy != 0;
}

/* Text longer than this per CID is cut (a bfchar string holds 512 bytes). */
#define CLUSTER_MAX 64

/* The letter right to left mark i goes with: the first glyph after it
 * (right of it in display order) that is not a raised or lowered mark;
 * n when none, or when that one has no advance. */
static size_t mark_letter(const pdf_glyph *g, size_t n, size_t i)
{
	size_t j = i + 1;
	while (j < n && raised_mark(&g[j]))
		j++;
	return j < n && g[j].advance != 0 ? j : n;
}

/* Appends to f->tmp[at..] at most most characters of text[s..te) (to
 * CLUSTER_MAX in all); returns the new length. */
static size_t put_chars(pdf_font *f, const char *text, size_t s, size_t te, size_t at, size_t most)
{
	for (size_t c = 0; s < te && at < CLUSTER_MAX && c < most; c++) {
		uint32_t cp;
		int l = utf8_decode(text + s, te - s, &cp);
		if (!l)
			break;
		f->tmp[at++] = cp;
		s += (size_t)l;
	}
	return at;
}

/* Left to right, a cluster's glyphs in the order they are drawn stand for
 * its characters in logical order, one each and the rest to the last: a
 * reader that joins the glyphs' texts in drawing order (every reader does,
 * left to right) gets the source text exactly, whatever the shaper
 * reordered inside the cluster (Devanagari's ि drawn before its consonant:
 * कि is [ि][क], the first glyph standing for क and the second for ि; a
 * reph drawn after the consonant it was written before). A glyph drawing
 * several characters (a ligature, a conjunct) is a cluster of one glyph and
 * stands for all of them. A glyph past the cluster's characters (a vowel
 * drawn as two glyphs) stands for none. */
static size_t ltr_glyph_text(pdf_font *f, const pdf_glyph *g, size_t n, size_t i, size_t c0, const char *text,
			     size_t len, size_t at)
{
	size_t ts = g[c0].cluster < len ? g[c0].cluster : len, te = cluster_end(g, n, c0, len);
	size_t k = 0; /* the cluster's glyphs */
	while (c0 + k < n && g[c0 + k].cluster == g[c0].cluster)
		k++;
	size_t j = i - c0, s = ts;
	for (size_t q = 0; q < j && s < te; q++) { /* skip the characters of the glyphs before */
		uint32_t cp;
		int l = utf8_decode(text + s, te - s, &cp);
		s += l ? (size_t)l : te - s;
	}
	return put_chars(f, text, s, te, at, j + 1 == k ? SIZE_MAX : 1);
}

/* Appends to f->tmp[at..] the text glyph i stands for, the characters of
 * its cluster when it is the glyph that carries them (its first glyph that
 * advances: the letter, not a mark HarfBuzz put before it, else its
 * first); returns the new length. */
static size_t glyph_text(pdf_font *f, const pdf_glyph *g, size_t n, size_t i, const char *text, size_t len,
			 bool rtl, size_t at)
{
	size_t c0 = i;
	while (c0 > 0 && g[c0 - 1].cluster == g[i].cluster)
		c0--;
	if (!rtl)
		return ltr_glyph_text(f, g, n, i, c0, text, len, at);
	size_t carrier = c0;
	while (carrier < n && g[carrier].cluster == g[i].cluster && g[carrier].advance == 0)
		carrier++;
	if (carrier >= n || g[carrier].cluster != g[i].cluster)
		carrier = c0;
	if (i != carrier)
		return at;
	size_t ts = g[c0].cluster < len ? g[c0].cluster : len;
	return put_chars(f, text, ts, rtl_cluster_end(g, n, c0, len), at, SIZE_MAX);
}

/* The width in the W array of a glyph drawn with no advance (pdf_font_show),
 * 1/1000 em. */
#define ZERO_W 1

/* Glyphs per string in a TJ array: readers may refuse long strings. */
#define STRING_GLYPHS 4096

/* Left to right, the last of the marks (glyphs of no advance) that follow
 * glyph i, when one of them is drawn less than a tenth of an em before
 * the glyph after it (a mark, or the next letter); else i. poppler takes a
 * character whose origin is within a tenth of an em of the one before for
 * a duplicate (a fake bold), and starts a new word at it: देश came out
 * "दे श", the e-sign drawn 0.055 em left of the next letter's origin. */
static size_t close_marks(const pdf_glyph *g, size_t n, const double *xs, const bool *late, size_t i)
{
	size_t m = i;
	bool close = false;
	while (m + 1 < n && g[m + 1].advance == 0 && g[m + 1].gid && !late[m + 1]) {
		m++;
		close |= m + 1 < n && xs[m + 1] + g[m + 1].dx - (xs[m] + g[m].dx) < 100;
	}
	return close ? m : i;
}

/* Left to right, the marks drawn late: all the marks (glyphs of no
 * advance) after a letter, when one of them is drawn more than MARK_FAR
 * before the next letter's origin (Devanagari's e-sign moved 0.22 em left
 * onto a wide consonant, के). MuPDF 1.21 puts a space where the pen moves
 * on that far after a character ("के वल"), and poppler -raw starts a line
 * where it moves back a fifth of an em ("क\nे"): each is drawn in an
 * empty ActualText, which poppler skips, and mapped to WORD JOINER as
 * right-to-left marks are, their text going with their letter's
 * (ltr_letter_text). They are drawn in place, right after their letter
 * (near), the last followed in its ActualText by a blank glyph of almost
 * no width mapped to WORD JOINER, whose advance in the font, which MuPDF
 * takes for a glyph's end whatever the W array says, reaches the next
 * letter (reach: that advance and a tenth of an em). Where it does not
 * (or the font, CFF, has no blank glyph of its own text), they are drawn
 * after the run's other glyphs, and MuPDF, which follows the pen back to
 * them, gives a line of WORD JOINERs after the run; at the run's end (a
 * space follows), they stay in place as other marks do. */
#define MARK_FAR 150
static void late_marks(const pdf_glyph *g, size_t n, const double *xs, double reach, bool *late, bool *near)
{
	for (size_t i = 0; i < n;) {
		size_t m = i;
		while (m + 1 < n && g[m + 1].advance == 0 && g[m + 1].gid)
			m++;
		/* where the next letter is, or the pen at the run's end */
		double next = m + 1 < n ? xs[m + 1] + g[m + 1].dx : xs[n];
		bool far = false;
		for (size_t j = i + 1; j <= m && g[i].advance != 0; j++)
			far |= xs[j] + g[j].dx < next - MARK_FAR;
		bool reached = far && next - (xs[m] + g[m].dx) < reach;
		for (size_t j = i + 1; j <= m && far && (reached || m + 1 < n); j++) {
			late[j] = true;
			near[j] = reached;
		}
		i = m + 1;
	}
}

/* Left to right, into f->tmp: the text glyph i stands for (ltr_glyph_text)
 * and, for a letter, that of the marks after it drawn late; its length. */
static size_t ltr_letter_text(pdf_font *f, const pdf_glyph *g, size_t n, size_t i, const char *text, size_t len)
{
	/* the common case: one glyph for one ASCII character */
	uint32_t c = g[i].cluster;
	if (c < len && (unsigned char)text[c] < 0x80 && (i == 0 || g[i - 1].cluster < c) &&
	    (i + 1 < n ? g[i + 1].cluster == c + 1 && !f->late[i + 1] : c + 1 == len)) {
		f->tmp[0] = (unsigned char)text[c];
		return 1;
	}
	size_t tn = glyph_text(f, g, n, i, text, len, false, 0);
	for (size_t q = i + 1; g[i].advance != 0 && q < n && f->late[q]; q++)
		tn = glyph_text(f, g, n, q, text, len, false, tn);
	return tn;
}

/* Left to right, the last of the glyphs after m that stand for no text of
 * their own and are not drawn late (the second glyph of a vowel drawn as
 * two: Thai's SARA AM as NIKHAHIT and SARA AA), else m. f->tmp is kept. A
 * letter's ActualText takes them in: poppler, which honours it, would
 * otherwise find a gap where such a glyph is ("ทำ งาน"). */
static size_t textless_after(pdf_font *f, const pdf_glyph *g, size_t n, size_t m, const char *text, size_t len)
{
	/* such a glyph is never a cluster's first (ltr_glyph_text): most
	 * letters are done at once */
	if (m + 1 >= n || g[m + 1].cluster != g[m].cluster)
		return m;
	uint32_t keep[CLUSTER_MAX];
	memcpy(keep, f->tmp, sizeof keep);
	while (m + 1 < n && g[m + 1].cluster == g[m].cluster && g[m + 1].gid && !f->late[m + 1] &&
	       ltr_letter_text(f, g, n, m + 1, text, len) == 0)
		m++;
	memcpy(f->tmp, keep, sizeof keep);
	return m;
}

/* The glyph of the space, which draws nothing; 0 when the font has none. */
static uint32_t blank_glyph(pdf_font *f)
{
	if (!f->blank)
		f->blank = pdf_font_glyph(f, ' ') + 1;
	return f->blank - 1;
}

/* Where the text t[0..tn) of a glyph that advances is cut for pdf.js: at
 * its first non-spacing mark after a letter (the virama of the half form
 * न्, the u-sign of the ligature हु); 0 when it holds none. pdf.js 3.11
 * takes a glyph whose text holds a non-spacing mark anywhere for a mark
 * of no width, and then finds a gap after it ("न् याय"): the mark and what
 * follows it go to an extra glyph of no width that draws nothing. */
static size_t mark_cut(const uint32_t *t, size_t tn)
{
	size_t k = 1;
	while (k < tn && t[k] < 0x0300) /* no mark below U+0300 */
		k++;
	if (k >= tn)
		return 0;
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	for (; k < tn; k++)
		if (hb_unicode_general_category(u, t[k]) == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK)
			return hb_unicode_general_category(u, t[0]) == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ? 0 : k;
	return 0;
}

/* Marked content giving what it holds the text utf8[0..n) (ActualText,
 * UTF-16BE): the one place that writes it, so that a structure tree can
 * nest it later. */
void pdf_actual_begin(buf *b, const char *utf8, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!n) {
		buf_puts(b, "/Span <</ActualText ()>> BDC\n");
		return;
	}
	buf_puts(b, "/Span <</ActualText <FEFF");
	unsigned char u[256];
	for (size_t i = 0; i < n;) { /* in pieces, cut at a character's start */
		size_t m = n - i < sizeof u / 2 ? n - i : sizeof u / 2;
		while (i + m < n && m > 1 && ((unsigned char)utf8[i + m] & 0xC0) == 0x80)
			m--;
		size_t k = utf8_to_utf16be(utf8 + i, m, u);
		for (size_t j = 0; j < k; j++) {
			buf_putc(b, hex[u[j] >> 4]);
			buf_putc(b, hex[u[j] & 15]);
		}
		i += m;
	}
	buf_puts(b, ">>> BDC\n");
}

void pdf_actual_end(buf *b)
{
	buf_puts(b, "EMC\n");
}

/* Closes the TJ array (and its string when open). */
static void close_tj(buf *b, bool *open)
{
	buf_puts(b, *open ? ">] TJ\n" : "] TJ\n");
	*open = false;
}

void pdf_font_show(pdf_font *f, buf *b, const pdf_glyph *g, size_t n, const char *text, size_t len,
		   double size, bool rtl)
{
	static const char hex[] = "0123456789ABCDEF";
	/* where each glyph's pen is, from the run's start, as layout measured */
	GROW(f->xs, f->capxs, n + 1);
	f->xs[0] = 0;
	for (size_t i = 0; i < n; i++)
		f->xs[i + 1] = f->xs[i] + g[i].advance;
	double pen = 0; /* where the PDF's pen is */
	bool open = false;
	size_t run = 0;
	/* Right to left, the glyphs are in display order, as every reader
	 * expects them: each puts a right-to-left line back in reading order
	 * itself (poppler by the glyphs' places, pdf.js each piece of text,
	 * MuPDF 1.21 not at all). A mark raised or lowered (GPOS mark-to-base,
	 * mark-to-mark) would be, for poppler, a line of its own that splits
	 * its line, and for pdf.js, whose pieces of text end at a change of
	 * baseline or at marked content, the end of a piece: so the marks are
	 * drawn after the run's other glyphs, each in an empty ActualText
	 * (poppler skips it) and mapped to WORD JOINER, U+2060, which pdf.js
	 * skips, while their text goes with their letter's, just right of
	 * them in display order (HarfBuzz puts a mark just left of its
	 * letter): the letter maps to itself and its marks. */
	GROW(f->order, f->caporder, n + 1);
	GROW(f->late, f->caplate, n + 1);
	GROW(f->near, f->capnear, n + 1);
	for (size_t i = 0; i < n; i++) {
		f->late[i] = rtl && raised_mark(&g[i]);
		f->near[i] = false;
	}
	for (size_t i = 0; !rtl && i < n; i++)
		if (g[i].advance == 0) { /* a mark: there may be some to draw late */
			late_marks(g, n, f->xs, f->fr->cff || !blank_glyph(f) ? 0 : pdf_font_advance(f, blank_glyph(f)) + 100,
				   f->late, f->near);
			break;
		}
	size_t no = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((f->late[i] && !f->near[i]) == (pass == 1))
				f->order[no++] = i;
	GROW(f->tmp, f->captmp, CLUSTER_MAX);
	size_t group_end = SIZE_MAX; /* left to right: the last glyph of a letter and marks in an ActualText */
	for (size_t k = 0; k < no; k++) {
		size_t i = f->order[k];
		bool hide = f->late[i];
		size_t m = i, cut = 0, tn = 0;
		if (!rtl && !hide) {
			tn = ltr_letter_text(f, g, n, i, text, len);
			if (g[i].advance != 0) {
				/* not in a CFF font, whose blank glyph has one CID, one text */
				if ((cut = mark_cut(f->tmp, tn)) && (f->fr->cff || !blank_glyph(f)))
					cut = 0;
				if (group_end == SIZE_MAX)
					m = textless_after(f, g, n, close_marks(g, n, f->xs, f->late, i), text, len);
			}
		}
		if (group_end == SIZE_MAX && (m > i || cut)) {
			/* a letter and its marks as one ActualText of their texts
			 * (the glyphs' own stay, for readers without it); a glyph
			 * cut for pdf.js too, so that poppler does not take its
			 * extra glyph, drawn at the next one's place, for a
			 * duplicate */
			uint32_t mine[CLUSTER_MAX];
			memcpy(mine, f->tmp, tn * sizeof *mine);
			buf at = {0};
			for (size_t c = 0; c < tn; c++)
				buf_put_utf8(&at, mine[c]);
			for (size_t q = i + 1; q <= m; q++) {
				size_t qn = f->late[q] ? 0 : ltr_letter_text(f, g, n, q, text, len);
				for (size_t c = 0; c < qn; c++)
					buf_put_utf8(&at, f->tmp[c]);
			}
			memcpy(f->tmp, mine, tn * sizeof *mine);
			close_tj(b, &open);
			pdf_actual_begin(b, at.s ? at.s : "", at.len);
			buf_putc(b, '[');
			buf_free(&at);
			group_end = m;
		}
		if (hide && (!rtl || mark_letter(g, n, i) < n)) {
			f->tmp[tn++] = 0x2060;
		} else if (!rtl) {
			/* its text: above */
		} else {
			tn = glyph_text(f, g, n, i, text, len, rtl, 0);
			for (size_t m = i; rtl && !hide && g[i].advance != 0 && m > 0 && raised_mark(&g[m - 1]); m--)
				tn = glyph_text(f, g, n, m - 1, text, len, rtl, tn);
			/* right to left, a glyph drawing several characters (a
			 * ligature, a letter and its marks) maps to them in display
			 * order, as the run's glyphs are: a reader reversing the
			 * run reverses them too */
			for (size_t a = 0, z = tn; rtl && a + 1 < z; a++, z--) {
				uint32_t t = f->tmp[a];
				f->tmp[a] = f->tmp[z - 1];
				f->tmp[z - 1] = t;
			}
		}
		/* a glyph standing for no text of its own maps to WORD JOINER, as
		 * a mark drawn late does: a reader without ActualText (MuPDF
		 * 1.21) gives U+FFFD for a CID without a ToUnicode entry */
		if (tn == 0)
			f->tmp[tn++] = 0x2060;
		uint32_t extra[CLUSTER_MAX];
		size_t extra_n = 0;
		if (cut && cut < tn) {
			extra_n = tn - cut;
			memcpy(extra, f->tmp + cut, extra_n * sizeof *extra);
			tn = cut;
		}
		if (f->near[i] && !(i + 1 < n && f->near[i + 1])) { /* the last mark late in place: late_marks */
			extra[0] = 0x2060;
			extra_n = 1;
		}
		/* right to left, a glyph the shaper gave no advance (the alef of
		 * a lam-alef drawn as two glyphs, left of the lam in display
		 * order, at the lam's place; its own advance may be none or
		 * not) is of almost no width, ZERO_W, not none: the
		 * pen then stays about where the next glyph is drawn, as a
		 * reader that follows the pen wants the glyphs of one word:
		 * pdf.js 3.11 cuts its text where the pen moves back by a fifth
		 * of an em ("ل ا"), and ignores a glyph of no width for the next
		 * glyph's move (a space before "لا" came out twice) */
		/* left to right, a mark the shaper gave no advance but the font
		 * a width is of almost no width too: pdf.js takes a mark's
		 * glyph for one of no width, and then found the next letter
		 * that far behind it ("हु ई") */
		int32_t w = g[i].advance == 0 && (rtl ? !hide : pdf_font_advance(f, g[i].gid) != 0) ? ZERO_W : W_FONT;
		uint32_t cid = cid_for(f, g[i].gid, f->tmp, tn, &w);
		double move = f->xs[i] + g[i].dx - pen;
		if (lround(move * 1000.0) != 0) {
			if (open)
				buf_putc(b, '>');
			open = false;
			pdf_tj_move(b, move);
		}
		if (hide) {
			close_tj(b, &open);
			pdf_actual_begin(b, "", 0);
			buf_putc(b, '[');
		}
		if (g[i].dy != f->rise) { /* a vertical offset: text rise, outside the array */
			close_tj(b, &open);
			put_num(b, g[i].dy * size / 1000.0);
			buf_puts(b, " Ts\n[");
			f->rise = g[i].dy;
		}
		if (!open || ++run > STRING_GLYPHS) {
			buf_puts(b, open ? "><" : "<");
			open = true;
			run = 0;
		}
		char h[4] = {hex[(cid >> 12) & 15], hex[(cid >> 8) & 15], hex[(cid >> 4) & 15], hex[cid & 15]};
		buf_put(b, h, 4);
		pen = f->xs[i] + g[i].dx + (w == W_FONT ? pdf_font_advance(f, g[i].gid) : w);
		if (extra_n) { /* the rest of its text: a blank glyph of almost no width */
			uint32_t sp = blank_glyph(f);
			int32_t z = ZERO_W;
			uint32_t ec = cid_for(f, sp, extra, extra_n, &z);
			char e[4] = {hex[(ec >> 12) & 15], hex[(ec >> 8) & 15], hex[(ec >> 4) & 15], hex[ec & 15]};
			buf_put(b, e, 4);
			run++;
			pen += z == W_FONT ? pdf_font_advance(f, sp) : z;
		}
		if (hide || i == group_end) {
			close_tj(b, &open);
			pdf_actual_end(b);
			buf_putc(b, '[');
			group_end = SIZE_MAX;
		}
	}
	if (open)
		buf_putc(b, '>');
	pdf_tj_move(b, f->xs[n] - pen);
	if (f->rise != 0) {
		buf_puts(b, "] TJ\n0 Ts\n[");
		f->rise = 0;
	}
}

void pdf_font_space(pdf_font *f, buf *b, uint32_t gid, double size)
{
	if (f->rise == 0 && f->space_gid == gid + 1) {
		buf_put(b, f->space_tj, f->space_len);
		return;
	}
	pdf_glyph g = {gid, pdf_font_advance(f, gid), 0, 0, 0};
	bool flat = f->rise == 0;
	size_t at = b->len;
	pdf_font_show(f, b, &g, 1, " ", 1, size, false);
	/* the same glyph, text and pen give the same CID and bytes */
	if (flat && f->rise == 0 && b->len - at <= sizeof f->space_tj) {
		memcpy(f->space_tj, b->s + at, b->len - at);
		f->space_len = b->len - at;
		f->space_gid = gid + 1;
	}
}

/* ---- writing the font at the end ---- */

static int by_cid(const void *a, const void *b)
{
	uint32_t x = ((const cidrec *)a)->cid, y = ((const cidrec *)b)->cid;
	return x < y ? -1 : x > y;
}

static HPDF_Dict new_stream(HPDF_Doc pdf)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return s;
}

/* The subset: the glyphs drawn (and .notdef), IDs kept, no hinting (PDF
 * viewers draw unhinted), no layout tables (the glyphs are chosen). */
static hb_blob_t *make_subset(const face_rec *fr, const uint32_t *gids, size_t ngids, char *why, size_t wn)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in) {
		snprintf(why, wn, "out of memory making the subset");
		return NULL;
	}
	hb_set_t *gs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < ngids; i++)
		hb_set_add(gs, gids[i]);
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('C', 'O', 'L', 'R'),
		HB_TAG('C', 'P', 'A', 'L'), HB_TAG('S', 'V', 'G', ' '), HB_TAG('C', 'B', 'D', 'T'),
		HB_TAG('C', 'B', 'L', 'C'), HB_TAG('s', 'b', 'i', 'x'), HB_TAG('E', 'B', 'D', 'T'),
		HB_TAG('E', 'B', 'L', 'C'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'),
		HB_TAG('V', 'D', 'M', 'X'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('P', 'C', 'L', 'T'),
		HB_TAG('S', 'T', 'A', 'T'), HB_TAG('m', 'e', 't', 'a'),
	};
	hb_set_t *ds = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
		hb_set_add(ds, drop[i]);
	/* a CID-keyed CFF keeps each glyph's CID in its charset, so its glyphs
	 * may be renumbered (retaining the IDs of a CJK font would write an
	 * entry for each of its 65,535 glyphs) */
	unsigned flags = HB_SUBSET_FLAGS_NO_HINTING;
	if (!fr->cids)
		flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
	hb_subset_input_set_flags(in, flags);
	hb_face_t *sub = hb_subset_or_fail(fr->subface ? fr->subface : fr->face, in);
	hb_subset_input_destroy(in);
	if (!sub) {
		snprintf(why, wn, "HarfBuzz could not make a subset of it");
		return NULL;
	}
	hb_blob_t *blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	if (hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		snprintf(why, wn, "HarfBuzz made an empty subset of it");
		return NULL;
	}
	return blob;
}


/* ---- finished subsets, kept for the process ----
 *
 * A subset's font file, deflated, is a function of the face (its file as
 * now on disk: a face_rec is never freed, and a changed file is a new
 * one), whether the face was prepared (pdf_font_prepare) and the set of
 * glyphs kept: nothing else goes into make_subset. Dossiers built by one
 * process (a batch worker) mostly draw the same glyphs, so the subset and
 * its deflate, about a quarter of a small dossier's instructions, are
 * made once. The bytes are those made without the cache: a hit gives the
 * very bytes a miss deflated. Bounded: past SUBSETS_MAX entries or
 * SUBSETS_BYTES, the least recently used go. */
#define SUBSETS_MAX 64
#define SUBSETS_BYTES ((size_t)16 << 20)

typedef struct {
	const face_rec *fr;
	bool prepared;
	uint64_t hash;
	uint32_t *gids; /* ascending, .notdef (0) first */
	size_t ngids;
	unsigned char *z; /* the font file deflated */
	size_t zlen;
	unsigned rawlen;  /* its length before (/Length1) */
	uint64_t used;    /* when last used: a count of lookups */
} subset_rec;

static subset_rec subsets[SUBSETS_MAX];
static size_t nsubsets, subsets_bytes;
static uint64_t subsets_clock;
static size_t subsets_hits; /* for tests */
static bool subsets_registered;

static size_t subset_size(const subset_rec *s)
{
	return s->zlen + s->ngids * sizeof *s->gids;
}

static void subset_drop(size_t i)
{
	subsets_bytes -= subset_size(&subsets[i]);
	free(subsets[i].gids);
	free(subsets[i].z);
	subsets[i] = subsets[--nsubsets];
}

static void subsets_free(void)
{
	while (nsubsets)
		subset_drop(nsubsets - 1);
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The glyphs the subset keeps: .notdef and every glyph drawn, ascending,
 * once each, in a new array of *n. */
static uint32_t *glyph_set(const pdf_font *f, size_t *n)
{
	uint32_t *g = xmalloc((f->ncids + 1) * sizeof *g);
	g[0] = 0;
	for (size_t i = 0; i < f->ncids; i++)
		g[i + 1] = f->cids[i].gid;
	qsort(g, f->ncids + 1, sizeof *g, by_u32);
	size_t k = 1;
	for (size_t i = 1; i < f->ncids + 1; i++)
		if (g[i] != g[k - 1])
			g[k++] = g[i];
	*n = k;
	return g;
}

static uint64_t glyphs_hash(const uint32_t *g, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ g[i]) * 1099511628211ull;
	return h;
}

/* The font's subset, deflated: from the cache, or made and kept (the
 * entry returned stays valid until the next call); NULL with why when
 * HarfBuzz or zlib fail. *tmp is set when the entry is the caller's to
 * free (subset_free_tmp): too large to keep. */
static const subset_rec *finished_subset(const pdf_font *f, bool *tmp, char *why, size_t wn)
{
	const face_rec *fr = f->fr;
	size_t ng;
	uint32_t *g = glyph_set(f, &ng);
	uint64_t h = glyphs_hash(g, ng);
	bool prepared = fr->subface != NULL;
	*tmp = false;
	subsets_clock++;
	for (size_t i = 0; i < nsubsets; i++) {
		subset_rec *s = &subsets[i];
		if (s->fr == fr && s->prepared == prepared && s->hash == h && s->ngids == ng &&
		    !memcmp(s->gids, g, ng * sizeof *g)) {
			free(g);
			s->used = subsets_clock;
			subsets_hits++;
			return s;
		}
	}
	hb_blob_t *sub = make_subset(fr, g, ng, why, wn);
	if (!sub) {
		free(g);
		return NULL;
	}
	subset_rec r = {.fr = fr, .prepared = prepared, .hash = h, .gids = g, .ngids = ng, .used = subsets_clock};
	const char *data;
	unsigned len = 0;
	hb_blob_t *cff = NULL;
	if (fr->cff) { /* the subset's bare CFF table */
		hb_face_t *sf = hb_face_create(sub, 0);
		cff = hb_face_reference_table(sf, HB_TAG('C', 'F', 'F', ' '));
		hb_face_destroy(sf);
		data = hb_blob_get_data(cff, &len);
	} else {
		data = hb_blob_get_data(sub, &len);
	}
	bool zipped = len > 0 && pdf_zip(data, len, PDF_ZIP_LEVEL, &r.z, &r.zlen);
	r.rawlen = len;
	hb_blob_destroy(cff);
	hb_blob_destroy(sub);
	if (!zipped) {
		snprintf(why, wn, len ? "out of memory compressing the subset" : "HarfBuzz made an empty subset of it");
		free(g);
		return NULL;
	}
	if (subset_size(&r) > SUBSETS_BYTES / 4) {
		subset_rec *t = xmalloc(sizeof *t);
		*t = r;
		*tmp = true;
		return t;
	}
	if (!subsets_registered) {
		atexit(subsets_free);
		subsets_registered = true;
	}
	while (nsubsets && (nsubsets == SUBSETS_MAX || subsets_bytes + subset_size(&r) > SUBSETS_BYTES)) {
		size_t old = 0;
		for (size_t i = 1; i < nsubsets; i++)
			if (subsets[i].used < subsets[old].used)
				old = i;
		subset_drop(old);
	}
	subsets[nsubsets] = r;
	subsets_bytes += subset_size(&r);
	return &subsets[nsubsets++];
}

static void subset_free_tmp(const subset_rec *s)
{
	free(s->gids);
	free(s->z);
	free((subset_rec *)s);
}

void pdf_font_subsets_clear(void)
{
	subsets_free();
}

size_t pdf_font_subsets_kept(size_t *hits)
{
	if (hits)
		*hits = subsets_hits;
	return nsubsets;
}

/* Six capitals naming the subset, from its glyphs: the same glyphs of the
 * same font give the same tag, so output stays reproducible. */
static void subset_tag(const pdf_font *f, char tag[8])
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = f->fr->psname; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (size_t i = 0; i < f->ncids; i++)
		h = (h ^ f->cids[i].cid ^ (uint64_t)f->cids[i].gid << 20) * 1099511628211ull;
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '+';
	tag[7] = 0;
}

/* /W: [first [w w …] first [w …] …]; CIDs a few apart share a list (the
 * gaps get 0: never drawn), so the array stays short. */
static HPDF_Array widths(pdf_font *f)
{
	HPDF_MMgr mm = f->pdf->mmgr;
	HPDF_Array w = HPDF_Array_New(mm);
	HPDF_Array list = NULL;
	uint32_t next = 0;
	size_t inlist = 0;
	for (size_t i = 0; i < f->ncids; i++) {
		const cidrec *c = &f->cids[i];
		if (list && c->cid >= next && c->cid - next <= 4 && inlist < 8000) {
			for (; next < c->cid; next++, inlist++)
				HPDF_Array_AddNumber(list, 0);
		} else {
			HPDF_Array_AddNumber(w, (HPDF_INT32)c->cid);
			list = HPDF_Array_New(mm);
			HPDF_Array_Add(w, list);
			inlist = 0;
		}
		HPDF_Array_AddNumber(list, c->w == W_FONT ? (HPDF_INT32)pdf_font_advance(f, c->gid) : c->w);
		next = c->cid + 1;
		inlist++;
	}
	return w;
}

/* Stream s (new_stream) holds data[0..n), deflated here. */
static void put_zipped(HPDF_Dict s, const void *data, size_t n)
{
	unsigned char *z;
	size_t zn;
	if (pdf_zip(data, n, PDF_ZIP_LEVEL, &z, &zn)) {
		pdf_zip_put(s, z, zn);
		free(z);
	} else { /* libharu deflates it */
		HPDF_Stream_Write(s->stream, (const HPDF_BYTE *)data, (HPDF_UINT)n);
	}
}

static void put_utf16(buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
	} else {
		buf_printf(b, "%04X", cp);
	}
}

static void to_unicode(pdf_font *f, HPDF_Dict s)
{
	buf b = {0};
	buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	size_t with_text = 0;
	for (size_t i = 0; i < f->ncids; i++)
		with_text += f->cids[i].tlen > 0;
	size_t done = 0;
	for (size_t i = 0; i < f->ncids; i++) {
		const cidrec *c = &f->cids[i];
		if (!c->tlen)
			continue;
		if (done % 100 == 0) {
			size_t left = with_text - done;
			buf_printf(&b, "%zu beginbfchar\n", left < 100 ? left : 100);
		}
		buf_printf(&b, "<%04X> <", c->cid);
		for (uint32_t k = 0; k < c->tlen; k++)
			put_utf16(&b, f->text[c->toff + k]);
		buf_puts(&b, ">\n");
		if (++done % 100 == 0 || done == with_text)
			buf_puts(&b, "endbfchar\n");
	}
	buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	put_zipped(s, b.s, b.len);
	buf_free(&b);
}

bool pdf_font_finish(pdf_font *f, char *why, size_t wn)
{
	HPDF_Doc pdf = f->pdf;
	HPDF_MMgr mm = pdf->mmgr;
	const face_rec *fr = f->fr;
	qsort(f->cids, f->ncids, sizeof *f->cids, by_cid); /* the slots are not used after this */
	bool tmp;
	const subset_rec *sr = finished_subset(f, &tmp, why, wn);
	if (!sr)
		return false;
	HPDF_Dict file = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (fr->cff)
		HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
	else
		HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)sr->rawlen);
	pdf_zip_put(file, sr->z, sr->zlen);
	if (tmp)
		subset_free_tmp(sr);

	char name[8 + sizeof fr->psname];
	subset_tag(f, name);
	strcat(name, fr->psname);

	HPDF_Dict desc = HPDF_Dict_New(mm);
	HPDF_Xref_Add(pdf->xref, desc);
	HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	HPDF_Dict_AddName(desc, "FontName", name);
	HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)fr->flags);
	HPDF_Array bbox = HPDF_Array_New(mm);
	HPDF_Dict_Add(desc, "FontBBox", bbox);
	for (int i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bbox, fr->bbox[i]);
	HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)fr->italic);
	HPDF_Dict_AddNumber(desc, "Ascent", fr->ascent);
	HPDF_Dict_AddNumber(desc, "Descent", fr->descent);
	HPDF_Dict_AddNumber(desc, "CapHeight", fr->cap_height);
	HPDF_Dict_AddNumber(desc, "StemV", fr->stemv);
	HPDF_Dict_Add(desc, fr->cff ? "FontFile3" : "FontFile2", file);

	HPDF_Dict cid = HPDF_Dict_New(mm);
	HPDF_Xref_Add(pdf->xref, cid);
	HPDF_Dict_AddName(cid, "Type", "Font");
	HPDF_Dict_AddName(cid, "Subtype", fr->cff ? "CIDFontType0" : "CIDFontType2");
	HPDF_Dict_AddName(cid, "BaseFont", name);
	HPDF_Dict info = HPDF_Dict_New(mm);
	HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	HPDF_Dict_Add(cid, "FontDescriptor", desc);
	HPDF_Dict_Add(cid, "W", widths(f));
	if (fr->cff) {
		/* no CIDToGIDMap: a CID-keyed CFF maps CIDs itself; a name-keyed
		 * one is drawn with CID = glyph ID */
	} else if (f->next_alias == fr->nglyphs) {
		HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	} else { /* glyphs drawn for several texts have CIDs of their own */
		HPDF_Dict map = new_stream(pdf);
		size_t n = f->next_alias;
		unsigned char *m = xmalloc(2 * n);
		for (size_t c = 0; c < fr->nglyphs; c++)
			m[2 * c] = (unsigned char)(c >> 8), m[2 * c + 1] = (unsigned char)c;
		for (size_t i = 0; i < f->ncids; i++) {
			const cidrec *c = &f->cids[i];
			if (c->cid >= fr->nglyphs)
				m[2 * c->cid] = (unsigned char)(c->gid >> 8), m[2 * c->cid + 1] = (unsigned char)c->gid;
		}
		put_zipped(map, m, 2 * n);
		free(m);
		HPDF_Dict_Add(cid, "CIDToGIDMap", map);
	}

	HPDF_Dict uni = new_stream(pdf);
	to_unicode(f, uni);

	HPDF_Dict t0 = f->type0;
	HPDF_Dict_AddName(t0, "Type", "Font");
	HPDF_Dict_AddName(t0, "Subtype", "Type0");
	HPDF_Dict_AddName(t0, "BaseFont", name);
	HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
	HPDF_Array desc_fonts = HPDF_Array_New(mm);
	HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts);
	HPDF_Array_Add(desc_fonts, cid);
	HPDF_Dict_Add(t0, "ToUnicode", uni);
	return true;
}
