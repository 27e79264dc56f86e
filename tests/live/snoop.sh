#!/usr/bin/env bash
# Live tests of `memstall snoop` on this kernel, driven by the memcg workload
# generator. Root only (skipped with the reason otherwise).
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(snoop_memcg_stalls snoop_cgroup_filter snoop_comm_filter snoop_fallback_paths
	snoop_matches_kernel_trace snoop_clean_exit snoop_static_binary snoop_spare_records
	snoop_attached_keeps_no_object snoop_cgroup_follows_task snoop_names_follow_renames
	snoop_cgroup_moves_while_stalling snoop_cpus_merged_in_time snoop_lean_same_as_full)
require_root "${TESTS[@]}" || exit 0

# memory hierarchy root (v1 memory mount, else cgroup2)
CGROOT=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGROOT" ] || CGROOT=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)

# start_snoop FILE ARGS...: run snoop in the background, give it time to attach
start_snoop() {
	local out=$1
	shift
	"$MEMSTALL" snoop "$@" >"$out" 2>"$out.err" &
	SNOOP_PID=$!
	on_exit "kill $SNOOP_PID"
	sleep 0.5
}

# stalls.py: assertions over a snoop JSON stream and the workload's JSON line
cat >"$TMP/stalls.py" <<'PY'
import json, sys
def load(path):
    out = []
    for n, line in enumerate(open(path), 1):
        try:
            out.append(json.loads(line))
        except ValueError:
            sys.exit(f"{path}:{n}: not JSON: {line[:120]!r}")
    return out
def stalls(path, pid=None, kind=None):
    return [o for o in load(path) if o.get("type") == "stall"
            and (pid is None or o["pid"] == pid) and (kind is None or o["kind"] == kind)]
def summary(path):
    s = [o for o in load(path) if o.get("type") == "snoop_summary"]
    if len(s) != 1:
        sys.exit(f"{path}: expected one summary object, found {len(s)}")
    return s[0]
def wl(path):
    return json.loads(open(path).readline())
def fail(msg):
    print(msg)
    sys.exit(1)
PY

check_memcg_stalls() { # SNOOP_JSON WL_JSON MIN
	python3 - "$@" <<'PY'
import sys, os; sys.path.insert(0, os.environ["TMP"])
from stalls import *
snoop, w, need = sys.argv[1], wl(sys.argv[2]), int(sys.argv[3])
mine = stalls(snoop, w["pid"], "memcg")
if len(mine) < need:
    fail(f"{len(mine)} memcg stalls for pid {w['pid']}, want >= {need}; kinds seen: "
         f"{sorted(set((o['pid'], o['kind']) for o in stalls(snoop)))[:10]}")
for o in mine:
    bad = []
    if o["comm"] != w["comm"]: bad.append("comm")
    if o["tid"] != w["pid"]: bad.append("tid")
    if o["cgroup"] != w["cgroup"]: bad.append(f"cgroup {o['cgroup']} != {w['cgroup']}")
    if not isinstance(o["order"], int) or o["order"] < 0: bad.append("order")
    if not o["gfp"] or not o["gfp_flags"]: bad.append("gfp")
    if not all(f.startswith(("GFP_", "__GFP_")) for f in o["gfp_flags"]): bad.append("gfp names")
    if not o["nodes"]: bad.append("nodes")
    if not o["lat_ms"] > 0: bad.append("lat")
    if o["scanned"] < o["reclaimed"]: bad.append("scanned < reclaimed")
    if o["scanned"] != o["scanned_anon"] + o["scanned_file"]: bad.append("scan split")
    if sum(o["node_scanned"]) != o["scanned"]: bad.append("per-node scan sum")
    if bad:
        fail(f"bad stall {bad}: {o}")
s = summary(snoop)
if s["dropped"] != 0:
    fail(f"dropped {s['dropped']} events")
print(f"{len(mine)} memcg stalls, all attributed")
PY
}

