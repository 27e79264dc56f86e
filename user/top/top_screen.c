// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "top/top_screen.h"
#include "base/util.h"

struct top_screen {
	int rows, cols, used;
	char *text; /* rows x (cols + 1), each line NUL-terminated */
	unsigned char *attr; /* rows x cols */
};

static int alloc_cells(struct top_screen *s, int rows, int cols)
{
	char *text;
	unsigned char *attr;

	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	text = malloc((size_t)rows * (cols + 1));
	attr = malloc((size_t)rows * cols);
	if (!text || !attr) {
		free(text);
		free(attr);
		return -ENOMEM;
	}
	free(s->text);
	free(s->attr);
	s->text = text;
	s->attr = attr;
	s->rows = rows;
	s->cols = cols;
	top_screen__clear(s);
	return 0;
}

struct top_screen *top_screen__new(int rows, int cols)
{
	struct top_screen *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	if (alloc_cells(s, rows, cols)) {
		free(s);
		return NULL;
	}
	return s;
}

void top_screen__free(struct top_screen *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->attr);
	free(s);
}

int top_screen__resize(struct top_screen *s, int rows, int cols)
{
	return alloc_cells(s, rows, cols);
}

void top_screen__clear(struct top_screen *s)
{
	int r;

	for (r = 0; r < s->rows; r++) {
		memset(s->text + (size_t)r * (s->cols + 1), ' ', s->cols);
		s->text[(size_t)r * (s->cols + 1) + s->cols] = '\0';
	}
	memset(s->attr, TA_NORMAL, (size_t)s->rows * s->cols);
	s->used = 0;
}

int top_screen__rows(const struct top_screen *s)
{
	return s->rows;
}

int top_screen__cols(const struct top_screen *s)
{
	return s->cols;
}

const char *top_screen__line(const struct top_screen *s, int row)
{
	if (row < 0 || row >= s->rows)
		return NULL;
	return s->text + (size_t)row * (s->cols + 1);
}

const unsigned char *top_screen__attrs(const struct top_screen *s, int row)
{
	if (row < 0 || row >= s->rows)
		return NULL;
	return s->attr + (size_t)row * s->cols;
}

int top_screen__used(const struct top_screen *s)
{
	return s->used;
}

int top_screen__puts(struct top_screen *s, int row, int col, enum top_attr a, const char *text)
{
	char *line;

	if (row < 0 || row >= s->rows || col < 0)
		return col;
	line = s->text + (size_t)row * (s->cols + 1);
	for (; *text && col < s->cols; text++, col++) {
		line[col] = util__printable(*text);
		s->attr[(size_t)row * s->cols + col] = (unsigned char)a;
	}
	if (row + 1 > s->used)
		s->used = row + 1;
	return col;
}

