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
} cg_gone SEC(".maps");

static __noinline int on_cgroup_rmdir(__u64 *ctx)
{
	struct cgroup *cg = (void *)ctx[0];
	struct cgroup_subsys_state *css;
	struct ms_cg_gone v = {};
	__u64 id;

	css = ms_task_memcg_css((void *)bpf_get_current_task());
	if (!css || BPF_CORE_READ(css, cgroup, root) != BPF_CORE_READ(cg, root))
		return 0; /* another hierarchy (v1) or no memcg */
	id = ms_kernfs_id(BPF_CORE_READ(cg, kn));
	if (bpf_probe_read_kernel_str(v.path, sizeof(v.path), (void *)ctx[1]) <= 0)
		return 0;
	bpf_map_update_elem(&cg_gone, &id, &v, BPF_ANY);
	return 0;
}
