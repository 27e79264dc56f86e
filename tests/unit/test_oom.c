// SPDX-License-Identifier: GPL-2.0
/* The OOM model: the story it builds from a task's stalls, retry decisions
 * and the reaper around one kill, and the JSON, text and row it renders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "model/gfp.h"
#include "model/oom_out.h"
#include "output/json.h"

#define MS_NS 1000000ull
#define S_NS 1000000000ull
#define GFP_KERNEL_63 0xcc0ull /* __GFP_IO | __GFP_FS | __GFP_RECLAIM (6.3 layout) */

static struct gfp_table *gfp63; /* names for the renderers (group setup) */

/* The kills drain hands over, copied. */
struct sink_kills {
	struct oom_kill k[4];
	int n;
};

static void collect(void *ctx, const struct oom_kill *k)
{
	struct sink_kills *s = ctx;

	if (s->n < 4)
		s->k[s->n++] = *k;
}

static void head(struct ms_event *e, unsigned int type, uint32_t tid, uint64_t ts, uint64_t lat)
{
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->pid = e->tid = tid;
	e->ts_ns = ts;
	e->lat_ns = lat;
	strcpy(e->comm, tid == 100 ? "hog" : "other");
}

static void stall(struct oom_model *m, uint32_t tid, unsigned int kind, uint64_t ts, uint64_t lat,
		  uint64_t scanned, uint64_t reclaimed)
{
	struct ms_event e;

	head(&e, MS_EV_STALL, tid, ts, lat);
	e.cgroup_id = kind == MS_KIND_MEMCG ? 77 : 0;
	e.stall.f.kind = kind;
	e.stall.f.order = 0;
	e.stall.f.gfp = GFP_KERNEL_63;
	e.stall.f.scanned[0] = scanned;
	e.stall.f.reclaimed[1] = reclaimed;
	oom_model__event(m, &e);
}

static void compaction(struct oom_model *m, unsigned int type, unsigned int src, uint64_t ts,
		       uint64_t lat)
{
	struct ms_event e;

	head(&e, type, 100, ts, lat);
	if (type == MS_EV_COMPACT_ZONE) {
		e.cz.src = src;
		e.cz.order = 3;
		e.cz.gfp = GFP_KERNEL_63 | 0x40000; /* __GFP_COMP */
	} else {
		e.ce.order = 3;
		e.ce.gfp = GFP_KERNEL_63 | 0x40000;
	}
	oom_model__event(m, &e);
}

static void reclaim_retry(struct oom_model *m, uint64_t ts, int zone_idx, int loops, int ok)
{
	struct ms_event e;

	head(&e, MS_EV_RECLAIM_RETRY, 100, ts, 0);
	e.retry.node = 0;
	e.retry.zone_idx = zone_idx;
	e.retry.loops = loops;
	e.retry.reclaimable = 1000 + loops;
	e.retry.available = 2000 + loops;
	e.retry.min_wmark = 3000;
	e.retry.ret = ok;
	oom_model__event(m, &e);
}

static void kill(struct oom_model *m, uint64_t ts, bool have_oc, uint64_t cgroup)
{
	struct ms_event e;

	head(&e, MS_EV_OOM, 100, ts, 0);
	e.cgroup_id = cgroup;
	e.oom.victim_pid = 300;
	e.oom.victim_tid = 301;
	e.oom.victim_is_task = 1;
	e.oom.victim_cgroup_id = cgroup;
	strcpy(e.oom.victim_comm, "victim");
	e.oom.rss_kb[0] = 1000;
	e.oom.rss_kb[1] = 20;
	e.oom.rss_kb[2] = 3;
	e.oom.oom_score_adj = 500;
	e.oom.uid = 1000;
	if (have_oc) {
		e.oom.have_oc = 1;
		e.oom.constraint = 0; /* CONSTRAINT_NONE */
		e.oom.totalpages = 262144;
		e.oom.order = 0;
		e.oom.gfp = GFP_KERNEL_63;
		e.oom.chosen_points = 1234;
	}
	oom_model__event(m, &e);
}

