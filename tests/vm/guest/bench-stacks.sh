#!/bin/sh
# bench/vm_stacks.sh (guest side): per-program BPF cost of memstall hist,
# memstall stacks (default: a task's stall at its last call site reuses
# that stall's stacks) and stacks --exact-stacks (a walk per stall), all
# attached to the same stalls in one run. Two sets: kernel stacks (hist,
# stacks, stacks --exact-stacks) and user stacks (hist, stacks --user,
# stacks --user --exact-stacks). kernel.bpf_stats_enabled=1; each tracer's
# programs (their fdinfo: prog_tag, run_cnt, run_time_ns) are read before
# and after 3 rounds of scenario 1's load (a reader keeps the page cache
# full, an anonymous hog allocates in bursts: global direct reclaim). Each
# set twice: attached in its order, then in the reverse order (the program
# attached first to a hook runs first and measured more here). Program
# names from /proc/kallsyms (bpf_prog_<tag>_<name>). Files:
# $R/TRACER.SETPHASE.{before,after}.progs, TRACER.SETPHASE.err (summary).
. /guest-lib.sh
mkdir -p /mnt
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda (virtio_blk + ext4)"
echo 1 >/proc/sys/kernel/bpf_stats_enabled || fail "no kernel.bpf_stats_enabled"

# progs FILE PID TAG: every BPF program fd of PID, one line each:
# "prog_tag prog_id run_cnt run_time_ns" into $R/FILE.TAG.progs
progs() {
    for fd in "/proc/$2/fd/"*; do
        [ "$(readlink "$fd")" = "anon_inode:bpf-prog" ] || continue
        awk '{ v[$1] = $2 } END { print v["prog_tag:"], v["prog_id:"], v["run_cnt:"] + 0, v["run_time_ns:"] + 0 }' \
            "/proc/$2/fdinfo/${fd##*/}"
    done >"$R/$1.$3.progs"
}

# start TRACER TAG: one tracer (its pid in PID_TRACER)
start() {
    f="$1.$2"
    case $1 in
    hist) tracer_start "$f" hist ;;
    stacks) tracer_start_to "$f" "$R/$f.folded" stacks --folded ;;
    exact) tracer_start_to "$f" "$R/$f.folded" stacks --folded --exact-stacks ;;
    user) tracer_start_to "$f" "$R/$f.folded" stacks --folded --user ;;
    uexact) tracer_start_to "$f" "$R/$f.folded" stacks --folded --user --exact-stacks ;;
    esac || return 1
    eval "PID_$1=\$TRACER_PID"
}

# run_set TAG TRACER...: the tracers attached in this order, 3 rounds of load
run_set() {
    tag=$1
    shift
    for t in "$@"; do start "$t" "$tag" || return 1; done
    for t in "$@"; do eval "progs $t.$tag \$PID_$t before"; done
    i=0
    while [ $i -lt 3 ]; do
        cat /mnt/big.dat >/dev/null &
        reader=$!
        /bin/memstall-wl-alloc --anon-mb 320 --burst-mb 80 --pause-ms 100 --comm wl-anon \
            >"$R/wl.$tag.$i.json" 2>&1
        wait $reader
        i=$((i + 1))
    done
    for t in "$@"; do eval "progs $t.$tag \$PID_$t after"; done
    grep ' bpf_prog_' /proc/kallsyms >>"$R/bpf.kallsyms"
    for t in "$@"; do eval "tracer_stop $t.$tag \$PID_$t"; done
}

cat /mnt/big.dat >/dev/null
run_set k1 hist stacks exact &&
    run_set k2 exact stacks hist &&
    run_set u1 hist user uexact &&
    run_set u2 uexact user hist
result_dump
