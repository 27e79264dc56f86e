// SPDX-License-Identifier: GPL-2.0
/* memstall record and report, the pure parts: --when parsing and its
 * errors, the heatmap's binning, ranked totals, the JSON reader, the bundle
 * (manifest, .tar.gz written and read back) and a report rendered from it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>
#include "base/jparse.h"
#include "host/bundle.h"
#include "model/heatmap.h"
#include "model/stacks.h"
#include "model/stacks_out.h"
#include "model/trigger.h"
#include "output/json.h"
#include "report/report.h"

static void test_trigger_ok(void **state)
{
	struct ms_diag d = {};
	struct trigger t;
	char line[64];

	(void)state;
	assert_int_equal(trigger__parse("psi some 150ms/1s", &t, &d), 0);
	assert_int_equal(t.kind, TRIG_PSI);
	assert_false(t.full);
	trigger__psi_line(&t, line, sizeof(line));
	assert_string_equal(line, "some 150000 1000000");
	assert_int_equal(trigger__parse("psi full 100ms/2s cgroup=/kubepods/pod1", &t, &d), 0);
	assert_true(t.full);
	assert_string_equal(t.cgroup, "/kubepods/pod1");
	trigger__psi_line(&t, line, sizeof(line));
	assert_string_equal(line, "full 100000 2000000");
	/* the kernel's bounds themselves are accepted */
	assert_int_equal(trigger__parse("psi some 500ms/500ms", &t, &d), 0);
	assert_int_equal(trigger__parse("psi some 1us/10s", &t, &d), 0);
	assert_int_equal(trigger__parse("oom", &t, &d), 0);
	assert_int_equal(t.kind, TRIG_OOM);
	assert_int_equal(trigger__parse("compact-fail", &t, &d), 0);
	assert_int_equal(t.kind, TRIG_COMPACT_FAIL);
	assert_int_equal(trigger__parse("stall>100ms", &t, &d), 0);
	assert_int_equal(t.kind, TRIG_STALL);
	assert_int_equal(t.threshold_ns, 100000000ull);
	assert_int_equal(trigger__parse("stall>250us", &t, &d), 0);
	assert_int_equal(t.threshold_ns, 250000ull);
}

/* each bad trigger: -EINVAL, exit 2, a message naming the cause */
static void bad(const char *s, const char *want)
{
	struct ms_diag d = {};
	struct trigger t;

	assert_int_equal(trigger__parse(s, &t, &d), -EINVAL);
	assert_int_equal(d.code, MS_EXIT_USAGE);
	if (!strstr(d.msg, want))
		fail_msg("'%s': message '%s' lacks '%s'", s, d.msg, want);
}

static void test_trigger_errors(void **state)
{
	(void)state;
	bad("psi", "unknown trigger");
	bad("memory>1G", "unknown trigger");
	bad("psi most 150ms/1s", "'some' or 'full'");
	bad("psi some 150ms", "STALL/WINDOW");
	bad("psi some 150/1s", "no or an unknown unit");
	bad("psi some 150ms/1h", "no or an unknown unit");
	bad("psi some 150ms/1000", "no or an unknown unit");
	bad("psi some 1ms/100ms", "outside the kernel's PSI limits");
	bad("psi some 1ms/11s", "outside the kernel's PSI limits");
	bad("psi some 2s/1s", "at most the window");
	bad("psi some 0ms/1s", "above 0");
	bad("psi some 10ms/1s pod=x", "cgroup=/PATH");
	bad("psi some 10ms/1s cgroup=/a/../b", "'..'");
	bad("stall>100", "no or an unknown unit");
	bad("stall>fast", "not a duration");
	bad("stall>0ms", "above 0");
}

