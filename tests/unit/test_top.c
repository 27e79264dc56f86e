// SPDX-License-Identifier: GPL-2.0
/* memstall top without a terminal or a kernel: the model from synthetic
 * histogram rows and per-node scan totals, kswapd's rows (never stalls),
 * sorting and filtering, keys, the JSON frame, and the screen buffer at
 * several terminal sizes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "cli/cli.h"
#include "output/json.h"
#include "top/top_json.h"
#include "top/top_model.h"
#include "top/top_screen.h"
#include "ut_files.h"

#define FIXTURE_ROOT "tests/fixtures/roots/numa2-zrm1"

static struct hist_row mkrow(unsigned int kind, unsigned int tgid, const char *comm, uint64_t cg,
			     int order, const char *gfp, uint64_t count, uint64_t each_ns)
{
	struct hist_row r;

	memset(&r, 0, sizeof(r));
	r.key.kind = kind;
	r.key.tgid = tgid;
	r.key.order = order;
	r.key.cgroup = cg;
	strncpy(r.key.comm, comm, MS_COMM_LEN - 1);
	r.gfp_class = gfp;
	r.count = count;
	r.total_ns = count * each_ns;
	r.max_ns = each_ns * 2;
	r.scanned = count * 10;
	r.reclaimed = count * 8;
	r.slots[ms_hist_slot(each_ns)] = count;
	return r;
}

/* Per-node totals: node 0 scanned 100 anon + 300 file pages in the tick
 * and got 50 + 250 back, kswapd did 200 of the file scans; node 1 nothing
 * (its counters even went back: never a negative rate). */
static void set_nodes(struct top_model *m)
{
	struct ms_node_scan t[2];

	memset(t, 0, sizeof(t));
	t[0].scanned[1] = 1000;
	t[0].reclaimed[1] = 900;
	t[0].kswapd_scanned[1] = 10;
	t[1].scanned[1] = 77;
	top_model__set_nodes(m, t, 2);
	t[0].scanned[0] += 100;
	t[0].scanned[1] += 300;
	t[0].reclaimed[0] += 50;
	t[0].reclaimed[1] += 250;
	t[0].kswapd_scanned[1] += 200;
	t[0].kswapd_reclaimed[1] += 190;
	t[1].scanned[1] = 70;
	top_model__set_nodes(m, t, 2);
}

/* Two seconds: a memcg hog (3 keys), a compacting THP user, a quiet cat;
 * kswapd0's passes (more time than anyone: still not a stall). */
static struct top_model *build(void)
{
	struct top_model *m = top_model__new();
	struct hist_row rows[] = {
		mkrow(MS_KIND_MEMCG, 100, "hog", 7, 0, "nofs", 1000, 20000),
		mkrow(MS_KIND_MEMCG, 100, "hog", 7, 0, "user", 200, 50000),
		mkrow(MS_KIND_DIRECT, 100, "hog", 7, 1, "kernel", 10, 1000000),
		mkrow(MS_KIND_COMPACT, 200, "java", 9, 9, "thp", 40, 3000000),
		mkrow(MS_KIND_DIRECT, 200, "java", 9, 9, "thp", 10, 1000000),
		mkrow(MS_KIND_DIRECT, 300, "cat", 7, 0, "user", 2, 10000),
		mkrow(MS_KIND_KSWAPD, 45, "kswapd0", 1, 0, NULL, 500, 4000000),
	};
	struct top_sys sys;
	size_t i;

	assert_non_null(m);
	top_model__begin(m, 2.0, 5000000000ull);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(top_model__add(m, &rows[i],
						rows[i].key.cgroup == 7 ? "/batch" : "/web/java"),
				 0);
	assert_int_equal(top_sys__read(FIXTURE_ROOT, NULL, &sys), 0);
	top_model__set_sys(m, &sys);
	sys.mono_ns += 2000000000ull;
	sys.allocstall += 200;
	sys.oom_kill += 1;
	top_model__set_sys(m, &sys);
	set_nodes(m);
	top_model__finish(m);
	return m;
}

static bool screen_has_text(const struct top_screen *s, const char *text)
{
	int r;

	for (r = 0; r < top_screen__rows(s); r++)
		if (strstr(top_screen__line(s, r), text))
			return true;
	return false;
}

