#!/bin/sh
# Scenario 6 (guest side): cgroup v2 end to end, in a Kubernetes-shaped
# hierarchy (systemd driver: kubepods.slice/kubepods-burstable.slice/
# kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope). Tracers
# across all of it: snoop -k memcg,high, hist --by pod, hist --by cgroup,
# oom (each exempt from the OOM killer). Then, one after the other:
#  (a) memory.max: dd reads a file of the ext4 disk in a 32 MiB container:
#      memcg limit reclaim; memory.stat before/after (pgscan, pgsteal)
#  (b) memory.high: wl-high touches 40 MiB of anonymous memory (no swap:
#      unreclaimable) in a container with memory.high 32 MiB, no max: the
#      kernel throttles it on return to user space; it measures the wall
#      time it was blocked (wall - CPU); memory.events before/after
#  (c) memory.oom.group: two holders (8 MiB each) and wl-big (64 MiB) in a
#      48 MiB container with memory.oom.group 1: one OOM, every task killed
#  (d) dd in a 16 MiB container that is removed right after: its stalls
#      must keep the path
#  (e) dd in a 16 MiB cgroup 21 levels below /kubepods.slice: hist -c
#      /kubepods.slice counts its stalls
. /guest-lib.sh
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
doctor doctor
CG=/sys/fs/cgroup
U=5e2c1a7b-0d3f-4e8a-9b61-2f7c3d4e5a6b
U_=$(echo $U | tr - _)
POD=$CG/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$U_.slice
for d in "" /kubepods.slice /kubepods.slice/kubepods-burstable.slice \
    /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$U_.slice; do
    mkdir -p "$CG$d"
    echo +memory >"$CG$d/cgroup.subtree_control" || fail "cannot enable memory in $CG$d"
done
ctr() { # ctr N: the container id N (64 hex) and its cgroup in $C
    CID=$(printf '%064d' "$1" | tr 0 a | sed "s/^a/$1/")
    C=$POD/cri-containerd-$CID.scope
    mkdir -p "$C"
}
# run_in DIR CMD...: CMD as the only task of cgroup DIR (exec keeps the pid)
run_in() {
    d=$1
    shift
    sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$d" "$@"
}
echo "pod_uid=$U" >"$R/setup.txt"
echo "pod=${POD#$CG}" >>"$R/setup.txt"

started=1
tracer_start snoop snoop -k memcg,high || started=0
SP=$TRACER_PID
tracer_start hpod hist --by pod -k memcg,high || started=0
HP=$TRACER_PID
tracer_start hcg hist --by cgroup -k memcg,high || started=0
HC=$TRACER_PID
tracer_start oom oom || started=0
OP=$TRACER_PID
tracer_start hdeep hist -c /kubepods.slice --by cgroup -k memcg || started=0
HD=$TRACER_PID
# the same as text, for the README (not asserted)
"$MS" hist -v --by pod,container -k memcg,high >"$R/hpod-text.txt" 2>"$R/hpod-text.err" &
HT=$!
for p in $SP $HP $HC $OP $HD $HT; do echo -1000 >/proc/$p/oom_score_adj; done

