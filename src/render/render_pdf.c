/* render_pdf.c — paint laid-out pages with libharu 2.3.0.
 *
 * libharu reports errors through a handler; we jump out of the whole build
 * on the first one (setjmp here is the only one in the program), since after
 * an error every document-level call fails anyway (shared/LIBHARU.md Q8).
 * Locals changed between setjmp and longjmp are volatile.
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <hpdf.h>
#include <hpdf_version.h>
#include <hpdf_pages.h> /* the page's content stream, for TJ */
#include <hpdf_streams.h>
#include <hpdf_objects.h> /* the page boxes (TrimBox, BleedBox) */
#include <hpdf_encrypt.h>
#include <hpdf_encryptdict.h>
#include <sys/random.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The page's content stream, the catalog, the trailer and the encryption
 * state are reached through libharu's internal headers, whose layout is
 * that of 2.3.0. */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "render_pdf.c reaches into libharu 2.3.0's internal structures; check them against this version"
#endif

#include "bounds.h"
#include "facecache.h"
#include "langmark.h"
#include "output.h"
#include "pdf_font.h"
#include "pdf_zip.h"
#include "pdf_pack.h"
#include "pdf_tags.h"

typedef struct {
	jmp_buf jb;
	HPDF_STATUS error, detail;
	bool timed_out; /* the time limit passed between pages */
	bool write_failed; /* msg says why */
	char msg[512];
} hctx;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	hctx *h = user;
	h->error = error;
	h->detail = detail;
	longjmp(h->jb, 1);
}

/* ---- colour: every fill and stroke of a page goes through set_colour ----
 *
 * The print profile (docs/print.md) says how a colour is written: screen
 * and office as DeviceRGB (rg/RG; sRGB values), press as DeviceCMYK (k/K).
 * Under office and press, text in a near-black grey (the body's #1A1A1A)
 * is written as pure black: 0 0 0 rg, or 0 0 0 1 k, one ink on a press.
 * Charts reach here as paths (render_chart.c draws them with cairo into
 * items), so they are converted too; images keep their RGB samples. */

/* RGB to CMYK with full grey replacement: a neutral grey is black ink only.
 * Components in 0..1, rounded to 1/1000 so a neutral gives exactly 0 0 0 k. */
void render_cmyk(uint32_t c, double cmyk[4])
{
	double r = ((c >> 16) & 255) / 255.0, g = ((c >> 8) & 255) / 255.0, b = (c & 255) / 255.0;
	double mx = fmax(r, fmax(g, b));
	double k = 1 - mx;
	cmyk[3] = k;
	cmyk[0] = cmyk[1] = cmyk[2] = 0;
	if (mx > 0) {
		cmyk[0] = (mx - r) / mx;
		cmyk[1] = (mx - g) / mx;
		cmyk[2] = (mx - b) / mx;
	}
	for (int i = 0; i < 4; i++)
		cmyk[i] = round(cmyk[i] * 1000) / 1000;
}

/* Whether text in colour c prints as pure black: a neutral grey darker
 * than 25% (#404040), as body text and headings in INK are. */
bool render_is_ink(uint32_t c)
{
	int r = (int)((c >> 16) & 255), g = (int)((c >> 8) & 255), b = (int)(c & 255);
	int mx = r > g ? (r > b ? r : b) : (g > b ? g : b), mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
	return mx <= 0x40 && mx - mn <= 0x10;
}

enum { PAINT_FILL, PAINT_STROKE, PAINT_TEXT };

static void set_colour(int profile, HPDF_Page pg, int what, uint32_t c)
{
	if (what == PAINT_TEXT && profile != PRINT_SCREEN && render_is_ink(c))
		c = 0;
	if (profile == PRINT_PRESS) {
		double k[4];
		render_cmyk(c, k);
		if (what == PAINT_STROKE)
			HPDF_Page_SetCMYKStroke(pg, (HPDF_REAL)k[0], (HPDF_REAL)k[1], (HPDF_REAL)k[2], (HPDF_REAL)k[3]);
		else
			HPDF_Page_SetCMYKFill(pg, (HPDF_REAL)k[0], (HPDF_REAL)k[1], (HPDF_REAL)k[2], (HPDF_REAL)k[3]);
		return;
	}
	HPDF_REAL r = ((c >> 16) & 255) / 255.0f, g = ((c >> 8) & 255) / 255.0f, b = (c & 255) / 255.0f;
	if (what == PAINT_STROKE)
		HPDF_Page_SetRGBStroke(pg, r, g, b);
	else
		HPDF_Page_SetRGBFill(pg, r, g, b);
}

/* One HPDF_Image per model image, loaded on first use. */
typedef struct {
	const image *img;
	HPDF_Image h;
} imgslot;

typedef struct {
	imgslot *s;
	size_t n, cap;
} imgcache;

static HPDF_Image get_image(HPDF_Doc pdf, imgcache *ic, const image *im)
{
	for (size_t i = 0; i < ic->n; i++)
		if (ic->s[i].img == im)
			return ic->s[i].h;
	HPDF_Image h;
	if (im->is_jpeg) {
		h = HPDF_LoadJpegImageFromMem(pdf, im->jpeg, (HPDF_UINT)im->jpeg_len);
	} else {
		h = HPDF_LoadRawImageFromMem(pdf, im->rgb, (HPDF_UINT)im->width, (HPDF_UINT)im->height,
					     HPDF_CS_DEVICE_RGB, 8);
		if (h && im->alpha) {
			HPDF_Image m = HPDF_LoadRawImageFromMem(pdf, im->alpha, (HPDF_UINT)im->width,
								(HPDF_UINT)im->height, HPDF_CS_DEVICE_GRAY, 8);
			if (m)
				HPDF_Image_AddSMask(h, m);
		}
	}
	GROW(ic->s, ic->cap, ic->n + 1);
	ic->s[ic->n++] = (imgslot){im, h};
	return h;
}

