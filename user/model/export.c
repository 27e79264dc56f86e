// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "model/cgroup.h"
#include "model/cgview.h"
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "model/export.h"

/* kind + the dimensions (cgroup comm node zone order gfp lru) + identity
 * (pod_uid qos container_id runtime unit) */
#define EX_MAX_LABELS 13
#define EX_KEYS_MAX (4 * MS_HIST_MAX_KEYS) /* power of two */

struct series {
	const char *lv[2 * EX_MAX_LABELS + 1]; /* name, value pairs, NULL-ended */
	char *vals; /* the values' storage */
	char *block; /* the labels rendered once: {kind="...",...} */
	unsigned char kind;
	bool other;
	bool dropped; /* a deleted cgroup's series, past its retention */
	bool forgotten; /* and its keys deleted from the kernel's map */
	uint64_t cgid; /* with --by cgroup */
	uint64_t last_count, last_change_ns;
	/* this read's sums over the rows mapped here */
	uint64_t count, sum_ns, scanned, reclaimed;
	uint64_t bk[PROM_NBUCKETS + 1];
};

struct keyent {
	struct ms_hkey key;
	const char *cls; /* the row's gfp class (a static string) */
	int sid; /* series index + 1; 0: empty entry */
};

struct export_model {
	unsigned int by;
	uint32_t max_series;
	const struct event_ctx *ctx;
	struct series *series; /* own series, then "other" ones */
	uint32_t nseries, cap, nown, nfolded;
	int other[MS_KIND_MAX]; /* series index + 1 of each kind's "other" */
	struct keyent *keys; /* open addressing on the displayed key */
	uint32_t nkeys;
	const struct hist_model *h; /* the read being taken (group identities) */
};

struct export_model *export__new(unsigned int by, uint32_t max_series, const struct event_ctx *ctx)
{
	struct export_model *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->by = by;
	e->max_series = max_series;
	e->ctx = ctx;
	e->keys = calloc(EX_KEYS_MAX, sizeof(*e->keys));
	if (!e->keys) {
		free(e);
		return NULL;
	}
	return e;
}

void export__free(struct export_model *e)
{
	uint32_t i;

	if (!e)
		return;
	for (i = 0; i < e->nseries; i++) {
		free(e->series[i].vals);
		free(e->series[i].block);
	}
	free(e->series);
	free(e->keys);
	free(e);
}

uint32_t export__nseries(const struct export_model *e)
{
	return e->nown;
}

uint32_t export__nfolded(const struct export_model *e)
{
	return e->nfolded;
}

/* --by pod, container, unit: who the row's cgroup is (its path's shape,
 * model/cgid.h); "none" when it is not one ("other" when folded). The pod's
 * namespace and the container's name are not in a cgroup path: not labels. */
static int ident_labels(const struct export_model *e, const struct hist_row *r, bool other,
			const char **names, char vals[][256], int n)
{
	const struct cg_ident *gid = NULL;
	struct cg_ident id = { 0 };
	char sid[16];

	if (!other && (e->by & MS_BY_CGROUP) && e->ctx->cg)
		cgview__ident(e->ctx->cg, r->key.cgroup, &id);
	else if (!other && e->h && (gid = hist__group_ident(e->h, r->key.cgroup)))
		id = *gid;
#define ID(bit, lname, val)                                \
	do {                                               \
		if (e->by & (bit)) {                       \
			names[n] = lname;                  \
			util__strlcpy(vals[n++],           \
				      other	 ? "other" \
				      : (val)[0] ? (val)   \
						 : "none", \
				      256);                \
		}                                          \
	} while (0)
	ID(HIST_BY_POD, "pod_uid", id.pod_uid);
	ID(HIST_BY_POD, "qos", id.qos);
	cgid__short_id(id.container_id, sid, sizeof(sid));
	ID(HIST_BY_CONTAINER, "container_id", sid);
	ID(HIST_BY_CONTAINER, "runtime", id.runtime);
	ID(HIST_BY_UNIT, "unit", id.unit[0] ? id.unit : id.slice);
#undef ID
	return n;
}

