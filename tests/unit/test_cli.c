// SPDX-License-Identifier: GPL-2.0
/* Command-line parsing: good input accepted, bad input named, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "cli/cli.h"
#include "cli/cli_export.h"
#include "cli/cli_record.h"
#include "cli/cli_stacks.h"
#include "base/util.h"
#include "kernel/kfeatures.h"
#include "model/event.h"
#include "model/hist.h"

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
	/* --buffer-size: bytes or K, M, G; default 0 (the host's) */
	assert_int_equal(o.buffer_bytes, 0);
	assert_int_equal(PARSE(&o, &d, "--buffer-size", "8M"), 0);
	assert_int_equal(o.buffer_bytes, 8ul << 20);
	assert_int_equal(PARSE(&o, &d, "--buffer-size", "4096"), 0);
	assert_int_equal(o.buffer_bytes, 4096);
	assert_int_equal(PARSE(&o, &d, "--buffer-size", "1g"), 0);
	assert_int_equal(o.buffer_bytes, 1ul << 30);
	/* --stacks reuses a task's last walk by default; --exact-stacks implies
	 * --stacks and walks every stall */
	assert_false(o.stacks || o.exact_stacks);
	assert_int_equal(PARSE(&o, &d, "--stacks"), 0);
	assert_true(o.stacks && !o.exact_stacks);
	assert_int_equal(PARSE(&o, &d, "--exact-stacks"), 0);
	assert_true(o.stacks && o.exact_stacks);
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
	bad(ARGC("--buffer-size", "3M"), ARGV("--buffer-size", "3M"), "--buffer-size 3M");
	bad(ARGC("--buffer-size", "2K"), ARGV("--buffer-size", "2K"), "power of two from 4K");
	bad(ARGC("--buffer-size", "2G"), ARGV("--buffer-size", "2G"), "--buffer-size 2G");
	bad(ARGC("--buffer-size", "M"), ARGV("--buffer-size", "M"), "--buffer-size M");
	bad(ARGC("--bogus"), ARGV("--bogus"), "--bogus");
	bad(ARGC("-p"), ARGV("-p"), "-p");
	bad(ARGC("extra"), ARGV("extra"), "extra");
}

/* A parser's bad input: -EINVAL, exit code 2, one line naming the input. */
static void check_bad(int err, const struct ms_diag *d, const char *needle)
{
	assert_int_equal(err, -22);
	assert_int_equal(diag__exit_code(d, err), MS_EXIT_USAGE);
	if (!strstr(d->msg, needle))
		fail_msg("message '%s' does not name '%s'", d->msg, needle);
	if (strchr(d->msg, '\n'))
		fail_msg("message '%s' is not one line", d->msg);
}

#define EXPECT_BAD(parse, type, needle, ...)                          \
	do {                                                          \
		char *argv_[] = { "cmd", __VA_ARGS__, NULL };         \
		struct ms_diag d_ = {};                               \
		type o_;                                              \
		int n_ = (int)(sizeof(argv_) / sizeof(argv_[0])) - 1; \
		check_bad(parse(n_, argv_, &o_, &d_), &d_, needle);   \
	} while (0)

