#!/usr/bin/env bash
# Live tests of shrink_node passes and scan balance (`memstall snoop -e`) on
# this kernel. Here shrink_node cannot be probed (fentry refused, no
# kprobes) and get_scan_count is inlined: the passes and the anon/file split
# come from the LRU shrink tracepoints, so they are checked against the
# kernel's own trace buffer of those tracepoints. Root only.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(passes_split_matches_trace passes_add_up_to_stalls passes_derived_said
	passes_text_columns)
require_root "${TESTS[@]}" || exit 0

# 1. snoop -e and the kernel's trace buffer (lru_shrink_inactive) over the
#    same memcg workload: per-stall anon/file pages scanned and reclaimed add
#    up to what the kernel traced for the workload's task, per LRU type and
#    per priority; efficiency is reclaimed/scanned
t=passes_split_matches_trace
if ! trace_mount; then
	for x in "${TESTS[@]:0:2}"; do skip "$x" "tracefs not available"; done
else
	trace_start 16384 mm_vmscan_lru_shrink_inactive
	# no -d: the workload (file written first) may outlast it; Ctrl-C after
	"$MEMSTALL" snoop -e --json >"$TMP/p1.json" 2>"$TMP/p1.err" &
	P=$!
	on_exit "kill $P"
	wait_ready "$TMP/p1.err"
	"$WL" --seconds 2 >"$TMP/wl1.json"
	kill -INT $P
	wait $P
	trace_stop
	cat >"$TMP/passes.py" <<'PY'
import json, re, sys
from collections import Counter
objs = [json.loads(l) for l in open(sys.argv[1])]
w = json.loads(open(sys.argv[2]).readline())
def fail(m):
    print(m); sys.exit(1)
if any(int(l.split()[-1]) for l in open(sys.argv[4])):
    fail("kernel trace buffer overran: cannot compare")
# the kernel's view: nr_scanned/nr_reclaimed by LRU type and priority
kern, kprio = Counter(), Counter()
rx = re.compile(r"\s*(.+)-(\d+)\s+\[.*mm_vmscan_lru_shrink_inactive: nid=\d+ "
                r"nr_scanned=(\d+) nr_reclaimed=(\d+) .*priority=(\d+) flags=(\S+)")
for line in open(sys.argv[3]):
    m = rx.match(line)
    if not m or int(m.group(2)) != w["pid"]:
        continue
    lru = "file" if "RECLAIM_WB_FILE" in m.group(6) else "anon"
    kern[f"scanned_{lru}"] += int(m.group(3))
    kern[f"reclaimed_{lru}"] += int(m.group(4))
    kprio[int(m.group(5))] += int(m.group(3))
stalls = [o for o in objs if o["type"] == "stall" and o["pid"] == w["pid"] and o["depth"] == 0]
passes = [o for o in objs if o["type"] == "pass" and o["pid"] == w["pid"]]
summ = [o for o in objs if o["type"] == "snoop_summary"][0]
if summ["dropped"]:
    fail(f"{summ['dropped']} events dropped")
if len(stalls) < 100 or kern["scanned_file"] == 0:
    fail(f"too little reclaim: {len(stalls)} stalls, kernel {dict(kern)}")
ours = Counter()
for o in stalls:
    for k in ("scanned_anon", "scanned_file", "reclaimed_anon", "reclaimed_file"):
        ours[k] += o[k]
    s = o["scanned_anon"] + o["scanned_file"]
    r = o["reclaimed_anon"] + o["reclaimed_file"]
    if s and abs(o["efficiency_pct"] - 100.0 * r / s) > 0.06:
        fail(f"efficiency {o['efficiency_pct']} != 100*{r}/{s}: {o}")
    if not s and o["efficiency_pct"] is not None:
        fail(f"efficiency without a scan: {o}")
    if o["min_priority"] is None or o["shrink_node_passes"] is None:
        fail(f"stall without priority or pass count: {o}")
for k in ("scanned_anon", "scanned_file", "reclaimed_anon", "reclaimed_file"):
    if ours[k] != kern[k]:
        fail(f"{k}: stalls {ours[k]} != kernel trace {kern[k]}")
pprio = Counter()
for p in passes:
    pprio[p["priority"]] += p["scanned_anon"] + p["scanned_file"]
if pprio != kprio:
    fail(f"scanned per priority: passes {dict(pprio)} != kernel {dict(kprio)}")
