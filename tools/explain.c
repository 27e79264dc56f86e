// SPDX-License-Identifier: GPL-2.0
/* memstall explain [FILE|-]: decode the memory incidents in a kernel log. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "commands.h"
#include "logs/explain.h"

int cmd_explain(int argc, char **argv, struct ms_diag *d)
{
	const char *name = "standard input";
	struct ms_explain *e = NULL;
	struct explain_opts o;
	FILE *f = stdin;
	int err;

	err = cli__parse_explain(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_explain(stdout);
		return err;
	}
	if (o.file && strcmp(o.file, "-")) {
		name = o.file;
		f = fopen(o.file, "r");
		if (!f)
			return diag__fail(d, -errno, MS_EXIT_INPUT,
					  "cannot read %s: %s: pass a kernel log file (dmesg, "
					  "journalctl -k) or - for stdin",
					  o.file, strerror(errno));
	}
	e = explain__new(o.kernel);
	if (!e) {
		err = -ENOMEM;
		goto cleanup;
	}
	err = explain__feed_file(e, f, name, d);
	if (err)
		goto cleanup;
	explain__finish(e);
	if (o.c.json)
		explain__print_json(e, stdout);
	else
		explain__print_text(e, stdout);
cleanup:
	explain__free(e);
	if (f != stdin)
		fclose(f);
	return err;
}
