// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host/procfs.h"
#include "base/util.h"

long procfs__read(const char *root, const char *rel, char *buf, size_t size)
{
	char path[4096];
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		n = 0;
	if (snprintf(path, sizeof(path), "%.*s%s", (int)n, root, rel) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	return util__read_file(path, buf, size);
}

int procfs__read_i64(const char *root, const char *rel, int64_t *v)
{
	char buf[64], *end;
	long n = procfs__read(root, rel, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	errno = 0;
	*v = strtoll(buf, &end, 10);
	if (end == buf || errno)
		return -EINVAL;
	return 0;
}

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl + 1 : NULL;
}

/* "  key   value" at the start of line p (after blanks): value into v */
static bool line_kv(const char *p, const char *key, int64_t *v)
{
	size_t n = strlen(key);
	char *end;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, key, n) || (p[n] != ' ' && p[n] != '\t'))
		return false;
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	errno = 0;
	*v = strtoll(p, &end, 10);
	return end != p && !errno;
}

static void zone_init(struct pf_zone *z, int node, const char *name, size_t len)
{
	memset(z, 0, sizeof(*z));
	z->node = node;
	if (len >= sizeof(z->name))
		len = sizeof(z->name) - 1;
	memcpy(z->name, name, len);
	z->name[len] = '\0';
	z->free = z->boost = z->min = z->low = z->high = -1;
	z->spanned = z->present = z->managed = -1;
}

int procfs__parse_zoneinfo(const char *buf, struct pf_zoneinfo *zi)
{
	struct pf_zone *z = NULL;
	const char *p;
	int64_t v;

	zi->n = 0;
	for (p = buf; p && *p; p = next_line(p)) {
		int node, off = 0;

		if (sscanf(p, "Node %d, zone %n", &node, &off) == 1 && off > 0) {
			const char *name = p + off;

			while (*name == ' ')
				name++;
			if (zi->n >= PF_MAX_ZONES) {
				z = NULL;
				continue;
			}
			z = &zi->z[zi->n++];
			zone_init(z, node, name, strcspn(name, " \n"));
			continue;
		}
		if (!z)
			continue;
		if (line_kv(p, "pages free", &v))
			z->free = v;
		else if (line_kv(p, "boost", &v))
			z->boost = v;
		else if (line_kv(p, "min", &v))
			z->min = v;
		else if (line_kv(p, "low", &v))
			z->low = v;
		else if (line_kv(p, "high", &v))
			z->high = v;
		else if (line_kv(p, "spanned", &v))
			z->spanned = v;
		else if (line_kv(p, "present", &v))
			z->present = v;
		else if (line_kv(p, "managed", &v))
			z->managed = v;
		else {
			const char *q = p;

			while (*q == ' ')
				q++;
			if (!strncmp(q, "protection: (", 13)) {
				q += 13;
				z->nprot = 0;
				while (z->nprot < PF_MAX_PROT) {
					char *end;
					long long x = strtoll(q, &end, 10);

					if (end == q)
						break;
					z->protection[z->nprot++] = x;
					q = end;
					if (*q == ',')
						q++;
				}
			}
		}
	}
	return zi->n;
}

int procfs__parse_buddyinfo(const char *buf, struct pf_buddyinfo *bi)
{
	const char *p;

	bi->n = 0;
	for (p = buf; p && *p && bi->n < PF_MAX_ZONES; p = next_line(p)) {
		struct pf_buddy *b = &bi->b[bi->n];
		int node, off = 0;
		const char *q;
		size_t len;

		if (sscanf(p, "Node %d, zone %n", &node, &off) != 1 || !off)
			continue;
		memset(b, 0, sizeof(*b));
		b->node = node;
		q = p + off;
		while (*q == ' ')
			q++;
		len = strcspn(q, " \n");
		if (len >= sizeof(b->zone))
			len = sizeof(b->zone) - 1;
		memcpy(b->zone, q, len);
		b->zone[len] = '\0';
		q += strcspn(q, " \n");
		while (b->norders < FRAG_MAX_ORDER) {
			char *end;
			unsigned long long x;

			while (*q == ' ' || *q == '\t')
				q++;
			if (!isdigit((unsigned char)*q))
				break;
			x = strtoull(q, &end, 10);
			b->nr_free[b->norders++] = x;
			q = end;
		}
		bi->n++;
	}
	return bi->n;
}

static bool psi_line(const char *p, double *a10, double *a60, double *a300, uint64_t *total)
{
	unsigned long long t;

	return sscanf(p, " avg10=%lf avg60=%lf avg300=%lf total=%llu", a10, a60, a300, &t) == 4 &&
	       (*total = t, true);
}

int procfs__parse_psi(const char *buf, struct pf_psi *ps)
{
	const char *p;

	memset(ps, 0, sizeof(*ps));
	for (p = buf; p && *p; p = next_line(p)) {
		if (!strncmp(p, "some", 4))
			ps->has_some = psi_line(p + 4, &ps->some_avg10, &ps->some_avg60,
						&ps->some_avg300, &ps->some_total_us);
		else if (!strncmp(p, "full", 4))
			ps->has_full = psi_line(p + 4, &ps->full_avg10, &ps->full_avg60,
						&ps->full_avg300, &ps->full_total_us);
	}
	return ps->has_some || ps->has_full ? 0 : -EINVAL;
}

bool procfs__kv(const char *buf, const char *key, uint64_t *v)
{
	size_t n = strlen(key);
	const char *p;

	for (p = buf; p && *p; p = next_line(p)) {
		const char *q = p;
		char *end;

		if (!strncmp(q, "Node ", 5)) {
			q += 5;
			while (isdigit((unsigned char)*q))
				q++;
			while (*q == ' ')
				q++;
		}
		if (strncmp(q, key, n) || (q[n] != ' ' && q[n] != ':' && q[n] != '\t'))
			continue;
		q += n;
		while (*q == ' ' || *q == ':' || *q == '\t')
			q++;
		if (!isdigit((unsigned char)*q))
			return false;
		errno = 0;
		*v = strtoull(q, &end, 10);
		return !errno;
	}
	return false;
}

bool procfs__choice(const char *buf, char *out, size_t len)
{
	const char *o = strchr(buf, '['), *c;

	if (!o || !(c = strchr(o, ']')) || !len)
		return false;
	if ((size_t)(c - o - 1) >= len)
		return false;
	memcpy(out, o + 1, (size_t)(c - o - 1));
	out[c - o - 1] = '\0';
	return true;
}
