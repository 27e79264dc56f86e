#!/usr/bin/env bash
# Live tests of `memstall hist`: the in-kernel histogram counts exactly what
# snoop reports with the same filters, ranks the heaviest comm first, and its
# cross-check agrees with /proc/vmstat; --by node,lru splits the same stalls
# by the LRU lists they scanned; kswapd's passes stay out of the stalls.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(hist_count_equals_snoop hist_by_comm_ranks_generator hist_kswapd_apart_from_stalls
	hist_interval_mode hist_by_node_lru)
require_root "${TESTS[@]}" || exit 0

# 1. same filters, same window: hist's total == snoop's events
t=hist_count_equals_snoop
# both run until the workload is over (a fixed -d could end one of them
# while a slow, busy machine still runs the workload)
"$MEMSTALL" hist --json -k memcg --comm memstall-wl --by comm,kind >"$TMP/h1.json" 2>"$TMP/h1.err" &
H=$!
"$MEMSTALL" snoop --json -k memcg -n memstall-wl >"$TMP/s1.json" 2>"$TMP/s1.err" &
S=$!
on_exit "kill $H $S"
wait_ready "$TMP/h1.err" "$TMP/s1.err"
"$WL" --seconds 2 >"$TMP/wl1.json"
sleep 0.3
kill -INT $H $S
wait $H
rh=$?
wait $S
rs=$?
check $t env RH=$rh RS=$rs python3 - "$TMP/h1.json" "$TMP/s1.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RH"] != "0" or os.environ["RS"] != "0":
    fail(f"exit codes hist {os.environ['RH']} snoop {os.environ['RS']}")
h = [json.loads(l) for l in open(sys.argv[1])]
s = [json.loads(l) for l in open(sys.argv[2])]
rows = [r for r in h if r["type"] == "hist"]
win = [r for r in h if r["type"] == "hist_window"]
stalls = [r for r in s if r["type"] == "stall"]
total = sum(r["count"] for r in rows)
# every stall is in the histogram or in snoop's output or its drop count
# (a busy machine can make snoop's reader fall behind the ring buffer)
sdrop = [r for r in s if r["type"] == "snoop_summary"][0]["dropped"]
if total < 100 or total != len(stalls) + sdrop:
    fail(f"hist counted {total}, snoop reported {len(stalls)} (+{sdrop} dropped)")
if len(win) != 1 or win[0]["stalls"] != total or win[0]["overflow"] or win[0]["dropped"]:
    fail(f"window {win}")
r = rows[0]
if r["kind"] != "memcg" or r["comm"] != "memstall-wl":
    fail(f"row {r}")
# the histogram holds every stall; percentiles ordered, within min..max
if sum(r["bucket_counts"]) != r["count"]:
    fail("buckets do not add up to the count")
if not (0 <= r["p50_ms"] <= r["p90_ms"] <= r["p99_ms"] <= r["max_ms"] * 1.125):
    fail(f"percentiles {r['p50_ms']} {r['p90_ms']} {r['p99_ms']} max {r['max_ms']}")
# (percentile accuracy is unit-tested; the two tracers here time each
# stall a little differently: each includes the other's programs)
xc = {x["check"]: x for x in h if x["type"] == "crosscheck"}
for c in ("direct reclaim stalls", "direct compaction stalls", "OOM kills"):
    if c not in xc:
        fail(f"no cross-check row {c}")
print(f"{total} stalls in both")
PY

# 2. --by comm: the generator (the most stall time) ranks first
t=hist_by_comm_ranks_generator
"$MEMSTALL" hist --json -d 5 --by comm >"$TMP/h2.json" 2>"$TMP/h2.err" &
H=$!
sleep 0.6
"$WL" --seconds 0.3 --comm wl-small >/dev/null &
"$WL" --seconds 2.5 --comm wl-big >/dev/null
wait
check $t python3 - "$TMP/h2.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rows = [r for r in rows if r["type"] == "hist"]
if not rows or rows[0]["comm"] != "wl-big":
    print(f"top row {rows[:2]}"); sys.exit(1)
tot = [r["total_ms"] for r in rows]
if tot != sorted(tot, reverse=True):
    print(f"not ranked by total: {tot}"); sys.exit(1)
PY

# 2b. the same run: kswapd's passes (if kswapd ran) are rows of their own,
# out of the window's stall count and the cross-check's stall time
t=hist_kswapd_apart_from_stalls
check $t python3 - "$TMP/h2.json" <<'PY'
import json, sys
def fail(m): print(m); sys.exit(1)
objs = [json.loads(l) for l in open(sys.argv[1])]
rows = [o for o in objs if o["type"] == "hist"]
win = [o for o in objs if o["type"] == "hist_window"][0]
stalls = [r for r in rows if r["kind"] != "kswapd"]
passes = [r for r in rows if r["kind"] == "kswapd"]
if win["stalls"] != sum(r["count"] for r in stalls):
    fail(f"window stalls {win['stalls']} != stall rows {sum(r['count'] for r in stalls)}")
if win.get("kswapd_passes") != sum(r["count"] for r in passes):
    fail(f"window kswapd_passes {win.get('kswapd_passes')} != kswapd rows")
