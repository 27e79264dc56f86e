// SPDX-License-Identifier: GPL-2.0
/* memstall snoop: one line (or JSON object) per finished reclaim stall. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "session.h"
#include "sink.h"
#include "util.h"

enum { SUM_EVENTS, SUM_DROPPED, SUM_FILTERED, SUM_UNMATCHED, SUM_NCOLS };

static const struct ms_col summary_cols[SUM_NCOLS] = {
	[SUM_EVENTS] = { "events", "events", 0, MS_FT_U64, 0, 0 },
	[SUM_DROPPED] = { "dropped", "dropped", 0, MS_FT_U64, 0, 0 },
	[SUM_FILTERED] = { "below_min_us", "below --min-us", 0, MS_FT_U64, 0, 0 },
	[SUM_UNMATCHED] = { "unmatched_ends", "unmatched ends", 0, MS_FT_U64, 0, 0 },
};

static const struct ms_schema summary_schema = { "summary", summary_cols, SUM_NCOLS };

struct snoop_run {
	struct session *s;
	struct ms_sink *sink;
	uint64_t seen;
};

static int on_event(void *ctx, const struct ms_event *e)
{
	struct snoop_run *r = ctx;
	struct stall_row row;

	stall__row(&r->s->sctx, e, &row);
	sink__row(r->sink, stall__schema(r->s->sctx.precise_time), row.v);
	r->seen++;
	return 0;
}

static void print_summary(struct snoop_run *r, bool json)
{
	struct ms_counters c;
	struct ms_val v[SUM_NCOLS] = {};
	struct ms_sink *out = json ? r->sink : sink__new_text(stderr, false);

	if (!out || tracer__counters(r->s->tracer, &c))
		goto out;
	v[SUM_EVENTS].u = r->seen;
	v[SUM_DROPPED].u = c.v[MS_CNT_DROPS];
	v[SUM_FILTERED].u = c.v[MS_CNT_FILTERED];
	v[SUM_UNMATCHED].u = c.v[MS_CNT_ORPHAN_END];
	sink__summary(out, &summary_schema, v);
out:
	if (out != r->sink)
		sink__free(out);
}

int cmd_snoop(int argc, char **argv, struct ms_diag *d)
{
	struct snoop_run r = {};
	struct snoop_opts o;
	uint64_t end = 0;
	int err, n;

	err = cli__parse_snoop(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_snoop(stdout);
		return err;
	}
	err = util__install_stop_signals();
	if (err)
		return err;
	r.s = session__new(&o.c, &o.filter, o.cgroup, MS_GRP_RECLAIM | MS_GRP_PASSES, d, &err);
	if (!r.s)
		return err;
	session__explain_gaps(r.s, o.filter.kinds, d);
	diag__print_warnings(d, stderr);
	r.s->sctx.precise_time = o.timestamps;
	r.sink = o.c.json ? sink__new_json(stdout) : sink__new_text(stdout, o.wide);
	if (!r.sink) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	if (!o.c.json) {
		fprintf(stderr, "Tracing memory reclaim stalls... Ctrl-C to end.\n");
		sink__header(r.sink, stall__schema(o.timestamps));
	}
	sink__flush(r.sink);
	if (o.duration_ns)
		end = util__now_ns() + o.duration_ns;
	while (!util__stop_requested()) {
		int timeout = 100;

		if (end) {
			uint64_t now = util__now_ns();

			if (now >= end)
				break;
			if ((end - now) / 1000000 < (uint64_t)timeout)
				timeout = (int)((end - now) / 1000000) + 1;
		}
		n = tracer__poll(r.s->tracer, timeout, on_event, &r);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			err = diag__fail(d, n, MS_EXIT_FAIL, "reading events: %s", strerror(-n));
			break;
		}
		if (n > 0)
			sink__flush(r.sink);
	}
	/* drain what is already in the buffer */
	tracer__poll(r.s->tracer, 0, on_event, &r);
	print_summary(&r, o.c.json);
cleanup:
	sink__free(r.sink);
	session__free(r.s);
	return err;
}
