// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "host/audit.h"
#include "host/audit_check.h"
#include "base/util.h"

#define BUF_SIZE (1 << 16)

struct ms_audit *audit__new(const char *root)
{
	struct ms_audit *a = calloc(1, sizeof(*a));

	if (a)
		util__strlcpy(a->root, root && *root ? root : "/", sizeof(a->root));
	return a;
}

void audit__free(struct ms_audit *a)
{
	free(a);
}

/* ---- reading ---- */

static void read_setting(struct ms_audit *a, const char *name, const char *rel, const char *deflt,
			 bool choice)
{
	struct au_setting *s;
	char buf[256], *end;
	long n;

	if (a->nset >= AU_MAX_SETTINGS)
		return;
	s = &a->set[a->nset++];
	util__strlcpy(s->name, name, sizeof(s->name));
	s->deflt = deflt;
	s->num = -1;
	n = procfs__read(a->root, rel, buf, sizeof(buf));
	if (n <= 0)
		return;
	buf[strcspn(buf, "\n")] = '\0';
	if (choice) {
		if (!procfs__choice(buf, s->value, sizeof(s->value)))
			util__strlcpy(s->value, buf, sizeof(s->value));
		return;
	}
	util__strlcpy(s->value, buf, sizeof(s->value));
	errno = 0;
	s->num = strtoll(buf, &end, 10);
	if (end == buf || errno)
		s->num = -1;
}

static void read_settings(struct ms_audit *a)
{
	static const struct {
		const char *name, *deflt;
	} vm[] = {
		{ "zone_reclaim_mode", "0" },
		{ "min_free_kbytes", "sqrt(16 x lowmem kB)" },
		{ "watermark_scale_factor", "10" },
		{ "watermark_boost_factor", "15000" },
		{ "extfrag_threshold", "500" },
		{ "compaction_proactiveness", "20" },
		{ "swappiness", "60" },
		{ "vfs_cache_pressure", "100" },
		{ "dirty_ratio", "20" },
		{ "dirty_background_ratio", "10" },
		{ "dirty_bytes", "0" },
		{ "dirty_background_bytes", "0" },
		{ "overcommit_memory", "0" },
		{ "nr_hugepages", "0" },
	};
	char name[64], rel[96];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vm); i++) {
		snprintf(name, sizeof(name), "vm.%s", vm[i].name);
		snprintf(rel, sizeof(rel), "/proc/sys/vm/%s", vm[i].name);
		read_setting(a, name, rel, vm[i].deflt, false);
	}
	read_setting(a, "thp.enabled", "/sys/kernel/mm/transparent_hugepage/enabled",
		     "always or madvise (build option)", true);
	read_setting(a, "thp.defrag", "/sys/kernel/mm/transparent_hugepage/defrag", "madvise",
		     true);
}

static void read_nodes(struct ms_audit *a, char *buf)
{
	char rel[96];
	int id;

	for (id = 0; id < 1024 && a->nnodes < AU_MAX_NODES; id++) {
		struct au_node *n = &a->nodes[a->nnodes];

		snprintf(rel, sizeof(rel), "/sys/devices/system/node/node%d/meminfo", id);
		if (procfs__read(a->root, rel, buf, BUF_SIZE) <= 0) {
			if (id > 64)
				break;
			continue;
		}
		n->id = id;
		if (procfs__kv(buf, "MemTotal", &n->total_kb) &&
		    procfs__kv(buf, "MemFree", &n->free_kb))
			a->nnodes++;
	}
}

static void sample_rates(struct ms_audit *a, uint64_t ns)
{
	struct ms_vmstat later;
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };
	double s = (double)ns / 1e9;

	nanosleep(&ts, NULL);
	vmstat__read(a->root, &later);
	if (!later.ok || !a->vm.ok)
		return;
	a->sample_ns = ns;
