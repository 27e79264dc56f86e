// SPDX-License-Identifier: GPL-2.0
/* The attach table's choices for faked feature sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "kernel/attach.h"
#include "kernel/tracer.h"
#include "kernel/bufsize.h"
#include "memstall.h"

/* attach__plan with the old positional arguments (groups, kinds). */
static void plan(const struct ms_features *f, unsigned int groups, unsigned int kinds,
		 struct ms_plan *p)
{
	struct ms_plan_opts o = { .groups = groups, .kinds = kinds };

	attach__plan(f, &o, p);
}

/* A kernel like the CI host: raw_tp and tp_btf, no kprobes, fentry refused. */
static void host_like(struct ms_features *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->btf.ok = f->tp_btf.ok = f->raw_tp.ok = f->ringbuf.ok = f->perfbuf.ok = true;
	f->task_storage.ok = true;
	f->privileged = true;
	strcpy(f->fentry.why, "refused by the kernel (EPERM)");
	strcpy(f->kprobe.why, "not built in");
	for (i = 0; i < MS_TP_MAX; i++)
		f->tp[i].present = true;
	f->fn[MS_FN_SHRINK_NODE].in_btf = f->fn[MS_FN_SHRINK_NODE].in_kallsyms = true;
}

/* raw_tp attach cookies (6.10+): the three begins of (order, gfp) are one
 * program, each hook with its kind as cookie; node reclaim's begin (three
 * arguments) keeps its own; tp_btf never shares. */
static void test_cookies(void **state)
{
	const char *names[2 * MS_HOOK_MAX];
	struct ms_features f;
	struct ms_plan p;
	int n;

	(void)state;
	host_like(&f);
	f.raw_tp_cookie.ok = true;
	plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_DIRECT_BEGIN), "rt_reclaim_begin");
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SOFTLIMIT_BEGIN), "rt_reclaim_begin");
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_DIRECT_BEGIN), MS_KIND_DIRECT);
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_MEMCG_BEGIN), MS_KIND_MEMCG);
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_SOFTLIMIT_BEGIN), MS_KIND_SOFTLIMIT);
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_NODE_BEGIN), -1);
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_MEMCG_END), -1);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_NODE_BEGIN),
			    "rt_mm_vmscan_node_reclaim_begin");
	/* listed once: begin, end, node begin */
	n = attach__programs(&p, names, (int)(sizeof(names) / sizeof(names[0])));
	assert_true(n > 3);
	assert_string_equal(names[0], "rt_reclaim_begin");
	assert_string_equal(names[1], "rt_reclaim_end");
	assert_string_equal(names[2], "rt_mm_vmscan_node_reclaim_begin");
	/* no raw_tp: tp_btf, one program per hook, no cookie */
	f.raw_tp.ok = false;
	plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_MEMCG_BEGIN),
			    "tb_mm_vmscan_memcg_reclaim_begin");
	assert_int_equal(attach__chosen_cookie(&p, MS_HOOK_MEMCG_BEGIN), -1);
}

static void test_host(void **state)
{
	struct ms_features f;
	struct ms_plan p;
	int i;

	(void)state;
	host_like(&f);
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	for (i = MS_HOOK_DIRECT_BEGIN; i <= MS_HOOK_LRU_ACTIVE; i++)
		assert_int_equal(attach__chosen_mech(&p, i), MS_MECH_RAW_TP);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_MEMCG_BEGIN),
			    "rt_mm_vmscan_memcg_reclaim_begin");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_INFLIGHT), MS_MECH_TASK_STORAGE);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OUTPUT), MS_MECH_RINGBUF);
	/* optional shrink_node: both probes rejected, with reasons */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_DERIVED);
	assert_null(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE));
	assert_string_equal(p.c[MS_HOOK_SHRINK_NODE].why[0], "refused by the kernel (EPERM)");
	assert_string_equal(p.c[MS_HOOK_SHRINK_NODE].why[1], "not built in");
	/* exit hook: for OOM victims' deaths (OOM wanted) or the hash fallback */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), MS_MECH_RAW_TP);
	plan(&f, MS_GRP_ALL, MS_KINDS_RECLAIM, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), -1);
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OOM_KILL), MS_MECH_DERIVED);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_DERIVED);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_MARK_VICTIM), MS_MECH_RAW_TP);
	assert_int_equal(p.kinds, MS_KINDS_ALL);
	assert_int_equal(p.kinds_missing, 0);
}

