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
/* oom:mark_victim passes (task_struct *, uid) on new kernels, (int pid) before. */
const volatile bool victim_is_task = true;
/* memstall hist: aggregate in the kernel instead of sending events */
const volatile bool hist_mode = false;
/* wake the ring buffer's reader once this much is waiting (user space sets
 * a quarter of the buffer) */
const volatile __u64 ringbuf_wake_bytes = 65536;
const volatile __u32 hist_by = 0;
/* shrink_node passes: tracked (snoop -e; kswapd rows in hist and top) */
const volatile bool track_passes = false;
/* shrink_node's entry and exit are attached (else passes are derived from
 * LRU events). Set after attach, so not rodata: an optional probe that
 * loaded but did not attach falls back. */
volatile bool passes_observed = false;
/* snapshot the node's free/file/high-watermark state at the first anon scan */
const volatile bool want_evidence = false;
/* per-node scanned/reclaimed totals (memstall top) */
const volatile bool count_nodes = false;
/* tests: never allocate records, take them from the spare pool */
const volatile bool force_spare = false;

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
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, MS_HIST_MAX_KEYS);
	/* no BTF key type: user space sets the key size to the prefix of
	 * struct ms_hkey the chosen dimensions use (ms_hkey_size) */
	__uint(key_size, sizeof(struct ms_hkey));
	__type(value, struct ms_hval);
} hists SEC(".maps");

static const struct ms_hval zero_hval;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MS_NODE_SCAN_MAX);
	__type(key, __u32);
	__type(value, struct ms_node_scan);
} node_scan SEC(".maps");

/* hist's per-CPU fast path in front of hists (see MS_HCACHE_SLOTS) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * MS_HCACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct ms_hcache_ent);
} hcache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} hcache_half SEC(".maps"); /* the half of hcache written now (user space flips it) */

/* OOM victims (tid -> kill time) until they exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} victims SEC(".maps");

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

static __noinline bool cgroup_matches(struct cgroup_subsys_state *css)
{
	int i;

	for (i = 0; i < MS_CGROUP_LEVELS && css; i++) {
		if (ms_css_id(css) == targ_cgid)
			return true;
		css = BPF_CORE_READ(css, parent);
	}
	return false;
}

/*
 * The filters (run in the kernel): -p/-t/-n on the current task; -c on it,
 * or on the victim when there is one (a container's OOM kills are wanted
 * whoever triggered them).
 */
static __noinline bool wanted_for(struct task_struct *victim)
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

		if (!cgroup_matches(ms_task_memcg_css(t)) &&
		    !(victim && cgroup_matches(ms_task_memcg_css(victim))))
			return false;
	}
	return true;
}

/* No filter set (rodata): the verifier drops the call. */
static __always_inline bool task_wanted(void)
{
	if (!targ_tgid && !targ_tid && !filter_comm && !targ_cgid)
		return true;
	return wanted_for(0);
}

/*
 * Records for tasks whose own could not be allocated: a stall begins when
 * memory is short, and task storage (or the hash fallback) allocates with
 * GFP_ATOMIC, which fails under the pressure memstall is there to watch
 * (seen in the VM suite: a forking shell under heavy reclaim). This hash is
 * preallocated at load; a record lives here until its task's outermost stall
 * ends (or the task exits).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MS_SPARE_RECORDS);
	__type(key, __u32);
	__type(value, struct ms_inflight);
} inflight_spare SEC(".maps");

/* records in inflight_spare now: while 0, nobody looks there */
volatile __u32 spare_used = 0;

static __always_inline struct ms_inflight *spare_get(bool create)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ms_inflight *rec = bpf_map_lookup_elem(&inflight_spare, &tid);

	if (rec || !create)
		return rec;
	if (bpf_map_update_elem(&inflight_spare, &tid, &zero_inflight, BPF_NOEXIST))
		return 0;
	__sync_fetch_and_add(&spare_used, 1);
	count(MS_CNT_SPARE);
	return bpf_map_lookup_elem(&inflight_spare, &tid);
}

static __always_inline struct ms_inflight *inflight_get(bool create)
{
	struct ms_inflight *rec;
	__u32 tid;

	if (use_task_storage) {
		rec = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
					   create && !force_spare ? BPF_LOCAL_STORAGE_GET_F_CREATE
								  : 0);
	} else {
		tid = (__u32)bpf_get_current_pid_tgid();
		rec = bpf_map_lookup_elem(&inflight, &tid);
		if (!rec && create && !force_spare) {
			bpf_map_update_elem(&inflight, &tid, &zero_inflight, BPF_NOEXIST);
			rec = bpf_map_lookup_elem(&inflight, &tid);
		}
	}
	if (rec || !(create || spare_used))
		return rec;
	return spare_get(create);
}

static __always_inline void inflight_release(void)
{
	__u32 tid;

	if (spare_used) {
		tid = (__u32)bpf_get_current_pid_tgid();
		if (!bpf_map_delete_elem(&inflight_spare, &tid))
			__sync_fetch_and_add(&spare_used, -1);
	}
	if (use_task_storage)
		return; /* storage stays with the task and dies with it */
	tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_delete_elem(&inflight, &tid);
}

/* The current task's record, if the filters want the task (created if
 * missing; a failure to create one is counted). */
