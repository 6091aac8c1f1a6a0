/* load_image.c — images for the document: PNG decoded with cairo, JPEG checked.
 *
 * libharu must never see a PNG: a corrupt one makes libpng call abort() from
 * inside libharu whatever error handler is installed, and 2.3.0 also garbles
 * 16-bit PNGs (shared/LIBHARU.md, Q6). So PNGs are decoded here with cairo,
 * which reports a bad file as an error status, and the renderer gets plain
 * RGB + alpha bytes. JPEGs are passed to the PDF untouched (libharu does not
 * decode them), but libharu accepts a truncated JPEG silently and writes a
 * broken image, so the marker structure is walked here up to the EOI.
 *
 * The format is taken from the magic bytes, not the extension. Both paths read
 * the pixel size from the header first and refuse decompression bombs before
 * any pixel memory is allocated. Only this loader includes <cairo.h>.
 */
#include <cairo.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bounds.h"
#include "load.h"
#include "svg.h"

static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Pixels per metre or per centimetre → dots per inch. 72 dpi is stored as
 * 2835 px/m = 72.009 dpi, so a value within 0.05 of a whole number is
 * taken as that number. */
static double to_dpi(double per_unit, double unit_in_inch)
{
	double dpi = per_unit * unit_in_inch;
	double whole = (double)(long)(dpi + 0.5);
	return dpi - whole < 0.05 && whole - dpi < 0.05 ? whole : dpi;
}

static bool size_ok(diag *dg, srcpos from, const char *path, uint32_t w, uint32_t h)
{
	if (w <= (uint64_t)LIMIT_IMAGE_SIDE && h <= (uint64_t)LIMIT_IMAGE_SIDE &&
	    (uint64_t)w * h <= (uint64_t)LIMIT_IMAGE_PIXELS)
		return true;
	diag_error(dg, from,
		   "image '%s' is %ux%u pixels; the limits are %ld pixels per side (image-side) and %ld in all (image-pixels)",
		   path, (unsigned)w, (unsigned)h, LIMIT_IMAGE_SIDE, LIMIT_IMAGE_PIXELS);
	return false;
}

/* ---- PNG ---- */

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
	return fread(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
							 : CAIRO_STATUS_READ_ERROR;
}

/* Walk the chunks between IHDR and the first IDAT for pHYs. Best effort: a
 * damaged chunk list simply ends the walk, and cairo reports the damage. */
static double png_dpi(FILE *f)
{
	unsigned char ch[9];
	if (fseek(f, 33, SEEK_SET) != 0)
		return 0;
	for (int guard = 0; guard < 4096; guard++) {
		if (fread(ch, 1, 8, f) != 8)
			return 0;
		uint32_t len = be32(ch);
		if (len > 0x7FFFFFFFu || !memcmp(ch + 4, "IDAT", 4) || !memcmp(ch + 4, "IEND", 4))
			return 0;
		if (!memcmp(ch + 4, "pHYs", 4) && len == 9) {
			if (fread(ch, 1, 9, f) != 9)
				return 0;
			return ch[8] == 1 ? to_dpi(be32(ch), 0.0254) : 0; /* unit 1 = metre */
		}
		if (fseek(f, (long)len + 4, SEEK_CUR) != 0) /* data + CRC */
			return 0;
	}
	return 0;
}

/* Cairo's pixels are native-endian uint32 ARGB with premultiplied colour
 * (RGB24: the alpha byte is unused). The PDF wants plain RGB plus, only when
 * something is see-through, a separate alpha plane. */
