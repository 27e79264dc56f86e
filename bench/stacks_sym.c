// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stacks-sym [N]: the cost of `memstall stacks`' reading side for N
 * distinct stacks (default 10,000): a stall-by-stack map (a real per-CPU
 * hash) holding N keys, each with its own kernel stack (20 frames drawn
 * from /proc/kallsyms' text) and user stack (8 frames inside a live
 * memstall-wl-stack --chain), read, symbolized (kallsyms binary search,
 * libdwfl) and folded into the model. Prints the wall time of each phase
 * and the peak RSS (bench/RESULTS.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "memstall.h"
#include "host/ksyms.h"
#include "host/usyms.h"
#include "model/stackread.h"
#include "model/stacks.h"
#include "stack_chain.h"

#define KFRAMES 20
#define UFRAMES 8

static uint64_t ktext_lo, ktext_hi, utext_lo;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* id 2k: kernel stack k, id 2k+1: user stack k (deterministic) */
static int ips_of(void *ctx, int id, uint64_t *ips, int max)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
	int i, n = id & 1 ? UFRAMES : KFRAMES;

	(void)ctx;
	for (i = 0; i < n && i < max; i++) {
		h = h * 6364136223846793005ull + 1442695040888963407ull;
		ips[i] = id & 1 ? utext_lo + (h >> 40) % 0x800
				: ktext_lo + (h >> 20) % (ktext_hi - ktext_lo);
	}
	return i;
}

static void text_range(void)
{
	char line[512], name[256], t;
	unsigned long long a;
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &t, name) != 3)
			continue;
		if (!strcmp(name, "_stext"))
			ktext_lo = a;
		if (!strcmp(name, "_etext"))
			ktext_hi = a;
	}
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, ncpu = libbpf_num_possible_cpus(), i, err;
	const char *out = getenv("OUTPUT") ? getenv("OUTPUT") : ".output";
	struct ms_sval *v = calloc(ncpu, sizeof(*v));
	struct stackread_opts o = { .by = MS_BY_COMM, .kinds = ~0u, .ips = ips_of };
	struct stackread_stats st;
	struct stacks_model *m = stacks__new();
	struct rusage ru;
	char bin[512], line[256];
	struct stack_chain sc;
	double t0, t1, t2, t3;
	int pid, fd;

	text_range();
	if (!ktext_lo || ktext_hi <= ktext_lo) {
		fprintf(stderr, "bench-stacks-sym: no kernel text range (run as root)\n");
		return 1;
	}
	/* a live process to symbolize user frames in */
	snprintf(bin, sizeof(bin), "%s/memstall-wl-stack", out);
	if (stack_chain__start(&sc, bin, line, sizeof(line)))
		return 1;
	pid = sc.pid;
	if (!strstr(line, "\"ips\":[\"0x")) {
		stack_chain__stop(&sc);
		return 1;
	}
	utext_lo = strtoull(strstr(line, "\"ips\":[\"") + 8, NULL, 16) & ~0xfffull;
	fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH, NULL, sizeof(struct ms_skey), sizeof(*v), n,
			    NULL);
	if (fd < 0) {
		fprintf(stderr, "bench-stacks-sym: map: %s (run as root)\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct ms_skey k = {
			.kind = MS_KIND_MEMCG, .kstack = 2 * i, .ustack = 2 * i + 1, .tgid = pid
		};

		snprintf(k.comm, sizeof(k.comm), "memstall-wl-sta");
		v[0].count = 1;
		v[0].total_ns = 1000 + i;
		bpf_map_update_elem(fd, &k, v, BPF_ANY);
	}
	t0 = now();
	o.ksyms = ksyms__load(NULL, &err);
	o.usyms = getenv("NO_USYMS") ? NULL : usyms__new(256);
	t1 = now();
	if (o.usyms)
		usyms__note_pid(o.usyms, pid);
	t2 = now();
	err = stackread__collect(fd, &o, m, &st);
	t3 = now();
	getrusage(RUSAGE_SELF, &ru);
	printf("stacks %d (distinct %zu), kallsyms load+sort %.1f ms (%u symbols), maps capture "
	       "%.1f ms, read+symbolize+fold %.1f ms (%.2f us/stack), peak RSS %.1f MiB, err %d\n",
	       n, stacks__nrows(m), (t1 - t0) * 1e3, o.ksyms ? ksyms__count(o.ksyms) : 0,
	       (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t2) * 1e6 / n, ru.ru_maxrss / 1024.0, err);
	fflush(stdout);
	stack_chain__stop(&sc);
	stacks__free(m);
	usyms__free(o.usyms);
	ksyms__free((struct ksyms *)o.ksyms);
	free(v);
	return err ? 1 : 0;
}