static __always_inline struct ms_inflight *wanted_record(void)
{
	struct ms_inflight *rec;

	if (!task_wanted())
		return 0;
	rec = inflight_get(true);
	if (!rec)
		count(MS_CNT_NOSTORE);
	return rec;
}

/* Bounds-checked frame access the verifier can follow. */
static __always_inline struct ms_frame *frame_at(struct ms_inflight *rec, __u32 i)
{
	if (i >= MS_MAX_DEPTH)
		return 0;
	barrier_var(i);
	return &rec->frames[i & (MS_MAX_DEPTH - 1)];
}

static __noinline void close_episode(void *ctx, struct ms_inflight *rec, __u64 end_ns, bool exact,
				     int result);
static __noinline void close_pass(void *ctx, struct ms_inflight *rec, __u64 end_ns);
/* One LRU shrink event, as pass tracking reads it. */
struct lru_ev {
	__u64 scanned, reclaimed, taken;
	int nid, prio, file;
};

static __noinline void pass_lru(void *ctx, struct lru_ev *ev);
static __noinline void node_count(__u64 *ctx);

static __always_inline int stall_begin(void *ctx, unsigned int kind, int order, __u64 gfp, int nid)
{
	struct ms_inflight *rec;
	struct ms_frame *f;
	__u32 d;

	rec = wanted_record();
	if (!rec)
		return 0;
	if (rec->c_active) /* derived episode end: the task moved on to reclaim */
		close_episode(ctx, rec, 0, false, 0);
	d = rec->depth;
	f = frame_at(rec, d);
	if (!f) {
		rec->lost++;
		count(MS_CNT_DEPTH);
		return 0;
	}
	if (hist_mode) {
		/* hist reads only these: skip clearing the whole frame */
		f->scanned[0] = f->scanned[1] = 0;
		f->reclaimed[0] = f->reclaimed[1] = 0;
		f->nodes_mask = 0;
		f->inner_ns = 0;
		f->inner_n = 0;
	} else {
		__builtin_memset(f, 0, sizeof(*f));
	}
	f->start_ns = bpf_ktime_get_ns();
	f->kind = kind;
	f->order = order;
	f->gfp = gfp;
	f->nid = nid;
	f->min_prio = MS_NO_PRIO;
	if (d > 0)
		f->flags |= MS_EVF_NESTED;
	if (rec->lost)
		f->flags |= MS_EVF_TRUNCATED;
	rec->depth = d + 1;
	return 0;
}

/* Start an event: the ring buffer's slot, or the per-CPU scratch that the
 * perf buffer path copies out. NULL (and a counted drop) when full. */
static __always_inline struct ms_event *ev_reserve(void)
{
	struct ms_event *e;
	__u32 zero = 0;

	if (use_ringbuf) {
		e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
		if (!e)
			count(MS_CNT_DROPS);
		return e;
	}
	return bpf_map_lookup_elem(&scratch, &zero);
}

static __always_inline void ev_submit(void *ctx, struct ms_event *e)
{
	if (use_ringbuf) {
		/* Waking the reader costs an irq_work per event; it polls every
		 * 100 ms anyway. Wake it only when the buffer is filling up. */
		__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
		/* an OOM kill is told at once: its cgroup often goes with it */
		bool now = avail > ringbuf_wake_bytes || e->type == MS_EV_OOM;

		bpf_ringbuf_submit(e, now ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
	} else if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, e, sizeof(*e))) {
		count(MS_CNT_DROPS);
		return;
	}
	count(MS_CNT_EVENTS);
}

/* The header every event has: the current task, now, its memory cgroup. */
static __noinline void ev_header(struct ms_event *e, __u32 type, __u64 now)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct task_struct *t = (void *)bpf_get_current_task();

	e->type = type;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->depth = 0;
	e->ts_ns = now;
	e->lat_ns = 0;
	e->cgroup_id = ms_css_id(ms_task_memcg_css(t));
	bpf_get_current_comm(e->comm, sizeof(e->comm));
}

/* current->comm as bpf_get_current_comm() gives it (NUL-padded), read in
 * place where the task's BTF pointer is there (task storage implies 5.11+
 * and bpf_get_current_task_btf): no helper call, no byte-wise copy. */
static __always_inline void current_comm(char *comm)
{
	__u64 w0, w1, z;

	if (!use_task_storage) {
		bpf_get_current_comm(comm, MS_COMM_LEN);
		return;
	}
	struct task_struct *t = bpf_get_current_task_btf();

	w0 = *(__u64 *)&t->comm[0];
	w1 = *(__u64 *)&t->comm[8];
	/* kernels before strscpy_pad in __set_task_comm may leave bytes of an
	 * older name after the NUL: clear them (lowest zero byte, exactly) */
	z = (w0 - 0x0101010101010101ULL) & ~w0 & 0x8080808080808080ULL;
	if (z) {
		w0 &= ((z & -z) >> 7) - 1;
		w1 = 0;
	} else {
		z = (w1 - 0x0101010101010101ULL) & ~w1 & 0x8080808080808080ULL;
		if (z)
			w1 &= ((z & -z) >> 7) - 1;
	}
	((__u64 *)comm)[0] = w0;
	((__u64 *)comm)[1] = w1;
}

