// SPDX-License-Identifier: GPL-2.0
/* memstall doctor's conclusions: the findings drawn from what audit.c read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/audit_check.h"
#include "base/util.h"

static int64_t num(const struct ms_audit *a, const char *name)
{
	const struct au_setting *s = audit__setting(a, name);

	return s ? s->num : -1;
}

static void check_numa(struct ms_audit *a)
{
	int64_t zrm = num(a, "vm.zone_reclaim_mode");
	char ev[320];
	struct ms_finding *f;
	size_t off = 0;
	bool starved = false, spare = false;
	int i;

	ev[0] = '\0';
	for (i = 0; i < a->nnodes && off < sizeof(ev); i++) {
		const struct au_node *n = &a->nodes[i];

		off += snprintf(ev + off, sizeof(ev) - off, "%snode %d %llu MiB free of %llu MiB",
				i ? ", " : "", n->id, (unsigned long long)(n->free_kb >> 10),
				(unsigned long long)(n->total_kb >> 10));
		starved |= n->free_kb * 20 < n->total_kb;
		spare |= n->free_kb * 5 > n->total_kb;
	}
	if (zrm > 0 && a->nnodes >= 2) {
		f = findings__add(&a->findings, starved && spare ? MS_SEV_CRIT : MS_SEV_WARN,
				  "zone_reclaim_mode", "vm.zone_reclaim_mode",
				  "zone_reclaim_mode=%lld on a %d-node host", (long long)zrm,
				  a->nnodes);
		if (f) {
			FINDING_SET(f, evidence, "%s", ev);
			FINDING_SET(f, why,
				    "allocations reclaim (and with 4: swap, 2: write back) on "
				    "their local node before using free memory on another node: "
				    "stalls and OOM kills while the other node has memory%s",
				    starved && spare ? "; one node is nearly full while another "
						       "has spare memory right now"
						     : "");
			FINDING_SET(f, change,
				    "sysctl vm.zone_reclaim_mode=0 (the default) unless the "
				    "workload is NUMA-partitioned and prefers local misses");
		}
	} else if (zrm > 0) {
		f = findings__add(&a->findings, MS_SEV_INFO, "zone_reclaim_mode",
				  "vm.zone_reclaim_mode", "zone_reclaim_mode=%lld on a single node",
				  (long long)zrm);
		if (f)
			FINDING_SET(f, why, "there is no other node: it changes nothing here");
	} else if (a->nnodes >= 2 && starved && spare) {
		f = findings__add(&a->findings, MS_SEV_INFO, "numa_imbalance", "",
				  "NUMA nodes unevenly used");
		if (f) {
			FINDING_SET(f, evidence, "%s", ev);
			FINDING_SET(f, why,
				    "a memory policy (numactl --membind, cpuset.mems) may "
				    "confine tasks to the full node");
		}
	}
}

/* The kernel's default: sqrt(lowmem_kbytes * 16), within [128, 262144]. */
static int64_t min_free_default(uint64_t mem_kb)
{
	uint64_t x = mem_kb * 16, v = 0, bit = 1ull << 62;

	/* integer square root, as the kernel's int_sqrt() */
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= v + bit) {
			x -= v + bit;
			v = (v >> 1) + bit;
		} else {
			v >>= 1;
		}
		bit >>= 2;
	}

	if (v < 128)
		v = 128;
	if (v > 262144)
		v = 262144;
	return (int64_t)v;
}

