// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "model/cgview.h"
#include "model/gfp.h"
#include "model/hist.h"
#include "base/util.h"

/* the map's key is a prefix of struct ms_hkey (ms_hkey_size) */
_Static_assert(offsetof(struct ms_hkey, gfp) + 4 == 12 &&
		       offsetof(struct ms_hkey, tgid) + 4 == 16 &&
		       offsetof(struct ms_hkey, comm) + MS_COMM_LEN == 32 &&
		       offsetof(struct ms_hkey, cgroup) + 8 == 40 &&
		       offsetof(struct ms_hkey, tid) + 4 == 44 && sizeof(struct ms_hkey) == 56,
	       "ms_hkey_size() does not match struct ms_hkey");

struct hist_model {
	unsigned int by;
	const struct event_ctx *ctx;
	int nrows, maxrows; /* the map's keys and every CPU's fast-path keys */
	unsigned int nindex; /* power of two, at least 2 * maxrows */
	struct hist_row *rows;
	int *index; /* open addressing: row number + 1, 0 = empty */
	struct cgv_groups *groups; /* --by pod/container/unit: key.cgroup is a group */
	struct hist_row lost[MS_KIND_MAX]; /* per kind: no room in the map or rows */
	/* the schema, built for the chosen keys */
	struct ms_col cols[32];
	struct ms_schema schema;
	struct ms_col pcols[32]; /* kswapd's rows: COUNT titled PASSES */
	struct ms_schema pschema;
};

static const char *const lru_names[] = {
	[MS_LRU_NONE] = "none",
	[MS_LRU_ANON] = "anon",
	[MS_LRU_FILE] = "file",
	[MS_LRU_BOTH] = "anon+file",
};

const char *hist__lru_name(unsigned int lru)
{
	return lru < ARRAY_SIZE(lru_names) ? lru_names[lru] : NULL;
}

/* Kinds whose work is scanning the LRU lists (the lru key means something). */
static bool scans_lru(unsigned int kind)
{
	return kind < MS_KIND_MAX && (MS_KINDS_LRU & (1u << kind));
}

uint64_t hist__slot_lo(unsigned int slot)
{
	if (slot < 4)
		return slot;
	return (uint64_t)(4 + slot % 4) << (slot / 4 - 1);
}

double hist__slot_mid(unsigned int slot)
{
	if (slot < 4)
		return slot;
	return (double)hist__slot_lo(slot) + (double)(1ull << (slot / 4 - 1)) / 2.0;
}

double hist__quantile(const uint64_t *slots, uint64_t count, double q)
{
	uint64_t rank, seen = 0;
	unsigned int s;

	if (!count)
		return 0;
	/* the smallest value with at least q of the samples at or below it */
	rank = (uint64_t)(q * (double)count + 0.999999);
	if (rank < 1)
		rank = 1;
	for (s = 0; s < MS_HIST_SLOTS; s++) {
		seen += slots[s];
		if (seen >= rank)
			return hist__slot_mid(s);
	}
	return hist__slot_mid(MS_HIST_SLOTS - 1);
}

static bool has(uint64_t gfp, uint64_t mask)
{
	return mask && (gfp & mask) == mask;
}

const char *hist__gfp_class(const struct gfp_table *t, uint64_t gfp)
{
	if (has(gfp, gfp_table__mask(t, "GFP_TRANSHUGE_LIGHT")))
		return "thp";
	if (!(gfp & gfp_table__mask(t, "__GFP_DIRECT_RECLAIM")))
		return "atomic";
	if (has(gfp, gfp_table__mask(t, "GFP_HIGHUSER_MOVABLE")))
		return "user";
	if (has(gfp, gfp_table__mask(t, "GFP_KERNEL")))
		return "kernel";
	if (has(gfp, gfp_table__mask(t, "GFP_NOFS")))
		return "nofs";
	if (has(gfp, gfp_table__mask(t, "GFP_NOIO")))
		return "noio";
	return "other";
}

struct hist_model *hist__new(unsigned int by, const struct event_ctx *ctx)
{
	struct hist_model *h = calloc(1, sizeof(*h));
	int ncpu = libbpf_num_possible_cpus();

