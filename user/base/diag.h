/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Errors and warnings. Functions return negative errno; the first one that
 * knows *why* records a one-line cause and fix in the caller's diag object;
 * the subcommand's caller (tools/main.c) turns it into one line on stderr and
 * a documented exit code (diag__exit_code). Warnings (things this kernel does
 * not let us see) are collected and printed once, they never fail a run.
 */
#ifndef MS_DIAG_H
#define MS_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/* Documented exit codes (README "Exit codes"). */
enum ms_exit {
	MS_EXIT_OK = 0,
	MS_EXIT_FAIL = 1, /* runtime failure */
	MS_EXIT_USAGE = 2, /* bad command line */
	MS_EXIT_PERM = 3, /* not root / missing CAP_BPF, CAP_PERFMON */
	MS_EXIT_KERNEL = 4, /* kernel cannot do what was asked (no BTF, no tracepoint) */
	MS_EXIT_INPUT = 5, /* unreadable or malformed input file */
	MS_EXIT_WARN = 6, /* doctor: the worst finding is a warning */
	MS_EXIT_CRIT = 7, /* doctor: the worst finding is critical */
};

#define MS_DIAG_LEN 512
#define MS_MAX_WARN 16

struct ms_diag {
	int err; /* negative errno of the first failure, 0 if none */
	enum ms_exit code; /* exit code chosen by whoever set err */
	char msg[MS_DIAG_LEN]; /* "cause: fix" */
	int nwarn;
	char warn[MS_MAX_WARN][160];
};

/* Record the first failure; later calls do not overwrite it. Returns err. */
int diag__fail(struct ms_diag *d, int err, enum ms_exit code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag__warn(struct ms_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Exit code for a failure: the recorded one, or derived from errno. */
enum ms_exit diag__exit_code(const struct ms_diag *d, int err);
/* Print the failure (one line) to f, prefixed by the program name. */
void diag__print(const struct ms_diag *d, int err, FILE *f);
void diag__print_warnings(struct ms_diag *d, FILE *f);

#endif
