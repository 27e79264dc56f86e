// SPDX-License-Identifier: GPL-2.0
/* memstall record: a capture's names, /proc snapshots and last files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include "commands.h"
#include "host/audit.h"
#include "host/bundle.h"
#include "host/ksyms.h"
#include "host/snapshot.h"
#include "host/usyms.h"
#include "kernel/session.h"
#include "model/cgroup.h"
#include "model/stackread.h"
#include "model/stacks.h"
#include "model/stacks_out.h"
#include "output/json.h"
#include "output/sink.h"
#include "output/version.h"
#include "report/report.h"
#include "base/util.h"
#include "record_int.h"

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && !strcmp(s + n - m, suf);
}

void rec__bundle_name(struct rec_run *r, unsigned int nth, char *buf, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	const char *out = r->o->out;
	size_t n;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (!out) {
		snprintf(buf, len, "memstall-record-%s", stamp);
		return;
	}
	if (!r->o->keep) {
		snprintf(buf, len, "%s", out);
		return;
	}
	/* one bundle per capture, unique across restarts of the daemon (the
	 * capture's number only when two start within a second) */
	n = strlen(out);
	if (nth > 1 && !strcmp(r->last_stamp, stamp)) {
		snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp), "-%u", nth);
	} else {
		util__strlcpy(r->last_stamp, stamp, sizeof(r->last_stamp));
	}
	if (ends_with(out, ".tar.gz"))
		snprintf(buf, len, "%.*s-%s.tar.gz", (int)(n - 7), out, stamp);
	else
		snprintf(buf, len, "%s-%s", out, stamp);
}

const char *rec__cg2_root(const struct rec_run *r)
{
	const struct cgmap *cg = r->s->sctx.cg;

	if (cg && cgmap__version(cg) == 2)
		return cgmap__root(cg);
	return "/sys/fs/cgroup/unified"; /* hybrid hierarchy: v1 memory, v2 beside */
}

/* The cgroups with the most stall time in t (before: the lead-up's; after:
 * the capture's) and --when's, for the snapshots. */
static void involved(struct rec_run *r, struct recout_totals *t)
{
	const struct cgmap *cg = r->s->sctx.cg;
	int i;

	rank__sort(&t->by_cgroup);
	r->ncgroups = 0;
	if (r->o->when.cgroup[0] && cg && cgmap__version(cg) == 2)
		util__strlcpy(r->cgroups[r->ncgroups++], r->o->when.cgroup, sizeof(r->cgroups[0]));
	for (i = 0; i < t->by_cgroup.n && r->ncgroups < 6; i++) {
		const char *n = t->by_cgroup.e[i].name;

		if (n[0] == '/' && strcmp(n, "/") && strcmp(n, r->o->when.cgroup))
			util__strlcpy(r->cgroups[r->ncgroups++], n, sizeof(r->cgroups[0]));
	}
}

void rec__snapshot(struct rec_run *r, const char *phase)
{
	const struct cgmap *cg = r->s->sctx.cg;
	const char *list[8];
	int i;
	FILE *f;
	char name[64];

	involved(r, strcmp(phase, "after") ? &r->armed_tot : &r->tot);
	for (i = 0; i < r->ncgroups; i++)
		list[i] = r->cgroups[i];
	snprintf(name, sizeof(name), "proc-%s.jsonl", phase);
	f = bundle__fopen(r->b, name);
	if (!f)
		return;
	snapshot__write(f, phase, cg ? cgmap__root(cg) : "", cg ? cgmap__version(cg) : 0, list,
			r->ncgroups);
	fclose(f);
}

void rec__counters0(struct rec_run *r)
{
	xcheck__snap("/", &r->x0);
	tracer__counters(r->s->tracer, &r->c0);
}

#define REC_MAX_PROCS 256 /* --user-stacks: processes whose mappings are held */

int rec__stacks_setup(struct rec_run *r, struct ms_diag *d)
{
	int err;

	if (!r->o->stacks)
		return 0;
	r->ksyms = ksyms__load(NULL, &err);
	if (!r->ksyms)
		diag__warn(d, "--stacks: /proc/kallsyms %s: kernel frames recorded as addresses",
			   err == -EPERM ? "hides addresses (kernel.kptr_restrict; run as root)"
					 : "unreadable");
	r->usyms = r->o->user_stacks ? usyms__new(REC_MAX_PROCS) : NULL;
	if (r->o->user_stacks && !r->usyms)
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	return 0;
}

void rec__stacks_reset(struct rec_run *r)
{
	r->stacks_cut = -1;
	if (r->o->stacks) /* the stack ids stay: stalls in flight hold them */
		stackread__clear(tracer__stacks_fd(r->s->tracer), -1, r->stacks_gen ^ 1);
}

