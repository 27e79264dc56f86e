/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The current task's comm, kswapd flag and memory cgroup id, read through
 * BTF pointers where the attach flavour has them (the hot paths' cheap
 * reads), else through probe reads.
 */
#ifndef MEMSTALL_CURRENT_BPF_H
#define MEMSTALL_CURRENT_BPF_H

/* current->comm as bpf_get_current_comm() gives it (NUL-padded), read in
 * place where the task's BTF pointer is there (task storage implies 5.11+
 * and bpf_get_current_task_btf): no helper call, no byte-wise copy. */
static __always_inline void current_comm(char *comm)
{
	__u64 w0, w1, z;

	if (!use_task_storage) {
		bpf_get_current_comm(comm, MS_COMM_LEN);
		return;
	}
	struct task_struct *t = bpf_get_current_task_btf();

	w0 = *(__u64 *)&t->comm[0];
	w1 = *(__u64 *)&t->comm[8];
	/* kernels before strscpy_pad in __set_task_comm may leave bytes of an
	 * older name after the NUL: clear them (lowest zero byte, exactly) */
	z = (w0 - 0x0101010101010101ULL) & ~w0 & 0x8080808080808080ULL;
	if (z) {
		w0 &= ((z & -z) >> 7) - 1;
		w1 = 0;
	} else {
		z = (w1 - 0x0101010101010101ULL) & ~w1 & 0x8080808080808080ULL;
		if (z)
			w1 &= ((z & -z) >> 7) - 1;
	}
	((__u64 *)comm)[0] = w0;
	((__u64 *)comm)[1] = w1;
}

#define MS_PF_KSWAPD_TASK 0x00020000 /* task_struct::flags PF_KSWAPD */

/* Is the current task kswapd? Read through BTF where the flavour allows
 * (as current_comm), else probed. */
static __always_inline bool current_is_kswapd(void)
{
	if (use_task_storage)
		return bpf_get_current_task_btf()->flags & MS_PF_KSWAPD_TASK;
	struct task_struct *t = (void *)bpf_get_current_task();

	return BPF_CORE_READ(t, flags) & MS_PF_KSWAPD_TASK;
}

/* The current task's memory cgroup id, through BTF pointers where there
 * are (5.11+: kernfs ids are u64 there) rather than a probe read a level. */
static __always_inline __u64 current_memcg_id(void)
{
	struct cgroup_subsys_state *css;
	struct task_struct *t;
	int idx;

	if (!use_task_storage)
		return ms_css_id(ms_task_memcg_css((void *)bpf_get_current_task()));
	idx = ms_memcg_subsys_idx();
	if (idx < 0)
		return 0;
	t = bpf_get_current_task_btf();
	css = t->cgroups->subsys[idx];
	if (!css)
		return 0;
	return css->cgroup->kn->id;
}

#endif /* MEMSTALL_CURRENT_BPF_H */
