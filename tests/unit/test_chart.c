/* test_chart.c — charts (chart.c) through a recording chart_out, and the
 * chart: part loader (load_chart.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "layout.h"
#include "load.h"
#include "fixture.h"

chart *load_chart(doc *d, diag *dg, const ynode *m, srcpos pos);

/* ---- a chart_out that records what it is given ---- */
typedef struct {
	double *ops;
	size_t n;
	bool fill;
	uint32_t fill_color, stroke_color;
	double alpha, lw;
	int dash;
	double x0, y0, x1, y1; /* bounding box of the end points */
} rpath;

typedef struct {
	double x, y, size, w;
	int role;
	uint32_t color;
	char *s;
} rtext;

typedef struct {
	rpath p[4096];
	size_t np;
	rtext t[4096];
	size_t nt;
} rec;

/* Every character is 0.5 em wide: simple, and enough to test fitting. */
static double rmeasure(void *user, int role, double size, const char *text)
{
	(void)user;
	(void)role;
	size_t n = 0;
	for (const char *s = text; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return 0.5 * size * (double)n;
}

static void rtext_cb(void *user, double x, double y, int role, double size, uint32_t color,
		     const char *text)
{
	rec *r = user;
	assert_true(r->nt < 4096);
	rtext *t = &r->t[r->nt++];
	t->x = x;
	t->y = y;
	t->role = role;
	t->size = size;
	t->color = color;
	t->s = strdup(text);
	t->w = rmeasure(NULL, role, size, text);
	assert_true(isfinite(x) && isfinite(y) && size > 0);
}

static void rpath_cb(void *user, const double *ops, size_t n, bool fill, uint32_t fc, double alpha,
		     double lw, uint32_t sc, int dash)
{
	rec *r = user;
	assert_true(r->np < 4096);
	rpath *p = &r->p[r->np++];
	p->ops = malloc(n * sizeof(double));
	memcpy(p->ops, ops, n * sizeof(double));
	p->n = n;
	p->fill = fill;
	p->fill_color = fc;
	p->alpha = alpha;
	p->lw = lw;
	p->stroke_color = sc;
	p->dash = dash;
	p->x0 = p->y0 = INFINITY;
	p->x1 = p->y1 = -INFINITY;
	/* walk the ops: every op must be well formed */
	for (size_t i = 0; i < n;) {
		int op = (int)ops[i];
		int npts = op == PATH_MOVE || op == PATH_LINE ? 1 : op == PATH_CURVE ? 3 : 0;
		assert_true(op >= PATH_MOVE && op <= PATH_CLOSE);
		assert_true(i + 1 + 2 * (size_t)npts <= n);
		for (int k = 0; k < npts; k++) {
			double x = ops[i + 1 + 2 * k], y = ops[i + 2 + 2 * k];
			assert_true(isfinite(x) && isfinite(y));
			if (op == PATH_CURVE && k < 2)
				continue; /* control points are not on the shape */
			p->x0 = fmin(p->x0, x), p->x1 = fmax(p->x1, x);
			p->y0 = fmin(p->y0, y), p->y1 = fmax(p->y1, y);
		}
		i += 1 + 2 * (size_t)npts;
	}
}

static void rec_free(rec *r)
{
	for (size_t i = 0; i < r->np; i++)
		free(r->p[i].ops);
	for (size_t i = 0; i < r->nt; i++)
		free(r->t[i].s);
	r->np = r->nt = 0;
}

static rec *draw(const chart *ch, double width, double *height)
{
	rec *r = calloc(1, sizeof *r);
	chart_out out = {r, rmeasure, rtext_cb, rpath_cb};
	double h = chart_height(ch, &out, width);
	assert_true(h > 0 && isfinite(h));
	chart_draw(ch, &out, width, h);
	if (height)
		*height = h;
	return r;
}

static void done(rec *r)
{
	rec_free(r);
	free(r);
}

static const rtext *find_text(const rec *r, const char *s)
{
	for (size_t i = 0; i < r->nt; i++)
		if (strcmp(r->t[i].s, s) == 0)
			return &r->t[i];
	return NULL;
}

/* Filled paths of one colour, in drawing order. */
static size_t fills_of(const rec *r, uint32_t color, const rpath **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->np && n < max; i++)
		if (r->p[i].fill && r->p[i].fill_color == color)
			out[n++] = &r->p[i];
	return n;
}

static chart base(int type)
{
	chart ch;
	memset(&ch, 0, sizeof ch);
	ch.type = type;
	ch.y_min = NAN;
	ch.y_max = NAN;
	ch.language = "en";
	return ch;
}

static const char *participation[] = {"Member States", "Non-governmental organisations",
				      "Intergovernmental organisations", "Individual experts"};
static double counts[] = {152, 114, 37, 600};

/* cairo keeps path coordinates in 24.8 fixed point: 1/256 pt (0.001 mm) */
#define Q (1.0 / 256)

/* ---- nice scales, against values worked out by hand ---- */
static void test_nice_scale(void **state)
{
	(void)state;
	/* 0..152, 6 ticks: step 25 would need 0..175 = 8 ticks; step 50 gives 0..200 = 5 */
	chart_scale s = chart_nice_scale(0, 152, 6);
	assert_float_equal(s.lo, 0, 0);
	assert_float_equal(s.hi, 200, 0);
	assert_float_equal(s.step, 50, 0);
	assert_int_equal(s.nticks, 5);
	/* 0..152, 10 ticks: step 10 → 17 ticks, step 20 → 0..160 = 9 ticks */
	s = chart_nice_scale(0, 152, 10);
	assert_float_equal(s.hi, 160, 0);
	assert_float_equal(s.step, 20, 0);
	assert_int_equal(s.nticks, 9);
	/* 0..600, 6 ticks: step 100 → 7 ticks; step 200 → 4 */
	s = chart_nice_scale(0, 600, 6);
	assert_float_equal(s.hi, 600, 0);
	assert_float_equal(s.step, 200, 0);
	assert_int_equal(s.nticks, 4);
	/* 0..1, 5 ticks: 0.1 → 11, 0.2 → 6, 0.25 → 5 */
	s = chart_nice_scale(0, 1, 5);
	assert_float_equal(s.step, 0.25, 0);
	assert_float_equal(s.hi, 1, 0);
	assert_int_equal(s.nticks, 5);
	/* exact decimal bounds: 0..0.7 in steps of 0.1 ends at 0.7, not 0.7000000000000001 */
	s = chart_nice_scale(0, 0.7, 8);
	assert_float_equal(s.step, 0.1, 1e-15);
	assert_true(s.hi == 0.7);
	assert_int_equal(s.nticks, 8);
	/* -5.5..12, 8 ticks: 2.5 → -7.5..12.5 = 9 ticks; 5 → -10..15 = 6 */
	s = chart_nice_scale(-5.5, 12, 8);
	assert_float_equal(s.lo, -10, 0);
	assert_float_equal(s.hi, 15, 0);
	assert_float_equal(s.step, 5, 0);
	assert_int_equal(s.nticks, 6);
	/* all negative */
	s = chart_nice_scale(-152, 0, 6);
	assert_float_equal(s.lo, -200, 0);
	assert_float_equal(s.hi, 0, 0);
	/* large numbers: 0..5,600 with 7 ticks → step 1,000 */
	s = chart_nice_scale(0, 5600, 7);
	assert_float_equal(s.step, 1000, 0);
	assert_float_equal(s.hi, 6000, 0);
	/* a single value, nothing, reversed, too few ticks */
	s = chart_nice_scale(0, 0, 5);
	assert_float_equal(s.lo, 0, 0);
	assert_float_equal(s.hi, 1, 0);
	s = chart_nice_scale(7, 7, 5);
	assert_true(s.lo <= 0 && s.hi >= 7);
	s = chart_nice_scale(152, 0, 6);
	assert_float_equal(s.hi, 200, 0);
	s = chart_nice_scale(0, 152, 1);
	assert_true(s.nticks <= 2 && s.hi >= 152);
	s = chart_nice_scale(NAN, 3, 5);
	assert_true(s.hi > s.lo);
	/* the invariants, over many ranges */
	for (int i = 1; i < 500; i++) {
		double lo = -(double)(i % 7) * 13.7, hi = i * 3.3;
		for (int mt = 2; mt <= 10; mt++) {
			s = chart_nice_scale(lo, hi, mt);
			assert_true(s.lo <= lo + 1e-9 && s.hi >= hi - 1e-9);
			assert_true(s.nticks <= (lo < 0 && mt < 3 ? 3 : mt) && s.nticks >= 2);
			assert_false(signbit(s.lo) && s.lo == 0);
			assert_false(signbit(s.hi) && s.hi == 0);
			assert_float_equal((s.hi - s.lo) / s.step + 1, s.nticks, 1e-6);
		}
	}
}