#define RATE(f) a->vm_rate.f = later.f >= a->vm.f ? (uint64_t)((later.f - a->vm.f) / s + 0.5) : 0
	RATE(allocstall);
	RATE(compact_stall);
	RATE(compact_fail);
	RATE(oom_kill);
	RATE(pgscan_direct);
	RATE(pgscan_kswapd);
	RATE(pgsteal);
	RATE(kswapd_low_wmark_hit_quickly);
#undef RATE
	a->vm_rate.ok = true;
}

/* ---- cgroups ---- */

static long read_in(const char *dir, const char *file, char *buf, size_t size)
{
	char path[1100];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, file);

	if (n < 0 || n >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return util__read_file(path, buf, size);
}

static void cgroup_check(struct ms_audit *a, const char *dir, const char *rel, bool v2, char *buf)
{
	char ev[96] = "";
	uint64_t usage = 0, limit = 0, failcnt = 0, ooms = 0, x;
	struct ms_finding *f;
	char *end;

	a->cgroups_seen++;
	if (read_in(dir, v2 ? "memory.max" : "memory.limit_in_bytes", buf, 64) <= 0 ||
	    !strncmp(buf, "max", 3))
		return;
	limit = strtoull(buf, &end, 10);
	if (end == buf || limit >= (1ull << 60))
		return;
	a->cgroups_limited++;
	if (read_in(dir, v2 ? "memory.current" : "memory.usage_in_bytes", buf, 64) <= 0)
		return;
	usage = strtoull(buf, NULL, 10);
	if (v2) {
		if (read_in(dir, "memory.events", buf, 4096) > 0) {
			if (procfs__kv(buf, "oom_kill", &x))
				ooms = x;
			if (procfs__kv(buf, "max", &x))
				failcnt = x;
		}
	} else {
		if (read_in(dir, "memory.failcnt", buf, 64) > 0)
			failcnt = strtoull(buf, NULL, 10);
		if (read_in(dir, "memory.oom_control", buf, 4096) > 0 &&
		    procfs__kv(buf, "oom_kill", &x))
			ooms = x;
	}
	if (usage * 10 < limit * 9 && !ooms)
		return;
	if (failcnt)
		snprintf(ev, sizeof(ev), ", %s %llu", v2 ? "hit memory.max" : "failcnt",
			 (unsigned long long)failcnt);
	f = findings__add(&a->findings, ooms ? MS_SEV_WARN : MS_SEV_WARN, "cgroup_near_limit",
			  v2 ? "memory.max" : "memory.limit_in_bytes",
			  "memory cgroup %s at %llu%% of its limit", *rel ? rel : "/",
			  (unsigned long long)(limit ? usage * 100 / limit : 0));
	if (!f)
		return;
	FINDING_SET(f, evidence, "usage %llu MiB of %llu MiB%s, OOM kills %llu",
		    (unsigned long long)(usage >> 20), (unsigned long long)(limit >> 20), ev,
		    (unsigned long long)ooms);
	FINDING_SET(f, why,
		    "at its limit every charge reclaims inside the cgroup first (memcg "
		    "reclaim stalls: memstall snoop -k memcg shows them), then OOM-kills");
	FINDING_SET(f, change,
		    "raise the limit or set a lower soft target (memory.high) so reclaim "
		    "starts before the hard limit");
}

static void cgroup_walk(struct ms_audit *a, const char *base, const char *rel, int depth, bool v2,
			char *buf)
{
	char dir[1024], sub[512];
	struct dirent *de;
	DIR *d;

	if (snprintf(dir, sizeof(dir), "%s%s", base, rel) >= (int)sizeof(dir))
		return;
	if (depth > 0)
		cgroup_check(a, dir, rel, v2, buf);
	if (depth >= 6 || a->cgroups_seen > 4096)
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", rel, de->d_name) >= (int)sizeof(sub))
			continue;
		cgroup_walk(a, base, sub, depth + 1, v2, buf);
	}
	closedir(d);
}

