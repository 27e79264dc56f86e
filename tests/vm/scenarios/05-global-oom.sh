#!/usr/bin/env bash
# Scenario 5: a global OOM kill. A 512 MiB single-node guest without swap;
# three anonymous hogs (no cgroup) ask for 1.2 times the available memory.
# memstall oom must report one kill per oom_kill in /proc/vmstat, with the
# trigger and victim the kernel names (trace buffer, kernel log), the
# constraint none from the kernel (not inferred), the OOM domain the size of
# all memory, the trigger's direct reclaim before the kill and the victim's
# death. memstall record armed on the OOM kill writes a bundle with the
# kill's story and the trigger's stalls before it. Guest side: tests/vm/guest/global-oom.sh; assertions:
# tests/vm/checks.py (global_oom).
set -u
. "$(dirname "$0")/../scenario-lib.sh"
S=global-oom
TESTS=("$S: memstall oom and snoop ran clean across the window"
	"$S: condition: the hogs exhausted memory (oom_kill rose)"
	"$S: one oom_kill object per oom_kill in /proc/vmstat (and snoop -k oom rows)"
	"$S: trigger and victim are the kernel's (trace mark_victim, kernel log) and the hogs"
	"$S: constraint none from the kernel (not inferred), as the kernel log says"
	"$S: domain totalpages == MemTotal + SwapTotal pages (totalram + total_swap)"
	"$S: direct reclaim stalls of the trigger before the kill (history vs trace)"
	"$S: the victim's death seen (exit or reaper)"
	"$S: record --when oom: the bundle has the kill's story and the stalls before it")
vm_setup "${TESTS[@]}" || exit 0
vm_scenario $S global-oom.sh --mem 512M
