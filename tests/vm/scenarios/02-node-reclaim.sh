#!/usr/bin/env bash
# Scenario 2: NUMA node reclaim (seeds 000 and 003). Two nodes; node 0 full
# of page cache, node 1 mostly free; a task on CPU 0 preferring node 0
# allocates. With vm.zone_reclaim_mode=1 memstall must show node-reclaim
# stalls on node 0 attributed to the task (matching the kernel's trace
# buffer and zone_reclaim_failed); with 0, none, and the task spills to
# node 1. Both on the classic LRU; a third run repeats mode 1 with MGLRU on. Guest side: tests/vm/guest/node-reclaim.sh; checks: tests/vm/checks.py.
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=node-reclaim
TESTS=("$S: zone_reclaim_mode=1: snoop ran clean across the window"
	"$S: zone_reclaim_mode=1: node-reclaim stalls (target_node 0) of the task while node 1 is free"
	"$S: zone_reclaim_mode=1: node stalls match the kernel trace buffer (tid, nid, order, gfp)"
	"$S: zone_reclaim_mode=1: zone_reclaim_failed/success deltas match the node stalls"
	"$S: zone_reclaim_mode=1: pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct"
	"$S: zone_reclaim_mode=0: snoop ran clean across the window"
	"$S: zone_reclaim_mode=0: no node-reclaim stall (memstall and kernel trace)"
	"$S: zone_reclaim_mode=0: allocations spill to node 1 (numa_miss, MemUsed)"
	"$S: zone_reclaim_mode=1 with MGLRU: node stalls + dropped == kernel trace count"
	"$S: zone_reclaim_mode=1 with MGLRU: pages reclaimed in stalls == pgsteal_direct")
vm_setup "${TESTS[@]}" || exit 0
if ! vm_disk_args 640; then
	vm_fail_all "cannot build the ext4 image (mkfs.ext4 -d)" "${TESTS[@]}"
	exit 0
fi
vm_scenario $S node-reclaim.sh --mem 512M --numa "${DISK_ARGS[@]}"