static int putf(struct top_screen *s, int row, int col, enum top_attr a, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int putf(struct top_screen *s, int row, int col, enum top_attr a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return top_screen__puts(s, row, col, a, buf);
}

/* A cell of |width| characters (negative: left-aligned), then one blank. */
static int cell(struct top_screen *s, int row, int col, int width, enum top_attr a,
		const char *text)
{
	int w = width < 0 ? -width : width;
	char buf[160];

	snprintf(buf, sizeof(buf), width < 0 ? "%-*.*s " : "%*.*s ", w, w, text);
	return top_screen__puts(s, row, col, a, buf);
}

static const char *fnum(char *buf, size_t len, double v, int prec)
{
	if (v >= 1e7)
		snprintf(buf, len, "%.0fM", v / 1e6);
	else if (v >= 1e5)
		snprintf(buf, len, "%.0fk", v / 1e3);
	else
		snprintf(buf, len, "%.*f", prec, v);
	return buf;
}

/* ---- header ---- */

static int mark_pos(int64_t v, int barw, int64_t scale)
{
	int64_t p = v > 0 ? v * barw / scale : 0;

	return p < barw ? (int)p : barw - 1;
}

static int header_zone(struct top_screen *s, int row, const struct pf_zone *z)
{
	int barw = s->cols >= 100 ? 32 : s->cols >= 70 ? 20 : 0, i, col;
	int64_t scale = z->high > 0 ? 2 * z->high : z->free > 0 ? z->free : 1;
	enum top_attr a = TA_NORMAL;
	const char *state = "ok";
	char bar[40];

	if (z->free < z->min) {
		state = "BELOW MIN";
		a = TA_ALARM;
	} else if (z->free < z->low) {
		state = "below low";
		a = TA_WARN;
	} else if (z->free < z->high) {
		state = "below high";
	}
	col = putf(s, row, 0, TA_NORMAL, "N%d %-7.7s ", z->node, z->name);
	if (barw) {
		for (i = 0; i < barw; i++) {
			int64_t at = scale * (i + 1) / barw;

			bar[i] = z->free >= at ? '#' : '.';
		}
		if (z->free > scale)
			bar[barw - 1] = '+';
		bar[barw] = '\0';
		/* the watermarks as letters at their place on the bar */
		if (z->high > 0) {
			bar[mark_pos(z->min, barw, scale)] = 'm';
			bar[mark_pos(z->low, barw, scale)] = 'l';
			bar[mark_pos(z->high, barw, scale)] = 'h';
		}
		col = top_screen__puts(s, row, col, a, "[");
		col = top_screen__puts(s, row, col, a, bar);
		col = top_screen__puts(s, row, col, a, "] ");
	}
	col = putf(s, row, col, TA_NORMAL, "free %lld min %lld low %lld high %lld ",
		   (long long)z->free, (long long)z->min, (long long)z->low, (long long)z->high);
	if (z->boost > 0)
		col = putf(s, row, col, TA_NORMAL, "boost %lld ", (long long)z->boost);
	top_screen__puts(s, row, col, a, state);
	return row + 1;
}

static int header(struct top_screen *s, const struct top_model *m, const struct top_view *v)
{
	const struct top_rates *r = top_model__rates(m);
	const struct top_sys *sys = top_model__sys(m);
	char when[16] = "--:--:--", b[7][24];
	time_t now = time(NULL);
	struct tm tm;
	int row = 0, col, i;

	if (localtime_r(&now, &tm))
		strftime(when, sizeof(when), "%H:%M:%S", &tm);
	col = putf(s, row, 0, TA_BOLD, "reclaimtop %s", when);
	col = putf(s, row, col, TA_NORMAL, "  view %s  sort %s%s", top_view__name(v->kind),
		   top_sort__name(v->sort), v->reverse ? " (reversed)" : "");
	if (v->filter[0] || v->editing)
		col = putf(s, row, col, TA_NORMAL, "  filter '%s%s'", v->filter,
			   v->editing ? "_" : "");
	if (v->paused)
		col = top_screen__puts(s, row, col, TA_WARN, "  PAUSED");
	top_screen__puts(s, row, col, TA_NORMAL, "  ? help");
	row++;
	if (r && sys && sys->vmstat_ok)
		putf(s, row, 0, TA_NORMAL,
		     "vmstat/s allocstall %s pgscan_direct %s pgscan_kswapd %s pgsteal %s "
		     "compact_stall %s compact_fail %s oom_kill %llu",
		     fnum(b[0], 24, r->allocstall, 0), fnum(b[1], 24, r->pgscan_direct, 0),
		     fnum(b[2], 24, r->pgscan_kswapd, 0), fnum(b[3], 24, r->pgsteal, 0),
		     fnum(b[4], 24, r->compact_stall, 0), fnum(b[5], 24, r->compact_fail, 0),
		     (unsigned long long)r->oom_kill);
	else
		top_screen__puts(s, row, 0, TA_NORMAL,
				 sys && !sys->vmstat_ok ? "vmstat/s n/a (/proc/vmstat unreadable)"
							: "vmstat/s (after the first interval)");
	row++;
	if (sys && sys->psi_ok)
		putf(s, row, 0, TA_NORMAL, "PSI memory avg10 some %.2f%% full %.2f%%",
		     sys->psi.some_avg10, sys->psi.full_avg10);
	else
		top_screen__puts(s, row, 0, TA_NORMAL, "PSI memory n/a (no /proc/pressure/memory)");
	row++;
	if (r && r->have_cost)
		putf(s, row, 0, TA_NORMAL,
		     "tracer %d BPF progs %s runs/s %.0f ns/run %.3f%% CPU, %llu drops; "
		     "top %.1f%% CPU",
		     sys->nprogs, fnum(b[6], 24, r->events_s, 0), r->ns_event, r->cpu_pct,
		     (unsigned long long)r->drops, r->self_cpu_pct);
	else
		putf(s, row, 0, TA_NORMAL,
		     "tracer cost n/a (kernel.bpf_stats_enabled=%d; --bpf-stats), %llu drops; "
		     "top %.1f%% CPU",
		     sys && sys->bpf_stats, (unsigned long long)(r ? r->drops : 0),
		     r ? r->self_cpu_pct : 0.0);
	row++;
	if (sys && sys->kt.n) {
		col = top_screen__puts(s, row, 0, TA_NORMAL, "daemons");
		for (i = 0; i < sys->kt.n; i++)
			col = putf(s, row, col, TA_NORMAL, " %s %.1f%%", sys->kt.t[i].comm,
				   r ? r->kt_cpu_pct[i] : 0.0);
		top_screen__puts(s, row++, col, TA_NORMAL, " CPU");
	}
	for (i = 0; sys && i < sys->zi.n && row < s->rows; i++)
		if (sys->zi.z[i].managed > 0)
			row = header_zone(s, row, &sys->zi.z[i]);
	return row;
}

/* ---- tables ---- */

struct top_col {
	const char *hdr;
	int width;
	int sort; /* enum top_sort, -1: not sortable */
};

static const struct top_col proc_cols[] = {
	{ "PID", 7, TS_PID },	       { "COMM", -15, TS_NAME }, { "STALLS/s", 9, TS_RATE },
	{ "MS/s", 8, TS_MS },	       { "MEAN", 7, TS_MEAN },	 { "P99", 7, TS_P99 },
	{ "MAX", 7, TS_MAX },	       { "RCL%", 4, -1 },	 { "CMP%", 4, -1 },
	{ "RCLM/s", 8, TS_RECLAIMED }, { "ORD", 3, -1 },	 { "GFP", -6, -1 },
	{ "CGROUP", -40, -1 },
};

static const struct top_col cg_cols[] = {
	{ "CGROUP", -28, TS_NAME }, { "CTR/POD", -16, -1 },	   { "PROCS", 5, -1 },
	{ "STALLS/s", 9, TS_RATE }, { "MS/s", 8, TS_MS },	   { "MEAN", 7, TS_MEAN },
	{ "P99", 7, TS_P99 },	    { "MAX", 7, TS_MAX },	   { "RCL%", 4, -1 },
	{ "CMP%", 4, -1 },	    { "RCLM/s", 8, TS_RECLAIMED }, { "ORD", 3, -1 },
	{ "GFP", -6, -1 },	    { "MEM(M)", 7, -1 },	   { "HIGH(M)", 7, -1 },
	{ "MAX(M)", 7, -1 },	    { "HIGH/s", 7, -1 },	   { "OOMK/s", 6, -1 },
};

static const char *fpct(char *buf, size_t len, double pct);

/* The memory state columns of the cgroups view (after GFP). */
static int mem_cells(char (*v)[48], const struct top_cgx *x)
{
	const struct cg_mem *m = &x->mem;
	int k = 0;

	top_cgx__mib(v[k++], sizeof(v[0]), x->have_mem, m->current);
	top_cgx__mib(v[k++], sizeof(v[0]), x->have_mem && m->have_high, m->high);
	top_cgx__mib(v[k++], sizeof(v[0]), x->have_mem && m->have_max, m->max);
	fpct(v[k++], sizeof(v[0]), x->ev_rate[CGM_HIGH]);
	fpct(v[k++], sizeof(v[0]), x->ev_rate[CGM_OOM_KILL]);
	return k;
}

static void table_header(struct top_screen *s, int row, const struct top_col *c, int n,
			 const struct top_view *v)
{
	char buf[64];
	int i, col = 0;

	top_screen__puts(s, row, 0, TA_HEAD, ""); /* marks the row used */
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s%s", c[i].sort == (int)v->sort ? "*" : "", c[i].hdr);
		col = cell(s, row, col, c[i].width, TA_HEAD, buf);
	}
	for (; col < s->cols; col++)
		top_screen__puts(s, row, col, TA_HEAD, " ");
}

