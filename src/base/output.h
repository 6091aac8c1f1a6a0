/* output.h — writing an output file (a PDF, a batch record, a JSON report)
 * so that nothing is lost: the one way every command writes a file.
 *
 * Before: the path, when it exists, must be a regular file (after
 * symlinks), so that `-o /dev/null` or a FIFO is refused instead of being
 * replaced, and must not be the same file (device and inode) as one of the
 * run's inputs (output_check).
 *
 * During: the data goes to a temporary file in the same directory,
 * `.NAME.dossier-tmp.HOST.PID.RANDOM` (HOST: the machine's name, letters,
 * digits and '-'; PID: the process; RANDOM: 16 hex digits); every write is
 * checked.
 *
 * After: the file is fsync'ed and closed (both checked), renamed over the
 * path, and the directory is fsync'ed so that the rename survives a crash
 * (a batch defers the directory's to its end: output_defer_dir_sync; a
 * cache file is not flushed at all: output_cache_file).
 * On any failure the temporary file is removed and whatever was at the
 * path before is left as it was. A full disk (ENOSPC, EDQUOT) or an I/O
 * error is reported with the system's message.
 *
 * Leftovers: a process killed outright (SIGKILL, out of memory) cannot
 * remove its temporary file. The next output_open into the same directory
 * removes every such file of this machine whose process is gone, and every
 * one (of any machine: a directory may be shared) older than
 * OUTPUT_TMP_MAX_AGE seconds (docs/errors.md).
 *
 * Messages (msg, n) are whole phrases for diag_error at the output path,
 * e.g. "cannot write the PDF: No space left on device".
 */
#ifndef DOSSIER_OUTPUT_H
#define DOSSIER_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Temporary files older than this (seconds) are leftovers whatever their
 * process number says (a number may have been reused): 24 hours. */
#define OUTPUT_TMP_MAX_AGE (24 * 60 * 60)

typedef struct {
	const char *path;  /* the output */
	const char *what;  /* "the PDF", "the report", … for messages */
	char tmp[4096];    /* the temporary file beside it */
	int fd;            /* -1 when not open */
	int slot;          /* in the list the signal cleanup reads; -1 none */
} outfile;

/* The checks made before any work: false with a message when path exists
 * and is not a regular file, or is the same file as one of inputs[0..n)
 * (those that do not exist are skipped). */
bool output_check(const char *path, const char *const *inputs, size_t ninputs, char *msg, size_t n);

/* Create the temporary file for path (after output_check's first test
 * again, and the removal of killed runs' leftovers in its directory).
 * what names the file in messages. */
bool output_open(outfile *o, const char *path, const char *what, char *msg, size_t n);
bool output_write(outfile *o, const void *data, size_t len, char *msg, size_t n);
/* fsync, close, rename over the path, fsync the directory. On failure the
 * temporary file is removed (the old file stays). */
bool output_commit(outfile *o, char *msg, size_t n);
/* Remove the temporary file (after an error). */
void output_abort(outfile *o);

/* open + write + commit of data in memory */
bool output_file(const char *path, const char *what, const void *data, size_t len, char *msg, size_t n);

/* open + write + rename of a file that is only a cache, whose loss or
 * truncation by a crash costs nothing but work done again (a batch's
 * record: its reader treats a torn record as none). Neither the file nor
 * its directory is flushed; it is still never seen half-written while the
 * system runs. */
bool output_cache_file(const char *path, const char *what, const void *data, size_t len, char *msg, size_t n);

/* With defer set (a batch worker), output_commit flushes the file but
 * not its directory: the caller flushes every directory it wrote into with
 * output_sync_dir before it reports the outputs durable. Until then a
 * crash can lose a rename, never a file's content: the path holds the
 * previous complete file (or none). */
void output_defer_dir_sync(bool defer);
/* fsync a directory; true when done or when the file system cannot
 * (EINVAL, EROFS); false with errno set. */
bool output_sync_dir(const char *dir);

/* Remove every temporary file being written (async-signal-safe; for
 * signal handlers and the out-of-memory path). */
void output_cleanup_all(void);

/* Remove killed runs' leftovers from dir now. output_open does this once
 * per directory and process; a batch does it in the parent and tells its
 * workers not to (output_skip_cleaning). */
void output_clean_dir(const char *dir);
void output_skip_cleaning(bool skip);

/* A key naming the file path would be written to, for telling whether two
 * outputs are one file: the directory resolved (symlinks, "..", ".")
 * when it exists, else the path made absolute and tidied lexically. */
char *output_key(arena *a, const char *path);

#endif
