#!/usr/bin/env bash
# Shell completion (completion/memstall.bash, completion/_memstall): the bash
# function is driven as bash would (COMP_WORDS, COMP_CWORD) and its answers
# are compared with what the binary's --help says (tests/pkg/help.bash) and
# with the memory cgroup hierarchy of this host; the zsh one must parse.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/help.bash"
. completion/memstall.bash

if [ ! -x "$MEMSTALL" ]; then
	not_ok "completion" "$MEMSTALL is missing: run make"
	exit 0
fi

# complete WORD...: COMPREPLY for the command line WORD... (the last word is
# the one being completed), one per line, sorted
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_memstall
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}

# expect NAME GOT WANT: GOT (lines) equals WANT (lines)
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got:" "$(printf '%s' "$2" | tr '\n' ' ')" "want:" "$(printf '%s' "$3" | tr '\n' ' ')"
	fi
}

# contains NAME GOT WANT: every line of WANT is in GOT
contains() {
	local missing
	missing=$(comm -13 <(printf '%s\n' "$2" | sort -u) <(printf '%s\n' "$3" | sort -u))
	if [ -z "$missing" ] && [ -n "$3" ]; then
		ok "$1 ($(printf '%s\n' "$3" | wc -l))"
	else
		not_ok "$1" "missing: $(printf '%s' "$missing" | tr '\n' ' ')" "got: $(printf '%s' "$2" | tr '\n' ' ')"
	fi
}

cmds=$(help_commands | sort)
contains "memstall <TAB>: every subcommand of --help" "$(complete_line "$MEMSTALL" "")" "$cmds"
expect "memstall sn<TAB>: snoop" "$(complete_line "$MEMSTALL" sn)" "snoop"
contains "memstall --<TAB>: --help --version" "$(complete_line "$MEMSTALL" --)" "$(printf -- '--help\n--version')"
for c in $cmds; do
	contains "memstall $c -<TAB>: every option of its --help" \
		"$(complete_line "$MEMSTALL" "$c" -)" "$(help_options "$c")"
done
ln -sf "$(cd "$(dirname "$MEMSTALL")" && pwd)/$(basename "$MEMSTALL")" "$TMP/reclaimtop"
expect "reclaimtop --b<TAB>: top's --b options" "$(complete_line "$TMP/reclaimtop" --b)" \
	"$(help_options top | grep -- '^--b')"

# value lists: the kinds, --by keys and fallbacks the help lines name
kinds=$("$MEMSTALL" snoop --help | grep -E -- '--kinds' | grep -oE '[a-z_]+(,[a-z_]+)+' | tr , '\n' | sort)
contains "memstall snoop -k <TAB>: the kinds of snoop --help" "$(complete_line "$MEMSTALL" snoop -k "")" "$kinds"
expect "memstall snoop -k di<TAB>: direct" "$(complete_line "$MEMSTALL" snoop -k di)" "direct"
expect "memstall hist --kinds direct,me<TAB>: direct,memcg" \
	"$(complete_line "$MEMSTALL" hist --kinds direct,me)" "direct,memcg"
by=$("$MEMSTALL" hist --help | grep -E -- '--by' | grep -oE '[a-z_]+(,[a-z_+]+)+' | head -n 1 | tr , '\n' | sort)
contains "memstall hist --by <TAB>: the keys of hist --help" "$(complete_line "$MEMSTALL" hist --by "")" "$by"
expect "memstall hist --by comm,cg<TAB>: comm,cgroup" "$(complete_line "$MEMSTALL" hist --by comm,cg)" "comm,cgroup"
contains "memstall snoop --disable <TAB>: every fallback" \
	"$(complete_line "$MEMSTALL" snoop --disable "")" "$(printf '%s\n' fentry kprobe raw_tp ringbuf task_storage tp_btf)"
expect "memstall snoop -p <TAB>: nothing (a number)" "$(complete_line "$MEMSTALL" snoop -p "")" ""
contains "memstall snoop -e <TAB>: options again (-e takes no value)" \
	"$(complete_line "$MEMSTALL" snoop -e "")" "$(help_options snoop)"
