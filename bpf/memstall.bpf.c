// SPDX-License-Identifier: GPL-2.0
/*
 * memstall's one BPF object. Every hook exists in the flavours the attach
 * table (user/kernel/attach.c) may choose from; user space enables only what
 * the subcommand needs and what the running kernel allows.
 *
 * Data path: *_begin pushes a frame on the task's in-flight record; LRU
 * shrink tracepoints add scanned/reclaimed pages to the top frame; *_end pops
 * it and emits one struct ms_event through the ring buffer (perf buffer when
 * the kernel has no ring buffer).
 *
 * This file holds the rodata knobs and every program (the entry points); the
 * work is done in bpf/<concern>.bpf.h, parts of this one object (they read
 * the knobs), never built on their own.
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "memstall.h"
#include "core_fixes.bpf.h"

/*
 * Built twice and linked into one object (Makefile): as is, and with MS_LEAN
 * the programs of the plain stall stream (snoop without -e or --stacks)
 * again, named NAME__lean, with the knobs that stream leaves off compiled
 * out. The kernel's verifier spends about as much on the code a knob turns
 * off as on the code it runs (it checks, then removes, every instruction):
 * snoop's programs verified in 8.0 ms instead of 13.2 on 6.18 (issue 18,
 * bench/RESULTS.md). User space loads a __lean twin where the knobs are
 * all off (tracer_prep.c, tracer_prep__program). The maps and variables
 * are the first build's: weak in the second (MS_SHARED).
 */
#ifdef MS_LEAN
#define MS_SHARED __weak
#define MS_KNOB(type, name, val) /* compiled out: see below */
#else
#define MS_SHARED
#define MS_KNOB(type, name, val) const volatile type name = val;
char LICENSE[] SEC("license") = "GPL";
#endif

/* Knobs set by user space before load (see user/kernel/tracer_prep.c);
 * MS_KNOB: those the __lean build compiles out (0). */
MS_SHARED const volatile bool use_task_storage = true;
MS_SHARED const volatile bool use_ringbuf = true;
MS_SHARED const volatile __u32 targ_tgid = 0;
MS_SHARED const volatile __u32 targ_tid = 0;
MS_SHARED const volatile __u64 targ_cgid = 0;
/* -c's level in its hierarchy (root 0), -1 unknown */
MS_SHARED const volatile int targ_cg_level = -1;
MS_SHARED const volatile bool filter_comm = false;
MS_SHARED const volatile char targ_comm[MS_COMM_LEN] = {};
MS_SHARED const volatile __u64 min_ns = 0;
MS_SHARED const volatile __u32 kinds_mask = MS_KINDS_ALL;
/* Position of gfp in *_reclaim_begin's raw arguments: 1 for (order, gfp),
 * 2 for the 4.8-5.1 layout (order, may_writepage, gfp, classzone_idx). */
MS_SHARED const volatile __u32 begin_gfp_idx = 1;
/* oom:mark_victim passes (task_struct *, uid) on new kernels, (int pid) before. */
MS_SHARED const volatile bool victim_is_task = true;
/* oom_kill_process's probe is loaded: mark_victim reads what it noted */
MS_SHARED const volatile bool oc_probed = false;
/* memstall hist: aggregate in the kernel instead of sending events */
MS_KNOB(bool, hist_mode, false)
/* wake the ring buffer's reader once this much is waiting (user space sets
 * an eighth of the buffer) */
MS_SHARED const volatile __u64 ringbuf_wake_bytes = 65536;
/* stall events through the per-CPU rings (output.bpf.h pr_reserve): each
 * ring's data bytes (a power of two), and how full it is when the reader is
 * woken */
MS_SHARED const volatile bool use_pring = false;
MS_SHARED const volatile __u64 pring_seg = 0;
MS_SHARED const volatile __u64 pring_wake = 0;
MS_SHARED const volatile __u32 hist_by = 0;
/* shrink_node passes: tracked (snoop -e; kswapd rows in hist and top) */
MS_KNOB(bool, track_passes, false)
/* shrink_node's entry and exit are attached (else passes are derived from
 * LRU events). Set after attach, so not rodata: an optional probe that
 * loaded but did not attach falls back. */
