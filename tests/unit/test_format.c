// SPDX-License-Identifier: GPL-2.0
/* Event formatting: stall rows through the text and JSON sinks. */
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
#include "output/json.h"
#include "output/sink.h"
#include "model/stall.h"

static void sample(struct ms_event *e)
{
	memset(e, 0, sizeof(*e));
	e->ts_ns = 1000000000ull;
	e->lat_ns = 12345678; /* 12.346 ms */
	e->cgroup_id = 4242;
	e->stall.nr_reclaimed_end = 33;
	e->type = MS_EV_STALL;
	e->pid = 1234;
	e->tid = 1235;
	strcpy(e->comm, "postgres");
	e->stall.f.kind = MS_KIND_MEMCG;
	e->stall.f.order = 0;
	e->stall.f.gfp = 0x112c4a;
	e->stall.f.scanned[0] = 10;
	e->stall.f.scanned[1] = 90;
	e->stall.f.reclaimed[0] = 2;
	e->stall.f.reclaimed[1] = 30;
	e->stall.f.nodes_mask = 0x3;
	e->stall.f.node_scanned[0] = 60;
	e->stall.f.node_scanned[1] = 40;
	e->stall.f.node_reclaimed[0] = 20;
	e->stall.f.node_reclaimed[1] = 12;
	e->stall.f.min_prio = 10;
	e->stall.f.nid = -1;
}

static char *render(bool json, bool wide, const struct ms_event *e, const struct gfp_table *g)
{
	struct event_ctx ctx = { .gfp = g, .mono_to_real_ns = 0 };
	struct stall_row row;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s = json ? sink__new_json(f) : sink__new_text(f, wide);

	stall__row(&ctx, e, &row);
	sink__header(s, stall__schema());
	sink__row(s, stall__schema(), row.v);
	sink__free(s);
	fclose(f);
	return buf;
}

static void test_text(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct ms_event e;
	char *out, *line2;

	(void)state;
	sample(&e);
	out = render(false, false, &e, g);
	line2 = strchr(out, '\n') + 1;
	/* header and row fit 120 columns */
	assert_true(line2 - out - 1 <= 120);
	assert_true(strlen(line2) - 1 <= 120);
	assert_non_null(strstr(out, "TIME     COMM               PID     TID CGROUP"));
	assert_non_null(strstr(line2, "postgres"));
	assert_non_null(strstr(line2, " 1234 "));
	assert_non_null(strstr(line2, "cgid:4242"));
	assert_non_null(strstr(line2, "memcg"));
	assert_non_null(strstr(line2, "GFP_NOFS|__GFP_HI+")); /* cut, marked */
	assert_non_null(strstr(line2, "0,1"));
	assert_non_null(strstr(line2, "12.346"));
	assert_non_null(strstr(line2, "    100        32"));
	free(out);
	/* wide: nothing cut, extra columns */
	out = render(false, true, &e, g);
	assert_non_null(strstr(out, "GFP_NOFS|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN"));
	assert_non_null(strstr(out, "PRIO"));
	free(out);
	gfp_table__free(g);
}

/* A task names itself (prctl(PR_SET_NAME)): its escapes never reach the
 * terminal, in every text form (rows, summaries, records), narrow or wide. */
static void test_text_escapes(void **state)
{
	static const struct ms_col cols[] = {
		{ "comm", "COMM", -16, MS_FT_STR, 0, 0 },
		{ "cgroup", "CGROUP", -20, MS_FT_STR, 0, MS_COL_NOTRUNC },
		{ "list", "LIST", 0, MS_FT_STRLIST, 0, 0 },
	};
	static const struct ms_schema sc = { "t", cols, 3 };
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct ms_val v[3] = { { .s = "\033[2J\033]0;pwn\a" },
			       { .s = "/a\033[31m\x9b\x7f\t\r\nb" },
			       { .s = "x\033|y\b" } };
	struct ms_event e;
	char *buf = NULL, *p;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s;
	int wide;

	(void)state;
	for (wide = 0; wide < 2; wide++) {
		s = sink__new_text(f, wide);
		sink__header(s, &sc);
		sink__row(s, &sc, v);
		sink__summary(s, &sc, v);
		sink__record(s, &sc, v);
		sink__free(s);
	}
	fclose(f);
	for (p = buf; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n')
			n++;
		else if (c < 0x20 || c >= 0x7f)
			fail_msg("raw byte 0x%02x in text output at %zu", c, (size_t)(p - buf));
	}
	assert_int_equal(n, 2 * (1 + 1 + 1 + 4)); /* a record: an empty first line, 3 titled */
	assert_non_null(strstr(buf, "?[2J?]0;pwn?"));
	assert_non_null(strstr(buf, "/a?[31m?????b"));
	free(buf);
	/* a stall row's comm (the task's own name) */
	sample(&e);
	strcpy(e.comm, "\033[2J\033]0;p\a");
	buf = render(false, false, &e, g);
	assert_non_null(strstr(buf, "?[2J?]0;p?"));
	assert_null(strchr(buf, '\033'));
	assert_null(strchr(buf, '\a'));
	free(buf);
	gfp_table__free(g);
}

