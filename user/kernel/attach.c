// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "kernel/attach.h"
#include "memstall.h"
#include "base/util.h"

#define TP_PAIR(tpn)                                                      \
	{                                                                 \
		{ MS_MECH_TP_BTF, "tb_" #tpn, "BTF-typed tracepoint" },   \
			{ MS_MECH_RAW_TP, "rt_" #tpn, "raw tracepoint" }, \
	}

/* A tracepoint hook: name "system:event", needed by kinds k. */
#define TP_HOOK(id, sys, tpid, k, opt, tpn) \
	[id] = { .name = sys ":" #tpn,      \
		 .group = MS_GRP_TRACE,     \
		 .tp = tpid,                \
		 .fn = -1,                  \
		 .kinds = k,                \
		 .optional = opt,           \
		 .cand = TP_PAIR(tpn) }

#define K(kind) (1u << (kind))
#define MS_KINDS_MEMCG (K(MS_KIND_MEMCG) | K(MS_KIND_HIGH))

static const struct ms_hook_def hooks[MS_HOOK_MAX] = {
	[MS_HOOK_INFLIGHT] = { .name = "state:inflight",
			       .group = MS_GRP_TRACE,
			       .tp = -1,
			       .fn = -1,
			       .kinds = MS_KINDS_ALL,
			       .cand = { { MS_MECH_TASK_STORAGE, NULL,
					   "task-local storage, freed with the task" },
					 { MS_MECH_HASH, NULL,
					   "hash by tid, cleaned at sched_process_exit" } } },
	[MS_HOOK_OUTPUT] = { .name = "output:events",
			     .group = MS_GRP_TRACE,
			     .tp = -1,
			     .fn = -1,
			     .kinds = MS_KINDS_ALL,
			     .cand = { { MS_MECH_RINGBUF, NULL, "BPF ring buffer" },
				       { MS_MECH_PERFBUF, NULL, "per-CPU perf buffer" } } },
	TP_HOOK(MS_HOOK_DIRECT_BEGIN, "vmscan", MS_TP_DIRECT_BEGIN, K(MS_KIND_DIRECT), false,
		mm_vmscan_direct_reclaim_begin),
	TP_HOOK(MS_HOOK_DIRECT_END, "vmscan", MS_TP_DIRECT_END, K(MS_KIND_DIRECT), false,
		mm_vmscan_direct_reclaim_end),
	/* high: its reclaims are memcg stalls nested in it */
	TP_HOOK(MS_HOOK_MEMCG_BEGIN, "vmscan", MS_TP_MEMCG_BEGIN, MS_KINDS_MEMCG, false,
		mm_vmscan_memcg_reclaim_begin),
	TP_HOOK(MS_HOOK_MEMCG_END, "vmscan", MS_TP_MEMCG_END, MS_KINDS_MEMCG, false,
		mm_vmscan_memcg_reclaim_end),
	TP_HOOK(MS_HOOK_SOFTLIMIT_BEGIN, "vmscan", MS_TP_SOFTLIMIT_BEGIN, K(MS_KIND_SOFTLIMIT),
		false, mm_vmscan_memcg_softlimit_reclaim_begin),
	TP_HOOK(MS_HOOK_SOFTLIMIT_END, "vmscan", MS_TP_SOFTLIMIT_END, K(MS_KIND_SOFTLIMIT), false,
		mm_vmscan_memcg_softlimit_reclaim_end),
	TP_HOOK(MS_HOOK_NODE_BEGIN, "vmscan", MS_TP_NODE_BEGIN, K(MS_KIND_NODE), false,
		mm_vmscan_node_reclaim_begin),
	TP_HOOK(MS_HOOK_NODE_END, "vmscan", MS_TP_NODE_END, K(MS_KIND_NODE), false,
		mm_vmscan_node_reclaim_end),
	TP_HOOK(MS_HOOK_LRU_INACTIVE, "vmscan", MS_TP_LRU_INACTIVE, MS_KINDS_LRU, true,
		mm_vmscan_lru_shrink_inactive),
	TP_HOOK(MS_HOOK_LRU_ACTIVE, "vmscan", MS_TP_LRU_ACTIVE, MS_KINDS_LRU, true,
		mm_vmscan_lru_shrink_active),
	TP_HOOK(MS_HOOK_TASK_EXIT, "sched", MS_TP_PROCESS_EXIT, MS_KINDS_ALL, true,
		sched_process_exit),
	[MS_HOOK_SHRINK_NODE] = { .name = "vmscan:shrink_node",
				  .group = MS_GRP_PASSES,
				  .tp = -1,
				  .fn = MS_FN_SHRINK_NODE,
				  .kinds = MS_KINDS_LRU,
				  .optional = true,
				  .cand = { { MS_MECH_FENTRY, "fe_shrink_node",
					      "passes observed: node, priority, nr_to_reclaim, "
					      "reclaim_idx, memcg, scanned/reclaimed, duration",
					      "fx_shrink_node" },
					    { MS_MECH_KPROBE, "kp_shrink_node",
					      "passes observed: node, priority, nr_to_reclaim, "
					      "reclaim_idx, memcg, scanned/reclaimed, duration",
					      "kr_shrink_node" },
					    { MS_MECH_DERIVED, NULL,
					      "passes derived from LRU shrink events (node, "
					      "priority, anon/file scanned and reclaimed); "
					      "nr_to_reclaim, reclaim_idx, memcg unknown" } } },
	[MS_HOOK_SCAN_COUNT] = { .name = "vmscan:get_scan_count",
				 .group = MS_GRP_PASSES,
				 .tp = -1,
				 .fn = MS_FN_GET_SCAN_COUNT,
				 .kinds = MS_KINDS_LRU,
				 .optional = true,
				 .cand = { { MS_MECH_FEXIT, "fx_scan_count",
					     "scan balance observed: per-LRU scan targets", NULL },
					   { MS_MECH_KPROBE, "kp_scan_count",
					     "scan balance observed: per-LRU scan targets",
					     "kr_scan_count" },
					   { MS_MECH_DERIVED, NULL,
					     "scan balance derived, not observed: from the "
					     "anon/file pages the LRU shrink events scanned" } } },
	TP_HOOK(MS_HOOK_KSWAPD_WAKE, "vmscan", MS_TP_KSWAPD_WAKE, K(MS_KIND_KSWAPD), true,
		mm_vmscan_kswapd_wake),
	TP_HOOK(MS_HOOK_KSWAPD_SLEEP, "vmscan", MS_TP_KSWAPD_SLEEP, K(MS_KIND_KSWAPD), true,
		mm_vmscan_kswapd_sleep),
	TP_HOOK(MS_HOOK_TRY_COMPACT, "compaction", MS_TP_TRY_COMPACT, K(MS_KIND_COMPACT), false,
		mm_compaction_try_to_compact_pages),
	TP_HOOK(MS_HOOK_COMPACT_BEGIN, "compaction", MS_TP_COMPACT_BEGIN, K(MS_KIND_COMPACT), false,
		mm_compaction_begin),
	TP_HOOK(MS_HOOK_COMPACT_END, "compaction", MS_TP_COMPACT_END, K(MS_KIND_COMPACT), false,
		mm_compaction_end),
	TP_HOOK(MS_HOOK_COMPACT_DEFERRED, "compaction", MS_TP_COMPACT_DEFERRED, K(MS_KIND_COMPACT),
		true, mm_compaction_deferred),
	TP_HOOK(MS_HOOK_COMPACT_SUITABLE, "compaction", MS_TP_COMPACT_SUITABLE, K(MS_KIND_COMPACT),
		true, mm_compaction_suitable),
	[MS_HOOK_COMPACT_EXIT] = { .name = "compaction:try_to_compact_pages (return)",
				   .group = MS_GRP_TRACE,
				   .tp = -1,
				   .fn = MS_FN_TRY_COMPACT,
				   .kinds = K(MS_KIND_COMPACT),
				   .optional = true,
				   .cand = { { MS_MECH_FEXIT, "fx_try_compact",
					       "direct compaction episodes timed exactly" },
					     { MS_MECH_KRETPROBE, "kr_try_compact",
					       "direct compaction episodes timed exactly" },
					     { MS_MECH_DERIVED, NULL,
					       "an episode is the sum of its per-zone runs, "
					       "reported "
					       "when the task next reclaims, compacts or triggers "
					       "an "
					       "OOM" } } },
	TP_HOOK(MS_HOOK_MARK_VICTIM, "oom", MS_TP_MARK_VICTIM, K(MS_KIND_OOM), false, mark_victim),
	[MS_HOOK_OOM_KILL] = { .name = "oom:oom_kill_process",
			       .group = MS_GRP_TRACE,
			       .tp = -1,
			       .fn = MS_FN_OOM_KILL_PROCESS,
			       .kinds = K(MS_KIND_OOM),
			       .optional = true,
			       .cand = { { MS_MECH_FENTRY, "fe_oom_kill",
					   "constraint, OOM memcg, order, gfp, domain size "
					   "observed" },
					 { MS_MECH_KPROBE, "kp_oom_kill",
					   "constraint, OOM memcg, order, gfp, domain size "
					   "observed" },
					 { MS_MECH_DERIVED, NULL,
					   "constraint inferred from the trigger's recent stalls "
					   "(marked inferred); domain size, order, gfp "
					   "unknown" } } },
	TP_HOOK(MS_HOOK_RECLAIM_RETRY, "oom", MS_TP_RECLAIM_RETRY, K(MS_KIND_OOM), true,
		reclaim_retry_zone),
	TP_HOOK(MS_HOOK_COMPACT_RETRY, "oom", MS_TP_COMPACT_RETRY, K(MS_KIND_OOM), true,
		compact_retry),
	TP_HOOK(MS_HOOK_WAKE_REAPER, "oom", MS_TP_WAKE_REAPER, K(MS_KIND_OOM), true, wake_reaper),
	TP_HOOK(MS_HOOK_START_REAPING, "oom", MS_TP_START_REAPING, K(MS_KIND_OOM), true,
		start_task_reaping),
	TP_HOOK(MS_HOOK_FINISH_REAPING, "oom", MS_TP_FINISH_REAPING, K(MS_KIND_OOM), true,
		finish_task_reaping),
	TP_HOOK(MS_HOOK_SKIP_REAPING, "oom", MS_TP_SKIP_REAPING, K(MS_KIND_OOM), true,
		skip_task_reaping),
	[MS_HOOK_OVER_HIGH] = { .name = "memcg:mem_cgroup_handle_over_high",
				.group = MS_GRP_TRACE,
				.tp = -1,
				.fn = MS_FN_OVER_HIGH,
				.kinds = K(MS_KIND_HIGH),
				.optional = true,
				.cand = { { MS_MECH_FENTRY, "fe_over_high",
					    "memory.high throttle sleeps timed (v2), reclaim "
					    "part as nested memcg stalls",
					    "fx_over_high" },
					  { MS_MECH_KPROBE, "kp_over_high",
					    "memory.high throttle sleeps timed (v2), reclaim "
					    "part as nested memcg stalls",
					    "kr_over_high" },
					  { MS_MECH_DERIVED, NULL,
					    "cgroup v2 memory.high throttle sleeps not timed (a "
					    "probe would time each, as a high stall); shown: "
					    "memory.events high per cgroup (top's HIGH/s), the "
					    "reclaim part as memcg stalls" } } },
	TP_HOOK(MS_HOOK_CGROUP_RMDIR, "cgroup", MS_TP_CGROUP_RMDIR, MS_KINDS_ALL, true,
		cgroup_rmdir),
};

static const char *const mech_names[] = {
	[MS_MECH_TP_BTF] = "tp_btf",	   [MS_MECH_RAW_TP] = "raw_tp",
	[MS_MECH_FENTRY] = "fentry",	   [MS_MECH_KPROBE] = "kprobe",
	[MS_MECH_DERIVED] = "derived",	   [MS_MECH_TASK_STORAGE] = "task_storage",
	[MS_MECH_HASH] = "hash",	   [MS_MECH_RINGBUF] = "ringbuf",
	[MS_MECH_PERFBUF] = "perfbuf",	   [MS_MECH_FEXIT] = "fexit",
	[MS_MECH_KRETPROBE] = "kretprobe",
};

const struct ms_hook_def *attach__hook(enum ms_hook_id id)
{
	return id < MS_HOOK_MAX ? &hooks[id] : NULL;
}

const char *attach__mech_name(enum ms_mech m)
{
	return m < ARRAY_SIZE(mech_names) ? mech_names[m] : "?";
}

/* Can candidate c of hook h be used? If not, say why in why[]. */
static bool cand_fits(const struct ms_features *f, const struct ms_hook_def *h,
		      const struct ms_cand *c, char *why, size_t len)
{
	const struct ms_avail *a = NULL;

	switch (c->mech) {
	case MS_MECH_TP_BTF:
	case MS_MECH_RAW_TP:
		if (!f->tp[h->tp].present) {
			snprintf(why, len, "tracepoint not in this kernel");
			return false;
		}
		a = c->mech == MS_MECH_TP_BTF ? &f->tp_btf : &f->raw_tp;
		break;
	case MS_MECH_FENTRY:
	case MS_MECH_FEXIT:
		if (!f->fn[h->fn].in_btf) {
			snprintf(why, len, "%s not in BTF (inlined or absent)",
				 features__fn_name(h->fn));
			return false;
		}
		a = &f->fentry;
		break;
	case MS_MECH_KPROBE:
	case MS_MECH_KRETPROBE:
		if (!f->fn[h->fn].in_kallsyms) {
			snprintf(why, len, "%s is not a real symbol (inlined or absent)",
				 features__fn_name(h->fn));
			return false;
		}
		a = &f->kprobe;
		break;
	case MS_MECH_TASK_STORAGE:
		a = &f->task_storage;
		break;
	case MS_MECH_RINGBUF:
		a = &f->ringbuf;
		break;
	case MS_MECH_PERFBUF:
		a = &f->perfbuf;
		break;
	case MS_MECH_DERIVED:
	case MS_MECH_HASH:
		return true;
	}
	if (a && !a->ok) {
		snprintf(why, len, "%s", a->why);
		return false;
	}
	return true;
}

void attach__plan(const struct ms_features *f, unsigned int groups, unsigned int kinds,
		  struct ms_plan *p)
{
	int i, j;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < MS_HOOK_MAX; i++) {
		const struct ms_hook_def *h = &hooks[i];
		struct ms_choice *c = &p->c[i];

		c->chosen = -1;
		c->wanted = (h->group & groups) && (h->kinds & kinds);
		for (j = 0; j < MS_MAX_CAND && h->cand[j].note; j++) {
			if (cand_fits(f, h, &h->cand[j], c->why[j], sizeof(c->why[j]))) {
				c->chosen = j;
				break;
			}
		}
		if (c->wanted && c->chosen < 0 && !h->optional)
			p->kinds_missing |= h->kinds & kinds;
	}
	/* kswapd's passes are made of LRU shrink events: no LRU hook, no kswapd */
	if ((kinds & K(MS_KIND_KSWAPD)) && p->c[MS_HOOK_LRU_INACTIVE].chosen < 0)
		p->kinds_missing |= K(MS_KIND_KSWAPD);
	/* The exit hook frees hash in-flight state and sees OOM victims die. */
	if (attach__chosen_mech(p, MS_HOOK_INFLIGHT) != MS_MECH_HASH && !(kinds & K(MS_KIND_OOM)))
		p->c[MS_HOOK_TASK_EXIT].wanted = false;
	if (groups & MS_GRP_TRACE)
		p->kinds = kinds & MS_KINDS_ALL & ~p->kinds_missing;
}

/* The candidate the plan chose for a hook, NULL when not wanted or none fits. */
static const struct ms_cand *chosen(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_choice *c = &p->c[id];

	return c->wanted && c->chosen >= 0 ? &hooks[id].cand[c->chosen] : NULL;
}

int attach__chosen_mech(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_cand *c = chosen(p, id);

	return c ? (int)c->mech : -1;
}

const char *attach__chosen_prog(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_cand *c = chosen(p, id);

	return c ? c->prog : NULL;
}

const char *attach__chosen_prog2(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_cand *c = chosen(p, id);

	return c ? c->prog2 : NULL;
}
