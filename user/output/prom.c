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
	size_t hint; /* the last exposition's buffer size (after prom__take) */
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

static bool reserve(struct prom *p, size_t more);

char *prom__take(struct prom *p, size_t *len)
{
	char *out;

	if (p->failed)
		return NULL;
	if (!p->buf && !reserve(p, 0))
		return NULL;
	p->buf[p->len] = '\0';
	out = p->buf;
	*len = p->len;
	/* the next exposition starts at this size: no realloc copies */
	p->hint = p->cap;
	p->buf = NULL;
	p->len = p->cap = 0;
	return out;
}

static bool reserve(struct prom *p, size_t more)
{
	size_t cap = p->cap ? p->cap : p->hint > 4096 ? p->hint : 4096;
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
	if (p->len + n + 1 > p->cap && !reserve(p, n))
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
	int n = sizeof(b);

	do /* digits from the right: no printf per sample */
		b[--n] = (char)('0' + v % 10);
	while ((v /= 10));
	put(p, b + n, sizeof(b) - n);
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
		const char *rep = *s == '\\'   ? "\\\\"
				  : *s == '"'  ? "\\\""
				  : *s == '\n' ? "\\n"
					       : NULL;
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
	const char *sfx = p->om			 ? ""
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

size_t prom__labels(const char *const *labels, char *buf, size_t len)
{
	struct prom tmp = {};
	size_t n;

	put_labels(&tmp, labels, NULL);
	n = tmp.failed ? 0 : tmp.len;
	if (n + 1 > len)
		n = 0; /* too long: no labels rather than cut ones */
	if (len) {
		memcpy(buf, tmp.buf ? tmp.buf : "", n);
		buf[n] = '\0';
	}
	free(tmp.buf);
	return n;
}

/* name suffix{block[,le="..."]}SP, the block rendered by prom__labels */
static void sample_head_block(struct prom *p, const char *name, const char *suffix,
			      const char *block, size_t blen, const char *le, size_t lelen)
{
	puts_(p, name);
	if (suffix)
		puts_(p, suffix);
	if (blen) {
		put(p, block, blen - 1); /* without its closing brace */
		if (le) {
			put(p, ",le=\"", 5);
			put(p, le, lelen);
			put(p, "\"", 1);
		}
		put(p, "} ", 2);
	} else if (le) {
		put(p, "{le=\"", 5);
		put(p, le, lelen);
		put(p, "\"} ", 3);
	} else {
		put(p, " ", 1);
	}
}

void prom__u64_block(struct prom *p, const char *name, const char *suffix, const char *block,
		     uint64_t v)
{
	sample_head_block(p, name, suffix, block, strlen(block), NULL, 0);
	putu(p, v);
	put(p, "\n", 1);
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

void prom__seconds(struct prom *p, const char *name, const char *suffix, const char *const *labels,
		   uint64_t ns)
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
		while (b < PROM_NBUCKETS &&
		       (s >= 4 * (PROM_LE_K0 + b - 1) || s == MS_HIST_SLOTS - 1))
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

/* The le values as text, made once. */
static const char *le_text(unsigned int b, size_t *len)
{
	static char txt[PROM_NBUCKETS][24];
	static size_t tlen[PROM_NBUCKETS];

	if (!tlen[b]) {
		prom__fmt_seconds(prom__le_ns(b), txt[b], sizeof(txt[b]));
		tlen[b] = strlen(txt[b]);
	}
	*len = tlen[b];
	return txt[b];
}

void prom__hist_block(struct prom *p, const char *name, const char *block, const uint64_t *bk,
		      uint64_t sum_ns)
{
	size_t blen = strlen(block), ll;
	char sum[40], nm[128];
	uint64_t cum = 0;
	unsigned int b;

	snprintf(nm, sizeof(nm), "%s_bucket", name);
	for (b = 0; b <= PROM_NBUCKETS; b++) {
		const char *le = b < PROM_NBUCKETS ? le_text(b, &ll) : "+Inf";

		if (b == PROM_NBUCKETS)
			ll = 4;
		cum += bk[b];
		sample_head_block(p, nm, NULL, block, blen, le, ll);
		putu(p, cum);
		put(p, "\n", 1);
	}
	prom__fmt_seconds(sum_ns, sum, sizeof(sum));
	sample_head_block(p, name, "_sum", block, blen, NULL, 0);
	puts_(p, sum);
	put(p, "\n", 1);
	sample_head_block(p, name, "_count", block, blen, NULL, 0);
	putu(p, cum);
	put(p, "\n", 1);
}

void prom__hist(struct prom *p, const char *name, const char *const *labels, const uint64_t *bk,
		uint64_t sum_ns)
{
	char block[2048];

	prom__labels(labels, block, sizeof(block));
	prom__hist_block(p, name, block, bk, sum_ns);
}

void prom__finish(struct prom *p)
{
	if (p->om)
		puts_(p, "# EOF\n");
}
