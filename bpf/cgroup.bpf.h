/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Removed cgroups: cgroup:cgroup_rmdir gives the cgroup and its path as it
 * goes. Those of the memory hierarchy (the one the current task's memcg is
 * in: v1's memory mount or v2's) are kept in cg_gone (id -> path, LRU), so
 * user space names a cgroup that was created and removed between two of its
 * lookups (hist reads its keys at the end). Included by memstall.bpf.c.
 */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct ms_cg_gone);
} cg_gone MS_SHARED SEC(".maps");

/* hist mode by cgroup (hist, top, export): the memory cgroups that stalled
 * (added at a stall, dropped at their removal). Only their removals go to
 * cg_gone, so thousands of other cgroups removed meanwhile do not push out
 * the ones hist will name at the end. Unused otherwise (1 entry). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);
	__type(value, __u8);
} cg_stalled MS_SHARED SEC(".maps");

static __always_inline void cg_note_stalled(__u64 id)
{
	__u8 one = 1;

	if (id && !bpf_map_lookup_elem(&cg_stalled, &id))
		bpf_map_update_elem(&cg_stalled, &id, &one, BPF_NOEXIST);
}

static __always_inline int on_cgroup_rmdir(__u64 *ctx)
{
	struct cgroup *cg = (void *)ctx[0];
	struct cgroup_subsys_state *css;
	struct ms_cg_gone v = {};
	__u64 id;

	if (test_reject) /* beyond the tracepoint's two arguments */
		return ((volatile __u64 *)ctx)[64];
	css = ms_task_memcg_css((void *)bpf_get_current_task());
	if (!css || BPF_CORE_READ(css, cgroup, root) != BPF_CORE_READ(cg, root))
		return 0; /* another hierarchy (v1) or no memcg */
	id = ms_kernfs_id(BPF_CORE_READ(cg, kn));
	if (hist_mode && (hist_by & MS_BY_CGROUP)) {
		if (!bpf_map_lookup_elem(&cg_stalled, &id))
			return 0; /* never stalled: hist will not name it */
		bpf_map_delete_elem(&cg_stalled, &id);
	}
	if (bpf_probe_read_kernel_str(v.path, sizeof(v.path), (void *)ctx[1]) <= 0)
		return 0;
	bpf_map_update_elem(&cg_gone, &id, &v, BPF_ANY);
	return 0;
}
