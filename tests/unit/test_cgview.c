// SPDX-License-Identifier: GPL-2.0
/* hist --by pod/container/unit: rows of one pod merge, identity columns. */
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
#include "model/cgroup.h"
#include "model/cgview.h"
#include "model/export.h"
#include "model/hist.h"
#include "output/prom.h"

#define UA "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
#define UA_ "0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0"
#define UB "11111111-2222-3333-4444-555555555555"
#define C1 "7a1e4c0d5b2f3a6e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e"
#define C2 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static char dir[64], mountinfo[128];

static struct cgmap *fake_map(void)
{
	struct cgmap *cg;
	FILE *f;

	strcpy(dir, "/tmp/ms-cgview-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(mountinfo, sizeof(mountinfo), "%s/mountinfo", dir);
	f = fopen(mountinfo, "w");
	assert_non_null(f);
	fprintf(f, "31 22 0:27 / %s rw,nosuid - cgroup2 cgroup2 rw\n", dir);
	fclose(f);
	cg = cgmap__new(mountinfo);
	assert_int_equal(cgmap__version(cg), 2);
	/* pod A (systemd driver): two containers; pod B (cgroupfs); a service */
	cgmap__remember(cg, 1001,
			"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UA_
			".slice/cri-containerd-" C1 ".scope");
	cgmap__remember(cg, 1002,
			"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UA_
			".slice/cri-containerd-" C2 ".scope");
	cgmap__remember(cg, 1003, "/kubepods/besteffort/pod" UB "/" C2);
	cgmap__remember(cg, 1004, "/system.slice/nginx.service");
	return cg;
}

static void add(struct hist_model *h, uint64_t cgid, uint64_t count, uint64_t ns)
{
	struct ms_hkey k = { .kind = MS_KIND_MEMCG, .node = -1 };
	struct ms_hval v = { .count = count, .total_ns = ns, .max_ns = ns };

	k.cgroup = cgid;
	v.slots[ms_hist_slot(ns / (count ? count : 1))] = count;
	assert_int_equal(hist__add(h, &k, &v), 0);
}

static char *render_json(struct hist_model *h)
{
	struct ms_sink *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	s = sink__new_json(f);
	hist__render(h, s, 0);
	sink__flush(s);
	sink__free(s);
	fclose(f);
	return buf;
}

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *x;

	assert_true(json_object_object_get_ex(o, k, &x));
	return json_object_is_type(x, json_type_null) ? NULL : json_object_get_string(x);
}

