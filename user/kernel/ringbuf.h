/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A BPF ring buffer map's consumer, in place of libbpf's ring_buffer: the
 * data area is mapped once, not twice (ringbuf.c says why), a record that
 * wraps past its end is copied whole into a scratch buffer first.
 */
#ifndef MS_RINGBUF_H
#define MS_RINGBUF_H

#include <stddef.h>

/* A record: data, size bytes (valid only during the call); < 0 stops the
 * consume and is returned by it. Same as libbpf's ring_buffer_sample_fn. */
typedef int (*ringbuf_fn)(void *ctx, void *data, size_t size);

struct ringbuf;

/* The reader of the BPF_MAP_TYPE_RINGBUF map_fd (kept open by the caller
 * while the reader lives); *err: a negative errno on failure (NULL back). */
struct ringbuf *ringbuf__new(int map_fd, ringbuf_fn fn, void *ctx, int *err);
/* Every record submitted so far, to the callback: how many, or the
 * callback's negative return. */
int ringbuf__consume(struct ringbuf *rb);
/* The fd to add to an epoll set (EPOLLIN: records to read): the map's. */
int ringbuf__epoll_fd(const struct ringbuf *rb);
void ringbuf__free(struct ringbuf *rb);

#endif