#define MS_PF_KSWAPD_TASK 0x00020000 /* task_struct::flags PF_KSWAPD */

/* Is the current task kswapd? Read through BTF where the flavour allows
 * (as current_comm), else probed. */
static __always_inline bool current_is_kswapd(void)
{
	if (use_task_storage)
		return bpf_get_current_task_btf()->flags & MS_PF_KSWAPD_TASK;
	struct task_struct *t = (void *)bpf_get_current_task();

	return BPF_CORE_READ(t, flags) & MS_PF_KSWAPD_TASK;
}

/* The current task's memory cgroup id, through BTF pointers where there
 * are (5.11+: kernfs ids are u64 there) rather than a probe read a level. */
static __always_inline __u64 current_memcg_id(void)
{
	struct cgroup_subsys_state *css;
	struct task_struct *t;
	int idx;

	if (!use_task_storage)
		return ms_css_id(ms_task_memcg_css((void *)bpf_get_current_task()));
	idx = ms_memcg_subsys_idx();
	if (idx < 0)
		return 0;
	t = bpf_get_current_task_btf();
	css = t->cgroups->subsys[idx];
	if (!css)
		return 0;
	return css->cgroup->kn->id;
}

#define MS_HMUL 0x9e3779b97f4a7c15ULL

/* The histogram a key's stalls go to: its slot of the per-CPU table if it
 * owns it or the slot is free, else the hash map (a full map refuses a new
 * key: counted, never silent). */
static __always_inline struct ms_hval *hist_val(struct ms_hkey *k)
{
	const __u64 *w = (const __u64 *)k;
	struct ms_hcache_ent *e;
	struct ms_hval *v;
	__u32 zero = 0, *half, i;
	__u64 h;

	_Static_assert(sizeof(*k) == 7 * sizeof(__u64), "ms_hkey: 7 words");
	/* all 7 words: the unused ones are 0 */
	h = w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + w[6];
	i = (h * MS_HMUL) >> (64 - MS_HCACHE_BITS);
	half = bpf_map_lookup_elem(&hcache_half, &zero);
	if (half && (*half & 1))
		i += MS_HCACHE_SLOTS;
	e = bpf_map_lookup_elem(&hcache, &i);
	if (e) {
		const __u64 *c = (const __u64 *)&e->key;

		if (!e->v.count) {
			__builtin_memcpy(&e->key, k, sizeof(*k));
			return &e->v;
		}
		if (!((c[0] ^ w[0]) | (c[1] ^ w[1]) | (c[2] ^ w[2]) | (c[3] ^ w[3]) |
		      (c[4] ^ w[4]) | (c[5] ^ w[5]) | (c[6] ^ w[6])))
			return &e->v;
	}
	v = bpf_map_lookup_elem(&hists, k);
	if (v)
		return v;
	/* a new key (or another CPU just added it) */
	bpf_map_update_elem(&hists, k, &zero_hval, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&hists, k);
	if (!v)
		count(MS_CNT_HIST_OVERFLOW);
	return v;
}

/* memstall hist: one stall into its key's histogram (per CPU, no atomics). */
static __always_inline void hist_add(struct ms_hkey *k, __u64 lat, __u64 scanned, __u64 reclaimed)
{
	struct ms_hval *v;
	__u32 slot;

	if (hist_by & (MS_BY_TID | MS_BY_TGID)) {
		__u64 id = bpf_get_current_pid_tgid();

		if (hist_by & MS_BY_TID)
			k->tid = (__u32)id;
		if (hist_by & MS_BY_TGID)
			k->tgid = id >> 32;
	}
	if (hist_by & MS_BY_COMM)
		current_comm(k->comm);
	if (hist_by & MS_BY_CGROUP)
		k->cgroup = current_memcg_id();
	v = hist_val(k);
	if (!v)
		return;
	v->count++;
	v->total_ns += lat;
	if (lat > v->max_ns)
		v->max_ns = lat;
	v->scanned += scanned;
	v->reclaimed += reclaimed;
	slot = ms_hist_slot(lat);
	barrier_var(slot); /* bound-check the register that indexes (6.1's verifier) */
	if (slot < MS_HIST_SLOTS)
		v->slots[slot]++;
	/* no MS_CNT_EVENTS here: the histograms count their own events */
}

/* Lowest set bit's index, -1 for none (no loop: a binary search). */
static __always_inline int lowest_node(__u64 mask)
{
	return mask ? (int)ms_log2(mask & -mask) : -1;
}

/* hist mode's end of a reclaim stall: its key from the frame, then the task */
static __always_inline void hist_stall(struct ms_frame *f, __u64 lat)
{
	struct ms_hkey k = {};

	k.kind = f->kind;
	if (hist_by & MS_BY_ORDER)
		k.order = f->order;
	if (hist_by & MS_BY_GFP)
		k.gfp = f->gfp;
	if (hist_by & MS_BY_NODE)
		k.node = f->nid >= 0 ? f->nid : lowest_node(f->nodes_mask);
	if (hist_by & MS_BY_LRU)
		k.lru = ms_lru_class(f->scanned[0], f->scanned[1]);
	hist_add(&k, lat, f->scanned[0] + f->scanned[1], f->reclaimed[0] + f->reclaimed[1]);
}

