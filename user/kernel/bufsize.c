// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <bpf/libbpf.h>
#include "kernel/bufsize.h"

/* The events ring buffer by default: 512 KiB per CPU, a power of two, at
 * least 1 MiB, at most 16 MiB; --buffer-size overrides it. Its pages are
 * resident from the start (its size in RSS: ringbuf.c maps it once), but
 * the buffer has to bridge the time the reader is not scheduled: in the VM
 * node-reclaim storm (07-storm.sh, 2 vCPUs under TCG, five busy tasks)
 * 512 KiB dropped 2,253 of 209,836 events in one of two runs, 1 MiB none
 * (bench/RESULTS.md, "Issue 18"). */
#define MS_RINGBUF_MIN_DEFAULT (1u << 20)
#define MS_RINGBUF_MAX_DEFAULT (16u << 20)
#define MS_RINGBUF_PER_CPU (512u << 10)
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
