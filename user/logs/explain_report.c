// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: analysis of each report and its output. */
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog_reader.h"
#include "model/gfp.h"
#include "output/json.h"
#include "output/sink.h"
#include "base/util.h"

#define KB_PER_GB (1024ll * 1024)

/* "496 MiB", "2.3 GiB", "812 kB" */
const char *ex__human_kb(int64_t kb, char *buf, size_t len)
{
	if (kb < 0)
		snprintf(buf, len, "?");
	else if (kb >= 10 * KB_PER_GB)
		snprintf(buf, len, "%.0f GiB", (double)kb / KB_PER_GB);
	else if (kb >= KB_PER_GB)
		snprintf(buf, len, "%.1f GiB", (double)kb / KB_PER_GB);
	else if (kb >= 10 * 1024)
		snprintf(buf, len, "%.0f MiB", (double)kb / 1024);
	else
		snprintf(buf, len, "%lld kB", (long long)kb);
	return buf;
}

static int64_t pages_kb(const struct ex_report *r, int64_t pages)
{
	return pages < 0 ? -1 : pages * r->page_kb;
}

static int64_t sum2(int64_t a, int64_t b)
{
	return a < 0 || b < 0 ? -1 : a + b;
}

char *ex__zone_label(const struct ex_zone *z, char *buf, size_t len)
{
	if (z->node >= 0)
		snprintf(buf, len, "Node %d %s", z->node, z->name);
	else
		snprintf(buf, len, "%s", z->name);
	return buf;
}

/* ---- GFP ---- */

static const char *kernel_of(const struct ms_explain *e, const struct ex_report *r,
			     const char **from)
{
	int i;

	if (e->kernel_override[0]) {
		*from = "--kernel";
		return e->kernel_override;
	}
	if (r->kernel[0]) {
		*from = "the report";
		return r->kernel;
	}
	for (i = 0; i < e->n; i++) {
		if (e->r[i]->kernel[0]) {
			*from = "another report in the log";
			return e->r[i]->kernel;
		}
	}
	*from = "the boot banner";
	return e->boot_kernel[0] ? e->boot_kernel : NULL;
}

static void decode_gfp(const struct ms_explain *e, struct ex_report *r)
{
	const char *from = "", *range = "", *rel, *layout;
	struct gfp_table *t;

	if (!r->has_gfp)
		return;
	rel = kernel_of(e, r, &from);
	layout = gfp__layout_for_release(rel, &range);
	if (!layout) {
		layout = "6.3";
		range = "6.3 and later";
		r->gfp_assumed = true;
		snprintf(r->gfp_basis, sizeof(r->gfp_basis),
			 "no kernel version in the log: assumed %s (use --kernel VER)", range);
	} else {
		snprintf(r->gfp_basis, sizeof(r->gfp_basis), "kernel %.63s from %s", rel, from);
	}
	util__strlcpy(r->gfp_layout, layout, sizeof(r->gfp_layout));
	util__strlcpy(r->gfp_range, range, sizeof(r->gfp_range));
	t = gfp_table__new_static(layout);
	if (t) {
		gfp_table__format(t, r->gfp, r->gfp_decoded, sizeof(r->gfp_decoded));
		gfp_table__free(t);
	}
	r->gfp_zone = gfp__zone(r->gfp);
}

/* ---- zones ---- */

/* The lowmem_reserve[] slots: MAX_NR_ZONES entries whose names depend on
 * the configuration; guessed from their number and the zones printed. */