static const struct top_row *find(struct top_model *m, const char *comm)
{
	int i;

	for (i = 0; i < top_model__nsel(m); i++)
		if (!strcmp(top_model__sel(m, i)->comm, comm))
			return top_model__sel(m, i);
	return NULL;
}

static void test_model(void **state)
{
	struct top_model *m = build();
	const struct top_rates *rt;
	const struct top_row *r;
	struct top_view v;

	(void)state;
	assert_int_equal(top_model__nrows(m, TV_PROC), 3);
	assert_int_equal(top_model__nrows(m, TV_CGROUP), 2);
	assert_int_equal(top_model__stalls(m), 1262);
	top_view__init(&v);
	top_model__select(m, &v);
	r = find(m, "hog");
	assert_non_null(r);
	assert_int_equal(r->count, 1210);
	assert_true(r->rate > 604.9 && r->rate < 605.1);
	/* 20 ms + 10 ms + 10 ms in 2 s */
	assert_true(r->ms_s > 19.99 && r->ms_s < 20.01);
	assert_int_equal(r->dom_order, 0);
	assert_string_equal(r->dom_gfp, "nofs");
	assert_true(r->reclaim_pct > 99.9);
	assert_true(r->p99_ms <= r->max_ms);
	assert_string_equal(r->cgroup, "/batch");
	r = find(m, "java");
	assert_non_null(r);
	assert_int_equal(r->dom_order, 9);
	assert_string_equal(r->dom_gfp, "thp");
	/* 120 ms compaction, 10 ms reclaim */
	assert_true(r->reclaim_pct > 7.6 && r->reclaim_pct < 7.8);
	assert_int_equal(r->compact_ns, 120000000);
	/* cgroups: /batch holds hog and cat */
	v.kind = TV_CGROUP;
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 2);
	r = top_model__sel(m, 0);
	assert_string_equal(r->cgroup, "/web/java");
	assert_int_equal(r->nprocs, 1);
	assert_int_equal(top_model__sel(m, 1)->nprocs, 2);
	/* rates from two /proc snapshots two seconds apart */
	rt = top_model__rates(m);
	assert_non_null(rt);
	assert_true(rt->allocstall > 99.9 && rt->allocstall < 100.1);
	assert_int_equal(rt->oom_kill, 1);
	assert_false(rt->have_cost); /* fixture root: no BPF run stats */
	top_model__free(m);
}

/* kswapd's passes: rows of their own under the stalls, in no stall total,
 * in no cgroup; filtered like the processes. */
static void test_kswapd_rows(void **state)
{
	struct top_model *m = build(), *idle = top_model__new();
	struct hist_row k = mkrow(MS_KIND_KSWAPD, 45, "kswapd0", 1, 0, NULL, 3, 1000000);
	struct top_screen *s = top_screen__new(40, 160);
	const struct top_row *r;
	struct top_view v;
	int i, hdr = -1, krow = -1, last_stall = -1;

	(void)state;
	assert_int_equal(top_model__stalls(m), 1262); /* the 500 passes are not stalls */
	assert_int_equal(top_model__nrows(m, TV_PROC), 3);
	assert_int_equal(top_model__nrows(m, TV_CGROUP), 2);
	top_view__init(&v);
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 3);
	assert_int_equal(top_model__nkswapd(m), 1);
	r = top_model__kswapd(m, 0);
	assert_string_equal(r->comm, "kswapd0");
	assert_int_equal(r->count, 500);
	assert_true(r->rate > 249.9 && r->rate < 250.1); /* passes/s */
	assert_true(r->ms_s > 999.9 && r->ms_s < 1000.1);
	assert_true(r->eff_pct > 79.9 && r->eff_pct < 80.1); /* 8 of 10 pages */
	assert_null(top_model__kswapd(m, 1));
	/* rendered under the stalls, with their own header */
	top_screen__render(s, m, &v);
	for (i = 0; i < top_screen__rows(s); i++) {
		const char *l = top_screen__line(s, i);

		if (strstr(l, "background reclaim passes, not stalls") && strstr(l, "PASSES/s"))
			hdr = i;
		if (strstr(l, " kswapd0 "))
			krow = i;
		if (strstr(l, " hog ") || strstr(l, " java ") || strstr(l, " cat "))
			last_stall = i;
	}
	assert_true(last_stall > 0 && hdr > last_stall && krow == hdr + 1);
	assert_non_null(strstr(top_screen__line(s, krow), " 80 ")); /* EFF% */
	/* the filter applies; the cgroups view has none */
	strcpy(v.filter, "hog");
	top_model__select(m, &v);
	assert_int_equal(top_model__nkswapd(m), 0);
	strcpy(v.filter, "kswapd");
	top_model__select(m, &v);
	assert_int_equal(top_model__nkswapd(m), 1);
	assert_int_equal(top_model__nsel(m), 0);
	v.filter[0] = '\0';
	v.kind = TV_CGROUP;
	top_model__select(m, &v);
	assert_int_equal(top_model__nkswapd(m), 0);
	/* only kswapd busy: no stalls, said so, its row still shown */
	top_model__begin(idle, 1, 1000000000ull);
	assert_int_equal(top_model__add(idle, &k, "/"), 0);
	top_model__finish(idle);
	assert_int_equal(top_model__stalls(idle), 0);
	top_view__init(&v);
	top_model__select(idle, &v);
	top_screen__render(s, idle, &v);
	assert_true(screen_has_text(s, "no memory stalls in the last"));
	assert_true(screen_has_text(s, " kswapd0 "));
	top_screen__free(s);
	top_model__free(idle);
	top_model__free(m);
}

