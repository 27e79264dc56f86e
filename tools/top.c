// SPDX-License-Identifier: GPL-2.0
/*
 * memstall top (reclaimtop): the live view. Each tick: read and reset the
 * in-kernel histograms, snapshot /proc, rebuild the model, render it into
 * the screen buffer, and show it (curses) or print it (batch, JSON).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "cli/cli.h"
#include "commands.h"
#include "host/privs.h"
#include "model/hist.h"
#include "output/json.h"
#include "model/oom_out.h"
#include "kernel/session.h"
#include "top/top_json.h"
#include "top/top_model.h"
#include "top/top_screen.h"
#include "top/ui_curses.h"
#include "base/util.h"

#define TOP_BY (MS_BY_TGID | MS_BY_COMM | MS_BY_CGROUP | MS_BY_ORDER | MS_BY_GFP)
#define TOP_SLICE_NS 100000000ull /* keys are read at least this often */

struct top_run {
	struct session *s;
	struct hist_model *h;
	struct top_model *m;
	struct oom_model *oom;
	uint64_t last_ns;
	struct top_kthreads kt; /* kswapdN, kcompactdN */
	int nnodes; /* nodes whose scan totals are read (0: none) */
	unsigned int by; /* --by pod/container/unit: HIST_BY_* bits */
	struct top_cgroups *cgx; /* cgroups' memory.events readings (rates) */
	bool stats_on; /* we hold BPF run statistics on (--bpf-stats) */
	uint64_t unshown; /* stalls read without a row (hist__unshown), summed */
};

static void on_kill(void *ctx, const struct oom_kill *k)
{
	struct top_run *r = ctx;
	struct oom_row row;
	struct top_oom o = {};

	oom__row(&r->s->sctx, k, &row);
	util__strlcpy(o.time, row.time, sizeof(o.time));
	util__strlcpy(o.trigger, row.trigger, sizeof(o.trigger));
	util__strlcpy(o.victim, row.victim, sizeof(o.victim));
	util__strlcpy(o.cgroup, row.cgroup, sizeof(o.cgroup));
	util__strlcpy(o.kind, "kernel", sizeof(o.kind));
	util__strlcpy(o.constraint, row.constraint, sizeof(o.constraint));
	o.tpid = (uint32_t)row.v[OC_TPID].u;
	o.vpid = (uint32_t)row.v[OC_VPID].u;
	o.anon_kb = row.v[OC_ANON_KB].u;
	top_model__add_oom(r->m, &o);
}

/* A userspace killer's SIGKILL (bpf/killer.bpf.h): the killer is the
 * trigger, the victim and its cgroup as the kernel's kills. */
static void on_ukill(struct top_run *r, const struct ms_event *e)
{
	struct top_oom o = {};
	struct tm tm;
	time_t now = time(NULL);

	localtime_r(&now, &tm);
	strftime(o.time, sizeof(o.time), "%H:%M:%S", &tm);
	util__strlcpy(o.kind, "userspace", sizeof(o.kind));
	snprintf(o.trigger, sizeof(o.trigger), "%.*s", MS_COMM_LEN, e->comm);
	o.tpid = e->pid;
	snprintf(o.victim, sizeof(o.victim), "%.*s", MS_COMM_LEN, e->oom.victim_comm);
	o.vpid = e->oom.victim_pid;
	event__cgroup_name(&r->s->sctx, e->oom.victim_cgroup_id, o.cgroup, sizeof(o.cgroup));
	util__strlcpy(o.constraint, "-", sizeof(o.constraint));
	o.anon_kb = e->oom.rss_kb[0];
	top_model__add_oom(r->m, &o);
}

static int on_event(void *ctx, const struct ms_event *e)
{
	struct top_run *r = ctx;

	if (e && e->type == MS_EV_UKILL)
		on_ukill(r, e);
	else if (e)
		oom_model__event(r->oom, e);
	/* no reaping events in hist mode: show a kill as soon as it is seen */
	oom_model__drain(r->oom, util__now_ns(), 0, on_kill, r);
	return 0;
}

