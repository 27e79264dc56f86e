#!/usr/bin/env bash
# Scenario 10: scenario 0 on arm64. The static binary cross-built for arm64
# (make arm64: .output/arm64/memstall, BPF object from vmlinux/arm64) boots
# in qemu-system-aarch64 (TCG, -M virt) with Debian's arm64 stock kernel
# (ARM64_KERNELS, default 6.1) and a busybox-static:arm64 initramfs: every
# tracing command loads and attaches, doctor --probes reports. One boot.
set -u
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	echo "ok - arm64 commands load # SKIP gcc-aarch64-linux-gnu is not installed: run make deps, then make arm64"
	exit 0
fi
VM_ARCH=arm64 VM_KERNELS=${ARM64_KERNELS:-6.1} exec bash "$(dirname "$0")/00-commands-load.sh"