/* ---- colours ---- */
static void test_colors(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		for (int j = i + 1; j < 8; j++)
			assert_int_not_equal(chart_color(i, 8, false), chart_color(j, 8, false));
	assert_int_equal(chart_color(0, 9, false), chart_color(8, 9, false)); /* cycles */
	/* colours print as greys in the order of the series, each clearly apart
	 * (grey level as a printer or pdftoppm -gray computes it) */
	for (int n = 2; n <= 8; n++)
		for (int i = 1; i < n; i++) {
			uint32_t a = chart_color(i - 1, n, false), b = chart_color(i, n, false);
			double ga = 0.30 * (a >> 16) + 0.59 * ((a >> 8) & 255) + 0.11 * (a & 255);
			double gb = 0.30 * (b >> 16) + 0.59 * ((b >> 8) & 255) + 0.11 * (b & 255);
			assert_true(gb > ga + 20);
		}
	uint32_t prev = 0;
	for (int n = 1; n <= 8; n++)
		for (int i = 0; i < n; i++) {
			uint32_t c = chart_color(i, n, true);
			unsigned r = c >> 16, g = (c >> 8) & 255, b = c & 255;
			assert_int_equal(r, g);
			assert_int_equal(g, b);
			assert_true(r >= 0x30 && r <= 0xD8); /* visible on white, not black */
			if (i > 0)
				assert_true(r > (prev >> 16) + 10); /* distinct levels */
			prev = c;
		}
}


/* ---- every text inside the box, gridlines clear of labels, bounds ---- */
static unsigned long seed_next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

/* The box of a recorded text (as the chart stage reckons it: accents above
 * the cap height, descenders below the baseline). */
static void text_box_of(const rtext *t, double *x0, double *y0, double *x1, double *y1)
{
	*x0 = t->x, *x1 = t->x + t->w;
	*y0 = t->y - 0.80 * t->size, *y1 = t->y + 0.24 * t->size;
}

/* Charts of every type over widths 120–500 pt with random data (a fixed
 * seed): the callback checks each one. */
static void each_chart(void (*check)(const rec *r, double w, double h, const char *what))
{
	static const char *cats[] = {"Member States", "NGOs", "Intergovernmental organisations", "Experts",
				     "Observers", "Press", "Staff", "Other participants"};
	static const char *names[] = {"First series", "Second", "Third one", "Fourth"};
	static const int types[] = {CHART_BAR, CHART_HBAR, CHART_STACKED, CHART_HSTACKED, CHART_LINE,
				    CHART_PIE, CHART_DONUT};
	unsigned long seed = 20210307;
	double vals[4][8];
	signed char bounds[4][8];
	chart_series ser[4];
	for (size_t t = 0; t < sizeof types / sizeof *types; t++)
		for (double w = 120; w <= 500; w += 20) {
			chart ch = base(types[t]);
			bool pie = types[t] == CHART_PIE || types[t] == CHART_DONUT;
			ch.ncat = 1 + seed_next(&seed) % 8;
			ch.nseries = pie ? 1 : 1 + seed_next(&seed) % 4;
			ch.categories = cats;
			ch.value_labels = true;
			ch.title = "Participants";
			ch.unit = seed_next(&seed) % 3 == 0 ? "delegates" : NULL;
			double scale = pow(10, (double)(seed_next(&seed) % 6));
			for (size_t s = 0; s < ch.nseries; s++) {
				for (size_t i = 0; i < ch.ncat; i++) {
					vals[s][i] = (double)(seed_next(&seed) % 1000) / 1000 * scale;
					if (!pie && seed_next(&seed) % 7 == 0)
						vals[s][i] = -vals[s][i] / 2;
					bounds[s][i] = seed_next(&seed) % 5 == 0 ? CHART_MORE : CHART_EXACT;
				}
				ser[s] = (chart_series){names[s], vals[s], bounds[s]};
			}
			ch.series = ser;
			double h;
			rec *r = draw(&ch, w, &h);
			char what[96];
			snprintf(what, sizeof what, "type %d, width %.0f, %zu x %zu", types[t], w, ch.ncat, ch.nseries);
			check(r, w, h, what);
			done(r);
		}
}

static void check_inside(const rec *r, double w, double h, const char *what)
{
	for (size_t i = 0; i < r->nt; i++) {
		double x0, y0, x1, y1;
		text_box_of(&r->t[i], &x0, &y0, &x1, &y1);
		if (x0 < -0.01 || y0 < -0.01 || x1 > w + 0.01 || y1 > h + 0.01)
			fail_msg("%s: '%s' at %.2f,%.2f–%.2f,%.2f leaves the %.0f x %.1f box", what, r->t[i].s,
				 x0, y0, x1, y1, w, h);
	}
}

static void test_texts_inside_box(void **state)
{
	(void)state;
	each_chart(check_inside);
}

/* No gridline segment crosses the box of a text. */
static void check_grid(const rec *r, double w, double h, const char *what)
{
	(void)w, (void)h;
	for (size_t k = 0; k < r->np; k++) {
		const rpath *p = &r->p[k];
		if (p->fill || p->stroke_color != 0xDCDCDC)
			continue;
		for (size_t i = 0; i < p->n; i += 3) {
			if ((int)p->ops[i] != PATH_MOVE || i + 3 >= p->n || (int)p->ops[i + 3] != PATH_LINE)
				continue;
			double ax = p->ops[i + 1], ay = p->ops[i + 2], bx = p->ops[i + 4], by = p->ops[i + 5];
			for (size_t j = 0; j < r->nt; j++) {
				double x0, y0, x1, y1;
				text_box_of(&r->t[j], &x0, &y0, &x1, &y1);
				bool cross = fmin(ax, bx) < x1 && fmax(ax, bx) > x0 && fmin(ay, by) < y1 &&
					     fmax(ay, by) > y0;
				if (cross)
					fail_msg("%s: a gridline %.1f,%.1f–%.1f,%.1f crosses '%s'", what, ax, ay, bx, by,
						 r->t[j].s);
			}
		}
	}
}