static HPDF_Date pdf_date(const doc *d)
{
	HPDF_Date dt = {2000, 1, 1, 0, 0, 0, 'Z', 0, 0};
	long long t;
	if (source_date_epoch(&t, false) > 0) { /* refused before the build when malformed */
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		dt.year = tm.tm_year + 1900;
		dt.month = tm.tm_mon + 1;
		dt.day = tm.tm_mday;
		dt.hour = tm.tm_hour;
		dt.minutes = tm.tm_min;
		dt.seconds = tm.tm_sec;
		return dt;
	}
	int y, m, dd;
	if (d->meta.date && sscanf(d->meta.date, "%d-%d-%d", &y, &m, &dd) == 3) {
		dt.year = y;
		dt.month = m;
		dt.day = dd;
	}
	return dt;
}

/* Opacity through an ExtGState, one per 5% step, made on first use. */
typedef struct {
	HPDF_Doc pdf;
	HPDF_ExtGState alpha[21];
	HPDF_ExtGState stroke_alpha[21]; /* the same for strokes */
	fontset *fs;     /* kerning of the text drawn */
	const layout *L; /* its languages (item.shape_lang) */
	const char *dlang; /* the document's language (shape_lang 0) */
	pdf_font *fonts[FONT_SLOTS * 4]; /* by face; faces of one file share one */
	pdf_glyph *glyphs; /* the glyphs of the text being drawn */
	size_t capglyphs;
	pdf_glyph *line;   /* a right-to-left run's glyphs, all its words */
	size_t capline;
	pdf_tags *tags;  /* the structure tree, or NULL: untagged */
	int profile;     /* PRINT_*: how colours are written (set_colour) */
	double shift;    /* press: the trim's offset in the page (bleed, marks) */
} rctx;

/* Marked content for item it (pdf_tags.h), written into the page's
 * content stream before the item is painted. */
static void tag_begin(rctx *r, HPDF_Page pg, const item *it)
{
	if (!r->tags)
		return;
	buf b = {0};
	pdf_tags_begin(r->tags, &b, it);
	if (b.len)
		HPDF_Stream_WriteStr(((HPDF_PageAttr)pg->attr)->stream, buf_cstr(&b));
	buf_free(&b);
}

static void tag_end(rctx *r, HPDF_Page pg)
{
	if (!r->tags)
		return;
	buf b = {0};
	pdf_tags_end(r->tags, &b);
	if (b.len)
		HPDF_Stream_WriteStr(((HPDF_PageAttr)pg->attr)->stream, buf_cstr(&b));
	buf_free(&b);
}

static void set_alpha(rctx *r, HPDF_Page pg, double alpha)
{
	int k = (int)(alpha * 20 + 0.5);
	if (k < 0)
		k = 0;
	if (k > 20)
		k = 20;
	if (!r->alpha[k]) {
		r->alpha[k] = HPDF_CreateExtGState(r->pdf);
		HPDF_ExtGState_SetAlphaFill(r->alpha[k], (HPDF_REAL)(k / 20.0));
	}
	HPDF_Page_SetExtGState(pg, r->alpha[k]);
}

static void set_stroke_alpha(rctx *r, HPDF_Page pg, double alpha)
{
	int k = (int)(alpha * 20 + 0.5);
	if (k < 0)
		k = 0;
	if (k > 20)
		k = 20;
	if (!r->stroke_alpha[k]) {
		r->stroke_alpha[k] = HPDF_CreateExtGState(r->pdf);
		HPDF_ExtGState_SetAlphaStroke(r->stroke_alpha[k], (HPDF_REAL)(k / 20.0));
	}
	HPDF_Page_SetExtGState(pg, r->stroke_alpha[k]);
}

static bool build_path(HPDF_Page pg, const double *p, size_t n);

static void paint_path(rctx *r, HPDF_Page pg, const item *it)
{
	bool stroke = it->lw > 0;
	if (!it->fill && !stroke)
		return;
	bool translucent = it->alpha > 0 && it->alpha < 1;
	if (translucent) {
		HPDF_Page_GSave(pg);
		if (it->fill)
			set_alpha(r, pg, it->alpha);
		else
			set_stroke_alpha(r, pg, it->alpha);
	}
	if (it->fill)
		set_colour(r->profile, pg, PAINT_FILL, it->color);
	if (stroke) {
		set_colour(r->profile, pg, PAINT_STROKE, it->stroke);
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)it->lw);
		static const HPDF_UINT16 dashed[] = {4, 2}, dotted[] = {1, 2};
		if (it->dash == 1)
			HPDF_Page_SetDash(pg, dashed, 2, 0);
		else if (it->dash == 2)
			HPDF_Page_SetDash(pg, dotted, 2, 0);
	}
	bool open = build_path(pg, it->path, it->npath);
	if (open) {
		if (it->fill && stroke)
			HPDF_Page_FillStroke(pg);
		else if (it->fill)
			HPDF_Page_Fill(pg);
		else
			HPDF_Page_Stroke(pg);
	}
	if (stroke && it->dash)
		HPDF_Page_SetDash(pg, NULL, 0, 0);
	if (translucent)
		HPDF_Page_GRestore(pg);
}

/* The path of an item as the current PDF path; false when it has none. */
static bool build_path(HPDF_Page pg, const double *p, size_t n)
{
	size_t i = 0;
	bool open = false;
	while (i < n) {
		int op = (int)p[i];
		if (op == PATH_MOVE && i + 2 < n) {
			HPDF_Page_MoveTo(pg, (HPDF_REAL)p[i + 1], (HPDF_REAL)p[i + 2]);
			open = true;
			i += 3;
		} else if (op == PATH_LINE && i + 2 < n && open) {
			HPDF_Page_LineTo(pg, (HPDF_REAL)p[i + 1], (HPDF_REAL)p[i + 2]);
			i += 3;
		} else if (op == PATH_CURVE && i + 6 < n && open) {
			HPDF_Page_CurveTo(pg, (HPDF_REAL)p[i + 1], (HPDF_REAL)p[i + 2], (HPDF_REAL)p[i + 3],
					  (HPDF_REAL)p[i + 4], (HPDF_REAL)p[i + 5], (HPDF_REAL)p[i + 6]);
			i += 7;
		} else if (op == PATH_CLOSE && open) {
			HPDF_Page_ClosePath(pg);
			i += 1;
		} else {
			break; /* malformed: stop, keep what was built */
		}
	}
	return open;
}

