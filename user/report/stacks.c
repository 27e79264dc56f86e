// SPDX-License-Identifier: GPL-2.0
/*
 * memstall report's flame graph section: stacks.jsonl (memstall record
 * --stacks, one object per folded stack: comm, frames root first with
 * kernel frames suffixed "_[k]", us, count) drawn by the flame graph
 * renderer (output/flame.h) as an inline SVG. The one place that reads
 * that file.
 */
#include <stdlib.h>
#include "output/flame.h"
#include "report/report_int.h"

#define RS_MAX_FRAMES 200 /* root (the comm) and frames; deeper is cut */
#define RS_WIDTH 960 /* fits the page's 1000 px */

struct stk {
	struct flame *f;
	uint64_t rows, bad, us, count;
	int err;
};

static void one(struct rep *r, const struct jv *v, void *ctx)
{
	const char *frames[RS_MAX_FRAMES];
	const struct jv *fr = jv__get(v, "frames"), *c;
	struct stk *s = ctx;
	double us = jv__getn(v, "us", -1);
	int n = 0;

	(void)r;
	if (!fr || fr->type != J_ARR || !(us >= 0 && us < 1e15) || s->err) {
		s->bad++;
		return;
	}
	frames[n++] = jv__gets(v, "comm", "?");
	for (c = fr->child; c && n < RS_MAX_FRAMES; c = c->next)
		if (c->type == J_STR)
			frames[n++] = c->str;
	s->rows++;
	s->us += (uint64_t)us;
	s->count += (uint64_t)jv__getn(v, "count", 0);
	s->err = flame__add(s->f, frames, n, (uint64_t)us);
}

void rep__sec_stacks(struct rep *r, FILE *f)
{
	struct stk s = {};
	char sub[160];

	if (!bundle__find(&r->bf, "stacks.jsonl")) {
		fputs("<p class=\"none\">No stacks recorded. (<code>memstall record "
		      "--stacks</code> "
		      "records them.)</p>\n",
		      f);
		return;
	}
	s.f = flame__new();
	if (!s.f) {
		fputs("<p class=\"none\">Out of memory for the flame graph.</p>\n", f);
		return;
	}
	rep__lines(r, "stacks.jsonl", one, &s);
	if (s.err || !s.rows || !flame__total(s.f)) {
		fprintf(f, "<p class=\"none\">%s</p>\n",
			s.err ? "Out of memory for the flame graph."
			      : "No stall time by stack in this capture.");
		flame__free(s.f);
		return;
	}
	snprintf(sub, sizeof(sub), "%.3f ms of stall time in %llu stalls, %llu stacks%s",
		 s.us / 1e3, (unsigned long long)s.count, (unsigned long long)s.rows,
		 s.bad ? " (malformed lines skipped)" : "");
	fputs("<p>Stall time by stack: the width of a frame is the stall time below it; "
	      "kernel frames (<code>_[k]</code>) warm, user frames cool. Hover for "
	      "details, click to zoom.</p>\n<div class=\"flame\">",
	      f);
	flame__write_svg(s.f, f,
			 &(struct flame_opts){ .title = "Where tasks stalled in the allocator",
					       .subtitle = sub,
					       .unit = "us",
					       .width = RS_WIDTH,
					       .id = "rep-flame",
					       .embed = 1 });
	fputs("</div>\n", f);
	flame__free(s.f);
}
