// SPDX-License-Identifier: GPL-2.0
/*
 * The ring buffers' reader thread. Why a thread: the thread that formats
 * and writes the records stalls, in the very incidents memstall traces. Its
 * output's pages come from the allocator: in the VM node-reclaim storm
 * (tests/vm/scenarios/07-storm.sh) snoop itself stalled 12,716 times in
 * node and direct reclaim writing its JSON, in the swap scenario 18 times
 * for up to 19 ms; a pipe fills, a terminal is slow, busy tasks take the
 * CPUs. Before, the same thread emptied the ring buffer between two writes:
 * while it waited, the kernel's buffer filled and dropped (1,492 of ~4,300
 * events once in the swap scenario). The reader here does no I/O and does
 * not allocate while the writer keeps up: the writer grows the queue once it
 * is half full (grow_ahead), the reader only when it fills first; woken
 * by the kernel (the buffer an eighth full, a kill) or every 100 ms, it
 * moves every record into the queue (evq.c, the kills merged in by time)
 * and wakes the writer, which takes them in batches.
 *
 * The queue and its kills are under one mutex: the reader holds it while it
 * fills, the writer while it copies a batch out (records are moved, never
 * pointed into: the reader may move the queue to grow it).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include "base/util.h"
#include "kernel/drain.h"
#include "kernel/evq.h"
#include "kernel/ringbuf.h"
#include "kernel/pring.h"

#define MS_DRAIN_POLL_MS 100 /* records below the wake threshold wait this long */
#define MS_DRAIN_STACK (256u << 10) /* the reader's stack: ringbuf.c, evq.c */
#define MS_QUEUE_KEEP 4096 /* records of queue kept allocated after a storm */
#define MS_QUEUE_IDLE_NS (5 * 1000000000ull) /* a storm is over: no record as long */
/* rounds of a pass while kills come in (fill): a kill storm neither holds
 * the queue's lock for long nor keeps the last drain going */
#define MS_DRAIN_ROUNDS 4
#define MS_DRAIN_LAST_ROUNDS 64

struct drain {
	struct ringbuf *rb; /* stalls and the rest */
	struct ringbuf *rbk; /* OOM kills */
	struct pring *pr; /* per-CPU stall rings, or NULL */
	int epfd; /* the reader's: both ring buffers and stopfd */
	int wakefd; /* eventfd: records queued (reader to writer) */
	int stopfd; /* eventfd: stop (writer to reader) */
	pthread_t thread;
	bool running;
	pthread_mutex_t lock; /* q, kq, err */
	struct evq q; /* records waiting for the writer */
	struct evq kq; /* kills read, queued once the stalls before them are */
	int err; /* the reader's error: it ended */
	uint64_t idle_since; /* writer's: waits without a record since, 0 none */
};

static void push(void *ctx, const void *data, size_t size)
{
	struct drain *dr = ctx;

	evq__push(&dr->q, data, size);
}

/* With the per-CPU rings, a record waits in their stage to be merged with
 * theirs by time (pring__merge in fill). */
static int on_events(void *ctx, void *data, size_t size)
{
	struct drain *dr = ctx;

	if (!dr->pr) {
		push(dr, data, size);
		return 0;
	}
	return pring__stage(dr->pr, data, size);
}

static int on_kills(void *ctx, void *data, size_t size)
{
	struct drain *dr = ctx;

	evq__push(&dr->kq, data, size);
	return 0;
}

/*
 * Both ring buffers (and the CPUs' rings) into the queue, the kills merged
 * in by time: a kill goes in before the records later than it, once every
 * record before it is in. Its trigger's stalls and retries were published
 * before the kill was, so that holds for the kills read before the records
 * are: the kills first, then the records, then the kills placed (evq.c). A
 * kill read after the records were read waits for them to be read again:
 * another round, while kills keep coming (a few rounds; the rest wait for
 * the next pass, the last drain takes them all). The CPUs' rings are read
 * one after another: a record of a later time read in one, a stall before
 * the kill still unread in another (the 6.12 global OOM lost 16 of its
 * trigger's 17 stalls so, the kill placed after the one that was read).
 */
static int fill(struct drain *dr, bool last)
{
	int err = ringbuf__consume(dr->rbk), round;

	for (round = 0; err >= 0; round++) {
		err = ringbuf__consume(dr->rb);
		if (dr->pr)
			pring__merge(dr->pr, push, dr);
		evq__merge_kills(&dr->q, &dr->kq);
		if (err < 0 || round == (last ? MS_DRAIN_LAST_ROUNDS : MS_DRAIN_ROUNDS))
			break;
		err = ringbuf__consume(dr->rbk);
		if (!dr->kq.n)
			break;
	}
	return err < 0 ? err : 0;
}

static void *reader(void *arg)
{
	struct drain *dr = arg;
	struct epoll_event ev[3];
	bool stop = false;

	while (!stop) {
		int n = epoll_wait(dr->epfd, ev, 3, MS_DRAIN_POLL_MS), i, err;
		bool queued;

		err = n < 0 && errno != EINTR ? -errno : 0;
		for (i = 0; i < n; i++)
			stop |= ev[i].data.fd == dr->stopfd;
		pthread_mutex_lock(&dr->lock);
		if (!err)
			err = fill(dr, false);
		if (err)
			dr->err = err;
		queued = dr->q.n > 0;
		pthread_mutex_unlock(&dr->lock);
		if (queued || err)
			eventfd_write(dr->wakefd, 1);
		stop |= err != 0;
	}
	return NULL;
}