/* The label values of a row, in the order of the dimensions. */
static int row_labels(const struct export_model *e, const struct hist_row *r, bool other,
		      const char **names, char vals[][256])
{
	int n = 0;

	names[n] = "kind";
	util__strlcpy(vals[n++], event__kind_name(r->key.kind), 256);
#define DIM(bit, lname, ...)                                          \
	do {                                                          \
		if (e->by & (bit)) {                                  \
			names[n] = lname;                             \
			if (other)                                    \
				util__strlcpy(vals[n], "other", 256); \
			else                                          \
				snprintf(vals[n], 256, __VA_ARGS__);  \
			n++;                                          \
		}                                                     \
	} while (0)
	if ((e->by & MS_BY_CGROUP) && !other) {
		names[n] = "cgroup";
		event__cgroup_name(e->ctx, r->key.cgroup, vals[n++], 256);
	} else if (e->by & MS_BY_CGROUP) {
		names[n] = "cgroup";
		util__strlcpy(vals[n++], "other", 256);
	}
	DIM(MS_BY_COMM, "comm", "%.*s", MS_COMM_LEN, r->key.comm);
	DIM(MS_BY_NODE, "node", "%d", r->key.node);
	DIM(MS_BY_ZONE, "zone", "%.*s", 8, r->key.zone[0] ? r->key.zone : "none");
	DIM(MS_BY_ORDER, "order", "%d", r->key.order);
	DIM(MS_BY_GFP, "gfp_class", "%s", r->gfp_class ? r->gfp_class : "none");
	DIM(MS_BY_LRU, "lru", "%s",
	    hist__lru_name(r->key.lru) ? hist__lru_name(r->key.lru) : "none");
#undef DIM
	if (e->by & HIST_BY_IDENT)
		n = ident_labels(e, r, other, names, vals, n);
	return n;
}

/* A new series for a row (or its kind's "other"); its index + 1, 0 on ENOMEM. */
static int new_series(struct export_model *e, const struct hist_row *r, bool other)
{
	const char *names[EX_MAX_LABELS];
	char vals[EX_MAX_LABELS][256], block[4096];
	struct series *s;
	size_t total = 0, off = 0;
	int n, i;

	if (e->nseries == e->cap) {
		uint32_t cap = e->cap ? 2 * e->cap : 64;
		struct series *ns = realloc(e->series, cap * sizeof(*ns));

		if (!ns)
			return 0;
		e->series = ns;
		e->cap = cap;
	}
	n = row_labels(e, r, other, names, vals);
	for (i = 0; i < n; i++)
		total += strlen(vals[i]) + 1;
	s = &e->series[e->nseries];
	memset(s, 0, sizeof(*s));
	s->vals = malloc(total);
	if (!s->vals)
		return 0;
	for (i = 0; i < n; i++) {
		size_t l = strlen(vals[i]) + 1;

		memcpy(s->vals + off, vals[i], l);
		s->lv[2 * i] = names[i];
		s->lv[2 * i + 1] = s->vals + off;
		off += l;
	}
	prom__labels(s->lv, block, sizeof(block));
	s->block = strdup(block);
	if (!s->block) {
		free(s->vals);
		return 0;
	}
	s->kind = r->key.kind;
	s->other = other;
	s->cgid = r->key.cgroup;
	if (!other)
		e->nown++;
	return (int)++e->nseries;
}

/* A kind's "other" series (created on first use); NULL on ENOMEM. */
static struct series *other_for(struct export_model *e, const struct hist_row *r)
{
	int sid = e->other[r->key.kind];

	if (!sid)
		sid = e->other[r->key.kind] = new_series(e, r, true);
	return sid ? &e->series[sid - 1] : NULL;
}

/* The series of a row: decided the first time its key is seen. */
static struct series *series_for(struct export_model *e, const struct hist_row *r)
{
	unsigned int slot = hist__key_hash(&r->key, r->gfp_class) & (EX_KEYS_MAX - 1);
	struct keyent *k;
	int sid;

