#!/usr/bin/env bash
# Scenario 11: scenario 1 (global direct reclaim: direct stalls == the
# allocstall delta of /proc/vmstat, matching the kernel trace buffer) on
# arm64, as scenario 10 boots it: Debian's arm64 stock kernel (ARM64_KERNELS,
# default 6.1) under qemu-system-aarch64, the cross-built static binaries.
set -u
if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	echo "ok - arm64 direct reclaim # SKIP gcc-aarch64-linux-gnu is not installed: run make deps, then make arm64"
	exit 0
fi
VM_ARCH=arm64 VM_KERNELS=${ARM64_KERNELS:-6.1} exec bash "$(dirname "$0")/01-direct-reclaim.sh"
