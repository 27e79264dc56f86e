/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The current task's in-flight record (struct ms_inflight): found or created
 * in task storage or the hash by tid, else taken from the spare pool; its
 * stack of open stall frames.
 */
#ifndef MEMSTALL_RECORD_BPF_H
#define MEMSTALL_RECORD_BPF_H

#include "maps.bpf.h"
#include "filters.bpf.h"

static __always_inline struct ms_inflight *spare_get(bool create)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ms_inflight *rec = bpf_map_lookup_elem(&inflight_spare, &tid);

	if (rec || !create)
		return rec;
	if (bpf_map_update_elem(&inflight_spare, &tid, &zero_inflight, BPF_NOEXIST))
		return 0;
	__sync_fetch_and_add(&spare_used, 1);
	count(MS_CNT_SPARE);
	return bpf_map_lookup_elem(&inflight_spare, &tid);
}

static __always_inline struct ms_inflight *inflight_get(bool create)
{
	struct ms_inflight *rec;
	__u32 tid;

	if (use_task_storage) {
		rec = bpf_task_storage_get(&inflight, bpf_get_current_task_btf(), 0,
					   create && !force_spare ? BPF_LOCAL_STORAGE_GET_F_CREATE
								  : 0);
	} else {
		tid = (__u32)bpf_get_current_pid_tgid();
		rec = bpf_map_lookup_elem(&inflight, &tid);
		if (!rec && create && !force_spare) {
			bpf_map_update_elem(&inflight, &tid, &zero_inflight, BPF_NOEXIST);
			rec = bpf_map_lookup_elem(&inflight, &tid);
		}
	}
	if (rec || !(create || spare_used))
		return rec;
	return spare_get(create);
}

static __always_inline void inflight_release(void)
{
	__u32 tid;

	if (spare_used) {
		tid = (__u32)bpf_get_current_pid_tgid();
		if (!bpf_map_delete_elem(&inflight_spare, &tid))
			__sync_fetch_and_add(&spare_used, -1);
	}
	if (use_task_storage)
		return; /* storage stays with the task and dies with it */
	tid = (__u32)bpf_get_current_pid_tgid();
	bpf_map_delete_elem(&inflight, &tid);
}

/* The current task's record, if the filters want the task (created if
 * missing; a failure to create one is counted). */
static __always_inline struct ms_inflight *wanted_record(void)
{
	struct ms_inflight *rec;

	if (!task_wanted())
		return 0;
	rec = inflight_get(true);
	if (!rec)
		count(MS_CNT_NOSTORE);
	return rec;
}

/* Bounds-checked frame access the verifier can follow. */
static __always_inline struct ms_frame *frame_at(struct ms_inflight *rec, __u32 i)
{
	if (i >= MS_MAX_DEPTH)
		return 0;
	barrier_var(i);
	return &rec->frames[i & (MS_MAX_DEPTH - 1)];
}

static __always_inline struct ms_frame *top_frame(void)
{
	struct ms_inflight *rec = inflight_get(false);

	if (!rec || !rec->depth)
		return 0;
	return frame_at(rec, rec->depth - 1);
}

static __always_inline void note_prio(struct ms_frame *f, int prio)
{
	if (prio < f->min_prio)
		f->min_prio = prio;
}

#endif /* MEMSTALL_RECORD_BPF_H */
