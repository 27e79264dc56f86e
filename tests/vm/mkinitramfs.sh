#!/bin/bash
# mkinitramfs.sh -o OUT.cpio.gz SCENARIO [SRC:DEST ...]
#                [--modules-from DIR --module NAME [--module NAME ...]]
#
# Builds a gzip'd newc cpio initramfs containing:
#   /bin/busybox (from busybox-static, installed if missing) + applet links;
#                   with VM_ARCH=arm64 from busybox-static:arm64 (downloaded
#                   and unpacked into CACHE/arm64/busybox, not installed)
#   /init           mounts proc, sys, devtmpfs, tracefs (/sys/kernel/tracing),
#                   debugfs (/sys/kernel/debug), cgroup2 (/sys/fs/cgroup),
#                   loads the listed modules, runs /scenario.sh, then
#                   `poweroff -f`. All output goes to /dev/console (ttyS0
#                   with console=ttyS0).
#   /scenario.sh    copy of SCENARIO (run with busybox sh)
#   DEST            copy of host file SRC for each SRC:DEST argument; ELF
#                   binaries must be statically linked (checked)
#   /lib/modules/<release>/...  the named modules plus everything they depend
#                   on (from DIR's modules.dep), decompressed to plain .ko
#
# DIR is an unpacked kernel tree (the CACHE/<release>/root made by
# fetch-kernels.sh) or its lib/modules/<release> directory.
#
# The guest prints these markers on the console:
#   ===MEMSTALL-SCENARIO-BEGIN===
#   ===MEMSTALL-SCENARIO-END rc=<exit status of scenario.sh>===
set -eu

die() { echo "mkinitramfs.sh: error: $*" >&2; exit 1; }
usage() { die "usage: mkinitramfs.sh -o OUT SCENARIO [SRC:DEST ...] [--modules-from DIR --module NAME ...]"; }

out='' scenario='' moddir=''
files=() modules=()
while [ $# -gt 0 ]; do
    case $1 in
        -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
        --modules-from) [ $# -ge 2 ] || usage; moddir=$2; shift 2 ;;
        --module) [ $# -ge 2 ] || usage; modules+=("$2"); shift 2 ;;
        -h|--help) usage ;;
        -*) die "unknown option $1" ;;
        *) if [ -z "$scenario" ]; then scenario=$1; else files+=("$1"); fi; shift ;;
    esac
