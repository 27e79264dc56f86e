// SPDX-License-Identifier: GPL-2.0
/*
 * What the parts of a hist-mode handler cost (bench/RESULTS.md, "BPF cost per
 * event"): one program per building block, all on the same tracepoint (memcg
 * reclaim begin), so one workload run measures each under the same events.
 * `make .output/bench-micro.bpf.o .output/bench-empty`, then
 *   flock /tmp/memstall-test.lock python3 bench/progs.py 3 -- \
 *       .output/bench-empty .output/bench-micro.bpf.o
 */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "memstall.h"
#include "core_fixes.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define TP "tp_btf/mm_vmscan_memcg_reclaim_begin"

struct big {
	__u64 a[128]; /* about the size of struct ms_inflight */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct big);
} ts SEC(".maps");

#define PHASH(name, n)                                  \
	struct k_##name {                               \
		__u64 w[n];                             \
	};                                              \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_PERCPU_HASH); \
		__uint(map_flags, BPF_F_NO_PREALLOC);   \
		__uint(max_entries, MS_HIST_MAX_KEYS);  \
		__type(key, struct k_##name);           \
		__type(value, struct ms_hval);          \
	} name SEC(".maps")

PHASH(h64, 8);
PHASH(h32, 4);
PHASH(h24, 3);
PHASH(h16, 2);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct ms_hval);
} arr SEC(".maps");

static const struct ms_hval zero;

SEC(TP) int m00_empty(void *ctx)
{
	return 0;
}

SEC(TP) int m01_pid_tgid(void *ctx)
{
	return (int)bpf_get_current_pid_tgid() == 1;
}

SEC(TP) int m02_ktime(void *ctx)
{
	return bpf_ktime_get_ns() == 1;
}

SEC(TP) int m03_comm(void *ctx)
{
	char c[16];

	bpf_get_current_comm(c, sizeof(c));
	return c[0] == 1;
}

/* the same bytes read in place through the task's BTF pointer */
SEC(TP) int m08_comm_direct(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return (*(__u64 *)&t->comm[0] ^ *(__u64 *)&t->comm[8]) == 1;
}

SEC(TP) int m04_ts_get(void *ctx)
{
	return bpf_task_storage_get(&ts, bpf_get_current_task_btf(), 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE) != 0;
}

SEC(TP) int m05_memcg_id(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	return ms_css_id(ms_task_memcg_css(t)) == 1;
}

SEC(TP) int m06_memcg_id_btf(void *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	int idx = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	struct cgroup_subsys_state *css;

	if (idx < 0 || idx >= 16)
		return 0;
	css = t->cgroups->subsys[idx];
	return css && css->cgroup->kn->id == 1;
}

static __noinline int sub(int x)
{
	return x + 1;
}

SEC(TP) int m07_subprog(void *ctx)
{
	return sub((int)bpf_get_smp_processor_id()) == 3;
}

#define LOOKUP(name, n)                                           \
	SEC(TP) int m1_##name(void *ctx)                          \
	{                                                         \
		struct k_##name k = {};                           \
		struct ms_hval *v;                                \
                                                                  \
		k.w[0] = 1;                                       \
		k.w[n - 1] |= 2;                                  \
		v = bpf_map_lookup_elem(&name, &k);               \
		if (!v) {                                         \
			bpf_map_update_elem(&name, &k, &zero, 0); \
			return 0;                                 \
		}                                                 \
		v->count++;                                       \
		return 0;                                         \
	}

LOOKUP(h64, 8)
LOOKUP(h32, 4)
LOOKUP(h24, 3)
LOOKUP(h16, 2)

SEC(TP) int m20_array(void *ctx)
{
	__u32 k = 3;
	struct ms_hval *v = bpf_map_lookup_elem(&arr, &k);

	if (v)
		v->count++;
	return 0;
}

/* the value update hist_add does, on a per-CPU array slot */
SEC(TP) int m21_value_update(void *ctx)
{
	__u32 k = 4, slot;
	__u64 lat = bpf_ktime_get_ns() & 0xfffff;
	struct ms_hval *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return 0;
	v->count++;
	v->total_ns += lat;
	if (lat > v->max_ns)
		v->max_ns = lat;
	v->scanned += 5;
	v->reclaimed += 7;
	slot = ms_hist_slot(lat);
	barrier_var(slot);
	if (slot < MS_HIST_SLOTS)
		v->slots[slot]++;
	return 0;
}

/* comm into a 24-byte key and a lookup: the --by comm end path's map part */
SEC(TP) int m22_comm_h24(void *ctx)
{
	struct k_h24 k = {};
	struct ms_hval *v;

	bpf_get_current_comm(&k.w[1], 16);
	k.w[0] = 1;
	v = bpf_map_lookup_elem(&h24, &k);
	if (!v) {
		bpf_map_update_elem(&h24, &k, &zero, 0);
		return 0;
	}
	v->count++;
	return 0;
}
