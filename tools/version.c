// SPDX-License-Identifier: GPL-2.0
/* memstall version [--json] (also memstall --version): what this binary is. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include "output/version.h"
#include "commands.h"

static void usage(FILE *f)
{
	fprintf(f, "Usage: memstall version [--json]   (also: memstall --version)\n"
		   "Version, build date, libbpf version, static or not, architecture.\n\n"
		   "  --json             one JSON object (type \"version\")\n"
		   "  -h, --help         this help\n");
}

int cmd_version(int argc, char **argv, struct ms_diag *d)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct ms_val vals[8];
	struct ms_version v;
	struct ms_sink *s;
	bool json = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			return diag__fail(
				d, -EINVAL, MS_EXIT_USAGE,
				"version: bad option near '%s': see 'memstall version --help'",
				argv[optind - 1]);
		}
	}
	if (optind < argc)
		return diag__fail(
			d, -EINVAL, MS_EXIT_USAGE,
			"version: unexpected argument '%s': see 'memstall version --help'",
			argv[optind]);
	version__get(&v);
	version__vals(&v, vals);
	s = json ? sink__new_json(stdout) : sink__new_text(stdout, true);
	if (!s)
		return -ENOMEM;
	sink__record(s, version__schema(), vals);
	sink__free(s);
	return 0;
}
