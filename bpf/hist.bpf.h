/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall hist: stalls aggregated in the kernel. A key's histogram is its
 * slot of the per-CPU direct-mapped table (hcache) if it owns it or the slot
 * is free, else its entry in the per-CPU hash (hists).
 */
#ifndef MEMSTALL_HIST_BPF_H
#define MEMSTALL_HIST_BPF_H

#include "maps.bpf.h"
#include "current.bpf.h"

#define MS_HMUL 0x9e3779b97f4a7c15ULL

/* The histogram a key's stalls go to: its slot of the per-CPU table if it
 * owns it or the slot is free, else the hash map (a full map refuses a new
 * key: counted, never silent). *sgen: the stacks generation read with the
 * half (record --stacks cuts both maps at one flip). */
static __always_inline struct ms_hval *hist_val(struct ms_hkey *k, __u32 *sgen)
{
	const __u64 *w = (const __u64 *)k;
	struct ms_hcache_ent *e;
	struct ms_hval *v;
	__u32 zero = 0, *half, hv, i;
	__u64 h;

	_Static_assert(sizeof(*k) == 7 * sizeof(__u64), "ms_hkey: 7 words");
	/* the half user space is not reading: in the key too (gen), so that
	 * the hash map's keys of an interval are read and deleted only once
	 * nobody adds to them */
	half = bpf_map_lookup_elem(&hcache_half, &zero);
	hv = half ? *half : 0;
	k->gen = hv & 1;
	*sgen = (hv >> 1) & 1;
	/* all 7 words: the unused ones are 0 */
	h = w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + w[6];
	i = (h * MS_HMUL) >> (64 - MS_HCACHE_BITS);
	if (k->gen)
		i += MS_HCACHE_SLOTS;
	e = bpf_map_lookup_elem(&hcache, &i);
	if (e) {
		const __u64 *c = (const __u64 *)&e->key;

		if (!e->v.count) {
			__builtin_memcpy(&e->key, k, sizeof(*k));
			return &e->v;
		}
		if (!((c[0] ^ w[0]) | (c[1] ^ w[1]) | (c[2] ^ w[2]) | (c[3] ^ w[3]) |
		      (c[4] ^ w[4]) | (c[5] ^ w[5]) | (c[6] ^ w[6])))
			return &e->v;
	}
	v = bpf_map_lookup_elem(&hists, k);
	if (v)
		return v;
	/* a new key (or another CPU just added it) */
	bpf_map_update_elem(&hists, k, &zero_hval, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&hists, k);
	if (!v)
		count(MS_CNT_HIST_OVERFLOW);
	return v;
}

/* memstall hist: one stall into its key's histogram (per CPU, no atomics).
 * Returns the stacks generation of the same instant (stacks_add's gen). */
static __always_inline __u32 hist_add(struct ms_hkey *k, __u64 lat, __u64 scanned, __u64 reclaimed)
{
	struct ms_hval *v;
	__u32 slot, sgen;

	if (hist_by & (MS_BY_TID | MS_BY_TGID)) {
		__u64 id = bpf_get_current_pid_tgid();

		if (hist_by & MS_BY_TID)
			k->tid = (__u32)id;
		if (hist_by & MS_BY_TGID)
			k->tgid = id >> 32;
	}
	if (hist_by & MS_BY_COMM)
		current_comm(k->comm);
	if (hist_by & MS_BY_CGROUP) {
		k->cgroup = current_memcg_id();
		cg_note_stalled(k->cgroup); /* cgroup.bpf.h */
	}
	/* every stall (pass) that gets here: in a histogram or overflowed */
	count(MS_CNT_EVENTS);
	v = hist_val(k, &sgen);
	if (!v) { /* no room for the key: its kind's lost histogram (never lost) */
		__u32 kind = k->kind + (k->gen ? MS_KIND_MAX : 0);

		v = bpf_map_lookup_elem(&hist_lost, &kind);
		if (!v)
			return sgen;
	}
	v->count++;
	v->total_ns += lat;
	if (lat > v->max_ns)
		v->max_ns = lat;
	v->scanned += scanned;
	v->reclaimed += reclaimed;
	slot = ms_hist_slot(lat);
	barrier_var(slot); /* bound-check the register that indexes (6.1's verifier) */
	if (slot < MS_HIST_SLOTS)
		v->slots[slot]++;
	return sgen;
}

/* Lowest set bit's index, -1 for none (no loop: a binary search). */
static __always_inline int lowest_node(__u64 mask)
{
	return mask ? (int)ms_log2(mask & -mask) : -1;
}

/* hist mode's end of a reclaim stall: its key from the frame, then the task.
 * Returns the stacks generation (hist_add). */
static __always_inline __u32 hist_stall(struct ms_frame *f, __u64 lat)
{
	struct ms_hkey k = {};

	k.kind = f->kind;
	if (hist_by & MS_BY_ORDER)
		k.order = f->order;
	if (hist_by & MS_BY_GFP)
		k.gfp = f->gfp;
	if (hist_by & MS_BY_NODE)
		k.node = f->nid >= 0 ? f->nid : lowest_node(f->nodes_mask);
	if (hist_by & MS_BY_LRU)
		k.lru = ms_lru_class(f->scanned[0], f->scanned[1]);
	return hist_add(&k, lat, f->scanned[0] + f->scanned[1], f->reclaimed[0] + f->reclaimed[1]);
}

#endif /* MEMSTALL_HIST_BPF_H */