done
[ -n "$out" ] && [ -n "$scenario" ] || usage
[ -r "$scenario" ] || die "cannot read scenario $scenario"
[ ${#modules[@]} -eq 0 ] || [ -n "$moddir" ] || die "--module needs --modules-from DIR"

install_pkg() {
    echo "mkinitramfs.sh: installing $1" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >/dev/null \
        || die "could not install $1 (apt-get install $1)"
}
busybox=/bin/busybox
[ -x "$busybox" ] && [ "$(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null)" = "install ok installed" ] \
    || install_pkg busybox-static
command -v cpio >/dev/null || install_pkg cpio
command -v readelf >/dev/null || install_pkg binutils
! readelf -lW "$busybox" | grep -q INTERP || die "$busybox is not statically linked (need busybox-static)"
# the host's busybox lists the applets (the guest's may not run here)
applets=$("$busybox" --list-full)
case ${VM_ARCH:-amd64} in
amd64) machine='X86-64' ;;
arm64)
    machine='AArch64'
    bbdir=${CACHE:-$(cd "$(dirname "$0")" && pwd)/.cache}/arm64/busybox
    if [ ! -x "$bbdir/bin/busybox" ]; then
        mkdir -p "$bbdir" || die "cannot create $bbdir"
        (cd "$bbdir" && rm -f ./*.deb &&
            apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64 >/dev/null &&
            dpkg-deb -x busybox-static_*_arm64.deb .) ||
            die "cannot fetch busybox-static:arm64 (dpkg --add-architecture arm64; apt-get update)"
    fi
    busybox=$bbdir/bin/busybox ;;
*) die "VM_ARCH=$VM_ARCH: use amd64 or arm64" ;;
esac
readelf -hW "$busybox" | grep -q "Machine:.*$machine" || die "$busybox is not an $machine binary"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,lib/modules,run,mnt}
cp "$busybox" "$stage/bin/busybox"
# Applet links are created at build time so /init can use plain names.
for a in $applets; do
    [ -e "$stage/$a" ] || ln -s /bin/busybox "$stage/$a"
done
# Console node so the kernel can open the initial console before devtmpfs.
mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
mknod -m 666 "$stage/dev/null" c 1 3 2>/dev/null || true
cp "$scenario" "$stage/scenario.sh"
chmod 755 "$stage/scenario.sh"

# Extra host files.
for spec in ${files[@]+"${files[@]}"}; do
    case $spec in *:*) ;; *) die "extra file '$spec' is not SRC:DEST" ;; esac
    src=${spec%%:*} dest=${spec#*:}
    [ -e "$src" ] || die "extra file $src does not exist"
    case $dest in /*) ;; *) die "DEST of '$spec' must be an absolute path" ;; esac
    if [ "$(head -c4 "$src" | od -An -c | tr -d ' ')" = "177ELF" ] \
        && readelf -lW "$src" 2>/dev/null | grep -q 'INTERP'; then
        die "$src is dynamically linked; only static binaries run in the guest"
    fi
    if [ "$(head -c4 "$src" | od -An -c | tr -d ' ')" = "177ELF" ] \
        && ! readelf -hW "$src" | grep -q "Machine:.*$machine"; then
        die "$src is not an $machine binary (VM_ARCH=${VM_ARCH:-amd64}: build it for the guest)"
    fi
    mkdir -p "$stage$(dirname "$dest")"
    cp -L "$src" "$stage$dest"
done

# Kernel modules, dependencies first.
modlist=()
if [ -n "$moddir" ]; then
    [ -d "$moddir" ] || die "--modules-from $moddir is not a directory"
    if [ ! -f "$moddir/modules.dep" ]; then
        set -- "$moddir"/lib/modules/*/modules.dep
        [ $# -eq 1 ] && [ -f "$1" ] || die "no (single) lib/modules/*/modules.dep under $moddir (run fetch-kernels.sh)"
        moddir=$(dirname "$1")
    fi
    rel=$(basename "$moddir")
    dep=$moddir/modules.dep
    declare -A seen=()
    # Module name -> path as listed in modules.dep ('-' and '_' are equal).
    modpath() {
        n=$(printf '%s' "$1" | tr '-' '_')
        awk -F: -v n="$n" '{ b=$1; sub(".*/","",b); sub("\\.ko(\\.(xz|zst|gz))?$","",b);
                              gsub("-","_",b); if (b==n) { print $1; exit } }' "$dep"
    }
    add_mod() { # PATH (relative to moddir), appends deps then itself
        local p=$1 d
        [ -z "${seen[$p]:-}" ] || return 0
        seen[$p]=1
        # modules.dep lists the full dependency closure; modprobe loads it
        # from the end of the list, so recurse in reverse order.
        for d in $(awk -F: -v p="$p" '$1==p{print $2; exit}' "$dep" | tr ' ' '\n' | tac); do
            add_mod "$d"
        done
        modlist+=("$p")
    }
    for m in "${modules[@]}"; do
        p=$(modpath "$m")
        if [ -z "$p" ]; then
            n=$(printf '%s' "$m" | tr '-' '_')
            if tr '-' '_' <"$moddir/modules.builtin" 2>/dev/null | grep -q "/$n\.ko$"; then
                echo "mkinitramfs.sh: module $m is built into $rel, skipping" >&2
                continue
            fi
            die "module $m not found in $dep"
        fi
        add_mod "$p"
    done
    dst=$stage/lib/modules/$rel
    : >"$stage/etc/modules.order"
    for p in ${modlist[@]+"${modlist[@]}"}; do
        mkdir -p "$dst/$(dirname "$p")"
        case $p in
            *.ko.xz) xz -dc "$moddir/$p" >"$dst/${p%.xz}" || die "xz -d $p failed" ;;
            *.ko.zst) zstd -qdc "$moddir/$p" >"$dst/${p%.zst}" || die "zstd -d $p failed" ;;
            *.ko.gz) gzip -dc "$moddir/$p" >"$dst/${p%.gz}" || die "gzip -d $p failed" ;;
            *.ko) cp "$moddir/$p" "$dst/$p" ;;
            *) die "unexpected module file $p" ;;
        esac
        p=${p%.xz} p=${p%.zst} p=${p%.gz}
        echo "/lib/modules/$rel/$p" >>"$stage/etc/modules.order"
    done
    [ ${#modlist[@]} -eq 0 ] || echo "mkinitramfs.sh: modules: ${modlist[*]##*/}" >&2
fi

cat >"$stage/init" <<'EOF'
#!/bin/busybox sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null \
    || echo "init: warning: cannot mount tracefs"
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null \
    || echo "init: warning: cannot mount debugfs"
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null || true
hostname memstall-vm
if [ -s /etc/modules.order ]; then
    [ -d "/lib/modules/$(uname -r)" ] \
        || echo "init: warning: modules are not for the running kernel $(uname -r): $(ls /lib/modules)"
    while read -r m; do
        insmod "$m" || echo "init: warning: insmod $m failed"
    done </etc/modules.order
fi
echo "===MEMSTALL-SCENARIO-BEGIN==="
sh /scenario.sh
rc=$?
echo "===MEMSTALL-SCENARIO-END rc=$rc==="
sync
poweroff -f
EOF
chmod 755 "$stage/init"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    | gzip -6 >"$out.tmp" || die "cpio/gzip failed"
mv "$out.tmp" "$out"
echo "mkinitramfs.sh: wrote $out ($(du -k "$out" | cut -f1) KiB)" >&2