static void test_heatmap_binning(void **state)
{
	static struct heatmap h;
	int lo, hi;

	(void)state;
	/* rows: powers of two from 2^10 ns; below into the first, above the last */
	assert_int_equal(heatmap__row(0), 0);
	assert_int_equal(heatmap__row(1023), 0);
	assert_int_equal(heatmap__row(1024), 0);
	assert_int_equal(heatmap__row(2047), 0);
	assert_int_equal(heatmap__row(2048), 1);
	assert_int_equal(heatmap__row(1000000), 9); /* 1 ms: [2^19, 2^20) ns */
	assert_int_equal(heatmap__row(1ull << 40), HEAT_ROWS - 1);
	/* 10 s of 1 s intervals: 10 columns */
	heatmap__init(&h, 100.0, 110.0, 1.0);
	assert_int_equal(h.ncols, 10);
	assert_int_equal(heatmap__col(&h, 100.0), 0);
	assert_int_equal(heatmap__col(&h, 100.999), 0);
	assert_int_equal(heatmap__col(&h, 101.0), 1);
	assert_int_equal(heatmap__col(&h, 99.0), 0); /* clamped */
	assert_int_equal(heatmap__col(&h, 200.0), 9);
	heatmap__add(&h, 103.2, 5000, 3);
	heatmap__add(&h, 103.7, 6000, 2);
	heatmap__add(&h, 105.0, 3000000, 1);
	assert_int_equal(h.cells[3][2], 5);
	assert_int_equal(h.cells[5][11], 1);
	assert_int_equal(h.max, 5);
	assert_int_equal(h.total, 6);
	heatmap__row_span(&h, &lo, &hi);
	assert_int_equal(lo, 2);
	assert_int_equal(hi, 11);
	/* an hour of 1 s intervals: whole intervals per column, within the cap */
	heatmap__init(&h, 0, 3600, 1.0);
	assert_true(h.ncols <= HEAT_MAX_COLS);
	assert_true(h.step == 15.0);
	assert_int_equal(heatmap__col(&h, 14.9), 0);
	assert_int_equal(heatmap__col(&h, 15.0), 1);
}

static void test_rank(void **state)
{
	static struct rank r;
	char name[16];
	int i;

	(void)state;
	rank__add(&r, "a", 1, 10, 10);
	rank__add(&r, "b", 2, 30, 20);
	rank__add(&r, "a", 1, 25, 25);
	rank__sort(&r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.e[0].name, "a");
	assert_int_equal(r.e[0].total_ns, 35);
	assert_int_equal(r.e[0].max_ns, 25);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		rank__add(&r, name, 1, 1, 1);
	}
	assert_int_equal(r.n, RANK_MAX);
	assert_string_equal(r.e[RANK_MAX - 1].name, "other");
	assert_int_equal(r.e[RANK_MAX - 1].count, 100 - (RANK_MAX - 3));
}

static void test_jparse(void **state)
{
	const char *s = "{\"a\":1.5,\"s\":\"x\\\"<\\u00e9\\ud83d\\ude00\",\"arr\":[[1,2],[3,4]],"
			"\"o\":{\"t\":true,\"n\":null}} ";
	struct jv *v = jparse(s, strlen(s));
	const struct jv *arr;

	(void)state;
	assert_non_null(v);
	assert_true(jv__getn(v, "a", 0) == 1.5);
	assert_string_equal(jv__gets(v, "s", ""), "x\"<\xc3\xa9\xf0\x9f\x98\x80");
	arr = jv__get(v, "arr");
	assert_int_equal(arr->len, 2);
	assert_true(jv__num(arr->child->next->child, 0) == 3);
	assert_true(jv__getn(jv__get(v, "o"), "t", 0) == 1);
	assert_null(jv__gets(v, "missing", NULL));
	jv__free(v);
	/* malformed: NULL, never a crash */
	assert_null(jparse("{\"a\":", 5));
	assert_null(jparse("{\"a\" 1}", 7));
	assert_null(jparse("[1,]", 4));
	assert_null(jparse("\"\\u12\"", 6));
	assert_null(jparse("{} x", 4));
	assert_null(jparse("\"a\nb\"", 5));
	{
		char deep[300];

		memset(deep, '[', sizeof(deep));
		assert_null(jparse(deep, sizeof(deep)));
	}
}

static void manifest_fields(void *ctx, struct json_writer *w)
{
	(void)ctx;
	jw__kv_str(w, "format", "memstall-bundle/1");
	jw__kv_str(w, "host", "test<host>");
	jw__kv_f64(w, "start", 1000.0, 3);
	jw__kv_f64(w, "end", 1003.0, 3);
	jw__kv_f64(w, "interval_s", 1.0, 3);
	jw__key(w, "trigger");
	jw__obj_begin(w);
	jw__kv_str(w, "when", "stall>1ms");
	jw__kv_f64(w, "fired", 1000.0, 3);
	jw__obj_end(w);
}

