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
#include <yaml.h>

#include "limits.h"
#include "load.h"
#include "textcheck.h"

typedef struct {
	arena *a;
	diag *dg;
	const char *path;
	yaml_document_t *doc;
	int line0;
	const char *text;       /* the parsed text, to find an escape */
	size_t len;
	long visits;
	bool failed;
	yaml_node_t *stack[LIMIT_YAML_DEPTH_MAX + 2]; /* nodes being copied */
} ycopy;

static srcpos mark_pos(const ycopy *c, yaml_mark_t m)
{
	srcpos p = {c->path, (int)m.line + 1 + c->line0, (int)m.column + 1};
	return p;
}

/* Byte offset in c->text of libyaml mark m (line and column in characters). */
static size_t mark_offset(const ycopy *c, yaml_mark_t m)
{
	size_t i = 0;
	for (size_t line = 0; line < m.line && i < c->len; i++)
		if (c->text[i] == '\n')
			line++;
	for (size_t col = 0; col < m.column && i < c->len; col++) {
		i++;
		while (i < c->len && ((unsigned char)c->text[i] & 0xC0) == 0x80)
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
static bool scalar_text_ok(ycopy *c, const yaml_node_t *n)
{
	uint32_t cp;
	if (text_bad_at((const char *)n->data.scalar.value, n->data.scalar.length, 0, &cp) < 0)
		return true;
	srcpos p = mark_pos(c, n->start_mark);
	size_t i = mark_offset(c, n->start_mark), end = mark_offset(c, n->end_mark);
	for (size_t k; i < end; i += k) {
		k = 1;
		long v = yaml_escape(c->text + i, end - i, &k);
		if (v == (long)cp) {
			utf8_linecol(c->text, i, &p.line, &p.col);
			p.line += c->line0;
			break;
		}
	}
	text_report(c->dg, p, cp, 0);
	return false;
}

static ynode *copy_node(ycopy *c, yaml_node_t *n, int depth)
{
	if (c->failed)
		return NULL;
	srcpos pos = mark_pos(c, n->start_mark);
	if (depth > LIMIT_YAML_DEPTH) {
		diag_error(c->dg, pos, "YAML nested more than %ld levels deep (limit yaml-depth)", LIMIT_YAML_DEPTH);
		c->failed = true;
		return NULL;
	}
	if (++c->visits > LIMIT_YAML_NODES) {
		diag_error(c->dg, pos, "YAML expands to more than %ld nodes (alias cycle or alias bomb?; limit yaml-nodes)",
			   LIMIT_YAML_NODES);
		c->failed = true;
		return NULL;
	}
	for (int i = 0; i < depth; i++) {
		if (c->stack[i] == n) { /* an alias back to an enclosing node */
			srcpos at = mark_pos(c, c->stack[depth - 1]->start_mark);
			diag_error(c->dg, at, "YAML alias cycle: this node contains an alias to itself");
			c->failed = true;
			return NULL;
		}
	}
	c->stack[depth] = n;
	ynode *y = arena_alloc(c->a, sizeof *y);
	y->pos = pos;
	switch (n->type) {
	case YAML_SCALAR_NODE:
		y->kind = Y_SCALAR;
		y->str = utf8_nfc(c->a, (const char *)n->data.scalar.value, n->data.scalar.length);
		if (!scalar_text_ok(c, n)) /* reported; the tree stays whole, the text harmless */
			y->str = arena_strdup(c->a, "\xEF\xBF\xBD");
		y->len = strlen(y->str);
		y->plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_NODE: {
		y->kind = Y_SEQ;
		size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		y->kids = arena_array(c->a, cnt ? cnt : 1, sizeof(ynode *));
		for (size_t i = 0; i < cnt; i++) {
			yaml_node_t *k = yaml_document_get_node(c->doc, n->data.sequence.items.start[i]);
			if (!k || !(y->kids[i] = copy_node(c, k, depth + 1)))
				return NULL;
		}
		y->n = cnt;
		break;
	}
	case YAML_MAPPING_NODE: {
		y->kind = Y_MAP;
		size_t cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
		y->kids = arena_array(c->a, cnt ? 2 * cnt : 1, sizeof(ynode *));
		for (size_t i = 0; i < cnt; i++) {
			yaml_node_pair_t *pr = n->data.mapping.pairs.start + i;
			yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
			yaml_node_t *v = yaml_document_get_node(c->doc, pr->value);
			if (!k || !v)
				return NULL;
			ynode *kn = copy_node(c, k, depth + 1);
			ynode *vn = kn ? copy_node(c, v, depth + 1) : NULL;
			if (!vn)
				return NULL;
			if (kn->kind != Y_SCALAR) {
				diag_error(c->dg, kn->pos, "mapping key must be a plain string, got a %s",
					   ykind_name(kn->kind));
				c->failed = true;
				return NULL;
			}
			for (size_t j = 0; j < i; j++) {
				if (strcmp(y->kids[2 * j]->str, kn->str) == 0) {
					diag_error(c->dg, kn->pos, "duplicate key '%s'", kn->str);
					diag_note(c->dg, y->kids[2 * j]->pos, "'%s' first given here", kn->str);
				}
			}
			y->kids[2 * i] = kn;
			y->kids[2 * i + 1] = vn;
		}
		y->n = cnt;
		break;
	}
	default:
		y->kind = Y_MAP;
		break;
	}
	return y;
}

/* The parser's syntax error, in words a layout author can act on. */
static void syntax_error(diag *dg, const char *path, const char *text, size_t len, int line0,
			 const yaml_parser_t *parser)
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
		srcpos p = {path, 0, 0};
		utf8_linecol(text, (size_t)bad, &p.line, &p.col);
		p.line += line0;
		diag_error(dg, p, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			   (unsigned char)text[bad]);
		return NULL;
	}
	if (!text_check_file(dg, path, text, len, line0))
		return NULL;
	yaml_parser_t parser;
	yaml_document_t ydoc;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(dg, (srcpos){path, 0, 0}, "cannot initialise the YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	ynode *root = NULL;
	if (!yaml_parser_load(&parser, &ydoc)) {
		syntax_error(dg, path, text, len, line0, &parser);
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_node_t *r = yaml_document_get_root_node(&ydoc);
	if (!r) {
		root = arena_alloc(a, sizeof *root);
		root->kind = Y_MAP;
		root->pos = (srcpos){path, 1 + line0, 1};
	} else {
		ycopy c = {.a = a, .dg = dg, .path = path, .doc = &ydoc, .line0 = line0, .text = text, .len = len};
		root = copy_node(&c, r, 0);
	}
	yaml_document_delete(&ydoc);
	/* Every document of the stream is read to its end, so that a syntax
	 * error after the first one is reported; a second document is almost
	 * always a mistake. The stream ends with an empty document. */
	for (;;) {
		yaml_document_t extra;
		if (!yaml_parser_load(&parser, &extra)) {
			syntax_error(dg, path, text, len, line0, &parser);
			root = NULL;
			break;
		}
		bool more = yaml_document_get_root_node(&extra) != NULL;
		if (more) {
			diag_error(dg, (srcpos){path, (int)extra.start_mark.line + 1 + line0, 1},
				   "a second YAML document ('---') is not allowed here");
			root = NULL;
		}
		yaml_document_delete(&extra);
		if (!more)
			break;
	}
	yaml_parser_delete(&parser);
	return root;
}

char *load_read(diag *dg, const char *path, srcpos from, size_t *len)
{
	char *text = file_read(path, LIMIT_FILE_BYTES, len);
	if (!text) {
		if (errno == EFBIG)
			diag_error(dg, from, "'%s' is larger than %ld bytes (limit file-size)", path, LIMIT_FILE_BYTES);
		else
			diag_error(dg, from, "cannot read '%s': %s", path, file_strerror(errno));
	} else {
		diag_source(dg, path, text, *len); /* its lines, for the messages */
	}
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

int yenum(diag *dg, const ynode *n, const char *key, const char *const *names)
{
	if (n->kind == Y_SCALAR) {
		for (int i = 0; names[i]; i++)
			if (strcmp(n->str, names[i]) == 0)
				return i;
	}
	buf b = {0};
	for (int i = 0; names[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	const char *near = n->kind == Y_SCALAR ? diag_nearest(n->str, names) : NULL;
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
