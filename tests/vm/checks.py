#!/usr/bin/env python3
"""Host-side assertions of the VM scenarios (tests/vm/scenarios/*.sh).

    checks.py extract CONSOLE_LOG DIR     decode the guest's result files
    checks.py tail CONSOLE_LOG            console tail without the result blocks
    checks.py SCENARIO KERNEL DIR LOG     TAP lines for one boot's results
    checks.py matrix OUT.md LABEL=DOCTOR.json[,SNOOP.json...]...
                                          kernel x feature table

Every assertion compares memstall's output with the guest kernel's own
record: /proc/vmstat counters, per-node meminfo/numastat, and the kernel's
trace buffer. A failing assertion prints its evidence and the guest console
tail.
"""
import base64
import hashlib
import json
import os
import re
import sys

# ---------------------------------------------------------------- console


def extract(log, outdir):
    os.makedirs(outdir, exist_ok=True)
    text = open(log, "rb").read().decode("utf-8", "replace").replace("\r", "")
    got, name, buf, done = 0, None, [], None
    for line in text.split("\n"):
        m = re.match(r"^===RESULT-BEGIN (\S+)===$", line)
        if m:
            name, buf = m.group(1), []
            continue
        m = re.match(r"^===RESULT-END (\S+) md5=([0-9a-f]+)===$", line)
        if m and name == m.group(1):
            data = base64.b64decode("".join(buf))
            if hashlib.md5(data).hexdigest() != m.group(2):
                sys.exit(f"result {name}: md5 mismatch (console noise inside the block?)")
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(data)
            got, name = got + 1, None
            continue
        m = re.match(r"^===RESULTS-DONE n=(\d+)===$", line)
        if m:
            done = int(m.group(1))
            continue
        if name is not None:
            buf.append(line.strip())
    if done is None:
        sys.exit("the guest did not finish dumping its results (no ===RESULTS-DONE)")
    if got != done:
        sys.exit(f"decoded {got} result files, the guest sent {done}")


def console_tail(log, n=25):
    try:
        text = open(log, "rb").read().decode("utf-8", "replace").replace("\r", "")
    except OSError as e:
        return [f"(no console log: {e})"]
    out, inside = [], False
    for line in text.split("\n"):
        if line.startswith("===RESULT-BEGIN"):
            inside = True
            continue
        if line.startswith("===RESULT-END"):
            inside = False
            continue
        if inside:
            continue
        line = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1bc", "", line)
        if line.strip():
            out.append(line)
    return out[-n:]


# ---------------------------------------------------------------- TAP


class Tap:
    def __init__(self, scenario, kernel, results, log):
        self.prefix = f"{kernel} {scenario}"
        self.r = results
        self.log = log
        self.failed = 0

    def ok(self, name, detail=""):
        print(f"ok - {self.prefix}: {name}" + (f" ({detail})" if detail else ""))

    def not_ok(self, name, *lines):
        self.failed += 1
        print(f"not ok - {self.prefix}: {name}")
        for block in lines:
            for l in str(block).split("\n"):
                print(f"# {l}")
        print(f"# guest console tail ({self.log}):")
        for l in console_tail(self.log):
            print(f"#   {l}")

    def run(self, name, fn):
        """fn() returns a detail string (pass) or raises Fail/any error."""
        try:
            detail = fn()
        except Fail as e:
            self.not_ok(name, *e.args, *self.guest_errors())
        except Exception as e:  # a missing file or field is a failure too
            self.not_ok(name, f"{type(e).__name__}: {e}", *self.guest_errors())
        else:
            self.ok(name, detail or "")

    def guest_errors(self):
        p = os.path.join(self.r, "guest-errors.txt")
        return ["guest errors:", open(p).read()] if os.path.exists(p) else []

    # result files
    def path(self, name):
        return os.path.join(self.r, name)

    def text(self, name):
        return open(self.path(name)).read()

    def jsonl(self, name):
        out = []
        for n, line in enumerate(open(self.path(name)), 1):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    raise Fail(f"{name}:{n}: not JSON: {line[:160]!r}")
        return out

    def vmstat(self, name):
        return {k: int(v) for k, v in (l.split() for l in open(self.path(name)) if l.strip())}

    def delta(self, a, b, pred):
        va, vb = self.vmstat(a), self.vmstat(b)
        return sum(vb[k] - va.get(k, 0) for k in vb if pred(k))

    def node_kv(self, name):
        """node meminfo ("Node 0 MemFree: 123 kB") -> {"MemFree": 123}"""
        out = {}
        for l in open(self.path(name)):
            f = l.split()
            if len(f) >= 4:
                out[f[2].rstrip(":")] = int(f[3])
        return out

    def numastat(self, name):
        return {k: int(v) for k, v in (l.split() for l in open(self.path(name)) if l.strip())}


