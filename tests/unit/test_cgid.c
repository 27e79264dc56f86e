// SPDX-License-Identifier: GPL-2.0
/* Cgroup identity from real cgroup paths: every driver, runtime and version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "model/cgid.h"

#define CID "7a1e4c0d5b2f3a6e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e"
#define UID "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
#define UID_ "0f1e2d3c_4b5a_6978_8796_a5b4c3d2e1f0"

struct shape {
	const char *path;
	const char *unit, *slice, *pod, *qos, *cid, *runtime;
	bool conmon;
};

/* Paths as /proc/<pid>/cgroup shows them (v2 "0::" lines; v1 memory lines
 * give the same path under the memory hierarchy). */
static const struct shape shapes[] = {
	/* Kubernetes, systemd driver (v1 and v2 alike) */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice/cri-containerd-" CID ".scope",
	  "cri-containerd-" CID ".scope", "kubepods-burstable-pod" UID_ ".slice", UID, "burstable",
	  CID, "containerd", false },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_
	  ".slice/crio-" CID ".scope",
	  "crio-" CID ".scope", "kubepods-besteffort-pod" UID_ ".slice", UID, "besteffort", CID,
	  "cri-o", false },
	{ "/kubepods.slice/kubepods-pod" UID_ ".slice/docker-" CID ".scope", "docker-" CID ".scope",
	  "kubepods-pod" UID_ ".slice", UID, "guaranteed", CID, "docker", false },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
	  ".slice/crio-conmon-" CID ".scope",
	  "crio-conmon-" CID ".scope", "kubepods-burstable-pod" UID_ ".slice", UID, "burstable",
	  CID, "cri-o", true },
	/* the pod level itself, no container */
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_ ".slice", "",
	  "kubepods-burstable-pod" UID_ ".slice", UID, "burstable", "", "", false },
	/* Kubernetes, cgroupfs driver (v1: under /sys/fs/cgroup/memory) */
	{ "/kubepods/burstable/pod" UID "/" CID, "", "", UID, "burstable", CID, "", false },
	{ "/kubepods/besteffort/pod" UID "/" CID, "", "", UID, "besteffort", CID, "", false },
	{ "/kubepods/pod" UID "/" CID, "", "", UID, "guaranteed", CID, "", false },
	{ "/kubepods/burstable/pod" UID "/crio-" CID, "", "", UID, "burstable", CID, "cri-o",
	  false },
	{ "/kubepods/burstable", "", "", "", "burstable", "", "", false },
	{ "/kubelet/kubepods/besteffort/pod" UID "/" CID, "", "", UID, "besteffort", CID, "",
	  false },
	/* kind / kubelet in a container: a prefix before kubepods */
	{ "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
	  "kubelet-kubepods-burstable-pod" UID_ ".slice/cri-containerd-" CID ".scope",
	  "cri-containerd-" CID ".scope", "kubelet-kubepods-burstable-pod" UID_ ".slice", UID,
	  "burstable", CID, "containerd", false },
	/* Docker */
	{ "/system.slice/docker-" CID ".scope", "docker-" CID ".scope", "system.slice", "", "", CID,
	  "docker", false },
	{ "/docker/" CID, "", "", "", "", CID, "docker", false },
	{ "/system.slice/docker.service", "docker.service", "system.slice", "", "", "", "", false },
	/* containerd without Kubernetes (nerdctl) */
	{ "/system.slice/nerdctl-" CID ".scope", "nerdctl-" CID ".scope", "system.slice", "", "",
	  CID, "containerd", false },
	{ "/nerdctl/" CID, "", "", "", "", CID, "containerd", false },
	/* Podman: rootful, rootless (v2 "container" sub-cgroup), conmon, cgroupfs */
	{ "/machine.slice/libpod-" CID ".scope", "libpod-" CID ".scope", "machine.slice", "", "",
	  CID, "podman", false },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" CID ".scope/container",
	  "libpod-" CID ".scope", "user.slice", "", "", CID, "podman", false },
	{ "/machine.slice/libpod-conmon-" CID ".scope", "libpod-conmon-" CID ".scope",
	  "machine.slice", "", "", CID, "podman", true },
	{ "/libpod_parent/libpod-" CID, "", "", "", "", CID, "podman", false },
	/* LXC / LXD: v2 payload and monitor, v1 /lxc/<name> */
	{ "/lxc.payload.web1", "", "", "", "", "web1", "lxc", false },
	{ "/lxc.monitor.web1", "", "", "", "", "web1", "lxc", true },
	{ "/lxc/web1", "", "", "", "", "web1", "lxc", false },
	{ "/lxc.payload.web1/system.slice/nginx.service", "nginx.service", "system.slice", "", "",
	  "web1", "lxc", false },
	/* systemd alone */
	{ "/system.slice/nginx.service", "nginx.service", "system.slice", "", "", "", "", false },
	{ "/user.slice/user-1000.slice/session-3.scope", "session-3.scope", "user-1000.slice", "",
	  "", "", "", false },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice/"
	  "app-gnome-firefox-4242.scope",
	  "app-gnome-firefox-4242.scope", "app.slice", "", "", "", "", false },
	/* nothing to say */
	{ "/", "", "", "", "", "", "", false },
	{ "/memstall-test/a", "", "", "", "", "", "", false },
	{ "/pod" UID, "", "", "", "", "", "", false }, /* "pod<uid>" outside kubepods */
	{ "/docker/notahexid", "", "", "", "", "", "", false },
	{ "/docker/" CID "0", "", "", "", "", "", "", false }, /* 65 characters */
};

static void test_shapes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		const struct shape *s = &shapes[i];
		struct cg_ident id;

		cgid__parse(s->path, &id);
		assert_string_equal(id.unit, s->unit);
		assert_string_equal(id.slice, s->slice);
		assert_string_equal(id.pod_uid, s->pod);
		assert_string_equal(id.qos, s->qos);
		assert_string_equal(id.container_id, s->cid);
		assert_string_equal(id.runtime, s->runtime);
		assert_int_equal(id.conmon, s->conmon);
	}
}

static void test_full_path_and_dims(void **state)
{
	struct cg_ident id;
	char buf[16];

	(void)state;
	/* a v1 filesystem path parses the same as the hierarchy-relative one */
	cgid__parse("/sys/fs/cgroup/memory/kubepods/burstable/pod" UID "/" CID, &id);
	assert_string_equal(id.pod_uid, UID);
	assert_string_equal(id.container_id, CID);
	assert_string_equal(cgid__dim(&id, "pod"), UID);
	assert_string_equal(cgid__dim(&id, "container"), CID);
	assert_null(cgid__dim(&id, "unit"));
	assert_null(cgid__dim(&id, "nonsense"));
	cgid__parse("/system.slice", &id);
	assert_string_equal(cgid__dim(&id, "unit"), "system.slice"); /* slice stands in */
	cgid__short_id(CID, buf, sizeof(buf));
	assert_string_equal(buf, "7a1e4c0d5b2f");
	cgid__short_id("web1", buf, sizeof(buf));
	assert_string_equal(buf, "web1");
	cgid__parse(NULL, &id);
	assert_string_equal(id.unit, "");
	/* deeper than the parser looks: no crash, what it saw is kept */
	cgid__parse("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/5/6/7/8/9", &id);
	assert_string_equal(id.container_id, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_full_path_and_dims),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
