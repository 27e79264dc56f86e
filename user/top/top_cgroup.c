// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/cgroup.h"
#include "output/json.h"
#include "top/top_cgroup.h"
#include "base/util.h"

#define TCG_SLOTS 1024 /* power of two */

struct top_cgroups {
	struct {
		uint64_t id, ns;
		uint64_t ev[CGM_NEV];
		unsigned int ev_have;
	} prev[TCG_SLOTS];
};

struct top_cgroups *top_cgroups__new(void)
{
	return calloc(1, sizeof(struct top_cgroups));
}

void top_cgroups__free(struct top_cgroups *t)
{
	free(t);
}

void top_cgx__label(const struct cg_ident *id, char *buf, size_t len)
{
	char s[16];

	if (id->container_id[0]) {
		cgid__short_id(id->container_id, s, sizeof(s));
		snprintf(buf, len, "%s %s", id->conmon ? "mon" : "ctr", s);
	} else if (id->pod_uid[0]) {
		snprintf(buf, len, "pod %.8s", id->pod_uid); /* JSON: all of it */
	} else if (cgid__dim(id, "unit")) {
		util__strlcpy(buf, cgid__dim(id, "unit"), len);
	} else {
		util__strlcpy(buf, "-", len);
	}
}

static void rates(struct top_cgroups *t, uint64_t id, uint64_t now, struct top_cgx *x)
{
	unsigned int s = (unsigned int)((id * 0x9e3779b97f4a7c15ull) >> 40) & (TCG_SLOTS - 1);
	int i;

	for (i = 0; i < CGM_NEV; i++) {
		x->ev_rate[i] = -1;
		if (t->prev[s].id == id && now > t->prev[s].ns &&
		    (t->prev[s].ev_have & x->mem.ev_have & (1u << i)) &&
		    x->mem.ev[i] >= t->prev[s].ev[i])
			x->ev_rate[i] = (double)(x->mem.ev[i] - t->prev[s].ev[i]) * 1e9 /
					(double)(now - t->prev[s].ns);
	}
	t->prev[s].id = id;
	t->prev[s].ns = now;
	memcpy(t->prev[s].ev, x->mem.ev, sizeof(x->mem.ev));
	t->prev[s].ev_have = x->mem.ev_have;
}

void top_cgroups__fill(struct top_cgroups *t, struct cgmap *cg, uint64_t id, uint64_t now_ns,
		       struct top_cgx *x)
{
	const char *path = cg && id ? cgmap__path(cg, id) : NULL;
	char dir[4096];
	int i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < CGM_NEV; i++)
		x->ev_rate[i] = -1;
	cgid__parse(path, &x->id);
	x->have_id = path != NULL;
	top_cgx__label(&x->id, x->label, sizeof(x->label));
	if (!path || snprintf(dir, sizeof(dir), "%s%s", cgmap__root(cg),
			      strcmp(path, "/") ? path : "") >= (int)sizeof(dir))
		return;
	x->have_mem = !cgmem__read(dir, cgmap__version(cg), &x->mem);
	if (x->have_mem)
		rates(t, id, now_ns, x);
}

void top_cgx__mib(char *buf, size_t len, bool have, uint64_t bytes)
{
	if (!have || bytes == CGM_NOLIMIT)
		util__strlcpy(buf, "-", len);
	else
		snprintf(buf, len, "%llu", (unsigned long long)(bytes >> 20));
}

static void kv_str_or_null(struct json_writer *w, const char *k, const char *s)
{
	if (s && s[0])
		jw__kv_str(w, k, s);
	else
		jw__kv_null(w, k);
}

static void kv_limit(struct json_writer *w, const char *k, bool have, uint64_t v)
{
	if (!have || v == CGM_NOLIMIT) /* null: no limit (or v1's missing high) */
		jw__kv_null(w, k);
	else
		jw__kv_u64(w, k, v);
}

void top_cgx__json(const struct top_cgx *x, struct json_writer *w)
{
	int i;

	kv_str_or_null(w, "pod_uid", x->id.pod_uid);
	kv_str_or_null(w, "qos", x->id.qos);
	kv_str_or_null(w, "container_id", x->id.container_id);
	kv_str_or_null(w, "runtime", x->id.runtime);
	kv_str_or_null(w, "unit", cgid__dim(&x->id, "unit"));
	jw__key(w, "memory");
	if (!x->have_mem) {
		jw__null(w);
		return;
	}
	jw__obj_begin(w);
	jw__kv_u64(w, "current", x->mem.current);
	kv_limit(w, "max", x->mem.have_max, x->mem.max);
	kv_limit(w, "high", x->mem.have_high, x->mem.high);
	jw__key(w, "events");
	jw__obj_begin(w);
	for (i = 0; i < CGM_NEV; i++)
		if (x->mem.ev_have & (1u << i))
			jw__kv_u64(w, cgmem__ev_name(i), x->mem.ev[i]);
	jw__obj_end(w);
	jw__key(w, "events_s");
	jw__obj_begin(w);
	for (i = 0; i < CGM_NEV; i++)
		if (x->ev_rate[i] >= 0)
			jw__kv_f64(w, cgmem__ev_name(i), x->ev_rate[i], 2);
	jw__obj_end(w);
	jw__obj_end(w);
}
