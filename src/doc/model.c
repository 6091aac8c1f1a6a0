/* model.c — the document model: creation, built-in styles, formatting of
 * numbers and dates by language. */
#include "bounds.h"
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *const style_names[ST_COUNT + 1] = {
	"body", "h1", "h2", "h3", "h4", "title", "subtitle", "cover-meta",
	"quote", "code", "list", "caption", "source", "table", "table-header",
	"toc-title", "toc-1", "toc-2", "toc-3", "header", "footer", "byline",
	"fact-label", "fact-value", "classification", "footnote", NULL,
};

#define NAVY 0x1F3A5Fu
#define INK 0x1A1A1Au
#define GREY 0x5A5A5Au

static void set(style *s, const char *name, int fam, int face, double size, double leading,
		double before, double after, int align, uint32_t color)
{
	*s = (style){0};
	s->name = name;
	s->family = fam;
	s->face = face;
	s->size = size;
	s->leading = leading;
	s->space_before = before;
	s->space_after = after;
	s->align = align;
	s->color = color;
	s->hyphenate = false;
}

void style_defaults(doc *d)
{
	style *s = d->styles;
	const char *const *n = style_names;
	set(&s[ST_BODY], n[ST_BODY], FAM_BODY, FACE_REGULAR, 10.5, 14, 0, 6, ALIGN_JUSTIFY, INK);
	set(&s[ST_H1], n[ST_H1], FAM_HEADING, FACE_BOLD, 20, 25, 0, 12, ALIGN_LEFT, NAVY);
	set(&s[ST_H2], n[ST_H2], FAM_HEADING, FACE_BOLD, 13.5, 17, 14, 6, ALIGN_LEFT, NAVY);
	set(&s[ST_H3], n[ST_H3], FAM_HEADING, FACE_BOLD, 11.5, 14.5, 10, 4, ALIGN_LEFT, INK);
	set(&s[ST_H4], n[ST_H4], FAM_HEADING, FACE_BOLDITALIC, 10.5, 14, 8, 2, ALIGN_LEFT, INK);
	set(&s[ST_TITLE], n[ST_TITLE], FAM_HEADING, FACE_BOLD, 28, 34, 0, 14, ALIGN_LEFT, NAVY);
	set(&s[ST_SUBTITLE], n[ST_SUBTITLE], FAM_HEADING, FACE_REGULAR, 15, 20, 0, 10, ALIGN_LEFT, INK);
	set(&s[ST_COVER_META], n[ST_COVER_META], FAM_HEADING, FACE_REGULAR, 10.5, 15, 0, 2, ALIGN_LEFT,
	    GREY);
	set(&s[ST_QUOTE], n[ST_QUOTE], FAM_BODY, FACE_ITALIC, 10.5, 14, 2, 8, ALIGN_JUSTIFY, 0x333333);
	set(&s[ST_CODE], n[ST_CODE], FAM_MONO, FACE_REGULAR, 9, 12, 2, 8, ALIGN_LEFT, INK);
	set(&s[ST_LIST], n[ST_LIST], FAM_BODY, FACE_REGULAR, 10.5, 14, 0, 3, ALIGN_JUSTIFY, INK);
	set(&s[ST_CAPTION], n[ST_CAPTION], FAM_HEADING, FACE_BOLD, 9, 11.5, 4, 4, ALIGN_LEFT, NAVY);
	set(&s[ST_SOURCE], n[ST_SOURCE], FAM_HEADING, FACE_ITALIC, 8, 10, 3, 10, ALIGN_LEFT, GREY);
	set(&s[ST_TABLE], n[ST_TABLE], FAM_HEADING, FACE_REGULAR, 9, 11.5, 0, 0, ALIGN_LEFT, INK);
	set(&s[ST_TABLE_HEAD], n[ST_TABLE_HEAD], FAM_HEADING, FACE_BOLD, 9, 11.5, 0, 0, ALIGN_LEFT,
	    0xFFFFFF);
	set(&s[ST_TOC_TITLE], n[ST_TOC_TITLE], FAM_HEADING, FACE_BOLD, 20, 25, 0, 14, ALIGN_LEFT, NAVY);
	set(&s[ST_TOC1], n[ST_TOC1], FAM_HEADING, FACE_BOLD, 11, 15, 8, 2, ALIGN_LEFT, NAVY);
	set(&s[ST_TOC2], n[ST_TOC2], FAM_BODY, FACE_REGULAR, 10.5, 14, 0, 1, ALIGN_LEFT, INK);
	set(&s[ST_TOC3], n[ST_TOC3], FAM_BODY, FACE_ITALIC, 10, 13, 0, 1, ALIGN_LEFT, INK);
	s[ST_TOC2].left_indent = 14;
	s[ST_TOC3].left_indent = 28;
	set(&s[ST_HEADER], n[ST_HEADER], FAM_HEADING, FACE_REGULAR, 8, 10, 0, 0, ALIGN_LEFT, GREY);
	set(&s[ST_FOOTER], n[ST_FOOTER], FAM_HEADING, FACE_REGULAR, 8, 10, 0, 0, ALIGN_LEFT, GREY);
	set(&s[ST_BYLINE], n[ST_BYLINE], FAM_HEADING, FACE_ITALIC, 9, 12, 0, 10, ALIGN_LEFT, GREY);
	set(&s[ST_FACT_LABEL], n[ST_FACT_LABEL], FAM_HEADING, FACE_BOLD, 9, 12, 0, 0, ALIGN_LEFT, NAVY);
	set(&s[ST_FACT_VALUE], n[ST_FACT_VALUE], FAM_BODY, FACE_REGULAR, 9.5, 12.5, 0, 0, ALIGN_LEFT, INK);
	set(&s[ST_CLASSIFICATION], n[ST_CLASSIFICATION], FAM_HEADING, FACE_BOLD, 8, 10, 0, 0,
	    ALIGN_CENTER, 0x8B1A1A);
	/* footnotes: smaller than the body, ragged right; space_before is the
	 * room above the short rule that separates them from the body */
	set(&s[ST_FOOTNOTE], n[ST_FOOTNOTE], FAM_BODY, FACE_REGULAR, 8.5, 11, 10, 2, ALIGN_LEFT, INK);
	s[ST_FOOTNOTE].left_indent = 12;
	for (int i = ST_H1; i <= ST_H4; i++)
		s[i].keep_with_next = true;
	s[ST_CAPTION].keep_with_next = true;
	s[ST_BODY].hyphenate = s[ST_LIST].hyphenate = s[ST_QUOTE].hyphenate = true;
	/* the house look: navy, gold and blue-greys */
	s[ST_BODY].rule_color = 0x8A97A8, s[ST_BODY].rule_width = 0.6; /* a thematic break */
	s[ST_H1].rule_color = 0xC9A227, s[ST_H1].rule_width = 0.8;
	s[ST_QUOTE].rule_color = 0xB8C4D6, s[ST_QUOTE].rule_width = 2; /* and boxes' bars */
	s[ST_CODE].background = 0xF2F4F7;
	s[ST_LIST].accent = NAVY;
	s[ST_TABLE].background = 0xFFFFFF, s[ST_TABLE].zebra = 0xF3F6FA, s[ST_TABLE].accent = NAVY;
	s[ST_TABLE].total_bg = 0xE4EAF2, s[ST_TABLE].group_bg = 0xDDE5EF, s[ST_TABLE].subtotal_bg = 0xEEF2F7;
	s[ST_FACT_LABEL].background = 0xE8EEF5; /* a key-value table's label column */
	s[ST_TABLE].rule_color = 0xC5CED9, s[ST_TABLE].rule_width = 0.4;
	s[ST_TABLE_HEAD].background = NAVY;
	s[ST_TITLE].accent = 0xC9A227;
	s[ST_COVER_META].background = NAVY, s[ST_COVER_META].accent = 0xFFFFFF;
	s[ST_COVER_META].rule_color = NAVY, s[ST_COVER_META].rule_width = 0.6;
	for (int i = ST_TOC1; i <= ST_TOC3; i++)
		s[i].rule_color = 0x8A97A8; /* dot leaders */
	s[ST_HEADER].rule_color = s[ST_FOOTER].rule_color = 0xB8C4D6;
	s[ST_HEADER].rule_width = s[ST_FOOTER].rule_width = 0.5;
	s[ST_FOOTNOTE].rule_color = 0x8A8A8A, s[ST_FOOTNOTE].rule_width = 0.5;
	s[ST_CLASSIFICATION].background = 0xFFFFFF;
	for (int i = 0; i < ST_COUNT; i++)
		s[i].link_color = 0x1F4E9A;
}

