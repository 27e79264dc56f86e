// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: the Mem-Info block (nodes, zones, buddy
 * lists, lowmem_reserve, totals). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "base/util.h"

static struct ex_node *node(struct ex_report *r, int id)
{
	int i;

	for (i = 0; i < r->nnodes; i++)
		if (r->nodes[i].id == id)
			return &r->nodes[i];
	if (r->nnodes >= EX_MAX_NODES)
		return NULL;
	memset(&r->nodes[r->nnodes], 0, sizeof(r->nodes[0]));
	r->nodes[r->nnodes].id = id;
	r->nodes[r->nnodes].active_anon_kb = r->nodes[r->nnodes].inactive_anon_kb = -1;
	r->nodes[r->nnodes].active_file_kb = r->nodes[r->nnodes].inactive_file_kb = -1;
	r->nodes[r->nnodes].unevictable_kb = r->nodes[r->nnodes].dirty_kb = -1;
	r->nodes[r->nnodes].writeback_kb = r->nodes[r->nnodes].shmem_kb = -1;
	return &r->nodes[r->nnodes++];
}

static struct ex_zone *zone(struct ex_report *r, int nid, const char *name)
{
	struct ex_zone *z;
	int i;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].node == nid && !strcmp(r->zones[i].name, name))
			return &r->zones[i];
	if (r->nzones >= EX_MAX_ZONES)
		return NULL;
	z = &r->zones[r->nzones++];
	memset(z, 0, sizeof(*z));
	z->node = nid;
	util__strlcpy(z->name, name, sizeof(z->name));
	z->free_kb = z->boost_kb = z->min_kb = z->low_kb = z->high_kb = -1;
	z->present_kb = z->managed_kb = z->buddy_kb = z->reserve_kb = -1;
	z->largest_order = -1;
	return z;
}

static void add_kb(int64_t *dst, int64_t v)
{
	*dst = *dst < 0 ? v : *dst + v;
}

static void on_zone_line(struct ex_report *r, int nid, const char *name, const char *rest)
{
	struct ex_zone *z = zone(r, nid, name);
	struct ex_node *n;
	int64_t v;

	if (!z)
		return;
	z->has_wmark = true;
	ex__kv(rest, "free", &z->free_kb);
	ex__kv(rest, "boost", &z->boost_kb);
	ex__kv(rest, "min", &z->min_kb);
	ex__kv(rest, "low", &z->low_kb);
	ex__kv(rest, "high", &z->high_kb);
	ex__kv(rest, "present", &z->present_kb);
	ex__kv(rest, "managed", &z->managed_kb);
	n = node(r, nid < 0 ? 0 : nid);
	if (!n || n->has_line)
		return;
	/* before 4.8 the LRU counters were per zone: add them up per node */
	if (ex__kv(rest, "dirty", &v))
		add_kb(&n->dirty_kb, v);
	if (ex__kv(rest, "writeback", &v))
		add_kb(&n->writeback_kb, v);
	if (ex__kv(rest, "shmem", &v))
		add_kb(&n->shmem_kb, v);
	if (ex__kv(rest, "active_file", &v))
		add_kb(&n->active_file_kb, v);
	if (ex__kv(rest, "inactive_file", &v))
		add_kb(&n->inactive_file_kb, v);
	if (ex__kv(rest, "active_anon", &v))
		add_kb(&n->active_anon_kb, v);
	if (ex__kv(rest, "inactive_anon", &v))
		add_kb(&n->inactive_anon_kb, v);
	if (strstr(rest, "all_unreclaimable? yes"))
		n->all_unreclaimable = true;
}

static void on_node_line(struct ex_report *r, int nid, const char *rest)
{
	struct ex_node *n = node(r, nid);

	if (!n)
		return;
	n->has_line = true;
	ex__kv(rest, "active_anon", &n->active_anon_kb);
	ex__kv(rest, "inactive_anon", &n->inactive_anon_kb);
	ex__kv(rest, "active_file", &n->active_file_kb);
	ex__kv(rest, "inactive_file", &n->inactive_file_kb);
	ex__kv(rest, "unevictable", &n->unevictable_kb);
	ex__kv(rest, "dirty", &n->dirty_kb);
	ex__kv(rest, "writeback", &n->writeback_kb);
	ex__kv(rest, "shmem", &n->shmem_kb);
	n->all_unreclaimable = strstr(rest, "all_unreclaimable? yes") != NULL;
}

/* "11218*4kB (UMEH) 32*8kB (MEH) 0*256kB ... = 46136kB" */
static void on_buddy_line(struct ex_report *r, int nid, const char *name, const char *rest)
{
	struct ex_zone *z = zone(r, nid, name);
	const char *p = rest;
	int64_t base = 0;

	if (!z)
		return;
	z->has_buddy = true;
	z->norders = 0;
	while (*p) {
		char *end;
		unsigned long long cnt, size;
		int order = 0;

		while (*p == ' ')
			p++;
		if (*p == '=') {
			p++;
			while (*p == ' ')
				p++;
			z->buddy_kb = ex__num(p, NULL);
			break;
		}
		if (!isdigit((unsigned char)*p))
			break;
		cnt = strtoull(p, &end, 10);
		if (*end != '*')
			break;
		p = end + 1;
		size = strtoull(p, &end, 10);
		if (end == p || !size)
			break;
		p = end;
		while (isalpha((unsigned char)*p))
			p++;
		if (!base)
			base = (int64_t)size;
		while ((unsigned long long)base << order < size && order < 62)
			order++;
		if (order >= FRAG_MAX_ORDER)
			break;
		z->nr_free[order] = cnt;
		if (order + 1 > z->norders)
			z->norders = order + 1;
		while (*p == ' ')
			p++;
		if (*p == '(') {
			const char *close = strchr(p, ')');

			if (!close)
				break;
			ex__copy_upto(z->types[order], sizeof(z->types[0]), p + 1, close);
			p = close + 1;
		}
	}
	if (base > 0 && base <= 1024)
		r->page_kb = (int)base;
}

