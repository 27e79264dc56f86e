#!/usr/bin/env bash
# Terminal escape injection: any task may name itself (prctl(PR_SET_NAME))
# and any cgroup owner name its cgroups. Such names stall and get killed in a
# memcg; the text of snoop (-w: the cgroup column), hist, oom and explain
# carries no ESC, BEL or other control byte. Root only.
set -u
. "$(dirname "$0")/../lib.sh"

TESTS=(escapes_snoop_text escapes_hist_text escapes_oom_text escapes_explain_text)
require_root "${TESTS[@]}" || exit 0

CGROOT=$(awk '$9 == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGROOT" ] || CGROOT=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
EVIL=$'\e[2J\e]0;pwn\a'
PARENT="/$EVIL-$$"
mkdir "$CGROOT$PARENT"
on_exit "rmdir '$CGROOT$PARENT'"

# clean FILE NEEDLE: no control byte but newline; NEEDLE (the name, escaped) present
clean() {
	python3 - "$1" "$2" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
bad = sorted({b for b in data if (b < 0x20 and b != 0x0a) or b >= 0x7f})
if bad:
    print(f"{sys.argv[1]}: raw bytes {[hex(b) for b in bad]}: {data[:300]!r}")
    sys.exit(1)
if sys.argv[2].encode() not in data:
    print(f"{sys.argv[1]}: the escaped name {sys.argv[2]!r} is not shown: {data[:300]!r}")
    sys.exit(1)
print(f"{len(data)} bytes, names escaped")
PY
}

"$MEMSTALL" snoop -w -d 6 >"$TMP/snoop.txt" 2>"$TMP/snoop.err" &
P1=$!
"$MEMSTALL" hist -d 6 -k memcg --by comm,cgroup >"$TMP/hist.txt" 2>"$TMP/hist.err" &
P2=$!
"$MEMSTALL" oom -d 6 --wait-reaper 1s >"$TMP/oom.txt" 2>"$TMP/oom.err" &
P3=$!
on_exit "kill $P1 $P2 $P3 2>/dev/null"
sleep 1
# stalls first (file cache in a small memcg), then an OOM kill (anon above the limit)
"$WL" --seconds 2 --comm "$EVIL" --parent "$PARENT" >/dev/null
"$WL" --mode anon --limit-mb 64 --anon-mb 128 --seconds 1 --comm "$EVIL" --parent "$PARENT" >/dev/null
wait $P1 $P2 $P3

check escapes_snoop_text clean "$TMP/snoop.txt" '?[2J?]0;pwn?'
check escapes_hist_text clean "$TMP/hist.txt" '?[2J?]0;pwn?'
check escapes_oom_text clean "$TMP/oom.txt" '?[2J?]0;pwn?'

# explain: a kernel log whose OOM report names such a task
sed "s/sshd invoked oom-killer/$EVIL invoked oom-killer/" \
	"$(dirname "$0")/../fixtures/logs/debian_4.14_interleaved_truncated_dmesg.log" >"$TMP/evil.log"
"$MEMSTALL" explain "$TMP/evil.log" >"$TMP/explain.txt" 2>&1
check escapes_explain_text clean "$TMP/explain.txt" '?[2J?]0;pwn?'
