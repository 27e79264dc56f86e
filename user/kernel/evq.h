/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records taken off the ring buffers, waiting for the callback (tracer.c),
 * and the OOM kills (their own ring buffer) merged in among the stalls by
 * time: a kill goes in before the first record that came after it, so the
 * kill's story (the stalls of its trigger) is complete and not yet
 * overwritten by what the trigger did after the kill.
 */
#ifndef MS_EVQ_H
#define MS_EVQ_H

#include <stddef.h>
#include <stdint.h>
#include "memstall.h"

struct evq {
	struct ms_event *v;
	size_t cap, head, n;
	uint64_t lost; /* dropped beyond MS_QUEUE_MAX records */
	uint64_t lost_kills; /* OOM kills dropped with even their room full */
};

/* Append a record of size bytes (MS_EV_SIZE), zero-filled to a whole
 * struct ms_event; counted in lost when the queue is at its maximum (the
 * last MS_QUEUE_KILLS places of which are the OOM kills': evq__merge_kills). */
void evq__push(struct evq *q, const void *data, size_t size);
/* The oldest record (NULL: empty), taken off the queue. */
const struct ms_event *evq__shift(struct evq *q);
/* Every kill in kq into q before the queued records later than it, at the
 * end when none is; kq left empty. A kill beyond even the kills' places is
 * counted in lost_kills. */
void evq__merge_kills(struct evq *q, struct evq *kq);
/* Growing before the reader must (drain.c: the writer allocates and touches
 * the memory, the reader then copies records in without a page fault, which
 * in a node-reclaim storm stalls it as long as the writer): the capacity the
 * queue should have, once more than half full, 0 if none (or at its
 * maximum). */
size_t evq__want_cap(const struct evq *q);
/* v (cap records) becomes the queue's storage, its records moved in; the
 * storage to free: the old, or v itself if the queue has meanwhile grown to
 * cap or more. */
struct ms_event *evq__adopt(struct evq *q, struct ms_event *v, size_t cap);
/* Give the memory of an empty queue back when it grew beyond min_cap. */
void evq__shrink(struct evq *q, size_t min_cap);
void evq__free(struct evq *q);

#endif /* MS_EVQ_H */
