// SPDX-License-Identifier: GPL-2.0
/*
 * memstall record: a bundle of one incident. Armed (--when), only the
 * histogram programs run: every interval the in-kernel histograms are read
 * and reset into a ring (--pre); a PSI trigger, an OOM kill, a stall above a
 * threshold or a compaction failure starts a capture, which writes the ring,
 * then -d of intervals, OOM kills with their story, the totals, the
 * cross-check, /proc before and after and doctor's findings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/capability.h>
#include "cli/cli_record.h"
#include "commands.h"
#include "host/bundle.h"
#include "host/ksyms.h"
#include "host/privs.h"
#include "host/psitrig.h"
#include "host/usyms.h"
#include "host/vmstat.h"
#include "kernel/session.h"
#include "model/cgroup.h"
#include "model/hist.h"
#include "model/oom.h"
#include "model/oom_out.h"
#include "model/recout.h"
#include "output/json.h"
#include "base/util.h"
#include "record_int.h"

#define STEP_NS 100000000ull /* the armed loop looks at PSI and OOM this often */
#define PENDING_KILLS 8

static double unix_now(const struct rec_run *r)
{
	return (double)((int64_t)util__now_ns() + r->s->sctx.mono_to_real_ns) / 1e9;
}

static void on_kill(void *ctx, const struct oom_kill *k)
{
	struct rec_run *r = ctx;
	struct json_writer w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	r->kills++;
	if (r->oom_f) {
		jw__init(&w, r->oom_f);
		oom__print_json(&r->s->sctx, k, &w);
		return;
	}
	/* armed: kept for the capture this kill may start */
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	jw__init(&w, f);
	oom__print_json(&r->s->sctx, k, &w);
	fclose(f);
	free(r->pending[r->npending % PENDING_KILLS]);
	r->pending[r->npending++ % PENDING_KILLS] = buf;
}

static int on_event(void *ctx, const struct ms_event *e)
{
	struct rec_run *r = ctx;

	if (e && e->type == MS_EV_OOM) {
		char buf[256]; /* name the cgroups while they exist */

		event__cgroup_name(&r->s->sctx, e->cgroup_id, buf, sizeof(buf));
		event__cgroup_name(&r->s->sctx, e->oom.victim_cgroup_id, buf, sizeof(buf));
		if (r->o->when.kind == TRIG_OOM && !r->fired && !r->capturing)
			rec__fire(r, "oom kill");
	}
	if (e && e->type != MS_EV_UKILL) /* userspace killers: memstall oom's */
		oom_model__event(r->om, e);
	oom_model__drain(r->om, util__now_ns(), 2000000000ull, on_kill, r);
	return 0;
}

/* Read and reset the histograms: one interval, to the bundle or the ring.
 * With --stacks, the flips that begin or end what a capture keeps (every
 * one outside a capture, and its last) flip the stacks generation too: the
 * stall-by-stack map is cut at the same instant as the histograms, and
 * stacks.jsonl holds exactly the stalls hist.jsonl counts. */
static int interval_at(struct rec_run *r, bool pre, bool last)
{
	struct recout_interval iv = {
		.t = r->iv_start, .len_s = unix_now(r) - r->iv_start, .pre = pre, .top = r->o->top
	};
	struct hist_maps hm;
	uint64_t max;
	char *buf = NULL;
	size_t len = 0;
	int sgen = -1;
	FILE *f;

	hist__clear(r->h);
	tracer__hist_maps(r->s->tracer, &hm);
	if (r->o->stacks && (!r->capturing || last))
		hist__collect_cut(r->h, &hm, &sgen);
	else
		hist__collect(r->h, &hm, true);
	hist__rank(r->h);
	cgmap__refresh(r->s->sctx.cg);
	r->iv_start += iv.len_s;
	rec__stacks_note(r, sgen, last);
	if (r->hist_f) {
		max = recout__interval(r->hist_f, &r->s->sctx, r->h, &iv, &r->tot);
		r->intervals++;
	} else {
		/* armed: into the ring (without --pre, only its longest stall) */
		f = open_memstream(&buf, &len);
		if (!f)
			return -ENOMEM;
		max = recout__interval(f, &r->s->sctx, r->h, &iv, &r->armed_tot);
		fclose(f);
		if (!r->ring_cap) {
			free(buf);
		} else {
			free(r->ring[r->ring_next % r->ring_cap]);
			r->ring[r->ring_next++ % r->ring_cap] = buf;
		}
	}
	if (r->o->when.kind == TRIG_STALL && !r->capturing && !r->fired &&
	    max > r->o->when.threshold_ns) {
		char why[96];

		snprintf(why, sizeof(why), "a stall of %.1fms", max / 1e6);
		rec__fire(r, why);
	}
	return 0;
}

static int interval(struct rec_run *r, bool pre)
{
	return interval_at(r, pre, false);
}

