#!/usr/bin/env python3
"""Startup and memory of `memstall snoop` side by side with libbpf-tools'
drsnoop, in the same run on the same kernel.

startup: wall time of load + attach + detach = (run with -d D) - D, median of N
peak RSS: the tool's maxrss as GNU time reports it
steady RSS: VmRSS of a run that is attached and receiving events (memcg
            workload running), sampled after 2 s
Prints a Markdown table; --json for machine use.
"""
import json, os, statistics, subprocess, sys, time

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


def steady_rss(argv):
    argv = [a if a not in ("1s", "1") else ("4s" if a == "1s" else "4") for a in argv]
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    wl = subprocess.Popen([f"{OUT}/memstall-wl-memcg", "--seconds", "2.5"],
                          stdout=subprocess.DEVNULL)
    time.sleep(2.0)
    rss = None
    with open(f"/proc/{p.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024.0
    wl.wait()
    p.wait()
    return rss


def main():
    res = {}
    for name, argv in TOOLS.items():
        if not os.path.exists(argv[0]) and subprocess.run(["which", argv[0]],
                                                          capture_output=True).returncode:
            continue
        one_run(argv)  # warm the page cache
        runs = [one_run(argv) for _ in range(N)]
        res[name] = {
            "startup_ms_median": round(statistics.median(r[0] for r in runs), 1),
            "startup_ms_min": round(min(r[0] for r in runs), 1),
            "peak_rss_mib": round(max(r[1] for r in runs), 2),
            "steady_rss_mib": round(steady_rss(argv), 2),
        }
    if "--json" in sys.argv:
        print(json.dumps(res))
        return
    print(f"| tool | startup median (ms) | startup min (ms) | peak RSS (MiB) | steady RSS (MiB) |")
    print("|---|---|---|---|---|")
    for name, r in res.items():
        print(f"| {name} | {r['startup_ms_median']} | {r['startup_ms_min']} | "
              f"{r['peak_rss_mib']} | {r['steady_rss_mib']} |")


main()
