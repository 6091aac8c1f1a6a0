/* load_layout.c — the layout YAML: document, page, fonts, styles, running
 * header and footer, and the ordered parts that pull in the material.
 *
 * Paths in a layout are relative to the layout file's directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "datadir.h"
#include "langmark.h"
#include "bounds.h"
#include "load.h"
#include "vars.h"

typedef struct {
	doc *d;
	diag *dg;
	bool seen_section;
	/* facts files already loaded: several parts often show one file */
	const char **facts_path;
	facts **facts_loaded;
	size_t nfacts, facts_cap;
	bool fonts_hint;        /* no fonts: dir given: suggest one */
	size_t sources_at;      /* block index of the sources part; -1 = none */
	srcpos sources_pos;
	const char *sources_title;
} lctx;

/* A facts file is loaded once however many parts and data sources use it,
 * and however its path is written (keyed by device and inode): its errors
 * are reported once, and a file that failed is not tried again (NULL). */
static facts *facts_cached(lctx *c, const char *path, srcpos from)
{
	struct stat st;
	const char *key = stat(path, &st) == 0
		? arena_printf(c->d->a, "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino)
		: path;
	for (size_t i = 0; i < c->nfacts; i++)
		if (strcmp(c->facts_path[i], key) == 0)
			return c->facts_loaded[i];
	facts *f = load_facts(c->d, c->dg, path, from);
	size_t cap = c->facts_cap;
	GROW(c->facts_path, cap, c->nfacts + 1);
	GROW(c->facts_loaded, c->facts_cap, c->nfacts + 1);
	c->facts_path[c->nfacts] = key;
	c->facts_loaded[c->nfacts++] = f;
	return f;
}

/* "id: fig:kyoto" of a part: the name cross-references use ([](#fig:kyoto)). */
static void set_label(lctx *c, block *b, const ynode *m)
{
	const ynode *v = ymap_get(m, "id");
	const char *id = v ? ystr(c->dg, v, "id") : NULL;
	if (!id)
		return;
	if (!*id || strpbrk(id, " {}#"))
		diag_error(c->dg, v->pos, "id: expected a name without spaces, braces or '#', such as fig:attendance, got '%s'", id);
	b->label = id;
	b->label_pos = v->pos;
}

/* ---- document: ---- */

/* The longest title, author, subject or keywords (see load_document). */
#define META_MAX_BYTES 32768

static void load_document(lctx *c, const ynode *n)
{
	static const char *const keys[] = {"title", "short-title", "subtitle", "author", "subject", "keywords",
					   "date", "language", "prepared-for", "organisation",
					   "classification", "print", "linebreak", "tagged", "accessibility", NULL};
	static const char *const prints[] = {"colour", "greyscale", "color", "grayscale", NULL};
	static const char *const breaks[] = {"optimal", "greedy", NULL}; /* DOC_BREAK_* */
	if (!yis_map(c->dg, n, "document"))
		return;
	ymap_check(c->dg, n, "document", keys);
	doc_meta *m = &c->d->meta;
	m->pos = n->pos;
	m->title = yneed_str(c->dg, n, "title", "document");
	if (m->title && !limits_title_check(c->dg, ymap_get(n, "title")->pos, "the document title", m->title))
		m->title = NULL;
	m->short_title = yget_str(c->dg, n, "short-title");
	m->subtitle = yget_str(c->dg, n, "subtitle");
	m->author = yget_str(c->dg, n, "author");
	m->subject = yget_str(c->dg, n, "subject");
	m->prepared_for = yget_str(c->dg, n, "prepared-for");
	m->organisation = yget_str(c->dg, n, "organisation");
	m->classification = yget_str(c->dg, n, "classification");
	const ynode *v;
	if ((v = ymap_get(n, "keywords"))) {
		if (v->kind == Y_SCALAR) {
			m->keywords = v->str;
		} else if (yis_seq(c->dg, v, "keywords")) {
			buf b = {0};
			for (size_t i = 0; i < v->n; i++) {
				const char *s = ystr(c->dg, v->kids[i], "keywords");
				if (s)
					buf_printf(&b, "%s%s", b.len ? ", " : "", s);
			}
			m->keywords = arena_strdup(c->d->a, buf_cstr(&b));
			buf_free(&b);
		}
	}
	/* These go into the PDF's document information too, whose strings
	 * libharu 2.3.0 caps at 65,535 bytes; half that leaves room for the
	 * numbered copy and the classification joined to them. */
	static const char *const meta_keys[] = {"title", "subtitle", "author", "subject", "keywords",
						"classification"};
	const char *meta_vals[] = {m->title, m->subtitle, m->author, m->subject, m->keywords,
				   m->classification};
	for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
		if (meta_vals[i] && strlen(meta_vals[i]) > META_MAX_BYTES)
			diag_error(c->dg, ymap_get(n, meta_keys[i])->pos,
				   "document: %s: %zu bytes; a document information entry holds at most %d bytes",
				   meta_keys[i], strlen(meta_vals[i]), META_MAX_BYTES);
	if ((v = ymap_get(n, "date")))
		ydate(c->dg, v, "date", &m->date);
	if ((v = ymap_get(n, "print"))) { /* for a black-and-white printer */
		int k = yenum(c->dg, v, "print", prints);
		m->greyscale = k == 1 || k == 3;
	}
	if ((v = ymap_get(n, "linebreak"))) {
		int k = yenum(c->dg, v, "linebreak", breaks);
		if (k >= 0)
			c->d->linebreak = k;
	}
	if ((v = ymap_get(n, "tagged"))) /* a tagged PDF (docs/accessibility.md) */
		ybool(c->dg, v, "tagged", &c->d->tagged);
	if ((v = ymap_get(n, "accessibility"))) {
		static const char *const levels[] = {"warn", "strict", NULL};
		int k = yenum(c->dg, v, "accessibility", levels);
		if (k >= 0)
			c->d->strict_access = k == 1;
	}
	if ((v = ymap_get(n, "language"))) {
		const char *s = ystr(c->dg, v, "language");
		if (s && !lang_tag_ok(s, strlen(s)))
			diag_error(c->dg, v->pos, "language: expected a language code such as en, vi or fr, got '%s'", s);
		else
			m->language = s;
	}
	if (!m->language)
		m->language = "en";
}

/* ---- page: ---- */
static void load_page(lctx *c, const ynode *n)
{
	static const char *const keys[] = {"size", "orientation", "margins", "duplex", "section-start", "mark-blank", NULL};
	static const char *const starts[] = {"auto", "new-page", "recto", "continue", NULL};
	static const char *const sizes[] = {"A4", "Letter", "A5", "Legal", NULL};
	static const double dims[][2] = {{595.276, 841.89}, {612, 792}, {419.528, 595.276}, {612, 1008}};
	static const char *const orients[] = {"portrait", "landscape", NULL};
	static const char *const mkeys[] = {"top", "bottom", "inside", "outside", "left", "right", NULL};
	if (!yis_map(c->dg, n, "page"))
		return;
	ymap_check(c->dg, n, "page", keys);
	page_setup *p = &c->d->page;
	const ynode *v;
	if ((v = ymap_get(n, "size"))) {
		if (v->kind == Y_SEQ && v->n == 2) {
			ylength(c->dg, v->kids[0], "size[0]", &p->width);
			ylength(c->dg, v->kids[1], "size[1]", &p->height);
		} else {
			int i = yenum(c->dg, v, "size", sizes);
			if (i >= 0)
				p->width = dims[i][0], p->height = dims[i][1];
		}
	}
	if ((v = ymap_get(n, "orientation")) && yenum(c->dg, v, "orientation", orients) == 1) {
		double t = p->width;
		p->width = p->height;
		p->height = t;
	}
	if ((v = ymap_get(n, "duplex")))
		ybool(c->dg, v, "duplex", &p->duplex);
	if ((v = ymap_get(n, "section-start"))) {
		int i = yenum(c->dg, v, "section-start", starts);
		if (i >= 0)
			p->section_start = i;
	}
	if ((v = ymap_get(n, "mark-blank")))
		ybool(c->dg, v, "mark-blank", &p->mark_blank);
	if ((v = ymap_get(n, "margins"))) {
		if (v->kind == Y_SCALAR) {
			double m;
			if (ylength(c->dg, v, "margins", &m))
				p->top = p->bottom = p->inside = p->outside = m;
		} else if (yis_map(c->dg, v, "margins")) {
			ymap_check(c->dg, v, "margins", mkeys);
			const ynode *x;
			if ((x = ymap_get(v, "top")))
				ylength(c->dg, x, "top", &p->top);
			if ((x = ymap_get(v, "bottom")))
				ylength(c->dg, x, "bottom", &p->bottom);
			if ((x = ymap_get(v, "inside")) || (x = ymap_get(v, "left")))
				ylength(c->dg, x, "inside", &p->inside);
			if ((x = ymap_get(v, "outside")) || (x = ymap_get(v, "right")))
				ylength(c->dg, x, "outside", &p->outside);
		}
	}
	if (p->width - p->inside - p->outside < 72 || p->height - p->top - p->bottom < 144)
		diag_error(c->dg, n->pos,
			   "page: margins leave a text area of %.0f x %.0f pt; at least 72 x 144 pt is needed",
			   p->width - p->inside - p->outside, p->height - p->top - p->bottom);
}

/* ---- print: ---- */
static void load_print(lctx *c, const ynode *n)
{
	static const char *const keys[] = {"profile", "bleed", "crop-marks", "safe-area", NULL};
	static const char *const profiles[] = {"screen", "office", "press", NULL}; /* PRINT_* */
	if (!yis_map(c->dg, n, "print"))
		return;
	ymap_check(c->dg, n, "print", keys);
	doc_print *p = &c->d->print;
	p->pos = n->pos;
	const ynode *v;
	if ((v = ymap_get(n, "profile"))) {
		int k = yenum(c->dg, v, "profile", profiles);
		if (k >= 0)
			p->profile = k;
	}
	p->bleed = p->profile == PRINT_PRESS ? 3 * 72 / 25.4 : 0;
	p->safe = p->profile != PRINT_SCREEN ? 8 * 72 / 25.4 : 0;
	if ((v = ymap_get(n, "bleed")) && ylength(c->dg, v, "bleed", &p->bleed)) {
		if (p->profile != PRINT_PRESS && p->bleed > 0)
			diag_warning(c->dg, v->pos, "print: bleed: only the press profile prints past the trim; set profile: press or leave bleed out");
		if (p->bleed > 72 / 2.54 * 2) /* 20 mm */
			diag_error(c->dg, v->pos, "print: bleed: %.1f mm; at most 20 mm (3 mm is usual)", p->bleed * 25.4 / 72);
	}
	if ((v = ymap_get(n, "safe-area")) && ylength(c->dg, v, "safe-area", &p->safe) && p->safe > 72 / 2.54 * 3)
		diag_error(c->dg, v->pos, "print: safe-area: %.1f mm; at most 30 mm (8 mm suits office printers)", p->safe * 25.4 / 72);
	if ((v = ymap_get(n, "crop-marks")) && ybool(c->dg, v, "crop-marks", &p->crop_marks) && p->crop_marks &&
	    p->profile != PRINT_PRESS)
		diag_warning(c->dg, v->pos, "print: crop-marks: only the press profile has a trim to mark; set profile: press or leave crop-marks out");
	if (p->profile != PRINT_PRESS)
		p->bleed = 0, p->crop_marks = false;
}

/* ---- fonts: ---- */
static const char *const face_suffix[4] = {"Regular", "Bold", "Italic", "BoldItalic"};

/* The file of a face: dir/NAME-Style with the first extension that exists
 * (.ttf, .otf, .ttc); NULL when none does. */
static char *face_file(lctx *c, const char *dir, const char *name, int i)
{
	static const char *const font_exts[] = {"ttf", "otf", "ttc"};
	for (size_t k = 0; k < 3; k++) {
		char *p = arena_printf(c->d->a, "%s/%s-%s.%s", dir, name, face_suffix[i], font_exts[k]);
		if (file_exists(p))
			return p;
	}
	return NULL;
}

/* The system's font directories searched for a family that the font
 * directory lacks (Debian's fonts-noto-cjk: /usr/share/fonts/opentype/noto),
 * one level of sub-directories deep; NULL when none has it. */
static const char *system_font_dir(lctx *c, const char *name)
{
	static const char *const font_roots[] = {"/usr/local/share/fonts", "/usr/share/fonts/opentype",
					    "/usr/share/fonts/truetype"};
	if (strchr(name, '/')) /* a family name, never a path out of these */
		return NULL;
	for (size_t r = 0; r < sizeof font_roots / sizeof font_roots[0]; r++) {
		if (face_file(c, font_roots[r], name, FACE_REGULAR))
			return font_roots[r];
		DIR *dh = opendir(font_roots[r]);
		if (!dh)
			continue;
		const char *found = NULL;
		struct dirent *e;
		while (!found && (e = readdir(dh))) {
			if (e->d_name[0] == '.')
				continue;
			char *sub = arena_printf(c->d->a, "%s/%s", font_roots[r], e->d_name);
			if (face_file(c, sub, name, FACE_REGULAR))
				found = sub;
		}
		closedir(dh);
		if (found)
			return found;
	}
	return NULL;
}

static bool resolve_family(lctx *c, font_family *f, const char *dir, const char *name, srcpos pos)
{
	/* NAME#FACE: a face of a collection, by number or by the last word of
	 * its family name (NotoSansCJK#SC) */
	const char *hash = strchr(name, '#');
	f->face = NULL;
	if (hash) {
		f->face = hash[1] ? arena_strdup(c->d->a, hash + 1) : NULL;
		char *base = arena_strdup(c->d->a, name);
		base[hash - name] = 0;
		name = base;
	}
	f->name = name;
	f->pos = pos;
	if (!face_file(c, dir, name, FACE_REGULAR)) {
		const char *sys = system_font_dir(c, name);
		if (sys)
			dir = sys;
	}
	/* Only the Regular face must exist. A family that has no Bold or
	 * Italic (the Arabic and CJK fallbacks) uses the nearest face it has:
	 * Bold and Italic take Regular, BoldItalic takes Bold, else Italic. */
	for (int i = 0; i < 4; i++) {
		char *p = face_file(c, dir, name, i);
		if (!p) {
			p = arena_printf(c->d->a, "%s/%s-%s.ttf", dir, name, face_suffix[i]);
			if (i == FACE_REGULAR && !file_check_regular(p) && errno != ENOENT) {
				diag_error(c->dg, pos, "font family '%s': cannot read font '%s': %s", name, p,
					   file_strerror(errno));
				return false;
			}
			if (i == FACE_REGULAR) {
				diag_error(c->dg, pos, "font family '%s': cannot find '%s'%s", name, p,
					   c->fonts_hint ? "; give the font directory with fonts: {dir: …} or DOSSIER_FONTS" : "");
				return false;
			}
			f->path[i] = NULL;
			continue;
		}
		f->path[i] = p;
		doc_add_input(c->d, p);
	}
	if (!f->path[FACE_BOLDITALIC])
		f->path[FACE_BOLDITALIC] = f->path[FACE_BOLD] ? f->path[FACE_BOLD] : f->path[FACE_ITALIC];
	for (int i = 0; i < 4; i++)
		if (!f->path[i])
			f->path[i] = f->path[FACE_REGULAR];
	return true;
}

static const char *default_font_dir(lctx *c)
{
	const char *cands[] = {"fonts", "../fonts"};
	for (size_t i = 0; i < 2; i++) {
		char *p = path_join(c->d->a, c->d->dir, cands[i]);
		char *probe = arena_printf(c->d->a, "%s/NotoSerif-Regular.ttf", p);
		if (file_exists(probe))
			return p;
	}
	const char *env = getenv("DOSSIER_FONTS");
	if (env && *env)
		return env;
	/* the installed fonts, or those of a relocated install or the source
	 * tree the program runs from (datadir.h) */
	char *dd = datadir_find("fonts", "NotoSerif-Regular.ttf");
	if (dd) {
		const char *r = arena_strdup(c->d->a, dd);
		free(dd);
		return r;
	}
#ifdef DOSSIER_DATADIR
	return DOSSIER_DATADIR "/fonts";
#else
	return path_join(c->d->a, c->d->dir, "../fonts");
#endif
}

static void load_fonts(lctx *c, const ynode *n)
{
	static const char *const keys[] = {"dir", "body", "heading", "mono", "fallback", "kerning", NULL};
	const char *dir = NULL;
	const char *names[FAM_MAX] = {"NotoSerif", "NotoSans", NULL};
	srcpos where = n ? n->pos : (srcpos){c->d->path, 0, 0};
	const ynode *dirn = n ? ymap_get(n, "dir") : NULL;
	if (dirn)
		where = dirn->pos;
	srcpos pos[FAM_MAX] = {where, where, where};
	const ynode *fb = NULL;
	if (n) {
		if (!yis_map(c->dg, n, "fonts"))
			return;
		ymap_check(c->dg, n, "fonts", keys);
		const ynode *v;
		if ((v = ymap_get(n, "dir")) && ystr(c->dg, v, "dir"))
			dir = path_join(c->d->a, c->d->dir, v->str);
		static const char *const fk[FAM_MAX] = {"body", "heading", "mono"};
		for (int i = 0; i < FAM_MAX; i++)
			if ((v = ymap_get(n, fk[i])) && ystr(c->dg, v, fk[i])) {
				names[i] = v->str;
				pos[i] = v->pos;
			}
		fb = ymap_get(n, "fallback");
		if ((v = ymap_get(n, "kerning")))
			ybool(c->dg, v, "kerning", &c->d->kerning);
	}
	if (!dir) {
		dir = default_font_dir(c);
		c->fonts_hint = true;
	}
	if (!names[FAM_MONO]) {
		names[FAM_MONO] = names[FAM_HEADING];
		pos[FAM_MONO] = pos[FAM_HEADING];
	}
	for (int i = 0; i < FAM_MAX; i++) {
		if (i == FAM_MONO && !strcmp(names[i], names[FAM_HEADING])) {
			c->d->fam[i] = c->d->fam[FAM_HEADING]; /* same files, one error */
			continue;
		}
		resolve_family(c, &c->d->fam[i], dir, names[i], pos[i]);
	}
	if (fb) {
		if (fb->kind == Y_SCALAR) {
			if (resolve_family(c, &c->d->fallback[0], dir, fb->str, fb->pos))
				c->d->nfallback = 1;
		} else if (yis_seq(c->dg, fb, "fallback")) {
			if (fb->n > MAX_FALLBACKS)
				diag_error(c->dg, fb->kids[MAX_FALLBACKS]->pos,
					   "fallback: at most %d families (limit), got %zu", MAX_FALLBACKS, fb->n);
			for (size_t i = 0; i < fb->n && c->d->nfallback < MAX_FALLBACKS; i++) {
				/* "Family" or {family: Family, scale: 1.2} */
				const ynode *e = fb->kids[i], *fam = e;
				double scale = 1;
				if (e->kind == Y_MAP) {
					static const char *const fb_keys[] = {"family", "scale", NULL};
					ymap_check(c->dg, e, "fallback", fb_keys);
					fam = ymap_get(e, "family");
					if (!fam) {
						diag_error(c->dg, e->pos, "fallback: a family given as a mapping needs 'family'");
						continue;
					}
					const ynode *v = ymap_get(e, "scale");
					if (v && ynum(c->dg, v, "scale", &scale) && (scale < 0.5 || scale > 2)) {
						diag_error(c->dg, v->pos, "scale: expected a number from 0.5 to 2, got %s", v->str);
						scale = 1;
					}
				}
				const char *s = ystr(c->dg, fam, "fallback");
				font_family *ff = &c->d->fallback[c->d->nfallback];
				if (s && resolve_family(c, ff, dir, s, fam->pos)) {
					ff->scale = scale;
					c->d->nfallback++;
				}
			}
		}
	}
}

/* ---- styles: ---- */
static void load_style(lctx *c, style *s, const ynode *n, const char *name)
{
	static const char *const keys[] = {"font", "weight", "style", "size", "leading", "space-before",
					   "space-after", "first-indent", "indent", "align", "color",
					   "keep-with-next", "hyphenate", "ligatures", "background", "rule-color",
					   "rule-width", "zebra", "accent", "link-color", "total-background",
					   "group-background", "subtotal-background", NULL};
	static const char *const fams[] = {"body", "heading", "mono", NULL};
	static const char *const weights[] = {"regular", "bold", NULL};
	static const char *const slants[] = {"normal", "italic", NULL};
	static const char *const aligns[] = {"left", "right", "center", "justify", NULL};
	if (!yis_map(c->dg, n, name))
		return;
	ymap_check(c->dg, n, arena_printf(c->d->a, "styles.%s", name), keys);
	const ynode *v;
	int i;
	if ((v = ymap_get(n, "font")) && (i = yenum(c->dg, v, "font", fams)) >= 0)
		s->family = i;
	if ((v = ymap_get(n, "weight")) && (i = yenum(c->dg, v, "weight", weights)) >= 0)
		s->face = (s->face & FACE_ITALIC) | (i ? FACE_BOLD : 0);
	if ((v = ymap_get(n, "style")) && (i = yenum(c->dg, v, "style", slants)) >= 0)
		s->face = (s->face & FACE_BOLD) | (i ? FACE_ITALIC : 0);
	double x;
	if ((v = ymap_get(n, "size")) && ylength(c->dg, v, "size", &x)) {
		if (x < 2 || x > 300)
			diag_error(c->dg, v->pos, "size: %.1fpt is outside 2pt to 300pt", x);
		else {
			if (!ymap_get(n, "leading"))
				s->leading = s->leading * x / s->size;
			s->size = x;
		}
	}
	if ((v = ymap_get(n, "leading")) && ylength(c->dg, v, "leading", &x)) {
		if (x < s->size * 0.8 || x > 600)
			diag_error(c->dg, v->pos, "leading: %.1fpt is less than 0.8 x the font size (%.1fpt)", x, s->size);
		else
			s->leading = x;
	}
	if ((v = ymap_get(n, "space-before")))
		ylength(c->dg, v, "space-before", &s->space_before);
	if ((v = ymap_get(n, "space-after")))
		ylength(c->dg, v, "space-after", &s->space_after);
	if ((v = ymap_get(n, "first-indent")))
		ylength(c->dg, v, "first-indent", &s->first_indent);
	if ((v = ymap_get(n, "indent")))
		ylength(c->dg, v, "indent", &s->left_indent);
	if ((v = ymap_get(n, "align")) && (i = yenum(c->dg, v, "align", aligns)) >= 0)
		s->align = i;
	if ((v = ymap_get(n, "color")))
		ycolor(c->dg, v, "color", &s->color);
	if ((v = ymap_get(n, "keep-with-next")))
		ybool(c->dg, v, "keep-with-next", &s->keep_with_next);
	if ((v = ymap_get(n, "hyphenate")))
		ybool(c->dg, v, "hyphenate", &s->hyphenate);
	if ((v = ymap_get(n, "ligatures")))
		ybool(c->dg, v, "ligatures", &s->ligatures);
	/* what the style draws besides its text */
	const struct {
		const char *key;
		uint32_t *rgb;
	} draws[] = {{"background", &s->background}, {"rule-color", &s->rule_color}, {"zebra", &s->zebra},
		     {"accent", &s->accent}, {"link-color", &s->link_color}, {"total-background", &s->total_bg},
		     {"group-background", &s->group_bg}, {"subtotal-background", &s->subtotal_bg}};
	for (size_t k = 0; k < sizeof draws / sizeof draws[0]; k++)
		if ((v = ymap_get(n, draws[k].key)))
			ycolor(c->dg, v, draws[k].key, draws[k].rgb);
	if ((v = ymap_get(n, "rule-width")) && ylength(c->dg, v, "rule-width", &x)) {
		if (x < 0 || x > 20)
			diag_error(c->dg, v->pos, "rule-width: %.1fpt is outside 0pt to 20pt", x);
		else
			s->rule_width = x;
	}
}

static void load_styles(lctx *c, const ynode *n)
{
	if (!yis_map(c->dg, n, "styles"))
		return;
	ymap_check(c->dg, n, "styles", style_names);
	for (size_t i = 0; i < n->n; i++) {
		int st = style_lookup(n->kids[2 * i]->str);
		if (st >= 0)
			load_style(c, &c->d->styles[st], n->kids[2 * i + 1], n->kids[2 * i]->str);
	}
}

/* The placeholders of a running line (layout.c expands them). */
static const char *const running_names[] = {"title", "subtitle", "author", "classification", "date",
					    "page", "pages", "section", "copy", NULL};

/* Every "{NAME}" of a header or footer template must be a placeholder;
 * "{{" and "}}" write a brace. */
static void check_running(lctx *c, const ynode *v, const char *what, const char *side)
{
	const char *s = v->str;
	for (size_t i = 0; s[i];) {
		if ((s[i] == '{' && s[i + 1] == '{') || (s[i] == '}' && s[i + 1] == '}')) {
			i += 2;
			continue;
		}
		if (s[i] != '{') {
			i++;
			continue;
		}
		srcpos at = v->pos;
		at.col += (v->plain ? 0 : 1) + (int)utf8_count(s, i);
		const char *close = strchr(s + i, '}');
		if (!close) {
			diag_error(c->dg, at, "%s.%s: '{' is not closed (write '{{' for a literal '{')", what, side);
			return;
		}
		char *name = arena_strndup(c->d->a, s + i + 1, (size_t)(close - s - i - 1));
		bool known = false;
		for (int k = 0; running_names[k] && !known; k++)
			known = !strcmp(name, running_names[k]);
		if (!known) {
			const char *near = diag_nearest(name, running_names);
			if (near)
				diag_error(c->dg, at, "%s.%s: unknown placeholder {%s}; did you mean {%s}? (write '{{' for a literal '{')",
					   what, side, name, near);
			else
				diag_error(c->dg, at,
					   "%s.%s: unknown placeholder {%s} (expected one of {title}, {subtitle}, {author}, {classification}, {date}, {page}, {pages}, {section}, {copy}; write '{{' for a literal '{')",
					   what, side, name);
		}
		i = (size_t)(close - s) + 1;
	}
}

static void load_running(lctx *c, const ynode *n, running *r, const char *what)
{
	static const char *const keys[] = {"left", "center", "right", NULL};
	static const char *const hkeys[] = {"left", "center", "right", "logo", "logo-height", NULL};
	bool header = !strcmp(what, "header");
	if (n->kind == Y_SCALAR && !n->len) { /* header: with no value = none */
		*r = (running){0};
		return;
	}
	if (!yis_map(c->dg, n, what))
		return;
	ymap_check(c->dg, n, what, header ? hkeys : keys);
	const ynode *lv;
	if (header && (lv = ymap_get(n, "logo"))) {
		const char *lp = ystr(c->dg, lv, "logo");
		const char *ip = lp ? load_path(c->d, c->dg, c->d->dir, lp, lv->pos) : NULL;
		if (ip)
			c->d->header_logo = load_image(c->d, c->dg, ip, lv->pos);
	}
	double lh = 12;
	if (header && (lv = ymap_get(n, "logo-height")) && ylength(c->dg, lv, "logo-height", &lh) &&
	    (lh < 4 || lh > 72)) {
		diag_error(c->dg, lv->pos, "logo-height: %.4g pt is out of range (4pt to 72pt)", lh);
		lh = 12;
	}
	if (header)
		c->d->header_logo_h = lh;
	const char **side[] = {&r->left, &r->center, &r->right};
	for (int k = 0; k < 3; k++) {
		*side[k] = yget_str(c->dg, n, keys[k]);
		if (*side[k])
			check_running(c, ymap_get(n, keys[k]), what, keys[k]);
	}
}

/* "{{ vars.delegation }}" in a running line: a data-bound name (it has a
 * dot), expanded like text; any other "{{" stays a literal '{'. */
static bool running_data_name(const char *s, size_t n)
{
	while (n && *s == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) || !memchr(s, '.', n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '.' || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

/* The running line's side with its data-bound names expanded (once the
 * data sources are known); braces in a value are written "{{", "}}". */
static const char *expand_running_side(lctx *c, const ynode *v)
{
	const char *s = v->str;
	if (!strstr(s, "{{"))
		return s;
	buf b = {0};
	for (size_t i = 0; s[i];) {
		if (s[i] == '{' && s[i + 1] == '{') {
			const char *close = strstr(s + i + 2, "}}");
			if (close && running_data_name(s + i + 2, (size_t)(close - s - i - 2))) {
				srcpos at = v->pos;
				at.col += (v->plain ? 0 : 1) + (int)utf8_count(s, i);
				size_t len = (size_t)(close - s) + 2 - i;
				const char *val = vars_expand(c->d, c->dg, s + i, len, at);
				if (val == s + i) /* not expanded: left as written */
					buf_put(&b, s + i, len);
				else
					for (const char *p = val; *p; p++) {
						if (*p == '{' || *p == '}')
							buf_putc(&b, *p);
						buf_putc(&b, *p);
					}
				i += len;
				continue;
			}
			buf_put(&b, s + i, 2);
			i += 2;
			continue;
		}
		buf_putc(&b, s[i++]);
	}
	const char *r = arena_strdup(c->d->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static void expand_running(lctx *c, const ynode *n, running *r)
{
	static const char *const keys[] = {"left", "center", "right", NULL};
	if (!n || n->kind != Y_MAP)
		return;
	const char **side[] = {&r->left, &r->center, &r->right};
	for (int k = 0; k < 3; k++) {
		const ynode *v = ymap_get(n, keys[k]);
		if (*side[k] && v && v->kind == Y_SCALAR)
			*side[k] = expand_running_side(c, v);
	}
}

/* Where a scalar's text starts: after the opening quote of a quoted one. */
static srcpos text_pos(const ynode *n)
{
	srcpos p = n->pos;
	if (!n->plain)
		p.col++;
	return p;
}

/* A string field with {{ names }} expanded; NULL when absent. */
static const char *expand_field(lctx *c, const ynode *m, const char *key)
{
	const char *s = yget_str(c->dg, m, key);
	return s ? vars_expand(c->d, c->dg, s, strlen(s), text_pos(ymap_get(m, key))) : NULL;
}

/* A text field: expand_field, its passages in another language read
 * (text_lang; at their column when no {{ }} moved them). */
static const char *text_field(lctx *c, const ynode *m, const char *key)
{
	const char *s = expand_field(c, m, key);
	const ynode *n = ymap_get(m, key);
	if (!s || !n)
		return s;
	return text_lang(c->d, c->dg, s, n->pos, n->str && !strcmp(n->str, s) ? yskip(n) : -1, key);
}

/* Document fields may name variables and data ({{ vars.delegation }});
 * those the cover shows may hold passages in another language. */
static void expand_document(lctx *c, const ynode *n)
{
	doc_meta *m = &c->d->meta;
	struct {
		const char *key;
		const char **field;
	} f[] = {{"title", &m->title}, {"subtitle", &m->subtitle}, {"author", &m->author},
		 {"subject", &m->subject}, {"prepared-for", &m->prepared_for},
		 {"organisation", &m->organisation}, {"classification", &m->classification}};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (*f[i].field && ymap_get(n, f[i].key))
			*f[i].field = text_field(c, n, f[i].key);
	/* Shown only as an artifact (the running heads, the marking) or kept
	 * only as metadata (the document information): their passages' markup
	 * goes, their words stay (langmark.h) */
	m->subject = lm_plain(c->d->a, m->subject);
	m->classification = lm_plain(c->d->a, m->classification);
	const ynode *v = ymap_get(n, "short-title");
	if (m->short_title && v)
		m->short_title = lm_plain(c->d->a, text_lang(c->d, c->dg, m->short_title, v->pos, yskip(v), "short-title"));
	if ((v = ymap_get(n, "keywords")) && m->keywords) {
		if (v->kind == Y_SCALAR) {
			m->keywords = lm_plain(c->d->a, text_lang(c->d, c->dg, m->keywords, v->pos, yskip(v), "keywords"));
		} else if (v->kind == Y_SEQ) {
			buf b = {0};
			for (size_t i = 0; i < v->n; i++) {
				const ynode *k = v->kids[i];
				if (k->kind == Y_SCALAR && k->str)
					buf_printf(&b, "%s%s", b.len ? ", " : "",
						   lm_plain(c->d->a, text_lang(c->d, c->dg, k->str, k->pos, yskip(k), "keywords")));
			}
			m->keywords = arena_strdup(c->d->a, buf_cstr(&b));
			buf_free(&b);
		}
	}
}

/* ---- data: named sources for {{ }} ---- */
static void load_data(lctx *c, const ynode *n)
{
	if (!yis_map(c->dg, n, "data"))
		return;
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->kids[2 * i], *v = n->kids[2 * i + 1];
		/* "name: file" or "name: {file: …, delimiter: …}" */
		int sep = 0;
		const char *file;
		if (v->kind == Y_MAP) {
			static const char *const dkeys[] = {"file", "delimiter", NULL};
			ymap_check(c->dg, v, arena_printf(c->d->a, "data.%s", k->str), dkeys);
			file = yneed_str(c->dg, v, "file", arena_printf(c->d->a, "data.%s", k->str));
			sep = load_delimiter(c->dg, v);
			if (file)
				v = ymap_get(v, "file");
		} else {
			file = ystr(c->dg, v, k->str);
		}
		if (!file) {
			vars_add_failed(c->d, k->str, k->pos);
			continue;
		}
		if (!strcmp(k->str, "document") || !strcmp(k->str, "vars") || strchr(k->str, '.')) {
			diag_error(c->dg, k->pos, "data: '%s' cannot name a source (reserved or contains '.')", k->str);
			continue;
		}
		const char *path = load_path(c->d, c->dg, c->d->dir, file, v->pos);
		if (!path) {
			vars_add_failed(c->d, k->str, k->pos);
			continue;
		}
		const char *ext = strrchr(path, '.');
		bool table = ext && (!strcasecmp(ext, ".csv") || !strcasecmp(ext, ".tsv") ||
				     !strcasecmp(ext, ".xlsx") || !strcasecmp(ext, ".xls") || !strcasecmp(ext, ".ods"));
		if (!table && ext && (!strcasecmp(ext, ".yaml") || !strcasecmp(ext, ".yml"))) {
			diag probe; /* silent, its own records: errors are reported by the real load below */
			diag_init(&probe, NULL);
			ynode *y = yaml_load_file(c->d->a, &probe, path, v->pos);
			table = y && ymap_get(y, "rows") != NULL;
			diag_free(&probe);
		}
		if (table) {
			rawtable *t = load_rawtable_sep(c->d, c->dg, path, v->pos, sep);
			if (t)
				vars_add_table(c->d, k->str, t, v->pos);
			else
				vars_add_failed(c->d, k->str, v->pos);
		} else {
			facts *f = facts_cached(c, path, v->pos);
			if (f)
				vars_add_facts(c->d, k->str, f, v->pos);
			else
				vars_add_failed(c->d, k->str, v->pos);
		}
	}
}

/* ---- security: passwords and permissions of an encrypted dossier ---- */
/* One password: from the environment variable KIND-password-env or the
 * first line of the file KIND-password-file. NULL when neither is given or
 * on an error (reported). Malloc'ed. */
static char *security_password(lctx *c, const ynode *n, const char *kind)
{
	char kenv[32], kfile[32];
	snprintf(kenv, sizeof kenv, "%s-password-env", kind);
	snprintf(kfile, sizeof kfile, "%s-password-file", kind);
	const ynode *ve = ymap_get(n, kenv), *vf = ymap_get(n, kfile);
	if (ve && vf) {
		diag_error(c->dg, ymap_key(n, kfile)->pos, "security: give %s or %s, not both", kenv, kfile);
		return NULL;
	}
	char *pw = NULL;
	if (ve) {
		const char *name = ystr(c->dg, ve, kenv);
		if (!name)
			return NULL;
		const char *v = getenv(name);
		if (!v) {
			diag_error(c->dg, ve->pos, "%s: the environment variable '%s' is not set", kenv, name);
			return NULL;
		}
		pw = xstrdup(v);
	} else if (vf) {
		const char *f = ystr(c->dg, vf, kfile);
		const char *path = f ? load_path(c->d, c->dg, c->d->dir, f, vf->pos) : NULL;
		if (!path)
			return NULL;
		c->d->security.pw_file[kind[0] == 'o'] = path;
		size_t len;
		pw = file_read(path, 4096, &len);
		if (!pw) {
			diag_error(c->dg, vf->pos, "%s: cannot read '%s': %s", kfile, f,
				   errno == EFBIG ? "larger than 4096 bytes" : file_strerror(errno));
			return NULL;
		}
		/* a NUL would cut the password short unseen; its position, but
		 * never the line (it is the password) */
		size_t bom = len >= 3 && !memcmp(pw, "\xEF\xBB\xBF", 3) ? 3 : 0;
		const char *nul = memchr(pw, 0, len);
		if (nul) {
			int line, col;
			utf8_linecol(pw + bom, (size_t)(nul - pw) - bom, &line, &col);
			int snip = c->dg->snippets;
			c->dg->snippets = 0;
			diag_error(c->dg, (srcpos){path, line, col}, "%s: the password file holds a NUL byte", kfile);
			c->dg->snippets = snip;
			explicit_bzero(pw, len);
			free(pw);
			return NULL;
		}
		/* an editor's byte order mark is not part of the password; the
		 * first line is, without its line break (LF or CRLF) */
		memmove(pw, pw + bom, len - bom + 1);
		pw[strcspn(pw, "\r\n")] = 0;
	} else {
		return NULL;
	}
	/* libharu 2.3.0 keeps 32 bytes of a password */
	if (strlen(pw) > 32 || utf8_invalid_at(pw, strlen(pw)) >= 0) {
		diag_error(c->dg, (ve ? ve : vf)->pos, "security: the %s password must be UTF-8 text of at most 32 bytes",
			   kind);
		explicit_bzero(pw, strlen(pw));
		free(pw);
		return NULL;
	}
	if (!pw[0]) {
		diag_error(c->dg, (ve ? ve : vf)->pos, "security: the %s password is empty", kind);
		free(pw);
		return NULL;
	}
	return pw;
}

static void load_security(lctx *c, const ynode *n)
{
	static const char *const keys[] = {"user-password-env", "user-password-file", "owner-password-env",
					   "owner-password-file", "permissions", NULL};
	static const char *const perms[] = {"print", "copy", "modify", NULL};
	if (!yis_map(c->dg, n, "security"))
		return;
	doc_security *s = &c->d->security;
	s->pos = n->pos;
	bool bad = false;
	for (size_t i = 0; i < n->n; i++) {
		const ynode *k = n->kids[2 * i];
		if (!strcmp(k->str, "user-password") || !strcmp(k->str, "owner-password") ||
		    !strcmp(k->str, "password")) {
			const char *kind = k->str[0] == 'o' ? "owner" : "user";
			diag_error(c->dg, k->pos,
				   "security: %s: a password is never written in the layout; give %s-password-env: "
				   "VARIABLE or %s-password-file: FILE",
				   k->str, kind, kind);
			bad = true;
		}
	}
	if (!bad)
		ymap_check(c->dg, n, "security", keys);
	size_t before = (size_t)c->dg->errors;
	s->user_pw = security_password(c, n, "user");
	s->owner_pw = security_password(c, n, "owner");
	s->print = true;
	const ynode *v = ymap_get(n, "permissions");
	if (v && yis_seq(c->dg, v, "permissions")) {
		s->print = false;
		for (size_t i = 0; i < v->n; i++) {
			int k = yenum(c->dg, v->kids[i], "permissions", perms);
			if (k == 0)
				s->print = true;
			else if (k == 1)
				s->copy = true;
			else if (k == 2)
				s->modify = true;
		}
	}
	if ((size_t)c->dg->errors > before || bad)
		return;
	if (!s->owner_pw) {
		diag_error(c->dg, n->pos,
			   "security: an owner password is needed (owner-password-env: VARIABLE or "
			   "owner-password-file: FILE); it unlocks the permissions");
		return;
	}
	if (s->user_pw && !strcmp(s->user_pw, s->owner_pw)) {
		diag_error(c->dg, n->pos,
			   "security: the owner password must differ from the user password (libharu 2.3.0 "
			   "refuses equal ones)");
		return;
	}
	if (!s->user_pw)
		s->user_pw = xstrdup("");
	s->on = true;
}

/* ---- parts: ---- */
static const char *need_file(lctx *c, const ynode *m, const char *what)
{
	const char *f = yneed_str(c->dg, m, "file", what);
	if (f) /* a path may name batch variables: ../input/{{ vars.meeting }}/facts.yaml */
		f = vars_expand(c->d, c->dg, f, strlen(f), text_pos(ymap_get(m, "file")));
	return f ? load_path(c->d, c->dg, c->d->dir, f, ymap_get(m, "file")->pos) : NULL;
}

static void part_cover(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"image", "note", "image-width", "image-height", "image-align",
					   "image-position", NULL};
	static const char *const aligns[] = {"center", "left", "right", NULL};
	static const char *const places[] = {"title", "top", "band", NULL};
	block *b = doc_add(c->d, BLK_COVER, pos);
	if (m->kind == Y_MAP) {
		ymap_check(c->dg, m, "cover", keys);
		const char *img = yget_str(c->dg, m, "image");
		const char *ip = img ? load_path(c->d, c->dg, c->d->dir, img, ymap_get(m, "image")->pos) : NULL;
		if (ip)
			b->image = load_image(c->d, c->dg, ip, ymap_get(m, "image")->pos);
		const ynode *v;
		int i;
		if ((v = ymap_get(m, "image-width")))
			ylength(c->dg, v, "image-width", &b->img_w);
		if ((v = ymap_get(m, "image-height")))
			ylength(c->dg, v, "image-height", &b->img_h);
		b->img_align = -1; /* by place: left below the title, right in the band */
		if ((v = ymap_get(m, "image-align")) && (i = yenum(c->dg, v, "image-align", aligns)) >= 0)
			b->img_align = i;
		if ((v = ymap_get(m, "image-position")) && (i = yenum(c->dg, v, "image-position", places)) >= 0)
			b->img_place = i;
		b->caption = expand_field(c, m, "note");
	}
}

static void part_toc(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"title", "depth", NULL};
	block *b = doc_add(c->d, BLK_TOC, pos);
	b->toc_title = label_text(c->d->labels, L_CONTENTS);
	b->toc_depth = 2;
	if (m->kind != Y_MAP)
		return;
	ymap_check(c->dg, m, "toc", keys);
	const char *t = expand_field(c, m, "title");
	if (t)
		b->toc_title = t;
	const ynode *v = ymap_get(m, "depth");
	double dd;
	if (v && ynum(c->dg, v, "depth", &dd)) {
		if (dd < 1 || dd > 4 || dd != (int)dd)
			diag_error(c->dg, v->pos, "depth: expected 1, 2, 3 or 4, got %s", v->str);
		else
			b->toc_depth = (int)dd;
	}
}

static void part_section(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"title", "new-page", "id", "annex", NULL};
	const char *title;
	bool np = true, annex = false;
	if (m->kind == Y_SCALAR) {
		title = m->str;
	} else {
		if (!yis_map(c->dg, m, "section"))
			return;
		ymap_check(c->dg, m, "section", keys);
		title = yneed_str(c->dg, m, "title", "section");
		const ynode *v = ymap_get(m, "new-page");
		if (v)
			ybool(c->dg, v, "new-page", &np);
		if ((v = ymap_get(m, "annex")))
			ybool(c->dg, v, "annex", &annex);
	}
	if (title) {
		const ynode *tn = m->kind == Y_SCALAR ? m : ymap_get(m, "title");
		const char *t = vars_expand(c->d, c->dg, title, strlen(title), pos);
		t = text_lang(c->d, c->dg, t, tn->pos, strcmp(t, title) ? -1 : yskip(tn), "title");
		block *b = build_heading(c->d, pos, t, 1, true, np);
		b->annex = annex;
		if (m->kind == Y_MAP)
			set_label(c, b, m);
	}
	c->seen_section = true;
}

static void part_facts(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"file", "show", "title", NULL};
	if (!yis_map(c->dg, m, "facts"))
		return;
	ymap_check(c->dg, m, "facts", keys);
	const char *file = need_file(c, m, "facts");
	const char *title = text_field(c, m, "title");
	unsigned show = SHOW_EVENT | SHOW_FIGURES | SHOW_AGENDA | SHOW_WORKSHOPS | SHOW_OUTCOMES |
			SHOW_PEOPLE | SHOW_CONTACTS;
	const ynode *v = ymap_get(m, "show");
	if (v && yis_seq(c->dg, v, "show")) {
		show = 0;
		for (size_t i = 0; i < v->n; i++) {
			int k = yenum(c->dg, v->kids[i], "show", facts_show_names);
			if (k >= 0)
				show |= 1u << k;
		}
	}
	if (!file)
		return;
	facts *f = facts_cached(c, file, ymap_get(m, "file")->pos);
	if (f)
		build_facts(c->d, f, show, title, pos);
}