static void check_compact_fail(struct rec_run *r)
{
	struct ms_vmstat v;

	if (r->o->when.kind != TRIG_COMPACT_FAIL || vmstat__read("/", &v))
		return;
	if (v.compact_fail > r->compact_fail0 && r->compact_fail0_ok && !r->fired)
		rec__fire(r, "compaction failed (compact_fail rose)");
	r->compact_fail0 = v.compact_fail;
	r->compact_fail0_ok = true;
}

void rec__fire(struct rec_run *r, const char *why)
{
	r->fired = true;
	r->fired_unix = unix_now(r);
	util__strlcpy(r->why, why, sizeof(r->why));
}

/* Armed: histograms into the ring until the trigger fires (or a stop). */
static int armed(struct rec_run *r, struct ms_diag *d)
{
	uint64_t next = util__now_ns() + r->o->interval_ns;
	int err;

	r->fired = false;
	memset(&r->armed_tot, 0, sizeof(r->armed_tot));
	if (r->psi_fd >= 0) /* pressure during a capture or cooldown is not new */
		psitrig__wait(r->psi_fd, 0);
	while (!r->fired && !util__stop_requested()) {
		err = session__run(r->s, STEP_NS, on_event, r, NULL, d);
		if (err)
			return err;
		if (r->psi_fd >= 0) {
			err = psitrig__wait(r->psi_fd, 0);
			if (err < 0)
				return diag__fail(d, err, MS_EXIT_FAIL,
						  "--when psi: %s went away (cgroup removed?)",
						  r->psi_path);
			if (err > 0) { /* the file fired: its path in full */
				rec__fire(r, "memory pressure");
				snprintf(r->why, sizeof(r->why), "memory pressure (%s)",
					 r->psi_path);
			}
		}
		if (util__now_ns() >= next || r->fired) {
			if (!r->fired)
				check_compact_fail(r);
			err = interval(r, true);
			if (err)
				return err;
			next = util__now_ns() + r->o->interval_ns;
		}
	}
	return 0;
}

/* The ring, oldest first, then the kills seen while armed. */
static void flush_armed(struct rec_run *r)
{
	uint32_t i, n = r->ring_next < r->ring_cap ? r->ring_next : r->ring_cap;

	for (i = 0; i < n; i++) {
		uint32_t k = (r->ring_next - n + i) % r->ring_cap;

		if (r->ring[k])
			fputs(r->ring[k], r->hist_f);
		free(r->ring[k]);
		r->ring[k] = NULL;
	}
	r->ring_next = 0;
	n = r->npending < PENDING_KILLS ? r->npending : PENDING_KILLS;
	for (i = 0; i < n; i++) {
		uint32_t k = (r->npending - n + i) % PENDING_KILLS;

		fputs(r->pending[k], r->oom_f);
		free(r->pending[k]);
		r->pending[k] = NULL;
	}
	r->npending = 0;
}

static int capture_loop(struct rec_run *r, struct ms_diag *d)
{
	uint64_t t0 = util__now_ns(), next = t0 + r->o->interval_ns;
	int err = 0;

	while (!util__stop_requested() && util__now_ns() - t0 < r->o->duration_ns) {
		uint64_t now = util__now_ns(), len = next > now ? next - now : 1;

		if (now + len > t0 + r->o->duration_ns)
			len = t0 + r->o->duration_ns - now;
		err = session__run(r->s, len, on_event, r, NULL, d);
		if (err)
			return err;
		if (util__now_ns() >= next) {
			interval(r, false);
			next += r->o->interval_ns;
		}
	}
	interval_at(r, false, true); /* the last, partial interval */
	/* a kill near the end: its story may still be waiting for the reaper */
	oom_model__drain(r->om, 0, 0, on_kill, r);
	return err;
}

static int one_capture(struct rec_run *r, unsigned int nth, struct ms_diag *d)
{
	char out[4096];
	int err;

	rec__bundle_name(r, nth, out, sizeof(out));
	r->b = bundle__new(out, d, &err);
	if (!r->b)
		return err;
	r->hist_f = bundle__fopen(r->b, "hist.jsonl");
	r->oom_f = bundle__fopen(r->b, "oom.jsonl");
	if (!r->hist_f || !r->oom_f) {
		err = diag__fail(d, -errno, MS_EXIT_FAIL, "%s: cannot write: %s", out,
				 strerror(errno));
		goto cleanup;
	}
	memset(&r->tot, 0, sizeof(r->tot));
	r->capturing = true;
	r->start_unix = r->fired ? r->fired_unix : unix_now(r);
	rec__snapshot(r, "before");
	rec__counters0(r);
	rec__stacks_reset(r);
	flush_armed(r);
	fprintf(stderr, "memstall: recording %.1fs into %s%s%s\n", r->o->duration_ns / 1e9, out,
		r->fired ? " after " : "", r->fired ? r->why : "");
	err = capture_loop(r, d);
	r->end_unix = unix_now(r);
	if (!err)
		err = rec__finish(r, out, d);
cleanup:
	if (r->hist_f)
		fclose(r->hist_f);
	if (r->oom_f)
		fclose(r->oom_f);
	r->hist_f = r->oom_f = NULL;
	r->capturing = false;
	if (r->b)
		bundle__abort(r->b);
	r->b = NULL;
	return err;
}

