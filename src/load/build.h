/* build.h — part of the load stage: facts and statistics → blocks.
 *
 * Takes: loaded facts (load_facts) and raw tables (load_rawtable), plus what
 * the layout asked for. Gives: blocks appended to the doc — a key-facts
 * panel, agenda lists, people and contacts tables, and statistics tables
 * with cells formatted for the document's language.
 */
#ifndef DOSSIER_BUILD_H
#define DOSSIER_BUILD_H

#include "bounds.h"
#include "load.h"

enum {
	SHOW_EVENT = 1 << 0,
	SHOW_FIGURES = 1 << 1,
	SHOW_AGENDA = 1 << 2,
	SHOW_WORKSHOPS = 1 << 3,
	SHOW_OUTCOMES = 1 << 4,
	SHOW_PEOPLE = 1 << 5,
	SHOW_CONTACTS = 1 << 6,
	SHOW_SOURCES = 1 << 7,
};
/* Names of the SHOW_* bits in order, NULL-terminated ("event", …). */
extern const char *const facts_show_names[];

/* What a layout's table: part asks for. */
typedef struct {
	column *cols;            /* requested columns; align < 0 = by type, decimals < 0 = default */
	size_t ncols;            /* 0 = every column of the file, as text */
	const char *caption, *source, *note;
	bool zebra;
	bool total;
	const char *total_label;
	const char **total_cols; /* keys of the columns to sum */
	size_t ntotal;
	const char *group;       /* key of a column whose value groups rows */
	srcpos group_pos;
	bool subtotals;          /* a subtotal row after each group */
	bool landscape;          /* fit: landscape */
	srcpos pos;
} table_spec;

/* The dossier's Sources list (d->sources_on). cite_source returns the
 * number of a source, registering it at its first citation; the same
 * short citation text is the same source. cite_sources_text turns a
 * free-text source ("A, 11 March 2021; B") into "A, 11 March 2021 [1]; B [2]"
 * (unchanged when the list is off). build_sources appends the list. */
size_t cite_source(doc *d, const char *key, const fact_source *full, srcpos pos);
const char *cite_sources_text(doc *d, const char *text, srcpos pos);
void build_sources(doc *d, const char *title, srcpos pos);

block *build_heading(doc *d, srcpos pos, const char *text, int level, bool toc, bool new_page);
block *build_para(doc *d, srcpos pos, int style, const char *text, unsigned flags);
void build_facts(doc *d, const facts *f, unsigned show, const char *title, srcpos pos);
/* NULL after reporting errors (unknown column, a cell of the wrong type). */
table *build_table(doc *d, diag *dg, const rawtable *rt, const table_spec *ts);

/* rt's rows sorted by column key (a copy; rt may be shared): numbers by
 * value when every cell of the column is a number, else text by the
 * collation of lang (intl_collate: Vietnamese order for vi); descending
 * when desc. Equal rows keep their order. NULL after reporting an unknown
 * column at pos. */
rawtable *rawtable_sorted(doc *d, diag *dg, const rawtable *rt, const char *key, bool desc, const char *lang,
			  srcpos pos);

#endif
