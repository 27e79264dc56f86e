#!/bin/bash
# boot.sh KERNEL_VER INITRAMFS [extra qemu args...]
#
# Boots a kernel unpacked by fetch-kernels.sh under QEMU TCG (no KVM) with
# the given initramfs and captures the serial console (ttyS0) to a log file.
# The log path is printed on stdout when the VM has exited.
#
# KERNEL_VER: a series symlink ("6.1", "6.12") or release ("6.1.0-56-amd64")
#             in the cache dir, or a path to a bzImage.
# Env:
#   CACHE    cache dir (default: tests/vm/.cache next to this script)
#   MEM      guest memory (default 512M; suffix M or G)
#   SMP      guest CPUs (default 2)
#   CMDLINE  extra kernel command line (appended to "console=ttyS0 panic=-1 quiet")
#   NUMA=1   two NUMA nodes, memory split evenly, one CPU each (SMP must be even)
#   TIMEOUT  seconds before the VM is killed (default 300); exit status 124
#   LOG      console log path (default: CACHE/logs/boot-<ver>-<time>.log)
#   CPU      qemu -cpu model (default max; arm64: max,pauth-impdef=on)
#   VM_ARCH  amd64 (default: qemu-system-x86_64, console ttyS0) or arm64
#            (qemu-system-aarch64 -M virt, console ttyAMA0; its kernels are
#            are in CACHE/arm64, fetched by VM_ARCH=arm64 fetch-kernels.sh)
#
# Exit status: 0 when the VM powered off by itself, 124 on timeout, 1 when
# qemu failed to start or the kernel panicked.
set -eu

die() { echo "boot.sh: error: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: boot.sh KERNEL_VER INITRAMFS [extra qemu args...]"
kver=$1 initrd=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
case ${VM_ARCH:-amd64} in
amd64)
    cache=${CACHE:-$here/.cache}
    qemu=qemu-system-x86_64 qemu_pkg=qemu-system-x86 console=ttyS0
    machine=() cpu=${CPU:-max} ;;
arm64)
    cache=${CACHE:-$here/.cache}/arm64
    qemu=qemu-system-aarch64 qemu_pkg=qemu-system-arm console=ttyAMA0
    # pauth-impdef: TCG's cheap pointer authentication (the default QARMA
    # cipher makes every function return slow)
    machine=(-M virt) cpu=${CPU:-max,pauth-impdef=on} ;;
*) die "VM_ARCH=$VM_ARCH: use amd64 or arm64" ;;
esac
mem=${MEM:-512M}
smp=${SMP:-2}
timeout=${TIMEOUT:-300}

if [ -f "$kver" ]; then
    kernel=$kver
    tag=$(basename "$kver")
else
    [ -d "$cache/$kver/root/boot" ] || die "kernel $kver not in $cache (run tests/vm/fetch-kernels.sh)"
    set -- "$cache/$kver"/root/boot/vmlinuz-* "$@"
    kernel=$1
    shift
    [ -f "$kernel" ] || die "no vmlinuz in $cache/$kver/root/boot"
    tag=$kver
fi
[ -r "$initrd" ] || die "cannot read initramfs $initrd"

if ! command -v "$qemu" >/dev/null; then
    echo "boot.sh: installing $qemu_pkg" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$qemu_pkg" >/dev/null \
        || die "could not install $qemu_pkg"
fi

case $mem in
    *[Gg]) mem_mb=$(( ${mem%[Gg]} * 1024 )) ;;
    *[Mm]) mem_mb=${mem%[Mm]} ;;
    *[!0-9]*) die "MEM=$mem: use a number of MiB or a M/G suffix" ;;
    *) mem_mb=$mem ;;
esac

numa=()
if [ "${NUMA:-0}" = 1 ]; then
    [ $((smp % 2)) -eq 0 ] || die "NUMA=1 needs an even SMP (got $smp)"
    half=$((mem_mb / 2)) c=$((smp / 2))
    numa=(-object "memory-backend-ram,id=mem0,size=${half}M"
          -object "memory-backend-ram,id=mem1,size=$((mem_mb - half))M"
          -numa "node,nodeid=0,cpus=0-$((c - 1)),memdev=mem0"
          -numa "node,nodeid=1,cpus=$c-$((smp - 1)),memdev=mem1")
fi

if [ -z "${LOG:-}" ]; then
    mkdir -p "$cache/logs"
    LOG=$cache/logs/boot-$tag-$(date +%Y%m%d-%H%M%S)-$$.log
fi
mkdir -p "$(dirname "$LOG")"
: >"$LOG"
errlog=$LOG.qemu-stderr

cmdline="console=$console panic=-1 quiet${CMDLINE:+ $CMDLINE}"
start=$(date +%s.%N)
set +e
timeout -k 10 "$timeout" "$qemu" ${machine[@]+"${machine[@]}"} \
    -accel tcg -cpu "$cpu" -m "${mem_mb}M" -smp "$smp" \
    ${numa[@]+"${numa[@]}"} \
    -nographic -no-reboot -monitor none -serial "file:$LOG" \
    -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
    "$@" </dev/null >"$errlog" 2>&1
rc=$?
set -e
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    echo "boot.sh: error: VM timed out after ${timeout}s (raise TIMEOUT=); console log: $LOG" >&2
    echo "$LOG"
    exit 124
fi
if [ $rc -ne 0 ]; then
    echo "boot.sh: error: qemu failed (exit $rc): $(grep -v '^$' "$errlog" | head -n1)" >&2
    echo "boot.sh: full qemu output in $errlog; console log: $LOG" >&2
    exit 1
fi
[ -s "$errlog" ] || rm -f "$errlog"
if grep -q 'Kernel panic' "$LOG"; then
    echo "boot.sh: error: guest kernel panicked: $(grep -m1 'Kernel panic' "$LOG" | tr -d '\r'); log: $LOG" >&2
    echo "$LOG"
    exit 1
fi
echo "boot.sh: $tag booted and powered off in ${secs}s" >&2
echo "$LOG"
