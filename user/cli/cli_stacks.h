/* SPDX-License-Identifier: GPL-2.0 */
/* Command line of memstall stacks (stall time by kernel and user stack). */
#ifndef MS_CLI_STACKS_H
#define MS_CLI_STACKS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "cli/cli.h"

enum stacks_format {
	STACKS_TEXT, /* the top N stacks: time, count, mean, frames */
	STACKS_FOLDED, /* --folded: "who;user;kernel_[k] value" lines */
	STACKS_SVG, /* --svg FILE: a flame graph */
	STACKS_JSON, /* --json: one "stack" object per stack, then the summary */
};

struct stacks_opts {
	struct cli_common c;
	struct ms_filter filter;
	const char *cgroup; /* -c */
	uint64_t duration_ns; /* -d, 0: until Ctrl-C */
	unsigned int by; /* --by: MS_BY_COMM (default), MS_BY_CGROUP, MS_BY_TGID */
	bool user; /* --user: user stacks too */
	bool exact; /* --exact-stacks: walk the stacks at every stall */
	bool count; /* --count: values are stall counts, not microseconds */
	enum stacks_format format;
	const char *svg; /* --svg FILE ("-": stdout) */
	uint32_t top; /* --top N (text, default 10) */
};

int cli__parse_stacks(int argc, char **argv, struct stacks_opts *o, struct ms_diag *d);
void cli__usage_stacks(FILE *f);

#endif
