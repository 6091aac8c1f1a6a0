/* load_article.c — Markdown articles (YAML front matter + CommonMark body)
 * and a layout's inline Markdown text → blocks.
 *
 * md4c is a push parser: it calls back on entering and leaving blocks and
 * spans, and hands text in pieces. The callbacks below keep one context:
 * the container stack (lists and block quotes), the inline text gathered
 * since the last block boundary, and the table or image being built. Inline
 * text is turned into a paragraph at every block boundary, which is what
 * makes tight lists work: md4c sends their text straight inside the list
 * item, with no paragraph around it.
 *
 * md4c reports no source positions. It does pass pointers into the text it
 * parses, so the position of a block is that of its first piece of text.
 *
 * Footnotes. md4c 0.4.8 has no footnote extension, so they are found here,
 * in two steps. Before md4c runs, the definitions ("[^label]: text" at the
 * start of a line, outside fenced code, with indented or lazy continuation
 * lines, as GitHub writes them) are taken out of a copy of the text and
 * replaced by spaces, so md4c sees blank lines and every other position
 * stays put. References ("[^label]") are then found in the inline text md4c
 * hands over, which is already outside code spans and code blocks; a '['
 * escaped in the source ("\[^1]") is told by the backslashes before it
 * there. The first reference to a note numbers it (per dossier) and parses
 * its text, with md4c again, into spans.
 */
#include <errno.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
	column *cols;
	unsigned ncols;
	const char **cells;     /* heap array of arena strings */
	size_t ncells, cap;
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
} mdctx;

/* ---- positions ---- */

static void scan_to(scanpos *s, const char *text, size_t off)
{
	if (off < s->off)
		*s = (scanpos){0, 1, 1};
	for (size_t i = s->off; i < off; i++) {
		if (text[i] == '\n') {
			s->line++;
			s->col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			s->col++;
		}
	}
	s->off = off;
}

static void report_nesting(mdctx *c)
{
	if (c->nest_kind < 0)
		return;
	if (c->nest_kind == C_QUOTE)
		diag_error(c->dg, c->last, "block quotes nested more than %ld levels deep (limit md-nesting)",
			   LIMIT_MD_NESTING);
	else
		diag_error(c->dg, c->last, "lists nested more than %ld levels deep (limit md-nesting)", LIMIT_MD_NESTING);
	c->nest_kind = -1;
}

/* Pointers only move forward in practice, so the running scan keeps this
 * O(n) over the file; a pointer outside the text (md4c's own buffers) keeps
 * the last position. */
static void note_ptr(mdctx *c, const char *p)
{
	if (c->text) {
		uintptr_t lo = (uintptr_t)c->text, at = (uintptr_t)p;
		if (at >= lo && at <= lo + c->len) {
			scan_to(&c->scan, c->text, at - lo);
			c->last = (srcpos){c->path, c->scan.line, c->scan.col};
		}
	}
	report_nesting(c); /* deferred until the deep container's first text */
}

/* ---- text pieces: entities and UTF-8 ---- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "&#233;" or "&#xE9;"; CommonMark turns NUL, surrogates and out-of-range
 * values into U+FFFD. */
static uint32_t numeric_entity(const char *s, size_t n)
{
	bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
	unsigned base = hex ? 16 : 10;
	uint32_t v = 0;
	for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
		int dv = hexval(s[i]);
		if (dv < 0 || (unsigned)dv >= base)
			return 0xFFFD;
		v = v * base + (unsigned)dv;
		if (v > 0x10FFFF)
			return 0xFFFD;
	}
	if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	return v;
}

