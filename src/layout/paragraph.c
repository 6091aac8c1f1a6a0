/* paragraph.c — a paragraph's text: spans → words (with bidi levels and
 * font fallback), hyphenation points, and the choice of its line breaks.
 */
#include "layout_imp.h"

#include <linebreak.h>

#include "intl.h"

void para_reset(para *p)
{
	p->text.len = 0;
	p->np = p->nw = p->nl = 0;
	p->emergency = false;
}

void para_free(para *p)
{
	buf_free(&p->text);
	free(p->owner);
	free(p->p);
	free(p->w);
	free(p->brk);
	free(p->lines);
	free(p->lev);
}

/* Concatenate spans, collapsing runs of white space (but not '\n') to one
 * space, so that the measured text is exactly the drawn text. */
void para_text(para *p, const span *sp, size_t n)
{
	bool space = true; /* drop leading white space */
	for (size_t i = 0; i < n; i++) {
		const span *s = &sp[i];
		for (size_t j = 0; j < s->len; j++) {
			char ch = s->text[j];
			if (ch == '\t' || ch == '\r')
				ch = ' ';
			if (ch == ' ' && space)
				continue;
			if (ch == '\n' && p->text.len && p->text.s[p->text.len - 1] == ' ')
				p->text.len--; /* no space before a hard break */
			space = ch == ' ' || ch == '\n';
			buf_putc(&p->text, ch);
			GROW(p->owner, p->ocap, p->text.len);
			p->owner[p->text.len - 1] = s;
		}
	}
	while (p->text.len && (p->text.s[p->text.len - 1] == ' ' || p->text.s[p->text.len - 1] == '\n'))
		p->text.len--;
	buf_put(&p->text, "", 0);
}

/* Right-to-left text (bidi.h): resolve the levels and rewrite the
 * paragraph text without its bidi controls; the Arabic is shaped by
 * HarfBuzz where each piece is measured and drawn (font_shape). A
 * paragraph without right-to-left characters is left as it is. */
void para_bidi(para *p, int dir)
{
	p->bidi = p->rtl = false;
	if (!p->text.len || (dir != BIDI_RTL && !bidi_has_rtl(p->text.s, p->text.len)))
		return;
	size_t n = p->text.len, k = 0;
	uint32_t *cp = xmalloc((n + 1) * sizeof *cp);
	size_t *at = xmalloc((n + 1) * sizeof *at), *map = xmalloc((n + 1) * sizeof *map);
	uint8_t *lv = xmalloc(n + 1);
	for (size_t i = 0; i < n;) {
		int l = utf8_decode(p->text.s + i, n - i, &cp[k]);
		if (!l)
			l = 1, cp[k] = 0xFFFD;
		at[k++] = i;
		i += (size_t)l;
	}
	size_t m = bidi_levels(cp, lv, map, k, dir, &p->rtl);
	buf t = {0};
	const span **own = NULL;
	size_t ocap = 0;
	for (size_t i = 0; i < m; i++) {
		size_t before = t.len;
		bidi_put_cp(&t, cp[i]);
		GROW(own, ocap, t.len);
		GROW(p->lev, p->levcap, t.len);
		for (size_t b = before; b < t.len; b++) {
			own[b] = p->owner[at[map[i]]];
			p->lev[b] = lv[i];
		}
	}
	buf_put(&t, "", 0);
	buf_free(&p->text);
	free(p->owner);
	p->text = t;
	p->owner = own;
	p->ocap = ocap;
	p->bidi = true;
	free(cp);
	free(at);
	free(map);
	free(lv);
}

static void add_piece(para *p, int font, size_t off, size_t len, double w, const span *sp, uint8_t lev)
{
	GROW(p->p, p->pcap, p->np + 1);
	p->p[p->np++] = (piece){font, off, len, w, sp, lev};
}

/* Width of text s[0..n) of a passage in another language than its
 * block's (span_lang) in face f, shaped in that language, as its item is
 * drawn (item.shape_lang); else in the block's. */
static double passage_width(lctx *c, const span *sp, int f, const char *s, size_t n, bool rtl, double size)
{
	const char *l = span_lang(c, sp);
	const char *was = l ? font_language(c->fs, l) : NULL;
	double w = font_width_dir(c->fs, f, s, n, rtl, size);
	if (l)
		font_language(c->fs, was);
	return w;
}

