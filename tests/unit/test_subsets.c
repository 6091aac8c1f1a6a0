/* test_subsets.c — what a process keeps from one document for the next
 * (a batch worker builds many): the finished font subsets of pdf_font.c
 * (the same glyphs of the same face give the same deflated font file,
 * made once) and the content hashes of large files (contenthash.c). A
 * document built again in the same process, after others, is the same
 * bytes as its first build, which found nothing kept. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <zlib.h>

#include "contenthash.h"
#include "pdf_zip.h"
#include "pdf_font.h"
#include "pipeline.h"
#include "util.h"

#define FONT "fonts/NotoSerif-Regular.ttf"

static char dir[] = "/tmp/dossier-subsets-XXXXXX";

/* Builds layout into dir/name.pdf; its bytes (free them) and their number. */
static char *build(const char *layout, const char *name, size_t *n)
{
	char out[256];
	snprintf(out, sizeof out, "%s/%s.pdf", dir, name);
	FILE *dg = fopen("/dev/null", "w");
	job j = {.kind = JOB_BUILD, .layout = layout, .out = out, .diag_out = dg, .quiet = true};
	job_result r;
	int st = pipeline_run(&j, &r);
	if (dg)
		fclose(dg);
	assert_int_equal(st, 0);
	job_result_free(&r);
	char *d = file_read(out, (size_t)64 << 20, n);
	assert_non_null(d);
	unlink(out);
	return d;
}

static void same(const char *a, size_t an, const char *b, size_t bn)
{
	assert_int_equal(an, bn);
	assert_memory_equal(a, b, an);
}

/* Two documents, each built alone with nothing kept, then both twice in
 * turn keeping the subsets: every build is the same bytes as the lone one,
 * and the second round finds every subset made by the first. The
 * six-language sample has a CFF face (FontFile3) and a TrueType collection
 * among its fonts. */
static void test_same_bytes(void **state)
{
	(void)state;
	static const char *const layouts[] = {"layouts/un-congress-2021.yaml", "layouts/six-languages.yaml"};
	size_t n0[2], n;
	char *alone[2];
	for (int k = 0; k < 2; k++) {
		pdf_font_subsets_clear();
		alone[k] = build(layouts[k], "alone", &n0[k]);
	}
	pdf_font_subsets_clear();
	size_t hits0, hits;
	pdf_font_subsets_kept(&hits0);
	for (int round = 0; round < 2; round++) {
		for (int k = 0; k < 2; k++) {
			char *d = build(layouts[k], "kept", &n);
			same(alone[k], n0[k], d, n);
			free(d);
		}
		size_t kept = pdf_font_subsets_kept(&hits);
		if (round == 0) { /* made, none found */
			assert_true(kept >= 4);
			assert_int_equal(hits, hits0);
		} else { /* every one found again */
			assert_true(hits - hits0 >= kept);
		}
	}
	free(alone[0]);
	free(alone[1]);
}

/* A large file settled on disk is hashed once; the hash given again is
 * the one read. */
static void test_hash_kept(void **state)
{
	(void)state;
	chash_memo_clear();
	struct stat st;
	assert_int_equal(stat(FONT, &st), 0);
	if (st.st_ctim.tv_sec + 3 > time(NULL))
		sleep(3); /* a checkout this very moment: not settled yet */
	size_t h0 = chash_memo_hits();
	chash a, b;
	assert_true(chash_file(FONT, &a));
	assert_true(chash_file(FONT, &b));
	assert_true(chash_eq(&a, &b));
	assert_int_equal(chash_memo_hits(), h0 + 1);
	/* the same hash as the file's bytes */
	size_t n;
	char *d = file_read(FONT, (size_t)64 << 20, &n);
	hasher *h = hasher_new();
	hasher_bytes(h, d, n);
	chash c = hasher_digest(h);
	hasher_free(h);
	free(d);
	assert_true(chash_eq(&a, &c));
}

static void write_file(const char *path, char fill, size_t n)
{
	char *d = xmalloc(n);
	memset(d, fill, n);
	int fd = open(path, O_WRONLY | O_CREAT, 0644); /* in place: the same inode */
	assert_true(fd >= 0);
	assert_int_equal(write(fd, d, n), (ssize_t)n);
	close(fd);
	free(d);
}

