/* running.c — running heads and footers, page numbers and markings.
 */
#include "layout_imp.h"

/* ---- header and footer ---- */
static const char *expand(lctx *c, const char *tpl, size_t page, const lpage *pg)
{
	if (!tpl)
		return NULL;
	buf b = {0};
	const doc_meta *m = &c->d->meta;
	for (const char *s = tpl; *s;) {
		if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) { /* a brace */
			buf_putc(&b, *s);
			s += 2;
			continue;
		}
		if (*s == '{') {
			const char *e = strchr(s, '}');
			if (e) {
				size_t n = (size_t)(e - s - 1);
				const char *k = s + 1;
				const char *val = NULL;
				char num[32];
				char date[64];
				if (n == 4 && !strncmp(k, "page", 4)) {
					page_label(c, (int)page, c->L->body_page, num, sizeof num);
					val = num;
				} else if (n == 5 && !strncmp(k, "pages", 5)) { /* the last page's number */
					format_count(num, sizeof num, (long)c->L->npages - c->L->body_page, doc_lang(c->d));
					val = num;
				} else if (n == 5 && !strncmp(k, "title", 5)) {
					val = m->short_title ? m->short_title : m->title;
				} else if (n == 8 && !strncmp(k, "subtitle", 8)) {
					val = m->subtitle;
				} else if (n == 7 && !strncmp(k, "section", 7)) {
					val = pg->section;
				} else if (n == 6 && !strncmp(k, "author", 6)) {
					val = m->author;
				} else if (n == 14 && !strncmp(k, "classification", 14)) {
					val = m->classification;
				} else if (n == 4 && !strncmp(k, "copy", 4)) {
					val = m->copy;
				} else if (n == 4 && !strncmp(k, "date", 4)) {
					if (m->date)
						format_date(date, sizeof date, m->date, lang(c));
					val = m->date ? date : NULL;
				} else {
					buf_put(&b, s, n + 2);
					s = e + 1;
					continue;
				}
				if (val) /* an artifact: its words only (langmark.h) */
					buf_puts(&b, lm_plain(c->L->a, val));
				s = e + 1;
				continue;
			}
		}
		buf_putc(&b, *s++);
	}
	const char *r = arena_strdup(c->L->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* A running line: the left, centre and right templates on baseline y, and
 * its rule. mark, when given, is the classification (and the copy line)
 * set in the centre in the classification style, so that each page edge
 * carries one line of chrome, not a marking besides the running line; a
 * template of its own in the centre keeps the centre, and the marking is
 * then set apart (false returned: not placed). */
static bool running_line(lctx *c, lpage *pg, size_t page, const running *r, int stid, double y,
			 bool rule_below, const char *mark)
{
	const style *st = &c->d->styles[stid];
	int f = style_font(st, 0);
	double x0 = frame_x(c, page);
	const char *l = expand(c, r->left, page, pg), *m = expand(c, r->center, page, pg),
		   *rt = expand(c, r->right, page, pg);
	/* on even pages of a duplex dossier, mirror left and right; in a
	 * document written right to left, left and right mean the other way
	 * (left: the side a line starts on) */
	if ((c->d->page.duplex && page % 2 == 1) != lang_rtl(doc_lang(c->d))) {
		const char *t = l;
		l = rt;
		rt = t;
	}
	bool placed = false;
	const style *cs = &c->d->styles[ST_CLASSIFICATION];
	int mf = f;
	double msize = st->size;
	uint32_t mcolor = st->color;
	bool mliga = st->ligatures;
	if (mark && mark[0] && !(m && m[0])) {
		mf = style_font(cs, 0);
		msize = cs->size;
		mcolor = cs->color;
		mliga = cs->ligatures;
		m = fit(c, mark, mf, msize, mliga, c->W * 0.5);
		placed = true;
	}
	double rw = rt ? line_width(c, f, rt, strlen(rt), st->size, st->ligatures) : 0;
	double mw = m ? line_width(c, mf, m, strlen(m), msize, mliga) : 0;
	if (placed && rt && rw > (c->W - mw) / 2 - 12) {
		rt = fit(c, rt, f, st->size, st->ligatures, (c->W - mw) / 2 - 12);
		rw = line_width(c, f, rt, strlen(rt), st->size, st->ligatures);
	}
	if (rt && rw > c->W * 0.45) {
		rt = fit(c, rt, f, st->size, st->ligatures, c->W * 0.45);
		rw = line_width(c, f, rt, strlen(rt), st->size, st->ligatures);
	}
	double lx = 0; /* the left text follows the logo */
	const image *logo = r == &c->d->header ? c->d->header_logo : NULL;
	if (logo) {
		double lw, lh;
		image_size(logo, 0, c->d->header_logo_h, c->W * 0.3, c->d->header_logo_h, &lw, &lh);
		image_items(c, logo, x0, y - 1 + lh, lw, lh, true, put_page, pg);
		lx = lw + 6;
	}
	double room_l = c->W - rw - (m ? mw + 24 : 0) - 18 - lx;
	double mx = (c->W - mw) / 2; /* the centre text's left end */
	if (l && l[0]) {
		/* a marking moves right, as far as the right text lets it, to
		 * leave the left text whole */
		double room = placed ? c->W - mw - 12 - (rt && rt[0] ? rw + 12 : 0) - lx : (c->W - mw) / 2 - 12 - lx;
		l = fit(c, l, f, st->size, st->ligatures, m ? room : room_l);
		if (placed)
			mx = fmax(mx, lx + line_width(c, f, l, strlen(l), st->size, st->ligatures) + 12);
		item t = {.kind = IT_TEXT, .x = x0 + lx, .y = y, .font = f, .size = st->size, .color = st->color, .text = l,
			  .liga = st->ligatures};
		line_add(c, pg, t);
	}
	if (m && m[0]) {
		item t = {.kind = IT_TEXT, .x = x0 + mx, .y = y, .font = mf, .size = msize, .color = mcolor, .text = m,
			  .liga = mliga};
		line_add(c, pg, t);
	}
	if (rt && rt[0]) {
		item t = {.kind = IT_TEXT, .x = x0 + c->W - rw, .y = y, .font = f, .size = st->size, .color = st->color, .text = rt,
			  .liga = st->ligatures};
		line_add(c, pg, t);
	}
	if ((l && l[0]) || (m && m[0]) || (rt && rt[0]) || logo) {
		item ln = {.kind = IT_LINE, .x = x0, .y = rule_below ? y - 4 : y + st->size + 2, .w = c->W, .lw = (float)st->rule_width, .color = st->rule_color};
		GROW(pg->items, pg->cap, pg->n + 1);
		pg->items[pg->n++] = ln;
	}
	return placed;
}

static bool uses_copy(const doc *d)
{
	const char *t[] = {d->header.left, d->header.center, d->header.right, d->footer.left,
			   d->footer.center, d->footer.right};
	for (int i = 0; i < 6; i++)
		for (const char *s = t[i]; s && *s; s++) {
			if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}'))
				s++; /* a brace, as expand writes it */
			else if (!strncmp(s, "{copy}", 6))
				return true;
		}
	return false;
}

