#!/usr/bin/env bash
# Live tests of `memstall top` (reclaimtop): batch frames under the memcg
# workload, JSON frames, and the real binary driven in tmux (sort, filter,
# help, quit leaving no BPF program behind).
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(top_batch_shows_workload top_json_frames top_json_node_scan top_tmux_workload_appears
	top_tmux_sort
	top_tmux_filter top_tmux_help top_tmux_quit_clean top_reclaimtop_alias top_not_a_tty)
require_root "${TESTS[@]}" || exit 0

# 1. batch: 3 frames, the workload's comm with non-zero stall time
t=top_batch_shows_workload
"$MEMSTALL" top -b -n 3 -i 1 >"$TMP/b.txt" 2>"$TMP/b.err" &
P=$!
on_exit "kill $P"
sleep 0.3
"$WL" --seconds 3 >/dev/null
wait $P
rc=$?
frames=$(grep -c '^reclaimtop ' "$TMP/b.txt")
# a row: PID COMM STALLS/s MS/s ...; the workload's MS/s above 0
hot=$(awk '$2 == "memstall-wl" && $4 + 0 > 0' "$TMP/b.txt" | wc -l)
if [ $rc -eq 0 ] && [ "$frames" -eq 3 ] && [ "$hot" -ge 1 ] && grep -q '^vmstat/s ' "$TMP/b.txt" &&
	grep -q '^N[0-9] ' "$TMP/b.txt"; then
	ok $t
else
	not_ok $t "rc=$rc frames=$frames rows with stall time=$hot" "$(head -20 "$TMP/b.txt")" \
		"$(cat "$TMP/b.err")"
fi

# 2. --json: one valid object per frame, the workload among the processes
t=top_json_frames
"$MEMSTALL" top --json -n 2 -i 1 >"$TMP/j.json" 2>"$TMP/j.err" &
P=$!
sleep 0.3
"$WL" --seconds 1.5 >/dev/null
wait $P
check $t env RC=$? python3 - "$TMP/j.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail(f"exit {os.environ['RC']}")
frames = [json.loads(l) for l in open(sys.argv[1])]
if len(frames) != 2: fail(f"{len(frames)} frames")
for f in frames:
    for k in ("vmstat", "psi", "tracer", "zones", "processes", "cgroups", "oom_kills"):
        if k not in f: fail(f"no {k} in {f}")
rows = [p for f in frames for p in f["processes"] if p["comm"] == "memstall-wl"]
if not rows or max(p["stall_ms_s"] for p in rows) <= 0: fail(f"workload rows {rows}")
if any(p["p99_ms"] > p["max_ms"] or p["reclaimed"] > p["scanned"] for p in rows):
    fail(f"inconsistent row {rows}")
PY

# 2b. the same frames: per node, the workload's page-cache scanning with its
# efficiency and anon share (no swap: 0); kswapd's passes apart from stalls
t=top_json_node_scan
swap=$(awk 'NR > 1' /proc/swaps | wc -l)
check $t env SWAP="$swap" python3 - "$TMP/j.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
frames = [json.loads(l) for l in open(sys.argv[1])]
busy = []
for f in frames:
    if not isinstance(f.get("nodes"), list) or not f["nodes"]: fail(f"nodes {f.get('nodes')}")
    if not isinstance(f.get("kswapd"), list): fail(f"kswapd {f.get('kswapd')}")
    if f["stalls"] != sum(p["stalls"] for p in f["processes"]):
        fail(f"frame stalls {f['stalls']} != the processes' (kswapd counted?)")
    for n in f["nodes"]:
        scanned = n["scanned_anon"] + n["scanned_file"]
        for k in ("efficiency_pct", "anon_pct", "kswapd_pct"):
            if (n[k] is None) != (scanned == 0): fail(f"{k} {n[k]} with {scanned} scanned")
            if n[k] is not None and not 0 <= n[k] <= 100: fail(f"{k} {n[k]}")
        if n["reclaimed_anon"] > n["scanned_anon"] or n["reclaimed_file"] > n["scanned_file"]:
            fail(f"reclaimed > scanned {n}")
        if scanned:
            busy.append(n)
if not busy or max(n["scanned_file"] for n in busy) <= 0: fail(f"no node scanned file pages: {frames[0]['nodes']}")
if os.environ["SWAP"] == "0" and any(n["anon_pct"] != 0 for n in busy): fail(f"no swap, anon {busy}")
print(f"{len(busy)} busy node ticks, efficiency {[n['efficiency_pct'] for n in busy]}")
PY

