#!/usr/bin/env python3
"""Startup and memory of `memstall snoop` side by side with libbpf-tools'
drsnoop, in the same run on the same kernel.

startup: wall time of load + attach + detach = (run with -d D) - D, median of N
peak RSS: the tool's maxrss as GNU time reports it
steady RSS: VmRSS of a run that is attached and receiving events (memcg
            workload running, its sparse file: ~3,000 stalls/s here), sampled
            1.5 s after the workload's reads began
SMAPS=1: also that sample's /proc/PID/smaps, Rss summed by what it maps
(KiB): the BPF maps mmapped (ring buffers; .bss/.rodata while the libbpf
object is open), heap, the executable's text, read-only data and data,
shared libraries, stack, other anonymous memory.
Each memstall binary runs as a copy (cp into a temporary directory), as a
user runs an installed or copied binary: the file ld has just written keeps
its page cache in large folios, and the same bytes mapped from it put ~190
KiB more of read-only data in RSS than a copy does (issue 18).
Prints a Markdown table; --json for machine use.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

OUT = os.environ.get("OUTPUT", ".output")
N = int(os.environ.get("N", "15"))
TOOLS = {
    "memstall snoop": [f"{OUT}/memstall", "snoop", "-d", "1s"],
    "drsnoop (libbpf-tools)": ["drsnoop", "-d", "1"],
}
# BEFORE=path/to/an/older/memstall: its snoop too, in the same run
if os.environ.get("BEFORE"):
    TOOLS = {"memstall snoop (before)": [os.environ["BEFORE"], "snoop", "-d", "1s"], **TOOLS}
DURATION = 1.0


def one_run(argv):
    # GNU time forks the tool from a small process: ru_maxrss of a child
    # includes its parent's RSS at fork time, so python must not be the parent.
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", "/tmp/memstall-bench.rss"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"{argv} failed with {r.returncode}")
    with open("/tmp/memstall-bench.rss") as f:
        maxrss_kib = int(f.read().split()[-1])
    return (wall - DURATION) * 1000.0, maxrss_kib / 1024.0


def smaps_kib(pid, exe):
    """Rss (KiB) of /proc/PID/smaps by kind of mapping."""
    out, kind = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                path = head[5] if len(head) > 5 else ""
                perms = head[1]
                if path == "anon_inode:bpf-map":
                    kind = "bpf maps"
                elif path == "[heap]":
                    kind = "heap"
                elif path == "[stack]":
                    kind = "stack"
                elif path == exe:
                    kind = "text" if "x" in perms else ("rodata" if "w" not in perms else "data")
                elif ".so" in path:
                    kind = "libraries"
                elif path.startswith("[") or path.startswith("anon_inode"):
                    kind = "other"
                else:
                    kind = "anon" if not path else "other files"
            elif head[0] == "Rss:":
                out[kind] = out.get(kind, 0) + int(head[1])
    return out


def steady_rss(argv):
    argv = [a if a not in ("1s", "1") else ("4s" if a == "1s" else "4") for a in argv]
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    # the sample is taken 1.5 s after the workload's reads began (its JSON
    # line): making its file once took up to 2.2 s, and a fixed sleep then
    # sampled a tool that had seen no event yet
    wl = subprocess.Popen([f"{OUT}/memstall-wl-memcg", "--seconds", "2.5"],
                          stdout=subprocess.PIPE)
    wl.stdout.readline()
    time.sleep(1.5)
    rss = None
    with open(f"/proc/{p.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024.0
    smaps = smaps_kib(p.pid, os.readlink(f"/proc/{p.pid}/exe"))
    wl.wait()
    p.wait()
    return rss, smaps


def main():
    res = {}
    tmp = tempfile.mkdtemp(prefix="memstall-bench-")
    tools = {}
    for i, (name, argv) in enumerate(TOOLS.items()):
        if not os.path.exists(argv[0]) and subprocess.run(["which", argv[0]],
                                                          capture_output=True).returncode:
            continue
        if os.path.exists(argv[0]):  # ours (a path): run a copy
            copy = os.path.join(tmp, f"{i}-{os.path.basename(argv[0])}")
            shutil.copy2(argv[0], copy)
            argv = [copy] + argv[1:]
        tools[name] = argv
        one_run(argv)  # warm the page cache
    # the tools in turn, round after round: a drift of the machine's speed
    # (this host pages out what was not touched for a second or so) falls
    # on all of them alike
    runs = {name: [] for name in tools}
    for _ in range(N):
        for name, argv in tools.items():
            runs[name].append(one_run(argv))
    for name, argv in tools.items():
        res[name] = {
            "startup_ms_median": round(statistics.median(r[0] for r in runs[name]), 1),
            "startup_ms_min": round(min(r[0] for r in runs[name]), 1),
            "peak_rss_mib": round(max(r[1] for r in runs[name]), 2),
        }
        res[name]["steady_rss_mib"], res[name]["smaps_kib"] = steady_rss(argv)
        res[name]["steady_rss_mib"] = round(res[name]["steady_rss_mib"], 2)
    shutil.rmtree(tmp, ignore_errors=True)
    if "--json" in sys.argv:
        print(json.dumps(res))
        return
    print(f"| tool | startup median (ms) | startup min (ms) | peak RSS (MiB) | steady RSS (MiB) |")
    print("|---|---|---|---|---|")
    for name, r in res.items():
        print(f"| {name} | {r['startup_ms_median']} | {r['startup_ms_min']} | "
              f"{r['peak_rss_mib']} | {r['steady_rss_mib']} |")
    if os.environ.get("SMAPS"):
        kinds = sorted({k for r in res.values() for k in r["smaps_kib"]},
                       key=lambda k: -max(r["smaps_kib"].get(k, 0) for r in res.values()))
        print()
        print("| steady Rss (KiB) | " + " | ".join(kinds) + " | total |")
        print("|---|" + "---|" * (len(kinds) + 1))
        for name, r in res.items():
            m = r["smaps_kib"]
            print(f"| {name} | " + " | ".join(str(m.get(k, 0)) for k in kinds) +
                  f" | {sum(m.values())} |")


main()
