/* build.c — facts and statistics → document blocks.
 *
 * The layout stage knows only headings, paragraphs and tables; here the
 * event facts become a key-facts panel, numbered agenda lists and people
 * tables, and statistics become typed, formatted tables with totals. Where
 * two sources give different values for the same figure, both are shown
 * with their sources and a note says so: the dossier never picks one
 * silently.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "intl.h"
#include "langmark.h"

#define EN_DASH "\xe2\x80\x93"
/* a word dossier writes, in the document's language (labels.h) */
#define L(d, k) label_text((d)->labels, (k))

block *build_heading(doc *d, srcpos pos, const char *text, int level, bool toc, bool new_page)
{
	block *b = doc_add(d, BLK_HEADING, pos);
	b->level = level < 1 ? 1 : level > 4 ? 4 : level;
	b->style = ST_H1 + b->level - 1;
	span base = {.text = text, .len = strlen(text)};
	b->nspans = lm_spans(d->a, text, base.len, &base, &b->spans);
	b->plain = lm_plain(d->a, text);
	b->toc = toc;
	b->new_page = new_page;
	b->keep_with_next = true;
	return b;
}

block *build_para(doc *d, srcpos pos, int style, const char *text, unsigned flags)
{
	block *b = doc_add(d, BLK_PARA, pos);
	b->style = style;
	span base = {.text = text, .len = strlen(text), .flags = flags};
	b->nspans = lm_spans(d->a, text, base.len, &base, &b->spans);
	return b;
}

/* A paragraph made of (text, flags) pairs; NULL text pieces are skipped. */
static block *para_spans(doc *d, srcpos pos, int style, const char *const *texts,
			 const unsigned *flags, int n)
{
	block *b = doc_add(d, BLK_PARA, pos);
	b->style = style;
	size_t cap = 0;
	for (int i = 0; i < n; i++) {
		if (!texts[i] || !texts[i][0])
			continue;
		span base = {.text = texts[i], .len = strlen(texts[i]), .flags = flags[i]}, *v;
		size_t k = lm_spans(d->a, texts[i], base.len, &base, &v); /* its passages in another language */
		GROW(b->spans, cap, b->nspans + k);
		memcpy(b->spans + b->nspans, v, k * sizeof *v);
		b->nspans += k;
	}
	if (b->spans) { /* into the arena, as every block's spans */
		span *v = arena_array(d->a, b->nspans, sizeof *v);
		memcpy(v, b->spans, b->nspans * sizeof *v);
		free(b->spans);
		b->spans = v;
	}
	return b;
}

/* Sources cited by number within one facts part, listed after it (or, with
 * a `sources` part, in the dossier's Sources list): one flag per source of
 * the facts file, set up by build_facts (single-threaded, like the loader). */
static bool *cited;

static const char *cite(doc *d, const facts *f, const char *id)
{
	return facts_cite(d->a, f, id, doc_lang(d));
}

static const char *cite_num(doc *d, const facts *f, const char *id)
{
	const fact_source *s = facts_source(f, id);
	if (!s)
		return arena_printf(d->a, "\xc2\xa0[%s]", id);
	if (d->sources_on)
		return arena_printf(d->a, "\xc2\xa0[%zu]", cite_source(d, cite(d, f, id), s, s->pos));
	size_t i = (size_t)(s - f->sources);
	cited[i] = true;
	return arena_printf(d->a, "\xc2\xa0[%zu]", i + 1); /* no break before it */
}

/* The citation, with its number in the Sources list when there is one. */
static const char *cite_ref(doc *d, const facts *f, const char *id)
{
	const char *c = cite(d, f, id);
	if (!d->sources_on)
		return c;
	return arena_printf(d->a, "%s\xc2\xa0[%zu]", c, cite_source(d, c, facts_source(f, id), (srcpos){0}));
}

/* A list entry: "*Title*, Author. Publisher, date. URL", with only the
 * parts given; the caller sets its marker. */