/* Node scan efficiency, anon and kswapd share from two readings of the
 * tracer's totals; nothing scanned reads "-" (JSON null), never NaN. */
static void test_nodes(void **state)
{
	struct top_model *m = build(), *none = top_model__new();
	struct top_screen *s = top_screen__new(40, 120);
	const struct top_node *n;
	struct top_view v;
	int i, r0 = -1, r1 = -1;

	(void)state;
	assert_int_equal(top_model__nnodes(m), 2);
	n = top_model__node(m, 0);
	assert_int_equal(n->scanned[0], 100);
	assert_int_equal(n->scanned[1], 300);
	assert_int_equal(n->kswapd_scanned, 200);
	assert_true(n->scanned_s > 199.9 && n->scanned_s < 200.1); /* 400 in 2 s */
	assert_true(n->reclaimed_s > 149.9 && n->reclaimed_s < 150.1);
	assert_true(n->eff_pct > 74.9 && n->eff_pct < 75.1);
	assert_true(n->anon_pct > 24.9 && n->anon_pct < 25.1);
	assert_true(n->kswapd_pct > 49.9 && n->kswapd_pct < 50.1);
	n = top_model__node(m, 1);
	assert_int_equal(n->scanned[1], 0); /* went back: 0, not a wrap */
	assert_true(n->eff_pct < 0 && n->anon_pct < 0 && n->kswapd_pct < 0);
	assert_true(n->scanned_s == 0);
	assert_null(top_model__node(m, 2));
	top_view__init(&v);
	v.kind = TV_ZONE;
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	for (i = 0; i < top_screen__rows(s); i++) {
		const char *l = top_screen__line(s, i);

		assert_null(strstr(l, "nan"));
		assert_null(strstr(l, "inf"));
		if (!strncmp(l, "   0       200       150    75    25      50", 44))
			r0 = i;
		if (!strncmp(l, "   1         0         0     -     -       -", 44))
			r1 = i;
	}
	assert_true(screen_has_text(s, "EFF%"));
	assert_true(screen_has_text(s, "ANON%"));
	assert_true(screen_has_text(s, "KSWAPD%"));
	if (r0 < 0 || r1 != r0 + 1) {
		for (i = 0; i < top_screen__used(s); i++)
			print_message("%s\n", top_screen__line(s, i));
		fail_msg("node rows %d %d", r0, r1);
	}
	/* never given node counts: said so */
	top_model__begin(none, 1, 1000000000ull);
	top_model__finish(none);
	assert_int_equal(top_model__nnodes(none), -1);
	top_model__select(none, &v);
	top_screen__render(s, none, &v);
	assert_true(screen_has_text(s, "node scan counts n/a"));
	top_screen__free(s);
	top_model__free(none);
	top_model__free(m);
}