/* The BPF side's truncation flag (a deeper stall was not recorded) is shown. */
static void test_truncated_flag(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct ms_event e;
	char *out;

	(void)state;
	sample(&e);
	out = render(true, false, &e, g);
	assert_non_null(strstr(out, "\"truncated\":false"));
	free(out);
	e.stall.f.flags |= MS_EVF_TRUNCATED;
	out = render(true, false, &e, g);
	assert_non_null(strstr(out, "\"truncated\":true"));
	free(out);
	gfp_table__free(g);
}

static void test_json(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct json_object *o, *v;
	struct ms_event e;
	char *out;

	(void)state;
	sample(&e);
	strcpy(e.comm, "we\"ird\\\n"); /* must stay valid JSON */
	out = render(true, false, &e, g);
	assert_int_equal(strchr(out, '\n') - out + 1, (long)strlen(out)); /* one line */
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "type", &v));
	assert_string_equal(json_object_get_string(v), "stall");
	assert_true(json_object_object_get_ex(o, "comm", &v));
	assert_string_equal(json_object_get_string(v), "we\"ird\\\n");
	assert_true(json_object_object_get_ex(o, "pid", &v));
	assert_int_equal(json_object_get_int(v), 1234);
	assert_true(json_object_object_get_ex(o, "gfp", &v));
	assert_int_equal(json_object_get_int64(v), 0x112c4a);
	assert_true(json_object_object_get_ex(o, "gfp_flags", &v));
	assert_int_equal(json_object_array_length(v), 6);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "GFP_NOFS");
	assert_true(json_object_object_get_ex(o, "nodes", &v));
	assert_int_equal(json_object_array_length(v), 2);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(v, 1)), 1);
	assert_true(json_object_object_get_ex(o, "node_scanned", &v));
	assert_int_equal(json_object_get_int(json_object_array_get_idx(v, 1)), 40);
	assert_true(json_object_object_get_ex(o, "lat_ms", &v));
	assert_true(json_object_get_double(v) > 12.345 && json_object_get_double(v) < 12.347);
	assert_true(json_object_object_get_ex(o, "scanned", &v));
	assert_int_equal(json_object_get_int(v), 100);
	assert_true(json_object_object_get_ex(o, "reclaimed", &v));
	assert_int_equal(json_object_get_int(v), 32);
	assert_true(json_object_object_get_ex(o, "shrink_node_passes", &v));
	assert_null(v); /* not observed on this path: null, not 0 */
	assert_true(json_object_object_get_ex(o, "target_node", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "min_priority", &v));
	assert_int_equal(json_object_get_int(v), 10);
	assert_false(json_object_object_get_ex(o, "time", &v)); /* text-only column */
	assert_true(json_object_object_get_ex(o, "timestamp", &v));
	assert_string_equal(json_object_get_string(v), "1970-01-01T00:00:01.000000Z");
	json_object_put(o);
	free(out);
	gfp_table__free(g);
}

/* -T: the TIME column is 15 wide in the header and in every row. */
static void test_precise_time(void **state)
{
	struct gfp_table *g = gfp_table__new_static("6.3");
	struct event_ctx ctx = { .gfp = g, .precise_time = true };
	struct stall_row row;
	struct ms_event e;
	char *buf = NULL, *line2;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s = sink__new_text(f, false);

	(void)state;
	sample(&e);
	sink__set_precise_time(s, true);
	stall__row(&ctx, &e, &row);
	sink__header(s, stall__schema());
	sink__row(s, stall__schema(), row.v);
	sink__free(s);
	fclose(f);
	assert_int_equal(strncmp(buf, "TIME            COMM", 20), 0);
	line2 = strchr(buf, '\n') + 1;
	assert_int_equal(line2[8], '.'); /* HH:MM:SS.uuuuuu */
	assert_int_equal(line2[15], ' ');
	assert_int_equal(strncmp(line2 + 16, "postgres", 8), 0);
	free(buf);
	gfp_table__free(g);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(event__kind_name(MS_KIND_DIRECT), "direct");
	assert_string_equal(event__kind_name(MS_KIND_NODE), "node");
	assert_string_equal(event__kind_name(99), "?");
	/* parsing -k: test_cli.c (cli__parse_kinds) */
}

static void test_json_writer(void **state)
{
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_object *o;

	(void)state;
	jw__init(&w, f);
	jw__obj_begin(&w);
	jw__key(&w, "a");
	jw__arr_begin(&w);
	jw__u64(&w, 1);
	jw__i64(&w, -2);
	jw__f64(&w, 1.0 / 0.0, 2);
	jw__bool(&w, true);
	jw__null(&w);
	jw__str(&w, "\x01\xff");
	jw__arr_end(&w);
	jw__key(&w, "b");
	jw__obj_begin(&w);
	jw__obj_end(&w);
	jw__obj_end(&w);
	fclose(f);
	assert_string_equal(buf, "{\"a\":[1,-2,null,true,null,\"\\u0001?\"],\"b\":{}}\n");
	o = json_tokener_parse(buf);
	assert_non_null(o);
	json_object_put(o);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),	       cmocka_unit_test(test_json),
		cmocka_unit_test(test_precise_time),   cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_json_writer),    cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_truncated_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
