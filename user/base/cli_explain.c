// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include "base/cli_explain.h"
#include "model/gfp.h"
#include "base/util.h"

enum { OPT_JSON = 0x100, OPT_KERNEL, OPT_ROOT, OPT_SAMPLE, OPT_PROBES, OPT_BTF, OPT_DISABLE };

static int bad_option(struct ms_diag *d, const char *cmd, int argc, char **argv)
{
	const char *bad = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
			  "%s: bad option or missing value near '%s': see 'memstall %s --help'",
			  cmd, bad, cmd);
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
			return bad_option(d, "explain", argc, argv);
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

void cli__usage_explain(FILE *f)
{
	fprintf(f, "Usage: memstall explain [--json] [--kernel VER] [FILE|-]\n"
		   "Decode allocation stalls/failures and OOM reports in a kernel log\n"
		   "(dmesg, dmesg -T, journalctl -k, kern.log, logcat) into findings.\n\n"
		   "  --json             one JSON object per report, then a summary\n"
		   "  --kernel VER       decode GFP masks for this kernel version (default:\n"
		   "                     the version the log shows)\n"
		   "  -h, --help         this help\n"
		   "Reads standard input without FILE or with -.\n");
}

int cli__parse_audit(int argc, char **argv, struct audit_opts *o, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "probes", no_argument, NULL, OPT_PROBES },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "btf", required_argument, NULL, OPT_BTF },
		{ "disable", required_argument, NULL, OPT_DISABLE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->root = "/";
	o->sample_ns = 1000000000ull;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			o->d.c.json = true;
			break;
		case OPT_PROBES:
			o->d.probes = true;
			break;
		case OPT_ROOT:
			if (!*optarg)
				return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
						  "--root: expected a directory");
			o->root = optarg;
			break;
		case OPT_SAMPLE:
			if (!strcmp(optarg, "0")) {
				o->sample_ns = 0;
				break;
			}
			if (util__parse_duration_ns(optarg, &o->sample_ns) ||
			    o->sample_ns > 60000000000ull)
				return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
						  "--sample %s: expected 0 or a duration up to 60s "
						  "such as 1s or 500ms",
						  optarg);
			break;
		case OPT_BTF:
			o->d.c.btf_path = optarg;
			break;
		case OPT_DISABLE:
			if (features__parse_disable(optarg, &o->d.c.disable))
				return diag__fail(
					d, -EINVAL, MS_EXIT_USAGE,
					"--disable %s: unknown feature (use tp_btf, raw_tp, "
					"ringbuf, task_storage, fentry, kprobe)",
					optarg);
			break;
		case 'v':
			o->d.c.verbose = true;
			break;
		case 'h':
			o->d.c.help = true;
			break;
		default:
			return bad_option(d, "doctor", argc, argv);
		}
	}
	if (optind < argc)
		return diag__fail(d, -EINVAL, MS_EXIT_USAGE,
				  "doctor: unexpected argument '%s': see 'memstall doctor --help'",
				  argv[optind]);
	return 0;
}

void cli__usage_audit(FILE *f)
{
	fprintf(f,
		"Usage: memstall doctor [--root DIR] [--sample D] [--json]\n"
		"       memstall doctor --probes [--json] [--btf FILE] [--disable LIST]\n"
		"Audit this host's memory settings and state: vm sysctls, THP, NUMA,\n"
		"watermarks and boost, fragmentation, stall counters, PSI, cgroup limits.\n"
		"Exit status: 0 nothing worse than info, 6 warnings, 7 critical findings.\n\n"
		"      --root DIR     read /proc and /sys under DIR (a saved tree)\n"
		"      --sample D     measure vmstat rates over D (default 1s, 0: none)\n"
		"      --probes       per hook: the mechanism chosen and why others were "
		"rejected\n"
		"  --json             JSON output (one object per line)\n"
		"  --btf FILE         BTF for kernels without /sys/kernel/btf/vmlinux (--probes)\n"
		"  --disable LIST     force fallbacks (--probes): tp_btf,raw_tp,ringbuf,"
		"task_storage,fentry,kprobe\n"
		"  -v, --verbose      libbpf and verifier messages\n"
		"  -h, --help         this help\n");
}
