/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel filters: -p/-t/-n/-c on the current task (or an OOM victim)
 * and the event kinds asked for (-k). Reads memstall.bpf.c's rodata knobs.
 */
#ifndef MEMSTALL_FILTERS_BPF_H
#define MEMSTALL_FILTERS_BPF_H

static __always_inline bool comm_matches(void)
{
	char comm[MS_COMM_LEN];
	int i;

	bpf_get_current_comm(comm, sizeof(comm));
	for (i = 0; i < MS_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

/* css or one of its ancestors is -c's cgroup: the ancestor at -c's level
 * (any depth), else the parents up to MS_CGROUP_LEVELS (where user space
 * could not know the level: a cgroup namespace's root is not level 0). */
static __always_inline bool cgroup_matches(struct cgroup_subsys_state *css)
{
	int i;

	if (!css)
		return false;
	if (targ_cg_level >= 0 &&
	    ms_cgroup_ancestor_id(BPF_CORE_READ(css, cgroup), targ_cg_level) == targ_cgid)
		return true;
	for (i = 0; i < MS_CGROUP_LEVELS && css; i++) {
		if (ms_css_id(css) == targ_cgid)
			return true;
		css = BPF_CORE_READ(css, parent);
	}
	return false;
}

/*
 * The filters (run in the kernel): -p/-t/-n on the current task; -c on it,
 * or on the victim when there is one (a container's OOM kills are wanted
 * whoever triggered them).
 */
static __always_inline bool wanted_for(struct task_struct *victim)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (targ_tgid && (__u32)(id >> 32) != targ_tgid)
		return false;
	if (targ_tid && (__u32)id != targ_tid)
		return false;
	if (filter_comm && !comm_matches())
		return false;
	if (targ_cgid) {
		struct task_struct *t = (void *)bpf_get_current_task();

		if (!cgroup_matches(ms_task_memcg_css(t)) &&
		    !(victim && cgroup_matches(ms_task_memcg_css(victim))))
			return false;
	}
	return true;
}

/* No filter set (rodata): the verifier drops the call. */
static __always_inline bool task_wanted(void)
{
	if (!targ_tgid && !targ_tid && !filter_comm && !targ_cgid)
		return true;
	return wanted_for(0);
}

static __always_inline bool wants(unsigned int kind)
{
	return kinds_mask & (1u << kind);
}

#endif /* MEMSTALL_FILTERS_BPF_H */
