// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "host/psitrig.h"

int psitrig__open(const char *cgroup_root, const char *cgroup, const char *line, char *path,
		  size_t path_len, struct ms_diag *d)
{
	int fd, err;

	if (cgroup && cgroup[0])
		snprintf(path, path_len, "%s%s/memory.pressure", cgroup_root ? cgroup_root : "",
			 cgroup);
	else
		snprintf(path, path_len, "/proc/pressure/memory");
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT && !(cgroup && cgroup[0]))
			return diag__fail(d, err, MS_EXIT_KERNEL,
					  "--when psi: %s missing: the kernel has no PSI "
					  "(CONFIG_PSI) or it is off: boot with psi=1",
					  path);
		if (err == -ENOENT)
			return diag__fail(d, err, MS_EXIT_USAGE,
					  "--when psi: %s missing: cgroup= needs a cgroup v2 "
					  "memory cgroup path (e.g. /system.slice)",
					  path);
		return diag__fail(d, err, err == -EACCES ? MS_EXIT_PERM : MS_EXIT_FAIL,
				  "--when psi: cannot open %s: %s", path, strerror(-err));
	}
	if (write(fd, line, strlen(line) + 1) < 0) {
		err = -errno;
		close(fd);
		if (err == -EOPNOTSUPP)
			return diag__fail(d, err, MS_EXIT_KERNEL,
					  "--when psi: %s takes no trigger (PSI off? boot with "
					  "psi=1)",
					  path);
		/* kernel/sched/psi.c: without CAP_SYS_RESOURCE a window must be
		 * a multiple of 2 s */
		return diag__fail(d, err, err == -EPERM ? MS_EXIT_PERM : MS_EXIT_USAGE,
				  "--when psi: the kernel refused trigger '%s' on %s: %s%s", line,
				  path, strerror(-err),
				  err == -EINVAL ? " (without CAP_SYS_RESOURCE the window must be "
						   "a multiple of 2s: try STALL/2s)"
						 : "");
	}
	return fd;
}

int psitrig__wait(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	int n = poll(&p, 1, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (!n)
		return 0;
	if (p.revents & (POLLERR | POLLNVAL))
		return -ENODEV;
	return (p.revents & POLLPRI) ? 1 : 0;
}
