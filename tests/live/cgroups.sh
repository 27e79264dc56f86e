#!/usr/bin/env bash
# Live tests of cgroup identities (this host's memory cgroup: v1 or v2). The
# memcg workload runs in a Kubernetes-shaped cgroup (cgroupfs driver:
# /kubepods/burstable/pod<uid>/memstall-wl-PID) that it deletes when done:
# hist --by pod books its stalls to the pod UID, hist --by cgroup still names
# the deleted cgroup by its path, snoop's JSON carries pod_uid and qos, top's
# cgroups view the pod, its memory usage and limit; doctor --probes tells
# what the memory.high hook would add.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(cgroups_hist_by_pod cgroups_deleted_keeps_path cgroups_snoop_identity
	cgroups_top_identity_memory cgroups_doctor_high)
require_root "${TESTS[@]}" || exit 0

UID_POD=$(cat /proc/sys/kernel/random/uuid)
ROOT=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
[ -n "$ROOT" ] || ROOT=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
PARENT=/kubepods/burstable/pod$UID_POD
if [ -z "$ROOT" ] || ! mkdir -p "$ROOT$PARENT"; then
	for t in "${TESTS[@]}"; do skip "$t" "no memory cgroup hierarchy to make $PARENT in"; done
	exit 0
fi
on_exit "rmdir $ROOT$PARENT $ROOT/kubepods/burstable $ROOT/kubepods"
if [ -f "$ROOT/cgroup.subtree_control" ]; then # v2: memory on down to the pod
	for d in "" /kubepods /kubepods/burstable; do
		echo +memory >"$ROOT$d/cgroup.subtree_control" 2>/dev/null
	done
fi

"$MEMSTALL" hist --json -k memcg --by pod >"$TMP/hp.json" 2>"$TMP/hp.err" &
HP=$!
"$MEMSTALL" hist --json -k memcg --by cgroup >"$TMP/hc.json" 2>"$TMP/hc.err" &
HC=$!
"$MEMSTALL" snoop --json -k memcg -n memstall-wl >"$TMP/s.json" 2>"$TMP/s.err" &
S=$!
"$MEMSTALL" top --json -n 3 -i 1 >"$TMP/t.json" 2>"$TMP/t.err" &
T=$!
on_exit "kill $HP $HC $S $T"
wait_ready "$TMP/hp.err" "$TMP/hc.err" "$TMP/s.err"
sleep 0.5
"$WL" --seconds 2.5 --parent "$PARENT" >"$TMP/wl.json" 2>"$TMP/wl.err"
wlrc=$?
sleep 1.5 # the workload's cgroup is gone now; the tracers read afterwards
kill -INT $HP $HC $S
wait $HP
rhp=$?
wait $HC
rhc=$?
wait $S
rs=$?
wait $T
rt=$?

t=cgroups_hist_by_pod
check $t env RC="$wlrc/$rhp" U="$UID_POD" python3 - "$TMP/hp.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0/0":
    fail("exit codes workload/hist " + os.environ["RC"])
rows = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hist"]
pod = [r for r in rows if r["pod_uid"] == os.environ["U"]]
if len(pod) != 1 or pod[0]["count"] < 10 or pod[0]["qos"] != "burstable":
    fail(f"pod rows {pod} of {rows}")
if any("cgroup" in r for r in rows):
    fail("--by pod alone shows pods, not cgroups")
print(f"{pod[0]['count']} memcg stalls booked to pod {os.environ['U'][:8]} (burstable)")
PY

t=cgroups_deleted_keeps_path
check $t env RC=$rhc P="$PARENT" python3 - "$TMP/hc.json" "$TMP/wl.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0":
    fail("hist exit " + os.environ["RC"])
rows = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hist"]
mine = [r for r in rows if r["cgroup"].startswith(os.environ["P"] + "/memstall-wl-")]
unknown = [r for r in rows if r["cgroup"].startswith("cgid:")]
if len(mine) != 1 or mine[0]["count"] < 10 or unknown:
    fail(f"rows {rows}")
print(f"{mine[0]['cgroup'].split('/')[-1]} (deleted) still named: {mine[0]['count']} stalls")
PY

t=cgroups_snoop_identity
check $t env RC=$rs U="$UID_POD" python3 - "$TMP/s.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0":
    fail("snoop exit " + os.environ["RC"])
st = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "stall"]
if len(st) < 10:
    fail(f"{len(st)} stalls")
bad = [r for r in st if r["pod_uid"] != os.environ["U"] or r["qos"] != "burstable"
       or r["container_id"] is not None or "unit" not in r]
if bad:
    fail(f"{len(bad)} of {len(st)} without the pod: {bad[0]}")
print(f"{len(st)} stalls, each with pod_uid and qos")
PY

t=cgroups_top_identity_memory
check $t env RC=$rt U="$UID_POD" python3 - "$TMP/t.json" "$TMP/wl.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0":
    fail("top exit " + os.environ["RC"])
frames = [json.loads(l) for l in open(sys.argv[1])]
rows = [c for f in frames for c in f["cgroups"] if c["pod_uid"] == os.environ["U"]]
if not rows:
    fail("no cgroups row of the pod in %d frames" % len(frames))
mem = [c["memory"] for c in rows if c["memory"]]
if not mem or not all(m["current"] > 0 and m["max"] for m in mem):
    fail(f"memory state {mem}")
lim = min(m["max"] for m in mem)
# the workload's limit (--limit-mb 64 by default)
if lim != 64 << 20:
    fail(f"limit {lim}")
print(f"{len(rows)} rows of the pod; usage {mem[0]['current'] >> 20} MiB of {lim >> 20} MiB")
PY

t=cgroups_doctor_high
"$MEMSTALL" doctor --probes >"$TMP/d.txt" 2>&1
line=$(grep 'mem_cgroup_handle_over_high' "$TMP/d.txt")
case "$line" in
*fentry*ok* | *kprobe*ok* | *"memory.events high"*) ok "$t (${line:0:60}...)" ;;
*) not_ok $t "$(cat "$TMP/d.txt")" ;;
esac
