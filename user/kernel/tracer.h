/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracer: opens the one BPF object, applies the attach plan (only the
 * programs a subcommand needs are loaded), sets the in-kernel filters,
 * attaches, and delivers struct ms_event records to a callback.
 * Freed with tracer__free(), which detaches everything.
 */
#ifndef MS_TRACER_H
#define MS_TRACER_H

#include <stdint.h>
#include "kernel/attach.h"
#include "base/diag.h"
#include "base/opts.h"
#include "kernel/kfeatures.h"
#include "memstall.h"
#include "kernel/tracer_opts.h"

struct tracer;

struct ms_counters {
	uint64_t v[MS_CNT_MAX];
};

typedef int (*tracer_event_fn)(void *ctx, const struct ms_event *e);

/* Load and attach. kbtf: the BTF the features pass parsed (features__probe's
 * *btfp), or NULL: taken (freed, set to NULL); CO-RE relocates against the
 * part of it the object can match (corebtf.h). Returns NULL with diag set and
 * *errp = -errno on failure. */
struct btf;
struct tracer *tracer__new(const struct tracer_opts *opts, const struct ms_features *f,
			   struct btf **kbtf, struct ms_diag *d, int *errp);
void tracer__free(struct tracer *t);
/* The plan options tracer__new gives attach__plan for these tracer options;
 * it loads attach__programs() of that plan, nothing else. */
void tracer__plan_opts(const struct tracer_opts *o, struct ms_plan_opts *po);
const struct ms_plan *tracer__plan(const struct tracer *t);
/* Wait up to timeout_ms and deliver events. Returns events handled or -errno
 * (-EINTR when a signal interrupted the wait). A callback returning non-zero
 * stops the current batch and that value is returned. */
int tracer__poll(struct tracer *t, int timeout_ms, tracer_event_fn fn, void *ctx);
/* The in-kernel histograms: the hash map and its per-CPU fast path. */
struct hist_maps;
void tracer__hist_maps(const struct tracer *t, struct hist_maps *m);
/* The compaction runs map (struct ms_ckey -> per-CPU __u64), -1 unless
 * tracer_opts.count_compact. */
int tracer__compact_fd(const struct tracer *t);
/* Per-node inactive-list totals since start (summed over CPUs), nodes
 * 0..n-1; -ENOENT unless tracer_opts.node_counts. */
int tracer__node_scan(struct tracer *t, struct ms_node_scan *out, unsigned int n);
/* A removed cgroup's path as the kernel gave it at cgroup_rmdir ("/a/b"):
 * 0, or -ENOENT when not seen (removed before start, or no such hook). */
int tracer__cgroup_gone(void *tracer, uint64_t id, char *path, size_t len);
/* memstall stacks: the stall-by-stack map's fd (struct ms_skey ->
 * per-CPU struct ms_sval), -ENOENT unless tracer_opts.stacks. */
int tracer__stacks_fd(const struct tracer *t);
/* A captured stack's frames (ips, innermost first) into ips[max]: how
 * many, or -ENOENT (id unknown or evicted) / -EINVAL (id < 0). */
int tracer__stack(const struct tracer *t, int id, uint64_t *ips, int max);
/* The stack map's fd (stack id -> frames), to forget ids (record). */
int tracer__stack_ids_fd(const struct tracer *t);
/* After stack ids were deleted: the BPF side's reused ids are stale. */
void tracer__stack_ids_forgotten(struct tracer *t);
/* Sum of the per-CPU counters (perf-buffer losses are counted there). */
int tracer__counters(struct tracer *t, struct ms_counters *out);

#endif
