// SPDX-License-Identifier: GPL-2.0
/* The one /proc/vmstat reader: each counter under the names of the kernel it
 * runs on (per zone or per node, before and after 4.8), on buffers and on a
 * saved tree; the cross-check's snapshot reads the same numbers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "host/vmstat.h"
#include "model/xcheck.h"

#define NUMA_ROOT "tests/fixtures/roots/numa2-zrm1"

/* 6.x: allocstall per zone, pgscan/pgsteal per node, oom_kill present */
static void test_modern_names(void **state)
{
	static const char buf[] = "nr_free_pages 1000\n"
				  "allocstall_dma 1\n"
				  "allocstall_dma32 20\n"
				  "allocstall_normal 300\n"
				  "allocstall_movable 4000\n"
				  "allocstall_device 50000\n"
				  "pgsteal_kswapd 5\n"
				  "pgsteal_direct 60\n"
				  "pgsteal_khugepaged 700\n"
				  "pgsteal_proactive 8000\n"
				  "pgscan_kswapd 11\n"
				  "pgscan_direct 22\n"
				  "pgscan_direct_throttle 99\n"
				  "compact_stall 33\n"
				  "compact_fail 44\n"
				  "oom_kill 3\n"
				  "kswapd_low_wmark_hit_quickly 77\n";
	struct ms_vmstat v;

	(void)state;
	vmstat__parse(buf, &v);
	assert_true(v.ok);
	assert_int_equal(v.allocstall, 54321);
	assert_int_equal(v.pgscan_direct, 22); /* not + pgscan_direct_throttle */
	assert_int_equal(v.pgscan_kswapd, 11);
	assert_int_equal(v.pgsteal, 8765);
	assert_int_equal(v.compact_stall, 33);
	assert_int_equal(v.compact_fail, 44);
	assert_int_equal(v.oom_kill, 3);
	assert_int_equal(v.kswapd_low_wmark_hit_quickly, 77);
}

/* before 4.8: one allocstall, pgscan/pgsteal per zone; before 4.13 no oom_kill */
static void test_old_names(void **state)
{
	static const char buf[] = "allocstall 9\n"
				  "pgsteal_kswapd_dma 1\n"
				  "pgsteal_kswapd_normal 20\n"
				  "pgsteal_direct_dma32 300\n"
				  "pgsteal_direct_movable 4000\n"
				  "pgscan_kswapd_dma 1\n"
				  "pgscan_kswapd_dma32 20\n"
				  "pgscan_kswapd_normal 300\n"
				  "pgscan_direct_dma 2\n"
				  "pgscan_direct_dma32 30\n"
				  "pgscan_direct_normal 400\n"
				  "pgscan_direct_high 5000\n"
				  "pgscan_direct_movable 60000\n"
				  "pgscan_direct_throttle 7\n"
				  "compact_stall 5\n";
	struct ms_vmstat v;

	(void)state;
	vmstat__parse(buf, &v);
	assert_true(v.ok);
	assert_int_equal(v.allocstall, 9);
	assert_int_equal(v.pgscan_direct, 65432);
	assert_int_equal(v.pgscan_kswapd, 321);
	assert_int_equal(v.pgsteal, 4321);
	assert_int_equal(v.compact_stall, 5);
	assert_int_equal(v.oom_kill, 0);
}

/* a name is matched whole: allocstall_normal is not allocstall */
static void test_whole_names(void **state)
{
	struct ms_vmstat v;

	(void)state;
	vmstat__parse("allocstall_normalx 5\noom_killed 4\npgscan_directx 3\n", &v);
	assert_true(v.ok);
	assert_int_equal(v.allocstall, 0);
	assert_int_equal(v.oom_kill, 0);
	assert_int_equal(v.pgscan_direct, 0);
	vmstat__parse("", &v);
	assert_int_equal(v.allocstall + v.pgscan_direct + v.pgsteal + v.oom_kill, 0);
}

static void test_saved_tree(void **state)
{
	struct xcheck_snap snap;
	struct ms_vmstat v;

	(void)state;
	assert_int_equal(vmstat__read(NUMA_ROOT, &v), 0);
	assert_true(v.ok);
	assert_int_equal(v.allocstall, 88211 + 120445);
	assert_int_equal(v.pgscan_direct, 12044511);
	assert_int_equal(v.pgscan_kswapd, 981223412);
	assert_int_equal(v.compact_stall, 4411);
	assert_int_equal(v.compact_fail, 3980);
	assert_int_equal(v.oom_kill, 3);
	assert_int_equal(v.kswapd_low_wmark_hit_quickly, 20331);
	/* the cross-check reads the same reader */
	assert_int_equal(xcheck__snap(NUMA_ROOT, &snap), 0);
	assert_true(snap.ok);
	assert_int_equal(snap.allocstall, v.allocstall);
	assert_int_equal(snap.compact_stall, v.compact_stall);
	assert_int_equal(snap.oom_kill, v.oom_kill);
	/* no tree: an error and nothing read */
	assert_int_equal(vmstat__read("/nonexistent/memstall-root", &v), -ENOENT);
	assert_false(v.ok);
	assert_int_equal(xcheck__snap("/nonexistent/memstall-root", &snap), -ENOENT);
	assert_false(snap.ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern_names),
		cmocka_unit_test(test_old_names),
		cmocka_unit_test(test_whole_names),
		cmocka_unit_test(test_saved_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