static void test_vm_fentry(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.fentry.ok = true;
	f.kprobe.ok = true;
	f.fn[MS_FN_TRY_COMPACT].in_btf = f.fn[MS_FN_TRY_COMPACT].in_kallsyms = true;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_FENTRY);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE), "fe_shrink_node");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_FEXIT);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_COMPACT_EXIT), "fx_try_compact");
	/* oom_kill_process inlined: constraint inferred */
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OOM_KILL), MS_MECH_DERIVED);
	/* fentry refused but kprobes there: kprobe */
	f.fentry.ok = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_KPROBE);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_COMPACT_EXIT), MS_MECH_KRETPROBE);
	/* an inlined function: neither probe can target it */
	f.fentry.ok = true;
	f.fn[MS_FN_SHRINK_NODE].in_btf = f.fn[MS_FN_SHRINK_NODE].in_kallsyms = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), MS_MECH_DERIVED);
	assert_non_null(strstr(p.c[MS_HOOK_SHRINK_NODE].why[0], "inlined"));
}

static void test_old_kernel(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.tp_btf.ok = false;
	f.ringbuf.ok = false;
	f.task_storage.ok = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_DIRECT_BEGIN), MS_MECH_RAW_TP);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_DIRECT_BEGIN),
			    "rt_mm_vmscan_direct_reclaim_begin");
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_OUTPUT), MS_MECH_PERFBUF);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_INFLIGHT), MS_MECH_HASH);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_TASK_EXIT), MS_MECH_RAW_TP);
}

static void test_missing_tracepoint(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.tp[MS_TP_NODE_BEGIN].present = false; /* kernel without node reclaim tp */
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_NODE_BEGIN), -1);
	assert_string_equal(p.c[MS_HOOK_NODE_BEGIN].why[0], "tracepoint not in this kernel");
	assert_int_equal(p.kinds_missing, 1u << MS_KIND_NODE);
	assert_int_equal(p.kinds, MS_KINDS_ALL & ~(1u << MS_KIND_NODE));
	/* not wanted: not missing */
	plan(&f, MS_GRP_ALL, 1u << MS_KIND_MEMCG, &p);
	assert_int_equal(p.kinds_missing, 0);
	assert_int_equal(p.kinds, 1u << MS_KIND_MEMCG);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_DIRECT_BEGIN), -1); /* not wanted */
}

static void test_groups(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	f.fentry.ok = true;
	plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SHRINK_NODE), -1);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_MEMCG_END), MS_MECH_RAW_TP);
	/* nothing can load programs at all */
	f.tp_btf.ok = f.raw_tp.ok = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(p.kinds, 0);
	assert_int_equal(p.kinds_missing, MS_KINDS_ALL);
	assert_string_equal(attach__mech_name(MS_MECH_TP_BTF), "tp_btf");
	assert_string_equal(attach__hook(MS_HOOK_SHRINK_NODE)->name, "vmscan:shrink_node");
}

/* get_scan_count is inlined on every kernel we run (6.1, 6.12, 6.18): its
 * probe path is only reachable with a faked feature set. */
static void test_scan_count(void **state)
{
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_DERIVED);
	assert_non_null(strstr(attach__hook(MS_HOOK_SCAN_COUNT)->cand[2].note, "not observed"));
	assert_non_null(strstr(p.c[MS_HOOK_SCAN_COUNT].why[0], "inlined"));
	/* a real function, fentry works: fexit reads the nr[] targets */
	f.fn[MS_FN_GET_SCAN_COUNT].in_btf = f.fn[MS_FN_GET_SCAN_COUNT].in_kallsyms = true;
	f.fentry.ok = true;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_FEXIT);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SCAN_COUNT), "fx_scan_count");
	assert_null(attach__chosen_prog2(&p, MS_HOOK_SCAN_COUNT));
	/* shrink_node then pairs entry and exit */
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SHRINK_NODE), "fe_shrink_node");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SHRINK_NODE), "fx_shrink_node");
	/* kprobes only: entry stashes nr, the return probe reads it */
	f.fentry.ok = false;
	f.kprobe.ok = true;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), MS_MECH_KPROBE);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SCAN_COUNT), "kp_scan_count");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SCAN_COUNT), "kr_scan_count");
	assert_string_equal(attach__chosen_prog2(&p, MS_HOOK_SHRINK_NODE), "kr_shrink_node");
	/* not wanted by the event tracer alone (a passes-group hook) */
	plan(&f, MS_GRP_TRACE, MS_KINDS_ALL, &p);
	assert_int_equal(attach__chosen_mech(&p, MS_HOOK_SCAN_COUNT), -1);
	/* kswapd's rows need the LRU shrink tracepoint */
	f.tp[MS_TP_LRU_INACTIVE].present = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_true(p.kinds_missing & (1u << MS_KIND_KSWAPD));
}

