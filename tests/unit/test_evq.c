// SPDX-License-Identifier: GPL-2.0
/* The records' queue: kills from their own ring merged among the stalls by
 * time, so an OOM kill's story is queued before it and what the trigger did
 * after the kill is queued after it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "kernel/evq.h"
#include "model/oom.h"

static struct ms_event ev(unsigned int type, unsigned int tid, uint64_t ts)
{
	struct ms_event e;

	memset(&e, 0, sizeof(e));
	e.type = type;
	e.pid = e.tid = tid;
	e.ts_ns = ts;
	if (type == MS_EV_STALL)
		e.stall.f.kind = MS_KIND_DIRECT;
	return e;
}

static void push_stall(struct evq *q, unsigned int tid, uint64_t ts)
{
	struct ms_event e = ev(MS_EV_STALL, tid, ts);

	evq__push(q, &e, MS_EV_SIZE_STALL_SHORT);
}

static void push_kill(struct evq *kq, uint64_t ts)
{
	struct ms_event k = ev(MS_EV_OOM, 7, ts);

	evq__push(kq, &k, sizeof(k));
}

static unsigned int types(struct evq *q, char *out, size_t len)
{
	const struct ms_event *e;
	unsigned int n = 0;

	while ((e = evq__shift(q)) && n + 1 < len)
		out[n++] = e->type == MS_EV_OOM ? 'K' : 's';
	out[n] = '\0';
	return n;
}

static struct oom_kill seen;
static int nseen;

static void on_kill(void *ctx, const struct oom_kill *k)
{
	(void)ctx;
	seen = *k;
	nseen++;
}

/* A kill read first goes in before the first stall after it, even when the
 * same pass reads many stalls after it. */
static void test_kill_before_later_stalls(void **state)
{
	struct evq q = {}, kq = {};
	char got[512];
	int i;

	(void)state;
	push_kill(&kq, 1000);
	for (i = 0; i < 3; i++)
		push_stall(&q, 7, 100 + i);
	for (i = 0; i < 200; i++)
		push_stall(&q, 7, 2000 + i);
	evq__merge_kills(&q, &kq);
	assert_int_equal(types(&q, got, sizeof(got)), 204);
	assert_int_equal(got[3], 'K');
	assert_int_equal(kq.n, 0);
	evq__free(&q);
	evq__free(&kq);
}

/* A kill with nothing after it goes in at the end. */
static void test_kill_at_end(void **state)
{
	struct evq q = {}, kq = {};
	char got[16];

	(void)state;
	push_kill(&kq, 1000);
	push_stall(&q, 7, 900);
	push_stall(&q, 7, 950);
	assert_int_equal(kq.n, 1);
	evq__merge_kills(&q, &kq);
	types(&q, got, sizeof(got));
	assert_string_equal(got, "ssK");
	evq__free(&q);
	evq__free(&kq);
}

/* Kills go in before the queued stalls after them (two kills, one of them
 * after everything: at the end), in one merge. */
static void test_merge_kills(void **state)
{
	struct evq q = {}, kq = {};
	char got[16];

	(void)state;
	push_stall(&q, 7, 10);
	push_stall(&q, 7, 20);
	push_stall(&q, 7, 40);
	push_stall(&q, 7, 50);
	push_kill(&kq, 30);
	push_kill(&kq, 60);
	evq__merge_kills(&q, &kq);
	assert_int_equal(kq.n, 0);
	assert_int_equal(q.n, 6);
	types(&q, got, sizeof(got));
	assert_string_equal(got, "ssKssK");
	evq__free(&q);
	evq__free(&kq);
}

/*
 * The race the reader's rounds close (drain.c fill): a kill read after a
 * pass's records is not placed until they are read again. Pass 1 read a
 * stall at 40 of another CPU; the trigger's stalls at 25 and 28 were still
 * unread in its CPU's ring when the kill (30) was read. Placed at once it
 * would go before 40 with only one stall of its story before it; placed
 * after the next round, the two stalls are in and before it.
 */
static void test_kill_waits_for_next_round(void **state)
{
	struct oom_model *m = oom_model__new(10000000000ull);
	struct evq q = {}, kq = {};
	const struct ms_event *e;

	(void)state;
	assert_non_null(m);
	push_stall(&q, 7, 20); /* round 1: the trigger's first stall */
	push_stall(&q, 9, 40); /* and a later one of another CPU */
	evq__merge_kills(&q, &kq); /* no kill read before round 1 */
	push_kill(&kq, 30); /* read after round 1's records */
	push_stall(&q, 7, 25); /* round 2: the trigger's ring read again */
	push_stall(&q, 7, 28);
	evq__merge_kills(&q, &kq);
	while ((e = evq__shift(&q)))
		oom_model__event(m, e);
	nseen = 0;
	oom_model__drain(m, 0, 0, on_kill, NULL);
	assert_int_equal(nseen, 1);
	assert_int_equal(seen.nstalls[MS_KIND_DIRECT], 3);
	oom_model__free(m);
	evq__free(&q);
	evq__free(&kq);
}