class Fail(Exception):
    pass


def need(cond, *msg):
    if not cond:
        raise Fail(*msg)


def snoop(t, name, allow_drops=False):
    """(stalls, summary) of a snoop run; fails unless it ran clean."""
    rc = t.text(f"{name}.rc").strip()
    objs = t.jsonl(f"{name}.json")
    stalls = [o for o in objs if o.get("type") == "stall"]
    summ = [o for o in objs if o.get("type") == "summary"]
    need(rc == "0", f"memstall snoop exited {rc}", t.text(f"{name}.err")[-1500:])
    need(len(summ) == 1, f"{len(summ)} summary lines in {name}.json")
    need(allow_drops or summ[0]["dropped"] == 0,
         f"{summ[0]['dropped']} events dropped: cannot compare counts")
    # the summary counts every event line (stalls and other types)
    lines = len(objs) - len(summ)
    need(summ[0]["events"] == lines, f"summary says {summ[0]['events']} events, got {lines} lines")
    return stalls, summ[0]


def load_window(t, name, trace, wl, allow_drops=False):
    """One measured window: snoop output NAME, kernel trace TRACE, workload
    output WL(.json/.rc/.err). Keeps the stalls that began inside it."""
    stalls, summ = snoop(t, name, allow_drops)
    tr = Trace(t, trace)
    need(t.text(f"{wl}.rc").strip() == "0",
         f"workload failed (OOM-killed?): {t.text(f'{wl}.err')}")
    return {"stalls": tr.began_inside(stalls), "all": stalls, "trace": tr, "summary": summ,
            "wl": json.loads(t.text(f"{wl}.json").split("\n")[0])}


TRACE_RE = re.compile(r"^\s*(.+?)-(\d+)\s+\[\d+\].*?\s(\d+)\.(\d{6}):\s(\w+):\s*(.*)$")


class Trace:
    """The kernel's trace buffer (trace_clock mono, so its timestamps are
    memstall's ts_ns clock) and the window between the guest's marks."""

    def __init__(self, t, name):
        need(not any(int(x) for x in t.text(f"{name}.overrun").split()),
             "the kernel's trace buffer overran: cannot compare")
        self.events, marks = [], {}
        for line in open(t.path(f"{name}.trace")):
            m = TRACE_RE.match(line)
            if not m:
                continue
            ns = int(m.group(3)) * 10**9 + int(m.group(4)) * 1000
            if m.group(5) == "tracing_mark_write":
                w = m.group(6).split()
                if len(w) == 2 and w[0] == "memstall-window":
                    marks[w[1]] = ns
                continue
            fields = dict(kv.split("=", 1) for kv in m.group(6).split() if "=" in kv)
            self.events.append((m.group(1), int(m.group(2)), m.group(5), fields, ns))
        need({"open-start", "open-end", "close-start", "close-end"} <= marks.keys(),
             f"window marks missing in {name}: {marks}")
        self.begin, self.end = marks["open-start"], marks["close-end"]
        self.sure = (marks["open-end"], marks["close-start"])

    def began_inside(self, stalls):
        """Stalls that began inside the window. The kernel counts a reclaim
        (allocstall_*) when it begins, memstall reports it when it ends: a
        stall that ended after memstall attached but began before the window
        (e.g. the guest shell's own allocation) is not the window's."""
        return [o for o in stalls if self.begin <= began(o) <= self.end]

    def unsure(self, stalls):
        """Stalls that began while a counter snapshot was being read (between
        open-start and open-end, or close-start and close-end): the kernel's
        delta may or may not include them."""
        return [o for o in stalls if not self.sure[0] < began(o) < self.sure[1]]

    def inside(self):
        """The kernel's trace events inside the window."""
        return [e for e in self.events if self.begin <= e[4] <= self.end]


