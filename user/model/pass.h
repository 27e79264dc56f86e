/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pass model: one shrink_node() pass (struct ms_event of type
 * MS_EV_PASS) as a row of the "pass" schema, the scan balance it shows, and
 * the seed-004 check: anonymous pages scanned while vm.swappiness is 0,
 * with the node's file + free pages against its high watermarks at that
 * moment (get_scan_count's file_is_tiny, which forces anon scanning): a
 * "swappiness_finding" record (an event row, not a struct ms_finding).
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

enum swappiness0_col {
	SW_TIME,
	SW_TIMESTAMP,
	SW_TS_NS,
	SW_COMM,
	SW_PID,
	SW_TID,
	SW_CGROUP,
	SW_FINDING,
	SW_KIND,
	SW_SWAPPINESS,
	SW_NODE,
	SW_PRIO,
	SW_SCANNED_ANON,
	SW_FREE,
	SW_FILE,
	SW_HIGH,
	SW_INACTIVE_ANON,
	SW_FILE_IS_TINY,
	SW_MESSAGE,
	SW_NCOLS,
};

struct swappiness0_row {
	struct ms_val v[SW_NCOLS];
	struct ev_head h;
	char message[512];
};

/* Scan balance names, from scan targets (observed) or pages scanned. */
const char *pass__balance_name(unsigned long long anon, unsigned long long file);
/* reclaimed/scanned in percent; false when nothing was scanned */
bool pass__efficiency(unsigned long long scanned, unsigned long long reclaimed, double *pct);

const struct ms_schema *pass__schema(void);
void pass__row(const struct event_ctx *ctx, const struct ms_event *e, struct pass_row *r);

const struct ms_schema *pass__swappiness0_schema(void);
/*
 * Seed 004: did the stall or pass in e scan anonymous pages while
 * vm.swappiness was 0 (swappiness < 0: unknown, never a finding)? If so,
 * fill r (what, where, the node's evidence, a one-line explanation).
 */
bool pass__swappiness0(const struct event_ctx *ctx, const struct ms_event *e, int swappiness,
		       struct swappiness0_row *r);

#endif
