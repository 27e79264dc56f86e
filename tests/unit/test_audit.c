// SPDX-License-Identifier: GPL-2.0
/* memstall doctor: the /proc parsers, the fragmentation formulas, and the
 * audit on a saved tree of a 2-node NUMA host with zone_reclaim_mode=1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "host/audit.h"
#include "model/frag.h"
#include "host/procfs.h"

#define NUMA_ROOT "tests/fixtures/roots/numa2-zrm1"

static void test_frag_formulas(void **state)
{
	/* seed 001, Node 0 Normal: 11218*4kB 32*8kB 17*16kB 11*32kB 4*64kB 1*128kB */
	const uint64_t nr[11] = { 11218, 32, 17, 11, 4, 1, 0, 0, 0, 0, 0 };
	const uint64_t none[11] = { 0 };
	const uint64_t big[3] = { 0, 0, 5 };
	struct frag_info fi;

	(void)state;
	frag__info(nr, 11, 6, &fi);
	assert_int_equal(fi.free_pages, 11534);
	assert_int_equal(fi.free_blocks_total, 11283);
	assert_int_equal(fi.free_blocks_suitable, 0);
	/* 1000 - (1000 + 11534 * 1000 / 64) / 11283 */
	assert_int_equal(frag__index(nr, 11, 6), 984);
	assert_int_equal(frag__index(nr, 11, 5), FRAG_SUCCEEDS);
	assert_int_equal(frag__index(nr, 11, 0), FRAG_SUCCEEDS);
	assert_int_equal(frag__index(none, 11, 3), 0);
	assert_int_equal(frag__unusable(nr, 11, 0), 0);
	assert_int_equal(frag__unusable(nr, 11, 1), 972);
	assert_int_equal(frag__unusable(nr, 11, 6), 1000);
	assert_int_equal(frag__unusable(none, 11, 0), 1000);
	assert_int_equal(frag__largest_order(nr, 11), 5);
	assert_int_equal(frag__largest_order(none, 11), -1);
	assert_int_equal(frag__index(big, 3, 1), FRAG_SUCCEEDS);
	assert_int_equal(frag__index(nr, 11, 99), 0);
	assert_int_equal(frag__unusable(nr, 11, -1), 1000);
}

static void test_parsers(void **state)
{
	static struct pf_zoneinfo zi;
	static struct pf_buddyinfo bi;
	struct pf_psi psi;
	char buf[128];
	uint64_t v;

	(void)state;
	assert_int_equal(procfs__parse_zoneinfo("Node 0, zone   Normal\n  pages free     12\n"
						"        boost    3\n        min      1\n"
						"        low      2\n        high     4\n"
						"        managed  99\n"
						"        protection: (0, 5, 7)\n"
						"              high:  378\n",
						&zi),
			 1);
	assert_int_equal(zi.z[0].node, 0);
	assert_string_equal(zi.z[0].name, "Normal");
	assert_int_equal(zi.z[0].free, 12);
	assert_int_equal(zi.z[0].boost, 3);
	assert_int_equal(zi.z[0].high, 4); /* not the pageset's "high:" */
	assert_int_equal(zi.z[0].managed, 99);
	assert_int_equal(zi.z[0].nprot, 3);
	assert_int_equal(zi.z[0].protection[2], 7);
	assert_int_equal(zi.z[0].spanned, -1);
	assert_int_equal(procfs__parse_buddyinfo("Node 1, zone    DMA32     1      2      3 \n"
						 "garbage\n",
						 &bi),
			 1);
	assert_int_equal(bi.b[0].node, 1);
	assert_string_equal(bi.b[0].zone, "DMA32");
	assert_int_equal(bi.b[0].norders, 3);
	assert_int_equal(bi.b[0].nr_free[2], 3);
	assert_int_equal(procfs__parse_psi("some avg10=1.50 avg60=0.25 avg300=0.00 total=77\n"
					   "full avg10=0.50 avg60=0.00 avg300=0.00 total=9\n",
					   &psi),
			 0);
	assert_true(psi.has_some && psi.has_full);
	assert_true(psi.some_avg10 > 1.49 && psi.some_avg10 < 1.51);
	assert_int_equal(psi.full_total_us, 9);
	assert_int_equal(procfs__parse_psi("nonsense", &psi), -22);
	assert_true(procfs__kv("MemTotal:  100 kB\nMemFree:  42 kB\n", "MemFree", &v));
	assert_int_equal(v, 42);
	assert_true(procfs__kv("Node 3 MemFree:  7 kB\n", "MemFree", &v));
	assert_int_equal(v, 7);
	assert_true(procfs__kv("allocstall_normal 5\nallocstall_movable 6\n", "allocstall_movable",
			       &v));
	assert_int_equal(v, 6);
	assert_false(procfs__kv("allocstall_normal 5\n", "allocstall", &v));
	assert_true(procfs__choice("always defer [madvise] never\n", buf, sizeof(buf)));
	assert_string_equal(buf, "madvise");
	assert_false(procfs__choice("madvise\n", buf, sizeof(buf)));
}

