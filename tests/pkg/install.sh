#!/usr/bin/env bash
# make install / make uninstall into a scratch DESTDIR: the binary and its
# reclaimtop link, every man page, both completions (and contrib/ when the
# tree has one); uninstall leaves no file behind.
set -u
. "$(dirname "$0")/../lib.sh"
dest=$TMP/root
prefix=/usr/local
if ! out=$(make --no-print-directory OUTPUT="$OUT" DESTDIR="$dest" PREFIX=$prefix install 2>&1); then
	not_ok "make install" "$out"
	exit 0
fi
want=(bin/memstall bin/reclaimtop share/bash-completion/completions/memstall
	share/bash-completion/completions/reclaimtop share/zsh/site-functions/_memstall)
for f in man/*.8.scd man/reclaimtop.8; do
	f=${f##*/}
	want+=("share/man/man8/${f%.scd}")
done
if [ -d contrib ]; then
	while IFS= read -r f; do want+=("share/memstall/contrib/${f#contrib/}"); done < <(find contrib -type f)
fi
missing=()
for f in "${want[@]}"; do [ -e "$dest$prefix/$f" ] || missing+=("$f"); done
if [ ${#missing[@]} -eq 0 ]; then
	ok "make install: binary, reclaimtop, man pages, completions, contrib (${#want[@]} files)"
else
	not_ok "make install: binary, reclaimtop, man pages, completions, contrib" "missing under $dest$prefix: ${missing[*]}"
fi
v=$("$dest$prefix/bin/reclaimtop" --help 2>&1 | head -n 1)
case $v in
*"memstall top"*) ok "installed reclaimtop runs memstall top" ;;
*) not_ok "installed reclaimtop runs memstall top" "$v" ;;
esac
if [ "$("$dest$prefix/bin/memstall" --version | head -n 1)" = "$("$MEMSTALL" --version | head -n 1)" ]; then
	ok "installed memstall --version is the build's"
else
	not_ok "installed memstall --version is the build's" "$("$dest$prefix/bin/memstall" --version 2>&1)"
fi
if ! out=$(make --no-print-directory OUTPUT="$OUT" DESTDIR="$dest" PREFIX=$prefix uninstall 2>&1); then
	not_ok "make uninstall" "$out"
	exit 0
fi
left=$(find "$dest" ! -type d)
if [ -z "$left" ]; then
	ok "make uninstall removes every installed file"
else
	not_ok "make uninstall removes every installed file" "left: $left"
fi
