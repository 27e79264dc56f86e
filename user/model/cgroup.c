// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "model/cgroup.h"
#include "base/util.h"

#define CG_SLOTS 4096 /* power of two */
#define CG_MAX_ENTRIES (CG_SLOTS * 3 / 4)

struct cg_entry {
	uint64_t id;
	char *path;
};

struct cgmap {
	int version;
	char root[256];
	uint64_t root_id;
	uint64_t max_id; /* highest id known: ids of new cgroups only grow */
	uint64_t last_scan_ns;
	int n;
	struct cg_entry slot[CG_SLOTS];
};

static struct cg_entry *lookup(struct cgmap *cg, uint64_t id, int insert)
{
	uint64_t h = (id * 0x9e3779b97f4a7c15ull) >> 52;
	int i;

	for (i = 0; i < CG_SLOTS; i++) {
		struct cg_entry *e = &cg->slot[(h + i) & (CG_SLOTS - 1)];

		if (e->path && e->id == id)
			return e;
		if (!e->path)
			return insert && cg->n < CG_MAX_ENTRIES ? e : NULL;
	}
	return NULL;
}

static void remember(struct cgmap *cg, uint64_t id, const char *rel)
{
	struct cg_entry *e = lookup(cg, id, 1);

	if (!e || e->path)
		return;
	e->path = strdup(rel);
	if (e->path) {
		e->id = id;
		cg->n++;
		if (id > cg->max_id)
			cg->max_id = id;
	}
}

/* Parse mountinfo for the hierarchy that has the memory controller. */
static int find_mount(struct cgmap *cg, const char *mountinfo)
{
	char line[1024], v2[256] = "", v1[256] = "";
	FILE *f = fopen(mountinfo, "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char mnt[256], fstype[64], opts[512];
		char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, opts) != 2)
			continue;
		if (!strcmp(fstype, "cgroup2") && !v2[0])
			util__strlcpy(v2, mnt, sizeof(v2));
		else if (!strcmp(fstype, "cgroup") && !v1[0]) {
			char *tok, *save = NULL;

			for (tok = strtok_r(opts, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				if (!strcmp(tok, "memory"))
					util__strlcpy(v1, mnt, sizeof(v1));
		}
	}
	fclose(f);
	/* A v1 memory mount means the controller is bound there, not to v2. */
	if (v1[0]) {
		cg->version = 1;
		util__strlcpy(cg->root, v1, sizeof(cg->root));
	} else if (v2[0]) {
		cg->version = 2;
		util__strlcpy(cg->root, v2, sizeof(cg->root));
	}
	return 0;
}

struct cgmap *cgmap__new(const char *mountinfo_path)
{
	struct cgmap *cg = calloc(1, sizeof(*cg));
	struct stat st;

	if (!cg)
		return NULL;
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
	for (i = 0; i < CG_SLOTS; i++)
		free(cg->slot[i].path);
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

/* Depth-first walk of the hierarchy, remembering every directory's id. */
static void walk(struct cgmap *cg, char *path, size_t len, size_t cap, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *dir;
	size_t rl = strlen(cg->root);

	if (depth > 32 || cg->n >= CG_MAX_ENTRIES || stat(path, &st))
		return;
	remember(cg, st.st_ino, path[rl] ? path + rl : "/");
	dir = opendir(path);
	if (!dir)
		return;
	while ((de = readdir(dir))) {
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

static void rescan(struct cgmap *cg)
{
	char path[4096];

	util__strlcpy(path, cg->root, sizeof(path));
	walk(cg, path, strlen(path), sizeof(path), 0);
}

const char *cgmap__path(struct cgmap *cg, uint64_t id)
{
	struct cg_entry *e;
	uint64_t now;

	if (!cg->version || !id)
		return NULL;
	e = lookup(cg, id, 0);
	if (e)
		return e->path;
	now = util__now_ns();
	/* A miss rescans. An id above every known one is a cgroup made since
	 * the last scan: always look. Others are most likely gone: look at
	 * most five times a second. */
	if (id <= cg->max_id && cg->last_scan_ns && now - cg->last_scan_ns < 200000000ull)
		return NULL;
	cg->last_scan_ns = now;
	rescan(cg);
	e = lookup(cg, id, 0);
	if (!e && id > cg->max_id)
		cg->max_id = id; /* gone already: do not rescan for it again and again */
	return e ? e->path : NULL;
}
