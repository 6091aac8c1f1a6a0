/* model.h — the document model: what the loaders give and layout takes.
 *
 * A doc is a flat, ordered list of blocks (headings, paragraphs, list items,
 * tables, images, page breaks, cover, table of contents), plus the document's
 * metadata, page set-up, fonts and styles. Facts and statistics are already
 * turned into blocks and formatted text here, so layout never needs to know
 * where a table came from. Everything lives in doc->arena; doc_free() is the
 * one call that releases it.
 *
 * Every block keeps the source position of the input that produced it, so a
 * problem found in layout (a glyph missing from every font, an image too
 * large) still points at the line that asked for it.
 */
#ifndef DOSSIER_MODEL_H
#define DOSSIER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "locale.h"
#include "util.h"

/* ---- fonts and styles ---- */
enum { FACE_REGULAR = 0, FACE_BOLD = 1, FACE_ITALIC = 2, FACE_BOLDITALIC = 3 };
enum { FAM_BODY = 0, FAM_HEADING = 1, FAM_MONO = 2, FAM_MAX = 3 };
#define MAX_FALLBACKS 4

/* Path operations, as charts, SVG images and the layout give them and the
 * renderer draws them: PATH_MOVE x y, PATH_LINE x y, PATH_CURVE x1 y1 x2 y2
 * x3 y3, PATH_CLOSE, each operation a double followed by its coordinates. */
enum { PATH_MOVE = 1, PATH_LINE = 2, PATH_CURVE = 3, PATH_CLOSE = 4 };

typedef struct {
	const char *name;       /* family name, e.g. "NotoSerif" */
	const char *path[4];    /* font file per face (FACE_*): .ttf, .otf or .ttc */
	double scale;           /* fallback: size relative to the text's (0 = 1) */
	srcpos pos;
	const char *face;       /* in a collection (.ttc): the face's number or the
				 * last word of its family name ("SC"); NULL: 0 */
} font_family;

enum { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER, ALIGN_JUSTIFY };

typedef struct style {
	const char *name;
	int family;             /* FAM_* */
	int face;               /* FACE_* */
	double size, leading;   /* points */
	double space_before, space_after;
	double first_indent;    /* first-line indent */
	double left_indent;
	int align;              /* ALIGN_* */
	uint32_t color;         /* 0xRRGGBB */
	bool keep_with_next;
	bool page_break_before;
	bool hyphenate;
	bool ligatures;         /* standard ligatures (fi, fl) in left-to-right text */
	/* What layout draws for the style besides its text (docs/layout.md,
	 * "What a style draws"); 0xRRGGBB, widths in points. */
	uint32_t background;    /* fill behind it: table header row, code, cover band */
	uint32_t rule_color;    /* its rule or bar: under h1, beside quotes, under
				 * table rows, above notes, by running lines, leaders */
	double rule_width;      /* that rule's thickness */
	uint32_t zebra;         /* table: fill of every other body row */
	uint32_t accent;        /* list markers, a table's group and key cells and
				 * total rule, the cover's accent bar and band text */
	uint32_t link_color;    /* the text of a link */
	uint32_t total_bg;      /* table: fills of total, group and subtotal rows */
	uint32_t group_bg;
	uint32_t subtotal_bg;
} style;

/* The built-in styles; a layout's styles: map overrides fields of these. */
enum {
	ST_BODY, ST_H1, ST_H2, ST_H3, ST_H4, ST_TITLE, ST_SUBTITLE, ST_COVER_META,
	ST_QUOTE, ST_CODE, ST_LIST, ST_CAPTION, ST_SOURCE, ST_TABLE, ST_TABLE_HEAD,
	ST_TOC_TITLE, ST_TOC1, ST_TOC2, ST_TOC3, ST_HEADER, ST_FOOTER, ST_BYLINE,
	ST_FACT_LABEL, ST_FACT_VALUE, ST_CLASSIFICATION, ST_FOOTNOTE,
	ST_COUNT
};
extern const char *const style_names[ST_COUNT + 1]; /* NULL-terminated */

/* ---- inline text ---- */
/* SPAN_NOTE: a footnote reference; its text is the number ("3", or ",3"
 * right after another reference), set as a superscript. */