static __noinline void emit(void *ctx, struct ms_frame *f, __u64 now, __u64 nr_reclaimed,
			    __u32 depth)
{
	struct ms_event *e = ev_reserve();

	if (!e)
		return;
	ev_header(e, MS_EV_STALL, now);
	e->lat_ns = now - f->start_ns;
	e->depth = depth;
	__builtin_memcpy(&e->stall.f, f, sizeof(*f));
	e->stall.nr_reclaimed_end = nr_reclaimed;
	ev_submit(ctx, e);
}

static __noinline void frame_add(struct ms_frame *dst, struct ms_frame *src)
{
	int i;

	if (hist_mode) {
		dst->scanned[0] += src->scanned[0];
		dst->scanned[1] += src->scanned[1];
		dst->reclaimed[0] += src->reclaimed[0];
		dst->reclaimed[1] += src->reclaimed[1];
		dst->nodes_mask |= src->nodes_mask;
		return;
	}
	dst->scanned[0] += src->scanned[0];
	dst->scanned[1] += src->scanned[1];
	dst->reclaimed[0] += src->reclaimed[0];
	dst->reclaimed[1] += src->reclaimed[1];
	dst->active_taken += src->active_taken;
	dst->nodes_mask |= src->nodes_mask;
	dst->nr_passes += src->nr_passes;
	if (src->min_prio < dst->min_prio)
		dst->min_prio = src->min_prio;
	dst->flags |= src->flags & (MS_EVF_PASSES | MS_EVF_PASSES_DERIVED);
	if ((src->flags & MS_EVF_EVIDENCE) && !(dst->flags & MS_EVF_EVIDENCE)) {
		__builtin_memcpy(&dst->ev, &src->ev, sizeof(dst->ev));
		dst->flags |= MS_EVF_EVIDENCE;
	}
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
	/* its last pass ends with it (hist: only kswapd has passes, and no stall) */
	if (track_passes && !hist_mode && rec->p_open && rec->p_depth > d)
		close_pass(ctx, rec, passes_observed ? now : rec->p_last_ns);
	parent = d > 0 ? frame_at(rec, d - 1) : 0;
	if (parent) { /* the outer stall also did the inner one's work */
		frame_add(parent, f);
		parent->inner_ns += now - f->start_ns;
		parent->inner_n++;
	}
	if (f->kind == kind && (kinds_mask & (1u << kind))) {
		if (now - f->start_ns < min_ns)
			count(MS_CNT_FILTERED);
		else if (hist_mode)
			hist_stall(f, now - f->start_ns);
		else
			emit(ctx, f, now, nr_reclaimed, d);
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
	return stall_begin(ctx, kind, (int)ctx[0], gfp & 0xffffffffULL, -1);
}

static __always_inline int on_node_begin(__u64 *ctx)
{
	/* (int nid, int order, gfp_t gfp_flags) */
	return stall_begin(ctx, MS_KIND_NODE, (int)ctx[1], ctx[2] & 0xffffffffULL, (int)ctx[0]);
}

static __always_inline int on_shrink_inactive(__u64 *ctx)
{
	/* (int nid, ulong nr_scanned, ulong nr_reclaimed, struct reclaim_stat *,
	 *  int priority, int file) */
	struct ms_frame *f;
	int nid = (int)ctx[0];
	int file = ctx[5] ? 1 : 0;

	f = top_frame();
	/* hist keeps kswapd's passes only, and kswapd never stalls: a stalled
	 * task pays nothing for them there */
	if (track_passes && (!hist_mode || (!f && current_is_kswapd()))) {
		struct lru_ev ev = { .scanned = ctx[1],
				     .reclaimed = ctx[2],
				     .nid = nid,
				     .prio = (int)ctx[4],
				     .file = file };

		pass_lru(ctx, &ev);
	}
	if (count_nodes)
		node_count(ctx);
	if (!f)
		return 0;
	f->scanned[file] += ctx[1];
	f->reclaimed[file] += ctx[2];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	if (hist_mode) /* per-node counts and priority are snoop's */
		return 0;
	if (nid >= 0 && nid < MS_MAX_NODES) {
		f->node_scanned[nid] += ctx[1];
		f->node_reclaimed[nid] += ctx[2];
	}
	note_prio(f, (int)ctx[4]);
	return 0;
}

static __noinline int on_shrink_active(__u64 *ctx)
{
	/* (int nid, ulong nr_taken, ulong nr_active, ulong nr_deactivated,
	 *  ulong nr_referenced, int priority, int file) */
	struct ms_frame *f;
	int nid = (int)ctx[0];

	f = top_frame();
	if (track_passes && (!hist_mode || (!f && current_is_kswapd()))) {
		struct lru_ev ev = {
			.taken = ctx[1], .nid = nid, .prio = (int)ctx[5], .file = ctx[6] ? 1 : 0
		};

		pass_lru(ctx, &ev);
	}
	if (!f)
		return 0;
	f->active_taken += ctx[1];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	note_prio(f, (int)ctx[5]);
	return 0;
}

/* ---- shrink_node passes ---- */

/* The current task's record for pass tracking: a stalled task's, or
 * kswapd's (created: kswapd never begins a stall). hist keeps kswapd's
 * passes only: no record lookup for anyone else there. */
static __always_inline struct ms_inflight *pass_record(bool kswapd)
{
	struct ms_inflight *rec;

	if (hist_mode && !kswapd)
		return 0;
	rec = inflight_get(false);
	if (rec || !kswapd || !(kinds_mask & (1u << MS_KIND_KSWAPD)) || !task_wanted())
		return rec;
	return inflight_get(true);
}

/* What prepare_scan_count() weighs for global reclaim: the node's free and
 * file pages against its zones' high watermarks (file_is_tiny). */
static __noinline void node_evidence(struct pglist_data *pgdat, int prio, struct ms_node_ev *ev)
{
	unsigned int i, n, zsz = bpf_core_type_size(struct zone);
	int fa = bpf_core_enum_value(enum node_stat_item, NR_ACTIVE_FILE);
	int fi = bpf_core_enum_value(enum node_stat_item, NR_INACTIVE_FILE);
	int ai = bpf_core_enum_value(enum node_stat_item, NR_INACTIVE_ANON);
	struct zone *z;

	ev->prio = prio;
	ev->nid = BPF_CORE_READ(pgdat, node_id);
	ev->file = BPF_CORE_READ(pgdat, vm_stat[fa].counter) +
		   BPF_CORE_READ(pgdat, vm_stat[fi].counter);
	ev->inactive_anon = BPF_CORE_READ(pgdat, vm_stat[ai].counter);
	n = zsz ? bpf_core_field_size(pgdat->node_zones) / zsz : 0;
	for (i = 0; i < 6 && i < n; i++) {
		z = (void *)pgdat + bpf_core_field_offset(pgdat->node_zones) + i * zsz;
		if (ms_zone_managed(z) <= 0)
			continue;
		ev->free += BPF_CORE_READ(z, vm_stat[0].counter); /* NR_FREE_PAGES */
		ev->high += BPF_CORE_READ(z, _watermark[2]); /* WMARK_HIGH */
		if (bpf_core_field_exists(z->watermark_boost))
			ev->high += BPF_CORE_READ(z, watermark_boost);
	}
}

/* The stall a pass ran in learns its pass count and lowest priority. */
static __always_inline void count_pass(struct ms_frame *f, int prio, bool observed)
{
	f->nr_passes++;
	f->flags |= observed ? MS_EVF_PASSES : MS_EVF_PASSES_DERIVED;
	note_prio(f, prio);
}

static __always_inline void open_pass(struct ms_inflight *rec, int nid, int prio, __u64 start,
				      bool kswapd)
{
	struct ms_pass *p = &rec->pass;
	struct ms_frame *f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;

	__builtin_memset(p, 0, sizeof(*p));
	p->start_ns = start;
	p->nid = nid;
	p->prio = prio;
	p->reclaim_idx = -1;
	p->stall_kind = f ? (int)f->kind : -1;
	p->flags = kswapd ? MS_PF_KSWAPD : 0;
	rec->p_open = 1;
	rec->p_depth = rec->depth;
	if (f)
		count_pass(f, prio, passes_observed);
}

/* A pass ends: into kswapd's histogram (hist) or out as an event. */
static __noinline void close_pass(void *ctx, struct ms_inflight *rec, __u64 end_ns)
{
	struct ms_pass *p = &rec->pass;
	struct ms_event *e;
	__u64 lat;

	rec->p_open = 0;
	rec->p_end_ns = end_ns;
	lat = end_ns > p->start_ns ? end_ns - p->start_ns : 0;
	if (!(p->flags & MS_PF_KSWAPD) && p->stall_kind < 0)
		return; /* neither kswapd nor a traced stall: nothing to attribute it to */
	if (hist_mode) {
		struct ms_hkey k = {};

		if (!(p->flags & MS_PF_KSWAPD))
			return;
		k.kind = MS_KIND_KSWAPD;
		if (hist_by & MS_BY_NODE)
			k.node = p->nid;
		if (hist_by & MS_BY_LRU)
			k.lru = ms_lru_class(p->scanned[0], p->scanned[1]);
		hist_add(&k, lat, p->scanned[0] + p->scanned[1], p->reclaimed[0] + p->reclaimed[1]);
		return;
	}
	if ((p->flags & MS_PF_KSWAPD) && !(kinds_mask & (1u << MS_KIND_KSWAPD)))
		return;
	e = ev_reserve();
	if (!e)
		return;
	ev_header(e, MS_EV_PASS, end_ns);
	e->lat_ns = lat;
	__builtin_memcpy(&e->pass, p, sizeof(*p));
	ev_submit(ctx, e);
}

/* Evidence at the first anon scan of the pass, copied into its stall. */
static __noinline void take_evidence(struct ms_inflight *rec, int nid, int prio)
{
	struct ms_pass *p = &rec->pass;
	struct pglist_data *pgdat;
	struct ms_frame *f;

	pgdat = rec->p_pgdat ? (void *)rec->p_pgdat : ms_node_pgdat(nid);
	if (!pgdat)
		return;
	node_evidence(pgdat, prio, &p->ev);
	p->flags |= MS_PF_EVIDENCE;
	f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;
	if (f && !(f->flags & MS_EVF_EVIDENCE)) {
		__builtin_memcpy(&f->ev, &p->ev, sizeof(f->ev));
		f->flags |= MS_EVF_EVIDENCE;
	}
}

/* An LRU shrink event (lru_shrink_inactive, or _active): into the open
 * pass; derived passes begin and end here. */
static __noinline void pass_lru(void *ctx, struct lru_ev *ev)
{
	int nid = ev->nid, prio = ev->prio, file = ev->file & 1;
	struct ms_inflight *rec;
	struct ms_frame *f;
	struct ms_pass *p;
	__u64 now, start;
	bool kswapd;

	kswapd = current_is_kswapd();
	rec = pass_record(kswapd);
	if (!rec)
		return;
	p = &rec->pass;
	if (!passes_observed) {
		now = bpf_ktime_get_ns();
		if (rec->p_open && (p->nid != nid || p->prio != prio || rec->p_depth != rec->depth))
			close_pass(ctx, rec, rec->p_last_ns);
		if (!rec->p_open) {
			start = now;
			f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;
			if (f) /* from the stall's start or the task's previous pass */
				start = rec->p_end_ns > f->start_ns ? rec->p_end_ns : f->start_ns;
			open_pass(rec, nid, prio, start, kswapd);
		}
		rec->p_last_ns = now;
	} else if (!rec->p_open) {
		return;
	}
	p->nevents++;
	p->scanned[file] += ev->scanned;
	p->reclaimed[file] += ev->reclaimed;
	p->active_taken += ev->taken;
	if (want_evidence && !file && ev->scanned && !(p->flags & MS_PF_EVIDENCE))
		take_evidence(rec, nid, prio);
}

/* shrink_node entry (fentry/kprobe) */
static __always_inline int pass_enter(struct pglist_data *pgdat, struct scan_control *sc)
{
	struct mem_cgroup *memcg;
	struct ms_inflight *rec;
	struct ms_pass *p;
	bool kswapd;

	/* hist tracks kswapd's passes only; a stalled task's record still counts */
	kswapd = current_is_kswapd();
	rec = hist_mode && !kswapd ? inflight_get(false) : pass_record(kswapd);
	if (!rec)
		return 0;
	if (!track_passes || (hist_mode && !kswapd)) {
		/* the stall still learns its pass count and lowest priority */
		struct ms_frame *f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;

		if (f)
			count_pass(f, ms_sc_int(sc, priority), true);
		return 0;
	}
	open_pass(rec, BPF_CORE_READ(pgdat, node_id), ms_sc_int(sc, priority), bpf_ktime_get_ns(),
		  kswapd);
	p = &rec->pass;
	p->flags |= MS_PF_OBSERVED;
	p->nr_to_reclaim = ms_sc_int(sc, nr_to_reclaim);
	p->reclaim_idx = ms_sc_int(sc, reclaim_idx);
	memcg = BPF_CORE_READ(sc, target_mem_cgroup);
	p->memcg_id = memcg ? ms_css_id(&memcg->css) : 0;
	rec->p_sc = (__u64)sc;
	rec->p_pgdat = (__u64)pgdat;
	rec->p_sc_scanned0 = ms_sc_int(sc, nr_scanned);
	rec->p_sc_reclaimed0 = ms_sc_int(sc, nr_reclaimed);
	return 0;
}

/* shrink_node return (fexit, or kretprobe with sc == NULL) */
static __always_inline int pass_exit(void *ctx, struct scan_control *sc)
{
	struct ms_inflight *rec = inflight_get(false);
	struct ms_pass *p;

	if (!rec || !rec->p_open || !(rec->pass.flags & MS_PF_OBSERVED))
		return 0;
	p = &rec->pass;
	if (!sc)
		sc = (void *)rec->p_sc;
	p->sc_scanned = ms_sc_int(sc, nr_scanned) - rec->p_sc_scanned0;
	p->sc_reclaimed = ms_sc_int(sc, nr_reclaimed) - rec->p_sc_reclaimed0;
	rec->p_pgdat = 0;
	close_pass(ctx, rec, bpf_ktime_get_ns());
	return 0;
}

/* get_scan_count's output, nr[NR_LRU_LISTS] (inactive/active anon, file) */
static __always_inline int scan_count_exit(unsigned long *nr)
{
	struct ms_inflight *rec = inflight_get(false);
	unsigned long v[4] = {};
	struct ms_pass *p;

	if (!rec || !rec->p_open || !nr)
		return 0;
	p = &rec->pass;
	bpf_probe_read_kernel(v, sizeof(v), nr);
	p->targets[0] += v[0];
	p->targets[1] += v[1];
	p->targets[2] += v[2];
	p->targets[3] += v[3];
	p->flags |= MS_PF_TARGETS;
	return 0;
}

/* lru_shrink_inactive into its node's totals */
static __noinline void node_count(__u64 *ctx)
{
	__u32 nid = (__u32)ctx[0];
	int file = ctx[5] ? 1 : 0;
	struct ms_node_scan *n = bpf_map_lookup_elem(&node_scan, &nid);

	if (!n)
		return;
	n->scanned[file] += ctx[1];
	n->reclaimed[file] += ctx[2];
	if (current_is_kswapd()) {
		n->kswapd_scanned[file] += ctx[1];
		n->kswapd_reclaimed[file] += ctx[2];
	}
}

/* kswapd goes to sleep or starts a new balance_pgdat(): its pass is over */
static __noinline int on_kswapd_edge(__u64 *ctx)
{
	struct ms_inflight *rec;

	if (!track_passes || passes_observed)
		return 0;
	rec = inflight_get(false);
	if (rec && rec->p_open)
		close_pass(ctx, rec, rec->p_last_ns);
	return 0;
}

/* ---- compaction ---- */

static __always_inline bool wants(unsigned int kind)
{
	return kinds_mask & (1u << kind);
}

/* Emit the direct compaction episode and forget it. exact: end_ns is the
 * function's return (fexit/kretprobe); else the episode is the sum of its
 * per-zone runs and ends at the last zone's end. */
static __noinline void close_episode(void *ctx, struct ms_inflight *rec, __u64 end_ns, bool exact,
				     int result)
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

		/* as compact_stall: an episode that found every zone unsuitable
		 * did not compact (and took next to no time) */
		if (rec->c_ep.result == bpf_core_enum_value(enum compact_result, COMPACT_SKIPPED))
			return;
		k.kind = MS_KIND_COMPACT;
		if (hist_by & MS_BY_ORDER)
			k.order = rec->c_ep.order;
		if (hist_by & MS_BY_GFP)
			k.gfp = rec->c_ep.gfp;
		if (hist_by & (MS_BY_NODE | MS_BY_ZONE)) {
			k.node = rec->c_zone.node; /* the last zone compacted */
			__builtin_memcpy(k.zone, rec->c_zone.zone, sizeof(k.zone));
		}
		hist_add(&k, lat, 0, 0);
		return;
	}
	e = ev_reserve();
	if (!e)
		return;
	ev_header(e, MS_EV_COMPACT_EPISODE, end_ns);
	e->lat_ns = lat;
	__builtin_memcpy(&e->ce, &rec->c_ep, sizeof(e->ce));
	e->ce.exact = exact;
	ev_submit(ctx, e);
}

