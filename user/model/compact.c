// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "model/compact.h"
#include "model/frag.h"
#include "model/gfp.h"
#include "kernel/kfeatures.h"
#include "base/util.h"

static const struct ms_col zone_cols[CC_NCOLS] = {
	[CC_TIME] = { "time", "TIME", -8, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC | MS_COL_TIME },
	[CC_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[CC_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_COMM] = { "comm", "COMM", -14, MS_FT_STR, 0, 0 },
	[CC_PID] = { "pid", "PID", 7, MS_FT_U64, 0, 0 },
	[CC_TID] = { "tid", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_CGROUP] = { "cgroup", "CGROUP", -14, MS_FT_STR, 0, MS_COL_WIDE },
	[CC_SRC] = { "source", "SRC", -9, MS_FT_STR, 0, 0 },
	[CC_NODE] = { "node", "NODE", 4, MS_FT_S64, 0, 0 },
	[CC_ZONE] = { "zone", "ZONE", -7, MS_FT_STR, 0, 0 },
	[CC_ORDER] = { "order", "ORDER", 5, MS_FT_S64, 0, 0 },
	[CC_GFP] = { "gfp", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_GFP_FLAGS] = { "gfp_flags", "GFP", -18, MS_FT_STRLIST, 0, 0 },
	[CC_MODE] = { "mode", "MODE", -10, MS_FT_STR, 0, 0 },
	[CC_FRAGIDX] = { "fragindex", "FRAGIDX", 7, MS_FT_F64, 3, 0 },
	[CC_WMARKS] = { "", "FREE/MIN/LOW/HIGH", -23, MS_FT_STR, 0, MS_COL_TEXT },
	[CC_FREE] = { "free_pages", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_WMIN] = { "wmark_min", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_WLOW] = { "wmark_low", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_WHIGH] = { "wmark_high", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_BOOST] = { "wmark_boost", "BOOST", 6, MS_FT_U64, 0, MS_COL_WIDE },
	[CC_FREE_BLOCKS] = { "free_blocks", "FREE BLOCKS/ORDER", -40, MS_FT_U64LIST, 0,
			     MS_COL_WIDE },
	[CC_LARGEST] = { "largest_free_order", "LARGEST", 7, MS_FT_S64, 0, MS_COL_WIDE },
	[CC_UNUSABLE] = { "unusable_index", "UNUSABLE", 8, MS_FT_F64, 3, MS_COL_WIDE },
	[CC_PRIO] = { "priority", "PRIO", 4, MS_FT_S64, 0, MS_COL_WIDE },
	[CC_EPISODE] = { "episode", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CC_WHOLE_ZONE] = { "whole_zone", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	[CC_LAT_MS] = { "lat_ms", "LAT(ms)", 8, MS_FT_F64, 3, 0 },
	[CC_RESULT] = { "result", "RESULT", -15, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[CC_RESULT_CODE] = { "result_code", "", 0, MS_FT_S64, 0, MS_COL_JSON },
};

static const struct ms_col ep_cols[CE_NCOLS] = {
	[CE_TIME] = { "time", "TIME", -8, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC | MS_COL_TIME },
	[CE_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[CE_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CE_COMM] = { "comm", "COMM", -14, MS_FT_STR, 0, 0 },
	[CE_PID] = { "pid", "PID", 7, MS_FT_U64, 0, 0 },
	[CE_TID] = { "tid", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CE_CGROUP] = { "cgroup", "CGROUP", -14, MS_FT_STR, 0, 0 },
	[CE_ORDER] = { "order", "ORDER", 5, MS_FT_S64, 0, 0 },
	[CE_GFP] = { "gfp", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[CE_GFP_FLAGS] = { "gfp_flags", "GFP", -18, MS_FT_STRLIST, 0, 0 },
	[CE_PRIO] = { "priority", "PRIO", 4, MS_FT_S64, 0, 0 },
	[CE_ZONES] = { "zones_compacted", "ZONES", 5, MS_FT_U64, 0, 0 },
	[CE_DEFERRED] = { "zones_deferred", "DEFER", 5, MS_FT_U64, 0, 0 },
	[CE_SKIPPED] = { "zones_skipped", "SKIP", 4, MS_FT_U64, 0, 0 },
	[CE_ZONE_MS] = { "zone_ms", "", 0, MS_FT_F64, 3, MS_COL_JSON },
	[CE_LAT_MS] = { "lat_ms", "LAT(ms)", 8, MS_FT_F64, 3, 0 },
	[CE_EXACT] = { "exact", "EXACT", -5, MS_FT_BOOL, 0, 0 },
	[CE_RESULT] = { "result", "RESULT", -15, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[CE_RESULT_CODE] = { "result_code", "", 0, MS_FT_S64, 0, MS_COL_JSON },
	[CE_ID] = { "episode", "", 0, MS_FT_U64, 0, MS_COL_JSON },
};

static const struct ms_schema zone_schema = { "compact", zone_cols, CC_NCOLS };
static const struct ms_schema ep_schema = { "compact_episode", ep_cols, CE_NCOLS };
_Static_assert(EV_HEAD_MATCHES(CC) && EV_HEAD_MATCHES(CE),
	       "compaction rows begin with the event head");

const struct ms_schema *compact__schema(void)
{
	return &zone_schema;
}

const struct ms_schema *compact__episode_schema(void)
{
	return &ep_schema;
}

const char *compact__src_name(unsigned int src)
{
	static const char *const names[] = {
		[MS_CSRC_DIRECT] = "direct",
		[MS_CSRC_KCOMPACTD] = "kcompactd",
		[MS_CSRC_PROACTIVE] = "proactive",
		[MS_CSRC_MANUAL] = "manual",
	};

	return src < ARRAY_SIZE(names) ? names[src] : "?";
}

const char *compact__result_name(const struct event_ctx *ctx, int result, char *buf, size_t len)
{
	if (ctx->feat && result >= 0 && result < 16 && ctx->feat->compact_results[result][0])
		util__strlcpy(buf, ctx->feat->compact_results[result], len);
	else
		snprintf(buf, len, "%d", result);
	return buf;
}

static const char *mode_name(const struct event_ctx *ctx, unsigned int mode)
{
	if (ctx->feat && mode < 4 && ctx->feat->migrate_modes[mode][0])
		return ctx->feat->migrate_modes[mode];
	return "?";
}

void compact__row(const struct event_ctx *ctx, const struct ms_event *e, struct compact_row *r)
{
	const struct ms_compact_zone *z = &e->cz;
	uint64_t nr_free[MS_FREE_ORDERS];
	struct ms_val *v = r->v;
	unsigned int n = z->norders < MS_FREE_ORDERS ? z->norders : MS_FREE_ORDERS, k;
	size_t off = 0;

	memset(v, 0, sizeof(r->v));
	event__head(ctx, e, &r->h, v);
	gfp_table__format(ctx->gfp, z->gfp, r->gfp, sizeof(r->gfp));
	memcpy(r->zone, z->zone, sizeof(z->zone));
	r->zone[sizeof(z->zone)] = '\0';
	r->free_blocks[0] = '\0';
	for (k = 0; k < n; k++) {
		nr_free[k] = z->nr_free[k];
		off += snprintf(r->free_blocks + off, sizeof(r->free_blocks) - off, "%s%u",
				k ? "," : "", z->nr_free[k]);
		if (off >= sizeof(r->free_blocks))
			break;
	}
	snprintf(r->wmarks, sizeof(r->wmarks), "%llu/%llu/%llu/%llu", (unsigned long long)z->free,
		 (unsigned long long)z->wmark[0], (unsigned long long)z->wmark[1],
		 (unsigned long long)z->wmark[2]);

	v[CC_SRC].s = compact__src_name(z->src);
	v[CC_NODE].i = z->node;
	v[CC_ZONE].s = r->zone;
	v[CC_ORDER].i = z->order;
	v[CC_GFP].u = z->gfp;
	v[CC_GFP_FLAGS].s = r->gfp;
	v[CC_MODE].s = mode_name(ctx, z->mode);
	/* the index exists for a requested order only (not whole-zone runs) */
	v[CC_FRAGIDX].null = z->order < 0 || !n;
	v[CC_FRAGIDX].f = frag__index(nr_free, n, z->order) / 1000.0;
	v[CC_UNUSABLE].null = v[CC_FRAGIDX].null;
	v[CC_UNUSABLE].f = frag__unusable(nr_free, n, z->order) / 1000.0;
	v[CC_WMARKS].s = r->wmarks;
	v[CC_FREE].u = z->free;
	v[CC_WMIN].u = z->wmark[0];
	v[CC_WLOW].u = z->wmark[1];
	v[CC_WHIGH].u = z->wmark[2];
	v[CC_BOOST].u = z->boost;
	v[CC_FREE_BLOCKS].s = r->free_blocks;
	v[CC_LARGEST].i = frag__largest_order(nr_free, n);
	v[CC_PRIO].i = z->prio;
	v[CC_PRIO].null = z->prio < 0;
	v[CC_EPISODE].u = z->episode;
	v[CC_EPISODE].null = z->src != MS_CSRC_DIRECT;
	v[CC_WHOLE_ZONE].b = z->whole_zone;
	v[CC_LAT_MS].f = e->lat_ns / 1e6;
	v[CC_RESULT].s = compact__result_name(ctx, z->status, r->result, sizeof(r->result));
	v[CC_RESULT_CODE].i = z->status;
}

void compact__episode_row(const struct event_ctx *ctx, const struct ms_event *e,
			  struct episode_row *r)
{
	const struct ms_compact_episode *c = &e->ce;
	struct ms_val *v = r->v;

	memset(v, 0, sizeof(r->v));
	event__head(ctx, e, &r->h, v);
	gfp_table__format(ctx->gfp, c->gfp, r->gfp, sizeof(r->gfp));
	v[CE_ORDER].i = c->order;
	v[CE_GFP].u = c->gfp;
	v[CE_GFP_FLAGS].s = r->gfp;
	v[CE_PRIO].i = c->prio;
	v[CE_ZONES].u = c->nzones;
	v[CE_DEFERRED].u = c->ndeferred;
	v[CE_SKIPPED].u = c->nskipped;
	v[CE_ZONE_MS].f = c->zone_ns / 1e6;
	v[CE_LAT_MS].f = e->lat_ns / 1e6;
	v[CE_EXACT].b = c->exact;
	v[CE_RESULT].s = compact__result_name(ctx, c->result, r->result, sizeof(r->result));
	v[CE_RESULT_CODE].i = c->result;
	v[CE_ID].u = c->id;
}
