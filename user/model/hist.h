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
#include "output/sink.h"
#include "model/stall.h"

struct hist_model;
struct cg_ident;

struct hist_row {
	struct ms_hkey key; /* the fields of unchosen dimensions are 0 */
	const char *gfp_class; /* when keyed by gfp */
	uint64_t count, total_ns, max_ns, scanned, reclaimed;
	uint64_t slots[MS_HIST_SLOTS];
};

/* Keys of user space only (the kernel keys by cgroup id: give it
 * MS_BY_CGROUP with them): rows of one pod, container or systemd unit merge;
 * with "cgroup" too each cgroup stays a row and shows its identity. */
#define HIST_BY_POD (1u << 16)
#define HIST_BY_CONTAINER (1u << 17)
#define HIST_BY_UNIT (1u << 18)
#define HIST_BY_IDENT (HIST_BY_POD | HIST_BY_CONTAINER | HIST_BY_UNIT)

/* enum ms_lru_class: "none", "anon", "file", "anon+file"; NULL if out of range. */
const char *hist__lru_name(unsigned int lru);
/* "4us .:=#%*. 2ms": one character per power of two, height by count. */
void hist__sparkline(const struct hist_row *r, char *buf, size_t len);
/* Lower bound and midpoint (ns) of a slot. */
uint64_t hist__slot_lo(unsigned int slot);
double hist__slot_mid(unsigned int slot);
/* Estimated q-quantile (0..1) of a histogram in ns: the midpoint of the slot
 * that holds it (exact below 4 ns). 0 for an empty histogram. */
double hist__quantile(const uint64_t *slots, uint64_t count, double q);
/* GFP class of a mask: "thp", "user" (GFP_HIGHUSER_MOVABLE-like), "kernel",
 * "nofs", "noio", "atomic", "other". */
const char *hist__gfp_class(const struct gfp_table *t, uint64_t gfp);

struct hist_model *hist__new(unsigned int by, const struct event_ctx *ctx);
/* With --by pod/container/unit (and not cgroup): the identity a row's
 * key.cgroup (a group token) stands for; NULL when not grouping. */
const struct cg_ident *hist__group_ident(const struct hist_model *h, uint64_t token);
void hist__free(struct hist_model *h);
/* The maps the kernel fills (tracer__hist_maps). */
struct hist_maps {
	int hists; /* hash: a prefix of struct ms_hkey -> per-CPU struct ms_hval */
	int cache; /* per-CPU array of struct ms_hcache_ent (two halves), or -1 */
	int half; /* the half written now (bit 0; bit 1: the stacks generation), or -1 */
	int lost; /* per-CPU array by kind: stalls whose key found no room, or -1 */
};

/* Read (and with reset, clear) the maps; rows accumulate until hist__clear.
 * A reset flips the half the programs write and waits a grace period for
 * those still writing the old one. */
int hist__collect(struct hist_model *h, const struct hist_maps *m, bool reset);
/* hist__collect with reset that also flips the stacks generation (bit 1 of
 * the half, ms_skey.gen: record --stacks) at the same instant, so that the
 * stall-by-stack map is cut where the histograms are: *sgen is the
 * generation nobody writes any more (0 or 1; -1 without the half map). */
int hist__collect_cut(struct hist_model *h, const struct hist_maps *m, int *sgen);
/* Add one key's value (one CPU's) to its row: what hist__collect does per
 * CPU; tests feed synthetic keys through it. 0, or -ENOSPC when the rows
 * are full: then the value went to its kind's lost row (hist__lost). */
int hist__add(struct hist_model *h, const struct ms_hkey *k, const struct ms_hval *v);
/* Add to a kind's lost row: stalls whose key found no room in the kernel's
 * map (hist_maps.lost) or no row here. Never NULL for a kind < MS_KIND_MAX:
 * count 0 when nothing was lost (export folds it into "other"). */
void hist__add_lost(struct hist_model *h, unsigned int kind, const struct ms_hval *v);
const struct hist_row *hist__lost(const struct hist_model *h, unsigned int kind);
void hist__clear(struct hist_model *h);
/* Stalls (passes) read since hist__clear that are in no row: the lost rows'
 * counts (no room in the kernel's map, or no row here). hist and top show
 * them as overflow. */
uint64_t hist__unshown(const struct hist_model *h);
int hist__nrows(const struct hist_model *h);
const struct hist_row *hist__row(const struct hist_model *h, int i);
/* Sort by total time, highest first: stalls, then kswapd's passes. */
void hist__rank(struct hist_model *h);
/* Render through a sink: the first top stall rows (0: all), then the first
 * top kswapd rows under their own header (PASSES). */
void hist__render(struct hist_model *h, struct ms_sink *s, int top);
/* Count of one kind's rows; kind -1: every stall kind (kswapd's passes left
 * out: they are not stalls). */
uint64_t hist__total_count(const struct hist_model *h, int kind);
/* Total stall time (stall kinds only). */
uint64_t hist__total_ns(const struct hist_model *h);

/* FNV-1a over a displayed key and its GFP class (hist's and export's indexes). */
unsigned int hist__key_hash(const struct ms_hkey *k, const char *cls);

#endif
