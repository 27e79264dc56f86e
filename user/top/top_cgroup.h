/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What top's cgroups view shows next to a cgroup's stalls: who it is (pod,
 * container, unit: model/cgid.h) and its memory state (usage, limits, the
 * memory.events counters as rates over the tick).
 */
#ifndef MS_TOP_CGROUP_H
#define MS_TOP_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include "host/cgmem.h"
#include "model/cgid.h"

struct cgmap;
struct json_writer;

struct top_cgx {
	bool have_id, have_mem;
	struct cg_ident id;
	char label[40]; /* CTR/POD column: container short id, else pod, else unit */
	struct cg_mem mem;
	double ev_rate[CGM_NEV]; /* per second since the last reading, < 0: unknown */
};

struct top_cgroups;

struct top_cgroups *top_cgroups__new(void);
void top_cgroups__free(struct top_cgroups *t);
/* Identity and memory state of cgroup id (its directory under the
 * hierarchy), rates against the previous call for the same id. */
void top_cgroups__fill(struct top_cgroups *t, struct cgmap *cg, uint64_t id, uint64_t now_ns,
		       struct top_cgx *x);
/* The CTR/POD label of an identity ("ctr 0123456789ab", "pod 7d0c9e1a"
 * (the UID's first 8), the unit, "-"). */
void top_cgx__label(const struct cg_ident *id, char *buf, size_t len);
/* The JSON fields of a cgroups-view row: pod_uid, qos, container_id,
 * runtime, unit, memory {current, max, high, events, events_s}. */
void top_cgx__json(const struct top_cgx *x, struct json_writer *w);
/* "123" MiB, "-" for no limit or unknown. */
void top_cgx__mib(char *buf, size_t len, bool have, uint64_t bytes);

#endif
