/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sizes of the tracer's output buffers: the events ring buffer (its
 * default follows the CPUs: a rule, tested in tests/unit/test_attach.c), the
 * OOM kills' ring buffer, the perf buffer fallback's pages.
 */
#ifndef MS_BUFSIZE_H
#define MS_BUFSIZE_H

#include <stdbool.h>
#include <stddef.h>

/* The kills' own ring buffer (tracer.c), bytes. */
#define MS_KILLS_BYTES (64 * 1024)

/* The events ring buffer's default for ncpu possible CPUs: 512 KiB per
 * CPU, a power of two in [1 MiB, 16 MiB]. */
unsigned long bufsize__ringbuf_default(int ncpu);
/* The events ring buffer: hist mode (no stall crosses) the smallest, else
 * --buffer-size's bytes, else (0) the default for this host, halved where
 * the per-CPU stall rings take nearly all it would carry (halve). */
unsigned long bufsize__ringbuf(bool hist, bool halve, unsigned long buffer_bytes);
/* The perf buffer fallback: pages per CPU (a power of two), 16 by default,
 * else --buffer-size shared out among the CPUs. */
size_t bufsize__perf_pages(unsigned long buffer_bytes);
/* The per-CPU stall rings' data bytes, each (a power of two): 256 KiB by
 * default, else --buffer-size shared out among the ncpu CPUs, 4 KiB to
 * 4 MiB. The element of the map (bufsize__pring_value): the header, the
 * data and the slack, in whole pages. */
unsigned long bufsize__pring_seg(unsigned long buffer_bytes, int ncpu);
size_t bufsize__pring_value(unsigned long seg);

#endif
