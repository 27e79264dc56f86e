// SPDX-License-Identifier: GPL-2.0
/*
 * memstall-wl-alloc: a plain (no cgroup) allocation workload for the VM
 * scenarios: global direct reclaim, NUMA node reclaim, swap pressure,
 * fragmentation and THP faults (direct compaction), global OOM.
 *
 * In this order, each step optional:
 *   --cpu C              pin to CPU C (sched_setaffinity)
 *   --policy P --node N  memory policy: bind|preferred (set_mempolicy, no
 *                        libnuma) for node N; "default" leaves it alone
 *   --read FILE          read FILE --passes times (fills the page cache)
 *   --frag-mb N          fragment memory: map up to N MiB without THP
 *                        (MADV_NOHUGEPAGE) and touch it 1 MiB at a time,
 *                        stopping early once /proc/buddyinfo shows no free
 *                        block of order >= --order (9) in zone --zone (any
 *                        zone when not given), or once that zone has less
 *                        than 1 MiB above its low watermark + boost
 *                        (/proc/zoneinfo: kswapd stays asleep); then give
 *                        back (MADV_DONTNEED) every page whose page frame
 *                        number is odd (/proc/self/pagemap, needs root). The
 *                        buddy of an odd frame is the even frame next to it,
 *                        which stays in use: every page given back is a free
 *                        order-0 block that cannot merge.
 *   --go-file PATH       wait until PATH exists
 *   --anon-mb N          touch N MiB of private anonymous memory, in bursts of
 *                        --burst-mb with --pause-ms between them
 *   --thp-mb M           map M MiB aligned to 2 MiB with MADV_HUGEPAGE and
 *                        touch one byte per 2 MiB: one THP fault each
 *   --hold-ms H          keep everything for H ms, then exit
 * Prints one JSON line once set up (before any allocation):
 *   {"pid":N,"comm":"...","cpu":C,"policy":"...","node":N}
 * with --frag-mb, one when fragmented:
 *   {"pid":N,"fragmented":true,"frag_mb":F,"kept_pages":K,"freed_pages":D,
 *    "high_order_blocks":B}  (B: blocks >= --order left free when it stopped)
 * one when the anonymous memory is touched (before --hold-ms):
 *   {"pid":N,"touched":true,"anon_mb":A,"touch_wall_ms":W,"touch_cpu_ms":C,
 *    "blocked_ms":B}  (W: wall time writing the pages, C: this thread's CPU
 *   time in it, B = W - C: time it was not running, e.g. throttled by
 *   memory.high)
 * with --thp-mb, one after the faults: {"pid":N,"thp_faults":T,"anon_huge_kb":A}
 * (A: AnonHugePages of the process, /proc/self/smaps_rollup)
 * and one when done:
 *   {"pid":N,"done":true,"read_mb":R,"anon_mb":A,"secs":S}
 * Exit status 0 on success, 1 when a step failed (message on stderr), 2 on
 * a bad command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "wl_common.h"

/* include/uapi/linux/mempolicy.h */
#define WL_MPOL_DEFAULT 0
#define WL_MPOL_PREFERRED 1
#define WL_MPOL_BIND 2

struct wl_opts {
	const char *comm;
	const char *policy;
	const char *read_path;
	const char *zone;
	const char *go_file;
	int cpu;
	int node;
	long passes;
	long anon_mb;
	long burst_mb;
	long pause_ms;
	long hold_ms;
	long frag_mb;
	long thp_mb;
	int order;
};

#define MIB (1UL << 20)
#define HPAGE (2UL << 20)
#define PM_PRESENT (1ULL << 63)
#define PM_PFN_MASK ((1ULL << 55) - 1)

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

static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall and CPU seconds spent writing pages (pauses left out). */
static double touch_wall, touch_cpu;

/* Touch mb MiB in bursts; the mappings stay until exit. Returns MiB touched. */
static long touch_anon(const struct wl_opts *o)
{
	long done = 0;
	double w0, c0;

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
		w0 = now_s();
		c0 = cpu_s();
		for (off = 0; off < len; off += 4096)
			*(unsigned long *)(p + off) = off ^ (unsigned long)getpid();
		touch_cpu += cpu_s() - c0;
		touch_wall += now_s() - w0;
		done += mb;
		if (done < o->anon_mb && o->pause_ms)
			msleep(o->pause_ms);
	}
	return done;
}

/* Free blocks of order >= order in zone (NULL: all zones), from
 * /proc/buddyinfo ("Node 0, zone    DMA32  n0 n1 ... n10"); -1 when it
 * cannot be read. */
