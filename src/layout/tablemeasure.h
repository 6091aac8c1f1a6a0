/* tablemeasure.h — what each column of a table needs, from every row.
 *
 * Takes: a table (model.h) and a function that measures one text as a
 * cell is set (layout.c gives the paragraph setter's own measure). Gives,
 * per column, the widest piece that must stay on one line and the widest
 * cell, header label, total and subtotal rows included, in one pass over
 * all the rows: no sample. The pass stays linear and cheap at 100,000 rows
 * and more because a text is measured once per width class: numbers whose
 * figures are tabular in the font (every digit as wide, kerned alike) share
 * the width of their pattern ("98,222" and "10,845" are both "00,000"), and
 * any other text is measured once per distinct string. The cache holds at
 * most TM_CACHE_MAX texts of at most TM_KEY_MAX bytes; longer or later
 * ones are measured each time.
 */
#ifndef DOSSIER_TABLEMEASURE_H
#define DOSSIER_TABLEMEASURE_H

#include <stddef.h>

#include "font.h"
#include "model.h"

#define TM_CACHE_MAX 65536
#define TM_KEY_MAX 64
#define TM_HEADER ((size_t)-1) /* tm_column.need_row of a header label */

/* The faces a cell is set in: body cells, bold cells (total, subtotal and
 * group rows, the label column of a facts panel), header labels. */
enum { TM_BODY, TM_BOLD, TM_HEAD, TM_KINDS };

/* Measures s[0..n) set as a cell of the given kind: the width of its widest
 * line (*whole) and of its widest piece between two line-break
 * opportunities (*unit), in points at the table's size. */
typedef void (*tm_measure_fn)(void *ctx, const char *s, size_t n, int kind, double *whole, double *unit);

typedef struct {
	tm_measure_fn measure;
	void *ctx;
	fontset *fs;            /* to check the figures; NULL: no number classes */
	int font[TM_KINDS];     /* FONT_ID of each kind */
} tm_setup;

typedef struct {
	double need;            /* widest piece that must stay on one line: a
				 * word, or a whole number, percentage or date */
	double want;            /* widest cell set on one line */
	const char *need_text;  /* the cell or label that holds that piece */
	size_t need_row;        /* its row, or TM_HEADER */
} tm_column;

typedef struct {
	double span_need;       /* widest word of a group heading (one cell
				 * across the table) */
	const char *span_text;
	size_t cells;           /* cells looked at */
	size_t measured;        /* texts measured (the others came from the cache) */
} tm_result;

/* Fills cols[0..t->ncols) and r. */
void table_measure(const table *t, const tm_setup *s, tm_column *cols, tm_result *r);

/* True when the figures 0-9 of face id are tabular: present, equally
 * wide, and kerned alike against each other and the separators a number
 * is written with (" ,.%+-()/:'$"). */
bool tm_tabular_figures(fontset *fs, int id);

#endif
