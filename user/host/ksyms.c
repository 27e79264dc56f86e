// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/ksyms.h"

struct ksym {
	uint64_t addr;
	uint32_t name; /* offset into names */
};

struct ksyms {
	struct ksym *syms;
	unsigned int n, cap;
	char *names;
	size_t names_len, names_cap;
};

static int add(struct ksyms *k, uint64_t addr, const char *name)
{
	size_t len = strlen(name) + 1;

	if (k->n == k->cap) {
		unsigned int cap = k->cap ? k->cap * 2 : 4096;
		struct ksym *s = realloc(k->syms, cap * sizeof(*s));

		if (!s)
			return -ENOMEM;
		k->syms = s;
		k->cap = cap;
	}
	if (k->names_len + len > k->names_cap) {
		size_t cap = k->names_cap ? k->names_cap * 2 : 1 << 20;
		char *p = realloc(k->names, cap);

		if (!p)
			return -ENOMEM;
		k->names = p;
		k->names_cap = cap;
	}
	memcpy(k->names + k->names_len, name, len);
	k->syms[k->n].addr = addr;
	k->syms[k->n].name = (uint32_t)k->names_len;
	k->names_len += len;
	k->n++;
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Text symbols only (t/T/w/W): stacks hold code addresses. */
static int read_file(struct ksyms *k, FILE *f, unsigned int *nonzero)
{
	char line[512], name[256], type;
	unsigned long long addr;
	int err;

	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (addr)
			(*nonzero)++;
		err = add(k, addr, name);
		if (err)
			return err;
	}
	return 0;
}

struct ksyms *ksyms__load(const char *path, int *errp)
{
	FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	unsigned int nonzero = 0;
	struct ksyms *k;
	int err;

	if (!f) {
		*errp = -ENOENT;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	err = k ? read_file(k, f, &nonzero) : -ENOMEM;
	fclose(f);
	if (!err && !nonzero)
		err = k->n ? -EPERM : -ENOENT;
	if (err) {
		ksyms__free(k);
		*errp = err;
		return NULL;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), cmp_addr);
	return k;
}

void ksyms__free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->names);
	free(k);
}

const char *ksyms__find(const struct ksyms *k, uint64_t addr, uint64_t *off)
{
	unsigned int lo = 0, hi = k->n;

	/* the last symbol whose address is <= addr */
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || !k->syms[lo - 1].addr)
		return NULL;
	if (off)
		*off = addr - k->syms[lo - 1].addr;
	return k->names + k->syms[lo - 1].name;
}

unsigned int ksyms__count(const struct ksyms *k)
{
	return k->n;
}
