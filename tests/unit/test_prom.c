// SPDX-License-Identifier: GPL-2.0
/* The Prometheus exposition (memstall export): le buckets mapped exactly
 * from the in-kernel slots at every power-of-two seam, integers printed as
 * integers, label escaping, OpenMetrics families and # EOF, and the series
 * model's folding into "other" (sticky, never going backwards). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/export.h"
#include "model/hist.h"
#include "output/prom.h"

static void one_value(uint64_t *bk, uint64_t ns)
{
	uint64_t slots[MS_HIST_SLOTS] = { 0 };

	memset(bk, 0, (PROM_NBUCKETS + 1) * sizeof(*bk));
	slots[ms_hist_slot(ns)] = 1;
	prom__add_slots(bk, slots);
}

/* The first bucket (cumulative) that holds a single value. */
static unsigned int first_bucket(uint64_t ns)
{
	uint64_t bk[PROM_NBUCKETS + 1];
	unsigned int b;

	one_value(bk, ns);
	for (b = 0; b <= PROM_NBUCKETS; b++)
		if (prom__bucket(bk, b))
			return b;
	return ~0u;
}

static void test_bucket_seams(void **state)
{
	unsigned int b;

	(void)state;
	for (b = 0; b < PROM_NBUCKETS; b++) {
		uint64_t le = prom__le_ns(b);

		assert_int_equal(le, (1ull << (PROM_LE_K0 + b)) - 1);
		/* a value equal to le is in bucket b, one ns more is not */
		assert_int_equal(first_bucket(le), b);
		assert_int_equal(first_bucket(le + 1), b + 1);
		/* and everything between the previous le and this one */
		if (b)
			assert_int_equal(first_bucket(prom__le_ns(b - 1) + 1), b);
		assert_int_equal(first_bucket(le - le / 4), b ? b : 0);
	}
	/* below the first le: the first bucket; beyond the last: +Inf only */
	assert_int_equal(first_bucket(0), 0);
	assert_int_equal(first_bucket(1), 0);
	assert_int_equal(first_bucket(prom__le_ns(PROM_NBUCKETS - 1) + 1), PROM_NBUCKETS);
	assert_int_equal(first_bucket(1ull << 50), PROM_NBUCKETS);
}

static void test_seconds_and_integers(void **state)
{
	char b[40];
	struct prom *p = prom__new();
	const char *out;
	size_t len;

	(void)state;
	prom__fmt_seconds(1023, b, sizeof(b));
	assert_string_equal(b, "0.000001023");
	prom__fmt_seconds(1, b, sizeof(b));
	assert_string_equal(b, "0.000000001");
	prom__fmt_seconds(2000000000ull, b, sizeof(b));
	assert_string_equal(b, "2");
	prom__fmt_seconds((1ull << 35) - 1, b, sizeof(b));
	assert_string_equal(b, "34.359738367");
	prom__fmt_seconds(0, b, sizeof(b));
	assert_string_equal(b, "0");
	prom__reset(p, false);
	/* 2^53 + 1 does not survive a double: printed as the integer it is */
	prom__u64(p, "x", "_total", NULL, (1ull << 53) + 1);
	prom__u64(p, "y", "", NULL, UINT64_MAX);
	out = prom__data(p, &len);
	assert_string_equal(out, "x_total 9007199254740993\ny 18446744073709551615\n");
	assert_null(strchr(out, 'e'));
	prom__free(p);
}

static void test_escaping(void **state)
{
	static const char *const lv[] = { "cgroup", "/a\"b\\c\nd", "kind", "memcg", NULL };
	struct prom *p = prom__new();
	char b[64];
	size_t len;

	(void)state;
	assert_true(prom__escape("q\"b\\n\n", b, sizeof(b)));
	assert_string_equal(b, "q\\\"b\\\\n\\n");
	assert_false(prom__escape("toolong", b, 4)); /* cut, never overflowed */
	assert_int_equal(strlen(b), 3);
	prom__reset(p, false);
	prom__u64(p, "m", "_total", lv, 7);
	assert_string_equal(prom__data(p, &len),
			    "m_total{cgroup=\"/a\\\"b\\\\c\\nd\",kind=\"memcg\"} 7\n");
	/* HELP text: backslash and newline escaped; a new line never starts */
	prom__reset(p, false);
	prom__family(p, "h", PROM_GAUGE, "a\nb\\c");
	assert_string_equal(prom__data(p, &len), "# HELP h a\\nb\\\\c\n# TYPE h gauge\n");
	prom__free(p);
}

