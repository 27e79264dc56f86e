#!/usr/bin/env bash
# Per-program BPF cost of memstall hist vs memstall stacks (kernel stacks)
# in a QEMU (TCG) guest: both tracers on the same global direct reclaim
# load in one run, run_cnt/run_time_ns from kernel.bpf_stats_enabled. Run
# as root after `make`, under the test lock:
#
#   flock /tmp/memstall-live.lock bash bench/vm_stacks.sh [KERNEL]   (default 6.12)
#
# Env: OUTPUT, CACHE as for tests/vm (the guest runs 3 rounds with hist
# attached first, 3 with stacks first). Guest side:
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

def load(name, tag):
    out = {}
    for l in open(os.path.join(r, f"{name}.{tag}.progs")):
        t, i, c, ns = l.split()
        out[i] = (names.get(t, t), int(c), int(ns))
    return out


def add(d, key, c, ns):
    oc, on = d.get(key, (0, 0))
    d[key] = (oc + c, on + ns)


# phase 1: hist attached first; phase 2: stacks first. Summed over both.
rows, tot = {}, {}
for phase in (1, 2):
    for tr in ("hist", "stacks"):
        if not os.path.exists(os.path.join(r, f"{tr}{phase}.after.progs")):
            sys.exit(f"phase {phase}: no {tr} program counts (see the console log)")
        a, b = load(f"{tr}{phase}", "before"), load(f"{tr}{phase}", "after")
        for i, (nm, c, ns) in b.items():
            dc, dn = c - a.get(i, (nm, 0, 0))[1], ns - a.get(i, (nm, 0, 0))[2]
            if dc:
                add(rows.setdefault(nm, {}), tr, dc, dn)
                add(tot, tr, dc, dn)
                add(tot, (tr, phase), dc, dn)
print(f"kernel {k} (QEMU TCG guest, 2 vCPUs, 512 MiB), ns/run (runs), both attach orders")
print("| program | hist | stacks |")
print("|---|---|---|")
fmt = lambda v: f"{v[1] / v[0]:,.0f} ({v[0]:,})" if v else "-"
for nm in sorted(rows, key=lambda n: -max(v[1] for v in rows[n].values())):
    print(f"| {nm} | {fmt(rows[nm].get('hist'))} | {fmt(rows[nm].get('stacks'))} |")
print(f"| all programs | {fmt(tot['hist'])} | {fmt(tot['stacks'])} |")
# per direct stall: the time of the programs both tracers run, divided by
# the direct stalls (runs of direct_reclaim_begin)
both = [n for n in rows if len(rows[n]) == 2]
begin = [n for n in both if n.endswith("direct_reclaim_begin")]
if begin:
    per = {tr: sum(rows[n][tr][1] for n in both) / rows[begin[0]][tr][0] for tr in ("hist", "stacks")}
    print(f"per direct stall, programs both run ({len(both)}): hist {per['hist']:,.0f} ns, "
          f"stacks {per['stacks']:,.0f} ns ({per['stacks'] / per['hist']:.1f}x)")
for phase, first in ((1, "hist"), (2, "stacks")):
    h, st = tot.get(("hist", phase)), tot.get(("stacks", phase))
    if h and st:
        print(f"{first} attached first: all programs hist {h[1] / h[0]:,.0f}, "
              f"stacks {st[1] / st[0]:,.0f} ns/run")
if tot["hist"][0] and tot["stacks"][0]:
    print(f"stacks/hist (all programs, ns/run): "
          f"{(tot['stacks'][1] / tot['stacks'][0]) / (tot['hist'][1] / tot['hist'][0]):.1f}x")
PY
