/* SPDX-License-Identifier: GPL-2.0 */
/* Command lines of memstall record (capture a bundle, armed or at once) and
 * memstall report (a bundle as one self-contained HTML file). */
#ifndef MS_CLI_RECORD_H
#define MS_CLI_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "cli/cli.h"
#include "model/trigger.h"

#define RECORD_MAX_PRE_NS (600ull * 1000000000ull) /* --pre: at most 10 minutes */

struct record_opts {
	struct cli_common c;
	unsigned int kinds; /* -k */
	uint64_t duration_ns; /* -d: each capture's length */
	uint64_t interval_ns; /* -i: one histogram per interval */
	const char *out; /* -o: directory or .tar.gz (NULL: a dated name) */
	struct trigger when; /* --when (kind TRIG_NONE: record at once) */
	const char *when_arg;
	uint64_t pre_ns; /* --pre */
	uint64_t cooldown_ns;
	uint32_t max_captures; /* 0: unlimited (--keep) */
	bool keep;
	const char *html;
	uint32_t top; /* rows per interval kept in the bundle */
	struct cli_privs privs; /* --user, --keep-caps */
	bool stacks; /* --stacks: stall time by kernel stack (stacks.jsonl) */
	bool user_stacks; /* --user-stacks: and the user stacks above them */
	bool exact_stacks; /* --exact-stacks: walk them at every stall */
	int argc; /* the command line, for the manifest */
	char **argv;
};

struct report_opts {
	bool help;
	const char *bundle;
	const char *html;
};

int cli__parse_record(int argc, char **argv, struct record_opts *o, struct ms_diag *d);
void cli__usage_record(FILE *f);
int cli__parse_report(int argc, char **argv, struct report_opts *o, struct ms_diag *d);
void cli__usage_report(FILE *f);

#endif
