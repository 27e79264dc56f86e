/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the BPF object and user space. Everything that crosses the
 * kernel/user boundary (ring-buffer records, map values, rodata knobs) is
 * declared here once.
 */
#ifndef MEMSTALL_H
#define MEMSTALL_H

#define MS_COMM_LEN 16
#define MS_MAX_DEPTH 4 /* nested stalls per task (power of two: BPF masks the index) */
#define MS_MAX_NODES 8 /* per-node counters kept for nodes 0..7 */
#define MS_CGROUP_LEVELS 16 /* ancestors walked for the cgroup filter */
#define MS_SPARE_RECORDS 128 /* preallocated in-flight records (see inflight_get) */

/* Event kinds. Bit i of a kinds mask selects kind i. */
enum ms_kind {
	MS_KIND_DIRECT = 0, /* global direct reclaim */
	MS_KIND_MEMCG = 1, /* memcg limit reclaim */
	MS_KIND_SOFTLIMIT = 2, /* memcg soft-limit reclaim */
	MS_KIND_NODE = 3, /* node reclaim (zone_reclaim_mode) */
	MS_KIND_COMPACT = 4, /* compaction (direct, kcompactd, proactive, manual) */
	MS_KIND_OOM = 5, /* OOM kills */
	MS_KIND_KSWAPD = 6, /* kswapd's shrink_node passes (background reclaim, not a stall) */
	MS_KIND_HIGH = 7, /* memory.high throttling: the penalty sleep of
			   * mem_cgroup_handle_over_high (its reclaim: nested memcg stalls) */
	MS_KIND_MAX,
};

#define MS_KINDS_ALL ((1u << MS_KIND_MAX) - 1)
#define MS_KINDS_RECLAIM ((1u << MS_KIND_COMPACT) - 1)
/* kinds whose hooks include the LRU shrink tracepoints */
#define MS_KINDS_LRU (MS_KINDS_RECLAIM | (1u << MS_KIND_KSWAPD))

/* Record types in the event stream. */
enum ms_ev_type {
	MS_EV_STALL = 1, /* a finished reclaim stall */
	MS_EV_COMPACT_ZONE, /* one compact_zone() run */
	MS_EV_COMPACT_EPISODE, /* one direct compaction (try_to_compact_pages) */
	MS_EV_OOM, /* an OOM kill (oom:mark_victim) */
	MS_EV_RECLAIM_RETRY, /* oom:reclaim_retry_zone */
	MS_EV_COMPACT_RETRY, /* oom:compact_retry */
	MS_EV_REAP, /* oom reaper progress on a victim */
	MS_EV_PASS, /* one shrink_node pass (observed or derived) */
	MS_EV_UKILL, /* a SIGKILL sent by a userspace OOM killer (struct ms_oom, header = killer) */
};

/* Who compacted. */
enum ms_csrc {
	MS_CSRC_DIRECT = 0, /* an allocating task (try_to_compact_pages) */
	MS_CSRC_KCOMPACTD, /* kcompactd woken for an order */
	MS_CSRC_PROACTIVE, /* kcompactd's proactive compaction */
	MS_CSRC_MANUAL, /* /proc/sys/vm/compact_memory or nodeN/compact */
};

enum ms_reap_what {
	MS_REAP_WAKE = 0,
	MS_REAP_START,
	MS_REAP_FINISH,
	MS_REAP_SKIP,
	MS_REAP_EXIT, /* the victim thread exited (sched_process_exit) */
};

#define MS_FREE_ORDERS 11 /* free_area[] entries sent (x86: MAX_PAGE_ORDER 10) */
#define MS_NO_PRIO 99 /* no priority seen */

