#!/bin/sh
# Scenario 3 (guest side): swappiness=0 with zram swap (seed 004). No disk:
# the page cache is tiny, so once anonymous memory fills the guest, file
# pages + free memory are below the high watermark and classic LRU reclaim
# scans anonymous pages although swappiness is 0 (get_scan_count():
# file_is_tiny -> SCAN_ANON). Run with MGLRU off: it is the classic-LRU path
# (MGLRU at swappiness 0 never scans anon at all).
. /guest-lib.sh
doctor doctor
trace_setup
echo "${ZRAM_MB:-256}M" >/sys/block/zram0/disksize || fail "cannot size zram0 (module zram)"
mkswap /dev/zram0 >/dev/null && swapon /dev/zram0 || fail "cannot swapon /dev/zram0"
echo 0 >/proc/sys/vm/swappiness
[ -w /sys/kernel/mm/lru_gen/enabled ] && echo n >/sys/kernel/mm/lru_gen/enabled
# A hog takes 60% of what is available and idles (its pages go cold, so
# reclaim can swap them), then the workload asks for the rest and more: the
# excess must go to swap.
avail=$(awk '/MemAvailable/ { print int($2 / 1024) }' /proc/meminfo)
hog=$((avail * 6 / 10))
anon=$((avail - hog + ${OVER_MB:-48}))
echo "swappiness=$(cat /proc/sys/vm/swappiness) avail_mb=$avail hog_mb=$hog anon_mb=$anon" >"$R/setup.txt"
cat /proc/swaps >>"$R/setup.txt"

# hist alongside: kswapd's passes as their own rows (--by node,lru)
HPID=
tracer_start hist hist --by node,lru && HPID=$TRACER_PID
# -e: shrink_node passes (probed here: fentry/fexit) and the seed-004 finding
if SNOOP_ARGS=-e window_open snoop ""; then
    /bin/memstall-wl-alloc --anon-mb "$hog" --burst-mb 64 --hold-ms 600000 --comm wl-hog \
        >"$R/hog.json" 2>"$R/hog.err" &
    hogpid=$!
    while ! grep -q touched "$R/hog.json" && kill -0 $hogpid 2>/dev/null; do sleep 0.1; done
    sampler_start samples
    /bin/memstall-wl-alloc --anon-mb "$anon" --burst-mb 8 --pause-ms 50 --comm wl-swap \
        >"$R/wl.json" 2>"$R/wl.err"
    echo $? >"$R/wl.rc"
    sampler_stop
    kill $hogpid
    wait $hogpid
    window_close
fi
[ -n "$HPID" ] && tracer_stop hist "$HPID"
result_dump
