/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace OOM kills: a SIGKILL sent by a known killer (bpf/killer.bpf.h)
 * becomes a kill record of kind "userspace" with the killer, the victim and
 * its cgroup, the cgroup's state at that moment (host/oomctx.h) and the
 * stalls that cgroup had just before (kept here in a bounded ring).
 */
#ifndef MS_KILLER_H
#define MS_KILLER_H

#include <stdint.h>
#include <stdio.h>
#include "memstall.h"
#include "host/oomctx.h"
#include "model/event.h"

struct json_writer;
struct killer_model;

struct ukill {
	struct ms_event ev; /* header: the killer; oom: the victim */
	char cgroup[256]; /* the victim's memory cgroup */
	struct cg_state cg;
	uint64_t window_ns;
	unsigned int stalls_before; /* the cgroup's stalls in the window */
	double stall_ms_before;
};

struct killer_model *killer_model__new(uint64_t window_ns);
void killer_model__free(struct killer_model *m);
/* Every event: stalls are remembered by cgroup. */
void killer_model__event(struct killer_model *m, const struct ms_event *e);
/* A MS_EV_UKILL event into a kill record (reads the cgroup now). */
void killer_model__kill(struct killer_model *m, const struct event_ctx *ctx,
			const struct ms_event *e, struct ukill *out);

void killer__print_text(const struct event_ctx *ctx, const struct ukill *k, FILE *f);
void killer__print_json(const struct event_ctx *ctx, const struct ukill *k, struct json_writer *w);

#endif