static __noinline int on_try_compact(__u64 *ctx)
{
	/* (int order, gfp_t gfp_mask, int prio) */
	struct ms_inflight *rec;
	__u64 now;

	rec = wanted_record();
	if (!rec)
		return 0;
	now = bpf_ktime_get_ns();
	if (rec->c_active)
		close_episode(ctx, rec, 0, false, 0);
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

static __noinline void zone_snapshot(struct zone *z, struct ms_compact_zone *cz)
{
	unsigned int n, i, stride;
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
	n = stride ? bpf_core_field_size(z->free_area) / stride : 0;
	base = (void *)z + bpf_core_field_offset(z->free_area) +
	       bpf_core_field_offset(struct free_area, nr_free);
	cz->norders = n < MS_FREE_ORDERS ? n : MS_FREE_ORDERS;
	for (i = 0; i < MS_FREE_ORDERS && i < n; i++) {
		unsigned long nr = 0;

		bpf_probe_read_kernel(&nr, sizeof(nr), base + i * stride);
		cz->nr_free[i] = nr;
	}
}

static __noinline int on_compaction_begin(__u64 *ctx)
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

static __noinline int on_compaction_end(__u64 *ctx)
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
	if (hist_mode) /* zone runs are parts of episodes (direct) or no stall */
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_COMPACT_ZONE, now);
	e->lat_ns = lat;
	__builtin_memcpy(&e->cz, &rec->c_zone, sizeof(e->cz));
	ev_submit(ctx, e);
	return 0;
}

