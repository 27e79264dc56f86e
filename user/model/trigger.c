// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "model/trigger.h"
#include "base/util.h"

static const char *const kind_names[] = {
	[TRIG_NONE] = "none",
	[TRIG_PSI] = "psi",
	[TRIG_OOM] = "oom",
	[TRIG_STALL] = "stall",
	[TRIG_COMPACT_FAIL] = "compact-fail",
};

const char *trigger__kind_name(enum trig_kind k)
{
	return (unsigned int)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "?";
}

static int bad(struct ms_diag *d, const char *s, const char *why)
{
	return diag__fail(d, -EINVAL, MS_EXIT_USAGE, "--when '%s': %s", s, why);
}

/* A duration with a unit (us, ms, s): plain numbers are refused, the unit
 * of a PSI trigger being easy to get wrong by a factor of 1000. */
static int parse_dur_us(const char *s, size_t n, uint64_t *us)
{
	char buf[32], *end;
	unsigned long long v;
	uint64_t mult;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = 0;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf || buf[0] == '-' || buf[0] == '+')
		return -EINVAL;
	if (!strcmp(end, "us"))
		mult = 1;
	else if (!strcmp(end, "ms"))
		mult = 1000;
	else if (!strcmp(end, "s"))
		mult = 1000000;
	else
		return -ERANGE; /* no or unknown unit */
	if (v > UINT64_MAX / 1000 / mult)
		return -EINVAL;
	*us = v * mult;
	return 0;
}

static int dur_err(struct ms_diag *d, const char *s, const char *what, int err)
{
	char why[160];

	snprintf(why, sizeof(why), "%s %s: use a number with a unit (us, ms or s), e.g. 150ms",
		 what, err == -ERANGE ? "has no or an unknown unit" : "is not a duration");
	return bad(d, s, why);
}

static int parse_psi(const char *s, const char *rest, struct trigger *t, struct ms_diag *d)
{
	const char *slash, *sp;
	char why[200];
	int err;

	if (!strncmp(rest, "some ", 5))
		t->full = false;
	else if (!strncmp(rest, "full ", 5))
		t->full = true;
	else
		return bad(d, s, "psi needs 'some' or 'full', e.g. 'psi some 150ms/1s'");
	rest += 5;
	slash = strchr(rest, '/');
	if (!slash)
		return bad(d, s, "psi needs STALL/WINDOW, e.g. 'psi some 150ms/1s'");
	err = parse_dur_us(rest, (size_t)(slash - rest), &t->stall_us);
	if (err)
		return dur_err(d, s, "the stall", err);
	sp = strchr(slash + 1, ' ');
	err = parse_dur_us(slash + 1, sp ? (size_t)(sp - slash - 1) : strlen(slash + 1),
			   &t->window_us);
	if (err)
		return dur_err(d, s, "the window", err);
	if (t->window_us < TRIG_PSI_WINDOW_MIN_US || t->window_us > TRIG_PSI_WINDOW_MAX_US) {
		snprintf(why, sizeof(why),
			 "window %llums is outside the kernel's PSI limits (500ms to 10s)",
			 (unsigned long long)(t->window_us / 1000));
		return bad(d, s, why);
	}
	if (!t->stall_us || t->stall_us > t->window_us)
		return bad(d, s, "the stall must be above 0 and at most the window");
	if (sp) {
		while (*sp == ' ')
			sp++;
		if (strncmp(sp, "cgroup=", 7) || sp[7] != '/')
			return bad(d, s, "after STALL/WINDOW only cgroup=/PATH (a cgroup v2 path)");
		if (!util__strlcpy(t->cgroup, sp + 7, sizeof(t->cgroup)) || strstr(t->cgroup, ".."))
			return bad(d, s, "cgroup path too long or with '..'");
	}
	t->kind = TRIG_PSI;
	return 0;
}

int trigger__parse(const char *s, struct trigger *t, struct ms_diag *d)
{
	uint64_t us;
	int err;

	memset(t, 0, sizeof(*t));
	if (!strncmp(s, "psi ", 4))
		return parse_psi(s, s + 4, t, d);
	if (!strcmp(s, "oom")) {
		t->kind = TRIG_OOM;
		return 0;
	}
	if (!strcmp(s, "compact-fail")) {
		t->kind = TRIG_COMPACT_FAIL;
		return 0;
	}
	if (!strncmp(s, "stall>", 6)) {
		err = parse_dur_us(s + 6, strlen(s + 6), &us);
		if (err)
			return dur_err(d, s, "the threshold", err);
		if (!us)
			return bad(d, s, "the threshold must be above 0");
		t->kind = TRIG_STALL;
		t->threshold_ns = us * 1000;
		return 0;
	}
	return bad(d, s,
		   "unknown trigger: use 'psi some|full STALL/WINDOW [cgroup=PATH]', 'oom', "
		   "'stall>DUR' or 'compact-fail'");
}

void trigger__psi_line(const struct trigger *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s %llu %llu", t->full ? "full" : "some",
		 (unsigned long long)t->stall_us, (unsigned long long)t->window_us);
}

void trigger__describe(const struct trigger *t, char *buf, size_t len)
{
	switch (t->kind) {
	case TRIG_PSI:
		snprintf(buf, len, "psi %s %lluus/%lluus%s%s", t->full ? "full" : "some",
			 (unsigned long long)t->stall_us, (unsigned long long)t->window_us,
			 t->cgroup[0] ? " cgroup=" : "", t->cgroup);
		break;
	case TRIG_STALL:
		snprintf(buf, len, "stall>%lluus", (unsigned long long)(t->threshold_ns / 1000));
		break;
	default:
		snprintf(buf, len, "%s", trigger__kind_name(t->kind));
	}
}