/* Event flags. */
#define MS_EVF_NESTED 0x1 /* stall began while another was open */
#define MS_EVF_TRUNCATED 0x2 /* nesting deeper than MS_MAX_DEPTH */
#define MS_EVF_PASSES 0x4 /* nr_passes/min_prio observed by shrink_node probe */
#define MS_EVF_PASSES_DERIVED 0x8 /* nr_passes counted from LRU shrink events */
#define MS_EVF_EVIDENCE 0x10 /* ev: node state at the stall's first anon scan */

/* Pass flags. */
#define MS_PF_OBSERVED 0x1 /* shrink_node entry and exit probed */
#define MS_PF_KSWAPD 0x2 /* run by kswapd */
#define MS_PF_EVIDENCE 0x4 /* ev is valid */
#define MS_PF_TARGETS 0x8 /* targets[] from get_scan_count (probed) */

/*
 * In-kernel latency histograms (memstall hist): log-linear slots, 4 per power
 * of two (slot width <= 25% of its value, so a midpoint estimate is within
 * 12.5%). Slots 0..3 hold 0..3 ns exactly; slot s >= 4 holds
 * [(4 + s % 4) << (s / 4 - 1), (5 + s % 4) << (s / 4 - 1)).
 */
#define MS_HIST_SLOTS 160 /* up to 2^41 ns (~36 min) */
#define MS_HIST_MAX_KEYS 8192

/* What a histogram is keyed by, besides the kind (bit per dimension). */
enum ms_by {
	MS_BY_TID = 1u << 0,
	MS_BY_TGID = 1u << 1,
	MS_BY_COMM = 1u << 2,
	MS_BY_CGROUP = 1u << 3,
	MS_BY_NODE = 1u << 4,
	MS_BY_ZONE = 1u << 5,
	MS_BY_ORDER = 1u << 6,
	MS_BY_GFP = 1u << 7, /* raw gfp; user space groups it into classes */
	MS_BY_LRU = 1u << 8, /* LRU lists scanned: enum ms_lru_class */
};

/* What a stall or pass scanned (hist --by lru). */
enum ms_lru_class {
	MS_LRU_NONE = 0, /* no LRU page scanned */
	MS_LRU_ANON = 1, /* anonymous pages only */
	MS_LRU_FILE = 2, /* page cache only */
	MS_LRU_BOTH = 3,
};

static inline unsigned int ms_lru_class(unsigned long long anon, unsigned long long file)
{
	return (anon ? MS_LRU_ANON : 0) | (file ? MS_LRU_FILE : 0);
}

/*
 * A histogram's key. The map's key is a prefix of it: user space sets the
 * map's key size at load to the end of the last word the chosen dimensions
 * use (ms_hkey_size, a multiple of 8), so the kernel hashes and compares 8
 * bytes for kind alone, 32 for --by comm, 40 for top's keys, and never the
 * unused tail. Fields are ordered by how often they are chosen; unchosen
 * ones are 0.
 */
struct ms_hkey {
	unsigned char kind;
	unsigned char lru; /* MS_BY_LRU: 0 none, 1 anon, 2 file, 3 both */
	signed char order;
	unsigned char gen; /* the half of hcache_half when added (user space: 0) */
	short node; /* -1: no node */
	unsigned short pad1;
	unsigned int gfp; /* raw gfp_t (32 bits on every kernel) */
	unsigned int tgid;
	char comm[MS_COMM_LEN]; /* NUL-padded */
	unsigned long long cgroup;
	unsigned int tid;
	unsigned int pad2;
	char zone[8]; /* compaction: zone->name */
};

/*
 * hist's fast path, in front of the hash map: per CPU, a direct-mapped table
 * of MS_HCACHE_SLOTS entries (slot: a multiplicative hash of the key's
 * words; all 7 are compared, unchosen ones are 0). A stall whose key owns
 * its slot, or finds it free (count 0), is added there: one array access,
 * no kernel hashing, no bucket walk. Keys that collide go to the hash map.
 * The table has two halves; BPF writes the one hcache_half selects, so user
 * space can flip it, wait for programs still in the old half, then read and
 * clear the old half at leisure. User space merges entries and hash keys
 * (the entry's key, cut to the map's key size, is the same key).
 */
