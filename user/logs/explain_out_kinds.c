// SPDX-License-Identifier: GPL-2.0
/* Kernel-log incident decoder: the output of what the reader had to cut,
 * skip or join, of hung-task/lockup stalls and of userspace kills. */
#include <string.h>
#include "logs/explain.h"
#include "logs/explain_int.h"
#include "logs/klog_reader.h"
#include "output/json.h"

static void j_i64(struct json_writer *w, const char *k, int64_t v)
{
	jw__key(w, k);
	if (v < 0)
		jw__null(w);
	else
		jw__i64(w, v);
}

static void j_str(struct json_writer *w, const char *k, const char *v)
{
	jw__key(w, k);
	if (!v || !*v)
		jw__null(w);
	else
		jw__str(w, v);
}

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

	j_str(w, "stall_kind", r->stall_kind);
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
	j_str(w, "name", r->killer);
	j_str(w, "reason", r->reason);
	j_str(w, "cgroup", r->task_memcg);
	j_i64(w, "pid", r->victim.pid);
	j_str(w, "comm", r->victim.comm);
	j_i64(w, "uid", r->victim.uid);
	j_i64(w, "rss_kb", r->victim.anon_rss_kb);
	j_i64(w, "oom_score_adj", r->victim.oom_score_adj);
	jw__obj_end(w);
}

void ex__json_input(struct json_writer *w, const struct ms_explain *e)
{
	j_str(w, "dropped_policy", "oldest");
	jw__key(w, "input");
	jw__obj_begin(w);
	j_i64(w, "lines_cut", e->in.cut_lines);
	j_i64(w, "bytes_cut", e->in.cut_bytes);
	j_i64(w, "nul_runs", e->in.nul_runs);
	j_i64(w, "nul_bytes", e->in.nul_bytes);
	j_i64(w, "kmsg_lost", e->in.kmsg_lost);
	j_i64(w, "lines_joined", e->in.joined);
	j_i64(w, "elisions", e->in.elisions);
	j_str(w, "stopped", e->in.stopped);
	jw__obj_end(w);
}
