/* SPDX-License-Identifier: GPL-2.0 */
/* Command line of memstall export (the Prometheus exporter). */
#ifndef MS_CLI_EXPORT_H
#define MS_CLI_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "cli/cli.h"

/* Outside the Prometheus exporters' 9100-9999 range (fully allocated on the
 * project's default port allocations list): README "Fleet". */
#define EXPORT_DEFAULT_PORT "17133"

struct export_opts {
	struct cli_common c;
	unsigned int kinds; /* -k */
	const char *listen; /* NULL: no HTTP server (--textfile alone) */
	const char *textfile;
	uint64_t interval_ns; /* --textfile rewrite period */
	uint64_t duration_ns; /* -d: stop after (tests, benchmarks) */
	unsigned int by; /* enum ms_by */
	uint32_t max_series;
	uint64_t retain_ns; /* a deleted cgroup's series after its last stall */
	const char *web_config;
	struct cli_privs privs; /* --user, --keep-caps */
	bool bpf_stats;
};

int cli__parse_export(int argc, char **argv, struct export_opts *o, struct ms_diag *d);
void cli__usage_export(FILE *f);

#endif