/* ---- the plan tracer__new loads, for the options the subcommands give ---- */

/* the four ends share one raw_tp program, listed once */
#define RECLAIM_RT                                                                     \
	"rt_mm_vmscan_direct_reclaim_begin rt_reclaim_end "                            \
	"rt_mm_vmscan_memcg_reclaim_begin rt_mm_vmscan_memcg_softlimit_reclaim_begin " \
	"rt_mm_vmscan_node_reclaim_begin"
#define COMPACT_RT                                                      \
	"rt_mm_compaction_try_to_compact_pages rt_mm_compaction_begin " \
	"rt_mm_compaction_end rt_mm_compaction_deferred rt_mm_compaction_suitable"
#define KSWAPD_RT "rt_mm_vmscan_kswapd_wake rt_mm_vmscan_kswapd_sleep"
#define STORY_RT                                                                       \
	"rt_reclaim_retry_zone rt_compact_retry rt_wake_reaper rt_start_task_reaping " \
	"rt_finish_task_reaping rt_skip_task_reaping rt_signal_generate"
#define INACTIVE_RT "rt_mm_vmscan_lru_shrink_inactive"
#define ACTIVE_RT "rt_mm_vmscan_lru_shrink_active"
#define EXIT_RT "rt_sched_process_exit"
/* every tracing plan: removed cgroups keep their path */
#define RMDIR_RT "rt_cgroup_rmdir"
#define RENAME_RT /* stall events: names and memcg kept per task */ \
	"rt_task_rename rt_cgroup_attach_task rt_cgroup_transfer_tasks"

/* A QEMU guest: fentry and kprobes work, try_to_compact_pages and
 * oom_kill_process are real functions, get_scan_count is inlined. */
static void vm_like(struct ms_features *f)
{
	host_like(f);
	f->fentry.ok = f->kprobe.ok = true;
	f->fn[MS_FN_TRY_COMPACT].in_btf = f->fn[MS_FN_TRY_COMPACT].in_kallsyms = true;
	f->fn[MS_FN_OOM_KILL_PROCESS].in_btf = f->fn[MS_FN_OOM_KILL_PROCESS].in_kallsyms = true;
}

/* The programs tracer__new sets to autoload for these options: its plan
 * (tracer__plan_opts, attach__plan) and attach__programs of it, joined by
 * spaces. */
static const char *loads(const struct ms_features *f, const struct tracer_opts *to,
			 struct ms_plan *p)
{
	static char buf[4096];
	const char *names[2 * MS_HOOK_MAX];
	struct ms_plan_opts po;
	size_t at = 0;
	int i, n;

	tracer__plan_opts(to, &po);
	attach__plan(f, &po, p);
	n = attach__programs(p, names, 2 * MS_HOOK_MAX);
	assert_in_range(n, 0, 2 * MS_HOOK_MAX);
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		at += snprintf(buf + at, sizeof(buf) - at, "%s%s", i ? " " : "", names[i]);
	assert_true(at < sizeof(buf));
	return buf;
}

/* memstall snoop [-k kinds] [-e], as tools/snoop.c builds its options */
static struct tracer_opts snoop_opts(unsigned int kinds, bool extended)
{
	struct tracer_opts to = { .groups = MS_GRP_TRACE | MS_GRP_PASSES, .passes = extended };

	to.filter.kinds = kinds;
	if (kinds & (1u << MS_KIND_OOM))
		to.filter.kinds |= MS_KINDS_ALL;
	if (!extended)
		to.filter.kinds &= ~(1u << MS_KIND_KSWAPD);
	return to;
}

/* memstall hist [--by ...] (session__new_hist), and top (tools/top.c) */
static struct tracer_opts hist_opts(unsigned int by)
{
	struct tracer_opts to = { .groups = MS_GRP_TRACE, .hist = true, .hist_by = by };