static void table_row(struct top_screen *s, int row, const struct top_row *r, bool cg)
{
	const struct top_col *c = cg ? cg_cols : proc_cols;
	char v[20][48];
	int i, col = 0, n = cg ? ARRAY_SIZE(cg_cols) : ARRAY_SIZE(proc_cols), k = 0;

	if (cg) {
		util__strlcpy(v[k++], r->cgroup, sizeof(v[0]));
		util__strlcpy(v[k++], r->x.label[0] ? r->x.label : "-", sizeof(v[0]));
		snprintf(v[k++], sizeof(v[0]), "%u", r->nprocs);
	} else {
		snprintf(v[k++], sizeof(v[0]), "%u", r->tgid);
		util__strlcpy(v[k++], r->comm, sizeof(v[0]));
	}
	fnum(v[k++], sizeof(v[0]), r->rate, 1);
	fnum(v[k++], sizeof(v[0]), r->ms_s, 2);
	snprintf(v[k++], sizeof(v[0]), "%.3f", r->mean_ms);
	snprintf(v[k++], sizeof(v[0]), "%.3f", r->p99_ms);
	snprintf(v[k++], sizeof(v[0]), "%.3f", r->max_ms);
	snprintf(v[k++], sizeof(v[0]), "%.0f", r->reclaim_pct);
	snprintf(v[k++], sizeof(v[0]), "%.0f", r->total_ns ? 100 - r->reclaim_pct : 0.0);
	fnum(v[k++], sizeof(v[0]), r->reclaimed_s, 0);
	if (r->dom_order < 0)
		util__strlcpy(v[k++], "-", sizeof(v[0]));
	else
		snprintf(v[k++], sizeof(v[0]), "%d", r->dom_order);
	util__strlcpy(v[k++], r->dom_gfp, sizeof(v[0]));
	if (!cg)
		util__strlcpy(v[k++], r->cgroup, sizeof(v[0]));
	else
		k += mem_cells(&v[k], &r->x);
	for (i = 0; i < n && i < k; i++)
		col = cell(s, row, col, c[i].width, TA_NORMAL, v[i]);
}

