// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF ring buffer's consumer side (tracer.c reads both ring buffers
 * with it). Why not libbpf's ring_buffer: libbpf (1.1) maps the data area
 * twice in a row, so that a record crossing its end reads contiguously, and
 * the kernel inserts every page at mmap time (remap_vmalloc_range): the 1 MiB
 * events buffer cost 2 MiB of resident memory, half of snoop's RSS. Here
 * the data area is mapped once (RSS: one mapping) and the rare record that
 * wraps is copied into a scratch buffer, in its two parts.
 *
 * The map's layout (kernel/bpf/ringbuf.c): page 0 the consumer position
 * (the only page user space may map writable), page 1 the producer
 * position, then the data area of max_entries bytes (a power of two, whole
 * pages). The kernel's mmap (ringbuf_map_mmap) leaves the bounds to
 * remap_vmalloc_range, which takes any length within the area: one page at
 * offset 0 read-write, page_size + max_entries at offset page_size
 * read-only. Each record: an 8-byte header (u32 length with the busy and
 * discard bits, u32 page offset), the data, padded to 8 bytes. Positions
 * only grow; a record is at position & (max_entries - 1).
 *
 * Memory ordering: the producer position and a record's length word are
 * read with acquire (the record's bytes are complete once its busy bit is
 * seen clear); the consumer position is written with release after each
 * record, once it has been used, so the producer may then reuse the space.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "kernel/ringbuf.h"

#define RB_HDR_SZ 8u /* BPF_RINGBUF_HDR_SZ */
#define RB_BUSY (1u << 31) /* BPF_RINGBUF_BUSY_BIT */
#define RB_DISCARD (1u << 30) /* BPF_RINGBUF_DISCARD_BIT */

struct ringbuf {
	int map_fd;
	ringbuf_fn fn;
	void *ctx;
	size_t page; /* page size */
	size_t size; /* max_entries: the data area's bytes */
	unsigned long *cons; /* page 0, read-write */
	unsigned long *prod; /* page 1, then the data: one read-only mapping */
	const char *data;
	char *scratch; /* a wrapped record, whole */
	size_t scratch_cap;
};

struct ringbuf *ringbuf__new(int map_fd, ringbuf_fn fn, void *ctx, int *err)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct ringbuf *rb;
	void *p;

	if (bpf_obj_get_info_by_fd(map_fd, &info, &len)) {
		*err = -errno;
		return NULL;
	}
	if (info.type != BPF_MAP_TYPE_RINGBUF || !info.max_entries ||
	    (info.max_entries & (info.max_entries - 1))) {
		*err = -EINVAL;
		return NULL;
	}
	rb = calloc(1, sizeof(*rb));
	if (!rb) {
		*err = -ENOMEM;
		return NULL;
	}
	rb->map_fd = map_fd;
	rb->fn = fn;
	rb->ctx = ctx;
	rb->page = (size_t)sysconf(_SC_PAGESIZE);
	rb->size = info.max_entries;
	p = mmap(NULL, rb->page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	rb->cons = p;
	p = mmap(NULL, rb->page + rb->size, PROT_READ, MAP_SHARED, map_fd, (off_t)rb->page);
	if (p == MAP_FAILED)
		goto fail;
	rb->prod = p;
	rb->data = (const char *)p + rb->page;
	return rb;
fail:
	*err = -errno;
	ringbuf__free(rb);
	return NULL;
}

/* The record's data at off (after its header), len bytes: in place, or
 * its two parts copied into the scratch buffer when it wraps. */
static void *record_data(struct ringbuf *rb, size_t off, size_t len)
{
	size_t first;

	off = (off + RB_HDR_SZ) & (rb->size - 1);
	if (off + len <= rb->size)
		return (void *)(rb->data + off);
	if (len > rb->scratch_cap) {
		char *s = realloc(rb->scratch, len);

		if (!s)
			return NULL;
		rb->scratch = s;
		rb->scratch_cap = len;
	}
	first = rb->size - off;
	memcpy(rb->scratch, rb->data + off, first);
	memcpy(rb->scratch + first, rb->data, len - first);
	return rb->scratch;
}

int ringbuf__consume(struct ringbuf *rb)
{
	unsigned long cons = __atomic_load_n(rb->cons, __ATOMIC_ACQUIRE), prod;
	int n = 0, err;
	bool more = true;

	while (more) {
		more = false;
		prod = __atomic_load_n(rb->prod, __ATOMIC_ACQUIRE);
		while (cons < prod) {
			size_t off = cons & (rb->size - 1);
			__u32 hdr =
				__atomic_load_n((const __u32 *)(rb->data + off), __ATOMIC_ACQUIRE);
			__u32 len = hdr & ~(RB_BUSY | RB_DISCARD);
			void *d;

			if (hdr & RB_BUSY) /* not yet committed: later */
				return n;
			more = true;
			cons += (len + RB_HDR_SZ + 7) & ~7ul;
			if (!(hdr & RB_DISCARD)) {
				d = record_data(rb, off, len);
				err = d ? rb->fn(rb->ctx, d, len) : -ENOMEM;
				if (err < 0) {
					__atomic_store_n(rb->cons, cons, __ATOMIC_RELEASE);
					return err;
				}
				if (n < INT32_MAX)
					n++;
			}
			__atomic_store_n(rb->cons, cons, __ATOMIC_RELEASE);
		}
	}
	return n;
}

int ringbuf__epoll_fd(const struct ringbuf *rb)
{
	return rb->map_fd;
}

void ringbuf__free(struct ringbuf *rb)
{
	if (!rb)
		return;
	if (rb->prod)
		munmap(rb->prod, rb->page + rb->size);
	if (rb->cons)
		munmap(rb->cons, rb->page);
	free(rb->scratch);
	free(rb);
}
