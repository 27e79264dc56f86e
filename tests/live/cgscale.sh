#!/usr/bin/env bash
# Cgroups deep and many (this host's memory hierarchy: v1 or v2).
# (1) -c CGROUP takes tasks at any depth below it: the memcg workload runs 21
# levels below the filter's cgroup (the BPF filter used to walk 16 parents
# and missed it without a word); snoop and hist see its stalls, a sibling
# filter sees none. (2) Names survive a host with more memory cgroups than
# the name cache holds (4,096): 5,000 cgroups exist while the workload runs
# in a cgroup made after them, and are all removed after it and before hist
# prints: snoop and hist --by cgroup name it by its path, never cgid:N.
# Root only.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(cgroup_filter_depth_snoop cgroup_filter_depth_hist cgroup_filter_depth_sibling
	cgroup_names_5000_snoop cgroup_names_5000_hist_removed)
require_root "${TESTS[@]}" || exit 0

ROOT=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ {print $5; exit}' /proc/self/mountinfo)
[ -n "$ROOT" ] || ROOT=$(awk '$9 == "cgroup2" {print $5; exit}' /proc/self/mountinfo)
TOP=/memstall-scale-$$
if [ -z "$ROOT" ] || ! mkdir "$ROOT$TOP" "$ROOT$TOP-sib"; then
	for t in "${TESTS[@]}"; do skip "$t" "no memory cgroup hierarchy to make $TOP in"; done
	exit 0
fi
on_exit "rmdir $ROOT$TOP-sib"
# v2: the memory controller on down the chain (the workload enables its parent's)
subtree() { [ -f "$ROOT$1/cgroup.subtree_control" ] && echo +memory >"$ROOT$1/cgroup.subtree_control"; }
subtree ""
subtree "$TOP"

# (1) 20 levels below $TOP, the workload's own cgroup one more
DEEP=$TOP
for i in $(seq 20); do
	DEEP=$DEEP/d$i
	mkdir "$ROOT$DEEP" || break
	subtree "$DEEP"
done
# removed deepest first, at exit
rmdeep() { local d=$DEEP; while [ "$d" != "$TOP" ]; do rmdir "$ROOT$d"; d=${d%/*}; done; }
on_exit rmdeep

"$MEMSTALL" snoop --json -k memcg -c "$TOP" -d 5 >"$TMP/deep.json" 2>"$TMP/deep.err" &
P1=$!
"$MEMSTALL" hist --json -k memcg -c "$TOP" -d 5 >"$TMP/deeph.json" 2>"$TMP/deeph.err" &
P2=$!
"$MEMSTALL" hist --json -k memcg -c "$TOP-sib" -d 5 >"$TMP/sib.json" 2>"$TMP/sib.err" &
P3=$!
on_exit "kill $P1 $P2 $P3 2>/dev/null"
wait_ready "$TMP/deep.err" "$TMP/deeph.err" "$TMP/sib.err"
"$WL" --seconds 2 --parent "$DEEP" >/dev/null
wait $P1 $P2 $P3

# hist_count FILE: memcg stalls counted in hist's JSON
hist_count() {
	python3 -c '
import json, sys
print(sum(o.get("count", 0) for o in map(json.loads, open(sys.argv[1])) if o.get("type") == "hist"))' "$1"
}
deep_snoop() {
	python3 - "$TMP/deep.json" "$DEEP" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
deep = [r for r in rows if r.get("kind") == "memcg" and str(r.get("cgroup", "")).startswith(sys.argv[2] + "/")]
if not deep:
    sys.exit(f"no stall from 21 levels below -c ({len(rows)} lines)")
print(f"{len(deep)} stalls 21 levels below -c, e.g. in {deep[0]['cgroup'][-40:]}")
PY
}
check cgroup_filter_depth_snoop deep_snoop
deep_hist() {
	local n
	n=$(hist_count "$TMP/deeph.json")
	echo "hist -c counted $n stalls 21 levels below"
	[ "$n" -gt 0 ]
}
check cgroup_filter_depth_hist deep_hist
sibling() {
	local n
	n=$(hist_count "$TMP/sib.json")
	echo "a sibling's filter counted $n"
	[ "$n" -eq 0 ] && [ "$(hist_count "$TMP/deeph.json")" -gt 0 ]
}
check cgroup_filter_depth_sibling sibling

# (2) 5,000 cgroups
MANY=$TOP-many
mkdir "$ROOT$MANY"
subtree "$MANY"
on_exit "find $ROOT$MANY -mindepth 1 -maxdepth 1 -type d -exec rmdir {} + ; rmdir $ROOT$MANY"
"$MEMSTALL" snoop --json -k memcg -d 60 >"$TMP/many.json" 2>"$TMP/many.err" &
P4=$!
"$MEMSTALL" hist --json -k memcg --by cgroup -d 60 >"$TMP/manyh.json" 2>"$TMP/manyh.err" &
P5=$!
on_exit "kill $P4 $P5 2>/dev/null"
wait_ready "$TMP/many.err" "$TMP/manyh.err"
(cd "$ROOT$MANY" && seq -f c%04g 0 4999 | xargs mkdir)
N=$(find "$ROOT$MANY" -mindepth 1 -maxdepth 1 -type d | wc -l)
# the workload's cgroup: made after the 5,000, removed before them
"$WL" --seconds 2 --parent "$MANY/c4999" >"$TMP/wl.txt"
(cd "$ROOT$MANY" && seq -f c%04g 0 4999 | xargs rmdir)
sleep 1
kill -INT $P4 $P5
wait $P4 $P5
named() {
	python3 - "$1" "$MANY/c4999/memstall-wl-" "$N" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
mine = [r for r in rows if r.get("type") in ("hist", "stall") and r.get("kind") == "memcg"]
if not mine:
    sys.exit(f"no memcg stall ({len(rows)} lines)")
bad = [r["cgroup"] for r in mine if not str(r.get("cgroup", "")).startswith(sys.argv[2])]
if bad:
    sys.exit(f"{len(bad)} of {len(mine)} rows not named by the path: {sorted(set(bad))[:3]}")
print(f"{len(mine)} rows named {mine[0]['cgroup']} with {sys.argv[3]} other cgroups made and removed")
PY
}
check cgroup_names_5000_snoop named "$TMP/many.json"
check cgroup_names_5000_hist_removed named "$TMP/manyh.json"
