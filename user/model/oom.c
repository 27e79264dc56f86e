// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/compact.h"
#include "model/gfp.h"
#include "output/json.h"
#include "kernel/kfeatures.h"
#include "model/oom.h"
#include "model/oom_group.h"
#include "base/util.h"

#define HIST_TASKS 512 /* tasks with history kept (oldest evicted) */
#define HIST_STALLS 64 /* per task */
#define HIST_RETRIES 32
#define MAX_PENDING 64 /* kills waiting for their reaping */

struct hist_stall {
	uint64_t ts_ns, lat_ns, scanned, reclaimed, gfp;
	int kind; /* enum ms_kind; MS_KIND_COMPACT for zone runs */
	int order;
	bool episode; /* a direct compaction episode (not a zone run) */
};

struct hist_retry {
	uint64_t ts_ns;
	unsigned int type; /* MS_EV_RECLAIM_RETRY or MS_EV_COMPACT_RETRY */
	struct ms_retry r;
};

struct task_hist {
	uint32_t tid;
	uint64_t last_ns;
	unsigned int ns, nr; /* total pushed (ring index = n % size) */
	struct hist_stall s[HIST_STALLS];
	struct hist_retry r[HIST_RETRIES];
};

struct oom_model {
	uint64_t window_ns;
	struct task_hist *tasks[HIST_TASKS];
	struct oom_kill *pending[MAX_PENDING];
	int npending;
};

struct oom_model *oom_model__new(uint64_t window_ns)
{
	struct oom_model *m = calloc(1, sizeof(*m));

	if (m)
		m->window_ns = window_ns;
	return m;
}

void oom_model__free(struct oom_model *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < HIST_TASKS; i++)
		free(m->tasks[i]);
	for (i = 0; i < m->npending; i++)
		free(m->pending[i]);
	free(m);
}

/* The task's history; created (evicting the stalest) when create is set. */
static struct task_hist *hist_get(struct oom_model *m, uint32_t tid, uint64_t now, bool create)
{
	unsigned int h = (tid * 2654435761u) % HIST_TASKS, i, victim = h;
	struct task_hist *t;

	for (i = 0; i < HIST_TASKS; i++) {
		t = m->tasks[(h + i) % HIST_TASKS];
		if (t && t->tid == tid)
			return t;
	}
	if (!create)
		return NULL;
	for (i = 0; i < HIST_TASKS; i++) {
		unsigned int slot = (h + i) % HIST_TASKS;

		if (!m->tasks[slot]) {
			victim = slot;
			break;
		}
		if (m->tasks[slot]->last_ns < m->tasks[victim]->last_ns)
			victim = slot;
	}
	t = m->tasks[victim];
	if (!t) {
		t = malloc(sizeof(*t));
		if (!t)
			return NULL;
		m->tasks[victim] = t;
	}
	t->tid = tid;
	t->ns = t->nr = 0;
	t->last_ns = now;
	return t;
}

static void add_stall(struct oom_model *m, const struct ms_event *e, int kind, int order,
		      uint64_t gfp, bool episode)
{
	struct task_hist *t = hist_get(m, e->tid, e->ts_ns, true);
	struct hist_stall *s;

	if (!t)
		return;
	t->last_ns = e->ts_ns;
	s = &t->s[t->ns++ % HIST_STALLS];
	s->ts_ns = e->ts_ns;
	s->lat_ns = e->lat_ns;
	s->kind = kind;
	s->order = order;
	s->gfp = gfp;
	s->episode = episode;
	s->scanned = s->reclaimed = 0;
	if (e->type == MS_EV_STALL) {
		s->scanned = e->stall.f.scanned[0] + e->stall.f.scanned[1];
		s->reclaimed = e->stall.f.reclaimed[0] + e->stall.f.reclaimed[1];
	}
}

static void add_retry(struct oom_model *m, const struct ms_event *e)
{
	struct task_hist *t = hist_get(m, e->tid, e->ts_ns, true);
	struct hist_retry *r;

	if (!t)
		return;
	t->last_ns = e->ts_ns;
	r = &t->r[t->nr++ % HIST_RETRIES];
	r->ts_ns = e->ts_ns;
	r->type = e->type;
	r->r = e->retry;
}

static const char *constraint_name(int c)
{
	static const char *const names[] = { "none", "cpuset", "memory_policy", "memcg" };

	return c >= 0 && c < (int)ARRAY_SIZE(names) ? names[c] : "unknown";
}

