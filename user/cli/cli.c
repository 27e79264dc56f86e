// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "kernel/kfeatures.h"
#include "model/event.h"
#include "model/gfp.h"
#include "model/hist.h"
#include "base/util.h"

enum {
	OPT_JSON = CLI_OPT_JSON,
	OPT_BTF = CLI_OPT_BTF,
	OPT_DISABLE = CLI_OPT_DISABLE,
	OPT_MIN_US = CLI_OPT_MIN_US,
	OPT_COMM = CLI_OPT_COMM,
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

static const struct cli_name kind_names[] = {
	{ "direct", 1u << MS_KIND_DIRECT },
	{ "memcg", 1u << MS_KIND_MEMCG },
	{ "softlimit", 1u << MS_KIND_SOFTLIMIT },
	{ "softlim", 1u << MS_KIND_SOFTLIMIT }, /* as the KIND column prints it */
	{ "node", 1u << MS_KIND_NODE },
	{ "compact", 1u << MS_KIND_COMPACT },
	{ "oom", 1u << MS_KIND_OOM },
	{ "kswapd", 1u << MS_KIND_KSWAPD },
	{ "high", 1u << MS_KIND_HIGH },
	{ "all", MS_KINDS_ALL },
	{},
};

static const struct cli_name by_names[] = {
	{ "pid", MS_BY_TGID },
	{ "tgid", MS_BY_TGID },
	{ "tid", MS_BY_TID },
	{ "comm", MS_BY_COMM },
	{ "cgroup", MS_BY_CGROUP },
	{ "pod", HIST_BY_POD }, /* user space only: the kernel keys by cgroup */
	{ "container", HIST_BY_CONTAINER },
	{ "unit", HIST_BY_UNIT },
	{ "node", MS_BY_NODE },
	{ "zone", MS_BY_ZONE },
	{ "order", MS_BY_ORDER },
	{ "gfp", MS_BY_GFP },
	{ "lru", MS_BY_LRU },
	{ "kind", 0 }, /* always part of the key */
	{},
};

static const struct cli_name feat_names[] = {
	{ "tp_btf", MS_FEAT_TP_BTF },
	{ "raw_tp", MS_FEAT_RAW_TP },
	{ "ringbuf", MS_FEAT_RINGBUF },
	{ "task_storage", MS_FEAT_TASK_STORAGE },
	{ "fentry", MS_FEAT_FENTRY },
	{ "kprobe", MS_FEAT_KPROBE },
	{},
};

int cli__parse_list(const char *list, const struct cli_name *names, unsigned int *mask)
{
	const struct cli_name *n;
	bool any = false;
	size_t len;

	*mask = 0;
	for (; *list; list += len) {
		if (*list == ',') {
			len = 1;
			continue;
		}
		len = strcspn(list, ",");
		for (n = names; n->name; n++)
			if (strlen(n->name) == len && !strncmp(list, n->name, len))
				break;
		if (!n->name)
			return -EINVAL;
		*mask |= n->bits;
		any = true;
	}
	return any ? 0 : -EINVAL;
}

int cli__parse_kinds(const char *list, unsigned int *kinds)
{
	return cli__parse_list(list, kind_names, kinds);
}

int cli__parse_by(const char *list, unsigned int *by)
{
	return cli__parse_list(list, by_names, by);
}

int cli__parse_disable(const char *list, unsigned int *mask)
{
	return cli__parse_list(list, feat_names, mask);
}

/* What a list option's parse came to: 1 (taken) or -EINVAL with the word
 * list named in the diag. */
static int list_result(int err, const char *opt, const char *arg, const char *what, const char *use,
		       struct ms_diag *d)
{
	if (!err)
		return 1;
	if (!arg[strspn(arg, ",")])
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s: empty list (use %s)", opt, use);
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s %s: unknown %s (use %s)", opt, arg, what,
			  use);
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
		return list_result(cli__parse_disable(arg, &o->disable), "--disable", arg,
				   "feature",
				   "tp_btf, raw_tp, ringbuf, task_storage, fentry, kprobe", d);
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
		return list_result(cli__parse_kinds(arg, &f->kinds), "-k", arg, "kind",
				   "direct, memcg, softlimit, node, compact, oom, kswapd or all, "
				   "comma-separated",
				   d);
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
			return bad_number(d, "-i", arg,
					  "an interval from 100ms to 8760h (1, 0.5, 2s, 500ms)");
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
		return bad_number(d, opt, arg,
				  "a duration such as 5, 5s, 500ms or 2m, at most 8760h");
	return 0;
}

/* --buffer-size: bytes, or K, M, G (KiB, MiB, GiB); a power of two from
 * 4K (a page) to 1G. */
static int buffer_size_opt(const char *arg, unsigned long *bytes, struct ms_diag *d)
{
	uint64_t v = 0;

	if (util__parse_size(arg, &v) || v < 4096 || v > (1ull << 30) || (v & (v - 1)))
		return bad_number(d, "--buffer-size", arg,
				  "a power of two from 4K to 1G (bytes, or K, M, G), e.g. 8M");
	*bytes = (unsigned long)v;
	return 0;
}

