/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by explain.c (recognising) and explain_report.c
 * (analysis and output). */
#ifndef MS_EXPLAIN_INT_H
#define MS_EXPLAIN_INT_H

#include <stdbool.h>
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

/* "496 MiB", "2.3 GiB", "812 kB", "?" for -1 */
const char *ex__human_kb(int64_t kb, char *buf, size_t len);
/* "Node 0 Normal" (or "Normal" when the kernel printed no node) */
char *ex__zone_label(const struct ex_zone *z, char *buf, size_t len);

#endif
