#!/usr/bin/env bash
# Live tests of `memstall export` against a real Prometheus (Debian's
# prometheus package) on loopback: scraped every second while the memcg
# workload stalls, the exported stall count of the workload's cgroup equals
# what `memstall hist` counted for it, its p99 lands within one bucket of
# hist's, up == 1, and no series ever goes backwards. Then promtool checks
# a real scrape, OpenMetrics ends in # EOF, the textfile is written whole,
# and capabilities are gone once attached. Bounded: everything on
# 127.0.0.1, every wait has a limit.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(export_prometheus_agrees_with_hist export_p99_within_one_bucket export_up_and_monotonic
	export_promtool_check_metrics export_openmetrics_eof export_textfile_atomic
	export_caps_dropped export_user_switch export_deleted_cgroup_dropped export_bad_input)
require_root "${TESTS[@]}" || exit 0
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
	for t in "${TESTS[@]}"; do skip "$t" "no prometheus/promtool: run 'make deps' (package prometheus)"; done
	exit 0
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# exporter_port ERRFILE: the port from the ready line (at most 10 s)
exporter_port() {
	local i
	for i in $(seq 100); do
		p=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$1" 2>/dev/null)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
	done
	return 1
}

# 1. the exporter and hist watch the same stalls; Prometheus scrapes the
# exporter every second
"$MEMSTALL" hist --json -k memcg --by cgroup >"$TMP/h.json" 2>"$TMP/h.err" &
H=$!
"$MEMSTALL" export --listen 127.0.0.1:0 --by cgroup -k memcg,direct,compact,kswapd \
	2>"$TMP/e.err" &
E=$!
on_exit "kill $H $E"
EP=$(exporter_port "$TMP/e.err")
wait_ready "$TMP/h.err"
PP=$(free_port)
cat >"$TMP/prom.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: memstall
    static_configs:
      - targets: ['127.0.0.1:$EP']
YML
prometheus --config.file="$TMP/prom.yml" --storage.tsdb.path="$TMP/tsdb" \
	--web.listen-address="127.0.0.1:$PP" --log.level=warn >"$TMP/prom.log" 2>&1 &
P=$!
on_exit "kill $P"
export PROM="http://127.0.0.1:$PP"
# up == 1 before the workload starts (at most 20 s)
for _ in $(seq 200); do
	curl -sf "$PROM/api/v1/query?query=up" 2>/dev/null | grep -q '"value":\[[0-9.]*,"1"\]' && break
	sleep 0.1
done
T0=$(date +%s.%N)
"$WL" --seconds 3 >"$TMP/wl.json" &
W=$!
# the cgroup's id (its directory's inode): a name unknown once it is gone
# prints as cgid:ID
for _ in $(seq 100); do [ -s "$TMP/wl.json" ] && break; sleep 0.05; done
CGDIR=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["cgroup_dir"])' "$TMP/wl.json")
CGID=$(stat -c %i "$CGDIR")
wait $W
sleep 3 # two more scrapes after the last stall
T1=$(date +%s.%N)
kill -INT $H
wait $H
RH=$?
curl -s "127.0.0.1:$EP/metrics" >"$TMP/scrape.txt"
curl -s -H 'Accept: application/openmetrics-text; version=1.0.0' -D "$TMP/om.hdr" \
	"127.0.0.1:$EP/metrics" >"$TMP/scrape.om"

cat >"$TMP/q.py" <<'PY'
import json, os, sys, urllib.parse, urllib.request
PROM = os.environ["PROM"]
def q(expr, t=None):
    args = {"query": expr}
    if t: args["time"] = t
    with urllib.request.urlopen(PROM + "/api/v1/query?" + urllib.parse.urlencode(args), timeout=10) as r:
        d = json.load(r)
    if d["status"] != "success": raise SystemExit(f"query {expr}: {d}")
    return d["data"]["result"]
