// SPDX-License-Identifier: GPL-2.0
/* The OOM domain's snapshot on a cgroup tree built in a temporary directory:
 * a memcg OOM's tasks are those of the whole subtree (a v2 pod's or slice's
 * memcg holds none itself), the walk is bounded, and the memcg's own files
 * are read. */
#include <ftw.h>
#include <limits.h>
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
#include "host/oomctx.h"
#include "ut_files.h"

struct tree {
	char root[64];
};

static void dir(const char *root, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "/tmp/memstall-oomctx-XXXXXX");
	if (!mkdtemp(t->root))
		return -1;
	*state = t;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int teardown(void **state)
{
	struct tree *t = *state;

	nftw(t->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static struct oom_snapshot *snap(const char *root, const char *rel)
{
	static struct oom_snapshot s;
	struct oomctx_limiter lim = { 0 };

	assert_true(oomctx__snapshot(&lim, 1, root, 2, rel, 42, 0, &s));
	return &s;
}

/* a pod's memcg: no task of its own, one per container below it */
static void test_subtree(void **state)
{
	struct tree *t = *state;
	struct oom_snapshot *s;
	char pid[32];

	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	dir(t->root, "/pod");
	ut_put(t->root, "/pod/cgroup.procs", "");
	ut_put(t->root, "/pod/memory.stat", "anon 4096\nfile 8192\nsock 0\n");
	ut_put(t->root, "/pod/memory.events", "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n");
	dir(t->root, "/pod/ctr-a");
	ut_put(t->root, "/pod/ctr-a/cgroup.procs", pid);
	dir(t->root, "/pod/ctr-b");
	dir(t->root, "/pod/ctr-b/inner");
	ut_put(t->root, "/pod/ctr-b/inner/cgroup.procs", "1\n");
	s = snap(t->root, "/pod");
	assert_true(s->taken);
	assert_string_equal(s->domain, "/pod");
	assert_int_equal(s->scanned, 2);
	assert_false(s->scan_capped);
	assert_int_equal(s->ntop, 2);
	assert_true(s->top[0].pid == getpid() || s->top[1].pid == getpid());
	assert_true(s->top[0].pid == 1 || s->top[1].pid == 1);
	assert_int_equal(s->nstat, 2);
	assert_string_equal(s->stat[0].key, "anon");
	assert_int_equal(s->stat[1].val, 8192);
	assert_int_equal(s->nevents, 5);
}

/* as deep as paths go: the task at the bottom is found */
static void test_deep(void **state)
{
	struct tree *t = *state;
	char rel[PATH_MAX] = "/deep", pid[32];
	struct oom_snapshot *s;
	int i;

	dir(t->root, rel);
	for (i = 0; i < 200; i++) {
		strcat(rel, "/d");
		dir(t->root, rel);
	}
	strcat(rel, "/cgroup.procs");
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	ut_put(t->root, rel, pid);
	s = snap(t->root, "/deep");
	assert_int_equal(s->scanned, 1);
	assert_int_equal(s->top[0].pid, getpid());
	assert_false(s->scan_capped);
}

/* more cgroups than the bound: the walk stops and says so */
static void test_capped(void **state)
{
	struct tree *t = *state;
	struct oom_snapshot *s;
	char rel[64];
	int i;

	dir(t->root, "/wide");
	for (i = 0; i < OOMCTX_DIRS_MAX + 10; i++) {
		snprintf(rel, sizeof(rel), "/wide/c%d", i);
		dir(t->root, rel);
	}
	s = snap(t->root, "/wide");
	assert_true(s->scan_capped);
	assert_int_equal(s->scanned, 0);
}

/* a domain that ended before the snapshot: taken, empty, no crash */
static void test_gone(void **state)
{
	struct tree *t = *state;
	struct oom_snapshot *s = snap(t->root, "/gone");

	assert_true(s->taken);
	assert_int_equal(s->scanned, 0);
	assert_int_equal(s->ntop, 0);
	assert_int_equal(s->nstat, 0);
}

/* the inferred domain: the nearest limited memcg at or above the victim's */
static void test_infer_domain(void **state)
{
	static const struct {
		const char *victim, *want;
	} cases[] = {
		{ "/slice/scope", "/slice" }, /* the slice's MemoryMax, the scope's none */
		{ "/slice/limited", "/slice/limited" }, /* its own limit first */
		{ "/free/x", "/" }, /* nothing limited: a global OOM */
		{ "/slice/gone", "/slice/gone" }, /* ended with its victim */
		{ "cgid:42", "/" }, /* no name: no memcg to read */
		{ "/", "/" },
	};
	struct tree *t = *state;
	char rel[256];
	size_t i;

	dir(t->root, "/slice");
	ut_put(t->root, "/slice/memory.max", "67108864\n");
	dir(t->root, "/slice/scope");
	ut_put(t->root, "/slice/scope/memory.max", "max\n");
	dir(t->root, "/slice/limited");
	ut_put(t->root, "/slice/limited/memory.max", "1048576\n");
	dir(t->root, "/free");
	ut_put(t->root, "/free/memory.max", "max\n");
	dir(t->root, "/free/x");
	ut_put(t->root, "/free/x/memory.max", "max\n");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(rel, sizeof(rel), "%s", cases[i].victim);
		oomctx__infer_domain(t->root, 2, rel);
		assert_string_equal(rel, cases[i].want);
	}
	snprintf(rel, sizeof(rel), "/slice/scope");
	oomctx__infer_domain(NULL, 0, rel); /* no memory controller mount known */
	assert_string_equal(rel, "/");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_infer_domain, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
