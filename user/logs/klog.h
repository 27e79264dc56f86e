/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel log line normalisation: strips what dmesg, dmesg -T, dmesg -x,
 * journalctl (short, short-iso), syslog/kern.log (including rsyslog's #012
 * escapes), Android logcat and "<N>" console prefixes put in front of the
 * kernel's message, and keeps the time they carried. This is the fallback
 * of the reader (klog_reader.h), which first finds the message by the
 * report's own markers and learns the prefix's shape (klog_shape.h).
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
	KLOG_LEARNED, /* a prefix whose shape was learned from the report's markers */
	KLOG_JSON, /* journalctl -o json / json-seq, docker json-file: the message field */
	KLOG_KMSG, /* /dev/kmsg records */
	KLOG_FMT_N,
};

struct klog_line {
	const char *msg; /* the kernel's message, leading blanks removed */
	int indent; /* blanks the message started with (continuation lines) */
	char wallclock[40]; /* as printed, "" if none */
	double uptime; /* seconds since boot, < 0 if none */
	bool kernel; /* false: another program's line in a syslog-style file */
	enum klog_fmt fmt;
	char ident[32]; /* the program tag of a syslog/journal/logcat line, "" if none */
	char caller[16]; /* printk caller id ("T123", "C1") or vendor "pid:N", "" if none */
	int lineno; /* first input line it came from */
	int joined; /* input lines re-joined into it (wrapped by a terminal or mail) */
};

/* Normalise line in place (rsyslog escapes, trailing newline); out->msg
 * points into it. Never fails: an unknown format is KLOG_RAW. */
void klog__parse_line(char *line, struct klog_line *out);
const char *klog__fmt_name(enum klog_fmt fmt);
/* rsyslog's "#012"/"#011" control escapes back to blanks, in place. */
void klog__unescape_rsyslog(char *s);

#endif