	if (!h)
		return NULL;
	h->by = by;
	h->ctx = ctx;
	/* a row for every key the kernel can hold: the rows never fill, so
	 * no key's row comes and goes between reads (export's series) */
	h->maxrows = MS_HIST_MAX_KEYS + 2 * MS_HCACHE_SLOTS * (ncpu > 0 ? ncpu : 1);
	for (h->nindex = 1; h->nindex < 2u * (unsigned int)h->maxrows; h->nindex <<= 1)
		;
	h->rows = calloc(h->maxrows, sizeof(*h->rows));
	h->index = calloc(h->nindex, sizeof(*h->index));
	if (by & HIST_BY_IDENT)
		h->groups = cgv_groups__new((by & HIST_BY_IDENT) >> 16);
	if (!h->rows || !h->index || ((by & HIST_BY_IDENT) && !h->groups)) {
		hist__free(h);
		return NULL;
	}
	return h;
}

const struct cg_ident *hist__group_ident(const struct hist_model *h, uint64_t token)
{
	return h->groups && !(h->by & MS_BY_CGROUP) ? cgv_groups__ident(h->groups, token) : NULL;
}

void hist__free(struct hist_model *h)
{
	if (!h)
		return;
	free(h->rows);
	free(h->index);
	cgv_groups__free(h->groups);
	free(h);
}

void hist__clear(struct hist_model *h)
{
	h->nrows = 0;
	memset(h->lost, 0, sizeof(h->lost));
	memset(h->index, 0, h->nindex * sizeof(*h->index));
}

unsigned int hist__key_hash(const struct ms_hkey *k, const char *cls)
{
	const unsigned char *p = (const unsigned char *)k;
	unsigned int h = 2166136261u;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		h = (h ^ p[i]) * 16777619u;
	return (h ^ (unsigned int)(uintptr_t)cls) * 16777619u;
}

int hist__nrows(const struct hist_model *h)
{
	return h->nrows;
}

const struct hist_row *hist__row(const struct hist_model *h, int i)
{
	return i >= 0 && i < h->nrows ? &h->rows[i] : NULL;
}

/* The row for a key as displayed: GFP masks of one class share a row. */
static struct hist_row *row_for(struct hist_model *h, const struct ms_hkey *k)
{
	struct ms_hkey dk = *k;
	const char *cls = NULL;
	unsigned int slot;
	int i;

	/* only a stall has an allocation (kswapd's passes have none): gfp class */
	if ((h->by & MS_BY_GFP) && event__is_stall(k->kind))
		cls = hist__gfp_class(h->ctx->gfp, k->gfp);
	dk.gfp = 0;
	if (h->groups && !(h->by & MS_BY_CGROUP)) /* one row per pod, ... */
		dk.cgroup = cgv_groups__token(h->groups, h->ctx->cg, k->cgroup);
	for (slot = hist__key_hash(&dk, cls) & (h->nindex - 1);;
	     slot = (slot + 1) & (h->nindex - 1)) {
		i = h->index[slot] - 1;
		if (i < 0)
			break;
		if (!memcmp(&h->rows[i].key, &dk, sizeof(dk)) && h->rows[i].gfp_class == cls)
			return &h->rows[i];
	}
	if (h->nrows == h->maxrows)
		return NULL;
	memset(&h->rows[h->nrows], 0, sizeof(h->rows[0]));
	h->rows[h->nrows].key = dk;
	h->rows[h->nrows].gfp_class = cls;
	h->index[slot] = h->nrows + 1;
	return &h->rows[h->nrows++];
}

static void add_val(struct hist_row *r, const struct ms_hval *v)
{
	int s;

	r->count += v->count;
	r->total_ns += v->total_ns;
	r->scanned += v->scanned;
	r->reclaimed += v->reclaimed;
	if (v->max_ns > r->max_ns)
		r->max_ns = v->max_ns;
	for (s = 0; s < MS_HIST_SLOTS; s++)
		r->slots[s] += v->slots[s];
}

void hist__add_lost(struct hist_model *h, unsigned int kind, const struct ms_hval *v)
{
	if (kind < MS_KIND_MAX) {
		h->lost[kind].key.kind = kind;
		add_val(&h->lost[kind], v);
	}
}

