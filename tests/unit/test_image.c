/* test_image.c — load_image: PNG through cairo, JPEG marker checks, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load.h"
#include "fixture.h"

/* A 3×2 baseline JPEG (red, green, blue columns; JFIF density 150 dpi),
 * written once with libjpeg (quality 50, optimised Huffman tables). */
static const unsigned char tiny_jpg[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x01, 0x01, 0x00, 0x96, 0x00, 0x96, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43,
  0x00, 0x10, 0x0b, 0x0c, 0x0e, 0x0c, 0x0a, 0x10, 0x0e, 0x0d, 0x0e, 0x12,
  0x11, 0x10, 0x13, 0x18, 0x28, 0x1a, 0x18, 0x16, 0x16, 0x18, 0x31, 0x23,
  0x25, 0x1d, 0x28, 0x3a, 0x33, 0x3d, 0x3c, 0x39, 0x33, 0x38, 0x37, 0x40,
  0x48, 0x5c, 0x4e, 0x40, 0x44, 0x57, 0x45, 0x37, 0x38, 0x50, 0x6d, 0x51,
  0x57, 0x5f, 0x62, 0x67, 0x68, 0x67, 0x3e, 0x4d, 0x71, 0x79, 0x70, 0x64,
  0x78, 0x5c, 0x65, 0x67, 0x63, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x11, 0x12,
  0x12, 0x18, 0x15, 0x18, 0x2f, 0x1a, 0x1a, 0x2f, 0x63, 0x42, 0x38, 0x42,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63, 0x63,
  0x63, 0x63, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x02, 0x00, 0x03, 0x03,
  0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xc4, 0x00,
  0x15, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0xff, 0xc4, 0x00, 0x1a,
  0x10, 0x01, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x05, 0x34, 0x72, 0xb2,
  0xff, 0xc4, 0x00, 0x15, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x06, 0xff,
  0xc4, 0x00, 0x1c, 0x11, 0x00, 0x01, 0x03, 0x05, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03,
  0x04, 0x32, 0x34, 0x72, 0xb1, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00,
  0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00, 0x98, 0xb9, 0xe6, 0xce, 0x94,
  0x71, 0x00, 0x2c, 0x68, 0x31, 0x62, 0xd5, 0xbc, 0x40, 0xee, 0xb9, 0x4f,
  0xff, 0xd9
};
/* 314 bytes */

typedef struct {
	doc *d;
	diag dg;
	FILE *out;
	char dir[64];
	char path[128];
	char text[8192];
} fx;

static const srcpos FROM = {"layouts/a.yaml", 12, 5};

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->out = tmpfile();
	diag_init(&f->dg, f->out);
	strcpy(f->dir, "/tmp/dossier-image-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	diag_free(&f->dg);
	fclose(f->out);
	doc_free(f->d);
	free(f);
	return 0;
}

static const char *path_of(fx *f, const char *name)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	return f->path;
}

static const char *put(fx *f, const char *name, const void *bytes, size_t n)
{
	FILE *o = fopen(path_of(f, name), "wb");
	assert_non_null(o);
	assert_int_equal(fwrite(bytes, 1, n, o), n);
	fclose(o);
	return f->path;
}

/* Read a whole file (malloc'd). */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *i = fopen(path, "rb");
	assert_non_null(i);
	fseek(i, 0, SEEK_END);
	long len = ftell(i);
	rewind(i);
	unsigned char *p = malloc((size_t)len);
	assert_int_equal(fread(p, 1, (size_t)len, i), (size_t)len);
	fclose(i);
	*n = (size_t)len;
	return p;
}

/* What the diag reported, from its records (fixture.h). */
static const char *said(fx *f)
{
	return diag_records_text(&f->dg, f->text, sizeof f->text);
}

/* The message must appear, reported at FROM. */
static void expect_error(fx *f, const char *msg)
{
	char want[512];
	snprintf(want, sizeof want, "layouts/a.yaml:12:5: error: %s", msg);
	if (!strstr(said(f), want))
		fail_msg("expected\n  %s\nin diagnostics:\n%s", want, f->text);
}

/* ---- writing PNGs: with cairo, or by hand for what cairo cannot write ---- */

static void put_pixel(cairo_surface_t *s, int x, int y, uint32_t argb)
{
	unsigned char *row = cairo_image_surface_get_data(s) + y * cairo_image_surface_get_stride(s);
	memcpy(row + 4 * x, &argb, 4); /* native-endian, premultiplied */
}