/* Width of text s[0..n) of span sp in face f, in its language, in points
 * at size (the common case, a span in its block's language, without a
 * call more). */
#define span_width(c, sp, f, s, n, rtl, size)                                                                   \
	((sp) && (sp)->lang ? passage_width(c, sp, f, s, n, rtl, size) : font_width_dir((c)->fs, f, s, n, rtl, size))

/* Adds a piece of a word, measured as its text shaped whole in its face,
 * as the render stage draws it; a note reference is set small. */
static void end_piece(lctx *c, para *p, int f, size_t off, size_t len, const span *sp, uint8_t lev,
		      const style *st)
{
	double w = span_width(c, sp, f, p->text.s + off, len, lev & 1, st->size) *
		   (sp->flags & SPAN_NOTE ? NOTE_SCALE : 1);
	add_piece(p, f, off, len, w, sp, lev);
}

/* Ideographs, kana and the CJK punctuation and full-width forms: scripts
 * written without spaces, where a line may break between any two. */
static bool is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

static uint32_t first_cp(const para *p, const word *w)
{
	uint32_t cp = 0;
	if (w->np && !utf8_decode(p->text.s + p->p[w->p0].off, p->p[w->p0].len, &cp))
		cp = 0;
	return cp;
}

static uint32_t last_cp(const para *p, const word *w)
{
	if (!w->np)
		return 0;
	const piece *pc = &p->p[w->p0 + w->np - 1];
	size_t i = pc->len;
	while (i > 0 && ((unsigned char)p->text.s[pc->off + i - 1] & 0xC0) == 0x80)
		i--;
	uint32_t cp = 0;
	if (i == 0 || !utf8_decode(p->text.s + pc->off + i - 1, pc->len - i + 1, &cp))
		cp = 0;
	return cp;
}

/* A letter of the script a Chinese, Japanese or Korean block is written
 * in (font_prefer), or 0 for a block in another language. */
uint32_t cjk_probe(const char *l)
{
	if (lang_is(l, "zh") || lang_is(l, "yue"))
		return 0x4E00; /* 一 */
	if (lang_is(l, "ja"))
		return 0x3042; /* あ */
	if (lang_is(l, "ko"))
		return 0xAC00; /* 가 */
	return 0;
}

/* Split the paragraph into words at UAX #14 break opportunities and each
 * word into pieces of one font (a fallback font takes the characters the
 * style's font lacks). */
