/* svg.c — SVG images as vector paths (svg.h).
 *
 * librsvg parses and draws the SVG onto a cairo recording surface, which
 * cairo writes out as a script: every drawing operation as text (paths,
 * colours, fills, strokes, clips, groups). A small interpreter below reads
 * that text back and keeps
 * each fill and stroke as a path with its colour, so the PDF gets the SVG as
 * vector paths, like the charts, and never as pixels. Text in the SVG reaches
 * the script as glyph outlines, so it becomes paths too.
 *
 * What the PDF paths cannot express is mapped: a gradient becomes the mean
 * colour of its stops; a group's opacity multiplies its shapes' opacity; clip
 * paths are kept as paths each shape is clipped to; fill rules, dashes, caps
 * and joins are not kept. A raster image or
 * anything else the interpreter does not know is an error naming it.
 *
 * The SVG is read from memory with no base file, so librsvg resolves no
 * reference to another file; such references are refused here first, with a
 * message that names them.
 */
#include <cairo-script.h>
#include <cairo.h>
#include <ctype.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define SVG_SCRIPT_MAX (64L << 20) /* bytes of drawing script */
#define SVG_OPS_MAX (4L << 20)     /* path numbers in one SVG */

/* ---- the script, collected in memory ---- */
typedef struct {
	char *s;
	size_t n, cap;
	bool over;
} sbuf;

static cairo_status_t sbuf_write(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf *b = closure;
	if (b->over || b->n + len + 1 > (size_t)SVG_SCRIPT_MAX) {
		b->over = true;
		return CAIRO_STATUS_SUCCESS;
	}
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + len + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->over = true;
			return CAIRO_STATUS_SUCCESS;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, data, len);
	b->n += len;
	b->s[b->n] = 0;
	return CAIRO_STATUS_SUCCESS;
}

/* ---- the interpreter ---- */
enum { V_NUM, V_ARR, V_MARK, V_NAME, V_SURF, V_CTX, V_PAT, V_OTHER };

typedef struct {
	int kind;
	double num;
	double arr[6];
	int narr;
	int surf;           /* V_SURF, V_CTX, V_PAT of a surface: surface number */
	double rgba[4];     /* V_PAT solid or gradient mean */
	int nstops;         /* gradient stops summed in rgba */
	bool gradient;
	char name[32];
} val;

typedef struct {
	svg_shape *sh;
	size_t n, cap;
} shapes;

typedef struct {
	int surf;
	double m[6];        /* user → device */
	double lw;
	val src;
	double *path;
	size_t np, pcap;
	double clip[4];     /* bounding box of the clip, x0 y0 x1 y1 */
	bool clipped;
	double *cp;         /* the clip paths, each ended by SVG_CLIP_NEXT */
	size_t ncp, cpcap;
} context;

#define STACK_MAX 256
#define NAMES_MAX 64
#define SURF_MAX 256

typedef struct {
	val st[STACK_MAX];
	int sp;
	struct {
		char name[32];
		val v;
	} names[NAMES_MAX];
	int nnames;
	context ctx[SURF_MAX];
	bool ctx_used[SURF_MAX];
	int nctx;
	shapes surf[SURF_MAX];
	bool surf_used[SURF_MAX];
	bool surf_painted[SURF_MAX]; /* drawn onto another surface at least once */
	int nsurf;
	double w, h;
	size_t total;
	char err[160];
} interp;

static bool fail(interp *I, const char *fmt, const char *what)
{
	if (!I->err[0])
		snprintf(I->err, sizeof I->err, fmt, what);
	return false;
}

static bool push(interp *I, val v)
{
	if (I->sp >= STACK_MAX)
		return fail(I, "%s", "its drawing is nested too deeply");
	I->st[I->sp++] = v;
	return true;
}

static bool pop(interp *I, val *v)
{
	if (I->sp <= 0)
		return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
	*v = I->st[--I->sp];
	return true;
}

static bool pop_nums(interp *I, double *x, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		val v;
		if (!pop(I, &v))
			return false;
		if (v.kind != V_NUM)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		x[i] = v.num;
	}
	return true;
}

/* The context operations apply to: the topmost on the stack. */
static context *cur(interp *I)
{
	for (int i = I->sp - 1; i >= 0; i--)
		if (I->st[i].kind == V_CTX && I->st[i].surf >= 0 && I->st[i].surf < I->nctx)
			return &I->ctx[I->st[i].surf];
	fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
	return NULL;
}

static void xform(const double *m, double x, double y, double *ox, double *oy)
{
	*ox = m[0] * x + m[2] * y + m[4];
	*oy = m[1] * x + m[3] * y + m[5];
}

/* Room for need numbers in *v (capacity *cap, doubled from first), within
 * the bound on all the paths of the drawing. */
