// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "model/gfp.h"
#include "kernel/kfeatures.h"
#include "model/pass.h"
#include "model/stall.h"
#include "base/util.h"

/* Default text columns add up to 120 characters. */
static const struct ms_col cols[SC_NCOLS] = {
	[SC_TIME] = { "time", "TIME", -8, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC | MS_COL_TIME },
	[SC_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SC_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SC_COMM] = { "comm", "COMM", -14, MS_FT_STR, 0, 0 },
	[SC_PID] = { "pid", "PID", 7, MS_FT_U64, 0, 0 },
	[SC_TID] = { "tid", "TID", 7, MS_FT_U64, 0, 0 },
	[SC_CGROUP] = { "cgroup", "CGROUP", -14, MS_FT_STR, 0, 0 },
	[SC_CGROUP_ID] = { "cgroup_id", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SC_KIND] = { "kind", "KIND", -7, MS_FT_STR, 0, 0 },
	[SC_ORDER] = { "order", "ORDER", 5, MS_FT_S64, 0, 0 },
	[SC_GFP] = { "gfp", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SC_GFP_FLAGS] = { "gfp_flags", "GFP", -18, MS_FT_STRLIST, 0, 0 },
	[SC_NODES] = { "nodes", "NODES", -5, MS_FT_U64LIST, 0, 0 },
	[SC_LAT_MS] = { "lat_ms", "LAT(ms)", 8, MS_FT_F64, 3, 0 },
	[SC_SCANNED] = { "scanned", "SCANNED", 7, MS_FT_U64, 0, 0 },
	[SC_RECLAIMED] = { "reclaimed", "RECLAIMED", 9, MS_FT_U64, 0, 0 },
	[SC_SCANNED_ANON] = { "scanned_anon", "SCAN_A", 7, MS_FT_U64, 0, MS_COL_EXT },
	[SC_SCANNED_FILE] = { "scanned_file", "SCAN_F", 7, MS_FT_U64, 0, MS_COL_EXT },
	[SC_RECLAIMED_ANON] = { "reclaimed_anon", "RECL_A", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[SC_RECLAIMED_FILE] = { "reclaimed_file", "RECL_F", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[SC_EFF] = { "efficiency_pct", "EFF%", 5, MS_FT_F64, 1, MS_COL_EXT },
	[SC_ACTIVE_TAKEN] = { "active_taken", "ACTIVE", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[SC_NR_RECLAIMED] = { "nr_reclaimed_kernel", "KRECL", 6, MS_FT_U64, 0, MS_COL_WIDE },
	[SC_MIN_PRIO] = { "min_priority", "PRIO", 4, MS_FT_S64, 0, MS_COL_EXT },
	[SC_PASSES] = { "shrink_node_passes", "PASSES", 6, MS_FT_U64, 0, MS_COL_EXT },
	[SC_PASSES_OBSERVED] = { "passes_observed", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	[SC_NODE_SCANNED] = { "node_scanned", "", 0, MS_FT_U64LIST, 0, MS_COL_JSON },
	[SC_NODE_RECLAIMED] = { "node_reclaimed", "", 0, MS_FT_U64LIST, 0, MS_COL_JSON },
	[SC_TARGET_NODE] = { "target_node", "TNODE", 5, MS_FT_S64, 0, MS_COL_WIDE },
	[SC_DEPTH] = { "depth", "DEPTH", 5, MS_FT_U64, 0, MS_COL_WIDE },
	[SC_INNER_MS] = { "reclaim_ms", "RCL(ms)", 8, MS_FT_F64, 3, MS_COL_WIDE },
	[SC_INNER_N] = { "reclaims", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	/* as cgview__cols(CGV_JSON) */
	[SC_IDENT] = { "pod_uid", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SC_QOS] = { "qos", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SC_CONTAINER_ID] = { "container_id", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SC_UNIT] = { "unit", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	/* a stall nested deeper inside this one was not recorded (MS_CNT_DEPTH) */
	[SC_TRUNCATED] = { "truncated", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	/* snoop --stacks: innermost first; null without --stacks */
	[SC_KSTACK] = { "kstack", "", 0, MS_FT_STRLIST, 0, MS_COL_JSON },
};

static const struct ms_schema schema = { "stall", cols, SC_NCOLS };

const struct ms_schema *stall__schema(void)
{
	return &schema;
}

/* Nodes in mask as "0,1"; per-node counters for nodes < MS_MAX_NODES. */
static void fmt_nodes(const struct ms_frame *f, struct stall_row *r)
{
	size_t a = 0, b = 0, c = 0;
	int n;

	r->nodes[0] = r->node_scanned[0] = r->node_reclaimed[0] = '\0';
	for (n = 0; n < 64; n++) {
		if (!(f->nodes_mask & (1ull << n)))
			continue;
		a += snprintf(r->nodes + a, sizeof(r->nodes) - a, "%s%d", a ? "," : "", n);
		if (n < MS_MAX_NODES) {
			b += snprintf(r->node_scanned + b, sizeof(r->node_scanned) - b, "%s%u",
				      b ? "," : "", f->node_scanned[n]);
			c += snprintf(r->node_reclaimed + c, sizeof(r->node_reclaimed) - c, "%s%u",
				      c ? "," : "", f->node_reclaimed[n]);
		}
		if (a >= sizeof(r->nodes) || b >= sizeof(r->node_scanned) ||
		    c >= sizeof(r->node_reclaimed))
			break;
	}
}

_Static_assert(EV_HEAD_MATCHES(SC), "stall rows begin with the event head");

void stall__row(const struct event_ctx *ctx, const struct ms_event *e, struct stall_row *r)
{
	const struct ms_frame *f = &e->stall.f;
	struct ms_val *v = r->v;
	bool lru_unseen;

	memset(v, 0, sizeof(r->v));
	event__head(ctx, e, &r->h, v);
	gfp_table__format(ctx->gfp, f->gfp, r->gfp, sizeof(r->gfp));
	fmt_nodes(f, r);

	v[SC_CGROUP_ID].u = e->cgroup_id;
	v[SC_KIND].s = event__kind_name(f->kind);
	v[SC_ORDER].i = f->order;
	v[SC_GFP].u = f->gfp;
	v[SC_GFP_FLAGS].s = r->gfp;
	v[SC_NODES].s = r->nodes;
	v[SC_LAT_MS].f = e->lat_ns / 1e6;
	/* No LRU shrink event during the stall, yet pages came back (or MGLRU,
	 * whose kernels before 6.7 emit no lru_shrink events): the LRU side of
	 * this stall was not observable. Unknown, not zero. */
	lru_unseen =
		!f->nodes_mask && (e->stall.nr_reclaimed_end || (ctx->feat && ctx->feat->lru_gen));
	v[SC_SCANNED].u = f->scanned[0] + f->scanned[1];
	v[SC_RECLAIMED].u = f->reclaimed[0] + f->reclaimed[1];
	v[SC_SCANNED_ANON].u = f->scanned[0];
	v[SC_SCANNED_FILE].u = f->scanned[1];
	v[SC_RECLAIMED_ANON].u = f->reclaimed[0];
	v[SC_RECLAIMED_FILE].u = f->reclaimed[1];
	v[SC_ACTIVE_TAKEN].u = f->active_taken;
	v[SC_NR_RECLAIMED].u = e->stall.nr_reclaimed_end;
	v[SC_MIN_PRIO].i = f->min_prio;
	v[SC_MIN_PRIO].null = f->min_prio == MS_NO_PRIO;
	v[SC_PASSES].u = f->nr_passes;
	v[SC_PASSES].null = !(f->flags & (MS_EVF_PASSES | MS_EVF_PASSES_DERIVED));
	v[SC_PASSES_OBSERVED].b = f->flags & MS_EVF_PASSES;
	v[SC_PASSES_OBSERVED].null = v[SC_PASSES].null;
	v[SC_EFF].null =
		lru_unseen || !pass__efficiency(v[SC_SCANNED].u, v[SC_RECLAIMED].u, &v[SC_EFF].f);
	v[SC_SCANNED].null = v[SC_RECLAIMED].null = lru_unseen;
	v[SC_SCANNED_ANON].null = v[SC_SCANNED_FILE].null = lru_unseen;
	v[SC_RECLAIMED_ANON].null = v[SC_RECLAIMED_FILE].null = lru_unseen;
	v[SC_ACTIVE_TAKEN].null = v[SC_NODES].null = lru_unseen;
	v[SC_NODE_SCANNED].null = v[SC_NODE_RECLAIMED].null = lru_unseen;
	v[SC_NODE_SCANNED].s = r->node_scanned;
	v[SC_NODE_RECLAIMED].s = r->node_reclaimed;
	v[SC_TARGET_NODE].i = f->nid;
	v[SC_TARGET_NODE].null = f->nid < 0;
	v[SC_DEPTH].u = e->depth;
	v[SC_INNER_MS].f = f->inner_ns / 1e6;
	v[SC_INNER_MS].null = f->kind != MS_KIND_HIGH;
	v[SC_INNER_N].u = f->inner_n;
	v[SC_INNER_N].null = f->kind != MS_KIND_HIGH;
	cgview__ident(ctx->cg, e->cgroup_id, &r->idb.id);
	cgview__vals(CGV_JSON, &r->idb, &v[SC_IDENT]);
	v[SC_TRUNCATED].b = f->flags & MS_EVF_TRUNCATED;
	r->kstack[0] = '\0';
	v[SC_KSTACK].s = r->kstack;
	v[SC_KSTACK].null = true;
}
