// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "base/util.h"
#include "net/prom_health.h"
#include "output/version.h"

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
	const char *build[] = { "version", NULL, "libbpf", NULL, "arch", NULL, NULL };
	struct ms_version v;

	version__get(&v);
	build[1] = v.version;
	build[3] = v.libbpf;
	build[5] = v.arch;
	prom__family(p, "memstall_build", PROM_INFO, "The memstall binary");
	prom__u64(p, "memstall_build", "_info", build, 1);
	probes(h->plan, p);
	counter(p, "memstall_tracer_oom_kills",
		"Kernel OOM kills counted in the kernel (oom:mark_victim), event or not",
		h->c.v[MS_CNT_OOM_KILLS]);
	counter(p, "memstall_events_dropped", "Events the kernel could not hand to user space",
		h->c.v[MS_CNT_DROPS]);
	counter(p, "memstall_hist_overflow",
		"Stalls whose key found no room in the in-kernel map (full): counted in "
		"their kind's \"other\" series",
		h->c.v[MS_CNT_HIST_OVERFLOW]);
	counter(p, "memstall_orphan_ends", "Stall ends without a begin (tracer started mid-stall)",
		h->c.v[MS_CNT_ORPHAN_END]);
	gauge(p, "memstall_export_series", "Series with labels of their own (not \"other\")",
	      h->series);
	gauge(p, "memstall_export_max_series", "The --max-series limit", h->max_series);
	gauge(p, "memstall_export_folded_keys",
	      "Histogram keys folded into the \"other\" series (beyond --max-series)", h->folded);
	counter(p, "memstall_export_forgotten_keys",
		"Kernel histogram keys of deleted cgroups removed after --retain", h->forgotten);
	gauge(p, "memstall_export_kill_series",
	      "OOM kill series with cgroups of their own (at most 256, then \"other\")",
	      h->kill_series);
	counter(p, "memstall_export_kills_folded",
		"OOM kills counted under trigger_cgroup/victim_cgroup \"other\"", h->kills_folded);
	counter(p, "memstall_export_scrapes", "Expositions built (scrapes and textfile writes)",
		h->scrapes);
	prom__family(p, "memstall_export_build_seconds", PROM_COUNTER,
		     "Time spent building the expositions before this one (maps read, text "
		     "rendered)");
	prom__seconds(p, "memstall_export_build_seconds", "_total", NULL, h->build_ns);
	gauge(p, "memstall_export_start_time_seconds", "When the exporter started (Unix time)",
	      h->start_unix_s);
}

/* A program's full name from its BTF (the kernel keeps 15 characters). */
static void full_name(int fd, const struct bpf_prog_info *info, char *buf, size_t len)
{
	struct bpf_func_info fi = {};
	struct bpf_prog_info fin = {};
	__u32 flen = sizeof(fin);
	const struct btf_type *t;
	struct btf *btf;

	util__strlcpy(buf, info->name, len);
	if (!info->btf_id || !info->nr_func_info)
		return;
	fin.nr_func_info = 1;
	fin.func_info_rec_size = sizeof(fi);
	fin.func_info = (__u64)(uintptr_t)&fi;
	if (bpf_obj_get_info_by_fd(fd, &fin, &flen))
		return;
	btf = btf__load_from_kernel_by_id(info->btf_id);
	if (!btf)
		return;
	t = btf__type_by_id(btf, fi.type_id);
	if (t && btf__name_by_offset(btf, t->name_off))
		util__strlcpy(buf, btf__name_by_offset(btf, t->name_off), len);
	btf__free(btf);
}

void prom_health__find_progs(struct prom_health *h)
{
	struct bpf_prog_info info;
	struct dirent *de;
	char path[300], link[64];
	DIR *dir = opendir("/proc/self/fd");
	__u32 ids[PROM_MAX_PROGS];
	int i;

	h->progs_found = true;
	while (dir && (de = readdir(dir)) && h->nprogs < PROM_MAX_PROGS) {
		__u32 len = sizeof(info);
		ssize_t l;
		int fd;

		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		l = readlink(path, link, sizeof(link) - 1);
		if (l <= 0)
			continue;
		link[l] = '\0';
		if (strcmp(link, "anon_inode:bpf-prog"))
			continue;
		fd = atoi(de->d_name);
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		for (i = 0; i < h->nprogs && ids[i] != info.id; i++)
			;
		if (i < h->nprogs) /* one program, two descriptors */
			continue;
		ids[h->nprogs] = info.id;
		h->prog_fd[h->nprogs] = fd;
		full_name(fd, &info, h->prog_name[h->nprogs], sizeof(h->prog_name[0]));
		h->nprogs++;
	}
	if (dir)
		closedir(dir);
}

void prom_health__progs(struct prom_health *h, struct prom *p)
{
	const char *lv[3] = { "prog", NULL, NULL };
	struct bpf_prog_info info[PROM_MAX_PROGS];
	bool ok[PROM_MAX_PROGS];
	int i;

	if (!h->progs_found)
		prom_health__find_progs(h);
	for (i = 0; i < h->nprogs; i++) {
		__u32 len = sizeof(info[i]);

		memset(&info[i], 0, sizeof(info[i]));
		ok[i] = !bpf_obj_get_info_by_fd(h->prog_fd[i], &info[i], &len);
	}
	prom__family(p, "memstall_bpf_prog_runs", PROM_COUNTER,
		     "Runs of each BPF program (counted while kernel.bpf_stats_enabled=1)");
	for (i = 0; i < h->nprogs; i++) {
		lv[1] = h->prog_name[i];
		if (ok[i])
			prom__u64(p, "memstall_bpf_prog_runs", "_total", lv, info[i].run_cnt);
	}
	prom__family(p, "memstall_bpf_prog_run_seconds", PROM_COUNTER,
		     "Time spent in each BPF program (counted while kernel.bpf_stats_enabled=1)");
	for (i = 0; i < h->nprogs; i++) {
		lv[1] = h->prog_name[i];
		if (ok[i])
			prom__seconds(p, "memstall_bpf_prog_run_seconds", "_total", lv,
				      info[i].run_time_ns);
	}
}
