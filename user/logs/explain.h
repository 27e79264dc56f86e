/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall explain: kernel-log incident decoder. Feeds normalised log lines
 * (klog.c) through a recogniser for allocation stall/failure reports, the
 * Mem-Info block, OOM reports and memcg OOM reports; builds one report per
 * incident, then analyses each (watermarks, lowmem_reserve, fragmentation,
 * reclaimability, OOM victim) into findings.
 *
 * Quantities are int64_t with -1 meaning "not in the log"; kB unless named
 * *_pages.
 */
#ifndef MS_EXPLAIN_H
#define MS_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "base/diag.h"
#include "logs/finding.h"
#include "model/frag.h"

#define EX_MAX_REPORTS 200
#define EX_MAX_ZONES 24
#define EX_MAX_NODES 16
#define EX_MAX_TOP 8
#define EX_MAX_RESERVE 8

enum ex_kind {
	EX_KIND_STALL, /* "page allocation stalls for" (4.9 - 4.14) */
	EX_KIND_ALLOC_FAIL, /* "page allocation failure" */
	EX_KIND_OOM, /* "invoked oom-killer" (global or memcg) */
	EX_KIND_MEMINFO, /* a Mem-Info block whose header was not in the log */
	EX_KIND_HUNG, /* "INFO: task ... blocked" with a stack in reclaim/compaction */
	EX_KIND_LOCKUP, /* "BUG: soft lockup" with a stack in reclaim/compaction */
	EX_KIND_USERSPACE, /* a kill by systemd-oomd, oomd, earlyoom, nohang, lmkd, kubelet */
	EX_KIND_N,
};

#define EX_MAX_FRAMES 6

struct ex_zone {
	int node; /* -1 on kernels that print no node (UMA) */
	char name[16];
	bool has_wmark, has_buddy;
	int64_t free_kb, boost_kb, min_kb, low_kb, high_kb, present_kb, managed_kb;
	int nreserve;
	int64_t reserve_pages[EX_MAX_RESERVE]; /* lowmem_reserve[], in pages */
	int norders;
	uint64_t nr_free[FRAG_MAX_ORDER];
	char types[FRAG_MAX_ORDER][8]; /* "UMEH" */
	int64_t buddy_kb; /* the "= NkB" total */
	/* derived (explain__finish) */
	bool below_min, below_low;
	int64_t reserve_kb; /* lowmem_reserve against the request's zone, -1 n/a */
	bool usable; /* free > min + reserve_kb: the request could take pages here */
	int largest_order;
	int frag[FRAG_MAX_ORDER]; /* fragmentation index x1000 per order */
	int unusable[FRAG_MAX_ORDER]; /* unusable free space index x1000 */
};

struct ex_node {
	int id;
	bool has_line, all_unreclaimable;
	int64_t active_anon_kb, inactive_anon_kb, active_file_kb, inactive_file_kb;
	int64_t unevictable_kb, dirty_kb, writeback_kb, shmem_kb;
	int64_t huge_total_kb, huge_free_kb;
};

struct ex_task {
	int pid, uid;
	int64_t total_vm_pages, rss_pages, swapents;
	int64_t rss_anon_pages, rss_file_pages, rss_shmem_pages; /* 6.8+, -1 before */
	int oom_score_adj;
	char name[32];
};

struct ex_victim {
	int pid, uid;
	char comm[32];
	int64_t score, total_vm_kb, anon_rss_kb, file_rss_kb, shmem_rss_kb, pgtables_kb;
	int64_t oom_score_adj;
	bool reaped;
	int64_t reaped_anon_rss_kb; /* "oom_reaper: ... now anon-rss:" */
};

struct ex_mem {
	/* the global Mem-Info counters, in pages */
	int64_t active_anon, inactive_anon, active_file, inactive_file, unevictable;
	int64_t dirty, writeback, slab_reclaimable, slab_unreclaimable, mapped, shmem;
	int64_t pagetables, free;
};

struct ex_report {
	enum ex_kind kind;
	int line_first, line_last;
	char wallclock[40];
	double uptime;
	char comm[32];
	int pid;
	char kernel[64];
	char caller[16]; /* printk caller id of the header line, "" if none */

	int order;
	bool has_gfp;
	uint64_t gfp;
	char gfp_log[256]; /* the names the kernel printed, "" if hex only */
	char gfp_decoded[256]; /* from the static table of the assumed layout */
	char gfp_layout[8], gfp_range[24]; /* "4.4", "4.4 to 4.9" */
	char gfp_basis[128]; /* why that layout */
	bool gfp_assumed; /* no kernel version known */
	unsigned int gfp_zone; /* GFP_ZONE_* */
	int64_t stall_ms;
	int64_t oom_score_adj;

	bool has_meminfo;
	int page_kb;
	struct ex_mem mem;
	int nnodes;
	struct ex_node nodes[EX_MAX_NODES];
	int nzones;
	struct ex_zone zones[EX_MAX_ZONES];
	int64_t swap_total_kb, swap_free_kb, pagecache_pages, ram_pages, reserved_pages;

	char constraint[32];
	char oom_memcg[256], task_memcg[256];
	bool memcg_oom, no_killable, has_victim;
	struct ex_victim victim;
	int64_t memcg_usage_kb, memcg_limit_kb, memcg_failcnt;
	int ntasks; /* rows in the task table */
	struct ex_task top[EX_MAX_TOP]; /* largest by rss */

	/* hung task / soft lockup: where the stack was */
	char stall_kind[24]; /* "compaction", "direct_reclaim", ... "" if not memory */
	int nframes;
	char frames[EX_MAX_FRAMES][48]; /* reclaim/compaction frames, innermost first */
	bool in_trace;
	/* userspace killer */
	char killer[32];
	char reason[192];
	int elided; /* "(...snipped...)" lines inside the report */
	/* the recogniser's state while another caller's report interleaves */
	struct {
		bool in_meminfo;
		int last_zone, task_cols;
		int col[8];
	} saved;

	/* derived */
	int64_t reclaimable_kb, unreclaimable_kb, hugetlb_kb;
	bool truncated;
	struct ms_findings findings;
};

struct ms_explain;

/* kernel: --kernel override of the version used to decode GFP masks. */
struct ms_explain *explain__new(const char *kernel);
void explain__free(struct ms_explain *e);
/* One line (modified in place). Lines are decoded one behind: call
 * explain__finish (or feed more) before reading the reports. */
void explain__feed_line(struct ms_explain *e, char *line);
/* A whole buffer (copied line by line, need not be NUL-terminated). */
void explain__feed_buffer(struct ms_explain *e, const char *buf, size_t len);
/* Read all of f; -errno with the cause in d on a read error. */
int explain__feed_file(struct ms_explain *e, FILE *f, const char *name, struct ms_diag *d);
/* Analyse every report (idempotent). */
void explain__finish(struct ms_explain *e);

int explain__count(const struct ms_explain *e);
const struct ex_report *explain__report(const struct ms_explain *e, int i);
int explain__lines(const struct ms_explain *e);
/* Reports not kept: the oldest go when more than EX_MAX_REPORTS. */
int explain__dropped(const struct ms_explain *e);
/* Read /dev/kmsg's records from fd (the buffer as it is now, no waiting). */
int explain__feed_kmsg(struct ms_explain *e, int fd, const char *name, struct ms_diag *d);
const char *explain__kind_name(enum ex_kind k);

void explain__print_text(const struct ms_explain *e, FILE *f);
void explain__print_json(const struct ms_explain *e, FILE *f);

#endif