static void write_bundle(const char *out)
{
	struct ms_diag d = {};
	struct bundle *b;
	unsigned long long bytes = 0;
	FILE *f;
	int err;

	b = bundle__new(out, &d, &err);
	assert_non_null(b);
	f = bundle__fopen(b, "hist.jsonl");
	fputs("{\"type\":\"interval\",\"t\":999.0,\"len_s\":1.0,\"pre\":true}\n"
	      "{\"type\":\"hist\",\"t\":999.0,\"kind\":\"memcg\",\"comm\":\"pre-wl\",\"count\":2,"
	      "\"total_ns\":4000,\"max_ns\":3000,\"buckets\":[[1024,1],[2048,1]]}\n"
	      "{\"type\":\"interval\",\"t\":1000.0,\"len_s\":1.0,\"pre\":false}\n"
	      "{\"type\":\"hist\",\"t\":1000.0,\"kind\":\"memcg\",\"comm\":\"<wl>\",\"count\":3,"
	      "\"total_ns\":9000000,\"max_ns\":5000000,\"buckets\":[[4194304,3]]}\n"
	      "not json\n",
	      f);
	fclose(f);
	f = bundle__fopen(b, "top.jsonl");
	fputs("{\"type\":\"top\",\"by\":\"comm\",\"name\":\"<wl>\",\"stalls\":3,"
	      "\"total_ns\":9000000,\"max_ns\":5000000}\n",
	      f);
	fclose(f);
	assert_int_equal(bundle__manifest(b, manifest_fields, NULL, &d), 0);
	assert_int_equal(bundle__finish(b, &bytes, &d), 0);
	assert_true(bytes > 100);
}

