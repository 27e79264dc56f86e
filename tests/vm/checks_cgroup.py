"""Assertions of VM scenario 6 (cgroup v2 end to end), used by checks.py.

Ground truth: the cgroup's own files, read by the guest before and after
each step (memory.stat, memory.events), the workload's own measurement of
the time it was blocked, and the pids the workloads printed.
"""
import json

from checks import Fail, need, snoop, doctor_probe, lru_gen_on


def kv(t, name):
    out = {}
    for l in open(t.path(name)):
        f = l.split()
        if len(f) == 2:
            out[f[0]] = int(f[1])
    return out


def setup(t):
    return dict(l.strip().split("=", 1) for l in open(t.path("setup.txt")) if "=" in l)


def hist_rows(t, name):
    rc = t.text(f"{name}.rc").strip()
    need(rc == "0", f"memstall hist ({name}) exited {rc}", t.text(f"{name}.err")[-1500:])
    objs = t.jsonl(f"{name}.json")
    win = [o for o in objs if o["type"] == "hist_window"]
    need(len(win) == 1 and not win[0]["overflow"] and not win[0]["dropped"], f"{name}: {win}")
    return [o for o in objs if o["type"] == "hist"]


def cgroup_v2(t):
    st = {"s": setup(t)}
    s = st["s"]

    def ran():
        rows, _ = snoop(t, "snoop")
        st["stalls"] = rows
        st["hpod"] = hist_rows(t, "hpod")
        st["hcg"] = hist_rows(t, "hcg")
        rc = t.text("oom.rc").strip()
        need(rc == "0", f"memstall oom exited {rc}", t.text("oom.err")[-1500:])
        st["oom"] = t.jsonl("oom.json")
        return (f"{len(rows)} stalls, {len(st['hpod'])}+{len(st['hcg'])} hist rows, "
                f"{len(st['oom'])} oom objects")
    t.run("tracers ran clean (snoop, hist --by pod, hist --by cgroup, oom)", ran)

    def doctor():
        p = doctor_probe(t, "doctor.json", "memcg:mem_cgroup_handle_over_high")
        need(p["mechanism"] in ("fentry", "kprobe") and p["status"] == "ok", f"{p}")
        return p["mechanism"]
    t.run("doctor: memory.high hook by fentry or kprobe", doctor)

    def in_cg(cg, kind, comm=None):
        return [o for o in st["stalls"] if o["kind"] == kind and o["cgroup"] == cg
                and (comm is None or o["comm"] == comm)]

    def a_pages():
        need(t.text("a-dd.rc").strip() == "0", "dd failed: " + t.text("a-dd.err"))
        mine = in_cg(s["a_cgroup"], "memcg", "dd")
        need(len(mine) >= 10, f"{len(mine)} memcg stalls of dd in {s['a_cgroup']}")
        a, b = kv(t, "a-before.stat"), kv(t, "a-after.stat")
        dsc, drc = b["pgscan"] - a["pgscan"], b["pgsteal"] - a["pgsteal"]
        sc = sum(o["scanned"] for o in mine)
        rc = sum(o["reclaimed"] for o in mine)
        need(rc == drc, f"reclaimed in stalls {rc} != memory.stat pgsteal +{drc}")
        if lru_gen_on(t):
            # evict_folios reports every page it looked at; pgscan only
            # those it isolated (see checks.mglru_scan_bounds)
            need(sc >= dsc, f"MGLRU: scanned {sc} < pgscan +{dsc}")
            return f"{len(mine)} stalls; reclaimed {rc} == pgsteal; MGLRU scanned {sc} >= pgscan +{dsc}"
        need(sc == dsc, f"scanned in stalls {sc} != memory.stat pgscan +{dsc}")
        return f"{len(mine)} stalls; scanned {sc} == pgscan, reclaimed {rc} == pgsteal"
    t.run("(a) memcg stalls' pages == memory.stat pgscan/pgsteal of the container", a_pages)

    def a_ident():
        mine = in_cg(s["a_cgroup"], "memcg")
        bad = [o for o in mine if (o["pod_uid"], o["qos"], o["container_id"]) !=
               (s["pod_uid"], "burstable", s["a_cid"])]
        need(mine and not bad, f"{len(bad)} of {len(mine)} stalls not booked to the pod: "
             f"{bad[:1]}")
        need(all(o["unit"] == "cri-containerd-%s.scope" % s["a_cid"] for o in mine),
             f"unit {mine[0]['unit']}")
        return f"{len(mine)} stalls: pod {s['pod_uid'][:8]} burstable, ctr {s['a_cid'][:12]}"
    t.run("(a) memcg stalls booked to the pod UID, QoS and container id", a_ident)

    def a_hist():
        pod = [r for r in st["hpod"] if r["pod_uid"] == s["pod_uid"]]
        out = []
        for kind in ("memcg", "high"):
            h = sum(r["count"] for r in pod if r["kind"] == kind)
            n = len([o for o in st["stalls"] if o["kind"] == kind and o["pod_uid"] == s["pod_uid"]])
            need(h == n and n > 0, f"{kind}: hist --by pod {h}, snoop {n}")
            out.append(f"{kind} {n}")
        need(all(r["qos"] == "burstable" for r in pod), f"{pod}")
        return "pod rows == snoop: " + ", ".join(out)
    t.run("(a) hist --by pod == snoop's stalls of the pod, per kind", a_hist)

    def b_time():
        need(t.text("b-wl.rc").strip() == "0", "wl-high failed: " + t.text("b-wl.err"))
        wl = [json.loads(l) for l in t.text("b-wl.json").split("\n") if l.strip()]
        pid = wl[0]["pid"]
        touched = [w for w in wl if w.get("touched")][0]
        high = [o for o in st["stalls"] if o["kind"] == "high" and o["tid"] == pid]
        need(high, f"no high stalls of wl-high ({pid})")
        thr = sum(o["lat_ms"] for o in high)
        blocked = touched["blocked_ms"]
        need(blocked > 500, f"wl-high was blocked {blocked:.0f} ms only: not throttled")
        err = abs(thr - blocked) / blocked
        need(err <= 0.10, f"throttle {thr:.1f} ms vs blocked {blocked:.1f} ms: {err:.1%}")
        st["high"] = high
        rcl = sum(o["reclaim_ms"] for o in high)
        return (f"{len(high)} high stalls: throttle {thr:.1f} ms vs blocked {blocked:.1f} ms "
                f"({err:.1%}); reclaim inside {rcl:.1f} ms")
    t.run("(b) high throttle time within 10% of the time the task was blocked", b_time)

    def b_events():
        a, b = kv(t, "b-before.events"), kv(t, "b-after.events")
        d = b["high"] - a["high"]
        n = sum(o["reclaims"] for o in st["high"])
        nested = len(in_cg(s["b_cgroup"], "memcg"))
        need(d > 0 and n == d, f"reclaims in high stalls {n}, memory.events high +{d}")
        need(nested == n, f"memcg stalls nested in them {nested} != {n}")
        return f"memory.events high +{d} == {n} reclaims (memcg stalls) in {len(st['high'])} high stalls"
    t.run("(b) high stalls' reclaims == memory.events high rise", b_events)

    def c_group():
        pids = {}
        for n in ("hold1", "hold2", "big"):
            w = json.loads(t.text(f"c-{n}.json").split("\n")[0])
            pids[w["pid"]] = w["comm"]
        a, b = kv(t, "c-before.events"), kv(t, "c-after.events")
        need(b["oom_group_kill"] - a["oom_group_kill"] == 1,
             f"memory.events oom_group_kill {a['oom_group_kill']} -> {b['oom_group_kill']}")
        groups = [o for o in st["oom"] if o["type"] == "oom_group_kill"]
        need(len(groups) == 1, f"{len(groups)} group kills: {groups}")
        g = groups[0]
        tasks = {x["pid"] for x in g["tasks"]}
        need(tasks == set(pids), f"group kill tasks {sorted(tasks)}, container's {pids}")
        need(g["cgroup"] == s["c_cgroup"] and g["pod_uid"] == s["pod_uid"], f"{g}")
        kills = [o for o in st["oom"] if o["type"] == "oom_kill"]
        need(all(k["victim"]["cgroup"] == s["c_cgroup"] for k in kills), f"victims {kills}")
        return f"one group kill of {len(tasks)} tasks {sorted(pids.values())} in the container"
    t.run("(c) one group kill listing every task of the container", c_group)

    def d_deleted():
        need(t.text("d-dd.rc").strip() == "0", "dd failed: " + t.text("d-dd.err"))
        cg = s["d_cgroup"]
        mine = in_cg(cg, "memcg", "dd")
        unknown = [o for o in st["stalls"] if o["cgroup"].startswith("cgid:")]
        need(len(mine) >= 5 and not unknown, f"{len(mine)} stalls in {cg}, {len(unknown)} unnamed")
        rows = [r for r in st["hcg"] if r["cgroup"] == cg]
        need(rows and sum(r["count"] for r in rows) == len(in_cg(cg, "memcg")),
             f"hist rows of {cg}: {rows}")
        need(not [r for r in st["hcg"] if r["cgroup"].startswith("cgid:")], "unnamed hist rows")
        return f"{len(mine)} snoop stalls and hist row named {cg.split('/')[-1][:24]}... after rmdir"
    t.run("(d) the removed cgroup keeps its path in snoop and hist", d_deleted)

    def e_deep():
        need(t.text("e-dd.rc").strip() == "0", "dd failed: " + t.text("e-dd.err"))
        cg = s["e_cgroup"]
        rows = hist_rows(t, "hdeep")
        mine = sum(r["count"] for r in rows if r["cgroup"] == cg)
        want = len(in_cg(cg, "memcg"))
        others = [r["cgroup"] for r in rows if not r["cgroup"].startswith("/kubepods.slice/")]
        need(want >= 5 and mine == want and not others,
             f"hist -c /kubepods.slice: {mine} stalls in {cg} (snoop {want}), outside: {others}")
        return f"{mine} stalls {cg.count('/') - 1} levels below /kubepods.slice == snoop's"
    t.run("(e) hist -c counts the stalls 21 levels below its cgroup", e_deep)

    def a_record():
        import tarfile
        rc = t.text("rec-psi.rc").strip()
        need(rc == "0", f"memstall record exited {rc}", t.text("rec-psi.err")[-1500:])
        tf = tarfile.open(t.path("rec-psi.tar.gz"))
        files = {m.name.rsplit("/", 1)[-1]: tf.extractfile(m).read().decode()
                 for m in tf.getmembers() if m.isfile()}
        m = json.loads(files["manifest.json"])
        fired = m["trigger"].get("fired")
        need(fired, f"the PSI trigger never fired: {m['trigger']}", t.text("rec-psi.err"))
        need(m["trigger"]["when"].endswith("cgroup=" + s["a_cgroup"])
             and m["trigger"]["why"].startswith("memory pressure (/sys/fs/cgroup/kubepods"),
             f"trigger {m['trigger']}")
        rows = [json.loads(l) for l in files["hist.jsonl"].splitlines() if l.strip()]
        iv = [r for r in rows if r["type"] == "interval"]
        pre = [r for r in iv if r["pre"]]
        need(pre and iv[:len(pre)] == pre and pre[-1]["t"] < fired, "the lead-up is not first")
        dd = [r for r in rows if r["type"] == "hist" and r["comm"] == "dd"
              and r["cgroup"] == s["a_cgroup"]]
        need([r for r in dd if r["t"] < fired], "no dd stall in the lead-up")
        need([r for r in dd if r["t"] >= fired], "no dd stall in the capture")
        first = min(r["t"] for r in dd)
        need(fired - first <= 1 + m["interval_s"] + 1, f"fired {fired - first:.2f}s after dd's first stalls")
        return f"fired {fired - first:.2f}s after dd's first stalls; {sum(r['count'] for r in dd)} dd stalls"
    t.run("(a) record armed on the container's memory.pressure: dd's stalls, lead-up first", a_record)


SCENARIOS = {"cgroup-v2": cgroup_v2}