PY
CG=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["cgroup"])' "$TMP/wl.json")
export CG CGID T0 T1 RH
check export_prometheus_agrees_with_hist python3 - "$TMP/h.json" <<PY
$(cat "$TMP/q.py")
def fail(m): print(m); sys.exit(1)
if os.environ["RH"] != "0": fail(f"hist exit {os.environ['RH']}")
cg, t1 = os.environ["CG"], float(os.environ["T1"])
names = (cg, "cgid:" + os.environ["CGID"])
rows = [json.loads(l) for l in open(sys.argv[1])]
hrow = [r for r in rows if r.get("type") == "hist" and r["cgroup"] in names and r["kind"] == "memcg"]
if len(hrow) != 1: fail(f"hist rows for {cg}: {hrow}")
hist = hrow[0]["count"]
win = int(t1 - float(os.environ["T0"])) + 5
sel = f'kind="memcg",cgroup=~"{names[0]}|{names[1]}"'
res = q(f'memstall_stall_seconds_count{{{sel}}}[{win}s]', t1)
if len(res) != 1: fail(f"series for {names}: {res}")
vals = [int(float(v)) for _, v in res[0]["values"]]
# increase over the window: the series starts at 0 stalls before the cgroup
# existed only if scraped then; its last value is the count since start
inc = vals[-1]
inc_prom = float(q(f'increase(memstall_stall_seconds_count{{{sel}}}[{win}s])', t1)[0]["value"][1])
rate = hist / 3.0  # stalls per second of the workload: one scrape interval's worth
if abs(inc - hist) > rate: fail(f"prometheus {inc} (increase() {inc_prom:.0f}), hist {hist}, allowed {rate:.0f}")
print(f"prometheus {inc} stalls, increase() {inc_prom:.0f}, hist {hist}, {len(vals)} samples")
PY

check export_p99_within_one_bucket python3 - "$TMP/h.json" <<PY
$(cat "$TMP/q.py")
def fail(m): print(m); sys.exit(1)
cg, t1 = os.environ["CG"], os.environ["T1"]
names = (cg, "cgid:" + os.environ["CGID"])
rows = [json.loads(l) for l in open(sys.argv[1])]
p99_hist = [r for r in rows if r.get("type") == "hist" and r["cgroup"] in names and r["kind"] == "memcg"][0]["p99_ms"] / 1e3
res = q(f'histogram_quantile(0.99, memstall_stall_seconds_bucket{{kind="memcg",cgroup=~"{names[0]}|{names[1]}"}})', t1)
p99_prom = float(res[0]["value"][1])
def bucket(s):  # index of the first le = 2^k - 1 ns at or above s
    ns, k = s * 1e9, 10
    while (2 ** k - 1) < ns and k < 36: k += 1
    return k
bh, bp = bucket(p99_hist), bucket(p99_prom)
if abs(bh - bp) > 1: fail(f"p99 prometheus {p99_prom*1e3:.3f} ms (bucket 2^{bp}), hist {p99_hist*1e3:.3f} ms (2^{bh})")
print(f"p99 prometheus {p99_prom*1e3:.3f} ms, hist {p99_hist*1e3:.3f} ms (buckets 2^{bp} / 2^{bh} ns)")
PY

check export_up_and_monotonic python3 - <<PY
$(cat "$TMP/q.py")
def fail(m): print(m); sys.exit(1)
t1 = os.environ["T1"]
win = int(float(t1) - float(os.environ["T0"])) + 8
up = q(f'min_over_time(up{{job="memstall"}}[{win}s])', t1)
if not up or up[0]["value"][1] != "1": fail(f"up {up}")
res = q(f'{{__name__=~"memstall_.*(_total|_count|_sum|_bucket)",job="memstall"}}[{win}s]', t1)
if len(res) < 30: fail(f"only {len(res)} series")
back = []
for s in res:
    v = [float(x) for _, x in s["values"]]
    if any(b < a for a, b in zip(v, v[1:])): back.append(s["metric"])
