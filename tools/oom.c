// SPDX-License-Identifier: GPL-2.0
/* memstall oom: one block (or JSON object) per OOM kill, with its story;
 * kernel kills carry a bounded snapshot of their domain, kills by userspace
 * OOM killers come as kind "userspace". */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include "cli/cli.h"
#include "commands.h"
#include "host/ksyms.h"
#include "host/privs.h"
#include "host/oomctx.h"
#include "model/stackread.h"
#include "kernel/killers.h"
#include "output/json.h"
#include "model/oom_group.h"
#include "model/oom_out.h"
#include "kernel/session.h"
#include "model/cgroup.h"
#include "model/killer.h"
#include "model/oom.h"
#include "output/json.h"
#include "base/util.h"

#define PENDING 8 /* snapshots waiting for their kill to be printed */

struct oom_run {
	struct session *s;
	struct oom_model *m;
	struct killer_model *km;
	struct json_writer jw;
	bool json;
	uint64_t wait_ns;
	uint64_t kills, ukills;
	struct oomctx_limiter lim;
	struct oom_snapshot snap[PENDING];
	unsigned int next;
	struct oom_groups *groups; /* memory.oom.group kills */
	struct ksyms *ksyms; /* the trigger's stack (NULL: addresses) */
};

static void on_group(void *ctx, const struct oom_group *g)
{
	struct oom_run *r = ctx;

	if (r->json)
		oom_group__print_json(&r->s->sctx, g, &r->jw);
	else
		oom_group__print_text(&r->s->sctx, g, stdout);
	fflush(stdout);
}

static void on_kill(void *ctx, const struct oom_kill *k)
{
	struct oom_run *r = ctx;
	struct oom_kill kk = *k;
	uint64_t ips[MS_STACK_DEPTH];
	char stack[4096];
	int i, n;

	for (i = 0; i < PENDING; i++)
		if (r->snap[i].taken && r->snap[i].victim_pid == (int)k->ev.oom.victim_pid)
			kk.snap = &r->snap[i];
	/* the trigger's allocation stack (kernel kills; a userspace kill has none) */
	n = kk.ev.type == MS_EV_OOM
		    ? tracer__stack(r->s->tracer, kk.ev.oom.kstack, ips, MS_STACK_DEPTH)
		    : -ENOENT;
	if (n > 0 && stackread__kernel_list(r->ksyms, ips, n, stack, sizeof(stack)) > 0)
		kk.kstack = stack;
	if (r->json)
		oom__print_json(&r->s->sctx, &kk, &r->jw);
	else
		oom__print_text(&r->s->sctx, &kk, stdout);
	fflush(stdout);
	if (kk.snap)
		((struct oom_snapshot *)kk.snap)->taken = false;
	r->kills++;
	oom_groups__kill(r->groups, k, on_group, r);
}

/* The bounded snapshot of a kernel kill's domain, now (rate-limited). */
static void snapshot(struct oom_run *r, const struct ms_event *e)
{
	struct event_ctx *c = &r->s->sctx;
	struct oom_snapshot *s = &r->snap[r->next % PENDING];
	const char *root = c->cg ? cgmap__root(c->cg) : NULL;
	int version = c->cg ? cgmap__version(c->cg) : 0;
	char rel[256] = "/";
	bool inferred = false;

	if (e->oom.have_oc && e->oom.memcg_id) {
		event__cgroup_name(c, e->oom.memcg_id, rel, sizeof(rel));
	} else if (!e->oom.have_oc) {
		/* no oom_control here: the victim's nearest limited memcg (itself or
		 * an ancestor: a pod's limit over its containers') is taken as the
		 * OOM's domain (said so: domain_inferred); a memcg whose limit can no
		 * longer be read has ended with its victim: still the domain */
		event__cgroup_name(c, e->oom.victim_cgroup_id, rel, sizeof(rel));
		inferred = true;
		oomctx__infer_domain(root, version, rel);
	}
	if (oomctx__snapshot(&r->lim, e->ts_ns, root, version, rel[0] == '/' ? rel : "/",
			     (int)e->oom.victim_pid, e->oom.oom_score_adj, s)) {
		s->domain_inferred = inferred;
		r->next++;
	}
}

static void on_ukill(struct oom_run *r, const struct ms_event *e)
{
	struct ukill k;

	killer_model__kill(r->km, &r->s->sctx, e, &k);
	if (r->json)
		killer__print_json(&r->s->sctx, &k, &r->jw);
	else
		killer__print_text(&r->s->sctx, &k, stdout);
	fflush(stdout);
	r->ukills++;
}

