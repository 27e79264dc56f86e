/* SPDX-License-Identifier: GPL-2.0 */
/* memstall top's readings of /proc (vmstat, PSI, zoneinfo, the per-node
 * daemons) and of this process's BPF run statistics, at one instant. */
#ifndef MS_TOP_SYS_H
#define MS_TOP_SYS_H

#include <stdbool.h>
#include <stdint.h>
#include "memstall.h"
#include "host/procfs.h"

#define TOP_MAX_KTHREADS 16

/* The per-node reclaim and compaction daemons (kswapdN, kcompactdN). */
struct top_kthreads {
	int n;
	struct {
		char comm[MS_COMM_LEN + 1];
		int pid;
	} t[TOP_MAX_KTHREADS];
};

/* Raw readings at one instant; rates come from two of them. */
struct top_sys {
	uint64_t mono_ns;
	bool vmstat_ok;
	uint64_t allocstall, pgscan_direct, pgscan_kswapd, pgsteal, compact_stall, compact_fail,
		oom_kill;
	bool psi_ok;
	struct pf_psi psi;
	struct pf_zoneinfo zi;
	/* the BPF programs of this process (from /proc/self/fdinfo) */
	bool bpf_stats; /* kernel.bpf_stats_enabled was 1 */
	int nprogs;
	uint64_t run_cnt, run_time_ns;
	uint64_t drops; /* ring/perf buffer losses + histogram key overflow */
	uint64_t self_cpu_ns; /* this process's own CPU time */
	struct top_kthreads kt;
	uint64_t kt_cpu_ns[TOP_MAX_KTHREADS]; /* CPU time of each daemon */
};

/* Find kswapdN and kcompactdN under root/proc (once: they live as long as
 * their node). Returns how many. */
int top_sys__find_kthreads(const char *root, struct top_kthreads *kt);
/* Read /proc under root (and this process's BPF run stats; the CPU time of
 * the daemons in kt, may be NULL). 0 or -errno (zoneinfo unreadable is not
 * an error: zi.n = 0). */
int top_sys__read(const char *root, const struct top_kthreads *kt, struct top_sys *s);

#endif
