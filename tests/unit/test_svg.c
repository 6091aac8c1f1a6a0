/* test_svg.c — SVG images: size, drawing read back as paths, errors, and the
 * printed size of any image (image_size). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "bounds.h"
#include "load.h"
#include "svg.h"
#include "fixture.h"

#define NS "xmlns=\"http://www.w3.org/2000/svg\""

static void size_of(const char *svg, double *w, double *h, bool want)
{
	char why[256] = "";
	bool ok = svg_size(svg, strlen(svg), w, h, why, sizeof why);
	if (ok != want)
		fail_msg("svg_size gave %d (%s) for %s", ok, why, svg);
}

static void test_size(void **state)
{
	(void)state;
	double w, h;
	size_of("<svg " NS " width=\"120\" height=\"40\"/>", &w, &h, true);
	assert_float_equal(w, 120, 1e-9);
	assert_float_equal(h, 40, 1e-9);
	/* units: 25.4mm = 1in = 96px */
	size_of("<svg " NS " width=\"25.4mm\" height=\"1in\"/>", &w, &h, true);
	assert_float_equal(w, 96, 1e-6);
	assert_float_equal(h, 96, 1e-6);
	/* a viewBox alone gives the size */
	size_of("<svg " NS " viewBox=\"0 0 300 150\"/>", &w, &h, true);
	assert_float_equal(w, 300, 1e-9);
	assert_float_equal(h, 150, 1e-9);
	/* width in per cent: the viewBox */
	size_of("<svg " NS " width=\"100%\" height=\"100%\" viewBox=\"0 0 30 10\"/>", &w, &h, true);
	assert_float_equal(w, 30, 1e-9);
	assert_float_equal(h, 10, 1e-9);
	/* one length and a viewBox: the other from its proportions */
	size_of("<svg " NS " width=\"60\" viewBox=\"0 0 30 10\"/>", &w, &h, true);
	assert_float_equal(w, 60, 1e-9);
	assert_float_equal(h, 20, 1e-9);
}

static void test_no_size(void **state)
{
	(void)state;
	double w, h;
	char why[256];
	const char *s = "<svg " NS "><rect width=\"5\" height=\"5\"/></svg>";
	assert_false(svg_size(s, strlen(s), &w, &h, why, sizeof why));
	assert_non_null(strstr(why, "no size"));
	s = "<svg " NS " width=\"0\" height=\"10\"/>";
	assert_false(svg_size(s, strlen(s), &w, &h, why, sizeof why));
}

typedef struct {
	arena *a;
	image im;
	char why[320];
	int line, col;
} loaded;

static bool load_(loaded *L, const char *svg)
{
	memset(L, 0, sizeof *L);
	L->a = arena_new();
	return svg_load(L->a, &L->im, svg, strlen(svg), L->why, sizeof L->why, &L->line, &L->col);
}

static bool load(loaded *L, const char *svg)
{
	bool ok = load_(L, svg);
	if (!ok)
		print_message("svg_load: %s\n", L->why);
	return ok;
}

static void bbox(const svg_shape *s, double *b)
{
	b[0] = b[1] = INFINITY;
	b[2] = b[3] = -INFINITY;
	for (size_t k = 0; k < s->n;) {
		int op = (int)s->ops[k];
		int npts = op == PATH_CURVE ? 3 : op == PATH_CLOSE ? 0 : 1;
		for (int j = 0; j < npts; j++) {
			double x = s->ops[k + 1 + 2 * j], y = s->ops[k + 2 + 2 * j];
			b[0] = fmin(b[0], x), b[1] = fmin(b[1], y);
			b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
		}
		k += 1 + 2 * (size_t)npts;
	}
}

static void test_fill_and_stroke(void **state)
{
	(void)state;
	loaded L;
	assert_true(load(&L, "<svg " NS " width=\"100\" height=\"50\">"
			     "<rect x=\"10\" y=\"5\" width=\"30\" height=\"20\" fill=\"#ff0000\""
			     " stroke=\"#0000ff\" stroke-width=\"4\"/></svg>"));
	assert_true(L.im.is_svg);
	assert_int_equal(L.im.width, 100);
	assert_int_equal(L.im.height, 50);
	assert_int_equal(L.im.nsvg, 2);
	const svg_shape *f = &L.im.svg[0], *s = &L.im.svg[1];
	assert_true(f->fill);
	assert_int_equal(f->color, 0xFF0000);
	assert_float_equal(f->alpha, 1, 1e-6);
	double b[4];
	bbox(f, b);
	assert_float_equal(b[0], 10, 1e-6);
	assert_float_equal(b[1], 5, 1e-6);
	assert_float_equal(b[2], 40, 1e-6);
	assert_float_equal(b[3], 25, 1e-6);
	assert_false(s->fill);
	assert_int_equal(s->color, 0x0000FF);
	assert_float_equal(s->lw, 4, 1e-6);
	arena_free(L.a);
}

