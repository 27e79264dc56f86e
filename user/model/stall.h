/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stall model: one finished stall (struct ms_event from BPF) turned into
 * a typed row of the "stall" schema, with names resolved (GFP flags, cgroup
 * path, kind, nodes). snoop prints these rows through a sink.
 */
#ifndef MS_STALL_H
#define MS_STALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "memstall.h"
#include "output/sink.h"
#include "model/event.h"
#include "model/cgview.h"

enum stall_col {
	SC_TIME,
	SC_TIMESTAMP,
	SC_TS_NS,
	SC_COMM,
	SC_PID,
	SC_TID,
	SC_CGROUP,
	SC_CGROUP_ID,
	SC_KIND,
	SC_ORDER,
	SC_GFP,
	SC_GFP_FLAGS,
	SC_NODES,
	SC_LAT_MS,
	SC_SCANNED,
	SC_RECLAIMED,
	SC_SCANNED_ANON,
	SC_SCANNED_FILE,
	SC_RECLAIMED_ANON,
	SC_RECLAIMED_FILE,
	SC_EFF,
	SC_ACTIVE_TAKEN,
	SC_NR_RECLAIMED,
	SC_MIN_PRIO,
	SC_PASSES,
	SC_PASSES_OBSERVED,
	SC_NODE_SCANNED,
	SC_NODE_RECLAIMED,
	SC_TARGET_NODE,
	SC_DEPTH,
	SC_INNER_MS, /* high: time in its reclaims (nested memcg stalls) */
	SC_INNER_N,
	SC_IDENT, /* the cgroup's identity: cgview__vals(CGV_JSON) fills these 4 */
	SC_QOS,
	SC_CONTAINER_ID,
	SC_UNIT,
	SC_TRUNCATED,
	SC_KSTACK, /* snoop --stacks: the kernel stack at the stall's begin */
	SC_NCOLS,
};

struct stall_row {
	struct ms_val v[SC_NCOLS];
	struct ev_head h;
	char gfp[512];
	char nodes[160];
	char node_scanned[160];
	char node_reclaimed[160];
	struct cgv_buf idb;
	char kstack[4096]; /* frames joined by '|' (filled by the caller) */
};

const struct ms_schema *stall__schema(void);
void stall__row(const struct event_ctx *ctx, const struct ms_event *e, struct stall_row *r);

#endif