static void png_pixels(image *im, arena *a, cairo_surface_t *s)
{
	cairo_surface_flush(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	size_t w = (size_t)im->width, h = (size_t)im->height;
	bool has_alpha = false;
	if (cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32) {
		for (size_t y = 0; y < h && !has_alpha; y++) {
			const unsigned char *row = data + y * (size_t)stride;
			for (size_t x = 0; x < w; x++) {
				uint32_t p;
				memcpy(&p, row + 4 * x, 4);
				if (p >> 24 != 255) {
					has_alpha = true;
					break;
				}
			}
		}
	}
	im->rgb = arena_array(a, w * h, 3);
	im->alpha = has_alpha ? arena_array(a, w, h) : NULL;
	unsigned char *o = im->rgb;
	for (size_t y = 0; y < h; y++) {
		const unsigned char *row = data + y * (size_t)stride;
		for (size_t x = 0; x < w; x++) {
			uint32_t p;
			memcpy(&p, row + 4 * x, 4);
			unsigned al = has_alpha ? p >> 24 : 255;
			unsigned c[3] = {(p >> 16) & 255, (p >> 8) & 255, p & 255};
			for (int k = 0; k < 3; k++) {
				unsigned v = c[k];
				if (al == 0)
					v = 0;
				else if (al != 255)
					v = (v * 255 + al / 2) / al;
				*o++ = (unsigned char)(v > 255 ? 255 : v);
			}
			if (has_alpha)
				im->alpha[y * w + x] = (unsigned char)al;
		}
	}
}

static bool load_png(doc *d, diag *dg, image *im, FILE *f, const unsigned char *hdr, size_t got,
		     srcpos from)
{
	const char *path = im->path;
	/* The first chunk must be IHDR (length 13): width, height, … */
	if (got < 33 || be32(hdr + 8) != 13 || memcmp(hdr + 12, "IHDR", 4) != 0) {
		diag_error(dg, from, "'%s' is a corrupt or truncated PNG (no valid IHDR header)", path);
		return false;
	}
	uint32_t w = be32(hdr + 16), h = be32(hdr + 20);
	if (w == 0 || h == 0 || w > 0x7FFFFFFFu || h > 0x7FFFFFFFu) {
		diag_error(dg, from, "'%s' is a corrupt PNG (size %ux%u)", path, (unsigned)w,
			   (unsigned)h);
		return false;
	}
	if (!size_ok(dg, from, path, w, h))
		return false;
	if (d->image_pixels + (long long)w * h > LIMIT_IMAGE_TOTAL) {
		diag_error(dg, from,
			   "image '%s' (%ux%u pixels) takes the images of this dossier past %ld decoded pixels "
			   "(limit image-memory); use smaller images",
			   path, (unsigned)w, (unsigned)h, LIMIT_IMAGE_TOTAL);
		return false;
	}
	d->image_pixels += (long long)w * h;
	im->dpi = png_dpi(f);
	if (fseek(f, 0, SEEK_SET) != 0) {
		diag_error(dg, from, "cannot read '%s': %s", path, strerror(errno));
		return false;
	}
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, f);
	cairo_status_t st = cairo_surface_status(s);
	bool ok = false;
	if (st == CAIRO_STATUS_NO_MEMORY) {
		/* cairo 1.16 reports every libpng error (bad CRC, damaged data)
		 * as NO_MEMORY; the size was checked above, so say both */
		diag_error(dg, from,
			   "'%s' is a corrupt or truncated PNG (or there was not enough memory to "
			   "decode it)",
			   path);
	} else if (st != CAIRO_STATUS_SUCCESS) {
		diag_error(dg, from, "'%s' is a corrupt or truncated PNG (%s)", path,
			   cairo_status_to_string(st));
	} else if (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32 &&
		   cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24) {
		/* cairo 1.16 gives only these two for PNG; guard a newer cairo
		 * that might hand back a float format for 16-bit files */
		diag_error(dg, from, "'%s': unsupported PNG pixel format; save it as 8-bit RGB or RGBA",
			   path);
	} else if (cairo_image_surface_get_width(s) != (int)w ||
		   cairo_image_surface_get_height(s) != (int)h) {
		diag_error(dg, from, "'%s' is a corrupt PNG (decoded size differs from its header)", path);
	} else {
		im->width = (int)w;
		im->height = (int)h;
		png_pixels(im, d->a, s);
		ok = true;
	}
	cairo_surface_destroy(s);
	return ok;
}

/* ---- JPEG ----
 * A buffered reader: the entropy-coded data is most of the file and is
 * scanned with memchr for the next 0xFF, never decoded. */
typedef struct {
	FILE *f;
	size_t pos, len;
	unsigned char b[16384];
} reader;

static bool fill(reader *r)
{
	r->pos = 0;
	r->len = fread(r->b, 1, sizeof r->b, r->f);
	return r->len > 0;
}

static int get(reader *r)
{
	if (r->pos == r->len && !fill(r))
		return -1;
	return r->b[r->pos++];
}

/* Read n bytes into out (may be NULL to skip); false at end of file. */
static bool take(reader *r, unsigned char *out, size_t n)
{
	while (n) {
		if (r->pos == r->len && !fill(r))
			return false;
		size_t k = r->len - r->pos < n ? r->len - r->pos : n;
		if (out) {
			memcpy(out, r->b + r->pos, k);
			out += k;
		}
		r->pos += k;
		n -= k;
	}
	return true;
}

/* Advance to just after the next 0xFF byte; false at end of file. */
static bool find_ff(reader *r)
{
	for (;;) {
		if (r->pos == r->len && !fill(r))
			return false;
		const unsigned char *p = memchr(r->b + r->pos, 0xFF, r->len - r->pos);
		if (p) {
			r->pos = (size_t)(p - r->b) + 1;
			return true;
		}
		r->pos = r->len;
	}
}

