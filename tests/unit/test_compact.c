// SPDX-License-Identifier: GPL-2.0
/* The compaction model: zone-run rows (fragmentation index, watermarks,
 * free blocks, source) and direct compaction episodes (exact or derived end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "kernel/kfeatures.h"
#include "model/compact.h"
#include "model/gfp.h"
#include "output/sink.h"

#define GFP_KERNEL_63 0xcc0ull
#define GFP_COMP_63 0x40000ull

struct fixture {
	struct gfp_table *gfp;
	struct ms_features feat; /* the enum names BTF would give */
	struct event_ctx ctx;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->gfp = gfp_table__new_static("6.3");
	strcpy(f->feat.compact_results[1], "skipped");
	strcpy(f->feat.compact_results[2], "deferred");
	strcpy(f->feat.compact_results[4], "complete");
	strcpy(f->feat.migrate_modes[0], "async");
	strcpy(f->feat.migrate_modes[1], "sync_light");
	f->ctx.gfp = f->gfp;
	f->ctx.feat = &f->feat;
	*state = f;
	return f->gfp ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	gfp_table__free(f->gfp);
	free(f);
	return 0;
}

/* A direct zone run in Normal of node 0 at order 3: free blocks 10, 5, 2 of
 * orders 0..2, nothing larger. */
static void zone_run(struct ms_event *e, int order)
{
	static const unsigned int nr_free[4] = { 10, 5, 2, 0 };

	memset(e, 0, sizeof(*e));
	e->type = MS_EV_COMPACT_ZONE;
	e->pid = 500;
	e->tid = 501;
	e->ts_ns = 3000000000ull;
	e->lat_ns = 2500000; /* 2.5 ms */
	strcpy(e->comm, "thp-user");
	e->cz.src = MS_CSRC_DIRECT;
	e->cz.order = order;
	e->cz.node = 0;
	e->cz.prio = 1;
	e->cz.episode = 7;
	e->cz.gfp = GFP_KERNEL_63 | GFP_COMP_63;
	e->cz.free = 1000;
	e->cz.wmark[0] = 100;
	e->cz.wmark[1] = 125;
	e->cz.wmark[2] = 150;
	e->cz.boost = 16;
	e->cz.norders = MS_FREE_ORDERS;
	memcpy(e->cz.nr_free, nr_free, sizeof(nr_free));
	e->cz.mode = 1;
	e->cz.status = 1;
	strcpy(e->cz.zone, "Normal");
}

static char *render(const struct ms_schema *sc, const struct ms_val *v, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s;

	assert_non_null(f);
	s = json ? sink__new_json(f) : sink__new_text(f, true);
	assert_non_null(s);
	sink__header(s, sc);
	sink__row(s, sc, v);
	sink__free(s);
	fclose(f);
	return buf;
}

static struct json_object *render_json(const struct ms_schema *sc, const struct ms_val *v)
{
	char *buf = render(sc, v, true);
	struct json_object *o = json_tokener_parse(buf);

	free(buf);
	assert_non_null(o);
	return o;
}

static struct json_object *jget(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v)) {
		print_error("no key %s\n", k);
		fail();
	}
	return v;
}

static int64_t jint(struct json_object *o, const char *k)
{
	return json_object_get_int64(jget(o, k));
}

static double jdbl(struct json_object *o, const char *k)
{
	return json_object_get_double(jget(o, k));
}

static bool has_str(struct json_object *a, const char *s)
{
	size_t i;

	for (i = 0; i < json_object_array_length(a); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(a, i)), s))
			return true;
	return false;
}