static void test_transform_group_gradient(void **state)
{
	(void)state;
	loaded L;
	/* a scaled group with opacity, a gradient from black to white, a grey */
	assert_true(load(&L, "<svg " NS " viewBox=\"0 0 100 100\">"
			     "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#000\"/>"
			     "<stop offset=\"1\" stop-color=\"#fff\"/></linearGradient></defs>"
			     "<rect width=\"10\" height=\"10\" fill=\"url(#g)\"/>"
			     "<g transform=\"translate(50 50) scale(2)\" opacity=\"0.5\">"
			     "<rect width=\"10\" height=\"10\" fill=\"#808080\"/>"
			     "<path d=\"M0 0 L10 10\" stroke=\"#00ff00\" stroke-width=\"1\"/></g></svg>"));
	/* the gradient square, the group's square, its line (filled, as SVG
	 * fills an open path, and stroked) */
	if (L.im.nsvg != 4)
		fail_msg("%zu shapes", L.im.nsvg);
	/* the gradient: the mean of its stops */
	uint32_t c = L.im.svg[0].color;
	assert_in_range(c >> 16, 0x7E, 0x81);
	assert_in_range(c & 0xFF, 0x7E, 0x81);
	double b[4];
	bbox(&L.im.svg[1], b);
	assert_float_equal(b[0], 50, 1e-6);
	assert_float_equal(b[3], 70, 1e-6);
	assert_float_equal(L.im.svg[1].alpha, 0.5, 1e-6);
	assert_in_range(L.im.svg[1].color >> 16, 0x7F, 0x81);
	/* a stroke in a scaled group: its width scaled too */
	const svg_shape *st = &L.im.svg[3];
	assert_false(st->fill);
	assert_int_equal(st->color, 0x00FF00);
	assert_float_equal(st->lw, 2, 1e-6);
	assert_float_equal(st->alpha, 0.5, 1e-6);
	bbox(st, b);
	assert_float_equal(b[2], 70, 1e-6);
	arena_free(L.a);
}

static void test_rotated(void **state)
{
	(void)state;
	loaded L;
	assert_true(load(&L, "<svg " NS " width=\"100\" height=\"100\"><g transform=\"rotate(90)\">"
			     "<rect width=\"10\" height=\"20\" fill=\"none\" stroke=\"red\" stroke-width=\"3\"/></g></svg>"));
	assert_int_equal(L.im.nsvg, 1);
	double b[4];
	bbox(&L.im.svg[0], b);
	assert_float_equal(b[0], -20, 1e-3);
	assert_float_equal(b[2], 0, 1e-3);
	assert_float_equal(b[3], 10, 1e-3);
	assert_float_equal(L.im.svg[0].lw, 3, 1e-3);
	arena_free(L.a);
}

static void test_clip_paths(void **state)
{
	(void)state;
	loaded L;
	/* a square clipped by a circle, inside a group clipped by a rectangle */
	assert_true(load(&L, "<svg " NS " width=\"100\" height=\"100\"><defs>"
			     "<clipPath id=\"c\"><circle cx=\"50\" cy=\"50\" r=\"40\"/></clipPath>"
			     "<clipPath id=\"d\"><rect width=\"60\" height=\"100\"/></clipPath></defs>"
			     "<g clip-path=\"url(#d)\"><rect width=\"100\" height=\"100\" fill=\"red\" clip-path=\"url(#c)\"/></g>"
			     "<rect x=\"60\" y=\"60\" width=\"30\" height=\"30\" fill=\"blue\"/></svg>"));
	const svg_shape *red = NULL, *blue = NULL;
	for (size_t i = 0; i < L.im.nsvg; i++) {
		if (L.im.svg[i].color == 0xFF0000)
			red = &L.im.svg[i];
		if (L.im.svg[i].color == 0x0000FF)
			blue = &L.im.svg[i];
	}
	assert_non_null(red);
	assert_non_null(blue);
	assert_int_equal(blue->nclip, 0);
	/* the circle (curves, within 10..90) and the rectangle (x up to 60) */
	int ends = 0, curves = 0;
	double xmax = 0;
	for (size_t k = 0; k < red->nclip;) {
		int op = (int)red->clip[k];
		if (op == SVG_CLIP_NEXT) {
			ends++;
			k++;
			continue;
		}
		int npts = op == PATH_CURVE ? 3 : op == PATH_CLOSE ? 0 : 1;
		curves += op == PATH_CURVE;
		for (int j = 0; j < npts; j++)
			xmax = fmax(xmax, red->clip[k + 1 + 2 * j]);
		k += 1 + 2 * (size_t)npts;
	}
	assert_true(ends >= 2);
	assert_true(curves >= 4);
	assert_float_equal(xmax, 90, 1e-3);
	assert_int_equal((int)red->clip[red->nclip - 1], SVG_CLIP_NEXT);
	arena_free(L.a);
}

