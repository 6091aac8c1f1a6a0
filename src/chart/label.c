/* label.c — chart text: measuring and placing labels, wrapping and
 * shortening them to a width, and the numbers they show. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_imp.h"
#include "langmark.h"

double measure(const cx *c, int role, double size, const char *s)
{
	if (!s || !*s)
		return 0;
	return c->out->measure(c->out->user, role, size, s);
}

#define TEXT_ASC 0.80  /* above the baseline, accents included (/ size) */
#define TEXT_DESC 0.24 /* below it */

tbox text_box(double x, double y, double size, double w)
{
	return (tbox){x, y - TEXT_ASC * size, x + w, y + TEXT_DESC * size};
}

void text_at(const cx *c, double x, double y, int role, double size, uint32_t color,
		    int align, const char *s)
{
	if (!s || !*s)
		return;
	double w = measure(c, role, size, s);
	if (align != CHART_ALIGN_LEFT)
		x -= align == CHART_ALIGN_CENTER ? w / 2 : w;
	/* inside the box: a tick label centred on the first tick, a label at the
	 * end of a long bar, are moved in rather than drawn in the margin */
	if (c->width > 0) {
		if (x + w > c->width)
			x = c->width - w;
		if (x < 0)
			x = 0;
	}
	if (c->height > 0) {
		if (y + TEXT_DESC * size > c->height)
			y = c->height - TEXT_DESC * size;
		if (y - TEXT_ASC * size < 0)
			y = TEXT_ASC * size;
	}
	if (c->dry) {
		tboxes *t = c->texts;
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 32;
			t->b = xrealloc(t->b, t->cap * sizeof *t->b);
		}
		t->b[t->n++] = text_box(x, y, size, w);
		return;
	}
	c->out->text(c->out->user, x, y, role, size, color, s);
}

/* The gaps of a gridline: the parts of [a, b] along it outside every text
 * box that the line's position at right angles (at) goes through, padded. */
void grid_seg(cx *c, double x0, double y0, double x1, double y1)
{
	const double pad = 1.5;
	bool horiz = fabs(y1 - y0) < fabs(x1 - x0);
	double at = horiz ? y0 : x0;
	double a = horiz ? fmin(x0, x1) : fmin(y0, y1), b = horiz ? fmax(x0, x1) : fmax(y0, y1);
	while (a < b) {
		double end = b;
		bool cut = false;
		/* the first box that the rest of the line runs into */
		for (size_t i = 0; c->texts && i < c->texts->n; i++) {
			const tbox *t = &c->texts->b[i];
			double lo = horiz ? t->y0 : t->x0, hi = horiz ? t->y1 : t->x1;
			double s0 = (horiz ? t->x0 : t->y0) - pad, s1 = (horiz ? t->x1 : t->y1) + pad;
			if (at < lo - pad || at > hi + pad || s1 <= a || s0 >= end)
				continue;
			if (s0 <= a) { /* the line starts inside this box: skip past it */
				a = s1;
				cut = true;
				break;
			}
			end = s0;
		}
		if (cut)
			continue;
		if (end - a > 0.5) {
			if (horiz) {
				geom_move(c, a, at);
				geom_line(c, end, at);
			} else {
				geom_move(c, at, a);
				geom_line(c, at, end);
			}
		}
		if (end >= b)
			break;
		/* past the box that ended this piece */
		double next = b;
		for (size_t i = 0; i < c->texts->n; i++) {
			const tbox *t = &c->texts->b[i];
			double lo = horiz ? t->y0 : t->x0, hi = horiz ? t->y1 : t->x1;
			double s0 = (horiz ? t->x0 : t->y0) - pad, s1 = (horiz ? t->x1 : t->y1) + pad;
			if (at >= lo - pad && at <= hi + pad && s0 <= end && s1 > end)
				next = fmin(next, s1);
		}
		a = next > end ? next : b;
	}
}

/* ---- text helpers: wrapping and shortening ---- */
void lines_free(lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->s[i]);
	l->n = 0;
	l->w = 0;
}

