/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pass model: one shrink_node() pass (struct ms_event of type
 * MS_EV_PASS) as a row of the "pass" schema, the scan balance it shows, and
 * the seed-004 finding: anonymous pages scanned while vm.swappiness is 0,
 * with the node's file + free pages against its high watermarks at that
 * moment (get_scan_count's file_is_tiny, which forces anon scanning).
 */
#ifndef MS_PASS_H
#define MS_PASS_H

#include <stdbool.h>
#include "model/event.h"

enum pass_col {
	PS_TIME,
	PS_TIMESTAMP,
	PS_TS_NS,
	PS_COMM,
	PS_PID,
	PS_TID,
	PS_CGROUP,
	PS_WHO,
	PS_NODE,
	PS_PRIO,
	PS_LAT_MS,
	PS_SCANNED_ANON,
	PS_SCANNED_FILE,
	PS_RECLAIMED_ANON,
	PS_RECLAIMED_FILE,
	PS_EFF,
	PS_BALANCE,
	PS_BALANCE_OBSERVED,
	PS_TO_RECLAIM,
	PS_RECLAIM_IDX,
	PS_SC_SCANNED,
	PS_SC_RECLAIMED,
	PS_ACTIVE_TAKEN,
	PS_TARGETS,
	PS_MEMCG,
	PS_OBSERVED,
	PS_NEVENTS,
	PS_NCOLS,
};

struct pass_row {
	struct ms_val v[PS_NCOLS];
	struct ev_head h;
	char memcg[256];
	char targets[96];
};

enum finding_col {
	FD_TIME,
	FD_TIMESTAMP,
	FD_TS_NS,
	FD_COMM,
	FD_PID,
	FD_TID,
	FD_CGROUP,
	FD_FINDING,
	FD_KIND,
	FD_SWAPPINESS,
	FD_NODE,
	FD_PRIO,
	FD_SCANNED_ANON,
	FD_FREE,
	FD_FILE,
	FD_HIGH,
	FD_INACTIVE_ANON,
	FD_FILE_IS_TINY,
	FD_MESSAGE,
	FD_NCOLS,
};

struct finding_row {
	struct ms_val v[FD_NCOLS];
	struct ev_head h;
	char message[512];
};

/* Scan balance names, from scan targets (observed) or pages scanned. */
const char *pass__balance_name(unsigned long long anon, unsigned long long file);
/* reclaimed/scanned in percent; false when nothing was scanned */
bool pass__efficiency(unsigned long long scanned, unsigned long long reclaimed, double *pct);

const struct ms_schema *pass__schema(void);
void pass__row(const struct event_ctx *ctx, const struct ms_event *e, struct pass_row *r);

const struct ms_schema *finding__schema(void);
/*
 * Seed 004: did the stall or pass in e scan anonymous pages while
 * vm.swappiness was 0 (swappiness < 0: unknown, never a finding)? If so,
 * fill r (what, where, the node's evidence, a one-line explanation).
 */
bool finding__swappiness0(const struct event_ctx *ctx, const struct ms_event *e, int swappiness,
			  struct finding_row *r);

#endif