static void on_hugepages(struct ex_report *r, int nid, const char *rest)
{
	struct ex_node *n = node(r, nid);
	int64_t total = 0, nfree = 0, size = 0;

	if (!n || !ex__kv(rest, "hugepages_total", &total) ||
	    !ex__kv(rest, "hugepages_size", &size))
		return;
	ex__kv(rest, "hugepages_free", &nfree);
	if (total < 0 || size < 0 || size > (1ll << 24) || total > (1ll << 26))
		return;
	if (nfree < 0 || nfree > total || n->huge_total_kb > EX_NUM_MAX)
		return;
	n->huge_total_kb += total * size;
	n->huge_free_kb += nfree * size;
}

/* "Node 0 ..." or a zone name first (kernels without NUMA print no node). */
bool ex__on_node_or_zone(struct ms_explain *e, const struct klog_line *l)
{
	const char *p = l->msg;
	char name[16];
	int nid = -1, zi;
	size_t n;
	struct ex_report *r;

	if (ex__starts(p, "Node ")) {
		char *end;

		nid = (int)strtol(p + 5, &end, 10);
		if (end == p + 5 || *end != ' ' || nid < 0 || nid > 1023)
			return false;
		p = end + 1;
	}
	if (nid >= 0 && ex__starts(p, "active_anon:")) {
		r = ex__body(e, l);
		if (r)
			on_node_line(r, nid, p);
		e->in_meminfo = false;
		return true;
	}
	if (nid >= 0 && ex__starts(p, "hugepages_total=")) {
		r = ex__body(e, l);
		if (r)
			on_hugepages(r, nid, p);
		return true;
	}
	n = strcspn(p, " :");
	if (!n || n >= sizeof(name))
		return false;
	ex__copy_upto(name, sizeof(name), p, p + n);
	zi = ex__zone_index(name);
	if (zi >= 0 && ex__starts(p + n, " free:")) {
		r = ex__body(e, l);
		if (r)
			on_zone_line(r, nid, name, p + n);
		e->in_meminfo = false;
		e->last_zone = r ? r->nzones - 1 : -1;
		return true;
	}
	if (zi >= 0 && p[n] == ':' && strchr(p + n, '*')) {
		r = ex__body(e, l);
		if (r)
			on_buddy_line(r, nid, name, p + n + 1);
		e->in_meminfo = false;
		return true;
	}
	return nid >= 0 && zi >= 0; /* "Node 0 DMA per-cpu:" (old kernels): nothing to take */
}

void ex__on_reserve(struct ms_explain *e, const char *p)
{
	struct ex_report *r = ex__cur(e);
	struct ex_zone *z;
	char *end;
	int i;

	if (!r || e->last_zone < 0 || e->last_zone >= r->nzones)
		return;
	z = &r->zones[e->last_zone];
	for (i = 0; i < EX_MAX_RESERVE; i++) {
		long long v = ex__num(p, &end);

		if (end == p)
			break;
		z->reserve_pages[i] = v;
		p = end;
	}
	z->nreserve = i;
}

void ex__on_meminfo_counters(struct ex_report *r, const char *p)
{
	struct ex_mem *m = &r->mem;

	ex__kv(p, "active_anon", &m->active_anon);
	ex__kv(p, "inactive_anon", &m->inactive_anon);
	ex__kv(p, "active_file", &m->active_file);
	ex__kv(p, "inactive_file", &m->inactive_file);
	ex__kv(p, "unevictable", &m->unevictable);
	ex__kv(p, "dirty", &m->dirty);
	ex__kv(p, "writeback", &m->writeback);
	ex__kv(p, "slab_reclaimable", &m->slab_reclaimable);
	ex__kv(p, "slab_unreclaimable", &m->slab_unreclaimable);
	ex__kv(p, "mapped", &m->mapped);
	ex__kv(p, "shmem", &m->shmem);
	ex__kv(p, "pagetables", &m->pagetables);
	ex__kv(p, "free", &m->free);
}

bool ex__on_totals(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg;
	struct ex_report *r;
	long long v = ex__num(m, NULL);

	if (ex__starts(m, "Free swap")) {
		r = ex__body(e, l);
		if (r)
			r->swap_free_kb = ex__num(strchr(m, '=') ? strchr(m, '=') + 1 : m, NULL);
		return true;
	}
	if (ex__starts(m, "Total swap")) {
		r = ex__body(e, l);
		if (r)
			r->swap_total_kb = ex__num(strchr(m, '=') ? strchr(m, '=') + 1 : m, NULL);
		return true;
	}
	if (!isdigit((unsigned char)*m))
		return false;
	if (strstr(m, " total pagecache pages")) {
		r = ex__body(e, l);
		if (r)
			r->pagecache_pages = v;
		return true;
	}
	if (strstr(m, " pages RAM")) {
		r = ex__body(e, l);
		if (r)
			r->ram_pages = v;
		return true;
	}
	if (strstr(m, " pages reserved")) {
		r = ex__body(e, l);
		if (r)
			r->reserved_pages = v;
		return true;
	}
	return false;
}