static block *source_entry(doc *d, const fact_source *s)
{
	char date[64] = "";
	if (s->date)
		format_date(date, sizeof date, s->date, doc_lang(d));
	const char *texts[5] = {s->title, s->author ? arena_printf(d->a, ", %s", s->author) : NULL,
				s->publisher ? arena_printf(d->a, ". %s", s->publisher) : NULL,
				date[0] ? arena_printf(d->a, ", %s", date) : NULL,
				s->url ? arena_printf(d->a, ". %s", s->url) : NULL};
	const unsigned flags[5] = {SPAN_ITALIC, 0, 0, 0, 0};
	return para_spans(d, s->pos, ST_LIST, texts, flags, 5);
}

/* ---- the dossier's Sources list ---- */
size_t cite_source(doc *d, const char *key, const fact_source *full, srcpos pos)
{
	for (size_t i = 0; i < d->nsources; i++) {
		doc_source *s = &d->sources[i];
		if (strcmp(s->key, key) == 0) {
			if (full && !s->title) { /* first cited as text, now with details */
				s->title = full->title;
				s->author = full->author;
				s->publisher = full->publisher;
				s->date = full->date;
				s->url = full->url;
			}
			return i + 1;
		}
	}
	GROW(d->sources, d->sources_cap, d->nsources + 1);
	doc_source *s = &d->sources[d->nsources++];
	*s = (doc_source){.key = arena_strdup(d->a, key), .pos = pos};
	if (full) {
		s->pos = full->pos;
		s->title = full->title;
		s->author = full->author;
		s->publisher = full->publisher;
		s->date = full->date;
		s->url = full->url;
	}
	return d->nsources;
}

/* A source of a facts file named by its id, or NULL. */
static const doc_source *known_source(const doc *d, const char *id, size_t n)
{
	for (size_t i = d->nknown; i-- > 0;) /* the last file read wins */
		if (strlen(d->known[i].key) == n && strncmp(d->known[i].key, id, n) == 0)
			return &d->known[i];
	return NULL;
}

