/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output sinks. A model produces rows described by a schema (typed columns);
 * a sink renders them: text table or blocks, or JSON (one object per line).
 *
 * The contract:
 * - Every row of every mode goes through a schema and a sink (text and JSON
 *   of a row come from the same struct ms_val array, so they never
 *   disagree); no command prints a row's fields any other way.
 * - A JSON "type" is one schema, so one shape (key set and key types),
 *   whichever command emits it. The record types, by the module that owns
 *   the schema:
 *     stall (model/stall), pass and swappiness_finding (model/pass),
 *     compact and compact_episode (model/compact), oom (model/oom),
 *     hist (model/hist; its columns are the chosen -b keys), crosscheck
 *     (model/xcheck), finding (logs/finding: struct ms_finding, explain and
 *     doctor), setting and zone (host/audit), feature and probe (doctor),
 *     hist_window (hist), and the end-of-run records, one type per command
 *     as their keys differ: snoop_summary (snoop, oom), doctor_summary
 *     (host/audit), explain_summary (logs/explain_out).
 * - Three outputs are nested documents rather than rows: explain's
 *   "report", oom's "oom_kill" story and top's "top_frame" (written with
 *   output/json.h by their models). A record nested in them that has a type
 *   (a report's findings) is written by its schema through
 *   sink__json_object, so it has the same shape as in a stream.
 * - Text-only schemas (explain's report/zone/task tables) never reach JSON.
 */
#ifndef MS_SINK_H
#define MS_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum ms_ftype {
	MS_FT_STR,
	MS_FT_U64,
	MS_FT_S64,
	MS_FT_F64, /* prec decimals */
	MS_FT_BOOL,
	MS_FT_STRLIST, /* s holds names joined by '|'; JSON: array of strings */
	MS_FT_U64LIST, /* s holds numbers joined by ','; JSON: array of numbers */
};

enum ms_col_flags {
	MS_COL_WIDE = 1u << 0, /* text: only with -w */
	MS_COL_JSON = 1u << 1, /* JSON only */
	MS_COL_NOTRUNC = 1u << 2, /* text: never cut (last column) */
	MS_COL_TEXT = 1u << 3, /* text only (JSON has its own typed twin) */
	MS_COL_TIME = 1u << 4, /* text: wider with sink__set_precise_time (-T) */
	MS_COL_EXT = 1u << 5, /* text: only with sink__set_extended (-e) or -w */
};

struct ms_col {
	const char *key; /* JSON key */
	const char *hdr; /* text header */
	int width; /* text width; negative: left-aligned */
	enum ms_ftype type;
	int prec;
	unsigned int flags;
};

struct ms_val {
	bool null;
	union {
		const char *s;
		uint64_t u;
		int64_t i;
		double f;
		bool b;
	};
};

struct ms_schema {
	const char *type; /* JSON "type" of each row */
	const struct ms_col *cols;
	int ncols;
};

struct ms_sink;
struct json_writer;

struct ms_sink *sink__new_text(FILE *f, bool wide);
struct ms_sink *sink__new_json(FILE *f);
void sink__free(struct ms_sink *s);
/* Text: MS_COL_TIME columns hold HH:MM:SS.uuuuuu (15 wide) instead of 8. */
void sink__set_precise_time(struct ms_sink *s, bool precise);
/* Text: show MS_COL_EXT columns (snoop -e). */
void sink__set_extended(struct ms_sink *s, bool extended);
/* Text: print the header once; JSON: nothing. */
void sink__header(struct ms_sink *s, const struct ms_schema *sc);
void sink__row(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v);
/* A summary record (end of a run): key/value pairs of the same schema form. */
void sink__summary(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v);
void sink__flush(struct ms_sink *s);
/* One record as a block (text: untitled columns on the first line, each
 * titled column on its own indented line "HDR value", empty ones left out);
 * JSON: the same object as sink__row. */
void sink__record(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v);
/* One row as a JSON object ("type" first) into a document being written:
 * what a JSON sink writes for the row, for records nested in a document. */
void sink__json_object(struct json_writer *w, const struct ms_schema *sc, const struct ms_val *v);

#endif