int style_lookup(const char *name)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(style_names[i], name) == 0)
			return i;
	return -1;
}

doc *doc_new(void)
{
	doc *d = xcalloc(1, sizeof *d);
	d->a = arena_new();
	d->kerning = true;
	d->tagged = true;
	style_defaults(d);
	return d;
}

void doc_free(doc *d)
{
	if (!d)
		return;
	free(d->blocks);
	free(d->sources);
	free(d->known);
	free(d->notes);
	free(d->inputs);
	free(d->images);
	free(d->failed_ids);
	free(d->tables);
	char *pw[2] = {d->security.user_pw, d->security.owner_pw};
	for (int i = 0; i < 2; i++)
		if (pw[i]) {
			explicit_bzero(pw[i], strlen(pw[i]));
			free(pw[i]);
		}
	arena_free(d->a);
	free(d);
}

void image_size(const image *im, double want_w, double want_h, double max_w, double max_h,
		double *w, double *h)
{
	double iw = im->width > 0 ? im->width : 1, ih = im->height > 0 ? im->height : 1;
	if (im->is_svg && im->svg_w > 0 && im->svg_h > 0)
		iw = im->svg_w, ih = im->svg_h;
	double pw, ph;
	if (want_w > 0 && want_h > 0) {
		pw = want_w, ph = want_h;
	} else if (want_w > 0) {
		pw = want_w, ph = want_w * ih / iw;
	} else if (want_h > 0) {
		ph = want_h, pw = want_h * iw / ih;
	} else {
		double dpi = im->dpi > 0 ? im->dpi : 96;
		pw = iw * 72.0 / dpi, ph = ih * 72.0 / dpi;
	}
	double s = 1;
	if (max_w > 0 && pw > max_w)
		s = max_w / pw;
	if (max_h > 0 && ph * s > max_h)
		s = max_h / ph;
	*w = pw * s;
	*h = ph * s;
}