static void load_columns(lctx *c, const ynode *v, table_spec *ts)
{
	static const char *const keys[] = {"key", "label", "type", "align", "decimals", "width", "lang", NULL};
	static const char *const types[] = {"text", "integer", "decimal", "percent", "date", NULL};
	static const char *const aligns[] = {"left", "right", "center", NULL};
	if (!yis_seq(c->dg, v, "columns"))
		return;
	if (v->n > (size_t)LIMIT_TABLE_COLUMNS) {
		diag_error(c->dg, v->pos, "columns: %zu columns; the limit is %ld (limit table-columns)", v->n, LIMIT_TABLE_COLUMNS);
		return;
	}
	ts->cols = arena_array(c->d->a, v->n ? v->n : 1, sizeof(column));
	for (size_t i = 0; i < v->n; i++) {
		const ynode *m = v->kids[i];
		column *col = &ts->cols[ts->ncols];
		col->align = -1;
		col->decimals = -1;
		col->pos = m->pos;
		if (m->kind == Y_SCALAR) {
			col->key = m->str;
			ts->ncols++;
			continue;
		}
		if (!yis_map(c->dg, m, "columns[]"))
			continue;
		ymap_check(c->dg, m, "column", keys);
		col->key = yneed_str(c->dg, m, "key", "column");
		col->label = text_field(c, m, "label");
		const ynode *x;
		int k;
		if ((x = ymap_get(m, "type")) && (k = yenum(c->dg, x, "type", types)) >= 0)
			col->type = k;
		if ((x = ymap_get(m, "align")) && (k = yenum(c->dg, x, "align", aligns)) >= 0)
			col->align = k == 2 ? ALIGN_CENTER : k;
		double dd;
		if ((x = ymap_get(m, "decimals")) && ynum(c->dg, x, "decimals", &dd)) {
			if (dd < 0 || dd > 6 || dd != (int)dd)
				diag_error(c->dg, x->pos, "decimals: expected a whole number from 0 to 6, got %s", x->str);
			else
				col->decimals = (int)dd;
		}
		if ((x = ymap_get(m, "lang")) && (col->lang = ystr(c->dg, x, "lang")) &&
		    !lang_tag_ok(col->lang, strlen(col->lang))) {
			diag_error(c->dg, x->pos, "lang: expected the language of the column's text, a code such as "
				   "vi, fr or zh-Hant, got '%s'", col->lang);
			col->lang = NULL;
		}
		if ((x = ymap_get(m, "width")) && ynum(c->dg, x, "width", &dd)) {
			if (dd <= 0 || dd > 100)
				diag_error(c->dg, x->pos, "width: expected a relative width above 0 (e.g. 1, 2.5), got %s", x->str);
			else
				col->weight = dd;
		}
		if (col->key)
			ts->ncols++;
	}
}