static void test_grid_clear_of_labels(void **state)
{
	(void)state;
	each_chart(check_grid);
	/* and the case seen in print: a label just under a gridline */
	double v[] = {5600, 5000};
	chart_series s = {"n", v, NULL};
	chart ch = base(CHART_BAR);
	static const char *cats[] = {"MPS", "UNIS"};
	ch.categories = cats;
	ch.ncat = 2;
	ch.series = &s;
	ch.nseries = 1;
	ch.value_labels = true;
	double h;
	rec *r = draw(&ch, 300, &h);
	assert_non_null(find_text(r, "5,600"));
	check_grid(r, 300, h, "5,600");
	done(r);
}

static void test_bound_labels(void **state)
{
	(void)state;
	double v[] = {83, 71}; /* not tick values */
	signed char b[] = {CHART_MORE, CHART_EXACT};
	chart_series s = {"Participants", v, b};
	static const char *cats[] = {"UPR seminar", "CAT workshop"};
	for (int t = 0; t < 3; t++) {
		chart ch = base(t == 0 ? CHART_BAR : t == 1 ? CHART_HBAR : CHART_LINE);
		ch.categories = cats;
		ch.ncat = 2;
		ch.series = &s;
		ch.nseries = 1;
		ch.value_labels = true;
		rec *r = draw(&ch, 300, NULL);
		assert_non_null(find_text(r, ">83")); /* never a plain 83 */
		assert_null(find_text(r, "83"));
		assert_non_null(find_text(r, "71"));
		/* the open end: a faded stretch (bars) and a chevron in the series' colour */
		size_t chevrons = 0, faded = 0;
		for (size_t i = 0; i < r->np; i++) {
			if (!r->p[i].fill && r->p[i].lw > 1 && r->p[i].n == 9)
				chevrons++;
			if (r->p[i].fill && r->p[i].fill_color == 0xFFFFFF && r->p[i].alpha > 0)
				faded++;
		}
		assert_int_equal(chevrons, 1);
		assert_int_equal(faded, t == 2 ? 0 : 1);
		done(r);
	}
}

/* A timeline's highlighted event is darker than the others, in colour and in
 * greyscale. */
static void test_highlight_darker(void **state)
{
	(void)state;
	chart_event ev[] = {{"Scheduled", "2020-04-20", "2020-04-27", NULL, false},
			    {"Congress", "2021-03-07", "2021-03-12", NULL, true}};
	for (int grey = 0; grey < 2; grey++) {
		chart ch = base(CHART_TIMELINE);
		ch.events = ev;
		ch.nevents = 2;
		ch.greyscale = grey;
		rec *r = draw(&ch, 400, NULL);
		double lo = 2, hi = -1;
		for (size_t i = 0; i < r->np; i++)
			if (r->p[i].fill && r->p[i].stroke_color == 0xFFFFFF) {
				uint32_t c = r->p[i].fill_color;
				double g = (0.30 * (c >> 16) + 0.59 * ((c >> 8) & 255) + 0.11 * (c & 255)) / 255;
				lo = fmin(lo, g), hi = fmax(hi, g);
			}
		assert_true(hi - lo > 0.15);
		/* the darkest mark is the highlighted one (drawn last) */
		const rpath *last = NULL;
		for (size_t i = 0; i < r->np; i++)
			if (r->p[i].fill && r->p[i].stroke_color == 0xFFFFFF)
				last = &r->p[i];
		assert_non_null(last);
		uint32_t c = last->fill_color;
		assert_true((0.30 * (c >> 16) + 0.59 * ((c >> 8) & 255) + 0.11 * (c & 255)) / 255 <= lo + 1e-9);
		done(r);
	}
}

/* ---- bars ---- */
static void test_bar_heights_proportional(void **state)
{
	(void)state;
	chart_series s = {"Number", counts, NULL};
	chart ch = base(CHART_BAR);
	ch.categories = participation;
	ch.ncat = 4;
	ch.series = &s;
	ch.nseries = 1;
	ch.value_labels = true;
	ch.title = "Representation by category";
	ch.source = "UN Information Service, 12 March 2021";
	double h;
	rec *r = draw(&ch, 440, &h);
	const rpath *bars[8];
	assert_int_equal(fills_of(r, chart_color(0, 1, false), bars, 8), 4);
	/* same baseline, heights in proportion to the values */
	for (int i = 1; i < 4; i++)
		assert_float_equal(bars[i]->y1, bars[0]->y1, Q);
	double h152 = bars[0]->y1 - bars[0]->y0, h114 = bars[1]->y1 - bars[1]->y0;
	double h600 = bars[3]->y1 - bars[3]->y0;
	assert_float_equal(h114, h152 * 114 / 152, 2 * Q);
	assert_float_equal(h600, h152 * 600 / 152, 4 * Q);
	/* bars left to right in category order, inside the box */
	for (int i = 0; i < 4; i++) {
		assert_true(bars[i]->x0 >= 0 && bars[i]->x1 <= 440 && bars[i]->y0 >= 0 && bars[i]->y1 <= h);
		if (i)
			assert_true(bars[i]->x0 > bars[i - 1]->x1);
	}
	/* rounded top corners: curves in the bar path */
	bool curve = false;
	for (size_t i = 0; i < bars[0]->n; i++)
		curve |= bars[0]->ops[i] == PATH_CURVE;
	assert_true(curve);
	/* labels: title, value labels above their bars, source line */
	assert_non_null(find_text(r, "Representation by category"));
	const rtext *v = find_text(r, "152");
	assert_non_null(v);
	assert_true(v->y < bars[0]->y0);
	assert_non_null(find_text(r, "Source: UN Information Service, 12 March 2021"));
	/* every text inside the box */
	for (size_t i = 0; i < r->nt; i++) {
		assert_true(r->t[i].x >= -0.01 && r->t[i].x + r->t[i].w <= 440.01);
		assert_true(r->t[i].y > 0 && r->t[i].y <= h + 0.01);
		assert_true(r->t[i].size >= 6.5 && r->t[i].size <= 10.5);
	}
	/* few paths: 4 bars, the gridlines, the zero line */
	assert_true(r->np <= 8);
	done(r);
}

static void test_negative_and_missing(void **state)
{
	(void)state;
	double v[] = {12, -5.5, NAN, 8};
	const char *cats[] = {"2018", "2019", "2020", "2021"};
	chart_series s = {"Change", v, NULL};
	chart ch = base(CHART_BAR);
	ch.categories = cats;
	ch.ncat = 4;
	ch.series = &s;
	ch.nseries = 1;
	rec *r = draw(&ch, 400, NULL);
	const rpath *bars[8];
	assert_int_equal(fills_of(r, chart_color(0, 1, false), bars, 8), 3); /* NaN skipped */
	/* the negative bar hangs from the top of the positive ones' baseline */
	assert_float_equal(bars[1]->y0, bars[0]->y1, Q);
	assert_float_equal(bars[1]->y1 - bars[1]->y0, (bars[0]->y1 - bars[0]->y0) * 5.5 / 12, 2 * Q);
	done(r);
}