enum { SPAN_BOLD = 1, SPAN_ITALIC = 2, SPAN_CODE = 4, SPAN_NOTE = 8 };
typedef struct {
	const char *text;       /* NFC UTF-8, NUL-terminated */
	size_t len;
	unsigned flags;         /* SPAN_* */
	const char *link;       /* URI, "#id" for a cross-reference, or NULL */
	bool nobreak_hyphen;    /* names: never hyphenate */
	bool autoref;           /* "[](#id)": layout writes "Figure 3 on page 12" */
	int note;               /* SPAN_NOTE: the footnote's number (1-based) */
	const char *lang;       /* a passage in another language ("[…]{lang=ru}",
				 * '<span lang="ru">'): its BCP 47 tag; NULL: the
				 * block's language */
} span;

/* ---- footnotes ----
 * Numbered per dossier, 1, 2, 3 … in document order of first reference;
 * doc->notes[n - 1] is note n. Layout sets it at the foot of the page where
 * the line holding its first reference lands. */
typedef struct {
	int number;
	const char *label;      /* as written in the article, for messages */
	span *spans;
	size_t nspans;
	srcpos pos;             /* of the definition */
} footnote;

/* ---- tables ---- */
enum { COL_TEXT, COL_INTEGER, COL_DECIMAL, COL_PERCENT, COL_DATE };
enum { ROW_BODY, ROW_TOTAL, ROW_GROUP, ROW_SUBTOTAL };

typedef struct {
	const char *key;        /* source column key */
	const char *label;      /* header text */
	int type;               /* COL_* */
	int align;              /* ALIGN_* (defaults by type) */
	int decimals;
	double weight;          /* relative width; 0 = from content */
	const char *lang;       /* its cells' language (lang:), or NULL: the table's */
	srcpos pos;
} column;

typedef struct table {
	const char *caption;
	const char *source;     /* "Source: …" line under the table */
	const char *note;
	column *cols;
	size_t ncols;
	const char **cells;     /* nrows * ncols formatted strings (row-major) */
	unsigned char *rowkind; /* ROW_* per row */
	size_t nrows;
	bool header;            /* draw a header row */
	bool keyvalue;          /* facts panel: label column bold, shaded */
	bool zebra;
	bool landscape;         /* set on pages of its own, turned sideways */
	srcpos pos;
} table;

/* Building a table row by row — the one way every loader makes one.
 * table_begin: an empty table of ncols columns (zeroed, in the arena; fill
 * t->cols or use table_column). table_add_row: append a copy of ncols cell
 * pointers (NULL: an empty cell) with the row's kind (ROW_*). Rows grow on
 * the heap until table_end moves them into the arena and returns the
 * table (nrows may be 0). Every table_begin is ended by table_end. */
typedef struct {
	arena *a;
	table *t;
	const char **cells;
	unsigned char *kinds;
	size_t cap;
} table_builder;
table *table_begin(table_builder *tb, arena *a, srcpos pos, size_t ncols);
/* Column i: its label, type (COL_*), alignment by type, and width weight. */
void table_column(table_builder *tb, size_t i, const char *label, int type, double weight);
void table_add_row(table_builder *tb, const char *const *cells, int kind);
table *table_end(table_builder *tb);

/* ---- images ---- */
enum { IMG_CENTER, IMG_LEFT, IMG_RIGHT };
enum { COVER_IMG_TITLE, COVER_IMG_TOP, COVER_IMG_BAND };

/* One filled or stroked path of an SVG image, in the SVG's pixels (origin
 * top-left, y down); ops as PATH_* in layout.h. */
enum { SVG_CLIP_NEXT = 5 }; /* in svg_shape.clip: ends one clip path */

typedef struct svg_shape {
	const double *ops;
	uint32_t n;
	const double *clip;     /* clip paths, each ended by SVG_CLIP_NEXT; the
	                           shape shows where all of them overlap */
	uint32_t nclip;
	bool fill;
	uint32_t color;         /* 0xRRGGBB, fill or stroke */
	float alpha;            /* 0..1 */
	float lw;               /* stroke width in SVG pixels */
} svg_shape;

typedef struct image {
	const char *path;
	int width, height;      /* pixels */
	int is_jpeg;
	unsigned char *jpeg;    /* JPEG: the file, read once (the PDF embeds it) */
	size_t jpeg_len;
	unsigned char *rgb;     /* PNG: w*h*3, un-premultiplied */
	unsigned char *alpha;   /* PNG: w*h or NULL when opaque */
	double dpi;             /* 0 = unknown */
	srcpos pos;
	unsigned long long dev, ino; /* the file, so that its uses share one image */
	bool is_svg;            /* SVG: drawn as the paths below, never as pixels */
	double svg_w, svg_h;    /* SVG: its size in CSS pixels (1/96 in) */
	svg_shape *svg;
	size_t nsvg;
} image;

