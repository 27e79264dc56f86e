# bash completion for memstall(8) and reclaimtop(8)
#
# Subcommands and options come from the binary's own --help, so they follow
# whatever memstall version is installed; value lists (stall kinds, --by
# keys, --disable fallbacks) from the option's help line when it lists them,
# with built-in defaults; -c/--cgroup completes memory cgroup directories.
# Works with or without the bash-completion package.

_memstall_kinds='direct memcg softlimit node high compact oom kswapd all'
_memstall_by='pid tid comm cgroup pod container unit node zone order gfp lru'
_memstall_disable='tp_btf raw_tp raw_tp_cookie ringbuf pring task_storage fentry kprobe'

# _memstall_help BIN [CMD]: BIN's help (of CMD)
_memstall_help() {
	"$1" ${2:+"$2"} --help 2>/dev/null
}

# _memstall_list HELP OPT DEFAULT: the comma list on OPT's help line, if any
_memstall_list() {
	local line w
	line=$(printf '%s\n' "$1" | grep -E -- "(^|[ ,])$2([ ,=]|\$)" | head -n 1)
	for w in $line; do
		case $w in
		*,*) [[ $w =~ ^[a-z_+]+(,[a-z_+]+)+$ ]] && { printf '%s\n' "${w//,/ }"; return; } ;;
		esac
	done
	printf '%s\n' "$3"
}

# _memstall_cgroups CUR: memory cgroup directories (v1 memory controller
# hierarchy when bound there, else the cgroup2 mount); full paths for
# /sys/... and empty input, paths inside the hierarchy for other /...
_memstall_cgroups() {
	local cur=$1 root=/sys/fs/cgroup d
	[ -d /sys/fs/cgroup/memory ] && root=/sys/fs/cgroup/memory
	case $cur in
	'' | /s | /sy | /sys | /sys/*) compgen -d -- "${cur:-$root/}" | sed 's|$|/|' ;;
	/*)
		for d in $(compgen -d -- "$root$cur"); do printf '%s/\n' "${d#"$root"}"; done ;;
	*) compgen -d -- "$root/$cur" | sed 's|$|/|' ;;
	esac
}

_memstall() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local bin=${COMP_WORDS[0]} cmd='' i help opts vals='' pre
	COMPREPLY=()
	[ "${bin##*/}" = reclaimtop ] && cmd=top
	if [ -z "$cmd" ]; then
		for ((i = 1; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			-*) ;;
			*) cmd=${COMP_WORDS[i]}; break ;;
			esac
		done
	fi
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version -h -V' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_memstall_help "$bin" |
				sed -n 's/^  \([a-z][a-z0-9-]*\)  .*/\1/p') help" -- "$cur"))
		fi
		return 0
	fi
	help=$(_memstall_help "$bin" "$cmd")
	case $prev in
	-k | --kinds)
		vals=$(_memstall_list "$help" "$prev" "$_memstall_kinds") ;;
	--by)
		vals=$(_memstall_list "$help" --by "$_memstall_by") ;;
	--disable)
		vals=$(_memstall_list "$help" --disable "$_memstall_disable") ;;
	-c | --cgroup)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(_memstall_cgroups "$cur"))
		return 0 ;;
	--btf | --svg)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--root)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	-o | --output | --html)
		# record's bundle (a new directory or NAME.tar.gz), the report file
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--when)
		# record's triggers; psi takes "some|full STALL/WINDOW [cgroup=PATH]"
		COMPREPLY=($(compgen -W "oom compact-fail stall>100ms" -- "$cur"))
		return 0 ;;
	*)
		# another option that takes a value (a number, a duration, a name)
		if [[ $prev == -* ]] && printf '%s\n' "$help" |
			grep -qE -- "(^|[ ,])$prev(, --[a-z][a-z0-9-]*)? [A-Z][A-Z_]*([ ,:]|\$)"; then
			return 0
		fi ;;
	esac
	if [ -n "$vals" ]; then
		# a comma-separated list: complete its last item
		pre=''
		[[ $cur == *,* ]] && pre=${cur%,*},
		COMPREPLY=($(compgen -P "$pre" -W "$vals" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
		return 0
	fi
	# explain reads log files, report a bundle (directory or .tar.gz)
	if [[ $cur == -* ]] || { [ "$cmd" != explain ] && [ "$cmd" != report ]; }; then
		opts=$(printf '%s\n' "$help" | awk '/^Usage:/ || /^[ \t]+-/ || /^ +memstall /' |
			grep -oE '(^|[][ ,(|])(--[a-z][a-z0-9-]*|-[A-Za-z0-9])([] ,=:)|]|$)' |
			sed -E 's/^[][ ,(|]//; s/[] ,=:)|]$//' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}
complete -F _memstall memstall reclaimtop
