// SPDX-License-Identifier: GPL-2.0
/* The OOM model's output: a kill as a text block, a JSON object, or one row
 * of the "oom" schema (snoop, top). */
#include <stdio.h>
#include <string.h>
#include "host/oomctx.h"
#include "model/compact.h"
#include "model/gfp.h"
#include "output/json.h"
#include "kernel/kfeatures.h"
#include "model/oom_group.h"
#include "model/oom_out.h"
#include "base/util.h"

static void zone_name(const struct event_ctx *ctx, int idx, char *buf, size_t len)
{
	if (ctx->feat && idx >= 0 && idx < 8 && ctx->feat->zone_names[idx][0])
		util__strlcpy(buf, ctx->feat->zone_names[idx], len);
	else
		snprintf(buf, len, "zone%d", idx);
}

static double ms(int64_t ns)
{
	return ns / 1e6;
}

/* "  stack    a\n           b\n..." from "a|b|..." */
static void print_stack(FILE *f, const char *list)
{
	const char *p = list, *bar;
	bool first = true;

	for (; *p; p = bar ? bar + 1 : p + strlen(p), first = false) {
		bar = strchr(p, '|');
		fprintf(f, "  %-8s %.*s\n", first ? "stack" : "",
			bar ? (int)(bar - p) : (int)strlen(p), p);
		if (!bar)
			break;
	}
}

