/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace OOM killers (systemd-oomd, oomd, earlyoom, nohang, lmkd,
 * kubelet; more with --killer NAME): their kills are plain SIGKILLs, which
 * the kernel's OOM hooks never see. signal:signal_generate runs in the
 * sender's context: a SIGKILL the kernel delivered, sent by a task whose
 * comm is in the killers map, is a userspace OOM kill. Included once by
 * memstall.bpf.c after its helpers and MS_TP.
 */
#ifndef MS_KILLER_BPF_H
#define MS_KILLER_BPF_H

#define MS_SIGKILL 9
#define MS_TRACE_SIGNAL_DELIVERED 0 /* enum trace_signal_result (signal.h) */

/* comm of a userspace killer -> 1; filled by user space before attach */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, char[MS_COMM_LEN]);
	__type(value, __u8);
} killers MS_SHARED SEC(".maps");

/* (int sig, struct kernel_siginfo *info, struct task_struct *task, int group,
 *  int result): the tracepoint's arguments since 3.5 (6c303d3ab39e) */
static __always_inline int on_signal_generate(__u64 *ctx)
{
	struct task_struct *victim = (void *)ctx[2];
	char comm[MS_COMM_LEN] = {};
	struct ms_event *e;

	if ((int)ctx[0] != MS_SIGKILL || (int)ctx[4] != MS_TRACE_SIGNAL_DELIVERED ||
	    !wants(MS_KIND_OOM))
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	if (!bpf_map_lookup_elem(&killers, comm) || !wanted_for(victim))
		return 0;
	e = ev_reserve_kill();
	if (!e)
		return 0;
	ev_header(e, MS_EV_UKILL, bpf_ktime_get_ns());
	__builtin_memset(&e->oom, 0, sizeof(e->oom));
	e->oom.victim_is_task = 1;
	e->oom.victim_pid = BPF_CORE_READ(victim, tgid);
	e->oom.victim_tid = BPF_CORE_READ(victim, pid);
	BPF_CORE_READ_STR_INTO(&e->oom.victim_comm, victim, comm);
	e->oom.victim_cgroup_id = ms_css_id(ms_task_memcg_css(victim));
	e->oom.oom_score_adj = BPF_CORE_READ(victim, signal, oom_score_adj);
	ms_mm_rss(BPF_CORE_READ(victim, mm), &e->oom.rss_kb[0], &e->oom.rss_kb[1],
		  &e->oom.rss_kb[2]);
	e->oom.rss_kb[0] <<= 2; /* pages -> kB (4 KiB pages) */
	e->oom.rss_kb[1] <<= 2;
	e->oom.rss_kb[2] <<= 2;
	e->oom.constraint = (int)ctx[3]; /* group: the whole process */
	ev_submit(ctx, e);
	return 0;
}

MS_TP(signal_generate, on_signal_generate(ctx))

#endif