/* A percentage, "-" when there was nothing to share. */
static const char *fpct(char *buf, size_t len, double pct)
{
	if (pct < 0)
		util__strlcpy(buf, "-", len);
	else
		snprintf(buf, len, "%.0f", pct);
	return buf;
}

/* kswapd's passes under the stalls, with their own header: background
 * reclaim, not stalls (top_model__stalls leaves them out). */
static int kswapd_table(struct top_screen *s, int row, const struct top_model *m)
{
	static const struct top_col cols[] = {
		{ "PID", 7, -1 },
		{ "KSWAPD", -15, -1 },
		{ "PASSES/s", 9, -1 },
		{ "MS/s", 8, -1 },
		{ "MEAN", 7, -1 },
		{ "P99", 7, -1 },
		{ "MAX", 7, -1 },
		{ "SCAN/s", 8, -1 },
		{ "RCLM/s", 8, -1 },
		{ "EFF%", 4, -1 },
		{ "background reclaim passes, not stalls", -40, -1 },
	};
	struct top_view none;
	char v[10][48];
	int i, j, col, n = top_model__nkswapd(m);

	if (!n || row + 1 >= s->rows)
		return row;
	top_view__init(&none);
	none.sort = TS_MAXKEY; /* no column marked */
	table_header(s, ++row, cols, ARRAY_SIZE(cols), &none);
	row++;
	for (i = 0; i < n && row < s->rows; i++, row++) {
		const struct top_row *r = top_model__kswapd(m, i);

		snprintf(v[0], sizeof(v[0]), "%u", r->tgid);
		util__strlcpy(v[1], r->comm, sizeof(v[0]));
		fnum(v[2], sizeof(v[0]), r->rate, 1);
		fnum(v[3], sizeof(v[0]), r->ms_s, 2);
		snprintf(v[4], sizeof(v[0]), "%.3f", r->mean_ms);
		snprintf(v[5], sizeof(v[0]), "%.3f", r->p99_ms);
		snprintf(v[6], sizeof(v[0]), "%.3f", r->max_ms);
		fnum(v[7], sizeof(v[0]), r->scanned_s, 0);
		fnum(v[8], sizeof(v[0]), r->reclaimed_s, 0);
		fpct(v[9], sizeof(v[0]), r->eff_pct);
		for (col = 0, j = 0; j < (int)ARRAY_SIZE(v); j++)
			col = cell(s, row, col, cols[j].width, TA_NORMAL, v[j]);
	}
	return row;
}

