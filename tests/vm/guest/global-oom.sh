#!/bin/sh
# Scenario 5 (guest side): a global OOM kill. A small single-node guest
# without swap; anonymous hogs (no cgroup limit): wl-hog1 and wl-hog2 take
# 40% of the available memory each and hold it, then wl-hog3 asks for 40%
# more. It runs out of memory (constraint none) and invokes the OOM killer,
# which kills the biggest task: hog1 or hog2 (the trigger is not the victim).
# memstall oom --json and memstall snoop run across the window with the
# kernel's trace buffer (oom:mark_victim fires in the task that invoked the
# OOM killer; direct reclaim begin/end); the kernel log and /proc/vmstat
# (oom_kill) are the ground truth. The tracers are exempt from the OOM
# killer (oom_score_adj -1000): they must outlive the kill to report it.
. /guest-lib.sh
doctor doctor
trace_setup
avail=$(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo)
hog=$((avail * 2 / 5))
echo "avail_mb=$avail hog_mb=$hog swap_kb=$(awk '/SwapTotal/ { print $2 }' /proc/meminfo)" >"$R/setup.txt"

# hog N HOLD_MS: wl-hogN in the background (HOG_PID: its subshell), exit
# status in $R/hogN.rc (137: killed)
hog() {
    (
        /bin/memstall-wl-alloc --anon-mb $hog --burst-mb 16 --hold-ms "$2" --comm "wl-hog$1" \
            >"$R/hog$1.json" 2>"$R/hog$1.err"
        echo $? >"$R/hog$1.rc"
    ) &
    HOG_PID=$!
}

# memstall record armed on the OOM kill: the bundle must hold the kill's
# story and the stalls before it (the lead-up kept while armed)
"$MS" record --when oom --pre 30s -d 3s -o "$R/record.tar.gz" --html "$R/record.html" \
    >"$R/record.out" 2>"$R/record.err" &
REC_PID=$!
echo -1000 >/proc/$REC_PID/oom_score_adj
i=0
while ! grep -q '^memstall: armed' "$R/record.err" 2>/dev/null && [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
done
if tracer_start oom oom; then
    oom_pid=$TRACER_PID
    echo -1000 >/proc/$oom_pid/oom_score_adj
    if window_open snoop "" oom/mark_victim vmscan/mm_vmscan_direct_reclaim_begin \
        vmscan/mm_vmscan_direct_reclaim_end; then
        echo -1000 >/proc/$SNOOP_PID/oom_score_adj
        holders=''
        for i in 1 2; do
            hog $i 600000
            holders="$holders $HOG_PID"
            while ! grep -q touched "$R/hog$i.json" 2>/dev/null && kill -0 $HOG_PID 2>/dev/null; do
                sleep 0.1
            done
        done
        hog 3 0
        wait $HOG_PID
        # the victim is gone; the survivor still holds its memory
        sleep 0.5
        for i in 1 2; do
            [ -f "$R/hog$i.rc" ] || kill "$(sed -n 's/^{"pid":\([0-9]*\),"comm".*/\1/p' "$R/hog$i.json")"
        done
        wait $holders
        sleep 2.5 # memstall oom waits up to 2 s for the OOM reaper
        window_close
    fi
    tracer_stop oom $oom_pid
fi
# the capture lasts 3 s after the kill; then the bundle is written
i=0
while kill -0 $REC_PID 2>/dev/null && [ $i -lt 300 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -INT $REC_PID 2>/dev/null
wait $REC_PID
echo $? >"$R/record.rc"
result_dump