static void reap(struct oom_model *m, uint64_t ts, unsigned int what, uint32_t pid)
{
	struct ms_event e;

	head(&e, MS_EV_REAP, 42, ts, 0);
	e.reap.what = what;
	e.reap.pid = pid;
	oom_model__event(m, &e);
}

/* The global kill: two direct stalls, a direct compaction (one zone run in
 * one episode), retry decisions, then the kill at 10.2 s and its reaping. */
static void global_story(struct oom_model *m)
{
	const uint64_t t0 = 10 * S_NS;
	struct ms_event e;

	stall(m, 100, MS_KIND_DIRECT, t0 - 900 * MS_NS, 1 * MS_NS, 999,
	      999); /* out of the window */
	stall(m, 100, MS_KIND_DIRECT, t0, 5 * MS_NS, 150, 15);
	stall(m, 200, MS_KIND_DIRECT, t0 + 50 * MS_NS, 9 * MS_NS, 5, 5); /* another task */
	stall(m, 100, MS_KIND_DIRECT, t0 + 100 * MS_NS, 20 * MS_NS, 200, 0);
	compaction(m, MS_EV_COMPACT_ZONE, MS_CSRC_DIRECT, t0 + 150 * MS_NS, 3 * MS_NS);
	compaction(m, MS_EV_COMPACT_ZONE, MS_CSRC_KCOMPACTD, t0 + 151 * MS_NS, 7 * MS_NS);
	compaction(m, MS_EV_COMPACT_EPISODE, 0, t0 + 155 * MS_NS, 4 * MS_NS);
	reclaim_retry(m, t0 + 160 * MS_NS, 2, 3, 1);
	reclaim_retry(m, t0 + 170 * MS_NS, 2, 16, 0);
	reclaim_retry(m, t0 + 175 * MS_NS, 1, 1, 0);
	head(&e, MS_EV_COMPACT_RETRY, 100, t0 + 180 * MS_NS, 0);
	e.retry.result = 1;
	e.retry.prio = 2;
	e.retry.loops = 5;
	e.retry.max_retries = 16;
	e.retry.ret = 0;
	oom_model__event(m, &e);
	kill(m, t0 + 200 * MS_NS, true, 0);
	reap(m, t0 + 201 * MS_NS, MS_REAP_WAKE, 300);
	reap(m, t0 + 202 * MS_NS, MS_REAP_START, 300);
	reap(m, t0 + 205 * MS_NS, MS_REAP_FINISH, 300);
	reap(m, t0 + 207 * MS_NS, MS_REAP_EXIT, 301);
	reap(m, t0 + 208 * MS_NS, MS_REAP_EXIT, 999); /* not the victim */
}

static struct json_object *render_json(const struct event_ctx *ctx, const struct oom_kill *k)
{
	struct json_writer w;
	struct json_object *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	jw__init(&w, f);
	oom__print_json(ctx, k, &w);
	fclose(f);
	o = json_tokener_parse(buf);
	free(buf);
	assert_non_null(o);
	return o;
}

static char *render_text(const struct event_ctx *ctx, const struct oom_kill *k)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	oom__print_text(ctx, k, f);
	fclose(f);
	return buf;
}

/* The value at a path of object keys ("history", "stalls", "direct"). */
static struct json_object *jget(struct json_object *o, const char *path)
{
	char buf[128], *tok, *save = NULL;
	struct json_object *v = o;

	strcpy(buf, path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (!json_object_object_get_ex(v, tok, &v)) {
			print_error("no key %s in %s\n", tok, path);
			fail();
		}
	}
	return v;
}

static const char *jstr(struct json_object *o, const char *path)
{
	return json_object_get_string(jget(o, path));
}

static int64_t jint(struct json_object *o, const char *path)
{
	return json_object_get_int64(jget(o, path));
}

static double jdbl(struct json_object *o, const char *path)
{
	return json_object_get_double(jget(o, path));
}

static bool jnull(struct json_object *o, const char *path)
{
	return jget(o, path) == NULL;
}