/* The one comma-list parser and the three lists it reads. */
static void test_lists(void **state)
{
	static const struct cli_name names[] = { { "a", 1 }, { "b", 2 }, { "ab", 4 }, {} };
	unsigned int m, k;

	(void)state;
	/* -k (was event__parse_kinds) */
	assert_int_equal(cli__parse_kinds("all", &m), 0);
	assert_int_equal(m, MS_KINDS_ALL);
	assert_int_equal(cli__parse_kinds("node,memcg", &m), 0);
	assert_int_equal(m, (1u << MS_KIND_NODE) | (1u << MS_KIND_MEMCG));
	assert_int_equal(cli__parse_kinds("memcg,oops", &m), -22);
	/* every kind parses under the name its column prints */
	for (k = 0; k < MS_KIND_MAX; k++) {
		assert_int_equal(cli__parse_kinds(event__kind_name(k), &m), 0);
		assert_int_equal(m, 1u << k);
	}
	/* --by (was hist__parse_by) */
	assert_int_equal(cli__parse_by("comm,kind,order", &m), 0);
	assert_int_equal(m, MS_BY_COMM | MS_BY_ORDER);
	assert_int_equal(cli__parse_by("pid,cgroup,node,zone,gfp,tid", &m), 0);
	assert_int_equal(m, MS_BY_TGID | MS_BY_CGROUP | MS_BY_NODE | MS_BY_ZONE | MS_BY_GFP |
				    MS_BY_TID);
	assert_int_equal(cli__parse_by("comm,colour", &m), -22);
	assert_int_equal(cli__parse_by("node,lru", &m), 0);
	assert_int_equal(m, MS_BY_NODE | MS_BY_LRU);
	assert_int_equal(cli__parse_by("lru,kind", &m), 0);
	assert_int_equal(m, MS_BY_LRU);
	assert_int_equal(cli__parse_by("lrus", &m), -22);
	assert_int_equal(cli__parse_by("kind", &m), 0);
	assert_int_equal(m, 0);
	/* --disable (was features__parse_disable) */
	assert_int_equal(cli__parse_disable("tp_btf,raw_tp,ringbuf,task_storage,fentry,kprobe", &m),
			 0);
	assert_int_equal(m, MS_FEAT_TP_BTF | MS_FEAT_RAW_TP | MS_FEAT_RINGBUF |
				    MS_FEAT_TASK_STORAGE | MS_FEAT_FENTRY | MS_FEAT_KPROBE);
	assert_int_equal(cli__parse_disable("kprobes", &m), -22);
	/* whole words only, empty words skipped, no word at all refused */
	assert_int_equal(cli__parse_list("a,,b,", names, &m), 0);
	assert_int_equal(m, 3);
	assert_int_equal(cli__parse_list("ab", names, &m), 0);
	assert_int_equal(m, 4);
	assert_int_equal(cli__parse_list("a,abc", names, &m), -22);
	assert_int_equal(cli__parse_list("A", names, &m), -22);
	assert_int_equal(cli__parse_list("", names, &m), -22);
	assert_int_equal(cli__parse_list(",,", names, &m), -22);
	assert_int_equal(cli__parse_list("a b", names, &m), -22);
	/* on the command line: the option, the input and the words to use */
	EXPECT_BAD(cli__parse_hist, struct hist_opts, "--by: empty list (use pid,", "--by", "");
	EXPECT_BAD(cli__parse_hist, struct hist_opts, "--by a,b: unknown key (use pid,", "--by",
		   "a,b");
	EXPECT_BAD(cli__parse_snoop, struct snoop_opts, "-k: empty list (use direct,", "-k", ",");
	EXPECT_BAD(cli__parse_top, struct top_opts, "--disable: empty list (use tp_btf,",
		   "--disable", "");
	EXPECT_BAD(cli__parse_top, struct top_opts, "--disable kprobes: unknown feature (use",
		   "--disable", "kprobes");
}

/* doctor's parser as memstall doctor runs it: the audit and --probes. */
static void test_doctor(void **state)
{
	struct doctor_opts o;
	struct ms_diag d = {};
	char *ok[] = { "doctor", "--probes", "--json", NULL };
	char *help[] = { "doctor", "-h", NULL };
	char *nope[] = { "doctor", "--probez", NULL };
	char *none[] = { "doctor", NULL };
	char *audit[] = { "doctor", "--root", "/tmp/tree", "--sample", "0", "-v", NULL };
	char *probes[] = { "doctor",	    "--probes", "--btf", "/b", "--disable",
			   "fentry,kprobe", "--sample", "500ms", NULL };

	(void)state;
	assert_int_equal(cli__parse_doctor(3, ok, &o, &d), 0);
	assert_true(o.probes && o.c.json);
	assert_int_equal(cli__parse_doctor(2, help, &o, &d), 0);
	assert_true(o.c.help);
	assert_int_equal(cli__parse_doctor(2, nope, &o, &d), -22);
	d.err = 0;
	assert_int_equal(cli__parse_doctor(1, none, &o, &d), 0);
	assert_false(o.probes || o.c.json || o.c.help);
	assert_string_equal(o.root, "/");
	assert_int_equal(o.sample_ns, 1000000000ull);
	assert_int_equal(cli__parse_doctor(6, audit, &o, &d), 0);
	assert_string_equal(o.root, "/tmp/tree");
	assert_int_equal(o.sample_ns, 0);
	assert_true(o.c.verbose && !o.probes);
	assert_int_equal(cli__parse_doctor(8, probes, &o, &d), 0);
	assert_true(o.probes);
	assert_string_equal(o.root, "/");
	assert_string_equal(o.c.btf_path, "/b");
	assert_int_equal(o.c.disable, MS_FEAT_FENTRY | MS_FEAT_KPROBE);
	assert_int_equal(o.sample_ns, 500000000ull);
	assert_int_equal(d.err, 0);

	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "near '--probez'", "--probez");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "unexpected argument 'x'", "x");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "--sample 5x", "--sample", "5x");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "--sample 61s", "--sample", "61s");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "--root", "--root", "");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "near '--root'", "--root");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "--disable magic", "--disable", "magic");
	EXPECT_BAD(cli__parse_doctor, struct doctor_opts, "-k", "-k", "direct");
	{ /* --probes looks at the running kernel: --root cannot apply */
		char *both[] = { "doctor", "--probes", "--root", "/tmp/tree", NULL };
		struct ms_diag d2 = {};

		assert_int_equal(cli__parse_doctor(4, both, &o, &d2), -22);
		assert_int_equal(diag__exit_code(&d2, -22), MS_EXIT_USAGE);
		assert_non_null(strstr(d2.msg, "--root"));
	}
}

