#!/usr/bin/env bash
# Scenario 3: swappiness=0 with zram swap (seed 004). When file pages plus
# free memory fall below the high watermark, reclaim scans anonymous pages
# although swappiness is 0. memstall must report those anon scans, attribute
# them to the allocating task, and agree with the kernel's pgscan counters.
# Guest side: tests/vm/guest/swap-anon.sh; assertions: tests/vm/checks.py.
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=swap-anon
TESTS=("$S: snoop ran clean across the window (exit 0, none dropped)"
	"$S: condition: swappiness=0, zram swap used, kernel scanned anon (file+free <= high)"
	"$S: stalls of the allocating task report anon pages scanned"
	"$S: pgscan_anon rose by at least the anon pages scanned in stalls"
	"$S: pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct"
	"$S: shrink_node passes observed with priorities (workload and kswapd rows)"
	"$S: passes add up to their stalls (anon/file scanned and reclaimed)"
	"$S: finding: anon scanned at swappiness=0 with file+free <= high watermarks"
	"$S: hist: kswapd passes are rows of their own, split by LRU")
vm_setup "${TESTS[@]}" || exit 0
vm_scenario $S swap-anon.sh --mem 384M --module zram