static void test_zone_run(void **state)
{
	struct fixture *f = *state;
	struct compact_row r;
	struct json_object *o, *a;
	struct ms_event e;
	char *t;
	int i;

	zone_run(&e, 3);
	compact__row(&f->ctx, &e, &r);
	o = render_json(compact__schema(), r.v);
	assert_string_equal(json_object_get_string(jget(o, "type")), "compact");
	assert_string_equal(json_object_get_string(jget(o, "comm")), "thp-user");
	assert_int_equal(jint(o, "pid"), 500);
	assert_int_equal(jint(o, "tid"), 501);
	assert_string_equal(json_object_get_string(jget(o, "source")), "direct");
	assert_int_equal(jint(o, "node"), 0);
	assert_string_equal(json_object_get_string(jget(o, "zone")), "Normal");
	assert_int_equal(jint(o, "order"), 3);
	assert_int_equal(jint(o, "gfp"), GFP_KERNEL_63 | GFP_COMP_63);
	a = jget(o, "gfp_flags");
	assert_true(has_str(a, "GFP_KERNEL"));
	assert_true(has_str(a, "__GFP_COMP"));
	assert_string_equal(json_object_get_string(jget(o, "mode")), "sync_light");
	/* 28 free pages in 17 blocks, none of order 3: 1000 - (1000 + 28000/8)/17
	 * = 736 -> 0.736; every free page unusable at order 3 */
	assert_true(jdbl(o, "fragindex") == 0.736);
	assert_true(jdbl(o, "unusable_index") == 1.0);
	assert_int_equal(jint(o, "largest_free_order"), 2);
	assert_int_equal(jint(o, "free_pages"), 1000);
	assert_int_equal(jint(o, "wmark_min"), 100);
	assert_int_equal(jint(o, "wmark_low"), 125);
	assert_int_equal(jint(o, "wmark_high"), 150);
	assert_int_equal(jint(o, "wmark_boost"), 16);
	a = jget(o, "free_blocks");
	assert_int_equal(json_object_array_length(a), MS_FREE_ORDERS);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(a, 0)), 10);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(a, 1)), 5);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(a, 2)), 2);
	for (i = 3; i < MS_FREE_ORDERS; i++)
		assert_int_equal(json_object_get_int(json_object_array_get_idx(a, i)), 0);
	assert_int_equal(jint(o, "priority"), 1);
	assert_int_equal(jint(o, "episode"), 7);
	assert_false(json_object_get_boolean(jget(o, "whole_zone")));
	assert_true(jdbl(o, "lat_ms") == 2.5);
	assert_string_equal(json_object_get_string(jget(o, "result")), "skipped");
	assert_int_equal(jint(o, "result_code"), 1);
	json_object_put(o);
	t = render(compact__schema(), r.v, false);
	assert_non_null(strstr(t, "FREE/MIN/LOW/HIGH"));
	assert_non_null(strstr(t, "1000/100/125/150"));
	assert_non_null(strstr(t, "10,5,2,0,0,0,0,0,0,0,0"));
	assert_non_null(strstr(t, "skipped"));
	free(t);
}

/* At order 1 a block is free: the index says the allocation succeeds
 * (FRAG_SUCCEEDS, -1.000); 10 of 28 free pages are order-0 only. */
static void test_fragindex_succeeds(void **state)
{
	struct fixture *f = *state;
	struct compact_row r;
	struct ms_event e;

	zone_run(&e, 1);
	compact__row(&f->ctx, &e, &r);
	assert_false(r.v[CC_FRAGIDX].null);
	assert_true(r.v[CC_FRAGIDX].f == -1.0);
	assert_true(r.v[CC_UNUSABLE].f == 0.357);
	/* no free block at all: index 0, everything unusable */
	memset(e.cz.nr_free, 0, sizeof(e.cz.nr_free));
	compact__row(&f->ctx, &e, &r);
	assert_true(r.v[CC_FRAGIDX].f == 0.0);
	assert_true(r.v[CC_UNUSABLE].f == 1.0);
	assert_int_equal(r.v[CC_LARGEST].i, -1);
}

/* A manual whole-zone run: no order, so no index; no priority, no episode;
 * a result this kernel has no name for is its number. */
static void test_whole_zone(void **state)
{
	struct fixture *f = *state;
	struct compact_row r;
	struct json_object *o;
	struct ms_event e;

	zone_run(&e, -1);
	e.cz.src = MS_CSRC_MANUAL;
	e.cz.prio = -1;
	e.cz.episode = 0;
	e.cz.whole_zone = 1;
	e.cz.mode = 3; /* no name */
	e.cz.status = 9;
	compact__row(&f->ctx, &e, &r);
	o = render_json(compact__schema(), r.v);
	assert_string_equal(json_object_get_string(jget(o, "source")), "manual");
	assert_null(jget(o, "fragindex"));
	assert_null(jget(o, "unusable_index"));
	assert_null(jget(o, "priority"));
	assert_null(jget(o, "episode"));
	assert_int_equal(jint(o, "order"), -1);
	assert_true(json_object_get_boolean(jget(o, "whole_zone")));
	assert_string_equal(json_object_get_string(jget(o, "mode")), "?");
	assert_string_equal(json_object_get_string(jget(o, "result")), "9");
	assert_int_equal(jint(o, "result_code"), 9);
	json_object_put(o);
	/* kcompactd's runs have no episode either */
	e.cz.src = MS_CSRC_KCOMPACTD;
	compact__row(&f->ctx, &e, &r);
	assert_true(r.v[CC_EPISODE].null);
	assert_string_equal(r.v[CC_SRC].s, "kcompactd");
}

