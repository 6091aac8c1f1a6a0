/* pdf_pack.h — object streams and a cross-reference stream for libharu's
 * output (PDF 1.5).
 *
 * libharu 2.3.0 writes every object on its own with a classic xref table:
 * a tagged dossier's thousands of small structure elements cost ~85 bytes
 * each ("N 0 obj", the dictionary, "endobj", a 20-byte xref entry). The
 * packer rereads what libharu wrote: it moves every object that is not a
 * stream into compressed object streams (/Type /ObjStm), writes the streams
 * as they were, and ends the file with a compressed cross-reference stream
 * (/Type /XRef, PNG Up predictor) that carries the trailer's /Root, /Info
 * and /ID. The header says %PDF-1.5 when it said less (object streams are
 * PDF 1.5), else what it said (dossier's: 1.7, render_pdf.c).
 *
 * Objects written elsewhere (pdf_tags.c: the structure tree, thousands of
 * small dictionaries) need not go through libharu's object layer: libharu
 * writes a "null" in their place (an object that gives them their number)
 * and pdf_pack_with puts their bodies, already as compact as PDF allows,
 * in the object streams instead.
 *
 * It checks what it reads (the xref table's offsets, each object's
 * "N 0 obj" and "endobj", the trailer's keys) and gives up on anything it
 * does not expect: an encrypted file (/Encrypt: its strings are encrypted
 * per object number), an incremental update (/Prev), a generation other
 * than 0. Giving up is not an error: the caller writes libharu's bytes.
 * The output is a function of the input alone (zlib's deflate is
 * deterministic), so SOURCE_DATE_EPOCH builds stay byte-identical.
 */
#ifndef DOSSIER_PDF_PACK_H
#define DOSSIER_PDF_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Pack the PDF in[0..n). True: *out (malloc'd, the caller frees it) holds
 * *outn bytes of the packed PDF. False: nothing was allocated; use in. */
bool pdf_pack(const unsigned char *in, size_t n, unsigned char **out, size_t *outn);

/* Object bodies to put in place of libharu's: object num[i]'s body is
 * s[off[i] .. off[i + 1]), the numbers in increasing order, each of an
 * object libharu wrote as "null". */
typedef struct {
	size_t n;
	const uint32_t *num;
	const size_t *off; /* n + 1 */
	const unsigned char *s;
} pdf_pack_bodies;

/* pdf_pack, with the bodies of objects written elsewhere (NULL: none).
 * False also when a body's object is missing or is not "null". */
bool pdf_pack_with(const unsigned char *in, size_t n, const pdf_pack_bodies *with, unsigned char **out,
		   size_t *outn);

#endif
