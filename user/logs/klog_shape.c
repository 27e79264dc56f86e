// SPDX-License-Identifier: GPL-2.0
/* Prefix shapes learned from the report's own markers (klog_shape.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "logs/klog_shape.h"
#include "base/util.h"

/* Text that starts a kernel report's line; '#' stands for a number. */
static const char *const markers[] = {
	"Mem-Info:",
	"Mem-info:",
	"Call Trace:",
	"Call trace:",
	"Hardware name:",
	"lowmem_reserve[]:",
	"Tasks state (memory values in pages):",
	"oom-kill:constraint=",
	"Out of memory",
	"Memory cgroup out of memory",
	"Memory cgroup stats for",
	"Killed process #",
	"oom_reaper: reaped process",
	"Free swap  =",
	"Total swap =",
	"Task in /",
	"memory: usage #",
	"memory+swap: usage",
	"INFO: task ",
	"watchdog: BUG: soft lockup",
	"NMI watchdog: BUG: soft lockup",
	"BUG: soft lockup",
	"Node # active_anon:",
	"Node # DMA",
	"Node # Normal",
	"Node # HighMem",
	"Node # Movable",
	"Node # hugepages_total=",
	"CPU: # PID: #",
	"CPU: # UID: #",
	"Pid: #, comm: ",
	"DMA free:",
	"DMA32 free:",
	"Normal free:",
	"HighMem free:",
	"active_anon:# inactive_anon:",
};

static bool is_letter(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

/* s matches the marker m at its start ('#' = one or more digits) */
static bool at_marker(const char *s, const char *m)
{
	while (*m) {
		if (*m == '#') {
			if (!isdigit((unsigned char)*s))
				return false;
			while (isdigit((unsigned char)*s))
				s++;
			m++;
			continue;
		}
		if (*s != *m)
			return false;
		s++;
		m++;
	}
	return true;
}

/* "[  pid  ]" (the task table's header, any padding) */
static bool at_pid_header(const char *s)
{
	if (*s++ != '[')
		return false;
	while (*s == ' ')
		s++;
	if (strncmp(s, "pid", 3))
		return false;
	s += 3;
	while (*s == ' ')
		s++;
	return *s == ']';
}

int kshape__find_marker(const char *s)
{
	const char *p;
	size_t i;

	for (p = s; *p && p - s < KSHAPE_MAX_PREFIX; p++) {
		/* a message starts the line or follows a blank or a closing bracket */
		if (p > s && !strchr(" \t])>:;", p[-1]))
			continue;
		if (*p == '[' && at_pid_header(p))
			return (int)(p - s);
		for (i = 0; i < ARRAY_SIZE(markers); i++)
			if (*p == markers[i][0] && at_marker(p, markers[i]))
				return (int)(p - s);
	}
	return -1;
}

int kshape__find_time_end(const char *s)
{
	const char *p, *q;

	for (p = s; *p && p - s < 96; p++) {
		if (*p != '[' || (p > s && !strchr(" \t>])", p[-1])))
			continue;
		q = p + 1;
		while (*q == ' ')
			q++;
		if (!isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q++ != '.' || !isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == 's')
			q++;
		if (*q != ']')
			continue;
		return (int)(q + 1 - s) + (q[1] == ' ');
	}
	return -1;
}

static char closer(char open)
{
	return open == '[' ? ']' : open == '(' ? ')' : open == '<' ? '>' : '\0';
}

/* The group's kind from its content [p, end) */
static char group_kind(const char *p, const char *end)
{
	bool digit = false, dot = false;

	while (p < end && *p == ' ')
		p++;
	for (; p < end; p++) {
		if (isdigit((unsigned char)*p))
			digit = true;
		else if (*p == '.' && digit && !dot)
			dot = true;
		else if (!(*p == 's' && p + 1 == end) && *p != ' ')
			return 'x';
	}
	return !digit ? 'x' : dot ? 't' : 'n';
}

/* One token at *pp (bounded by end); false when nothing is left. */
static bool next_tok(const char **pp, const char *end, bool at_start, struct klog_tok *t)
{
	const char *p = *pp, *close;
	size_t n = 0;

	memset(t, 0, sizeof(*t));
	if (p >= end)
		return false;
	if (*p == ' ' || *p == '\t') {
		t->type = 'b';
		while (p < end && (*p == ' ' || *p == '\t') && t->nblank < 255) {
			t->nblank++;
			p++;
		}
		*pp = p;
		return true;
	}
	if (at_start && closer(*p)) {
		close = memchr(p + 1, closer(*p), (size_t)(end - p - 1));
		if (close && close - p <= 64) {
			t->type = 'g';
			t->open = *p;
			t->kind = group_kind(p + 1, close);
			*pp = close + 1;
			return true;
		}
	}
	t->type = 'w';
	while (p < end && *p != ' ' && *p != '\t') {
		char c = isdigit((unsigned char)*p) ? '9' : is_letter((unsigned char)*p) ? 'a' : *p;

		if ((c == '9' || c == 'a') && n && t->cls[n - 1] == c) {
			p++;
			continue;
		}
		if (n < sizeof(t->cls) - 1)
			t->cls[n++] = c;
		p++;
		/* a group may follow a word's closing bracket: "(3)[12:comm]" */
		if (closer(c) == '\0' && strchr("])>", c) && p < end && closer(*p))
			break;
	}
	*pp = p;
	return true;
}

bool kshape__learn(struct klog_shape *sh, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	struct klog_tok t;
	bool start = true;

	memset(sh, 0, sizeof(*sh));
	if (!len || len > KSHAPE_MAX_PREFIX)
		return false;
	while (next_tok(&p, end, start, &t)) {
		if (sh->n >= KSHAPE_MAX_TOKENS)
			return false;
		sh->t[sh->n++] = t;
		start = t.type != 'w';
	}
	return sh->n > 0;
}

int kshape__match(const struct klog_shape *sh, const char *s)
{
	const char *p = s, *end = s + strnlen(s, KSHAPE_MAX_PREFIX + 64);
	bool start = true;
	int i;

	for (i = 0; i < sh->n; i++) {
		const struct klog_tok *want = &sh->t[i];
		const char *before = p;
		struct klog_tok got;

		if (want->type == 'b' && i == sh->n - 1) {
			/* the last blanks: as many as learned, the rest is indent */
			int k = 0;

			while (k < want->nblank && (*p == ' ' || *p == '\t')) {
				p++;
				k++;
			}
			if (!k)
				return -1;
			break;
		}
		if (!next_tok(&p, end, start, &got) || got.type != want->type)
			return -1;
		if (got.type == 'g' && (got.open != want->open || got.kind != want->kind))
			return -1;
		if (got.type == 'w' && strcmp(got.cls, want->cls))
			return -1;
		start = got.type != 'w';
		(void)before;
	}
	return (int)(p - s);
}

bool kshape__equal(const struct klog_shape *a, const struct klog_shape *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct klog_tok *x = &a->t[i], *y = &b->t[i];

		if (x->type != y->type || x->open != y->open || x->kind != y->kind ||
		    strcmp(x->cls, y->cls) ||
		    (x->type == 'b' && i == a->n - 1 && x->nblank != y->nblank))
			return false;
	}
	return true;
}

