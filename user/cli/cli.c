// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "model/event.h"
#include "model/gfp.h"
#include "model/hist.h"
#include "base/util.h"

enum {
	OPT_PROBES = CLI_OPT_OWN,
	OPT_HELP,
	OPT_HISTORY,
	OPT_WAIT,
	OPT_KILLER,
	OPT_BY,
	OPT_TOP,
	OPT_BPF_STATS,
	OPT_WIDTH,
	OPT_ROOT,
	OPT_SAMPLE,
	OPT_KERNEL,
	OPT_BUFFER_SIZE,
	OPT_STACKS,
	OPT_EXACT_STACKS,
};

/* the filters of snoop and oom: -n names the command */
#define FILTER_LONG_OPTS                                                                  \
	{ "pid", required_argument, NULL, 'p' }, { "tid", required_argument, NULL, 't' }, \
		{ "cgroup", required_argument, NULL, 'c' },                               \
		{ "comm", required_argument, NULL, 'n' },                                 \
		{ "min-us", required_argument, NULL, CLI_OPT_MIN_US },                    \
	{                                                                                 \
		"kinds", required_argument, NULL, 'k'                                     \
	}

/* A duration, or seconds with a fraction ("0.5"), as top -d takes them. */
static int parse_seconds(const char *arg, uint64_t *ns)
{
	int r = util__parse_duration_ns(arg, ns);
	char *end;
	double v;

	if (r != -EINVAL)
		return r;
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
			return cli__bad(d, "-i", arg,
					"an interval from 100ms to 8760h (1, 0.5, 2s, 500ms)");
		return 1;
	case 'n':
		if (util__parse_u32(arg, count) || !*count)
			return cli__bad(d, "-n", arg, what);
		return 1;
	default:
		return 0;
	}
}

/* --buffer-size: bytes, or K, M, G (KiB, MiB, GiB); a power of two from
 * 4K (a page) to 1G. 1 or -EINVAL. */
static int buffer_size_opt(const char *arg, unsigned long *bytes, struct ms_diag *d)
{
	uint64_t v = 0;

	if (util__parse_size(arg, &v) || v < 4096 || v > (1ull << 30) || (v & (v - 1)))
		return cli__bad(d, "--buffer-size", arg,
				"a power of two from 4K to 1G (bytes, or K, M, G), e.g. 8M");
	*bytes = (unsigned long)v;
	return 1;
}

/* -d DURATION into *ns: 1 or -EINVAL */
static int duration_taken(const char *arg, uint64_t *ns, struct ms_diag *d)
{
	return cli__duration_opt("-d", arg, ns, d) ? -EINVAL : 1;
}

static int snoop_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct snoop_opts *o = ctx;
	int r = cli__traced_opt(c, arg, &o->c, &o->filter, &o->cgroup, d);

	if (r)
		return r;
	switch (c) {
	case 'd':
		return duration_taken(arg, &o->duration_ns, d);
	case 'w':
		o->wide = true;
		return 1;
	case 'T':
		o->timestamps = true;
		return 1;
	case 'e':
		o->extended = true;
		return 1;
	case OPT_BUFFER_SIZE:
		return buffer_size_opt(arg, &o->buffer_bytes, d);
	case OPT_STACKS:
	case OPT_EXACT_STACKS:
		o->stacks = true;
		o->exact_stacks |= c == OPT_EXACT_STACKS;
		return 1;
	default:
		return 0;
	}
}

int cli__parse_snoop(int argc, char **argv, struct snoop_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "wide", no_argument, NULL, 'w' },
		{ "timestamps", no_argument, NULL, 'T' },
		{ "extended", no_argument, NULL, 'e' },
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{ "stacks", no_argument, NULL, OPT_STACKS },
		{ "exact-stacks", no_argument, NULL, OPT_EXACT_STACKS },
		{},
	};

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	if (cli__getopt(argc, argv, "snoop", "p:t:c:n:k:d:wTevh", longopts, snoop_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "snoop", d))
		return -EINVAL;
	/* kswapd's passes are what -k kswapd asks for */
	if (o->filter.kinds != MS_KINDS_ALL && (o->filter.kinds & ~event__stall_kinds()))
		o->extended = true;
	return 0;
}