static const struct {
	const char *name, *utf8;
} named_entities[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", "\xC2\xA0"}, {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
	{"hellip", "\xE2\x80\xA6"}, {"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"},
	{"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}, {"laquo", "\xC2\xAB"},
	{"raquo", "\xC2\xBB"}, {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
	{"middot", "\xC2\xB7"}, {"bull", "\xE2\x80\xA2"}, {"deg", "\xC2\xB0"}, {"times", "\xC3\x97"},
	{"euro", "\xE2\x82\xAC"}, {"sect", "\xC2\xA7"}, {"shy", "\xC2\xAD"},
	{"thinsp", "\xE2\x80\x89"},
};

/* s[0..n) is "&...;" as md4c recognised it; unknown names stay verbatim. */
static void put_entity(buf *b, const char *s, size_t n)
{
	if (n >= 4 && s[1] == '#') {
		uint32_t v = numeric_entity(s, n);
		/* a line feed, tab or other white space written as a reference
		 * is a space, as in HTML: only a hard break ends a line ('\n'
		 * in span text means one) */
		if (v == '\n' || v == '\r' || v == '\t' || v == '\f' || v == '\v')
			v = ' ';
		buf_put_utf8(b, v);
		return;
	}
	for (size_t i = 0; n > 2 && i < sizeof named_entities / sizeof named_entities[0]; i++) {
		const char *name = named_entities[i].name;
		if (strlen(name) == n - 2 && memcmp(name, s + 1, n - 2) == 0) {
			buf_puts(b, named_entities[i].utf8);
			return;
		}
	}
	buf_put(b, s, n);
}

/* A numeric entity that names a character text may not hold ("&#x1B;",
 * "&#xFFFF;", "&#xD800;") is an error at the entity. */
static bool entity_ok(mdctx *c, const char *s, size_t n)
{
	if (n < 4 || s[1] != '#')
		return true;
	bool hex = s[2] == 'x' || s[2] == 'X';
	uint32_t v = 0;
	for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
		int dv = hexval(s[i]);
		if (dv < 0 || dv >= (hex ? 16 : 10) || v > 0x10FFFF)
			return true; /* CommonMark's U+FFFD */
		v = v * (hex ? 16u : 10u) + (uint32_t)dv;
	}
	if (v == 0 || v > 0x10FFFF)
		return true;
	if (v == '\r' || v == '\f' || v == '\v')
		return true; /* white space: put_entity writes a space */
	char why[96];
	if (!text_char_problem(v, 0, why, sizeof why))
		return true;
	text_report(c->dg, c->last, v, 0);
	return false;
}

static void put_text(buf *b, MD_TEXTTYPE t, const char *s, size_t n)
{
	switch (t) {
	case MD_TEXT_NULLCHAR:
		buf_puts(b, REPLACEMENT);
		break;
	case MD_TEXT_BR:
		buf_putc(b, '\n'); /* layout breaks the line at '\n' */
		break;
	case MD_TEXT_SOFTBR:
		buf_putc(b, ' ');
		break;
	case MD_TEXT_ENTITY:
		put_entity(b, s, n);
		break;
	default:
		buf_put(b, s, n);
		break;
	}
}

/* An attribute (link target, image source or title) as an arena string;
 * NULL when empty. */
static const char *attr_str(mdctx *c, const MD_ATTRIBUTE *at)
{
	if (!at->text || at->size == 0)
		return NULL;
	buf b = {0};
	for (int i = 0; at->substr_offsets[i] < at->size; i++) {
		MD_OFFSET o = at->substr_offsets[i];
		if (at->substr_types[i] == MD_TEXT_ENTITY &&
		    !entity_ok(c, at->text + o, at->substr_offsets[i + 1] - o))
			continue;
		put_text(&b, at->substr_types[i], at->text + o, at->substr_offsets[i + 1] - o);
	}
	const char *s = utf8_nfc(c->d->a, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

/* ---- gathering inline text ---- */

static bool same_link(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static unsigned span_flags(const mdctx *c)
{
	return (c->em ? SPAN_ITALIC : 0) | (c->strong ? SPAN_BOLD : 0) | (c->code ? SPAN_CODE : 0);
}

/* Append to the last piece when it looks the same: fewer, longer spans, and
 * NFC sees a base letter and its combining marks together. */
static void inl_add(mdctx *c, MD_TEXTTYPE t, const char *s, size_t n)
{
	inl *in = &c->in;
	unsigned flags = span_flags(c);
	bool alone = t == MD_TEXT_BR;
	piece *last = in->n ? &in->v[in->n - 1] : NULL;
	if (!in->has_pos) {
		in->pos = c->last;
		in->has_pos = true;
	}
	if (!last || alone || last->alone || last->autoref || last->flags != flags || !same_link(last->link, c->link)) {
		GROW(in->v, in->cap, in->n + 1);
		last = &in->v[in->n++];
		*last = (piece){in->text.len, 0, flags, c->link, alone, false, c->link ? c->link_pos : (srcpos){0}};
	}
	if (t == MD_TEXT_NORMAL && c->md && (uintptr_t)s >= (uintptr_t)c->md &&
	    (uintptr_t)s + n <= (uintptr_t)c->md + c->mdlen) {
		GROW(in->ch, in->chcap, in->nch + 1);
		in->ch[in->nch++] = (chunk){in->text.len, n, s};
	}
	put_text(&in->text, t, s, n);
	last->len = in->text.len - last->start;
}

static void inl_reset(inl *in)
{
	in->text.len = 0;
	in->n = 0;
	in->nch = 0;
	in->has_pos = false;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Drop leading and trailing white space, and pieces left empty by that. */
static void inl_trim(inl *in, size_t *lo, size_t *hi)
{
	const char *s = in->text.s;
	*lo = 0;
	*hi = in->n;
	while (*lo < *hi) {
		piece *p = &in->v[*lo];
		while (p->len && is_space(s[p->start])) {
			p->start++;
			p->len--;
		}
		if (p->len)
			break;
		(*lo)++;
	}
	while (*hi > *lo) {
		piece *p = &in->v[*hi - 1];
		while (p->len && is_space(s[p->start + p->len - 1]))
			p->len--;
		if (p->len)
			break;
		(*hi)--;
	}
}

static void out_span(mdctx *c, const char *s, size_t n, unsigned flags, const char *link)
{
	if (!n)
		return;
	GROW(c->out, c->outcap, c->nout + 1);
	span *sp = &c->out[c->nout++];
	memset(sp, 0, sizeof *sp);
	sp->text = utf8_nfc(c->d->a, s, n);
	sp->len = strlen(sp->text);
	sp->flags = flags;
	sp->link = link;
	GROW(c->outpos, c->outposcap, c->nout);
	c->outpos[c->nout - 1] = link ? c->piece_link_pos : (srcpos){0};
}

static void add_reference(mdctx *c, const char *label, size_t n, const char *src, unsigned flags);

/* The source of gathered byte off, when it came from the Markdown verbatim. */
static const char *source_of(const inl *in, size_t off)
{
	for (size_t i = 0; i < in->nch; i++)
		if (off >= in->ch[i].off && off < in->ch[i].off + in->ch[i].len)
			return in->ch[i].src + (off - in->ch[i].off);
	return NULL;
}

/* "\[" is an escaped bracket, "\\[" an escaped backslash and a bracket. */
static bool escaped(const mdctx *c, const char *src)
{
	size_t n = 0;
	while (src - n > c->md && src[-(ptrdiff_t)n - 1] == '\\')
		n++;
	return n % 2 == 1;
}

/* Length of the footnote label that starts at s ("label]…"), 0 when there
 * is none: 1 to FN_LABEL_MAX bytes, no white space and no brackets. */
static size_t label_len(const char *s, size_t n)
{
	size_t e = 0;
	while (e < n && e <= FN_LABEL_MAX && !is_space(s[e]) && s[e] != '[' && s[e] != ']')
		e++;
	return e > 0 && e <= FN_LABEL_MAX && e < n && s[e] == ']' ? e : 0;
}

/* One piece of gathered text as spans, its footnote references set apart. */
static void take_piece(mdctx *c, const piece *p)
{
	const char *t = c->in.text.s + p->start;
	size_t len = p->len, from = 0;
	c->piece_link_pos = p->link_pos;
	if (p->autoref) { /* "[](#id)": its text is written by layout */
		out_span(c, t, len, p->flags, p->link);
		if (c->nout)
			c->out[c->nout - 1].autoref = true;
		return;
	}
	static const char name_attr[] = "]{.name}";
	const size_t nal = sizeof name_attr - 1;
	for (size_t k = 0; !(p->flags & SPAN_CODE) && k + 2 < len; k++) {
		if (t[k] == '[' && t[k + 1] != '^') {
			/* "[Nguyễn Văn Kỳ]{.name}": a name, never hyphenated */
			size_t e = k + 1;
			while (e < len && t[e] != ']' && t[e] != '[')
				e++;
			const char *src = source_of(&c->in, p->start + k);
			if (e > k + 1 && e + nal <= len && !memcmp(t + e, name_attr, nal) && src && !escaped(c, src)) {
				out_span(c, t + from, k - from, p->flags, p->link);
				size_t n0 = c->nout;
				out_span(c, t + k + 1, e - k - 1, p->flags, p->link);
				if (c->nout > n0)
					c->out[c->nout - 1].nobreak_hyphen = true;
				from = e + nal;
				k = from - 1;
			}
			continue;
		}
		if (t[k] != '[' || t[k + 1] != '^')
			continue;
		size_t ln = label_len(t + k + 2, len - k - 2);
		const char *src = ln ? source_of(&c->in, p->start + k) : NULL;
		if (!src || escaped(c, src))
			continue;
		out_span(c, t + from, k - from, p->flags, p->link);
		add_reference(c, t + k + 2, ln, src, p->flags);
		from = k + 2 + ln + 1;
		k = from - 1;
	}
	out_span(c, t + from, len - from, p->flags, p->link);
}

/* The gathered text as NFC spans in the arena; the gatherer is emptied.
 * Returns the number of spans (0 when there was only white space). */
static size_t inl_take(mdctx *c, span **out)
{
	inl *in = &c->in;
	size_t lo, hi;
	inl_trim(in, &lo, &hi);
	c->nout = 0;
	for (size_t i = lo; i < hi; i++)
		take_piece(c, &in->v[i]);
	span *sp = c->nout ? arena_array(c->d->a, c->nout, sizeof *sp) : NULL;
	if (c->nout)
		memcpy(sp, c->out, c->nout * sizeof *sp);
	c->taken_pos = NULL;
	for (size_t i = 0; i < c->nout && !c->taken_pos; i++)
		if (c->outpos[i].file) {
			c->taken_pos = arena_array(c->d->a, c->nout, sizeof *c->taken_pos);
			memcpy(c->taken_pos, c->outpos, c->nout * sizeof *c->taken_pos);
		}
	inl_reset(in);
	*out = sp;
	return c->nout;
}

/* The gathered text as one plain, trimmed NFC string (table cells, captions). */
static const char *buf_take_plain(mdctx *c, buf *b)
{
	const char *s = buf_cstr(b);
	size_t n = b->len;
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	const char *r = utf8_nfc(c->d->a, s, n);
	b->len = 0;
	return r;
}

/* ---- containers: block quotes and lists ---- */

static int flow_style(const mdctx *c)
{
	if (c->depth == 0)
		return ST_BODY;
	return c->stack[c->depth - 1].kind == C_QUOTE ? ST_QUOTE : ST_LIST;
}

/* The containers the next block sits in; the markers of items not yet
 * shown go to it (a nested item's first block shows the markers of every
 * item it opens: "- - foo"). */
static void set_containers(mdctx *c, block *b)
{
	if (c->depth == 0)
		return;
	container *k = arena_array(c->d->a, (size_t)c->depth, sizeof *k);
	for (int i = 0; i < c->depth; i++) {
		cont *s = &c->stack[i];
		k[i].kind = s->kind == C_QUOTE ? CONT_QUOTE : CONT_ITEM;
		k[i].marker = s->pending;
		k[i].id = s->id;
		s->pending = NULL;
	}
	b->cont = k;
	b->ncont = (size_t)c->depth;
}

/* A block of the flow, in the open containers. */
static block *add_flow_block(mdctx *c, block_kind kind, srcpos pos)
{
	block *b = doc_add(c->d, kind, pos);
	set_containers(c, b);
	return b;
}

/* Deeper containers than the limit are not laid out: their text stays, at
 * the deepest level allowed. */
static void push_container(mdctx *c, int kind, unsigned start)
{
	if (c->depth == LIMIT_MD_NESTING) {
		c->overflow++;
		if (!c->nest_seen) {
			c->nest_seen = true;
			c->nest_kind = kind;
		}
		return;
	}
	c->stack[c->depth++] = (cont){(char)kind, start, NULL, ++c->nconts};
	if (kind != C_QUOTE)
		c->lists++;
}

static void pop_container(mdctx *c)
{
	if (c->overflow) {
		c->overflow--;
		return;
	}
	if (c->depth == 0)
		return;
	if (c->stack[--c->depth].kind != C_QUOTE)
		c->lists--;
}

static void start_item(mdctx *c)
{
	if (c->overflow || c->depth == 0)
		return;
	cont *l = &c->stack[c->depth - 1];
	if (l->kind == C_OL)
		l->pending = arena_printf(c->d->a, "%u.", l->next++);
	else if (l->kind == C_UL)
		l->pending = c->lists == 1 ? "\xE2\x80\xA2" : c->lists == 2 ? "\xE2\x80\x93" : "\xE2\x97\xA6";
}

/* An item that ended without a block of its own ("2." alone) still shows
 * its marker, on an empty line. */
static void end_item(mdctx *c)
{
	if (c->overflow || c->depth == 0 || !c->stack[c->depth - 1].pending)
		return;
	block *b = add_flow_block(c, BLK_PARA, c->last);
	b->style = ST_LIST;
	b->level = c->lists;
}

/* ---- blocks ---- */

/* Turn the text gathered so far into a paragraph (flow mode only). */
static void flush_para(mdctx *c)
{
	if (c->mode != M_FLOW)
		return;
	srcpos pos = c->in.has_pos ? c->in.pos : c->last;
	span *sp;
	size_t n = inl_take(c, &sp);
	if (!n)
		return;
	if (c->in_note) {
		/* a footnote is one paragraph; its paragraphs are set apart by
		 * line breaks */
		GROW(c->note_sp, c->note_cap, c->note_n + n + 1);
		if (c->note_n)
			c->note_sp[c->note_n++] = (span){.text = "\n", .len = 1};
		memcpy(c->note_sp + c->note_n, sp, n * sizeof *sp);
		c->note_n += n;
		return;
	}
	block *b = add_flow_block(c, BLK_PARA, pos);
	b->style = flow_style(c);
	b->level = c->lists;
	b->spans = sp;
	b->nspans = n;
	b->link_pos = c->taken_pos;
}

static int heading_style(int level)
{
	return ST_H1 + (level > 4 ? 3 : level - 1);
}

/* "{#id}" at s: the id's length and the attribute's (0 when there is none). */
static size_t label_attr(const char *s, size_t n, size_t *idlen)
{
	if (n < 4 || s[0] != '{' || s[1] != '#')
		return 0;
	size_t i = 2;
	while (i < n && s[i] != '}' && s[i] != ' ' && s[i] != '{')
		i++;
	if (i >= n || s[i] != '}' || i == 2)
		return 0;
	*idlen = i - 2;
	return i + 1;
}

/* "{#fig:id width=40mm height=3cm align=left}" after an image (any of the
 * parts, in any order): sets them on b and gives the attribute's length; 0
 * when s does not start such an attribute. A bad value is an error. */
static size_t image_attr(mdctx *c, block *b, const char *s, size_t n)
{
	if (n < 3 || s[0] != '{')
		return 0;
	const char *e = memchr(s, '}', n);
	if (!e)
		return 0;
	size_t len = (size_t)(e - s) + 1;
	/* only what looks like attributes: "{#" or "{name=" */
	size_t i = 1;
	if (s[1] != '#') {
		while (i < len - 1 && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
			i++;
		if (i == 1 || s[i] != '=')
			return 0;
	}
	i = 1;
	while (i < len - 1) {
		while (i < len - 1 && s[i] == ' ')
			i++;
		size_t j = i;
		while (j < len - 1 && s[j] != ' ')
			j++;
		if (j == i)
			break;
		const char *t = s + i;
		size_t tl = j - i;
		srcpos at = c->last; /* the attribute's own column */
		if (at.col > 0)
			at.col += (int)i;
		if (t[0] == '#') {
			if (tl < 2) {
				diag_error(c->dg, at, "image attribute: '#' must be followed by an id");
			} else {
				b->label = arena_strndup(c->d->a, t + 1, tl - 1);
				b->label_pos = at;
			}
		} else {
			const char *eq = memchr(t, '=', tl);
			size_t kl = eq ? (size_t)(eq - t) : tl;
			const char *val = eq ? eq + 1 : "";
			size_t vl = eq ? tl - kl - 1 : 0;
			char *v = arena_strndup(c->d->a, val, vl);
			if (eq && kl == 5 && !memcmp(t, "width", 5)) {
				ynode y = {.kind = Y_SCALAR, .pos = at, .str = v, .len = vl, .plain = true};
				ylength(c->dg, &y, "image width", &b->img_w);
			} else if (eq && kl == 6 && !memcmp(t, "height", 6)) {
				ynode y = {.kind = Y_SCALAR, .pos = at, .str = v, .len = vl, .plain = true};
				ylength(c->dg, &y, "image height", &b->img_h);
			} else if (eq && kl == 5 && !memcmp(t, "align", 5)) {
				if (!strcmp(v, "center") || !strcmp(v, "centre"))
					b->img_align = IMG_CENTER;
				else if (!strcmp(v, "left"))
					b->img_align = IMG_LEFT;
				else if (!strcmp(v, "right"))
					b->img_align = IMG_RIGHT;
				else
					diag_error(c->dg, at,
						   "image align: expected left, center or right, got '%s'", v);
			} else {
				diag_error(c->dg, at,
					   "image attribute '%.*s': expected #id, width=…, height=… or align=…",
					   (int)tl, t);
			}
		}
		i = j;
	}
	return len;
}

/* A heading's text ending in " {#id}": the id, taken off the text. */
static const char *heading_label(mdctx *c, span *sp, size_t n)
{
	span *last = &sp[n - 1];
	const char *open = last->len ? memchr(last->text, '{', last->len) : NULL;
	while (open) {
		size_t idlen, at = (size_t)(open - last->text);
		size_t k = label_attr(open, last->len - at, &idlen);
		if (k && at + k == last->len) {
			const char *id = arena_strndup(c->d->a, open + 2, idlen);
			size_t keep = at;
			while (keep && last->text[keep - 1] == ' ')
				keep--;
			last->text = arena_strndup(c->d->a, last->text, keep);
			last->len = keep;
			return id;
		}
		open = memchr(open + 1, '{', last->len - at - 1);
	}
	return NULL;
}

static void end_heading(mdctx *c)
{
	srcpos pos = c->in.has_pos ? c->in.pos : c->last;
	int level = c->heading + c->shift;
	if (level < 1)
		level = 1;
	span *sp;
	size_t n = inl_take(c, &sp);
	c->mode = M_FLOW;
	if (!n) {
		diag_warning(c->dg, pos, "empty heading left out");
		return;
	}
	const char *label = heading_label(c, sp, n);
	block *b = add_flow_block(c, BLK_HEADING, pos);
	b->label = label;
	b->label_pos = pos;
	b->style = heading_style(level);
	b->toc = level <= 3;
	b->level = level > 4 ? 4 : level; /* the model's heading levels are 1..4 */
	b->keep_with_next = true;
	b->spans = sp;
	b->nspans = n;
	b->link_pos = c->taken_pos;
	b->plain = spans_plain(c->d->a, sp, n);
}

static void end_code(mdctx *c)
{
	buf *t = &c->code_text;
	srcpos pos = c->in.has_pos ? c->in.pos : c->last;
	c->mode = M_FLOW;
	inl_reset(&c->in);
	if (t->len && t->s[t->len - 1] == '\n')
		t->len--;
	if (!t->len)
		return;
	span *sp = arena_alloc(c->d->a, sizeof *sp);
	sp->text = utf8_nfc(c->d->a, t->s, t->len);
	sp->len = strlen(sp->text);
	sp->flags = SPAN_CODE;
	t->len = 0;
	block *b = add_flow_block(c, BLK_CODE, pos);
	b->style = ST_CODE;
	b->spans = sp;
	b->nspans = 1;
}

/* ---- images ---- */

static void begin_image(mdctx *c, const MD_SPAN_IMG_DETAIL *det)
{
	flush_para(c); /* text before the image stays before it */
	c->alt.len = 0;
	note_ptr(c, det->src.text);
	c->img_pos = c->last;
	c->img_src = attr_str(c, &det->src);
	c->img_title = attr_str(c, &det->title);
}

static void end_image(mdctx *c)
{
	const char *caption = buf_take_plain(c, &c->alt);
	const char *src = c->img_src;
	if (!src) {
		diag_error(c->dg, c->img_pos, "image has no file name: write ![caption](file.png)");
		return;
	}
	if (strstr(src, "://")) {
		diag_error(c->dg, c->img_pos, "image '%s': only local files can be used; save it next to "
			   "the article and give its file name", src);
		return;
	}
	const char *ip = load_path(c->d, c->dg, c->dir, src, c->img_pos);
	image *img = ip ? load_image(c->d, c->dg, ip, c->img_pos) : NULL;
	if (!img) {
		/* reported; its "{#id}" names a figure that failed */
		c->failed_image = true;
		return;
	}
	block *b = add_flow_block(c, BLK_IMAGE, c->img_pos);
	b->style = ST_CAPTION;
	b->image = img;
	b->caption = *caption ? caption : NULL;
	b->credit = c->img_title;
	c->labelled = b;
}


/* ---- tables ---- */

static void begin_table(mdctx *c, const MD_BLOCK_TABLE_DETAIL *det)
{
	tbuild *tb = &c->tb;
	c->mode = M_TABLE;
	tb->ncols = det->col_count;
	tb->ncells = 0;
	tb->full = false;
	tb->has_pos = false;
	tb->cols = NULL;
	if (tb->ncols && tb->ncols <= LIMIT_TABLE_COLUMNS)
		tb->cols = arena_array(c->d->a, tb->ncols, sizeof *tb->cols);
}

static int md_align(MD_ALIGN a)
{
	return a == MD_ALIGN_RIGHT ? ALIGN_RIGHT : a == MD_ALIGN_CENTER ? ALIGN_CENTER : ALIGN_LEFT;
}

static void cell_references(mdctx *c, const char *text, srcpos pos);

static void add_cell(mdctx *c, const MD_BLOCK_TD_DETAIL *det)
{
	tbuild *tb = &c->tb;
	if (!tb->has_pos) {
		tb->pos = c->in.has_pos ? c->in.pos : c->last;
		tb->has_pos = true;
	}
	const char *text = buf_take_plain(c, &c->in.text);
	inl_reset(&c->in);
	cell_references(c, text, tb->pos);
	if (!tb->cols || tb->col >= tb->ncols || tb->full)
		return;
	if (tb->head) {
		column *col = &tb->cols[tb->col];
		col->key = col->label = text;
		col->type = COL_TEXT;
		col->align = md_align(det->align);
		col->pos = tb->pos;
	} else {
		GROW(tb->cells, tb->cap, tb->ncells + 1);
		tb->cells[tb->ncells++] = text;
	}
	tb->col++;
}

/* Pad a short body row so the cell array stays rectangular. */
static void end_row(mdctx *c)
{
	tbuild *tb = &c->tb;
	if (tb->head || !tb->cols || tb->full)
		return;
	while (tb->col++ < tb->ncols) {
		GROW(tb->cells, tb->cap, tb->ncells + 1);
		tb->cells[tb->ncells++] = "";
	}
	if (tb->ncells / tb->ncols >= (size_t)LIMIT_TABLE_ROWS)
		tb->full = true;
}

static void end_table(mdctx *c)
{
	tbuild *tb = &c->tb;
	srcpos pos = tb->has_pos ? tb->pos : c->last;
	c->mode = M_FLOW;
	if (!tb->cols) {
		diag_error(c->dg, pos, "table has %u columns; at most %ld are supported (limit table-columns)", tb->ncols,
			   LIMIT_TABLE_COLUMNS);
		return;
	}
	if (tb->full)
		diag_error(c->dg, pos, "table has more than %ld rows (limit table-rows)", LIMIT_TABLE_ROWS);
	table *t = arena_alloc(c->d->a, sizeof *t);
	t->cols = tb->cols;
	t->ncols = tb->ncols;
	t->nrows = tb->ncells / tb->ncols;
	t->cells = arena_array(c->d->a, tb->ncells ? tb->ncells : 1, sizeof *t->cells);
	if (tb->ncells)
		memcpy(t->cells, tb->cells, tb->ncells * sizeof *t->cells);
	t->rowkind = arena_alloc(c->d->a, t->nrows ? t->nrows : 1); /* all ROW_BODY */
	t->header = true;
	t->pos = pos;
	block *b = add_flow_block(c, BLK_TABLE, pos);
	b->style = ST_TABLE;
	b->table = t;
}

/* ---- md4c callbacks ---- */

static int enter_block(MD_BLOCKTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
	flush_para(c);
	if (c->in_note)
		return 0; /* a footnote keeps the text of its blocks only */
	switch (type) {
	case MD_BLOCK_QUOTE:
		push_container(c, C_QUOTE, 0);
		break;
	case MD_BLOCK_UL:
		push_container(c, C_UL, 0);
		break;
	case MD_BLOCK_OL:
		push_container(c, C_OL, ((MD_BLOCK_OL_DETAIL *)det)->start);
		break;
	case MD_BLOCK_LI:
		start_item(c);
		break;
	case MD_BLOCK_HR:
		add_flow_block(c, BLK_RULE, c->last);
		break;
	case MD_BLOCK_H:
		c->mode = M_HEADING;
		c->heading = (int)((MD_BLOCK_H_DETAIL *)det)->level;
		break;
	case MD_BLOCK_CODE:
		c->mode = M_CODE;
		c->code_text.len = 0;
		break;
	case MD_BLOCK_TABLE:
		begin_table(c, det);
		break;
	case MD_BLOCK_THEAD:
		c->tb.head = true;
		break;
	case MD_BLOCK_TBODY:
		c->tb.head = false;
		break;
	case MD_BLOCK_TR:
		c->tb.col = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		inl_reset(&c->in);
		break;
	default:
		break;
	}
	return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
	c->labelled = NULL;
	c->failed_image = false;
	if (c->in_note) {
		flush_para(c);
		return 0;
	}
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		flush_para(c);
		pop_container(c);
		break;
	case MD_BLOCK_LI:
		flush_para(c);
		end_item(c);
		break;
	case MD_BLOCK_H:
		end_heading(c);
		break;
	case MD_BLOCK_CODE:
		end_code(c);
		break;
	case MD_BLOCK_TABLE:
		end_table(c);
		break;
	case MD_BLOCK_TR:
		end_row(c);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		add_cell(c, det);
		break;
	default:
		flush_para(c);
		break;
	}
	return 0;
}

/* The position of the '[' that opens the link whose target starts at
 * href in the source ("[text](#id)"); the last position known when the
 * target is not in the source verbatim. */
static srcpos link_start(mdctx *c, const char *href)
{
	uintptr_t lo = (uintptr_t)c->text, at = (uintptr_t)href;
	if (!c->text || !href || at < lo + 2 || at > lo + c->len)
		return c->last;
	const char *q = href - 1;
	if (*q != '(' || q[-1] != ']')
		return c->last;
	int depth = 0;
	for (q = href - 2; q >= c->text; q--) {
		if (*q == ']')
			depth++;
		else if (*q == '[' && --depth == 0)
			break;
	}
	if (q < c->text)
		return c->last;
	scanpos sp = c->scan;
	scan_to(&sp, c->text, (size_t)(q - c->text));
	return (srcpos){c->path, sp.line, sp.col};
}

static int enter_span(MD_SPANTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
	c->labelled = NULL;
	c->failed_image = false;
	switch (type) {
	case MD_SPAN_EM:
		c->em++;
		break;
	case MD_SPAN_STRONG:
		c->strong++;
		break;
	case MD_SPAN_CODE:
		c->code++;
		break;
	case MD_SPAN_A:
		c->link = attr_str(c, &((MD_SPAN_A_DETAIL *)det)->href);
		if (c->link && strlen(c->link) > LINK_MAX_BYTES) {
			/* the PDF's link annotation holds a string of libharu's limit */
			diag_error(c->dg, c->last, "a link target of %zu bytes; at most %d are allowed",
				   strlen(c->link), LINK_MAX_BYTES);
			c->link = NULL;
		}
		c->link_text0 = c->in.text.len;
		c->link_pos = link_start(c, ((MD_SPAN_A_DETAIL *)det)->href.text);
		break;
	case MD_SPAN_IMG:
		/* an image in a heading or table cell keeps only its text */
		if (c->mode == M_FLOW && !c->in_note && c->img++ == 0)
			begin_image(c, det);
		break;
	default:
		break;
	}
	return 0;
}

static int leave_span(MD_SPANTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
	(void)det;
	switch (type) {
	case MD_SPAN_EM:
		c->em--;
		break;
	case MD_SPAN_STRONG:
		c->strong--;
		break;
	case MD_SPAN_CODE:
		c->code--;
		break;
	case MD_SPAN_A:
		if (c->link && c->link[0] == '#' && c->in.text.len == c->link_text0 && !c->img && c->mode != M_CODE) {
			/* "[](#fig:x)": the text is the reference, written by layout
			 * ("Figure 3 on page 12"); until then it reads as the id */
			inl_add(c, MD_TEXT_NORMAL, c->link, strlen(c->link));
			c->in.v[c->in.n - 1].autoref = true;
		}
		c->link = NULL;
		break;
	case MD_SPAN_IMG:
		if (c->mode == M_FLOW && !c->in_note && c->img > 0 && --c->img == 0)
			end_image(c);
		break;
	default:
		break;
	}
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	mdctx *c = ud;
	note_ptr(c, s);
	if (type == MD_TEXT_ENTITY && !entity_ok(c, s, n))
		return 0;
	if (c->mode == M_CODE) {
		if (!c->in.has_pos) {
			c->in.pos = c->last;
			c->in.has_pos = true;
		}
		put_text(&c->code_text, type, s, n);
	} else if (c->img) {
		put_text(&c->alt, type, s, n);
	} else {
		size_t k = 0;
		block failed = {0}; /* the attributes of an image that failed: its id */
		if (type == MD_TEXT_NORMAL && (c->labelled || c->failed_image))
			k = image_attr(c, c->labelled ? c->labelled : &failed, s, n);
		if (k) {
			/* "![caption](file.png){#fig:id width=40mm}": the figure's
			 * id, size and alignment; the id of one that failed is
			 * known, so that references to it add no error */
			if (!c->labelled && failed.label) {
				doc *d = c->d;
				GROW(d->failed_ids, d->failed_ids_cap, d->nfailed_ids + 1);
				d->failed_ids[d->nfailed_ids++] = failed.label;
			}
			s += k;
			n -= (MD_SIZE)k;
		}
		c->labelled = NULL;
		c->failed_image = false;
		if (n)
			inl_add(c, type, s, n);
	}
	return 0;
}

/* ---- parsing ---- */

static void ctx_init(mdctx *c, doc *d, diag *dg, srcpos pos, const char *dir)
{
	memset(c, 0, sizeof *c);
	c->d = d;
	c->dg = dg;
	c->path = pos.file;
	c->dir = dir;
	c->last = pos;
	c->scan = c->rscan = (scanpos){0, 1, 1};
	c->nest_kind = -1;
}

static void ctx_free(mdctx *c)
{
	buf_free(&c->in.text);
	free(c->in.v);
	free(c->in.ch);
	free(c->defs);
	free(c->out);
	free(c->outpos);
	free(c->note_sp);
	buf_free(&c->alt);
	buf_free(&c->code_text);
	free(c->tb.cells);
}

static void parse_markdown(mdctx *c, const char *s, size_t n)
{
	MD_PARSER parser = {0};
	parser.flags = MD_FLAGS;
	parser.enter_block = enter_block;
	parser.leave_block = leave_block;
	parser.enter_span = enter_span;
	parser.leave_span = leave_span;
	parser.text = on_text;
	if (n > (MD_SIZE)-1) {
		diag_error(c->dg, c->last, "Markdown text is too long");
		return;
	}
	c->md = s;
	c->mdlen = n;
	if (md_parse(s, (MD_SIZE)n, &parser, c) != 0)
		diag_error(c->dg, c->last, "cannot parse the Markdown text (out of memory?)");
	flush_para(c);
	report_nesting(c);
}

/* ---- footnotes ---- */

/* CommonMark matches labels case-insensitively (Unicode case folding). */
static const char *fold_label(arena *a, const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	const char *k = r < 0 ? arena_strndup(a, s, n) : arena_strndup(a, (const char *)out, (size_t)r);
	free(out);
	return k;
}

static fndef *find_def(mdctx *c, const char *key)
{
	for (size_t i = 0; i < c->ndefs; i++)
		if (strcmp(c->defs[i].key, key) == 0)
			return &c->defs[i];
	return NULL;
}

/* Where a reference's '[' is in the source. */
static srcpos source_pos(mdctx *c, const char *src)
{
	if (c->text && (uintptr_t)src >= (uintptr_t)c->text && (uintptr_t)src < (uintptr_t)c->text + c->len) {
		scan_to(&c->rscan, c->text, (size_t)(src - c->text));
		return (srcpos){c->path, c->rscan.line, c->rscan.col};
	}
	return c->last;
}

/* The note's Markdown → spans (bold, italic, code, links; blocks keep only
 * their text). */
static void parse_note(mdctx *c, fndef *def, footnote *fn)
{
	mdctx n;
	ctx_init(&n, c->d, c->dg, def->pos, c->dir);
	n.in_note = true;
	n.parent = c;
	parse_markdown(&n, def->text, strlen(def->text));
	fn->spans = n.note_n ? arena_array(c->d->a, n.note_n, sizeof(span)) : NULL;
	if (n.note_n)
		memcpy(fn->spans, n.note_sp, n.note_n * sizeof(span));
	fn->nspans = n.note_n;
	if (!n.note_n)
		diag_error(c->dg, def->pos, "footnote [^%s] has no text", def->label);
	ctx_free(&n);
}

/* A reference "[^label]": the note's number as a superscript span. */
static void add_reference(mdctx *c, const char *label, size_t n, const char *src, unsigned flags)
{
	srcpos pos = source_pos(c, src);
	if (c->in_note) {
		diag_error(c->dg, pos, "footnote reference [^%.*s] inside a footnote; a footnote cannot refer to another",
			   (int)n, label);
		fndef *inner = find_def(c->parent, fold_label(c->d->a, label, n));
		if (inner)
			inner->seen = true;
		return;
	}
	fndef *def = find_def(c, fold_label(c->d->a, label, n));
	if (!def) {
		const char **labels = xcalloc(c->ndefs + 1, sizeof *labels);
		for (size_t i = 0; i < c->ndefs; i++)
			labels[i] = c->defs[i].label;
		char *want = arena_strndup(c->d->a, label, n);
		const char *near = diag_nearest(want, labels);
		if (near)
			diag_error(c->dg, pos, "footnote [^%s] is not defined; did you mean [^%s]?", want, near);
		else
			diag_error(c->dg, pos, "footnote [^%s] is not defined: add a line '[^%s]: the note's text' "
				   "(at the start of a line, anywhere in the same file)", want, want);
		free(labels);
		return;
	}
	def->seen = true;
	if (!def->number) {
		/* fn stays valid: a note's text adds no notes (see above) */
		footnote *fn = doc_add_note(c->d);
		def->number = fn->number;
		fn->label = def->label;
		fn->pos = def->pos;
		parse_note(c, def, fn);
	}
	bool after = c->nout && (c->out[c->nout - 1].flags & SPAN_NOTE);
	GROW(c->out, c->outcap, c->nout + 1);
	span *sp = &c->out[c->nout++];
	memset(sp, 0, sizeof *sp);
	GROW(c->outpos, c->outposcap, c->nout);
	c->outpos[c->nout - 1] = (srcpos){0};
	sp->text = arena_printf(c->d->a, "%s%d", after ? "," : "", def->number);
	sp->len = strlen(sp->text);
	sp->flags = (flags & ~SPAN_CODE) | SPAN_NOTE;
	sp->note = def->number;
}

/* Columns of leading white space (a tab to the next multiple of 4) and the
 * bytes they take. */
static int indent_of(const char *s, size_t n, size_t *bytes)
{
	int col = 0;
	size_t i = 0;
	for (; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		col = s[i] == '\t' ? (col / 4 + 1) * 4 : col + 1;
	*bytes = i;
	return col;
}

/* A fence ("```", "~~~", three or more) opening or closing a code block;
 * returns its length, 0 when the line is none. */
static size_t fence_len(const char *s, size_t n, char *ch)
{
	size_t b;
	if (indent_of(s, n, &b) > 3 || b >= n || (s[b] != '`' && s[b] != '~'))
		return 0;
	size_t k = b;
	while (k < n && s[k] == s[b])
		k++;
	if (k - b < 3)
		return 0;
	*ch = s[b];
	return k - b;
}

/* "[^label]:" at the start of a line (up to three spaces in); the label's
 * bytes, and where the text after the colon starts. */
static bool def_start(const char *s, size_t n, size_t *lab, size_t *lablen, size_t *text)
{
	size_t b;
	if (indent_of(s, n, &b) > 3 || b + 5 > n || s[b] != '[' || s[b + 1] != '^')
		return false;
	size_t ln = label_len(s + b + 2, n - b - 2);
	size_t e = b + 2 + ln; /* the ']' */
	if (!ln || e + 1 >= n || s[e + 1] != ':')
		return false;
	*lab = b + 2;
	*lablen = ln;
	*text = e + 2;
	return true;
}

/* A line that starts a block of its own and so ends a definition's lazy
 * continuation: heading, quote, list item, fence, rule or table row. */
static bool starts_block(const char *s, size_t n)
{
	size_t b;
	char ch;
	indent_of(s, n, &b);
	s += b;
	n -= b;
	if (!n)
		return true;
	if (*s == '#' || *s == '>' || *s == '|' || fence_len(s, n, &ch))
		return true;
	if ((*s == '-' || *s == '*' || *s == '+' || *s == '_') && (n == 1 || s[1] == ' ' || s[1] == '\t' || s[1] == *s))
		return true;
	size_t d = 0;
	while (d < n && d < 9 && s[d] >= '0' && s[d] <= '9')
		d++;
	return d && d < n && (s[d] == '.' || s[d] == ')') && (d + 1 == n || s[d + 1] == ' ');
}

static bool blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]))
			return false;
	return true;
}

static size_t eol(const char *t, size_t len, size_t p)
{
	const char *nl = memchr(t + p, '\n', len - p);
	return nl ? (size_t)(nl - t) : len;
}

/* Take the footnote definitions out of s[0..n) (a writable copy): each is
 * registered and its lines become spaces. line is that of s[0], or 0 when
 * positions are all c->last (a layout's text part). */
static void take_definitions(mdctx *c, char *s, size_t n, int line)
{
	char fch = 0;
	size_t flen = 0;
	size_t p = 0;
	while (p < n) {
		size_t e = eol(s, n, p), lab, ln, t;
		char ch;
		size_t fl = fence_len(s + p, e - p, &ch);
		if (flen) { /* inside fenced code */
			if (fl >= flen && ch == fch)
				flen = 0;
		} else if (fl) {
			fch = ch;
			flen = fl;
		} else if (def_start(s + p, e - p, &lab, &ln, &t)) {
			buf text = {0};
			size_t b;
			buf_put(&text, s + p + t, e - p - t);
			srcpos pos = c->last;
			if (line) {
				indent_of(s + p, e - p, &b);
				pos = (srcpos){c->path, line, (int)b + 1};
			}
			size_t end = e; /* the definition's last byte */
			int end_line = line, l = line;
			bool gap = false;
			for (size_t q = e < n ? e + 1 : n; q < n;) {
				size_t qe = eol(s, n, q);
				l += line ? 1 : 0;
				int ind = indent_of(s + q, qe - q, &b);
				if (blank_line(s + q, qe - q)) {
					gap = true;
				} else if (ind >= 4 || (!gap && !starts_block(s + q, qe - q) &&
							!def_start(s + q, qe - q, &lab, &ln, &t))) {
					buf_puts(&text, gap ? "\n\n" : "\n");
					buf_put(&text, s + q + b, qe - q - b);
					end = qe;
					end_line = l;
					gap = false;
				} else {
					break;
				}
				q = qe < n ? qe + 1 : n;
			}
			def_start(s + p, e - p, &lab, &ln, &t);
			const char *label = arena_strndup(c->d->a, s + p + lab, ln);
			const char *key = fold_label(c->d->a, label, ln);
			fndef *old = find_def(c, key);
			if (old) {
				diag_error(c->dg, pos, "footnote [^%s] is defined twice", label);
				diag_note(c->dg, old->pos, "first defined here");
			} else {
				GROW(c->defs, c->defcap, c->ndefs + 1);
				c->defs[c->ndefs++] = (fndef){key, label, arena_strdup(c->d->a, buf_cstr(&text)), pos, 0, false};
			}
			buf_free(&text);
			for (size_t i = p; i < end; i++)
				if (s[i] != '\n')
					s[i] = ' ';
			if (line)
				line = end_line;
			p = end;
			e = end;
		}
		p = e < n ? e + 1 : n;
		if (line)
			line++;
	}
}

/* Table cells are plain text: a reference there is printed as written,
 * which deserves a word rather than a silent "[^1]" (and rather than
 * calling its definition unreferenced). */
static void cell_references(mdctx *c, const char *text, srcpos pos)
{
	for (const char *s = text; c->ndefs && (s = strstr(s, "[^")) != NULL; s++) {
		size_t ln = label_len(s + 2, strlen(s + 2));
		fndef *def = ln ? find_def(c, fold_label(c->d->a, s + 2, ln)) : NULL;
		if (!def)
			continue;
		if (!def->seen)
			diag_warning(c->dg, pos, "footnote reference [^%s] in a table cell is printed as written: "
				     "tables cannot hold footnotes; refer to the note in the text around the table",
				     def->label);
		def->seen = true;
	}
}

static void unreferenced_notes(mdctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++)
		if (!c->defs[i].seen)
			diag_warning(c->dg, c->defs[i].pos, "footnote [^%s] is never referenced; it is left out",
				     c->defs[i].label);
}

/* ---- front matter ---- */

typedef struct {
	size_t yaml_off, yaml_len; /* the YAML between the fences */
	size_t body_off;           /* first byte after the closing fence */
	int body_line;
} front;

static size_t line_end(const char *t, size_t len, size_t p)
{
	const char *nl = memchr(t + p, '\n', len - p);
	return nl ? (size_t)(nl - t) : len;
}

static bool is_fence(const char *s, size_t n, bool closing)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && (memcmp(s, "---", 3) == 0 || (closing && memcmp(s, "...", 3) == 0));
}

