/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall doctor, its two halves: audit.c reads the host (settings, nodes,
 * zones, /proc/vmstat, PSI, memory cgroups) and emits; audit_check.c draws
 * the findings from what was read (NUMA, watermarks, fragmentation,
 * settings, stall counters and PSI).
 */
#ifndef MS_AUDIT_CHECK_H
#define MS_AUDIT_CHECK_H

#include "host/audit_state.h"

/* Add a's findings from its readings (audit__run calls it last). */
void audit__conclude(struct ms_audit *a);

#endif
