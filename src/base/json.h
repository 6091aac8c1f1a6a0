/* json.h — writing JSON: one escaping for every JSON the program writes
 * (batch reports, check --quality=json). */
#ifndef DOSSIER_JSON_H
#define DOSSIER_JSON_H

#include <stdio.h>

/* s as a JSON string: '"' and '\\' escaped, \n and \t by name, other
 * control characters and DEL as \u00XX, bytes that are not UTF-8 as
 * U+FFFD; a NULL s as null. */
void json_put_str(FILE *f, const char *s);

#endif
