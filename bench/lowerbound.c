/* lowerbound.c — the libharu floor under dossier: the same glyphs on the
 * same pages, written straight to libharu 2.3.0 with no layout at all.
 *
 *   lowerbound prepare FONTDIR DUMP > GLYPHS
 *   lowerbound write GLYPHS OUT.pdf [--lines]
 *
 * prepare (not timed) reads `dossier check LAYOUT --dump` and writes a
 * plain list of what to draw. The dump names only a text item's family and
 * its width, so the face (regular, bold, italic, bold italic) is the one
 * whose libharu width matches the dump's (dossier measures exactly as
 * libharu does, font.h).
 *
 *   font ID PATH                     a TrueType file (only the faces used)
 *   page W H                         a new page
 *   T ID SIZE X Y TEXT               one text run (a word, for body text)
 *   R X Y W H                        a filled rectangle
 *   L X Y W H                        a line from (X, Y) to (X+W, Y+H)
 *
 * write (timed) does what any libharu program must do for that document
 * and nothing else: embed the fonts (HPDF_LoadTTFontFromFile, embedding
 * on), COMP_ALL, UTF-8, one HPDF_Page_TextOut per text run in one text
 * object per page, the rectangles and lines, then HPDF_SaveToFile. No
 * outline, links, colours, charts' paths, fsync or rename. With --lines,
 * the runs sharing a baseline, font and size are joined with single spaces
 * and written with one TextOut per line (not the same layout: justified
 * lines lose their stretch; it shows what per-word placement costs).
 */
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FONTS 64

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *u)
{
	(void)u;
	fprintf(stderr, "lowerbound: libharu error 0x%04X (detail %u)\n", (unsigned)e, (unsigned)detail);
	exit(1);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	size_t cap = 1 << 20, len = 0;
	char *b = malloc(cap + 1);
	size_t k;
	while (b && (k = fread(b + len, 1, cap - len, f)) > 0) {
		len += k;
		if (len == cap)
			b = realloc(b, (cap *= 2) + 1);
	}
	fclose(f);
	if (!b) {
		fputs("lowerbound: out of memory\n", stderr);
		exit(1);
	}
	b[len] = 0;
	*n = len;
	return b;
}

/* ---------------------------------------------------------------- prepare */

typedef struct {
	char family[128];
	int id[4];              /* glyph-file font id per face, -1 = not emitted yet */
	HPDF_Font f[4];         /* NULL when the face file is missing */
	char path[4][4096];
	double last_size[32];   /* the face last matched at each size */
	int last_face[32], nlast;
} family;

static const char *const faces[4] = {"Regular", "Bold", "Italic", "BoldItalic"};

