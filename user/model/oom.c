// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/oom.h"
#include "base/util.h"

#define HISTORY_TASKS 512 /* tasks with history kept (oldest evicted) */
#define HISTORY_STALLS 64 /* per task */
#define HISTORY_RETRIES 32
/* kills waiting for their reaping: the array grows to this; beyond it a
 * kill is not shown but counted (oom_model__lost) */
#define MAX_PENDING 4096

struct history_stall {
	uint64_t ts_ns, lat_ns, scanned, reclaimed, gfp;
	int kind; /* enum ms_kind; MS_KIND_COMPACT for zone runs */
	int order;
	bool episode; /* a direct compaction episode (not a zone run) */
};

struct history_retry {
	uint64_t ts_ns;
	unsigned int type; /* MS_EV_RECLAIM_RETRY or MS_EV_COMPACT_RETRY */
	struct ms_retry r;
};

struct task_history {
	uint32_t tid;
	uint64_t last_ns;
	unsigned int ns, nr; /* total pushed (ring index = n % size) */
	struct history_stall s[HISTORY_STALLS];
	struct history_retry r[HISTORY_RETRIES];
};

struct oom_model {
	uint64_t window_ns;
	struct task_history *tasks[HISTORY_TASKS];
	struct oom_kill **pending;
	int npending, cap;
	uint64_t lost; /* kills beyond MAX_PENDING pending */
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
	for (i = 0; i < HISTORY_TASKS; i++)
		free(m->tasks[i]);
	for (i = 0; i < m->npending; i++)
		free(m->pending[i]);
	free(m->pending);
	free(m);
}

/* The task's history; created (evicting the stalest) when create is set. */
static struct task_history *history_get(struct oom_model *m, uint32_t tid, uint64_t now,
					bool create)
{
	unsigned int h = (tid * 2654435761u) % HISTORY_TASKS, i, victim = h;
	struct task_history *t;

	for (i = 0; i < HISTORY_TASKS; i++) {
		t = m->tasks[(h + i) % HISTORY_TASKS];
		if (t && t->tid == tid)
			return t;
	}
	if (!create)
		return NULL;
	for (i = 0; i < HISTORY_TASKS; i++) {
		unsigned int slot = (h + i) % HISTORY_TASKS;

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
	struct task_history *t = history_get(m, e->tid, e->ts_ns, true);
	struct history_stall *s;

	if (!t)
		return;
	t->last_ns = e->ts_ns;
	s = &t->s[t->ns++ % HISTORY_STALLS];
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
	struct task_history *t = history_get(m, e->tid, e->ts_ns, true);
	struct history_retry *r;

	if (!t)
		return;
	t->last_ns = e->ts_ns;
	r = &t->r[t->nr++ % HISTORY_RETRIES];
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
	const struct task_history *t = history_get(m, k->ev.tid, k->ev.ts_ns, false);
	uint64_t since = k->ev.ts_ns > m->window_ns ? k->ev.ts_ns - m->window_ns : 0;
	unsigned int i, n;
	int j;

	k->window_ns = m->window_ns;
	if (!t)
		return;
	n = t->ns < HISTORY_STALLS ? t->ns : HISTORY_STALLS;
	for (i = 0; i < n; i++) { /* oldest first */
		const struct history_stall *s = &t->s[(t->ns - n + i) % HISTORY_STALLS];

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
	n = t->nr < HISTORY_RETRIES ? t->nr : HISTORY_RETRIES;
	for (i = 0; i < n; i++) {
		const struct history_retry *r = &t->r[(t->nr - n + i) % HISTORY_RETRIES];

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

/* Room for more pending kills: 0, or -ENOSPC at MAX_PENDING (-ENOMEM). */
static int grow_pending(struct oom_model *m)
{
	int cap = m->cap ? 2 * m->cap : 64;
	struct oom_kill **p;

	if (m->cap >= MAX_PENDING)
		return -ENOSPC;
	p = realloc(m->pending, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	m->pending = p;
	m->cap = cap;
	return 0;
}

uint64_t oom_model__lost(const struct oom_model *m)
{
	return m->lost;
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
		if (m->npending == m->cap && grow_pending(m)) {
			m->lost++; /* a kill storm beyond MAX_PENDING: counted */
			break;
		}
		k = calloc(1, sizeof(*k));
		if (!k) {
			m->lost++;
			break;
		}
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
