// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/heatmap.h"
#include "base/util.h"

void heatmap__init(struct heatmap *h, double t0, double t1, double interval)
{
	double span = t1 > t0 ? t1 - t0 : 0;

	memset(h, 0, sizeof(*h));
	if (!(interval > 0))
		interval = 1;
	h->t0 = t0;
	h->step = interval;
	h->ncols = (int)ceil(span / interval - 1e-9);
	if (h->ncols < 1)
		h->ncols = 1;
	if (h->ncols > HEAT_MAX_COLS) { /* whole intervals per column */
		h->step = interval * ceil(span / interval / HEAT_MAX_COLS);
		h->ncols = (int)ceil(span / h->step - 1e-9);
		if (h->ncols > HEAT_MAX_COLS)
			h->ncols = HEAT_MAX_COLS;
	}
}

int heatmap__row(uint64_t ns)
{
	int b = 0;

	while (ns >> (b + 1))
		b++;
	b -= HEAT_ROW_LO;
	if (b < 0)
		return 0;
	return b >= HEAT_ROWS ? HEAT_ROWS - 1 : b;
}

int heatmap__col(const struct heatmap *h, double t)
{
	double c = floor((t - h->t0) / h->step + 1e-9);

	if (!(c >= 0))
		return 0;
	return c >= h->ncols ? h->ncols - 1 : (int)c;
}

void heatmap__add(struct heatmap *h, double t, uint64_t lat_ns, uint64_t count)
{
	uint64_t *c = &h->cells[heatmap__col(h, t)][heatmap__row(lat_ns)];

	*c += count;
	h->total += count;
	if (*c > h->max)
		h->max = *c;
}

void heatmap__row_span(const struct heatmap *h, int *lo, int *hi)
{
	int c, r;

	*lo = *hi = -1;
	for (c = 0; c < h->ncols; c++)
		for (r = 0; r < HEAT_ROWS; r++)
			if (h->cells[c][r]) {
				if (*lo < 0 || r < *lo)
					*lo = r;
				if (r > *hi)
					*hi = r;
			}
}

void rank__add(struct rank *r, const char *name, uint64_t count, uint64_t total_ns, uint64_t max_ns)
{
	struct rank_ent *e = NULL;
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->e[i].name, name))
			e = &r->e[i];
	if (!e && r->n < RANK_MAX - 1) {
		e = &r->e[r->n++];
		util__strlcpy(e->name, name, sizeof(e->name));
	}
	if (!e) { /* full: the rest as "other" */
		e = &r->e[RANK_MAX - 1];
		if (r->n < RANK_MAX) {
			r->n = RANK_MAX;
			util__strlcpy(e->name, "other", sizeof(e->name));
		}
	}
	e->count += count;
	e->total_ns += total_ns;
	if (max_ns > e->max_ns)
		e->max_ns = max_ns;
}

static int by_total(const void *a, const void *b)
{
	const struct rank_ent *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return strcmp(x->name, y->name);
}

void rank__sort(struct rank *r)
{
	qsort(r->e, (size_t)r->n, sizeof(r->e[0]), by_total);
}
