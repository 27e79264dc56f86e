/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing shared by the subcommands: common options (--json,
 * --btf, --disable, -v) and the stall filters (-p -t -c -n --min-us -k).
 * Parsers never exit: they return -EINVAL with the reason in the diag.
 */
#ifndef MS_CLI_H
#define MS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include "base/diag.h"
#include "kernel/tracer.h"

struct cli_common {
	bool json;
	bool verbose;
	bool help;
	const char *btf_path;
	unsigned int disable; /* enum ms_feat_bit */
};

struct snoop_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup; /* -c argument, resolved to filter.cgroup_id later */
	uint64_t duration_ns; /* -d, 0 = until interrupted */
	bool wide;
	bool timestamps;
	bool extended; /* -e: reclaim detail, shrink_node passes, findings */
};

struct oom_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup;
	uint64_t duration_ns;
	uint64_t history_ns; /* how far back a kill's story goes */
	uint64_t wait_ns; /* how long to wait for the reaper before printing */
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

struct doctor_opts {
	struct cli_common c;
	bool probes;
};

/* Returns 0 (o->c.help set if --help was asked) or -EINVAL with diag set. */
int cli__parse_snoop(int argc, char **argv, struct snoop_opts *o, struct ms_diag *d);
int cli__parse_doctor(int argc, char **argv, struct doctor_opts *o, struct ms_diag *d);
int cli__parse_oom(int argc, char **argv, struct oom_opts *o, struct ms_diag *d);
int cli__parse_hist(int argc, char **argv, struct hist_opts *o, struct ms_diag *d);
int cli__parse_top(int argc, char **argv, struct top_opts *o, struct ms_diag *d);
void cli__usage_hist(FILE *f);
void cli__usage_top(FILE *f);
void cli__usage_oom(FILE *f);
void cli__usage_snoop(FILE *f);
void cli__usage_doctor(FILE *f);

#endif