static bool load_jpeg(diag *dg, image *im, FILE *f, srcpos from)
{
	const char *path = im->path;
	reader *r = xmalloc(sizeof *r);
	r->f = f;
	r->pos = r->len = 0;
	bool ok = false, eoi = false, sof = false, sos = false, bad = false;
	unsigned prec = 0, ncomp = 0, w = 0, h = 0;
	if (fseek(f, 2, SEEK_SET) != 0) /* after SOI */
		goto done;
	/* Marker walk. Segments are skipped by their length; inside scan data
	 * FF 00 is a stuffed byte and FF D0–D7 a restart marker; any other
	 * marker ends the scan (progressive files have many scans). Stray bytes
	 * between segments are skipped, as libjpeg does. */
	while (!bad && find_ff(r)) {
		int m;
		do
			m = get(r);
		while (m == 0xFF); /* fill bytes */
		if (m < 0)
			break;
		if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
			continue;
		if (m == 0xD9) {
			eoi = true;
			break;
		}
		if (m == 0xD8) {
			diag_error(dg, from, "'%s' is a corrupt JPEG (second start-of-image marker)", path);
			bad = true;
			break;
		}
		unsigned char lb[2];
		if (!take(r, lb, 2))
			break;
		unsigned len = be16(lb);
		if (len < 2) {
			diag_error(dg, from, "'%s' is a corrupt JPEG (bad segment length)", path);
			bad = true;
			break;
		}
		len -= 2;
		unsigned char seg[14];
		size_t head = len < sizeof seg ? len : sizeof seg;
		if (!take(r, seg, head) || !take(r, NULL, len - head))
			break;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (m > 0xC2) {
				/* lossless, hierarchical and arithmetic-coded JPEGs
				 * are not shown by common PDF viewers */
				diag_error(dg, from,
					   "'%s' uses a JPEG coding (SOF%d) that PDF viewers do not show; "
					   "save it as a baseline or progressive JPEG",
					   path, m - 0xC0);
				bad = true;
				break;
			}
			if (head < 6) {
				diag_error(dg, from, "'%s' is a corrupt JPEG (short frame header)", path);
				bad = true;
				break;
			}
			sof = true;
			prec = seg[0];
			h = be16(seg + 1);
			w = be16(seg + 3);
			ncomp = seg[5];
		} else if (m == 0xE0 && head >= 12 && !memcmp(seg, "JFIF\0", 5)) {
			/* units: 1 = dots per inch, 2 = dots per cm */
			unsigned xd = be16(seg + 8);
			im->dpi = seg[7] == 1 ? to_dpi(xd, 1) : seg[7] == 2 ? to_dpi(xd, 2.54) : 0;
		} else if (m == 0xDA) {
			sos = true;
		}
	}
	if (bad)
		goto done;
	if (ferror(f)) {
		diag_error(dg, from, "cannot read '%s': %s", path, strerror(EIO));
	} else if (!eoi) {
		diag_error(dg, from, "'%s' is a truncated JPEG", path);
	} else if (!sof || !sos || w == 0 || h == 0) {
		diag_error(dg, from, "'%s' is a corrupt JPEG (%s)", path,
			   !sof ? "no frame header" : !sos ? "no image data" : "zero width or height");
	} else if (prec != 8) {
		diag_error(dg, from, "'%s' is a %u-bit JPEG; PDF shows only 8-bit JPEGs", path, prec);
	} else if (ncomp != 1 && ncomp != 3 && ncomp != 4) {
		diag_error(dg, from, "'%s' is a JPEG with %u colour components (expected 1, 3 or 4)",
			   path, ncomp);
	} else if (size_ok(dg, from, path, w, h)) {
		im->width = (int)w;
		im->height = (int)h;
		im->is_jpeg = 1;
		ok = true;
	}
done:
	free(r);
	return ok;
}

/* ---- entry point ---- */

/* Name a few formats people try, so the message can say what the file is. */
static const char *sniff_other(const unsigned char *h, size_t n)
{
	if (n >= 6 && (!memcmp(h, "GIF87a", 6) || !memcmp(h, "GIF89a", 6)))
		return "a GIF image";
	if (n >= 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WEBP", 4))
		return "a WebP image";
	if (n >= 5 && !memcmp(h, "%PDF-", 5))
		return "a PDF file";
	if (n >= 4 && (!memcmp(h, "II*\0", 4) || !memcmp(h, "MM\0*", 4)))
		return "a TIFF image";
	if (n >= 2 && !memcmp(h, "BM", 2))
		return "a BMP image";
	if (n >= 12 && !memcmp(h + 4, "ftyp", 4))
		return "an HEIC/AVIF image or a video";
	return NULL;
}

/* An SVG by its first bytes (after a BOM and blanks) or by its name. */
static bool looks_svg(const char *path, const unsigned char *h, size_t n)
{
	size_t i = 0;
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF)
		i = 3;
	while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n'))
		i++;
	if (n - i >= 4 && (!memcmp(h + i, "<svg", 4) || !memcmp(h + i, "<?xm", 4) ||
			   !memcmp(h + i, "<!--", 4) || !memcmp(h + i, "<!DO", 4)))
		return true;
	size_t pl = strlen(path);
	return pl > 4 && !strcasecmp(path + pl - 4, ".svg");
}