static int setup(struct rec_run *r, struct ms_diag *d)
{
	/* histograms, and the hooks of an OOM kill's story (they fire only
	 * around a kill: the armed cost stays the histograms') */
	struct tracer_opts to = { .groups = MS_GRP_TRACE, .hist = true, .kill_story = true };
	struct ms_filter filter = { .kinds = r->o->kinds };
	uint64_t keep;
	int err;

	/* process, cgroup, and compaction's zone and order: one key */
	to.hist_by = MS_BY_TGID | MS_BY_COMM | MS_BY_CGROUP | MS_BY_ZONE | MS_BY_ORDER;
	/* --stacks: the stacks map besides the histograms, by comm */
	to.stacks = to.stacks_hist = to.kstack = r->o->stacks;
	to.ustack = r->o->user_stacks;
	to.exact_stacks = r->o->exact_stacks;
	to.stacks_by = MS_BY_COMM;
	r->s = session__new_with(&r->o->c, &filter, NULL, &to, d, &err);
	if (!r->s)
		return err;
	session__explain_gaps(r->s, r->o->kinds, d);
	r->h = hist__new(to.hist_by, &r->s->sctx);
	r->om = oom_model__new(10000000000ull);
	r->ring_cap =
		r->o->pre_ns
			? (uint32_t)((r->o->pre_ns + r->o->interval_ns - 1) / r->o->interval_ns)
			: 0;
	r->ring = r->ring_cap ? calloc(r->ring_cap, sizeof(*r->ring)) : NULL;
	if (!r->h || !r->om || (r->ring_cap && !r->ring))
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	if (r->o->when.kind == TRIG_PSI) {
		char line[64];

		trigger__psi_line(&r->o->when, line, sizeof(line));
		r->psi_fd =
			psitrig__open(r->o->when.cgroup[0] ? rec__cg2_root(r) : NULL,
				      r->o->when.cgroup, line, r->psi_path, sizeof(r->psi_path), d);
		if (r->psi_fd < 0)
			return r->psi_fd;
	}
	err = rec__stacks_setup(r, d);
	if (err)
		return err;
	/* attached, trigger open: nothing left needs a capability (but
	 * --user-stacks reads other processes' mappings and binaries) */
	keep = r->o->user_stacks ? 1ULL << CAP_SYS_PTRACE | 1ULL << CAP_DAC_READ_SEARCH : 0;
	if (!r->o->privs.keep_caps && (err = privs__drop_keep(r->o->privs.user, keep, d)))
		return err;
	return 0;
}

static void teardown(struct rec_run *r)
{
	uint32_t i;

	for (i = 0; i < r->ring_cap; i++)
		free(r->ring[i]);
	free(r->ring);
	for (i = 0; i < PENDING_KILLS; i++)
		free(r->pending[i]);
	if (r->psi_fd >= 0)
		close(r->psi_fd);
	usyms__free(r->usyms);
	ksyms__free(r->ksyms);
	oom_model__free(r->om);
	hist__free(r->h);
	session__free(r->s);
}

int cmd_record(int argc, char **argv, struct ms_diag *d)
{
	struct record_opts o;
	struct rec_run r = { .o = &o, .psi_fd = -1 };
	unsigned int nth = 0;
	char desc[320];
	int err;

	err = cli__parse_record(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_record(stdout);
		return err;
	}
	err = setup(&r, d);
	if (err)
		goto cleanup;
	diag__print_warnings(d, stderr);
	r.iv_start = unix_now(&r);
	trigger__describe(&o.when, desc, sizeof(desc));
	while (!util__stop_requested()) {
		if (o.when.kind != TRIG_NONE) {
			/* on stderr: scripts start the workload after this line */
			fprintf(stderr, "memstall: armed: waiting for %s (keeping %.0fs before)\n",
				desc, o.pre_ns / 1e9);
			err = armed(&r, d);
			if (err || !r.fired)
				break;
			fprintf(stderr, "memstall: triggered: %s\n", r.why);
		}
		err = one_capture(&r, ++nth, d);
		if (err || !o.keep || (o.max_captures && nth >= o.max_captures))
			break;
		session__run(r.s, o.cooldown_ns, on_event, &r, NULL, d);
		r.iv_start = unix_now(&r);
		interval(&r, true); /* the cooldown is not lead-up */
		r.ring_next = 0;
	}
cleanup:
	teardown(&r);
	return err;
}
