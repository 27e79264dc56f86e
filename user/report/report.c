// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "report/report.h"
#include "report/report_int.h"
#include "report/svg.h"
#include "base/util.h"

int rep__lines(struct rep *r, const char *file, rep_line_fn fn, void *ctx)
{
	const struct bundle_file *bf = bundle__find(&r->bf, file);
	const char *p, *e;
	int n = 0;

	if (!bf)
		return -ENOENT;
	for (p = bf->data; p < bf->data + bf->len; p = e + 1) {
		struct jv *v;

		e = memchr(p, '\n', (size_t)(bf->data + bf->len - p));
		if (!e)
			e = bf->data + bf->len;
		v = e > p ? jparse(p, (size_t)(e - p)) : NULL;
		if (v && v->type == J_OBJ) {
			fn(r, v, ctx);
			n++;
		}
		jv__free(v);
	}
	return n;
}

static void span(struct rep *r, const struct jv *v, void *ctx)
{
	double t = jv__getn(v, "t", -1), len = jv__getn(v, "len_s", 0);
	double *iv = ctx;

	if (strcmp(jv__gets(v, "type", ""), "interval") || t < 0)
		return;
	if (r->hm.t0 == 0 || t < r->hm.t0)
		r->hm.t0 = t;
	if (t + len > r->hm.step) /* the last end, until heatmap__init */
		r->hm.step = t + len;
	if (len > *iv)
		*iv = len;
}

static struct rep_kind *kind(struct rep *r, const char *name)
{
	int i;

	for (i = 0; i < r->nkinds; i++)
		if (!strcmp(r->kinds[i].name, name))
			return &r->kinds[i];
	if (r->nkinds == REP_KINDS)
		return NULL;
	util__strlcpy(r->kinds[r->nkinds].name, name, sizeof(r->kinds[0].name));
	return &r->kinds[r->nkinds++];
}

static void add_row(struct rep *r, const struct jv *v, void *ctx)
{
	const struct jv *b = jv__get(v, "buckets"), *c;
	const char *k = jv__gets(v, "kind", "?");
	double t = jv__getn(v, "t", 0);
	struct rep_kind *rk;
	char name[96];

	(void)ctx;
	if (strcmp(jv__gets(v, "type", ""), "hist") || !strcmp(k, "kswapd"))
		return;
	rk = t >= r->start ? kind(r, k) : NULL;
	for (c = b && b->type == J_ARR ? b->child : NULL; c; c = c->next) {
		double lo = c->child ? jv__num(c->child, -1) : -1;
		double n = c->child && c->child->next ? jv__num(c->child->next, 0) : 0;

		if (lo < 0 || !(n > 0) || n > 1e15)
			continue;
		heatmap__add(&r->hm, t, (uint64_t)lo, (uint64_t)n);
		if (rk)
			rk->rows[heatmap__row((uint64_t)lo)] += (uint64_t)n;
	}
	if (!rk)
		return;
	rk->count += (uint64_t)jv__getn(v, "count", 0);
	rk->total_ns += (uint64_t)jv__getn(v, "total_ns", 0);
	if (!strcmp(k, "compact")) {
		snprintf(name, sizeof(name), "zone %s, order %d", jv__gets(v, "zone", "?"),
			 (int)jv__getn(v, "order", -1));
		rank__add(&r->compact, name, (uint64_t)jv__getn(v, "count", 0),
			  (uint64_t)jv__getn(v, "total_ns", 0), (uint64_t)jv__getn(v, "max_ns", 0));
	}
}

static void add_top(struct rep *r, const struct jv *v, void *ctx)
{
	const char *by = jv__gets(v, "by", "");
	struct rank *rk = !strcmp(by, "comm")	  ? &r->by_comm
			  : !strcmp(by, "cgroup") ? &r->by_cgroup
						  : NULL;

	(void)ctx;
	if (!rk || strcmp(jv__gets(v, "type", ""), "top"))
		return;
	rank__add(rk, jv__gets(v, "name", "?"), (uint64_t)jv__getn(v, "stalls", 0),
		  (uint64_t)jv__getn(v, "total_ns", 0), (uint64_t)jv__getn(v, "max_ns", 0));
	if (rk == &r->by_comm) {
		r->stalls += (uint64_t)jv__getn(v, "stalls", 0);
		r->stall_ns += (uint64_t)jv__getn(v, "total_ns", 0);
	}
}