static void load_total(lctx *c, const ynode *v, table_spec *ts)
{
	static const char *const keys[] = {"label", "columns", NULL};
	bool b;
	if (v->kind == Y_SCALAR) {
		if (ybool(c->dg, v, "total", &b) && b) {
			ts->total = true; /* sum every numeric column */
			ts->total_cols = arena_array(c->d->a, ts->ncols ? ts->ncols : 1, sizeof(char *));
			for (size_t i = 0; i < ts->ncols; i++)
				if (ts->cols[i].type == COL_INTEGER || ts->cols[i].type == COL_DECIMAL)
					ts->total_cols[ts->ntotal++] = ts->cols[i].key;
		}
		return;
	}
	if (!yis_map(c->dg, v, "total"))
		return;
	ymap_check(c->dg, v, "total", keys);
	ts->total = true;
	ts->total_label = yget_str(c->dg, v, "label");
	const ynode *cols = ymap_get(v, "columns");
	if (!cols) {
		diag_error(c->dg, v->pos, "total: missing required key 'columns' (the columns to add up)");
		return;
	}
	if (!yis_seq(c->dg, cols, "columns"))
		return;
	ts->total_cols = arena_array(c->d->a, cols->n ? cols->n : 1, sizeof(char *));
	for (size_t i = 0; i < cols->n; i++) {
		const char *k = ystr(c->dg, cols->kids[i], "columns");
		if (!k)
			continue;
		const column *found = NULL;
		for (size_t j = 0; j < ts->ncols; j++)
			if (strcmp(ts->cols[j].key, k) == 0)
				found = &ts->cols[j];
		if (!found)
			diag_error(c->dg, cols->kids[i]->pos, "total: '%s' is not one of the table's columns", k);
		else if (found->type != COL_INTEGER && found->type != COL_DECIMAL)
			diag_error(c->dg, cols->kids[i]->pos,
				   "total: column '%s' is not numeric; give it type: integer or decimal", k);
		else
			ts->total_cols[ts->ntotal++] = k;
	}
}