static bool find_front_matter(diag *dg, const char *path, const char *t, size_t len, front *fm)
{
	srcpos first = {path, 1, 1};
	size_t p = len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* UTF-8 BOM */
	size_t e = line_end(t, len, p);
	if (!is_fence(t + p, e - p, false)) {
		diag_error(dg, first, "article has no front matter: start the file with a '---' line, "
			   "then 'title: \xE2\x80\xA6', then '---'");
		return false;
	}
	fm->yaml_off = e < len ? e + 1 : len;
	int line = 2;
	for (size_t q = fm->yaml_off; q < len; line++) {
		e = line_end(t, len, q);
		if (is_fence(t + q, e - q, true)) {
			fm->yaml_len = q - fm->yaml_off;
			fm->body_off = e < len ? e + 1 : len;
			fm->body_line = line + 1;
			return true;
		}
		q = e < len ? e + 1 : len;
	}
	diag_error(dg, first, "front matter is not closed: add a '---' line after its last key");
	return false;
}

typedef struct {
	const char *title, *byline, *date, *source, *language, *id;
	srcpos title_pos, byline_pos, id_pos;
} article_meta;

static srcpos field_pos(const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	return v ? v->pos : map->pos;
}

static void read_front(diag *dg, const ynode *map, article_meta *m)
{
	static const char *const keys[] = {"title", "byline", "date", "source", "language", "id", NULL};
	ymap_check(dg, map, "front matter", keys);
	m->title = yneed_str(dg, map, "title", "front matter");
	m->title_pos = field_pos(map, "title");
	m->byline = yget_str(dg, map, "byline");
	m->source = yget_str(dg, map, "source");
	m->language = yget_str(dg, map, "language");
	m->id = yget_str(dg, map, "id");
	m->id_pos = field_pos(map, "id");
	if (m->id && (!*m->id || strpbrk(m->id, " {}#")))
		diag_error(dg, m->id_pos, "id: expected a name without spaces, braces or '#', got '%s'", m->id);
	const ynode *date = ymap_get(map, "date");
	if (date && !ydate(dg, date, "date", &m->date))
		m->date = NULL;
	const char *first = m->byline ? "byline" : m->date ? "date" : "source";
	m->byline_pos = field_pos(map, first);
}

