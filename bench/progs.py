#!/usr/bin/env python3
"""Per-program BPF cost of one tracer on the memcg workload (the detail
behind bench/cost.py's means): run_cnt and run_time_ns deltas from
/proc/PID/fdinfo, names from bpftool. Run as root, under the test lock:

  flock /tmp/memstall-test.lock python3 bench/progs.py [ROUNDS] -- CMD ARGS...

Without CMD: `.output/memstall hist --by comm`. The tracer must print a line
once attached (memstall: "Collecting"/"Tracing"; bench-empty: "attached";
bpftrace: "Attaching"); otherwise it gets 2 s.
"""
import json, os, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("OUTPUT", ".output")
WL = [f"{OUT}/memstall-wl-memcg", "--written", "--seconds", os.environ.get("WL_SECONDS", "4")]


def progs_of(pid):
    mine = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") != "anon_inode:bpf-prog":
                continue
            info = dict(l.split(":", 1) for l in open(f"/proc/{pid}/fdinfo/{fd}") if ":" in l)
        except OSError:
            continue
        i = int(info["prog_id"])
        mine[i] = (int(info.get("run_cnt", 0)), int(info.get("run_time_ns", 0)))
    return mine


def name_of(i):
    try:
        j = json.loads(subprocess.run(["bpftool", "prog", "show", "id", str(i), "--json"],
                                      capture_output=True, text=True).stdout)
        return j.get("name", str(i)), j.get("bytes_xlated", 0), j.get("bytes_jited", 0)
    except (ValueError, OSError):
        return str(i), 0, 0


def one(argv):
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(p.stdout.fileno(), False)
    seen, t0 = "", time.time()
    while time.time() - t0 < 30:
        try:
            seen += os.read(p.stdout.fileno(), 65536).decode(errors="replace")
        except BlockingIOError:
            pass
        if any(w in seen for w in ("Collecting", "Tracing", "attached", "Attaching")):
            break
        if p.poll() is not None:
            sys.exit(f"tracer exited: {seen}")
        time.sleep(0.1)
    # keep draining: a tracer that prints per event (snoop) would otherwise
    # block on a full pipe and meet a full ring buffer
    os.set_blocking(p.stdout.fileno(), True)
    threading.Thread(target=lambda: [None for _ in iter(lambda: p.stdout.read(65536), b"")],
                     daemon=True).start()
    time.sleep(0.5)
    before = progs_of(p.pid)
    subprocess.run(WL, stdout=subprocess.DEVNULL, check=True)
    after = progs_of(p.pid)
    names = {i: name_of(i) for i in after}
    p.terminate()
    p.wait(timeout=20)
    res = {}
    for i, (c, n) in after.items():
        c0, n0 = before.get(i, (0, 0))
        res[names[i][0]] = (c - c0, n - n0, names[i][1], names[i][2])
    return res


def table(tot):
    print(f"{'program':40} {'runs':>9} {'ns/run':>7} {'xlated':>7} {'jited':>6}")
    ac = an = 0
    for k, (c, n, x, j) in sorted(tot.items(), key=lambda kv: -kv[1][0]):
        ac += c
        an += n
        if c or "-a" in os.environ.get("PROGS_ALL", "-a"):
            print(f"{k:40} {c:9} {n / c if c else 0:7.1f} {x:7} {j:6}")
    print(f"{'all (' + str(len(tot)) + ' programs)':40} {ac:9} {an / ac if ac else 0:7.1f}")


def main():
    args = sys.argv[1:]
    rounds = 1
    if args and args[0] != "--":
        rounds = int(args.pop(0))
    args = args[1:] if args[:1] == ["--"] else []
    # several tracers (separated by :::) run in turn, round by round
    cmds, cur = [], []
    for a in args:
        if a == ":::":
            cmds.append(cur)
            cur = []
        else:
            cur.append(a)
    cmds.append(cur)
    cmds = [c or [f"{OUT}/memstall", "hist", "--by", "comm"] for c in cmds]
    subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=1"], check=True)
    tots = [{} for _ in cmds]
    try:
        for _ in range(rounds):
            for argv, tot in zip(cmds, tots):
                for k, (c, n, x, j) in one(argv).items():
                    a = tot.setdefault(k, [0, 0, x, j])
                    a[0] += c
                    a[1] += n
    finally:
        subprocess.run(["sysctl", "-q", "kernel.bpf_stats_enabled=0"])
    for argv, tot in zip(cmds, tots):
        print("$ " + " ".join(argv))
        table(tot)


main()
