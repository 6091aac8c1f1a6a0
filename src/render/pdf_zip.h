/* pdf_zip.h — streams that dossier deflates itself, instead of libharu at
 * saving.
 *
 * libharu 2.3.0 deflates a stream whose filter is FlateDecode when it
 * writes the file, always at zlib's default level (6), and drops any
 * /Filter entry of a stream it does not compress. These write bytes
 * already deflated into a stream and have libharu write them as they are,
 * with the same "/Filter [ /FlateDecode ]" it writes for its own: so a
 * caller may deflate once and keep the bytes (the font subsets of
 * pdf_font.c), or choose another level (page content). With encryption,
 * libharu still encrypts the bytes as it writes them.
 */
#ifndef DOSSIER_PDF_ZIP_H
#define DOSSIER_PDF_ZIP_H

#include <hpdf.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stddef.h>

/* zlib's default level, which libharu uses for every stream it deflates. */
#define PDF_ZIP_LIBHARU_LEVEL 6

/* src[0..n) deflated (zlib format) at level into a new block *out of *outn
 * bytes (free it); false when zlib fails (out of memory). The same bytes
 * as libharu writes for the same data at the same level. */
bool pdf_zip(const void *src, size_t n, int level, unsigned char **out, size_t *outn);

/* Stream dictionary s (HPDF_DictStream_New, empty) now holds the deflated
 * bytes z[0..n), written as they are with /Filter [ /FlateDecode ]. */
void pdf_zip_put(HPDF_Dict s, const unsigned char *z, size_t n);

/* The level page content is deflated at (pdf_zip_page). */
#define PDF_ZIP_PAGE_LEVEL 6

/* Deflates the content stream of page now, at level, in place of libharu
 * at saving; call it when nothing more is drawn on the page. Leaves the
 * page as it is (libharu deflates it) when the stream cannot be read. */
void pdf_zip_page(HPDF_Page page, int level);

#endif
