// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: report headers, the CPU line, the OOM
 * task table, victim and memcg lines. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "base/util.h"

static void set_comm(struct ex_report *r, const char *msg, const char *at)
{
	const char *end = at;

	while (end > msg && (end[-1] == ' ' || end[-1] == ':'))
		end--;
	ex__copy_upto(r->comm, sizeof(r->comm), msg, end);
}

/* "python: page allocation stalls for 15412ms, order:1, mode:0x26040c0(...)" */
void ex__on_alloc_header(struct ms_explain *e, const struct klog_line *l, const char *at,
			 enum ex_kind kind)
{
	struct ex_report *r = ex__new_report(e, kind, l);
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
	ex__parse_mask(r, at, "mode:");
}

/* "java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0" */
void ex__on_oom_header(struct ms_explain *e, const struct klog_line *l, const char *at)
{
	struct ex_report *r = ex__new_report(e, EX_KIND_OOM, l);
	int64_t v;

	if (!r)
		return;
	ex__copy_upto(r->comm, sizeof(r->comm), l->msg, at);
	if (ex__kv(at, "order", &v) && v >= -1 && v <= 20)
		r->order = (int)v;
	if (ex__kv(at, "oom_score_adj", &v))
		r->oom_score_adj = v;
	ex__parse_mask(r, at, "gfp_mask=");
}

/* The comm between "Comm: " and " Tainted"/" Not tainted" (it may hold blanks:
 * "Web Content") */
static void cpu_comm(const char *c, char *comm, size_t len)
{
	const char *end = strstr(c, " Tainted");

	if (!end || (strstr(c, " Not tainted") && strstr(c, " Not tainted") < end))
		end = strstr(c, " Not tainted");
	if (!end || end - c > 20)
		end = c + strcspn(c, " ");
	ex__copy_upto(comm, len, c, end);
}

/* "CPU: 4 PID: 1467 Comm: python Tainted: G O 4.9.0-8-amd64 #1 Debian ..."
 * or "Pid: 32223, comm: z_wr_iss/2 Tainted: P O 3.3.0-gentoo-r1 #1" */
void ex__on_cpu_line(struct ms_explain *e, const char *msg)
{
	const char *p = strstr(msg, "PID: ");
	const char *c = strstr(msg, "Comm: ");
	char comm[32] = "", rel[64] = "";
	struct ex_report *r = NULL;
	int pid, i;

	if (!p || !c) {
		p = strstr(msg, "Pid: ");
		c = strstr(msg, "comm: ");
	}
	if (!p || !c)
		return;
	pid = ex__inum(p + 5);
	cpu_comm(c + 6, comm, sizeof(comm));
	ex__release(msg, rel, sizeof(rel));
	/* reports may interleave: the latest one of this task without a pid,
	 * or (a soft lockup's header named it) with this pid */
	for (i = e->n - 1; i >= 0 && i >= e->n - 8; i--) {
		if ((e->r[i]->pid < 0 && !strncmp(e->r[i]->comm, comm, 15)) ||
		    (e->r[i]->pid == pid && !e->r[i]->kernel[0])) {
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
void ex__on_task_header(struct ms_explain *e, const char *p)
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
		else if (!strcmp(tok, "rss_anon"))
			e->col[TC_RSS_ANON] = i;
		else if (!strcmp(tok, "rss_file"))
			e->col[TC_RSS_FILE] = i;
		else if (!strcmp(tok, "rss_shmem"))
			e->col[TC_RSS_SHMEM] = i;
		else if (!strcmp(tok, "name"))
			break;
	}
	e->task_cols = i;
}

void ex__on_task_row(struct ms_explain *e, struct ex_report *r, const char *p)
{
	long long v[EX_TASK_COLS] = { 0 };
	struct ex_task t = {};
	char *end;
	int i, slot;

	t.pid = ex__inum(p + 1);
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
	t.rss_anon_pages = e->col[TC_RSS_ANON] >= 0 ? v[e->col[TC_RSS_ANON]] : -1;
	t.rss_file_pages = e->col[TC_RSS_FILE] >= 0 ? v[e->col[TC_RSS_FILE]] : -1;
	t.rss_shmem_pages = e->col[TC_RSS_SHMEM] >= 0 ? v[e->col[TC_RSS_SHMEM]] : -1;
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
	const char *line = p;
	const char *open, *close;
	int64_t v;

	r->has_victim = true;
	r->victim.pid = ex__inum(p);
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
	else if (strstr(line, "UID "))
		r->victim.uid =
			ex__inum(strstr(line, "UID ") + 4); /* "Killed process 1, UID 4, (x)" */
}

/* The OOM report a kill/victim line belongs to: the current one if it is
 * an OOM report, else a new (headerless) one. */
static struct ex_report *oom_report(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = ex__cur(e);

	if (r && r->kind == EX_KIND_MEMINFO)
		r->kind = EX_KIND_OOM;
	if (!r || r->kind != EX_KIND_OOM)
		r = ex__new_report(e, EX_KIND_OOM, l);
	return r;
}

static void on_oom_kill_line(struct ex_report *r, const char *p)
{
	int64_t v;

	ex__kv_str(p, "constraint=", r->constraint, sizeof(r->constraint));
	ex__kv_str(p, "oom_memcg=", r->oom_memcg, sizeof(r->oom_memcg));
	ex__kv_str(p, "task_memcg=", r->task_memcg, sizeof(r->task_memcg));
	if (strstr(p, ",oom_memcg="))
		r->memcg_oom = true;
	if (!r->has_victim && ex__kv(p, "pid", &v)) {
		r->victim.pid = (int)v;
		ex__kv_str(p, "task=", r->victim.comm, sizeof(r->victim.comm));
		if (ex__kv(p, "uid", &v))
			r->victim.uid = (int)v;
	}
}

bool ex__on_oom_lines(struct ms_explain *e, const struct klog_line *l)
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
		int pid = ex__inum(m + strlen("oom_reaper: reaped process "));
		int i;

		/* the newest report that killed this pid: another may have begun */
		for (i = e->n - 1; i >= 0; i--) {
			if (e->r[i]->kind == EX_KIND_OOM && e->r[i]->victim.pid == pid) {
				const char *a = strstr(m, "now anon-rss:");

				e->r[i]->victim.reaped = true;
				if (a)
					e->r[i]->victim.reaped_anon_rss_kb = ex__num(a + 13, NULL);
				break;
			}
		}
		return true;
	}
	if (!ex__starts(m, "oom-kill:") && !ex__starts(m, "Task in ") &&
	    !ex__starts(m, "memory: usage ") && !ex__starts(m, "Memory cgroup stats for "))
		return false;
	/* the log may start inside the report: these lines make a headless one */
	r = ex__cur(e) ? ex__cur(e) : oom_report(e, l);
	if (!r)
		return true;
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
		r->memcg_usage_kb = ex__num(m + strlen("memory: usage "), NULL);
		if ((p = strstr(m, "limit ")))
			r->memcg_limit_kb = ex__num(p + 6, NULL);
		if ((p = strstr(m, "failcnt ")))
			r->memcg_failcnt = ex__num(p + 8, NULL);
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
