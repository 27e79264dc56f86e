// SPDX-License-Identifier: GPL-2.0
/*
 * memstall-wl-storm: a synthetic stall storm of a known size (issue 18).
 * With MEMSTALL_TEST_STORM set, memstall loads a test program that makes
 * every rename of a task to a comm beginning with "ms-storm" (prctl
 * PR_SET_NAME) one stall of that task. This renames itself --rate times a
 * second (0: as fast as it can) for --seconds, in --tasks processes, after
 * --go-file exists (if given), and counts every rename that succeeded.
 *   --tasks T   processes (each a stalling task of its own: --by tid keys)
 * Prints {"pid":N} at start (before waiting for the go file) and, when done,
 * {"pid":N,"renames":R,"secs":S,"rate":R/S} (R: all tasks' renames).
 * Exit status 0 on success, 1 when a rename failed, 2 on a bad command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "wl_common.h"

static int usage(void)
{
	fprintf(stderr, "usage: memstall-wl-storm [--seconds S] [--rate N] [--tasks T] "
			"[--go-file PATH]\n");
	return 2;
}

/* One task: renames until the end; returns how many succeeded, -1 on error. */
static long storm(double seconds, double rate)
{
	double t0 = now_s(), t;
	long n = 0;

	while ((t = now_s() - t0) < seconds) {
		/* paced: catch up with rate * t in batches, then sleep a little */
		long due = rate > 0 ? (long)(rate * t) : n + 256;

		for (; n < due; n++)
			if (prctl(PR_SET_NAME, n & 1 ? "ms-storm-b" : "ms-storm-a", 0, 0, 0))
				return -1;
		if (rate > 0)
			usleep(200);
	}
	return n;
}

int main(int argc, char **argv)
{
	double seconds = 10, rate = 0, t0;
	const char *go = NULL;
	long tasks = 1, i, total = 0;
	long *counts;
	struct stat st;
	int rc = 0;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--seconds"))
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--rate"))
			rate = atof(argv[++i]);
		else if (!strcmp(argv[i], "--tasks"))
			tasks = atol(argv[++i]);
		else if (!strcmp(argv[i], "--go-file"))
			go = argv[++i];
		else
			return usage();
	}
	if (seconds <= 0 || rate < 0 || tasks < 1 || tasks > 4096)
		return usage();
	counts = mmap(NULL, tasks * sizeof(*counts), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED)
		return 1;
	printf("{\"pid\":%d}\n", getpid());
	fflush(stdout);
	while (go && stat(go, &st))
		msleep(10);
	t0 = now_s();
	for (i = 0; i < tasks; i++) {
		pid_t p = fork();

		if (p < 0)
			return 1;
		if (!p) {
			counts[i] = storm(seconds, rate / tasks);
			_exit(counts[i] < 0);
		}
	}
	for (i = 0; i < tasks; i++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	}
	for (i = 0; i < tasks; i++)
		total += counts[i] > 0 ? counts[i] : 0;
	t0 = now_s() - t0;
	printf("{\"pid\":%d,\"renames\":%ld,\"secs\":%.3f,\"rate\":%.0f}\n", getpid(), total, t0,
	       total / t0);
	return rc;
}