void para_words(lctx *c, para *p, const style *st, srcpos pos)
{
	size_t n = p->text.len;
	const char *s = p->text.s;
	GROW(p->brk, p->brkcap, n + 1);
	if (n)
		set_linebreaks_utf8((const utf8_t *)s, n, lang(c), p->brk);
	/* Thai, Lao, Khmer, Myanmar: libunibreak breaks their words only at
	 * spaces; ICU's dictionaries find where a line may break inside a run
	 * of them (a line then ends between two words, with no space) */
	size_t at[256], nat;
	for (size_t from = 0; n && (nat = intl_dictionary_breaks(s + from, n - from, lang(c), at, 256)) > 0;) {
		for (size_t k = 0; k < nat; k++)
			if (p->brk[from + at[k] - 1] == LINEBREAK_NOBREAK)
				p->brk[from + at[k] - 1] = LINEBREAK_ALLOWBREAK;
		if (nat < 256)
			break;
		from += at[nat - 1];
	}
	/* a footnote reference stays with the text before it */
	for (size_t i = 1; i < n; i++)
		if ((p->owner[i]->flags & SPAN_NOTE) && !(p->owner[i - 1]->flags & SPAN_NOTE) && s[i - 1] != ' ' &&
		    s[i - 1] != '\n')
			p->brk[i - 1] = LINEBREAK_NOBREAK;
	/* a CJK block: digits, Latin and punctuation from the CJK face too */
	uint32_t probe = cjk_probe(lang(c));
	size_t i = 0;
	while (i < n) {
		GROW(p->w, p->wcap, p->nw + 1);
		word *w = &p->w[p->nw];
		memset(w, 0, sizeof *w);
		w->p0 = p->np;
		int cur_font = -2;
		uint8_t cur_lev = 0;
		const span *cur_span = NULL;
		size_t pstart = i;
		/* the word runs to the next break opportunity */
		for (;;) {
			uint32_t cp = (unsigned char)s[i];
			int l = 1;
			if (cp >= 0x80 && !(l = utf8_decode(s + i, n - i, &cp))) {
				l = 1;
				cp = 0xFFFD;
			}
			size_t last = i + (size_t)l - 1;
			bool is_space = cp == ' ', is_nl = cp == '\n';
			/* a space after which no line may end (before ")", ".",
			 * "!", "/" …, after "(") is part of the word, as written:
			 * only a breakable space becomes the word's space */
			if (is_space && i + 1 < n && p->brk[last] == LINEBREAK_NOBREAK)
				is_space = false;
			if (is_space || is_nl) {
				if (cur_font >= 0 && i > pstart)
					end_piece(c, p, cur_font, pstart, i - pstart, cur_span, cur_lev, st);
				cur_font = -2;
				if (is_space) {
					int f = p->np > w->p0 ? p->p[p->np - 1].font
							      : style_font(st, p->owner[i]->flags);
					if (!font_has(c->fs, f, ' ')) /* a CJK font may have none */
						f = style_font(st, p->owner[i]->flags);
					w->space = font_advance(c->fs, f, ' ') * st->size / 1000.0;
					w->slev = p->bidi ? p->lev[i] : 0;
				}
				if (is_nl)
					w->forced = true;
				i += (size_t)l;
				if (p->brk[last] != LINEBREAK_NOBREAK || i >= n)
					break;
				pstart = i;
				continue;
			}
			const span *sp = p->owner[i];
			int want = style_font(st, sp->flags);
			if (probe && !(sp->flags & SPAN_CODE))
				want = font_prefer(c->fs, want, probe);
			int f = font_pick(c->fs, want, cp);
			if (f < 0) {
				if (c->report) {
					c->nmissing++;
					diag_error(c->dg, pos,
						   "character U+%04X '%.*s' is in no font (%s or the fallback fonts); add a fallback font that has it",
						   cp, l, s + i, font_family_name(c->fs, want));
				}
				f = want;
			}
			uint8_t lv = p->bidi ? p->lev[i] : 0;
			if (f != cur_font || sp != cur_span || lv != cur_lev) {
				if (cur_font >= 0 && i > pstart)
					end_piece(c, p, cur_font, pstart, i - pstart, cur_span, cur_lev, st);
				cur_font = f;
				cur_lev = lv;
				cur_span = sp;
				pstart = i;
			}
			i += (size_t)l;
			if (i >= n || p->brk[last] != LINEBREAK_NOBREAK) {
				/* a break opportunity follows; absorb following spaces */
				if (i < n && (s[i] == ' ' || s[i] == '\n'))
					continue;
				break;
			}
		}
		if (cur_font >= 0 && i > pstart)
			end_piece(c, p, cur_font, pstart, i - pstart, cur_span, cur_lev, st);
		w->np = p->np - w->p0;
		for (size_t k = w->p0; k < p->np; k++)
			w->w += p->p[k].w;
		if (w->np || w->forced)
			p->nw++;
	}
	/* breaks without a space next to an ideograph may stretch */
	for (size_t k = 0; k + 1 < p->nw; k++) {
		word *w = &p->w[k];
		w->glue = !w->forced && w->space == 0 && w->np && p->w[k + 1].np &&
			  (is_cjk(last_cp(p, w)) || is_cjk(first_cp(p, &p->w[k + 1])));
	}
	/* full-width punctuation at a line's edge: a closing mark or stop
	 * ending a line and an opening bracket starting one are set in half
	 * an em, their blank half outside the measure (clreq, JLREQ), as the
	 * face's 'halt' says; so the ink of the line meets the margins */
	for (size_t k = 0; k < p->nw; k++) {
		word *w = &p->w[k];
		w->trim_start = w->trim_end = 0;
		if (!w->np)
			continue;
		bool open;
		double b = font_cjk_blank(c->fs, p->p[w->p0].font, first_cp(p, w), &open);
		if (b > 0 && open)
			w->trim_start = (float)(b * st->size / 1000.0);
		b = font_cjk_blank(c->fs, p->p[w->p0 + w->np - 1].font, last_cp(p, w), &open);
		if (b > 0 && !open)
			w->trim_end = (float)(b * st->size / 1000.0);
	}
}

