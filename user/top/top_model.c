// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/event.h"
#include "top/top_model.h"
#include "base/util.h"

#define TOP_HASH 16384 /* > 2 x MS_HIST_MAX_KEYS: open addressing stays short */

struct top_table {
	struct top_row *rows;
	int n, cap;
	int hash[TOP_HASH]; /* index + 1, 0 = empty */
};

#define TT_KSWAPD 2 /* the table of kswapd's rows, after TV_PROC and TV_CGROUP */
#define TOP_TABLES 3

/* Indices of a table's rows a view shows, in order. */
struct selection {
	int *idx;
	int n, cap;
};

struct top_model {
	struct top_table t[TOP_TABLES];
	struct selection sel; /* the view's rows the filter keeps, sorted */
	struct selection ksel; /* kswapd's rows the filter keeps, by comm */
	enum top_view_kind sel_kind;
	double seconds;
	uint64_t now_ns, start_ns, last_stall_ns, stalls;
	bool have_sys, have_prev;
	struct top_sys sys, prev;
	struct top_rates rates;
	struct top_oom oom[TOP_MAX_OOMS];
	int noom, oom_head;
	/* per-node scan totals: the last reading, and the tick's difference */
	struct ms_node_scan node_total[TOP_MAX_NODES];
	struct top_node nodes[TOP_MAX_NODES];
	int nnodes; /* -1: no counts */
};

static const char *const gfp_classes[TOP_GFP_CLASSES] = {
	"thp", "user", "kernel", "nofs", "noio", "atomic", "other", "-",
};

struct top_model *top_model__new(void)
{
	struct top_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->start_ns = util__now_ns();
	m->nnodes = -1;
	return m;
}

void top_model__free(struct top_model *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < TOP_TABLES; i++)
		free(m->t[i].rows);
	free(m->sel.idx);
	free(m->ksel.idx);
	free(m);
}

void top_model__begin(struct top_model *m, double seconds, uint64_t now_ns)
{
	int i;

	for (i = 0; i < TOP_TABLES; i++) {
		m->t[i].n = 0;
		memset(m->t[i].hash, 0, sizeof(m->t[i].hash));
	}
	m->seconds = seconds > 0 ? seconds : 1;
	m->now_ns = now_ns;
	if (!m->start_ns || m->start_ns > now_ns)
		m->start_ns = now_ns;
	m->stalls = 0;
	m->sel.n = 0;
	m->ksel.n = 0;
}

static unsigned int key_hash(uint32_t tgid, const char *comm, uint64_t cg)
{
	uint64_t h = 1469598103934665603ull ^ tgid;

	h = (h ^ cg) * 1099511628211ull;
	while (*comm)
		h = (h ^ (unsigned char)*comm++) * 1099511628211ull;
	return (unsigned int)(h ^ (h >> 29)) % TOP_HASH;
}

static struct top_row *table_get(struct top_table *t, uint32_t tgid, const char *comm, uint64_t cg,
				 const char *cgname)
{
	unsigned int h = key_hash(tgid, comm, cg), probes;
	struct top_row *r;

	for (probes = 0; probes < TOP_HASH; probes++, h = (h + 1) % TOP_HASH) {
		if (!t->hash[h])
			break;
		r = &t->rows[t->hash[h] - 1];
		if (r->tgid == tgid && r->cgroup_id == cg && !strcmp(r->comm, comm))
			return r;
	}
	if (probes == TOP_HASH || t->n >= TOP_HASH / 2)
		return NULL;
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 64;
		struct top_row *nr = realloc(t->rows, cap * sizeof(*nr));

		if (!nr)
			return NULL;
		t->rows = nr;
		t->cap = cap;
	}
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->tgid = tgid;
	util__strlcpy(r->comm, comm, sizeof(r->comm));
	r->cgroup_id = cg;
	util__strlcpy(r->cgroup, cgname ? cgname : "-", sizeof(r->cgroup));
	t->hash[h] = t->n;
	return r;
}

static int gfp_index(const char *cls)
{
	int i;

	if (!cls)
		return TOP_GFP_CLASSES - 1;
	for (i = 0; i < TOP_GFP_CLASSES - 1; i++)
		if (!strcmp(cls, gfp_classes[i]))
			return i;
	return TOP_GFP_CLASSES - 2; /* other */
}

