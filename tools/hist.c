// SPDX-License-Identifier: GPL-2.0
/* memstall hist: in-kernel stall histograms, dumped once or per interval. */
#include <errno.h>
#include <stdio.h>
#include "cli/cli.h"
#include "commands.h"
#include "host/privs.h"
#include "model/cgroup.h"
#include "model/hist.h"
#include "kernel/session.h"
#include "output/sink.h"
#include "base/util.h"
#include "model/xcheck.h"

enum {
	HS_SECONDS,
	HS_KEYS,
	HS_EVENTS,
	HS_PASSES,
	HS_OVERFLOW,
	HS_DROPS,
	HS_FILTERED, /* from here: the other BPF counters (text: only when not 0) */
	HS_UNMATCHED,
	HS_TRUNCATED,
	HS_NORECORD,
	HS_SPARE,
	HS_OOM,
	HS_KILL_DROPS,
	HS_COUNTED, /* the kernel's count: stalls + kswapd passes + overflow */
	HS_NCOLS
};

/* The BPF counter behind each of the columns from HS_FILTERED on. */
static const int head_counter[HS_NCOLS] = {
	[HS_FILTERED] = MS_CNT_FILTERED,     [HS_UNMATCHED] = MS_CNT_ORPHAN_END,
	[HS_TRUNCATED] = MS_CNT_DEPTH,	     [HS_NORECORD] = MS_CNT_NOSTORE,
	[HS_SPARE] = MS_CNT_SPARE,	     [HS_OOM] = MS_CNT_OOM_KILLS,
	[HS_KILL_DROPS] = MS_CNT_KILL_DROPS, [HS_COUNTED] = MS_CNT_EVENTS,
};

static const struct ms_col head_cols[HS_NCOLS] = {
	[HS_SECONDS] = { "seconds", "s", 0, MS_FT_F64, 1, 0 },
	[HS_KEYS] = { "keys", "keys", 0, MS_FT_U64, 0, 0 },
	[HS_EVENTS] = { "stalls", "stalls", 0, MS_FT_U64, 0, 0 },
	/* null: kswapd not among the kinds (-k) */
	[HS_PASSES] = { "kswapd_passes", "kswapd passes (background reclaim, not stalls)", 0,
			MS_FT_U64, 0, 0 },
	[HS_OVERFLOW] = { "overflow", "overflowed (keys beyond the map)", 0, MS_FT_U64, 0, 0 },
	[HS_DROPS] = { "dropped", "dropped", 0, MS_FT_U64, 0, 0 },
	[HS_FILTERED] = { "below_min_us", "below --min-us", 0, MS_FT_U64, 0, 0 },
	[HS_UNMATCHED] = { "unmatched_ends", "unmatched ends", 0, MS_FT_U64, 0, 0 },
	[HS_TRUNCATED] = { "truncated", "not counted (nested deeper than 4)", 0, MS_FT_U64, 0, 0 },
	[HS_NORECORD] = { "no_record", "missed (no memory for the in-flight record)", 0, MS_FT_U64,
			  0, 0 },
	[HS_SPARE] = { "spare_records", "records from the spare pool", 0, MS_FT_U64, 0, 0 },
	[HS_OOM] = { "oom_kills", "OOM kills", 0, MS_FT_U64, 0, 0 },
	[HS_KILL_DROPS] = { "kills_dropped", "OOM kills lost (their buffer full)", 0, MS_FT_U64, 0,
			    0 },
	/* what the programs counted in this window: stalls + kswapd passes +
	 * overflow once the window's last stalls are read (next window at -i) */
	[HS_COUNTED] = { "counted", "counted in the kernel", 0, MS_FT_U64, 0, 0 },
};

static const struct ms_schema head_schema = { "hist_window", head_cols, HS_NCOLS };

struct hist_run;
static int tick(void *ctx, const struct ms_event *e);

struct hist_run {
	struct session *s;
	struct hist_model *m;
	struct ms_sink *sink;
	struct hist_opts *o;
	struct xcheck_snap start;
	struct ms_counters c0;
	uint64_t cg_scan_ns; /* the cgroup hierarchy's last scan */
};

#define CG_SCAN_NS 1000000000ull

static int tick(void *ctx, const struct ms_event *e)
{
	struct hist_run *r = ctx;
	uint64_t now;

	(void)e; /* nothing comes through the ring buffer in hist mode */
	if (!(r->o->by & (MS_BY_CGROUP | HIST_BY_IDENT)))
		return 0;
	/* the histograms are read at the end: learn the cgroups' paths while
	 * they exist, so one deleted meanwhile keeps its path */
	now = util__now_ns();
	if (now - r->cg_scan_ns >= CG_SCAN_NS) {
		cgmap__refresh(r->s->sctx.cg);
		r->cg_scan_ns = now;
	}
	return 0;
}

