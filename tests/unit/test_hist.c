// SPDX-License-Identifier: GPL-2.0
/* Histogram bucket math, percentile estimates on known distributions, keys,
 * GFP classes, the lru key and kswapd's rows, and the cross-check's
 * verdicts. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "model/gfp.h"
#include "model/hist.h"
#include "model/xcheck.h"

static void test_slots(void **state)
{
	uint64_t v;
	unsigned int s, prev = 0;

	(void)state;
	/* every value falls in [lo(slot), lo(slot + 1)), slots never go down */
	for (v = 0; v < (1ull << 40); v = v < 64 ? v + 1 : v + v / 7 + 1) {
		s = ms_hist_slot(v);
		assert_true(s >= prev);
		prev = s;
		assert_true(hist__slot_lo(s) <= v);
		if (s + 1 < MS_HIST_SLOTS)
			assert_true(v < hist__slot_lo(s + 1));
	}
	/* exact for 0..7, then 4 slots per power of two, each <= 25% wide */
	for (v = 0; v < 8; v++)
		assert_int_equal(hist__slot_lo(ms_hist_slot(v)), v);
	for (s = 4; s + 1 < MS_HIST_SLOTS; s++) {
		double lo = hist__slot_lo(s), hi = hist__slot_lo(s + 1);

		assert_true((hi - lo) / lo <= 0.25 + 1e-9);
		assert_true(hist__slot_mid(s) > lo && hist__slot_mid(s) < hi);
	}
	assert_int_equal(ms_hist_slot(~0ull), MS_HIST_SLOTS - 1);
	assert_int_equal(ms_log2(1), 0);
	assert_int_equal(ms_log2(1ull << 40), 40);
	assert_int_equal(ms_log2((1ull << 41) - 1), 40);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Quantiles of n samples from gen() through the histogram vs the truth. */
static void check_dist(const char *name, uint64_t (*gen)(unsigned int *seed))
{
	enum { N = 20000 };
	static uint64_t samples[N];
	uint64_t slots[MS_HIST_SLOTS] = { 0 };
	static const double qs[] = { 0.5, 0.9, 0.99 };
	unsigned int seed = 12345, i;

	for (i = 0; i < N; i++) {
		samples[i] = gen(&seed);
		slots[ms_hist_slot(samples[i])]++;
	}
	qsort(samples, N, sizeof(samples[0]), cmp_u64);
	for (i = 0; i < 3; i++) {
		double truth = samples[(size_t)(qs[i] * N + 0.999999) - 1];
		double est = hist__quantile(slots, N, qs[i]);

		if (fabs(est - truth) > 0.15 * truth)
			fail_msg("%s p%.0f: estimate %.0f ns, true %.0f ns (>15%% off)", name,
				 qs[i] * 100, est, truth);
	}
}

static double unif(unsigned int *seed)
{
	return (rand_r(seed) + 1.0) / ((double)RAND_MAX + 2.0);
}

static uint64_t gen_uniform(unsigned int *seed)
{
	return 1000 + (uint64_t)(unif(seed) * 999000); /* 1 us .. 1 ms */
}

static uint64_t gen_exp(unsigned int *seed)
{
	return 1 + (uint64_t)(-log(unif(seed)) * 50000); /* mean 50 us */
}

static uint64_t gen_lognormal(unsigned int *seed)
{
	double z = sqrt(-2 * log(unif(seed))) * cos(2 * M_PI * unif(seed));

	return (uint64_t)exp(log(200000.0) + 1.5 * z); /* median 200 us, heavy tail */
}

static uint64_t gen_bimodal(unsigned int *seed)
{
	/* fast page-cache reclaim and rare 15 ms stalls (seed 001's shape) */
	return unif(seed) < 0.95 ? 3000 + (uint64_t)(unif(seed) * 2000)
				 : 15000000 + (uint64_t)(unif(seed) * 5000000);
}

