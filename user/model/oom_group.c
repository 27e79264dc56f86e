// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/cgmem.h"
#include "model/cgid.h"
#include "model/cgroup.h"
#include "model/event.h"
#include "model/oom.h"
#include "model/oom_group.h"
#include "output/json.h"
#include "base/util.h"

#define OG_NOTES 64 /* victims noted, waiting for their kill record */
#define OG_JOIN_NS 100000000ull /* a group's kills are marked within microseconds */

struct oom_groups {
	struct {
		uint32_t tid; /* victim tid, 0: free */
		uint64_t group_id;
		char group[256];
	} note[OG_NOTES];
	int next;
	bool open;
	uint64_t last_ns; /* when the open group last grew (monotonic now) */
	struct oom_group cur;
};

struct oom_groups *oom_groups__new(void)
{
	return calloc(1, sizeof(struct oom_groups));
}

void oom_groups__free(struct oom_groups *g)
{
	free(g);
}

/* The highest cgroup on path (under the hierarchy root) whose
 * memory.oom.group is 1, into out; false if none. */
static bool group_of(struct cgmap *cg, const char *path, char *out, size_t len)
{
	char p[256], f[4096], buf[16];
	bool found = false;
	char *s;

	util__strlcpy(p, path, sizeof(p));
	while (p[0] == '/' && p[1]) {
		snprintf(f, sizeof(f), "%s%s/memory.oom.group", cgmap__root(cg), p);
		if (util__read_file(f, buf, sizeof(buf)) > 0 && buf[0] == '1') {
			util__strlcpy(out, p, len);
			found = true;
		}
		s = strrchr(p, '/');
		if (s == p)
			break;
		*s = '\0';
	}
	return found;
}

void oom_groups__note(struct oom_groups *g, const struct event_ctx *ctx, const struct ms_event *e)
{
	const char *path;
	char grp[256];
	uint64_t id;
	char rel[256];

	if (e->type != MS_EV_OOM || !ctx->cg || cgmap__version(ctx->cg) != 2)
		return; /* memory.oom.group is v2's */
	path = cgmap__path(ctx->cg, e->oom.victim_cgroup_id);
	if (!path || !group_of(ctx->cg, path, grp, sizeof(grp)))
		return;
	if (cgmap__resolve(ctx->cg, grp, &id, rel, sizeof(rel)))
		id = 0;
	g->note[g->next].tid = e->oom.victim_tid;
	g->note[g->next].group_id = id;
	util__strlcpy(g->note[g->next].group, grp, sizeof(g->note[0].group));
	g->next = (g->next + 1) % OG_NOTES;
}

static void close_group(struct oom_groups *g, oom_group_fn fn, void *ctx)
{
	if (g->open)
		fn(ctx, &g->cur);
	g->open = false;
}

void oom_groups__kill(struct oom_groups *g, const struct oom_kill *k, oom_group_fn fn, void *ctx)
{
	const struct ms_oom *o = &k->ev.oom;
	int i, n;

	for (i = 0; i < OG_NOTES; i++)
		if (g->note[i].tid && g->note[i].tid == o->victim_tid)
			break;
	if (i == OG_NOTES) { /* not a group member */
		close_group(g, fn, ctx);
		return;
	}
	/* kills are handed over as they are reaped: not in time order */
	if (g->open &&
	    (strcmp(g->cur.cgroup, g->note[i].group) || g->cur.trigger.tid != k->ev.tid ||
	     (k->ev.ts_ns > g->cur.ts_ns ? k->ev.ts_ns - g->cur.ts_ns
					 : g->cur.ts_ns - k->ev.ts_ns) > OG_JOIN_NS))
		close_group(g, fn, ctx);
	if (!g->open) {
		memset(&g->cur, 0, sizeof(g->cur));
		g->cur.cgroup_id = g->note[i].group_id;
		util__strlcpy(g->cur.cgroup, g->note[i].group, sizeof(g->cur.cgroup));
		g->cur.ts_ns = k->ev.ts_ns;
		g->cur.trigger = k->ev;
		g->open = true;
	}
	g->note[i].tid = 0;
	g->last_ns = util__now_ns();
	if (k->ev.ts_ns < g->cur.ts_ns)
		g->cur.ts_ns = k->ev.ts_ns;
	/* the chosen victim is marked again when its group is killed */
	for (n = 0; n < g->cur.n; n++)
		if (g->cur.task[n].tid == o->victim_tid)
			return;
	if (n == OOM_GROUP_MAX_TASKS)
		return;
	g->cur.task[n].pid = o->victim_pid;
	g->cur.task[n].tid = o->victim_tid;
	memcpy(g->cur.task[n].comm, o->victim_comm, MS_COMM_LEN);
	g->cur.n++;
}