/* A word wider than the measure is cut between characters (last resort). */
void split_long_words(lctx *c, para *p, double width, double size)
{
	/* The rest of a word cut is measured only as far as it is walked
	 * (w < 0: not yet), so that a word many lines long costs its length,
	 * not its length times its lines. */
	for (size_t k = 0; k < p->nw; k++) {
		word *w = &p->w[k];
		if ((w->w >= 0 && w->w <= width) || w->np == 0)
			continue;
		/* find the cut: the most characters that fit */
		double acc = 0;
		size_t cut_piece = w->p0, cut_off = 0;
		bool found = false;
		for (size_t q = w->p0; q < w->p0 + w->np && !found; q++) {
			piece *pc = &p->p[q];
			size_t i = 0;
			double sum = 0; /* as font_width adds up the piece, kerned */
			uint32_t prev = 0;
			while (i < pc->len) {
				uint32_t cp;
				int l = utf8_decode(p->text.s + pc->off + i, pc->len - i, &cp);
				if (!l)
					l = 1, cp = 0xFFFD;
				double next = sum + (font_advance(c->fs, pc->font, cp) +
						     font_kern(c->fs, pc->font, prev, cp) * font_scale(c->fs, pc->font));
				/* the piece up to and with this character */
				double pw = next * size / 1000.0;
				if (acc + pw > width && (q > w->p0 || i > 0)) {
					cut_piece = q;
					cut_off = i;
					found = true;
					break;
				}
				sum = next;
				prev = cp;
				i += (size_t)l;
			}
			if (!found && pc->w < 0) /* as shaped (ligatures, a script's forms) */
				pc->w = span_width(c, pc->sp, pc->font, p->text.s + pc->off, pc->len, pc->lev & 1, size);
			acc += pc->w;
		}
		if (!found) {
			if (w->w < 0) {
				w->w = 0;
				for (size_t q = w->p0; q < w->p0 + w->np; q++)
					w->w += p->p[q].w;
			}
			continue;
		}
		c->L->emergency_breaks++;
		/* split piece cut_piece at cut_off (0 = before the piece) */
		size_t first_np = cut_piece - w->p0;
		if (cut_off > 0) {
			piece *pc = &p->p[cut_piece];
			GROW(p->p, p->pcap, p->np + 1);
			memmove(&p->p[cut_piece + 1], &p->p[cut_piece], (p->np - cut_piece) * sizeof(piece));
			p->np++;
			pc = &p->p[cut_piece];
			piece *rest = &p->p[cut_piece + 1];
			rest->off = pc->off + cut_off;
			rest->len = pc->len - cut_off;
			pc->len = cut_off;
			pc->w = span_width(c, pc->sp, pc->font, p->text.s + pc->off, cut_off, pc->lev & 1, size);
			rest->w = -1; /* measured when walked */
			first_np++;
			for (size_t j = k + 1; j < p->nw; j++)
				p->w[j].p0++;
		}
		/* insert a new word after k holding the rest */
		GROW(p->w, p->wcap, p->nw + 1);
		memmove(&p->w[k + 1], &p->w[k], (p->nw - k) * sizeof(word));
		p->nw++;
		w = &p->w[k];
		word *r = &p->w[k + 1];
		r->p0 = w->p0 + first_np;
		r->np = w->np + (cut_off > 0 ? 1 : 0) - first_np;
		w->np = first_np;
		w->space = 0;
		w->forced = false;
		w->glue = false;
		w->w = 0;
		for (size_t q = w->p0; q < w->p0 + w->np; q++)
			w->w += p->p[q].w;
		r->w = 0;
		for (size_t q = r->p0; q < r->p0 + r->np; q++)
			r->w = r->w < 0 || p->p[q].w < 0 ? -1 : r->w + p->p[q].w;
	}
}

static bool is_punct(char ch)
{
	return ch && strchr("\"'([{.,;:!?)]}", ch) != NULL;
}

/* Break word j with a hyphen so that its first part (and the hyphen) fits
 * in room; the rest becomes word j+1. Only one-font words of letters are
 * hyphenated, never a name marked as such or the paragraph's last word. */
/* Where word j may take a hyphen: byte offsets into its (single) piece,
 * ascending. Only one-font words of letters that stand between spaces are
 * hyphenated, never a name marked as such or the paragraph's last word. */