static int on_event(void *ctx, const struct ms_event *e)
{
	struct oom_run *r = ctx;

	if (e && e->type == MS_EV_OOM) {
		char buf[256]; /* name the cgroups now: they often vanish with the victim */

		event__cgroup_name(&r->s->sctx, e->cgroup_id, buf, sizeof(buf));
		event__cgroup_name(&r->s->sctx, e->oom.victim_cgroup_id, buf, sizeof(buf));
		snapshot(r, e);
		oom_groups__note(r->groups, &r->s->sctx, e);
	}
	if (e && e->type == MS_EV_UKILL) {
		on_ukill(r, e);
		return 0;
	}
	if (e) {
		killer_model__event(r->km, e);
		oom_model__event(r->m, e);
	}
	oom_model__drain(r->m, util__now_ns(), r->wait_ns, on_kill, r);
	/* the group's kills all came (they are drained within wait_ns) */
	oom_groups__flush(r->groups, util__now_ns(), r->wait_ns + 500000000ull, on_group, r);
	return 0;
}

int cmd_oom(int argc, char **argv, struct ms_diag *d)
{
	const char *killers[MS_MAX_KILLERS + 1] = {};
	struct tracer_opts to = {
		.groups = MS_GRP_TRACE, .kill_story = true, .killers = killers, .oom_kstack = true
	};
	struct oom_run r = {};
	struct ms_counters c;
	struct oom_opts o;
	int err, i, n = 0;

	err = cli__parse_oom(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_oom(stdout);
		return err;
	}
	for (i = 0; ms_default_killers[i] && n < MS_MAX_KILLERS; i++)
		killers[n++] = ms_default_killers[i];
	for (i = 0; i < o.nkillers && n < MS_MAX_KILLERS; i++)
		killers[n++] = o.killers[i];
	r.json = o.c.json;
	r.wait_ns = o.wait_ns;
	jw__init(&r.jw, stdout);
	o.filter.kinds &= event__stall_kinds(); /* background passes are not a kill's story */
	to.buffer_bytes = o.buffer_bytes;
	r.s = session__new_with(&o.c, &o.filter, o.cgroup, &to, d, &err);
	if (!r.s)
		return err;
	r.s->warn_drops = true;
	session__explain_gaps(r.s, 1u << MS_KIND_OOM, d);
	r.ksyms = ksyms__load(NULL, &err);
	if (!r.ksyms)
		diag__warn(d, "/proc/kallsyms %s: the trigger's stack shown as addresses",
			   err == -EPERM ? "hides addresses (kernel.kptr_restrict)" : "unreadable");
	err = 0;
	/* attached: the context snapshot reads world-readable /proc and cgroup
	 * files; only oomd's trusted.oomd_kill mark needs CAP_SYS_ADMIN */
	err = privs__drop_keep(NULL, 1ULL << CAP_SYS_ADMIN, d);
	if (err)
		goto cleanup;
	diag__print_warnings(d, stderr);
	r.m = oom_model__new(o.history_ns);
	r.km = killer_model__new(o.history_ns);
	r.groups = oom_groups__new();
	if (!r.m || !r.km || !r.groups) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	fprintf(stderr, "Waiting for OOM kills... Ctrl-C to end.\n"); /* attached */
	err = session__run(r.s, o.duration_ns, on_event, &r, NULL, d);
	oom_model__drain(r.m, 0, 0, on_kill, &r); /* what is left, reaped or not */
	oom_groups__flush(r.groups, 0, 0, on_group, &r);
	if (!tracer__counters(r.s->tracer, &c))
		fprintf(stderr,
			"%llu OOM kills, %llu by userspace killers, %llu events dropped, "
			"%llu kills lost (their buffer full), %llu kills not shown (over 4096 "
			"waiting); %llu context snapshots, %llu skipped (at most one a second)\n",
			(unsigned long long)r.kills, (unsigned long long)r.ukills,
			(unsigned long long)c.v[MS_CNT_DROPS],
			(unsigned long long)c.v[MS_CNT_KILL_DROPS],
			(unsigned long long)oom_model__lost(r.m), (unsigned long long)r.lim.taken,
			(unsigned long long)r.lim.skipped);
cleanup:
	killer_model__free(r.km);
	oom_model__free(r.m);
	oom_groups__free(r.groups);
	ksyms__free(r.ksyms);
	session__free(r.s);
	return err;
}
