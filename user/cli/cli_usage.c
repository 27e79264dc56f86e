// SPDX-License-Identifier: GPL-2.0
/* The --help text of each subcommand (the parsers are in cli.c). */
#include <stdio.h>
#include "cli/cli.h"

static const char common_help[] =
	"  --json             JSON output (one object per line)\n"
	"  --btf FILE         BTF for kernels without /sys/kernel/btf/vmlinux\n"
	"  --disable LIST     force fallbacks: tp_btf,raw_tp,raw_tp_cookie,"
	"ringbuf,task_storage,fentry,kprobe\n"
	"  -v, --verbose      libbpf and verifier messages\n"
	"  -h, --help         this help\n";

void cli__usage_snoop(FILE *f)
{
	fprintf(f,
		"Usage: memstall snoop [OPTIONS]\n"
		"Print one line per task stalled in memory reclaim.\n\n"
		"  -p, --pid PID      only this process (tgid)\n"
		"  -t, --tid TID      only this thread\n"
		"  -c, --cgroup PATH  only this memory cgroup and its descendants\n"
		"                     (/sys/fs/cgroup/... or a path inside the hierarchy)\n"
		"  -n, --comm NAME    only tasks with this command name\n"
		"  -k, --kinds LIST   direct,memcg,softlimit,node,compact,oom,kswapd,\n"
		"                     high (default: all)\n"
		"      --min-us N     only stalls of at least N microseconds\n"
		"  -d, --duration D   stop after D (5, 5s, 500ms, 2m)\n"
		"  -e, --extended     reclaim detail: priority, anon/file scanned, efficiency;\n"
		"                     one row per shrink_node pass (kswapd's too); flags\n"
		"                     anon scanning at vm.swappiness=0 with the node's state\n"
		"  -T, --timestamps   microsecond timestamps\n"
		"      --stacks       each stall's kernel stack (JSON: kstack, innermost first)\n"
		"      --exact-stacks --stacks walked at every stall (by default a task's\n"
		"                     stall reuses its last stall's stack from the same call\n"
		"                     site for up to 255 stalls or 100 ms)\n"
		"  -w, --wide         all columns, nothing cut\n"
		"      --buffer-size SIZE  the events ring buffer: a power of two from 4K\n"
		"                     to 1G (K, M, G); default 512K per CPU, 1M to 16M\n"
		"%s",
		common_help);
}

void cli__usage_oom(FILE *f)
{
	fprintf(f,
		"Usage: memstall oom [OPTIONS]\n"
		"One block per OOM kill: trigger, victim, OOM domain, the trigger's stalls\n"
		"and retry decisions before the kill, and how long the victim took to die;\n"
		"a bounded snapshot of the OOM domain (at most one a second). Kills by\n"
		"userspace OOM killers (systemd-oomd, oomd, earlyoom, nohang, lmkd, kubelet:\n"
		"a SIGKILL they send) come as kind \"userspace\" with the victim's cgroup "
		"state.\n\n"
		"  -p, --pid PID      only kills invoked by this process\n"
		"  -t, --tid TID      only kills invoked by this thread\n"
		"  -c, --cgroup PATH  only kills whose trigger or victim is in this cgroup\n"
		"  -n, --comm NAME    only kills invoked by this command name\n"
		"  -d, --duration D   stop after D (5, 5s, 500ms, 2m)\n"
		"      --history D    how far back the trigger's stalls are shown (10s)\n"
		"      --wait-reaper D  wait this long for the OOM reaper before printing (2s)\n"
		"      --killer NAME  a SIGKILL sent by a process of this name is a userspace\n"
		"                     OOM kill too (repeatable)\n"
		"      --buffer-size SIZE  the stalls' ring buffer (kills have their own):\n"
		"                     a power of two from 4K to 1G; default as snoop's\n"
		"%s",
		common_help);
}