	for (;; slot = (slot + 1) & (EX_KEYS_MAX - 1)) {
		k = &e->keys[slot];
		if (!k->sid)
			break;
		if (k->cls == r->gfp_class && !memcmp(&k->key, &r->key, sizeof(k->key)))
			return &e->series[k->sid - 1];
	}
	if (e->nown < e->max_series) {
		sid = new_series(e, r, false);
	} else {
		struct series *o = other_for(e, r);

		sid = o ? (int)(o - e->series) + 1 : 0;
		if (sid)
			e->nfolded++;
	}
	if (!sid)
		return NULL;
	/* the table holds at most half its size; beyond that a key is folded
	 * into "other" without an entry: the same answer every time */
	if (e->nkeys < EX_KEYS_MAX / 2) {
		k->key = r->key;
		k->cls = r->gfp_class;
		k->sid = sid;
		e->nkeys++;
	}
	return &e->series[sid - 1];
}

static void add_row(struct series *s, const struct hist_row *r)
{
	s->count += r->count;
	s->sum_ns += r->total_ns;
	s->scanned += r->scanned;
	s->reclaimed += r->reclaimed;
	prom__add_slots(s->bk, r->slots);
}

void export__update(struct export_model *e, const struct hist_model *h)
{
	const struct hist_row *r;
	uint32_t i;
	int n;

	e->h = h;
	for (i = 0; i < e->nseries; i++) {
		struct series *s = &e->series[i];

		s->count = s->sum_ns = s->scanned = s->reclaimed = 0;
		memset(s->bk, 0, sizeof(s->bk));
	}
	for (n = 0; (r = hist__row(h, n)); n++) {
		struct series *s;

		if (r->key.kind >= MS_KIND_MAX)
			continue;
		s = series_for(e, r);
		if (s)
			add_row(s, r);
	}
	/* stalls whose key found no room (the kernel's map full): their
	 * kind's "other", so the histograms' sums lose nothing */
	for (i = 0; i < MS_KIND_MAX; i++) {
		struct series *s;

		r = hist__lost(h, i);
		if (r && r->count && (s = other_for(e, r)))
			add_row(s, r);
	}
}

static bool scans(unsigned int kind)
{
	return kind < MS_KIND_MAX && (MS_KINDS_LRU & (1u << kind));
}

void export__write(const struct export_model *e, struct prom *p)
{
	uint32_t i;

	prom__family(p, "memstall_stall_seconds", PROM_HISTOGRAM,
		     "Time tasks waited in the memory allocator (reclaim, compaction, OOM), "
		     "by kind; buckets le=2^k-1 ns");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind != MS_KIND_KSWAPD && !e->series[i].dropped)
			prom__hist_block(p, "memstall_stall_seconds", e->series[i].block,
					 e->series[i].bk, e->series[i].sum_ns);
	prom__family(p, "memstall_stall_pages_scanned", PROM_COUNTER,
		     "Pages scanned by tasks while they stalled in reclaim");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind != MS_KIND_KSWAPD && scans(e->series[i].kind) &&
		    !e->series[i].dropped)
			prom__u64_block(p, "memstall_stall_pages_scanned", "_total",
					e->series[i].block, e->series[i].scanned);
	prom__family(p, "memstall_stall_pages_reclaimed", PROM_COUNTER,
		     "Pages reclaimed by tasks while they stalled in reclaim");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind != MS_KIND_KSWAPD && scans(e->series[i].kind) &&
		    !e->series[i].dropped)
			prom__u64_block(p, "memstall_stall_pages_reclaimed", "_total",
					e->series[i].block, e->series[i].reclaimed);
	prom__family(p, "memstall_kswapd_pass_seconds", PROM_HISTOGRAM,
		     "Duration of kswapd's shrink_node passes (background reclaim, not stalls)");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind == MS_KIND_KSWAPD && !e->series[i].dropped)
			prom__hist_block(p, "memstall_kswapd_pass_seconds", e->series[i].block,
					 e->series[i].bk, e->series[i].sum_ns);
	prom__family(p, "memstall_kswapd_pages_scanned", PROM_COUNTER,
		     "Pages scanned by kswapd's passes");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind == MS_KIND_KSWAPD && !e->series[i].dropped)
			prom__u64_block(p, "memstall_kswapd_pages_scanned", "_total",
					e->series[i].block, e->series[i].scanned);
	prom__family(p, "memstall_kswapd_pages_reclaimed", PROM_COUNTER,
		     "Pages reclaimed by kswapd's passes");
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].kind == MS_KIND_KSWAPD && !e->series[i].dropped)
			prom__u64_block(p, "memstall_kswapd_pages_reclaimed", "_total",
					e->series[i].block, e->series[i].reclaimed);
}

