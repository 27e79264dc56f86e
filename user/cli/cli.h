/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of the tracing subcommands (snoop, oom, hist, top,
 * doctor) and explain: each one's own options, the shared ones through
 * cli_opt.h. Parsers never exit: they return -EINVAL with a one-line cause
 * and fix in the diag (exit code 2, MS_EXIT_USAGE). The help texts are in
 * cli_usage.c.
 */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/diag.h"
#include "base/opts.h"
#include "cli/cli_opt.h"

struct snoop_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup; /* -c argument, resolved to filter.cgroup_id later */
	uint64_t duration_ns; /* -d, 0 = until interrupted */
	bool wide;
	bool timestamps;
	bool extended; /* -e: reclaim detail, shrink_node passes, findings */
	unsigned long buffer_bytes; /* --buffer-size, 0: the host's default */
	bool stacks; /* --stacks: each stall's kernel stack */
	bool exact_stacks; /* --exact-stacks: walked at every stall */
};

struct oom_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup;
	uint64_t duration_ns;
	uint64_t history_ns; /* how far back a kill's story goes */
	uint64_t wait_ns; /* how long to wait for the reaper before printing */
	int nkillers; /* --killer NAME (more userspace OOM killers by comm) */
	unsigned long buffer_bytes; /* --buffer-size, 0: the host's default */
	const char *killers[16];
};

struct hist_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup;
	uint64_t duration_ns; /* -d: total, 0 = until interrupted */
	uint64_t interval_ns; /* -i: print and reset every interval */
	uint32_t count; /* -n with -i: number of intervals */
	unsigned int by; /* enum ms_by */
	bool cumulative; /* -C */
	uint32_t top;
};

struct top_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup;
	uint64_t interval_ns; /* -i: refresh (default 1 s) */
	uint32_t count; /* -n: frames, 0 = until q or Ctrl-C */
	bool batch; /* -b (implied by --json) */
	bool bpf_stats; /* --bpf-stats: kernel.bpf_stats_enabled=1 while running */
	uint32_t width; /* --width: batch text width (default 160) */
	unsigned int by; /* --by pod,container,unit: HIST_BY_* bits, 0: cgroups */
};

/* doctor: the audit, or --probes (what the tracer can see) */
struct doctor_opts {
	struct cli_common c; /* --btf and --disable matter to --probes only */
	bool probes;
	const char *root; /* --root DIR, default "/" */
	uint64_t sample_ns; /* --sample D: vmstat rates over D (0: none) */
};

struct explain_opts {
	struct cli_common c; /* --json and -h only */
	const char *kernel; /* --kernel VER: decode GFP masks for this version */
	const char *file; /* NULL or "-": stdin */
};

/* Return 0 (help set if --help was asked) or -EINVAL with diag set. */
int cli__parse_snoop(int argc, char **argv, struct snoop_opts *o, struct ms_diag *d);
int cli__parse_oom(int argc, char **argv, struct oom_opts *o, struct ms_diag *d);
int cli__parse_hist(int argc, char **argv, struct hist_opts *o, struct ms_diag *d);
int cli__parse_top(int argc, char **argv, struct top_opts *o, struct ms_diag *d);
int cli__parse_doctor(int argc, char **argv, struct doctor_opts *o, struct ms_diag *d);
int cli__parse_explain(int argc, char **argv, struct explain_opts *o, struct ms_diag *d);

/* --help texts (cli_usage.c) */
void cli__usage_snoop(FILE *f);
void cli__usage_oom(FILE *f);
void cli__usage_hist(FILE *f);
void cli__usage_top(FILE *f);
void cli__usage_doctor(FILE *f);
void cli__usage_explain(FILE *f);

#endif
