/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PSI trigger (Documentation/accounting/psi.rst): "some|full STALL WINDOW"
 * written to /proc/pressure/memory or a cgroup v2 memory.pressure; the open
 * file then polls POLLPRI when the stall within a window passes STALL.
 */
#ifndef MS_PSITRIG_H
#define MS_PSITRIG_H

#include <stdbool.h>
#include "base/diag.h"

/* cgroup_root: the cgroup v2 mount; cgroup: a path
 * under it or "" for the system's /proc/pressure/memory; line: what to write.
 * Returns the fd or -errno with the cause and fix in d. */
int psitrig__open(const char *cgroup_root, const char *cgroup, const char *line, char *path,
		  size_t path_len, struct ms_diag *d);
/* Wait up to timeout_ms: 1 fired, 0 not, -errno (the file went away: -ENODEV). */
int psitrig__wait(int fd, int timeout_ms);

#endif