MS_SHARED volatile bool passes_observed = false;
/* bumped by user space after it deleted stack ids (record): the stack memos
 * of an older epoch are not reused (bpf/stacks.bpf.h) */
MS_SHARED volatile __u32 stack_epoch = 1;
/* snapshot the node's free/file/high-watermark state at the first anon scan */
MS_KNOB(bool, want_evidence, false)
/* per-node scanned/reclaimed totals (memstall top) */
MS_KNOB(bool, count_nodes, false)
/* memstall stacks: stalls into `stacks` by stack (with hist_mode set) */
MS_KNOB(bool, stacks_mode, false)
/* capture the kernel stack at a stall's begin (stacks, snoop --stacks, oom) */
MS_KNOB(bool, want_kstack, false)
/* the OOM trigger's kernel stack at mark_victim (memstall oom) */
MS_KNOB(bool, oom_kstack, false)
/* and the user stack (stacks --user) */
MS_KNOB(bool, want_ustack, false)
/* a stall whose task entered the kernel where its last stall of that kind
 * did (the same user registers) reuses that stall's stack ids, walking
 * again every stack_rewalk-th time or once stack_rewalk_ns passed since the
 * walk; 0: walk at every stall (--exact-stacks) */
MS_SHARED const volatile __u32 stack_rewalk = 0;
MS_SHARED const volatile __u64 stack_rewalk_ns = 0;
/* stacks mode's dimension besides the stacks: MS_BY_COMM, _CGROUP or _TGID */
MS_SHARED const volatile __u32 stacks_by = 0;
/* memstall record --stacks: with stacks_mode, the histogram too (stacks
 * mode alone adds to `stacks` instead of the histogram) */
MS_KNOB(bool, stacks_hist, false)
/* memstall export: count compaction runs by node, zone, result, source */
MS_KNOB(bool, count_compact, false)
/* tests: never allocate records, take them from the spare pool */
MS_SHARED const volatile bool force_spare = false;
/* tests: test_storm_rename is loaded (tests/live/storm.sh) */
MS_KNOB(bool, test_storm, false)
/* tests: the cgroup_rmdir program (every tracer loads it; it runs only as a
 * cgroup goes) is rejected by the verifier (tests/live/cli.sh) */
MS_SHARED const volatile bool test_reject = false;

#ifdef MS_LEAN
#define hist_mode 0
#define track_passes 0
#define want_evidence 0
#define count_nodes 0
#define stacks_mode 0
#define want_kstack 0
#define oom_kstack 0
#define want_ustack 0
#define stacks_hist 0
#define count_compact 0
#define test_storm 0
#endif

/* The __lean build's programs: the stall stream's, renamed (the rest of
 * the file's programs are the first build's only) */
#ifdef MS_LEAN
#define tb_mm_vmscan_direct_reclaim_begin tb_mm_vmscan_direct_reclaim_begin__lean
#define rt_mm_vmscan_direct_reclaim_begin rt_mm_vmscan_direct_reclaim_begin__lean
#define tb_mm_vmscan_direct_reclaim_end tb_mm_vmscan_direct_reclaim_end__lean
#define tb_mm_vmscan_memcg_reclaim_begin tb_mm_vmscan_memcg_reclaim_begin__lean
#define rt_mm_vmscan_memcg_reclaim_begin rt_mm_vmscan_memcg_reclaim_begin__lean
#define tb_mm_vmscan_memcg_reclaim_end tb_mm_vmscan_memcg_reclaim_end__lean
#define tb_mm_vmscan_memcg_softlimit_reclaim_begin tb_mm_vmscan_memcg_softlimit_reclaim_begin__lean
#define rt_mm_vmscan_memcg_softlimit_reclaim_begin rt_mm_vmscan_memcg_softlimit_reclaim_begin__lean
#define tb_mm_vmscan_memcg_softlimit_reclaim_end tb_mm_vmscan_memcg_softlimit_reclaim_end__lean
#define tb_mm_vmscan_node_reclaim_begin tb_mm_vmscan_node_reclaim_begin__lean
#define rt_mm_vmscan_node_reclaim_begin rt_mm_vmscan_node_reclaim_begin__lean
#define tb_mm_vmscan_node_reclaim_end tb_mm_vmscan_node_reclaim_end__lean
#define rt_reclaim_begin rt_reclaim_begin__lean
#define rt_reclaim_end rt_reclaim_end__lean
#define tb_mm_vmscan_lru_shrink_inactive tb_mm_vmscan_lru_shrink_inactive__lean
#define rt_mm_vmscan_lru_shrink_inactive rt_mm_vmscan_lru_shrink_inactive__lean
#define tb_mm_vmscan_lru_shrink_active tb_mm_vmscan_lru_shrink_active__lean
#define rt_mm_vmscan_lru_shrink_active rt_mm_vmscan_lru_shrink_active__lean
#define tb_mm_compaction_try_to_compact_pages tb_mm_compaction_try_to_compact_pages__lean
#define rt_mm_compaction_try_to_compact_pages rt_mm_compaction_try_to_compact_pages__lean
#define tb_mark_victim tb_mark_victim__lean
#define rt_mark_victim rt_mark_victim__lean
#define fx_try_compact fx_try_compact__lean
#define kr_try_compact kr_try_compact__lean
#define fe_over_high fe_over_high__lean
#define fx_over_high fx_over_high__lean
#define kp_over_high kp_over_high__lean
#define kr_over_high kr_over_high__lean
#endif