static int stall_table(struct top_screen *s, int row, const struct top_model *m,
		       const struct top_view *v)
{
	bool cg = v->kind == TV_CGROUP;
	int i, n = top_model__nsel(m);

	if (!top_model__stalls(m)) {
		putf(s, row++, 0, TA_BOLD, "no memory stalls in the last %.0f s",
		     top_model__idle_s(m));
	} else if (!n) {
		putf(s, row++, 0, TA_BOLD, "no %s match the filter '%s' (Esc clears it)",
		     top_view__name(v->kind), v->filter);
	} else {
		table_header(s, row++, cg ? cg_cols : proc_cols,
			     cg ? (int)ARRAY_SIZE(cg_cols) : (int)ARRAY_SIZE(proc_cols), v);
		for (i = 0; i < n && row < s->rows; i++)
			table_row(s, row++, top_model__sel(m, i), cg);
	}
	return cg ? row : kswapd_table(s, row, m);
}

static int zone_table(struct top_screen *s, int row, const struct top_model *m)
{
	static const struct top_col cols[] = {
		{ "NODE", 4, -1 },  { "ZONE", -8, -1 },	    { "FREE", 10, -1 },
		{ "MIN", 9, -1 },   { "LOW", 9, -1 },	    { "HIGH", 9, -1 },
		{ "BOOST", 7, -1 }, { "FREE/HIGH", 9, -1 }, { "MANAGED", 10, -1 },
	};
	const struct top_sys *sys = top_model__sys(m);
	struct top_view none;
	char v[9][32];
	int i, j, col;

	top_view__init(&none);
	none.sort = TS_MAXKEY; /* no column marked */
	if (!sys || !sys->zi.n) {
		top_screen__puts(s, row, 0, TA_BOLD, "no zones: /proc/zoneinfo unreadable");
		return row + 1;
	}
	table_header(s, row++, cols, ARRAY_SIZE(cols), &none);
	for (i = 0; i < sys->zi.n && row < s->rows; i++) {
		const struct pf_zone *z = &sys->zi.z[i];
		enum top_attr a = z->managed <= 0    ? TA_NORMAL
				  : z->free < z->min ? TA_ALARM
				  : z->free < z->low ? TA_WARN
						     : TA_NORMAL;

		snprintf(v[0], 32, "%d", z->node);
		util__strlcpy(v[1], z->name, 32);
		snprintf(v[2], 32, "%lld", (long long)z->free);
		snprintf(v[3], 32, "%lld", (long long)z->min);
		snprintf(v[4], 32, "%lld", (long long)z->low);
		snprintf(v[5], 32, "%lld", (long long)z->high);
		snprintf(v[6], 32, "%lld", (long long)(z->boost < 0 ? 0 : z->boost));
		if (z->high > 0)
			snprintf(v[7], 32, "%.2f", (double)z->free / (double)z->high);
		else
			util__strlcpy(v[7], "-", 32);
		snprintf(v[8], 32, "%lld", (long long)z->managed);
		for (col = 0, j = 0; j < (int)ARRAY_SIZE(cols); j++)
			col = cell(s, row, col, cols[j].width, a, v[j]);
		row++;
	}
	return row;
}