def began(o):
    return o["ts_ns"] - round(o["lat_ms"] * 1e6)


def bounded(what, sure, unsure, kernel, kname):
    """sure <= kernel delta <= sure + unsure (unsure: stalls that began while
    a snapshot was read); exact when unsure is 0."""
    need(sure <= kernel <= sure + unsure,
         f"memstall: {what} {sure} (+ {unsure} that began during a counter snapshot); "
         f"kernel: {kname} +{kernel}")
    return f"{kernel} == {sure}" if not unsure else f"{sure} <= {kernel} <= {sure + unsure}"


def lru_gen_on(t, name="lru_gen.txt"):
    """MGLRU on in the guest (6.12's default)? Changes what pgscan counts."""
    p = t.path(name)
    return os.path.exists(p) and int(open(p).read().split()[0], 16) != 0


def scanned_vs_vmstat(t, stalls, a, b, kinds, tr):
    """Pages scanned/reclaimed inside stalls vs pgscan_direct/pgsteal_direct.

    Classic LRU: shrink_inactive_list() adds the same nr_scanned/nr_reclaimed
    to pgscan_direct/pgsteal_direct (global reclaim by a task that is neither
    kswapd nor khugepaged: direct and node reclaim) as it passes to the
    mm_vmscan_lru_shrink_inactive tracepoint, so the sums are equal when all
    direct and node reclaim of the window happened inside reported stalls.
    """
    mine = [o for o in stalls if o["kind"] in kinds]
    un = tr.unsure(mine)
    dsc = t.delta(a, b, lambda k: k == "pgscan_direct")
    drc = t.delta(a, b, lambda k: k == "pgsteal_direct")
    need(dsc > 0, "pgscan_direct did not rise: no direct or node reclaim scanned a page")
    out = []
    for field, d, kname in (("scanned", dsc, "pgscan_direct"), ("reclaimed", drc, "pgsteal_direct")):
        u = sum(o[field] for o in un)
        out.append(f"{field} " + bounded(f"pages {field} in {kinds} stalls",
                                         sum(o[field] for o in mine) - u, u, d, kname))
    return ", ".join(out)


def doctor_probe(t, name, hook):
    for o in t.jsonl(name):
        if o.get("type") == "probe" and o.get("hook") == hook:
            return o
    raise Fail(f"{name}: no probe line for {hook}")


def check_shrink_node_probe(t, name="doctor.json"):
    p = doctor_probe(t, name, "vmscan:shrink_node")
    need(p["mechanism"] in ("fentry", "kprobe") and p["status"] == "ok",
         f"vmscan:shrink_node: {p}")
    return p["mechanism"]


GFP_NAME = re.compile(r"^_{0,2}GFP_[A-Z0-9_]+$")


def check_attribution(stalls, wl, kind, nodes_ok):
    """The workload's stalls carry its pid, tid, comm, an order, GFP flags
    and the nodes scanned."""
    mine = [o for o in stalls if o["pid"] == wl["pid"] and o["kind"] == kind]
    need(mine, f"no {kind} stall for the workload pid {wl['pid']}; "
               f"pids seen: {sorted(set((o['comm'], o['pid'], o['kind']) for o in stalls))[:12]}")
    for o in mine:
        bad = []
        if o["comm"] != wl["comm"] or o["tid"] != wl["pid"]:
            bad.append("comm/tid")
        if not isinstance(o["order"], int) or not 0 <= o["order"] <= 10:
            bad.append("order")
        if not o["gfp"] or not o["gfp_flags"] or not all(GFP_NAME.match(f) for f in o["gfp_flags"]):
            bad.append("gfp")
        if o["scanned"] and not o["nodes"]:
            bad.append("nodes empty although pages were scanned")
        if not set(o["nodes"]) <= nodes_ok:
            bad.append(f"nodes {o['nodes']} not in {sorted(nodes_ok)}")
        if o["scanned"] != o["scanned_anon"] + o["scanned_file"] or \
                sum(o["node_scanned"]) != o["scanned"]:
            bad.append("scanned split")
        if not o["lat_ms"] > 0:
            bad.append("lat_ms")
        need(not bad, f"bad {kind} stall {bad}: {json.dumps(o)}")
    need(any(o["nodes"] for o in mine), f"none of the {len(mine)} stalls names a node")
    orders = sorted(set(o["order"] for o in mine))
    return f"{len(mine)} stalls, orders {orders}"


