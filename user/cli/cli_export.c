// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli/cli_export.h"
#include "model/hist.h"
#include "base/util.h"

enum {
	OPT_LISTEN = 256,
	OPT_TEXTFILE,
	OPT_BY,
	OPT_MAX_SERIES,
	OPT_WEB_CONFIG,
	OPT_USER,
	OPT_BPF_STATS,
	OPT_BTF,
	OPT_KEEP_CAPS,
	OPT_RETAIN,
};

void cli__usage_export(FILE *f)
{
	fprintf(f,
		"Usage: memstall export [OPTIONS]\n\n"
		"Prometheus exporter: stall latency histograms aggregated in the kernel, read\n"
		"(never reset) at every scrape. Text format 0.0.4, or OpenMetrics 1.0 when the\n"
		"scraper asks for it. Capabilities are dropped once attached.\n\n"
		"  -l, --listen ADDR:PORT  serve /metrics (default :" EXPORT_DEFAULT_PORT
		" unless only --textfile)\n"
		"      --textfile PATH     also write the exposition to PATH (temp file +\n"
		"                          rename) every interval: node_exporter's textfile\n"
		"                          collector (name it *.prom)\n"
		"  -i, --interval DUR      textfile period (default 15s)\n"
		"      --by DIMS           labels besides kind: cgroup, pod, container, unit,\n"
		"                          comm, node, zone, order, gfp, lru (default cgroup)\n"
		"      --max-series N      own series before folding into \"other\" (default "
		"2000)\n"
		"      --retain DUR        a deleted cgroup's series stays DUR after its last\n"
		"                          stall, then leaves /metrics (default 1h)\n"
		"  -k, --kinds LIST        direct,memcg,softlimit,node,compact,oom,kswapd\n"
		"      --web-config FILE   exporter-toolkit web config: TLS, basic auth (bcrypt)\n"
		"      --user USER         switch to USER once attached\n"
		"      --bpf-stats         count BPF program run time while running\n"
		"  -d, --duration DUR      exit after DUR (default: until SIGINT/SIGTERM)\n"
		"      --btf PATH          BTF for CO-RE\n"
		"  -v, --verbose           libbpf messages\n");
}

static int bad(struct ms_diag *d, const char *opt, const char *arg, const char *want)
{
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "%s %s: expected %s", opt, arg, want);
}

static int parse_one(int c, const char *arg, struct export_opts *o, struct ms_diag *d)
{
	switch (c) {
	case 'l':
		o->listen = arg;
		return 0;
	case OPT_TEXTFILE:
		o->textfile = arg;
		return 0;
	case 'i':
		return util__parse_duration_ns(arg, &o->interval_ns) || !o->interval_ns
			       ? bad(d, "--interval", arg, "a duration such as 15s or 500ms")
			       : 0;
	case 'd':
		return util__parse_duration_ns(arg, &o->duration_ns) || !o->duration_ns
			       ? bad(d, "--duration", arg, "a duration such as 5, 5s or 2m")
			       : 0;
	case OPT_BY:
		if (cli__parse_by(arg, &o->by) || (o->by & (MS_BY_TGID | MS_BY_TID)))
			return diag__fail(
				d, -EINVAL, MS_EXIT_USAGE,
				"--by %s: use cgroup, pod, container, unit, comm, node, zone, "
				"order, gfp, lru "
				"(comma-separated; no pid/tid: unbounded labels)",
				arg);
		return 0;
	case OPT_RETAIN:
		return util__parse_duration_ns(arg, &o->retain_ns) || !o->retain_ns
			       ? bad(d, "--retain", arg, "a duration such as 1h, 10m or 30s")
			       : 0;
	case OPT_MAX_SERIES:
		return util__parse_u32(arg, &o->max_series) || !o->max_series
			       ? bad(d, "--max-series", arg, "a number of series (1 or more)")
			       : 0;
	case 'k':
		return cli__parse_kinds(arg, &o->kinds)
			       ? bad(d, "-k", arg,
				     "kinds among direct,memcg,softlimit,node,compact,oom,kswapd")
			       : 0;
	case OPT_WEB_CONFIG:
		o->web_config = arg;
		return 0;
	case OPT_USER:
		o->user = arg;
		return 0;
	case OPT_BPF_STATS:
		o->bpf_stats = true;
		return 0;
	case OPT_KEEP_CAPS:
		o->keep_caps = true;
		return 0;
	case OPT_BTF:
		o->c.btf_path = arg;
		return 0;
	case 'v':
		o->c.verbose = true;
		return 0;
	case 'h':
		o->c.help = true;
		return 0;
	default:
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "export: unknown option or missing argument: run "
				  "'memstall export --help'");
	}
}

int cli__parse_export(int argc, char **argv, struct export_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "textfile", required_argument, NULL, OPT_TEXTFILE },
		{ "interval", required_argument, NULL, 'i' },
		{ "duration", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "max-series", required_argument, NULL, OPT_MAX_SERIES },
		{ "retain", required_argument, NULL, OPT_RETAIN },
		{ "kinds", required_argument, NULL, 'k' },
		{ "web-config", required_argument, NULL, OPT_WEB_CONFIG },
		{ "user", required_argument, NULL, OPT_USER },
		{ "bpf-stats", no_argument, NULL, OPT_BPF_STATS },
		{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
		{ "btf", required_argument, NULL, OPT_BTF },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c, err;

	memset(o, 0, sizeof(*o));
	o->kinds = MS_KINDS_ALL;
	o->by = MS_BY_CGROUP;
	o->max_series = 2000;
	o->interval_ns = 15000000000ull;
	o->retain_ns = 3600000000000ull;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "l:i:d:k:vh", longopts, NULL)) != -1) {
		err = parse_one(c, optarg, o, d);
		if (err)
			return err;
	}
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "export: unexpected argument '%s': run 'memstall export --help'",
				  argv[optind]);
	if (!o->listen && !o->textfile)
		o->listen = ":" EXPORT_DEFAULT_PORT;
	return 0;
}
