#!/usr/bin/env bash
# Live tests of `memstall record` and `memstall report`: armed on the
# system's PSI trigger and on a stall latency threshold, the memcg workload
# started only after the "armed" line; the capture starts within one window
# of the trigger, the bundle holds the workload's stalls and the --pre lead-up
# precedes the trigger; the HTML report in headless Chromium shows the
# workload's comm and a heatmap with non-empty cells, and a screenshot;
# record --stacks: the workload's memcg reclaim stack in stacks.jsonl, its
# stall time equal to the histograms', and the report's flame graph.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(record_bad_input record_psi_armed record_stall_armed record_stall_armed_bundle
	record_report_chromium record_oom_armed record_keep_two_captures
	record_tgz_and_dir record_stacks record_stacks_report record_user_stacks)
require_root "${TESTS[@]}" || exit 0

# wait_armed FILE: until memstall record says it is armed (at most 15 s)
wait_armed() {
	local _
	for _ in $(seq 150); do
		grep -q '^memstall: armed:' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1. bad triggers and bundles: one line, documented exit codes
t=record_bad_input
out=""
"$MEMSTALL" record --when 'psi some 1ms/100ms' >/dev/null 2>"$TMP/e1"
r1=$?
"$MEMSTALL" record --when 'load>5' >/dev/null 2>"$TMP/e2"
r2=$?
"$MEMSTALL" report /etc/hostname --html "$TMP/x.html" >/dev/null 2>"$TMP/e3"
r3=$?
if [ $r1 -eq 2 ] && grep -q "outside the kernel's PSI limits" "$TMP/e1" &&
	[ $r2 -eq 2 ] && grep -q 'unknown trigger' "$TMP/e2" &&
	[ $r3 -eq 5 ] && [ "$(cat "$TMP/e1" "$TMP/e2" "$TMP/e3" | wc -l)" -eq 3 ]; then
	ok $t
else
	not_ok $t "exits $r1 $r2 $r3" "$(cat "$TMP/e1" "$TMP/e2" "$TMP/e3")"
fi

# check_bundle DIR COMM WINDOW_S: the capture starts within one window of the
# workload's stalls, holds them, and the lead-up precedes the trigger
check_bundle() {
	python3 - "$@" <<'PY'
import json, sys
d, comm, window = sys.argv[1], sys.argv[2], float(sys.argv[3])
def fail(m): print(m); sys.exit(1)
m = json.load(open(f"{d}/manifest.json"))
fired = m["trigger"].get("fired")
if fired is None: fail(f"trigger never fired: {m['trigger']}")
if abs(m["start"] - fired) > 0.01: fail(f"capture start {m['start']} != trigger {fired}")
names = [f["name"] for f in m["files"]]
for f in ("hist.jsonl", "oom.jsonl", "top.jsonl", "xcheck.jsonl", "findings.jsonl",
          "proc-before.jsonl", "proc-after.jsonl"):
    if f not in names: fail(f"{f} not in the manifest's files {names}")
lines = [json.loads(l) for l in open(f"{d}/hist.jsonl")]
iv = [l for l in lines if l["type"] == "interval"]
pre = [l for l in iv if l["pre"]]
cap = [l for l in iv if not l["pre"]]
if not pre or not cap: fail(f"{len(pre)} lead-up and {len(cap)} captured intervals")
if iv != pre + cap: fail("lead-up intervals are not all before the captured ones")
if max(l["t"] for l in pre) >= fired: fail("a lead-up interval starts after the trigger")
ends = max(l["t"] + l["len_s"] for l in pre)
if abs(ends - fired) > 0.05: fail(f"lead-up ends at {ends}, trigger at {fired}")
rows = [l for l in lines if l["type"] == "hist" and l["comm"] == comm]
before = [r for r in rows if r["t"] < fired]
after = [r for r in rows if r["t"] >= fired]
if not before: fail(f"no stall of {comm} before the trigger (the lead-up)")
if not after: fail(f"no stall of {comm} in the capture")
first = min(r["t"] for r in before)
# the trigger fires within one window (+ one interval to see it) of the
# workload's first stalls
if fired - first > window + m["interval_s"] + 0.5:
    fail(f"trigger {fired - first:.2f}s after the first stall interval")
# the snapshot at the trigger reads the memory files of the lead-up's cgroup
cgs = {r["cgroup"] for r in before}
procs = [json.loads(l) for l in open(f"{d}/proc-before.jsonl")]
if not any(c in p["path"] for p in procs for c in cgs if c != "/"):
    fail(f"proc-before.jsonl has no file of {cgs}: {[p['path'] for p in procs]}")
top = [json.loads(l) for l in open(f"{d}/top.jsonl")]
if not any(t["by"] == "comm" and t["name"] == comm and t["stalls"] > 0 for t in top):
    fail(f"{comm} not in top.jsonl")
n = sum(r["count"] for r in rows)
print(f"trigger {fired - first:.2f}s after the first stalls; {n} stalls of {comm}, "
      f"{sum(r['count'] for r in before)} before the trigger")
PY
}

# 2. armed on /proc/pressure/memory (a 2 s window: without CAP_SYS_RESOURCE
# the kernel takes only multiples of 2 s)
t=record_psi_armed
if [ ! -e /proc/pressure/memory ]; then
	skip $t "no /proc/pressure/memory (kernel without PSI, or psi=0: boot with psi=1)"
else
	"$MEMSTALL" record --when 'psi some 30ms/2s' --pre 5s -d 3 -o "$TMP/psi" \
		--html "$TMP/psi.html" >/dev/null 2>"$TMP/psi.err" &
	P=$!
	on_exit "kill $P"
	if wait_armed "$TMP/psi.err"; then
		sleep 1.5 # quiet lead-up intervals before the workload
		"$WL" --seconds 4 --comm wl-rec-psi >/dev/null
	fi
	wait $P
	rp=$?
	if [ $rp -ne 0 ]; then
		not_ok $t "exit $rp" "$(cat "$TMP/psi.err")"
	else
		check $t check_bundle "$TMP/psi" wl-rec-psi 2
	fi
fi

# 3. armed on a latency threshold: the stall that fires it ends the lead-up
# (this host's memcg stalls rarely pass 1 ms: 100us fires reliably)
t=record_stall_armed
"$MEMSTALL" record --when 'stall>100us' --pre 5s -d 2 -o "$TMP/lat.tar.gz" \
	>/dev/null 2>"$TMP/lat.err" &
P=$!
on_exit "kill $P"
if wait_armed "$TMP/lat.err"; then
	sleep 1.5
	"$WL" --seconds 3 --comm wl-rec-lat >/dev/null
fi
wait $P
rl=$?
mkdir -p "$TMP/latx"
if [ $rl -ne 0 ] || ! tar xzf "$TMP/lat.tar.gz" -C "$TMP/latx"; then
	not_ok $t "exit $rl" "$(cat "$TMP/lat.err")"
else
	check $t python3 - "$TMP/latx/lat" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(f"{d}/manifest.json"))