static void summarize(struct oom_model *m, struct oom_kill *k)
{
	const struct task_hist *t = hist_get(m, k->ev.tid, k->ev.ts_ns, false);
	uint64_t since = k->ev.ts_ns > m->window_ns ? k->ev.ts_ns - m->window_ns : 0;
	unsigned int i, n;
	int j;

	k->window_ns = m->window_ns;
	if (!t)
		return;
	n = t->ns < HIST_STALLS ? t->ns : HIST_STALLS;
	for (i = 0; i < n; i++) { /* oldest first */
		const struct hist_stall *s = &t->s[(t->ns - n + i) % HIST_STALLS];

		if (s->ts_ns < since || s->ts_ns > k->ev.ts_ns)
			continue;
		if (!k->first_ns)
			k->first_ns = s->ts_ns - s->lat_ns;
		if (s->episode) {
			k->nepisodes++;
			continue; /* its zone runs are counted on their own */
		}
		k->nstalls[s->kind]++;
		if (s->kind == MS_KIND_COMPACT) {
			k->compact_ms += s->lat_ns / 1e6;
		} else {
			k->reclaim_ms += s->lat_ns / 1e6;
			k->scanned += s->scanned;
			k->reclaimed += s->reclaimed;
		}
		k->have_last = true;
		k->last_kind = s->kind;
		k->last_order = s->order;
		k->last_gfp = s->gfp;
	}
	n = t->nr < HIST_RETRIES ? t->nr : HIST_RETRIES;
	for (i = 0; i < n; i++) {
		const struct hist_retry *r = &t->r[(t->nr - n + i) % HIST_RETRIES];

		if (r->ts_ns < since || r->ts_ns > k->ev.ts_ns)
			continue;
		if (r->type == MS_EV_COMPACT_RETRY) {
			k->ncompact_retry++;
			k->cr_result = r->r.result;
			k->cr_prio = r->r.prio;
			k->cr_retries = r->r.loops;
			k->cr_max_retries = r->r.max_retries;
			k->cr_ret = r->r.ret;
			continue;
		}
		for (j = 0; j < k->nzr; j++)
			if (k->zr[j].node == r->r.node && k->zr[j].zone_idx == r->r.zone_idx)
				break;
		if (j == k->nzr) {
			if (k->nzr == OOM_MAX_ZONE_RETRIES)
				continue;
			memset(&k->zr[j], 0, sizeof(k->zr[j]));
			k->zr[j].node = r->r.node;
			k->zr[j].zone_idx = r->r.zone_idx;
			k->nzr++;
		}
		k->zr[j].count++;
		if (r->r.loops > k->zr[j].max_loops)
			k->zr[j].max_loops = r->r.loops;
		k->zr[j].reclaimable = r->r.reclaimable;
		k->zr[j].available = r->r.available;
		k->zr[j].min_wmark = r->r.min_wmark;
		k->zr[j].wmark_ok = r->r.ret;
	}
}

/* Without oom_kill_process the constraint is inferred, and said so. */
static void infer(struct oom_kill *k)
{
	const struct ms_oom *o = &k->ev.oom;

	if (o->have_oc) {
		k->constraint = constraint_name(o->constraint);
		k->oom_memcg_id = o->memcg_id;
		return;
	}
	k->constraint_inferred = true;
	if (k->nstalls[MS_KIND_MEMCG] && k->have_last && k->last_kind == MS_KIND_MEMCG) {
		/* the trigger was reclaiming against its memcg's limit */
		k->constraint = "memcg";
		k->oom_memcg_id = k->ev.cgroup_id;
		k->oom_memcg_inferred = true;
	} else if (k->nstalls[MS_KIND_DIRECT]) {
		k->constraint = "none";
	} else {
		k->constraint = "unknown";
	}
}

static void on_reap(struct oom_model *m, const struct ms_event *e)
{
	int i;

	for (i = m->npending - 1; i >= 0; i--) {
		struct oom_kill *k = m->pending[i];
		int64_t dt = (int64_t)(e->ts_ns - k->ev.ts_ns);

		if (e->reap.pid != k->ev.oom.victim_tid && e->reap.pid != k->ev.oom.victim_pid)
			continue;
		switch (e->reap.what) {
		case MS_REAP_WAKE:
			k->wake_ns = dt;
			break;
		case MS_REAP_START:
			k->start_ns = dt;
			break;
		case MS_REAP_FINISH:
			k->finish_ns = dt;
			break;
		case MS_REAP_EXIT:
			k->exit_ns = dt;
			break;
		default:
			k->reap_skipped = true;
			break;
		}
		return;
	}
}

