// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/stacks.h"

struct stacks_model {
	struct stack_row *rows;
	size_t n, cap;
	size_t *slots; /* open addressing: row index + 1, 0 free */
	size_t nslots;
	uint64_t total_ns, total_count;
};

struct stacks_model *stacks__new(void)
{
	return calloc(1, sizeof(struct stacks_model));
}

void stacks__free(struct stacks_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->rows[i].folded);
	free(m->rows);
	free(m->slots);
	free(m);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int rehash(struct stacks_model *m)
{
	size_t nslots = m->nslots ? m->nslots * 2 : 1024, i, j;
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < m->n; i++) {
		for (j = hash_str(m->rows[i].folded) & (nslots - 1); slots[j];
		     j = (j + 1) & (nslots - 1))
			;
		slots[j] = i + 1;
	}
	free(m->slots);
	m->slots = slots;
	m->nslots = nslots;
	return 0;
}

/* The row of folded (created, taking ownership of folded, if new). */
static struct stack_row *row_of(struct stacks_model *m, char *folded)
{
	size_t j;

	if ((m->n + 1) * 2 > m->nslots && rehash(m))
		return NULL;
	for (j = hash_str(folded) & (m->nslots - 1); m->slots[j]; j = (j + 1) & (m->nslots - 1))
		if (!strcmp(m->rows[m->slots[j] - 1].folded, folded)) {
			free(folded);
			return &m->rows[m->slots[j] - 1];
		}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct stack_row *r = realloc(m->rows, cap * sizeof(*r));

		if (!r)
			return NULL;
		m->rows = r;
		m->cap = cap;
	}
	m->rows[m->n] = (struct stack_row){ .folded = folded };
	m->slots[j] = ++m->n;
	return &m->rows[m->n - 1];
}

static int add_owned(struct stacks_model *m, char *folded, uint64_t ns, uint64_t count)
{
	struct stack_row *r;

	if (!folded)
		return -ENOMEM;
	r = row_of(m, folded);
	if (!r) {
		free(folded);
		return -ENOMEM;
	}
	r->ns += ns;
	r->count += count;
	m->total_ns += ns;
	m->total_count += count;
	return 0;
}

int stacks__add(struct stacks_model *m, const char *const *frames, int n, uint64_t ns,
		uint64_t count)
{
	size_t len = 1, pos = 0;
	char *s, *p;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(frames[i]) + 1;
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (i)
			s[pos++] = ';';
		for (p = (char *)frames[i]; *p; p++) /* fold-safe: no ';' or line breaks */
			s[pos++] = *p == ';' ? ':' : (*p == '\n' || *p == '\r') ? ' ' : *p;
	}
	s[pos] = '\0';
	return add_owned(m, s, ns, count);
}

int stacks__add_folded(struct stacks_model *m, const char *folded, uint64_t ns, uint64_t count)
{
	return add_owned(m, strdup(folded), ns, count);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct stack_row *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns > y->ns ? -1 : 1;
	return strcmp(x->folded, y->folded);
}

void stacks__sort(struct stacks_model *m)
{
	if (m->n)
		qsort(m->rows, m->n, sizeof(*m->rows), cmp_rows);
	rehash(m); /* row indexes moved */
}

size_t stacks__nrows(const struct stacks_model *m)
{
	return m->n;
}

const struct stack_row *stacks__row(const struct stacks_model *m, size_t i)
{
	return i < m->n ? &m->rows[i] : NULL;
}

uint64_t stacks__total_ns(const struct stacks_model *m)
{
	return m->total_ns;
}

uint64_t stacks__total_count(const struct stacks_model *m)
{
	return m->total_count;
}

int stacks__split(const char *folded, char *buf, size_t len, const char **frames, int max)
{
	char *p = buf;
	int n = 0;

	if (!len)
		return 0;
	strncpy(buf, folded, len - 1);
	buf[len - 1] = '\0';
	while (n < max) {
		frames[n++] = p;
		p = strchr(p, ';');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

uint64_t stacks__value(const struct stack_row *r, bool by_count)
{
	return by_count ? r->count : (r->ns + 500) / 1000;
}

int stacks__write_folded(const struct stacks_model *m, FILE *f, bool by_count)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		fprintf(f, "%s %llu\n", m->rows[i].folded,
			(unsigned long long)stacks__value(&m->rows[i], by_count));
	return ferror(f) ? -EIO : 0;
}
