/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory.oom.group kills: the kernel kills every task of the cgroup with
 * memory.oom.group set (the victim's highest such ancestor), one
 * oom:mark_victim each, in one oom_kill_process() of one trigger. This model
 * gathers those kills into one group kill with every task it took, and
 * writes the cgroup's identity and memory state next to a kill's cgroups.
 */
#ifndef MS_OOM_GROUP_H
#define MS_OOM_GROUP_H

#include <stdint.h>
#include <stdio.h>
#include "memstall.h"

struct event_ctx;
struct json_writer;
struct oom_kill;

#define OOM_GROUP_MAX_TASKS 256

struct oom_group {
	uint64_t cgroup_id; /* the cgroup with memory.oom.group 1 */
	char cgroup[256];
	uint64_t ts_ns; /* the first kill */
	struct ms_event trigger; /* header of the first kill (trigger) */
	int n;
	struct {
		uint32_t pid, tid;
		char comm[MS_COMM_LEN + 1];
	} task[OOM_GROUP_MAX_TASKS];
};

struct oom_groups;
typedef void (*oom_group_fn)(void *ctx, const struct oom_group *g);

struct oom_groups *oom_groups__new(void);
void oom_groups__free(struct oom_groups *g);
/* At an oom:mark_victim event (while the cgroups still exist): is its victim
 * in a cgroup with memory.oom.group set? (reads the files up the path) */
void oom_groups__note(struct oom_groups *g, const struct event_ctx *ctx, const struct ms_event *e);
/* A kill as the OOM model hands it over: joins the open group or closes it
 * (fn gets the group) and maybe opens the next one. */
void oom_groups__kill(struct oom_groups *g, const struct oom_kill *k, oom_group_fn fn, void *ctx);
/* Hand over the open group if no kill joined it for idle_ns (0: now). */
void oom_groups__flush(struct oom_groups *g, uint64_t now_ns, uint64_t idle_ns, oom_group_fn fn,
		       void *ctx);

/* Renderers. */
void oom_group__print_text(const struct event_ctx *ctx, const struct oom_group *g, FILE *f);
void oom_group__print_json(const struct event_ctx *ctx, const struct oom_group *g,
			   struct json_writer *w);
/* A cgroup's identity (pod_uid, qos, container_id, unit) and "memory"
 * (current, max, high, events) as keys of the open JSON object. */
void oom_group__json_cgroup(const struct event_ctx *ctx, uint64_t cgid, struct json_writer *w);

#endif
