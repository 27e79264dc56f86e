/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the doctor audit read: the state audit.c fills and audit_check.c
 * draws findings from (a header of its own so that neither half depends on
 * the other's functions).
 */
#ifndef MS_AUDIT_STATE_H
#define MS_AUDIT_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "logs/finding.h"
#include "host/procfs.h"
#include "host/vmstat.h"

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

/* The setting called name ("vm.zone_reclaim_mode"), NULL if not read. */
static inline const struct au_setting *audit__setting(const struct ms_audit *a, const char *name)
{
	int i;

	for (i = 0; i < a->nset; i++)
		if (!strcmp(a->set[i].name, name))
			return &a->set[i];
	return NULL;
}

#endif
