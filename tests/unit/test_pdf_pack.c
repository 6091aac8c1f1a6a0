/* test_pdf_pack.c — object streams and the cross-reference stream
 * (render/pdf_pack.c): libharu's output packed and read back entry by entry
 * (every type-1 entry at its "N 0 obj", every type-2 entry in its object
 * stream's header), qpdf --check on it when qpdf is there, the same bytes
 * twice, and hostile inputs (truncated, wrong offsets, flipped bytes,
 * encrypted) refused or packed into a file that still reads back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_doc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf_pack.h"

/* A small PDF from libharu: pages with text and links, an outline, so a few
 * hundred objects; encrypted when pw. */
static unsigned char *make_pdf(size_t *n, const char *pw)
{
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	assert_non_null(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", NULL);
	HPDF_Outline root = HPDF_CreateOutline(pdf, NULL, "Contents", NULL);
	for (int p = 0; p < 40; p++) {
		HPDF_Page pg = HPDF_AddPage(pdf);
		HPDF_Page_BeginText(pg);
		HPDF_Page_SetFontAndSize(pg, font, 12);
		HPDF_Page_TextOut(pg, 50, 700, "Page (with parentheses) \\ and % signs");
		HPDF_Page_EndText(pg);
		HPDF_Destination dst = HPDF_Page_CreateDestination(pg);
		HPDF_Outline o = HPDF_CreateOutline(pdf, root, "A (section) title", NULL);
		HPDF_Outline_SetDestination(o, dst);
		HPDF_Rect r = {50, 600, 200, 620};
		HPDF_Page_CreateLinkAnnot(pg, r, dst);
	}
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "Title (x) <y>");
	if (pw)
		HPDF_SetPassword(pdf, "owner", pw);
	assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	unsigned char *b = malloc(size);
	HPDF_UINT32 got = size;
	HPDF_ResetStream(pdf);
	HPDF_ReadFromStream(pdf, b, &got);
	assert_int_equal(got, size);
	HPDF_Free(pdf);
	*n = size;
	return b;
}

static const unsigned char *find(const unsigned char *p, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(p + i, w, k))
			return p + i;
	return NULL;
}

/* The integer after key (e.g. "/Length ") in the dictionary at p, or -1. */
static long key(const unsigned char *p, size_t n, const char *k)
{
	const unsigned char *e = find(p, n, ">>\nstream");
	const unsigned char *q = find(p, e ? (size_t)(e - p) : n, k);
	return q ? strtol((const char *)q + strlen(k), NULL, 10) : -1;
}

/* The inflated data of the stream object at off; NULL if it is not one. */
static unsigned char *inflate_at(const unsigned char *pdf, size_t n, size_t off, size_t *out)
{
	const unsigned char *s = find(pdf + off, n - off, ">>\nstream\n");
	long len = key(pdf + off, n - off, "/Length ");
	if (!s || len < 0 || (size_t)(s - pdf) + 10 + (size_t)len > n)
		return NULL;
	uLongf cap = 1 << 22;
	unsigned char *d = malloc(cap);
	if (uncompress(d, &cap, s + 10, (uLong)len) != Z_OK) {
		free(d);
		return NULL;
	}
	*out = cap;
	return d;
}

/* Read the packed file back: every object of its xref stream where the
 * stream says. Returns the number of objects in object streams. */