/* Text goes out as glyphs, written by hand into the page's content stream
 * in the fonts of pdf_font.c (libharu draws no text of ours):
 *
 * - each run of items on one baseline in one font, size and colour is one
 *   TJ array placed by a text matrix: "1 0 0 1 x y Tm [<0041>80<0056>] TJ";
 * - kerning: libharu has none; the glyph of a character whose pair kerns
 *   (font_shape) advances by its width plus the kern, which pdf_font_show
 *   writes as a number in the array, in thousandths of the size;
 * - justified lines: the words follow one another with widened spaces, and
 *   Tw does nothing with these fonts, so the space before each word is a
 *   number in the array too.
 *
 * Layout measured every text with the same widths and kerns (font_width),
 * so an item ends exactly at x + w. An item of no width (an Arabic vowel
 * mark centred over its letter, layout.c) joins the run, moving back. */

/* The glyphs of text in font f as layout measured them: shaped by
 * font_shape (the same cached glyphs, advances and offsets); a character
 * the font lacks is .notdef, so that it is still in the extracted text
 * (the subset's .notdef has no outline: hb-subset drops it), as wide as
 * layout measured it: width, the item's width in 1/1000 of its size, less
 * the others. */
static size_t text_glyphs(rctx *r, const item *it, const char *text, size_t n, bool rtl, double width)
{
	const font_glyph *g;
	int font = it->font;
	bool was = font_ligatures(r->fs, it->liga);
	/* in the language layout measured it in (kept: the next item is
	 * most often in the same) */
	font_language(r->fs, it->shape_lang && it->shape_lang <= r->L->nlangs ? r->L->langs[it->shape_lang - 1]
										 : r->dlang);
	size_t k = font_shape(r->fs, font, text, n, rtl, &g);
	font_ligatures(r->fs, was);
	GROW(r->glyphs, r->capglyphs, k + 1);
	for (size_t i = 0; i < k; i++)
		r->glyphs[i] = (pdf_glyph){g[i].gid, g[i].advance, g[i].dx, g[i].dy, g[i].cluster};
	/* a justified line without spaces, spread between its clusters
	 * (item.track): the letter before each such place advances further,
	 * its marks kept where they were drawn */
	if (it->track > 0) {
		double t = it->track * 1000.0 / it->size;
		for (size_t i = 0, base = 0; i + 1 < k; i++) {
			if (g[i].advance != 0)
				base = i;
			if (!font_track_after(text, n, g, k, i))
				continue;
			r->glyphs[base].advance += t;
			for (size_t m = base + 1; m <= i; m++)
				r->glyphs[m].dx -= t;
		}
	}
	/* layout may have measured a character this font lacks in another
	 * font (a space inside a CJK word): the item's width says how wide */
	double sum = 0;
	size_t missing = 0;
	for (size_t i = 0; i < k; i++) {
		sum += r->glyphs[i].advance;
		missing += r->glyphs[i].gid == 0;
	}
	if (missing && width - sum > 0.0005)
		for (size_t i = 0; i < k; i++)
			if (r->glyphs[i].gid == 0)
				r->glyphs[i].advance = (width - sum) / (double)missing;
	return k;
}

static void put_coord(buf *b, double v)
{
	buf_printf(b, "%.5f", fabs(v) < 0.000005 ? 0.0 : v);
	while (b->s[b->len - 1] == '0')
		b->len--;
	if (b->s[b->len - 1] == '.')
		b->len--;
}

/* Shows item i and the items that continue it on its baseline; returns
 * the index of the last item written. */
/* The text extraction takes for item it when not its text: the whole word
 * of a part broken by a hyphen; NULL when its text. A right-to-left item
 * has none: its glyphs, in display order, map to their logical clusters
 * (ToUnicode) and poppler puts them back in reading order, while an
 * ActualText on it was measured to come out reversed (poppler 22.12 lays
 * the ActualText's characters over the run from the left, then reorders
 * the right-to-left line). */
static const char *actual_text(const item *it)
{
	return it->actual;
}

/* Tagged PDF: the spaces between words are glyphs, so that the text of
 * the structure tree reads as words (layout places words apart, and a gap
 * is no character). A gap is a word space when wider than SPACE_MIN of the
 * size (the stretch between two ideographs is at most 0.1 em). */
#define SPACE_MIN 0.11

static bool starts_space(const char *s)
{
	return s[0] == ' ' || !strncmp(s, "\xC2\xA0", 2);
}

static bool ends_space(const char *s)
{
	size_t n = strlen(s);
	return (n && s[n - 1] == ' ') || (n >= 2 && !strcmp(s + n - 2, "\xC2\xA0"));
}

/* A space glyph sg of advance sadv (1/1000 em) into an open TJ array. */
static void word_space(pdf_font *pf, buf *b, uint32_t sg, double sadv, double size)
{
	(void)sadv; /* its own: pdf_font_space */
	pdf_font_space(pf, b, sg, size);
}

/* Whether the text of item j and the next text on the page are words of
 * one flow of text with a space between them: the next word on the line
 * after a gap, or the first of the next line (not after a hyphen or an
 * ideograph). Cells, entries of the contents, cover texts and markers are
 * each their own text: only their own next line continues them. */
static bool own_text(const item *it)
{
	return it->tag == TAG_NONE || it->tag == TAG_CELL || it->tag == TAG_HEAD_CELL || it->tag == TAG_TOCI ||
	       it->tag == TAG_COVER || it->tag == TAG_LABEL || it->tag == TAG_FIGURE;
}