if [ $started = 1 ]; then
    # (a) memory.max limit reclaim
    ctr 1
    echo "a_cgroup=${C#$CG}" >>"$R/setup.txt"
    echo "a_cid=$CID" >>"$R/setup.txt"
    echo 32M >"$C/memory.max"
    # memstall record armed on this container's PSI trigger (cgroup v2)
    "$MS" record --when "psi some 10ms/1s cgroup=${C#$CG}" --pre 10s -d 2s \
        -o "$R/rec-psi.tar.gz" >"$R/rec-psi.out" 2>"$R/rec-psi.err" &
    RP=$!
    echo -1000 >/proc/$RP/oom_score_adj
    i=0
    while ! grep -q '^memstall: armed' "$R/rec-psi.err" 2>/dev/null && kill -0 $RP 2>/dev/null &&
        [ $i -lt 600 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    sleep 1.5 # lead-up intervals before the workload
    cat "$C/memory.stat" >"$R/a-before.stat"
    run_in "$C" dd if=/mnt/big.dat of=/dev/null bs=1M count=192 2>"$R/a-dd.err"
    echo $? >"$R/a-dd.rc"
    i=0
    while kill -0 $RP 2>/dev/null && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -INT $RP 2>/dev/null
    wait $RP
    echo $? >"$R/rec-psi.rc"
    sleep 0.5
    cat "$C/memory.stat" >"$R/a-after.stat"

    # (b) memory.high throttling
    ctr 2
    echo "b_cgroup=${C#$CG}" >>"$R/setup.txt"
    echo 32M >"$C/memory.high"
    cat "$C/memory.events" >"$R/b-before.events"
    run_in "$C" /bin/memstall-wl-alloc --anon-mb 40 --burst-mb 40 --comm wl-high \
        >"$R/b-wl.json" 2>"$R/b-wl.err"
    echo $? >"$R/b-wl.rc"
    cat "$C/memory.events" >"$R/b-after.events"
    cat "$C/memory.stat" >"$R/b-after.stat"

    # (c) memory.oom.group
    ctr 3
    echo "c_cgroup=${C#$CG}" >>"$R/setup.txt"
    echo 48M >"$C/memory.max"
    echo 1 >"$C/memory.oom.group"
    cat "$C/memory.events" >"$R/c-before.events"
    for i in 1 2; do
        run_in "$C" /bin/memstall-wl-alloc --anon-mb 8 --hold-ms 120000 --comm wl-hold$i \
            >"$R/c-hold$i.json" 2>"$R/c-hold$i.err" &
        eval "H$i=\$!"
        n=0
        while ! grep -q touched "$R/c-hold$i.json" 2>/dev/null && [ $n -lt 300 ]; do
            sleep 0.1
            n=$((n + 1))
        done
    done
    run_in "$C" /bin/memstall-wl-alloc --anon-mb 64 --burst-mb 8 --comm wl-big \
        >"$R/c-big.json" 2>"$R/c-big.err"
    echo $? >"$R/c-big.rc"
    wait $H1
    echo $? >"$R/c-hold1.rc"
    wait $H2
    echo $? >"$R/c-hold2.rc"
    sleep 0.5
    cat "$C/memory.events" >"$R/c-after.events"

    # (d) a cgroup removed while traced
    ctr 4
    echo "d_cgroup=${C#$CG}" >>"$R/setup.txt"
    echo 16M >"$C/memory.max"
    run_in "$C" dd if=/mnt/big.dat of=/dev/null bs=1M count=64 skip=256 2>"$R/d-dd.err"
    echo $? >"$R/d-dd.rc"
    rmdir "$C" || fail "cannot remove ${C#$CG}"
    [ -d "$C" ] && fail "${C#$CG} still there"

    # (e) 21 levels below /kubepods.slice, memory enabled down the chain
    # (short names: the path stays under memstall's 255-character names)
    E=$CG/kubepods.slice/deep
    mkdir -p "$E"
    for i in $(seq 20); do
        echo +memory >"$E/cgroup.subtree_control" || fail "cannot enable memory in ${E#$CG}"
        E=$E/l$i
        mkdir "$E" || fail "cannot make ${E#$CG}"
    done
    echo "e_cgroup=${E#$CG}" >>"$R/setup.txt"
    echo 16M >"$E/memory.max"
    run_in "$E" dd if=/mnt/big.dat of=/dev/null bs=1M count=64 skip=384 2>"$R/e-dd.err"
    echo $? >"$R/e-dd.rc"
    sleep 2.5 # memstall oom waits up to 2 s for the OOM reaper
fi
for x in "snoop $SP" "hpod $HP" "hcg $HC" "oom $OP" "hdeep $HD" "hpod-text $HT"; do
    set -- $x
    [ -n "$2" ] && tracer_stop "$1" "$2"
done
result_dump
