// SPDX-License-Identifier: GPL-2.0
/* top's cgroups view: the CTR/POD column and the cgroup's memory state
 * (from a fake v2 hierarchy), rates of memory.events, the JSON fields. */
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
#include "model/cgroup.h"
#include "output/json.h"
#include "top/top_json.h"
#include "top/top_model.h"
#include "top/top_screen.h"

#define CID "7a1e4c0d5b2f3a6e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e"
#define CTR "/system.slice/docker-" CID ".scope"

static char dir[64];

static void put(const char *file, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/system.slice/docker-" CID ".scope/%s", dir, file);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_cgroups_view(void **state)
{
	struct top_model *m = top_model__new();
	struct top_cgroups *tc = top_cgroups__new();
	struct top_screen *s = top_screen__new(24, 200);
	struct hist_row r;
	struct top_row *row;
	struct top_view v;
	struct json_object *o, *a, *x, *y;
	struct json_writer w;
	char mi[128], p[256], *buf = NULL;
	size_t len = 0;
	struct cgmap *cg;
	uint64_t id;
	FILE *f;
	int i, found = 0;

	(void)state;
	strcpy(dir, "/tmp/ms-topcg-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(mi, sizeof(mi), "%s/mountinfo", dir);
	f = fopen(mi, "w");
	fprintf(f, "31 22 0:27 / %s rw - cgroup2 cgroup2 rw\n", dir);
	fclose(f);
	snprintf(p, sizeof(p), "%s/system.slice", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s" CTR, dir);
	mkdir(p, 0755);
	put("memory.current", "65011712\n");
	put("memory.max", "67108864\n");
	put("memory.high", "max\n");
	put("memory.events", "low 0\nhigh 0\nmax 10\noom 0\noom_kill 0\noom_group_kill 0\n");
	cg = cgmap__new(mi);
	assert_int_equal(cgmap__resolve(cg, CTR, &id, p, sizeof(p)), 0);

	memset(&r, 0, sizeof(r));
	r.key.kind = MS_KIND_MEMCG;
	r.key.tgid = 42;
	strcpy(r.key.comm, "pg");
	r.key.cgroup = id;
	r.count = 10;
	r.total_ns = 10000000;
	r.max_ns = 2000000;
	r.slots[ms_hist_slot(1000000)] = 10;
	top_model__begin(m, 1.0, 1000000000ull);
	assert_int_equal(top_model__add(m, &r, CTR), 0);
	row = top_model__row(m, TV_CGROUP, 0);
	assert_non_null(row);
	assert_null(top_model__row(m, TV_CGROUP, 1));
	top_cgroups__fill(tc, cg, id, 1000000000ull, &row->x);
	assert_true(row->x.ev_rate[CGM_MAX] < 0); /* first reading: no rate */
	/* one second later, 20 more max events */
	put("memory.events", "low 0\nhigh 0\nmax 30\noom 0\noom_kill 0\noom_group_kill 0\n");
	top_cgroups__fill(tc, cg, id, 2000000000ull, &row->x);
	assert_true(row->x.ev_rate[CGM_MAX] > 19.9 && row->x.ev_rate[CGM_MAX] < 20.1);
	assert_string_equal(row->x.label, "ctr 7a1e4c0d5b2f");
	top_model__finish(m);

	top_view__init(&v);
	v.kind = TV_CGROUP;
	top_model__select(m, &v);
	top_screen__render(s, m, &v);
	for (i = 0; i < top_screen__rows(s); i++) {
		const char *l = top_screen__line(s, i);

		if (strstr(l, "CTR/POD"))
			assert_non_null(strstr(l, "MAX(M)"));
		if (strstr(l, "ctr 7a1e4c0d5b2f")) {
			found++;
			assert_non_null(strstr(l, " 62 ")); /* MiB used */
			assert_non_null(strstr(l, " 64 ")); /* memory.max */
		}
	}
	assert_int_equal(found, 1);

	f = open_memstream(&buf, &len);
	jw__init(&w, f);
	top_model__json(m, &v, &w);
	fclose(f);
	o = json_tokener_parse(buf);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "cgroups", &a));
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(x, "container_id", &y));
	assert_string_equal(json_object_get_string(y), CID);
	assert_true(json_object_object_get_ex(x, "pod_uid", &y));
	assert_true(json_object_is_type(y, json_type_null));
	assert_true(json_object_object_get_ex(x, "memory", &y));
	assert_true(json_object_object_get_ex(y, "max", &x));
	assert_int_equal(json_object_get_int64(x), 67108864);
	assert_true(json_object_object_get_ex(y, "high", &x));
	assert_true(json_object_is_type(x, json_type_null)); /* "max": no limit */
	json_object_put(o);
	free(buf);

	top_screen__free(s);
	top_cgroups__free(tc);
	top_model__free(m);
	cgmap__free(cg);
	snprintf(p, sizeof(p), "rm -rf %s", dir);
	assert_int_equal(system(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroups_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
