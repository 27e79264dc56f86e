/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The histogram model (memstall hist): reads the in-kernel per-CPU
 * histograms, merges CPUs (and GFP masks into classes), estimates
 * percentiles, ranks rows, and renders them through a sink with a schema
 * built for the chosen keys.
 */
#ifndef MS_HIST_H
#define MS_HIST_H

#include <stdbool.h>
#include <stdint.h>
#include "memstall.h"
#include "sink.h"
#include "stall.h"

struct hist_model;

struct hist_row {
	struct ms_hkey key; /* the fields of unchosen dimensions are 0 */
	const char *gfp_class; /* when keyed by gfp */
	uint64_t count, total_ns, max_ns, scanned, reclaimed;
	uint64_t slots[MS_HIST_SLOTS];
};

/* "comm,kind,order" -> enum ms_by mask ("kind" is always part of the key). */
int hist__parse_by(const char *list, unsigned int *by);
/* Lower bound and midpoint (ns) of a slot. */
uint64_t hist__slot_lo(unsigned int slot);
double hist__slot_mid(unsigned int slot);
/* Estimated q-quantile (0..1) of a histogram in ns: the midpoint of the slot
 * that holds it (exact below 4 ns). 0 for an empty histogram. */
double hist__quantile(const uint64_t *slots, uint64_t count, double q);
/* GFP class of a mask: "thp", "user" (GFP_HIGHUSER_MOVABLE-like), "kernel",
 * "nofs", "noio", "atomic", "other". */
const char *hist__gfp_class(const struct gfp_table *t, uint64_t gfp);

struct hist_model *hist__new(unsigned int by, const struct stall_ctx *ctx);
void hist__free(struct hist_model *h);
/* The maps the kernel fills (tracer__hist_maps). */
struct hist_maps {
	int hists; /* hash: a prefix of struct ms_hkey -> per-CPU struct ms_hval */
	int cache; /* per-CPU array of struct ms_hcache_ent (two halves), or -1 */
	int half; /* the array's half written now (0 or 1), or -1 */
};

/* Read (and with reset, clear) the maps; rows accumulate until hist__clear.
 * A reset flips the fast path's half and waits a millisecond for programs
 * still writing the old one. */
int hist__collect(struct hist_model *h, const struct hist_maps *m, bool reset);
void hist__clear(struct hist_model *h);
int hist__nrows(const struct hist_model *h);
const struct hist_row *hist__row(const struct hist_model *h, int i);
/* Sort by total time, highest first. */
void hist__rank(struct hist_model *h);
/* Render the first top rows (0: all) through a sink. */
void hist__render(struct hist_model *h, struct ms_sink *s, int top);
uint64_t hist__total_count(const struct hist_model *h, int kind);
uint64_t hist__total_ns(const struct hist_model *h);

#endif