	to.filter.kinds = MS_KINDS_ALL;
	return to;
}

/* memstall oom (tools/oom.c): each kill's story */
static struct tracer_opts oom_opts(void)
{
	struct tracer_opts to = { .groups = MS_GRP_TRACE, .kill_story = true };

	to.filter.kinds = MS_KINDS_ALL & ~(1u << MS_KIND_KSWAPD);
	return to;
}

static void test_loads_hist(void **state)
{
	struct tracer_opts to = hist_opts(MS_BY_TGID | MS_BY_COMM);
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	/* no kill stories, no active lists, no exit hook (task storage) */
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim " RMDIR_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_LRU_ACTIVE), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_WAKE_REAPER), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_TASK_EXIT), "not needed");
	assert_int_equal(p.kinds, MS_KINDS_ALL);
	/* --by node: the nodes a stall scanned include the active lists' */
	to.hist_by |= MS_BY_NODE;
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " ACTIVE_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim " RMDIR_RT);
	/* top: the same choice (its keys have no node), and the userspace
	 * killers' SIGKILLs for its OOM view (no other kill story) */
	to = hist_opts(MS_BY_TGID | MS_BY_COMM | MS_BY_CGROUP | MS_BY_ORDER | MS_BY_GFP);
	to.node_counts = true;
	to.ukills = true;
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim rt_signal_generate " RMDIR_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_SIGNAL_GENERATE), "ok");
	assert_string_equal(attach__status(&p, MS_HOOK_WAKE_REAPER), "not needed");
	/* export (tools/export.c): as hist, plus the userspace killers */
	to = hist_opts(MS_BY_CGROUP);
	to.ukills = true;
	to.count_compact = true;
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim rt_signal_generate " RMDIR_RT);
	/* hist: none */
	to.ukills = false;
	loads(&f, &to, &p);
	assert_string_equal(attach__status(&p, MS_HOOK_SIGNAL_GENERATE), "not needed");
	to = hist_opts(MS_BY_TGID | MS_BY_COMM | MS_BY_CGROUP | MS_BY_ORDER | MS_BY_GFP);
	to.node_counts = true;
	/* in-flight state in a hash: the exit hook frees it, kills or not */
	f.task_storage.ok = false;
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " EXIT_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim " RMDIR_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_TASK_EXIT), "ok");
	/* hist -k direct: only direct reclaim and the LRU events in it */
	f.task_storage.ok = true;
	to.filter.kinds = 1u << MS_KIND_DIRECT;
	assert_string_equal(loads(&f, &to, &p),
			    "rt_mm_vmscan_direct_reclaim_begin rt_reclaim_end " INACTIVE_RT
			    " " RMDIR_RT);
}

