#!/usr/bin/env bash
# Live tests of kills by userspace OOM killers and of the bounded context of
# kernel OOM kills: a stand-in whose comm is systemd-oomd (a copy of kill(1))
# SIGKILLs a workload in a memory cgroup; --killer NAME adds a killer; an OOM
# storm of 50 kernel kills gets at most one context snapshot a second.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(userspace_kill_reported killer_option_and_others_ignored snoop_oom_userspace_row
	oom_storm_snapshots_bounded)
require_root "${TESTS[@]}" || exit 0

# a memory cgroup of our own (v2 where the controller is, else v1), limit $2 MiB
mkcg() {
	local name=$1 mb=$2
	if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
		CG_ROOT=/sys/fs/cgroup
		mkdir -p "$CG_ROOT/$name" && echo $((mb << 20)) >"$CG_ROOT/$name/memory.max" &&
			echo 0 >"$CG_ROOT/$name/memory.swap.max" 2>/dev/null
	else
		CG_ROOT=/sys/fs/cgroup/memory
		mkdir -p "$CG_ROOT/$name" && echo $((mb << 20)) >"$CG_ROOT/$name/memory.limit_in_bytes"
	fi
	on_exit "rmdir $CG_ROOT/$name"
}

# IN_CG DIR CMD...: run CMD in the cgroup DIR (the shell moves itself, then
# execs, so $! is the command's own pid)
IN_CG='echo $$ >"$0/cgroup.procs" && exec "$@"'

mkdir -p "$TMP/bin"
KILL=$(type -P kill)
cp "$KILL" "$TMP/bin/systemd-oomd"
cp "$KILL" "$TMP/bin/mykiller"
# sparse: nothing dirty, so dropping its cache always works (a file written
# with dd stayed dirty under a busy disk: its pages, charged to the writer,
# could not be dropped)
truncate -s 96M "$TMP/file"

# 1. a stand-in systemd-oomd kills a reader stalling in its memcg
t=userspace_kill_reported
CG=mstest-ukill-$$
mkcg $CG 32
"$MEMSTALL" oom --json -d 6 >"$TMP/u1.json" 2>"$TMP/u1.err" &
P=$!
on_exit "kill $P"
sleep 1.5
# each pass drops the file's cache first: the reads charge the cgroup, which
# reclaims at its 32 MiB limit
dd if="$TMP/file" iflag=nocache count=0 status=none
sh -c "$IN_CG" "$CG_ROOT/$CG" sh -c \
	"while :; do cat $TMP/file >/dev/null; dd if=$TMP/file iflag=nocache count=0 status=none; done" &
V=$!
on_exit "kill -9 $V"
sleep 2
"$TMP/bin/systemd-oomd" -9 $V
wait $P
rc=$?
check $t env RC=$rc V=$V CG=/$CG python3 - "$TMP/u1.json" "$TMP/u1.err" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail("memstall oom exited " + os.environ["RC"] + open(sys.argv[2]).read())
recs = [json.loads(l) for l in open(sys.argv[1])]
u = [r for r in recs if r.get("kind") == "userspace"]
if len(u) != 1: fail(f"{len(u)} userspace kills: {recs}")
k = u[0]
bad = []
if k["type"] != "oom_kill": bad.append("type")
if k["killer"]["comm"] != "systemd-oomd": bad.append("killer comm")
if k["victim"]["pid"] != int(os.environ["V"]): bad.append(f"victim pid {k['victim']['pid']}")
if k["victim"]["cgroup"] != os.environ["CG"]: bad.append(f"victim cgroup {k['victim']['cgroup']}")
st = k["cgroup_state"]
lim = st.get("memory_max", st.get("limit_in_bytes"))
use = st.get("memory_current", st.get("usage_in_bytes"))
if lim != 32 << 20: bad.append(f"limit {lim}")
if not use or use <= 0: bad.append(f"usage {use}")
if k["stalls_before"] < 1: bad.append("no stall of the cgroup before the kill")
if bad: fail(f"{bad}: {k}")
print(f"victim {k['victim']['pid']} in {k['victim']['cgroup']}, usage {use} of {lim}, "
      f"{k['stalls_before']} stalls ({k['stall_ms_before']} ms) before")
PY

# 2. --killer adds a name; a SIGKILL from anything else is not a userspace OOM kill
t=killer_option_and_others_ignored
"$MEMSTALL" oom --json -d 4 --killer mykiller >"$TMP/u2.json" 2>"$TMP/u2.err" &
P=$!
sleep 1.5
sh -c "$IN_CG" "$CG_ROOT/$CG" sleep 30 &
A=$!
sh -c "$IN_CG" "$CG_ROOT/$CG" sleep 30 &
B=$!
on_exit "kill -9 $A $B"
sleep 0.3
"$TMP/bin/mykiller" -9 $A
"$KILL" -9 $B
wait $P
rc=$?
check $t env RC=$rc A=$A python3 - "$TMP/u2.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail("memstall oom exited " + os.environ["RC"])
u = [json.loads(l) for l in open(sys.argv[1])]
u = [r for r in u if r.get("kind") == "userspace"]
if [k["victim"]["pid"] for k in u] != [int(os.environ["A"])]: fail(f"kills: {u}")
if u[0]["killer"]["comm"] != "mykiller": fail(f"killer {u[0]['killer']}")
print(f"mykiller's kill of {os.environ['A']} reported, kill(1)'s not")
PY