static void copy_n(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "hh:mm:ss" inside [p, end) */
static const char *find_clock(const char *p, const char *end)
{
	for (; p + 8 <= end; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && p[5] == ':' &&
		    isdigit((unsigned char)p[6]) && isdigit((unsigned char)p[7]))
			return p;
	return NULL;
}

static void group_info(const char *p, const char *close, struct klog_prefix_info *out)
{
	const char *q = p + 1;
	char kind = group_kind(q, close);

	while (q < close && *q == ' ')
		q++;
	if (*p == '[' && kind == 't' && out->uptime < 0) {
		out->uptime = strtod(q, NULL);
	} else if (*p == '[' && !out->wallclock[0] && find_clock(q, close)) {
		copy_n(out->wallclock, sizeof(out->wallclock), q, (size_t)(close - q));
	} else if (*p == '[' && !out->caller[0] && (*q == 'T' || *q == 'C') &&
		   isdigit((unsigned char)q[1]) && group_kind(q + 1, close) == 'n') {
		copy_n(out->caller, sizeof(out->caller), q, (size_t)(close - q));
	} else if (!out->caller[0] && !strncmp(q, "pid:", 4)) {
		copy_n(out->caller, sizeof(out->caller), q, strcspn(q, ",]"));
	}
}

void kshape__info(const char *prefix, size_t len, struct klog_prefix_info *out)
{
	const char *p = prefix, *end = prefix + len, *clock, *w_end, *last_word = NULL;
	size_t last_len = 0;

	memset(out, 0, sizeof(*out));
	out->uptime = -1;
	while (p < end) {
		const char *close =
			closer(*p) ? memchr(p + 1, closer(*p), (size_t)(end - p - 1)) : NULL;

		if (close && (p == prefix || strchr(" \t])>", p[-1]))) {
			group_info(p, close, out);
			p = close + 1;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		w_end = p;
		while (w_end < end && *w_end != ' ' && *w_end != '\t')
			w_end++;
		last_word = p;
		last_len = (size_t)(w_end - p);
		p = w_end;
	}
	/* a clock outside brackets: the prefix up to the word that holds it */
	clock = out->wallclock[0] ? NULL : find_clock(prefix, end);
	if (clock) {
		w_end = clock;
		while (w_end < end && *w_end != ' ')
			w_end++;
		copy_n(out->wallclock, sizeof(out->wallclock), prefix, (size_t)(w_end - prefix));
	}
	/* "host kernel:" / "systemd-oomd[612]:" */
	if (last_word && last_len > 1 && last_word[last_len - 1] == ':' && last_word > prefix) {
		size_t n = strcspn(last_word, "[:");

		copy_n(out->ident, sizeof(out->ident), last_word, n);
	}
}
