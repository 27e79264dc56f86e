// SPDX-License-Identifier: GPL-2.0
/* memstall report: a record bundle as one self-contained HTML file. */
#include <stdio.h>
#include "cli/cli_record.h"
#include "commands.h"
#include "report/report.h"

int cmd_report(int argc, char **argv, struct ms_diag *d)
{
	struct report_opts o;
	int err = cli__parse_report(argc, argv, &o, d);

	if (err || o.help) {
		if (o.help)
			cli__usage_report(stdout);
		return err;
	}
	return report__html(o.bundle, o.html, d);
}