iv = [json.loads(l) for l in open(f"{d}/hist.jsonl")]
pre = [l for l in iv if l["type"] == "interval" and l["pre"]]
if not pre: sys.exit("no lead-up interval")
last = pre[-1]
# the interval that saw the stall is the lead-up's last, cut at the trigger
if not last["max_ns"] > 100000: sys.exit(f"last lead-up interval max {last['max_ns']} ns")
if last["len_s"] > m["interval_s"] + 0.3: sys.exit(f"trigger seen {last['len_s']}s late")
print(f"a stall of {last['max_ns'] / 1e3:.0f}us fired it")
PY
	check "${t}_bundle" check_bundle "$TMP/latx/lat" wl-rec-lat 1
fi

# 4. the report in headless Chromium: the workload's comm, heatmap cells
t=record_report_chromium
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip $t "no chromium (apt-get install chromium)"
elif [ ! -s "$TMP/psi.html" ]; then
	not_ok $t "record --html wrote no report"
else
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$TMP/psi.html" >"$TMP/dom.html" 2>/dev/null
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--window-size=1100,1400 --screenshot="$TMP/psi.png" "file://$TMP/psi.html" \
		>/dev/null 2>&1
	[ -n "${RECORD_SCREENSHOT:-}" ] && cp "$TMP/psi.png" "$RECORD_SCREENSHOT"
	check $t python3 - "$TMP/dom.html" "$TMP/psi.png" <<'PY'