static void row_add(struct top_row *a, const struct hist_row *r)
{
	int s, o = r->key.order;

	a->count += r->count;
	a->total_ns += r->total_ns;
	a->scanned += r->scanned;
	a->reclaimed += r->reclaimed;
	if (r->max_ns > a->max_ns)
		a->max_ns = r->max_ns;
	if (r->key.kind == MS_KIND_COMPACT)
		a->compact_ns += r->total_ns;
	else
		a->reclaim_ns += r->total_ns;
	for (s = 0; s < MS_HIST_SLOTS; s++)
		a->slots[s] += r->slots[s];
	if (o >= 0 && o < TOP_ORDERS)
		a->order_cnt[o] += r->count;
	a->gfp_cnt[gfp_index(r->gfp_class)] += r->count;
}

struct top_row *top_model__row(struct top_model *m, enum top_view_kind k, int i)
{
	return k < TV_ZONE && i >= 0 && i < m->t[k].n ? &m->t[k].rows[i] : NULL;
}

int top_model__add(struct top_model *m, const struct hist_row *r, const char *cgroup_name)
{
	struct top_row *p, *c;

	if (!r->count)
		return 0;
	if (!event__is_stall(r->key.kind)) {
		/* background reclaim: a row of its own, no cgroup's, not a stall */
		p = table_get(&m->t[TT_KSWAPD], r->key.tgid, r->key.comm, r->key.cgroup,
			      cgroup_name);
		if (!p)
			return -ENOMEM;
		row_add(p, r);
		return 0;
	}
	p = table_get(&m->t[TV_PROC], r->key.tgid, r->key.comm, r->key.cgroup, cgroup_name);
	c = table_get(&m->t[TV_CGROUP], 0, "", r->key.cgroup, cgroup_name);
	if (!p || !c)
		return -ENOMEM;
	if (!p->count)
		c->nprocs++;
	row_add(p, r);
	row_add(c, r);
	m->stalls += r->count;
	m->last_stall_ns = m->now_ns;
	return 0;
}

static double rate(uint64_t a, uint64_t b, double s)
{
	return b >= a ? (double)(b - a) / s : 0;
}

void top_model__set_sys(struct top_model *m, const struct top_sys *s)
{
	struct top_rates *r = &m->rates;
	const struct top_sys *p = &m->sys;
	double sec;
	int i;

	if (m->have_sys) {
		m->prev = m->sys;
		m->have_prev = true;
	}
	memset(r, 0, sizeof(*r));
	r->oom_kill_total = s->oom_kill;
	r->drops = s->drops;
	if (m->have_prev || m->have_sys) {
		sec = s->mono_ns > p->mono_ns ? (double)(s->mono_ns - p->mono_ns) / 1e9
					      : m->seconds;
		r->seconds = sec;
		r->allocstall = rate(p->allocstall, s->allocstall, sec);
		r->pgscan_direct = rate(p->pgscan_direct, s->pgscan_direct, sec);
		r->pgscan_kswapd = rate(p->pgscan_kswapd, s->pgscan_kswapd, sec);
		r->pgsteal = rate(p->pgsteal, s->pgsteal, sec);
		r->compact_stall = rate(p->compact_stall, s->compact_stall, sec);
		r->compact_fail = rate(p->compact_fail, s->compact_fail, sec);
		r->oom_kill = s->oom_kill >= p->oom_kill ? s->oom_kill - p->oom_kill : 0;
		r->drops = s->drops >= p->drops ? s->drops - p->drops : 0;
		r->self_cpu_pct = rate(p->self_cpu_ns, s->self_cpu_ns, sec) / 1e7;
		for (i = 0; i < s->kt.n && i < p->kt.n; i++)
			r->kt_cpu_pct[i] = rate(p->kt_cpu_ns[i], s->kt_cpu_ns[i], sec) / 1e7;
		if (s->bpf_stats && p->bpf_stats && s->run_cnt >= p->run_cnt) {
			uint64_t dc = s->run_cnt - p->run_cnt;
			uint64_t dt = s->run_time_ns >= p->run_time_ns
					      ? s->run_time_ns - p->run_time_ns
					      : 0;

			r->have_cost = true;
			r->events_s = (double)dc / sec;
			r->ns_event = dc ? (double)dt / (double)dc : 0;
			r->cpu_pct = (double)dt / sec / 1e7;
		}
	}
	m->sys = *s;
	m->have_sys = true;
}

/* A share in percent, -1 when there is nothing to share. */
static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : -1;
}

static uint64_t delta(uint64_t prev, uint64_t now)
{
	return now >= prev ? now - prev : 0;
}

