/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP flag names of the running kernel. Sources, best first:
 *   1. a tracepoint format file's __print_flags table (parsed by libtraceevent):
 *      exactly what the kernel itself prints; used when tracefs is mounted;
 *   2. BTF: the anonymous enum of ___GFP_*_BIT values (6.9+), composites
 *      from recipes over the flag names;
 *   3. a static table for a named layout (last resort, says so).
 * Formatting follows the kernel's __print_flags: composites first, a name is
 * printed when all its bits are set, leftovers as hex.
 */
#ifndef MS_GFP_H
#define MS_GFP_H

#include <stddef.h>
#include <stdint.h>

struct btf;
struct gfp_table;

#define GFP_MAX_NAMES 64

struct gfp_table *gfp_table__new_btf(const struct btf *btf);
struct gfp_table *gfp_table__new_format(const char *text, size_t len);
/* layout: "6.3" (6.3 and later), "5.1" (5.1 to 6.2), "4.18" (4.18 to 5.0),
 * "4.15" (4.15 to 4.17), "4.10" (4.10 to 4.14), "4.4" (4.4 to 4.9),
 * "3.0" (2.6 to 4.3, hex-only kernels). */
struct gfp_table *gfp_table__new_static(const char *layout);
/* The static layout name for a kernel release ("4.9.0-8-amd64" -> "4.4"),
 * NULL if the release does not parse; *range (optional) gets "4.4 to 4.9". */
const char *gfp__layout_for_release(const char *release, const char **range);

/* gfp_zone(): the zone an allocation may start from (low four bits). */
enum {
	GFP_ZONE_DMA,
	GFP_ZONE_DMA32,
	GFP_ZONE_NORMAL,
	GFP_ZONE_HIGHMEM,
	GFP_ZONE_MOVABLE,
	GFP_ZONE_BAD
};
unsigned int gfp__zone(uint64_t gfp);
const char *gfp__zone_name(unsigned int zone);
/* Best available for the running kernel: the kernel's own print table
 * (vmscan format file, when tracefs is mounted), then btf (may be NULL),
 * then the static 6.3+ layout. */
struct gfp_table *gfp_table__for_kernel(const struct btf *btf);
void gfp_table__free(struct gfp_table *t);

/* "btf", "format", "static:6.3" ... */
const char *gfp_table__source(const struct gfp_table *t);
int gfp_table__count(const struct gfp_table *t);
/* Mask of a flag or composite name, 0 if unknown. */
uint64_t gfp_table__mask(const struct gfp_table *t, const char *name);
/* Names for gfp in print order; *rest gets bits no name covers.
 * Returns the number of names stored (at most max). */
int gfp_table__names(const struct gfp_table *t, uint64_t gfp, const char **names, int max,
		     uint64_t *rest);
/* "GFP_KERNEL|__GFP_COMP", "none" for 0, unknown bits as 0x...; returns len. */
size_t gfp_table__format(const struct gfp_table *t, uint64_t gfp, char *buf, size_t len);

#endif