void oom_model__event(struct oom_model *m, const struct ms_event *e)
{
	struct oom_kill *k;

	switch (e->type) {
	case MS_EV_STALL:
		add_stall(m, e, e->stall.f.kind, e->stall.f.order, e->stall.f.gfp, false);
		break;
	case MS_EV_COMPACT_ZONE:
		if (e->cz.src == MS_CSRC_DIRECT)
			add_stall(m, e, MS_KIND_COMPACT, e->cz.order, e->cz.gfp, false);
		break;
	case MS_EV_COMPACT_EPISODE:
		add_stall(m, e, MS_KIND_COMPACT, e->ce.order, e->ce.gfp, true);
		break;
	case MS_EV_RECLAIM_RETRY:
	case MS_EV_COMPACT_RETRY:
		add_retry(m, e);
		break;
	case MS_EV_REAP:
		on_reap(m, e);
		break;
	case MS_EV_OOM:
		if (m->npending == MAX_PENDING)
			break; /* a kill storm: the oldest stay, counted by the caller */
		k = calloc(1, sizeof(*k));
		if (!k)
			break;
		k->ev = *e;
		k->wake_ns = k->start_ns = k->finish_ns = k->exit_ns = -1;
		summarize(m, k);
		infer(k);
		m->pending[m->npending++] = k;
		break;
	default:
		break;
	}
}

int oom_model__drain(struct oom_model *m, uint64_t now_ns, uint64_t wait_ns, oom_kill_fn fn,
		     void *ctx)
{
	int i, j = 0, n = 0;

	for (i = 0; i < m->npending; i++) {
		struct oom_kill *k = m->pending[i];
		bool done = k->exit_ns >= 0 || k->finish_ns >= 0 || k->reap_skipped || !wait_ns ||
			    now_ns - k->ev.ts_ns >= wait_ns;

		if (!done) {
			m->pending[j++] = k;
			continue;
		}
		fn(ctx, k);
		free(k);
		n++;
	}
	m->npending = j;
	return n;
}

/* ---- renderers ---- */

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