/* Does a cgroup still exist? Its path under the hierarchy's root. */
static bool cgroup_alive(void *ctx, uint64_t id)
{
	const struct event_ctx *ec = ctx;
	const char *rel = ec->cg ? cgmap__path(ec->cg, id) : NULL;
	char path[4096];
	struct stat st;

	if (!ec->cg)
		return true; /* no cgroup names here: nothing is known gone */
	if (!rel)
		return false;
	snprintf(path, sizeof(path), "%s%s", cgmap__root(ec->cg), rel);
	return !stat(path, &st);
}

uint32_t export__expire(struct export_model *e, uint64_t now_ns, uint64_t retain_ns,
			bool (*alive)(void *ctx, uint64_t cgid), void *ctx)
{
	uint32_t i, n = 0;

	if (!(e->by & MS_BY_CGROUP))
		return 0;
	if (!alive) {
		alive = cgroup_alive;
		ctx = (void *)e->ctx;
	}
	for (i = 0; i < e->nseries; i++) {
		struct series *s = &e->series[i];

		if (s->other || s->dropped || !s->cgid)
			continue;
		if (s->count != s->last_count || !s->last_change_ns) {
			s->last_count = s->count;
			s->last_change_ns = now_ns;
			continue;
		}
		if (now_ns - s->last_change_ns < retain_ns || alive(ctx, s->cgid))
			continue;
		s->dropped = true;
		n++;
	}
	return n;
}

/* Is a key one of a dropped (not yet forgotten) series' cgroups? */
static bool forgettable(const struct export_model *e, uint64_t cgid)
{
	uint32_t i;

	for (i = 0; i < e->nseries; i++)
		if (e->series[i].dropped && !e->series[i].forgotten && e->series[i].cgid == cgid)
			return true;
	return false;
}

/* The fast path's entries of those cgroups: freed (count 0). Nothing
 * writes them meanwhile: their cgroups are gone. */
static int forget_cache(const struct export_model *e, const struct hist_maps *m)
{
	int ncpu = libbpf_num_possible_cpus(), c, n = 0;
	struct ms_hcache_ent *ents;
	__u32 i;

	if (m->cache < 0 || ncpu <= 0)
		return 0;
	ents = calloc(ncpu, sizeof(*ents));
	if (!ents)
		return -ENOMEM;
	for (i = 0; i < 2 * MS_HCACHE_SLOTS; i++) {
		int found = 0;

		if (bpf_map_lookup_elem(m->cache, &i, ents))
			continue;
		for (c = 0; c < ncpu; c++)
			if (ents[c].v.count && forgettable(e, ents[c].key.cgroup)) {
				memset(&ents[c], 0, sizeof(ents[c]));
				found++;
			}
		if (found && !bpf_map_update_elem(m->cache, &i, ents, BPF_ANY))
			n += found;
	}
	free(ents);
	return n;
}

int export__forget(struct export_model *e, const struct hist_maps *m)
{
	struct bpf_map_info info = {};
	struct ms_hkey key, next;
	__u32 ilen = sizeof(info);
	uint32_t i, nd = 0;
	void *prev = NULL;
	int deleted;

	for (i = 0; i < e->nseries; i++)
		nd += e->series[i].dropped && !e->series[i].forgotten;
	if (!nd)
		return 0;
	if (bpf_obj_get_info_by_fd(m->hists, &info, &ilen))
		return -errno;
	if (info.key_size < offsetof(struct ms_hkey, cgroup) + 8 || info.key_size > sizeof(key))
		return 0;
	deleted = forget_cache(e, m);
	if (deleted < 0)
		return deleted;
	memset(&key, 0, sizeof(key));
	memset(&next, 0, sizeof(next));
	while (!bpf_map_get_next_key(m->hists, prev, &next)) {
		if (forgettable(e, next.cgroup) && !bpf_map_delete_elem(m->hists, &next)) {
			deleted++;
			continue; /* the same prev: its successor now */
		}
		key = next;
		prev = &key;
	}
	for (i = 0; i < e->nseries; i++)
		if (e->series[i].dropped)
			e->series[i].forgotten = true;
	return deleted;
}
