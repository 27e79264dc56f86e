// SPDX-License-Identifier: GPL-2.0
/* memory.oom.group kills gathered into one group kill; cgroup memory files. */
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
#include "host/cgmem.h"
#include "model/cgroup.h"
#include "model/event.h"
#include "model/oom.h"
#include "model/oom_group.h"

static char dir[64];
static struct oom_group got[4];
static int ngot;

static void on_group(void *ctx, const struct oom_group *g)
{
	(void)ctx;
	assert_true(ngot < 4);
	got[ngot++] = *g;
}

static void put(const char *rel, const char *file, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", dir, rel);
	mkdir(p, 0755);
	if (!file)
		return;
	snprintf(p, sizeof(p), "%s%s/%s", dir, rel, file);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static uint64_t ino(const char *rel)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s%s", dir, rel);
	assert_int_equal(stat(p, &st), 0);
	return st.st_ino;
}

/* a mark_victim event: trigger tid, victim tid, victim cgroup, time */
static struct oom_kill kill_of(uint32_t trig, uint32_t victim, uint64_t cg, uint64_t ts)
{
	struct oom_kill k;

	memset(&k, 0, sizeof(k));
	k.ev.type = MS_EV_OOM;
	k.ev.pid = k.ev.tid = trig;
	k.ev.ts_ns = ts;
	k.ev.oom.victim_pid = k.ev.oom.victim_tid = victim;
	k.ev.oom.victim_cgroup_id = cg;
	k.ev.oom.victim_is_task = 1;
	snprintf(k.ev.oom.victim_comm, MS_COMM_LEN, "t%u", victim);
	return k;
}

static void test_group_kill(void **state)
{
	char mi[128];
	struct oom_groups *g;
	struct cgmap *cg;
	struct oom_kill k[6];
	FILE *f;
	uint64_t leaf, lone;
	int i;

	(void)state;
	strcpy(dir, "/tmp/ms-oomgrp-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(mi, sizeof(mi), "%s/mountinfo", dir);
	f = fopen(mi, "w");
	fprintf(f, "31 22 0:27 / %s rw - cgroup2 cgroup2 rw\n", dir);
	fclose(f);
	/* /pod (oom.group 1) > /pod/ctr (oom.group 1); /lone (0) */
	put("/pod", "memory.oom.group", "1\n");
	put("/pod/ctr", "memory.oom.group", "1\n");
	put("/lone", "memory.oom.group", "0\n");
	leaf = ino("/pod/ctr");
	lone = ino("/lone");
	cg = cgmap__new(mi);
	struct event_ctx ctx = { .cg = cg };

	g = oom_groups__new();
	/* trigger 10 kills 11 (chosen), then the group: 12, 13, 11 again; a
	 * kill in a cgroup without oom.group after it */
	k[0] = kill_of(10, 11, leaf, 1000);
	k[1] = kill_of(10, 12, leaf, 2000);
	k[2] = kill_of(10, 13, leaf, 3000);
	k[3] = kill_of(10, 11, leaf, 4000);
	k[4] = kill_of(20, 21, lone, 9000);
	for (i = 0; i < 5; i++)
		oom_groups__note(g, &ctx, &k[i].ev);
	/* handed over as they are reaped: out of order */
	oom_groups__kill(g, &k[2], on_group, NULL);
	oom_groups__kill(g, &k[0], on_group, NULL);
	oom_groups__kill(g, &k[3], on_group, NULL);
	oom_groups__kill(g, &k[1], on_group, NULL);
	assert_int_equal(ngot, 0); /* still open */
	oom_groups__kill(g, &k[4], on_group, NULL); /* not a member: closes it */
	assert_int_equal(ngot, 1);
	assert_string_equal(got[0].cgroup, "/pod"); /* the highest with oom.group */
	assert_int_equal(got[0].cgroup_id, ino("/pod"));
	assert_int_equal(got[0].n, 3);
	assert_int_equal(got[0].ts_ns, 1000);
	assert_int_equal(got[0].trigger.tid, 10);
	oom_groups__flush(g, 0, 0, on_group, NULL);
	assert_int_equal(ngot, 1); /* nothing open */
	/* a second group of the same cgroup, long after: a group of its own */
	k[5] = kill_of(10, 14, leaf, 5000000000ull);
	oom_groups__note(g, &ctx, &k[5].ev);
	oom_groups__kill(g, &k[5], on_group, NULL);
	oom_groups__flush(g, 0, 0, on_group, NULL);
	assert_int_equal(ngot, 2);
	assert_int_equal(got[1].n, 1);
	oom_groups__free(g);
	cgmap__free(cg);
	snprintf(mi, sizeof(mi), "rm -rf %s", dir);
	assert_int_equal(system(mi), 0);
}

static void test_cgmem(void **state)
{
	struct cg_mem m;
	uint64_t v;

	(void)state;
	memset(&m, 0, sizeof(m));
	cgmem__parse_events("low 0\nhigh 562\nmax 24\noom 1\noom_kill 4\noom_group_kill 1\n", &m);
	assert_int_equal(m.ev[CGM_HIGH], 562);
	assert_int_equal(m.ev[CGM_OOM_GROUP_KILL], 1);
	assert_int_equal(m.ev_have, (1u << CGM_NEV) - 1);
	memset(&m, 0, sizeof(m));
	cgmem__parse_events("high 3\n", &m); /* older kernels: fewer keys */
	assert_int_equal(m.ev_have, 1u << CGM_HIGH);
	assert_true(cgmem__parse_limit("max\n", &v));
	assert_true(v == CGM_NOLIMIT);
	assert_true(cgmem__parse_limit("33554432\n", &v));
	assert_int_equal(v, 33554432);
	assert_false(cgmem__parse_limit("", &v));
	assert_false(cgmem__parse_limit("-1", &v));
	assert_string_equal(cgmem__ev_name(CGM_OOM_KILL), "oom_kill");
	assert_null(cgmem__ev_name(CGM_NEV));
	assert_int_equal(cgmem__read("/nonexistent", 2, &m), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_kill),
		cmocka_unit_test(test_cgmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
