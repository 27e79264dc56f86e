/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who a cgroup is: its systemd unit and slice, its Kubernetes pod UID, QoS
 * class and container id, the container runtime that made it. Read from the
 * cgroup's path alone (v1 or v2, relative to the hierarchy root or not):
 * no network, no API calls. The shapes it knows:
 *
 *   systemd driver  /kubepods.slice/kubepods-burstable.slice/
 *                     kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope
 *                   (crio-<id>.scope, docker-<id>.scope; guaranteed pods sit
 *                   in kubepods.slice directly)
 *   cgroupfs driver /kubepods/burstable/pod<uid>/<id>  (crio-<id> too)
 *   Docker          /system.slice/docker-<id>.scope, /docker/<id>
 *   containerd      cri-containerd-<id>.scope, nerdctl-<id>.scope,
 *                   /nerdctl/<id>
 *   CRI-O           crio-<id>.scope, crio-conmon-<id>.scope
 *   Podman          libpod-<id>.scope[/container], libpod-conmon-<id>.scope,
 *                   /libpod_parent/libpod-<id>, /machine.slice/libpod-<id>.scope
 *   LXC, LXD        /lxc/<name> (v1), /lxc.payload.<name>, /lxc.monitor.<name>
 *   systemd         /system.slice/nginx.service, /user.slice/user-1000.slice/
 *                   session-3.scope
 */
#ifndef MS_CGID_H
#define MS_CGID_H

#include <stdbool.h>
#include <stddef.h>

#define CGID_UID_LEN 40 /* 36 + NUL */
#define CGID_CID_LEN 72 /* 64 hex + NUL, or an LXC name */

struct cg_ident {
	char unit[128]; /* innermost systemd unit (.service, .scope, ...), "" */
	char slice[128]; /* innermost systemd slice, "" */
	char pod_uid[CGID_UID_LEN]; /* Kubernetes pod UID with dashes, "" */
	char qos[12]; /* "guaranteed", "burstable", "besteffort", "" */
	char container_id[CGID_CID_LEN]; /* full id (LXC: the name), "" */
	char runtime[16]; /* "containerd", "cri-o", "docker", "podman", "lxc", "" */
	bool conmon; /* the runtime's monitor process, not the container */
};

/* Parse a cgroup path. Never fails: unknown shapes leave fields empty. */
void cgid__parse(const char *path, struct cg_ident *id);
/* The first 12 characters of a container id (docker ps style) into buf. */
void cgid__short_id(const char *cid, char *buf, size_t len);
/* What a grouping dimension shows for an identity: "pod" (the pod UID),
 * "container" (the container id), "unit" (unit, else slice). NULL when the
 * identity has none. */
const char *cgid__dim(const struct cg_ident *id, const char *dim);

#endif
