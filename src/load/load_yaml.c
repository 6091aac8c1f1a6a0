/* load_yaml.c — libyaml → ynode tree, and typed access with good messages.
 *
 * libyaml's document API keeps nodes in one array and lets an alias reuse the
 * anchored node, so "a: &x [*x]" is a sequence that contains itself. The copy
 * below walks with a depth limit and a visit budget (limits.h), which turns
 * cycles and exponential alias expansion into an error.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "bounds.h"
#include "load.h"
#include "textcheck.h"

/* ---- events → tree ----
 *
 * The tree is built from libyaml's events rather than from its document
 * API, so that the depth and node limits stop the parse as soon as they are
 * passed (a document nested 100,000 levels deep is refused after 64, not
 * parsed whole first). An alias shares the anchored node; its expanded size
 * and height count against the limits as if it were copied. */

typedef struct {
	ynode *node;
	ynode **kids; /* malloc'd while open; moved to the arena at the end */
	size_t n, cap;
	long size;   /* nodes under this one, aliases expanded, itself included */
	int height;  /* levels under this one, aliases expanded */
	char *anchor; /* the anchor this node defines, or NULL */
} yframe;

typedef struct {
	char *name;
	ynode *node; /* NULL while the anchored node is still open */
	srcpos pos;
	long size;
	int height;
} yanchor;

typedef struct {
	arena *a;
	diag *dg;
	const char *path;
	int line0;
	const char *text; /* the parsed text, to find an escape */
	size_t len;
	bool bad_text;    /* an escape wrote a character text may not hold (reported) */
	yframe *stack;
	size_t depth, cap;
	yanchor *anchors; /* open addressing on the name */
	size_t nanchors, acap;
	long nodes;
	ynode *root;
	long root_size;
	int root_height;
} ybuild;

static srcpos ev_pos(const ybuild *b, yaml_mark_t m)
{
	srcpos p = {b->path, (int)m.line + 1 + b->line0, (int)m.column + 1};
	return p;
}

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static yanchor *anchor_slot(ybuild *b, const char *name)
{
	if (!b->acap)
		return NULL;
	size_t mask = b->acap - 1;
	for (size_t i = str_hash(name) & mask;; i = (i + 1) & mask)
		if (!b->anchors[i].name || !strcmp(b->anchors[i].name, name))
			return &b->anchors[i];
}

static yanchor *anchor_define(ybuild *b, const char *name)
{
	if (2 * (b->nanchors + 1) > b->acap) {
		yanchor *old = b->anchors;
		size_t ocap = b->acap;
		b->acap = ocap ? 2 * ocap : 16;
		b->anchors = xcalloc(b->acap, sizeof *b->anchors);
		for (size_t i = 0; i < ocap; i++)
			if (old[i].name)
				*anchor_slot(b, old[i].name) = old[i];
		free(old);
	}
	yanchor *s = anchor_slot(b, name);
	if (!s->name) {
		s->name = arena_strdup(b->a, name);
		b->nanchors++;
	}
	return s;
}

/* Counts a node of expanded size `size` and height `height` placed at the
 * current depth; false (reported) when a limit is passed. */
static bool count_node(ybuild *b, srcpos pos, long size, int height)
{
	if ((long)b->depth + height > LIMIT_YAML_DEPTH) {
		diag_error(b->dg, pos, "YAML nested more than %ld levels deep (limit yaml-depth)", LIMIT_YAML_DEPTH);
		return false;
	}
	b->nodes += size;
	if (b->nodes > LIMIT_YAML_NODES) {
		diag_error(b->dg, pos, "YAML expands to more than %ld nodes (alias cycle or alias bomb?; limit yaml-nodes)",
			   LIMIT_YAML_NODES);
		return false;
	}
	return true;
}

/* Gives a finished node (its size and height) to the enclosing one. */
static void add_child(ybuild *b, ynode *y, long size, int height)
{
	if (!b->depth) {
		if (!b->root) {
			b->root = y;
			b->root_size = size;
			b->root_height = height;
		}
		return;
	}
	yframe *f = &b->stack[b->depth - 1];
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->kids = xrealloc(f->kids, f->cap * sizeof *f->kids);
	}
	f->kids[f->n++] = y;
	f->size += size;
	if (height + 1 > f->height)
		f->height = height + 1;
}

