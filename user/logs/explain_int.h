/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by explain.c (recognising), explain_mem.c (recognising
 * the memory state), explain_report.c (analysis) and explain_out.c. */
#ifndef MS_EXPLAIN_INT_H
#define MS_EXPLAIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "logs/explain.h"
#include "logs/klog.h"

enum { TC_UID, TC_VM, TC_RSS, TC_SWAP, TC_ADJ, TC_N };
#define EX_TASK_COLS 16

struct ms_explain {
	char kernel_override[64];
	char boot_kernel[64]; /* from a "Linux version" line */
	int lineno;
	int n, cur, dropped;
	struct ex_report *r[EX_MAX_REPORTS];
	bool in_meminfo;
	int last_zone;
	int task_cols; /* numeric columns of the current task table, 0: none */
	int col[TC_N];
	int fmt_seen[KLOG_FMT_N];
	bool finished;
};

/* A number after "key:" / "key=" starting a token ("kB" ignored). */
bool ex__kv(const char *s, const char *key, int64_t *v);
/* Index in DMA, DMA32, Normal, HighMem, Movable, Device; -1 if not a zone. */
int ex__zone_index(const char *name);

/* Numbers from a log are untrusted: clamp them so that sums and products
 * of kB and page counts stay far from overflow. */
#define EX_NUM_MAX (1ll << 40)

/* A log's number at s, clamped to +-EX_NUM_MAX. */
long long ex__num(const char *s, char **end);
bool ex__starts(const char *s, const char *prefix);
/* [from, to) into dst, cut to len - 1 bytes. */
void ex__copy_upto(char *dst, size_t len, const char *from, const char *to);
/* The report being read (NULL if none). */
struct ex_report *ex__cur(struct ms_explain *e);
/* The report a Mem-Info-style line belongs to: the current one, or a new
 * headerless one when the log starts in the middle of a report. */
struct ex_report *ex__body(struct ms_explain *e, const struct klog_line *l);

/* explain_mem.c: a Node/zone line or a totals line (true when it was one),
 * a lowmem_reserve list, the Mem-Info counters. */
bool ex__on_node_or_zone(struct ms_explain *e, const struct klog_line *l);
bool ex__on_totals(struct ms_explain *e, const struct klog_line *l);
void ex__on_reserve(struct ms_explain *e, const char *p);
void ex__on_meminfo_counters(struct ex_report *r, const char *p);

/* "496 MiB", "2.3 GiB", "812 kB", "?" for -1 */
const char *ex__human_kb(int64_t kb, char *buf, size_t len);
/* "Node 0 Normal" (or "Normal" when the kernel printed no node) */
char *ex__zone_label(const struct ex_zone *z, char *buf, size_t len);

#endif
