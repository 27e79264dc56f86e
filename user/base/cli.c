// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/cli.h"
#include "model/stall.h"
#include "model/hist.h"
#include "base/util.h"

enum {
	OPT_JSON = 0x100,
	OPT_BTF,
	OPT_DISABLE,
	OPT_MIN_US,
	OPT_PROBES,
	OPT_HELP,
	OPT_HISTORY,
	OPT_WAIT,
	OPT_BY,
	OPT_TOP,
	OPT_COMM,
	OPT_BPF_STATS,
	OPT_WIDTH,
};

#define COMMON_LONG_OPTS                                                                      \
	{ "json", no_argument, NULL, OPT_JSON }, { "btf", required_argument, NULL, OPT_BTF }, \
		{ "disable", required_argument, NULL, OPT_DISABLE },                          \
		{ "verbose", no_argument, NULL, 'v' },                                        \
	{                                                                                     \
		"help", no_argument, NULL, 'h'                                                \
	}

#define FILTER_LONG_OPTS                                                                  \
	{ "pid", required_argument, NULL, 'p' }, { "tid", required_argument, NULL, 't' }, \
		{ "cgroup", required_argument, NULL, 'c' },                               \
		{ "comm", required_argument, NULL, 'n' },                                 \
		{ "min-us", required_argument, NULL, OPT_MIN_US },                        \
	{                                                                                 \
		"kinds", required_argument, NULL, 'k'                                     \
	}

/* 1: handled, 0: not a common option, <0: error. */
static int common_opt(int c, const char *arg, struct cli_common *o, struct ms_diag *d)
{
	switch (c) {
	case OPT_JSON:
		o->json = true;
		return 1;
	case OPT_BTF:
		o->btf_path = arg;
		return 1;
	case OPT_DISABLE:
		if (features__parse_disable(arg, &o->disable))
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "--disable %s: unknown feature (use tp_btf, raw_tp, "
					  "ringbuf, task_storage, fentry, kprobe)",
					  arg);
		return 1;
	case 'v':
		o->verbose = true;
		return 1;
	case 'h':
		o->help = true;
		return 1;
	default:
		return 0;
	}
}

static int bad_number(struct ms_diag *d, const char *opt, const char *arg, const char *what)
{
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s %s: expected %s", opt, arg, what);
}

static int filter_opt(int c, const char *arg, struct ms_filter *f, const char **cgroup,
		      struct ms_diag *d)
{
	uint64_t v;

	switch (c) {
	case 'p':
		if (util__parse_u32(arg, &f->tgid) || !f->tgid)
			return bad_number(d, "-p", arg, "a process id (1 or more)");
		return 1;
	case 't':
		if (util__parse_u32(arg, &f->tid) || !f->tid)
			return bad_number(d, "-t", arg, "a thread id (1 or more)");
		return 1;
	case 'c':
		*cgroup = arg;
		return 1;
	case 'n':
		if (!*arg || strlen(arg) >= MS_COMM_LEN)
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "-n %s: a command name has 1 to %d characters", arg,
					  MS_COMM_LEN - 1);
		util__strlcpy(f->comm, arg, sizeof(f->comm));
		return 1;
	case OPT_MIN_US:
		if (util__parse_u64(arg, &v) || v > UINT64_MAX / 1000)
			return bad_number(d, "--min-us", arg, "microseconds (a whole number)");
		f->min_ns = v * 1000;
		return 1;
	case 'k':
		if (event__parse_kinds(arg, &f->kinds))
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "-k %s: unknown kind (use direct, memcg, softlimit, "
					  "node, compact, oom, kswapd or all, comma-separated)",
					  arg);
		return 1;
	default:
		return 0;
	}
}

/* Common and filter options of the commands whose -n is a count (hist, top,
 * as in top/vmstat): their command-name filter is --comm. */
static int counted_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		       const char **cgroup, struct ms_diag *d)
{
	int r = common_opt(c, arg, o, d);

	if (!r && c != 'n')
		r = filter_opt(c == OPT_COMM ? 'n' : c, arg, f, cgroup, d);
	return r;
}

/* A duration, or seconds with a fraction ("0.5"), as top -d takes them. */
static int parse_seconds(const char *arg, uint64_t *ns)
{
	char *end;
	double v;

	if (!util__parse_duration_ns(arg, ns))
		return 0;
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= 0) || v > 86400)
		return -EINVAL;
	*ns = (uint64_t)(v * 1e9);
	return 0;
}

/* -i and -n of the commands that repeat (hist, top): 1 handled, 0 not one
 * of them, <0 error. */
