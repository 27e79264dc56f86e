// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "logs/klog.h"
#include "base/util.h"

const char *klog__fmt_name(enum klog_fmt fmt)
{
	static const char *const names[KLOG_FMT_N] = {
		[KLOG_RAW] = "raw",
		[KLOG_DMESG] = "dmesg",
		[KLOG_DMESG_T] = "dmesg -T",
		[KLOG_SYSLOG] = "syslog",
		[KLOG_ISO] = "iso",
		[KLOG_LOGCAT] = "logcat",
		[KLOG_LEARNED] = "learned prefix",
		[KLOG_JSON] = "json",
		[KLOG_KMSG] = "kmsg",
	};

	return fmt < KLOG_FMT_N ? names[fmt] : "?";
}

/* n decimal digits at p */
static bool digits(const char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "<4>" console/kmsg priority */
static const char *skip_prio(const char *p)
{
	if (p[0] == '<' && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '>')
			return q + 1;
	}
	return p;
}

static void copy_time(struct klog_line *out, const char *from, size_t n)
{
	if (n >= sizeof(out->wallclock))
		n = sizeof(out->wallclock) - 1;
	memcpy(out->wallclock, from, n);
	out->wallclock[n] = '\0';
}

/* "systemd-oomd[612]" -> "systemd-oomd" */
static void copy_ident(struct klog_line *out, const char *p, size_t n)
{
	size_t k = 0;

	while (k < n && p[k] != '[' && k < sizeof(out->ident) - 1)
		k++;
	memcpy(out->ident, p, k);
	out->ident[k] = '\0';
}

/* After "host ident": the ident decides whether this is a kernel line. */
static const char *after_ident(const char *p, struct klog_line *out)
{
	const char *host_end = strchr(p, ' ');
	const char *colon;

	if (!host_end)
		return NULL;
	p = host_end + 1;
	colon = strstr(p, ": ");
	if (!colon || colon - p > 64) {
		colon = strchr(p, ':');
		if (!colon || colon[1] != '\0')
			return NULL;
	}
	out->kernel = (size_t)(colon - p) == 6 && !strncmp(p, "kernel", 6);
	copy_ident(out, p, (size_t)(colon - p));
	return colon[1] ? colon + 2 : colon + 1;
}

/* "Feb 28 11:16:37 " (syslog, journalctl short) */
static const char *match_syslog(const char *p)
{
	if (!isupper((unsigned char)p[0]) || !islower((unsigned char)p[1]) ||
	    !islower((unsigned char)p[2]) || p[3] != ' ' ||
	    !(p[4] == ' ' || isdigit((unsigned char)p[4])) || !isdigit((unsigned char)p[5]) ||
	    p[6] != ' ' || !digits(p + 7, 2) || p[9] != ':' || !digits(p + 10, 2) || p[12] != ':' ||
	    !digits(p + 13, 2))
		return NULL;
	p += 15;
	while (*p == '.' || isdigit((unsigned char)*p))
		p++;
	if (*p != ' ')
		return NULL;
	return p + 1;
}

/* "2019-02-28T11:16:37[.123][+0000|Z] " */
static const char *match_iso(const char *p)
{
	if (!digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) || p[7] != '-' || !digits(p + 8, 2) ||
	    (p[10] != 'T' && p[10] != ' ') || !digits(p + 11, 2) || p[13] != ':' ||
	    !digits(p + 14, 2) || p[16] != ':' || !digits(p + 17, 2))
		return NULL;
	p += 19;
	while (*p && *p != ' ')
		p++;
	return *p == ' ' ? p + 1 : NULL;
}

/* "02-28 11:16:37.123  pid  tid L tag: " (Android logcat) */
static const char *match_logcat(const char *p, struct klog_line *out)
{
	const char *q;

	if (!digits(p, 2) || p[2] != '-' || !digits(p + 3, 2) || p[5] != ' ' || !digits(p + 6, 2) ||
	    p[8] != ':' || !digits(p + 9, 2) || p[11] != ':' || !digits(p + 12, 2) || p[14] != '.')
		return NULL;
	q = p + 15;
	while (isdigit((unsigned char)*q))
		q++;
	q = skip_blanks(q);
	while (isdigit((unsigned char)*q))
		q++;
	q = skip_blanks(q);
	while (isdigit((unsigned char)*q))
		q++;
	q = skip_blanks(q);
	if (!strchr("VDIWEFS", *q) || !*q || q[1] != ' ')
		return NULL;
	{
		const char *tag = q + 2, *colon = strstr(q, ": ");
		size_t n;

		if (!colon)
			return NULL;
		n = (size_t)(colon - tag);
		while (n && tag[n - 1] == ' ')
			n--;
		if (n >= sizeof(out->ident))
			n = sizeof(out->ident) - 1;
		memcpy(out->ident, tag, n);
		out->ident[n] = '\0';
		out->kernel = !strcmp(out->ident, "kernel");
		return colon + 2;
	}
}