void oom_groups__flush(struct oom_groups *g, uint64_t now_ns, uint64_t idle_ns, oom_group_fn fn,
		       void *ctx)
{
	if (g->open && (!idle_ns || now_ns - g->last_ns >= idle_ns))
		close_group(g, fn, ctx);
}

void oom_group__print_text(const struct event_ctx *ctx, const struct oom_group *g, FILE *f)
{
	char t[64], iso[80];
	int i;

	event__fmt_time(ctx, g->ts_ns, t, sizeof(t), iso, sizeof(iso));
	fprintf(f, "%s GROUP KILL (memory.oom.group) of %s: %d tasks:", t, g->cgroup, g->n);
	for (i = 0; i < g->n; i++)
		fprintf(f, "%s %s(%u)", i ? "," : "", g->task[i].comm, g->task[i].pid);
	fputs("\n\n", f);
}

static void kv_str_or_null(struct json_writer *w, const char *k, const char *s)
{
	if (s && s[0])
		jw__kv_str(w, k, s);
	else
		jw__kv_null(w, k);
}

static void kv_limit(struct json_writer *w, const char *k, bool have, uint64_t v)
{
	if (!have || v == CGM_NOLIMIT)
		jw__kv_null(w, k);
	else
		jw__kv_u64(w, k, v);
}

void oom_group__json_cgroup(const struct event_ctx *ctx, uint64_t cgid, struct json_writer *w)
{
	const char *path = ctx->cg && cgid ? cgmap__path(ctx->cg, cgid) : NULL;
	struct cg_ident id;
	struct cg_mem m;
	char dir[4096];
	int i;

	cgid__parse(path, &id);
	kv_str_or_null(w, "pod_uid", id.pod_uid);
	kv_str_or_null(w, "qos", id.qos);
	kv_str_or_null(w, "container_id", id.container_id);
	kv_str_or_null(w, "unit", cgid__dim(&id, "unit"));
	jw__key(w, "memory");
	if (!path ||
	    snprintf(dir, sizeof(dir), "%s%s", cgmap__root(ctx->cg),
		     strcmp(path, "/") ? path : "") >= (int)sizeof(dir) ||
	    cgmem__read(dir, cgmap__version(ctx->cg), &m)) {
		jw__null(w); /* gone, or the root */
		return;
	}
	jw__obj_begin(w);
	jw__kv_u64(w, "current", m.current);
	kv_limit(w, "max", m.have_max, m.max);
	kv_limit(w, "high", m.have_high, m.high);
	jw__key(w, "events");
	jw__obj_begin(w);
	for (i = 0; i < CGM_NEV; i++)
		if (m.ev_have & (1u << i))
			jw__kv_u64(w, cgmem__ev_name(i), m.ev[i]);
	jw__obj_end(w);
	jw__obj_end(w);
}

void oom_group__print_json(const struct event_ctx *ctx, const struct oom_group *g,
			   struct json_writer *w)
{
	char t[64], iso[80], buf[256], comm[MS_COMM_LEN + 1];
	int i;

	event__fmt_time(ctx, g->ts_ns, t, sizeof(t), iso, sizeof(iso));
	jw__obj_begin(w);
	jw__kv_str(w, "type", "oom_group_kill");
	jw__kv_str(w, "timestamp", iso);
	jw__kv_u64(w, "ts_ns", g->ts_ns);
	jw__kv_str(w, "cgroup", g->cgroup);
	oom_group__json_cgroup(ctx, g->cgroup_id, w);
	jw__key(w, "trigger");
	jw__obj_begin(w);
	memcpy(comm, g->trigger.comm, MS_COMM_LEN);
	comm[MS_COMM_LEN] = '\0';
	jw__kv_str(w, "comm", comm);
	jw__kv_u64(w, "pid", g->trigger.pid);
	jw__kv_u64(w, "tid", g->trigger.tid);
	event__cgroup_name(ctx, g->trigger.cgroup_id, buf, sizeof(buf));
	jw__kv_str(w, "cgroup", buf);
	jw__obj_end(w);
	jw__kv_u64(w, "count", (uint64_t)g->n);
	jw__key(w, "tasks");
	jw__arr_begin(w);
	for (i = 0; i < g->n; i++) {
		jw__obj_begin(w);
		jw__kv_u64(w, "pid", g->task[i].pid);
		jw__kv_u64(w, "tid", g->task[i].tid);
		jw__kv_str(w, "comm", g->task[i].comm);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__obj_end(w);
}