static __noinline int on_compaction_deferred(__u64 *ctx)
{
	/* (struct zone *zone, int order) */
	struct ms_inflight *rec = inflight_get(false);

	if (rec && rec->c_active) {
		rec->c_ep.ndeferred++;
		episode_result(rec, bpf_core_enum_value(enum compact_result, COMPACT_DEFERRED));
	}
	return 0;
}

static __noinline int on_compaction_suitable(__u64 *ctx)
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

/* ---- OOM ---- */

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

static __noinline int on_mark_victim(__u64 *ctx)
{
	struct task_struct *victim = 0;
	struct ms_inflight *rec;
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
	rec = inflight_get(false);
	if (rec && rec->c_active)
		close_episode(ctx, rec, 0, false, 0);
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_OOM, now);
	__builtin_memset(&e->oom, 0, sizeof(e->oom));
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
	if (rec && rec->oc_valid) {
		e->oom.have_oc = 1;
		e->oom.memcg_id = rec->oc_memcg_id;
		e->oom.gfp = rec->oc_gfp;
		e->oom.order = rec->oc_order;
		e->oom.totalpages = rec->oc_totalpages;
		e->oom.chosen_points = rec->oc_chosen_points;
		e->oom.constraint = rec->oc_constraint;
		rec->oc_valid = 0;
	}
	ev_submit(ctx, e);
	return 0;
}

