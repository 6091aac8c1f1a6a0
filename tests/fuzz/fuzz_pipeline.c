/* fuzz_pipeline.c — the whole pipeline: layout + data → PDF, written to a
 * private scratch directory.
 *
 * The input is several files in one: the layout first, then any number of
 * data files, each after a line "#### NAME" (NAME: letters, digits, '.',
 * '-', '_'; at most 8 files). Paths in the layout are relative to the
 * scratch directory, so "article: a.md" reads the file given as "#### a.md".
 */
#include "fuzz.h"

#include <stdbool.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 40 || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 32 * 1024)
		return 0;
	setenv("DOSSIER_FONTS", FUZZ_FONTS, 0);
	const char *s = (const char *)data, *e = s + size;
	const char *name = "layout.yaml";
	size_t nlen = strlen(name);
	int files = 0;
	char written[9][48];
	for (;;) {
		/* the next "\n#### " */
		const char *m = NULL;
		for (const char *p = s; p + 6 <= e; p++)
			if (p[0] == '\n' && memcmp(p + 1, "#### ", 5) == 0) {
				m = p;
				break;
			}
		const char *chunk_end = m ? m + 1 : e;
		char nm[48];
		memcpy(nm, name, nlen);
		nm[nlen] = 0;
		if (strcmp(nm, "out.pdf") != 0) {
			fuzz_write(nm, (const uint8_t *)s, (size_t)(chunk_end - s));
			strcpy(written[files++], nm);
		}
		if (!m || files == 9)
			break;
		name = m + 6;
		const char *nl = memchr(name, '\n', (size_t)(e - name));
		nlen = (size_t)((nl ? nl : e) - name);
		if (!name_ok(name, nlen))
			break;
		s = nl ? nl + 1 : e;
	}
	char layout_path[512], out[512];
	snprintf(layout_path, sizeof layout_path, "%s/layout.yaml", fuzz_dir());
	snprintf(out, sizeof out, "%s/out.pdf", fuzz_dir());
	job j = {0};
	j.kind = getenv("FUZZ_NO_RENDER") ? JOB_CHECK : JOB_BUILD;
	j.layout = layout_path;
	j.out = out;
	j.diag_out = fuzz_null();
	j.quiet = true;
	const char *allow[] = {FUZZ_REPO};
	j.allow_paths = allow;
	j.nallow_paths = 1;
	job_result r;
	pipeline_run(&j, &r);
	job_result_free(&r);
	unlink(out);
	for (int i = 0; i < files; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", fuzz_dir(), written[i]);
		unlink(p);
	}
	return 0;
}
