// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli/cli_record.h"
#include "base/util.h"

enum {
	OPT_WHEN = CLI_OPT_OWN + 0x80,
	OPT_PRE,
	OPT_COOLDOWN,
	OPT_MAX_CAPTURES,
	OPT_KEEP,
	OPT_HTML,
	OPT_TOP,
	OPT_STACKS,
	OPT_USER_STACKS,
	OPT_EXACT_STACKS,
};

void cli__usage_record(FILE *f)
{
	fprintf(f, "Usage: memstall record [OPTIONS]\n\n"
		   "Record an incident into a bundle: stall histograms per interval (in the\n"
		   "kernel), OOM kills with their story, compaction, stall time by process and\n"
		   "cgroup, the cross-check, /proc before and after, doctor's findings.\n"
		   "With --when, wait armed (histograms only) until the trigger fires.\n"
		   "Capabilities are dropped once attached.\n\n"
		   "  -d, --duration DUR      length of a capture (default 10s)\n"
		   "  -i, --interval DUR      one histogram per interval (default 1s)\n"
		   "  -o, --output BUNDLE     a new directory, or NAME.tar.gz (default\n"
		   "                          memstall-record-DATE-TIME)\n"
		   "      --when TRIGGER      arm: 'psi some|full STALL/WINDOW [cgroup=PATH]'\n"
		   "                          (window 500ms..10s), 'oom', 'stall>DUR',\n"
		   "                          'compact-fail'\n"
		   "      --pre DUR           with --when: keep the last DUR of histograms\n"
		   "                          while armed (default 30s, at most 10m)\n"
		   "      --cooldown DUR      with --keep: wait DUR after a capture (default 60s)\n"
		   "      --max-captures N    stop after N captures (default 1; --keep: no limit)\n"
		   "      --keep              stay armed after a capture: one bundle each\n"
		   "                          (BUNDLE-1, BUNDLE-2, ...)\n"
		   "      --html FILE         also write the report (memstall report)\n"
		   "      --top N             rows per interval in the bundle (default 200)\n"
		   "      --stacks            also stall time by kernel stack (stacks.jsonl,\n"
		   "                          the report's flame graph)\n"
		   "      --user-stacks       --stacks with the user stacks above them (they\n"
		   "                          need frame pointers)\n"
		   "      --exact-stacks      --stacks walking the stacks at every stall (by\n"
		   "                          default a task's stall reuses the stacks of its\n"
		   "                          last one from the same call site for up to 255\n"
		   "                          stalls or 100 ms)\n"
		   "  -k, --kinds LIST        direct,memcg,softlimit,node,compact,oom,kswapd,high\n"
		   "      --user USER         switch to USER once attached\n"
		   "      --keep-caps         do not drop capabilities (debugging)\n"
		   "      --btf PATH          BTF for CO-RE\n"
		   "  -v, --verbose           libbpf messages\n");
}

void cli__usage_report(FILE *f)
{
	fprintf(f, "Usage: memstall report BUNDLE --html FILE\n\n"
		   "Render a bundle of memstall record (directory or .tar.gz) as one\n"
		   "self-contained HTML file: latency heatmap, stall time by cgroup and\n"
		   "process, histograms per kind, the flame graph (record --stacks), OOM\n"
		   "stories, compaction, findings, manifest.\n\n"
		   "      --html FILE         write the report to FILE ('-': standard output)\n");
}

/* record's options while they are parsed: whether --pre was given */
struct record_parse {
	struct record_opts *o;
	bool pre_set;
};

static int dur(const char *opt, const char *arg, uint64_t *v, bool zero_ok, struct ms_diag *d)
{
	return util__parse_duration_ns(arg, v) || (!zero_ok && !*v)
		       ? cli__bad(d, opt, arg, "a duration such as 10s, 500ms or 2m")
		       : 1;
}

