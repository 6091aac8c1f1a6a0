/* labels.c — the table of label keys and the lookup (labels.h). */
#include "labels.h"

#include <string.h>

#include "intl.h"

#define NBSP "\xc2\xa0"

/* The keys, what each may say, and the built-in English (labels/en.yaml
 * says the same). */
const label_def label_defs[L_COUNT] = {
	[L_CONTENTS] = {"contents", "", "Contents", NULL},
	[L_FIGURES_LIST] = {"figures-list", "", "Tables and figures", NULL},
	[L_FIGURE] = {"figure", "n", "Figure {n}", NULL},
	[L_TABLE] = {"table", "n", "Table" NBSP "{n}", NULL},
	[L_CAPTION] = {"caption", "label caption", "{label}. {caption}", NULL},
	[L_ANNEX] = {"annex", "n", "Annex" NBSP "{n}", NULL},
	[L_CONTINUED] = {"continued", "caption", "{caption} (continued)", NULL},
	[L_SOURCE] = {"source", "", "Source", NULL},
	[L_SOURCE_LINE] = {"source-line", "source", "Source: {source}", NULL},
	[L_SOURCES] = {"sources", "", "Sources", NULL},
	[L_SOURCES_LINE] = {"sources-line", "list", "Sources: {list}", NULL},
	[L_NO_SOURCES] = {"no-sources", "", "No source is cited in this dossier.", NULL},
	[L_SOURCES_DIFFER] = {"sources-differ", "what values", "Sources differ on {what}: {values}. Both are given here; neither has been chosen over the other.", NULL},
	[L_TOTAL] = {"total", "", "Total", NULL},
	[L_SUBTOTAL] = {"subtotal", "", "Subtotal", NULL},
	[L_EVENT] = {"event", "", "Event", NULL},
	[L_SHORT_NAME] = {"short-name", "", "Short name", NULL},
	[L_DATES] = {"dates", "", "Dates", NULL},
	[L_ORIGINALLY_SCHEDULED] = {"originally-scheduled", "", "Originally scheduled", NULL},
	[L_POSTPONED] = {"postponed", "dates", "{dates} (postponed)", NULL},
	[L_POSTPONED_NOTE] = {"postponed-note", "", "postponed", NULL},
	[L_VENUE] = {"venue", "", "Venue", NULL},
	[L_FORMAT] = {"format", "", "Format", NULL},
	[L_ORGANISER] = {"organiser", "", "Organisers", "Organiser"},
	[L_THEME] = {"theme", "", "Theme", NULL},
	[L_KEY_FIGURES] = {"key-figures", "", "Key figures", NULL},
	[L_FIGURE_COLUMN] = {"figure-column", "", "Figure", NULL},
	[L_VALUE] = {"value", "", "Value", NULL},
	[L_NOTE] = {"note", "", "Note", NULL},
	[L_NAME] = {"name", "", "Name", NULL},
	[L_ROLE] = {"role", "", "Role", NULL},
	[L_ORGANISATION] = {"organisation", "", "Organisation", NULL},
	[L_EMAIL] = {"email", "", "E-mail", NULL},
	[L_PHONE] = {"phone", "", "Phone", NULL},
	[L_AGENDA] = {"agenda", "", "Agenda", NULL},
	[L_WORKSHOPS] = {"workshops", "", "Workshops", NULL},
	[L_OUTCOMES] = {"outcomes", "", "Outcomes", NULL},
	[L_PEOPLE] = {"people", "", "People", NULL},
	[L_CONTACTS] = {"contacts", "", "Contacts", NULL},
	[L_PREPARED_FOR] = {"prepared-for", "", "Prepared for", NULL},
	[L_PREPARED_BY] = {"prepared-by", "", "Prepared by", NULL},
	[L_DATE] = {"date", "", "Date", NULL},
	[L_COPY] = {"copy", "", "Copy", NULL},
	[L_COPY_LINE] = {"copy-line", "n total", "Copy {n} of {total}", NULL},
	[L_COPY_FOR] = {"copy-for", "copy name", "{copy} \xc2\xb7 prepared for {name}", NULL},
	[L_PAGE_OF] = {"page-of", "page pages", "Page {page} of {pages}", NULL},
	[L_BLANK_PAGE] = {"blank-page", "", "This page is intentionally left blank", NULL},
	[L_REF_FIGURE] = {"ref-figure", "n page", "Figure" NBSP "{n} on page" NBSP "{page}", NULL},
	[L_REF_TABLE_NUMBERED] = {"ref-table-numbered", "n page", "Table" NBSP "{n} on page" NBSP "{page}", NULL},
	[L_REF_TABLE_TITLED] = {"ref-table-titled", "title page",
				"the table \xe2\x80\x9c{title}\xe2\x80\x9d on page" NBSP "{page}", NULL},
	[L_REF_TABLE] = {"ref-table", "page", "the table on page" NBSP "{page}", NULL},
	[L_REF_CHART_TITLED] = {"ref-chart-titled", "title page",
				"the chart \xe2\x80\x9c{title}\xe2\x80\x9d on page" NBSP "{page}", NULL},
	[L_REF_CHART] = {"ref-chart", "page", "the chart on page" NBSP "{page}", NULL},
	[L_REF_PART] = {"ref-part", "title page", "\xe2\x80\x9c{title}\xe2\x80\x9d on page" NBSP "{page}", NULL},
};

