// SPDX-License-Identifier: GPL-2.0
/*
 * memstall's one BPF object. Every hook exists in the flavours the attach
 * table (user/attach.c) may choose from; user space enables only what the
 * subcommand needs and what the running kernel allows.
 *
 * Data path: *_begin pushes a frame on the task's in-flight record; LRU
 * shrink tracepoints add scanned/reclaimed pages to the top frame; *_end pops
 * it and emits one struct ms_event through the ring buffer (perf buffer when
 * the kernel has no ring buffer).
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "memstall.h"
#include "core_fixes.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Knobs set by user space before load (see user/tracer.c). */
const volatile bool use_task_storage = true;
const volatile bool use_ringbuf = true;
const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_tid = 0;
const volatile __u64 targ_cgid = 0;
const volatile bool filter_comm = false;
const volatile char targ_comm[MS_COMM_LEN] = {};
const volatile __u64 min_ns = 0;
const volatile __u32 kinds_mask = MS_KINDS_ALL;
/* Position of gfp in *_reclaim_begin's raw arguments: 1 for (order, gfp),
 * 2 for the 4.8-5.1 layout (order, may_writepage, gfp, classzone_idx). */
const volatile __u32 begin_gfp_idx = 1;

static const struct ms_inflight zero_inflight;

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ms_inflight);
} inflight SEC(".maps"); /* user space turns it into a hash by tid if needed */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MS_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ms_event);
} scratch SEC(".maps"); /* perf-buffer path builds the event here */

static __always_inline void count(enum ms_counter c)
{
	__u32 key = c;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		*v += 1;
}

static __always_inline bool comm_matches(void)
{
	char comm[MS_COMM_LEN];
	int i;

	bpf_get_current_comm(comm, sizeof(comm));
	for (i = 0; i < MS_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

static __always_inline bool cgroup_matches(struct cgroup_subsys_state *css)
{
	int i;

	for (i = 0; i < MS_CGROUP_LEVELS && css; i++) {
		if (ms_css_id(css) == targ_cgid)
			return true;
		css = BPF_CORE_READ(css, parent);
	}
	return false;
}

/* Filters that depend only on the current task (run in the kernel). */
static __always_inline bool task_wanted(void)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (targ_tgid && (__u32)(id >> 32) != targ_tgid)
		return false;
	if (targ_tid && (__u32)id != targ_tid)
		return false;
	if (filter_comm && !comm_matches())
		return false;
	if (targ_cgid) {
		struct task_struct *t = (void *)bpf_get_current_task();

		if (!cgroup_matches(ms_task_memcg_css(t)))
			return false;
	}
	return true;
}

static __always_inline struct ms_inflight *inflight_get(bool create)
{
	struct ms_inflight *rec;
	__u32 tid;

	if (use_task_storage)
		return bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
					    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	tid = (__u32)bpf_get_current_pid_tgid();
	rec = bpf_map_lookup_elem(&inflight, &tid);
	if (rec || !create)
		return rec;
	bpf_map_update_elem(&inflight, &tid, &zero_inflight, BPF_NOEXIST);
	return bpf_map_lookup_elem(&inflight, &tid);
}

static __always_inline void inflight_release(void)
{
	__u32 tid;

	if (use_task_storage)
		return; /* storage stays with the task and dies with it */
	tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_delete_elem(&inflight, &tid);
}

/* Bounds-checked frame access the verifier can follow. */
static __always_inline struct ms_frame *frame_at(struct ms_inflight *rec, __u32 i)
{
	if (i >= MS_MAX_DEPTH)
		return 0;
	barrier_var(i);
	return &rec->frames[i & (MS_MAX_DEPTH - 1)];
}

static __always_inline int stall_begin(unsigned int kind, int order, __u64 gfp, int nid)
{
	struct ms_inflight *rec;
	struct ms_frame *f;
	__u32 d;

	if (!task_wanted())
		return 0;
	rec = inflight_get(true);
	if (!rec) {
		count(MS_CNT_NOSTORE);
		return 0;
	}
	d = rec->depth;
	f = frame_at(rec, d);
	if (!f) {
		rec->lost++;
		count(MS_CNT_DEPTH);
		return 0;
	}
	__builtin_memset(f, 0, sizeof(*f));
	f->start_ns = bpf_ktime_get_ns();
	f->kind = kind;
	f->order = order;
	f->gfp = gfp;
	f->nid = nid;
	f->min_prio = 99;
	if (d > 0)
		f->flags |= MS_EVF_NESTED;
	if (rec->lost)
		f->flags |= MS_EVF_TRUNCATED;
	rec->depth = d + 1;
	return 0;
}

static __always_inline void fill_event(struct ms_event *e, struct ms_frame *f, __u64 now,
				       __u64 nr_reclaimed, __u32 depth)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct task_struct *t = (void *)bpf_get_current_task();

	e->ts_ns = now;
	e->lat_ns = now - f->start_ns;
	e->cgroup_id = ms_css_id(ms_task_memcg_css(t));
	e->nr_reclaimed_end = nr_reclaimed;
	__builtin_memcpy(&e->f, f, sizeof(*f));
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->depth = depth;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

static __always_inline void emit(void *ctx, struct ms_frame *f, __u64 now, __u64 nr_reclaimed,
				 __u32 depth)
{
	struct ms_event *e;
	__u32 zero = 0;

	if (use_ringbuf) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e) {
			count(MS_CNT_DROPS);
			return;
		}
		fill_event(e, f, now, nr_reclaimed, depth);
		bpf_ringbuf_submit(e, 0);
	} else {
		e = bpf_map_lookup_elem(&scratch, &zero);
		if (!e)
			return;
		fill_event(e, f, now, nr_reclaimed, depth);
		if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, e, sizeof(*e))) {
			count(MS_CNT_DROPS);
			return;
		}
	}
	count(MS_CNT_EVENTS);
}

