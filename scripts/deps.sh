#!/usr/bin/env bash
# Install the Debian packages memstall needs to build and test, only those
# missing. Quiet and fast (one dpkg-query) when everything is present.
set -euo pipefail

PKGS=(
	make gcc clang llvm bpftool libbpf-dev libelf-dev zlib1g-dev libzstd-dev
	libtraceevent-dev libjson-c-dev libncurses-dev libmicrohttpd-dev libcmocka-dev
	libgnutls28-dev nettle-dev libgmp-dev libtasn1-6-dev libidn2-dev libunistring-dev
	libp11-kit-dev libyaml-dev libcrypt-dev libdw-dev liblzma-dev libbz2-dev chromium prometheus openssl curl python3-yaml
	python3 tmux libbpf-tools bpftrace clang-format cppcheck libclang-rt-14-dev
	qemu-system-x86 busybox-static kmod cpio xz-utils zstd
	scdoc groff-base man-db zsh debhelper devscripts dpkg-dev lintian
	qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	libbpf-dev:arm64 libelf-dev:arm64 zlib1g-dev:arm64 libzstd-dev:arm64
	libtraceevent-dev:arm64 libncurses-dev:arm64 libmicrohttpd-dev:arm64
	libgnutls28-dev:arm64 nettle-dev:arm64 libgmp-dev:arm64 libtasn1-6-dev:arm64
	libidn2-dev:arm64 libunistring-dev:arm64 libyaml-dev:arm64 libcrypt-dev:arm64
	libdw-dev:arm64 liblzma-dev:arm64 libbz2-dev:arm64
)

# the arm64 cross build links the :arm64 -dev packages (multiarch)
installed=$(dpkg-query -W -f='${Package}:${Architecture} ${db:Status-Status}\n' "${PKGS[@]}" 2>/dev/null |
	awk '$2 == "installed" { print $1 }' || true)
native=$(dpkg --print-architecture)
missing=()
for p in "${PKGS[@]}"; do
	case $p in
	*:*) q=$p ;;
	*) q=$p:$native ;;
	esac
	grep -qx -e "$q" -e "$p:all" <<<"$installed" || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}: run 'sudo make deps'" >&2
	exit 3
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if grep -q ':arm64' <<<"${missing[*]}" && [ "$native" != arm64 ] &&
	! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	apt-get update -qq >/tmp/memstall-deps.log 2>&1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/memstall-deps.log 2>&1; then
	apt-get update -qq >>/tmp/memstall-deps.log 2>&1
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/memstall-deps.log 2>&1 || {
		echo "deps: apt-get install failed, see /tmp/memstall-deps.log" >&2
		tail -5 /tmp/memstall-deps.log >&2
		exit 1
	}
fi
