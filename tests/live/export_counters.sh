#!/usr/bin/env bash
# Live tests of memstall export's counters beside the stall histograms, and
# of its identity labels: a manual compaction counted by node, zone, result
# and source; a memcg OOM kill counted by constraint and the trigger's and
# the victim's cgroup (as many as /proc/vmstat's oom_kill rose); a stand-in
# systemd-oomd's SIGKILL counted as a userspace kill and listed in top's OOM
# view; --by pod,container labels from a Kubernetes-shaped cgroup path
# (cgroupfs driver: /kubepods/burstable/pod<uid>/<container id>/...).
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(export_compaction_runs_manual export_oom_kills_kernel export_oom_kills_userspace
	export_pod_container_labels top_oom_view_userspace)
require_root "${TESTS[@]}" || exit 0

UID_POD=$(cat /proc/sys/kernel/random/uuid)
CID=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ROOT=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
[ -n "$ROOT" ] || ROOT=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
PARENT=/kubepods/burstable/pod$UID_POD/$CID
if [ -z "$ROOT" ] || ! mkdir -p "$ROOT$PARENT/uk"; then
	for t in "${TESTS[@]}"; do skip "$t" "no memory cgroup hierarchy to make $PARENT in"; done
	exit 0
fi
on_exit "rmdir $ROOT$PARENT/uk $ROOT$PARENT $ROOT/kubepods/burstable/pod$UID_POD $ROOT/kubepods/burstable $ROOT/kubepods"
if [ -f "$ROOT/cgroup.subtree_control" ]; then # v2: memory on down to the container
	for d in "" /kubepods /kubepods/burstable /kubepods/burstable/pod$UID_POD $PARENT; do
		echo +memory >"$ROOT$d/cgroup.subtree_control" 2>/dev/null
	done
