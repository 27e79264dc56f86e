// SPDX-License-Identifier: GPL-2.0
/* The per-CPU stall rings' reader: records written as the BPF side writes
 * them (output.bpf.h pr_reserve/pr_commit) into a memory file laid out as
 * the map, merged by time with the ring buffer's staged records, the room
 * given back; a record past the ring's end read whole from the slack; a
 * length that is not a record skipped and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <cmocka.h>
#include "kernel/pring.h"
#include "kernel/bufsize.h"
#include "memstall.h"

#define SEG 4096ul
#define NCPU 2

struct fake {
	int fd;
	size_t vsize;
	char *mem;
};

static void fake_open(struct fake *f)
{
	f->vsize = bufsize__pring_value(SEG);
	f->fd = memfd_create("pring", MFD_CLOEXEC);
	assert_true(f->fd >= 0);
	assert_int_equal(ftruncate(f->fd, (off_t)(NCPU * f->vsize)), 0);
	f->mem = mmap(NULL, NCPU * f->vsize, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0);
	assert_true(f->mem != MAP_FAILED);
}

static void fake_close(struct fake *f)
{
	munmap(f->mem, NCPU * f->vsize);
	close(f->fd);
}

static struct ms_pring_hdr *hdr(struct fake *f, int cpu)
{
	return (struct ms_pring_hdr *)(f->mem + (size_t)cpu * f->vsize);
}

/* A stall of time ts (tid marks it) written as the BPF side does. */
static void produce(struct fake *f, int cpu, uint64_t ts, unsigned int tid)
{
	struct ms_pring_hdr *h = hdr(f, cpu);
	char *rec = (char *)(h + 1) + (h->head & (SEG - 1));
	struct ms_event e;

	memset(&e, 0, sizeof(e));
	e.type = MS_EV_STALL;
	e.tid = tid;
	e.ts_ns = ts;
	*(uint32_t *)rec = MS_EV_SIZE_STALL_SHORT;
	memcpy(rec + MS_PRING_REC_HDR, &e, MS_EV_SIZE_STALL_SHORT);
	h->head += MS_PRING_REC_HDR + MS_EV_SIZE_STALL_SHORT;
}

struct got {
	unsigned int tid[64];
	uint64_t ts[64];
	size_t size[64];
	int n;
};

static void collect(void *ctx, const void *data, size_t size)
{
	struct got *g = ctx;
	const struct ms_event *e = data;

	if (g->n < 64) {
		g->tid[g->n] = e->tid;
		g->ts[g->n] = e->ts_ns;
		g->size[g->n] = size;
	}
	g->n++;
}

static void stage(struct pring *pr, uint64_t ts, unsigned int tid)
{
	struct ms_event e;

	memset(&e, 0, sizeof(e));
	e.type = MS_EV_COMPACT_ZONE;
	e.tid = tid;
	e.ts_ns = ts;
	assert_int_equal(pring__stage(pr, &e, MS_EV_SIZE(cz)), 0);
}

static void test_merged_by_time(void **state)
{
	struct fake f;
	struct got g = {};
	struct pring *pr;
	uint64_t wake = 0;
	unsigned int want[] = { 1, 2, 3, 4, 5, 6 };
	int err, i;

	(void)state;
	fake_open(&f);
	pr = pring__new(f.fd, NCPU, f.vsize, SEG, &err);
	assert_non_null(pr);
	produce(&f, 0, 10, 1);
	produce(&f, 0, 30, 5);
	produce(&f, 1, 20, 2);
	produce(&f, 1, 40, 6);
	stage(pr, 25, 3);
	stage(pr, 30, 4); /* the same time as CPU 0's: the staged first */
	assert_int_equal(pring__stage(pr, &wake, sizeof(wake)), 0); /* a wake: no record */
	pring__merge(pr, collect, &g);
	assert_int_equal(g.n, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(g.tid[i], want[i]);
	assert_int_equal(g.size[0], MS_EV_SIZE_STALL_SHORT);
	/* the room given back, and only new records the next time */
	assert_int_equal(hdr(&f, 0)->tail, hdr(&f, 0)->head);
	assert_int_equal(hdr(&f, 1)->tail, hdr(&f, 1)->head);
	g.n = 0;
	produce(&f, 1, 50, 7);
	pring__merge(pr, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.tid[0], 7);
	assert_int_equal(pring__bad(pr), 0);
	pring__free(pr);
	fake_close(&f);
}

/* Laps round a small ring: the record that starts near the end is read whole
 * from the slack past it; none lost, in order. */
static void test_wraps_whole(void **state)
{
	struct fake f;
	struct got g = {};
	struct pring *pr;
	unsigned int tid = 0;
	int err, lap, i, n = 0;

	(void)state;
	fake_open(&f);
	pr = pring__new(f.fd, NCPU, f.vsize, SEG, &err);
	assert_non_null(pr);
	for (lap = 0; lap < 5; lap++) {
		g.n = 0;
		for (i = 0; i < 10; i++) /* 10 x 248 bytes: a lap in ~1.7 passes */
			produce(&f, 0, 1000 + tid, tid), tid++;
		pring__merge(pr, collect, &g);
		assert_int_equal(g.n, 10);
		for (i = 0; i < 10; i++)
			assert_int_equal(g.tid[i], (unsigned int)n + i);
		n += 10;
	}
	assert_true(hdr(&f, 0)->head > 2 * SEG);
	assert_int_equal(pring__bad(pr), 0);
	pring__free(pr);
	fake_close(&f);
}

/* A length that is no record: counted, the rest of that CPU's data skipped,
 * the other CPU's records still read. */
static void test_bad_length_skipped(void **state)
{
	struct fake f;
	struct got g = {};
	struct pring *pr;
	int err;

	(void)state;
	fake_open(&f);
	pr = pring__new(f.fd, NCPU, f.vsize, SEG, &err);
	assert_non_null(pr);
	produce(&f, 0, 10, 1);
	produce(&f, 0, 11, 2);
	*(uint32_t *)((char *)(hdr(&f, 0) + 1)) = 3; /* the first record's length */
	produce(&f, 1, 12, 3);
	pring__merge(pr, collect, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.tid[0], 3);
	assert_int_equal(pring__bad(pr), 1);
	assert_int_equal(hdr(&f, 0)->tail, hdr(&f, 0)->head);
	pring__free(pr);
	fake_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merged_by_time),
		cmocka_unit_test(test_wraps_whole),
		cmocka_unit_test(test_bad_length_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
