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
/* Path relative to the hierarchy root for an id ("/" for the root); NULL if
 * unknown (a miss rescans the tree: always for an id newer than any known,
 * else at most 5 times a second). */
const char *cgmap__path(struct cgmap *cg, uint64_t id);

#endif