/* "kern  :warn  : " (dmesg -x) */
static const char *match_facility(const char *p)
{
	static const char *const facs[] = { "kern", "user", "daemon", "syslog" };
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(facs); i++) {
		n = strlen(facs[i]);
		if (!strncmp(p, facs[i], n) && (p[n] == ' ' || p[n] == ':')) {
			const char *q = skip_blanks(p + n);

			if (*q != ':')
				return NULL;
			q = strchr(q + 1, ':');
			return q ? skip_blanks(q + 1) : NULL;
		}
	}
	return NULL;
}

/* "[ 123.456]" or "[Thu Feb 28 11:16:37 2019]" */
static const char *match_bracket(const char *p, struct klog_line *out)
{
	const char *end, *q;
	char *numend;
	double v;

	if (*p != '[')
		return NULL;
	end = strchr(p, ']');
	if (!end || end - p > 40)
		return NULL;
	q = skip_blanks(p + 1);
	v = strtod(q, &numend);
	/* printk times always have a fraction: "[62981]" is a task table's pid */
	if (numend != q && isdigit((unsigned char)*q) && skip_blanks(numend) == end &&
	    memchr(q, '.', (size_t)(end - q))) {
		out->uptime = v;
		if (out->fmt == KLOG_RAW)
			out->fmt = KLOG_DMESG;
		return end + 1;
	}
	if (isupper((unsigned char)q[0]) && end - q >= 20 && q[3] == ' ' && q[7] == ' ') {
		copy_time(out, q, (size_t)(end - q));
		if (out->fmt == KLOG_RAW)
			out->fmt = KLOG_DMESG_T;
		return end + 1;
	}
	return NULL;
}

/* "[T1467]" / "[  C4]" (CONFIG_PRINTK_CALLER) */
static const char *match_caller(const char *p, struct klog_line *out)
{
	const char *start;
	const char *q;

	if (*p != '[')
		return NULL;
	q = skip_blanks(p + 1);
	if ((*q != 'T' && *q != 'C') || !isdigit((unsigned char)q[1]))
		return NULL;
	start = q++;
	while (isdigit((unsigned char)*q))
		q++;
	if (*q != ']' || (size_t)(q - start) >= sizeof(out->caller))
		return NULL;
	memcpy(out->caller, start, (size_t)(q - start));
	out->caller[q - start] = '\0';
	return q + 1;
}

void klog__unescape_rsyslog(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '#' && r[1] == '0' && r[2] == '1' && (r[3] == '2' || r[3] == '1')) {
			*w++ = ' ';
			r += 4;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

void klog__parse_line(char *line, struct klog_line *out)
{
	const char *p, *q;
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	klog__unescape_rsyslog(line);
	memset(out, 0, sizeof(*out));
	out->uptime = -1;
	out->kernel = true;
	out->fmt = KLOG_RAW;
	p = skip_prio(line);

	if ((q = match_logcat(p, out))) {
		copy_time(out, p, 18);
		out->fmt = KLOG_LOGCAT;
		p = q;
	} else if ((q = match_iso(p))) {
		const char *t = p;

		q = after_ident(q, out);
		if (q) {
			copy_time(out, t, (size_t)(strchr(t, ' ') - t));
			out->fmt = KLOG_ISO;
			p = q;
		}
	} else if ((q = match_syslog(p))) {
		const char *t = p;

		q = after_ident(q, out);
		if (q) {
			copy_time(out, t, 15);
			out->fmt = KLOG_SYSLOG;
			p = q;
		}
	} else if ((q = match_facility(p))) {
		p = q;
	} else if ((q = strstr(p, "kernel: ")) && q - p < 64 && !memchr(p, '[', (size_t)(q - p))) {
		/* a syslog prefix cut at the front ("28-159 kernel: [...") */
		out->fmt = KLOG_SYSLOG;
		p = q + 8;
	}
	/* Android kmsg through logcat or a hypervisor log: "<6>[ 12.3] msg" */
	p = skip_prio(skip_blanks(p));
	if ((q = match_bracket(p, out)))
		p = q;
	if ((q = match_caller(skip_blanks(p), out)))
		p = q;
	if (*p == ' ')
		p++; /* the one blank printk puts after the time */
	q = skip_blanks(p);
	out->indent = (int)(q - p);
	out->msg = q;
}