static void check_watermarks(struct ms_audit *a)
{
	int64_t mfk = num(a, "vm.min_free_kbytes"), wsf = num(a, "vm.watermark_scale_factor");
	int64_t dflt = min_free_default(a->mem_total_kb);
	struct ms_finding *f;
	int i;

	if (mfk >= 0 && a->mem_total_kb && mfk * 2 < dflt) {
		f = findings__add(&a->findings, MS_SEV_WARN, "min_free_kbytes_low",
				  "vm.min_free_kbytes",
				  "min_free_kbytes=%lld is below half the "
				  "kernel's default for this memory size (%lld)",
				  (long long)mfk, (long long)dflt);
		if (f) {
			FINDING_SET(f, evidence, "MemTotal %llu kB",
				    (unsigned long long)a->mem_total_kb);
			FINDING_SET(f, why,
				    "low watermarks leave little for atomic allocations and "
				    "wake kswapd late");
			FINDING_SET(f, change, "sysctl vm.min_free_kbytes=%lld", (long long)dflt);
		}
	} else if (mfk >= 0 && a->mem_total_kb && (uint64_t)mfk * 20 > a->mem_total_kb) {
		f = findings__add(&a->findings, MS_SEV_WARN, "min_free_kbytes_high",
				  "vm.min_free_kbytes",
				  "min_free_kbytes=%lld keeps over 5%% of memory "
				  "free",
				  (long long)mfk);
		if (f) {
			FINDING_SET(f, evidence, "MemTotal %llu kB",
				    (unsigned long long)a->mem_total_kb);
			FINDING_SET(f, why,
				    "memory below min is usable only by atomic allocations; "
				    "too much starts reclaim and OOM early");
			FINDING_SET(f, change, "lower it toward %lld", (long long)dflt);
		}
	}
	for (i = 0; i < a->zi.n; i++) {
		const struct pf_zone *z = &a->zi.z[i];

		if (z->managed <= 0 || z->free < 0 || z->min < 0)
			continue;
		if (z->free < z->low) {
			f = findings__add(&a->findings,
					  z->free < z->min ? MS_SEV_CRIT : MS_SEV_WARN,
					  z->free < z->min ? "zone_below_min" : "zone_below_low",
					  "vm.watermark_scale_factor",
					  "Node %d %s is below its %s watermark now", z->node,
					  z->name, z->free < z->min ? "min" : "low");
			if (f) {
				FINDING_SET(f, evidence,
					    "free %lld pages, min %lld, low %lld, high %lld, boost "
					    "%lld",
					    (long long)z->free, (long long)z->min,
					    (long long)z->low, (long long)z->high,
					    (long long)z->boost);
				FINDING_SET(f, why,
					    "allocations here reclaim directly until kswapd "
					    "brings it back above high");
				FINDING_SET(f, change,
					    "raise vm.watermark_scale_factor (now %lld) so kswapd "
					    "starts earlier; find what fills the node",
					    (long long)wsf);
			}
		}
		if (z->boost > 0) {
			f = findings__add(&a->findings, MS_SEV_INFO, "watermark_boost",
					  "vm.watermark_boost_factor",
					  "Node %d %s watermarks are boosted by %lld pages",
					  z->node, z->name, (long long)z->boost);
			if (f) {
				FINDING_SET(f, why,
					    "a recent fragmentation event (a fallback into "
					    "another migrate type) raised the watermarks so "
					    "kswapd reclaims and compacts");
				FINDING_SET(f, change,
					    "frequent boosts on a cache-heavy host: lower "
					    "vm.watermark_boost_factor");
			}
		}
	}
}

static void check_fragmentation(struct ms_audit *a)
{
	int64_t thr = num(a, "vm.extfrag_threshold");
	struct ms_finding *f;
	int i;

	if (thr < 0)
		thr = 500;
	for (i = 0; i < a->bi.n; i++) {
		const struct pf_buddy *b = &a->bi.b[i];
		struct frag_info fi;
		int order = b->norders > 9 ? 9 : b->norders - 1, idx;

		if (order < 1 || strcmp(b->zone, "Normal"))
			continue;
		frag__info(b->nr_free, b->norders, order, &fi);
		idx = frag__index(b->nr_free, b->norders, order);
		if (idx <= thr || fi.free_pages < 65536) /* < 256 MiB free: a shortage */
			continue;
		f = findings__add(&a->findings, MS_SEV_WARN, "fragmented", "vm.extfrag_threshold",
				  "Node %d Normal: %llu MiB free but no order-%d block", b->node,
				  (unsigned long long)(fi.free_pages >> 8), order);
		if (f) {
			FINDING_SET(f, evidence,
				    "fragmentation index %d.%03d at order %d (threshold %lld), "
				    "largest free order %d",
				    idx / 1000, idx % 1000, order, (long long)thr,
				    frag__largest_order(b->nr_free, b->norders));
			FINDING_SET(f, why,
				    "THP faults and order-%d allocations must compact "
				    "directly (stalls)",
				    order);
			FINDING_SET(
				f, change,
				"vm.compaction_proactiveness (5.9+) or a periodic "
				"echo 1 > /proc/sys/vm/compact_memory; THP defrag=defer+madvise");
		}
	}
}