static void test_quantiles(void **state)
{
	uint64_t slots[MS_HIST_SLOTS] = { 0 };

	(void)state;
	check_dist("uniform", gen_uniform);
	check_dist("exponential", gen_exp);
	check_dist("lognormal", gen_lognormal);
	check_dist("bimodal", gen_bimodal);
	assert_true(hist__quantile(slots, 0, 0.5) == 0);
	slots[ms_hist_slot(3)] = 1;
	assert_true(hist__quantile(slots, 1, 0.99) == 3);
}

static void test_keys(void **state)
{
	struct gfp_table *t = gfp_table__new_static("6.3");

	(void)state;
	/* parsing --by: test_cli.c (cli__parse_by) */
	assert_string_equal(hist__gfp_class(t, 0xcc0), "kernel");
	assert_string_equal(hist__gfp_class(t, 0x100cca), "user");
	assert_string_equal(hist__gfp_class(t, 0x1c24ca), "thp"); /* GFP_TRANSHUGE */
	assert_string_equal(hist__gfp_class(t, 0x820), "atomic");
	assert_string_equal(hist__gfp_class(t, 0xc40), "nofs");
	assert_string_equal(hist__gfp_class(t, 0xc00), "noio");
	assert_string_equal(hist__gfp_class(t, 0x112c4a), "nofs"); /* page cache readahead */
	gfp_table__free(t);
}

static void test_lru_names(void **state)
{
	(void)state;
	assert_string_equal(hist__lru_name(MS_LRU_NONE), "none");
	assert_string_equal(hist__lru_name(MS_LRU_ANON), "anon");
	assert_string_equal(hist__lru_name(MS_LRU_FILE), "file");
	assert_string_equal(hist__lru_name(MS_LRU_BOTH), "anon+file");
	assert_null(hist__lru_name(4));
	/* the class BPF files a stall under */
	assert_int_equal(ms_lru_class(0, 0), MS_LRU_NONE);
	assert_int_equal(ms_lru_class(5, 0), MS_LRU_ANON);
	assert_int_equal(ms_lru_class(0, 5), MS_LRU_FILE);
	assert_int_equal(ms_lru_class(1, 1), MS_LRU_BOTH);
	assert_true(event__is_stall(MS_KIND_DIRECT));
	assert_true(event__is_stall(MS_KIND_COMPACT));
	assert_false(event__is_stall(MS_KIND_KSWAPD));
	assert_false(event__is_stall(MS_KIND_MAX));
}

static void add_key(struct hist_model *h, unsigned int kind, const char *comm, int node,
		    unsigned int lru, uint64_t count, uint64_t each_ns, uint64_t scanned)
{
	struct ms_hkey k;
	struct ms_hval v;

	memset(&k, 0, sizeof(k));
	memset(&v, 0, sizeof(v));
	k.kind = kind;
	k.node = node;
	k.lru = lru;
	k.gfp = kind == MS_KIND_KSWAPD ? 0 : 0xcc0;
	strncpy(k.comm, comm, MS_COMM_LEN - 1);
	v.count = count;
	v.total_ns = count * each_ns;
	v.max_ns = each_ns;
	v.scanned = scanned;
	v.reclaimed = scanned / 2;
	v.slots[ms_hist_slot(each_ns)] = count;
	assert_int_equal(hist__add(h, &k, &v), 0);
}

/* Render a model to a string through a sink (text or JSON). */
static char *render(struct hist_model *h, bool json, int top)
{
	struct ms_sink *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	s = json ? sink__new_json(f) : sink__new_text(f, false);
	assert_non_null(s);
	hist__render(h, s, top);
	sink__flush(s);
	sink__free(s);
	fclose(f);
	return buf;
}

/* --by node,lru,gfp with stalls, a compaction and kswapd's passes (no BPF):
 * the lru column, kswapd's rows after the stalls under PASSES, never in the
 * stall totals; no gfp class or order for them, no lru for compaction. */
