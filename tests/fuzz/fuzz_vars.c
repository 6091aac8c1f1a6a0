/* fuzz_vars.c — data-bound text: {{ name }} expansion against the sample
 * facts file (ev) and a sample table (st), both read from the repository. The input is the text. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "load.h"
#include "vars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16 * 1024)
		return 0;
	const char *fpath = FUZZ_REPO "/input/un-congress-2021/facts.yaml";
	const char *tpath = FUZZ_REPO "/input/un-congress-2021/participation.csv";
	diag dg;
	diag_init(&dg, fuzz_null());
	doc *d = doc_new();
	d->meta.title = "Briefing";
	d->meta.date = "2021-03-15";
	srcpos from = {"layout.yaml", 1, 1};
	facts *f = load_facts(d, &dg, fpath, from);
	rawtable *t = load_rawtable(d, &dg, tpath, from);
	if (!f || !t || dg.errors)
		abort(); /* the fixed sources are valid */
	vars_add_facts(d, "ev", f, from);
	vars_add_table(d, "st", t, from);
	vars_set(d, "who", "Delegation");
	/* the text as the loaders give it: NUL-terminated */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	srcpos base = {"article.md", 3, 1};
	const char *out = vars_expand(d, &dg, text, size, base);
	if (out)
		(void)strlen(out);
	free(text);
	doc_free(d);
	diag_free(&dg);
	return 0;
}