static bool load_svg(doc *d, diag *dg, image *im, FILE *f, long long size, srcpos from)
{
	char *text = malloc((size_t)size + 1);
	if (!text) {
		diag_error(dg, from, "cannot read '%s': %s", im->path, strerror(ENOMEM));
		return false;
	}
	if (fseek(f, 0, SEEK_SET) != 0 || fread(text, 1, (size_t)size, f) != (size_t)size) {
		diag_error(dg, from, "cannot read '%s': %s", im->path, strerror(EIO));
		free(text);
		return false;
	}
	text[size] = 0;
	char why[320];
	int line, col;
	bool ok = svg_load(d->a, im, text, (size_t)size, why, sizeof why, &line, &col);
	if (!ok && line > 0) {
		/* at the place in the SVG, with its line shown; then where the
		 * image is used */
		diag_source(dg, im->path, text, (size_t)size);
		diag_error(dg, (srcpos){im->path, line, col}, "SVG image: %s", why);
		diag_note(dg, from, "the SVG image '%s' is used here", im->path);
	} else if (!ok) {
		diag_error(dg, from, "SVG image '%s': %s", im->path, why);
	}
	free(text);
	return ok;
}

image *load_image(doc *d, diag *dg, const char *path, srcpos from)
{
	doc_add_input(d, path);
	FILE *f = file_open_regular(path);
	if (!f) {
		diag_error(dg, from, "cannot read '%s': %s", path, file_strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		diag_error(dg, from, "cannot read '%s': %s", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	if (st.st_size > LIMIT_FILE_BYTES) {
		diag_error(dg, from, "'%s' is larger than %ld bytes (limit file-size)", path, LIMIT_FILE_BYTES);
		fclose(f);
		return NULL;
	}
	/* a file used again (under any name) is the image already loaded:
	 * decoded once, one image in the PDF */
	for (size_t i = 0; i < d->nimages; i++)
		if (d->images[i]->dev == (unsigned long long)st.st_dev &&
		    d->images[i]->ino == (unsigned long long)st.st_ino) {
			fclose(f);
			return d->images[i];
		}
	image *im = arena_alloc(d->a, sizeof *im);
	im->path = arena_strdup(d->a, path);
	im->pos = from;
	im->dev = (unsigned long long)st.st_dev;
	im->ino = (unsigned long long)st.st_ino;
	unsigned char hdr[33];
	size_t got = fread(hdr, 1, sizeof hdr, f);
	bool ok = false;
	if (got >= 8 && !memcmp(hdr, png_magic, 8)) {
		ok = load_png(d, dg, im, f, hdr, got, from);
	} else if (got >= 3 && hdr[0] == 0xFF && hdr[1] == 0xD8 && hdr[2] == 0xFF) {
		ok = load_jpeg(dg, im, f, from);
		/* the bytes checked are the bytes embedded: the renderer does
		 * not open the file again */
		if (ok) {
			im->jpeg_len = (size_t)st.st_size;
			im->jpeg = arena_alloc(d->a, im->jpeg_len ? im->jpeg_len : 1);
			if (fseek(f, 0, SEEK_SET) != 0 || fread(im->jpeg, 1, im->jpeg_len, f) != im->jpeg_len) {
				diag_error(dg, from, "cannot read '%s': %s", path, strerror(ferror(f) ? EIO : ESPIPE));
				ok = false;
			}
		}
	} else if (ferror(f)) {
		diag_error(dg, from, "cannot read '%s': %s", path, strerror(EIO));
	} else if (looks_svg(path, hdr, got)) {
		ok = load_svg(d, dg, im, f, (long long)st.st_size, from);
	} else {
		const char *what = sniff_other(hdr, got);
		if (what)
			diag_error(dg, from, "'%s' is not a PNG, JPEG or SVG image (it looks like %s)", path,
				   what);
		else
			diag_error(dg, from, "'%s' is not a PNG, JPEG or SVG image", path);
	}
	fclose(f);
	if (!ok)
		return NULL;
	GROW(d->images, d->images_cap, d->nimages + 1);
	d->images[d->nimages++] = im;
	return im;
}
