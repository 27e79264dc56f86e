// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "output/flame.h"

#define FG_FRAME_H 16
#define FG_TOP 62 /* title, subtitle, search box */
#define FG_BOTTOM 30 /* the details line */
#define FG_PAD 10

struct fnode {
	char *name;
	uint64_t value;
	unsigned int first, next; /* child / sibling (node index), 0: none */
	unsigned int depth;
};

struct flame {
	struct fnode *nodes; /* [0]: the root ("all") */
	unsigned int n, cap;
	unsigned int max_depth;
};

static int node_new(struct flame *f, const char *name, unsigned int depth, unsigned int *idx)
{
	if (f->n == f->cap) {
		unsigned int cap = f->cap ? f->cap * 2 : 256;
		struct fnode *nn = realloc(f->nodes, cap * sizeof(*nn));

		if (!nn)
			return -ENOMEM;
		f->nodes = nn;
		f->cap = cap;
	}
	f->nodes[f->n] = (struct fnode){ .name = strdup(name), .depth = depth };
	if (!f->nodes[f->n].name)
		return -ENOMEM;
	if (depth > f->max_depth)
		f->max_depth = depth;
	*idx = f->n++;
	return 0;
}

struct flame *flame__new(void)
{
	struct flame *f = calloc(1, sizeof(*f));
	unsigned int root;

	if (f && node_new(f, "all", 0, &root)) {
		flame__free(f);
		return NULL;
	}
	return f;
}

void flame__free(struct flame *f)
{
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		free(f->nodes[i].name);
	free(f->nodes);
	free(f);
}

/* parent's child named name, added in name order if missing */
static int child(struct flame *f, unsigned int parent, const char *name, unsigned int *out)
{
	unsigned int prev = 0, c = f->nodes[parent].first, idx;
	int r = 1, err;

	for (; c; prev = c, c = f->nodes[c].next) {
		r = strcmp(f->nodes[c].name, name);
		if (r >= 0)
			break;
	}
	if (c && !r) {
		*out = c;
		return 0;
	}
	err = node_new(f, name, f->nodes[parent].depth + 1, &idx);
	if (err)
		return err;
	f->nodes[idx].next = c;
	if (prev)
		f->nodes[prev].next = idx;
	else
		f->nodes[parent].first = idx;
	*out = idx;
	return 0;
}

int flame__add(struct flame *f, const char *const *frames, int n, uint64_t value)
{
	unsigned int cur = 0;
	int i, err;

	f->nodes[0].value += value;
	for (i = 0; i < n; i++) {
		err = child(f, cur, frames[i], &cur);
		if (err)
			return err;
		f->nodes[cur].value += value;
	}
	return 0;
}

uint64_t flame__total(const struct flame *f)
{
	return f->nodes[0].value;
}

unsigned int flame__nodes(const struct flame *f)
{
	return f->n - 1;
}

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		default:
			/* control characters are not XML 1.0 */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, out);
		}
	}
}

static bool is_kernel(const char *name)
{
	size_t len = strlen(name);

	return len > 4 && !strcmp(name + len - 4, "_[k]");
}

/* warm for kernel frames, cool for user ones, grey for the root and level
 * 1; the shade from the name (stable across runs) */
static void colour(const struct fnode *nd, char *buf, size_t len)
{
	unsigned int h = 5381;
	const char *s;

	for (s = nd->name; *s; s++)
		h = h * 33 + (unsigned char)*s;
	if (nd->depth <= 1)
		snprintf(buf, len, "rgb(%u,%u,%u)", 180 + h % 30, 180 + h % 30, 190 + h % 30);
	else if (is_kernel(nd->name))
		snprintf(buf, len, "rgb(%u,%u,%u)", 220 + h % 35, 90 + (h >> 8) % 110,
			 40 + (h >> 16) % 30);
	else
		snprintf(buf, len, "rgb(%u,%u,%u)", 60 + h % 50, 150 + (h >> 8) % 70,
			 200 + (h >> 16) % 55);
}

struct layout {
	FILE *out;
	double scale; /* pixels per unit of value */
	double total;
	unsigned int height;
	const char *unit;
};

