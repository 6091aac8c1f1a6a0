/* load_chart.c — a layout's chart: part → chart (model.h).
 *
 *   - chart:
 *       type: bar                 # bar hbar stacked hstacked line pie donut timeline
 *       file: ../input/x.csv      # a statistics table (CSV or YAML), relative to the layout
 *       category: category        # the column with the category labels (default: the first)
 *       series: [count]           # or [{key: count, label: "Number", qualifier: column}]; default: every numeric column
 *       title, subtitle, x-label, y-label, source, note, unit
 *       value-labels: true  legend: true  height: 180pt  y-min: 0  y-max: 200
 *       print: greyscale          # or colour (the default)
 *       events: [{label, start, end, date, note, highlight}]   # timeline
 *       facts: ../input/facts.yaml                              # timeline: dates from a facts file
 *
 * Every problem is reported with the position of the key or table cell that
 * caused it, and the loader keeps going so that one run lists them all; the
 * result is NULL when anything was reported. docs/charts.md describes the
 * keys for users.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bounds.h"
#include "langmark.h"
#include "load.h"
#include "vars.h"

chart *load_chart(doc *d, diag *dg, const ynode *m, srcpos pos);

/* A chart with more categories or series than this is unreadable in print. */
#define CHART_MAX_CATEGORIES 500
#define CHART_MAX_SERIES 12
#define CHART_MAX_EVENTS 200
#define CHART_MAX_UNIT 40 /* bytes */

static const char *const chart_keys[] = {"type", "file", "category", "series", "title", "subtitle",
					 "x-label", "y-label", "source", "note", "unit",
					 "value-labels", "legend", "height", "y-min", "y-max",
					 "print", "events", "facts", "id", "delimiter", "description", NULL};
/* In the order of the CHART_* constants. */
static const char *const chart_types[] = {"bar", "hbar", "stacked", "hstacked", "line",
					  "pie", "donut", "timeline", NULL};

/* Index of column key in the table, or -1 after reporting it (with the
 * nearest column name, or the list of columns). */
