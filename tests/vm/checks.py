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
import gzip
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


def own_stalls(objs):
    """memstall's own stalls in its output, the context of a drop: its
    writer allocates (the output's pages) and stalls like any task."""
    own = [o for o in objs if o.get("type") == "stall"
           and o.get("comm") in ("memstall", "memstall-reader")]
    if not own:
        return "memstall itself did not stall"
    lat = [o["lat_ms"] for o in own]
    rd = [o["lat_ms"] for o in own if o["comm"] == "memstall-reader"]
    return (f"memstall itself stalled {len(own)} times, {sum(lat):.1f} ms in all, "
            f"longest {max(lat):.1f} ms; its reader thread {len(rd)} times, {sum(rd):.1f} ms")


def snoop(t, name, allow_drops=False, types=("stall",)):
    """(rows of TYPES, summary) of a snoop run; fails unless it ran clean."""
    rc = t.text(f"{name}.rc").strip()
    objs = t.jsonl(f"{name}.json")
    stalls = [o for o in objs if o.get("type") in types]
    summ = [o for o in objs if o.get("type") == "snoop_summary"]
    need(rc == "0", f"memstall snoop exited {rc}", t.text(f"{name}.err")[-1500:])
    need(len(summ) == 1, f"{len(summ)} summary lines in {name}.json")
    need(allow_drops or summ[0]["dropped"] == 0,
         f"{summ[0]['dropped']} events dropped: cannot compare counts ({own_stalls(objs)})",
         t.text(f"{name}.err")[-1500:])
    # the summary counts every event line (stalls and other types)
    lines = len(objs) - len(summ)
    need(summ[0]["events"] == lines, f"summary says {summ[0]['events']} events, got {lines} lines")
    return stalls, summ[0]


def load_window(t, name, trace, wl, allow_drops=False, types=("stall",)):
    """One measured window: snoop output NAME, kernel trace TRACE, workload
    output WL(.json/.rc/.err). Keeps the rows (of TYPES) that began inside it."""
    stalls, summ = snoop(t, name, allow_drops, types)
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

    def began_inside(self, stalls, at=None):
        """Stalls that began inside the window. The kernel counts a reclaim
        (allocstall_*) when it begins, memstall reports it when it ends: a
        stall that ended after memstall attached but began before the window
        (e.g. the guest shell's own allocation) is not the window's.
        at(row): when the kernel counts the row instead (default: began)."""
        at = at or began
        return [o for o in stalls if self.begin <= at(o) <= self.end]

    def unsure(self, stalls, at=None):
        """Stalls that began (at(row)) while a counter snapshot was being
        read (between open-start and open-end, or close-start and close-end):
        the kernel's delta may or may not include them."""
        at = at or began
        return [o for o in stalls if not self.sure[0] < at(o) < self.sure[1]]

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