static bool room(interp *I, double **v, size_t *cap, size_t need, size_t first)
{
	if (I->total + need > (size_t)SVG_OPS_MAX)
		return fail(I, "%s", "it has too many paths (more than 4 million coordinates)");
	if (need > *cap) {
		size_t c = *cap ? *cap * 2 : first;
		while (c < need)
			c *= 2;
		double *p = realloc(*v, c * sizeof *p);
		if (!p)
			return fail(I, "%s", "out of memory");
		*v = p;
		*cap = c;
	}
	return true;
}

static bool path_add(interp *I, context *c, int op, const double *pts, int npts)
{
	if (!room(I, &c->path, &c->pcap, c->np + 1 + 2 * (size_t)npts, 256))
		return false;
	c->path[c->np++] = op;
	for (int i = 0; i < npts; i++)
		xform(c->m, pts[2 * i], pts[2 * i + 1], &c->path[c->np + 2 * i], &c->path[c->np + 2 * i + 1]);
	c->np += 2 * (size_t)npts;
	return true;
}

/* a[0..na) then b[0..nb), malloc'd; NULL (and *n 0) when both are empty. */
static double *concat(interp *I, const double *a, size_t na, const double *b, size_t nb, size_t *n)
{
	*n = na + nb;
	if (!*n)
		return NULL;
	double *r = malloc(*n * sizeof *r);
	if (!r) {
		fail(I, "%s", "out of memory");
		return NULL;
	}
	if (na)
		memcpy(r, a, na * sizeof *r);
	if (nb)
		memcpy(r + na, b, nb * sizeof *r);
	return r;
}

static void shape_free(svg_shape *s)
{
	free((void *)s->ops);
	free((void *)s->clip);
}

static bool shape_add(interp *I, int surf, const svg_shape *s)
{
	shapes *S = &I->surf[surf];
	if (S->n == S->cap) {
		size_t cap = S->cap ? S->cap * 2 : 32;
		svg_shape *p = realloc(S->sh, cap * sizeof *p);
		if (!p)
			return fail(I, "%s", "out of memory");
		S->sh = p;
		S->cap = cap;
	}
	S->sh[S->n++] = *s;
	I->total += s->n + s->nclip;
	if (I->total > (size_t)SVG_OPS_MAX)
		return fail(I, "%s", "it has too many paths (more than 4 million coordinates)");
	return true;
}

static uint32_t to_rgb(const double *c)
{
	uint32_t v = 0;
	for (int i = 0; i < 3; i++) {
		double x = c[i] < 0 ? 0 : c[i] > 1 ? 1 : c[i];
		v = v << 8 | (uint32_t)lround(x * 255);
	}
	return v;
}

/* The current path, filled or stroked with the source colour. */
static bool paint_path(interp *I, context *c, bool fill)
{
	if (!c->np)
		return true;
	if (c->src.kind != V_PAT || c->src.surf >= 0)
		return fail(I, "%s", "it fills a shape with a pattern or image, which dossier cannot draw as paths");
	double *ops = malloc(c->np * sizeof *ops);
	if (!ops)
		return fail(I, "%s", "out of memory");
	memcpy(ops, c->path, c->np * sizeof *ops);
	double scale = sqrt(fabs(c->m[0] * c->m[3] - c->m[1] * c->m[2]));
	size_t nclip;
	double *clip = concat(I, c->cp, c->ncp, NULL, 0, &nclip);
	if (I->err[0]) {
		free(ops);
		return false;
	}
	svg_shape s = {.ops = ops,
		       .n = (uint32_t)c->np,
		       .clip = clip,
		       .nclip = (uint32_t)nclip,
		       .fill = fill,
		       .color = to_rgb(c->src.rgba),
		       .alpha = (float)c->src.rgba[3],
		       .lw = (float)(fill ? 0 : c->lw * scale)};
	if (!shape_add(I, c->surf, &s)) {
		shape_free(&s);
		return false;
	}
	return true;
}

/* A group (a surface drawn on its own) painted on c with alpha. */
static bool paint_group(interp *I, context *c, int surf, double alpha)
{
	if (surf == c->surf)
		return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
	shapes *S = &I->surf[surf];
	I->surf_painted[surf] = true;
	for (size_t i = 0; i < S->n; i++) {
		svg_shape s = S->sh[i];
		double *ops = malloc(s.n * sizeof *ops);
		if (!ops)
			return fail(I, "%s", "out of memory");
		memcpy(ops, s.ops, s.n * sizeof *ops);
		s.ops = ops;
		/* the group's own clips, then the clips it is painted under */
		size_t nclip;
		s.clip = concat(I, s.clip, s.nclip, c->cp, c->ncp, &nclip);
		s.nclip = (uint32_t)nclip;
		if (I->err[0]) {
			free(ops);
			return false;
		}
		s.alpha = (float)(s.alpha * alpha);
		if (!shape_add(I, c->surf, &s)) {
			shape_free(&s);
			return false;
		}
	}
	return true;
}

