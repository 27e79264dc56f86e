// SPDX-License-Identifier: GPL-2.0
/*
 * memstall snoop: one line (or JSON object) per finished stall: reclaim,
 * compaction (per zone run and per direct episode), OOM kill.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "commands.h"
#include "host/privs.h"
#include "model/compact.h"
#include "model/oom_out.h"
#include "model/pass.h"
#include "host/ksyms.h"
#include "host/procfs.h"
#include "model/stackread.h"
#include "kernel/session.h"
#include "output/sink.h"
#include "base/util.h"

enum {
	SUM_EVENTS,
	SUM_DROPPED,
	SUM_FILTERED,
	SUM_UNMATCHED,
	SUM_NORECORD,
	SUM_SPARE,
	SUM_TRUNCATED,
	SUM_OOM,
	SUM_KILL_DROPS,
	SUM_KILLS_UNSHOWN,
	SUM_FINDINGS,
	SUM_WALKS,
	SUM_REUSES,
	SUM_NCOLS
};

static const struct ms_col summary_cols[SUM_NCOLS] = {
	[SUM_EVENTS] = { "events", "events", 0, MS_FT_U64, 0, 0 },
	[SUM_DROPPED] = { "dropped", "dropped", 0, MS_FT_U64, 0, 0 },
	[SUM_FILTERED] = { "below_min_us", "below --min-us", 0, MS_FT_U64, 0, 0 },
	[SUM_UNMATCHED] = { "unmatched_ends", "unmatched ends", 0, MS_FT_U64, 0, 0 },
	[SUM_NORECORD] = { "no_record", "missed (no memory for the in-flight record)", 0, MS_FT_U64,
			   0, 0 },
	[SUM_SPARE] = { "spare_records", "records from the spare pool", 0, MS_FT_U64, 0, 0 },
	[SUM_TRUNCATED] = { "truncated", "not shown (nested deeper than 4)", 0, MS_FT_U64, 0, 0 },
	[SUM_OOM] = { "oom_kills", "OOM kills", 0, MS_FT_U64, 0, 0 },
	[SUM_KILL_DROPS] = { "kills_dropped", "OOM kills lost (their buffer full)", 0, MS_FT_U64, 0,
			     0 },
	[SUM_KILLS_UNSHOWN] = { "kills_not_shown", "OOM kills not shown (over 4096 waiting)", 0,
				MS_FT_U64, 0, 0 },
	[SUM_FINDINGS] = { "findings", "findings", 0, MS_FT_U64, 0, 0 },
	[SUM_WALKS] = { "stack_walks", "stacks walked", 0, MS_FT_U64, 0, 0 },
	[SUM_REUSES] = { "stack_reuses", "reused (same call site)", 0, MS_FT_U64, 0, 0 },
};

static const struct ms_schema summary_schema = { "snoop_summary", summary_cols, SUM_NCOLS };

struct snoop_run {
	struct session *s;
	struct ms_sink *sink;
	struct oom_model *oom; /* when OOM kills are printed */
	unsigned int kinds; /* what is printed */
	bool json;
	const struct ms_schema *last; /* text: reprint the header when this changes */
	uint64_t seen;
	bool extended; /* -e: passes and findings */
	bool wide;
	int swappiness; /* vm.swappiness, -1 unknown; re-read every second */
	uint64_t swappiness_ns; /* when it was read */
	uint64_t findings;
	bool stacks; /* --stacks: each stall's kernel stack */
	struct ksyms *ksyms;
};

/* --stacks: the stall's kernel stack, symbolized, into its row */
static void put_kstack(struct snoop_run *r, const struct ms_event *e, struct stall_row *row)
{
	uint64_t ips[MS_STACK_DEPTH];
	int n;

	if (!r->stacks)
		return;
	n = tracer__stack(r->s->tracer, e->stall.f.kstack, ips, MS_STACK_DEPTH);
	if (n > 0)
		stackread__kernel_list(r->ksyms, ips, n, row->kstack, sizeof(row->kstack));
	row->v[SC_KSTACK].null = n <= 0;
}

static void read_swappiness(struct snoop_run *r)
{
	int64_t v;
	uint64_t now = util__now_ns();

	if (r->swappiness_ns && now - r->swappiness_ns < 1000000000ull)
		return;
	r->swappiness_ns = now;
	r->swappiness = procfs__read_i64("/", "/proc/sys/vm/swappiness", &v) ? -1 : (int)v;
}