/* ---- charts (drawn by chart.c, data from statistics or facts) ---- */
enum {
	CHART_BAR,       /* vertical bars, one or more series side by side */
	CHART_HBAR,      /* horizontal bars */
	CHART_STACKED,   /* vertical stacked bars */
	CHART_HSTACKED,  /* horizontal stacked bars */
	CHART_LINE,      /* one line per series */
	CHART_PIE,
	CHART_DONUT,
	CHART_TIMELINE,  /* dated events and spans */
};

/* A value given as a bound ("more than 80"): drawn with an open end and
 * labelled ">80", never as a plain 80. */
enum { CHART_EXACT = 0, CHART_MORE = 1, CHART_LESS = -1 };

typedef struct {
	const char *name;
	double *values;         /* ncat values; NAN = missing */
	signed char *bounds;    /* ncat CHART_EXACT/MORE/LESS; NULL = all exact */
} chart_series;

typedef struct {
	const char *label;
	const char *start, *end; /* ISO dates; end NULL for a single day */
	const char *note;
	bool highlight;
} chart_event;

typedef struct chart {
	int type;               /* CHART_* */
	const char *title, *subtitle, *x_label, *y_label, *source, *note;
	const char **categories; /* ncat category labels */
	size_t ncat;
	chart_series *series;
	size_t nseries;
	chart_event *events;    /* timeline */
	size_t nevents;
	double y_min, y_max;    /* NAN = automatic */
	const char *unit;       /* appended to value labels, e.g. "%" */
	bool value_labels, legend, greyscale;
	double height;          /* points; 0 = automatic */
	const char *language;   /* number and date formatting */
	const char *source_label; /* "Source: {source}" in the document's language (labels.h) */
	const char *description; /* its text alternative (tagged PDF), or NULL: made from the data */
	srcpos pos;
} chart;

/* ---- blocks ---- */
typedef enum {
	BLK_HEADING,    /* level 1..4; in TOC and outline when toc=true */
	BLK_PARA,       /* paragraph, list item (marker), quote (indent) */
	BLK_CODE,       /* preformatted lines */
	BLK_TABLE,
	BLK_IMAGE,      /* image + caption + credit */
	BLK_RULE,
	BLK_PAGEBREAK,
	BLK_COVER,
	BLK_TOC,
	BLK_SPACE,      /* vertical space of `space` points */
	BLK_CHART,      /* a chart with its title, legend and source line */
} block_kind;

/* The Markdown containers a block sits in, outermost first: block quotes
 * (indent and bar) and list items (indent, and the item's marker on the
 * first line of the item's first block). Layout draws them for every block
 * kind. */
enum { CONT_QUOTE, CONT_ITEM };
typedef struct {
	int kind;               /* CONT_* */
	const char *marker;     /* CONT_ITEM: "•", "3.", on the item's first block; else NULL */
	unsigned id;            /* the same for every block in one container */
} container;

typedef struct block {
	block_kind kind;
	srcpos pos;
	int style;              /* ST_* */
	int level;              /* heading level; list depth */
	double indent;          /* extra left indent, points */
	const char *marker;     /* list marker: "•", "3." (blocks not from Markdown) */
	const container *cont;  /* Markdown containers, outermost first */
	size_t ncont;
	span *spans;
	size_t nspans;
	srcpos *link_pos;       /* per span: where its link starts ('['); NULL when unknown */
	bool toc;               /* heading: listed in TOC and bookmarks */
	bool new_page;          /* heading/part: start on a new page */
	bool keep_with_next;
	const char *caption;    /* image caption */
	const char *credit;     /* image credit */
	double space;           /* BLK_SPACE height */
	table *table;
	image *image;
	double img_w, img_h;    /* image: width/height asked for, points; 0 = not given */
	int img_align;          /* image: IMG_CENTER, IMG_LEFT, IMG_RIGHT */
	int img_place;          /* cover image: COVER_IMG_TITLE, _TOP, _BAND */
	chart *chart;
	const char *plain;      /* heading: plain text for TOC/outline/header */
	int toc_depth;          /* BLK_TOC */
	const char *toc_title;
	const char *label;      /* id a cross-reference names ("fig:kyoto"), or NULL */
	srcpos label_pos;
	const char *number;     /* numbering: (doc_numbering): a heading's "1.2",
				 * "A.1"; a table's "Table 2", a chart's or an
				 * image's "Figure 3"; NULL: not numbered */
	bool annex;             /* section: an annex (Annex A, its headings A.1) */
	bool figures_list;      /* BLK_TOC: the list of tables and figures */
	const char *lang;       /* language of the text (an article's language:),
				 * or NULL for the document's: hyphenation,
				 * line breaking, right-to-left (ar, fa, he, ur) */
} block;

