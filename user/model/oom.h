/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OOM model: keeps a short history of every task's stalls and retry
 * decisions, and turns each oom:mark_victim into a kill record with the
 * trigger, the victim, the OOM domain (observed or inferred, and said which),
 * what the trigger went through before, and how long the victim took to be
 * reaped. Rendered by oom_out.h.
 */
#ifndef MS_OOM_H
#define MS_OOM_H

#include <stdbool.h>
#include <stdint.h>
#include "memstall.h"

struct oom_model;
struct oom_snapshot; /* host/oomctx.h */

#define OOM_MAX_ZONE_RETRIES 8

struct oom_zone_retry {
	int node;
	int zone_idx;
	unsigned int count; /* reclaim_retry_zone decisions seen */
	int max_loops; /* highest no_progress_loops */
	uint64_t reclaimable, available, min_wmark; /* at the last decision */
	int wmark_ok; /* last wmark_check */
};

struct oom_kill {
	struct ms_event ev; /* the mark_victim event (trigger in the header) */
	uint64_t window_ns; /* history looked back this far */
	/* the trigger's stalls in the window */
	unsigned int nstalls[MS_KIND_MAX]; /* reclaim kinds; [MS_KIND_COMPACT] = zone runs */
	unsigned int nepisodes; /* direct compaction episodes */
	double reclaim_ms, compact_ms;
	uint64_t scanned, reclaimed;
	uint64_t first_ns; /* oldest stall in the window, 0 if none */
	bool have_last;
	int last_kind, last_order;
	uint64_t last_gfp;
	/* retry decisions in the window */
	struct oom_zone_retry zr[OOM_MAX_ZONE_RETRIES];
	int nzr;
	unsigned int ncompact_retry;
	int cr_result, cr_prio, cr_retries, cr_max_retries, cr_ret;
	/* the OOM domain */
	const char *constraint; /* "none", "cpuset", "memory_policy", "memcg", "unknown" */
	bool constraint_inferred;
	uint64_t oom_memcg_id; /* memcg OOM: the limited cgroup */
	bool oom_memcg_inferred;
	/* reaping, ns after the kill; -1 if not seen */
	int64_t wake_ns, start_ns, finish_ns, exit_ns;
	bool reap_skipped;
	/* the bounded context snapshot taken at the kill (host/oomctx.h), NULL if none */
	const struct oom_snapshot *snap;
	/* the trigger's allocation stack: kernel frames joined by '|',
	 * innermost first (filled by the caller), NULL if not captured */
	const char *kstack;
};

struct oom_model *oom_model__new(uint64_t window_ns);
void oom_model__free(struct oom_model *m);
/* Feed every event (stalls and retries build history; OOM starts a kill;
 * reaping events complete one). */
void oom_model__event(struct oom_model *m, const struct ms_event *e);
/* Hand over kills that are complete: reaped, or older than wait_ns (0: all
 * at once; UINT64_MAX with flush semantics is not needed: pass 0). */
typedef void (*oom_kill_fn)(void *ctx, const struct oom_kill *k);
int oom_model__drain(struct oom_model *m, uint64_t now_ns, uint64_t wait_ns, oom_kill_fn fn,
		     void *ctx);
/* Kills not kept: more than 4,096 waiting for their reaping at once (or no
 * memory for one). Each summary shows it. */
uint64_t oom_model__lost(const struct oom_model *m);

#endif
