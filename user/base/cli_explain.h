/* SPDX-License-Identifier: GPL-2.0 */
/* Command lines of explain and of the doctor audit (parsers never exit). */
#ifndef MS_CLI_EXPLAIN_H
#define MS_CLI_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "base/cli.h"
#include "base/diag.h"

struct explain_opts {
	bool json;
	bool help;
	const char *kernel; /* --kernel VER: decode GFP masks for this version */
	const char *file; /* NULL or "-": stdin */
};

/* doctor: --probes (the foundation's table) or the audit */
struct audit_opts {
	struct doctor_opts d; /* --probes and the common options */
	const char *root; /* --root DIR, default "/" */
	uint64_t sample_ns; /* --sample D: vmstat rates over D (0: none) */
};

int cli__parse_explain(int argc, char **argv, struct explain_opts *o, struct ms_diag *d);
void cli__usage_explain(FILE *f);
int cli__parse_audit(int argc, char **argv, struct audit_opts *o, struct ms_diag *d);
void cli__usage_audit(FILE *f);

#endif
