// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "kernel/vstats.h"

/* a statistics log is ~200 bytes; the kernel wants at least 128 */
#define VS_LOG_SIZE 512

struct vstats {
	struct bpf_object *obj;
	int n;
	char (*log)[VS_LOG_SIZE];
};

struct vstats *vstats__arm(struct bpf_object *obj)
{
	struct bpf_program *p;
	struct vstats *v = calloc(1, sizeof(*v));
	int i = 0;

	if (!v)
		return NULL;
	v->obj = obj;
	bpf_object__for_each_program (p, obj) {
		v->n += bpf_program__autoload(p);
	}
	v->log = calloc(v->n ? v->n : 1, sizeof(*v->log));
	if (!v->log) {
		free(v);
		return NULL;
	}
	bpf_object__for_each_program (p, obj) {
		if (!bpf_program__autoload(p) || i >= v->n)
			continue;
		bpf_program__set_log_buf(p, v->log[i++], VS_LOG_SIZE);
		bpf_program__set_log_level(p, 4); /* BPF_LOG_STATS */
	}
	return v;
}

static long stat_after(const char *log, const char *key)
{
	const char *s = strstr(log, key);

	return s ? atol(s + strlen(key)) : -1;
}

void vstats__print(const struct vstats *v, FILE *f)
{
	struct bpf_program *p;
	long insns, us, tot_insns = 0, tot_us = 0;
	int i = 0;

	if (!v)
		return;
	bpf_object__for_each_program (p, v->obj) {
		if (!bpf_program__autoload(p) || i >= v->n)
			continue;
		insns = stat_after(v->log[i], "processed ");
		us = stat_after(v->log[i++], "verification time ");
		fprintf(f, "memstall: verify: %-40s %6ld insns %8.2f ms\n", bpf_program__name(p),
			insns, us / 1e3);
		tot_insns += insns > 0 ? insns : 0;
		tot_us += us > 0 ? us : 0;
	}
	fprintf(f, "memstall: verify: %d programs %24s %6ld insns %8.2f ms\n", i, "", tot_insns,
		tot_us / 1e3);
}

void vstats__free(struct vstats *v)
{
	if (!v)
		return;
	free(v->log);
	free(v);
}