void oom__print_text(const struct event_ctx *ctx, const struct oom_kill *k, FILE *f)
{
	const struct ms_oom *o = &k->ev.oom;
	char t[64], iso[80], cg[256], vcg[256], mcg[256], gfp[512], zn[16], comm[MS_COMM_LEN + 1];
	char victim[MS_COMM_LEN + 1];
	int i;

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	event__cgroup_name(ctx, k->ev.cgroup_id, cg, sizeof(cg));
	event__cgroup_name(ctx, o->victim_cgroup_id, vcg, sizeof(vcg));
	memcpy(comm, k->ev.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	snprintf(victim, sizeof(victim), "%.16s", o->victim_comm);
	/* names are the tasks' own choice: never raw on a terminal */
	util__make_printable(comm);
	util__make_printable(victim);
	util__make_printable(cg);
	util__make_printable(vcg);
	fprintf(f, "%s OOM kill: constraint %s%s", t, k->constraint,
		k->constraint_inferred ? " (inferred)" : "");
	if (!strcmp(k->constraint, "memcg")) {
		event__cgroup_name(ctx, k->oom_memcg_id, mcg, sizeof(mcg));
		util__make_printable(mcg);
		fprintf(f, ", memcg %s%s", mcg, k->oom_memcg_inferred ? " (inferred)" : "");
	}
	fputc('\n', f);
	fprintf(f, "  trigger  %s pid %u tid %u cgroup %s\n", comm, k->ev.pid, k->ev.tid, cg);
	if (k->kstack) /* innermost first, as the kernel prints a call trace */
		print_stack(f, k->kstack);
	fprintf(f, "  victim   %s pid %u cgroup %s", victim, o->victim_pid, vcg);
	if (o->victim_is_task)
		fprintf(f, " anon-rss %llukB file-rss %llukB shmem-rss %llukB oom_score_adj %d",
			(unsigned long long)o->rss_kb[0], (unsigned long long)o->rss_kb[1],
			(unsigned long long)o->rss_kb[2], o->oom_score_adj);
	fputc('\n', f);
	if (o->have_oc) {
		gfp_table__format(ctx->gfp, o->gfp, gfp, sizeof(gfp));
		fprintf(f,
			"  domain   %llu pages (%.1f MiB; the OOM domain, not the victim) order %d "
			"gfp %s\n",
			(unsigned long long)o->totalpages, o->totalpages * 4096.0 / (1 << 20),
			o->order, o->order < 0 ? "(sysrq)" : gfp);
	} else {
		fprintf(f,
			"  domain   unknown: oom_kill_process cannot be probed on this kernel\n");
	}
	if (k->first_ns) {
		gfp_table__format(ctx->gfp, k->last_gfp, gfp, sizeof(gfp));
		fprintf(f,
			"  before   %u reclaim stalls (%u direct, %u memcg, %u node) %.1f ms, "
			"%llu pages reclaimed of %llu scanned; %u compaction runs %.1f ms; "
			"within %.1f ms before the kill; last order %d %s\n",
			k->nstalls[MS_KIND_DIRECT] + k->nstalls[MS_KIND_MEMCG] +
				k->nstalls[MS_KIND_SOFTLIMIT] + k->nstalls[MS_KIND_NODE],
			k->nstalls[MS_KIND_DIRECT], k->nstalls[MS_KIND_MEMCG],
			k->nstalls[MS_KIND_NODE], k->reclaim_ms, (unsigned long long)k->reclaimed,
			(unsigned long long)k->scanned, k->nstalls[MS_KIND_COMPACT], k->compact_ms,
			ms(k->ev.ts_ns - k->first_ns), k->last_order, gfp);
	} else {
		fprintf(f, "  before   no stalls seen in the last %.0f s\n",
			ms(k->window_ns) / 1000);
	}
	for (i = 0; i < k->nzr; i++) {
		zone_name(ctx, k->zr[i].zone_idx, zn, sizeof(zn));
		fprintf(f,
			"  retries  node %d %s: %u reclaim-retry decisions, up to %d no-progress "
			"loops (reclaimable %llu, available %llu, min %llu, wmark %s)\n",
			k->zr[i].node, zn, k->zr[i].count, k->zr[i].max_loops,
			(unsigned long long)k->zr[i].reclaimable,
			(unsigned long long)k->zr[i].available,
			(unsigned long long)k->zr[i].min_wmark,
			k->zr[i].wmark_ok ? "ok" : "failed");
	}
	if (k->ncompact_retry) {
		char res[24];

		fprintf(f,
			"  retries  compaction: %u decisions, last %s at priority %d, %d of %d "
			"retries, %s\n",
			k->ncompact_retry,
			compact__result_name(ctx, k->cr_result, res, sizeof(res)), k->cr_prio,
			k->cr_retries, k->cr_max_retries, k->cr_ret ? "retry" : "give up");
	}
	fprintf(f, "  death    ");
	if (k->exit_ns >= 0)
		fprintf(f, "the victim exited %.1f ms after the kill", ms(k->exit_ns));
	else
		fprintf(f, "the victim's exit was not seen within %.1f s", ms(k->window_ns) / 1000);
	if (k->finish_ns >= 0)
		fprintf(f, "; oom_reaper finished %.1f ms after the kill", ms(k->finish_ns));
	else if (k->reap_skipped)
		fprintf(f, "; oom_reaper skipped it");
	else if (k->wake_ns >= 0)
		fprintf(f, "; oom_reaper woken %.1f ms after the kill", ms(k->wake_ns));
	else
		fprintf(f, "; the OOM reaper was not needed");
	fputc('\n', f);
	oomctx__print_text(k->snap, f);
	fflush(f);
}

static void json_opt_ms(struct json_writer *w, const char *key, int64_t ns)
{
	jw__key(w, key);
	if (ns < 0)
		jw__null(w);
	else
		jw__f64(w, ms(ns), 3);
}

static void json_gfp(const struct event_ctx *ctx, struct json_writer *w, uint64_t gfp)
{
	const char *names[GFP_MAX_NAMES];
	uint64_t rest;
	char hex[24];
	int i, n = gfp_table__names(ctx->gfp, gfp, names, GFP_MAX_NAMES, &rest);

	jw__key(w, "gfp");
	jw__u64(w, gfp);
	jw__key(w, "gfp_flags");
	jw__arr_begin(w);
	for (i = 0; i < n; i++)
		jw__str(w, names[i]);
	if (rest) {
		snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)rest);
		jw__str(w, hex);
	}
	jw__arr_end(w);
}

