/* typo.h — typography by language, applied to text as it is loaded.
 *
 * Takes: UTF-8 text as an author typed it, run by run (the text runs of one
 * paragraph, in order: a quotation may open in one run and close in the
 * next), and the document's typography settings (the layout's typography:,
 * docs/typography.md). Gives: the same text with
 *
 *   - straight quotes and apostrophes made the language's own (CLDR's
 *     quotation marks through intl_quotes): "…" '…' → “…” ‘…’ (en),
 *     « … » with narrow no-break spaces inside (fr), «…» „…“ (ru),
 *     „…“ ‚…‘ (de); an apostrophe is ’;
 *   - French spacing: a narrow no-break space before ; ! ? and a no-break
 *     space before :, put in or replacing the space typed;
 *   - no-break spaces inside dates ("12 March 2021", "ngày 12 tháng 3"),
 *     between a number and its unit ("45 km", "12 %", "5 600 USD"), inside
 *     telephone numbers ("(+43-699) 1459-4990") and inside the phrases the
 *     layout lists ("Viet Nam", "UN Women");
 *   - -- and --- as en and em dashes, when the layout asks.
 *
 * Code (backticks) is not passed here. Each rule is switchable.
 */
#ifndef DOSSIER_TYPO_H
#define DOSSIER_TYPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct {
	const char *lang;
	bool quotes;          /* curly quotes and apostrophes (default on) */
	bool french_spacing;  /* spaces before ; : ! ? and inside « » (default: fr) */
	bool nobreak;         /* dates, units, telephone numbers, phrases (default on) */
	bool dashes;          /* -- and --- (default off) */
	const char *const *phrases; /* kept on one line; NULL-terminated, may be NULL */
	const char *const *units;   /* more units than the built-in ones; may be NULL */
} typo_opts;

/* The defaults for a language. */
typo_opts typo_defaults(const char *lang);
/* The settings of a document's typography: (model.h). */
typo_opts typo_for(const doc_typography *t, const char *lang);

/* What a paragraph's earlier runs left open. Zero it at a paragraph's start. */
typedef struct {
	uint32_t prev;  /* the last character written, 0 at the start */
	bool after_open; /* and it was an opening quotation mark */
	int depth;      /* quotations open */
	char kind[8];   /* for each: '"' or '\'' as typed */
	char level[8];  /* and the pair used: 0 outer, 1 inner (intl_quotes) */
} typo_state;

/* s[0..n) with the typography applied, in arena a. st carries quotations
 * across runs (NULL: the text is a paragraph on its own). */
char *typo_apply(arena *a, const typo_opts *o, typo_state *st, const char *s, size_t n);

/* s with every space made a no-break space: a name marked {.name}. */
char *typo_bind(arena *a, const char *s, size_t n);

#endif