static void test_openmetrics(void **state)
{
	struct prom *p = prom__new();
	const char *out;
	size_t len;

	(void)state;
	assert_true(prom__wants_openmetrics("application/openmetrics-text; version=1.0.0,"
					    "text/plain;version=0.0.4;q=0.5"));
	assert_false(prom__wants_openmetrics("text/plain"));
	assert_false(prom__wants_openmetrics(NULL));
	assert_non_null(strstr(prom__content_type(true), "application/openmetrics-text"));
	assert_non_null(strstr(prom__content_type(false), "version=0.0.4"));

	prom__reset(p, true);
	prom__family(p, "memstall_oom_kills", PROM_COUNTER, "k");
	prom__u64(p, "memstall_oom_kills", "_total", NULL, 3);
	prom__family(p, "memstall_build", PROM_INFO, "b");
	prom__u64(p, "memstall_build", "_info", NULL, 1);
	prom__finish(p);
	out = prom__data(p, &len);
	assert_string_equal(out, "# HELP memstall_oom_kills k\n# TYPE memstall_oom_kills counter\n"
				 "memstall_oom_kills_total 3\n# HELP memstall_build b\n"
				 "# TYPE memstall_build info\nmemstall_build_info 1\n# EOF\n");
	/* 0.0.4: families named by their samples, no # EOF */
	prom__reset(p, false);
	prom__family(p, "memstall_oom_kills", PROM_COUNTER, "k");
	prom__family(p, "memstall_build", PROM_INFO, "b");
	prom__finish(p);
	out = prom__data(p, &len);
	assert_non_null(strstr(out, "# TYPE memstall_oom_kills_total counter\n"));
	assert_non_null(strstr(out, "# TYPE memstall_build_info gauge\n"));
	assert_null(strstr(out, "# EOF"));
	prom__free(p);
}

/* A sample's value in an exposition ("name{labels} value"), -1 if absent. */
static long long sample(const char *out, const char *head)
{
	const char *s = strstr(out, head);

	return s ? atoll(s + strlen(head)) : -1;
}

static void add_row(struct hist_model *h, const char *comm, uint64_t n, uint64_t ns)
{
	struct ms_hkey k = { .kind = MS_KIND_DIRECT };
	struct ms_hval v = { 0 };

	memcpy(k.comm, comm, strlen(comm));
	v.count = n;
	v.total_ns = n * ns;
	v.slots[ms_hist_slot(ns)] = (unsigned int)n;
	assert_int_equal(hist__add(h, &k, &v), 0);
}

static void test_folding(void **state)
{
	struct event_ctx ctx = { 0 };
	struct hist_model *h = hist__new(MS_BY_COMM, &ctx);
	struct export_model *e = export__new(MS_BY_COMM, 2, &ctx);
	struct prom *p = prom__new();
	const char *out, *l;
	size_t len;

	(void)state;
	/* first read: a and b get series of their own, c d e fold into other */
	add_row(h, "a", 1, 5000);
	add_row(h, "b", 2, 5000);
	add_row(h, "c", 3, 5000);
	add_row(h, "d", 4, 5000);
	add_row(h, "e", 5, 5000);
	export__update(e, h);
	assert_int_equal(export__nseries(e), 2);
	assert_int_equal(export__nfolded(e), 3);
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	assert_int_equal(sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"a\"} "),
			 1);
	assert_int_equal(sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"b\"} "),
			 2);
	assert_int_equal(
		sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"other\"} "), 12);
	assert_int_equal(sample(out, "memstall_stall_seconds_bucket{kind=\"direct\",comm=\"other\","
				     "le=\"+Inf\"} "),
			 12);
	assert_null(strstr(out, "comm=\"c\""));
	/* second read (totals since start): e now outweighs a, and f is new;
	 * a keeps its series, e stays in other, f folds: nothing goes back */
	hist__clear(h);
	add_row(h, "a", 1, 5000);
	add_row(h, "b", 2, 5000);
	add_row(h, "c", 3, 5000);
	add_row(h, "d", 4, 5000);
	add_row(h, "e", 50, 5000);
	add_row(h, "f", 6, 5000);
	export__update(e, h);
	assert_int_equal(export__nseries(e), 2);
	assert_int_equal(export__nfolded(e), 4);
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	assert_int_equal(sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"a\"} "),
			 1);
	assert_int_equal(
		sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"other\"} "), 63);
	assert_null(strstr(out, "comm=\"e\""));
	assert_null(strstr(out, "comm=\"f\""));
	/* one series per label set: "other" once */
	l = strstr(out, "_count{kind=\"direct\",comm=\"other\"}");
	assert_non_null(l);
	assert_null(strstr(l + 1, "_count{kind=\"direct\",comm=\"other\"}"));
	prom__free(p);
	export__free(e);
	hist__free(h);
}

