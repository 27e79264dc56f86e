/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the command line hands down to the layers below it: the options every
 * tracing subcommand shares and the stall filter. Filled by cli/cli.c and cli/cli_opt.c, read
 * by kernel/tracer.c and kernel/session.c: neither needs the parser.
 */
#ifndef MS_OPTS_H
#define MS_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include "memstall.h"

/* --json, --btf, --disable, -v, -h */
struct cli_common {
	bool json;
	bool verbose;
	bool help;
	const char *btf_path;
	unsigned int disable; /* enum ms_feat_bit */
};

/* -p -t -c -n --min-us -k, applied in the kernel */
struct ms_filter {
	uint32_t tgid; /* 0 = any */
	uint32_t tid;
	uint64_t cgroup_id; /* memory cgroup (and descendants), 0 = any */
	int cgroup_level; /* cgroup_id's level in its hierarchy (root 0) */
	char comm[MS_COMM_LEN]; /* "" = any */
	uint64_t min_ns;
	unsigned int kinds; /* mask of 1 << enum ms_kind */
};

#endif
