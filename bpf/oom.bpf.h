/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OOM: the kill (oom:mark_victim, with oom_kill_process's control where it
 * was probed), the allocator's retry decisions, the reaper, and the
 * victim's exit (victims map, checked when any task exits).
 */
#ifndef MEMSTALL_OOM_BPF_H
#define MEMSTALL_OOM_BPF_H

#include "filters.bpf.h"
#include "record.bpf.h"
#include "output.bpf.h"
#include "compact.bpf.h"

static __always_inline int on_oom_kill_process(struct oom_control *oc)
{
	struct ms_inflight *rec;
	struct mem_cgroup *memcg;

	if (!wants(MS_KIND_OOM))
		return 0;
	rec = inflight_get(true);
	if (!rec)
		return 0;
	memcg = BPF_CORE_READ(oc, memcg);
	rec->oc_valid = 1;
	rec->oc_memcg_id = memcg ? ms_css_id(&memcg->css) : 0;
	rec->oc_gfp = BPF_CORE_READ(oc, gfp_mask);
	rec->oc_order = BPF_CORE_READ(oc, order);
	rec->oc_totalpages = BPF_CORE_READ(oc, totalpages);
	rec->oc_chosen_points = BPF_CORE_READ(oc, chosen_points);
	rec->oc_constraint = ms_oc_constraint(oc);
	return 0;
}

/* What oom_kill_process left in the trigger's record for its kill. */
struct oc_copy {
	__u64 memcg_id, gfp, totalpages;
	__s64 chosen_points;
	int order, constraint;
	__u32 valid;
};

/* The trigger's record, done with before the kill's event is built (an
 * open compaction episode closed, oom_kill_process's view taken): the
 * verifier then walks the event once, not once per place the record may
 * come from. */
static __always_inline void victim_trigger(__u64 *ctx, struct oc_copy *oc)
{
	struct ms_inflight *rec = inflight_get(false);

	if (!rec)
		return;
	if (rec->c_active)
		close_episode(ctx, rec, 0, false, 0);
	if (!oc_probed || !rec->oc_valid)
		return;
	oc->valid = 1;
	oc->memcg_id = rec->oc_memcg_id;
	oc->gfp = rec->oc_gfp;
	oc->order = rec->oc_order;
	oc->totalpages = rec->oc_totalpages;
	oc->chosen_points = rec->oc_chosen_points;
	oc->constraint = rec->oc_constraint;
	rec->oc_valid = 0;
}

static __always_inline int on_mark_victim(__u64 *ctx)
{
	struct task_struct *victim = 0;
	struct oc_copy oc = {};
	struct ms_event *e;
	__u32 vtid;
	__u64 now;

	/* branch on the rodata knob, not on the pointer: the verifier then
	 * never sees the other layout's argument (a task pointer read as a
	 * pid is refused by older verifiers) */
	if (victim_is_task)
		victim = (void *)ctx[0];
	if (!wants(MS_KIND_OOM) || !wanted_for(victim))
		return 0;
	count(MS_CNT_OOM_KILLS);
	now = bpf_ktime_get_ns(); /* kills are rare: sent even in hist mode (top lists them) */
	victim_trigger(ctx, &oc);
	e = ev_reserve_kill();
	if (!e)
		return 0;
	ev_header(e, MS_EV_OOM, now);
	__builtin_memset(&e->oom, 0, sizeof(e->oom));
	/* the trigger's allocation stack (memstall oom) */
	e->oom.kstack = oom_kstack || want_kstack ? stack_id(ctx, 0) : -1;
	if (victim_is_task) {
		vtid = BPF_CORE_READ(victim, pid);
		e->oom.victim_is_task = 1;
		e->oom.victim_pid = BPF_CORE_READ(victim, tgid);
		e->oom.victim_tid = vtid;
		e->oom.uid = (__u32)ctx[1];
		BPF_CORE_READ_STR_INTO(&e->oom.victim_comm, victim, comm);
		e->oom.victim_cgroup_id = ms_css_id(ms_task_memcg_css(victim));
		e->oom.oom_score_adj = BPF_CORE_READ(victim, signal, oom_score_adj);
		ms_mm_rss(BPF_CORE_READ(victim, mm), &e->oom.rss_kb[0], &e->oom.rss_kb[1],
			  &e->oom.rss_kb[2]);
		/* pages -> kB (x86: 4 KiB pages) */
		e->oom.rss_kb[0] <<= 2;
		e->oom.rss_kb[1] <<= 2;
		e->oom.rss_kb[2] <<= 2;
	} else {
		vtid = (__u32)ctx[0];
		e->oom.victim_pid = vtid;
		e->oom.victim_tid = vtid;
	}
	bpf_map_update_elem(&victims, &vtid, &now, BPF_ANY);
	e->oom.have_oc = oc.valid;
	e->oom.memcg_id = oc.memcg_id;
	e->oom.gfp = oc.gfp;
	e->oom.order = oc.order;
	e->oom.totalpages = oc.totalpages;
	e->oom.chosen_points = oc.chosen_points;
	e->oom.constraint = oc.constraint;
	ev_submit(ctx, e);
	return 0;
}