static void test_grouped_and_legend(void **state)
{
	(void)state;
	double a[] = {10, 20}, b[] = {30, 40};
	const char *cats[] = {"A", "B"};
	chart_series s[2] = {{"First", a, NULL}, {"Second", b, NULL}};
	chart ch = base(CHART_BAR);
	ch.categories = cats;
	ch.ncat = 2;
	ch.series = s;
	ch.nseries = 2;
	rec *r = draw(&ch, 300, NULL);
	const rpath *p0[4], *p1[4];
	assert_int_equal(fills_of(r, chart_color(0, 2, false), p0, 4), 3); /* 2 bars + legend swatch */
	assert_int_equal(fills_of(r, chart_color(1, 2, false), p1, 4), 3);
	assert_non_null(find_text(r, "First"));
	assert_non_null(find_text(r, "Second"));
	/* series side by side within a category */
	assert_true(p0[1]->x1 <= p1[1]->x0);
	assert_float_equal(p1[1]->y1 - p1[1]->y0, (p0[1]->y1 - p0[1]->y0) * 3, 4 * Q);
	done(r);
}

static void test_stacked_totals(void **state)
{
	(void)state;
	double a[] = {120, 135}, b[] = {80, 95}, c[] = {30, 33};
	const char *cats[] = {"2000", "2005"};
	chart_series s[3] = {{"States", a, NULL}, {"NGOs", b, NULL}, {"IGOs", c, NULL}};
	for (int t = 0; t < 2; t++) {
		chart ch = base(t ? CHART_HSTACKED : CHART_STACKED);
		ch.categories = cats;
		ch.ncat = 2;
		ch.series = s;
		ch.nseries = 3;
		ch.value_labels = true;
		rec *r = draw(&ch, 400, NULL);
		const rpath *seg[3][4];
		for (int k = 0; k < 3; k++)
			assert_int_equal(fills_of(r, chart_color(k, 3, false), seg[k], 4), 3); /* + swatch */
		for (int i = 0; i < 2; i++) {
			/* segments touch, and the stack's length is the total */
			double len[3];
			for (int k = 0; k < 3; k++)
				len[k] = t ? seg[k][i + 1]->x1 - seg[k][i + 1]->x0 : seg[k][i + 1]->y1 - seg[k][i + 1]->y0;
			if (t) {
				assert_float_equal(seg[1][i + 1]->x0, seg[0][i + 1]->x1, Q);
				assert_float_equal(seg[2][i + 1]->x0, seg[1][i + 1]->x1, Q);
			} else {
				assert_float_equal(seg[1][i + 1]->y1, seg[0][i + 1]->y0, Q);
				assert_float_equal(seg[2][i + 1]->y1, seg[1][i + 1]->y0, Q);
			}
			double total = a[i] + b[i] + c[i];
			assert_float_equal(len[0] + len[1] + len[2], len[0] * total / a[i], 4 * Q);
		}
		assert_non_null(find_text(r, "230")); /* 120 + 80 + 30 */
		assert_non_null(find_text(r, "263"));
		done(r);
	}
}

static void test_hbar_labels_left(void **state)
{
	(void)state;
	chart_series s = {"Number", counts, NULL};
	chart ch = base(CHART_HBAR);
	ch.categories = participation;
	ch.ncat = 4;
	ch.series = &s;
	ch.nseries = 1;
	rec *r = draw(&ch, 440, NULL);
	const rpath *bars[8];
	assert_int_equal(fills_of(r, chart_color(0, 1, false), bars, 8), 4);
	assert_float_equal(bars[1]->x1 - bars[1]->x0, (bars[0]->x1 - bars[0]->x0) * 114 / 152, 2 * Q);
	const rtext *t = find_text(r, "Member States");
	assert_non_null(t);
	assert_true(t->x + t->w <= bars[0]->x0);
	assert_true(t->y > bars[0]->y0 && t->y < bars[0]->y1 + 4);
	/* top to bottom in category order */
	for (int i = 1; i < 4; i++)
		assert_true(bars[i]->y0 > bars[i - 1]->y1);
	done(r);
	/* more categories: taller */
	chart_out out = {NULL, rmeasure, rtext_cb, rpath_cb};
	double h4 = chart_height(&ch, &out, 440);
	ch.ncat = 2;
	assert_true(chart_height(&ch, &out, 440) < h4);
}

/* A passage in another language in a chart's text (langmark.h): wrapped
 * over lines, each line that holds its words opens it again; shortened
 * with an ellipsis, a text never keeps half of its opening marks. */
#define LO "\x01"
#define LT "\x02"
#define LC "\x03"

/* No mark opens without its language's end: LO, letters, LT. */
static bool marks_whole(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p == LO[0]) {
			const char *q = p + 1;
			while (*q && *q != LT[0] && *q != LO[0] && *q != LC[0])
				q++;
			if (*q != LT[0] || q == p + 1)
				return false;
		}
	return true;
}

