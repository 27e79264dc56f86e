// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/procfs.h"
#include "host/vmstat.h"
#include "base/util.h"

/* /proc/vmstat is ~6 KiB on 6.x kernels: room for many more counters */
#define VMSTAT_BUF (1 << 16)

/*
 * name's total: the counter itself when the kernel prints it, else the sum
 * of its per-zone split name_<zone> (zone names as mm/vmstat.c prints
 * them), e.g. allocstall_normal since 4.8, pgscan_direct_normal before.
 */
static uint64_t total(const char *buf, const char *name)
{
	static const char *const zones[] = {
		"dma", "dma32", "normal", "high", "movable", "device"
	};
	char key[64];
	uint64_t v, sum = 0;
	size_t i;

	if (procfs__kv(buf, name, &v))
		return v;
	for (i = 0; i < ARRAY_SIZE(zones); i++) {
		snprintf(key, sizeof(key), "%s_%s", name, zones[i]);
		if (procfs__kv(buf, key, &v))
			sum += v;
	}
	return sum;
}

void vmstat__parse(const char *buf, struct ms_vmstat *v)
{
	static const char *const steals[] = { "pgsteal_kswapd", "pgsteal_direct",
					      "pgsteal_khugepaged", "pgsteal_proactive" };
	size_t i;

	memset(v, 0, sizeof(*v));
	v->ok = true;
	v->allocstall = total(buf, "allocstall");
	procfs__kv(buf, "compact_stall", &v->compact_stall);
	procfs__kv(buf, "compact_fail", &v->compact_fail);
	procfs__kv(buf, "oom_kill", &v->oom_kill);
	v->pgscan_direct = total(buf, "pgscan_direct");
	v->pgscan_kswapd = total(buf, "pgscan_kswapd");
	for (i = 0; i < ARRAY_SIZE(steals); i++)
		v->pgsteal += total(buf, steals[i]);
	procfs__kv(buf, "kswapd_low_wmark_hit_quickly", &v->kswapd_low_wmark_hit_quickly);
	v->has_zone_reclaim_failed =
		procfs__kv(buf, "zone_reclaim_failed", &v->zone_reclaim_failed);
	v->has_zone_reclaim_success =
		procfs__kv(buf, "zone_reclaim_success", &v->zone_reclaim_success);
}

int vmstat__read(const char *root, struct ms_vmstat *v)
{
	char *buf = malloc(VMSTAT_BUF);
	long n;

	memset(v, 0, sizeof(*v));
	if (!buf)
		return -ENOMEM;
	n = procfs__read(root, "/proc/vmstat", buf, VMSTAT_BUF);
	if (n > 0)
		vmstat__parse(buf, v);
	free(buf);
	return n > 0 ? 0 : n < 0 ? (int)n : -ENOENT;
}
