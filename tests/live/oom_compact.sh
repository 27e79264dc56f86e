#!/usr/bin/env bash
# Live tests of OOM and compaction attribution on this kernel: memcg OOM kills
# from the workload generator, manual compaction through compact_memory.
# Every count is checked against the kernel's own /proc/vmstat.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(oom_kills_match_vmstat oom_trigger_stack snoop_oom_line compaction_manual_attributed)
require_root "${TESTS[@]}" || exit 0

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

# 1. memstall oom: one kill per oom_kill in /proc/vmstat, trigger and victim
#    the hog, its memcg named, the stalls before it, its death seen
t=oom_kills_match_vmstat
before=$(vmstat oom_kill)
"$MEMSTALL" oom --json -d 9 --wait-reaper 1s >"$TMP/o1.json" 2>"$TMP/o1.err" &
P=$!
on_exit "kill $P"
sleep 0.5
"$WL" --mode anon --limit-mb 64 --anon-mb 128 --seconds 1 >"$TMP/wl1.json"
"$WL" --mode anon --limit-mb 48 --anon-mb 96 --seconds 1 >"$TMP/wl2.json"
sleep 0.5
after=$(vmstat oom_kill)
wait $P
rc=$?
check $t env RC=$rc DELTA=$((after - before)) python3 - "$TMP/o1.json" "$TMP/wl1.json" "$TMP/wl2.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail("memstall oom exited " + os.environ["RC"])
kills = [json.loads(l) for l in open(sys.argv[1])]
wls = [json.loads(open(p).readline()) for p in sys.argv[2:]]
delta = int(os.environ["DELTA"])
if len(kills) != delta:
    fail(f"{len(kills)} kills reported, oom_kill in /proc/vmstat rose by {delta}")
for w in wls:
    mine = [k for k in kills if k["victim"]["pid"] == w["pid"]]
    if len(mine) != 1:
        fail(f"{len(mine)} kills of workload pid {w['pid']}: {kills}")
    k = mine[0]
    bad = []
    if k["type"] != "oom_kill": bad.append("type")
    if k["trigger"]["pid"] != w["pid"] or k["trigger"]["comm"] != w["comm"]: bad.append("trigger")
    if k["victim"]["comm"] != w["comm"]: bad.append("victim comm")
    if k["victim"]["cgroup"] != w["cgroup"]: bad.append(f"victim cgroup {k['victim']['cgroup']}")
    if k["constraint"] != "memcg": bad.append(f"constraint {k['constraint']}")
    if k["oom_memcg"] != w["cgroup"]: bad.append(f"oom memcg {k['oom_memcg']}")
    if k["domain"] is None and not k["constraint_inferred"]:
        bad.append("domain unknown but constraint not marked inferred")
    if k["domain"] is not None and k["domain"]["totalpages"] != w["limit_mb"] * 256:
        bad.append(f"domain {k['domain']['totalpages']} pages != limit")
    if k["victim"]["anon_rss_kb"] < w["limit_mb"] * 1024 // 2: bad.append("anon rss")
    if k["history"]["stalls"]["memcg"] < 1: bad.append("no memcg stalls before the kill")
    if k["history"]["last"] is None or "GFP_HIGHUSER_MOVABLE" not in k["history"]["last"]["gfp_flags"]:
        bad.append(f"last stall {k['history']['last']}")
    if k["reaping"]["exited_ms"] is None: bad.append("victim exit not seen")
    if bad: fail(f"kill of {w['pid']}: {bad}: {k}")
print(f"{len(kills)} kills, oom_kill +{delta}")
PY

# the trigger's allocation stack: the memcg charge that ran out, under the
# page fault of the anon hog (innermost first)
check oom_trigger_stack python3 - "$TMP/o1.json" <<'PY'
import json, sys
kills = [json.loads(l) for l in open(sys.argv[1])]
if not kills: sys.exit("no kills")
for k in kills:
    st = k["trigger"]["stack"]
    if not st: sys.exit(f"no stack: {k['trigger']}")
    need = ["out_of_memory", "try_charge_memcg", "handle_mm_fault"]
    pos = [next((i for i, f in enumerate(st) if f.startswith(n)), -1) for n in need]
    if -1 in pos or pos != sorted(pos):
        sys.exit(f"stack lacks {need} in order: {st}")