static void test_passages_in_chart_text(void **state)
{
	(void)state;
	chart_series s = {"Number", counts, NULL};
	chart ch = base(CHART_BAR);
	const char *cats[] = {LO "fr" LT "États membres de l'Organisation des Nations Unies et observateurs" LC,
			      "Non-governmental organisations", "Intergovernmental organisations", "Other"};
	ch.categories = cats;
	ch.ncat = 4;
	ch.series = &s;
	ch.nseries = 1;
	ch.title = "Participants by " LO "fr" LT "catégorie selon la liste des commissions régionales" LC " of 2021";
	rec *r = draw(&ch, 200, NULL);
	int lines = 0, fr_lines = 0;
	for (size_t i = 0; i < r->nt; i++) {
		const char *t = r->t[i].s;
		assert_true(marks_whole(t));
		if (r->t[i].role != CHART_FONT_BOLD)
			continue;
		lines++;
		/* a title line holding the passage's words is in French */
		if (strstr(t, "commissions") || strstr(t, "régionales") || strstr(t, "selon")) {
			assert_non_null(strstr(t, LO "fr" LT));
			fr_lines++;
		}
	}
	assert_true(lines >= 2);
	assert_true(fr_lines >= 2);
	done(r);
	/* one long word, the passage opening inside it, shortened at every
	 * length in turn: the cut never falls inside the opening marks */
	ch.title = NULL;
	for (int k = 1; k <= 40; k++) {
		char w[128];
		snprintf(w, sizeof w, "%.*s" LO "fr" LT "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" LC, k,
			 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		cats[0] = w;
		r = draw(&ch, 200, NULL);
		for (size_t i = 0; i < r->nt; i++)
			assert_true(marks_whole(r->t[i].s));
		done(r);
	}
}

/* Right to left (document language ar): a bar chart is the mirror image
 * of the same chart drawn left to right — every shape's x is width - x,
 * every text's box mirrored (its letters not reversed): category labels
 * on the right of horizontal bars that grow leftwards, the first category
 * of a column chart at the right, the value axis's numbers at the right.
 * Pies and timelines are not mirrored. */
static void test_rtl_mirrored(void **state)
{
	(void)state;
	const double W = 440;
	chart_series s = {"Number", counts, NULL};
	for (int type = 0; type < 2; type++) {
		chart ch = base(type ? CHART_BAR : CHART_HBAR);
		ch.categories = participation;
		ch.ncat = 4;
		ch.series = &s;
		ch.nseries = 1;
		ch.title = "Participation";
		ch.source = "UNIS";
		ch.source_label = "Source: {source}";
		rec *l = draw(&ch, W, NULL);
		ch.language = "ar";
		assert_true(chart_mirrored(&ch));
		rec *r = draw(&ch, W, NULL);
		assert_int_equal(l->np, r->np);
		assert_int_equal(l->nt, r->nt);
		for (size_t i = 0; i < l->np; i++) {
			assert_int_equal(l->p[i].n, r->p[i].n);
			assert_float_equal(r->p[i].x0, W - l->p[i].x1, 1e-9);
			assert_float_equal(r->p[i].x1, W - l->p[i].x0, 1e-9);
			assert_float_equal(r->p[i].y0, l->p[i].y0, 1e-9);
		}
		for (size_t i = 0; i < l->nt; i++) { /* (ar numbers have Arabic-Indic digits, as many) */
			assert_float_equal(r->t[i].w, l->t[i].w, 1e-9);
			assert_float_equal(r->t[i].x, W - l->t[i].x - l->t[i].w, 1e-9);
			assert_float_equal(r->t[i].y, l->t[i].y, 1e-9);
		}
		const rpath *bars[8];
		assert_int_equal(fills_of(r, chart_color(0, 1, false), bars, 8), 4);
		const rtext *t = find_text(r, "Member States"), *title = find_text(r, "Participation");
		const rtext *zero = find_text(r, "\xd9\xa0"); /* ٠ */
		assert_non_null(t);
		assert_non_null(zero);
		if (type == 0) { /* hbar: the label right of its bar, the bars' start at the right */
			assert_true(t->x >= bars[0]->x1);
			assert_true(zero->x > W / 2);
		} else { /* columns: the first category right of the last; the value axis right */
			assert_true(bars[0]->x0 > bars[3]->x1);
			assert_true(zero->x > bars[0]->x1);
		}
		assert_float_equal(title->x + title->w, W, 1e-6); /* the title ends at the right edge */
		done(l);
		done(r);
	}
	chart pie = base(CHART_PIE);
	pie.language = "ar";
	assert_false(chart_mirrored(&pie));
	chart bar = base(CHART_BAR);
	bar.language = "fr";
	assert_false(chart_mirrored(&bar));
}

static void test_long_labels_fit(void **state)
{
	(void)state;
	static const char *cats[] = {"A very long category label that cannot fit in a narrow band at all",
				     "Supercalifragilisticexpialidocious-and-more", "Short"};
	double v[] = {1, 2, 3};
	chart_series s = {"n", v, NULL};
	chart ch = base(CHART_BAR);
	ch.categories = cats;
	ch.ncat = 3;
	ch.series = &s;
	ch.nseries = 1;
	double h;
	rec *r = draw(&ch, 200, &h);
	/* every label within the box, no two overlapping */
	for (size_t i = 0; i < r->nt; i++) {
		const rtext *a = &r->t[i];
		assert_true(a->x >= -0.01 && a->x + a->w <= 200.01);
		for (size_t j = i + 1; j < r->nt; j++) {
			const rtext *b = &r->t[j];
			bool xo = a->x < b->x + b->w && b->x < a->x + a->w;
			bool yo = fabs(a->y - b->y) < fmin(a->size, b->size) * 0.9;
			assert_false(xo && yo);
		}
	}
	/* shortened with an ellipsis somewhere */
	bool ell = false;
	for (size_t i = 0; i < r->nt; i++)
		ell |= strstr(r->t[i].s, "\xe2\x80\xa6") != NULL;
	assert_true(ell);
	done(r);
}

/* ---- numbers ---- */
static void test_tick_labels_thousands(void **state)
{
	(void)state;
	double v[] = {4000, 5000};
	const char *cats[] = {"a", "b"};
	chart_series s = {"n", v, NULL};
	chart ch = base(CHART_BAR);
	ch.categories = cats;
	ch.ncat = 2;
	ch.series = &s;
	ch.nseries = 1;
	ch.value_labels = true;
	rec *r = draw(&ch, 400, NULL);
	assert_non_null(find_text(r, "5,000"));
	assert_non_null(find_text(r, "1,000"));
	assert_null(find_text(r, "5.000"));
	done(r);
	ch.language = "vi";
	r = draw(&ch, 400, NULL);
	assert_non_null(find_text(r, "5.000"));
	assert_non_null(find_text(r, "4.000"));
	done(r);
	/* decimals: the step decides */
	double d[] = {0.3, 0.9};
	s.values = d;
	ch.language = "en";
	ch.value_labels = false;
	r = draw(&ch, 400, NULL);
	assert_non_null(find_text(r, "0.2"));
	assert_non_null(find_text(r, "0.8"));
	done(r);
	/* a % unit goes on ticks and value labels */
	double p[] = {45, 55};
	s.values = p;
	ch.unit = "%";
	ch.value_labels = true;
	r = draw(&ch, 400, NULL);
	assert_non_null(find_text(r, "45%"));
	assert_non_null(find_text(r, "0%"));
	done(r);
}

/* ---- greyscale ---- */
static void test_greyscale(void **state)
{
	(void)state;
	double a[] = {10, 20}, b[] = {30, 40}, c[] = {5, 8};
	const char *cats[] = {"A", "B"};
	chart_series s[3] = {{"One", a, NULL}, {"Two", b, NULL}, {"Three", c, NULL}};
	int types[] = {CHART_BAR, CHART_STACKED, CHART_HBAR, CHART_LINE, CHART_PIE};
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		chart ch = base(types[t]);
		ch.categories = cats;
		ch.ncat = 2;
		ch.series = s;
		ch.nseries = types[t] == CHART_PIE ? 1 : 3;
		ch.greyscale = true;
		rec *r = draw(&ch, 400, NULL);
		for (size_t i = 0; i < r->np; i++) {
			uint32_t cs[2] = {r->p[i].fill_color, r->p[i].stroke_color};
			for (int k = 0; k < 2; k++) {
				if (k == 0 && !r->p[i].fill)
					continue;
				if (k == 1 && r->p[i].lw <= 0)
					continue;
				assert_int_equal(cs[k] >> 16, (cs[k] >> 8) & 255);
				assert_int_equal(cs[k] & 255, (cs[k] >> 8) & 255);
			}
		}
		for (size_t i = 0; i < r->nt; i++) {
			uint32_t col = r->t[i].color;
			assert_int_equal(col >> 16, (col >> 8) & 255);
			assert_int_equal(col & 255, (col >> 8) & 255);
		}
		if (types[t] == CHART_BAR) {
			/* series two and three are hatched: stroked, unfilled paths inside their bars */
			size_t hatches = 0;
			for (size_t i = 0; i < r->np; i++)
				if (!r->p[i].fill && fabs(r->p[i].lw - 0.5) < 1e-9 && r->p[i].dash == 0 &&
				    r->p[i].y1 - r->p[i].y0 > 1 && r->p[i].x1 - r->p[i].x0 > 1)
					hatches++;
			assert_true(hatches >= 4); /* 2 series × 2 bars, + swatches */
		}
		if (types[t] == CHART_LINE) {
			/* lines differ by dash pattern too */
			int dashes = 0;
			for (size_t i = 0; i < r->np; i++)
				if (!r->p[i].fill && r->p[i].lw > 1)
					dashes |= 1 << r->p[i].dash;
			assert_int_equal(dashes, 7);
		}
		done(r);
	}
}