static int hyph_cuts(lctx *c, const para *p, size_t j, size_t *cuts, int max)
{
	const word *w = &p->w[j];
	if (w->np != 1 || j + 1 >= p->nw)
		return 0;
	/* a word glued to the one before or after it without a space is part
	 * of a URL, a path or a hyphenated compound: never hyphenated */
	if ((j > 0 && p->w[j - 1].space == 0 && !p->w[j - 1].forced) || (w->space == 0 && !w->forced))
		return 0;
	const piece *pc = &p->p[w->p0];
	if (pc->sp && (pc->sp->nobreak_hyphen || (pc->sp->flags & (SPAN_CODE | SPAN_NOTE))))
		return 0;
	const char *t = p->text.s + pc->off;
	size_t lead = 0, len = pc->len;
	while (lead < len && is_punct(t[lead]))
		lead++;
	/* the run of letters that starts the word: a citation or closing
	 * punctuation glued to it ("development\u00a0[2],") stays with the tail */
	size_t end = lead;
	while (end < len) {
		unsigned char ch = (unsigned char)t[end];
		if (ch < 0x80 ? !((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
			      : (ch == 0xC2 && end + 1 < len && (unsigned char)t[end + 1] == 0xA0))
			break;
		end++;
	}
	/* a capitalised word (a proper noun: Kyoto, Vietnamese) is not
	 * hyphenated unless the layout allows it (typography:) */
	if (c->d->typo.keep_capitals && hyph_capitalised(t + lead, end - lead))
		return 0;
	const char *hl = span_lang(c, pc->sp); /* a passage in another language: its own */
	int n = hyph_points(hl ? hl : lang(c), t + lead, end - lead, cuts, max);
	for (int k = 0; k < n; k++)
		cuts[k] += lead;
	return n;
}

/* Split word j at byte cut of its piece into [prefix-] and [rest]; the
 * hyphen is drawn from a "-" appended to the paragraph text. */
static void split_word_at(lctx *c, para *p, size_t j, const style *st, size_t cut)
{
	word *w = &p->w[j];
	double hw = span_width(c, p->p[w->p0].sp, p->p[w->p0].font, "-", 1, false, st->size);
	size_t hoff = p->text.len;
	buf_put(&p->text, "-", 1);
	GROW(p->p, p->pcap, p->np + 2);
	size_t at = w->p0;
	memmove(&p->p[at + 3], &p->p[at + 1], (p->np - at - 1) * sizeof(piece));
	p->np += 2;
	piece orig = p->p[at];
	double wa = span_width(c, orig.sp, orig.font, p->text.s + orig.off, cut, false, st->size);
	p->p[at] = (piece){orig.font, orig.off, cut, wa, orig.sp, orig.lev};
	p->p[at + 1] = (piece){orig.font, hoff, 1, hw, orig.sp, orig.lev};
	double wr = span_width(c, orig.sp, orig.font, p->text.s + orig.off + cut, orig.len - cut, false, st->size);
	p->p[at + 2] = (piece){orig.font, orig.off + cut, orig.len - cut, wr, orig.sp, orig.lev};
	GROW(p->w, p->wcap, p->nw + 1);
	memmove(&p->w[j + 1], &p->w[j], (p->nw - j) * sizeof(word));
	p->nw++;
	for (size_t k = j + 2; k < p->nw; k++)
		p->w[k].p0 += 2;
	word *a = &p->w[j], *b = &p->w[j + 1];
	a->np = 2;
	a->w = wa + hw;
	a->space = 0;
	a->forced = false;
	a->glue = false;
	a->trim_end = 0;
	b->trim_start = 0;
	b->p0 = at + 2;
	b->np = 1;
	b->w = wr;
}

typedef struct {
	size_t word, cut;
} wsplit;

/* split_word_at for many words at once (ascending, each word once), in one
 * pass over the pieces and words: splitting them one by one moves the rest
 * of the paragraph each time. */
static void split_words(lctx *c, para *p, const style *st, const wsplit *sp, size_t ns)
{
	if (!ns)
		return;
	for (size_t s = 1; s < ns; s++)
		if (sp[s].word <= sp[s - 1].word) { /* two breaks in one word: one by one */
			for (size_t t = ns; t-- > 0;)
				split_word_at(c, p, sp[t].word, st, sp[t].cut);
			return;
		}
	size_t np = p->np + 2 * ns, nw = p->nw + ns;
	piece *P = xmalloc(np * sizeof *P);
	word *W = xmalloc(nw * sizeof *W);
	size_t pi = 0, s = 0;
	for (size_t i = 0; i < p->np; i++) {
		if (s < ns && p->w[sp[s].word].p0 == i) {
			piece orig = p->p[i];
			size_t cut = sp[s].cut;
			double hw = span_width(c, orig.sp, orig.font, "-", 1, false, st->size);
			size_t hoff = p->text.len;
			buf_put(&p->text, "-", 1);
			double wa = span_width(c, orig.sp, orig.font, p->text.s + orig.off, cut, false, st->size);
			double wr = span_width(c, orig.sp, orig.font, p->text.s + orig.off + cut, orig.len - cut, false,
					       st->size);
			P[pi++] = (piece){orig.font, orig.off, cut, wa, orig.sp, orig.lev};
			P[pi++] = (piece){orig.font, hoff, 1, hw, orig.sp, orig.lev};
			P[pi++] = (piece){orig.font, orig.off + cut, orig.len - cut, wr, orig.sp, orig.lev};
			s++;
		} else {
			P[pi++] = p->p[i];
		}
	}
	size_t wi = 0;
	s = 0;
	for (size_t k = 0; k < p->nw; k++) {
		word w = p->w[k];
		while (s < ns && p->w[sp[s].word].p0 < w.p0)
			s++;
		/* s splits lie in the pieces before this word */
		size_t p0 = w.p0 + 2 * s;
		if (s < ns && sp[s].word == k) {
			const piece *a = &P[p0];
			W[wi++] = (word){.p0 = p0, .np = 2, .w = a[0].w + a[1].w, .space = 0, .slev = w.slev,
					 .trim_start = w.trim_start};
			w.trim_start = 0;
			w.p0 = p0 + 2;
			w.np = 1;
			w.w = a[2].w;
			W[wi++] = w;
		} else {
			w.p0 = p0;
			W[wi++] = w;
		}
	}
	free(p->p);
	free(p->w);
	p->p = P;
	p->np = p->pcap = np;
	p->w = W;
	p->nw = p->wcap = nw;
}

/* The hyphenation point of word j whose first part and hyphen fit in room
 * (the last such), in *cut; false when there is none. */
static bool hyphen_cut(lctx *c, para *p, size_t j, const style *st, double room, size_t *cut)
{
	size_t cuts[HYPH_MAX_POINTS];
	int n = room > 0 ? hyph_cuts(c, p, j, cuts, HYPH_MAX_POINTS) : 0;
	if (n == 0)
		return false;
	const piece *pc = &p->p[p->w[j].p0];
	double hw = span_width(c, pc->sp, pc->font, "-", 1, false, st->size);
	int best = -1;
	for (int k = 0; k < n; k++)
		if (span_width(c, pc->sp, pc->font, p->text.s + pc->off, cuts[k], false, st->size) + hw <= room)
			best = k;
	if (best < 0)
		return false;
	*cut = cuts[best];
	return true;
}

/* Total fit (breaker.h) over p's words: the breakpoints are after each
 * word and at its hyphenation points; false when no set of lines fits. */
bool para_break_kp(lctx *c, para *p, const style *st, double first_width, double width,
		   bool ragged, bool emergency)
{
	brk_list l;
	brk_init(&l);
	const double hpen = ragged ? PEN_HYPHEN_RAGGED : PEN_HYPHEN;
	size_t cuts[HYPH_MAX_POINTS];
	for (size_t k = 0; k < p->nw; k++) {
		const word *w = &p->w[k];
		int n = st->hyphenate ? hyph_cuts(c, p, k, cuts, HYPH_MAX_POINTS) : 0;
		const piece *pc = n ? &p->p[w->p0] : NULL;
		for (int h = 0; h < n; h++)
			brk_hyphen(&l, k, cuts[h],
				   span_width(c, pc->sp, pc->font, p->text.s + pc->off, cuts[h], false, st->size),
				   span_width(c, pc->sp, pc->font, "-", 1, false, st->size), hpen);
		brk_box(&l, w->w);
		bool last = k + 1 == p->nw;
		double stretch = ragged ? 0 : w->glue ? st->size * GLUE_STRETCH : w->space / 2;
		double shrink = ragged ? 0 : w->space / 3;
		bool hard = w->space == 0 && !w->glue && !last; /* like a hyphen */
		brk_glue(&l, k, w->space, stretch, shrink, w->forced || last, hard, hard ? PEN_EXPLICIT : 0);
		/* a line ending here leaves out the blank of w's last mark, one
		 * starting after it that of the next word's opening bracket */
		brk_trim(&l, w->trim_end, last ? 0 : p->w[k + 1].trim_start);
	}
	brk_params pr = {first_width, width, ragged ? RAGGED_STRETCH * st->size : 0, emergency};
	size_t *ord, nbr;
	if (!brk_solve(&l, &pr, &ord, &nbr)) {
		brk_free(&l);
		return false;
	}
	const brk_point *b = l.b;
	/* split the hyphenated words */
	wsplit *sp = xmalloc((nbr + 1) * sizeof *sp);
	size_t ns = 0;
	for (size_t i = 0; i < nbr; i++)
		if (b[ord[i]].cut)
			sp[ns++] = (wsplit){b[ord[i]].word, b[ord[i]].cut};
	split_words(c, p, st, sp, ns);
	free(sp);
	p->nl = 0;
	size_t shift = 0, start = 0;
	for (size_t i = 0; i < nbr; i++) {
		const brk_point *e = &b[ord[i]];
		GROW(p->lines, p->lcap, p->nl + 2);
		p->lines[p->nl++] = start;
		start = e->word + shift + 1;
		if (e->cut)
			shift++;
	}
	GROW(p->lines, p->lcap, p->nl + 1);
	p->lines[p->nl] = p->nw;
	free(ord);
	brk_free(&l);
	return true;
}

/* Greedy line filling (first fit): the most words that fit on each line,
 * hyphenating the word that does not fit when the style allows it. This is
 * how ReportLab and WeasyPrint break lines; `linebreak: greedy` selects it
 * for comparison, and total fit falls back on it should both passes fail. */
static void para_break(lctx *c, para *p, const style *st, double first_width, double width)
{
	/* the words are split at the end (split_words): meanwhile a line may
	 * start with the rest of a word hyphenated at the end of the line
	 * before, of width carry */
	wsplit *sp = NULL;
	size_t ns = 0, scap = 0;
	p->nl = 0;
	size_t k = 0;
	double carry = -1;
	while (k < p->nw) {
		GROW(p->lines, p->lcap, p->nl + 2);
		p->lines[p->nl++] = k + ns; /* where word k will be once split */
		double lw = p->nl == 1 ? first_width : width;
		double x = carry >= 0 ? carry : p->w[k].w;
		carry = -1;
		size_t j = k + 1;
		if (!p->w[k].forced) {
			while (j < p->nw) {
				double nx = x + p->w[j - 1].space + p->w[j].w;
				if (nx > lw + 0.001) {
					double room = lw - x - p->w[j - 1].space;
					size_t cut;
					if (st->hyphenate && p->w[j - 1].space > 0 && hyphen_cut(c, p, j, st, room, &cut)) {
						GROW(sp, scap, ns + 1);
						sp[ns++] = (wsplit){j, cut};
						const piece *pc = &p->p[p->w[j].p0];
						carry = span_width(c, pc->sp, pc->font, p->text.s + pc->off + cut,
								   pc->len - cut, false, st->size);
					}
					break;
				}
				x = nx;
				if (p->w[j].forced) {
					j++;
					break;
				}
				j++;
			}
		}
		k = j;
	}
	split_words(c, p, st, sp, ns);
	free(sp);
	GROW(p->lines, p->lcap, p->nl + 1);
	p->lines[p->nl] = p->nw;
}

/* Break p with method how (BRK_*): total fit, its emergency pass, and
 * greedy filling last; greedy only when the document asks for it. */
void para_lines(lctx *c, para *p, const style *st, double first_width, double width, int how)
{
	if (how != BRK_GREEDY && c->d->linebreak != DOC_BREAK_GREEDY && p->nw >= 2) {
		bool ragged = how == BRK_RAGGED;
		if (para_break_kp(c, p, st, first_width, width, ragged, false))
			return;
		p->emergency = true;
		if (para_break_kp(c, p, st, first_width, width, ragged, true))
			return;
	}
	para_break(c, p, st, first_width, width);
}
