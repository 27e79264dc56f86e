/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cross-check: what memstall traced over a window against the kernel's own
 * counters over the same window (/proc/vmstat, /proc/pressure/memory), with
 * the likely cause of any mismatch. This is how users learn to trust the
 * numbers.
 */
#ifndef MS_XCHECK_H
#define MS_XCHECK_H

#include <stdbool.h>
#include <stdint.h>
#include "output/sink.h"

struct xcheck_snap {
	bool ok;
	uint64_t allocstall; /* sum of allocstall_* */
	uint64_t compact_stall;
	uint64_t oom_kill;
	/* node reclaims: zone_reclaim_failed (+ zone_reclaim_success) */
	uint64_t node_reclaim;
	unsigned int node_counters; /* 0: none, 1: failed only, 2: both */
	bool psi;
	uint64_t psi_some_us, psi_full_us;
};

struct xcheck_traced {
	uint64_t direct; /* global direct reclaim stalls */
	uint64_t compact; /* direct compaction episodes (not skipped) */
	uint64_t oom; /* OOM kills */
	uint64_t node; /* node reclaim stalls */
	uint64_t stall_ns; /* total traced stall time, all kinds */
	uint64_t drops, overflow;
	bool filtered; /* -p/-t/-n/-c/--min-us/-k narrowed what was traced */
	bool compact_derived; /* episodes not timed exactly (no fexit) */
};

#define XC_ROWS 6

struct xcheck_row {
	const char *check;
	double traced, kernel;
	const char *unit;
	const char *verdict; /* "match", "mismatch", "n/a", "info" */
	char note[200];
};

/* root: "/" or a fixture tree. */
int xcheck__snap(const char *root, struct xcheck_snap *s);
/* Fill rows (returns how many). */
int xcheck__compare(const struct xcheck_snap *a, const struct xcheck_snap *b,
		    const struct xcheck_traced *t, struct xcheck_row *rows);
const struct ms_schema *xcheck__schema(void);
void xcheck__render(const struct xcheck_row *rows, int n, struct ms_sink *s);

#endif
