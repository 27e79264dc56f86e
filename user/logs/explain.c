// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: recognising the reports (see explain.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog.h"
#include "base/util.h"

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"
};

const char *explain__kind_name(enum ex_kind k)
{
	static const char *const names[] = {
		[EX_KIND_STALL] = "stall",
		[EX_KIND_ALLOC_FAIL] = "allocation_failure",
		[EX_KIND_OOM] = "oom",
		[EX_KIND_MEMINFO] = "meminfo",
	};

	return k <= EX_KIND_MEMINFO ? names[k] : "?";
}

struct ms_explain *explain__new(const char *kernel)
{
	struct ms_explain *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->cur = -1;
	if (kernel)
		util__strlcpy(e->kernel_override, kernel, sizeof(e->kernel_override));
	return e;
}

void explain__free(struct ms_explain *e)
{
	int i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		free(e->r[i]);
	free(e);
}

int explain__count(const struct ms_explain *e)
{
	return e->n;
}

const struct ex_report *explain__report(const struct ms_explain *e, int i)
{
	return i >= 0 && i < e->n ? e->r[i] : NULL;
}

int explain__lines(const struct ms_explain *e)
{
	return e->lineno;
}

int explain__dropped(const struct ms_explain *e)
{
	return e->dropped;
}

/* Numbers from a log are untrusted: clamp them so that sums and products
 * of kB and page counts stay far from overflow. */
#define EX_NUM_MAX (1ll << 40)

static long long num(const char *s, char **end)
{
	long long v = strtoll(s, end, 10);

	return v > EX_NUM_MAX ? EX_NUM_MAX : v < -EX_NUM_MAX ? -EX_NUM_MAX : v;
}

static int inum(const char *s)
{
	long long v = num(s, NULL);

	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
}

/* ---- small scanners ---- */

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A number after "key:" or "key=" where key starts a token; "kB" ignored. */
bool ex__kv(const char *s, const char *key, int64_t *v)
{
	size_t n = strlen(key);
	const char *p = s;

	while ((p = strstr(p, key))) {
		const char *q = p + n;
		char *end;
		long long x;

		if ((p == s || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t') &&
		    (*q == ':' || *q == '=')) {
			q++;
			while (*q == ' ')
				q++;
			if (isdigit((unsigned char)*q) ||
			    (*q == '-' && isdigit((unsigned char)q[1]))) {
				errno = 0;
				x = strtoll(q, &end, 10);
				if (!errno) {
					*v = x > EX_NUM_MAX    ? EX_NUM_MAX
					     : x < -EX_NUM_MAX ? -EX_NUM_MAX
							       : x;
					return true;
				}
			}
		}
		p += n;
	}
	return false;
}

/* The text after "key=" up to a ',' or blank, into buf. */
static bool kv_str(const char *s, const char *key, char *buf, size_t len)
{
	const char *p = strstr(s, key);
	size_t n;

	if (!p || (p != s && p[-1] != ',' && p[-1] != ' '))
		return false;
	p += strlen(key);
	n = strcspn(p, ", ");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

static void copy_upto(char *dst, size_t len, const char *from, const char *to)
{
	size_t n = to > from ? (size_t)(to - from) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(dst, from, n);
	dst[n] = '\0';
}

/* "0x26040c0(GFP_KERNEL|__GFP_COMP)" after key: the mask and the names. */
static void parse_mask(struct ex_report *r, const char *s, const char *key)
{
	const char *p = strstr(s, key);
	char *end;

	if (!p)
		return;
	p += strlen(key);
	errno = 0;
	r->gfp = strtoull(p, &end, 16);
	if (end == p || errno)
		return;
	r->has_gfp = true;
	if (*end == '(') {
		const char *close = strchr(end, ')');

		if (close)
			copy_upto(r->gfp_log, sizeof(r->gfp_log), end + 1, close);
	}
}

int ex__zone_index(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_names); i++)
		if (!strcmp(name, zone_names[i]))
			return (int)i;
	return -1;
}

/* ---- reports ---- */

