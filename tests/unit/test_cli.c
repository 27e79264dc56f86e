// SPDX-License-Identifier: GPL-2.0
/* Command-line parsing: good input accepted, bad input named, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "base/cli.h"
#include "base/util.h"

#define ARGV(...) ((char *[]){ "snoop", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "snoop", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, d, ...) cli__parse_snoop(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), o, d)

static void test_snoop_good(void **state)
{
	struct snoop_opts o;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(PARSE(&o, &d, "-p", "42", "-t", "43", "-n", "cat", "--min-us", "250", "-k",
			       "memcg,direct", "-d", "500ms", "-w", "-T", "--json", "-c",
			       "/sys/fs/cgroup/x"),
			 0);
	assert_int_equal(o.filter.tgid, 42);
	assert_int_equal(o.filter.tid, 43);
	assert_string_equal(o.filter.comm, "cat");
	assert_int_equal(o.filter.min_ns, 250000);
	assert_int_equal(o.filter.kinds, (1u << MS_KIND_MEMCG) | (1u << MS_KIND_DIRECT));
	assert_int_equal(o.duration_ns, 500000000ull);
	assert_true(o.wide && o.timestamps && o.c.json);
	assert_string_equal(o.cgroup, "/sys/fs/cgroup/x");
	assert_int_equal(d.err, 0);
	/* defaults */
	assert_int_equal(PARSE(&o, &d, "-v"), 0);
	assert_int_equal(o.filter.kinds, MS_KINDS_ALL);
	assert_int_equal(o.duration_ns, 0);
	assert_true(o.c.verbose);
	assert_int_equal(PARSE(&o, &d, "--disable", "fentry,ringbuf", "-k", "softlimit,node"), 0);
	assert_int_equal(o.c.disable, MS_FEAT_FENTRY | MS_FEAT_RINGBUF);
	assert_int_equal(o.filter.kinds, (1u << MS_KIND_SOFTLIMIT) | (1u << MS_KIND_NODE));
}

/* Each bad input fails with -EINVAL, exit code 2, and a message naming it. */
static void bad(int argc, char **argv, const char *needle)
{
	struct snoop_opts o;
	struct ms_diag d = {};
	int err = cli__parse_snoop(argc, argv, &o, &d);

	assert_int_equal(err, -22);
	assert_int_equal(diag__exit_code(&d, err), MS_EXIT_USAGE);
	if (!strstr(d.msg, needle))
		fail_msg("message '%s' does not name '%s'", d.msg, needle);
}

static void test_snoop_bad(void **state)
{
	(void)state;
	bad(ARGC("-p", "abc"), ARGV("-p", "abc"), "-p abc");
	bad(ARGC("-p", "0"), ARGV("-p", "0"), "-p 0");
	bad(ARGC("-p", "-5"), ARGV("-p", "-5"), "-p -5");
	bad(ARGC("-p", "99999999999"), ARGV("-p", "99999999999"), "-p");
	bad(ARGC("-t", ""), ARGV("-t", ""), "-t");
	bad(ARGC("-d", "5x"), ARGV("-d", "5x"), "-d 5x");
	bad(ARGC("-d", "0"), ARGV("-d", "0"), "-d 0");
	bad(ARGC("-d", "ms"), ARGV("-d", "ms"), "-d ms");
	bad(ARGC("--min-us", "1.5"), ARGV("--min-us", "1.5"), "--min-us");
	bad(ARGC("--min-us", "99999999999999999999"), ARGV("--min-us", "99999999999999999999"),
	    "--min-us");
	bad(ARGC("-k", "bogus"), ARGV("-k", "bogus"), "-k bogus");
	bad(ARGC("-k", ","), ARGV("-k", ","), "-k");
	bad(ARGC("-n", "a-very-long-command-name"), ARGV("-n", "a-very-long-command-name"), "-n");
	bad(ARGC("--disable", "magic"), ARGV("--disable", "magic"), "--disable magic");
	bad(ARGC("--bogus"), ARGV("--bogus"), "--bogus");
	bad(ARGC("-p"), ARGV("-p"), "-p");
	bad(ARGC("extra"), ARGV("extra"), "extra");
}

static void test_doctor(void **state)
{
	struct doctor_opts o;
	struct ms_diag d = {};
	char *ok[] = { "doctor", "--probes", "--json", NULL };
	char *help[] = { "doctor", "-h", NULL };
	char *nope[] = { "doctor", "--probez", NULL };

	(void)state;
	assert_int_equal(cli__parse_doctor(3, ok, &o, &d), 0);
	assert_true(o.probes && o.c.json);
	assert_int_equal(cli__parse_doctor(2, help, &o, &d), 0);
	assert_true(o.c.help);
	assert_int_equal(cli__parse_doctor(2, nope, &o, &d), -22);
}

static void test_hist(void **state)
{
	struct hist_opts o;
	struct ms_diag d = {};
	char *ok[] = { "hist", "-i",	     "1s", "-n",    "3", "--comm", "pg",
		       "--by", "comm,order", "-C", "--top", "5", NULL };
	char *bad_n[] = { "hist", "-n", "3", NULL };
	char *bad_by[] = { "hist", "--by", "colour", NULL };

	(void)state;
	assert_int_equal(cli__parse_hist(12, ok, &o, &d), 0);
	assert_int_equal(o.interval_ns, 1000000000ull);
	assert_int_equal(o.count, 3); /* -n counts intervals here, not a comm */
	assert_string_equal(o.filter.comm, "pg");
	assert_int_equal(o.by, MS_BY_COMM | MS_BY_ORDER);
	assert_true(o.cumulative);
	assert_int_equal(o.top, 5);
	assert_int_equal(cli__parse_hist(3, bad_n, &o, &d), -22);
	assert_non_null(strstr(d.msg, "-i"));
	d.err = 0;
	assert_int_equal(cli__parse_hist(3, bad_by, &o, &d), -22);
	assert_non_null(strstr(d.msg, "colour"));
}

static void test_durations(void **state)
{
	uint64_t ns;

	(void)state;
	assert_int_equal(util__parse_duration_ns("5", &ns), 0);
	assert_int_equal(ns, 5000000000ull);
	assert_int_equal(util__parse_duration_ns("2m", &ns), 0);
	assert_int_equal(ns, 120000000000ull);
	assert_int_equal(util__parse_duration_ns("1h", &ns), 0);
	assert_int_equal(util__parse_duration_ns("250us", &ns), 0);
	assert_int_equal(ns, 250000ull);
	assert_int_equal(util__parse_duration_ns("", &ns), -22);
	assert_int_equal(util__parse_duration_ns("s", &ns), -22);
	assert_int_equal(util__parse_duration_ns("-1s", &ns), -22);
	assert_int_equal(util__parse_duration_ns("99999999999999h", &ns), -34);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snoop_good), cmocka_unit_test(test_snoop_bad),
		cmocka_unit_test(test_doctor),	   cmocka_unit_test(test_hist),
		cmocka_unit_test(test_durations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
