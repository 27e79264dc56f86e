/* SPDX-License-Identifier: GPL-2.0 */
/* The OOM model's output: every rendering comes from struct oom_kill. */
#ifndef MS_OOM_OUT_H
#define MS_OOM_OUT_H

#include <stdio.h>
#include "output/sink.h"
#include "model/event.h"
#include "model/oom.h"

struct json_writer;

/* A text block (oom's default) and a JSON object (oom --json). */
void oom__print_text(const struct event_ctx *ctx, const struct oom_kill *k, FILE *f);
void oom__print_json(const struct event_ctx *ctx, const struct oom_kill *k, struct json_writer *w);

enum oom_col {
	OC_TIME,
	OC_TIMESTAMP,
	OC_TS_NS,
	OC_TRIGGER,
	OC_TPID,
	OC_VICTIM,
	OC_VPID,
	OC_VCGROUP,
	OC_CONSTRAINT,
	OC_INFERRED,
	OC_ANON_KB,
	OC_FILE_KB,
	OC_SHMEM_KB,
	OC_ADJ,
	OC_STALLS,
	OC_STALL_MS,
	OC_NCOLS,
};

struct oom_row {
	struct ms_val v[OC_NCOLS];
	char time[64], timestamp[80], trigger[MS_COMM_LEN + 1], victim[MS_COMM_LEN + 1];
	char cgroup[256], constraint[32];
};

const struct ms_schema *oom__schema(void);
void oom__row(const struct event_ctx *ctx, const struct oom_kill *k, struct oom_row *r);

#endif
