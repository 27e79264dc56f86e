// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memstall.h"
#include "output/prom.h"

struct prom {
	char *buf;
	size_t len, cap;
	bool om; /* OpenMetrics 1.0 */
	bool failed; /* an allocation failed: the exposition is incomplete */
};

struct prom *prom__new(void)
{
	return calloc(1, sizeof(struct prom));
}

void prom__free(struct prom *p)
{
	if (!p)
		return;
	free(p->buf);
	free(p);
}

void prom__reset(struct prom *p, bool openmetrics)
{
	p->len = 0;
	p->om = openmetrics;
	p->failed = false;
	if (p->buf)
		p->buf[0] = '\0';
}

bool prom__openmetrics(const struct prom *p)
{
	return p->om;
}

const char *prom__data(const struct prom *p, size_t *len)
{
	*len = p->len;
	return p->failed ? NULL : p->buf ? p->buf : "";
}

static bool reserve(struct prom *p, size_t more)
{
	size_t cap = p->cap ? p->cap : 4096;
	char *b;

	if (p->failed)
		return false;
	if (p->len + more + 1 <= p->cap)
		return true;
	while (cap < p->len + more + 1)
		cap *= 2;
	b = realloc(p->buf, cap);
	if (!b) {
		p->failed = true;
		return false;
	}
	p->buf = b;
	p->cap = cap;
	return true;
}

static void put(struct prom *p, const char *s, size_t n)
{
	if (!reserve(p, n))
		return;
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	p->buf[p->len] = '\0';
}

static void puts_(struct prom *p, const char *s)
{
	put(p, s, strlen(s));
}

static void putu(struct prom *p, uint64_t v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%llu", (unsigned long long)v);

	put(p, b, n);
}

bool prom__wants_openmetrics(const char *accept)
{
	return accept && strstr(accept, "application/openmetrics-text");
}

const char *prom__content_type(bool openmetrics)
{
	return openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
			   : "text/plain; version=0.0.4; charset=utf-8";
}

bool prom__escape(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	for (; *s; s++) {
		const char *rep = *s == '\\' ? "\\\\" : *s == '"' ? "\\\"" : *s == '\n' ? "\\n" : NULL;
		size_t n = rep ? 2 : 1;

		if (o + n + 1 > len) {
			if (len)
				buf[o] = '\0';
			return false;
		}
		if (rep)
			memcpy(buf + o, rep, 2);
		else
			buf[o] = *s;
		o += n;
	}
	if (len)
		buf[o] = '\0';
	return len > 0;
}

/* HELP text escaping: \\ and \n (0.0.4); OpenMetrics also escapes ". */
static void put_help(struct prom *p, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			puts_(p, "\\\\");
		else if (*s == '\n')
			puts_(p, "\\n");
		else if (*s == '"' && p->om)
			puts_(p, "\\\"");
		else
			put(p, s, 1);
	}
}

static const char *type_name(const struct prom *p, enum prom_type t)
{
	switch (t) {
	case PROM_COUNTER:
		return "counter";
	case PROM_HISTOGRAM:
		return "histogram";
	case PROM_INFO:
		return p->om ? "info" : "gauge";
	default:
		return "gauge";
	}
}

void prom__family(struct prom *p, const char *name, enum prom_type type, const char *help)
{
	/* 0.0.4 names the family by its sample name; OpenMetrics without it */
	const char *sfx = p->om		       ? ""
			  : type == PROM_COUNTER ? "_total"
			  : type == PROM_INFO	 ? "_info"
						 : "";

	puts_(p, "# HELP ");
	puts_(p, name);
	puts_(p, sfx);
	put(p, " ", 1);
	put_help(p, help);
	puts_(p, "\n# TYPE ");
	puts_(p, name);
	puts_(p, sfx);
	put(p, " ", 1);
	puts_(p, type_name(p, type));
	put(p, "\n", 1);
}

static void put_labels(struct prom *p, const char *const *labels, const char *le)
{
	char esc[1024];
	bool any = false;
	int i;

	for (i = 0; labels && labels[i] && labels[i + 1]; i += 2) {
		put(p, any ? "," : "{", 1);
		any = true;
		puts_(p, labels[i]);
		puts_(p, "=\"");
		/* a value too long for the buffer is cut (never unescaped) */
		prom__escape(labels[i + 1], esc, sizeof(esc));
		puts_(p, esc);
		put(p, "\"", 1);
	}
	if (le) {
		put(p, any ? "," : "{", 1);
		any = true;
		puts_(p, "le=\"");
		puts_(p, le);
		put(p, "\"", 1);
	}
	if (any)
		put(p, "}", 1);
}

static void sample_head(struct prom *p, const char *name, const char *suffix,
			const char *const *labels, const char *le)
{
	puts_(p, name);
	if (suffix)
		puts_(p, suffix);
	put_labels(p, labels, le);
	put(p, " ", 1);
}

void prom__u64(struct prom *p, const char *name, const char *suffix, const char *const *labels,
	       uint64_t v)
{
	sample_head(p, name, suffix, labels, NULL);
	putu(p, v);
	put(p, "\n", 1);
}

void prom__fmt_seconds(uint64_t ns, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%llu.%09llu", (unsigned long long)(ns / 1000000000ull),
			 (unsigned long long)(ns % 1000000000ull));

	if (n <= 0 || (size_t)n >= len)
		return;
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0'; /* a whole number: "2" (OpenMetrics: "2.0" is also fine) */
}

void prom__seconds(struct prom *p, const char *name, const char *suffix,
		   const char *const *labels, uint64_t ns)
{
	char b[40];

	prom__fmt_seconds(ns, b, sizeof(b));
	sample_head(p, name, suffix, labels, NULL);
	puts_(p, b);
	put(p, "\n", 1);
}

uint64_t prom__le_ns(unsigned int b)
{
	return (1ull << (PROM_LE_K0 + b)) - 1;
}

void prom__add_slots(uint64_t *bk, const uint64_t *slots)
{
	unsigned int b = 0, s;

	/* values below 2^k are slots 0 .. 4(k-1)-1 (see ms_hist_slot); the
	 * last slot holds everything above it: +Inf */
	for (s = 0; s < MS_HIST_SLOTS; s++) {
		while (b < PROM_NBUCKETS && (s >= 4 * (PROM_LE_K0 + b - 1) || s == MS_HIST_SLOTS - 1))
			b++;
		bk[b] += slots[s];
	}
}

uint64_t prom__bucket(const uint64_t *bk, unsigned int b)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i <= b && i <= PROM_NBUCKETS; i++)
		n += bk[i];
	return n;
}

void prom__hist(struct prom *p, const char *name, const char *const *labels, const uint64_t *bk,
		uint64_t sum_ns)
{
	char le[40];
	uint64_t cum = 0;
	unsigned int b;

	for (b = 0; b <= PROM_NBUCKETS; b++) {
		cum += bk[b];
		if (b < PROM_NBUCKETS)
			prom__fmt_seconds(prom__le_ns(b), le, sizeof(le));
		sample_head(p, name, "_bucket", labels, b < PROM_NBUCKETS ? le : "+Inf");
		putu(p, cum);
		put(p, "\n", 1);
	}
	prom__seconds(p, name, "_sum", labels, sum_ns);
	prom__u64(p, name, "_count", labels, cum);
}

void prom__finish(struct prom *p)
{
	if (p->om)
		puts_(p, "# EOF\n");
}
