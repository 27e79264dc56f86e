#!/bin/bash
# extract-vmlinux.sh BZIMAGE OUT [BTF_OUT]
#
# Extracts the uncompressed vmlinux ELF embedded in a bzImage (vmlinuz):
# scans for the magic bytes of each supported compressor (gzip, xz, zstd,
# bzip2, lzma, lz4, lzo), tries to decompress from every hit and keeps the
# first result that is an ELF file. OUT then carries the .BTF section, so
# `bpftool btf dump file OUT` works on it. With BTF_OUT, the raw .BTF section
# is also written there (same format as /sys/kernel/btf/vmlinux).
set -eu

die() { echo "extract-vmlinux.sh: error: $*" >&2; exit 1; }

[ $# -eq 2 ] || [ $# -eq 3 ] || die "usage: extract-vmlinux.sh BZIMAGE OUT [BTF_OUT]"
img=$1 out=$2 btf_out=${3:-}
[ -r "$img" ] || die "cannot read $img"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

is_elf() { [ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = "177ELF" ]; }

# try NAME MAGIC(grep -P escapes) DECOMPRESS-COMMAND...
try() {
    name=$1 magic=$2; shift 2
    command -v "$1" >/dev/null 2>&1 || return 1
    for off in $(LC_ALL=C grep -obaP "$magic" "$img" | cut -d: -f1); do
        tail -c +"$((off + 1))" "$img" | "$@" >"$tmp/vmlinux" 2>/dev/null || true
        if [ -s "$tmp/vmlinux" ] && is_elf "$tmp/vmlinux"; then
            mv "$tmp/vmlinux" "$out"
            echo "extract-vmlinux.sh: $name stream at offset $off -> $out" >&2
            save_btf
            return 0
        fi
    done
    return 1
}

# Copy the .BTF section of $out to $btf_out (if requested).
save_btf() {
    [ -n "$btf_out" ] || return 0
    command -v readelf >/dev/null || die "readelf not found (apt-get install binutils)"
    # shellcheck disable=SC2046 # two words wanted
    set -- $(readelf -SW "$out" | sed 's/^ *\[ *[0-9]*\]//' | awk '$1==".BTF"{print $4, $5}')
    [ $# -eq 2 ] || die "$out has no .BTF section"
    tail -c +"$((0x$1 + 1))" "$out" | head -c "$((0x$2))" >"$btf_out"
    echo "extract-vmlinux.sh: .BTF ($((0x$2)) bytes) -> $btf_out" >&2
}

if is_elf "$img"; then cp "$img" "$out"; save_btf; exit 0; fi
try gzip  '\x1f\x8b\x08'              gzip -dc  && exit 0
try xz    '\xfd\x37\x7a\x58\x5a\x00'  xz -dc    && exit 0
try zstd  '\x28\xb5\x2f\xfd'          zstd -dc  && exit 0
try bzip2 'BZh'                       bzip2 -dc && exit 0
try lzma  '\x5d\x00\x00\x00'          xz -dc --format=lzma && exit 0
try lz4   '\x02\x21\x4c\x18'          lz4 -dc   && exit 0
try lzo   '\x89\x4c\x5a\x4f'          lzop -dc  && exit 0
die "no compressed vmlinux ELF found in $img"
