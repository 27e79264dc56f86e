// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "output/json.h"
#include "model/stall.h"
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

static const char *const sort_names[TS_MAXKEY] = {
	[TS_PID] = "pid",	[TS_NAME] = "name",
	[TS_RATE] = "stalls/s", [TS_MS] = "ms/s",
	[TS_MEAN] = "mean",	[TS_P99] = "p99",
	[TS_MAX] = "max",	[TS_RECLAIMED] = "reclaimed/s",
};

static const char *const view_names[TV_MAX] = {
	[TV_PROC] = "processes",
	[TV_CGROUP] = "cgroups",
	[TV_ZONE] = "nodes/zones",
	[TV_OOM] = "OOM kills",
};

const char *top_sort__name(enum top_sort s)
{
	return s < TS_MAXKEY ? sort_names[s] : "?";
}

const char *top_view__name(enum top_view_kind k)
{
	return k < TV_MAX ? view_names[k] : "?";
}

/* ---- /proc and BPF run-stat snapshot ---- */

static void read_prog_stats(struct top_sys *s)
{
	char path[300], buf[1024];
	struct dirent *de;
	DIR *dir;
	int64_t on = 0;

	s->bpf_stats = !procfs__read_i64("/", "/proc/sys/kernel/bpf_stats_enabled", &on) && on;
	dir = opendir("/proc/self/fdinfo");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		uint64_t cnt = 0, ns = 0, id = 0;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%s", de->d_name);
		/* a link's fdinfo names its program too: count programs once */
		if (util__read_file(path, buf, sizeof(buf)) <= 0 ||
		    !procfs__kv(buf, "prog_id", &id) || strstr(buf, "link_type:"))
			continue;
		procfs__kv(buf, "run_cnt", &cnt);
		procfs__kv(buf, "run_time_ns", &ns);
		s->nprogs++;
		s->run_cnt += cnt;
		s->run_time_ns += ns;
	}
	closedir(dir);
}