static bool space_after(const lpage *lp, size_t j)
{
	const item *a = &lp->items[j];
	const item *n = NULL;
	for (size_t q = j + 1; q < lp->n && !n; q++)
		if (lp->items[q].kind == IT_TEXT && lp->items[q].text && lp->items[q].text[0])
			n = &lp->items[q];
	if (!n || n->node != a->node || ends_space(a->text) || starts_space(n->text))
		return false;
	if ((own_text(a) || own_text(n)) && (n->tag != a->tag || n->sub != a->sub || n->y == a->y))
		return false;
	if (n->y == a->y)
		return n->x - (a->x + a->w) > SPACE_MIN * a->size;
	size_t len = strlen(a->text);
	uint32_t cp = 0;
	size_t k = len;
	while (k > 0 && ((unsigned char)a->text[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0)
		utf8_decode(a->text + k - 1, len - k + 1, &cp);
	return !a->actual && cp != '-' && cp != 0x2010 && cp != 0x2011 && cp != 0xAD && cp < 0x2E80;
}

/* Items i..j of a run, all right to left (each a word or a piece of one,
 * in display order), shown as one glyph run: their glyphs and the spaces
 * between them (space glyph sg when the file is tagged) in one array
 * over their texts joined, so that pdf_font_show draws the raised and
 * lowered marks after all the run's letters, not after each word's (a
 * reader may end a piece of text there: see pdf_font_show). */
static void rtl_run(rctx *r, pdf_font *pf, buf *b, const lpage *lp, size_t i, size_t j, uint32_t sg)
{
	buf text = {0};
	size_t ng = 0;
	double at = 0; /* where the glyphs so far end, from the run's start, 1/1000 of the size */
	for (size_t k = i; k <= j; k++) {
		const item *n = &lp->items[k];
		if (k > i) { /* the gap to the word's place: a space, or the last glyph's advance */
			const item *p = &lp->items[k - 1];
			double gap = (n->x - lp->items[i].x) * 1000.0 / n->size - at;
			at += gap;
			if (sg && (n->x - (p->x + p->w)) > SPACE_MIN * n->size && !ends_space(p->text) &&
			    !starts_space(n->text)) {
				GROW(r->line, r->capline, ng + 1);
				r->line[ng++] = (pdf_glyph){sg, gap, 0, 0, (uint32_t)text.len};
				buf_putc(&text, ' ');
			} else if (ng) {
				r->line[ng - 1].advance += gap;
			}
		}
		size_t len = strlen(n->text), off = text.len;
		size_t k2 = text_glyphs(r, n, n->text, len, true, n->w * 1000.0 / n->size);
		GROW(r->line, r->capline, ng + k2 + 1);
		for (size_t q = 0; q < k2; q++) {
			r->line[ng + q] = r->glyphs[q];
			r->line[ng + q].cluster += (uint32_t)off;
			at += r->glyphs[q].advance;
		}
		ng += k2;
		buf_put(&text, n->text, len);
	}
	pdf_font_show(pf, b, r->line, ng, text.s ? text.s : "", text.len, lp->items[i].size, true);
	buf_free(&text);
}

static size_t text_run(rctx *r, HPDF_Page pg, pdf_font *pf, const lpage *lp, size_t i)
{
	const item *a = &lp->items[i];
	size_t j = i;
	/* an item with an ActualText is a run of its own */
	while (j + 1 < lp->n && !actual_text(a)) {
		const item *p = &lp->items[j], *n = &lp->items[j + 1];
		if (n->kind != IT_TEXT || !n->text || !n->text[0] || actual_text(n) || n->y != a->y || n->font != a->font ||
		    n->tag != a->tag || n->node != a->node || n->sub != a->sub ||
		    (r->tags && n->lang != a->lang) || /* a Span /Lang (pdf_tags.c) */
		    n->size != a->size || n->color != a->color ||
		    (n->w > 0 && n->x < p->x + p->w - 0.01))
			break;
		j++;
	}
	buf b = {0};
	const char *act = actual_text(a);
	if (act)
		pdf_actual_begin(&b, act, strlen(act));
	uint32_t sg = r->tags ? pdf_font_glyph(pf, ' ') : 0;
	double sadv = sg ? pdf_font_advance(pf, sg) : 0;
	buf_puts(&b, "1 0 0 1 ");
	put_coord(&b, a->x);
	buf_putc(&b, ' ');
	put_coord(&b, a->y);
	buf_puts(&b, " Tm\n[");
	bool rtl = true;
	for (size_t k = i; k <= j && rtl; k++)
		rtl = lp->items[k].rtl;
	for (size_t k = i; k <= j && !rtl; k++) {
		const item *n = &lp->items[k];
		if (k > i) { /* the move before the word, in 1/1000 of the size */
			const item *p = &lp->items[k - 1];
			double gap = n->x - (p->x + p->w);
			if (sg && gap > SPACE_MIN * n->size && !ends_space(p->text) && !starts_space(n->text)) {
				word_space(pf, &b, sg, sadv, n->size);
				gap -= sadv * n->size / 1000.0;
			}
			pdf_tj_move(&b, gap * 1000.0 / n->size);
		}
		size_t len = strlen(n->text);
		size_t ng = text_glyphs(r, n, n->text, len, n->rtl, n->w * 1000.0 / n->size);
		pdf_font_show(pf, &b, r->glyphs, ng, n->text, len, n->size, n->rtl);
	}
	if (rtl)
		rtl_run(r, pf, &b, lp, i, j, sg);
	if (sg && space_after(lp, j))
		word_space(pf, &b, sg, sadv, lp->items[j].size);
	buf_puts(&b, "] TJ\n");
	if (act)
		pdf_actual_end(&b);
	HPDF_PageAttr attr = (HPDF_PageAttr)pg->attr;
	HPDF_Stream_WriteStr(attr->stream, buf_cstr(&b));
	buf_free(&b);
	return j;
}

static void paint_page(rctx *r, HPDF_Page pg, const lpage *lp, HPDF_Page *pages, imgcache *ic)
{
	rctx *rc = r; /* the links' loop names its rectangle r */
	HPDF_Doc pdf = r->pdf;
	/* shapes first, then text in one text object, then links */
	for (size_t i = 0; i < lp->n; i++) {
		const item *it = &lp->items[i];
		if (it->kind != IT_TEXT && it->kind != IT_LINK && it->kind != IT_URI)
			tag_begin(r, pg, it);
		switch (it->kind) {
		case IT_RECT:
			if (it->w <= 0 || it->h <= 0)
				break;
			set_colour(r->profile, pg, PAINT_FILL, it->color);
			if (it->lw > 0) {
				set_colour(r->profile, pg, PAINT_STROKE, it->stroke);
				HPDF_Page_SetLineWidth(pg, (HPDF_REAL)it->lw);
			}
			HPDF_Page_Rectangle(pg, (HPDF_REAL)it->x, (HPDF_REAL)it->y, (HPDF_REAL)it->w, (HPDF_REAL)it->h);
			if (it->lw > 0) {
				HPDF_Page_FillStroke(pg);
			} else {
				HPDF_Page_Fill(pg);
			}
			break;
		case IT_LINE:
			if (it->lw <= 0)
				break;
			set_colour(r->profile, pg, PAINT_STROKE, it->color);
			HPDF_Page_SetLineWidth(pg, (HPDF_REAL)it->lw);
			HPDF_Page_MoveTo(pg, (HPDF_REAL)it->x, (HPDF_REAL)it->y);
			HPDF_Page_LineTo(pg, (HPDF_REAL)(it->x + it->w), (HPDF_REAL)(it->y + it->h));
			HPDF_Page_Stroke(pg);
			break;
		case IT_PATH:
			paint_path(r, pg, it);
			break;
		case IT_CLIP:
			HPDF_Page_GSave(pg);
			if (build_path(pg, it->path, it->npath)) {
				HPDF_Page_Clip(pg);
				HPDF_Page_EndPath(pg);
			}
			break;
		case IT_UNCLIP:
			HPDF_Page_GRestore(pg);
			break;
		case IT_IMAGE: {
			HPDF_Image h = get_image(pdf, ic, it->img);
			if (h)
				HPDF_Page_DrawImage(pg, h, (HPDF_REAL)it->x, (HPDF_REAL)it->y,
						    (HPDF_REAL)it->w, (HPDF_REAL)it->h);
			break;
		}
		default:
			break;
		}
	}
	tag_end(r, pg);
	bool in_text = false;
	int cur_font = -1;
	double cur_size = 0;
	uint32_t cur_color = 0xFFFFFFFF;
	for (size_t i = 0; i < lp->n; i++) {
		const item *it = &lp->items[i];
		if (it->kind != IT_TEXT || !it->text || !it->text[0])
			continue;
		if (!in_text) {
			HPDF_Page_BeginText(pg);
			in_text = true;
		}
		tag_begin(r, pg, it);
		pdf_font *pf = r->fonts[it->font];
		if (!pf)
			continue; /* not reached: every face with text was opened */
		if (it->font != cur_font || it->size != cur_size) {
			pdf_font_select(pf, pg, it->size);
			cur_font = it->font;
			cur_size = it->size;
		}
		if (it->color != cur_color) {
			set_colour(r->profile, pg, PAINT_TEXT, it->color);
			cur_color = it->color;
		}
		i = text_run(r, pg, pf, lp, i);
	}
	tag_end(r, pg);
	if (in_text)
		HPDF_Page_EndText(pg);
	const double sh = r->shift; /* annotations are in the page's own space */
	for (size_t i = 0; i < lp->n; i++) {
		const item *it = &lp->items[i];
		HPDF_Rect r = {(HPDF_REAL)(it->x + sh), (HPDF_REAL)(it->y + sh), (HPDF_REAL)(it->x + it->w + sh),
			       (HPDF_REAL)(it->y + it->h + sh)};
		if (it->kind == IT_LINK && it->dest >= 0) {
			HPDF_Destination dst = HPDF_Page_CreateDestination(pages[it->dest]);
			HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)(it->dest_y + sh), 1);
			HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pg, r, dst);
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			if (rc->tags)
				pdf_tags_annot(rc->tags, a, it);
		} else if (it->kind == IT_URI && it->uri) {
			HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pg, r, it->uri);
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			if (rc->tags)
				pdf_tags_annot(rc->tags, a, it);
		}
	}
}

