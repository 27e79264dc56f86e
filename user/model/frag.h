/* SPDX-License-Identifier: GPL-2.0 */
/*
 * External fragmentation of one zone from its free block counts per order
 * (a buddy line of a kernel log, or a /proc/buddyinfo row), with the
 * kernel's own formulas (mm/vmstat.c fill_contig_page_info,
 * __fragmentation_index, unusable_free_index). Indices are x1000, as the
 * kernel computes them (debugfs prints value/1000 with 3 decimals).
 */
#ifndef MS_FRAG_H
#define MS_FRAG_H

#include <stdint.h>

#define FRAG_MAX_ORDER 16 /* orders 0..15: enough for 64K-page arm64 */
#define FRAG_SUCCEEDS (-1000) /* fragmentation index when a block is free */

struct frag_info {
	uint64_t free_pages;
	uint64_t free_blocks_total;
	uint64_t free_blocks_suitable;
};

/* Free counts per order: nr_free[0..norders-1]. */
void frag__info(const uint64_t *nr_free, int norders, int order, struct frag_info *fi);
/* -1000 if a block of this order is free, else 0 (no memory) .. 1000
 * (fragmented); 0 when nothing is free at all. */
int frag__index(const uint64_t *nr_free, int norders, int order);
/* 0 (every free page usable) .. 1000 (none usable at this order). */
int frag__unusable(const uint64_t *nr_free, int norders, int order);
/* Highest order with a free block, -1 if none. */
int frag__largest_order(const uint64_t *nr_free, int norders);

#endif
