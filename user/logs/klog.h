/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel log line normalisation: strips what dmesg, dmesg -T, dmesg -x,
 * journalctl (short, short-iso), syslog/kern.log (including rsyslog's #012
 * escapes), Android logcat and "<N>" console prefixes put in front of the
 * kernel's message, and keeps the time they carried.
 */
#ifndef MS_KLOG_H
#define MS_KLOG_H

#include <stdbool.h>

enum klog_fmt {
	KLOG_RAW, /* the message alone */
	KLOG_DMESG, /* "[ 123.456789] msg" */
	KLOG_DMESG_T, /* "[Thu Feb 28 11:16:37 2019] msg" */
	KLOG_SYSLOG, /* "Feb 28 11:16:37 host kernel: ..." (also journalctl) */
	KLOG_ISO, /* "2019-02-28T11:16:37+0000 host kernel: ..." */
	KLOG_LOGCAT, /* "02-28 11:16:37.123     0     0 I kernel  : ..." */
	KLOG_FMT_N,
};

struct klog_line {
	const char *msg; /* the kernel's message, leading blanks removed */
	int indent; /* blanks the message started with (continuation lines) */
	char wallclock[40]; /* as printed, "" if none */
	double uptime; /* seconds since boot, < 0 if none */
	bool kernel; /* false: another program's line in a syslog-style file */
	enum klog_fmt fmt;
};

/* Normalise line in place (rsyslog escapes, trailing newline); out->msg
 * points into it. Never fails: an unknown format is KLOG_RAW. */
void klog__parse_line(char *line, struct klog_line *out);
const char *klog__fmt_name(enum klog_fmt fmt);

#endif
