// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "base/util.h"
#include "output/prom_health.h"

#ifndef MS_VERSION
#define MS_VERSION "unknown"
#endif

static void probes(const struct ms_plan *plan, struct prom *p)
{
	const char *lv[7] = { "hook", NULL, "mechanism", NULL, "status", NULL, NULL };
	int h, m;

	prom__family(p, "memstall_probe", PROM_INFO,
		     "How each hook the exporter wants is attached on this kernel");
	for (h = 0; h < MS_HOOK_MAX; h++) {
		if (!plan || !plan->c[h].wanted)
			continue;
		m = attach__chosen_mech(plan, h);
		lv[1] = attach__hook(h)->name;
		lv[3] = m >= 0 ? attach__mech_name(m) : "none";
		lv[5] = m >= 0 ? "attached" : attach__hook(h)->optional ? "degraded" : "missing";
		prom__u64(p, "memstall_probe", "_info", lv, 1);
	}
}

static void counter(struct prom *p, const char *name, const char *help, uint64_t v)
{
	prom__family(p, name, PROM_COUNTER, help);
	prom__u64(p, name, "_total", NULL, v);
}

static void gauge(struct prom *p, const char *name, const char *help, uint64_t v)
{
	prom__family(p, name, PROM_GAUGE, help);
	prom__u64(p, name, "", NULL, v);
}

void prom_health__write(const struct prom_health *h, struct prom *p)
{
	static const char *const build[] = { "version", MS_VERSION, NULL };

	prom__family(p, "memstall_build", PROM_INFO, "The memstall binary");
	prom__u64(p, "memstall_build", "_info", build, 1);
	probes(h->plan, p);
	counter(p, "memstall_oom_kills", "OOM kills seen by the tracer",
		h->c.v[MS_CNT_OOM_KILLS]);
	counter(p, "memstall_events_dropped", "Events the kernel could not hand to user space",
		h->c.v[MS_CNT_DROPS]);
	counter(p, "memstall_hist_overflow",
		"Stalls not counted: the in-kernel histogram map was full",
		h->c.v[MS_CNT_HIST_OVERFLOW]);
	counter(p, "memstall_orphan_ends", "Stall ends without a begin (tracer started mid-stall)",
		h->c.v[MS_CNT_ORPHAN_END]);
	gauge(p, "memstall_export_series", "Series with labels of their own (not \"other\")",
	      h->series);
	gauge(p, "memstall_export_max_series", "The --max-series limit", h->max_series);
	gauge(p, "memstall_export_folded_keys",
	      "Histogram keys folded into the \"other\" series (beyond --max-series)", h->folded);
	counter(p, "memstall_export_scrapes", "Expositions built (scrapes and textfile writes)",
		h->scrapes);
	gauge(p, "memstall_export_start_time_seconds", "When the exporter started (Unix time)",
	      h->start_unix_s);
}

/* The BPF programs behind this process's file descriptors. */
void prom_health__progs(struct prom *p)
{
	const char *lv[3] = { "prog", NULL, NULL };
	struct bpf_prog_info info;
	struct dirent *de;
	char path[300], link[64];
	int fds[256], n = 0, i;
	DIR *dir = opendir("/proc/self/fd");

	if (!dir)
		return;
	while ((de = readdir(dir)) && n < (int)ARRAY_SIZE(fds)) {
		ssize_t l;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		l = readlink(path, link, sizeof(link) - 1);
		if (l <= 0)
			continue;
		link[l] = '\0';
		if (!strcmp(link, "anon_inode:bpf-prog"))
			fds[n++] = atoi(de->d_name);
	}
	closedir(dir);
	prom__family(p, "memstall_bpf_prog_runs", PROM_COUNTER,
		     "Runs of each BPF program (counted while kernel.bpf_stats_enabled=1)");
	for (i = 0; i < n; i++) {
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fds[i], &info, &len))
			continue;
		lv[1] = info.name;
		prom__u64(p, "memstall_bpf_prog_runs", "_total", lv, info.run_cnt);
	}
	prom__family(p, "memstall_bpf_prog_run_seconds", PROM_COUNTER,
		     "Time spent in each BPF program (counted while kernel.bpf_stats_enabled=1)");
	for (i = 0; i < n; i++) {
		__u32 len = sizeof(info);

		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fds[i], &info, &len))
			continue;
		lv[1] = info.name;
		prom__seconds(p, "memstall_bpf_prog_run_seconds", "_total", lv, info.run_time_ns);
	}
}
