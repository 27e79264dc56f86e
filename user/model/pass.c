// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "model/pass.h"

static const struct ms_col cols[PS_NCOLS] = {
	[PS_TIME] = { "time", "TIME", -8, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC | MS_COL_TIME },
	[PS_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[PS_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[PS_COMM] = { "comm", "COMM", -14, MS_FT_STR, 0, 0 },
	[PS_PID] = { "pid", "PID", 7, MS_FT_U64, 0, 0 },
	[PS_TID] = { "tid", "TID", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[PS_CGROUP] = { "cgroup", "CGROUP", -14, MS_FT_STR, 0, MS_COL_WIDE },
	[PS_WHO] = { "in", "PASS-IN", -7, MS_FT_STR, 0, 0 },
	[PS_NODE] = { "node", "NODE", 4, MS_FT_S64, 0, 0 },
	[PS_PRIO] = { "priority", "PRIO", 4, MS_FT_S64, 0, 0 },
	[PS_LAT_MS] = { "lat_ms", "LAT(ms)", 8, MS_FT_F64, 3, 0 },
	[PS_SCANNED_ANON] = { "scanned_anon", "SCAN_A", 7, MS_FT_U64, 0, 0 },
	[PS_SCANNED_FILE] = { "scanned_file", "SCAN_F", 7, MS_FT_U64, 0, 0 },
	[PS_RECLAIMED_ANON] = { "reclaimed_anon", "RECL_A", 7, MS_FT_U64, 0, 0 },
	[PS_RECLAIMED_FILE] = { "reclaimed_file", "RECL_F", 7, MS_FT_U64, 0, 0 },
	[PS_EFF] = { "efficiency_pct", "EFF%", 5, MS_FT_F64, 1, 0 },
	[PS_BALANCE] = { "balance", "BALANCE", -9, MS_FT_STR, 0, 0 },
	[PS_BALANCE_OBSERVED] = { "balance_observed", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	[PS_TO_RECLAIM] = { "nr_to_reclaim", "TO_RECL", 7, MS_FT_U64, 0, 0 },
	[PS_RECLAIM_IDX] = { "reclaim_idx", "RIDX", 4, MS_FT_S64, 0, MS_COL_WIDE },
	[PS_SC_SCANNED] = { "sc_scanned", "SC_SCAN", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[PS_SC_RECLAIMED] = { "sc_reclaimed", "SC_RECL", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[PS_ACTIVE_TAKEN] = { "active_taken", "ACTIVE", 7, MS_FT_U64, 0, MS_COL_WIDE },
	[PS_TARGETS] = { "scan_targets", "", 0, MS_FT_U64LIST, 0, MS_COL_JSON },
	[PS_MEMCG] = { "target_memcg", "MEMCG", -14, MS_FT_STR, 0, MS_COL_WIDE },
	[PS_OBSERVED] = { "observed", "SRC", -7, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[PS_NEVENTS] = { "lru_events", "", 0, MS_FT_U64, 0, MS_COL_JSON },
};

static const struct ms_schema schema = { "pass", cols, PS_NCOLS };

static const struct ms_col sw_cols[SW_NCOLS] = {
	[SW_TIME] = { "time", "", -8, MS_FT_STR, 0, MS_COL_TEXT | MS_COL_TIME },
	[SW_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SW_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_COMM] = { "comm", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SW_PID] = { "pid", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_TID] = { "tid", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_CGROUP] = { "cgroup", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SW_FINDING] = { "finding", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SW_KIND] = { "kind", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[SW_SWAPPINESS] = { "swappiness", "", 0, MS_FT_S64, 0, MS_COL_JSON },
	[SW_NODE] = { "node", "", 0, MS_FT_S64, 0, MS_COL_JSON },
	[SW_PRIO] = { "priority", "", 0, MS_FT_S64, 0, MS_COL_JSON },
	[SW_SCANNED_ANON] = { "scanned_anon", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_FREE] = { "free_pages", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_FILE] = { "file_pages", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_HIGH] = { "high_wmark_pages", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_INACTIVE_ANON] = { "inactive_anon_pages", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[SW_FILE_IS_TINY] = { "file_is_tiny", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	[SW_MESSAGE] = { "message", "", 0, MS_FT_STR, 0, 0 },
};

static const struct ms_schema sw_schema = { "swappiness_finding", sw_cols, SW_NCOLS };

_Static_assert(EV_HEAD_MATCHES(PS) && EV_HEAD_MATCHES(SW), "pass rows begin with the event head");

const struct ms_schema *pass__schema(void)
{
	return &schema;
}

const struct ms_schema *pass__swappiness0_schema(void)
{
	return &sw_schema;
}

const char *pass__balance_name(unsigned long long anon, unsigned long long file)
{
	if (anon && file)
		return "anon+file";
	if (anon)
		return "anon";
	return file ? "file" : "none";
}

bool pass__efficiency(unsigned long long scanned, unsigned long long reclaimed, double *pct)
{
	if (!scanned)
		return false;
	*pct = 100.0 * (double)reclaimed / (double)scanned;
	return true;
}

static const char *who(const struct ms_pass *p)
{
	if (p->flags & MS_PF_KSWAPD)
		return "kswapd";
	return p->stall_kind >= 0 ? event__kind_name(p->stall_kind) : "-";
}

void pass__row(const struct event_ctx *ctx, const struct ms_event *e, struct pass_row *r)
{
	const struct ms_pass *p = &e->pass;
	bool observed = p->flags & MS_PF_OBSERVED, targets = p->flags & MS_PF_TARGETS;
	struct ms_val *v = r->v;
	double eff = 0;

	memset(v, 0, sizeof(r->v));
	event__head(ctx, e, &r->h, v);
	event__cgroup_name(ctx, p->memcg_id, r->memcg, sizeof(r->memcg));
	snprintf(r->targets, sizeof(r->targets), "%llu,%llu,%llu,%llu", p->targets[0],
		 p->targets[1], p->targets[2], p->targets[3]);
	v[PS_WHO].s = who(p);
	v[PS_NODE].i = p->nid;
	v[PS_PRIO].i = p->prio;
	v[PS_LAT_MS].f = e->lat_ns / 1e6;
	v[PS_SCANNED_ANON].u = p->scanned[0];
	v[PS_SCANNED_FILE].u = p->scanned[1];
	v[PS_RECLAIMED_ANON].u = p->reclaimed[0];
	v[PS_RECLAIMED_FILE].u = p->reclaimed[1];
	v[PS_EFF].null = !pass__efficiency(p->scanned[0] + p->scanned[1],
					   p->reclaimed[0] + p->reclaimed[1], &eff);
	v[PS_EFF].f = eff;
	/* what get_scan_count aimed at when observed, else what was scanned */
	v[PS_BALANCE].s = targets ? pass__balance_name(p->targets[0] + p->targets[1],
						       p->targets[2] + p->targets[3])
				  : pass__balance_name(p->scanned[0], p->scanned[1]);
	v[PS_BALANCE_OBSERVED].b = targets;
	v[PS_TO_RECLAIM].u = p->nr_to_reclaim;
	v[PS_TO_RECLAIM].null = !observed;
	v[PS_RECLAIM_IDX].i = p->reclaim_idx;
	v[PS_RECLAIM_IDX].null = !observed;
	v[PS_SC_SCANNED].u = p->sc_scanned;
	v[PS_SC_SCANNED].null = !observed;
	v[PS_SC_RECLAIMED].u = p->sc_reclaimed;
	v[PS_SC_RECLAIMED].null = !observed;
	v[PS_ACTIVE_TAKEN].u = p->active_taken;
	v[PS_TARGETS].s = r->targets;
	v[PS_TARGETS].null = !targets;
	v[PS_MEMCG].s = r->memcg;
	v[PS_MEMCG].null = !observed;
	v[PS_OBSERVED].s = observed ? "probe" : "derived";
	v[PS_NEVENTS].u = p->nevents;
}

bool pass__swappiness0(const struct event_ctx *ctx, const struct ms_event *e, int swappiness,
		       struct swappiness0_row *r)
{
	const struct ms_node_ev *ev;
	unsigned long long anon;
	struct ms_val *v = r->v;
	const char *kind;
	bool have_ev;
	size_t n;

	if (swappiness != 0)
		return false;
	if (e->type == MS_EV_STALL) {
		anon = e->stall.f.scanned[0];
		ev = &e->stall.f.ev;
		have_ev = e->stall.f.flags & MS_EVF_EVIDENCE;
		kind = event__kind_name(e->stall.f.kind);
	} else if (e->type == MS_EV_PASS) {
		anon = e->pass.scanned[0];
		ev = &e->pass.ev;
		have_ev = e->pass.flags & MS_PF_EVIDENCE;
		kind = who(&e->pass);
	} else {
		return false;
	}
	if (!anon)
		return false;
	memset(v, 0, sizeof(r->v));
	event__head(ctx, e, &r->h, v);
	v[SW_FINDING].s = "swappiness0_anon_scan";
	v[SW_KIND].s = kind;
	v[SW_SWAPPINESS].i = swappiness;
	v[SW_SCANNED_ANON].u = anon;
	v[SW_NODE].i = ev->nid;
	v[SW_PRIO].i = ev->prio;
	v[SW_FREE].u = ev->free;
	v[SW_FILE].u = ev->file;
	v[SW_HIGH].u = ev->high;
	v[SW_INACTIVE_ANON].u = ev->inactive_anon;
	v[SW_FILE_IS_TINY].b = ev->file + ev->free <= ev->high;
	v[SW_NODE].null = v[SW_PRIO].null = v[SW_FREE].null = v[SW_FILE].null = !have_ev;
	v[SW_HIGH].null = v[SW_INACTIVE_ANON].null = v[SW_FILE_IS_TINY].null = !have_ev;
	n = (size_t)snprintf(r->message, sizeof(r->message),
			     "!! %s[%u] (%s) scanned %llu anon pages at vm.swappiness=0", r->h.comm,
			     e->pid, kind, anon);
	if (n >= sizeof(r->message))
		n = sizeof(r->message) - 1;
	if (!have_ev)
		snprintf(r->message + n, sizeof(r->message) - n,
			 ": node state not captured (no memory cgroup controller)");
	else if (v[SW_FILE_IS_TINY].b)
		snprintf(r->message + n, sizeof(r->message) - n,
			 ": node %d file %llu + free %llu = %llu <= high watermarks %llu pages, so "
			 "get_scan_count forces anon scanning (file_is_tiny)",
			 ev->nid, ev->file, ev->free, ev->file + ev->free, ev->high);
	else
		snprintf(r->message + n, sizeof(r->message) - n,
			 ": node %d file %llu + free %llu = %llu > high watermarks %llu pages "
			 "(not file_is_tiny now: a cgroup v1 memory.swappiness > 0, or the node "
			 "changed since the pass began)",
			 ev->nid, ev->file, ev->free, ev->file + ev->free, ev->high);
	v[SW_MESSAGE].s = r->message;
	return true;
}