def scanned_vs_vmstat(t, stalls, a, b, kinds, tr, summary=None):
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
    if summary and summary.get("no_record"):
        # a stall began while no memory was left for its in-flight record
        # (GFP_ATOMIC): memstall says so and cannot report its pages
        ours = sum(o["scanned"] for o in mine)
        need(ours <= dsc, f"memstall: {ours} pages scanned; kernel pgscan_direct +{dsc}")
        return (f"scanned {ours} <= {dsc}: {summary['no_record']} stall(s) missed for want of "
                f"memory for the record (reported in the summary)")
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
    # fentry is the first choice (status ok); kprobe, where fentry cannot
    # attach (6.1 arm64), is its fallback (status fallback): both observe
    need((p["mechanism"], p["status"]) in (("fentry", "ok"), ("kprobe", "fallback")),
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
    """Per thread, memstall's stalls of KIND (rows without a kind, e.g.
    compaction rows: all of them) equal the kernel trace buffer's BEGIN
    events, with the same (order, gfp names) multiset."""
    key = key or (lambda o: (o["order"], "|".join(o["gfp_flags"])))
    ours, theirs = {}, {}
    for o in stalls:
        if o.get("kind", kind) == kind:
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
    t.run("stacks --folded -k direct: the hog's stalls under its page-fault path",
          lambda: direct_stacks(t, st))


# the anonymous hog's page-fault path (x86 and arm64 entries, the generic mm
# part) and the frames of global direct reclaim, as stacks --folded names them
FAULT_FRAMES = {f + "_[k]" for f in (
    "asm_exc_page_fault", "exc_page_fault", "do_user_addr_fault", "do_page_fault",
    "do_translation_fault", "handle_mm_fault", "__handle_mm_fault", "do_anonymous_page",
    "do_huge_pmd_anonymous_page")}
RECLAIM_FRAMES = {f + "_[k]" for f in (
    "try_to_free_pages", "__perform_reclaim", "__alloc_pages_direct_reclaim",
    "__alloc_pages_slowpath")}


def direct_stacks(t, st):
    """memstall stacks --folded -k direct, run around the window: the hog's
    comm heads folded lines where a page-fault frame lies below (nearer the
    root than) a direct reclaim frame."""
    rc = t.text("stacks.rc").strip()
    need(rc == "0", f"memstall stacks exited {rc}", t.text("stacks.err")[-1500:])
    comm = st["wl"]["comm"] if "wl" in st else json.loads(t.text("wl.json").split("\n")[0])["comm"]
    rows = []
    for n, line in enumerate(open(t.path("stacks.folded")), 1):
        line = line.rstrip("\n")
        if not line:
            continue
        stack, _, val = line.rpartition(" ")
        need(stack and val.isdigit(), f"stacks.folded:{n}: not 'frames value': {line[:160]!r}")
        rows.append((stack.split(";"), int(val)))
    need(rows, "stacks --folded printed no stack", t.text("stacks.err")[-800:])
    mine = [(f, v) for f, v in rows if f[0] == comm]
    need(mine, f"no folded stack of the hog {comm!r}; first frames seen: "
               f"{sorted(set(f[0] for f, v in rows))[:12]}")

    def faulted(frames):
        # GCC's clones: __alloc_pages_slowpath.constprop.0_[k]
        frames = [re.sub(r"(\.(constprop|isra|part|cold)\.\d+)+_\[k\]$", "_[k]", f)
                  for f in frames]
        pf = [i for i, f in enumerate(frames) if f in FAULT_FRAMES]
        rc = [i for i, f in enumerate(frames) if f in RECLAIM_FRAMES]
        return pf and rc and min(pf) < max(rc)
    good = [(f, v) for f, v in mine if faulted(f)]
    heavy = max(mine, key=lambda r: r[1])
    need(good, f"none of the hog's {len(mine)} stacks has a page-fault frame below a direct "
               f"reclaim frame; the heaviest: {';'.join(heavy[0])} {heavy[1]}")
    total = sum(v for f, v in mine)
    share = 100.0 * sum(v for f, v in good) / total if total else 0.0
    snoop_us = round(sum(o["lat_ms"] for o in st.get("all", []) if o["comm"] == comm) * 1000)
    return (f"{len(good)} of the hog's {len(mine)} stacks, {share:.1f}% of its {total} us "
            f"(snoop: {snoop_us} us); "
            f"heaviest ends {';'.join(max(good, key=lambda r: r[1])[0][-4:])}")


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
    return scanned_vs_vmstat(t, w["stalls"], a, b, kinds, w["trace"], w.get("summary"))


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
        bad = [o for o in mine if o["kind"] != "direct"] + wrong_comm(mine, w["comm"])
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

    def passes():
        # snoop -e: one row per shrink_node pass, probed with fentry/fexit on
        # these kernels. What the pass scanned in the LRU shrink events (the
        # pages isolate_lru_folios looked at) bounds scan_control's
        # nr_scanned delta: shrink_folio_list counts the same base pages but
        # takes back nr_pages - 1 for each large folio it splits
        ps, _ = snoop(t, "snoop", False, ("pass",))
        need(ps, "no pass rows in snoop -e's output")
        probed = [p for p in ps if p["observed"] == "probe"]
        need(len(probed) == len(ps),
             f"{len(ps) - len(probed)} of {len(ps)} passes derived: fentry should work here")
        bad = [p for p in ps if not 0 <= p["priority"] <= 12 or p["nr_to_reclaim"] is None
               or p["sc_scanned"] > p["scanned_anon"] + p["scanned_file"]]
        need(not bad, f"{len(bad)} inconsistent passes, e.g. {json.dumps(bad[0]) if bad else ''}")
        lru = sum(p["scanned_anon"] + p["scanned_file"] for p in ps)
        sc = sum(p["sc_scanned"] for p in ps)
        need(sc >= 0.98 * lru, f"scan_control counted {sc} pages, the LRU events {lru}")
        w = st["wl"]
        mine = [p for p in ps if p["pid"] == w["pid"] and p["in"] == "direct"]
        ksw = [p for p in ps if p["in"] == "kswapd"]
        need(mine, f"no pass of the workload (pid {w['pid']})")
        need(all(p["comm"].startswith("kswapd") for p in ksw), "kswapd rows from another task")
        prios = sorted({p["priority"] for p in mine})
        return (f"{len(ps)} passes probed: {len(mine)} in the workload's direct reclaim "
                f"(priorities {prios}), {len(ksw)} by kswapd; scanned {sc} (scan_control) "
                f"vs {lru} (LRU events)")
    t.run("shrink_node passes observed with priorities (workload and kswapd rows)", passes)

    def passes_vs_stalls():
        ps, _ = snoop(t, "snoop", False, ("pass",))
        stalls = [o for o in st["all"] if o["depth"] == 0]
        for k in ("scanned_anon", "scanned_file", "reclaimed_anon", "reclaimed_file"):
            a = sum(p[k] for p in ps if p["in"] != "kswapd")
            b = sum(o[k] or 0 for o in stalls)
            need(a == b, f"{k}: passes {a} != stalls {b}")
        return (f"anon/file scanned and reclaimed: passes == stalls "
                f"({sum(o['scanned_anon'] or 0 for o in stalls)} anon scanned)")
    t.run("passes add up to their stalls (anon/file scanned and reclaimed)", passes_vs_stalls)

    def finding():
        fs, _ = snoop(t, "snoop", False, ("swappiness_finding",))
        fs = [f for f in fs if f["finding"] == "swappiness0_anon_scan"]
        need(fs, "no swappiness0_anon_scan finding although anon was scanned at swappiness 0")
        need(all(f["swappiness"] == 0 and f["scanned_anon"] > 0 for f in fs), "bad finding")
        ev = [f for f in fs if f["free_pages"] is not None]
        need(ev, "no finding carries the node's state")
        tiny = [f for f in ev if f["file_is_tiny"]]
        need(tiny, f"no finding shows file + free <= high: {json.dumps(ev[0])}")
        f = tiny[0]
        need(f["file_pages"] + f["free_pages"] <= f["high_wmark_pages"], json.dumps(f))
        return (f"{len(fs)} findings ({len(tiny)} with file+free <= high), e.g. {f['comm']}: "
                f"file {f['file_pages']} + free {f['free_pages']} <= high "
                f"{f['high_wmark_pages']} pages")
    t.run("finding: anon scanned at swappiness=0 with file+free <= high watermarks", finding)

    def hist_kswapd():
        # memstall hist --by node,lru ran across the window: kswapd's passes
        # are rows of their own, apart from the stalls, split by LRU
        need(t.text("hist.rc").strip() == "0", f"hist exited {t.text('hist.rc')}",
             t.text("hist.err")[-800:])
        objs = t.jsonl("hist.json")
        win = [o for o in objs if o.get("type") == "hist_window"]
        rows = [o for o in objs if o.get("type") == "hist"]
        ks = [o for o in rows if o["kind"] == "kswapd"]
        need(win and ks, f"no kswapd rows: kinds {sorted(set(o['kind'] for o in rows))}")
        need(win[0]["kswapd_passes"] == sum(o["count"] for o in ks), json.dumps(win[0]))
        need(win[0]["stalls"] == sum(o["count"] for o in rows if o["kind"] != "kswapd"),
             "kswapd passes counted as stalls")
        need(any(o["lru"] in ("anon", "anon+file") for o in ks),
             f"kswapd never scanned anon: {[(o['lru'], o['count']) for o in ks]}")
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "pgscan_kswapd")
        sc = sum(o["scanned"] for o in ks)
        need(sc > 0, "kswapd rows scanned nothing")
        return (f"{sum(o['count'] for o in ks)} kswapd passes "
                f"({', '.join(str(o['lru']) + ' ' + str(o['count']) for o in ks)}), "
                f"{sc} pages scanned (pgscan_kswapd +{d} in the snoop window)")
    t.run("hist: kswapd passes are rows of their own, split by LRU", hist_kswapd)


