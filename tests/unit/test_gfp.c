// SPDX-License-Identifier: GPL-2.0
/* GFP decoding from saved tracepoint formats of 6.1, 6.12 and 6.18, from
 * BTF, and from the static layouts. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <bpf/btf.h>
#include "model/gfp.h"
#include "base/util.h"

#define FMT_DIR "tests/fixtures/formats/"

static struct gfp_table *load_format(const char *ver, const char *event)
{
	char path[256], *buf = malloc(1 << 16);
	struct gfp_table *t;
	long n;

	assert_non_null(buf);
	snprintf(path, sizeof(path), FMT_DIR "%s/%s.format", ver, event);
	n = util__read_file(path, buf, 1 << 16);
	assert_true(n > 0);
	t = gfp_table__new_format(buf, n);
	free(buf);
	return t;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "A|B|C" with its names sorted, so sources that print in a different order
 * (each kernel's table has its own) compare equal when they name the same
 * flags. */
static void canonical(const char *in, char *out, size_t len)
{
	char buf[512], *tok, *save = NULL, *names[64];
	size_t n = 0, i, off = 0;

	snprintf(buf, sizeof(buf), "%s", in);
	for (tok = strtok_r(buf, "|", &save); tok && n < 64; tok = strtok_r(NULL, "|", &save))
		names[n++] = tok;
	qsort(names, n, sizeof(names[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += snprintf(out + off, len - off, "%s%s", i ? "|" : "", names[i]);
}

static void expect(const struct gfp_table *t, uint64_t gfp, const char *want)
{
	char buf[512], a[512], b[512];

	gfp_table__format(t, gfp, buf, sizeof(buf));
	canonical(buf, a, sizeof(a));
	canonical(want, b, sizeof(b));
	if (strcmp(a, b))
		fail_msg("gfp %#llx (%s): got '%s', want '%s'", (unsigned long long)gfp,
			 gfp_table__source(t), buf, want);
}

/* Exactly as the kernel prints it (its table's order). */
static void expect_exact(const struct gfp_table *t, uint64_t gfp, const char *want)
{
	char buf[512];

	gfp_table__format(t, gfp, buf, sizeof(buf));
	if (strcmp(buf, want))
		fail_msg("gfp %#llx (%s): got '%s', want exactly '%s'", (unsigned long long)gfp,
			 gfp_table__source(t), buf, want);
}

/* Values every kernel since 5.1 agrees on (bit 9 aside). */
static void common_values(const struct gfp_table *t)
{
	expect(t, 0, "none");
	expect(t, 0xcc0, "GFP_KERNEL");
	expect(t, 0x400cc0, "GFP_KERNEL_ACCOUNT");
	expect(t, 0x40cc0, "GFP_KERNEL|__GFP_COMP");
	expect(t, 0xc40, "GFP_NOFS");
	expect(t, 0xc00, "GFP_NOIO");
	expect(t, 0x100cca, "GFP_HIGHUSER_MOVABLE");
	/* the memcg-reclaim gfp seen live on 6.18 */
	expect(t, 0x112c4a,
	       "GFP_NOFS|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_HARDWALL");
	expect(t, 0x1, "GFP_DMA");
	expect(t, 0x4, "GFP_DMA32");
	expect(t, 0x8000000000ull, "0x8000000000");
	expect(t, 0xcc0 | (1ull << 40), "GFP_KERNEL|0x10000000000");
}

static void test_format_6_1(void **state)
{
	struct gfp_table *t = load_format("6.1", "vmscan__mm_vmscan_memcg_reclaim_begin");

	(void)state;
	assert_non_null(t);
	assert_string_equal(gfp_table__source(t), "format");
	common_values(t);
	/* 6.1 still has __GFP_ATOMIC at bit 9 */
	expect(t, 0xa20, "GFP_ATOMIC");
	expect(t, 0x200, "__GFP_ATOMIC");
	expect(t, 0x800, "GFP_NOWAIT");
	expect(t, 0x1c24ca, "GFP_TRANSHUGE");
	/* 6.1's table lists __GFP_MOVABLE late: its print order is kept */
	expect_exact(
		t, 0x112c4a,
		"GFP_NOFS|__GFP_HIGHMEM|__GFP_NOWARN|__GFP_NORETRY|__GFP_HARDWALL|__GFP_MOVABLE");
	gfp_table__free(t);
}

static void test_format_6_12(void **state)
{
	struct gfp_table *t = load_format("6.12", "vmscan__mm_vmscan_memcg_reclaim_begin");

	(void)state;
	assert_non_null(t);
	common_values(t);
	expect(t, 0x820, "GFP_ATOMIC");
	expect(t, 0x200, "0x200"); /* bit 9 unused since 6.3 */
	expect(t, 0x2800, "GFP_NOWAIT");
	gfp_table__free(t);
}

static void test_format_6_18(void **state)
{
	struct gfp_table *t = load_format("6.18", "vmscan__mm_vmscan_memcg_reclaim_begin");

	(void)state;
	assert_non_null(t);
	common_values(t);
	expect(t, 0x820, "GFP_ATOMIC");
	expect(t, 0x2800, "GFP_NOWAIT");
	expect(t, 0x1000000, "__GFP_NO_OBJ_EXT");
	/* as the 6.18 kernel printed it in its own trace buffer */
	expect_exact(
		t, 0x112c4a,
		"GFP_NOFS|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_HARDWALL");
	gfp_table__free(t);
}

static void test_format_other_events(void **state)
{
	static const char *const events[] = {
		"vmscan__mm_vmscan_direct_reclaim_begin",
		"vmscan__mm_vmscan_node_reclaim_begin",
		"compaction__mm_compaction_try_to_compact_pages",
		"kmem__mm_page_alloc",
	};
	static const char *const vers[] = { "6.1", "6.12", "6.18" };
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vers); i++)
		for (j = 0; j < ARRAY_SIZE(events); j++) {
			struct gfp_table *t = load_format(vers[i], events[j]);

			if (!t)
				fail_msg("%s/%s did not parse", vers[i], events[j]);
			expect(t, 0xcc0, "GFP_KERNEL");
			gfp_table__free(t);
		}
}

static void test_format_without_flags(void **state)
{
	struct gfp_table *t;

	(void)state;
	/* lru_shrink_inactive prints reclaim flags, not GFP: no GFP table */
	t = load_format("6.18", "vmscan__mm_vmscan_lru_shrink_inactive");
	if (t) /* its __print_flags is the reclaim-flags table: too small */
		assert_true(gfp_table__count(t) < 8);
	gfp_table__free(t);
	errno = 0;
	assert_null(gfp_table__new_format("garbage", 7));
	assert_true(errno != 0);
	assert_null(gfp_table__new_format("", 0));
}

static void test_static_layouts(void **state)
{
	struct gfp_table *s63 = gfp_table__new_static("6.3");
	struct gfp_table *s51 = gfp_table__new_static("5.1");
	struct gfp_table *f61 = load_format("6.1", "vmscan__mm_vmscan_memcg_reclaim_begin");
	char a[512], b[512];
	uint64_t v;
	int bit;

	(void)state;
	assert_non_null(s63);
	assert_non_null(s51);
	assert_null(gfp_table__new_static("9.9"));
	assert_string_equal(gfp_table__source(s63), "static:6.3");
	common_values(s63);
	common_values(s51);
	expect(s51, 0xa20, "GFP_ATOMIC");
	/* the 5.1 layout names every single bit below 23 as 6.1's own table */
	for (bit = 0; bit < 23; bit++) {
		v = 1ull << bit;
		assert_non_null(f61);
		gfp_table__format(s51, v, a, sizeof(a));
		gfp_table__format(f61, v, b, sizeof(b));
		if (strcmp(a, b))
			fail_msg("bit %d: static:5.1 '%s' vs 6.1 format '%s'", bit, a, b);
	}
	gfp_table__free(s63);
	gfp_table__free(s51);
	gfp_table__free(f61);
}

/* Sum of the masks of the names a table prints for gfp (plus leftovers). */
/* The per-version tables explain uses for hex-only masks (kernel-facts.md
 * composites, and seed 001's 4.9 mask). */
static void test_version_layouts(void **state)
{
	static const struct {
		const char *layout;
		uint64_t gfp;
		const char *want;
	} cases[] = {
		{ "4.4", 0x26040c0, "GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK" },
		{ "4.4", 0x24000c0, "GFP_KERNEL" },
		{ "4.4", 0x24200ca, "GFP_HIGHUSER_MOVABLE" },
		{ "4.4", 0x4342ca, "GFP_TRANSHUGE" },
		{ "4.4", 0x24201ca, "GFP_HIGHUSER_MOVABLE|__GFP_COLD" },
		{ "4.4", 0x24000d0, "GFP_TEMPORARY" },
		{ "4.10", 0x14000c0, "GFP_KERNEL" },
		{ "4.10", 0x14200ca, "GFP_HIGHUSER_MOVABLE" },
		{ "4.10", 0x4342ca, "GFP_TRANSHUGE" },
		{ "4.15", 0x14000c0, "GFP_KERNEL" },
		{ "4.15", 0x14280ca, "GFP_HIGHUSER_MOVABLE|__GFP_ZERO" },
		{ "4.18", 0x6000c0, "GFP_KERNEL" },
		{ "4.18", 0x6200ca, "GFP_HIGHUSER_MOVABLE" },
		{ "4.18", 0x2342ca, "GFP_TRANSHUGE" },
		{ "4.18", 0x480020, "GFP_ATOMIC" },
		{ "5.1", 0xcc0, "GFP_KERNEL" },
		{ "5.1", 0x100cca, "GFP_HIGHUSER_MOVABLE" },
		{ "5.1", 0x1c24ca, "GFP_TRANSHUGE" },
		{ "6.3", 0x820, "GFP_ATOMIC" },
		{ "3.0", 0xd0, "GFP_KERNEL" },
		{ "3.0", 0x201da, "GFP_HIGHUSER_MOVABLE|__GFP_COLD" },
		{ "3.0", 0x20, "GFP_ATOMIC" },
		{ "3.0", 0x50, "GFP_NOFS" },
	};
	const char *range = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct gfp_table *t = gfp_table__new_static(cases[i].layout);

		assert_non_null(t);
		expect_exact(t, cases[i].gfp, cases[i].want);
		gfp_table__free(t);
	}
	assert_string_equal(gfp__layout_for_release("4.9.0-8-amd64", &range), "4.4");
	assert_string_equal(range, "4.4 to 4.9");
	assert_string_equal(gfp__layout_for_release("3.10.0-957.el7.x86_64", NULL), "3.0");
	assert_string_equal(gfp__layout_for_release("4.14.67+", NULL), "4.10");
	assert_string_equal(gfp__layout_for_release("4.17", NULL), "4.15");
	assert_string_equal(gfp__layout_for_release("4.19.0-16-amd64", NULL), "4.18");
	assert_string_equal(gfp__layout_for_release("5.0.21", NULL), "4.18");
	assert_string_equal(gfp__layout_for_release("5.10.168-android12", NULL), "5.1");
	assert_string_equal(gfp__layout_for_release("6.2", NULL), "5.1");
	assert_string_equal(gfp__layout_for_release("6.18.44", NULL), "6.3");
	assert_null(gfp__layout_for_release("banana", NULL));
	assert_null(gfp__layout_for_release(NULL, NULL));
	assert_null(gfp__layout_for_release("1.2", NULL));
	assert_string_equal(gfp__zone_name(gfp__zone(0xcc0)), "Normal");
	assert_string_equal(gfp__zone_name(gfp__zone(0x100cca)), "Movable");
	assert_string_equal(gfp__zone_name(gfp__zone(0x4)), "DMA32");
	assert_string_equal(gfp__zone_name(gfp__zone(0x1)), "DMA");
}