static void test_lru_kswapd_rows(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct event_ctx ctx = { .gfp = g };
	struct hist_model *h = hist__new(MS_BY_NODE | MS_BY_LRU | MS_BY_GFP | MS_BY_ORDER, &ctx);
	struct json_object *o, *x;
	char *text, *json, *line, *save = NULL, *stalls_at, *passes_at;
	int nrows = 0, nkswapd = 0;

	(void)state;
	assert_non_null(h);
	add_key(h, MS_KIND_MEMCG, "wl", 0, MS_LRU_FILE, 100, 20000, 6400);
	add_key(h, MS_KIND_MEMCG, "wl", 0, MS_LRU_FILE, 50, 20000, 3200); /* same row */
	add_key(h, MS_KIND_MEMCG, "wl", 0, MS_LRU_NONE, 3, 1000, 0);
	add_key(h, MS_KIND_DIRECT, "wl", 1, MS_LRU_BOTH, 2, 1000000, 64);
	add_key(h, MS_KIND_COMPACT, "wl", 1, MS_LRU_NONE, 1, 500000, 0);
	/* kswapd: more time than every stall together, still listed after them */
	add_key(h, MS_KIND_KSWAPD, "kswapd0", 0, MS_LRU_FILE, 40, 5000000, 40000);
	add_key(h, MS_KIND_KSWAPD, "kswapd1", 1, MS_LRU_ANON, 1, 10000, 32);
	assert_int_equal(hist__nrows(h), 6);
	hist__rank(h);
	assert_int_equal(hist__row(h, 0)->key.kind, MS_KIND_MEMCG); /* 3 ms */
	assert_int_equal(hist__row(h, 0)->count, 150);
	assert_int_equal(hist__row(h, 1)->key.kind, MS_KIND_DIRECT); /* 2 ms */
	assert_int_equal(hist__row(h, 4)->key.kind, MS_KIND_KSWAPD);
	assert_string_equal(hist__row(h, 4)->key.comm, "kswapd0");
	assert_null(hist__row(h, 4)->gfp_class);
	/* totals: stalls only (what the window line and the cross-check use) */
	assert_int_equal(hist__total_count(h, -1), 156);
	assert_int_equal(hist__total_count(h, MS_KIND_KSWAPD), 41);
	assert_int_equal(hist__total_ns(h), 150 * 20000 + 3 * 1000 + 2 * 1000000 + 500000);

	text = render(h, false, 0);
	if (getenv("TEST_VERBOSE"))
		fputs(text, stderr);
	stalls_at = strstr(text, "LRU");
	passes_at = strstr(text, "PASSES");
	assert_non_null(stalls_at);
	assert_non_null(passes_at);
	assert_true(passes_at > stalls_at);
	assert_non_null(strstr(text, "anon+file"));
	assert_true(strstr(text, "kswapd ") > passes_at);
	assert_true(strstr(text, "memcg ") < passes_at);
	free(text);
	/* --top 1: one stall row and one kswapd row */
	text = render(h, false, 1);
	assert_null(strstr(text, "compact "));
	assert_null(strstr(text, "direct "));
	assert_non_null(strstr(text, "memcg "));
	assert_non_null(strstr(text, "PASSES"));
	assert_non_null(strstr(text, "kswapd "));
	assert_null(strstr(strstr(text, "kswapd ") + 1, "kswapd "));
	free(text);

	json = render(h, true, 0);
	for (line = strtok_r(json, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *kind, *lru;

		o = json_tokener_parse(line);
		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "kind", &x));
		kind = json_object_get_string(x);
		assert_true(json_object_object_get_ex(o, "lru", &x));
		lru = json_object_is_type(x, json_type_null) ? NULL : json_object_get_string(x);
		nrows++;
		if (!strcmp(kind, "compact")) {
			assert_null(lru); /* compaction scans no LRU list */
		} else {
			assert_non_null(lru);
		}
		if (!strcmp(kind, "kswapd")) {
			nkswapd++;
			assert_true(json_object_object_get_ex(o, "gfp_class", &x));
			assert_true(json_object_is_type(x, json_type_null));
			assert_true(json_object_object_get_ex(o, "order", &x));
			assert_true(json_object_is_type(x, json_type_null));
		}
		if (!strcmp(kind, "memcg") && json_object_object_get_ex(o, "count", &x) &&
		    json_object_get_int(x) == 150)
			assert_string_equal(lru, "file");
		json_object_put(o);
	}
	assert_int_equal(nrows, 6);
	assert_int_equal(nkswapd, 2);
	free(json);
	hist__free(h);
	gfp_table__free(g);
}

