/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU stall rings' reader (bpf/memstall.h struct ms_pring_hdr): the
 * map mapped once; each pass takes what every CPU published and merges it
 * by time with the records the ring buffer gave in the same pass.
 */
#ifndef MS_PRING_H
#define MS_PRING_H

#include <stddef.h>
#include <stdint.h>

struct pring;

/* A record, in time order: data, size bytes (valid during the call). */
typedef void (*pring_fn)(void *ctx, const void *data, size_t size);

/* The reader of map_fd (an mmapable array of ncpu elements of value_size
 * bytes, seg data bytes each); *err: a negative errno (NULL back). */
struct pring *pring__new(int map_fd, int ncpu, size_t value_size, unsigned long seg, int *err);
/* Keep a ring buffer record of this pass (copied) for pring__merge. */
int pring__stage(struct pring *pr, const void *data, size_t size);
/* Every record the CPUs published and the staged ones to fn, by time (on
 * equal times the staged first, then by CPU, each CPU's in its order); the
 * rings' room is then given back and the stage emptied. */
void pring__merge(struct pring *pr, pring_fn fn, void *ctx);
/* A burst's stage given back (drain.c, once a storm is over; not after each
 * pass: memory taken again is page faults again, in the reader, which in a
 * node-reclaim storm stall it in reclaim). */
void pring__shrink(struct pring *pr);
/* Records that were not records (a length out of range): the rest of
 * their CPU's data is skipped; counted with the lost. */
uint64_t pring__bad(const struct pring *pr);
void pring__free(struct pring *pr);

#endif