static __always_inline int on_reclaim_retry(__u64 *ctx)
{
	/* (struct zoneref *, int order, ulong reclaimable, ulong available,
	 *  ulong min_wmark, int no_progress_loops, bool wmark_check) */
	struct zoneref *zr = (void *)ctx[0];
	struct ms_event *e;
	__u64 now;

	if (!wants(MS_KIND_OOM) || !task_wanted())
		return 0;
	now = bpf_ktime_get_ns(); /* before the slot: see evq.c */
	e = ev_reserve(MS_EV_SIZE(retry));
	if (!e)
		return 0;
	ev_header(e, MS_EV_RECLAIM_RETRY, now);
	__builtin_memset(&e->retry, 0, sizeof(e->retry));
	e->retry.node = BPF_CORE_READ(zr, zone, zone_pgdat, node_id);
	e->retry.zone_idx = BPF_CORE_READ(zr, zone_idx);
	e->retry.order = (int)ctx[1];
	e->retry.reclaimable = ctx[2];
	e->retry.available = ctx[3];
	e->retry.min_wmark = ctx[4];
	e->retry.loops = (int)ctx[5];
	e->retry.ret = ctx[6] ? 1 : 0;
	ev_submit(ctx, e);
	return 0;
}

static __always_inline int on_compact_retry(__u64 *ctx)
{
	/* (int order, enum compact_priority, enum compact_result, int retries,
	 *  int max_retries, bool ret) */
	struct ms_event *e;
	__u64 now;

	if (!wants(MS_KIND_OOM) || !task_wanted())
		return 0;
	now = bpf_ktime_get_ns(); /* before the slot: see evq.c */
	e = ev_reserve(MS_EV_SIZE(retry));
	if (!e)
		return 0;
	ev_header(e, MS_EV_COMPACT_RETRY, now);
	__builtin_memset(&e->retry, 0, sizeof(e->retry));
	e->retry.order = (int)ctx[0];
	e->retry.prio = (int)ctx[1];
	e->retry.result = (int)ctx[2];
	e->retry.loops = (int)ctx[3];
	e->retry.max_retries = (int)ctx[4];
	e->retry.ret = ctx[5] ? 1 : 0;
	e->retry.node = -1;
	e->retry.zone_idx = -1;
	ev_submit(ctx, e);
	return 0;
}

static __always_inline int on_reap(__u64 *ctx, unsigned int what)
{
	/* (int pid), in the oom_reaper thread or the exiting victim */
	struct ms_event *e;
	__u64 now;

	if (!wants(MS_KIND_OOM))
		return 0;
	now = bpf_ktime_get_ns(); /* before the slot: see evq.c */
	e = ev_reserve(MS_EV_SIZE_REAP);
	if (!e)
		return 0;
	ev_header(e, MS_EV_REAP, now);
	e->reap.what = what;
	e->reap.pid = (__u32)ctx[0];
	ev_submit(ctx, e);
	return 0;
}

/* A task exits: free its record (hash fallback) and note an OOM victim's end. */
static __always_inline int on_task_exit(__u64 *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ms_event *e;
	__u64 now;

	inflight_release();
	if (!wants(MS_KIND_OOM) || !bpf_map_lookup_elem(&victims, &tid))
		return 0;
	bpf_map_delete_elem(&victims, &tid);
	now = bpf_ktime_get_ns(); /* before the slot: see evq.c */
	e = ev_reserve(MS_EV_SIZE_REAP);
	if (!e)
		return 0;
	ev_header(e, MS_EV_REAP, now);
	e->reap.what = MS_REAP_EXIT;
	e->reap.pid = tid;
	ev_submit(ctx, e);
	return 0;
}

#endif /* MEMSTALL_OOM_BPF_H */