def compare_trace(stalls, events, begin, kind, fields, key=None):
    """Per thread, memstall's stalls of KIND equal the kernel trace buffer's
    BEGIN events, with the same (order, gfp names) multiset."""
    key = key or (lambda o: (o["order"], "|".join(o["gfp_flags"])))
    ours, theirs = {}, {}
    for o in stalls:
        if o["kind"] == kind:
            ours.setdefault(o["tid"], []).append(key(o))
    for comm, tid, ev, f, ns in events:
        if ev == begin:
            theirs.setdefault(tid, []).append(tuple(fields(f)))
    diff = []
    for tid in sorted(set(ours) | set(theirs)):
        a, b = sorted(ours.get(tid, [])), sorted(theirs.get(tid, []))
        if a != b:
            diff.append(f"tid {tid}: memstall {len(a)} {sorted(set(a))[:4]}, "
                        f"kernel trace {len(b)} {sorted(set(b))[:4]}")
    need(not diff, *diff[:10])
    need(theirs, f"the kernel's trace buffer has no {begin} event: nothing to compare")
    return f"{sum(len(v) for v in theirs.values())} {kind} stalls, {len(theirs)} threads"


def gfp_order_fields(f):
    return (int(f["order"]), f["gfp_flags"])


# ---------------------------------------------------------------- scenario 1


def direct_reclaim(t):
    st = {}

    def ran():
        st.update(load_window(t, "snoop", "snoop", "wl"))
        return f"{len(st['all'])} stalls, {len(st['stalls'])} began in the window"

    t.run("doctor chooses fentry or kprobe for vmscan:shrink_node",
          lambda: check_shrink_node_probe(t))
    t.run("snoop ran clean across the window (exit 0, none dropped)", ran)

    def count():
        need("stalls" in st, "no snoop output")
        direct = [o for o in st["stalls"] if o["kind"] == "direct"]
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k.startswith("allocstall_"))
        need(d > 0, "the kernel counted no direct reclaim: the workload put no pressure")
        un = len(st["trace"].unsure(direct))
        return bounded("direct stalls", len(direct) - un, un, d, "sum(allocstall_*)")
    t.run("direct stalls == sum(allocstall_*) delta in /proc/vmstat", count)

    t.run("direct stalls match the kernel trace buffer (tid, order, gfp names)",
          lambda: compare_trace(st["stalls"], st["trace"].inside(),
                                "mm_vmscan_direct_reclaim_begin", "direct", gfp_order_fields))
    t.run("workload's stalls attributed (pid, comm, order, gfp, nodes)",
          lambda: check_attribution(st["stalls"], st["wl"], "direct", {0}))

    t.run("pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct",
          lambda: scan_check(t, st, "before.vmstat", "after.vmstat", ("direct",)))


def mglru_scan_bounds(t, stalls, a, b, kinds, tr):
    """MGLRU (evict_folios) passes mm_vmscan_lru_shrink_inactive the pages it
    looked at, and passes them again on its retry pass, but adds to pgscan_*
    only the pages it isolated: memstall's scanned (the tracepoint's sum) is
    at least pgscan_direct there, not equal. Pages reclaimed are counted per
    pass on both sides: equal."""
    mine = [o for o in stalls if o["kind"] in kinds]
    un = tr.unsure(mine)
    rc = sum(o["reclaimed"] for o in mine)
    urc = sum(o["reclaimed"] for o in un)
    drc = t.delta(a, b, lambda k: k == "pgsteal_direct")
    sc = sum(o["scanned"] for o in mine)
    dsc = t.delta(a, b, lambda k: k == "pgscan_direct")
    need(dsc > 0, "pgscan_direct did not rise: no direct or node reclaim scanned a page")
    res = bounded(f"pages reclaimed in {kinds} stalls", rc - urc, urc, drc, "pgsteal_direct")
    need(sc >= dsc, f"MGLRU: memstall scanned {sc} in {kinds} stalls < pgscan_direct +{dsc}")
    return f"MGLRU: reclaimed {res}, scanned {sc} >= pgscan_direct +{dsc}"


