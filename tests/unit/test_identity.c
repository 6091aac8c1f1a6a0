/* test_identity.c — a dossier's identity (manifest.c bdossier_identity):
 * the manifest's id (report merge) and a batch's inputs hash (the key of
 * its build records) must tell apart exactly the same dossiers. Each
 * variant below changes one field of the identity; two variants must give
 * equal identities, equal manifest ids and equal inputs hashes all at once
 * or not at all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "manifest.h"

static const char *names1[] = {"language"}, *values1[] = {"en"}, *values2[] = {"vi"}, *names2[] = {"lang"};
static const char *names3[] = {"language", "x"}, *values3[] = {"en", ""};

static bdossier variant(int k)
{
	bdossier d = {.name = "brief", .layout = "l.yaml", .output = "o.pdf", .layout_spec = "l.yaml",
		      .output_spec = "o.pdf", .var_names = names1, .var_values = values1, .nvars = 1};
	switch (k) {
	case 1: d.var_values = values2; break;
	case 2: d.var_names = names2; break;
	case 3: d.var_names = names3, d.var_values = values3, d.nvars = 2; break;
	case 4: d.nvars = 0; break;
	case 5: d.copy_no = 1, d.copy_total = 2; break;
	case 6: d.copy_no = 2, d.copy_total = 2; break;
	case 7: d.copy_no = 1, d.copy_total = 3; break;
	case 8: d.rcpt_name = "Ann"; break;
	case 9: d.rcpt_title = "Ann"; break;
	case 10: d.rcpt_delegation = "Ann"; break;
	case 11: d.rcpt_name = ""; break; /* empty is not absent */
	case 12: d.output = "elsewhere.pdf"; break; /* not identity: the same as 0 */
	}
	return d;
}
#define NVARIANTS 13

static chash identity(const bdossier *d)
{
	hasher *h = hasher_new();
	bdossier_identity(h, d);
	chash r = hasher_digest(h);
	hasher_free(h);
	return r;
}

static void same_dossiers_apart(void **state)
{
	(void)state;
	chash files[1] = {{{0}}};
	for (int i = 0; i < NVARIANTS; i++)
		for (int j = 0; j < NVARIANTS; j++) {
			bdossier a = variant(i), b = variant(j);
			chash ia = identity(&a), ib = identity(&b);
			chash ha = batch_inputs_hash(&a, 1, files), hb = batch_inputs_hash(&b, 1, files);
			char ma[48], mb[48];
			manifest_id(&a, 1, ma);
			manifest_id(&b, 1, mb);
			bool same = chash_eq(&ia, &ib);
			assert_int_equal(same, i == j || (i == 0 && j == 12) || (i == 12 && j == 0));
			assert_int_equal(same, chash_eq(&ha, &hb));
			assert_int_equal(same, !strcmp(ma, mb));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(same_dossiers_apart)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
