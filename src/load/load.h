/* load.h — the load stage: files on disk → document model (model.h).
 *
 * Takes: a layout YAML path. Gives: a doc whose blocks hold every part the
 * layout lists (cover, contents, sections, facts, tables, articles), with all
 * text UTF-8-validated and NFC-normalised, numbers and dates formatted for the
 * document's language, and every input file recorded in doc->inputs.
 * Errors go to the diag with the position of the input that caused them; the
 * loaders keep going after an error so one run reports them all. The caller
 * treats the doc as unusable when diag.errors > 0.
 *
 * Only load_yaml.c includes <yaml.h> and only load_article.c includes
 * <md4c.h>; the rest of the program sees the small tree below.
 */
#ifndef DOSSIER_LOAD_H
#define DOSSIER_LOAD_H

#include "labels.h"
#include "model.h"

/* ---- a loaded YAML document: scalars, sequences and mappings ---- */
typedef enum { Y_SCALAR, Y_SEQ, Y_MAP } ykind;

typedef struct ynode {
	ykind kind;
	srcpos pos;
	const char *str;        /* scalar: NFC UTF-8 text */
	size_t len;
	bool plain;             /* scalar written without quotes */
	bool block;             /* scalar written as a block (| or >): its text
				 * starts on the next line */
	struct ynode **kids;    /* seq: n items; map: 2n (key, value, key, value…) */
	size_t n;
} ynode;

/* Parse text (already read from path) into a tree in arena a. line0 is added
 * to every line number (front matter inside a Markdown file). NULL on error,
 * which has been reported. An empty document gives an empty mapping. */
ynode *yaml_parse(arena *a, diag *dg, const char *path, const char *text, size_t len, int line0);
/* Read and parse a file; 'from' is where the request came from (for a
 * missing-file error). */
ynode *yaml_load_file(arena *a, diag *dg, const char *path, srcpos from);

/* Read an input file whole (LIMIT_FILE_BYTES at most); on failure report
 * "cannot read 'PATH': reason" (or the limit) at 'from' and return NULL.
 * Caller frees. */
char *load_read(diag *dg, const char *path, srcpos from, size_t *len);
/* UTF-16 with a byte-order mark is converted to UTF-8 and a UTF-8
 * byte-order mark dropped (lines and columns stay those of the original).
 * For text that is not valid UTF-8 at byte 'bad': one error naming the
 * likely encoding and the iconv command that converts it. */
void load_bad_utf8(diag *dg, const char *path, const char *text, size_t len, long bad, int line0);
const char *load_guess_encoding(const char *s, size_t n);

const char *ykind_name(ykind k);
const ynode *ymap_get(const ynode *map, const char *key);
const ynode *ymap_key(const ynode *map, const char *key); /* the key node */
/* Report every key of map not in the NULL-terminated list 'keys', suggesting
 * the nearest valid one. 'what' names the map ("page", "parts[3].table"). */
void ymap_check(diag *dg, const ynode *map, const char *what, const char *const *keys);
/* Typed access: each reports "KEY: expected …, got …" and returns false (or
 * NULL / -1) on a wrong type. 'key' is the key's name for messages. */
bool yis_map(diag *dg, const ynode *n, const char *key);
bool yis_seq(diag *dg, const ynode *n, const char *key);
const char *ystr(diag *dg, const ynode *n, const char *key);
bool ynum(diag *dg, const ynode *n, const char *key, double *out);
bool ybool(diag *dg, const ynode *n, const char *key, bool *out);
bool ylength(diag *dg, const ynode *n, const char *key, double *pt); /* 20mm 1in 12pt 12 */
/* The index of n's value in names; without regard to case when only one
 * value matches so. Otherwise an error suggesting the value meant (a
 * synonym from other tools such as barh → hbar, or the nearest spelling). */
