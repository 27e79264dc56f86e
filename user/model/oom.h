/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OOM model: keeps a short history of every task's stalls and retry
 * decisions, and turns each oom:mark_victim into a kill record with the
 * trigger, the victim, the OOM domain (observed or inferred, and said which),
 * what the trigger went through before, and how long the victim took to be
 * reaped. Rendered as a text block, a JSON object, or one table row.
 */
#ifndef MS_OOM_H
#define MS_OOM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "memstall.h"
#include "output/sink.h"
#include "model/stall.h"
#include "host/oomctx.h"

struct json_writer;
struct oom_model;

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

/* Renderers: all from struct oom_kill. */
void oom__print_text(const struct event_ctx *ctx, const struct oom_kill *k, FILE *f);
void oom__print_json(const struct event_ctx *ctx, const struct oom_kill *k, struct json_writer *w);

enum oom_col {
	OC_TIME,
	OC_TIMESTAMP,
	OC_TS_NS,
	OC_TRIGGER,
	OC_TPID,
	OC_VICTIM,
	OC_VPID,
	OC_VCGROUP,
	OC_CONSTRAINT,
	OC_INFERRED,
	OC_ANON_KB,
	OC_FILE_KB,
	OC_SHMEM_KB,
	OC_ADJ,
	OC_STALLS,
	OC_STALL_MS,
	OC_NCOLS,
};

struct oom_row {
	struct ms_val v[OC_NCOLS];
	char time[64], timestamp[80], trigger[MS_COMM_LEN + 1], victim[MS_COMM_LEN + 1];
	char cgroup[256], constraint[32];
};

const struct ms_schema *oom__schema(void);
void oom__row(const struct event_ctx *ctx, const struct oom_kill *k, struct oom_row *r);

#endif