static bool paint(interp *I, context *c, double alpha)
{
	if (c->src.kind == V_PAT && c->src.surf >= 0)
		return paint_group(I, c, c->src.surf, alpha);
	if (c->src.kind != V_PAT)
		return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
	/* a solid paint covers the clip, or the whole picture */
	double b[4] = {0, 0, I->w, I->h};
	if (c->clipped)
		memcpy(b, c->clip, sizeof b);
	double *ops = malloc(14 * sizeof *ops);
	if (!ops)
		return fail(I, "%s", "out of memory");
	double r[14] = {PATH_MOVE, b[0], b[1], PATH_LINE, b[2], b[1], PATH_LINE, b[2], b[3], PATH_LINE, b[0], b[3], PATH_CLOSE, 0};
	memcpy(ops, r, sizeof r);
	size_t nclip;
	double *clip = concat(I, c->cp, c->ncp, NULL, 0, &nclip);
	if (I->err[0]) {
		free(ops);
		return false;
	}
	svg_shape s = {.ops = ops, .n = 13, .clip = clip, .nclip = (uint32_t)nclip, .fill = true,
		       .color = to_rgb(c->src.rgba), .alpha = (float)(c->src.rgba[3] * alpha)};
	if (!shape_add(I, c->surf, &s)) {
		shape_free(&s);
		return false;
	}
	return true;
}

static void clip_box(context *c)
{
	double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
	for (size_t k = 0; k < c->np;) {
		int op = (int)c->path[k];
		int npts = op == PATH_CURVE ? 3 : op == PATH_CLOSE ? 0 : 1;
		for (int j = 0; j < npts; j++) {
			double x = c->path[k + 1 + 2 * j], y = c->path[k + 2 + 2 * j];
			b[0] = fmin(b[0], x), b[1] = fmin(b[1], y);
			b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
		}
		k += 1 + 2 * (size_t)npts;
	}
	if (b[0] > b[2])
		return;
	if (c->clipped) {
		b[0] = fmax(b[0], c->clip[0]), b[1] = fmax(b[1], c->clip[1]);
		b[2] = fmin(b[2], c->clip[2]), b[3] = fmin(b[3], c->clip[3]);
	}
	memcpy(c->clip, b, sizeof b);
	c->clipped = true;
}

static val *lookup(interp *I, const char *name)
{
	for (int i = 0; i < I->nnames; i++)
		if (!strcmp(I->names[i].name, name))
			return &I->names[i].v;
	return NULL;
}

static bool new_context(interp *I, int surf)
{
	/* a slot a popped context left, else a new one */
	int k = 0;
	while (k < I->nctx && I->ctx_used[k])
		k++;
	if (k >= SURF_MAX || surf < 0 || surf >= I->nsurf)
		return fail(I, "%s", "its groups are nested too deeply");
	if (k == I->nctx)
		I->nctx++;
	I->ctx_used[k] = true;
	context *c = &I->ctx[k];
	free(c->path);
	free(c->cp);
	memset(c, 0, sizeof *c);
	c->surf = surf;
	c->m[0] = c->m[3] = 1;
	c->lw = 2; /* cairo's default */
	c->src.kind = V_PAT;
	c->src.surf = -1;
	c->src.rgba[3] = 1;
	val v = {.kind = V_CTX, .surf = k};
	return push(I, v);
}

/* Is surface sf still needed: on the stack, drawn into by a context, or (when
 * names count) named? */
static bool surface_held(const interp *I, int sf, bool names)
{
	for (int i = 0; i < I->sp; i++) {
		const val *x = &I->st[i];
		if ((x->kind == V_SURF || x->kind == V_PAT) && x->surf == sf)
			return true;
		if (x->kind == V_CTX && x->surf >= 0 && x->surf < I->nctx && I->ctx[x->surf].surf == sf)
			return true;
	}
	for (int i = 0; i < I->nctx; i++)
		if (I->ctx_used[i] && I->ctx[i].surf == sf)
			return true;
	for (int i = 0; names && i < I->nnames; i++)
		if ((I->names[i].v.kind == V_SURF || I->names[i].v.kind == V_PAT) && I->names[i].v.surf == sf)
			return true;
	return false;
}

static void surface_free(interp *I, int sf)
{
	for (size_t k = 0; k < I->surf[sf].n; k++) {
		I->total -= I->surf[sf].sh[k].n + I->surf[sf].sh[k].nclip;
		shape_free(&I->surf[sf].sh[k]);
	}
	I->surf[sf].n = 0;
	I->surf_used[sf] = false;
	I->surf_painted[sf] = false;
}

/* Groups already painted and held only by a name are done with (librsvg
 * draws each group once): free them and forget their names. */
static void collect(interp *I)
{
	for (int sf = 1; sf < I->nsurf; sf++) {
		if (!I->surf_used[sf] || !I->surf_painted[sf] || surface_held(I, sf, false))
			continue;
		surface_free(I, sf);
		for (int i = 0; i < I->nnames;)
			if ((I->names[i].v.kind == V_SURF || I->names[i].v.kind == V_PAT) &&
			    I->names[i].v.surf == sf)
				I->names[i] = I->names[--I->nnames];
			else
				i++;
	}
}

