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
 * and /ID. The header says %PDF-1.5 (or the higher version it said).
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

/* Pack the PDF in[0..n). True: *out (malloc'd, the caller frees it) holds
 * *outn bytes of the packed PDF. False: nothing was allocated; use in. */
bool pdf_pack(const unsigned char *in, size_t n, unsigned char **out, size_t *outn);

#endif