def scan_check(t, w, a, b, kinds, lru_gen="lru_gen.txt"):
    """w: a load_window() result; a, b: the vmstat snapshots."""
    need("stalls" in w, "no snoop output")
    if lru_gen_on(t, lru_gen):
        return mglru_scan_bounds(t, w["stalls"], a, b, kinds, w["trace"])
    return scanned_vs_vmstat(t, w["stalls"], a, b, kinds, w["trace"])


# ---------------------------------------------------------------- scenario 3


def high_wmark_pages(t):
    """Sum of the high watermarks of all zones (/proc/zoneinfo), in pages."""
    total = 0
    for line in open(t.path("zoneinfo.txt")):
        f = line.split()
        if len(f) == 2 and f[0] == "high":
            total += int(f[1])
    return total


def low_file_free(t, name):
    """Samples taken while the workload ran: (min of free + file pages, n)."""
    vals = []
    for line in open(t.path(name)):
        kv = dict(w.split("=", 1) for w in line.split()[1:] if "=" in w)
        if {"nr_free_pages", "nr_inactive_file", "nr_active_file"} <= kv.keys():
            vals.append(int(kv["nr_free_pages"]) + int(kv["nr_inactive_file"]) +
                        int(kv["nr_active_file"]))
    need(vals, f"no samples in {name}")
    return min(vals), len(vals)


def swap_anon(t):
    st = {}

    def ran():
        need(not lru_gen_on(t), "MGLRU is on: this scenario is about the classic LRU")
        st.update(load_window(t, "snoop", "snoop", "wl"))
        return f"{len(st['stalls'])} stalls in the window; {t.text('setup.txt').split(chr(10))[0]}"
    t.run("snoop ran clean across the window (exit 0, none dropped)", ran)

    def condition():
        # With swappiness 0, classic-LRU global reclaim (kswapd or direct)
        # puts anonymous pages on the scan list only when get_scan_count()
        # finds sc->file_is_tiny: file + free pages of the node <= the sum of
        # its zones' high watermarks (SCAN_EQUAL needs swappiness > 0 and
        # SCAN_FRACT gives anon a 0 share). So the kernel's own pgscan_anon
        # rising says the condition held; the 100 ms samples of free + file
        # are shown for the record (they can miss the troughs).
        a, b = "before.vmstat", "after.vmstat"
        swp = t.delta(a, b, lambda k: k == "pswpout")
        kscan = t.delta(a, b, lambda k: k == "pgscan_anon")
        need(t.text("setup.txt").startswith("swappiness=0"), t.text("setup.txt"))
        need(swp > 0, f"nothing was swapped out (pswpout +{swp})")
        need(kscan > 0, f"the kernel scanned no anon page (pgscan_anon +{kscan})")
        low, n = low_file_free(t, "samples.samples")
        return (f"pswpout +{swp}, pgscan_anon +{kscan}; sampled min(free+file) {low}, "
                f"high watermarks {high_wmark_pages(t)} pages")
    t.run("condition: swappiness=0, zram swap used, kernel scanned anon (file+free <= high)",
          condition)

    def anon():
        need("stalls" in st, "no snoop output")
        w = st["wl"]
        mine = [o for o in st["stalls"] if o["pid"] == w["pid"] and o["scanned_anon"] > 0]
        need(mine, f"no stall of the workload (pid {w['pid']}) scanned anon pages; "
                   f"stalls: {len(st['stalls'])}, anon scanned in all: "
                   f"{sum(o['scanned_anon'] for o in st['stalls'])}")
        bad = [o for o in mine if o["comm"] != w["comm"] or o["kind"] != "direct"]
        need(not bad, f"misattributed: {json.dumps(bad[0]) if bad else ''}")
        return (f"{len(mine)} stalls of {w['comm']} scanned "
                f"{sum(o['scanned_anon'] for o in mine)} anon pages")
    t.run("stalls of the allocating task report anon pages scanned", anon)

    def vs_kernel():
        un = st["trace"].unsure(st["stalls"])
        ours = sum(o["scanned_anon"] for o in st["stalls"]) - sum(o["scanned_anon"] for o in un)
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "pgscan_anon")
        need(d >= ours > 0, f"memstall: {ours} anon pages scanned in stalls; "
                            f"kernel pgscan_anon +{d} (kswapd + direct)")
        return f"pgscan_anon +{d} >= {ours} in stalls"
    t.run("pgscan_anon rose by at least the anon pages scanned in stalls", vs_kernel)
    t.run("pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct",
          lambda: scan_check(t, st, "before.vmstat", "after.vmstat", ("direct",)))


