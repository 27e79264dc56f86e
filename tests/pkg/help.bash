# Sourced by tests/pkg/*.sh: what `memstall --help` and `memstall CMD --help`
# say, parsed generically, so a new subcommand or option is caught by the
# man page and completion tests without editing them.

# help_commands: the subcommands `memstall --help` lists ("  NAME  text")
help_commands() {
	"$MEMSTALL" --help | sed -n 's/^  \([a-z][a-z0-9-]*\)  .*/\1/p'
}

# help_options CMD: every option token of `memstall CMD --help` (CMD empty:
# `memstall --help`), one per line: the tokens of the usage lines and of each
# line that begins with an option (indented "-x" or "--long"), e.g.
# "  -p PID, -c CGROUP, --comm NAME: filters" gives -p -c --comm
help_options() {
	local out
	if [ -n "$1" ]; then out=$("$MEMSTALL" "$1" --help); else out=$("$MEMSTALL" --help); fi
	printf '%s\n' "$out" | awk '/^Usage:/ { u = 1; print; next }
		u && /^ +memstall / { print; next }
		{ u = 0 }
		/^[ \t]+-/ { print }' |
		grep -oE '(^|[][ ,(|])(--[a-z][a-z0-9-]*|-[A-Za-z0-9])([] ,=:)|]|$)' |
		sed -E 's/^[][ ,(|]//; s/[] ,=:)|]$//' | sort -u
}