static void read_cgroups(struct ms_audit *a, char *buf)
{
	char base[1024];
	bool v2 = false;

	snprintf(base, sizeof(base), "%s/sys/fs/cgroup/memory",
		 strcmp(a->root, "/") ? a->root : "");
	if (procfs__read(a->root, "/sys/fs/cgroup/memory/memory.usage_in_bytes", buf, 64) <= 0) {
		/* v2: the memory controller in the unified hierarchy */
		if (procfs__read(a->root, "/sys/fs/cgroup/cgroup.controllers", buf, 512) <= 0 ||
		    !strstr(buf, "memory"))
			return;
		snprintf(base, sizeof(base), "%s/sys/fs/cgroup",
			 strcmp(a->root, "/") ? a->root : "");
		v2 = true;
	}
	cgroup_walk(a, base, "", 0, v2, buf);
}

int audit__run(struct ms_audit *a, uint64_t sample_ns, struct ms_diag *d)
{
	char *buf = malloc(BUF_SIZE);
	bool any = false;

	if (!buf)
		return -ENOMEM;
	read_settings(a);
	if (procfs__read(a->root, "/proc/meminfo", buf, BUF_SIZE) > 0) {
		any = true;
		procfs__kv(buf, "MemTotal", &a->mem_total_kb);
		procfs__kv(buf, "MemFree", &a->mem_free_kb);
		procfs__kv(buf, "MemAvailable", &a->mem_avail_kb);
		procfs__kv(buf, "SwapTotal", &a->swap_total_kb);
		procfs__kv(buf, "SwapFree", &a->swap_free_kb);
	}
	if (procfs__read(a->root, "/proc/zoneinfo", buf, BUF_SIZE) > 0)
		any |= procfs__parse_zoneinfo(buf, &a->zi) > 0;
	if (procfs__read(a->root, "/proc/buddyinfo", buf, BUF_SIZE) > 0)
		procfs__parse_buddyinfo(buf, &a->bi);
	if (procfs__read(a->root, "/proc/pressure/memory", buf, BUF_SIZE) > 0)
		a->has_psi = !procfs__parse_psi(buf, &a->psi);
	read_nodes(a, buf);
	vmstat__read(a->root, &a->vm);
	if (!any) {
		free(buf);
		return diag__fail(d, -ENOENT, MS_EXIT_INPUT,
				  "%s: no proc/meminfo or proc/zoneinfo under it: pass --root a "
				  "directory holding a /proc (and /sys) tree",
				  a->root);
	}
	if (sample_ns)
		sample_rates(a, sample_ns);
	read_cgroups(a, buf);
	free(buf);
	audit__conclude(a);
	return 0;
}

/* ---- output ---- */

