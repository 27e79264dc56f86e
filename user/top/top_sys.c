// SPDX-License-Identifier: GPL-2.0
/* memstall top's readings of /proc: vmstat, PSI, zoneinfo, the per-node
 * daemons' CPU time and this process's BPF run statistics. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "host/vmstat.h"
#include "top/top_sys.h"
#include "base/util.h"

static void read_prog_stats(struct top_sys *s)
{
	char path[300], buf[1024];
	struct dirent *de;
	DIR *dir;
	int64_t on = 0;

	s->bpf_stats = !procfs__read_i64("/", "/proc/sys/kernel/bpf_stats_enabled", &on) && on;
	dir = opendir("/proc/self/fdinfo");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		uint64_t cnt = 0, ns = 0, id = 0;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%s", de->d_name);
		/* a link's fdinfo names its program too: count programs once */
		if (util__read_file(path, buf, sizeof(buf)) <= 0 ||
		    !procfs__kv(buf, "prog_id", &id) || strstr(buf, "link_type:"))
			continue;
		procfs__kv(buf, "run_cnt", &cnt);
		procfs__kv(buf, "run_time_ns", &ns);
		s->nprogs++;
		s->run_cnt += cnt;
		s->run_time_ns += ns;
	}
	closedir(dir);
}

static bool is_kthread_name(const char *comm)
{
	const char *p = !strncmp(comm, "kswapd", 6)	 ? comm + 6
			: !strncmp(comm, "kcompactd", 9) ? comm + 9
							 : NULL;

	if (!p || !*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int top_sys__find_kthreads(const char *root, struct top_kthreads *kt)
{
	char rel[64], comm[64];
	struct dirent *de;
	DIR *dir;

	memset(kt, 0, sizeof(*kt));
	snprintf(comm, sizeof(comm), "%s/proc", root);
	dir = opendir(comm);
	if (!dir)
		return 0;
	while ((de = readdir(dir)) && kt->n < TOP_MAX_KTHREADS) {
		uint32_t pid;

		if (util__parse_u32(de->d_name, &pid))
			continue;
		snprintf(rel, sizeof(rel), "/proc/%u/comm", pid);
		if (procfs__read(root, rel, comm, sizeof(comm)) <= 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		if (!is_kthread_name(comm))
			continue;
		util__strlcpy(kt->t[kt->n].comm, comm, sizeof(kt->t[0].comm));
		kt->t[kt->n++].pid = (int)pid;
	}
	closedir(dir);
	return kt->n;
}

/* The counters the header shows, from the text of /proc/vmstat (parsed by
 * the one vmstat reader: every kernel's names). */
static void read_vmstat(const char *buf, struct top_sys *s)
{
	struct ms_vmstat v;

	vmstat__parse(buf, &v);
	s->vmstat_ok = v.ok;
	s->allocstall = v.allocstall;
	s->pgscan_direct = v.pgscan_direct;
	s->pgscan_kswapd = v.pgscan_kswapd;
	s->pgsteal = v.pgsteal;
	s->compact_stall = v.compact_stall;
	s->compact_fail = v.compact_fail;
	s->oom_kill = v.oom_kill;
}

/* utime + stime of a task in ns, 0 if unreadable. */
static uint64_t task_cpu_ns(const char *root, int pid)
{
	unsigned long long ut, st;
	char rel[64], buf[1024];
	const char *p;
	long hz = sysconf(_SC_CLK_TCK);

	snprintf(rel, sizeof(rel), "/proc/%d/stat", pid);
	if (procfs__read(root, rel, buf, sizeof(buf)) <= 0)
		return 0;
	/* after the comm's closing parenthesis: state is field 3, utime 14 */
	p = strrchr(buf, ')');
	if (!p ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (ut + st) * (1000000000ull / (uint64_t)(hz > 0 ? hz : 100));
}

int top_sys__read(const char *root, const struct top_kthreads *kt, struct top_sys *s)
{
	const size_t size = 1 << 18;
	struct rusage ru;
	size_t i;
	char *buf;

	memset(s, 0, sizeof(*s));
	s->mono_ns = util__now_ns();
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	if (procfs__read(root, "/proc/vmstat", buf, size) > 0)
		read_vmstat(buf, s);
	if (procfs__read(root, "/proc/pressure/memory", buf, size) > 0)
		s->psi_ok = !procfs__parse_psi(buf, &s->psi);
	if (procfs__read(root, "/proc/zoneinfo", buf, size) > 0)
		procfs__parse_zoneinfo(buf, &s->zi);
	free(buf);
	if (kt) {
		s->kt = *kt;
		for (i = 0; i < (size_t)kt->n; i++)
			s->kt_cpu_ns[i] = task_cpu_ns(root, kt->t[i].pid);
	}
	if (!strcmp(root, "/")) {
		read_prog_stats(s);
		if (!getrusage(RUSAGE_SELF, &ru))
			s->self_cpu_ns =
				(uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
					1000000000ull +
				(uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
	}
	return 0;
}