static struct ex_report *cur(struct ms_explain *e)
{
	return e->cur >= 0 ? e->r[e->cur] : NULL;
}

static void init_report(struct ex_report *r, enum ex_kind kind, int line)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line_first = r->line_last = line;
	r->uptime = -1;
	r->pid = -1;
	r->order = -1;
	r->stall_ms = -1;
	r->oom_score_adj = -1;
	r->page_kb = 4;
	memset(&r->mem, 0xff, sizeof(r->mem)); /* every counter -1 */
	r->swap_total_kb = r->swap_free_kb = -1;
	r->pagecache_pages = r->ram_pages = r->reserved_pages = -1;
	r->memcg_usage_kb = r->memcg_limit_kb = r->memcg_failcnt = -1;
	r->victim.pid = r->victim.uid = -1;
	r->victim.score = r->victim.total_vm_kb = r->victim.anon_rss_kb = -1;
	r->victim.file_rss_kb = r->victim.shmem_rss_kb = r->victim.pgtables_kb = -1;
	r->victim.oom_score_adj = -1;
}

static struct ex_report *new_report(struct ms_explain *e, enum ex_kind kind,
				    const struct klog_line *l)
{
	struct ex_report *r;

	e->in_meminfo = false;
	e->task_cols = 0;
	if (e->n >= EX_MAX_REPORTS) {
		e->dropped++;
		e->cur = -1;
		return NULL;
	}
	r = malloc(sizeof(*r));
	if (!r) {
		e->dropped++;
		e->cur = -1;
		return NULL;
	}
	init_report(r, kind, e->lineno);
	util__strlcpy(r->wallclock, l->wallclock, sizeof(r->wallclock));
	r->uptime = l->uptime;
	e->r[e->n] = r;
	e->cur = e->n++;
	return r;
}

/* The report a Mem-Info-style line belongs to: the current one, or a new
 * headerless one when the log starts in the middle of a report. */
static struct ex_report *body(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = cur(e);

	return r ? r : new_report(e, EX_KIND_MEMINFO, l);
}

static void set_comm(struct ex_report *r, const char *msg, const char *at)
{
	const char *end = at;

	while (end > msg && (end[-1] == ' ' || end[-1] == ':'))
		end--;
	copy_upto(r->comm, sizeof(r->comm), msg, end);
}

/* "python: page allocation stalls for 15412ms, order:1, mode:0x26040c0(...)" */
static void on_alloc_header(struct ms_explain *e, const struct klog_line *l, const char *at,
			    enum ex_kind kind)
{
	struct ex_report *r = new_report(e, kind, l);
	int64_t v;

	if (!r)
		return;
	set_comm(r, l->msg, at);
	if (kind == EX_KIND_STALL) {
		const char *p = at + strlen("page allocation stalls for ");

		if (isdigit((unsigned char)*p))
			r->stall_ms = num(p, NULL);
	}
	if (ex__kv(at, "order", &v) && v >= 0 && v <= 20)
		r->order = (int)v;
	parse_mask(r, at, "mode:");
}

/* "java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0" */
static void on_oom_header(struct ms_explain *e, const struct klog_line *l, const char *at)
{
	struct ex_report *r = new_report(e, EX_KIND_OOM, l);
	int64_t v;

	if (!r)
		return;
	copy_upto(r->comm, sizeof(r->comm), l->msg, at);
	if (ex__kv(at, "order", &v) && v >= -1 && v <= 20)
		r->order = (int)v;
	if (ex__kv(at, "oom_score_adj", &v))
		r->oom_score_adj = v;
	parse_mask(r, at, "gfp_mask=");
}

/* "CPU: 4 PID: 1467 Comm: python Tainted: G O 4.9.0-8-amd64 #1 Debian ..."
 * or "Pid: 32223, comm: z_wr_iss/2 Tainted: P O 3.3.0-gentoo-r1 #1" */
