// SPDX-License-Identifier: GPL-2.0
/*
 * memstall: one binary, a table of subcommands. Invoked as "reclaimtop" it
 * runs "memstall top" (the first command of the table).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "commands.h"
#include "base/util.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct ms_diag *d);
	const char *help;
};

static const struct command commands[] = {
	{ "top", cmd_top, "live view: who stalls, where and why, refreshed every second" },
	{ "snoop", cmd_snoop, "one line per stall: reclaim, compaction, OOM kill" },
	{ "hist", cmd_hist, "stall latency histograms aggregated in the kernel, cross-checked" },
	{ "stacks", cmd_stacks, "stall time by kernel and user stack: folded, flame graph (SVG)" },
	{ "oom", cmd_oom, "one block per OOM kill: trigger, victim, domain, what came before" },
	{ "doctor", cmd_doctor,
	  "audit memory settings and state (--probes: what memstall can see)" },
	{ "explain", cmd_explain, "decode stalls, allocation failures and OOMs in a kernel log" },
	{ "export", cmd_export, "Prometheus exporter: in-kernel stall histograms on /metrics" },
	{ "record", cmd_record,
	  "capture an incident (at once or armed: --when) into a bundle; --html report" },
	{ "report", cmd_report, "render a record bundle as one self-contained HTML file" },
	{ "version", cmd_version, "version, build date, libbpf, static or not, architecture" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: memstall COMMAND [OPTIONS]   (memstall COMMAND --help for more)\n"
		   "       memstall -V, --version       (man memstall for the manual)\n\n"
		   "Which tasks stall in the kernel's memory allocator, how long, and why.\n\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nExit codes: 0 ok, 1 runtime failure, 2 bad usage, 3 missing privileges,\n"
		   "            4 kernel lacks a needed feature, 5 bad input file,\n"
		   "            6/7 doctor found warnings/critical problems.\n");
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int libbpf_verbose(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

/* Output that never arrived (a full disk, /dev/full) is a failure, whatever
 * the command: checked once here. A reader that went away (EPIPE: "| head")
 * is not: it asked for no more. stdio keeps no errno of an earlier failed
 * write, only its error flag. */
static bool reader_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

static int check_stdout(struct ms_diag *d)
{
	int err = 0;

	errno = 0;
	if (fflush(stdout))
		err = -errno;
	if (err == -EPIPE || (!err && !ferror(stdout)) || reader_gone())
		return 0;
	if (err)
		return diag__fail(d, err, MS_EXIT_FAIL,
				  "output lost: writing to standard output failed (%s): check "
				  "the file or device it goes to",
				  strerror(-err));
	return diag__fail(d, -EIO, MS_EXIT_FAIL,
			  "output lost: a write to standard output failed (disk full or device "
			  "error?): check the file or device it goes to");
}

static bool wants_verbose(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	struct ms_diag diag = { 0 };
	const struct command *cmd = NULL;
	size_t i;
	int err;

	libbpf_set_print(wants_verbose(argc, argv) ? libbpf_verbose : libbpf_quiet);
	if (!strcmp(self, "reclaimtop")) {
		cmd = &commands[0]; /* top */
	} else {
		if (argc < 2) {
			fprintf(stderr, "memstall: no command given: run 'memstall --help'\n");
			return MS_EXIT_USAGE;
		}
		if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
		    !strcmp(argv[1], "help")) {
			usage(stdout);
			return MS_EXIT_OK;
		}
		if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
			argv[1] = (char *)"version";
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[1], commands[i].name))
				cmd = &commands[i];
		if (!cmd) {
			fprintf(stderr, "memstall: unknown command '%s': run 'memstall --help'\n",
				argv[1]);
			return MS_EXIT_USAGE;
		}
		argc--;
		argv++;
	}
	err = cmd->fn(argc, argv, &diag);
	if (err >= 0 && check_stdout(&diag))
		err = diag.err;
	diag__print_warnings(&diag, stderr);
	if (err > 0) /* a verdict (doctor: worst severity), documented */
		return err;
	if (err) {
		diag__print(&diag, err, stderr);
		return diag__exit_code(&diag, err);
	}
	return MS_EXIT_OK;
}
