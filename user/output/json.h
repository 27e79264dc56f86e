/* SPDX-License-Identifier: GPL-2.0 */
/* A small streaming JSON writer: compact output, one line per top-level value. */
#ifndef MS_JSON_H
#define MS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH 16

struct json_writer {
	FILE *f;
	int depth;
	bool need_comma[JW_MAX_DEPTH];
	bool after_key;
};

void jw__init(struct json_writer *w, FILE *f);
void jw__obj_begin(struct json_writer *w);
void jw__obj_end(struct json_writer *w);
void jw__arr_begin(struct json_writer *w);
void jw__arr_end(struct json_writer *w);
void jw__key(struct json_writer *w, const char *key);
void jw__str(struct json_writer *w, const char *s);
void jw__u64(struct json_writer *w, uint64_t v);
void jw__i64(struct json_writer *w, int64_t v);
void jw__f64(struct json_writer *w, double v, int prec); /* non-finite -> null */
void jw__bool(struct json_writer *w, bool v);
void jw__null(struct json_writer *w);
/* A key and its value in one call. */
void jw__kv_str(struct json_writer *w, const char *key, const char *s);
void jw__kv_u64(struct json_writer *w, const char *key, uint64_t v);
void jw__kv_i64(struct json_writer *w, const char *key, int64_t v);
void jw__kv_f64(struct json_writer *w, const char *key, double v, int prec);
void jw__kv_bool(struct json_writer *w, const char *key, bool v);
void jw__kv_null(struct json_writer *w, const char *key);
/* Unknown is null: v < 0; s NULL or "". */
void jw__kv_i64_opt(struct json_writer *w, const char *key, int64_t v);
void jw__kv_str_opt(struct json_writer *w, const char *key, const char *s);

#endif