static void on_cpu_line(struct ms_explain *e, const char *msg)
{
	const char *p = strstr(msg, "PID: ");
	const char *c = strstr(msg, "Comm: ");
	const char *hash = strstr(msg, " #");
	char comm[32] = "", rel[64] = "";
	struct ex_report *r = NULL;
	int pid, i;

	if (!p || !c) {
		p = strstr(msg, "Pid: ");
		c = strstr(msg, "comm: ");
	}
	if (!p || !c)
		return;
	pid = inum(p + 5);
	c += 6;
	copy_upto(comm, sizeof(comm), c, c + strcspn(c, " "));
	if (hash) {
		const char *s = hash;

		while (s > msg && s[-1] != ' ')
			s--;
		if (isdigit((unsigned char)*s))
			copy_upto(rel, sizeof(rel), s, hash);
	}
	/* reports may interleave: the latest one of this task without a pid */
	for (i = e->n - 1; i >= 0 && i >= e->n - 8; i--) {
		if (e->r[i]->pid < 0 && !strncmp(e->r[i]->comm, comm, 15)) {
			r = e->r[i];
			break;
		}
	}
	if (!r && cur(e) && cur(e)->pid < 0)
		r = cur(e);
	if (!r)
		return;
	r->pid = pid;
	if (!r->comm[0])
		util__strlcpy(r->comm, comm, sizeof(r->comm));
	if (rel[0])
		util__strlcpy(r->kernel, rel, sizeof(r->kernel));
}

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
			z->buddy_kb = num(p, NULL);
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
			copy_upto(z->types[order], sizeof(z->types[0]), p + 1, close);
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
static bool on_node_or_zone(struct ms_explain *e, const struct klog_line *l)
{
	const char *p = l->msg;
	char name[16];
	int nid = -1, zi;
	size_t n;
	struct ex_report *r;

	if (starts(p, "Node ")) {
		char *end;

		nid = (int)strtol(p + 5, &end, 10);
		if (end == p + 5 || *end != ' ' || nid < 0 || nid > 1023)
			return false;
		p = end + 1;
	}
	if (nid >= 0 && starts(p, "active_anon:")) {
		r = body(e, l);
		if (r)
			on_node_line(r, nid, p);
		e->in_meminfo = false;
		return true;
	}
	if (nid >= 0 && starts(p, "hugepages_total=")) {
		r = body(e, l);
		if (r)
			on_hugepages(r, nid, p);
		return true;
	}
	n = strcspn(p, " :");
	if (!n || n >= sizeof(name))
		return false;
	copy_upto(name, sizeof(name), p, p + n);
	zi = ex__zone_index(name);
	if (zi >= 0 && starts(p + n, " free:")) {
		r = body(e, l);
		if (r)
			on_zone_line(r, nid, name, p + n);
		e->in_meminfo = false;
		e->last_zone = r ? r->nzones - 1 : -1;
		return true;
	}
	if (zi >= 0 && p[n] == ':' && strchr(p + n, '*')) {
		r = body(e, l);
		if (r)
			on_buddy_line(r, nid, name, p + n + 1);
		e->in_meminfo = false;
		return true;
	}
	return nid >= 0 && zi >= 0; /* "Node 0 DMA per-cpu:" (old kernels): nothing to take */
}

static void on_reserve(struct ms_explain *e, const char *p)
{
	struct ex_report *r = cur(e);
	struct ex_zone *z;
	char *end;
	int i;

	if (!r || e->last_zone < 0 || e->last_zone >= r->nzones)
		return;
	z = &r->zones[e->last_zone];
	for (i = 0; i < EX_MAX_RESERVE; i++) {
		long long v = num(p, &end);

		if (end == p)
			break;
		z->reserve_pages[i] = v;
		p = end;
	}
	z->nreserve = i;
}

static void on_meminfo_counters(struct ex_report *r, const char *p)
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

