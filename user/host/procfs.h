/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Readers of the kernel's memory state files, each from a root directory
 * ("/" on a live host, a saved tree in tests): parsers work on buffers so
 * they can be fuzzed and unit-tested without a kernel.
 */
#ifndef MS_PROCFS_H
#define MS_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/frag.h"

#define PF_MAX_ZONES 64
#define PF_MAX_PROT 8

struct pf_zone {
	int node;
	char name[16];
	/* pages; -1 when the kernel does not print it (boost before 5.0) */
	int64_t free, boost, min, low, high, spanned, present, managed;
	int nprot;
	int64_t protection[PF_MAX_PROT];
};

struct pf_zoneinfo {
	int n;
	struct pf_zone z[PF_MAX_ZONES];
};

struct pf_buddy {
	int node;
	char zone[16];
	int norders;
	uint64_t nr_free[FRAG_MAX_ORDER];
};

struct pf_buddyinfo {
	int n;
	struct pf_buddy b[PF_MAX_ZONES];
};

struct pf_psi {
	bool has_some, has_full;
	double some_avg10, some_avg60, some_avg300;
	double full_avg10, full_avg60, full_avg300;
	uint64_t some_total_us, full_total_us;
};

/* root + rel ("/proc/zoneinfo") into buf, NUL-terminated: bytes or -errno. */
long procfs__read(const char *root, const char *rel, char *buf, size_t size);
/* The integer in a one-value file (sysctl): 0 or -errno. */
int procfs__read_i64(const char *root, const char *rel, int64_t *v);

/* Number of zones parsed (0 if none). */
int procfs__parse_zoneinfo(const char *buf, struct pf_zoneinfo *zi);
int procfs__parse_buddyinfo(const char *buf, struct pf_buddyinfo *bi);
/* 0, or -EINVAL if neither a "some" nor a "full" line parses. */
int procfs__parse_psi(const char *buf, struct pf_psi *p);
/* "key value" or "key: value [kB]" per line, optional "Node N " prefix
 * (/proc/vmstat, /proc/meminfo, node meminfo, memory.stat, memory.events). */
bool procfs__kv(const char *buf, const char *key, uint64_t *v);
/* The [selected] word of a sysfs choice file ("always [madvise] never"). */
bool procfs__choice(const char *buf, char *out, size_t len);

#endif