print(f"{len(kills)} kills: out_of_memory < try_charge_memcg < handle_mm_fault")
PY

# 2. snoop -k oom: one line per kill
t=snoop_oom_line
before=$(vmstat oom_kill)
"$MEMSTALL" snoop -k oom --json -d 5 >"$TMP/s2.json" 2>"$TMP/s2.err" &
P=$!
sleep 0.5
"$WL" --mode anon --limit-mb 64 --anon-mb 128 --seconds 1 >"$TMP/wl3.json"
sleep 0.3
after=$(vmstat oom_kill)
wait $P
check $t env DELTA=$((after - before)) python3 - "$TMP/s2.json" "$TMP/wl3.json" <<'PY'
import json, os, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
w = json.loads(open(sys.argv[2]).readline())
oom = [r for r in rows if r["type"] == "oom"]
others = [r for r in rows if r["type"] not in ("oom", "snoop_summary")]
if others:
    print(f"-k oom printed other kinds: {others[:2]}"); sys.exit(1)
if len(oom) != int(os.environ["DELTA"]) or not any(r["victim_pid"] == w["pid"] for r in oom):
    print(f"{len(oom)} oom rows, vmstat +{os.environ['DELTA']}: {oom}"); sys.exit(1)
r = [r for r in oom if r["victim_pid"] == w["pid"]][0]
if r["trigger_pid"] != w["pid"] or r["victim_cgroup"] != w["cgroup"] or r["stalls_before"] < 1:
    print(f"row {r}"); sys.exit(1)
PY

# 3. manual compaction: attributed to the writer, per zone, with the zone's
#    free pages, watermarks and the kernel's result names
t=compaction_manual_attributed
stall_before=$(vmstat compact_stall)
"$MEMSTALL" snoop -k compact --json -d 3 >"$TMP/s3.json" 2>"$TMP/s3.err" &
P=$!
sleep 0.5
sh -c 'echo 1 > /proc/sys/vm/compact_memory; echo $$ > '"$TMP/writer.pid"
wait $P
stall_after=$(vmstat compact_stall)
zones=$(awk '/^Node/ { gsub(",", "", $2); print $2 "/" $4 }' /proc/zoneinfo | tr '\n' ' ')
check $t env ZONES="$zones" DSTALL=$((stall_after - stall_before)) python3 - "$TMP/s3.json" "$TMP/writer.pid" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
rows = [json.loads(l) for l in open(sys.argv[1])]
writer = int(open(sys.argv[2]).read())
zones = set(os.environ["ZONES"].split())
manual = [r for r in rows if r["type"] == "compact" and r["source"] == "manual"]
mine = [r for r in manual if r["pid"] == writer]
if not mine:
    fail(f"no manual compaction by pid {writer}: {[(r['pid'], r['source']) for r in rows][:5]}")
seen = set()
for r in mine:
    seen.add(f"{r['node']}/{r['zone']}")
    bad = []
    if r["comm"] != "sh": bad.append("comm")
    if r["order"] != -1 or not r["whole_zone"]: bad.append("order/whole_zone")
    if r["result"].isdigit() or r["result_code"] < 0: bad.append("result name")
    if not (0 < r["wmark_min"] <= r["wmark_low"] <= r["wmark_high"]): bad.append("watermarks")
    if r["free_pages"] <= 0 or len(r["free_blocks"]) < 10: bad.append("free lists")
    if r["lat_ms"] <= 0: bad.append("latency")
    if bad: fail(f"{bad}: {r}")
# every populated zone of the machine was compacted, none invented
if not seen <= zones:
    fail(f"zones {seen} not all in /proc/zoneinfo {zones}")
episodes = [r for r in rows if r["type"] == "compact_episode"]
if len(episodes) != int(os.environ["DSTALL"]):
    fail(f"{len(episodes)} direct episodes, compact_stall +{os.environ['DSTALL']}")
print(f"{len(mine)} zone runs by the writer: {sorted(seen)}")
PY