static void test_many_and_nested_groups(void **state)
{
	(void)state;
	/* 600 translucent groups side by side, then 40 nested ones */
	size_t cap = 200000, n = 0;
	char *svg = malloc(cap);
	n += (size_t)snprintf(svg + n, cap - n, "<svg " NS " width=\"100\" height=\"100\">");
	for (int i = 0; i < 600; i++)
		n += (size_t)snprintf(svg + n, cap - n,
				      "<g opacity=\"0.5\"><rect x=\"%d\" width=\"1\" height=\"1\"/></g>", i % 100);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(svg + n, cap - n, "<g opacity=\"0.9\">");
	n += (size_t)snprintf(svg + n, cap - n, "<rect width=\"10\" height=\"10\" fill=\"#00f\"/>");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(svg + n, cap - n, "</g>");
	snprintf(svg + n, cap - n, "</svg>");
	loaded L;
	assert_true(load(&L, svg));
	free(svg);
	assert_int_equal(L.im.nsvg, 601);
	assert_float_equal(L.im.svg[0].alpha, 0.5, 1e-6);
	assert_int_equal(L.im.svg[600].color, 0x0000FF);
	assert_float_equal(L.im.svg[600].alpha, pow(0.9, 40), 1e-3);
	arena_free(L.a);
}

static void test_open_path_translucent_stroke(void **state)
{
	(void)state;
	loaded L;
	/* an open straight path: filled (black, by default) it has no area;
	 * stroked at half opacity */
	assert_true(load(&L, "<svg " NS " width=\"100\" height=\"100\"><path d=\"M0 90 L100 90\""
			     " stroke=\"#000\" stroke-width=\"4\" stroke-opacity=\"0.5\"/></svg>"));
	const svg_shape *st = NULL;
	for (size_t i = 0; i < L.im.nsvg; i++)
		if (!L.im.svg[i].fill)
			st = &L.im.svg[i];
	assert_non_null(st);
	assert_float_equal(st->alpha, 0.5, 0.01);
	assert_float_equal(st->lw, 4, 1e-6);
	arena_free(L.a);
}

static void test_text_becomes_paths(void **state)
{
	(void)state;
	loaded L;
	assert_true(load(&L, "<svg " NS " width=\"200\" height=\"50\"><text x=\"10\" y=\"40\""
			     " font-family=\"sans-serif\" font-size=\"30\" fill=\"#123456\">UN</text></svg>"));
	assert_true(L.im.nsvg >= 1);
	assert_int_equal(L.im.svg[0].color, 0x123456);
	assert_true(L.im.svg[0].n > 20); /* glyph outlines, curves and lines */
	arena_free(L.a);
}

static void test_errors(void **state)
{
	(void)state;
	loaded L;
	assert_false(load_(&L, "<svg " NS " width=\"10\" height=\"10\">\n<rect\n</svg>"));
	assert_int_equal(L.line, 3);
	assert_true(L.col >= 1);
	arena_free(L.a);

	assert_false(load_(&L, "<svg " NS " width=\"10\" height=\"10\">\n  <image href=\"logo.png\" width=\"5\" height=\"5\"/></svg>"));
	assert_non_null(strstr(L.why, "refers to 'logo.png'"));
	assert_int_equal(L.line, 2);
	assert_int_equal(L.col, 10);
	arena_free(L.a);

	assert_false(load_(&L, "<svg " NS " width=\"10\" height=\"10\"><use href=\"http://example.org/a.svg#x\"/></svg>"));
	assert_non_null(strstr(L.why, "refers to 'http://example.org/a.svg#x'"));
	arena_free(L.a);

	assert_false(load_(&L, "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY e SYSTEM \"/etc/passwd\">]>\n"
			      "<svg " NS " width=\"10\" height=\"10\"><text>&e;</text></svg>"));
	assert_non_null(strstr(L.why, "refers to '/etc/passwd'"));
	arena_free(L.a);

	/* references inside the SVG are fine */
	assert_true(load(&L, "<svg " NS " width=\"10\" height=\"10\"><defs><rect id=\"r\" width=\"5\" height=\"5\"/></defs>"
			     "<use href=\"#r\"/></svg>"));
	assert_int_equal(L.im.nsvg, 1);
	arena_free(L.a);

	/* a raster image inside (a data: URI) is not drawn as pixels */
	assert_false(load_(&L, "<svg " NS " width=\"10\" height=\"10\"><image width=\"5\" height=\"5\" href=\"data:image/png;base64,"
			      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\"/></svg>"));
	assert_non_null(strstr(L.why, "raster image (an <image> element or a filter effect"));
	arena_free(L.a);

	assert_false(load_(&L, "<svg " NS "><rect width=\"5\" height=\"5\"/></svg>"));
	assert_non_null(strstr(L.why, "no size"));
	arena_free(L.a);
}