static void test_sort_filter(void **state)
{
	struct top_model *m = build();
	struct top_view v;

	(void)state;
	top_view__init(&v);
	top_model__select(m, &v); /* ms/s, highest first */
	assert_string_equal(top_model__sel(m, 0)->comm, "java");
	assert_string_equal(top_model__sel(m, 2)->comm, "cat");
	v.sort = TS_RATE;
	top_model__select(m, &v);
	assert_string_equal(top_model__sel(m, 0)->comm, "hog");
	v.reverse = true;
	top_model__select(m, &v);
	assert_string_equal(top_model__sel(m, 0)->comm, "cat");
	v.reverse = false;
	v.sort = TS_NAME; /* names A..Z */
	top_model__select(m, &v);
	assert_string_equal(top_model__sel(m, 0)->comm, "cat");
	assert_string_equal(top_model__sel(m, 2)->comm, "java");
	v.sort = TS_PID;
	top_model__select(m, &v);
	assert_int_equal(top_model__sel(m, 0)->tgid, 300);
	/* filters: comm substring, exact pid, cgroup substring */
	strcpy(v.filter, "og");
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 1);
	assert_string_equal(top_model__sel(m, 0)->comm, "hog");
	strcpy(v.filter, "200");
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 1);
	assert_int_equal(top_model__sel(m, 0)->tgid, 200);
	strcpy(v.filter, "20"); /* a pid matches whole, never in part */
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 0);
	strcpy(v.filter, "/batch");
	top_model__select(m, &v);
	assert_int_equal(top_model__nsel(m), 2);
	assert_null(top_model__sel(m, 2));
	top_model__free(m);
}

static void test_keys(void **state)
{
	struct top_view v;
	int i;

	(void)state;
	top_view__init(&v);
	assert_int_equal(v.kind, TV_PROC);
	assert_int_equal(top_view__key(&v, '>'), TK_REDRAW);
	assert_int_equal(v.sort, TS_MEAN);
	for (i = 0; i < TS_MAXKEY; i++)
		top_view__key(&v, '<');
	assert_int_equal(v.sort, TS_MEAN); /* wraps both ways */
	top_view__key(&v, 'r');
	assert_true(v.reverse);
	top_view__key(&v, 'c');
	assert_int_equal(v.kind, TV_CGROUP);
	top_view__key(&v, 'z');
	assert_int_equal(v.kind, TV_ZONE);
	top_view__key(&v, 'o');
	assert_int_equal(v.kind, TV_OOM);
	top_view__key(&v, 'o');
	assert_int_equal(v.kind, TV_PROC);
	top_view__key(&v, ' ');
	assert_true(v.paused);
	/* a filter: typed after '/', Backspace, Enter ends; 'q' is text then */
	top_view__key(&v, '/');
	assert_true(v.editing);
	top_view__key(&v, 'q');
	top_view__key(&v, 'x');
	top_view__key(&v, TOP_KEY_BACKSPACE);
	top_view__key(&v, 'w');
	top_view__key(&v, '\r');
	assert_false(v.editing);
	assert_string_equal(v.filter, "qw");
	top_view__key(&v, TOP_KEY_ESC);
	assert_string_equal(v.filter, "");
	/* help: any key leaves it; q still quits */
	top_view__key(&v, '?');
	assert_true(v.help);
	assert_int_equal(top_view__key(&v, 'c'), TK_REDRAW);
	assert_false(v.help);
	assert_int_equal(v.kind, TV_PROC);
	assert_int_equal(top_view__key(&v, 'Z'), TK_NONE);
	assert_int_equal(top_view__key(&v, 'q'), TK_QUIT);
}

static bool screen_has(const struct top_screen *s, const char *text)
{
	int r;

	for (r = 0; r < top_screen__rows(s); r++)
		if (strstr(top_screen__line(s, r), text))
			return true;
	return false;
}

