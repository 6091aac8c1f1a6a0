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
 */
#include <errno.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "load.h"
#include "vars.h"

#define INDENT_STEP 18.0 /* points per list or quote level */
#define REPLACEMENT "\xEF\xBF\xBD"
#define MD_FLAGS (MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_TABLES | MD_FLAG_PERMISSIVEURLAUTOLINKS)

enum { M_FLOW, M_HEADING, M_CODE, M_TABLE };
enum { C_QUOTE, C_UL, C_OL };

/* A run of inline text with one set of flags; its bytes are text.s[start..). */
typedef struct {
	size_t start, len;
	unsigned flags;
	const char *link;
	bool alone;             /* a hard break: kept as a span of its own */
} piece;

/* Inline text gathered since the last block boundary. */
typedef struct {
	buf text;               /* raw bytes, NFC-normalised when taken */
	piece *v;
	size_t n, cap;
	srcpos pos;             /* of the first text */
	bool has_pos;
} inl;

typedef struct {
	char kind;              /* C_* */
	unsigned next;          /* ordered list: number of the next item */
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

typedef struct {
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
	cont stack[LIMIT_MD_NESTING_MAX];
	int depth, lists, overflow;
	int nest_kind;          /* container that overflowed, -1 when reported */
	bool nest_seen;
	const char *marker;     /* for the next paragraph of the open list item */
	int img;                /* open image spans (flow mode only) */
	buf alt;
	const char *img_src, *img_title;
	srcpos img_pos;
	buf code_text;
	tbuild tb;
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

static void put_utf8(buf *b, uint32_t cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_put(b, s, n);
}

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
		put_utf8(b, numeric_entity(s, n));
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
	if (!last || alone || last->alone || last->flags != flags || !same_link(last->link, c->link)) {
		GROW(in->v, in->cap, in->n + 1);
		last = &in->v[in->n++];
		*last = (piece){in->text.len, 0, flags, c->link, alone};
	}
	put_text(&in->text, t, s, n);
	last->len = in->text.len - last->start;
}

static void inl_reset(inl *in)
{
	in->text.len = 0;
	in->n = 0;
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

/* The gathered text as NFC spans in the arena; the gatherer is emptied.
 * Returns the number of spans (0 when there was only white space). */
static size_t inl_take(mdctx *c, span **out)
{
	inl *in = &c->in;
	size_t lo, hi;
	inl_trim(in, &lo, &hi);
	span *sp = hi > lo ? arena_array(c->d->a, hi - lo, sizeof *sp) : NULL;
	for (size_t i = lo; i < hi; i++) {
		const piece *p = &in->v[i];
		span *s = &sp[i - lo];
		s->text = utf8_nfc(c->d->a, in->text.s + p->start, p->len);
		s->len = strlen(s->text);
		s->flags = p->flags;
		s->link = p->link;
	}
	inl_reset(in);
	*out = sp;
	return hi - lo;
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

static double flow_indent(const mdctx *c)
{
	return INDENT_STEP * c->depth;
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
	c->stack[c->depth++] = (cont){(char)kind, start};
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
	c->marker = NULL;
	if (c->overflow || c->depth == 0)
		return;
	cont *l = &c->stack[c->depth - 1];
	if (l->kind == C_OL)
		c->marker = arena_printf(c->d->a, "%u.", l->next++);
	else if (l->kind == C_UL)
		c->marker = c->lists == 1 ? "\xE2\x80\xA2" : c->lists == 2 ? "\xE2\x80\x93" : "\xE2\x97\xA6";
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
	block *b = doc_add(c->d, BLK_PARA, pos);
	b->style = flow_style(c);
	b->level = c->lists;
	b->indent = flow_indent(c);
	b->spans = sp;
	b->nspans = n;
	if (c->marker && b->style == ST_LIST) {
		b->marker = c->marker;
		c->marker = NULL;
	}
}

static int heading_style(int level)
{
	return ST_H1 + (level > 4 ? 3 : level - 1);
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
	block *b = doc_add(c->d, BLK_HEADING, pos);
	b->style = heading_style(level);
	b->toc = level <= 3;
	b->level = level > 4 ? 4 : level; /* the model's heading levels are 1..4 */
	b->keep_with_next = true;
	b->spans = sp;
	b->nspans = n;
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
	block *b = doc_add(c->d, BLK_CODE, pos);
	b->style = ST_CODE;
	b->indent = flow_indent(c);
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
	if (!img)
		return; /* reported */
	block *b = doc_add(c->d, BLK_IMAGE, c->img_pos);
	b->style = ST_CAPTION;
	b->indent = flow_indent(c);
	b->image = img;
	b->caption = *caption ? caption : NULL;
	b->credit = c->img_title;
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

static void add_cell(mdctx *c, const MD_BLOCK_TD_DETAIL *det)
{
	tbuild *tb = &c->tb;
	if (!tb->has_pos) {
		tb->pos = c->in.has_pos ? c->in.pos : c->last;
		tb->has_pos = true;
	}
	const char *text = buf_take_plain(c, &c->in.text);
	inl_reset(&c->in);
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
	block *b = doc_add(c->d, BLK_TABLE, pos);
	b->style = ST_TABLE;
	b->table = t;
}

/* ---- md4c callbacks ---- */

static int enter_block(MD_BLOCKTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
	flush_para(c);
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
		doc_add(c->d, BLK_RULE, c->last);
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
	switch (type) {
	case MD_BLOCK_QUOTE:
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		flush_para(c);
		pop_container(c);
		break;
	case MD_BLOCK_LI:
		flush_para(c);
		c->marker = NULL;
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

static int enter_span(MD_SPANTYPE type, void *det, void *ud)
{
	mdctx *c = ud;
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
		break;
	case MD_SPAN_IMG:
		/* an image in a heading or table cell keeps only its text */
		if (c->mode == M_FLOW && c->img++ == 0)
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
		c->link = NULL;
		break;
	case MD_SPAN_IMG:
		if (c->mode == M_FLOW && c->img > 0 && --c->img == 0)
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
	if (c->mode == M_CODE) {
		if (!c->in.has_pos) {
			c->in.pos = c->last;
			c->in.has_pos = true;
		}
		put_text(&c->code_text, type, s, n);
	} else if (c->img) {
		put_text(&c->alt, type, s, n);
	} else {
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
	c->scan = (scanpos){0, 1, 1};
	c->nest_kind = -1;
}

static void ctx_free(mdctx *c)
{
	buf_free(&c->in.text);
	free(c->in.v);
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
	if (md_parse(s, (MD_SIZE)n, &parser, c) != 0)
		diag_error(c->dg, c->last, "cannot parse the Markdown text (out of memory?)");
	flush_para(c);
	report_nesting(c);
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
	const char *title, *byline, *date, *source, *language;
	srcpos title_pos, byline_pos;
} article_meta;

static srcpos field_pos(const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	return v ? v->pos : map->pos;
}

static void read_front(diag *dg, const ynode *map, article_meta *m)
{
	static const char *const keys[] = {"title", "byline", "date", "source", "language", NULL};
	ymap_check(dg, map, "front matter", keys);
	m->title = yneed_str(dg, map, "title", "front matter");
	m->title_pos = field_pos(map, "title");
	m->byline = yget_str(dg, map, "byline");
	m->source = yget_str(dg, map, "source");
	m->language = yget_str(dg, map, "language");
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
	if (m->source && *m->source)
		buf_printf(&b, "%sSource: %s", b.len ? sep : "", m->source);
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
	srcpos p = {path, 0, 0};
	utf8_linecol(text, (size_t)bad, &p.line, &p.col);
	diag_error(dg, p, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", (unsigned char)text[bad]);
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
	c.text = text;
	c.len = len;
	c.shift = shift;
	parse_markdown(&c, text + fm.body_off, len - fm.body_off);
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
	if (valid_utf8(dg, apath, text, len))
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
	parse_markdown(&c, text, len);
	ctx_free(&c);
	return dg->errors == errors;
}
