#!/usr/bin/env bash
# Live tests of `memstall stacks`: memstall-wl-stack (main -> fill_cache ->
# read_chunk, frame pointers) faults a file into a memory cgroup whose limit
# is below the file, so every fault ends in memcg reclaim. In one window:
# stacks --user --folded, stacks --svg and hist. The folded output has the
# workload's user chain above the kernel's memcg reclaim path, its total
# equals hist's (1%), the SVG is valid XML with widths proportional to the
# values and renders in headless Chromium with the workload's frames.
set -u
. "$(dirname "$0")/../lib.sh"

WLS=${WLS:-$OUT/memstall-wl-stack}
TESTS=(stacks_user_chain_above_memcg_reclaim stacks_folded_total_equals_hist stacks_reused
	stacks_exact_walks_every_stall stacks_no_task_storage_walks stacks_svg_valid stacks_svg_chromium stacks_json_rows
	snoop_stacks stacks_bad_input)
require_root "${TESTS[@]}" || exit 0

# a memory cgroup with a 32 MiB limit (v1 memory hierarchy, else cgroup2)
CG=
if [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] || [ -d /sys/fs/cgroup/memory ]; then
	CG=/sys/fs/cgroup/memory/memstall-stacks-$$
	mkdir "$CG" && echo $((32 << 20)) >"$CG/memory.limit_in_bytes"
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
	CG=/sys/fs/cgroup/memstall-stacks-$$
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control ||
		echo +memory >/sys/fs/cgroup/cgroup.subtree_control
	mkdir "$CG" && echo $((32 << 20)) >"$CG/memory.max"
fi
if [ -z "$CG" ] || [ ! -d "$CG" ]; then
	for t in "${TESTS[@]}"; do skip "$t" "no memory cgroup hierarchy to make one in"; done
	exit 0
fi
on_exit "rmdir $CG"

COMM=memstall-wl-sta # the workload's comm (15 characters)
# run_wl: the workload in the cgroup; its exit status
run_wl() {
	sh -c "echo \$\$ >$CG/cgroup.procs && exec $WLS --file $TMP/wl.dat --size-mb 96 --seconds 2" \
		>>"$TMP/wl.out" 2>&1
}
# window 1: stacks --folded, then hist (attached in this order, each one's
# programs run inside the other's stall window the least: stacks captures
# its stacks before its clock starts)
"$MEMSTALL" stacks --user --folded -k memcg --comm $COMM >"$TMP/folded.txt" 2>"$TMP/f.err" &
F=$!
wait_ready "$TMP/f.err"
"$MEMSTALL" hist --json -k memcg --comm $COMM --by comm,kind >"$TMP/hist.json" 2>"$TMP/h.err" &
H=$!
on_exit "kill $F $H"
wait_ready "$TMP/h.err"
run_wl
wrc=$?
sleep 0.3
kill -INT $F $H
rc=0
for p in $F $H; do wait $p || rc=$?; done
# window 2: the SVG and JSON outputs, and --exact-stacks
"$MEMSTALL" stacks --user --svg "$TMP/flame.svg" -k memcg --comm $COMM >"$TMP/svg.out" 2>"$TMP/s.err" &
S=$!
"$MEMSTALL" stacks --json -k memcg --comm $COMM >"$TMP/stacks.json" 2>"$TMP/j.err" &
J=$!
"$MEMSTALL" snoop --json --stacks -k memcg -n $COMM >"$TMP/snoop.json" 2>"$TMP/n.err" &
N=$!
"$MEMSTALL" stacks --json --exact-stacks -k memcg --comm $COMM >"$TMP/exact.json" 2>"$TMP/e.err" &
E=$!
# without task storage (the hash by tid, as before 5.11) nothing is reused
"$MEMSTALL" stacks --json --disable task_storage -k memcg --comm $COMM >"$TMP/hash.json" \
	2>"$TMP/t.err" &
T=$!
on_exit "kill $S $J $N $E $T"
wait_ready "$TMP/s.err" "$TMP/j.err" "$TMP/n.err" "$TMP/e.err" "$TMP/t.err"
run_wl || wrc=$?
sleep 0.3
kill -INT $S $J $N $E $T
for p in $S $J $N $E $T; do wait $p || rc=$?; done

check stacks_user_chain_above_memcg_reclaim env RC=$rc WRC=$wrc python3 - "$TMP/folded.txt" <<'PY'
import os, sys
if os.environ["RC"] != "0" or os.environ["WRC"] != "0":
    sys.exit(f"exit codes: tracers {os.environ['RC']}, workload {os.environ['WRC']}")