static int oom_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct oom_opts *o = ctx;
	int r;

	if (c == 'k') /* kinds are fixed: everything a kill's story needs */
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "oom: --kinds does not apply (a kill's story shows every "
				  "kind): drop it");
	r = cli__traced_opt(c, arg, &o->c, &o->filter, &o->cgroup, d);
	if (r)
		return r;
	switch (c) {
	case 'd':
		return duration_taken(arg, &o->duration_ns, d);
	case OPT_HISTORY:
		if (util__parse_duration_ns(arg, &o->history_ns) || !o->history_ns)
			return cli__bad(d, "--history", arg, "a duration such as 10s");
		return 1;
	case OPT_WAIT:
		if (util__parse_duration_ns(arg, &o->wait_ns))
			return cli__bad(d, "--wait-reaper", arg, "a duration such as 2s");
		return 1;
	case OPT_KILLER:
		if (!*arg || strlen(arg) >= MS_COMM_LEN || o->nkillers >= 16)
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "--killer %s: expected a process name (comm) of "
					  "up to 15 characters, at most 16 times",
					  arg);
		o->killers[o->nkillers++] = arg;
		return 1;
	case OPT_BUFFER_SIZE:
		return buffer_size_opt(arg, &o->buffer_bytes, d);
	default:
		return 0;
	}
}

int cli__parse_oom(int argc, char **argv, struct oom_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "wait-reaper", required_argument, NULL, OPT_WAIT },
		{ "killer", required_argument, NULL, OPT_KILLER },
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{},
	};

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->history_ns = 10000000000ull;
	o->wait_ns = 2000000000ull;
	if (cli__getopt(argc, argv, "oom", "p:t:c:n:k:d:vh", longopts, oom_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "oom", d))
		return -EINVAL;
	return 0;
}

static int hist_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct hist_opts *o = ctx;
	int r = cli__counted_opt(c, arg, &o->c, &o->filter, &o->cgroup, d);

	if (!r)
		r = repeat_opt(c, arg, &o->interval_ns, &o->count,
			       "a number of intervals (1 or more)", d);
	if (r)
		return r;
	switch (c) {
	case 'd':
		return duration_taken(arg, &o->duration_ns, d);
	case OPT_BY:
		return cli__list_result(cli__parse_by(arg, &o->by), "--by", arg, "key",
					"pid, tid, comm, cgroup, pod, container, unit, node, "
					"zone, order, gfp, lru, kind; comma-separated",
					d);
	case OPT_TOP:
		if (util__parse_u32(arg, &o->top) || !o->top)
			return cli__bad(d, "--top", arg, "a number of rows (1 or more)");
		return 1;
	case 'C':
		o->cumulative = true;
		return 1;
	default:
		return 0;
	}
}

int cli__parse_hist(int argc, char **argv, struct hist_opts *o, struct ms_diag *d)
{
	/* -n is the interval count here (as in top/vmstat): the command-name
	 * filter is --comm */
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		CLI_COUNTED_FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "cumulative", no_argument, NULL, 'C' },
		{},
	};

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->by = MS_BY_COMM;
	if (cli__getopt(argc, argv, "hist", "p:t:c:k:d:i:n:Cvh", longopts, hist_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "hist", d))
		return -EINVAL;
	if (o->count && !o->interval_ns)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "hist: -n counts intervals: give -i INTERVAL too");
	return 0;
}