static void test_xcheck(void **state)
{
	struct xcheck_snap a = { .ok = true,
				 .allocstall = 10,
				 .compact_stall = 5,
				 .oom_kill = 1,
				 .psi = true,
				 .psi_some_us = 1000,
				 .psi_full_us = 500 };
	struct xcheck_snap b = a;
	struct xcheck_traced t = { .direct = 7, .compact = 2, .oom = 0, .stall_ns = 3000000 };
	struct xcheck_row rows[XC_ROWS];
	int n;

	(void)state;
	b.allocstall = 17;
	b.compact_stall = 8;
	b.oom_kill = 2;
	b.psi_some_us = 4000;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].verdict, "match");
	/* node reclaim: no zone_reclaim_* counters (no NUMA) */
	assert_string_equal(rows[3].check, "node reclaim stalls");
	assert_string_equal(rows[3].verdict, "n/a");
	assert_string_equal(rows[1].verdict, "mismatch"); /* 2 traced, +3 kernel */
	assert_string_equal(rows[2].verdict, "mismatch");
	t.filtered = true;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_non_null(strstr(rows[2].note, "filters"));
	t.drops = 4;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_non_null(strstr(rows[2].note, "dropped"));
	assert_string_equal(rows[4].verdict, "info");
	assert_true(rows[4].kernel == 3.0 && rows[4].traced == 3.0);
	b.psi = false;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_string_equal(rows[4].verdict, "n/a");
	/* node reclaim: failed + success (6.12 on) is every node reclaim */
	t.drops = 0;
	t.filtered = false;
	a.node_counters = b.node_counters = 2;
	a.node_reclaim = 100;
	b.node_reclaim = 130;
	t.node = 30;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_string_equal(rows[3].verdict, "match");
	assert_true(rows[3].kernel == 30.0 && rows[3].traced == 30.0);
	t.node = 29;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_string_equal(rows[3].verdict, "mismatch");
	/* failures only (6.1): no verdict, said why */
	a.node_counters = b.node_counters = 1;
	n = xcheck__compare(&a, &b, &t, rows);
	assert_string_equal(rows[3].verdict, "info");
	assert_non_null(strstr(rows[3].note, "failed node reclaims only"));
	a.ok = false;
	assert_int_equal(xcheck__compare(&a, &b, &t, rows), 0);
}

/* Keys through a real per-CPU hash (root only): rows merge by the displayed
 * key (GFP masks of one class), ranking keeps the index right, collecting
 * again after ranking adds to the same rows, 8,000 keys stay cheap. */
