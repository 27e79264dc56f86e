// SPDX-License-Identifier: GPL-2.0
/* Userspace OOM kills (killer.h). */
#include <stdlib.h>
#include <string.h>
#include "model/cgroup.h"
#include "model/killer.h"
#include "output/json.h"
#include "base/util.h"

#define RING 1024 /* recent stalls kept (bounded, whatever the rate) */

struct stall_rec {
	uint64_t ts_ns, cgroup_id, lat_ns;
};

struct killer_model {
	uint64_t window_ns;
	unsigned int head, n;
	struct stall_rec ring[RING];
};

struct killer_model *killer_model__new(uint64_t window_ns)
{
	struct killer_model *m = calloc(1, sizeof(*m));

	if (m)
		m->window_ns = window_ns ? window_ns : 10000000000ull;
	return m;
}

void killer_model__free(struct killer_model *m)
{
	free(m);
}

void killer_model__event(struct killer_model *m, const struct ms_event *e)
{
	struct stall_rec *r;

	if (e->type != MS_EV_STALL || e->depth)
		return;
	r = &m->ring[m->head];
	m->head = (m->head + 1) % RING;
	if (m->n < RING)
		m->n++;
	r->ts_ns = e->ts_ns;
	r->cgroup_id = e->cgroup_id;
	r->lat_ns = e->lat_ns;
}

void killer_model__kill(struct killer_model *m, const struct event_ctx *ctx,
			const struct ms_event *e, struct ukill *out)
{
	const char *root = ctx->cg ? cgmap__root(ctx->cg) : NULL;
	int version = ctx->cg ? cgmap__version(ctx->cg) : 0;
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->ev = *e;
	out->window_ns = m->window_ns;
	event__cgroup_name(ctx, e->oom.victim_cgroup_id, out->cgroup, sizeof(out->cgroup));
	oomctx__cg_state(root, out->cgroup[0] == '/' ? version : 0, out->cgroup, &out->cg);
	for (i = 0; i < m->n; i++) {
		const struct stall_rec *r = &m->ring[i];

		if (r->cgroup_id == e->oom.victim_cgroup_id && r->ts_ns <= e->ts_ns &&
		    e->ts_ns - r->ts_ns <= m->window_ns) {
			out->stalls_before++;
			out->stall_ms_before += r->lat_ns / 1e6;
		}
	}
}

void killer__print_text(const struct event_ctx *ctx, const struct ukill *k, FILE *f)
{
	const struct ms_oom *o = &k->ev.oom;
	char t[64], iso[80], comm[MS_COMM_LEN + 1], cg[sizeof(k->cgroup)];

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	/* names are the tasks' own choice: never raw on a terminal */
	fprintf(f, "%s OOM kill: userspace, by %s pid %u\n", t,
		util__printable_copy(comm, sizeof(comm), k->ev.comm, MS_COMM_LEN), k->ev.pid);
	fprintf(f,
		"  victim   %.16s pid %u tid %u cgroup %s anon-rss %llukB file-rss %llukB "
		"shmem-rss %llukB oom_score_adj %d\n",
		util__printable_copy(comm, sizeof(comm), o->victim_comm, MS_COMM_LEN),
		o->victim_pid, o->victim_tid,
		util__printable_copy(cg, sizeof(cg), k->cgroup, sizeof(cg)),
		(unsigned long long)o->rss_kb[0], (unsigned long long)o->rss_kb[1],
		(unsigned long long)o->rss_kb[2], o->oom_score_adj);
	oomctx__cg_text(&k->cg, f);
	fprintf(f, "  before   %u stalls in the cgroup, %.1f ms, in the last %.0f s\n\n",
		k->stalls_before, k->stall_ms_before, k->window_ns / 1e9);
}

void killer__print_json(const struct event_ctx *ctx, const struct ukill *k, struct json_writer *w)
{
	const struct ms_oom *o = &k->ev.oom;
	char t[64], iso[80], comm[MS_COMM_LEN + 1];

	event__fmt_time(ctx, k->ev.ts_ns, t, sizeof(t), iso, sizeof(iso));
	jw__obj_begin(w);
	jw__key(w, "type");
	jw__str(w, "oom_kill");
	jw__key(w, "kind");
	jw__str(w, "userspace");
	jw__key(w, "timestamp");
	jw__str(w, iso);
	jw__key(w, "ts_ns");
	jw__u64(w, k->ev.ts_ns);
	jw__key(w, "killer");
	jw__obj_begin(w);
	memcpy(comm, k->ev.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	jw__key(w, "comm");
	jw__str(w, comm);
	jw__key(w, "pid");
	jw__u64(w, k->ev.pid);
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
	jw__key(w, "cgroup");
	jw__str(w, k->cgroup);
	jw__key(w, "anon_rss_kb");
	jw__u64(w, o->rss_kb[0]);
	jw__key(w, "file_rss_kb");
	jw__u64(w, o->rss_kb[1]);
	jw__key(w, "shmem_rss_kb");
	jw__u64(w, o->rss_kb[2]);
	jw__key(w, "oom_score_adj");
	jw__i64(w, o->oom_score_adj);
	jw__obj_end(w);
	oomctx__cg_json(&k->cg, w);
	jw__key(w, "stalls_before");
	jw__u64(w, k->stalls_before);
	jw__key(w, "stall_ms_before");
	jw__f64(w, k->stall_ms_before, 3);
	jw__key(w, "window_s");
	jw__f64(w, k->window_ns / 1e9, 1);
	jw__obj_end(w);
}
