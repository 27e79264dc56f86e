/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tracing session: the start-up every tracing subcommand shares (feature
 * pass, GFP names, cgroup names and filter, tracer load/attach), so the
 * front-ends in tools/ stay thin.
 */
#ifndef MS_SESSION_H
#define MS_SESSION_H

#include "base/opts.h"
#include "kernel/kfeatures.h"
#include "model/stall.h"
#include "kernel/tracer.h"

struct session {
	struct ms_features feat;
	struct gfp_table *gfp;
	struct cgmap *cg;
	struct tracer *tracer;
	struct event_ctx sctx;
	/* session__run: one stderr line per second while events are dropped
	 * (snoop, oom: their streams are the point) */
	bool warn_drops;
	uint64_t warn_ns, warn_drops_seen; /* the last check, drops by then */
};

/* cgroup: -c argument or NULL. Filter's cgroup_id is filled from it. */
struct session *session__new(const struct cli_common *c, struct ms_filter *filter,
			     const char *cgroup, unsigned int groups, struct ms_diag *d, int *errp);
/* The same, aggregating into in-kernel histograms keyed by hist_by. */
struct session *session__new_hist(const struct cli_common *c, struct ms_filter *filter,
				  const char *cgroup, unsigned int hist_by, struct ms_diag *d,
				  int *errp);
/* The same with every tracer option (groups, hist, passes, node counts);
 * filter and btf_path come from the other arguments. */
struct session *session__new_with(const struct cli_common *c, struct ms_filter *filter,
				  const char *cgroup, const struct tracer_opts *base,
				  struct ms_diag *d, int *errp);
void session__free(struct session *s);
/* Notes on how shrink_node passes and scan balance are seen here (snoop -e). */
void session__explain_passes(const struct session *s, struct ms_diag *d);
/* Notes about kinds or hooks this kernel cannot give (printed once). */
void session__explain_gaps(const struct session *s, unsigned int wanted_kinds, struct ms_diag *d);

/*
 * Poll until duration_ns (0: until SIGINT/SIGTERM), delivering events to fn.
 * After an idle poll fn is called with e == NULL (a tick), so models that
 * wait for time to pass (OOM reaping) can report. sink: flushed after each
 * batch (may be NULL).
 */
struct ms_sink;
int session__run(struct session *s, uint64_t duration_ns, tracer_event_fn fn, void *ctx,
		 struct ms_sink *sink, struct ms_diag *d);

#endif