static long high_order_blocks(int order, const char *zone)
{
	char line[512];
	long total = 0;
	FILE *f = fopen("/proc/buddyinfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "zone"), *end;
		int o = 0;

		if (!p)
			continue;
		p += 4;
		while (*p == ' ')
			p++;
		if (zone && (strncmp(p, zone, strlen(zone)) || p[strlen(zone)] != ' '))
			continue;
		p += strcspn(p, " "); /* the zone name */
		for (;; o++) {
			long n = strtol(p, &end, 10);

			if (end == p)
				break;
			if (o >= order)
				total += n;
			p = end;
		}
	}
	fclose(f);
	return total;
}

/* Pages of zone above its low watermark + boost, from /proc/zoneinfo
 * ("Node 0, zone    DMA32" then "  pages free  N", "  boost  N", "  low  N"),
 * summed over nodes; LONG_MAX when it cannot be read. */
static long zone_headroom(const char *zone)
{
	char line[256], name[32];
	long v, total = 0, n = 0;
	bool in = false;
	FILE *f = fopen("/proc/zoneinfo", "re");

	if (!f)
		return LONG_MAX;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %*d, zone %31s", name) == 1)
			in = !strcmp(name, zone);
		else if (in && sscanf(line, " pages free %ld", &v) == 1)
			total += v, n++;
		else if (in &&
			 (sscanf(line, " boost %ld", &v) == 1 || sscanf(line, " low %ld", &v) == 1))
			total -= v;
	}
	fclose(f);
	return n ? total : LONG_MAX;
}

static bool fill_more(const struct wl_opts *o, long left)
{
	return left != 0 && (!o->zone || zone_headroom(o->zone) >= 256);
}

/* Touch up to o->frag_mb MiB without THP; returns the mapping, its size in
 * *len (what was touched). */
static char *fill(const struct wl_opts *o, size_t *len, long *left)
{
	size_t max = (size_t)o->frag_mb * MIB, off;
	char *p = mmap(NULL, max, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "memstall-wl-alloc: mmap %ld MiB: %s\n", o->frag_mb,
			strerror(errno));
		return NULL;
	}
	if (madvise(p, max, MADV_NOHUGEPAGE))
		fprintf(stderr, "memstall-wl-alloc: MADV_NOHUGEPAGE: %s\n", strerror(errno));
	*left = high_order_blocks(o->order, o->zone);
	for (*len = 0; *len < max && fill_more(o, *left); *len += MIB) {
		for (off = 0; off < MIB; off += 4096)
			*(unsigned long *)(p + *len + off) = *len + off;
		*left = high_order_blocks(o->order, o->zone);
	}
	return p;
}

