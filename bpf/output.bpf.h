/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events out: one struct ms_event through the ring buffer, or the perf
 * buffer where the kernel has no ring buffer; the header every event has.
 */
#ifndef MEMSTALL_OUTPUT_BPF_H
#define MEMSTALL_OUTPUT_BPF_H

#include "maps.bpf.h"

/* Start an event of SIZE bytes (MS_EV_SIZE: a constant at each call): the
 * ring buffer's slot, or the per-CPU scratch that the perf buffer path
 * copies out whole. NULL (and a counted drop) when full. */
static __always_inline struct ms_event *ev_reserve(__u64 size)
{
	struct ms_event *e;
	__u32 zero = 0;

	if (use_ringbuf) {
		e = bpf_ringbuf_reserve(&events, size, 0);
		if (!e)
			count(MS_CNT_DROPS);
		return e;
	}
	return bpf_map_lookup_elem(&scratch, &zero);
}

/* An OOM kill (kernel or userspace killer): its own small ring buffer, so a
 * stall storm that fills the events buffer never costs a kill. */
static __always_inline struct ms_event *ev_reserve_kill(void)
{
	struct ms_event *e;
	__u32 zero = 0;

	if (use_ringbuf) {
		e = bpf_ringbuf_reserve(&kills, sizeof(*e), 0);
		if (!e)
			count(MS_CNT_KILL_DROPS);
		return e;
	}
	return bpf_map_lookup_elem(&scratch, &zero);
}

static __always_inline bool ev_is_kill(const struct ms_event *e)
{
	return e->type == MS_EV_OOM || e->type == MS_EV_UKILL;
}

static __always_inline void ev_submit(void *ctx, struct ms_event *e)
{
	bool kill = ev_is_kill(e);

	if (use_ringbuf) {
		/* Waking the reader costs an irq_work per event; it polls every
		 * 100 ms anyway. Wake it once the buffer passes the threshold
		 * (an eighth of it): it then drains everything in one batch. A
		 * kill is told at once: its cgroup often goes with it. (Waking
		 * on the producer position's crossings instead misses wakes when
		 * two CPUs produce: the 6.12 VM storm dropped 1,800 events.) */
		bool now =
			kill || bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > ringbuf_wake_bytes;

		bpf_ringbuf_submit(e, now ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
	} else if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, e, sizeof(*e))) {
		/* counted here only: the PERF_RECORD_LOST user space gets is
		 * the same loss (tracer__counters does not add it again) */
		count(kill ? MS_CNT_KILL_DROPS : MS_CNT_DROPS);
	}
	/* not counted when sent: user space counts what it reads (a per-CPU
	 * counter here cost ~15 ns an event) */
}

/* The header every event has: the current task, now, its memory cgroup and
 * comm. The cgroup by probe reads: loaded through BTF pointers, its __rcu
 * fields cost the verifier a search of the kernel's BTF each (snoop's
 * verification went from 16 to 45 ms on 6.18 that way). */
static __always_inline void ev_header_id(struct ms_event *e, __u32 type, __u64 now, __u64 cgid)
{
	__u64 id = bpf_get_current_pid_tgid();

	e->type = type;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->depth = 0;
	e->ts_ns = now;
	e->lat_ns = 0;
	e->cgroup_id = cgid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

static __always_inline void ev_header(struct ms_event *e, __u32 type, __u64 now)
{
	ev_header_id(e, type, now, ms_css_id(ms_task_memcg_css((void *)bpf_get_current_task())));
}

/* The current task's memory cgroup id for a stall, remembered in its record
 * (rec): two probe reads find the memcg's css; the three that lead from it
 * to the id (css->cgroup->kn->id, ~70 of a stall event's ~450 ns) only when
 * the css is not the one seen last. A css address stands for one cgroup
 * while the task is in it: a task moves out before its memcg can go, and a
 * memcg outlives its last task (its charged pages keep it). */
static __always_inline __u64 ev_memcg_id(struct ms_inflight *rec)
{
	struct cgroup_subsys_state *css = ms_task_memcg_css((void *)bpf_get_current_task());

	if ((__u64)css != rec->cg_css) {
		rec->cg_id = ms_css_id(css);
		rec->cg_css = (__u64)css;
	}
	return rec->cg_id;
}

#endif /* MEMSTALL_OUTPUT_BPF_H */