static void check_settings(struct ms_audit *a)
{
	const struct au_setting *en = audit__setting(a, "thp.enabled");
	const struct au_setting *df = audit__setting(a, "thp.defrag");
	int64_t v;
	struct ms_finding *f;

	if (en && df && !strcmp(en->value, "always") && !strcmp(df->value, "always")) {
		f = findings__add(&a->findings, MS_SEV_WARN, "thp_defrag", "thp.defrag",
				  "THP enabled=always with defrag=always");
		if (f) {
			FINDING_SET(f, evidence,
				    "/sys/kernel/mm/transparent_hugepage: enabled [always], "
				    "defrag [always]");
			FINDING_SET(f, why,
				    "every anonymous fault of a large enough region "
				    "compacts and reclaims synchronously for a 2 MiB page");
			FINDING_SET(f, change,
				    "echo defer+madvise > "
				    "/sys/kernel/mm/transparent_hugepage/defrag");
		}
	}
	v = num(a, "vm.extfrag_threshold");
	if (v >= 0 && v != 500) {
		f = findings__add(&a->findings, MS_SEV_INFO, "extfrag_threshold",
				  "vm.extfrag_threshold", "extfrag_threshold=%lld (default 500)",
				  (long long)v);
		if (f)
			FINDING_SET(f, why, "%s",
				    v < 500 ? "compaction is preferred over reclaim "
					      "for high-order requests"
					    : "reclaim is preferred over compaction");
	}
	v = num(a, "vm.vfs_cache_pressure");
	if (v >= 0 && v != 100) {
		f = findings__add(&a->findings, MS_SEV_INFO, "vfs_cache_pressure",
				  "vm.vfs_cache_pressure", "vfs_cache_pressure=%lld (default 100)",
				  (long long)v);
		if (f)
			FINDING_SET(f, why, "%s",
				    v > 100 ? "dentry/inode caches are reclaimed "
					      "more eagerly than page cache"
					    : "dentry/inode caches are kept longer");
	}
	v = num(a, "vm.swappiness");
	if (a->swap_total_kb == 0) {
		f = findings__add(&a->findings, MS_SEV_INFO, "no_swap", "vm.swappiness",
				  "no swap configured");
		if (f) {
			FINDING_SET(f, why,
				    "anonymous memory cannot be reclaimed; only page cache "
				    "and slab can; swappiness (%lld) has no effect",
				    (long long)v);
			FINDING_SET(f, change, "add swap or zram if anonymous memory dominates");
		}
	} else if (v == 0) {
		f = findings__add(&a->findings, MS_SEV_INFO, "swappiness_zero", "vm.swappiness",
				  "swappiness=0 with swap present");
		if (f)
			FINDING_SET(f, why,
				    "the kernel still swaps when file pages plus free "
				    "memory fall below the high watermark (scan_balance "
				    "SCAN_ANON)");
	}
	v = num(a, "vm.watermark_scale_factor");
	if (v >= 0 && v <= 10 && a->vm.allocstall) {
		f = findings__add(&a->findings, MS_SEV_INFO, "watermark_scale_factor",
				  "vm.watermark_scale_factor",
				  "watermark_scale_factor=%lld with direct reclaim seen",
				  (long long)v);
		if (f) {
			FINDING_SET(f, evidence, "allocstall %llu since boot",
				    (unsigned long long)a->vm.allocstall);
			FINDING_SET(f, why,
				    "the low-high gap is 0.1%% of memory: kswapd wakes late "
				    "and stops early");
			FINDING_SET(f, change, "sysctl vm.watermark_scale_factor=100..500");
		}
	}
}

static void check_counters(struct ms_audit *a)
{
	struct ms_finding *f;

	if (a->vm.ok && (a->vm.allocstall || a->vm.compact_stall || a->vm.oom_kill)) {
		bool now = a->vm_rate.ok && (a->vm_rate.allocstall || a->vm_rate.compact_stall);

		f = findings__add(&a->findings, a->vm.oom_kill || now ? MS_SEV_WARN : MS_SEV_INFO,
				  "stall_counters", "",
				  "since boot: %llu direct reclaim stalls, %llu direct "
				  "compaction stalls, %llu OOM kills",
				  (unsigned long long)a->vm.allocstall,
				  (unsigned long long)a->vm.compact_stall,
				  (unsigned long long)a->vm.oom_kill);
		if (f) {
			char rate[128] = "";

			if (a->vm_rate.ok)
				snprintf(rate, sizeof(rate),
					 "; over a %.1f s sample: %llu/s allocstall, %llu/s "
					 "compact_stall",
					 a->sample_ns / 1e9,
					 (unsigned long long)a->vm_rate.allocstall,
					 (unsigned long long)a->vm_rate.compact_stall);
			FINDING_SET(f, evidence,
				    "/proc/vmstat: pgscan_direct %llu vs pgscan_kswapd %llu, "
				    "compact_fail %llu%s",
				    (unsigned long long)a->vm.pgscan_direct,
				    (unsigned long long)a->vm.pgscan_kswapd,
				    (unsigned long long)a->vm.compact_fail, rate);
			FINDING_SET(f, why, "each count is a task that waited in the allocator");
			FINDING_SET(f, change,
				    "see who and how long: memstall snoop (live), memstall explain "
				    "on the kernel log for OOMs");
		}
	}
	if (!a->has_psi) {
		f = findings__add(&a->findings, MS_SEV_INFO, "psi_absent", "psi=1",
				  "no PSI: /proc/pressure/memory is missing");
		if (f)
			FINDING_SET(f, change,
				    "boot with psi=1 (CONFIG_PSI) to measure stall time");
	} else if (a->psi.some_avg10 >= 10 || a->psi.full_avg10 >= 5) {
		f = findings__add(&a->findings, a->psi.full_avg10 >= 5 ? MS_SEV_CRIT : MS_SEV_WARN,
				  "psi_memory", "",
				  "memory pressure now: some %.2f%%, full %.2f%% (avg10)",
				  a->psi.some_avg10, a->psi.full_avg10);
		if (f) {
			FINDING_SET(f, evidence, "avg60 some %.2f full %.2f", a->psi.some_avg60,
				    a->psi.full_avg60);
			FINDING_SET(f, why, "tasks are waiting on memory that share of the time");
			FINDING_SET(f, change, "memstall snoop to see which");
		}
	}
}

void audit__conclude(struct ms_audit *a)
{
	check_numa(a);
	check_watermarks(a);
	check_fragmentation(a);
	check_settings(a);
	check_counters(a);
}