fi

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
exporter_port() {
	local i p
	for i in $(seq 100); do
		p=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$1" 2>/dev/null)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

"$MEMSTALL" export --listen 127.0.0.1:0 --by pod,container 2>"$TMP/e.err" &
E=$!
"$MEMSTALL" top --json -n 7 -i 1 >"$TMP/t.json" 2>"$TMP/t.err" &
T=$!
on_exit "kill $E $T"
EP=$(exporter_port "$TMP/e.err") || { cat "$TMP/e.err"; exit 1; }
sleep 1
curl -s "127.0.0.1:$EP/metrics" >"$TMP/s0.txt"
oom0=$(vmstat oom_kill)
# a manual compaction of every node
echo 1 >/proc/sys/vm/compact_memory
# memcg stalls, then a memcg OOM kill, in the pod's container
"$WL" --seconds 1.5 --parent "$PARENT" >"$TMP/wl.json" 2>"$TMP/wl.err"
"$WL" --mode anon --limit-mb 48 --anon-mb 96 --seconds 1 --parent "$PARENT" >"$TMP/wlo.json" 2>"$TMP/wlo.err"
# a stand-in systemd-oomd kills a task of the container's child cgroup
mkdir -p "$TMP/bin"
cp "$(type -P kill)" "$TMP/bin/systemd-oomd"
sh -c 'echo $$ >"$0/cgroup.procs" && exec sleep 30' "$ROOT$PARENT/uk" &
V=$!
on_exit "kill -9 $V"
sleep 0.3
"$TMP/bin/systemd-oomd" -9 $V
wait $V 2>/dev/null
sleep 2
oom1=$(vmstat oom_kill)
curl -s "127.0.0.1:$EP/metrics" >"$TMP/s1.txt"
wait $T
rt=$?

cat >"$TMP/p.py" <<'PY'
import json, os, re, sys
def fail(m): print(m); sys.exit(1)
def parse(path):
    out = {}
    for l in open(path):
        if l.startswith("#") or not l.strip(): continue
        m = re.match(r'([a-z_:]+)(\{.*\})? (\S+)$', l.strip())
        if not m: fail(f"bad line {l!r}")
        labels = dict(re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out[(m.group(1), tuple(sorted(labels.items())))] = float(m.group(3))
    return out
s0, s1 = parse(os.environ["S0"]), parse(os.environ["S1"])
def series(s, name, **want):
    return {k: v for k, v in s.items() if k[0] == name and all(dict(k[1]).get(a) == b for a, b in want.items())}
def delta(name, **want):
    a, b = series(s0, name, **want), series(s1, name, **want)
    for k, v in a.items():
        if b.get(k, -1) < v: fail(f"{k} went back: {v} -> {b.get(k)}")
    return {k: v - a.get(k, 0) for k, v in b.items()}
PY
export S0=$TMP/s0.txt S1=$TMP/s1.txt

check export_compaction_runs_manual python3 - <<PY
$(cat "$TMP/p.py")
zones = []
for l in open("/proc/zoneinfo"):
    m = re.match(r"Node (\d+), +zone +(\S+)", l)
    if m: cur = m.groups()
    m = re.match(r"\s+present\s+(\d+)", l)
    if m and int(m.group(1)) > 0: zones.append(cur)
d = delta("memstall_compaction_runs_total", source="manual")
got = {}
for k, v in d.items():
    l = dict(k[1]); got[(l["node"], l["zone"])] = got.get((l["node"], l["zone"]), 0) + v
missing = [z for z in zones if got.get(z, 0) < 1]
if missing: fail(f"no manual run counted for {missing}: {d}")
print(f"manual runs counted for {len(zones)} populated zones: " + ", ".join(f"{n}/{z} +{int(got[(n, z)])}" for n, z in zones))
PY

check export_oom_kills_kernel env DV=$((oom1 - oom0)) python3 - "$TMP/wlo.json" <<PY
$(cat "$TMP/p.py")
w = json.loads(open(sys.argv[1]).readline())
dv = int(os.environ["DV"])
d = delta("memstall_oom_kills_total", kind="kernel")
tr = sum(delta("memstall_tracer_oom_kills_total").values())
tot = sum(d.values())
if dv < 1 or tot != dv or tr != dv: fail(f"kernel kills exported {tot}, tracer {tr}, /proc/vmstat oom_kill +{dv}: {d}")
mine = [k for k, v in d.items() if v and dict(k[1])["victim_cgroup"] == w["cgroup"]]
if not mine: fail(f"no kill with victim_cgroup {w['cgroup']}: {d}")
l = dict(mine[0][1])
if l["trigger_cgroup"] != w["cgroup"] or l["killer"] != "kernel": fail(f"labels {l}")
print(f"{int(tot)} kernel kills (vmstat +{dv}), victim and trigger {w['cgroup'][-30:]}, constraint {l['constraint']}")
PY

check export_oom_kills_userspace env P="$PARENT/uk" python3 - <<PY
$(cat "$TMP/p.py")
d = delta("memstall_oom_kills_total", kind="userspace")
mine = {k: v for k, v in d.items() if v}
want = [k for k in mine if dict(k[1]).get("killer") == "systemd-oomd" and dict(k[1]).get("victim_cgroup") == os.environ["P"]]
if len(mine) != 1 or len(want) != 1 or mine[want[0]] != 1: fail(f"userspace kills {mine}")
print(f"1 userspace kill by systemd-oomd of a task in ...{os.environ['P'][-40:]}")
PY

check export_pod_container_labels env U="$UID_POD" C="${CID:0:12}" python3 - <<PY
$(cat "$TMP/p.py")
st = series(s1, "memstall_stall_seconds_count", kind="memcg")
mine = {k: v for k, v in st.items() if dict(k[1]).get("pod_uid") == os.environ["U"]}
if len(mine) != 1: fail(f"pod series {mine} of {st}")
l = dict(next(iter(mine))[1])
if l.get("qos") != "burstable" or l.get("container_id") != os.environ["C"] or l.get("runtime") != "none":
    fail(f"labels {l}")
if any("cgroup" in dict(k[1]) for k in st): fail("--by pod,container: no cgroup label")
n = next(iter(mine.values()))
if n < 10: fail(f"{n} stalls")
import subprocess
r = subprocess.run(["promtool", "check", "metrics"], stdin=open(os.environ["S1"]), capture_output=True, text=True) if subprocess.run(["sh", "-c", "command -v promtool"], capture_output=True).returncode == 0 else None
if r and r.returncode != 0: fail("promtool: " + r.stdout + r.stderr)
print(f"{int(n)} memcg stalls of pod {os.environ['U'][:8]} container {os.environ['C']}" + (", promtool clean" if r else ""))
PY

check top_oom_view_userspace env RC=$rt V=$V P="$PARENT/uk" python3 - "$TMP/t.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail(f"top exit {os.environ['RC']}")
frames = [json.loads(l) for l in open(sys.argv[1])]
kills = frames[-1]["oom_kills"]
u = [k for k in kills if k["kind"] == "userspace"]
kern = [k for k in kills if k["kind"] == "kernel"]
if len(u) != 1: fail(f"userspace kills in top: {kills}")
k = u[0]
if k["trigger"] != "systemd-oomd" or k["victim_pid"] != int(os.environ["V"]) or k["cgroup"] != os.environ["P"] or k["victim"] != "sleep":
    fail(f"{k}")
if not kern: fail(f"the kernel's kill is not listed: {kills}")
print(f"top lists {len(kern)} kernel and 1 userspace kill (systemd-oomd -> sleep {k['victim_pid']})")
PY