/* The per-node scan totals (nodes as /proc/zoneinfo lists them). */
static void read_nodes(struct top_run *r, const struct top_sys *sys)
{
	struct ms_node_scan ns[TOP_MAX_NODES];
	int i;

	if (!r->nnodes)
		for (i = 0; i < sys->zi.n; i++)
			if (sys->zi.z[i].node >= r->nnodes && sys->zi.z[i].node < TOP_MAX_NODES)
				r->nnodes = sys->zi.z[i].node + 1;
	if (r->nnodes && !tracer__node_scan(r->s->tracer, ns, r->nnodes))
		top_model__set_nodes(r->m, ns, r->nnodes);
}

static void snapshot(struct top_run *r)
{
	struct ms_counters c = {};
	struct top_sys sys;

	top_sys__read("/", &r->kt, &sys);
	/* the sysctl reads back what was written to it, not what an fd from
	 * BPF_ENABLE_STATS turned on */
	sys.bpf_stats |= r->stats_on;
	tracer__counters(r->s->tracer, &c);
	sys.drops = c.v[MS_CNT_DROPS] + c.v[MS_CNT_KILL_DROPS] + r->unshown;
	top_model__set_sys(r->m, &sys);
	read_nodes(r, &sys);
}

/* The cgroups view's identity and memory state columns. */
static void annotate_cgroups(struct top_run *r, uint64_t now)
{
	struct top_row *row;
	int i;

	for (i = 0; (row = top_model__row(r->m, TV_CGROUP, i)); i++) {
		if (!r->by) {
			top_cgroups__fill(r->cgx, r->s->sctx.cg, row->cgroup_id, now, &row->x);
			continue;
		}
		memset(&row->x, 0, sizeof(row->x));
		row->x.id = *hist__group_ident(r->h, row->cgroup_id);
		row->x.have_id = true;
		top_cgx__label(&row->x.id, row->x.label, sizeof(row->x.label));
	}
}

/* One tick: the histograms since the last one (then reset), and /proc. */
static int collect(struct top_run *r)
{
	uint64_t now = util__now_ns();
	struct hist_maps hm;
	char name[128];
	int i, err;

	top_model__begin(r->m, (double)(now - r->last_ns) / 1e9, now);
	r->last_ns = now;
	hist__clear(r->h);
	tracer__hist_maps(r->s->tracer, &hm);
	err = hist__collect(r->h, &hm, true);
	r->unshown += hist__unshown(r->h);
	for (i = 0; !err && i < hist__nrows(r->h); i++) {
		const struct hist_row *hr = hist__row(r->h, i);

		if (r->by) /* key.cgroup is a pod's (container's, unit's) token */
			top_cgx__label(hist__group_ident(r->h, hr->key.cgroup), name, sizeof(name));
		else
			event__cgroup_name(&r->s->sctx, hr->key.cgroup, name, sizeof(name));
		err = top_model__add(r->m, hr, name);
	}
	annotate_cgroups(r, now);
	snapshot(r);
	top_model__finish(r->m);
	return err;
}

static void print_frame(struct top_run *r, const struct top_opts *o, struct top_view *v,
			struct top_screen *scr)
{
	struct json_writer w;

	if (o->c.json) {
		jw__init(&w, stdout);
		top_model__json(r->m, v, &w);
	} else {
		top_model__select(r->m, v);
		if (!top_screen__resize(scr, top_screen__rows_needed(r->m, v), (int)o->width)) {
			top_screen__render(scr, r->m, v);
			top_screen__print(scr, stdout);
			fputc('\n', stdout);
		}
	}
	fflush(stdout);
}

static int run_batch(struct top_run *r, const struct top_opts *o, struct top_screen *scr,
		     struct ms_diag *d)
{
	struct top_view v;
	uint32_t frames = 0;
	int err = 0;

	top_view__init(&v);
	while (!err && !util__stop_requested() && (!o->count || frames < o->count)) {
		err = session__run(r->s, o->interval_ns, on_event, r, NULL, d);
		if (err)
			break;
		err = collect(r);
		if (err)
			return diag__fail(d, err, MS_EXIT_FAIL, "reading the histograms: %s",
					  strerror(-err));
		print_frame(r, o, &v, scr);
		frames++;
	}
	return err;
}

static int run_ui(struct top_run *r, const struct top_opts *o, struct top_screen *scr,
		  struct ui *ui, struct ms_diag *d)
{
	uint64_t next = util__now_ns() + o->interval_ns;
	bool redraw = true, quit = false;
	struct top_view v;
	uint32_t frames = 0;
	int rows, cols, k, err = 0;