static void test_oom(void **state)
{
	struct oom_opts o;
	struct ms_diag d = {};
	char *ok[] = { "oom", "-p",	"7",  "-t", "8",	 "-c",	"/sys/x",
		       "-n",  "bash",	"-d", "2s", "--history", "30s", "--wait-reaper",
		       "0",   "--json", NULL };
	char *none[] = { "oom", NULL };

	(void)state;
	assert_int_equal(cli__parse_oom(16, ok, &o, &d), 0);
	assert_int_equal(o.filter.tgid, 7);
	assert_int_equal(o.filter.tid, 8);
	assert_string_equal(o.cgroup, "/sys/x");
	assert_string_equal(o.filter.comm, "bash");
	assert_int_equal(o.duration_ns, 2000000000ull);
	assert_int_equal(o.history_ns, 30000000000ull);
	assert_int_equal(o.wait_ns, 0);
	assert_true(o.c.json);
	assert_int_equal(cli__parse_oom(1, none, &o, &d), 0);
	assert_int_equal(o.filter.kinds, MS_KINDS_ALL);
	assert_int_equal(o.history_ns, 10000000000ull);
	assert_int_equal(o.wait_ns, 2000000000ull);
	assert_int_equal(o.duration_ns, 0);
	assert_int_equal(d.err, 0);

	EXPECT_BAD(cli__parse_oom, struct oom_opts, "--history 0", "--history", "0");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "--history x", "--history", "x");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "--wait-reaper 5x", "--wait-reaper", "5x");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "-d 0", "-d", "0");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "-p abc", "-p", "abc");
	/* kinds are fixed: everything a kill's story needs */
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "--kinds does not apply", "-k", "direct");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "--kinds does not apply", "--kinds", "direct");
	EXPECT_BAD(cli__parse_oom, struct oom_opts, "unexpected argument 'now'", "now");
}