static void report(struct hist_run *r, uint64_t seconds_ns)
{
	struct xcheck_traced t = {};
	struct xcheck_row rows[XC_ROWS];
	struct xcheck_snap now;
	struct ms_counters c;
	unsigned int stalls = event__stall_kinds();
	struct ms_val v[HS_NCOLS] = {};
	struct hist_maps hm;
	int n;

	hist__clear(r->m);
	tracer__hist_maps(r->s->tracer, &hm);
	hist__collect(r->m, &hm, !r->o->cumulative);
	hist__rank(r->m);
	tracer__counters(r->s->tracer, &c);
	xcheck__snap("/", &now);

	v[HS_SECONDS].f = seconds_ns / 1e9;
	v[HS_KEYS].u = hist__nrows(r->m);
	v[HS_EVENTS].u = hist__total_count(r->m, -1); /* stalls only */
	/* kswapd's pass rows: counted apart, null when -k left them out */
	v[HS_PASSES].u = hist__total_count(r->m, MS_KIND_KSWAPD);
	v[HS_PASSES].null = !(r->o->filter.kinds & (1u << MS_KIND_KSWAPD));
	/* keys the kernel's map refused, and those read without a row */
	v[HS_OVERFLOW].u = hist__unshown(r->m);
	v[HS_DROPS].u = c.v[MS_CNT_DROPS] - r->c0.v[MS_CNT_DROPS];
	for (n = HS_FILTERED; n < HS_NCOLS; n++) {
		v[n].u = c.v[head_counter[n]] - r->c0.v[head_counter[n]];
		v[n].null = !v[n].u && !r->o->c.json;
	}
	sink__summary(r->sink, &head_schema, v);
	hist__render(r->m, r->sink, r->o->top);

	t.direct = hist__total_count(r->m, MS_KIND_DIRECT);
	t.compact = hist__total_count(r->m, MS_KIND_COMPACT);
	t.oom = c.v[MS_CNT_OOM_KILLS] - r->c0.v[MS_CNT_OOM_KILLS];
	t.node = hist__total_count(r->m, MS_KIND_NODE);
	t.stall_ns = hist__total_ns(r->m); /* stall kinds only: kswapd's passes are not */
	t.drops = v[HS_DROPS].u;
	t.overflow = v[HS_OVERFLOW].u;
	t.filtered = r->o->filter.tgid || r->o->filter.tid || r->o->filter.comm[0] ||
		     r->o->filter.cgroup_id || r->o->filter.min_ns ||
		     (r->o->filter.kinds & stalls) != stalls; /* -k left a stall kind out */
	t.compact_derived = attach__chosen_mech(tracer__plan(r->s->tracer), MS_HOOK_COMPACT_EXIT) ==
			    MS_MECH_DERIVED;
	n = xcheck__compare(&r->start, &now, &t, rows);
	if (!n)
		fprintf(stderr, "memstall: note: /proc/vmstat unreadable: no cross-check\n");
	xcheck__render(rows, n, r->sink);
	sink__flush(r->sink);
	if (!r->o->cumulative) { /* the next interval starts now */
		r->start = now;
		r->c0 = c;
	}
}

int cmd_hist(int argc, char **argv, struct ms_diag *d)
{
	struct hist_run r = {};
	struct hist_opts o;
	uint64_t t0, step;
	uint32_t done = 0;
	int err;

	err = cli__parse_hist(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_hist(stdout);
		return err;
	}
	r.o = &o;
	/* the kernel keys by cgroup id; pods, containers, units are made of them */
	r.s = session__new_hist(&o.c, &o.filter, o.cgroup,
				o.by & HIST_BY_IDENT ? o.by | MS_BY_CGROUP : o.by, d, &err);
	if (!r.s)
		return err;
	session__explain_gaps(r.s, o.filter.kinds, d);
	/* attached: reading maps by fd, /proc and cgroup files needs no capability */
	err = privs__drop(NULL, d);
	if (err)
		goto cleanup;
	diag__print_warnings(d, stderr);
	r.m = hist__new(o.by, &r.s->sctx);
	r.sink = o.c.json ? sink__new_json(stdout) : sink__new_text(stdout, false);
	if (!r.m || !r.sink) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	xcheck__snap("/", &r.start);
	tracer__counters(r.s->tracer, &r.c0);
	/* on stderr in every mode: scripts can wait for it (attached) */
	fprintf(stderr, "Collecting stall histograms in the kernel... %s\n",
		o.duration_ns || o.count ? "" : "Ctrl-C to print.");
	t0 = util__now_ns();
	step = o.interval_ns ? o.interval_ns : o.duration_ns;
	for (;;) {
		uint64_t begin = util__now_ns(), len = step;

		if (o.duration_ns && o.interval_ns && begin - t0 + len > o.duration_ns)
			len = o.duration_ns - (begin - t0);
		err = session__run(r.s, len, tick, &r, NULL, d);
		if (err)
			break;
		if (!o.c.json && (o.interval_ns || done))
			fputc('\n', stdout);
		report(&r, util__now_ns() - (o.cumulative ? t0 : begin));
		done++;
		if (util__stop_requested() || !o.interval_ns || (o.count && done >= o.count) ||
		    (o.duration_ns && util__now_ns() - t0 >= o.duration_ns))
			break;
	}
cleanup:
	sink__free(r.sink);
	hist__free(r.m);
	session__free(r.s);
	return err;
}
