#!/usr/bin/env bash
# Test runner: unit (cmocka), live (root, this kernel) and VM (QEMU) tests.
# Every test speaks TAP ("ok", "not ok", "ok ... # SKIP reason"); this script
# counts them and ends with the line "N passed, N failed, N skipped".
#   tests/run.sh all|unit|pkg|live|vm
# pkg: man pages, shell completion, make install, the Debian package
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=${OUTPUT:-.output}
what=${1:-all}
pass=0
fail=0
skip=0
failed_names=()

# run_tap LABEL CMD...: run one TAP producer, echo and count its lines
run_tap() {
	local label=$1 line status seen=0 log
	shift
	log=$(mktemp)
	# a hung test must not hang the suite: each producer gets a bound
	timeout -k 10 "${TEST_TIMEOUT:-900}" "$@" >"$log" 2>&1
	status=$?
	while IFS= read -r line; do
		case "$line" in
		"not ok"*)
			fail=$((fail + 1)); seen=1
			failed_names+=("$label: ${line#not ok }")
			echo "  FAIL $label: ${line#not ok }" ;;
		ok*"# SKIP"* | ok*"# skip"*)
			skip=$((skip + 1)); seen=1
			echo "  skip $label: ${line#ok }" ;;
		ok*)
			pass=$((pass + 1)); seen=1
			[ -n "${VERBOSE:-}" ] && echo "  ok   $label: ${line#ok }" ;;
		"#"*)
			# diagnostics: show them for failures only (they follow "not ok")
			[ "$fail" -gt 0 ] && [ "${failed_names[-1]%%:*}" = "$label" ] && echo "       $line" ;;
		*)
			[ -n "${VERBOSE:-}" ] && echo "       $line" ;;
		esac
	done <"$log"
	# a producer that crashed or printed nothing is a failure of its own
	if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] || [ "$seen" -eq 0 ]; then
		fail=$((fail + 1))
		failed_names+=("$label: exited $status")
		echo "  FAIL $label: exited with status $status; last output:"
		tail -n 15 "$log" | sed 's/^/       /'
	fi
	rm -f "$log"
}

run_unit() {
	local t
	echo "unit tests"
	for t in "$OUT"/tests/test_*; do
		[ -x "$t" ] || continue
		CMOCKA_MESSAGE_OUTPUT=TAP run_tap "$(basename "$t")" "$t"
	done
	# the tree's own rules (layout, sizes, include cycles, ARCHITECTURE.md)
	for t in tests/static/*.py; do
		[ -f "$t" ] || continue
		run_tap "$(basename "$t" .py)" python3 "$t"
	done
}

run_dir() {
	local dir=$1 t
	for t in "$dir"/*.sh; do
		[ -f "$t" ] || continue
		OUTPUT=$OUT run_tap "$(basename "$t" .sh)" bash "$t"
	done
}

case "$what" in
unit) run_unit ;;
pkg) echo "package tests"; run_dir tests/pkg ;;
live) echo "live tests"; run_dir tests/live ;;
vm) echo "vm tests"; run_dir tests/vm/scenarios ;;
all)
	run_unit
	echo "package tests"; run_dir tests/pkg
	echo "live tests"; run_dir tests/live
	echo "vm tests"; run_dir tests/vm/scenarios
	;;
*) echo "usage: tests/run.sh all|unit|pkg|live|vm" >&2; exit 2 ;;
esac

if [ "$fail" -gt 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
