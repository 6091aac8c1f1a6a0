/* article_imp.h — what the Markdown loader's files share (internal; load.h
 * is the public contract): the md4c context and its parts.
 *
 * Files: load_article.c (entry points, front matter, running md4c),
 * md_blocks.c (blocks and the block callbacks), md_inline.c (inline text,
 * spans and links, the span and text callbacks), md_notes.c (footnotes),
 * md_text.c (positions, entities, UTF-8), md_lang.c (passages in another
 * language: "[…]{lang=xx}", '<span lang="xx">').
 */
#ifndef DOSSIER_ARTICLE_IMP_H
#define DOSSIER_ARTICLE_IMP_H

#include <md4c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "bounds.h"
#include "load.h"
#include "textcheck.h"
#include "vars.h"

#define REPLACEMENT "\xEF\xBF\xBD"
#define MD_FLAGS (MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES | MD_FLAG_PERMISSIVEURLAUTOLINKS)

enum { M_FLOW, M_HEADING, M_CODE, M_TABLE };

/* The longest link target (a URL in a PDF link is one string). */
#define LINK_MAX_BYTES 32768
enum { C_QUOTE, C_UL, C_OL };

/* A run of inline text with one set of flags; its bytes are text.s[start..). */
typedef struct {
	size_t start, len;
	unsigned flags;
	const char *link;
	bool alone;             /* a hard break: kept as a span of its own */
	bool autoref;           /* "[](#id)": text written by layout */
	srcpos link_pos;        /* the link's '[' in the source */
} piece;

/* Bytes text[off..off+len) of the gathered text are src[0..len) of the
 * Markdown source, verbatim (plain text, not an entity or a break). */
typedef struct {
	size_t off, len;
	const char *src;
} chunk;

/* Inline text gathered since the last block boundary. */
typedef struct {
	buf text;               /* raw bytes, NFC-normalised when taken */
	piece *v;
	size_t n, cap;
	chunk *ch;              /* where the text came from, for footnote references */
	size_t nch, chcap;
	srcpos pos;             /* of the first text */
	bool has_pos;
} inl;

typedef struct {
	char kind;              /* C_* */
	unsigned next;          /* ordered list: number of the next item */
	const char *pending;    /* list: the open item's marker, until a block takes it */
	unsigned id;            /* container.id */
} cont;

typedef struct {
	table_builder b;
	table *t;               /* NULL: no table (too many columns) */
	bool open;              /* b is to be ended */
	const char **row;       /* the body row being read (arena) */
	unsigned ncols;
	unsigned col;           /* column of the next cell in the row */
	bool head;              /* inside the header row */
	bool full;              /* LIMIT_TABLE_ROWS reached: rows dropped */
	srcpos pos;
	bool has_pos;
} tbuild;

typedef struct {
	size_t off;
	int line, col;
} scanpos;

/* A footnote definition of this article (or text part). */
typedef struct {
	const char *key;        /* label, case-folded: what references match */
	const char *label;      /* as written */
	const char *text;       /* its Markdown, continuation lines joined */
	srcpos pos;
	int number;             /* 0 until first referenced */
	bool seen;              /* referenced, even if wrongly (no second message) */
} fndef;

/* Longest footnote label, as CommonMark's link labels (999 characters). */
#define FN_LABEL_MAX 999