void rec__stacks_note(struct rec_run *r, int sgen, bool last)
{
	int fd;

	if (!r->o->stacks)
		return;
	fd = tracer__stacks_fd(r->s->tracer);
	if (sgen >= 0)
		r->stacks_gen = sgen ^ 1;
	if (!r->capturing) { /* armed or cooling down: not kept */
		stackread__clear(fd, tracer__stack_ids_fd(r->s->tracer), sgen);
		tracer__stack_ids_forgotten(r->s->tracer);
	} else if (r->usyms) {
		stackread__note_pids(fd, r->usyms);
	}
	if (r->capturing && last)
		r->stacks_cut = sgen;
}

static int ips_of(void *ctx, int id, uint64_t *ips, int max)
{
	return tracer__stack(ctx, id, ips, max);
}

/* stacks.jsonl: the capture's stall time by stack, symbolized now. */
static void stacks(struct rec_run *r)
{
	struct stackread_opts so = { .by = MS_BY_COMM,
				     .kinds = r->o->kinds,
				     .ksyms = r->ksyms,
				     .usyms = r->usyms,
				     .ips = ips_of,
				     .ips_ctx = r->s->tracer,
				     .one_gen = r->stacks_cut >= 0,
				     .gen = r->stacks_cut >= 0 ? (unsigned int)r->stacks_cut : 0 };
	int fd = tracer__stacks_fd(r->s->tracer);
	struct stacks_model *m;
	FILE *f;

	if (!r->o->stacks)
		return;
	if (r->usyms) /* the last processes seen */
		stackread__note_pids(fd, r->usyms);
	m = stacks__new();
	f = m ? bundle__fopen(r->b, "stacks.jsonl") : NULL;
	if (f && !stackread__collect(fd, &so, m, &r->stk)) {
		stacks__sort(m);
		stacks__write_jsonl(m, f);
	}
	if (f)
		fclose(f);
	stacks__free(m);
	if (r->stacks_cut >= 0) { /* read: the next capture keeps its own */
		stackread__clear(fd, tracer__stack_ids_fd(r->s->tracer), r->stacks_cut);
		tracer__stack_ids_forgotten(r->s->tracer);
	}
}

static void xcheck(struct rec_run *r)
{
	struct xcheck_traced t = {};
	struct xcheck_row rows[XC_ROWS];
	struct xcheck_snap now;
	struct ms_counters c;
	struct ms_sink *s;
	FILE *f = bundle__fopen(r->b, "xcheck.jsonl");
	int n;

	if (!f)
		return;
	xcheck__snap("/", &now);
	tracer__counters(r->s->tracer, &c);
	t.direct = r->tot.by_kind[MS_KIND_DIRECT];
	t.compact = r->tot.by_kind[MS_KIND_COMPACT];
	t.oom = c.v[MS_CNT_OOM_KILLS] - r->c0.v[MS_CNT_OOM_KILLS];
	t.stall_ns = r->tot.total_ns;
	t.drops = c.v[MS_CNT_DROPS] - r->c0.v[MS_CNT_DROPS];
	t.overflow = c.v[MS_CNT_HIST_OVERFLOW] - r->c0.v[MS_CNT_HIST_OVERFLOW];
	t.filtered = r->o->kinds != MS_KINDS_ALL;
	t.compact_derived = attach__chosen_mech(tracer__plan(r->s->tracer), MS_HOOK_COMPACT_EXIT) ==
			    MS_MECH_DERIVED;
	n = xcheck__compare(&r->x0, &now, &t, rows);
	s = sink__new_json(f);
	if (s) {
		xcheck__render(rows, n, s);
		sink__flush(s);
		sink__free(s);
	}
	fclose(f);
}

static void findings(struct rec_run *r)
{
	struct ms_audit *a = audit__new("/");
	struct ms_diag quiet = {};
	struct ms_sink *s;
	FILE *f;

	if (!a)
		return;
	if (!audit__run(a, 0, &quiet) && (f = bundle__fopen(r->b, "findings.jsonl"))) {
		s = sink__new_json(f);
		if (s) {
			audit__emit(a, s, true);
			sink__flush(s);
			sink__free(s);
		}
		fclose(f);
	}
	audit__free(a);
}