static void add_title(doc *d, const article_meta *m, int shift)
{
	int level = 1 + shift < 1 ? 1 : 1 + shift;
	span *sp = arena_alloc(d->a, sizeof *sp);
	sp->text = m->title;
	sp->len = strlen(m->title);
	block *b = doc_add(d, BLK_HEADING, m->title_pos);
	b->style = heading_style(level);
	b->level = level > 4 ? 4 : level;
	b->toc = true;
	b->keep_with_next = true;
	b->spans = sp;
	b->nspans = 1;
	b->plain = m->title;
	b->label = m->id;
	b->label_pos = m->id_pos;
}

/* "Byline · 15 March 2021 · Source: …", with only the parts given. */
static void add_byline(doc *d, const article_meta *m)
{
	static const char sep[] = " \xC2\xB7 ";
	buf b = {0};
	if (m->byline && *m->byline)
		buf_puts(&b, m->byline);
	if (m->date) {
		const char *lang = m->language ? m->language : doc_lang(d);
		char when[128];
		format_date(when, sizeof when, m->date, lang);
		buf_printf(&b, "%s%s", b.len ? sep : "", when);
	}
	if (m->source && *m->source) /* numbered in the Sources list, if any */
		buf_printf(&b, "%sSource: %s", b.len ? sep : "", cite_sources_text(d, m->source, m->byline_pos));
	if (b.len) {
		span *sp = arena_alloc(d->a, sizeof *sp);
		sp->text = utf8_nfc(d->a, b.s, b.len);
		sp->len = strlen(sp->text);
		sp->flags = SPAN_ITALIC;
		block *bl = doc_add(d, BLK_PARA, m->byline_pos);
		bl->style = ST_BYLINE;
		bl->spans = sp;
		bl->nspans = 1;
	}
	buf_free(&b);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]) && s[i] != '\f' && s[i] != '\v')
			return false;
	return true;
}