#define MS_HCACHE_BITS 3
#define MS_HCACHE_SLOTS (1u << MS_HCACHE_BITS)

/* Bytes of struct ms_hkey in the map's key for an enum ms_by mask. */
static inline unsigned int ms_hkey_size(unsigned int by)
{
	if (by & MS_BY_ZONE)
		return 56;
	if (by & MS_BY_TID)
		return 48;
	if (by & MS_BY_CGROUP)
		return 40;
	if (by & MS_BY_COMM)
		return 32;
	if (by & (MS_BY_TGID | MS_BY_GFP))
		return 16;
	return 8; /* kind, lru, order, node */
}

struct ms_hval {
	unsigned long long count;
	unsigned long long total_ns;
	unsigned long long max_ns;
	unsigned long long scanned;
	unsigned long long reclaimed;
	unsigned int slots[MS_HIST_SLOTS];
};

struct ms_hcache_ent {
	struct ms_hkey key; /* whole, not cut to the map's key size */
	struct ms_hval v; /* free while v.count is 0 */
};

/* Compaction runs counted in the kernel (memstall export): one per
 * mm_compaction_end, by node, zone, result (enum compact_result of the
 * running kernel) and source (enum ms_csrc). Value: a per-CPU __u64. */
struct ms_ckey {
	int node;
	int status;
	unsigned int src;
	char zone[8];
	unsigned int pad; /* 0 */
};

#define MS_CKEY_MAX 1024

/* Index of the highest set bit (0 for 0 and 1). No branches: each step's
 * bit b is 1 when the top half t (t < 2^k) is non-zero, as (t + 2^k - 1)
 * >> k. In BPF the verifier then walks it once, where a binary search of
 * branches gave it a path per result (64; each stall's histogram slot). */
static inline unsigned int ms_log2(unsigned long long v)
{
	unsigned long long b, r = 0;

	b = ((v >> 32) + 0xffffffffull) >> 32;
	r += b << 5;
	v >>= b << 5;
	b = ((v >> 16) + 0xffffull) >> 16;
	r += b << 4;
	v >>= b << 4;
	b = ((v >> 8) + 0xffull) >> 8;
	r += b << 3;
	v >>= b << 3;
	b = ((v >> 4) + 0xfull) >> 4;
	r += b << 2;
	v >>= b << 2;
	b = ((v >> 2) + 0x3ull) >> 2;
	r += b << 1;
	v >>= b << 1;
	r += v >> 1;
	return (unsigned int)r;
}

static inline unsigned int ms_hist_slot(unsigned long long v)
{
	unsigned int p, s;

	if (v < 4)
		return (unsigned int)v;
	p = ms_log2(v);
	s = 4 * (p - 1) + (unsigned int)((v >> (p - 2)) & 3);
	return s < MS_HIST_SLOTS ? s : MS_HIST_SLOTS - 1;
}

/* Pages scanned and reclaimed from a node's inactive lists, by everyone
 * (stalled tasks and kswapd), per CPU (memstall top's node view). */
#define MS_NODE_SCAN_MAX 64
struct ms_node_scan {
	unsigned long long scanned[2]; /* [0] anon, [1] file */
	unsigned long long reclaimed[2];
	unsigned long long kswapd_scanned[2]; /* the part kswapd did */
	unsigned long long kswapd_reclaimed[2];
};