# ---------------------------------------------------------------- scenario 2


def sampled_min_free_kb(t, name, node):
    vals = [int(w.split("=")[1]) for line in open(t.path(name))
            for w in line.split() if w.startswith(f"node{node}_free_kb=")]
    need(vals, f"no node{node} samples in {name}")
    return min(vals)


def node_reclaim(t):
    st = {}
    need_nodes = lambda: need(t.text("setup.txt").startswith("nodes=2"),
                              f"the guest has not two NUMA nodes: {t.text('setup.txt')}")

    def ran(mode):
        def f():
            need_nodes()
            need(not lru_gen_on(t, f"zrm{mode}.lru_gen"), "MGLRU was on: expected classic LRU")
            st[mode] = load_window(t, f"zrm{mode}", f"zrm{mode}", f"zrm{mode}.wl")
            return f"{len(st[mode]['stalls'])} stalls in the window"
        return f

    nid_order_gfp = lambda f: (int(f["nid"]), int(f["order"]), f["gfp_flags"])
    node_key = lambda o: (o["target_node"], o["order"], "|".join(o["gfp_flags"]))

    # zone_reclaim_mode=1
    t.run("zone_reclaim_mode=1: snoop ran clean across the window", ran(1))

    def node_stalls():
        stalls, w = st[1]["stalls"], st[1]["wl"]
        node = [o for o in stalls if o["kind"] == "node"]
        mine = [o for o in node if o["pid"] == w["pid"]]
        need(mine, f"no node-reclaim stall of the workload pid {w['pid']}; node stalls of "
                   f"{sorted(set((o['comm'], o['pid']) for o in node))}")
        bad = [o for o in mine if o["target_node"] != 0 or o["comm"] != w["comm"]
               or o["tid"] != w["pid"] or not set(o["nodes"]) <= {0}]
        need(not bad, f"{len(bad)} node stalls not on node 0 / misattributed: {json.dumps(bad[0]) if bad else ''}")
        free1 = sampled_min_free_kb(t, "zrm1.samples", 1)
        total1 = t.node_kv("zrm1.before.node1.meminfo")["MemTotal"]
        need(free1 * 10 >= total1 * 4, f"node 1 was not mostly free: min MemFree {free1} of {total1} kB")
        return (f"{len(mine)} node stalls of {w['comm']} on node 0, "
                f"{sum(o['reclaimed'] for o in mine)} pages reclaimed; node 1 free >= {free1} of {total1} kB")
    t.run("zone_reclaim_mode=1: node-reclaim stalls (target_node 0) of the task while node 1 is free",
          node_stalls)

    t.run("zone_reclaim_mode=1: node stalls match the kernel trace buffer (tid, nid, order, gfp)",
          lambda: compare_trace(st[1]["stalls"], st[1]["trace"].inside(),
                                "mm_vmscan_node_reclaim_begin",
                                "node", nid_order_gfp, node_key))

    def failed():
        # node_reclaim() counts zone_reclaim_failed when __node_reclaim()
        # returns false, i.e. sc.nr_reclaimed (the end tracepoint's value,
        # memstall's nr_reclaimed_kernel) < 1 << order; kernels that have
        # zone_reclaim_success (6.12) count the other outcome there.
        stalls = [o for o in st[1]["stalls"] if o["kind"] == "node"]
        un = st[1]["trace"].unsure(stalls)
        d = lambda c: t.delta("zrm1.before.vmstat", "zrm1.after.vmstat", lambda k: k == c)
        is_short = lambda o: o["nr_reclaimed_kernel"] < (1 << o["order"])
        out = []
        for name, pred in (("zone_reclaim_failed", is_short),
                           ("zone_reclaim_success", lambda o: not is_short(o))):
            if name not in t.vmstat("zrm1.after.vmstat"):
                continue  # zone_reclaim_success is newer than 6.1
            u = sum(1 for o in un if pred(o))
            out.append(f"{name} " + bounded(f"node stalls that count as {name}",
                                            sum(1 for o in stalls if pred(o)) - u, u,
                                            d(name), name))
        return f"{len(stalls)} node stalls; " + ", ".join(out)
    t.run("zone_reclaim_mode=1: zone_reclaim_failed/success deltas match the node stalls", failed)
    t.run("zone_reclaim_mode=1: pages scanned/reclaimed in stalls vs pgscan_direct/pgsteal_direct",
          lambda: scan_check(t, st.get(1, {}), "zrm1.before.vmstat", "zrm1.after.vmstat",
                             ("direct", "node"), "zrm1.lru_gen"))
    # ISSUE-7 HOOK: assert here that `memstall doctor` flagged
    # vm.zone_reclaim_mode=1 (guest file zrm1.doctor-audit.json, see the hook
    # in guest/node-reclaim.sh) and did not flag mode 0.

    # zone_reclaim_mode=0
    t.run("zone_reclaim_mode=0: snoop ran clean across the window", ran(0))

    def no_node():
        ours = [o for o in st[0]["stalls"] if o["kind"] == "node"]
        theirs = [e for e in st[0]["trace"].inside() if e[2] == "mm_vmscan_node_reclaim_begin"]
        need(not ours and not theirs,
             f"node reclaim with zone_reclaim_mode=0: memstall {len(ours)}, kernel trace {len(theirs)}")
        return "memstall 0, kernel trace 0"
    t.run("zone_reclaim_mode=0: no node-reclaim stall (memstall and kernel trace)", no_node)

    def spill():
        w = st[0]["wl"]
        pages = w.get("anon_mb", 0) * 256 or 96 * 256
        miss = t.numastat("zrm0.after.node1.numastat")["numa_miss"] - \
            t.numastat("zrm0.before.node1.numastat")["numa_miss"]
        miss1 = t.numastat("zrm1.after.node1.numastat")["numa_miss"] - \
            t.numastat("zrm1.before.node1.numastat")["numa_miss"]
        free_before = t.node_kv("zrm0.before.node1.meminfo")["MemFree"]
        dip = free_before - sampled_min_free_kb(t, "zrm0.samples", 1)
        need(miss * 4 >= pages and dip > 0,
             f"node 1 numa_miss +{miss} pages (want >= {pages // 4}), node 1 MemFree dip {dip} kB")
        return (f"node 1 numa_miss +{miss} pages, MemUsed up {dip} kB "
                f"(with zone_reclaim_mode=1: numa_miss +{miss1})")
    t.run("zone_reclaim_mode=0: allocations spill to node 1 (numa_miss, MemUsed)", spill)

    # zone_reclaim_mode=1 with MGLRU (kernels that have it)
    names = ("zone_reclaim_mode=1 with MGLRU: node stalls + dropped == kernel trace count",
             "zone_reclaim_mode=1 with MGLRU: pages reclaimed in stalls == pgsteal_direct")
    if not os.path.exists(t.path("zrmmglru.rc")):
        for n in names:
            print(f"ok - {t.prefix}: {n} # SKIP no MGLRU in this kernel")
        return
    m = {}

    def mglru_count():
        # With MGLRU, whether node reclaim frees anything depends on the
        # kernel: 6.12's lru_gen_shrink_node() returns at once when it may
        # neither write nor unmap (zone_reclaim_mode=1), so stalls come so
        # fast that the ring buffer drops some; the summary counts them.
        need(lru_gen_on(t, "zrmmglru.lru_gen"), "MGLRU was off")
        m.update(load_window(t, "zrmmglru", "zrmmglru", "zrmmglru.wl", allow_drops=True))
        w, tr, summ = m["wl"], m["trace"], m["summary"]
        node = [o for o in m["stalls"] if o["kind"] == "node"]
        mine = [o for o in node if o["pid"] == w["pid"] and o["target_node"] == 0]
        kern = [e for e in tr.inside() if e[2] == "mm_vmscan_node_reclaim_begin"]
        need(mine, f"no node stall of the workload; memstall {len(node)}, kernel {len(kern)}")
        need(len(node) + summ["dropped"] == len(kern),
             f"memstall {len(node)} node stalls + {summ['dropped']} dropped, "
             f"kernel trace {len(kern)} node reclaims")
        return f"{len(node)} + {summ['dropped']} dropped == {len(kern)}"
    t.run(names[0], mglru_count)

    def mglru_reclaimed():
        need("stalls" in m, "no snoop output")
        a, b = "zrmmglru.before.vmstat", "zrmmglru.after.vmstat"
        vals = [o["reclaimed"] for o in m["stalls"] if o["kind"] in ("direct", "node")]
        if any(v is None for v in vals):
            # MGLRU kernels before 6.7 emit no lru_shrink events: memstall must
            # say "unknown" (null) for every such stall, never a false 0
            need(all(v is None and o["scanned"] is None
                     for v, o in zip(vals, [o for o in m["stalls"]
                                            if o["kind"] in ("direct", "node")])),
                 "some stalls have reclaimed counts, others null")
            return f"{len(vals)} stalls: scanned/reclaimed null (not observable on this MGLRU)"
        ours = sum(vals)
        kern = sum(o["nr_reclaimed_kernel"] for o in m["stalls"] if o["kind"] in ("direct", "node"))
        d = t.delta(a, b, lambda k: k == "pgsteal_direct")
        miss = t.numastat("zrmmglru.after.node1.numastat")["numa_miss"] - \
            t.numastat("zrmmglru.before.node1.numastat")["numa_miss"]
        need(ours == d if not m["summary"]["dropped"] else ours <= d,
             f"memstall: reclaimed {ours} pages in stalls (the end tracepoints say "
             f"{kern}); kernel: pgsteal_direct +{d}")
        return f"{ours} == pgsteal_direct +{d}; node 1 numa_miss +{miss}"
    t.run(names[1], mglru_reclaimed)