/* The concerns in dependency order (each also includes what it uses) */
#include "maps.bpf.h"
#include "filters.bpf.h"
#include "record.bpf.h"
#include "output.bpf.h"
#include "current.bpf.h"
#include "cgroup.bpf.h" /* removed cgroups' paths */
#include "hist.bpf.h"
#include "stacks.bpf.h"
#include "passes.bpf.h"
#include "compact.bpf.h"
#include "reclaim.bpf.h"
#include "oom.bpf.h"
#include "high.bpf.h" /* memory.high throttling: its programs too */

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

/* tp_btf only: its raw_tp flavour is a program shared by several hooks */
#define MS_TP_BTF(tp, expr)                        \
	SEC("tp_btf/" #tp) int tb_##tp(__u64 *ctx) \
	{                                          \
		return expr;                       \
	}

#ifndef MS_LEAN
MS_TP(cgroup_rmdir, on_cgroup_rmdir(ctx))
MS_TP(task_rename, on_task_rename())
MS_TP(cgroup_attach_task, on_cgroup_moved())
MS_TP(cgroup_transfer_tasks, on_cgroup_moved())
#endif
MS_TP(mm_vmscan_direct_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_DIRECT))
MS_TP_BTF(mm_vmscan_direct_reclaim_end, stall_end(ctx, MS_KIND_DIRECT, ctx[0]))
MS_TP(mm_vmscan_memcg_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_MEMCG))
MS_TP_BTF(mm_vmscan_memcg_reclaim_end, stall_end(ctx, MS_KIND_MEMCG, ctx[0]))
MS_TP(mm_vmscan_memcg_softlimit_reclaim_begin, on_reclaim_begin(ctx, MS_KIND_SOFTLIMIT))
MS_TP_BTF(mm_vmscan_memcg_softlimit_reclaim_end, stall_end(ctx, MS_KIND_SOFTLIMIT, ctx[0]))
MS_TP(mm_vmscan_node_reclaim_begin, on_node_begin(ctx))
MS_TP_BTF(mm_vmscan_node_reclaim_end, stall_end(ctx, MS_KIND_NODE, ctx[0]))

/* The three reclaim begins of (order, gfp) (direct, memcg, softlimit) as one
 * raw_tp program attached to each, where the kernel has attach cookies
 * (v6.10): the cookie is the kind (user/kernel/attach.c, TP_HOOK_BEGIN).
 * Verified once, not three times. Elsewhere the rt_ programs above. */
SEC("raw_tp")
int rt_reclaim_begin(__u64 *ctx)
{
	/* bounded for the verifier: the cookies are 0..2 */
	return on_reclaim_begin(ctx, bpf_get_attach_cookie(ctx) & 3);
}

