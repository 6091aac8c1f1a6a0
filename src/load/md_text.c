/* md_text.c — the article loader's text pieces: source positions of the
 * text md4c hands over, character entities, UTF-8 and attribute strings.
 * (article_imp.h) */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "article_imp.h"

/* ---- positions ---- */

void scan_to(scanpos *s, const char *text, size_t off)
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

void report_nesting(mdctx *c)
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
void note_ptr(mdctx *c, const char *p)
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
		uint32_t v = numeric_entity(s, n);
		/* a line feed, tab or other white space written as a reference
		 * is a space, as in HTML: only a hard break ends a line ('\n'
		 * in span text means one) */
		if (v == '\n' || v == '\r' || v == '\t' || v == '\f' || v == '\v')
			v = ' ';
		put_utf8(b, v);
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
bool entity_ok(mdctx *c, const char *s, size_t n)
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

void put_text(buf *b, MD_TEXTTYPE t, const char *s, size_t n)
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
const char *attr_str(mdctx *c, const MD_ATTRIBUTE *at)
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

