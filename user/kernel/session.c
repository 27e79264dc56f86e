// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include "model/cgroup.h"
#include "model/gfp.h"
#include "kernel/session.h"
#include "base/util.h"

static int resolve_cgroup(struct session *s, const char *arg, struct ms_filter *filter,
			  struct ms_diag *d)
{
	char rel[256];
	int err;

	if (!cgmap__version(s->cg))
		return diag__fail(d, -ENOENT, MS_EXIT_KERNEL,
				  "-c %s: no memory cgroup hierarchy is mounted (v1 'memory' or "
				  "cgroup2): mount one or drop -c",
				  arg);
	err = cgmap__resolve(s->cg, arg, &filter->cgroup_id, rel, sizeof(rel));
	if (err)
		return diag__fail(d, err, MS_EXIT_USAGE,
				  "-c %s: no such cgroup under %s (cgroup v%d memory hierarchy): "
				  "give a directory of that tree",
				  arg, cgmap__root(s->cg), cgmap__version(s->cg));
	filter->cgroup_level = cgmap__level(s->cg, rel);
	return 0;
}

/* -v: how long each start-up phase took and the memory high-water mark. */
static void phase(const struct cli_common *c, const char *what, uint64_t *t0)
{
	char buf[2048], *hwm, *rss;
	uint64_t now = util__now_ns();

	if (!c->verbose)
		return;
	if (util__read_file("/proc/self/status", buf, sizeof(buf)) <= 0)
		buf[0] = '\0';
	hwm = strstr(buf, "VmHWM:");
	rss = strstr(buf, "VmRSS:");
	if (hwm)
		hwm[strcspn(hwm, "\n")] = '\0';
	if (rss)
		rss[strcspn(rss, "\n")] = '\0';
	fprintf(stderr, "memstall: start-up: %-9s %6.2f ms  %s  %s\n", what, (now - *t0) / 1e6,
		hwm ? hwm : "", rss ? rss : "");
	*t0 = now;
}

struct session *session__new(const struct cli_common *c, struct ms_filter *filter,
			     const char *cgroup, unsigned int groups, struct ms_diag *d, int *errp)
{
	struct tracer_opts to = { .groups = groups };

	return session__new_with(c, filter, cgroup, &to, d, errp);
}

struct session *session__new_hist(const struct cli_common *c, struct ms_filter *filter,
				  const char *cgroup, unsigned int hist_by, struct ms_diag *d,
				  int *errp)
{
	struct tracer_opts to = { .groups = MS_GRP_TRACE, .hist = true, .hist_by = hist_by };

	return session__new_with(c, filter, cgroup, &to, d, errp);
}

struct session *session__new_with(const struct cli_common *c, struct ms_filter *filter,
				  const char *cgroup, const struct tracer_opts *base,
				  struct ms_diag *d, int *errp)
{
	struct ms_probe_opts po = { .btf_path = c->btf_path,
				    .disable = c->disable,
				    .keep_btf = true };
	struct tracer_opts to = *base;
	struct btf *btf = NULL;
	uint64_t t0 = util__now_ns();
	struct session *s;
	int err;

	s = calloc(1, sizeof(*s));
	if (!s) {
		*errp = -ENOMEM;
		return NULL;
	}
	err = features__probe(&s->feat, &po, &btf, d);
	if (err)
		goto fail;
	phase(c, "features", &t0);
	s->gfp = gfp_table__for_kernel(btf);
	s->cg = cgmap__new(NULL);
	phase(c, "names", &t0);
	if (!s->gfp || !s->cg) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto fail;
	}
	if (cgroup) {
		err = resolve_cgroup(s, cgroup, filter, d);
		if (err)
			goto fail;
	}
	to.filter = *filter;
	to.btf_path = c->btf_path;
	to.verify_stats = c->verbose;
	s->tracer = tracer__new(&to, &s->feat, &btf, d, &err); /* takes btf */
	if (!s->tracer)
		goto fail;
	phase(c, "load", &t0);
	s->sctx.feat = &s->feat;
	s->sctx.gfp = s->gfp;
	s->sctx.cg = s->cg;
	cgmap__set_gone(s->cg, tracer__cgroup_gone, s->tracer);
	s->sctx.mono_to_real_ns = util__mono_to_real_ns();
	return s;
fail:
	btf__free(btf);
	session__free(s);
	*errp = err;
	return NULL;
}