# kswapd rows come after every stall row
kinds = [r["kind"] for r in rows]
if "kswapd" in kinds and any(k != "kswapd" for k in kinds[kinds.index("kswapd"):]):
    fail(f"kswapd rows among the stalls: {kinds}")
xc = {x["check"]: x for x in objs if x["type"] == "crosscheck"}
traced = xc["stall time vs PSI some"]["traced"]
want = sum(r["total_ms"] for r in stalls)
if abs(traced - want) > 0.1 + 0.05 * len(stalls):
    fail(f"cross-check stall time {traced} ms, stall rows {want:.1f} ms")
print(f"{len(stalls)} stall rows, {len(passes)} kswapd rows ({sum(r['count'] for r in passes)} passes)")
PY

# 3. -i/-n: one window per interval, reset between them
# windows of 1 s until a whole one after the workload (which writes its
# file first: its stalls may start in any window), then Ctrl-C: each window
# counts its own stalls, so one after the workload's counts none (windows
# that did not reset would count them all again)
t=hist_interval_mode
"$MEMSTALL" hist --json -i 1s -k memcg >"$TMP/h3.json" 2>"$TMP/h3.err" &
H=$!
on_exit "kill $H"
wait_ready "$TMP/h3.err"
"$WL" --seconds 1.2 >/dev/null
sleep 2.3
kill -INT $H
wait $H
check $t python3 - "$TMP/h3.json" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
wins = [o for o in objs if o["type"] == "hist_window"]
full = wins[:-1]  # the last one ends at Ctrl-C
if len(full) < 3:
    print(f"{len(wins)} windows"); sys.exit(1)
if not all(0.9 <= w["seconds"] <= 1.3 for w in full):
    print(f"window lengths {[w['seconds'] for w in wins]}"); sys.exit(1)
n = [w["stalls"] for w in full]
first = next((i for i, x in enumerate(n) if x), None)
if sum(n) < 100 or first is None or 0 not in n[first + 1:]:
    print(f"stalls per window {n} (reset?)"); sys.exit(1)
print(f"stalls per window {n}")
PY

# 4. --by node,lru: the same stalls as a plain run, split by the LRU lists
# they scanned; the memcg workload re-reads a file (page cache), and with no
# swap anonymous pages cannot be reclaimed: only "file" (or "none": a stall
# that scanned nothing), never anon
t=hist_by_node_lru
"$MEMSTALL" hist --json -k memcg --comm memstall-wl --by node,lru >"$TMP/h4.json" 2>"$TMP/h4.err" &
H1=$!
"$MEMSTALL" hist --json -k memcg --comm memstall-wl --by comm >"$TMP/h4p.json" 2>"$TMP/h4p.err" &
H2=$!
"$MEMSTALL" hist -k memcg --comm memstall-wl --by node,lru >"$TMP/h4.txt" 2>"$TMP/h4t.err" &
H3=$!
on_exit "kill $H1 $H2 $H3"
wait_ready "$TMP/h4.err" "$TMP/h4p.err" "$TMP/h4t.err"
"$WL" --seconds 2 >/dev/null
sleep 0.3
kill -INT $H1 $H2 $H3
wait $H1
r1=$?
wait $H2
r2=$?
wait $H3
r3=$?
swap=$(awk 'NR > 1' /proc/swaps | wc -l)
check $t env RC="$r1$r2$r3" SWAP="$swap" python3 - "$TMP/h4.json" "$TMP/h4p.json" "$TMP/h4.txt" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "000": fail(f"exit codes {os.environ['RC']}")
lru = [json.loads(l) for l in open(sys.argv[1])]
plain = [json.loads(l) for l in open(sys.argv[2])]
rows = [r for r in lru if r["type"] == "hist"]
prow = [r for r in plain if r["type"] == "hist"]
if not rows: fail("no rows")
if any("lru" not in r or "node" not in r for r in rows): fail(f"rows without lru/node {rows[:2]}")
total, ptotal = sum(r["count"] for r in rows), sum(r["count"] for r in prow)
# both tracers see every stall of the workload (each adds its own programs'
# time to a stall, never a stall): the split adds up to the plain count
if total < 100 or total != ptotal: fail(f"--by node,lru counted {total}, plain {ptotal}")
by = {}
for r in rows: by[r["lru"]] = by.get(r["lru"], 0) + r["count"]
if by.get("file", 0) * 2 < total: fail(f"page-cache workload, lru split {by}")
if any(r["lru"] == "file" and r["scanned"] <= 0 for r in rows): fail("file rows scanned nothing")
if any(r["lru"] == "none" and r["scanned"] != 0 for r in rows): fail("none rows scanned pages")
if os.environ["SWAP"] == "0" and (by.get("anon") or by.get("anon+file")):
    fail(f"no swap, yet anon scanned: {by}")
if any(r["node"] is None or r["node"] < 0 for r in rows if r["lru"] != "none"):
    fail(f"rows without a node {rows}")
text = open(sys.argv[3]).read().splitlines()
hdr = [l for l in text if l.startswith("KIND") and " LRU " in l]
if not hdr or not any(l.split()[:1] == ["memcg"] and "file" in l.split() for l in text):
    fail("text: no LRU column or no file row:\n" + "\n".join(text[:6]))
print(f"{total} stalls, lru split {by}")
PY