static void test_explain(void **state)
{
	struct explain_opts o;
	struct ms_diag d = {};
	char *ok[] = { "explain", "--json", "--kernel", "5.10.0-8-amd64", "kern.log", NULL };
	char *dash[] = { "explain", "-", NULL };
	char *none[] = { "explain", NULL };
	char *help[] = { "explain", "--help", NULL };

	(void)state;
	assert_int_equal(cli__parse_explain(5, ok, &o, &d), 0);
	assert_true(o.c.json);
	assert_string_equal(o.kernel, "5.10.0-8-amd64");
	assert_string_equal(o.file, "kern.log");
	assert_int_equal(cli__parse_explain(2, dash, &o, &d), 0);
	assert_string_equal(o.file, "-");
	assert_int_equal(cli__parse_explain(1, none, &o, &d), 0);
	assert_null(o.file);
	assert_null(o.kernel);
	assert_false(o.c.json || o.c.help);
	assert_int_equal(cli__parse_explain(2, help, &o, &d), 0);
	assert_true(o.c.help);
	assert_int_equal(d.err, 0);

	EXPECT_BAD(cli__parse_explain, struct explain_opts, "--kernel banana", "--kernel",
		   "banana");
	EXPECT_BAD(cli__parse_explain, struct explain_opts, "unexpected argument 'b'", "a", "b");
	EXPECT_BAD(cli__parse_explain, struct explain_opts, "near '--frob'", "--frob");
	EXPECT_BAD(cli__parse_explain, struct explain_opts, "near '--kernel'", "--kernel");
	/* the tracing options are not explain's */
	EXPECT_BAD(cli__parse_explain, struct explain_opts, "near '-v'", "-v");
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

#define RUN(parse, o, d, ...)                                                   \
	parse((int)(sizeof((char *[]){ "cmd", __VA_ARGS__ }) / sizeof(char *)), \
	      (char *[]){ "cmd", __VA_ARGS__, NULL }, o, d)

/* record: its own options, the shared ones (cli__privs_opt), the shared
 * messages of a bad option and a stray argument */
static void test_record(void **state)
{
	struct record_opts o;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(RUN(cli__parse_record, &o, &d, "-d", "3s", "-i", "500ms", "-o", "b",
			     "--when", "oom", "--pre", "2s", "--keep", "--cooldown", "1s",
			     "--max-captures", "2", "--html", "r.html", "--top", "7", "-k", "memcg",
			     "--user-stacks", "--user", "nobody", "--keep-caps", "--btf", "/x.btf",
			     "-v"),
			 0);
	assert_int_equal(o.duration_ns, 3000000000ull);
	assert_int_equal(o.interval_ns, 500000000ull);
	assert_string_equal(o.out, "b");
	assert_int_equal(o.when.kind, TRIG_OOM);
	assert_int_equal(o.pre_ns, 2000000000ull);
	assert_true(o.keep && o.stacks && o.user_stacks && o.privs.keep_caps && o.c.verbose);
	assert_int_equal(o.cooldown_ns, 1000000000ull);
	assert_int_equal(o.max_captures, 2);
	assert_string_equal(o.html, "r.html");
	assert_int_equal(o.top, 7);
	assert_int_equal(o.kinds, 1u << MS_KIND_MEMCG);
	assert_string_equal(o.privs.user, "nobody");
	assert_string_equal(o.c.btf_path, "/x.btf");
	/* defaults */
	assert_int_equal(RUN(cli__parse_record, &o, &d, "-h"), 0);
	assert_true(o.c.help);
	assert_int_equal(o.duration_ns, 10000000000ull);
	assert_int_equal(o.max_captures, 0); /* help: not checked */
	assert_int_equal(RUN(cli__parse_record, &o, &d, "--stacks"), 0);
	assert_true(o.stacks && !o.user_stacks && !o.privs.user && !o.privs.keep_caps);
	assert_int_equal(o.max_captures, 1);
	assert_int_equal(o.pre_ns, 0);
	assert_int_equal(RUN(cli__parse_record, &o, &d, "--when", "oom"), 0);
	assert_int_equal(o.pre_ns, 30000000000ull);
	assert_int_equal(d.err, 0);

	EXPECT_BAD(cli__parse_record, struct record_opts, "near '--bogus'", "--bogus");
	EXPECT_BAD(cli__parse_record, struct record_opts, "near '--user'", "--user");
	EXPECT_BAD(cli__parse_record, struct record_opts, "near '--json'", "--json");
	EXPECT_BAD(cli__parse_record, struct record_opts, "see 'memstall record --help'", "-x");
	EXPECT_BAD(cli__parse_record, struct record_opts, "unexpected argument 'now'", "now");
	EXPECT_BAD(cli__parse_record, struct record_opts, "--duration 0: expected", "-d", "0");
	EXPECT_BAD(cli__parse_record, struct record_opts, "--pre 11m: expected at most 10m",
		   "--when", "oom", "--pre", "11m");
	EXPECT_BAD(cli__parse_record, struct record_opts, "need --when", "--pre", "5s");
	EXPECT_BAD(cli__parse_record, struct record_opts, "--top 0", "--top", "0");
	EXPECT_BAD(cli__parse_record, struct record_opts, "-k bogus: expected kinds", "-k",
		   "bogus");
	EXPECT_BAD(cli__parse_record, struct record_opts, "--when 'load>5'", "--when", "load>5");
}

static void test_export_report(void **state)
{
	struct export_opts o;
	struct report_opts r;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(RUN(cli__parse_export, &o, &d, "-l", ":9", "--textfile", "t.prom", "-i",
			     "1s", "-d", "5s", "--by", "pod,node", "--max-series", "9", "--retain",
			     "2m", "-k", "memcg", "--web-config", "w.yml", "--user", "nobody",
			     "--bpf-stats", "--keep-caps", "--btf", "/x", "-v"),
			 0);
	assert_string_equal(o.listen, ":9");
	assert_string_equal(o.textfile, "t.prom");
	assert_int_equal(o.interval_ns, 1000000000ull);
	assert_int_equal(o.duration_ns, 5000000000ull);
	assert_int_equal(o.by, HIST_BY_POD | MS_BY_NODE);
	assert_int_equal(o.max_series, 9);
	assert_int_equal(o.retain_ns, 120000000000ull);
	assert_int_equal(o.kinds, 1u << MS_KIND_MEMCG);
	assert_string_equal(o.web_config, "w.yml");
	assert_string_equal(o.privs.user, "nobody");
	assert_true(o.bpf_stats && o.privs.keep_caps && o.c.verbose);
	assert_string_equal(o.c.btf_path, "/x");
	assert_int_equal(RUN(cli__parse_export, &o, &d, "--textfile", "t.prom"), 0);
	assert_null(o.listen);
	assert_int_equal(RUN(cli__parse_export, &o, &d, "-h"), 0);
	assert_true(o.c.help);
	assert_string_equal(o.listen, ":" EXPORT_DEFAULT_PORT);
	assert_int_equal(o.by, MS_BY_CGROUP);
	assert_int_equal(d.err, 0);
	EXPECT_BAD(cli__parse_export, struct export_opts, "near '--bogus'", "--bogus");
	EXPECT_BAD(cli__parse_export, struct export_opts, "near '-l'", "-l");
	EXPECT_BAD(cli__parse_export, struct export_opts, "near '--disable'", "--disable", "x");
	EXPECT_BAD(cli__parse_export, struct export_opts, "unexpected argument 'x'", "x");
	EXPECT_BAD(cli__parse_export, struct export_opts, "no pid/tid", "--by", "pid");
	EXPECT_BAD(cli__parse_export, struct export_opts, "--retain 0", "--retain", "0");

	assert_int_equal(RUN(cli__parse_report, &r, &d, "b.tar.gz", "--html", "-"), 0);
	assert_string_equal(r.bundle, "b.tar.gz");
	assert_string_equal(r.html, "-");
	assert_int_equal(RUN(cli__parse_report, &r, &d, "--help"), 0);
	assert_true(r.help);
	EXPECT_BAD(cli__parse_report, struct report_opts, "near '--bogus'", "--bogus");
	EXPECT_BAD(cli__parse_report, struct report_opts, "near '--html'", "b", "--html");
	EXPECT_BAD(cli__parse_report, struct report_opts, "give one BUNDLE", "a", "b");
	EXPECT_BAD(cli__parse_report, struct report_opts, "add --html FILE", "a");
}

static void test_stacks(void **state)
{
	struct stacks_opts o;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(RUN(cli__parse_stacks, &o, &d, "-d", "2s", "--user", "--by", "pid",
			     "--folded", "--count", "--top", "3", "--comm", "pg", "-k", "memcg,oom",
			     "--btf", "/x", "--disable", "fentry", "-v"),
			 0);
	assert_int_equal(o.duration_ns, 2000000000ull);
	assert_true(o.user && o.count && o.c.verbose);
	assert_int_equal(o.by, MS_BY_TGID);
	assert_int_equal(o.format, STACKS_FOLDED);
	assert_int_equal(o.top, 3);
	assert_string_equal(o.filter.comm, "pg");
	assert_int_equal(o.filter.kinds, 1u << MS_KIND_MEMCG); /* oom has no stack */
	assert_int_equal(o.c.disable, MS_FEAT_FENTRY);
	assert_int_equal(RUN(cli__parse_stacks, &o, &d, "--json"), 0);
	assert_int_equal(o.format, STACKS_JSON);
	assert_int_equal(RUN(cli__parse_stacks, &o, &d, "--svg", "f.svg"), 0);
	assert_int_equal(o.format, STACKS_SVG);
	assert_int_equal(d.err, 0);
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "exclude each other", "--folded",
		   "--json");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "exclude each other", "--json", "--svg",
		   "x");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "comm, cgroup or pid", "--by", "node");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "no kind with a stack", "-k", "oom");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "near '-n'", "-n", "3");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "near '--bogus'", "--bogus");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "unexpected argument 'x'", "x");
	EXPECT_BAD(cli__parse_stacks, struct stacks_opts, "--svg '': expected", "--svg", "");
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
	/* would wrap a deadline: out of range, not "at once" */
	assert_int_equal(util__parse_duration_ns("18446744073", &ns), -34);
	assert_int_equal(util__parse_duration_ns("8760h", &ns), 0);
	assert_int_equal(util__parse_duration_ns("8761h", &ns), -34);
	assert_int_equal(util__parse_duration_ns("31536001s", &ns), -34);
}

