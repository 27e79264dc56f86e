// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: kills by userspace OOM killers, read from
 * their own log lines (syslog, journal, logcat):
 *   systemd-oomd: "Killed /a.slice/b.scope due to memory pressure for ...",
 *                 "Marked /x for killing due to ...", "oomd attempting to kill 407 with KILL"
 *   oomd:         "oomd kill: ... /x.slice/y.service ..."
 *   earlyoom:     "sending SIGKILL to process 123 uid 1000 \"name\": oom_score 9, VmRSS 79 MiB"
 *   nohang:       "Send SIGKILL to the victim" after "PID: 123, Name: x"
 *   lmkd:         "Kill 'com.app' (123), uid 10123, oom_score_adj 900 to free 12345kB rss"
 *   kubelet:      "Eviction manager: pod is evicted successfully" pod="ns/name" */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "base/util.h"

static const char *killer_of(const struct klog_line *l)
{
	static const char *const known[] = { "systemd-oomd", "oomd",	"earlyoom",	  "nohang",
					     "lmkd",	     "kubelet", "lowmemorykiller" };
	const char *m = l->msg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(l->ident, known[i]))
			return i == 6 ? "lmkd" : known[i];
	/* pasted without a syslog tag: the message's own form */
	if (ex__starts(m, "sending SIG") && strstr(m, " to process "))
		return "earlyoom";
	if (ex__starts(m, "lowmemorykiller: "))
		return "lmkd";
	if (ex__starts(m, "oomd kill:"))
		return "oomd";
	return NULL;
}

/* The current report if it is this killer's kill still being described
 * (within a few lines), else a new one. */
static struct ex_report *kill_report(struct ms_explain *e, const struct klog_line *l,
				     const char *killer, bool want_open_cgroup)
{
	struct ex_report *r = ex__cur(e);

	if (r && r->kind == EX_KIND_USERSPACE && !strcmp(r->killer, killer) &&
	    l->lineno - r->line_last <= 4 && (!want_open_cgroup || !r->task_memcg[0]))
		return r;
	r = ex__new_report(e, EX_KIND_USERSPACE, l);
	if (r)
		util__strlcpy(r->killer, killer, sizeof(r->killer));
	return r;
}

/* "/a.slice/b.scope due to ..." -> the path and the reason */
static void cgroup_and_reason(struct ex_report *r, const char *p)
{
	const char *due = strstr(p, " due to ");

	ex__copy_upto(r->task_memcg, sizeof(r->task_memcg), p, p + strcspn(p, " "));
	if (due)
		util__strlcpy(r->reason, due + strlen(" due to "), sizeof(r->reason));
}

static bool systemd_oomd(struct ms_explain *e, const struct klog_line *l, const char *k)
{
	const char *m = l->msg;
	struct ex_report *r;

	if ((ex__starts(m, "Killed /") || ex__starts(m, "Marked /"))) {
		r = kill_report(e, l, k, true);
		if (r)
			cgroup_and_reason(r, m + 7);
		return true;
	}
	if (ex__starts(m, "oomd attempting to kill ")) {
		r = kill_report(e, l, k, false);
		if (r && r->victim.pid < 0)
			r->victim.pid = ex__inum(m + strlen("oomd attempting to kill "));
		return true;
	}
	return false;
}

/* earlyoom: 'sending SIGTERM to process 12006 uid 1000 "python3": badness 209,
 * VmRSS 2891 MiB' or 'killing process 27541 "bash" with signal 15: ...' */
static bool earlyoom(struct ms_explain *e, const struct klog_line *l, const char *k)
{
	const char *m = l->msg, *p, *q;
	struct ex_report *r;
	int64_t v;

	if (ex__starts(m, "escalating to SIGKILL")) {
		r = ex__cur(e);
		if (r && r->kind == EX_KIND_USERSPACE)
			util__strlcpy(r->reason, m, sizeof(r->reason));
		return r != NULL;
	}
	p = strstr(m, " process ");
	if (!p || !(ex__starts(m, "sending SIG") || ex__starts(m, "killing process ")))
		return false;
	r = ex__new_report(e, EX_KIND_USERSPACE, l);
	if (!r)
		return true;
	util__strlcpy(r->killer, k, sizeof(r->killer));
	r->victim.pid = ex__inum(p + strlen(" process "));
	if ((q = strstr(p, " uid ")))
		r->victim.uid = ex__inum(q + 5);
	if ((q = strchr(p, '"')) && strchr(q + 1, '"'))
		ex__copy_upto(r->victim.comm, sizeof(r->victim.comm), q + 1, strchr(q + 1, '"'));
	if ((q = strstr(m, "VmRSS ")) && ex__kv(q, "VmRSS", &v))
		r->victim.anon_rss_kb = v;
	else if (q)
		r->victim.anon_rss_kb = (int64_t)ex__inum(q + 6) * 1024; /* MiB */
	if ((q = strstr(p, ": "))) {
		const char *end = strstr(q, ", cmdline");

		ex__copy_upto(r->reason, sizeof(r->reason), q + 2, end ? end : q + strlen(q));
	}
	return true;
}

