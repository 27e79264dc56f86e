// SPDX-License-Identifier: GPL-2.0
/* shrink_node passes and the seed-004 finding: rows, balance, evidence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "model/pass.h"
#include "output/sink.h"

static void kswapd_pass(struct ms_event *e)
{
	memset(e, 0, sizeof(*e));
	e->type = MS_EV_PASS;
	e->ts_ns = 2000000000ull;
	e->lat_ns = 1500000; /* 1.5 ms */
	e->pid = e->tid = 45;
	strcpy(e->comm, "kswapd0");
	e->pass.nid = 0;
	e->pass.prio = 10;
	e->pass.stall_kind = -1;
	e->pass.reclaim_idx = -1;
	e->pass.flags = MS_PF_KSWAPD;
	e->pass.scanned[0] = 300;
	e->pass.scanned[1] = 100;
	e->pass.reclaimed[0] = 100;
	e->pass.reclaimed[1] = 100;
}

static struct json_object *render_json(const struct ms_schema *sc, const struct ms_val *v)
{
	struct json_object *o;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s = sink__new_json(f);

	sink__row(s, sc, v);
	sink__free(s);
	fclose(f);
	o = json_tokener_parse(buf);
	free(buf);
	return o;
}

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, k, &v));
	return json_object_get_string(v);
}

static void test_balance(void **state)
{
	double pct = -1;

	(void)state;
	assert_string_equal(pass__balance_name(5, 0), "anon");
	assert_string_equal(pass__balance_name(0, 5), "file");
	assert_string_equal(pass__balance_name(5, 5), "anon+file");
	assert_string_equal(pass__balance_name(0, 0), "none");
	assert_false(pass__efficiency(0, 0, &pct)); /* nothing scanned: no ratio */
	assert_true(pass__efficiency(400, 200, &pct));
	assert_true(pct > 49.99 && pct < 50.01);
}

static void test_pass_row(void **state)
{
	struct event_ctx ctx = { 0 };
	struct json_object *o, *v;
	struct pass_row row;
	struct ms_event e;

	(void)state;
	kswapd_pass(&e);
	pass__row(&ctx, &e, &row);
	o = render_json(pass__schema(), row.v);
	assert_non_null(o);
	assert_string_equal(jstr(o, "type"), "pass");
	assert_string_equal(jstr(o, "in"), "kswapd");
	assert_string_equal(jstr(o, "balance"), "anon+file");
	assert_string_equal(jstr(o, "observed"), "derived");
	assert_string_equal(jstr(o, "efficiency_pct"), "50.0");
	/* derived passes do not know what shrink_node was asked for */
	assert_true(json_object_object_get_ex(o, "nr_to_reclaim", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "scan_targets", &v));
	assert_null(v);
	json_object_put(o);

	/* observed, with get_scan_count's targets: balance from the targets */
	e.pass.flags = MS_PF_OBSERVED | MS_PF_TARGETS;
	e.pass.stall_kind = MS_KIND_DIRECT;
	e.pass.targets[2] = 32; /* inactive file only */
	e.pass.nr_to_reclaim = 32;
	pass__row(&ctx, &e, &row);
	o = render_json(pass__schema(), row.v);
	assert_string_equal(jstr(o, "in"), "direct");
	assert_string_equal(jstr(o, "balance"), "file");
	assert_string_equal(jstr(o, "observed"), "probe");
	assert_string_equal(jstr(o, "nr_to_reclaim"), "32");
	assert_true(json_object_object_get_ex(o, "scan_targets", &v));
	assert_int_equal(json_object_array_length(v), 4);
	json_object_put(o);
}

static void test_finding(void **state)
{
	struct event_ctx ctx = { 0 };
	struct swappiness0_row row;
	struct json_object *o;
	struct ms_event e;

	(void)state;
	kswapd_pass(&e);
	/* swappiness above 0, or unknown: anon scanning is expected */
	assert_false(pass__swappiness0(&ctx, &e, 60, &row));
	assert_false(pass__swappiness0(&ctx, &e, -1, &row));
	/* no anon scanned: nothing to say */
	e.pass.scanned[0] = 0;
	assert_false(pass__swappiness0(&ctx, &e, 0, &row));
	e.pass.scanned[0] = 300;

	/* file + free below the high watermarks: file_is_tiny explains it */
	e.pass.flags |= MS_PF_EVIDENCE;
	e.pass.ev = (struct ms_node_ev){
		.free = 1000, .file = 500, .high = 2000, .inactive_anon = 9000, .nid = 0, .prio = 10
	};
	assert_true(pass__swappiness0(&ctx, &e, 0, &row));
	assert_non_null(strstr(row.message, "1000 = 1500 <= high watermarks 2000"));
	assert_non_null(strstr(row.message, "file_is_tiny"));
	o = render_json(pass__swappiness0_schema(), row.v);
	assert_string_equal(jstr(o, "type"), "swappiness_finding");
	assert_string_equal(jstr(o, "finding"), "swappiness0_anon_scan");
	assert_string_equal(jstr(o, "file_is_tiny"), "true");
	assert_string_equal(jstr(o, "high_wmark_pages"), "2000");
	assert_string_equal(jstr(o, "kind"), "kswapd");
	json_object_put(o);

	/* above the watermarks: flagged, with the other explanations */
	e.pass.ev.file = 5000;
	assert_true(pass__swappiness0(&ctx, &e, 0, &row));
	assert_non_null(strstr(row.message, "> high watermarks"));
	assert_non_null(strstr(row.message, "memory.swappiness"));

	/* a stall with anon scanned but no evidence captured */
	memset(&e, 0, sizeof(e));
	e.type = MS_EV_STALL;
	e.stall.f.kind = MS_KIND_DIRECT;
	e.stall.f.scanned[0] = 7;
	assert_true(pass__swappiness0(&ctx, &e, 0, &row));
	assert_non_null(strstr(row.message, "not captured"));
	o = render_json(pass__swappiness0_schema(), row.v);
	assert_string_equal(jstr(o, "kind"), "direct");
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balance),
		cmocka_unit_test(test_pass_row),
		cmocka_unit_test(test_finding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