static const struct ms_finding *need(const struct ms_audit *a, const char *code, enum ms_sev sev)
{
	const struct ms_finding *f = findings__find(&a->findings, code);

	if (!f)
		fail_msg("no finding '%s'", code);
	assert_int_equal(f->sev, sev);
	return f;
}

static void test_audit_numa_fixture(void **state)
{
	struct ms_audit *a = audit__new(NUMA_ROOT);
	struct ms_diag d = {};
	const struct ms_finding *f;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	struct ms_sink *s;
	FILE *out;
	int rows = 0, findings = 0;

	(void)state;
	assert_int_equal(audit__run(a, 0, &d), 0);
	assert_int_equal(a->nnodes, 2);
	assert_int_equal(a->nodes[1].id, 1);
	assert_int_equal(a->nodes[1].free_kb, 51022344);
	assert_int_equal(audit__setting(a, "vm.zone_reclaim_mode")->num, 1);
	assert_string_equal(audit__setting(a, "thp.enabled")->value, "always");
	assert_string_equal(audit__setting(a, "thp.defrag")->value, "always");
	assert_int_equal(a->zi.n, 6);
	assert_int_equal(a->bi.n, 4);
	assert_true(a->has_psi);
	assert_int_equal(a->vm.allocstall, 88211 + 120445);
	assert_int_equal(a->vm.oom_kill, 3);
	assert_int_equal(a->cgroups_limited, 1);
	/* zone_reclaim_mode=1 on two nodes, one full and one free: critical */
	f = need(a, "zone_reclaim_mode", MS_SEV_CRIT);
	assert_non_null(strstr(f->subject, "2-node"));
	assert_non_null(strstr(f->evidence, "node 1 49826 MiB free"));
	assert_string_equal(f->knob, "vm.zone_reclaim_mode");
	f = need(a, "cgroup_near_limit", MS_SEV_WARN);
	assert_non_null(strstr(f->subject, "/kubepods/burstable/pod7c1e"));
	assert_non_null(strstr(f->evidence, "failcnt 5211"));
	assert_non_null(strstr(f->evidence, "OOM kills 2"));
	f = need(a, "fragmented", MS_SEV_WARN);
	assert_non_null(strstr(f->subject, "Node 0 Normal"));
	need(a, "thp_defrag", MS_SEV_WARN);
	need(a, "psi_memory", MS_SEV_WARN);
	need(a, "stall_counters", MS_SEV_WARN);
	need(a, "watermark_boost", MS_SEV_INFO);
	need(a, "watermark_scale_factor", MS_SEV_INFO);
	assert_null(findings__find(&a->findings, "zone_below_min"));
	assert_null(findings__find(&a->findings, "no_swap"));
	assert_int_equal(findings__worst(&a->findings), MS_SEV_CRIT);
	/* JSON: every line valid, typed */
	out = open_memstream(&buf, &len);
	s = sink__new_json(out);
	audit__emit(a, s, true);
	sink__free(s);
	fclose(out);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line), *t;

		if (!o)
			fail_msg("invalid JSON: %.200s", line);
		assert_true(json_object_object_get_ex(o, "type", &t));
		if (!strcmp(json_object_get_string(t), "finding"))
			findings++;
		json_object_put(o);
		rows++;
	}
	assert_int_equal(findings, a->findings.n);
	assert_true(rows > findings + 16);
	free(buf);
	audit__free(a);
}

static void test_audit_bad_root(void **state)
{
	struct ms_audit *a = audit__new("/nonexistent/memstall-root");
	struct ms_diag d = {};
	int err;

	(void)state;
	err = audit__run(a, 0, &d);
	assert_int_equal(err, -2);
	assert_int_equal(diag__exit_code(&d, err), MS_EXIT_INPUT);
	assert_non_null(strstr(d.msg, "--root"));
	audit__free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frag_formulas),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_audit_numa_fixture),
		cmocka_unit_test(test_audit_bad_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
