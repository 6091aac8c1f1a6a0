/* limits.h — every limit dossier puts on its input, with its reason.
 *
 * Inputs come from many hands; each limit turns a pathological input into a
 * clear error instead of a crash, a hang or an exhausted machine.
 */
#ifndef DOSSIER_LIMITS_H
#define DOSSIER_LIMITS_H

/* Largest layout, facts, statistics or article file read (bytes). */
#define LIMIT_FILE_BYTES (64u * 1024 * 1024)

/* YAML nesting depth. libyaml itself allows 1000 levels; no dossier input
 * needs more than a handful. */
#define LIMIT_YAML_DEPTH 64

/* Nodes visited while copying one YAML document. Aliases share nodes, so
 * "a: &x [*x]" is a cycle and "billion laughs" expands exponentially; the
 * copy counts every visit and stops at this budget. */
#define LIMIT_YAML_NODES 2000000

/* Markdown list / block-quote nesting that dossier lays out. */
#define LIMIT_MD_NESTING 32

/* Table size. */
#define LIMIT_TABLE_COLUMNS 64
#define LIMIT_TABLE_ROWS 2000000

/* Image pixel count (decompression bombs) and side length. */
#define LIMIT_IMAGE_PIXELS (50u * 1000 * 1000)
#define LIMIT_IMAGE_SIDE 20000

/* Largest magnitude of a number in a table cell: integers are exact up to
 * 2^53 (about 9e15) in a double, and a total of up to LIMIT_TABLE_ROWS
 * cells must still format; beyond it numbers are written as 1e+16. */
#define LIMIT_NUMBER 1e15

/* Pages in one dossier. */
#define LIMIT_PAGES 100000

/* Passes of the table-of-contents fix-point (page numbers settle in 2). */
#define LIMIT_TOC_PASSES 5

/* Errors printed before the list is cut (all are still counted). */
#define LIMIT_MAX_ERRORS 100

#endif