static bool new_surface(interp *I)
{
	if (I->nsurf >= SURF_MAX)
		collect(I);
	/* a slot of a group already painted and forgotten, else a new one */
	int k = 1;
	while (k < I->nsurf && I->surf_used[k])
		k++;
	if (I->nsurf == 0)
		k = 0;
	if (k >= SURF_MAX)
		return fail(I, "%s", "its groups are nested too deeply");
	if (k == I->nsurf)
		I->nsurf++;
	I->surf_used[k] = true;
	val v = {.kind = V_SURF, .surf = k};
	return push(I, v);
}

static bool op(interp *I, const char *w)
{
	val v, u;
	double x[6];
	context *c;
	if (!strcmp(w, "n") || !strcmp(w, "m") || !strcmp(w, "l") || !strcmp(w, "c") ||
	    !strcmp(w, "h") || !strcmp(w, "rectangle")) {
		if (!(c = cur(I)))
			return false;
		if (w[0] == 'n') {
			c->np = 0;
			return true;
		}
		if (w[0] == 'h')
			return path_add(I, c, PATH_CLOSE, NULL, 0);
		if (w[0] == 'm' || w[0] == 'l')
			return pop_nums(I, x, 2) && path_add(I, c, w[0] == 'm' ? PATH_MOVE : PATH_LINE, x, 1);
		if (w[0] == 'c')
			return pop_nums(I, x, 6) && path_add(I, c, PATH_CURVE, x, 3);
		if (!pop_nums(I, x, 4))
			return false;
		double r[8] = {x[0], x[1], x[0] + x[2], x[1], x[0] + x[2], x[1] + x[3], x[0], x[1] + x[3]};
		return path_add(I, c, PATH_MOVE, r, 1) && path_add(I, c, PATH_LINE, r + 2, 1) &&
		       path_add(I, c, PATH_LINE, r + 4, 1) && path_add(I, c, PATH_LINE, r + 6, 1) &&
		       path_add(I, c, PATH_CLOSE, NULL, 0);
	}
	if (!strcmp(w, "fill+") || !strcmp(w, "fill") || !strcmp(w, "stroke+") || !strcmp(w, "stroke")) {
		if (!(c = cur(I)))
			return false;
		bool ok = paint_path(I, c, w[0] == 'f');
		if (!strchr(w, '+'))
			c->np = 0;
		return ok;
	}
	if (!strcmp(w, "clip+") || !strcmp(w, "clip")) {
		if (!(c = cur(I)))
			return false;
		clip_box(c);
		if (c->np) {
			/* kept as a path: the renderer clips to it */
			if (!room(I, &c->cp, &c->cpcap, c->ncp + c->np + 1, 64))
				return false;
			memcpy(c->cp + c->ncp, c->path, c->np * sizeof *c->cp);
			c->ncp += c->np;
			c->cp[c->ncp++] = SVG_CLIP_NEXT;
		}
		if (w[4] != '+')
			c->np = 0;
		return true;
	}
	if (!strcmp(w, "reset-clip")) {
		if (!(c = cur(I)))
			return false;
		c->clipped = false;
		c->ncp = 0;
		return true;
	}
	if (!strcmp(w, "rgb") || !strcmp(w, "rgba") || !strcmp(w, "a") || !strcmp(w, "g") ||
	    !strcmp(w, "ga")) {
		/* colour, colour with alpha, alpha only, grey, grey with alpha */
		int k = !strcmp(w, "rgb") ? 3 : !strcmp(w, "rgba") ? 4 : !strcmp(w, "ga") ? 2 : 1;
		if (!pop_nums(I, x, k))
			return false;
		val p = {.kind = V_PAT, .surf = -1, .rgba = {0, 0, 0, 1}};
		if (w[0] == 'a') {
			p.rgba[3] = x[0];
		} else if (w[0] == 'g') {
			p.rgba[0] = p.rgba[1] = p.rgba[2] = x[0];
			p.rgba[3] = k == 2 ? x[1] : 1;
		} else {
			memcpy(p.rgba, x, 3 * sizeof *x);
			p.rgba[3] = k == 4 ? x[3] : 1;
		}
		return push(I, p);
	}
	if (!strcmp(w, "linear") || !strcmp(w, "radial")) {
		if (!pop_nums(I, x, w[0] == 'l' ? 4 : 6))
			return false;
		val p = {.kind = V_PAT, .surf = -1, .gradient = true};
		return push(I, p);
	}
	if (!strcmp(w, "add-color-stop")) {
		double s[5];
		if (!pop_nums(I, s, 5))
			return false;
		if (I->sp <= 0 || I->st[I->sp - 1].kind != V_PAT)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		val *p = &I->st[I->sp - 1];
		double n = p->nstops;
		for (int i = 0; i < 4; i++)
			p->rgba[i] = (p->rgba[i] * n + s[i + 1]) / (n + 1);
		p->nstops++;
		return true;
	}
	if (!strcmp(w, "set-source")) {
		if (!pop(I, &v) || !(c = cur(I)))
			return false;
		if (v.kind != V_PAT)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		if (v.gradient && !v.nstops)
			v.rgba[3] = 0;
		c->src = v;
		return true;
	}
	if (!strcmp(w, "set-matrix")) {
		if (!pop(I, &v))
			return false;
		if (v.kind != V_ARR || v.narr != 6)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		if (I->sp > 0 && I->st[I->sp - 1].kind == V_PAT)
			return true; /* a pattern's matrix: the mean colour does not move */
		if (!(c = cur(I)))
			return false;
		memcpy(c->m, v.arr, sizeof c->m);
		return true;
	}
	if (!strcmp(w, "scale") || !strcmp(w, "translate") || !strcmp(w, "rotate") ||
	    !strcmp(w, "transform")) {
		/* the CTM changed by t, applied before it: m ∘ t */
		double t[6] = {1, 0, 0, 1, 0, 0};
		if (w[0] == 's' || !strcmp(w, "translate")) {
			if (!pop_nums(I, x, 2))
				return false;
			if (w[0] == 's')
				t[0] = x[0], t[3] = x[1];
			else
				t[4] = x[0], t[5] = x[1];
		} else if (w[0] == 'r') {
			if (!pop_nums(I, x, 1))
				return false;
			t[0] = t[3] = cos(x[0]);
			t[1] = sin(x[0]);
			t[2] = -t[1];
		} else {
			if (!pop(I, &v))
				return false;
			if (v.kind != V_ARR || v.narr != 6)
				return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
			memcpy(t, v.arr, sizeof t);
		}
		if (!(c = cur(I)))
			return false;
		double *m = c->m, r[6];
		r[0] = m[0] * t[0] + m[2] * t[1];
		r[1] = m[1] * t[0] + m[3] * t[1];
		r[2] = m[0] * t[2] + m[2] * t[3];
		r[3] = m[1] * t[2] + m[3] * t[3];
		r[4] = m[0] * t[4] + m[2] * t[5] + m[4];
		r[5] = m[1] * t[4] + m[3] * t[5] + m[5];
		memcpy(m, r, sizeof r);
		return true;
	}
	if (!strcmp(w, "identity")) {
		val a = {.kind = V_ARR, .narr = 6, .arr = {1, 0, 0, 1, 0, 0}};
		return push(I, a);
	}
	if (!strcmp(w, "set-line-width")) {
		if (!pop_nums(I, x, 1) || !(c = cur(I)))
			return false;
		c->lw = x[0];
		return true;
	}
	if (!strcmp(w, "set-miter-limit") || !strcmp(w, "set-tolerance") ||
	    !strcmp(w, "set-line-cap") || !strcmp(w, "set-line-join") || !strcmp(w, "set-fill-rule") ||
	    !strcmp(w, "set-antialias") || !strcmp(w, "set-operator") || !strcmp(w, "set-extend") ||
	    !strcmp(w, "set-filter")) {
		/* kept as cairo's defaults by the PDF paths */
		return pop(I, &v);
	}
	if (!strcmp(w, "set-dash")) {
		return pop(I, &v) && pop(I, &u);
	}
	if (!strcmp(w, "surface")) {
		if (!pop(I, &v))
			return false;
		return new_surface(I);
	}
	if (!strcmp(w, "record")) {
		/* content [x y w h] → new surface (a group, from a recording) */
		if (!pop(I, &v) || !pop(I, &u))
			return false;
		return new_surface(I);
	}
	if (!strcmp(w, "similar")) {
		/* surface-or-context w h content → new surface (a group) */
		if (!pop(I, &v) || !pop_nums(I, x, 2) || !pop(I, &u))
			return false;
		return new_surface(I);
	}
	if (!strcmp(w, "context")) {
		if (!pop(I, &v))
			return false;
		if (v.kind != V_SURF)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		return new_context(I, v.surf);
	}
	if (!strcmp(w, "pattern")) {
		if (!pop(I, &v))
			return false;
		if (v.kind != V_SURF)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		val p = {.kind = V_PAT, .surf = v.surf};
		return push(I, p);
	}
	if (!strcmp(w, "paint")) {
		return (c = cur(I)) && paint(I, c, 1);
	}
	if (!strcmp(w, "paint-with-alpha")) {
		return pop_nums(I, x, 1) && (c = cur(I)) && paint(I, c, x[0]);
	}
	if (!strcmp(w, "mask")) {
		if (!pop(I, &v) || !(c = cur(I)))
			return false;
		if (v.kind != V_PAT || v.surf >= 0)
			return fail(I, "%s", "it uses a mask, which dossier cannot draw as paths");
		return paint(I, c, v.rgba[3]);
	}
	if (!strcmp(w, "dup")) {
		if (I->sp <= 0)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		return push(I, I->st[I->sp - 1]);
	}
	if (!strcmp(w, "exch")) {
		if (!pop(I, &v) || !pop(I, &u))
			return false;
		return push(I, v) && push(I, u);
	}
	if (!strcmp(w, "pop")) {
		if (!pop(I, &v))
			return false;
		if (v.kind == V_CTX && v.surf >= 0 && v.surf < I->nctx) {
			bool held = false; /* still on the stack under a dup? */
			for (int i = 0; i < I->sp; i++)
				held |= I->st[i].kind == V_CTX && I->st[i].surf == v.surf;
			if (!held)
				I->ctx_used[v.surf] = false;
		}
		return true;
	}
	if (!strcmp(w, "def")) {
		if (!pop(I, &v) || !pop(I, &u))
			return false;
		if (u.kind != V_NAME)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		val *old = lookup(I, u.name);
		if (old) {
			*old = v;
			return true;
		}
		if (I->nnames >= NAMES_MAX)
			collect(I);
		if (I->nnames >= NAMES_MAX)
			return fail(I, "%s", "it has too many groups");
		snprintf(I->names[I->nnames].name, sizeof I->names[0].name, "%s", u.name);
		I->names[I->nnames++].v = v;
		return true;
	}
	if (!strcmp(w, "undef")) {
		if (!pop(I, &v))
			return false;
		int ni = -1;
		for (int i = 0; v.kind == V_NAME && i < I->nnames; i++)
			if (!strcmp(I->names[i].name, v.name))
				ni = i;
		if (ni < 0)
			return true;
		val gone = I->names[ni].v;
		I->names[ni] = I->names[--I->nnames]; /* the last name moves into its place */
		int sf = gone.kind == V_SURF || (gone.kind == V_PAT && gone.surf >= 0) ? gone.surf : -1;
		if (sf <= 0 || sf >= I->nsurf)
			return true;
		/* the group is painted and forgotten: free it unless still needed */
		if (!surface_held(I, sf, true))
			surface_free(I, sf);
		return true;
	}
	if (!strcmp(w, "show-page") || !strcmp(w, "copy-page") || !strcmp(w, "finish")) {
		return true;
	}
	val *d = lookup(I, w);
	if (d)
		return push(I, *d);
	if (!strcmp(w, "image") || !strcmp(w, "source") || !strcmp(w, "png"))
		return fail(I, "%s", "it contains a raster image, which dossier does not draw from an SVG");
	if (!strcmp(w, "font") || !strcmp(w, "show-glyphs") || !strcmp(w, "glyphs"))
		return fail(I, "%s", "its text could not be turned into paths");
	char m[64];
	snprintf(m, sizeof m, "its drawing uses '%.40s'", w);
	return fail(I, "%s, which dossier cannot draw as paths", m);
}

