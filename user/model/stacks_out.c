// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "model/stacks.h"
#include "model/stacks_out.h"
#include "output/flame.h"
#include "output/json.h"
#include "output/sink.h"

#define SO_MAX_FRAMES 300

enum { SC_MS, SC_SHARE, SC_COUNT, SC_MEAN, SC_WHO, SC_FRAMES, SC_TAIL, SC_NCOLS };
#define SO_TAIL 3 /* text: the innermost kernel and user frames shown */

static const struct ms_col stack_cols[SC_NCOLS] = {
	[SC_MS] = { "total_ms", "STALL_MS", 10, MS_FT_F64, 3, 0 },
	[SC_SHARE] = { "share_pct", "SHARE%", 7, MS_FT_F64, 1, 0 },
	[SC_COUNT] = { "count", "COUNT", 8, MS_FT_U64, 0, 0 },
	[SC_MEAN] = { "mean_us", "MEAN_US", 10, MS_FT_F64, 1, 0 },
	[SC_WHO] = { "who", "WHO", -16, MS_FT_STR, 0, 0 },
	/* root first: who, user frames, kernel frames (suffixed _[k]) */
	[SC_FRAMES] = { "frames", "FRAMES", 0, MS_FT_STRLIST, 0, MS_COL_JSON },
	/* text: the innermost kernel and user frames, innermost first */
	[SC_TAIL] = { "stack", "STACK (innermost first: kernel, then user)", 0, MS_FT_STR, 0,
		      MS_COL_TEXT | MS_COL_NOTRUNC },
};

static const struct ms_schema stack_schema = { "stack", stack_cols, SC_NCOLS };

static bool kernel_frame(const char *p, const char *end)
{
	return end - p > 4 && !strncmp(end - 4, "_[k]", 4);
}

/* Text: the innermost SO_TAIL kernel frames, then the innermost user frames
 * (the code that allocated), innermost first, " < " between them. */
static void tail(const char *list, char *buf, size_t len)
{
	const char *end = list + strlen(list), *p;
	size_t pos = 0;
	int k = 0, u = 0;
	bool skipped = false;

	buf[0] = '\0';
	while (end > list && pos + 8 < len) {
		for (p = end; p > list && p[-1] != '|'; p--)
			;
		if (kernel_frame(p, end) ? k++ < SO_TAIL : u++ < SO_TAIL) {
			pos += snprintf(buf + pos, len - pos, "%s%s%.*s", pos ? " < " : "",
					skipped ? ".. < " : "", (int)(end - p), p);
			skipped = false;
		} else {
			skipped = true;
		}
		end = p > list ? p - 1 : list;
	}
	if (skipped && pos + 5 < len)
		snprintf(buf + pos, len - pos, " < ..");
}

void stacks__render(const struct stacks_model *m, struct ms_sink *s, uint32_t top)
{
	uint64_t total = stacks__total_ns(m);
	size_t i, n = stacks__nrows(m);
	char *list, tl[1024];

	if (top && n > top)
		n = top;
	sink__header(s, &stack_schema);
	for (i = 0; i < n; i++) {
		const struct stack_row *r = stacks__row(m, i);
		struct ms_val v[SC_NCOLS] = {};
		char *semi, *p;

		list = strdup(r->folded);
		if (!list)
			return;
		/* frames after the first, innermost last, joined by '|' */
		semi = strchr(list, ';');
		if (semi)
			*semi = '\0';
		for (p = semi ? semi + 1 : NULL; p && *p; p++)
			if (*p == ';')
				*p = '|';
		v[SC_MS].f = r->ns / 1e6;
		v[SC_SHARE].f = total ? 100.0 * r->ns / total : 0;
		v[SC_COUNT].u = r->count;
		v[SC_MEAN].f = r->count ? r->ns / 1e3 / r->count : 0;
		v[SC_WHO].s = list;
		v[SC_FRAMES].s = semi ? semi + 1 : "";
		tail(v[SC_FRAMES].s, tl, sizeof(tl));
		v[SC_TAIL].s = tl;
		sink__row(s, &stack_schema, v);
		free(list);
	}
}

int stacks__to_flame(const struct stacks_model *m, struct flame *f, bool by_count)
{
	const char **frames = malloc(SO_MAX_FRAMES * sizeof(*frames));
	size_t i, len;
	char *buf = NULL;
	int err = frames ? 0 : -ENOMEM;

	for (i = 0; !err && i < stacks__nrows(m); i++) {
		const struct stack_row *r = stacks__row(m, i);
		int n;

		len = strlen(r->folded) + 1;
		free(buf);
		buf = malloc(len);
		if (!buf) {
			err = -ENOMEM;
			break;
		}
		n = stacks__split(r->folded, buf, len, frames, SO_MAX_FRAMES);
		err = flame__add(f, frames, n, stacks__value(r, by_count));
	}
	free(buf);
	free(frames);
	return err;
}

int stacks__write_jsonl(const struct stacks_model *m, FILE *f)
{
	const char **frames = malloc(SO_MAX_FRAMES * sizeof(*frames));
	struct json_writer w;
	size_t i, len;
	char *buf = NULL;
	int err = frames ? 0 : -ENOMEM, n, j;

	for (i = 0; !err && i < stacks__nrows(m); i++) {
		const struct stack_row *r = stacks__row(m, i);

		len = strlen(r->folded) + 1;
		free(buf);
		buf = malloc(len);
		if (!buf) {
			err = -ENOMEM;
			break;
		}
		n = stacks__split(r->folded, buf, len, frames, SO_MAX_FRAMES);
		jw__init(&w, f);
		jw__obj_begin(&w);
		jw__kv_str(&w, "comm", n > 0 ? frames[0] : "?");
		jw__key(&w, "frames");
		jw__arr_begin(&w);
		for (j = 1; j < n; j++)
			jw__str(&w, frames[j]);
		jw__arr_end(&w);
		jw__kv_u64(&w, "us", stacks__value(r, false));
		jw__kv_u64(&w, "count", r->count);
		jw__obj_end(&w);
	}
	free(buf);
	free(frames);
	if (!err && ferror(f))
		err = -EIO;
	return err;
}