const char *cite_sources_text(doc *d, const char *text, srcpos pos)
{
	if (!text || !*text || (!d->sources_on && !d->nknown))
		return text;
	buf b = {0};
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		const doc_source *known = known_source(d, p, n);
		const char *one = known && known->cite ? known->cite : arena_strndup(d->a, p, n);
		if (*one) {
			fact_source fs;
			if (known)
				fs = (fact_source){.id = known->key, .title = known->title, .publisher = known->publisher,
						   .date = known->date, .author = known->author, .url = known->url,
						   .pos = known->pos};
			buf_printf(&b, "%s%s", b.len ? "; " : "", one);
			if (d->sources_on)
				buf_printf(&b, "\xc2\xa0[%zu]", cite_source(d, one, known ? &fs : NULL, pos));
		}
		if (!e)
			break;
		p = e + 1;
		while (*p == ' ')
			p++;
	}
	const char *out = arena_strdup(d->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

void build_sources(doc *d, const char *title, srcpos pos)
{
	build_heading(d, pos, title, 1, true, true);
	if (d->nsources == 0) {
		build_para(d, pos, ST_BODY, L(d, L_NO_SOURCES), 0);
		return;
	}
	for (size_t i = 0; i < d->nsources; i++) {
		const doc_source *s = &d->sources[i];
		block *b;
		if (s->title) {
			fact_source fs = {.title = s->title, .author = s->author, .publisher = s->publisher,
					  .date = s->date, .url = s->url, .pos = s->pos};
			b = source_entry(d, &fs);
		} else {
			b = build_para(d, s->pos, ST_LIST, s->key, 0);
		}
		b->marker = arena_printf(d->a, "[%zu]", i + 1);
		b->indent = 26;
		b->level = 1;
	}
}

/* ---- facts tables (table_builder, model.h) ---- */
typedef struct {
	doc *d;
	table *t;
	table_builder b;
} tbuild;

static void tb_init(tbuild *tb, doc *d, srcpos pos, size_t ncols, bool keyvalue)
{
	tb->d = d;
	tb->t = table_begin(&tb->b, d->a, pos, ncols);
	tb->t->header = !keyvalue;
	tb->t->keyvalue = keyvalue;
}

static void tb_col(tbuild *tb, size_t i, const char *label, int type, double weight)
{
	table_column(&tb->b, i, label, type, weight);
}

static void tb_row(tbuild *tb, const char *const *cells, int kind)
{
	table_add_row(&tb->b, cells, kind);
}

static void tb_emit(tbuild *tb, srcpos pos, const char *caption)
{
	table *t = table_end(&tb->b);
	if (!t->nrows)
		return;
	t->caption = caption;
	block *b = doc_add(tb->d, BLK_TABLE, pos);
	b->table = t;
	b->style = ST_TABLE;
}

static void kv(tbuild *tb, const char *label, const char *value)
{
	if (!value || !value[0])
		return;
	const char *cells[2] = {label, value};
	tb_row(tb, cells, ROW_BODY);
}

/* ---- facts ---- */
static void facts_event(doc *d, const facts *f, srcpos pos)
{
	const char *lang = doc_lang(d);
	tbuild tb;
	tb_init(&tb, d, pos, 2, true);
	tb_col(&tb, 0, "", COL_TEXT, 1);
	tb_col(&tb, 1, "", COL_TEXT, 3.2);
	kv(&tb, L(d, L_EVENT), f->name);
	kv(&tb, L(d, L_SHORT_NAME), f->short_name);
	char tmp[160];
	if (f->start) {
		format_date_range(tmp, sizeof tmp, f->start, f->end, lang);
		kv(&tb, L(d, L_DATES), arena_strdup(d->a, tmp));
	}
	if (f->orig_start) {
		format_date_range(tmp, sizeof tmp, f->orig_start, f->orig_end, lang);
		kv(&tb, L(d, L_ORIGINALLY_SCHEDULED), label_fmt(d->a, d->labels, L_POSTPONED, 1, "dates", tmp, NULL));
	}
	kv(&tb, L(d, L_VENUE), f->venue);
	kv(&tb, L(d, L_FORMAT), f->format);
	if (f->norganisers) {
		buf b = {0};
		for (size_t i = 0; i < f->norganisers; i++)
			buf_printf(&b, "%s%s", i ? "; " : "", f->organisers[i]);
		kv(&tb, label_fmt(d->a, d->labels, L_ORGANISER, (double)f->norganisers, NULL), arena_strdup(d->a, buf_cstr(&b)));
		buf_free(&b);
	}
	kv(&tb, L(d, L_THEME), f->theme);
	if (f->source)
		kv(&tb, L(d, L_SOURCE), cite_ref(d, f, f->source));
	tb_emit(&tb, pos, NULL);
	for (size_t i = 0; i < f->nnotes; i++) {
		block *b = build_para(d, pos, ST_LIST, f->notes[i], 0);
		b->marker = "•";
		b->indent = 14;
		b->level = 1;
	}
}

static const char *figure_value(doc *d, const fact_figure *g)
{
	return format_figure(d->a, g->value, g->qualifier, g->unit, doc_lang(d));
}

static void facts_figures(doc *d, const facts *f, srcpos pos)
{
	bool notes = false;
	for (size_t i = 0; i < f->nfigures; i++)
		notes |= f->figures[i].note != NULL;
	tbuild tb;
	tb_init(&tb, d, pos, notes ? 4 : 3, false);
	tb_col(&tb, 0, L(d, L_FIGURE_COLUMN), COL_TEXT, 1.2);
	tb_col(&tb, 1, L(d, L_VALUE), COL_TEXT, 1.1);
	tb_col(&tb, 2, L(d, L_SOURCE), COL_TEXT, 1.6);
	if (notes)
		tb_col(&tb, 3, L(d, L_NOTE), COL_TEXT, 1.8);
	tb.t->zebra = true;
	for (size_t i = 0; i < f->nfigures; i++) {
		const fact_figure *g = &f->figures[i];
		const char *label = g->label ? g->label : g->key;
		const char *cells[4] = {label, figure_value(d, g), cite_ref(d, f, g->source), g->note};
		tb_row(&tb, cells, ROW_BODY);
	}
	tb_emit(&tb, pos, L(d, L_KEY_FIGURES));
	/* Figures whose sources disagree: say so in words under the table. */
	for (size_t i = 0; i < f->nfigures; i++) {
		const fact_figure *g = &f->figures[i];
		bool first = true, differs = false;
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->figures[j].key, g->key) == 0)
				first = false;
		if (!first)
			continue;
		for (size_t j = i + 1; j < f->nfigures; j++)
			if (strcmp(f->figures[j].key, g->key) == 0 && f->figures[j].value != g->value)
				differs = true;
		if (!differs)
			continue;
		buf b = {0};
		int k = 0;
		for (size_t j = i; j < f->nfigures; j++) {
			const fact_figure *h = &f->figures[j];
			if (strcmp(h->key, g->key) != 0)
				continue;
			buf_printf(&b, "%s%s (%s)", k++ ? "; " : "", figure_value(d, h), cite_ref(d, f, h->source));
		}
		build_para(d, g->pos, ST_SOURCE,
			   label_fmt(d->a, d->labels, L_SOURCES_DIFFER, 1, "what", g->label ? g->label : g->key,
				     "values", buf_cstr(&b), NULL),
			   0);
		buf_free(&b);
	}
}

