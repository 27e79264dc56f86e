/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one /proc/vmstat reader: the counters memstall compares against or
 * reports, under every name the kernels it runs on use for them. Before 4.8
 * the reclaim counters were per zone (pgscan_direct_normal, ...) and
 * allocstall one number; since 4.8 pgscan/pgsteal are per node (one
 * number) and allocstall per zone (allocstall_normal, ...). Each field is
 * the total whichever way the kernel splits it.
 */
#ifndef MS_VMSTAT_H
#define MS_VMSTAT_H

#include <stdbool.h>
#include <stdint.h>

struct ms_vmstat {
	bool ok; /* /proc/vmstat was read */
	uint64_t allocstall; /* direct reclaim stalls: allocstall or sum of allocstall_<zone> */
	uint64_t compact_stall, compact_fail;
	uint64_t oom_kill;
	uint64_t pgscan_direct, pgscan_kswapd; /* or sums of pgscan_*_<zone> */
	/* pgsteal_kswapd + pgsteal_direct + pgsteal_khugepaged + pgsteal_proactive */
	uint64_t pgsteal;
	uint64_t kswapd_low_wmark_hit_quickly;
	/* node reclaim's outcomes (NUMA kernels): zone_reclaim_failed since
	 * 2.6.x, zone_reclaim_success on newer kernels (6.12 has it, 6.1 not: there a success is not
	 * counted); has_*: the kernel prints it */
	uint64_t zone_reclaim_failed, zone_reclaim_success;
	bool has_zone_reclaim_failed, has_zone_reclaim_success;
};

/* Fill v from the text of /proc/vmstat (absent counters stay 0); sets ok. */
void vmstat__parse(const char *buf, struct ms_vmstat *v);
/* root ("/" or a saved tree) + /proc/vmstat: 0, or -errno (v zeroed, !ok). */
int vmstat__read(const char *root, struct ms_vmstat *v);

#endif
