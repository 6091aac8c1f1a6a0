/* contenthash.c — XXH3-128 of files and of structured data (contenthash.h). */
#include "contenthash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "util.h"

struct hasher {
	XXH3_state_t *st;
};

hasher *hasher_new(void)
{
	hasher *h = xmalloc(sizeof *h);
	h->st = XXH3_createState();
	if (!h->st || XXH3_128bits_reset(h->st) != XXH_OK) {
		fprintf(stderr, "dossier: out of memory\n");
		abort();
	}
	return h;
}

void hasher_free(hasher *h)
{
	if (!h)
		return;
	XXH3_freeState(h->st);
	free(h);
}

void hasher_bytes(hasher *h, const void *p, size_t n)
{
	XXH3_128bits_update(h->st, p, n);
}

void hasher_u64(hasher *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	hasher_bytes(h, b, 8);
}

void hasher_str(hasher *h, const char *s)
{
	if (!s) {
		hasher_u64(h, UINT64_MAX);
		return;
	}
	size_t n = strlen(s);
	hasher_u64(h, n);
	hasher_bytes(h, s, n);
}

static chash canon(XXH128_hash_t v)
{
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, v);
	chash out;
	memcpy(out.b, c.digest, sizeof out.b);
	return out;
}

chash hasher_digest(const hasher *h)
{
	return canon(XXH3_128bits_digest(h->st));
}

/* ---- hashes of large files, kept for the process ----
 *
 * A batch worker hashes every input of a dossier twice (before and after
 * the build) and a long-lived worker does so for every dossier it builds:
 * the font files, read again and again, cost as much as a small dossier's
 * hyphenation. A file's hash is kept, for files of HASH_MEMO_MIN bytes or
 * more, under its path, device, inode, size, mtime and ctime, and given
 * again while all of those are unchanged. That is safe where a stat that
 * has not changed proves the content has not:
 * - every write to a file sets its mtime and ctime to the current time,
 *   and a program can set the mtime back (touch -d, utimensat) but never
 *   the ctime, which that sets to now too;
 * - a file replaced by another (rename, a new copy) has another inode, or
 *   is seen by its new ctime;
 * - but the clock ticks coarsely (jiffies on Linux): a write within the
 *   tick of the ctime seen leaves it as it was. So a hash is kept only
 *   when the file's ctime and mtime are at least HASH_MEMO_SETTLED seconds
 *   older than the moment its reading began, and its stat did not change
 *   while it was read (git's rule for "racily clean" index entries): any
 *   write after that moment moves the ctime past the one kept.
 * What it cannot see, as no stat-based check can: writes through a shared
 * mmap that the kernel has not yet stamped, a file system that keeps no
 * ctime, and the system clock set back. */
#define HASH_MEMO_MIN 65536
#define HASH_MEMO_MAX 256
#define HASH_MEMO_SETTLED 2

typedef struct {
	char *path;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
	chash h;
} memo;

static memo memos[HASH_MEMO_MAX];
static size_t nmemos, next_memo;
static bool memo_registered;
static size_t memo_hits_n;

static void memo_free(void)
{
	for (size_t i = 0; i < nmemos; i++)
		free(memos[i].path);
	nmemos = next_memo = 0;
}

static bool ts_eq(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static bool same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       ts_eq(a->st_mtim, b->st_mtim) && ts_eq(a->st_ctim, b->st_ctim);
}

static memo *memo_find(const char *path, const struct stat *st)
{
	for (size_t i = 0; i < nmemos; i++) {
		memo *m = &memos[i];
		if (m->dev == st->st_dev && m->ino == st->st_ino && m->size == st->st_size &&
		    ts_eq(m->mtime, st->st_mtim) && ts_eq(m->ctime, st->st_ctim) && !strcmp(m->path, path))
			return m;
	}
	return NULL;
}

/* Is a time at least HASH_MEMO_SETTLED seconds before start? */
static bool settled(struct timespec t, struct timespec start)
{
	return t.tv_sec + HASH_MEMO_SETTLED < start.tv_sec ||
	       (t.tv_sec + HASH_MEMO_SETTLED == start.tv_sec && t.tv_nsec <= start.tv_nsec);
}

static void memo_keep(const char *path, const struct stat *st, const chash *h)
{
	if (!memo_registered) {
		atexit(memo_free);
		memo_registered = true;
	}
	memo *m;
	if (nmemos < HASH_MEMO_MAX) {
		m = &memos[nmemos++];
	} else { /* the oldest goes */
		m = &memos[next_memo];
		next_memo = (next_memo + 1) % HASH_MEMO_MAX;
		free(m->path);
	}
	*m = (memo){xstrdup(path), st->st_dev, st->st_ino, st->st_size, st->st_mtim, st->st_ctim, *h};
}

size_t chash_memo_hits(void)
{
	return memo_hits_n;
}

void chash_memo_clear(void)
{
	memo_free();
}

bool chash_file(const char *path, chash *out)
{
	FILE *f = file_open_regular(path);
	if (!f)
		return false;
	int fd = fileno(f);
	struct stat st0;
	struct timespec start;
	bool may_keep = fstat(fd, &st0) == 0 && st0.st_size >= HASH_MEMO_MIN &&
			clock_gettime(CLOCK_REALTIME, &start) == 0;
	if (may_keep) {
		const memo *m = memo_find(path, &st0);
		if (m) {
			*out = m->h;
			memo_hits_n++;
			fclose(f);
			return true;
		}
	}
	XXH3_state_t *st = XXH3_createState();
	if (!st) {
		fclose(f);
		errno = ENOMEM;
		return false;
	}
	XXH3_128bits_reset(st);
	static char block[1 << 16];
	bool ok = true;
	for (;;) {
		ssize_t n = read(fd, block, sizeof block);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ok = false;
			break;
		}
		if (n == 0)
			break;
		XXH3_128bits_update(st, block, (size_t)n);
	}
	int e = errno;
	if (ok) {
		*out = canon(XXH3_128bits_digest(st));
		struct stat st1;
		if (may_keep && fstat(fd, &st1) == 0 && same_stat(&st0, &st1) && settled(st0.st_mtim, start) &&
		    settled(st0.st_ctim, start))
			memo_keep(path, &st0, out);
	}
	XXH3_freeState(st);
	fclose(f);
	errno = e;
	return ok;
}

bool chash_eq(const chash *a, const chash *b)
{
	return memcmp(a->b, b->b, sizeof a->b) == 0;
}

void chash_hex(const chash *h, char out[CHASH_HEX])
{
	static const char hex[] = "0123456789abcdef";
	memcpy(out, "xxh3-128:", 9);
	for (int i = 0; i < 16; i++) {
		out[9 + 2 * i] = hex[h->b[i] >> 4];
		out[9 + 2 * i + 1] = hex[h->b[i] & 15];
	}
	out[41] = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool chash_parse(const char *s, chash *out)
{
	if (strncmp(s, "xxh3-128:", 9) != 0 || strlen(s) != 41)
		return false;
	for (int i = 0; i < 16; i++) {
		int hi = hexval(s[9 + 2 * i]), lo = hexval(s[10 + 2 * i]);
		if (hi < 0 || lo < 0)
			return false;
		out->b[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

uint64_t chash_str64(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}
