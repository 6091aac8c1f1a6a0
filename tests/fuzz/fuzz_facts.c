/* fuzz_facts.c — the event facts loader (YAML). */
#include "fuzz.h"

#include "diag.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	const char *path = fuzz_write("facts.yaml", data, size);
	diag dg;
	diag_init(&dg, fuzz_null());
	doc *d = doc_new();
	srcpos from = {"layout.yaml", 1, 1};
	facts *f = load_facts(d, &dg, path, from);
	if (f && dg.errors == 0)
		for (size_t i = 0; i < f->nfigures; i++)
			(void)facts_cite(d->a, f, f->figures[i].source, "en");
	doc_free(d);
	diag_free(&dg);
	return 0;
}