import re, sys
dom = open(sys.argv[1]).read()
def fail(m): print(m); sys.exit(1)
if "wl-rec-psi" not in dom: fail("the workload's comm is not in the page")
cells = [int(c) for c in re.findall(r'class="hm-cell" data-count="(\d+)"', dom)]
if not cells or min(cells) <= 0: fail(f"heatmap cells {cells[:5]}")
if 'id="bars-comm"' not in dom: fail("no bars by process")
png = open(sys.argv[2], "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 10000: fail(f"screenshot: {len(png)} bytes")
print(f"{len(cells)} heatmap cells, screenshot {len(png)} bytes")
PY
fi

# 5. report renders the .tar.gz and its extracted directory the same
t=record_tgz_and_dir
if [ -f "$TMP/lat.tar.gz" ] && "$MEMSTALL" report "$TMP/lat.tar.gz" --html "$TMP/a.html" &&
	"$MEMSTALL" report "$TMP/latx/lat" --html "$TMP/b.html" && cmp -s "$TMP/a.html" "$TMP/b.html" &&
	grep -q wl-rec-lat "$TMP/a.html"; then
	ok $t
else
	not_ok $t "reports of the archive and the directory differ or lack the comm"
fi

# 6. armed on an OOM kill: the memcg workload's anonymous mode runs its
# cgroup out of memory; the bundle has the kill's story (the victim's death
# seen) and the victim's stalls before the kill
t=record_oom_armed
"$MEMSTALL" record --when oom --pre 5s -d 2 -o "$TMP/oom" >/dev/null 2>"$TMP/oom.err" &
P=$!
on_exit "kill $P"
if wait_armed "$TMP/oom.err"; then
	sleep 1.2
	"$WL" --seconds 2 --mode anon --comm wl-rec-oom >/dev/null
fi
wait $P
ro=$?
if [ $ro -ne 0 ]; then
	not_ok $t "exit $ro" "$(cat "$TMP/oom.err")"
else
	check $t python3 - "$TMP/oom" <<'PY'
import json, sys
d = sys.argv[1]
def fail(m): print(m); sys.exit(1)
m = json.load(open(f"{d}/manifest.json"))
fired = m["trigger"].get("fired")
if m["trigger"]["kind"] != "oom" or fired is None: fail(f"trigger {m['trigger']}")
kills = [json.loads(l) for l in open(f"{d}/oom.jsonl")]
kills = [k for k in kills if k["type"] == "oom_kill" and k["victim"]["comm"] == "wl-rec-oom"]
if not kills: fail("no kill of wl-rec-oom in oom.jsonl")
k = kills[0]
if k["reaping"]["exited_ms"] is None and k["reaping"]["finished_ms"] is None:
    fail(f"the victim's death not seen: {k['reaping']}")
rows = [json.loads(l) for l in open(f"{d}/hist.jsonl")]
before = [r for r in rows if r["type"] == "hist" and r["comm"] == "wl-rec-oom" and r["t"] < fired]
if not before: fail("no stall of the victim before the kill")
if k["victim"]["cgroup"] not in {r["cgroup"] for r in before}:
    fail(f"victim cgroup {k['victim']['cgroup']} not among the stalls' cgroups")
print(f"kill of pid {k['victim']['pid']}; {sum(r['count'] for r in before)} of its stalls before it")
PY
fi

# 7. --keep: armed again after the cooldown, one bundle per capture, named by
# date-time; --max-captures ends it; --pre 0: a threshold fires without a ring
t=record_keep_two_captures
mkdir -p "$TMP/keep"
"$MEMSTALL" record --when 'stall>100us' --keep --max-captures 2 --cooldown 1s -d 1s --pre 0 \
	-o "$TMP/keep/k" >/dev/null 2>"$TMP/keep.err" &
P=$!
on_exit "kill $P"
if wait_armed "$TMP/keep.err"; then
	"$WL" --seconds 8 --comm wl-rec-keep >/dev/null &
	W=$!
	on_exit "kill $W"
fi
wait $P
rk=$?
wait $W 2>/dev/null
check $t env RK=$rk python3 - "$TMP/keep" "$TMP/keep.err" <<'PY'
import json, os, re, sys
d = sys.argv[1]
def fail(m): print(m); sys.exit(1)
err = open(sys.argv[2]).read()
if os.environ["RK"] != "0": fail(f"exit {os.environ['RK']}: {err}")
names = sorted(os.listdir(d))
if len(names) != 2 or not all(re.fullmatch(r"k-\d{8}-\d{6}(-2)?", n) for n in names):
    fail(f"bundles {names}")
if err.count("memstall: armed:") != 2: fail(f"armed {err.count('memstall: armed:')} times")
f = [json.load(open(f"{d}/{n}/manifest.json"))["trigger"]["fired"] for n in names]
if not f[1] - f[0] >= 1 + 1: fail(f"second capture {f[1] - f[0]:.2f}s after the first")
print(f"{names}, {f[1] - f[0]:.1f}s apart")
PY

# 8. --stacks: stall time by kernel stack beside the histograms, in one run:
# the workload's memcg reclaim path in stacks.jsonl, its stall time equal to
# the histograms' (the same stalls, one BPF end path), the flame graph in the
# report
t=record_stacks
"$MEMSTALL" record --stacks -d 3 -o "$TMP/stk" --html "$TMP/stk.html" >/dev/null \
	2>"$TMP/stk.err" &
P=$!
on_exit "kill $P"
for _ in $(seq 150); do
	grep -q '^memstall: recording' "$TMP/stk.err" 2>/dev/null && break
	sleep 0.1
done
"$WL" --seconds 2 --comm wl-rec-stk >/dev/null
wait $P
rs=$?
check $t env RS=$rs python3 - "$TMP/stk" "$TMP/stk.err" <<'PY'
import json, os, sys
d = sys.argv[1]
def fail(m): print(m); sys.exit(1)
if os.environ["RS"] != "0": fail(f"exit {os.environ['RS']}: {open(sys.argv[2]).read()}")
m = json.load(open(f"{d}/manifest.json"))
if "stacks.jsonl" not in [f["name"] for f in m["files"]]: fail("no stacks.jsonl in the manifest")
st = m["stacks"]
if st["lost_ids"] or st["overflow"] or not st["kallsyms"]: fail(f"stacks lost: {st}")
# the stack walks and their reuses are counted (not --exact-stacks: both kinds)
if st["exact"] or not st["walks"] or "reuses" not in st: fail(f"walks/reuses: {st}")
rows = [json.loads(l) for l in open(f"{d}/stacks.jsonl")]
mine = [r for r in rows if r["comm"] == "wl-rec-stk"]
if not mine: fail(f"no stack of wl-rec-stk in {len(rows)} rows")
rec = [r for r in mine if "try_to_free_mem_cgroup_pages_[k]" in r["frames"]]
if not rec: fail(f"no try_to_free_mem_cgroup_pages_[k] frame: {mine[0]['frames']}")
if not all(f.endswith("_[k]") for r in mine for f in r["frames"]): fail("a frame without _[k]")
us = sum(r["us"] for r in mine)
hist = [json.loads(l) for l in open(f"{d}/hist.jsonl")]
hns = sum(h["total_ns"] for h in hist if h["type"] == "hist" and h["comm"] == "wl-rec-stk")
hcount = sum(h["count"] for h in hist if h["type"] == "hist" and h["comm"] == "wl-rec-stk")
count = sum(r["count"] for r in mine)
# the same stalls: both maps are cut at the same flip (the stacks map has
# the histograms' generations), so counts are equal and times equal but for
# stacks' rounding of each row to the nearest us
if not hcount or count != hcount:
    fail(f"stacks count {count} != hist count {hcount}")
if abs(us * 1000 - hns) > 500 * len(mine):
    fail(f"stacks {us} us vs hist {hns / 1e3:.0f} us")
print(f"{len(mine)} stacks, {count} stalls, {us} us (hist {hns / 1e3:.0f} us); "
      f"reclaim path {sum(r['us'] for r in rec)} us")
PY

t=record_stacks_report
check $t python3 - "$TMP/stk.html" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
def fail(m): print(m); sys.exit(1)
m = re.search(r'<svg version="1.1" id="rep-flame".*?</svg>', page, re.S)
if not m: fail("no flame graph SVG in the report")
svg = m.group(0)
for f in ("wl-rec-stk", "try_to_free_mem_cgroup_pages_[k]"):
    if f not in svg: fail(f"{f} not in the flame graph")
if "No stacks recorded." in page: fail("the report says no stacks")
print("flame graph: %d frames" % svg.count('<g class="f"'))
PY

# 9. --user-stacks: the frame-pointer test binary's known chain above the
# kernel's memcg reclaim path (its mappings read after the capabilities
# but CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH were dropped)
t=record_user_stacks
WLS=${WLS:-$OUT/memstall-wl-stack}
CGU=
if [ -d /sys/fs/cgroup/memory ]; then
	CGU=/sys/fs/cgroup/memory/memstall-recstk-$$
	mkdir "$CGU" && echo $((32 << 20)) >"$CGU/memory.limit_in_bytes"
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	CGU=/sys/fs/cgroup/memstall-recstk-$$
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control ||
		echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	mkdir "$CGU" && echo $((32 << 20)) >"$CGU/memory.max"
fi
if [ -z "$CGU" ] || [ ! -d "$CGU" ]; then
	skip $t "no memory cgroup hierarchy to make one in"
else
	on_exit "rmdir $CGU"
	"$MEMSTALL" record --user-stacks -d 4 -o "$TMP/ustk" >/dev/null 2>"$TMP/ustk.err" &
	P=$!
	on_exit "kill $P"
	for _ in $(seq 150); do
		grep -q '^memstall: recording' "$TMP/ustk.err" 2>/dev/null && break
		sleep 0.1
	done
	sh -c "echo \$\$ >$CGU/cgroup.procs && exec $WLS --file $TMP/wls.dat --size-mb 96 --seconds 2" \
		>/dev/null 2>&1
	wait $P
	ru=$?
	check $t env RU=$ru python3 - "$TMP/ustk" "$TMP/ustk.err" <<'PY'
import json, os, sys
d = sys.argv[1]
def fail(m): print(m); sys.exit(1)
if os.environ["RU"] != "0": fail(f"exit {os.environ['RU']}: {open(sys.argv[2]).read()}")
m = json.load(open(f"{d}/manifest.json"))
if not m["stacks"]["user"]: fail(f"manifest stacks {m['stacks']}")
rows = [json.loads(l) for l in open(f"{d}/stacks.jsonl")]
mine = [r for r in rows if r["comm"] == "memstall-wl-sta"]
if not mine: fail(f"no stack of memstall-wl-sta in {len(rows)} rows")
def chain(fr):
    s = ";".join(fr)
    return "main;fill_cache;read_chunk;" in s and "try_to_free_mem_cgroup_pages_[k]" in s \
        and s.index("read_chunk;") < s.index("try_to_free_mem_cgroup_pages_[k]")
hit = [r for r in mine if chain(r["frames"])]
tot = sum(r["us"] for r in mine)
if not hit: fail(f"no main;fill_cache;read_chunk above reclaim: {mine[0]['frames'][:8]}")
share = sum(r["us"] for r in hit) / tot
print(f"{len(hit)} stacks with main;fill_cache;read_chunk above try_to_free_mem_cgroup_pages:"
      f" {share:.0%} of {tot} us")
PY
fi