char *dupn(const char *s, size_t n)
{
	char *r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

/* A cut of s at k bytes, moved back out of the marks that open a passage
 * in another language (LM_OPEN lang LM_TEXT, langmark.h): a shortened
 * text keeps whole marks, never half a language code. */
static size_t mark_cut(const char *s, size_t k)
{
	for (size_t i = k; i > 0; i--) {
		if (s[i - 1] == LM_TEXT)
			return k;
		if (s[i - 1] == LM_OPEN)
			return i - 1;
	}
	return k;
}

/* Shorten s in place with a trailing ellipsis until it fits maxw. */
char *shorten(const cx *c, int role, double size, char *s, double maxw)
{
	if (measure(c, role, size, s) <= maxw)
		return s;
	size_t len = strlen(s);
	/* binary search for the longest prefix (at a code point boundary) that fits with "…" */
	size_t lo = 0, hi = len;
	char *tmp = xmalloc(len + sizeof ELLIPSIS);
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid > 0 && ((unsigned char)s[mid] & 0xC0) == 0x80)
			mid--;
		if (mid <= lo) { /* no boundary between lo and hi: try the next one up */
			mid = lo + 1;
			while (mid < hi && ((unsigned char)s[mid] & 0xC0) == 0x80)
				mid++;
			if (mid > hi)
				break;
		}
		size_t k = mark_cut(s, mid);
		while (k > 0 && s[k - 1] == ' ')
			k--;
		memcpy(tmp, s, k);
		memcpy(tmp + k, ELLIPSIS, sizeof ELLIPSIS);
		if (measure(c, role, size, tmp) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	while (lo > 0 && ((unsigned char)s[lo] & 0xC0) == 0x80)
		lo--;
	lo = mark_cut(s, lo);
	while (lo > 0 && s[lo - 1] == ' ')
		lo--;
	memcpy(tmp, s, lo);
	memcpy(tmp + lo, ELLIPSIS, sizeof ELLIPSIS);
	free(s);
	return tmp;
}

/* A passage in another language broken over lines: each later line opens
 * it again (langmark.h), so that its words there keep their language. */
static void carry_marks(lines *out)
{
	const char *open[LM_DEPTH];
	size_t olen[LM_DEPTH];
	int depth = 0; /* passages open at the line's start */
	for (int k = 0; k < out->n; k++) {
		char *s = out->s[k];
		if (depth > 0) {
			size_t pre = 0;
			for (int j = 0; j < depth && j < LM_DEPTH; j++)
				pre += olen[j];
			size_t n = strlen(s);
			char *t = xmalloc(pre + n + 1), *q = t;
			for (int j = 0; j < depth && j < LM_DEPTH; j++) {
				memcpy(q, open[j], olen[j]);
				q += olen[j];
			}
			memcpy(q, s, n + 1);
			/* the marks point into the previous lines: copied first */
			free(s);
			out->s[k] = s = t;
		}
		/* the passages open at its end (their marks in this line) */
		depth = 0;
		for (const char *p = s; *p; p++) {
			if (*p == LM_OPEN) {
				const char *e = strchr(p, LM_TEXT);
				if (!e)
					break;
				if (depth < LM_DEPTH) {
					open[depth] = p;
					olen[depth] = (size_t)(e - p) + 1;
				}
				depth++;
				p = e;
			} else if (*p == LM_CLOSE && depth > 0) {
				depth--;
			}
		}
	}
}

/* Break text into at most maxlines lines no wider than maxw, at spaces and
 * after hyphens inside words; a word wider than maxw, or text left over after
 * the last line, is shortened with an ellipsis. */
void wrap(const cx *c, int role, double size, const char *text, double maxw, int maxlines,
		 lines *out)
{
	out->n = 0;
	out->w = 0;
	if (!text || !*text)
		return;
	if (maxlines > MAX_LINES)
		maxlines = MAX_LINES;
	if (maxlines < 1)
		maxlines = 1;
	const char *p = text;
	while (*p && out->n < maxlines) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (out->n == maxlines - 1) { /* the rest goes on the last line */
			size_t len = strlen(p);
			while (len && p[len - 1] == ' ')
				len--;
			out->s[out->n++] = shorten(c, role, size, dupn(p, len), maxw);
			break;
		}
		/* extend the line break opportunity by break opportunity */
		size_t fit = 0; /* bytes of p that fit */
		size_t i = 0;
		while (1) {
			size_t j = i;
			while (p[j] == ' ')
				j++;
			while (p[j] && p[j] != ' ') {
				/* a hyphen between letters is a break opportunity after it */
				if (p[j] == '-' && j > i && p[j + 1] && p[j + 1] != ' ' && p[j - 1] != ' ') {
					j++;
					break;
				}
				j++;
			}
			if (j == i)
				break;
			char *cand = dupn(p, j);
			bool ok = measure(c, role, size, cand) <= maxw;
			free(cand);
			if (!ok)
				break;
			fit = j;
			i = j;
			if (!p[j])
				break;
		}
		if (fit == 0) { /* a single word too wide: shorten it */
			size_t j = 0;
			while (p[j] && p[j] != ' ')
				j++;
			out->s[out->n++] = shorten(c, role, size, dupn(p, j), maxw);
			p += j;
			continue;
		}
		size_t len = fit;
		while (len && p[len - 1] == ' ')
			len--;
		out->s[out->n++] = dupn(p, len);
		p += fit;
	}
	carry_marks(out);
	for (int k = 0; k < out->n; k++) {
		double w = measure(c, role, size, out->s[k]);
		if (w > out->w)
			out->w = w;
	}
}

