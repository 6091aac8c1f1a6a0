/* lang_attr.h — the attribute block after a passage's "]": "{lang=ru}",
 * "{.name lang=vi}", '{ lang="fr-CA" dir=ltr }'. Read the same way in
 * Markdown (md_lang.c) and in the YAML and CSV texts (text_lang.c); each
 * caller checks the values and reports errors at its own positions.
 */
#ifndef DOSSIER_LANG_ATTR_H
#define DOSSIER_LANG_ATTR_H

#include <stdbool.h>
#include <stddef.h>

/* Markup longer than this is not read as a passage's attributes (keeps a
 * text of many "]{" without a "}" linear). */
#define ATTR_MAX 256

/* How the block is read (la_read's opts). */
enum {
	LA_CR_SPACE = 1,        /* '\r' separates attributes as ' ' does (Markdown) */
	LA_EMPTY_OK = 2,        /* a quoted empty value ("") is a value, the caller's to refuse */
};

/* What the block holds (lang_attrs.flags). */
enum {
	LA_NAME = 1,            /* the class .name: a person's name */
};

/* Each "lang=" takes at least 7 bytes with its separator ('lang=""' or
 * "lang=x "), so a block of ATTR_MAX bytes holds fewer than this. */
#define LA_LANGS (ATTR_MAX / 7 + 1)

typedef struct {
	size_t shown;           /* the bytes a message quotes: through '}' when it closes */
	size_t end;             /* just past '}' (when ok) */
	bool closed;            /* by its '}' */
	bool ok;                /* parses and holds lang= */
	unsigned flags;         /* LA_NAME */
	size_t nlang;           /* the lang= values read, in order, before the end or */
	size_t lang[LA_LANGS][2]; /* the first fault: [start, end) in s */
} lang_attrs;

/* The block at s[0] ('{'), n bytes available: false when it does not
 * mention lang (then it is not a passage's: {.name} or {#id} alone, or
 * text). Otherwise true, with *out filled; out->ok false when it does not
 * parse or holds no lang= (the caller warns, quoting out->shown bytes). */
bool la_read(const char *s, size_t n, unsigned opts, lang_attrs *out);

/* An attribute value at s[*i] (n bytes in all): "…", '…' or unquoted; its
 * span in [*v0, *v1), *i moved past it. False when there is none (an
 * unclosed quote, nothing unquoted). */
bool la_value(const char *s, size_t n, size_t *i, size_t *v0, size_t *v1);

/* s[0..n) is word, ASCII case aside (word in lower case). */
bool la_lower_is(const char *s, size_t n, const char *word);

#endif
