#!/bin/bash
# btf-facts.sh BTF_FILE
#
# Prints the BTF facts memstall depends on, from `bpftool btf dump file
# BTF_FILE format raw` (BTF_FILE: a raw .BTF blob such as
# /sys/kernel/btf/vmlinux, or a vmlinux ELF from extract-vmlinux.sh):
#   - the enum holding ___GFP_*_BIT (if any)
#   - prototypes of the btf_trace_<tp> typedefs memstall attaches to
#   - whether some functions are BTF FUNC entries (fentry/fexit-able), with
#     their prototypes
#   - layout of struct scan_control / struct compact_control
#   - enum compact_result, enum zone_type
# Lists can be overridden with env TPS, FUNCS, STRUCTS, ENUMS.
set -eu

die() { echo "btf-facts.sh: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: btf-facts.sh BTF_FILE"
[ -r "$1" ] || die "cannot read $1"
if ! command -v bpftool >/dev/null; then
    echo "btf-facts.sh: installing bpftool" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bpftool >/dev/null \
        || die "could not install bpftool"
fi

TPS=${TPS:-"mark_victim mm_compaction_begin mm_compaction_end mm_vmscan_lru_shrink_inactive
mm_vmscan_node_reclaim_begin mm_vmscan_direct_reclaim_begin mm_vmscan_memcg_reclaim_begin
mm_vmscan_lru_shrink_active mm_compaction_try_to_compact_pages reclaim_retry_zone compact_retry
mm_page_alloc"}
FUNCS=${FUNCS:-"shrink_node get_scan_count try_to_compact_pages oom_kill_process out_of_memory
__alloc_pages_slowpath __alloc_pages_direct_compact __perform_reclaim
try_to_free_mem_cgroup_pages mem_cgroup_handle_over_high"}
STRUCTS=${STRUCTS:-"scan_control compact_control"}
ENUMS=${ENUMS:-"compact_result zone_type"}

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
bpftool btf dump file "$1" format raw >"$raw" || die "bpftool cannot read BTF from $1"

awk -v tps="$TPS" -v funcs="$FUNCS" -v structs="$STRUCTS" -v enums="$ENUMS" '
function unq(s) { gsub("\047", "", s); return s }
function attr(line, key,   i, n, f) {
    n = split(line, f, " ")
    for (i = 1; i <= n; i++) if (index(f[i], key "=") == 1) return substr(f[i], length(key) + 2)
    return ""
}
# Type name of id (C-like).
function tname(id,   k) {
    if (id == 0) return "void"
    k = kind[id]
    if (k == "PTR") return tname(tgt[id]) " *"
    if (k == "CONST") return "const " tname(tgt[id])
    if (k == "VOLATILE") return "volatile " tname(tgt[id])
    if (k == "RESTRICT" || k == "TYPE_TAG") return tname(tgt[id])
    if (k == "ARRAY") return tname(tgt[id]) "[" nelem[id] "]"
    if (k == "STRUCT") return "struct " name[id]
    if (k == "UNION") return "union " name[id]
    if (k == "ENUM" || k == "ENUM64") return "enum " name[id]
    if (k == "FWD") return "struct " name[id]
    if (k == "FUNC_PROTO") return "fn"
    return name[id]
}
function tsize(id,   k) {
    k = kind[id]
    if (k == "PTR") return 8
    if (k == "TYPEDEF" || k == "CONST" || k == "VOLATILE" || k == "RESTRICT" || k == "TYPE_TAG") return tsize(tgt[id])
    if (k == "ARRAY") return nelem[id] * tsize(tgt[id])
    return size[id]
}
function proto(pid, fname,   i, s, a) {
    s = tname(ret[pid]) " " fname "("
    for (i = 1; i <= nm[pid]; i++) {
        a = tname(mt[pid, i])
        if (mn[pid, i] != "(anon)") a = a " " mn[pid, i]
        s = s (i > 1 ? ", " : "") a
    }
    return s ")"
}
/^\[[0-9]+\] / {
    cur = substr($1, 2, length($1) - 2) + 0
    kind[cur] = $2
    match($0, /\047[^\047]*\047/); name[cur] = substr($0, RSTART + 1, RLENGTH - 2)
    tgt[cur] = attr($0, "type_id") + 0
    size[cur] = attr($0, "size") + 0
    nelem[cur] = attr($0, "nr_elems") + 0
    ret[cur] = attr($0, "ret_type_id") + 0
    nm[cur] = 0
    if (!((kind[cur], name[cur]) in byname)) byname[kind[cur], name[cur]] = cur
    next
}
/^\t/ {
    i = ++nm[cur]
    match($0, /\047[^\047]*\047/); mn[cur, i] = substr($0, RSTART + 1, RLENGTH - 2)
    mt[cur, i] = attr($0, "type_id") + 0
    mv[cur, i] = attr($0, "val")
    mo[cur, i] = attr($0, "bits_offset")
    mb[cur, i] = attr($0, "bitfield_size")
    next
}
END {
    # 1. GFP bit enum
    found = 0
    for (id in kind) if (kind[id] == "ENUM" && nm[id] > 0)
        for (i = 1; i <= nm[id]; i++) if (mn[id, i] ~ /^___GFP_.*_BIT$/) { found = id; break }
    print "## ___GFP_*_BIT enum"
    if (!found) print "absent"
    else {
        s = ""
        for (i = 1; i <= nm[found]; i++) s = s mn[found, i] "=" mv[found, i] " "
        printf "present (%s, %d entries): %s\n", (name[found] == "(anon)" ? "anonymous enum" : "enum " name[found]), nm[found], s
    }
    # 2. tracepoint typedefs
    print ""; print "## btf_trace_* prototypes (first arg is the void *ctx)"
    n = split(tps, t, /[ \n]+/)
    for (j = 1; j <= n; j++) {
        if (t[j] == "") continue
        id = byname["TYPEDEF", "btf_trace_" t[j]]
        if (!id) { print "btf_trace_" t[j] ": absent"; continue }
        print proto(tgt[tgt[id]], "btf_trace_" t[j])
    }
    # 3. functions
    print ""; print "## FUNC entries"
    n = split(funcs, t, /[ \n]+/)
    for (j = 1; j <= n; j++) {
        if (t[j] == "") continue
        id = byname["FUNC", t[j]]
        if (!id) { print t[j] ": not a BTF FUNC"; continue }
        print "FUNC " proto(tgt[id], t[j])
    }
    # 4. structs
    n = split(structs, t, /[ \n]+/)
    for (j = 1; j <= n; j++) {
        if (t[j] == "") continue
        id = byname["STRUCT", t[j]]
        print ""; print "## struct " t[j]
        if (!id) { print "absent"; continue }
        printf "size=%d members=%d\n", size[id], nm[id]
        print "| member | type | offset (byte[:bit]) | size | bitfield |"
        for (i = 1; i <= nm[id]; i++) {
            off = mo[id, i] + 0
            if (mb[id, i] != "")
                printf "| %s | %s | %d:%d | - | %d bit%s |\n", mn[id, i], tname(mt[id, i]), int(off / 8), off % 8, mb[id, i], (mb[id, i] > 1 ? "s" : "")
            else
                printf "| %s | %s | %d | %d | |\n", mn[id, i], tname(mt[id, i]), off / 8, tsize(mt[id, i])
        }
    }
    # 5. enums
    n = split(enums, t, /[ \n]+/)
    for (j = 1; j <= n; j++) {
        if (t[j] == "") continue
        id = byname["ENUM", t[j]]
        print ""; print "## enum " t[j]
        if (!id) { print "absent"; continue }
        s = ""
        for (i = 1; i <= nm[id]; i++) s = s mn[id, i] "=" mv[id, i] " "
        print s
    }
}' "$raw"