static __noinline int on_reclaim_retry(__u64 *ctx)
{
	/* (struct zoneref *, int order, ulong reclaimable, ulong available,
	 *  ulong min_wmark, int no_progress_loops, bool wmark_check) */
	struct zoneref *zr = (void *)ctx[0];
	struct ms_event *e;

	if (!wants(MS_KIND_OOM) || !task_wanted())
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_RECLAIM_RETRY, bpf_ktime_get_ns());
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

static __noinline int on_compact_retry(__u64 *ctx)
{
	/* (int order, enum compact_priority, enum compact_result, int retries,
	 *  int max_retries, bool ret) */
	struct ms_event *e;

	if (!wants(MS_KIND_OOM) || !task_wanted())
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_COMPACT_RETRY, bpf_ktime_get_ns());
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

static __noinline int on_reap(__u64 *ctx, unsigned int what)
{
	/* (int pid), in the oom_reaper thread or the exiting victim */
	struct ms_event *e;

	if (!wants(MS_KIND_OOM))
		return 0;
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_REAP, bpf_ktime_get_ns());
	e->reap.what = what;
	e->reap.pid = (__u32)ctx[0];
	ev_submit(ctx, e);
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

MS_TP(mm_compaction_try_to_compact_pages, on_try_compact(ctx))
MS_TP(mm_compaction_begin, on_compaction_begin(ctx))
MS_TP(mm_compaction_end, on_compaction_end(ctx))
MS_TP(mm_compaction_deferred, on_compaction_deferred(ctx))
MS_TP(mm_compaction_suitable, on_compaction_suitable(ctx))
MS_TP(mark_victim, on_mark_victim(ctx))
MS_TP(reclaim_retry_zone, on_reclaim_retry(ctx))
MS_TP(compact_retry, on_compact_retry(ctx))
MS_TP(wake_reaper, on_reap(ctx, MS_REAP_WAKE))
MS_TP(start_task_reaping, on_reap(ctx, MS_REAP_START))
MS_TP(finish_task_reaping, on_reap(ctx, MS_REAP_FINISH))
MS_TP(skip_task_reaping, on_reap(ctx, MS_REAP_SKIP))

