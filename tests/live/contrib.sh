#!/usr/bin/env bash
# contrib/: the Prometheus rules pass promtool's check and unit tests (every
# alert tested firing and quiet), every Grafana query names a metric a real
# scrape of `memstall export` has, the systemd unit verifies, and the
# DaemonSet asks for what the exporter needs on the documented port.
set -u
. "$(dirname "$0")/../lib.sh"
C=contrib

TESTS=(contrib_promtool_check_rules contrib_promtool_test_rules contrib_every_alert_tested
	contrib_grafana_queries_exported contrib_systemd_unit contrib_systemd_record_unit
	contrib_daemonset)
if ! command -v promtool >/dev/null; then
	for t in "${TESTS[@]:0:3}"; do skip "$t" "no promtool: run 'make deps' (package prometheus)"; done
else
	check contrib_promtool_check_rules promtool check rules $C/prometheus/memstall.rules.yml
	check contrib_promtool_test_rules bash -c "cd $C/prometheus && promtool test rules memstall.rules.test.yml"
	check contrib_every_alert_tested python3 - $C/prometheus/memstall.rules.yml $C/prometheus/memstall.rules.test.yml <<'PY'
import sys, yaml
rules = yaml.safe_load(open(sys.argv[1]))
tests = yaml.safe_load(open(sys.argv[2]))
alerts = [r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r]
fires, quiet = set(), set()
for t in tests["tests"]:
    for a in t.get("alert_rule_test", []):
        (fires if a.get("exp_alerts") else quiet).add(a["alertname"])
missing = [a for a in alerts if a not in fires or a not in quiet]
if missing: print(f"alerts without a firing and a quiet test: {missing}"); sys.exit(1)
print(f"{len(alerts)} alerts, each tested firing and quiet")
PY
fi

# the metric families of a real scrape (root: the exporter loads BPF)
if [ "$(id -u)" -ne 0 ]; then
	skip contrib_grafana_queries_exported "needs root (a real scrape): run 'sudo make test'"
else
	"$MEMSTALL" export --textfile "$TMP/scrape.prom" -i 100ms -d 1 >/dev/null 2>"$TMP/e.err"
	check contrib_grafana_queries_exported python3 - $C/grafana/memstall.json "$TMP/scrape.prom" <<'PY'
import json, re, sys
dash = json.load(open(sys.argv[1]))
names = set()
for l in open(sys.argv[2]):
    m = re.match(r"# TYPE (\S+) (\S+)", l)
    if m:
        n, t = m.groups()
        names |= {n + s for s in ("_bucket", "_sum", "_count")} if t == "histogram" else {n}
exprs = []
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "expr": exprs.append(v)
            walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(dash["panels"])
for v in dash["templating"]["list"]:
    if v.get("type") == "query": exprs.append(v["definition"])
bad = []
for e in exprs:
    used = set(re.findall(r"\b(memstall_[a-z_]+)", e))
    if not used or used - names: bad.append((e, sorted(used - names)))
if len(exprs) < 8 or bad: print(f"{len(exprs)} queries; not exported: {bad}"); sys.exit(1)
print(f"{len(exprs)} queries, every one names exported metrics ({len(names)} in a real scrape)")
PY
fi

if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/local/bin/memstall|$(realpath "$MEMSTALL")|" $C/systemd/memstall-export.service >"$TMP/memstall-export.service"
	check contrib_systemd_unit bash -c "
		out=\$(systemd-analyze verify '$TMP/memstall-export.service' 2>&1)
		[ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }
		for k in NoNewPrivileges=yes ProtectSystem=strict CapabilityBoundingSet= 'ExecStart=.* export '; do
			grep -q \"^\$k\" '$TMP/memstall-export.service' || { echo \"no \$k\"; exit 1; }
		done
		echo 'systemd-analyze verify clean; hardened'"
	sed "s|/usr/local/bin/memstall|$(realpath "$MEMSTALL")|" $C/systemd/memstall-record.service >"$TMP/memstall-record.service"
	check contrib_systemd_record_unit bash -c "
		out=\$(systemd-analyze verify '$TMP/memstall-record.service' 2>&1)
		[ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }
		for k in NoNewPrivileges=yes ProtectSystem=strict CapabilityBoundingSet= 'ExecStart=.* record --when .* --keep '; do
			grep -q \"^\$k\" '$TMP/memstall-record.service' || { echo \"no \$k\"; exit 1; }
		done
		echo 'systemd-analyze verify clean; hardened'"
else
	skip contrib_systemd_unit "no systemd-analyze"
	skip contrib_systemd_record_unit "no systemd-analyze"
fi

check contrib_daemonset python3 - $C/kubernetes/memstall-daemonset.yaml user/cli/cli_export.h <<'PY'
import re, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
port = re.search(r'EXPORT_DEFAULT_PORT "(\d+)"', open(sys.argv[2]).read()).group(1)
assert d["kind"] == "DaemonSet", d["kind"]
c = d["spec"]["template"]["spec"]["containers"][0]
sc = c["securityContext"]
if c["args"][0] != "export": sys.exit(f"args {c['args']}")
if sc.get("privileged") or sc.get("allowPrivilegeEscalation") is not False: sys.exit("privileged")
if not {"BPF", "PERFMON"} <= set(sc["capabilities"]["add"]) or sc["capabilities"]["drop"] != ["ALL"]:
    sys.exit(f"capabilities {sc['capabilities']}")
if str(c["ports"][0]["containerPort"]) != port or f"--listen=:{port}" not in c["args"]:
    sys.exit(f"port {c['ports']} vs default {port}")
print(f"DaemonSet: not privileged, drops ALL, adds {sc['capabilities']['add']}, port {port}")
PY
