/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What memstall record and report aggregate for charts: the latency heatmap
 * (time bins x power-of-two latency rows, count per cell) and ranked totals
 * (stall time by process or cgroup). Pure: tests feed them directly.
 */
#ifndef MS_HEATMAP_H
#define MS_HEATMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAT_ROW_LO 10 /* the first row: [2^10 ns, 2^11 ns) ~ 1 us (below: into it) */
#define HEAT_ROWS 26 /* up to 2^35 ns ~ 34 s (above: into the last) */
#define HEAT_MAX_COLS 240

struct heatmap {
	double t0, step; /* the first column starts at t0; each is step seconds */
	int ncols;
	uint64_t cells[HEAT_MAX_COLS][HEAT_ROWS];
	uint64_t max; /* the largest cell */
	uint64_t total;
};

/* Columns over [t0, t1): interval-long when they fit in HEAT_MAX_COLS, else
 * as many intervals per column as needed. interval <= 0: 1 s. */
void heatmap__init(struct heatmap *h, double t0, double t1, double interval);
int heatmap__row(uint64_t ns);
/* The column of time t (clamped into the map). */
int heatmap__col(const struct heatmap *h, double t);
void heatmap__add(struct heatmap *h, double t, uint64_t lat_ns, uint64_t count);
/* Lowest and highest rows holding a count (-1 when empty). */
void heatmap__row_span(const struct heatmap *h, int *lo, int *hi);

#define RANK_MAX 64
struct rank_ent {
	char name[128];
	uint64_t count, total_ns, max_ns;
};
/* Totals by name: the first RANK_MAX - 1 names, the rest in "other". */
struct rank {
	int n;
	struct rank_ent e[RANK_MAX];
};

void rank__add(struct rank *r, const char *name, uint64_t count, uint64_t total_ns,
	       uint64_t max_ns);
/* By total time, highest first. */
void rank__sort(struct rank *r);

#endif
