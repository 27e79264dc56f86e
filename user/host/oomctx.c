// SPDX-License-Identifier: GPL-2.0
/* The state of a memory cgroup at a kill, and the bounded snapshot of a
 * kernel OOM kill's domain (oomctx.h). */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include "host/oomctx.h"
#include "output/json.h"
#include "base/util.h"

static void cg_path(char *buf, size_t len, const char *root, const char *rel, const char *file)
{
	snprintf(buf, len, "%s%s%s%s", root, rel[0] == '/' ? "" : "/", rel, file);
}

/* A number, "max" (INT64_MAX), or -1. */
static int64_t read_num(const char *root, const char *rel, const char *file)
{
	char path[PATH_MAX], buf[64];

	cg_path(path, sizeof(path), root, rel, file);
	if (util__read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	if (!strncmp(buf, "max", 3))
		return INT64_MAX;
	return isdigit((unsigned char)buf[0]) ? strtoll(buf, NULL, 10) : -1;
}

static void read_psi(const char *path, struct cg_state *c)
{
	char buf[512], *p;

	if (util__read_file(path, buf, sizeof(buf)) <= 0)
		return;
	if ((p = strstr(buf, "some avg10=")))
		c->some_avg10 = strtod(p + 11, NULL);
	if ((p = strstr(buf, "some ")) && (p = strstr(p, "total=")))
		c->some_total_us = strtoull(p + 6, NULL, 10);
	if ((p = strstr(buf, "full avg10=")))
		c->full_avg10 = strtod(p + 11, NULL);
}

void oomctx__cg_state(const char *root, int version, const char *rel, struct cg_state *out)
{
	static const char *const xattrs[] = { "trusted.oomd_kill", "user.oomd_kill" };
	char path[PATH_MAX];
	size_t i;

	memset(out, 0, sizeof(*out));
	out->current = out->max = out->high = -1;
	out->some_avg10 = out->full_avg10 = -1;
	out->some_total_us = (uint64_t)-1;
	out->version = version;
	if (!root || !rel || !version)
		return;
	if (version == 2) {
		out->current = read_num(root, rel, "/memory.current");
		out->max = read_num(root, rel, "/memory.max");
		out->high = read_num(root, rel, "/memory.high");
		cg_path(path, sizeof(path), root, rel, "/memory.pressure");
		util__strlcpy(out->psi_scope, "cgroup", sizeof(out->psi_scope));
	} else {
		out->current = read_num(root, rel, "/memory.usage_in_bytes");
		out->max = read_num(root, rel, "/memory.limit_in_bytes");
		out->high = read_num(root, rel, "/memory.soft_limit_in_bytes");
		util__strlcpy(path, "/proc/pressure/memory", sizeof(path));
		util__strlcpy(out->psi_scope, "system", sizeof(out->psi_scope));
	}
	read_psi(path, out);
	/* systemd-oomd and oomd mark the cgroup they kill */
	cg_path(path, sizeof(path), root, rel, "");
	for (i = 0; i < sizeof(xattrs) / sizeof(xattrs[0]); i++) {
		ssize_t n = getxattr(path, xattrs[i], out->oomd_xattr, sizeof(out->oomd_xattr) - 1);

		if (n >= 0) {
			out->oomd_xattr[n] = '\0';
			util__strlcpy(out->oomd_xattr_name, xattrs[i],
				      sizeof(out->oomd_xattr_name));
			break;
		}
		out->oomd_xattr[0] = '\0';
	}
}

void oomctx__infer_domain(const char *root, int version, char *rel)
{
	const char *limit = version == 2 ? "/memory.max" : "/memory.limit_in_bytes";
	bool first = true;
	char *slash;
	int64_t max;

	while (root && version && rel[0] == '/' && rel[1]) {
		max = read_num(root, rel, limit); /* only the limit, not the whole cg_state */
		if ((max >= 0 && max < (1ll << 60)) || (first && max < 0))
			return;
		first = false;
		slash = strrchr(rel, '/');
		*slash = '\0';
		if (slash == rel)
			break;
	}
	rel[0] = '/';
	rel[1] = '\0';
}

/* RssAnon/RssFile/RssShmem and Name of one pid, false if it is gone. */
static bool task_rss(int pid, struct oom_task *t)
{
	char path[64], buf[2048], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (util__read_file(path, buf, sizeof(buf)) <= 0)
		return false;
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->anon_kb = t->file_kb = t->shmem_kb = 0;
	if ((p = strstr(buf, "Name:\t")))
		sscanf(p + 6, "%15s", t->comm);
	if ((p = strstr(buf, "RssAnon:")))
		t->anon_kb = strtoll(p + 8, NULL, 10);
	if ((p = strstr(buf, "RssFile:")))
		t->file_kb = strtoll(p + 8, NULL, 10);
	if ((p = strstr(buf, "RssShmem:")))
		t->shmem_kb = strtoll(p + 9, NULL, 10);
	return true;
}

static void keep_top(struct oom_snapshot *s, const struct oom_task *t)
{
	int64_t rss = t->anon_kb + t->file_kb + t->shmem_kb;
	int i = s->ntop < OOMCTX_TOP ? s->ntop++ : OOMCTX_TOP - 1;

	if (i == OOMCTX_TOP - 1 && s->ntop == OOMCTX_TOP &&
	    s->top[i].anon_kb + s->top[i].file_kb + s->top[i].shmem_kb >= rss && s->top[i].pid)
		return;
	while (i > 0 &&
	       s->top[i - 1].anon_kb + s->top[i - 1].file_kb + s->top[i - 1].shmem_kb < rss) {
		s->top[i] = s->top[i - 1];
		i--;
	}
	s->top[i] = *t;
}

static void scan_pid(struct oom_snapshot *s, int pid)
{
	struct oom_task t;

	if (s->scanned >= OOMCTX_SCAN_MAX) {
		s->scan_capped = true;
		return;
	}
	s->scanned++;
	if (task_rss(pid, &t))
		keep_top(s, &t);
}

/* The tasks of the cgroup at path[0, len) and of every cgroup below it: a
 * memcg OOM's domain is the whole subtree (on v2 a pod's or a slice's memcg
 * holds no task itself, its containers' cgroups do). One path buffer for the
 * walk, at most OOMCTX_DIRS_MAX cgroups. */
static void scan_cgroup(struct oom_snapshot *s, char *path, size_t len, int *dirs)
{
	char line[32];
	struct dirent *de;
	FILE *f;
	DIR *d;

	if (++*dirs > OOMCTX_DIRS_MAX) {
		s->scan_capped = true;
		return;
	}
	if (snprintf(path + len, PATH_MAX - len, "/cgroup.procs") >= (int)(PATH_MAX - len))
		return;
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f) && !s->scan_capped)
		scan_pid(s, atoi(line));
	if (f)
		fclose(f);
	path[len] = '\0';
	d = opendir(path);
	while (d && !s->scan_capped && (de = readdir(d))) {
		int n;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		n = snprintf(path + len, PATH_MAX - len, "/%s", de->d_name);
		if (n > 0 && (size_t)n < PATH_MAX - len)
			scan_cgroup(s, path, len + n, dirs);
		path[len] = '\0';
	}
	if (d)
		closedir(d);
}

