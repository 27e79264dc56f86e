/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall record's interval lines: the histograms of one interval (read
 * and reset) as JSON lines of a bundle's hist.jsonl, and the totals by
 * process and cgroup (top.jsonl). Line formats: README "Bundle format".
 */
#ifndef MS_RECOUT_H
#define MS_RECOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "model/heatmap.h"
#include "model/hist.h"

struct recout_totals {
	struct rank by_comm, by_cgroup; /* stall kinds only */
	uint64_t stalls, total_ns;
	uint64_t by_kind[MS_KIND_MAX]; /* stalls of each kind */
};

struct recout_interval {
	double t; /* start, Unix seconds */
	double len_s;
	bool pre; /* armed lead-up (before the trigger) */
	uint32_t top; /* rows written at most (ranked by total time) */
};

/* One interval: an "interval" line then its "hist" rows (ranked). h has
 * been collected and ranked. Returns the longest stall of the interval
 * (stall kinds, ns); totals (may be NULL) add the stall rows. */
uint64_t recout__interval(FILE *f, const struct event_ctx *ctx, const struct hist_model *h,
			  const struct recout_interval *iv, struct recout_totals *tot);
/* top.jsonl: one "top" line per process and per cgroup. */
void recout__totals(FILE *f, struct recout_totals *tot);

#endif
