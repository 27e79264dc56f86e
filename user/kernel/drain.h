/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ring buffers' reader thread (tracer.c's ring buffer path): it moves
 * the records of both ring buffers into the queue (evq.c, the kills merged
 * in by time) whenever the kernel wakes it, while the calling thread takes
 * them out and formats and writes them. See drain.c for why.
 */
#ifndef MS_DRAIN_H
#define MS_DRAIN_H

#include <stddef.h>
#include <stdint.h>
#include "memstall.h"

struct drain;

struct pring;

/* The ring buffers of these map fds (BPF_MAP_TYPE_RINGBUF): stalls and the
 * rest, OOM kills; and pr, the per-CPU stall rings (NULL: none), which the
 * drain takes (freed with it, also on failure). NULL and *err (negative
 * errno) on failure. */
struct drain *drain__new(int events_fd, int kills_fd, struct pring *pr, int *err);
void drain__free(struct drain *dr);
/* The reader thread, if not running: started with every signal blocked
 * (they stay with the caller's thread) and the caller's capabilities. */
int drain__start(struct drain *dr);
/* The reader thread stopped and joined, if running. */
void drain__stop(struct drain *dr);
/* Until records are queued or timeout_ms passed: 0, -EINTR (a signal), or
 * the reader's error (negative errno). */
int drain__wait(struct drain *dr, int timeout_ms);
/* The reader stopped: whatever the ring buffers still hold into the queue,
 * and every kill read (the last drain). */
int drain__fill_last(struct drain *dr);
/* Up to max of the oldest queued records copied to out and taken off the
 * queue: how many. An emptied queue gives back what a storm grew. */
size_t drain__take(struct drain *dr, struct ms_event *out, size_t max);
/* Records dropped because the queue was at its maximum (or, from the
 * per-CPU rings, not records): stalls and the rest, kills. */
void drain__lost(struct drain *dr, uint64_t *events, uint64_t *kills);

#endif /* MS_DRAIN_H */
