#!/usr/bin/env bash
# Scenario 1: global direct reclaim (seed 001 in small). A 512 MiB
# single-node guest whose page cache is full (a file on an ext4 virtio disk)
# allocates anonymous memory in bursts. memstall's direct stalls must equal
# the kernel's allocstall count, match its trace buffer, and be attributed;
# memstall stacks must show the hog's page-fault path below direct reclaim.
# Guest side: tests/vm/guest/direct-reclaim.sh; assertions: tests/vm/checks.py.
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=direct-reclaim
TESTS=("$S: doctor chooses fentry or kprobe for vmscan:shrink_node"
	"$S: snoop ran clean across the window (exit 0, none dropped)"
	"$S: direct stalls == sum(allocstall_*) delta in /proc/vmstat"
	"$S: direct stalls match the kernel trace buffer (tid, order, gfp names)"
	"$S: workload's stalls attributed (pid, comm, order, gfp, nodes)"
	"$S: pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct"
	"$S: stacks --folded -k direct: the hog's stalls under its page-fault path")
vm_setup "${TESTS[@]}" || exit 0
if ! vm_disk_args 640; then
	vm_fail_all "cannot build the ext4 image (mkfs.ext4 -d)" "${TESTS[@]}"
	exit 0
fi
vm_scenario $S direct-reclaim.sh --mem 512M "${DISK_ARGS[@]}"
