// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "host/procfs.h"
#include "host/vmstat.h"
#include "base/util.h"
#include "model/xcheck.h"

int xcheck__snap(const char *root, struct xcheck_snap *s)
{
	struct ms_vmstat vm;
	char buf[4096];
	struct pf_psi psi;
	int err;

	memset(s, 0, sizeof(*s));
	err = vmstat__read(root, &vm);
	if (err)
		return err == -ENOMEM ? err : -ENOENT;
	s->allocstall = vm.allocstall;
	s->compact_stall = vm.compact_stall;
	s->oom_kill = vm.oom_kill;
	s->node_reclaim = vm.zone_reclaim_failed + vm.zone_reclaim_success;
	s->node_counters = vm.has_zone_reclaim_failed +
			   (vm.has_zone_reclaim_failed && vm.has_zone_reclaim_success);
	s->ok = true;
	if (procfs__read(root, "/proc/pressure/memory", buf, sizeof(buf)) > 0 &&
	    !procfs__parse_psi(buf, &psi)) {
		s->psi = psi.has_some;
		s->psi_some_us = psi.some_total_us;
		s->psi_full_us = psi.full_total_us;
	}
	return 0;
}

static void count_row(struct xcheck_row *r, const char *check, uint64_t traced, uint64_t kernel,
		      const struct xcheck_traced *t, const char *kernel_name)
{
	r->check = check;
	r->traced = traced;
	r->kernel = kernel;
	r->unit = "";
	if (traced == kernel) {
		r->verdict = "match";
		snprintf(r->note, sizeof(r->note), "equal to %s", kernel_name);
		return;
	}
	r->verdict = "mismatch";
	if (traced < kernel && (t->drops || t->overflow))
		snprintf(r->note, sizeof(r->note), "%llu events dropped / %llu keys overflowed",
			 (unsigned long long)t->drops, (unsigned long long)t->overflow);
	else if (traced < kernel && t->filtered)
		snprintf(r->note, sizeof(r->note),
			 "filters (-p -t -n -c --min-us -k) leave out the rest");
	else
		snprintf(r->note, sizeof(r->note),
			 "a stall in flight at the window's edge is counted by one side only");
}

/* Node reclaim: every __node_reclaim() counts zone_reclaim_failed or (6.12
 * on) zone_reclaim_success; before, only failures are counted. */
static void node_row(struct xcheck_row *r, const struct xcheck_snap *a, const struct xcheck_snap *b,
		     const struct xcheck_traced *t)
{
	const char *check = "node reclaim stalls";

	if (a->node_counters == 2 && b->node_counters == 2) {
		count_row(r, check, t->node, b->node_reclaim - a->node_reclaim, t,
			  "the rise of zone_reclaim_failed + zone_reclaim_success");
		return;
	}
	r->check = check;
	r->traced = t->node;
	r->unit = "";
	if (!a->node_counters || !b->node_counters) {
		r->kernel = 0;
		r->verdict = "n/a";
		snprintf(r->note, sizeof(r->note),
			 "no zone_reclaim_failed in /proc/vmstat: a kernel without NUMA");
		return;
	}
	r->kernel = b->node_reclaim - a->node_reclaim;
	r->verdict = "info";
	snprintf(r->note, sizeof(r->note),
		 "zone_reclaim_failed: this kernel counts the failed node reclaims only "
		 "(zone_reclaim_success is newer)");
}

int xcheck__compare(const struct xcheck_snap *a, const struct xcheck_snap *b,
		    const struct xcheck_traced *t, struct xcheck_row *rows)
{
	int n = 0;

	if (!a->ok || !b->ok)
		return 0;
	count_row(&rows[n++], "direct reclaim stalls", t->direct, b->allocstall - a->allocstall, t,
		  "the rise of allocstall_* in /proc/vmstat");
	count_row(&rows[n++], "direct compaction stalls", t->compact,
		  b->compact_stall - a->compact_stall, t, "the rise of compact_stall");
	if (!strcmp(rows[n - 1].verdict, "mismatch") && t->compact_derived)
		snprintf(rows[n - 1].note, sizeof(rows[n - 1].note),
			 "episodes are derived here (no fexit/kretprobe): one still open at the "
			 "end is not counted");
	count_row(&rows[n++], "OOM kills", t->oom, b->oom_kill - a->oom_kill, t,
		  "the rise of oom_kill");
	node_row(&rows[n++], a, b, t);
	if (a->psi && b->psi) {
		struct xcheck_row *r = &rows[n++];

		r->check = "stall time vs PSI some";
		r->traced = t->stall_ns / 1e6;
		r->kernel = (b->psi_some_us - a->psi_some_us) / 1e3;
		r->unit = "ms";
		r->verdict = "info";
		snprintf(r->note, sizeof(r->note),
			 "PSI full +%.1f ms. memstall adds up every task's stalls (concurrent ones "
			 "twice); PSI counts wall time with any task stalled, plus refault and "
			 "swap-in "
			 "waits",
			 (b->psi_full_us - a->psi_full_us) / 1e3);
	} else {
		struct xcheck_row *r = &rows[n++];

		r->check = "stall time vs PSI some";
		r->traced = t->stall_ns / 1e6;
		r->kernel = 0;
		r->unit = "ms";
		r->verdict = "n/a";
		snprintf(r->note, sizeof(r->note),
			 "no /proc/pressure/memory: PSI is off (CONFIG_PSI, psi=1 on the command "
			 "line)");
	}
	return n;
}

enum { XC_CHECK, XC_TRACED, XC_KERNEL, XC_UNIT, XC_VERDICT, XC_NOTE, XC_NCOLS };

static const struct ms_col cols[XC_NCOLS] = {
	[XC_CHECK] = { "check", "CROSS-CHECK", -26, MS_FT_STR, 0, 0 },
	[XC_TRACED] = { "traced", "TRACED", 10, MS_FT_F64, 1, 0 },
	[XC_KERNEL] = { "kernel", "KERNEL", 10, MS_FT_F64, 1, 0 },
	[XC_UNIT] = { "unit", "", -2, MS_FT_STR, 0, 0 },
	[XC_VERDICT] = { "verdict", "VERDICT", -8, MS_FT_STR, 0, 0 },
	[XC_NOTE] = { "note", "NOTE", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};

static const struct ms_schema schema = { "crosscheck", cols, XC_NCOLS };

const struct ms_schema *xcheck__schema(void)
{
	return &schema;
}

void xcheck__render(const struct xcheck_row *rows, int n, struct ms_sink *s)
{
	struct ms_val v[XC_NCOLS];
	int i;

	sink__header(s, &schema);
	for (i = 0; i < n; i++) {
		memset(v, 0, sizeof(v));
		v[XC_CHECK].s = rows[i].check;
		v[XC_TRACED].f = rows[i].traced;
		v[XC_KERNEL].f = rows[i].kernel;
		v[XC_KERNEL].null = !strcmp(rows[i].verdict, "n/a");
		v[XC_UNIT].s = rows[i].unit;
		v[XC_VERDICT].s = rows[i].verdict;
		v[XC_NOTE].s = rows[i].note;
		sink__row(s, &schema, v);
	}
}
