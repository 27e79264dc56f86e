// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: hung tasks and soft lockups whose stacks sit
 * in reclaim or compaction (stalls of that kind), and the kills of userspace
 * OOM killers (systemd-oomd, oomd, earlyoom, nohang, lmkd, kubelet). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "base/util.h"

/* ---- hung tasks and soft lockups ---- */

static int stall_from(struct ex_report *r, const char *name, const char *tail, int secs)
{
	const char *colon = NULL, *p;

	/* "kworker/u8:2:123": the pid follows the last ':' before tail */
	for (p = name; p < tail; p++)
		if (*p == ':')
			colon = p;
	if (!colon)
		return -1;
	ex__copy_upto(r->comm, sizeof(r->comm), name, colon);
	r->pid = ex__inum(colon + 1);
	/* kswapd and kcompactd are reclaim and compaction, whatever the stack */
	if (ex__starts(r->comm, "kswapd"))
		util__strlcpy(r->stall_kind, "kswapd", sizeof(r->stall_kind));
	else if (ex__starts(r->comm, "kcompactd"))
		util__strlcpy(r->stall_kind, "compaction", sizeof(r->stall_kind));
	if (secs >= 0)
		r->stall_ms = (int64_t)secs * 1000;
	return 0;
}

bool ex__on_hang_header(struct ms_explain *e, const struct klog_line *l)
{
	const char *m = l->msg, *p, *q;
	struct ex_report *r;

	if (ex__starts(m, "INFO: task ") && (p = strstr(m, " blocked for more than "))) {
		r = ex__new_report(e, EX_KIND_HUNG, l);
		if (r)
			stall_from(r, m + strlen("INFO: task "), p,
				   ex__inum(p + strlen(" blocked for more than ")));
		return true;
	}
	p = strstr(m, "BUG: soft lockup");
	if (p && (p == m || ex__starts(m, "watchdog: ") || ex__starts(m, "NMI watchdog: "))) {
		r = ex__new_report(e, EX_KIND_LOCKUP, l);
		if (!r)
			return true;
		q = strstr(p, "stuck for ");
		p = strrchr(m, '[');
		if (p && strchr(p, ']'))
			stall_from(r, p + 1, strchr(p, ']'), q ? ex__inum(q + 10) : -1);
		else if (q)
			r->stall_ms = (int64_t)ex__inum(q + 10) * 1000;
		return true;
	}
	return false;
}

struct frame_kind {
	const char *name; /* a function name, or a prefix when it ends in '*' */
	const char *kind;
	int rank;
};

static const struct frame_kind frame_kinds[] = {
	{ "compact_zone*", "compaction", 6 },
	{ "isolate_migratepages*", "compaction", 6 },
	{ "isolate_freepages*", "compaction", 6 },
	{ "try_to_compact_pages", "compaction", 6 },
	{ "__alloc_pages_direct_compact", "compaction", 6 },
	{ "kcompactd*", "compaction", 6 },
	{ "try_to_free_mem_cgroup_pages", "memcg_reclaim", 5 },
	{ "mem_cgroup_handle_over_high", "memcg_reclaim", 5 },
	{ "reclaim_high*", "memcg_reclaim", 5 },
	{ "node_reclaim", "node_reclaim", 4 },
	{ "__node_reclaim", "node_reclaim", 4 },
	{ "try_to_free_pages", "direct_reclaim", 3 },
	{ "__alloc_pages_direct_reclaim", "direct_reclaim", 3 },
	{ "__perform_reclaim", "direct_reclaim", 3 },
	{ "do_try_to_free_pages", "direct_reclaim", 2 },
	{ "balance_pgdat", "kswapd", 1 },
	{ "kswapd", "kswapd", 1 },
	{ "shrink_*", "reclaim", 0 },
	{ "super_cache_scan", "reclaim", 0 },
	{ "pageout*", "reclaim", 0 },
};

static const struct frame_kind *classify_frame(const char *fn)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(frame_kinds); i++) {
		n = strlen(frame_kinds[i].name);
		if (frame_kinds[i].name[n - 1] == '*' ? !strncmp(fn, frame_kinds[i].name, n - 1)
						      : !strcmp(fn, frame_kinds[i].name))
			return &frame_kinds[i];
	}
	return NULL;
}

/* The function of a frame line: " ? shrink_node+0x1a/0x40 [mod]",
 * "[<ffffffff8119a2b3>] shrink_zone+0x...", "(shrink_zone+0x..) from",
 * "RIP: 0010:shrink_page_list+0x4d/0x9c0", "PC is at compact_zone+0x..". */
static bool frame_name(const char *m, char *fn, size_t len)
{
	const char *plus = strstr(m, "+0x"), *s;

	if (!plus)
		return false;
	s = plus;
	while (s > m && (isalnum((unsigned char)s[-1]) || s[-1] == '_' || s[-1] == '.'))
		s--;
	if (s == plus)
		return false;
	ex__copy_upto(fn, len, s, plus);
	return true;
}

static int rank_of(const char *kind)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(frame_kinds); i++)
		if (!strcmp(frame_kinds[i].kind, kind))
			return frame_kinds[i].rank;
	return -1;
}

bool ex__on_frame(struct ms_explain *e, const struct klog_line *l)
{
	struct ex_report *r = ex__cur(e);
	const struct frame_kind *k;
	const char *m = l->msg;
	char fn[48];

	if (!r || (r->kind != EX_KIND_HUNG && r->kind != EX_KIND_LOCKUP))
		return false;
	if (ex__starts(m, "Call Trace:") || ex__starts(m, "Call trace:")) {
		r->in_trace = true;
		return true;
	}
	if (!r->in_trace && !ex__starts(m, "RIP: ") && !ex__starts(m, "PC is at ") &&
	    !ex__starts(m, "pc : "))
		return false;
	if (!frame_name(m, fn, sizeof(fn)))
		return r->in_trace;
	k = classify_frame(fn);
	if (!k)
		return true;
	if (r->nframes < EX_MAX_FRAMES)
		util__strlcpy(r->frames[r->nframes++], fn, sizeof(r->frames[0]));
	if (!r->stall_kind[0] || k->rank > rank_of(r->stall_kind))
		util__strlcpy(r->stall_kind, k->kind, sizeof(r->stall_kind));
	return true;
}

bool ex__is_memory_report(const struct ex_report *r)
{
	return (r->kind != EX_KIND_HUNG && r->kind != EX_KIND_LOCKUP) || r->stall_kind[0];
}