/* ---- the press profile's page: trim, bleed, crop marks (docs/print.md) ----
 *
 * The page is the trim (the layout's page) grown by the bleed, and by room
 * for crop marks when asked: MediaBox = trim + bleed (+ marks), with a
 * TrimBox and a BleedBox on every page, written into the page dictionary
 * through libharu's object layer (hpdf_objects.h: 2.3.0 has no call for
 * them). The content is moved by the shift, so layout's coordinates stay
 * those of the trim, and a full-bleed element (the cover band) reaches
 * into the bleed with negative coordinates. */
#define CROP_ROOM (10 * 72 / 25.4) /* past the bleed, for the marks */

static double page_shift(const doc_print *pr)
{
	return pr->profile == PRINT_PRESS ? pr->bleed + (pr->crop_marks ? CROP_ROOM : 0) : 0;
}

static void add_box(HPDF_Page pg, const char *name, double l, double b, double r, double t)
{
	HPDF_Box box = {(HPDF_REAL)l, (HPDF_REAL)b, (HPDF_REAL)r, (HPDF_REAL)t};
	HPDF_Array a = HPDF_Box_Array_New(pg->mmgr, box);
	if (a)
		HPDF_Dict_Add(pg, name, a);
}

/* The page's size and boxes; w and h are the trim's. */
static void set_page_boxes(HPDF_Page pg, const doc_print *pr, double w, double h)
{
	double s = page_shift(pr), b = pr->bleed;
	HPDF_Page_SetWidth(pg, (HPDF_REAL)(w + 2 * s));
	HPDF_Page_SetHeight(pg, (HPDF_REAL)(h + 2 * s));
	if (pr->profile != PRINT_PRESS)
		return;
	add_box(pg, "BleedBox", s - b, s - b, s + w + b, s + h + b);
	add_box(pg, "TrimBox", s, s, s + w, s + h);
}

/* Crop marks at the trim's corners, outside the bleed, in registration
 * colour (every ink), then the move of what follows onto the trim. */