static void test_loads_snoop(void **state)
{
	struct tracer_opts to = snoop_opts(MS_KINDS_ALL, false);
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	host_like(&f);
	/* everything but kswapd (sent with -e only); passes derived: no
	 * program; a kill's row, not its story (retries, reaping, the
	 * victim's exit: memstall oom's), but every kill (the userspace
	 * killers' too) */
	assert_string_equal(loads(&f, &to, &p), RECLAIM_RT
			    " " INACTIVE_RT " " ACTIVE_RT " " COMPACT_RT
			    " rt_mark_victim rt_signal_generate " RMDIR_RT " " RENAME_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_SHRINK_NODE), "derived");
	assert_string_equal(attach__status(&p, MS_HOOK_RECLAIM_RETRY), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_COMPACT_RETRY), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_WAKE_REAPER), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_FINISH_REAPING), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_TASK_EXIT), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_SIGNAL_GENERATE), "ok");
	/* in-flight state in a hash: the exit hook frees it */
	f.task_storage.ok = false;
	assert_string_equal(loads(&f, &to, &p), RECLAIM_RT
			    " " INACTIVE_RT " " ACTIVE_RT " " EXIT_RT " " COMPACT_RT
			    " rt_mark_victim rt_signal_generate " RMDIR_RT " " RENAME_RT);
	f.task_storage.ok = true;
	/* snoop -k direct: no OOM, so no exit hook */
	to = snoop_opts(1u << MS_KIND_DIRECT, false);
	assert_string_equal(loads(&f, &to, &p),
			    "rt_mm_vmscan_direct_reclaim_begin rt_reclaim_end " INACTIVE_RT
			    " " ACTIVE_RT " " RMDIR_RT " " RENAME_RT);
	/* snoop -k oom: a kill's row (stalls before it) needs every kind's
	 * stalls */
	to = snoop_opts(1u << MS_KIND_OOM, false);
	assert_string_equal(loads(&f, &to, &p), RECLAIM_RT
			    " " INACTIVE_RT " " ACTIVE_RT " " COMPACT_RT
			    " rt_mark_victim rt_signal_generate " RMDIR_RT " " RENAME_RT);
	/* snoop -e in a guest: observed passes (entry, then exit at the end),
	 * kswapd, exact compaction episodes, the OOM constraint */
	vm_like(&f);
	to = snoop_opts(MS_KINDS_ALL, true);
	assert_string_equal(
		loads(&f, &to, &p),
		RECLAIM_RT " " INACTIVE_RT " " ACTIVE_RT " fe_shrink_node " KSWAPD_RT " " COMPACT_RT
			   " fx_try_compact rt_mark_victim fe_oom_kill rt_signal_generate " RMDIR_RT
			   " " RENAME_RT " fx_shrink_node");
	/* the same with fentry refused: kprobes, return probes last */
	f.fentry.ok = false;
	assert_string_equal(
		loads(&f, &to, &p),
		RECLAIM_RT " " INACTIVE_RT " " ACTIVE_RT " kp_shrink_node " KSWAPD_RT " " COMPACT_RT
			   " kr_try_compact rt_mark_victim kp_oom_kill rt_signal_generate " RMDIR_RT
			   " " RENAME_RT " kr_shrink_node");
}

static void test_loads_oom(void **state)
{
	struct tracer_opts to = oom_opts();
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	vm_like(&f);
	/* the kill's story, no passes (not the passes group) */
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " ACTIVE_RT " " EXIT_RT " " COMPACT_RT
				       " fx_try_compact rt_mark_victim "
				       "fe_oom_kill " STORY_RT " " RMDIR_RT " " RENAME_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_SHRINK_NODE), "not needed");
	/* an old kernel: raw tracepoints, perf buffer, hash in-flight state */
	host_like(&f);
	f.tp_btf.ok = f.ringbuf.ok = f.task_storage.ok = false;
	loads(&f, &to, &p);
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_SKIP_REAPING), "rt_skip_task_reaping");
	assert_string_equal(attach__chosen_prog(&p, MS_HOOK_TASK_EXIT), "rt_sched_process_exit");
	/* counted, none stored (signal_generate: the userspace OOM killers;
	 * cgroup_rmdir: removed cgroups keep their path; RENAME_RT) */
	assert_int_equal(attach__programs(&p, NULL, 0), 28);
}

/* memstall record (tools/record.c): the histograms' programs and the hooks
 * of a kill's story (they run only around a kill), nothing per stall */
static void test_loads_record(void **state)
{
	struct tracer_opts to =
		hist_opts(MS_BY_TGID | MS_BY_COMM | MS_BY_CGROUP | MS_BY_ZONE | MS_BY_ORDER);
	struct ms_features f;
	struct ms_plan p;

	(void)state;
	to.kill_story = true;
	host_like(&f);
	/* the story's hooks; not the userspace killers' (no ukills) */
	assert_string_equal(loads(&f, &to, &p), RECLAIM_RT
			    " " INACTIVE_RT " " EXIT_RT " " KSWAPD_RT " " COMPACT_RT
			    " rt_mark_victim rt_reclaim_retry_zone rt_compact_retry "
			    "rt_wake_reaper rt_start_task_reaping rt_finish_task_reaping "
			    "rt_skip_task_reaping " RMDIR_RT);
	assert_string_equal(attach__status(&p, MS_HOOK_SIGNAL_GENERATE), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_LRU_ACTIVE), "not needed");
	assert_string_equal(attach__status(&p, MS_HOOK_WAKE_REAPER), "ok");
	/* hist's plan is unchanged by the option's existence */
	to.kill_story = false;
	assert_string_equal(loads(&f, &to, &p),
			    RECLAIM_RT " " INACTIVE_RT " " KSWAPD_RT " " COMPACT_RT
				       " rt_mark_victim " RMDIR_RT);
}

