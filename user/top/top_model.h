/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The model behind memstall top (reclaimtop): rebuilt every tick from the
 * in-kernel histogram rows (keyed by process, comm, cgroup, order, gfp
 * class) and a snapshot of /proc (zoneinfo, vmstat, PSI) plus the tracer's
 * own BPF run statistics. It aggregates per view (processes, cgroups),
 * derives rates over the tick, and selects (filters, sorts) what a view
 * shows. No drawing, no terminal, no BPF here: tests feed it synthetic rows.
 */
#ifndef MS_TOP_MODEL_H
#define MS_TOP_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "model/hist.h"
#include "top/top_cgroup.h"
#include "top/top_sys.h"
#include "top/top_view.h"

struct top_model;

#define TOP_GFP_CLASSES 8
#define TOP_ORDERS 16
#define TOP_MAX_OOMS 32

/* One row of the processes or cgroups view, over the last tick; or one
 * kswapd thread's shrink_node passes (then count is passes, total_ns their
 * time: background reclaim, never counted as stalls). */
struct top_row {
	uint32_t tgid; /* 0 in the cgroups view */
	char comm[MS_COMM_LEN + 1];
	uint64_t cgroup_id;
	char cgroup[128];
	uint32_t nprocs; /* cgroups view: processes that stalled */
	uint64_t count, total_ns, max_ns, scanned, reclaimed;
	uint64_t reclaim_ns, compact_ns;
	uint64_t slots[MS_HIST_SLOTS];
	uint64_t order_cnt[TOP_ORDERS];
	uint64_t gfp_cnt[TOP_GFP_CLASSES];
	/* derived by top_model__finish */
	double rate, ms_s, mean_ms, p99_ms, max_ms, reclaimed_s, reclaim_pct;
	double scanned_s, eff_pct; /* eff_pct: reclaimed/scanned, < 0: nothing scanned */
	int dom_order; /* -1: none */
	const char *dom_gfp; /* "-": none */
	struct top_cgx x; /* cgroups view: identity and memory state (tools/top.c) */
};

/* One recent OOM kill, as the OOM view lists it: the kernel's (trigger:
 * the allocating task) or a userspace killer's (trigger: the killer). */
struct top_oom {
	char time[16];
	char kind[12]; /* "kernel", "userspace" (a killer's SIGKILL) */
	char trigger[MS_COMM_LEN + 1];
	uint32_t tpid;
	char victim[MS_COMM_LEN + 1];
	uint32_t vpid;
	char cgroup[128];
	char constraint[32];
	uint64_t anon_kb;
};

/* One node's inactive-list scanning over the last tick (nodes/zones view),
 * from the tracer's per-node totals (every reclaimer: stalled tasks and
 * kswapd). A share is < 0 when nothing was scanned: shown "-", JSON null. */
struct top_node {
	int node;
	uint64_t scanned[2], reclaimed[2]; /* in the tick: [0] anon, [1] file */
	uint64_t kswapd_scanned, kswapd_reclaimed; /* kswapd's part (both lists) */
	double scanned_s, reclaimed_s;
	double eff_pct; /* reclaimed / scanned */
	double anon_pct; /* anon scanned / all scanned */
	double kswapd_pct; /* kswapd's share of the pages scanned */
};

#define TOP_MAX_NODES 64

/* The header's numbers for the last tick. */
struct top_rates {
	double seconds;
	double allocstall, pgscan_direct, pgscan_kswapd, pgsteal, compact_stall, compact_fail;
	uint64_t oom_kill; /* kills in the tick */
	uint64_t oom_kill_total;
	bool have_cost;
	double events_s, ns_event, cpu_pct, self_cpu_pct;
	uint64_t drops;
	double kt_cpu_pct[TOP_MAX_KTHREADS]; /* of one CPU, per daemon */
};

struct top_model *top_model__new(void);
void top_model__free(struct top_model *m);
/* Start a tick of `seconds` ending at now_ns: forgets the last tick's rows. */
void top_model__begin(struct top_model *m, double seconds, uint64_t now_ns);
/* Add one histogram row (keyed by tgid, comm, cgroup, order, gfp class). */
int top_model__add(struct top_model *m, const struct hist_row *r, const char *cgroup_name);
/* The /proc snapshot at the end of the tick (rates against the previous). */
void top_model__set_sys(struct top_model *m, const struct top_sys *s);
void top_model__add_oom(struct top_model *m, const struct top_oom *k);
/* The tracer's per-node totals since it started (n nodes; cumulative: the
 * model keeps the previous reading and shows the tick's difference). Not
 * called at all: the node table says the counts are not available. */
void top_model__set_nodes(struct top_model *m, const struct ms_node_scan *total, int n);
/* Derive per-row rates, percentiles, dominant order and gfp class. */
void top_model__finish(struct top_model *m);

/* Filter and sort the rows of v->kind (processes or cgroups). */
void top_model__select(struct top_model *m, const struct top_view *v);
int top_model__nsel(const struct top_model *m);
const struct top_row *top_model__sel(const struct top_model *m, int i);
int top_model__nrows(const struct top_model *m, enum top_view_kind k);
/* Row i of a view's table, unsorted, to annotate (cgroups: identity, memory). */
struct top_row *top_model__row(struct top_model *m, enum top_view_kind k, int i);
/* kswapd's rows (by comm), those the view's filter keeps: selected with the
 * processes view, shown under the stalls, never among them. */
int top_model__nkswapd(const struct top_model *m);
const struct top_row *top_model__kswapd(const struct top_model *m, int i);
/* Nodes with scan counts (-1: not available), and one of them. */
int top_model__nnodes(const struct top_model *m);
const struct top_node *top_model__node(const struct top_model *m, int i);

const struct top_rates *top_model__rates(const struct top_model *m);
const struct top_sys *top_model__sys(const struct top_model *m);
int top_model__noom(const struct top_model *m);
/* Most recent first. */
const struct top_oom *top_model__oom(const struct top_model *m, int i);
/* Stalls in the tick (kswapd's passes are not stalls). */
uint64_t top_model__stalls(const struct top_model *m);
/* Seconds since the last stall was seen (or since the start). */
double top_model__idle_s(const struct top_model *m);
uint64_t top_model__now_ns(const struct top_model *m);
/* The tick's length in seconds. */
double top_model__seconds(const struct top_model *m);

/* Does a row match a filter (comm, pid or cgroup substring)? */
bool top_row__matches(const struct top_row *r, const char *filter);

#endif