/* The four reclaim ends (direct, memcg, softlimit, node: each has the one
 * argument nr_reclaimed) as one raw_tp program attached to each: the kernel
 * verifies it once, not four times (~4 ms of start-up, bench/RESULTS.md,
 * issue 18). The end is the top frame's: a raw tracepoint program cannot
 * tell which tracepoint ran it before attach cookies (v6.10), and reclaims
 * nest (a softlimit reclaim inside a direct one) but never interleave. The
 * tp_btf flavours above check the kind; a tp_btf program is bound to its
 * tracepoint at load. */
SEC("raw_tp")
int rt_reclaim_end(__u64 *ctx)
{
	return stall_end(ctx, MS_KIND_TOP, ctx[0]);
}
MS_TP(mm_vmscan_lru_shrink_inactive, on_shrink_inactive(ctx))
MS_TP(mm_vmscan_lru_shrink_active, on_shrink_active(ctx))

MS_TP(mm_compaction_try_to_compact_pages, on_try_compact(ctx))
#ifndef MS_LEAN /* nothing the lean build leaves out in them */
MS_TP(mm_compaction_begin, on_compaction_begin(ctx))
MS_TP(mm_compaction_end, on_compaction_end(ctx))
MS_TP(mm_compaction_deferred, on_compaction_deferred(ctx))
MS_TP(mm_compaction_suitable, on_compaction_suitable(ctx))
#endif
MS_TP(mark_victim, on_mark_victim(ctx))
#ifndef MS_LEAN
MS_TP(reclaim_retry_zone, on_reclaim_retry(ctx))
MS_TP(compact_retry, on_compact_retry(ctx))
MS_TP(wake_reaper, on_reap(ctx, MS_REAP_WAKE))
MS_TP(start_task_reaping, on_reap(ctx, MS_REAP_START))
MS_TP(finish_task_reaping, on_reap(ctx, MS_REAP_FINISH))
MS_TP(skip_task_reaping, on_reap(ctx, MS_REAP_SKIP))

MS_TP(sched_process_exit, on_task_exit(ctx))

#include "killer.bpf.h"

MS_TP(mm_vmscan_kswapd_wake, on_kswapd_edge(ctx))
MS_TP(mm_vmscan_kswapd_sleep, on_kswapd_edge(ctx))
#endif

#ifndef MS_LEAN
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

#endif

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

#ifndef MS_LEAN
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

/*
 * Tests only, loaded when MEMSTALL_TEST_STORM is set (tests/live/storm.sh):
 * a task renaming itself to a comm that begins with "ms-storm" (prctl
 * PR_SET_NAME, memstall-wl-storm) makes a 1 us direct reclaim stall of that
 * task per rename, through the same filters, output and histograms as a real
 * one: a storm whose size the workload knows exactly.
 */
SEC("tp_btf/task_rename")
int BPF_PROG(test_storm_rename, struct task_struct *task, const char *comm)
{
	__u64 w = 0, now = bpf_ktime_get_ns();
	struct ms_pring_hdr *r = NULL;
	struct ms_event *e;

	bpf_probe_read_kernel(&w, sizeof(w), comm);
	if (!test_storm || w != 0x6d726f74732d736dULL /* "ms-storm" */ || !wants(MS_KIND_DIRECT) ||
	    !task_wanted())
		return 0;
	if (hist_mode) {
		struct ms_hkey k = { .kind = MS_KIND_DIRECT };

		if (hist_by & MS_BY_NODE)
			k.node = -1; /* no node, as a stall that scanned none */
		hist_add(&k, 1000, 0, 0);
		return 0;
	}
	e = stall_reserve(&r, MS_EV_SIZE_STALL_SHORT); /* the way a stall goes */
	if (!e)
		return 0;
	__builtin_memset(&e->stall, 0,
			 MS_EV_SIZE_STALL_SHORT - __builtin_offsetof(struct ms_event, stall));
	ev_header(e, MS_EV_STALL, now);
	e->lat_ns = 1000;
	e->stall.f.start_ns = now - 1000;
	e->stall.f.kind = MS_KIND_DIRECT;
	e->stall.f.nid = -1;
	e->stall.f.min_prio = MS_NO_PRIO;
	stall_submit(ctx, e, r, MS_EV_SIZE_STALL_SHORT);
	return 0;
}
#endif