static void test_load_image_svg(void **state)
{
	(void)state;
	char dir[] = "/tmp/dossier-svg-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[96];
	snprintf(path, sizeof path, "%s/logo.svg", dir);
	FILE *o = fopen(path, "w");
	assert_non_null(o);
	fputs("\n  <svg " NS " width=\"48\" height=\"24\"><circle cx=\"12\" cy=\"12\" r=\"10\"/></svg>\n", o);
	fclose(o);
	doc *d = doc_new();
	FILE *out = tmpfile();
	diag dg;
	diag_init(&dg, out);
	srcpos from = {"a.md", 3, 4};
	image *im = load_image(d, &dg, path, from);
	assert_non_null(im);
	assert_true(im->is_svg);
	assert_int_equal(im->nsvg, 1);
	assert_float_equal(im->dpi, 96, 0);
	/* the file-size limit applies to SVGs too */
	long keep = dossier_limits.file_bytes;
	dossier_limits.file_bytes = 20;
	snprintf(path, sizeof path, "%s/big.svg", dir);
	o = fopen(path, "w");
	fputs("<svg " NS " width=\"48\" height=\"24\"/>", o);
	fclose(o);
	assert_null(load_image(d, &dg, path, from));
	dossier_limits.file_bytes = keep;
	assert_int_equal(dg.errors, 1);
	char text[512] = "";
	assert_non_null(strstr(diag_records_text(&dg, text, sizeof text), "(limit file-size)"));
	diag_free(&dg);
	fclose(out);
	doc_free(d);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_image_size(void **state)
{
	(void)state;
	image im = {.width = 200, .height = 100, .dpi = 144};
	double w, h;
	image_size(&im, 0, 0, 1000, 1000, &w, &h); /* its own size: 200 px at 144 dpi */
	assert_float_equal(w, 100, 1e-9);
	assert_float_equal(h, 50, 1e-9);
	image_size(&im, 80, 0, 1000, 1000, &w, &h); /* width only: proportions kept */
	assert_float_equal(w, 80, 1e-9);
	assert_float_equal(h, 40, 1e-9);
	image_size(&im, 0, 30, 1000, 1000, &w, &h); /* height only */
	assert_float_equal(w, 60, 1e-9);
	assert_float_equal(h, 30, 1e-9);
	image_size(&im, 50, 50, 1000, 1000, &w, &h); /* both: as asked */
	assert_float_equal(w, 50, 1e-9);
	assert_float_equal(h, 50, 1e-9);
	image_size(&im, 400, 0, 300, 1000, &w, &h); /* too wide: scaled down, kept */
	assert_float_equal(w, 300, 1e-9);
	assert_float_equal(h, 150, 1e-9);
	image_size(&im, 0, 0, 1000, 20, &w, &h); /* too high */
	assert_float_equal(w, 40, 1e-9);
	assert_float_equal(h, 20, 1e-9);
	im.dpi = 0; /* no resolution: 96 dpi */
	image_size(&im, 0, 0, 1000, 1000, &w, &h);
	assert_float_equal(w, 150, 1e-9);
	/* an SVG: its exact size, not the rounded pixels */
	image svg = {.width = 10, .height = 3, .is_svg = true, .svg_w = 10.4, .svg_h = 2.6, .dpi = 96};
	image_size(&svg, 52, 0, 1000, 1000, &w, &h);
	assert_float_equal(h, 13, 1e-9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_no_size),
		cmocka_unit_test(test_fill_and_stroke),
		cmocka_unit_test(test_transform_group_gradient),
		cmocka_unit_test(test_rotated),
		cmocka_unit_test(test_clip_paths),
		cmocka_unit_test(test_many_and_nested_groups),
		cmocka_unit_test(test_open_path_translucent_stroke),
		cmocka_unit_test(test_text_becomes_paths),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load_image_svg),
		cmocka_unit_test(test_image_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