static void part_table(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"file", "caption", "columns", "total", "source", "note",
					   "zebra", "group", "subtotals", "fit", "id", "delimiter", "sort", NULL};
	if (!yis_map(c->dg, m, "table"))
		return;
	ymap_check(c->dg, m, "table", keys);
	table_spec ts = {0};
	ts.pos = pos;
	ts.zebra = true;
	const char *file = need_file(c, m, "table");
	ts.caption = text_field(c, m, "caption");
	ts.source = expand_field(c, m, "source");
	ts.note = text_field(c, m, "note");
	const ynode *v;
	if ((v = ymap_get(m, "zebra")))
		ybool(c->dg, v, "zebra", &ts.zebra);
	if ((v = ymap_get(m, "columns")))
		load_columns(c, v, &ts);
	if ((v = ymap_get(m, "total")))
		load_total(c, v, &ts);
	static const char *const fits[] = {"shrink", "landscape", NULL};
	if ((v = ymap_get(m, "fit")))
		ts.landscape = yenum(c->dg, v, "fit", fits) == 1;
	if ((v = ymap_get(m, "group")) && (ts.group = ystr(c->dg, v, "group")))
		ts.group_pos = v->pos;
	if ((v = ymap_get(m, "subtotals"))) {
		ybool(c->dg, v, "subtotals", &ts.subtotals);
		if (ts.subtotals && !ts.group)
			diag_error(c->dg, v->pos, "subtotals: needs 'group: COLUMN' to know where groups end");
		if (ts.subtotals && !ts.total)
			diag_error(c->dg, v->pos, "subtotals: needs 'total:' to know which columns to add up");
	}
	if (!file)
		return;
	int before = c->dg->errors;
	rawtable *rt = load_rawtable_sep(c->d, c->dg, file, ymap_get(m, "file")->pos,
					 load_delimiter(c->dg, m));
	if (!rt || c->dg->errors > before)
		return;
	const char *sort = (v = ymap_get(m, "sort")) ? ystr(c->dg, v, "sort") : NULL;
	if (sort && *sort) { /* "column", or "-column" for descending */
		rt = rawtable_sorted(c->d, c->dg, rt, sort + (*sort == '-'), *sort == '-', doc_lang(c->d), v->pos);
		if (!rt)
			return;
	}
	table *t = build_table(c->d, c->dg, rt, &ts);
	if (!t)
		return;
	block *b = doc_add(c->d, BLK_TABLE, pos);
	b->table = t;
	b->style = ST_TABLE;
	set_label(c, b, m);
}

