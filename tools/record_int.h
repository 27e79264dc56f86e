/* SPDX-License-Identifier: GPL-2.0 */
/* memstall record's state, shared by tools/record.c (the loops) and
 * tools/record_fin.c (a bundle's names, snapshots and last files). */
#ifndef MS_RECORD_INT_H
#define MS_RECORD_INT_H

#include <stdio.h>
#include "cli/cli_record.h"
#include "kernel/tracer.h"
#include "model/recout.h"
#include "model/stackread.h"
#include "model/xcheck.h"

struct rec_run {
	struct record_opts *o;
	struct session *s;
	struct hist_model *h;
	struct oom_model *om;
	int psi_fd;
	char psi_path[4400];
	/* armed: the last --pre of intervals, as their JSON lines */
	char **ring;
	uint32_t ring_cap, ring_next;
	char *pending[8]; /* kills seen while armed, as JSON lines */
	uint32_t npending;
	double iv_start; /* the current interval's start, Unix seconds */
	bool fired, capturing;
	double fired_unix;
	char why[4500]; /* what fired (a PSI trigger: its file's path) */
	uint64_t compact_fail0;
	bool compact_fail0_ok;
	/* the capture */
	struct bundle *b;
	FILE *hist_f, *oom_f;
	struct recout_totals tot;
	struct recout_totals armed_tot; /* since armed: the cgroups of the lead-up */
	double start_unix, end_unix;
	uint64_t intervals, kills;
	struct xcheck_snap x0;
	struct ms_counters c0;
	char cgroups[8][256]; /* the cgroups a snapshot reads (involved()) */
	int ncgroups;
	char last_stamp[32]; /* --keep: the last bundle's date-time */
	/* --stacks: kallsyms loaded before the capabilities go; --user-stacks:
	 * the processes' mappings, captured while they live */
	struct ksyms *ksyms;
	struct usyms *usyms;
	struct stackread_stats stk; /* the last capture's reading */
	int stacks_gen; /* the stacks generation the programs write now */
	int stacks_cut; /* the capture's, cut by its last interval (-1: none) */
};

void rec__fire(struct rec_run *r, const char *why);
/* -o (or a dated name); with --keep, -o plus the capture's UTC date-time. */
void rec__bundle_name(struct rec_run *r, unsigned int nth, char *buf, size_t len);
/* The cgroup v2 mount --when psi cgroup= is under. */
const char *rec__cg2_root(const struct rec_run *r);
void rec__snapshot(struct rec_run *r, const char *phase);
void rec__counters0(struct rec_run *r);
/* --stacks: ksyms (and usyms) before the capabilities go. 0 or -errno. */
int rec__stacks_setup(struct rec_run *r, struct ms_diag *d);
/* --stacks: keep only the generation written now (a capture starts). */
void rec__stacks_reset(struct rec_run *r);
/* --stacks, after an interval's histograms (sgen: the stacks generation
 * that flip cut, -1: none): outside a capture, delete it; a capture's last
 * keeps it for stacks.jsonl; note the processes (--user-stacks). */
void rec__stacks_note(struct rec_run *r, int sgen, bool last);
/* The last files (stacks.jsonl with --stacks), the manifest, --html, the
 * archive. */
int rec__finish(struct rec_run *r, const char *out, struct ms_diag *d);

#endif
