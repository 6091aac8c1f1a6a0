/* timeit.c — run a command several times; print its median wall time and
 * peak resident memory.
 *
 *   timeit [-n RUNS] [-w WARMUPS] [-C DIR] [-o FILE] -- COMMAND [ARG...]
 *
 * Each run is fork + execvp + wait4: the wall time is measured around the
 * whole child process with CLOCK_MONOTONIC, the memory is the child's
 * ru_maxrss from wait4 (for a command that forks workers, Linux reports
 * the largest single process of the tree, not the sum). The command's
 * stdout goes to FILE (default /dev/null) and its stderr to FILE.err when
 * -o is given, else to /dev/null. Warm-up runs (default 1) are not counted.
 *
 * Output, one line on stdout, times in seconds and memory in KiB:
 *
 *   median=0.0432 min=0.0410 max=0.0511 cpu=0.0425 rss_median=24980 rss_max=25010 runs=5
 *
 * cpu is the median user + system time of the process and of the children
 * it waited for (a batch's workers): less sensitive than the wall time to
 * other load on a shared machine, and the sum over all workers.
 * Exit status: 0, or 1 when any run failed (the status is printed on
 * stderr), 2 on a usage error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 100

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Median of a sorted array (mean of the middle two for an even count). */
static double median_d(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run: 0 and *wall, *rss on success. */
static int run_once(char **argv, const char *dir, const char *out, double *wall, double *cpu, long *rss)
{
	char errpath[4096] = "";
	if (out)
		snprintf(errpath, sizeof errpath, "%s.err", out);
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return -1;
	}
	if (pid == 0) {
		if (dir && chdir(dir) != 0) {
			perror("timeit: chdir");
			_exit(127);
		}
		int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = -1;
		if (out) {
			fe = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		} else {
			fe = open("/dev/null", O_WRONLY);
		}
		if (fo < 0 || fe < 0) {
			perror("timeit: open");
			_exit(127);
		}
		dup2(fo, 1);
		dup2(fe, 2);
		close(fo);
		close(fe);
		execvp(argv[0], argv);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	pid_t w;
	while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR)
		;
	*wall = now() - t0;
	if (w < 0) {
		perror("timeit: wait4");
		return -1;
	}
	*rss = ru.ru_maxrss;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		fprintf(stderr, "timeit: %s exited with status %d%s%s\n", argv[0], WEXITSTATUS(st),
			out ? "; see " : "", out ? errpath : "");
	else
		fprintf(stderr, "timeit: %s killed by signal %d\n", argv[0], WTERMSIG(st));
	return -1;
}

static void usage(void)
{
	fputs("usage: timeit [-n RUNS] [-w WARMUPS] [-C DIR] [-o FILE] -- COMMAND [ARG...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	int runs = 5, warm = 1, opt;
	const char *dir = NULL, *out = NULL;
	while ((opt = getopt(argc, argv, "+n:w:C:o:")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warm = atoi(optarg);
			break;
		case 'C':
			dir = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || runs < 1 || runs > MAX_RUNS || warm < 0)
		usage();
	char **cmd = argv + optind;
	double wall[MAX_RUNS], cpu[MAX_RUNS], w, c;
	long rss[MAX_RUNS], r;
	for (int i = 0; i < warm; i++)
		if (run_once(cmd, dir, out, &w, &c, &r) != 0)
			return 1;
	for (int i = 0; i < runs; i++)
		if (run_once(cmd, dir, out, &wall[i], &cpu[i], &rss[i]) != 0)
			return 1;
	qsort(wall, (size_t)runs, sizeof wall[0], cmp_double);
	qsort(cpu, (size_t)runs, sizeof cpu[0], cmp_double);
	qsort(rss, (size_t)runs, sizeof rss[0], cmp_long);
	printf("median=%.4f min=%.4f max=%.4f cpu=%.4f rss_median=%ld rss_max=%ld runs=%d\n",
	       median_d(wall, runs), wall[0], wall[runs - 1], median_d(cpu, runs), rss[runs / 2],
	       rss[runs - 1], runs);
	return 0;
}