int yenum(diag *dg, const ynode *n, const char *key, const char *const *names);
/* The value of names that 'value' is another tool's word for, or NULL. */
const char *yenum_synonym(const char *value, const char *const *names);
bool ydate(diag *dg, const ynode *n, const char *key, const char **iso);
bool ycolor(diag *dg, const ynode *n, const char *key, uint32_t *rgb);
/* String field of a map: NULL when absent (or on a type error, reported). */
const char *yget_str(diag *dg, const ynode *map, const char *key);
/* Required string field: reports "missing required key" at the map. */
const char *yneed_str(diag *dg, const ynode *map, const char *key, const char *what);

/* ---- passages in another language in YAML and CSV text (text_lang.c) ----
 * text_lang: s with each "[text]{lang=xx}" made a passage in that language
 * (langmark.h); s itself when it holds no "]{". A bad language is an error
 * naming key at the value, markup that is not a passage's a warning; both
 * leave the text as written (dg NULL: nothing reported, for the words
 * of a text read elsewhere). skip: columns from pos to s's first
 * character (1 for a quoted scalar), < 0 when not known (reported at pos).
 * ytext and yget_text: ystr and yget_str, their text read so. */
const char *text_lang(doc *d, diag *dg, const char *s, srcpos pos, int skip, const char *key);
const char *ytext(doc *d, diag *dg, const ynode *n, const char *key);
/* skip for scalar n's text: 0 plain, 1 quoted, -1 a block (| or >). */
int yskip(const ynode *n);
const char *yget_text(doc *d, diag *dg, const ynode *map, const char *key);

/* ---- label catalogues (load_labels.c, docs/labels.md) ---- */
/* Set d->labels for d's language: the built-in English, then the
 * catalogues labels/en.yaml and labels/LANG.yaml of dossier's data directory
 * (DOSSIER_LABELS names another directory), then the layout's labels: map
 * 'over' (may be NULL). Unknown keys, plural categories and placeholders are
 * errors with a suggestion. */
void load_labels(doc *d, diag *dg, const ynode *over);
/* Read one catalogue file, or a labels: map, into ls ('what' names it in
 * messages). */
void load_labels_map(doc *d, diag *dg, labelset *ls, const ynode *m, const char *what);

/* ---- typography: (load_typo.c, typo.h) ---- */
/* Set d->typo from the layout's typography: map n (may be NULL: the
 * defaults for d's language). */
void load_typography(doc *d, diag *dg, const ynode *n);
/* The typography applied to the text the YAML files give (the Markdown
 * loader applies it to articles as it reads them): the document's title
 * and cover fields; a block's text, captions, column labels and chart
 * titles (code, links and references aside), and with data its table
 * cells and chart categories too (facts values; not the cells of a
 * statistics file, printed as the file has them). */
void typo_meta(doc *d);
void typo_block(doc *d, block *b, bool data);
/* Text s with the typography of language lang (NULL: the document's), its
 * passages in another language with theirs (a Markdown image's caption). */
const char *typo_text(doc *d, const char *lang, const char *s);

/* ---- numbering: (numbering.c) ---- */
/* Set d->numbering from the layout's numbering: map n (may be NULL: off). */
void load_numbering(doc *d, diag *dg, const ynode *n);
/* Number d's headings, annexes, tables and figures as d->numbering asks
 * (block.number; headings', tables' and figures' texts get their numbers);
 * an annex section is "Annex A. Title" whatever the settings. */
void number_doc(doc *d);

/* ---- facts (event facts YAML) ---- */
typedef struct {
	const char *id, *title, *publisher, *date, *author, *url;
	const char *cite;       /* how tables and notes cite it; default "publisher, date" */
	srcpos pos;
} fact_source;

typedef struct {
	const char *key, *label, *qualifier, *unit, *source, *note;
	double value;
	srcpos pos;
} fact_figure;

typedef struct {
	const char *number, *title, *text, *date, *source;
} fact_item;

typedef struct {
	const char *name, *role, *organisation, *email, *phone, *source;
} fact_person;

