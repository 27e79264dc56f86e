#!/usr/bin/env bash
# Live tests of storms (issue 18): memstall-wl-storm renames itself to
# "ms-storm*" a known number of times; with MEMSTALL_TEST_STORM set memstall
# loads a test program that makes each rename one 1 us direct reclaim stall
# of that task, through the same filters, ring buffer and histograms as a
# real one. Every produced stall must be delivered or counted, exactly:
#   snoop: delivered + dropped == produced (ring buffer at >= 100k/s for
#          10 s; a 16 KiB ring buffer, with a stderr line per second while
#          it drops; the perf buffer fallback, where a loss was counted twice);
#          OOM kills in the middle of a storm that fills a 4 KiB buffer all
#          arrive (their own ring buffer)
#   top -i 0.1: the frames' stalls + drops == produced
#   hist -i 0.1 --by tid: the windows' stalls + overflow == produced, with
#          the key map roomy and full (MEMSTALL_TEST_HIST_KEYS)
set -u
. "$(dirname "$0")/../lib.sh"
STORM=${STORM:-$OUT/memstall-wl-storm}

TESTS=(storm_ringbuf_100k_for_10s storm_small_buffer_drops_told storm_perf_fallback_counts_once
	storm_kills_survive_full_buffer storm_hist_interval_exact storm_hist_full_map_exact
	storm_top_exact)
require_root "${TESTS[@]}" || exit 0
if [ ! -x "$STORM" ]; then
	for t in "${TESTS[@]}"; do not_ok "$t" "$STORM is missing: run make"; done
	exit 0
fi

# run NAME RATE SECONDS TASKS MEMSTALL-ARGS...: the storm under memstall
# (until the storm is over); NAME.json/.err/.rc, NAME.wl (its JSON)
run() {
	local n=$1 rate=$2 secs=$3 tasks=$4 w m
	shift 4
	rm -f "$TMP/go"
	"$STORM" --seconds "$secs" --rate "$rate" --tasks "$tasks" --go-file "$TMP/go" \
		>"$TMP/$n.wl" 2>&1 &
	w=$!
	MEMSTALL_TEST_STORM=1 "$MEMSTALL" "$@" >"$TMP/$n.json" 2>"$TMP/$n.err" &
	m=$!
	on_exit "kill $w $m"
	wait_ready "$TMP/$n.err"
	touch "$TMP/go"
	wait $w
	sleep 0.3
	kill -INT $m
	wait $m
	echo $? >"$TMP/$n.rc"
}

# snoop's accounting: python3 - NAME [MIN_RATE] [WANT_DROPS]
cat >"$TMP/snoop.py" <<'PY'
import json, sys
def fail(m): print(m); sys.exit(1)
d, name = sys.argv[1], sys.argv[2]
min_rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0
want_drops = len(sys.argv) > 4
rc = open(f"{d}/{name}.rc").read().strip()
if rc != "0":
    err = open(f"{d}/{name}.err").read()[-600:]
    fail(f"snoop exited {rc}: {err}")
wl = [json.loads(l) for l in open(f"{d}/{name}.wl")][-1]
objs = [json.loads(l) for l in open(f"{d}/{name}.json")]
summ = [o for o in objs if o["type"] == "snoop_summary"][0]
# the first rename of each task still has the workload name
got = sum(1 for o in objs if o["type"] == "stall" and o["kind"] == "direct"
          and (o["comm"].startswith("ms-storm") or o["comm"] == "memstall-wl-sto"))
# each record whole (the small buffers wrap records constantly): the test
# program's fixed fields, exactly
bad = [o for o in objs if o["type"] == "stall" and o["comm"].startswith("ms-storm")
       and not (o["kind"] == "direct" and o["lat_ms"] == 0.001 and o["pid"] > 0
                and o["tid"] > 0 and o["scanned"] == 0 and o["ts_ns"] > 0)]
if bad:
    fail(f"{len(bad)} storm records corrupted, e.g. {bad[0]}")
prod, drops = wl["renames"], summ["dropped"]
if wl["rate"] < min_rate:
    print(f"SKIP the workload made {wl['rate']:.0f} renames/s, not {min_rate:.0f}: a busy host")
    sys.exit(0)
if got + drops != prod:
    fail(f"produced {prod}, delivered {got} + dropped {drops} = {got + drops}")
if want_drops and not drops:
    fail(f"no drop with this buffer: {prod} delivered")
print(f"produced {prod} ({wl['rate']:.0f}/s) == delivered {got} + dropped {drops}")
PY
snoop_check() { # TEST NAME [MIN_RATE [WANT_DROPS]]
	local t=$1 out
	shift
	out=$(python3 "$TMP/snoop.py" "$TMP" "$@" 2>&1)
	case $? in
	0) case $out in SKIP*) skip "$t" "${out#SKIP }" ;; *) ok "$t ($out)" ;; esac ;;
	*) not_ok "$t" "$out" ;;
	esac
}

# 1. the default ring buffer at >= 100k stalls/s for 10 s
run rb 120000 10 1 snoop --json -k direct
snoop_check storm_ringbuf_100k_for_10s rb 100000

# 2. a 16 KiB ring buffer drops, says so on stderr once a second (count
# and the way out), and the drops are counted exactly
run small 0 3 1 snoop --json -k direct --buffer-size 16K
python3 - "$TMP/small.err" "$TMP/small.json" <<'PY' >"$TMP/small.lines" 2>&1
import json, re, sys
lines = [l for l in open(sys.argv[1]) if "events dropped in the last" in l]
summ = [json.loads(l) for l in open(sys.argv[2]) if '"snoop_summary"' in l][0]
told = sum(int(re.search(r"memstall: (\d+) events dropped", l).group(1)) for l in lines)
ok = lines and all("memstall hist" in l and "--min-us" in l and "--buffer-size" in l
                   for l in lines) and 0 < told <= summ["dropped"]
