// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: reports and the dispatch of each line (see
 * explain.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog.h"
#include "logs/klog_reader.h"
#include "base/util.h"

const char *explain__kind_name(enum ex_kind k)
{
	static const char *const names[EX_KIND_N] = {
		[EX_KIND_STALL] = "stall",
		[EX_KIND_ALLOC_FAIL] = "allocation_failure",
		[EX_KIND_OOM] = "oom",
		[EX_KIND_MEMINFO] = "meminfo",
		[EX_KIND_HUNG] = "hung_task",
		[EX_KIND_LOCKUP] = "soft_lockup",
		[EX_KIND_USERSPACE] = "userspace_kill",
	};

	return k < EX_KIND_N ? names[k] : "?";
}

static void handle_line(void *ctx, const struct klog_line *l);

struct ms_explain *explain__new(const char *kernel)
{
	struct ms_explain *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->cur = -1;
	e->reader = klog_reader__new(handle_line, e);
	if (!e->reader) {
		free(e);
		return NULL;
	}
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
	klog_reader__free(e->reader);
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
	return klog_reader__lines(e->reader);
}

int explain__dropped(const struct ms_explain *e)
{
	return e->dropped;
}

struct ex_report *ex__cur(struct ms_explain *e)
{
	return e->cur >= 0 && e->cur < e->n ? e->r[e->cur] : NULL;
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
	r->victim.reaped_anon_rss_kb = -1;
}

static void drop_report(struct ms_explain *e, int i)
{
	free(e->r[i]);
	memmove(&e->r[i], &e->r[i + 1], (size_t)(e->n - i - 1) * sizeof(e->r[0]));
	e->n--;
	if (e->cur == i)
		e->cur = -1;
	else if (e->cur > i)
		e->cur--;
}

/* A new report; when EX_MAX_REPORTS are kept the oldest one goes (counted):
 * the newest reports are the ones a reader of a long log wants. */
struct ex_report *ex__new_report(struct ms_explain *e, enum ex_kind kind, const struct klog_line *l)
{
	struct ex_report *r;

	e->in_meminfo = false;
	e->task_cols = 0;
	/* the previous hung task or lockup was not about memory: forget it */
	if (e->n && !ex__is_memory_report(e->r[e->n - 1]) &&
	    (e->r[e->n - 1]->kind == EX_KIND_HUNG || e->r[e->n - 1]->kind == EX_KIND_LOCKUP))
		drop_report(e, e->n - 1);
	if (e->n >= EX_MAX_REPORTS) {
		drop_report(e, 0);
		e->dropped++;
	}
	r = malloc(sizeof(*r));
	if (!r) {
		e->dropped++;
		e->cur = -1;
		return NULL;
	}
	init_report(r, kind, l->lineno);
	util__strlcpy(r->wallclock, l->wallclock, sizeof(r->wallclock));
	util__strlcpy(r->caller, l->caller, sizeof(r->caller));
	r->uptime = l->uptime;
	e->r[e->n] = r;
	e->cur = e->n++;
	return r;
}

struct ex_report *ex__body(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = ex__cur(e);

	return r ? r : ex__new_report(e, EX_KIND_MEMINFO, l);
}

/* Two CPUs printing at once interleave their reports' lines; with
 * CONFIG_PRINTK_CALLER (or a vendor's [pid:N,...] tag) each line says whose
 * it is: follow the report of that caller. */
static void follow_caller(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = ex__cur(e);
	int i;

	if (!l->caller[0] || !r || !r->caller[0] || !strcmp(r->caller, l->caller))
		return;
	for (i = e->n - 1; i >= 0 && i >= e->n - 8; i--) {
		if (!strcmp(e->r[i]->caller, l->caller)) {
			struct ex_report *to = e->r[i];

			r->saved.in_meminfo = e->in_meminfo;
			r->saved.last_zone = e->last_zone;
			r->saved.task_cols = e->task_cols;
			memcpy(r->saved.col, e->col, sizeof(e->col));
			e->in_meminfo = to->saved.in_meminfo;
			e->last_zone = to->saved.last_zone;
			e->task_cols = to->saved.task_cols;
			memcpy(e->col, to->saved.col, sizeof(e->col));
			e->cur = i;
			return;
		}
	}
}

