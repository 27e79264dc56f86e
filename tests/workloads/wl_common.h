/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the workload generators (tools/wl_*.c, each a static
 * binary of its own). */
#ifndef MS_WL_COMMON_H
#define MS_WL_COMMON_H

#include <errno.h>
#include <time.h>

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep ms milliseconds, through signals. */
static inline void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#endif
