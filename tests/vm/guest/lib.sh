#!/bin/sh
# Sourced by the guest scenario scripts (busybox sh, in the initramfs as
# /guest-lib.sh). Everything a scenario wants on the host goes into $R as a
# file; result_dump prints each file between markers, base64-encoded:
#   ===RESULT-BEGIN <name>===  <base64>  ===RESULT-END <name> md5=<md5>===
# followed by ===RESULTS-DONE n=<count>=== (the host checks all arrived).
R=/tmp/results
MS=/bin/memstall
TR=/sys/kernel/tracing
mkdir -p "$R"

say() { echo "guest: $*"; }

# fail MSG: record why the guest scenario could not run (the host prints it)
fail() {
    say "error: $*"
    echo "$*" >>"$R/guest-errors.txt"
}

# doctor NAME: memstall doctor --probes --json into $R/NAME.json
doctor() {
    "$MS" doctor --probes --json >"$R/$1.json" 2>"$R/$1.err" || fail "memstall doctor exited $?"
}

# tracer_start NAME SUBCOMMAND [ARGS]: memstall SUBCOMMAND --json in the
# background ($R/NAME.json, pid in TRACER_PID); returns once it is attached
# (its -v start-up line "load" is printed after attach)
tracer_start() {
    name=$1 sub=$2
    shift 2
    tracer_start_to "$name" "$R/$name.json" "$sub" --json "$@"
}

# tracer_start_to NAME OUT SUBCOMMAND [ARGS]: as tracer_start, with no
# output format of its own (ARGS give it), stdout to OUT
tracer_start_to() {
    name=$1 out=$2 sub=$3
    shift 3
    "$MS" "$sub" -v "$@" >"$out" 2>"$R/$name.err" &
    TRACER_PID=$!
    i=0
    while ! grep -q 'start-up: load' "$R/$name.err" 2>/dev/null; do
        if ! kill -0 "$TRACER_PID" 2>/dev/null || [ $i -ge 600 ]; then
            fail "memstall $sub ($name) did not attach; stderr: $(grep -v '^libbpf' "$R/$name.err" | tail -n 3)"
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
}

# tracer_stop NAME PID: SIGINT, wait, record the exit status
tracer_stop() {
    kill -INT "$2" 2>/dev/null
    wait "$2"
    echo $? >"$R/$1.rc"
    grep -v '^libbpf' "$R/$1.err" >"$R/$1.err.tmp"; mv "$R/$1.err.tmp" "$R/$1.err"
}

# snoop_start NAME [ARGS]: memstall snoop --json in the background (SNOOP_PID)
snoop_start() {
    sname=$1
    shift
    tracer_start "$sname" snoop "$@" || return 1
    SNOOP_PID=$TRACER_PID
}

# snoop_stop NAME
snoop_stop() { tracer_stop "$1" "$SNOOP_PID"; }

# snap NAME: the kernel's own counters: vmstat, meminfo, zoneinfo, per node
snap() {
    cat /proc/vmstat >"$R/$1.vmstat"
    cat /proc/meminfo >"$R/$1.meminfo"
    for n in /sys/devices/system/node/node[0-9]*; do
        [ -d "$n" ] || continue
        cat "$n/meminfo" >"$R/$1.$(basename "$n").meminfo"
        cat "$n/numastat" >"$R/$1.$(basename "$n").numastat"
    done
}

# trace_setup: the kernel's trace buffer as a second ground truth, with
# CLOCK_MONOTONIC timestamps (memstall's ts_ns clock). Sized here, before
# memstall starts: growing the buffer allocates (and may reclaim) itself.
trace_setup() {
    echo 0 >$TR/tracing_on
    echo mono >$TR/trace_clock || fail "trace_clock mono not supported"
    echo 4096 >$TR/buffer_size_kb
}

# trace_on EVENTS...: empty the buffer, enable EVENTS and tracing
trace_on() {
    : >$TR/trace
    for e in "$@"; do
        echo 1 >"$TR/events/$e/enable" || fail "cannot enable trace event $e"
    done
    echo 1 >$TR/tracing_on
}

# mark NAME: a timestamp in the trace buffer ("memstall-window NAME"). The
# window's counter snapshots are bracketed by open-start/open-end and
# close-start/close-end: the host knows which stalls began surely inside.
mark() { echo "memstall-window $1" >$TR/trace_marker; }

# trace_off NAME: stop tracing; the buffer goes to $R/NAME.trace, overruns to
# $R/NAME.overrun (one number per CPU)
trace_off() {
    echo 0 >$TR/tracing_on
    echo 0 >$TR/events/enable
    cat $TR/trace >"$R/$1.trace"
    cat $TR/per_cpu/cpu*/stats | awk '/^overrun:/ { print $2 }' >"$R/$1.overrun"
}

# window_open NAME PREFIX [EVENTS...]: memstall snoop ($R/NAME.json) and the
# trace buffer ($R/NAME.trace) on, then the counters (PREFIX"before") between
# the marks open-start and open-end. Returns 1 if snoop did not attach.
# SNOOP_KINDS (if set) is snoop's -k; SNOOP_ARGS (if set) more options.
window_open() {
    wname=$1 wprefix=$2
    shift 2
    snoop_start "$wname" ${SNOOP_KINDS:+-k "$SNOOP_KINDS"} ${SNOOP_ARGS:-} || return 1
    trace_on "$@"
    mark open-start
    snap "${wprefix}before"
    mark open-end
}

# window_close: after the workload: the counters (PREFIX"after") between the
# marks close-start and close-end, then tracing and snoop off
window_close() {
    sleep 0.5 # nothing allocates now: no stall is open at the snapshot
    mark close-start
    snap "${wprefix}after"
    mark close-end
    trace_off "$wname"
    snoop_stop "$wname"
}

# sampler_start NAME: every 100 ms one line "uptime nr_free_pages
# nr_inactive_file nr_active_file" (+ per-node MemFree kB) into $R/NAME.samples
sampler_start() {
    (
        while :; do
            l="$(cut -d' ' -f1 /proc/uptime)"
            l="$l $(awk '$1=="nr_free_pages"||$1=="nr_inactive_file"||$1=="nr_active_file"{printf "%s=%s ", $1, $2}' /proc/vmstat)"
            for n in /sys/devices/system/node/node[0-9]*; do
                [ -d "$n" ] && l="$l $(basename "$n")_free_kb=$(awk '/MemFree/ { print $4 }' "$n/meminfo")"
            done
            echo "$l"
            sleep 0.1
        done
    ) >"$R/$1.samples" 2>/dev/null &
    SAMPLER_PID=$!
}
sampler_stop() { kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; }

# result_dump: print every file of $R; kernel messages are held back meanwhile
result_dump() {
    dmesg >"$R/dmesg.txt" 2>/dev/null
    cat /proc/zoneinfo >"$R/zoneinfo.txt"
    uname -r >"$R/uname.txt"
    [ -r /sys/kernel/mm/lru_gen/enabled ] && cat /sys/kernel/mm/lru_gen/enabled >"$R/lru_gen.txt"
    old=$(cut -f1 /proc/sys/kernel/printk)
    echo 1 >/proc/sys/kernel/printk
    n=0
    for f in "$R"/*; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        echo "===RESULT-BEGIN $b==="
        base64 "$f"
        echo "===RESULT-END $b md5=$(md5sum "$f" | cut -d' ' -f1)==="
        n=$((n + 1))
    done
    echo "===RESULTS-DONE n=$n==="
    echo "$old" >/proc/sys/kernel/printk
}