enum { SC_NAME, SC_VALUE, SC_DEFAULT, SC_N };
static const struct ms_col setting_cols[SC_N] = {
	[SC_NAME] = { "setting", "SETTING", -28, MS_FT_STR, 0, 0 },
	[SC_VALUE] = { "value", "VALUE", -16, MS_FT_STR, 0, 0 },
	[SC_DEFAULT] = { "default", "DEFAULT", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};
static const struct ms_schema setting_schema = { "setting", setting_cols, SC_N };

enum { ZC_NODE, ZC_ZONE, ZC_FREE, ZC_MIN, ZC_LOW, ZC_HIGH, ZC_BOOST, ZC_MAXORD, ZC_FRAG9, ZC_N };
static const struct ms_col zone_cols[ZC_N] = {
	[ZC_NODE] = { "node", "NODE", 4, MS_FT_U64, 0, 0 },
	[ZC_ZONE] = { "zone", "ZONE", -8, MS_FT_STR, 0, 0 },
	[ZC_FREE] = { "free_pages", "FREE", 10, MS_FT_S64, 0, 0 },
	[ZC_MIN] = { "min_pages", "MIN", 8, MS_FT_S64, 0, 0 },
	[ZC_LOW] = { "low_pages", "LOW", 8, MS_FT_S64, 0, 0 },
	[ZC_HIGH] = { "high_pages", "HIGH", 8, MS_FT_S64, 0, 0 },
	[ZC_BOOST] = { "boost_pages", "BOOST", 7, MS_FT_S64, 0, 0 },
	[ZC_MAXORD] = { "largest_free_order", "MAXORD", 6, MS_FT_S64, 0, 0 },
	[ZC_FRAG9] = { "frag_index_order9", "FRAG@9", 7, MS_FT_F64, 3, 0 },
};
static const struct ms_schema zone_schema = { "zone", zone_cols, ZC_N };

enum { SU_WORST, SU_FINDINGS, SU_NODES, SU_CGROUPS, SU_ROOT, SU_N };
static const struct ms_col summary_cols[SU_N] = {
	[SU_WORST] = { "worst", "(worst severity)", 0, MS_FT_STR, 0, 0 },
	[SU_FINDINGS] = { "findings", "findings", 0, MS_FT_U64, 0, 0 },
	[SU_NODES] = { "nodes", "NUMA node(s)", 0, MS_FT_U64, 0, 0 },
	[SU_CGROUPS] = { "cgroups_limited", "memory cgroup(s) with a limit", 0, MS_FT_U64, 0, 0 },
	[SU_ROOT] = { "root", "(root)", 0, MS_FT_STR, 0, 0 },
};
static const struct ms_schema summary_schema = { "doctor_summary", summary_cols, SU_N };

static void zone_row(struct ms_sink *s, const struct ms_audit *a, const struct pf_zone *z)
{
	struct ms_val v[ZC_N] = {};
	int i;

	v[ZC_NODE].u = (uint64_t)z->node;
	v[ZC_ZONE].s = z->name;
	v[ZC_FREE].i = z->free;
	v[ZC_MIN].i = z->min;
	v[ZC_LOW].i = z->low;
	v[ZC_HIGH].i = z->high;
	v[ZC_BOOST].i = z->boost;
	v[ZC_BOOST].null = z->boost < 0;
	v[ZC_MAXORD].null = v[ZC_FRAG9].null = true;
	for (i = 0; i < a->bi.n; i++) {
		const struct pf_buddy *b = &a->bi.b[i];

		if (b->node != z->node || strcmp(b->zone, z->name))
			continue;
		v[ZC_MAXORD].null = false;
		v[ZC_MAXORD].i = frag__largest_order(b->nr_free, b->norders);
		if (b->norders > 9) {
			v[ZC_FRAG9].null = false;
			v[ZC_FRAG9].f = frag__index(b->nr_free, b->norders, 9) / 1000.0;
		}
	}
	sink__row(s, &zone_schema, v);
}

void audit__emit(const struct ms_audit *a, struct ms_sink *s, bool json)
{
	struct ms_val v[SU_N] = {};
	int i;

	sink__header(s, &setting_schema);
	for (i = 0; i < a->nset; i++) {
		struct ms_val sv[SC_N] = {};

		sv[SC_NAME].s = a->set[i].name;
		sv[SC_VALUE].s = a->set[i].value[0] ? a->set[i].value : "-";
		sv[SC_VALUE].null = !a->set[i].value[0] && json;
		sv[SC_DEFAULT].s = a->set[i].deflt;
		sink__row(s, &setting_schema, sv);
	}
	if (!json)
		fputc('\n', stdout);
	if (a->zi.n) {
		sink__header(s, &zone_schema);
		for (i = 0; i < a->zi.n; i++)
			if (a->zi.z[i].managed > 0)
				zone_row(s, a, &a->zi.z[i]);
		if (!json)
			fputc('\n', stdout);
	}
	findings__emit(&a->findings, s, NULL);
	v[SU_WORST].s = finding__sev_name(findings__worst(&a->findings));
	v[SU_FINDINGS].u = (uint64_t)a->findings.n;
	v[SU_NODES].u = (uint64_t)a->nnodes;
	v[SU_CGROUPS].u = (uint64_t)a->cgroups_limited;
	v[SU_ROOT].s = a->root;
	if (!json)
		fputc('\n', stdout);
	sink__summary(s, &summary_schema, v);
}