static void copy_footer(lctx *c, lpage *pg, size_t page, double y)
{
	const style *st = &c->d->styles[ST_FOOTER];
	int f = style_font(st, SPAN_BOLD);
	const char *s = fit(c, c->d->meta.copy, f, st->size, st->ligatures, c->W);
	double w = line_width(c, f, s, strlen(s), st->size, st->ligatures);
	item t = {.kind = IT_TEXT, .x = frame_x(c, page) + (c->W - w) / 2, .y = y, .font = f,
		  .size = st->size, .color = st->color, .text = s, .liga = st->ligatures};
	line_add(c, pg, t);
}

/* "This page is intentionally left blank", centred in the frame. */
static void blank_words(lctx *c, lpage *pg, size_t page)
{
	const style *st = &c->d->styles[ST_FOOTER];
	int f = style_font(st, SPAN_ITALIC);
	const char *s = gen_text(c, f, LAYOUT_LABEL(c, L_BLANK_PAGE));
	double w = line_width(c, f, s, strlen(s), st->size, st->ligatures);
	const page_setup *ps = &c->d->page;
	item t = {.kind = IT_TEXT, .x = frame_x(c, page) + (c->W - w) / 2, .y = ps->bottom + c->H / 2,
		  .font = f, .size = st->size, .color = st->color, .text = s, .liga = st->ligatures};
	line_add(c, pg, t);
}