/* Stalls the kernel could not key (its map full: hist_lost) and keys with
 * no row left: folded into their kind's "other", so the histogram's count
 * and sum are whole; and a cumulative read never goes backwards. */
static void test_lost_folding(void **state)
{
	struct event_ctx ctx = { 0 };
	struct hist_model *h = hist__new(MS_BY_COMM, &ctx);
	struct export_model *e = export__new(MS_BY_COMM, 100, &ctx);
	struct prom *p = prom__new();
	struct ms_hval lost = { 0 };
	struct ms_hkey k = { .kind = MS_KIND_MEMCG };
	const char *out;
	long long prev;
	size_t len;
	int i, full = -1;

	(void)state;
	add_row(h, "a", 2, 5000);
	lost.count = 3;
	lost.total_ns = 3 * 7000;
	lost.slots[ms_hist_slot(7000)] = 3;
	hist__add_lost(h, MS_KIND_DIRECT, &lost);
	export__update(e, h);
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	/* a keeps its own series; the lost stalls are "other" (no own series
	 * were folded: max-series is not reached) */
	assert_int_equal(sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"a\"} "),
			 2);
	assert_int_equal(
		sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"other\"} "), 3);
	assert_non_null(strstr(
		out, "memstall_stall_seconds_sum{kind=\"direct\",comm=\"other\"} 0.000021\n"));
	assert_int_equal(export__nfolded(e), 0);
	prev = sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"other\"} ");
	/* rows full: every further key's value goes to its kind's lost row */
	hist__clear(h);
	lost.count = 1;
	lost.total_ns = 7000;
	lost.slots[ms_hist_slot(7000)] = 1;
	for (i = 0; i < 1 << 20 && full < 0; i++) {
		k.tgid = (uint32_t)i + 1;
		snprintf(k.comm, sizeof(k.comm), "t%d", i);
		if (hist__add(h, &k, &lost) == -ENOSPC)
			full = i;
	}
	assert_true(full >= MS_HIST_MAX_KEYS); /* the map's keys always fit */
	assert_int_equal(hist__lost(h, MS_KIND_MEMCG)->count, 1);
	assert_int_equal(hist__total_count(h, MS_KIND_MEMCG), full);
	/* next read: the direct kind's totals grew (cumulative), never back */
	hist__clear(h);
	add_row(h, "a", 2, 5000);
	lost.count = 4;
	lost.total_ns = 4 * 7000;
	lost.slots[ms_hist_slot(7000)] = 4;
	hist__add_lost(h, MS_KIND_DIRECT, &lost);
	export__update(e, h);
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	assert_true(sample(out, "memstall_stall_seconds_count{kind=\"direct\",comm=\"other\"} ") >=
		    prev);
	assert_int_equal(sample(out, "memstall_stall_seconds_bucket{kind=\"direct\",comm=\"other\","
				     "le=\"+Inf\"} "),
			 4);
	prom__free(p);
	export__free(e);
	hist__free(h);
}

/* The exposition handed over whole (no copy), the next one built anew. */
static void test_take(void **state)
{
	struct prom *p = prom__new();
	char *a, *b;
	size_t la, lb;

	(void)state;
	prom__reset(p, false);
	prom__u64(p, "x", "_total", NULL, 7);
	a = prom__take(p, &la);
	assert_non_null(a);
	assert_string_equal(a, "x_total 7\n");
	assert_int_equal(la, strlen(a));
	prom__reset(p, true);
	b = prom__take(p, &lb); /* empty: "" */
	assert_non_null(b);
	assert_int_equal(lb, 0);
	assert_string_equal(b, "");
	prom__reset(p, false);
	prom__u64(p, "y", "", NULL, 1);
	free(b);
	b = prom__take(p, &lb);
	assert_string_equal(b, "y 1\n");
	assert_string_equal(a, "x_total 7\n"); /* the first is untouched */
	free(a);
	free(b);
	prom__free(p);
}

