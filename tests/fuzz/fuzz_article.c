/* fuzz_article.c — a Markdown article with its YAML front matter. */
#include "fuzz.h"

#include "diag.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	const char *path = fuzz_write("article.md", data, size);
	diag dg;
	diag_init(&dg, fuzz_null());
	doc *d = doc_new();
	d->dir = fuzz_dir();
	srcpos from = {"layout.yaml", 1, 1};
	(void)load_article(d, &dg, path, from, 0);
	doc_free(d);
	diag_free(&dg);
	return 0;
}
