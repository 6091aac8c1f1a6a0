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
			if (it->kind == IT_TEXT && it->lang && it->lang <= L->nlangs)
				fprintf(out, " lang=%s", L->langs[it->lang - 1]);
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
	set_block_lang(&c, NULL);
	const style *st = &d->styles[stid];
	bool ragged = st->align != ALIGN_JUSTIFY;
	para p = {0};
	span sp = {.text = text, .len = strlen(text)};
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

/* The counts' names in the JSON form and their labels in the table, by Q_*. */
static const char *const spot_key[Q_KINDS] = {"widows", "orphans", "underfull_pages", "near_empty_pages",
					     "split_short_paragraphs", "emergency_paragraphs", "floats_moved",
					     "refs_away"};

/* A spot's detail: the fill of a page, the lines of a paragraph, the pages a figure moved. */
static void spot_detail(const lspot *q, char *out, size_t n)
{
	*out = 0;
	if (q->kind == Q_NEAR_EMPTY || q->kind == Q_UNDERFULL)
		snprintf(out, n, "%.0f%% full%s", q->value * 100, q->forced ? ", before a forced break" : "");
	else if (q->kind == Q_SPLIT_SHORT)
		snprintf(out, n, "%.0f lines", q->value);
	else if (q->kind == Q_FLOAT_MOVED)
		snprintf(out, n, "%.0f page%s after the text before it", q->value, q->value == 1 ? "" : "s");
	else if (q->kind == Q_REF_DISTANCE)
		snprintf(out, n, "%.0f page%s %s its first reference", fabs(q->value), fabs(q->value) == 1 ? "" : "s",
			 q->value > 0 ? "after" : "before");
}

void layout_quality_print(const layout *L, const char *name, const char *linebreak, bool json, FILE *out)
{
	double mean = L->ratio_lines ? L->ratio_sum / (double)L->ratio_lines : 0;
	char detail[96];
	if (json) {
		fputs("{\"layout\": ", out);
		json_put_str(out, name);
		fprintf(out, ", \"linebreak\": \"%s\", \"pages\": %zu, \"lines\": %ld, \"ragged_lines\": %ld, "
			"\"loose\": %ld, \"hyphenated\": %ld, \"consecutive_hyphens\": %ld, \"overfull\": %ld, "
			"\"widows\": %ld, \"orphans\": %ld, \"emergency_breaks\": %ld, "
			"\"emergency_paragraphs\": %ld, \"underfull_pages\": %ld, \"near_empty_pages\": %ld, "
			"\"near_empty_forced\": %ld, \"split_short_paragraphs\": %ld, \"floats_moved\": %ld, "
			"\"refs_away\": %ld, \"ref_distance_max\": %ld, \"mean_abs_ratio\": %.3f, \"where\": [",
			linebreak, L->npages, L->lines, L->ragged_lines, L->loose_lines, L->hyphens, L->hyphen_runs,
			L->overfull_lines, L->widows, L->orphans, L->emergency_breaks, L->emergency_paras,
			L->underfull_pages, L->near_empty_pages, L->near_empty_forced, L->split_short_paras,
			L->floats_moved, L->refs_away, L->ref_distance_max, mean);
		for (size_t i = 0; i < L->nspots; i++) {
			const lspot *q = &L->spots[i];
			spot_detail(q, detail, sizeof detail);
			fprintf(out, "%s{\"count\": \"%s\", \"page\": %d, \"file\": ", i ? ", " : "",
				spot_key[q->kind], q->page + 1);
			json_put_str(out, q->pos.file ? q->pos.file : "");
			fprintf(out, ", \"line\": %d, \"part\": ", q->pos.line);
			json_put_str(out, q->part ? q->part : "");
			fputs(", \"detail\": ", out);
			json_put_str(out, detail);
			fputs("}", out);
		}
		fputs("]}\n", out);
		return;
	}
	fprintf(out, "%s: line breaking %s, %zu page%s\n", name, linebreak, L->npages, L->npages == 1 ? "" : "s");
	const struct {
		const char *label;
		long v;
		int kind; /* Q_* whose places follow, or -1 */
	} rows[] = {
		{"lines", L->lines, -1},
		{"  ragged", L->ragged_lines, -1},
		{"loose (ratio > 1)", L->loose_lines, -1},
		{"hyphenated", L->hyphens, -1},
		{"consecutive hyphens", L->hyphen_runs, -1},
		{"overfull", L->overfull_lines, -1},
		{"widows", L->widows, Q_WIDOW},
		{"orphans", L->orphans, Q_ORPHAN},
		{"emergency breaks", L->emergency_breaks, -1},
		{"emergency paragraphs", L->emergency_paras, Q_EMERGENCY},
		{"underfull pages", L->underfull_pages, Q_UNDERFULL},
		{"near-empty pages", L->near_empty_pages, Q_NEAR_EMPTY},
		{"  before forced breaks", L->near_empty_forced, -1},
		{"split short paragraphs", L->split_short_paras, Q_SPLIT_SHORT},
		{"figures moved on", L->floats_moved, Q_FLOAT_MOVED},
		{"exhibits off their ref", L->refs_away, Q_REF_DISTANCE},
		{"  most pages away", L->ref_distance_max, -1},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fprintf(out, "  %-22s %8ld\n", rows[i].label, rows[i].v);
		for (size_t k = 0; rows[i].kind >= 0 && k < L->nspots; k++) {
			const lspot *q = &L->spots[k];
			if (q->kind != rows[i].kind)
				continue;
			spot_detail(q, detail, sizeof detail);
			fprintf(out, "    page %d", q->page + 1);
			if (q->part)
				fprintf(out, " (%s)", q->part);
			if (q->pos.file && q->pos.line)
				fprintf(out, ", %s:%d", q->pos.file, q->pos.line);
			fprintf(out, "%s%s\n", *detail ? ": " : "", detail);
		}
	}
	fprintf(out, "  %-22s %8.3f\n", "mean |ratio|", mean);
}
