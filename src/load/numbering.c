/* numbering.c — the layout's numbering: map and the numbers it gives
 * (load.h, docs/layout.md#numbering): headings 1, 1.1, 1.1.1, annexes
 * (Annex A, A.1), tables and figures (Table 2, Figure 3) with one caption
 * each, page labels (roman before the first section).
 */
#include <string.h>

#include "load.h"

void load_numbering(doc *d, diag *dg, const ynode *n)
{
	static const char *const keys[] = {"headings", "exhibits", "pages", NULL};
	static const char *const pages[] = {"continuous", "roman-front", NULL};
	doc_numbering *nb = &d->numbering;
	*nb = (doc_numbering){0};
	if (!n || !yis_map(dg, n, "numbering"))
		return;
	ymap_check(dg, n, "numbering", keys);
	const ynode *v;
	if ((v = ymap_get(n, "headings")))
		ybool(dg, v, "headings", &nb->headings);
	if ((v = ymap_get(n, "exhibits")))
		ybool(dg, v, "exhibits", &nb->exhibits);
	if ((v = ymap_get(n, "pages"))) {
		int k = yenum(dg, v, "pages", pages);
		if (k >= 0)
			nb->roman_front = k == 1;
	}
}

/* The letter of annex k (1-based): A … Z, then AA, AB … */
static void annex_letter(char *out, int k)
{
	char tmp[8];
	int n = 0;
	for (k--; n < 7; k = k / 26 - 1) {
		tmp[n++] = (char)('A' + k % 26);
		if (k < 26)
			break;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

/* Prefix heading b's text with s ("1.2 "). */
static void heading_prefix(doc *d, block *b, const char *s)
{
	span *sp = arena_array(d->a, b->nspans + 1, sizeof(span));
	sp[0] = (span){.text = s, .len = strlen(s), .flags = b->nspans ? b->spans[0].flags & ~SPAN_NOTE : 0};
	if (b->nspans)
		memcpy(sp + 1, b->spans, b->nspans * sizeof(span));
	b->spans = sp;
	b->nspans++;
	if (b->link_pos) { /* one more span: no link position for it */
		srcpos *lp = arena_array(d->a, b->nspans, sizeof(srcpos));
		memcpy(lp + 1, b->link_pos, (b->nspans - 1) * sizeof(srcpos));
		lp[0] = b->pos;
		b->link_pos = lp;
	}
	b->plain = arena_printf(d->a, "%s%s", s, b->plain ? b->plain : "");
}

void number_doc(doc *d)
{
	const doc_numbering *nb = &d->numbering;
	const char *dl = doc_lang(d);
	int cnt[4] = {0}; /* levels 1..3 */
	int annexes = 0, ntab = 0, nfig = 0;
	char letter[8] = "";
	bool in_annex = false, back = false; /* back: after the annexes (the sources) */
	for (size_t i = 0; i < d->nblocks; i++) {
		block *b = &d->blocks[i];
		char num[32];
		if (b->kind == BLK_HEADING) {
			if (b->level == 1 && b->toc) {
				in_annex = b->annex;
				back = annexes > 0 && !in_annex; /* back matter: not numbered */
				if (in_annex)
					annex_letter(letter, ++annexes);
				else
					cnt[0]++;
				cnt[1] = cnt[2] = cnt[3] = 0;
				if (in_annex) { /* "Annex A. Title", numbering or not */
					const char *lab = label_fmt(d->a, d->labels, L_ANNEX, 1, "n", letter, NULL);
					b->number = arena_strdup(d->a, letter);
					heading_prefix(d, b, label_fmt(d->a, d->labels, L_CAPTION, 1, "label", lab, "caption", "", NULL));
					continue;
				}
			} else if (b->level <= 3 && b->toc) {
				cnt[b->level - 1]++;
				for (int k = b->level; k < 4; k++)
					cnt[k] = 0;
			} else {
				continue;
			}
			if (!nb->headings || back)
				continue;
			/* "1.2.3", "A.1"; levels above the first one seen are left
			 * out (articles before any section: 1, 2) */
			char s[96] = "";
			size_t o = 0;
			for (int k = 0; k < b->level && o + 16 < sizeof s; k++) {
				if (k == 0 && in_annex) {
					o += (size_t)snprintf(s + o, sizeof s - o, "%s", letter);
					continue;
				}
				if (o == 0 && cnt[k] == 0)
					continue;
				format_count(num, sizeof num, cnt[k], dl);
				o += (size_t)snprintf(s + o, sizeof s - o, "%s%s", o ? "." : "", num);
			}
			if (!o)
				continue;
			b->number = arena_strdup(d->a, s);
			heading_prefix(d, b, arena_printf(d->a, "%s\xe2\x80\x82", s)); /* an en space */
		} else if (!nb->exhibits) {
			continue;
		} else if (!(b->label || (b->kind == BLK_TABLE && b->table && b->table->caption && *b->table->caption) ||
			     (b->kind == BLK_CHART && b->chart && b->chart->title && *b->chart->title) ||
			     (b->kind == BLK_IMAGE && b->image))) {
			continue; /* an untitled panel is not an exhibit, unless referred to */
		} else if (b->kind == BLK_TABLE && b->table) {
			format_count(num, sizeof num, ++ntab, dl);
			b->number = arena_strdup(d->a, num);
			table *t = arena_alloc(d->a, sizeof *t); /* a table file may be shown twice */
			*t = *b->table;
			const char *lab = label_fmt(d->a, d->labels, L_TABLE, 1, "n", num, NULL);
			t->caption = t->caption && *t->caption
					     ? label_fmt(d->a, d->labels, L_CAPTION, 1, "label", lab, "caption", t->caption, NULL)
					     : lab;
			b->table = t;
		} else if ((b->kind == BLK_CHART && b->chart) || (b->kind == BLK_IMAGE && b->image)) {
			format_count(num, sizeof num, ++nfig, dl);
			b->number = arena_strdup(d->a, num);
			const char *lab = label_fmt(d->a, d->labels, L_FIGURE, 1, "n", num, NULL);
			const char *cap = b->caption;
			if (b->kind == BLK_CHART) { /* the title becomes the caption */
				chart *ch = arena_alloc(d->a, sizeof *ch);
				*ch = *b->chart;
				cap = ch->title;
				ch->title = NULL;
				b->chart = ch;
			}
			b->caption = cap && *cap ? label_fmt(d->a, d->labels, L_CAPTION, 1, "label", lab, "caption", cap, NULL)
						 : lab;
		}
	}
}
