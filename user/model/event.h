/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every event model shares: the context that turns a struct ms_event
 * into names (GFP table, cgroup paths, clock), the head columns every row
 * schema begins with (when, who, which cgroup), and the kinds: their names,
 * parsing, and which of them are stalls (kswapd's passes are not).
 */
#ifndef MS_EVENT_H
#define MS_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "memstall.h"
#include "output/sink.h"

struct gfp_table;
struct cgmap;
struct ms_features;

/* What turning events into rows needs (shared by every event model). */
struct event_ctx {
	const struct ms_features *feat; /* enum names of the running kernel */
	const struct gfp_table *gfp;
	struct cgmap *cg;
	int64_t mono_to_real_ns;
	bool precise_time; /* -T: microseconds in the text TIME column */
};

/*
 * The columns every event row begins with, in this order (each row schema
 * starts with them: checked with static asserts): when, who, which cgroup.
 */
enum ev_head_col { EH_TIME, EH_TIMESTAMP, EH_TS_NS, EH_COMM, EH_PID, EH_TID, EH_CGROUP, EH_NCOLS };

/* Does schema enum prefix P (SC, CC, ...) begin with the head's columns? */
#define EV_HEAD_MATCHES(P)                                                                   \
	((int)P##_TIME == EH_TIME && (int)P##_TIMESTAMP == EH_TIMESTAMP &&                   \
	 (int)P##_TS_NS == EH_TS_NS && (int)P##_COMM == EH_COMM && (int)P##_PID == EH_PID && \
	 (int)P##_TID == EH_TID && (int)P##_CGROUP == EH_CGROUP)

struct ev_head {
	char time[64];
	char timestamp[80];
	char comm[MS_COMM_LEN + 1];
	char cgroup[256];
};

/* Kind name ("direct", "memcg", ...; "?" when out of range). */
const char *event__kind_name(unsigned int kind);
/* Is this kind a task's stall? kswapd's passes are background work: never
 * counted as a stall, in totals or cross-checks. */
bool event__is_stall(unsigned int kind);
/* Bit mask of every stall kind. */
unsigned int event__stall_kinds(void);
/* Local HH:MM:SS[.us] and ISO-8601 UTC. */
void event__fmt_time(const struct event_ctx *ctx, uint64_t mono_ns, char *time, size_t tlen,
		     char *iso, size_t ilen);
/* Fill h and the EH_NCOLS leading values of v from e's header. */
void event__head(const struct event_ctx *ctx, const struct ms_event *e, struct ev_head *h,
		 struct ms_val *v);
/* Cgroup path for an id, "cgid:N" when unknown, "-" for none. */
void event__cgroup_name(const struct event_ctx *ctx, uint64_t id, char *buf, size_t len);

#endif
