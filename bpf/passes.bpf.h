/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shrink_node passes (snoop -e; kswapd's rows in hist and top): observed
 * at shrink_node's entry and exit (fentry/fexit or kprobe/kretprobe), or
 * derived from runs of LRU shrink events; the node's evidence at the first
 * anon scan; get_scan_count's targets; per-node scan totals (node_scan).
 */
#ifndef MEMSTALL_PASSES_BPF_H
#define MEMSTALL_PASSES_BPF_H

#include "record.bpf.h"
#include "output.bpf.h"
#include "current.bpf.h"
#include "hist.bpf.h"

/* One LRU shrink event, as pass tracking reads it. */
struct lru_ev {
	__u64 scanned, reclaimed, taken;
	int nid, prio, file;
};

/* The current task's record for pass tracking: a stalled task's, or
 * kswapd's (created: kswapd never begins a stall). hist keeps kswapd's
 * passes only: no record lookup for anyone else there. */
static __always_inline struct ms_inflight *pass_record(bool kswapd)
{
	struct ms_inflight *rec;

	if (hist_mode && !kswapd)
		return 0;
	rec = inflight_get(false);
	if (rec || !kswapd || !(kinds_mask & (1u << MS_KIND_KSWAPD)) || !task_wanted())
		return rec;
	return inflight_get(true);
}

/* What prepare_scan_count() weighs for global reclaim: the node's free and
 * file pages against its zones' high watermarks (file_is_tiny). */
static __always_inline void node_evidence(struct pglist_data *pgdat, int prio,
					  struct ms_node_ev *ev)
{
	unsigned int i, n, zsz = bpf_core_type_size(struct zone);
	int fa = bpf_core_enum_value(enum node_stat_item, NR_ACTIVE_FILE);
	int fi = bpf_core_enum_value(enum node_stat_item, NR_INACTIVE_FILE);
	int ai = bpf_core_enum_value(enum node_stat_item, NR_INACTIVE_ANON);
	struct zone *z;

	ev->prio = prio;
	ev->nid = BPF_CORE_READ(pgdat, node_id);
	ev->file = BPF_CORE_READ(pgdat, vm_stat[fa].counter) +
		   BPF_CORE_READ(pgdat, vm_stat[fi].counter);
	ev->inactive_anon = BPF_CORE_READ(pgdat, vm_stat[ai].counter);
	n = zsz ? bpf_core_field_size(pgdat->node_zones) / zsz : 0;
	for (i = 0; i < 6 && i < n; i++) {
		z = (void *)pgdat + bpf_core_field_offset(pgdat->node_zones) + i * zsz;
		if (ms_zone_managed(z) <= 0)
			continue;
		ev->free += BPF_CORE_READ(z, vm_stat[0].counter); /* NR_FREE_PAGES */
		ev->high += BPF_CORE_READ(z, _watermark[2]); /* WMARK_HIGH */
		if (bpf_core_field_exists(z->watermark_boost))
			ev->high += BPF_CORE_READ(z, watermark_boost);
	}
}

/* The stall a pass ran in learns its pass count and lowest priority. */
static __always_inline void count_pass(struct ms_frame *f, int prio, bool observed)
{
	f->nr_passes++;
	f->flags |= observed ? MS_EVF_PASSES : MS_EVF_PASSES_DERIVED;
	note_prio(f, prio);
}

static __always_inline void open_pass(struct ms_inflight *rec, int nid, int prio, __u64 start,
				      bool kswapd)
{
	struct ms_pass *p = &rec->pass;
	struct ms_frame *f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;

	__builtin_memset(p, 0, sizeof(*p));
	p->start_ns = start;
	p->nid = nid;
	p->prio = prio;
	p->reclaim_idx = -1;
	p->stall_kind = f ? (int)f->kind : -1;
	p->flags = kswapd ? MS_PF_KSWAPD : 0;
	rec->p_open = 1;
	rec->p_depth = rec->depth;
	if (f)
		count_pass(f, prio, passes_observed);
}

/* A pass ends: into kswapd's histogram (hist) or out as an event. */
static __always_inline void close_pass(void *ctx, struct ms_inflight *rec, __u64 end_ns)
{
	struct ms_pass *p = &rec->pass;
	struct ms_event *e;
	__u64 lat;

	rec->p_open = 0;
	rec->p_end_ns = end_ns;
	lat = end_ns > p->start_ns ? end_ns - p->start_ns : 0;
	if (!(p->flags & MS_PF_KSWAPD) && p->stall_kind < 0)
		return; /* neither kswapd nor a traced stall: nothing to attribute it to */
	if (hist_mode) {
		struct ms_hkey k = {};

		if (!(p->flags & MS_PF_KSWAPD))
			return;
		k.kind = MS_KIND_KSWAPD;
		if (hist_by & MS_BY_NODE)
			k.node = p->nid;
		if (hist_by & MS_BY_LRU)
			k.lru = ms_lru_class(p->scanned[0], p->scanned[1]);
		hist_add(&k, lat, p->scanned[0] + p->scanned[1], p->reclaimed[0] + p->reclaimed[1]);
		return;
	}
	if ((p->flags & MS_PF_KSWAPD) && !(kinds_mask & (1u << MS_KIND_KSWAPD)))
		return;
	e = ev_reserve(MS_EV_SIZE(pass));
	if (!e)
		return;
	ev_header(e, MS_EV_PASS, end_ns);
	e->lat_ns = lat;
	__builtin_memcpy(&e->pass, p, sizeof(*p));
	ev_submit(ctx, e);
}

/* Evidence at the first anon scan of the pass, copied into its stall. */
static __always_inline void take_evidence(struct ms_inflight *rec, int nid, int prio)
{
	struct ms_pass *p = &rec->pass;
	struct pglist_data *pgdat;
	struct ms_frame *f;

	pgdat = rec->p_pgdat ? (void *)rec->p_pgdat : ms_node_pgdat(nid);
	if (!pgdat)
		return;
	node_evidence(pgdat, prio, &p->ev);
	p->flags |= MS_PF_EVIDENCE;
	f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;
	if (f && !(f->flags & MS_EVF_EVIDENCE)) {
		__builtin_memcpy(&f->ev, &p->ev, sizeof(f->ev));
		f->flags |= MS_EVF_EVIDENCE;
	}
}

/* An LRU shrink event (lru_shrink_inactive, or _active): into the open
 * pass; derived passes begin and end here. */
static __always_inline void pass_lru(void *ctx, struct lru_ev *ev)
{
	int nid = ev->nid, prio = ev->prio, file = ev->file & 1;
	struct ms_inflight *rec;
	struct ms_frame *f;
	struct ms_pass *p;
	__u64 now, start;
	bool kswapd;

	kswapd = current_is_kswapd();
	rec = pass_record(kswapd);
	if (!rec)
		return;
	p = &rec->pass;
	if (!passes_observed) {
		now = bpf_ktime_get_ns();
		if (rec->p_open && (p->nid != nid || p->prio != prio || rec->p_depth != rec->depth))
			close_pass(ctx, rec, rec->p_last_ns);
		if (!rec->p_open) {
			start = now;
			f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;
			if (f) /* from the stall's start or the task's previous pass */
				start = rec->p_end_ns > f->start_ns ? rec->p_end_ns : f->start_ns;
			open_pass(rec, nid, prio, start, kswapd);
		}
		rec->p_last_ns = now;
	} else if (!rec->p_open) {
		return;
	}
	p->nevents++;
	p->scanned[file] += ev->scanned;
	p->reclaimed[file] += ev->reclaimed;
	p->active_taken += ev->taken;
	if (want_evidence && !file && ev->scanned && !(p->flags & MS_PF_EVIDENCE))
		take_evidence(rec, nid, prio);
}

/* shrink_node entry (fentry/kprobe) */
static __always_inline int pass_enter(struct pglist_data *pgdat, struct scan_control *sc)
{
	struct mem_cgroup *memcg;
	struct ms_inflight *rec;
	struct ms_pass *p;
	bool kswapd;

	/* hist tracks kswapd's passes only; a stalled task's record still counts */
	kswapd = current_is_kswapd();
	rec = hist_mode && !kswapd ? inflight_get(false) : pass_record(kswapd);
	if (!rec)
		return 0;
	if (!track_passes || (hist_mode && !kswapd)) {
		/* the stall still learns its pass count and lowest priority */
		struct ms_frame *f = rec->depth ? frame_at(rec, rec->depth - 1) : 0;

		if (f)
			count_pass(f, ms_sc_int(sc, priority), true);
		return 0;
	}
	open_pass(rec, BPF_CORE_READ(pgdat, node_id), ms_sc_int(sc, priority), bpf_ktime_get_ns(),
		  kswapd);
	p = &rec->pass;
	p->flags |= MS_PF_OBSERVED;
	p->nr_to_reclaim = ms_sc_int(sc, nr_to_reclaim);
	p->reclaim_idx = ms_sc_int(sc, reclaim_idx);
	memcg = BPF_CORE_READ(sc, target_mem_cgroup);
	p->memcg_id = memcg ? ms_css_id(&memcg->css) : 0;
	rec->p_sc = (__u64)sc;
	rec->p_pgdat = (__u64)pgdat;
	rec->p_sc_scanned0 = ms_sc_int(sc, nr_scanned);
	rec->p_sc_reclaimed0 = ms_sc_int(sc, nr_reclaimed);
	return 0;
}

/* shrink_node return (fexit, or kretprobe with sc == NULL) */
static __always_inline int pass_exit(void *ctx, struct scan_control *sc)
{
	struct ms_inflight *rec = inflight_get(false);
	struct ms_pass *p;

	if (!rec || !rec->p_open || !(rec->pass.flags & MS_PF_OBSERVED))
		return 0;
	p = &rec->pass;
	if (!sc)
		sc = (void *)rec->p_sc;
	p->sc_scanned = ms_sc_int(sc, nr_scanned) - rec->p_sc_scanned0;
	p->sc_reclaimed = ms_sc_int(sc, nr_reclaimed) - rec->p_sc_reclaimed0;
	rec->p_pgdat = 0;
	close_pass(ctx, rec, bpf_ktime_get_ns());
	return 0;
}

/* get_scan_count's output, nr[NR_LRU_LISTS] (inactive/active anon, file) */
static __always_inline int scan_count_exit(unsigned long *nr)
{
	struct ms_inflight *rec = inflight_get(false);
	unsigned long v[4] = {};
	struct ms_pass *p;

	if (!rec || !rec->p_open || !nr)
		return 0;
	p = &rec->pass;
	bpf_probe_read_kernel(v, sizeof(v), nr);
	p->targets[0] += v[0];
	p->targets[1] += v[1];
	p->targets[2] += v[2];
	p->targets[3] += v[3];
	p->flags |= MS_PF_TARGETS;
	return 0;
}

/* lru_shrink_inactive into its node's totals */
static __always_inline void node_count(__u64 *ctx)
{
	__u32 nid = (__u32)ctx[0];
	int file = ctx[5] ? 1 : 0;
	struct ms_node_scan *n = bpf_map_lookup_elem(&node_scan, &nid);

	if (!n)
		return;
	n->scanned[file] += ctx[1];
	n->reclaimed[file] += ctx[2];
	if (current_is_kswapd()) {
		n->kswapd_scanned[file] += ctx[1];
		n->kswapd_reclaimed[file] += ctx[2];
	}
}

/* kswapd goes to sleep or starts a new balance_pgdat(): its pass is over */
static __always_inline int on_kswapd_edge(__u64 *ctx)
{
	struct ms_inflight *rec;

	if (!track_passes || passes_observed)
		return 0;
	rec = inflight_get(false);
	if (rec && rec->p_open)
		close_pass(ctx, rec, rec->p_last_ns);
	return 0;
}

#endif /* MEMSTALL_PASSES_BPF_H */
