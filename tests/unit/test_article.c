/* test_article.c — Markdown articles → blocks (load_article.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "fixture.h"
#include "langmark.h"
#include "load.h"

#define BULLET "\xE2\x80\xA2"
#define EN_DASH "\xE2\x80\x93"
#define WHITE_BULLET "\xE2\x97\xA6"

typedef struct {
	doc *d;
	diag dg;
	char path[64];
	char *log;      /* everything the diag reported, from its records */
	bool ok;        /* load_article's result */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	f->d = doc_new();
	diag_init(&f->dg, tmpfile());
	f->dg.snippets = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	if (f->path[0])
		unlink(f->path);
	diag_free(&f->dg);
	fclose(f->dg.out);
	free(f->log);
	doc_free(f->d);
	free(f);
	return 0;
}

static void write_file(char *path, const char *text, size_t len)
{
	strcpy(path, "/tmp/dossier-article-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/* What was reported, from the diag's records (fixture.h). */
static void read_log(fixture *f)
{
	free(f->log);
	f->log = calloc(1, 64 * 1024);
	diag_records_text(&f->dg, f->log, 64 * 1024);
}

static void load_shifted(fixture *f, const char *md, int shift)
{
	write_file(f->path, md, strlen(md));
	f->ok = load_article(f->d, &f->dg, f->path, (srcpos){"layout.yaml", 1, 1}, shift);
	read_log(f);
}

static void load(fixture *f, const char *md)
{
	load_shifted(f, md, 0);
}

/* The i-th block of this kind (0-based), or fail. */
static const block *nth(const fixture *f, block_kind k, size_t i)
{
	size_t seen = 0;
	for (size_t j = 0; j < f->d->nblocks; j++)
		if (f->d->blocks[j].kind == k && seen++ == i)
			return &f->d->blocks[j];
	fail_msg("block %zu of kind %d not found", i, (int)k);
	return NULL;
}

static size_t count(const fixture *f, block_kind k)
{
	size_t n = 0;
	for (size_t j = 0; j < f->d->nblocks; j++)
		n += f->d->blocks[j].kind == k;
	return n;
}

/* The i-th paragraph after the byline (articles without a byline: all). */
static const block *para(const fixture *f, size_t i)
{
	return nth(f, BLK_PARA, i);
}

static const char *text_of(const fixture *f, const block *b)
{
	return spans_plain(f->d->a, b->spans, b->nspans);
}

/* A block's containers, outermost first: ">" a block quote, an item's
 * marker, "_" an item whose marker is on an earlier block. */
static const char *path_of(const fixture *f, const block *b)
{
	buf o = {0};
	for (size_t i = 0; i < b->ncont; i++) {
		const container *k = &b->cont[i];
		buf_printf(&o, "%s%s", i ? " " : "", k->kind == CONT_QUOTE ? ">" : k->marker ? k->marker : "_");
	}
	const char *r = arena_strdup(f->d->a, buf_cstr(&o));
	buf_free(&o);
	return r;
}

static void assert_clean(const fixture *f)
{
	if (!f->ok || f->dg.errors)
		fail_msg("unexpected diagnostics:\n%s", f->log);
}

static void test_heading_levels(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: The title\n---\n# One\n\n## Two\n\n### Three\n\n#### Four\n");
	assert_clean(f);
	assert_int_equal(count(f, BLK_HEADING), 5);
	const block *t = nth(f, BLK_HEADING, 0);
	assert_string_equal(t->plain, "The title");
	assert_int_equal(t->level, 1);
	assert_int_equal(t->style, ST_H1);
	assert_true(t->toc);
	assert_true(t->keep_with_next);
	assert_int_equal(t->pos.line, 2);
	assert_int_equal(t->pos.col, 8);
	const int styles[] = {ST_H1, ST_H2, ST_H3, ST_H4};
	for (int i = 1; i <= 4; i++) {
		const block *h = nth(f, BLK_HEADING, (size_t)i);
		assert_int_equal(h->level, i);
		assert_int_equal(h->style, styles[i - 1]);
		assert_int_equal(h->toc, i <= 3);
		assert_true(h->keep_with_next);
	}
	assert_string_equal(nth(f, BLK_HEADING, 2)->plain, "Two");
	assert_int_equal(nth(f, BLK_HEADING, 2)->pos.line, 6);
	assert_int_equal(nth(f, BLK_HEADING, 2)->pos.col, 4);
}

static void test_heading_shift(void **state)
{
	fixture *f = *state;
	load_shifted(f, "---\ntitle: T\n---\n## Two\n\n#### Four\n", 1);
	assert_clean(f);
	const block *t = nth(f, BLK_HEADING, 0);
	assert_int_equal(t->level, 2);
	assert_int_equal(t->style, ST_H2);
	assert_true(t->toc);
	assert_int_equal(nth(f, BLK_HEADING, 1)->level, 3);
	assert_int_equal(nth(f, BLK_HEADING, 1)->style, ST_H3);
	assert_true(nth(f, BLK_HEADING, 1)->toc);
	const block *h = nth(f, BLK_HEADING, 2); /* level 5: H4 style, not in TOC */
	assert_int_equal(h->style, ST_H4);
	assert_false(h->toc);
}

static void test_byline(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\nbyline: Briefing unit\ndate: 2021-03-15\nsource: UN\nlanguage: en\n---\n"
		"Body.\n");
	assert_clean(f);
	const block *b = para(f, 0);
	assert_int_equal(b->style, ST_BYLINE);
	assert_string_equal(text_of(f, b), "Briefing unit \xC2\xB7 15 March 2021 \xC2\xB7 Source: UN");
	assert_int_equal(b->pos.line, 3);
	assert_int_equal(para(f, 1)->style, ST_BODY);
}

static void test_bold_italic_nesting(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n***both*** and **bold *inner***, `code` [link](http://x.org/)\n");
	assert_clean(f);
	const block *b = para(f, 0);
	assert_int_equal(b->nspans, 8);
	assert_string_equal(b->spans[0].text, "both");
	assert_int_equal(b->spans[0].flags, SPAN_BOLD | SPAN_ITALIC);
	assert_string_equal(b->spans[1].text, " and ");
	assert_int_equal(b->spans[1].flags, 0);
	assert_string_equal(b->spans[2].text, "bold ");
	assert_int_equal(b->spans[2].flags, SPAN_BOLD);
	assert_string_equal(b->spans[3].text, "inner");
	assert_int_equal(b->spans[3].flags, SPAN_BOLD | SPAN_ITALIC);
	assert_string_equal(b->spans[4].text, ", ");
	assert_string_equal(b->spans[5].text, "code");
	assert_int_equal(b->spans[5].flags, SPAN_CODE);
	assert_string_equal(b->spans[7].text, "link");
	assert_string_equal(b->spans[7].link, "http://x.org/");
	assert_null(b->spans[6].link);
}

static void test_soft_and_hard_breaks(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\none\ntwo  \nthree\\\nfour\n");
	assert_clean(f);
	const block *b = para(f, 0);
	assert_int_equal(b->nspans, 5);
	assert_string_equal(b->spans[0].text, "one two");
	assert_string_equal(b->spans[1].text, "\n");
	assert_string_equal(b->spans[2].text, "three");
	assert_string_equal(b->spans[3].text, "\n");
	assert_string_equal(b->spans[4].text, "four");
}

static void test_nested_list_markers(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n- a\n  - b\n    - c\n      - d\n- e\n");
	assert_clean(f);
	const char *paths[] = {BULLET, "_ " EN_DASH, "_ _ " WHITE_BULLET, "_ _ _ " WHITE_BULLET, BULLET};
	const int levels[] = {1, 2, 3, 4, 1};
	const char *texts[] = {"a", "b", "c", "d", "e"};
	assert_int_equal(count(f, BLK_PARA), 5);
	for (size_t i = 0; i < 5; i++) {
		const block *b = para(f, i);
		assert_string_equal(text_of(f, b), texts[i]);
		assert_int_equal(b->style, ST_LIST);
		assert_string_equal(path_of(f, b), paths[i]);
		assert_int_equal(b->level, levels[i]);
		assert_int_equal(b->ncont, levels[i]);
	}
	assert_int_equal(para(f, 1)->pos.line, 5);
	assert_int_equal(para(f, 1)->pos.col, 5);
}

static void test_ordered_list_start(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n3. a\n4. b\n\ntext\n\n1) x\n\n   second paragraph\n2) y\n");
	assert_clean(f);
	assert_string_equal(path_of(f, para(f, 0)), "3.");
	assert_string_equal(text_of(f, para(f, 0)), "a");
	assert_string_equal(path_of(f, para(f, 1)), "4.");
	assert_int_equal(para(f, 2)->ncont, 0);
	assert_int_equal(para(f, 2)->style, ST_BODY);
	assert_int_equal(para(f, 2)->level, 0);
	/* loose list: only the first paragraph of an item has the marker */
	assert_string_equal(path_of(f, para(f, 3)), "1.");
	assert_string_equal(path_of(f, para(f, 4)), "_");
	assert_int_equal(para(f, 4)->style, ST_LIST);
	assert_string_equal(text_of(f, para(f, 4)), "second paragraph");
	assert_string_equal(path_of(f, para(f, 5)), "2.");
}

