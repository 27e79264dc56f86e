// SPDX-License-Identifier: GPL-2.0
/* Memory cgroup resolution against fake mount tables and directory trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "model/cgroup.h"

struct fixture {
	char dir[64];
	char mountinfo[128];
};

static void write_mountinfo(struct fixture *fx, const char *v1_root, const char *v2_root)
{
	FILE *f;

	snprintf(fx->mountinfo, sizeof(fx->mountinfo), "%s/mountinfo", fx->dir);
	f = fopen(fx->mountinfo, "w");
	assert_non_null(f);
	fprintf(f, "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw\n");
	fprintf(f, "30 22 0:26 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
	if (v2_root)
		fprintf(f, "31 22 0:27 / %s rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n", v2_root);
	if (v1_root)
		fprintf(f, "32 22 0:28 / %s rw - cgroup cgroup rw,memory\n", v1_root);
	fprintf(f, "garbage line without separator\n\n");
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char p[256];

	strcpy(fx->dir, "/tmp/ms-cgtest-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(p, sizeof(p), "%s/root", fx->dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/root/kubepods", fx->dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/root/kubepods/pod1", fx->dir);
	mkdir(p, 0755);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
	if (system(cmd))
		return -1;
	free(fx);
	return 0;
}

static uint64_t ino(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void test_v1_preferred(void **state)
{
	struct fixture *fx = *state;
	char root[128], pod[160], rel[256];
	struct cgmap *cg;
	uint64_t id;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	snprintf(pod, sizeof(pod), "%s/kubepods/pod1", root);
	/* hybrid host: memory on v1, cgroup2 mounted too -> v1 */
	write_mountinfo(fx, root, "/sys/fs/cgroup/unified");
	cg = cgmap__new(fx->mountinfo);
	assert_non_null(cg);
	assert_int_equal(cgmap__version(cg), 1);
	assert_string_equal(cgmap__root(cg), root);
	/* full path, relative path, with and without slashes */
	assert_int_equal(cgmap__resolve(cg, pod, &id, rel, sizeof(rel)), 0);
	assert_int_equal(id, ino(pod));
	assert_string_equal(rel, "/kubepods/pod1");
	assert_int_equal(cgmap__resolve(cg, "/kubepods/pod1/", &id, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "/kubepods/pod1");
	assert_int_equal(cgmap__resolve(cg, "kubepods", &id, rel, sizeof(rel)), 0);
	assert_int_equal(cgmap__resolve(cg, "/nope", &id, rel, sizeof(rel)), -2);
	assert_int_equal(cgmap__resolve(cg, "/../../etc", &id, rel, sizeof(rel)), -22);
	/* id -> path, including ones never resolved (tree walk) */
	assert_string_equal(cgmap__path(cg, ino(root)), "/");
	assert_string_equal(cgmap__path(cg, ino(pod)), "/kubepods/pod1");
	assert_null(cgmap__path(cg, 0));
	assert_null(cgmap__path(cg, 1)); /* unknown id */
	cgmap__free(cg);
}

/* -c's level in the kernel's hierarchy (the BPF filter reads the ancestor
 * there): the mount's root in the hierarchy plus the path below the mount */
static void test_level(void **state)
{
	struct fixture *fx = *state;
	char root[128];
	struct cgmap *cg;
	FILE *f;

	assert_int_equal(cgmap__depth("/"), 0);
	assert_int_equal(cgmap__depth(""), 0);
	assert_int_equal(cgmap__depth("/a"), 1);
	assert_int_equal(cgmap__depth("/a//b/"), 2);
	assert_int_equal(cgmap__depth("a/b/c"), 3);
	snprintf(root, sizeof(root), "%s/root", fx->dir);
	write_mountinfo(fx, root, NULL);
	cg = cgmap__new(fx->mountinfo);
	assert_int_equal(cgmap__level(cg, "/"), 0);
	assert_int_equal(cgmap__level(cg, "/kubepods/pod1"), 2);
	cgmap__free(cg);
	/* a container's view: the hierarchy's /kubepods/pod1 mounted as root */
	f = fopen(fx->mountinfo, "w");
	assert_non_null(f);
	fprintf(f, "40 22 0:27 /kubepods/pod1 %s rw - cgroup2 cgroup2 rw\n", root);
	fclose(f);
	cg = cgmap__new(fx->mountinfo);
	assert_int_equal(cgmap__version(cg), 2);
	assert_int_equal(cgmap__level(cg, "/"), 2);
	assert_int_equal(cgmap__level(cg, "/kubepods"), 3);
	cgmap__free(cg);
}

