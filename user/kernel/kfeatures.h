/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One feature-detection pass at start (features__probe). The result is one
 * struct that the rest of the program reads; nothing else asks the kernel
 * what it supports. Kernel differences on the user side live here and in the
 * attach table (attach.c), never in version checks.
 */
#ifndef MS_FEATURES_H
#define MS_FEATURES_H

#include <stdbool.h>
#include "base/diag.h"

struct btf;

enum ms_tp_id {
	MS_TP_DIRECT_BEGIN,
	MS_TP_DIRECT_END,
	MS_TP_MEMCG_BEGIN,
	MS_TP_MEMCG_END,
	MS_TP_SOFTLIMIT_BEGIN,
	MS_TP_SOFTLIMIT_END,
	MS_TP_NODE_BEGIN,
	MS_TP_NODE_END,
	MS_TP_LRU_INACTIVE,
	MS_TP_LRU_ACTIVE,
	MS_TP_PROCESS_EXIT,
	MS_TP_TRY_COMPACT,
	MS_TP_COMPACT_BEGIN,
	MS_TP_COMPACT_END,
	MS_TP_COMPACT_DEFERRED,
	MS_TP_COMPACT_SUITABLE,
	MS_TP_MARK_VICTIM,
	MS_TP_RECLAIM_RETRY,
	MS_TP_COMPACT_RETRY,
	MS_TP_WAKE_REAPER,
	MS_TP_START_REAPING,
	MS_TP_FINISH_REAPING,
	MS_TP_SKIP_REAPING,
	MS_TP_KSWAPD_WAKE,
	MS_TP_KSWAPD_SLEEP,
	MS_TP_SIGNAL_GENERATE,
	MS_TP_CGROUP_RMDIR,
	MS_TP_TASK_RENAME,
	MS_TP_CGROUP_ATTACH,
	MS_TP_CGROUP_TRANSFER,
	MS_TP_MAX,
};

enum ms_fn_id {
	MS_FN_SHRINK_NODE,
	MS_FN_GET_SCAN_COUNT,
	MS_FN_TRY_COMPACT,
	MS_FN_OOM_KILL_PROCESS,
	MS_FN_OVER_HIGH, /* mem_cgroup_handle_over_high (memory.high throttling) */
	MS_FN_MAX,
};

/* Features a user may turn off to force a fallback (--disable). */
enum ms_feat_bit {
	MS_FEAT_TP_BTF = 1u << 0,
	MS_FEAT_RAW_TP = 1u << 1,
	MS_FEAT_RINGBUF = 1u << 2,
	MS_FEAT_TASK_STORAGE = 1u << 3,
	MS_FEAT_FENTRY = 1u << 4,
	MS_FEAT_KPROBE = 1u << 5,
	MS_FEAT_RAW_TP_COOKIE = 1u << 6,
	MS_FEAT_PRING = 1u << 7,
};

struct ms_avail {
	bool ok;
	char why[120]; /* why not (or how), for doctor --probes */
};

struct ms_features {
	bool probed;
	char release[65];
	struct ms_avail btf; /* why = where it came from */
	char btf_path[256]; /* custom BTF file (--btf), empty for the kernel's */
	struct ms_avail tp_btf, raw_tp, ringbuf, perfbuf, task_storage, fentry, kprobe;
	struct ms_avail pring; /* per-CPU stall rings (bpf/memstall.h struct ms_pring_hdr) */
	/* raw tracepoint attach cookies (v6.10): one program for several
	 * tracepoints, told apart by the cookie (attach.h, ms_cand.shared) */
	struct ms_avail raw_tp_cookie;
	/* module BTF: listing it (BPF_BTF_GET_NEXT_ID) needs CAP_SYS_ADMIN */
	struct ms_avail module_btf;
	/* the BTF CO-RE relocates against (libbpf's btf_custom_path) when the
	 * tracer is given no parsed BTF to build its own from (corebtf.h):
	 * --btf's file, or the kernel's alone where module BTF cannot be listed
	 * or exists (libbpf 1.1 would list it and fail without CAP_SYS_ADMIN);
	 * "" lets libbpf take the kernel's */
	char core_btf[256];
	struct {
		bool present;
		int nargs; /* from btf_trace_<name> prototype, -1 unknown */
	} tp[MS_TP_MAX];
	/* tracepoint argument layouts, from the prototypes above */
	struct {
		/* position of gfp in *_reclaim_begin's arguments: 2 for the
		 * 4.8-5.1 layout (order, may_writepage, gfp, classzone_idx),
		 * else 1 (order, gfp) */
		unsigned int begin_gfp_idx;
		/* mark_victim passes the task (~6.9 and backports), not only
		 * the pid */
		bool victim_is_task;
	} args;
	struct {
		bool in_btf; /* a FUNC in BTF: fentry can target it */
		bool in_kallsyms; /* a real (not inlined) symbol: kprobe can target it */
	} fn[MS_FN_MAX];
	bool gfp_bit_enum; /* BTF has the ___GFP_*_BIT enum */
	/* names from the running kernel's BTF enums ("" where unknown) */
	char zone_names[8][16]; /* enum zone_type: ZONE_NORMAL -> "Normal" */
	char compact_results[16][24]; /* enum compact_result: COMPACT_SKIPPED -> "skipped" */
	char migrate_modes[4][16]; /* enum migrate_mode: MIGRATE_ASYNC -> "async" */
	bool lru_gen; /* MGLRU enabled */
	bool privileged; /* probe programs could be loaded at all */
};

struct ms_probe_opts {
	const char *btf_path; /* NULL: /sys/kernel/btf/vmlinux */
	unsigned int disable; /* enum ms_feat_bit mask */
	bool keep_btf; /* return the parsed BTF through *btfp */
};

const char *features__tp_name(enum ms_tp_id id);
const char *features__fn_name(enum ms_fn_id id);

/*
 * Run the pass. Never fails for a missing optional feature; returns -errno
 * only when nothing could be probed (no BTF at all and none given).
 * If btfp is not NULL and opts->keep_btf, the parsed BTF is handed over
 * (caller frees with btf__free) so other readers (GFP table) need not parse
 * it again.
 */
int features__probe(struct ms_features *f, const struct ms_probe_opts *opts, struct btf **btfp,
		    struct ms_diag *d);

#endif
