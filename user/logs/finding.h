/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings: what explain (from a kernel log) and doctor (from a live host)
 * conclude, each with a severity, the evidence, the reasoning and the change
 * to consider. One list type and one output schema for both.
 */
#ifndef MS_FINDING_H
#define MS_FINDING_H

#include <stdarg.h>
#include "output/sink.h"

enum ms_sev { MS_SEV_OK, MS_SEV_INFO, MS_SEV_WARN, MS_SEV_CRIT };

#define MS_MAX_FINDINGS 32

struct ms_finding {
	enum ms_sev sev;
	char code[32]; /* stable identifier, e.g. "zone_below_min" */
	char knob[48]; /* the setting it is tied to, "" if none */
	char subject[96]; /* one-line summary */
	char evidence[512];
	char why[512];
	char change[384];
};

struct ms_findings {
	int n;
	struct ms_finding f[MS_MAX_FINDINGS];
};

const char *finding__sev_name(enum ms_sev sev);
/* A new finding with its subject set (NULL when the list is full: the
 * caller then skips filling it). */
struct ms_finding *findings__add(struct ms_findings *l, enum ms_sev sev, const char *code,
				 const char *knob, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* printf into one of a finding's text fields (evidence, why, change). */
void finding__set(char *field, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum ms_sev findings__worst(const struct ms_findings *l);
const struct ms_finding *findings__find(const struct ms_findings *l, const char *code);
/*
 * The "finding" schema is the only serialisation of a struct ms_finding:
 * each finding as a record of it, worst first (empty fields are null in
 * JSON, left out in text), to a sink or as the JSON array nested in a
 * document (explain's reports).
 */
void findings__emit(const struct ms_findings *l, struct ms_sink *s, const char *context);
void findings__json(const struct ms_findings *l, struct json_writer *w, const char *context);

#define FINDING_SET(f, field, ...) finding__set((f)->field, sizeof((f)->field), __VA_ARGS__)

#endif
