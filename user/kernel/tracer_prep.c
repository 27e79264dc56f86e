// SPDX-License-Identifier: GPL-2.0
/* The BPF object made ready for load: the .rodata knobs, the maps' types
 * and sizes, and exactly the plan's programs (tracer.c loads it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "memstall.skel.h"
#include "model/event.h"
#include "model/hist.h"
#include "kernel/bufsize.h"
#include "kernel/tracer_prep.h"
#include "base/util.h"

/* in-flight state in a hash by tid, where task storage is missing */
#define MS_INFLIGHT_HASH_MAX 16384

/* The events ring buffer's size: halved where the stall rings take nearly
 * all it carried (not with -e: a pass record per shrink_node pass, 3,681 of
 * them beside 164 stalls in the 6.12 VM swap scenario). */
static unsigned long events_bytes(const struct tracer_opts *o, bool use_pring)
{
	return bufsize__ringbuf(o->hist, use_pring && !o->passes, o->buffer_bytes);
}

static void set_rodata(struct memstall_bpf *skel, const struct tracer_opts *o,
		       const struct ms_features *f, const struct ms_plan *p)
{
	struct memstall_bpf__rodata *r = skel->rodata;

	r->use_task_storage = attach__chosen_mech(p, MS_HOOK_INFLIGHT) == MS_MECH_TASK_STORAGE;
	r->use_ringbuf = attach__chosen_mech(p, MS_HOOK_OUTPUT) == MS_MECH_RINGBUF;
	r->targ_tgid = o->filter.tgid;
	r->targ_tid = o->filter.tid;
	r->targ_cgid = o->filter.cgroup_id;
	r->targ_cg_level = o->filter.cgroup_id ? o->filter.cgroup_level : -1;
	r->filter_comm = o->filter.comm[0] != '\0';
	memcpy((char *)r->targ_comm, o->filter.comm, MS_COMM_LEN);
	r->min_ns = o->filter.min_ns;
	r->kinds_mask = o->filter.kinds & p->kinds;
	r->begin_gfp_idx = f->args.begin_gfp_idx;
	r->victim_is_task = f->args.victim_is_task;
	r->oc_probed = attach__chosen_prog(p, MS_HOOK_OOM_KILL) != NULL;
	r->hist_mode = o->hist;
	/* stall events in per-CPU rings where they are sent at all */
	r->use_pring = r->use_ringbuf && f->pring.ok && !o->hist;
	r->ringbuf_wake_bytes = events_bytes(o, r->use_pring) / 8;
	if (r->use_pring) {
		r->pring_seg = bufsize__pring_seg(o->buffer_bytes, libbpf_num_possible_cpus());
		r->pring_wake = r->pring_seg / 8;
	}
	r->hist_by = o->hist_by;
	/* passes: snoop -e, or kswapd's rows in hist/top */
	r->track_passes = o->passes || (o->hist && (r->kinds_mask & ~event__stall_kinds()));
	r->want_evidence = o->passes;
	r->count_nodes = o->node_counts;
	r->stacks_mode = o->stacks;
	r->stacks_by = o->stacks_by;
	r->stacks_hist = o->stacks && o->stacks_hist;
	r->want_kstack = o->kstack;
	r->want_ustack = o->ustack;
	r->oom_kstack = o->oom_kstack;
	r->stack_rewalk = o->exact_stacks ? 0 : MS_STACK_REWALK;
	r->stack_rewalk_ns = MS_STACK_REWALK_NS;
	r->count_compact = o->hist && o->count_compact;
	/* test hook (tests/live/snoop.sh): every record from the spare pool, as
	 * when the kernel cannot allocate one */
	r->force_spare = getenv("MEMSTALL_FORCE_SPARE") != NULL;
	/* test hook (tests/live/storm.sh): renames to "ms-storm*" are stalls */
	r->test_storm = getenv("MEMSTALL_TEST_STORM") != NULL;
	/* test hook (tests/live/cli.sh): a program the verifier rejects */
	r->test_reject = getenv("MEMSTALL_TEST_REJECT") != NULL;
}

