/* geom.c — the chart side's only cairo user: shapes are built on a scratch
 * cairo context (a recording surface with an identity CTM, so user space is
 * the chart box: origin at its top-left corner, y down) and read back with
 * cairo_copy_path as PATH_* operations, one out->path call per shape or per
 * group of shapes drawn alike. cairo turns arcs into Bézier curves. */
#include <cairo.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"

struct geom {
	cairo_surface_t *surf;
	cairo_t *cr;
};

bool geom_open(cx *c, const chart *ch, const chart_out *out)
{
	memset(c, 0, sizeof *c);
	c->ch = ch;
	c->out = out;
	c->lang = ch->language ? ch->language : "en";
	c->grey = ch->greyscale;
	c->decimals = data_decimals(ch);
	struct geom *g = xmalloc(sizeof *g);
	g->surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	g->cr = cairo_create(g->surf);
	if (cairo_status(g->cr) != CAIRO_STATUS_SUCCESS) {
		cairo_destroy(g->cr);
		cairo_surface_destroy(g->surf);
		free(g);
		return false;
	}
	cairo_identity_matrix(g->cr);
	cairo_set_tolerance(g->cr, 0.05);
	c->g = g;
	return true;
}

/* cairo errors are sticky: once the scratch context has failed (out of
 * memory in practice; every coordinate given to it is finite), each
 * cairo_copy_path reports the error and geom_emit draws nothing more. The
 * status is checked when the context is made and in every copied path. */
void geom_close(cx *c)
{
	cairo_destroy(c->g->cr);
	cairo_surface_destroy(c->g->surf);
	free(c->g);
	c->g = NULL;
}

void geom_move(cx *c, double x, double y)
{
	cairo_move_to(c->g->cr, x, y);
}

void geom_line(cx *c, double x, double y)
{
	cairo_line_to(c->g->cr, x, y);
}

void geom_arc(cx *c, double xc, double yc, double r, double a0, double a1)
{
	cairo_arc(c->g->cr, xc, yc, r, a0, a1);
}

void geom_arc_negative(cx *c, double xc, double yc, double r, double a0, double a1)
{
	cairo_arc_negative(c->g->cr, xc, yc, r, a0, a1);
}

void geom_rect(cx *c, double x, double y, double w, double h)
{
	cairo_rectangle(c->g->cr, x, y, w, h);
}

void geom_new_sub_path(cx *c)
{
	cairo_new_sub_path(c->g->cr);
}

void geom_close_path(cx *c)
{
	cairo_close_path(c->g->cr);
}

void geom_round_joins(cx *c)
{
	cairo_set_line_join(c->g->cr, CAIRO_LINE_JOIN_ROUND);
}

/* The ops array is only valid during the call: out->path copies it. */
void geom_emit(cx *c, bool fill, uint32_t fc, double alpha, double lw, uint32_t sc, int dash)
{
	if (c->dry) { /* the first pass draws nothing */
		cairo_new_path(c->g->cr);
		return;
	}
	cairo_path_t *p = cairo_copy_path(c->g->cr);
	cairo_new_path(c->g->cr);
	if (!p)
		return;
	if (p->status != CAIRO_STATUS_SUCCESS || p->num_data <= 0) {
		cairo_path_destroy(p);
		return;
	}
	double *ops = xmalloc(sizeof(double) * (size_t)p->num_data * 4 + sizeof(double));
	size_t n = 0, last_move = (size_t)-1;
	for (int i = 0; i < p->num_data; i += p->data[i].header.length) {
		const cairo_path_data_t *d = &p->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			if (last_move != (size_t)-1 && last_move + 3 == n)
				n = last_move; /* a move right after a move: keep the later one */
			last_move = n;
			ops[n++] = PATH_MOVE, ops[n++] = d[1].point.x, ops[n++] = d[1].point.y;
			break;
		case CAIRO_PATH_LINE_TO:
			ops[n++] = PATH_LINE, ops[n++] = d[1].point.x, ops[n++] = d[1].point.y;
			break;
		case CAIRO_PATH_CURVE_TO:
			ops[n++] = PATH_CURVE;
			for (int k = 1; k <= 3; k++)
				ops[n++] = d[k].point.x, ops[n++] = d[k].point.y;
			break;
		case CAIRO_PATH_CLOSE_PATH:
			ops[n++] = PATH_CLOSE;
			break;
		}
	}
	if (last_move != (size_t)-1 && last_move + 3 == n)
		n = last_move; /* cairo's trailing move after a close */
	cairo_path_destroy(p);
	if (n)
		c->out->path(c->out->user, ops, n, fill, fc, alpha, lw, sc, dash);
	free(ops);
}

void geom_fill(cx *c, uint32_t color)
{
	geom_emit(c, true, color, 0, 0, 0, 0);
}

void geom_stroke(cx *c, double lw, uint32_t color, int dash)
{
	geom_emit(c, false, 0, 0, lw, color, dash);
}