const struct hist_row *hist__lost(const struct hist_model *h, unsigned int kind)
{
	return kind < MS_KIND_MAX ? &h->lost[kind] : NULL;
}

int hist__add(struct hist_model *h, const struct ms_hkey *k, const struct ms_hval *v)
{
	struct hist_row *r = row_for(h, k);

	if (!r) {
		hist__add_lost(h, k->kind, v);
		return -ENOSPC;
	}
	add_val(r, v);
	return 0;
}

static int cmp_total(const void *a, const void *b)
{
	const struct hist_row *x = a, *y = b;
	bool sx = event__is_stall(x->key.kind), sy = event__is_stall(y->key.kind);

	if (sx != sy) /* stalls first, then kswapd's passes */
		return sx ? -1 : 1;
	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

void hist__rank(struct hist_model *h)
{
	int i;

	qsort(h->rows, h->nrows, sizeof(h->rows[0]), cmp_total);
	/* rows moved: index them again where they are now */
	memset(h->index, 0, h->nindex * sizeof(*h->index));
	for (i = 0; i < h->nrows; i++) {
		unsigned int slot =
			hist__key_hash(&h->rows[i].key, h->rows[i].gfp_class) & (h->nindex - 1);

		while (h->index[slot])
			slot = (slot + 1) & (h->nindex - 1);
		h->index[slot] = i + 1;
	}
}

uint64_t hist__total_count(const struct hist_model *h, int kind)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < h->nrows; i++)
		if (kind < 0 ? event__is_stall(h->rows[i].key.kind)
			     : h->rows[i].key.kind == (unsigned int)kind)
			n += h->rows[i].count;
	return n;
}

uint64_t hist__total_ns(const struct hist_model *h)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < h->nrows; i++)
		if (event__is_stall(h->rows[i].key.kind))
			n += h->rows[i].total_ns;
	return n;
}

/* ---- rendering ---- */

enum {
	HC_KIND,
	HC_TGID,
	HC_TID,
	HC_COMM,
	HC_CGROUP,
	HC_NODE,
	HC_ZONE,
	HC_ORDER,
	HC_GFP,
	HC_LRU,
	HC_COUNT,
	HC_TOTAL,
	HC_MEAN,
	HC_P50,
	HC_P90,
	HC_P99,
	HC_MAX,
	HC_SCANNED,
	HC_RECLAIMED,
	HC_SPARK,
	HC_LO,
	HC_COUNTS,
	HC_NCOLS,
};

static const struct ms_col all_cols[HC_NCOLS] = {
	[HC_KIND] = { "kind", "KIND", -7, MS_FT_STR, 0, 0 },
	[HC_TGID] = { "pid", "PID", 7, MS_FT_U64, 0, 0 },
	[HC_TID] = { "tid", "TID", 7, MS_FT_U64, 0, 0 },
	[HC_COMM] = { "comm", "COMM", -15, MS_FT_STR, 0, 0 },
	[HC_CGROUP] = { "cgroup", "CGROUP", -20, MS_FT_STR, 0, 0 },
	[HC_NODE] = { "node", "NODE", 4, MS_FT_S64, 0, 0 },
	[HC_ZONE] = { "zone", "ZONE", -7, MS_FT_STR, 0, 0 },
	[HC_ORDER] = { "order", "ORDER", 5, MS_FT_S64, 0, 0 },
	[HC_GFP] = { "gfp_class", "GFP", -7, MS_FT_STR, 0, 0 },
	[HC_LRU] = { "lru", "LRU", -9, MS_FT_STR, 0, 0 },
	[HC_COUNT] = { "count", "COUNT", 8, MS_FT_U64, 0, 0 },
	[HC_TOTAL] = { "total_ms", "TOTAL(ms)", 10, MS_FT_F64, 1, 0 },
	[HC_MEAN] = { "mean_ms", "MEAN", 8, MS_FT_F64, 3, 0 },
	[HC_P50] = { "p50_ms", "P50", 8, MS_FT_F64, 3, 0 },
	[HC_P90] = { "p90_ms", "P90", 8, MS_FT_F64, 3, 0 },
	[HC_P99] = { "p99_ms", "P99", 8, MS_FT_F64, 3, 0 },
	[HC_MAX] = { "max_ms", "MAX", 8, MS_FT_F64, 3, 0 },
	[HC_SCANNED] = { "scanned", "SCANNED", 9, MS_FT_U64, 0, 0 },
	[HC_RECLAIMED] = { "reclaimed", "RECLAIMED", 9, MS_FT_U64, 0, 0 },
	[HC_SPARK] = { "", "DISTRIBUTION", 0, MS_FT_STR, 0, MS_COL_TEXT | MS_COL_NOTRUNC },
	[HC_LO] = { "bucket_lo_ns", "", 0, MS_FT_U64LIST, 0, MS_COL_JSON },
	[HC_COUNTS] = { "bucket_counts", "", 0, MS_FT_U64LIST, 0, MS_COL_JSON },
};