if sum(o["shrink_node_passes"] for o in stalls) != len(passes):
    fail(f"stalls count {sum(o['shrink_node_passes'] for o in stalls)} passes, "
         f"{len(passes)} pass rows")
print(f"{len(stalls)} stalls, {len(passes)} passes: scanned file {ours['scanned_file']} "
      f"anon {ours['scanned_anon']}, reclaimed file {ours['reclaimed_file']} == kernel; "
      f"per priority {dict(sorted(kprio.items()))}")
PY
	check $t python3 "$TMP/passes.py" "$TMP/p1.json" "$TMP/wl1.json" "$TMP/trace.txt" \
		"$TMP/overrun.txt"

	# 2. every pass belongs to a stall of its task: a stall's pages are its
	#    passes' pages (the pass rows come before the stall's row)
	t=passes_add_up_to_stalls
	check $t python3 - "$TMP/p1.json" "$TMP/wl1.json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
pid = json.loads(open(sys.argv[2]).readline())["pid"]
pending, n = {}, 0
for o in objs:
    if o["type"] == "pass" and o["in"] != "kswapd":
        pending.setdefault(o["tid"], []).append(o)
    elif o["type"] == "stall" and o["depth"] == 0 and o["pid"] == pid:
        ps = pending.pop(o["tid"], [])
        for k in ("scanned_anon", "scanned_file", "reclaimed_anon", "reclaimed_file"):
            if sum(p[k] for p in ps) != o[k]:
                print(f"{k}: passes {[p[k] for p in ps]} vs stall {o[k]}: {o}")
                sys.exit(1)
        if ps and (min(p["priority"] for p in ps) != o["min_priority"] or
                   any(p["in"] != o["kind"] or p["observed"] != "derived" for p in ps)):
            print(f"passes {ps} do not match stall {o}")
            sys.exit(1)
        n += 1
print(f"{n} stalls: pages and lowest priority equal to their passes'")
PY
fi

# 3. this host cannot probe shrink_node or get_scan_count: doctor and
#    snoop -e say the passes and the balance are derived, not observed
t=passes_derived_said
"$MEMSTALL" doctor --probes --json >"$TMP/d3.json" 2>/dev/null
"$MEMSTALL" snoop -e -d 1 >/dev/null 2>"$TMP/s3.err"
check $t python3 - "$TMP/d3.json" "$TMP/s3.err" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
hooks = {o.get("hook"): o for o in objs if o.get("hook")}
sn, gsc = hooks.get("vmscan:shrink_node"), hooks.get("vmscan:get_scan_count")
if not sn or not gsc:
    print(f"doctor lists no shrink_node/get_scan_count hook: {list(hooks)[:40]}"); sys.exit(1)
err = open(sys.argv[2]).read()
if sn["mechanism"] in ("fentry", "kprobe"):
    print(f"shrink_node is probeable here ({sn['mechanism']})"); sys.exit(0)
want = [("derived", sn["mechanism"]), ("derived", gsc["mechanism"]),
        ("not observed", json.dumps(gsc)), ("passes derived", err),
        ("scan balance derived", err)]
miss = [w for w, where in want if w not in where]
if miss:
    print(f"missing {miss}: {sn} {gsc} {err}"); sys.exit(1)
print(f"shrink_node {sn['mechanism']}, get_scan_count {gsc['mechanism']}; snoop -e says so")
PY

# 4. text: -e adds PRIO, SCAN_A, SCAN_F, EFF%, PASSES to the stall table and a
#    findings count to the summary
t=passes_text_columns
"$MEMSTALL" snoop -e -d 3 >"$TMP/t4.txt" 2>"$TMP/t4.err" &
P=$!
wait_ready "$TMP/t4.err"
"$WL" --seconds 1 >/dev/null
wait $P
hdr=$(grep -m1 '^TIME' "$TMP/t4.txt")
row=$(grep -m1 'memstall-wl' "$TMP/t4.txt")
if [[ $hdr == *"SCAN_A  SCAN_F  EFF% PRIO PASSES"* ]] && [ -n "$row" ] &&
	grep -q 'findings' "$TMP/t4.err" && ! "$MEMSTALL" snoop -d 0 2>&1 | grep -q EFF; then
	ok $t
else
	not_ok $t "header: $hdr" "row: $row" "$(tail -n 2 "$TMP/t4.err")"
fi
