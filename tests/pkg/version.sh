#!/usr/bin/env bash
# memstall --version and memstall version --json: the version scripts/version.sh
# computes (git describe, or VERSION+git<date>.<hash>, or a tarball's), this
# build's libbpf, static linking and architecture; VERSION, CHANGELOG.md's top
# entry and debian/changelog agree; a source tarball (git archive) without
# .git still knows its version.
set -u
. "$(dirname "$0")/../lib.sh"
if [ ! -x "$MEMSTALL" ]; then
	not_ok "memstall --version" "$MEMSTALL is missing: run make"
	exit 0
fi
want=$(scripts/version.sh)
v=$("$MEMSTALL" --version 2>&1)
if [ "$(head -n 1 <<<"$v")" = "memstall  $want" ] && [ "$v" = "$("$MEMSTALL" version)" ]; then
	ok "memstall --version: memstall $want (= memstall version)"
else
	not_ok "memstall --version: memstall $want (= memstall version)" "$v"
fi
j=$("$MEMSTALL" version --json)
arch=$(uname -m)
case $MEMSTALL in */arm64/*) arch=aarch64 ;; esac
libbpf=$(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null | sed -E 's/^[0-9]+://; s/^([0-9]+\.[0-9]+).*/\1/')
if python3 -c '
import json, sys
d = json.loads(sys.argv[1])
want = {"type": "version", "version": sys.argv[2], "static": True, "arch": sys.argv[3], "libbpf": sys.argv[4]}
bad = {k: d.get(k) for k in want if d.get(k) != want[k]}
assert not bad, f"{bad} != {want}"
assert len(d["build_date"]) == 10 and d["build_date"][4] == "-", d["build_date"]
' "$j" "$want" "$arch" "$libbpf" 2>"$TMP/err"; then
	ok "memstall version --json: version, static, $arch, libbpf $libbpf, build date"
else
	not_ok "memstall version --json: version, static, $arch, libbpf $libbpf, build date" "$j" "$(tail -n 1 "$TMP/err")"
fi
expect_fail "memstall version --bogus: usage error" 2 "version: bad option" "$MEMSTALL" version --bogus

base=$(cat VERSION)
top=$(sed -n 's/^## \[\([^]]*\)\].*/\1/p' CHANGELOG.md | head -n 1)
deb=$(dpkg-parsechangelog -l debian/changelog -SVersion 2>/dev/null)
if [ "$top" = "$base" ] && [ "$deb" = "$base" ]; then
	ok "VERSION, CHANGELOG.md and debian/changelog agree ($base)"
else
	not_ok "VERSION, CHANGELOG.md and debian/changelog agree" "VERSION $base, CHANGELOG.md $top, debian/changelog $deb"
fi
case $want in
"$base" | "$base"+git* | [0-9]*) ok "scripts/version.sh: $want starts from VERSION or a release tag" ;;
*) not_ok "scripts/version.sh: $want starts from VERSION or a release tag" ;;
esac

# a tarball made by git archive: .tarball-version filled in (export-subst)
if git rev-parse HEAD >/dev/null 2>&1; then
	mkdir -p "$TMP/tar"
	git archive HEAD VERSION .tarball-version scripts/version.sh | tar -C "$TMP/tar" -xf -
	h=$(git rev-parse --short HEAD)
	tv=$("$TMP/tar/scripts/version.sh")
	case $tv in
	"$(git show HEAD:VERSION)+git"*".$h"*) ok "a git archive tarball knows its version ($tv)" ;;
	*) not_ok "a git archive tarball knows its version" "got $tv, want $(git show HEAD:VERSION)+git<date>.$h" ;;
	esac
else
	skip "a git archive tarball knows its version" "not a git checkout"
fi
