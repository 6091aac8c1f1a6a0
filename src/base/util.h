/* util.h — memory, strings and small helpers shared by every stage.
 *
 * Ownership: everything a stage builds for a document lives in one arena
 * (arena_new / arena_free); nothing inside an arena is freed on its own.
 * xmalloc and friends abort on out-of-memory, as cmark's default allocator
 * does: a report generator has no useful way to continue without memory.
 */
#ifndef DOSSIER_UTIL_H
#define DOSSIER_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/* A function run before the process aborts on out-of-memory (e.g. to
 * remove a temporary output file). */
void util_on_fatal(void (*fn)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Grow an array *p holding *cap elements of size `size` so that it can hold
 * at least `need`; overflow-checked. */
void grow_array(void **p, size_t *cap, size_t need, size_t size);
#define GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof *(arr))

/* ---- arena: block allocator, one per document ---- */
typedef struct arena arena;
arena *arena_new(void);
void arena_free(arena *a);          /* accepts NULL */
void *arena_alloc(arena *a, size_t n);  /* zeroed, 16-byte aligned */
void *arena_array(arena *a, size_t n, size_t size); /* overflow-checked */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t arena_bytes(const arena *a);  /* bytes handed out (for limits/bench) */

/* ---- growable byte buffer ---- */
typedef struct {
	char *s;
	size_t len, cap;
} buf;
void buf_put(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* The code point cp in UTF-8 (1 to 4 bytes; cp is not checked). */
void buf_put_utf8(buf *b, uint32_t cp);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(buf *b);
const char *buf_cstr(buf *b);       /* NUL-terminated view; never NULL */

/* ---- UTF-8 ---- */
/* Decode one code point from s[0..n); returns its length in bytes (>=1), or
 * 0 when the sequence is invalid (overlong, surrogate, truncated, > U+10FFFF). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* s[0..n) as UTF-16BE (surrogate pairs above U+FFFF; a malformed byte is
 * U+FFFD) into out, which holds at least 2 * n bytes (no character takes
 * more bytes in UTF-16 than twice its UTF-8 bytes); the bytes written. */
size_t utf8_to_utf16be(const char *s, size_t n, unsigned char *out);
/* Return the byte offset of the first invalid sequence, or -1 if s is valid. */
long utf8_invalid_at(const char *s, size_t n);
/* Line/column (1-based, column counted in code points) of byte offset off. */
void utf8_linecol(const char *s, size_t off, int *line, int *col);
/* True when s is certainly NFC already (a fast check; false means "maybe"). */
bool utf8_surely_nfc(const char *s, size_t n);
/* NFC-normalise a valid UTF-8 string into the arena. */
char *utf8_nfc(arena *a, const char *s, size_t n);
size_t utf8_count(const char *s, size_t n);

/* ---- files and paths ---- */
/* Read a whole file (NUL-terminated copy); NULL with errno set on failure or
 * when it is larger than max bytes (errno EFBIG). Caller frees. */
/* Open a regular file for reading; NULL with errno EISDIR for a directory
 * and EINVAL for a FIFO, device or socket (never blocks on a FIFO). */
FILE *file_open_regular(const char *path);
/* For a library that opens path itself (FreeType, libharu, libhyphen): true
 * when path is a regular file, checked as file_open_regular opens it (never
 * blocks); false with errno set as it sets it. */
bool file_check_regular(const char *path);
/* strerror, with "not a regular file" for file_open_regular's EINVAL. */
const char *file_strerror(int e);
char *file_read(const char *path, size_t max, size_t *len);
/* Join dir and rel unless rel is absolute; result in arena. */
char *path_join(arena *a, const char *dir, const char *rel);
/* Directory part of a path ("." when it has none); arena string. */
char *path_dir(arena *a, const char *path);
bool file_exists(const char *path);

/* Levenshtein distance, capped at 'cap' (returns cap when larger). */
int edit_distance(const char *a, const char *b, int cap);

/* Format an integer with a thousands separator sep (e.g. "," or "."). */
void fmt_thousands(char *out, size_t outsz, long long v, const char *sep);

/* SOURCE_DATE_EPOCH (reproducible-builds.org): 1 with *t when it is set,
 * 0 when it is unset or empty, -1 (said on stderr with say) when it is not a whole
 * number of seconds from 0 to SDE_MAX, the end of year 9999, the last
 * a PDF date can hold. */
#define SDE_MAX 253402300799LL
int source_date_epoch(long long *t, bool say);

#endif
