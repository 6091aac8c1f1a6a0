/* facecache.h — what one process keeps of each font face across the
 * documents it lays out: the parsed HarfBuzz font (with the shape plans
 * HarfBuzz caches on its face), the verdict of the embedding check, and
 * every text shaped in it.
 *
 * Takes: a font file's path and face index. Gives: a small number naming
 * the face as it is now on disk (path, device, inode, size and mtime: a
 * changed file is a new face, so `dossier watch` never shapes with a stale
 * one), and caches keyed by it. A `dossier batch` fills them in its parent
 * before forking the workers, which share them copy-on-write; what a worker
 * adds is its own. Every cached value is a pure function of the face file
 * and the key, so a cached and an uncached run give the same bytes. The
 * caches are bounded (FACECACHE_MAX_*): past a bound nothing more is kept
 * and the caller keeps its own copy, as without the cache.
 */
#ifndef DOSSIER_FACECACHE_H
#define DOSSIER_FACECACHE_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font.h"

#define FACECACHE_MAX_FACES 64
#define FACECACHE_MAX_SHAPED 200000            /* texts, all faces */
#define FACECACHE_MAX_BYTES ((size_t)48 << 20) /* texts and glyphs */

/* The face's number, or -1 when the file cannot be examined (stat) or the
 * table of faces is full: the caller then works without the cache. */
int facecache_id(const char *path, unsigned index);

/* The embedding check of face id passed once in this process. */
bool facecache_checked(int id);
void facecache_set_checked(int id);

/* The face's HarfBuzz font at a scale of upem (made on first use), with a
 * reference for the caller (hb_font_destroy it). NULL when id is -1. */
hb_font_t *facecache_hb_font(int id, unsigned upem);

/* The face's kerning of printable ASCII pairs, [a - 32][b - 32] in 1/1000
 * em, INT16_MIN where not yet looked up (filled by font.c); NULL when id
 * is -1. */
int16_t *facecache_ascii_kerns(int id);

/* The glyphs of text s[0..n) shaped in face id under key (the shaping
 * options: direction, kerning, ligatures, language), or NULL. */
const font_glyph *facecache_shaped(int id, unsigned key, const char *s, size_t n, size_t *ng);
/* Keep g[0..ng) as that text's glyphs; the kept copy (valid for the
 * process), or NULL when id is -1 or a bound is reached. */
const font_glyph *facecache_keep(int id, unsigned key, const char *s, size_t n, const font_glyph *g, size_t ng);

/* The file and face index of face id when text was measured in it (its
 * HarfBuzz font was made), else NULL: for a batch's parent, which then
 * prepares those faces for the workers. */
const char *facecache_used(int id, unsigned *index);

/* Counts, for tests and the benchmark notes. */
size_t facecache_nshaped(void);
/* Free everything (at exit; tests). */
void facecache_clear(void);

#endif
