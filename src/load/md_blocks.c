/* md_blocks.c — Markdown blocks → document blocks: containers (block
 * quotes, lists), paragraphs, headings, code, images and tables; the md4c
 * block callbacks. (article_imp.h) */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "article_imp.h"

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
	if (l->kind == C_OL) { /* in the document's digits, as numbering.c numbers headings */
		char num[32];
		format_count(num, sizeof num, (long)l->next++, doc_lang(c->d));
		l->pending = arena_printf(c->d->a, "%s.", num);
	}
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
void flush_para(mdctx *c)
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

int heading_style(int level)
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
size_t image_attr(mdctx *c, block *b, const char *s, size_t n)
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

void begin_image(mdctx *c, const MD_SPAN_IMG_DETAIL *det)
{
	flush_para(c); /* text before the image stays before it */
	c->alt.len = 0;
	c->alt_src = NULL;
	note_ptr(c, det->src.text);
	c->img_pos = c->last;
	c->img_src = attr_str(c, &det->src);
	c->img_title = attr_str(c, &det->title);
}

void end_image(mdctx *c)
{
	/* its passages in another language ("![A [vue]{lang=fr}](v.png)"): as
	 * in a YAML text, md4c having read the brackets as text; at their
	 * column when the caption is its source as written */
	const char *caption = buf_take_plain(c, &c->alt);
	bool as_written = c->alt_src && c->text && c->alt_src >= c->text &&
			  strlen(caption) <= (size_t)(c->text + c->len - c->alt_src) &&
			  !memcmp(c->alt_src, caption, strlen(caption));
	caption = text_lang(c->d, c->dg, caption, c->alt_src ? c->alt_pos : c->img_pos, as_written ? 0 : -1, "caption");
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
	if (!*caption && c->d->tagged) { /* a tagged PDF reads an image by its alternative */
		if (c->d->strict_access)
			diag_error(c->dg, c->img_pos, "image '%s' has no text alternative: write what it shows between the "
				   "brackets, ![what it shows](%s) (document: accessibility: strict)", src, src);
		else {
			diag_warning(c->dg, c->img_pos, "image '%s' has no text alternative: write what it shows between the "
				     "brackets, ![what it shows](%s)", src, src);
			if (!c->d->access_warned)
				diag_note(c->dg, c->img_pos, "the PDF will not claim PDF/UA conformance (pdfuaid:part 1) "
					  "while an image is without alt text");
			c->d->access_warned = true;
		}
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
	tb->full = false;
	tb->has_pos = false;
	tb->t = NULL;
	if (tb->ncols && tb->ncols <= LIMIT_TABLE_COLUMNS) {
		tb->t = table_begin(&tb->b, c->d->a, c->last, tb->ncols);
		tb->open = true;
		tb->row = arena_array(c->d->a, tb->ncols, sizeof *tb->row);
	}
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
	const char *text = inl_take_cell(c); /* set as a paragraph is */
	inl_reset(&c->in);
	cell_references(c, text, tb->pos);
	if (!tb->t || tb->col >= tb->ncols || tb->full)
		return;
	if (tb->head) {
		column *col = &tb->t->cols[tb->col];
		col->key = col->label = text;
		col->type = COL_TEXT;
		col->align = md_align(det->align);
		col->pos = tb->pos;
	} else {
		tb->row[tb->col] = text;
	}
	tb->col++;
}

/* Pad a short body row so the cell array stays rectangular. */
static void end_row(mdctx *c)
{
	tbuild *tb = &c->tb;
	if (tb->head || !tb->t || tb->full)
		return;
	while (tb->col < tb->ncols)
		tb->row[tb->col++] = "";
	table_add_row(&tb->b, tb->row, ROW_BODY);
	if (tb->t->nrows >= (size_t)LIMIT_TABLE_ROWS)
		tb->full = true;
}

static void end_table(mdctx *c)
{
	tbuild *tb = &c->tb;
	srcpos pos = tb->has_pos ? tb->pos : c->last;
	c->mode = M_FLOW;
	if (!tb->t) {
		diag_error(c->dg, pos, "table has %u columns; at most %ld are supported (limit table-columns)", tb->ncols,
			   LIMIT_TABLE_COLUMNS);
		return;
	}
	if (tb->full)
		diag_error(c->dg, pos, "table has more than %ld rows (limit table-rows)", LIMIT_TABLE_ROWS);
	table *t = table_end(&tb->b);
	tb->open = false;
	tb->t = NULL;
	t->header = true;
	t->pos = pos;
	block *b = add_flow_block(c, BLK_TABLE, pos);
	b->style = ST_TABLE;
	b->table = t;
}

/* ---- md4c callbacks ---- */

int enter_block(MD_BLOCKTYPE type, void *det, void *ud)
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

int leave_block(MD_BLOCKTYPE type, void *det, void *ud)
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