static bool valid_utf8(diag *dg, const char *path, const char *text, size_t len)
{
	long bad = utf8_invalid_at(text, len);
	if (bad < 0)
		return true;
	load_bad_utf8(dg, path, text, len, bad, 0);
	return false;
}

/* Everything after a successful read and UTF-8 check. */
static void article_text(doc *d, diag *dg, const char *path, const char *text, size_t len, int shift)
{
	front fm;
	if (!find_front_matter(dg, path, text, len, &fm))
		return;
	article_meta m = {0};
	ynode *y = yaml_parse(d->a, dg, path, text + fm.yaml_off, fm.yaml_len, 1);
	if (y && yis_map(dg, y, "front matter"))
	{
		read_front(dg, y, &m);
		/* front-matter text may quote data too */
		const char **f[] = {&m.title, &m.byline, &m.source};
		const char *k[] = {"title", "byline", "source"};
		for (int i = 0; i < 3; i++)
			if (*f[i]) {
				const ynode *n = ymap_get(y, k[i]);
				srcpos p = n->pos;
				if (!n->plain)
					p.col++;
				*f[i] = vars_expand(d, dg, *f[i], strlen(*f[i]), p);
			}
	}
	size_t first = d->nblocks;
	if (m.title)
		add_title(d, &m, shift);
	add_byline(d, &m);
	if (blank(text + fm.body_off, len - fm.body_off)) {
		diag_error(dg, (srcpos){path, fm.body_line, 1},
			   "article '%s' has no text after its front matter", path);
		return;
	}
	/* {{ name }} → values (vars.c); values hold no newlines, so the
	 * line numbers md4c positions are computed from stay right */
	const char *body = vars_expand(d, dg, text + fm.body_off, len - fm.body_off,
				       (srcpos){path, fm.body_line, 1});
	if (body != text + fm.body_off) {
		size_t bl = strlen(body);
		char *full = arena_alloc(d->a, fm.body_off + bl + 1);
		memcpy(full, text, fm.body_off);
		memcpy(full + fm.body_off, body, bl + 1);
		text = full;
		len = fm.body_off + bl;
	}
	mdctx c;
	ctx_init(&c, d, dg, (srcpos){path, fm.body_line, 1}, path_dir(d->a, path));
	char *copy = arena_strndup(d->a, text, len); /* footnote definitions blanked */
	take_definitions(&c, copy + fm.body_off, len - fm.body_off, fm.body_line);
	c.text = copy;
	c.len = len;
	c.shift = shift;
	parse_markdown(&c, copy + fm.body_off, len - fm.body_off);
	unreferenced_notes(&c);
	ctx_free(&c);
	/* the article's language holds for all its blocks */
	if (m.language)
		for (size_t i = first; i < d->nblocks; i++)
			d->blocks[i].lang = m.language;
}

bool load_article(doc *d, diag *dg, const char *path, srcpos from, int heading_shift)
{
	int errors = dg->errors;
	size_t len;
	char *text = load_read(dg, path, from, &len);
	if (!text)
		return false;
	/* positions keep the path for as long as the document lives */
	const char *apath = arena_strdup(d->a, path);
	doc_add_input(d, apath);
	if (valid_utf8(dg, apath, text, len) && text_check_file(dg, apath, text, len, 0))
		article_text(d, dg, apath, text, len, heading_shift);
	free(text);
	return dg->errors == errors;
}

bool load_markdown_text(doc *d, diag *dg, const char *text, srcpos pos)
{
	int errors = dg->errors;
	size_t len = strlen(text);
	if (utf8_invalid_at(text, len) >= 0) {
		diag_error(dg, pos, "invalid UTF-8 in the text; save the file as UTF-8");
		return false;
	}
	mdctx c;
	ctx_init(&c, d, dg, pos, d->dir);
	char *copy = arena_strndup(d->a, text, len); /* footnote definitions blanked */
	take_definitions(&c, copy, len, 0);
	parse_markdown(&c, copy, len);
	unreferenced_notes(&c);
	ctx_free(&c);
	return dg->errors == errors;
}
