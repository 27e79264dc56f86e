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

long long ex__num(const char *s, char **end)
{
	long long v = strtoll(s, end, 10);

	return v > EX_NUM_MAX ? EX_NUM_MAX : v < -EX_NUM_MAX ? -EX_NUM_MAX : v;
}

static int inum(const char *s)
{
	long long v = ex__num(s, NULL);

	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
}

/* ---- small scanners ---- */

bool ex__starts(const char *s, const char *prefix)
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

void ex__copy_upto(char *dst, size_t len, const char *from, const char *to)
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
			ex__copy_upto(r->gfp_log, sizeof(r->gfp_log), end + 1, close);
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

struct ex_report *ex__cur(struct ms_explain *e)
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
struct ex_report *ex__body(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = ex__cur(e);

	return r ? r : new_report(e, EX_KIND_MEMINFO, l);
}

static void set_comm(struct ex_report *r, const char *msg, const char *at)
{
	const char *end = at;

	while (end > msg && (end[-1] == ' ' || end[-1] == ':'))
		end--;
	ex__copy_upto(r->comm, sizeof(r->comm), msg, end);
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
			r->stall_ms = ex__num(p, NULL);
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
	ex__copy_upto(r->comm, sizeof(r->comm), l->msg, at);
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
	ex__copy_upto(comm, sizeof(comm), c, c + strcspn(c, " "));
	if (hash) {
		const char *s = hash;

		while (s > msg && s[-1] != ' ')
			s--;
		if (isdigit((unsigned char)*s))
			ex__copy_upto(rel, sizeof(rel), s, hash);
	}
	/* reports may interleave: the latest one of this task without a pid */
	for (i = e->n - 1; i >= 0 && i >= e->n - 8; i--) {
		if (e->r[i]->pid < 0 && !strncmp(e->r[i]->comm, comm, 15)) {
			r = e->r[i];
			break;
		}
	}
	if (!r && ex__cur(e) && ex__cur(e)->pid < 0)
		r = ex__cur(e);
	if (!r)
		return;
	r->pid = pid;
	if (!r->comm[0])
		util__strlcpy(r->comm, comm, sizeof(r->comm));
	if (rel[0])
		util__strlcpy(r->kernel, rel, sizeof(r->kernel));
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
		v[i] = ex__num(p, &end);
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
			ex__copy_upto(r->victim.comm, sizeof(r->victim.comm), open + 1, close);
	}
	p = open ? open : p;
	if (strstr(p, " score ") && !strstr(p, "oom_score_adj"))
		r->victim.score = ex__num(strstr(p, " score ") + 7, NULL);
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
	struct ex_report *r = ex__cur(e);

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

	if (ex__starts(m, "Out of memory and no killable processes")) {
		r = oom_report(e, l);
		if (r)
			r->no_killable = true;
		return true;
	}
	if ((ex__starts(m, "Out of memory") || ex__starts(m, "Memory cgroup out of memory")) &&
	    ((p = strstr(m, "Kill process ")) || (p = strstr(m, "Killed process ")))) {
		r = oom_report(e, l);
		if (!r)
			return true;
		if (ex__starts(m, "Memory cgroup"))
			r->memcg_oom = true;
		on_victim(r, strchr(p, ' ') + strlen(" process"));
		return true;
	}
	if (ex__starts(m, "Killed process ")) {
		r = oom_report(e, l);
		if (r)
			on_victim(r, m + strlen("Killed process "));
		return true;
	}
	if (ex__starts(m, "oom_reaper: reaped process ")) {
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
	r = ex__cur(e);
	if (!r)
		return false;
	if (ex__starts(m, "oom-kill:")) {
		on_oom_kill_line(r, m + strlen("oom-kill:"));
		return true;
	}
	if (ex__starts(m, "Task in ") && (p = strstr(m, "limit of "))) {
		util__strlcpy(r->oom_memcg, p + strlen("limit of "), sizeof(r->oom_memcg));
		ex__copy_upto(r->task_memcg, sizeof(r->task_memcg), m + 8, strstr(m, " killed"));
		r->memcg_oom = true;
		return true;
	}
	if (ex__starts(m, "memory: usage ")) {
		int64_t v;

		r->memcg_usage_kb = ex__num(m + strlen("memory: usage "), NULL);
		if ((p = strstr(m, "limit ")))
			r->memcg_limit_kb = ex__num(p + 6, NULL);
		if ((p = strstr(m, "failcnt ")))
			r->memcg_failcnt = ex__num(p + 8, NULL);
		(void)v;
		r->memcg_oom = true;
		return true;
	}
	if (ex__starts(m, "Memory cgroup stats for ")) {
		p = m + strlen("Memory cgroup stats for ");
		if (!r->oom_memcg[0])
			ex__copy_upto(r->oom_memcg, sizeof(r->oom_memcg), p, p + strcspn(p, ": "));
		r->memcg_oom = true;
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
	if (ex__starts(m, "Linux version ")) {
		p = m + strlen("Linux version ");
		ex__copy_upto(e->boot_kernel, sizeof(e->boot_kernel), p, p + strcspn(p, " "));
		return;
	}
	if ((ex__starts(m, "CPU: ") && strstr(m, " PID: ")) || ex__starts(m, "Pid: ")) {
		on_cpu_line(e, m);
		goto touched;
	}
	if (ex__starts(m, "Mem-Info:") || ex__starts(m, "Mem-info:")) {
		r = ex__cur(e);
		if (!r || r->has_meminfo)
			r = new_report(e, EX_KIND_MEMINFO, l);
		if (r)
			r->has_meminfo = true;
		e->in_meminfo = true;
		goto touched;
	}
	if (ex__on_node_or_zone(e, l) || ex__on_totals(e, l))
		goto touched;
	if (ex__starts(m, "lowmem_reserve[]:")) {
		ex__on_reserve(e, m + strlen("lowmem_reserve[]:"));
		goto touched;
	}
	if (m[0] == '[' && strstr(m, "uid") && strstr(m, "total_vm") && strstr(m, "rss")) {
		on_task_header(e, m);
		goto touched;
	}
	r = ex__cur(e);
	if (!r)
		return;
	if (m[0] == '[' && e->task_cols && isdigit((unsigned char)*(m + 1 + strspn(m + 1, " "))) &&
	    strchr(m, ']')) {
		on_task_row(e, r, m);
		goto touched;
	}
	if (e->in_meminfo && strchr(m, ':') && !ex__starts(m, "CPU")) {
		ex__on_meminfo_counters(r, m);
		goto touched;
	}
	return;
touched:
	r = ex__cur(e);
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