/* The domain's tasks: its memcg's subtree, or /proc for a global OOM, at most
 * OOMCTX_SCAN_MAX of them. */
static void scan_domain(struct oom_snapshot *s, const char *root, const char *rel)
{
	char path[PATH_MAX];
	struct dirent *de;
	int dirs = 0;
	DIR *d;

	if (rel[0] && strcmp(rel, "/")) {
		cg_path(path, sizeof(path), root, rel, "");
		scan_cgroup(s, path, strlen(path), &dirs);
		return;
	}
	d = opendir("/proc");
	while (d && (de = readdir(d)) && !s->scan_capped)
		if (isdigit((unsigned char)de->d_name[0]))
			scan_pid(s, atoi(de->d_name));
	if (d)
		closedir(d);
}

/* "key value" lines of file whose key is in keys, into kv. */
static int read_kv(const char *path, const char *const *keys, struct oomctx_kv *kv)
{
	char buf[8192], *line, *save = NULL;
	int n = 0, i;

	if (util__read_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line && n < OOMCTX_KV;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp = '\0';
		for (i = 0; keys[i]; i++) {
			if (!strcmp(line, keys[i])) {
				util__strlcpy(kv[n].key, line, sizeof(kv[n].key));
				kv[n++].val = strtoll(sp + 1, NULL, 10);
				break;
			}
		}
	}
	return n;
}

