// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: the output of what the reader had to cut,
 * skip or join, of hung-task/lockup stalls and of userspace kills. */
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog_reader.h"
#include "output/json.h"

/* What the reader had to cut, skip or join, said once at the end. */
void ex__input_notes(const struct ms_explain *e, FILE *f)
{
	const struct ex_input *in = &e->in;

	if (in->cut_lines)
		fprintf(f, "\nnote: %lld line%s longer than %d bytes cut (%lld bytes not read)\n",
			(long long)in->cut_lines, in->cut_lines == 1 ? "" : "s", KLOG_LINE_MAX,
			(long long)in->cut_bytes);
	if (in->nul_runs)
		fprintf(f,
			"note: %lld run%s of NUL bytes skipped (%lld bytes; a log written "
			"across a hard reset)\n",
			(long long)in->nul_runs, in->nul_runs == 1 ? "" : "s",
			(long long)in->nul_bytes);
	if (in->kmsg_lost)
		fprintf(f, "note: %lld /dev/kmsg records overwritten before they were read\n",
			(long long)in->kmsg_lost);
	if (in->joined)
		fprintf(f, "note: %d wrapped line%s joined back\n", in->joined,
			in->joined == 1 ? "" : "s");
	if (in->elisions)
		fprintf(f, "note: %d elided stretch%s (\"(...snipped...)\") in the log\n",
			in->elisions, in->elisions == 1 ? "" : "es");
	if (in->stopped[0])
		fprintf(f, "note: %s\n", in->stopped);
}

/* "stalled 120000 ms in compaction: isolate_migratepages_block < compact_zone" */
void ex__stall_where(const struct ex_report *r, char *buf, size_t len)
{
	size_t off;
	int i;

	off = (size_t)snprintf(buf, len, "stalled %lld ms in %s:", (long long)r->stall_ms,
			       r->stall_kind);
	for (i = 0; i < r->nframes && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? " < " : " ",
					r->frames[i]);
}

void ex__killer_rows(const struct ex_report *r, char *oom, size_t olen, char *victim, size_t vlen)
{
	char a[24];

	snprintf(oom, olen, "killed by %s%s%s", r->killer, r->reason[0] ? ": " : "", r->reason);
	snprintf(victim, vlen, "%s%s%d%s%s%s%s", r->victim.comm[0] ? r->victim.comm : "?", " (pid ",
		 r->victim.pid, ")", r->task_memcg[0] ? ", cgroup " : "", r->task_memcg, "");
	if (r->victim.anon_rss_kb >= 0)
		snprintf(victim + strlen(victim), vlen - strlen(victim), ", rss %s",
			 ex__human_kb(r->victim.anon_rss_kb, a, sizeof(a)));
}

void ex__json_stall_killer(struct json_writer *w, const struct ex_report *r)
{
	int i;

	jw__kv_str_opt(w, "stall_kind", r->stall_kind);
	jw__key(w, "frames");
	jw__arr_begin(w);
	for (i = 0; i < r->nframes; i++)
		jw__str(w, r->frames[i]);
	jw__arr_end(w);
	jw__key(w, "killer");
	if (r->kind != EX_KIND_USERSPACE) {
		jw__null(w);
		return;
	}
	jw__obj_begin(w);
	jw__kv_str_opt(w, "name", r->killer);
	jw__kv_str_opt(w, "reason", r->reason);
	jw__kv_str_opt(w, "cgroup", r->task_memcg);
	jw__kv_i64_opt(w, "pid", r->victim.pid);
	jw__kv_str_opt(w, "comm", r->victim.comm);
	jw__kv_i64_opt(w, "uid", r->victim.uid);
	jw__kv_i64_opt(w, "rss_kb", r->victim.anon_rss_kb);
	jw__kv_i64_opt(w, "oom_score_adj", r->victim.oom_score_adj);
	jw__obj_end(w);
}

void ex__json_input(struct json_writer *w, const struct ms_explain *e)
{
	jw__kv_str_opt(w, "dropped_policy", "oldest");
	jw__key(w, "input");
	jw__obj_begin(w);
	jw__kv_i64_opt(w, "lines_cut", e->in.cut_lines);
	jw__kv_i64_opt(w, "bytes_cut", e->in.cut_bytes);
	jw__kv_i64_opt(w, "nul_runs", e->in.nul_runs);
	jw__kv_i64_opt(w, "nul_bytes", e->in.nul_bytes);
	jw__kv_i64_opt(w, "kmsg_lost", e->in.kmsg_lost);
	jw__kv_i64_opt(w, "lines_joined", e->in.joined);
	jw__kv_i64_opt(w, "elisions", e->in.elisions);
	jw__kv_str_opt(w, "stopped", e->in.stopped);
	jw__obj_end(w);
}