static void frame(const struct flame *f, const struct layout *l, unsigned int i, double x)
{
	const struct fnode *nd = &f->nodes[i];
	double w = nd->value * l->scale, y;
	size_t chars = w > 21 ? (size_t)((w - 6) / 7) : 0, len = strlen(nd->name);
	char fill[32];
	char *label;

	y = l->height - FG_BOTTOM - (nd->depth + 1) * FG_FRAME_H;
	colour(nd, fill, sizeof(fill));
	fprintf(l->out,
		"<g class=\"f\" data-x=\"%.6f\" data-w=\"%.6f\" data-d=\"%u\" data-v=\"%llu\">",
		(x - FG_PAD) / (l->scale * l->total), nd->value / l->total, nd->depth,
		(unsigned long long)nd->value);
	fputs("<title>", l->out);
	xml_text(l->out, nd->name);
	fprintf(l->out, " (%llu%s%s, %.2f%%)</title>", (unsigned long long)nd->value,
		l->unit ? " " : "", l->unit ? l->unit : "", 100.0 * nd->value / l->total);
	fprintf(l->out,
		"<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\" rx=\"2\"/>",
		x, y, w, FG_FRAME_H - 1, fill);
	fprintf(l->out, "<text x=\"%.2f\" y=\"%.1f\">", x + 3, y + 11.5);
	label = strdup(nd->name);
	if (label && chars && chars < len) /* "name.." when it does not fit */
		strcpy(label + (chars > 2 ? chars - 2 : 0), "..");
	if (label && chars)
		xml_text(l->out, label);
	free(label);
	fputs("</text></g>\n", l->out);
}

/* Preorder: a frame, then its children left to right (iterative: stacks
 * are deep). */
static void frames(const struct flame *f, const struct layout *l)
{
	unsigned int *stack = malloc(f->n * sizeof(*stack));
	double *xs = malloc(f->n * sizeof(*xs));
	unsigned int sp = 0, i, c;
	double x;

	if (!stack || !xs)
		goto out;
	stack[sp] = 0;
	xs[sp++] = FG_PAD;
	while (sp) {
		sp--;
		i = stack[sp];
		x = xs[sp];
		if (f->nodes[i].value * l->scale < 0.1)
			continue;
		frame(f, l, i, x);
		/* children pushed right to left so the leftmost comes out first */
		{
			unsigned int k = 0, base = sp;
			double cx = x;

			for (c = f->nodes[i].first; c; c = f->nodes[c].next, k++) {
				stack[base + k] = c;
				xs[base + k] = cx;
				cx += f->nodes[c].value * l->scale;
			}
			for (c = 0; c < k / 2; c++) { /* reverse */
				unsigned int ti = stack[base + c];
				double tx = xs[base + c];

				stack[base + c] = stack[base + k - 1 - c];
				xs[base + c] = xs[base + k - 1 - c];
				stack[base + k - 1 - c] = ti;
				xs[base + k - 1 - c] = tx;
			}
			sp = base + k;
		}
	}
out:
	free(stack);
	free(xs);
}

/* The script: zoom, hover details, search. Plain ES5, ids prefixed. */
static const char fg_script[] =
	"(function(){\n"
	"var P=document.currentScript?document.currentScript.getAttribute('data-p'):'fg';\n"
	"var svg=document.getElementById(P);\n"
	"var W=+svg.getAttribute('data-fw'),X0=+svg.getAttribute('data-fx'),"
	"U=svg.getAttribute('data-unit'),T=+svg.getAttribute('data-total');\n"
	"var gs=[].slice.call(svg.querySelectorAll('g.f'));\n"
	"var det=document.getElementById(P+'-details'),"
	"mt=document.getElementById(P+'-matched');\n"
	"function nm(g){return g.querySelector('title').textContent.replace(/ \\([^(]*\\)$/,'');}\n"
	"function lab(g,w){var t=g.querySelector('text'),n=nm(g),c=Math.floor((w-6)/7);"
	"t.textContent=w<21?'':(n.length<=c?n:n.substring(0,Math.max(c-2,0))+'..');}\n"
	"function draw(zx,zw,zd){gs.forEach(function(g){"
	"var x=+g.getAttribute('data-x'),w=+g.getAttribute('data-w'),d=+g.getAttribute('data-d');"
	"var r=g.querySelector('rect'),t=g.querySelector('text'),nx,nw;"
	"if(d<zd){if(x<=zx+1e-9&&x+w>=zx+zw-1e-9){nx=0;nw=1;g.style.opacity=0.6;}else{nw=0;}}"
	"else if(x>=zx-1e-9&&x+w<=zx+zw+1e-9){nx=(x-zx)/zw;nw=w/zw;g.style.opacity=1;}else{nw=0;}"
	"if(nw*W<0.1){g.style.display='none';return;}g.style.display='';"
	"r.setAttribute('x',X0+nx*W);r.setAttribute('width',nw*W);"
	"t.setAttribute('x',X0+nx*W+3);lab(g,nw*W);});}\n"
	"gs.forEach(function(g){\n"
	"g.addEventListener('click',function(){draw(+g.getAttribute('data-x'),"
	"+g.getAttribute('data-w'),+g.getAttribute('data-d'));});\n"
	"g.addEventListener('mouseover',function(){var v=+g.getAttribute('data-v');"
	"det.textContent=nm(g)+' ('+v+(U?' '+U:'')+', '+(100*v/T).toFixed(2)+'%)';});\n"
	"g.addEventListener('mouseout',function(){det.textContent=' ';});});\n"
	"function reset(){draw(0,1,0);}\n"
	"document.getElementById(P+'-reset').addEventListener('click',reset);\n"
	"document.addEventListener('keydown',function(e){if(e.key==='Escape')reset();});\n"
	"function search(q){var re=null,m=[],sum=0,end=-1;"
	"if(q){try{re=q.length>2&&q[0]==='/'&&q[q.length-1]==='/'?new RegExp(q.slice(1,-1)):null;}"
	"catch(e){re=null;}}\n"
	"gs.forEach(function(g){var r=g.querySelector('rect'),n=nm(g),"
	"hit=q&&(re?re.test(n):n.indexOf(q)>=0);"
	"if(!r.hasAttribute('data-fill'))r.setAttribute('data-fill',r.getAttribute('fill'));"
	"r.setAttribute('fill',hit?'rgb(230,0,230)':r.getAttribute('data-fill'));"
	"if(hit)m.push([+g.getAttribute('data-x'),+g.getAttribute('data-w')]);});\n"
	"m.sort(function(a,b){return a[0]-b[0];});"
	"m.forEach(function(a){var s=Math.max(a[0],end),e=a[0]+a[1];if(e>s){sum+=e-s;end=e;}});\n"
	"mt.textContent=q?'Matched: '+(100*sum).toFixed(2)+'%':'';}\n"
	"var box=document.getElementById(P+'-search');\n"
	"if(box)box.addEventListener('input',function(){search(box.value);});\n"
	"})();\n";