static __always_inline void frame_add(struct ms_frame *dst, struct ms_frame *src)
{
	int i;

	dst->scanned[0] += src->scanned[0];
	dst->scanned[1] += src->scanned[1];
	dst->reclaimed[0] += src->reclaimed[0];
	dst->reclaimed[1] += src->reclaimed[1];
	dst->active_taken += src->active_taken;
	dst->nodes_mask |= src->nodes_mask;
	dst->nr_passes += src->nr_passes;
	if (src->min_prio < dst->min_prio)
		dst->min_prio = src->min_prio;
	for (i = 0; i < MS_MAX_NODES; i++) {
		dst->node_scanned[i] += src->node_scanned[i];
		dst->node_reclaimed[i] += src->node_reclaimed[i];
	}
}

static __always_inline int stall_end(void *ctx, unsigned int kind, __u64 nr_reclaimed)
{
	struct ms_inflight *rec = inflight_get(false);
	struct ms_frame *f, *parent;
	__u64 now;
	__u32 d;

	if (!rec || !rec->depth) {
		if (task_wanted())
			count(MS_CNT_ORPHAN_END);
		return 0;
	}
	if (rec->lost) {
		rec->lost--; /* the end of a frame we could not keep */
		return 0;
	}
	d = rec->depth - 1;
	f = frame_at(rec, d);
	if (!f)
		return 0;
	rec->depth = d;
	if (f->kind != kind) /* unbalanced: drop the frame, keep going */
		count(MS_CNT_ORPHAN_END);
	now = bpf_ktime_get_ns();
	parent = d > 0 ? frame_at(rec, d - 1) : 0;
	if (parent) /* the outer stall also did the inner one's work */
		frame_add(parent, f);
	if (f->kind == kind && (kinds_mask & (1u << kind))) {
		if (now - f->start_ns >= min_ns)
			emit(ctx, f, now, nr_reclaimed, d);
		else
			count(MS_CNT_FILTERED);
	}
	if (!d)
		inflight_release();
	return 0;
}

static __always_inline struct ms_frame *top_frame(void)
{
	struct ms_inflight *rec = inflight_get(false);

	if (!rec || !rec->depth)
		return 0;
	return frame_at(rec, rec->depth - 1);
}

static __always_inline void note_prio(struct ms_frame *f, int prio)
{
	if (prio < f->min_prio)
		f->min_prio = prio;
}

/* ---- handlers (ctx is the raw argument array in both tp_btf and raw_tp) ---- */

