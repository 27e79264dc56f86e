/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a memory cgroup looked like at a kill, read from cgroupfs (v2 and the
 * v1 equivalents): usage and limits, memory pressure, oomd's kill markers;
 * and, for kernel OOM kills, a bounded snapshot of the OOM domain (largest
 * tasks by RSS, memory.stat's key lines, the OOM events counters), taken at
 * most once per second with the skips counted, never an unbounded /proc scan.
 */
#ifndef MS_OOMCTX_H
#define MS_OOMCTX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

#define OOMCTX_TOP 5
#define OOMCTX_SCAN_MAX 4096 /* pids looked at per snapshot, at most */
#define OOMCTX_DIRS_MAX 4096 /* cgroups of the domain's subtree walked, at most */
#define OOMCTX_KV 8

struct cg_state {
	int version; /* 2, 1, 0 unknown */
	int64_t current, max, high; /* bytes; -1 unknown, max/high INT64_MAX: "max" */
	char psi_scope[8]; /* "cgroup" (v2), "system" (v1: no per-cgroup PSI), "" */
	double some_avg10, full_avg10; /* memory pressure, percent; -1 unknown */
	uint64_t some_total_us; /* -1 unknown */
	char oomd_xattr[96]; /* trusted/user.oomd_kill value, "" none */
	char oomd_xattr_name[24];
};

struct oom_task {
	int pid;
	char comm[16];
	int64_t anon_kb, file_kb, shmem_kb;
};

struct oomctx_kv {
	char key[32];
	int64_t val;
};

struct oom_snapshot {
	bool taken;
	char domain[256]; /* "/" for a global OOM, else the memcg path */
	bool domain_inferred; /* no oom_control: from the victim's memcg and its limit */
	int scanned; /* pids looked at (<= OOMCTX_SCAN_MAX) */
	bool scan_capped; /* more pids (or cgroups) than were looked at */
	int ntop;
	struct oom_task top[OOMCTX_TOP];
	int victim_pid, victim_oom_score_adj;
	int nstat, nevents;
	struct oomctx_kv stat[OOMCTX_KV]; /* memory.stat key lines */
	struct oomctx_kv events[OOMCTX_KV]; /* memory.events / v1 oom_control, failcnt */
	uint64_t skipped_before; /* snapshots skipped by the rate limit so far */
};

/* root: the memory controller's mount (cgmap__root), version 1 or 2, rel:
 * the cgroup's path below it ("/a.slice/b.scope"). */
void oomctx__cg_state(const char *root, int version, const char *rel, struct cg_state *out);

/* Where oom_kill_process cannot be probed, a kill's domain inferred from the
 * victim's memcg rel (a path below root, at least 2 bytes): rel becomes the
 * nearest memcg at or above it with a limit (a slice's or a pod's over the
 * victim's own), "/" if none is limited or no memory controller mount is
 * known; the victim's memcg stays if its limit can no longer be read (it
 * ended with its victim). */
void oomctx__infer_domain(const char *root, int version, char *rel);

struct oomctx_limiter {
	uint64_t last_ns; /* last snapshot taken, 0 none */
	uint64_t interval_ns; /* 1 s */
	uint64_t taken, skipped;
};

/* A snapshot now, unless one was taken less than interval_ns ago (then
 * counted as skipped and false returned). rel "" or "/" = global OOM. */
bool oomctx__snapshot(struct oomctx_limiter *lim, uint64_t now_ns, const char *root, int version,
		      const char *rel, int victim_pid, int victim_adj, struct oom_snapshot *out);

void oomctx__print_text(const struct oom_snapshot *s, FILE *f);
void oomctx__json(const struct oom_snapshot *s, struct json_writer *w);
void oomctx__cg_json(const struct cg_state *c, struct json_writer *w);
void oomctx__cg_text(const struct cg_state *c, FILE *f);

#endif