void top_model__set_nodes(struct top_model *m, const struct ms_node_scan *total, int n)
{
	int i, j;

	if (n > TOP_MAX_NODES)
		n = TOP_MAX_NODES;
	if (n < 0)
		n = 0;
	for (i = 0; i < n; i++) {
		const struct ms_node_scan *t = &total[i], *p = &m->node_total[i];
		struct top_node *d = &m->nodes[i];
		uint64_t scanned, reclaimed;

		memset(d, 0, sizeof(*d));
		d->node = i;
		for (j = 0; j < 2; j++) {
			d->scanned[j] = delta(p->scanned[j], t->scanned[j]);
			d->reclaimed[j] = delta(p->reclaimed[j], t->reclaimed[j]);
			d->kswapd_scanned += delta(p->kswapd_scanned[j], t->kswapd_scanned[j]);
			d->kswapd_reclaimed +=
				delta(p->kswapd_reclaimed[j], t->kswapd_reclaimed[j]);
		}
		scanned = d->scanned[0] + d->scanned[1];
		reclaimed = d->reclaimed[0] + d->reclaimed[1];
		d->scanned_s = (double)scanned / m->seconds;
		d->reclaimed_s = (double)reclaimed / m->seconds;
		d->eff_pct = share(reclaimed, scanned);
		d->anon_pct = share(d->scanned[0], scanned);
		d->kswapd_pct = share(d->kswapd_scanned, scanned);
		m->node_total[i] = *t;
	}
	m->nnodes = n;
}

int top_model__nnodes(const struct top_model *m)
{
	return m->nnodes;
}

const struct top_node *top_model__node(const struct top_model *m, int i)
{
	return i >= 0 && i < m->nnodes ? &m->nodes[i] : NULL;
}

void top_model__add_oom(struct top_model *m, const struct top_oom *k)
{
	m->oom[m->oom_head] = *k;
	m->oom_head = (m->oom_head + 1) % TOP_MAX_OOMS;
	if (m->noom < TOP_MAX_OOMS)
		m->noom++;
}

static void row_finish(struct top_row *r, double sec)
{
	uint64_t best = 0;
	int i;

	r->rate = (double)r->count / sec;
	r->ms_s = (double)r->total_ns / 1e6 / sec;
	r->mean_ms = r->count ? (double)r->total_ns / 1e6 / (double)r->count : 0;
	r->p99_ms = hist__quantile(r->slots, r->count, 0.99) / 1e6;
	r->max_ms = (double)r->max_ns / 1e6;
	/* a slot midpoint can overshoot the true maximum: never show p99 > max */
	if (r->p99_ms > r->max_ms)
		r->p99_ms = r->max_ms;
	r->reclaimed_s = (double)r->reclaimed / sec;
	r->scanned_s = (double)r->scanned / sec;
	r->eff_pct = share(r->reclaimed, r->scanned);
	r->reclaim_pct = r->total_ns ? 100.0 * (double)r->reclaim_ns / (double)r->total_ns : 0;
	r->dom_order = -1;
	for (i = 0; i < TOP_ORDERS; i++)
		if (r->order_cnt[i] > best) {
			best = r->order_cnt[i];
			r->dom_order = i;
		}
	best = 0;
	r->dom_gfp = "-";
	for (i = 0; i < TOP_GFP_CLASSES - 1; i++)
		if (r->gfp_cnt[i] > best) {
			best = r->gfp_cnt[i];
			r->dom_gfp = gfp_classes[i];
		}
}

void top_model__finish(struct top_model *m)
{
	int t, i;

	for (t = 0; t < TOP_TABLES; t++)
		for (i = 0; i < m->t[t].n; i++)
			row_finish(&m->t[t].rows[i], m->seconds);
}

bool top_row__matches(const struct top_row *r, const char *filter)
{
	char pid[16];

	if (!filter || !*filter)
		return true;
	if (strstr(r->comm, filter) || strstr(r->cgroup, filter))
		return true;
	if (!r->tgid)
		return false;
	snprintf(pid, sizeof(pid), "%u", r->tgid);
	return !strcmp(pid, filter);
}

static double sort_val(const struct top_row *r, enum top_sort s)
{
	switch (s) {
	case TS_PID:
		return r->tgid;
	case TS_RATE:
		return r->rate;
	case TS_MS:
		return r->ms_s;
	case TS_MEAN:
		return r->mean_ms;
	case TS_P99:
		return r->p99_ms;
	case TS_MAX:
		return r->max_ms;
	case TS_RECLAIMED:
		return r->reclaimed_s;
	default:
		return 0;
	}
}

static int cmp_rows(const struct top_row *a, const struct top_row *b, enum top_sort s,
		    enum top_view_kind k)
{
	double x, y;
	int c;

	if (s == TS_NAME) {
		c = k == TV_CGROUP ? strcmp(a->cgroup, b->cgroup) : strcmp(a->comm, b->comm);
		return c < 0 ? -1 : c > 0;
	}
	x = sort_val(a, s);
	y = sort_val(b, s);
	return x < y ? -1 : x > y;
}

