// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "output/json.h"
#include "output/sink.h"
#include "base/util.h"

enum sink_kind { SINK_TEXT, SINK_JSON };

struct ms_sink {
	enum sink_kind kind;
	FILE *f;
	bool wide;
	bool precise_time;
	bool extended;
	struct json_writer jw;
};

static struct ms_sink *sink_new(enum sink_kind kind, FILE *f)
{
	struct ms_sink *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->kind = kind;
	s->f = f;
	jw__init(&s->jw, f);
	return s;
}

struct ms_sink *sink__new_text(FILE *f, bool wide)
{
	struct ms_sink *s = sink_new(SINK_TEXT, f);

	if (s)
		s->wide = wide;
	return s;
}

struct ms_sink *sink__new_json(FILE *f)
{
	return sink_new(SINK_JSON, f);
}

void sink__free(struct ms_sink *s)
{
	if (s)
		fflush(s->f);
	free(s);
}

void sink__set_precise_time(struct ms_sink *s, bool precise)
{
	s->precise_time = precise;
}

void sink__set_extended(struct ms_sink *s, bool extended)
{
	s->extended = extended;
}

/* A column's text width: the schema's, or the precise time's. */
static int col_width(const struct ms_sink *s, const struct ms_col *c)
{
	return (c->flags & MS_COL_TIME) && s->precise_time ? -15 : c->width;
}

void sink__flush(struct ms_sink *s)
{
	fflush(s->f);
}

static bool text_shows(const struct ms_sink *s, const struct ms_col *c)
{
	if (c->flags & MS_COL_JSON)
		return false;
	if ((c->flags & MS_COL_WIDE) && !s->wide)
		return false;
	if ((c->flags & MS_COL_EXT) && !s->wide && !s->extended)
		return false;
	return true;
}

/* Print a built line without trailing blanks (left-aligned last cells). */
static void put_line(FILE *f, char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
	fputs(line, f);
	fputc('\n', f);
}

void sink__header(struct ms_sink *s, const struct ms_schema *sc)
{
	char line[2048];
	size_t off = 0;
	int i, first = 1;

	if (s->kind != SINK_TEXT)
		return;
	line[0] = '\0';
	for (i = 0; i < sc->ncols && off < sizeof(line); i++) {
		const struct ms_col *c = &sc->cols[i];

		if (!text_shows(s, c))
			continue;
		off += snprintf(line + off, sizeof(line) - off, "%s%*s", first ? "" : " ",
				col_width(s, c), c->hdr);
		first = 0;
	}
	put_line(s->f, line);
}

/* Text of one cell, cut to the column width ('+' marks a cut). */
static void text_cell(const struct ms_sink *s, const struct ms_col *c, const struct ms_val *v,
		      char *buf, size_t len)
{
	int w = abs(c->width);

	if (v->null) {
		snprintf(buf, len, "-");
		return;
	}
	switch (c->type) {
	case MS_FT_STR: /* untrusted (comm, cgroup, log text): never raw */
		snprintf(buf, len, "%s", v->s ? v->s : "");
		util__make_printable(buf);
		break;
	case MS_FT_STRLIST:
	case MS_FT_U64LIST: /* an empty list reads as "-" */
		snprintf(buf, len, "%s", v->s && *v->s ? v->s : "-");
		util__make_printable(buf);
		break;
	case MS_FT_U64:
		snprintf(buf, len, "%llu", (unsigned long long)v->u);
		break;
	case MS_FT_S64:
		snprintf(buf, len, "%lld", (long long)v->i);
		break;
	case MS_FT_F64:
		snprintf(buf, len, "%.*f", c->prec, v->f);
		break;
	case MS_FT_BOOL:
		snprintf(buf, len, "%s", v->b ? "yes" : "no");
		break;
	}
	if (!s->wide && !(c->flags & MS_COL_NOTRUNC) && w > 1 && (int)strlen(buf) > w &&
	    (size_t)w < len) {
		buf[w - 1] = '+';
		buf[w] = '\0';
	}
}

