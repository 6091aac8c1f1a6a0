/* test_facecache.c — the process's font cache (src/text/facecache.c): a face
 * named by its file as it is on disk (a rewritten file is another face),
 * shaped texts kept and found by face, options and bytes, one HarfBuzz font
 * per face, and the same glyphs from the cache as from a fresh shaping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "facecache.h"
#include "font.h"
#include "util.h"

#define FONT "fonts/NotoSerif-Regular.ttf"
#define BOLD "fonts/NotoSerif-Bold.ttf"

static void test_identity(void **state)
{
	(void)state;
	facecache_clear();
	int a = facecache_id(FONT, 0), b = facecache_id(BOLD, 0);
	assert_true(a >= 0 && b >= 0);
	assert_int_not_equal(a, b);
	assert_int_equal(facecache_id(FONT, 0), a);
	assert_int_not_equal(facecache_id(FONT, 1), a); /* another face index */
	assert_int_equal(facecache_id("fonts/no-such-font.ttf", 0), -1);
	assert_false(facecache_checked(a));
	facecache_set_checked(a);
	assert_true(facecache_checked(a));
	assert_false(facecache_checked(-1));
	/* one HarfBuzz font per face, referenced for each caller */
	hb_font_t *h1 = facecache_hb_font(a, 1000), *h2 = facecache_hb_font(a, 1000);
	assert_ptr_equal(h1, h2);
	hb_font_destroy(h1);
	hb_font_destroy(h2);
	assert_null(facecache_hb_font(-1, 1000));
}

/* A copy of the font rewritten (new size or mtime) is a new face: a watch
 * run never shapes with the glyphs of the file as it was. */
static void test_rewritten_file(void **state)
{
	(void)state;
	facecache_clear();
	char path[] = "/tmp/dossier-facecache-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = 0;
	char *d = file_read(FONT, (size_t)64 << 20, &n);
	assert_non_null(d);
	assert_int_equal(write(fd, d, n), (ssize_t)n);
	int a = facecache_id(path, 0);
	assert_true(a >= 0);
	font_glyph g = {36, 600, 0, 0, 0};
	assert_non_null(facecache_keep(a, 0, "A", 1, &g, 1));
	assert_int_equal(write(fd, d, 16), 16); /* the file grows */
	close(fd);
	int b = facecache_id(path, 0);
	assert_true(b >= 0);
	assert_int_not_equal(a, b);
	size_t ng = 0;
	assert_null(facecache_shaped(b, 0, "A", 1, &ng));
	assert_non_null(facecache_shaped(a, 0, "A", 1, &ng));
	unlink(path);
	free(d);
}

static void test_keep_and_find(void **state)
{
	(void)state;
	facecache_clear();
	int a = facecache_id(FONT, 0), b = facecache_id(BOLD, 0);
	font_glyph g[3] = {{10, 500, 0, 0, 0}, {11, 400, 0, 0, 1}, {12, 300, 5, -7, 2}};
	size_t ng = 0;
	assert_null(facecache_shaped(a, 1, "abc", 3, &ng));
	const font_glyph *k = facecache_keep(a, 1, "abc", 3, g, 3);
	assert_non_null(k);
	assert_ptr_not_equal(k, g); /* a copy */
	const font_glyph *f = facecache_shaped(a, 1, "abc", 3, &ng);
	assert_ptr_equal(f, k);
	assert_int_equal(ng, 3);
	assert_memory_equal(f, g, sizeof g);
	/* another key (direction, kerning), face, length or text: not found */
	assert_null(facecache_shaped(a, 0, "abc", 3, &ng));
	assert_null(facecache_shaped(b, 1, "abc", 3, &ng));
	assert_null(facecache_shaped(a, 1, "ab", 2, &ng));
	assert_null(facecache_shaped(a, 1, "abd", 3, &ng));
	assert_null(facecache_keep(-1, 0, "x", 1, g, 1));
	/* many texts: the table grows and finds every one */
	char s[16];
	for (int i = 0; i < 20000; i++) {
		snprintf(s, sizeof s, "w%d", i);
		font_glyph x = {(uint32_t)i, i % 1000, 0, 0, 0};
		assert_non_null(facecache_keep(a, 0, s, strlen(s), &x, 1));
	}
	for (int i = 0; i < 20000; i += 997) {
		snprintf(s, sizeof s, "w%d", i);
		f = facecache_shaped(a, 0, s, strlen(s), &ng);
		assert_non_null(f);
		assert_int_equal(ng, 1);
		assert_int_equal(f[0].gid, (uint32_t)i);
	}
	assert_int_equal(facecache_nshaped(), 20001);
	int16_t *t = facecache_ascii_kerns(a);
	assert_non_null(t);
	assert_int_equal(t[0], INT16_MIN);
	assert_ptr_equal(facecache_ascii_kerns(a), t);
	assert_null(facecache_ascii_kerns(-1));
	facecache_clear();
	assert_int_equal(facecache_nshaped(), 0);
}

/* Two fontsets of the same font (two documents of one process): the
 * second gets the first's glyphs from the cache, the same as shaped. */
static void test_shared_by_documents(void **state)
{
	(void)state;
	facecache_clear();
	doc *d = doc_new();
	d->fam[FAM_BODY].name = "NotoSerif";
	d->fam[FAM_BODY].path[FACE_REGULAR] = FONT;
	d->kerning = true;
	diag dg;
	diag_init(&dg, tmpfile());
	fontset *f1 = fontset_load(d, &dg);
	assert_int_equal(dg.errors, 0);
	const font_glyph *g1;
	size_t n1 = font_shape(f1, FONT_ID(FAM_BODY, FACE_REGULAR), "AVATAR Việt", 13, false, &g1);
	assert_true(n1 > 0);
	size_t before = facecache_nshaped();
	assert_true(before >= 1);
	fontset *f2 = fontset_load(d, &dg);
	const font_glyph *g2;
	size_t n2 = font_shape(f2, FONT_ID(FAM_BODY, FACE_REGULAR), "AVATAR Việt", 13, false, &g2);
	assert_int_equal(n1, n2);
	assert_ptr_equal(g1, g2);
	assert_int_equal(facecache_nshaped(), before);
	/* "AV" kerns in Noto Serif: the cached glyphs hold the kern */
	assert_true(g2[0].advance < font_advance(f2, FONT_ID(FAM_BODY, FACE_REGULAR), 'A'));
	fontset_free(f1);
	fontset_free(f2);
	diag_free(&dg);
	doc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_rewritten_file),
		cmocka_unit_test(test_keep_and_find),
		cmocka_unit_test(test_shared_by_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
