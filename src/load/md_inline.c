/* md_inline.c — inline text of Markdown: gathering md4c's pieces, trimming
 * them, and turning them into spans (emphasis, code, links, footnote
 * references); the md4c span and text callbacks. (article_imp.h) */
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "article_imp.h"
#include "langmark.h"
#include "typo.h"

/* ---- gathering inline text ---- */

static bool same_str(const char *a, const char *b)
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
	if (!last || alone || last->alone || last->autoref || last->flags != flags || !same_str(last->link, c->link)) {
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

void inl_reset(inl *in)
{
	in->text.len = 0;
	in->n = 0;
	in->nch = 0;
	in->has_pos = false;
}

bool is_space(char ch)
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
	sp->lang = c->cur_lang;
	sp->nobreak_hyphen = c->cur_name;
	GROW(c->outpos, c->outposcap, c->nout);
	c->outpos[c->nout - 1] = link ? c->piece_link_pos : (srcpos){0};
}

/* The source of gathered byte off, when it came from the Markdown verbatim
 * (the chunks are in the order of the text: a binary search). */
const char *source_of(const inl *in, size_t off)
{
	size_t lo = 0, hi = in->nch;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->ch[mid].off + in->ch[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < in->nch && off >= in->ch[lo].off && off < in->ch[lo].off + in->ch[lo].len)
		return in->ch[lo].src + (off - in->ch[lo].off);
	return NULL;
}

/* "\[" is an escaped bracket, "\\[" an escaped backslash and a bracket. */
bool escaped(const mdctx *c, const char *src)
{
	size_t n = 0;
	while (src - n > c->md && src[-(ptrdiff_t)n - 1] == '\\')
		n++;
	return n % 2 == 1;
}

/* Length of the footnote label that starts at s ("label]…"), 0 when there
 * is none: 1 to FN_LABEL_MAX bytes, no white space and no brackets. */
size_t label_len(const char *s, size_t n)
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
		if (t[k] != '[' || t[k + 1] != '^' || c->mode == M_TABLE)
			continue; /* a table cell's is printed as written */
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

/* A piece whose bytes lie in passages of other languages (md_lang.c):
 * each run of one language taken with it, the markup left out. */
static void take_piece_lang(mdctx *c, const piece *p)
{
	const uint32_t *lab = c->lab ? c->lab + p->start : NULL;
	size_t i = 0;
	while (i < p->len) {
		uint32_t l = lab ? lab[i] : 0;
		size_t j = i + 1;
		while (lab && j < p->len && lab[j] == l && !p->autoref)
			j++;
		if (p->autoref)
			j = p->len;
		if (l != LANG_CUT) {
			piece q = *p;
			q.start += i;
			q.len = j - i;
			c->cur_lang = l ? c->lr[l - 1].lang : NULL;
			c->cur_name = l && c->lr[l - 1].name;
			take_piece(c, &q);
		}
		i = j;
	}
	c->cur_lang = NULL;
	c->cur_name = false;
}

/* Typography by language (typo.h) over the spans of one paragraph, in
 * order, so that a quotation may open in one span and close in another.
 * Code and the text of "[](#id)" are left alone; a name marked {.name}
 * keeps its words on one line; a passage in another language takes that
 * language's typography. */
static void typeset(mdctx *c)
{
	const char *blang = c->lang ? c->lang : doc_lang(c->d);
	typo_opts o = typo_for(&c->d->typo, blang), so = o;
	const char *slang = NULL; /* the language so is for */
	typo_state st = {0};
	for (size_t i = 0; i < c->nout; i++) {
		span *sp = &c->out[i];
		if (sp->flags & (SPAN_CODE | SPAN_NOTE) || sp->autoref) {
			st.prev = 'x'; /* a quote after code closes */
			continue;
		}
		if (sp->lang && sp->lang != slang) {
			so = typo_for(&c->d->typo, sp->lang);
			slang = sp->lang;
		}
		sp->text = sp->nobreak_hyphen ? typo_bind(c->d->a, sp->text, sp->len)
					      : typo_apply(c->d->a, sp->lang ? &so : &o, &st, sp->text, sp->len);
		sp->len = strlen(sp->text);
	}
}

/* The gathered text as NFC spans in the arena; the gatherer is emptied.
 * Returns the number of spans (0 when there was only white space). */
size_t inl_take(mdctx *c, span **out)
{
	inl *in = &c->in;
	size_t lo, hi;
	inl_trim(in, &lo, &hi);
	c->nout = 0;
	bool langs = lang_spans(c, lo, hi);
	for (size_t i = lo; i < hi; i++) {
		if (langs)
			take_piece_lang(c, &in->v[i]);
		else
			take_piece(c, &in->v[i]);
	}
	typeset(c);
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

/* The gathered text as one plain, trimmed NFC string (an image's caption). */
const char *buf_take_plain(mdctx *c, buf *b)
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

/* A table cell's gathered text as one string, set as inl_take sets a
 * paragraph (typography by language, a name's no-break spaces), its
 * passages in another language ("[x]{lang=fr}", '<span lang="fr">',
 * md_lang.c) kept between marks (langmark.h) and their markup left out.
 * A footnote reference stays as written (cell_references). */
const char *inl_take_cell(mdctx *c)
{
	span *sp;
	size_t n = inl_take(c, &sp);
	buf b = {0};
	const char *cur = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *l = sp[i].lang;
		if (!same_str(l, cur)) {
			if (cur)
				buf_putc(&b, LM_CLOSE);
			if (l) {
				buf_putc(&b, LM_OPEN);
				buf_puts(&b, l);
				buf_putc(&b, LM_TEXT);
			}
			cur = l;
		}
		buf_put(&b, sp[i].text, sp[i].len);
	}
	if (cur)
		buf_putc(&b, LM_CLOSE);
	const char *r = utf8_nfc(c->d->a, b.s ? b.s : "", b.len);
	buf_free(&b);
	return r;
}

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

int enter_span(MD_SPANTYPE type, void *det, void *ud)
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

int leave_span(MD_SPANTYPE type, void *det, void *ud)
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

int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
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
		if (!c->alt.len) {
			c->alt_src = s;
			c->alt_pos = c->last;
		}
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

