#!/usr/bin/env bash
# mkdeb.sh ARCH OUTDIR: build the memstall Debian package for ARCH (amd64 or
# arm64: cross-built) with debhelper, from a copy of this tree (tracked and
# untracked, not ignored, files) so the build never writes next to it; then
# check it with lintian. Leaves in OUTDIR:
#   memstall_<version>_<arch>.deb, memstall-dbgsym_..._<arch>.deb,
#   lintian-<arch>.txt (lintian's output), build-<arch>.log
# The package version is scripts/version.sh's: a snapshot between releases
# gets its own debian/changelog entry in the copy.
set -euo pipefail
arch=${1:?usage: mkdeb.sh ARCH OUTDIR}
out=${2:?usage: mkdeb.sh ARCH OUTDIR}
cd "$(dirname "$0")/.."
ver=$(scripts/version.sh)
mkdir -p "$out"
out=$(cd "$out" && pwd)
for t in dpkg-buildpackage dh dch lintian scdoc; do
	command -v $t >/dev/null || { echo "mkdeb.sh: $t is missing: run make deps" >&2; exit 3; }
done
if [ "$arch" != "$(dpkg --print-architecture)" ] &&
	! command -v "$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)-gcc" >/dev/null; then
	echo "mkdeb.sh: no cross compiler for $arch: run make deps" >&2
	exit 3
fi

work=$out/build-$arch
src=$work/memstall-$ver
rm -rf "$work"
mkdir -p "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src" 2>/dev/null ||
		git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && cp --parents -t "$src" "$f"; done
else
	tar -C . --exclude=./.output --exclude=./tests/vm/.cache -cf - . | tar -C "$src" -xf -
fi
echo "$ver" >"$src/.version"
cl_ver=$(dpkg-parsechangelog -l "$src/debian/changelog" -SVersion)
if [ "$cl_ver" != "$ver" ]; then
	(cd "$src" && DEBFULLNAME="memstall developers" DEBEMAIL=memstall@example.org \
		dch -b -v "$ver" -D UNRELEASED "Snapshot $ver (make deb)." >/dev/null 2>&1)
fi
echo "mkdeb.sh: building memstall $ver for $arch in $src" >&2
start=$(date +%s)
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=2 ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -a"$arch" -d -b -us -uc) >"$out/build-$arch.log" 2>&1; then
	tail -n 30 "$out/build-$arch.log" >&2
	echo "mkdeb.sh: the package build failed: $out/build-$arch.log" >&2
	exit 1
fi
changes=$(ls "$work"/memstall_*_"$arch".changes)
lintian --tag-display-limit 0 "$changes" 2>&1 |
	grep -v 'running with root privileges is not recommended' >"$out/lintian-$arch.txt" || true
rm -f "$out"/memstall_*_"$arch".deb "$out"/memstall-dbgsym_*_"$arch".*deb
mv "$work"/memstall*_"$arch".*deb "$out"/
deb=$(ls "$out"/memstall_"$ver"_"$arch".deb)
echo "mkdeb.sh: $deb ($(du -k "$deb" | cut -f1) KiB, $(($(date +%s) - start)) s)"
if grep -q '^E:' "$out/lintian-$arch.txt"; then
	grep '^E:' "$out/lintian-$arch.txt" >&2
	echo "mkdeb.sh: lintian found errors: $out/lintian-$arch.txt" >&2
	exit 1
fi
sed 's/^/lintian: /' "$out/lintian-$arch.txt"
rm -rf "$work"
