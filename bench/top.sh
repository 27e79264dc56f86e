#!/usr/bin/env bash
# memstall top under many short-lived stalling tasks (root): the interactive
# view (tmux, 120x40, 1 s refresh) while memstall-wl-memcg --mode forks
# forks readers into a 64 MiB memcg for SECONDS (default 300). Prints top's
# CPU (utime + stime over wall time, of one core), its RSS every 10 s, the
# tasks forked and the rows top showed. Results: bench/RESULTS.md.
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 3; }
SECONDS_RUN=${1:-300}
OUT=${OUTPUT:-.output}
S=memstall-bench-top-$$
TMPD=$(mktemp -d)
trap 'tmux kill-session -t $S 2>/dev/null; rm -rf "$TMPD"' EXIT
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

echo "kernel $(uname -r), $(nproc) CPUs, $(date -u +%F), ${SECONDS_RUN} s"
tmux new-session -d -s "$S" -x 120 -y 40 "exec $OUT/memstall top -i 1"
sleep 1
P=$(tmux list-panes -t "$S" -F '#{pane_pid}')
"$OUT/memstall-wl-memcg" --written --mode forks --seconds "$SECONDS_RUN" >"$TMPD/wl.json" &
W=$!
t0=$(date +%s.%N)
c0=$(cpu_ticks "$P")
rss=()
rows_max=0
while kill -0 $W 2>/dev/null; do
	sleep 10
	kill -0 "$P" 2>/dev/null || { echo "top died"; exit 1; }
	rss+=("$(rss_kb "$P")")
	n=$(tmux capture-pane -p -t "$S" | grep -c ' memstall-wl ' || true)
	[ "$n" -gt "$rows_max" ] && rows_max=$n
done
t1=$(date +%s.%N)
c1=$(cpu_ticks "$P")
tmux capture-pane -p -t "$S" | head -12
tmux send-keys -t "$S" q
tasks=$(grep -o '"tasks":[0-9]*' "$TMPD/wl.json" | cut -d: -f2)
python3 - "$t0" "$t1" "$c0" "$c1" "$hz" "$tasks" "$rows_max" "${rss[@]}" <<'PY'
import sys
t0, t1, c0, c1, hz = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
tasks, rows = sys.argv[6], sys.argv[7]
rss = [int(x) for x in sys.argv[8:]]
wall = t1 - t0
cpu = (c1 - c0) / hz
print(f"| wall | tasks forked | top CPU (of one core) | RSS first / max / last (MiB) | rows on screen (max) |")
print(f"|---|---|---|---|---|")
print(f"| {wall:.0f} s | {tasks} ({int(tasks) / wall:.0f}/s) | {100 * cpu / wall:.2f}% ({cpu:.1f} s) | "
      f"{rss[0] / 1024:.1f} / {max(rss) / 1024:.1f} / {rss[-1] / 1024:.1f} | {rows} |")
PY
