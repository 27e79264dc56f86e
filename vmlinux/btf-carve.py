#!/usr/bin/env python3
"""btf-carve.py IMAGE OUT: write the raw .BTF blob embedded in a kernel image.

arm64 kernels ship as a flat Image (gzip'd or not), not an ELF vmlinux, so the
.BTF section cannot be found by name. The blob is located by its header
(struct btf_header: magic 0xeB9F, version 1, hdr_len 24, type section first,
string section right after it) and the largest consistent one is kept: that
is vmlinux's own BTF (the file /sys/kernel/btf/vmlinux would hold).
"""
import gzip
import struct
import sys


def carve(data):
    best = None
    pos = data.find(b"\x9f\xeb\x01\x00")
    while pos >= 0:
        if pos + 24 <= len(data):
            hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from("<5I", data, pos + 4)
            end = pos + hdr_len + str_off + str_len
            if (hdr_len == 24 and type_off == 0 and str_off == type_len and type_len > 0
                    and str_len > 0 and end <= len(data)
                    and data[pos + hdr_len + str_off] == 0):  # strings begin with ""
                if best is None or end - pos > best[1] - best[0]:
                    best = (pos, end)
        pos = data.find(b"\x9f\xeb\x01\x00", pos + 1)
    return best


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: btf-carve.py IMAGE OUT")
    data = open(sys.argv[1], "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    found = carve(data)
    if not found:
        sys.exit(f"btf-carve.py: no BTF blob in {sys.argv[1]} (kernel without CONFIG_DEBUG_INFO_BTF?)")
    with open(sys.argv[2], "wb") as f:
        f.write(data[found[0]:found[1]])
    print(f"btf-carve.py: {found[1] - found[0]} bytes of BTF at offset {found[0]}", file=sys.stderr)


main()
