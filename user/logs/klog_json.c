// SPDX-License-Identifier: GPL-2.0
/* Journal/docker JSON log lines (klog_json.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "logs/klog_json.h"

/* The value after "key": in [s, end), or NULL. */
static const char *value_of(const char *s, const char *end, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = s; p + n + 3 <= end; p++) {
		if (p[0] != '"' || memcmp(p + 1, key, n) || p[n + 1] != '"' ||
		    (p > s && p[-1] == '\\'))
			continue;
		p += n + 2;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || *p != ':')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		return p < end ? p : NULL;
	}
	return NULL;
}

static int hexval(char c)
{
	return isdigit((unsigned char)c)    ? c - '0'
	       : isxdigit((unsigned char)c) ? (tolower((unsigned char)c) - 'a' + 10)
					    : -1;
}

static void put(char *dst, size_t cap, size_t *n, char c)
{
	if (*n + 1 < cap)
		dst[(*n)++] = (unsigned char)c < 0x20 && c != '\t' ? ' ' : c;
}

/* A JSON string, a number, or an array of byte values (the journal's form
 * for messages that are not UTF-8) into dst. */
static bool str_value(const char *p, const char *end, char *dst, size_t cap)
{
	size_t n = 0;

	if (!p || !cap)
		return false;
	if (*p == '[') {
		char *e;

		for (p++; p < end && *p != ']';) {
			long v = strtol(p, &e, 10);

			if (e == p || e > end)
				break;
			put(dst, cap, &n, (char)v);
			p = e;
			while (p < end && (*p == ',' || *p == ' '))
				p++;
		}
	} else if (*p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p != '\\' || p + 1 >= end) {
				put(dst, cap, &n, *p);
				continue;
			}
			p++;
			if (*p == 'u' && p + 4 < end) {
				int v = 0, i, h;

				for (i = 1; i <= 4; i++) {
					h = hexval(p[i]);
					v = v * 16 + (h < 0 ? 0 : h);
				}
				put(dst, cap, &n, v < 0x80 ? (char)v : '?');
				p += 4;
			} else {
				put(dst, cap, &n, *p == 'n' || *p == 't' || *p == 'r' ? ' ' : *p);
			}
		}
	} else {
		while (p < end && (isalnum((unsigned char)*p) || *p == '.' || *p == '-'))
			put(dst, cap, &n, *p++);
	}
	dst[n] = '\0';
	return true;
}

bool klog_json__parse(const char *line, size_t len, char *msg, size_t cap, struct klog_json *out)
{
	const char *p = line, *end = line + len, *v;
	char buf[64];

	memset(out, 0, sizeof(*out));
	out->uptime = -1;
	while (p < end && (*p == 0x1e || *p == ' '))
		p++; /* json-seq's record separator */
	if (p >= end || *p != '{')
		return false;
	v = value_of(p, end, "MESSAGE");
	if (!v)
		v = value_of(p, end, "log");
	if (!v || !str_value(v, end, msg, cap))
		return false;
	/* a trailing newline (docker) or blanks */
	len = strlen(msg);
	while (len && msg[len - 1] == ' ')
		msg[--len] = '\0';
	if (str_value(value_of(p, end, "SYSLOG_IDENTIFIER"), end, out->ident, sizeof(out->ident)) &&
	    !out->ident[0])
		out->ident[0] = '\0';
	if (str_value(value_of(p, end, "_TRANSPORT"), end, buf, sizeof(buf)))
		out->kernel_transport = !strcmp(buf, "kernel");
	if (str_value(value_of(p, end, "_SOURCE_MONOTONIC_TIMESTAMP"), end, buf, sizeof(buf)) &&
	    isdigit((unsigned char)buf[0]))
		out->uptime = strtod(buf, NULL) / 1e6;
	if (str_value(value_of(p, end, "__REALTIME_TIMESTAMP"), end, buf, sizeof(buf)) &&
	    isdigit((unsigned char)buf[0])) {
		time_t t = (time_t)(strtoull(buf, NULL, 10) / 1000000);
		struct tm tm;

		if (gmtime_r(&t, &tm))
			strftime(out->wallclock, sizeof(out->wallclock), "%Y-%m-%dT%H:%M:%SZ", &tm);
	} else {
		str_value(value_of(p, end, "time"), end, out->wallclock, sizeof(out->wallclock));
	}
	return true;
}