# ---------------------------------------------------------------- scenario 2


def sampled_min_free_kb(t, name, node):
    vals = [int(w.split("=")[1]) for line in open(t.path(name))
            for w in line.split() if w.startswith(f"node{node}_free_kb=")]
    need(vals, f"no node{node} samples in {name}")
    return min(vals)


def wrong_comm(stalls, comm):
    """The stalls of one task not under its own name, less those before its
    first one that is: a task stalls while it execs, still under its parent's
    name (busybox sh), and memstall names a stall as the task was named when
    it ended."""
    own = [o["ts_ns"] for o in stalls if o["comm"] == comm]
    first = min(own) if own else -1  # none under its name: all are wrong
    return [o for o in stalls if o["comm"] != comm and o["ts_ns"] > first]


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
        bad = [o for o in mine if o["target_node"] != 0
               or o["tid"] != w["pid"] or not set(o["nodes"]) <= {0}]
        bad += wrong_comm(mine, w["comm"])
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


# ---------------------------------------------------------------- scenario 4


def frag_index(free_blocks, order):
    """mm/vmstat.c __fragmentation_index() (x1000) on a zone's free block
    counts per order: -1000 when a block of ORDER or more is free, else
    1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total."""
    total = sum(free_blocks)
    if not total:
        return 0
    if any(free_blocks[order:]):
        return -1000
    pages = sum(n << o for o, n in enumerate(free_blocks))
    return 1000 - (1000 + pages * 1000 // (1 << order)) // total


def extfrag(t, name):
    """debugfs extfrag/extfrag_index: {zone: [index x1000 per order]}"""
    out = {}
    for line in open(t.path(name)):
        f = line.split()
        if len(f) > 4 and f[2] == "zone":
            out[f[3]] = [round(float(x) * 1000) for x in f[4:]]
    return out


def zone_starts(t, name="zoneinfo.txt"):
    """/proc/zoneinfo: {start_pfn: zone name} (the trace's zone_start)"""
    out, zone = {}, None
    for line in open(t.path(name)):
        f = line.split()
        if line.startswith("Node"):
            zone = f[3]
        elif f[:1] == ["start_pfn:"]:
            out[int(f[1])] = zone
    return out


def ended(o):
    return o["ts_ns"]


def kernel_mode(m):
    """memstall's migrate mode (enum migrate_mode) as the compaction
    tracepoints print it: "sync" for any mode but MIGRATE_ASYNC."""
    return "async" if m == "async" else "sync"


THP_GFP = "GFP_TRANSHUGE"


def compaction(t):
    st = {}
    rows = lambda typ: [o for o in st["stalls"] if o["type"] == typ]

    def probe():
        hook = "compaction:try_to_compact_pages (return)"
        p = doctor_probe(t, "doctor.json", hook)
        need(p["mechanism"] == "fexit" and p["status"] == "ok", f"{hook}: {p}")
        return p["mechanism"]
    t.run("doctor chooses fexit for try_to_compact_pages (return)", probe)

    def ran():
        st.update(load_window(t, "snoop", "snoop", "wl", types=("compact", "compact_episode")))
        bad = [o for o in st["all"] if o["type"] == "stall"]
        need(not bad, f"-k compact printed other rows: {bad[:2]}")
        return (f"{len(rows('compact_episode'))} episodes and {len(rows('compact'))} zone runs "
                f"began in the window")
    t.run("snoop ran clean across the window (exit 0, none dropped)", ran)

    def condition():
        setup = t.text("setup.txt")
        need("enabled=[always]" in setup and "defrag=[always]" in setup, f"THP: {setup}")
        zone = re.search(r"zone=(\S+)", setup).group(1)
        wl = [json.loads(l) for l in open(t.path("wl.json"))]
        fr = [o for o in wl if o.get("fragmented")]
        thp = [o for o in wl if "thp_faults" in o]
        need(fr and fr[0]["freed_pages"] > 0 and thp, f"memstall-wl-alloc: {wl}")
        idx = extfrag(t, "frag.extfrag")[zone][9]
        need(idx >= 900, f"{zone}: extfrag_index at order 9 is {idx / 1000} after fragmenting "
                         f"(< 0.9); buddyinfo:", t.text("frag.buddyinfo"))
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "compact_stall")
        need(d > 0, "compact_stall did not rise: no direct compaction")
        return (f"{zone} extfrag_index[9] {idx / 1000}, {fr[0]['freed_pages']} order-0 pages "
                f"free; {thp[0]['thp_faults']} THP faults got {thp[0]['anon_huge_kb']} kB of "
                f"huge pages; compact_stall +{d}")
    t.run("condition: free memory fragmented (extfrag_index order 9 >= 0.9), THP always",
          condition)

    t.run("episodes match the kernel trace buffer (tid, order, gfp names, priority)",
          lambda: compare_trace(rows("compact_episode"), st["trace"].inside(),
                                "mm_compaction_try_to_compact_pages", "compact_episode",
                                lambda f: (int(f["order"]), f["gfp_mask"], int(f["priority"])),
                                lambda o: (o["order"], "|".join(o["gfp_flags"]), o["priority"])))

    def thp():
        w = st["wl"]
        eps = [o for o in rows("compact_episode") if o["pid"] == w["pid"]]
        zr = [o for o in rows("compact") if o["pid"] == w["pid"]]
        need(eps and zr, f"{len(eps)} episodes, {len(zr)} zone runs of the workload pid {w['pid']}")
        zones = set(zone_starts(t).values())
        runs = {}
        for o in zr:
            runs[o["episode"]] = runs.get(o["episode"], 0) + 1
        ids = {o["episode"] for o in eps}
        bad = []
        for o in eps + zr:
            why = []
            if o["comm"] != w["comm"] or o["tid"] != w["pid"]:
                why.append("comm/tid")
            if o["order"] != 9 or THP_GFP not in o["gfp_flags"]:
                why.append("order/gfp")
            if not o["lat_ms"] > 0 or not re.match(r"^[a-z_]+$", o["result"]):
                why.append("lat_ms/result name")
            if o["type"] == "compact_episode":
                if o["exact"] is not True:
                    why.append("not exact (fexit attached)")
                if o["zones_compacted"] != runs.get(o["episode"], 0):
                    why.append(f"zones_compacted != its {runs.get(o['episode'], 0)} zone runs")
            elif o["source"] != "direct" or o["node"] != 0 or o["zone"] not in zones or \
                    o["episode"] not in ids:
                why.append("source/node/zone/episode")
            if why:
                bad.append(f"{why}: {json.dumps(o)}")
        need(not bad, f"{len(bad)} bad rows of the THP faults:", *bad[:4])
        res = sorted(set(o["result"] for o in zr))
        return (f"{len(eps)} exact episodes, {len(zr)} zone runs ({', '.join(res)}) of "
                f"{w['comm']}, order 9, {THP_GFP}")
    t.run("direct compaction of the THP faults: order 9, GFP_TRANSHUGE, exact episodes", thp)

    def zone_runs():
        # every zone run (any source) against the kernel's mm_compaction_end,
        # per thread: (zone, sync/async, result name); kcompactd's are never
        # counted as direct
        starts = zone_starts(t)
        zr = rows("compact")
        kcd = lambda o: o["comm"].startswith("kcompactd")
        mixed = [o for o in zr if (o["source"] in ("kcompactd", "proactive")) != kcd(o)
                 or o["source"] == "manual"]
        need(not mixed, f"source mixed up: {json.dumps(mixed[0]) if mixed else ''}")
        return compare_trace(zr, st["trace"].inside(), "mm_compaction_end", "compact",
                             lambda f: (starts[int(f["zone_start"], 16)], f["mode"], f["status"]),
                             lambda o: (o["zone"], kernel_mode(o["mode"]), o["result"])) + \
            f", {sum(1 for o in zr if kcd(o))} by kcompactd"
    t.run("zone runs match the kernel trace buffer (tid, mode, result names)", zone_runs)

    def fragidx():
        # The index is defined for a request that fails (no free block of
        # its order): -1000 otherwise. compaction_suitable() compacts a zone
        # for order > 3 only when the index is above vm.extfrag_threshold
        # (500), so every failing order-9 run has one; right after the
        # fragmentation the kernel's own extfrag_index was >= 0.9.
        zone = re.search(r"zone=(\S+)", t.text("setup.txt")).group(1)
        kernel = extfrag(t, "frag.extfrag")[zone][9]
        zr = sorted((o for o in rows("compact") if o["source"] == "direct" and o["order"] == 9),
                    key=began)
        need(zr, "no direct order-9 zone run")
        bad = [f"fragindex {o['fragindex']}, the mm/vmstat.c formula on its free_blocks "
               f"{o['free_blocks']} gives {frag_index(o['free_blocks'], 9) / 1000}"
               for o in zr if round(o["fragindex"] * 1000) != frag_index(o["free_blocks"], 9)]
        need(not bad, *bad[:4])
        failing = [o for o in zr if o["fragindex"] != -1]
        low = [o for o in failing if o["fragindex"] < 0.9]
        need(not low, f"{len(low)} failing order-9 runs with fragindex < 0.9: "
                      f"{[(o['zone'], o['fragindex'], o['free_blocks']) for o in low[:4]]}")
        first = [o for o in failing if o["zone"] == zone][:1]
        need(first and abs(round(first[0]["fragindex"] * 1000) - kernel) <= 20,
             f"first failing run in {zone}: {first[0]['fragindex'] if first else None}, "
             f"kernel extfrag_index before the faults {kernel / 1000}")
        vals = sorted(o["fragindex"] for o in failing)
        return (f"{len(failing)} of {len(zr)} order-9 runs failing, fragindex {vals[0]}.."
                f"{vals[-1]}; first in {zone} {first[0]['fragindex']}, kernel extfrag_index "
                f"{kernel / 1000}")
    t.run("fragmentation index of the failing order-9 zone runs (>= 0.9, extfrag_index)",
          fragidx)

    def counted():
        # mm/page_alloc.c __alloc_pages_direct_compact(), try_to_compact_pages()'s
        # only caller: after the call, "if (*compact_result == COMPACT_SKIPPED)
        # return NULL;" and otherwise count_vm_event(COMPACTSTALL). So
        # compact_stall counts the episodes whose result is not "skipped"
        # (deferred ones count), when they end: compared here are the
        # compact_episode rows that ended inside the window with a result
        # other than "skipped" (unsure: ended during a counter snapshot).
        eps = st["trace"].began_inside([o for o in st["all"] if o["type"] == "compact_episode"],
                                       at=ended)
        mine = [o for o in eps if o["result"] != "skipped"]
        un = len(st["trace"].unsure(mine, at=ended))
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "compact_stall")
        return bounded(f"episodes not skipped (of {len(eps)})", len(mine) - un, un, d,
                       "compact_stall")
    t.run("episodes not skipped == compact_stall delta in /proc/vmstat", counted)

    def success_fail():
        # After a counted episode the kernel counts compact_success when the
        # allocation got its page (captured during compaction, and then
        # try_to_compact_pages() returns COMPACT_SUCCESS, or found on the free
        # list just after), else compact_fail. A page can appear or vanish
        # between the two (other CPUs free and allocate), so the results are
        # shown next to the counters, not equated.
        d = {c: t.delta("before.vmstat", "after.vmstat", lambda k: k == c)
             for c in ("compact_stall", "compact_success", "compact_fail")}
        need(d["compact_success"] + d["compact_fail"] == d["compact_stall"], f"kernel: {d}")
        eps = [o for o in st["all"] if o["type"] == "compact_episode" and o["result"] != "skipped"]
        res = {}
        for o in eps:
            res[o["result"]] = res.get(o["result"], 0) + 1
        return (f"compact_success +{d['compact_success']}, compact_fail +{d['compact_fail']}; "
                f"episode results {res}")
    t.run("compact_success + compact_fail == compact_stall, vs episode results", success_fail)


