/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by the explain files: explain.c (reports, dispatch),
 * explain_scan.c (scanners), explain_mem.c (Mem-Info), explain_oom.c
 * (headers, OOM lines, task table), explain_kinds.c (hung tasks, soft
 * lockups, userspace killers), explain_read.c (files, /dev/kmsg),
 * explain_report.c (analysis) and explain_out.c (output). */
#ifndef MS_EXPLAIN_INT_H
#define MS_EXPLAIN_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "logs/explain.h"
#include "logs/klog.h"

enum { TC_UID, TC_VM, TC_RSS, TC_SWAP, TC_ADJ, TC_RSS_ANON, TC_RSS_FILE, TC_RSS_SHMEM, TC_N };
#define EX_TASK_COLS 16
_Static_assert(TC_N <= 8, "ex_report.saved.col holds the task columns");

/* Numbers from a log are untrusted: clamp them so that sums and products
 * of kB and page counts stay far from overflow. */
#define EX_NUM_MAX (1ll << 40)

struct klog_reader;

struct ex_input {
	int64_t cut_lines, cut_bytes; /* lines longer than KLOG_LINE_MAX */
	int64_t nul_runs, nul_bytes; /* runs of NUL bytes skipped */
	int64_t kmsg_lost; /* /dev/kmsg records overwritten before read */
	int elisions; /* "(...snipped...)" lines */
	int joined; /* input lines joined back to the line they were cut from */
	char stopped[128]; /* why reading stopped early, "" if it did not */
};

struct ms_explain {
	char kernel_override[64];
	char boot_kernel[64]; /* from a "Linux version" line */
	char last_kernel[64]; /* the latest release any line named */
	int lineno;
	int n, cur, dropped;
	struct ex_report *r[EX_MAX_REPORTS];
	bool in_meminfo;
	int last_zone;
	int task_cols; /* numeric columns of the current task table, 0: none */
	int col[TC_N];
	int fmt_seen[KLOG_FMT_N];
	bool finished;
	struct klog_reader *reader;
	struct ex_input in;
};

/* ---- explain.c ---- */
struct ex_report *ex__cur(struct ms_explain *e);
struct ex_report *ex__new_report(struct ms_explain *e, enum ex_kind kind,
				 const struct klog_line *l);
/* The report a Mem-Info-style line belongs to (a headerless one if none). */
struct ex_report *ex__body(struct ms_explain *e, const struct klog_line *l);

/* ---- explain_scan.c ---- */
long long ex__num(const char *s, char **end);
int ex__inum(const char *s);
bool ex__starts(const char *s, const char *prefix);
/* A number after "key:" / "key=" starting a token ("kB" ignored). */
bool ex__kv(const char *s, const char *key, int64_t *v);
bool ex__kv_str(const char *s, const char *key, char *buf, size_t len);
void ex__copy_upto(char *dst, size_t len, const char *from, const char *to);
void ex__parse_mask(struct ex_report *r, const char *s, const char *key);
/* Index in DMA, DMA32, Normal, HighMem, Movable, Device; -1 if not a zone. */
int ex__zone_index(const char *name);
/* The release in "... Tainted: G O 4.9.0-8-amd64 #1 ..." or "Linux version
 * 5.10.0 (...)", into rel; false if the line names none. */
bool ex__release(const char *msg, char *rel, size_t len);

/* ---- explain_mem.c ---- */
bool ex__on_node_or_zone(struct ms_explain *e, const struct klog_line *l);
void ex__on_reserve(struct ms_explain *e, const char *p);
void ex__on_meminfo_counters(struct ex_report *r, const char *p);
bool ex__on_totals(struct ms_explain *e, const struct klog_line *l);

/* ---- explain_oom.c ---- */
void ex__on_alloc_header(struct ms_explain *e, const struct klog_line *l, const char *at,
			 enum ex_kind kind);
void ex__on_oom_header(struct ms_explain *e, const struct klog_line *l, const char *at);
void ex__on_cpu_line(struct ms_explain *e, const char *msg);
void ex__on_task_header(struct ms_explain *e, const char *p);
void ex__on_task_row(struct ms_explain *e, struct ex_report *r, const char *p);
bool ex__on_oom_lines(struct ms_explain *e, const struct klog_line *l);

/* ---- explain_kinds.c ---- */
/* "INFO: task ... blocked", "BUG: soft lockup": true if taken */
bool ex__on_hang_header(struct ms_explain *e, const struct klog_line *l);
/* A stack frame of the current hung-task/lockup report: true if taken */
bool ex__on_frame(struct ms_explain *e, const struct klog_line *l);
/* A kill by a userspace OOM killer (systemd-oomd, oomd, earlyoom, nohang,
 * lmkd, kubelet): true if taken */
bool ex__on_userspace_kill(struct ms_explain *e, const struct klog_line *l);
/* A hung-task/lockup report whose stack never entered reclaim or
 * compaction is not a memory incident. */
bool ex__is_memory_report(const struct ex_report *r);

/* ---- explain_out_kinds.c ---- */
struct json_writer;
void ex__input_notes(const struct ms_explain *e, FILE *f);
void ex__stall_where(const struct ex_report *r, char *buf, size_t len);
void ex__killer_rows(const struct ex_report *r, char *oom, size_t olen, char *victim, size_t vlen);
void ex__json_stall_killer(struct json_writer *w, const struct ex_report *r);
void ex__json_input(struct json_writer *w, const struct ms_explain *e);

/* "496 MiB", "2.3 GiB", "812 kB", "?" for -1 */
const char *ex__human_kb(int64_t kb, char *buf, size_t len);
/* "Node 0 Normal" (or "Normal" when the kernel printed no node) */
char *ex__zone_label(const struct ex_zone *z, char *buf, size_t len);

#endif