static int setup_maps(struct memstall_bpf *skel, const struct tracer_opts *o,
		      const struct ms_features *f, const struct ms_plan *p)
{
	int err = 0;

	if (attach__chosen_mech(p, MS_HOOK_INFLIGHT) != MS_MECH_TASK_STORAGE) {
		err = bpf_map__set_type(skel->maps.inflight, BPF_MAP_TYPE_HASH);
		err = err ?: bpf_map__set_max_entries(skel->maps.inflight, MS_INFLIGHT_HASH_MAX);
	}
	if (!err && !o->hist) { /* unused: the smallest maps the kernel allows */
		err = bpf_map__set_max_entries(skel->maps.hists, 1);
		err = err ?: bpf_map__set_max_entries(skel->maps.hcache, 1);
		err = err ?: bpf_map__set_max_entries(skel->maps.cg_stalled, 1);
	}
	/* test hook (tests/live/storm.sh): a histogram map of so many keys */
	if (!err && o->hist && getenv("MEMSTALL_TEST_HIST_KEYS"))
		err = bpf_map__set_max_entries(skel->maps.hists,
					       atoi(getenv("MEMSTALL_TEST_HIST_KEYS")) ?: 1);
	/* the kernel hashes and compares only the key fields in use */
	if (!err)
		err = bpf_map__set_key_size(skel->maps.hists, ms_hkey_size(o->hist_by));
	/* stack maps: the smallest the kernel allows unless stacks are wanted */
	if (!err && !o->kstack && !o->ustack && !o->oom_kstack)
		err = bpf_map__set_max_entries(skel->maps.stack_traces, 1);
	if (!err && !o->stacks)
		err = bpf_map__set_max_entries(skel->maps.stacks, 1);
	if (!err && !o->node_counts)
		err = bpf_map__set_max_entries(skel->maps.node_scan, 1);
	if (!err && !(o->hist && o->count_compact))
		err = bpf_map__set_max_entries(skel->maps.compact_runs, 1);
	if (!err && skel->rodata->use_pring) {
		err = bpf_map__set_max_entries(skel->maps.stall_rings, libbpf_num_possible_cpus());
		err = err
			      ?: bpf_map__set_value_size(
					 skel->maps.stall_rings,
					 bufsize__pring_value(skel->rodata->pring_seg));
	} else if (!err && !f->pring.ok) { /* a stub any kernel can create */
		err = bpf_map__set_map_flags(skel->maps.stall_rings, 0);
	}
	if (!err && attach__chosen_mech(p, MS_HOOK_OUTPUT) == MS_MECH_RINGBUF) {
		err = bpf_map__set_max_entries(skel->maps.events,
					       events_bytes(o, skel->rodata->use_pring));
		err = err ?: bpf_map__set_max_entries(skel->maps.kills, MS_KILLS_BYTES);
		/* unused perf array: keep it tiny */
		err = err ?: bpf_map__set_max_entries(skel->maps.perf_events, 1);
	} else if (!err) {
		/* no ring buffer on this kernel: make the map something any
		 * kernel can create; the programs never touch it. */
		err = bpf_map__set_type(skel->maps.events, BPF_MAP_TYPE_ARRAY);
		err = err ?: bpf_map__set_key_size(skel->maps.events, 4);
		err = err ?: bpf_map__set_value_size(skel->maps.events, 4);
		err = err ?: bpf_map__set_max_entries(skel->maps.events, 1);
		err = err ?: bpf_map__set_type(skel->maps.kills, BPF_MAP_TYPE_ARRAY);
		err = err ?: bpf_map__set_key_size(skel->maps.kills, 4);
		err = err ?: bpf_map__set_value_size(skel->maps.kills, 4);
		err = err ?: bpf_map__set_max_entries(skel->maps.kills, 1);
	}
	return err;
}

/* The knobs bpf/memstall.bpf.c's __lean build compiles out (MS_KNOB) all
 * off: its programs do what the first build's would. */
static bool lean_fits(const struct memstall_bpf__rodata *r)
{
	return !r->hist_mode && !r->track_passes && !r->want_evidence && !r->count_nodes &&
	       !r->stacks_mode && !r->want_kstack && !r->oom_kstack && !r->want_ustack &&
	       !r->stacks_hist && !r->count_compact && !r->test_storm;
}

struct bpf_program *tracer_prep__program(const struct memstall_bpf *skel, const char *name)
{
	struct bpf_program *prog = NULL;
	char lean[128];

	if (lean_fits(skel->rodata) &&
	    snprintf(lean, sizeof(lean), "%s__lean", name) < (int)sizeof(lean))
		prog = bpf_object__find_program_by_name(skel->obj, lean);
	return prog ?: bpf_object__find_program_by_name(skel->obj, name);
}

static int enable_programs(struct memstall_bpf *skel, const struct ms_plan *p)
{
	const char *names[2 * MS_HOOK_MAX];
	struct bpf_program *prog;
	int i, n, err;

	bpf_object__for_each_program (prog, skel->obj) {
		err = bpf_program__set_autoload(prog, false);
		if (err)
			return err;
	}
	n = attach__programs(p, names, ARRAY_SIZE(names));
	if (skel->rodata->test_storm && n < (int)ARRAY_SIZE(names))
		names[n++] = "test_storm_rename";
	for (i = 0; i < n; i++) {
		prog = tracer_prep__program(skel, names[i]);
		if (!prog)
			return -ENOENT;
		err = bpf_program__set_autoload(prog, true);
		if (err)
			return err;
	}
	return 0;
}

int tracer_prep__object(struct memstall_bpf *skel, const struct tracer_opts *o,
			const struct ms_features *f, const struct ms_plan *p)
{
	set_rodata(skel, o, f, p);
	return setup_maps(skel, o, f, p) ?: enable_programs(skel, p);
}
