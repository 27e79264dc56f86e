#!/bin/sh
# Scenario 1 (guest side): global direct reclaim. The page cache fills a
# small single-node guest (a file on the ext4 disk /dev/vda), then an
# anonymous workload allocates in bursts while a reader keeps the cache
# full. memstall snoop runs across the window; the kernel's own counters
# (/proc/vmstat) and trace buffer are taken at both ends of it. memstall
# stacks --folded -k direct runs around it (started before, stopped after).
. /guest-lib.sh
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
doctor doctor
trace_setup
cat /mnt/big.dat >/dev/null # page cache fills memory before the window

# memstall stacks (kernel stacks of direct reclaim, folded) across the
# same window: the hog's stalls must show its page-fault path
tracer_start_to stacks "$R/stacks.folded" stacks --folded -k direct && STACKS_PID=$TRACER_PID
if window_open snoop "" vmscan/mm_vmscan_direct_reclaim_begin \
    vmscan/mm_vmscan_direct_reclaim_end; then
    cat /mnt/big.dat >/dev/null &
    reader=$!
    /bin/memstall-wl-alloc --anon-mb "${ANON_MB:-320}" --burst-mb 80 --pause-ms 100 \
        --comm wl-anon >"$R/wl.json" 2>"$R/wl.err"
    echo $? >"$R/wl.rc"
    wait $reader
    window_close
fi
[ -n "${STACKS_PID:-}" ] && tracer_stop stacks "$STACKS_PID"
result_dump