static void test_block_quote(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n> quoted *text*\n>\n> > deeper\n\nafter\n");
	assert_clean(f);
	const block *q = para(f, 0);
	assert_int_equal(q->style, ST_QUOTE);
	assert_string_equal(path_of(f, q), ">");
	assert_string_equal(text_of(f, q), "quoted text");
	assert_int_equal(q->spans[1].flags, SPAN_ITALIC);
	assert_int_equal(para(f, 1)->style, ST_QUOTE);
	assert_string_equal(path_of(f, para(f, 1)), "> >");
	assert_int_equal(para(f, 2)->style, ST_BODY);
	assert_int_equal(para(f, 2)->ncont, 0);
}

/* Every block kind keeps its containers: heading, code, rule and table in
 * a quote; code in a list item. */
static void test_blocks_in_containers(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n> # Heading\n>\n>     code\n>\n> ---\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n"
		"\n1.     indented code\n\n   para\n\n- > ```\n  > fenced\n  > ```\n");
	assert_clean(f);
	assert_string_equal(path_of(f, nth(f, BLK_HEADING, 1)), ">"); /* 0: the title */
	assert_string_equal(path_of(f, nth(f, BLK_CODE, 0)), ">");
	assert_string_equal(path_of(f, nth(f, BLK_RULE, 0)), ">");
	assert_string_equal(path_of(f, nth(f, BLK_TABLE, 0)), ">");
	/* the item's number goes with its first block, the code */
	assert_string_equal(nth(f, BLK_CODE, 1)->spans[0].text, "indented code");
	assert_string_equal(path_of(f, nth(f, BLK_CODE, 1)), "1.");
	assert_string_equal(path_of(f, para(f, 0)), "_");
	assert_string_equal(path_of(f, nth(f, BLK_CODE, 2)), BULLET " >");
	assert_int_equal(count(f, BLK_PARA), 1);
}