static void facts_items(doc *d, const facts *f, const fact_item *it, size_t n, const char *title,
			srcpos pos, bool numbered)
{
	if (!n)
		return;
	build_heading(d, pos, title, 3, false, false);
	for (size_t i = 0; i < n; i++) {
		char date[64] = "";
		if (it[i].date)
			format_date(date, sizeof date, it[i].date, doc_lang(d));
		const char *texts[6] = {it[i].title, date[0] ? arena_printf(d->a, " (%s)", date) : NULL,
					it[i].text ? (it[i].title ? ". " : "") : NULL, it[i].text,
					it[i].source ? cite_num(d, f, it[i].source) : NULL,
					NULL};
		const unsigned flags[6] = {it[i].text ? SPAN_BOLD : 0, 0, 0, 0, 0, 0};
		block *b = para_spans(d, pos, ST_LIST, texts, flags, 5);
		b->level = 1;
		b->indent = 18;
		char num[32]; /* in the document's digits, as numbering.c numbers headings */
		format_count(num, sizeof num, (long)i + 1, doc_lang(d));
		if (numbered)
			b->marker = arena_printf(d->a, "%s.", it[i].number ? it[i].number : num);
		else
			b->marker = "•";
	}
}

static void facts_people(doc *d, const fact_person *p, size_t n, const char *caption, srcpos pos,
			 bool contacts)
{
	if (!n)
		return;
	bool has_email = false, has_phone = false, has_org = false;
	for (size_t i = 0; i < n; i++) {
		has_email |= p[i].email != NULL;
		has_phone |= p[i].phone != NULL;
		has_org |= p[i].organisation != NULL;
	}
	size_t nc = 2 + has_org + (contacts && has_email) + (contacts && has_phone);
	tbuild tb;
	tb_init(&tb, d, pos, nc, false);
	size_t c = 0;
	tb_col(&tb, c++, L(d, L_NAME), COL_TEXT, 1.2);
	tb_col(&tb, c++, L(d, L_ROLE), COL_TEXT, 1.6);
	if (has_org)
		tb_col(&tb, c++, L(d, L_ORGANISATION), COL_TEXT, 1.4);
	if (contacts && has_email)
		tb_col(&tb, c++, L(d, L_EMAIL), COL_TEXT, 1.2);
	if (contacts && has_phone)
		tb_col(&tb, c++, L(d, L_PHONE), COL_TEXT, 0.9);
	tb.t->zebra = true;
	for (size_t i = 0; i < n; i++) {
		const char *cells[5];
		c = 0;
		cells[c++] = p[i].name;
		cells[c++] = p[i].role;
		if (has_org)
			cells[c++] = p[i].organisation;
		if (contacts && has_email)
			cells[c++] = p[i].email;
		if (contacts && has_phone)
			cells[c++] = p[i].phone;
		tb_row(&tb, cells, ROW_BODY);
	}
	tb_emit(&tb, pos, caption);
}