/* Per node, the inactive lists over the last tick: how much reclaim got
 * back of what it scanned, how much of it was anon (swap), kswapd's part. */
static int node_table(struct top_screen *s, int row, const struct top_model *m)
{
	static const struct top_col cols[] = {
		{ "NODE", 4, -1 },
		{ "SCAN/s", 9, -1 },
		{ "RCLM/s", 9, -1 },
		{ "EFF%", 5, -1 },
		{ "ANON%", 5, -1 },
		{ "KSWAPD%", 7, -1 },
		{ "inactive LRU lists, every reclaimer", -40, -1 },
	};
	struct top_view none;
	char v[6][32];
	int i, j, col, n = top_model__nnodes(m);

	if (row + 1 >= s->rows)
		return row;
	row++;
	if (n < 0) {
		top_screen__puts(s, row, 0, TA_NORMAL, "node scan counts n/a");
		return row + 1;
	}
	top_view__init(&none);
	none.sort = TS_MAXKEY;
	table_header(s, row++, cols, ARRAY_SIZE(cols), &none);
	for (i = 0; i < n && row < s->rows; i++, row++) {
		const struct top_node *d = top_model__node(m, i);

		snprintf(v[0], 32, "%d", d->node);
		fnum(v[1], 32, d->scanned_s, 0);
		fnum(v[2], 32, d->reclaimed_s, 0);
		fpct(v[3], 32, d->eff_pct);
		fpct(v[4], 32, d->anon_pct);
		fpct(v[5], 32, d->kswapd_pct);
		for (col = 0, j = 0; j < (int)ARRAY_SIZE(v); j++)
			col = cell(s, row, col, cols[j].width, TA_NORMAL, v[j]);
	}
	return row;
}

static int oom_table(struct top_screen *s, int row, const struct top_model *m)
{
	static const struct top_col cols[] = {
		{ "TIME", -8, -1 },	   { "KIND", -9, -1 },	  { "TRIGGER", -15, -1 },
		{ "PID", 7, -1 },	   { "VICTIM", -15, -1 }, { "VPID", 7, -1 },
		{ "CONSTRAINT", -12, -1 }, { "ANON(kB)", 9, -1 }, { "CGROUP", -30, -1 },
	};
	struct top_view none;
	char v[9][128];
	int i, j, col;

	top_view__init(&none);
	none.sort = TS_MAXKEY;
	if (!top_model__noom(m)) {
		top_screen__puts(s, row, 0, TA_BOLD, "no OOM kills since reclaimtop started");
		return row + 1;
	}
	table_header(s, row++, cols, ARRAY_SIZE(cols), &none);
	for (i = 0; i < top_model__noom(m) && row < s->rows; i++) {
		const struct top_oom *k = top_model__oom(m, i);

		util__strlcpy(v[0], k->time, sizeof(v[0]));
		util__strlcpy(v[1], k->kind, sizeof(v[0]));
		util__strlcpy(v[2], k->trigger, sizeof(v[0]));
		snprintf(v[3], sizeof(v[0]), "%u", k->tpid);
		util__strlcpy(v[4], k->victim, sizeof(v[0]));
		snprintf(v[5], sizeof(v[0]), "%u", k->vpid);
		util__strlcpy(v[6], k->constraint, sizeof(v[0]));
		snprintf(v[7], sizeof(v[0]), "%llu", (unsigned long long)k->anon_kb);
		util__strlcpy(v[8], k->cgroup, sizeof(v[0]));
		for (col = 0, j = 0; j < (int)ARRAY_SIZE(cols); j++)
			col = cell(s, row, col, cols[j].width, TA_NORMAL, v[j]);
		row++;
	}
	return row;
}