print(f"{len(lines)} stderr lines telling {told} of {summ['dropped']} drops")
sys.exit(0 if ok else 1)
PY
if [ $? -eq 0 ]; then
	snoop_check storm_small_buffer_drops_told small 0 want-drops
else
	not_ok storm_small_buffer_drops_told "$(cat "$TMP/small.lines")" "$(head -c 600 "$TMP/small.err")"
fi

# 3. the perf buffer fallback (one page per CPU): a loss counted once
run perf 0 3 1 snoop --json -k direct --disable ringbuf --buffer-size 8K
snoop_check storm_perf_fallback_counts_once perf 0 want-drops

# 4. OOM kills while the storm keeps a 4 KiB stall buffer full: every kill
# arrives (its own ring buffer), none is counted lost
( sleep 1.5; for i in 1 2; do "$WL" --mode anon --limit-mb 64 --anon-mb 128 --seconds 1 \
	>/dev/null 2>&1; done ) &
K=$!
on_exit "kill $K"
run kills 0 5 1 snoop --json --buffer-size 4K
wait $K
if out=$(python3 - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
objs = [json.loads(l) for l in open(f"{d}/kills.json")]
summ = [o for o in objs if o["type"] == "snoop_summary"][0]
kills = [o for o in objs if o["type"] == "oom"]
if summ["dropped"] == 0:
    print(f"the stall buffer never filled: {summ}"); sys.exit(1)
if len(kills) < 2 or len(kills) != summ["oom_kills"] or summ["kills_dropped"]:
    print(f"{len(kills)} kills shown, the kernel saw {summ['oom_kills']}, "
          f"{summ['kills_dropped']} lost; {summ['dropped']} other events dropped"); sys.exit(1)
print(f"{len(kills)} kills of {summ['oom_kills']} shown, 0 lost, "
      f"while {summ['dropped']} stall events were dropped")
PY
); then ok "storm_kills_survive_full_buffer ($out)"; else not_ok storm_kills_survive_full_buffer "$out"; fi

# hist -i 0.1 --by tid: every window's stalls + overflow add up to what was
# produced, and so do the kernel's counts ("counted")
cat >"$TMP/hist.py" <<'PY'
import json, sys
def fail(m): print(m); sys.exit(1)
d, name, want_overflow = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
rc = open(f"{d}/{name}.rc").read().strip()
if rc != "0":
    err = open(f"{d}/{name}.err").read()[-600:]
    fail(f"hist exited {rc}: {err}")
wl = [json.loads(l) for l in open(f"{d}/{name}.wl")][-1]
objs = [json.loads(l) for l in open(f"{d}/{name}.json")]
win = [o for o in objs if o["type"] == "hist_window"]
shown = sum(o["count"] for o in objs if o["type"] == "hist" and o["kind"] == "direct")
over = sum(o["overflow"] for o in win)
counted = sum(o["counted"] for o in win)
prod = wl["renames"]
if len(win) < 10:
    fail(f"only {len(win)} windows")
if shown != sum(o["stalls"] for o in win):
    fail(f"rows {shown} != the windows' stalls {sum(o['stalls'] for o in win)}")
if shown + over != prod or counted != prod:
    fail(f"produced {prod}; shown {shown} + overflow {over} = {shown + over}; "
         f"counted in the kernel {counted}")
if want_overflow and not over:
    fail(f"the key map did not fill: {prod} shown")
print(f"produced {prod} ({wl['rate']:.0f}/s) == shown {shown} + overflow {over} "
      f"over {len(win)} windows")
PY
hist_check() { # TEST NAME WANT_OVERFLOW
	local out
	if out=$(python3 "$TMP/hist.py" "$TMP" "$2" "$3" 2>&1); then ok "$1 ($out)"; else not_ok "$1" "$out"; fi
}

# 5. 16 tasks (keys) at full speed, intervals of 0.1 s
run hi 0 3 16 hist --json -i 0.1 --by tid -k direct
hist_check storm_hist_interval_exact hi 0

# 6. the same with a key map of 8 keys: most stalls overflow, counted
export MEMSTALL_TEST_HIST_KEYS=8
run hfull 0 3 64 hist --json -i 0.1 --by tid -k direct
unset MEMSTALL_TEST_HIST_KEYS
hist_check storm_hist_full_map_exact hfull 1

# 7. top (per-task keys, reset every 0.1 s): every stall in a frame's
# "stalls" or its tracer drops (overflow included)
run top 0 3 16 top -b --json -i 0.1 -k direct
if out=$(python3 - "$TMP" <<'PY'
import json, sys
d = sys.argv[1]
rc = open(f"{d}/top.rc").read().strip()
wl = [json.loads(l) for l in open(f"{d}/top.wl")][-1]
frames = [json.loads(l) for l in open(f"{d}/top.json") if l.strip()]
shown = sum(f["stalls"] for f in frames)
drops = sum(f["tracer"]["drops"] for f in frames)
if rc != "0" or len(frames) < 10 or shown + drops != wl["renames"]:
    print(f"rc {rc}, {len(frames)} frames: produced {wl['renames']}, shown {shown} + "
          f"drops {drops} = {shown + drops}"); sys.exit(1)
print(f"produced {wl['renames']} == shown {shown} + drops {drops} over {len(frames)} frames")
PY
); then ok "storm_top_exact ($out)"; else not_ok storm_top_exact "$out"; fi