/* Nested items opened on one line show every marker; an empty item
 * shows its own. */
static void test_nested_and_empty_items(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n- - foo\n\ntext\n\n1. - 2. bar\n\ntext\n\n1. one\n2.\n3. three\n\ntext\n\n-\n  after\n");
	assert_clean(f);
	assert_string_equal(text_of(f, para(f, 0)), "foo");
	assert_string_equal(path_of(f, para(f, 0)), BULLET " " EN_DASH);
	assert_string_equal(text_of(f, para(f, 2)), "bar");
	assert_string_equal(path_of(f, para(f, 2)), "1. " EN_DASH " 2.");
	assert_string_equal(path_of(f, para(f, 4)), "1.");
	assert_string_equal(path_of(f, para(f, 5)), "2.");
	assert_int_equal(para(f, 5)->nspans, 0); /* the empty item */
	assert_string_equal(path_of(f, para(f, 6)), "3.");
	assert_string_equal(text_of(f, para(f, 6)), "three");
	/* an item whose first line is empty: the marker on its text */
	assert_string_equal(path_of(f, para(f, 8)), BULLET);
	assert_string_equal(text_of(f, para(f, 8)), "after");
	assert_int_equal(count(f, BLK_PARA), 9);
}

static void test_nfd_becomes_nfc(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: \"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n\"\n---\n"
		"Nguye\xcc\x82\xcc\x83n **Nguye\xcc\x82\xcc\x83n**\n");
	assert_clean(f);
	assert_string_equal(nth(f, BLK_HEADING, 0)->plain, "Nguy\xe1\xbb\x85n V\xc4\x83n");
	const block *b = para(f, 0);
	assert_string_equal(b->spans[0].text, "Nguy\xe1\xbb\x85n ");
	assert_string_equal(b->spans[1].text, "Nguy\xe1\xbb\x85n");
}

static void test_entities(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\nTom &amp; Jerry &lt;3 caf&#233; &#x41;&hellip; &bogus; &#0;\n");
	assert_clean(f);
	assert_int_equal(para(f, 0)->nspans, 1);
	assert_string_equal(text_of(f, para(f, 0)),
			    "Tom & Jerry <3 caf\xc3\xa9 A\xE2\x80\xA6 &bogus; \xEF\xBF\xBD");
}

static void test_code_rule(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n```\nline 1\n  line 2\n```\n\n---\n\n    indented\n");
	assert_clean(f);
	const block *c = nth(f, BLK_CODE, 0);
	assert_int_equal(c->style, ST_CODE);
	assert_int_equal(c->nspans, 1);
	assert_string_equal(c->spans[0].text, "line 1\n  line 2");
	assert_int_equal(c->pos.line, 5);
	assert_int_equal(count(f, BLK_RULE), 1);
	assert_string_equal(nth(f, BLK_CODE, 1)->spans[0].text, "indented");
	assert_int_equal(count(f, BLK_PARA), 0);
}

static void test_table(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n| Name | Count |\n|:-----|------:|\n| a *b* | 1 |\n| c |\n");
	assert_clean(f);
	const block *b = nth(f, BLK_TABLE, 0);
	const table *t = b->table;
	assert_int_equal(t->ncols, 2);
	assert_int_equal(t->nrows, 2);
	assert_true(t->header);
	assert_string_equal(t->cols[0].label, "Name");
	assert_int_equal(t->cols[0].align, ALIGN_LEFT);
	assert_string_equal(t->cols[1].label, "Count");
	assert_int_equal(t->cols[1].align, ALIGN_RIGHT);
	assert_string_equal(t->cells[0], "a b");
	assert_string_equal(t->cells[1], "1");
	assert_string_equal(t->cells[2], "c");
	assert_string_equal(t->cells[3], "");
	assert_int_equal(b->pos.line, 4);
}

/* 1x1 RGB PNG */
static const unsigned char png1x1[] =
	"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00"
	"\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf"
	"\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

