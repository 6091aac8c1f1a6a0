/* manifest.h — a batch manifest: which dossiers a nightly run builds.
 *
 * Takes: a manifest YAML (docs/batch.md):
 *
 *   dossier-manifest: 1
 *   defaults: {layout: …, output: "out/{name}.pdf", vars: {…}, recipients: …}
 *   dossiers:
 *     - {name: congress-en, layout: layouts/congress.yaml, vars: {language: en}}
 *     - name: "brief-{delegation}-{language}"
 *       matrix: {delegation: [mps, mfa], language: [en, vi]}
 *     - name: board
 *       output: "out/board-{copy}.pdf"
 *       recipients: {file: recipients.csv, match: delegation}
 *
 * Gives: the expanded list of dossiers, in manifest order (matrix entries in
 * nested-loop order, first key slowest; copies in recipient order), each
 * with its layout and output paths (relative to the manifest's directory
 * unless absolute), its variables and its copy number. Every error is
 * reported with file:line:col and a did-you-mean; the manifest is unusable
 * when diag.errors > 0.
 */
#ifndef DOSSIER_MANIFEST_H
#define DOSSIER_MANIFEST_H

#include <stddef.h>

#include "contenthash.h"
#include "diag.h"
#include "util.h"

typedef struct {
	size_t index;             /* position in the expanded manifest */
	const char *name;         /* unique together with copy_no */
	const char *layout;       /* path to open */
	const char *output;       /* path to write; unique */
	const char *layout_spec, *output_spec; /* as the manifest gives them */
	const char **var_names, **var_values;
	size_t nvars;
	int copy_no, copy_total;  /* 0 when the dossier has no recipients */
	const char *rcpt_name, *rcpt_title, *rcpt_delegation;
	srcpos pos;               /* the manifest entry it came from */
} bdossier;

typedef struct {
	arena *a;
	const char *path;
	bdossier *d;
	size_t n;
	char id[48];              /* hash of the expanded list (report merge) */
	const char *state_dir;    /* state-dir:, joined to the manifest's directory; NULL = not given */
} manifest;

/* NULL when the file cannot be read or parsed; otherwise the manifest,
 * usable only if dg->errors did not grow. */
manifest *manifest_load(diag *dg, const char *path);
void manifest_free(manifest *m);  /* accepts NULL */

/* What sets one dossier of a layout apart from another: its variables, copy
 * and recipient, fed to h. The manifest's id and a batch's inputs hash
 * (batch_inputs_hash) both hash it, so they cannot drift apart. */
void bdossier_identity(hasher *h, const bdossier *d);
/* The id of the expanded list d[0..n) (manifest.id, hex). */
void manifest_id(const bdossier *d, size_t n, char id[48]);
/* batch.c: the key of a dossier's build record — its identity, the
 * environment that changes the PDF, and the contents fh[0..n) of its files. */
chash batch_inputs_hash(const bdossier *d, size_t n, const chash *fh);

#endif