lines = [l.rsplit(" ", 1) for l in open(sys.argv[1]).read().splitlines()]
if not lines: sys.exit("no folded stacks")
chain = "main;fill_cache;read_chunk;"
hit = [(s, int(v)) for s, v in lines
       if chain in s and "try_to_free_mem_cgroup_pages_[k]" in s.split(chain, 1)[1]]
tot = sum(int(v) for _, v in lines)
share = sum(v for _, v in hit) / tot
# every frame after the user chain is a kernel frame, every one before it not
for s, _ in hit:
    user, kern = s.split(chain, 1)
    if any(f.endswith("_[k]") for f in user.split(";")) or not all(
            f.endswith("_[k]") for f in kern.split(";")):
        sys.exit(f"frames out of order: {s}")
if share < 0.5:
    sys.exit(f"{len(hit)} stacks hold the chain, {share:.0%} of {tot} us")
print(f"{len(hit)} stacks with {chain[:-1]} above try_to_free_mem_cgroup_pages: {share:.0%} of {tot} us")
PY

check stacks_folded_total_equals_hist python3 - "$TMP/folded.txt" "$TMP/hist.json" "$TMP/f.err" <<'PY'
import json, re, sys
folded = sum(int(l.rsplit(" ", 1)[1]) for l in open(sys.argv[1]) if l.strip())
h = [json.loads(l) for l in open(sys.argv[2])]
hist_ms = sum(r["total_ms"] for r in h if r["type"] == "hist")
hist_n = sum(r["count"] for r in h if r["type"] == "hist")
# the folded run's summary (stderr): its stall count and losses
summ = open(sys.argv[3]).read()
n = int(re.search(r"(\d+) stalls,", summ).group(1))
if hist_n < 100: sys.exit(f"only {hist_n} stalls")
if n != hist_n:
    sys.exit(f"stacks counted {n} stalls, hist {hist_n}")
if not re.search(r" 0 stacks lost to id collisions", summ) or not re.search(r" 0 stalls lost", summ):
    sys.exit(f"lost: {summ}")
d = abs(folded / 1000 - hist_ms) / hist_ms
if d > 0.01:
    sys.exit(f"folded total {folded / 1000:.1f} ms, hist {hist_ms:.1f} ms ({d:.2%})")
print(f"folded {folded / 1000:.1f} ms, hist {hist_ms:.1f} ms ({d:.3%}), {hist_n} stalls in both")
PY

# by default a stall at the task's last call site reuses its stacks: the
# workload faults and reads in one loop, so most stalls reuse; every one is
# either walked or reused
check stacks_reused python3 - "$TMP/f.err" "$TMP/stacks.json" <<'PY'
import json, re, sys
summ = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) stalls,", summ).group(1))
w = int(re.search(r"(\d+) stack walks", summ).group(1))
u = int(re.search(r"(\d+) reused \(same call site\)", summ).group(1))
j = json.loads(open(sys.argv[2]).read().splitlines()[-1])
for name, (nn, ww, uu) in (("folded", (n, w, u)),
                           ("json", (j["stalls"], j["stack_walks"], j["stack_reuses"]))):
    if uu == 0 or ww + uu < nn or ww >= nn:
        sys.exit(f"{name}: {nn} stalls, {ww} walks, {uu} reuses")
print(f"folded: {n} stalls, {w} walks, {u} reuses; json: {j['stalls']} stalls, "
      f"{j['stack_walks']} walks, {j['stack_reuses']} reuses")
PY

check stacks_exact_walks_every_stall python3 - "$TMP/exact.json" <<'PY'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
j = s[-1]
if j["type"] != "stacks_summary" or j["stalls"] < 100: sys.exit(f"summary: {j}")
if j["stack_reuses"] != 0 or j["stack_walks"] != j["stalls"]:
    sys.exit(f"{j['stalls']} stalls, {j['stack_walks']} walks, {j['stack_reuses']} reuses")
if not any("read_chunk" in r["frames"] or "try_to_free_mem_cgroup_pages_[k]" in r["frames"]
           for r in s if r["type"] == "stack"): sys.exit("no memcg reclaim stack")
print(f"--exact-stacks: {j['stalls']} stalls, {j['stack_walks']} walks, 0 reuses")
PY

check stacks_no_task_storage_walks python3 - "$TMP/hash.json" "$TMP/exact.json" <<'PY'
import json, sys
j = json.loads(open(sys.argv[1]).read().splitlines()[-1])
e = json.loads(open(sys.argv[2]).read().splitlines()[-1])
if j["stalls"] < 100 or j["stack_reuses"] != 0 or j["stack_walks"] != j["stalls"]:
    sys.exit(f"{j['stalls']} stalls, {j['stack_walks']} walks, {j['stack_reuses']} reuses")
