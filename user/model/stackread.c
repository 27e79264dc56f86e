// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "memstall.h"
#include "host/ksyms.h"
#include "host/usyms.h"
#include "model/cgroup.h"
#include "model/stackread.h"
#include "model/stacks.h"
#include "base/util.h"

#define SR_NAME 160 /* one frame's name */

int stackread__note_pids(int map_fd, struct usyms *u)
{
	struct ms_skey k, next, *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		k = next;
		prev = &k;
		if (k.tgid && k.ustack >= 0 && !usyms__note_pid(u, k.tgid))
			n++;
	}
	return n;
}

static int cmp_id(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Room for one more of n elements of size sz in *arr (capacity *cap). */
static int grow(void **arr, size_t n, size_t *cap, size_t sz)
{
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*arr, (*cap ? 2 * *cap : 256) * sz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = *cap ? 2 * *cap : 256;
	return 0;
}

/* The keys of gen (all: gen < 0) into del, the stack ids the others hold
 * into keep (sorted). How many keys, or -ENOMEM. */
static int clear_plan(int map_fd, int gen, struct ms_skey **del, int **keep, size_t *nkeep)
{
	struct ms_skey k, next, *prev = NULL;
	size_t ndel = 0, cap = 0, kcap = 0;

	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		k = next;
		prev = &k;
		if (gen < 0 || k.gen == (unsigned int)gen) {
			if (grow((void **)del, ndel, &cap, sizeof(**del)))
				return -ENOMEM;
			(*del)[ndel++] = k;
			continue;
		}
		if (grow((void **)keep, *nkeep + 1, &kcap, sizeof(**keep)))
			return -ENOMEM;
		(*keep)[(*nkeep)++] = k.kstack;
		(*keep)[(*nkeep)++] = k.ustack;
	}
	if (*nkeep)
		qsort(*keep, *nkeep, sizeof(**keep), cmp_id);
	return (int)ndel;
}

static void drop_id(int ids_fd, int id, const int *keep, size_t nkeep)
{
	__u32 key = (__u32)id;

	/* shared by several deleted keys: ENOENT is fine */
	if (id >= 0 && !(nkeep && bsearch(&id, keep, nkeep, sizeof(*keep), cmp_id)))
		bpf_map_delete_elem(ids_fd, &key);
}

int stackread__clear(int map_fd, int ids_fd, int gen)
{
	struct ms_skey *del = NULL;
	size_t nkeep = 0;
	int *keep = NULL, n, i;

	n = clear_plan(map_fd, gen, &del, &keep, &nkeep);
	for (i = 0; i < n; i++) {
		bpf_map_delete_elem(map_fd, &del[i]);
		if (ids_fd < 0)
			continue;
		drop_id(ids_fd, del[i].kstack, keep, nkeep);
		drop_id(ids_fd, del[i].ustack, keep, nkeep);
	}
	free(del);
	free(keep);
	return n < 0 ? n : 0;
}

/* The frames the BPF program's own path adds on top of the stall's: the
 * tracepoint's and BPF's callers, innermost. */
static bool tracing_frame(const char *name)
{
	return !strncmp(name, "bpf_", 4) || !strncmp(name, "__bpf_", 6) ||
	       !strncmp(name, "__traceiter_", 12) || !strncmp(name, "perf_", 5) ||
	       !strncmp(name, "trace_", 6);
}

static void ksym_name(const struct ksyms *k, uint64_t ip, char *buf, size_t len)
{
	const char *s = k ? ksyms__find(k, ip, NULL) : NULL;

	if (s)
		snprintf(buf, len, "%s", s);
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)ip);
}

/* The first frame that is the stall's own (tracing frames skipped). */
static int kernel_start(const struct ksyms *k, const uint64_t *ips, int n)
{
	char name[SR_NAME];
	int i;

	for (i = 0; i < n; i++) {
		ksym_name(k, i ? ips[i] - 1 : ips[i], name, sizeof(name));
		if (!tracing_frame(name))
			break;
	}
	return i < n ? i : 0;
}

int stackread__kernel_list(const struct ksyms *k, const uint64_t *ips, int n, char *buf, size_t len)
{
	char name[SR_NAME];
	size_t pos = 0;
	int i, out = 0;

	buf[0] = '\0';
	for (i = kernel_start(k, ips, n); i < n && pos + 2 < len; i++, out++) {
		ksym_name(k, i ? ips[i] - 1 : ips[i], name, sizeof(name));
		pos += snprintf(buf + pos, len - pos, "%s%s", out ? "|" : "", name);
	}
	if (pos >= len)
		buf[len - 1] = '\0';
	return out;
}

