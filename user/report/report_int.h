/* SPDX-License-Identifier: GPL-2.0 */
/* memstall report's state between loading the bundle (report.c) and the
 * sections that render it (report.c, report_sec.c, stacks.c). */
#ifndef MS_REPORT_INT_H
#define MS_REPORT_INT_H

#include <stdio.h>
#include "base/jparse.h"
#include "host/bundle.h"
#include "model/heatmap.h"

#define REP_KINDS 12

struct rep_kind {
	char name[32];
	uint64_t count, total_ns;
	uint64_t rows[HEAT_ROWS];
};

struct rep {
	struct bundle_files bf;
	struct jv *manifest;
	double start, end, trigger; /* Unix seconds; trigger < 0: none */
	struct heatmap hm;
	struct rank by_comm, by_cgroup, compact;
	struct rep_kind kinds[REP_KINDS];
	int nkinds;
	uint64_t stalls, stall_ns;
};

/* Call fn for each JSON line of a bundle file (malformed lines skipped). */
typedef void (*rep_line_fn)(struct rep *r, const struct jv *v, void *ctx);
int rep__lines(struct rep *r, const char *file, rep_line_fn fn, void *ctx);
/* A JSON value as HTML (objects as key/value tables, depth-limited). */
void rep__value(FILE *f, const struct jv *v, int depth);

void rep__sec_oom(struct rep *r, FILE *f);
void rep__sec_findings(struct rep *r, FILE *f);
void rep__sec_xcheck(struct rep *r, FILE *f);
void rep__sec_proc(struct rep *r, FILE *f);
void rep__sec_manifest(struct rep *r, FILE *f);
/* The flame graph section (report/stacks.c): stacks.jsonl when recorded. */
void rep__sec_stacks(struct rep *r, FILE *f);

#endif