expect "memstall hist -d <TAB>: nothing (a duration)" "$(complete_line "$MEMSTALL" hist -d "")" ""

# -c: the memory cgroup hierarchy's directories (a cgroup of this test's
# own: other sessions' cgroups come and go)
root=/sys/fs/cgroup
[ -d /sys/fs/cgroup/memory ] && root=/sys/fs/cgroup/memory
cg=memstall-compl-$$
T_CG=("memstall snoop -c $root/memstall-compl-<TAB>: the cgroup directory"
	"memstall hist --cgroup /memstall-compl-<TAB>: the path inside the hierarchy"
	"memstall top -c <TAB>: the hierarchy root's directories")
if [ "$(id -u)" -ne 0 ] || ! mkdir "$root/$cg" 2>/dev/null; then
	for t in "${T_CG[@]}"; do skip "$t" "cannot create a cgroup under $root (needs root)"; done
else
	on_exit "rmdir $root/$cg"
	expect "${T_CG[0]}" "$(complete_line "$MEMSTALL" snoop -c "$root/$cg")" "$root/$cg/"
	expect "${T_CG[1]}" "$(complete_line "$MEMSTALL" hist --cgroup "/$cg")" "/$cg/"
	contains "${T_CG[2]}" "$(complete_line "$MEMSTALL" top -c "")" "$root/$cg/"
fi
f=$(complete_line "$MEMSTALL" explain tests/fixtures/logs/)
if [ -n "$f" ] && [ -z "$(printf '%s\n' "$f" | while read -r p; do [ -e "$p" ] || echo "$p"; done)" ]; then
	ok "memstall explain <TAB>: files"
else
	not_ok "memstall explain <TAB>: files" "$f"
fi

if ! command -v zsh >/dev/null; then
	not_ok "zsh: _memstall parses" "zsh is not installed: run make deps"
	exit 0
fi
out=$(zsh -n completion/_memstall 2>&1 &&
	zsh -fc 'fpath=(completion $fpath); autoload -Uz compinit; compinit -u -d '"$TMP"'/zcd;
		[[ ${_comps[memstall]} == _memstall && ${_comps[reclaimtop]} == _memstall ]]' 2>&1)
if [ $? -eq 0 ]; then
	ok "zsh: _memstall parses and is registered for memstall and reclaimtop"
else
	not_ok "zsh: _memstall parses and is registered for memstall and reclaimtop" "$out"
fi
# an interactive zsh (zpty) completing lines: what it inserts
lines=("memstall sn" "memstall snoop --wi" "memstall hist --by comm,cg" "memstall snoop -k dir"
	"memstall doctor --pro")
want=("memstall snoop " "memstall snoop --wide " "memstall hist --by comm,cgroup," "memstall snoop -k direct,"
	"memstall doctor --probes ")
ln -sf "$(cd "$(dirname "$MEMSTALL")" && pwd)/$(basename "$MEMSTALL")" "$TMP/memstall"
if [ -d "$root/$cg" ]; then
	lines+=("memstall snoop -c $root/$cg" "memstall oom -c /$cg")
	want+=("memstall snoop -c $root/$cg/" "memstall oom -c /$cg/")
fi
got=$(timeout 60 zsh -f tests/pkg/zsh-complete.zsh "$PWD/completion" "$TMP" "${lines[@]}" 2>&1)
for i in "${!lines[@]}"; do
	g=$(grep -F -- "${lines[i]} => " <<<"$got" | head -n 1)
	g=${g#"${lines[i]} => "}
	if [ "$g" = "${want[i]}" ]; then
		ok "zsh: '${lines[i]}<TAB>' gives '${want[i]}'"
	else
		not_ok "zsh: '${lines[i]}<TAB>' gives '${want[i]}'" "got '$g'" "$(tail -n 5 <<<"$got")"
	fi
done
