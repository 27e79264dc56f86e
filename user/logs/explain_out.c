// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: text (through the sink) and nested JSON. */
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "model/gfp.h"
#include "output/json.h"
#include "output/sink.h"
#include "base/util.h"

/* ---- text ---- */

enum {
	RH_TITLE,
	RH_TIME,
	RH_TASK,
	RH_REQUEST,
	RH_GFP,
	RH_TABLE,
	RH_MEMORY,
	RH_NODES,
	RH_OOM,
	RH_VICTIM,
	RH_N
};

static const struct ms_col report_cols[RH_N] = {
	[RH_TITLE] = { "title", "", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_TIME] = { "time", "time:    ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_TASK] = { "task", "task:    ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_REQUEST] = { "request", "request: ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_GFP] = { "gfp", "gfp:     ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_TABLE] = { "gfp_table", "decoded: ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_MEMORY] = { "memory", "memory:  ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_NODES] = { "nodes", "nodes:   ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_OOM] = { "oom", "oom:     ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[RH_VICTIM] = { "victim", "victim:  ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};
static const struct ms_schema report_schema = { "report", report_cols, RH_N };

enum { ZC_ZONE, ZC_FREE, ZC_MIN, ZC_LOW, ZC_HIGH, ZC_RESERVE, ZC_STATE, ZC_MAXORD, ZC_FRAG, ZC_N };

static const struct ms_col zone_cols[ZC_N] = {
	[ZC_ZONE] = { "zone", "ZONE", -14, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[ZC_FREE] = { "free_kb", "FREE(kB)", 10, MS_FT_STR, 0, 0 },
	[ZC_MIN] = { "min_kb", "MIN", 9, MS_FT_STR, 0, 0 },
	[ZC_LOW] = { "low_kb", "LOW", 9, MS_FT_STR, 0, 0 },
	[ZC_HIGH] = { "high_kb", "HIGH", 9, MS_FT_STR, 0, 0 },
	[ZC_RESERVE] = { "reserve_kb", "RESERVE", 9, MS_FT_STR, 0, 0 },
	[ZC_STATE] = { "state", "STATE", -9, MS_FT_STR, 0, 0 },
	[ZC_MAXORD] = { "largest_order", "MAXORD", 6, MS_FT_STR, 0, 0 },
	[ZC_FRAG] = { "frag", "FRAGMENTATION INDEX BY ORDER (0..)", 0, MS_FT_STR, 0,
		      MS_COL_NOTRUNC },
};
static const struct ms_schema zone_schema = { "zone", zone_cols, ZC_N };

enum { TK_PID, TK_UID, TK_RSS, TK_VM, TK_ADJ, TK_NAME, TK_N };

static const struct ms_col task_cols[TK_N] = {
	[TK_PID] = { "pid", "PID", 8, MS_FT_U64, 0, 0 },
	[TK_UID] = { "uid", "UID", 6, MS_FT_S64, 0, 0 },
	[TK_RSS] = { "rss_kb", "RSS(kB)", 11, MS_FT_S64, 0, 0 },
	[TK_VM] = { "total_vm_kb", "VM(kB)", 12, MS_FT_S64, 0, 0 },
	[TK_ADJ] = { "oom_score_adj", "ADJ", 6, MS_FT_S64, 0, 0 },
	[TK_NAME] = { "name", "NAME", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};
static const struct ms_schema task_schema = { "task", task_cols, TK_N };

static void num(char *buf, size_t len, int64_t v)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%lld", (long long)v);
}

static void zone_row(struct ms_sink *s, const struct ex_zone *z)
{
	char label[48], f[24], mn[24], lo[24], hi[24], rs[24], mo[24], frag[256];
	struct ms_val v[ZC_N] = {};
	size_t off = 0;
	int k;

	num(f, sizeof(f), z->free_kb >= 0 ? z->free_kb : z->buddy_kb);
	num(mn, sizeof(mn), z->min_kb);
	num(lo, sizeof(lo), z->low_kb);
	num(hi, sizeof(hi), z->high_kb);
	num(rs, sizeof(rs), z->reserve_kb);
	num(mo, sizeof(mo), z->has_buddy ? z->largest_order : -1);
	frag[0] = '\0';
	for (k = 0; z->has_buddy && k < z->norders && off < sizeof(frag); k++) {
		if (z->frag[k] == FRAG_SUCCEEDS)
			off += snprintf(frag + off, sizeof(frag) - off, "%s-1", k ? " " : "");
		else
			off += snprintf(frag + off, sizeof(frag) - off, "%s%d.%03d", k ? " " : "",
					z->frag[k] / 1000, z->frag[k] % 1000);
	}
	v[ZC_ZONE].s = ex__zone_label(z, label, sizeof(label));
	v[ZC_FREE].s = f;
	v[ZC_MIN].s = mn;
	v[ZC_LOW].s = lo;
	v[ZC_HIGH].s = hi;
	v[ZC_RESERVE].s = rs;
	v[ZC_STATE].s = !z->has_wmark ? "-" : z->below_min ? "<min" : z->below_low ? "<low" : "ok";
	v[ZC_MAXORD].s = mo;
	v[ZC_FRAG].s = z->has_buddy ? frag : "-";
	sink__row(s, &zone_schema, v);
}

static void task_row(struct ms_sink *s, const struct ex_report *r, const struct ex_task *t)
{
	struct ms_val v[TK_N] = {};

	v[TK_PID].u = (uint64_t)t->pid;
	v[TK_UID].i = t->uid;
	v[TK_RSS].i = t->rss_pages < 0 ? -1 : t->rss_pages * r->page_kb;
	v[TK_VM].i = t->total_vm_pages < 0 ? -1 : t->total_vm_pages * r->page_kb;
	v[TK_ADJ].i = t->oom_score_adj;
	v[TK_NAME].s = t->name;
	sink__row(s, &task_schema, v);
}

/* The oom: and victim: rows of a kernel OOM report. */
static void oom_rows(const struct ex_report *r, char *oom, size_t olen, char *victim, size_t vlen)
{
	char a[24], b[24], c[24];

	oom[0] = victim[0] = '\0';
	if (r->kind == EX_KIND_OOM) {
		snprintf(oom, olen, "constraint %s%s%s%s%s", r->constraint[0] ? r->constraint : "?",
			 r->oom_memcg[0] ? ", memcg " : "", r->oom_memcg,
			 r->memcg_limit_kb >= 0 ? ", usage/limit " : "",
			 r->memcg_limit_kb >= 0 ? ex__human_kb(r->memcg_usage_kb, a, sizeof(a))
						: "");
		if (r->memcg_limit_kb >= 0)
			snprintf(oom + strlen(oom), olen - strlen(oom), "/%s",
				 ex__human_kb(r->memcg_limit_kb, b, sizeof(b)));
		if (r->victim.pid >= 0)
			snprintf(victim, vlen,
				 "%s (pid %d), anon-rss %s, file-rss %s, shmem-rss %s%s",
				 r->victim.comm, r->victim.pid,
				 ex__human_kb(r->victim.anon_rss_kb, a, sizeof(a)),
				 ex__human_kb(r->victim.file_rss_kb, b, sizeof(b)),
				 ex__human_kb(r->victim.shmem_rss_kb, c, sizeof(c)),
				 r->victim.reaped ? ", reaped" : "");
		else if (r->no_killable)
			snprintf(victim, vlen, "none: no killable process");
	}
}

static void header(struct ms_sink *s, const struct ms_explain *e, const struct ex_report *r,
		   int idx)
{
	static const char *const kinds[] = {
		[EX_KIND_STALL] = "page allocation stall",
		[EX_KIND_ALLOC_FAIL] = "page allocation failure",
		[EX_KIND_OOM] = "OOM kill",
		[EX_KIND_MEMINFO] = "memory report without its header",
		[EX_KIND_HUNG] = "hung task in memory reclaim",
		[EX_KIND_LOCKUP] = "soft lockup in memory reclaim",
		[EX_KIND_USERSPACE] = "userspace OOM kill",
	};
	char title[160], tm[96], task[160] = "", req[160], gfp[320], table[512], mem[320],
				 nodes[320];
	char oom[320], victim[256], a[24], b[24], c[24], d[24], h[24];
	struct ms_val v[RH_N] = {};
	size_t off = 0;
	int i;

	snprintf(title, sizeof(title), "== report %d of %d: %s%s, log lines %d-%d ==", idx + 1,
		 e->n, r->kind == EX_KIND_OOM && r->memcg_oom ? "memory cgroup " : "",
		 kinds[r->kind], r->line_first, r->line_last);
	v[RH_TITLE].s = title;
	off = snprintf(tm, sizeof(tm), "%s", r->wallclock);
	if (r->uptime >= 0)
		snprintf(tm + off, sizeof(tm) - off, "%s%.3f s after boot", off ? ", " : "",
			 r->uptime);
	v[RH_TIME].s = tm;
	if (r->kind != EX_KIND_USERSPACE)
		snprintf(task, sizeof(task), "%s, pid %d, kernel %s", r->comm[0] ? r->comm : "?",
			 r->pid, r->kernel[0] ? r->kernel : "?");
	v[RH_TASK].s = task;
	req[0] = gfp[0] = table[0] = '\0';
	if (r->order >= 0) {
		off = snprintf(req, sizeof(req), "order %d (%lld kB)", r->order,
			       (long long)r->page_kb << r->order);
		if (r->has_gfp)
			off += snprintf(req + off, sizeof(req) - off, " from zone %s",
					gfp__zone_name(r->gfp_zone));
		if (r->stall_ms >= 0)
			snprintf(req + off, sizeof(req) - off, ", stalled %lld ms",
				 (long long)r->stall_ms);
	}
	if (r->kind == EX_KIND_HUNG || r->kind == EX_KIND_LOCKUP)
		ex__stall_where(r, req, sizeof(req));
	v[RH_REQUEST].s = req;
	if (r->has_gfp) {
		snprintf(gfp, sizeof(gfp), "%#llx %s%s", (unsigned long long)r->gfp,
			 r->gfp_log[0] ? r->gfp_log : r->gfp_decoded,
			 r->gfp_log[0] ? " (as the kernel printed it)" : " (decoded here)");
		snprintf(table, sizeof(table), "%s with the GFP layout of %s (%s)", r->gfp_decoded,
			 r->gfp_range, r->gfp_basis);
	}
	v[RH_GFP].s = gfp;
	v[RH_TABLE].s = table;
	mem[0] = '\0';
	if (r->reclaimable_kb >= 0)
		snprintf(
			mem, sizeof(mem),
			"free %s, reclaimable ~%s, unreclaimable ~%s, swap %s, hugetlb %s",
			ex__human_kb(r->mem.free < 0 ? -1 : r->mem.free * r->page_kb, a, sizeof(a)),
			ex__human_kb(r->reclaimable_kb, b, sizeof(b)),
			ex__human_kb(r->unreclaimable_kb, c, sizeof(c)),
			r->swap_total_kb == 0 ? "none"
					      : ex__human_kb(r->swap_free_kb, d, sizeof(d)),
			ex__human_kb(r->hugetlb_kb, h, sizeof(h)));
	v[RH_MEMORY].s = mem;
	nodes[0] = '\0';
	for (i = 0, off = 0; i < r->nnodes && off < sizeof(nodes); i++)
		off += snprintf(nodes + off, sizeof(nodes) - off, "%s%d: dirty %s, writeback %s%s",
				off ? "; " : "", r->nodes[i].id,
				ex__human_kb(r->nodes[i].dirty_kb, a, sizeof(a)),
				ex__human_kb(r->nodes[i].writeback_kb, b, sizeof(b)),
				r->nodes[i].all_unreclaimable ? ", all unreclaimable" : "");
	v[RH_NODES].s = nodes;
	oom_rows(r, oom, sizeof(oom), victim, sizeof(victim));
	if (r->kind == EX_KIND_USERSPACE)
		ex__killer_rows(r, oom, sizeof(oom), victim, sizeof(victim));
	v[RH_OOM].s = oom;
	v[RH_VICTIM].s = victim;
	sink__record(s, &report_schema, v);
}

void explain__print_text(const struct ms_explain *e, FILE *f)
{
	struct ms_sink *s = sink__new_text(f, false);
	int i, j;

	if (!s)
		return;
	if (!e->n)
		fprintf(f, "no allocation stall, allocation failure or OOM report in %d lines\n",
			explain__lines(e));
	for (i = 0; i < e->n; i++) {
		const struct ex_report *r = e->r[i];

		if (i)
			fputc('\n', f);
		header(s, e, r, i);
		if (r->nzones) {
			fputc('\n', f);
			sink__header(s, &zone_schema);
			for (j = 0; j < r->nzones; j++)
				zone_row(s, &r->zones[j]);
		}
		if (r->ntasks) {
			fprintf(f, "\nlargest of %d tasks by rss:\n", r->ntasks);
			sink__header(s, &task_schema);
			for (j = 0; j < r->ntasks && j < EX_MAX_TOP; j++)
				task_row(s, r, &r->top[j]);
		}
		fputc('\n', f);
		findings__emit(&r->findings, s, NULL);
	}
	if (e->dropped)
		fprintf(f, "\n%d earlier reports not shown (the newest %d are kept)\n", e->dropped,
			EX_MAX_REPORTS);
	ex__input_notes(e, f);
	sink__free(s);
}

/* ---- JSON ---- */

static void j_names(struct json_writer *w, const char *k, const char *names)
{
	char buf[320], *tok, *save = NULL;

	jw__key(w, k);
	if (!*names) {
		jw__null(w);
		return;
	}
	util__strlcpy(buf, names, sizeof(buf));
	jw__arr_begin(w);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save))
		jw__str(w, tok);
	jw__arr_end(w);
}

static void j_zone(struct json_writer *w, const struct ex_zone *z)
{
	int k;

	jw__obj_begin(w);
	jw__key(w, "node");
	if (z->node < 0)
		jw__null(w);
	else
		jw__i64(w, z->node);
	jw__kv_str_opt(w, "zone", z->name);
	jw__kv_i64_opt(w, "free_kb", z->free_kb);
	jw__kv_i64_opt(w, "boost_kb", z->boost_kb);
	jw__kv_i64_opt(w, "min_kb", z->min_kb);
	jw__kv_i64_opt(w, "low_kb", z->low_kb);
	jw__kv_i64_opt(w, "high_kb", z->high_kb);
	jw__kv_i64_opt(w, "present_kb", z->present_kb);
	jw__kv_i64_opt(w, "managed_kb", z->managed_kb);
	jw__key(w, "lowmem_reserve_pages");
	jw__arr_begin(w);
	for (k = 0; k < z->nreserve; k++)
		jw__i64(w, z->reserve_pages[k]);
	jw__arr_end(w);
	jw__key(w, "below_min");
	jw__bool(w, z->below_min);
	jw__key(w, "below_low");
	jw__bool(w, z->below_low);
	jw__kv_i64_opt(w, "reserve_kb", z->reserve_kb);
	jw__key(w, "usable_for_request");
	if (z->reserve_kb < 0)
		jw__null(w);
	else
		jw__bool(w, z->usable);
	jw__key(w, "buddy");
	if (!z->has_buddy) {
		jw__null(w);
	} else {
		jw__arr_begin(w);
		for (k = 0; k < z->norders; k++) {
			jw__obj_begin(w);
			jw__key(w, "order");
			jw__i64(w, k);
			jw__key(w, "free");
			jw__u64(w, z->nr_free[k]);
			jw__kv_str_opt(w, "types", z->types[k]);
			jw__key(w, "fragmentation_index");
			jw__f64(w, z->frag[k] / 1000.0, 3);
			jw__key(w, "unusable_index");
			jw__f64(w, z->unusable[k] / 1000.0, 3);
			jw__obj_end(w);
		}
		jw__arr_end(w);
	}
	jw__kv_i64_opt(w, "buddy_total_kb", z->buddy_kb);
	jw__key(w, "largest_free_order");
	if (z->has_buddy)
		jw__i64(w, z->largest_order);
	else
		jw__null(w);
	jw__obj_end(w);
}

static void j_memory(struct json_writer *w, const struct ex_report *r)
{
	const struct ex_mem *m = &r->mem;

	jw__key(w, "meminfo_pages");
	if (!r->has_meminfo) {
		jw__null(w);
	} else {
		jw__obj_begin(w);
		jw__kv_i64_opt(w, "active_anon", m->active_anon);
		jw__kv_i64_opt(w, "inactive_anon", m->inactive_anon);
		jw__kv_i64_opt(w, "active_file", m->active_file);
		jw__kv_i64_opt(w, "inactive_file", m->inactive_file);
		jw__kv_i64_opt(w, "unevictable", m->unevictable);
		jw__kv_i64_opt(w, "dirty", m->dirty);
		jw__kv_i64_opt(w, "writeback", m->writeback);
		jw__kv_i64_opt(w, "slab_reclaimable", m->slab_reclaimable);
		jw__kv_i64_opt(w, "slab_unreclaimable", m->slab_unreclaimable);
		jw__kv_i64_opt(w, "mapped", m->mapped);
		jw__kv_i64_opt(w, "shmem", m->shmem);
		jw__kv_i64_opt(w, "pagetables", m->pagetables);
		jw__kv_i64_opt(w, "free", m->free);
		jw__obj_end(w);
	}
	jw__kv_i64_opt(w, "reclaimable_kb", r->reclaimable_kb);
	jw__kv_i64_opt(w, "unreclaimable_kb", r->unreclaimable_kb);
	jw__kv_i64_opt(w, "hugetlb_kb", r->hugetlb_kb);
	jw__kv_i64_opt(w, "swap_total_kb", r->swap_total_kb);
	jw__kv_i64_opt(w, "swap_free_kb", r->swap_free_kb);
	jw__kv_i64_opt(w, "pagecache_pages", r->pagecache_pages);
	jw__kv_i64_opt(w, "ram_pages", r->ram_pages);
	jw__kv_i64_opt(w, "reserved_pages", r->reserved_pages);
}

static void j_nodes(struct json_writer *w, const struct ex_report *r)
{
	int i;

	jw__key(w, "nodes");
	jw__arr_begin(w);
	for (i = 0; i < r->nnodes; i++) {
		const struct ex_node *n = &r->nodes[i];

		jw__obj_begin(w);
		jw__key(w, "node");
		jw__i64(w, n->id);
		jw__kv_i64_opt(w, "active_anon_kb", n->active_anon_kb);
		jw__kv_i64_opt(w, "inactive_anon_kb", n->inactive_anon_kb);
		jw__kv_i64_opt(w, "active_file_kb", n->active_file_kb);
		jw__kv_i64_opt(w, "inactive_file_kb", n->inactive_file_kb);
		jw__kv_i64_opt(w, "dirty_kb", n->dirty_kb);
		jw__kv_i64_opt(w, "writeback_kb", n->writeback_kb);
		jw__kv_i64_opt(w, "shmem_kb", n->shmem_kb);
		jw__kv_i64_opt(w, "hugetlb_total_kb", n->huge_total_kb);
		jw__kv_i64_opt(w, "hugetlb_free_kb", n->huge_free_kb);
		jw__key(w, "all_unreclaimable");
		jw__bool(w, n->all_unreclaimable);
		jw__obj_end(w);
	}
	jw__arr_end(w);
}

static void j_oom(struct json_writer *w, const struct ex_report *r)
{
	int i;

	jw__key(w, "oom");
	if (r->kind != EX_KIND_OOM) {
		jw__null(w);
		return;
	}
	jw__obj_begin(w);
	jw__key(w, "memcg_oom");
	jw__bool(w, r->memcg_oom);
	jw__kv_str_opt(w, "constraint", r->constraint);
	jw__kv_str_opt(w, "oom_memcg", r->oom_memcg);
	jw__kv_str_opt(w, "task_memcg", r->task_memcg);
	jw__kv_i64_opt(w, "memcg_usage_kb", r->memcg_usage_kb);
	jw__kv_i64_opt(w, "memcg_limit_kb", r->memcg_limit_kb);
	jw__kv_i64_opt(w, "memcg_failcnt", r->memcg_failcnt);
	jw__key(w, "no_killable_process");
	jw__bool(w, r->no_killable);
	jw__key(w, "victim");
	if (r->victim.pid < 0) {
		jw__null(w);
	} else {
		jw__obj_begin(w);
		jw__kv_i64_opt(w, "pid", r->victim.pid);
		jw__kv_str_opt(w, "comm", r->victim.comm);
		jw__kv_i64_opt(w, "uid", r->victim.uid);
		jw__kv_i64_opt(w, "score", r->victim.score);
		jw__kv_i64_opt(w, "total_vm_kb", r->victim.total_vm_kb);
		jw__kv_i64_opt(w, "anon_rss_kb", r->victim.anon_rss_kb);
		jw__kv_i64_opt(w, "file_rss_kb", r->victim.file_rss_kb);
		jw__kv_i64_opt(w, "shmem_rss_kb", r->victim.shmem_rss_kb);
		jw__kv_i64_opt(w, "pgtables_kb", r->victim.pgtables_kb);
		jw__key(w, "reaped");
		jw__bool(w, r->victim.reaped);
		jw__obj_end(w);
	}
	jw__key(w, "tasks_listed");
	jw__i64(w, r->ntasks);
	jw__key(w, "largest_tasks");
	jw__arr_begin(w);
	for (i = 0; i < r->ntasks && i < EX_MAX_TOP; i++) {
		const struct ex_task *t = &r->top[i];

		jw__obj_begin(w);
		jw__key(w, "pid");
		jw__i64(w, t->pid);
		jw__key(w, "uid");
		jw__i64(w, t->uid);
		jw__kv_i64_opt(w, "rss_kb", t->rss_pages < 0 ? -1 : t->rss_pages * r->page_kb);
		jw__kv_i64_opt(w, "total_vm_kb",
			       t->total_vm_pages < 0 ? -1 : t->total_vm_pages * r->page_kb);
		jw__key(w, "oom_score_adj");
		jw__i64(w, t->oom_score_adj);
		jw__kv_str_opt(w, "name", t->name);
		jw__obj_end(w);
	}
	jw__arr_end(w);
	jw__obj_end(w);
}

static void j_report(struct json_writer *w, const struct ex_report *r, int idx)
{
	int i;

	jw__obj_begin(w);
	jw__kv_str_opt(w, "type", "report");
	jw__key(w, "index");
	jw__i64(w, idx + 1);
	jw__kv_str_opt(w, "kind", explain__kind_name(r->kind));
	jw__key(w, "lines");
	jw__arr_begin(w);
	jw__i64(w, r->line_first);
	jw__i64(w, r->line_last);
	jw__arr_end(w);
	jw__key(w, "truncated");
	jw__bool(w, r->truncated);
	jw__kv_str_opt(w, "time", r->wallclock);
	jw__key(w, "uptime_s");
	if (r->uptime < 0)
		jw__null(w);
	else
		jw__f64(w, r->uptime, 6);
	jw__kv_str_opt(w, "comm", r->comm);
	jw__kv_i64_opt(w, "pid", r->pid);
	jw__kv_str_opt(w, "kernel", r->kernel);
	jw__key(w, "order");
	if (r->order < -1 || (r->order == -1 && r->kind != EX_KIND_OOM))
		jw__null(w);
	else
		jw__i64(w, r->order);
	jw__kv_i64_opt(w, "stall_ms", r->stall_ms);
	jw__key(w, "gfp");
	if (!r->has_gfp) {
		jw__null(w);
	} else {
		char hex[24];

		snprintf(hex, sizeof(hex), "%#llx", (unsigned long long)r->gfp);
		jw__obj_begin(w);
		jw__kv_str_opt(w, "hex", hex);
		jw__key(w, "value");
		jw__u64(w, r->gfp);
		j_names(w, "names_logged", r->gfp_log);
		j_names(w, "names_decoded", r->gfp_decoded);
		jw__kv_str_opt(w, "layout", r->gfp_layout);
		jw__kv_str_opt(w, "layout_range", r->gfp_range);
		jw__kv_str_opt(w, "layout_basis", r->gfp_basis);
		jw__key(w, "layout_assumed");
		jw__bool(w, r->gfp_assumed);
		jw__kv_str_opt(w, "zone", gfp__zone_name(r->gfp_zone));
		jw__obj_end(w);
	}
	jw__key(w, "page_kb");
	jw__i64(w, r->page_kb);
	j_memory(w, r);
	j_nodes(w, r);
	jw__key(w, "zones");
	jw__arr_begin(w);
	for (i = 0; i < r->nzones; i++)
		j_zone(w, &r->zones[i]);
	jw__arr_end(w);
	j_oom(w, r);
	ex__json_stall_killer(w, r);
	jw__key(w, "findings");
	findings__json(&r->findings, w, NULL);
	jw__obj_end(w);
}

void explain__print_json(const struct ms_explain *e, FILE *f)
{
	struct json_writer w;
	int i;

	jw__init(&w, f);
	for (i = 0; i < e->n; i++)
		j_report(&w, e->r[i], i);
	jw__obj_begin(&w);
	jw__kv_str_opt(&w, "type", "explain_summary");
	jw__key(&w, "reports");
	jw__i64(&w, e->n);
	jw__key(&w, "reports_dropped");
	jw__i64(&w, e->dropped);
	ex__json_input(&w, e);
	jw__key(&w, "lines");
	jw__i64(&w, explain__lines(e));
	jw__key(&w, "formats");
	jw__arr_begin(&w);
	for (i = 0; i < KLOG_FMT_N; i++)
		if (e->fmt_seen[i])
			jw__str(&w, klog__fmt_name(i));
	jw__arr_end(&w);
	jw__obj_end(&w);
	fflush(f);
}
