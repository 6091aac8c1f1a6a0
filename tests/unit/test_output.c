/* test_output.c — the output module (output.c): what is refused before
 * writing, the temporary file and its removal, keys of outputs, and the
 * strict parsing of --limit values and SOURCE_DATE_EPOCH (limits.c, cli.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "bounds.h"
#include "output.h"

typedef struct {
	char dir[64];
	arena *a;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/dossier-output-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->a = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char *at(fx *f, const char *name)
{
	return arena_printf(f->a, "%s/%s", f->dir, name);
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* the names in dir that start with a dot, joined by spaces */
static const char *hidden(fx *f)
{
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	buf b = {0};
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			buf_printf(&b, "%s ", de->d_name);
	closedir(d);
	const char *s = arena_strdup(f->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void test_refused(void **state)
{
	fx *f = *state;
	char msg[512];
	const char *in = at(f, "layout.yaml");
	put(in, "x");
	const char *inputs[] = {at(f, "none.yaml"), in};
	/* a FIFO, a directory */
	assert_int_equal(mkfifo(at(f, "p.pdf"), 0666), 0);
	assert_false(output_check(at(f, "p.pdf"), NULL, 0, msg, sizeof msg));
	assert_non_null(strstr(msg, "a FIFO (named pipe), not a regular file"));
	assert_int_equal(mkdir(at(f, "d.pdf"), 0777), 0);
	assert_false(output_check(at(f, "d.pdf"), NULL, 0, msg, sizeof msg));
	assert_non_null(strstr(msg, "a directory"));
	/* an input, by itself, through a symbolic link and a hard link */
	assert_false(output_check(in, inputs, 2, msg, sizeof msg));
	assert_non_null(strstr(msg, "same file as the input"));
	assert_int_equal(symlink("layout.yaml", at(f, "s.pdf")), 0);
	assert_false(output_check(at(f, "s.pdf"), inputs, 2, msg, sizeof msg));
	assert_int_equal(link(in, at(f, "h.pdf")), 0);
	assert_false(output_check(at(f, "h.pdf"), inputs, 2, msg, sizeof msg));
	/* a new file, an old regular one */
	assert_true(output_check(at(f, "new.pdf"), inputs, 2, msg, sizeof msg));
	put(at(f, "old.pdf"), "old");
	assert_true(output_check(at(f, "old.pdf"), inputs, 2, msg, sizeof msg));
	/* output_open refuses the FIFO too, and leaves no temporary file */
	outfile o;
	assert_false(output_open(&o, at(f, "p.pdf"), "the PDF", msg, sizeof msg));
	assert_string_equal(hidden(f), "");
}

static void test_write_and_abort(void **state)
{
	fx *f = *state;
	char msg[512];
	const char *out = at(f, "o.pdf");
	put(out, "old");
	outfile o;
	assert_true(output_open(&o, out, "the PDF", msg, sizeof msg));
	assert_non_null(strstr(hidden(f), ".o.pdf.dossier-tmp."));
	assert_true(output_write(&o, "new", 3, msg, sizeof msg));
	output_abort(&o);
	assert_string_equal(hidden(f), "");
	char got[8] = "";
	FILE *fp = fopen(out, "r");
	assert_non_null(fgets(got, sizeof got, fp));
	fclose(fp);
	assert_string_equal(got, "old");
	/* output_file replaces it, with the umask's permissions */
	mode_t um = umask(022);
	assert_true(output_file(out, "the PDF", "new", 3, msg, sizeof msg));
	umask(um);
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	fp = fopen(out, "r");
	assert_non_null(fgets(got, sizeof got, fp));
	fclose(fp);
	assert_string_equal(got, "new");
	assert_string_equal(hidden(f), "");
	/* a directory that does not exist: the system's message */
	assert_false(output_file(at(f, "no/such.pdf"), "the PDF", "x", 1, msg, sizeof msg));
	assert_non_null(strstr(msg, "No such file or directory"));
}

/* A cache file (a batch's record) and a batch worker's deferred directory
 * flush: the same file at the path, no temporary file left; a directory
 * flushed by output_sync_dir, and the error when it cannot be. */
static void test_cache_and_deferred(void **state)
{
	fx *f = *state;
	char msg[512];
	const char *rec = at(f, "r.record");
	assert_true(output_cache_file(rec, "the record", "dossier-record 1\n", 17, msg, sizeof msg));
	char got[32] = "";
	FILE *fp = fopen(rec, "r");
	assert_non_null(fgets(got, sizeof got, fp));
	fclose(fp);
	assert_string_equal(got, "dossier-record 1\n");
	assert_string_equal(hidden(f), "");
	output_defer_dir_sync(true);
	const char *out = at(f, "d.pdf");
	assert_true(output_file(out, "the PDF", "new", 3, msg, sizeof msg));
	output_defer_dir_sync(false);
	fp = fopen(out, "r");
	assert_non_null(fgets(got, sizeof got, fp));
	fclose(fp);
	assert_string_equal(got, "new");
	assert_string_equal(hidden(f), "");
	assert_true(output_sync_dir(f->dir));
	assert_false(output_sync_dir(at(f, "no-such-dir")));
	assert_false(output_cache_file(at(f, "no/such.record"), "the record", "x", 1, msg, sizeof msg));
	assert_non_null(strstr(msg, "No such file or directory"));
}

static void test_leftovers(void **state)
{
	fx *f = *state;
	char host[256] = "";
	gethostname(host, sizeof host - 1);
	for (char *c = host; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
			*c = '-';
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	put(arena_printf(f->a, "%s/.a.pdf.dossier-tmp.%s.%d.0123abcd", f->dir, host, (int)dead), "x");
	put(arena_printf(f->a, "%s/.b.pdf.dossier-tmp.%s.%d.0123abcd", f->dir, host, (int)getppid()), "x");
	put(arena_printf(f->a, "%s/.c.pdf.dossier-tmp.other-%s.%d.0123abcd", f->dir, host, (int)dead), "x");
	put(arena_printf(f->a, "%s/.d.pdf.dossier-tmp.%s.%d.notahex", f->dir, host, (int)dead), "x");
	output_clean_dir(f->dir);
	const char *h = hidden(f);
	assert_null(strstr(h, ".a.pdf"));        /* this machine, process gone */
	assert_non_null(strstr(h, ".b.pdf"));    /* process alive */
	assert_non_null(strstr(h, ".c.pdf"));    /* another machine */
	assert_non_null(strstr(h, ".d.pdf"));    /* not one of ours */
}

static void test_keys(void **state)
{
	fx *f = *state;
	char *k = output_key(f->a, at(f, "o.pdf"));
	assert_string_equal(output_key(f->a, arena_printf(f->a, "%s/./o.pdf", f->dir)), k);
	assert_string_equal(output_key(f->a, arena_printf(f->a, "%s/sub/../o.pdf", f->dir)), k);
	assert_int_equal(symlink(".", at(f, "same")), 0);
	assert_string_equal(output_key(f->a, arena_printf(f->a, "%s/same/o.pdf", f->dir)), k);
	assert_string_not_equal(output_key(f->a, at(f, "p.pdf")), k);
	/* a directory that does not exist yet */
	assert_string_equal(output_key(f->a, "/nowhere/a/../b//./c.pdf"), "/nowhere/b/c.pdf");
}

static void test_limit_forms(void **state)
{
	(void)state;
	char err[256];
	static const char *const bad[] = {"pages=1e3", "pages=10.5", "pages=0x10", "pages=-1", "pages=+1", "pages= 1",
					  "pages=", "pages=1x", "file-size=1.5M", "file-size=10MB", "time=1e2",
					  "time=.5", "time=inf", "time=nan", "time=5 s", NULL};
	for (int i = 0; bad[i]; i++) {
		assert_false(limits_set(bad[i], err, sizeof err));
		assert_non_null(strstr(err, " from "));
	}
	assert_false(limits_set("pages=99999999999999999999999999999", err, sizeof err));
	assert_non_null(strstr(err, "out of range"));
	assert_true(limits_set("pages=500", err, sizeof err));
	assert_int_equal(dossier_limits.pages, 500);
	assert_true(limits_set("file-size=2K", err, sizeof err));
	assert_int_equal(dossier_limits.file_bytes, 2048);
	assert_true(limits_set("time=1.5m", err, sizeof err));
	assert_true(dossier_limits.seconds == 90);
}

static void test_source_date_epoch(void **state)
{
	(void)state;
	long long t = -1;
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(source_date_epoch(&t, false), 0);
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
	assert_int_equal(source_date_epoch(&t, false), 1);
	assert_true(t == 253402300799LL);
	static const char *const bad[] = {"253402300800", "99999999999999999", "99999999999999999999999", "-1", "1e9",
					  " 1", "1 ", "0x10", NULL};
	for (int i = 0; bad[i]; i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		assert_int_equal(source_date_epoch(&t, false), -1);
	}
	unsetenv("SOURCE_DATE_EPOCH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_and_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_and_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leftovers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test(test_limit_forms),
		cmocka_unit_test(test_source_date_epoch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
