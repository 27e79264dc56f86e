#!/usr/bin/env bash
# memstall export under load (root): N rows in the in-kernel histogram map
# (bench-export-fill, --by comm), Prometheus-style scrapes every second for
# DURATION seconds. Prints scrape latency (p50/p99/max; and the exporter's
# own build time per exposition, p50/p99), the exporter's CPU
# (% of one core) and RSS at the start and the end (flat or not).
#   bench/export.sh [ROWS] [DURATION]
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 3; }
OUT=${OUTPUT:-.output}
ROWS=${1:-8000}
DUR=${2:-600}
TMP=$(mktemp -d)
"$OUT/memstall" export --listen 127.0.0.1:0 --by comm -k memcg --max-series 8192 2>"$TMP/err" &
E=$!
trap 'kill $E 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do grep -q 'port' "$TMP/err" && break; sleep 0.1; done
PORT=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$TMP/err")
MAP=""
for f in /proc/$E/fdinfo/*; do
	id=$(awk '/^map_id:/ { print $2 }' "$f")
	[ -n "$id" ] && bpftool map show id "$id" 2>/dev/null | grep -q ' name hists ' && MAP=$id
done
[ -n "$MAP" ] || { echo "bench: no hists map" >&2; exit 1; }
"$OUT/bench-export-fill" "$MAP" "$ROWS" "$DUR" &
F=$!
sleep 1
kill -0 $F || { echo "bench: bench-export-fill failed" >&2; exit 1; }
python3 - "$E" "$PORT" "$DUR" "$ROWS" <<'PY'
import http.client, os, sys, time
pid, port, dur, rows = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def rss():
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS:"): return int(l.split()[1]) / 1024
lat, rss_s, size, samples, build, prev_b = [], [], 0, 0, [], None
c0, t0 = cpu(), time.time()
for i in range(dur):
    t = time.time()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/metrics")
    body = c.getresponse().read()
    c.close()
    lat.append(time.time() - t)
    size = len(body)
    samples = sum(1 for l in body.split(b"\n") if l and not l.startswith(b"#"))
    # the exporter's own time building the previous exposition (server side:
    # no HTTP, no client, no waiting for a CPU before the request is read)
    for l in body.split(b"\n"):
        if l.startswith(b"memstall_export_build_seconds_total "):
            b = float(l.split()[1])
            if prev_b is not None: build.append(b - prev_b)
            prev_b = b
    if i % 10 == 0: rss_s.append(rss())
    time.sleep(max(0, t + 1 - time.time()))
c1, t1 = cpu(), time.time()
lat.sort()
build.sort()
bp = lambda q: build[min(len(build) - 1, int(q * len(build)))] * 1e3 if build else float("nan")
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1e3
q1 = len(rss_s) // 4 or 1
print(f"| {rows} | {samples} | {size / 1e6:.1f} | {len(lat)} | {p(0.5):.1f} | {p(0.99):.1f} | {lat[-1]*1e3:.1f} "
      f"| {bp(0.5):.1f} | {bp(0.99):.1f} "
      f"| {(c1 - c0) / (t1 - t0) * 100:.2f} | {rss_s[1] if len(rss_s) > 1 else rss_s[0]:.1f} | {rss_s[-1]:.1f} | {max(rss_s):.1f} |")
PY
wait $F
