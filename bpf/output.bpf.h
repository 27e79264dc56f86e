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

/*
 * Room for a stall event of SIZE bytes (a constant) in the current CPU's
 * ring (memstall.h struct ms_pring_hdr), *ring set to it for pr_commit; or
 * NULL, for the ring buffer to take the event: a full ring, or one being
 * written (a program of ours cannot interrupt another on its CPU: the
 * tracepoints run them with preemption off; the flag costs nothing on a
 * line already in hand). Room is known free up to limit; tail, user
 * space's line, is read only past check_at: for room it freed, and to
 * wake the reader (an 8-byte record through the ring buffer, which the
 * reader polls) once the ring is pring_wake bytes full, and again every
 * quarter of that while it stays so.
 */
static __always_inline struct ms_event *pr_reserve(struct ms_pring_hdr **ring, __u32 size)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 h, t, need = MS_PRING_REC_HDR + size, wake = 0;
	struct ms_pring_hdr *r;
	char *rec;

	_Static_assert(MS_PRING_REC_HDR + MS_EV_SIZE(stall) <= MS_PRING_SLACK,
		       "a record fits in the slack past the ring's end");
	r = bpf_map_lookup_elem(&stall_rings, &cpu);
	if (!r || r->busy)
		return NULL;
	h = r->head;
	if (h + need > r->check_at) {
		t = *(volatile __u64 *)&r->tail;
		r->limit = t + pring_seg;
		if (h + need > r->limit)
			return NULL;
		if (h + need - t > pring_wake) {
			bpf_ringbuf_output(&events, &wake, sizeof(wake), BPF_RB_FORCE_WAKEUP);
			r->check_at = h + pring_wake / 4;
		} else {
			r->check_at = t + pring_wake;
		}
		if (r->check_at > r->limit)
			r->check_at = r->limit;
	}
	r->busy = 1;
	rec = (char *)(r + 1) + (h & (pring_seg - 1));
	*(__u32 *)rec = size;
	*ring = r;
	return (struct ms_event *)(rec + MS_PRING_REC_HDR);
}

/* The event of SIZE bytes pr_reserve gave room for, published: the record
 * is stored before the position that shows it (x86 keeps stores in program
 * order, the only architecture the rings are used on: kfeatures.c), the
 * compiler held to it by the barriers. */
static __always_inline void pr_commit(struct ms_pring_hdr *r, __u32 size)
{
	barrier();
	r->head += MS_PRING_REC_HDR + size;
	barrier();
	r->busy = 0;
}

/* A stall event of SIZE bytes (a constant): in the CPU's ring (*ring set),
 * else (a full ring, or none) in the ring buffer (*ring left NULL); NULL
 * when both are full (counted). */
static __always_inline struct ms_event *stall_reserve(struct ms_pring_hdr **ring, __u32 size)
{
	struct ms_event *e = use_pring ? pr_reserve(ring, size) : NULL;

	return e ?: ev_reserve(size);
}

/* The stall event stall_reserve gave (ring as it set it) sent. */
static __always_inline void stall_submit(void *ctx, struct ms_event *e, struct ms_pring_hdr *ring,
					 __u32 size)
{
	if (ring)
		pr_commit(ring, size);
	else
		ev_submit(ctx, e);
}

/* The header's fields but the task's (pid, tid, comm): the type, now, the
 * memory cgroup's id. */
static __always_inline void ev_header_base(struct ms_event *e, __u32 type, __u64 now, __u64 cgid)
{
	e->type = type;
	e->depth = 0;
	e->ts_ns = now;
	e->lat_ns = 0;
	e->cgroup_id = cgid;
}

/* The header every event has: the current task, now, its memory cgroup and
 * comm. The cgroup by probe reads: loaded through BTF pointers, its __rcu
 * fields cost the verifier a search of the kernel's BTF each (snoop's
 * verification went from 16 to 45 ms on 6.18 that way). */
