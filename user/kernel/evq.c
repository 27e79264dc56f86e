// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/evq.h"

/*
 * The reader thread (drain.c) empties the kernel's buffers into the queue
 * whenever woken, however slow the callbacks (JSON in a slow guest, a
 * writer stalled in reclaim): a burst waits here, in memory that grows
 * while it lasts and is given back after, instead of overflowing the ring
 * buffer. Beyond MS_QUEUE_MAX records, one is dropped and counted with the
 * kernel's drops.
 */
#define MS_QUEUE_MIN 256
#define MS_QUEUE_MAX (1u << 16) /* 17 MiB of struct ms_event */
/* Places of the queue's maximum only OOM kills may take: a storm that keeps
 * the queue full (the writer slower than the kernel) never costs a kill
 * moved in from the kills' queue (tests/live/storm.sh lost one so, counted
 * as a stall's drop). */
#define MS_QUEUE_KILLS 64

static int evq_grow(struct evq *q)
{
	size_t cap = q->cap ? 2 * q->cap : MS_QUEUE_MIN, i;
	struct ms_event *v;

	if (cap > MS_QUEUE_MAX)
		return -ENOSPC;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < q->n; i++) /* in order, from 0 */
		v[i] = q->v[(q->head + i) % q->cap];
	free(q->v);
	q->v = v;
	q->cap = cap;
	q->head = 0;
	return 0;
}

static struct ms_event *at(const struct evq *q, size_t i)
{
	return &q->v[(q->head + i) % q->cap];
}

/* Room for one more record (a kill: also in the kills' places). */
static int room(struct evq *q, bool kill)
{
	if (!kill && q->n >= MS_QUEUE_MAX - MS_QUEUE_KILLS)
		return -ENOSPC;
	return q->n == q->cap ? evq_grow(q) : 0;
}

static void push(struct evq *q, const void *data, size_t size, bool kill)
{
	struct ms_event *e;

	if (size < offsetof(struct ms_event, stall) || size > sizeof(*e))
		return;
	if (room(q, kill)) {
		if (kill)
			q->lost_kills++;
		else
			q->lost++;
		return;
	}
	e = at(q, q->n);
	memcpy(e, data, size);
	memset((char *)e + size, 0, sizeof(*e) - size);
	q->n++;
}

void evq__push(struct evq *q, const void *data, size_t size)
{
	push(q, data, size, false);
}

const struct ms_event *evq__shift(struct evq *q)
{
	const struct ms_event *e;

	if (!q->n)
		return NULL;
	e = at(q, 0);
	q->head = (q->head + 1) % q->cap;
	q->n--;
	return e;
}

void evq__release(struct evq *q, struct evq *kq, size_t n)
{
	const struct ms_event *k;

	while (n-- && (k = evq__shift(kq)))
		push(q, k, sizeof(*k), true);
}

/*
 * Every record takes its time (bpf_ktime_get_ns) before its ring buffer
 * slot, and the trigger's stalls before its kill end before the kill's time:
 * a record of a later time sits after all of them in the ring. So a kill
 * goes in right before the first record later than it.
 */
void evq__push_after_kills(struct evq *q, struct evq *kq, const void *data, size_t size)
{
	const struct ms_event *e = data;

	if (size >= offsetof(struct ms_event, stall))
		while (kq->n && at(kq, 0)->ts_ns < e->ts_ns)
			evq__release(q, kq, 1);
	evq__push(q, data, size);
}

/* kill in before the i-th record of q (q has room: n < cap) */
static void insert_at(struct evq *q, size_t i, const struct ms_event *kill)
{
	size_t j;

	for (j = q->n; j > i; j--)
		*at(q, j) = *at(q, j - 1);
	*at(q, i) = *kill;
	q->n++;
}

void evq__insert_kills(struct evq *q, struct evq *kq)
{
	while (kq->n) {
		const struct ms_event *k = at(kq, 0);
		size_t i = q->n;

		while (i && at(q, i - 1)->ts_ns > k->ts_ns)
			i--;
		if (i == q->n) /* nothing queued came after it: wait for more */
			return;
		if (room(q, true)) {
			q->lost_kills++;
		} else {
			insert_at(q, i, k);
		}
		evq__shift(kq);
	}
}

void evq__shrink(struct evq *q, size_t min_cap)
{
	if (q->n || q->cap <= min_cap)
		return;
	free(q->v);
	q->v = NULL;
	q->cap = q->head = 0;
}

void evq__free(struct evq *q)
{
	free(q->v);
	q->v = NULL;
	q->cap = q->head = q->n = 0;
}
