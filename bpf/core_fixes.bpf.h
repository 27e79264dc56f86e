/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel differences, BPF side. Every accessor that depends on a struct
 * layout that changed across kernel versions lives here, with the upstream
 * commit it papers over (id and title, the release it landed in). Tracepoint
 * argument positions that moved are not handled here but by user space
 * (user/kernel/kfeatures.c reads the tracepoint's BTF prototype and sets a
 * rodata index), so BPF code never guesses a version.
 */
#ifndef MEMSTALL_CORE_FIXES_BPF_H
#define MEMSTALL_CORE_FIXES_BPF_H

#include <vmlinux.h>
#include <bpf/bpf_core_read.h>

/*
 * kernfs_node::id became a plain u64 in v5.5: commit 67c0496e87d1 ("kernfs:
 * convert kernfs_node->id from union kernfs_node_id to u64"). Before, it was
 * union kernfs_node_id { struct { u32 ino, generation; }; u64 id; }.
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
 * Kernels built without CONFIG_MEMCG have no memory_cgrp_id: index -1, no
 * css (NULL). A configuration difference, not a kernel change: no commit.
 */
static __always_inline int ms_memcg_subsys_idx(void)
{
	int idx;

	if (!bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		return -1;
	idx = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	return idx >= 0 && idx < 16 ? idx : -1;
}

static __always_inline struct cgroup_subsys_state *ms_task_memcg_css(struct task_struct *t)
{
	int idx = ms_memcg_subsys_idx();

	if (idx < 0)
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
 * The id of cgroup cg's ancestor at level (0: the hierarchy's root), 0 if cg
 * is above that level or it cannot be read. cgroup::ancestors[] (pointers)
 * replaced cgroup::ancestor_ids[] (ids) in v6.0: commit 7f203bc89eb6
 * ("cgroup: Replace cgroup->ancestor_ids[] with ->ancestors[]"). The ids
 * are kernfs ids since v5.5 (commit 743210386c03, "cgroup: use cgrp->kn->id
 * as the cgroup ID"); before, they were idr ids we cannot compare: 0.
 * One read at any depth, where walking parents is bounded.
 */
struct cgroup___ids {
	int level;
	u64 ancestor_ids[];
} __attribute__((preserve_access_index));

static __always_inline u64 ms_cgroup_ancestor_id(struct cgroup *cg, int level)
{
	struct cgroup *a = NULL;
	u64 id = 0;

	if (!cg || level < 0 || BPF_CORE_READ(cg, level) < level)
		return 0;
	if (bpf_core_field_exists(struct cgroup___ids, ancestor_ids)) {
		if (bpf_core_type_exists(union kernfs_node_id___old))
			return 0;
		bpf_probe_read_kernel(
			&id, sizeof(id),
			(void *)cg + bpf_core_field_offset(struct cgroup___ids, ancestor_ids) +
				(u64)level * sizeof(u64));
		return id;
	}
	bpf_probe_read_kernel(&a, sizeof(a),
			      (void *)cg + bpf_core_field_offset(struct cgroup, ancestors) +
				      (u64)level * sizeof(a));
	return a ? ms_kernfs_id(BPF_CORE_READ(a, kn)) : 0;
}

/*
 * mm_struct::rss_stat became `struct percpu_counter rss_stat[NR_MM_COUNTERS]`
 * in v6.2: commit f1a7941243c1 ("mm: convert mm's rss stats into
 * percpu_counter"); before it was
 * `struct mm_rss_stat { atomic_long_t count[NR_MM_COUNTERS]; }`. The
 * percpu_counter's count is the global part (exact to within the per-CPU
 * batches). Indices: MM_FILEPAGES 0, MM_ANONPAGES 1, MM_SHMEMPAGES 3.
 */
struct mm_rss_stat___old {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___old {
	struct mm_rss_stat___old rss_stat;
} __attribute__((preserve_access_index));

static __always_inline void ms_mm_rss(struct mm_struct *mm, __u64 *anon, __u64 *file, __u64 *shmem)
{
	struct mm_struct___old *old = (void *)mm;
	long a, f, s;

	if (!mm)
		return;
	if (bpf_core_type_exists(struct mm_rss_stat___old)) {
		f = BPF_CORE_READ(old, rss_stat.count[0].counter);
		a = BPF_CORE_READ(old, rss_stat.count[1].counter);
		s = BPF_CORE_READ(old, rss_stat.count[3].counter);
	} else {
		f = BPF_CORE_READ(mm, rss_stat[0].count);
		a = BPF_CORE_READ(mm, rss_stat[1].count);
		s = BPF_CORE_READ(mm, rss_stat[3].count);
	}
	*anon = a > 0 ? a : 0;
	*file = f > 0 ? f : 0;
	*shmem = s > 0 ? s : 0;
}

/*
 * compact_control::proactive_compaction appeared with proactive compaction
 * in v5.9: commit facdaa917c4d ("mm: proactive compaction"); older kernels
 * never compact proactively.
 */
static __always_inline bool ms_cc_proactive(struct compact_control *cc)
{
	if (!bpf_core_field_exists(cc->proactive_compaction))
		return false;
	return BPF_CORE_READ(cc, proactive_compaction);
}

/*
 * oom_control::constraint moved into the struct in v5.0: commit ef8444ea01d7
 * ("mm, oom: reorganize the oom report in dump_header"); -1 where it is not
 * there.
 */
static __always_inline int ms_oc_constraint(struct oom_control *oc)
{
	if (!bpf_core_field_exists(oc->constraint))
		return -1;
	return BPF_CORE_READ(oc, constraint);
}

/*
 * Integer fields of scan_control whose widths changed: priority (int) and
 * reclaim_idx (enum zone_type) became s8 with "mm: condense scan_control"
 * (Greg Thelen, 2018; linux-mm <20180530061212.84915-1-gthelen@google.com>.
 * TODO: its commit id and release, not confirmable without the kernel's
 * history on this host); nr_to_reclaim is unsigned long. The probed read
 * takes the running kernel's size and signedness.
 */
#define ms_sc_int(sc, field) ((long)BPF_CORE_READ_BITFIELD_PROBED(sc, field))

/*
 * A node's pglist_data from its id without node_data[] (a plain global, not
 * in BTF, not in kallsyms without CONFIG_KALLSYMS_ALL): every memory cgroup
 * has a per-node lruvec that points back at its node,
 * mem_cgroup->nodeinfo[nid]->lruvec.pgdat (CONFIG_MEMCG). lruvec.pgdat came
 * with node-based LRU lists in v4.8: commit 599d0c954f91 ("mm, vmscan: move
 * LRU lists to node"). nodeinfo is the last member of struct mem_cgroup on
 * every kernel (a zero-length array on old ones, a flexible array on new
 * ones): the same layout for BTF, nothing to relocate. The current task's
 * memcg will do (the root one for kswapd). NULL without a memory controller.
 */
static __always_inline struct pglist_data *ms_node_pgdat(int nid)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct cgroup_subsys_state *css = ms_task_memcg_css(t);
	struct mem_cgroup *memcg;

	if (!css || nid < 0 || nid >= 1024)
		return NULL;
	memcg = (void *)css - bpf_core_field_offset(struct mem_cgroup, css);
	return BPF_CORE_READ(memcg, nodeinfo[nid], lruvec.pgdat);
}

/*
 * zone::managed_pages became atomic_long_t in v5.0: commit 9705bea5f833
 * ("mm: convert zone->managed_pages to atomic variable"); before it was
 * unsigned long. Both are one long at the field's offset: read the field's
 * bytes.
 */
static __always_inline long ms_zone_managed(struct zone *z)
{
	long v = 0;

	bpf_core_read(&v, sizeof(v), &z->managed_pages);
	return v;
}

/*
 * The user registers of a task (saved at its entry into the kernel): the
 * stack memo's fingerprint of where a stall came from (bpf/stacks.bpf.h).
 * bpf_task_pt_regs() came in v5.15: commit dd6e10fbd9fb ("bpf: Add
 * bpf_task_pt_regs() helper"); its BTF task pointer needs
 * bpf_get_current_task_btf (5.11, the task storage flavour). Before, or on
 * another architecture: false, and every stall walks its stacks. Kernel
 * threads have no user registers (ip 0): false too.
 */
struct ms_uregs {
	u64 ip, sp, fp, nr;
};

static __always_inline bool ms_user_regs(struct task_struct *t, struct ms_uregs *u)
{
	struct pt_regs *r;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return false;
	r = (struct pt_regs *)bpf_task_pt_regs(t);
#if defined(__TARGET_ARCH_x86)
	u->ip = r->ip;
	u->sp = r->sp;
	u->fp = r->bp;
	u->nr = r->orig_ax; /* syscall number; a fault's error code */
#elif defined(__TARGET_ARCH_arm64)
	u->ip = r->pc;
	u->sp = r->sp;
	u->fp = r->regs[29];
	u->nr = (u64)(s64)r->syscallno; /* NO_SYSCALL (-1): an exception */
#else
	return false;
#endif
	return u->ip != 0;
}

#endif /* MEMSTALL_CORE_FIXES_BPF_H */