/* ---- document ---- */
/* A layout's security: (load_layout.c, render_pdf.c). The passwords are
 * read from the environment or from files at load time, never from the
 * layout; doc_free wipes them. */
typedef struct {
	bool on;
	char *user_pw, *owner_pw;  /* malloc'ed; user_pw may be "" (no open password) */
	const char *pw_file[2];    /* the password files read (user, owner), or NULL:
				    * inputs the output must not be (output_check) */
	bool print, copy, modify;
	srcpos pos;
} doc_security;

typedef struct {
	const char *title, *subtitle, *author, *subject, *keywords;
	const char *short_title;   /* the running heads' {title}, or NULL: the title */
	const char *date;          /* YYYY-MM-DD */
	const char *language;      /* BCP 47, e.g. "en", "vi" */
	const char *prepared_for, *organisation, *classification;
	const char *copy;          /* "Copy 3 of 12 · prepared for …", numbered copies */
	bool greyscale;            /* print: greyscale — the default for every chart */
	srcpos pos;
} doc_meta;

typedef struct {
	double width, height;      /* points */
	double top, bottom, inside, outside;
	bool duplex;               /* mirror margins on even pages */
	int section_start;         /* SEC_START_*: where a section's first heading goes */
	bool mark_blank;           /* a page left blank says so */
} page_setup;

/* page: section-start: AUTO, a new page unless the page so far is less
 * than 40% full (then the section runs on: no near-empty page); NEW_PAGE,
 * always a new page; RECTO, a new right-hand page (duplex: a blank verso
 * before it when needed); CONTINUE, no break. */
enum { SEC_START_AUTO = 0, SEC_START_NEW_PAGE, SEC_START_RECTO, SEC_START_CONTINUE };

/* print: — for whom the PDF is made (docs/print.md). SCREEN: as before,
 * RGB, nothing kept from the edges; OFFICE: an office printer, sRGB, text in
 * pure black, every mark inside the safe area; PRESS: a print shop, colours
 * as CMYK, text in pure K, full-bleed elements into the bleed, TrimBox and
 * BleedBox on every page, crop marks when asked. */
enum { PRINT_SCREEN = 0, PRINT_OFFICE, PRINT_PRESS };
typedef struct {
	int profile;               /* PRINT_* */
	double bleed;              /* press: points past the trim (default 3 mm) */
	double safe;               /* office and press: no mark nearer the trim (8 mm) */
	bool crop_marks;           /* press: trim marks outside the bleed */
	srcpos pos;
} doc_print;

typedef struct {
	const char *left, *center, *right; /* templates: {title} {section} {page} {pages} ... */
} running;

/* One entry of the dossier's Sources list (the `sources` part). */
typedef struct {
	const char *key;           /* identity: the short citation text (known: the id) */
	const char *cite;          /* known sources: the short citation text */
	const char *title, *author, *publisher, *date, *url; /* from a facts file; else NULL */
	srcpos pos;                /* first citation */
} doc_source;

/* typography: — typography by language, applied to text as it is loaded
 * (typo.h, docs/typography.md). */
typedef struct {
	bool quotes;             /* curly quotes and apostrophes (default on) */
	bool french_spacing;     /* spaces before ; : ! ? (default: on for fr) */
	bool nobreak;            /* no-break spaces in dates, units, phones, phrases (on) */
	bool dashes;             /* -- and --- as dashes (default off) */
	bool keep_capitals;      /* capitalised words are not hyphenated (the loader's
				  * default; typography: hyphenate-capitalised: true clears it) */
	const char **phrases;    /* kept on one line, NULL-terminated; may be NULL */
	const char **units;      /* more units than the built-in ones; may be NULL */
} doc_typography;

/* numbering: — numbered headings and exhibits, page labels
 * (numbering.c in the load stage, docs/layout.md#numbering). */