static void test_image(void **state)
{
	fixture *f = *state;
	char img[64], md[256];
	write_file(img, (const char *)png1x1, sizeof png1x1 - 1);
	snprintf(md, sizeof md, "---\ntitle: T\n---\nBefore.\n\n![A *caption*](%s \"Photo: UN\")\n\n"
		 "Text ![x](%s) after.\n", strrchr(img, '/') + 1, strrchr(img, '/') + 1);
	load(f, md);
	unlink(img);
	assert_clean(f);
	assert_int_equal(count(f, BLK_IMAGE), 2);
	const block *b = nth(f, BLK_IMAGE, 0);
	assert_non_null(b->image);
	assert_string_equal(b->caption, "A caption");
	assert_string_equal(b->credit, "Photo: UN");
	assert_int_equal(b->pos.line, 6);
	/* the image alone in its paragraph leaves no empty paragraph behind */
	assert_int_equal(f->d->blocks[2].kind, BLK_IMAGE);
	assert_string_equal(text_of(f, &f->d->blocks[3]), "Text");
	assert_int_equal(f->d->blocks[4].kind, BLK_IMAGE);
	assert_null(f->d->blocks[4].credit);
	assert_string_equal(text_of(f, &f->d->blocks[5]), "after.");
}

/* Ids for cross-references: "{#id}" after an image and at the end of a
 * heading; "[](#id)" is a reference whose text layout writes. */
static void test_labels_and_references(void **state)
{
	fixture *f = *state;
	char img[64], md[512];
	write_file(img, (const char *)png1x1, sizeof png1x1 - 1);
	snprintf(md, sizeof md,
		 "---\ntitle: T\nid: art:t\n---\n## The venue {#sec:venue}\n\n"
		 "![Kyoto](%s){#fig:kyoto} Text after.\n\n"
		 "See [](#fig:kyoto) and [the venue](#sec:venue); not `[](#code)`.\n",
		 strrchr(img, '/') + 1);
	load(f, md);
	unlink(img);
	assert_clean(f);
	const block *t = nth(f, BLK_HEADING, 0), *h = nth(f, BLK_HEADING, 1);
	assert_string_equal(t->label, "art:t");
	assert_string_equal(h->label, "sec:venue");
	assert_string_equal(h->plain, "The venue"); /* the id is taken off the text */
	const block *im = nth(f, BLK_IMAGE, 0);
	assert_non_null(im->label);
	assert_string_equal(im->label, "fig:kyoto");
	/* the text after the id stays, without the id */
	assert_string_equal(text_of(f, para(f, 0)), "Text after.");
	const block *p = para(f, 1);
	size_t autorefs = 0, links = 0;
	for (size_t i = 0; i < p->nspans; i++) {
		if (p->spans[i].autoref) {
			autorefs++;
			assert_string_equal(p->spans[i].link, "#fig:kyoto");
		} else if (p->spans[i].link) {
			links++;
			assert_string_equal(p->spans[i].link, "#sec:venue");
			assert_false(p->spans[i].autoref);
		}
	}
	assert_int_equal(autorefs, 1);
	assert_int_equal(links, 1);
}

/* "[…]{.name}" marks a name: its span is never hyphenated nor broken
 * across lines (no-break spaces), the markup goes */
static void test_names(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\nLed by [Nguyễn Văn Kỳ]{.name} and [Representatives]{.name}, "
		"not [this](https://example.org) or \\[that]{.name}.\n");
	assert_clean(f);
	const block *p = para(f, 0);
	assert_string_equal(text_of(f, p),
			    "Led by Nguyễn\u00a0Văn\u00a0Kỳ and Representatives, not this or [that]{.name}.");
	size_t names = 0;
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].nobreak_hyphen) {
			names++;
			assert_true(!strcmp(p->spans[i].text, "Nguyễn\u00a0Văn\u00a0Kỳ") ||
				    !strcmp(p->spans[i].text, "Representatives"));
		}
	assert_int_equal(names, 2);
}

/* A block's text with its passages in other languages marked: "«ru:…»"
 * around each run of spans of one language, "_" after a run in italics. */
static const char *langs_of(const fixture *f, const block *b)
{
	buf o = {0};
	const char *cur = NULL;
	for (size_t i = 0; i < b->nspans; i++) {
		const span *sp = &b->spans[i];
		bool same = sp->lang == cur || (sp->lang && cur && !strcmp(sp->lang, cur));
		if (!same && cur)
			buf_puts(&o, "»");
		if (!same && sp->lang)
			buf_printf(&o, "«%s:", sp->lang);
		cur = sp->lang;
		buf_put(&o, sp->text, sp->len);
		if (sp->flags & SPAN_ITALIC)
			buf_puts(&o, "_");
	}
	if (cur)
		buf_puts(&o, "»");
	const char *r = arena_strdup(f->d->a, buf_cstr(&o));
	buf_free(&o);
	return r;
}

