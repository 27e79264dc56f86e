/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-log reader: raw input lines in, kernel messages out.
 * - journal JSON (journalctl -o json / json-seq) and docker json-file lines:
 *   the message field, its time and program;
 * - the message found inside each line by the report's own markers, the
 *   prefix's shape learned from it and stripped from the lines that follow
 *   (klog_shape.h), the known formats (klog.h) as the fallback;
 * - lines re-wrapped by a terminal or a mail client joined back: a line with
 *   no prefix after one that had the learned prefix continues it.
 * Lines come out one behind: the next line may teach the prefix of a
 * report's header or continue it.
 */
#ifndef MS_KLOG_READER_H
#define MS_KLOG_READER_H

#include <stddef.h>
#include "logs/klog.h"

#define KLOG_LINE_MAX 65536

struct klog_reader;
typedef void (*klog_emit_fn)(void *ctx, const struct klog_line *l);

struct klog_reader *klog_reader__new(klog_emit_fn fn, void *ctx);
void klog_reader__free(struct klog_reader *r);
/* One input line (no newline; need not be NUL-terminated; at most
 * KLOG_LINE_MAX bytes are kept). */
void klog_reader__push(struct klog_reader *r, const char *line, size_t len);
/* Emit the line still held. */
void klog_reader__flush(struct klog_reader *r);
int klog_reader__lines(const struct klog_reader *r);
int klog_reader__shapes(const struct klog_reader *r);

#endif