# 1. stalls of kind memcg for the generator, fully attributed (acceptance 2)
t=snoop_memcg_stalls
start_snoop "$TMP/s1.json" --json -d 5
"$WL" --seconds 3 >"$TMP/wl1.json"
wait "$SNOOP_PID"
rc=$?
if [ $rc -ne 0 ]; then
	not_ok $t "snoop exited $rc" "$(cat "$TMP/s1.json.err")"
else
	TMP=$TMP check $t check_memcg_stalls "$TMP/s1.json" "$TMP/wl1.json" 100
fi

# 2. -c keeps one cgroup subtree and drops the others
t=snoop_cgroup_filter
A=/memstall-test-a-$$
B=/memstall-test-b-$$
mkdir "$CGROOT$A" "$CGROOT$B"
on_exit "rmdir $CGROOT$A $CGROOT$B"
start_snoop "$TMP/s2.json" --json -d 5 -c "$CGROOT$A"
"$WL" --seconds 2 --parent "$A" >"$TMP/wla.json" &
WA=$!
"$WL" --seconds 2 --parent "$B" >"$TMP/wlb.json"
wait $WA
wait "$SNOOP_PID"
check $t env TMP="$TMP" python3 - "$TMP/s2.json" "$TMP/wla.json" "$TMP/wlb.json" <<'PY'
import sys, os; sys.path.insert(0, os.environ["TMP"])
from stalls import *
a, b = wl(sys.argv[2]), wl(sys.argv[3])
st = stalls(sys.argv[1])
if len([o for o in st if o["pid"] == a["pid"]]) < 10:
    fail(f"only {len(st)} stalls for the cgroup's workload")
others = [o for o in st if o["pid"] != a["pid"] or not o["cgroup"].startswith(a["cgroup"])]
if others:
    fail(f"{len(others)} stalls from outside {a['cgroup']}, e.g. {others[0]}")
PY

# 3. -n keeps one command name
t=snoop_comm_filter
start_snoop "$TMP/s3.json" --json -d 4 -n wl-keep
"$WL" --seconds 2 --comm wl-keep >"$TMP/wlk.json" &
WK=$!
"$WL" --seconds 2 --comm wl-drop >"$TMP/wld.json"
wait $WK
wait "$SNOOP_PID"
check $t env TMP="$TMP" python3 - "$TMP/s3.json" "$TMP/wlk.json" <<'PY'
import sys, os; sys.path.insert(0, os.environ["TMP"])
from stalls import *
k = wl(sys.argv[2])
st = stalls(sys.argv[1])
if len(st) < 10 or any(o["comm"] != "wl-keep" or o["pid"] != k["pid"] for o in st):
    fail(f"{len(st)} stalls; comms {sorted(set(o['comm'] for o in st))}")
PY

# 4. hash in-flight state + perf buffer + BTF-typed tracepoints (the
#    fallbacks) give the same data
t=snoop_fallback_paths
start_snoop "$TMP/s4.json" --json -d 5 --disable raw_tp,task_storage,ringbuf
"$WL" --seconds 3 >"$TMP/wl4.json"
wait "$SNOOP_PID"
TMP=$TMP check $t check_memcg_stalls "$TMP/s4.json" "$TMP/wl4.json" 100

# 5. every memcg stall the kernel's own trace buffer saw for the workload is
#    reported once, with the GFP names the kernel printed
t=snoop_matches_kernel_trace
if ! trace_mount; then
	skip $t "tracefs not available"
else
	trace_start 8192 mm_vmscan_memcg_reclaim_begin mm_vmscan_memcg_reclaim_end
	# no -d: the workload writes its file first and can outlast any
	# fixed duration; Ctrl-C once it is done (snoop drains, then exits)
	start_snoop "$TMP/s5.json" --json
	"$WL" --seconds 2 >"$TMP/wl5.json"
	kill -INT "$SNOOP_PID"
	wait "$SNOOP_PID"
	trace_stop
	check $t env TMP="$TMP" python3 - "$TMP/s5.json" "$TMP/wl5.json" "$TMP/trace.txt" "$TMP/overrun.txt" <<'PY'
