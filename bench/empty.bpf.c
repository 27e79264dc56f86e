// SPDX-License-Identifier: GPL-2.0
/* The floor: programs that do nothing, on the tracepoints memstall hist uses. */
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define EMPTY(tp)                                                                                  \
	SEC("tp_btf/" #tp) int e_##tp(void *ctx)                                                   \
	{                                                                                          \
		return 0;                                                                          \
	}

EMPTY(mm_vmscan_direct_reclaim_begin)
EMPTY(mm_vmscan_direct_reclaim_end)
EMPTY(mm_vmscan_memcg_reclaim_begin)
EMPTY(mm_vmscan_memcg_reclaim_end)
EMPTY(mm_vmscan_memcg_softlimit_reclaim_begin)
EMPTY(mm_vmscan_memcg_softlimit_reclaim_end)
EMPTY(mm_vmscan_node_reclaim_begin)
EMPTY(mm_vmscan_node_reclaim_end)
EMPTY(mm_vmscan_lru_shrink_inactive)
EMPTY(mm_vmscan_lru_shrink_active)
EMPTY(mm_compaction_try_to_compact_pages)
EMPTY(mm_compaction_begin)
EMPTY(mm_compaction_end)
EMPTY(mm_compaction_deferred)
EMPTY(mm_compaction_suitable)
EMPTY(mark_victim)
EMPTY(reclaim_retry_zone)
EMPTY(compact_retry)
EMPTY(sched_process_exit)
