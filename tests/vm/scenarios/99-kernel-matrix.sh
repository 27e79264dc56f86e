#!/usr/bin/env bash
# Runs last: the kernel x feature table (what memstall attached, by which
# mechanism, on each kernel) from the doctor --probes --json the scenarios of
# this run saved, plus this host. Written to tests/vm/.cache/kernel-matrix.md.
set -u
. "$(dirname "$0")/../scenario-lib.sh"
t="kernel x feature table"
out=$VM_CACHE/kernel-matrix.md
sha=$(sha256sum <"$MEMSTALL" 2>/dev/null | cut -d' ' -f1)
srcs=()
for k in $VM_KERNELS; do
	doc='' snoops=''
	for d in "$VM_CACHE"/runs/*/"$k"; do
		# only boots of this memstall binary count
		[ "$(cat "$d/memstall.sha256" 2>/dev/null)" = "$sha" ] || continue
		[ -f "$d/results/doctor.json" ] || continue
		[ -n "$doc" ] || doc=$d/results/doctor.json
		for f in "$d"/results/*.json; do
			grep -qE '"type":"(stall|compact|compact_episode|oom)"' "$f" && snoops+=",$f"
		done
	done
	[ -n "$doc" ] && srcs+=("$k=$doc$snoops")
done
if [ ${#srcs[@]} -eq 0 ]; then
	skip "$t" "no VM scenario ran with this memstall binary"
	exit 0
fi
if [ "$(id -u)" -eq 0 ] && "$MEMSTALL" doctor --probes --json >"$TMP/host.json" 2>/dev/null; then
	srcs+=("host $(uname -r)=$TMP/host.json")
fi
if err=$(python3 "$VM_HERE/checks.py" matrix "$out" "${srcs[@]}" 2>&1); then
	ok "$t: $out"
	echo "kernel matrix: $out"
else
	not_ok "$t" "$err"
fi
