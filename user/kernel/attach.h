/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attach table: for every hook, its ordered candidates (data, not code),
 * the hook group and flags that say when it is needed, and attach__plan(), a
 * pure function of the feature set and the plan options that picks one
 * candidate per hook and records why each earlier one was rejected. The plan
 * is final: the tracer loads exactly attach__programs() of it, and
 * 'doctor --probes' prints it with attach__status()/attach__why().
 */
#ifndef MS_ATTACH_H
#define MS_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include "kernel/kfeatures.h"

enum ms_mech {
	MS_MECH_TP_BTF,
	MS_MECH_RAW_TP,
	MS_MECH_FENTRY,
	MS_MECH_KPROBE,
	MS_MECH_DERIVED, /* no program: derived from other tracepoints */
	MS_MECH_TASK_STORAGE,
	MS_MECH_HASH,
	MS_MECH_RINGBUF,
	MS_MECH_PERFBUF,
	MS_MECH_FEXIT,
	MS_MECH_KRETPROBE,
};

/* Which parts of the tracer a subcommand wants (hook groups). A subcommand
 * asks for TRACE and/or PASSES; the plan adds the parts of TRACE its mode
 * needs (see attach__plan). */
enum ms_group {
	MS_GRP_TRACE = 1u << 0, /* the event tracer (hooks of the wanted kinds) */
	MS_GRP_PASSES = 1u << 1, /* shrink_node passes (optional) */
	/* an OOM kill's story: retry decisions, reaping, the victim's death
	 * (oom, record: ms_plan_opts.kill_story; snoop's kill row and hist's
	 * count need only mark_victim) */
	MS_GRP_KILL_STORY = 1u << 2,
	/* active-list scans: events, and hist only for the nodes a stall
	 * scanned (--by node) */
	MS_GRP_ACTIVE_LRU = 1u << 3,
	/* userspace OOM killers' SIGKILLs (signal_generate): with the event
	 * tracer, and with histograms when asked (ms_plan_opts.ukills) */
	MS_GRP_UKILL = 1u << 4,
	/* task renames and cgroup moves: the event tracer's stalls keep their
	 * task's pid, tid, comm and memory cgroup until one (histograms read
	 * what they key on where they need it) */
	MS_GRP_NAMES = 1u << 5,
	MS_GRP_ALL = ~0u,
};

/* Hook flags. */
enum ms_hook_flag {
	/* also needed whenever in-flight state is the hash fallback (the
	 * hook frees a task's entry) */
	MS_HF_FREES_HASH = 1u << 0,
};

enum ms_hook_id {
	MS_HOOK_INFLIGHT,
	MS_HOOK_OUTPUT,
	MS_HOOK_DIRECT_BEGIN,
	MS_HOOK_DIRECT_END,
	MS_HOOK_MEMCG_BEGIN,
	MS_HOOK_MEMCG_END,
	MS_HOOK_SOFTLIMIT_BEGIN,
	MS_HOOK_SOFTLIMIT_END,
	MS_HOOK_NODE_BEGIN,
	MS_HOOK_NODE_END,
	MS_HOOK_LRU_INACTIVE,
	MS_HOOK_LRU_ACTIVE,
	MS_HOOK_TASK_EXIT,
	MS_HOOK_SHRINK_NODE,
	MS_HOOK_SCAN_COUNT,
	MS_HOOK_KSWAPD_WAKE,
	MS_HOOK_KSWAPD_SLEEP,
	MS_HOOK_TRY_COMPACT,
	MS_HOOK_COMPACT_BEGIN,
	MS_HOOK_COMPACT_END,
	MS_HOOK_COMPACT_DEFERRED,
	MS_HOOK_COMPACT_SUITABLE,
	MS_HOOK_COMPACT_EXIT,
	MS_HOOK_MARK_VICTIM,
	MS_HOOK_OOM_KILL,
	MS_HOOK_RECLAIM_RETRY,
	MS_HOOK_COMPACT_RETRY,
	MS_HOOK_WAKE_REAPER,
	MS_HOOK_START_REAPING,
	MS_HOOK_FINISH_REAPING,
	MS_HOOK_SKIP_REAPING,
	MS_HOOK_SIGNAL_GENERATE, /* userspace OOM killers' SIGKILLs */
	MS_HOOK_OVER_HIGH, /* memory.high throttling */
	MS_HOOK_CGROUP_RMDIR, /* removed cgroups keep their path */
	MS_HOOK_TASK_RENAME, /* stall events' names kept per task */
	MS_HOOK_CGROUP_ATTACH, /* stall events' memcg kept per task */
	MS_HOOK_CGROUP_TRANSFER,
	MS_HOOK_MAX,
};

