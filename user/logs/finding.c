// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "logs/finding.h"
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

void findings__emit(const struct ms_findings *l, struct ms_sink *s, const char *context)
{
	int sev, i;

	for (sev = MS_SEV_CRIT; sev >= MS_SEV_OK; sev--) {
		for (i = 0; i < l->n; i++) {
			const struct ms_finding *f = &l->f[i];
			struct ms_val v[FD_N] = {};

			if ((int)f->sev != sev)
				continue;
			v[FD_SEV].s = finding__sev_name(f->sev);
			v[FD_SUBJECT].s = f->subject;
			v[FD_CONTEXT].s = context ? context : "";
			v[FD_CODE].s = f->code;
			v[FD_KNOB].s = f->knob;
			v[FD_EVIDENCE].s = f->evidence;
			v[FD_WHY].s = f->why;
			v[FD_CHANGE].s = f->change;
			sink__record(s, &finding_schema, v);
		}
	}
}