static bool is_kthread_name(const char *comm)
{
	const char *p = !strncmp(comm, "kswapd", 6)	 ? comm + 6
			: !strncmp(comm, "kcompactd", 9) ? comm + 9
							 : NULL;

	if (!p || !*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int top_sys__find_kthreads(const char *root, struct top_kthreads *kt)
{
	char rel[64], comm[64];
	struct dirent *de;
	DIR *dir;

	memset(kt, 0, sizeof(*kt));
	snprintf(comm, sizeof(comm), "%s/proc", root);
	dir = opendir(comm);
	if (!dir)
		return 0;
	while ((de = readdir(dir)) && kt->n < TOP_MAX_KTHREADS) {
		uint32_t pid;

		if (util__parse_u32(de->d_name, &pid))
			continue;
		snprintf(rel, sizeof(rel), "/proc/%u/comm", pid);
		if (procfs__read(root, rel, comm, sizeof(comm)) <= 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		if (!is_kthread_name(comm))
			continue;
		util__strlcpy(kt->t[kt->n].comm, comm, sizeof(kt->t[0].comm));
		kt->t[kt->n++].pid = (int)pid;
	}
	closedir(dir);
	return kt->n;
}

/* utime + stime of a task in ns, 0 if unreadable. */
static uint64_t task_cpu_ns(const char *root, int pid)
{
	unsigned long long ut, st;
	char rel[64], buf[1024];
	const char *p;
	long hz = sysconf(_SC_CLK_TCK);

	snprintf(rel, sizeof(rel), "/proc/%d/stat", pid);
	if (procfs__read(root, rel, buf, sizeof(buf)) <= 0)
		return 0;
	/* after the comm's closing parenthesis: state is field 3, utime 14 */
	p = strrchr(buf, ')');
	if (!p ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (ut + st) * (1000000000ull / (uint64_t)(hz > 0 ? hz : 100));
}

int top_sys__read(const char *root, const struct top_kthreads *kt, struct top_sys *s)
{
	static const char *const stalls[] = { "allocstall_dma", "allocstall_dma32",
					      "allocstall_normal", "allocstall_movable",
					      "allocstall_device" };
	static const char *const steals[] = { "pgsteal_kswapd", "pgsteal_direct",
					      "pgsteal_khugepaged", "pgsteal_proactive" };
	const size_t size = 1 << 18;
	struct rusage ru;
	uint64_t v;
	size_t i;
	char *buf;

	memset(s, 0, sizeof(*s));
	s->mono_ns = util__now_ns();
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	if (procfs__read(root, "/proc/vmstat", buf, size) > 0) {
		s->vmstat_ok = true;
		for (i = 0; i < ARRAY_SIZE(stalls); i++)
			if (procfs__kv(buf, stalls[i], &v))
				s->allocstall += v;
		for (i = 0; i < ARRAY_SIZE(steals); i++)
			if (procfs__kv(buf, steals[i], &v))
				s->pgsteal += v;
		procfs__kv(buf, "pgscan_direct", &s->pgscan_direct);
		procfs__kv(buf, "pgscan_kswapd", &s->pgscan_kswapd);
		procfs__kv(buf, "compact_stall", &s->compact_stall);
		procfs__kv(buf, "compact_fail", &s->compact_fail);
		procfs__kv(buf, "oom_kill", &s->oom_kill);
	}
	if (procfs__read(root, "/proc/pressure/memory", buf, size) > 0)
		s->psi_ok = !procfs__parse_psi(buf, &s->psi);
	if (procfs__read(root, "/proc/zoneinfo", buf, size) > 0)
		procfs__parse_zoneinfo(buf, &s->zi);
	free(buf);
	if (kt) {
		s->kt = *kt;
		for (i = 0; i < (size_t)kt->n; i++)
			s->kt_cpu_ns[i] = task_cpu_ns(root, kt->t[i].pid);
	}
	if (!strcmp(root, "/")) {
		read_prog_stats(s);
		if (!getrusage(RUSAGE_SELF, &ru))
			s->self_cpu_ns =
				(uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
					1000000000ull +
				(uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
	}
	return 0;
}

/* ---- the model ---- */

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
	if (r->key.kind == MS_KIND_KSWAPD) {
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

/* ---- JSON frame ---- */

/* A number, or null when it is not known. */
static void jkv_f64_or_null(struct json_writer *w, const char *k, bool known, double v, int prec)
{
	if (known)
		jw__kv_f64(w, k, v, prec);
	else
		jw__kv_null(w, k);
}

/* A percentage, or null when nothing was scanned. */
static void jkv_pct(struct json_writer *w, const char *k, double pct)
{
	jkv_f64_or_null(w, k, pct >= 0, pct, 1);
}

static void json_kswapd(struct top_model *m, struct json_writer *w)
{
	int i;

	select_rows(&m->ksel, &m->t[TT_KSWAPD], "", TS_NAME, TV_PROC, true);
	jw__arr_begin(w);
	for (i = 0; i < m->ksel.n; i++) {
		const struct top_row *r = top_model__kswapd(m, i);

		jw__obj_begin(w);
		jw__kv_u64(w, "pid", r->tgid);
		jw__kv_str(w, "comm", r->comm);
		jw__kv_u64(w, "passes", r->count);
		jw__kv_f64(w, "passes_s", r->rate, 2);
		jw__kv_f64(w, "pass_ms_s", r->ms_s, 3);
		jw__kv_f64(w, "mean_ms", r->mean_ms, 3);
		jw__kv_f64(w, "p99_ms", r->p99_ms, 3);
		jw__kv_f64(w, "max_ms", r->max_ms, 3);
		jw__kv_u64(w, "scanned", r->scanned);
		jw__kv_u64(w, "reclaimed", r->reclaimed);
		jkv_pct(w, "efficiency_pct", r->eff_pct);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void json_nodes(const struct top_model *m, struct json_writer *w)
{
	int i;

	if (m->nnodes < 0) {
		jw__null(w);
		return;
	}
	jw__arr_begin(w);
	for (i = 0; i < m->nnodes; i++) {
		const struct top_node *n = &m->nodes[i];

		jw__obj_begin(w);
		jw__kv_i64(w, "node", n->node);
		jw__kv_u64(w, "scanned_anon", n->scanned[0]);
		jw__kv_u64(w, "scanned_file", n->scanned[1]);
		jw__kv_u64(w, "reclaimed_anon", n->reclaimed[0]);
		jw__kv_u64(w, "reclaimed_file", n->reclaimed[1]);
		jw__kv_u64(w, "kswapd_scanned", n->kswapd_scanned);
		jw__kv_u64(w, "kswapd_reclaimed", n->kswapd_reclaimed);
		jw__kv_f64(w, "scanned_s", n->scanned_s, 1);
		jw__kv_f64(w, "reclaimed_s", n->reclaimed_s, 1);
		jkv_pct(w, "efficiency_pct", n->eff_pct);
		jkv_pct(w, "anon_pct", n->anon_pct);
		jkv_pct(w, "kswapd_pct", n->kswapd_pct);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void json_rows(struct top_model *m, struct top_view *v, enum top_view_kind k,
		      struct json_writer *w)
{
	int i;

	v->kind = k;
	top_model__select(m, v);
	jw__arr_begin(w);
	for (i = 0; i < m->sel.n; i++) {
		const struct top_row *r = top_model__sel(m, i);

		jw__obj_begin(w);
		if (k == TV_PROC) {
			jw__kv_u64(w, "pid", r->tgid);
			jw__kv_str(w, "comm", r->comm);
		} else {
			jw__kv_u64(w, "processes", r->nprocs);
		}
		jw__kv_str(w, "cgroup", r->cgroup);
		if (k == TV_CGROUP)
			top_cgx__json(&r->x, w);
		jw__kv_u64(w, "stalls", r->count);
		jw__kv_f64(w, "stalls_s", r->rate, 2);
		jw__kv_f64(w, "stall_ms_s", r->ms_s, 3);
		jw__kv_f64(w, "mean_ms", r->mean_ms, 3);
		jw__kv_f64(w, "p99_ms", r->p99_ms, 3);
		jw__kv_f64(w, "max_ms", r->max_ms, 3);
		jw__kv_f64(w, "reclaim_ms", (double)r->reclaim_ns / 1e6, 3);
		jw__kv_f64(w, "compact_ms", (double)r->compact_ns / 1e6, 3);
		jw__kv_u64(w, "scanned", r->scanned);
		jw__kv_u64(w, "reclaimed", r->reclaimed);
		jw__key(w, "order");
		if (r->dom_order < 0)
			jw__null(w);
		else
			jw__i64(w, r->dom_order);
		jw__kv_str(w, "gfp_class", r->dom_gfp);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

void top_model__json(struct top_model *m, const struct top_view *view, struct json_writer *w)
{
	const struct top_rates *r = top_model__rates(m);
	const struct top_sys *s = top_model__sys(m);
	struct top_view v = *view;
	int i;

	v.filter[0] = '\0'; /* a frame holds every row (the kernel filters apply) */

	jw__obj_begin(w);
	jw__kv_str(w, "type", "top_frame");
	jw__kv_u64(w, "ts_ns", m->now_ns);
	jw__kv_f64(w, "seconds", m->seconds, 3);
	jw__kv_u64(w, "stalls", m->stalls);
	jw__kv_f64(w, "idle_s", top_model__idle_s(m), 1);
	jw__key(w, "vmstat");
	if (r && s && s->vmstat_ok) {
		jw__obj_begin(w);
		jw__kv_f64(w, "allocstall_s", r->allocstall, 1);
		jw__kv_f64(w, "pgscan_direct_s", r->pgscan_direct, 1);
		jw__kv_f64(w, "pgscan_kswapd_s", r->pgscan_kswapd, 1);
		jw__kv_f64(w, "pgsteal_s", r->pgsteal, 1);
		jw__kv_f64(w, "compact_stall_s", r->compact_stall, 1);
		jw__kv_f64(w, "compact_fail_s", r->compact_fail, 1);
		jw__kv_u64(w, "oom_kill", r->oom_kill);
		jw__kv_u64(w, "oom_kill_total", r->oom_kill_total);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__key(w, "psi");
	if (s && s->psi_ok) {
		jw__obj_begin(w);
		jw__kv_f64(w, "some_avg10", s->psi.some_avg10, 2);
		jw__kv_f64(w, "full_avg10", s->psi.full_avg10, 2);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__key(w, "tracer");
	jw__obj_begin(w);
	jw__kv_u64(w, "programs", s ? s->nprogs : 0);
	jw__kv_bool(w, "bpf_stats_enabled", s && s->bpf_stats);
	jkv_f64_or_null(w, "runs_s", r && r->have_cost, r ? r->events_s : 0, 1);
	jkv_f64_or_null(w, "ns_run", r && r->have_cost, r ? r->ns_event : 0, 1);
	jkv_f64_or_null(w, "cpu_pct", r && r->have_cost, r ? r->cpu_pct : 0, 3);
	jw__kv_u64(w, "drops", r ? r->drops : 0);
	jw__obj_end(w);
	jw__key(w, "daemons");
	jw__arr_begin(w);
	for (i = 0; s && i < s->kt.n; i++) {
		jw__obj_begin(w);
		jw__kv_str(w, "comm", s->kt.t[i].comm);
		jw__kv_i64(w, "pid", s->kt.t[i].pid);
		jkv_f64_or_null(w, "cpu_pct", r != NULL, r ? r->kt_cpu_pct[i] : 0, 1);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__key(w, "zones");
	jw__arr_begin(w);
	for (i = 0; s && i < s->zi.n; i++) {
		const struct pf_zone *z = &s->zi.z[i];

		if (z->managed <= 0)
			continue;
		jw__obj_begin(w);
		jw__kv_i64(w, "node", z->node);
		jw__kv_str(w, "zone", z->name);
		jw__kv_i64(w, "free", z->free);
		jw__kv_i64(w, "min", z->min);
		jw__kv_i64(w, "low", z->low);
		jw__kv_i64(w, "high", z->high);
		jw__kv_i64(w, "boost", z->boost);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__key(w, "processes");
	json_rows(m, &v, TV_PROC, w);
	jw__key(w, "cgroups");
	json_rows(m, &v, TV_CGROUP, w);
	jw__key(w, "kswapd"); /* background reclaim passes: not in "stalls" */
	json_kswapd(m, w);
	jw__key(w, "nodes");
	json_nodes(m, w);
	jw__key(w, "oom_kills");
	jw__arr_begin(w);
	for (i = 0; i < m->noom; i++) {
		const struct top_oom *k = top_model__oom(m, i);

		jw__obj_begin(w);
		jw__kv_str(w, "time", k->time);
		jw__kv_str(w, "trigger", k->trigger);
		jw__kv_u64(w, "trigger_pid", k->tpid);
		jw__kv_str(w, "victim", k->victim);
		jw__kv_u64(w, "victim_pid", k->vpid);
		jw__kv_str(w, "cgroup", k->cgroup);
		jw__kv_str(w, "constraint", k->constraint);
		jw__kv_u64(w, "anon_rss_kb", k->anon_kb);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__obj_end(w);
	top_model__select(m, view); /* back to what the view shows */
}

/* ---- keys ---- */

void top_view__init(struct top_view *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = TV_PROC;
	v->sort = TS_MS;
}

static enum top_key_result edit_filter(struct top_view *v, int key)
{
	size_t n = strlen(v->filter);

	if (key == TOP_KEY_ENTER || key == '\r') {
		v->editing = false;
	} else if (key == TOP_KEY_ESC) {
		v->editing = false;
		v->filter[0] = '\0';
	} else if (key == TOP_KEY_BACKSPACE || key == 8) {
		if (n)
			v->filter[n - 1] = '\0';
	} else if (key >= 32 && key < 127 && n + 1 < sizeof(v->filter)) {
		v->filter[n] = (char)key;
		v->filter[n + 1] = '\0';
	} else {
		return TK_NONE;
	}
	return TK_REDRAW;
}

enum top_key_result top_view__key(struct top_view *v, int key)
{
	if (v->editing)
		return edit_filter(v, key);
	if (v->help && key != 'q') { /* any key leaves the help screen */
		v->help = false;
		return TK_REDRAW;
	}
	switch (key) {
	case 'q':
		return TK_QUIT;
	case '?':
	case 'h':
		v->help = true;
		break;
	case 'c':
		v->kind = v->kind == TV_CGROUP ? TV_PROC : TV_CGROUP;
		break;
	case 'z':
		v->kind = v->kind == TV_ZONE ? TV_PROC : TV_ZONE;
		break;
	case 'o':
		v->kind = v->kind == TV_OOM ? TV_PROC : TV_OOM;
		break;
	case 'p':
		v->kind = TV_PROC;
		break;
	case '<':
		v->sort = v->sort ? v->sort - 1 : TS_MAXKEY - 1;
		break;
	case '>':
		v->sort = (v->sort + 1) % TS_MAXKEY;
		break;
	case 'r':
		v->reverse = !v->reverse;
		break;
	case ' ':
		v->paused = !v->paused;
		break;
	case '/':
		v->editing = true;
		v->filter[0] = '\0';
		break;
	case TOP_KEY_ESC:
		v->filter[0] = '\0';
		break;
	default:
		return TK_NONE;
	}
	return TK_REDRAW;
}
