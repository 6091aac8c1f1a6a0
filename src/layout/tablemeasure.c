/* tablemeasure.c — what each column of a table needs, from every row
 * (tablemeasure.h). */
#include "tablemeasure.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The characters a number is written with besides its figures. */
static const char SEPS[] = " ,.%+-()/:'$";

bool tm_tabular_figures(fontset *fs, int id)
{
	if (!fs || !font_valid(fs, id))
		return false;
	double adv = font_advance(fs, id, '0');
	for (uint32_t d = '0'; d <= '9'; d++)
		if (!font_has(fs, id, d) || font_advance(fs, id, d) != adv)
			return false;
	const char *with = "0123456789 ,.%+-()/:'$";
	for (uint32_t d = '1'; d <= '9'; d++)
		for (const char *x = with; *x; x++) {
			uint32_t o = (unsigned char)*x;
			if (font_kern(fs, id, d, o) != font_kern(fs, id, '0', o) ||
			    font_kern(fs, id, o, d) != font_kern(fs, id, o, '0'))
				return false;
		}
	return true;
}

/* The cache key of s: with tabular figures, a text of figures and
 * separators (and no-break spaces) stands for its pattern, every figure
 * written 0; any other text for itself. Returns the key's length, or 0
 * when s is not cached (empty or too long). */
static size_t cache_key(const char *s, bool tabular, char *key)
{
	static unsigned char cls[256]; /* 1 a figure, 2 a separator, 3 the lead byte of U+00A0 */
	if (!cls['0']) {
		for (int ch = '0'; ch <= '9'; ch++)
			cls[ch] = 1;
		for (const char *x = SEPS; *x; x++)
			cls[(unsigned char)*x] = 2;
		cls[0xC2] = 3;
	}
	bool pattern = tabular;
	size_t n = 0;
	for (; s[n]; n++) {
		if (n == TM_KEY_MAX)
			return 0;
		unsigned char ch = (unsigned char)s[n];
		key[n] = (char)ch;
		if (!pattern)
			continue;
		switch (cls[ch]) {
		case 1:
			key[n] = '0';
			break;
		case 2:
			break;
		case 3: /* U+00A0 */
			if ((unsigned char)s[n + 1] == 0xA0 && n + 1 < TM_KEY_MAX) {
				n++;
				key[n] = s[n];
				break;
			}
			/* fall through */
		default:
			pattern = false;
		}
	}
	if (!pattern && tabular)
		memcpy(key, s, n);
	return n;
}

typedef struct {
	uint64_t h;             /* 0: free */
	uint32_t off;           /* key in the pool */
	uint16_t len;
	uint8_t kind;
	double whole, unit;
} centry;

typedef struct {
	centry *e;
	size_t cap, n;          /* cap: a power of two */
	char *pool;
	size_t plen, pcap;
} cache;

static uint64_t hash(const char *k, size_t n, int kind)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)kind;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211u;
	return h ? h : 1;
}

static centry *cache_find(cache *c, const char *k, size_t n, int kind, uint64_t h)
{
	for (size_t i = h & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		centry *e = &c->e[i];
		if (!e->h || (e->h == h && e->kind == kind && e->len == n && !memcmp(c->pool + e->off, k, n)))
			return e;
	}
}

static void cache_grow(cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 1024;
	centry *e = xcalloc(cap, sizeof *e);
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->e[i].h)
			continue;
		size_t j = c->e[i].h & (cap - 1);
		while (e[j].h)
			j = (j + 1) & (cap - 1);
		e[j] = c->e[i];
	}
	free(c->e);
	c->e = e;
	c->cap = cap;
}

/* Width of s as a cell of kind: from the cache, else measured (and kept
 * while the cache has room). */
static void width_of(cache *c, const tm_setup *s, const bool *tabular, const char *text, int kind,
		     double *whole, double *unit, tm_result *r)
{
	char key[TM_KEY_MAX];
	size_t kn = cache_key(text, tabular[kind], key);
	if (!kn) {
		s->measure(s->ctx, text, strlen(text), kind, whole, unit);
		r->measured++;
		return;
	}
	uint64_t h = hash(key, kn, kind);
	centry *e = c->cap ? cache_find(c, key, kn, kind, h) : NULL;
	if (e && e->h) {
		*whole = e->whole;
		*unit = e->unit;
		return;
	}
	s->measure(s->ctx, text, kn, kind, whole, unit);
	r->measured++;
	if (c->n >= TM_CACHE_MAX)
		return;
	if ((c->n + 1) * 2 > c->cap) {
		cache_grow(c);
		e = cache_find(c, key, kn, kind, h);
	}
	GROW(c->pool, c->pcap, c->plen + kn);
	memcpy(c->pool + c->plen, key, kn);
	*e = (centry){h, (uint32_t)c->plen, (uint16_t)kn, (uint8_t)kind, *whole, *unit};
	c->plen += kn;
	c->n++;
}

static void take(tm_column *col, double whole, double unit, const char *text, size_t row)
{
	if (whole > col->want)
		col->want = whole;
	if (unit > col->need) {
		col->need = unit;
		col->need_text = text;
		col->need_row = row;
	}
}

void table_measure(const table *t, const tm_setup *s, tm_column *cols, tm_result *r)
{
	memset(r, 0, sizeof *r);
	memset(cols, 0, t->ncols * sizeof *cols);
	bool tabular[TM_KINDS];
	for (int k = 0; k < TM_KINDS; k++)
		tabular[k] = tm_tabular_figures(s->fs, s->font[k]);
	cache c = {0};
	double whole, unit;
	for (size_t i = 0; i < t->ncols && t->header; i++) {
		const char *lbl = t->cols[i].label ? t->cols[i].label : "";
		if (!*lbl)
			continue;
		s->measure(s->ctx, lbl, strlen(lbl), TM_HEAD, &whole, &unit);
		r->measured++;
		take(&cols[i], whole, unit, lbl, TM_HEADER);
	}
	for (size_t row = 0; row < t->nrows; row++) {
		int rk = t->rowkind[row];
		for (size_t i = 0; i < t->ncols; i++) {
			const char *cell = t->cells[row * t->ncols + i];
			if (!cell || !*cell)
				continue;
			r->cells++;
			bool bold = rk != ROW_BODY || (t->keyvalue && i == 0);
			width_of(&c, s, tabular, cell, bold ? TM_BOLD : TM_BODY, &whole, &unit, r);
			if (rk == ROW_GROUP) { /* one cell across the table */
				if (unit > r->span_need)
					r->span_need = unit, r->span_text = cell;
				continue;
			}
			/* a number, percentage or date is one piece, even when
			 * its words could be set on two lines */
			if (rk == ROW_BODY && t->cols[i].type != COL_TEXT)
				unit = whole;
			take(&cols[i], whole, unit, cell, row);
		}
	}
	free(c.e);
	free(c.pool);
}
