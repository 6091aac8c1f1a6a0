/* fontinfo.h — what a font file is, for `dossier fonts`: its family and
 * style, whether libharu 2.3.0 can embed it (font_file_problem in font.c
 * and the outline format, character map and glyph count), and how much of a
 * set of characters it covers, with the letters built from nested composite
 * glyphs (which libharu 2.3.0 prints without some of their marks).
 */
#ifndef DOSSIER_FONTINFO_H
#define DOSSIER_FONTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fontinfo fontinfo;

typedef enum {
	FONTINFO_EMBEDDABLE,
	FONTINFO_CFF,             /* CFF (PostScript) outlines */
	FONTINFO_NOT_TRUETYPE,    /* not an sfnt font at all */
	FONTINFO_NO_UNICODE,      /* no Unicode character map */
	FONTINFO_PROBLEM,         /* font_file_problem: the phrase in why */
	FONTINFO_TOO_MANY_GLYPHS, /* more than 32,767 glyphs */
} fontinfo_verdict;

/* NULL when the file cannot be read as a font. */
fontinfo *fontinfo_open(const char *path);
void fontinfo_close(fontinfo *fi); /* accepts NULL */

const char *fontinfo_family(const fontinfo *fi); /* "?" when unnamed */
const char *fontinfo_style(const fontinfo *fi);
long fontinfo_glyphs(const fontinfo *fi);
bool fontinfo_unicode(const fontinfo *fi); /* has a Unicode character map */
fontinfo_verdict fontinfo_embeddable(const fontinfo *fi, char *why, size_t wn);

/* The characters of chars (UTF-8) the font lacks and those it draws with a
 * composite glyph that has a composite component: each counted in *missing
 * and *nested (added to), the first max of each stored in miss and nest
 * (after the *missing or *nested already there). */
typedef struct {
	int missing, nested;
	uint32_t miss[5], nest[5];
} fontinfo_coverage;
void fontinfo_cover(fontinfo *fi, const char *chars, fontinfo_coverage *c);

#endif