static const char *cairo_png(fx *f, const char *name, cairo_format_t fmt, int w, int h,
			     const uint32_t *px)
{
	cairo_surface_t *s = cairo_image_surface_create(fmt, w, h);
	cairo_surface_flush(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			put_pixel(s, x, y, px[y * w + x]);
	cairo_surface_mark_dirty(s);
	assert_int_equal(cairo_surface_write_to_png(s, path_of(f, name)), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return f->path;
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static size_t chunk(unsigned char *o, const char *type, const unsigned char *data, uint32_t n)
{
	be32(o, n);
	memcpy(o + 4, type, 4);
	if (n)
		memcpy(o + 8, data, n);
	be32(o + 8 + n, crc32_of(o + 4, 4 + n));
	return 12 + n;
}

/* A PNG of the given bit depth and colour type with raw (already filtered)
 * rows in one stored (uncompressed) deflate block; ppm > 0 adds pHYs. */
static size_t hand_png(unsigned char *o, uint32_t w, uint32_t h, int depth, int ctype,
		       const unsigned char *raw, uint16_t rawlen, uint32_t ppm)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	size_t n = 0;
	memcpy(o, sig, 8);
	n += 8;
	unsigned char ihdr[13] = {0};
	be32(ihdr, w);
	be32(ihdr + 4, h);
	ihdr[8] = (unsigned char)depth;
	ihdr[9] = (unsigned char)ctype;
	n += chunk(o + n, "IHDR", ihdr, 13);
	if (ppm) {
		unsigned char phys[9];
		be32(phys, ppm);
		be32(phys + 4, ppm);
		phys[8] = 1;
		n += chunk(o + n, "pHYs", phys, 9);
	}
	unsigned char z[512];
	size_t zn = 0;
	z[zn++] = 0x78, z[zn++] = 0x01;               /* zlib header */
	z[zn++] = 0x01;                                /* final stored block */
	z[zn++] = (unsigned char)rawlen, z[zn++] = (unsigned char)(rawlen >> 8);
	z[zn++] = (unsigned char)~rawlen, z[zn++] = (unsigned char)(~rawlen >> 8);
	if (rawlen)
		memcpy(z + zn, raw, rawlen);
	zn += rawlen;
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < rawlen; i++)
		a = (a + raw[i]) % 65521, b = (b + a) % 65521;
	be32(z + zn, b << 16 | a);
	zn += 4;
	n += chunk(o + n, "IDAT", z, (uint32_t)zn);
	n += chunk(o + n, "IEND", NULL, 0);
	return n;
}

/* ---- PNG ---- */

static void test_png_opaque(void **state)
{
	fx *f = *state;
	uint32_t px[12];
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 4; x++)
			px[y * 4 + x] = 0xFF000000u | (uint32_t)(x * 60) << 16 | (uint32_t)(y * 80) << 8 | 200;
	const char *p = cairo_png(f, "rgb.png", CAIRO_FORMAT_RGB24, 4, 3, px);
	image *im = load_image(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(im);
	assert_int_equal(im->width, 4);
	assert_int_equal(im->height, 3);
	assert_false(im->is_jpeg);
	assert_null(im->alpha);
	assert_non_null(im->rgb);
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 4; x++) {
			const unsigned char *c = im->rgb + 3 * (y * 4 + x);
			assert_int_equal(c[0], x * 60);
			assert_int_equal(c[1], y * 80);
			assert_int_equal(c[2], 200);
		}
	assert_string_equal(im->path, p);
	assert_int_equal(im->pos.line, 12);
	assert_true(im->dpi == 0);
	assert_int_equal(f->d->ninputs, 1);
}