static void part_article(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"file", "level", NULL};
	const char *file;
	int level = c->seen_section ? 2 : 1;
	srcpos fpos = pos;
	if (m->kind == Y_SCALAR) {
		file = load_path(c->d, c->dg, c->d->dir, vars_expand(c->d, c->dg, m->str, strlen(m->str), text_pos(m)),
				 m->pos);
		fpos = m->pos;
	} else {
		if (!yis_map(c->dg, m, "article"))
			return;
		ymap_check(c->dg, m, "article", keys);
		file = need_file(c, m, "article");
		if (file)
			fpos = ymap_get(m, "file")->pos;
		const ynode *v = ymap_get(m, "level");
		double dd;
		if (v && ynum(c->dg, v, "level", &dd)) {
			if (dd < 1 || dd > 3 || dd != (int)dd)
				diag_error(c->dg, v->pos, "level: expected 1, 2 or 3, got %s", v->str);
			else
				level = (int)dd;
		}
	}
	if (file)
		load_article(c->d, c->dg, file, fpos, level - 1);
}

static void part_text(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"text", NULL};
	const char *t;
	if (m->kind == Y_SCALAR) {
		t = m->str;
		pos = text_pos(m);
	} else {
		if (!yis_map(c->dg, m, "text"))
			return;
		ymap_check(c->dg, m, "text", keys);
		t = yneed_str(c->dg, m, "text", "text");
		if (t)
			pos = text_pos(ymap_get(m, "text"));
	}
	if (t)
		load_markdown_text(c->d, c->dg, vars_expand(c->d, c->dg, t, strlen(t), pos), pos);
}