# ---------------------------------------------------------------- matrix


def matrix(out, sources):
    """Kernel x feature table from doctor --probes --json of each kernel.
    sources: "LABEL=DOCTOR.json[,SNOOP.json...]" (snoop outputs: the stall
    kinds seen there)."""
    cols, feats, probes, kinds = [], {}, {}, {}
    for src in sources:
        label, files = src.split("=", 1)
        files = files.split(",")
        cols.append(label)
        for line in open(files[0]):
            o = json.loads(line)
            if o.get("type") == "feature":
                v = o["detail"] if o["feature"] == "kernel" else ("yes" if o["available"] else "no")
                feats.setdefault(o["feature"], {})[label] = v
            elif o.get("type") == "probe":
                v = o["mechanism"] if o["status"] in ("ok", "fallback", "derived") else \
                    f"{o['mechanism']} ({o['status']})"
                probes.setdefault(o["hook"], {})[label] = v
        seen = {}
        for f in files[1:]:
            for line in open(f):
                o = json.loads(line)
                if o.get("type") == "stall":
                    seen[o["kind"]] = seen.get(o["kind"], 0) + 1
        kinds[label] = ", ".join(f"{k} {n}" for k, n in sorted(seen.items())) or "-"
    lines = ["<!-- generated by tests/vm (checks.py matrix) from memstall doctor --probes --json -->",
             "| | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for table in (feats, probes):
        for name, v in table.items():
            lines.append(f"| {name} | " + " | ".join(str(v.get(c, "-")) for c in cols) + " |")
    lines.append("| stalls seen in the VM scenarios | " +
                 " | ".join(kinds[c] for c in cols) + " |")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


SCENARIOS = {"direct-reclaim": direct_reclaim, "node-reclaim": node_reclaim,
             "swap-anon": swap_anon}


def main(argv):
    if len(argv) == 4 and argv[1] == "extract":
        extract(argv[2], argv[3])
    elif len(argv) >= 4 and argv[1] == "matrix":
        matrix(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "tail":
        print("\n".join(console_tail(argv[2])))
    elif len(argv) == 5 and argv[1] in SCENARIOS:
        t = Tap(argv[1], argv[2], argv[3], argv[4])
        SCENARIOS[argv[1]](t)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