# ---------------------------------------------------------------- scenario 5


def meminfo(t, name):
    return {l.split(":")[0]: int(l.split()[1]) for l in open(t.path(name)) if ":" in l}


def kernel_oom_log(t):
    """The kernel log's OOM reports, in order: (trigger comm, trigger pid,
    constraint, victim pid, victim comm). "CPU: N PID: P Comm: C" (6.12:
    "CPU: N UID: U PID: P Comm: C") follows "C invoked oom-killer"."""
    out, cur = [], None
    for line in open(t.path("dmesg.txt"), errors="replace"):
        m = re.search(r"\] (.+) invoked oom-killer:", line)
        if m:
            cur = {"comm": m.group(1)}
            continue
        m = re.search(r"CPU: \d+ (?:UID: \d+ )?PID: (\d+) Comm: (\S+)", line)
        if m and cur is not None and "pid" not in cur:
            cur["pid"] = int(m.group(1))
            continue
        m = re.search(r"oom-kill:constraint=(\w+),", line)
        if m and cur is not None:
            cur["constraint"] = m.group(1)
            continue
        m = re.search(r"Out of memory: Killed process (\d+) \((.+?)\)", line)
        if m and cur is not None:
            out.append((cur.get("comm"), cur.get("pid"), cur.get("constraint"),
                        int(m.group(1)), m.group(2)))
            cur = None
    return out


