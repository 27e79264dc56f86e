#!/usr/bin/env bash
# Per-program BPF cost of memstall hist vs memstall stacks (default: stack
# reuse at a task's last call site) vs stacks --exact-stacks (a walk per
# stall) in a QEMU (TCG) guest: the tracers on the same global direct
# reclaim load in one run, kernel stacks and --user as two sets,
# run_cnt/run_time_ns from kernel.bpf_stats_enabled. Run as root after
# `make`, under the test lock:
#
#   flock /tmp/memstall-live.lock bash bench/vm_stacks.sh [KERNEL]   (default 6.12)
#
# Env: OUTPUT, CACHE as for tests/vm (per set the guest runs 3 rounds with
# the tracers attached in one order, 3 in the reverse order). Guest side:
# tests/vm/guest/bench-stacks.sh. TCG emulates the guest's CPU: the absolute
# ns/run are many times a real CPU's; the ratio is what to read.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/vm/scenario-lib.sh
K=${1:-6.12}
export VM_KERNELS=$K
vm_setup "bench" >/dev/null || { echo "bench/vm_stacks.sh: qemu or the kernel debs unavailable" >&2; exit 1; }
vm_disk_args 640 || { echo "bench/vm_stacks.sh: cannot build the ext4 image" >&2; exit 1; }
dir=$(vm_dir bench-stacks "$K")
if ! vm_boot "$K" bench-stacks.sh "$dir" --mem 512M "${DISK_ARGS[@]}"; then
	echo "bench/vm_stacks.sh: boot failed: $VM_ERR (console: $dir/console.log)" >&2
	exit 1
fi
python3 - "$dir/results" "$K" <<'PY'
import os, re, sys
r, k = sys.argv[1], sys.argv[2]
err = os.path.join(r, "guest-errors.txt")
if os.path.exists(err):
    sys.exit("guest errors: " + open(err).read())
names = {}
for l in open(os.path.join(r, "bpf.kallsyms")):
    m = re.search(r"bpf_prog_([0-9a-f]{16})_(\S+)", l)
    if m:
        names[m.group(1)] = m.group(2)


def load(f):
    out = {}
    for l in open(os.path.join(r, f)):
        t, i, c, ns = l.split()
        out[i] = (names.get(t, t), int(c), int(ns))
    return out


def add(d, key, c, ns):
    oc, on = d.get(key, (0, 0))
    d[key] = (oc + c, on + ns)


LABEL = {"hist": "hist", "stacks": "stacks", "exact": "stacks --exact-stacks",
         "user": "stacks --user", "uexact": "stacks --user --exact-stacks"}
SETS = (("k", "kernel stacks", ("hist", "stacks", "exact")),
        ("u", "user stacks", ("hist", "user", "uexact")))
print(f"kernel {k} (QEMU TCG guest, 2 vCPUs, 512 MiB), ns/run (runs), both attach orders summed")
for s, title, trs in SETS:
    rows, tot, walks = {}, {}, {}
    for phase in (1, 2):
        for tr in trs:
            f = f"{tr}.{s}{phase}"
            if not os.path.exists(os.path.join(r, f + ".after.progs")):
                sys.exit(f"{f}: no program counts (see the console log)")
            a, b = load(f + ".before.progs"), load(f + ".after.progs")
            for i, (nm, c, ns) in b.items():
                dc, dn = c - a.get(i, (nm, 0, 0))[1], ns - a.get(i, (nm, 0, 0))[2]
                if dc:
                    add(rows.setdefault(nm, {}), tr, dc, dn)
                    add(tot, tr, dc, dn)
            e = open(os.path.join(r, f + ".err")).read()
            m = re.search(r"(\d+) stalls,.*?(\d+) stack walks, (\d+) reused", e, re.S)
            if m:
                w = walks.setdefault(tr, [0, 0, 0])
                for j in range(3):
                    w[j] += int(m.group(j + 1))
    print(f"\n{title}:\n")
    print("| program | " + " | ".join(LABEL[t] for t in trs) + " |")
    print("|---" * (len(trs) + 1) + "|")
    fmt = lambda v: f"{v[1] / v[0]:,.0f} ({v[0]:,})" if v else "-"
    for nm in sorted(rows, key=lambda n: -max(v[1] for v in rows[n].values())):
        print(f"| {nm} | " + " | ".join(fmt(rows[nm].get(t)) for t in trs) + " |")
    print("| all programs | " + " | ".join(fmt(tot.get(t)) for t in trs) + " |")
    # per direct stall: the time of the programs every tracer of the set
    # runs, divided by the direct stalls (runs of direct_reclaim_begin)
    both = [n for n in rows if len(rows[n]) == len(trs)]
    begin = [n for n in both if n.endswith("direct_reclaim_begin")]
    if begin:
        per = {t: sum(rows[n][t][1] for n in both) / rows[begin[0]][t][0] for t in trs}
        print(f"\nper direct stall, the {len(both)} programs all run: " + ", ".join(
            f"{LABEL[t]} {per[t]:,.0f} ns ({per[t] / per['hist']:.2f}x hist)" for t in trs))
    for t, (n, w, u) in walks.items():
        print(f"{LABEL[t]}: {n:,} stalls, {w:,} stack walks, {u:,} reuses")
PY
