// SPDX-License-Identifier: GPL-2.0
/* memstall stacks: stall time by kernel (and user) stack, folded or as a
 * flame graph. The work is in model/stackread.c (map -> symbolized folded
 * stacks), model/stacks*.c and output/flame.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli_stacks.h"
#include "commands.h"
#include "host/ksyms.h"
#include "host/usyms.h"
#include "kernel/session.h"
#include "model/cgroup.h"
#include "model/stackread.h"
#include "model/stacks.h"
#include "model/stacks_out.h"
#include "output/flame.h"
#include "output/sink.h"
#include "base/util.h"

#define ST_MAX_PROCS 256 /* processes whose mappings are held (user stacks) */
#define ST_SCAN_NS 1000000000ull

enum {
	SS_SECONDS,
	SS_STACKS,
	SS_STALLS,
	SS_TOTAL_US,
	SS_COLLISIONS,
	SS_FAILED,
	SS_OVERFLOW,
	SS_LOST_IDS,
	SS_NO_USTACK,
	SS_PROCS,
	SS_FILTERED,
	SS_NORECORD,
	SS_WALKS,
	SS_REUSES,
	SS_NCOLS
};

static const struct ms_col sum_cols[SS_NCOLS] = {
	[SS_SECONDS] = { "seconds", "s", 0, MS_FT_F64, 1, 0 },
	[SS_STACKS] = { "stacks", "stacks", 0, MS_FT_U64, 0, 0 },
	[SS_STALLS] = { "stalls", "stalls", 0, MS_FT_U64, 0, 0 },
	[SS_TOTAL_US] = { "total_us", "us of stall time", 0, MS_FT_U64, 0, 0 },
	[SS_COLLISIONS] = { "stack_collisions", "stacks lost to id collisions", 0, MS_FT_U64, 0,
			    0 },
	[SS_FAILED] = { "stacks_failed", "stacks not captured", 0, MS_FT_U64, 0, 0 },
	[SS_OVERFLOW] = { "overflow", "stalls lost (stack keys beyond the map)", 0, MS_FT_U64, 0,
			  0 },
	[SS_LOST_IDS] = { "lost_ids", "stack ids gone before reading", 0, MS_FT_U64, 0, 0 },
	[SS_NO_USTACK] = { "no_user_stack", "keys without a user stack", 0, MS_FT_U64, 0, 0 },
	[SS_PROCS] = { "user_procs", "processes symbolized", 0, MS_FT_U64, 0, 0 },
	[SS_FILTERED] = { "below_min_us", "below --min-us", 0, MS_FT_U64, 0, 0 },
	[SS_NORECORD] = { "no_record", "missed (no memory for the in-flight record)", 0, MS_FT_U64,
			  0, 0 },
	[SS_WALKS] = { "stack_walks", "stack walks", 0, MS_FT_U64, 0, 0 },
	[SS_REUSES] = { "stack_reuses", "reused (same call site)", 0, MS_FT_U64, 0, 0 },
};

static const struct ms_schema sum_schema = { "stacks_summary", sum_cols, SS_NCOLS };

struct stacks_run {
	struct session *s;
	struct stacks_opts *o;
	struct usyms *usyms;
	FILE *svg; /* --svg: opened before tracing starts */
	uint64_t scan_ns;
};

static int ips_of(void *ctx, int id, uint64_t *ips, int max)
{
	return tracer__stack(ctx, id, ips, max);
}

/* Learn the processes (their mappings) and cgroups while they live. */
static int tick(void *ctx, const struct ms_event *e)
{
	struct stacks_run *r = ctx;
	uint64_t now = util__now_ns();

	(void)e;
	if (now - r->scan_ns < ST_SCAN_NS)
		return 0;
	r->scan_ns = now;
	if (r->usyms)
		stackread__note_pids(tracer__stacks_fd(r->s->tracer), r->usyms);
	if (r->o->by & MS_BY_CGROUP)
		cgmap__refresh(r->s->sctx.cg);
	return 0;
}

static int write_svg(const struct stacks_run *r, const struct stacks_model *m, double secs,
		     struct ms_diag *d)
{
	struct flame *f = flame__new();
	FILE *out = r->svg;
	char sub[256];
	int err;

	if (!f)
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	snprintf(sub, sizeof(sub), "%.1f s: %.3f ms of stall time in %llu stalls (%s)%s", secs,
		 stacks__total_ns(m) / 1e6, (unsigned long long)stacks__total_count(m),
		 r->o->count ? "width: stalls" : "width: stall time",
		 r->o->user ? "; user stacks need frame pointers" : "");
	err = stacks__to_flame(m, f, r->o->count);
	if (!err)
		err = flame__write_svg(
			f, out,
			&(struct flame_opts){ .title = "memstall stacks: where "
						       "tasks stall in the "
						       "allocator",
					      .subtitle = sub,
					      .unit = r->o->count ? "stalls" : "us" });
	if (out != stdout && fflush(out) && !err)
		err = -EIO;
	if (err == -EIO)
		err = diag__fail(d, err, MS_EXIT_FAIL, "--svg %s: write failed", r->o->svg);
	flame__free(f);
	return err;
}

