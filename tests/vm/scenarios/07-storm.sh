#!/usr/bin/env bash
# Scenario 7: a node-reclaim storm (issue 18): Debian 6.12 (VM_KERNELS to
# change), 768 MiB on two NUMA nodes, vm.zone_reclaim_mode=1, two page-cache
# readers and three 200 MiB anonymous hogs for 25 s. memstall snoop --json
# must drop nothing; its node stalls, hist's count and the rise of
# zone_reclaim_failed + zone_reclaim_success agree exactly, and hist's
# cross-check says so. Guest side: tests/vm/guest/storm.sh; checks:
# tests/vm/checks.py (storm).
set -u
VM_KERNELS=${VM_KERNELS:-6.12}
VM_TIMEOUT=${VM_TIMEOUT:-420} # the storm's JSON crosses the serial console
. "$(dirname "$0")/../scenario-lib.sh"
S=storm
TESTS=("$S: snoop kept up: no event dropped, every line counted"
	"$S: node stalls: snoop == hist == zone_reclaim_failed + zone_reclaim_success"
	"$S: hist's node-reclaim cross-check line agrees")
vm_setup "${TESTS[@]}" || exit 0
if ! vm_disk_args 640; then
	vm_fail_all "cannot build the ext4 image (mkfs.ext4 -d)" "${TESTS[@]}"
	exit 0
fi
vm_scenario $S storm.sh --mem 768M --numa "${DISK_ARGS[@]}"