static void set_anchor(ybuild *b, const yaml_char_t *name, ynode *y, long size, int height, srcpos pos)
{
	if (!name)
		return;
	yanchor *s = anchor_define(b, (const char *)name);
	s->node = y;
	s->size = size;
	s->height = height;
	s->pos = pos;
}

/* Byte offset in b->text of libyaml mark m (line and column in characters). */
static size_t mark_offset(const ybuild *b, yaml_mark_t m)
{
	size_t i = 0;
	for (size_t line = 0; line < m.line && i < b->len; i++)
		if (b->text[i] == '\n')
			line++;
	for (size_t col = 0; col < m.column && i < b->len; col++) {
		i++;
		while (i < b->len && ((unsigned char)b->text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The value of the double-quoted-scalar escape at s[0..n) ("\\u001B",
 * "\\e", …), or -1 when it is none; *len gets its length. */
static long yaml_escape(const char *s, size_t n, size_t *len)
{
	if (n < 2 || s[0] != '\\')
		return -1;
	*len = 2;
	switch (s[1]) {
	case '0': return 0;
	case 'a': return 0x07;
	case 'b': return 0x08;
	case 't': return 0x09;
	case 'n': return 0x0A;
	case 'v': return 0x0B;
	case 'f': return 0x0C;
	case 'r': return 0x0D;
	case 'e': return 0x1B;
	case 'N': return 0x85;
	default: break;
	}
	size_t digits = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : s[1] == 'U' ? 8 : 0;
	if (!digits || n < 2 + digits)
		return -1;
	long v = 0;
	for (size_t i = 0; i < digits; i++) {
		char ch = s[2 + i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	*len = 2 + digits;
	return v;
}

/* A scalar's text, after libyaml decoded its escapes, holds only what text
 * may hold (the raw file was checked before parsing); else an error at the
 * escape that made the character. */
static bool scalar_text_ok(ybuild *b, const yaml_event_t *ev)
{
	uint32_t cp;
	if (text_bad_at((const char *)ev->data.scalar.value, ev->data.scalar.length, 0, &cp) < 0)
		return true;
	srcpos p = ev_pos(b, ev->start_mark);
	size_t i = mark_offset(b, ev->start_mark), end = mark_offset(b, ev->end_mark);
	for (size_t k; i < end; i += k) {
		k = 1;
		long v = yaml_escape(b->text + i, end - i, &k);
		if (v == (long)cp) {
			utf8_linecol(b->text, i, &p.line, &p.col);
			p.line += b->line0;
			break;
		}
	}
	text_report(b->dg, p, cp, 0);
	return false;
}

static bool on_event(ybuild *b, const yaml_event_t *ev)
{
	srcpos pos = ev_pos(b, ev->start_mark);
	switch (ev->type) {
	case YAML_SCALAR_EVENT: {
		if (!count_node(b, pos, 1, 0))
			return false;
		ynode *y = arena_alloc(b->a, sizeof *y);
		y->pos = pos;
		y->kind = Y_SCALAR;
		y->str = utf8_nfc(b->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
		if (!scalar_text_ok(b, ev)) /* reported; the parse goes on to find the others */
			b->bad_text = true;
		y->len = strlen(y->str);
		y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		y->block = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			   ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		set_anchor(b, ev->data.scalar.anchor, y, 1, 0, pos);
		add_child(b, y, 1, 0);
		return true;
	}
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		if (!count_node(b, pos, 1, 0))
			return false;
		ynode *y = arena_alloc(b->a, sizeof *y);
		y->pos = pos;
		y->kind = ev->type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
		const yaml_char_t *anchor = ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
										    : ev->data.mapping_start.anchor;
		if (b->depth == b->cap) {
			b->cap = b->cap ? 2 * b->cap : 16;
			b->stack = xrealloc(b->stack, b->cap * sizeof *b->stack);
		}
		b->stack[b->depth++] = (yframe){.node = y, .size = 1};
		if (anchor) {
			/* defined now, as libyaml does, so that an alias inside
			 * finds it open: a cycle */
			yanchor *s = anchor_define(b, (const char *)anchor);
			s->node = NULL;
			s->pos = pos;
			b->stack[b->depth - 1].anchor = s->name;
		}
		return true;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		yframe f = b->stack[--b->depth];
		ynode *y = f.node;
		y->n = y->kind == Y_MAP ? f.n / 2 : f.n;
		y->kids = arena_array(b->a, f.n ? f.n : 1, sizeof(ynode *));
		if (f.n)
			memcpy(y->kids, f.kids, f.n * sizeof *f.kids);
		free(f.kids);
		if (f.anchor)
			set_anchor(b, (const yaml_char_t *)f.anchor, y, f.size, f.height, y->pos);
		add_child(b, y, f.size, f.height);
		return true;
	}
	case YAML_ALIAS_EVENT: {
		yanchor *s = anchor_slot(b, (const char *)ev->data.alias.anchor);
		if (!s || !s->name) {
			diag_error(b->dg, pos, "YAML alias '*%s' names no anchor defined before it",
				   (const char *)ev->data.alias.anchor);
			return false;
		}
		if (!s->node) {
			diag_error(b->dg, s->pos, "YAML alias cycle: this node contains an alias to itself");
			return false;
		}
		if (!count_node(b, pos, s->size, s->height))
			return false;
		add_child(b, s->node, s->size, s->height);
		return true;
	}
	default:
		return true;
	}
}

/* Mapping keys: strings, each once. One hash table per mapping; the walk
 * follows the order of the text. */
static bool check_keys(diag *dg, const ynode *y, long *budget)
{
	if (--*budget < 0)
		return true;
	if (y->kind == Y_SCALAR)
		return true;
	if (y->kind == Y_SEQ) {
		for (size_t i = 0; i < y->n; i++)
			if (!check_keys(dg, y->kids[i], budget))
				return false;
		return true;
	}
	size_t cap = 16;
	while (cap < 2 * y->n)
		cap *= 2;
	const ynode **seen = y->n > 8 ? xcalloc(cap, sizeof *seen) : NULL;
	bool ok = true;
	for (size_t i = 0; i < y->n && ok; i++) {
		const ynode *kn = y->kids[2 * i];
		if (!check_keys(dg, kn, budget) || !check_keys(dg, y->kids[2 * i + 1], budget)) {
			ok = false;
			break;
		}
		if (kn->kind != Y_SCALAR) {
			diag_error(dg, kn->pos, "mapping key must be a plain string, got a %s", ykind_name(kn->kind));
			ok = false;
			break;
		}
		const ynode *first = NULL;
		if (seen) {
			size_t h = str_hash(kn->str) & (cap - 1);
			while (seen[h] && strcmp(seen[h]->str, kn->str))
				h = (h + 1) & (cap - 1);
			if (seen[h])
				first = seen[h];
			else
				seen[h] = kn;
		} else {
			for (size_t j = 0; j < i && !first; j++)
				if (!strcmp(y->kids[2 * j]->str, kn->str))
					first = y->kids[2 * j];
		}
		if (first) {
			diag_error(dg, kn->pos, "duplicate key '%s'", kn->str);
			diag_note(dg, first->pos, "'%s' first given here", kn->str);
		}
	}
	free(seen);
	return ok;
}

static void syntax_error(diag *dg, const yaml_parser_t *parser, const char *path, const char *text, size_t len,
			 int line0)
{
	yaml_mark_t m = parser->problem_mark;
	srcpos p = {path, (int)m.line + 1 + line0, (int)m.column + 1};
	const char *prob = parser->problem ? parser->problem : "error";
	if (m.index < len && text[m.index] == '\t')
		diag_error(dg, p, "YAML syntax: tab character; indent YAML with spaces, not tabs");
	else if (strstr(prob, "did not find expected key"))
		diag_error(dg, p, "YAML syntax: this line is not indented like the keys around it (expected another 'key: value' at the same indentation)");
	else if (strstr(prob, "did not find expected ',' or '}'"))
		diag_error(dg, p, "YAML syntax: a '{' mapping is not closed (expected ',' or '}')");
	else if (strstr(prob, "did not find expected ',' or ']'"))
		diag_error(dg, p, "YAML syntax: a '[' list is not closed (expected ',' or ']')");
	else if (strstr(prob, "did not find expected <document start>"))
		diag_error(dg, p, "YAML syntax: text after the end of the document (after '...', a new document starts with '---')");
	else if (parser->context)
		diag_error(dg, p, "YAML syntax: %s %s", prob, parser->context);
	else
		diag_error(dg, p, "YAML syntax: %s", prob);
	if (parser->context && (parser->context_mark.line != m.line || parser->context_mark.column != m.column)) {
		yaml_mark_t k = parser->context_mark;
		diag_note(dg, (srcpos){path, (int)k.line + 1 + line0, (int)k.column + 1},
			  "the %s started here", strstr(parser->context, "flow mapping") ? "'{' mapping"
						 : strstr(parser->context, "flow sequence") ? "'[' list"
						 : strstr(parser->context, "block mapping") ? "mapping"
						 : "construct");
	}
}

ynode *yaml_parse(arena *a, diag *dg, const char *path, const char *text, size_t len, int line0)
{
	long bad = utf8_invalid_at(text, len);
	if (bad >= 0) {
		load_bad_utf8(dg, path, text, len, bad, line0);
		return NULL;
	}
	if (!text_check_file(dg, path, text, len, line0))
		return NULL;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(dg, (srcpos){path, 0, 0}, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ybuild b = {.a = a, .dg = dg, .path = path, .line0 = line0, .text = text, .len = len};
	/* Every document of the stream is read to its end, so that a syntax
	 * error after the first one is reported (and a file with a syntax
	 * error gets no schema checks that could hide it); only the first is
	 * built: a second document is almost always a mistake. */
	bool ok = true, building = true, done = false;
	int docs = 0;
	srcpos second = {0};
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(dg, &parser, path, text, len, line0);
			ok = false;
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs == 2) {
			second = (srcpos){path, (int)ev.start_mark.line + 1 + line0, 1};
			building = false; /* said below, unless a syntax error is the cause */
		} else if (ev.type == YAML_STREAM_END_EVENT) {
			done = true;
		} else if (building && !on_event(&b, &ev)) {
			ok = building = false; /* a limit: stop at once */
			done = true;
		}
		yaml_event_delete(&ev);
	}
	if (ok && second.file) {
		diag_error(dg, second, "a second YAML document ('---') is not allowed here");
		ok = false;
	}
	ok = ok && !b.bad_text;
	for (size_t i = 0; i < b.depth; i++)
		free(b.stack[i].kids);
	free(b.stack);
	free(b.anchors);
	yaml_parser_delete(&parser);
	if (!ok)
		return NULL;
	ynode *root = b.root;
	if (!root) {
		root = arena_alloc(a, sizeof *root);
		root->kind = Y_MAP;
		root->pos = (srcpos){path, 1 + line0, 1};
	}
	long walk = b.nodes + 1;
	if (!check_keys(dg, root, &walk))
		return NULL;
	return root;
}

/* UTF-16 with a byte-order mark (what "Unicode text" exports are) → UTF-8,
 * in place of the original. Every UTF-16 code unit or surrogate pair is one
 * code point, so lines and columns stay those of the original text. NULL
 * with *bad set to the offset (in the original) of a lone surrogate. */
static char *utf16_to_utf8(const char *s, size_t n, bool be, size_t *outlen, long *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = xmalloc(n / 2 * 3 + 1);
	size_t o = 0;
	*bad = n & 1 ? (long)n - 1 : -1; /* a last character cut in half */
	if (*bad >= 0) {
		free(out);
		return NULL;
	}
	for (size_t i = 2; i + 1 < n; i += 2) {
		unsigned c = be ? (unsigned)u[i] << 8 | u[i + 1] : (unsigned)u[i + 1] << 8 | u[i];
		if (c >= 0xD800 && c < 0xDC00 && i + 3 < n) {
			unsigned c2 = be ? (unsigned)u[i + 2] << 8 | u[i + 3] : (unsigned)u[i + 3] << 8 | u[i + 2];
			if (c2 >= 0xDC00 && c2 < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
				i += 2;
			}
		}
		if (c >= 0xD800 && c < 0xE000) {
			*bad = (long)i;
			free(out);
			return NULL;
		}
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0x800) {
			out[o++] = (char)(0xC0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[o++] = (char)(0xE0 | c >> 12);
			out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | c >> 18);
			out[o++] = (char)(0x80 | (c >> 12 & 0x3F));
			out[o++] = (char)(0x80 | (c >> 6 & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = 0;
	*outlen = o;
	return out;
}

/* The likely encoding of text that is not UTF-8, from its byte patterns:
 * UTF-16 without a byte-order mark (every other byte NUL), Windows-1258
 * (Vietnamese: its combining tone marks 0xCC 0xEC 0xD2 0xDE 0xF2 after a
 * Latin vowel, or its letters đ ơ ư 0xF0 0xF5 0xFD), else Windows-1252
 * (Western European; a superset of ISO-8859-1 whose 0x80-0x9F are
 * printable: € ‚ „ … ’ “ ” – —). NULL when nothing fits. */
const char *load_guess_encoding(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t even0 = 0, odd0 = 0, high = 0, vi = 0, ctl = 0, utf8 = 0;
	for (size_t i = 0; i < n; i++) {
		if (!u[i] && (i & 1))
			odd0++;
		else if (!u[i])
			even0++;
		if (u[i] < 0x80)
			continue;
		size_t k = u[i] >= 0xC2 && u[i] <= 0xDF ? 1 : u[i] >= 0xE0 && u[i] <= 0xEF ? 2
			 : u[i] >= 0xF0 && u[i] <= 0xF4 ? 3 : 0;
		if (k && i + k < n && utf8_invalid_at(s + i, k + 1) < 0) {
			utf8++; /* a UTF-8 character: not a legacy byte */
			i += k;
			continue;
		}
		high++;
		if (u[i] == 0x81 || u[i] == 0x8D || u[i] == 0x8F || u[i] == 0x90 || u[i] == 0x9D)
			ctl++; /* not assigned in Windows-1252 */
		bool after_vowel = i > 0 && strchr("aeiouyAEIOUY", u[i - 1]) && u[i - 1];
		if ((u[i] == 0xCC || u[i] == 0xEC || u[i] == 0xD2 || u[i] == 0xDE || u[i] == 0xF2) && after_vowel)
			vi++;
		if (u[i] == 0xF0 || u[i] == 0xF5 || u[i] == 0xFD || u[i] == 0xD0)
			vi++;
	}
	if (n >= 4 && (odd0 > n / 4 || even0 > n / 4))
		return odd0 > even0 ? "UTF-16LE" : "UTF-16BE";
	/* a UTF-8 file with a damaged byte or two is no legacy encoding */
	if (!high || ctl || utf8 >= high)
		return NULL;
	if (vi * 4 >= high)
		return "WINDOWS-1258";
	return "WINDOWS-1252";
}

void load_bad_utf8(diag *dg, const char *path, const char *text, size_t len, long bad, int line0)
{
	srcpos p = {path, 0, 0};
	utf8_linecol(text, (size_t)bad, &p.line, &p.col);
	p.line += line0;
	const char *enc = load_guess_encoding(text, len);
	const char *name = !enc ? NULL
		: !strcmp(enc, "WINDOWS-1258") ? "Windows-1258 (Vietnamese)"
		: !strcmp(enc, "WINDOWS-1252") ? "Windows-1252 (Western European)"
		: "UTF-16 without a byte-order mark";
	if (enc && !strncmp(enc, "UTF-16", 6))
		diag_error(dg, p,
			   "the file looks like UTF-16 without a byte-order mark (NUL bytes); convert it to "
			   "UTF-8: iconv -f %s -t UTF-8 '%s' > converted && mv converted '%s'",
			   enc, path, path);
	else if (enc)
		diag_error(dg, p,
			   "invalid UTF-8 (byte 0x%02X): the file looks like %s; convert it to UTF-8: "
			   "iconv -f %s -t UTF-8 '%s' > converted && mv converted '%s'",
			   (unsigned char)text[bad], name, enc, path, path);
	else
		diag_error(dg, p, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			   (unsigned char)text[bad]);
}

char *load_read(diag *dg, const char *path, srcpos from, size_t *len)
{
	char *text = file_read(path, LIMIT_FILE_BYTES, len);
	if (!text) {
		if (errno == EFBIG)
			diag_error(dg, from, "'%s' is larger than %ld bytes (limit file-size)", path, LIMIT_FILE_BYTES);
		else
			diag_error(dg, from, "cannot read '%s': %s", path, file_strerror(errno));
		return NULL;
	}
	const unsigned char *u = (const unsigned char *)text;
	if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		/* UTF-16 with its byte-order mark: read as UTF-8 */
		long bad;
		size_t n8;
		char *t8 = utf16_to_utf8(text, *len, u[0] == 0xFE, &n8, &bad);
		if (!t8) {
			diag_error(dg, (srcpos){path, 1, 1},
				   "invalid UTF-16 at byte %ld (half a character, or half of a surrogate pair); "
				   "save the file as UTF-8", bad);
			free(text);
			return NULL;
		}
		free(text);
		text = t8;
		*len = n8;
	} else if (*len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		/* a UTF-8 byte-order mark is invisible: not part of the text */
		memmove(text, text + 3, *len - 3 + 1);
		*len -= 3;
	}
	diag_source(dg, path, text, *len); /* its lines, for the messages */
	return text;
}

ynode *yaml_load_file(arena *a, diag *dg, const char *path, srcpos from)
{
	size_t len;
	char *text = load_read(dg, path, from, &len);
	if (!text)
		return NULL;
	ynode *y = yaml_parse(a, dg, path, text, len, 0);
	free(text);
	return y;
}

const char *ykind_name(ykind k)
{
	return k == Y_SCALAR ? "scalar" : k == Y_SEQ ? "list" : "mapping";
}

static const char *got(const ynode *n)
{
	if (n->kind == Y_SCALAR)
		return n->len ? "a string" : "an empty value";
	return n->kind == Y_SEQ ? "a list" : "a mapping";
}

const ynode *ymap_get(const ynode *m, const char *key)
{
	if (!m || m->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->kids[2 * i]->str, key) == 0)
			return m->kids[2 * i + 1];
	return NULL;
}

const ynode *ymap_key(const ynode *m, const char *key)
{
	if (!m || m->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->kids[2 * i]->str, key) == 0)
			return m->kids[2 * i];
	return NULL;
}

void ymap_check(diag *dg, const ynode *m, const char *what, const char *const *keys)
{
	if (!m || m->kind != Y_MAP)
		return;
	for (size_t i = 0; i < m->n; i++) {
		const ynode *k = m->kids[2 * i];
		bool ok = false;
		for (int j = 0; keys[j]; j++)
			if (strcmp(keys[j], k->str) == 0)
				ok = true;
		if (ok)
			continue;
		const char *near = diag_nearest(k->str, keys);
		if (near)
			diag_error(dg, k->pos, "%s: unknown key '%s'; did you mean '%s'?", what, k->str, near);
		else {
			buf b = {0};
			for (int j = 0; keys[j]; j++)
				buf_printf(&b, "%s%s", j ? ", " : "", keys[j]);
			diag_error(dg, k->pos, "%s: unknown key '%s' (expected one of: %s)", what, k->str,
				   buf_cstr(&b));
			buf_free(&b);
		}
	}
}

bool yis_map(diag *dg, const ynode *n, const char *key)
{
	if (n->kind == Y_MAP)
		return true;
	diag_error(dg, n->pos, "%s: expected a mapping (key: value lines), got %s", key, got(n));
	return false;
}

bool yis_seq(diag *dg, const ynode *n, const char *key)
{
	if (n->kind == Y_SEQ)
		return true;
	diag_error(dg, n->pos, "%s: expected a list ('- item' lines or [a, b]), got %s", key, got(n));
	return false;
}

const char *ystr(diag *dg, const ynode *n, const char *key)
{
	if (n->kind == Y_SCALAR)
		return n->str;
	diag_error(dg, n->pos, "%s: expected a string, got %s", key, got(n));
	return NULL;
}

bool ynum(diag *dg, const ynode *n, const char *key, double *out)
{
	if (n->kind == Y_SCALAR && n->len) {
		char *end;
		errno = 0;
		double v = strtod(n->str, &end);
		if (*end == 0 && errno == 0 && isfinite(v) && fabs(v) >= LIMIT_NUMBER) {
			diag_error(dg, n->pos, "%s: %s is too large (numbers stay below 10^15)", key, n->str);
			return false;
		}
		if (*end == 0 && errno == 0 && isfinite(v)) {
			*out = v;
			return true;
		}
	}
	diag_error(dg, n->pos, "%s: expected a number, got %s%s%s%s", key, got(n),
		   n->kind == Y_SCALAR && n->len ? " '" : "", n->kind == Y_SCALAR && n->len ? n->str : "",
		   n->kind == Y_SCALAR && n->len ? "'" : "");
	return false;
}

bool ybool(diag *dg, const ynode *n, const char *key, bool *out)
{
	static const char *const t[] = {"true", "yes", "on", NULL};
	static const char *const f[] = {"false", "no", "off", NULL};
	if (n->kind == Y_SCALAR) {
		for (int i = 0; t[i]; i++)
			if (strcmp(n->str, t[i]) == 0)
				return *out = true, true;
		for (int i = 0; f[i]; i++)
			if (strcmp(n->str, f[i]) == 0)
				return *out = false, true;
	}
	diag_error(dg, n->pos, "%s: expected true or false, got %s%s%s%s", key, got(n),
		   n->kind == Y_SCALAR ? " '" : "", n->kind == Y_SCALAR ? n->str : "",
		   n->kind == Y_SCALAR ? "'" : "");
	return false;
}

bool ylength(diag *dg, const ynode *n, const char *key, double *pt)
{
	if (n->kind == Y_SCALAR && n->len) {
		char *end;
		errno = 0;
		double v = strtod(n->str, &end);
		double f = 0;
		if (end != n->str && errno == 0 && isfinite(v)) {
			while (*end == ' ')
				end++;
			if (!*end || !strcmp(end, "pt"))
				f = 1;
			else if (!strcmp(end, "mm"))
				f = 72.0 / 25.4;
			else if (!strcmp(end, "cm"))
				f = 72.0 / 2.54;
			else if (!strcmp(end, "in"))
				f = 72.0;
		}
		if (f > 0 && v >= 0 && v * f < 14400) {
			*pt = v * f;
			return true;
		}
		if (f > 0) {
			diag_error(dg, n->pos, "%s: length '%s' is out of range (0 to 200in)", key, n->str);
			return false;
		}
	}
	diag_error(dg, n->pos, "%s: expected a length such as 20mm, 2cm, 1in or 12pt, got %s%s%s%s", key,
		   got(n), n->kind == Y_SCALAR && n->len ? " '" : "",
		   n->kind == Y_SCALAR && n->len ? n->str : "", n->kind == Y_SCALAR && n->len ? "'" : "");
	return false;
}

/* What people write for the values of the enumerations, from other tools
 * (spreadsheets, plotting libraries, CSS, word processors), each with the
 * value dossier calls it. Only suggested, never taken silently, and only
 * when the value is one of the key's. Compared without case. */
static const char *const enum_synonyms[][2] = {
	/* chart types: a spreadsheet's "column" chart has vertical bars, its
	 * "bar" chart horizontal ones */
	{"barh", "hbar"}, {"horizontal", "hbar"}, {"horizontal-bar", "hbar"}, {"hbars", "hbar"},
	{"bar-horizontal", "hbar"}, {"horizontalbar", "hbar"}, {"row", "hbar"},
	{"column", "bar"}, {"columns", "bar"}, {"vertical", "bar"}, {"vbar", "bar"}, {"bars", "bar"},
	{"stacked-bar", "stacked"}, {"stackedbar", "stacked"}, {"stacked-column", "stacked"},
	{"stacked-hbar", "hstacked"}, {"stacked-barh", "hstacked"}, {"hstack", "hstacked"},
	{"lines", "line"}, {"linechart", "line"}, {"curve", "line"}, {"pie-chart", "pie"},
	{"doughnut", "donut"}, {"ring", "donut"}, {"gantt", "timeline"}, {"events", "timeline"},
	/* column types */
	{"int", "integer"}, {"integers", "integer"}, {"whole", "integer"}, {"count", "integer"},
	{"number", "decimal"}, {"float", "decimal"}, {"double", "decimal"}, {"real", "decimal"},
	{"numeric", "decimal"}, {"num", "decimal"},
	{"pct", "percent"}, {"percentage", "percent"}, {"%", "percent"}, {"per-cent", "percent"},
	{"string", "text"}, {"str", "text"}, {"char", "text"}, {"label", "text"},
	{"datetime", "date"}, {"day", "date"},
	/* alignments */
	{"centre", "center"}, {"centered", "center"}, {"centred", "center"}, {"middle", "center"},
	{"start", "left"}, {"end", "right"}, {"justified", "justify"}, {"full", "justify"},
	/* fits */
	{"rotate", "landscape"}, {"wide", "landscape"}, {"scale", "shrink"}, {"fit", "shrink"},
	/* page sizes and orientation */
	{"us-letter", "Letter"}, {"usletter", "Letter"}, {"letter-size", "Letter"}, {"tall", "portrait"},
	{"upright", "portrait"},
	/* print, weights, styles */
	{"bw", "greyscale"}, {"black-and-white", "greyscale"}, {"mono", "greyscale"},
	{"monochrome", "greyscale"}, {"gray", "grayscale"}, {"grey", "greyscale"},
	{"normal", "regular"}, {"plain", "regular"}, {"strong", "bold"}, {"oblique", "italic"},
	{"emphasis", "italic"}, {"upright", "normal"}, {"roman", "normal"},
	/* facts show lists */
	{"numbers", "figures"}, {"stats", "figures"}, {"programme", "agenda"}, {"program", "agenda"},
	{"schedule", "agenda"}, {"results", "outcomes"}, {"contact", "contacts"},
	{"persons", "people"}, {"participants", "people"},
};

const char *yenum_synonym(const char *value, const char *const *names)
{
	for (size_t k = 0; k < sizeof enum_synonyms / sizeof enum_synonyms[0]; k++) {
		if (strcasecmp(value, enum_synonyms[k][0]))
			continue;
		for (int i = 0; names[i]; i++)
			if (!strcmp(names[i], enum_synonyms[k][1]))
				return names[i];
	}
	return NULL;
}

int yenum(diag *dg, const ynode *n, const char *key, const char *const *names)
{
	if (n->kind == Y_SCALAR) {
		for (int i = 0; names[i]; i++)
			if (strcmp(n->str, names[i]) == 0)
				return i;
		/* 'a4', 'LETTER', 'Bold': the case does not matter when only one
		 * value matches without it */
		int found = -1, count = 0;
		for (int i = 0; names[i]; i++)
			if (strcasecmp(n->str, names[i]) == 0)
				found = i, count++;
		if (count == 1)
			return found;
	}
	buf b = {0};
	for (int i = 0; names[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	const char *near = n->kind == Y_SCALAR ? yenum_synonym(n->str, names) : NULL;
	if (!near && n->kind == Y_SCALAR)
		near = diag_nearest(n->str, names);
	if (near)
		diag_error(dg, n->pos, "%s: unknown value '%s'; did you mean '%s'?", key, n->str, near);
	else
		diag_error(dg, n->pos, "%s: expected one of %s, got %s%s%s%s", key, buf_cstr(&b), got(n),
			   n->kind == Y_SCALAR ? " '" : "", n->kind == Y_SCALAR ? n->str : "",
			   n->kind == Y_SCALAR ? "'" : "");
	buf_free(&b);
	return -1;
}

bool ydate(diag *dg, const ynode *n, const char *key, const char **iso)
{
	if (n->kind == Y_SCALAR && iso_date_valid(n->str)) {
		*iso = n->str;
		return true;
	}
	char why[96];
	if (n->kind == Y_SCALAR && iso_date_why(n->str, why, sizeof why)) {
		diag_error(dg, n->pos, "%s: '%s' is not a real date (%s)", key, n->str, why);
		return false;
	}
	diag_error(dg, n->pos, "%s: expected a date YYYY-MM-DD, got %s%s%s%s", key, got(n),
		   n->kind == Y_SCALAR && n->len ? " '" : "", n->kind == Y_SCALAR && n->len ? n->str : "",
		   n->kind == Y_SCALAR && n->len ? "'" : "");
	return false;
}

bool ycolor(diag *dg, const ynode *n, const char *key, uint32_t *rgb)
{
	if (n->kind == Y_SCALAR && n->len == 7 && n->str[0] == '#' &&
	    strspn(n->str + 1, "0123456789abcdefABCDEF") == 6) {
		*rgb = (uint32_t)strtoul(n->str + 1, NULL, 16);
		return true;
	}
	diag_error(dg, n->pos, "%s: expected a colour \"#RRGGBB\", got %s%s%s%s", key, got(n),
		   n->kind == Y_SCALAR && n->len ? " '" : "", n->kind == Y_SCALAR && n->len ? n->str : "",
		   n->kind == Y_SCALAR && n->len ? "'" : "");
	return false;
}

const char *yget_str(diag *dg, const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	if (!v)
		return NULL;
	return ystr(dg, v, key);
}

const char *yneed_str(diag *dg, const ynode *map, const char *key, const char *what)
{
	const ynode *v = ymap_get(map, key);
	if (!v) {
		diag_error(dg, map->pos, "%s: missing required key '%s'", what, key);
		return NULL;
	}
	const char *s = ystr(dg, v, key);
	if (s && !*s) {
		diag_error(dg, v->pos, "%s: '%s' must not be empty", what, key);
		return NULL;
	}
	return s;
}
