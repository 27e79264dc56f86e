// SPDX-License-Identifier: GPL-2.0
/* memstall oom: one block (or JSON object) per OOM kill, with its story. */
#include <errno.h>
#include <stdio.h>
#include "cli/cli.h"
#include "commands.h"
#include "output/json.h"
#include "model/oom_group.h"
#include "model/oom_out.h"
#include "kernel/session.h"
#include "base/util.h"

struct oom_run {
	struct session *s;
	struct oom_model *m;
	struct json_writer jw;
	bool json;
	uint64_t wait_ns;
	uint64_t kills;
	struct oom_groups *groups; /* memory.oom.group kills */
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

	if (r->json)
		oom__print_json(&r->s->sctx, k, &r->jw);
	else
		oom__print_text(&r->s->sctx, k, stdout);
	fflush(stdout);
	r->kills++;
	oom_groups__kill(r->groups, k, on_group, r);
}

static int on_event(void *ctx, const struct ms_event *e)
{
	struct oom_run *r = ctx;

	if (e && e->type == MS_EV_OOM) {
		char buf[256]; /* name the cgroups now: they often vanish with the victim */

		event__cgroup_name(&r->s->sctx, e->cgroup_id, buf, sizeof(buf));
		event__cgroup_name(&r->s->sctx, e->oom.victim_cgroup_id, buf, sizeof(buf));
		oom_groups__note(r->groups, &r->s->sctx, e);
	}
	if (e)
		oom_model__event(r->m, e);
	oom_model__drain(r->m, util__now_ns(), r->wait_ns, on_kill, r);
	/* the group's kills all came (they are drained within wait_ns) */
	oom_groups__flush(r->groups, util__now_ns(), r->wait_ns + 500000000ull, on_group, r);
	return 0;
}

int cmd_oom(int argc, char **argv, struct ms_diag *d)
{
	struct oom_run r = {};
	struct ms_counters c;
	struct oom_opts o;
	int err;

	err = cli__parse_oom(argc, argv, &o, d);
	if (err || o.c.help) {
		if (o.c.help)
			cli__usage_oom(stdout);
		return err;
	}
	r.json = o.c.json;
	r.wait_ns = o.wait_ns;
	jw__init(&r.jw, stdout);
	o.filter.kinds &= event__stall_kinds(); /* background passes are not a kill's story */
	r.s = session__new(&o.c, &o.filter, o.cgroup, MS_GRP_TRACE, d, &err);
	if (!r.s)
		return err;
	session__explain_gaps(r.s, 1u << MS_KIND_OOM, d);
	diag__print_warnings(d, stderr);
	r.m = oom_model__new(o.history_ns);
	r.groups = oom_groups__new();
	if (!r.m || !r.groups) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
		goto cleanup;
	}
	fprintf(stderr, "Waiting for OOM kills... Ctrl-C to end.\n"); /* attached */
	err = session__run(r.s, o.duration_ns, on_event, &r, NULL, d);
	oom_model__drain(r.m, 0, 0, on_kill, &r); /* what is left, reaped or not */
	oom_groups__flush(r.groups, 0, 0, on_group, &r);
	if (!tracer__counters(r.s->tracer, &c))
		fprintf(stderr, "%llu OOM kills, %llu events dropped\n",
			(unsigned long long)r.kills, (unsigned long long)c.v[MS_CNT_DROPS]);
cleanup:
	oom_model__free(r.m);
	oom_groups__free(r.groups);
	session__free(r.s);
	return err;
}
