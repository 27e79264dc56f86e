#!/bin/sh
# Scenario 4 (guest side): fragmentation then direct compaction (seed 002).
# memstall-wl-alloc --frag-mb fills the free memory of a small guest with 4 KiB pages
# (no THP), then gives back every page with an odd frame number: the free
# memory is all order-0 blocks that cannot merge. THP is then set to
# enabled=always, defrag=always, and the same process takes huge page faults
# on a MADV_HUGEPAGE region: each must compact directly. Proactive
# compaction is off so kcompactd does not undo the fragmentation first.
# memstall snoop -k compact and the kernel's trace buffer run across the
# THP window; /proc/vmstat (compact_*) is taken at both ends.
. /guest-lib.sh
THP=/sys/kernel/mm/transparent_hugepage
doctor doctor
trace_setup
# Keep kcompactd from running before the window: no proactive compaction, no
# watermark boost (balance_pgdat() wakes kcompactd after a boosted reclaim),
# and the fill stays above the low watermark of the zone it fills (kswapd
# sleeps). kcompactd scanning a full zone marks its pageblocks "skip", and
# direct compaction would then skip them all (result partial_skipped).
echo 0 >/proc/sys/vm/compaction_proactiveness || fail "cannot turn proactive compaction off"
echo 0 >/proc/sys/vm/watermark_boost_factor
echo never >$THP/enabled
# The page allocator splits its smallest free blocks first: the large ones
# go last, just above the low watermark. With min_free_kbytes at 256 while
# filling, the low watermark is low enough that the fill (which stops less
# than 1 MiB above it) leaves less than 2 MiB free in the biggest zone
# (ZONE): no free order-9 block is left there.
min_free=$(cat /proc/sys/vm/min_free_kbytes)
echo 256 >/proc/sys/vm/min_free_kbytes
# the biggest zone, and the MiB it can give before its low watermark (+ boost)
set -- $(awk '/^Node/ { z = $4 } /pages free/ { f[z] = $3 } $1 == "low" { l[z] = $2 }
    $1 == "boost" { b[z] = $2 }
    END { for (z in f) if (m == "" || f[z] > f[m]) m = z; print m, int((f[m] - l[m] - b[m]) / 256) }' /proc/zoneinfo)
zone=$1 fill_mb=$2
rm -f /tmp/go
/bin/memstall-wl-alloc --frag-mb "$fill_mb" --zone "$zone" --go-file /tmp/go \
    --thp-mb "${THP_MB:-64}" --comm wl-thp >"$R/wl.json" 2>"$R/wl.err" &
wl=$!
while ! grep -q fragmented "$R/wl.json" && kill -0 $wl 2>/dev/null; do sleep 0.1; done
echo "$min_free" >/proc/sys/vm/min_free_kbytes
cat /proc/buddyinfo >"$R/frag.buddyinfo"
cat /sys/kernel/debug/extfrag/extfrag_index >"$R/frag.extfrag" ||
    fail "cannot read /sys/kernel/debug/extfrag/extfrag_index"
echo always >$THP/enabled && echo always >$THP/defrag || fail "cannot set THP to always"
echo "zone=$zone fill_mb=$fill_mb min_free_kbytes=$min_free enabled=$(cat $THP/enabled) defrag=$(cat $THP/defrag)" \
    "proactiveness=$(cat /proc/sys/vm/compaction_proactiveness)" >"$R/setup.txt"

SNOOP_KINDS=compact
if window_open snoop "" compaction/mm_compaction_try_to_compact_pages \
    compaction/mm_compaction_begin compaction/mm_compaction_end; then
    touch /tmp/go
    wait $wl
    echo $? >"$R/wl.rc"
    window_close
else
    touch /tmp/go
    wait $wl
fi
result_dump