static void begin_trim(HPDF_Page pg, const doc_print *pr, double w, double h)
{
	double s = page_shift(pr);
	if (s <= 0)
		return;
	if (pr->crop_marks) {
		double in = pr->bleed + 2, out = s - 2; /* from the trim */
		HPDF_Page_GSave(pg);
		HPDF_Page_SetCMYKStroke(pg, 1, 1, 1, 1);
		HPDF_Page_SetLineWidth(pg, 0.25);
		const double xs[2] = {s, s + w}, ys[2] = {s, s + h};
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++) {
				double x = xs[i], y = ys[j], dx = i ? 1 : -1, dy = j ? 1 : -1;
				HPDF_Page_MoveTo(pg, (HPDF_REAL)(x + dx * in), (HPDF_REAL)y); /* across */
				HPDF_Page_LineTo(pg, (HPDF_REAL)(x + dx * out), (HPDF_REAL)y);
				HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * in)); /* up or down */
				HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * out));
			}
		HPDF_Page_Stroke(pg);
		HPDF_Page_GRestore(pg);
	}
	HPDF_Page_Concat(pg, 1, 0, 0, 1, (HPDF_REAL)s, (HPDF_REAL)s);
}

/* libharu refuses a string of more than 65,535 bytes, and PDF readers may
 * refuse one of more than 32,767: a bookmark shows at most this many bytes
 * of its title. */
#define TEXT_CHUNK 16384

static void add_outline(HPDF_Doc pdf, const layout *L, HPDF_Page *pages, double shift)
{
	HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_Outline parent[5] = {NULL, NULL, NULL, NULL, NULL};
	for (size_t m = 0; m < L->nmarks; m++) {
		const lmark *mk = &L->marks[m];
		if (mk->page < 0 || (size_t)mk->page >= L->npages || mk->level == 0)
			continue; /* level 0: a cross-reference target, not a bookmark */
		int lvl = mk->level < 1 ? 1 : mk->level > 4 ? 4 : mk->level;
		HPDF_Outline up = NULL;
		for (int k = lvl - 1; k >= 1; k--)
			if (parent[k]) {
				up = parent[k];
				break;
			}
		/* a bookmark shows the start of a very long title (libharu's
		 * string limit); the page shows all of it */
		char title[TEXT_CHUNK + 4];
		size_t tl = strlen(mk->title);
		if (tl > TEXT_CHUNK) {
			tl = TEXT_CHUNK;
			while (tl > 0 && ((unsigned char)mk->title[tl] & 0xC0) == 0x80)
				tl--;
		}
		memcpy(title, mk->title, tl);
		strcpy(title + tl, tl < strlen(mk->title) ? "\xE2\x80\xA6" : "");
		HPDF_Outline o = HPDF_CreateOutline(pdf, up, title, enc);
		HPDF_Destination dst = HPDF_Page_CreateDestination(pages[mk->page]);
		HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)(mk->y + shift), 1);
		HPDF_Outline_SetDestination(o, dst);
		HPDF_Outline_SetOpened(o, lvl == 1 ? HPDF_TRUE : HPDF_FALSE);
		parent[lvl] = o;
		for (int k = lvl + 1; k < 5; k++)
			parent[k] = NULL;
	}
}

/* n random bytes from the kernel; false when it has none to give */
static bool random_bytes(void *p, size_t n)
{
	unsigned char *b = p;
	while (n) {
		ssize_t r = getrandom(b, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		b += r;
		n -= (size_t)r;
	}
	return true;
}

/* A random file ID for an encrypted PDF. libharu 2.3.0 makes the ID from
 * the clock and the information entries (title, author, keywords, …) and
 * derives the RC4 keys from it, so two dossiers with the same metadata and
 * passwords built in the same second would share their keys. No API sets
 * the ID: when saving, libharu computes the ID and the keys, then writes the
 * objects in order, each encrypted with a key made from the document key
 * and its number. The first object written (the catalog, object 1) runs
 * its before-write function before any of its bytes are encrypted: there
 * the ID is replaced with 16 random bytes, the keys made again from it
 * (hpdf_encrypt.h), the /O and /U entries and the trailer's /ID array
 * updated, and the catalog's own key made again. */
static HPDF_Doc rekey_doc;
static HPDF_Dict_BeforeWriteFunc rekey_next;
static bool rekeyed;

static HPDF_STATUS rekey(HPDF_Dict obj)
{
	HPDF_Doc pdf = rekey_doc;
	HPDF_Encrypt e = HPDF_EncryptDict_GetAttr(pdf->encrypt_dict);
	HPDF_Binary o = HPDF_Dict_GetItem(pdf->encrypt_dict, "O", HPDF_OCLASS_BINARY);
	HPDF_Binary u = HPDF_Dict_GetItem(pdf->encrypt_dict, "U", HPDF_OCLASS_BINARY);
	HPDF_Array id = HPDF_Dict_GetItem(pdf->trailer, "ID", HPDF_OCLASS_ARRAY);
	HPDF_Binary id0 = id ? HPDF_Array_GetItem(id, 0, HPDF_OCLASS_BINARY) : NULL;
	HPDF_Binary id1 = id ? HPDF_Array_GetItem(id, 1, HPDF_OCLASS_BINARY) : NULL;
	if (e && o && u && id0 && id1 && random_bytes(e->encrypt_id, HPDF_ID_LEN)) {
		HPDF_Encrypt_CreateOwnerKey(e);
		HPDF_Encrypt_CreateEncryptionKey(e);
		HPDF_Encrypt_CreateUserKey(e);
		HPDF_Binary_SetValue(o, e->owner_key, HPDF_PASSWD_LEN);
		HPDF_Binary_SetValue(u, e->user_key, HPDF_PASSWD_LEN);
		HPDF_Binary_SetValue(id0, e->encrypt_id, HPDF_ID_LEN);
		HPDF_Binary_SetValue(id1, e->encrypt_id, HPDF_ID_LEN);
		HPDF_Encrypt_InitKey(e, obj->header.obj_id & 0x00FFFFFF, obj->header.gen_no);
		rekeyed = true;
	}
	return rekey_next ? rekey_next(obj) : HPDF_OK;
}

/* Save pdf (in memory) and write it to the output's temporary file: packed
 * into object streams (pdf_pack.h) when pack, else as libharu wrote it.
 * with: bodies written elsewhere (the structure tree), which only the
 * packing puts in the file. */
static int save(hctx *h, HPDF_Doc pdf, outfile *o, bool pack, const pdf_pack_bodies *with)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	HPDF_ResetStream(pdf);
	unsigned char *all = malloc(size ? size : 1);
	static HPDF_BYTE chunk[65536];
	size_t got = 0;
	while (got < size) {
		/* exactly what is left at the end: reading past it is an error */
		HPDF_UINT32 left = size - (HPDF_UINT32)got;
		HPDF_UINT32 n = left < sizeof chunk ? left : (HPDF_UINT32)sizeof chunk;
		HPDF_BYTE *to = all ? all + got : chunk;
		HPDF_ReadFromStream(pdf, to, &n);
		if (n == 0 || (!all && !output_write(o, chunk, n, h->msg, sizeof h->msg))) {
			if (n == 0)
				snprintf(h->msg, sizeof h->msg, "cannot write the PDF: the PDF writer gave fewer bytes than it said");
			h->write_failed = true;
			free(all);
			return 1;
		}
		got += n;
	}
	if (!all && !with) /* no memory for the whole file: written as it came */
		return 0;
	unsigned char *packed = NULL;
	size_t np = 0;
	bool ok;
	if (all && pack && pdf_pack_with(all, size, with, &packed, &np))
		ok = output_write(o, packed, np, h->msg, sizeof h->msg);
	else if (with) { /* libharu's bytes lack the tree */
		snprintf(h->msg, sizeof h->msg, "cannot write the PDF: %s",
			 all ? "its objects could not be packed" : "out of memory");
		ok = false;
	} else
		ok = output_write(o, all, size, h->msg, sizeof h->msg);
	free(packed);
	free(all);
	if (!ok) {
		h->write_failed = true;
		return 1;
	}
	return 0;
}