typedef struct mdctx {
	doc *d;
	diag *dg;
	const char *path;       /* for positions */
	const char *dir;        /* images are relative to this */
	const char *lang;       /* the article's language: (NULL: the document's) */
	const char *text;       /* whole file, for positions; NULL: all at 'last' */
	size_t len;
	int shift;              /* added to every heading level */
	srcpos last;            /* position of the latest text seen */
	scanpos scan;
	int mode;               /* M_* */
	int heading;            /* md4c level of the open heading */
	inl in;
	int em, strong, code;   /* open inline spans */
	const char *link;
	size_t link_text0;      /* text length when the open link began */
	srcpos link_pos;        /* where the open link begins ('[') */
	srcpos piece_link_pos;  /* the link_pos of the piece being split into spans */
	srcpos *outpos;         /* the link position of each span of out */
	size_t outposcap;
	srcpos *taken_pos;      /* of the spans inl_take gave last; NULL: no link */
	block *labelled;        /* the image just ended: "{#id}" may follow */
	bool failed_image;      /* the image just ended failed: its "{#id}" is dropped */
	cont stack[LIMIT_MD_NESTING_MAX];
	unsigned nconts;        /* containers opened so far: their ids */
	int depth, lists, overflow;
	int nest_kind;          /* container that overflowed, -1 when reported */
	bool nest_seen;
	int img;                /* open image spans (flow mode only) */
	buf alt;
	const char *img_src, *img_title;
	srcpos img_pos;
	const char *alt_src;    /* where its caption's text starts in the source */
	srcpos alt_pos;
	buf code_text;
	tbuild tb;
	const char *md;         /* the Markdown md4c parses, for escapes */
	size_t mdlen;
	fndef *defs;            /* footnote definitions (heap) */
	size_t ndefs, defcap;
	scanpos rscan;          /* positions of footnote references */
	span *out;              /* spans being taken (heap scratch) */
	size_t nout, outcap;
	bool in_note;           /* parsing a footnote's own text */
	struct mdctx *parent;   /* in_note: the article's context */
	span *note_sp;          /* in_note: the note's spans so far (heap) */
	size_t note_n, note_cap;
	/* passages in another language (md_lang.c): per byte of the gathered
	 * text, 0 (the block's language), LANG_CUT (markup, dropped) or 1 + the
	 * index of its innermost range in lr; NULL when the paragraph has none */
	uint32_t *lab;
	size_t labcap;
	struct lang_range *lr;
	size_t nlr, lrcap;
	const char *cur_lang;   /* of the spans out_span makes */
	bool cur_name;          /* and they are a name ({.name lang=…}) */
	int lang_warned;        /* warnings about span markup so far */
} mdctx;

/* A passage in another language: its tag and whether it is also a name. */
struct lang_range {
	const char *lang;
	bool name;
};
#define LANG_CUT UINT32_MAX

/* md_text.c */
void scan_to(scanpos *s, const char *text, size_t off);
void report_nesting(mdctx *c);
void note_ptr(mdctx *c, const char *p);
bool entity_ok(mdctx *c, const char *s, size_t n);
void put_text(buf *b, MD_TEXTTYPE t, const char *s, size_t n);
const char *attr_str(mdctx *c, const MD_ATTRIBUTE *at);

/* md_lang.c */
bool lang_spans(mdctx *c, size_t lo, size_t hi);
srcpos source_pos(mdctx *c, const char *src);
const char *source_of(const inl *in, size_t off);
bool escaped(const mdctx *c, const char *src);

/* md_inline.c */
void inl_reset(inl *in);
bool is_space(char ch);
size_t label_len(const char *s, size_t n);
size_t inl_take(mdctx *c, span **out);
const char *buf_take_plain(mdctx *c, buf *b);
const char *inl_take_cell(mdctx *c);
int enter_span(MD_SPANTYPE type, void *det, void *ud);
int leave_span(MD_SPANTYPE type, void *det, void *ud);
int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud);

/* md_blocks.c */
void flush_para(mdctx *c);
int heading_style(int level);
size_t image_attr(mdctx *c, block *b, const char *s, size_t n);
void begin_image(mdctx *c, const MD_SPAN_IMG_DETAIL *det);
void end_image(mdctx *c);
int enter_block(MD_BLOCKTYPE type, void *det, void *ud);
int leave_block(MD_BLOCKTYPE type, void *det, void *ud);

/* md_notes.c */
void add_reference(mdctx *c, const char *label, size_t n, const char *src, unsigned flags);
void take_definitions(mdctx *c, char *s, size_t n, int line);
void cell_references(mdctx *c, const char *text, srcpos pos);
void unreferenced_notes(mdctx *c);

/* load_article.c */
void mdctx_init(mdctx *c, doc *d, diag *dg, srcpos pos, const char *dir);
void mdctx_free(mdctx *c);
void parse_markdown(mdctx *c, const char *s, size_t n);

#endif
