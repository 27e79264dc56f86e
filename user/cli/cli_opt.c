// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli/cli_opt.h"
#include "kernel/kfeatures.h"
#include "model/hist.h"
#include "base/util.h"

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
	{ "raw_tp_cookie", MS_FEAT_RAW_TP_COOKIE },
	{ "ringbuf", MS_FEAT_RINGBUF },
	{ "task_storage", MS_FEAT_TASK_STORAGE },
	{ "fentry", MS_FEAT_FENTRY },
	{ "kprobe", MS_FEAT_KPROBE },
	{ "pring", MS_FEAT_PRING },
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

int cli__list_result(int err, const char *opt, const char *arg, const char *what, const char *use,
		     struct ms_diag *d)
{
	if (!err)
		return 1;
	if (!arg[strspn(arg, ",")])
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s: empty list (use %s)", opt, use);
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s %s: unknown %s (use %s)", opt, arg, what,
			  use);
}

int cli__bad(struct ms_diag *d, const char *opt, const char *arg, const char *want)
{
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s %s: expected %s", opt, arg, want);
}

int cli__kinds_opt(const char *arg, unsigned int *kinds, const char *want, struct ms_diag *d)
{
	return cli__parse_kinds(arg, kinds) ? cli__bad(d, "-k", arg, want) : 1;
}

int cli__common_opt(int c, const char *arg, struct cli_common *o, struct ms_diag *d)
{
	switch (c) {
	case CLI_OPT_JSON:
		o->json = true;
		return 1;
	case CLI_OPT_BTF:
		o->btf_path = arg;
		return 1;
	case CLI_OPT_DISABLE:
		return cli__list_result(
			cli__parse_disable(arg, &o->disable), "--disable", arg, "feature",
			"tp_btf, raw_tp, raw_tp_cookie, ringbuf, pring, task_storage, "
			"fentry, kprobe",
			d);
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

int cli__privs_opt(int c, const char *arg, struct cli_common *o, struct cli_privs *p,
		   struct ms_diag *d)
{
	switch (c) {
	case CLI_OPT_USER:
		p->user = arg;
		return 1;
	case CLI_OPT_KEEP_CAPS:
		p->keep_caps = true;
		return 1;
	default:
		return cli__common_opt(c, arg, o, d);
	}
}

static int filter_opt(int c, const char *arg, struct ms_filter *f, const char **cgroup,
		      struct ms_diag *d)
{
	uint64_t v;

	switch (c) {
	case 'p':
		if (util__parse_u32(arg, &f->tgid) || !f->tgid)
			return cli__bad(d, "-p", arg, "a process id (1 or more)");
		return 1;
	case 't':
		if (util__parse_u32(arg, &f->tid) || !f->tid)
			return cli__bad(d, "-t", arg, "a thread id (1 or more)");
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
	case CLI_OPT_MIN_US:
		if (util__parse_u64(arg, &v) || v > UINT64_MAX / 1000)
			return cli__bad(d, "--min-us", arg, "microseconds (a whole number)");
		f->min_ns = v * 1000;
		return 1;
	case 'k':
		return cli__list_result(cli__parse_kinds(arg, &f->kinds), "-k", arg, "kind",
					"direct, memcg, softlimit, node, compact, oom, kswapd or "
					"all, comma-separated",
					d);
	default:
		return 0;
	}
}

int cli__traced_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		    const char **cgroup, struct ms_diag *d)
{
	int r = cli__common_opt(c, arg, o, d);

	return r ? r : filter_opt(c, arg, f, cgroup, d);
}

int cli__counted_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		     const char **cgroup, struct ms_diag *d)
{
	if (c == 'n') /* a count there, not a command name */
		return 0;
	return cli__traced_opt(c == CLI_OPT_COMM ? 'n' : c, arg, o, f, cgroup, d);
}

int cli__duration_opt(const char *opt, const char *arg, uint64_t *ns, struct ms_diag *d)
{
	if (util__parse_duration_ns(arg, ns) || !*ns)
		return cli__bad(d, opt, arg,
				"a duration such as 5, 5s, 500ms or 2m, at most 8760h");
	return 0;
}

int cli__unknown_opt(struct ms_diag *d, const char *cmd, int argc, char **argv)
{
	const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
			  "%s: bad option or missing value near '%s': "
			  "see 'memstall %s --help'",
			  cmd, bad, cmd);
}

int cli__no_extra_args(int argc, char **argv, const char *cmd, struct ms_diag *d)
{
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "%s: unexpected argument '%s': see 'memstall %s --help'", cmd,
				  argv[optind], cmd);
	return 0;
}

int cli__getopt(int argc, char **argv, const char *cmd, const char *shortopts,
		const struct option *longopts, cli_opt_fn fn, void *ctx, struct ms_diag *d)
{
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		r = fn(c, optarg, ctx, d);
		if (r < 0)
			return r;
		if (!r)
			return cli__unknown_opt(d, cmd, argc, argv);
	}
	return 0;
}