static void test_rows(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct event_ctx ctx = { .gfp = g };
	struct hist_model *h = hist__new(MS_BY_TGID | MS_BY_GFP, &ctx);
	int ncpu = libbpf_num_possible_cpus(), fd, i, c;
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	struct hist_maps hm = { -1, -1, -1, -1 };
	struct ms_hkey k;

	(void)state;
	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, "test_hists", sizeof(k), sizeof(*vals),
			    MS_HIST_MAX_KEYS, NULL);
	hm.hists = fd;
	if (fd < 0) {
		hist__free(h);
		gfp_table__free(g);
		free(vals);
		skip(); /* creating a BPF map needs root */
		return;
	}
	/* pid 1: two masks of class "kernel" (one row), one "user" */
	memset(&k, 0, sizeof(k));
	k.kind = MS_KIND_MEMCG;
	k.tgid = 1;
	for (c = 0; c < ncpu; c++) {
		memset(&vals[c], 0, sizeof(vals[c]));
		vals[c].count = 1;
		vals[c].total_ns = 1000;
		vals[c].max_ns = 1000 + c;
		vals[c].slots[ms_hist_slot(1000)] = 1;
	}
	k.gfp = 0xcc0;
	assert_int_equal(bpf_map_update_elem(fd, &k, vals, BPF_ANY), 0);
	k.gfp = 0x40cc0;
	assert_int_equal(bpf_map_update_elem(fd, &k, vals, BPF_ANY), 0);
	k.gfp = 0x100cca;
	assert_int_equal(bpf_map_update_elem(fd, &k, vals, BPF_ANY), 0);
	/* 7,997 other pids (2..7998), one stall each on CPU 0 */
	for (c = 1; c < ncpu; c++)
		memset(&vals[c], 0, sizeof(vals[c]));
	vals[0].total_ns = 10;
	for (i = 2; i < 7999; i++) {
		k.tgid = i;
		k.gfp = 0xcc0;
		assert_int_equal(bpf_map_update_elem(fd, &k, vals, BPF_ANY), 0);
	}
	assert_int_equal(hist__collect(h, &hm, false), 0);
	assert_int_equal(hist__nrows(h), 7999);
	hist__rank(h);
	/* pid 1 "kernel" first: two masks, all CPUs, 2 * ncpu * 1000 ns */
	assert_int_equal(hist__row(h, 0)->key.tgid, 1);
	assert_string_equal(hist__row(h, 0)->gfp_class, "kernel");
	assert_int_equal(hist__row(h, 0)->count, 2 * ncpu);
	assert_int_equal(hist__row(h, 0)->max_ns, 1000 + ncpu - 1);
	assert_string_equal(hist__row(h, 1)->gfp_class, "user");
	assert_int_equal(hist__total_count(h, MS_KIND_MEMCG), 3 * ncpu + 7997);
	/* again, after ranking: the same rows grow, no new ones */
	assert_int_equal(hist__collect(h, &hm, true), 0);
	assert_int_equal(hist__nrows(h), 7999);
	hist__rank(h);
	assert_int_equal(hist__row(h, 0)->count, 4 * ncpu);
	/* reset: the map is empty now */
	hist__clear(h);
	assert_int_equal(hist__collect(h, &hm, false), 0);
	assert_int_equal(hist__nrows(h), 0);
	close(fd);
	free(vals);
	hist__free(h);
	gfp_table__free(g);
}

/* The per-CPU fast path (root only): its entries merge with the hash map's
 * keys (cut to the map's key size), a reset flips the half the programs
 * write and clears the old one but keeps its keys, and without a reset both
 * halves are read. */