int cli__counted_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		     const char **cgroup, struct ms_diag *d)
{
	return counted_opt(c, arg, o, f, cgroup, d);
}

int cli__duration_opt(const char *opt, const char *arg, uint64_t *ns, struct ms_diag *d)
{
	return duration_opt(opt, arg, ns, d) ? -EINVAL : 0;
}

int cli__unknown_opt(struct ms_diag *d, const char *cmd, int argc, char **argv)
{
	return unknown_opt(d, cmd, argc, argv);
}

int cli__no_extra_args(int argc, char **argv, const char *cmd, struct ms_diag *d)
{
	return no_extra_args(argc, argv, cmd, d);
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
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{ "stacks", no_argument, NULL, OPT_STACKS },
		{ "exact-stacks", no_argument, NULL, OPT_EXACT_STACKS },
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
		case OPT_BUFFER_SIZE:
			if (buffer_size_opt(optarg, &o->buffer_bytes, d))
				return -EINVAL;
			break;
		case OPT_STACKS:
		case OPT_EXACT_STACKS:
			o->stacks = true;
			o->exact_stacks |= c == OPT_EXACT_STACKS;
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
		{ "killer", required_argument, NULL, OPT_KILLER },
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->filter.kinds = MS_KINDS_ALL;
	o->history_ns = 10000000000ull;
	o->wait_ns = 2000000000ull;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:t:c:n:k:d:vh", longopts, NULL)) != -1) {
		if (c == 'k') /* kinds are fixed: everything a kill's story needs */
			return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
					  "oom: --kinds does not apply (a kill's story shows every "
					  "kind): drop it");
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
		case OPT_HISTORY:
			if (util__parse_duration_ns(optarg, &o->history_ns) || !o->history_ns)
				return bad_number(d, "--history", optarg, "a duration such as 10s");
			break;
		case OPT_WAIT:
			if (util__parse_duration_ns(optarg, &o->wait_ns))
				return bad_number(d, "--wait-reaper", optarg,
						  "a duration such as 2s");
			break;
		case OPT_KILLER:
			if (!*optarg || strlen(optarg) >= MS_COMM_LEN || o->nkillers >= 16)
				return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
						  "--killer %s: expected a process name (comm) of "
						  "up to 15 characters, at most 16 times",
						  optarg);
			o->killers[o->nkillers++] = optarg;
			break;
		case OPT_BUFFER_SIZE:
			if (buffer_size_opt(optarg, &o->buffer_bytes, d))
				return -EINVAL;
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
			if (list_result(cli__parse_by(optarg, &o->by), "--by", optarg, "key",
					"pid, tid, comm, cgroup, pod, container, unit, node, "
					"zone, order, gfp, lru, kind; comma-separated",
					d) < 0)
				return -EINVAL;
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
		case OPT_BY: /* the cgroups view's rows */
			if (cli__parse_by(optarg, &o->by) ||
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
	if (no_extra_args(argc, argv, "top", d))
		return -EINVAL;
	if (o->c.json)
		o->batch = true;
	return 0;
}

/* doctor's own options: 1 handled, 0 not one of them, <0 error. */
static int doctor_opt(int c, const char *arg, struct doctor_opts *o, struct ms_diag *d)
{
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
			return bad_number(d, "--sample", arg,
					  "0 or a duration up to 60s such as 1s or 500ms");
		return 1;
	default:
		return 0;
	}
}

int cli__parse_doctor(int argc, char **argv, struct doctor_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTS,
		{ "probes", no_argument, NULL, OPT_PROBES },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{},
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->sample_ns = 1000000000ull;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		r = common_opt(c, optarg, &o->c, d);
		if (!r)
			r = doctor_opt(c, optarg, o, d);
		if (r < 0)
			return r;
		if (!r)
			return unknown_opt(d, "doctor", argc, argv);
	}
	if (no_extra_args(argc, argv, "doctor", d))
		return -EINVAL;
	if (o->probes && o->root) /* probes load programs into this kernel */
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "doctor: --probes tests the running kernel, --root DIR cannot "
				  "apply: drop one of them");
	if (!o->root)
		o->root = "/";
	return 0;
}

int cli__parse_explain(int argc, char **argv, struct explain_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_KERNEL:
			if (!gfp__layout_for_release(optarg, NULL))
				return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
						  "--kernel %s: expected a kernel version such as "
						  "4.9 or 5.10.0-8-amd64",
						  optarg);
			o->kernel = optarg;
			break;
		case 'h':
			o->help = true;
			break;
		default:
			return unknown_opt(d, "explain", argc, argv);
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "explain: unexpected argument '%s' (one log file, or - for "
				  "stdin)",
				  argv[optind]);
	return 0;
}
