// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "kernel/attach.h"
#include "memstall.h"
#include "base/util.h"

/* raw_tp first: the same code as tp_btf (arguments as u64, fields read by
 * CO-RE), the same cost per event, and cheaper to start: libbpf need not
 * parse the kernel's BTF (CO-RE uses corebtf.c's minimal one) nor search it
 * for each program's attach target, nor does the kernel at load (snoop
 * started ~20 ms sooner on 6.18; bench/RESULTS.md, issue 18). tp_btf where
 * raw_tp cannot load. */
#define TP_PAIR(tpn)                                                            \
	{                                                                       \
		{ MS_MECH_RAW_TP, "rt_" #tpn, "raw tracepoint" },               \
			{ MS_MECH_TP_BTF, "tb_" #tpn, "BTF-typed tracepoint" }, \
	}

/* The same, whose raw_tp program (shared by several hooks) is rt: one
 * program attached to each hook's tracepoint (bpf/memstall.bpf.c,
 * rt_reclaim_end). */
#define TP_PAIR_SHARED(tpn, rt)                                                 \
	{                                                                       \
		{ MS_MECH_RAW_TP, rt, "raw tracepoint" },                       \
			{ MS_MECH_TP_BTF, "tb_" #tpn, "BTF-typed tracepoint" }, \
	}

/* A tracepoint hook of group grp: name "system:event", needed by kinds k. */
#define TP_HOOK_G(id, sys, tpid, grp, k, opt, tpn) \
	[id] = { .name = sys ":" #tpn,             \
		 .group = grp,                     \
		 .tp = tpid,                       \
		 .fn = -1,                         \
		 .kinds = k,                       \
		 .optional = opt,                  \
		 .cand = TP_PAIR(tpn) }

/* A tracepoint hook of the event tracer. */
#define TP_HOOK(id, sys, tpid, k, opt, tpn) TP_HOOK_G(id, sys, tpid, MS_GRP_TRACE, k, opt, tpn)

/* A reclaim begin of (order, gfp): its own raw_tp program, or where the
 * kernel has attach cookies the one the three share (rt_reclaim_begin, the
 * cookie its kind). */
#define TP_HOOK_BEGIN(id, tpid, k, kind, tpn)              \
	[id] = { .name = "vmscan:" #tpn,                   \
		 .group = MS_GRP_TRACE,                    \
		 .tp = tpid,                               \
		 .fn = -1,                                 \
		 .kinds = k,                               \
		 .cand = { { .mech = MS_MECH_RAW_TP,       \
			     .prog = "rt_" #tpn,           \
			     .note = "raw tracepoint",     \
			     .shared = "rt_reclaim_begin", \
			     .cookie = kind },             \
			   { MS_MECH_TP_BTF, "tb_" #tpn, "BTF-typed tracepoint" } } }

/* A reclaim end: the raw_tp program all four share. */
#define TP_HOOK_END(id, tpid, k, tpn)    \
	[id] = { .name = "vmscan:" #tpn, \
		 .group = MS_GRP_TRACE,  \
		 .tp = tpid,             \
		 .fn = -1,               \
		 .kinds = k,             \
		 .cand = TP_PAIR_SHARED(tpn, "rt_reclaim_end") }

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
	TP_HOOK_BEGIN(MS_HOOK_DIRECT_BEGIN, MS_TP_DIRECT_BEGIN, K(MS_KIND_DIRECT), MS_KIND_DIRECT,
		      mm_vmscan_direct_reclaim_begin),
	TP_HOOK_END(MS_HOOK_DIRECT_END, MS_TP_DIRECT_END, K(MS_KIND_DIRECT),
		    mm_vmscan_direct_reclaim_end),
	/* high: its reclaims are memcg stalls nested in it */
	TP_HOOK_BEGIN(MS_HOOK_MEMCG_BEGIN, MS_TP_MEMCG_BEGIN, MS_KINDS_MEMCG, MS_KIND_MEMCG,
		      mm_vmscan_memcg_reclaim_begin),
	TP_HOOK_END(MS_HOOK_MEMCG_END, MS_TP_MEMCG_END, MS_KINDS_MEMCG,
		    mm_vmscan_memcg_reclaim_end),
	TP_HOOK_BEGIN(MS_HOOK_SOFTLIMIT_BEGIN, MS_TP_SOFTLIMIT_BEGIN, K(MS_KIND_SOFTLIMIT),
		      MS_KIND_SOFTLIMIT, mm_vmscan_memcg_softlimit_reclaim_begin),
	TP_HOOK_END(MS_HOOK_SOFTLIMIT_END, MS_TP_SOFTLIMIT_END, K(MS_KIND_SOFTLIMIT),
		    mm_vmscan_memcg_softlimit_reclaim_end),
	TP_HOOK(MS_HOOK_NODE_BEGIN, "vmscan", MS_TP_NODE_BEGIN, K(MS_KIND_NODE), false,
		mm_vmscan_node_reclaim_begin),
	TP_HOOK_END(MS_HOOK_NODE_END, MS_TP_NODE_END, K(MS_KIND_NODE), mm_vmscan_node_reclaim_end),
	TP_HOOK(MS_HOOK_LRU_INACTIVE, "vmscan", MS_TP_LRU_INACTIVE, MS_KINDS_LRU, true,
		mm_vmscan_lru_shrink_inactive),
	TP_HOOK_G(MS_HOOK_LRU_ACTIVE, "vmscan", MS_TP_LRU_ACTIVE, MS_GRP_ACTIVE_LRU, MS_KINDS_LRU,
		  true, mm_vmscan_lru_shrink_active),
	/* sees OOM victims die; frees hash in-flight state */
	[MS_HOOK_TASK_EXIT] = { .name = "sched:sched_process_exit",
				.group = MS_GRP_KILL_STORY,
				.tp = MS_TP_PROCESS_EXIT,
				.fn = -1,
				.kinds = K(MS_KIND_OOM),
				.flags = MS_HF_FREES_HASH,
				.optional = true,
				.cand = TP_PAIR(sched_process_exit) },
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
	TP_HOOK_G(MS_HOOK_RECLAIM_RETRY, "oom", MS_TP_RECLAIM_RETRY, MS_GRP_KILL_STORY,
		  K(MS_KIND_OOM), true, reclaim_retry_zone),
	TP_HOOK_G(MS_HOOK_COMPACT_RETRY, "oom", MS_TP_COMPACT_RETRY, MS_GRP_KILL_STORY,
		  K(MS_KIND_OOM), true, compact_retry),
	TP_HOOK_G(MS_HOOK_WAKE_REAPER, "oom", MS_TP_WAKE_REAPER, MS_GRP_KILL_STORY, K(MS_KIND_OOM),
		  true, wake_reaper),
	TP_HOOK_G(MS_HOOK_START_REAPING, "oom", MS_TP_START_REAPING, MS_GRP_KILL_STORY,
		  K(MS_KIND_OOM), true, start_task_reaping),
	TP_HOOK_G(MS_HOOK_FINISH_REAPING, "oom", MS_TP_FINISH_REAPING, MS_GRP_KILL_STORY,
		  K(MS_KIND_OOM), true, finish_task_reaping),
	TP_HOOK_G(MS_HOOK_SKIP_REAPING, "oom", MS_TP_SKIP_REAPING, MS_GRP_KILL_STORY,
		  K(MS_KIND_OOM), true, skip_task_reaping),
	TP_HOOK_G(MS_HOOK_SIGNAL_GENERATE, "signal", MS_TP_SIGNAL_GENERATE, MS_GRP_UKILL,
		  K(MS_KIND_OOM), true, signal_generate),
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
	TP_HOOK_G(MS_HOOK_TASK_RENAME, "task", MS_TP_TASK_RENAME, MS_GRP_NAMES, MS_KINDS_ALL, true,
		  task_rename),
	TP_HOOK_G(MS_HOOK_CGROUP_ATTACH, "cgroup", MS_TP_CGROUP_ATTACH, MS_GRP_NAMES, MS_KINDS_ALL,
		  true, cgroup_attach_task),
	TP_HOOK_G(MS_HOOK_CGROUP_TRANSFER, "cgroup", MS_TP_CGROUP_TRANSFER, MS_GRP_NAMES,
		  MS_KINDS_ALL, true, cgroup_transfer_tasks),
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

/* The groups a subcommand's options need: TRACE brings the userspace
 * killers and the active lists, and the kill stories when asked (oom,
 * record: kill_story; snoop's kill row and a histogram's count need only
 * mark_victim), except that histograms trace userspace killers only when
 * asked (export, top) and no active-list scans but the nodes a stall
 * scanned (--by node). */
static unsigned int plan_groups(const struct ms_plan_opts *o)
{
	unsigned int g = o->groups;

	if (g & MS_GRP_TRACE)
		g |= MS_GRP_UKILL | MS_GRP_ACTIVE_LRU | MS_GRP_NAMES |
		     (o->kill_story ? MS_GRP_KILL_STORY : 0);
	if (o->hist) {
		if (!o->ukills)
			g &= ~MS_GRP_UKILL;
		if (!(o->hist_by & MS_BY_NODE))
			g &= ~MS_GRP_ACTIVE_LRU;
		g &= ~MS_GRP_NAMES;
	}
	return g;
}

void attach__plan(const struct ms_features *f, const struct ms_plan_opts *o, struct ms_plan *p)
{
	unsigned int groups = plan_groups(o), kinds = o->kinds;
	bool hash;
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
	hash = attach__chosen_mech(p, MS_HOOK_INFLIGHT) == MS_MECH_HASH;
	for (i = 0; i < MS_HOOK_MAX; i++)
		if (hash && (hooks[i].flags & MS_HF_FREES_HASH))
			p->c[i].wanted = true;
	if (o->groups & MS_GRP_TRACE)
		p->kinds = kinds & MS_KINDS_ALL & ~p->kinds_missing;
	p->cookies = f->raw_tp_cookie.ok;
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

	if (c && c->shared && p->cookies)
		return c->shared;
	return c ? c->prog : NULL;
}

long long attach__chosen_cookie(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_cand *c = chosen(p, id);

	return c && c->shared && p->cookies ? (long long)c->cookie : -1;
}

const char *attach__chosen_prog2(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_cand *c = chosen(p, id);

	return c ? c->prog2 : NULL;
}

static bool listed(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

int attach__programs(const struct ms_plan *p, const char **names, int max)
{
	const char *name;
	int i, n = 0;

	for (i = 0; i < 2 * MS_HOOK_MAX; i++) {
		name = i < MS_HOOK_MAX ? attach__chosen_prog(p, i)
				       : attach__chosen_prog2(p, i - MS_HOOK_MAX);
		if (!name || listed(names, n < max ? n : max, name))
			continue; /* a program shared by hooks (rt_reclaim_end) once */
		if (n < max)
			names[n] = name;
		n++;
	}
	return n;
}

const char *attach__status(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_hook_def *h = &hooks[id];
	const struct ms_choice *c = &p->c[id];

	if (c->chosen < 0)
		return h->optional ? "unavailable" : "missing";
	if (!c->wanted)
		return "not needed";
	if (h->cand[c->chosen].mech == MS_MECH_DERIVED)
		return "derived";
	return c->chosen > 0 ? "fallback" : "ok";
}

/* Append to buf at *at (snprintf-style: *at may pass the end). */
static void append(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = *at < len ? vsnprintf(buf + *at, len - *at, fmt, ap) : vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += n;
}

void attach__why(const struct ms_plan *p, enum ms_hook_id id, char *why, size_t why_len,
		 char *rejected, size_t rej_len)
{
	const struct ms_hook_def *h = &hooks[id];
	const struct ms_choice *c = &p->c[id];
	size_t a = 0, b = 0;
	int j;

	why[0] = rejected[0] = '\0';
	for (j = 0; j < (c->chosen < 0 ? MS_MAX_CAND : c->chosen); j++) {
		if (!h->cand[j].note)
			break;
		append(why, why_len, &a, "%s%s: %s", a ? "; " : "not ",
		       attach__mech_name(h->cand[j].mech), c->why[j]);
		append(rejected, rej_len, &b, "%s%s: %s", b ? "|" : "",
		       attach__mech_name(h->cand[j].mech), c->why[j]);
	}
	if (c->chosen >= 0 && h->cand[c->chosen].mech == MS_MECH_DERIVED)
		append(why, why_len, &a, "%s%s", a ? "; " : "", h->cand[c->chosen].note);
	else if ((h->flags & MS_HF_FREES_HASH) && !c->wanted)
		snprintf(why, why_len, "only used with the hash fallback for in-flight state");
}
