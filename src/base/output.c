/* output.c — the one way dossier writes a file (output.h). */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_TAG ".dossier-tmp."

/* ---- the temporary files being written, for output_cleanup_all ---- */
#define SLOTS 8
static char slot_path[SLOTS][4096];
static volatile sig_atomic_t slot_live[SLOTS];

static int slot_take(const char *tmp)
{
	for (int i = 0; i < SLOTS; i++)
		if (!slot_live[i]) {
			memcpy(slot_path[i], tmp, strlen(tmp) + 1);
			__atomic_signal_fence(__ATOMIC_SEQ_CST); /* the name before the flag */
			slot_live[i] = 1;
			return i;
		}
	return -1; /* more than SLOTS at once: not cleaned on a signal */
}

static void slot_drop(int i)
{
	if (i >= 0)
		slot_live[i] = 0;
}

void output_cleanup_all(void)
{
	for (int i = 0; i < SLOTS; i++)
		if (slot_live[i]) {
			unlink(slot_path[i]);
			slot_live[i] = 0;
		}
}

/* ---- checks ---- */
static const char *kind_of(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISFIFO(m) ? "a FIFO (named pipe)"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
			     : "not a regular file";
}

static bool check_regular(const char *path, char *msg, size_t n)
{
	struct stat st;
	if (!path[0]) {
		snprintf(msg, n, "the output's file name is empty");
		return false;
	}
	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return true;
	snprintf(msg, n, "the output is %s, not a regular file; dossier replaces only regular files", kind_of(st.st_mode));
	return false;
}

bool output_check(const char *path, const char *const *inputs, size_t ninputs, char *msg, size_t n)
{
	if (!check_regular(path, msg, n))
		return false;
	struct stat out;
	if (stat(path, &out) != 0)
		return true; /* not there yet: no input can be it */
	for (size_t i = 0; i < ninputs; i++) {
		struct stat in;
		if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
			snprintf(msg, n, "the output is the same file as the input '%s'; dossier never overwrites its inputs",
				 inputs[i]);
			return false;
		}
	}
	return true;
}

/* ---- leftovers of killed runs ---- */
static bool skip_cleaning;
static struct {
	dev_t dev;
	ino_t ino;
} cleaned[16];
static size_t ncleaned;

void output_skip_cleaning(bool skip)
{
	skip_cleaning = skip;
}

/* This machine's name as it goes into temporary file names: letters,
 * digits and '-' only (a container's or pod's name is its own). */
