/* pdf_pack.c — object streams and a cross-reference stream (pdf_pack.h).
 *
 * The input is what libharu 2.3.0 writes: a header line and a binary
 * comment, objects "N 0 obj … endobj" in any order, one classic xref table
 * ("xref", subsections of 20-byte entries), "trailer << … >>", "startxref",
 * "%%EOF". Anything else makes pdf_pack give up (false), never guess.
 */
#include "pdf_pack.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* An object stream holds at most this many objects, or about this many
 * bytes before compression: deflate sees 32 KB back, so longer streams
 * compress no better, and a reader inflates a whole stream for one object. */
#define PACK_OBJS 1000
#define PACK_BYTES 65536
/* zlib's level 4 (its lazy matching), tuned for object streams: their
 * dictionaries repeat long runs ("0 R/Pg 51 0 R/K ") a few dozen bytes
 * apart, which level 4 (nice_length 16, chain 16) cuts into pieces. On W1's
 * tagged object streams (250 KB before compression; deflate's instructions
 * alone, callgrind): level 4 54.3 KB, 19.1 M; level 6 Z_FILTERED 50.4 KB,
 * 33.8 M; level 7 48.7 KB, 38.9 M; these settings (good 8, lazy 32,
 * nice 258, chain 32) 49.6 KB, 23.9 M. */
#define PACK_LEVEL 4
#define PACK_GOOD 8
#define PACK_LAZY 32
#define PACK_NICE 258
#define PACK_CHAIN 32
/* More objects than this in the xref: not libharu's output for a dossier
 * (W3, 100,000 rows, has ~20,000). */
#define PACK_MAX_OBJS 8000000u

typedef struct {
	size_t off;       /* of "N 0 obj" in the input */
	size_t body, end; /* the body [body, end): between the "obj" line and "endobj" */
	const unsigned char *src; /* its body written elsewhere (compact already), or NULL */
	size_t out;       /* offset in the output (type 1), or its index in its object stream */
	uint32_t stm;     /* 0: written as it is (type 1); else the object stream's number */
	bool used;
} pobj;

typedef struct {
	unsigned char *p;
	size_t n, cap;
	bool bad; /* out of memory */
} obuf;