static bool run(interp *I, const char *s)
{
	const char *p = s;
	while (*p && !I->err[0]) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (*p == '%') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == '[' || (p[0] == '<' && p[1] == '<')) {
			val v = {.kind = V_MARK};
			if (!push(I, v))
				return false;
			p += *p == '[' ? 1 : 2;
			continue;
		}
		if (*p == ']' || (p[0] == '>' && p[1] == '>')) {
			bool arr = *p == ']';
			p += arr ? 1 : 2;
			val a = {.kind = arr ? V_ARR : V_OTHER};
			double x[6];
			int n = 0;
			for (;;) {
				val v;
				if (!pop(I, &v))
					return false;
				if (v.kind == V_MARK)
					break;
				if (arr && (v.kind != V_NUM || n >= 6))
					return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
				if (arr)
					x[n++] = v.num;
			}
			for (int i = 0; i < n; i++)
				a.arr[i] = x[n - 1 - i];
			a.narr = n;
			if (!push(I, a))
				return false;
			continue;
		}
		if (*p == '(' || *p == '<' || *p == '{')
			return fail(I, "%s", "it contains a raster image (an <image> element or a filter effect such as a blur or shadow); dossier draws SVGs only as vector paths");
		const char *e = p;
		while (*e && !isspace((unsigned char)*e) && !strchr("[]<>(){}%", *e))
			e++;
		if (e == p)
			return fail(I, "%s", "librsvg wrote a drawing dossier cannot read");
		char w[32];
		size_t n = (size_t)(e - p);
		if (n >= sizeof w)
			n = sizeof w - 1;
		memcpy(w, p, n);
		w[n] = 0;
		p = e;
		char *end;
		double num = strtod(w, &end);
		if (end != w && !*end) {
			val v = {.kind = V_NUM, .num = num};
			if (!push(I, v))
				return false;
		} else if (w[0] == '/') {
			val v = {.kind = w[1] == '/' ? V_OTHER : V_NAME};
			snprintf(v.name, sizeof v.name, "%s", w + 1);
			if (!push(I, v))
				return false;
		} else if (w[0] == '\0') {
			continue;
		} else if (!op(I, w)) {
			return false;
		}
	}
	return !I->err[0];
}