static bool fake_alive(void *ctx, uint64_t cgid)
{
	return cgid == *(uint64_t *)ctx;
}

static void add_cg_row(struct hist_model *h, uint64_t cg, uint64_t n)
{
	struct ms_hkey k = { .kind = MS_KIND_MEMCG, .cgroup = cg };
	struct ms_hval v = { 0 };

	v.count = n;
	v.total_ns = n * 1000;
	v.slots[ms_hist_slot(1000)] = (unsigned int)n;
	assert_int_equal(hist__add(h, &k, &v), 0);
}

/* Deleted cgroups: kept while they stall or exist, dropped after --retain
 * without a stall once gone. */
static void test_retention(void **state)
{
	struct event_ctx ctx = { 0 };
	struct hist_model *h = hist__new(MS_BY_CGROUP, &ctx);
	struct export_model *e = export__new(MS_BY_CGROUP, 100, &ctx);
	struct prom *p = prom__new();
	uint64_t alive = 11, sec = 1000000000ull, t;
	const char *out;
	size_t len;

	(void)state;
	/* cgroup 11 exists; 12 and 13 are gone; 13 keeps stalling (its tasks
	 * still run, as after a rmdir of a populated v1 group) */
	for (t = 1; t <= 11; t++) { /* (a monotonic clock: never 0) */
		hist__clear(h);
		add_cg_row(h, 11, 5);
		add_cg_row(h, 12, 7);
		add_cg_row(h, 13, t);
		export__update(e, h);
		assert_int_equal(export__expire(e, t * sec, 5 * sec, fake_alive, &alive),
				 t == 6 ? 1 : 0);
	}
	prom__reset(p, false);
	export__write(e, p);
	out = prom__data(p, &len);
	assert_int_equal(
		sample(out, "memstall_stall_seconds_count{kind=\"memcg\",cgroup=\"cgid:11\"} "), 5);
	assert_int_equal(
		sample(out, "memstall_stall_seconds_count{kind=\"memcg\",cgroup=\"cgid:13\"} "),
		11);
	assert_null(strstr(out, "cgid:12"));
	prom__free(p);
	export__free(e);
	hist__free(h);
}

static void test_histogram_lines(void **state)
{
	static const char *const lv[] = { "kind", "memcg", NULL };
	uint64_t slots[MS_HIST_SLOTS] = { 0 }, bk[PROM_NBUCKETS + 1] = { 0 };
	struct prom *p = prom__new();
	const char *out, *l;
	long long prev = -1, v;
	size_t len;
	int n = 0;

	(void)state;
	slots[ms_hist_slot(1023)] = 3; /* le 1.023 us */
	slots[ms_hist_slot(1024)] = 4; /* next bucket */
	slots[ms_hist_slot(1ull << 40)] = 5; /* beyond the last le */
	prom__add_slots(bk, slots);
	prom__reset(p, false);
	prom__hist(p, "s", lv, bk, 1234567891ull);
	out = prom__data(p, &len);
	for (l = out; (l = strstr(l, "s_bucket{")); l++, n++) {
		v = atoll(strchr(l, '}') + 2);
		assert_true(v >= prev);
		prev = v;
	}
	assert_int_equal(n, PROM_NBUCKETS + 1);
	assert_int_equal(sample(out, "s_bucket{kind=\"memcg\",le=\"0.000001023\"} "), 3);
	assert_int_equal(sample(out, "s_bucket{kind=\"memcg\",le=\"0.000002047\"} "), 7);
	assert_int_equal(sample(out, "s_bucket{kind=\"memcg\",le=\"34.359738367\"} "), 7);
	assert_int_equal(sample(out, "s_bucket{kind=\"memcg\",le=\"+Inf\"} "), 12);
	assert_int_equal(sample(out, "s_count{kind=\"memcg\"} "), 12);
	assert_non_null(strstr(out, "s_sum{kind=\"memcg\"} 1.234567891\n"));
	prom__free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bucket_seams), cmocka_unit_test(test_seconds_and_integers),
		cmocka_unit_test(test_escaping),     cmocka_unit_test(test_openmetrics),
		cmocka_unit_test(test_folding),	     cmocka_unit_test(test_histogram_lines),
		cmocka_unit_test(test_retention),    cmocka_unit_test(test_lost_folding),
		cmocka_unit_test(test_take),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