static void test_by_pod(void **state)
{
	struct cgmap *cg = fake_map();
	struct event_ctx ctx = { .cg = cg };
	struct hist_model *h;
	struct json_object *o, *x;
	char *json, *line, *save = NULL;
	unsigned int by;
	int rows = 0, seen_a = 0, seen_none = 0;

	(void)state;
	assert_int_equal(cli__parse_by("pod,container,unit", &by), 0);
	assert_int_equal(by, HIST_BY_POD | HIST_BY_CONTAINER | HIST_BY_UNIT);
	assert_int_equal(cli__parse_by("pod", &by), 0);
	h = hist__new(by, &ctx);
	add(h, 1001, 10, 1000000);
	add(h, 1002, 5, 500000); /* same pod, other container: same row */
	add(h, 1003, 7, 700000);
	add(h, 1004, 1, 100000); /* no pod */
	add(h, 0, 1, 100000); /* no cgroup: the same "-" row */
	assert_int_equal(hist__nrows(h), 3);
	hist__rank(h);
	assert_string_equal(hist__group_ident(h, hist__row(h, 0)->key.cgroup)->pod_uid, UA);
	json = render_json(h);
	for (line = strtok_r(json, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *pod;

		o = json_tokener_parse(line);
		assert_non_null(o);
		assert_false(json_object_object_get_ex(o, "cgroup", &x)); /* pods, not cgroups */
		pod = jstr(o, "pod_uid");
		assert_true(json_object_object_get_ex(o, "count", &x));
		if (pod && !strcmp(pod, UA)) {
			seen_a++;
			assert_int_equal(json_object_get_int(x), 15);
			assert_string_equal(jstr(o, "qos"), "burstable");
		} else if (pod) {
			assert_string_equal(pod, UB);
			assert_string_equal(jstr(o, "qos"), "besteffort");
		} else {
			seen_none++;
			assert_int_equal(json_object_get_int(x), 2);
		}
		rows++;
		json_object_put(o);
	}
	assert_int_equal(rows, 3);
	assert_int_equal(seen_a, 1);
	assert_int_equal(seen_none, 1);
	free(json);
	hist__free(h);

	/* cgroup,container: each cgroup its row, with its container */
	assert_int_equal(cli__parse_by("cgroup,container", &by), 0);
	h = hist__new(by, &ctx);
	add(h, 1001, 10, 1000000);
	add(h, 1002, 5, 500000);
	assert_int_equal(hist__nrows(h), 2);
	assert_null(hist__group_ident(h, 1));
	hist__rank(h);
	json = render_json(h);
	o = json_tokener_parse(strtok_r(json, "\n", &save));
	assert_string_equal(jstr(o, "container_id"), C1);
	assert_string_equal(jstr(o, "runtime"), "containerd");
	assert_non_null(strstr(jstr(o, "cgroup"), "cri-containerd-" C1));
	json_object_put(o);
	free(json);
	hist__free(h);
	cgmap__free(cg);
	rmdir(dir);
	unlink(mountinfo);
}

static void test_json_cols(void **state)
{
	struct ms_col cols[CGV_MAX_COLS];
	struct ms_val v[CGV_MAX_COLS];
	struct cgv_buf b;
	int n;

	(void)state;
	n = cgview__cols(CGV_JSON, cols);
	assert_int_equal(n, 4);
	assert_string_equal(cols[0].key, "pod_uid");
	assert_string_equal(cols[2].key, "container_id");
	assert_string_equal(cols[3].key, "unit");
	cgid__parse("/system.slice/docker-" C1 ".scope", &b.id);
	assert_int_equal(cgview__vals(CGV_JSON, &b, v), 4);
	assert_true(v[0].null);
	assert_string_equal(v[2].s, C1);
	assert_string_equal(v[3].s, "docker-" C1 ".scope");
	n = cgview__cols(CGV_CONTAINER, cols);
	assert_int_equal(cgview__vals(CGV_CONTAINER, &b, v), n);
	assert_string_equal(v[0].s, "7a1e4c0d5b2f"); /* text: the short id */
}

/* export --by pod,container: the identity as labels; pod A's two
 * containers are two series, pod B's one, the service's "none". */
static void test_export_labels(void **state)
{
	struct cgmap *cg = fake_map();
	struct event_ctx ctx = { .cg = cg };
	unsigned int by = HIST_BY_POD | HIST_BY_CONTAINER;
	struct hist_model *h = hist__new(by, &ctx);
	struct export_model *e = export__new(by, 100, &ctx);
	struct prom *p = prom__new();
	const char *out;
	size_t len;

	(void)state;
	add(h, 1001, 3, 3000);
	add(h, 1002, 4, 4000);
	add(h, 1003, 5, 5000);
	add(h, 1004, 6, 6000);
	export__update(e, h);
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	assert_non_null(strstr(out, "memstall_stall_seconds_count{kind=\"memcg\",pod_uid=\"" UA
				    "\",qos=\"burstable\",container_id=\"7a1e4c0d5b2f\","
				    "runtime=\"containerd\"} 3\n"));
	assert_non_null(strstr(out, "memstall_stall_seconds_count{kind=\"memcg\",pod_uid=\"" UA
				    "\",qos=\"burstable\",container_id=\"aaaaaaaaaaaa\","
				    "runtime=\"containerd\"} 4\n"));
	assert_non_null(strstr(out, "memstall_stall_seconds_count{kind=\"memcg\",pod_uid=\"" UB
				    "\",qos=\"besteffort\",container_id=\"aaaaaaaaaaaa\","
				    "runtime=\"none\"} 5\n"));
	assert_non_null(strstr(out, "memstall_stall_seconds_count{kind=\"memcg\",pod_uid=\"none\","
				    "qos=\"none\",container_id=\"none\",runtime=\"none\"} 6\n"));
	assert_null(strstr(out, "cgroup="));
	assert_int_equal(export__nseries(e), 4);
	prom__free(p);
	export__free(e);
	hist__free(h);
	cgmap__free(cg);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_pod),
		cmocka_unit_test(test_json_cols),
		cmocka_unit_test(test_export_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