/* Whether face f's font is an earlier face's (one file in two slots). */
static bool is_shared(const rctx *r, int f)
{
	for (int g = 0; g < f; g++)
		if (r->fonts[g] == r->fonts[f])
			return true;
	return false;
}

static void free_fonts(rctx *r)
{
	for (int f = 0; f < FONT_SLOTS * 4; f++)
		if (r->fonts[f] && !is_shared(r, f))
			pdf_font_free(r->fonts[f]);
	free(r->glyphs);
	free(r->line);
	free(r);
}

/* Build the whole PDF into pdf and write it to o. 0 on success. */
static int build(hctx *h, HPDF_Doc pdf, const doc *d, const layout *L, const fontset *fs, outfile *o)
{
	HPDF_Page *volatile pages = NULL;
	imgcache *volatile ic = xcalloc(1, sizeof(imgcache));
	rctx *volatile rc = xcalloc(1, sizeof(rctx));
	if (setjmp(h->jb)) {
		free(pages);
		free(ic->s);
		free(ic);
		pdf_tags_free(rc->tags);
		free_fonts(rc);
		return 1;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL); /* first: later has no effect */
	rc->pdf = pdf;
	rc->fs = (fontset *)fs;
	rc->L = L;
	rc->dlang = doc_lang(d);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	/* embed only the faces some text uses */
	bool used[FONT_SLOTS * 4] = {0};
	for (size_t p = 0; p < L->npages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++)
			if (L->pages[p].items[i].kind == IT_TEXT)
				used[L->pages[p].items[i].font] = true;
	for (int f = 0; f < FONT_SLOTS * 4; f++) {
		if (!used[f] || !font_valid(fs, f))
			continue;
		for (int g = 0; g < f && !rc->fonts[f]; g++) /* one file in two slots: one font */
			if (rc->fonts[g] && !strcmp(font_path(fs, g), font_path(fs, f)) &&
			    font_face_index(fs, g) == font_face_index(fs, f))
				rc->fonts[f] = rc->fonts[g];
		if (rc->fonts[f])
			continue;
		char why[256];
		rc->fonts[f] = pdf_font_open(pdf, font_path(fs, f), font_face_index(fs, f), why, sizeof why);
		if (!rc->fonts[f]) {
			snprintf(h->msg, sizeof h->msg, "cannot embed the font '%s': %s", font_path(fs, f), why);
			h->write_failed = true;
			longjmp(h->jb, 1);
		}
	}
	const doc_meta *m = &d->meta;
	/* metadata: the words, without their passages' languages (langmark.h) */
	if (m->title)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, lm_plain(L->a, m->title));
	if (m->author)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, lm_plain(L->a, m->author));
	const char *subject = lm_plain(L->a, m->subject ? m->subject : m->subtitle);
	/* in the layout's arena, whole (an error here jumps out: nothing to free) */
	if (m->copy) /* a numbered copy says so in its metadata too */
		subject = arena_printf(L->a, "%s%s%s", subject ? subject : "", subject ? " \xe2\x80\x94 " : "",
				       m->copy);
	if (subject)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, subject);
	const char *kw = m->keywords; /* the classification ends the keywords */
	if (m->classification && m->classification[0])
		kw = arena_printf(L->a, "%s%s%s", kw ? kw : "", kw ? ", " : "", m->classification);
	if (kw)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, kw);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "dossier " DOSSIER_VERSION);
	HPDF_Date dt = pdf_date(d);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
	/* a PDF array holds at most 32,767 elements in libharu: a long dossier
	 * gets a page tree of several levels (short ones keep the one list) */
	if (L->npages > 8192)
		HPDF_SetPagesConfiguration(pdf, 1024);
	pages = xcalloc(L->npages ? L->npages : 1, sizeof(HPDF_Page));
	for (size_t p = 0; p < L->npages; p++) {
		pages[p] = HPDF_AddPage(pdf);
		bool land = L->pages[p].landscape;
		set_page_boxes(pages[p], &d->print, land ? d->page.height : d->page.width,
			       land ? d->page.width : d->page.height);
	}
	if (d->tagged)
		rc->tags = pdf_tags_new(pdf, d, L);
	rc->profile = d->print.profile;
	rc->shift = page_shift(&d->print);
	for (size_t p = 0; p < L->npages; p++) {
		if (limits_time_up()) {
			h->timed_out = true;
			longjmp(h->jb, 1);
		}
		if (rc->tags)
			pdf_tags_page(rc->tags, pages[p], p);
		bool land = L->pages[p].landscape;
		begin_trim(pages[p], &d->print, land ? d->page.height : d->page.width,
			   land ? d->page.width : d->page.height);
		paint_page(rc, pages[p], &L->pages[p], pages, ic);
	}
	for (int f = 0; f < FONT_SLOTS * 4; f++) {
		char why[256];
		if (rc->fonts[f] && !is_shared(rc, f) && !pdf_font_finish(rc->fonts[f], why, sizeof why)) {
			snprintf(h->msg, sizeof h->msg, "cannot embed the font '%s': %s", font_path(fs, f), why);
			h->write_failed = true;
			longjmp(h->jb, 1);
		}
	}
	add_outline(pdf, L, pages, rc->shift);
	if (L->body_page > 0 && (size_t)L->body_page < L->npages) { /* numbering: pages: roman-front */
		HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
		HPDF_AddPageLabel(pdf, (HPDF_UINT)L->body_page, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
	}
	if (rc->tags)
		pdf_tags_finish(rc->tags, !d->security.on); /* raw: packed below */
	HPDF_SetPageMode(pdf, L->nmarks ? HPDF_PAGE_MODE_USE_OUTLINE : HPDF_PAGE_MODE_USE_NONE);
	if (d->security.on) {
		/* RC4 with a 128-bit key (security handler revision 3), the
		 * strongest libharu 2.3.0 writes; it has no AES. The document ID,
		 * and so the keys, are random (rekey): encrypted output differs
		 * from run to run (docs/layout.md, "security"). */
		const doc_security *sec = &d->security;
		HPDF_SetPassword(pdf, sec->owner_pw, sec->user_pw);
		/* reserved bits 7-8 and 13-32 set, as the PDF specification asks
		 * (HPDF_ENABLE_* alone would clear them); bit 10, extraction for
		 * accessibility, always allowed */
		HPDF_UINT perm = 0xFFFFF0C0u | 0x200u;
		if (sec->print)
			perm |= 0x4u | 0x800u;            /* print, high quality */
		if (sec->copy)
			perm |= 0x10u;                    /* copy text and images */
		if (sec->modify)
			perm |= 0x8u | 0x20u | 0x100u | 0x400u; /* edit, annotate, forms, assemble */
		HPDF_SetPermission(pdf, perm);
		HPDF_SetEncryptionMode(pdf, HPDF_ENCRYPT_R3, 16);
		rekey_doc = pdf;
		rekey_next = pdf->catalog->before_write_fn;
		pdf->catalog->before_write_fn = rekey;
		rekeyed = false;
		if ((pdf->catalog->header.obj_id & 0x00FFFFFF) != 1) {
			snprintf(h->msg, sizeof h->msg, "cannot encrypt the PDF: the PDF writer did not number its objects as expected");
			h->write_failed = true;
			longjmp(h->jb, 1);
		}
	}
	for (size_t p = 0; p < L->npages; p++) /* the pages are drawn */
		pdf_zip_page(pages[p], PDF_ZIP_LEVEL);
	/* PDF 1.7 (ISO 32000-1): what PDF/UA-1 is defined on; libharu's
	 * default (1.3, 1.4 when encrypted) is too low for what it carries */
	pdf->pdf_version = HPDF_VER_17;
	HPDF_SaveToStream(pdf);
	if (d->security.on && !rekeyed) {
		snprintf(h->msg, sizeof h->msg, "cannot encrypt the PDF: no random file ID could be set");
		h->write_failed = true;
		longjmp(h->jb, 1);
	}
	/* an encrypted file's strings are encrypted with their object's number:
	 * it stays as libharu wrote it */
	int r = save(h, pdf, o, !d->security.on, pdf_tags_bodies(rc->tags));
	free(pages);
	free(ic->s);
	free(ic);
	pdf_tags_free(rc->tags);
	free_fonts(rc);
	return r;
}

