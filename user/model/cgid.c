// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "model/cgid.h"
#include "base/util.h"

#define CG_MAX_PARTS 32

/* Scope prefixes of container runtimes: "<prefix>-<id>.scope" (systemd
 * driver) and "<prefix>-<id>" (cgroupfs); conmon: the runtime's monitor. */
static const struct {
	const char *prefix;
	const char *runtime;
	bool conmon;
} scopes[] = {
	{ "cri-containerd-", "containerd", false },
	{ "crio-conmon-", "cri-o", true },
	{ "crio-", "cri-o", false },
	{ "docker-", "docker", false },
	{ "libpod-conmon-", "podman", true },
	{ "libpod-", "podman", false },
	{ "nerdctl-", "containerd", false },
};

static bool is_hex_id(const char *s, size_t n)
{
	size_t i;

	if (n != 64)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return true;
}

static bool ends_with(const char *s, size_t n, const char *suf)
{
	size_t l = strlen(suf);

	return n >= l && !memcmp(s + n - l, suf, l);
}

static bool starts_with(const char *s, size_t n, const char *pre)
{
	size_t l = strlen(pre);

	return n >= l && !memcmp(s, pre, l);
}

static void copy_part(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* A pod UID: 36 characters of hex and dashes (systemd: underscores), or a
 * static pod's 32-hex config hash. Stored with dashes. */
static bool take_uid(struct cg_ident *id, const char *s, size_t n)
{
	size_t i;

	if (n != 36 && n != 32)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	copy_part(id->pod_uid, sizeof(id->pod_uid), s, n);
	for (i = 0; i < n; i++)
		if (id->pod_uid[i] == '_')
			id->pod_uid[i] = '-';
	return true;
}

static const char *qos_of(const char *s, size_t n)
{
	if (starts_with(s, n, "burstable") || strstr(s, "-burstable") == s + 8)
		return "burstable";
	if (starts_with(s, n, "besteffort") || strstr(s, "-besteffort") == s + 8)
		return "besteffort";
	return NULL;
}

/* Kubernetes: the pod level, either driver. in_kube: an ancestor was
 * kubepods[.slice] (cgroupfs' "pod<uid>" needs it). */
static bool kube_part(struct cg_ident *id, const char *s, size_t n, bool in_kube)
{
	const char *q;
	size_t k;

	/* kind and other nested kubelets: "kubelet-kubepods-...slice" */
	for (k = 1; k + 9 < n && !starts_with(s, n, "kubepods"); k++)
		if (s[k - 1] == '-' && !memcmp(s + k, "kubepods", 8)) {
			s += k;
			n -= k;
			break;
		}
	if (starts_with(s, n, "kubepods") && ends_with(s, n, ".slice")) {
		const char *pod = NULL;
		size_t i;

		/* kubepods-burstable-pod<uid>.slice, kubepods-pod<uid>.slice */
		for (i = 0; i + 4 < n; i++)
			if (!memcmp(s + i, "-pod", 4)) {
				pod = s + i + 4;
				break;
			}
		if (pod && take_uid(id, pod, (size_t)(s + n - 6 - pod))) {
			q = qos_of(s, n);
			util__strlcpy(id->qos, q ? q : "guaranteed", sizeof(id->qos));
			return true;
		}
		return false;
	}
	if (in_kube && starts_with(s, n, "pod") && take_uid(id, s + 3, n - 3)) {
		if (!id->qos[0])
			util__strlcpy(id->qos, "guaranteed", sizeof(id->qos));
		return true;
	}
	if (in_kube && !id->pod_uid[0] && (q = qos_of(s, n)) && strlen(q) == n)
		util__strlcpy(id->qos, q, sizeof(id->qos)); /* cgroupfs: /kubepods/burstable */
	return false;
}

static void set_container(struct cg_ident *id, const char *rt, const char *s, size_t n, bool conmon)
{
	copy_part(id->container_id, sizeof(id->container_id), s, n);
	util__strlcpy(id->runtime, rt, sizeof(id->runtime));
	id->conmon = conmon;
}

/* A container: a runtime's scope, a bare 64-hex id, or an LXC name. */
static void container_part(struct cg_ident *id, const char *s, size_t n, const char *parent,
			   size_t pn, bool first)
{
	size_t i, body = ends_with(s, n, ".scope") ? n - 6 : n;

	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		size_t pl = strlen(scopes[i].prefix);

		if (starts_with(s, body, scopes[i].prefix) && is_hex_id(s + pl, body - pl)) {
			set_container(id, scopes[i].runtime, s + pl, body - pl, scopes[i].conmon);
			return;
		}
	}
	if (is_hex_id(s, n)) { /* cgroupfs: /docker/<id>, /kubepods/.../pod<uid>/<id> */
		const char *rt = "";

		if (parent && pn == 6 && !memcmp(parent, "docker", 6))
			rt = "docker";
		else if (parent && pn == 7 && !memcmp(parent, "nerdctl", 7))
			rt = "containerd";
		set_container(id, rt, s, n, false);
	} else if (starts_with(s, n, "lxc.payload.") && n > 12) {
		set_container(id, "lxc", s + 12, n - 12, false);
	} else if (starts_with(s, n, "lxc.monitor.") && n > 12) {
		set_container(id, "lxc", s + 12, n - 12, true);
	} else if (parent && pn == 3 && !memcmp(parent, "lxc", 3) && first) {
		set_container(id, "lxc", s, n, false); /* v1: /lxc/<name> */
	}
}

static void systemd_part(struct cg_ident *id, const char *s, size_t n)
{
	static const char *const units[] = { ".service", ".scope", ".socket", ".mount", ".swap" };
	size_t i;

	if (ends_with(s, n, ".slice")) {
		copy_part(id->slice, sizeof(id->slice), s, n);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(units); i++)
		if (ends_with(s, n, units[i]) && n > strlen(units[i])) {
			copy_part(id->unit, sizeof(id->unit), s, n);
			return;
		}
}

void cgid__parse(const char *path, struct cg_ident *id)
{
	const char *part[CG_MAX_PARTS];
	size_t len[CG_MAX_PARTS];
	bool in_kube = false;
	const char *p = path;
	int n = 0, i;

	memset(id, 0, sizeof(*id));
	if (!path)
		return;
	while (*p && n < CG_MAX_PARTS) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		part[n] = p;
		while (*p && *p != '/')
			p++;
		len[n] = (size_t)(p - part[n]);
		n++;
	}
	for (i = 0; i < n; i++) {
		const char *s = part[i];
		size_t l = len[i];

		if ((l == 8 && !memcmp(s, "kubepods", 8)) || starts_with(s, l, "kubepods.") ||
		    starts_with(s, l, "kubepods-") || starts_with(s, l, "kubelet-kubepods"))
			in_kube = true;
		kube_part(id, s, l, in_kube);
		systemd_part(id, s, l);
		container_part(id, s, l, i ? part[i - 1] : NULL, i ? len[i - 1] : 0, i == 1);
	}
}

void cgid__short_id(const char *cid, char *buf, size_t len)
{
	size_t n = strlen(cid);

	if (n == 64 && is_hex_id(cid, n))
		n = 12;
	copy_part(buf, len, cid, n);
}

const char *cgid__dim(const struct cg_ident *id, const char *dim)
{
	const char *s = NULL;

	if (!strcmp(dim, "pod"))
		s = id->pod_uid;
	else if (!strcmp(dim, "container"))
		s = id->container_id;
	else if (!strcmp(dim, "unit"))
		s = id->unit[0] ? id->unit : id->slice;
	return s && s[0] ? s : NULL;
}