static bool col_used(unsigned int by, int c)
{
	switch (c) {
	case HC_TGID:
		return by & MS_BY_TGID;
	case HC_TID:
		return by & MS_BY_TID;
	case HC_COMM:
		return by & MS_BY_COMM;
	case HC_CGROUP:
		return by & MS_BY_CGROUP;
	case HC_NODE:
		return by & MS_BY_NODE;
	case HC_ZONE:
		return by & MS_BY_ZONE;
	case HC_ORDER:
		return by & MS_BY_ORDER;
	case HC_GFP:
		return by & MS_BY_GFP;
	case HC_LRU:
		return by & MS_BY_LRU;
	default:
		return true;
	}
}

static void build_schema(struct hist_model *h)
{
	int c, n = 0;

	for (c = 0; c < HC_NCOLS; c++) {
		if (c == HC_NODE) /* the identity columns follow the cgroup's */
			n += cgview__cols((h->by & HIST_BY_IDENT) >> 16, &h->cols[n]);
		if (col_used(h->by, c))
			h->cols[n++] = all_cols[c];
	}
	h->schema.type = "hist";
	h->schema.cols = h->cols;
	h->schema.ncols = n;
	/* kswapd's rows: the same JSON, titled for what they count (passes of
	 * background reclaim, not stalls) */
	memcpy(h->pcols, h->cols, n * sizeof(h->cols[0]));
	for (c = 0; c < n; c++)
		if (!strcmp(h->pcols[c].key, "count"))
			h->pcols[c].hdr = "PASSES";
	h->pschema = h->schema;
	h->pschema.cols = h->pcols;
}

/* A row's texts, kept alive while its values point into them. */
struct row_text {
	char cg[256], zone[9], comm[MS_COMM_LEN + 1], spark[128], lo[2048], cnt[2048];
	bool stall;
};

static void row_text(const struct hist_model *h, const struct hist_row *r, struct row_text *t)
{
	size_t a = 0, b = 0;
	unsigned int sl;

	t->stall = event__is_stall(r->key.kind);
	event__cgroup_name(h->ctx, r->key.cgroup, t->cg, sizeof(t->cg));
	memcpy(t->zone, r->key.zone, 8);
	t->zone[8] = '\0';
	memcpy(t->comm, r->key.comm, MS_COMM_LEN);
	t->comm[MS_COMM_LEN] = '\0';
	hist__sparkline(r, t->spark, sizeof(t->spark));
	t->lo[0] = t->cnt[0] = '\0';
	for (sl = 0; sl < MS_HIST_SLOTS && a < sizeof(t->lo) - 24 && b < sizeof(t->cnt) - 24;
	     sl++) {
		if (!r->slots[sl])
			continue;
		a += snprintf(t->lo + a, sizeof(t->lo) - a, "%s%llu", a ? "," : "",
			      (unsigned long long)hist__slot_lo(sl));
		b += snprintf(t->cnt + b, sizeof(t->cnt) - b, "%s%llu", b ? "," : "",
			      (unsigned long long)r->slots[sl]);
	}
}