/* Passages in another language: "[…]{lang=xx}" and '<span lang="xx">',
 * with emphasis inside and across them, nested, with a name, in a heading
 * and a note; the markup goes, the text keeps its language. */
static void test_lang_spans(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"## The [Congrès des Nations Unies]{lang=fr}\n\n"
		"Welcome, or [Добро пожаловать]{lang=ru}, and <span lang=\"fr\">bienvenue</span>.\n\n"
		"A [Добро *пожаловать*]{lang=ru} with *emphasis [across]{lang=de} the* edge.\n\n"
		"Outer [le [вложенный]{lang=ru} et <span lang='de'>auch</span> fin]{lang=fr} out.\n\n"
		"Led by [Nguyễn Văn Kỳ]{.name lang=vi} and [a\nbroken line]{ lang=\"fr-CA\" dir=ltr }.\n\n"
		"HTML over *two <SPAN LANG=es>pieces* of</span> text[^n].\n\n"
		"[^n]: A note [en français]{lang=fr}.\n");
	assert_clean(f);
	assert_int_equal(f->dg.warnings, 0);
	const block *h = nth(f, BLK_HEADING, 1);
	assert_string_equal(h->plain, "The Congrès des Nations Unies");
	assert_string_equal(langs_of(f, h), "The «fr:Congrès des Nations Unies»");
	assert_string_equal(langs_of(f, para(f, 0)), "Welcome, or «ru:Добро пожаловать», and «fr:bienvenue».");
	assert_string_equal(langs_of(f, para(f, 1)),
			    "A «ru:Добро пожаловать_» with emphasis _«de:across_» the_ edge.");
	assert_string_equal(langs_of(f, para(f, 2)), "Outer «fr:le »«ru:вложенный»«fr: et »«de:auch»«fr: fin» out.");
	/* a name in another language: its spaces no-break, never hyphenated */
	const block *p = para(f, 3);
	assert_string_equal(langs_of(f, p),
			    "Led by «vi:Nguyễn\u00a0Văn\u00a0Kỳ» and «fr-CA:a broken line».");
	size_t names = 0;
	for (size_t i = 0; i < p->nspans; i++)
		names += p->spans[i].nobreak_hyphen && p->spans[i].lang;
	assert_int_equal(names, 1);
	assert_string_equal(langs_of(f, para(f, 4)), "HTML over two _«es:pieces_ of» text1.");
	const span *ref = &para(f, 4)->spans[para(f, 4)->nspans - 2];
	assert_true(ref->flags & SPAN_NOTE);
	assert_null(ref->lang);
	const footnote *fn = &f->d->notes[0];
	bool fr = false;
	for (size_t i = 0; i < fn->nspans; i++)
		fr |= fn->spans[i].lang && !strcmp(fn->spans[i].lang, "fr") && !strcmp(fn->spans[i].text, "en français");
	assert_true(fr);
}

/* What is not a span stays as written, as today: code, escapes, entities,
 * other attributes, a <span> without lang and a lone </span>. */
static void test_lang_spans_not(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"Code `[x]{lang=fr}`, \\[y]{lang=fr}, [z\\]{lang=fr}, &lt;span lang=\"fr\">w</span>.\n\n"
		"<span class=\"k\">kept</span> and </span> and [v]{.name} and [u]{#id} and [t]{language}.\n");
	assert_clean(f);
	assert_int_equal(f->dg.warnings, 0);
	assert_string_equal(langs_of(f, para(f, 0)),
			    "Code [x]{lang=fr}, [y]{lang=fr}, [z]{lang=fr}, <span lang=\"fr\">w</span>.");
	assert_string_equal(langs_of(f, para(f, 1)),
			    "<span class=\"k\">kept</span> and </span> and v and [u]{#id} and [t]{language}.");
}

/* Bad markup: an error for a language that is no language code, a warning
 * (printed as written) for attributes that do not parse, a "]{lang=…}"
 * with no "[" and a <span lang> with no </span>; each at its place. */
static void test_lang_spans_bad(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"One [x]{lang=русский} and <span lang=\"\">y</span>.\n\n"
		"Two [x]{lang=fr and y]{lang=fr} and *z]{lang=de}*.\n\n"
		"Three <span lang=\"fr\">never closed.\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 2);
	assert_int_equal(f->dg.warnings, 4);
	char want[512];
	snprintf(want, sizeof want,
		 "%s:4:14: error: a span's lang: expected a language code such as fr, ru or zh-Hant, got 'русский'",
		 f->path);
	assert_non_null(strstr(f->log, want));
	snprintf(want, sizeof want, "%s:4:39: error: a span's lang: expected a language code", f->path);
	assert_non_null(strstr(f->log, want));
	snprintf(want, sizeof want,
		 "%s:6:8: warning: '{lang=fr and y' is not a span's attributes: expected {lang=xx} right after",
		 f->path);
	assert_non_null(strstr(f->log, want));
	snprintf(want, sizeof want, "%s:6:22: warning: ']{lang=fr}' closes no '['", f->path);
	assert_non_null(strstr(f->log, want));
	snprintf(want, sizeof want,
		 "%s:6:39: warning: ']{lang=de}' closes no '[' in its paragraph: expected [text]{lang=xx}", f->path);
	assert_non_null(strstr(f->log, want));
	snprintf(want, sizeof want,
		 "%s:8:7: warning: '<span lang=\"fr\">' has no </span> in its paragraph", f->path);
	assert_non_null(strstr(f->log, want));
	assert_string_equal(langs_of(f, para(f, 2)), "Three <span lang=\"fr\">never closed.");
}