render_status render_pdf(const doc *d, const layout *L, const fontset *fs, const char *out, diag *dg)
{
	/* a temporary file beside the output, so the rename is atomic */
	outfile o;
	char msg[512];
	if (!output_open(&o, out, "the PDF", msg, sizeof msg)) {
		diag_error(dg, (srcpos){out, 0, 0}, "%s", msg);
		return RENDER_WRITE_ERROR;
	}
	hctx h = {0};
	HPDF_Doc pdf = HPDF_New(on_error, &h);
	if (!pdf) {
		output_abort(&o);
		diag_error(dg, (srcpos){out, 0, 0}, "cannot create the PDF (out of memory)");
		return RENDER_WRITE_ERROR;
	}
	int r = build(&h, pdf, d, L, fs, &o);
	HPDF_Free(pdf);
	if (r) {
		output_abort(&o);
		if (h.timed_out) {
			limits_time_check(dg, d->meta.pos);
			return RENDER_INPUT_ERROR;
		}
		if (h.write_failed) {
			diag_error(dg, (srcpos){out, 0, 0}, "%s", h.msg);
			return RENDER_WRITE_ERROR;
		}
		diag_error(dg, (srcpos){out, 0, 0}, "PDF writer error 0x%04X (detail %u)", (unsigned)h.error,
			   (unsigned)h.detail);
		return RENDER_WRITE_ERROR;
	}
	if (!output_commit(&o, msg, sizeof msg)) {
		diag_error(dg, (srcpos){out, 0, 0}, "%s", msg);
		return RENDER_WRITE_ERROR;
	}
	return RENDER_OK;
}

void render_prepare_faces(void)
{
	unsigned index;
	const char *path;
	for (int id = 0; id < FACECACHE_MAX_FACES; id++)
		if ((path = facecache_used(id, &index)))
			pdf_font_prepare(path, index);
}
