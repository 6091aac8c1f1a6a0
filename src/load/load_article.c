/* load_article.c — Markdown articles (YAML front matter + CommonMark body)
 * and a layout's inline Markdown text → blocks.
 *
 * md4c is a push parser: it calls back on entering and leaving blocks and
 * spans, and hands text in pieces. The callbacks (md_blocks.c for blocks,
 * md_inline.c for spans and text; article_imp.h lists the files) keep one
 * context: the container stack (lists and block quotes), the inline text gathered
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

#include "article_imp.h"

/* ---- parsing ---- */

void mdctx_init(mdctx *c, doc *d, diag *dg, srcpos pos, const char *dir)
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

void mdctx_free(mdctx *c)
{
	buf_free(&c->in.text);
	free(c->in.v);
	free(c->in.ch);
	free(c->defs);
	free(c->out);
	free(c->outpos);
	free(c->note_sp);
	free(c->lab);
	free(c->lr);
	buf_free(&c->alt);
	buf_free(&c->code_text);
	if (c->tb.open)
		table_end(&c->tb.b);
}

void parse_markdown(mdctx *c, const char *s, size_t n)
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
	if (m->language && !lang_tag_ok(m->language, strlen(m->language))) {
		diag_error(dg, field_pos(map, "language"),
			   "language: expected a language code such as en, vi or fr, got '%s'", m->language);
		m->language = NULL;
	}
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
	mdctx_init(&c, d, dg, (srcpos){path, fm.body_line, 1}, path_dir(d->a, path));
	c.lang = m.language;
	char *copy = arena_strndup(d->a, text, len); /* footnote definitions blanked */
	take_definitions(&c, copy + fm.body_off, len - fm.body_off, fm.body_line);
	c.text = copy;
	c.len = len;
	c.shift = shift;
	parse_markdown(&c, copy + fm.body_off, len - fm.body_off);
	unreferenced_notes(&c);
	mdctx_free(&c);
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
	mdctx_init(&c, d, dg, pos, d->dir);
	char *copy = arena_strndup(d->a, text, len); /* footnote definitions blanked */
	take_definitions(&c, copy, len, 0);
	parse_markdown(&c, copy, len);
	unreferenced_notes(&c);
	mdctx_free(&c);
	return dg->errors == errors;
}