# 3-7. the interactive view in a real terminal (tmux)
tmux_tests=(top_tmux_workload_appears top_tmux_sort top_tmux_filter top_tmux_help top_tmux_quit_clean)
if ! command -v tmux >/dev/null; then
	for n in "${tmux_tests[@]}"; do skip "$n" "tmux is not installed ('make deps')"; done
else
	S=memstall-top-$$
	on_exit "tmux kill-session -t $S"
	tmux new-session -d -s "$S" -x 120 -y 40 "$MEMSTALL top -i 1; echo exited \$? >$TMP/tmux.rc; sleep 30"
	cap() { tmux capture-pane -p -t "$S" >"$TMP/$1.txt"; }
	sleep 1
	"$WL" --seconds 6 >/dev/null &
	W=$!
	on_exit "kill $W"
	seen=0
	for _ in $(seq 40); do
		cap c1
		if awk '$2 == "memstall-wl" && $4 + 0 > 0 { f = 1 } END { exit !f }' "$TMP/c1.txt"; then
			seen=1
			break
		fi
		sleep 0.1
	done
	t=top_tmux_workload_appears
	if [ $seen -eq 1 ]; then ok $t; else not_ok $t "$(cat "$TMP/c1.txt")"; fi

	t=top_tmux_sort
	tmux send-keys -t "$S" '>'
	sleep 0.4
	cap c2
	if head -1 "$TMP/c1.txt" | grep -q 'sort ms/s' && head -1 "$TMP/c2.txt" | grep -q 'sort mean' &&
		grep -q '\*MEAN' "$TMP/c2.txt"; then
		ok $t
	else
		not_ok $t "$(head -1 "$TMP/c1.txt")" "$(head -1 "$TMP/c2.txt")"
	fi

	t=top_tmux_filter
	tmux send-keys -t "$S" '/' 'no-such-task' Enter
	sleep 0.4
	cap c3
	tmux send-keys -t "$S" Escape
	sleep 0.4
	cap c4
	if grep -q "filter 'no-such-task'" "$TMP/c3.txt" && ! grep -q ' memstall-wl ' "$TMP/c3.txt" &&
		grep -q ' memstall-wl ' "$TMP/c4.txt"; then
		ok $t
	else
		not_ok $t "filtered:" "$(head -12 "$TMP/c3.txt")" "cleared:" "$(head -12 "$TMP/c4.txt")"
	fi

	t=top_tmux_help
	tmux send-keys -t "$S" '?'
	sleep 0.4
	cap c5
	tmux send-keys -t "$S" x
	sleep 0.4
	cap c6
	if grep -q 'reverse the sort order' "$TMP/c5.txt" && ! grep -q 'reverse the sort order' "$TMP/c6.txt"; then
		ok $t
	else
		not_ok $t "$(cat "$TMP/c5.txt")"
	fi

	t=top_tmux_quit_clean
	before=$(bpftool prog show 2>/dev/null | grep -cE '(tb|rt)_(mm_vmscan|reclaim_)')
	tmux send-keys -t "$S" q
	for _ in $(seq 50); do # the process exits, then the kernel frees (2 s)
		[ -f "$TMP/tmux.rc" ] && break
		sleep 0.1
	done
	progs_gone
	links=$(bpftool link show 2>/dev/null | grep -cE "(tb|rt)_(mm_vmscan|reclaim_)|tp 'mm_vmscan")
	rc=$(cat "$TMP/tmux.rc" 2>/dev/null)
	if [ "$rc" = "exited 0" ] && [ "$before" -ge 1 ] && [ "$after" -eq 0 ] && [ "$links" -eq 0 ]; then
		ok $t
	else
		not_ok $t "rc='$rc' programs before=$before after=$after links=$links"
	fi
	tmux kill-session -t "$S" 2>/dev/null
	wait $W 2>/dev/null
fi

# 8. invoked as reclaimtop it is top
t=top_reclaimtop_alias
ln -sf "$(realpath "$MEMSTALL")" "$TMP/reclaimtop"
if "$TMP/reclaimtop" -b -n 1 -i 0.2 2>&1 | grep -q '^reclaimtop '; then
	ok $t
else
	not_ok $t "$("$TMP/reclaimtop" -b -n 1 -i 0.2 2>&1 | head -5)"
fi

# 9. without a terminal (and without -b) it says what to do
expect_fail top_not_a_tty 2 "use 'memstall top -b'" "$MEMSTALL" top
