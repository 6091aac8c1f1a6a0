/* textcheck.h — which characters text may hold, checked where text enters
 * the model.
 *
 * Every loader passes what it reads through here: a file's raw text before
 * it is parsed (YAML, Markdown, CSV), then each piece of text that an
 * escape produced (a YAML "\u…" escape, a Markdown "&#…;" entity). Refused:
 * control characters other than tab and line feed (C0, DEL, C1), Unicode
 * noncharacters (U+FDD0..U+FDEF and the last two code points of every
 * plane) and surrogates. Noncharacters are no text to print and U+FFFF is
 * the end-of-text marker of libunibreak, which asserts on it; a control
 * character has no glyph in any font.
 */
#ifndef DOSSIER_TEXTCHECK_H
#define DOSSIER_TEXTCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Checking a file as read: carriage returns are line ends there. */
#define TEXT_RAW 1

/* What is wrong with code point cp in text, as a phrase ("the control
 * character U+001B (escape)"), or NULL when text may hold it. */
const char *text_char_problem(uint32_t cp, int flags, char *buf, size_t bufsize);
/* Byte offset of the first character of s[0..n) that text may not hold,
 * or -1. s must be valid UTF-8 (invalid sequences are skipped). *cp gets
 * the character. */
long text_bad_at(const char *s, size_t n, int flags, uint32_t *cp);
/* Check a file's text s[0..n) (TEXT_RAW); on a bad character report it at
 * its line and column (line0 is added to the line) and return false. */
bool text_check_file(diag *dg, const char *path, const char *s, size_t n, int line0);
/* Report "text holds …" for cp at p. */
void text_report(diag *dg, srcpos p, uint32_t cp, int flags);

#endif
