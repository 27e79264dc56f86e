/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory cgroup names. The BPF side reports the memory cgroup's kernfs id,
 * which is the inode number of its directory in the memory hierarchy: the
 * v1 "memory" mount or the v2 unified mount, whichever has the controller.
 */
#ifndef MS_CGROUP_H
#define MS_CGROUP_H

#include <stddef.h>
#include <stdint.h>

struct cgmap;

/* root: directory to search for mounts ("" or NULL = /); for tests. */
struct cgmap *cgmap__new(const char *mountinfo_path);
/* The same with room for cap ids (0: the default, 4096). A full cache
 * forgets its least recently used id. */
struct cgmap *cgmap__new_sized(const char *mountinfo_path, int cap);
void cgmap__free(struct cgmap *cg);
/* 1 or 2, 0 if no memory hierarchy is mounted. */
int cgmap__version(const struct cgmap *cg);
const char *cgmap__root(const struct cgmap *cg);
/*
 * A user's cgroup argument: a filesystem path inside the hierarchy
 * ("/sys/fs/cgroup/memory/foo") or a path relative to its root ("/foo",
 * "foo"). On success *id is the cgroup id and rel gets "/foo".
 */
int cgmap__resolve(struct cgmap *cg, const char *arg, uint64_t *id, char *rel, size_t len);
/* Components of a path: "/" 0, "/a/b" 2. */
int cgmap__depth(const char *rel);
/* The kernel's level (root 0) of the cgroup at rel ("/a/b"): the mount's
 * root's depth in the hierarchy plus rel's (inside a cgroup namespace, the
 * depth below the namespace's root). */
int cgmap__level(const struct cgmap *cg, const char *rel);
/* Path relative to the hierarchy root for an id ("/" for the root); a
 * deleted cgroup's last known path; NULL if never known. A miss walks the
 * tree: always for an id newer than any known, else at most 5 times a
 * second once a walk of the whole tree missed it. */
const char *cgmap__path(struct cgmap *cg, uint64_t id);
/* Learn an id's path ("/a/b") from elsewhere (a cgroup's removal seen by the
 * tracer): kept like a scanned one, until least recently used. */
void cgmap__remember(struct cgmap *cg, uint64_t id, const char *rel);
/* Scan the hierarchy now: cgroups that exist now keep their path when they
 * are deleted later (hist and top call it as they go). */
void cgmap__refresh(struct cgmap *cg);
/* Asked on a miss the tree walk cannot answer (a removed cgroup): 0 and
 * its path, or -ENOENT. */
typedef int (*cgmap_gone_fn)(void *ctx, uint64_t id, char *path, size_t len);
void cgmap__set_gone(struct cgmap *cg, cgmap_gone_fn fn, void *ctx);
int cgmap__count(const struct cgmap *cg);
uint64_t cgmap__evictions(const struct cgmap *cg);

#endif