static int watch(int epfd, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

struct drain *drain__new(int events_fd, int kills_fd, struct pring *pr, int *err)
{
	struct drain *dr = calloc(1, sizeof(*dr));

	if (!dr) {
		pring__free(pr);
		*err = -ENOMEM;
		return NULL;
	}
	dr->pr = pr;
	dr->epfd = dr->wakefd = dr->stopfd = -1;
	pthread_mutex_init(&dr->lock, NULL);
	*err = 0;
	dr->rb = ringbuf__new(events_fd, on_events, dr, err);
	dr->rbk = dr->rb ? ringbuf__new(kills_fd, on_kills, dr, err) : NULL;
	if (!dr->rbk)
		goto fail;
	dr->epfd = epoll_create1(EPOLL_CLOEXEC);
	dr->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	dr->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (dr->epfd < 0 || dr->wakefd < 0 || dr->stopfd < 0) {
		*err = -errno;
		goto fail;
	}
	*err = watch(dr->epfd, ringbuf__epoll_fd(dr->rb));
	*err = *err ?: watch(dr->epfd, ringbuf__epoll_fd(dr->rbk));
	*err = *err ?: watch(dr->epfd, dr->stopfd);
	if (*err)
		goto fail;
	return dr;
fail:
	drain__free(dr);
	return NULL;
}

int drain__start(struct drain *dr)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int err;

	if (dr->running)
		return 0;
	err = -pthread_attr_init(&attr);
	if (err)
		return err;
	pthread_attr_setstacksize(&attr, MS_DRAIN_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&dr->thread, &attr, reader, dr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	dr->running = !err;
	/* its own stalls told apart from the writer's (snoop shows memstall's) */
	if (!err)
		pthread_setname_np(dr->thread, "memstall-reader");
	return err;
}

void drain__stop(struct drain *dr)
{
	eventfd_t v;

	if (!dr->running)
		return;
	eventfd_write(dr->stopfd, 1);
	pthread_join(dr->thread, NULL);
	eventfd_read(dr->stopfd, &v);
	dr->running = false;
}

int drain__wait(struct drain *dr, int timeout_ms)
{
	struct pollfd p = { .fd = dr->wakefd, .events = POLLIN };
	uint64_t now_ns;
	eventfd_t v;
	bool queued;
	int err, n;

	pthread_mutex_lock(&dr->lock);
	queued = dr->q.n > 0;
	err = dr->err;
	pthread_mutex_unlock(&dr->lock);
	if (err || queued)
		return err;
	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (n) {
		eventfd_read(dr->wakefd, &v);
		dr->idle_since = 0;
		return 0;
	}
	/* waits without a record for MS_QUEUE_IDLE_NS: a storm is over, give
	 * the queue back (not at the first lull: a storm's bursts come with
	 * pauses, and memory taken again is page faults again) */
	now_ns = util__now_ns();
	if (!dr->idle_since)
		dr->idle_since = now_ns;
	if (now_ns - dr->idle_since < MS_QUEUE_IDLE_NS)
		return 0;
	pthread_mutex_lock(&dr->lock);
	evq__shrink(&dr->q, MS_QUEUE_KEEP);
	pring__shrink(dr->pr);
	pthread_mutex_unlock(&dr->lock);
	return 0;
}

int drain__fill_last(struct drain *dr)
{
	int err;

	pthread_mutex_lock(&dr->lock);
	err = fill(dr, true);
	pthread_mutex_unlock(&dr->lock);
	return err;
}

/* The queue more than half full: the writer allocates its next size (cap)
 * and touches every page of it, no lock held; the reader then fills it
 * without a page fault. In a node-reclaim storm each fault can stall the
 * reader in reclaim while the kernel's buffer fills (VM storm, 6.12: the
 * reader faulted 6,935 times, 129 ms, and 519 events were dropped). */
static void grow_ahead(struct drain *dr, size_t cap)
{
	struct ms_event *v = malloc(cap * sizeof(*v));

	if (!v)
		return;
	memset(v, 0, cap * sizeof(*v));
	pthread_mutex_lock(&dr->lock);
	v = evq__adopt(&dr->q, v, cap);
	pthread_mutex_unlock(&dr->lock);
	free(v);
}

size_t drain__take(struct drain *dr, struct ms_event *out, size_t max)
{
	const struct ms_event *e;
	size_t n = 0, cap;

	pthread_mutex_lock(&dr->lock);
	while (n < max && (e = evq__shift(&dr->q)))
		out[n++] = *e;
	cap = evq__want_cap(&dr->q);
	pthread_mutex_unlock(&dr->lock);
	if (cap)
		grow_ahead(dr, cap);
	return n;
}

void drain__lost(struct drain *dr, uint64_t *events, uint64_t *kills)
{
	pthread_mutex_lock(&dr->lock);
	*events = dr->q.lost + (dr->pr ? pring__bad(dr->pr) : 0);
	*kills = dr->kq.lost + dr->q.lost_kills;
	pthread_mutex_unlock(&dr->lock);
}

void drain__free(struct drain *dr)
{
	if (!dr)
		return;
	drain__stop(dr);
	ringbuf__free(dr->rbk);
	ringbuf__free(dr->rb);
	pring__free(dr->pr);
	if (dr->epfd >= 0)
		close(dr->epfd);
	if (dr->wakefd >= 0)
		close(dr->wakefd);
	if (dr->stopfd >= 0)
		close(dr->stopfd);
	evq__free(&dr->q);
	evq__free(&dr->kq);
	pthread_mutex_destroy(&dr->lock);
	free(dr);
}
