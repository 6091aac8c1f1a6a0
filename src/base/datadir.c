/* datadir.c — finding dossier's data directory (datadir.h). */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

static char *join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
	char *s = xmalloc(n);
	snprintf(s, n, "%s%s%s%s%s", a, *b ? "/" : "", b, *c ? "/" : "", c);
	return s;
}

static bool holds(const char *dir, const char *probe)
{
	char *p = join3(dir, probe, "");
	bool ok = file_exists(p);
	free(p);
	return ok;
}

/* The directory of the running program, or NULL. */
static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = 0;
	return xstrdup(buf[0] ? buf : "/");
}

char *datadir_find(const char *sub, const char *probe)
{
	char *p = join3(DOSSIER_DATADIR, sub, "");
	if (holds(p, probe))
		return p;
	free(p);
	char *exe = exe_dir();
	if (!exe)
		return NULL;
	p = join3(exe, "../share/dossier", sub);
	if (!holds(p, probe)) {
		free(p);
		p = join3(exe, "../..", strcmp(sub, "schema") == 0 ? "docs/schema" : sub);
		if (!holds(p, probe)) {
			free(p);
			p = NULL;
		}
	}
	free(exe);
	if (p) { /* tidy ".." away for messages and for layouts that name it */
		char real[PATH_MAX];
		if (realpath(p, real)) {
			free(p);
			p = xstrdup(real);
		}
	}
	return p;
}

char *datadir_layout_fonts(const char *ldir, bool *found, const char **from)
{
	static const char *const near[] = {"fonts", "../fonts"};
	static const char *const why[] = {DATADIR_FROM_BESIDE, DATADIR_FROM_PARENT};
	for (int i = 0; i < 2; i++) {
		char *p = join3(ldir, near[i], "");
		if (holds(p, "NotoSerif-Regular.ttf")) {
			*found = true;
			*from = why[i];
			return p;
		}
		free(p);
	}
	const char *env = getenv("DOSSIER_FONTS");
	char *p;
	if (env && *env) {
		p = xstrdup(env);
		*from = DATADIR_FROM_ENV;
	} else if ((p = datadir_find("fonts", "NotoSerif-Regular.ttf"))) {
		*from = DATADIR_FROM_OWN;
	} else {
		p = xstrdup(DOSSIER_DATADIR "/fonts");
		*from = DATADIR_FROM_INSTALLED;
	}
	*found = holds(p, "NotoSerif-Regular.ttf");
	return p;
}

char *datadir_absolute(const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return xstrdup(path);
	if (!strcmp(path, "."))
		return xstrdup(cwd);
	if (!strncmp(path, "./", 2))
		path += 2;
	return join3(cwd, path, "");
}
