// SPDX-License-Identifier: GPL-2.0
#include "model/frag.h"

void frag__info(const uint64_t *nr_free, int norders, int order, struct frag_info *fi)
{
	int k;

	fi->free_pages = 0;
	fi->free_blocks_total = 0;
	fi->free_blocks_suitable = 0;
	if (norders > FRAG_MAX_ORDER)
		norders = FRAG_MAX_ORDER;
	for (k = 0; k < norders; k++) {
		uint64_t n = nr_free[k];

		/* a count this large is not a real zone: keep the sums finite */
		if (n > (1ull << 32))
			n = 1ull << 32;
		fi->free_blocks_total += n;
		fi->free_pages += n << k;
		if (k >= order)
			fi->free_blocks_suitable += n << (k - order);
	}
}

int frag__index(const uint64_t *nr_free, int norders, int order)
{
	struct frag_info fi;
	uint64_t requested;

	if (order < 0 || order >= FRAG_MAX_ORDER)
		return 0;
	frag__info(nr_free, norders, order, &fi);
	if (!fi.free_blocks_total)
		return 0;
	if (fi.free_blocks_suitable)
		return FRAG_SUCCEEDS;
	requested = 1ull << order;
	/* 1000 - (1000 + free_pages * 1000 / requested) / blocks_total */
	return (int)(1000 -
		     (int64_t)((1000 + fi.free_pages * 1000 / requested) / fi.free_blocks_total));
}

int frag__unusable(const uint64_t *nr_free, int norders, int order)
{
	struct frag_info fi;

	if (order < 0 || order >= FRAG_MAX_ORDER)
		return 1000;
	frag__info(nr_free, norders, order, &fi);
	if (!fi.free_pages)
		return 1000;
	return (int)((fi.free_pages - (fi.free_blocks_suitable << order)) * 1000 / fi.free_pages);
}

int frag__largest_order(const uint64_t *nr_free, int norders)
{
	int k;

	if (norders > FRAG_MAX_ORDER)
		norders = FRAG_MAX_ORDER;
	for (k = norders - 1; k >= 0; k--)
		if (nr_free[k])
			return k;
	return -1;
}
