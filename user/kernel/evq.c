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

/* The size the queue grows to next. */
static size_t next_cap(const struct evq *q)
{
	return q->cap ? 2 * q->cap : MS_QUEUE_MIN;
}

struct ms_event *evq__adopt(struct evq *q, struct ms_event *v, size_t cap)
{
	struct ms_event *old = q->v;
	size_t i;

	if (cap <= q->cap || cap < q->n)
		return v; /* grown meanwhile: keep what it has */
	for (i = 0; i < q->n; i++) /* in order, from 0 */
		v[i] = q->v[(q->head + i) % q->cap];
	q->v = v;
	q->cap = cap;
	q->head = 0;
	return old;
}

size_t evq__want_cap(const struct evq *q)
{
	size_t cap = next_cap(q);

	return 2 * q->n > q->cap && cap <= MS_QUEUE_MAX ? cap : 0;
}

static int evq_grow(struct evq *q)
{
	size_t cap = next_cap(q);
	struct ms_event *v;

	if (cap > MS_QUEUE_MAX)
		return -ENOSPC;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	free(evq__adopt(q, v, cap));
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

/*
 * Every kill in kq into q, each before the queued records later than it (at
 * the end when none is), in one pass from the back: the records that move
 * are those read after the kill's time (drain.c reads the kills first, then
 * the records: a burst of them may be later than a kill, few are).
 */
void evq__merge_kills(struct evq *q, struct evq *kq)
{
	size_t nk = 0, r, w;

	while (nk < kq->n && !room(q, true)) {
		q->n++; /* the place taken, filled below */
		nk++;
	}
	q->lost_kills += kq->n - nk;
	r = q->n - nk; /* records not yet moved: [0, r) */
	w = q->n; /* places not yet written: [0, w) */
	while (nk) {
		const struct ms_event *k = at(kq, nk - 1);

		if (r && at(q, r - 1)->ts_ns > k->ts_ns) {
			*at(q, --w) = *at(q, --r);
		} else {
			*at(q, --w) = *k;
			nk--;
		}
	}
	kq->n = 0;
	kq->head = 0;
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
