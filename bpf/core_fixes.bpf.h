/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel differences, BPF side. Every accessor that depends on a struct
 * layout that changed across kernel versions lives here, with the change it
 * papers over. Tracepoint argument positions that moved are not handled here
 * but by user space (user/features.c reads the tracepoint's BTF prototype and
 * sets a rodata index), so BPF code never guesses a version.
 */
#ifndef MEMSTALL_CORE_FIXES_BPF_H
#define MEMSTALL_CORE_FIXES_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>

/*
 * kernfs_node::id became a plain u64 in v5.5 (commit 67c0496e87d1
 * "kernfs: convert kernfs_node->id from union kernfs_node_id to u64").
 * Before, it was union kernfs_node_id { struct { u32 ino, generation; }; u64 id; }.
 */
union kernfs_node_id___old {
	struct {
		u32 ino;
		u32 generation;
	};
	u64 id;
} __attribute__((preserve_access_index));

struct kernfs_node___old {
	union kernfs_node_id___old id;
} __attribute__((preserve_access_index));

static __always_inline u64 ms_kernfs_id(struct kernfs_node *kn)
{
	if (!kn)
		return 0;
	if (bpf_core_type_exists(union kernfs_node_id___old))
		return BPF_CORE_READ((struct kernfs_node___old *)kn, id.id);
	return BPF_CORE_READ(kn, id);
}

/*
 * Memory cgroup of a task: task->cgroups->subsys[memory_cgrp_id]. The same
 * path serves cgroup v1 (memory hierarchy) and v2 (default hierarchy); the
 * subsystem index comes from the running kernel's enum cgroup_subsys_id.
 * Kernels built without CONFIG_MEMCG have no memory_cgrp_id: return NULL.
 */
static __always_inline struct cgroup_subsys_state *ms_task_memcg_css(struct task_struct *t)
{
	int idx;

	if (!bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		return NULL;
	idx = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (idx < 0 || idx >= 16)
		return NULL;
	return BPF_CORE_READ(t, cgroups, subsys[idx]);
}

static __always_inline u64 ms_css_id(struct cgroup_subsys_state *css)
{
	if (!css)
		return 0;
	return ms_kernfs_id(BPF_CORE_READ(css, cgroup, kn));
}

/*
 * scan_control::priority is s8 on current kernels (6.18's BTF) and was a
 * wider integer on older ones; read it with the size the running kernel's
 * BTF gives.
 */
static __always_inline int ms_sc_priority(struct scan_control *sc)
{
	if (bpf_core_field_size(sc->priority) == 1) {
		s8 p = 0;

		bpf_core_read(&p, 1, &sc->priority);
		return p;
	} else {
		int p = 0;

		bpf_core_read(&p, sizeof(p), &sc->priority);
		return p;
	}
}

#endif /* MEMSTALL_CORE_FIXES_BPF_H */
