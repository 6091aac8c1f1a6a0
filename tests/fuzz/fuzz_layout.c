/* fuzz_layout.c — the layout loader, fonts and the layout stage (no render).
 * The input is the layout YAML, written to layout.yaml in a private scratch
 * directory; the fonts are the repository's (DOSSIER_FONTS). */
#include "fuzz.h"

#include <stdlib.h>

#include "diag.h"
#include "font.h"
#include "layout.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	setenv("DOSSIER_FONTS", FUZZ_FONTS, 0);
	const char *path = fuzz_write("layout.yaml", data, size);
	diag dg;
	diag_init(&dg, fuzz_null());
	/* ../fonts and ../input link into the repository */
	const char *allow[] = {FUZZ_REPO};
	load_opts lo = {.allow_paths = allow, .nallow_paths = 1};
	doc *d = load_layout_opts(&dg, path, &lo);
	fontset *fs = NULL;
	layout *L = NULL;
	if (dg.errors == 0)
		fs = fontset_load(d, &dg);
	if (dg.errors == 0)
		L = layout_run(d, fs, &dg);
	layout_free(L);
	fontset_free(fs);
	doc_free(d);
	diag_free(&dg);
	return 0;
}