/* Counters kept in a per-CPU array (index = enum ms_counter). */
enum ms_counter {
	MS_CNT_EVENTS = 0, /* hist mode: stalls (and kswapd passes) that reached a
			    * histogram or overflowed (hist_add); events sent are
			    * not counted (user space counts those it reads) */
	MS_CNT_DROPS, /* ring/perf buffer full */
	MS_CNT_FILTERED, /* stalls ended but filtered (min_us) */
	MS_CNT_ORPHAN_END, /* end without begin (tracer started mid-stall) */
	MS_CNT_DEPTH, /* nesting deeper than MS_MAX_DEPTH */
	MS_CNT_NOSTORE, /* in-flight record could not be allocated */
	MS_CNT_HIST_OVERFLOW, /* histogram keys beyond MS_HIST_MAX_KEYS */
	MS_CNT_OOM_KILLS, /* OOM kills seen (counted in every mode) */
	MS_CNT_SPARE, /* records taken from the preallocated spare pool */
	MS_CNT_KILL_DROPS, /* OOM kills lost: their own ring buffer was full */
	MS_CNT_STACK_COLLISION, /* stack ids lost to a stack_traces hash collision (-EEXIST) */
	MS_CNT_STACK_FAIL, /* stacks not captured otherwise (map full, no user stack) */
	MS_CNT_STACKS_OVERFLOW, /* memstall stacks: keys beyond MS_STACKS_MAX_KEYS */
	MS_CNT_STACK_WALK, /* stack captures that walked the stack(s) (bpf_get_stackid) */
	MS_CNT_STACK_REUSE, /* stack captures that reused the task's last walk (stack memo) */
	MS_CNT_MAX,
};

/*
 * A node's state when reclaim first scanned anonymous pages in a stall or
 * pass: what get_scan_count()/prepare_scan_count() compare (seed 004: with
 * file + free <= the zones' high watermarks, global reclaim scans anon even
 * at swappiness 0).
 */
struct ms_node_ev {
	unsigned long long free; /* NR_FREE_PAGES over the node's zones */
	unsigned long long file; /* NR_ACTIVE_FILE + NR_INACTIVE_FILE */
	unsigned long long high; /* sum of managed zones' high watermarks (+boost) */
	unsigned long long inactive_anon; /* NR_INACTIVE_ANON */
	int nid;
	int prio; /* reclaim priority of that scan */
};

/* One open stall (a frame of the per-task in-flight record). */
struct ms_frame {
	unsigned long long start_ns;
	unsigned long long gfp;
	unsigned long long scanned[2]; /* [0] anon, [1] file (inactive lists) */
	unsigned long long reclaimed[2];
	int order;
	int nid; /* node reclaim: target node; else -1 */
	unsigned int kind;
	unsigned int flags;
	/* hist reads the fields above and nodes_mask: one cache line */
	unsigned long long nodes_mask; /* nodes that were scanned (bit = nid) */
	unsigned long long active_taken; /* pages taken off active lists */
	unsigned int node_scanned[MS_MAX_NODES];
	unsigned int node_reclaimed[MS_MAX_NODES];
	unsigned int nr_passes; /* shrink_node passes (observed or derived, see flags) */
	int min_prio; /* lowest reclaim priority seen (harder = lower) */
	unsigned long long inner_ns; /* time in stalls nested in this one */
	unsigned int inner_n; /* how many (high: its memcg reclaims) */
	int kstack; /* stacks mode, snoop --stacks: stack_traces id, < 0: none */
	int ustack; /* the same for the user stack (--user) */
	unsigned int pad;
	/* last: a stall without evidence is sent without it (MS_EV_SIZE_STALL_SHORT) */
	struct ms_node_ev ev; /* MS_EVF_EVIDENCE */
};

/*
 * One shrink_node() pass. Observed: between fentry/kprobe and fexit/
 * kretprobe of shrink_node. Derived (shrink_node not probeable): a run of
 * LRU shrink events of one task with the same node and priority; it starts
 * where the task's previous pass (or its stall) did and ends at its last
 * LRU event.
 */
