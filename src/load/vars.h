/* vars.h — data-bound text: "{{ name }}" in articles and layout text.
 *
 * Takes: named data sources declared in a layout's data: map (an event
 * facts file or a statistics table), the document's metadata and batch
 * variables. Gives: text with every {{ name }} replaced by the value,
 * formatted for the document's language, so a figure quoted in prose and
 * shown in a table or chart is the same number by construction.
 *
 * Names:
 *   document.title | subtitle | author | date | language | prepared-for | classification
 *   vars.NAME                          a batch variable, or --var NAME=VALUE
 *   recipient.name | title | delegation  a numbered copy's recipient (or
 *                              --var recipient.name=VALUE)
 *   SRC.name | short-name | venue | format | theme | organisers
 *   SRC.dates | original-dates | start | end        (facts; dates formatted)
 *   SRC.figures.KEY            the figure's number ("5,600"); when sources
 *                              give different values, SRC.figures.KEY.1, .2 …
 *   SRC.figures.KEY[.N].text   "over 5,600 delegates"
 *   SRC.figures.KEY[.N].source "Ministry of Public Security portal, 11 March 2021"
 *   SRC.ROW.COLUMN             a table cell; ROW is the first column's value
 *                              in lower case with spaces as '-' ("member-states")
 *   SRC.total.COLUMN           the column's sum
 *   SRC.rows                   the number of rows
 * An unknown name is an error at its position, with the nearest valid name.
 * "\{{" writes "{{" literally.
 */
#ifndef DOSSIER_VARS_H
#define DOSSIER_VARS_H

#include "load.h"

/* Register a data source under a name (the layout's data: map). */
void vars_add_facts(doc *d, const char *name, const facts *f, srcpos pos);
void vars_add_table(doc *d, const char *name, const rawtable *t, srcpos pos);
/* A source that failed to load (reported): its names expand to nothing,
 * with no second error. */
void vars_add_failed(doc *d, const char *name, srcpos pos);
/* A batch variable's name (manifest vars:, --var): a letter, then letters,
 * digits, '_' or '-'. */
bool vars_name_ok(const char *s);
/* A batch variable (vars.NAME), or a recipient field ("recipient.name"). */
void vars_set(doc *d, const char *name, const char *value);
/* Its value, or NULL when it is not set. */
const char *vars_get(doc *d, const char *name);

/* Expand text[0..len). base is the position of text[0] (lines and columns
 * advance through the text). Returns text itself when it holds no "{{";
 * otherwise a new arena string; errors are reported and the name is left
 * in place. Values never contain newlines, so line numbers are kept. */
const char *vars_expand(doc *d, diag *dg, const char *text, size_t len, srcpos base);

#endif
