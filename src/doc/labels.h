/* labels.h — the words dossier writes by itself, in the document's language.
 *
 * Every word or phrase dossier generates ("Contents", "Figure 3", "Page 3 of
 * 19", "Source: …") is a label: a key known to the program (label_key) and a
 * text per language read from a catalogue shipped as data, labels/LANG.yaml
 * in dossier's data directory (docs/labels.md). A translator adds a language
 * by adding a file; nothing is compiled. The layout's `labels:` map overrides
 * any entry. Loading and checking the catalogues is the load stage's
 * (load_labels.c); this is the table of keys and the lookup.
 *
 * A label's text may hold placeholders, {name}, filled by the caller (each
 * key allows its own: label_defs[k].params), and "{{" for a literal "{".
 * A label may have plural forms, one per CLDR plural category ("one",
 * "few", "other"…); the count chooses the form by the language's CLDR rules
 * (intl_plural), and "other" stands in for a category not given.
 *
 * Each key's English text is built in too: it is the list of keys the
 * catalogues are checked against, and the text used when no catalogue can
 * be found (a program run away from its data; unit tests). labels/en.yaml
 * must say the same (tests/unit/test_labels.c checks it).
 */
#ifndef DOSSIER_LABELS_H
#define DOSSIER_LABELS_H

#include <stdarg.h>

#include "diag.h"
#include "util.h"

typedef enum {
	/* parts and captions */
	L_CONTENTS,
	L_FIGURES_LIST,
	L_FIGURE,
	L_TABLE,
	L_CAPTION,
	L_ANNEX,
	L_CONTINUED,
	L_SOURCE,
	L_SOURCE_LINE,
	L_SOURCES,
	L_SOURCES_LINE,
	L_NO_SOURCES,
	L_SOURCES_DIFFER,
	L_TOTAL,
	L_SUBTOTAL,
	/* the facts panel */
	L_EVENT,
	L_SHORT_NAME,
	L_DATES,
	L_ORIGINALLY_SCHEDULED,
	L_POSTPONED,
	L_POSTPONED_NOTE,
	L_VENUE,
	L_FORMAT,
	L_ORGANISER,
	L_THEME,
	L_KEY_FIGURES,
	L_FIGURE_COLUMN,
	L_VALUE,
	L_NOTE,
	L_NAME,
	L_ROLE,
	L_ORGANISATION,
	L_EMAIL,
	L_PHONE,
	L_AGENDA,
	L_WORKSHOPS,
	L_OUTCOMES,
	L_PEOPLE,
	L_CONTACTS,
	/* the cover and numbered copies */
	L_PREPARED_FOR,
	L_PREPARED_BY,
	L_DATE,
	L_COPY,
	L_COPY_LINE,
	L_COPY_FOR,
	/* running lines and cross-references */
	L_PAGE_OF,
	L_BLANK_PAGE,
	L_REF_FIGURE,
	L_REF_TABLE_NUMBERED,
	L_REF_TABLE_TITLED,
	L_REF_TABLE,
	L_REF_CHART_TITLED,
	L_REF_CHART,
	L_REF_PART,
	L_COUNT
} label_key;

typedef struct {
	const char *name;   /* the key in catalogues and layouts: "page-of" */
	const char *params; /* the placeholders it allows, space-separated: "page pages" */
	const char *en;     /* English; for a plural label the "other" form */
	const char *en_one; /* English "one" form of a plural label, else NULL */
} label_def;

extern const label_def label_defs[L_COUNT];

/* CLDR's plural categories, in this order. */
enum { PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER, PLURAL_N };
extern const char *const plural_names[PLURAL_N + 1]; /* NULL-terminated */

/* The key named name, or -1. */
int label_find(const char *name);
/* The key names, NULL-terminated (for suggestions). */
const char *const *label_names(void);

/* The texts of one document: forms[key][category], NULL where not given. */
typedef struct labelset {
	const char *lang;
	const char *forms[L_COUNT][PLURAL_N];
	srcpos pos[L_COUNT]; /* where each text came from (a catalogue or the layout) */
} labelset;

/* A set holding the built-in English, in arena a. */
labelset *labels_new(arena *a, const char *lang);
/* Replace key's texts: forms[PLURAL_N] (NULL where not given; at least
 * "other"). */
void labels_set(labelset *ls, label_key k, const char *const forms[PLURAL_N], srcpos pos);

/* The unknown placeholder in text for key k ({name} not in its params),
 * copied to out; false when every placeholder is known. An unclosed "{"
 * counts as unknown with the rest of the text as its name. */
bool label_check_params(label_key k, const char *text, char *out, size_t n);

/* Key k's text for count (its plural form by the language's rules; pass 1
 * or any count for a label without forms) with its placeholders filled
 * from the NULL-terminated pairs name, value…; in arena a. ls may be NULL:
 * the built-in English. */
const char *label_fmt(arena *a, const labelset *ls, label_key k, double count, ...);
const char *label_vfmt(arena *a, const labelset *ls, label_key k, double count, va_list ap);
/* The text of a label without placeholders (the "other" form). */
const char *label_text(const labelset *ls, label_key k);

#endif