static __always_inline int on_reclaim_begin(__u64 *ctx, unsigned int kind)
{
	__u64 gfp;

	/* two separate loads: the verifier forbids a computed ctx offset */
	if (begin_gfp_idx == 2) {
		gfp = ctx[2];
		barrier_var(gfp);
	} else {
		gfp = ctx[1];
	}
	return stall_begin(kind, (int)ctx[0], gfp & 0xffffffffULL, -1);
}

static __always_inline int on_node_begin(__u64 *ctx)
{
	/* (int nid, int order, gfp_t gfp_flags) */
	return stall_begin(MS_KIND_NODE, (int)ctx[1], ctx[2] & 0xffffffffULL, (int)ctx[0]);
}

static __always_inline int on_shrink_inactive(__u64 *ctx)
{
	/* (int nid, ulong nr_scanned, ulong nr_reclaimed, struct reclaim_stat *,
	 *  int priority, int file) */
	struct ms_frame *f = top_frame();
	int nid = (int)ctx[0];
	int file = ctx[5] ? 1 : 0;

	if (!f)
		return 0;
	f->scanned[file] += ctx[1];
	f->reclaimed[file] += ctx[2];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	if (nid >= 0 && nid < MS_MAX_NODES) {
		f->node_scanned[nid] += ctx[1];
		f->node_reclaimed[nid] += ctx[2];
	}
	note_prio(f, (int)ctx[4]);
	return 0;
}

static __always_inline int on_shrink_active(__u64 *ctx)
{
	/* (int nid, ulong nr_taken, ulong nr_active, ulong nr_deactivated,
	 *  ulong nr_referenced, int priority, int file) */
	struct ms_frame *f = top_frame();
	int nid = (int)ctx[0];

	if (!f)
		return 0;
	f->active_taken += ctx[1];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	note_prio(f, (int)ctx[5]);
	return 0;
}

static __always_inline int on_shrink_node(struct scan_control *sc)
{
	struct ms_frame *f = top_frame();

	if (!f)
		return 0;
	f->nr_passes++;
	f->flags |= MS_EVF_PASSES;
	note_prio(f, ms_sc_priority(sc));
	return 0;
}

/* Each tracepoint hook comes as tp_btf (preferred) and raw_tp (fallback). */
#define MS_TP(tp, expr)                            \
	SEC("tp_btf/" #tp) int tb_##tp(__u64 *ctx) \
	{                                          \
		return expr;                       \
	}                                          \
	SEC("raw_tp/" #tp) int rt_##tp(__u64 *ctx) \
	{                                          \
		return expr;                       \
	}

MS_TP(mm_vmscan_direct_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_DIRECT))
MS_TP(mm_vmscan_direct_reclaim_end, stall_end(ctx, MS_KIND_DIRECT, ctx[0]))
MS_TP(mm_vmscan_memcg_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_MEMCG))
MS_TP(mm_vmscan_memcg_reclaim_end, stall_end(ctx, MS_KIND_MEMCG, ctx[0]))
MS_TP(mm_vmscan_memcg_softlimit_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_SOFTLIMIT))
MS_TP(mm_vmscan_memcg_softlimit_reclaim_end, stall_end(ctx, MS_KIND_SOFTLIMIT, ctx[0]))
MS_TP(mm_vmscan_node_reclaim_begin, on_node_begin(ctx))
MS_TP(mm_vmscan_node_reclaim_end, stall_end(ctx, MS_KIND_NODE, ctx[0]))
MS_TP(mm_vmscan_lru_shrink_inactive, on_shrink_inactive(ctx))
MS_TP(mm_vmscan_lru_shrink_active, on_shrink_active(ctx))

/* Hash-map fallback only: free the record of a task that exits mid-stall. */
MS_TP(sched_process_exit, (inflight_release(), 0))

/* Optional: shrink_node passes, observed (fentry -> kprobe). */
SEC("fentry/shrink_node")
int BPF_PROG(fe_shrink_node, void *pgdat, struct scan_control *sc)
{
	return on_shrink_node(sc);
}

SEC("kprobe/shrink_node")
int BPF_KPROBE(kp_shrink_node, void *pgdat, struct scan_control *sc)
{
	return on_shrink_node(sc);
}
