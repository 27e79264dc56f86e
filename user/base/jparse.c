// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "base/jparse.h"

#define JP_MAX_DEPTH 64

struct jp {
	const char *s, *end;
	int depth;
};

static void ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static struct jv *node(enum jtype t)
{
	struct jv *v = calloc(1, sizeof(*v));

	if (v)
		v->type = t;
	return v;
}

static int hex4(const char *s, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t utf8(unsigned int cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* An escape after the backslash at *pp: appended to o, *pp moved past it. */
static int escape(struct jp *p, char *o, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned int cp, lo;

	if (p->s >= p->end)
		return -1;
	k = strchr(from, *p->s);
	if (*p->s && k) {
		o[(*n)++] = to[k - from];
		p->s++;
		return 0;
	}
	if (*p->s != 'u' || p->end - p->s < 5 || hex4(p->s + 1, &cp))
		return -1;
	p->s += 5;
	if (cp >= 0xd800 && cp < 0xdc00 && p->end - p->s >= 6 && p->s[0] == '\\' &&
	    p->s[1] == 'u' && !hex4(p->s + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		p->s += 6;
	}
	*n += utf8(cp, o + *n);
	return 0;
}

static char *string(struct jp *p, size_t *lenp)
{
	const char *q = p->s + 1;
	char *o;
	size_t n = 0;

	/* the decoded text is never longer than the source */
	while (q < p->end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	if (q >= p->end)
		return NULL;
	o = malloc((size_t)(q - p->s) + 4);
	if (!o)
		return NULL;
	p->s++;
	while (p->s < p->end && *p->s != '"') {
		unsigned char c = (unsigned char)*p->s;

		if (c < 0x20)
			goto bad;
		if (c == '\\') {
			p->s++;
			if (escape(p, o, &n))
				goto bad;
			continue;
		}
		o[n++] = (char)c;
		p->s++;
	}
	if (p->s >= p->end)
		goto bad;
	p->s++;
	o[n] = 0;
	*lenp = n;
	return o;
bad:
	free(o);
	return NULL;
}

static struct jv *value(struct jp *p);

static struct jv *container(struct jp *p, bool obj)
{
	struct jv *v = node(obj ? J_OBJ : J_ARR), **tail;
	char close = obj ? '}' : ']';

	if (!v || ++p->depth > JP_MAX_DEPTH)
		goto bad;
	tail = &v->child;
	p->s++;
	ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		size_t kl;
		struct jv *c;

		ws(p);
		if (obj) {
			if (p->s >= p->end || *p->s != '"' || !(key = string(p, &kl)))
				goto bad;
			ws(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				goto bad;
			}
			p->s++;
		}
		c = value(p);
		if (!c) {
			free(key);
			goto bad;
		}
		c->key = key;
		*tail = c;
		tail = &c->next;
		v->len++;
		ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			p->depth--;
			return v;
		}
		goto bad;
	}
bad:
	jv__free(v);
	return NULL;
}

static struct jv *number(struct jp *p)
{
	char buf[64], *e;
	size_t n = 0;
	struct jv *v;

	while (p->s + n < p->end && n < sizeof(buf) - 1 && strchr("+-0123456789.eE", p->s[n]) &&
	       p->s[n])
		n++;
	if (!n || n == sizeof(buf) - 1)
		return NULL;
	memcpy(buf, p->s, n);
	buf[n] = 0;
	v = node(J_NUM);
	if (!v)
		return NULL;
	v->num = strtod(buf, &e);
	if (e != buf + n) {
		free(v);
		return NULL;
	}
	p->s += n;
	return v;
}

static struct jv *literal(struct jp *p, const char *word, enum jtype t, double num)
{
	size_t n = strlen(word);
	struct jv *v;

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n))
		return NULL;
	v = node(t);
	if (v) {
		v->num = num;
		p->s += n;
	}
	return v;
}

static struct jv *value(struct jp *p)
{
	struct jv *v;

	ws(p);
	if (p->s >= p->end)
		return NULL;
	switch (*p->s) {
	case '{':
		return container(p, true);
	case '[':
		return container(p, false);
	case '"':
		v = node(J_STR);
		if (v && !(v->str = string(p, &v->len))) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
		return literal(p, "true", J_BOOL, 1);
	case 'f':
		return literal(p, "false", J_BOOL, 0);
	case 'n':
		return literal(p, "null", J_NULL, 0);
	default:
		return number(p);
	}
}

struct jv *jparse(const char *s, size_t len)
{
	struct jp p = { s, s + len, 0 };
	struct jv *v = value(&p);

	ws(&p);
	if (v && p.s != p.end) {
		jv__free(v);
		return NULL;
	}
	return v;
}

void jv__free(struct jv *v)
{
	while (v) {
		struct jv *next = v->next;

		jv__free(v->child);
		free(v->str);
		free(v->key);
		free(v);
		v = next;
	}
}

const struct jv *jv__get(const struct jv *obj, const char *key)
{
	const struct jv *c;

	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (c = obj->child; c; c = c->next)
		if (c->key && !strcmp(c->key, key))
			return c;
	return NULL;
}

double jv__num(const struct jv *v, double def)
{
	return v && (v->type == J_NUM || v->type == J_BOOL) ? v->num : def;
}

const char *jv__str(const struct jv *v, const char *def)
{
	return v && v->type == J_STR ? v->str : def;
}

double jv__getn(const struct jv *obj, const char *key, double def)
{
	return jv__num(jv__get(obj, key), def);
}

const char *jv__gets(const struct jv *obj, const char *key, const char *def)
{
	return jv__str(jv__get(obj, key), def);
}
