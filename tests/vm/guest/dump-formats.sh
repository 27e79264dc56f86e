#!/bin/sh
# Guest scenario (busybox sh): prints tracepoint format files and a few
# kernel facts between markers, for tests/vm/capture-formats.sh to parse.
#   ===FILE-BEGIN <name>===  <base64 of the file>  ===FILE-END <name> md5=<md5>===
#   ===FACT <key>=<value>===
T=/sys/kernel/tracing
EVENTS="vmscan/mm_vmscan_memcg_reclaim_begin vmscan/mm_vmscan_direct_reclaim_begin
vmscan/mm_vmscan_node_reclaim_begin vmscan/mm_vmscan_lru_shrink_inactive
vmscan/mm_vmscan_lru_shrink_active compaction/mm_compaction_try_to_compact_pages
compaction/mm_compaction_begin compaction/mm_compaction_end oom/mark_victim
oom/reclaim_retry_zone oom/compact_retry kmem/mm_page_alloc"

emit() { # NAME FILE
    echo "===FILE-BEGIN $1==="
    base64 "$2"
    echo "===FILE-END $1 md5=$(md5sum "$2" | cut -d' ' -f1)==="
}

for e in $EVENTS; do
    f=$T/events/$e/format
    if [ -r "$f" ]; then
        emit "format:$e" "$f"
    else
        echo "===FACT missing_event=$e==="
    fi
done
emit proc_version /proc/version
if [ -r /sys/kernel/mm/lru_gen/enabled ]; then
    emit lru_gen_enabled /sys/kernel/mm/lru_gen/enabled
else
    echo "===FACT lru_gen_enabled=absent==="
fi
if [ -e /sys/bus/event_source/devices/kprobe ]; then
    echo "===FACT kprobe_pmu=present type=$(cat /sys/bus/event_source/devices/kprobe/type)==="
else
    echo "===FACT kprobe_pmu=absent==="
fi
if [ -r /sys/kernel/btf/vmlinux ]; then
    echo "===FACT btf_vmlinux_md5=$(md5sum /sys/kernel/btf/vmlinux | cut -d' ' -f1) size=$(wc -c </sys/kernel/btf/vmlinux)==="
fi
FUNCS="shrink_node get_scan_count try_to_compact_pages oom_kill_process out_of_memory
__alloc_pages_slowpath __alloc_pages_direct_compact __perform_reclaim
try_to_free_mem_cgroup_pages mem_cgroup_handle_over_high"
# One pass over /proc/kallsyms (it is slow to read under TCG).
syms=${TMPDIR:-/tmp}/memstall-syms.$$
grep -E " [tT] ($(echo $FUNCS | tr ' ' '|'))(\.[^ ]*)?\$" /proc/kallsyms | cut -d' ' -f3 >"$syms"
ffs=${TMPDIR:-/tmp}/memstall-ffs.$$
if head -c1 $T/available_filter_functions >/dev/null 2>&1; then
    grep -xE "($(echo $FUNCS | tr ' ' '|'))" $T/available_filter_functions >"$ffs"
else
    rm -f "$ffs"
fi
for fn in $FUNCS; do
    if echo "p:memstall_probe $fn" >>$T/kprobe_events 2>/dev/null; then
        if echo 1 >$T/events/kprobes/memstall_probe/enable 2>/dev/null; then r=ok; else r=enable_failed; fi
        echo 0 >$T/events/kprobes/memstall_probe/enable 2>/dev/null
        echo "-:memstall_probe" >>$T/kprobe_events
    else
        r=failed
    fi
    if ! [ -f "$ffs" ]; then ff=unreadable
    elif grep -qx "$fn" "$ffs"; then ff=yes; else ff=no; fi
    ks=$(grep -E "^$fn(\.|\$)" "$syms" | tr '\n' ',' | sed 's/,$//')
    echo "===FACT kprobe:$fn=$r ftrace_filter=$ff kallsyms=${ks:-none}==="
done
rm -f "$syms" "$ffs"
echo "===FACT memtotal=$(grep MemTotal /proc/meminfo | tr -s ' ')==="
echo "===FACT nodes=$(ls -d /sys/devices/system/node/node* 2>/dev/null | wc -l)==="
echo "===FACT uptime=$(cut -d' ' -f1 /proc/uptime)==="