void session__free(struct session *s)
{
	if (!s)
		return;
	tracer__free(s->tracer);
	cgmap__free(s->cg);
	gfp_table__free(s->gfp);
	free(s);
}

void session__explain_gaps(const struct session *s, unsigned int wanted_kinds, struct ms_diag *d)
{
	const struct ms_plan *p = tracer__plan(s->tracer);
	unsigned int k;

	for (k = 0; k < MS_KIND_MAX; k++)
		if ((wanted_kinds & (1u << k)) && (p->kinds_missing & (1u << k)))
			diag__warn(d,
				   "%s stalls cannot be traced: its tracepoints are not in this "
				   "kernel (see 'memstall doctor --probes')",
				   event__kind_name(k));
	/* asked for by name (not just "all"): say why none will come */
	if ((wanted_kinds & (1u << MS_KIND_HIGH)) && wanted_kinds != MS_KINDS_ALL &&
	    attach__chosen_mech(p, MS_HOOK_OVER_HIGH) == MS_MECH_DERIVED)
		diag__warn(d,
			   "high stalls cannot be timed: mem_cgroup_handle_over_high cannot be "
			   "probed here (see 'memstall doctor --probes'); top shows memory.events "
			   "high per cgroup");
}

void session__explain_passes(const struct session *s, struct ms_diag *d)
{
	const struct ms_plan *p = tracer__plan(s->tracer);

	if (attach__chosen_mech(p, MS_HOOK_SHRINK_NODE) == MS_MECH_DERIVED)
		diag__warn(d,
			   "shrink_node passes derived from LRU shrink events (fentry: %.40s): "
			   "nr_to_reclaim, reclaim_idx, memcg unknown",
			   p->c[MS_HOOK_SHRINK_NODE].why[0]);
	if (attach__chosen_mech(p, MS_HOOK_SCAN_COUNT) == MS_MECH_DERIVED)
		diag__warn(d, "scan balance derived from pages scanned, not observed "
			      "(get_scan_count is inlined or not probeable)");
	if (s->feat.lru_gen)
		diag__warn(d, "MGLRU is on: reclaim bypasses get_scan_count; the anon/file "
			      "split comes from LRU shrink events (none before 6.7)");
}

/* While events are dropped, say so once a second: how many, and the way
 * out. Counters are read at most once a second. */
static void warn_drops(struct session *s)
{
	uint64_t now = util__now_ns(), drops;
	struct ms_counters c;

	if (!s->warn_drops)
		return;
	if (!s->warn_ns) /* the first second starts now, with no drop seen */
		s->warn_ns = now;
	if (now - s->warn_ns < 1000000000ull || tracer__counters(s->tracer, &c))
		return;
	drops = c.v[MS_CNT_DROPS] + c.v[MS_CNT_KILL_DROPS];
	if (drops > s->warn_drops_seen)
		fprintf(stderr,
			"memstall: %llu events dropped in the last %.1f s: the reader cannot keep "
			"up; use 'memstall hist' for counts, --min-us to send fewer, or a larger "
			"--buffer-size\n",
			(unsigned long long)(drops - s->warn_drops_seen), (now - s->warn_ns) / 1e9);
	s->warn_ns = now;
	s->warn_drops_seen = drops;
}

int session__run(struct session *s, uint64_t duration_ns, tracer_event_fn fn, void *ctx,
		 struct ms_sink *sink, struct ms_diag *d)
{
	uint64_t end = duration_ns ? util__now_ns() + duration_ns : 0;
	int n, err = 0;

	err = util__install_stop_signals();
	if (err)
		return err;
	while (!util__stop_requested()) {
		int timeout = 100;

		if (end) {
			uint64_t now = util__now_ns();

			if (now >= end)
				break;
			if ((end - now) / 1000000 < (uint64_t)timeout)
				timeout = (int)((end - now) / 1000000) + 1;
		}
		n = tracer__poll(s->tracer, timeout, fn, ctx);
		if (n == -EINTR)
			continue;
		if (n < 0) {
			err = diag__fail(d, n, MS_EXIT_FAIL, "reading events: %s", strerror(-n));
			break;
		}
		/* an empty poll still gives time-based models a tick */
		if (!n)
			fn(ctx, NULL);
		else if (sink)
			sink__flush(sink);
		warn_drops(s);
	}
	/* drain what is already in the buffer */
	tracer__poll(s->tracer, 0, fn, ctx);
	return err;
}