static int repeat_opt(int c, const char *arg, uint64_t *interval_ns, uint32_t *count,
		      const char *what, struct ms_diag *d)
{
	switch (c) {
	case 'i':
		if (parse_seconds(arg, interval_ns) || *interval_ns < 100000000ull)
			return bad_number(d, "-i", arg,
					  "an interval of 100ms or more (1, 0.5, 2s, 500ms)");
		return 1;
	case 'n':
		if (util__parse_u32(arg, count) || !*count)
			return bad_number(d, "-n", arg, what);
		return 1;
	default:
		return 0;
	}
}

static int unknown_opt(struct ms_diag *d, const char *cmd, int argc, char **argv)
{
	const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
			  "%s: bad option or missing value near '%s': "
			  "see 'memstall %s --help'",
			  cmd, bad, cmd);
}

/* Subcommands take no positional arguments. */
static int no_extra_args(int argc, char **argv, const char *cmd, struct ms_diag *d)
{
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "%s: unexpected argument '%s': see 'memstall %s --help'", cmd,
				  argv[optind], cmd);
	return 0;
}

/* -d DURATION, not zero. */
static int duration_opt(const char *opt, const char *arg, uint64_t *ns, struct ms_diag *d)
{
	if (util__parse_duration_ns(arg, ns) || !*ns)
		return bad_number(d, opt, arg, "a duration such as 5, 5s, 500ms or 2m");
	return 0;
}

int cli__parse_snoop(int argc, char **argv, struct snoop_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "wide", no_argument, NULL, 'w' },
		{ "timestamps", no_argument, NULL, 'T' },
		{ "extended", no_argument, NULL, 'e' },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:t:c:n:k:d:wTevh", longopts, NULL)) != -1) {
		r = common_opt(c, optarg, &o->c, d);
		if (!r)
			r = filter_opt(c, optarg, &o->filter, &o->cgroup, d);
		if (r < 0)
			return r;
		if (r)
			continue;
		switch (c) {
		case 'd':
			if (duration_opt("-d", optarg, &o->duration_ns, d))
				return -EINVAL;
			break;
		case 'w':
			o->wide = true;
			break;
		case 'T':
			o->timestamps = true;
			break;
		case 'e':
			o->extended = true;
			break;
		default:
			return unknown_opt(d, "snoop", argc, argv);
		}
	}
	if (no_extra_args(argc, argv, "snoop", d))
		return -EINVAL;
	/* kswapd's passes are what -k kswapd asks for */
	if (o->filter.kinds != MS_KINDS_ALL && (o->filter.kinds & ~event__stall_kinds()))
		o->extended = true;
	return 0;
}

int cli__parse_oom(int argc, char **argv, struct oom_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "wait-reaper", required_argument, NULL, OPT_WAIT },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->history_ns = 10000000000ull;
	o->wait_ns = 2000000000ull;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:t:c:n:d:vh", longopts, NULL)) != -1) {
		r = common_opt(c, optarg, &o->c, d);
		if (!r && c != 'k') /* kinds are fixed: everything a kill's story needs */
			r = filter_opt(c, optarg, &o->filter, &o->cgroup, d);
		if (r < 0)
			return r;
		if (r)
			continue;
		switch (c) {
		case 'd':
			if (duration_opt("-d", optarg, &o->duration_ns, d))
				return -EINVAL;
			break;
		case OPT_HISTORY:
			if (util__parse_duration_ns(optarg, &o->history_ns) || !o->history_ns)
				return bad_number(d, "--history", optarg, "a duration such as 10s");
			break;
		case OPT_WAIT:
			if (util__parse_duration_ns(optarg, &o->wait_ns))
				return bad_number(d, "--wait-reaper", optarg,
						  "a duration such as 2s");
			break;
		default:
			return unknown_opt(d, "oom", argc, argv);
		}
	}
	if (no_extra_args(argc, argv, "oom", d))
		return -EINVAL;
	return 0;
}

