# zsh-complete.zsh COMPLETION_DIR BIN_DIR LINE...: for each LINE, what zsh's
# completion system inserts after LINE<TAB> (zsh/zpty drives an interactive
# zsh); prints "LINE => RESULT" per line. Used by tests/pkg/completion.sh.
emulate -L zsh
setopt extendedglob
zmodload zsh/zpty || exit 3
local dir=$1 bin=$2 line out i
shift 2
zpty -b z 'zsh -f -i'
zpty -w z "PS1='%% '; unsetopt beep; fpath=($dir \$fpath); path=($bin \$path); autoload -Uz compinit; compinit -u -D"
zpty -w z "print READY"
for i in {1..50}; do
	zpty -r -t z out && [[ $out == *READY* ]] && break
	sleep 0.1
done
sleep 0.3
zpty -r -t z out
for line in "$@"; do
	zpty -w -n z "$line"$'\t'
	sleep 1
	out=''
	zpty -r -t z out
	# the line as the terminal redraws it: drop escapes, backspaces and bells
	out=${out//$'\e'\[[0-9;?]#[A-Za-z]/}
	out=${out//[$'\a\r']/}
	while [[ $out == *$'\b'* ]]; do out=${out/?$'\b'/}; done
	out=${out##*$'\n'}
	print -r -- "$line => ${out##*% }"
	zpty -w -n z $'\C-u'
	sleep 0.3
	zpty -r -t z out
done
zpty -d z