	top_view__init(&v);
	while (!quit && !util__stop_requested() && (!o->count || frames < o->count)) {
		uint64_t now = util__now_ns();

		if (redraw) {
			top_model__select(r->m, &v);
			top_screen__render(scr, r->m, &v);
			ui__draw(ui, scr);
			redraw = false;
		}
		if (next > now) {
			err = session__run(r->s,
					   next - now < TOP_SLICE_NS ? next - now : TOP_SLICE_NS,
					   on_event, r, NULL, d);
			if (err)
				break;
		}
		while (!quit && (k = ui__key(ui)) != UI_KEY_NONE) {
			if (k == UI_KEY_RESIZE) {
				ui__size(ui, &rows, &cols);
				top_screen__resize(scr, rows, cols);
				redraw = true;
				continue;
			}
			switch (top_view__key(&v, k)) {
			case TK_QUIT:
				quit = true;
				break;
			case TK_REDRAW:
				redraw = true;
				break;
			default:
				break;
			}
		}
		now = util__now_ns();
		if (now < next)
			continue;
		next = next + o->interval_ns > now ? next + o->interval_ns : now + o->interval_ns;
		if (v.paused) /* the map keeps counting: the next tick covers the pause */
			continue;
		err = collect(r);
		if (err)
			return diag__fail(d, err, MS_EXIT_FAIL, "reading the histograms: %s",
					  strerror(-err));
		frames++;
		redraw = true;
	}
	return err;
}

int cmd_top(int argc, char **argv, struct ms_diag *d)
{
	struct top_screen *scr = NULL;
	struct top_run r = {};
	struct ui *ui = NULL;
	struct top_opts o;
	int err, stats_fd = -1, rows = 24, cols = 80;

	err = cli__parse_top(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_top(stdout);
		return err;
	}
	if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return diag__fail(d, -ENOTTY, MS_EXIT_USAGE,
				  "top: not a terminal: use 'memstall top -b' (or --json) for "
				  "batch output");
	/* histograms (with kswapd's passes: a kind) and per-node scan totals */
	r.s = session__new_with(&o.c, &o.filter, o.cgroup,
				&(struct tracer_opts){ .groups = MS_GRP_TRACE,
						       .hist = true,
						       .hist_by = TOP_BY,
						       .node_counts = true,
						       .ukills = true },
				d, &err);
	if (!r.s)
		return err;
	session__explain_gaps(r.s, o.filter.kinds, d);
	if (o.bpf_stats) {
		/* enabled while this fd is open: the kernel restores it when we exit,
		 * however we exit */
		stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		r.stats_on = stats_fd >= 0;
		if (stats_fd < 0)
			diag__warn(d, "--bpf-stats: cannot enable BPF run statistics: %s",
				   strerror(errno));
	}
	/* attached: reading maps by fd, /proc and cgroup files needs no capability */
	err = privs__drop(NULL, d);
	if (err)
		goto cleanup;
	r.by = o.by;
	r.h = hist__new(o.by ? (TOP_BY & ~MS_BY_CGROUP) | o.by : TOP_BY, &r.s->sctx);
	r.cgx = top_cgroups__new();
	r.m = top_model__new();
	r.oom = oom_model__new(10000000000ull);
	scr = top_screen__new(rows, cols);
	if (!r.h || !r.m || !r.oom || !scr || !r.cgx) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	top_sys__find_kthreads("/", &r.kt);
	r.last_ns = util__now_ns();
	top_model__begin(r.m, (double)o.interval_ns / 1e9, r.last_ns);
	snapshot(&r);
	if (o.batch) {
		diag__print_warnings(d, stderr);
		err = run_batch(&r, &o, scr, d);
		goto cleanup;
	}
	ui = ui__new();
	if (!ui) {
		err = diag__fail(d, -ENOTTY, MS_EXIT_FAIL,
				 "top: cannot drive this terminal (TERM=%s): use 'memstall top -b'",
				 getenv("TERM") ? getenv("TERM") : "");
		goto cleanup;
	}
	ui__size(ui, &rows, &cols);
	err = top_screen__resize(scr, rows, cols);
	err = err ?: run_ui(&r, &o, scr, ui, d);
cleanup:
	ui__free(ui);
	top_screen__free(scr);
	oom_model__free(r.oom);
	top_model__free(r.m);
	hist__free(r.h);
	top_cgroups__free(r.cgx);
	session__free(r.s);
	if (stats_fd >= 0)
		close(stats_fd);
	return err;
}
