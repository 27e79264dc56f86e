// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "model/cgroup.h"
#include "model/cgview.h"
#include "base/util.h"

#define CGV_MAX_GROUPS 4096
#define CGV_CACHE_SLOTS 8192 /* power of two */

static const struct ms_col c_pod = { "pod_uid", "POD", -36, MS_FT_STR, 0, 0 };
static const struct ms_col c_qos = { "qos", "QOS", -10, MS_FT_STR, 0, 0 };
static const struct ms_col c_cshort = { "", "CONTAINER", -12, MS_FT_STR, 0, MS_COL_TEXT };
static const struct ms_col c_cid = { "container_id", "", 0, MS_FT_STR, 0, MS_COL_JSON };
static const struct ms_col c_runtime = { "runtime", "", 0, MS_FT_STR, 0, MS_COL_JSON };
static const struct ms_col c_unit = { "unit", "UNIT", -28, MS_FT_STR, 0, 0 };

static struct ms_col json_only(struct ms_col c)
{
	c.flags = MS_COL_JSON;
	c.hdr = "";
	return c;
}

int cgview__cols(unsigned int dims, struct ms_col *out)
{
	int n = 0;

	if (dims & CGV_JSON) {
		out[n++] = json_only(c_pod);
		out[n++] = json_only(c_qos);
		out[n++] = c_cid;
		out[n++] = json_only(c_unit);
		return n;
	}
	if (dims & CGV_POD) {
		out[n++] = c_pod;
		out[n++] = c_qos;
	}
	if (dims & CGV_CONTAINER) {
		out[n++] = c_cshort;
		out[n++] = c_cid;
		out[n++] = c_runtime;
	}
	if (dims & CGV_UNIT)
		out[n++] = c_unit;
	return n;
}

static void str_val(struct ms_val *v, const char *s)
{
	memset(v, 0, sizeof(*v));
	v->s = s && s[0] ? s : "-";
	v->null = !s || !s[0];
}

int cgview__vals(unsigned int dims, struct cgv_buf *b, struct ms_val *out)
{
	const struct cg_ident *id = &b->id;
	int n = 0;

	if (dims & CGV_JSON) {
		str_val(&out[n++], id->pod_uid);
		str_val(&out[n++], id->qos);
		str_val(&out[n++], id->container_id);
		str_val(&out[n++], cgid__dim(id, "unit"));
		return n;
	}
	if (dims & CGV_POD) {
		str_val(&out[n++], id->pod_uid);
		str_val(&out[n++], id->qos);
	}
	if (dims & CGV_CONTAINER) {
		cgid__short_id(id->container_id, b->short_id, sizeof(b->short_id));
		str_val(&out[n++], b->short_id);
		str_val(&out[n++], id->container_id);
		str_val(&out[n++], id->runtime);
	}
	if (dims & CGV_UNIT)
		str_val(&out[n++], cgid__dim(id, "unit"));
	return n;
}

void cgview__ident(struct cgmap *cg, uint64_t id, struct cg_ident *out)
{
	cgid__parse(cg && id ? cgmap__path(cg, id) : NULL, out);
}

struct cgv_group {
	char key[sizeof(((struct cg_ident *)0)->unit) + CGID_UID_LEN + CGID_CID_LEN];
	struct cg_ident id;
};

struct cgv_groups {
	unsigned int dims;
	int n;
	struct cgv_group *g;
	struct {
		uint64_t cgid, token;
	} cache[CGV_CACHE_SLOTS];
};

struct cgv_groups *cgv_groups__new(unsigned int dims)
{
	struct cgv_groups *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->dims = dims;
	g->g = calloc(CGV_MAX_GROUPS, sizeof(*g->g));
	if (!g->g) {
		free(g);
		return NULL;
	}
	return g;
}

void cgv_groups__free(struct cgv_groups *g)
{
	if (!g)
		return;
	free(g->g);
	free(g);
}

/* "pod|container|unit" of the chosen dims; false when all are empty. */
static bool group_key(unsigned int dims, const struct cg_ident *id, char *key, size_t len)
{
	static const struct {
		unsigned int dim;
		const char *name;
	} d[] = { { CGV_POD, "pod" }, { CGV_CONTAINER, "container" }, { CGV_UNIT, "unit" } };
	bool any = false;
	size_t i, off = 0;

	key[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(d); i++) {
		const char *s;

		if (!(dims & d[i].dim))
			continue;
		s = cgid__dim(id, d[i].name);
		any |= s != NULL;
		off += snprintf(key + off, off < len ? len - off : 0, "%s|", s ? s : "");
	}
	return any;
}

static uint64_t intern(struct cgv_groups *g, const struct cg_ident *id)
{
	char key[sizeof(g->g[0].key)];
	int i;

	if (!group_key(g->dims, id, key, sizeof(key)))
		return 0;
	for (i = 0; i < g->n; i++)
		if (!strcmp(g->g[i].key, key))
			return (uint64_t)i + 1;
	if (g->n == CGV_MAX_GROUPS)
		return 0;
	util__strlcpy(g->g[g->n].key, key, sizeof(g->g[0].key));
	g->g[g->n].id = *id;
	return (uint64_t)++g->n;
}

uint64_t cgv_groups__token(struct cgv_groups *g, struct cgmap *cg, uint64_t cgid)
{
	unsigned int s =
		(unsigned int)((cgid * 0x9e3779b97f4a7c15ull) >> 51) & (CGV_CACHE_SLOTS - 1);
	const char *path;
	struct cg_ident id;
	uint64_t t;

	if (!cgid)
		return 0;
	if (g->cache[s].cgid == cgid)
		return g->cache[s].token;
	path = cg ? cgmap__path(cg, cgid) : NULL;
	if (!path)
		return 0; /* not known (yet): no group, not cached */
	cgid__parse(path, &id);
	t = intern(g, &id);
	g->cache[s].cgid = cgid;
	g->cache[s].token = t;
	return t;
}

const struct cg_ident *cgv_groups__ident(const struct cgv_groups *g, uint64_t token)
{
	static const struct cg_ident none;

	return token && token <= (uint64_t)g->n ? &g->g[token - 1].id : &none;
}