static void check_bounds(const struct top_screen *s)
{
	int r;

	for (r = 0; r < top_screen__rows(s); r++)
		assert_int_equal(strlen(top_screen__line(s, r)), top_screen__cols(s));
	assert_null(top_screen__line(s, top_screen__rows(s)));
	assert_true(top_screen__used(s) <= top_screen__rows(s));
}

static void test_render_sizes(void **state)
{
	static const int sizes[][2] = { { 24, 80 }, { 40, 120 }, { 10, 40 }, { 1, 1 },
					{ 5, 200 }, { 60, 20 },	 { 3, 300 } };
	struct top_model *m = build();
	struct top_screen *s = top_screen__new(24, 80);
	enum top_view_kind k;
	struct top_view v;
	size_t i;

	(void)state;
	assert_non_null(s);
	top_view__init(&v);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(top_screen__resize(s, sizes[i][0], sizes[i][1]), 0);
		for (k = TV_PROC; k < TV_MAX; k++) {
			v.kind = k;
			v.help = false;
			top_model__select(m, &v);
			top_screen__render(s, m, &v);
			check_bounds(s);
			v.help = true;
			top_screen__render(s, m, &v);
			check_bounds(s);
		}
	}
	v.help = false;
	/* 120 x 40: header, the zones (Normal on node 0 is below low? no:
	 * node 1's Normal is below min in the fixture), the three processes */
	assert_int_equal(top_screen__resize(s, 40, 120), 0);
	v.kind = TV_PROC;
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "reclaimtop"));
	assert_true(screen_has(s, "allocstall 100"));
	assert_true(screen_has(s, "PSI memory avg10"));
	assert_true(screen_has(s, "N0 Normal"));
	assert_true(screen_has(s, "*MS/s"));
	assert_true(screen_has(s, " hog "));
	assert_true(screen_has(s, " java "));
	assert_true(screen_has(s, "/web/java"));
	v.kind = TV_CGROUP;
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "PROCS"));
	assert_false(screen_has(s, " hog "));
	v.kind = TV_ZONE;
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "MANAGED"));
	v.kind = TV_OOM;
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "no OOM kills"));
	v.help = true;
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "reverse the sort order"));
	/* 40 x 10: cut at the edge, never wrapped */
	v.help = false;
	v.kind = TV_PROC;
	assert_int_equal(top_screen__resize(s, 10, 40), 0);
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	check_bounds(s);
	assert_true(screen_has(s, "reclaimtop"));
	top_screen__free(s);
	top_model__free(m);
}

static void test_watermark_states(void **state)
{
	struct top_model *m = top_model__new();
	struct top_screen *s = top_screen__new(20, 120);
	struct top_sys sys;
	struct top_view v;
	int r, warn = 0, alarm = 0;

	(void)state;
	memset(&sys, 0, sizeof(sys));
	sys.zi.n = 3;
	sys.zi.z[0] = (struct pf_zone){ .node = 0,
					.name = "Normal",
					.free = 50,
					.min = 100,
					.low = 120,
					.high = 140,
					.managed = 1000 };
	sys.zi.z[1] = (struct pf_zone){ .node = 1,
					.name = "Normal",
					.free = 110,
					.min = 100,
					.low = 120,
					.high = 140,
					.managed = 1000 };
	sys.zi.z[2] = (struct pf_zone){ .node = 1, .name = "Movable", .managed = 0 };
	top_model__begin(m, 1, 1000000000ull);
	top_model__set_sys(m, &sys);
	top_model__finish(m);
	top_view__init(&v);
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	assert_true(screen_has(s, "BELOW MIN"));
	assert_true(screen_has(s, "below low"));
	assert_false(screen_has(s, "Movable")); /* empty zones are left out */
	for (r = 0; r < top_screen__rows(s); r++) {
		const unsigned char *a = top_screen__attrs(s, r);
		int c;

		for (c = 0; c < top_screen__cols(s); c++) {
			warn += a[c] == TA_WARN;
			alarm += a[c] == TA_ALARM;
		}
	}
	assert_true(warn > 0 && alarm > 0);
	/* idle: said so, header still there */
	assert_true(screen_has(s, "no memory stalls in the last"));
	assert_true(screen_has(s, "vmstat/s"));
	top_screen__free(s);
	top_model__free(m);
}

