/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus exposition writer: text format 0.0.4 or OpenMetrics 1.0
 * into a growable buffer. Metric families, label escaping, integers printed
 * as integers, seconds printed exactly from nanoseconds, and the classic
 * histogram buckets mapped exactly from the in-kernel log-linear slots.
 */
#ifndef MS_PROM_H
#define MS_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum prom_type {
	PROM_COUNTER, /* family "x": samples "x_total" */
	PROM_GAUGE,
	PROM_HISTOGRAM, /* samples x_bucket{le}, x_sum, x_count */
	PROM_INFO, /* family "x": sample "x_info" 1 (0.0.4: a gauge) */
};

/* Classic buckets: le = 2^k - 1 ns for k = PROM_LE_K0 .. PROM_LE_K0 +
 * PROM_NBUCKETS - 1, then +Inf. A stall of v ns lands in the first bucket
 * whose le >= v: slots below 2^k (k >= 2) are exactly slots 0 .. 4(k-1)-1. */
#define PROM_LE_K0 10 /* 1.023 us */
#define PROM_NBUCKETS 26 /* up to 2^35 - 1 ns (34.4 s) */

struct prom;

struct prom *prom__new(void);
void prom__free(struct prom *p);
/* Start a new exposition (the buffer is kept for reuse). */
void prom__reset(struct prom *p, bool openmetrics);
bool prom__openmetrics(const struct prom *p);
/* The exposition so far; NULL after an allocation failure. */
const char *prom__data(const struct prom *p, size_t *len);
/* The exposition's buffer, handed over (free() it; NUL-terminated), NULL
 * after an allocation failure. The next one starts empty, at this size. */
char *prom__take(struct prom *p, size_t *len);
/* Does an Accept header ask for OpenMetrics? */
bool prom__wants_openmetrics(const char *accept);
const char *prom__content_type(bool openmetrics);

/* # HELP / # TYPE of a family (name without _total / _info). */
void prom__family(struct prom *p, const char *name, enum prom_type type, const char *help);
/* One sample. labels: name, value, name, value, ..., NULL (or NULL). The
 * suffix ("_total", "_info", "" ...) is appended to name. */
void prom__u64(struct prom *p, const char *name, const char *suffix, const char *const *labels,
	       uint64_t v);
/* A duration in seconds, printed exactly from nanoseconds. */
void prom__seconds(struct prom *p, const char *name, const char *suffix, const char *const *labels,
		   uint64_t ns);
/* A histogram's samples from per-bucket (not cumulative) counts: bk[b]
 * for b < PROM_NBUCKETS, bk[PROM_NBUCKETS] above the last (+Inf only):
 * cumulative buckets, +Inf, _sum (seconds), _count (the +Inf bucket). */
void prom__hist(struct prom *p, const char *name, const char *const *labels, const uint64_t *bk,
		uint64_t sum_ns);
/* The same from a label block rendered once by prom__labels (a series'
 * labels do not change: escaped once, not per scrape). */
void prom__hist_block(struct prom *p, const char *name, const char *block, const uint64_t *bk,
		      uint64_t sum_ns);
void prom__u64_block(struct prom *p, const char *name, const char *suffix, const char *block,
		     uint64_t v);
/* Render labels ({a="x",b="y"}, escaped; "" for none) into buf. Returns
 * the length, 0 if they did not fit (then no labels). */
size_t prom__labels(const char *const *labels, char *buf, size_t len);
/* OpenMetrics: "# EOF". */
void prom__finish(struct prom *p);

/* Inclusive upper bound (ns) of bucket b < PROM_NBUCKETS. */
uint64_t prom__le_ns(unsigned int b);
/* Add the in-kernel slots (MS_HIST_SLOTS) to per-bucket counts bk
 * (PROM_NBUCKETS + 1 of them, the last above every le). */
void prom__add_slots(uint64_t *bk, const uint64_t *slots);
/* Cumulative count at bucket b (b = PROM_NBUCKETS: +Inf). */
uint64_t prom__bucket(const uint64_t *bk, unsigned int b);
/* ns as exact decimal seconds ("0.000001023"), trailing zeros cut. */
void prom__fmt_seconds(uint64_t ns, char *buf, size_t len);
/* Label value escaping (\\, \", \n) into buf; false if it did not fit. */
bool prom__escape(const char *s, char *buf, size_t len);

#endif