def global_oom(t):
    st = {}

    def ran():
        rc = t.text("oom.rc").strip()
        need(rc == "0", f"memstall oom exited {rc}", t.text("oom.err")[-1500:])
        kills = t.jsonl("oom.json")
        need(all(o["type"] == "oom_kill" for o in kills), "memstall oom printed other objects")
        rows, _ = snoop(t, "snoop", types=("stall", "oom"))
        tr = Trace(t, "snoop")
        # memstall oom ran before and after the window: the window's kills
        st.update(kills=tr.began_inside(kills, at=ended), rows=rows, trace=tr,
                  marks=[e for e in tr.inside() if e[2] == "mark_victim"],
                  hogs={w["pid"]: w["comm"] for w in
                        (json.loads(t.text(f"hog{i}.json").split("\n")[0]) for i in (1, 2, 3))})
        return f"{len(kills)} kills, {len(rows)} snoop rows"
    t.run("memstall oom and snoop ran clean across the window", ran)

    def condition():
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "oom_kill")
        need(d > 0, "oom_kill did not rise: the hogs did not exhaust memory", t.text("setup.txt"))
        trig = sorted(set((e[0], e[1]) for e in st["marks"]))
        need(all(tid in st["hogs"] for _, tid in trig),
             f"the OOM killer was invoked by {trig}, not only by the hogs {st['hogs']}")
        return f"oom_kill +{d}, invoked by {trig}; {t.text('setup.txt').strip()}"
    t.run("condition: the hogs exhausted memory (oom_kill rose)", condition)

    def count():
        d = t.delta("before.vmstat", "after.vmstat", lambda k: k == "oom_kill")
        un = len(st["trace"].unsure(st["kills"], at=ended))
        res = bounded("oom_kill objects", len(st["kills"]) - un, un, d, "oom_kill")
        rows = [o for o in st["rows"] if o["type"] == "oom"]
        need(len(rows) == d, f"snoop: {len(rows)} oom rows, oom_kill +{d}")
        return f"{res}; snoop {len(rows)} oom rows"
    t.run("one oom_kill object per oom_kill in /proc/vmstat (and snoop -k oom rows)", count)

    def who():
        kills = sorted(st["kills"], key=ended)
        log = kernel_oom_log(t)
        need(len(kills) == len(st["marks"]) == len(log),
             f"memstall {len(kills)} kills, kernel trace {len(st['marks'])} mark_victim, "
             f"kernel log {len(log)} kills")
        bad = []
        for k, (comm, tid, ev, f, ns), (lcomm, lpid, _, vpid, vcomm) in zip(kills, st["marks"], log):
            tr, v = k["trigger"], k["victim"]
            if (tr["comm"], tr["tid"]) != (comm, tid) or (tr["comm"], tr["pid"]) != (lcomm, lpid):
                bad.append(f"trigger {tr}; kernel: trace {comm}-{tid}, log {lcomm} pid {lpid}")
            if v["pid"] != int(f["pid"]) or (v["pid"], v["comm"]) != (vpid, vcomm):
                bad.append(f"victim {v['comm']} {v['pid']}; kernel: trace pid {f['pid']}, "
                           f"log {vcomm} {vpid}")
            if st["hogs"].get(v["pid"]) != v["comm"] or st["hogs"].get(tr["pid"]) != tr["comm"]:
                bad.append(f"trigger {tr['comm']} {tr['pid']} / victim {v['comm']} {v['pid']} "
                           f"not the hogs {st['hogs']}")
        need(not bad, *bad)
        return "; ".join(f"{k['trigger']['comm']} {k['trigger']['pid']} killed "
                         f"{k['victim']['comm']} {k['victim']['pid']}" for k in kills)
    t.run("trigger and victim are the kernel's (trace mark_victim, kernel log) and the hogs", who)

    def constraint():
        log = kernel_oom_log(t)
        bad = [k for k in st["kills"] if k["constraint"] != "none" or k["constraint_inferred"]
               or k["domain"] is None or k["oom_memcg"] is not None]
        need(not bad, f"{json.dumps(bad[0]) if bad else ''}")
        need(all(c == "CONSTRAINT_NONE" for _, _, c, _, _ in log), f"kernel log: {log}")
        return f"{len(st['kills'])} kills: none (kernel log CONSTRAINT_NONE)"
    t.run("constraint none from the kernel (not inferred), as the kernel log says", constraint)

    def domain():
        # mm/oom_kill.c constrained_alloc(): oc->totalpages = totalram_pages()
        # + total_swap_pages, kept for CONSTRAINT_NONE. /proc/meminfo shows
        # MemTotal = totalram_pages() and SwapTotal = total_swap_pages, in kB
        # (4 KiB pages here): equal unless memory was hot(un)plugged or
        # ballooned in between, so both snapshots must agree too.
        a, b = meminfo(t, "before.meminfo"), meminfo(t, "after.meminfo")
        want = [(m["MemTotal"] + m["SwapTotal"]) // 4 for m in (a, b)]
        need(want[0] == want[1], f"MemTotal+SwapTotal changed: {want[0]} -> {want[1]} pages")
        got = [k["domain"]["totalpages"] for k in st["kills"] if k["domain"]]
        need(got and all(g == want[0] for g in got),
             f"domain totalpages {got}; MemTotal {a['MemTotal']} kB + SwapTotal "
             f"{a['SwapTotal']} kB = {want[0]} pages")
        return f"totalpages {got[0]} == (MemTotal {a['MemTotal']} + SwapTotal {a['SwapTotal']}) kB / 4"
    t.run("domain totalpages == MemTotal + SwapTotal pages (totalram + total_swap)", domain)

    def history():
        # the trigger's direct reclaims that ended in the history window
        # before the kill (the kernel's mm_vmscan_direct_reclaim_end in its
        # thread) are its reported direct stalls
        bad, out = [], []
        for k, (comm, tid, ev, f, ns) in zip(sorted(st["kills"], key=ended), st["marks"]):
            h = k["history"]
            lo = ns - h["window_s"] * 1e9
            kern = [e for e in st["trace"].events if e[1] == tid and lo <= e[4] <= ns
                    and e[2] == "mm_vmscan_direct_reclaim_end"]
            if not h["stalls"]["direct"] > 0 or h["stalls"]["direct"] != len(kern):
                bad.append(f"{comm}-{tid}: memstall history {h['stalls']}, kernel trace "
                           f"{len(kern)} direct reclaims in the {h['window_s']} s before the kill")
            out.append(f"{comm}: {h['stalls']['direct']} direct stalls, {h['reclaim_ms']} ms, "
                       f"retries {[(r['zone'], r['decisions']) for r in h['reclaim_retries']]}")
        need(not bad, *bad)
        return "; ".join(out)
    t.run("direct reclaim stalls of the trigger before the kill (history vs trace)", history)

    def death():
        bad = [k for k in st["kills"]
               if k["reaping"]["exited_ms"] is None and k["reaping"]["finished_ms"] is None]
        need(not bad, f"victim's death not seen: {[k['reaping'] for k in bad]}")
        rc = {w: t.text(f"hog{i}.rc").strip() for i, w in ((1, "wl-hog1"), (2, "wl-hog2"),
                                                            (3, "wl-hog3"))}
        for k in st["kills"]:
            need(rc.get(k["victim"]["comm"]) == "137",
                 f"{k['victim']['comm']} exited {rc.get(k['victim']['comm'])}, not SIGKILL")
        return "; ".join(f"{k['victim']['comm']}: {k['reaping']}" for k in st["kills"])
    t.run("the victim's death seen (exit or reaper)", death)

    def record():
        import tarfile
        rc = t.text("record.rc").strip()
        need(rc == "0", f"memstall record exited {rc}", t.text("record.err")[-1500:])
        tf = tarfile.open(t.path("record.tar.gz"))
        files = {os.path.basename(m.name): tf.extractfile(m).read().decode()
                 for m in tf.getmembers() if m.isfile()}
        m = json.loads(files["manifest.json"])
        fired = m["trigger"].get("fired")
        need(m["trigger"]["kind"] == "oom" and fired, f"trigger {m['trigger']}")
        kills = [json.loads(l) for l in files["oom.jsonl"].splitlines() if l.strip()]
        need(kills, "no oom_kill in the bundle", t.text("record.err"))
        k = kills[0]
        need(k["victim"]["pid"] in st["hogs"], f"victim {k['victim']} not a hog {st['hogs']}")
        need(k["reaping"]["exited_ms"] is not None or k["reaping"]["finished_ms"] is not None,
             f"the victim's death not seen: {k['reaping']}")
        rows = [json.loads(l) for l in files["hist.jsonl"].splitlines() if l.strip()]
        before = [r for r in rows if r["type"] == "hist" and r["t"] < fired
                  and r["kind"] == "direct" and r["pid"] == k["trigger"]["pid"]]
        need(before, f"no direct reclaim stall of the trigger {k['trigger']['comm']} before "
             f"the kill in hist.jsonl")
        need("wl-hog" in open(t.path("record.html")).read(), "the report lacks the hogs")
        return (f"kill of {k['victim']['comm']}; {sum(r['count'] for r in before)} direct "
                f"stalls of the trigger {k['trigger']['comm']} before it")
    t.run("record --when oom: the bundle has the kill's story and the stalls before it", record)


# ---------------------------------------------------------------- scenario 7


def storm(t):
    """A node-reclaim storm: snoop drops nothing; snoop, hist and the
    kernel's zone_reclaim_failed + zone_reclaim_success agree exactly."""
    st = {}
    counters = ("zone_reclaim_failed", "zone_reclaim_success")
    if os.path.exists(t.path("storm.json.gz")):  # the guest compressed it
        with gzip.open(t.path("storm.json.gz"), "rb") as z, open(t.path("storm.json"), "wb") as f:
            f.write(z.read())

    def clean():
        need(t.text("setup.txt").startswith("nodes=2"),
             f"the guest has not two NUMA nodes: {t.text('setup.txt')}")
        stalls, summ = snoop(t, "storm", allow_drops=True)
        st["node"] = [o for o in stalls if o["kind"] == "node"]
        need(summ["dropped"] == 0,
             f"{summ['dropped']} events dropped, {summ['events']} delivered "
             f"({len(st['node'])} node stalls; {own_stalls(stalls)})",
             t.text("storm.err")[-1500:])
        need(len(st["node"]) >= 1000, f"no storm: only {len(st['node'])} node stalls")
        return f"{summ['events']} events delivered, 0 dropped; {len(st['node'])} node stalls"
    t.run("snoop kept up: no event dropped, every line counted", clean)

    def agree():
        need("node" in st, "no snoop output")
        rc = t.text("storm.hist.rc").strip()
        need(rc == "0", f"memstall hist exited {rc}", t.text("storm.hist.err")[-800:])
        objs = t.jsonl("storm.hist.json")
        hist = sum(o["count"] for o in objs if o.get("type") == "hist" and o.get("kind") == "node")
        win = [o for o in objs if o.get("type") == "hist_window"]
        need(len(win) == 1 and win[0]["overflow"] == 0,
             f"hist windows: {win}")
        a, b = t.vmstat("storm.before.vmstat"), t.vmstat("storm.after.vmstat")
        kern = sum(b[c] - a[c] for c in counters if c in b)
        names = " + ".join(c for c in counters if c in b)
        snoop_n = len(st["node"])
        if "zone_reclaim_success" not in b:  # 6.1: failures only are counted
            need(snoop_n == hist and kern <= snoop_n,
                 f"node stalls: snoop {snoop_n}, hist {hist}, kernel {names} +{kern}")
            return f"snoop {snoop_n} == hist {hist} >= {names} +{kern} (no zone_reclaim_success)"
        need(snoop_n == hist == kern,
             f"node stalls: snoop {snoop_n}, hist {hist}, kernel {names} +{kern}")
        return f"snoop {snoop_n} == hist {hist} == {names} +{kern}"
    t.run("node stalls: snoop == hist == zone_reclaim_failed + zone_reclaim_success", agree)

    def xcheck():
        objs = t.jsonl("storm.hist.json")
        rows = [o for o in objs if o.get("type") == "crosscheck" and "node" in o["check"]]
        need(len(rows) == 1, f"{len(rows)} node-reclaim cross-check lines: "
             f"{[o.get('check') for o in objs if o.get('type') == 'crosscheck']}")
        r = rows[0]
        if "zone_reclaim_success" not in t.vmstat("storm.after.vmstat"):
            need(r["verdict"] == "info", f"cross-check: {json.dumps(r)}")
            return f"{r['check']}: {r['verdict']} ({r['note']})"
        need(r["verdict"] == "match" and r["traced"] == r["kernel"],
             f"cross-check: {json.dumps(r)}")
        return f"{r['check']}: {r['traced']:.0f} == {r['kernel']:.0f} ({r['note']})"
    t.run("hist's node-reclaim cross-check line agrees", xcheck)


# ---------------------------------------------------------------- matrix



def matrix(out, sources):
    """Kernel x feature table from doctor --probes --json of each kernel.
    sources: "LABEL=DOCTOR.json[,SNOOP.json...]" (snoop outputs: the stall
    kinds seen there, compaction runs by source, episodes, OOM kills)."""
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
                kind = {"stall": o.get("kind"), "compact": f"compact {o.get('source')}",
                        "compact_episode": "compact episode", "oom": "oom"}.get(o.get("type"))
                if kind:
                    seen[kind] = seen.get(kind, 0) + 1
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
             "swap-anon": swap_anon, "compaction": compaction, "global-oom": global_oom,
             "storm": storm}


def main(argv):
    sys.modules.setdefault("checks", sys.modules[__name__])  # one Fail, one Tap
    import checks_cgroup  # after this module is complete: it imports from it
    SCENARIOS.update(checks_cgroup.SCENARIOS)
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
