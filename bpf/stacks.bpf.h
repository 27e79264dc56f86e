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

/* The stacks a stall beginning now is charged to (-1: not wanted). */
static __always_inline void stack_capture(void *ctx, int *kstack, int *ustack)
{
	*kstack = want_kstack ? stack_id(ctx, 0) : -1;
	*ustack = want_ustack ? stack_id(ctx, BPF_F_USER_STACK) : -1;
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
