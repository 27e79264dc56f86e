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

# -c: the memory cgroup hierarchy's directories
root=/sys/fs/cgroup
[ -d /sys/fs/cgroup/memory ] && root=/sys/fs/cgroup/memory
want=$(find "$root" -mindepth 1 -maxdepth 1 -type d | sed 's|$|/|' | sort)
if [ -z "$want" ]; then
	skip "memstall snoop -c <TAB>: the memory cgroups" "no cgroup directory under $root"
else
	expect "memstall snoop -c <TAB>: the directories of $root" \
		"$(complete_line "$MEMSTALL" snoop -c "$root/")" "$want"
	expect "memstall hist --cgroup /<TAB>: paths inside the hierarchy" \
		"$(complete_line "$MEMSTALL" hist --cgroup /)" "$(printf '%s\n' "$want" | sed "s|^$root||")"
	expect "memstall top -c <TAB>: from the hierarchy's root" \
		"$(complete_line "$MEMSTALL" top -c "")" "$want"
fi
f=$(complete_line "$MEMSTALL" explain tests/fixtures/logs/)
if [ -n "$f" ] && [ -z "$(printf '%s\n' "$f" | while read -r p; do [ -e "$p" ] || echo "$p"; done)" ]; then
	ok "memstall explain <TAB>: files"
else
	not_ok "memstall explain <TAB>: files" "$f"
fi

if command -v zsh >/dev/null; then
	if out=$(zsh -n completion/_memstall 2>&1) &&
		out=$(zsh -fc 'fpath=(completion $fpath); autoload -Uz compinit; compinit -u -d '"$TMP"'/zcd;
			[[ ${_comps[memstall]} == _memstall && ${_comps[reclaimtop]} == _memstall ]]' 2>&1); then
		ok "zsh: _memstall parses and is registered for memstall and reclaimtop"
	else
		not_ok "zsh: _memstall parses and is registered for memstall and reclaimtop" "$out"
	fi
else
	not_ok "zsh: _memstall parses" "zsh is not installed: run make deps"
fi
