// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "model/cgroup.h"
#include "base/util.h"

#define CG_DEFAULT_CAP 4096
/* a walk's bounds: the kernel allows 65,535 memory cgroups */
#define CG_MAX_SCAN (1u << 20)
#define CG_MAX_DEPTH 256
#define CG_BUCKETS 4096 /* power of two */

/*
 * ids -> paths, a bounded LRU. Entries are never dropped because their
 * cgroup is gone (a deleted cgroup keeps its last known path: its stalls
 * still name it), only when the cache is full and they are the least
 * recently used.
 */
struct cg_entry {
	uint64_t id;
	char *path;
	int hnext; /* next in the bucket, -1 */
	int prev, next; /* LRU list, most recent first; -1 */
};

struct cgmap {
	int version;
	char root[256];
	int mnt_level; /* level of the mount's root in its hierarchy */
	uint64_t root_id;
	uint64_t max_id; /* highest id known: ids of new cgroups only grow */
	/* last walk that saw the whole tree (not stopped at the id it wanted):
	 * only such a walk can say an id is not there */
	uint64_t full_scan_ns;
	int n, cap, free_head;
	int head, tail; /* LRU ends */
	unsigned int scan_seen; /* directories seen by the current scan */
	uint64_t want; /* the id the current scan looks for, 0 none */
	bool found; /* the current scan found it */
	uint64_t evictions;
	cgmap_gone_fn gone;
	void *gone_ctx;
	int bucket[CG_BUCKETS];
	struct cg_entry *e;
};

static unsigned int bucket_of(uint64_t id)
{
	return (unsigned int)((id * 0x9e3779b97f4a7c15ull) >> 52) & (CG_BUCKETS - 1);
}

static void lru_unlink(struct cgmap *cg, int i)
{
	struct cg_entry *e = &cg->e[i];

	if (e->prev >= 0)
		cg->e[e->prev].next = e->next;
	else
		cg->head = e->next;
	if (e->next >= 0)
		cg->e[e->next].prev = e->prev;
	else
		cg->tail = e->prev;
	e->prev = e->next = -1;
}

static void lru_push(struct cgmap *cg, int i)
{
	struct cg_entry *e = &cg->e[i];

	e->prev = -1;
	e->next = cg->head;
	if (cg->head >= 0)
		cg->e[cg->head].prev = i;
	cg->head = i;
	if (cg->tail < 0)
		cg->tail = i;
}

static int find(const struct cgmap *cg, uint64_t id)
{
	int i;

	for (i = cg->bucket[bucket_of(id)]; i >= 0; i = cg->e[i].hnext)
		if (cg->e[i].id == id)
			return i;
	return -1;
}

/* Drop the least recently used entry; returns its slot. */
static int evict(struct cgmap *cg)
{
	int i = cg->tail, *pp;

	lru_unlink(cg, i);
	for (pp = &cg->bucket[bucket_of(cg->e[i].id)]; *pp != i; pp = &cg->e[*pp].hnext)
		;
	*pp = cg->e[i].hnext;
	free(cg->e[i].path);
	cg->e[i].path = NULL;
	cg->n--;
	cg->evictions++;
	return i;
}

static void remember(struct cgmap *cg, uint64_t id, const char *rel)
{
	int i = find(cg, id);
	char *p;

	if (i >= 0) { /* known: a rename moves it, a lookup makes it recent */
		if (strcmp(cg->e[i].path, rel) && (p = strdup(rel))) {
			free(cg->e[i].path);
			cg->e[i].path = p;
		}
		lru_unlink(cg, i);
		lru_push(cg, i);
		return;
	}
	p = strdup(rel);
	if (!p)
		return;
	if (cg->free_head >= 0) {
		i = cg->free_head;
		cg->free_head = cg->e[i].hnext;
	} else {
		i = evict(cg);
	}
	cg->e[i].id = id;
	cg->e[i].path = p;
	cg->e[i].hnext = cg->bucket[bucket_of(id)];
	cg->bucket[bucket_of(id)] = i;
	lru_push(cg, i);
	cg->n++;
	if (id > cg->max_id)
		cg->max_id = id;
}

void cgmap__remember(struct cgmap *cg, uint64_t id, const char *rel)
{
	if (cg && id && rel && rel[0] == '/')
		remember(cg, id, rel);
}

void cgmap__set_gone(struct cgmap *cg, cgmap_gone_fn fn, void *ctx)
{
	cg->gone = fn;
	cg->gone_ctx = ctx;
}

