// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "kernel/pring.h"
#include "memstall.h"

/*
 * The BPF side writes a stall event in its CPU's ring and then moves the
 * ring's head past it (output.bpf.h, pr_reserve/pr_commit); nothing else
 * orders the CPUs' records. A pass here reads each head (acquire: the
 * records before it are whole), sorts what it found by the events' times
 * together with the ring buffer's records of the same pass, hands them on,
 * and only then moves each tail (release: the BPF side may write there
 * again). Records of one CPU come in time order (a CPU runs one of these
 * programs at a time); across CPUs a record can be published a little
 * after one of a later time was read, as with the ring buffer, whose
 * records go in reserve order.
 */

struct ref {
	uint64_t ts;
	uint64_t pos; /* staged: index; ring: position */
	const void *p;
	uint32_t size;
	uint32_t src; /* 0 staged, 1 + CPU */
};

struct pring {
	char *mem;
	size_t map_len, value_size;
	unsigned long seg;
	int ncpu;
	uint64_t *tail; /* per CPU: read up to here */
	uint64_t *next; /* per CPU: this pass read up to here */
	struct ms_event *stage;
	size_t nstage, cstage;
	struct ref *refs;
	size_t nrefs, crefs;
	uint64_t bad;
};

struct pring *pring__new(int map_fd, int ncpu, size_t value_size, unsigned long seg, int *err)
{
	struct pring *pr = calloc(1, sizeof(*pr));

	*err = -ENOMEM;
	if (!pr)
		return NULL;
	pr->ncpu = ncpu;
	pr->seg = seg;
	pr->value_size = value_size;
	pr->map_len = (size_t)ncpu * value_size;
	pr->tail = calloc((size_t)ncpu, sizeof(*pr->tail));
	pr->next = calloc((size_t)ncpu, sizeof(*pr->next));
	if (!pr->tail || !pr->next)
		goto fail;
	pr->mem = mmap(NULL, pr->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (pr->mem == MAP_FAILED) {
		pr->mem = NULL;
		*err = -errno;
		goto fail;
	}
	*err = 0;
	return pr;
fail:
	pring__free(pr);
	return NULL;
}

/* Room in *v (*cap elements of size bytes, n used) for one more: doubled,
 * from first. */
static int grow(void **v, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t c = *cap ? 2 * *cap : first;
	void *nv;

	if (n < *cap)
		return 0;
	nv = realloc(*v, c * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = c;
	return 0;
}

int pring__stage(struct pring *pr, const void *data, size_t size)
{
	if (size < offsetof(struct ms_event, stall) || size > sizeof(struct ms_event))
		return 0; /* a wake, no record */
	if (grow((void **)&pr->stage, &pr->cstage, pr->nstage, sizeof(*pr->stage), 256))
		return -ENOMEM;
	memcpy(&pr->stage[pr->nstage], data, size);
	memset((char *)&pr->stage[pr->nstage] + size, 0, sizeof(struct ms_event) - size);
	pr->nstage++;
	return 0;
}

static int add_ref(struct pring *pr, const struct ref *r)
{
	if (grow((void **)&pr->refs, &pr->crefs, pr->nrefs, sizeof(*pr->refs), 1024))
		return -ENOMEM;
	pr->refs[pr->nrefs++] = *r;
	return 0;
}

static struct ms_pring_hdr *ring_of(const struct pring *pr, int cpu)
{
	return (struct ms_pring_hdr *)(pr->mem + (size_t)cpu * pr->value_size);
}

/* CPU cpu's records published since the last pass, as refs. */
static void read_ring(struct pring *pr, int cpu)
{
	struct ms_pring_hdr *h = ring_of(pr, cpu);
	const char *data = (const char *)(h + 1);
	uint64_t head = __atomic_load_n(&h->head, __ATOMIC_ACQUIRE), t = pr->tail[cpu];

	if (head - t > pr->seg) { /* more than the ring holds: not ours to trust */
		pr->bad++;
		t = head;
	}
	while (t < head) {
		const char *rec = data + (t & (pr->seg - 1));
		uint32_t len = *(const uint32_t *)rec;
		struct ref r = {
			.pos = t, .p = rec + MS_PRING_REC_HDR, .size = len, .src = 1 + cpu
		};

		if (len < offsetof(struct ms_event, stall) || len > sizeof(struct ms_event) ||
		    len % 8 || head - t < MS_PRING_REC_HDR + len) {
			pr->bad++;
			t = head;
			break;
		}
		r.ts = ((const struct ms_event *)r.p)->ts_ns;
		if (add_ref(pr, &r)) /* out of memory: the rest waits in the ring */
			break;
		t += MS_PRING_REC_HDR + len;
	}
	pr->next[cpu] = t;
}

static int by_time(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void pring__merge(struct pring *pr, pring_fn fn, void *ctx)
{
	size_t i;
	int cpu;

	pr->nrefs = 0;
	for (i = 0; i < pr->nstage; i++) {
		struct ref r = { .ts = pr->stage[i].ts_ns,
				 .pos = i,
				 .p = &pr->stage[i],
				 .size = sizeof(struct ms_event) };

		if (add_ref(pr, &r)) { /* out of memory: in the order they came */
			pr->nrefs = 0;
			for (i = 0; i < pr->nstage; i++)
				fn(ctx, &pr->stage[i], sizeof(struct ms_event));
			break;
		}
	}
	for (cpu = 0; cpu < pr->ncpu; cpu++)
		read_ring(pr, cpu);
	qsort(pr->refs, pr->nrefs, sizeof(*pr->refs), by_time);
	for (i = 0; i < pr->nrefs; i++)
		fn(ctx, pr->refs[i].p, pr->refs[i].size);
	for (cpu = 0; cpu < pr->ncpu; cpu++) {
		if (pr->next[cpu] == pr->tail[cpu])
			continue;
		pr->tail[cpu] = pr->next[cpu];
		__atomic_store_n(&ring_of(pr, cpu)->tail, pr->tail[cpu], __ATOMIC_RELEASE);
	}
	pr->nstage = 0;
}

void pring__shrink(struct pring *pr)
{
	if (pr && !pr->nstage && pr->cstage > 1024) { /* ~0.5 KiB a record */
		free(pr->stage);
		pr->stage = NULL;
		pr->cstage = 0;
	}
}

uint64_t pring__bad(const struct pring *pr)
{
	return pr->bad;
}

void pring__free(struct pring *pr)
{
	if (!pr)
		return;
	if (pr->mem)
		munmap(pr->mem, pr->map_len);
	free(pr->tail);
	free(pr->next);
	free(pr->stage);
	free(pr->refs);
	free(pr);
}