static bool on_headers(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg, *p;

	if ((p = strstr(m, "page allocation stalls for "))) {
		ex__on_alloc_header(e, l, p, EX_KIND_STALL);
		return true;
	}
	if ((p = strstr(m, "page allocation failure"))) {
		ex__on_alloc_header(e, l, p, EX_KIND_ALLOC_FAIL);
		return true;
	}
	if ((p = strstr(m, " invoked oom-killer: "))) {
		ex__on_oom_header(e, l, p);
		return true;
	}
	return ex__on_hang_header(e, l);
}

static bool on_versions(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg;
	struct ex_report *r = ex__cur(e);
	bool rel_seen;
	char rel[64];

	rel_seen = ex__release(m, rel, sizeof(rel));
	if (rel_seen)
		util__strlcpy(e->last_kernel, rel, sizeof(e->last_kernel));
	if ((ex__starts(m, "CPU: ") && (strstr(m, " PID: ") || strstr(m, "UID: "))) ||
	    ex__starts(m, "Pid: ")) {
		ex__on_cpu_line(e, m);
		return true;
	}
	if (!rel_seen)
		return false;
	if (ex__starts(m, "Linux version ")) {
		util__strlcpy(e->boot_kernel, rel, sizeof(e->boot_kernel));
		return true;
	}
	/* a hung task's "Tainted: ..." / "Not tainted ..." line */
	if (r && (r->kind == EX_KIND_HUNG || r->kind == EX_KIND_LOCKUP) && !r->kernel[0])
		util__strlcpy(r->kernel, rel, sizeof(r->kernel));
	return r != NULL;
}

static bool on_body(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg;
	struct ex_report *r;

	if (ex__starts(m, "Mem-Info:") || ex__starts(m, "Mem-info:")) {
		r = ex__cur(e);
		if (!r || r->has_meminfo)
			r = ex__new_report(e, EX_KIND_MEMINFO, l);
		if (r)
			r->has_meminfo = true;
		e->in_meminfo = true;
		return true;
	}
	if (ex__on_node_or_zone(e, l) || ex__on_totals(e, l))
		return true;
	if (ex__starts(m, "lowmem_reserve[]:")) {
		ex__on_reserve(e, m + strlen("lowmem_reserve[]:"));
		return true;
	}
	if (m[0] == '[' && strstr(m, "uid") && strstr(m, "total_vm") && strstr(m, "rss")) {
		if (!ex__body(e, l))
			return true;
		ex__on_task_header(e, m);
		return true;
	}
	r = ex__cur(e);
	if (!r)
		return false;
	if (m[0] == '[' && e->task_cols && isdigit((unsigned char)*(m + 1 + strspn(m + 1, " "))) &&
	    strchr(m, ']')) {
		ex__on_task_row(e, r, m);
		return true;
	}
	if (ex__on_frame(e, l))
		return true;
	if (e->in_meminfo && strchr(m, ':') && !ex__starts(m, "CPU")) {
		ex__on_meminfo_counters(r, m);
		return true;
	}
	return false;
}

static bool is_elision(const char *m)
{
	return ex__starts(m, "(...") || ex__starts(m, "[...") || ex__starts(m, "...") ||
	       ex__starts(m, "<snip") || ex__starts(m, "[snip") || strstr(m, "snipped");
}

static void handle_line(void *ctx, const struct klog_line *l)
{
	struct ms_explain *e = ctx;
	const char *m = l->msg;
	struct ex_report *r;

	e->lineno = l->lineno;
	e->in.joined += l->joined;
	if (!*m)
		return;
	if (l->fmt != KLOG_RAW)
		e->fmt_seen[l->fmt]++;
	if (!l->kernel || (l->ident[0] && strcmp(l->ident, "kernel"))) {
		if (ex__on_userspace_kill(e, l) && (r = ex__cur(e)))
			r->line_last = l->lineno;
		return;
	}
	follow_caller(e, l);
	if (on_headers(e, l))
		return;
	if (is_elision(m)) {
		e->in.elisions++;
		if ((r = ex__cur(e)))
			r->elided++;
		return;
	}
	if (!ex__on_oom_lines(e, l) && !on_versions(e, l) && !on_body(e, l) &&
	    !ex__on_userspace_kill(e, l))
		return;
	r = ex__cur(e);
	if (!r)
		return;
	r->line_last = l->lineno;
	/* a header whose prefix was cut: take the time from the report's body */
	if (!r->wallclock[0] && l->wallclock[0])
		util__strlcpy(r->wallclock, l->wallclock, sizeof(r->wallclock));
	if (r->uptime < 0)
		r->uptime = l->uptime;
}

void explain__feed_line(struct ms_explain *e, char *line)
{
	klog_reader__push(e->reader, line, strlen(line));
}