static int load(struct rep *r, const char *path, struct ms_diag *d)
{
	const struct bundle_file *m;
	double iv = 0, t1;
	int err = bundle__load(path, &r->bf, d);

	if (err)
		return err;
	m = bundle__find(&r->bf, "manifest.json");
	r->manifest = jparse(m->data, m->len);
	if (!r->manifest || r->manifest->type != J_OBJ ||
	    strcmp(jv__gets(r->manifest, "format", ""), "memstall-bundle/1"))
		return diag__fail(d, -EBADMSG, MS_EXIT_INPUT,
				  "%s: manifest.json is not a memstall-bundle/1 manifest", path);
	r->start = jv__getn(r->manifest, "start", 0);
	r->end = jv__getn(r->manifest, "end", 0);
	r->trigger = jv__getn(jv__get(r->manifest, "trigger"), "fired", -1);
	rep__lines(r, "hist.jsonl", span, &iv);
	t1 = r->hm.step > r->hm.t0 ? r->hm.step : r->end;
	heatmap__init(&r->hm, r->hm.t0 ? r->hm.t0 : r->start, t1,
		      jv__getn(r->manifest, "interval_s", iv > 0 ? iv : 1));
	rep__lines(r, "hist.jsonl", add_row, NULL);
	rep__lines(r, "top.jsonl", add_top, NULL);
	rank__sort(&r->by_comm);
	rank__sort(&r->by_cgroup);
	rank__sort(&r->compact);
	return 0;
}

/* Unix seconds as "2026-12-03 16:30:11 UTC" */
static void fmt_time(double t, char *buf, size_t len)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (!(t > 0 && t < 1e11) || !gmtime_r(&s, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "?");
}

static void sec_summary(struct rep *r, FILE *f)
{
	const struct jv *m = r->manifest, *t = jv__get(m, "trigger");
	char a[32], when[64];

	svg__fmt_ns((double)r->stall_ns, a, sizeof(a));
	fmt_time(r->start, when, sizeof(when));
	fputs("<table class=\"kv\">\n<tr><th>host</th><td>", f);
	html__esc(f, jv__gets(m, "host", "?"));
	fputs(" (kernel ", f);
	html__esc(f, jv__gets(m, "kernel", "?"));
	fputs(")</td></tr>\n<tr><th>trigger</th><td>", f);
	html__esc(f, jv__gets(t, "when", "none"));
	if (jv__get(t, "why")) {
		fputs(": fired on ", f);
		html__esc(f, jv__gets(t, "why", ""));
	}
	fprintf(f, "</td></tr>\n<tr><th>recorded</th><td>%.1f s from %s", r->end - r->start, when);
	if (r->start - r->hm.t0 > 0.05)
		fprintf(f, ", with %.1f s before the trigger", r->start - r->hm.t0);
	fprintf(f,
		"</td></tr>\n<tr><th>stalls</th><td>%llu, %s in total</td></tr>\n"
		"<tr><th>OOM kills</th><td>%.0f</td></tr>\n</table>\n",
		(unsigned long long)r->stalls, a, jv__getn(m, "oom_kills", 0));
}

static void sec_heatmap(struct rep *r, FILE *f)
{
	char when[64];

	fmt_time(r->hm.t0, when, sizeof(when));
	fprintf(f,
		"<p>Every allocation stall by the interval it ended in (columns of %.3g s from "
		"%s) and how long it took (rows: powers of two); darker is more. The blue line "
		"is the trigger. Hover a cell for its count.</p>\n",
		r->hm.step, when);
	svg__heatmap(f, &r->hm, r->trigger);
}

static void sec_cgroups(struct rep *r, FILE *f)
{
	svg__bars(f, &r->by_cgroup, 20, "bars-cgroup");
}

static void sec_procs(struct rep *r, FILE *f)
{
	svg__bars(f, &r->by_comm, 20, "bars-comm");
}