static void test_json_frame(void **state)
{
	struct top_model *m = build();
	struct json_object *o, *a, *x, *y;
	struct json_writer w;
	struct top_oom k = { .time = "12:00:00",
			     .trigger = "hog",
			     .tpid = 100,
			     .victim = "hog",
			     .vpid = 100,
			     .cgroup = "/batch",
			     .constraint = "memcg",
			     .anon_kb = 65408 };
	struct top_view v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	top_model__add_oom(m, &k);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	top_view__init(&v);
	strcpy(v.filter, "nothing matches this"); /* JSON frames hold every row */
	jw__init(&w, f);
	top_model__json(m, &v, &w);
	fclose(f);
	assert_int_equal(buf[len - 1], '\n');
	assert_true(strchr(buf, '\n') == buf + len - 1); /* one line per frame */
	o = json_tokener_parse(buf);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "type", &x));
	assert_string_equal(json_object_get_string(x), "top_frame");
	assert_true(json_object_object_get_ex(o, "processes", &a));
	assert_int_equal(json_object_array_length(a), 3);
	assert_true(json_object_object_get_ex(o, "cgroups", &a));
	assert_int_equal(json_object_array_length(a), 2);
	assert_true(json_object_object_get_ex(o, "zones", &a));
	assert_true(json_object_array_length(a) >= 3);
	assert_true(json_object_object_get_ex(o, "oom_kills", &a));
	assert_int_equal(json_object_array_length(a), 1);
	/* kswapd's passes: their own list, not in the stalls */
	assert_true(json_object_object_get_ex(o, "stalls", &x));
	assert_int_equal(json_object_get_int64(x), 1262);
	assert_true(json_object_object_get_ex(o, "kswapd", &a));
	assert_int_equal(json_object_array_length(a), 1);
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(x, "comm", &y));
	assert_string_equal(json_object_get_string(y), "kswapd0");
	assert_true(json_object_object_get_ex(x, "passes", &y));
	assert_int_equal(json_object_get_int64(y), 500);
	assert_true(json_object_object_get_ex(x, "efficiency_pct", &y));
	assert_true(json_object_get_double(y) > 79.9);
	/* nodes: efficiency, anon and kswapd share; null where nothing was scanned */
	assert_true(json_object_object_get_ex(o, "nodes", &a));
	assert_int_equal(json_object_array_length(a), 2);
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(x, "efficiency_pct", &y));
	assert_true(json_object_get_double(y) > 74.9 && json_object_get_double(y) < 75.1);
	assert_true(json_object_object_get_ex(x, "anon_pct", &y));
	assert_true(json_object_get_double(y) > 24.9 && json_object_get_double(y) < 25.1);
	assert_true(json_object_object_get_ex(x, "kswapd_pct", &y));
	assert_true(json_object_get_double(y) > 49.9 && json_object_get_double(y) < 50.1);
	assert_true(json_object_object_get_ex(x, "scanned_anon", &y));
	assert_int_equal(json_object_get_int64(y), 100);
	x = json_object_array_get_idx(a, 1);
	assert_true(json_object_object_get_ex(x, "efficiency_pct", &y));
	assert_true(json_object_is_type(y, json_type_null));
	assert_true(json_object_object_get_ex(x, "anon_pct", &y));
	assert_true(json_object_is_type(y, json_type_null));
	assert_true(json_object_object_get_ex(o, "tracer", &x));
	assert_true(json_object_object_get_ex(x, "runs_s", &x));
	assert_true(json_object_is_type(x, json_type_null));
	/* the view's own selection is restored */
	assert_int_equal(top_model__nsel(m), 0);
	json_object_put(o);
	free(buf);
	top_model__free(m);
}

static void test_oom_ring(void **state)
{
	struct top_model *m = top_model__new();
	struct top_oom k = {};
	int i;

	(void)state;
	for (i = 0; i < TOP_MAX_OOMS + 5; i++) {
		k.vpid = i;
		top_model__add_oom(m, &k);
	}
	assert_int_equal(top_model__noom(m), TOP_MAX_OOMS);
	assert_int_equal(top_model__oom(m, 0)->vpid, TOP_MAX_OOMS + 4); /* newest first */
	assert_int_equal(top_model__oom(m, TOP_MAX_OOMS - 1)->vpid, 5);
	assert_null(top_model__oom(m, TOP_MAX_OOMS));
	top_model__free(m);
}