static void read_memcg(struct oom_snapshot *s, const char *root, int version, const char *rel)
{
	static const char *const v2_stat[] = { "anon",	       "file",
					       "shmem",	       "slab_unreclaimable",
					       "kernel_stack", "pagetables",
					       "swapcached",   NULL };
	static const char *const v1_stat[] = { "rss",  "cache",	    "shmem",	   "mapped_file",
					       "swap", "total_rss", "total_cache", NULL };
	static const char *const v2_ev[] = { "low", "high", "max", "oom", "oom_kill", NULL };
	static const char *const v1_ev[] = { "under_oom", "oom_kill", NULL };
	char path[PATH_MAX];
	int64_t fc;

	cg_path(path, sizeof(path), root, rel, "/memory.stat");
	s->nstat = read_kv(path, version == 2 ? v2_stat : v1_stat, s->stat);
	cg_path(path, sizeof(path), root, rel,
		version == 2 ? "/memory.events" : "/memory.oom_control");
	s->nevents = read_kv(path, version == 2 ? v2_ev : v1_ev, s->events);
	if (version == 1 && s->nevents < OOMCTX_KV &&
	    (fc = read_num(root, rel, "/memory.failcnt")) >= 0) {
		util__strlcpy(s->events[s->nevents].key, "failcnt", sizeof(s->events[0].key));
		s->events[s->nevents++].val = fc;
	}
}

bool oomctx__snapshot(struct oomctx_limiter *lim, uint64_t now_ns, const char *root, int version,
		      const char *rel, int victim_pid, int victim_adj, struct oom_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	if (!lim->interval_ns)
		lim->interval_ns = 1000000000ull;
	if (lim->last_ns && now_ns - lim->last_ns < lim->interval_ns) {
		lim->skipped++;
		return false;
	}
	lim->last_ns = now_ns;
	lim->taken++;
	out->taken = true;
	out->skipped_before = lim->skipped;
	out->victim_pid = victim_pid;
	out->victim_oom_score_adj = victim_adj;
	util__strlcpy(out->domain, rel && rel[0] ? rel : "/", sizeof(out->domain));
	if (!root || !version)
		return true;
	scan_domain(out, root, out->domain);
	read_memcg(out, root, version, out->domain);
	return true;
}

static void j_num(struct json_writer *w, const char *k, int64_t v)
{
	jw__key(w, k);
	if (v < 0)
		jw__null(w);
	else if (v == INT64_MAX)
		jw__str(w, "max");
	else
		jw__i64(w, v);
}

static void j_kv(struct json_writer *w, const char *k, const struct oomctx_kv *kv, int n)
{
	int i;

	jw__key(w, k);
	jw__obj_begin(w);
	for (i = 0; i < n; i++) {
		jw__key(w, kv[i].key);
		jw__i64(w, kv[i].val);
	}
	jw__obj_end(w);
}