typedef struct {
	bool headings;           /* 1, 1.1, 1.1.1 (annexes: A, A.1) */
	bool exhibits;           /* Table 2, Figure 3: one caption style, above */
	bool roman_front;        /* pages before the first section: i, ii…; then 1 */
} doc_numbering;

/* document: linebreak: — how paragraphs are broken into lines. OPTIMAL:
 * total fit (Knuth and Plass), for justified and ragged text alike; GREEDY:
 * first fit, line by line (as ReportLab and WeasyPrint do), for comparison. */
enum { DOC_BREAK_OPTIMAL = 0, DOC_BREAK_GREEDY = 1 };

typedef struct doc {
	arena *a;
	struct labelset *labels;   /* the words dossier writes (labels.h); NULL: English */
	const char *path;          /* layout file */
	const char *dir;           /* its directory */
	doc_meta meta;
	page_setup page;
	doc_print print;           /* print: (profile, bleed, safe area, crop marks) */
	font_family fam[FAM_MAX];
	font_family fallback[MAX_FALLBACKS];
	int nfallback;
	bool kerning;              /* fonts: kerning (default on) */
	/* the Sources list: on when the layout has a `sources` part; every
	 * source cited is numbered in order of first citation */
	bool sources_on;
	doc_source *sources;
	size_t nsources, sources_cap;
	/* the sources of every facts file read, by id: a table's or chart's
	 * source may name one ("source: unis-2021-03-12") */
	doc_source *known;
	size_t nknown, known_cap;
	style styles[ST_COUNT];
	running header, footer;
	const image *header_logo;  /* header: logo: at the header's left end, or NULL */
	double header_logo_h;      /* its height, points */
	doc_security security;
	int linebreak;             /* DOC_BREAK_* (0 = optimal) */
	bool tagged;               /* document: tagged: a tagged PDF (default on) */
	bool strict_access;        /* document: accessibility: strict — an image
				    * without a text alternative is an error */
	bool access_warned;        /* an accessibility warning was given: the
				    * PDF claims no PDF/UA conformance */
	/* warnings about passage markup in YAML and CSV text (text_lang.c):
	 * how many so far in the file named (the first few are shown) */
	const char *lang_warn_file;
	int lang_warned;
	doc_typography typo;       /* typography: (set by the loader) */
	doc_numbering numbering;   /* numbering: (set by the loader) */
	block *blocks;
	size_t nblocks, cap;
	footnote *notes;           /* note n is notes[n - 1] */
	size_t nnotes, notes_cap;
	struct vars_state *vars;   /* data sources for {{ }} text (vars.c) */
	/* path containment (contain.c): on when contain is set */
	bool contain;
	const char *root;          /* the project root, resolved */
	const char *root_shown;    /* the same as the user named it, for messages */
	const char **allow;        /* --allow-path directories, resolved */
	size_t nallow;
	const char **inputs;       /* every file read, for `dossier deps` */
	size_t ninputs, inputs_cap;
	image **images;            /* every image loaded, once per file (load_image) */
	size_t nimages, images_cap;
	long long image_pixels;    /* pixels of the PNGs decoded (limit image-memory) */
	/* ids of figures, tables and charts that failed to load (reported):
	 * references to them are not reported again */
	const char **failed_ids;
	size_t nfailed_ids, failed_ids_cap;
	struct table_loaded *tables; /* tables read, once per file (load_table.c) */
	size_t ntables, tables_cap;
} doc;

doc *doc_new(void);
void doc_free(doc *d);                 /* accepts NULL */
block *doc_add(doc *d, block_kind k, srcpos pos); /* zeroed block appended */
void doc_add_input(doc *d, const char *path);
/* Install the built-in styles (called by doc_new). */
void style_defaults(doc *d);
/* Look a style up by name; -1 when unknown. */
int style_lookup(const char *name);

/* The printed size of an image, points: want_w/want_h as asked (0 = not
 * given; one given keeps the image's proportions), else its own size from its
 * resolution (96 dpi when it has none); then scaled down, proportions kept, to
 * fit max_w × max_h. */
void image_size(const image *im, double want_w, double want_h, double max_w, double max_h,
		double *w, double *h);

/* The document's language, "en" when the layout gives none. */
const char *doc_lang(const doc *d);

/* Add the next footnote (numbered nnotes + 1); returns it, zeroed but for
 * its number. */
footnote *doc_add_note(doc *d);

/* Concatenate the spans' text into a plain arena string (footnote
 * references are left out). */
char *spans_plain(arena *a, const span *s, size_t n);

#endif