/* Seed 004: anon scanned at vm.swappiness=0, right under its stall or pass. */
static void put_swappiness0(struct snoop_run *r, const struct ms_event *e)
{
	struct swappiness0_row row;

	read_swappiness(r);
	if (!pass__swappiness0(&r->s->sctx, e, r->swappiness, &row))
		return;
	sink__record(r->sink, pass__swappiness0_schema(), row.v);
	r->findings++;
	r->seen++; /* a line (object) of its own */
}

static void put_row(struct snoop_run *r, const struct ms_schema *sc, const struct ms_val *v)
{
	if (!r->json && sc != r->last) {
		if (r->last)
			fputc('\n', stdout);
		sink__header(r->sink, sc);
		r->last = sc;
	}
	sink__row(r->sink, sc, v);
	r->seen++;
}

static void on_kill(void *ctx, const struct oom_kill *k)
{
	struct snoop_run *r = ctx;
	struct oom_row row;

	oom__row(&r->s->sctx, k, &row);
	put_row(r, oom__schema(), row.v);
}

static int on_event(void *ctx, const struct ms_event *e)
{
	struct snoop_run *r = ctx;
	union {
		struct stall_row stall;
		struct compact_row zone;
		struct episode_row ep;
		struct pass_row pass;
	} row;

	if (!e) /* idle tick: nothing waits on time here */
		return 0;
	if (r->oom && e->type == MS_EV_OOM) {
		char buf[256]; /* name the cgroups now: they often vanish with the victim */

		event__cgroup_name(&r->s->sctx, e->oom.victim_cgroup_id, buf, sizeof(buf));
	}
	if (r->oom)
		oom_model__event(r->oom, e);
	switch (e->type) {
	case MS_EV_STALL:
		if (!(r->kinds & (1u << e->stall.f.kind)))
			break;
		stall__row(&r->s->sctx, e, &row.stall);
		put_kstack(r, e, &row.stall);
		put_row(r, stall__schema(), row.stall.v);
		if (r->extended)
			put_swappiness0(r, e);
		break;
	case MS_EV_PASS:
		/* text shows kswapd's passes; a stall's passes are summed up in its
		 * row (PRIO, PASSES, SCAN_A/F) unless -w; JSON has them all */
		if (!r->extended || (!r->json && !r->wide && !(e->pass.flags & MS_PF_KSWAPD)))
			break;
		pass__row(&r->s->sctx, e, &row.pass);
		put_row(r, pass__schema(), row.pass.v);
		if (e->pass.flags & MS_PF_KSWAPD) /* a stall's own row carries its finding */
			put_swappiness0(r, e);
		break;
	case MS_EV_COMPACT_ZONE:
		if (!(r->kinds & (1u << MS_KIND_COMPACT)))
			break;
		compact__row(&r->s->sctx, e, &row.zone);
		put_row(r, compact__schema(), row.zone.v);
		break;
	case MS_EV_COMPACT_EPISODE:
		if (!(r->kinds & (1u << MS_KIND_COMPACT)))
			break;
		compact__episode_row(&r->s->sctx, e, &row.ep);
		put_row(r, compact__episode_schema(), row.ep.v);
		break;
	case MS_EV_UKILL: /* a userspace OOM killer's SIGKILL: the killer as TRIGGER */
		if (r->oom) {
			struct oom_kill k = { .ev = *e, .constraint = "userspace" };

			on_kill(r, &k);
		}
		break;
	default: /* OOM and retry events are printed through the OOM model */
		break;
	}
	if (r->oom)
		oom_model__drain(r->oom, e->ts_ns, 0, on_kill, r);
	return 0;
}