static const char *host_tag(void)
{
	static char tag[65];
	if (!tag[0]) {
		char h[256] = "";
		if (gethostname(h, sizeof h - 1) != 0 || !h[0])
			strcpy(h, "localhost");
		size_t k = 0;
		for (const char *p = h; *p && k < sizeof tag - 1; p++)
			tag[k++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ? *p : '-';
		tag[k] = 0;
	}
	return tag;
}

/* The parts of a name ".NAME.dossier-tmp.HOST.PID.HEX": false when it is
 * not one; *here when HOST is this machine's. */
static bool tmp_parts(const char *nm, long *pid, bool *here)
{
	if (nm[0] != '.')
		return false;
	const char *t = NULL;
	for (const char *p = strstr(nm, TMP_TAG); p; p = strstr(p + 1, TMP_TAG))
		t = p;
	if (!t || t == nm)
		return false;
	const char *host = t + strlen(TMP_TAG), *dot = strchr(host, '.');
	if (!dot || dot == host)
		return false;
	*here = strlen(host_tag()) == (size_t)(dot - host) && !strncmp(host, host_tag(), (size_t)(dot - host));
	const char *s = dot + 1, *d = s;
	long v = 0;
	while (*d >= '0' && *d <= '9' && d - s < 10)
		v = v * 10 + (*d++ - '0');
	if (d == s || *d != '.' || v <= 0)
		return false;
	const char *h = ++d;
	while ((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f'))
		h++;
	*pid = v;
	return h > d && !*h;
}

void output_clean_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	DIR *dh = fdopendir(dfd);
	if (!dh) {
		close(dfd);
		return;
	}
	time_t now = time(NULL);
	struct dirent *de;
	while ((de = readdir(dh))) {
		long pid;
		bool here;
		if (!tmp_parts(de->d_name, &pid, &here) || (here && pid == (long)getpid()))
			continue;
		struct stat st;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		/* another machine's process cannot be asked: only its age counts */
		bool gone = here && (pid > INT_MAX || (kill((pid_t)pid, 0) != 0 && errno == ESRCH));
		if (gone || now - st.st_mtime > OUTPUT_TMP_MAX_AGE)
			unlinkat(dfd, de->d_name, 0);
	}
	closedir(dh);
}

static void clean_once(const char *dir)
{
	struct stat st;
	if (skip_cleaning || stat(dir, &st) != 0)
		return;
	for (size_t i = 0; i < ncleaned; i++)
		if (cleaned[i].dev == st.st_dev && cleaned[i].ino == st.st_ino)
			return;
	if (ncleaned < sizeof cleaned / sizeof cleaned[0]) {
		cleaned[ncleaned].dev = st.st_dev;
		cleaned[ncleaned].ino = st.st_ino;
		ncleaned++;
	}
	output_clean_dir(dir);
}

/* ---- writing ---- */
static void fail(const outfile *o, int e, char *msg, size_t n)
{
	snprintf(msg, n, "cannot write %s: %s", o->what, strerror(e));
}

static uint64_t random64(void)
{
	uint64_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		r ^= (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 32);
	}
	return r;
}

bool output_open(outfile *o, const char *path, const char *what, char *msg, size_t n)
{
	o->path = path;
	o->what = what;
	o->fd = -1;
	o->slot = -1;
	o->tmp[0] = 0;
	if (!check_regular(path, msg, n))
		return false;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	int dlen = slash ? (int)(slash - path) + (slash == path) : 1;
	const char *dir = slash ? path : ".";
	char dbuf[4096];
	if (dlen >= (int)sizeof dbuf) {
		snprintf(msg, n, "cannot write %s: %s", what, strerror(ENAMETOOLONG));
		return false;
	}
	memcpy(dbuf, dir, (size_t)dlen);
	dbuf[dlen] = 0;
	clean_once(dbuf);
	/* the name stays within NAME_MAX however long the output's is */
	int blen = (int)strlen(base);
	if (blen > 140)
		blen = 140;
	for (int attempt = 0; attempt < 16; attempt++) {
		int k = snprintf(o->tmp, sizeof o->tmp, "%s%s.%.*s" TMP_TAG "%s.%ld.%016llx", slash ? dbuf : "",
				 slash && strcmp(dbuf, "/") ? "/" : "", blen, base, host_tag(), (long)getpid(),
				 (unsigned long long)random64());
		if (k < 0 || (size_t)k >= sizeof o->tmp) {
			snprintf(msg, n, "cannot write %s: %s", what, strerror(ENAMETOOLONG));
			return false;
		}
		o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (o->fd >= 0)
			break;
		if (errno != EEXIST) {
			snprintf(msg, n, "cannot create a temporary file beside it: %s", strerror(errno));
			return false;
		}
	}
	if (o->fd < 0) {
		snprintf(msg, n, "cannot create a temporary file beside it: %s", strerror(EEXIST));
		return false;
	}
	o->slot = slot_take(o->tmp);
	return true;
}

bool output_write(outfile *o, const void *data, size_t len, char *msg, size_t n)
{
	const char *p = data;
	while (len) {
		ssize_t w = write(o->fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fail(o, w < 0 ? errno : ENOSPC, msg, n);
			return false;
		}
		p += w;
		len -= (size_t)w;
	}
	return true;
}

void output_abort(outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
	slot_drop(o->slot);
	o->slot = -1;
}

/* Set by a batch worker: its parent flushes the output directories
 * (output_sync_dir) instead of every commit flushing its own. */
static bool defer_dir_sync;

void output_defer_dir_sync(bool defer)
{
	defer_dir_sync = defer;
}

bool output_sync_dir(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	bool ok = fsync(dfd) == 0 || errno == EINVAL || errno == EROFS;
	int e = errno;
	close(dfd);
	errno = e;
	return ok;
}

/* durable: the file's data flushed before the rename, and the directory
 * after it (unless deferred); a cache file is only renamed into place */
static bool commit(outfile *o, bool durable, char *msg, size_t n)
{
	int e = 0;
	if (durable && fsync(o->fd) != 0)
		e = errno;
	/* close is checked too (NFS reports a full disk there), never retried */
	if (close(o->fd) != 0 && !e)
		e = errno;
	o->fd = -1;
	if (!e && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e) {
		fail(o, e, msg, n);
		output_abort(o);
		return false;
	}
	o->tmp[0] = 0;
	slot_drop(o->slot);
	o->slot = -1;
	if (!durable || defer_dir_sync)
		return true;
	/* make the rename itself durable */
	const char *slash = strrchr(o->path, '/');
	char dbuf[4096];
	if (slash)
		snprintf(dbuf, sizeof dbuf, "%.*s", (int)(slash - o->path) + (slash == o->path), o->path);
	else
		strcpy(dbuf, ".");
	int dfd = open(dbuf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) != 0 && errno != EINVAL && errno != EROFS)
			e = errno;
		close(dfd);
	}
	if (e) {
		fail(o, e, msg, n);
		return false;
	}
	return true;
}

bool output_commit(outfile *o, char *msg, size_t n)
{
	return commit(o, true, msg, n);
}

static bool write_file(const char *path, const char *what, const void *data, size_t len, bool durable, char *msg,
		       size_t n)
{
	outfile o;
	if (!output_open(&o, path, what, msg, n))
		return false;
	if (!output_write(&o, data, len, msg, n)) {
		output_abort(&o);
		return false;
	}
	return commit(&o, durable, msg, n);
}

bool output_file(const char *path, const char *what, const void *data, size_t len, char *msg, size_t n)
{
	return write_file(path, what, data, len, true, msg, n);
}

bool output_cache_file(const char *path, const char *what, const void *data, size_t len, char *msg, size_t n)
{
	return write_file(path, what, data, len, false, msg, n);
}

/* ---- keys ---- */
char *output_key(arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = slash ? arena_strndup(a, path, (size_t)(slash - path) + (slash == path)) : arena_strdup(a, ".");
	char *real = realpath(dir, NULL);
	if (real && strcmp(base, ".") && strcmp(base, "..")) {
		char *k = arena_printf(a, "%s/%s", strcmp(real, "/") ? real : "", base);
		free(real);
		return k;
	}
	free(real);
	/* the directory does not exist (yet): absolute, ".", ".." and "//"
	 * resolved by the letter */
	buf b = {0};
	if (path[0] != '/') {
		char cwd[4096];
		if (getcwd(cwd, sizeof cwd))
			buf_puts(&b, cwd);
	}
	buf_putc(&b, '/');
	buf_puts(&b, path);
	char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	char *out = arena_alloc(a, strlen(s) + 2);
	size_t len = 0;
	char *save = NULL;
	for (char *seg = strtok_r(s, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (!strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		out[len++] = '/';
		size_t sl = strlen(seg);
		memcpy(out + len, seg, sl);
		len += sl;
	}
	if (!len)
		out[len++] = '/';
	out[len] = 0;
	return out;
}