struct ms_pass {
	unsigned long long start_ns;
	unsigned long long nr_to_reclaim; /* observed */
	unsigned long long sc_scanned; /* observed: scan_control nr_scanned delta */
	unsigned long long sc_reclaimed; /* observed: nr_reclaimed delta */
	unsigned long long scanned[2]; /* inactive lists: [0] anon, [1] file */
	unsigned long long reclaimed[2];
	unsigned long long active_taken; /* pages taken off the active lists */
	unsigned long long targets[4]; /* get_scan_count nr[]: inactive/active anon, file */
	unsigned long long memcg_id; /* observed: sc->target_mem_cgroup, 0 = global */
	struct ms_node_ev ev; /* MS_PF_EVIDENCE */
	int nid;
	int prio;
	int reclaim_idx; /* observed: highest zone index, else -1 */
	int stall_kind; /* enum ms_kind of the stall it ran in, -1: none */
	unsigned int flags; /* MS_PF_* */
	unsigned int nevents; /* LRU shrink events in the pass */
};

/* One compact_zone() run, as seen at mm_compaction_begin/_end. */
struct ms_compact_zone {
	unsigned long long gfp;
	unsigned long long episode; /* direct: the episode it belongs to, else 0 */
	unsigned long long free; /* NR_FREE_PAGES at begin */
	unsigned long long wmark[3]; /* min, low, high (pages, without boost) */
	unsigned long long boost;
	unsigned int nr_free[MS_FREE_ORDERS]; /* free blocks per order at begin */
	unsigned int norders;
	int order; /* -1: whole zone (manual, proactive) */
	int node;
	int prio; /* direct: compact priority, else -1 */
	int status; /* enum compact_result from _end */
	unsigned int src; /* enum ms_csrc */
	unsigned int mode; /* enum migrate_mode */
	unsigned int sync;
	unsigned int whole_zone;
	char zone[8]; /* zone->name */
};

/* One direct compaction episode (try_to_compact_pages). */
struct ms_compact_episode {
	unsigned long long gfp;
	unsigned long long id;
	unsigned long long zone_ns; /* time inside compact_zone() runs */
	int order;
	int prio;
	int result; /* enum compact_result (the function's return when exact) */
	unsigned int exact; /* 1: end seen by fexit/kretprobe; 0: derived */
	unsigned int nzones; /* zones compacted */
	unsigned int ndeferred; /* zones skipped as deferred */
	unsigned int nskipped; /* zones found unsuitable */
	unsigned int pad;
};

struct ms_oom {
	unsigned long long victim_cgroup_id;
	unsigned long long rss_kb[3]; /* anon, file, shmem */
	unsigned long long memcg_id; /* OOM domain's memcg, 0 = global (have_oc) */
	unsigned long long gfp; /* have_oc */
	unsigned long long totalpages; /* size of the OOM domain (have_oc) */
	long long chosen_points; /* have_oc */
	unsigned int victim_pid; /* tgid */
	unsigned int victim_tid;
	unsigned int uid;
	int oom_score_adj;
	int order; /* have_oc */
	int constraint; /* enum oom_constraint (have_oc) */
	unsigned int have_oc; /* oom_kill_process was probed */
	unsigned int victim_is_task; /* mark_victim gave a task (not only a pid) */
	char victim_comm[MS_COMM_LEN];
	int kstack; /* the trigger's allocation stack (stack_traces id), < 0: none */
	int pad;
};

struct ms_retry {
	unsigned long long reclaimable; /* reclaim retry: per zone */
	unsigned long long available;
	unsigned long long min_wmark;
	int order;
	int node;
	int zone_idx;
	int loops; /* no_progress_loops / compaction retries */
	int max_retries; /* compact retry */
	int prio; /* compact retry */
	int result; /* compact retry: enum compact_result */
	int ret; /* decision: retry (1) or not (0); reclaim: wmark_check */
};

struct ms_reap {
	unsigned int what; /* enum ms_reap_what */
	unsigned int pid;
};

/* A removed cgroup of the memory hierarchy (cgroup:cgroup_rmdir): its path
 * as the kernel gave it, relative to the hierarchy's root ("/a/b"). */
struct ms_cg_gone {
	char path[256];
};

