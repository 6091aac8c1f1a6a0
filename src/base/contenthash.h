/* contenthash.h — content hashes for incremental batch builds.
 *
 * XXH3-128 (libxxhash): fast enough to hash every input of every dossier
 * on each run (fonts included), and 128 bits so that an accidental
 * collision is out of the question. It is not a cryptographic hash: it
 * detects changes, it does not authenticate files. Its output is stable
 * across xxHash versions from 0.8.0 and across machines (the canonical
 * form is big-endian), so the hashes in reports can be compared between
 * runs and hosts.
 */
#ifndef DOSSIER_CONTENTHASH_H
#define DOSSIER_CONTENTHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	unsigned char b[16];      /* canonical (big-endian) XXH3-128 */
} chash;

/* "xxh3-128:" + 32 hex digits + NUL */
#define CHASH_HEX 42

typedef struct hasher hasher;
hasher *hasher_new(void);
void hasher_free(hasher *h);                    /* accepts NULL */
void hasher_bytes(hasher *h, const void *p, size_t n);
/* Length-prefixed, so that ("ab","c") and ("a","bc") differ; NULL is
 * distinct from "". */
void hasher_str(hasher *h, const char *s);
void hasher_u64(hasher *h, uint64_t v);
chash hasher_digest(const hasher *h);

/* Hash a file's content. false with errno set when it cannot be read.
 * The hash of a large file whose stat (device, inode, size, mtime, ctime)
 * is unchanged since it was read is given again without reading it, when
 * it was read at least two seconds after its last change (contenthash.c
 * says why that is safe). */
bool chash_file(const char *path, chash *out);
/* How many hashes chash_file gave again, and forget them (tests). */
size_t chash_memo_hits(void);
void chash_memo_clear(void);
bool chash_eq(const chash *a, const chash *b);
void chash_hex(const chash *h, char out[CHASH_HEX]);
/* A 64-bit hash of a string, for hash tables. */
uint64_t chash_str64(const char *s);
/* Parse what chash_hex wrote; false on anything else. */
bool chash_parse(const char *s, chash *out);

#endif