static void facts_sources(doc *d, const facts *f, srcpos pos, bool heading)
{
	if (!f->nsources)
		return;
	if (heading)
		build_heading(d, pos, L(d, L_SOURCES), 3, false, false);
	for (size_t i = 0; i < f->nsources; i++) {
		block *b = source_entry(d, &f->sources[i]);
		b->marker = arena_printf(d->a, "[%zu]", i + 1);
		b->indent = 22;
		b->level = 1;
	}
}

const char *const facts_show_names[] = {"event", "figures", "agenda", "workshops", "outcomes",
					"people", "contacts", "sources", NULL};

/* "Sources: [1] Title, Publisher, date; [3] …" for the numbers cited. */
static void cited_list(doc *d, const facts *f, srcpos pos)
{
	buf b = {0};
	for (size_t i = 0; i < f->nsources; i++) {
		if (!cited[i])
			continue;
		const fact_source *s = &f->sources[i];
		buf_printf(&b, "%s[%zu] %s", b.len ? "; " : "", i + 1, s->title);
		const char *c = cite(d, f, s->id);
		if (strcmp(c, s->title) != 0)
			buf_printf(&b, ", %s", c);
	}
	if (b.len) {
		buf_putc(&b, '.');
		build_para(d, pos, ST_SOURCE, label_fmt(d->a, d->labels, L_SOURCES_LINE, 1, "list", buf_cstr(&b), NULL), 0);
	}
	buf_free(&b);
}

void build_facts(doc *d, const facts *f, unsigned show, const char *title, srcpos pos)
{
	cited = arena_array(d->a, f->nsources + 1, sizeof *cited);
	if (title)
		build_heading(d, pos, title, 2, true, false);
	if ((show & SHOW_EVENT) && f->name)
		facts_event(d, f, pos);
	if ((show & SHOW_FIGURES) && f->nfigures)
		facts_figures(d, f, pos);
	if (show & SHOW_AGENDA)
		facts_items(d, f, f->agenda, f->nagenda, L(d, L_AGENDA), pos, true);
	if (show & SHOW_WORKSHOPS)
		facts_items(d, f, f->workshops, f->nworkshops, L(d, L_WORKSHOPS), pos, true);
	if (show & SHOW_OUTCOMES)
		facts_items(d, f, f->outcomes, f->noutcomes, L(d, L_OUTCOMES), pos, false);
	if (show & SHOW_PEOPLE)
		facts_people(d, f->people, f->npeople, L(d, L_PEOPLE), pos, false);
	if (show & SHOW_CONTACTS)
		facts_people(d, f->contacts, f->ncontacts, L(d, L_CONTACTS), pos, true);
	if (show & SHOW_SOURCES)
		facts_sources(d, f, pos, show != SHOW_SOURCES);
	else if (!d->sources_on)
		cited_list(d, f, pos);
	cited = NULL; /* the arena's, freed with the doc */
}

/* ---- statistics tables ---- */
static bool parse_number(const char *s, double *v, bool integer, bool percent)
{
	char *end;
	errno = 0;
	while (*s == ' ')
		s++;
	if (!*s || strspn(s, "0123456789+-.eE% ") != strlen(s))
		return false; /* no hex, inf or nan */
	if (integer) {
		long long x = strtoll(s, &end, 10);
		*v = (double)x;
	} else {
		*v = strtod(s, &end);
	}
	if (percent && *end == '%')
		end++;
	while (*end == ' ')
		end++;
	return errno == 0 && *end == 0 && isfinite(*v) && end != s;
}

