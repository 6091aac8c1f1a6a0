/* limits.h — every limit dossier puts on its input, with its reason.
 *
 * Inputs come from many hands; each limit turns a pathological input into a
 * clear error instead of a crash, a hang or an exhausted machine. The limits
 * users may change (`--limit NAME=VALUE`, `dossier limits` lists them) live in
 * one run-time table, dossier_limits; the LIMIT_* names below read it, so a
 * call site reads the same whether its limit is fixed or not. Limits that size
 * arrays have a fixed ceiling (*_MAX) that an override cannot pass.
 *
 * Takes: "NAME=VALUE" strings from the command line.
 * Gives: the limits in force, and the run-time clock (limits_start_clock,
 * limits_time_check) every stage consults between units of work.
 */
#ifndef DOSSIER_LIMITS_H
#define DOSSIER_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef struct {
	long file_bytes;    /* file-size: largest input file read */
	long yaml_depth;    /* yaml-depth: YAML nesting */
	long yaml_nodes;    /* yaml-nodes: nodes visited copying one YAML document */
	long md_nesting;    /* md-nesting: Markdown list / quote nesting laid out */
	long table_columns; /* table-columns */
	long table_rows;    /* table-rows */
	long image_pixels;  /* image-pixels: decompression bombs */
	long image_side;    /* image-side: width or height in pixels */
	long pages;         /* pages: pages in one dossier */
	long errors;        /* errors: errors printed before the list is cut */
	long title_bytes;   /* title-length: bytes of one title or heading */
	long image_total;   /* image-memory: decoded pixels of all images of a dossier */
	double seconds;     /* time: run time of one dossier; 0 = none */
} limit_set;

extern limit_set dossier_limits;

/* Ceilings of the limits that size arrays. */
#define LIMIT_YAML_DEPTH_MAX 1000
#define LIMIT_MD_NESTING_MAX 256
#define LIMIT_TABLE_COLUMNS_MAX 256

#define LIMIT_FILE_BYTES (dossier_limits.file_bytes)
#define LIMIT_YAML_DEPTH (dossier_limits.yaml_depth)
#define LIMIT_YAML_NODES (dossier_limits.yaml_nodes)
#define LIMIT_MD_NESTING (dossier_limits.md_nesting)
#define LIMIT_TABLE_COLUMNS (dossier_limits.table_columns)
#define LIMIT_TABLE_ROWS (dossier_limits.table_rows)
#define LIMIT_IMAGE_PIXELS (dossier_limits.image_pixels)
#define LIMIT_IMAGE_SIDE (dossier_limits.image_side)
#define LIMIT_PAGES (dossier_limits.pages)
#define LIMIT_MAX_ERRORS (dossier_limits.errors)
#define LIMIT_TITLE_BYTES (dossier_limits.title_bytes)
#define LIMIT_IMAGE_TOTAL (dossier_limits.image_total)

/* Numbers must stay below this magnitude: integers are exact up to 2^53
 * (about 9e15) in a double. A number in an input (table cell, chart value,
 * YAML number), a table total or subtotal and a {{ }} total at or beyond it
 * is an error at its position. Fixed: the formatting depends on it. */
#define LIMIT_NUMBER 1e15

/* Words of one paragraph broken as a whole (total fit); a longer paragraph
 * is broken line by line (first fit), with a warning. Total fit is linear
 * in the words, but keeps some 450 bytes per word while it works, and a
 * paragraph this long (some 60 pages) is a conversion accident, not prose
 * that gains from even lines. */
#define LIMIT_TOTAL_FIT_WORDS 50000

/* References to a missing id that get a "did you mean" (each looks at
 * every id); later ones are reported without. */
#define LIMIT_SUGGESTIONS 100

/* Set one limit from "NAME=VALUE". Sizes take K, M or G (powers of 1024),
 * times take s, m or h, counts are plain integers. On failure writes why
 * (one line, no newline) to err and returns false; nothing changes. */
bool limits_set(const char *spec, char *err, size_t errlen);

/* The command-line option at argv[*i]: "--limit NAME=VALUE" (then *i moves
 * on to the value) or "--limit=NAME=VALUE". Returns 0 when argv[*i] is
 * another option, 1 when the limit is set, -1 on a missing or bad value
 * (said on stderr as "dossier: ..."). */
int limits_option(int argc, char **argv, int *i);

/* A title or heading longer than the title-length limit: an error at pos
 * ("WHAT is N bytes long, longer than the limit..."), false. */
bool limits_title_check(diag *dg, srcpos pos, const char *what, const char *text);

/* Every limit: name, value in force, default, meaning — `dossier limits`. */
void limits_print(void *file);

/* The run-time clock of one dossier: limits_start_clock at the start of a
 * build; limits_time_up is true once the time limit has passed (cheap: a
 * monotonic clock read, checked between paragraphs, rows and pages). */
void limits_start_clock(void);
bool limits_time_up(void);

/* limits_time_up, and the first time it is true in a build an error at pos
 * (the layout's document: line): "the build ran longer than N s". */
bool limits_time_check(diag *dg, srcpos pos);

/* A last resort for work that never returns to a check (a library caught in
 * a loop): after the time limit and a grace period the process prints
 * "dossier: error: ..." and ends with status 1, calling cleanup first (it
 * must be async-signal-safe). Nothing is armed when the limit is 0. */
void limits_arm_backstop(const char *what, void (*cleanup)(void));
void limits_disarm_backstop(void);

#endif
