// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "model/cgroup.h"
#include "model/event.h"
#include "base/util.h"

static const char *const kind_names[MS_KIND_MAX] = {
	[MS_KIND_DIRECT] = "direct", [MS_KIND_MEMCG] = "memcg",	    [MS_KIND_SOFTLIMIT] = "softlim",
	[MS_KIND_NODE] = "node",     [MS_KIND_COMPACT] = "compact", [MS_KIND_OOM] = "oom",
	[MS_KIND_KSWAPD] = "kswapd", [MS_KIND_HIGH] = "high",
};

const char *event__kind_name(unsigned int kind)
{
	return kind < MS_KIND_MAX ? kind_names[kind] : "?";
}

bool event__is_stall(unsigned int kind)
{
	return kind < MS_KIND_MAX && kind != MS_KIND_KSWAPD;
}

unsigned int event__stall_kinds(void)
{
	return MS_KINDS_ALL & ~(1u << MS_KIND_KSWAPD);
}

void event__fmt_time(const struct event_ctx *ctx, uint64_t mono_ns, char *time, size_t tlen,
		     char *iso, size_t ilen)
{
	int64_t real = (int64_t)mono_ns + ctx->mono_to_real_ns;
	time_t sec = real / 1000000000ll;
	long usec = (real % 1000000000ll) / 1000;
	struct tm lt, ut;

	localtime_r(&sec, &lt);
	gmtime_r(&sec, &ut);
	if (ctx->precise_time)
		snprintf(time, tlen, "%02d:%02d:%02d.%06ld", lt.tm_hour, lt.tm_min, lt.tm_sec,
			 usec);
	else
		snprintf(time, tlen, "%02d:%02d:%02d", lt.tm_hour, lt.tm_min, lt.tm_sec);
	snprintf(iso, ilen, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", ut.tm_year + 1900,
		 ut.tm_mon + 1, ut.tm_mday, ut.tm_hour, ut.tm_min, ut.tm_sec, usec);
}

void event__cgroup_name(const struct event_ctx *ctx, uint64_t id, char *buf, size_t len)
{
	const char *cg = ctx->cg ? cgmap__path(ctx->cg, id) : NULL;

	if (cg)
		util__strlcpy(buf, cg, len);
	else if (id)
		snprintf(buf, len, "cgid:%llu", (unsigned long long)id);
	else
		util__strlcpy(buf, "-", len);
}

void event__head(const struct event_ctx *ctx, const struct ms_event *e, struct ev_head *h,
		 struct ms_val *v)
{
	event__fmt_time(ctx, e->ts_ns, h->time, sizeof(h->time), h->timestamp,
			sizeof(h->timestamp));
	memcpy(h->comm, e->comm, MS_COMM_LEN);
	h->comm[MS_COMM_LEN] = '\0';
	event__cgroup_name(ctx, e->cgroup_id, h->cgroup, sizeof(h->cgroup));
	v[EH_TIME].s = h->time;
	v[EH_TIMESTAMP].s = h->timestamp;
	v[EH_TS_NS].u = e->ts_ns;
	v[EH_COMM].s = h->comm;
	v[EH_PID].u = e->pid;
	v[EH_TID].u = e->tid;
	v[EH_CGROUP].s = h->cgroup;
}
