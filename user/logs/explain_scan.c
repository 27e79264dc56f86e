// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: the small scanners every recogniser uses. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "base/util.h"

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"
};

long long ex__num(const char *s, char **end)
{
	long long v = strtoll(s, end, 10);

	return v > EX_NUM_MAX ? EX_NUM_MAX : v < -EX_NUM_MAX ? -EX_NUM_MAX : v;
}

int ex__inum(const char *s)
{
	long long v = ex__num(s, NULL);

	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
}

/* ---- small scanners ---- */

bool ex__starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A number after "key:" or "key=" where key starts a token; "kB" ignored. */
bool ex__kv(const char *s, const char *key, int64_t *v)
{
	size_t n = strlen(key);
	const char *p = s;

	while ((p = strstr(p, key))) {
		const char *q = p + n;
		char *end;
		long long x;

		if ((p == s || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t') &&
		    (*q == ':' || *q == '=')) {
			q++;
			while (*q == ' ')
				q++;
			if (isdigit((unsigned char)*q) ||
			    (*q == '-' && isdigit((unsigned char)q[1]))) {
				errno = 0;
				x = strtoll(q, &end, 10);
				if (!errno) {
					*v = x > EX_NUM_MAX    ? EX_NUM_MAX
					     : x < -EX_NUM_MAX ? -EX_NUM_MAX
							       : x;
					return true;
				}
			}
		}
		p += n;
	}
	return false;
}

/* The text after "key=" up to a ',' or blank, into buf. */
bool ex__kv_str(const char *s, const char *key, char *buf, size_t len)
{
	const char *p = strstr(s, key);
	size_t n;

	if (!p || (p != s && p[-1] != ',' && p[-1] != ' '))
		return false;
	p += strlen(key);
	n = strcspn(p, ", ");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

void ex__copy_upto(char *dst, size_t len, const char *from, const char *to)
{
	size_t n = to > from ? (size_t)(to - from) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(dst, from, n);
	dst[n] = '\0';
}

/* "0x26040c0(GFP_KERNEL|__GFP_COMP)" after key: the mask and the names. */
void ex__parse_mask(struct ex_report *r, const char *s, const char *key)
{
	const char *p = strstr(s, key);
	char *end;

	if (!p)
		return;
	p += strlen(key);
	errno = 0;
	r->gfp = strtoull(p, &end, 16);
	if (end == p || errno || *end == '*')
		return; /* "0x62****": masked in the paste */
	r->has_gfp = true;
	if (*end == '(') {
		const char *close = strchr(end, ')');

		if (close)
			ex__copy_upto(r->gfp_log, sizeof(r->gfp_log), end + 1, close);
	}
}

int ex__zone_index(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(zone_names); i++)
		if (!strcmp(name, zone_names[i]))
			return (int)i;
	return -1;
}

bool ex__release(const char *msg, char *rel, size_t len)
{
	const char *p, *s;

	if (ex__starts(msg, "Linux version ")) {
		p = msg + strlen("Linux version ");
		if (!isdigit((unsigned char)*p))
			return false;
		ex__copy_upto(rel, len, p, p + strcspn(p, " "));
		return true;
	}
	if (!strstr(msg, "ainted") && !strstr(msg, "Comm: "))
		return false;
	/* the release is the word before " #<build>" */
	for (p = msg; (p = strstr(p, " #")); p++) {
		s = p;
		while (s > msg && s[-1] != ' ')
			s--;
		if (isdigit((unsigned char)*s) && memchr(s, '.', (size_t)(p - s))) {
			ex__copy_upto(rel, len, s, p);
			return true;
		}
	}
	/* "Not tainted 6.1.0-9-amd64" without a build number */
	p = strstr(msg, "ainted ");
	if (p) {
		p += strlen("ainted ");
		while (*p == ' ')
			p++;
		if (isdigit((unsigned char)*p) && strchr(p, '.')) {
			ex__copy_upto(rel, len, p, p + strcspn(p, " "));
			return true;
		}
	}
	return false;
}