static void probes(const struct rec_run *r, struct json_writer *w)
{
	const struct ms_plan *p = tracer__plan(r->s->tracer);
	int id, m;

	jw__key(w, "probes");
	jw__arr_begin(w);
	for (id = 0; id < MS_HOOK_MAX; id++) {
		if (!p->c[id].wanted)
			continue;
		m = attach__chosen_mech(p, id);
		jw__obj_begin(w);
		jw__kv_str(w, "hook", attach__hook(id)->name);
		jw__kv_str(w, "status", attach__status(p, id));
		jw__kv_str(w, "mechanism", m >= 0 ? attach__mech_name(m) : "none");
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

/* --stacks: what was lost on the way, never silent */
static void stacks_manifest(const struct rec_run *r, struct json_writer *w)
{
	struct ms_counters c;

	tracer__counters(r->s->tracer, &c);
	jw__key(w, "stacks");
	jw__obj_begin(w);
	jw__kv_bool(w, "user", r->o->user_stacks);
	jw__kv_bool(w, "kallsyms", r->ksyms != NULL);
	jw__kv_u64(w, "keys", r->stk.keys);
	jw__kv_u64(w, "lost_ids", r->stk.lost_ids);
	jw__kv_u64(w, "no_kernel_stack", r->stk.no_kstack);
	jw__kv_u64(w, "collisions", c.v[MS_CNT_STACK_COLLISION] - r->c0.v[MS_CNT_STACK_COLLISION]);
	jw__kv_u64(w, "failed", c.v[MS_CNT_STACK_FAIL] - r->c0.v[MS_CNT_STACK_FAIL]);
	jw__kv_u64(w, "overflow", c.v[MS_CNT_STACKS_OVERFLOW] - r->c0.v[MS_CNT_STACKS_OVERFLOW]);
	jw__kv_bool(w, "exact", r->o->exact_stacks);
	jw__kv_u64(w, "walks", c.v[MS_CNT_STACK_WALK] - r->c0.v[MS_CNT_STACK_WALK]);
	jw__kv_u64(w, "reuses", c.v[MS_CNT_STACK_REUSE] - r->c0.v[MS_CNT_STACK_REUSE]);
	jw__obj_end(w);
}

static void manifest(void *ctx, struct json_writer *w)
{
	struct rec_run *r = ctx;
	struct ms_version v;
	struct utsname u = {};
	int i;

	version__get(&v);
	uname(&u);
	jw__kv_str(w, "format", "memstall-bundle/1");
	jw__kv_str(w, "memstall_version", v.version);
	jw__kv_str(w, "kernel", u.release);
	jw__kv_str(w, "machine", u.machine);
	jw__kv_str(w, "host", u.nodename);
	jw__key(w, "command_line");
	jw__arr_begin(w);
	jw__str(w, "memstall");
	jw__str(w, "record");
	for (i = 1; i < r->o->argc; i++)
		jw__str(w, r->o->argv[i]);
	jw__arr_end(w);
	jw__kv_f64(w, "start", r->start_unix, 3);
	jw__kv_f64(w, "end", r->end_unix, 3);
	jw__kv_f64(w, "interval_s", r->o->interval_ns / 1e9, 3);
	jw__kv_f64(w, "pre_s", r->o->pre_ns / 1e9, 3);
	jw__key(w, "trigger");
	jw__obj_begin(w);
	jw__kv_str(w, "when", r->o->when_arg ? r->o->when_arg : "none");
	jw__kv_str(w, "kind", trigger__kind_name(r->o->when.kind));
	if (r->fired) {
		jw__kv_f64(w, "fired", r->fired_unix, 3);
		jw__kv_str(w, "why", r->why);
	}
	jw__obj_end(w);
	jw__kv_u64(w, "intervals", r->intervals);
	jw__kv_u64(w, "stalls", r->tot.stalls);
	jw__kv_u64(w, "stall_ns", r->tot.total_ns);
	jw__kv_u64(w, "oom_kills", r->kills);
	if (r->o->stacks)
		stacks_manifest(r, w);
	probes(r, w);
}

int rec__finish(struct rec_run *r, const char *out, struct ms_diag *d)
{
	unsigned long long bytes = 0;
	FILE *f = bundle__fopen(r->b, "top.jsonl");
	int err;

	if (f) {
		recout__totals(f, &r->tot);
		fclose(f);
	}
	fflush(r->hist_f);
	fflush(r->oom_f);
	stacks(r);
	xcheck(r);
	rec__snapshot(r, "after");
	findings(r);
	err = bundle__manifest(r->b, manifest, r, d);
	if (!err && r->o->html)
		err = report__html(bundle__dir(r->b), r->o->html, d);
	if (err)
		return err;
	err = bundle__finish(r->b, &bytes, d);
	r->b = NULL;
	if (!err)
		fprintf(stderr,
			"memstall: bundle %s: %llu bytes, %llu intervals, %llu stalls, %llu OOM "
			"kills%s%s\n",
			out, bytes, (unsigned long long)r->intervals,
			(unsigned long long)r->tot.stalls, (unsigned long long)r->kills,
			r->o->html ? "; report " : "", r->o->html ? r->o->html : "");
	return err;
}
