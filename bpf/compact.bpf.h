/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compaction: a direct compaction episode in the task's record (opened at
 * try_to_compact_pages, ended exactly at its return or derived from its
 * zone runs), one event per zone run with the zone's snapshot.
 */
#ifndef MEMSTALL_COMPACT_BPF_H
#define MEMSTALL_COMPACT_BPF_H

#include "filters.bpf.h"
#include "record.bpf.h"
#include "output.bpf.h"
#include "hist.bpf.h"
#include "stacks.bpf.h"

/* Emit the direct compaction episode and forget it. exact: end_ns is the
 * function's return (fexit/kretprobe); else the episode is the sum of its
 * per-zone runs and ends at the last zone's end. */
static __always_inline void close_episode(void *ctx, struct ms_inflight *rec, __u64 end_ns,
					  bool exact, int result)
{
	struct ms_event *e;
	__u64 lat;

	rec->c_active = 0;
	if (!wants(MS_KIND_COMPACT))
		return;
	if (exact) {
		rec->c_ep.result = result;
		lat = end_ns - rec->c_start_ns;
	} else {
		lat = rec->c_ep.zone_ns;
		end_ns = rec->c_start_ns + lat;
	}
	if (lat < min_ns) {
		count(MS_CNT_FILTERED);
		return;
	}
	if (hist_mode) { /* direct compaction: the allocation's stall */
		struct ms_hkey k = {};
		__u32 sgen;

		/* as compact_stall: an episode that found every zone unsuitable
		 * did not compact (and took next to no time) */
		if (rec->c_ep.result == bpf_core_enum_value(enum compact_result, COMPACT_SKIPPED))
			return;
		if (stacks_mode && !stacks_hist) {
			stacks_add(MS_KIND_COMPACT, rec->c_kstack, rec->c_ustack, lat, 0);
			return;
		}
		k.kind = MS_KIND_COMPACT;
		if (hist_by & MS_BY_ORDER)
			k.order = rec->c_ep.order;
		if (hist_by & MS_BY_GFP)
			k.gfp = rec->c_ep.gfp;
		if (hist_by & (MS_BY_NODE | MS_BY_ZONE)) {
			k.node = rec->c_zone.node; /* the last zone compacted */
			__builtin_memcpy(k.zone, rec->c_zone.zone, sizeof(k.zone));
		}
		sgen = hist_add(&k, lat, 0, 0);
		if (stacks_mode) /* record --stacks: both, one generation */
			stacks_add(MS_KIND_COMPACT, rec->c_kstack, rec->c_ustack, lat, sgen);
		return;
	}
	e = ev_reserve(MS_EV_SIZE(ce));
	if (!e)
		return;
	ev_header(e, MS_EV_COMPACT_EPISODE, end_ns);
	e->lat_ns = lat;
	__builtin_memcpy(&e->ce, &rec->c_ep, sizeof(e->ce));
	e->ce.exact = exact;
	ev_submit(ctx, e);
}

static __always_inline int on_try_compact(__u64 *ctx)
{
	/* (int order, gfp_t gfp_mask, int prio) */
	struct ms_inflight *rec;
	__u64 now;

	rec = wanted_record();
	if (!rec)
		return 0;
	if (rec->c_active)
		close_episode(ctx, rec, 0, false, 0);
	if (stacks_mode) /* before the clock: not part of the stall's time */
		stack_capture(ctx, rec, MS_KIND_COMPACT, rec->depth, &rec->c_kstack,
			      &rec->c_ustack);
	now = bpf_ktime_get_ns();
	__builtin_memset(&rec->c_ep, 0, sizeof(rec->c_ep));
	rec->c_active = 1;
	rec->c_start_ns = now;
	rec->c_ep.id = now;
	rec->c_ep.order = (int)ctx[0];
	rec->c_ep.gfp = ctx[1] & 0xffffffffULL;
	rec->c_ep.prio = (int)ctx[2];
	rec->c_ep.result = bpf_core_enum_value(enum compact_result, COMPACT_SKIPPED);
	return 0;
}

static __always_inline void episode_result(struct ms_inflight *rec, int r)
{
	if (r > rec->c_ep.result)
		rec->c_ep.result = r;
}

static __always_inline void zone_snapshot(struct zone *z, struct ms_compact_zone *cz)
{
	unsigned int i, stride, size;
	void *base;

	cz->node = BPF_CORE_READ(z, zone_pgdat, node_id);
	bpf_probe_read_kernel_str(cz->zone, sizeof(cz->zone), BPF_CORE_READ(z, name));
	cz->free = BPF_CORE_READ(z, vm_stat[0].counter); /* NR_FREE_PAGES is 0 */
	cz->wmark[0] = BPF_CORE_READ(z, _watermark[0]);
	cz->wmark[1] = BPF_CORE_READ(z, _watermark[1]);
	cz->wmark[2] = BPF_CORE_READ(z, _watermark[2]);
	if (bpf_core_field_exists(z->watermark_boost))
		cz->boost = BPF_CORE_READ(z, watermark_boost);
	/* free_area[] has a config-dependent element size (MIGRATE_TYPES):
	 * step through it with the running kernel's sizes, not vmlinux.h's */
	stride = bpf_core_type_size(struct free_area);
	size = bpf_core_field_size(z->free_area);
	base = (void *)z + bpf_core_field_offset(z->free_area) +
	       bpf_core_field_offset(struct free_area, nr_free);
	/* unrolled, each order's test on relocated constants (a product, not
	 * a quotient: the verifier computes it): it keeps only the orders the
	 * kernel has and walks straight code once, where a loop is walked per
	 * iteration */
#pragma unroll
	for (i = 0; i < MS_FREE_ORDERS; i++) {
		unsigned long nr = 0;

		if (!stride || (i + 1) * stride > size)
			break;
		bpf_probe_read_kernel(&nr, sizeof(nr), base + i * stride);
		cz->nr_free[i] = nr;
		cz->norders = i + 1;
	}
}