struct fold {
	const char *frames[2 * MS_STACK_DEPTH + 1];
	char names[2 * MS_STACK_DEPTH + 1][SR_NAME];
	int n;
};

static void push(struct fold *f, const char *s)
{
	if (f->n < (int)(sizeof(f->frames) / sizeof(f->frames[0]))) {
		util__strlcpy(f->names[f->n], s, SR_NAME);
		f->frames[f->n] = f->names[f->n];
		f->n++;
	}
}

static void who(const struct stackread_opts *o, const struct ms_skey *k, char *buf, size_t len)
{
	char comm[MS_COMM_LEN + 1] = {};

	memcpy(comm, k->comm, MS_COMM_LEN);
	if (o->by & MS_BY_CGROUP) {
		const char *p = o->cg ? cgmap__path(o->cg, k->cgroup) : NULL;

		if (p)
			snprintf(buf, len, "%s", p);
		else
			snprintf(buf, len, "cgid:%llu", (unsigned long long)k->cgroup);
	} else if (o->by & MS_BY_TGID) {
		snprintf(buf, len, "%s-%u", comm[0] ? comm : "?", k->tgid);
	} else {
		snprintf(buf, len, "%s", comm[0] ? comm : "?");
	}
}

/* "who;user frames (outermost first);kernel frames_[k] (outermost first)" */
static void fold_key(const struct stackread_opts *o, const struct ms_skey *k, struct fold *f,
		     struct stackread_stats *st)
{
	uint64_t ips[MS_STACK_DEPTH];
	char name[SR_NAME + 8], kname[SR_NAME];
	int n, i, start;

	f->n = 0;
	who(o, k, name, sizeof(name));
	push(f, name);
	if (o->usyms && k->ustack >= 0) {
		n = o->ips(o->ips_ctx, k->ustack, ips, MS_STACK_DEPTH);
		if (n < 0)
			st->lost_ids++;
		for (i = n - 1; i >= 0; i--)
			push(f, usyms__find(o->usyms, k->tgid, i ? ips[i] - 1 : ips[i], name,
					    sizeof(name)));
	} else if (o->usyms) {
		st->no_ustack++;
	}
	n = k->kstack >= 0 ? o->ips(o->ips_ctx, k->kstack, ips, MS_STACK_DEPTH) : -ENOENT;
	if (n < 0) {
		if (k->kstack >= 0)
			st->lost_ids++;
		else
			st->no_kstack++;
		push(f, "[no kernel stack]_[k]");
		return;
	}
	start = kernel_start(o->ksyms, ips, n);
	for (i = n - 1; i >= start; i--) {
		ksym_name(o->ksyms, i ? ips[i] - 1 : ips[i], kname, sizeof(kname));
		snprintf(name, sizeof(name), "%s_[k]", kname);
		push(f, name);
	}
}

int stackread__collect(int map_fd, const struct stackread_opts *o, struct stacks_model *m,
		       struct stackread_stats *st)
{
	int ncpu = libbpf_num_possible_cpus(), c, err = 0;
	struct ms_skey k, next, *prev = NULL;
	struct ms_sval *vals;
	struct fold *f;

	memset(st, 0, sizeof(*st));
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	vals = calloc(ncpu, sizeof(*vals));
	f = malloc(sizeof(*f));
	if (!vals || !f) {
		err = -ENOMEM;
		goto out;
	}
	while (!err && !bpf_map_get_next_key(map_fd, prev, &next)) {
		uint64_t ns = 0, cnt = 0;

		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(map_fd, &k, vals))
			continue; /* removed meanwhile */
		if (o->one_gen && k.gen != o->gen)
			continue;
		st->keys++;
		if (k.kind >= 32 || !(o->kinds & (1u << k.kind)))
			continue;
		for (c = 0; c < ncpu; c++) {
			ns += vals[c].total_ns;
			cnt += vals[c].count;
		}
		fold_key(o, &k, f, st);
		err = stacks__add(m, f->frames, f->n, ns, cnt);
	}
out:
	free(vals);
	free(f);
	return err;
}