/* ---- pies ---- */
static void test_pie_angles(void **state)
{
	(void)state;
	double v[] = {25, 75};
	const char *cats[] = {"Quarter", "Rest"};
	chart_series s = {"n", v, NULL};
	chart ch = base(CHART_PIE);
	ch.categories = cats;
	ch.ncat = 2;
	ch.series = &s;
	ch.nseries = 1;
	rec *r = draw(&ch, 400, NULL);
	const rpath *q[2], *rest[2];
	assert_int_equal(fills_of(r, chart_color(0, 2, false), q, 2), 1);
	assert_int_equal(fills_of(r, chart_color(1, 2, false), rest, 2), 1);
	/* the quarter: centre, then 12 o'clock, clockwise to 3 o'clock */
	const double *o = q[0]->ops;
	assert_int_equal((int)o[0], PATH_MOVE);
	double cx = o[1], cy = o[2];
	assert_int_equal((int)o[3], PATH_LINE);
	double r0 = cy - o[5];
	assert_true(r0 > 20);
	assert_float_equal(o[4], cx, Q);             /* straight up: 12 o'clock */
	size_t n = q[0]->n;
	assert_int_equal((int)o[n - 1], PATH_CLOSE);
	assert_float_equal(o[n - 3], cx + r0, 2 * Q);   /* last point: 3 o'clock */
	assert_float_equal(o[n - 2], cy, 2 * Q);
	/* the rest starts where the quarter ends and goes round to 12 o'clock */
	const double *p = rest[0]->ops;
	assert_float_equal(p[4], cx + r0, 2 * Q);
	assert_float_equal(p[5], cy, 2 * Q);
	size_t m = rest[0]->n;
	assert_float_equal(p[m - 3], cx, 2 * Q);
	assert_float_equal(p[m - 2], cy - r0, 2 * Q);
	/* white separators */
	assert_true(q[0]->lw > 0 && q[0]->stroke_color == 0xFFFFFF);
	/* labels with value and percentage */
	assert_non_null(find_text(r, "Quarter"));
	assert_non_null(find_text(r, "25 (25.0%)"));
	assert_non_null(find_text(r, "75 (75.0%)"));
	done(r);
	/* donut: a ring; the total in the hole */
	ch.type = CHART_DONUT;
	r = draw(&ch, 400, NULL);
	assert_int_equal(fills_of(r, chart_color(0, 2, false), q, 2), 1);
	o = q[0]->ops;
	assert_int_equal((int)o[0], PATH_MOVE); /* starts on the outer circle, at the top */
	const rtext *t = find_text(r, "100");
	assert_non_null(t);
	assert_float_equal(o[1], t->x + t->w / 2, 2 * Q); /* the hole's centre is under the top point */
	done(r);
}

/* ---- timelines ---- */
static void test_timeline_order(void **state)
{
	(void)state;
	chart_event ev[] = {
		{"CCPCJ 30th session", "2021-05-17", "2021-05-21", NULL, false},
		{"Originally scheduled", "2020-04-20", "2020-04-27", "postponed", false},
		{"Kyoto Declaration adopted", "2021-03-07", NULL, NULL, true},
		{"14th Congress", "2021-03-07", "2021-03-12", NULL, true},
	};
	chart ch = base(CHART_TIMELINE);
	ch.events = ev;
	ch.nevents = 4;
	double h;
	rec *r = draw(&ch, 440, &h);
	const rtext *t[4];
	for (int i = 0; i < 4; i++) {
		t[i] = find_text(r, ev[i].label);
		assert_non_null(t[i]);
	}
	/* the earliest event is in the top row, left of the rest */
	assert_true(t[1]->y <= t[0]->y && t[1]->y <= t[2]->y && t[1]->y <= t[3]->y);
	assert_true(t[1]->x < t[0]->x && t[1]->x < t[2]->x);
	/* two events starting on the same day keep their order and are stacked */
	assert_true(fabs(t[2]->y - t[3]->y) > 5);
	/* spans in date order along x: the marks (filled, white-outlined) */
	double xs[8];
	int nx = 0;
	for (size_t i = 0; i < r->np && nx < 8; i++)
		if (r->p[i].fill && r->p[i].stroke_color == 0xFFFFFF)
			xs[nx++] = r->p[i].x0;
	assert_int_equal(nx, 4);
	/* drawn: the plain events in date order, then the highlighted ones on top */
	assert_true(xs[0] < xs[2] && xs[2] < xs[1] && xs[3] < xs[1] && xs[0] < xs[3]);
	/* dates under the labels */
	assert_non_null(find_text(r, "20" "\xe2\x80\x93" "27 April 2020 (postponed)"));
	assert_non_null(find_text(r, "17" "\xe2\x80\x93" "21 May 2021"));
	/* month and year ticks */
	assert_non_null(find_text(r, "2021"));
	assert_non_null(find_text(r, "Jan"));
	/* highlighted events are drawn in bold */
	assert_int_equal(t[2]->role, CHART_FONT_BOLD);
	/* labels of one row never overlap */
	for (size_t i = 0; i < r->nt; i++)
		for (size_t j = i + 1; j < r->nt; j++) {
			const rtext *a = &r->t[i], *b = &r->t[j];
			if (fabs(a->y - b->y) > 0.01)
				continue;
			assert_false(a->x < b->x + b->w - 0.01 && b->x < a->x + a->w - 0.01);
		}
	done(r);
}

