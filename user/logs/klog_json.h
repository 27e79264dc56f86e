/* SPDX-License-Identifier: GPL-2.0 */
/* Journal export lines (journalctl -o json / json-seq) and docker
 * json-file lines: the fields the log reader needs, from one line. */
#ifndef MS_KLOG_JSON_H
#define MS_KLOG_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct klog_json {
	char ident[32]; /* SYSLOG_IDENTIFIER, "" if none */
	bool kernel_transport; /* _TRANSPORT=kernel */
	double uptime; /* _SOURCE_MONOTONIC_TIMESTAMP, < 0 if none */
	char wallclock[40]; /* __REALTIME_TIMESTAMP as UTC, or docker's "time" */
};

/* If line is such an object, write its message (MESSAGE or "log") into
 * msg (at most cap - 1 bytes, blanks for control characters) and the
 * fields into out; false if it is not. */
bool klog_json__parse(const char *line, size_t len, char *msg, size_t cap, struct klog_json *out);

#endif
