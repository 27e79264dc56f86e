# Shared helpers for live and VM tests (sourced). Each test script prints TAP
# lines through ok/not_ok/skip; a check never passes by default.
OUT=${OUTPUT:-.output}
MEMSTALL=${MEMSTALL:-$OUT/memstall}
WL=${WL:-$OUT/memstall-wl-memcg}
TMP=$(mktemp -d /tmp/memstall-test.XXXXXX)
trap 'cleanup_all' EXIT
CLEANUPS=()

cleanup_all() {
	local c
	for c in "${CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
on_exit() { CLEANUPS+=("$1"); }

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	shift
	local l
	for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
skip() { echo "ok - $1 # SKIP $2"; }

# check NAME CMD...: ok if CMD succeeds, else not ok with CMD's output
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		# the check's last line says what it measured
		out=$(printf '%s' "$out" | tail -n 1 | cut -c1-240)
		ok "$name${out:+ ($out)}"
	else
		# shellcheck disable=SC2086
		not_ok "$name" "$(printf '%s' "$out" | tail -n 12)"
	fi
}

# expect_fail NAME CODE PATTERN CMD...: exit CODE, exactly one stderr line matching
expect_fail() {
	local name=$1 code=$2 pat=$3 rc
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -eq "$code" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q -- "$pat" "$TMP/err"; then
		ok "$name"
	else
		not_ok "$name" "exit $rc (want $code)" "$(cat "$TMP/err")"
	fi
}

# require_root NAME...: skip the listed tests unless root; returns 1 if skipped
require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		local n
		for n in "$@"; do skip "$n" "needs root (BPF and cgroups): run 'sudo make test'"; done
		return 1
	fi
	return 0
}

# progs_gone: wait up to 5 s for memstall's programs to leave the kernel (it
# frees them asynchronously after the last reference; 2 s was once not
# enough on a busy machine); sets $after
progs_gone() {
	local _
	for _ in $(seq 50); do
		after=$(bpftool prog show 2>/dev/null | grep -cE '(tb|rt)_(mm_vmscan|reclaim_)')
		[ "$after" -eq 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_ready FILE...: until each tracer's stderr FILE says it is tracing
# (memstall prints that line once every program is attached), at most 10 s
wait_ready() {
	local i f ok
	for i in $(seq 100); do
		ok=1
		for f in "$@"; do
			grep -q -e 'Tracing memory stalls' -e 'Collecting stall histograms' -e 'Collecting stall stacks' \
				-e 'Waiting for OOM kills' "$f" 2>/dev/null || ok=0
		done
		[ $ok -eq 1 ] && return 0
		sleep 0.1
	done
	return 1
}

# The kernel's own trace buffer, to compare memstall with.
TR=/sys/kernel/tracing
# trace_mount: tracefs mounted (unmounted at exit if we mounted it); false
# when it has no vmscan events
trace_mount() {
	if [ ! -d $TR/events ]; then
		mount -t tracefs tracefs $TR 2>/dev/null && on_exit "umount $TR"
	fi
	[ -d $TR/events/vmscan ]
}

# trace_start KB EVENT...: an empty buffer (KB per CPU) recording these vmscan
# events; the old size and the events are restored at exit
trace_start() {
	local kb=$1 e old_kb
	shift
	echo 0 >$TR/tracing_on
	old_kb=$(cat $TR/buffer_size_kb)
	echo "$kb" >$TR/buffer_size_kb
	on_exit "echo $old_kb > $TR/buffer_size_kb"
	: >$TR/trace
	for e in "$@"; do echo 1 >"$TR/events/vmscan/$e/enable"; done
	on_exit "echo 0 > $TR/events/vmscan/enable"
	echo 1 >$TR/tracing_on
}

# trace_stop: events off; the buffer in $TMP/trace.txt, the per-CPU overrun
# counts in $TMP/overrun.txt
trace_stop() {
	echo 0 >$TR/events/vmscan/enable
	cp $TR/trace "$TMP/trace.txt"
	grep -h overrun $TR/per_cpu/cpu*/stats >"$TMP/overrun.txt"
}
