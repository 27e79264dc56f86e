/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reclaim stalls (direct, memcg, softlimit, node): *_begin pushes a frame
 * on the task's record, LRU shrink events add to the top frame, *_end pops
 * it, adds its work to the parent frame and emits it (or adds it to its
 * histogram).
 */
#ifndef MEMSTALL_RECLAIM_BPF_H
#define MEMSTALL_RECLAIM_BPF_H

#include "record.bpf.h"
#include "output.bpf.h"
#include "current.bpf.h"
#include "hist.bpf.h"
#include "stacks.bpf.h"
#include "passes.bpf.h"
#include "compact.bpf.h"

static __always_inline int stall_begin(void *ctx, unsigned int kind, int order, __u64 gfp, int nid)
{
	struct ms_inflight *rec;
	struct ms_frame *f;
	__u32 d;

	rec = wanted_record();
	if (!rec)
		return 0;
	if (rec->c_active) /* derived episode end: the task moved on to reclaim */
		close_episode(ctx, rec, 0, false, 0);
	d = rec->depth;
	f = frame_at(rec, d);
	if (!f) {
		rec->lost++;
		count(MS_CNT_DEPTH);
		return 0;
	}
	if (hist_mode) {
		/* hist reads only these: skip clearing the whole frame */
		f->scanned[0] = f->scanned[1] = 0;
		f->reclaimed[0] = f->reclaimed[1] = 0;
		f->nodes_mask = 0;
		f->inner_ns = 0;
		f->inner_n = 0;
	} else {
		__builtin_memset(f, 0, sizeof(*f));
	}
	/* the stacks first: their capture is not part of the stall's time */
	if (want_kstack || want_ustack)
		stack_capture(ctx, rec, kind, d, &f->kstack, &f->ustack);
	f->start_ns = bpf_ktime_get_ns();
	f->kind = kind;
	f->order = order;
	f->gfp = gfp;
	f->nid = nid;
	f->min_prio = MS_NO_PRIO;
	if (d > 0)
		f->flags |= MS_EVF_NESTED;
	if (rec->lost)
		f->flags |= MS_EVF_TRUNCATED;
	rec->depth = d + 1;
	return 0;
}

static __always_inline void emit(void *ctx, struct ms_inflight *rec, struct ms_frame *f, __u64 now,
				 __u64 nr_reclaimed, __u32 depth)
{
	/* snoop -e: the whole frame (the rodata knob first: without -e the
	 * verifier never walks the long form); else without the node evidence,
	 * its last member. In the CPU's ring, else the ring buffer
	 * (stall_reserve). */
	bool whole = want_evidence && (f->flags & MS_EVF_EVIDENCE);
	struct ms_pring_hdr *r = NULL;
	struct ms_event *e;

	if (whole) {
		e = stall_reserve(&r, MS_EV_SIZE(stall));
		if (!e)
			return;
		__builtin_memcpy(&e->stall.f, f, sizeof(*f));
	} else {
		e = stall_reserve(&r, MS_EV_SIZE_STALL_SHORT);
		if (!e)
			return;
		__builtin_memcpy(&e->stall.f, f, __builtin_offsetof(struct ms_frame, ev));
	}
	ev_header_rec(e, MS_EV_STALL, now, rec);
	e->lat_ns = now - f->start_ns;
	e->depth = depth;
	e->stall.nr_reclaimed_end = nr_reclaimed;
	stall_submit(ctx, e, r, whole ? MS_EV_SIZE(stall) : MS_EV_SIZE_STALL_SHORT);
}

static __always_inline void frame_add(struct ms_frame *dst, struct ms_frame *src)
{
	int i;

	if (hist_mode) {
		dst->scanned[0] += src->scanned[0];
		dst->scanned[1] += src->scanned[1];
		dst->reclaimed[0] += src->reclaimed[0];
		dst->reclaimed[1] += src->reclaimed[1];
		dst->nodes_mask |= src->nodes_mask;
		return;
	}
	dst->scanned[0] += src->scanned[0];
	dst->scanned[1] += src->scanned[1];
	dst->reclaimed[0] += src->reclaimed[0];
	dst->reclaimed[1] += src->reclaimed[1];
	dst->active_taken += src->active_taken;
	dst->nodes_mask |= src->nodes_mask;
	dst->nr_passes += src->nr_passes;
	if (src->min_prio < dst->min_prio)
		dst->min_prio = src->min_prio;
	dst->flags |= src->flags & (MS_EVF_PASSES | MS_EVF_PASSES_DERIVED);
	if (want_evidence && (src->flags & MS_EVF_EVIDENCE) && !(dst->flags & MS_EVF_EVIDENCE)) {
		__builtin_memcpy(&dst->ev, &src->ev, sizeof(dst->ev));
		dst->flags |= MS_EVF_EVIDENCE;
	}
	/* unrolled: the verifier walks straight code once, a loop once per
	 * iteration */
#pragma unroll
	for (i = 0; i < MS_MAX_NODES; i++) {
		dst->node_scanned[i] += src->node_scanned[i];
		dst->node_reclaimed[i] += src->node_reclaimed[i];
	}
}

/* kind MS_KIND_TOP: the end of whichever reclaim is on top of the task's
 * frames (rt_reclaim_end, one program for the four ends) */
