/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory.high throttling (cgroup v2). A task whose charges pushed its memcg
 * (or an ancestor) over memory.high has current->memcg_nr_pages_over_high
 * set; on its way back to user space mem_cgroup_handle_over_high() reclaims
 * (reclaim_high -> try_to_free_mem_cgroup_pages: the memcg reclaim
 * tracepoints fire, once per memcg over its high, each after a memory.events
 * "high" event) and then sleeps a penalty of up to 2 s
 * (schedule_timeout_killable) that no reclaim tracepoint shows.
 *
 * The call is a MS_KIND_HIGH frame: the memcg stalls inside it nest in it
 * (stall_end adds their time to inner_ns, their number to inner_n), and the
 * high stall's latency is the rest: the throttle sleep (plus the little
 * bookkeeping around it). Its scanned/reclaimed are its reclaims' pages.
 *
 * mem_cgroup_handle_over_high is a function in 6.1 (no argument) and 6.12
 * (gfp_t); 6.16+ inlines it into resume_user_mode_work around
 * __mem_cgroup_handle_over_high. Included by memstall.bpf.c.
 */

static __always_inline int high_enter(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	if (!(kinds_mask & (1u << MS_KIND_HIGH)))
		return 0;
	/* the function returns at once when nothing is over high */
	if (!bpf_core_field_exists(t->memcg_nr_pages_over_high) ||
	    !BPF_CORE_READ(t, memcg_nr_pages_over_high))
		return 0;
	return stall_begin(ctx, MS_KIND_HIGH, 0, 0, -1);
}

static __always_inline int high_exit(void *ctx)
{
	struct ms_inflight *rec = inflight_get(false);
	struct ms_frame *f;

	if (!rec || !rec->depth || rec->lost)
		return 0;
	f = frame_at(rec, rec->depth - 1);
	if (!f || f->kind != MS_KIND_HIGH)
		return 0; /* not entered over high (or not wanted) */
	/* the stall is the throttle: the reclaims inside are their own stalls */
	f->start_ns += f->inner_ns;
	return stall_end(ctx, MS_KIND_HIGH, f->reclaimed[0] + f->reclaimed[1]);
}

SEC("fentry/mem_cgroup_handle_over_high")
int BPF_PROG(fe_over_high)
{
	return high_enter(ctx);
}

SEC("fexit/mem_cgroup_handle_over_high")
int BPF_PROG(fx_over_high)
{
	return high_exit(ctx);
}

SEC("kprobe/mem_cgroup_handle_over_high")
int BPF_KPROBE(kp_over_high)
{
	return high_enter(ctx);
}

SEC("kretprobe/mem_cgroup_handle_over_high")
int BPF_KRETPROBE(kr_over_high)
{
	return high_exit(ctx);
}
