// SPDX-License-Identifier: GPL-2.0
/* memstall report: the sections rendered from JSON lines as they are (OOM
 * stories, findings, cross-check, /proc, manifest). */
#include <string.h>
#include "report/report_int.h"
#include "report/svg.h"

#define VALUE_DEPTH 4

static void scalar(FILE *f, const struct jv *v)
{
	switch (v->type) {
	case J_NULL:
		fputs("<span class=\"none\">-</span>", f);
		break;
	case J_BOOL:
		fputs(v->num ? "yes" : "no", f);
		break;
	case J_NUM:
		fprintf(f, "%.15g", v->num);
		break;
	case J_STR:
		html__esc(f, v->str);
		break;
	default:
		break;
	}
}

void rep__value(FILE *f, const struct jv *v, int depth)
{
	const struct jv *c;

	if (!v)
		return;
	if (v->type != J_OBJ && v->type != J_ARR) {
		scalar(f, v);
		return;
	}
	if (depth >= VALUE_DEPTH) {
		fputs("...", f);
		return;
	}
	if (v->type == J_ARR) {
		for (c = v->child; c; c = c->next) {
			rep__value(f, c, depth + 1);
			if (c->next)
				fputs(c->type == J_OBJ ? "" : ", ", f);
		}
		return;
	}
	fputs("<table class=\"kv\">", f);
	for (c = v->child; c; c = c->next) {
		fputs("<tr><th>", f);
		html__esc(f, c->key);
		fputs("</th><td>", f);
		rep__value(f, c, depth + 1);
		fputs("</td></tr>", f);
	}
	fputs("</table>\n", f);
}

struct out {
	FILE *f;
	int n;
	const char *type;
};

static void kill(struct rep *r, const struct jv *v, void *ctx)
{
	const struct jv *vic = jv__get(v, "victim");
	struct out *o = ctx;

	(void)r;
	if (strcmp(jv__gets(v, "type", ""), "oom_kill") &&
	    strcmp(jv__gets(v, "type", ""), "oom_group_kill"))
		return;
	o->n++;
	fputs("<h3>OOM kill at ", o->f);
	html__esc(o->f, jv__gets(v, "timestamp", "?"));
	fputs(": ", o->f);
	html__esc(o->f, jv__gets(vic, "comm", "?"));
	fprintf(o->f, " (pid %.0f) killed, constraint ", jv__getn(vic, "pid", 0));
	html__esc(o->f, jv__gets(v, "constraint", "?"));
	fputs("</h3>\n<details open><summary>the story</summary>\n", o->f);
	rep__value(o->f, v, 0);
	fputs("</details>\n", o->f);
}

void rep__sec_oom(struct rep *r, FILE *f)
{
	struct out o = { f, 0, NULL };

	rep__lines(r, "oom.jsonl", kill, &o);
	if (!o.n)
		fputs("<p class=\"none\">No OOM kill during the recording.</p>\n", f);
}

static void finding(struct rep *r, const struct jv *v, void *ctx)
{
	static const char *const keys[] = { "evidence", "why", "change", "knob" };
	const char *sev = jv__gets(v, "severity", "info");
	struct out *o = ctx;
	size_t i;

	(void)r;
	if (strcmp(jv__gets(v, "type", ""), "finding"))
		return;
	o->n++;
	fprintf(o->f, "<div class=\"finding\"><p><span class=\"sev-%s\">",
		!strcmp(sev, "critical")  ? "critical"
		: !strcmp(sev, "warning") ? "warning"
					  : "info");
	html__esc(o->f, sev);
	fputs("</span> ", o->f);
	html__esc(o->f, jv__gets(v, "subject", ""));
	fputs("</p><table class=\"kv\">", o->f);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!jv__gets(v, keys[i], NULL))
			continue;
		fprintf(o->f, "<tr><th>%s</th><td>", keys[i]);
		html__esc(o->f, jv__gets(v, keys[i], ""));
		fputs("</td></tr>", o->f);
	}
	fputs("</table></div>\n", o->f);
}

void rep__sec_findings(struct rep *r, FILE *f)
{
	struct out o = { f, 0, NULL };

	if (rep__lines(r, "findings.jsonl", finding, &o) < 0)
		fputs("<p class=\"none\">No findings file in the bundle.</p>\n", f);
	else if (!o.n)
		fputs("<p>doctor found nothing to report.</p>\n", f);
}

/* Rows of one type as a table, the columns from the first row. */
static void table_row(struct rep *r, const struct jv *v, void *ctx)
{
	const struct jv *c;
	struct out *o = ctx;

	(void)r;
	if (o->type && strcmp(jv__gets(v, "type", ""), o->type))
		return;
	if (!o->n++) {
		fputs("<table><tr>", o->f);
		for (c = v->child; c; c = c->next)
			if (strcmp(c->key, "type")) {
				fputs("<th>", o->f);
				html__esc(o->f, c->key);
				fputs("</th>", o->f);
			}
		fputs("</tr>\n", o->f);
	}
	fputs("<tr>", o->f);
	for (c = v->child; c; c = c->next)
		if (strcmp(c->key, "type")) {
			fputs("<td>", o->f);
			rep__value(o->f, c, 2);
			fputs("</td>", o->f);
		}
	fputs("</tr>\n", o->f);
}

void rep__sec_xcheck(struct rep *r, FILE *f)
{
	struct out o = { f, 0, NULL };

	fputs("<p>The stalls traced against the kernel's own counters over the capture.</p>\n", f);
	rep__lines(r, "xcheck.jsonl", table_row, &o);
	fputs(o.n ? "</table>\n" : "<p class=\"none\">No cross-check.</p>\n", f);
}

static void proc(struct rep *r, const struct jv *v, void *ctx)
{
	struct out *o = ctx;

	(void)r;
	if (strcmp(jv__gets(v, "type", ""), "proc"))
		return;
	o->n++;
	fputs("<details><summary>", o->f);
	html__esc(o->f, jv__gets(v, "phase", "?"));
	fputs(": ", o->f);
	html__esc(o->f, jv__gets(v, "path", "?"));
	fputs("</summary><pre>", o->f);
	html__esc(o->f, jv__gets(v, "text", ""));
	fputs("</pre></details>\n", o->f);
}

void rep__sec_proc(struct rep *r, FILE *f)
{
	struct out o = { f, 0, NULL };

	rep__lines(r, "proc-before.jsonl", proc, &o);
	rep__lines(r, "proc-after.jsonl", proc, &o);
	if (!o.n)
		fputs("<p class=\"none\">No /proc snapshot.</p>\n", f);
}

void rep__sec_manifest(struct rep *r, FILE *f)
{
	rep__value(f, r->manifest, 0);
}
