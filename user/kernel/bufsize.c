// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <bpf/libbpf.h>
#include "kernel/bufsize.h"
#include "memstall.h"

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

unsigned long bufsize__ringbuf(bool hist, bool halve, unsigned long buffer_bytes)
{
	if (hist)
		return MS_RINGBUF_HIST_BYTES;
	if (buffer_bytes)
		return buffer_bytes;
	/* the stall rings take the stalls: the rest and their overflow, in
	 * half the room (the same memory in all: 2 x 256 KiB + 512 KiB) */
	return bufsize__ringbuf_default(libbpf_num_possible_cpus()) >> (halve ? 1 : 0);
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

/* 256 KiB per CPU by default: a stall's record is 248 bytes, ~1,000 of them
 * per CPU; a ring that fills sends its CPU's stalls through the events ring
 * buffer until its reader has caught up, so the two together bridge a
 * reader's absence (the VM storm: 07-storm.sh). */
#define MS_PRING_SEG_DEFAULT (256u << 10)
#define MS_PRING_SEG_MIN (4u << 10)
#define MS_PRING_SEG_MAX (4u << 20)

unsigned long bufsize__pring_seg(unsigned long buffer_bytes, int ncpu)
{
	unsigned long want, s;

	if (!buffer_bytes)
		return MS_PRING_SEG_DEFAULT;
	want = buffer_bytes / (unsigned long)(ncpu > 0 ? ncpu : 1);
	for (s = MS_PRING_SEG_MIN; s * 2 <= want && s < MS_PRING_SEG_MAX; s <<= 1)
		;
	return s;
}

size_t bufsize__pring_value(unsigned long seg)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (sizeof(struct ms_pring_hdr) + seg + MS_PRING_SLACK + page - 1) / page * page;
}
