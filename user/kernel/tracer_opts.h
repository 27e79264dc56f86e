/* SPDX-License-Identifier: GPL-2.0 */
/* What a subcommand asks of the tracer (tracer.c loads and attaches by it,
 * tracer_prep.c makes the object ready by it). */
#ifndef MS_TRACER_OPTS_H
#define MS_TRACER_OPTS_H

#include <stdbool.h>
#include "base/opts.h"

struct tracer_opts {
	unsigned int groups; /* enum ms_group */
	bool hist; /* aggregate in the kernel (memstall hist): no stall events */
	bool kill_story; /* OOM kills' retry, reaping and exit events too (oom, record) */
	unsigned int hist_by; /* enum ms_by */
	bool passes; /* send shrink_node passes and scan evidence (snoop -e) */
	bool node_counts; /* keep per-node scanned/reclaimed totals (top) */
	/* memstall stacks: stalls by stack into the `stacks` map (with hist) */
	bool stacks;
	unsigned int stacks_by; /* MS_BY_COMM, MS_BY_CGROUP or MS_BY_TGID */
	bool stacks_hist; /* with stacks: the histogram as well (record --stacks) */
	bool kstack; /* capture kernel stacks (stacks, snoop --stacks, oom) */
	bool ustack; /* and user stacks (stacks --user) */
	bool oom_kstack; /* the OOM trigger's kernel stack (oom) */
	bool exact_stacks; /* walk the stacks at every stall (--exact-stacks), else
			    * reuse a task's last walk at the same call site */
	/* hist mode: still trace userspace OOM killers' SIGKILLs (export, top) */
	bool ukills;
	/* count compaction runs by node, zone, result, source (export) */
	bool count_compact;
	struct ms_filter filter;
	const char *btf_path; /* custom BTF for CO-RE (--btf) */
	/* comms of userspace OOM killers (NULL-terminated), NULL: the defaults */
	const char *const *killers;
	/* events ring buffer (perf buffer: shared out per CPU), bytes, a power
	 * of two; 0: bufsize__ringbuf_default() for this host */
	unsigned long buffer_bytes;
	bool load_only; /* load (verify) the plan's programs, attach none */
	/* -v: each program's verification (processed insns, time) on stderr */
	bool verify_stats;
};

#endif