static void test_global_story(void **state)
{
	struct oom_model *m = oom_model__new(1 * S_NS);
	struct sink_kills s = { 0 };
	const struct oom_kill *k = &s.k[0];

	(void)state;
	assert_non_null(m);
	global_story(m);
	/* reaped (finish seen): complete before the wait is over */
	assert_int_equal(oom_model__drain(m, 10 * S_NS + 300 * MS_NS, 10 * S_NS, collect, &s), 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(k->ev.tid, 100);
	assert_int_equal(k->window_ns, 1 * S_NS);
	/* the trigger's own stalls in the window: not the old one, not task 200's */
	assert_int_equal(k->nstalls[MS_KIND_DIRECT], 2);
	assert_int_equal(k->nstalls[MS_KIND_MEMCG], 0);
	assert_int_equal(k->nstalls[MS_KIND_COMPACT], 1); /* the direct zone run only */
	assert_int_equal(k->nepisodes, 1);
	assert_true(k->reclaim_ms > 24.999 && k->reclaim_ms < 25.001);
	assert_true(k->compact_ms > 2.999 && k->compact_ms < 3.001);
	assert_int_equal(k->scanned, 350);
	assert_int_equal(k->reclaimed, 15);
	assert_int_equal(k->first_ns, 10 * S_NS - 5 * MS_NS); /* the oldest stall's start */
	assert_true(k->have_last);
	assert_int_equal(k->last_kind, MS_KIND_COMPACT);
	assert_int_equal(k->last_order, 3);
	/* retry decisions: one entry per zone, the last reading, the worst loops */
	assert_int_equal(k->nzr, 2);
	assert_int_equal(k->zr[0].zone_idx, 2);
	assert_int_equal(k->zr[0].count, 2);
	assert_int_equal(k->zr[0].max_loops, 16);
	assert_int_equal(k->zr[0].reclaimable, 1016);
	assert_int_equal(k->zr[0].wmark_ok, 0);
	assert_int_equal(k->zr[1].zone_idx, 1);
	assert_int_equal(k->zr[1].count, 1);
	assert_int_equal(k->ncompact_retry, 1);
	assert_int_equal(k->cr_retries, 5);
	assert_int_equal(k->cr_max_retries, 16);
	/* observed domain */
	assert_string_equal(k->constraint, "none");
	assert_false(k->constraint_inferred);
	/* reaping, relative to the kill; exit by the victim's thread id */
	assert_int_equal(k->wake_ns, 1 * MS_NS);
	assert_int_equal(k->start_ns, 2 * MS_NS);
	assert_int_equal(k->finish_ns, 5 * MS_NS);
	assert_int_equal(k->exit_ns, 7 * MS_NS);
	assert_false(k->reap_skipped);
	/* nothing left */
	assert_int_equal(oom_model__drain(m, 0, 0, collect, &s), 0);
	oom_model__free(m);
}

static void test_global_json(void **state)
{
	struct event_ctx ctx = { .gfp = gfp63 };
	struct oom_model *m = oom_model__new(1 * S_NS);
	struct sink_kills s = { 0 };
	struct json_object *o, *a;
	bool kernel = false;
	size_t i;

	(void)state;
	global_story(m);
	oom_model__drain(m, 0, 0, collect, &s);
	assert_int_equal(s.n, 1);
	o = render_json(&ctx, &s.k[0]);
	assert_string_equal(jstr(o, "type"), "oom_kill");
	assert_int_equal(jint(o, "ts_ns"), 10 * S_NS + 200 * MS_NS);
	assert_string_equal(jstr(o, "constraint"), "none");
	assert_false(json_object_get_boolean(jget(o, "constraint_inferred")));
	assert_true(jnull(o, "oom_memcg"));
	assert_string_equal(jstr(o, "trigger.comm"), "hog");
	assert_int_equal(jint(o, "trigger.pid"), 100);
	assert_string_equal(jstr(o, "trigger.cgroup"), "-");
	assert_string_equal(jstr(o, "victim.comm"), "victim");
	assert_int_equal(jint(o, "victim.pid"), 300);
	assert_int_equal(jint(o, "victim.tid"), 301);
	assert_int_equal(jint(o, "victim.anon_rss_kb"), 1000);
	assert_int_equal(jint(o, "victim.file_rss_kb"), 20);
	assert_int_equal(jint(o, "victim.shmem_rss_kb"), 3);
	assert_int_equal(jint(o, "victim.oom_score_adj"), 500);
	assert_int_equal(jint(o, "victim.uid"), 1000);
	assert_int_equal(jint(o, "domain.totalpages"), 262144);
	assert_int_equal(jint(o, "domain.order"), 0);
	assert_int_equal(jint(o, "domain.gfp"), GFP_KERNEL_63);
	assert_int_equal(jint(o, "domain.chosen_points"), 1234);
	a = jget(o, "domain.gfp_flags");
	for (i = 0; i < json_object_array_length(a); i++)
		kernel |= !strcmp(json_object_get_string(json_object_array_get_idx(a, i)),
				  "GFP_KERNEL");
	assert_true(kernel);
	assert_true(jdbl(o, "history.window_s") == 1.0);
	assert_int_equal(jint(o, "history.stalls.direct"), 2);
	assert_int_equal(jint(o, "history.stalls.memcg"), 0);
	assert_int_equal(jint(o, "history.stalls.compact"), 1);
	assert_int_equal(json_object_object_length(jget(o, "history.stalls")), MS_KIND_OOM);
	assert_int_equal(jint(o, "history.compaction_episodes"), 1);
	assert_true(jdbl(o, "history.reclaim_ms") == 25.0);
	assert_true(jdbl(o, "history.compact_ms") == 3.0);
	assert_int_equal(jint(o, "history.scanned"), 350);
	assert_int_equal(jint(o, "history.reclaimed"), 15);
	assert_true(jdbl(o, "history.span_ms") == 205.0);
	assert_string_equal(jstr(o, "history.last.kind"), "compact");
	assert_int_equal(jint(o, "history.last.order"), 3);
	assert_int_equal(jint(o, "history.last.gfp"), GFP_KERNEL_63 | 0x40000);
	a = jget(o, "history.reclaim_retries");
	assert_int_equal(json_object_array_length(a), 2);
	a = json_object_array_get_idx(a, 0);
	assert_int_equal(jint(a, "node"), 0);
	assert_string_equal(jstr(a, "zone"), "zone2"); /* no kernel names: the index */
	assert_int_equal(jint(a, "decisions"), 2);
	assert_int_equal(jint(a, "max_no_progress_loops"), 16);
	assert_int_equal(jint(a, "reclaimable"), 1016);
	assert_int_equal(jint(a, "available"), 2016);
	assert_int_equal(jint(a, "min_wmark"), 3000);
	assert_false(json_object_get_boolean(jget(a, "wmark_ok")));
	assert_int_equal(jint(o, "history.compact_retries"), 1);
	assert_true(jdbl(o, "reaping.woken_ms") == 1.0);
	assert_true(jdbl(o, "reaping.started_ms") == 2.0);
	assert_true(jdbl(o, "reaping.finished_ms") == 5.0);
	assert_true(jdbl(o, "reaping.exited_ms") == 7.0);
	assert_false(json_object_get_boolean(jget(o, "reaping.skipped")));
	json_object_put(o);
	oom_model__free(m);
}

static void test_global_text_row(void **state)
{
	struct event_ctx ctx = { .gfp = gfp63 };
	struct oom_model *m = oom_model__new(1 * S_NS);
	struct sink_kills s = { 0 };
	struct oom_row row;
	char *t;

	(void)state;
	global_story(m);
	oom_model__drain(m, 0, 0, collect, &s);
	t = render_text(&ctx, &s.k[0]);
	assert_non_null(strstr(t, "OOM kill: constraint none\n"));
	assert_non_null(strstr(t, "  trigger  hog pid 100 tid 100 cgroup -\n"));
	assert_non_null(strstr(t, "anon-rss 1000kB file-rss 20kB shmem-rss 3kB oom_score_adj 500"));
	assert_non_null(strstr(t, "domain   262144 pages (1024.0 MiB;"));
	assert_non_null(strstr(t, "2 reclaim stalls (2 direct, 0 memcg, 0 node) 25.0 ms, "
				  "15 pages reclaimed of 350 scanned; 1 compaction runs 3.0 ms; "
				  "within 205.0 ms"));
	assert_non_null(strstr(t, "node 0 zone2: 2 reclaim-retry decisions, up to 16"));
	assert_non_null(strstr(t, "compaction: 1 decisions, last 1 at priority 2, 5 of 16 "
				  "retries, give up"));
	assert_non_null(strstr(t, "the victim exited 7.0 ms after the kill; oom_reaper finished "
				  "5.0 ms after the kill"));
	free(t);
	oom__row(&ctx, &s.k[0], &row);
	assert_string_equal(row.v[OC_TRIGGER].s, "hog");
	assert_string_equal(row.v[OC_VICTIM].s, "victim");
	assert_int_equal(row.v[OC_VPID].u, 300);
	assert_string_equal(row.v[OC_CONSTRAINT].s, "none");
	assert_int_equal(row.v[OC_STALLS].u, 3); /* 2 direct + 1 compaction run */
	assert_true(row.v[OC_STALL_MS].f > 27.999 && row.v[OC_STALL_MS].f < 28.001);
	assert_int_equal(row.v[OC_ANON_KB].u, 1000);
	assert_int_equal(row.v[OC_ADJ].i, 500);
	assert_string_equal(oom__schema()->type, "oom");
	oom_model__free(m);
}

/* Without oom_kill_process the domain is inferred from the last stall: a
 * memcg limit; the reaper never seen: the kill waits, then goes anyway. */
static void test_memcg_inferred(void **state)
{
	struct event_ctx ctx = { .gfp = gfp63 };
	struct oom_model *m = oom_model__new(1 * S_NS);
	struct sink_kills s = { 0 };
	struct json_object *o;
	struct oom_row row;
	char *t;

	(void)state;
	stall(m, 100, MS_KIND_MEMCG, 5 * S_NS, 2 * MS_NS, 10, 1);
	stall(m, 100, MS_KIND_MEMCG, 5 * S_NS + 10 * MS_NS, 2 * MS_NS, 10, 0);
	kill(m, 5 * S_NS + 20 * MS_NS, false, 77);
	assert_int_equal(oom_model__drain(m, 5 * S_NS + 30 * MS_NS, 1 * S_NS, collect, &s), 0);
	assert_int_equal(oom_model__drain(m, 6 * S_NS + 20 * MS_NS, 1 * S_NS, collect, &s), 1);
	assert_string_equal(s.k[0].constraint, "memcg");
	assert_true(s.k[0].constraint_inferred);
	assert_int_equal(s.k[0].oom_memcg_id, 77);
	assert_true(s.k[0].oom_memcg_inferred);
	assert_int_equal(s.k[0].exit_ns, -1);
	o = render_json(&ctx, &s.k[0]);
	assert_true(json_object_get_boolean(jget(o, "constraint_inferred")));
	assert_string_equal(jstr(o, "oom_memcg"), "cgid:77");
	assert_true(json_object_get_boolean(jget(o, "oom_memcg_inferred")));
	assert_true(jnull(o, "domain"));
	assert_int_equal(jint(o, "history.stalls.memcg"), 2);
	assert_string_equal(jstr(o, "history.last.kind"), "memcg");
	assert_true(jnull(o, "reaping.woken_ms"));
	assert_true(jnull(o, "reaping.exited_ms"));
	assert_string_equal(jstr(o, "victim.cgroup"), "cgid:77");
	json_object_put(o);
	t = render_text(&ctx, &s.k[0]);
	assert_non_null(strstr(t, "constraint memcg (inferred), memcg cgid:77 (inferred)\n"));
	assert_non_null(strstr(t, "domain   unknown: oom_kill_process cannot be probed"));
	assert_non_null(strstr(t, "the victim's exit was not seen within 1.0 s; the OOM reaper "
				  "was not needed"));
	free(t);
	oom__row(&ctx, &s.k[0], &row);
	assert_string_equal(row.v[OC_CONSTRAINT].s, "memcg?");
	oom_model__free(m);
}

/* No history at all: nothing to infer from; a skipped reap completes it. */
static void test_no_history(void **state)
{
	struct event_ctx ctx = { .gfp = gfp63 };
	struct oom_model *m = oom_model__new(10 * S_NS);
	struct sink_kills s = { 0 };
	struct json_object *o;
	char *t;

	(void)state;
	kill(m, 20 * S_NS, false, 0);
	reap(m, 20 * S_NS + MS_NS, MS_REAP_SKIP, 300);
	assert_int_equal(oom_model__drain(m, 20 * S_NS + 2 * MS_NS, 10 * S_NS, collect, &s), 1);
	assert_string_equal(s.k[0].constraint, "unknown");
	assert_true(s.k[0].constraint_inferred);
	assert_true(s.k[0].reap_skipped);
	assert_int_equal(s.k[0].first_ns, 0);
	o = render_json(&ctx, &s.k[0]);
	assert_true(jnull(o, "history.span_ms"));
	assert_true(jnull(o, "history.last"));
	assert_int_equal(json_object_array_length(jget(o, "history.reclaim_retries")), 0);
	assert_true(json_object_get_boolean(jget(o, "reaping.skipped")));
	json_object_put(o);
	t = render_text(&ctx, &s.k[0]);
	assert_non_null(strstr(t, "before   no stalls seen in the last 10 s\n"));
	assert_non_null(strstr(t, "; oom_reaper skipped it\n"));
	free(t);
	oom_model__free(m);
}

/* Direct stalls only, no oom_kill_process: a global OOM, inferred. */
static void test_direct_inferred(void **state)
{
	struct oom_model *m = oom_model__new(1 * S_NS);
	struct sink_kills s = { 0 };

	(void)state;
	stall(m, 100, MS_KIND_DIRECT, 3 * S_NS, MS_NS, 1, 1);
	kill(m, 3 * S_NS + MS_NS, false, 0);
	oom_model__drain(m, 0, 0, collect, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.k[0].constraint, "none");
	assert_true(s.k[0].constraint_inferred);
	assert_false(s.k[0].oom_memcg_inferred);
	oom_model__free(m);
}

static int setup(void **state)
{
	(void)state;
	gfp63 = gfp_table__new_static("6.3");
	return gfp63 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	gfp_table__free(gfp63);
	return 0;
}

static void count_kill(void *ctx, const struct oom_kill *k)
{
	(void)k;
	(*(int *)ctx)++;
}

/* A kill storm: 150 kills waiting for their reaping at once are all handed
 * over (64 were kept before, the rest lost without a word); beyond 4,096
 * waiting, each one not kept is counted. */
static void test_kill_storm(void **state)
{
	struct oom_model *m = oom_model__new(1 * S_NS);
	int i, n = 0;

	(void)state;
	for (i = 0; i < 150; i++)
		kill(m, 5 * S_NS + i * MS_NS, true, 0);
	assert_int_equal(oom_model__drain(m, 0, 0, count_kill, &n), 150);
	assert_int_equal(n, 150);
	assert_int_equal(oom_model__lost(m), 0);
	for (i = 0; i < 4100; i++)
		kill(m, 6 * S_NS + i * MS_NS, true, 0);
	n = 0;
	assert_int_equal(oom_model__drain(m, 0, 0, count_kill, &n), 4096);
	assert_int_equal(oom_model__lost(m), 4);
	oom_model__free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_story),	cmocka_unit_test(test_global_json),
		cmocka_unit_test(test_global_text_row), cmocka_unit_test(test_memcg_inferred),
		cmocka_unit_test(test_no_history),	cmocka_unit_test(test_direct_inferred),
		cmocka_unit_test(test_kill_storm),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
