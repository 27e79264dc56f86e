#!/bin/bash
# fetch-kernels.sh [CACHE_DIR]
#
# Downloads (apt-get download) the newest Debian linux-image-6.1.*-ARCH and
# linux-image-6.12.*-ARCH debs (plain flavour; ARCH from env VM_ARCH, amd64
# by default, or arm64) into CACHE_DIR (default: tests/vm/.cache next to this
# script, tests/vm/.cache/arm64 for arm64), unpacks each into
# CACHE_DIR/<kernel-release>/root and runs depmod on it. arm64 packages need
# the architecture known to dpkg (`dpkg --add-architecture arm64; apt-get
# update`; done here when missing).
#
# Layout produced:
#   CACHE_DIR/debs/<pkg>_<ver>_<arch>.deb
#   CACHE_DIR/<release>/root/boot/vmlinuz-<release>
#   CACHE_DIR/<release>/root/lib/modules/<release>/...
#   CACHE_DIR/<release>/VERSION      "<release> <debian-pkg-version>"
#   CACHE_DIR/<release>/.done        marker: unpack + depmod finished
#   CACHE_DIR/<series> -> <release>  symlink, e.g. .cache/6.1 -> 6.1.0-56-amd64
#
# Idempotent: an already unpacked release is left alone. Series to fetch can
# be overridden with env SERIES (default "6.1 6.12").
set -eu

die() { echo "fetch-kernels.sh: error: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
arch=${VM_ARCH:-amd64}
case $arch in
amd64) cache=${1:-$here/.cache} ;;
arm64) cache=${1:-$here/.cache/arm64} ;;
*) die "VM_ARCH=$arch: use amd64 or arm64" ;;
esac
series_list=${SERIES:-"6.1 6.12"}

command -v apt-cache >/dev/null || die "apt-cache not found (Debian host required)"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
if ! command -v depmod >/dev/null && [ ! -x /sbin/depmod ] && [ ! -x /usr/sbin/depmod ]; then
    echo "fetch-kernels.sh: installing kmod (for depmod)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kmod >/dev/null \
        || die "could not install kmod"
fi
depmod=$(command -v depmod || echo /sbin/depmod)

if [ "$arch" != "$(dpkg --print-architecture)" ] &&
    ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    echo "fetch-kernels.sh: adding dpkg architecture $arch" >&2
    dpkg --add-architecture "$arch" && apt-get update >/dev/null ||
        die "cannot add architecture $arch (dpkg --add-architecture $arch; apt-get update)"
fi

mkdir -p "$cache/debs" || die "cannot create cache dir $cache"
cache=$(cd "$cache" && pwd)

# List plain -ARCH image packages of one series (e.g. 6.1), one per line.
list_pkgs() {
    re=$(printf '%s' "$1" | sed 's/\./\\./g')
    apt-cache pkgnames linux-image- 2>/dev/null \
        | grep -E "^linux-image-${re}\.[0-9][^ ]*-$arch\$" \
        | grep -Ev -e "-(cloud|rt|16k)-$arch\$" -e '-dbg$' -e 'unsigned' || true
}

# Print "<pkg> <version>" of the newest candidate of a series.
newest() {
    pkgs=$(list_pkgs "$1")
    [ -n "$pkgs" ] || return 0
    # shellcheck disable=SC2086
    apt-cache policy $(printf "%s:$arch " $pkgs) 2>/dev/null \
        | awk '/^[^ ]/{sub(":$","",$1); sub(":[a-z0-9]+$","",$1); p=$1} /Candidate:/ && $2 != "(none)" {print p, $2}' \
        | while read -r p v; do
            if [ -z "${best_ver:-}" ] || dpkg --compare-versions "$v" gt "$best_ver"; then
                best_pkg=$p best_ver=$v
            fi
            echo "$best_pkg $best_ver"
        done | tail -n1
}

# Print the cached .deb of package $1 at version $2, if any.
find_deb() {
    for f in "$cache/debs/${1}_"*_"$arch".deb; do
        [ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "$2" ] && { echo "$f"; return 0; }
    done
    return 0
}

updated=0
for s in $series_list; do
    sel=$(newest "$s" || true)
    if [ -z "$sel" ] && [ "$updated" = 0 ]; then
        echo "fetch-kernels.sh: no linux-image-$s.* package known, running apt-get update" >&2
        apt-get update >/dev/null || die "apt-get update failed"
        updated=1
        sel=$(newest "$s" || true)
    fi
    if [ -z "$sel" ]; then
        # Offline fallback: keep using what is already unpacked.
        if [ -f "$cache/$s/.done" ]; then
            echo "fetch-kernels.sh: warning: apt knows no $s kernel, using cached $(readlink "$cache/$s")" >&2
            echo "$s: $(cat "$cache/$s/VERSION") (cached)"
            continue
        fi
        die "no linux-image-$s.*-$arch package found by apt-cache"
    fi
    pkg=${sel% *} ver=${sel#* }
    rel=${pkg#linux-image-}
    dir=$cache/$rel
    if [ -f "$dir/.done" ] && [ "$(cat "$dir/VERSION")" = "$rel $ver" ]; then
        ln -sfn "$rel" "$cache/$s"
        echo "$s: $rel $ver (cached)"
        continue
    fi
    deb=$(find_deb "$pkg" "$ver")
    if [ -z "$deb" ]; then
        echo "fetch-kernels.sh: downloading $pkg=$ver" >&2
        (cd "$cache/debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg:$arch=$ver" >/dev/null) \
            || die "apt-get download $pkg=$ver failed"
        deb=$(find_deb "$pkg" "$ver")
        [ -n "$deb" ] || die "downloaded $pkg=$ver but cannot find the .deb in $cache/debs"
    fi
    rm -rf "$dir"
    mkdir -p "$dir/root"
    dpkg-deb -x "$deb" "$dir/root" || die "dpkg-deb -x $deb failed"
    [ -d "$dir/root/lib/modules/$rel" ] || die "$deb has no lib/modules/$rel"
    ls "$dir/root/boot/vmlinuz-$rel" >/dev/null 2>&1 || die "$deb has no boot/vmlinuz-$rel"
    "$depmod" -b "$dir/root" "$rel" || die "depmod -b $dir/root $rel failed"
    echo "$rel $ver" >"$dir/VERSION"
    touch "$dir/.done"
    ln -sfn "$rel" "$cache/$s"
    echo "$s: $rel $ver"
done
