/* test_print.c — the print profiles and the page grid (docs/print.md,
 * docs/layout.md "page"): colours as the render stage writes them, the
 * classification joined to the running lines, the cover's band, title and
 * details, the safe area, and the default measure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "build.h"
#include "load.h"
#include "render.h"

typedef layfx fx;

static const srcpos P0 = {"t", 1, 1};
#define MM (72 / 25.4)

static int setup(void **state)
{
	fx *f = layfx_new(
	    layfx_doc((page_setup){595.276, 841.89, 70.87, 70.87, 99.21, 99.21, false, SEC_START_AUTO, false}));
	f->d->header = (running){"{title}", NULL, "{section}"};
	f->d->footer = (running){NULL, NULL, "Page {page} of {pages}"};
	*state = f;
	return 0;
}

static void run(fx *f)
{
	assert_int_equal(layfx_layout(f), 0);
	assert_non_null(f->L);
}

static const char *filler(doc *d, int n)
{
	static const char *const w[] = {"delegation", "of", "the", "ministry", "reported", "on", "crime",
					"prevention", "and", "criminal", "justice", "at", "Kyoto", "in", "March"};
	buf b = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", w[(i * 7 + i / 3) % 15]);
	const char *s = arena_strdup(d->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void content(doc *d, int sections)
{
	doc_add(d, BLK_COVER, P0);
	for (int i = 0; i < sections; i++) {
		build_heading(d, P0, i ? "Second section" : "First section", 1, true, true);
		build_para(d, P0, ST_BODY, filler(d, 300), 0);
	}
}

/* ---- colours ---- */
static void test_cmyk(void **state)
{
	(void)state;
	double k[4];
	render_cmyk(0x000000, k);
	assert_true(k[0] == 0 && k[1] == 0 && k[2] == 0 && k[3] == 1);
	render_cmyk(0xFFFFFF, k);
	assert_true(k[0] == 0 && k[1] == 0 && k[2] == 0 && k[3] == 0);
	render_cmyk(0x5A5A5A, k); /* a neutral grey: black ink alone */
	assert_true(k[0] == 0 && k[1] == 0 && k[2] == 0);
	assert_float_equal(k[3], 1 - 0x5A / 255.0, 0.001);
	render_cmyk(0x1F3A5F, k); /* navy */
	assert_float_equal(k[0], 0.674, 0.001);
	assert_float_equal(k[1], 0.389, 0.001);
	assert_float_equal(k[2], 0, 0.001);
	assert_float_equal(k[3], 0.627, 0.001);
	render_cmyk(0xC9A227, k); /* gold: no cyan */
	assert_true(k[0] == 0 && k[1] > 0 && k[2] > 0.7);
}

static void test_ink(void **state)
{
	(void)state;
	assert_true(render_is_ink(0x1A1A1A));
	assert_true(render_is_ink(0x000000));
	assert_true(render_is_ink(0x333333));
	assert_false(render_is_ink(0x5A5A5A)); /* a grey meant as grey */
	assert_false(render_is_ink(0x1F3A5F)); /* navy is a colour */
	assert_false(render_is_ink(0x8B1A1A));
}

/* ---- the classification: one line of chrome at each edge ---- */
static void test_classification_joins_running_lines(void **state)
{
	fx *f = *state;
	f->d->meta.classification = "RESTRICTED";
	content(f->d, 2);
	run(f);
	assert_true(f->L->npages >= 3);
	for (size_t p = 0; p < f->L->npages; p++) {
		const lpage *pg = &f->L->pages[p];
		double ys[4];
		int n = 0;
		for (size_t i = 0; i < pg->n; i++)
			if (pg->items[i].kind == IT_TEXT && !strcmp(pg->items[i].text, "RESTRICTED") && n < 4)
				ys[n++] = pg->items[i].y;
		assert_int_equal(n, 2); /* top and bottom, once each */
		if (pg->cover)
			continue;
		/* on the baselines of the running head and foot */
		for (int k = 0; k < 2; k++) {
			int same = 0;
			for (size_t i = 0; i < pg->n; i++)
				if (pg->items[i].kind == IT_TEXT && strcmp(pg->items[i].text, "RESTRICTED") &&
				    fabs(pg->items[i].y - ys[k]) < 0.01)
					same++;
			if (!same)
				fail_msg("page %zu: the classification at y %.1f is a line of its own", p + 1, ys[k]);
		}
	}
}

/* ---- the cover ---- */
static int title_lines(const lpage *pg, uint32_t color, double *size)
{
	double ys[64];
	int n = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind != IT_TEXT || it->color != color || it->size < 14)
			continue;
		*size = it->size;
		bool seen = false;
		for (int k = 0; k < n; k++)
			seen |= fabs(ys[k] - it->y) < 0.01;
		if (!seen && n < 64)
			ys[n++] = it->y;
	}
	return n;
}

static void test_cover_title_four_lines(void **state)
{
	(void)state;
	const char *titles[] = {"Short title",
				"Pre-meeting briefing: Viet Nam's Ministry of Public Security delegation to the "
				"14th UN Congress on Crime Prevention and Criminal Justice (Kyoto, 7–12 March 2021)"};
	for (int t = 0; t < 2; t++) {
		void *st;
		setup(&st);
		fx *f = st;
		f->d->meta.title = titles[t];
		content(f->d, 1);
		run(f);
		double size = 0;
		int n = title_lines(&f->L->pages[0], f->d->styles[ST_TITLE].color, &size);
		if (n < 1 || n > 4)
			fail_msg("title %d: %d lines at %.1f pt", t, n, size);
		if (t == 0)
			assert_float_equal(size, f->d->styles[ST_TITLE].size, 0.001);
		else
			assert_true(size < f->d->styles[ST_TITLE].size && n == 4);
		layfx_teardown(&st);
	}
}

