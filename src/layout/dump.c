/* dump.c — what layout shows of itself: the item dump (check --dump), one
 * paragraph's breaks (layout_break_text) and the quality counts.
 */
#include "layout_imp.h"
#include "json.h"

void layout_dump(const layout *L, const fontset *fs, FILE *out)
{
	static const char *const kinds[] = {"text", "rect", "line", "image", "link", "uri", "path", "clip", "unclip"};
	for (size_t p = 0; p < L->npages; p++) {
		const lpage *pg = &L->pages[p];
		fprintf(out, "page %zu%s section=%s fill=%.2f%s\n", p + 1, pg->cover ? " cover" : "",
			pg->section ? pg->section : "-", pg->fill, pg->forced ? " forced" : "");
		for (size_t i = 0; i < pg->n; i++) {
			const item *it = &pg->items[i];
			fprintf(out, "  %s %.2f %.2f", kinds[it->kind], it->x, it->y);
			if (it->kind == IT_TEXT)
				fprintf(out, " w=%.2f %s %.1f \"%s\"\n", it->w, font_family_name(fs, it->font),
					it->size, it->text);
			else if (it->kind == IT_LINK)
				fprintf(out, " %.2fx%.2f -> page %d\n", it->w, it->h, it->dest + 1);
			else
				fprintf(out, " %.2fx%.2f\n", it->w, it->h);
		}
	}
	for (size_t m = 0; m < L->nmarks; m++)
		fprintf(out, "mark %d page %d \"%s\"\n", L->marks[m].level, L->marks[m].page + 1,
			L->marks[m].title);
}

size_t layout_break_text(const doc *d, fontset *fs, const char *text, int stid, double width,
			 layout_line *out, size_t max)
{
	lb_init();
	layout *L = xcalloc(1, sizeof *L);
	L->a = arena_new();
	lctx c = {0};
	c.d = d;
	c.fs = fs;
	c.L = L; /* c.report stays false: nothing is reported, c.dg is unused */
	const style *st = &d->styles[stid];
	bool ragged = st->align != ALIGN_JUSTIFY;
	para p = {0};
	span sp = {text, strlen(text), 0, NULL, false, false, 0};
	srcpos pos = {0};
	size_t nl = set_para(&c, &p, &sp, 1, st, width, 0, ragged ? BRK_RAGGED : BRK_JUSTIFY, pos);
	for (size_t l = 0; l < nl && l < max; l++) {
		layout_line *o = &out[l];
		memset(o, 0, sizeof *o);
		const word *w = &p.w[p.lines[l + 1] - 1];
		size_t n = 0;
		for (size_t q = w->p0; q < w->p0 + w->np; q++)
			for (size_t i = 0; i < p.p[q].len && n + 1 < sizeof o->last; i++)
				o->last[n++] = p.text.s[p.p[q].off + i];
		o->ratio = line_ratio(&p, l, st, ragged, width);
		o->natural = line_natural(&p, p.lines[l], p.lines[l + 1]);
		o->width = width;
		line_hyphen(&p, l, &o->hyphen);
		o->emergency = p.emergency;
	}
	para_free(&p);
	hyph_release();
	layout_free(L);
	return nl;
}

void layout_quality_print(const layout *L, const char *name, const char *linebreak, bool json, FILE *out)
{
	double mean = L->ratio_lines ? L->ratio_sum / (double)L->ratio_lines : 0;
	if (json) {
		fputs("{\"layout\": ", out);
		json_put_str(out, name);
		fprintf(out, ", \"linebreak\": \"%s\", \"pages\": %zu, \"lines\": %ld, \"ragged_lines\": %ld, "
			"\"loose\": %ld, \"hyphenated\": %ld, \"consecutive_hyphens\": %ld, \"overfull\": %ld, "
			"\"widows\": %ld, \"orphans\": %ld, \"emergency_breaks\": %ld, "
			"\"emergency_paragraphs\": %ld, \"underfull_pages\": %ld, \"mean_abs_ratio\": %.3f}\n",
			linebreak, L->npages, L->lines, L->ragged_lines, L->loose_lines, L->hyphens, L->hyphen_runs,
			L->overfull_lines, L->widows, L->orphans, L->emergency_breaks, L->emergency_paras,
			L->underfull_pages, mean);
		return;
	}
	fprintf(out, "%s: line breaking %s, %zu page%s\n", name, linebreak, L->npages, L->npages == 1 ? "" : "s");
	const struct {
		const char *label;
		long v;
	} rows[] = {
		{"lines", L->lines},
		{"  ragged", L->ragged_lines},
		{"loose (ratio > 1)", L->loose_lines},
		{"hyphenated", L->hyphens},
		{"consecutive hyphens", L->hyphen_runs},
		{"overfull", L->overfull_lines},
		{"widows", L->widows},
		{"orphans", L->orphans},
		{"emergency breaks", L->emergency_breaks},
		{"emergency paragraphs", L->emergency_paras},
		{"underfull pages", L->underfull_pages},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		fprintf(out, "  %-22s %8ld\n", rows[i].label, rows[i].v);
	fprintf(out, "  %-22s %8.3f\n", "mean |ratio|", mean);
}
