#!/usr/bin/env bash
# The Debian packages (make deb, make deb-arm64; built here when the current
# version's are missing): lintian finds no error; the host's package installs
# (dpkg -i), its memstall is this build's version, `man -w` finds its pages,
# its completion loads, and it removes cleanly (dpkg -r, nothing left). The
# arm64 package holds the same files, with a static AArch64 binary.
# This host is shared: the install runs under /tmp/memstall-deb.lock and the
# package is always removed; a memstall package installed by someone else is
# left alone (the install checks skip).
set -u
. "$(dirname "$0")/../lib.sh"
DEBS=$OUT/deb
ver=$(scripts/version.sh)
host=$(dpkg --print-architecture)
T_LINT="lintian: no errors"
T_INST=("dpkg -i installs the package" "installed memstall --version is $ver"
	"man -w memstall and reclaimtop find the pages" "installed bash completion completes subcommands"
	"dpkg -r removes every file")

# deb ARCH: the current version's package for ARCH, built when missing
deb() {
	local f=$DEBS/memstall_${ver}_$1.deb
	# rebuilt when the build it would package is newer
	if [ ! -f "$f" ] || [ "$MEMSTALL" -nt "$f" ]; then
		scripts/mkdeb.sh "$1" "$DEBS" >"$TMP/mkdeb-$1.log" 2>&1 ||
			{ echo "# make deb for $1 failed: $(tail -n 3 "$TMP/mkdeb-$1.log")"; return 1; }
	fi
	echo "$f"
}

for a in "$host" arm64; do
	[ "$a" = "$host" ] || [ "$host" != arm64 ] || continue
	if ! f=$(deb "$a"); then
		not_ok "$a package builds" "$f" "$(tail -n 12 "$TMP/mkdeb-$a.log")"
		continue
	fi
	ok "$a package builds ($(basename "$f"), $(du -k "$f" | cut -f1) KiB)"
	if grep -q '^E:' "$DEBS/lintian-$a.txt" 2>/dev/null || [ ! -f "$DEBS/lintian-$a.txt" ]; then
		not_ok "$a $T_LINT" "$(cat "$DEBS/lintian-$a.txt" 2>&1)"
	else
		ok "$a $T_LINT ($(grep -c '^[WI]:' "$DEBS/lintian-$a.txt") warnings/notes)"
	fi
done

# the arm64 package: the same files, an AArch64 static binary
if [ "$host" = amd64 ] && [ -f "$DEBS/memstall_${ver}_arm64.deb" ]; then
	a64=$DEBS/memstall_${ver}_arm64.deb
	files() { dpkg-deb -c "$1" | awk '{ print $6 }' | sort; }
	x=$TMP/arm64-root
	dpkg-deb -x "$a64" "$x"
	elf=$(readelf -hlW "$x/usr/bin/memstall" 2>&1)
	if [ "$(dpkg-deb -f "$a64" Architecture)" = arm64 ] &&
		[ "$(files "$a64")" = "$(files "$DEBS/memstall_${ver}_amd64.deb")" ] &&
		grep -q 'Machine: *AArch64' <<<"$elf" && ! grep -q INTERP <<<"$elf"; then
		ok "arm64 package: the amd64 package's files, a static AArch64 memstall"
	else
		not_ok "arm64 package: the amd64 package's files, a static AArch64 memstall" \
			"$(diff <(files "$a64") <(files "$DEBS/memstall_${ver}_amd64.deb"))" \
			"$(grep -E 'Machine|INTERP' <<<"$elf")"
	fi
fi

require_root "${T_INST[@]}" || exit 0
f=$DEBS/memstall_${ver}_$host.deb
if [ ! -f "$f" ]; then
	for t in "${T_INST[@]}"; do not_ok "$t" "no package $f"; done
	exit 0
fi
exec 9>/tmp/memstall-deb.lock
flock -w 600 9 || { for t in "${T_INST[@]}"; do not_ok "$t" "/tmp/memstall-deb.lock busy for 10 min"; done; exit 0; }
if [ -n "$(dpkg-query -W -f='${db:Status-Status}' memstall 2>/dev/null | grep -v not-installed)" ]; then
	for t in "${T_INST[@]}"; do
		skip "$t" "a memstall package ($(dpkg-query -W -f='${Version}' memstall)) is installed on this host outside this test: not touching it"
	done
	exit 0
fi
on_exit "dpkg -P memstall"

# dpkg_retry ARGS...: dpkg waits for no one: retry while apt or dpkg of
# another session holds the lock (at most 2 min)
dpkg_retry() {
	local i out
	for i in $(seq 60); do
		out=$(dpkg "$@" 2>&1) && return 0
		grep -qi 'lock' <<<"$out" || { printf '%s\n' "$out"; return 1; }
		sleep 2
	done
	printf '%s\n' "$out"
	return 1
}

if ! out=$(dpkg_retry -i "$f"); then
	not_ok "${T_INST[0]}" "$out"
	exit 0
fi
ok "${T_INST[0]} ($(dpkg-query -W -f='${Version} ${Installed-Size} KiB' memstall))"
listed=$(dpkg -L memstall | while read -r p; do [ -d "$p" ] || echo "$p"; done)
v=$(/usr/bin/memstall --version 2>&1)
if [ "$(head -n 1 <<<"$v")" = "memstall  $ver" ] && grep -q 'static yes' <<<"$v"; then
	ok "${T_INST[1]}"
else
	not_ok "${T_INST[1]}" "$v"
fi
m1=$(man -w memstall 2>&1)
m2=$(man -w reclaimtop 2>&1)
m3=$(man -w memstall-snoop 2>&1)
if [ "$m1" = /usr/share/man/man8/memstall.8.gz ] && [ -e "$m2" ] && [ -e "$m3" ] &&
	man -P cat reclaimtop 2>/dev/null | grep -q 'reclaimtop - live view'; then
	ok "${T_INST[2]}"
else
	not_ok "${T_INST[2]}" "$m1" "$m2" "$m3"
fi
c=$(bash -c '. /usr/share/bash-completion/completions/memstall
	COMP_WORDS=(memstall sn); COMP_CWORD=1; _memstall; echo "${COMPREPLY[*]}"' 2>&1)
if [ "$c" = snoop ]; then
	ok "${T_INST[3]}"
else
	not_ok "${T_INST[3]}" "$c"
fi
if ! out=$(dpkg_retry -r memstall); then
	not_ok "${T_INST[4]}" "$out"
	exit 0
fi
left=$(while read -r p; do [ -e "$p" ] || [ -L "$p" ] && echo "$p"; done <<<"$listed")
st=$(dpkg-query -W -f='${db:Status-Status}' memstall 2>/dev/null)
if [ -z "$left" ] && { [ -z "$st" ] || [ "$st" = not-installed ] || [ "$st" = config-files ]; } &&
	! [ -e /usr/bin/memstall ]; then
	ok "${T_INST[4]} ($(wc -l <<<"$listed") files)"
else
	not_ok "${T_INST[4]}" "status: $st" "left: $left"
fi