static int prepare(const char *fontdir, const char *dumppath)
{
	size_t n;
	char *s = slurp(dumppath, &n);
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	family fam[16];
	int nfam = 0, nids = 0, unmatched = 0;
	for (char *line = s, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (!strncmp(line, "page ", 5)) {
			printf("page 595.276 841.89\n");
			continue;
		}
		if (strncmp(line, "  ", 2))
			continue; /* marks */
		char kind[16];
		double x, y, w, h;
		int used = 0;
		if (sscanf(line, " %15s %lf %lf%n", kind, &x, &y, &used) != 3)
			continue;
		const char *rest = line + used;
		if (!strcmp(kind, "rect") || !strcmp(kind, "line")) {
			if (sscanf(rest, " %lfx%lf", &w, &h) == 2)
				printf("%c %.2f %.2f %.2f %.2f\n", kind[0] == 'r' ? 'R' : 'L', x, y, w, h);
			continue;
		}
		if (strcmp(kind, "text"))
			continue;
		char fname[128];
		double size;
		if (sscanf(rest, " w=%lf %127s %lf%n", &w, fname, &size, &used) != 3)
			continue;
		const char *q1 = strchr(rest + used, '"'), *q2 = strrchr(rest + used, '"');
		if (!q1 || q2 <= q1)
			continue;
		size_t tl = (size_t)(q2 - q1 - 1);
		const char *text = q1 + 1;
		int fi;
		for (fi = 0; fi < nfam; fi++)
			if (!strcmp(fam[fi].family, fname))
				break;
		if (fi == nfam) {
			if (nfam == 16) {
				fputs("lowerbound: too many families\n", stderr);
				return 1;
			}
			family *F = &fam[nfam++];
			F->nlast = 0;
			snprintf(F->family, sizeof F->family, "%s", fname);
			for (int k = 0; k < 4; k++) {
				F->id[k] = -1;
				F->f[k] = NULL;
				snprintf(F->path[k], sizeof F->path[k], "%s/%s-%s.ttf", fontdir, fname, faces[k]);
				FILE *t = fopen(F->path[k], "rb");
				if (!t)
					continue;
				fclose(t);
				const char *nm = HPDF_LoadTTFontFromFile(pdf, F->path[k], HPDF_FALSE);
				F->f[k] = HPDF_GetFont(pdf, nm, "UTF-8");
			}
		}
		family *F = &fam[fi];
		int best = -1;
		double bestd = 1e9;
		if (w <= 0) { /* not measured in the dump: the face last used at this size */
			for (int k = 0; k < F->nlast; k++)
				if (F->last_size[k] == size)
					best = F->last_face[k];
			if (best < 0)
				for (int k = 0; k < 4 && best < 0; k++)
					if (F->f[k])
						best = k;
			bestd = 0;
		}
		for (int k = 0; k < 4 && w > 0; k++) {
			if (!F->f[k])
				continue;
			HPDF_TextWidth tw = HPDF_Font_TextWidth(F->f[k], (const HPDF_BYTE *)text, (HPDF_UINT)tl);
			double d = fabs(tw.width * size / 1000.0 - w);
			/* a tie goes to a face already in use, then to the earlier face */
			if (d < bestd - 0.005 || (d < bestd + 0.005 && F->id[k] >= 0 && F->id[best] < 0)) {
				bestd = d;
				best = k;
			}
		}
		if (best < 0) {
			fprintf(stderr, "lowerbound: no face of %s in %s\n", fname, fontdir);
			return 1;
		}
		if (bestd > 0.02) { /* no exact width (dot leaders): as for w=0 */
			for (int k = 0; k < F->nlast; k++)
				if (F->last_size[k] == size)
					best = F->last_face[k];
			unmatched++;
			if (getenv("LOWERBOUND_DEBUG"))
				fprintf(stderr, "unmatched (%.2f): %s\n", bestd, line);
		}
		int k;
		for (k = 0; k < F->nlast && F->last_size[k] != size; k++)
			;
		if (k < 32) {
			F->last_size[k] = size;
			F->last_face[k] = best;
			if (k == F->nlast)
				F->nlast++;
		}
		if (F->id[best] < 0) {
			F->id[best] = nids++;
			printf("font %d %s\n", F->id[best], F->path[best]);
		}
		printf("T %d %.1f %.2f %.2f %.*s\n", F->id[best], size, x, y, (int)tl, text);
	}
	if (unmatched)
		fprintf(stderr, "lowerbound: %d text runs matched no face's width exactly\n", unmatched);
	HPDF_Free(pdf);
	free(s);
	return 0;
}

/* ---------------------------------------------------------------- write */

typedef struct {
	char kind;
	int font;
	float size, x, y, w, h;
	const char *text;
} rec;

typedef struct {
	rec *r;
	size_t n, cap;
} page;