/* record's options: 1 taken, 0 not one, <0 error */
static int record_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct record_parse *p = ctx;
	struct record_opts *o = p->o;

	switch (c) {
	case 'd':
		return dur("--duration", arg, &o->duration_ns, false, d);
	case 'i':
		return dur("--interval", arg, &o->interval_ns, false, d);
	case 'o':
		o->out = arg;
		return 1;
	case OPT_WHEN:
		o->when_arg = arg;
		return trigger__parse(arg, &o->when, d) ? -EINVAL : 1;
	case OPT_PRE:
		p->pre_set = true;
		if (dur("--pre", arg, &o->pre_ns, true, d) < 0)
			return -EINVAL;
		return o->pre_ns > RECORD_MAX_PRE_NS ? cli__bad(d, "--pre", arg, "at most 10m") : 1;
	case OPT_COOLDOWN:
		return dur("--cooldown", arg, &o->cooldown_ns, true, d);
	case OPT_MAX_CAPTURES:
		return util__parse_u32(arg, &o->max_captures) || !o->max_captures
			       ? cli__bad(d, "--max-captures", arg, "a number (1 or more)")
			       : 1;
	case OPT_KEEP:
		o->keep = true;
		return 1;
	case OPT_HTML:
		o->html = arg;
		return 1;
	case OPT_TOP:
		return util__parse_u32(arg, &o->top) || !o->top || o->top > 10000
			       ? cli__bad(d, "--top", arg, "a number of rows (1 to 10000)")
			       : 1;
	case 'k':
		return cli__kinds_opt(
			arg, &o->kinds,
			"kinds among direct,memcg,softlimit,node,compact,oom,kswapd,high", d);
	case OPT_STACKS:
	case OPT_USER_STACKS:
	case OPT_EXACT_STACKS:
		o->stacks = true;
		o->user_stacks |= c == OPT_USER_STACKS;
		o->exact_stacks |= c == OPT_EXACT_STACKS;
		return 1;
	default:
		return cli__privs_opt(c, arg, &o->c, &o->privs, d);
	}
}

static int check(struct record_opts *o, bool pre_set, struct ms_diag *d)
{
	if (o->when.kind == TRIG_NONE && (pre_set || o->keep))
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "record: --pre and --keep need --when TRIGGER (without it "
				  "recording starts at once)");
	if (!pre_set && o->when.kind != TRIG_NONE)
		o->pre_ns = 30000000000ull;
	if (o->pre_ns && o->pre_ns < o->interval_ns)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "record: --pre is shorter than one --interval: give at least "
				  "one interval or 0");
	if (!o->max_captures)
		o->max_captures = o->keep ? 0 : 1;
	if (o->max_captures > 1 && !o->keep)
		o->keep = true;
	return 0;
}

int cli__parse_record(int argc, char **argv, struct record_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "when", required_argument, NULL, OPT_WHEN },
		{ "pre", required_argument, NULL, OPT_PRE },
		{ "cooldown", required_argument, NULL, OPT_COOLDOWN },
		{ "max-captures", required_argument, NULL, OPT_MAX_CAPTURES },
		{ "keep", no_argument, NULL, OPT_KEEP },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "kinds", required_argument, NULL, 'k' },
		{ "stacks", no_argument, NULL, OPT_STACKS },
		{ "user-stacks", no_argument, NULL, OPT_USER_STACKS },
		{ "exact-stacks", no_argument, NULL, OPT_EXACT_STACKS },
		CLI_PRIVS_LONG_OPTS,
		{},
	};
	struct record_parse p = { .o = o };

	memset(o, 0, sizeof(*o));
	o->kinds = MS_KINDS_ALL;
	o->duration_ns = 10000000000ull;
	o->interval_ns = 1000000000ull;
	o->cooldown_ns = 60000000000ull;
	o->top = 200;
	o->argc = argc;
	o->argv = argv;
	if (cli__getopt(argc, argv, "record", "d:i:o:k:vh", longopts, record_opt, &p, d) ||
	    cli__no_extra_args(argc, argv, "record", d))
		return -EINVAL;
	return o->c.help ? 0 : check(o, p.pre_set, d);
}

static int report_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct report_opts *o = ctx;

	(void)d;
	if (c == 'h')
		o->help = true;
	else if (c == 'H')
		o->html = arg;
	else
		return 0;
	return 1;
}

int cli__parse_report(int argc, char **argv, struct report_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "html", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};

	memset(o, 0, sizeof(*o));
	if (cli__getopt(argc, argv, "report", "h", longopts, report_opt, o, d))
		return -EINVAL;
	if (o->help)
		return 0;
	if (optind != argc - 1)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "report: give one BUNDLE (a directory or .tar.gz of 'memstall "
				  "record'): memstall report BUNDLE --html FILE");
	o->bundle = argv[optind];
	if (!o->html)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "report: no output: add --html FILE");
	return 0;
}
