/* fuzz_util.c — scratch files for the fuzz targets (see fuzz.h). */
#include "fuzz.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[256], dir[300];

static void cleanup(void)
{
	if (!dir[0])
		return;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		char p[1024];
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
	char p[512];
	snprintf(p, sizeof p, "%s/fonts", base);
	unlink(p);
	snprintf(p, sizeof p, "%s/input", base);
	unlink(p);
	rmdir(base);
}

const char *fuzz_dir(void)
{
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(base, sizeof base, "%s/dossier-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(base)) {
			perror("mkdtemp");
			abort();
		}
		snprintf(dir, sizeof dir, "%s/layouts", base);
		if (mkdir(dir, 0700) != 0) {
			perror(dir);
			abort();
		}
		atexit(cleanup);
		/* the repository's layout: ../fonts and ../input resolve as for
		 * the sample layouts */
		char p[512];
		snprintf(p, sizeof p, "%s/fonts", base);
		if (symlink(FUZZ_REPO "/fonts", p) != 0)
			abort();
		snprintf(p, sizeof p, "%s/input", base);
		if (symlink(FUZZ_REPO "/input", p) != 0)
			abort();
	}
	return dir;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		abort();
	}
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

FILE *fuzz_null(void)
{
	static FILE *f;
	if (!f && getenv("FUZZ_DIAG")) /* show the diagnostics when debugging */
		f = stderr;
	if (!f && !(f = fopen("/dev/null", "w")))
		abort();
	return f;
}
