#!/usr/bin/env bash
# Scenario 4: fragmentation then direct compaction (seed 002). A small guest
# whose free memory is all unmergeable order-0 blocks (memstall-wl-alloc --frag-mb),
# THP enabled=always and defrag=always, then huge page faults. memstall's
# direct compaction (order 9, THP gfp, per-zone results, fragmentation
# index) must match the kernel's trace buffer, debugfs extfrag_index and
# /proc/vmstat compact_stall. Guest side: tests/vm/guest/compaction.sh;
# assertions: tests/vm/checks.py (compaction).
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=compaction
TESTS=("$S: doctor chooses fexit for try_to_compact_pages (return)"
	"$S: snoop ran clean across the window (exit 0, none dropped)"
	"$S: condition: free memory fragmented (extfrag_index order 9 >= 0.9), THP always"
	"$S: episodes match the kernel trace buffer (tid, order, gfp names, priority)"
	"$S: direct compaction of the THP faults: order 9, GFP_TRANSHUGE, exact episodes"
	"$S: zone runs match the kernel trace buffer (tid, mode, result names)"
	"$S: fragmentation index of the failing order-9 zone runs (>= 0.9, extfrag_index)"
	"$S: episodes not skipped == compact_stall delta in /proc/vmstat"
	"$S: compact_success + compact_fail == compact_stall, vs episode results")
vm_setup "${TESTS[@]}" || exit 0
vm_scenario $S compaction.sh --mem 384M
