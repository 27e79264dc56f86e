// SPDX-License-Identifier: GPL-2.0
/*
 * memstall-wl-alloc: a plain (no cgroup) allocation workload for the VM
 * scenarios: global direct reclaim, NUMA node reclaim, swap pressure.
 *
 * In this order, each step optional:
 *   --cpu C              pin to CPU C (sched_setaffinity)
 *   --policy P --node N  memory policy: bind|preferred (set_mempolicy, no
 *                        libnuma) for node N; "default" leaves it alone
 *   --read FILE          read FILE --passes times (fills the page cache)
 *   --anon-mb N          touch N MiB of private anonymous memory, in bursts of
 *                        --burst-mb with --pause-ms between them, keep it for
 *                        --hold-ms, then exit
 * Prints one JSON line once set up (before any allocation):
 *   {"pid":N,"comm":"...","cpu":C,"policy":"...","node":N}
 * one when the anonymous memory is touched (before --hold-ms):
 *   {"pid":N,"touched":true,"anon_mb":A}
 * and one when done:
 *   {"pid":N,"done":true,"read_mb":R,"anon_mb":A,"secs":S}
 * Exit status 0 on success, 1 when a step failed (message on stderr), 2 on
 * a bad command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* include/uapi/linux/mempolicy.h */
#define WL_MPOL_DEFAULT 0
#define WL_MPOL_PREFERRED 1
#define WL_MPOL_BIND 2

struct wl_opts {
	const char *comm;
	const char *policy;
	const char *read_path;
	int cpu;
	int node;
	long passes;
	long anon_mb;
	long burst_mb;
	long pause_ms;
	long hold_ms;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int set_policy(const char *policy, int node)
{
	unsigned long mask = 1UL << node;
	int mode;

	if (!strcmp(policy, "default"))
		return 0;
	mode = !strcmp(policy, "bind") ? WL_MPOL_BIND : WL_MPOL_PREFERRED;
	if (syscall(SYS_set_mempolicy, mode, &mask, sizeof(mask) * 8 + 1)) {
		fprintf(stderr, "memstall-wl-alloc: set_mempolicy(%s, node %d): %s\n", policy, node,
			strerror(errno));
		return -1;
	}
	return 0;
}

static long read_file(const char *path, long passes)
{
	static char buf[1 << 16];
	long total = 0, p;
	ssize_t n;

	for (p = 0; p < passes; p++) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			fprintf(stderr, "memstall-wl-alloc: open %s: %s\n", path, strerror(errno));
			return -1;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += n;
		close(fd);
	}
	return total >> 20;
}

/* Touch mb MiB in bursts; the mappings stay until exit. Returns MiB touched. */
static long touch_anon(const struct wl_opts *o)
{
	long done = 0;

	while (done < o->anon_mb) {
		long mb = o->burst_mb < o->anon_mb - done ? o->burst_mb : o->anon_mb - done;
		size_t len = (size_t)mb << 20, off;
		char *p =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			fprintf(stderr, "memstall-wl-alloc: mmap %ld MiB: %s\n", mb,
				strerror(errno));
			return -1;
		}
		/* distinct words per page: not a same-filled page for zram */
		for (off = 0; off < len; off += 4096)
			*(unsigned long *)(p + off) = off ^ (unsigned long)getpid();
		done += mb;
		if (done < o->anon_mb && o->pause_ms)
			msleep(o->pause_ms);
	}
	return done;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: memstall-wl-alloc [--cpu C] [--policy default|bind|preferred --node N]\n"
		   "       [--read FILE [--passes K]] [--anon-mb N [--burst-mb B] [--pause-ms P]\n"
		   "       [--hold-ms H]] [--comm NAME]\n");
}

static int parse(int argc, char **argv, struct wl_opts *o)
{
	static const struct option lo[] = {
		{ "cpu", required_argument, NULL, 'C' },
		{ "policy", required_argument, NULL, 'P' },
		{ "node", required_argument, NULL, 'N' },
		{ "read", required_argument, NULL, 'r' },
		{ "passes", required_argument, NULL, 'k' },
		{ "anon-mb", required_argument, NULL, 'a' },
		{ "burst-mb", required_argument, NULL, 'b' },
		{ "pause-ms", required_argument, NULL, 'p' },
		{ "hold-ms", required_argument, NULL, 'H' },
		{ "comm", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	*o = (struct wl_opts){ "wl-alloc", "default", NULL, -1, 0, 1, 0, 64, 0, 0 };
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'C':
			o->cpu = atoi(optarg);
			break;
		case 'P':
			o->policy = optarg;
			break;
		case 'N':
			o->node = atoi(optarg);
			break;
		case 'r':
			o->read_path = optarg;
			break;
		case 'k':
			o->passes = atol(optarg);
			break;
		case 'a':
			o->anon_mb = atol(optarg);
			break;
		case 'b':
			o->burst_mb = atol(optarg);
			break;
		case 'p':
			o->pause_ms = atol(optarg);
			break;
		case 'H':
			o->hold_ms = atol(optarg);
			break;
		case 'c':
			o->comm = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc ||
	    (strcmp(o->policy, "default") && strcmp(o->policy, "bind") &&
	     strcmp(o->policy, "preferred")) ||
	    o->node < 0 || o->node >= 64 || o->passes < 1 || o->anon_mb < 0 || o->burst_mb < 1 ||
	    o->pause_ms < 0 || o->hold_ms < 0 || o->cpu < -1 || o->cpu >= CPU_SETSIZE) {
		usage(stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct wl_opts o;
	long read_mb = 0, anon_mb = 0;
	double t0 = now_s();

	if (parse(argc, argv, &o))
		return 2;
	prctl(PR_SET_NAME, o.comm, 0, 0, 0);
	if (o.cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(o.cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			fprintf(stderr, "memstall-wl-alloc: cannot pin to CPU %d: %s\n", o.cpu,
				strerror(errno));
			return 1;
		}
	}
	if (set_policy(o.policy, o.node))
		return 1;
	printf("{\"pid\":%d,\"comm\":\"%s\",\"cpu\":%d,\"policy\":\"%s\",\"node\":%d}\n",
	       (int)getpid(), o.comm, o.cpu, o.policy, o.node);
	fflush(stdout);
	if (o.read_path && (read_mb = read_file(o.read_path, o.passes)) < 0)
		return 1;
	if (o.anon_mb && (anon_mb = touch_anon(&o)) < 0)
		return 1;
	printf("{\"pid\":%d,\"touched\":true,\"anon_mb\":%ld}\n", (int)getpid(), anon_mb);
	fflush(stdout);
	if (o.hold_ms)
		msleep(o.hold_ms);
	printf("{\"pid\":%d,\"done\":true,\"read_mb\":%ld,\"anon_mb\":%ld,\"secs\":%.3f}\n",
	       (int)getpid(), read_mb, anon_mb, now_s() - t0);
	return 0;
}