/* Huge -d / -i values are refused with exit 2, for snoop, hist and top. */
static void test_huge_durations(void **state)
{
	struct snoop_opts so;
	struct hist_opts ho;
	struct top_opts to;
	struct ms_diag d = {};
	char *sd[] = { "snoop", "-d", "18446744073", NULL };
	char *hd[] = { "hist", "-d", "18446744073", NULL };
	char *hi[] = { "hist", "-i", "18446744073", NULL };
	char *ti[] = { "top", "-b", "-i", "18446744073", NULL };

	(void)state;
	assert_int_equal(cli__parse_snoop(3, sd, &so, &d), -22);
	assert_int_equal(diag__exit_code(&d, -22), MS_EXIT_USAGE);
	assert_non_null(strstr(d.msg, "8760h"));
	d = (struct ms_diag){};
	assert_int_equal(cli__parse_hist(3, hd, &ho, &d), -22);
	assert_non_null(strstr(d.msg, "-d 18446744073"));
	d = (struct ms_diag){};
	assert_int_equal(cli__parse_hist(3, hi, &ho, &d), -22);
	assert_non_null(strstr(d.msg, "-i 18446744073"));
	d = (struct ms_diag){};
	assert_int_equal(cli__parse_top(4, ti, &to, &d), -22);
	assert_int_equal(diag__exit_code(&d, -22), MS_EXIT_USAGE);
	assert_non_null(strstr(d.msg, "-i 18446744073"));
}