/* "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name" */
static void on_task_header(struct ms_explain *e, const char *p)
{
	char buf[256], *tok, *save = NULL;
	int i = 0;

	p = strchr(p, ']');
	if (!p)
		return;
	util__strlcpy(buf, p + 1, sizeof(buf));
	memset(e->col, -1, sizeof(e->col));
	for (tok = strtok_r(buf, " \t", &save); tok && i < EX_TASK_COLS;
	     tok = strtok_r(NULL, " \t", &save), i++) {
		if (!strcmp(tok, "uid"))
			e->col[TC_UID] = i;
		else if (!strcmp(tok, "total_vm"))
			e->col[TC_VM] = i;
		else if (!strcmp(tok, "rss"))
			e->col[TC_RSS] = i;
		else if (!strcmp(tok, "swapents"))
			e->col[TC_SWAP] = i;
		else if (!strcmp(tok, "oom_score_adj"))
			e->col[TC_ADJ] = i;
		else if (!strcmp(tok, "name"))
			break;
	}
	e->task_cols = i;
}

static void on_task_row(struct ms_explain *e, struct ex_report *r, const char *p)
{
	long long v[EX_TASK_COLS] = { 0 };
	struct ex_task t = {};
	char *end;
	int i, slot;

	t.pid = inum(p + 1);
	p = strchr(p, ']') + 1;
	for (i = 0; i < e->task_cols; i++) {
		v[i] = num(p, &end);
		if (end == p)
			return;
		p = end;
	}
	while (*p == ' ')
		p++;
	util__strlcpy(t.name, p, sizeof(t.name));
	t.uid = e->col[TC_UID] >= 0 ? (int)v[e->col[TC_UID]] : -1;
	t.total_vm_pages = e->col[TC_VM] >= 0 ? v[e->col[TC_VM]] : -1;
	t.rss_pages = e->col[TC_RSS] >= 0 ? v[e->col[TC_RSS]] : -1;
	t.swapents = e->col[TC_SWAP] >= 0 ? v[e->col[TC_SWAP]] : -1;
	t.oom_score_adj = e->col[TC_ADJ] >= 0 ? (int)v[e->col[TC_ADJ]] : 0;
	r->ntasks++;
	/* keep the largest by rss, sorted */
	slot = r->ntasks - 1 < EX_MAX_TOP ? r->ntasks - 1 : EX_MAX_TOP;
	while (slot > 0 && r->top[slot - 1].rss_pages < t.rss_pages) {
		if (slot < EX_MAX_TOP)
			r->top[slot] = r->top[slot - 1];
		slot--;
	}
	if (slot < EX_MAX_TOP)
		r->top[slot] = t;
}

/* "... Kill process 17982 (java) score 77 or sacrifice child",
 * "Killed process 17982 (java) total-vm:19803312kB, anon-rss:..." */
static void on_victim(struct ex_report *r, const char *p)
{
	const char *open, *close;
	int64_t v;

	r->has_victim = true;
	r->victim.pid = inum(p);
	open = strchr(p, '(');
	if (open) {
		close = strstr(open, ") ");
		if (!close)
			close = strstr(open, "),");
		if (!close)
			close = strrchr(open, ')');
		if (close)
			copy_upto(r->victim.comm, sizeof(r->victim.comm), open + 1, close);
	}
	p = open ? open : p;
	if (strstr(p, " score ") && !strstr(p, "oom_score_adj"))
		r->victim.score = num(strstr(p, " score ") + 7, NULL);
	ex__kv(p, "total-vm", &r->victim.total_vm_kb);
	ex__kv(p, "anon-rss", &r->victim.anon_rss_kb);
	ex__kv(p, "file-rss", &r->victim.file_rss_kb);
	ex__kv(p, "shmem-rss", &r->victim.shmem_rss_kb);
	ex__kv(p, "pgtables", &r->victim.pgtables_kb);
	ex__kv(p, "oom_score_adj", &r->victim.oom_score_adj);
	if (ex__kv(p, "UID", &v))
		r->victim.uid = (int)v;
	else if (strstr(p, "UID "))
		r->victim.uid = inum(strstr(p, "UID ") + 4);
}

/* The OOM report a kill/victim line belongs to: the current one if it is
 * an OOM report, else a new (headerless) one. */
static struct ex_report *oom_report(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = cur(e);

	if (r && r->kind == EX_KIND_MEMINFO)
		r->kind = EX_KIND_OOM;
	if (!r || r->kind != EX_KIND_OOM)
		r = new_report(e, EX_KIND_OOM, l);
	return r;
}