static void head(const struct flame *f, const struct layout *l, const struct flame_opts *o,
		 unsigned int width, const char *p)
{
	FILE *out = l->out;

	if (!o->embed)
		fputs("<?xml version=\"1.0\" standalone=\"no\"?>\n", out);
	fprintf(out,
		"<svg version=\"1.1\" id=\"%s\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
		"xmlns=\"http://www.w3.org/2000/svg\" data-fw=\"%u\" data-fx=\"%d\" "
		"data-total=\"%llu\" data-unit=\"",
		p, width, l->height, width, l->height, width - 2 * FG_PAD, FG_PAD,
		(unsigned long long)flame__total(f));
	xml_text(out, o->unit ? o->unit : "");
	fprintf(out,
		"\">\n<style>#%s text{font-family:monospace;font-size:12px;fill:#000}"
		"#%s g.f{cursor:pointer}#%s g.f:hover rect{stroke:#000;stroke-width:0.5}"
		"#%s-reset{cursor:pointer;fill:#06c}</style>\n"
		"<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"#f8f8f8\"/>\n"
		"<text x=\"%u\" y=\"20\" text-anchor=\"middle\" style=\"font-size:16px\">",
		p, p, p, p, width, l->height, width / 2);
	xml_text(out, o->title ? o->title : "Flame graph");
	fprintf(out, "</text>\n<text x=\"%u\" y=\"36\" text-anchor=\"middle\">", width / 2);
	xml_text(out, o->subtitle ? o->subtitle : "");
	fprintf(out,
		"</text>\n<text id=\"%s-reset\" x=\"%d\" y=\"52\">Reset zoom</text>\n"
		"<text id=\"%s-matched\" x=\"%u\" y=\"52\" text-anchor=\"end\"> </text>\n"
		"<foreignObject x=\"%u\" y=\"40\" width=\"200\" height=\"20\">"
		"<input xmlns=\"http://www.w3.org/1999/xhtml\" id=\"%s-search\" type=\"search\" "
		"placeholder=\"Search (text or /regex/)\" style=\"width:190px;font-size:11px\"/>"
		"</foreignObject>\n",
		p, FG_PAD, p, width - FG_PAD - 210, width - FG_PAD - 200, p);
}

int flame__write_svg(const struct flame *f, FILE *out, const struct flame_opts *o)
{
	static const struct flame_opts none;
	unsigned int width;
	const char *p;
	struct layout l;

	o = o ? o : &none;
	width = o->width >= 200 ? o->width : 1200;
	p = o->id && *o->id ? o->id : "fg";
	l.out = out;
	l.total = f->nodes[0].value ? (double)f->nodes[0].value : 1;
	l.scale = (width - 2.0 * FG_PAD) / l.total;
	l.height = FG_TOP + (f->max_depth + 1) * FG_FRAME_H + FG_BOTTOM;
	l.unit = o->unit;
	head(f, &l, o, width, p);
	frames(f, &l);
	fprintf(out, "<text id=\"%s-details\" x=\"%d\" y=\"%u\"> </text>\n", p, FG_PAD,
		l.height - 10);
	fprintf(out,
		"<script type=\"text/javascript\" "
		"data-p=\"%s\"><![CDATA[\n%s]]></script>\n</svg>\n",
		p, fg_script);
	return ferror(out) ? -EIO : 0;
}