static void part_chart(lctx *c, const ynode *m, srcpos pos)
{
	chart *ch = load_chart(c->d, c->dg, m, pos);
	if (ch) {
		ch->source = cite_sources_text(c->d, ch->source, pos);
		block *b = doc_add(c->d, BLK_CHART, pos);
		b->chart = ch;
		set_label(c, b, m);
	}
}

/* `- sources` or `- sources: {title: …}`: the place of the Sources list,
 * filled when every other part has been read (load_parts). */
static void part_sources(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"title", NULL};
	if (c->sources_at != (size_t)-1) {
		diag_error(c->dg, pos, "parts: a dossier has only one sources part");
		return;
	}
	c->sources_at = c->d->nblocks;
	c->sources_pos = pos;
	c->sources_title = label_text(c->d->labels, L_SOURCES);
	if (m->kind == Y_MAP) {
		ymap_check(c->dg, m, "sources", keys);
		const char *t = expand_field(c, m, "title");
		if (t)
			c->sources_title = t;
	} else if (m->kind != Y_SCALAR) {
		yis_map(c->dg, m, "sources");
	}
}

static void part_pagebreak(lctx *c, const ynode *m, srcpos pos)
{
	(void)m;
	doc_add(c->d, BLK_PAGEBREAK, pos);
}

