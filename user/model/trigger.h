/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstall record --when: what arms a capture. Parsed here (pure), carried
 * out by tools/record.c (PSI through host/psitrig.c, the others from the
 * histograms, the OOM events and /proc/vmstat).
 */
#ifndef MS_TRIGGER_H
#define MS_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/diag.h"

/* The kernel's PSI trigger limits (kernel/sched/psi.c WINDOW_MIN_US,
 * WINDOW_MAX_US; the stall must be > 0 and not above the window). */
#define TRIG_PSI_WINDOW_MIN_US 500000ull
#define TRIG_PSI_WINDOW_MAX_US 10000000ull

enum trig_kind {
	TRIG_NONE, /* no --when: record at once */
	TRIG_PSI, /* psi some|full STALL/WINDOW [cgroup=PATH] */
	TRIG_OOM, /* an OOM kill (oom:mark_victim) */
	TRIG_STALL, /* stall>DUR: one allocation stall longer than DUR */
	TRIG_COMPACT_FAIL, /* compaction failed (/proc/vmstat compact_fail rises) */
};

struct trigger {
	enum trig_kind kind;
	bool full; /* psi: "full" (else "some") */
	uint64_t stall_us, window_us; /* psi */
	uint64_t threshold_ns; /* stall> */
	char cgroup[256]; /* psi: a cgroup v2 path ("" = system-wide) */
};

/* Parse a --when argument. 0, or -EINVAL with one line in d (exit 2). */
int trigger__parse(const char *s, struct trigger *t, struct ms_diag *d);
/* What the kernel is given: "some 150000 1000000". */
void trigger__psi_line(const struct trigger *t, char *buf, size_t len);
/* The trigger as the user wrote it, normalised ("psi some 150ms/1s"). */
void trigger__describe(const struct trigger *t, char *buf, size_t len);
const char *trigger__kind_name(enum trig_kind k);

#endif
