// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "cli/cli_export.h"
#include "model/hist.h"
#include "base/util.h"

enum {
	OPT_TEXTFILE = CLI_OPT_OWN + 0x80,
	OPT_BY,
	OPT_MAX_SERIES,
	OPT_WEB_CONFIG,
	OPT_BPF_STATS,
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

/* export's options: 1 taken, 0 not one, <0 error */
static int export_opt(int c, const char *arg, void *ctx, struct ms_diag *d)
{
	struct export_opts *o = ctx;

	switch (c) {
	case 'l':
		o->listen = arg;
		return 1;
	case OPT_TEXTFILE:
		o->textfile = arg;
		return 1;
	case 'i':
		return util__parse_duration_ns(arg, &o->interval_ns) || !o->interval_ns
			       ? cli__bad(d, "--interval", arg, "a duration such as 15s or 500ms")
			       : 1;
	case 'd':
		return util__parse_duration_ns(arg, &o->duration_ns) || !o->duration_ns
			       ? cli__bad(d, "--duration", arg, "a duration such as 5, 5s or 2m")
			       : 1;
	case OPT_BY:
		if (cli__parse_by(arg, &o->by) || (o->by & (MS_BY_TGID | MS_BY_TID)))
			return diag__fail(
				d, -EINVAL, MS_EXIT_USAGE,
				"--by %s: use cgroup, pod, container, unit, comm, node, zone, "
				"order, gfp, lru "
				"(comma-separated; no pid/tid: unbounded labels)",
				arg);
		return 1;
	case OPT_RETAIN:
		return util__parse_duration_ns(arg, &o->retain_ns) || !o->retain_ns
			       ? cli__bad(d, "--retain", arg, "a duration such as 1h, 10m or 30s")
			       : 1;
	case OPT_MAX_SERIES:
		return util__parse_u32(arg, &o->max_series) || !o->max_series
			       ? cli__bad(d, "--max-series", arg, "a number of series (1 or more)")
			       : 1;
	case 'k':
		return cli__kinds_opt(arg, &o->kinds,
				      "kinds among direct,memcg,softlimit,node,compact,oom,kswapd",
				      d);
	case OPT_WEB_CONFIG:
		o->web_config = arg;
		return 1;
	case OPT_BPF_STATS:
		o->bpf_stats = true;
		return 1;
	default:
		return cli__privs_opt(c, arg, &o->c, &o->privs, d);
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
		{ "bpf-stats", no_argument, NULL, OPT_BPF_STATS },
		CLI_PRIVS_LONG_OPTS,
		{},
	};

	memset(o, 0, sizeof(*o));
	o->kinds = MS_KINDS_ALL;
	o->by = MS_BY_CGROUP;
	o->max_series = 2000;
	o->interval_ns = 15000000000ull;
	o->retain_ns = 3600000000000ull;
	if (cli__getopt(argc, argv, "export", "l:i:d:k:vh", longopts, export_opt, o, d) ||
	    cli__no_extra_args(argc, argv, "export", d))
		return -EINVAL;
	if (!o->listen && !o->textfile)
		o->listen = ":" EXPORT_DEFAULT_PORT;
	return 0;
}