const char *const plural_names[PLURAL_N + 1] = {"zero", "one", "two", "few", "many", "other", NULL};

int label_find(const char *name)
{
	for (int k = 0; k < L_COUNT; k++)
		if (strcmp(label_defs[k].name, name) == 0)
			return k;
	return -1;
}

const char *const *label_names(void)
{
	static const char *names[L_COUNT + 1];
	if (!names[0])
		for (int k = 0; k < L_COUNT; k++)
			names[k] = label_defs[k].name;
	return names;
}

labelset *labels_new(arena *a, const char *lang)
{
	labelset *ls = arena_alloc(a, sizeof *ls);
	ls->lang = lang;
	for (int k = 0; k < L_COUNT; k++) {
		ls->forms[k][PLURAL_OTHER] = label_defs[k].en;
		ls->forms[k][PLURAL_ONE] = label_defs[k].en_one;
	}
	return ls;
}

void labels_set(labelset *ls, label_key k, const char *const forms[PLURAL_N], srcpos pos)
{
	for (int c = 0; c < PLURAL_N; c++)
		ls->forms[k][c] = forms[c];
	ls->pos[k] = pos;
}

/* Is the placeholder name[0..n) one of key k's? */
static bool has_param(label_key k, const char *name, size_t n)
{
	const char *p = label_defs[k].params;
	while (*p) {
		size_t w = strcspn(p, " ");
		if (w == n && strncmp(p, name, n) == 0)
			return true;
		p += w;
		p += strspn(p, " ");
	}
	return false;
}

bool label_check_params(label_key k, const char *text, char *out, size_t n)
{
	for (const char *s = text; *s; s++) {
		if (*s != '{')
			continue;
		if (s[1] == '{') {
			s++;
			continue;
		}
		size_t w = strcspn(s + 1, "}");
		if (!s[1 + w] || !has_param(k, s + 1, w)) {
			snprintf(out, n, "%.*s", (int)w, s + 1);
			return true;
		}
		s += w + 1;
	}
	return false;
}

const char *label_text(const labelset *ls, label_key k)
{
	return ls && ls->forms[k][PLURAL_OTHER] ? ls->forms[k][PLURAL_OTHER] : label_defs[k].en;
}

const char *label_vfmt(arena *a, const labelset *ls, label_key k, double count, va_list ap)
{
	const char *t = NULL;
	if (ls) {
		const char *cat = intl_plural(count, ls->lang);
		for (int c = 0; c < PLURAL_N && !t; c++)
			if (strcmp(plural_names[c], cat) == 0)
				t = ls->forms[k][c];
	} else if (count == 1) {
		t = label_defs[k].en_one;
	}
	if (!t)
		t = label_text(ls, k);
	/* the names and values given */
	const char *names[8], *vals[8];
	int nv = 0;
	for (const char *nm; nv < 8 && (nm = va_arg(ap, const char *));) {
		names[nv] = nm;
		vals[nv++] = va_arg(ap, const char *);
	}
	buf b = {0};
	for (const char *s = t; *s; s++) {
		if (*s != '{') {
			buf_putc(&b, *s);
			continue;
		}
		if (s[1] == '{') {
			buf_putc(&b, '{');
			s++;
			continue;
		}
		size_t w = strcspn(s + 1, "}");
		int i = 0;
		while (i < nv && !(strlen(names[i]) == w && strncmp(names[i], s + 1, w) == 0))
			i++;
		if (i < nv && s[1 + w]) {
			buf_printf(&b, "%s", vals[i] ? vals[i] : "");
			s += w + 1;
		} else {
			buf_putc(&b, *s); /* checked when loaded: not met */
		}
	}
	const char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

const char *label_fmt(arena *a, const labelset *ls, label_key k, double count, ...)
{
	va_list ap;
	va_start(ap, count);
	const char *r = label_vfmt(a, ls, k, count, ap);
	va_end(ap);
	return r;
}
