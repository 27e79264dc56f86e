// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "base/util.h"
#include "model/compact.h"
#include "model/export_ev.h"

#define XK_BLOCK 1024 /* a series' rendered labels */

struct cseries {
	struct ms_ckey key;
	uint64_t runs;
	char *block;
};

struct kseries {
	bool user; /* userspace killer */
	char killer[MS_COMM_LEN];
	const char *constraint; /* static */
	uint64_t trigger, victim; /* cgroup ids; ~0: "other" */
	uint64_t kills;
	char *block;
};

struct export_ev {
	const struct event_ctx *ctx;
	uint32_t max_series;
	struct cseries c[MS_CKEY_MAX];
	uint32_t nc;
	struct kseries *k;
	uint32_t nk, kcap, nown;
	uint64_t nfolded;
};

#define XK_OTHER UINT64_MAX

struct export_ev *export_ev__new(const struct event_ctx *ctx, uint32_t max_series)
{
	struct export_ev *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->ctx = ctx;
	x->max_series = max_series;
	return x;
}

void export_ev__free(struct export_ev *x)
{
	uint32_t i;

	if (!x)
		return;
	for (i = 0; i < x->nc; i++)
		free(x->c[i].block);
	for (i = 0; i < x->nk; i++)
		free(x->k[i].block);
	free(x->k);
	free(x);
}

static char *render(const char *const *lv)
{
	char buf[XK_BLOCK];

	prom__labels(lv, buf, sizeof(buf));
	return strdup(buf);
}

void export_ev__compact(struct export_ev *x, const struct ms_ckey *k, uint64_t total)
{
	char node[16], zone[sizeof(k->zone) + 1], result[32];
	struct cseries *s;
	uint32_t i;

	for (i = 0; i < x->nc; i++)
		if (!memcmp(&x->c[i].key, k, sizeof(*k)))
			break;
	if (i == x->nc) {
		if (x->nc == MS_CKEY_MAX)
			return;
		s = &x->c[x->nc];
		memset(s, 0, sizeof(*s));
		snprintf(node, sizeof(node), "%d", k->node);
		snprintf(zone, sizeof(zone), "%.*s", (int)sizeof(k->zone), k->zone);
		compact__result_name(x->ctx, k->status, result, sizeof(result));
		s->block =
			render((const char *const[]){ "node", node, "zone", zone, "result", result,
						      "source", compact__src_name(k->src), NULL });
		if (!s->block)
			return;
		s->key = *k;
		x->nc++;
	}
	s = &x->c[i];
	if (total > s->runs) /* the map is never reset: never backwards */
		s->runs = total;
}

int export_ev__read_compact(struct export_ev *x, int fd)
{
	int ncpu = libbpf_num_possible_cpus(), c;
	struct ms_ckey key, next, *prev = NULL;
	__u64 *vals;

	if (fd < 0)
		return 0;
	if (ncpu <= 0)
		return ncpu;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		uint64_t total = 0;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;
		for (c = 0; c < ncpu; c++)
			total += vals[c];
		export_ev__compact(x, &key, total);
	}
	free(vals);
	return 0;
}

static void cg_name(const struct export_ev *x, uint64_t id, char *buf, size_t len)
{
	if (id == XK_OTHER)
		util__strlcpy(buf, "other", len);
	else
		event__cgroup_name(x->ctx, id, buf, len);
}

static struct kseries *find_kill(struct export_ev *x, const struct kseries *want)
{
	uint32_t i;

	for (i = 0; i < x->nk; i++) {
		struct kseries *s = &x->k[i];

		if (s->user == want->user && s->trigger == want->trigger &&
		    s->victim == want->victim && s->constraint == want->constraint &&
		    !strncmp(s->killer, want->killer, sizeof(s->killer)))
			return s;
	}
	return NULL;
}

static struct kseries *new_kill(struct export_ev *x, const struct kseries *want)
{
	char trig[256], vic[256];
	struct kseries *s;

	if (x->nk == x->kcap) {
		uint32_t cap = x->kcap ? 2 * x->kcap : 16;
		struct kseries *nk = realloc(x->k, cap * sizeof(*nk));

		if (!nk)
			return NULL;
		x->k = nk;
		x->kcap = cap;
	}
	s = &x->k[x->nk];
	*s = *want;
	cg_name(x, want->trigger, trig, sizeof(trig));
	cg_name(x, want->victim, vic, sizeof(vic));
	s->block = render((const char *const[]){ "kind", want->user ? "userspace" : "kernel",
						 "killer", want->user ? want->killer : "kernel",
						 "constraint", want->constraint, "trigger_cgroup",
						 trig, "victim_cgroup", vic, NULL });
	if (!s->block)
		return NULL;
	x->nk++;
	return s;
}

static const char *constraint_name(const struct ms_oom *o)
{
	static const char *const names[] = { "none", "cpuset", "memory_policy", "memcg" };

	if (!o->have_oc) /* oom_kill_process not probed here */
		return "unknown";
	return o->constraint >= 0 && o->constraint < (int)ARRAY_SIZE(names) ? names[o->constraint]
									    : "unknown";
}

void export_ev__event(struct export_ev *x, const struct ms_event *e)
{
	struct kseries want = {}, *s;

	if (e->type != MS_EV_OOM && e->type != MS_EV_UKILL)
		return;
	want.user = e->type == MS_EV_UKILL;
	if (want.user) {
		memcpy(want.killer, e->comm, sizeof(want.killer));
		want.killer[sizeof(want.killer) - 1] = '\0';
	}
	/* a userspace kill has no kernel constraint: the killer decided */
	want.constraint = want.user ? "userspace" : constraint_name(&e->oom);
	want.trigger = e->cgroup_id;
	want.victim = e->oom.victim_cgroup_id;
	s = find_kill(x, &want);
	if (!s && x->nown >= x->max_series) {
		/* no room for these cgroups: the kill counts in "other" */
		want.trigger = want.victim = XK_OTHER;
		x->nfolded++;
		s = find_kill(x, &want);
		if (!s)
			s = new_kill(x, &want);
	} else if (!s && (s = new_kill(x, &want))) {
		x->nown++;
	}
	if (s)
		s->kills++;
}

void export_ev__write(const struct export_ev *x, struct prom *p)
{
	uint32_t i;

	prom__family(p, "memstall_compaction_runs", PROM_COUNTER,
		     "Compaction runs (mm_compaction_end) by node, zone, result and source "
		     "(direct, kcompactd, proactive, manual)");
	for (i = 0; i < x->nc; i++)
		prom__u64_block(p, "memstall_compaction_runs", "_total", x->c[i].block,
				x->c[i].runs);
	prom__family(p, "memstall_oom_kills", PROM_COUNTER,
		     "OOM kills: the kernel's (by constraint, the trigger's and the victim's "
		     "cgroup) and userspace killers' SIGKILLs (by killer and the victim's cgroup)");
	for (i = 0; i < x->nk; i++)
		if (x->k[i].kills)
			prom__u64_block(p, "memstall_oom_kills", "_total", x->k[i].block,
					x->k[i].kills);
}

uint32_t export_ev__nkill_series(const struct export_ev *x)
{
	return x->nown;
}

uint64_t export_ev__nkill_folded(const struct export_ev *x)
{
	return x->nfolded;
}