/* lmkd / the old in-kernel lowmemorykiller: "Kill 'com.app' (123), uid ..."
 * "Killing 'com.app' (123), adj 1000," */
static bool lmkd(struct ms_explain *e, const struct klog_line *l, const char *k)
{
	const char *m = l->msg, *q, *close;
	struct ex_report *r;
	int64_t v;

	if (ex__starts(m, "lowmemorykiller: "))
		m += strlen("lowmemorykiller: ");
	if (!ex__starts(m, "Kill '") && !ex__starts(m, "Killing '"))
		return false;
	r = ex__new_report(e, EX_KIND_USERSPACE, l);
	if (!r)
		return true;
	util__strlcpy(r->killer, k, sizeof(r->killer));
	q = strchr(m, '\'') + 1;
	close = strchr(q, '\'');
	if (!close)
		return true;
	ex__copy_upto(r->victim.comm, sizeof(r->victim.comm), q, close);
	if ((q = strchr(close, '(')))
		r->victim.pid = ex__inum(q + 1);
	if ((q = strstr(close, "uid ")))
		r->victim.uid = ex__inum(q + 4);
	if ((q = strstr(close, "oom_score_adj ")) || (q = strstr(close, "adj ")))
		r->victim.oom_score_adj = ex__inum(strchr(q, ' ') + 1);
	if ((q = strstr(close, "to free ")) && ex__kv(q + 3, "free", &v))
		r->victim.anon_rss_kb = v;
	else if (q)
		r->victim.anon_rss_kb = ex__inum(q + 8);
	if ((q = strstr(close, "reason: ")))
		util__strlcpy(r->reason, q + 8, sizeof(r->reason));
	return true;
}

static bool others(struct ms_explain *e, const struct klog_line *l, const char *k)
{
	const char *m = l->msg, *p;
	struct ex_report *r;

	if (!strcmp(k, "oomd") && ex__starts(m, "oomd kill:") && (p = strstr(m, " /"))) {
		r = kill_report(e, l, k, true);
		if (r)
			ex__copy_upto(r->task_memcg, sizeof(r->task_memcg), p + 1,
				      p + 1 + strcspn(p + 1, " "));
		return true;
	}
	if (!strcmp(k, "nohang") && (p = strstr(m, "PID: ")) && strstr(m, "ame: ")) {
		r = kill_report(e, l, k, false);
		if (r && r->victim.pid < 0) {
			r->victim.pid = ex__inum(p + 5);
			p = strstr(m, "ame: ") + 5;
			ex__copy_upto(r->victim.comm, sizeof(r->victim.comm), p,
				      p + strcspn(p, ", "));
		}
		return true;
	}
	if (!strcmp(k, "nohang") && (p = strstr(m, "Send SIG")) && strstr(m, "victim")) {
		r = kill_report(e, l, k, false);
		if (r)
			ex__copy_upto(r->reason, sizeof(r->reason), p, p + strcspn(p, ";"));
		return true;
	}
	if (!strcmp(k, "kubelet") && strstr(m, "evicted") && (p = strstr(m, "pod=\""))) {
		r = kill_report(e, l, k, true);
		if (r) {
			p += 5;
			ex__copy_upto(r->task_memcg, sizeof(r->task_memcg), p,
				      p + strcspn(p, "\""));
			util__strlcpy(r->reason, "kubelet eviction (memory pressure)",
				      sizeof(r->reason));
		}
		return true;
	}
	return false;
}

/* "avril 16 21:08:50 systemd-oomd[93234]: Killed ...", "[ 77.7] systemd-oomd[659]: ...":
 * a killer's tag inside a prefix no format knew: the message after it. */
static bool tagged(const struct klog_line *l, struct klog_line *out)
{
	static const char *const tags[] = { "systemd-oomd", "oomd", "earlyoom",
					    "nohang",	    "lmkd", "kubelet" };
	const char *p;
	size_t i, n;

	if (l->ident[0])
		return false;
	for (i = 0; i < ARRAY_SIZE(tags); i++) {
		n = strlen(tags[i]);
		for (p = strstr(l->msg, tags[i]); p; p = strstr(p + 1, tags[i])) {
			const char *q = p + n;

			if (p > l->msg && p[-1] != ' ')
				continue;
			if (*q == '[')
				q += strspn(q + 1, "0123456789") + 2;
			if (q[-1] != ']' && *q != ':')
				continue;
			if (*q != ':' || q[1] != ' ')
				continue;
			*out = *l;
			util__strlcpy(out->ident, tags[i], sizeof(out->ident));
			out->msg = q + 2;
			return true;
		}
	}
	return false;
}

bool ex__on_userspace_kill(struct ms_explain *e, const struct klog_line *l0)
{
	struct klog_line tl;
	const struct klog_line *l = tagged(l0, &tl) ? &tl : l0;
	const char *k = killer_of(l);

	if (!k)
		return false;
	if (!strcmp(k, "systemd-oomd"))
		return systemd_oomd(e, l, k);
	if (!strcmp(k, "earlyoom"))
		return earlyoom(e, l, k);
	if (!strcmp(k, "lmkd"))
		return lmkd(e, l, k);
	return others(e, l, k);
}