static int report(struct stacks_run *r, struct stacks_model *m, const struct ksyms *k, double secs,
		  struct ms_diag *d)
{
	struct stackread_opts so = { .by = r->o->by,
				     .kinds = r->o->filter.kinds,
				     .ksyms = k,
				     .usyms = r->usyms,
				     .cg = r->s->sctx.cg,
				     .ips = ips_of,
				     .ips_ctx = r->s->tracer };
	int fd = tracer__stacks_fd(r->s->tracer), err;
	bool json = r->o->format == STACKS_JSON;
	struct ms_sink *sink;
	struct ms_val v[SS_NCOLS] = {};
	struct stackread_stats st;
	struct ms_counters c;

	err = stackread__collect(fd, &so, m, &st);
	if (err)
		return diag__fail(d, err, MS_EXIT_FAIL, "reading the stacks: %s", strerror(-err));
	stacks__sort(m);
	/* folded and SVG keep stdout for the stacks: the summary goes to stderr */
	sink = json ? sink__new_json(stdout)
		    : sink__new_text(r->o->format == STACKS_TEXT ? stdout : stderr, false);
	if (!sink)
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	if (r->o->format == STACKS_FOLDED)
		err = stacks__write_folded(m, stdout, r->o->count);
	else if (r->o->format == STACKS_SVG)
		err = write_svg(r, m, secs, d);
	else
		stacks__render(m, sink, json ? 0 : r->o->top);
	tracer__counters(r->s->tracer, &c);
	v[SS_SECONDS].f = secs;
	v[SS_STACKS].u = stacks__nrows(m);
	v[SS_STALLS].u = stacks__total_count(m);
	v[SS_TOTAL_US].u = (stacks__total_ns(m) + 500) / 1000;
	v[SS_COLLISIONS].u = c.v[MS_CNT_STACK_COLLISION];
	v[SS_FAILED].u = c.v[MS_CNT_STACK_FAIL];
	v[SS_OVERFLOW].u = c.v[MS_CNT_STACKS_OVERFLOW];
	v[SS_LOST_IDS].u = st.lost_ids;
	v[SS_NO_USTACK].u = st.no_ustack;
	v[SS_NO_USTACK].null = !r->usyms;
	v[SS_PROCS].u = r->usyms ? usyms__procs(r->usyms) : 0;
	v[SS_PROCS].null = !r->usyms;
	v[SS_FILTERED].u = c.v[MS_CNT_FILTERED];
	v[SS_NORECORD].u = c.v[MS_CNT_NOSTORE];
	v[SS_WALKS].u = c.v[MS_CNT_STACK_WALK];
	v[SS_REUSES].u = c.v[MS_CNT_STACK_REUSE];
	if (!json && r->o->format == STACKS_TEXT)
		fputc('\n', stdout);
	sink__summary(sink, &sum_schema, v);
	sink__flush(sink);
	sink__free(sink);
	if (!err && fflush(stdout))
		err = diag__fail(d, -EIO, MS_EXIT_FAIL, "output lost: %s", strerror(errno));
	return err;
}

static struct ksyms *load_ksyms(struct ms_diag *d)
{
	struct ksyms *k;
	int err;

	k = ksyms__load(NULL, &err);
	if (!k && err == -EPERM)
		diag__warn(d, "kernel addresses are hidden (kernel.kptr_restrict): kernel frames "
			      "shown as addresses; run as root or 'sysctl kernel.kptr_restrict=0'");
	else if (!k)
		diag__warn(d, "/proc/kallsyms unreadable (%s): kernel frames shown as addresses",
			   strerror(-err));
	return k;
}

int cmd_stacks(int argc, char **argv, struct ms_diag *d)
{
	struct stacks_opts o;
	struct stacks_run r = {};
	struct stacks_model *m = NULL;
	struct ksyms *k = NULL;
	uint64_t t0;
	int err;

	err = cli__parse_stacks(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_stacks(stdout);
		return err;
	}
	r.o = &o;
	if (o.svg) { /* a bad path fails now, not after the collection */
		r.svg = strcmp(o.svg, "-") ? fopen(o.svg, "we") : stdout;
		if (!r.svg)
			return diag__fail(d, -errno, MS_EXIT_FAIL,
					  "--svg %s: %s: give a writable file", o.svg,
					  strerror(errno));
	}
	r.s = session__new_with(&o.c, &o.filter, o.cgroup,
				&(struct tracer_opts){ .groups = MS_GRP_TRACE,
						       .hist = true,
						       .stacks = true,
						       .stacks_by = o.by,
						       .kstack = true,
						       .ustack = o.user,
						       .exact_stacks = o.exact },
				d, &err);
	if (!r.s)
		goto cleanup;
	session__explain_gaps(r.s, o.filter.kinds, d);
	k = load_ksyms(d);
	diag__print_warnings(d, stderr);
	m = stacks__new();
	r.usyms = o.user ? usyms__new(ST_MAX_PROCS) : NULL;
	if (!m || (o.user && !r.usyms)) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	fprintf(stderr, "Collecting stall stacks in the kernel... %s\n",
		o.duration_ns ? "" : "Ctrl-C to print.");
	t0 = util__now_ns();
	err = session__run(r.s, o.duration_ns, tick, &r, NULL, d);
	if (r.usyms) /* the last processes seen */
		stackread__note_pids(tracer__stacks_fd(r.s->tracer), r.usyms);
	if (!err)
		err = report(&r, m, k, (util__now_ns() - t0) / 1e9, d);
cleanup:
	stacks__free(m);
	usyms__free(r.usyms);
	ksyms__free(k);
	session__free(r.s);
	if (r.svg && r.svg != stdout)
		fclose(r.svg);
	return err;
}
