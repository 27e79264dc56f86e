#!/usr/bin/env python3
"""Per-event BPF cost of memstall hist vs the floor (empty tp_btf programs on
the same tracepoints) vs an equivalent bpftrace histogram script, measured in
one run with kernel.bpf_stats_enabled=1 on the memcg workload.

Each tracer runs alone for the same workload; its programs' run_cnt and
run_time_ns (bpftool prog show --json, filtered by the tracer's pid) give the
mean ns per program run. Prints a Markdown table; --json for machine use.
"""
import json, os, subprocess, sys, time

OUT = os.environ.get("OUTPUT", ".output")
WL = [f"{OUT}/memstall-wl-memcg", "--written", "--seconds", os.environ.get("WL_SECONDS", "4")]
ROUNDS = int(os.environ.get("ROUNDS", "3"))
# BEFORE=path/to/an/older/memstall: its snoop too, in the same run


def progs_of(pid):
    """The BPF programs a process holds, from /proc/PID/fdinfo (prog_id,
    run_cnt, run_time_ns: bpftool's pid column needs BPF iterators)."""
    mine = {}
    fddir = f"/proc/{pid}/fd"
    for fd in os.listdir(fddir):
        try:
            if os.readlink(f"{fddir}/{fd}") != "anon_inode:bpf-prog":
                continue
            info = dict(l.split(":", 1) for l in open(f"/proc/{pid}/fdinfo/{fd}") if ":" in l)
        except OSError:
            continue
        pid_ = int(info["prog_id"])
        mine[pid_] = {"id": pid_, "run_cnt": int(info.get("run_cnt", 0)),
                      "run_time_ns": int(info.get("run_time_ns", 0))}
    return list(mine.values())


def measure(name, argv, ready, env=None):
    # a tracer whose readiness is not read from its output writes to
    # /dev/null: an undrained pipe would block it (snoop --json fills 64 KiB
    # in ~60 stalls) and every later event would meet a full ring buffer
    quiet = getattr(ready, "timed", False)
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
                         stderr=subprocess.DEVNULL if quiet else subprocess.STDOUT, text=True,
                         env=env)
    t0 = time.time()
    while time.time() - t0 < 60:  # wait until attached
        if ready(p):
            break
        time.sleep(0.1)
    time.sleep(0.5)
    before = {q["id"]: (q.get("run_cnt", 0), q.get("run_time_ns", 0)) for q in progs_of(p.pid)}
    subprocess.run(WL, stdout=subprocess.DEVNULL, check=True)
    after = progs_of(p.pid)
    p.terminate()
    try:
        p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
    cnt = ns = 0
    for q in after:
        c0, n0 = before.get(q["id"], (0, 0))
        cnt += q.get("run_cnt", 0) - c0
        ns += q.get("run_time_ns", 0) - n0
    return {"name": name, "programs": len(after), "runs": cnt, "ns": ns,
            "ns_per_run": ns / cnt if cnt else float("nan")}


def by_output(word):
    def ready(p):
        os.set_blocking(p.stdout.fileno(), False)
        try:
            line = p.stdout.readline()
        except (IOError, TypeError):
            line = ""
        ready.seen = getattr(ready, "seen", "") + (line or "")
        return word in ready.seen
    return ready


def after_seconds(s):
    t0 = time.time()

    def ready(p):
        return time.time() - t0 >= s
    ready.timed = True
    return ready


def main():
    # bpftrace reads tracepoint formats from tracefs: mount it for the run
    mounted = False
    if not os.path.isdir("/sys/kernel/tracing/events"):
        mounted = subprocess.run(["mount", "-t", "tracefs", "tracefs",
                                  "/sys/kernel/tracing"]).returncode == 0
    subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=1"], check=True)
    rows = {}
    try:
        for rnd in range(ROUNDS):
            before = ((("memstall snoop (before)", [os.environ["BEFORE"], "snoop", "--json"],
                        after_seconds(1)),) if os.environ.get("BEFORE") else ())
            tracers = before + (
                ("empty tp_btf (floor)", [f"{OUT}/bench-empty", f"{OUT}/bench-empty.bpf.o"],
                 by_output("attached")),
                ("memstall hist", [f"{OUT}/memstall", "hist", "--by", "comm"],
                 by_output("Collecting")),
                ("memstall snoop", [f"{OUT}/memstall", "snoop", "--json"], after_seconds(1)),
                ("bpftrace hist.bt", ["bpftrace", "bench/hist.bt"], by_output("Attaching")),
            )
            # each round starts one tracer later: a cost that comes with a
            # place in the round (the first after a pause, the one after
            # bpftrace's exit) is spread over all of them
            k = rnd % len(tracers)
            for name, argv, ready in tracers[k:] + tracers[:k]:
                r = measure(name, argv, ready)
                acc = rows.setdefault(name, {"name": name, "runs": 0, "ns": 0,
                                             "programs": r["programs"]})
                acc["runs"] += r["runs"]
                acc["ns"] += r["ns"]
    finally:
        subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=0"])
        if mounted:
            subprocess.run(["umount", "/sys/kernel/tracing"])
    for r in rows.values():
        r["ns_per_run"] = r["ns"] / r["runs"] if r["runs"] else float("nan")
    floor = rows["empty tp_btf (floor)"]["ns_per_run"]
    bt = rows["bpftrace hist.bt"]["ns_per_run"]
    if "--json" in sys.argv:
        print(json.dumps(rows))
        return
    print("| tracer | programs | program runs | mean ns/run | x floor | x bpftrace |")
    print("|---|---|---|---|---|---|")
    for r in rows.values():
        print(f"| {r['name']} | {r['programs']} | {r['runs']} | {r['ns_per_run']:.0f} | "
              f"{r['ns_per_run'] / floor:.2f} | {r['ns_per_run'] / bt:.2f} |")


main()