static void episode(struct ms_event *e, unsigned int exact)
{
	memset(e, 0, sizeof(*e));
	e->type = MS_EV_COMPACT_EPISODE;
	e->pid = e->tid = 600;
	e->ts_ns = 4000000000ull;
	e->lat_ns = 6000000; /* 6 ms */
	strcpy(e->comm, "alloc");
	e->ce.gfp = GFP_KERNEL_63 | GFP_COMP_63;
	e->ce.id = 42;
	e->ce.zone_ns = 4500000;
	e->ce.order = 9;
	e->ce.prio = 2;
	e->ce.result = exact ? 4 : 2;
	e->ce.exact = exact;
	e->ce.nzones = 2;
	e->ce.ndeferred = 1;
	e->ce.nskipped = 3;
}

/* An episode's end seen by fexit/kretprobe (exact) or derived from its last
 * zone run: the row says which. */
static void test_episode(void **state)
{
	struct fixture *f = *state;
	struct episode_row r;
	struct json_object *o;
	struct ms_event e;
	char *t;

	episode(&e, 1);
	compact__episode_row(&f->ctx, &e, &r);
	o = render_json(compact__episode_schema(), r.v);
	assert_string_equal(json_object_get_string(jget(o, "type")), "compact_episode");
	assert_string_equal(json_object_get_string(jget(o, "comm")), "alloc");
	assert_int_equal(jint(o, "order"), 9);
	assert_int_equal(jint(o, "priority"), 2);
	assert_int_equal(jint(o, "zones_compacted"), 2);
	assert_int_equal(jint(o, "zones_deferred"), 1);
	assert_int_equal(jint(o, "zones_skipped"), 3);
	assert_true(jdbl(o, "zone_ms") == 4.5);
	assert_true(jdbl(o, "lat_ms") == 6.0);
	assert_true(json_object_get_boolean(jget(o, "exact")));
	assert_string_equal(json_object_get_string(jget(o, "result")), "complete");
	assert_int_equal(jint(o, "result_code"), 4);
	assert_int_equal(jint(o, "episode"), 42);
	assert_true(has_str(jget(o, "gfp_flags"), "__GFP_COMP"));
	json_object_put(o);
	t = render(compact__episode_schema(), r.v, false);
	assert_non_null(strstr(t, "EXACT"));
	assert_non_null(strstr(t, " yes "));
	free(t);

	episode(&e, 0);
	compact__episode_row(&f->ctx, &e, &r);
	o = render_json(compact__episode_schema(), r.v);
	assert_false(json_object_get_boolean(jget(o, "exact")));
	assert_string_equal(json_object_get_string(jget(o, "result")), "deferred");
	json_object_put(o);
	t = render(compact__episode_schema(), r.v, false);
	assert_non_null(strstr(t, " no "));
	assert_null(strstr(t, " yes "));
	free(t);
}

static void test_names(void **state)
{
	struct fixture *f = *state;
	struct event_ctx bare = { 0 };
	char buf[24];

	assert_string_equal(compact__src_name(MS_CSRC_DIRECT), "direct");
	assert_string_equal(compact__src_name(MS_CSRC_KCOMPACTD), "kcompactd");
	assert_string_equal(compact__src_name(MS_CSRC_PROACTIVE), "proactive");
	assert_string_equal(compact__src_name(MS_CSRC_MANUAL), "manual");
	assert_string_equal(compact__src_name(99), "?");
	assert_string_equal(compact__result_name(&f->ctx, 1, buf, sizeof(buf)), "skipped");
	assert_string_equal(compact__result_name(&f->ctx, 3, buf, sizeof(buf)), "3");
	assert_string_equal(compact__result_name(&f->ctx, -1, buf, sizeof(buf)), "-1");
	assert_string_equal(compact__result_name(&bare, 1, buf, sizeof(buf)), "1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_run),   cmocka_unit_test(test_fragindex_succeeds),
		cmocka_unit_test(test_whole_zone), cmocka_unit_test(test_episode),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
