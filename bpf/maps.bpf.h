/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall.bpf.c's maps: the tasks' in-flight records (task storage or hash
 * by tid) and their spare pool, the ring/perf buffers, the histograms and
 * their per-CPU fast path, per-node scan totals, OOM victims, counters.
 * Part of the one BPF object: included by memstall.bpf.c after its rodata
 * knobs, never built on its own.
 */
#ifndef MEMSTALL_MAPS_BPF_H
#define MEMSTALL_MAPS_BPF_H

static const struct ms_inflight zero_inflight;

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ms_inflight);
} inflight MS_SHARED SEC(".maps"); /* user space turns it into a hash by tid if needed */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events MS_SHARED SEC(".maps");

/* The per-CPU stall rings (memstall.h struct ms_pring_hdr): user space sets
 * one element per CPU and its size; a stub where they are not used. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 4096);
} stall_rings MS_SHARED SEC(".maps");

/* OOM kills only (ev_reserve_kill): a full events buffer never loses one */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} kills MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, MS_HIST_MAX_KEYS);
	/* no BTF key type: user space sets the key size to the prefix of
	 * struct ms_hkey the chosen dimensions use (ms_hkey_size) */
	__uint(key_size, sizeof(struct ms_hkey));
	__type(value, struct ms_hval);
} hists MS_SHARED SEC(".maps");

static const struct ms_hval zero_hval;

/* Stalls whose key found no room (hists full): per kind, so their time is
 * never lost (export folds them into the kind's "other" series). Touched
 * only when hists refuses a key. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * MS_KIND_MAX); /* per generation (ms_hkey.gen) */
	__type(key, __u32);
	__type(value, struct ms_hval);
} hist_lost MS_SHARED SEC(".maps");

/* Compaction runs by node, zone, result and source (export: count_compact) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MS_CKEY_MAX);
	__type(key, struct ms_ckey);
	__type(value, __u64);
} compact_runs MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MS_NODE_SCAN_MAX);
	__type(key, __u32);
	__type(value, struct ms_node_scan);
} node_scan MS_SHARED SEC(".maps");

/* hist's per-CPU fast path in front of hists (see MS_HCACHE_SLOTS) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * MS_HCACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct ms_hcache_ent);
} hcache MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} hcache_half MS_SHARED SEC(".maps"); /* bit 0: the half of hcache written now; bit 1: the stacks
			      * generation (ms_skey.gen, record --stacks); user space flips them */

/* Stacks by id (stacks mode, snoop --stacks, oom): user space sets 1 entry
 * when no stack is wanted. */
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, MS_STACK_IDS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MS_STACK_DEPTH * sizeof(__u64));
} stack_traces MS_SHARED SEC(".maps");

/* memstall stacks: stall time by (kind, stacks, dimension) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, MS_STACKS_MAX_KEYS);
	__type(key, struct ms_skey);
	__type(value, struct ms_sval);
} stacks MS_SHARED SEC(".maps");

/* OOM victims (tid -> kill time) until they exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} victims MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MS_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters MS_SHARED SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ms_event);
} scratch MS_SHARED SEC(".maps"); /* perf-buffer path builds the event here */

/*
 * Records for tasks whose own could not be allocated: a stall begins when
 * memory is short, and task storage (or the hash fallback) allocates with
 * GFP_ATOMIC, which fails under the pressure memstall is there to watch
 * (seen in the VM suite: a forking shell under heavy reclaim). This hash is
 * preallocated at load; a record lives here until its task's outermost stall
 * ends (or the task exits).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MS_SPARE_RECORDS);
	__type(key, __u32);
	__type(value, struct ms_inflight);
} inflight_spare MS_SHARED SEC(".maps");

/* records in inflight_spare now: while 0, nobody looks there */
MS_SHARED volatile __u32 spare_used = 0;

/* Task renames (task:task_rename, output.bpf.h): how many, the time of the
 * last, and whether the hook is attached (set by user space once it is):
 * records keep their task's pid, tid and comm only then. */
MS_SHARED volatile __u64 names_gen = 0;
MS_SHARED volatile __u64 names_gen_ns = 0;
MS_SHARED volatile __u32 names_hooked = 0;
/* Tasks moved between cgroups (cgroup:cgroup_attach_task and
 * cgroup_transfer_tasks, output.bpf.h) and whether both hooks are attached:
 * records keep their task's memory cgroup between reads only then. */
MS_SHARED volatile __u64 cgroups_gen = 0;
MS_SHARED volatile __u32 cgroups_hooked = 0;

static __always_inline void count(enum ms_counter c)
{
	__u32 key = c;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	if (v)
		*v += 1;
}

#endif /* MEMSTALL_MAPS_BPF_H */
