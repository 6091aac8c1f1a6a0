/* driver.c — replays fuzz inputs without libFuzzer.
 *
 *   fuzz_NAME-replay FILE|DIR …
 *
 * Runs the target once on every file given and every regular file in every
 * directory given (not recursively), in name order, printing one line per
 * directory. Exit status 0 when every input ran; a crash, a sanitizer report
 * or a hang (the caller's timeout) is the failure.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t k;
	while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	if (!buf)
		abort();
	/* an exact-size copy, so reads past the end are caught */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "  %s\n", path);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= run_file(argv[i]);
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		char **names = NULL;
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (n + 1) * sizeof *names);
			names[n++] = strdup(e->d_name);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof *names, cmp);
		size_t ran = 0;
		for (size_t j = 0; j < n; j++) {
			char p[4096];
			snprintf(p, sizeof p, "%s/%s", argv[i], names[j]);
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
				bad |= run_file(p);
				ran++;
			}
			free(names[j]);
		}
		free(names);
		printf("%s: %zu inputs\n", argv[i], ran);
	}
	return bad;
}
