/* contenthash.c — XXH3-128 of files and of structured data (contenthash.h). */
#include "contenthash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

bool chash_file(const char *path, chash *out)
{
	FILE *f = file_open_regular(path);
	if (!f)
		return false;
	int fd = fileno(f);
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
	if (ok)
		*out = canon(XXH3_128bits_digest(st));
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
