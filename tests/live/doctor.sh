#!/usr/bin/env bash
# memstall doctor (the audit) on this machine and on the saved NUMA tree,
# and memstall explain on the fixture logs and on this kernel's own log.
set -u
. "$(dirname "$0")/../lib.sh"
NUMA=tests/fixtures/roots/numa2-zrm1
SEED=tests/fixtures/logs/seed001_4.9_stall_syslog.log

# verdict_matches FILE RC: the exit status is the worst severity of the JSON
verdict_matches() {
	python3 - "$1" "$2" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = [r for r in rows if r["type"] == "doctor_summary"]
if len(summary) != 1: sys.exit("no single summary line")
want = {"ok": 0, "info": 0, "warning": 6, "critical": 7}[summary[0]["worst"]]
if int(sys.argv[2]) != want: sys.exit(f"exit {sys.argv[2]}, worst {summary[0]['worst']}")
sev = {r["severity"] for r in rows if r["type"] == "finding"}
print(f"worst {summary[0]['worst']}, severities {sorted(sev)}")
PY
}

# --- doctor on the NUMA fixture tree (zone_reclaim_mode=1, two nodes) ---
"$MEMSTALL" doctor --root "$NUMA" --sample 0 >"$TMP/numa.txt" 2>"$TMP/numa.err"
rc=$?
check doctor_numa_fixture_exit_7 test "$rc" -eq 7
check doctor_numa_fixture_reports_zone_reclaim_mode \
	grep -q '^critical  zone_reclaim_mode=1 on a 2-node host' "$TMP/numa.txt"
"$MEMSTALL" doctor --root "$NUMA" --sample 0 --json >"$TMP/numa.json" 2>/dev/null
check doctor_numa_fixture_json python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
f = {r["code"]: r for r in rows if r["type"] == "finding"}
s = {r["setting"]: r for r in rows if r["type"] == "setting"}
assert f["zone_reclaim_mode"]["severity"] == "critical", f["zone_reclaim_mode"]
assert f["zone_reclaim_mode"]["knob"] == "vm.zone_reclaim_mode"
assert "node 1" in f["zone_reclaim_mode"]["evidence"]
assert f["cgroup_near_limit"]["severity"] == "warning"
assert s["vm.zone_reclaim_mode"]["value"] == "1"
assert [r for r in rows if r["type"] == "doctor_summary"][0]["nodes"] == 2
' "$TMP/numa.json"
check doctor_numa_fixture_verdict verdict_matches "$TMP/numa.json" 7
expect_fail doctor_bad_root_exit_5 5 'pass --root a directory' "$MEMSTALL" doctor --root /nonexistent/x --sample 0
expect_fail doctor_bad_sample_exit_2 2 '\-\-sample 5x' "$MEMSTALL" doctor --sample 5x

# --- explain ---
"$MEMSTALL" explain "$SEED" >"$TMP/seed.txt" 2>"$TMP/seed.err"
check explain_seed001_exit_0 test $? -eq 0
check explain_seed001_findings grep -q 'Node 0 Normal below its min watermark' "$TMP/seed.txt"
"$MEMSTALL" explain --json - <"$SEED" >"$TMP/seed.json"
check explain_stdin_json python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
r = rows[0]
assert r["kind"] == "stall" and r["order"] == 1 and r["gfp"]["hex"] == "0x26040c0", r
assert rows[-1]["type"] == "explain_summary" and rows[-1]["reports"] == 1
' "$TMP/seed.json"
expect_fail explain_missing_file_exit_5 5 'cannot read /nonexistent' "$MEMSTALL" explain /nonexistent
expect_fail explain_binary_file_exit_5 5 'binary data' "$MEMSTALL" explain "$MEMSTALL"
expect_fail explain_dev_zero_exit_5 5 'a character device, not a log' "$MEMSTALL" explain /dev/zero
# /dev/kmsg is read as the record stream it is, to the end of the buffer, no wait
timeout 20 "$MEMSTALL" explain --json /dev/kmsg >"$TMP/kmsg.json" 2>"$TMP/kmsg.err"
check explain_dev_kmsg_reads_records env RC=$? python3 -c '
import json, os, sys
if os.environ["RC"] != "0": sys.exit("exit " + os.environ["RC"])
last = [json.loads(l) for l in open(sys.argv[1])][-1]
if last["type"] != "explain_summary" or last["lines"] < 1: sys.exit(str(last))
print(str(last["lines"]) + " records, " + str(last["reports"]) + " reports")' "$TMP/kmsg.json"
# a hard reset leaves NUL bytes in the middle of a log: the reports around them decode
{ cat "$SEED"; head -c 100000 /dev/zero; cat "$SEED"; } >"$TMP/nul.log"
"$MEMSTALL" explain --json "$TMP/nul.log" >"$TMP/nul.json"
check explain_nul_run_both_sides env RC=$? python3 -c '
import json, os, sys
last = [json.loads(l) for l in open(sys.argv[1])][-1]
if os.environ["RC"] != "0" or last["reports"] != 2 or last["input"]["nul_bytes"] != 100000:
    sys.exit(str(last))