static void test_cache(void **state)
{
	struct event_ctx ctx = { 0 };
	struct hist_model *h = hist__new(MS_BY_COMM, &ctx);
	int ncpu = libbpf_num_possible_cpus(), c;
	struct ms_hcache_ent *ents = calloc(ncpu, sizeof(*ents));
	struct ms_hval *vals = calloc(ncpu, sizeof(*vals));
	struct hist_maps hm;
	struct ms_hkey k;
	__u32 i, zero = 0, half = 0;

	(void)state;
	hm.hists = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, "test_h", ms_hkey_size(MS_BY_COMM),
				  sizeof(*vals), 16, NULL);
	hm.cache = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "test_hc", 4, sizeof(*ents),
				  2 * MS_HCACHE_SLOTS, NULL);
	hm.half = bpf_map_create(BPF_MAP_TYPE_ARRAY, "test_hh", 4, 4, 1, NULL);
	hm.lost = -1;
	if (hm.hists < 0 || hm.cache < 0 || hm.half < 0) {
		hist__free(h);
		free(ents);
		free(vals);
		skip(); /* creating a BPF map needs root */
		return;
	}
	memset(&k, 0, sizeof(k));
	k.kind = MS_KIND_MEMCG;
	strcpy(k.comm, "a");
	vals[0].count = 1;
	vals[0].total_ns = 100;
	vals[0].slots[ms_hist_slot(100)] = 1;
	assert_int_equal(bpf_map_update_elem(hm.hists, &k, vals, BPF_ANY), 0);
	/* "a" in slot 1 of half 0 on CPU 0, with a field beyond the map's key
	 * (the same key), "b" in slot 2 of half 1 on the last CPU */
	ents[0].key = k;
	ents[0].key.tid = 99;
	ents[0].v.count = 2;
	ents[0].v.total_ns = 300;
	ents[0].v.max_ns = 200;
	ents[0].v.slots[ms_hist_slot(200)] = 2;
	i = 1;
	assert_int_equal(bpf_map_update_elem(hm.cache, &i, ents, BPF_ANY), 0);
	memset(ents, 0, ncpu * sizeof(*ents));
	ents[ncpu - 1].key = k;
	strcpy(ents[ncpu - 1].key.comm, "b");
	ents[ncpu - 1].v.count = 5;
	ents[ncpu - 1].v.total_ns = 50;
	i = MS_HCACHE_SLOTS + 2;
	assert_int_equal(bpf_map_update_elem(hm.cache, &i, ents, BPF_ANY), 0);

	/* no reset: both halves, "a" merged with its hash key */
	assert_int_equal(hist__collect(h, &hm, false), 0);
	hist__rank(h);
	assert_int_equal(hist__nrows(h), 2);
	assert_string_equal(hist__row(h, 0)->key.comm, "a");
	assert_int_equal(hist__row(h, 0)->key.tid, 0);
	assert_int_equal(hist__row(h, 0)->count, 3);
	assert_int_equal(hist__row(h, 0)->total_ns, 400);
	assert_int_equal(hist__row(h, 0)->max_ns, 200);
	assert_int_equal(hist__row(h, 0)->slots[ms_hist_slot(200)], 2);
	assert_int_equal(hist__row(h, 1)->count, 5);

	/* reset: half 0 read and cleared (its key kept), half 1 written now */
	hist__clear(h);
	assert_int_equal(hist__collect(h, &hm, true), 0);
	assert_int_equal(bpf_map_lookup_elem(hm.half, &zero, &half), 0);
	assert_int_equal(half, 1);
	assert_int_equal(hist__nrows(h), 1);
	assert_int_equal(hist__row(h, 0)->count, 3);
	i = 1;
	assert_int_equal(bpf_map_lookup_elem(hm.cache, &i, ents), 0);
	assert_int_equal(ents[0].v.count, 0);
	assert_int_equal(ents[0].v.slots[ms_hist_slot(200)], 0);
	assert_string_equal(ents[0].key.comm, "a");
	/* the next reset reads half 1 */
	hist__clear(h);
	assert_int_equal(hist__collect(h, &hm, true), 0);
	assert_int_equal(hist__nrows(h), 1);
	assert_string_equal(hist__row(h, 0)->key.comm, "b");
	for (c = 0; c < ncpu; c++)
		assert_int_equal(ents[c].v.max_ns, 0);
	/* record --stacks: a cut flips the stacks generation (bit 1) with the
	 * half and names the old one; a plain reset keeps it */
	assert_int_equal(bpf_map_lookup_elem(hm.half, &zero, &half), 0);
	assert_int_equal(half, 0);
	assert_int_equal(hist__collect_cut(h, &hm, &c), 0);
	assert_int_equal(c, 0);
	assert_int_equal(bpf_map_lookup_elem(hm.half, &zero, &half), 0);
	assert_int_equal(half, 3);
	assert_int_equal(hist__collect(h, &hm, true), 0);
	assert_int_equal(bpf_map_lookup_elem(hm.half, &zero, &half), 0);
	assert_int_equal(half, 2);
	assert_int_equal(hist__collect_cut(h, &hm, &c), 0);
	assert_int_equal(c, 1);
	assert_int_equal(bpf_map_lookup_elem(hm.half, &zero, &half), 0);
	assert_int_equal(half, 1);
	close(hm.hists);
	close(hm.cache);
	close(hm.half);
	free(ents);
	free(vals);
	hist__free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_quantiles),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_lru_names),
		cmocka_unit_test(test_lru_kswapd_rows),
		cmocka_unit_test(test_xcheck),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