int cgmap__count(const struct cgmap *cg)
{
	return cg->n;
}

uint64_t cgmap__evictions(const struct cgmap *cg)
{
	return cg->evictions;
}

int cgmap__depth(const char *rel)
{
	int n = 0;
	const char *p;

	for (p = rel; *p; p++)
		if (*p != '/' && (p == rel || p[-1] == '/'))
			n++;
	return n;
}

/* Parse mountinfo for the hierarchy that has the memory controller. */
static int find_mount(struct cgmap *cg, const char *mountinfo)
{
	char line[1024], v2[256] = "", v1[256] = "";
	FILE *f = fopen(mountinfo, "re");
	int l1 = 0, l2 = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char mnt[256], mroot[256], fstype[64], opts[512];
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %255s %255s", mroot, mnt) != 2 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, opts) != 2)
			continue;
		if (!strcmp(fstype, "cgroup2") && !v2[0]) {
			util__strlcpy(v2, mnt, sizeof(v2));
			l2 = cgmap__depth(mroot);
		} else if (!strcmp(fstype, "cgroup") && !v1[0]) {
			char *tok, *save = NULL;

			for (tok = strtok_r(opts, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				if (!strcmp(tok, "memory")) {
					util__strlcpy(v1, mnt, sizeof(v1));
					l1 = cgmap__depth(mroot);
				}
		}
	}
	fclose(f);
	/* A v1 memory mount means the controller is bound there, not to v2. */
	if (v1[0]) {
		cg->version = 1;
		cg->mnt_level = l1;
		util__strlcpy(cg->root, v1, sizeof(cg->root));
	} else if (v2[0]) {
		cg->version = 2;
		cg->mnt_level = l2;
		util__strlcpy(cg->root, v2, sizeof(cg->root));
	}
	return 0;
}

struct cgmap *cgmap__new(const char *mountinfo_path)
{
	return cgmap__new_sized(mountinfo_path, 0);
}

struct cgmap *cgmap__new_sized(const char *mountinfo_path, int cap)
{
	struct cgmap *cg = calloc(1, sizeof(*cg));
	struct stat st;
	int i;

	if (!cg)
		return NULL;
	cg->cap = cap > 0 ? cap : CG_DEFAULT_CAP;
	cg->e = calloc(cg->cap, sizeof(*cg->e));
	if (!cg->e) {
		free(cg);
		return NULL;
	}
	for (i = 0; i < CG_BUCKETS; i++)
		cg->bucket[i] = -1;
	for (i = 0; i < cg->cap; i++) {
		cg->e[i].hnext = i + 1 < cg->cap ? i + 1 : -1;
		cg->e[i].prev = cg->e[i].next = -1;
	}
	cg->free_head = 0;
	cg->head = cg->tail = -1;
	find_mount(cg, mountinfo_path ? mountinfo_path : "/proc/self/mountinfo");
	if (cg->version && !stat(cg->root, &st)) {
		cg->root_id = st.st_ino;
		remember(cg, st.st_ino, "/");
	}
	return cg;
}

void cgmap__free(struct cgmap *cg)
{
	int i;

	if (!cg)
		return;
	for (i = 0; i < cg->cap; i++)
		free(cg->e[i].path);
	free(cg->e);
	free(cg);
}

int cgmap__version(const struct cgmap *cg)
{
	return cg->version;
}

const char *cgmap__root(const struct cgmap *cg)
{
	return cg->root;
}

int cgmap__resolve(struct cgmap *cg, const char *arg, uint64_t *id, char *rel, size_t len)
{
	char path[4096];
	size_t rl = strlen(cg->root);
	struct stat st;
	const char *r;

	if (!cg->version)
		return -ENOENT;
	if (!strncmp(arg, cg->root, rl) && (arg[rl] == '/' || !arg[rl]))
		r = arg + rl;
	else
		r = arg;
	while (*r == '/')
		r++;
	if (strstr(r, "..") ||
	    snprintf(path, sizeof(path), "%s/%s", cg->root, r) >= (int)sizeof(path))
		return -EINVAL;
	if (stat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	*id = st.st_ino;
	snprintf(rel, len, "/%s", r);
	/* strip a trailing slash */
	if (strlen(rel) > 1 && rel[strlen(rel) - 1] == '/')
		rel[strlen(rel) - 1] = '\0';
	remember(cg, st.st_ino, rel);
	return 0;
}

int cgmap__level(const struct cgmap *cg, const char *rel)
{
	return cg->mnt_level + cgmap__depth(rel);
}

/* One directory seen by a walk: a known id gets its current path (a rename)
 * without becoming recent; a new one is kept while there is room, and the
 * one looked for always. A walk never evicts to make room for the others:
 * on a host with more cgroups than the cache holds, the names that were
 * looked up (stalling cgroups) stay. */
static void seen(struct cgmap *cg, uint64_t id, const char *rel)
{
	int i = find(cg, id);
	char *p;

	if (i >= 0) {
		if (strcmp(cg->e[i].path, rel) && (p = strdup(rel))) {
			free(cg->e[i].path);
			cg->e[i].path = p;
		}
		return;
	}
	if (id == cg->want || cg->free_head >= 0)
		remember(cg, id, rel);
	else if (id > cg->max_id)
		cg->max_id = id;
}

/* Depth-first walk of the hierarchy (every directory, up to a sanity bound);
 * stops once the id looked for is found. */
static void walk(struct cgmap *cg, char *path, size_t len, size_t cap, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *dir;
	size_t rl = strlen(cg->root);

	if (depth > CG_MAX_DEPTH || cg->scan_seen >= CG_MAX_SCAN || cg->found || stat(path, &st))
		return;
	cg->scan_seen++;
	seen(cg, st.st_ino, path[rl] ? path + rl : "/");
	if (cg->want && st.st_ino == cg->want) {
		cg->found = true;
		return;
	}
	dir = opendir(path);
	if (!dir)
		return;
	while (!cg->found && (de = readdir(dir))) {
		size_t nl = strlen(de->d_name);

		if (de->d_type != DT_DIR || de->d_name[0] == '.' || len + 1 + nl >= cap)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, nl + 1);
		walk(cg, path, len + 1 + nl, cap, depth + 1);
		path[len] = '\0';
	}
	closedir(dir);
}

/* want: the id looked for (0: none, learn what fits); the walk stops where
 * it finds it. Returns true if the walk saw the whole tree. */
static bool rescan(struct cgmap *cg, uint64_t want)
{
	char path[4096];

	util__strlcpy(path, cg->root, sizeof(path));
	cg->scan_seen = 0;
	cg->want = want;
	cg->found = false;
	walk(cg, path, strlen(path), sizeof(path), 0);
	cg->want = 0;
	return !cg->found;
}

/* Removed while traced: the kernel told its path as it went. The index of
 * the entry learnt, or -1. */
static int from_gone(struct cgmap *cg, uint64_t id)
{
	char gone[256];

	if (!cg->gone || cg->gone(cg->gone_ctx, id, gone, sizeof(gone)) || gone[0] != '/')
		return -1;
	remember(cg, id, gone);
	return find(cg, id);
}

const char *cgmap__path(struct cgmap *cg, uint64_t id)
{
	uint64_t now;
	int i;

	if (!cg->version || !id)
		return NULL;
	i = find(cg, id);
	if (i >= 0) {
		lru_unlink(cg, i);
		lru_push(cg, i);
		return cg->e[i].path;
	}
	i = from_gone(cg, id);
	if (i >= 0)
		return cg->e[i].path;
	now = util__now_ns();
	/* A miss rescans. An id above every known one is a cgroup made since
	 * the last scan: always look. Others are most likely gone, once a
	 * walk of the whole tree missed them: look at most five times a
	 * second. A walk that stopped at the id it wanted did not see the
	 * cgroups after it, which may be older (a live cgroup was shown as
	 * cgid:N for up to 200 ms). */
	if (id <= cg->max_id && cg->full_scan_ns && now - cg->full_scan_ns < 200000000ull)
		return NULL;
	if (rescan(cg, id))
		cg->full_scan_ns = now;
	i = find(cg, id);
	/* The kernel takes a cgroup out of the tree, then tells its rmdir:
	 * one removed as the walk began is in neither until then (an export
	 * series was once labelled cgid:N for it). Ask again after the walk. */
	if (i < 0)
		i = from_gone(cg, id);
	if (i < 0 && id > cg->max_id)
		cg->max_id = id; /* gone already: do not rescan for it again and again */
	return i >= 0 ? cg->e[i].path : NULL;
}

void cgmap__refresh(struct cgmap *cg)
{
	if (!cg || !cg->version)
		return;
	cg->full_scan_ns = util__now_ns();
	rescan(cg, 0);
}