void oomctx__json(const struct oom_snapshot *s, struct json_writer *w)
{
	int i;

	jw__key(w, "context");
	if (!s || !s->taken) {
		jw__null(w);
		return;
	}
	jw__obj_begin(w);
	jw__key(w, "domain");
	jw__str(w, s->domain);
	jw__key(w, "domain_inferred");
	jw__bool(w, s->domain_inferred);
	jw__key(w, "victim_oom_score_adj");
	jw__i64(w, s->victim_oom_score_adj);
	jw__key(w, "pids_scanned");
	jw__i64(w, s->scanned);
	jw__key(w, "scan_capped");
	jw__bool(w, s->scan_capped);
	jw__key(w, "largest_tasks");
	jw__arr_begin(w);
	for (i = 0; i < s->ntop; i++) {
		jw__obj_begin(w);
		jw__key(w, "pid");
		jw__i64(w, s->top[i].pid);
		jw__key(w, "comm");
		jw__str(w, s->top[i].comm);
		jw__key(w, "anon_kb");
		jw__i64(w, s->top[i].anon_kb);
		jw__key(w, "file_kb");
		jw__i64(w, s->top[i].file_kb);
		jw__key(w, "shmem_kb");
		jw__i64(w, s->top[i].shmem_kb);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	j_kv(w, "memory_stat", s->stat, s->nstat);
	j_kv(w, "memory_events", s->events, s->nevents);
	jw__key(w, "snapshots_skipped_before");
	jw__u64(w, s->skipped_before);
	jw__obj_end(w);
}

void oomctx__print_text(const struct oom_snapshot *s, FILE *f)
{
	char buf[sizeof(s->domain)];
	int i;

	if (!s || !s->taken)
		return;
	fprintf(f, "  context  domain %s%s, victim oom_score_adj %d, %d pids looked at%s\n",
		util__printable_copy(buf, sizeof(buf), s->domain, sizeof(s->domain)),
		s->domain_inferred ? " (inferred)" : "", s->victim_oom_score_adj, s->scanned,
		s->scan_capped ? " (capped)" : "");
	for (i = 0; i < s->ntop; i++)
		fprintf(f, "           %-15s pid %-7d anon %lldkB file %lldkB shmem %lldkB\n",
			util__printable_copy(buf, sizeof(buf), s->top[i].comm,
					     sizeof(s->top[i].comm)),
			s->top[i].pid, (long long)s->top[i].anon_kb, (long long)s->top[i].file_kb,
			(long long)s->top[i].shmem_kb);
	if (s->nstat) {
		fprintf(f, "           memory.stat");
		for (i = 0; i < s->nstat; i++)
			fprintf(f, " %s %lld", s->stat[i].key, (long long)s->stat[i].val);
		fputc('\n', f);
	}
	if (s->nevents) {
		fprintf(f, "           events     ");
		for (i = 0; i < s->nevents; i++)
			fprintf(f, " %s %lld", s->events[i].key, (long long)s->events[i].val);
		fputc('\n', f);
	}
}

void oomctx__cg_json(const struct cg_state *c, struct json_writer *w)
{
	jw__key(w, "cgroup_state");
	jw__obj_begin(w);
	jw__key(w, "cgroup_version");
	jw__i64(w, c->version);
	j_num(w, c->version == 1 ? "usage_in_bytes" : "memory_current", c->current);
	j_num(w, c->version == 1 ? "limit_in_bytes" : "memory_max", c->max);
	j_num(w, c->version == 1 ? "soft_limit_in_bytes" : "memory_high", c->high);
	jw__key(w, "psi_scope");
	jw__str(w, c->psi_scope[0] ? c->psi_scope : "none");
	jw__key(w, "psi_some_avg10");
	if (c->some_avg10 < 0)
		jw__null(w);
	else
		jw__f64(w, c->some_avg10, 2);
	jw__key(w, "psi_full_avg10");
	if (c->full_avg10 < 0)
		jw__null(w);
	else
		jw__f64(w, c->full_avg10, 2);
	jw__key(w, "oomd_kill_xattr");
	if (c->oomd_xattr_name[0]) {
		jw__obj_begin(w);
		jw__key(w, "name");
		jw__str(w, c->oomd_xattr_name);
		jw__key(w, "value");
		jw__str(w, c->oomd_xattr);
		jw__obj_end(w);
	} else {
		jw__null(w);
	}
	jw__obj_end(w);
}

static void fmt_bytes(char *buf, size_t len, int64_t v)
{
	if (v < 0)
		snprintf(buf, len, "?");
	else if (v == INT64_MAX || v >= (1ll << 60))
		snprintf(buf, len, "max");
	else
		snprintf(buf, len, "%.1fMiB", (double)v / (1 << 20));
}

void oomctx__cg_text(const struct cg_state *c, FILE *f)
{
	char a[32], b[32], h[32], x[sizeof(c->oomd_xattr)];

	fmt_bytes(a, sizeof(a), c->current);
	fmt_bytes(b, sizeof(b), c->max);
	fmt_bytes(h, sizeof(h), c->high);
	fprintf(f, "  cgroup   %s %s, %s %s, %s %s", c->version == 1 ? "usage" : "current", a,
		c->version == 1 ? "limit" : "max", b, c->version == 1 ? "soft_limit" : "high", h);
	if (c->some_avg10 >= 0)
		fprintf(f, ", memory pressure (%s) some %.2f%% full %.2f%%", c->psi_scope,
			c->some_avg10, c->full_avg10);
	if (c->oomd_xattr_name[0])
		fprintf(f, ", %s=%s", c->oomd_xattr_name,
			util__printable_copy(x, sizeof(x), c->oomd_xattr, sizeof(c->oomd_xattr)));
	fputc('\n', f);
}
