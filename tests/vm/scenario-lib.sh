#!/usr/bin/env bash
# Sourced by tests/vm/scenarios/NN-name.sh (after `set -u`). Boots Debian's
# kernels under QEMU with a guest script from tests/vm/guest/, brings the
# guest's result files back from the serial console and hands them to
# tests/vm/checks.py, which prints the TAP lines.
#
#   vm_setup TEST...       skip TEST... (each kernel) when qemu cannot start or
#                          the kernel debs cannot be fetched; returns 1 then
#   vm_scenario S GUEST [vm_boot options]  boot each kernel with GUEST and run
#                          the checks of scenario S; the array TESTS names
#                          them (for failures before the checks can run)
#   vm_disk_args MB        set DISK_ARGS: vm_boot options for an ext4 disk
#                          holding big.dat of MB MiB, with its modules
#   vm_boot K GUEST DIR [--mem M] [--numa] [--disk IMG] [--module M]...
#                          boot kernel K (a series: 6.1, 6.12) with GUEST;
#                          DIR (emptied first; use vm_dir) gets results/ and
#                          console.log, kept after the run for inspection
#   vm_dir SCENARIO K      echo CACHE/runs/SCENARIO/K
#   vm_check SCENARIO K DIR  assertions (TAP) of checks.py for one boot
#   vm_fail_boot SCENARIO K DIR MSG TEST...  not ok for each TEST + console tail
#   vm_pagecache_disk MB   echo the path of an ext4 image holding big.dat of MB MiB
#
# Env: VM_KERNELS (default "6.1 6.12"), CACHE (default tests/vm/.cache),
#      VM_TIMEOUT (seconds per boot, default 240), VM_ARCH (amd64, default,
#      or arm64: qemu-system-aarch64, kernels in CACHE/arm64, MEMSTALL and
#      WL_ALLOC default to the cross-built OUT/arm64/ binaries).
VM_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_HERE/../lib.sh"
VM_ARCH=${VM_ARCH:-amd64}
export VM_ARCH
VM_DISKS=${CACHE:-$VM_HERE/.cache}
case $VM_ARCH in
arm64)
	VM_CACHE=$VM_DISKS/arm64 VM_QEMU=qemu-system-aarch64 VM_QEMU_PKG=qemu-system-arm
	[ "$MEMSTALL" = "$OUT/memstall" ] && MEMSTALL=$OUT/arm64/memstall
	WL_ALLOC=${WL_ALLOC:-$OUT/arm64/memstall-wl-alloc} ;;
*)
	VM_CACHE=$VM_DISKS VM_QEMU=qemu-system-x86_64 VM_QEMU_PKG=qemu-system-x86
	WL_ALLOC=${WL_ALLOC:-$OUT/memstall-wl-alloc} ;;
esac
VM_KERNELS=${VM_KERNELS:-"6.1 6.12"}

vm_each() { # FUNC MSG TEST...: FUNC "KERNEL TEST" MSG for each kernel and TEST
	local fn=$1 msg=$2 k t
	shift 2
	for k in $VM_KERNELS; do
		for t in "$@"; do "$fn" "$k $t" "$msg"; done
	done
}
vm_skip_all() { vm_each skip "$@"; }
vm_fail_all() { vm_each not_ok "$@"; }

vm_setup() {
	local err
	if ! command -v $VM_QEMU >/dev/null; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			$VM_QEMU_PKG >/dev/null 2>&1
	fi
	if ! err=$($VM_QEMU -accel tcg -machine none -display none -monitor none \
		-serial none -S -daemonize -pidfile "$TMP/qemu-probe.pid" 2>&1); then
		vm_skip_all "qemu cannot start: ${err:-$VM_QEMU not installed ($VM_QEMU_PKG)}" "$@"
		return 1
	fi
	kill "$(cat "$TMP/qemu-probe.pid")" 2>/dev/null
	if ! err=$("$VM_HERE/fetch-kernels.sh" "$VM_CACHE" 2>&1 >/dev/null); then
		vm_skip_all "kernel debs cannot be fetched: $(printf '%s' "$err" | tail -n1)" "$@"
		return 1
	fi
	local b
	for b in "$MEMSTALL" "$WL_ALLOC"; do
		if [ ! -x "$b" ]; then
			vm_fail_all "$b is missing: run make ${VM_ARCH/amd64/all} (VM_ARCH=$VM_ARCH)" "$@"
			return 1
		fi
	done
	return 0
}

# vm_pagecache_disk MB: an ext4 image with one MB-MiB file /big.dat (cached;
# no journal, no metadata checksums; ext4 still wants crc32c at mount)
vm_pagecache_disk() {
	local mb=$1 img=$VM_DISKS/pagecache-$1M.img stage
	if [ ! -f "$img" ]; then
		stage=$TMP/disk-stage
		mkdir -p "$stage" || return 1
		yes 'memstall scenario page cache filler' | head -c "${mb}M" >"$stage/big.dat"
		mkfs.ext4 -q -F -O ^has_journal,^metadata_csum -d "$stage" "$img.tmp" \
			"$((mb + mb / 16 + 16))M" >/dev/null || { rm -f "$img.tmp"; return 1; }
		rm -rf "$stage"
		mv "$img.tmp" "$img"
	fi
	echo "$img"
}

vm_disk_args() {
	local img
	img=$(vm_pagecache_disk "$1") || return 1
	# shellcheck disable=SC2034 # used by the scenario scripts
	DISK_ARGS=(--disk "$img" --module virtio_pci --module virtio_blk
		--module crc32c_generic --module ext4)
}

