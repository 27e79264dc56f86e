// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <string.h>
#include "report/svg.h"

void html__esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&#39;", f);
		else if (c >= 0x20 || c == '\n' || c == '\t')
			fputc(c, f);
	}
}

void svg__fmt_ns(double ns, char *buf, size_t len)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%.3gs", ns / 1e9);
	else if (ns >= 1e6)
		snprintf(buf, len, "%.3gms", ns / 1e6);
	else if (ns >= 1e3)
		snprintf(buf, len, "%.3gus", ns / 1e3);
	else
		snprintf(buf, len, "%.0fns", ns);
}

/* Light yellow to dark red on a log scale of the count. */
static void colour(uint64_t count, uint64_t max, char *buf, size_t len)
{
	static const double lo[3] = { 255, 237, 160 }, hi[3] = { 128, 0, 38 };
	double t = max > 1 ? log1p((double)count) / log1p((double)max) : 1;

	snprintf(buf, len, "#%02x%02x%02x", (int)(lo[0] + (hi[0] - lo[0]) * t),
		 (int)(lo[1] + (hi[1] - lo[1]) * t), (int)(lo[2] + (hi[2] - lo[2]) * t));
}

#define HM_LEFT 64
#define HM_TOP 10
#define HM_ROW_H 16

static void heat_axes(FILE *f, const struct heatmap *h, int lo, int hi, double cw)
{
	char a[32];
	int r, c, every = h->ncols > 20 ? (h->ncols + 9) / 10 : (h->ncols > 10 ? 2 : 1);
	int bottom = HM_TOP + (hi - lo + 1) * HM_ROW_H;

	for (r = lo; r <= hi; r++) {
		svg__fmt_ns(ldexp(1, r + HEAT_ROW_LO), a, sizeof(a));
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"ax\">%s</text>\n",
			HM_LEFT - 4, HM_TOP + (hi - r) * HM_ROW_H + 12, a);
	}
	for (c = 0; c < h->ncols; c += every)
		fprintf(f,
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"ax\">+%.0fs"
			"</text>\n",
			HM_LEFT + (c + 0.5) * cw, bottom + 14, c * h->step);
}

void svg__heatmap(FILE *f, const struct heatmap *h, double t_mark)
{
	char col[16], a[32], b[32];
	int lo, hi, r, c;
	double cw = h->ncols > 0 ? 900.0 / h->ncols : 900;

	heatmap__row_span(h, &lo, &hi);
	if (lo < 0) {
		fputs("<p class=\"none\">No stall in the recording.</p>\n", f);
		return;
	}
	lo = lo > 0 ? lo - 1 : 0;
	hi = hi < HEAT_ROWS - 1 ? hi + 1 : hi;
	if (cw > 40)
		cw = 40;
	fprintf(f,
		"<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"%d\" role=\"img\" aria-label=\"stall latency heatmap\">\n",
		HM_LEFT + cw * h->ncols + 10, HM_TOP + (hi - lo + 1) * HM_ROW_H + 24);
	for (c = 0; c < h->ncols; c++)
		for (r = lo; r <= hi; r++) {
			uint64_t n = h->cells[c][r];

			if (!n)
				continue;
			colour(n, h->max, col, sizeof(col));
			svg__fmt_ns(ldexp(1, r + HEAT_ROW_LO), a, sizeof(a));
			svg__fmt_ns(ldexp(1, r + 1 + HEAT_ROW_LO), b, sizeof(b));
			fprintf(f,
				"<rect class=\"hm-cell\" data-count=\"%llu\" x=\"%.1f\" y=\"%d\" "
				"width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>+%.1fs: %llu "
				"stalls of %s..%s</title></rect>\n",
				(unsigned long long)n, HM_LEFT + c * cw,
				HM_TOP + (hi - r) * HM_ROW_H, cw, HM_ROW_H, col, c * h->step,
				(unsigned long long)n, a, b);
		}
	if (t_mark >= h->t0)
		fprintf(f,
			"<line class=\"trigger\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
			"stroke=\"#1f77b4\" stroke-width=\"2\"><title>trigger</title></line>\n",
			HM_LEFT + (t_mark - h->t0) / h->step * cw,
			HM_LEFT + (t_mark - h->t0) / h->step * cw, HM_TOP,
			HM_TOP + (hi - lo + 1) * HM_ROW_H);
	heat_axes(f, h, lo, hi, cw);
	fputs("</svg>\n", f);
}

void svg__bars(FILE *f, const struct rank *r, int max, const char *id)
{
	char a[32], m[32];
	int i, n = r->n < max ? r->n : max;
	double top = n ? (double)r->e[0].total_ns : 1;

	if (!n) {
		fputs("<p class=\"none\">No stall.</p>\n", f);
		return;
	}
	fprintf(f,
		"<svg class=\"bars\" id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" "
		"height=\"%d\">\n",
		id, n * 22 + 4);
	for (i = 0; i < n; i++) {
		const struct rank_ent *e = &r->e[i];
		double w = top > 0 ? 560.0 * (double)e->total_ns / top : 0;

		svg__fmt_ns((double)e->total_ns, a, sizeof(a));
		svg__fmt_ns((double)e->max_ns, m, sizeof(m));
		fprintf(f, "<g><title>");
		html__esc(f, e->name);
		fprintf(f, ": %s in %llu stalls, longest %s</title>", a,
			(unsigned long long)e->count, m);
		fprintf(f, "<text x=\"216\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">",
			i * 22 + 16);
		html__esc(f, e->name);
		fprintf(f,
			"</text><rect x=\"220\" y=\"%d\" width=\"%.1f\" height=\"16\" "
			"fill=\"#d6604d\"/><text x=\"%.1f\" y=\"%d\" class=\"val\">%s "
			"(%llu)</text></g>\n",
			i * 22 + 3, w < 1 ? 1 : w, 226 + w, i * 22 + 16, a,
			(unsigned long long)e->count);
	}
	fputs("</svg>\n", f);
}

void svg__hist(FILE *f, const uint64_t rows[HEAT_ROWS], const char *kind)
{
	char a[32];
	uint64_t max = 0;
	int r, lo = -1, hi = -1;
	double bw;

	for (r = 0; r < HEAT_ROWS; r++)
		if (rows[r]) {
			max = rows[r] > max ? rows[r] : max;
			lo = lo < 0 ? r : lo;
			hi = r;
		}
	if (lo < 0)
		return;
	bw = 600.0 / (hi - lo + 1);
	if (bw > 60)
		bw = 60;
	fprintf(f,
		"<svg class=\"hist\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
		"height=\"150\">\n",
		bw * (hi - lo + 1) + 20);
	for (r = lo; r <= hi; r++) {
		double hgt = 110.0 * (double)rows[r] / (double)max;

		svg__fmt_ns(ldexp(1, r + HEAT_ROW_LO), a, sizeof(a));
		fputs("<g><title>", f);
		html__esc(f, kind);
		fprintf(f,
			" %s+: %llu</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"#4393c3\"/><text x=\"%.1f\" y=\"140\" "
			"text-anchor=\"middle\" class=\"ax\">%s</text></g>\n",
			a, (unsigned long long)rows[r], 10 + (r - lo) * bw, 120 - hgt, bw - 2, hgt,
			10 + (r - lo + 0.5) * bw, a);
	}
	fputs("</svg>\n", f);
}
