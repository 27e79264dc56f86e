/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader (RFC 8259, depth-limited) for memstall report: bundles
 * come from other hosts and are untrusted (fuzz/fuzz_jparse.c). A value
 * tree; look-ups never fail (a missing key gives NULL, accessors defaults).
 */
#ifndef MS_JPARSE_H
#define MS_JPARSE_H

#include <stdbool.h>
#include <stddef.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jtype type;
	double num; /* J_NUM, J_BOOL (0/1) */
	char *str; /* J_STR (NUL-terminated; may hold NUL bytes before len) */
	size_t len; /* J_STR bytes; J_ARR/J_OBJ children */
	char *key; /* as a member of an object */
	struct jv *child, *next;
};

/* Parse one JSON text (trailing whitespace allowed). NULL if malformed. */
struct jv *jparse(const char *s, size_t len);
void jv__free(struct jv *v);
const struct jv *jv__get(const struct jv *obj, const char *key);
double jv__num(const struct jv *v, double def);
const char *jv__str(const struct jv *v, const char *def);
/* Shorthands: obj[key] as a number / string. */
double jv__getn(const struct jv *obj, const char *key, double def);
const char *jv__gets(const struct jv *obj, const char *key, const char *def);

#endif