void oom__print_text(const struct event_ctx *ctx, const struct oom_kill *k, FILE *f)
{
	const struct ms_oom *o = &k->ev.oom;
	char t[64], iso[80], cg[256], vcg[256], mcg[256], gfp[512], zn[16], comm[MS_COMM_LEN + 1];
	int i;

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	event__cgroup_name(ctx, k->ev.cgroup_id, cg, sizeof(cg));
	event__cgroup_name(ctx, o->victim_cgroup_id, vcg, sizeof(vcg));
	memcpy(comm, k->ev.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	fprintf(f, "%s OOM kill: constraint %s%s", t, k->constraint,
		k->constraint_inferred ? " (inferred)" : "");
	if (!strcmp(k->constraint, "memcg")) {
		event__cgroup_name(ctx, k->oom_memcg_id, mcg, sizeof(mcg));
		fprintf(f, ", memcg %s%s", mcg, k->oom_memcg_inferred ? " (inferred)" : "");
	}
	fputc('\n', f);
	fprintf(f, "  trigger  %s pid %u tid %u cgroup %s\n", comm, k->ev.pid, k->ev.tid, cg);
	fprintf(f, "  victim   %.16s pid %u cgroup %s", o->victim_comm, o->victim_pid, vcg);
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

void oom__print_json(const struct event_ctx *ctx, const struct oom_kill *k, struct json_writer *w)
{
	const struct ms_oom *o = &k->ev.oom;
	char t[64], iso[80], buf[256], comm[MS_COMM_LEN + 1];
	int i;

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	jw__obj_begin(w);
	jw__key(w, "type");
	jw__str(w, "oom_kill");
	jw__key(w, "timestamp");
	jw__str(w, iso);
	jw__key(w, "ts_ns");
	jw__u64(w, k->ev.ts_ns);
	jw__key(w, "constraint");
	jw__str(w, k->constraint);
	jw__key(w, "constraint_inferred");
	jw__bool(w, k->constraint_inferred);
	jw__key(w, "oom_memcg");
	if (!strcmp(k->constraint, "memcg")) {
		event__cgroup_name(ctx, k->oom_memcg_id, buf, sizeof(buf));
		jw__str(w, buf);
	} else {
		jw__null(w);
	}
	jw__key(w, "oom_memcg_inferred");
	jw__bool(w, k->oom_memcg_inferred);

	jw__key(w, "trigger");
	jw__obj_begin(w);
	memcpy(comm, k->ev.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	jw__key(w, "comm");
	jw__str(w, comm);
	jw__key(w, "pid");
	jw__u64(w, k->ev.pid);
	jw__key(w, "tid");
	jw__u64(w, k->ev.tid);
	event__cgroup_name(ctx, k->ev.cgroup_id, buf, sizeof(buf));
	jw__key(w, "cgroup");
	jw__str(w, buf);
	oom_group__json_cgroup(ctx, k->ev.cgroup_id, w); /* identity, memory */
	jw__obj_end(w);

	jw__key(w, "victim");
	jw__obj_begin(w);
	memcpy(comm, o->victim_comm, MS_COMM_LEN);
	jw__key(w, "comm");
	jw__str(w, comm);
	jw__key(w, "pid");
	jw__u64(w, o->victim_pid);
	jw__key(w, "tid");
	jw__u64(w, o->victim_tid);
	event__cgroup_name(ctx, o->victim_cgroup_id, buf, sizeof(buf));
	jw__key(w, "cgroup");
	jw__str(w, o->victim_is_task ? buf : "");
	oom_group__json_cgroup(ctx, o->victim_is_task ? o->victim_cgroup_id : 0, w);
	jw__key(w, "anon_rss_kb");
	jw__u64(w, o->rss_kb[0]);
	jw__key(w, "file_rss_kb");
	jw__u64(w, o->rss_kb[1]);
	jw__key(w, "shmem_rss_kb");
	jw__u64(w, o->rss_kb[2]);
	jw__key(w, "oom_score_adj");
	jw__i64(w, o->oom_score_adj);
	jw__key(w, "uid");
	jw__u64(w, o->uid);
	jw__obj_end(w);

	jw__key(w, "domain");
	if (o->have_oc) {
		jw__obj_begin(w);
		jw__key(w, "totalpages");
		jw__u64(w, o->totalpages);
		jw__key(w, "order");
		jw__i64(w, o->order);
		json_gfp(ctx, w, o->gfp);
		jw__key(w, "chosen_points");
		jw__i64(w, o->chosen_points);
		jw__obj_end(w);
	} else {
		jw__null(w); /* oom_kill_process could not be probed */
	}

	jw__key(w, "history");
	jw__obj_begin(w);
	jw__key(w, "window_s");
	jw__f64(w, k->window_ns / 1e9, 1);
	jw__key(w, "stalls");
	jw__obj_begin(w);
	for (i = 0; i < MS_KIND_OOM; i++) {
		jw__key(w, event__kind_name(i));
		jw__u64(w, k->nstalls[i]);
	}
	jw__obj_end(w);
	jw__key(w, "compaction_episodes");
	jw__u64(w, k->nepisodes);
	jw__key(w, "reclaim_ms");
	jw__f64(w, k->reclaim_ms, 3);
	jw__key(w, "compact_ms");
	jw__f64(w, k->compact_ms, 3);
	jw__key(w, "scanned");
	jw__u64(w, k->scanned);
	jw__key(w, "reclaimed");
	jw__u64(w, k->reclaimed);
	jw__key(w, "span_ms");
	if (k->first_ns)
		jw__f64(w, ms(k->ev.ts_ns - k->first_ns), 3);
	else
		jw__null(w);
	jw__key(w, "last");
	if (k->have_last) {
		jw__obj_begin(w);
		jw__key(w, "kind");
		jw__str(w, event__kind_name(k->last_kind));
		jw__key(w, "order");
		jw__i64(w, k->last_order);
		json_gfp(ctx, w, k->last_gfp);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__key(w, "reclaim_retries");
	jw__arr_begin(w);
	for (i = 0; i < k->nzr; i++) {
		char zn[16];

		zone_name(ctx, k->zr[i].zone_idx, zn, sizeof(zn));
		jw__obj_begin(w);
		jw__key(w, "node");
		jw__i64(w, k->zr[i].node);
		jw__key(w, "zone");
		jw__str(w, zn);
		jw__key(w, "decisions");
		jw__u64(w, k->zr[i].count);
		jw__key(w, "max_no_progress_loops");
		jw__i64(w, k->zr[i].max_loops);
		jw__key(w, "reclaimable");
		jw__u64(w, k->zr[i].reclaimable);
		jw__key(w, "available");
		jw__u64(w, k->zr[i].available);
		jw__key(w, "min_wmark");
		jw__u64(w, k->zr[i].min_wmark);
		jw__key(w, "wmark_ok");
		jw__bool(w, k->zr[i].wmark_ok);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__key(w, "compact_retries");
	jw__u64(w, k->ncompact_retry);
	jw__obj_end(w);

	jw__key(w, "reaping");
	jw__obj_begin(w);
	json_opt_ms(w, "woken_ms", k->wake_ns);
	json_opt_ms(w, "started_ms", k->start_ns);
	json_opt_ms(w, "finished_ms", k->finish_ns);
	json_opt_ms(w, "exited_ms", k->exit_ns);
	jw__key(w, "skipped");
	jw__bool(w, k->reap_skipped);
	jw__obj_end(w);
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