block *doc_add(doc *d, block_kind k, srcpos pos)
{
	GROW(d->blocks, d->cap, d->nblocks + 1);
	block *b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	b->pos = pos;
	b->style = ST_BODY;
	return b;
}

void doc_add_input(doc *d, const char *path)
{
	for (size_t i = 0; i < d->ninputs; i++)
		if (strcmp(d->inputs[i], path) == 0)
			return;
	GROW(d->inputs, d->inputs_cap, d->ninputs + 1);
	d->inputs[d->ninputs++] = arena_strdup(d->a, path);
}

footnote *doc_add_note(doc *d)
{
	GROW(d->notes, d->notes_cap, d->nnotes + 1);
	footnote *f = &d->notes[d->nnotes++];
	memset(f, 0, sizeof *f);
	f->number = (int)d->nnotes;
	return f;
}

char *spans_plain(arena *a, const span *s, size_t n)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += s[i].len;
	char *p = arena_alloc(a, len + 1), *q = p;
	for (size_t i = 0; i < n; i++) {
		if (s[i].flags & SPAN_NOTE)
			continue;
		for (size_t j = 0; j < s[i].len; j++)
			*q++ = s[i].text[j] == '\n' ? ' ' : s[i].text[j];
	}
	*q = 0;
	return p;
}

const char *doc_lang(const doc *d)
{
	return d->meta.language ? d->meta.language : "en";
}

/* ---- building tables ---- */

table *table_begin(table_builder *tb, arena *a, srcpos pos, size_t ncols)
{
	memset(tb, 0, sizeof *tb);
	tb->a = a;
	tb->t = arena_alloc(a, sizeof *tb->t);
	tb->t->pos = pos;
	tb->t->ncols = ncols;
	tb->t->cols = arena_array(a, ncols ? ncols : 1, sizeof(column));
	return tb->t;
}

void table_column(table_builder *tb, size_t i, const char *label, int type, double weight)
{
	column *c = &tb->t->cols[i];
	c->label = label;
	c->type = type;
	c->align = (type == COL_TEXT || type == COL_DATE) ? ALIGN_LEFT : ALIGN_RIGHT;
	c->weight = weight;
}

void table_add_row(table_builder *tb, const char *const *cells, int kind)
{
	table *t = tb->t;
	if (t->nrows + 1 > tb->cap) { /* rows of ncols cells, overflow-checked */
		size_t cap = tb->cap, kcap = tb->cap;
		grow_array((void **)&tb->cells, &cap, t->nrows + 1, (t->ncols ? t->ncols : 1) * sizeof *tb->cells);
		grow_array((void **)&tb->kinds, &kcap, t->nrows + 1, 1);
		tb->cap = cap;
	}
	for (size_t i = 0; i < t->ncols; i++)
		tb->cells[t->nrows * t->ncols + i] = cells[i] ? cells[i] : "";
	tb->kinds[t->nrows++] = (unsigned char)kind;
}

table *table_end(table_builder *tb)
{
	table *t = tb->t;
	size_t n = t->nrows * t->ncols;
	t->cells = arena_array(tb->a, n ? n : 1, sizeof *t->cells);
	t->rowkind = arena_alloc(tb->a, t->nrows ? t->nrows : 1);
	if (n)
		memcpy(t->cells, tb->cells, n * sizeof *t->cells);
	if (t->nrows)
		memcpy(t->rowkind, tb->kinds, t->nrows);
	free(tb->cells);
	free(tb->kinds);
	tb->cells = NULL;
	tb->kinds = NULL;
	tb->cap = 0;
	return t;
}