static void test_markdown_text(void **state)
{
	fixture *f = *state;
	srcpos pos = {"layout.yaml", 7, 9};
	f->ok = load_markdown_text(f->d, &f->dg, "Some *text*.\n\n- item\n\n## Head", pos);
	read_log(f);
	assert_clean(f);
	assert_int_equal(f->d->nblocks, 3);
	assert_string_equal(text_of(f, &f->d->blocks[0]), "Some text.");
	assert_int_equal(f->d->blocks[0].pos.line, 7);
	assert_int_equal(f->d->blocks[1].pos.line, 7);
	assert_string_equal(path_of(f, &f->d->blocks[1]), BULLET);
	assert_int_equal(f->d->blocks[2].level, 2);
	assert_string_equal(f->d->blocks[2].pos.file, "layout.yaml");
}

static void test_missing_front_matter(void **state)
{
	fixture *f = *state;
	load(f, "# Title\n\nText.\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 1);
	char want[256];
	snprintf(want, sizeof want, "%s:1:1: error: article has no front matter", f->path);
	assert_non_null(strstr(f->log, want));
}

static void test_unclosed_front_matter(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n\nText.\n");
	assert_false(f->ok);
	char want[256];
	snprintf(want, sizeof want, "%s:1:1: error: front matter is not closed", f->path);
	assert_non_null(strstr(f->log, want));
}

static void test_unknown_key(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\nbylin: Someone\n---\nText.\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 1);
	char want[256];
	snprintf(want, sizeof want, "%s:3:1: error: front matter: unknown key 'bylin'; did you mean 'byline'?",
		 f->path);
	assert_non_null(strstr(f->log, want));
}

static void test_missing_title(void **state)
{
	fixture *f = *state;
	load(f, "---\nbyline: Someone\ndate: 2021-13-01\n---\nText.\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 2);
	assert_non_null(strstr(f->log, "missing required key 'title'"));
	assert_non_null(strstr(f->log, ":3:7: error: date: '2021-13-01' is not a real date (there is no month 13)"));
}

static void test_invalid_utf8(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\nText.\n\n\xc3\xa9t\xc3\xa9 \xff here\n");
	assert_false(f->ok);
	char want[256];
	snprintf(want, sizeof want, "%s:6:5: error: invalid UTF-8 (byte 0xFF)", f->path);
	assert_non_null(strstr(f->log, want));
	assert_int_equal(f->d->nblocks, 0);
}

static void test_empty_body(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n  \n\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 1);
	char want[256];
	snprintf(want, sizeof want, "%s:4:1: error: article '%s' has no text", f->path, f->path);
	assert_non_null(strstr(f->log, want));
}

static void test_missing_file(void **state)
{
	fixture *f = *state;
	f->ok = load_article(f->d, &f->dg, "/nonexistent/a.md", (srcpos){"layout.yaml", 12, 5}, 0);
	read_log(f);
	assert_false(f->ok);
	assert_non_null(strstr(f->log, "layout.yaml:12:5: error: cannot read '/nonexistent/a.md'"));
}

static void test_nesting_limit(void **state)
{
	fixture *f = *state;
	size_t deep = (size_t)LIMIT_MD_NESTING + 3;
	char *md = calloc(1, 64 + deep * 4);
	strcpy(md, "---\ntitle: T\n---\n");
	for (size_t i = 0; i < deep; i++)
		strcat(md, "> ");
	strcat(md, "deep\n");
	load(f, md);
	free(md);
	assert_int_equal(f->dg.errors, 1);
	char want[256];
	snprintf(want, sizeof want, "%s:4:%zu: error: block quotes nested more than %ld levels", f->path,
		 deep * 2 + 1, LIMIT_MD_NESTING);
	assert_non_null(strstr(f->log, want));
	assert_int_equal(para(f, 0)->ncont, LIMIT_MD_NESTING);
}

/* ---- footnotes ---- */

/* The i-th span of b that is a footnote reference, or fail. */
static const span *note_ref(const block *b, size_t i)
{
	size_t seen = 0;
	for (size_t k = 0; k < b->nspans; k++)
		if ((b->spans[k].flags & SPAN_NOTE) && seen++ == i)
			return &b->spans[k];
	fail_msg("footnote reference %zu not found", i);
	return NULL;
}

static size_t note_refs(const block *b)
{
	size_t n = 0;
	for (size_t k = 0; k < b->nspans; k++)
		n += (b->spans[k].flags & SPAN_NOTE) != 0;
	return n;
}

