// SPDX-License-Identifier: GPL-2.0
/* version__get: the build's identity as the Makefile stamped it, the libbpf
 * linked in and the way this program was linked (this test is dynamic, the
 * memstall binary static: tests/pkg/version.sh checks that side). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <cmocka.h>
#include "output/version.h"

static void test_fields(void **state)
{
	struct ms_version v;
	char lib[32];
	int y, m, d;

	(void)state;
	version__get(&v);
	/* scripts/version.sh: VERSION's base, maybe +git<date>.<hash> */
	assert_non_null(v.version);
	assert_true(v.version[0] >= '0' && v.version[0] <= '9');
	assert_non_null(strchr(v.version, '.'));
	assert_int_equal(sscanf(v.build_date, "%4d-%2d-%2d", &y, &m, &d), 3);
	assert_true(y >= 2024 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
	snprintf(lib, sizeof(lib), "%u.%u", libbpf_major_version(), libbpf_minor_version());
	assert_string_equal(v.libbpf, lib);
	assert_false(v.is_static); /* cmocka tests link dynamically */
#if defined(__x86_64__)
	assert_string_equal(v.arch, "x86_64");
#elif defined(__aarch64__)
	assert_string_equal(v.arch, "aarch64");
#endif
}

static void test_record(void **state)
{
	struct ms_val vals[8];
	const struct ms_schema *sc = version__schema();
	struct ms_version v = { "1.2.3", "2026-01-02", "1.1", "x86_64", "gcc", true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ms_sink *s = sink__new_json(f);

	(void)state;
	assert_true(sc->ncols <= 8);
	version__vals(&v, vals);
	sink__record(s, sc, vals);
	sink__free(s);
	fclose(f);
	assert_string_equal(buf, "{\"type\":\"version\",\"version\":\"1.2.3\","
				 "\"build_date\":\"2026-01-02\",\"libbpf\":\"1.1\","
				 "\"static\":true,\"arch\":\"x86_64\",\"compiler\":\"gcc\"}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
