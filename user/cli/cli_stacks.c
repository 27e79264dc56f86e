// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli/cli_stacks.h"
#include "base/util.h"

enum {
	OPT_USER = CLI_OPT_OWN + 0x80,
	OPT_COUNT,
	OPT_FOLDED,
	OPT_SVG,
	OPT_BY,
	OPT_TOP,
	OPT_EXACT,
};

void cli__usage_stacks(FILE *f)
{
	fprintf(f,
		"Usage: memstall stacks [OPTIONS]\n"
		"Which code path stalls: stall time aggregated in the kernel by the kernel\n"
		"stack (and with --user the user stack) captured when each stall began.\n"
		"Reclaim of every kind and direct compaction episodes.\n\n"
		"  -d, --duration D   collect for D, then print (default: until Ctrl-C)\n"
		"      --user         user stacks too (walked by frame pointers: binaries built\n"
		"                     without them give short user stacks)\n"
		"      --exact-stacks walk the stacks at every stall (by default a task's stall\n"
		"                     reuses the stacks of its last one from the same call\n"
		"                     site for up to 255 stalls or 100 ms: totals stay exact,\n"
		"                     the split between that site's kernel paths may lag)\n"
		"      --by KEY       the first frame: comm,cgroup,pid (default comm)\n"
		"      --folded       folded stacks \"comm;user;kernel_[k] value\", value in\n"
		"                     microseconds of stall time (flamegraph.pl, inferno,\n"
		"                     speedscope)\n"
		"      --svg FILE     an interactive flame graph (self-contained SVG; - : stdout)\n"
		"      --count        values are stall counts, not microseconds\n"
		"      --top N        text: the N stacks with the most stall time (default 10)\n"
		"  -p PID, -t TID, -c CGROUP, --comm NAME, -k KINDS, --min-us N: filters\n"
		"  --json             one object per stack, then a summary\n"
		"  --btf FILE, --disable LIST, -v, -h: as in memstall snoop\n");
}

static int set_format(struct stacks_opts *o, enum stacks_format f, struct ms_diag *d)
{
	if (o->format != STACKS_TEXT && o->format != f)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "stacks: --folded, --svg and --json exclude each other: "
				  "choose one");
	o->format = f;
	return 1;
}

/* stacks' options: 1 taken, 0 not one, <0 error */
static int stacks_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct stacks_opts *o = ctx;
	int r = cli__counted_opt(c, arg, &o->c, &o->filter, &o->cgroup, d);

	if (r)
		return r;
	switch (c) {
	case 'd':
		return cli__duration_opt("-d", arg, &o->duration_ns, d) ? -EINVAL : 1;
	case OPT_USER:
		o->user = true;
		return 1;
	case OPT_COUNT:
		o->count = true;
		return 1;
	case OPT_EXACT:
		o->exact = true;
		return 1;
	case OPT_FOLDED:
		return set_format(o, STACKS_FOLDED, d);
	case OPT_SVG:
		if (!*arg)
			return cli__bad(d, "--svg", "''", "a file name (or - for stdout)");
		o->svg = arg;
		return set_format(o, STACKS_SVG, d);
	case OPT_BY:
		if (!strcmp(arg, "comm"))
			o->by = MS_BY_COMM;
		else if (!strcmp(arg, "cgroup"))
			o->by = MS_BY_CGROUP;
		else if (!strcmp(arg, "pid"))
			o->by = MS_BY_TGID;
		else
			return cli__bad(d, "--by", arg, "comm, cgroup or pid");
		return 1;
	case OPT_TOP:
		if (util__parse_u32(arg, &o->top) || !o->top)
			return cli__bad(d, "--top", arg, "a number of stacks (1 or more)");
		return 1;
	default:
		return 0;
	}
}

int cli__parse_stacks(int argc, char **argv, struct stacks_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG_OPTS,
		CLI_COUNTED_FILTER_LONG_OPTS,
		{ "duration", required_argument, NULL, 'd' },
		{ "user", no_argument, NULL, OPT_USER },
		{ "count", no_argument, NULL, OPT_COUNT },
		{ "folded", no_argument, NULL, OPT_FOLDED },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "by", required_argument, NULL, OPT_BY },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "exact-stacks", no_argument, NULL, OPT_EXACT },
		{},
	};

	memset(o, 0, sizeof(*o));
	/* the stall kinds whose begin is a stack: reclaim and direct compaction */
	o->filter.kinds = MS_KINDS_RECLAIM | (1u << MS_KIND_COMPACT);
	o->by = MS_BY_COMM;
	o->top = 10;
	if (cli__getopt(argc, argv, "stacks", "p:t:c:k:d:vh", longopts, stacks_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "stacks", d))
		return -EINVAL;
	if (o->c.json && set_format(o, STACKS_JSON, d) < 0)
		return -EINVAL;
	o->filter.kinds &= MS_KINDS_RECLAIM | (1u << MS_KIND_COMPACT);
	if (!o->filter.kinds)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "stacks: -k: no kind with a stack: use direct, memcg, "
				  "softlimit, node or compact");
	return 0;
}
