// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "model/event.h"
#include "model/recout.h"
#include "output/json.h"

static void row(struct json_writer *w, const struct event_ctx *ctx, const struct hist_row *r,
		double t)
{
	char cg[256];
	unsigned int s;

	event__cgroup_name(ctx, r->key.cgroup, cg, sizeof(cg));
	jw__obj_begin(w);
	jw__kv_str(w, "type", "hist");
	jw__kv_f64(w, "t", t, 3);
	jw__kv_str(w, "kind", event__kind_name(r->key.kind));
	jw__kv_str(w, "comm", r->key.comm);
	jw__kv_u64(w, "pid", r->key.tgid);
	jw__kv_str(w, "cgroup", cg);
	if (r->key.kind == MS_KIND_COMPACT) {
		char zone[sizeof(r->key.zone) + 1] = {};

		memcpy(zone, r->key.zone, sizeof(r->key.zone));
		jw__kv_str(w, "zone", zone);
		jw__kv_i64(w, "order", r->key.order);
	}
	jw__kv_u64(w, "count", r->count);
	jw__kv_u64(w, "total_ns", r->total_ns);
	jw__kv_u64(w, "max_ns", r->max_ns);
	/* [lower bound ns, count] per non-empty bucket: readable without
	 * knowing the kernel's slot layout */
	jw__key(w, "buckets");
	jw__arr_begin(w);
	for (s = 0; s < MS_HIST_SLOTS; s++) {
		if (!r->slots[s])
			continue;
		jw__arr_begin(w);
		jw__u64(w, hist__slot_lo(s));
		jw__u64(w, r->slots[s]);
		jw__arr_end(w);
	}
	jw__arr_end(w);
	jw__obj_end(w);
}

uint64_t recout__interval(FILE *f, const struct event_ctx *ctx, const struct hist_model *h,
			  const struct recout_interval *iv, struct recout_totals *tot)
{
	struct json_writer w;
	uint64_t stalls = 0, total = 0, max = 0;
	int i, n = hist__nrows(h);

	for (i = 0; i < n; i++) {
		const struct hist_row *r = hist__row(h, i);

		if (!event__is_stall(r->key.kind))
			continue;
		stalls += r->count;
		total += r->total_ns;
		if (r->max_ns > max)
			max = r->max_ns;
		if (tot) {
			char cg[256];

			event__cgroup_name(ctx, r->key.cgroup, cg, sizeof(cg));
			rank__add(&tot->by_comm, r->key.comm, r->count, r->total_ns, r->max_ns);
			rank__add(&tot->by_cgroup, cg, r->count, r->total_ns, r->max_ns);
			tot->stalls += r->count;
			tot->by_kind[r->key.kind] += r->count;
			tot->total_ns += r->total_ns;
		}
	}
	jw__init(&w, f);
	jw__obj_begin(&w);
	jw__kv_str(&w, "type", "interval");
	jw__kv_f64(&w, "t", iv->t, 3);
	jw__kv_f64(&w, "len_s", iv->len_s, 3);
	jw__kv_bool(&w, "pre", iv->pre);
	jw__kv_u64(&w, "rows", (uint64_t)n);
	jw__kv_u64(&w, "stalls", stalls);
	jw__kv_u64(&w, "total_ns", total);
	jw__kv_u64(&w, "max_ns", max);
	jw__obj_end(&w);
	for (i = 0; i < n && (uint32_t)i < iv->top; i++)
		row(&w, ctx, hist__row(h, i), iv->t);
	return max;
}

static void totals(struct json_writer *w, const char *by, struct rank *r)
{
	int i;

	rank__sort(r);
	for (i = 0; i < r->n; i++) {
		jw__obj_begin(w);
		jw__kv_str(w, "type", "top");
		jw__kv_str(w, "by", by);
		jw__kv_str(w, "name", r->e[i].name);
		jw__kv_u64(w, "stalls", r->e[i].count);
		jw__kv_u64(w, "total_ns", r->e[i].total_ns);
		jw__kv_u64(w, "max_ns", r->e[i].max_ns);
		jw__obj_end(w);
	}
}

void recout__totals(FILE *f, struct recout_totals *tot)
{
	struct json_writer w;

	jw__init(&w, f);
	totals(&w, "comm", &tot->by_comm);
	totals(&w, "cgroup", &tot->by_cgroup);
}
