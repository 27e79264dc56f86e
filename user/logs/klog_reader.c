// SPDX-License-Identifier: GPL-2.0
/* The kernel-log reader (klog_reader.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "logs/klog_json.h"
#include "logs/klog_reader.h"
#include "logs/klog_shape.h"
#include "base/util.h"

#define MAX_SHAPES 8
/* lines held back: a report's header comes before the line that teaches
 * its prefix ("CPU: ..." follows a "cpuset=" line on old kernels) */
#define QUEUE 4

enum how { HOW_STRUCT, HOW_SHAPE };

struct held {
	bool valid, json, had_prefix;
	enum how how;
	int prefix_len, nshapes_seen, lineno, joined;
	size_t len, raw_len;
	struct klog_json js;
	char text[KLOG_LINE_MAX + 1];
};

struct klog_reader {
	klog_emit_fn fn;
	void *ctx;
	int lineno, nshapes;
	struct klog_shape shapes[MAX_SHAPES];
	int qhead, qlen; /* the oldest held line, how many */
	size_t max_len; /* the longest input line so far */
	struct held q[QUEUE + 1];
};

struct klog_reader *klog_reader__new(klog_emit_fn fn, void *ctx)
{
	struct klog_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->fn = fn;
	r->ctx = ctx;
	return r;
}

void klog_reader__free(struct klog_reader *r)
{
	free(r);
}

int klog_reader__lines(const struct klog_reader *r)
{
	return r->lineno;
}

int klog_reader__shapes(const struct klog_reader *r)
{
	return r->nshapes;
}

/* The longest learned prefix at the start of s, -1 if none. */
static int match_shapes(const struct klog_reader *r, const char *s)
{
	int i, best = -1;

	for (i = 0; i < r->nshapes; i++) {
		int k = kshape__match(&r->shapes[i], s);

		if (k > best)
			best = k;
	}
	return best;
}

static void learn(struct klog_reader *r, const char *s, int k)
{
	struct klog_shape sh;
	int i;

	if (!kshape__learn(&sh, s, (size_t)k))
		return;
	for (i = 0; i < r->nshapes; i++)
		if (kshape__equal(&r->shapes[i], &sh))
			return;
	if (r->nshapes < MAX_SHAPES)
		r->shapes[r->nshapes++] = sh;
}

/* Where the message starts: a learned prefix, a report marker after a
 * prefix (learning its shape), a marker at the start, or (HOW_STRUCT) the
 * known formats decide when the line is emitted. */
static void classify(struct klog_reader *r, struct held *h)
{
	int k = match_shapes(r, h->text);

	h->nshapes_seen = r->nshapes;
	h->had_prefix = false;
	if (k > 0) {
		h->how = HOW_SHAPE;
		h->prefix_len = k;
		h->had_prefix = true;
		return;
	}
	k = kshape__find_marker(h->text);
	if (k > 0) {
		learn(r, h->text, k);
		h->how = HOW_SHAPE;
		h->prefix_len = k;
		h->had_prefix = true;
		return;
	}
	if (k == 0) {
		h->how = HOW_SHAPE;
		h->prefix_len = 0;
		return;
	}
	/* no marker: printk's own "[ 12.345678] " still says where the message is */
	k = kshape__find_time_end(h->text);
	if (k > 0) {
		/* not learned: the lines with markers teach the whole prefix */
		h->how = HOW_SHAPE;
		h->prefix_len = k;
		h->had_prefix = true;
		return;
	}
	h->how = HOW_STRUCT;
	h->prefix_len = -1;
	{
		/* does a known format put a prefix here? (parsed on a copy) */
		char tmp[512];
		struct klog_line l;

		util__strlcpy(tmp, h->text, sizeof(tmp));
		klog__parse_line(tmp, &l);
		h->had_prefix = l.fmt != KLOG_RAW || l.uptime >= 0 || l.wallclock[0] || l.caller[0];
	}
}

static bool is_elision(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '>')
		s++;
	return !*s || !strncmp(s, "(...", 4) || !strncmp(s, "[...", 4) || !strncmp(s, "...", 3) ||
	       !strncmp(s, "<snip", 5) || !strncmp(s, "--", 2) || !strncmp(s, "[snip", 5);
}

/* A line a terminal or a mail client broke off the held one. */
static struct held *newest(struct klog_reader *r)
{
	return r->qlen ? &r->q[(r->qhead + r->qlen - 1) % (QUEUE + 1)] : NULL;
}

static bool continues(struct klog_reader *r, const struct held *h)
{
	const struct held *last = newest(r);

	return last && last->had_prefix && !last->json && !h->json && !h->had_prefix &&
	       !is_elision(h->text);
}

/* A terminal cuts every line at its width, mid-word: the cut line is the
 * longest seen. A mail client cuts at a blank (and quotes with '>'). */
