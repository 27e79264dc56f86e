/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall stacks (and snoop --stacks, the OOM trigger's stack): the kernel
 * stack (and with --user the user stack, walked by the kernel through frame
 * pointers) captured when a stall begins, kept as stack_traces ids in the
 * task's record; at the stall's end its duration is added to `stacks`,
 * keyed by (kind, stack ids, dimension). Nothing per stall crosses to user
 * space. Lost stacks and a full map are counted, never silent.
 */
#ifndef MEMSTALL_STACKS_BPF_H
#define MEMSTALL_STACKS_BPF_H

#include "maps.bpf.h"
#include "current.bpf.h"
#include "core_fixes.bpf.h"

#ifndef EEXIST
#define EEXIST 17
#endif

static const struct ms_sval zero_sval;

/* One stack's id, or a negative errno (a hash collision is counted apart:
 * with a full map it is the way stacks are lost). */
static __always_inline int stack_id(void *ctx, __u64 flags)
{
	long id = bpf_get_stackid(ctx, &stack_traces, flags);

	if (id >= 0)
		return (int)id;
	if (id == -EEXIST)
		count(MS_CNT_STACK_COLLISION);
	else
		count(MS_CNT_STACK_FAIL);
	return (int)id;
}

/* Walk the wanted stacks (-1: not wanted). */
static __always_inline void stack_walk(void *ctx, int *kstack, int *ustack)
{
	count(MS_CNT_STACK_WALK);
	*kstack = want_kstack ? stack_id(ctx, 0) : -1;
	*ustack = want_ustack ? stack_id(ctx, BPF_F_USER_STACK) : -1;
}

/*
 * The stacks a stall of kind beginning now at nesting depth is charged to.
 * Walking the kernel stack is most of stacks mode's cost (bench/RESULTS.md),
 * so the task's record keeps per kind the ids its last walk found with the
 * user registers it entered the kernel with (ms_user_regs: the user call
 * site, no unwinding); a stall with the same fingerprint reuses them, every
 * stack_rewalk-th one or the first stack_rewalk_ns after the walk walks
 * again so that a changed path is caught (a rare walk is a cold one, ~100x
 * a reuse: the count alone would need to be large; the time bounds the lag
 * of a call site stalling seldom). Totals
 * stay exact; only the split between stacks of one task at one user call
 * site can lag. Without the registers (old kernel, kernel thread) or with
 * stack_rewalk 0: a walk every stall.
 */
static __always_inline void stack_capture(void *ctx, struct ms_inflight *rec, unsigned int kind,
					  __u32 depth, int *kstack, int *ustack)
{
	struct ms_stack_memo *m;
	struct ms_uregs u;
	__u32 epoch;
	__u64 now;

	if (!stack_rewalk || !use_task_storage || kind >= MS_STACK_MEMOS ||
	    !ms_user_regs(bpf_get_current_task_btf(), &u)) {
		stack_walk(ctx, kstack, ustack);
		return;
	}
	m = &rec->memo[kind];
	epoch = stack_epoch; /* before the walk: a clear after it is seen next time */
	now = bpf_ktime_get_ns();
	if (m->epoch == epoch && m->uses + 1 < stack_rewalk && now - m->walk_ns < stack_rewalk_ns &&
	    m->ip == u.ip && m->sp == u.sp && m->fp == u.fp && m->nr == u.nr && m->depth == depth) {
		m->uses++;
		*kstack = m->kstack;
		*ustack = m->ustack;
		count(MS_CNT_STACK_REUSE);
		return;
	}
	stack_walk(ctx, kstack, ustack);
	if ((want_kstack && *kstack < 0) || (want_ustack && *ustack < 0)) {
		m->epoch = 0; /* nothing to reuse */
		return;
	}
	m->ip = u.ip;
	m->sp = u.sp;
	m->fp = u.fp;
	m->nr = u.nr;
	m->depth = depth;
	m->kstack = *kstack;
	m->ustack = *ustack;
	m->uses = 0;
	m->walk_ns = now;
	m->epoch = epoch;
}

/* stacks mode: an ended stall's time into its key (per CPU, no atomics);
 * gen: 0, or with the histograms (record --stacks) hist_add's. */
static __always_inline void stacks_add(unsigned int kind, int kstack, int ustack, __u64 lat,
				       __u32 gen)
{
	struct ms_skey k = {};
	struct ms_sval *v;

	k.kind = kind;
	k.gen = gen;
	k.kstack = kstack;
	k.ustack = ustack;
	if (stacks_by & (MS_BY_TGID | MS_BY_TID) || want_ustack)
		k.tgid = bpf_get_current_pid_tgid() >> 32;
	if (stacks_by & MS_BY_COMM || want_ustack)
		current_comm(k.comm);
	if (stacks_by & MS_BY_CGROUP)
		k.cgroup = current_memcg_id();
	v = bpf_map_lookup_elem(&stacks, &k);
	if (!v) {
		bpf_map_update_elem(&stacks, &k, &zero_sval, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&stacks, &k);
		if (!v) {
			count(MS_CNT_STACKS_OVERFLOW);
			return;
		}
	}
	v->count++;
	v->total_ns += lat;
}

#endif /* MEMSTALL_STACKS_BPF_H */