/* Draw one collected page: shapes first, then one text object. */
static void flush(HPDF_Page cur, page *pg, HPDF_Font *font, int lines, char *joined)
{
	if (!cur)
		return;
	for (size_t i = 0; i < pg->n; i++) {
		rec *r = &pg->r[i];
		if (r->kind == 'R') {
			HPDF_Page_Rectangle(cur, r->x, r->y, r->w, r->h);
			HPDF_Page_Fill(cur);
		} else if (r->kind == 'L') {
			HPDF_Page_MoveTo(cur, r->x, r->y);
			HPDF_Page_LineTo(cur, r->x + r->w, r->y + r->h);
			HPDF_Page_Stroke(cur);
		}
	}
	int tf = -1;
	float ts = 0;
	HPDF_Page_BeginText(cur);
	for (size_t i = 0; i < pg->n; i++) {
		rec *r = &pg->r[i];
		if (r->kind != 'T')
			continue;
		if (r->font != tf || r->size != ts) {
			HPDF_Page_SetFontAndSize(cur, font[r->font], r->size);
			tf = r->font;
			ts = r->size;
		}
		const char *t = r->text;
		if (lines) { /* join the runs on this baseline */
			size_t j = i, len = 0;
			while (j < pg->n && pg->r[j].kind == 'T' && pg->r[j].font == r->font &&
			       pg->r[j].size == r->size && pg->r[j].y == r->y) {
				size_t l = strlen(pg->r[j].text);
				if (len)
					joined[len++] = ' ';
				memcpy(joined + len, pg->r[j].text, l);
				len += l;
				j++;
			}
			joined[len] = 0;
			t = joined;
			i = j - 1;
		}
		HPDF_Page_TextOut(cur, r->x, r->y, t);
	}
	HPDF_Page_EndText(cur);
	pg->n = 0;
}

static int write_pdf(const char *glyphs, const char *out, int lines)
{
	size_t n;
	char *s = slurp(glyphs, &n);
	HPDF_Doc pdf = HPDF_New(on_error, NULL);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	HPDF_Font font[MAX_FONTS] = {0};
	page pg = {0};
	HPDF_Page cur = NULL;
	char *joined = malloc(n + 1);
	for (char *line = s, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (line[0] == 'f') { /* font ID PATH */
			int id, used = 0;
			if (sscanf(line, "font %d %n", &id, &used) < 1 || id < 0 || id >= MAX_FONTS)
				continue;
			const char *nm = HPDF_LoadTTFontFromFile(pdf, line + used, HPDF_TRUE);
			font[id] = HPDF_GetFont(pdf, nm, "UTF-8");
			continue;
		}
		if (line[0] == 'p') { /* page W H */
			flush(cur, &pg, font, lines, joined);
			float w, h;
			if (sscanf(line, "page %f %f", &w, &h) != 2)
				continue;
			cur = HPDF_AddPage(pdf);
			HPDF_Page_SetWidth(cur, w);
			HPDF_Page_SetHeight(cur, h);
			continue;
		}
		if (pg.n == pg.cap) {
			pg.cap = pg.cap ? pg.cap * 2 : 1024;
			pg.r = realloc(pg.r, pg.cap * sizeof *pg.r);
		}
		rec *r = &pg.r[pg.n];
		r->kind = line[0];
		char *p = line + 1, *e;
		if (line[0] == 'T') { /* T ID SIZE X Y TEXT */
			long id = strtol(p, &e, 10);
			if (e == p || id < 0 || id >= MAX_FONTS || !font[id])
				continue;
			r->font = (int)id;
			r->size = strtof(e, &p);
			r->x = strtof(p, &e);
			r->y = strtof(e, &p);
			if (*p != ' ')
				continue;
			r->text = p + 1;
		} else if (line[0] == 'R' || line[0] == 'L') {
			r->x = strtof(p, &e);
			r->y = strtof(e, &p);
			r->w = strtof(p, &e);
			r->h = strtof(e, &p);
			if (p == e)
				continue;
		} else {
			continue;
		}
		pg.n++;
	}
	flush(cur, &pg, font, lines, joined);
	HPDF_SaveToFile(pdf, out);
	HPDF_Free(pdf);
	free(pg.r);
	free(joined);
	free(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "prepare"))
		return prepare(argv[2], argv[3]);
	if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "--lines"))) && !strcmp(argv[1], "write"))
		return write_pdf(argv[2], argv[3], argc == 5);
	fputs("usage: lowerbound prepare FONTDIR DUMP > GLYPHS\n"
	      "       lowerbound write GLYPHS OUT.pdf [--lines]\n", stderr);
	return 2;
}
