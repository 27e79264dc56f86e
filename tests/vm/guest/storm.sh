#!/bin/sh
# Scenario 7 (guest side): a node-reclaim storm (issue 18). Two nodes,
# vm.zone_reclaim_mode=1, the kernel's default LRU (6.12: MGLRU, whose node
# reclaim gives up at once when it may neither write nor unmap: tens of
# thousands of short node stalls), two page-cache readers and three 200 MiB
# anonymous hogs for STORM_S seconds. memstall snoop --json and memstall
# hist --json run across the whole window: every node stall must reach
# snoop (no drop), and snoop's count, hist's count and the rise of
# zone_reclaim_failed + zone_reclaim_success must be equal.
. /guest-lib.sh
STORM_S=${STORM_S:-25}
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
echo "nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)" >"$R/setup.txt"
[ -r /sys/kernel/mm/lru_gen/enabled ] && cat /sys/kernel/mm/lru_gen/enabled >"$R/storm.lru_gen"
echo 1 >/proc/sys/vm/zone_reclaim_mode
echo 1 >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null
sync
echo 3 >/proc/sys/vm/drop_caches
# memory is free now: no node reclaim until the workload starts
snoop_start storm || { result_dump; exit 0; }
tracer_start storm.hist hist || { result_dump; exit 0; }
HIST_PID=$TRACER_PID
snap storm.before
rm -f /tmp/stop
i=0
while [ $i -lt 2 ]; do
    /bin/memstall-wl-alloc --read /mnt/big.dat --passes 1000 --comm wl-read \
        >"$R/storm.read$i.json" 2>&1 &
    eval "READ$i=\$!"
    i=$((i + 1))
done
i=0
while [ $i -lt 3 ]; do
    (
        n=0
        while [ ! -f /tmp/stop ]; do
            /bin/memstall-wl-alloc --anon-mb 200 --burst-mb 16 --pause-ms 20 --hold-ms 500 \
                --comm wl-hog >/dev/null 2>&1
            n=$((n + 1))
        done
        echo "$n" >"$R/storm.hog$i.runs"
    ) &
    eval "HOG$i=\$!"
    i=$((i + 1))
done
sleep "$STORM_S"
touch /tmp/stop
kill "$READ0" "$READ1" 2>/dev/null
wait "$READ0" "$READ1" "$HOG0" "$HOG1" "$HOG2" 2>/dev/null
sync
echo 3 >/proc/sys/vm/drop_caches
sleep 1
snap storm.after
tracer_stop storm.hist "$HIST_PID"
snoop_stop storm
# tens of MiB of JSON: compressed, the serial console carries it 10x faster
gzip "$R/storm.json"
result_dump
