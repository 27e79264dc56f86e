/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exporter's series model (memstall export): the rows of the histogram
 * model (read cumulatively: the in-kernel maps are never reset) mapped to
 * Prometheus series. A row's series is decided once: its own while fewer
 * than max_series exist, else its kind's "other" series, for as long as the
 * exporter runs. So every series only grows, and nothing is lost.
 */
#ifndef MS_EXPORT_H
#define MS_EXPORT_H

#include <stdint.h>
#include "model/event.h"
#include "model/hist.h"
#include "output/prom.h"

struct export_model;

/* by: enum ms_by (no pid/tid); max_series: own series before folding. */
struct export_model *export__new(unsigned int by, uint32_t max_series, const struct event_ctx *ctx);
void export__free(struct export_model *e);
/* Take this read of the histogram model (its rows are totals since start). */
void export__update(struct export_model *e, const struct hist_model *h);
/* Write the stall, scan and kswapd families. */
void export__write(const struct export_model *e, struct prom *p);
/* --by cgroup: drop the series of deleted cgroups whose counts did not
 * change for retain_ns (alive: NULL checks the cgroup hierarchy). Returns
 * how many were dropped now; they leave the exposition. */
uint32_t export__expire(struct export_model *e, uint64_t now_ns, uint64_t retain_ns,
			bool (*alive)(void *ctx, uint64_t cgid), void *ctx);
/* Delete the dropped series' keys from the kernel's map and free their
 * fast-path entries (room for new ones). Returns how many, or -errno. */
int export__forget(struct export_model *e, const struct hist_maps *m);
/* Series with labels of their own (not "other"), keys folded into "other". */
uint32_t export__nseries(const struct export_model *e);
uint32_t export__nfolded(const struct export_model *e);

#endif