/* ---- references to other files ---- */

/* The first href, xlink:href or url(…) in s that names something other than
 * a fragment of the SVG itself or a data: URI, @import, or the file of an
 * external entity; NULL when none. */
static const char *external_ref(const char *s, size_t len, char *out, size_t on, size_t *at)
{
	static const char *const keys[] = {"href=", "url(", "@import", "SYSTEM", "PUBLIC", NULL};
	for (size_t i = 0; i < len; i++) {
		for (int k = 0; keys[k]; k++) {
			size_t kl = strlen(keys[k]);
			if (i + kl > len || strncasecmp(s + i, keys[k], kl))
				continue;
			size_t j = i + kl;
			*at = i;
			if (k == 2) {
				snprintf(out, on, "@import");
				return out;
			}
			if (k >= 3) {
				/* an external entity: <!ENTITY x SYSTEM "file"> (a
				 * DOCTYPE's DTD is never loaded) */
				size_t b = i;
				while (b > 0 && s[b] != '<' && s[b] != '>')
					b--;
				if (strncmp(s + b, "<!ENTITY", 8))
					continue;
				while (j < len && s[j] != '"' && s[j] != '\'' && s[j] != '>')
					j++;
				if (j < len && s[j] != '>')
					j++;
			}
			while (j < len && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
				j++;
			if (j < len && s[j] == '#')
				continue;
			if (j + 5 <= len && !strncasecmp(s + j, "data:", 5))
				continue;
			size_t e = j;
			while (e < len && !strchr("\"')> \n", s[e]))
				e++;
			snprintf(out, on, "%.*s", (int)(e - j > 80 ? 80 : e - j), s + j);
			return out;
		}
	}
	return NULL;
}

static void free_interp(interp *I)
{
	for (int i = 0; i < I->nsurf; i++) {
		for (size_t k = 0; k < I->surf[i].n; k++)
			shape_free(&I->surf[i].sh[k]);
		free(I->surf[i].sh);
	}
	for (int i = 0; i < I->nctx; i++) {
		free(I->ctx[i].path);
		free(I->ctx[i].cp);
	}
}

bool svg_size(const char *text, size_t len, double *w, double *h, char *why, size_t wn)
{
	GError *err = NULL;
	RsvgHandle *hd = rsvg_handle_new_from_data((const guint8 *)text, len, &err);
	if (!hd) {
		snprintf(why, wn, "%s", err && err->message ? err->message : "not an SVG");
		if (err)
			g_error_free(err);
		return false;
	}
	bool ok = svg_handle_size(hd, w, h, why, wn);
	g_object_unref(hd);
	return ok;
}

/* An absolute length in CSS pixels; 0 for relative ones (%, em, ex). */
static double length_px(RsvgLength l)
{
	switch (l.unit) {
	case RSVG_UNIT_PX:
		return l.length;
	case RSVG_UNIT_IN:
		return l.length * 96;
	case RSVG_UNIT_CM:
		return l.length * 96 / 2.54;
	case RSVG_UNIT_MM:
		return l.length * 96 / 25.4;
	case RSVG_UNIT_PT:
		return l.length * 96 / 72;
	case RSVG_UNIT_PC:
		return l.length * 96 / 6;
	default:
		return 0;
	}
}

bool svg_handle_size(void *handle, double *w, double *h, char *why, size_t wn)
{
	RsvgHandle *hd = handle;
	gboolean hw, hh, hv;
	RsvgLength lw, lh;
	RsvgRectangle vb;
	rsvg_handle_get_intrinsic_dimensions(hd, &hw, &lw, &hh, &lh, &hv, &vb);
	gdouble pw, ph;
	rsvg_handle_set_dpi(hd, 96);
	if (hw && hh && lw.unit != RSVG_UNIT_PERCENT && lh.unit != RSVG_UNIT_PERCENT &&
	    rsvg_handle_get_intrinsic_size_in_pixels(hd, &pw, &ph)) {
		*w = pw, *h = ph;
	} else if (hv) {
		*w = vb.width, *h = vb.height;
		/* one length given: the other from the viewBox's proportions */
		double px;
		if (hw && vb.width > 0 && vb.height > 0 && (px = length_px(lw)) > 0)
			*w = px, *h = px * vb.height / vb.width;
		else if (hh && vb.width > 0 && vb.height > 0 && (px = length_px(lh)) > 0)
			*h = px, *w = px * vb.width / vb.height;
	} else {
		snprintf(why, wn, "it has no size: give the <svg> element width and height, or a viewBox");
		return false;
	}
	if (!(*w > 0 && *h > 0 && *w < 1e6 && *h < 1e6)) {
		snprintf(why, wn, "its size is %gx%g pixels; expected a positive width and height", *w, *h);
		return false;
	}
	return true;
}

/* librsvg's parse error "… on line L column C of data: what" → what, at L:C. */
static void parse_error(const char *msg, char *why, size_t wn, int *line, int *col)
{
	const char *on = strstr(msg, " on line ");
	const char *of = on ? strstr(on, " of data: ") : NULL;
	int l, c;
	if (on && of && sscanf(on, " on line %d column %d", &l, &c) == 2 && l > 0) {
		*line = l;
		*col = c > 0 ? c : 1;
		msg = of + 10;
	}
	snprintf(why, wn, "%s", msg);
	size_t n = strlen(why);
	while (n && (why[n - 1] == '\n' || why[n - 1] == ' ' || why[n - 1] == '\r'))
		why[--n] = 0;
	for (char *p = why; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

bool svg_load(arena *a, image *im, const char *text, size_t len, char *why, size_t wn, int *line,
	      int *col)
{
	char ref[96];
	size_t at = 0;
	*line = *col = 0;
	if (external_ref(text, len, ref, sizeof ref, &at)) {
		*line = 1, *col = 1;
		for (size_t i = 0; i < at; i++)
			if (text[i] == '\n')
				++*line, *col = 1;
			else if (((unsigned char)text[i] & 0xC0) != 0x80)
				++*col;
		snprintf(why, wn,
			 "it refers to '%s'; dossier draws only self-contained SVGs (no other files, no network)",
			 ref);
		return false;
	}
	GError *err = NULL;
	RsvgHandle *hd = rsvg_handle_new_from_data((const guint8 *)text, len, &err);
	if (!hd) {
		parse_error(err && err->message ? err->message : "not an SVG", why, wn, line, col);
		if (err)
			g_error_free(err);
		return false;
	}
	double w, h;
	if (!svg_handle_size(hd, &w, &h, why, wn)) {
		g_object_unref(hd);
		return false;
	}
	/* drawn onto a recording surface, then written out as a script (the
	 * script surface of cairo 1.16 fails on an open path filled, which
	 * the recording surface drops as empty) */
	sbuf sb = {0};
	cairo_rectangle_t ext = {0, 0, w, h};
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cairo_t *cr = cairo_create(rec);
	RsvgRectangle vp = {0, 0, w, h};
	gboolean drawn = rsvg_handle_render_document(hd, cr, &vp, &err);
	cairo_destroy(cr);
	g_object_unref(hd);
	if (drawn) {
		cairo_device_t *dev = cairo_script_create_for_stream(sbuf_write, &sb);
		cairo_script_set_mode(dev, CAIRO_SCRIPT_MODE_ASCII);
		cairo_status_t st = cairo_script_from_recording_surface(dev, rec);
		cairo_device_finish(dev);
		cairo_device_destroy(dev);
		if (st != CAIRO_STATUS_SUCCESS) {
			cairo_surface_destroy(rec);
			snprintf(why, wn, "cairo could not write its drawing: %s", cairo_status_to_string(st));
			free(sb.s);
			return false;
		}
	}
	cairo_surface_destroy(rec);
	if (!drawn) {
		snprintf(why, wn, "librsvg could not draw it: %s",
			 err && err->message ? err->message : "unknown error");
		if (err)
			g_error_free(err);
		free(sb.s);
		return false;
	}
	if (sb.over) {
		snprintf(why, wn, "its drawing is too large (more than %ld MB of paths)", SVG_SCRIPT_MAX >> 20);
		free(sb.s);
		return false;
	}
	interp *I = calloc(1, sizeof *I);
	if (!I) {
		free(sb.s);
		snprintf(why, wn, "out of memory");
		return false;
	}
	I->w = w, I->h = h;
	bool ok = run(I, sb.s ? sb.s : "");
	free(sb.s);
	if (ok && I->nsurf > 0) {
		shapes *S = &I->surf[0];
		im->svg = arena_array(a, S->n ? S->n : 1, sizeof *im->svg);
		for (size_t i = 0; i < S->n; i++) {
			im->svg[i] = S->sh[i];
			double *o = arena_array(a, S->sh[i].n ? S->sh[i].n : 1, sizeof(double));
			memcpy(o, S->sh[i].ops, S->sh[i].n * sizeof(double));
			im->svg[i].ops = o;
			if (S->sh[i].nclip) {
				double *k = arena_array(a, S->sh[i].nclip, sizeof(double));
				memcpy(k, S->sh[i].clip, S->sh[i].nclip * sizeof(double));
				im->svg[i].clip = k;
			}
		}
		im->nsvg = S->n;
	} else if (!ok) {
		snprintf(why, wn, "%s", I->err);
	}
	free_interp(I);
	free(I);
	if (!ok)
		return false;
	im->is_svg = true;
	im->svg_w = w;
	im->svg_h = h;
	im->width = (int)lround(w);
	im->height = (int)lround(h);
	im->dpi = 96;
	return true;
}