/* `- figures` or `- figures: {title: …}`: the list of tables and figures,
 * laid out like the contents. */
static void part_figures(lctx *c, const ynode *m, srcpos pos)
{
	static const char *const keys[] = {"title", NULL};
	block *b = doc_add(c->d, BLK_TOC, pos);
	b->figures_list = true;
	b->toc_title = label_text(c->d->labels, L_FIGURES_LIST);
	b->toc_depth = 1;
	if (m->kind != Y_MAP)
		return;
	ymap_check(c->dg, m, "figures", keys);
	const char *t = expand_field(c, m, "title");
	if (t)
		b->toc_title = t;
}

static const struct {
	const char *name;
	void (*fn)(lctx *, const ynode *, srcpos);
} part_kinds[] = {
	{"cover", part_cover},     {"toc", part_toc},     {"section", part_section},
	{"facts", part_facts},     {"table", part_table}, {"article", part_article},
	{"text", part_text},       {"pagebreak", part_pagebreak}, {"chart", part_chart},
	{"sources", part_sources}, {"figures", part_figures},
};
#define NPART_KINDS (sizeof part_kinds / sizeof part_kinds[0])

/* Index of a label in a hash table of n labels (open addressing, cap a
 * power of two), or of the empty slot where it goes. */
static size_t label_slot(const char *const *tab, size_t cap, const char *l)
{
	size_t h = 1469598103934665603u;
	for (const char *p = l; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (h &= cap - 1; tab[h] && strcmp(tab[h], l); h = (h + 1) & (cap - 1))
		;
	return h;
}

/* Every heading within the title-length limit; every id once; every "#id"
 * link names one (ids in a hash table: linear in the blocks and links). */
static void check_refs(lctx *c)
{
	const doc *d = c->d;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		if (b->kind == BLK_HEADING && b->plain)
			limits_title_check(c->dg, b->pos, "a title or heading", b->plain);
	}
	const char **ids = xcalloc(d->nblocks + 1, sizeof *ids);
	size_t cap = 16;
	while (cap < 2 * d->nblocks)
		cap *= 2;
	const char **tab = xcalloc(cap, sizeof *tab);
	const block **owner = xcalloc(cap, sizeof *owner);
	size_t nid = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		if (!b->label)
			continue;
		size_t h = label_slot(tab, cap, b->label);
		if (tab[h]) {
			diag_error(c->dg, b->label_pos, "id '%s' is given twice (first at line %d of %s)", b->label,
				   owner[h]->label_pos.line, owner[h]->label_pos.file);
		} else {
			tab[h] = b->label;
			owner[h] = b;
		}
		ids[nid++] = b->label;
	}
	ids[nid] = NULL;
	size_t misses = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const block *b = &d->blocks[i];
		for (size_t k = 0; k < b->nspans; k++) {
			const char *l = b->spans[k].link;
			if (!l || l[0] != '#')
				continue;
			if (tab[label_slot(tab, cap, l + 1)])
				continue;
			bool failed = false;
			for (size_t f = 0; f < d->nfailed_ids && !failed; f++)
				failed = !strcmp(d->failed_ids[f], l + 1);
			if (failed)
				continue; /* its part failed, which was reported */
			/* "[](#id)" has nothing to print without its target: an
			 * error; "[text](#id)" reads well without it (an article
			 * used in a dossier that leaves its target out): a warning */
			/* a suggestion costs a look at every id: for the first
			 * misses only, so that many cost their number, not
			 * their number times the ids */
			const char *near = ++misses <= LIMIT_SUGGESTIONS ? diag_nearest(l + 1, ids) : NULL;
			void (*report)(diag *, srcpos, const char *, ...) = b->spans[k].autoref ? diag_error : diag_warning;
			srcpos at = b->link_pos && b->link_pos[k].file ? b->link_pos[k] : b->pos;
			if (near)
				report(c->dg, at, "reference to '%s': no figure, table, chart or heading has that id; did you mean '#%s'?", l, near);
			else if (b->spans[k].autoref)
				report(c->dg, at, "reference to '%s': no figure, table, chart or heading has that id (give one an id: {#…} in Markdown, id: in the layout)", l);
			else
				report(c->dg, at, "reference to '%s': nothing in this dossier has that id; the link text is printed without a link", l);
		}
	}
	free(ids);
	free(tab);
	free(owner);
}

