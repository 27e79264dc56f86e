// SPDX-License-Identifier: GPL-2.0
/* memstall top's JSON frame: one object per tick, from the model. */
#include <stdbool.h>
#include "output/json.h"
#include "top/top_json.h"
#include "top/top_model.h"

/* A number, or null when it is not known. */
static void jkv_f64_or_null(struct json_writer *w, const char *k, bool known, double v, int prec)
{
	if (known)
		jw__kv_f64(w, k, v, prec);
	else
		jw__kv_null(w, k);
}

/* A percentage, or null when nothing was scanned. */
static void jkv_pct(struct json_writer *w, const char *k, double pct)
{
	jkv_f64_or_null(w, k, pct >= 0, pct, 1);
}

/* kswapd's rows, every one (the frame ignores the filter), by name. */
static void json_kswapd(struct top_model *m, struct top_view *v, struct json_writer *w)
{
	int i;

	v->kind = TV_PROC;
	top_model__select(m, v);
	jw__arr_begin(w);
	for (i = 0; i < top_model__nkswapd(m); i++) {
		const struct top_row *r = top_model__kswapd(m, i);

		jw__obj_begin(w);
		jw__kv_u64(w, "pid", r->tgid);
		jw__kv_str(w, "comm", r->comm);
		jw__kv_u64(w, "passes", r->count);
		jw__kv_f64(w, "passes_s", r->rate, 2);
		jw__kv_f64(w, "pass_ms_s", r->ms_s, 3);
		jw__kv_f64(w, "mean_ms", r->mean_ms, 3);
		jw__kv_f64(w, "p99_ms", r->p99_ms, 3);
		jw__kv_f64(w, "max_ms", r->max_ms, 3);
		jw__kv_u64(w, "scanned", r->scanned);
		jw__kv_u64(w, "reclaimed", r->reclaimed);
		jkv_pct(w, "efficiency_pct", r->eff_pct);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void json_nodes(const struct top_model *m, struct json_writer *w)
{
	int i;

	if (top_model__nnodes(m) < 0) {
		jw__null(w);
		return;
	}
	jw__arr_begin(w);
	for (i = 0; i < top_model__nnodes(m); i++) {
		const struct top_node *n = top_model__node(m, i);

		jw__obj_begin(w);
		jw__kv_i64(w, "node", n->node);
		jw__kv_u64(w, "scanned_anon", n->scanned[0]);
		jw__kv_u64(w, "scanned_file", n->scanned[1]);
		jw__kv_u64(w, "reclaimed_anon", n->reclaimed[0]);
		jw__kv_u64(w, "reclaimed_file", n->reclaimed[1]);
		jw__kv_u64(w, "kswapd_scanned", n->kswapd_scanned);
		jw__kv_u64(w, "kswapd_reclaimed", n->kswapd_reclaimed);
		jw__kv_f64(w, "scanned_s", n->scanned_s, 1);
		jw__kv_f64(w, "reclaimed_s", n->reclaimed_s, 1);
		jkv_pct(w, "efficiency_pct", n->eff_pct);
		jkv_pct(w, "anon_pct", n->anon_pct);
		jkv_pct(w, "kswapd_pct", n->kswapd_pct);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void json_rows(struct top_model *m, struct top_view *v, enum top_view_kind k,
		      struct json_writer *w)
{
	int i;

	v->kind = k;
	top_model__select(m, v);
	jw__arr_begin(w);
	for (i = 0; i < top_model__nsel(m); i++) {
		const struct top_row *r = top_model__sel(m, i);

		jw__obj_begin(w);
		if (k == TV_PROC) {
			jw__kv_u64(w, "pid", r->tgid);
			jw__kv_str(w, "comm", r->comm);
		} else {
			jw__kv_u64(w, "processes", r->nprocs);
		}
		jw__kv_str(w, "cgroup", r->cgroup);
		if (k == TV_CGROUP) /* identity, memory state */
			top_cgx__json(&r->x, w);
		jw__kv_u64(w, "stalls", r->count);
		jw__kv_f64(w, "stalls_s", r->rate, 2);
		jw__kv_f64(w, "stall_ms_s", r->ms_s, 3);
		jw__kv_f64(w, "mean_ms", r->mean_ms, 3);
		jw__kv_f64(w, "p99_ms", r->p99_ms, 3);
		jw__kv_f64(w, "max_ms", r->max_ms, 3);
		jw__kv_f64(w, "reclaim_ms", (double)r->reclaim_ns / 1e6, 3);
		jw__kv_f64(w, "compact_ms", (double)r->compact_ns / 1e6, 3);
		jw__kv_u64(w, "scanned", r->scanned);
		jw__kv_u64(w, "reclaimed", r->reclaimed);
		jw__key(w, "order");
		if (r->dom_order < 0)
			jw__null(w);
		else
			jw__i64(w, r->dom_order);
		jw__kv_str(w, "gfp_class", r->dom_gfp);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

/* The header: /proc rates, PSI, the tracer's own cost. */
static void json_header(const struct top_rates *r, const struct top_sys *s, struct json_writer *w)
{
	jw__key(w, "vmstat");
	if (r && s && s->vmstat_ok) {
		jw__obj_begin(w);
		jw__kv_f64(w, "allocstall_s", r->allocstall, 1);
		jw__kv_f64(w, "pgscan_direct_s", r->pgscan_direct, 1);
		jw__kv_f64(w, "pgscan_kswapd_s", r->pgscan_kswapd, 1);
		jw__kv_f64(w, "pgsteal_s", r->pgsteal, 1);
		jw__kv_f64(w, "compact_stall_s", r->compact_stall, 1);
		jw__kv_f64(w, "compact_fail_s", r->compact_fail, 1);
		jw__kv_u64(w, "oom_kill", r->oom_kill);
		jw__kv_u64(w, "oom_kill_total", r->oom_kill_total);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__key(w, "psi");
	if (s && s->psi_ok) {
		jw__obj_begin(w);
		jw__kv_f64(w, "some_avg10", s->psi.some_avg10, 2);
		jw__kv_f64(w, "full_avg10", s->psi.full_avg10, 2);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__key(w, "tracer");
	jw__obj_begin(w);
	jw__kv_u64(w, "programs", s ? s->nprogs : 0);
	jw__kv_bool(w, "bpf_stats_enabled", s && s->bpf_stats);
	jkv_f64_or_null(w, "runs_s", r && r->have_cost, r ? r->events_s : 0, 1);
	jkv_f64_or_null(w, "ns_run", r && r->have_cost, r ? r->ns_event : 0, 1);
	jkv_f64_or_null(w, "cpu_pct", r && r->have_cost, r ? r->cpu_pct : 0, 3);
	jw__kv_u64(w, "drops", r ? r->drops : 0);
	jw__obj_end(w);
}

/* The per-node daemons' CPU and the zones' watermarks. */
static void json_daemons_zones(const struct top_rates *r, const struct top_sys *s,
			       struct json_writer *w)
{
	int i;

	jw__key(w, "daemons");
	jw__arr_begin(w);
	for (i = 0; s && i < s->kt.n; i++) {
		jw__obj_begin(w);
		jw__kv_str(w, "comm", s->kt.t[i].comm);
		jw__kv_i64(w, "pid", s->kt.t[i].pid);
		jkv_f64_or_null(w, "cpu_pct", r != NULL, r ? r->kt_cpu_pct[i] : 0, 1);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__key(w, "zones");
	jw__arr_begin(w);
	for (i = 0; s && i < s->zi.n; i++) {
		const struct pf_zone *z = &s->zi.z[i];

		if (z->managed <= 0)
			continue;
		jw__obj_begin(w);
		jw__kv_i64(w, "node", z->node);
		jw__kv_str(w, "zone", z->name);
		jw__kv_i64(w, "free", z->free);
		jw__kv_i64(w, "min", z->min);
		jw__kv_i64(w, "low", z->low);
		jw__kv_i64(w, "high", z->high);
		jw__kv_i64(w, "boost", z->boost);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void json_ooms(const struct top_model *m, struct json_writer *w)
{
	int i;

	jw__arr_begin(w);
	for (i = 0; i < top_model__noom(m); i++) {
		const struct top_oom *k = top_model__oom(m, i);

		jw__obj_begin(w);
		jw__kv_str(w, "time", k->time);
		jw__kv_str(w, "kind", k->kind);
		jw__kv_str(w, "trigger", k->trigger);
		jw__kv_u64(w, "trigger_pid", k->tpid);
		jw__kv_str(w, "victim", k->victim);
		jw__kv_u64(w, "victim_pid", k->vpid);
		jw__kv_str(w, "cgroup", k->cgroup);
		jw__kv_str(w, "constraint", k->constraint);
		jw__kv_u64(w, "anon_rss_kb", k->anon_kb);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

void top_model__json(struct top_model *m, const struct top_view *view, struct json_writer *w)
{
	const struct top_rates *r = top_model__rates(m);
	const struct top_sys *s = top_model__sys(m);
	struct top_view v = *view;

	v.filter[0] = '\0'; /* a frame holds every row (the kernel filters apply) */

	jw__obj_begin(w);
	jw__kv_str(w, "type", "top_frame");
	jw__kv_u64(w, "ts_ns", top_model__now_ns(m));
	jw__kv_f64(w, "seconds", top_model__seconds(m), 3);
	jw__kv_u64(w, "stalls", top_model__stalls(m));
	jw__kv_f64(w, "idle_s", top_model__idle_s(m), 1);
	json_header(r, s, w);
	json_daemons_zones(r, s, w);
	jw__key(w, "processes");
	json_rows(m, &v, TV_PROC, w);
	jw__key(w, "cgroups");
	json_rows(m, &v, TV_CGROUP, w);
	jw__key(w, "kswapd"); /* background reclaim passes: not in "stalls" */
	json_kswapd(m, &v, w);
	jw__key(w, "nodes");
	json_nodes(m, w);
	jw__key(w, "oom_kills");
	json_ooms(m, w);
	jw__obj_end(w);
	top_model__select(m, view); /* back to what the view shows */
}
