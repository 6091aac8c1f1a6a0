/* pdf_zip.h — streams that dossier deflates itself, instead of libharu at
 * saving.
 *
 * libharu 2.3.0 deflates a stream whose filter is FlateDecode when it
 * writes the file, always at zlib's default level (6), and drops any
 * /Filter entry of a stream it does not compress. These write bytes
 * already deflated into a stream and have libharu write them as they are,
 * with the same "/Filter [ /FlateDecode ]" it writes for its own: so a
 * caller may deflate once and keep the bytes (the font subsets of
 * pdf_font.c), and the largest streams are deflated by libdeflate, which
 * is faster than zlib for the same size (PDF_ZIP_LEVEL). With encryption,
 * libharu still encrypts the bytes as it writes them.
 */
#ifndef DOSSIER_PDF_ZIP_H
#define DOSSIER_PDF_ZIP_H

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stddef.h>

/* The level of libdeflate (1-12) for the streams dossier deflates: page
 * content and font files, most of a PDF's bytes before compression.
 * libdeflate, not zlib: on W1's page content (1.33 MB) libdeflate's level
 * 6 writes 249,789 bytes in 91 M instructions, zlib's level 6 (libharu's)
 * 250,804 in 146 M; zlib's level 3 293,862 in 72 M; libdeflate's 5 258,301
 * in 82 M, 4 269,415 in 70 M (callgrind, 2026-12-02). */
#define PDF_ZIP_LEVEL 6

/* src[0..n) deflated (zlib format) at level (1-12; else PDF_ZIP_LEVEL)
 * into a new block *out of *outn bytes (free it); false when out of
 * memory. The same bytes for the same data and level, in any process. */
bool pdf_zip(const void *src, size_t n, int level, unsigned char **out, size_t *outn);

/* Stream dictionary s (HPDF_DictStream_New, empty) now holds the deflated
 * bytes z[0..n), written as they are with /Filter [ /FlateDecode ]. */
void pdf_zip_put(HPDF_Dict s, const unsigned char *z, size_t n);

/* Deflates the content stream of page now, at level, in place of libharu
 * at saving; call it when nothing more is drawn on the page. Leaves the
 * page as it is (libharu deflates it) when the stream cannot be read. */
void pdf_zip_page(HPDF_Page page, int level);

#endif
