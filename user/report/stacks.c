// SPDX-License-Identifier: GPL-2.0
/*
 * memstall report's flame graph section. A bundle holds stacks.jsonl once
 * memstall record collects stacks (memstall stacks); the flame graph
 * renderer plugs in here: this is the one place that reads that file.
 */
#include "report/report_int.h"

void rep__sec_stacks(struct rep *r, FILE *f)
{
	const struct bundle_file *s = bundle__find(&r->bf, "stacks.jsonl");

	if (!s) {
		fputs("<p class=\"none\">No stacks recorded.</p>\n", f);
		return;
	}
	/* the flame graph renderer is not wired in yet: say what is there */
	fprintf(f,
		"<p>stacks.jsonl: %zu bytes recorded; no flame graph renderer in this build.</p>\n",
		s->len);
}
