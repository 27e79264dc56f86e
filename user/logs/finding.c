// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "logs/finding.h"
#include "output/json.h"
#include "base/util.h"

const char *finding__sev_name(enum ms_sev sev)
{
	static const char *const names[] = { "ok", "info", "warning", "critical" };

	return sev <= MS_SEV_CRIT ? names[sev] : "?";
}

struct ms_finding *findings__add(struct ms_findings *l, enum ms_sev sev, const char *code,
				 const char *knob, const char *fmt, ...)
{
	struct ms_finding *f;
	va_list ap;

	if (l->n >= MS_MAX_FINDINGS)
		return NULL;
	f = &l->f[l->n++];
	memset(f, 0, sizeof(*f));
	f->sev = sev;
	util__strlcpy(f->code, code, sizeof(f->code));
	util__strlcpy(f->knob, knob ? knob : "", sizeof(f->knob));
	va_start(ap, fmt);
	vsnprintf(f->subject, sizeof(f->subject), fmt, ap);
	va_end(ap);
	return f;
}

void finding__set(char *field, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(field, len, fmt, ap);
	va_end(ap);
}

enum ms_sev findings__worst(const struct ms_findings *l)
{
	enum ms_sev w = MS_SEV_OK;
	int i;

	for (i = 0; i < l->n; i++)
		if (l->f[i].sev > w)
			w = l->f[i].sev;
	return w;
}

const struct ms_finding *findings__find(const struct ms_findings *l, const char *code)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->f[i].code, code))
			return &l->f[i];
	return NULL;
}

enum { FD_SEV, FD_SUBJECT, FD_CONTEXT, FD_CODE, FD_KNOB, FD_EVIDENCE, FD_WHY, FD_CHANGE, FD_N };

static const struct ms_col finding_cols[FD_N] = {
	[FD_SEV] = { "severity", "", -8, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[FD_SUBJECT] = { "subject", "", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[FD_CONTEXT] = { "context", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[FD_CODE] = { "code", "", 0, MS_FT_STR, 0, MS_COL_JSON },
	[FD_KNOB] = { "knob", "knob:    ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[FD_EVIDENCE] = { "evidence", "evidence:", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[FD_WHY] = { "why", "why:     ", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
	[FD_CHANGE] = { "change", "consider:", 0, MS_FT_STR, 0, MS_COL_NOTRUNC },
};

static const struct ms_schema finding_schema = { "finding", finding_cols, FD_N };

/* The one place a finding's fields become values; "" (none) is null. */
static void finding_vals(const struct ms_finding *f, const char *context, struct ms_val *v)
{
	memset(v, 0, FD_N * sizeof(*v));
	v[FD_SEV].s = finding__sev_name(f->sev);
	v[FD_SUBJECT].s = f->subject;
	v[FD_CONTEXT].s = context ? context : "";
	v[FD_CODE].s = f->code;
	v[FD_KNOB].s = f->knob;
	v[FD_EVIDENCE].s = f->evidence;
	v[FD_WHY].s = f->why;
	v[FD_CHANGE].s = f->change;
	v[FD_CONTEXT].null = !*v[FD_CONTEXT].s;
	v[FD_KNOB].null = !f->knob[0];
	v[FD_EVIDENCE].null = !f->evidence[0];
	v[FD_WHY].null = !f->why[0];
	v[FD_CHANGE].null = !f->change[0];
}

/* The next finding worst first after index *i of severity *sev (start with
 * *sev = MS_SEV_CRIT, *i = -1); NULL at the end. */
static const struct ms_finding *next_worst(const struct ms_findings *l, int *sev, int *i)
{
	for (; *sev >= MS_SEV_OK; (*sev)--, *i = -1)
		while (++*i < l->n)
			if ((int)l->f[*i].sev == *sev)
				return &l->f[*i];
	return NULL;
}

void findings__emit(const struct ms_findings *l, struct ms_sink *s, const char *context)
{
	const struct ms_finding *f;
	int sev = MS_SEV_CRIT, i = -1;
	struct ms_val v[FD_N];

	while ((f = next_worst(l, &sev, &i))) {
		finding_vals(f, context, v);
		sink__record(s, &finding_schema, v);
	}
}

void findings__json(const struct ms_findings *l, struct json_writer *w, const char *context)
{
	const struct ms_finding *f;
	int sev = MS_SEV_CRIT, i = -1;
	struct ms_val v[FD_N];

	jw__arr_begin(w);
	while ((f = next_worst(l, &sev, &i))) {
		finding_vals(f, context, v);
		sink__json_object(w, &finding_schema, v);
	}
	jw__arr_end(w);
}