/* MADV_DONTNEED every page of [p, p + len) whose frame number is odd. */
static int free_odd_frames(char *p, size_t len, long *kept, long *freed)
{
	size_t npages = len / 4096, i, chunk = 4096;
	uint64_t *pm = malloc(chunk * sizeof(*pm));
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC), err = 0;

	*kept = *freed = 0;
	if (fd < 0 || !pm) {
		fprintf(stderr, "memstall-wl-alloc: /proc/self/pagemap: %s\n", strerror(errno));
		err = -1;
		goto out;
	}
	for (i = 0; i < npages; i += chunk) {
		size_t n = npages - i < chunk ? npages - i : chunk, j;
		off_t at = (off_t)((uintptr_t)p / 4096 + i) * 8;

		if (pread(fd, pm, n * 8, at) != (ssize_t)(n * 8)) {
			fprintf(stderr, "memstall-wl-alloc: read pagemap: %s\n", strerror(errno));
			err = -1;
			goto out;
		}
		for (j = 0; j < n; j++) {
			uint64_t pfn = pm[j] & PM_PFN_MASK;

			if (!(pm[j] & PM_PRESENT) || !pfn) {
				fprintf(stderr, "memstall-wl-alloc: no frame number in pagemap "
						"(not root?)\n");
				err = -1;
				goto out;
			}
			if (!(pfn & 1)) {
				(*kept)++;
				continue;
			}
			if (madvise(p + (i + j) * 4096, 4096, MADV_DONTNEED)) {
				fprintf(stderr, "memstall-wl-alloc: MADV_DONTNEED: %s\n",
					strerror(errno));
				err = -1;
				goto out;
			}
			(*freed)++;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	free(pm);
	return err;
}

static long anon_huge_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* One fault per 2 MiB of an aligned MADV_HUGEPAGE region; returns the count. */
static long thp_faults(long mb)
{
	size_t len = (size_t)mb * MIB, off;
	char *raw = mmap(NULL, len + HPAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			 0),
	     *p;

	if (raw == MAP_FAILED) {
		fprintf(stderr, "memstall-wl-alloc: mmap %ld MiB: %s\n", mb, strerror(errno));
		return -1;
	}
	p = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
	if (madvise(p, len, MADV_HUGEPAGE)) {
		fprintf(stderr, "memstall-wl-alloc: MADV_HUGEPAGE: %s\n", strerror(errno));
		return -1;
	}
	for (off = 0; off < len; off += HPAGE)
		p[off] = 1;
	return (long)(len / HPAGE);
}

/* Fault n huge pages (THP "madvise" for the time being) and keep them. */
static long hold_huge_pages(long n)
{
	static const char thp[] = "/sys/kernel/mm/transparent_hugepage/enabled";
	char was[64] = "", *open_b, *close_b;
	FILE *f = fopen(thp, "re");
	long got;

	if (!f)
		return -1;
	if (!fgets(was, sizeof(was), f))
		was[0] = '\0';
	fclose(f);
	open_b = strchr(was, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (!open_b || !close_b)
		return -1;
	*close_b = '\0';
	f = fopen(thp, "we");
	if (!f)
		return -1;
	fputs("madvise", f);
	fclose(f);
	got = thp_faults(n * 2);
	f = fopen(thp, "we");
	if (f) {
		fputs(open_b + 1, f); /* as it was */
		fclose(f);
	}
	return got;
}

/* --frag-mb: fill, give the odd frames back, print the "fragmented" line */
static int fragment(const struct wl_opts *o)
{
	long kept, freed, left;
	int round, clean;
	size_t len;
	char *p = fill(o, &len, &left);

	if (!p || free_odd_frames(p, len, &kept, &freed))
		return -1;
	/* Per-CPU page lists hand pages back to the buddy allocator a while
	 * later (6.12 decays them about every second), where they merge into
	 * large free blocks again, and new order-0 allocations would take the
	 * freed single pages first, not those blocks. Take each block that
	 * came back whole, as a huge page held until exit, until two checks a
	 * second apart find none. */
	for (round = 0, clean = 0; round < 10 && clean < 2; round++) {
		msleep(1000);
		left = high_order_blocks(o->order, o->zone);
		if (left <= 0) {
			clean++;
			continue;
		}
		clean = 0;
		if (hold_huge_pages(left * 2) < 0)
			break;
	}
	printf("{\"pid\":%d,\"fragmented\":true,\"frag_mb\":%zu,\"kept_pages\":%ld,"
	       "\"freed_pages\":%ld,\"high_order_blocks\":%ld}\n",
	       (int)getpid(), len / MIB, kept, freed, left);
	fflush(stdout);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: memstall-wl-alloc [--cpu C] [--policy default|bind|preferred --node N]\n"
		   "       [--read FILE [--passes K]] [--frag-mb N [--order O] [--zone Z]]\n"
		   "       [--go-file PATH] [--anon-mb N [--burst-mb B] [--pause-ms P]]\n"
		   "       [--thp-mb M] [--hold-ms H] [--comm NAME]\n");
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
		{ "frag-mb", required_argument, NULL, 'f' },
		{ "order", required_argument, NULL, 'o' },
		{ "zone", required_argument, NULL, 'z' },
		{ "go-file", required_argument, NULL, 'g' },
		{ "thp-mb", required_argument, NULL, 't' },
		{ "comm", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	*o = (struct wl_opts){ .comm = "wl-alloc",
			       .policy = "default",
			       .cpu = -1,
			       .passes = 1,
			       .burst_mb = 64,
			       .order = 9 };
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
		case 'f':
			o->frag_mb = atol(optarg);
			break;
		case 'o':
			o->order = atoi(optarg);
			break;
		case 'z':
			o->zone = optarg;
			break;
		case 'g':
			o->go_file = optarg;
			break;
		case 't':
			o->thp_mb = atol(optarg);
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
	    o->pause_ms < 0 || o->hold_ms < 0 || o->cpu < -1 || o->cpu >= CPU_SETSIZE ||
	    o->frag_mb < 0 || o->thp_mb < 0 || o->thp_mb % 2 || o->order < 1 || o->order > 10) {
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
	if (o.frag_mb && fragment(&o))
		return 1;
	while (o.go_file && access(o.go_file, F_OK))
		msleep(10);
	if (o.anon_mb && (anon_mb = touch_anon(&o)) < 0)
		return 1;
	printf("{\"pid\":%d,\"touched\":true,\"anon_mb\":%ld,\"touch_wall_ms\":%.3f,"
	       "\"touch_cpu_ms\":%.3f,\"blocked_ms\":%.3f}\n",
	       (int)getpid(), anon_mb, touch_wall * 1e3, touch_cpu * 1e3,
	       (touch_wall - touch_cpu) * 1e3);
	fflush(stdout);
	if (o.thp_mb) {
		long n = thp_faults(o.thp_mb);

		if (n < 0)
			return 1;
		printf("{\"pid\":%d,\"thp_faults\":%ld,\"anon_huge_kb\":%ld}\n", (int)getpid(), n,
		       anon_huge_kb());
		fflush(stdout);
	}
	if (o.hold_ms)
		msleep(o.hold_ms);
	printf("{\"pid\":%d,\"done\":true,\"read_mb\":%ld,\"anon_mb\":%ld,\"secs\":%.3f}\n",
	       (int)getpid(), read_mb, anon_mb, now_s() - t0);
	return 0;
}