/* qsort has no context argument: a merge sort of the index array. */
static void msort(int *idx, int *tmp, int n, const struct top_row *rows, enum top_sort s,
		  enum top_view_kind k, bool asc)
{
	int mid = n / 2, i = 0, j = mid, o = 0;

	if (n < 2)
		return;
	msort(idx, tmp, mid, rows, s, k, asc);
	msort(idx + mid, tmp, n - mid, rows, s, k, asc);
	while (i < mid && j < n) {
		int c = cmp_rows(&rows[idx[i]], &rows[idx[j]], s, k);

		if (!c) /* ties: by stall time, then by pid: a stable, total order */
			c = cmp_rows(&rows[idx[i]], &rows[idx[j]], TS_MS, k);
		if (!c)
			c = rows[idx[j]].tgid < rows[idx[i]].tgid ? 1 : -1;
		tmp[o++] = (asc ? c <= 0 : c >= 0) ? idx[i++] : idx[j++];
	}
	while (i < mid)
		tmp[o++] = idx[i++];
	while (j < n)
		tmp[o++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

/* kswapd's rows the filter keeps, by name (kswapd0, kswapd1, ...). */
/* The rows of t the filter keeps, into *sel (grown to fit), sorted. */
static void select_rows(struct selection *sel, const struct top_table *t, const char *filter,
			enum top_sort sort, enum top_view_kind kind, bool asc)
{
	int i, *tmp;

	sel->n = 0;
	if (sel->cap < t->n) {
		int *ns = realloc(sel->idx, t->n * sizeof(*ns));

		if (!ns)
			return;
		sel->idx = ns;
		sel->cap = t->n;
	}
	for (i = 0; i < t->n; i++)
		if (top_row__matches(&t->rows[i], filter))
			sel->idx[sel->n++] = i;
	tmp = malloc((sel->n ? sel->n : 1) * sizeof(*tmp));
	if (!tmp) {
		sel->n = 0;
		return;
	}
	msort(sel->idx, tmp, sel->n, t->rows, sort, kind, asc);
	free(tmp);
}

void top_model__select(struct top_model *m, const struct top_view *v)
{
	m->sel.n = 0;
	m->ksel.n = 0;
	m->sel_kind = v->kind;
	/* kswapd's rows under the processes, by name */
	if (v->kind == TV_PROC)
		select_rows(&m->ksel, &m->t[TT_KSWAPD], v->filter, TS_NAME, TV_PROC, true);
	if (v->kind != TV_PROC && v->kind != TV_CGROUP)
		return;
	/* names sort A..Z by default, numbers highest first */
	select_rows(&m->sel, &m->t[v->kind], v->filter, v->sort, v->kind,
		    v->sort == TS_NAME ? !v->reverse : v->reverse);
}

int top_model__nsel(const struct top_model *m)
{
	return m->sel.n;
}

const struct top_row *top_model__sel(const struct top_model *m, int i)
{
	if (i < 0 || i >= m->sel.n || m->sel_kind > TV_CGROUP)
		return NULL;
	return &m->t[m->sel_kind].rows[m->sel.idx[i]];
}

int top_model__nrows(const struct top_model *m, enum top_view_kind k)
{
	return k <= TV_CGROUP ? m->t[k].n : 0;
}

int top_model__nkswapd(const struct top_model *m)
{
	return m->ksel.n;
}

const struct top_row *top_model__kswapd(const struct top_model *m, int i)
{
	return i >= 0 && i < m->ksel.n ? &m->t[TT_KSWAPD].rows[m->ksel.idx[i]] : NULL;
}

const struct top_rates *top_model__rates(const struct top_model *m)
{
	return m->have_prev ? &m->rates : NULL;
}

const struct top_sys *top_model__sys(const struct top_model *m)
{
	return m->have_sys ? &m->sys : NULL;
}

int top_model__noom(const struct top_model *m)
{
	return m->noom;
}

const struct top_oom *top_model__oom(const struct top_model *m, int i)
{
	if (i < 0 || i >= m->noom)
		return NULL;
	return &m->oom[(m->oom_head - 1 - i + 2 * TOP_MAX_OOMS) % TOP_MAX_OOMS];
}

uint64_t top_model__stalls(const struct top_model *m)
{
	return m->stalls;
}

double top_model__idle_s(const struct top_model *m)
{
	uint64_t since = m->last_stall_ns ? m->last_stall_ns : m->start_ns;

	return m->now_ns > since ? (double)(m->now_ns - since) / 1e9 : 0;
}

uint64_t top_model__now_ns(const struct top_model *m)
{
	return m->now_ns;
}

double top_model__seconds(const struct top_model *m)
{
	return m->seconds;
}
