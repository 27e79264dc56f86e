/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall doctor: live audit of the memory settings and state that decide
 * allocation stalls, read from a root directory ("/" or a saved tree):
 * vm sysctls, THP, NUMA nodes, /proc/zoneinfo, /proc/buddyinfo,
 * /proc/vmstat (and rates over a sample), PSI, memory cgroup limits.
 */
#ifndef MS_AUDIT_H
#define MS_AUDIT_H

#include <stdbool.h>
#include <stdint.h>
#include "base/diag.h"
#include "logs/finding.h"
#include "host/procfs.h"
#include "host/vmstat.h"
#include "output/sink.h"

#define AU_MAX_SETTINGS 24
#define AU_MAX_NODES 64

struct au_setting {
	char name[48]; /* "vm.zone_reclaim_mode", "thp.enabled" */
	char value[48]; /* "" when the kernel lacks it */
	const char *deflt;
	int64_t num; /* numeric value, -1 if not a number / absent */
};

struct au_node {
	int id;
	uint64_t total_kb, free_kb;
};

struct ms_audit {
	char root[512];
	int nset;
	struct au_setting set[AU_MAX_SETTINGS];
	int nnodes;
	struct au_node nodes[AU_MAX_NODES];
	uint64_t mem_total_kb, mem_free_kb, mem_avail_kb, swap_total_kb, swap_free_kb;
	struct pf_zoneinfo zi;
	struct pf_buddyinfo bi;
	struct ms_vmstat vm, vm_rate; /* rate: per second over the sample */
	uint64_t sample_ns;
	bool has_psi;
	struct pf_psi psi;
	int cgroups_seen, cgroups_limited;
	struct ms_findings findings;
};

struct ms_audit *audit__new(const char *root);
void audit__free(struct ms_audit *a);
/* Read everything and conclude. -errno (exit 5) if root holds no /proc. */
int audit__run(struct ms_audit *a, uint64_t sample_ns, struct ms_diag *d);
const struct au_setting *audit__setting(const struct ms_audit *a, const char *name);
/* Settings, nodes, zones and findings through the sink. */
void audit__emit(const struct ms_audit *a, struct ms_sink *s, bool json);

#endif