static void on_oom_kill_line(struct ex_report *r, const char *p)
{
	int64_t v;

	kv_str(p, "constraint=", r->constraint, sizeof(r->constraint));
	kv_str(p, "oom_memcg=", r->oom_memcg, sizeof(r->oom_memcg));
	kv_str(p, "task_memcg=", r->task_memcg, sizeof(r->task_memcg));
	if (strstr(p, ",oom_memcg="))
		r->memcg_oom = true;
	if (!r->has_victim && ex__kv(p, "pid", &v)) {
		r->victim.pid = (int)v;
		kv_str(p, "task=", r->victim.comm, sizeof(r->victim.comm));
		if (ex__kv(p, "uid", &v))
			r->victim.uid = (int)v;
	}
}

static bool on_oom_lines(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg, *p;
	struct ex_report *r;

	if (starts(m, "Out of memory and no killable processes")) {
		r = oom_report(e, l);
		if (r)
			r->no_killable = true;
		return true;
	}
	if ((starts(m, "Out of memory") || starts(m, "Memory cgroup out of memory")) &&
	    ((p = strstr(m, "Kill process ")) || (p = strstr(m, "Killed process ")))) {
		r = oom_report(e, l);
		if (!r)
			return true;
		if (starts(m, "Memory cgroup"))
			r->memcg_oom = true;
		on_victim(r, strchr(p, ' ') + strlen(" process"));
		return true;
	}
	if (starts(m, "Killed process ")) {
		r = oom_report(e, l);
		if (r)
			on_victim(r, m + strlen("Killed process "));
		return true;
	}
	if (starts(m, "oom_reaper: reaped process ")) {
		int pid = inum(m + strlen("oom_reaper: reaped process "));
		int i;

		for (i = e->n - 1; i >= 0 && i >= e->n - 8; i--) {
			if (e->r[i]->victim.pid == pid) {
				e->r[i]->victim.reaped = true;
				break;
			}
		}
		return true;
	}
	r = cur(e);
	if (!r)
		return false;
	if (starts(m, "oom-kill:")) {
		on_oom_kill_line(r, m + strlen("oom-kill:"));
		return true;
	}
	if (starts(m, "Task in ") && (p = strstr(m, "limit of "))) {
		util__strlcpy(r->oom_memcg, p + strlen("limit of "), sizeof(r->oom_memcg));
		copy_upto(r->task_memcg, sizeof(r->task_memcg), m + 8, strstr(m, " killed"));
		r->memcg_oom = true;
		return true;
	}
	if (starts(m, "memory: usage ")) {
		int64_t v;

		r->memcg_usage_kb = num(m + strlen("memory: usage "), NULL);
		if ((p = strstr(m, "limit ")))
			r->memcg_limit_kb = num(p + 6, NULL);
		if ((p = strstr(m, "failcnt ")))
			r->memcg_failcnt = num(p + 8, NULL);
		(void)v;
		r->memcg_oom = true;
		return true;
	}
	if (starts(m, "Memory cgroup stats for ")) {
		p = m + strlen("Memory cgroup stats for ");
		if (!r->oom_memcg[0])
			copy_upto(r->oom_memcg, sizeof(r->oom_memcg), p, p + strcspn(p, ": "));
		r->memcg_oom = true;
		return true;
	}
	return false;
}

static bool on_totals(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg;
	struct ex_report *r;
	long long v = num(m, NULL);

	if (starts(m, "Free swap")) {
		r = body(e, l);
		if (r)
			r->swap_free_kb = num(strchr(m, '=') ? strchr(m, '=') + 1 : m, NULL);
		return true;
	}
	if (starts(m, "Total swap")) {
		r = body(e, l);
		if (r)
			r->swap_total_kb = num(strchr(m, '=') ? strchr(m, '=') + 1 : m, NULL);
		return true;
	}
	if (!isdigit((unsigned char)*m))
		return false;
	if (strstr(m, " total pagecache pages")) {
		r = body(e, l);
		if (r)
			r->pagecache_pages = v;
		return true;
	}
	if (strstr(m, " pages RAM")) {
		r = body(e, l);
		if (r)
			r->ram_pages = v;
		return true;
	}
	if (strstr(m, " pages reserved")) {
		r = body(e, l);
		if (r)
			r->reserved_pages = v;
		return true;
	}
	return false;
}

