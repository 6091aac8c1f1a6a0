/* langmark.c — passages in another language kept inside a plain text
 * (langmark.h). */
#include <string.h>

#include "langmark.h"

bool lm_any(const char *s)
{
	return s && strchr(s, LM_OPEN);
}

const char *lm_plain(arena *a, const char *s)
{
	if (!lm_any(s))
		return s;
	size_t n = strlen(s);
	char *p = arena_alloc(a, n + 1), *q = p;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == LM_OPEN) {
			while (i < n && s[i] != LM_TEXT)
				i++;
		} else if (s[i] != LM_CLOSE && s[i] != LM_TEXT) {
			*q++ = s[i];
		}
	}
	*q = 0;
	return p;
}

const char *lm_whole(arena *a, const char *s)
{
	if (!s || s[0] != LM_OPEN)
		return NULL;
	const char *t = strchr(s, LM_TEXT);
	if (!t)
		return NULL;
	int depth = 1;
	for (const char *p = t + 1; *p; p++) {
		if (*p == LM_OPEN)
			depth++;
		else if (*p == LM_CLOSE && --depth == 0)
			return p[1] || p == t + 1 ? NULL : arena_strndup(a, s + 1, (size_t)(t - s - 1));
	}
	return NULL;
}

const char *lm_wrap(arena *a, const char *lang, const char *s)
{
	if (!s || !*s || !lang)
		return s;
	return arena_printf(a, "%c%s%c%s%c", LM_OPEN, lang, LM_TEXT, s, LM_CLOSE);
}

size_t lm_spans(arena *a, const char *s, size_t n, const span *base, span **out)
{
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += s[i] == LM_OPEN || s[i] == LM_CLOSE;
	span *v = arena_array(a, cap, sizeof *v);
	const char *stack[LM_DEPTH + 1];
	int depth = 0;     /* passages open, the deeper ones counted only */
	size_t nv = 0, from = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != LM_OPEN && s[i] != LM_CLOSE)
			continue;
		if (i > from) {
			v[nv] = *base;
			v[nv].text = arena_strndup(a, s + from, i - from);
			v[nv].len = i - from;
			v[nv].lang = depth ? stack[depth > LM_DEPTH ? LM_DEPTH - 1 : depth - 1] : base->lang;
			nv++;
		}
		if (i == n)
			break;
		if (s[i] == LM_OPEN) {
			size_t k = i + 1;
			while (k < n && s[k] != LM_TEXT)
				k++;
			if (depth < LM_DEPTH)
				stack[depth] = arena_strndup(a, s + i + 1, k - i - 1);
			depth++;
			i = k;
		} else if (depth) {
			depth--;
		}
		from = i + 1;
	}
	if (!nv) {
		v[0] = *base;
		v[0].text = "";
		v[0].len = 0;
		nv = 1;
	}
	*out = v;
	return nv;
}