/* ---- odd input never breaks the drawing ---- */
static void test_robustness(void **state)
{
	(void)state;
	static const char *cats[7] = {"", "a", "A rather long category name with several words", "ç ñ ü", "x-y-z",
				      "Supercalifragilisticexpialidocious", "7"};
	double vals[3][7];
	chart_series s[3] = {{"s1", vals[0], NULL}, {NULL, vals[1], NULL}, {"", vals[2], NULL}};
	chart_event ev[3] = {{"", "2021-01-01", NULL, NULL, false},
			     {"Long", "2020-02-29", "2024-02-29", "note", true},
			     {"Bad date", "2021-13-45", NULL, NULL, false}};
	unsigned seed = 12345;
	for (int iter = 0; iter < 400; iter++) {
		for (int k = 0; k < 3; k++)
			for (int i = 0; i < 7; i++) {
				seed = seed * 1103515245u + 12345u;
				int r = (int)((seed >> 16) % 10);
				vals[k][i] = r == 0 ? NAN : r == 1 ? 0 : r == 2 ? -(double)(seed % 1000) : r == 3 ? 1e9
					   : r == 4 && iter % 17 == 0 ? (iter % 2 ? INFINITY : 1e300) : (double)(seed % 500) / 7;
			}
		chart ch = base(iter % 8);
		ch.categories = cats;
		ch.ncat = (size_t)(iter % 8);
		ch.series = s;
		ch.nseries = ch.type == CHART_PIE || ch.type == CHART_DONUT ? 1 : (size_t)(iter % 4);
		ch.events = ev;
		ch.nevents = (size_t)(iter % 4);
		ch.value_labels = iter % 3 == 0;
		ch.legend = iter % 5 == 0;
		ch.greyscale = iter % 2 == 0;
		ch.title = iter % 7 ? "Title" : NULL;
		ch.source = iter % 6 ? "Somewhere" : NULL;
		ch.y_label = iter % 4 ? "units" : NULL;
		ch.unit = iter % 9 == 0 ? "%" : NULL;
		if (iter % 11 == 0)
			ch.y_min = -10, ch.y_max = 10;
		if (iter % 23 == 0)
			ch.y_min = -1e300, ch.y_max = INFINITY;
		if (iter % 29 == 0)
			ch.y_min = 5, ch.y_max = 5;
		if (iter % 13 == 0)
			ch.height = 40;
		double width = 60 + (iter * 37) % 500;
		double h;
		rec *r = draw(&ch, width, &h);
		assert_true(h < 10000);
		done(r);
	}
}

/* ---- heights ---- */
static void test_height(void **state)
{
	(void)state;
	chart_series s = {"Number", counts, NULL};
	chart ch = base(CHART_BAR);
	ch.categories = participation;
	ch.ncat = 4;
	ch.series = &s;
	ch.nseries = 1;
	chart_out out = {NULL, rmeasure, rtext_cb, rpath_cb};
	double h0 = chart_height(&ch, &out, 400);
	assert_float_equal(h0, 200, 1e-9); /* half the width, no title or source */
	ch.height = 150;
	assert_float_equal(chart_height(&ch, &out, 400), 150, 1e-9);
	ch.title = "A title";
	ch.source = "A source";
	double h1 = chart_height(&ch, &out, 400);
	assert_true(h1 > 150 + 10 + 8);
}

