/* textcheck.c — the characters text may not hold (see textcheck.h). */
#include "textcheck.h"

#include <stdio.h>

#include "util.h"

static const char *control_name(uint32_t cp)
{
	switch (cp) {
	case 0x00: return "NUL";
	case 0x07: return "bell";
	case 0x08: return "backspace";
	case 0x0B: return "vertical tab";
	case 0x0C: return "form feed";
	case 0x0D: return "carriage return";
	case 0x1B: return "escape";
	case 0x7F: return "delete";
	case 0x85: return "next line";
	default: return NULL;
	}
}

const char *text_char_problem(uint32_t cp, int flags, char *buf, size_t bufsize)
{
	if (cp == '\t' || cp == '\n' || (cp == '\r' && (flags & TEXT_RAW)))
		return NULL;
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
		const char *name = control_name(cp);
		if (name)
			snprintf(buf, bufsize, "the control character U+%04X (%s)", (unsigned)cp, name);
		else
			snprintf(buf, bufsize, "the control character U+%04X", (unsigned)cp);
		return buf;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF) {
		snprintf(buf, bufsize, "U+%04X, a UTF-16 surrogate, which is no character", (unsigned)cp);
		return buf;
	}
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
		snprintf(buf, bufsize, "U+%04X, a Unicode noncharacter, which is not text", (unsigned)cp);
		return buf;
	}
	if (cp > 0x10FFFF) {
		snprintf(buf, bufsize, "U+%X, beyond the last Unicode code point", (unsigned)cp);
		return buf;
	}
	return NULL;
}

long text_bad_at(const char *s, size_t n, int flags, uint32_t *cp)
{
	char why[96];
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b >= 0x20 && b < 0x7F) { /* printable ASCII: the common case */
			i++;
			continue;
		}
		uint32_t c = b;
		int l = 1;
		if (b >= 0x80 && !(l = utf8_decode(s + i, n - i, &c))) {
			i++;
			continue;
		}
		if (text_char_problem(c, flags, why, sizeof why)) {
			*cp = c;
			return (long)i;
		}
		i += (size_t)l;
	}
	return -1;
}

void text_report(diag *dg, srcpos p, uint32_t cp, int flags)
{
	char why[96];
	if (!text_char_problem(cp, flags, why, sizeof why))
		return;
	diag_error(dg, p, "the text holds %s; remove it or write the character meant", why);
}

bool text_check_file(diag *dg, const char *path, const char *s, size_t n, int line0)
{
	uint32_t cp;
	size_t at = 0;
	int line = 1, col = 1;
	bool ok = true;
	for (long bad; at < n && (bad = text_bad_at(s + at, n - at, TEXT_RAW, &cp)) >= 0;) {
		/* advance the position to the character, then past it */
		size_t to = at + (size_t)bad;
		for (; at < to; at++) {
			if (s[at] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)s[at] & 0xC0) != 0x80) {
				col++;
			}
		}
		text_report(dg, (srcpos){path, line + line0, col}, cp, TEXT_RAW);
		ok = false;
		at++;
		col++;
		while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
	}
	return ok;
}