static uint64_t covered(const struct gfp_table *t, uint64_t gfp)
{
	const char *names[GFP_MAX_NAMES];
	uint64_t rest, m = 0;
	int i, n = gfp_table__names(t, gfp, names, GFP_MAX_NAMES, &rest);

	for (i = 0; i < n; i++)
		m |= gfp_table__mask(t, names[i]);
	return m | rest;
}

static void test_btf_matches_format(void **state)
{
	struct btf *btf = btf__load_vmlinux_btf();
	struct gfp_table *b, *f;
	char x[512], y[512];
	int bit;

	(void)state;
	if (!btf) {
		skip();
		return;
	}
	b = gfp_table__new_btf(btf);
	btf__free(btf);
	if (!b) { /* kernel without the ___GFP_*_BIT enum */
		skip();
		return;
	}
	assert_string_equal(gfp_table__source(b), "btf");
	common_values(b);
	f = gfp_table__for_kernel(NULL); /* tracefs format if mounted, else static */
	assert_non_null(f);
	for (bit = 0; bit < 26; bit++) {
		uint64_t v = 1ull << bit;

		/* both name exactly the bit, nothing more or less */
		assert_int_equal(covered(b, v), v);
		assert_int_equal(covered(f, v), v);
		gfp_table__format(b, v, x, sizeof(x));
		gfp_table__format(f, v, y, sizeof(y));
		/* and agree on the name where both print a single flag (a
		 * composite such as 6.16's GFP_NOWAIT may differ) */
		if (!strcmp(gfp_table__source(f), "format") && !strncmp(x, "__GFP_", 6) &&
		    !strncmp(y, "__GFP_", 6) && strcmp(x, y))
			fail_msg("bit %d: btf '%s' vs format '%s'", bit, x, y);
	}
	gfp_table__free(b);
	gfp_table__free(f);
}

static void test_names_api(void **state)
{
	struct gfp_table *t = gfp_table__new_static("6.3");
	const char *names[4];
	uint64_t rest;
	char small[8];
	int n;

	(void)state;
	n = gfp_table__names(t, 0x40cc0 | (1ull << 40), names, 4, &rest);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "GFP_KERNEL");
	assert_string_equal(names[1], "__GFP_COMP");
	assert_int_equal(rest, 1ull << 40);
	assert_int_equal(gfp_table__mask(t, "__GFP_COMP"), 0x40000);
	assert_int_equal(gfp_table__mask(t, "nope"), 0);
	/* truncation is safe */
	gfp_table__format(t, 0x40cc0, small, sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	gfp_table__free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_6_1),
		cmocka_unit_test(test_format_6_12),
		cmocka_unit_test(test_format_6_18),
		cmocka_unit_test(test_format_other_events),
		cmocka_unit_test(test_format_without_flags),
		cmocka_unit_test(test_static_layouts),
		cmocka_unit_test(test_version_layouts),
		cmocka_unit_test(test_btf_matches_format),
		cmocka_unit_test(test_names_api),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
