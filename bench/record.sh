#!/usr/bin/env bash
# memstall record (root): the armed cost and the bundle's size per minute.
# 1. armed, idle: `record --when 'stall>60s'` (never fires) for DURATION s;
#    its CPU (utime+stime from /proc/PID/stat, % of one core) and RSS.
# 2. armed under the memcg workload (run back to back) for DURATION s.
# 3. a capture of DURATION s under the same workload: bundle bytes (directory
#    and .tar.gz), scaled to one minute.
#   bench/record.sh [DURATION]    (run under flock /tmp/memstall-live.lock)
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 3; }
OUT=${OUTPUT:-.output}
DUR=${1:-60}
TMP=$(mktemp -d)
W=""
trap 'kill $R $W 2>/dev/null; rm -rf "$TMP"' EXIT
R=""

cpu_of() { # PID: utime+stime in clock ticks
	awk '{ print $14 + $15 }' <"/proc/$1/stat"
}
rss_of() { awk '/^VmRSS:/ { print $2 / 1024 }' "/proc/$1/status"; }

workload() { # back-to-back memcg workloads until killed
	while :; do "$OUT/memstall-wl-memcg" --written --seconds 5 >/dev/null; done
}

armed() { # LABEL: DUR seconds armed; prints a table row
	"$OUT/memstall" record --when 'stall>60s' --pre 30s -o "$TMP/never" 2>"$TMP/err" &
	R=$!
	for _ in $(seq 100); do grep -q armed "$TMP/err" && break; sleep 0.1; done
	sleep 1
	local c0 c1 tick
	tick=$(getconf CLK_TCK)
	c0=$(cpu_of $R)
	sleep "$DUR"
	c1=$(cpu_of $R)
	printf '| %s | %s | %.3f | %.1f |\n' "$1" "$DUR" \
		"$(echo "($c1 - $c0) / $tick / $DUR * 100" | bc -l)" "$(rss_of $R)"
	kill -INT $R
	wait $R 2>/dev/null || true
	R=""
}

echo "| mode | seconds | CPU (% of one core) | RSS (MiB) |"
echo "|---|---|---|---|"
armed "armed, idle"
workload &
W=$!
armed "armed, memcg workload (~1,500 stalls/s)"
"$OUT/memstall" record -d "${DUR}s" -o "$TMP/cap" 2>/dev/null
"$OUT/memstall" record -d "${DUR}s" -o "$TMP/cap.tar.gz" 2>/dev/null
kill $W
W=""
dir=$(du -sb "$TMP/cap" | cut -f1)
tgz=$(stat -c %s "$TMP/cap.tar.gz")
rows=$(grep -c '"type":"hist"' "$TMP/cap/hist.jsonl")
echo
echo "| bundle | bytes for ${DUR}s | per minute | hist rows |"
echo "|---|---|---|---|"
echo "| directory | $dir | $((dir * 60 / DUR)) | $rows |"
echo "| .tar.gz | $tgz | $((tgz * 60 / DUR)) | |"
ls -l "$TMP/cap" | awk 'NR > 1 { print "#", $5, $9 }'
