// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <bpf/libbpf.h>
#include "kernel/bufsize.h"

/* The events ring buffer by default: 256 KiB per CPU, a power of two, at
 * least 512 KiB, at most 16 MiB; --buffer-size overrides it. Its pages are
 * resident from the start and mapped twice (twice its size in RSS). The
 * kernel wakes the reader at an eighth full and the reader moves every
 * record to its queue at once (tracer.c, evq.c), so the buffer only has to
 * bridge one wake-up: the VM node-reclaim storm (07-storm.sh, 2 CPUs,
 * 512 KiB) drops nothing. */
#define MS_RINGBUF_MIN_DEFAULT (512u << 10)
#define MS_RINGBUF_MAX_DEFAULT (16u << 20)
#define MS_RINGBUF_PER_CPU (256u << 10)
/* hist mode (hist, top, export): stalls never cross to user space; OOM
 * kills have their own ring buffer (MS_KILLS_BYTES): the smallest. */
#define MS_RINGBUF_HIST_BYTES (16 * 1024)
#define MS_PERF_PAGES 16

unsigned long bufsize__ringbuf_default(int ncpu)
{
	unsigned long want = (ncpu > 0 ? (unsigned long)ncpu : 1) * MS_RINGBUF_PER_CPU, b;

	for (b = MS_RINGBUF_MIN_DEFAULT; b < want && b < MS_RINGBUF_MAX_DEFAULT; b <<= 1)
		;
	return b;
}

unsigned long bufsize__ringbuf(bool hist, unsigned long buffer_bytes)
{
	if (hist)
		return MS_RINGBUF_HIST_BYTES;
	if (buffer_bytes)
		return buffer_bytes;
	return bufsize__ringbuf_default(libbpf_num_possible_cpus());
}

size_t bufsize__perf_pages(unsigned long buffer_bytes)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t want, p = 1, page = (size_t)sysconf(_SC_PAGESIZE);

	if (!buffer_bytes || ncpu <= 0)
		return MS_PERF_PAGES;
	want = buffer_bytes / ncpu / page;
	while (p * 2 <= want)
		p <<= 1;
	return p;
}
