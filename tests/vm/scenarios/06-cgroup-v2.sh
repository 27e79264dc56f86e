#!/usr/bin/env bash
# Scenario 6: cgroup v2 end to end in a Kubernetes-shaped hierarchy (systemd
# driver). (a) memory.max limit reclaim: memcg stalls vs the cgroup's own
# memory.stat pgscan/pgsteal, booked to the pod UID and container; (b)
# memory.high throttling: the high stalls' time vs the wall time the task
# measured itself blocked, their reclaims vs memory.events high; (c)
# memory.oom.group: one group kill listing every task, the victims' cgroup;
# (d) a cgroup removed while traced keeps its path in snoop and hist; (e)
# hist -c counts stalls 21 levels below its cgroup; memstall record armed on
# the (a) container's memory.pressure PSI trigger.
# Guest side: tests/vm/guest/cgroup-v2.sh; assertions:
# tests/vm/checks_cgroup.py (via checks.py).
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=cgroup-v2
TESTS=("$S: tracers ran clean (snoop, hist --by pod, hist --by cgroup, oom)"
	"$S: doctor: memory.high hook by fentry or kprobe"
	"$S: (a) memcg stalls' pages == memory.stat pgscan/pgsteal of the container"
	"$S: (a) memcg stalls booked to the pod UID, QoS and container id"
	"$S: (a) hist --by pod == snoop's stalls of the pod, per kind"
	"$S: (b) high throttle time within 10% of the time the task was blocked"
	"$S: (b) high stalls' reclaims == memory.events high rise"
	"$S: (c) one group kill listing every task of the container"
	"$S: (d) the removed cgroup keeps its path in snoop and hist"
	"$S: (e) hist -c counts the stalls 21 levels below its cgroup"
	"$S: (a) record armed on the container's memory.pressure: dd's stalls, lead-up first")
vm_setup "${TESTS[@]}" || exit 0
if ! vm_disk_args 640; then
	vm_fail_all "cannot build the ext4 image (mkfs.ext4 -d)" "${TESTS[@]}"
	exit 0
fi
# psi=1: Debian kernels build PSI off by default (CONFIG_PSI_DEFAULT_DISABLED);
# record --when psi needs it (no memory.pressure file without)
vm_scenario $S cgroup-v2.sh --mem 512M --cmdline psi=1 "${DISK_ARGS[@]}"
