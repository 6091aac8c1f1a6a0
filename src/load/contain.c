/* contain.c — path containment: a layout reads only files of its project.
 *
 * The project root is the layout's directory, or its parent when that
 * directory is called "layouts" (so a repository's layouts/x.yaml may read
 * ../input/… and ../fonts/…). Every file a layout, an article or a chart
 * names is resolved with realpath(3) — every "..", every symbolic link — and
 * must lie under the root or under a directory given with --allow-path.
 * Font files are not checked: they are read only from the font directory
 * (fonts: dir, DOSSIER_FONTS or the installed fonts), only under the names
 * FAMILY-Regular.ttf, -Bold.ttf, -Italic.ttf and -BoldItalic.ttf, and only
 * by FreeType. A file that does not exist is judged by where it would
 * be, so a missing file outside is refused like an existing one. See docs/errors.md, "Paths outside the project".
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "util.h"

static const char *real(arena *a, const char *path)
{
	char *r = realpath(path, NULL);
	if (!r)
		return NULL;
	const char *s = arena_strdup(a, r);
	free(r);
	return s;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

void contain_init(doc *d, const char *const *allow, size_t nallow)
{
	d->contain = true;
	const char *dir = real(d->a, d->dir && d->dir[0] ? d->dir : ".");
	if (dir) {
		const char *base = strrchr(dir, '/');
		if (base && !strcmp(base + 1, "layouts") && base != dir)
			dir = arena_strndup(d->a, dir, (size_t)(base - dir));
	}
	d->root = dir ? dir : arena_strdup(d->a, d->dir ? d->dir : ".");
	/* the root as the user named it: the layout's directory, without a
	 * last "layouts" when the root is its parent */
	const char *shown = d->dir && d->dir[0] ? d->dir : ".";
	if (dir && real(d->a, shown) && strcmp(real(d->a, shown), dir)) {
		const char *b = strrchr(shown, '/');
		if (!strcmp(shown, "layouts"))
			shown = ".";
		else if (b && !strcmp(b + 1, "layouts"))
			shown = b == shown ? "/" : arena_strndup(d->a, shown, (size_t)(b - shown));
		else
			shown = arena_printf(d->a, "%s/..", shown);
	}
	d->root_shown = shown;
	d->nallow = 0;
	d->allow = arena_alloc(d->a, (nallow + 1) * sizeof *d->allow);
	for (size_t i = 0; i < nallow; i++) {
		const char *r = real(d->a, allow[i]);
		d->allow[d->nallow++] = r ? r : allow[i];
	}
}

/* realpath(3) of a path that may not exist: the deepest existing ancestor
 * resolved, then the rest of the path with its "." and ".." applied
 * lexically (nothing below a missing directory can be a link). Caller
 * frees; NULL when nothing resolves. */
static char *resolve(const char *path)
{
	char *r = realpath(path, NULL);
	if (r || errno != ENOENT)
		return r;
	char *head = xstrdup(path);
	const char *rest = NULL;
	char *slash;
	while ((slash = strrchr(head, '/'))) {
		*slash = 0;
		rest = path + (slash - head) + 1;
		if ((r = realpath(head[0] ? head : "/", NULL)))
			break;
	}
	if (!r) { /* a relative path whose first component is missing */
		r = realpath(".", NULL);
		rest = path;
	}
	free(head);
	if (!r)
		return NULL;
	size_t cap = strlen(r) + strlen(rest) + 2, n = strlen(r);
	char *out = xmalloc(cap);
	memcpy(out, r, n + 1);
	free(r);
	while (*rest) {
		const char *e = strchr(rest, '/');
		size_t len = e ? (size_t)(e - rest) : strlen(rest);
		if (len == 2 && rest[0] == '.' && rest[1] == '.') {
			char *s = strrchr(out, '/');
			n = s && s != out ? (size_t)(s - out) : 1;
			out[n] = 0;
		} else if (len && !(len == 1 && rest[0] == '.')) {
			if (n > 1)
				out[n++] = '/';
			memcpy(out + n, rest, len);
			n += len;
			out[n] = 0;
		}
		rest += len + (e ? 1 : 0);
	}
	return out;
}

bool contain_ok(const doc *d, const char *path)
{
	if (!d->contain)
		return true;
	char *r = resolve(path);
	if (!r)
		return true; /* unresolvable: the read reports it */
	bool ok = under(r, d->root);
	for (size_t i = 0; !ok && i < d->nallow; i++)
		ok = under(r, d->allow[i]);
	free(r);
	return ok;
}

const char *load_path(doc *d, diag *dg, const char *dir, const char *rel, srcpos from)
{
	const char *path = path_join(d->a, dir, rel);
	if (contain_ok(d, path))
		return path;
	diag_error(dg, from, "'%s' is outside the project (%s); give --allow-path DIR to allow it", rel,
		   d->root_shown);
	return NULL;
}
