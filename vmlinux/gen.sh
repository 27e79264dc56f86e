#!/usr/bin/env bash
# Regenerate vmlinux/<arch>/vmlinux.h from a kernel's BTF (default: the running
# kernel's) and record where it came from in vmlinux/<arch>/SOURCE.
#   vmlinux/gen.sh [BTF_FILE] [ARCH]
# BTF_FILE is raw BTF (/sys/kernel/btf/vmlinux), an ELF vmlinux, a kernel
# Image/vmlinuz (the BTF blob is carved out by btf-carve.py: arm64 ships a
# flat Image) or a Debian linux-image-*.deb (its vmlinuz is used). For
# another architecture, e.g. arm64 from Debian's arm64 stock kernel:
#   VM_ARCH=arm64 tests/vm/fetch-kernels.sh
#   vmlinux/gen.sh tests/vm/.cache/arm64/6.12/root/boot/vmlinuz-* arm64
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
btf=${1:-/sys/kernel/btf/vmlinux}
arch=${2:-$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')}
dir=$here/$arch
[ -r "$btf" ] || { echo "gen.sh: cannot read $btf" >&2; exit 5; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$btf
from="$btf"
case "$(head -c4 "$btf" | od -An -tx1 | tr -d ' ')" in
9feb0100 | 7f454c46) ;; # raw BTF or ELF: bpftool reads both
*)
	if [ "${btf%.deb}" != "$btf" ]; then
		dpkg-deb -x "$btf" "$tmp/deb"
		set -- "$tmp"/deb/boot/vmlinuz-*
		[ -f "$1" ] || { echo "gen.sh: no boot/vmlinuz-* in $btf" >&2; exit 5; }
		from="$(basename "$btf") ($(basename "$1"))"
		btf=$1
	fi
	python3 "$here/btf-carve.py" "$btf" "$tmp/btf" || exit 5
	src=$tmp/btf
	;;
esac
mkdir -p "$dir"
bpftool btf dump file "$src" format c >"$dir/vmlinux.h.tmp"
mv "$dir/vmlinux.h.tmp" "$dir/vmlinux.h"
{
	echo "vmlinux.h generated $(date -u +%F) by vmlinux/gen.sh from $from"
	[ "$btf" = /sys/kernel/btf/vmlinux ] && echo "kernel: $(uname -r) ($(uname -v))"
	echo "bpftool: $(bpftool version | head -1)"
} >"$dir/SOURCE"
echo "wrote $dir/vmlinux.h ($(wc -l <"$dir/vmlinux.h") lines)"