int cli__parse_hist(int argc, char **argv, struct hist_opts *o, struct ms_diag *d)
{
	/* -n is the interval count here (as in top/vmstat): the command-name
	 * filter is --comm */
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		{ "pid", required_argument, NULL, 'p' },
		{ "tid", required_argument, NULL, 't' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "min-us", required_argument, NULL, OPT_MIN_US },
		{ "kinds", required_argument, NULL, 'k' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "cumulative", no_argument, NULL, 'C' },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->by = MS_BY_COMM;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:t:c:k:d:i:n:Cvh", longopts, NULL)) != -1) {
		r = counted_opt(c, optarg, &o->c, &o->filter, &o->cgroup, d);
		if (!r)
			r = repeat_opt(c, optarg, &o->interval_ns, &o->count,
				       "a number of intervals (1 or more)", d);
		if (r < 0)
			return r;
		if (r)
			continue;
		switch (c) {
		case 'd':
			if (duration_opt("-d", optarg, &o->duration_ns, d))
				return -EINVAL;
			break;
		case OPT_BY:
			if (hist__parse_by(optarg, &o->by))
				return diag__fail(
					d, -EINVAL, MS_EXIT_USAGE,
					"--by %s: unknown key (use pid, tid, comm, cgroup, pod, "
					"container, unit, node, zone, order, gfp, lru, kind; "
					"comma-separated)",
					optarg);
			break;
		case OPT_TOP:
			if (util__parse_u32(optarg, &o->top) || !o->top)
				return bad_number(d, "--top", optarg,
						  "a number of rows (1 or more)");
			break;
		case 'C':
			o->cumulative = true;
			break;
		default:
			return unknown_opt(d, "hist", argc, argv);
		}
	}
	if (no_extra_args(argc, argv, "hist", d))
		return -EINVAL;
	if (o->count && !o->interval_ns)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "hist: -n counts intervals: give -i INTERVAL too");
	return 0;
}

int cli__parse_top(int argc, char **argv, struct top_opts *o, struct ms_diag *d)
{
	/* -n is the frame count (as in top -b -n): the command-name filter is --comm */
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "kinds", required_argument, NULL, 'k' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "bpf-stats", no_argument, NULL, OPT_BPF_STATS },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "by", required_argument, NULL, OPT_BY },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->interval_ns = 1000000000ull;
	o->width = 160;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:c:k:i:n:bvh", longopts, NULL)) != -1) {
		r = counted_opt(c, optarg, &o->c, &o->filter, &o->cgroup, d);
		if (!r)
			r = repeat_opt(c, optarg, &o->interval_ns, &o->count,
				       "a number of frames (1 or more)", d);
		if (r < 0)
			return r;
		if (r)
			continue;
		switch (c) {
		case 'b':
			o->batch = true;
			break;
		case OPT_BPF_STATS:
			o->bpf_stats = true;
			break;
		case OPT_WIDTH:
			if (util__parse_u32(optarg, &o->width) || o->width < 20 || o->width > 1000)
				return bad_number(d, "--width", optarg, "20 to 1000 columns");
			break;
		case OPT_BY:
			if (hist__parse_by(optarg, &o->by) ||
			    (o->by & ~(HIST_BY_IDENT | MS_BY_CGROUP)))
				return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
						  "top: --by %s: unknown grouping (use pod, "
						  "container, unit or cgroup; comma-separated)",
						  optarg);
			o->by &= HIST_BY_IDENT;
			break;
		default:
			return unknown_opt(d, "top", argc, argv);
		}
	}
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "top: unexpected argument '%s': see 'memstall top --help'",
				  argv[optind]);
	if (o->c.json)
		o->batch = true;
	return 0;
}

int cli__parse_doctor(int argc, char **argv, struct doctor_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		{ "probes", no_argument, NULL, OPT_PROBES },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		r = common_opt(c, optarg, &o->c, d);
		if (r < 0)
			return r;
		if (r)
			continue;
		if (c == OPT_PROBES) {
			o->probes = true;
			continue;
		}
		return unknown_opt(d, "doctor", argc, argv);
	}
	if (no_extra_args(argc, argv, "doctor", d))
		return -EINVAL;
	return 0;
}

static const char common_help[] =
	"  --json             JSON output (one object per line)\n"
	"  --btf FILE         BTF for kernels without /sys/kernel/btf/vmlinux\n"
	"  --disable LIST     force fallbacks: tp_btf,raw_tp,ringbuf,"
	"task_storage,fentry,kprobe\n"
	"  -v, --verbose      libbpf and verifier messages\n"
	"  -h, --help         this help\n";

void cli__usage_snoop(FILE *f)
{
	fprintf(f,
		"Usage: memstall snoop [OPTIONS]\n"
		"Print one line per task stalled in memory reclaim.\n\n"
		"  -p, --pid PID      only this process (tgid)\n"
		"  -t, --tid TID      only this thread\n"
		"  -c, --cgroup PATH  only this memory cgroup and its descendants\n"
		"                     (/sys/fs/cgroup/... or a path inside the hierarchy)\n"
		"  -n, --comm NAME    only tasks with this command name\n"
		"  -k, --kinds LIST   direct,memcg,softlimit,node,compact,oom,kswapd\n"
		"                     (default: all)\n"
		"      --min-us N     only stalls of at least N microseconds\n"
		"  -d, --duration D   stop after D (5, 5s, 500ms, 2m)\n"
		"  -e, --extended     reclaim detail: priority, anon/file scanned, efficiency;\n"
		"                     one row per shrink_node pass (kswapd's too); flags\n"
		"                     anon scanning at vm.swappiness=0 with the node's state\n"
		"  -T, --timestamps   microsecond timestamps\n"
		"  -w, --wide         all columns, nothing cut\n"
		"%s",
		common_help);
}

