#!/bin/sh
# Scenario 2 (guest side): NUMA node reclaim (seeds 000 and 003). Two nodes;
# node 0 is filled with page cache (a reader bound to node 0 reads the disk
# file), node 1 stays mostly free. Then a task on CPU 0 that prefers node 0
# allocates anonymous memory, once with vm.zone_reclaim_mode=1 (it must
# reclaim node 0's page cache in node-reclaim stalls instead of using node 1)
# and once with 0 (no node reclaim: it spills to node 1), both on the classic
# LRU. Where the kernel has MGLRU, a third run ("mglru") repeats mode 1 with
# it on (on 6.12 its node reclaim gives up at once when it may neither write
# nor unmap, which is all zone_reclaim_mode=1 allows).
. /guest-lib.sh
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
doctor doctor
trace_setup
echo "nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l) cpus_node0=$(cat /sys/devices/system/node/node0/cpulist) cpus_node1=$(cat /sys/devices/system/node/node1/cpulist)" >"$R/setup.txt"

lru_gen=/sys/kernel/mm/lru_gen/enabled
phases="1 0"
[ -w $lru_gen ] && phases="1 0 mglru"
for phase in $phases; do
    mode=${phase%mglru}
    anon=${ANON_MB:-96}
    if [ "$phase" = mglru ]; then
        mode=1 anon=32
        echo y >$lru_gen
    elif [ -w $lru_gen ]; then
        echo n >$lru_gen
    fi
    echo 0 >/proc/sys/vm/zone_reclaim_mode
    sync
    echo 3 >/proc/sys/vm/drop_caches
    /bin/memstall-wl-alloc --cpu 0 --policy bind --node 0 --read /mnt/big.dat --comm wl-fill \
        >"$R/zrm$phase.fill.json" 2>&1 || fail "filling node 0 failed: $(cat "$R/zrm$phase.fill.json")"
    echo $mode >/proc/sys/vm/zone_reclaim_mode
    # ISSUE-7 HOOK: when `memstall doctor` audits vm.zone_reclaim_mode, run it
    # here (the mode is set, the pressure is not on yet), e.g.
    #   "$MS" doctor --json >"$R/zrm$phase.doctor-audit.json"
    # and assert in checks.py (node_reclaim, "ISSUE-7 HOOK") that mode 1 is flagged.
    window_open "zrm$phase" "zrm$phase." vmscan/mm_vmscan_node_reclaim_begin \
        vmscan/mm_vmscan_node_reclaim_end vmscan/mm_vmscan_direct_reclaim_begin \
        vmscan/mm_vmscan_direct_reclaim_end || break
    sampler_start "zrm$phase"
    /bin/memstall-wl-alloc --cpu 0 --policy preferred --node 0 --anon-mb "$anon" \
        --burst-mb 16 --pause-ms 20 --comm wl-node0 >"$R/zrm$phase.wl.json" 2>"$R/zrm$phase.wl.err"
    echo $? >"$R/zrm$phase.wl.rc"
    sampler_stop
    window_close
    [ -r $lru_gen ] && cat $lru_gen >"$R/zrm$phase.lru_gen"
done
result_dump