import sys, os, re; sys.path.insert(0, os.environ["TMP"])
from stalls import *
w = wl(sys.argv[2])
if any(int(l.split()[-1]) for l in open(sys.argv[4])):
    fail("kernel trace buffer overran: cannot compare")
ends, gfps = 0, set()
for line in open(sys.argv[3]):
    m = re.match(r"\s*(.+)-(\d+)\s+\[", line)
    if not m or int(m.group(2)) != w["pid"]:
        continue
    if "mm_vmscan_memcg_reclaim_end:" in line:
        ends += 1
    g = re.search(r"mm_vmscan_memcg_reclaim_begin: order=\d+ gfp_flags=(\S+)", line)
    if g:
        gfps.add(g.group(1))
mine = stalls(sys.argv[1], w["pid"], "memcg")
if ends < 100:
    fail(f"kernel saw only {ends} memcg reclaims for the workload")
if len(mine) != ends:
    fail(f"snoop reported {len(mine)} memcg stalls, the kernel's trace has {ends}")
ours = set("|".join(o["gfp_flags"]) for o in mine)
if ours != gfps:
    fail(f"gfp names differ: snoop {sorted(ours)} kernel {sorted(gfps)}")
print(f"{ends} stalls match; gfp {sorted(gfps)}")
PY
fi

# 6. SIGINT ends the run cleanly: exit 0, summary, no program left behind
t=snoop_clean_exit
"$MEMSTALL" snoop >"$TMP/s6.txt" 2>"$TMP/s6.err" &
P=$!
sleep 0.7
before=$(bpftool prog show 2>/dev/null | grep -cE '(tb|rt)_(mm_vmscan|reclaim_)')
kill -INT $P
wait $P
rc=$?
progs_gone
links=$(bpftool link show 2>/dev/null | grep -cE "(tb|rt)_(mm_vmscan|reclaim_)|tp 'mm_vmscan")
if [ $rc -eq 0 ] && [ "$before" -ge 5 ] && [ "$after" -eq 0 ] && [ "$links" -eq 0 ] &&
	grep -q 'events, .* dropped' "$TMP/s6.err"; then
	ok $t
else
	not_ok $t "rc=$rc programs before=$before after=$after links=$links" "$(cat "$TMP/s6.err")"
fi

# 7. the binary is one static file (copied to a sick host, it must just run)
t=snoop_static_binary
if ldd "$MEMSTALL" 2>&1 | grep -q 'not a dynamic executable'; then
	ok $t
else
	not_ok $t "$MEMSTALL is dynamically linked:" "$(ldd "$MEMSTALL")"
fi

# 8. when the kernel cannot allocate a task's record (GFP_ATOMIC under the
#    pressure being traced), one comes from the preallocated spare pool:
#    forced here with the test hook, the stalls are all still reported
t=snoop_spare_records
MEMSTALL_FORCE_SPARE=1 "$MEMSTALL" snoop --json -d 4 >"$TMP/s8.json" 2>"$TMP/s8.err" &
SNOOP_PID=$!
wait_ready "$TMP/s8.err"
"$WL" --seconds 2 >"$TMP/wl8.json"
wait "$SNOOP_PID"
TMP=$TMP check $t python3 - "$TMP/s8.json" "$TMP/wl8.json" <<'PY'
import sys, os; sys.path.insert(0, os.environ["TMP"])
from stalls import *
s, w = summary(sys.argv[1]), wl(sys.argv[2])
mine = stalls(sys.argv[1], w["pid"], "memcg")
if len(mine) < 100 or s["no_record"] or s["spare_records"] < len(mine):
    fail(f"{len(mine)} stalls, summary {s}")
print(f"{len(mine)} stalls from {s['spare_records']} spare records, none missed")
PY