/* ---- numbers ---- */
bool percent_unit(const char *u)
{
	return u && (strcmp(u, "%") == 0 || strcmp(u, "\xe2\x80\xb0") == 0);
}

void fmt_num(const cx *c, char *out, size_t n, double v, int decimals, bool unit)
{
	char sign[64]; /* a hyphen-minus, as in tables: the bundled Noto fonts have no U+2212 */
	format_decimal(sign, sizeof sign, v, decimals, c->lang);
	const char *u = c->ch->unit;
	if (!unit || !u || !*u)
		snprintf(out, n, "%s", sign);
	else if (percent_unit(u))
		snprintf(out, n, "%s%s%s", sign, locale_percent_space(c->lang), u);
	else
		snprintf(out, n, "%s" NBSP "%s", sign, u);
}

int bound_of(const chart *ch, size_t s, size_t i)
{
	return ch->series[s].bounds ? ch->series[s].bounds[i] : CHART_EXACT;
}

void fmt_val(const cx *c, char *out, size_t n, size_t s, size_t i)
{
	char num[88];
	fmt_num(c, num, sizeof num, val(c->ch, s, i), c->decimals, true);
	int b = bound_of(c->ch, s, i);
	snprintf(out, n, "%s%s", b == CHART_MORE ? ">" : b == CHART_LESS ? "<" : "", num);
}

void fmt_pct(const cx *c, char *out, size_t n, double pct)
{
	char num[48];
	format_decimal(num, sizeof num, pct, 1, c->lang);
	snprintf(out, n, "%s%s%%", num, locale_percent_space(c->lang));
}

/* Value i of series s; NaN (skipped) when missing, and also when beyond
 * ±LIMIT_NUMBER, where sums and scales would lose all precision (the
 * loader refuses such values). */
double val(const chart *ch, size_t s, size_t i)
{
	double v = ch->series[s].values ? ch->series[s].values[i] : NAN;
	return fabs(v) < LIMIT_NUMBER ? v : NAN;
}

/* Decimals for value labels: enough for every value, at most 2. */
int data_decimals(const chart *ch)
{
	int d = 0;
	for (size_t s = 0; s < ch->nseries; s++)
		for (size_t i = 0; i < ch->ncat; i++) {
			double v = val(ch, s, i);
			if (!isfinite(v))
				continue;
			while (d < 2 && fabs(v * pow(10, d) - round(v * pow(10, d))) > 1e-6)
				d++;
		}
	return d;
}

