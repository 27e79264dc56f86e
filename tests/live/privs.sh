#!/usr/bin/env bash
# Privileges. (1) CAP_BPF + CAP_PERFMON without root, as the README promises:
# user nobody with only those two capabilities runs snoop and hist on a memcg
# workload and sees its stalls, and doctor --probes says the real programs
# load (libbpf 1.1 used to list module BTF, which needs CAP_SYS_ADMIN: exit 3
# while doctor said all was fine). With CAP_BPF alone doctor does not claim
# they load. (2) Once attached, snoop, hist, top and oom hold no capability
# (oom: CAP_SYS_ADMIN alone, for oomd's trusted.* xattr) and set
# no_new_privs; oom still snapshots the OOM context after the drop. Root only.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(caps_only_snoop caps_only_hist caps_only_doctor_load caps_bpf_alone_doctor_no_load
	privs_dropped_snoop privs_dropped_hist privs_dropped_top privs_dropped_oom
	oom_snapshot_after_drop)
require_root "${TESTS[@]}" || exit 0
if ! command -v setpriv >/dev/null; then
	for t in "${TESTS[@]}"; do skip "$t" "no setpriv (util-linux)"; done
	exit 0
fi

# a copy nobody can execute
chmod 755 "$TMP"
cp "$MEMSTALL" "$TMP/memstall"
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
CAPS=(--inh-caps=-all,+bpf,+perfmon --ambient-caps=-all,+bpf,+perfmon
	--bounding-set=-all,+bpf,+perfmon)

# (1) CAP_BPF + CAP_PERFMON as nobody, during a memcg workload
(cd /tmp && "${NOBODY[@]}" "${CAPS[@]}" "$TMP/memstall" snoop --json -k memcg -d 4 \
	>"$TMP/snoop.json" 2>"$TMP/snoop.err"; echo $? >"$TMP/snoop.rc") &
(cd /tmp && "${NOBODY[@]}" "${CAPS[@]}" "$TMP/memstall" hist --json -k memcg -d 4 \
	>"$TMP/hist.json" 2>"$TMP/hist.err"; echo $? >"$TMP/hist.rc") &
wait_ready "$TMP/snoop.err" "$TMP/hist.err"
"$WL" --seconds 2 >/dev/null
wait

# ran FILE.rc FILE.err: exit 0 and no error line
ran() {
	[ "$(cat "$1")" = 0 ] || { echo "exit $(cat "$1"): $(tail -n 3 "$2")"; return 1; }
}
caps_snoop() {
	ran "$TMP/snoop.rc" "$TMP/snoop.err" || return 1
	python3 - "$TMP/snoop.json" <<'PY'
import json, sys
n = sum(1 for l in open(sys.argv[1]) if json.loads(l).get("kind") == "memcg")
if not n:
    sys.exit("no memcg stall seen as nobody with CAP_BPF + CAP_PERFMON")
print(f"{n} memcg stalls as uid 65534 with CAP_BPF + CAP_PERFMON")
PY
}
caps_hist() {
	ran "$TMP/hist.rc" "$TMP/hist.err" || return 1
	python3 - "$TMP/hist.json" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") == "hist":
        n += o.get("count", 0)
if not n:
    sys.exit("hist counted no memcg stall as nobody with CAP_BPF + CAP_PERFMON")
print(f"{n} memcg stalls counted as uid 65534")
PY
}
check caps_only_snoop caps_snoop
check caps_only_hist caps_hist

# doctor: the real programs' load, with the same capabilities
# feature NAME FILE: "yes"/"no" for the feature row NAME of doctor --probes --json
feature() {
	python3 - "$1" "$2" <<'PY'
import json, sys
for l in open(sys.argv[2]):
    o = json.loads(l)
    if o.get("type") == "feature" and o.get("feature") == sys.argv[1]:
        print("yes" if o["available"] else "no", o["detail"])
        sys.exit(0)
print("absent")
PY
}
(cd /tmp && "${NOBODY[@]}" "${CAPS[@]}" "$TMP/memstall" doctor --probes --json >"$TMP/doc.json" 2>"$TMP/doc.err")
doc_load() {
	local f
	f=$(feature bpf_load "$TMP/doc.json")
	echo "bpf_load: $f"
	case $f in yes*) ;; *) return 1 ;; esac
}
check caps_only_doctor_load doc_load
(cd /tmp && "${NOBODY[@]}" --inh-caps=-all,+bpf --ambient-caps=-all,+bpf --bounding-set=-all,+bpf \
	"$TMP/memstall" doctor --probes --json >"$TMP/doc1.json" 2>"$TMP/doc1.err")
