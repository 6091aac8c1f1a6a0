/* pdf_zip.c — streams deflated by dossier (pdf_zip.h). */
#include "pdf_zip.h"

#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <stdlib.h>
#include <zlib.h>

#include "util.h"

/* The dictionary's write_fn (run after its entries, before ">>") and the
 * memory stream's chunks are libharu 2.3.0's internals. */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "pdf_zip.c reaches into libharu 2.3.0's internal structures; check them against this version"
#endif

bool pdf_zip(const void *src, size_t n, int level, unsigned char **out, size_t *outn)
{
	uLongf cap = compressBound((uLong)n);
	unsigned char *z = xmalloc(cap ? cap : 1);
	if (compress2(z, &cap, src, (uLong)n, level) != Z_OK) {
		free(z);
		return false;
	}
	*out = z;
	*outn = cap;
	return true;
}

/* What libharu writes for a stream it deflated, at the same place (its
 * last entry). */
static HPDF_STATUS write_filter(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	return HPDF_Stream_WriteStr(s, "/Filter [ /FlateDecode ]\012");
}

void pdf_zip_put(HPDF_Dict s, const unsigned char *z, size_t n)
{
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = write_filter;
	HPDF_Stream_Write(s->stream, z, (HPDF_UINT)n);
}

void pdf_zip_page(HPDF_Page page, int level)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_Dict c = attr->contents;
	if (!c || !c->stream || c->stream->type != HPDF_STREAM_MEMORY || c->write_fn ||
	    c->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
		return;
	HPDF_Stream st = c->stream;
	z_stream zs = {0};
	if (deflateInit(&zs, level) != Z_OK)
		return;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(st);
	buf out = {0};
	unsigned char chunk[16384];
	bool ok = true;
	for (HPDF_UINT i = 0; ok && i <= count; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = i < count ? HPDF_MemStream_GetBufPtr(st, i, &len) : NULL;
		if (i < count && !p) {
			ok = false;
			break;
		}
		zs.next_in = p;
		zs.avail_in = len;
		int flush = i == count ? Z_FINISH : Z_NO_FLUSH, r;
		do {
			zs.next_out = chunk;
			zs.avail_out = sizeof chunk;
			r = deflate(&zs, flush);
			if (r == Z_STREAM_ERROR) {
				ok = false;
				break;
			}
			buf_put(&out, (const char *)chunk, sizeof chunk - zs.avail_out);
		} while (zs.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
	}
	deflateEnd(&zs);
	if (ok) {
		HPDF_MemStream_FreeData(st);
		pdf_zip_put(c, (const unsigned char *)out.s, out.len);
	}
	buf_free(&out);
}
