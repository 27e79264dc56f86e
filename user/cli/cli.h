/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of every subcommand: the common options (--json, --btf,
 * --disable, -v, -h), the stall filters (-p -t -c -n --min-us -k), the
 * comma-separated lists (-k, --by, --disable) and each subcommand's own
 * options. Parsers never exit: they return -EINVAL with a one-line cause and
 * fix in the diag (exit code 2, MS_EXIT_USAGE). The help texts are in
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

/* One word of a comma-separated list and the bits it stands for. */
struct cli_name {
	const char *name;
	unsigned int bits;
};

/* "a,b,c" -> the OR of the words' bits. names ends with { NULL }. Empty
 * words are skipped; no word at all, or an unknown one, is -EINVAL. */
int cli__parse_list(const char *list, const struct cli_name *names, unsigned int *mask);
/* The lists of the command line, through cli__parse_list. */
int cli__parse_kinds(const char *list, unsigned int *kinds); /* -k: enum ms_kind bits */
int cli__parse_by(const char *list, unsigned int *by); /* --by: enum ms_by ("kind": 0) */
int cli__parse_disable(const char *list, unsigned int *mask); /* --disable: enum ms_feat_bit */

/* getopt values of the long options the tracing commands share (cli.c);
 * a parser in another file numbers its own from CLI_OPT_OWN + 0x80 */
enum cli_opt {
	CLI_OPT_JSON = 0x100,
	CLI_OPT_BTF,
	CLI_OPT_DISABLE,
	CLI_OPT_MIN_US,
	CLI_OPT_COMM,
	CLI_OPT_OWN, /* cli.c's own options from here */
};

/* For parsers outside cli.c (cli_stacks.c). 1 handled, 0 not one, <0:
 * error with diag set: --json --btf --disable -v -h -p -t -c --comm
 * (CLI_OPT_COMM) --min-us (CLI_OPT_MIN_US) -k. */
int cli__counted_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		     const char **cgroup, struct ms_diag *d);
int cli__duration_opt(const char *opt, const char *arg, uint64_t *ns, struct ms_diag *d);
int cli__unknown_opt(struct ms_diag *d, const char *cmd, int argc, char **argv);
int cli__no_extra_args(int argc, char **argv, const char *cmd, struct ms_diag *d);

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
	bool json;
	bool help;
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
