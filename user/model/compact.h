/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The compaction model: one row per compact_zone() run (schema "compact")
 * and one per direct compaction episode (schema "compact_episode").
 */
#ifndef MS_COMPACT_H
#define MS_COMPACT_H

#include "memstall.h"
#include "output/sink.h"
#include "model/stall.h"

enum compact_col {
	CC_TIME,
	CC_TIMESTAMP,
	CC_TS_NS,
	CC_COMM,
	CC_PID,
	CC_TID,
	CC_CGROUP,
	CC_SRC,
	CC_NODE,
	CC_ZONE,
	CC_ORDER,
	CC_GFP,
	CC_GFP_FLAGS,
	CC_MODE,
	CC_FRAGIDX,
	CC_WMARKS, /* text: free/min/low/high */
	CC_FREE,
	CC_WMIN,
	CC_WLOW,
	CC_WHIGH,
	CC_BOOST,
	CC_FREE_BLOCKS,
	CC_LARGEST,
	CC_UNUSABLE,
	CC_PRIO,
	CC_EPISODE,
	CC_WHOLE_ZONE,
	CC_LAT_MS,
	CC_RESULT,
	CC_RESULT_CODE,
	CC_NCOLS,
};

enum episode_col {
	CE_TIME,
	CE_TIMESTAMP,
	CE_TS_NS,
	CE_COMM,
	CE_PID,
	CE_TID,
	CE_CGROUP,
	CE_ORDER,
	CE_GFP,
	CE_GFP_FLAGS,
	CE_PRIO,
	CE_ZONES,
	CE_DEFERRED,
	CE_SKIPPED,
	CE_ZONE_MS,
	CE_LAT_MS,
	CE_EXACT,
	CE_RESULT,
	CE_RESULT_CODE,
	CE_ID,
	CE_NCOLS,
};

struct compact_row {
	struct ms_val v[CC_NCOLS];
	struct ev_head h;
	char gfp[512];
	char wmarks[96], free_blocks[192], zone[16], result[24];
};

struct episode_row {
	struct ms_val v[CE_NCOLS];
	struct ev_head h;
	char gfp[512];
	char result[24];
};

const struct ms_schema *compact__schema(void);
const struct ms_schema *compact__episode_schema(void);
const char *compact__src_name(unsigned int src);
/* Name of a compact_result value on this kernel ("skipped"), or its number,
 * written into buf. */
const char *compact__result_name(const struct event_ctx *ctx, int result, char *buf, size_t len);
void compact__row(const struct event_ctx *ctx, const struct ms_event *e, struct compact_row *r);
void compact__episode_row(const struct event_ctx *ctx, const struct ms_event *e,
			  struct episode_row *r);

#endif