/*
 * memstall stacks: stall time aggregated in the kernel by stack. The stacks
 * themselves live in a BPF_MAP_TYPE_STACK_TRACE map (ids); the per-CPU hash
 * `stacks` adds each ended stall to (kind, kernel stack, user stack,
 * dimension). Unchosen dimension fields are 0.
 */
#define MS_STACK_DEPTH 127 /* frames kept per stack (PERF_MAX_STACK_DEPTH) */
#define MS_STACK_IDS 16384 /* distinct stacks (stack_traces entries) */
#define MS_STACKS_MAX_KEYS 16384

struct ms_skey {
	unsigned short kind;
	/* record --stacks: the generation (bit 1 of hcache_half) when added, so
	 * that stacks.jsonl and hist.jsonl are cut at the same flip; else 0 */
	unsigned short gen;
	int kstack; /* stack_traces id, < 0: not captured */
	int ustack; /* < 0: not asked for or not captured */
	unsigned int tgid; /* by pid, or user stacks (their symbols are per process) */
	unsigned long long cgroup; /* by cgroup: memcg id */
	char comm[MS_COMM_LEN]; /* by comm (and with user stacks) */
};

struct ms_sval {
	unsigned long long count;
	unsigned long long total_ns;
};

/*
 * The stacks a task's last walk found for one stall kind, with the cheap
 * fingerprint of where the task entered the kernel: its user registers
 * (instruction and stack pointer, frame pointer, syscall number or fault
 * code) and the stall's nesting depth. A stall of that kind beginning with
 * the same fingerprint reuses the ids instead of walking the stacks again,
 * up to stack_rewalk - 1 times in a row and for stack_rewalk_ns after the
 * walk (bpf/stacks.bpf.h).
 */
#define MS_STACK_MEMOS (MS_KIND_COMPACT + 1) /* reclaim kinds and compaction */
/* default: a walk after 255 reuses or 100 ms, whichever comes first (a cold
 * walk costs ~100x a reuse: bench/RESULTS.md) */
#define MS_STACK_REWALK 256
#define MS_STACK_REWALK_NS 100000000ull
struct ms_stack_memo {
	unsigned long long ip;
	unsigned long long sp;
	unsigned long long fp;
	unsigned long long nr;
	unsigned long long walk_ns; /* when it was walked */
	int kstack;
	int ustack;
	unsigned int depth;
	unsigned int uses; /* reuses since the walk */
	unsigned int epoch; /* stack_epoch at the walk (0: empty) */
	unsigned int pad;
};

/* Per-task in-flight record: task-local storage or hash by tid. */
struct ms_inflight {
	unsigned int depth; /* open frames */
	unsigned int lost; /* frames beyond MS_MAX_DEPTH still open */
	unsigned int c_active; /* a direct compaction episode is open */
	unsigned int c_zone_open;
	/* the task's memory cgroup last seen: its css (a kernel address) and
	 * id (output.bpf.h, ev_memcg_id) */
	unsigned long long cg_css;
	unsigned long long cg_id;
	/* cgroups_gen + 1 when the css was read, and then (ev_memcg_id) */
	unsigned long long cg_gen;
	unsigned long long cg_read_ns;
	/* the task's pid, tid and comm for its stall events, read once and
	 * kept until a task is renamed (output.bpf.h, ev_ident): names_gen + 1
	 * when kept, else 0 */
	unsigned long long id_gen;
	unsigned int id_pid, id_tid;
	char id_comm[MS_COMM_LEN];
	struct ms_frame frames[MS_MAX_DEPTH];
	int c_kstack; /* the direct compaction episode's stacks (stacks mode) */
	int c_ustack;
	/* the last stacks walked per kind (task storage keeps them across stalls) */
	struct ms_stack_memo memo[MS_STACK_MEMOS];
	/* direct compaction episode */
	unsigned long long c_start_ns;
	unsigned long long c_zone_start_ns;
	struct ms_compact_episode c_ep;
	struct ms_compact_zone c_zone; /* begin snapshot of the running zone */
	/* oom_kill_process arguments, consumed by mark_victim */
	unsigned int oc_valid;
	int oc_order;
	int oc_constraint;
	unsigned int oc_pad;
	unsigned long long oc_memcg_id;
	unsigned long long oc_gfp;
	unsigned long long oc_totalpages;
	long long oc_chosen_points;
	/* the shrink_node pass in progress */
	unsigned int p_open;
	unsigned int p_depth; /* open stall frames when it began */
	unsigned long long p_sc; /* scan_control * (kretprobe path) */
	unsigned long long p_pgdat; /* pglist_data * (observed) */
	unsigned long long p_nr; /* get_scan_count's nr (kretprobe path) */
	unsigned long long p_sc_scanned0;
	unsigned long long p_sc_reclaimed0;
	unsigned long long p_last_ns; /* derived: the last LRU event */
	unsigned long long p_end_ns; /* the end of the task's last pass */
	struct ms_pass pass;
};