static void load_parts(lctx *c, const ynode *n)
{
	const char *names[NPART_KINDS + 1];
	for (size_t i = 0; i < NPART_KINDS; i++)
		names[i] = part_kinds[i].name;
	names[NPART_KINDS] = NULL;
	if (!yis_seq(c->dg, n, "parts"))
		return;
	if (n->n == 0)
		diag_error(c->dg, n->pos, "parts: the list is empty; a dossier needs at least one part");
	bool cover = false, toc = false;
	/* with a sources part, every citation before or after it is numbered */
	for (size_t i = 0; i < n->n; i++) {
		const ynode *p = n->kids[i];
		if ((p->kind == Y_SCALAR && !strcmp(p->str, "sources")) ||
		    (p->kind == Y_MAP && p->n == 1 && !strcmp(p->kids[0]->str, "sources")))
			c->d->sources_on = true;
	}
	for (size_t i = 0; i < n->n; i++) {
		const ynode *p = n->kids[i];
		const char *kind;
		const ynode *val, *kpos;
		if (p->kind == Y_SCALAR) { /* "- pagebreak", "- toc", "- cover" */
			kind = p->str;
			val = p;
			kpos = p;
			if (strcmp(kind, "pagebreak") && strcmp(kind, "toc") && strcmp(kind, "cover") &&
			    strcmp(kind, "sources") && strcmp(kind, "figures")) {
				diag_error(c->dg, p->pos, "parts[%zu]: '%s' needs its options, e.g. '- %s: {…}'", i, kind, kind);
				continue;
			}
		} else if (p->kind == Y_MAP && p->n == 1) {
			kind = p->kids[0]->str;
			val = p->kids[1];
			kpos = p->kids[0];
		} else {
			diag_error(c->dg, p->pos,
				   "parts[%zu]: expected one part such as '- article: {file: …}', got %s", i,
				   p->kind == Y_MAP ? "a mapping with several keys (indent the options under the part's name)" : "a list");
			continue;
		}
		size_t k;
		for (k = 0; k < NPART_KINDS; k++)
			if (strcmp(kind, part_kinds[k].name) == 0)
				break;
		if (k == NPART_KINDS) {
			const char *near = diag_nearest(kind, names);
			if (near)
				diag_error(c->dg, kpos->pos, "parts[%zu]: unknown part '%s'; did you mean '%s'?", i, kind, near);
			else
				diag_error(c->dg, kpos->pos,
					   "parts[%zu]: unknown part '%s' (expected cover, toc, figures, section, facts, table, chart, article, text, sources or pagebreak)",
					   i, kind);
			continue;
		}
		if (k == 0) {
			if (cover)
				diag_error(c->dg, kpos->pos, "parts[%zu]: a dossier has only one cover", i);
			else if (i != 0)
				diag_error(c->dg, kpos->pos, "parts[%zu]: the cover must be the first part", i);
			cover = true;
		}
		if (k == 1) {
			if (toc)
				diag_error(c->dg, kpos->pos, "parts[%zu]: a dossier has only one table of contents", i);
			toc = true;
		}
		int before = c->dg->errors;
		size_t nb0 = c->d->nblocks;
		part_kinds[k].fn(c, val, kpos->pos);
		if (strcmp(kind, "article") && strcmp(kind, "text")) /* Markdown has had it */
			for (size_t bi = nb0; bi < c->d->nblocks; bi++) /* statistics: as the file has them */
				typo_block(c->d, &c->d->blocks[bi], strcmp(kind, "table") && strcmp(kind, "chart"));
		const ynode *idn = c->dg->errors > before ? ymap_get(val, "id") : NULL;
		if (idn && idn->kind == Y_SCALAR) {
			doc *d = c->d;
			GROW(d->failed_ids, d->failed_ids_cap, d->nfailed_ids + 1);
			d->failed_ids[d->nfailed_ids++] = idn->str;
		}
	}
	if (c->sources_at != (size_t)-1) {
		/* the list goes where the part was: build it at the end, then
		 * rotate it into place */
		doc *d = c->d;
		size_t at = c->sources_at, n0 = d->nblocks;
		build_sources(d, c->sources_title, c->sources_pos);
		size_t nb = d->nblocks - n0;
		for (size_t bi = n0; bi < d->nblocks; bi++)
			typo_block(d, &d->blocks[bi], true);
		if (nb && at < n0) {
			block *tmp = xmalloc(nb * sizeof *tmp);
			memcpy(tmp, d->blocks + n0, nb * sizeof *tmp);
			memmove(d->blocks + at + nb, d->blocks + at, (n0 - at) * sizeof *tmp);
			memcpy(d->blocks + at, tmp, nb * sizeof *tmp);
			free(tmp);
		}
	}
	check_refs(c);
}

doc *load_layout(diag *dg, const char *path)
{
	return load_layout_opts(dg, path, NULL);
}

/* "Copy 3 of 12 · prepared for Name, Title (Delegation)", in the
 * document's language (labels copy-line and copy-for) */
static const char *copy_line(doc *d, const load_opts *o)
{
	char n[32], total[32];
	format_count(n, sizeof n, o->copy_no, doc_lang(d));
	format_count(total, sizeof total, o->copy_total, doc_lang(d));
	const char *copy = label_fmt(d->a, d->labels, L_COPY_LINE, o->copy_total, "n", n, "total", total, NULL);
	if (!o->recipient_name)
		return copy;
	const char *t = o->recipient_title, *g = o->recipient_delegation;
	const char *who = arena_printf(d->a, "%s%s%s%s%s%s", o->recipient_name, t ? ", " : "", t ? t : "",
				       g ? " (" : "", g ? g : "", g ? ")" : "");
	return label_fmt(d->a, d->labels, L_COPY_FOR, 1, "copy", copy, "name", who, NULL);
}

doc *load_layout_opts(diag *dg, const char *path, const load_opts *o)
{
	static const char *const keys[] = {"dossier", "document", "page", "fonts", "styles", "header",
					   "footer", "data", "security", "parts", "labels", "typography", "numbering", "print", NULL};
	doc *d = doc_new();
	d->path = arena_strdup(d->a, path);
	d->dir = path_dir(d->a, path);
	contain_init(d, o ? o->allow_paths : NULL, o ? o->nallow_paths : 0);
	/* A4; a measure of 140 mm: about 75 characters of the body style a
	 * line (60 to 80 read best; docs/layout.md, "page") */
	d->page = (page_setup){595.276, 841.89, 70.87, 70.87, 99.21, 99.21, false, SEC_START_AUTO, false};
	d->header = (running){"{title}", NULL, "{section}"};
	d->footer = (running){NULL, NULL, "Page {page} of {pages}"}; /* the classification has its own marking */
	srcpos none = {NULL, 0, 0};
	ynode *root = yaml_load_file(d->a, dg, d->path, none);
	doc_add_input(d, d->path);
	if (!root)
		return d;
	lctx c = {.d = d, .dg = dg, .sources_at = (size_t)-1};
	if (o) {
		for (size_t i = 0; i < o->nvars; i++)
			vars_set(d, o->var_names[i], o->var_values[i]);
		if (o->recipient_name || o->recipient_title || o->recipient_delegation) {
			/* {{ recipient.title }} of a recipient without one is empty */
			vars_set(d, "recipient.name", o->recipient_name ? o->recipient_name : "");
			vars_set(d, "recipient.title", o->recipient_title ? o->recipient_title : "");
			vars_set(d, "recipient.delegation", o->recipient_delegation ? o->recipient_delegation : "");
		}
	}
	if (!yis_map(dg, root, "layout"))
		return d;
	ymap_check(dg, root, "layout", keys);
	const ynode *v;
	if ((v = ymap_get(root, "dossier"))) {
		double ver;
		if (ynum(dg, v, "dossier", &ver) && ver != 1)
			diag_error(dg, v->pos, "dossier: this is layout format version 1; got version %s", v->str);
	}
	if ((v = ymap_get(root, "document")))
		load_document(&c, v);
	else
		diag_error(dg, root->pos, "layout: missing required key 'document' (with at least a title)");
	if (!d->meta.language)
		d->meta.language = "en";
	/* the words dossier writes itself, in the document's language */
	load_labels(d, dg, ymap_get(root, "labels"));
	load_typography(d, dg, ymap_get(root, "typography"));
	load_numbering(d, dg, ymap_get(root, "numbering"));
	d->footer.right = label_text(d->labels, L_PAGE_OF);
	if (o && o->copy_no > 0)
		d->meta.copy = copy_line(d, o);
	if ((v = ymap_get(root, "page")))
		load_page(&c, v);
	if ((v = ymap_get(root, "print")))
		load_print(&c, v);
	load_fonts(&c, ymap_get(root, "fonts"));
	if ((v = ymap_get(root, "styles")))
		load_styles(&c, v);
	if ((v = ymap_get(root, "header")))
		load_running(&c, v, &d->header, "header");
	if ((v = ymap_get(root, "footer")))
		load_running(&c, v, &d->footer, "footer");
	if ((v = ymap_get(root, "data")))
		load_data(&c, v);
	if ((v = ymap_get(root, "security")))
		load_security(&c, v);
	if ((v = ymap_get(root, "document")) && v->kind == Y_MAP)
		expand_document(&c, v);
	typo_meta(d);
	expand_running(&c, ymap_get(root, "header"), &d->header);
	expand_running(&c, ymap_get(root, "footer"), &d->footer);
	/* a copy is prepared for its recipient, whatever the layout says */
	const char *rname = vars_get(d, "recipient.name");
	if (rname && *rname) {
		const char *rt = vars_get(d, "recipient.title"), *rd = vars_get(d, "recipient.delegation");
		d->meta.prepared_for = arena_printf(d->a, "%s%s%s%s%s%s", rname, rt && *rt ? ", " : "", rt ? rt : "",
						    rd && *rd ? " (" : "", rd ? rd : "", rd && *rd ? ")" : "");
	}
	if ((v = ymap_get(root, "parts")))
		load_parts(&c, v);
	else
		diag_error(dg, root->pos, "layout: missing required key 'parts' (the list of what goes in the dossier)");
	number_doc(d);
	free(c.facts_path);
	free(c.facts_loaded);
	return d;
}
