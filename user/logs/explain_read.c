// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: reading files, pipes and /dev/kmsg.
 * What a log looks like after a hard reset (runs of NUL bytes), lines no
 * one could allocate, devices that never end: each is bounded, counted and
 * said, never a crash, a hang or a silent loss of the reports after it. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog_reader.h"
#include "base/util.h"

#define CHUNK 65536
/* a pipe of nothing but NUL bytes (cat /dev/zero |) ends here */
#define NUL_STREAM_MAX (64ll << 20)

struct assembler {
	struct ms_explain *e;
	char *line;
	size_t len;
	bool cut; /* the current line passed KLOG_LINE_MAX */
	bool in_nul;
	int64_t nul_run; /* NUL bytes in a row */
};

static void end_line(struct assembler *a)
{
	klog_reader__push(a->e->reader, a->line, a->len);
	a->len = 0;
	a->cut = false;
}

/* Bytes in; lines out at '\n'. A run of NUL bytes ends the line before it
 * and is skipped; a line longer than KLOG_LINE_MAX keeps its start. */
static void take(struct assembler *a, const char *buf, size_t n)
{
	struct ex_input *in = &a->e->in;
	size_t i;

	for (i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\0') {
			if (!a->in_nul) {
				in->nul_runs++;
				if (a->len)
					end_line(a);
				a->in_nul = true;
			}
			in->nul_bytes++;
			a->nul_run++;
			continue;
		}
		a->in_nul = false;
		a->nul_run = 0;
		if (c == '\n') {
			end_line(a);
			continue;
		}
		if (a->len < KLOG_LINE_MAX) {
			a->line[a->len++] = c;
		} else {
			if (!a->cut)
				in->cut_lines++;
			a->cut = true;
			in->cut_bytes++;
		}
	}
}

static void finish_input(struct assembler *a)
{
	if (a->len)
		end_line(a);
	free(a->line);
	a->line = NULL;
}

void explain__feed_buffer(struct ms_explain *e, const char *buf, size_t len)
{
	struct assembler a = { .e = e };

	a.line = malloc(KLOG_LINE_MAX);
	if (!a.line)
		return;
	take(&a, buf, len);
	finish_input(&a);
}

/* A compressed file or a program, not a log: say so instead of decoding
 * nothing. */
static const char *binary_kind(const unsigned char *p, size_t n)
{
	size_t i, ctl = 0, text = 0;

	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return "gzip-compressed: run zcat FILE | memstall explain -";
	if (n >= 6 && !memcmp(p,
			      "\xfd"
			      "7zXZ",
			      5))
		return "xz-compressed: run xzcat FILE | memstall explain -";
	if (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4))
		return "zstd-compressed: run zstdcat FILE | memstall explain -";
	if (n >= 3 && !memcmp(p, "BZh", 3))
		return "bzip2-compressed: run bzcat FILE | memstall explain -";
	if (n >= 4 && !memcmp(p,
			      "\x7f"
			      "ELF",
			      4))
		return "binary data (an ELF program), not a text log: pass the output of dmesg or "
		       "journalctl -k";
	for (i = 0; i < n; i++) {
		if (!p[i])
			continue;
		if (p[i] < 0x20 && !strchr("\t\n\r\x1b\x1e\f\v", p[i]))
			ctl++;
		else
			text++;
	}
	return ctl > 16 && ctl * 8 > text ? "binary data, not a text log: pass the output of "
					    "dmesg or journalctl -k"
					  : NULL;
}