if back: fail(f"{len(back)} series went backwards, e.g. {back[0]}")
n = sum(len(s["values"]) for s in res)
print(f"up==1 throughout; {len(res)} counter/histogram series, {n} samples, none backwards")
PY

check export_promtool_check_metrics bash -c "
	grep -q '^memstall_stall_seconds_bucket{kind=\"memcg\"' '$TMP/scrape.txt' || { echo 'no memcg histogram in the scrape'; exit 1; }
	promtool check metrics <'$TMP/scrape.txt' && echo \"\$(grep -vc '^#' '$TMP/scrape.txt') samples, promtool clean\""

check export_openmetrics_eof bash -c "
	grep -qi '^content-type: application/openmetrics-text; version=1.0.0' '$TMP/om.hdr' || { cat '$TMP/om.hdr'; exit 1; }
	[ \"\$(tail -n 1 '$TMP/scrape.om')\" = '# EOF' ] || { echo 'no # EOF'; exit 1; }
	[ \$(grep -c '^# EOF' '$TMP/scrape.om') -eq 1 ] || exit 1
	grep -q '^# TYPE memstall_tracer_oom_kills counter$' '$TMP/scrape.om' || { echo 'OpenMetrics counter family'; exit 1; }
	grep -q '^memstall_tracer_oom_kills_total ' '$TMP/scrape.om' || exit 1
	grep -q '^# TYPE memstall_build info$' '$TMP/scrape.om' || exit 1
	echo \"\$(grep -vc '^#' '$TMP/scrape.om') samples, ends in # EOF\""

# capabilities of the running exporter (attached, serving)
ST=/proc/$E/status
check export_caps_dropped bash -c "
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		grep -q \"^\$f:[[:space:]]*0000000000000000\$\" $ST || { grep ^Cap $ST; exit 1; }
	done
	grep -q '^NoNewPrivs:[[:space:]]*1' $ST || { grep NoNewPrivs $ST; exit 1; }
	echo 'CapEff CapPrm CapBnd CapAmb CapInh all 0, NoNewPrivs 1'"
kill -INT $E $P
wait $E $P 2>/dev/null

# 2. --textfile: whole files only (temp + rename), rewritten every interval
TF="$TMP/tf/memstall.prom"
mkdir -p "$TMP/tf"
"$MEMSTALL" export --textfile "$TF" -i 200ms -d 3 -k memcg 2>"$TMP/t.err" &
X=$!
on_exit "kill $X"
python3 - "$TF" >"$TMP/reads" <<'PY'
import os, sys, time
# every read sees a whole exposition: first family to the last line
reads = partial = 0
end = time.time() + 2.5
while time.time() < end:
    try:
        t = open(sys.argv[1]).read()
    except FileNotFoundError:
        time.sleep(0.01); continue
    reads += 1
    if not (t.startswith("# HELP memstall_stall_seconds ") and t.endswith("\n")
            and "\nmemstall_bpf_prog_run_seconds_total{" in t):
        partial += 1
    time.sleep(0.005)
print(reads, partial)
PY
read -r reads partial <"$TMP/reads"
wait $X
RX=$?
check export_textfile_atomic bash -c "
	[ $RX -eq 0 ] || { echo 'exit $RX'; cat '$TMP/t.err'; exit 1; }
	[ "$reads" -gt 20 ] && [ "$partial" -eq 0 ] || { echo '$partial of $reads reads partial'; exit 1; }
	[ -z \"\$(ls '$TMP/tf' | grep -v '^memstall.prom\$')\" ] || { ls '$TMP/tf'; exit 1; }
	grep -q '^listen' '$TMP/t.err' && exit 1
	promtool check metrics <'$TF' && echo '$reads reads, all whole; promtool clean; no port opened'"

# 3. --user: the exporter runs as nobody, still serving
"$MEMSTALL" export --listen 127.0.0.1:0 --user nobody -d 6 -k memcg 2>"$TMP/u.err" &
U=$!
on_exit "kill $U"
UP=$(exporter_port "$TMP/u.err")
check export_user_switch bash -c "
	grep -q '^Uid:[[:space:]]*65534' /proc/$U/status || { grep -e ^Uid -e ^Cap /proc/$U/status; cat '$TMP/u.err'; exit 1; }
	grep -q '^CapEff:[[:space:]]*0000000000000000' /proc/$U/status || exit 1
	curl -sf 127.0.0.1:$UP/metrics | grep -q '^memstall_build_info' || { echo 'no scrape as nobody'; exit 1; }
	curl -sf 127.0.0.1:$UP/metrics | grep -qE '^memstall_bpf_prog_runs_total{prog=\"rt_(mm_vmscan_memcg_)?reclaim_begin\"}' || { echo 'no program stats as nobody'; exit 1; }
	echo 'uid 65534, no capabilities, scrapes served'"
kill -INT $U
wait $U 2>/dev/null

# 4. --retain: a deleted cgroup's series leaves /metrics after its last
# stall, and its keys leave the kernel's map
"$MEMSTALL" export --listen 127.0.0.1:0 --by cgroup -k memcg --retain 2s -d 30 2>"$TMP/r.err" &
R=$!
on_exit "kill $R"
RP=$(exporter_port "$TMP/r.err")
"$WL" --seconds 1.5 >"$TMP/wl2.json" &
W=$!
for _ in $(seq 100); do [ -s "$TMP/wl2.json" ] && break; sleep 0.05; done
CG2=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["cgroup"])' "$TMP/wl2.json")
sleep 1
curl -s "127.0.0.1:$RP/metrics" >"$TMP/r1.txt"
wait $W
# the cgroup is gone: two scrapes 2 s apart see no change, then it drops
for _ in 1 2 3 4; do curl -s "127.0.0.1:$RP/metrics" >"$TMP/r2.txt"; sleep 1.2; done
curl -s "127.0.0.1:$RP/metrics" >"$TMP/r2.txt"
check export_deleted_cgroup_dropped bash -c "
	grep -q 'cgroup=\"$CG2\"' '$TMP/r1.txt' || { echo 'no series while the cgroup lived'; exit 1; }
	! grep -q 'cgroup=\"$CG2\"' '$TMP/r2.txt' || { echo 'series still there 5 s after the cgroup was deleted'; exit 1; }
	n=\$(sed -n 's/^memstall_export_forgotten_keys_total //p' '$TMP/r2.txt')
	[ \"\${n:-0}\" -ge 1 ] || { echo \"kernel keys forgotten: \$n\"; exit 1; }
	echo \"series of $CG2 dropped after --retain 2s; \$n kernel keys/entries removed\""
kill -INT $R
wait $R 2>/dev/null

# 5. bad input: one line, documented exit code, nothing attached
printf 'tls_server_config:\n  cert_file: /nonexistent.crt\n  key_file: k\n' >"$TMP/bad.yml"
printf 'basic_auth_users:\n  u: plaintext\n' >"$TMP/bad2.yml"
printf 'tls_server_config: [\n' >"$TMP/bad3.yml"
bad=""
for args in "--by pid:2" "--by cgroup,tid:2" "--max-series 0:2" "--listen nope:2" "--listen 127.0.0.1:99999:2" \
	"--web-config $TMP/none.yml:5" "--web-config $TMP/bad.yml:5" "--web-config $TMP/bad2.yml:5" \
	"--web-config $TMP/bad3.yml:5" "--user no-such-user-x -d 1:2" "--retain 0:2"; do
	a=${args%:*} code=${args##*:}
	# shellcheck disable=SC2086
	"$MEMSTALL" export $a >/dev/null 2>"$TMP/bad.err"
	rc=$?
	[ $rc -eq "$code" ] && [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] || bad="$bad [$a: exit $rc $(head -c 200 "$TMP/bad.err")]"
done
check export_bad_input bash -c "[ -z '$bad' ] || { echo '$bad'; exit 1; }; echo '11 bad inputs: one line each, exit 2 or 5'"