static void test_v2_only_and_none(void **state)
{
	struct fixture *fx = *state;
	char root[128], kp[160];
	struct cgmap *cg;
	uint64_t id;
	char rel[64];

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	snprintf(kp, sizeof(kp), "%s/kubepods", root);
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new(fx->mountinfo);
	assert_int_equal(cgmap__version(cg), 2);
	assert_string_equal(cgmap__path(cg, ino(kp)), "/kubepods"); /* found by walking */
	cgmap__free(cg);

	write_mountinfo(fx, NULL, NULL);
	cg = cgmap__new(fx->mountinfo);
	assert_int_equal(cgmap__version(cg), 0);
	assert_int_equal(cgmap__resolve(cg, "/x", &id, rel, sizeof(rel)), -2);
	assert_null(cgmap__path(cg, 5));
	cgmap__free(cg);

	cg = cgmap__new("/nonexistent/mountinfo");
	assert_non_null(cg);
	assert_int_equal(cgmap__version(cg), 0);
	cgmap__free(cg);
}

/* A cgroup deleted after it was seen keeps its last known path. */
static void test_deleted_keeps_path(void **state)
{
	struct fixture *fx = *state;
	char root[128], gone[160], late[160];
	uint64_t gone_id, late_id;
	struct cgmap *cg;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	snprintf(gone, sizeof(gone), "%s/kubepods/pod1/gone", root);
	snprintf(late, sizeof(late), "%s/kubepods/late", root);
	write_mountinfo(fx, NULL, root);
	assert_int_equal(mkdir(gone, 0755), 0);
	gone_id = ino(gone);
	cg = cgmap__new(fx->mountinfo);
	assert_string_equal(cgmap__path(cg, gone_id), "/kubepods/pod1/gone");
	assert_int_equal(rmdir(gone), 0);
	cgmap__refresh(cg); /* a scan after the removal forgets nothing */
	assert_string_equal(cgmap__path(cg, gone_id), "/kubepods/pod1/gone");
	/* made and deleted between two lookups: a refresh in between saw it */
	assert_int_equal(mkdir(late, 0755), 0);
	late_id = ino(late);
	cgmap__refresh(cg);
	assert_int_equal(rmdir(late), 0);
	assert_string_equal(cgmap__path(cg, late_id), "/kubepods/late");
	/* told by the tracer (a removal it saw): kept the same way */
	cgmap__remember(cg, 987654321ull, "/system.slice/docker-x.scope");
	assert_string_equal(cgmap__path(cg, 987654321ull), "/system.slice/docker-x.scope");
	cgmap__remember(cg, 987654322ull, "relative"); /* not a path: ignored */
	assert_null(cgmap__path(cg, 987654322ull));
	cgmap__free(cg);
}

static int gone_calls;

/* What the tracer's cgroup_rmdir record would say. */
static int fake_gone(void *ctx, uint64_t id, char *path, size_t len)
{
	(void)ctx;
	gone_calls++;
	if (id != 424242)
		return -2;
	snprintf(path, len, "/kubepods/short-lived");
	return 0;
}

/* Made and removed between two lookups, never scanned: the removal record
 * names it; ids it does not know stay unknown. */
static void test_gone_record(void **state)
{
	struct fixture *fx = *state;
	char root[128];
	struct cgmap *cg;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new(fx->mountinfo);
	cgmap__set_gone(cg, fake_gone, NULL);
	assert_string_equal(cgmap__path(cg, 424242), "/kubepods/short-lived");
	assert_int_equal(gone_calls, 1);
	assert_string_equal(cgmap__path(cg, 424242), "/kubepods/short-lived"); /* cached */
	assert_int_equal(gone_calls, 1);
	assert_null(cgmap__path(cg, 424243));
	cgmap__free(cg);
}

/* The cache is bounded and forgets the least recently used id (it once
 * stopped learning at 3072 ids and never forgot any). */
static void test_lru_bound(void **state)
{
	struct fixture *fx = *state;
	char root[128], p[64];
	struct cgmap *cg;
	uint64_t i;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new_sized(fx->mountinfo, 3);
	assert_int_equal(cgmap__count(cg), 1); /* the root */
	cgmap__remember(cg, 100, "/a");
	cgmap__remember(cg, 101, "/b");
	assert_int_equal(cgmap__count(cg), 3);
	assert_string_equal(cgmap__path(cg, 100), "/a"); /* 100 is now recent */
	cgmap__remember(cg, 102, "/c"); /* evicts the root (least recent) */
	cgmap__remember(cg, 103, "/d"); /* evicts 101, not 100 */
	assert_int_equal(cgmap__count(cg), 3);
	assert_int_equal(cgmap__evictions(cg), 2);
	assert_string_equal(cgmap__path(cg, 100), "/a");
	assert_string_equal(cgmap__path(cg, 103), "/d");
	cgmap__remember(cg, 103, "/d2"); /* renamed */
	assert_string_equal(cgmap__path(cg, 103), "/d2");
	cgmap__free(cg);

	cg = cgmap__new_sized(fx->mountinfo, 0);
	for (i = 1000; i < 6000; i++) {
		snprintf(p, sizeof(p), "/c%llu", (unsigned long long)i);
		cgmap__remember(cg, i, p);
	}
	assert_int_equal(cgmap__count(cg), 4096);
	assert_int_equal(cgmap__evictions(cg), 5001 - 4096);
	assert_string_equal(cgmap__path(cg, 5999), "/c5999"); /* newest kept */
	assert_string_equal(cgmap__path(cg, 1904), "/c1904"); /* oldest kept */
	cgmap__free(cg);
}

