/* fuzz.h — shared helpers of the fuzz targets (tests/fuzz/README.md).
 *
 * Every target defines LLVMFuzzerTestOneInput. Built with clang
 * -fsanitize=fuzzer it runs under libFuzzer (make fuzz); linked with
 * driver.c it replays files (make fuzz-replay, part of make check).
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private scratch directory for this process, BASE/layouts, created
 * once and removed at exit; BASE/fonts and BASE/input link to the
 * repository's, so a layout written here reads ../fonts and ../input as
 * the sample layouts do. fuzz_write: a file in it holding data[0..size);
 * returns its path (static storage, overwritten by the next call). */
const char *fuzz_dir(void);
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);
/* A stream that swallows diagnostics (stderr when FUZZ_DIAG is set). */
FILE *fuzz_null(void);

#endif
