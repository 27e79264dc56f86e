#!/usr/bin/env bash
# Man pages (man/*.8.scd, built by `make man` into OUT/man/man8): one per
# subcommand `memstall --help` lists, each rendering without a groff warning
# and naming every option its `--help` shows; memstall(8) names every
# subcommand; reclaimtop(8) is memstall-top(8). The options are parsed out of
# --help (tests/pkg/help.bash), so a new subcommand or option without
# documentation fails here.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/help.bash"
MANOUT=$OUT/man/man8

if [ ! -x "$MEMSTALL" ]; then
	not_ok "man pages" "$MEMSTALL is missing: run make"
	exit 0
fi
if ! command -v groff >/dev/null; then
	not_ok "man pages" "groff is not installed: run make deps"
	exit 0
fi

# render PAGE: the page as plain text, no hyphenation, long lines
render() {
	(cd "$MANOUT/.." && groff -man -Tascii -rHY=0 -rLL=250n -P-cbou "man8/$1" 2>/dev/null)
}

# has_opt TEXT OPT: OPT appears as a word (not inside another option)
has_opt() {
	grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" <<<"$1"
}

# check_page NAME PAGE CMD: PAGE renders cleanly and holds CMD's options
check_page() {
	local name=$1 page=$2 cmd=$3 warn text o missing=()
	if [ ! -f "$MANOUT/$page" ]; then
		not_ok "$name: has a man page" "no $MANOUT/$page: write man/${page}.scd (scdoc) and run make man"
		not_ok "$name: page names every option of its --help" "no page"
		return
	fi
	warn=$(cd "$MANOUT/.." && groff -ww -man -Tascii -z "man8/$page" 2>&1)
	if [ -n "$warn" ]; then
		not_ok "$name: $page renders without groff warnings" "$warn"
	else
		ok "$name: $page renders without groff warnings"
	fi
	text=$(render "$page")
	for o in $(help_options "$cmd"); do
		has_opt "$text" "$o" || missing+=("$o")
	done
	if [ ${#missing[@]} -eq 0 ] && [ -n "$(help_options "$cmd")" ]; then
		ok "$name: $page names every option of its --help ($(help_options "$cmd" | wc -l))"
	else
		not_ok "$name: $page names every option of its --help" \
			"missing from man/${page}.scd: ${missing[*]:-(no options parsed from --help)}"
	fi
}

cmds=$(help_commands)
[ -n "$cmds" ] || not_ok "memstall --help lists subcommands" "$("$MEMSTALL" --help 2>&1 | head -5)"
check_page "memstall" memstall.8 ""
main=$(render memstall.8)
missing=()
for c in $cmds; do
	grep -qE "(^|[^a-z-])memstall-$c\(8\)" <<<"$main" || missing+=("$c")
done
if [ ${#missing[@]} -eq 0 ]; then
	ok "memstall.8 refers to every subcommand's page"
else
	not_ok "memstall.8 refers to every subcommand's page" "missing: ${missing[*]}"
fi
for c in $cmds; do
	check_page "$c" "memstall-$c.8" "$c"
done

# reclaimtop(8): the top page through .so, with reclaimtop --help's options
ln -sf "$(cd "$(dirname "$MEMSTALL")" && pwd)/$(basename "$MEMSTALL")" "$TMP/reclaimtop"
if [ "$(head -c 3 "$MANOUT/reclaimtop.8" 2>/dev/null)" = ".so" ] &&
	render reclaimtop.8 | grep -q "reclaimtop - live view"; then
	ok "reclaimtop.8 is memstall-top.8"
else
	not_ok "reclaimtop.8 is memstall-top.8" "$(head -3 "$MANOUT/reclaimtop.8" 2>&1)"
fi
text=$(render reclaimtop.8)
missing=()
for o in $("$TMP/reclaimtop" --help | awk '/^[ \t]+-/' |
	grep -oE '(^|[ ,])(--[a-z][a-z0-9-]*|-[A-Za-z0-9])([ ,=:]|$)' | tr -d ' ,=:' | sort -u); do
	has_opt "$text" "$o" || missing+=("$o")
done
if [ ${#missing[@]} -eq 0 ]; then
	ok "reclaimtop.8 names every option of reclaimtop --help"
else
	not_ok "reclaimtop.8 names every option of reclaimtop --help" "missing: ${missing[*]}"
fi

# no stale page: every man/memstall-X.8.scd is a subcommand
stale=()
for f in man/memstall-*.8.scd; do
	c=${f#man/memstall-}
	c=${c%.8.scd}
	grep -qx "$c" <<<"$cmds" || stale+=("$f")
done
if [ ${#stale[@]} -eq 0 ]; then
	ok "every man/memstall-*.8.scd is a subcommand's"
else
	not_ok "every man/memstall-*.8.scd is a subcommand's" "no such subcommand: ${stale[*]}"
fi
