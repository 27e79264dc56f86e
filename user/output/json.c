// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include "output/json.h"

void jw__init(struct json_writer *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->need_comma[0] = false;
	w->after_key = false;
}

/* Separator before a value or key at the current level. */
static void sep(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		putc_unlocked(',', w->f);
	w->need_comma[w->depth] = true;
}

static void open_(struct json_writer *w, char c)
{
	sep(w);
	putc_unlocked(c, w->f);
	if (w->depth < JW_MAX_DEPTH - 1)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_(struct json_writer *w, char c)
{
	putc_unlocked(c, w->f);
	if (w->depth > 0)
		w->depth--;
	if (!w->depth) {
		putc_unlocked('\n', w->f);
		w->need_comma[0] = false;
	}
}

void jw__obj_begin(struct json_writer *w)
{
	open_(w, '{');
}

void jw__obj_end(struct json_writer *w)
{
	close_(w, '}');
}

void jw__arr_begin(struct json_writer *w)
{
	open_(w, '[');
}

void jw__arr_end(struct json_writer *w)
{
	close_(w, ']');
}

/* A JSON string. Runs of plain characters go out in one write, and stdio
 * is used unlocked (one thread writes): snoop's storms are mostly this. */
static void raw_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	putc_unlocked('"', f);
	for (;;) {
		for (run = p; *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			fwrite_unlocked(run, 1, p - run, f);
		if (!*p)
			break;
		switch (*p) {
		case '"':
			fputs_unlocked("\\\"", f);
			break;
		case '\\':
			fputs_unlocked("\\\\", f);
			break;
		case '\n':
			fputs_unlocked("\\n", f);
			break;
		case '\t':
			fputs_unlocked("\\t", f);
			break;
		case '\r':
			fputs_unlocked("\\r", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				putc_unlocked('?', f); /* comm/paths are not guaranteed UTF-8 */
		}
		p++;
	}
	putc_unlocked('"', f);
}

/* Decimal digits of v, without printf's format parsing. */
static void raw_u64(FILE *f, uint64_t v, bool neg)
{
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (neg)
		buf[--i] = '-';
	fwrite_unlocked(buf + i, 1, sizeof(buf) - i, f);
}

void jw__key(struct json_writer *w, const char *key)
{
	sep(w);
	raw_str(w->f, key);
	putc_unlocked(':', w->f);
	w->after_key = true;
}

void jw__str(struct json_writer *w, const char *s)
{
	sep(w);
	raw_str(w->f, s ? s : "");
}

void jw__u64(struct json_writer *w, uint64_t v)
{
	sep(w);
	raw_u64(w->f, v, false);
}

void jw__i64(struct json_writer *w, int64_t v)
{
	sep(w);
	raw_u64(w->f, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
}

void jw__f64(struct json_writer *w, double v, int prec)
{
	sep(w);
	if (!isfinite(v))
		fputs_unlocked("null", w->f);
	else
		fprintf(w->f, "%.*f", prec, v);
}

void jw__bool(struct json_writer *w, bool v)
{
	sep(w);
	fputs_unlocked(v ? "true" : "false", w->f);
}

void jw__null(struct json_writer *w)
{
	sep(w);
	fputs_unlocked("null", w->f);
}

void jw__kv_str(struct json_writer *w, const char *key, const char *s)
{
	jw__key(w, key);
	jw__str(w, s);
}

void jw__kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	jw__key(w, key);
	jw__u64(w, v);
}

void jw__kv_i64(struct json_writer *w, const char *key, int64_t v)
{
	jw__key(w, key);
	jw__i64(w, v);
}

void jw__kv_f64(struct json_writer *w, const char *key, double v, int prec)
{
	jw__key(w, key);
	jw__f64(w, v, prec);
}

void jw__kv_bool(struct json_writer *w, const char *key, bool v)
{
	jw__key(w, key);
	jw__bool(w, v);
}

void jw__kv_null(struct json_writer *w, const char *key)
{
	jw__key(w, key);
	jw__null(w);
}

void jw__kv_i64_opt(struct json_writer *w, const char *key, int64_t v)
{
	jw__key(w, key);
	if (v < 0)
		jw__null(w);
	else
		jw__i64(w, v);
}

void jw__kv_str_opt(struct json_writer *w, const char *key, const char *s)
{
	jw__key(w, key);
	if (s && *s)
		jw__str(w, s);
	else
		jw__null(w);
}