/* stacks and record: --exact-stacks (a walk per stall) off by default */
static void test_exact_stacks(void **state)
{
	char *st[] = { "stacks", "--user", NULL }, *ste[] = { "stacks", "--exact-stacks", NULL };
	char *rec[] = { "record", "--stacks", NULL },
	     *rece[] = { "record", "--exact-stacks", NULL };
	struct stacks_opts so;
	struct record_opts ro;
	struct ms_diag d = {};

	(void)state;
	assert_int_equal(cli__parse_stacks(2, st, &so, &d), 0);
	assert_true(so.user && !so.exact);
	assert_int_equal(cli__parse_stacks(2, ste, &so, &d), 0);
	assert_true(so.exact && !so.user);
	assert_int_equal(cli__parse_record(2, rec, &ro, &d), 0);
	assert_true(ro.stacks && !ro.exact_stacks && !ro.user_stacks);
	assert_int_equal(cli__parse_record(2, rece, &ro, &d), 0);
	assert_true(ro.stacks && ro.exact_stacks && !ro.user_stacks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snoop_good),    cmocka_unit_test(test_snoop_bad),
		cmocka_unit_test(test_lists),	      cmocka_unit_test(test_doctor),
		cmocka_unit_test(test_oom),	      cmocka_unit_test(test_explain),
		cmocka_unit_test(test_hist),	      cmocka_unit_test(test_record),
		cmocka_unit_test(test_export_report), cmocka_unit_test(test_stacks),
		cmocka_unit_test(test_durations),     cmocka_unit_test(test_huge_durations),
		cmocka_unit_test(test_exact_stacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