/* No line twice on the cover: the author in the band is not repeated in
 * the details; with an organisation in the band, the author is there. */
static void test_cover_author_once(void **state)
{
	for (int org = 0; org < 2; org++) {
		void *st;
		setup(&st);
		fx *f = st;
		(void)state;
		f->d->meta.author = "Briefing unit";
		f->d->meta.organisation = org ? "Ministry" : NULL;
		content(f->d, 1);
		run(f);
		const lpage *pg = &f->L->pages[0];
		int n = 0;
		for (size_t i = 0; i < pg->n; i++)
			if (pg->items[i].kind == IT_TEXT && strstr(pg->items[i].text, "Briefing"))
				n++;
		assert_int_equal(n, 1);
		for (size_t i = 0; i < pg->n; i++) /* a text line is never set twice */
			for (size_t j = i + 1; j < pg->n; j++)
				if (pg->items[i].kind == IT_TEXT && pg->items[j].kind == IT_TEXT &&
				    !strcmp(pg->items[i].text, pg->items[j].text) && strlen(pg->items[i].text) > 3 &&
				    fabs(pg->items[i].y - pg->items[j].y) > 0.01)
					fail_msg("'%s' twice on the cover", pg->items[i].text);
		layfx_teardown(&st);
	}
}

/* ---- the profiles in layout: the band, the safe area ---- */
static void test_office_safe_area(void **state)
{
	fx *f = *state;
	f->d->meta.classification = "RESTRICTED";
	f->d->meta.organisation = "Ministry";
	f->d->print = (doc_print){PRINT_OFFICE, 0, 8 * MM, false, P0};
	content(f->d, 2);
	run(f);
	double W = f->d->page.width, H = f->d->page.height, s = 8 * MM - 0.01;
	for (size_t p = 0; p < f->L->npages; p++)
		for (size_t i = 0; i < f->L->pages[p].n; i++) {
			const item *it = &f->L->pages[p].items[i];
			double x0 = it->x, x1 = it->x + it->w, y0 = it->y, y1 = it->y + it->h;
			if (it->kind == IT_TEXT)
				y0 = it->y - it->size * 0.3, y1 = it->y + it->size;
			if (it->kind == IT_LINK || it->kind == IT_URI)
				continue;
			if (x0 < s || x1 > W - s || y0 < s || y1 > H - s)
				fail_msg("page %zu: item %zu (kind %d, '%s') at %.1f,%.1f-%.1f,%.1f outside the 8 mm safe area",
					 p + 1, i, it->kind, it->kind == IT_TEXT ? it->text : "", x0, y0, x1, y1);
		}
}

static void test_press_band_bleeds(void **state)
{
	fx *f = *state;
	double bleed = 3 * MM;
	f->d->print = (doc_print){PRINT_PRESS, bleed, 8 * MM, false, P0};
	content(f->d, 1);
	run(f);
	const lpage *pg = &f->L->pages[0];
	bool band = false;
	for (size_t i = 0; i < pg->n; i++) {
		const item *it = &pg->items[i];
		if (it->kind == IT_RECT && it->w > f->d->page.width)
			band = fabs(it->x + bleed) < 0.01 && fabs(it->w - f->d->page.width - 2 * bleed) < 0.01 &&
			       fabs(it->y + it->h - f->d->page.height - bleed) < 0.01;
	}
	assert_true(band);
}

/* ---- the page grid: the default measure holds 60 to 80 characters ---- */
static void test_default_measure(void **state)
{
	(void)state;
	char dir[] = "/tmp/dossier-print-XXXXXX", path[256], cwd[200];
	assert_non_null(mkdtemp(dir));
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(path, sizeof path, "%s/l.yaml", dir);
	FILE *fp = fopen(path, "w");
	fprintf(fp, "dossier: 1\ndocument: {title: T}\nfonts: {dir: %s/fonts, body: NotoSerif, heading: NotoSans}\n"
		    "parts:\n  - text: {text: \"x\"}\n", cwd);
	fclose(fp);
	diag dg;
	diag_init(&dg, tmpfile());
	doc *d = load_layout_opts(&dg, path, NULL);
	assert_int_equal(dg.errors, 0);
	fontset *fs = fontset_load(d, &dg);
	double W = d->page.width - d->page.inside - d->page.outside;
	const char *text = filler(d, 600);
	layout_line lines[200];
	size_t n = layout_break_text(d, fs, text, ST_BODY, W, lines, 200);
	assert_true(n > 10);
	double per_line = (double)strlen(text) / ((double)n - 0.5);
	if (per_line < 60 || per_line > 80)
		fail_msg("the default measure of %.0f pt holds %.1f characters a line", W, per_line);
	fontset_free(fs);
	doc_free(d);
	diag_free(&dg);
	fclose(dg.out);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmyk),
		cmocka_unit_test(test_ink),
		cmocka_unit_test_setup_teardown(test_classification_joins_running_lines, setup, layfx_teardown),
		cmocka_unit_test(test_cover_title_four_lines),
		cmocka_unit_test(test_cover_author_once),
		cmocka_unit_test_setup_teardown(test_office_safe_area, setup, layfx_teardown),
		cmocka_unit_test_setup_teardown(test_press_band_bleeds, setup, layfx_teardown),
		cmocka_unit_test(test_default_measure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