static long find_column(diag *dg, const rawtable *rt, const char *key, srcpos at, const char *what)
{
	for (size_t j = 0; j < rt->ncols; j++)
		if (strcmp(rt->keys[j], key) == 0)
			return (long)j;
	const char *cands[LIMIT_TABLE_COLUMNS_MAX + 1];
	size_t n = 0;
	for (size_t k = 0; k < rt->ncols && n < LIMIT_TABLE_COLUMNS_MAX; k++)
		cands[n++] = rt->keys[k];
	cands[n] = NULL;
	const char *near = diag_nearest(key, cands);
	if (near) {
		diag_error(dg, at, "%s: no column '%s' in '%s'; did you mean '%s'?", what, key, rt->pos.file,
			   near);
	} else {
		buf b = {0};
		for (size_t k = 0; k < rt->ncols; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", rt->keys[k]);
		diag_error(dg, at, "%s: no column '%s' in '%s' (it has: %s)", what, key, rt->pos.file,
			   buf_cstr(&b));
		buf_free(&b);
	}
	return -1;
}

/* Cells that mean "no value": drawn as a gap, not as zero. */
static bool missing_cell(const char *s)
{
	static const char *const na[] = {"", "NA", "N/A", "n/a", "-", "\xe2\x80\x93", "\xe2\x80\x94", NULL};
	while (*s == ' ')
		s++;
	for (int i = 0; na[i]; i++)
		if (strcmp(s, na[i]) == 0)
			return true;
	return false;
}

/* A number as written in a statistics file: "152", "-2.5", "45%", with
 * optional spaces around it. No thousands separators: "5,600" is ambiguous
 * between languages. */
static bool parse_value(const char *s, double *v)
{
	while (*s == ' ')
		s++;
	if (*s == '>' || *s == '<') /* a bound: see cell_bound */
		s++;
	while (*s == ' ')
		s++;
	char *end;
	*v = strtod(s, &end);
	if (end == s)
		return false;
	if (*end == '%')
		end++;
	while (*end == ' ')
		end++;
	return *end == 0 && isfinite(*v);
}

/* A value given as a bound: ">80" in the cell, or a qualifier ("more than",
 * "over", "less than", …) in the series' qualifier column. -2: not a
 * qualifier. */
static int cell_bound(const char *cell, const char *qual)
{
	while (cell && *cell == ' ')
		cell++;
	if (cell && (*cell == '>' || *cell == '<'))
		return *cell == '>' ? CHART_MORE : CHART_LESS;
	if (!qual || missing_cell(qual))
		return CHART_EXACT;
	static const char *const more[] = {">", "more than", "over", "above", "greater than", NULL};
	static const char *const less[] = {"<", "less than", "under", "below", "fewer than", NULL};
	for (int i = 0; more[i]; i++) {
		if (strcasecmp(qual, more[i]) == 0)
			return CHART_MORE;
		if (strcasecmp(qual, less[i]) == 0)
			return CHART_LESS;
	}
	return -2;
}

static srcpos cell_pos(const rawtable *rt, size_t r, size_t j)
{
	return rt->cellpos ? rt->cellpos[r * rt->ncols + j] : rt->pos;
}

/* Is column j a column of numbers: at least one, and no fewer numbers than
 * other text? (So a typo in a numeric column is reported at its cell rather
 * than dropping the column, while text columns such as notes are left out.) */
static bool numeric_column(const rawtable *rt, size_t j)
{
	size_t nums = 0, text = 0;
	for (size_t r = 0; r < rt->nrows; r++) {
		const char *s = rt->cells[r * rt->ncols + j];
		double v;
		if (missing_cell(s))
			continue;
		if (parse_value(s, &v))
			nums++;
		else
			text++;
	}
	return nums > 0 && nums >= text;
}

typedef struct {
	const char *key, *label;
	srcpos pos;
	const char *qualifier; /* the column saying which values are bounds */
	srcpos qpos;
} series_spec;

static size_t load_series_spec(doc *d, diag *dg, const ynode *v, series_spec **out)
{
	static const char *const keys[] = {"key", "label", "qualifier", NULL};
	*out = NULL;
	if (v->kind == Y_SCALAR) { /* series: count */
		*out = arena_alloc(d->a, sizeof **out);
		(*out)[0] = (series_spec){v->str, NULL, v->pos, NULL, v->pos};
		return 1;
	}
	if (!yis_seq(dg, v, "series"))
		return 0;
	if (v->n == 0) {
		diag_error(dg, v->pos, "series: the list is empty; name at least one column");
		return 0;
	}
	if (v->n > CHART_MAX_SERIES) {
		diag_error(dg, v->pos, "series: %zu series; a chart shows at most %d", v->n, CHART_MAX_SERIES);
		return 0;
	}
	series_spec *s = arena_array(d->a, v->n, sizeof *s);
	size_t n = 0;
	for (size_t i = 0; i < v->n; i++) {
		const ynode *e = v->kids[i];
		if (e->kind == Y_SCALAR) {
			s[n++] = (series_spec){e->str, NULL, e->pos, NULL, e->pos};
			continue;
		}
		if (!yis_map(dg, e, "series[]"))
			continue;
		ymap_check(dg, e, "series", keys);
		const char *key = yneed_str(dg, e, "key", "series");
		const char *label = yget_text(d, dg, e, "label");
		const char *qual = yget_str(dg, e, "qualifier");
		const ynode *q = ymap_get(e, "qualifier");
		if (key)
			s[n++] = (series_spec){key, label, ymap_get(e, "key")->pos, qual, q ? q->pos : e->pos};
	}
	*out = s;
	return n;
}

/* Table → categories and series. */
static void load_data(doc *d, diag *dg, chart *ch, const ynode *m, const char *file, srcpos fpos)
{
	int before = dg->errors;
	rawtable *rt = load_rawtable_sep(d, dg, file, fpos, load_delimiter(dg, m));
	if (!rt)
		return;
	if (rt->nrows == 0) {
		diag_error(dg, fpos, "file: table '%s' has no data rows", file);
		return;
	}
	if (rt->nrows > CHART_MAX_CATEGORIES) {
		diag_error(dg, fpos, "file: table '%s' has %zu rows; a chart shows at most %d categories",
			   file, rt->nrows, CHART_MAX_CATEGORIES);
		return;
	}
	/* the category column */
	long cat = 0;
	const ynode *v = ymap_get(m, "category");
	if (v) {
		const char *key = ystr(dg, v, "category");
		cat = key ? find_column(dg, rt, key, v->pos, "category") : -1;
	}
	/* the series */
	series_spec *spec = NULL;
	size_t nspec = 0;
	if ((v = ymap_get(m, "series"))) {
		nspec = load_series_spec(d, dg, v, &spec);
	} else if (cat >= 0) { /* every numeric column but the category */
		spec = arena_array(d->a, rt->ncols, sizeof *spec);
		for (size_t j = 0; j < rt->ncols; j++)
			if ((long)j != cat && numeric_column(rt, j))
				spec[nspec++] = (series_spec){rt->keys[j], NULL, fpos, NULL, fpos};
		if (nspec > CHART_MAX_SERIES) /* never drop a column without a word */
			diag_error(dg, fpos,
				   "file: '%s' has %zu numeric columns and a chart shows at most %d series; "
				   "column '%s' and those after it would not be drawn: name the ones to draw with "
				   "series: [column, ...]",
				   file, nspec, CHART_MAX_SERIES, spec[CHART_MAX_SERIES].key);
		if (nspec == 0)
			diag_error(dg, m->pos,
				   "chart: '%s' has no numeric column to draw; name one with series: [column]", file);
	}
	long *col = arena_array(d->a, nspec ? nspec : 1, sizeof *col);
	long *qcol = arena_array(d->a, nspec ? nspec : 1, sizeof *qcol);
	for (size_t i = 0; i < nspec; i++) {
		col[i] = find_column(dg, rt, spec[i].key, spec[i].pos, "series");
		qcol[i] = spec[i].qualifier ? find_column(dg, rt, spec[i].qualifier, spec[i].qpos, "qualifier") : -1;
	}
	if (dg->errors > before || cat < 0)
		return;
	ch->ncat = rt->nrows;
	ch->categories = arena_array(d->a, rt->nrows, sizeof(char *));
	for (size_t r = 0; r < rt->nrows; r++) /* with its passages in another language (langmark.h) */
		ch->categories[r] = text_lang(d, dg, rt->cells[r * rt->ncols + (size_t)cat], cell_pos(rt, r, (size_t)cat), -1,
					      rt->keys[cat]);
	ch->nseries = nspec;
	ch->series = arena_array(d->a, nspec, sizeof(chart_series));
	for (size_t i = 0; i < nspec; i++) {
		chart_series *s = &ch->series[i];
		s->name = spec[i].label ? spec[i].label : spec[i].key;
		s->values = arena_array(d->a, rt->nrows, sizeof(double));
		for (size_t r = 0; r < rt->nrows; r++) {
			const char *cell = rt->cells[r * rt->ncols + (size_t)col[i]];
			double x = NAN;
			if (!missing_cell(cell) && !parse_value(cell, &x)) {
				diag_error_value(dg, cell_pos(rt, r, (size_t)col[i]), "column '%s': expected a number, got '%s'",
					   spec[i].key, cell);
				x = NAN;
			} else if (fabs(x) >= LIMIT_NUMBER) {
				diag_error(dg, cell_pos(rt, r, (size_t)col[i]),
					   "column '%s': %s is too large to chart (the limit is 10^15)", spec[i].key, cell);
				x = NAN;
			}
			s->values[r] = x;
			const char *q = qcol[i] >= 0 ? rt->cells[r * rt->ncols + (size_t)qcol[i]] : NULL;
			int b = cell_bound(cell, q);
			if (b == -2) {
				diag_error_value(dg, cell_pos(rt, r, (size_t)qcol[i]),
						 "column '%s': '%s' is not a qualifier; write 'more than' (or over, "
						 "above, >) or 'less than' (or under, below, <), or leave it empty",
						 spec[i].qualifier, q);
				b = CHART_EXACT;
			}
			if (b != CHART_EXACT && isfinite(x)) {
				if (!s->bounds)
					s->bounds = memset(arena_array(d->a, rt->nrows, 1), 0, rt->nrows);
				s->bounds[r] = (signed char)b;
			}
		}
	}
	if (!ch->title)
		ch->title = rt->title;
	if (!ch->source) {
		ch->source = rt->source;
		/* a 'source' column with one value for every row is the chart's source */
		for (size_t j = 0; j < rt->ncols && !ch->source; j++) {
			if (strcmp(rt->keys[j], "source") != 0)
				continue;
			const char *s0 = rt->cells[j];
			bool same = s0 && *s0;
			for (size_t r = 1; r < rt->nrows && same; r++)
				same = strcmp(rt->cells[r * rt->ncols + j], s0) == 0;
			if (same)
				ch->source = s0;
		}
	}
	/* pies show shares of one positive whole */
	if (ch->type == CHART_PIE || ch->type == CHART_DONUT) {
		const char *tn = chart_types[ch->type];
		if (nspec > 1)
			diag_error(dg, spec[1].pos, "series: a %s chart shows one series; got %zu", tn, nspec);
		double total = 0;
		for (size_t r = 0; r < rt->nrows && nspec; r++) {
			double x = ch->series[0].values[r];
			if (x < 0)
				diag_error(dg, cell_pos(rt, r, (size_t)col[0]),
					   "column '%s': a %s chart cannot show a negative value (%s)", spec[0].key,
					   tn, rt->cells[r * rt->ncols + (size_t)col[0]]);
			else if (isfinite(x))
				total += x;
		}
		if (nspec && total <= 0 && dg->errors == before)
			diag_error(dg, spec[0].pos, "series: column '%s' adds up to zero; there is nothing to draw",
				   spec[0].key);
		else if (nspec && !(total < LIMIT_NUMBER))
			diag_error(dg, spec[0].pos,
				   "series: column '%s' adds up to 10^15 or more, too large to chart (the limit is 10^15)",
				   spec[0].key);
	}
	/* stacks are labelled and scaled by their sums */
	if (ch->type == CHART_STACKED || ch->type == CHART_HSTACKED)
		for (size_t r = 0; r < rt->nrows; r++) {
			double up = 0, down = 0;
			for (size_t i = 0; i < nspec; i++) {
				double x = ch->series[i].values[r];
				if (isfinite(x))
					*(x > 0 ? &up : &down) += x;
			}
			if (!(up < LIMIT_NUMBER && -down < LIMIT_NUMBER)) {
				diag_error(dg, cell_pos(rt, r, (size_t)cat),
					   "category '%s': its stack adds up to 10^15 or more, too large to chart "
					   "(the limit is 10^15)", ch->categories[r]);
				break;
			}
		}
}

/* ---- timeline events ---- */
static void add_event(doc *d, chart *ch, size_t *cap, chart_event e)
{
	if (ch->nevents == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		chart_event *ne = arena_array(d->a, nc, sizeof *ne);
		if (ch->nevents)
			memcpy(ne, ch->events, ch->nevents * sizeof *ne);
		ch->events = ne;
		*cap = nc;
	}
	ch->events[ch->nevents++] = e;
}

static void load_events(doc *d, diag *dg, chart *ch, const ynode *v, size_t *cap)
{
	static const char *const keys[] = {"label", "date", "start", "end", "note", "highlight", NULL};
	if (!yis_seq(dg, v, "events"))
		return;
	if (v->n > CHART_MAX_EVENTS) {
		diag_error(dg, v->pos, "events: %zu events; a timeline shows at most %d", v->n, CHART_MAX_EVENTS);
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const ynode *e = v->kids[i];
		if (!yis_map(dg, e, "events[]"))
			continue;
		ymap_check(dg, e, "event", keys);
		chart_event ev = {0};
		ev.label = yneed_str(dg, e, "label", "event");
		if (ev.label) /* its passages in another language read */
			ev.label = ytext(d, dg, ymap_get(e, "label"), "label");
		ev.note = yget_text(d, dg, e, "note");
		const ynode *x, *ds = ymap_get(e, "start"), *dd = ymap_get(e, "date");
		if (ds && dd)
			diag_error(dg, dd->pos, "event: give either date: (one day) or start: and end:, not both");
		else if (!ds && !dd)
			diag_error(dg, e->pos, "event: missing required key 'date' (or 'start' and 'end')");
		bool ok = true;
		if (ds)
			ok &= ydate(dg, ds, "start", &ev.start);
		else if (dd)
			ok &= ydate(dg, dd, "date", &ev.start);
		if ((x = ymap_get(e, "end"))) {
			if (dd && !ds)
				diag_error(dg, x->pos, "event: end: goes with start:, not with date:");
			else if (ydate(dg, x, "end", &ev.end) && ev.start && strcmp(ev.end, ev.start) < 0)
				diag_error(dg, x->pos, "end: %s is before the start, %s", ev.end, ev.start);
		}
		if ((x = ymap_get(e, "highlight")))
			ybool(dg, x, "highlight", &ev.highlight);
		if (ok && ev.start && ev.label)
			add_event(d, ch, cap, ev);
	}
}

/* Dates from a facts file: the original dates (postponed), the event's own
 * dates (highlighted) and every dated outcome. */
static void events_from_facts(doc *d, diag *dg, chart *ch, const ynode *v, size_t *cap)
{
	const char *f = ystr(dg, v, "facts");
	if (!f)
		return;
	const char *fp = load_path(d, dg, d->dir, f, v->pos);
	facts *fx = fp ? load_facts(d, dg, fp, v->pos) : NULL;
	if (!fx)
		return;
	size_t before = ch->nevents;
	if (fx->orig_start)
		add_event(d, ch, cap,
			  (chart_event){label_text(d->labels, L_ORIGINALLY_SCHEDULED), fx->orig_start, fx->orig_end,
					label_text(d->labels, L_POSTPONED_NOTE), false});
	if (fx->start)
		add_event(d, ch, cap,
			  (chart_event){fx->short_name ? fx->short_name : fx->name ? fx->name : label_text(d->labels, L_EVENT),
					fx->start, fx->end, fx->venue, true});
	for (size_t i = 0; i < fx->noutcomes; i++)
		if (fx->outcomes[i].date && fx->outcomes[i].title)
			add_event(d, ch, cap, (chart_event){fx->outcomes[i].title, fx->outcomes[i].date, NULL, NULL, false});
	if (ch->nevents == before)
		diag_error(dg, v->pos, "facts: '%s' has no dates to put on a timeline", f);
}

/* A text field with {{ names }} expanded (vars.h), its passages in
 * another language read (text_lang; at their column when no {{ }} moved
 * them): the chart sets each passage with its language (langmark.h). */
static const char *text_field(doc *d, diag *dg, const ynode *m, const char *key)
{
	const char *v = yget_str(dg, m, key);
	if (!v)
		return NULL;
	const ynode *n = ymap_get(m, key);
	srcpos p = n->pos;
	if (!n->plain)
		p.col++;
	const char *s = vars_expand(d, dg, v, strlen(v), p);
	return text_lang(d, dg, s, n->pos, n->str && !strcmp(n->str, s) ? yskip(n) : -1, key);
}


chart *load_chart(doc *d, diag *dg, const ynode *m, srcpos pos)
{
	if (!yis_map(dg, m, "chart"))
		return NULL;
	int before = dg->errors;
	ymap_check(dg, m, "chart", chart_keys);
	chart *ch = arena_alloc(d->a, sizeof *ch);
	ch->pos = pos;
	ch->type = CHART_BAR;
	ch->y_min = NAN;
	ch->y_max = NAN;
	ch->language = doc_lang(d);
	ch->source_label = label_text(d->labels, L_SOURCE_LINE);
	const ynode *v;
	int k;
	if ((v = ymap_get(m, "type")) && (k = yenum(dg, v, "type", chart_types)) >= 0)
		ch->type = k;
	ch->title = text_field(d, dg, m, "title");
	ch->subtitle = text_field(d, dg, m, "subtitle");
	ch->x_label = text_field(d, dg, m, "x-label");
	ch->y_label = text_field(d, dg, m, "y-label");
	ch->source = text_field(d, dg, m, "source");
	ch->note = text_field(d, dg, m, "note");
	ch->description = text_field(d, dg, m, "description"); /* its text alternative */
	ch->unit = yget_str(dg, m, "unit");
	if (ch->unit && strlen(ch->unit) > CHART_MAX_UNIT) /* written after every value, in fixed buffers */
		diag_error(dg, ymap_get(m, "unit")->pos, "unit: %zu bytes; a unit has at most %d (it is written after every value)",
			   strlen(ch->unit), CHART_MAX_UNIT);
	if ((v = ymap_get(m, "value-labels")))
		ybool(dg, v, "value-labels", &ch->value_labels);
	if ((v = ymap_get(m, "legend")))
		ybool(dg, v, "legend", &ch->legend);
	if ((v = ymap_get(m, "height")) && ylength(dg, v, "height", &ch->height) && ch->height < 40)
		diag_error(dg, v->pos, "height: %.1fpt is too small for a chart (at least 40pt)", ch->height);
	static const char *const ends[2] = {"y-min", "y-max"};
	for (int e = 0; e < 2; e++) {
		double *dst = e ? &ch->y_max : &ch->y_min;
		if ((v = ymap_get(m, ends[e])) && ynum(dg, v, ends[e], dst) && fabs(*dst) >= LIMIT_NUMBER) {
			diag_error(dg, v->pos, "%s: %s is too large to chart (the limit is 10^15)", ends[e], v->str);
			*dst = NAN;
		}
	}
	if (isfinite(ch->y_min) && isfinite(ch->y_max) && ch->y_min >= ch->y_max)
		diag_error(dg, ymap_get(m, "y-max")->pos, "y-max: %s is not above y-min (%s)",
			   ymap_get(m, "y-max")->str, ymap_get(m, "y-min")->str);
	ch->greyscale = d->meta.greyscale; /* the document's default */
	if ((v = ymap_get(m, "print"))) {
		static const char *const prints[] = {"colour", "greyscale", "color", "grayscale", NULL};
		k = yenum(dg, v, "print", prints);
		ch->greyscale = k == 1 || k == 3;
	}
	const char *tname = chart_types[ch->type];
	if (ch->type == CHART_TIMELINE) {
		static const char *const table_keys[] = {"file", "category", "series", "y-min", "y-max",
							 "unit", "value-labels", "delimiter", NULL};
		for (int i = 0; table_keys[i]; i++)
			if ((v = ymap_get(m, table_keys[i])))
				diag_error(dg, ymap_key(m, table_keys[i])->pos,
					   "%s: a timeline takes its dates from events: or facts:, not from a table",
					   table_keys[i]);
		size_t cap = 0;
		if ((v = ymap_get(m, "facts")))
			events_from_facts(d, dg, ch, v, &cap);
		if ((v = ymap_get(m, "events")))
			load_events(d, dg, ch, v, &cap);
		if (!ymap_get(m, "events") && !ymap_get(m, "facts"))
			diag_error(dg, m->pos, "chart: a timeline needs events: (a list of dated events) or facts: (a facts file)");
		else if (ch->nevents == 0 && dg->errors == before)
			diag_error(dg, m->pos, "chart: the timeline has no events");
	} else {
		if ((v = ymap_get(m, "events")))
			diag_error(dg, ymap_key(m, "events")->pos,
				   "events: only a timeline has events (this chart's type is %s)", tname);
		if ((v = ymap_get(m, "facts")))
			diag_error(dg, ymap_key(m, "facts")->pos,
				   "facts: only a timeline takes dates from a facts file (this chart's type is %s)", tname);
		const char *file = yneed_str(dg, m, "file", "chart");
		const char *fp = file ? load_path(d, dg, d->dir, file, ymap_get(m, "file")->pos) : NULL;
		if (fp)
			load_data(d, dg, ch, m, fp, ymap_get(m, "file")->pos);
	}
	return dg->errors > before ? NULL : ch;
}