/* doctor --probes prints the plan for every group and kind: each loader's
 * plan is that plan minus the hooks its options do not need, the same
 * candidate for every hook both want. */
static void same_choices(const struct ms_features *f, const struct tracer_opts *to)
{
	static const struct ms_plan_opts all = { .groups = MS_GRP_ALL, .kinds = MS_KINDS_ALL };
	const char *dn[2 * MS_HOOK_MAX], *ln[2 * MS_HOOK_MAX];
	struct ms_plan doctor, loader;
	int i, j, nd, nl;

	attach__plan(f, &all, &doctor);
	loads(f, to, &loader);
	for (i = 0; i < MS_HOOK_MAX; i++) {
		assert_int_equal(doctor.c[i].chosen, loader.c[i].chosen);
		assert_true(doctor.c[i].wanted);
		if (!loader.c[i].wanted && loader.c[i].chosen >= 0)
			assert_string_equal(attach__status(&loader, i), "not needed");
		else
			assert_string_equal(attach__status(&loader, i), attach__status(&doctor, i));
	}
	nd = attach__programs(&doctor, dn, 2 * MS_HOOK_MAX);
	nl = attach__programs(&loader, ln, 2 * MS_HOOK_MAX);
	for (i = 0; i < nl; i++) {
		for (j = 0; j < nd && strcmp(ln[i], dn[j]); j++)
			;
		assert_in_range(j, 0, nd - 1);
	}
}

static void test_doctor_plan(void **state)
{
	struct tracer_opts opts[] = {
		hist_opts(MS_BY_TGID),
		hist_opts(MS_BY_NODE),
		snoop_opts(MS_KINDS_ALL, false),
		snoop_opts(MS_KINDS_ALL, true),
		snoop_opts(1u << MS_KIND_COMPACT, true),
		oom_opts(),
	};
	struct ms_features f;
	char why[512], rej[512];
	struct ms_plan p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		host_like(&f);
		same_choices(&f, &opts[i]);
		f.task_storage.ok = f.tp_btf.ok = false;
		same_choices(&f, &opts[i]);
		vm_like(&f);
		same_choices(&f, &opts[i]);
	}
	/* the wording doctor --probes prints */
	host_like(&f);
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_string_equal(attach__status(&p, MS_HOOK_DIRECT_BEGIN), "ok");
	attach__why(&p, MS_HOOK_DIRECT_BEGIN, why, sizeof(why), rej, sizeof(rej));
	assert_string_equal(why, "");
	assert_string_equal(rej, "");
	assert_string_equal(attach__status(&p, MS_HOOK_SHRINK_NODE), "derived");
	attach__why(&p, MS_HOOK_SHRINK_NODE, why, sizeof(why), rej, sizeof(rej));
	assert_string_equal(why, "not fentry: refused by the kernel (EPERM); kprobe: not built in; "
				 "passes derived from LRU shrink events (node, priority, "
				 "anon/file scanned and reclaimed); nr_to_reclaim, reclaim_idx, "
				 "memcg unknown");
	assert_string_equal(rej, "fentry: refused by the kernel (EPERM)|kprobe: not built in");
	f.raw_tp.ok = false;
	strcpy(f.raw_tp.why, "disabled by --disable");
	f.tp[MS_TP_NODE_BEGIN].present = false;
	f.tp[MS_TP_COMPACT_SUITABLE].present = false;
	plan(&f, MS_GRP_ALL, MS_KINDS_ALL, &p);
	assert_string_equal(attach__status(&p, MS_HOOK_DIRECT_BEGIN), "fallback");
	attach__why(&p, MS_HOOK_DIRECT_BEGIN, why, sizeof(why), rej, sizeof(rej));
	assert_string_equal(why, "not raw_tp: disabled by --disable");
	assert_string_equal(attach__status(&p, MS_HOOK_NODE_BEGIN), "missing");
	assert_string_equal(attach__status(&p, MS_HOOK_COMPACT_SUITABLE), "unavailable");
	attach__why(&p, MS_HOOK_NODE_BEGIN, why, sizeof(why), rej, sizeof(rej));
	assert_string_equal(why, "not raw_tp: tracepoint not in this kernel; tp_btf: tracepoint "
				 "not in this kernel");
	/* an exit hook the plan does not need, and why */
	plan(&f, MS_GRP_ALL, MS_KINDS_RECLAIM, &p);
	assert_string_equal(attach__status(&p, MS_HOOK_TASK_EXIT), "not needed");
	attach__why(&p, MS_HOOK_TASK_EXIT, why, sizeof(why), rej, sizeof(rej));
	assert_string_equal(why, "only used with the hash fallback for in-flight state");
	/* a short buffer: cut, never overrun */
	attach__why(&p, MS_HOOK_NODE_BEGIN, why, 8, rej, 4);
	assert_string_equal(why, "not raw");
	assert_string_equal(rej, "raw");
}