doc_no_load() {
	local f
	f=$(feature bpf_load "$TMP/doc1.json")
	echo "CAP_BPF alone: bpf_load: $f; $(tail -n 1 "$TMP/doc1.err")"
	case $f in no*) ;; *) return 1 ;; esac
	grep -q 'could not be loaded\|do not load' "$TMP/doc1.err"
}
check caps_bpf_alone_doctor_no_load doc_no_load

# (2) after attach: /proc/PID/status of each long-running mode
"$MEMSTALL" snoop -d 30 >/dev/null 2>"$TMP/p_snoop.err" &
P1=$!
"$MEMSTALL" hist -d 30 >/dev/null 2>"$TMP/p_hist.err" &
P2=$!
"$MEMSTALL" top -b -i 1 -n 30 >/dev/null 2>"$TMP/p_top.err" &
P3=$!
"$MEMSTALL" oom --json -d 30 --wait-reaper 1s >"$TMP/oom.json" 2>"$TMP/p_oom.err" &
P4=$!
on_exit "kill $P1 $P2 $P3 $P4 2>/dev/null"
wait_ready "$TMP/p_snoop.err" "$TMP/p_hist.err" "$TMP/p_oom.err"
sleep 1 # top has no ready line: its first screen comes after one interval
# caps PID WANT_CAPEFF: CapEff/CapPrm/CapBnd/CapAmb as wanted (CapAmb, CapInh 0), NoNewPrivs 1
caps() {
	local s
	s=$(cat /proc/"$1"/status) || return 1
	python3 - "$2" <<PY
import sys
st = dict(l.split(":", 1) for l in """$s""".splitlines() if ":" in l)
want = {"CapEff": sys.argv[1], "CapPrm": sys.argv[1], "CapBnd": sys.argv[1],
        "CapAmb": "0000000000000000", "CapInh": "0000000000000000", "NoNewPrivs": "1"}
bad = {k: st[k].strip() for k, v in want.items() if st[k].strip() != v}
if bad:
    sys.exit(f"want {want}, have {bad}")
print(f"CapEff {st['CapEff'].strip()}, NoNewPrivs 1")
PY
}
check privs_dropped_snoop caps $P1 0000000000000000
check privs_dropped_hist caps $P2 0000000000000000
check privs_dropped_top caps $P3 0000000000000000
check privs_dropped_oom caps $P4 0000000000200000

# an OOM kill in a memcg after the drop: the context snapshot is still taken,
# reading cgroupfs and other users' /proc/PID/status (a bystander in the memcg
# outlives the victim by a second: the victim is often gone when it is taken)
"$WL" --mode anon --limit-mb 64 --anon-mb 128 --seconds 1 --bystander 1000 >"$TMP/wl.json"
sleep 2
kill -INT $P4 $P1 $P2 $P3 2>/dev/null
wait $P4
snapshot() {
	python3 - "$TMP/oom.json" "$TMP/wl.json" <<'PY'
import json, sys
by = json.loads(open(sys.argv[2]).readline())["bystander"]
if not by:
    sys.exit("the workload started no bystander")
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") != "oom_kill" or o.get("kind") != "kernel":
        continue
    c = o.get("context") or {}
    tasks = [t["pid"] for t in c.get("largest_tasks") or []]
    if by in tasks and c.get("memory_stat"):
        print(f"snapshot after the drop: {len(tasks)} tasks (bystander {by} among them), "
              f"memory.stat {len(c['memory_stat'])} fields")
        sys.exit(0)
    sys.exit(f"kill without its context (bystander {by}): {json.dumps(c)[:600]}")
sys.exit("no kernel OOM kill seen")
PY
}
check oom_snapshot_after_drop snapshot
