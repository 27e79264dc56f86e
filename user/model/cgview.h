/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cgroup identities as output shows them (columns of any schema) and as
 * hist and top group by them (--by pod, container, unit): a cgroup id maps
 * to a group token; rows with the same pod (container, unit) share it.
 */
#ifndef MS_CGVIEW_H
#define MS_CGVIEW_H

#include <stdint.h>
#include "model/cgid.h"
#include "output/sink.h"

struct cgmap;

/* Grouping dimensions (bit mask). */
enum cgv_dim {
	CGV_POD = 1u << 0,
	CGV_CONTAINER = 1u << 1,
	CGV_UNIT = 1u << 2,
	CGV_JSON = 1u << 3, /* cgview__cols: every field, JSON only */
};

#define CGV_MAX_COLS 6

/* Text buffers the values point into. */
struct cgv_buf {
	struct cg_ident id;
	char short_id[16];
};

/* Columns for dims (POD QOS, CONTAINER, UNIT; with CGV_JSON: pod_uid, qos,
 * container_id, unit, JSON only). Returns how many were written to out. */
int cgview__cols(unsigned int dims, struct ms_col *out);
/* Their values for an identity, in the same order; returns how many (only
 * those are written: CGV_JSON writes 4). */
int cgview__vals(unsigned int dims, struct cgv_buf *b, struct ms_val *out);
/* The identity of a cgroup id (empty when its path is unknown). */
void cgview__ident(struct cgmap *cg, uint64_t id, struct cg_ident *out);

struct cgv_groups;

struct cgv_groups *cgv_groups__new(unsigned int dims);
void cgv_groups__free(struct cgv_groups *g);
/* The group token of a cgroup id (0: no pod/container/unit); stable for the
 * life of g. The first cgroup id of a group stands for it. */
uint64_t cgv_groups__token(struct cgv_groups *g, struct cgmap *cg, uint64_t cgid);
/* The identity a token stands for (empty for 0 or unknown tokens). */
const struct cg_ident *cgv_groups__ident(const struct cgv_groups *g, uint64_t token);

#endif