/* A file changed in place, to the same size, its mtime set back to what it
 * was, is read again: its ctime moved. And a file changed within the last
 * seconds is not kept at all, whatever its mtime says. */
static void test_hash_changed(void **state)
{
	(void)state;
	chash_memo_clear();
	char path[300];
	snprintf(path, sizeof path, "%s/data.bin", dir);
	size_t n = 200000;
	write_file(path, 'a', n);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	/* just written, though it claims to be old: read every time */
	struct timespec old[2] = {{.tv_sec = st.st_mtim.tv_sec - 3600}, {.tv_sec = st.st_mtim.tv_sec - 3600}};
	assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	chash a, b;
	size_t fresh = chash_memo_hits();
	assert_true(chash_file(path, &a));
	assert_true(chash_file(path, &b));
	assert_int_equal(chash_memo_hits(), fresh);
	/* settled: kept */
	sleep(3);
	assert_true(chash_file(path, &a));
	size_t h0 = chash_memo_hits();
	assert_true(chash_file(path, &b));
	assert_int_equal(chash_memo_hits(), h0 + 1);
	/* changed in place, same size, mtime put back */
	assert_int_equal(stat(path, &st), 0);
	write_file(path, 'b', n);
	struct timespec back[2] = {st.st_atim, st.st_mtim};
	assert_int_equal(utimensat(AT_FDCWD, path, back, 0), 0);
	assert_true(chash_file(path, &b));
	assert_false(chash_eq(&a, &b));
	unlink(path);
}

/* A page's content deflated by pdf_zip_page is written with the filter
 * line libharu writes for its own, as pdf_zip deflates it, and inflates to
 * what was drawn. */
static void test_page_zipped(void **state)
{
	(void)state;
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_Page pg = HPDF_AddPage(pdf);
	buf want = {0};
	for (int i = 0; i < 2000; i++) { /* several of libharu's 4 KB chunks */
		HPDF_Page_Rectangle(pg, (HPDF_REAL)(i % 500), (HPDF_REAL)(i % 700), 3, 4);
		HPDF_Page_Fill(pg);
		buf_printf(&want, "%d %d 3 4 re\012f\012", i % 500, i % 700);
	}
	pdf_zip_page(pg, PDF_ZIP_LEVEL);
	HPDF_SaveToStream(pdf);
	HPDF_UINT32 n = HPDF_GetStreamSize(pdf);
	char *d = xmalloc(n + 1);
	assert_int_equal(HPDF_ReadFromStream(pdf, (HPDF_BYTE *)d, &n), HPDF_OK);
	d[n] = 0;
	HPDF_Free(pdf);
	/* the page's stream: the one that holds more than a few bytes */
	char *at = d;
	bool found = false;
	while ((at = strstr(at, "/Filter [ /FlateDecode ]\012>>\012stream\015\012"))) {
		at += strlen("/Filter [ /FlateDecode ]\012>>\012stream\015\012");
		char *end = NULL;
		for (char *q = at; q + 10 <= d + n; q++)
			if (!memcmp(q, "\012endstream", 10)) {
				end = q;
				break;
			}
		assert_non_null(end);
		uLongf out = want.len + 100;
		unsigned char *raw = xmalloc(out);
		if (uncompress(raw, &out, (const unsigned char *)at, (uLong)(end - at)) == Z_OK && out > 1000) {
			assert_int_equal(out, want.len);
			assert_memory_equal(raw, want.s, want.len);
			/* deflated by pdf_zip (libdeflate), not by libharu (zlib) */
			unsigned char *z;
			size_t zn;
			assert_true(pdf_zip(want.s, want.len, PDF_ZIP_LEVEL, &z, &zn));
			assert_int_equal(zn, (size_t)(end - at));
			assert_memory_equal(z, at, zn);
			free(z);
			found = true;
		}
		free(raw);
	}
	assert_true(found);
	free(d);
	buf_free(&want);
}

static int group_setup(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1795392000", 1);
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_hash_kept),
		cmocka_unit_test(test_hash_changed),
		cmocka_unit_test(test_page_zipped),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