#define MS_MAX_CAND 3

struct ms_cand {
	enum ms_mech mech;
	const char *prog; /* BPF program in memstall.bpf.c, NULL if none */
	const char *note; /* what this choice means for the user */
	const char *prog2; /* attached with prog (the function's return), or NULL */
	/* raw_tp where the kernel has attach cookies (v6.10): this program,
	 * shared with other hooks, instead of prog, attached with cookie */
	const char *shared;
	unsigned long long cookie;
};

struct ms_hook_def {
	const char *name;
	unsigned int group;
	int tp; /* enum ms_tp_id, -1 if not a tracepoint */
	int fn; /* enum ms_fn_id, -1 if not a function */
	unsigned int kinds; /* event kinds (mask) that need this hook */
	unsigned int flags; /* enum ms_hook_flag */
	bool optional; /* missing: degrade, say so, never fail those kinds */
	struct ms_cand cand[MS_MAX_CAND];
};

struct ms_choice {
	bool wanted;
	int chosen; /* index into cand[], -1 if none */
	char why[MS_MAX_CAND][120]; /* why each candidate was rejected */
};

struct ms_plan {
	struct ms_choice c[MS_HOOK_MAX];
	unsigned int kinds; /* wanted kinds whose required hooks all fit */
	unsigned int kinds_missing; /* wanted but a required hook is missing */
	bool cookies; /* raw_tp attach cookies: the shared programs */
};

/* What a subcommand asks of the plan. */
struct ms_plan_opts {
	unsigned int groups; /* enum ms_group: TRACE, PASSES (doctor: ALL) */
	unsigned int kinds; /* wanted event kinds (mask of 1 << enum ms_kind) */
	bool hist; /* in-kernel histograms (hist, top) */
	bool kill_story; /* the kill stories' hooks (oom, record) */
	unsigned int hist_by; /* enum ms_by; MS_BY_NODE keeps the active lists */
	bool ukills; /* histograms too trace userspace killers (export, top) */
};

const struct ms_hook_def *attach__hook(enum ms_hook_id id);
const char *attach__mech_name(enum ms_mech m);
/* Pick candidates. Pure: no kernel access. */
void attach__plan(const struct ms_features *f, const struct ms_plan_opts *o, struct ms_plan *p);
/* The BPF programs the plan loads (autoload on, every other off), in hook
 * order, each hook's prog then its prog2. Returns how many (at most max are
 * stored; 2 * MS_HOOK_MAX is always enough). */
int attach__programs(const struct ms_plan *p, const char **names, int max);
/* A hook's status for doctor --probes: "ok", "fallback", "derived",
 * "not needed", "unavailable" or "missing". */
const char *attach__status(const struct ms_plan *p, enum ms_hook_id id);
/* Why this choice: "not <mech>: <reason>; ..." for each rejected candidate
 * (then the derived choice's note) into why; the same reasons as
 * "<mech>: <reason>|..." into rejected. */
void attach__why(const struct ms_plan *p, enum ms_hook_id id, char *why, size_t why_len,
		 char *rejected, size_t rej_len);
/* Chosen mechanism of a hook, or -1 when not wanted or none fits. */
int attach__chosen_mech(const struct ms_plan *p, enum ms_hook_id id);
/* Program name to load for a hook, or NULL. */
const char *attach__chosen_prog(const struct ms_plan *p, enum ms_hook_id id);
/* The attach cookie of the hook's chosen program (a program shared by hooks
 * that tell them apart by it), or -1: none. */
long long attach__chosen_cookie(const struct ms_plan *p, enum ms_hook_id id);
/* The second program of the chosen candidate (a function's return), or NULL. */
const char *attach__chosen_prog2(const struct ms_plan *p, enum ms_hook_id id);

#endif
