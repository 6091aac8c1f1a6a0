/* svg.h — SVG images as vector paths.
 *
 * Takes: the text of an SVG file. Gives: its size in CSS pixels and its
 * drawing as filled and stroked paths (svg_shape in model.h), drawn by
 * librsvg and read back as paths, never as pixels. A failure gives false and
 * why (librsvg's message, or what dossier cannot draw). Only svg.c includes
 * <librsvg/rsvg.h>.
 */
#ifndef DOSSIER_SVG_H
#define DOSSIER_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* The size the SVG states (width and height, or its viewBox), in pixels. */
bool svg_size(const char *text, size_t len, double *w, double *h, char *why, size_t wn);
bool svg_handle_size(void *handle, double *w, double *h, char *why, size_t wn);

/* Parse and draw the SVG into im (is_svg, svg_w/svg_h, svg/nsvg; width,
 * height and dpi 96 for the sizing code); shapes live in arena a. On
 * failure, line and col give where in the SVG the problem is (0 = unknown). */
bool svg_load(arena *a, image *im, const char *text, size_t len, char *why, size_t wn, int *line,
	      int *col);

#endif
