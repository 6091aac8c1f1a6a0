/* fuzz_table.c — the statistics loader. The first byte picks the format:
 * even = CSV, odd = YAML; the rest is the file. */
#include "fuzz.h"

#include "diag.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 64 * 1024)
		return 0;
	const char *path = fuzz_write(data[0] & 1 ? "table.yaml" : "table.csv", data + 1, size - 1);
	diag dg;
	diag_init(&dg, fuzz_null());
	doc *d = doc_new();
	srcpos from = {"layout.yaml", 1, 1};
	(void)load_rawtable(d, &dg, path, from);
	doc_free(d);
	diag_free(&dg);
	return 0;
}