static void print_summary(struct snoop_run *r)
{
	struct ms_counters c;
	struct ms_val v[SUM_NCOLS] = {};
	struct ms_sink *out = r->json ? r->sink : sink__new_text(stderr, false);

	if (!out || tracer__counters(r->s->tracer, &c))
		goto out;
	v[SUM_EVENTS].u = r->seen;
	v[SUM_DROPPED].u = c.v[MS_CNT_DROPS];
	v[SUM_FILTERED].u = c.v[MS_CNT_FILTERED];
	v[SUM_UNMATCHED].u = c.v[MS_CNT_ORPHAN_END];
	v[SUM_NORECORD].u = c.v[MS_CNT_NOSTORE];
	v[SUM_NORECORD].null = !c.v[MS_CNT_NOSTORE] && !r->json; /* text: only when it happened */
	v[SUM_SPARE].u = c.v[MS_CNT_SPARE];
	v[SUM_SPARE].null = !c.v[MS_CNT_SPARE] && !r->json;
	v[SUM_TRUNCATED].u = c.v[MS_CNT_DEPTH];
	v[SUM_TRUNCATED].null = !c.v[MS_CNT_DEPTH] && !r->json;
	v[SUM_OOM].u = c.v[MS_CNT_OOM_KILLS];
	v[SUM_OOM].null = !c.v[MS_CNT_OOM_KILLS] && !r->json;
	v[SUM_KILL_DROPS].u = c.v[MS_CNT_KILL_DROPS];
	v[SUM_KILL_DROPS].null = !c.v[MS_CNT_KILL_DROPS] && !r->json;
	v[SUM_KILLS_UNSHOWN].u = r->oom ? oom_model__lost(r->oom) : 0;
	v[SUM_KILLS_UNSHOWN].null = !v[SUM_KILLS_UNSHOWN].u && !r->json;
	v[SUM_FINDINGS].u = r->findings;
	v[SUM_FINDINGS].null = !r->extended;
	v[SUM_WALKS].u = c.v[MS_CNT_STACK_WALK];
	v[SUM_WALKS].null = !r->stacks;
	v[SUM_REUSES].u = c.v[MS_CNT_STACK_REUSE];
	v[SUM_REUSES].null = !r->stacks;
	sink__summary(out, &summary_schema, v);
out:
	if (out != r->sink)
		sink__free(out);
}

int cmd_snoop(int argc, char **argv, struct ms_diag *d)
{
	struct tracer_opts to = { .groups = MS_GRP_TRACE | MS_GRP_PASSES };
	struct snoop_run r = {};
	struct snoop_opts o;
	int err;

	err = cli__parse_snoop(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_snoop(stdout);
		return err;
	}
	r.kinds = o.filter.kinds;
	r.json = o.c.json;
	r.extended = o.extended;
	r.wide = o.wide;
	r.swappiness = -1;
	/* an OOM kill's story needs the trigger's stalls, printed or not */
	if (r.kinds & (1u << MS_KIND_OOM))
		o.filter.kinds |= MS_KINDS_ALL;
	/* kswapd's passes (not stalls) are only sent with -e */
	if (!o.extended)
		o.filter.kinds &= event__stall_kinds();
	to.passes = o.extended;
	to.buffer_bytes = o.buffer_bytes;
	to.kstack = o.stacks;
	to.exact_stacks = o.exact_stacks;
	r.stacks = o.stacks;
	r.s = session__new_with(&o.c, &o.filter, o.cgroup, &to, d, &err);
	if (!r.s)
		return err;
	r.s->warn_drops = true;
	/* storms: whole 64 KiB writes, flushed after each batch */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (o.stacks) {
		r.ksyms = ksyms__load(NULL, &err);
		if (!r.ksyms)
			diag__warn(
				d,
				"--stacks: /proc/kallsyms %s: kernel frames shown as addresses%s",
				err == -EPERM ? "hides addresses (kernel.kptr_restrict)"
					      : "unreadable",
				err == -EPERM ? "; run as root or 'sysctl kernel.kptr_restrict=0'"
					      : "");
		err = 0;
	}
	session__explain_gaps(r.s, r.kinds, d);
	if (o.extended)
		session__explain_passes(r.s, d);
	/* attached: reading maps by fd, /proc and cgroup files needs no capability */
	err = privs__drop(NULL, d);
	if (err)
		goto cleanup;
	diag__print_warnings(d, stderr);
	r.s->sctx.precise_time = o.timestamps;
	r.sink = o.c.json ? sink__new_json(stdout) : sink__new_text(stdout, o.wide);
	if (r.sink) {
		sink__set_precise_time(r.sink, o.timestamps);
		sink__set_extended(r.sink, o.extended);
	}
	if (r.kinds & (1u << MS_KIND_OOM))
		r.oom = oom_model__new(10ull * 1000000000ull);
	if (!r.sink || ((r.kinds & (1u << MS_KIND_OOM)) && !r.oom)) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	/* on stderr in every mode: scripts can wait for it (attached) */
	fprintf(stderr, "Tracing memory stalls... Ctrl-C to end.\n");
	if (!o.c.json) {
		/* the reclaim table's header up front, so an idle run shows it */
		if (r.kinds & MS_KINDS_RECLAIM) {
			sink__header(r.sink, stall__schema());
			r.last = stall__schema();
		}
	}
	sink__flush(r.sink);
	err = session__run(r.s, o.duration_ns, on_event, &r, r.sink, d);
	if (r.oom)
		oom_model__drain(r.oom, 0, 0, on_kill, &r);
	print_summary(&r);
cleanup:
	oom_model__free(r.oom);
	sink__free(r.sink);
	ksyms__free(r.ksyms);
	session__free(r.s);
	return err;
}
