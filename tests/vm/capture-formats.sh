#!/bin/bash
# capture-formats.sh [--host] [SERIES ...]
#
# Captures the tracepoint format files listed in guest/dump-formats.sh into
# tests/fixtures/formats/<major.minor>/<system>__<event>.format (byte-exact:
# the guest sends them base64-encoded with an md5 that is checked here).
#   SERIES   kernels from fetch-kernels.sh to boot under QEMU (default: 6.1 6.12)
#   --host   also run the script on this host (tracefs mounted if needed)
# The facts lines (kprobes, lru_gen, BTF md5, ...) and /proc/version of each
# kernel are kept in CACHE/facts-<major.minor>.txt.
set -eu

die() { echo "capture-formats.sh: error: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
cache=${CACHE:-$here/.cache}
fixtures=${FIXTURES:-$(cd "$here/.." && pwd)/fixtures/formats}
host=0 series=()
for a in "$@"; do
    case $a in --host) host=1 ;; -*) die "unknown option $a" ;; *) series+=("$a") ;; esac
done
[ ${#series[@]} -gt 0 ] || [ $host = 1 ] || series=(6.1 6.12)

# parse LOG: writes fixtures and facts for the kernel that produced LOG.
parse() {
    log=$1 tmp=$(mktemp -d)
    tr -d '\r' <"$log" | awk -v d="$tmp" '
        /^===FILE-BEGIN / { name=$2; sub("===$","",name); f=name; gsub("[/:]","__",f);
                            out=d "/" f ".b64"; printf "" > out; next }
        /^===FILE-END /   { close(out); print $2, $3 > (d "/index"); out=""; next }
        /^===FACT /       { print > (d "/facts"); next }
        out != ""         { print >> out }'
    [ -f "$tmp/index" ] || { rm -rf "$tmp"; die "no ===FILE markers in $log"; }
    declare -A got=()
    while read -r name md5; do
        f=$(printf '%s' "$name" | sed 's#[/:]#__#g')
        base64 -d "$tmp/$f.b64" >"$tmp/$f" 2>/dev/null || die "bad base64 for $name in $log"
        [ "md5=$(md5sum <"$tmp/$f" | cut -d' ' -f1)===" = "$md5" ] \
            || die "md5 mismatch for $name in $log (console noise?)"
        got[$name]=$tmp/$f
    done <"$tmp/index"
    [ -n "${got[proc_version]:-}" ] || die "no /proc/version in $log"
    ver=$(awk '{print $3}' "${got[proc_version]}")
    mm=$(echo "$ver" | cut -d. -f1,2)
    dst=$fixtures/$mm
    rm -rf "$dst"; mkdir -p "$dst"
    n=0
    for name in "${!got[@]}"; do
        case $name in format:*)
            ev=${name#format:}
            cp "${got[$name]}" "$dst/${ev%%/*}__${ev#*/}.format"; n=$((n + 1)) ;;
        esac
    done
    {
        echo "proc_version: $(cat "${got[proc_version]}")"
        [ -n "${got[lru_gen_enabled]:-}" ] && echo "lru_gen_enabled: $(cat "${got[lru_gen_enabled]}")"
        sed 's/^===FACT //; s/===$//' "$tmp/facts" 2>/dev/null || true
    } >"$cache/facts-$mm.txt"
    echo "capture-formats.sh: $ver: $n format files -> $dst, facts -> $cache/facts-$mm.txt" >&2
    rm -rf "$tmp"
}

mkdir -p "$cache"
if [ ${#series[@]} -gt 0 ]; then
    "$here/mkinitramfs.sh" -o "$cache/dump-formats.cpio.gz" "$here/guest/dump-formats.sh"
    for s in "${series[@]}"; do
        log=$(LOG="$cache/logs/dump-formats-$s.log" "$here/boot.sh" "$s" "$cache/dump-formats.cpio.gz") \
            || die "boot of $s failed (see $cache/logs/dump-formats-$s.log)"
        parse "$log"
    done
fi
if [ $host = 1 ]; then
    if ! [ -d /sys/kernel/tracing/events ]; then
        mount -t tracefs tracefs /sys/kernel/tracing || die "cannot mount tracefs at /sys/kernel/tracing"
    fi
    mkdir -p "$cache/logs"
    sh "$here/guest/dump-formats.sh" >"$cache/logs/dump-formats-host.log" 2>&1 || true
    parse "$cache/logs/dump-formats-host.log"
fi
