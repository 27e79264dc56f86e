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
 * last MS_QUEUE_KILLS places of which are the OOM kills': evq__release,
 * evq__insert_kills). */
void evq__push(struct evq *q, const void *data, size_t size);
/* The oldest record (NULL: empty), taken off the queue. */
const struct ms_event *evq__shift(struct evq *q);
/* A record of the events ring: first the kills in kq that came before it
 * (their time is earlier), then the record. */
void evq__push_after_kills(struct evq *q, struct evq *kq, const void *data, size_t size);
/* The first n kills of kq to the end of q. */
void evq__release(struct evq *q, struct evq *kq, size_t n);
/* Kills read after the events ring (kq): each goes in before the queued
 * records that came after it; a kill that none came after stays in kq. */
void evq__insert_kills(struct evq *q, struct evq *kq);
/* Give the memory of an empty queue back when it grew beyond min_cap. */
void evq__shrink(struct evq *q, size_t min_cap);
void evq__free(struct evq *q);

#endif /* MS_EVQ_H */