static void text_row(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v)
{
	char cell[1024], line[4096];
	size_t off = 0;
	int i, first = 1;

	line[0] = '\0';
	for (i = 0; i < sc->ncols && off < sizeof(line); i++) {
		const struct ms_col *c = &sc->cols[i];

		if (!text_shows(s, c))
			continue;
		text_cell(s, c, &v[i], cell, sizeof(cell));
		off += snprintf(line + off, sizeof(line) - off, "%s%*s", first ? "" : " ",
				col_width(s, c), cell);
		first = 0;
	}
	put_line(s->f, line);
}

static void json_list(struct json_writer *w, const char *s, char sep, bool numbers)
{
	char item[256];
	const char *p = s, *e;

	jw__arr_begin(w);
	while (p && *p) {
		size_t n;

		e = strchr(p, sep);
		n = e ? (size_t)(e - p) : strlen(p);
		if (n && n < sizeof(item)) {
			memcpy(item, p, n);
			item[n] = '\0';
			if (numbers)
				jw__u64(w, strtoull(item, NULL, 0));
			else
				jw__str(w, item);
		}
		p = e ? e + 1 : NULL;
	}
	jw__arr_end(w);
}

void sink__json_object(struct json_writer *w, const struct ms_schema *sc, const struct ms_val *v)
{
	int i;

	jw__obj_begin(w);
	jw__key(w, "type");
	jw__str(w, sc->type);
	for (i = 0; i < sc->ncols; i++) {
		const struct ms_col *c = &sc->cols[i];

		if (c->flags & MS_COL_TEXT)
			continue;
		jw__key(w, c->key);
		if (v[i].null) {
			jw__null(w);
			continue;
		}
		switch (c->type) {
		case MS_FT_STR:
			jw__str(w, v[i].s);
			break;
		case MS_FT_U64:
			jw__u64(w, v[i].u);
			break;
		case MS_FT_S64:
			jw__i64(w, v[i].i);
			break;
		case MS_FT_F64:
			jw__f64(w, v[i].f, c->prec);
			break;
		case MS_FT_BOOL:
			jw__bool(w, v[i].b);
			break;
		case MS_FT_STRLIST:
			json_list(w, v[i].s, '|', false);
			break;
		case MS_FT_U64LIST:
			json_list(w, v[i].s, ',', true);
			break;
		}
	}
	jw__obj_end(w);
}

static void json_row(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v)
{
	sink__json_object(&s->jw, sc, v);
}

void sink__row(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v)
{
	if (s->kind == SINK_TEXT)
		text_row(s, sc, v);
	else
		json_row(s, sc, v);
}

void sink__summary(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v)
{
	int i, n;

	if (s->kind == SINK_JSON) {
		json_row(s, sc, v);
		return;
	}
	for (i = 0, n = 0; i < sc->ncols; i++) {
		char cell[256];

		if (v[i].null) /* not measured in this mode */
			continue;
		text_cell(s, &sc->cols[i], &v[i], cell, sizeof(cell));
		fprintf(s->f, "%s%s %s", n++ ? ", " : "", cell, sc->cols[i].hdr);
	}
	fputc('\n', s->f);
}

void sink__record(struct ms_sink *s, const struct ms_schema *sc, const struct ms_val *v)
{
	char cell[1024];
	int i, first = 1;

	if (s->kind == SINK_JSON) {
		json_row(s, sc, v);
		return;
	}
	/* untitled columns form the first line, titled ones follow indented */
	for (i = 0; i < sc->ncols; i++) {
		if (!text_shows(s, &sc->cols[i]) || *sc->cols[i].hdr)
			continue;
		text_cell(s, &sc->cols[i], &v[i], cell, sizeof(cell));
		fprintf(s->f, "%s%*s", first ? "" : "  ", first ? sc->cols[i].width : 0, cell);
		first = 0;
	}
	fputc('\n', s->f);
	for (i = 0; i < sc->ncols; i++) {
		if (!text_shows(s, &sc->cols[i]) || !*sc->cols[i].hdr || v[i].null ||
		    ((sc->cols[i].type == MS_FT_STR) && (!v[i].s || !*v[i].s)))
			continue;
		text_cell(s, &sc->cols[i], &v[i], cell, sizeof(cell));
		fprintf(s->f, "    %s %s\n", sc->cols[i].hdr, cell);
	}
}