void cli__usage_oom(FILE *f)
{
	fprintf(f,
		"Usage: memstall oom [OPTIONS]\n"
		"One block per OOM kill: trigger, victim, OOM domain, the trigger's stalls\n"
		"and retry decisions before the kill, and how long the victim took to die.\n\n"
		"  -p, --pid PID      only kills invoked by this process\n"
		"  -t, --tid TID      only kills invoked by this thread\n"
		"  -c, --cgroup PATH  only kills whose trigger or victim is in this cgroup\n"
		"  -n, --comm NAME    only kills invoked by this command name\n"
		"  -d, --duration D   stop after D (5, 5s, 500ms, 2m)\n"
		"      --history D    how far back the trigger's stalls are shown (10s)\n"
		"      --wait-reaper D  wait this long for the OOM reaper before printing (2s)\n"
		"%s",
		common_help);
}

void cli__usage_hist(FILE *f)
{
	fprintf(f,
		"Usage: memstall hist [OPTIONS]\n"
		"Stall latency histograms aggregated in the kernel, per kind and key: count,\n"
		"total, p50/p90/p99/max, pages scanned/reclaimed, a compact distribution;\n"
		"then a cross-check against /proc/vmstat and PSI over the same window.\n\n"
		"  -d, --duration D   collect for D, then print (default: until Ctrl-C)\n"
		"      --by KEYS      pid,tid,comm,cgroup,pod,container,unit,node,zone,order,\n"
		"                     gfp,lru (default comm; the kind is always part of the\n"
		"                     key; pod/container/unit: the cgroup's Kubernetes pod,\n"
		"                     container, systemd unit, from its path; lru: the\n"
		"                     inactive lists scanned, none/anon/file/anon+file)\n"
		"  -i, --interval D   print and reset every D\n"
		"  -n, --count N      with -i: stop after N intervals\n"
		"  -C, --cumulative   with -i: do not reset between intervals\n"
		"      --top N        only the N rows with the most stall time\n"
		"  -p PID, -t TID, -c CGROUP, --comm NAME, -k KINDS, --min-us N: filters\n"
		"Kind kswapd (in the default kinds): kswapd's shrink_node passes, rows of their\n"
		"own (COUNT = passes, times = pass durations): background reclaim, not stalls,\n"
		"left out of the stall totals and the cross-check.\n"
		"%s",
		common_help);
}

void cli__usage_top(FILE *f)
{
	fprintf(f,
		"Usage: memstall top [OPTIONS]   (also: reclaimtop)\n"
		"Live view: zone watermarks, reclaim/compaction rates, PSI, kswapd/kcompactd,\n"
		"and per process and cgroup: stalls/s, stall ms/s, mean/p99/max, reclaim vs\n"
		"compaction, pages reclaimed, dominant order and GFP class; below them\n"
		"kswapd's reclaim passes (background, not stalls). Nodes view: per node scan\n"
		"efficiency (reclaimed/scanned), anon share, kswapd's share.\n"
		"Keys: p c z o views, < > sort, r reverse, / filter, space pause, ? help, q "
		"quit.\n\n"
		"  -i, --interval D   refresh every D (1, 2s, 500ms; default 1 s)\n"
		"  -b, --batch        plain-text frames on stdout (like top -b)\n"
		"  -n, --count N      stop after N frames\n"
		"      --json         one JSON object per frame (implies -b)\n"
		"      --width N      batch text width (default 160)\n"
		"      --by KEYS      cgroups view rows per pod, container or systemd unit\n"
		"                     (pod,container,unit; default: per cgroup)\n"
		"      --bpf-stats    set kernel.bpf_stats_enabled=1 while running (restored\n"
		"                     at exit) to show the tracer's own cost\n"
		"  -p PID, -c CGROUP, --comm NAME, -k KINDS: filters (in the kernel)\n"
		"%s",
		common_help);
}

void cli__usage_doctor(FILE *f)
{
	fprintf(f,
		"Usage: memstall doctor --probes [OPTIONS]\n"
		"Show what this kernel lets memstall see, and how.\n\n"
		"      --probes       per hook: the mechanism chosen and why others were "
		"rejected\n"
		"%s",
		common_help);
}