static __always_inline int on_compaction_begin(__u64 *ctx)
{
	/* (struct compact_control *cc, ulong zone_start, ulong zone_end, bool sync) */
	struct compact_control *cc = (void *)ctx[0];
	struct task_struct *t = (void *)bpf_get_current_task();
	struct ms_compact_zone *cz;
	struct ms_inflight *rec;

	if (!wants(MS_KIND_COMPACT))
		return 0;
	rec = wanted_record();
	if (!rec)
		return 0;
	cz = &rec->c_zone;
	__builtin_memset(cz, 0, sizeof(*cz));
	zone_snapshot(BPF_CORE_READ(cc, zone), cz);
	cz->order = BPF_CORE_READ(cc, order);
	cz->gfp = BPF_CORE_READ(cc, gfp_mask);
	cz->mode = BPF_CORE_READ(cc, mode);
	cz->whole_zone = BPF_CORE_READ(cc, whole_zone);
	cz->sync = ctx[3] ? 1 : 0;
	cz->prio = -1;
	if (rec->c_active && BPF_CORE_READ(cc, direct_compaction)) {
		cz->src = MS_CSRC_DIRECT;
		cz->episode = rec->c_ep.id;
		cz->prio = rec->c_ep.prio;
	} else if (BPF_CORE_READ(t, flags) & 0x00200000 /* PF_KTHREAD */) {
		cz->src = ms_cc_proactive(cc) ? MS_CSRC_PROACTIVE : MS_CSRC_KCOMPACTD;
	} else {
		cz->src = MS_CSRC_MANUAL;
	}
	rec->c_zone_open = 1;
	rec->c_zone_start_ns = bpf_ktime_get_ns();
	return 0;
}

/* memstall export: one more run of this node, zone, result and source */
static __always_inline void count_compact_run(const struct ms_compact_zone *cz)
{
	struct ms_ckey k = {};
	static const __u64 one = 1;
	__u64 *v;

	k.node = cz->node;
	k.status = cz->status;
	k.src = cz->src;
	__builtin_memcpy(k.zone, cz->zone, sizeof(k.zone));
	v = bpf_map_lookup_elem(&compact_runs, &k);
	if (v) {
		*v += 1;
		return;
	}
	if (bpf_map_update_elem(&compact_runs, &k, &one, BPF_NOEXIST)) {
		v = bpf_map_lookup_elem(&compact_runs, &k); /* another CPU added it */
		if (v)
			*v += 1;
		else
			count(MS_CNT_HIST_OVERFLOW);
	}
}

static __always_inline int on_compaction_end(__u64 *ctx)
{
	/* (cc, zone_start, zone_end, bool sync, int status) */
	struct ms_inflight *rec = inflight_get(false);
	struct ms_event *e;
	__u64 now, lat;

	if (!rec || !rec->c_zone_open)
		return 0;
	rec->c_zone_open = 0;
	now = bpf_ktime_get_ns();
	lat = now - rec->c_zone_start_ns;
	rec->c_zone.status = (int)ctx[4];
	if (rec->c_active && rec->c_zone.src == MS_CSRC_DIRECT) {
		rec->c_ep.nzones++;
		rec->c_ep.zone_ns += lat;
		episode_result(rec, rec->c_zone.status);
	}
	if (lat < min_ns) {
		count(MS_CNT_FILTERED);
		return 0;
	}
	if (hist_mode) { /* zone runs are parts of episodes (direct) or no stall */
		if (count_compact)
			count_compact_run(&rec->c_zone);
		return 0;
	}
	e = ev_reserve(MS_EV_SIZE(cz));
	if (!e)
		return 0;
	ev_header(e, MS_EV_COMPACT_ZONE, now);
	e->lat_ns = lat;
	__builtin_memcpy(&e->cz, &rec->c_zone, sizeof(e->cz));
	ev_submit(ctx, e);
	return 0;
}

static __always_inline int on_compaction_deferred(__u64 *ctx)
{
	/* (struct zone *zone, int order) */
	struct ms_inflight *rec = inflight_get(false);

	if (rec && rec->c_active) {
		rec->c_ep.ndeferred++;
		episode_result(rec, bpf_core_enum_value(enum compact_result, COMPACT_DEFERRED));
	}
	return 0;
}

static __always_inline int on_compaction_suitable(__u64 *ctx)
{
	/* (struct zone *zone, int order, int ret) */
	struct ms_inflight *rec = inflight_get(false);
	int ret = (int)ctx[2];

	if (rec && rec->c_active && !rec->c_zone_open &&
	    ret != bpf_core_enum_value(enum compact_result, COMPACT_CONTINUE)) {
		rec->c_ep.nskipped++;
		episode_result(rec, ret);
	}
	return 0;
}

static __always_inline int on_try_compact_exit(void *ctx, int ret)
{
	struct ms_inflight *rec = inflight_get(false);

	if (rec && rec->c_active)
		close_episode(ctx, rec, bpf_ktime_get_ns(), true, ret);
	return 0;
}

#endif /* MEMSTALL_COMPACT_BPF_H */