static void sec_kinds(struct rep *r, FILE *f)
{
	char a[32];
	int i;

	if (!r->nkinds)
		fputs("<p class=\"none\">No stall.</p>\n", f);
	for (i = 0; i < r->nkinds; i++) {
		svg__fmt_ns((double)r->kinds[i].total_ns, a, sizeof(a));
		fputs("<h3>", f);
		html__esc(f, r->kinds[i].name);
		fprintf(f, ": %llu stalls, %s</h3>\n", (unsigned long long)r->kinds[i].count, a);
		svg__hist(f, r->kinds[i].rows, r->kinds[i].name);
	}
}

static void sec_compact(struct rep *r, FILE *f)
{
	svg__bars(f, &r->compact, 20, "bars-compact");
}

struct section {
	const char *id, *title;
	void (*render)(struct rep *r, FILE *f);
};

/* The page, in order. A section is a function of the loaded bundle. */
static const struct section sections[] = {
	{ "summary", "Summary", sec_summary },
	{ "heatmap", "Stall latency over time", sec_heatmap },
	{ "cgroups", "Stall time by cgroup", sec_cgroups },
	{ "processes", "Stall time by process", sec_procs },
	{ "kinds", "Latency by kind", sec_kinds },
	{ "stacks", "Flame graph", rep__sec_stacks },
	{ "oom", "OOM kills", rep__sec_oom },
	{ "compaction", "Compaction by zone and order", sec_compact },
	{ "findings", "Findings", rep__sec_findings },
	{ "crosscheck", "Cross-check", rep__sec_xcheck },
	{ "proc", "/proc before and after", rep__sec_proc },
	{ "manifest", "Manifest", rep__sec_manifest },
};

static const char style[] =
	"body{font:14px/1.4 sans-serif;margin:1.5em auto;max-width:1000px;color:#222}"
	"h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
	"table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:2px 6px;"
	"text-align:left;vertical-align:top}th{background:#f4f4f4}"
	".ax{font-size:10px;fill:#555}.lbl,.val{font-size:12px}.none{color:#777}"
	".sev-critical{color:#b2182b;font-weight:bold}.sev-warning{color:#d6604d}"
	"pre{background:#f7f7f7;padding:6px;overflow:auto;max-height:30em}nav a{margin-right:1em}";

static void page(struct rep *r, FILE *f)
{
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>memstall report: ",
	      f);
	html__esc(f, jv__gets(r->manifest, "host", "?"));
	fprintf(f, "</title>\n<style>%s</style></head><body>\n<h1>memstall report: ", style);
	html__esc(f, jv__gets(r->manifest, "host", "?"));
	fputs("</h1>\n<nav>", f);
	for (i = 0; i < ARRAY_SIZE(sections); i++)
		fprintf(f, "<a href=\"#%s\">%s</a>", sections[i].id, sections[i].title);
	fputs("</nav>\n", f);
	for (i = 0; i < ARRAY_SIZE(sections); i++) {
		fprintf(f, "<section id=\"%s\"><h2>%s</h2>\n", sections[i].id, sections[i].title);
		sections[i].render(r, f);
		fputs("</section>\n", f);
	}
	fputs("<footer><p>memstall ", f);
	html__esc(f, jv__gets(r->manifest, "memstall_version", "?"));
	fputs("</p></footer>\n</body></html>\n", f);
}

int report__html(const char *bundle, const char *html, struct ms_diag *d)
{
	struct rep *r = calloc(1, sizeof(*r));
	bool out = !strcmp(html, "-");
	FILE *f = NULL;
	int err;

	if (!r)
		return diag__fail(d, -ENOMEM, MS_EXIT_FAIL, "out of memory");
	err = load(r, bundle, d);
	if (!err && !(f = out ? stdout : fopen(html, "we")))
		err = diag__fail(d, -errno, MS_EXIT_FAIL, "--html %s: %s", html, strerror(errno));
	if (!err) {
		page(r, f);
		if (!out && fclose(f))
			err = diag__fail(d, -errno, MS_EXIT_FAIL, "--html %s: write failed: %s",
					 html, strerror(errno));
	}
	jv__free(r->manifest);
	bundle__files_free(&r->bf);
	free(r);
	return err;
}