static const char *note_text(const fixture *f, int n)
{
	assert_true(n >= 1 && (size_t)n <= f->d->nnotes);
	const footnote *fn = &f->d->notes[n - 1];
	assert_int_equal(fn->number, n);
	return spans_plain(f->d->a, fn->spans, fn->nspans);
}

static void test_footnotes(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"[^early]: Defined before use, with *emphasis*, `code` and a [link](https://example.org).\n"
		"\n"
		"One[^Later] and two[^early], then *again*[^LATER] and a pair[^a][^b].\n"
		"\n"
		"[^later]: Defined after use.\n"
		"[^a]: A.\n"
		"[^b]: B.\n");
	assert_clean(f);
	assert_int_equal(f->dg.warnings, 0);
	/* the definitions are gone from the text; one paragraph is left */
	assert_int_equal(count(f, BLK_PARA), 1);
	const block *b = para(f, 0);
	assert_string_equal(text_of(f, b), "One and two, then again and a pair.");
	assert_int_equal(note_refs(b), 5);
	/* numbered in order of first reference; labels match whatever the case */
	const int want[] = {1, 2, 1, 3, 4};
	const char *shown[] = {"1", "2", "1", "3", ",4"};
	for (size_t i = 0; i < 5; i++) {
		const span *r = note_ref(b, i);
		assert_int_equal(r->note, want[i]);
		assert_string_equal(r->text, shown[i]);
	}
	assert_false(note_ref(b, 2)->flags & SPAN_ITALIC); /* *again*[^LATER]: not inside */
	assert_int_equal(f->d->nnotes, 4);
	assert_string_equal(note_text(f, 1), "Defined after use.");
	assert_string_equal(note_text(f, 2), "Defined before use, with emphasis, code and a link.");
	assert_string_equal(note_text(f, 3), "A.");
	/* the note keeps its inline formatting and its position */
	const footnote *fn = &f->d->notes[1];
	bool em = false, code = false, link = false;
	for (size_t k = 0; k < fn->nspans; k++) {
		em |= fn->spans[k].flags == SPAN_ITALIC && strcmp(fn->spans[k].text, "emphasis") == 0;
		code |= (fn->spans[k].flags & SPAN_CODE) && strcmp(fn->spans[k].text, "code") == 0;
		link |= fn->spans[k].link && strcmp(fn->spans[k].link, "https://example.org") == 0;
	}
	assert_true(em && code && link);
	assert_int_equal(fn->pos.line, 4);
	assert_int_equal(fn->pos.col, 1);
	assert_int_equal(f->d->notes[0].pos.line, 8);
}

static void test_footnote_not_in_code(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"Code `[^x]` and an escaped \\[^x] stay, \\\\[^y] is a reference.\n"
		"\n"
		"```\n"
		"[^x]: not a definition inside fenced code\n"
		"```\n"
		"\n"
		"    [^x]: nor in indented code\n"
		"\n"
		"[^y]: Why.\n");
	assert_clean(f);
	const block *b = para(f, 0);
	assert_string_equal(text_of(f, b), "Code [^x] and an escaped [^x] stay, \\ is a reference.");
	assert_int_equal(note_refs(b), 1);
	assert_int_equal(note_ref(b, 0)->note, 1);
	assert_int_equal(count(f, BLK_CODE), 2);
	assert_string_equal(nth(f, BLK_CODE, 0)->spans[0].text, "[^x]: not a definition inside fenced code");
	assert_string_equal(nth(f, BLK_CODE, 1)->spans[0].text, "[^x]: nor in indented code");
	assert_int_equal(f->d->nnotes, 1);
}

static void test_footnote_continuation(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"Text.[^long]\n"
		"\n"
		"[^long]: First line\n"
		"  indented continuation\n"
		"lazy continuation.\n"
		"\n"
		"    A second paragraph.\n"
		"\n"
		"After the note.\n"
		"\n"
		"[^next]: A definition right after another ends it\n"
		"- and so does a list item.\n");
	read_log(f);
	assert_true(f->ok);
	assert_string_equal(note_text(f, 1), "First line indented continuation lazy continuation. A second paragraph.");
	const footnote *fn = &f->d->notes[0];
	bool hard_break = false;
	for (size_t k = 0; k < fn->nspans; k++)
		hard_break |= strcmp(fn->spans[k].text, "\n") == 0;
	assert_true(hard_break); /* its paragraphs are set apart by a line break */
	assert_int_equal(count(f, BLK_PARA), 3);
	assert_string_equal(text_of(f, para(f, 1)), "After the note.");
	assert_int_equal(para(f, 1)->pos.line, 12);
	assert_string_equal(text_of(f, para(f, 2)), "and so does a list item.");
	/* never referenced: a warning, not an error */
	assert_int_equal(f->dg.warnings, 1);
	assert_non_null(strstr(f->log, ":14:1: warning: footnote [^next] is never referenced"));
}