/* A task exits: free its record (hash fallback) and note an OOM victim's end. */
static __noinline int on_task_exit(__u64 *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ms_event *e;

	inflight_release();
	if (!wants(MS_KIND_OOM) || !bpf_map_lookup_elem(&victims, &tid))
		return 0;
	bpf_map_delete_elem(&victims, &tid);
	e = ev_reserve();
	if (!e)
		return 0;
	ev_header(e, MS_EV_REAP, bpf_ktime_get_ns());
	e->reap.what = MS_REAP_EXIT;
	e->reap.pid = tid;
	ev_submit(ctx, e);
	return 0;
}

MS_TP(sched_process_exit, on_task_exit(ctx))
MS_TP(mm_vmscan_kswapd_wake, on_kswapd_edge(ctx))
MS_TP(mm_vmscan_kswapd_sleep, on_kswapd_edge(ctx))

/* Optional: shrink_node passes, observed (fentry/fexit -> kprobe/kretprobe). */
SEC("fentry/shrink_node")
int BPF_PROG(fe_shrink_node, struct pglist_data *pgdat, struct scan_control *sc)
{
	return pass_enter(pgdat, sc);
}

SEC("fexit/shrink_node")
int BPF_PROG(fx_shrink_node, struct pglist_data *pgdat, struct scan_control *sc)
{
	return pass_exit(ctx, sc);
}

SEC("kprobe/shrink_node")
int BPF_KPROBE(kp_shrink_node, struct pglist_data *pgdat, struct scan_control *sc)
{
	return pass_enter(pgdat, sc);
}

SEC("kretprobe/shrink_node")
int BPF_KRETPROBE(kr_shrink_node)
{
	return pass_exit(ctx, 0);
}

/* Optional: get_scan_count's targets where it is a real function (inlined on
 * every kernel tested so far). */
SEC("fexit/get_scan_count")
int BPF_PROG(fx_scan_count, struct lruvec *lruvec, struct scan_control *sc, unsigned long *nr)
{
	return scan_count_exit(nr);
}

SEC("kprobe/get_scan_count")
int BPF_KPROBE(kp_scan_count, struct lruvec *lruvec, struct scan_control *sc, unsigned long *nr)
{
	struct ms_inflight *rec = inflight_get(false);

	if (rec && rec->p_open)
		rec->p_nr = (__u64)nr;
	return 0;
}

SEC("kretprobe/get_scan_count")
int BPF_KRETPROBE(kr_scan_count)
{
	struct ms_inflight *rec = inflight_get(false);

	return rec ? scan_count_exit((void *)rec->p_nr) : 0;
}

/* Optional: the exact end of a direct compaction episode. */
SEC("fexit/try_to_compact_pages")
int BPF_PROG(fx_try_compact, gfp_t gfp_mask, unsigned int order, unsigned int alloc_flags, void *ac,
	     int prio, void *capture, int ret)
{
	return on_try_compact_exit(ctx, ret);
}

SEC("kretprobe/try_to_compact_pages")
int BPF_KRETPROBE(kr_try_compact, int ret)
{
	return on_try_compact_exit(ctx, ret);
}

/* Optional: the OOM killer's own view (constraint, domain, order, gfp). */
SEC("fentry/oom_kill_process")
int BPF_PROG(fe_oom_kill, struct oom_control *oc, const char *message)
{
	return on_oom_kill_process(oc);
}

SEC("kprobe/oom_kill_process")
int BPF_KPROBE(kp_oom_kill, struct oom_control *oc, const char *message)
{
	return on_oom_kill_process(oc);
}

#include "high.bpf.h"