# 9. once attached, snoop keeps only what it reads (issue 18, steady RSS):
#    the libbpf object is closed (its .bss and .rodata mappings gone: the
#    only BPF maps mapped are .data's page (stack_epoch, mapped anew) and
#    the two ring buffers, the events one of the
#    default size for this host's CPUs, 512 KiB each in [1 MiB, 16 MiB]
#    (half that with the per-CPU stall rings, then mapped too),
#    consumer page and producer page + data pages, mapped once: ringbuf.c), the programs stay visible by their fds, and
#    the stalls still arrive
t=snoop_attached_keeps_no_object
"$MEMSTALL" snoop --json -k memcg -d 4 >"$TMP/s9.json" 2>"$TMP/s9.err" &
SNOOP_PID=$!
on_exit "kill $SNOOP_PID"
wait_ready "$TMP/s9.err"
"$WL" --seconds 1 >"$TMP/wl9.json"
cp "/proc/$SNOOP_PID/maps" "$TMP/s9.maps"
grep -l '^prog_type:' /proc/$SNOOP_PID/fdinfo/* 2>/dev/null | wc -l >"$TMP/s9.progs"
wait "$SNOOP_PID"
TMP=$TMP MEMSTALL=$MEMSTALL check $t python3 - "$TMP/s9.json" "$TMP/wl9.json" "$TMP/s9.maps" "$TMP/s9.progs" <<'PY'
import os, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
js, wlf, maps, progs = sys.argv[1:5]
page = os.sysconf("SC_PAGE_SIZE")
ncpu = 0
for part in open("/sys/devices/system/cpu/possible").read().strip().split(","):
    a, _, b = part.partition("-")
    ncpu += int(b or a) - int(a) + 1
want = 1 << 20
while want < ncpu * (512 << 10) and want < 16 << 20:
    want <<= 1
sizes = sorted(int(e, 16) - int(s, 16) for s, e in
               (l.split()[0].split("-") for l in open(maps) if "anon_inode:bpf-map" in l))
# with the per-CPU stall rings (doctor: pring): the events ring buffer at
# half its size, and the rings' map, 256 KiB of data each with its header and
# slack in whole pages
pring = any(o.get("feature") == "pring" and o["available"] for o in
            map(json.loads, os.popen(f"{os.environ['MEMSTALL']} doctor --probes --json 2>/dev/null")))
rings = []
if pring:
    want //= 2
    rings = [ncpu * ((128 + (256 << 10) + 512 + page - 1) // page * page)]
expect = sorted([page, page, page, page + (64 << 10), page + want] + rings)
if sizes != expect:
    fail(f"BPF map mappings {sizes}, want only .data, the two ring buffers and the stall "
         f"rings {expect} ({ncpu} CPUs: events {want >> 10} KiB, kills 64 KiB, rings {rings})")
n = int(open(progs).read())
mine = stalls(js, wl(wlf)["pid"], "memcg")
if n < 2 or not mine:
    fail(f"{n} program fds, {len(mine)} memcg stalls of the workload")
print(f"only .data, the ring buffers and the stall rings mapped ({want >> 10} KiB for {ncpu} CPUs, 64 KiB, {rings}), "
      f"{n} programs, {len(mine)} stalls")
PY

# limited_cgroups CG...: memory cgroups (paths below $CGROOT) limited to
# 32 MiB, removed at exit; and the file their tests read under the limit
limited_cgroups() {
	local c
	for c in "$@"; do
		mkdir "$CGROOT$c"
		on_exit "rmdir $CGROOT$c"
		if [ -e "$CGROOT$c/memory.max" ]; then echo $((32 << 20)) >"$CGROOT$c/memory.max"; else
			echo $((32 << 20)) >"$CGROOT$c/memory.limit_in_bytes"; fi
	done
}
# sparse: nothing dirty, so each pass's POSIX_FADV_DONTNEED drops it all (written
# with dd, it stayed dirty under a busy disk: a pass in A read cached pages
# and stalled nowhere)
truncate -s 128M "$TMP/mv.dat"

# 10. the memory cgroup of a task that moves: the BPF side remembers each
# task's memcg id by its css (ev_memcg_id); one process reads a file under
# a 32 MiB limit in cgroup A, moves itself to B, reads again, three times:
# every stall names the cgroup the task was in
t=snoop_cgroup_follows_task
A=/memstall-test-mva-$$
B=/memstall-test-mvb-$$
limited_cgroups "$A" "$B"
start_snoop "$TMP/s10.json" --json -n mstest-mover
wait_ready "$TMP/s10.json.err"
python3 - "$CGROOT" "$A" "$B" "$TMP/mv.dat" <<'PY' >"$TMP/mv.out" 2>&1
import ctypes, os, sys
root, a, b, dat = sys.argv[1:5]
ctypes.CDLL(None).prctl(15, b"mstest-mover", 0, 0, 0)  # PR_SET_NAME
for _ in range(3):
    for cg in (a, b):
        open(f"{root}{cg}/cgroup.procs", "w").write(str(os.getpid()))
        fd = os.open(dat, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        while os.read(fd, 1 << 20):
            pass
        os.close(fd)
        print(cg, flush=True)
open(f"{root}/cgroup.procs", "w").write(str(os.getpid()))
PY
kill -INT "$SNOOP_PID"
wait "$SNOOP_PID"
TMP=$TMP check $t python3 - "$TMP/s10.json" "$A" "$B" "$TMP/mv.out" <<'PY'
import os, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
js, a, b, out = sys.argv[1:5]
moves = open(out).read().split()
if moves != [a, b] * 3:
    fail(f"the mover did not run: {open(out).read()[-300:]}")
runs = []
for o in stalls(js):
    if o["comm"] != "mstest-mover":
        continue
    if not runs or runs[-1][0] != o["cgroup"]:
        runs.append([o["cgroup"], 0])
    runs[-1][1] += 1
if [r[0] for r in runs] != [a, b] * 3:
    fail(f"stalls by cgroup in order: {runs}, want {a} and {b} in turn, three times")
print("stalls by cgroup in order: " + ", ".join(f"{c} {n}" for c, n in runs))
PY

# 11. a task's names: the BPF side keeps each task's pid, tid and comm for
# its stall events until a task is renamed (ev_ident, task:task_rename).
# One process under a 32 MiB limit reads a file as mstest-ren-a, renames
# itself (prctl) to mstest-ren-b and reads, is renamed by another thread
# (/proc/self/task/TID/comm) to mstest-ren-c and reads: every stall has the
# name the task had, and its pid
t=snoop_names_follow_renames
C=/memstall-test-ren-$$
limited_cgroups "$C"
start_snoop "$TMP/s11.json" --json
wait_ready "$TMP/s11.json.err"
python3 - "$CGROOT$C" "$TMP/mv.dat" <<'PY' >"$TMP/ren.out" 2>&1
import ctypes, os, sys, threading
cg, dat = sys.argv[1:3]
def read_all():
    fd = os.open(dat, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    while os.read(fd, 1 << 20):
        pass
    os.close(fd)
ctypes.CDLL(None).prctl(15, b"mstest-ren-a", 0, 0, 0)  # PR_SET_NAME
open(f"{cg}/cgroup.procs", "w").write(str(os.getpid()))
read_all()
ctypes.CDLL(None).prctl(15, b"mstest-ren-b", 0, 0, 0)
read_all()
def rename_main():  # another task renames this one
    open(f"/proc/self/task/{os.getpid()}/comm", "w").write("mstest-ren-c")
th = threading.Thread(target=rename_main)
th.start()
th.join()
read_all()
print(os.getpid(), open("/proc/self/comm").read().strip(), flush=True)
PY
kill -INT "$SNOOP_PID"
wait "$SNOOP_PID"
TMP=$TMP check $t python3 - "$TMP/s11.json" "$TMP/ren.out" <<'PY'
import os, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
js, out = sys.argv[1:3]
lines = open(out).read().split()
if len(lines) != 2 or lines[1] != "mstest-ren-c":
    fail(f"the renamed task did not run: {open(out).read()[-300:]}")
pid = int(lines[0])
runs = []
for o in stalls(js, pid):
    if o["tid"] != pid:
        fail(f"stall of pid {pid} with tid {o['tid']}")
    if not runs or runs[-1][0] != o["comm"]:
        runs.append([o["comm"], 0])
    runs[-1][1] += 1
want = ["mstest-ren-a", "mstest-ren-b", "mstest-ren-c"]
if [r[0] for r in runs] != want:
    fail(f"stalls by name in order: {runs}, want {want}")
print("stalls by name in order: " + ", ".join(f"{c} {n}" for c, n in runs))
PY

# 12. moves while stalling: the BPF side keeps a task's memcg between reads
# (ev_memcg_id) until a task is moved (cgroup_attach_task). A thread reads
# a file without pause under 32 MiB limits while another moves the process
# between two cgroups every 50 ms: every stall that ended after a move
# returned and before the next began names the cgroup it was in
t=snoop_cgroup_moves_while_stalling
A=/memstall-test-mwa-$$
B=/memstall-test-mwb-$$
limited_cgroups "$A" "$B"
start_snoop "$TMP/s12.json" --json -n mstest-mover2
wait_ready "$TMP/s12.json.err"
python3 - "$CGROOT" "$A" "$B" "$TMP/mv.dat" <<'PY' >"$TMP/mw.out" 2>&1
import ctypes, os, sys, threading, time
root, a, b, dat = sys.argv[1:5]
ctypes.CDLL(None).prctl(15, b"mstest-mover2", 0, 0, 0)  # PR_SET_NAME, both threads
stop = False
def reader():
    while not stop:
        fd = os.open(dat, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        while os.read(fd, 1 << 20) and not stop:
            pass
        os.close(fd)
th = threading.Thread(target=reader)
th.start()
for i in range(20):
    cg = (a, b)[i % 2]
    t0 = time.monotonic_ns()
    open(f"{root}{cg}/cgroup.procs", "w").write(str(os.getpid()))
    print(cg, t0, time.monotonic_ns(), flush=True)
    time.sleep(0.05)
stop = True
th.join()
open(f"{root}/cgroup.procs", "w").write(str(os.getpid()))
print("end", time.monotonic_ns(), time.monotonic_ns(), flush=True)
PY
kill -INT "$SNOOP_PID"
wait "$SNOOP_PID"
TMP=$TMP check $t python3 - "$TMP/s12.json" "$TMP/mw.out" <<'PY'
import os, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
js, out = sys.argv[1:3]
moves = [l.split() for l in open(out).read().splitlines()]
if len(moves) != 21 or moves[-1][0] != "end":
    fail(f"the mover did not run: {open(out).read()[-300:]}")
moves = [(cg, int(t0), int(t1)) for cg, t0, t1 in moves]
right = wrong = ambiguous = 0
bad = []
for o in stalls(js):
    ts = o["ts_ns"] if "ts_ns" in o else None
    if ts is None:
        fail(f"no ts_ns in {o}")
    for i, (cg, t0, t1) in enumerate(moves[:-1]):
        n0 = moves[i + 1][1]  # the next move began
        if t1 <= ts < n0:
            if o["cgroup"] == cg:
                right += 1
            else:
                wrong += 1
                bad.append((cg, o["cgroup"], (ts - t1) // 1000))
            break
        if t0 <= ts < t1:
            ambiguous += 1
            break
if wrong or right < 20:
    fail(f"{right} stalls named right, {wrong} wrong (want, got, us after the move): {bad[:5]}")
print(f"{right} stalls named the cgroup they were in, {ambiguous} during a move")
PY

# 13. two workloads at once pinned to CPUs 0 and 1: each CPU's stalls go
# through its own ring (pring), merged with the ring buffer's records by
# time. The stream is in time order: a stall published a moment after a
# later one was read may come after it (less than 1 ms: a program's run),
# where the rings taken one after the other unsorted put a whole pass of
# one CPU after the other's (tens of ms). Both workloads' stalls there,
# none dropped.
t=snoop_cpus_merged_in_time
if [ "$(nproc)" -lt 2 ]; then
	skip $t "needs 2 CPUs"
elif ! "$MEMSTALL" doctor --probes --json 2>/dev/null | grep -q '"feature":"pring","available":true'; then
	skip $t "no per-CPU stall rings on this kernel (memstall doctor --probes: pring)"
else
	start_snoop "$TMP/s13.json" --json -d 5
	wait_ready "$TMP/s13.json.err"
	taskset -c 0 "$WL" --seconds 3 >"$TMP/wl13a.json" &
	W13=$!
	taskset -c 1 "$WL" --seconds 3 >"$TMP/wl13b.json"
	wait $W13
	wait "$SNOOP_PID"
	TMP=$TMP check $t python3 - "$TMP/s13.json" "$TMP/wl13a.json" "$TMP/wl13b.json" <<'PY'
import os, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
js, a, b = sys.argv[1], wl(sys.argv[2]), wl(sys.argv[3])
na, nb = len(stalls(js, a["pid"])), len(stalls(js, b["pid"]))
if na < 100 or nb < 100:
    fail(f"{na} and {nb} stalls of the two workloads, want >= 100 each")
top = worst = inv = 0
for o in load(js):
    ts = o.get("ts_ns")
    if ts is None:
        continue
    if ts < top:
        inv += 1
        worst = max(worst, top - ts)
    top = max(top, ts)
if worst >= 1000000:
    fail(f"{inv} records out of time order, by up to {worst / 1e6:.1f} ms")
if summary(js)["dropped"]:
    fail(f"{summary(js)['dropped']} dropped")
print(f"{na} + {nb} stalls on two CPUs; {inv} out of order, by at most {worst / 1000:.0f} us")
PY
fi

# 14. plain snoop loads the stall stream's __lean programs (the knobs it
# leaves off compiled out: bpf/memstall.bpf.c); MEMSTALL_TEST_STORM, a knob
# they compile out, keeps the full ones. Both at once on one workload: the
# same stalls, kind for kind, with the same order, GFP, scan counts and
# nodes, none dropped.
t=snoop_lean_same_as_full
start_snoop "$TMP/s14a.json" --json -v -d 6
MEMSTALL_TEST_STORM=1 "$MEMSTALL" snoop --json -v -d 6 >"$TMP/s14b.json" 2>"$TMP/s14b.json.err" &
S14B=$!
on_exit "kill $S14B"
wait_ready "$TMP/s14a.json.err" "$TMP/s14b.json.err"
"$WL" --seconds 3 >"$TMP/wl14.json"
wait "$SNOOP_PID"
wait $S14B
TMP=$TMP check $t python3 - "$TMP/s14a.json" "$TMP/s14b.json" "$TMP/wl14.json" <<'PY'
import os, re, sys; sys.path.insert(0, os.environ["TMP"])
from stalls import *
lean, full, w = sys.argv[1], sys.argv[2], wl(sys.argv[3])
def progs(path):
    return re.findall(r"memstall: verify: (\S+)", open(path + ".err").read())
pl, pf = progs(lean), progs(full)
if "rt_reclaim_end__lean" not in pl and "tb_mm_vmscan_memcg_reclaim_end__lean" not in pl:
    fail(f"plain snoop verified no lean reclaim end: {pl}")
if [p for p in pf if p.endswith("__lean")]:
    fail(f"with a knob the lean build compiles out, lean programs loaded: {pf}")
def seq(path):
    return [(o["kind"], o["order"], o["gfp"], o["scanned"], o["reclaimed"], o["scanned_anon"],
             tuple(o["nodes"])) for o in stalls(path, w["pid"])]
a, b = seq(lean), seq(full)
if len(a) < 100:
    fail(f"{len(a)} stalls of the workload, want >= 100")
if a != b:
    diff = next(i for i in range(min(len(a), len(b)) + 1) if i >= min(len(a), len(b)) or a[i] != b[i])
    fail(f"lean {len(a)} stalls, full {len(b)}; first difference at #{diff}: "
         f"{a[diff:diff + 1]} vs {b[diff:diff + 1]}")
for path in (lean, full):
    if summary(path)["dropped"]:
        fail(f"{path}: {summary(path)['dropped']} dropped")
print(f"{len(a)} stalls alike; lean: {len([p for p in pl if p.endswith('__lean')])} of {len(pl)} programs")
PY