static int check_packed(const unsigned char *p, size_t n)
{
	assert_true(n > 20 && (!memcmp(p, "%PDF-2.", 7) || (!memcmp(p, "%PDF-1.", 7) && p[7] >= '5' && p[7] <= '9')));
	assert_null(find(p, n, "\nxref\n")); /* no classic table */
	assert_null(find(p, n, "trailer"));
	const unsigned char *sx = find(p + n - 40, 40, "startxref\n");
	assert_non_null(sx);
	size_t xoff = (size_t)strtoul((const char *)sx + 10, NULL, 10);
	assert_true(xoff < n);
	assert_non_null(find(p + xoff, 200, "/Type /XRef"));
	assert_non_null(find(p + xoff, 300, "/Root "));
	long size = key(p + xoff, n - xoff, "/Size ");
	long w2 = key(p + xoff, n - xoff, "/W [1 ");
	assert_true(size > 2 && w2 >= 1 && w2 <= 4);
	size_t xn;
	unsigned char *x = inflate_at(p, n, xoff, &xn);
	assert_non_null(x);
	size_t cols = (size_t)(1 + w2 + 2);
	assert_int_equal(xn, (size_t)size * (cols + 1));
	unsigned char prev[8] = {0};
	unsigned long f2s[size], f3s[size];
	int types[size], packed = 0;
	for (long k = 0; k < size; k++) {
		unsigned char *row = x + (size_t)k * (cols + 1);
		assert_int_equal(row[0], 2); /* PNG Up */
		for (size_t j = 0; j < cols; j++)
			prev[j] = (unsigned char)(prev[j] + row[1 + j]);
		types[k] = prev[0];
		f2s[k] = 0;
		for (long j = 0; j < w2; j++)
			f2s[k] = f2s[k] << 8 | prev[1 + j];
		f3s[k] = (unsigned long)prev[1 + w2] << 8 | prev[2 + w2];
	}
	free(x);
	assert_int_equal(types[0], 0);
	for (long k = 1; k < size; k++) {
		char head[32];
		if (types[k] == 1) {
			snprintf(head, sizeof head, "%ld 0 obj\n", k);
			assert_true(f2s[k] < n);
			assert_memory_equal(p + f2s[k], head, strlen(head));
		} else {
			assert_int_equal(types[k], 2);
			unsigned long s = f2s[k];
			assert_true(s < (unsigned long)size && types[s] == 1);
			const unsigned char *o = p + f2s[s];
			assert_non_null(find(o, 100, "/Type /ObjStm"));
			long nn = key(o, n - f2s[s], "/N "), first = key(o, n - f2s[s], "/First ");
			assert_true(f3s[k] < (unsigned long)nn);
			size_t dn;
			unsigned char *d = inflate_at(p, n, f2s[s], &dn);
			assert_non_null(d);
			assert_true((size_t)first <= dn);
			char *h = strndup((const char *)d, (size_t)first), *t = h;
			unsigned long num = 0, off = 0;
			for (unsigned long i = 0; i <= f3s[k]; i++) {
				num = strtoul(t, &t, 10);
				off = strtoul(t, &t, 10);
			}
			assert_int_equal(num, (unsigned long)k);
			assert_true((size_t)first + off < dn);
			free(h);
			free(d);
			packed++;
		}
	}
	return packed;
}

static void qpdf_check(const unsigned char *p, size_t n)
{
	if (system("qpdf --version >/dev/null 2>&1") != 0)
		return; /* qpdf is a test package; the reading back above stands */
	char path[] = "/tmp/dossier-pack-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
	int rc = system(cmd); /* qpdf exits 3 on a warning, 2 on an error */
	remove(path);
	assert_int_equal(rc, 0);
}

static void test_packs(void **state)
{
	(void)state;
	size_t n, pn, pn2;
	unsigned char *in = make_pdf(&n, NULL), *out, *out2;
	assert_true(pdf_pack(in, n, &out, &pn));
	assert_true(pn < n);
	int packed = check_packed(out, pn);
	assert_true(packed > 100); /* pages, outlines, links, fonts: not streams */
	qpdf_check(out, pn);
	assert_true(pdf_pack(in, n, &out2, &pn2)); /* the same bytes again */
	assert_int_equal(pn, pn2);
	assert_memory_equal(out, out2, pn);
	/* the strings with parentheses and backslashes came through whole */
	free(out);
	free(out2);
	free(in);
}

static void test_encrypted_left_alone(void **state)
{
	(void)state;
	size_t n, pn;
	unsigned char *in = make_pdf(&n, "user"), *out = (unsigned char *)"x";
	assert_false(pdf_pack(in, n, &out, &pn));
	assert_null(out);
	free(in);
}

/* Every prefix of a PDF: refused, or (a prefix that still ends after the
 * startxref number) packed into a file that reads back. */
static void test_truncated(void **state)
{
	(void)state;
	size_t n, pn;
	unsigned char *in = make_pdf(&n, NULL), *out;
	for (size_t k = 0; k < n; k += (k < 64 || k > n - 64) ? 1 : 97) {
		if (pdf_pack(in, k, &out, &pn)) {
			check_packed(out, pn);
			free(out);
		} else
			assert_null(out);
	}
	free(in);
}