static int reserve_slot(const struct ex_report *r, const char *name)
{
	static const char *const five[] = { "DMA", "DMA32", "Normal", "Movable", "Device" };
	static const char *const four64[] = { "DMA", "DMA32", "Normal", "Movable" };
	static const char *const four32[] = { "DMA", "Normal", "HighMem", "Movable" };
	static const char *const three[] = { "DMA", "Normal", "Movable" };
	static const char *const three32[] = { "DMA32", "Normal", "Movable" };
	static const char *const two[] = { "Normal", "Movable" };
	const char *const *names = NULL;
	bool highmem = false, dma32 = false;
	int i, n = 0;

	for (i = 0; i < r->nzones; i++) {
		if (r->zones[i].nreserve > n)
			n = r->zones[i].nreserve;
		highmem |= !strcmp(r->zones[i].name, "HighMem");
		dma32 |= !strcmp(r->zones[i].name, "DMA32");
	}
	switch (n) {
	case 5:
		names = five;
		break;
	case 4:
		names = highmem ? four32 : four64;
		break;
	case 3:
		names = dma32 ? three32 : three;
		break;
	case 2:
		names = two;
		break;
	default:
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

static void analyse_zones(struct ex_report *r)
{
	const char *target = NULL;
	int tslot = -1, i, k;

	if (r->has_gfp && r->order >= 0) {
		target = gfp__zone_name(r->gfp_zone);
		tslot = reserve_slot(r, target);
		if (tslot < 0 && r->gfp_zone >= GFP_ZONE_NORMAL) /* no HighMem/Movable zone */
			tslot = reserve_slot(r, "Normal");
	}
	for (i = 0; i < r->nzones; i++) {
		struct ex_zone *z = &r->zones[i];
		int zslot = reserve_slot(r, z->name);

		if (z->has_wmark && z->free_kb >= 0) {
			z->below_min = z->min_kb >= 0 && z->free_kb < z->min_kb;
			z->below_low = z->low_kb >= 0 && z->free_kb < z->low_kb;
			if (tslot >= 0 && zslot >= 0 && zslot <= tslot && tslot < z->nreserve) {
				z->reserve_kb = z->reserve_pages[tslot] * r->page_kb;
				z->usable =
					z->min_kb >= 0 && z->free_kb > z->min_kb + z->reserve_kb;
			}
		}
		if (z->has_buddy) {
			z->largest_order = frag__largest_order(z->nr_free, z->norders);
			for (k = 0; k < z->norders; k++) {
				z->frag[k] = frag__index(z->nr_free, z->norders, k);
				z->unusable[k] = frag__unusable(z->nr_free, z->norders, k);
			}
		}
	}
}

static void analyse_memory(struct ex_report *r)
{
	const struct ex_mem *m = &r->mem;
	int64_t anon = pages_kb(r, sum2(m->active_anon, m->inactive_anon));
	int64_t file = pages_kb(r, sum2(m->active_file, m->inactive_file));
	bool swap = r->swap_free_kb > 0;
	int i;

	r->hugetlb_kb = 0;
	for (i = 0; i < r->nnodes; i++)
		r->hugetlb_kb += r->nodes[i].huge_total_kb;
	r->reclaimable_kb = r->unreclaimable_kb = -1;
	if (anon < 0 || file < 0 || m->slab_reclaimable < 0 || m->slab_unreclaimable < 0)
		return;
	/* shmem lives on the anon LRU: reclaimable only to swap */
	r->reclaimable_kb = file + pages_kb(r, m->slab_reclaimable) + (swap ? anon : 0);
	r->unreclaimable_kb = pages_kb(r, m->slab_unreclaimable) + (swap ? 0 : anon) +
			      r->hugetlb_kb + (m->pagetables > 0 ? pages_kb(r, m->pagetables) : 0) +
			      (m->unevictable > 0 ? pages_kb(r, m->unevictable) : 0);
}

/* ---- findings ---- */

static void find_stall(struct ex_report *r)
{
	struct ms_finding *f;
	char gfp[300];

	snprintf(gfp, sizeof(gfp), "%s", r->gfp_log[0] ? r->gfp_log : r->gfp_decoded);
	if (r->kind == EX_KIND_STALL && r->stall_ms >= 0) {
		f = findings__add(&r->findings, r->stall_ms >= 10000 ? MS_SEV_CRIT : MS_SEV_WARN,
				  "alloc_stall", "vm.watermark_scale_factor",
				  "%s (pid %d) stalled %lld ms in the page allocator", r->comm,
				  r->pid, (long long)r->stall_ms);
		if (f) {
			FINDING_SET(f, evidence, "order-%d request (%lld kB), gfp %#llx %s",
				    r->order,
				    (long long)(r->page_kb << (r->order > 0 ? r->order : 0)),
				    (unsigned long long)r->gfp, gfp);
			FINDING_SET(f, why,
				    "the allocation fell into the slow path and stayed in direct "
				    "reclaim/compaction: free memory was below the watermarks "
				    "faster than kswapd could restore it");
			FINDING_SET(f, change,
				    "keep more memory free in the background: raise "
				    "vm.watermark_scale_factor (e.g. 10 -> 200..500) and/or "
				    "vm.min_free_kbytes");
		}
	}
	if (r->kind == EX_KIND_ALLOC_FAIL) {
		bool atomic = r->has_gfp && (strstr(gfp, "ATOMIC") || strstr(gfp, "NOWAIT"));

		f = findings__add(&r->findings, MS_SEV_WARN, "alloc_failure",
				  atomic ? "vm.min_free_kbytes" : "vm.extfrag_threshold",
				  "order-%d allocation by %s failed", r->order, r->comm);
		if (f) {
			FINDING_SET(f, evidence, "gfp %#llx %s", (unsigned long long)r->gfp, gfp);
			FINDING_SET(f, why, "%s",
				    atomic ? "an atomic allocation cannot reclaim or compact: it "
					     "only has what is free above the min watermark"
					   : "the allocator gave up after reclaim and compaction");
			FINDING_SET(f, change, "%s",
				    atomic ? "raise vm.min_free_kbytes so atomic allocations "
					     "find free pages"
					   : "see the zone findings: raise watermarks if memory is "
					     "short, compact (vm.compaction_proactiveness, "
					     "vm.extfrag_threshold) if it is fragmented");
		}
	}
}

static void find_zones(struct ex_report *r)
{
	char zl[48], other[256], a[24], b[24];
	struct ms_finding *f;
	int i, j;

	for (i = 0; i < r->nzones; i++) {
		const struct ex_zone *z = &r->zones[i];
		size_t off = 0;

		if (!z->below_low)
			continue;
		other[0] = '\0';
		/* the memory the allocator could not turn to */
		for (j = 0; j < r->nzones && off < sizeof(other); j++) {
			const struct ex_zone *o = &r->zones[j];

			if (o == z || !o->has_wmark || o->below_min || o->free_kb < 64 * 1024 ||
			    (o->node != z->node && z->node >= 0))
				continue;
			off += snprintf(other + off, sizeof(other) - off, "%s %s has %s free",
					off ? "," : "; while", ex__zone_label(o, zl, sizeof(zl)),
					ex__human_kb(o->free_kb, a, sizeof(a)));
			if (o->reserve_kb > 0 && !o->usable && off < sizeof(other))
				off += snprintf(other + off, sizeof(other) - off,
						" (held back by lowmem_reserve %s)",
						ex__human_kb(o->reserve_kb, b, sizeof(b)));
		}
		f = findings__add(&r->findings, z->below_min ? MS_SEV_CRIT : MS_SEV_WARN,
				  z->below_min ? "zone_below_min" : "zone_below_low",
				  "vm.min_free_kbytes", "%s below its %s watermark",
				  ex__zone_label(z, zl, sizeof(zl)), z->below_min ? "min" : "low");
		if (!f)
			continue;
		FINDING_SET(f, evidence,
			    "free %lld kB < %s %lld kB (min %lld, low %lld, high %lld)%s",
			    (long long)z->free_kb, z->below_min ? "min" : "low",
			    (long long)(z->below_min ? z->min_kb : z->low_kb), (long long)z->min_kb,
			    (long long)z->low_kb, (long long)z->high_kb, other);
		FINDING_SET(f, why,
			    "below min only atomic/high-priority allocations may take pages; "
			    "everything else reclaims directly (stalls). kswapd wakes at low "
			    "and stops at high: a small low-high gap (%lld kB here) lets bursts "
			    "outrun it",
			    (long long)(z->high_kb - z->low_kb));
		FINDING_SET(f, change,
			    "raise vm.watermark_scale_factor (wider low-high gap, kswapd starts "
			    "earlier) or vm.min_free_kbytes (more kept free)");
	}
	for (i = 0; i < r->nzones; i++) {
		const struct ex_zone *z = &r->zones[i];

		if (z->reserve_kb <= 0 || z->usable || z->free_kb < 64 * 1024 || z->below_min)
			continue;
		f = findings__add(
			&r->findings, MS_SEV_INFO, "lowmem_reserve", "vm.lowmem_reserve_ratio",
			"%s: %s free but held back from %s allocations",
			ex__zone_label(z, zl, sizeof(zl)), ex__human_kb(z->free_kb, a, sizeof(a)),
			gfp__zone_name(r->gfp_zone));
		if (!f)
			continue;
		FINDING_SET(f, evidence, "free %lld kB <= min %lld kB + lowmem_reserve %lld kB",
			    (long long)z->free_kb, (long long)z->min_kb, (long long)z->reserve_kb);
		FINDING_SET(f, why,
			    "lowmem_reserve keeps low zones for allocations that can only use "
			    "them; a %s request may not fall back there",
			    gfp__zone_name(r->gfp_zone));
		FINDING_SET(f, change,
			    "normally leave it; the shortage is in the higher zone (raise its "
			    "watermarks)");
	}
}

static void find_fragmentation(struct ex_report *r)
{
	char zl[48], list[320];
	struct ms_finding *f;
	size_t off = 0;
	int i, worst = -1001;

	list[0] = '\0';
	for (i = 0; i < r->nzones; i++) {
		const struct ex_zone *z = &r->zones[i];

		if (!z->has_buddy || strcmp(z->name, "Normal") || off >= sizeof(list))
			continue;
		off += snprintf(list + off, sizeof(list) - off, "%s%s: largest free order %d%s",
				off ? "; " : "", ex__zone_label(z, zl, sizeof(zl)),
				z->largest_order,
				z->largest_order + 1 < z->norders ? "" : " (the top order)");
		if (r->order > 0 && r->order < z->norders && z->frag[r->order] > worst)
			worst = z->frag[r->order];
	}
	if (!off)
		return;
	if (r->order > 0 && worst > 500) {
		f = findings__add(&r->findings, MS_SEV_WARN, "fragmented", "vm.extfrag_threshold",
				  "order-%d request failed for fragmentation, not lack of memory",
				  r->order);
		if (f) {
			FINDING_SET(f, evidence, "fragmentation index %d.%03d at order %d; %s",
				    worst / 1000, worst % 1000, r->order, list);
			FINDING_SET(f, why,
				    "free memory exists only in blocks smaller than the request; "
				    "above vm.extfrag_threshold (default 500) the kernel compacts "
				    "rather than reclaims");
			FINDING_SET(
				f, change,
				"enable proactive compaction (vm.compaction_proactiveness, 5.9+), "
				"lower vm.extfrag_threshold, or avoid high-order allocations "
				"(THP defrag=madvise)");
		}
		return;
	}
	f = findings__add(&r->findings, MS_SEV_INFO, "high_orders", "vm.extfrag_threshold",
			  "free blocks by order in the Normal zones");
	if (f) {
		FINDING_SET(f, evidence, "%s", list);
		FINDING_SET(
			f, why, "%s",
			r->order >= 0 && worst == FRAG_SUCCEEDS
				? "blocks of the requested order were free (fragmentation index "
				  "-1): the request failed on watermarks, not fragmentation"
				: "high-order requests (THP, order >= 4 kmalloc, network "
				  "buffers) need compaction here");
		FINDING_SET(f, change,
			    "only for high-order trouble: vm.compaction_proactiveness, "
			    "vm.extfrag_threshold");
	}
}

static void find_memory(struct ex_report *r)
{
	char a[24], b[24], c[24], list[256];
	struct ms_finding *f;
	int64_t anon = pages_kb(r, sum2(r->mem.active_anon, r->mem.inactive_anon));
	int64_t ram = pages_kb(r, r->ram_pages);
	size_t off = 0;
	bool dirty = false;
	int i;

	list[0] = '\0';
	for (i = 0; i < r->nnodes && off < sizeof(list); i++) {
		const struct ex_node *n = &r->nodes[i];

		if (n->dirty_kb < 0)
			continue;
		dirty |= n->dirty_kb >= 1024 * 1024;
		off += snprintf(list + off, sizeof(list) - off, "%snode %d dirty %s writeback %s",
				off ? ", " : "", n->id, ex__human_kb(n->dirty_kb, a, sizeof(a)),
				ex__human_kb(n->writeback_kb, b, sizeof(b)));
	}
	if (dirty) {
		f = findings__add(&r->findings, MS_SEV_WARN, "dirty_pages",
				  "vm.dirty_background_bytes", "gigabytes of dirty page cache");
		if (f) {
			FINDING_SET(f, evidence, "%s", list);
			FINDING_SET(f, why,
				    "dirty pages cannot be dropped until written back: reclaim "
				    "skips or waits on them, and stalls grow with the writeback "
				    "backlog");
			FINDING_SET(f, change,
				    "cap the backlog: vm.dirty_background_bytes / vm.dirty_bytes "
				    "(or lower the _ratio pair)");
		}
	}
	if (r->swap_total_kb == 0 && anon > 0) {
		f = findings__add(&r->findings, MS_SEV_INFO, "no_swap", "vm.swappiness",
				  "no swap: %s of anon and shmem can never be reclaimed",
				  ex__human_kb(anon, a, sizeof(a)));
		if (f) {
			FINDING_SET(f, evidence, "Total swap = 0kB; anon LRU %s (shmem %s)",
				    ex__human_kb(anon, a, sizeof(a)),
				    ex__human_kb(pages_kb(r, r->mem.shmem), b, sizeof(b)));
			FINDING_SET(f, why,
				    "only page cache and reclaimable slab can be freed; "
				    "vm.swappiness has no effect");
			FINDING_SET(f, change,
				    "add swap (or zram) if anon/shmem is large, else size the "
				    "watermarks for a cache-only reclaim");
		}
	}
	if (r->hugetlb_kb > 0 && ram > 0 && r->hugetlb_kb * 10 >= ram) {
		f = findings__add(&r->findings, MS_SEV_WARN, "hugetlb_pool", "vm.nr_hugepages",
				  "%s reserved as hugetlb pages (%lld%% of RAM)",
				  ex__human_kb(r->hugetlb_kb, a, sizeof(a)),
				  (long long)(r->hugetlb_kb * 100 / ram));
		if (f) {
			int64_t hfree = 0;

			for (i = 0; i < r->nnodes; i++)
				hfree += r->nodes[i].huge_free_kb;
			FINDING_SET(
				f, evidence, "hugepages_total over all nodes %s, free %s, RAM %s",
				ex__human_kb(r->hugetlb_kb, a, sizeof(a)),
				ex__human_kb(hfree, b, sizeof(b)), ex__human_kb(ram, c, sizeof(c)));
			FINDING_SET(f, why,
				    "the hugetlb pool is taken out of the buddy allocator: the "
				    "watermarks and reclaim work on what remains");
			FINDING_SET(f, change, "shrink vm.nr_hugepages to what is used");
		}
	}
	if (r->mem.slab_reclaimable > 0 && ram > 0 &&
	    pages_kb(r, r->mem.slab_reclaimable) * 50 >= ram) {
		f = findings__add(&r->findings, MS_SEV_INFO, "slab_reclaimable",
				  "vm.vfs_cache_pressure",
				  "reclaimable slab (dentries, inodes) is %s",
				  ex__human_kb(pages_kb(r, r->mem.slab_reclaimable), a, sizeof(a)));
		if (f) {
			FINDING_SET(f, evidence, "slab_reclaimable:%lld pages",
				    (long long)r->mem.slab_reclaimable);
			FINDING_SET(f, why,
				    "it is reclaimed in proportion to vm.vfs_cache_pressure");
			FINDING_SET(f, change,
				    "raise vm.vfs_cache_pressure (default 100) to favour "
				    "dropping dentry/inode caches");
		}
	}
}

static void find_oom(struct ex_report *r)
{
	char a[24], b[24];
	struct ms_finding *f;

	if (r->kind != EX_KIND_OOM)
		return;
	if (r->no_killable) {
		f = findings__add(&r->findings, MS_SEV_CRIT, "oom_no_victim", "oom_score_adj",
				  "OOM with no killable process: the kernel panics or the "
				  "allocation fails");
		if (f) {
			FINDING_SET(f, evidence, "\"Out of memory and no killable processes\"");
			FINDING_SET(f, why,
				    "every candidate is unkillable (oom_score_adj -1000 or "
				    "kernel threads)");
			FINDING_SET(f, change, "do not set oom_score_adj=-1000 on everything");
		}
	}
	if (r->has_victim || r->victim.pid >= 0) {
		f = findings__add(&r->findings, MS_SEV_CRIT,
				  r->memcg_oom ? "memcg_oom" : "oom_kill",
				  r->memcg_oom ? "memory.max" : "vm.overcommit_memory",
				  "%s killed %s (pid %d), anon-rss %s",
				  r->memcg_oom ? "memcg OOM" : "OOM", r->victim.comm, r->victim.pid,
				  ex__human_kb(r->victim.anon_rss_kb, a, sizeof(a)));
		if (f) {
			FINDING_SET(f, evidence, "constraint %s%s%s, memcg usage %s of limit %s",
				    r->constraint[0] ? r->constraint : "?",
				    r->oom_memcg[0] ? ", memcg " : "", r->oom_memcg,
				    ex__human_kb(r->memcg_usage_kb, a, sizeof(a)),
				    ex__human_kb(r->memcg_limit_kb, b, sizeof(b)));
			FINDING_SET(f, why, "%s",
				    r->memcg_oom
					    ? "the cgroup reached its memory limit and reclaim "
					      "inside it freed too little"
					    : "reclaim could not free enough for the allocation: "
					      "see the unreclaimable memory");
			FINDING_SET(f, change, "%s",
				    r->memcg_oom
					    ? "raise the cgroup's limit (memory.max / "
					      "memory.limit_in_bytes) or reduce the workload"
					    : "add memory or swap, or bound the largest tasks");
		}
	}
	if (r->unreclaimable_kb > 0 && r->reclaimable_kb >= 0 &&
	    r->unreclaimable_kb > r->reclaimable_kb) {
		f = findings__add(&r->findings, MS_SEV_WARN, "unreclaimable", "",
				  "most memory was not reclaimable: %s vs %s reclaimable",
				  ex__human_kb(r->unreclaimable_kb, a, sizeof(a)),
				  ex__human_kb(r->reclaimable_kb, b, sizeof(b)));
		if (f) {
			FINDING_SET(f, evidence,
				    "slab_unreclaimable:%lld anon:%lld (pages), swap %s",
				    (long long)r->mem.slab_unreclaimable,
				    (long long)sum2(r->mem.active_anon, r->mem.inactive_anon),
				    r->swap_free_kb > 0 ? "available" : "none free");
			FINDING_SET(f, why,
				    "anon without swap, kernel slab and hugetlb pages "
				    "cannot be reclaimed");
			FINDING_SET(f, change, "find the owner (largest tasks, slab caches)");
		}
	}
}

/* Hung tasks and lockups in reclaim/compaction; userspace OOM kills. */
static void find_kinds(struct ex_report *r)
{
	struct ms_finding *f;

	if (r->kind == EX_KIND_HUNG || r->kind == EX_KIND_LOCKUP) {
		f = findings__add(&r->findings, MS_SEV_CRIT, "stall_in_reclaim", "",
				  "%s (pid %d) %s %lld s in %s", r->comm[0] ? r->comm : "?", r->pid,
				  r->kind == EX_KIND_HUNG ? "blocked" : "stuck on a CPU",
				  (long long)(r->stall_ms < 0 ? -1 : r->stall_ms / 1000),
				  r->stall_kind);
		if (f) {
			FINDING_SET(f, evidence, "%s, innermost frame %s",
				    r->kind == EX_KIND_HUNG ? "INFO: task ... blocked"
							    : "BUG: soft lockup",
				    r->nframes ? r->frames[0] : "(the task itself)");
			FINDING_SET(f, why, "the task was inside %s when the watchdog fired",
				    r->stall_kind);
			FINDING_SET(f, change,
				    "see memstall snoop / hist live for who else "
				    "stalls there and on what");
		}
	}
	if (r->kind == EX_KIND_USERSPACE) {
		f = findings__add(&r->findings, MS_SEV_CRIT, "userspace_oom_kill", "",
				  "%s killed %s", r->killer,
				  r->task_memcg[0]    ? r->task_memcg
				  : r->victim.comm[0] ? r->victim.comm
						      : "a process");
		if (f) {
			FINDING_SET(f, evidence, "pid %d%s%s", r->victim.pid,
				    r->reason[0] ? ": " : "", r->reason);
			FINDING_SET(f, why,
				    "a userspace OOM killer acts on memory pressure "
				    "(PSI) or free memory before the kernel's OOM killer would");
			FINDING_SET(f, change,
				    "memstall oom shows these kills live with the "
				    "cgroup's state and stalls before them");
		}
	}
}

static void find_meta(struct ex_report *r)
{
	struct ms_finding *f;

	if (r->has_gfp && r->gfp_assumed) {
		f = findings__add(&r->findings, MS_SEV_INFO, "gfp_assumed", "",
				  "GFP names decoded with an assumed layout");
		if (f) {
			FINDING_SET(f, evidence, "%s", r->gfp_basis);
			FINDING_SET(f, why, "GFP bits moved in 4.4, 4.10, 4.15, 4.18, 5.1 and 6.3");
			FINDING_SET(f, change, "pass --kernel VER for this log's kernel");
		}
	}
	if (r->truncated) {
		f = findings__add(&r->findings, MS_SEV_INFO, "truncated", "",
				  "the report is incomplete in the log");
		if (f) {
			FINDING_SET(f, evidence, "%s%s",
				    r->kind == EX_KIND_MEMINFO ? "no header; " : "",
				    r->has_meminfo ? "" : "no Mem-Info block");
			FINDING_SET(f, why, "printk drops or interleaves lines under load");
		}
	}
}

void explain__finish(struct ms_explain *e)
{
	int i, k;

	klog_reader__flush(e->reader);
	if (e->finished)
		return;
	e->finished = true;
	/* hung tasks and lockups outside reclaim/compaction are not kept */
	for (i = 0, k = 0; i < e->n; i++) {
		if (ex__is_memory_report(e->r[i]))
			e->r[k++] = e->r[i];
		else
			free(e->r[i]);
	}
	e->n = k;
	e->cur = -1;
	for (i = 0; i < e->n; i++) {
		struct ex_report *r = e->r[i];

		r->truncated = r->kind == EX_KIND_MEMINFO ||
			       ((r->kind == EX_KIND_STALL || r->kind == EX_KIND_ALLOC_FAIL) &&
				!r->has_meminfo) ||
			       (r->kind == EX_KIND_OOM && !r->has_victim && !r->no_killable &&
				r->victim.pid < 0);
		decode_gfp(e, r);
		analyse_zones(r);
		analyse_memory(r);
		find_oom(r);
		find_stall(r);
		find_zones(r);
		find_fragmentation(r);
		find_memory(r);
		find_kinds(r);
		find_meta(r);
	}
}