static void test_png_alpha(void **state)
{
	fx *f = *state;
	/* premultiplied: opaque red, half-transparent green, clear, quarter blue */
	const uint32_t px[4] = {0xFFFF0000u, 0x80008000u, 0x00000000u, 0x40000040u};
	const char *p = cairo_png(f, "rgba.png", CAIRO_FORMAT_ARGB32, 4, 1, px);
	image *im = load_image(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(im);
	assert_non_null(im->alpha);
	assert_int_equal(im->alpha[0], 255);
	assert_int_equal(im->alpha[1], 128);
	assert_int_equal(im->alpha[2], 0);
	assert_int_equal(im->alpha[3], 64);
	const unsigned char *c = im->rgb;
	/* un-premultiplied colour: full-strength channels come back as 255 */
	assert_int_equal(c[0], 255), assert_int_equal(c[1], 0), assert_int_equal(c[2], 0);
	assert_int_equal(c[3], 0), assert_in_range(c[4], 253, 255), assert_int_equal(c[5], 0);
	assert_int_equal(c[6], 0), assert_int_equal(c[7], 0), assert_int_equal(c[8], 0);
	assert_int_equal(c[9], 0), assert_int_equal(c[10], 0), assert_in_range(c[11], 252, 255);
}

static void test_png_argb_all_opaque(void **state)
{
	fx *f = *state;
	const uint32_t px[2] = {0xFF102030u, 0xFFFFFFFFu};
	const char *p = cairo_png(f, "opaque.png", CAIRO_FORMAT_ARGB32, 2, 1, px);
	image *im = load_image(f->d, &f->dg, p, FROM);
	assert_non_null(im);
	assert_null(im->alpha); /* no soft mask when nothing is see-through */
	assert_int_equal(im->rgb[0], 0x10);
	assert_int_equal(im->rgb[2], 0x30);
}

static void test_png_truncated_and_corrupt(void **state)
{
	fx *f = *state;
	enum { W = 64, H = 64 };
	uint32_t *px = malloc(W * H * sizeof *px);
	uint32_t seed = 7;
	for (int i = 0; i < W * H; i++) {
		seed = seed * 1103515245u + 12345u; /* noise: IDAT does not compress away */
		px[i] = 0xFF000000u | (seed >> 8);
	}
	const char *p = cairo_png(f, "noise.png", CAIRO_FORMAT_RGB24, W, H, px);
	free(px);
	size_t n;
	unsigned char *bytes = slurp(p, &n);
	assert_true(n > 4000);

	/* cut in the middle of the image data: an error, never an abort */
	p = put(f, "cut.png", bytes, n / 2);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	char msg[256];
	snprintf(msg, sizeof msg, "'%s' is a corrupt or truncated PNG", p);
	expect_error(f, msg);

	/* a flipped byte inside IDAT (CRC mismatch) */
	bytes[n / 2] ^= 0x55;
	p = put(f, "flip.png", bytes, n);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' is a corrupt or truncated PNG", p);
	expect_error(f, msg);

	/* only the signature */
	p = put(f, "sig.png", bytes, 8);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' is a corrupt or truncated PNG (no valid IHDR header)", p);
	expect_error(f, msg);
	free(bytes);
	assert_int_equal(f->dg.errors, 3);
}

static void test_png_too_large(void **state)
{
	fx *f = *state;
	static const struct {
		uint32_t w, h;
	} sizes[] = {{100000, 100000}, {20001, 1}, {8000, 8000}};
	for (size_t i = 0; i < 3; i++) {
		/* a header only: refused before any decoding (decoding would fail
		 * with a different message, as there is no image data) */
		unsigned char o[128];
		size_t n = hand_png(o, sizes[i].w, sizes[i].h, 8, 2, NULL, 0, 0);
		const char *p = put(f, "huge.png", o, n);
		assert_null(load_image(f->d, &f->dg, p, FROM));
		char msg[256];
		snprintf(msg, sizeof msg, "image '%s' is %ux%u pixels; the limits are 20000 pixels per side (image-side)", p,
			 (unsigned)sizes[i].w, (unsigned)sizes[i].h);
		expect_error(f, msg);
	}
	assert_int_equal(f->dg.errors, 3);
	assert_null(strstr(said(f), "corrupt"));
}

static void test_png_16bit_gray_alpha_and_dpi(void **state)
{
	fx *f = *state;
	/* 2×1 RGB, 16 bits per channel (libharu 2.3.0 garbles these) */
	const unsigned char raw16[] = {0, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0x80,
				       0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC};
	unsigned char o[512];
	size_t n = hand_png(o, 2, 1, 16, 2, raw16, sizeof raw16, 5906);
	const char *p = put(f, "deep.png", o, n);
	image *im = load_image(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(im);
	assert_int_equal(im->width, 2);
	assert_null(im->alpha);
	const unsigned char want[6] = {0xFF, 0x00, 0x80, 0x12, 0x56, 0x9A};
	for (int i = 0; i < 6; i++) /* 16 → 8 bits may round either way */
		assert_true(abs(im->rgb[i] - want[i]) <= 1);
	assert_true(im->dpi == 150); /* 5906 px/m */

	/* 2×1 grey + alpha, 8 bits */
	const unsigned char rawga[] = {0, 100, 255, 200, 0};
	n = hand_png(o, 2, 1, 8, 4, rawga, sizeof rawga, 0);
	p = put(f, "ga.png", o, n);
	im = load_image(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(im);
	assert_non_null(im->alpha);
	assert_int_equal(im->alpha[0], 255);
	assert_int_equal(im->alpha[1], 0);
	assert_int_equal(im->rgb[0], 100);
	assert_int_equal(im->rgb[1], 100);
	assert_int_equal(im->rgb[2], 100);
}

/* ---- not an image ---- */

static void test_not_an_image(void **state)
{
	fx *f = *state;
	const char *p = put(f, "photo.png", "hello, world\n", 13);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	char msg[256];
	snprintf(msg, sizeof msg, "'%s' is not a PNG, JPEG or SVG image", p);
	expect_error(f, msg);

	p = put(f, "anim.png", "GIF89a\x01\x00\x01\x00", 10);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' is not a PNG, JPEG or SVG image (it looks like a GIF image)", p);
	expect_error(f, msg);

	p = put(f, "empty.jpg", "", 0);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' is not a PNG, JPEG or SVG image", p);
	expect_error(f, msg);

	p = path_of(f, "missing.png");
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "cannot read '%s': No such file or directory", p);
	expect_error(f, msg);

	assert_null(load_image(f->d, &f->dg, f->dir, FROM));
	snprintf(msg, sizeof msg, "cannot read '%s': Is a directory", f->dir);
	expect_error(f, msg);
	assert_int_equal(f->dg.errors, 5);
}

/* ---- JPEG ---- */

static void test_jpeg_ok(void **state)
{
	fx *f = *state;
	/* the magic bytes decide, not the name */
	const char *p = put(f, "tiny.png", tiny_jpg, sizeof tiny_jpg);
	image *im = load_image(f->d, &f->dg, p, FROM);
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(im);
	assert_true(im->is_jpeg);
	assert_int_equal(im->width, 3);
	assert_int_equal(im->height, 2);
	assert_null(im->rgb);
	assert_null(im->alpha);
	assert_true(im->dpi == 150);

	/* trailing bytes after the EOI are harmless */
	unsigned char *more = malloc(sizeof tiny_jpg + 16);
	memcpy(more, tiny_jpg, sizeof tiny_jpg);
	memset(more + sizeof tiny_jpg, 0, 16);
	p = put(f, "padded.jpg", more, sizeof tiny_jpg + 16);
	free(more);
	assert_non_null(load_image(f->d, &f->dg, p, FROM));
	assert_int_equal(f->dg.errors, 0);
}

static void test_jpeg_truncated(void **state)
{
	fx *f = *state;
	char msg[256];
	/* cut inside the scan, just before the EOI, and inside the headers */
	const size_t cuts[] = {sizeof tiny_jpg - 20, sizeof tiny_jpg - 2, 100};
	for (size_t i = 0; i < 3; i++) {
		const char *p = put(f, "cut.jpg", tiny_jpg, cuts[i]);
		assert_null(load_image(f->d, &f->dg, p, FROM));
		snprintf(msg, sizeof msg, "'%s' is a truncated JPEG", p);
		expect_error(f, msg);
	}
	/* SOI + a JFIF header and nothing else */
	static const unsigned char stub[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0,
					     1,    1,    1,    0,    72,   0,    72,  0,   0};
	const char *p = put(f, "stub.jpg", stub, sizeof stub);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' is a truncated JPEG", p);
	expect_error(f, msg);
	assert_int_equal(f->dg.errors, 4);
}

static void test_jpeg_too_large_and_unsupported(void **state)
{
	fx *f = *state;
	unsigned char j[sizeof tiny_jpg];
	memcpy(j, tiny_jpg, sizeof j);
	size_t sof = 0;
	while (sof + 1 < sizeof j && !(j[sof] == 0xFF && j[sof + 1] == 0xC0))
		sof++;
	assert_true(sof + 9 < sizeof j);
	j[sof + 7] = 30000 >> 8, j[sof + 8] = 30000 & 255; /* width */
	const char *p = put(f, "wide.jpg", j, sizeof j);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	char msg[256];
	snprintf(msg, sizeof msg, "image '%s' is 30000x2 pixels; the limits are 20000 pixels per side", p);
	expect_error(f, msg);

	memcpy(j, tiny_jpg, sizeof j);
	j[sof + 1] = 0xC9; /* arithmetic coding */
	p = put(f, "arith.jpg", j, sizeof j);
	assert_null(load_image(f->d, &f->dg, p, FROM));
	snprintf(msg, sizeof msg, "'%s' uses a JPEG coding (SOF9) that PDF viewers do not show", p);
	expect_error(f, msg);
	assert_int_equal(f->dg.errors, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_png_opaque),
		T(test_png_alpha),
		T(test_png_argb_all_opaque),
		T(test_png_truncated_and_corrupt),
		T(test_png_too_large),
		T(test_png_16bit_gray_alpha_and_dpi),
		T(test_not_an_image),
		T(test_jpeg_ok),
		T(test_jpeg_truncated),
		T(test_jpeg_too_large_and_unsupported),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
