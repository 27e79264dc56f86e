/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall export's counters besides the stall histograms: compaction runs
 * by node, zone, result and source (read from the kernel's compact_runs
 * map, never reset) and OOM kills, the kernel's (oom:mark_victim: by
 * constraint, the trigger's and the victim's cgroup) and userspace killers'
 * (SIGKILLs from a known killer: by killer and the victim's cgroup), counted
 * from the events that cross in hist mode. Every series only grows; beyond
 * max_series a kill's cgroups are folded into "other".
 */
#ifndef MS_EXPORT_EV_H
#define MS_EXPORT_EV_H

#include <stdint.h>
#include "memstall.h"
#include "model/event.h"
#include "output/prom.h"

struct export_ev;

/* kill series with cgroups of their own before "other" (memstall export) */
#define EXPORT_KILL_SERIES 256

struct export_ev *export_ev__new(const struct event_ctx *ctx, uint32_t max_series);
void export_ev__free(struct export_ev *x);
/* One compaction key's total over CPUs (the map's value now). */
void export_ev__compact(struct export_ev *x, const struct ms_ckey *k, uint64_t total);
/* Read the whole compact_runs map (fd < 0: nothing). 0 or -errno. */
int export_ev__read_compact(struct export_ev *x, int fd);
/* An event from the tracer: MS_EV_OOM and MS_EV_UKILL are counted. */
void export_ev__event(struct export_ev *x, const struct ms_event *e);
void export_ev__write(const struct export_ev *x, struct prom *p);
/* Kill series with cgroups of their own, and kills folded into "other". */
uint32_t export_ev__nkill_series(const struct export_ev *x);
uint64_t export_ev__nkill_folded(const struct export_ev *x);

#endif