print("2 reports around 100000 NUL bytes")' "$TMP/nul.json"
expect_fail explain_bad_kernel_exit_2 2 '\-\-kernel banana' "$MEMSTALL" explain --kernel banana "$SEED"
expect_fail explain_two_files_exit_2 2 "unexpected argument" "$MEMSTALL" explain "$SEED" "$SEED"
n=0
for f in tests/fixtures/logs/*.log; do
	"$MEMSTALL" explain --json "$f" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' || n=$((n + 1))
done
check explain_all_fixtures_json test "$n" -eq 0

# --- on this machine (root: dmesg, cgroups) ---
if ! require_root doctor_this_machine doctor_this_machine_verdict doctor_sees_cgroup_near_limit \
	explain_this_kernel_log; then
	exit 0
fi
"$MEMSTALL" doctor --sample 200ms --json >"$TMP/live.json" 2>"$TMP/live.err"
rc=$?
check doctor_this_machine python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = {r["setting"]: r for r in rows if r["type"] == "setting"}
want = open("/proc/sys/vm/zone_reclaim_mode").read().strip()
assert s["vm.zone_reclaim_mode"]["value"] == want, s["vm.zone_reclaim_mode"]
assert any(r["type"] == "zone" for r in rows)
' "$TMP/live.json"
check doctor_this_machine_verdict verdict_matches "$TMP/live.json" "$rc"

# a memory cgroup near its limit is reported (v1 here, v2 elsewhere)
CG=""
if [ -e /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
	CG=/sys/fs/cgroup/memory/memstall-doctor-$$
	mkdir "$CG" && echo $((32 << 20)) >"$CG/memory.limit_in_bytes"
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
	CG=/sys/fs/cgroup/memstall-doctor-$$
	mkdir "$CG" && echo $((32 << 20)) >"$CG/memory.max"
fi
if [ -n "$CG" ] && [ -d "$CG" ]; then
	on_exit "rm -f /dev/shm/memstall-doctor-$$; rmdir $CG"
	sh -c "echo \$\$ >$CG/cgroup.procs; exec dd if=/dev/zero of=/dev/shm/memstall-doctor-$$ bs=1M count=30 status=none"
	"$MEMSTALL" doctor --sample 0 --json >"$TMP/cg.json" 2>/dev/null
	check doctor_sees_cgroup_near_limit python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
f = [r for r in rows if r["type"] == "finding" and r["code"] == "cgroup_near_limit"
     and "/memstall-doctor-" + sys.argv[2] in r["subject"]]
assert f, "no cgroup_near_limit finding"
print(f[0]["subject"])
' "$TMP/cg.json" "$$"
else
	skip doctor_sees_cgroup_near_limit "no memory cgroup controller"
fi
dmesg >"$TMP/dmesg.txt" 2>/dev/null
check explain_this_kernel_log "$MEMSTALL" explain "$TMP/dmesg.txt"
