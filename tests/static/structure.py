#!/usr/bin/env python3
"""Structure checks (TAP): the layout rules ARCHITECTURE.md states.

1. no file in user/ over 700 lines;
2. no function over 100 lines in user/, tools/, bpf/ (tables are data, not
   functions, and are not counted);
3. no circular includes between modules (a module is a .c and its .h);
4. ARCHITECTURE.md's "Where each concern lives" table names every source file
   of user/, tools/, bpf/ and tests/workloads/, and every file it names exists;
5. the knobs bpf/memstall.bpf.c's lean build compiles out (MS_KNOB) are the
   ones it defines to 0, and user space loads a __lean program only where
   each of them is off (tracer_prep.c, lean_fits): a knob added to one and
   not the other would have lean programs ignore a setting.
"""
import glob
import os
import re
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAX_FILE, MAX_FUNC = 700, 100
n = 0
failed = 0


def check(ok, name, diags=()):
    global n, failed
    n += 1
    print(("ok" if ok else "not ok") + f" {n} - {name}")
    if not ok:
        failed += 1
        for d in diags:
            print(f"# {d}")


def sources(*pats):
    out = []
    for p in pats:
        out += glob.glob(p, recursive=True)
    return sorted(set(out))


# 1. file length
long_files = []
for f in sources("user/**/*.c", "user/**/*.h"):
    k = sum(1 for _ in open(f))
    if k > MAX_FILE:
        long_files.append(f"{f}: {k} lines")
check(not long_files, f"no file in user/ over {MAX_FILE} lines "
      f"({len(sources('user/**/*.c', 'user/**/*.h'))} files)", long_files)

# 2. function length: a top-level brace block whose header has a parameter list
FUNC_HDR = re.compile(r"^[A-Za-z_][\w \t\*]*?\b(\w+)\s*\([^;]*$")
long_funcs = []
nfuncs = 0
for f in sources("user/**/*.c", "tools/*.c", "bpf/*.c", "bpf/*.h", "tests/workloads/*.c"):
    lines = open(f).read().split("\n")
    depth, start, name = 0, None, None
    for i, line in enumerate(lines):
        if depth == 0 and line.startswith("{") and i > 0:
            j = i - 1
            while j > 0 and "(" not in lines[j] and lines[j].strip():
                j -= 1
            m = FUNC_HDR.match(lines[j])
            if m and "=" not in lines[j]:
                start, name = i, m.group(1)
        depth += line.count("{") - line.count("}")
        if depth == 0 and start is not None and "}" in line:
            nfuncs += 1
            if i - start + 1 > MAX_FUNC:
                long_funcs.append(f"{f}:{start + 1} {name}(): {i - start + 1} lines")
            start = None
check(not long_funcs, f"no function over {MAX_FUNC} lines ({nfuncs} functions)", long_funcs)

# 3. include cycles between modules (user/ and tools/)
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def module(path):
    return os.path.splitext(path)[0]


graph = {}
for f in sources("user/**/*.c", "user/**/*.h", "tools/*.c", "tools/*.h"):
    src = module(f)
    for line in open(f):
        m = INC.match(line)
        if not m:
            continue
        inc = m.group(1)
        for cand in (os.path.join(os.path.dirname(f), inc), os.path.join("user", inc)):
            if os.path.exists(cand):
                dst = module(os.path.normpath(cand))
                if dst != src:
                    graph.setdefault(src, set()).add(dst)
                break

# A header with no .c of its own (an interface or an internal header) is no
# module: an include of it stands for what it includes.
def has_c(mod):
    return os.path.exists(mod + ".c")


def deps(v, seen=None):
    seen = set() if seen is None else seen
    out = set()
    for w in graph.get(v, ()):
        if w in seen:
            continue
        seen.add(w)
        out |= {w} if has_c(w) else deps(w, seen)
    return out


graph = {v: {w for w in deps(v) if w != v} for v in graph if has_c(v)}
cycles = []
state = {}


def dfs(v, stack):
    state[v] = 1
    stack.append(v)
    for w in sorted(graph.get(v, ())):
        if state.get(w) == 1:
            cycles.append(" -> ".join(stack[stack.index(w):] + [w]))
        elif not state.get(w):
            dfs(w, stack)
    stack.pop()
    state[v] = 2


for v in sorted(graph):
    if not state.get(v):
        dfs(v, [])
check(not cycles, f"no circular includes between modules ({len(graph)} modules)", cycles)

# 4. ARCHITECTURE.md's table matches the tree
text = open("ARCHITECTURE.md").read()
m = re.search(r"^## Where each concern lives\n(.*?)(?=^## )", text, re.S | re.M)
table = m.group(1) if m else ""
named = set()
for cell in re.findall(r"`([^`]+)`", table):
    for tok in re.split(r"[ ,]+", cell):
        if re.match(r"^(user|tools|bpf|tests/workloads)/[\w./-]+\.(c|h)$", tok):
            named.add(tok)
tree = set(sources("user/**/*.c", "user/**/*.h", "tools/*.c", "tools/*.h", "bpf/*.c",
                   "bpf/*.h", "tests/workloads/*.c", "tests/workloads/*.h"))
missing = sorted(tree - named)
stale = sorted(named - tree)
check(bool(table) and not missing,
      f"ARCHITECTURE.md names every source file ({len(tree)} files)",
      [f"not in the table: {x}" for x in missing] or ["no table found"] * (not table))
check(bool(table) and not stale, f"every file ARCHITECTURE.md names exists ({len(named)} named)",
      [f"named but absent: {x}" for x in stale])

# 5. the lean build's knobs
bpf = open("bpf/memstall.bpf.c").read()
knobs = set(re.findall(r"^MS_KNOB\(\w+, (\w+),", bpf, re.M))
lean = re.search(r"#ifdef MS_LEAN\n((?:#define \w+ 0\n)+)#endif", bpf)
zeroed = set(re.findall(r"#define (\w+) 0", lean.group(1))) if lean else set()
prep = open("user/kernel/tracer_prep.c").read()
fits = re.search(r"static bool lean_fits\([^)]*\)\n\{(.*?)\n\}", prep, re.S)
tested = set(re.findall(r"!r->(\w+)", fits.group(1))) if fits else set()
check(bool(knobs) and knobs == zeroed == tested,
      f"the lean build's knobs: compiled out = defined 0 = checked by lean_fits ({len(knobs)})",
      [f"MS_KNOB {sorted(knobs)}", f"defined 0 {sorted(zeroed)}", f"lean_fits {sorted(tested)}"])
print(f"1..{n}")
sys.exit(1 if failed else 0)
