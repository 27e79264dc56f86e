/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The charts of memstall report, as inline SVG (no external asset): the
 * latency heatmap, horizontal bars of ranked totals, a latency histogram.
 * Every text that came from a bundle is escaped (html__esc).
 */
#ifndef MS_SVG_H
#define MS_SVG_H

#include <stdint.h>
#include <stdio.h>
#include "model/heatmap.h"

/* Text for HTML content and attribute values (& < > " ' escaped; control
 * bytes dropped). */
void html__esc(FILE *f, const char *s);
/* "1.5ms", "320us", "2.0s" */
void svg__fmt_ns(double ns, char *buf, size_t len);
/* t_mark: a time to mark with a vertical line (the trigger), or < 0. */
void svg__heatmap(FILE *f, const struct heatmap *h, double t_mark);
/* The first max entries of a sorted rank, bar length = total stall time. */
void svg__bars(FILE *f, const struct rank *r, int max, const char *id);
/* One kind's latency distribution over the heatmap's rows. */
void svg__hist(FILE *f, const uint64_t rows[HEAT_ROWS], const char *kind);

#endif
