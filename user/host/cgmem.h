/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A memory cgroup's state from its directory: usage, limits and the event
 * counters. v2: memory.current, memory.max, memory.high, memory.events;
 * v1 equivalents where they exist: memory.usage_in_bytes,
 * memory.limit_in_bytes (max), memory.failcnt (max events), memory.oom_control
 * (oom_kill, under_oom); v1 has no memory.high.
 */
#ifndef MS_CGMEM_H
#define MS_CGMEM_H

#include <stdbool.h>
#include <stdint.h>

enum cgm_ev { CGM_LOW, CGM_HIGH, CGM_MAX, CGM_OOM, CGM_OOM_KILL, CGM_OOM_GROUP_KILL, CGM_NEV };

#define CGM_NOLIMIT UINT64_MAX /* "max" */

struct cg_mem {
	bool ok; /* memory.current (usage) read */
	uint64_t current, max, high; /* bytes; CGM_NOLIMIT: no limit */
	bool have_max, have_high;
	int oom_group; /* memory.oom.group: 0, 1; -1 not there (v1) */
	uint64_t ev[CGM_NEV];
	unsigned int ev_have; /* bit per enum cgm_ev read */
};

/* "low", "high", ... (memory.events keys); NULL out of range. */
const char *cgmem__ev_name(enum cgm_ev e);
/* Read dir (the cgroup's directory). version: 1 or 2. 0 or -errno when
 * not even the usage could be read (a deleted cgroup). */
int cgmem__read(const char *dir, int version, struct cg_mem *m);
/* Parse memory.events text (v2) into m (fuzzed). */
void cgmem__parse_events(const char *buf, struct cg_mem *m);
/* "max" or a number of bytes. */
bool cgmem__parse_limit(const char *buf, uint64_t *v);

#endif