/* Ring buffer record. */
struct ms_event {
	unsigned int type; /* enum ms_ev_type */
	unsigned int pid; /* tgid of the task it happened in */
	unsigned int tid;
	unsigned int depth; /* stall: 0 = outermost */
	unsigned long long ts_ns; /* end, CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	unsigned long long lat_ns;
	unsigned long long cgroup_id; /* memory cgroup (kernfs id), 0 if none */
	char comm[MS_COMM_LEN];
	union {
		struct {
			unsigned long long nr_reclaimed_end; /* from the end tracepoint */
			struct ms_frame f; /* last (see MS_EV_SIZE_STALL_SHORT) */
		} stall;
		struct ms_compact_zone cz;
		struct ms_compact_episode ce;
		struct ms_oom oom;
		struct ms_retry retry;
		struct ms_reap reap;
		struct ms_pass pass;
	};
};

/*
 * The per-CPU stall rings (map stall_rings, one element per CPU): a stall
 * event goes into its CPU's ring with no lock and no shared position,
 * where the kernel's ring buffer costs ~550 ns an event in its reserve and
 * submit on a busy host (bench/RESULTS.md). Each element: this header, then
 * the data (pring_seg bytes, a power of two) and MS_PRING_SLACK bytes past
 * it, so that a record starting near the end is written and read in one
 * piece. A record: its length (u32), 4 bytes of padding, the event
 * (MS_EV_SIZE bytes, a multiple of 8). Positions only grow; a record is at
 * data + (position & (pring_seg - 1)).
 */
struct ms_pring_hdr {
	unsigned long long head; /* bytes written, stored after the record they cover */
	unsigned long long limit; /* head may reach this without reading tail again */
	unsigned long long check_at; /* head at which tail is read again (room, wake) */
	unsigned long long busy; /* a record is being written in it */
	unsigned long long pad0[4];
	unsigned long long tail; /* bytes read: user space's, on a line of its own */
	unsigned long long pad1[7];
};
#define MS_PRING_REC_HDR 8
#define MS_PRING_SLACK 512

/*
 * Bytes of a ring buffer record per type: the header and the union member it
 * uses (the rest of struct ms_event is not sent; user space reads a record
 * into a zeroed struct ms_event). A stall without MS_EVF_EVIDENCE leaves out
 * its frame's node evidence, the frame's last member. The perf buffer path
 * sends whole events.
 */
#define MS_EV_SIZE(member)                                                                       \
	((__builtin_offsetof(struct ms_event, member) + sizeof(((struct ms_event *)0)->member) + \
	  7) &                                                                                   \
	 ~7ul)
#define MS_EV_SIZE_STALL_SHORT (MS_EV_SIZE(stall) - sizeof(struct ms_node_ev))
#define MS_EV_SIZE_REAP MS_EV_SIZE(reap)

#endif /* MEMSTALL_H */