static void test_footnote_errors(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n"
		"An undefined[^nope] note, a twice defined[^two] one.\n"
		"\n"
		"[^two]: Once.\n"
		"[^TWO]: Twice.\n"
		"[^in]: A note referring to another[^two].\n"
		"\n"
		"Uses it[^in].\n");
	assert_false(f->ok);
	assert_int_equal(f->dg.errors, 3);
	assert_non_null(strstr(f->log, ":4:13: error: footnote [^nope] is not defined"));
	assert_non_null(strstr(f->log, ":7:1: error: footnote [^TWO] is defined twice"));
	assert_non_null(strstr(f->log, ":6:1: note: first defined here"));
	assert_non_null(strstr(f->log, "inside a footnote"));
}

static void test_footnote_in_table_cell(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: T\n---\n| a | b |\n|---|---|\n| x[^n] | y |\n\n[^n]: In a cell.\n");
	assert_clean(f);
	assert_int_equal(f->d->nnotes, 0);
	assert_string_equal(nth(f, BLK_TABLE, 0)->table->cells[0], "x[^n]");
	/* one warning that says why, not "never referenced" */
	assert_int_equal(f->dg.warnings, 1);
	assert_non_null(strstr(f->log, "warning: footnote reference [^n] in a table cell is printed as written"));
}

/* A table cell is set as a paragraph of its language is: quotation marks
 * and apostrophes, French spacing, a passage in another language with its
 * own rules, a {.name} kept together; code as typed. */
#define NB "\xC2\xA0"
#define NNB "\xE2\x80\xAF"
static void test_table_cell_typography(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *lang;
		bool fr;        /* french-spacing, as the layout's default for the language */
		const char *text, *want;
	} cases[] = {
		{"en", false, "He said \"yes\" and it's [\"oui\" ?]{lang=fr} for [Nguyễn Văn Kỳ]{.name}",
		 "He said \xE2\x80\x9Cyes\xE2\x80\x9D and it\xE2\x80\x99s \x01"
		 "fr\x02\xC2\xABoui\xC2\xBB ?\x03 for Nguyễn" NB "Văn" NB "Kỳ"},
		{"fr", true, "Il a dit \"oui\" : c'est l'avis [\"yes\"]{lang=en} !",
		 "Il a dit \xC2\xAB" NNB "oui" NNB "\xC2\xBB" NB ": c\xE2\x80\x99"
		 "est l\xE2\x80\x99"
		 "avis \x01"
		 "en\x02\xE2\x80\x9Cyes\xE2\x80\x9D\x03" NNB "!"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (f->path[0])
			unlink(f->path);
		doc_free(f->d);
		f->d = doc_new();
		f->d->typo = (doc_typography){.quotes = true, .nobreak = true, .french_spacing = cases[i].fr};
		char md[1024];
		snprintf(md, sizeof md,
			 "---\ntitle: T\nlanguage: %s\n---\n%s\n\n| %s | b |\n|---|---|\n| %s | `\"code\"` |\n",
			 cases[i].lang, cases[i].text, cases[i].text, cases[i].text);
		load(f, md);
		assert_clean(f);
		const table *t = nth(f, BLK_TABLE, 0)->table;
		assert_string_equal(t->cols[0].label, cases[i].want);
		assert_string_equal(t->cells[0], cases[i].want);
		assert_string_equal(t->cells[1], "\"code\"");
		/* the same characters as the paragraph */
		assert_string_equal(lm_plain(f->d->a, t->cells[0]), text_of(f, para(f, 0)));
	}
}

static void test_footnotes_numbered_per_dossier(void **state)
{
	fixture *f = *state;
	load(f, "---\ntitle: One\n---\nFirst article[^a], then[^b].\n\n[^a]: A1.\n[^b]: B1.\n");
	assert_clean(f);
	unlink(f->path);
	/* the second article's labels are its own; the numbers go on */
	load(f, "---\ntitle: Two\n---\nSecond article[^b], then[^a].\n\n[^a]: A2.\n[^b]: B2.\n");
	assert_clean(f);
	srcpos pos = {"layout.yaml", 9, 9};
	f->ok = load_markdown_text(f->d, &f->dg, "A text part[^x].\n\n[^x]: In a text part.", pos);
	read_log(f);
	assert_clean(f);
	assert_int_equal(f->d->nnotes, 5);
	assert_string_equal(note_text(f, 1), "A1.");
	assert_string_equal(note_text(f, 2), "B1.");
	assert_string_equal(note_text(f, 3), "B2.");
	assert_string_equal(note_text(f, 4), "A2.");
	assert_string_equal(note_text(f, 5), "In a text part.");
	assert_int_equal(note_ref(para(f, 1), 0)->note, 3);
	assert_int_equal(note_ref(&f->d->blocks[f->d->nblocks - 1], 0)->note, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_heading_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heading_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_byline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bold_italic_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_and_hard_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_list_markers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ordered_list_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_quote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blocks_in_containers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_and_empty_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nfd_becomes_nfc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels_and_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_spans_not, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_spans_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_front_matter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_front_matter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_title, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnote_not_in_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnote_continuation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnote_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnote_in_table_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_cell_typography, setup, teardown),
		cmocka_unit_test_setup_teardown(test_footnotes_numbered_per_dossier, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
