/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A folded-stack model: stacks (frames root first) with the stall time and
 * the number of stalls charged to them. Identical stacks merge. Frames are
 * folded as perf and flamegraph.pl do: joined by ';' (a ';' or newline in a
 * name becomes ':'/' '), kernel frames suffixed "_[k]" by the caller.
 * Used by memstall stacks; any module can fill one and write it folded,
 * or walk its rows (the flame graph, output/flame.h, takes them as frames).
 */
#ifndef MS_STACKS_H
#define MS_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct stacks_model;

struct stack_row {
	char *folded; /* "comm;main;...;try_to_free_mem_cgroup_pages_[k]" */
	uint64_t ns; /* stall time */
	uint64_t count; /* stalls */
};

struct stacks_model *stacks__new(void);
void stacks__free(struct stacks_model *m);
/* Add ns and count to the stack frames[0..n-1] (root first): 0 or -ENOMEM. */
int stacks__add(struct stacks_model *m, const char *const *frames, int n, uint64_t ns,
		uint64_t count);
/* Add to an already folded stack ("a;b;c"). */
int stacks__add_folded(struct stacks_model *m, const char *folded, uint64_t ns, uint64_t count);
/* Rows by stall time, largest first (ties: by folded text). */
void stacks__sort(struct stacks_model *m);
size_t stacks__nrows(const struct stacks_model *m);
const struct stack_row *stacks__row(const struct stacks_model *m, size_t i);
uint64_t stacks__total_ns(const struct stacks_model *m);
uint64_t stacks__total_count(const struct stacks_model *m);
/* Split a row's folded text into frames (pointers into buf, which gets a
 * copy): how many (at most max). */
int stacks__split(const char *folded, char *buf, size_t len, const char **frames, int max);
/* "folded value" lines: value in microseconds of stall time (rounded), or
 * the stall count. Returns 0 or -EIO. */
int stacks__write_folded(const struct stacks_model *m, FILE *f, bool by_count);
/* A row's value as written folded. */
uint64_t stacks__value(const struct stack_row *r, bool by_count);

#endif
