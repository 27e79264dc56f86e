#!/bin/sh
# Guest side of scenario 0: every tracing command loads and attaches on this
# kernel (each flavour of the BPF object the verifier can see), and exits 0.
n=0
run() {
	n=$((n + 1))
	/bin/memstall "$@" >/tmp/cmd.out 2>&1
	rc=$?
	echo "CMD $n rc=$rc args=$*"
	[ $rc -eq 0 ] || sed 's/^/CMDERR /' /tmp/cmd.out | grep -v 'relo #' | tail -n 8
	# a hook the plan chose that then does not attach: the plan was wrong
	grep 'attach failed' /tmp/cmd.out | sed "s/^/CMDWARN $n /"
}
run doctor --probes
run snoop -d 1
run snoop -d 1 -w -T -k compact,oom
run snoop -d 1 -c / -p 1 -n init --min-us 10
run snoop -d 1 --disable tp_btf
run snoop -d 1 --disable tp_btf,task_storage,ringbuf
run oom -d 1
run hist -d 1
run hist -d 1 --by pid,tid,comm,cgroup,node,zone,order,gfp
run hist -d 1 --disable tp_btf,task_storage
run top -b -n 2 -i 1
run snoop -d 1 -e
run snoop -d 1 -e --disable fentry,kprobe
run hist -d 1 --by node,lru
run hist -d 1 --disable tp_btf --by comm,cgroup,node
export MEMSTALL_FORCE_SPARE=1 # records from the spare pool: another program
run snoop -d 1
unset MEMSTALL_FORCE_SPARE
# export: hist mode with the compaction counter, the userspace killers and
# the lost histograms; --by pod,container (identity labels)
run export -d 2 --textfile /tmp/m.prom -i 1s --by pod,container
# CO-RE against the minimal BTF (user/kernel/corebtf.c) relocates every
# program doctor --probes loads as against the whole BTF: same instructions
n=$((n + 1))
MEMSTALL_TEST_CORE_DUMP=/tmp/core.min /bin/memstall doctor --probes >/dev/null 2>&1
MEMSTALL_TEST_CORE_FULL=1 MEMSTALL_TEST_CORE_DUMP=/tmp/core.full /bin/memstall doctor --probes \
	>/dev/null 2>&1
if [ -s /tmp/core.min ] && cmp -s /tmp/core.min /tmp/core.full; then rc=0; else rc=1; fi
echo "CMD $n rc=$rc args=core-btf ($(wc -l </tmp/core.min 2>/dev/null) programs)"
[ $rc -eq 0 ] || echo "CMDERR $(cmp /tmp/core.min /tmp/core.full 2>&1)"
echo "CMDS-DONE $n"
