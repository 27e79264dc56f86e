/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stall model: one finished stall (struct ms_event from BPF) turned into
 * a typed row of the "stall" schema, with names resolved (GFP flags, cgroup
 * path, kind, nodes). snoop prints these rows through a sink.
 */
#ifndef MS_STALL_H
#define MS_STALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "memstall.h"
#include "output/sink.h"

struct gfp_table;
struct cgmap;

enum stall_col {
	SC_TIME,
	SC_TIMESTAMP,
	SC_TS_NS,
	SC_COMM,
	SC_PID,
	SC_TID,
	SC_CGROUP,
	SC_CGROUP_ID,
	SC_KIND,
	SC_ORDER,
	SC_GFP,
	SC_GFP_FLAGS,
	SC_NODES,
	SC_LAT_MS,
	SC_SCANNED,
	SC_RECLAIMED,
	SC_SCANNED_ANON,
	SC_SCANNED_FILE,
	SC_RECLAIMED_ANON,
	SC_RECLAIMED_FILE,
	SC_EFF,
	SC_ACTIVE_TAKEN,
	SC_NR_RECLAIMED,
	SC_MIN_PRIO,
	SC_PASSES,
	SC_PASSES_OBSERVED,
	SC_NODE_SCANNED,
	SC_NODE_RECLAIMED,
	SC_TARGET_NODE,
	SC_DEPTH,
	SC_NCOLS,
};

struct ms_features;

/* What turning events into rows needs (shared by every event model). */
struct stall_ctx {
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

struct stall_row {
	struct ms_val v[SC_NCOLS];
	struct ev_head h;
	char gfp[512];
	char nodes[160];
	char node_scanned[160];
	char node_reclaimed[160];
};

const struct ms_schema *stall__schema(void);
const char *stall__kind_name(unsigned int kind);
/* "direct,memcg" or "all" -> mask; -EINVAL on an unknown name. */
int stall__parse_kinds(const char *list, unsigned int *mask);
void stall__row(const struct stall_ctx *ctx, const struct ms_event *e, struct stall_row *r);
/* Shared by the event models: local HH:MM:SS[.us] and ISO-8601 UTC. */
void stall__fmt_time(const struct stall_ctx *ctx, uint64_t mono_ns, char *time, size_t tlen,
		     char *iso, size_t ilen);
/* Fill h and the EH_NCOLS leading values of v from e's header. */
void stall__head(const struct stall_ctx *ctx, const struct ms_event *e, struct ev_head *h,
		 struct ms_val *v);
/* Cgroup path for an id, "cgid:N" when unknown, "-" for none. */
void stall__cgroup_name(const struct stall_ctx *ctx, uint64_t id, char *buf, size_t len);

#endif