static void join(struct held *dst, const struct held *src, size_t max_len)
{
	const char *s = src->text;
	bool space = !(dst->raw_len >= max_len && dst->raw_len >= 60 && *s != '>');
	size_t n;

	while (*s == '>' || (*s == ' ' && s[1] == '>'))
		s++; /* a mail client's quote marks */
	if (space && dst->len && dst->text[dst->len - 1] != ' ' && *s != ' ' &&
	    dst->len < KLOG_LINE_MAX)
		dst->text[dst->len++] = ' ';
	n = strlen(s);
	if (n > KLOG_LINE_MAX - dst->len)
		n = KLOG_LINE_MAX - dst->len;
	memcpy(dst->text + dst->len, s, n);
	dst->len += n;
	dst->text[dst->len] = '\0';
	dst->raw_len = src->raw_len;
	dst->joined++;
}

/* The name of a learned prefix: a known format's if it is one. */
static enum klog_fmt known_fmt(const char *text)
{
	char tmp[512];
	struct klog_line l;

	util__strlcpy(tmp, text, sizeof(tmp));
	klog__parse_line(tmp, &l);
	return l.fmt != KLOG_RAW ? l.fmt : KLOG_LEARNED;
}

static void emit(struct klog_reader *r, struct held *h)
{
	struct klog_line l;
	const char *q;

	if (h->nshapes_seen != r->nshapes) {
		/* a later line taught the prefix of this one (a report's header) */
		int k = match_shapes(r, h->text);

		if (k > 0 && k > h->prefix_len) {
			h->how = HOW_SHAPE;
			h->prefix_len = k;
		}
	}
	if (h->how == HOW_STRUCT) {
		klog__parse_line(h->text, &l);
	} else {
		struct klog_prefix_info pi;

		memset(&l, 0, sizeof(l));
		kshape__info(h->text, (size_t)h->prefix_len, &pi);
		l.uptime = pi.uptime;
		util__strlcpy(l.wallclock, pi.wallclock, sizeof(l.wallclock));
		util__strlcpy(l.ident, pi.ident, sizeof(l.ident));
		util__strlcpy(l.caller, pi.caller, sizeof(l.caller));
		l.kernel = true;
		l.fmt = h->prefix_len ? known_fmt(h->text) : KLOG_RAW;
		q = h->text + h->prefix_len;
		l.msg = q;
		while (*l.msg == ' ' || *l.msg == '\t')
			l.msg++;
		l.indent = (int)(l.msg - q);
	}
	if (h->json) {
		if (!l.ident[0])
			util__strlcpy(l.ident, h->js.ident, sizeof(l.ident));
		l.kernel = h->js.kernel_transport || !l.ident[0] || !strcmp(l.ident, "kernel");
		if (l.uptime < 0)
			l.uptime = h->js.uptime;
		if (!l.wallclock[0])
			util__strlcpy(l.wallclock, h->js.wallclock, sizeof(l.wallclock));
		l.fmt = KLOG_JSON;
	}
	l.lineno = h->lineno;
	l.joined = h->joined;
	h->valid = false;
	r->fn(r->ctx, &l);
}

void klog_reader__push(struct klog_reader *r, const char *line, size_t len)
{
	struct held *h = &r->q[(r->qhead + r->qlen) % (QUEUE + 1)];
	char *nl;

	r->lineno++;
	if (len > KLOG_LINE_MAX)
		len = KLOG_LINE_MAX;
	memset(&h->js, 0, sizeof(h->js));
	h->json = klog_json__parse(line, len, h->text, sizeof(h->text), &h->js);
	if (!h->json) {
		memcpy(h->text, line, len);
		h->text[len] = '\0';
		/* NUL bytes end the text; the file reader splits lines there */
		len = strlen(h->text);
		while (len && (h->text[len - 1] == '\n' || h->text[len - 1] == '\r'))
			h->text[--len] = '\0';
		while ((nl = strchr(h->text, '\r')))
			*nl = ' ';
		klog__unescape_rsyslog(h->text);
	}
	h->len = strlen(h->text);
	h->raw_len = len;
	h->lineno = r->lineno;
	h->joined = 0;
	h->valid = true;
	classify(r, h);
	if (continues(r, h)) {
		join(newest(r), h, r->max_len);
		return;
	}
	if (len > r->max_len)
		r->max_len = len;
	r->qlen++;
	if (r->qlen > QUEUE) {
		emit(r, &r->q[r->qhead]);
		r->qhead = (r->qhead + 1) % (QUEUE + 1);
		r->qlen--;
	}
}

void klog_reader__flush(struct klog_reader *r)
{
	while (r->qlen) {
		emit(r, &r->q[r->qhead]);
		r->qhead = (r->qhead + 1) % (QUEUE + 1);
		r->qlen--;
	}
}
