/* lang_attr.c — the attribute block of a passage in another language,
 * "{lang=ru}" after "[Добро пожаловать]" (lang_attr.h). */
#include <string.h>

#include "lang_attr.h"

static bool space(char ch, unsigned opts)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ((opts & LA_CR_SPACE) && ch == '\r');
}

bool la_lower_is(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);
	if (n != k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	return true;
}

static bool value(const char *s, size_t n, unsigned opts, size_t *i, size_t *v0, size_t *v1)
{
	if (*i < n && (s[*i] == '"' || s[*i] == '\'')) {
		char q = s[*i];
		size_t k = *i + 1;
		while (k < n && s[k] != q)
			k++;
		if (k >= n)
			return false;
		*v0 = *i + 1;
		*v1 = k;
		*i = k + 1;
		return true;
	}
	size_t k = *i;
	while (k < n && !space(s[k], opts) && !strchr("\"'=<>`{}", s[k]))
		k++;
	*v0 = *i;
	*v1 = k;
	*i = k;
	return k > *v0;
}

bool la_value(const char *s, size_t n, size_t *i, size_t *v0, size_t *v1)
{
	return value(s, n, LA_CR_SPACE, i, v0, v1);
}

bool la_read(const char *s, size_t n, unsigned opts, lang_attrs *out)
{
	if (n > ATTR_MAX)
		n = ATTR_MAX;
	if (!n || s[0] != '{')
		return false;
	/* the block ends at its '}'; a newline or another bracket first: it
	 * is none */
	size_t close = 1;
	while (close < n && !strchr("}\n{[]", s[close]))
		close++;
	/* "lang" as a word of its own, before "=" or a space (or at a '}') */
	bool mentions = false;
	for (size_t k = 1; k + 4 <= close && !mentions; k++)
		mentions = la_lower_is(s + k, 4, "lang") && (k == 1 || space(s[k - 1], opts)) &&
			   (k + 4 < close ? s[k + 4] == '=' || space(s[k + 4], opts) : close < n);
	if (!mentions)
		return false;
	*out = (lang_attrs){0};
	bool closed = close < n && s[close] == '}', ok = closed, has = false;
	out->closed = closed;
	out->shown = closed ? close + 1 : close;
	for (size_t i = 1; ok && i < close;) {
		if (space(s[i], opts)) {
			i++;
			continue;
		}
		size_t k0 = i;
		while (i < close && !space(s[i], opts) && s[i] != '=')
			i++;
		if (i < close && s[i] == '=') {
			size_t key = i - k0, v0, v1;
			i++;
			if (!value(s, close, opts, &i, &v0, &v1) || (i < close && !space(s[i], opts)) ||
			    (!(opts & LA_EMPTY_OK) && v1 == v0)) {
				ok = false;
				break;
			}
			if (la_lower_is(s + k0, key, "lang")) {
				has = true;
				out->lang[out->nlang][0] = v0;
				out->lang[out->nlang][1] = v1;
				out->nlang++;
			}
		} else if (i - k0 == 5 && !memcmp(s + k0, ".name", 5)) {
			out->flags |= LA_NAME;
		} else if (s[k0] != '.' && s[k0] != '#') {
			ok = false; /* a bare word: not an attribute */
		}
	}
	out->ok = ok && has;
	out->end = out->ok ? close + 1 : 0;
	return true;
}