static void put(obuf *b, const void *s, size_t n)
{
	if (b->bad)
		return;
	if (b->n + n > b->cap) {
		size_t c = b->cap ? b->cap : 65536;
		while (c < b->n + n)
			c *= 2;
		unsigned char *p = realloc(b->p, c);
		if (!p) {
			b->bad = true;
			return;
		}
		b->p = p;
		b->cap = c;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void puts_(obuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* v in decimal (snprintf costs more than the rest of the packing) */
static void putu(obuf *b, unsigned long long v)
{
	char t[24], *e = t + sizeof t, *p = e;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	put(b, p, (size_t)(e - p));
}

/* fmt with one %llu in it */
static void putf(obuf *b, const char *fmt, unsigned long long v)
{
	const char *m = strstr(fmt, "%llu");
	put(b, fmt, (size_t)(m - fmt));
	putu(b, v);
	puts_(b, m + 4);
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A decimal number at in[*i] (at most 10 digits), *i moved past it. */
static bool number(const unsigned char *in, size_t n, size_t *i, uint64_t *v)
{
	size_t k = *i;
	uint64_t x = 0;
	while (k < n && is_digit(in[k]) && k - *i < 10)
		x = x * 10 + (uint64_t)(in[k++] - '0');
	if (k == *i || (k < n && is_digit(in[k])))
		return false;
	*i = k;
	*v = x;
	return true;
}

static void skip_ws(const unsigned char *in, size_t n, size_t *i)
{
	while (*i < n && is_ws(in[*i]))
		(*i)++;
}

static bool word(const unsigned char *in, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);
	return i + k <= n && !memcmp(in + i, w, k);
}

/* The last occurrence of w in in[from, to), or (size_t)-1. */
static size_t last(const unsigned char *in, size_t from, size_t to, const char *w)
{
	size_t k = strlen(w);
	if (to < from + k)
		return (size_t)-1;
	for (size_t i = to - k + 1; i-- > from;)
		if (in[i] == (unsigned char)w[0] && !memcmp(in + i, w, k))
			return i;
	return (size_t)-1;
}

/* Character classes of the PDF syntax (ISO 32000-1, 7.2.2). */
enum { C_REG, C_WS, C_DELIM };
static unsigned char cls[256];

static void init_cls(void)
{
	if (cls[' '] == C_WS)
		return;
	for (const char *c = "()<>[]{}/%"; *c; c++)
		cls[(unsigned char)*c] = C_DELIM;
	for (const char *c = " \n\r\t\f"; *c; c++)
		cls[(unsigned char)*c] = C_WS;
	cls[0] = C_WS;
}

/* Object body in[0..n) onto b without the whitespace the syntax does not
 * need ("<<\n/S /P\n/P 12 0 R\n>>" becomes "<</S/P/P 12 0 R>>"); strings
 * are copied as they are. False for a comment or an unclosed string: the
 * caller copies the body whole. */
static bool minify(obuf *b, const unsigned char *in, size_t n)
{
	size_t start = b->n;
	put(b, in, n); /* room for all of it: the result is never longer */
	if (b->bad)
		return false;
	unsigned char *o = b->p + start, *o0 = o;
	bool space = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = in[i];
		int k = cls[c];
		if (k == C_WS) {
			space = true;
			i++;
			continue;
		}
		if (space && o > o0 && k == C_REG && cls[o[-1]] == C_REG)
			*o++ = ' ';
		space = false;
		size_t j = i + 1;
		if (c == '%')
			goto whole;
		if (c == '(') { /* a literal string: balanced parentheses, backslash escapes */
			int depth = 1;
			for (; j < n && depth; j++)
				if (in[j] == '\\')
					j++;
				else if (in[j] == '(')
					depth++;
				else if (in[j] == ')')
					depth--;
			if (depth || j > n)
				goto whole;
		} else if (c == '<' && !(j < n && in[j] == '<')) { /* a hex string */
			while (j < n && in[j] != '>')
				j++;
			if (j++ >= n)
				goto whole;
		} else if (k == C_REG || c == '/') { /* a name, number or keyword */
			while (j < n && cls[in[j]] == C_REG)
				j++;
		} else if ((c == '<' || c == '>') && j < n && in[j] == c)
			j++;
		memcpy(o, in + i, j - i);
		o += j - i;
		i = j;
	}
	b->n = start + (size_t)(o - o0);
	return true;
whole:
	b->n = start;
	return false;
}

/* Deflate s[0..n) onto b; false when zlib fails. */
static bool deflate_to(obuf *b, const unsigned char *s, size_t n)
{
	z_stream zs = {0};
	if (deflateInit2(&zs, PACK_LEVEL, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	deflateTune(&zs, PACK_GOOD, PACK_LAZY, PACK_NICE, PACK_CHAIN);
	uLong cap = deflateBound(&zs, (uLong)n);
	unsigned char *z = malloc(cap ? cap : 1);
	bool ok = false;
	if (z) {
		zs.next_in = (Bytef *)s;
		zs.avail_in = (uInt)n;
		zs.next_out = z;
		zs.avail_out = (uInt)cap;
		ok = deflate(&zs, Z_FINISH) == Z_STREAM_END;
		if (ok)
			put(b, z, zs.total_out);
	}
	deflateEnd(&zs);
	free(z);
	return ok;
}

/* A deflated stream object "num 0 obj <<dict /Length L>> stream … endstream endobj". */
static bool stream_obj(obuf *o, uint32_t num, const char *dict, const unsigned char *s, size_t n)
{
	obuf z = {0};
	if (!deflate_to(&z, s, n) || z.bad) {
		free(z.p);
		return false;
	}
	putf(o, "%llu 0 obj\n", num);
	puts_(o, dict);
	puts_(o, " /Filter /FlateDecode");
	putf(o, " /Length %llu >>\nstream\n", z.n);
	put(o, z.p, z.n);
	puts_(o, "\nendstream\nendobj\n");
	free(z.p);
	return true;
}

typedef struct {
	const unsigned char *p;
	size_t n;
} span;

/* The trailer dictionary at in[i..]: /Size, and the raw values of /Root,
 * /Info and /ID. False for any other key (/Encrypt, /Prev, …) or anything
 * unexpected. */
static bool trailer(const unsigned char *in, size_t n, size_t i, uint64_t *size, span *root, span *info,
		    span *id)
{
	skip_ws(in, n, &i);
	if (!word(in, n, i, "<<"))
		return false;
	i += 2;
	for (;;) {
		skip_ws(in, n, &i);
		if (word(in, n, i, ">>"))
			return root->p != NULL;
		if (i >= n || in[i] != '/')
			return false;
		size_t k = ++i;
		while (i < n && !is_ws(in[i]) && !strchr("/<>[]()", in[i]))
			i++;
		size_t klen = i - k;
		skip_ws(in, n, &i);
		size_t v = i; /* the value: up to the next key or the end, no nesting */
		int depth = 0;
		while (i < n && (depth > 0 || (in[i] != '/' && !word(in, n, i, ">>")))) {
			if (in[i] == '[')
				depth++;
			else if (in[i] == ']')
				depth--;
			else if (in[i] == '(' || word(in, n, i, "<<") || in[i] == '/')
				return false; /* strings, dictionaries, names in a value: not libharu's */
			if (depth < 0)
				return false;
			i++;
		}
		if (i >= n)
			return false;
		size_t e = i;
		while (e > v && is_ws(in[e - 1]))
			e--;
		span s = {in + v, e - v};
		if (klen == 4 && !memcmp(in + k, "Size", 4)) {
			size_t j = v;
			if (!number(in, e, &j, size) || j != e)
				return false;
		} else if (klen == 4 && !memcmp(in + k, "Root", 4))
			*root = s;
		else if (klen == 4 && !memcmp(in + k, "Info", 4))
			*info = s;
		else if (klen == 2 && !memcmp(in + k, "ID", 2))
			*id = s;
		else
			return false;
	}
}

/* For qsort (no qsort_r in C11): the objects being sorted by offset. One
 * render at a time per process (dossier batch forks its workers). */
static const pobj *sort_objs;
static int by_offset(const void *a, const void *b)
{
	size_t x = sort_objs[*(const uint32_t *)a].off, y = sort_objs[*(const uint32_t *)b].off;
	return (x > y) - (x < y);
}

/* Bytes needed for v, at least 1. */
static int width(uint64_t v)
{
	int w = 1;
	while (v >>= 8)
		w++;
	return w;
}

bool pdf_pack(const unsigned char *in, size_t n, unsigned char **out, size_t *outn)
{
	return pdf_pack_with(in, n, NULL, out, outn);
}

bool pdf_pack_with(const unsigned char *in, size_t n, const pdf_pack_bodies *with, unsigned char **out,
		   size_t *outn)
{
	*out = NULL;
	*outn = 0;
	init_cls();
	if (n < 32 || !(word(in, n, 0, "%PDF-1.") || word(in, n, 0, "%PDF-2.")) || !is_digit(in[7]) ||
	    !is_ws(in[8]))
		return false;
	/* the header: its line and a binary comment line after it */
	size_t hdr = 8;
	while (hdr < n && (in[hdr] == '\r' || in[hdr] == '\n'))
		hdr++;
	size_t comment = hdr, comment_end = hdr;
	if (hdr < n && in[hdr] == '%') {
		while (comment_end < n && in[comment_end] != '\r' && in[comment_end] != '\n')
			comment_end++;
		if (comment_end - comment > 64)
			return false;
	}
	/* startxref, near the end */
	size_t sx = last(in, n > 1024 ? n - 1024 : 0, n, "startxref");
	if (sx == (size_t)-1)
		return false;
	size_t i = sx + 9;
	uint64_t xref;
	skip_ws(in, n, &i);
	if (!number(in, n, &i, &xref) || xref >= sx || !word(in, n, (size_t)xref, "xref"))
		return false;
	/* the xref table: subsections "first count" of 20-byte entries */
	i = (size_t)xref + 4;
	pobj *o = NULL;
	uint32_t *order = NULL;
	size_t *stmoff = NULL; /* the object streams' offsets in the output */
	obuf b = {0}, s = {0}, hd = {0}, x = {0};
	size_t nobj = 0; /* entries: objects 0 .. nobj-1 */
	for (;;) {
		skip_ws(in, n, &i);
		if (word(in, n, i, "trailer"))
			break;
		uint64_t first, count;
		if (!number(in, n, &i, &first) || i >= n || in[i] != ' ')
			goto fail;
		i++;
		if (!number(in, n, &i, &count) || first + count > PACK_MAX_OBJS)
			goto fail;
		skip_ws(in, n, &i);
		if (first + count > nobj) {
			pobj *p = realloc(o, (size_t)(first + count) * sizeof *o);
			if (!p)
				goto fail;
			memset(p + nobj, 0, (size_t)(first + count - nobj) * sizeof *o);
			o = p;
			nobj = (size_t)(first + count);
		}
		for (uint64_t k = 0; k < count; k++, i += 20) {
			const unsigned char *e = in + i;
			if (i + 20 > sx || e[10] != ' ' || e[16] != ' ' || (e[17] != 'n' && e[17] != 'f'))
				goto fail;
			size_t j = i;
			uint64_t off, gen;
			if (!number(in, i + 10, &j, &off) || j != i + 10)
				goto fail;
			j = i + 11;
			if (!number(in, i + 16, &j, &gen) || j != i + 16)
				goto fail;
			pobj *p = &o[first + k];
			if (e[17] == 'n') {
				if (gen != 0 || first + k == 0 || p->used || off >= xref)
					goto fail;
				p->used = true;
				p->off = (size_t)off;
			}
		}
	}
	uint64_t size = 0;
	span root = {0}, info = {0}, id = {0};
	if (!trailer(in, sx, i + 7, &size, &root, &info, &id) || size != nobj || nobj < 2)
		goto fail;
	/* each object where the table says, "N 0 obj", its body up to the last
	 * "endobj" before the next object (by offset) or the table */
	order = malloc(nobj * sizeof *order);
	if (!order)
		goto fail;
	size_t nused = 0;
	for (size_t k = 0; k < nobj; k++)
		if (o[k].used)
			order[nused++] = (uint32_t)k;
	sort_objs = o;
	qsort(order, nused, sizeof *order, by_offset);
	for (size_t k = 0; k < nused; k++) {
		pobj *p = &o[order[k]];
		size_t lim = k + 1 < nused ? o[order[k + 1]].off : (size_t)xref;
		if (p->off < comment_end || p->off >= lim)
			goto fail; /* before the header, or two objects at one offset */
		size_t j = p->off;
		uint64_t num, gen;
		if (!number(in, lim, &j, &num) || num != order[k] || !word(in, lim, j, " "))
			goto fail;
		j++;
		if (!number(in, lim, &j, &gen) || gen != 0 || !word(in, lim, j, " obj") || j + 4 >= lim || !is_ws(in[j + 4]))
			goto fail;
		p->body = j + 4;
		size_t eo = last(in, p->body, lim, "endobj");
		if (eo == (size_t)-1)
			goto fail;
		p->end = eo;
	}
	/* the bodies written elsewhere, in place of libharu's "null" */
	for (size_t k = 0; with && k < with->n; k++) {
		uint32_t num = with->num[k];
		if (num >= nobj || !o[num].used || (k && num <= with->num[k - 1]))
			goto fail;
		pobj *p = &o[num];
		size_t bs = p->body, e = p->end;
		while (bs < e && is_ws(in[bs]))
			bs++;
		while (e > bs && is_ws(in[e - 1]))
			e--;
		if (e - bs != 4 || memcmp(in + bs, "null", 4) || with->off[k + 1] <= with->off[k])
			goto fail;
		p->src = with->s;
		p->body = with->off[k];
		p->end = with->off[k + 1];
	}
	/* the output: header, streams as they are, object streams, xref stream */
	char ver[16];
	memcpy(ver, in, 8);
	ver[8] = 0;
	if (ver[5] == '1' && ver[7] < '5')
		ver[7] = '5';
	puts_(&b, ver);
	puts_(&b, "\n");
	if (comment_end > comment) {
		put(&b, in + comment, comment_end - comment);
		puts_(&b, "\n");
	}
	size_t npack = 0;
	for (size_t k = 0; k < nused; k++) {
		pobj *p = &o[order[k]];
		if (p->src) {
			p->stm = 1;
			npack++;
			continue;
		}
		size_t e = p->end;
		while (e > p->body && is_ws(in[e - 1]))
			e--;
		size_t bs = p->body;
		while (bs < e && is_ws(in[bs]))
			bs++;
		if (bs == e)
			goto fail; /* an empty object */
		if (e - bs >= 9 && !memcmp(in + e - 9, "endstream", 9)) {
			p->out = b.n; /* a stream: as it is */
			put(&b, in + p->off, p->end + 6 - p->off);
			puts_(&b, "\n");
		} else {
			if (last(in, bs, e, "endobj") != (size_t)-1)
				goto fail; /* two objects in one: the table lost an entry */
			p->body = bs;
			p->end = e;
			p->stm = 1; /* to pack */
			npack++;
		}
	}
	/* the object streams, numbered after the last object */
	uint32_t next = (uint32_t)nobj;
	for (size_t k = 0; k < nused;) {
		hd.n = s.n = 0;
		size_t cnt = 0;
		for (; k < nused && cnt < PACK_OBJS && s.n < PACK_BYTES; k++) {
			pobj *p = &o[order[k]];
			if (!p->stm)
				continue;
			if (cnt)
				puts_(&s, "\n");
			putu(&hd, order[k]);
			put(&hd, " ", 1);
			putu(&hd, s.n);
			put(&hd, " ", 1);
			if (p->src)
				put(&s, p->src + p->body, p->end - p->body);
			else if (!minify(&s, in + p->body, p->end - p->body))
				put(&s, in + p->body, p->end - p->body);
			p->stm = next;
			p->out = cnt++;
		}
		if (!cnt)
			continue;
		hd.n--; /* the last space */
		puts_(&hd, "\n");
		size_t first = hd.n;
		put(&hd, s.p, s.n);
		if (hd.bad || s.bad)
			goto fail;
		char dict[96];
		snprintf(dict, sizeof dict, "<< /Type /ObjStm /N %zu /First %zu", cnt, first);
		size_t at = b.n;
		if (!stream_obj(&b, next, dict, hd.p, hd.n))
			goto fail;
		size_t *q = realloc(stmoff, (next - nobj + 1) * sizeof *stmoff);
		if (!q)
			goto fail;
		stmoff = q;
		stmoff[next - nobj] = at;
		next++;
	}
	uint32_t nstm = next - (uint32_t)nobj;
	uint32_t xnum = next, total = next + 1;
	size_t xoff = b.n;
	/* the cross-reference stream: type, field 2, field 3 */
	uint64_t max2 = xoff > total ? xoff : total;
	int w2 = width(max2), w3 = 2, cols = 1 + w2 + w3;
	unsigned char prev[16] = {0}, row[16];
	for (uint32_t k = 0; k < total; k++) {
		uint64_t f2 = 0, f3 = 0;
		int t;
		if (k < nobj && o[k].used && o[k].stm) {
			t = 2;
			f2 = o[k].stm;
			f3 = o[k].out;
		} else if (k < nobj && o[k].used) {
			t = 1;
			f2 = o[k].out;
		} else if (k >= nobj && k < xnum) {
			t = 1;
			f2 = stmoff[k - nobj];
		} else if (k == xnum) {
			t = 1;
			f2 = xoff;
		} else {
			t = 0;
			f3 = k == 0 ? 65535 : 0;
		}
		if (f3 > 65535)
			goto fail;
		row[0] = (unsigned char)t;
		for (int j = 0; j < w2; j++)
			row[1 + j] = (unsigned char)(f2 >> (8 * (w2 - 1 - j)));
		row[1 + w2] = (unsigned char)(f3 >> 8);
		row[2 + w2] = (unsigned char)f3;
		unsigned char up[17];
		up[0] = 2; /* PNG Up */
		for (int j = 0; j < cols; j++)
			up[1 + j] = (unsigned char)(row[j] - prev[j]);
		memcpy(prev, row, (size_t)cols);
		put(&x, up, (size_t)cols + 1);
	}
	if (x.bad || b.bad)
		goto fail;
	obuf d = {0};
	putf(&d, "<< /Type /XRef /Size %llu", total);
	putf(&d, " /W [1 %llu 2]", (unsigned long long)w2);
	puts_(&d, " /Root ");
	put(&d, root.p, root.n);
	if (info.p) {
		puts_(&d, " /Info ");
		put(&d, info.p, info.n);
	}
	if (id.p) {
		puts_(&d, " /ID ");
		put(&d, id.p, id.n);
	}
	putf(&d, " /DecodeParms << /Columns %llu /Predictor 12 >>", (unsigned long long)cols);
	put(&d, "", 1); /* NUL-terminated for stream_obj */
	bool ok = !d.bad && stream_obj(&b, xnum, (const char *)d.p, x.p, x.n);
	free(d.p);
	if (!ok)
		goto fail;
	putf(&b, "startxref\n%llu\n%%EOF\n", xoff);
	if (b.bad || nstm == 0)
		goto fail;
	free(o);
	free(order);
	free(stmoff);
	free(s.p);
	free(hd.p);
	free(x.p);
	*out = b.p;
	*outn = b.n;
	return true;
fail:
	free(o);
	free(order);
	free(stmoff);
	free(b.p);
	free(s.p);
	free(hd.p);
	free(x.p);
	return false;
}
