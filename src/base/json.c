/* json.c — JSON output shared by the stages (json.h). */
#include "json.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

void json_put_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
			i++;
		} else if (c == '\n') {
			fputs("\\n", f);
			i++;
		} else if (c == '\t') {
			fputs("\\t", f);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			fputc(c, f);
			i++;
		} else {
			uint32_t cp;
			int len = utf8_decode(s + i, n - i, &cp);
			if (len > 0) {
				fwrite(s + i, 1, (size_t)len, f);
				i += (size_t)len;
			} else {
				fputs("\xEF\xBF\xBD", f); /* U+FFFD for a byte that is not UTF-8 */
				i++;
			}
		}
	}
	fputc('"', f);
}