/* A queue kept full by a storm (the writer behind) still takes the kills:
 * stalls are refused (counted in lost) short of the maximum, kills moved
 * in from kq (released or inserted) are not, and none counts as a stall's
 * drop (storm.sh lost one so). */
static void test_full_queue_keeps_kills(void **state)
{
	struct evq q = {}, kq = {};
	const struct ms_event *e;
	int i, kills = 0;

	(void)state;
	for (i = 0; !q.lost; i++)
		push_stall(&q, 7, 100 + i);
	push_stall(&q, 7, 1000000);
	assert_int_equal(q.lost, 2);
	push_kill(&kq, 50); /* before stalls queued: merged in among them */
	evq__merge_kills(&q, &kq);
	push_kill(&kq, 2000000); /* after all: at the end */
	evq__merge_kills(&q, &kq);
	assert_int_equal(q.lost, 2);
	assert_int_equal(q.lost_kills, 0);
	while ((e = evq__shift(&q)))
		kills += e->type == MS_EV_OOM;
	assert_int_equal(kills, 2);
	evq__free(&q);
	evq__free(&kq);
}

/* The oom model fed from the merged queue: the trigger's 20 stalls before
 * the kill are its history although 100 more (over its 64 kept) were read
 * in the same pass. */
static void test_oom_history_survives(void **state)
{
	struct oom_model *m = oom_model__new(10000000000ull);
	struct evq q = {}, kq = {};
	const struct ms_event *e;
	int i;

	(void)state;
	assert_non_null(m);
	push_kill(&kq, 5000000);
	for (i = 0; i < 20; i++)
		push_stall(&q, 7, 1000000 + i * 1000);
	for (i = 0; i < 100; i++)
		push_stall(&q, 7, 6000000 + i * 1000);
	evq__merge_kills(&q, &kq);
	while ((e = evq__shift(&q)))
		oom_model__event(m, e);
	nseen = 0;
	oom_model__drain(m, 0, 0, on_kill, NULL);
	assert_int_equal(nseen, 1);
	assert_int_equal(seen.nstalls[MS_KIND_DIRECT], 20);
	oom_model__free(m);
	evq__free(&q);
	evq__free(&kq);
}

/* grown ahead (drain.c's writer): once more than half full the queue asks
 * for its next size; storage handed in takes the records in order, across
 * the ring's wrap; storage smaller than the queue's (grown meanwhile) is
 * handed back untouched */
static void test_grow_ahead(void **state)
{
	struct evq q = { 0 };
	struct ms_event *v, *old;
	const struct ms_event *e;
	size_t cap, i;

	(void)state;
	assert_int_equal(evq__want_cap(&q), 0);
	push_stall(&q, 1, 1);
	cap = q.cap;
	assert_int_equal(evq__want_cap(&q), 0); /* 1 of cap */
	for (i = 2; i <= cap / 2; i++)
		push_stall(&q, 1, i);
	assert_int_equal(evq__want_cap(&q), 0); /* half: not more */
	push_stall(&q, 1, i++);
	assert_int_equal(evq__want_cap(&q), 2 * cap);
	/* full, all but 10 taken off, cap/2 more: across the ring's end */
	for (; i <= cap; i++)
		push_stall(&q, 1, i);
	for (i = 0; i < cap - 10; i++)
		evq__shift(&q);
	for (i = cap + 1; i <= cap + cap / 2; i++)
		push_stall(&q, 1, i);
	assert_int_equal(q.cap, cap);
	assert_true(q.head + q.n > q.cap);
	v = malloc(2 * cap * sizeof(*v));
	assert_non_null(v);
	old = evq__adopt(&q, v, 2 * cap);
	assert_ptr_not_equal(old, v);
	free(old);
	assert_ptr_equal(q.v, v);
	assert_int_equal(q.cap, 2 * cap);
	assert_int_equal(q.head, 0);
	for (i = cap - 9; (e = evq__shift(&q)); i++)
		assert_int_equal(e->ts_ns, i); /* cap - 9 .. cap + cap/2, in order */
	assert_int_equal(i, cap + cap / 2 + 1);
	/* storage that is not larger than the queue's: handed back */
	v = malloc(cap * sizeof(*v));
	assert_ptr_equal(evq__adopt(&q, v, cap), v);
	free(v);
	assert_int_equal(q.cap, 2 * cap);
	evq__free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_before_later_stalls),
		cmocka_unit_test(test_kill_at_end),
		cmocka_unit_test(test_merge_kills),
		cmocka_unit_test(test_kill_waits_for_next_round),
		cmocka_unit_test(test_full_queue_keeps_kills),
		cmocka_unit_test(test_oom_history_survives),
		cmocka_unit_test(test_grow_ahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