/* The classification marking ("RESTRICTED"), centred on the page at
 * baseline y, in the classification style; the copy line joins it when
 * given. */
/* The classification, and the copy line after it when given. */
static const char *marking_text(lctx *c, const char *copy)
{
	const char *s = c->d->meta.classification;
	if (copy)
		s = arena_printf(c->L->a, "%s %s %s", s,
				 gen_text(c, style_font(&c->d->styles[ST_CLASSIFICATION], 0), "\xc2\xb7"), copy);
	return s;
}

static void marking(lctx *c, lpage *pg, double pw, double y, const char *copy)
{
	const style *st = &c->d->styles[ST_CLASSIFICATION];
	int f = style_font(st, 0);
	const char *s = marking_text(c, copy);
	s = fit(c, s, f, st->size, st->ligatures, pw - 72);
	double w = line_width(c, f, s, strlen(s), st->size, st->ligatures);
	/* on white, so it reads on a coloured band (the cover's) too */
	item bg = {.kind = IT_RECT, .x = (pw - w) / 2 - 6, .y = y - st->size * 0.3 - 2, .w = w + 12,
		   .h = st->size * 1.3 + 4, .color = st->background};
	item t = {.kind = IT_TEXT, .x = (pw - w) / 2, .y = y, .font = f, .size = st->size, .color = st->color,
		  .text = s, .liga = st->ligatures};
	GROW(pg->items, pg->cap, pg->n + 1);
	pg->items[pg->n++] = bg;
	line_add(c, pg, t);
}

void decorate(lctx *c)
{
	const page_setup *ps = &c->d->page;
	const char *cls = c->d->meta.classification;
	bool copy_line = c->d->meta.copy && !uses_copy(c->d);
	/* this text is the same on many pages: each missing character once,
	 * at the document: key (the templates are the layout's) */
	c->text_pos = c->d->meta.pos;
	c->text_what = c->nmissing ? NULL : "a running header, footer or marking";
	/* (after other such errors, none: {title} and {section} repeat the
	 * headings, reported where they were set) */
	c->nonce = 0;
	c->L->body_page = body_page_now(c);
	for (size_t p = 0; p < c->L->npages; p++) {
		lpage *pg = &c->L->pages[p];
		bool marked = cls && cls[0];
		double pw = pg->landscape ? ps->height : ps->width;
		double ph = pg->landscape ? ps->width : ps->height;
		const char *copy = copy_line && !pg->cover ? c->d->meta.copy : NULL;
		bool top_mark = marked, bottom_mark = marked; /* still to set apart */
		if (!pg->cover && !pg->blank) {
			double W = c->W; /* a page turned sideways has a wider frame */
			if (pg->landscape)
				c->W = ps->height - ps->inside - ps->outside;
			/* the classification joins the running lines: one line
			 * of chrome at each edge */
			const char *bottom = marked && copy ? marking_text(c, copy) : marked ? cls : NULL;
			top_mark = !running_line(c, pg, p, &c->d->header, ST_HEADER, ph - ps->top + 16, true,
						 marked ? cls : NULL) && marked;
			bottom_mark = !running_line(c, pg, p, &c->d->footer, ST_FOOTER, ps->bottom - 24, false,
						    bottom) && marked;
			if (copy_line && !marked) /* numbered copies: on every page */
				copy_footer(c, pg, p, ps->bottom - 34);
			c->W = W;
		} else if (pg->blank && c->d->page.mark_blank) { /* no head or foot; the words, if asked for */
			blank_words(c, pg, p);
		}
		/* else, or when a running line keeps its centre, in the edge
		 * margin: above the header, below the footer, inside the safe
		 * area of a print profile (docs/print.md) */
		double safe = c->d->print.safe, size = c->d->styles[ST_CLASSIFICATION].size;
		if (top_mark) /* (the marking's white ground reaches 2 pt past its text) */
			marking(c, pg, pw, ph - fmax(22, safe + size + 2), NULL);
		if (bottom_mark)
			marking(c, pg, pw, fmax(16, safe + size * 0.3 + 2), copy);
	}
	c->text_what = NULL;
	c->nonce = -1;
}