/* A cell as shown in a message: newlines and tabs escaped. */
static const char *shown(doc *d, const char *raw)
{
	if (!strpbrk(raw, "\n\r\t"))
		return raw;
	buf b = {0};
	for (const char *s = raw; *s; s++)
		if (*s == '\n')
			buf_puts(&b, "\\n");
		else if (*s == '\r')
			buf_puts(&b, "\\r");
		else if (*s == '\t')
			buf_puts(&b, "\\t");
		else
			buf_putc(&b, *s);
	const char *r = arena_strdup(d->a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static const char *format_cell(doc *d, diag *dg, const column *c, const char *raw, srcpos pos,
			       double *num)
{
	const char *lang = doc_lang(d);
	char out[96];
	*num = 0;
	if (c->type == COL_TEXT && raw[0]) { /* its passages in another language, or the column's */
		const char *s = text_lang(d, dg, raw, pos, -1, c->key);
		return c->lang ? lm_wrap(d->a, c->lang, s) : s; /* a passage of its own inside holds */
	}
	if (c->type == COL_TEXT || !raw[0])
		return raw;
	if (c->type == COL_DATE) {
		if (!iso_date_valid(raw)) {
			char why[96];
			if (iso_date_why(raw, why, sizeof why))
				diag_error_value(dg, pos, "column '%s': '%s' is not a real date (%s)", c->key, raw, why);
			else
				diag_error_value(dg, pos, "column '%s': expected a date YYYY-MM-DD, got '%s'", c->key, shown(d, raw));
			return raw;
		}
		format_date(out, sizeof out, raw, lang);
		return arena_strdup(d->a, out);
	}
	bool integer = c->type == COL_INTEGER, percent = c->type == COL_PERCENT;
	if (!parse_number(raw, num, integer, percent)) {
		diag_error_value(dg, pos, "column '%s': expected %s, got '%s'", c->key,
			   integer ? "an integer" : percent ? "a percentage" : "a number", shown(d, raw));
		*num = 0; /* not in the totals */
		return raw;
	}
	if (!(fabs(*num) < LIMIT_NUMBER)) {
		diag_error(dg, pos, "column '%s': %s is too large for a table (the limit is 10^15)", c->key,
			   shown(d, raw));
		*num = 0;
		return raw;
	}
	if (integer)
		format_integer_d(out, sizeof out, *num, lang);
	else
		format_decimal(out, sizeof out, *num, c->decimals, lang);
	if (percent) {
		return arena_printf(d->a, "%s%s%%", out, locale_percent_space(lang));
	}
	return arena_strdup(d->a, out);
}

/* A total or subtotal row: sums in the summed columns, the label in the
 * first other column. */
static void sum_row(doc *d, diag *dg, table_builder *tb, const table_spec *ts, const double *sum, int kind,
		    const char *label, const char *group)
{
	const table *t = tb->t;
	size_t ncols = t->ncols;
	const char **row = arena_array(d->a, ncols, sizeof *row);
	bool labelled = false;
	for (size_t i = 0; i < ncols; i++) {
		const column *c = &t->cols[i];
		bool summed = false;
		for (size_t k = 0; k < ts->ntotal; k++)
			if (strcmp(ts->total_cols[k], c->key) == 0)
				summed = true;
		if (summed && c->type != COL_TEXT && c->type != COL_DATE) {
			char out[96];
			if (!(fabs(sum[i]) < LIMIT_NUMBER)) { /* beyond exact integers */
				if (group)
					diag_error(dg, c->pos,
						   "column '%s': the subtotal of '%s' is 10^15 or more, too large for a table "
						   "(the limit is 10^15)", c->key, shown(d, group));
				else
					diag_error(dg, c->pos,
						   "column '%s': the total is 10^15 or more, too large for a table "
						   "(the limit is 10^15)", c->key);
				row[i] = "";
				continue;
			}
			if (c->type == COL_INTEGER)
				format_integer_d(out, sizeof out, sum[i], doc_lang(d));
			else
				format_decimal(out, sizeof out, sum[i], c->decimals, doc_lang(d));
			row[i] = arena_strdup(d->a, out);
		} else if (!labelled && !summed) {
			row[i] = label;
			labelled = true;
		} else {
			row[i] = "";
		}
	}
	table_add_row(tb, row, kind);
}

table *build_table(doc *d, diag *dg, const rawtable *rt, const table_spec *ts)
{
	size_t ncols = ts->ncols ? ts->ncols : rt->ncols;
	table_builder tb;
	table *t = table_begin(&tb, d->a, ts->pos, ncols);
	t->header = true;
	t->zebra = ts->zebra;
	t->landscape = ts->landscape;
	t->caption = ts->caption ? ts->caption : rt->title;
	t->source = cite_sources_text(d, ts->source ? ts->source : rt->source, ts->pos);
	t->note = ts->note;
	size_t *map = arena_array(d->a, ncols, sizeof(size_t));
	int before = dg->errors;
	for (size_t i = 0; i < ncols; i++) {
		column *c = &t->cols[i];
		if (ts->ncols) {
			*c = ts->cols[i];
			size_t j;
			for (j = 0; j < rt->ncols; j++)
				if (strcmp(rt->keys[j], c->key) == 0)
					break;
			if (j == rt->ncols) {
				const char *cands[LIMIT_TABLE_COLUMNS_MAX + 1];
				size_t n = 0;
				for (size_t k = 0; k < rt->ncols && n < LIMIT_TABLE_COLUMNS_MAX; k++)
					cands[n++] = rt->keys[k];
				cands[n] = NULL;
				const char *near = diag_nearest(c->key, cands);
				buf b = {0};
				for (size_t k = 0; k < rt->ncols; k++)
					buf_printf(&b, "%s%s", k ? ", " : "", rt->keys[k]);
				if (near)
					diag_error(dg, c->pos, "columns: no column '%s' in '%s'; did you mean '%s'?",
						   c->key, rt->pos.file, near);
				else
					diag_error(dg, c->pos, "columns: no column '%s' in '%s' (it has: %s)",
						   c->key, rt->pos.file, buf_cstr(&b));
				buf_free(&b);
				continue;
			}
			map[i] = j;
		} else {
			c->key = rt->keys[i];
			c->label = rt->keys[i];
			c->type = COL_TEXT;
			map[i] = i;
		}
		if (!c->label)
			c->label = c->key;
		if (c->align < 0)
			c->align = (c->type == COL_TEXT || c->type == COL_DATE) ? ALIGN_LEFT : ALIGN_RIGHT;
		if (c->type == COL_DECIMAL && c->decimals < 0)
			c->decimals = 1;
		if (c->type == COL_PERCENT && c->decimals < 0)
			c->decimals = 1;
	}
	if (dg->errors > before) {
		table_end(&tb);
		return NULL;
	}
	/* the group column: its value heads each group instead of a column */
	size_t gcol = rt->ncols;
	if (ts->group) {
		for (size_t j = 0; j < rt->ncols; j++)
			if (!strcmp(rt->keys[j], ts->group))
				gcol = j;
		if (gcol == rt->ncols) {
			diag_error(dg, ts->group_pos, "group: no column '%s' in '%s'", ts->group, rt->pos.file);
			table_end(&tb);
			return NULL;
		}
	}
	const char **row = arena_array(d->a, ncols, sizeof *row);
	double *sum = arena_array(d->a, ncols, sizeof(double));
	double *sub = arena_array(d->a, ncols, sizeof(double));
	for (size_t r = 0; r < rt->nrows; r++) {
		if (ts->group && (r == 0 || strcmp(rt->cells[r * rt->ncols + gcol], rt->cells[(r - 1) * rt->ncols + gcol]))) {
			if (r > 0 && ts->subtotals)
				sum_row(d, dg, &tb, ts, sub, ROW_SUBTOTAL, L(d, L_SUBTOTAL),
					rt->cells[(r - 1) * rt->ncols + gcol]);
			memset(sub, 0, ncols * sizeof(double));
			srcpos gp = rt->cellpos ? rt->cellpos[r * rt->ncols + gcol] : rt->pos;
			for (size_t i = 0; i < ncols; i++)
				row[i] = i == 0 ? text_lang(d, dg, rt->cells[r * rt->ncols + gcol], gp, -1, ts->group) : "";
			table_add_row(&tb, row, ROW_GROUP);
		}
		for (size_t i = 0; i < ncols; i++) {
			size_t j = map[i];
			double v;
			srcpos cp = rt->cellpos ? rt->cellpos[r * rt->ncols + j] : rt->pos;
			row[i] = format_cell(d, dg, &t->cols[i], rt->cells[r * rt->ncols + j], cp, &v);
			if (t->cols[i].key && strcmp(t->cols[i].key, "source") == 0)
				row[i] = cite_sources_text(d, row[i], cp);
			sum[i] += v;
			sub[i] += v;
		}
		table_add_row(&tb, row, ROW_BODY);
	}
	if (ts->group && ts->subtotals && rt->nrows)
		sum_row(d, dg, &tb, ts, sub, ROW_SUBTOTAL, L(d, L_SUBTOTAL),
			rt->cells[(rt->nrows - 1) * rt->ncols + gcol]);
	if (ts->total)
		sum_row(d, dg, &tb, ts, sum, ROW_TOTAL, ts->total_label ? ts->total_label : L(d, L_TOTAL), NULL);
	return table_end(&tb);
}

/* ---- a table's sort: ---- */

typedef struct {
	const char **keys;      /* the sort column's cells */
	double *num;            /* their values, when numeric */
	const char *lang;
	bool desc;
} sort_ctx;

static int sort_cmp(const sort_ctx *s, size_t a, size_t b)
{
	int r;
	if (s->num)
		r = s->num[a] < s->num[b] ? -1 : s->num[a] > s->num[b];
	else
		r = intl_collate(s->keys[a], s->keys[b], s->lang);
	return s->desc ? -r : r;
}

/* A stable merge sort of idx[0..n) (tmp: n more). */
static void merge_sort(const sort_ctx *s, size_t *idx, size_t *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(s, idx, tmp, h);
	merge_sort(s, idx + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = sort_cmp(s, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof *idx);
}

/* A number as a table cell writes it: "5600", "-3.5", "12%" (no grouping). */
static bool cell_number(const char *s, double *v)
{
	char *e;
	while (*s == ' ')
		s++;
	if (!*s)
		return false;
	*v = strtod(s, &e);
	if (e == s)
		return false;
	while (*e == ' ' || *e == '%')
		e++;
	return *e == 0 && isfinite(*v);
}

rawtable *rawtable_sorted(doc *d, diag *dg, const rawtable *rt, const char *key, bool desc, const char *lang,
			  srcpos pos)
{
	size_t col = rt->ncols;
	for (size_t j = 0; j < rt->ncols; j++)
		if (!strcmp(rt->keys[j], key))
			col = j;
	if (col == rt->ncols) {
		const char **names = arena_array(d->a, rt->ncols + 1, sizeof(char *));
		memcpy(names, rt->keys, rt->ncols * sizeof(char *));
		names[rt->ncols] = NULL;
		const char *near = diag_nearest(key, names);
		if (near)
			diag_error(dg, pos, "sort: no column '%s' in '%s'; did you mean '%s'?", key, rt->pos.file, near);
		else
			diag_error(dg, pos, "sort: no column '%s' in '%s'", key, rt->pos.file);
		return NULL;
	}
	size_t n = rt->nrows;
	sort_ctx s = {arena_array(d->a, n ? n : 1, sizeof(char *)), NULL, lang, desc};
	double *num = arena_array(d->a, n ? n : 1, sizeof(double));
	bool numeric = n > 0;
	for (size_t r = 0; r < n; r++) {
		s.keys[r] = lm_plain(d->a, text_lang(d, NULL, rt->cells[r * rt->ncols + col], rt->pos, -1, key)); /* its words */
		if (numeric && !cell_number(s.keys[r] ? s.keys[r] : "", &num[r]))
			numeric = false;
		if (!s.keys[r])
			s.keys[r] = "";
	}
	if (numeric)
		s.num = num;
	size_t *idx = xmalloc((n ? n : 1) * 2 * sizeof *idx);
	for (size_t r = 0; r < n; r++)
		idx[r] = r;
	merge_sort(&s, idx, idx + n, n);
	rawtable *o = arena_alloc(d->a, sizeof *o);
	*o = *rt;
	size_t ncells = n * rt->ncols + 1;
	o->cells = arena_array(d->a, ncells, sizeof(char *));
	o->cellpos = rt->cellpos ? arena_array(d->a, ncells, sizeof(srcpos)) : NULL;
	for (size_t r = 0; r < n; r++) {
		memcpy(o->cells + r * rt->ncols, rt->cells + idx[r] * rt->ncols, rt->ncols * sizeof(char *));
		if (o->cellpos)
			memcpy(o->cellpos + r * rt->ncols, rt->cellpos + idx[r] * rt->ncols, rt->ncols * sizeof(srcpos));
	}
	free(idx);
	return o;
}
