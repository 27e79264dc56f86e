// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/cgmem.h"
#include "host/procfs.h"
#include "base/util.h"

static const char *const ev_names[CGM_NEV] = {
	[CGM_LOW] = "low", [CGM_HIGH] = "high",		[CGM_MAX] = "max",
	[CGM_OOM] = "oom", [CGM_OOM_KILL] = "oom_kill", [CGM_OOM_GROUP_KILL] = "oom_group_kill",
};

const char *cgmem__ev_name(enum cgm_ev e)
{
	return (unsigned int)e < CGM_NEV ? ev_names[e] : NULL;
}

bool cgmem__parse_limit(const char *buf, uint64_t *v)
{
	char *end;

	if (!strncmp(buf, "max", 3)) {
		*v = CGM_NOLIMIT;
		return true;
	}
	if (*buf < '0' || *buf > '9')
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return !errno && end != buf;
}

void cgmem__parse_events(const char *buf, struct cg_mem *m)
{
	int i;

	for (i = 0; i < CGM_NEV; i++)
		if (procfs__kv(buf, ev_names[i], &m->ev[i]))
			m->ev_have |= 1u << i;
}

static bool read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char path[4096];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return false;
	return util__read_file(path, buf, len) > 0;
}

static void read_v1(const char *dir, struct cg_mem *m, char *buf, size_t len)
{
	uint64_t v;

	m->ok = read_file(dir, "memory.usage_in_bytes", buf, len) &&
		cgmem__parse_limit(buf, &m->current);
	/* v1 "no limit" is a page-rounded LONG_MAX */
	if (read_file(dir, "memory.limit_in_bytes", buf, len) && cgmem__parse_limit(buf, &v)) {
		m->max = v >= (1ull << 62) ? CGM_NOLIMIT : v;
		m->have_max = true;
	}
	if (read_file(dir, "memory.failcnt", buf, len) && cgmem__parse_limit(buf, &v)) {
		m->ev[CGM_MAX] = v;
		m->ev_have |= 1u << CGM_MAX;
	}
	if (read_file(dir, "memory.oom_control", buf, len) &&
	    procfs__kv(buf, "oom_kill", &m->ev[CGM_OOM_KILL]))
		m->ev_have |= 1u << CGM_OOM_KILL;
}

int cgmem__read(const char *dir, int version, struct cg_mem *m)
{
	char buf[1024];

	memset(m, 0, sizeof(*m));
	m->max = m->high = CGM_NOLIMIT;
	m->oom_group = -1;
	if (version == 1) {
		read_v1(dir, m, buf, sizeof(buf));
		return m->ok ? 0 : -ENOENT;
	}
	m->ok = read_file(dir, "memory.current", buf, sizeof(buf)) &&
		cgmem__parse_limit(buf, &m->current);
	if (read_file(dir, "memory.max", buf, sizeof(buf)))
		m->have_max = cgmem__parse_limit(buf, &m->max);
	if (read_file(dir, "memory.high", buf, sizeof(buf)))
		m->have_high = cgmem__parse_limit(buf, &m->high);
	if (read_file(dir, "memory.oom.group", buf, sizeof(buf)))
		m->oom_group = buf[0] == '1';
	if (read_file(dir, "memory.events", buf, sizeof(buf)))
		cgmem__parse_events(buf, m);
	return m->ok ? 0 : -ENOENT;
}
