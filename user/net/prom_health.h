/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter's own health in the exposition: build, probe mechanism per
 * hook, tracer counters (drops, map overflow, OOM kills), series folding,
 * and per-program BPF run count and time (kernel.bpf_stats_enabled).
 */
#ifndef MS_PROM_HEALTH_H
#define MS_PROM_HEALTH_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/attach.h"
#include "kernel/tracer.h"
#include "output/prom.h"

#define PROM_MAX_PROGS 64

struct prom_health {
	const struct ms_plan *plan;
	struct ms_counters c; /* since the tracer started */
	uint32_t series, folded, max_series;
	uint64_t forgotten; /* kernel keys of deleted cgroups removed */
	uint64_t scrapes, scrape_errors;
	uint64_t build_ns; /* time spent building expositions (all before this one) */
	/* kill series with cgroups of their own, kills folded into "other" */
	uint32_t kill_series;
	uint64_t kills_folded;
	uint64_t start_unix_s;
	/* this process's BPF programs, found once: fd and full name */
	int nprogs;
	bool progs_found;
	int prog_fd[PROM_MAX_PROGS];
	char prog_name[PROM_MAX_PROGS][64];
};

void prom_health__write(const struct prom_health *h, struct prom *p);
/* memstall_bpf_prog_run_total / _seconds_total of this process's programs
 * (found through its file descriptors); nothing unless the kernel counts. */
void prom_health__progs(struct prom_health *h, struct prom *p);
/* Find this process's programs now (before giving up privileges: a process
 * that switched users may not read its own /proc/self/fd). */
void prom_health__find_progs(struct prom_health *h);

#endif