void cli__usage_hist(FILE *f)
{
	fprintf(f,
		"Usage: memstall hist [OPTIONS]\n"
		"Stall latency histograms aggregated in the kernel, per kind and key: count,\n"
		"total, p50/p90/p99/max, pages scanned/reclaimed, a compact distribution;\n"
		"then a cross-check against /proc/vmstat and PSI over the same window.\n\n"
		"  -d, --duration D   collect for D, then print (default: until Ctrl-C)\n"
		"      --by KEYS      pid,tid,comm,cgroup,pod,container,unit,node,zone,order,\n"
		"                     gfp,lru (default comm; the kind is always part of the\n"
		"                     key; pod/container/unit: the cgroup's Kubernetes pod,\n"
		"                     container, systemd unit, from its path; lru: the\n"
		"                     inactive lists scanned, none/anon/file/anon+file)\n"
		"  -i, --interval D   print and reset every D\n"
		"  -n, --count N      with -i: stop after N intervals\n"
		"  -C, --cumulative   with -i: do not reset between intervals\n"
		"      --top N        only the N rows with the most stall time\n"
		"  -p PID, -t TID, -c CGROUP, --comm NAME, -k KINDS, --min-us N: filters\n"
		"Kind kswapd (in the default kinds): kswapd's shrink_node passes, rows of their\n"
		"own (COUNT = passes, times = pass durations): background reclaim, not stalls,\n"
		"left out of the stall totals and the cross-check.\n"
		"%s",
		common_help);
}

void cli__usage_top(FILE *f)
{
	fprintf(f,
		"Usage: memstall top [OPTIONS]   (also: reclaimtop)\n"
		"Live view: zone watermarks, reclaim/compaction rates, PSI, kswapd/kcompactd,\n"
		"and per process and cgroup: stalls/s, stall ms/s, mean/p99/max, reclaim vs\n"
		"compaction, pages reclaimed, dominant order and GFP class; below them\n"
		"kswapd's reclaim passes (background, not stalls). Nodes view: per node scan\n"
		"efficiency (reclaimed/scanned), anon share, kswapd's share.\n"
		"Keys: p c z o views, < > sort, r reverse, / filter, space pause, ? help, q "
		"quit.\n\n"
		"  -i, --interval D   refresh every D (1, 2s, 500ms; default 1 s)\n"
		"  -b, --batch        plain-text frames on stdout (like top -b)\n"
		"  -n, --count N      stop after N frames\n"
		"      --json         one JSON object per frame (implies -b)\n"
		"      --width N      batch text width (default 160)\n"
		"      --by KEYS      cgroups view rows per pod, container or systemd unit\n"
		"                     (pod,container,unit; default: per cgroup)\n"
		"      --bpf-stats    set kernel.bpf_stats_enabled=1 while running (restored\n"
		"                     at exit) to show the tracer's own cost\n"
		"  -p PID, -c CGROUP, --comm NAME, -k KINDS: filters (in the kernel)\n"
		"%s",
		common_help);
}

void cli__usage_doctor(FILE *f)
{
	fprintf(f,
		"Usage: memstall doctor [--root DIR] [--sample D] [--json]\n"
		"       memstall doctor --probes [--json] [--btf FILE] [--disable LIST]\n"
		"Audit this host's memory settings and state: vm sysctls, THP, NUMA,\n"
		"watermarks and boost, fragmentation, stall counters, PSI, cgroup limits.\n"
		"Exit status: 0 nothing worse than info, 6 warnings, 7 critical findings.\n\n"
		"      --root DIR     read /proc and /sys under DIR (a saved tree)\n"
		"      --sample D     measure vmstat rates over D (default 1s, 0: none)\n"
		"      --probes       per hook: the mechanism chosen and why others were "
		"rejected\n"
		"  --json             JSON output (one object per line)\n"
		"  --btf FILE         BTF for kernels without /sys/kernel/btf/vmlinux (--probes)\n"
		"  --disable LIST     force fallbacks (--probes): tp_btf,raw_tp,"
		"raw_tp_cookie,ringbuf,task_storage,fentry,kprobe\n"
		"  -v, --verbose      libbpf and verifier messages\n"
		"  -h, --help         this help\n");
}

void cli__usage_explain(FILE *f)
{
	fprintf(f, "Usage: memstall explain [--json] [--kernel VER] [FILE|-]\n"
		   "Decode allocation stalls/failures, OOM reports, hung tasks and soft lockups\n"
		   "in reclaim or compaction, and userspace OOM killers' kills in a kernel log\n"
		   "into findings. Any prefix (dmesg, -T in any locale, journalctl short/iso/\n"
		   "precise/monotonic/json, syslog, kubectl/containerd, logcat, vendor tags,\n"
		   "re-wrapped or quoted lines) is learned from the report's own lines;\n"
		   "FILE may be /dev/kmsg.\n\n"
		   "  --json             one JSON object per report, then a summary\n"
		   "  --kernel VER       decode GFP masks for this kernel version (default:\n"
		   "                     the version the log shows)\n"
		   "  -h, --help         this help\n"
		   "Reads standard input without FILE or with -.\n");
}