# 3. snoop -k oom: one row per userspace kill, the killer as the trigger
t=snoop_oom_userspace_row
"$MEMSTALL" snoop -k oom --json -d 4 >"$TMP/sn.json" 2>"$TMP/sn.err" &
P=$!
sleep 1.5
sh -c "$IN_CG" "$CG_ROOT/$CG" sleep 30 &
C=$!
on_exit "kill -9 $C"
sleep 0.3
"$TMP/bin/systemd-oomd" -9 $C
wait $P
rc=$?
check $t env RC=$rc C=$C CG=/$CG python3 - "$TMP/sn.json" <<'PY'
import json, os, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail("memstall snoop exited " + os.environ["RC"])
rows = [json.loads(l) for l in open(sys.argv[1])]
u = [r for r in rows if r.get("constraint") == "userspace"]
if len(u) != 1: fail(f"{len(u)} userspace rows: {rows}")
r = u[0]
if r["trigger_comm"] != "systemd-oomd" or r["victim_pid"] != int(os.environ["C"]) or \
   r["victim_cgroup"] != os.environ["CG"]:
    fail(f"row {r}")
print(f"row: {r['trigger_comm']} killed {r['victim_pid']} in {r['victim_cgroup']}")
PY

# 4. an OOM storm: 50 kernel OOM kills in a few seconds; context snapshots at
#    most one a second, the rest counted as skipped
t=oom_storm_snapshots_bounded
CG2=mstest-storm-$$
mkcg $CG2 24
before=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
"$MEMSTALL" oom --json -d 14 --wait-reaper 100ms >"$TMP/s.json" 2>"$TMP/s.err" &
P=$!
sleep 1.5
start=$(date +%s.%N)
# dd's 64 MiB buffer, filled from /dev/zero, is over the 24 MiB limit: one
# kill each, until 50 (the loop's shell never the victim: oom_score_adj
# -1000, each dd back to 0; a storm once ended after 2 kills)
cat >"$TMP/oomstorm.sh" <<'EOF'
echo -1000 >/proc/self/oom_score_adj
b=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
i=0
while [ $i -lt 200 ]; do
	n=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
	[ $((n - b)) -ge 50 ] && break
	sh -c 'echo 0 >/proc/self/oom_score_adj; exec dd if=/dev/zero of=/dev/null bs=64M count=1' \
		2>/dev/null
	i=$((i + 1))
done
EOF
sh -c "$IN_CG" "$CG_ROOT/$CG2" sh "$TMP/oomstorm.sh"
end=$(date +%s.%N)
after=$(awk '$1 == "oom_kill" { print $2 }' /proc/vmstat)
wait $P
rc=$?
check $t env RC=$rc DELTA=$((after - before)) START=$start END=$end CG=/$CG2 python3 - "$TMP/s.json" "$TMP/s.err" <<'PY'
import json, os, re, sys
def fail(m): print(m); sys.exit(1)
if os.environ["RC"] != "0": fail("memstall oom exited " + os.environ["RC"])
secs = float(os.environ["END"]) - float(os.environ["START"])
delta = int(os.environ["DELTA"])
if delta < 50: fail(f"only {delta} OOM kills in /proc/vmstat")
if secs > 10: fail(f"the storm took {secs:.1f} s, not <= 10")
kills = [json.loads(l) for l in open(sys.argv[1])]
kern = [k for k in kills if k.get("kind") == "kernel"]
if len(kern) != delta: fail(f"{len(kern)} kernel kills reported, vmstat +{delta}")
err = open(sys.argv[2]).read()
m = re.search(r"(\d+) context snapshots, (\d+) skipped", err)
if not m: fail("no snapshot count: " + err)
taken, skipped = int(m.group(1)), int(m.group(2))
ctx = [k["context"] for k in kern if k["context"]]
if len(ctx) != taken: fail(f"{len(ctx)} kills carry a context, {taken} taken")
if taken + skipped != delta: fail(f"{taken} taken + {skipped} skipped != {delta} kills")
if taken > int(secs) + 1: fail(f"{taken} snapshots in {secs:.1f} s: more than one a second")
ts = sorted(k["ts_ns"] for k in kern if k["context"])
if any(b - a < 1e9 for a, b in zip(ts, ts[1:])): fail(f"two snapshots less than 1 s apart: {ts}")
c = ctx[0]
bad = []
if c["domain"] != os.environ["CG"]: bad.append(f"domain {c['domain']}")
if not c["memory_stat"]: bad.append("no memory.stat lines")
if not c["memory_events"]: bad.append("no OOM event counters")
if c["pids_scanned"] < 1 or not c["largest_tasks"]: bad.append("no tasks")
if bad: fail(f"{bad}: {c}")
print(f"{delta} kills in {secs:.1f} s: {taken} snapshots, {skipped} skipped")
PY