static int top_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct top_opts *o = ctx;
	int r = cli__counted_opt(c, arg, &o->c, &o->filter, &o->cgroup, d);

	if (!r)
		r = repeat_opt(c, arg, &o->interval_ns, &o->count, "a number of frames (1 or more)",
			       d);
	if (r)
		return r;
	switch (c) {
	case 'b':
		o->batch = true;
		return 1;
	case OPT_BPF_STATS:
		o->bpf_stats = true;
		return 1;
	case OPT_WIDTH:
		if (util__parse_u32(arg, &o->width) || o->width < 20 || o->width > 1000)
			return cli__bad(d, "--width", arg, "20 to 1000 columns");
		return 1;
	case OPT_BY: /* the cgroups view's rows */
		if (cli__parse_by(arg, &o->by) || (o->by & ~(HIST_BY_IDENT | MS_BY_CGROUP)))
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "top: --by %s: unknown grouping (use pod, "
					  "container, unit or cgroup; comma-separated)",
					  arg);
		o->by &= HIST_BY_IDENT;
		return 1;
	default:
		return 0;
	}
}

int cli__parse_top(int argc, char **argv, struct top_opts *o, struct ms_diag *d)
{
	/* -n is the frame count (as in top -b -n): the command-name filter is --comm */
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		{ "pid", required_argument, NULL, 'p' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "comm", required_argument, NULL, CLI_OPT_COMM },
		{ "kinds", required_argument, NULL, 'k' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "batch", no_argument, NULL, 'b' },
		{ "bpf-stats", no_argument, NULL, OPT_BPF_STATS },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "by", required_argument, NULL, OPT_BY },
		{},
	};

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->interval_ns = 1000000000ull;
	o->width = 160;
	if (cli__getopt(argc, argv, "top", "p:c:k:i:n:bvh", longopts, top_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "top", d))
		return -EINVAL;
	if (o->c.json)
		o->batch = true;
	return 0;
}

/* doctor's options: 1 handled, 0 not one of them, <0 error. */
static int doctor_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct doctor_opts *o = ctx;

	switch (c) {
	case OPT_PROBES:
		o->probes = true;
		return 1;
	case OPT_ROOT:
		if (!*arg)
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "--root: expected a directory");
		o->root = arg;
		return 1;
	case OPT_SAMPLE:
		if (!strcmp(arg, "0")) {
			o->sample_ns = 0;
			return 1;
		}
		if (util__parse_duration_ns(arg, &o->sample_ns) || o->sample_ns > 60000000000ull)
			return cli__bad(d, "--sample", arg,
					"0 or a duration up to 60s such as 1s or 500ms");
		return 1;
	default:
		return cli__common_opt(c, arg, &o->c, d);
	}
}

int cli__parse_doctor(int argc, char **argv, struct doctor_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		{ "probes", no_argument, NULL, OPT_PROBES },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{},
	};

	memset(o, 0, sizeof(*o));
	o->sample_ns = 1000000000ull;
	if (cli__getopt(argc, argv, "doctor", "vh", longopts, doctor_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "doctor", d))
		return -EINVAL;
	if (o->probes && o->root) /* probes load programs into this kernel */
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "doctor: --probes tests the running kernel, --root DIR cannot "
				  "apply: drop one of them");
	if (!o->root)
		o->root = "/";
	return 0;
}

static int explain_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct explain_opts *o = ctx;

	if (c != OPT_KERNEL) /* --json, -h: the only common ones it lists */
		return cli__common_opt(c, arg, &o->c, d);
	if (!gfp__layout_for_release(arg, NULL))
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "--kernel %s: expected a kernel version such as "
				  "4.9 or 5.10.0-8-amd64",
				  arg);
	o->kernel = arg;
	return 1;
}

int cli__parse_explain(int argc, char **argv, struct explain_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, CLI_OPT_JSON },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "help", no_argument, NULL, 'h' },
		{},
	};

	memset(o, 0, sizeof(*o));
	if (cli__getopt(argc, argv, "explain", "h", longopts, explain_opt, o, d))
		return -EINVAL;
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "explain: unexpected argument '%s' (one log file, or - for "
				  "stdin)",
				  argv[optind]);
	return 0;
}