/* Column c's value for row r. */
static void col_val(int c, const struct hist_row *r, const struct row_text *t, struct ms_val *x)
{
	switch (c) {
	case HC_KIND:
		x->s = event__kind_name(r->key.kind);
		break;
	case HC_TGID:
		x->u = r->key.tgid;
		break;
	case HC_TID:
		x->u = r->key.tid;
		break;
	case HC_COMM:
		x->s = t->comm;
		break;
	case HC_CGROUP:
		x->s = t->cg;
		break;
	case HC_NODE:
		x->i = r->key.node;
		x->null = r->key.node < 0;
		break;
	case HC_ZONE:
		x->s = t->zone[0] ? t->zone : "-";
		break;
	case HC_ORDER: /* a kswapd pass allocates nothing */
		x->i = r->key.order;
		x->null = !t->stall;
		break;
	case HC_GFP:
		x->s = r->gfp_class ? r->gfp_class : "-";
		x->null = !t->stall;
		break;
	case HC_LRU: /* compaction and OOM rows scan no LRU list */
		x->s = hist__lru_name(r->key.lru);
		x->null = !x->s || !scans_lru(r->key.kind);
		break;
	case HC_COUNT:
		x->u = r->count;
		break;
	case HC_TOTAL:
		x->f = r->total_ns / 1e6;
		break;
	case HC_MEAN:
		x->f = r->count ? r->total_ns / 1e6 / r->count : 0;
		break;
	case HC_P50:
		x->f = hist__quantile(r->slots, r->count, 0.50) / 1e6;
		break;
	case HC_P90:
		x->f = hist__quantile(r->slots, r->count, 0.90) / 1e6;
		break;
	case HC_P99:
		x->f = hist__quantile(r->slots, r->count, 0.99) / 1e6;
		break;
	case HC_MAX:
		x->f = r->max_ns / 1e6;
		break;
	case HC_SCANNED:
		x->u = r->scanned;
		break;
	case HC_RECLAIMED:
		x->u = r->reclaimed;
		break;
	case HC_SPARK:
		x->s = t->spark;
		break;
	case HC_LO:
		x->s = t->lo;
		break;
	case HC_COUNTS:
		x->s = t->cnt;
		break;
	}
}

/* --by pod/container/unit: the identity columns (after the cgroup's). */
static int ident_vals(const struct hist_model *h, const struct hist_row *r, struct cgv_buf *b,
		      struct ms_val *v)
{
	if (h->by & MS_BY_CGROUP)
		cgview__ident(h->ctx->cg, r->key.cgroup, &b->id);
	else
		b->id = *cgv_groups__ident(h->groups, r->key.cgroup);
	return cgview__vals((h->by & HIST_BY_IDENT) >> 16, b, v);
}

static void render_row(struct hist_model *h, struct ms_sink *s, const struct ms_schema *sc,
		       const struct hist_row *r)
{
	struct ms_val v[HC_NCOLS + CGV_MAX_COLS];
	struct cgv_buf idb;
	struct row_text t;
	int c, n;

	memset(v, 0, sizeof(v));
	row_text(h, r, &t);
	/* values in the order of the schema's columns */
	for (c = 0, n = 0; c < HC_NCOLS; c++) {
		if (c == HC_NODE && (h->by & HIST_BY_IDENT))
			n += ident_vals(h, r, &idb, &v[n]);
		if (col_used(h->by, c))
			col_val(c, r, &t, &v[n++]);
	}
	sink__row(s, sc, v);
}

void hist__render(struct hist_model *h, struct ms_sink *s, int top)
{
	int i, n = 0;

	build_schema(h);
	sink__header(s, &h->schema);
	for (i = 0; i < h->nrows && (!top || n < top); i++)
		if (event__is_stall(h->rows[i].key.kind)) {
			render_row(h, s, &h->schema, &h->rows[i]);
			n++;
		}
	/* kswapd's passes under their own header: not stalls, not in the
	 * totals above or the cross-check below */
	for (i = 0, n = 0; i < h->nrows && (!top || n < top); i++) {
		if (event__is_stall(h->rows[i].key.kind))
			continue;
		if (!n++)
			sink__header(s, &h->pschema);
		render_row(h, s, &h->pschema, &h->rows[i]);
	}
}