int explain__feed_file(struct ms_explain *e, FILE *f, const char *name, struct ms_diag *d)
{
	struct assembler a = { .e = e };
	char *buf = malloc(CHUNK);
	bool first = true, regular = true;
	struct stat st;
	size_t n;
	int err = 0;

	if (fileno(f) >= 0 && !fstat(fileno(f), &st)) {
		if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 11) {
			free(buf);
			return explain__feed_kmsg(e, fileno(f), name, d);
		}
		if (S_ISCHR(st.st_mode) && !isatty(fileno(f))) {
			free(buf);
			return diag__fail(d, -EINVAL, MS_EXIT_INPUT,
					  "%s: a character device, not a log: pass a log file, "
					  "- for standard input, or /dev/kmsg",
					  name);
		}
		regular = S_ISREG(st.st_mode);
	}
	a.line = malloc(KLOG_LINE_MAX);
	if (!buf || !a.line) {
		free(buf);
		free(a.line);
		return diag__fail(d, -ENOMEM, MS_EXIT_INPUT, "%s: out of memory", name);
	}
	while ((n = fread(buf, 1, CHUNK, f)) > 0) {
		const char *kind = first ? binary_kind((unsigned char *)buf, n) : NULL;

		first = false;
		if (kind) {
			err = diag__fail(d, -EINVAL, MS_EXIT_INPUT, "%s: %s", name, kind);
			break;
		}
		take(&a, buf, n);
		if (!regular && a.nul_run > NUL_STREAM_MAX) {
			snprintf(e->in.stopped, sizeof(e->in.stopped),
				 "stopped after %lld MiB of NUL bytes in a row",
				 (long long)(a.nul_run >> 20));
			break;
		}
	}
	if (!err && ferror(f))
		err = diag__fail(d, -EIO, MS_EXIT_INPUT, "%s: read error: %s", name,
				 strerror(errno));
	finish_input(&a);
	free(buf);
	return err;
}

/* "6,1234,5678901,-[,caller=T12];message" -> "[    5.678901] [T12] message";
 * the message's \xNN escapes undone. */
static void kmsg_record(struct ms_explain *e, char *rec, size_t n, char *out, size_t cap)
{
	char *semi, *nl, *p, caller[24] = "";
	unsigned long long ts = 0;
	size_t o;

	rec[n] = '\0';
	semi = strchr(rec, ';');
	if (!semi)
		return;
	*semi = '\0';
	nl = strchr(semi + 1, '\n');
	if (nl)
		*nl = '\0'; /* the dictionary lines after it are not the message */
	p = strchr(rec, ',');
	if (p && (p = strchr(p + 1, ',')))
		ts = strtoull(p + 1, NULL, 10);
	if ((p = strstr(rec, "caller=")))
		snprintf(caller, sizeof(caller), "[%.10s] ", p + 7);
	o = (size_t)snprintf(out, cap, "[%5llu.%06llu] %s", ts / 1000000, ts % 1000000, caller);
	for (p = semi + 1; *p && o + 1 < cap; p++) {
		unsigned int v;

		if (p[0] == '\\' && p[1] == 'x' && sscanf(p + 2, "%2x", &v) == 1) {
			out[o++] = v < 0x20 ? ' ' : (char)v;
			p += 3;
			continue;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	klog_reader__push(e->reader, out, o);
}

int explain__feed_kmsg(struct ms_explain *e, int fd, const char *name, struct ms_diag *d)
{
	char *rec = malloc(8192 + 1), *out = malloc(KLOG_LINE_MAX);
	int flags = fcntl(fd, F_GETFL), err = 0;
	ssize_t n;

	if (!rec || !out) {
		err = diag__fail(d, -ENOMEM, MS_EXIT_INPUT, "%s: out of memory", name);
		goto cleanup;
	}
	/* the buffer as it is now: no waiting for records to come */
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		err = diag__fail(d, -errno, MS_EXIT_INPUT, "%s: %s", name, strerror(errno));
		goto cleanup;
	}
	for (;;) {
		n = read(fd, rec, 8192);
		if (n > 0) {
			kmsg_record(e, rec, (size_t)n, out, KLOG_LINE_MAX);
			continue;
		}
		if (n < 0 && errno == EPIPE) {
			e->in.kmsg_lost++; /* overwritten before it was read */
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			err = diag__fail(d, -errno, MS_EXIT_INPUT,
					 "%s: %s: reading the kernel log needs root or "
					 "kernel.dmesg_restrict=0",
					 name, strerror(errno));
		break;
	}
	e->fmt_seen[KLOG_KMSG]++;
cleanup:
	free(rec);
	free(out);
	return err;
}