static const char *const help_lines[] = {
	"memstall top (reclaimtop): who is stalled in the memory allocator, and why",
	"",
	"  p        processes view (default)     c   cgroups view",
	"  z        nodes/zones view             o   recent OOM kills",
	"  < >      sort by the previous/next column (marked *)",
	"  r        reverse the sort order",
	"  /        filter: comm, pid or cgroup (Enter ends, Esc clears)",
	"  space    pause/resume updates         q   quit",
	"  ?        this help (any key returns)",
	"",
	"Columns: STALLS/s and MS/s (stall time per second of wall time) over the",
	"last interval; MEAN, P99, MAX in ms; RCL%/CMP% reclaim vs compaction share",
	"of stall time; RCLM/s pages reclaimed; ORD the dominant allocation order;",
	"GFP the dominant gfp class (thp user kernel nofs noio atomic other).",
	"KSWAPD rows (under the stalls): kswapd's shrink_node passes, background",
	"reclaim, not stalls; EFF% pages reclaimed of those scanned.",
	"Zone bars: # free pages up to 2 x high; m l h the min/low/high watermarks.",
	"Nodes (z): inactive-list pages scanned/reclaimed per second, EFF% reclaimed",
	"of scanned, ANON% anon of scanned (swap), KSWAPD% kswapd's part; - if none.",
};

int top_screen__rows_needed(const struct top_model *m, const struct top_view *v)
{
	const struct top_sys *sys = top_model__sys(m);
	int n = 9 + (sys ? 2 * sys->zi.n : 0);

	if (v->help)
		return n + (int)ARRAY_SIZE(help_lines);
	if (v->kind == TV_OOM)
		return n + top_model__noom(m);
	if (v->kind == TV_ZONE)
		return n + 3 + (top_model__nnodes(m) > 0 ? top_model__nnodes(m) : 0);
	return n + top_model__nsel(m) + 2 + top_model__nkswapd(m);
}

void top_screen__render(struct top_screen *s, const struct top_model *m, const struct top_view *v)
{
	int row, i;

	top_screen__clear(s);
	row = header(s, m, v) + 1;
	if (v->help) {
		for (i = 0; i < (int)ARRAY_SIZE(help_lines) && row < s->rows; i++)
			top_screen__puts(s, row++, 0, i ? TA_NORMAL : TA_BOLD, help_lines[i]);
		return;
	}
	switch (v->kind) {
	case TV_ZONE:
		node_table(s, zone_table(s, row, m), m);
		break;
	case TV_OOM:
		oom_table(s, row, m);
		break;
	default:
		stall_table(s, row, m, v);
		break;
	}
}

void top_screen__print(const struct top_screen *s, FILE *f)
{
	int r, n;

	for (r = 0; r < s->used; r++) {
		const char *l = top_screen__line(s, r);

		for (n = s->cols; n > 0 && l[n - 1] == ' ';)
			n--;
		fprintf(f, "%.*s\n", n, l);
	}
}