/* The kill, the OOM domain's memcg, the trigger. */
static void json_kill(const struct event_ctx *ctx, const struct oom_kill *k, struct json_writer *w)
{
	char t[64], iso[80], buf[256], comm[MS_COMM_LEN + 1];

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	jw__kv_str(w, "type", "oom_kill");
	jw__kv_str(w, "timestamp", iso);
	jw__kv_u64(w, "ts_ns", k->ev.ts_ns);
	jw__kv_str(w, "constraint", k->constraint);
	jw__kv_bool(w, "constraint_inferred", k->constraint_inferred);
	if (!strcmp(k->constraint, "memcg")) {
		event__cgroup_name(ctx, k->oom_memcg_id, buf, sizeof(buf));
		jw__kv_str(w, "oom_memcg", buf);
	} else {
		jw__kv_null(w, "oom_memcg");
	}
	jw__kv_bool(w, "oom_memcg_inferred", k->oom_memcg_inferred);

	jw__key(w, "trigger");
	jw__obj_begin(w);
	memcpy(comm, k->ev.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	jw__kv_str(w, "comm", comm);
	jw__kv_u64(w, "pid", k->ev.pid);
	jw__kv_u64(w, "tid", k->ev.tid);
	event__cgroup_name(ctx, k->ev.cgroup_id, buf, sizeof(buf));
	jw__kv_str(w, "cgroup", buf);
	oom_group__json_cgroup(ctx, k->ev.cgroup_id, w); /* identity, memory */
	/* the allocation's kernel stack, innermost first (null: not captured) */
	jw__key(w, "stack");
	if (k->kstack) {
		const char *p = k->kstack, *bar;

		jw__arr_begin(w);
		for (; *p; p = bar + 1) {
			char frame[160];

			bar = strchr(p, '|');
			snprintf(frame, sizeof(frame), "%.*s",
				 bar ? (int)(bar - p) : (int)strlen(p), p);
			jw__str(w, frame);
			if (!bar)
				break;
		}
		jw__arr_end(w);
	} else {
		jw__null(w);
	}
	jw__obj_end(w);
}

/* The victim and the OOM domain (null: oom_kill_process not probed). */
static void json_victim_domain(const struct event_ctx *ctx, const struct oom_kill *k,
			       struct json_writer *w)
{
	const struct ms_oom *o = &k->ev.oom;
	char buf[256], comm[MS_COMM_LEN + 1];

	jw__key(w, "victim");
	jw__obj_begin(w);
	memcpy(comm, o->victim_comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	jw__kv_str(w, "comm", comm);
	jw__kv_u64(w, "pid", o->victim_pid);
	jw__kv_u64(w, "tid", o->victim_tid);
	event__cgroup_name(ctx, o->victim_cgroup_id, buf, sizeof(buf));
	jw__kv_str(w, "cgroup", o->victim_is_task ? buf : "");
	oom_group__json_cgroup(ctx, o->victim_is_task ? o->victim_cgroup_id : 0, w);
	jw__kv_u64(w, "anon_rss_kb", o->rss_kb[0]);
	jw__kv_u64(w, "file_rss_kb", o->rss_kb[1]);
	jw__kv_u64(w, "shmem_rss_kb", o->rss_kb[2]);
	jw__kv_i64(w, "oom_score_adj", o->oom_score_adj);
	jw__kv_u64(w, "uid", o->uid);
	jw__obj_end(w);

	jw__key(w, "domain");
	if (!o->have_oc) {
		jw__null(w); /* oom_kill_process could not be probed */
		return;
	}
	jw__obj_begin(w);
	jw__kv_u64(w, "totalpages", o->totalpages);
	jw__kv_i64(w, "order", o->order);
	json_gfp(ctx, w, o->gfp);
	jw__kv_i64(w, "chosen_points", o->chosen_points);
	jw__obj_end(w);
}

static void json_reclaim_retries(const struct event_ctx *ctx, const struct oom_kill *k,
				 struct json_writer *w)
{
	char zn[16];
	int i;

	jw__key(w, "reclaim_retries");
	jw__arr_begin(w);
	for (i = 0; i < k->nzr; i++) {
		zone_name(ctx, k->zr[i].zone_idx, zn, sizeof(zn));
		jw__obj_begin(w);
		jw__kv_i64(w, "node", k->zr[i].node);
		jw__kv_str(w, "zone", zn);
		jw__kv_u64(w, "decisions", k->zr[i].count);
		jw__kv_i64(w, "max_no_progress_loops", k->zr[i].max_loops);
		jw__kv_u64(w, "reclaimable", k->zr[i].reclaimable);
		jw__kv_u64(w, "available", k->zr[i].available);
		jw__kv_u64(w, "min_wmark", k->zr[i].min_wmark);
		jw__kv_bool(w, "wmark_ok", k->zr[i].wmark_ok);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

/* What the trigger went through in the window before the kill. */
static void json_history(const struct event_ctx *ctx, const struct oom_kill *k,
			 struct json_writer *w)
{
	int i;

	jw__key(w, "history");
	jw__obj_begin(w);
	jw__kv_f64(w, "window_s", k->window_ns / 1e9, 1);
	jw__key(w, "stalls");
	jw__obj_begin(w);
	for (i = 0; i < MS_KIND_OOM; i++)
		jw__kv_u64(w, event__kind_name(i), k->nstalls[i]);
	jw__obj_end(w);
	jw__kv_u64(w, "compaction_episodes", k->nepisodes);
	jw__kv_f64(w, "reclaim_ms", k->reclaim_ms, 3);
	jw__kv_f64(w, "compact_ms", k->compact_ms, 3);
	jw__kv_u64(w, "scanned", k->scanned);
	jw__kv_u64(w, "reclaimed", k->reclaimed);
	if (k->first_ns)
		jw__kv_f64(w, "span_ms", ms(k->ev.ts_ns - k->first_ns), 3);
	else
		jw__kv_null(w, "span_ms");
	jw__key(w, "last");
	if (k->have_last) {
		jw__obj_begin(w);
		jw__kv_str(w, "kind", event__kind_name(k->last_kind));
		jw__kv_i64(w, "order", k->last_order);
		json_gfp(ctx, w, k->last_gfp);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	json_reclaim_retries(ctx, k, w);
	jw__kv_u64(w, "compact_retries", k->ncompact_retry);
	jw__obj_end(w);
}

void oom__print_json(const struct event_ctx *ctx, const struct oom_kill *k, struct json_writer *w)
{
	jw__obj_begin(w);
	json_kill(ctx, k, w);
	json_victim_domain(ctx, k, w);
	json_history(ctx, k, w);
	jw__key(w, "reaping");
	jw__obj_begin(w);
	json_opt_ms(w, "woken_ms", k->wake_ns);
	json_opt_ms(w, "started_ms", k->start_ns);
	json_opt_ms(w, "finished_ms", k->finish_ns);
	json_opt_ms(w, "exited_ms", k->exit_ns);
	jw__kv_bool(w, "skipped", k->reap_skipped);
	jw__obj_end(w);
	jw__key(w, "kind");
	jw__str(w, "kernel");
	oomctx__json(k->snap, w);
	jw__obj_end(w);
}

static const struct ms_col oom_cols[OC_NCOLS] = {
	[OC_TIME] = { "time", "TIME", -8, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC | MS_COL_TIME },
	[OC_TIMESTAMP] = { "timestamp", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[OC_TS_NS] = { "ts_ns", "", 0, MS_FT_U64, 0, MS_COL_JSON },
	[OC_TRIGGER] = { "trigger_comm", "TRIGGER", -14, MS_FT_STR, 0, 0 },
	[OC_TPID] = { "trigger_pid", "PID", 7, MS_FT_U64, 0, 0 },
	[OC_VICTIM] = { "victim_comm", "VICTIM", -14, MS_FT_STR, 0, 0 },
	[OC_VPID] = { "victim_pid", "VPID", 7, MS_FT_U64, 0, 0 },
	[OC_VCGROUP] = { "victim_cgroup", "CGROUP", -18, MS_FT_STR, 0, 0 },
	[OC_CONSTRAINT] = { "constraint", "CONSTRAINT", -11, MS_FT_STR, 0, 0 },
	[OC_INFERRED] = { "constraint_inferred", "", 0, MS_FT_BOOL, 0, MS_COL_JSON },
	[OC_ANON_KB] = { "anon_rss_kb", "ANON(kB)", 9, MS_FT_U64, 0, 0 },
	[OC_FILE_KB] = { "file_rss_kb", "FILE(kB)", 9, MS_FT_U64, 0, 0 },
	[OC_SHMEM_KB] = { "shmem_rss_kb", "SHMEM(kB)", 9, MS_FT_U64, 0, MS_COL_WIDE },
	[OC_ADJ] = { "oom_score_adj", "ADJ", 5, MS_FT_S64, 0, 0 },
	[OC_STALLS] = { "stalls_before", "STALLS", 6, MS_FT_U64, 0, 0 },
	[OC_STALL_MS] = { "stall_ms_before", "STALL(ms)", 9, MS_FT_F64, 1, 0 },
};

static const struct ms_schema oom_schema = { "oom", oom_cols, OC_NCOLS };

const struct ms_schema *oom__schema(void)
{
	return &oom_schema;
}

void oom__row(const struct event_ctx *ctx, const struct oom_kill *k, struct oom_row *r)
{
	const struct ms_oom *o = &k->ev.oom;
	struct ms_val *v = r->v;
	unsigned int i, n = 0;

	memset(v, 0, sizeof(r->v));
	event__fmt_time(ctx, k->ev.ts_ns, r->time, sizeof(r->time), r->timestamp,
			sizeof(r->timestamp));
	memcpy(r->trigger, k->ev.comm, MS_COMM_LEN);
	r->trigger[MS_COMM_LEN] = '\0';
	memcpy(r->victim, o->victim_comm, MS_COMM_LEN);
	r->victim[MS_COMM_LEN] = '\0';
	event__cgroup_name(ctx, o->victim_cgroup_id, r->cgroup, sizeof(r->cgroup));
	snprintf(r->constraint, sizeof(r->constraint), "%s%s", k->constraint,
		 k->constraint_inferred ? "?" : "");
	for (i = 0; i < MS_KIND_OOM; i++)
		n += k->nstalls[i];
	v[OC_TIME].s = r->time;
	v[OC_TIMESTAMP].s = r->timestamp;
	v[OC_TS_NS].u = k->ev.ts_ns;
	v[OC_TRIGGER].s = r->trigger;
	v[OC_TPID].u = k->ev.pid;
	v[OC_VICTIM].s = r->victim;
	v[OC_VPID].u = o->victim_pid;
	v[OC_VCGROUP].s = r->cgroup;
	v[OC_CONSTRAINT].s = r->constraint;
	v[OC_INFERRED].b = k->constraint_inferred;
	v[OC_ANON_KB].u = o->rss_kb[0];
	v[OC_FILE_KB].u = o->rss_kb[1];
	v[OC_SHMEM_KB].u = o->rss_kb[2];
	v[OC_ADJ].i = o->oom_score_adj;
	v[OC_STALLS].u = n;
	v[OC_STALL_MS].f = k->reclaim_ms + k->compact_ms;
}
