#!/usr/bin/env bash
# Regenerate vmlinux/<arch>/vmlinux.h from a BTF file (default: the running
# kernel's) and record where it came from in vmlinux/<arch>/SOURCE.
#   vmlinux/gen.sh [BTF_FILE] [ARCH]
set -euo pipefail
btf=${1:-/sys/kernel/btf/vmlinux}
arch=${2:-$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')}
dir=$(dirname "$0")/$arch
[ -r "$btf" ] || { echo "gen.sh: cannot read $btf" >&2; exit 5; }
mkdir -p "$dir"
bpftool btf dump file "$btf" format c >"$dir/vmlinux.h.tmp"
mv "$dir/vmlinux.h.tmp" "$dir/vmlinux.h"
{
	echo "vmlinux.h generated $(date -u +%F) by vmlinux/gen.sh from $btf"
	[ "$btf" = /sys/kernel/btf/vmlinux ] && echo "kernel: $(uname -r) ($(uname -v))"
	echo "bpftool: $(bpftool version | head -1)"
} >"$dir/SOURCE"
echo "wrote $dir/vmlinux.h ($(wc -l <"$dir/vmlinux.h") lines)"