#define MS_KIND_TOP MS_KIND_MAX

static __always_inline int stall_end(void *ctx, unsigned int kind, __u64 nr_reclaimed)
{
	struct ms_inflight *rec = inflight_get(false);
	struct ms_frame *f, *parent;
	__u64 now;
	__u32 d;

	if (!rec || !rec->depth) {
		if (task_wanted())
			count(MS_CNT_ORPHAN_END);
		return 0;
	}
	if (rec->lost) {
		rec->lost--; /* the end of a frame we could not keep */
		return 0;
	}
	d = rec->depth - 1;
	f = frame_at(rec, d);
	if (!f)
		return 0;
	rec->depth = d;
	now = bpf_ktime_get_ns();
	/* its last pass ends with it (hist: only kswapd has passes, and no stall) */
	if (track_passes && !hist_mode && rec->p_open && rec->p_depth > d)
		close_pass(ctx, rec, passes_observed ? now : rec->p_last_ns);
	parent = d > 0 ? frame_at(rec, d - 1) : 0;
	if (parent) { /* the outer stall also did the inner one's work */
		frame_add(parent, f);
		parent->inner_ns += now - f->start_ns; /* high: its reclaims */
		parent->inner_n++;
	}
	/* unbalanced: drop the frame, keep going (tested after the shared
	 * part: the verifier walks that once for both outcomes) */
	if (kind != MS_KIND_TOP && f->kind != kind) {
		count(MS_CNT_ORPHAN_END);
	} else if (f->kind < MS_KIND_MAX && (kinds_mask & (1u << f->kind))) {
		if (now - f->start_ns < min_ns)
			count(MS_CNT_FILTERED);
		else if (stacks_mode && !stacks_hist)
			stacks_add(f->kind, f->kstack, f->ustack, now - f->start_ns, 0);
		else if (hist_mode) {
			__u32 sgen = hist_stall(f, now - f->start_ns);

			if (stacks_hist) /* record --stacks: both, one generation */
				stacks_add(f->kind, f->kstack, f->ustack, now - f->start_ns, sgen);
		} else {
			emit(ctx, rec, f, now, nr_reclaimed, d);
		}
	}
	if (!d)
		inflight_release();
	return 0;
}

/* ---- handlers (ctx is the raw argument array in both tp_btf and raw_tp) ---- */

static __always_inline int on_reclaim_begin(__u64 *ctx, unsigned int kind)
{
	__u64 gfp;

	/* two separate loads: the verifier forbids a computed ctx offset */
	if (begin_gfp_idx == 2) {
		gfp = ctx[2];
		barrier_var(gfp);
	} else {
		gfp = ctx[1];
	}
	return stall_begin(ctx, kind, (int)ctx[0], gfp & 0xffffffffULL, -1);
}

static __always_inline int on_node_begin(__u64 *ctx)
{
	/* (int nid, int order, gfp_t gfp_flags) */
	return stall_begin(ctx, MS_KIND_NODE, (int)ctx[1], ctx[2] & 0xffffffffULL, (int)ctx[0]);
}

static __always_inline int on_shrink_inactive(__u64 *ctx)
{
	/* (int nid, ulong nr_scanned, ulong nr_reclaimed, struct reclaim_stat *,
	 *  int priority, int file) */
	struct ms_frame *f;
	int nid = (int)ctx[0];
	int file = ctx[5] ? 1 : 0;

	f = top_frame();
	/* hist keeps kswapd's passes only, and kswapd never stalls: a stalled
	 * task pays nothing for them there */
	if (track_passes && (!hist_mode || (!f && current_is_kswapd()))) {
		struct lru_ev ev = { .scanned = ctx[1],
				     .reclaimed = ctx[2],
				     .nid = nid,
				     .prio = (int)ctx[4],
				     .file = file };

		pass_lru(ctx, &ev);
	}
	if (count_nodes)
		node_count(ctx);
	if (!f)
		return 0;
	f->scanned[file] += ctx[1];
	f->reclaimed[file] += ctx[2];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	if (hist_mode) /* per-node counts and priority are snoop's */
		return 0;
	if (nid >= 0 && nid < MS_MAX_NODES) {
		f->node_scanned[nid] += ctx[1];
		f->node_reclaimed[nid] += ctx[2];
	}
	note_prio(f, (int)ctx[4]);
	return 0;
}

static __always_inline int on_shrink_active(__u64 *ctx)
{
	/* (int nid, ulong nr_taken, ulong nr_active, ulong nr_deactivated,
	 *  ulong nr_referenced, int priority, int file) */
	struct ms_frame *f;
	int nid = (int)ctx[0];

	f = top_frame();
	if (track_passes && (!hist_mode || (!f && current_is_kswapd()))) {
		struct lru_ev ev = {
			.taken = ctx[1], .nid = nid, .prio = (int)ctx[5], .file = ctx[6] ? 1 : 0
		};

		pass_lru(ctx, &ev);
	}
	if (!f)
		return 0;
	f->active_taken += ctx[1];
	if (nid >= 0 && nid < 64)
		f->nodes_mask |= 1ULL << nid;
	note_prio(f, (int)ctx[5]);
	return 0;
}

#endif /* MEMSTALL_RECLAIM_BPF_H */
