/* util.c — allocation, arena, buffers, UTF-8 and path helpers. */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

static void (*fatal_hook)(void);

void util_on_fatal(void (*fn)(void))
{
	fatal_hook = fn;
}

static void oom(void)
{
	if (fatal_hook)
		fatal_hook();
	fputs("dossier: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void grow_array(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			oom();
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		oom();
	*p = xrealloc(*p, c * size);
	*cap = c;
}

/* ---- arena ----
 * Blocks of 64 KiB; a request larger than a quarter block gets a block of its
 * own so that big tables do not waste the tail of a shared block. */
#define ARENA_BLOCK (64 * 1024)

struct ablock {
	struct ablock *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct ablock *head;
	size_t total;
};

arena *arena_new(void)
{
	return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
	if (!a)
		return;
	struct ablock *b = a->head;
	while (b) {
		struct ablock *n = b->next;
		free(b);
		b = n;
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	struct ablock *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t sz = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		if (sz > SIZE_MAX - sizeof(struct ablock))
			oom();
		struct ablock *nb = xmalloc(sizeof(struct ablock) + sz);
		nb->size = sz;
		nb->used = 0;
		if (sz != ARENA_BLOCK && b) {
			/* keep the current shared block at the head */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *arena_array(arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return arena_alloc(a, n * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_bytes(const arena *a)
{
	return a->total;
}

/* ---- buf ---- */
void buf_put(buf *b, const char *s, size_t n)
{
	GROW(b->s, b->cap, b->len + n + 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(buf *b, char c)
{
	buf_put(b, &c, 1);
}

/* Formats once into the room the buffer has (at least 64 bytes are made):
 * a second pass only when the text is longer. Numbers in content streams
 * go through here, and formatting a double is most of the cost. */
void buf_printf(buf *b, const char *fmt, ...)
{
	GROW(b->s, b->cap, b->len + 64);
	size_t room = b->cap - b->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->s + b->len, room, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		b->s[b->len] = 0;
		return;
	}
	if ((size_t)n >= room) {
		GROW(b->s, b->cap, b->len + (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_free(buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *buf_cstr(buf *b)
{
	return b->s ? b->s : "";
}

/* ---- UTF-8 ---- */
void buf_put_utf8(buf *b, uint32_t cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(b, s, n);
}

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

long utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return (long)i;
		i += (size_t)l;
	}
	return -1;
}

void utf8_linecol(const char *s, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Text whose every character lies in ranges that are NFC on their own and
 * that nothing composes with (Latin including Vietnamese, Cyrillic,
 * punctuation, currency, kana, CJK, Hangul syllables) is already NFC;
 * checked character by character and in pairs against utf8proc. */
bool utf8_surely_nfc(const char *s, size_t n)
{
	static const uint32_t ok[][2] = {
		{0x0080, 0x02FF}, {0x1E00, 0x1EFF}, {0x0400, 0x0482}, {0x048A, 0x052F},
		{0x2010, 0x205E}, {0x20A0, 0x20C0}, {0x3000, 0x3029}, {0x3041, 0x3096},
		{0x309B, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xFF01, 0xFF60},
	};
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return false;
		size_t k = 0;
		while (k < sizeof ok / sizeof ok[0] && (cp < ok[k][0] || cp > ok[k][1]))
			k++;
		if (k == sizeof ok / sizeof ok[0])
			return false;
		i += (size_t)l;
	}
	return true;
}


char *utf8_nfc(arena *a, const char *s, size_t n)
{
	/* Fast path: most text is already NFC. */
	if (utf8_surely_nfc(s, n))
		return arena_strndup(a, s, n);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
					  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (r < 0) /* invalid input: callers validate first; keep the bytes */
		return arena_strndup(a, s, n);
	char *p = arena_strndup(a, (const char *)out, (size_t)r);
	free(out);
	return p;
}

/* ---- files ---- */
FILE *file_open_regular(const char *path)
{
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer, forever */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int e = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(fd);
		errno = e;
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f)
		close(fd);
	return f;
}

bool file_check_regular(const char *path)
{
	FILE *f = file_open_regular(path);
	if (!f)
		return false;
	fclose(f);
	return true;
}

const char *file_strerror(int e)
{
	return e == EINVAL ? "not a regular file" : strerror(e);
}

char *file_read(const char *path, size_t max, size_t *len)
{
	FILE *f = file_open_regular(path);
	if (!f)
		return NULL;
	buf b = {0};
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (b.len + n > max) {
			buf_free(&b);
			fclose(f);
			errno = EFBIG;
			return NULL;
		}
		buf_put(&b, tmp, n);
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	if (!b.s)
		b.s = xcalloc(1, 1);
	if (len)
		*len = b.len;
	return b.s;
}

char *path_join(arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
		return arena_strdup(a, rel);
	return arena_printf(a, "%s/%s", dir, rel);
}

char *path_dir(arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return arena_strdup(a, ".");
	if (s == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(s - path));
}

bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	int row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		int best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			int cur = row[j];
			int sub = prev + (a[i - 1] != b[j - 1]);
			int v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (sub < v)
				v = sub;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

void fmt_thousands(char *out, size_t outsz, long long v, const char *sep)
{
	char digits[32];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int nd = snprintf(digits, sizeof digits, "%llu", u);
	size_t seplen = strlen(sep), o = 0;
	if (v < 0 && o + 1 < outsz)
		out[o++] = '-';
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			for (size_t k = 0; k < seplen && o + 1 < outsz; k++)
				out[o++] = sep[k];
		}
		if (o + 1 < outsz)
			out[o++] = digits[i];
	}
	out[o] = 0;
}

int source_date_epoch(long long *t, bool say)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	long long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && v <= SDE_MAX; p++)
		v = v * 10 + (*p - '0');
	if (p == s || *p || v > SDE_MAX) {
		if (!say)
			return -1;
		char shown[64];
		snprintf(shown, sizeof shown, "%.40s%s", s, strlen(s) > 40 ? "…" : "");
		for (char *c = shown; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		fprintf(stderr,
			"dossier: error: SOURCE_DATE_EPOCH is '%s'; it must be a whole number of seconds from 0 to %lld "
			"(9999-12-31 23:59:59 UTC), or unset\n",
			shown, (long long)SDE_MAX);
		return -1;
	}
	*t = v;
	return 1;
}

size_t utf8_to_utf16be(const char *s, size_t n, unsigned char *out)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			l = 1, cp = 0xFFFD;
		i += (size_t)l;
		uint32_t u[2] = {cp, 0};
		if (cp > 0xFFFF) {
			u[0] = 0xD800 + ((cp - 0x10000) >> 10);
			u[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
		}
		for (int j = 0; j < 2 && u[j]; j++) {
			out[k++] = (unsigned char)(u[j] >> 8);
			out[k++] = (unsigned char)u[j];
		}
	}
	return k;
}
