/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the BPF object and user space. Everything that crosses the
 * kernel/user boundary (ring-buffer records, map values, rodata knobs) is
 * declared here once.
 */
#ifndef MEMSTALL_H
#define MEMSTALL_H

#define MS_COMM_LEN 16
#define MS_MAX_DEPTH 4 /* nested stalls per task (power of two: BPF masks the index) */
#define MS_MAX_NODES 8 /* per-node counters kept for nodes 0..7 */
#define MS_CGROUP_LEVELS 16 /* ancestors walked for the cgroup filter */

/* Stall kinds. Bit i of a kinds mask selects kind i. */
enum ms_kind {
	MS_KIND_DIRECT = 0, /* global direct reclaim */
	MS_KIND_MEMCG = 1, /* memcg limit reclaim */
	MS_KIND_SOFTLIMIT = 2, /* memcg soft-limit reclaim */
	MS_KIND_NODE = 3, /* node reclaim (zone_reclaim_mode) */
	MS_KIND_MAX,
};

#define MS_KINDS_ALL ((1u << MS_KIND_MAX) - 1)

/* Event flags. */
#define MS_EVF_NESTED 0x1 /* stall began while another was open */
#define MS_EVF_TRUNCATED 0x2 /* nesting deeper than MS_MAX_DEPTH */
#define MS_EVF_PASSES 0x4 /* nr_passes/min_prio observed by shrink_node probe */

/* Counters kept in a per-CPU array (index = enum ms_counter). */
enum ms_counter {
	MS_CNT_EVENTS = 0, /* stalls that passed the filters and were output */
	MS_CNT_DROPS, /* ring/perf buffer full */
	MS_CNT_FILTERED, /* stalls ended but filtered (min_us) */
	MS_CNT_ORPHAN_END, /* end without begin (tracer started mid-stall) */
	MS_CNT_DEPTH, /* nesting deeper than MS_MAX_DEPTH */
	MS_CNT_NOSTORE, /* in-flight record could not be allocated */
	MS_CNT_MAX,
};

/* One open stall (a frame of the per-task in-flight record). */
struct ms_frame {
	unsigned long long start_ns;
	unsigned long long gfp;
	unsigned long long scanned[2]; /* [0] anon, [1] file (inactive lists) */
	unsigned long long reclaimed[2];
	unsigned long long active_taken; /* pages taken off active lists */
	unsigned long long nodes_mask; /* nodes that were scanned (bit = nid) */
	unsigned int node_scanned[MS_MAX_NODES];
	unsigned int node_reclaimed[MS_MAX_NODES];
	int order;
	int nid; /* node reclaim: target node; else -1 */
	unsigned int kind;
	unsigned int nr_passes; /* shrink_node passes (probe path only) */
	int min_prio; /* lowest reclaim priority seen (harder = lower) */
	unsigned int flags;
};

/* Per-task in-flight record: task-local storage or hash by tid. */
struct ms_inflight {
	unsigned int depth; /* open frames */
	unsigned int lost; /* frames beyond MS_MAX_DEPTH still open */
	struct ms_frame frames[MS_MAX_DEPTH];
};

/* Ring buffer record: one finished stall. */
struct ms_event {
	unsigned long long ts_ns; /* end, CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	unsigned long long lat_ns;
	unsigned long long cgroup_id; /* memory cgroup (kernfs id), 0 if none */
	unsigned long long nr_reclaimed_end; /* reported by the end tracepoint */
	struct ms_frame f;
	unsigned int pid; /* tgid */
	unsigned int tid;
	unsigned int depth; /* 0 = outermost */
	char comm[MS_COMM_LEN];
};

#endif /* MEMSTALL_H */
