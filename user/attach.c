// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "attach.h"
#include "memstall.h"
#include "util.h"

#define TP_PAIR(tpn)                                                      \
	{                                                                 \
		{ MS_MECH_TP_BTF, "tb_" #tpn, "BTF-typed tracepoint" },   \
			{ MS_MECH_RAW_TP, "rt_" #tpn, "raw tracepoint" }, \
	}

#define RECLAIM_TP(id, tpid, k, tpn)      \
	[id] = { .name = "vmscan:" #tpn,  \
		 .group = MS_GRP_RECLAIM, \
		 .tp = tpid,              \
		 .fn = -1,                \
		 .kind = k,               \
		 .cand = TP_PAIR(tpn) }

static const struct ms_hook_def hooks[MS_HOOK_MAX] = {
	[MS_HOOK_INFLIGHT] = { .name = "state:inflight",
			       .group = MS_GRP_RECLAIM,
			       .tp = -1,
			       .fn = -1,
			       .kind = -1,
			       .cand = { { MS_MECH_TASK_STORAGE, NULL,
					   "task-local storage, freed with the task" },
					 { MS_MECH_HASH, NULL,
					   "hash by tid, cleaned at sched_process_exit" } } },
	[MS_HOOK_OUTPUT] = { .name = "output:events",
			     .group = MS_GRP_RECLAIM,
			     .tp = -1,
			     .fn = -1,
			     .kind = -1,
			     .cand = { { MS_MECH_RINGBUF, NULL, "BPF ring buffer" },
				       { MS_MECH_PERFBUF, NULL, "per-CPU perf buffer" } } },
	RECLAIM_TP(MS_HOOK_DIRECT_BEGIN, MS_TP_DIRECT_BEGIN, MS_KIND_DIRECT,
		   mm_vmscan_direct_reclaim_begin),
	RECLAIM_TP(MS_HOOK_DIRECT_END, MS_TP_DIRECT_END, MS_KIND_DIRECT,
		   mm_vmscan_direct_reclaim_end),
	RECLAIM_TP(MS_HOOK_MEMCG_BEGIN, MS_TP_MEMCG_BEGIN, MS_KIND_MEMCG,
		   mm_vmscan_memcg_reclaim_begin),
	RECLAIM_TP(MS_HOOK_MEMCG_END, MS_TP_MEMCG_END, MS_KIND_MEMCG, mm_vmscan_memcg_reclaim_end),
	RECLAIM_TP(MS_HOOK_SOFTLIMIT_BEGIN, MS_TP_SOFTLIMIT_BEGIN, MS_KIND_SOFTLIMIT,
		   mm_vmscan_memcg_softlimit_reclaim_begin),
	RECLAIM_TP(MS_HOOK_SOFTLIMIT_END, MS_TP_SOFTLIMIT_END, MS_KIND_SOFTLIMIT,
		   mm_vmscan_memcg_softlimit_reclaim_end),
	RECLAIM_TP(MS_HOOK_NODE_BEGIN, MS_TP_NODE_BEGIN, MS_KIND_NODE,
		   mm_vmscan_node_reclaim_begin),
	RECLAIM_TP(MS_HOOK_NODE_END, MS_TP_NODE_END, MS_KIND_NODE, mm_vmscan_node_reclaim_end),
	RECLAIM_TP(MS_HOOK_LRU_INACTIVE, MS_TP_LRU_INACTIVE, -1, mm_vmscan_lru_shrink_inactive),
	RECLAIM_TP(MS_HOOK_LRU_ACTIVE, MS_TP_LRU_ACTIVE, -1, mm_vmscan_lru_shrink_active),
	[MS_HOOK_TASK_EXIT] = { .name = "sched:sched_process_exit",
				.group = MS_GRP_RECLAIM,
				.tp = MS_TP_PROCESS_EXIT,
				.fn = -1,
				.kind = -1,
				.cand = TP_PAIR(sched_process_exit) },
	[MS_HOOK_SHRINK_NODE] = { .name = "vmscan:shrink_node",
				  .group = MS_GRP_PASSES,
				  .tp = -1,
				  .fn = MS_FN_SHRINK_NODE,
				  .kind = -1,
				  .optional = true,
				  .cand = { { MS_MECH_FENTRY, "fe_shrink_node",
					      "passes and priority observed" },
					    { MS_MECH_KPROBE, "kp_shrink_node",
					      "passes and priority observed" },
					    { MS_MECH_DERIVED, NULL,
					      "priority derived from LRU shrink tracepoints; pass "
					      "count not available" } } },
};

static const char *const mech_names[] = {
	[MS_MECH_TP_BTF] = "tp_btf",   [MS_MECH_RAW_TP] = "raw_tp",
	[MS_MECH_FENTRY] = "fentry",   [MS_MECH_KPROBE] = "kprobe",
	[MS_MECH_DERIVED] = "derived", [MS_MECH_TASK_STORAGE] = "task_storage",
	[MS_MECH_HASH] = "hash",       [MS_MECH_RINGBUF] = "ringbuf",
	[MS_MECH_PERFBUF] = "perfbuf",
};

const struct ms_hook_def *attach__hook(enum ms_hook_id id)
{
	return id < MS_HOOK_MAX ? &hooks[id] : NULL;
}

const char *attach__mech_name(enum ms_mech m)
{
	return m < ARRAY_SIZE(mech_names) ? mech_names[m] : "?";
}

/* Can candidate c of hook h be used? If not, say why in why[]. */
static bool cand_fits(const struct ms_features *f, const struct ms_hook_def *h,
		      const struct ms_cand *c, char *why, size_t len)
{
	const struct ms_avail *a = NULL;

	switch (c->mech) {
	case MS_MECH_TP_BTF:
	case MS_MECH_RAW_TP:
		if (!f->tp[h->tp].present) {
			snprintf(why, len, "tracepoint not in this kernel");
			return false;
		}
		a = c->mech == MS_MECH_TP_BTF ? &f->tp_btf : &f->raw_tp;
		break;
	case MS_MECH_FENTRY:
		if (!f->fn[h->fn].in_btf) {
			snprintf(why, len, "%s not in BTF (inlined or absent)",
				 features__fn_name(h->fn));
			return false;
		}
		a = &f->fentry;
		break;
	case MS_MECH_KPROBE:
		if (!f->fn[h->fn].in_kallsyms) {
			snprintf(why, len, "%s is not a real symbol (inlined or absent)",
				 features__fn_name(h->fn));
			return false;
		}
		a = &f->kprobe;
		break;
	case MS_MECH_TASK_STORAGE:
		a = &f->task_storage;
		break;
	case MS_MECH_RINGBUF:
		a = &f->ringbuf;
		break;
	case MS_MECH_PERFBUF:
		a = &f->perfbuf;
		break;
	case MS_MECH_DERIVED:
	case MS_MECH_HASH:
		return true;
	}
	if (a && !a->ok) {
		snprintf(why, len, "%s", a->why);
		return false;
	}
	return true;
}

void attach__plan(const struct ms_features *f, unsigned int groups, unsigned int kinds,
		  struct ms_plan *p)
{
	int i, j;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < MS_HOOK_MAX; i++) {
		const struct ms_hook_def *h = &hooks[i];
		struct ms_choice *c = &p->c[i];

		c->chosen = -1;
		c->wanted = (h->group & groups) != 0;
		if (h->kind >= 0 && !(kinds & (1u << h->kind)))
			c->wanted = false;
		for (j = 0; j < MS_MAX_CAND && h->cand[j].note; j++) {
			if (cand_fits(f, h, &h->cand[j], c->why[j], sizeof(c->why[j]))) {
				c->chosen = j;
				break;
			}
		}
	}
	/* The exit hook only matters when in-flight state is a hash. */
	if (attach__chosen_mech(p, MS_HOOK_INFLIGHT) != MS_MECH_HASH)
		p->c[MS_HOOK_TASK_EXIT].wanted = false;

	for (i = 0; i < MS_HOOK_MAX; i++) {
		const struct ms_hook_def *h = &hooks[i];

		if (h->kind < 0 || !(kinds & (1u << h->kind)) || !(h->group & groups))
			continue;
		if (p->c[i].chosen < 0)
			p->kinds_missing |= 1u << h->kind;
	}
	for (i = 0; i < MS_KIND_MAX; i++)
		if ((groups & MS_GRP_RECLAIM) && (kinds & (1u << i)) &&
		    !(p->kinds_missing & (1u << i)))
			p->kinds |= 1u << i;
}

int attach__chosen_mech(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_choice *c = &p->c[id];

	if (!c->wanted || c->chosen < 0)
		return -1;
	return hooks[id].cand[c->chosen].mech;
}

const char *attach__chosen_prog(const struct ms_plan *p, enum ms_hook_id id)
{
	const struct ms_choice *c = &p->c[id];

	if (!c->wanted || c->chosen < 0)
		return NULL;
	return hooks[id].cand[c->chosen].prog;
}
