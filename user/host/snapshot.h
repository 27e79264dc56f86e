/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall record's /proc snapshots: the memory files of the host (zoneinfo,
 * buddyinfo, vmstat, meminfo, PSI) and of the cgroups involved, verbatim, as
 * JSON lines {"type":"proc","phase","path","text"} (each file at most
 * SNAP_MAX_BYTES).
 */
#ifndef MS_SNAPSHOT_H
#define MS_SNAPSHOT_H

#include <stdio.h>

#define SNAP_MAX_BYTES (512u << 10)

/* cg_root: the memory cgroup mount ("" for none); version 1 or 2; cgroups:
 * paths under it ("/a/b"), n of them. Returns files written. */
int snapshot__write(FILE *f, const char *phase, const char *cg_root, int version,
		    const char *const *cgroups, int n);

#endif
