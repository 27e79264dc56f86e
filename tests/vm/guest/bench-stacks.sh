#!/bin/sh
# bench/vm_stacks.sh (guest side): per-program BPF cost of memstall hist and
# memstall stacks (kernel stacks) in one run, both attached to the same
# stalls. kernel.bpf_stats_enabled=1; each tracer's programs (their fdinfo:
# prog_tag, run_cnt, run_time_ns) are read before and after 3 rounds of
# scenario 1's load (a reader keeps the page cache full, an anonymous hog
# allocates in bursts: global direct reclaim). Twice: hist attached first,
# then stacks first (the program attached first to a hook runs first and
# measured more here). Program names from /proc/kallsyms (bpf_prog_<tag>_<name>).
. /guest-lib.sh
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
echo 1 >/proc/sys/kernel/bpf_stats_enabled || fail "no kernel.bpf_stats_enabled"

# progs NAME PID TAG: every BPF program fd of PID, one line each:
# "prog_tag prog_id run_cnt run_time_ns" into $R/NAME.TAG.progs
progs() {
    for fd in "/proc/$2/fd/"*; do
        [ "$(readlink "$fd")" = "anon_inode:bpf-prog" ] || continue
        awk '{ v[$1] = $2 } END { print v["prog_tag:"], v["prog_id:"], v["run_cnt:"] + 0, v["run_time_ns:"] + 0 }' \
            "/proc/$2/fdinfo/${fd##*/}"
    done >"$R/$1.$3.progs"
}

start_hist() { tracer_start "hist$1" hist && HIST_PID=$TRACER_PID; }
start_stacks() {
    tracer_start_to "stacks$1" "$R/stacks$1.folded" stacks --folded && STACKS_PID=$TRACER_PID
}

cat /mnt/big.dat >/dev/null
for phase in 1 2; do
    if [ $phase = 1 ]; then
        if ! start_hist $phase || ! start_stacks $phase; then break; fi
    else
        if ! start_stacks $phase || ! start_hist $phase; then break; fi
    fi
    progs "hist$phase" "$HIST_PID" before
    progs "stacks$phase" "$STACKS_PID" before
    i=0
    while [ $i -lt 3 ]; do
        cat /mnt/big.dat >/dev/null &
        reader=$!
        /bin/memstall-wl-alloc --anon-mb 320 --burst-mb 80 --pause-ms 100 --comm wl-anon \
            >"$R/wl$phase.$i.json" 2>&1
        wait $reader
        i=$((i + 1))
    done
    progs "hist$phase" "$HIST_PID" after
    progs "stacks$phase" "$STACKS_PID" after
    grep ' bpf_prog_' /proc/kallsyms >>"$R/bpf.kallsyms"
    tracer_stop "hist$phase" "$HIST_PID"
    tracer_stop "stacks$phase" "$STACKS_PID"
done
result_dump