/* ---- the loader ---- */
typedef struct {
	doc *d;
	diag dg;
	FILE *out;
	char dir[64];
	char path[160];
	char text[16384];
	arena *a;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	f->d = doc_new();
	f->out = tmpfile();
	diag_init(&f->dg, f->out);
	f->dg.snippets = 0;
	strcpy(f->dir, "/tmp/dossier-chart-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->d->dir = f->dir;
	f->d->meta.language = "en";
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

static void put(fx *f, const char *name, const char *text)
{
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	FILE *o = fopen(f->path, "wb");
	assert_non_null(o);
	fputs(text, o);
	fclose(o);
}

/* What the diag reported, from its records (fixture.h). */
static const char *said(fx *f)
{
	return diag_records_text(&f->dg, f->text, sizeof f->text);
}

static chart *load(fx *f, const char *yaml)
{
	ynode *n = yaml_parse(f->d->a, &f->dg, "l.yaml", yaml, strlen(yaml), 0);
	assert_non_null(n);
	srcpos pos = {"l.yaml", 1, 1};
	return load_chart(f->d, &f->dg, n, pos);
}

#define PARTICIPATION                                                                             \
	"category,count,note,source\n"                                                             \
	"Member States,152,A record number,\"UNIS, 12 March 2021\"\n"                              \
	"Non-governmental organisations,114,,\"UNIS, 12 March 2021\"\n"                            \
	"Intergovernmental organisations,37,,\"UNIS, 12 March 2021\"\n"                            \
	"Individual experts,600,,\"UNIS, 12 March 2021\"\n"

static void test_load_ok(void **state)
{
	fx *f = *state;
	put(f, "p.csv", PARTICIPATION);
	chart *ch = load(f, "type: hbar\nfile: p.csv\ncategory: category\n"
			    "series: [{key: count, label: Number}]\ntitle: Representation\n"
			    "value-labels: true\nheight: 2in\nprint: greyscale\ny-max: 700\n");
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(ch);
	assert_int_equal(ch->type, CHART_HBAR);
	assert_int_equal(ch->ncat, 4);
	assert_string_equal(ch->categories[1], "Non-governmental organisations");
	assert_int_equal(ch->nseries, 1);
	assert_string_equal(ch->series[0].name, "Number");
	assert_float_equal(ch->series[0].values[3], 600, 0);
	assert_true(ch->value_labels && ch->greyscale);
	assert_float_equal(ch->height, 144, 1e-9);
	assert_float_equal(ch->y_max, 700, 0);
	assert_true(isnan(ch->y_min));
	assert_string_equal(ch->language, "en");
	/* one source for every row: the chart's source */
	assert_string_equal(ch->source, "UNIS, 12 March 2021");
	/* defaults: bar, first column as categories, numeric columns as series */
	ch = load(f, "file: p.csv\n");
	assert_int_equal(f->dg.errors, 0);
	assert_int_equal(ch->type, CHART_BAR);
	assert_int_equal(ch->nseries, 1);
	assert_string_equal(ch->series[0].name, "count");
	assert_string_equal(ch->categories[0], "Member States");
	assert_false(ch->greyscale);
	/* the document's print: greyscale is every chart's default … */
	f->d->meta.greyscale = true;
	ch = load(f, "file: p.csv\n");
	assert_true(ch->greyscale);
	/* … unless the chart asks for colour */
	ch = load(f, "file: p.csv\nprint: colour\n");
	assert_false(ch->greyscale);
}

/* Bounds: '>80' in the cell, or a qualifier column. */
static void test_load_bounds(void **state)
{
	fx *f = *state;
	put(f, "b.csv", "event,n,q\nUPR,80,more than\nCAT,70,\nX,<5,\nY,9,Under\n");
	chart *ch = load(f, "file: b.csv\ncategory: event\nseries: [{key: n, qualifier: q}]\n");
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(ch->series[0].bounds);
	assert_int_equal(ch->series[0].bounds[0], CHART_MORE);
	assert_int_equal(ch->series[0].bounds[1], CHART_EXACT);
	assert_int_equal(ch->series[0].bounds[2], CHART_LESS);
	assert_float_equal(ch->series[0].values[2], 5, 0);
	assert_int_equal(ch->series[0].bounds[3], CHART_LESS);
	/* without a qualifier column, only the cells say so; plain values: no bounds */
	ch = load(f, "file: b.csv\ncategory: event\nseries: [n]\n");
	assert_int_equal(f->dg.errors, 0);
	assert_int_equal(ch->series[0].bounds[0], CHART_EXACT);
	assert_int_equal(ch->series[0].bounds[2], CHART_LESS);
	put(f, "c.csv", "event,n\nA,1\nB,2\n");
	ch = load(f, "file: c.csv\n");
	assert_null(ch->series[0].bounds);
	/* a qualifier the loader does not know is an error at its cell */
	put(f, "d.csv", "event,n,q\nA,1,about\n");
	load(f, "file: d.csv\ncategory: event\nseries: [{key: n, qualifier: q}]\n");
	assert_int_equal(f->dg.errors, 1);
	assert_non_null(strstr(said(f), "error: column 'q': 'about' is not a qualifier"));
}

static void test_load_unknown_key(void **state)
{
	fx *f = *state;
	put(f, "p.csv", PARTICIPATION);
	assert_null(load(f, "type: bar\nfile: p.csv\ntitel: x\n"));
	assert_non_null(strstr(said(f), "l.yaml:3:1: error: chart: unknown key 'titel'; did you mean 'title'?"));
	assert_null(load(f, "type: hbra\nfile: p.csv\n"));
	assert_non_null(strstr(said(f), "l.yaml:1:7: error: type: unknown value 'hbra'; did you mean 'hbar'?"));
}

static void test_load_missing_column(void **state)
{
	fx *f = *state;
	put(f, "p.csv", PARTICIPATION);
	assert_null(load(f, "file: p.csv\ncategory: categroy\nseries: [cuont]\n"));
	said(f);
	char want[256];
	snprintf(want, sizeof want, "l.yaml:2:11: error: category: no column 'categroy' in '%s/p.csv'; did you mean 'category'?", f->dir);
	assert_non_null(strstr(f->text, want));
	snprintf(want, sizeof want, "l.yaml:3:10: error: series: no column 'cuont' in '%s/p.csv'; did you mean 'count'?", f->dir);
	assert_non_null(strstr(f->text, want));
	assert_null(load(f, "file: p.csv\nseries: [zzzzzzzz]\n"));
	assert_non_null(strstr(said(f), "(it has: category, count, note, source)"));
	assert_null(load(f, "file: nothere.csv\n"));
	assert_non_null(strstr(said(f), "nothere.csv"));
	assert_null(load(f, "type: bar\n"));
	assert_non_null(strstr(said(f), "chart: missing required key 'file'"));
}

static void test_load_bad_number(void **state)
{
	fx *f = *state;
	put(f, "p.csv", "category,count\nA,152\nB,abc\nC,\nD,45%\n");
	assert_null(load(f, "file: p.csv\nseries: [count]\n"));
	char want[256];
	snprintf(want, sizeof want, "%s/p.csv:3:3: error: column 'count': expected a number, got 'abc'", f->dir);
	assert_non_null(strstr(said(f), want));
	assert_int_equal(f->dg.errors, 1);
	/* without series:, a numeric column with a typo is still taken, and the
	 * typo found (not printed again: the same cell was reported above) */
	assert_null(load(f, "file: p.csv\n"));
	assert_int_equal(f->dg.errors, 2);
	assert_int_equal(f->dg.repeats, 1);
	/* empty cells are gaps, "45%" is 45 */
	put(f, "big.csv", "category,count\nA,1e16\n");
	assert_null(load(f, "file: big.csv\n"));
	assert_non_null(strstr(said(f), "column 'count': 1e16 is too large to chart"));
	put(f, "q.csv", "category,count\nA,152\nC,\nD,45%\n");
	chart *ch = load(f, "file: q.csv\nseries: [count]\n");
	assert_non_null(ch);
	assert_true(isnan(ch->series[0].values[1]));
	assert_float_equal(ch->series[0].values[2], 45, 0);
	/* pies: no negative values, one series */
	put(f, "n.csv", "category,a,b\nA,10,1\nB,-2,1\n");
	assert_null(load(f, "type: pie\nfile: n.csv\n"));
	said(f);
	assert_non_null(strstr(f->text, "a pie chart shows one series; got 2"));
	assert_non_null(strstr(f->text, "column 'a': a pie chart cannot show a negative value (-2)"));
}

static void test_load_timeline(void **state)
{
	fx *f = *state;
	chart *ch = load(f, "type: timeline\nevents:\n"
			    "  - {label: Originally scheduled, start: 2020-04-20, end: 2020-04-27, note: postponed}\n"
			    "  - {label: Congress, start: 2021-03-07, end: 2021-03-12, highlight: true}\n"
			    "  - {label: Kyoto Declaration, date: 2021-03-07}\n");
	assert_int_equal(f->dg.errors, 0);
	assert_non_null(ch);
	assert_int_equal(ch->nevents, 3);
	assert_string_equal(ch->events[0].end, "2020-04-27");
	assert_string_equal(ch->events[0].note, "postponed");
	assert_true(ch->events[1].highlight);
	assert_null(ch->events[2].end);
	/* bad dates, end before start, no dates at all */
	assert_null(load(f, "type: timeline\nevents:\n"
			    "  - {label: A, start: 2021-02-30}\n"
			    "  - {label: B, start: 2021-03-12, end: 2021-03-07}\n"
			    "  - {label: C}\n"));
	said(f);
	assert_non_null(strstr(f->text, "l.yaml:3:23: error: start: ")); /* not a real date */
	assert_non_null(strstr(f->text, "end: 2021-03-07 is before the start, 2021-03-12"));
	assert_non_null(strstr(f->text, "event: missing required key 'date'"));
	/* a timeline needs events; other charts take none */
	assert_null(load(f, "type: timeline\ntitle: x\n"));
	assert_non_null(strstr(said(f), "a timeline needs events:"));
	put(f, "p.csv", PARTICIPATION);
	assert_null(load(f, "type: bar\nfile: p.csv\nevents: []\n"));
	assert_non_null(strstr(said(f), "events: only a timeline has events"));
	/* dates from a facts file */
	put(f, "facts.yaml", "event:\n  name: Fourteenth Congress\n  short-name: 14th Congress\n"
			     "  dates: {start: 2021-03-07, end: 2021-03-12}\n"
			     "  original-dates: {start: 2020-04-20, end: 2020-04-27}\n"
			     "outcomes:\n  - {title: Kyoto Declaration, date: 2021-03-07}\n"
			     "  - {title: 15th Congress}\n");
	int before = f->dg.errors;
	ch = load(f, "type: timeline\nfacts: facts.yaml\n");
	assert_int_equal(f->dg.errors, before);
	assert_non_null(ch);
	assert_int_equal(ch->nevents, 3);
	assert_string_equal(ch->events[0].label, "Originally scheduled");
	assert_string_equal(ch->events[1].label, "14th Congress");
	assert_true(ch->events[1].highlight);
	assert_string_equal(ch->events[2].start, "2021-03-07");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_scale),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_texts_inside_box),
		cmocka_unit_test(test_grid_clear_of_labels),
		cmocka_unit_test(test_bound_labels),
		cmocka_unit_test(test_highlight_darker),
		cmocka_unit_test(test_bar_heights_proportional),
		cmocka_unit_test(test_negative_and_missing),
		cmocka_unit_test(test_grouped_and_legend),
		cmocka_unit_test(test_stacked_totals),
		cmocka_unit_test(test_hbar_labels_left),
		cmocka_unit_test(test_rtl_mirrored),
		cmocka_unit_test(test_passages_in_chart_text),
		cmocka_unit_test(test_long_labels_fit),
		cmocka_unit_test(test_tick_labels_thousands),
		cmocka_unit_test(test_greyscale),
		cmocka_unit_test(test_pie_angles),
		cmocka_unit_test(test_timeline_order),
		cmocka_unit_test(test_height),
		cmocka_unit_test(test_robustness),
		cmocka_unit_test_setup_teardown(test_load_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_bad_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_timeline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