if j["stalls"] != e["stalls"]: sys.exit(f"{j['stalls']} stalls, --exact-stacks {e['stalls']}")
print(f"--disable task_storage: {j['stalls']} stalls, {j['stack_walks']} walks, 0 reuses")
PY

check stacks_json_rows python3 - "$TMP/stacks.json" <<'PY'
import json, sys
s = [json.loads(l) for l in open(sys.argv[1])]
rows = [r for r in s if r["type"] == "stack"]
summ = s[-1]
if summ["type"] != "stacks_summary" or not rows: sys.exit("no rows or no summary last")
if sum(r["count"] for r in rows) != summ["stalls"]: sys.exit("row counts do not add up")
if abs(sum(r["total_ms"] for r in rows) * 1000 - summ["total_us"]) > len(rows): sys.exit("totals")
if any(r["who"] != "memstall-wl-sta" for r in rows): sys.exit(f"who {rows[0]['who']}")
if not any("try_to_free_mem_cgroup_pages_[k]" in r["frames"] for r in rows): sys.exit("frames")
print(f"{len(rows)} stack rows, {summ['stalls']} stalls")
PY

# snoop --stacks: every stall of the workload carries its kernel stack
check snoop_stacks python3 - "$TMP/snoop.json" <<'PY'
import json, sys
st = [o for o in map(json.loads, open(sys.argv[1])) if o["type"] == "stall"]
if len(st) < 100: sys.exit(f"{len(st)} stalls")
bad = [o["kstack"] for o in st if not o["kstack"] or o["kstack"][0] != "try_to_free_mem_cgroup_pages"]
if len(bad) > len(st) // 100:
    sys.exit(f"{len(bad)} of {len(st)} stalls without the memcg reclaim stack: {bad[:2]}")
fault = sum("handle_mm_fault" in o["kstack"] for o in st)
print(f"{len(st)} stalls with kstack[0] try_to_free_mem_cgroup_pages, {fault} through handle_mm_fault")
PY

check stacks_svg_valid python3 - "$TMP/flame.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
fw = float(root.get("data-fw"))
gs = root.findall(".//s:g[@class='f']", ns)
if len(gs) < 10: sys.exit(f"{len(gs)} frames")
names = set()
for g in gs:
    rects = g.findall("s:rect", ns)
    if len(rects) != 1: sys.exit("a frame without exactly one rect")
    w = float(rects[0].get("width"))
    want = float(g.get("data-w")) * fw
    if abs(w - want) > 0.02: sys.exit(f"width {w} for share {g.get('data-w')}")
    names.add(g.find("s:title", ns).text.rsplit(" (", 1)[0])
# the root's children's values add up to the root's
tot = int(gs[0].get("data-v"))
for n in ("main", "fill_cache", "read_chunk", "try_to_free_mem_cgroup_pages_[k]"):
    if n not in names: sys.exit(f"{n} not in the graph")
print(f"{len(gs)} frames, widths proportional to values, total {tot} us")
PY

t=stacks_svg_chromium
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip $t "no chromium (apt-get install chromium)"
else
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --window-size=1200,700 \
		--screenshot="$TMP/flame.png" "file://$TMP/flame.svg" >/dev/null 2>&1
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$TMP/flame.svg" >"$TMP/dom.html" 2>/dev/null
	if [ -s "$TMP/flame.png" ] && grep -q 'read_chunk' "$TMP/dom.html" &&
		grep -q 'fill_cache' "$TMP/dom.html"; then
		ok "$t (screenshot $(stat -c %s "$TMP/flame.png") bytes; DOM has the workload's frames)"
	else
		not_ok $t "screenshot: $(ls -la "$TMP/flame.png" 2>&1)" "$(head -c 300 "$TMP/dom.html")"
	fi
fi

# bad input: one line naming cause and fix, documented exit codes
out=$( (
	expect_fail stacks_excl 2 'exclude each other' "$MEMSTALL" stacks --folded --json -d 1
	expect_fail stacks_by 2 'comm, cgroup or pid' "$MEMSTALL" stacks --by node -d 1
	expect_fail stacks_svg_dir 1 "no/such/dir/x.svg" "$MEMSTALL" stacks --svg /no/such/dir/x.svg -d 1
	expect_fail stacks_kinds 2 'no kind with a stack' "$MEMSTALL" stacks -k oom -d 1
) 2>&1)
if ! grep -q '^not ok' <<<"$out"; then
	ok "stacks_bad_input (4 cases)"
else
	not_ok stacks_bad_input "$out"
fi
