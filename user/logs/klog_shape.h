/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of a log line's prefix, learned rather than listed: a kernel
 * report has markers that always start a message ("Mem-Info:", "CPU: 3 PID:",
 * "Node 0 DMA free:", "Call Trace:", ...). Where one sits after other text,
 * that text is the prefix; its shape (words by character class, bracket
 * groups by kind, blanks) is kept and the same shape is stripped from the
 * lines that follow, whatever tool wrote it (syslog, journalctl, dmesg -T in
 * any locale, container runtimes, vendor kernels' [pid:N,cpuN,comm] tags).
 */
#ifndef MS_KLOG_SHAPE_H
#define MS_KLOG_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#define KSHAPE_MAX_TOKENS 24
#define KSHAPE_MAX_PREFIX 256

struct klog_tok {
	char type; /* 'b' blanks, 'w' word, 'g' bracket group */
	char open; /* the group's opening bracket */
	char kind; /* group: 't' time (digits.digits), 'n' number, 'x' other */
	unsigned char nblank; /* blanks: how many the learned line had */
	char cls[24]; /* word: character classes ("9:9:9", "a-9") */
};

struct klog_shape {
	int n;
	struct klog_tok t[KSHAPE_MAX_TOKENS];
};

/* Where the earliest report marker starts in s (-1 if none). */
int kshape__find_marker(const char *s);
/* Where the message after printk's "[ 12.345678] " starts (the blank after
 * the time included), -1 if no such time opens the first 96 bytes. */
int kshape__find_time_end(const char *s);
/* Learn the shape of s[0..len); false if it cannot be a prefix. */
bool kshape__learn(struct klog_shape *sh, const char *s, size_t len);
/* Length of the prefix of s that has this shape, -1 if s does not. */
int kshape__match(const struct klog_shape *sh, const char *s);
bool kshape__equal(const struct klog_shape *a, const struct klog_shape *b);

/* What a prefix carries: the uptime of a "[ 12.345]" group, the wall clock
 * of a "hh:mm:ss" word or group, a syslog ident ("kernel:"), a caller id
 * ("[T123]", "[pid:12,cpu3,comm]"). */
struct klog_prefix_info {
	double uptime;
	char wallclock[40];
	char ident[32];
	char caller[16];
};
void kshape__info(const char *prefix, size_t len, struct klog_prefix_info *out);

#endif
