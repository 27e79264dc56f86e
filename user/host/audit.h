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
#include "host/audit_state.h"
#include "output/sink.h"

struct ms_audit *audit__new(const char *root);
void audit__free(struct ms_audit *a);
/* Read everything and conclude. -errno (exit 5) if root holds no /proc. */
int audit__run(struct ms_audit *a, uint64_t sample_ns, struct ms_diag *d);
/* Settings, nodes, zones and findings through the sink. */
void audit__emit(const struct ms_audit *a, struct ms_sink *s, bool json);

#endif
