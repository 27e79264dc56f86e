/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every subcommand's parser shares, in one place: the getopt loop, the
 * messages and exit code (2, MS_EXIT_USAGE) of a bad option, a missing value
 * or a stray argument, the common options (--json --btf --disable -v -h),
 * the privilege options (--user --keep-caps), the stall filters (-p -t -c
 * -n --min-us -k) and the comma-separated lists (-k, --by, --disable).
 * Handlers return 1 (the option was theirs), 0 (not theirs) or -EINVAL
 * with a one-line cause and fix in the diag.
 */
#ifndef MS_CLI_OPT_H
#define MS_CLI_OPT_H

#include <stdbool.h>
#include <stdint.h>
#include "base/diag.h"
#include "base/opts.h"

struct option;

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
/* What a list option's parse (err) came to: 1, or -EINVAL naming the
 * option, the unknown word (what) and the words to use. */
int cli__list_result(int err, const char *opt, const char *arg, const char *what, const char *use,
		     struct ms_diag *d);

/* getopt values of the shared long options; a subcommand's own options
 * are numbered from CLI_OPT_OWN (cli.c) or CLI_OPT_OWN + 0x80 (the parsers
 * in their own files) */
enum cli_opt {
	CLI_OPT_JSON = 0x100,
	CLI_OPT_BTF,
	CLI_OPT_DISABLE,
	CLI_OPT_MIN_US,
	CLI_OPT_COMM,
	CLI_OPT_USER, /* --user USER: the account to switch to once attached */
	CLI_OPT_KEEP_CAPS,
	CLI_OPT_OWN,
};

/* --json --btf --disable -v -h */
#define CLI_COMMON_LONG_OPTS                                             \
	{ "json", no_argument, NULL, CLI_OPT_JSON },                     \
		{ "btf", required_argument, NULL, CLI_OPT_BTF },         \
		{ "disable", required_argument, NULL, CLI_OPT_DISABLE }, \
		{ "verbose", no_argument, NULL, 'v' },                   \
	{                                                                \
		"help", no_argument, NULL, 'h'                           \
	}

/* the filters of the commands whose -n is a count: --comm names */
#define CLI_COUNTED_FILTER_LONG_OPTS                                                      \
	{ "pid", required_argument, NULL, 'p' }, { "tid", required_argument, NULL, 't' }, \
		{ "cgroup", required_argument, NULL, 'c' },                               \
		{ "comm", required_argument, NULL, CLI_OPT_COMM },                        \
		{ "min-us", required_argument, NULL, CLI_OPT_MIN_US },                    \
	{                                                                                 \
		"kinds", required_argument, NULL, 'k'                                     \
	}

/* the commands that drop privileges once attached (record, export):
 * --user --keep-caps --btf -v -h */
#define CLI_PRIVS_LONG_OPTS                                            \
	{ "user", required_argument, NULL, CLI_OPT_USER },             \
		{ "keep-caps", no_argument, NULL, CLI_OPT_KEEP_CAPS }, \
		{ "btf", required_argument, NULL, CLI_OPT_BTF },       \
		{ "verbose", no_argument, NULL, 'v' },                 \
	{                                                              \
		"help", no_argument, NULL, 'h'                         \
	}

/* --user USER, --keep-caps */
struct cli_privs {
	const char *user; /* NULL: stay root */
	bool keep_caps; /* do not drop capabilities (debugging) */
};

/* One subcommand's options, each to fn (ctx: its options): 1 taken, 0 not
 * an option of cmd, <0 error with the diag set. Resets getopt; an option fn
 * does not take, or one without its value, fails as cli__unknown_opt. 0 or
 * -EINVAL; optind is then the first operand. */
typedef int (*cli_opt_fn)(int c, const char *arg, void *ctx, struct ms_diag *d);
int cli__getopt(int argc, char **argv, const char *cmd, const char *shortopts,
		const struct option *longopts, cli_opt_fn fn, void *ctx, struct ms_diag *d);

/* The handlers: 1 handled, 0 not one of theirs, <0 error with the diag set. */
int cli__common_opt(int c, const char *arg, struct cli_common *o, struct ms_diag *d);
/* The common options and the filters -p -t -c -n (comm) --min-us
 * (CLI_OPT_MIN_US) -k (snoop, oom). */
int cli__traced_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		    const char **cgroup, struct ms_diag *d);
/* The common options and the filters of the commands whose -n is a count
 * (hist, top, stacks): their command-name filter is --comm (CLI_OPT_COMM). */
int cli__counted_opt(int c, const char *arg, struct cli_common *o, struct ms_filter *f,
		     const char **cgroup, struct ms_diag *d);
/* --user --keep-caps, and the common options (of CLI_PRIVS_LONG_OPTS). */
int cli__privs_opt(int c, const char *arg, struct cli_common *o, struct cli_privs *p,
		   struct ms_diag *d);

/* -k LIST of record and export: 1, or -EINVAL "-k LIST: expected WANT". */
int cli__kinds_opt(const char *arg, unsigned int *kinds, const char *want, struct ms_diag *d);
/* "OPT ARG: expected WANT", exit code 2: -EINVAL. */
int cli__bad(struct ms_diag *d, const char *opt, const char *arg, const char *want);
/* OPT DURATION, not zero: 0 or -EINVAL. */
int cli__duration_opt(const char *opt, const char *arg, uint64_t *ns, struct ms_diag *d);
/* The option getopt just refused (unknown, or without its value): -EINVAL. */
int cli__unknown_opt(struct ms_diag *d, const char *cmd, int argc, char **argv);
/* Subcommands that take no operand: 0, or -EINVAL naming the first. */
int cli__no_extra_args(int argc, char **argv, const char *cmd, struct ms_diag *d);

#endif