typedef struct facts {
	const char *path;
	fact_source *sources; size_t nsources;
	const char *name, *short_name, *venue, *format, *theme, *source;
	const char *start, *end, *orig_start, *orig_end; /* ISO dates */
	const char **organisers; size_t norganisers;
	const char **notes; size_t nnotes;
	fact_figure *figures; size_t nfigures;
	fact_item *agenda; size_t nagenda;
	fact_item *workshops; size_t nworkshops;
	fact_item *outcomes; size_t noutcomes;
	fact_person *people; size_t npeople;
	fact_person *contacts; size_t ncontacts;
	srcpos pos;
} facts;

facts *load_facts(doc *d, diag *dg, const char *path, srcpos from);
/* The source with this id, or NULL. */
const fact_source *facts_source(const facts *f, const char *id);
/* How a source is cited in a table or in text: "Publisher, 11 March 2021"
 * (the title when there is no publisher; the id when it is unknown). */
const char *facts_cite(arena *a, const facts *f, const char *id, const char *lang);

/* ---- statistics tables (CSV or YAML) ----
 * cols/ncols: the columns the layout asks for (key, label, type); when ncols
 * is 0 every column of the file is shown as text/number by inference. */
typedef struct {
	const char **keys;      /* column keys from the header row */
	size_t ncols;
	const char **cells;     /* raw cell text, nrows * ncols */
	srcpos *cellpos;        /* position of each cell */
	size_t nrows;
	const char *title, *source; /* YAML tables may carry these */
	srcpos pos;
} rawtable;

rawtable *load_rawtable(doc *d, diag *dg, const char *path, srcpos from);
/* The same with the CSV delimiter given (0: detected from the header line). */
rawtable *load_rawtable_sep(doc *d, diag *dg, const char *path, srcpos from, int sep);
/* The 'delimiter:' key of map m: its character, 0 when absent, -1 when
 * wrong (reported; load_rawtable_sep then loads nothing). */
int load_delimiter(diag *dg, const ynode *m);

/* ---- articles (Markdown with front matter) → blocks appended to d ---- */
bool load_article(doc *d, diag *dg, const char *path, srcpos from, int heading_shift);
/* Inline Markdown text (a layout's text: part) → paragraph blocks. */
bool load_markdown_text(doc *d, diag *dg, const char *text, srcpos pos);

/* ---- images: PNG decoded with cairo (never by libharu), JPEG checked ---- */
image *load_image(doc *d, diag *dg, const char *path, srcpos from);

/* ---- charts: a layout's chart: part (load_chart.c) ---- */
chart *load_chart(doc *d, diag *dg, const ynode *m, srcpos pos);

/* ---- path containment (contain.c) ----
 * The project root is the layout's directory, or its parent when that
 * directory is named "layouts"; --allow-path adds directories. */
void contain_init(doc *d, const char *const *allow, size_t nallow);
/* True when path (after realpath) lies under the root or an allowed
 * directory, when it does not exist, or when containment is off. */
bool contain_ok(const doc *d, const char *path);
/* path_join(dir, rel), or NULL after reporting "'REL' is outside the
 * project (ROOT); give --allow-path DIR to allow it" at from. */
const char *load_path(doc *d, diag *dg, const char *dir, const char *rel, srcpos from);

/* ---- the layout: the entry point of the stage ---- */
doc *load_layout(diag *dg, const char *path);

/* What a batch build adds to one dossier of a manifest: variables for
 * {{ vars.NAME }} and, for numbered copies, the copy line printed on the
 * cover, in every footer and in the metadata. */
typedef struct {
	const char *const *var_names, *const *var_values;
	size_t nvars;
	int copy_no, copy_total;        /* 0 = not a numbered copy */
	const char *recipient_name, *recipient_title, *recipient_delegation;
	const char *const *allow_paths; /* --allow-path directories */
	size_t nallow_paths;
} load_opts;

doc *load_layout_opts(diag *dg, const char *path, const load_opts *o);

#endif
