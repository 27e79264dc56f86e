/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A folded-stack model (model/stacks.h) out: rows of schema "stack" through
 * a sink (text blocks or JSON), and into a flame graph (output/flame.h).
 */
#ifndef MS_STACKS_OUT_H
#define MS_STACKS_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct stacks_model;
struct ms_sink;
struct flame;

/* The top rows (0: all) as "stack" records: stall time, count, mean, the
 * frames (root first). */
void stacks__render(const struct stacks_model *m, struct ms_sink *s, uint32_t top);
/* Every row into f, valued in microseconds of stall time or in stalls. */
int stacks__to_flame(const struct stacks_model *m, struct flame *f, bool by_count);
/* One JSON object per row (memstall record's stacks.jsonl): {"comm",
 * "frames" (root first, kernel frames suffixed "_[k]"), "us" (stall time,
 * rounded), "count"}. The first folded frame is the comm. 0 or -EIO. */
int stacks__write_jsonl(const struct stacks_model *m, FILE *f);

#endif