/* The events ring buffer's default: 512 KiB per CPU, a power of two in
 * [1 MiB, 16 MiB]. Its pages are resident and mapped twice (2 MiB of
 * snoop's RSS on 2 CPUs), but 512 KiB dropped events in the VM storm
 * (07-storm.sh): the floor is the storm guarantee's. */
static void test_ringbuf_default(void **state)
{
	(void)state;
	assert_int_equal(bufsize__ringbuf_default(1), 1u << 20);
	assert_int_equal(bufsize__ringbuf_default(2), 1u << 20);
	assert_int_equal(bufsize__ringbuf_default(3), 2u << 20);
	assert_int_equal(bufsize__ringbuf_default(4), 2u << 20);
	assert_int_equal(bufsize__ringbuf_default(6), 4u << 20);
	assert_int_equal(bufsize__ringbuf_default(16), 8u << 20);
	assert_int_equal(bufsize__ringbuf_default(32), 16u << 20);
	assert_int_equal(bufsize__ringbuf_default(1024), 16u << 20);
	/* libbpf_num_possible_cpus() failed: the minimum */
	assert_int_equal(bufsize__ringbuf_default(-5), 1u << 20);
	/* --buffer-size wins; hist mode sends no stall: the smallest */
	assert_int_equal(bufsize__ringbuf(false, false, 8u << 20), 8u << 20);
	assert_int_equal(bufsize__ringbuf(false, true, 8u << 20), 8u << 20);
	assert_int_equal(bufsize__ringbuf(true, false, 8u << 20), 16u << 10);
	/* the stall rings take the stalls: half the default */
	assert_int_equal(bufsize__ringbuf(false, true, 0) * 2, bufsize__ringbuf(false, false, 0));
}

/* The per-CPU stall rings: 256 KiB each by default; --buffer-size shared
 * out among the CPUs, a power of two in [4 KiB, 4 MiB]; the map's element
 * in whole pages with room for the header and a record past the end. */
static void test_pring_sizes(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(bufsize__pring_seg(0, 2), 256u << 10);
	assert_int_equal(bufsize__pring_seg(0, 256), 256u << 10);
	assert_int_equal(bufsize__pring_seg(1u << 20, 2), 512u << 10);
	assert_int_equal(bufsize__pring_seg(3u << 20, 2), 1u << 20);
	assert_int_equal(bufsize__pring_seg(1u << 20, 64), 16u << 10);
	assert_int_equal(bufsize__pring_seg(16u << 10, 2), 8u << 10);
	assert_int_equal(bufsize__pring_seg(4u << 10, 2), 4u << 10);
	assert_int_equal(bufsize__pring_seg(1ul << 30, 2), 4u << 20);
	assert_int_equal(bufsize__pring_seg(1u << 20, -1), 1u << 20);
	assert_int_equal(bufsize__pring_value(256u << 10) % page, 0);
	assert_true(bufsize__pring_value(256u << 10) >= sizeof(struct ms_pring_hdr) + (256u << 10) +
								MS_PRING_REC_HDR +
								MS_EV_SIZE(stall));
	assert_true(bufsize__pring_value(256u << 10) < (256u << 10) + 2 * page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host),	    cmocka_unit_test(test_pring_sizes),
		cmocka_unit_test(test_cookies),	    cmocka_unit_test(test_vm_fentry),
		cmocka_unit_test(test_old_kernel),  cmocka_unit_test(test_missing_tracepoint),
		cmocka_unit_test(test_groups),	    cmocka_unit_test(test_scan_count),
		cmocka_unit_test(test_loads_hist),  cmocka_unit_test(test_loads_snoop),
		cmocka_unit_test(test_loads_oom),   cmocka_unit_test(test_loads_record),
		cmocka_unit_test(test_doctor_plan), cmocka_unit_test(test_ringbuf_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