/* A hierarchy larger than the cache: a walk never evicts looked-up names
 * to learn others, and finds the one looked for wherever it is. */
static void test_more_than_cache(void **state)
{
	struct fixture *fx = *state;
	char root[128], pod[160], p[192];
	struct cgmap *cg;
	uint64_t ev;
	int i;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	snprintf(pod, sizeof(pod), "%s/kubepods/pod1", root);
	for (i = 0; i < 8; i++) {
		snprintf(p, sizeof(p), "%s/x%d", root, i);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new_sized(fx->mountinfo, 3);
	assert_string_equal(cgmap__path(cg, ino(pod)), "/kubepods/pod1");
	ev = cgmap__evictions(cg);
	cgmap__refresh(cg);
	cgmap__refresh(cg);
	assert_int_equal(cgmap__evictions(cg), ev); /* walks do not churn */
	assert_string_equal(cgmap__path(cg, ino(pod)), "/kubepods/pod1");
	snprintf(p, sizeof(p), "%s/x7/new", root);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_string_equal(cgmap__path(cg, ino(p)), "/x7/new"); /* made after: found */
	assert_string_equal(cgmap__path(cg, ino(pod)), "/kubepods/pod1");
	assert_int_equal(cgmap__count(cg), 3);
	cgmap__free(cg);
}

/* The kernel tells a cgroup's rmdir only after it left the tree: a cgroup
 * removed as a lookup began is in neither the walk nor the record, until the
 * record arrives, here during the walk. */
static int gone_told_late(void *ctx, uint64_t id, char *path, size_t len)
{
	int *calls = ctx;

	if (id != 525252 || ++*calls == 1)
		return -2;
	snprintf(path, len, "/kubepods/just-removed");
	return 0;
}

static void test_gone_told_during_walk(void **state)
{
	struct fixture *fx = *state;
	char root[128];
	struct cgmap *cg;
	int calls = 0;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new(fx->mountinfo);
	cgmap__set_gone(cg, gone_told_late, &calls);
	assert_non_null(cgmap__path(cg, 525252));
	assert_string_equal(cgmap__path(cg, 525252), "/kubepods/just-removed");
	assert_int_equal(calls, 2);
	cgmap__free(cg);
}

/*
 * A walk that looks for one id stops where it finds it; the cgroups after it
 * were not seen. An older one of those, asked for next, is still found: only
 * a walk of the whole tree rate-limits a miss (live snoop showed such a
 * cgroup as cgid:N for its first stalls).
 */
static void test_stopped_walk_not_a_miss(void **state)
{
	struct fixture *fx = *state;
	char root[128], p[512], names[16][256], rel[300];
	uint64_t inos[16];
	struct dirent *de;
	struct cgmap *cg;
	int i, j, n = 0, first = -1, later = -1;
	DIR *d;

	snprintf(root, sizeof(root), "%s/root", fx->dir);
	for (i = 0; i < 8; i++) {
		snprintf(p, sizeof(p), "%s/y%d", root, i);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	/* the walk's order: the root's entries as readdir gives them */
	d = opendir(root);
	assert_non_null(d);
	while ((de = readdir(d)) && n < 16) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(names[n], sizeof(names[n]), "%s", de->d_name);
		snprintf(p, sizeof(p), "%s/%s", root, de->d_name);
		inos[n++] = ino(p);
	}
	closedir(d);
	/* an entry walked before another that has a lower id */
	for (i = 0; i < n && first < 0; i++)
		for (j = i + 1; j < n; j++)
			if (inos[j] < inos[i]) {
				first = i;
				later = j;
				break;
			}
	if (first < 0)
		fail_msg("readdir gave the 9 entries in id order: no case to test");
	write_mountinfo(fx, NULL, root);
	cg = cgmap__new(fx->mountinfo);
	snprintf(rel, sizeof(rel), "/%s", names[first]);
	assert_string_equal(cgmap__path(cg, inos[first]), rel);
	snprintf(rel, sizeof(rel), "/%s", names[later]);
	assert_non_null(cgmap__path(cg, inos[later]));
	assert_string_equal(cgmap__path(cg, inos[later]), rel);
	cgmap__free(cg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v1_preferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_only_and_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_keeps_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_than_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stopped_walk_not_a_miss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_told_during_walk, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
