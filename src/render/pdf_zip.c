/* pdf_zip.c — streams deflated by dossier (pdf_zip.h). */
#include "pdf_zip.h"

#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_version.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The dictionary's write_fn (run after its entries, before ">>") and the
 * memory stream's chunks are libharu 2.3.0's internals. */
#if HPDF_MAJOR_VERSION != 2 || HPDF_MINOR_VERSION != 3
#error "pdf_zip.c reaches into libharu 2.3.0's internal structures; check them against this version"
#endif

/* A compressor per level, made once for the process (each holds a few
 * hundred KB of tables: worth keeping when a process writes many PDFs). */
static struct libdeflate_compressor *comp[13];
static bool registered;

static void comp_free(void)
{
	for (int i = 0; i < 13; i++) {
		libdeflate_free_compressor(comp[i]);
		comp[i] = NULL;
	}
}

bool pdf_zip(const void *src, size_t n, int level, unsigned char **out, size_t *outn)
{
	if (level < 1 || level > 12)
		level = PDF_ZIP_LEVEL;
	if (!comp[level]) {
		comp[level] = libdeflate_alloc_compressor(level);
		if (!comp[level])
			return false;
		if (!registered) {
			atexit(comp_free);
			registered = true;
		}
	}
	size_t cap = libdeflate_zlib_compress_bound(comp[level], n);
	unsigned char *z = xmalloc(cap);
	size_t zn = libdeflate_zlib_compress(comp[level], src, n, z, cap);
	if (!zn) { /* cannot happen: cap is the bound */
		free(z);
		return false;
	}
	*out = z;
	*outn = zn;
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
	/* the content in one piece (libdeflate takes whole buffers) */
	HPDF_UINT count = HPDF_MemStream_GetBufCount(st);
	buf raw = {0};
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT len = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &len);
		if (!p) {
			buf_free(&raw);
			return;
		}
		buf_put(&raw, (const char *)p, len);
	}
	unsigned char *z;
	size_t zn;
	if (pdf_zip(raw.s ? raw.s : "", raw.len, level, &z, &zn)) {
		HPDF_MemStream_FreeData(st);
		pdf_zip_put(c, z, zn);
		free(z);
	}
	buf_free(&raw);
}
