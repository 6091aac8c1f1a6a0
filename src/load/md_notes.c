/* md_notes.c — footnotes: definitions taken out of the text before md4c
 * runs, references found in the inline text, numbering and the notes' own
 * text. (article_imp.h) */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "article_imp.h"

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
srcpos source_pos(mdctx *c, const char *src)
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
	mdctx_init(&n, c->d, c->dg, def->pos, c->dir);
	n.in_note = true;
	n.parent = c;
	parse_markdown(&n, def->text, strlen(def->text));
	fn->spans = n.note_n ? arena_array(c->d->a, n.note_n, sizeof(span)) : NULL;
	if (n.note_n)
		memcpy(fn->spans, n.note_sp, n.note_n * sizeof(span));
	fn->nspans = n.note_n;
	if (!n.note_n)
		diag_error(c->dg, def->pos, "footnote [^%s] has no text", def->label);
	mdctx_free(&n);
}

/* A reference "[^label]": the note's number as a superscript span. */
void add_reference(mdctx *c, const char *label, size_t n, const char *src, unsigned flags)
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
void take_definitions(mdctx *c, char *s, size_t n, int line)
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
void cell_references(mdctx *c, const char *text, srcpos pos)
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

void unreferenced_notes(mdctx *c)
{
	for (size_t i = 0; i < c->ndefs; i++)
		if (!c->defs[i].seen)
			diag_warning(c->dg, c->defs[i].pos, "footnote [^%s] is never referenced; it is left out",
				     c->defs[i].label);
}