/* kswapd/kcompactd found by name, their CPU time read from stat, a rate. */
static void test_kthreads(void **state)
{
	static const char *const dirs[] = { "/proc", "/proc/45", "/proc/46", "/proc/47" };
	static const char *const files[][2] = {
		{ "/proc/45/comm", "kswapd0\n" },
		{ "/proc/46/comm", "kswapd_not\n" },
		{ "/proc/47/comm", "kcompactd1\n" },
		{ "/proc/45/stat",
		  "45 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 100 50 0 0 20 0 1 0\n" },
		{ "/proc/47/stat",
		  "47 (kcompactd1) S 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0\n" },
	};
	char root[] = "/tmp/memstall-top-XXXXXX", path[512];
	struct top_model *m = top_model__new();
	struct top_kthreads kt;
	struct top_sys sys;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(root));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		ut_put(root, files[i][0], files[i][1]);
	assert_int_equal(top_sys__find_kthreads(root, &kt), 2);
	assert_int_equal(top_sys__read(root, &kt, &sys), 0);
	for (i = 0; i < 2; i++)
		if (kt.t[i].pid == 45)
			assert_int_equal(sys.kt_cpu_ns[i],
					 150 * (1000000000ull / sysconf(_SC_CLK_TCK)));
	top_model__begin(m, 1, sys.mono_ns);
	top_model__set_sys(m, &sys);
	sys.mono_ns += 1000000000ull;
	for (i = 0; i < 2; i++)
		sys.kt_cpu_ns[i] += 250000000ull; /* a quarter of a CPU */
	top_model__set_sys(m, &sys);
	assert_true(top_model__rates(m)->kt_cpu_pct[0] > 24.9);
	assert_true(top_model__rates(m)->kt_cpu_pct[1] < 25.1);
	top_model__free(m);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", root, files[i][0]);
		unlink(path);
	}
	for (i = sizeof(dirs) / sizeof(dirs[0]); i-- > 0;) {
		snprintf(path, sizeof(path), "%s%s", root, dirs[i]);
		rmdir(path);
	}
	rmdir(root);
}

#define TOP_ARGV(...) ((char *[]){ "top", __VA_ARGS__, NULL })
#define TOP_ARGC(...) ((int)(sizeof((char *[]){ "top", __VA_ARGS__ }) / sizeof(char *)))
#define TOP_PARSE(o, d, ...) cli__parse_top(TOP_ARGC(__VA_ARGS__), TOP_ARGV(__VA_ARGS__), o, d)

static void test_cli(void **state)
{
	struct top_opts o;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(TOP_PARSE(&o, &d, "-b", "-n", "3", "-i", "0.5", "--comm", "java"), 0);
	assert_true(o.batch);
	assert_int_equal(o.count, 3);
	assert_int_equal(o.interval_ns, 500000000ull);
	assert_string_equal(o.filter.comm, "java");
	assert_int_equal(TOP_PARSE(&o, &d, "--json", "-i", "2s", "--bpf-stats"), 0);
	assert_true(o.batch && o.c.json && o.bpf_stats);
	assert_int_equal(o.interval_ns, 2000000000ull);
	assert_int_equal(TOP_PARSE(&o, &d, "-v"), 0);
	assert_false(o.batch);
	assert_int_equal(o.interval_ns, 1000000000ull);
	assert_int_equal(TOP_PARSE(&o, &d, "-i", "0.01"), -EINVAL);
	assert_int_equal(d.code, MS_EXIT_USAGE);
	assert_int_equal(TOP_PARSE(&o, &d, "-i", "x"), -EINVAL);
	assert_int_equal(TOP_PARSE(&o, &d, "-n", "0"), -EINVAL);
	assert_int_equal(TOP_PARSE(&o, &d, "stray"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_kswapd_rows),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_sort_filter),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_render_sizes),
		cmocka_unit_test(test_watermark_states),
		cmocka_unit_test(test_json_frame),
		cmocka_unit_test(test_oom_ring),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_kthreads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