static void test_wrong_offsets(void **state)
{
	(void)state;
	size_t n, pn;
	unsigned char *in = make_pdf(&n, NULL), *out;
	const unsigned char *x = find(in, n, "\nxref\n");
	assert_non_null(x);
	size_t tab = (size_t)(x - in) + 6;
	tab += (size_t)(strchr((const char *)in + tab, '\n') - (const char *)(in + tab)) + 1; /* "0 N" */
	/* entry 5's offset one byte off, then pointing past the table, then two
	 * entries at one offset: each is refused */
	unsigned char *e = in + tab + 5 * 20;
	unsigned char save[20];
	memcpy(save, e, 20);
	e[9] = (unsigned char)(e[9] == '9' ? '8' : e[9] + 1);
	assert_false(pdf_pack(in, n, &out, &pn));
	memcpy(e, "9999999999", 10);
	assert_false(pdf_pack(in, n, &out, &pn));
	memcpy(e, e + 20, 10);
	assert_false(pdf_pack(in, n, &out, &pn));
	memcpy(e, save, 20);
	/* the trailer's /Size disagreeing with the table */
	unsigned char *sz = (unsigned char *)find(in, n, "/Size ");
	assert_non_null(sz);
	sz[6] = (unsigned char)(sz[6] == '9' ? '1' : sz[6] + 1);
	assert_false(pdf_pack(in, n, &out, &pn));
	free(in);
}

/* Flipped bytes anywhere: refused, or packed into a file that reads back. */
static void test_flipped_bytes(void **state)
{
	(void)state;
	size_t n, pn;
	unsigned char *in = make_pdf(&n, NULL), *out;
	unsigned int seed = 20261202;
	for (int t = 0; t < 300; t++) {
		seed = seed * 1103515245u + 12345u;
		size_t at = (seed >> 8) % n;
		unsigned char was = in[at];
		in[at] = (unsigned char)(was ^ (1u << (seed % 8)));
		if (pdf_pack(in, n, &out, &pn)) {
			check_packed(out, pn);
			free(out);
		}
		in[at] = was;
	}
	free(in);
}

/* Bodies written elsewhere: libharu numbers them with a null that the
 * catalog refers to; pdf_pack_with puts the bodies in an object stream
 * (qpdf reads the dictionary back through the catalog), and refuses a body
 * for an object that is not a null, numbers out of order, or an empty body. */
static void test_bodies(void **state)
{
	(void)state;
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	assert_non_null(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_AddPage(pdf);
	HPDF_Null a = HPDF_Null_New(pdf->mmgr), b = HPDF_Null_New(pdf->mmgr);
	HPDF_Xref_Add(pdf->xref, a);
	HPDF_Xref_Add(pdf->xref, b);
	HPDF_Dict_Add(pdf->catalog, "Test", a);
	uint32_t na = a->header.obj_id & 0x00FFFFFF, nb = b->header.obj_id & 0x00FFFFFF;
	uint32_t page = ((HPDF_Obj_Header *)HPDF_GetCurrentPage(pdf))->obj_id & 0x00FFFFFF;
	assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
	HPDF_UINT32 n = HPDF_GetStreamSize(pdf), got = n;
	unsigned char *in = malloc(n);
	HPDF_ResetStream(pdf);
	HPDF_ReadFromStream(pdf, in, &got);
	assert_int_equal(got, n);
	HPDF_Free(pdf);
	char s[128];
	int l1 = snprintf(s, sizeof s, "<</Marker(x\\y)/Next %u 0 R>>", nb);
	int l2 = snprintf(s + l1, sizeof s - (size_t)l1, "[%u 0 R/Name]", page);
	uint32_t nums[2] = {na, nb};
	size_t offs[3] = {0, (size_t)l1, (size_t)(l1 + l2)};
	pdf_pack_bodies w = {2, nums, offs, (const unsigned char *)s};
	unsigned char *out;
	size_t pn;
	assert_true(pdf_pack_with(in, n, &w, &out, &pn));
	assert_true(check_packed(out, pn) >= 4);
	qpdf_check(out, pn);
	if (system("qpdf --version >/dev/null 2>&1") == 0) {
		char path[] = "/tmp/dossier-pack-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		FILE *f = fdopen(fd, "wb");
		assert_int_equal(fwrite(out, 1, pn, f), pn);
		fclose(f);
		char cmd[160];
		snprintf(cmd, sizeof cmd, "qpdf --show-object=%u %s 2>&1 | grep -c '/Marker (x'", na, path);
		FILE *q = popen(cmd, "r");
		char line[16] = "";
		assert_non_null(fgets(line, sizeof line, q));
		pclose(q);
		remove(path);
		assert_int_equal(atoi(line), 1);
	}
	free(out);
	/* refused: a body for the page (not a null), out of order, empty */
	nums[0] = page;
	nums[1] = nb;
	assert_false(pdf_pack_with(in, n, &w, &out, &pn));
	assert_null(out);
	nums[0] = nb;
	nums[1] = na;
	assert_false(pdf_pack_with(in, n, &w, &out, &pn));
	nums[0] = na;
	nums[1] = nb;
	offs[1] = 0;
	assert_false(pdf_pack_with(in, n, &w, &out, &pn));
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packs),
		cmocka_unit_test(test_encrypted_left_alone),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_offsets),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