static __always_inline void ev_header(struct ms_event *e, __u32 type, __u64 now)
{
	__u64 id = bpf_get_current_pid_tgid();

	ev_header_base(e, type, now, ms_css_id(ms_task_memcg_css((void *)bpf_get_current_task())));
	e->pid = id >> 32;
	e->tid = (__u32)id;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

/*
 * A stall's pid, tid and comm from its task's record (rec), where they are
 * kept: the three task_struct lines they are read from are cold after a
 * reclaim (~60 ns each of a stall event, bench/RESULTS.md). They change
 * only when a task is renamed (__set_task_comm: prctl, /proc/PID/comm, and
 * exec, which gives a thread that execs its leader's pid before it renames
 * it), and every rename bumps names_gen (on_task_rename). The tracepoint
 * fires before the new name is written (under the task's lock): what is
 * read within 1 ms of a rename is not kept.
 */
static __always_inline void ev_ident(struct ms_event *e, struct ms_inflight *rec, __u64 now)
{
	__u64 gen = names_gen + 1;

	if (rec->id_gen != gen || !names_hooked) {
		__u64 id = bpf_get_current_pid_tgid();

		rec->id_pid = id >> 32;
		rec->id_tid = (__u32)id;
		bpf_get_current_comm(rec->id_comm, sizeof(rec->id_comm));
		rec->id_gen = names_hooked && (__s64)(now - names_gen_ns) > 1000000 ? gen : 0;
	}
	e->pid = rec->id_pid;
	e->tid = rec->id_tid;
	__builtin_memcpy(e->comm, rec->id_comm, sizeof(e->comm));
}

/* task:task_rename(task, comm): kept names are read again */
static __always_inline int on_task_rename(void)
{
	names_gen_ns = bpf_ktime_get_ns();
	__sync_fetch_and_add(&names_gen, 1);
	return 0;
}

/* How long a task's memory cgroup is trusted without reading it again
 * (ev_memcg_id): the bound on not seeing a move no tracepoint tells of. */
#define MS_MEMCG_REREAD_NS 10000000ULL

/*
 * The current task's memory cgroup id for a stall, kept in its record (rec).
 * Kept as read while no task was moved between cgroups (cgroups_gen: the
 * attach and transfer tracepoints), for at most MS_MEMCG_REREAD_NS: a
 * controller enabled or disabled in a v2 subtree_control moves tasks to
 * another css with no tracepoint. Reading it is two probe reads of cold
 * lines (task->cgroups, the css_set: ~50 ns of a stall event); the three
 * that lead from the css to the id (css->cgroup->kn->id) only when the css
 * is not the one seen last. A css address stands for one cgroup while the
 * task is in it: a task moves out before its memcg can go, and a memcg
 * outlives its last task (its charged pages keep it).
 */
static __always_inline __u64 ev_memcg_id(struct ms_inflight *rec, __u64 now)
{
	__u64 gen = cgroups_gen + 1; /* first: a move after it is seen next time */
	struct cgroup_subsys_state *css;

	if (cgroups_hooked && rec->cg_gen == gen && now - rec->cg_read_ns < MS_MEMCG_REREAD_NS)
		return rec->cg_id;
	css = ms_task_memcg_css((void *)bpf_get_current_task());
	if ((__u64)css != rec->cg_css) {
		rec->cg_id = ms_css_id(css);
		rec->cg_css = (__u64)css;
	}
	rec->cg_gen = gen;
	rec->cg_read_ns = now;
	return rec->cg_id;
}

/* cgroup:cgroup_attach_task, cgroup_transfer_tasks: kept memcgs are read
 * again */
static __always_inline int on_cgroup_moved(void)
{
	__sync_fetch_and_add(&cgroups_gen, 1);
	return 0;
}

/* The header of an event of the task whose record is rec: its identity and
 * memory cgroup as kept there (ev_ident, ev_memcg_id). */
static __always_inline void ev_header_rec(struct ms_event *e, __u32 type, __u64 now,
					  struct ms_inflight *rec)
{
	ev_header_base(e, type, now, ev_memcg_id(rec, now));
	ev_ident(e, rec, now);
}

#endif /* MEMSTALL_OUTPUT_BPF_H */