static void handle(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg, *p;
	struct ex_report *r;

	if ((p = strstr(m, "page allocation stalls for "))) {
		on_alloc_header(e, l, p, EX_KIND_STALL);
		return;
	}
	if ((p = strstr(m, "page allocation failure"))) {
		on_alloc_header(e, l, p, EX_KIND_ALLOC_FAIL);
		return;
	}
	if ((p = strstr(m, " invoked oom-killer: "))) {
		on_oom_header(e, l, p);
		return;
	}
	if (on_oom_lines(e, l))
		goto touched;
	if (starts(m, "Linux version ")) {
		p = m + strlen("Linux version ");
		copy_upto(e->boot_kernel, sizeof(e->boot_kernel), p, p + strcspn(p, " "));
		return;
	}
	if ((starts(m, "CPU: ") && strstr(m, " PID: ")) || starts(m, "Pid: ")) {
		on_cpu_line(e, m);
		goto touched;
	}
	if (starts(m, "Mem-Info:") || starts(m, "Mem-info:")) {
		r = cur(e);
		if (!r || r->has_meminfo)
			r = new_report(e, EX_KIND_MEMINFO, l);
		if (r)
			r->has_meminfo = true;
		e->in_meminfo = true;
		goto touched;
	}
	if (on_node_or_zone(e, l) || on_totals(e, l))
		goto touched;
	if (starts(m, "lowmem_reserve[]:")) {
		on_reserve(e, m + strlen("lowmem_reserve[]:"));
		goto touched;
	}
	if (m[0] == '[' && strstr(m, "uid") && strstr(m, "total_vm") && strstr(m, "rss")) {
		on_task_header(e, m);
		goto touched;
	}
	r = cur(e);
	if (!r)
		return;
	if (m[0] == '[' && e->task_cols && isdigit((unsigned char)*(m + 1 + strspn(m + 1, " "))) &&
	    strchr(m, ']')) {
		on_task_row(e, r, m);
		goto touched;
	}
	if (e->in_meminfo && strchr(m, ':') && !starts(m, "CPU")) {
		on_meminfo_counters(r, m);
		goto touched;
	}
	return;
touched:
	r = cur(e);
	if (!r)
		return;
	r->line_last = e->lineno;
	/* a header whose prefix was cut: take the time from the report's body */
	if (!r->wallclock[0] && l->wallclock[0])
		util__strlcpy(r->wallclock, l->wallclock, sizeof(r->wallclock));
	if (r->uptime < 0)
		r->uptime = l->uptime;
}

void explain__feed_line(struct ms_explain *e, char *line)
{
	struct klog_line l;

	e->lineno++;
	klog__parse_line(line, &l);
	if (!l.kernel || !*l.msg)
		return;
	if (l.fmt != KLOG_RAW)
		e->fmt_seen[l.fmt]++;
	handle(e, &l);
}

void explain__feed_buffer(struct ms_explain *e, const char *buf, size_t len)
{
	char line[4096];
	size_t i = 0;

	while (i < len) {
		size_t n = 0;

		while (i < len && buf[i] != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = buf[i] ? buf[i] : ' ';
			i++;
		}
		i++; /* the newline */
		line[n] = '\0';
		explain__feed_line(e, line);
	}
}

int explain__feed_file(struct ms_explain *e, FILE *f, const char *name, struct ms_diag *d)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, f)) >= 0) {
		if (memchr(line, '\0', (size_t)n)) {
			free(line);
			return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					  "%s: binary data, not a text log: pass the output of "
					  "dmesg or journalctl -k",
					  name);
		}
		explain__feed_line(e, line);
	}
	free(line);
	if (ferror(f))
		return diag__fail(d, -EIO, MS_EXIT_INPUT, "%s: read error: %s", name,
				  strerror(errno));
	return 0;
}