static void test_bundle_roundtrip(void **state)
{
	char dir[] = "/tmp/memstall-ut.XXXXXX", out[128], html[128], cmd[300];
	struct bundle_files bf;
	const struct bundle_file *m;
	struct ms_diag d = {};
	json_object *j, *files;
	char *page;
	FILE *f;
	long n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/b.tar.gz", dir);
	write_bundle(out);
	/* a second bundle never overwrites the first */
	assert_null(bundle__new(out, &d, &(int){ 0 }));
	assert_int_equal(d.code, MS_EXIT_USAGE);
	memset(&d, 0, sizeof(d));
	assert_int_equal(bundle__load(out, &bf, &d), 0);
	assert_int_equal(bf.n, 3);
	m = bundle__find(&bf, "manifest.json");
	assert_non_null(m);
	/* the manifest: valid JSON, the files with their sizes */
	j = json_tokener_parse(m->data);
	assert_non_null(j);
	assert_true(json_object_object_get_ex(j, "files", &files));
	assert_int_equal(json_object_array_length(files), 2);
	assert_string_equal(json_object_get_string(json_object_object_get(
				    json_object_array_get_idx(files, 0), "name")),
			    "hist.jsonl");
	assert_int_equal(json_object_get_int64(json_object_object_get(
				 json_object_array_get_idx(files, 0), "bytes")),
			 (int64_t)bundle__find(&bf, "hist.jsonl")->len);
	json_object_put(j);
	bundle__files_free(&bf);
	/* system tar reads it too */
	snprintf(cmd, sizeof(cmd), "tar tzf %s | grep -qx b/manifest.json", out);
	assert_int_equal(system(cmd), 0);
	/* the report: escaped names, a heatmap cell per (interval, bucket) */
	snprintf(html, sizeof(html), "%s/r.html", dir);
	assert_int_equal(report__html(out, html, &d), 0);
	page = calloc(1, 1 << 20);
	f = fopen(html, "r");
	assert_non_null(page);
	assert_non_null(f);
	n = (long)fread(page, 1, (1 << 20) - 1, f);
	fclose(f);
	assert_true(n > 1000);
	assert_non_null(strstr(page, "&lt;wl&gt;"));
	assert_null(strstr(page, "<wl>"));
	assert_non_null(strstr(page, "test&lt;host&gt;"));
	assert_non_null(strstr(page, "class=\"hm-cell\" data-count=\"3\""));
	assert_non_null(strstr(page, "class=\"hm-cell\" data-count=\"1\""));
	assert_non_null(strstr(page, "No stacks recorded."));
	assert_non_null(strstr(page, "class=\"trigger\""));
	free(page);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static char *slurp(const char *path)
{
	char *page = calloc(1, 1 << 20);
	FILE *f = fopen(path, "r");

	assert_non_null(page);
	assert_non_null(f);
	assert_true(fread(page, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return page;
}

/* record --stacks' stacks.jsonl (written by stacks__write_jsonl) drawn by
 * report as an inline flame graph: the frames escaped, widths from "us". */
static void test_report_stacks(void **state)
{
	char dir[] = "/tmp/memstall-ut.XXXXXX", out[64], html[128], cmd[300];
	const char *a[] = { "<wl>&co", "main", "fill<T>", "try_to_free_mem_cgroup_pages_[k]" };
	const char *b2[] = { "wl2", "do_page_fault_[k]" };
	struct stacks_model *m = stacks__new();
	struct ms_diag d = {};
	struct bundle *b;
	json_object *j;
	char *page, line[512];
	FILE *f;

	(void)state;
	assert_non_null(m);
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/b", dir);
	b = bundle__new(out, &d, &(int){ 0 });
	assert_non_null(b);
	assert_int_equal(stacks__add(m, a, 4, 1500000, 3), 0);
	assert_int_equal(stacks__add(m, b2, 2, 500000, 1), 0);
	stacks__sort(m);
	f = bundle__fopen(b, "stacks.jsonl");
	assert_non_null(f);
	assert_int_equal(stacks__write_jsonl(m, f), 0);
	fputs("{\"comm\":\"x\",\"frames\":3,\"us\":1}\nnot json\n", f);
	fclose(f);
	stacks__free(m);
	assert_int_equal(bundle__manifest(b, manifest_fields, NULL, &d), 0);
	assert_int_equal(bundle__finish(b, &(unsigned long long){ 0 }, &d), 0);
	/* the file: one object per stack, the comm apart, frames root first */
	snprintf(html, sizeof(html), "%s/stacks.jsonl", out);
	f = fopen(html, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	j = json_tokener_parse(line);
	assert_non_null(j);
	assert_string_equal(json_object_get_string(json_object_object_get(j, "comm")), "<wl>&co");
	assert_int_equal(json_object_get_int64(json_object_object_get(j, "us")), 1500);
	assert_int_equal(json_object_get_int64(json_object_object_get(j, "count")), 3);
	assert_int_equal(json_object_array_length(json_object_object_get(j, "frames")), 3);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
				    json_object_object_get(j, "frames"), 2)),
			    "try_to_free_mem_cgroup_pages_[k]");
	json_object_put(j);
	/* the report: an inline SVG (no XML declaration), frames escaped */
	snprintf(html, sizeof(html), "%s/r.html", dir);
	assert_int_equal(report__html(out, html, &d), 0);
	page = slurp(html);
	assert_null(strstr(page, "No stacks recorded."));
	assert_null(strstr(page, "<?xml"));
	assert_non_null(strstr(page, "<svg version=\"1.1\" id=\"rep-flame\""));
	assert_non_null(strstr(page, "data-total=\"2000\""));
	assert_non_null(strstr(page, "try_to_free_mem_cgroup_pages_[k]"));
	assert_non_null(strstr(page, "do_page_fault_[k]"));
	assert_non_null(strstr(page, "fill&lt;T&gt;"));
	assert_null(strstr(page, "fill<T>"));
	assert_non_null(strstr(page, "&lt;wl&gt;&amp;co"));
	assert_null(strstr(page, "<wl>"));
	assert_non_null(strstr(page, "2.000 ms of stall time in 4 stalls, 2 stacks"));
	assert_non_null(strstr(page, "(malformed lines skipped)"));
	free(page);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_bad_bundles(void **state)
{
	struct bundle_files bf = {};
	struct ms_diag d = {};
	char buf[1024] = {};

	(void)state;
	assert_int_equal(bundle__load("/nonexistent/b.tar.gz", &bf, &d), -ENOENT);
	assert_int_equal(d.code, MS_EXIT_INPUT);
	memset(&d, 0, sizeof(d));
	/* /etc/hostname: neither gzip nor tar */
	assert_true(bundle__load("/etc/hostname", &bf, &d) < 0);
	assert_int_equal(d.code, MS_EXIT_INPUT);
	/* a header whose size runs past the data */
	memcpy(buf, "x/f", 3);
	memcpy(buf + 124, "00000077777", 11);
	assert_int_equal(bundle__parse_tar(buf, sizeof(buf), &bf), -EBADMSG);
	bundle__files_free(&bf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trigger_ok),	cmocka_unit_test(test_trigger_errors),
		cmocka_unit_test(test_heatmap_binning), cmocka_unit_test(test_rank),
		cmocka_unit_test(test_jparse),		cmocka_unit_test(test_bundle_roundtrip),
		cmocka_unit_test(test_bad_bundles),	cmocka_unit_test(test_report_stacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