# A scenario's "condition:" test checks that the guest kernel really got into
# the state under study (e.g. swapping at swappiness=0). That depends on the
# kernel's heuristics and timing, not on memstall: when it was not reached,
# boot once more before judging memstall; likewise when the guest died before
# the scenario began. Any other failure is final.
vm_scenario() {
	local s=$1 guest=$2 k dir out try
	shift 2
	for k in $VM_KERNELS; do
		dir=$(vm_dir "$s" "$k")
		for try in 1 2; do
			if ! vm_boot "$k" "$guest" "$dir" "$@"; then
				out=$(vm_fail_boot "$s" "$k" "$dir" "$VM_ERR" "${TESTS[@]}")
				# a guest kernel that died before the scenario began (seen
				# once: 6.12 panicked on an int3 while booting under TCG)
				# is not memstall's doing: boot once more. Nor is an
				# "Oops: int3" later: a text-patching site (static call,
				# fentry nop) executed half-patched, which QEMU's TCG
				# allows across vCPUs (seen once in CI at 6.12's
				# mem_cgroup_handle_over_high while memstall attached its
				# fentry program); BPF programs cannot raise it. Said,
				# then booted again; the second boot must pass.
				if grep -q 'Oops: int3' "$dir/console.log" 2>/dev/null; then
					[ $try -eq 1 ] && echo "# $k $s: the guest kernel oopsed on an int3 at a text-patching site (TCG); booting again"
					continue
				fi
				grep -q '^===MEMSTALL-SCENARIO-BEGIN===' "$dir/console.log" 2>/dev/null && break
				[ $try -eq 1 ] && echo "# $k $s: the guest kernel died before the scenario began; booting again"
				continue
			fi
			out=$(vm_check "$s" "$k" "$dir")
			grep -q '^not ok .*: condition:' <<<"$out" || break
			[ $try -eq 1 ] && echo "# $k $s: the guest did not reach the scenario's condition; booting again"
		done
		if grep -q '^not ok .*: condition:' <<<"$out"; then
			# Twice the guest kernel did not get into the state under
			# study: nothing of memstall's was measured. Say so as skips,
			# with the kernel's reason, instead of failing memstall.
			local why
			why=$(grep -A1 '^not ok .*: condition:' <<<"$out" | sed -n '2s/^# *//p' | cut -c1-160)
			sed -n 's/^not ok - \(.*\)$/\1/p; s/^ok - \([^#]*[^ #]\).*$/\1/p' <<<"$out" |
				while IFS= read -r name; do
					skip "$name" "the guest kernel did not reach the scenario's condition in two boots: $why"
				done
		else
			printf '%s\n' "$out"
		fi
	done
}

vm_boot() {
	local k=$1 guest=$2 dir=$3 mem=512M numa=0 qemu=() mods=() log cmdline=''
	shift 3
	while [ $# -gt 0 ]; do
		case $1 in
		--mem) mem=$2; shift 2 ;;
		--cmdline) cmdline=$2; shift 2 ;;
		--numa) numa=1; shift ;;
		--disk) qemu+=(-drive "file=$2,if=virtio,format=raw,readonly=on"); shift 2 ;;
		--module) mods+=(--module "$2"); shift 2 ;;
		*) VM_ERR="vm_boot: unknown option $1"; return 1 ;;
		esac
	done
	rm -rf "$dir"
	mkdir -p "$dir/results"
	log=$dir/console.log
	[ ${#mods[@]} -eq 0 ] || mods=(--modules-from "$VM_CACHE/$k/root" "${mods[@]}")
	if ! VM_ERR=$("$VM_HERE/mkinitramfs.sh" -o "$dir/initrd.cpio.gz" "$VM_HERE/guest/$guest" \
		"$VM_HERE/guest/lib.sh:/guest-lib.sh" "$MEMSTALL:/bin/memstall" \
		"$WL_ALLOC:/bin/memstall-wl-alloc" "${mods[@]}" 2>&1); then
		VM_ERR="initramfs: $(printf '%s' "$VM_ERR" | tail -n1)"
		return 1
	fi
	if ! VM_ERR=$(MEM=$mem NUMA=$numa SMP=2 LOG=$log TIMEOUT=${VM_TIMEOUT:-240} CMDLINE=$cmdline \
		"$VM_HERE/boot.sh" "$k" "$dir/initrd.cpio.gz" ${qemu[@]+"${qemu[@]}"} 2>&1 >/dev/null); then
		VM_ERR=$(printf '%s' "$VM_ERR" | head -n1)
		return 1
	fi
	VM_ERR=$(python3 "$VM_HERE/checks.py" extract "$log" "$dir/results" 2>&1) || return 1
	sha256sum <"$MEMSTALL" | cut -d' ' -f1 >"$dir/memstall.sha256"
	return 0
}

vm_dir() { echo "$VM_CACHE/runs/$1/$2"; }

vm_check() { # SCENARIO KERNEL DIR
	python3 "$VM_HERE/checks.py" "$1" "$2" "$3/results" "$3/console.log" \
		|| not_ok "$2 $1: assertions crashed" "$(tail -n 20 "$3/console.log" 2>/dev/null)"
}

vm_fail_boot() { # SCENARIO KERNEL DIR MSG TEST...
	local s=$1 k=$2 dir=$3 msg=$4 t tail
	shift 4
	tail=$(python3 "$VM_HERE/checks.py" tail "$dir/console.log" 2>&1)
	for t in "$@"; do
		not_ok "$k $t" "$msg" "guest console tail ($dir/console.log):" "$tail"
	done
}
